#!/usr/bin/python3
"""Hostile clients for `fairsync serve` (tests/e2e/console_hostile.sh).

  console_probe.py slow URL SECONDS
      70 connections from 127.0.0.2 and 70 more, one from each of
      127.0.1.1-70, each sending one header byte every 2 s, without the
      token; one upload with the token at 1 KB/s from 127.0.0.3; all the
      while, the organizer's GET /api/status with the token from 127.0.0.1.
      Bounded: everything is closed after SECONDS.
  console_probe.py upload URL FILE PATH [SECONDS]
      POST PATH (/api/merge?name=..., /api/import?...) with FILE as the
      body at full speed while GET /api/status is asked again and again
      until the POST answers, or for SECONDS without waiting for it.
  console_probe.py xlsx OUT ROWS
      Writes a workbook of ROWS students without names (each row skipped
      with a message): 150 KB that a reader works through for seconds.
  console_probe.py notoken URL
      GET without the token: prints "closed" if the server closed the
      connection after its answer (else "open"), and the status line.

Prints one `key value` line per finding, for the shell to check."""
import http.client
import select
import socket
import sys
import threading
import time
from urllib.parse import urlsplit

INTERVAL = 2.0


def target(url):
    u = urlsplit(url)
    return u.hostname, u.port, u.query.split('token=')[1]


class Organizer(threading.Thread):
    """GET /api/status with the token, every 0.2 s, until stopped."""

    def __init__(self, host, port, token, pause=0.2):
        super().__init__(daemon=True)
        self.host, self.port, self.token = host, port, token
        self.pause = pause
        self.stop = threading.Event()
        self.times, self.failures, self.csrf = [], [], None

    def get(self):
        c = http.client.HTTPConnection(self.host, self.port, timeout=20,
                                       source_address=('127.0.0.1', 0))
        t = time.monotonic()
        try:
            c.request('GET', '/api/status',
                      headers={'Authorization': 'Bearer ' + self.token})
            r = c.getresponse()
            body = r.read()
            if r.status != 200:
                raise RuntimeError('HTTP %d' % r.status)
            if self.csrf is None:
                import json
                self.csrf = json.loads(body)['csrf']
            self.times.append(time.monotonic() - t)
        except Exception as e:  # noqa: BLE001 (a refusal is a finding)
            self.failures.append('%s after %.1f s' % (e, time.monotonic() - t))
        finally:
            c.close()

    def run(self):
        while not self.stop.is_set():
            self.get()
            self.stop.wait(self.pause)


def open_slow(host, port, src, n):
    socks = []
    for _ in range(n):
        s = socket.socket()
        s.bind((src, 0))
        s.settimeout(2)
        try:
            s.connect((host, port))
            s.sendall(b'G')
        except OSError:
            s.close()
            continue
        s.setblocking(False)
        socks.append(s)
    return socks


def slow(url, seconds):
    host, port, token = target(url)
    org = Organizer(host, port, token)
    org.get()  # the CSRF token, for the slow upload
    t0 = time.monotonic()
    groups = {'one': open_slow(host, port, '127.0.0.2', 70), 'many': []}
    for i in range(1, 71):
        groups['many'] += open_slow(host, port, '127.0.1.%d' % i, 1)
    body = socket.create_connection((host, port), source_address=(
        '127.0.0.3', 0))
    body.sendall(('POST /api/merge?name=slow.db HTTP/1.1\r\nHost: %s:%d\r\n'
                  'Authorization: Bearer %s\r\nX-CSRF-Token: %s\r\n'
                  'Content-Length: 10000000\r\n\r\n' % (
                      host, port, token, org.csrf)).encode())
    body.setblocking(False)
    groups['body'] = [body]
    org.start()
    closed = {}  # socket -> seconds after t0 the server closed it
    nxt = t0 + INTERVAL
    while time.monotonic() - t0 < seconds:
        live = [s for g in groups.values() for s in g if s not in closed]
        r, _, _ = select.select(live, [], [], 0.1) if live else ([], [], [])
        for s in r:
            try:
                data = s.recv(4096)
            except OSError:
                data = b''
            if not data:
                closed[s] = time.monotonic() - t0
        if time.monotonic() >= nxt:
            nxt += INTERVAL
            for g, socks in groups.items():
                for s in socks:
                    if s in closed:
                        continue
                    try:
                        s.send(b'x' * (2048 if g == 'body' else 1))
                    except OSError:
                        closed[s] = time.monotonic() - t0
    org.stop.set()
    org.join()
    for name, socks in groups.items():
        shut = sorted(closed[s] for s in socks if s in closed)
        print('%s_opened %d' % (name, len(socks)))
        print('%s_open_at_end %d' % (name, len(socks) - len(shut)))
        print('%s_last_closed_s %.1f' % (name, shut[-1] if shut else -1))
        print('%s_kept_over_8s %d' % (name, sum(1 for t in shut if t > 8)))
        for s in socks:
            s.close()
    print('status_answers %d' % len(org.times))
    print('status_failures %d' % len(org.failures))
    for f in org.failures[:5]:
        print('status_failure %s' % f)
    print('status_max_ms %d' % (max(org.times) * 1000 if org.times else -1))


def post(host, port, token, csrf, path, data, result):
    c = http.client.HTTPConnection(host, port, timeout=300)
    t = time.monotonic()
    try:
        c.request('POST', path, body=data, headers={
            'Authorization': 'Bearer ' + token, 'X-CSRF-Token': csrf,
            'Content-Type': 'application/octet-stream'})
        r = c.getresponse()
        r.read()
        result['status'] = r.status
    except OSError:
        result['status'] = 0
    result['s'] = time.monotonic() - t


def upload(url, path, target_path, seconds):
    host, port, token = target(url)
    org = Organizer(host, port, token, pause=0.02)
    org.get()
    with open(path, 'rb') as f:
        data = f.read()
    result = {}
    job = threading.Thread(target=post, daemon=True, args=(
        host, port, token, org.csrf, target_path, data, result))
    org.times.clear()
    org.start()
    job.start()
    job.join(seconds)
    org.stop.set()
    org.join()
    print('job_status %d' % result.get('status', -1))
    print('job_s %.1f' % result.get('s', -1))
    print('status_answers %d' % len(org.times))
    print('status_failures %d' % len(org.failures))
    print('status_max_ms %d' % (max(org.times) * 1000 if org.times else -1))


XLSX = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types '
    'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/><Default Extension="xml" ContentType="'
    'application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
    '+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="'
    'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet'
    '+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/'
    'workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook '
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
    '</sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
    'relationships"><Relationship Id="rId1" Type="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>',
}


def xlsx(out, rows):
    import zipfile

    def cell(v):
        return '<c t="inlineStr"><is><t>%s</t></is></c>' % v
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://'
             'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row>' + cell('受付番号') + cell('氏名') + '</row>' +
             ('<row>' + cell('S') + '</row>') * rows +
             '</sheetData></worksheet>')
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, text in XLSX.items():
            z.writestr(name, text)
        z.writestr('xl/worksheets/sheet1.xml', sheet)


def notoken(url):
    """A request without the token on a kept-alive connection: is the
    connection closed after the 401?"""
    host, port, _ = target(url)
    s = socket.create_connection((host, port))
    s.sendall(b'GET /api/status HTTP/1.1\r\nHost: x\r\n\r\n')
    s.settimeout(3)
    data = b''
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
        print('closed %s' % data.split(b'\r\n')[0].decode())
    except socket.timeout:
        print('open %s' % data.split(b'\r\n')[0].decode())


if __name__ == '__main__':
    if sys.argv[1] == 'slow':
        slow(sys.argv[2], float(sys.argv[3]))
    elif sys.argv[1] == 'notoken':
        notoken(sys.argv[2])
    elif sys.argv[1] == 'upload':
        upload(sys.argv[2], sys.argv[3], sys.argv[4],
               float(sys.argv[5]) if len(sys.argv) > 5 else None)
    elif sys.argv[1] == 'xlsx':
        xlsx(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit('usage: console_probe.py slow URL SECONDS | upload URL FILE '
                 'PATH [SECONDS] | xlsx OUT ROWS | notoken URL')

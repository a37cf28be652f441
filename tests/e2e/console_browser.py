#!/usr/bin/python3
"""The console in a real browser: Debian's headless chromium driven by
Selenium, as a new organizer would use it. Run by console_browser.sh, which
makes the event and starts `fairsync serve`; argv: URL WORKDIR FAIRSYNC
FAIRKIOSK.

Imports a roster with an error (seen beside its row), downloads badges,
packs a kiosk (zip), runs that bundle on the real kiosk under Xvfb with a
scripted check-in, merges the kiosk's file by dropping it, downloads the
attendance XLSX and reads it back. Prints ok:/FAIL: lines; screenshots are
kept in WORKDIR."""
import glob
import os
import shutil
import subprocess
import sys
import time
import zipfile

import openpyxl
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

URL, WORK, FS, FK = sys.argv[1:5]
BASE = URL.split('/?token=')[0]
DL = os.path.join(WORK, 'downloads')
os.makedirs(DL, exist_ok=True)
fails = 0


def check(what, ok):
    global fails
    print(('ok: ' if ok else 'FAIL: ') + what, flush=True)
    if not ok:
        fails += 1


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = '/usr/lib/chromium/chromium'
    for a in ('--headless=new', '--no-sandbox', '--disable-gpu',
              '--disable-background-networking', '--disable-component-update',
              '--disable-sync', '--no-first-run', '--disable-dev-shm-usage',
              '--window-size=1280,900', '--lang=ja',
              '--user-data-dir=' + os.path.join(WORK, 'profile')):
        o.add_argument(a)
    o.add_experimental_option('prefs', {
        'download.default_directory': DL,
        'download.prompt_for_download': False,
        'intl.accept_languages': 'ja'})
    d = webdriver.Chrome(service=Service('/usr/bin/chromedriver'), options=o)
    d.execute_cdp_cmd('Page.setDownloadBehavior',
                      {'behavior': 'allow', 'downloadPath': DL})
    return d


def event_day():
    """The event's first day: downloads are named with it."""
    return subprocess.run(['sqlite3', os.path.join(WORK, 'ev.db'),
                           'SELECT start_date FROM event'],
                          capture_output=True, text=True).stdout.strip()


def wait_download(name, timeout=30):
    path = os.path.join(DL, name)
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists(path) and not glob.glob(path + '*.crdownload'):
            return path
        time.sleep(0.1)
    return None


def drop(d, zone_id, path):
    """Drops a file on a drop zone as a drag from the desktop would: a
    DataTransfer holding the File, through the page's own drop handler."""
    d.execute_script("""
        const i = document.createElement('input');
        i.type = 'file'; i.id = 'drop-helper'; i.hidden = true;
        document.body.append(i);""")
    d.find_element(By.ID, 'drop-helper').send_keys(path)
    d.execute_script("""
        const i = document.getElementById('drop-helper');
        const dt = new DataTransfer();
        dt.items.add(i.files[0]);
        const z = document.getElementById(arguments[0]);
        z.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true}));
        z.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true}));
        i.remove();""", zone_id)


def text_of(d, css):
    return d.find_element(By.CSS_SELECTOR, css).text


d = browser()
wait = WebDriverWait(d, 20)
try:
    # ---- open the printed address: the token becomes a cookie ----------
    d.get(URL)
    wait.until(lambda d: d.find_element(By.ID, 'event-name').text)
    check('the address opens the console, token dropped from the URL',
          d.current_url == BASE + '/')
    check('event name in the header',
          d.find_element(By.ID, 'event-name').text == '合同企業説明会')
    check('Japanese first', d.find_element(By.TAG_NAME, 'h1').text ==
          'イベントの概要')
    d.find_element(By.ID, 'lang').click()
    check('English toggle', d.find_element(By.TAG_NAME, 'h1').text ==
          'The event at a glance')
    d.find_element(By.ID, 'lang').click()
    check('and back', d.find_element(By.TAG_NAME, 'h1').text == 'イベントの概要')

    # ---- rosters: companies from Excel, students with an error ---------
    d.get(BASE + '/roster')
    Select(d.find_element(By.ID, 'kind')).select_by_value('companies')
    drop(d, 'drop', os.path.join(WORK, 'companies.xlsx'))
    wait.until(lambda d: '1行を取り込みました' in text_of(d, '#result'))
    check('companies imported from an Excel workbook',
          'ミノ精工' in text_of(d, '#rows'))
    Select(d.find_element(By.ID, 'kind')).select_by_value('students')
    drop(d, 'drop', os.path.join(WORK, 'students.csv'))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR,
                                               '#rows tr.bad')))
    bad = d.find_elements(By.CSS_SELECTOR, '#rows tr.bad')
    cells = [c.text for c in bad[0].find_elements(By.TAG_NAME, 'td')]
    check('the bad row shows its line, its cells and the reason beside them',
          len(bad) == 1 and cells[0] == '3' and 'S2' in cells and
          '氏名' in cells[-1] and 'students.csv:3' in cells[-1])
    good = [r for r in d.find_elements(By.CSS_SELECTOR, '#rows tbody tr')
            if 'bad' not in r.get_attribute('class')]
    check('good rows shown without error', len(good) == 3)
    check('summary says what was imported',
          '2行を取り込みました' in text_of(d, '#result'))
    d.execute_script("document.getElementById('rows-box').scrollIntoView()")
    d.save_screenshot(os.path.join(WORK, 'console-roster.png'))

    # ---- badges ----------------------------------------------------------
    d.get(BASE + '/badges')
    d.find_element(By.ID, 'all-badges').click()
    pdf = wait_download('名札-%s.pdf' % event_day())
    check('badges PDF downloaded as 名札-DAY.pdf', pdf is not None and
          open(pdf, 'rb').read(5) == b'%PDF-')
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR,
                                             '#students tbody tr')) == 2)
    d.find_element(By.ID, 'q').send_keys('ヤマダ')
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR,
                                             '#students tbody tr')) == 1)
    check('student search by kana', 'S1' in text_of(d, '#students tbody'))
    # a lost badge: reprint revokes the old one and downloads the new one
    d.find_element(By.CSS_SELECTOR, '#students button[data-id="S1"]').click()
    WebDriverWait(d, 10).until(EC.alert_is_present())
    d.switch_to.alert.accept()
    re = wait_download('S1-badge.pdf')
    check('reprint downloads the new badge as S1-badge.pdf', re is not None and
          open(re, 'rb').read(5) == b'%PDF-')
    wait.until(lambda d: '古いバッジは失効しました' in text_of(d, '#result'))
    serial = subprocess.run(['sqlite3', os.path.join(WORK, 'ev.db'),
                             "SELECT serial FROM attendees WHERE ext_id = 'S1'"],
                            capture_output=True, text=True).stdout.strip()
    check('the old badge is revoked (serial 2)', serial == '2')

    # ---- a kiosk bundle ------------------------------------------------
    d.get(BASE + '/kiosks')
    Select(d.find_element(By.ID, 'role')).select_by_value('booth')
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '#place option'))
    Select(d.find_element(By.ID, 'place')).select_by_value('booth:C1')
    d.find_element(By.NAME, 'pin').send_keys('2468')
    d.find_element(By.CSS_SELECTOR, '#pack button').click()
    z = wait_download('kiosk-C1.zip')
    check('kiosk bundle downloaded as a zip', z is not None)
    wait.until(lambda d: 'kiosk-C1.zip' in text_of(d, '#packs'))
    check('the bundle is listed as packed', 'booth-C1' in text_of(d, '#packs'))
    # venue time (Japan), whatever zone the browser runs in
    ms = int(subprocess.run(['sqlite3', os.path.join(WORK, 'ev.db'),
                             "SELECT max(packed_ms) FROM packs"],
                            capture_output=True, text=True).stdout)
    jst = time.strftime('%Y-%m-%d %H:%M', time.gmtime(ms / 1000 + 9 * 3600))
    check('the bundle list shows when it was packed in venue time (%s)' % jst,
          jst in text_of(d, '#packs'))
    kdir = os.path.join(WORK, 'stick')
    shutil.rmtree(kdir, ignore_errors=True)
    zipfile.ZipFile(z).extractall(kdir)
    bundle = os.path.join(kdir, 'kiosk-C1')

    # ---- the real kiosk records a check-in on that bundle ---------------
    token = subprocess.run([FS, 'token', 'issue', '--db',
                            os.path.join(WORK, 'ev.db'), '--attendee', 'S1'],
                           capture_output=True, text=True).stdout.strip()
    script = os.path.join(WORK, 'kiosk.txt')
    with open(script, 'w') as f:
        f.write('scan %s\nwait 500\nquit\n' % token)
    env = dict(os.environ, SDL_RENDER_DRIVER='software',
               SDL_AUDIODRIVER='dummy')
    r = subprocess.run(['timeout', '60', 'xvfb-run', '-a', '-s',
                        '-screen 0 1280x800x24', FK, '--config',
                        os.path.join(bundle, 'kiosk.ini'), '--windowed',
                        '--size', '1280x800', '--script', script],
                       capture_output=True, text=True, env=env)
    check('the kiosk ran the bundle and checked S1 in',
          r.returncode == 0 and '"outcome":"accepted"' in r.stdout)

    # ---- the bundle updated after the fair started (facts kept) ---------
    subprocess.run([FS, 'revoke', '--db', os.path.join(WORK, 'ev.db'),
                    '--attendee', 'S3'], capture_output=True)
    os.rename(z, os.path.join(WORK, 'kiosk-C1-packed.zip'))
    rec = shutil.make_archive(os.path.join(WORK, 'stick-C1'), 'zip', kdir,
                              'kiosk-C1')
    d.get(BASE + '/kiosks')
    drop(d, 'update-drop', rec)
    u = wait_download('kiosk-C1.zip')
    check('bundle updated through the page', u is not None)
    if u:
        upd = os.path.join(WORK, 'updated')
        zipfile.ZipFile(u).extractall(upd)
        q = lambda sql: subprocess.run(
            ['sqlite3', os.path.join(upd, 'kiosk-C1', 'kiosk.db'), sql],
            capture_output=True, text=True).stdout.strip()
        check('the update keeps the check-in and knows the revocation',
              q("SELECT count(*) FROM facts WHERE kind = 'checkin'") == '1'
              and int(q('SELECT count(*) FROM revocations') or 0) >= 2)

    # ---- merge it by dropping the file ---------------------------------
    d.get(BASE + '/merge')
    drop(d, 'drop', os.path.join(bundle, 'kiosk.db'))
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '#merged tbody tr'))
    row = [c.text for c in d.find_elements(By.CSS_SELECTOR,
                                           '#merged tbody tr td')]
    check('merge summary: the kiosk, one new fact, merged',
          row[1] == 'booth-C1' and row[3] == '1' and row[7] == '統合しました')
    wait.until(lambda d: 'booth-C1' in text_of(d, '#kiosks'))
    check('per-kiosk table', '1' in text_of(d, '#kiosks tbody'))
    # a file that is no kiosk database: refused, said so
    drop(d, 'drop', os.path.join(WORK, 'students.csv'))
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR,
                                             '#merged tbody tr')) == 2)
    check('a foreign file is refused, with the reason in Japanese',
          'fairkiosk のデータベースではありません' in
          d.find_elements(By.CSS_SELECTOR, '#merged tbody tr')[1].text)

    # ---- the overview after the fair -----------------------------------
    d.get(BASE + '/')
    wait.until(lambda d: d.find_element(By.ID, 'n-checkins').text == '1')
    check('overview counts the check-in',
          d.find_element(By.ID, 'n-visitors').text == '1')
    check('per place and per hour drawn',
          'ミノ精工' in text_of(d, '#places') and
          d.find_elements(By.CSS_SELECTOR, '#hours .chart div'))
    d.save_screenshot(os.path.join(WORK, 'console-glance.png'))

    # ---- the XLSX, downloaded and read back ----------------------------
    d.get(BASE + '/exports')
    d.find_element(By.ID, 'att-xlsx').click()
    x = wait_download('出席一覧-%s.xlsx' % event_day())
    check('attendance downloaded as 出席一覧-DAY.xlsx', x is not None)
    if x:
        ws = openpyxl.load_workbook(x).active
        rows = [[c.value for c in r] for r in ws.iter_rows()]
        check('the XLSX holds S1 at ミノ精工, read by openpyxl',
              len(rows) == 2 and '山田 太郎' in rows[1] and
              'ミノ精工' in rows[1])
    # the tablet: the same page at 800 px is still one column
    d.set_window_size(800, 1100)
    d.get(BASE + '/')
    wait.until(lambda d: d.find_element(By.ID, 'n-checkins').text == '1')
    check('tablet width: no horizontal scrolling of the page',
          d.execute_script('return document.documentElement.scrollWidth') <=
          800)
    d.save_screenshot(os.path.join(WORK, 'console-tablet.png'))
    # the refused foreign file above is an expected 422, nothing else
    logs = [e for e in d.get_log('browser') if e['level'] == 'SEVERE' and
            'merge?name=students.csv' not in e['message']]
    check('no errors in the browser console', not logs)
    for e in logs:
        print(e)
finally:
    d.quit()
print('%d failed' % fails)
sys.exit(1 if fails else 0)

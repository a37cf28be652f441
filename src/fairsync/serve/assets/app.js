// fairsync console: a little vanilla JS, no library, works offline.
// Japanese first; elements with data-en swap to English on the toggle.
'use strict';

const csrf = document.querySelector('meta[name=csrf]').content;
const page = document.body.dataset.page;
let lang = localStorage.getItem('lang') === 'en' ? 'en' : 'ja';

function L(ja, en) { return lang === 'en' ? en : ja; }
const $ = (id) => document.getElementById(id);

function applyLang() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-en]')) {
    if (el.dataset.ja === undefined) el.dataset.ja = el.textContent;
    el.textContent = lang === 'en' ? el.dataset.en : el.dataset.ja;
  }
  $('lang').textContent = lang === 'en' ? '日本語' : 'English';
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function table(t, head, rows) {
  t.replaceChildren();
  const tr = el('tr');
  for (const h of head) tr.append(el('th', h[0], h[1]));
  const thead = el('thead'); thead.append(tr); t.append(thead);
  const tb = el('tbody');
  for (const r of rows) tb.append(r);
  t.append(tb);
}

function row(cells, cls) {
  const tr = el('tr', null, cls);
  for (const c of cells) {
    if (c instanceof Node) { const td = el('td'); td.append(c); tr.append(td); }
    else if (Array.isArray(c)) tr.append(el('td', c[0], c[1]));
    else tr.append(el('td', c));
  }
  return tr;
}

function msg(box, ok, text) {
  box.replaceChildren(el('div', text, 'msg ' + (ok ? 'ok' : 'err')));
}

// Times come from the server already in the venue's time ("2026-12-05
// 15:34"): never the browser's zone (docs/console.md).
function venueTime(ms, text) {
  return ms ? (text || '') : '';
}

async function getJSON(url) {
  const r = await fetch(url, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(url + ': ' + r.status);
  return r.json();
}

// POSTs body; a JSON answer comes back parsed, a file is saved.
async function post(url, body, type) {
  const headers = { 'X-CSRF-Token': csrf };
  if (type) headers['Content-Type'] = type;
  const r = await fetch(url, { method: 'POST', body, headers,
                               credentials: 'same-origin' });
  const ct = r.headers.get('Content-Type') || '';
  if (ct.startsWith('application/json')) {
    const j = await r.json();
    j.status = r.status;
    return j;
  }
  if (!r.ok) return { status: r.status, error: r.statusText };
  const cd = r.headers.get('Content-Disposition') || '';
  // the Japanese name (RFC 5987) when the server sends one
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  const m = /filename="([^"]+)"/.exec(cd);
  const blob = await r.blob();
  const a = el('a');
  a.href = URL.createObjectURL(blob);
  a.download = star ? decodeURIComponent(star[1]) : m ? m[1] : 'download';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  return { status: r.status, file: a.download, size: blob.size };
}

function dropZone(zone, input, onFiles) {
  zone.addEventListener('dragover', (e) => {
    e.preventDefault(); zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault(); zone.classList.remove('over');
    onFiles([...e.dataTransfer.files]);
  });
  input.addEventListener('change', () => {
    onFiles([...input.files]);
    input.value = '';
  });
}

const FLAG_NAMES = {
  'clock-outside': ['キオスクの時計が会期外', 'kiosk clock outside the event'],
  'clock-backwards': ['キオスクの時計が逆行', 'kiosk clock ran backwards'],
  'conflict': ['同じバッジが同時に二か所で（共有の疑い）',
               'one badge at two places at once (shared?)'],
  'revoked': ['失効したバッジでのチェックイン', 'check-in with a revoked badge'],
};
function flagName(r) { const f = FLAG_NAMES[r]; return f ? L(f[0], f[1]) : r; }
const KIND = { entrance: ['受付', 'entrance'], booth: ['ブース', 'booth'],
               session: ['セミナー', 'session'], visit: ['訪問先', 'visit'] };
function kindName(k) { const f = KIND[k]; return f ? L(f[0], f[1]) : k; }

let status = null;
let redraw = null; // re-renders the page's data in the new language
async function loadStatus() {
  status = await getJSON('/api/status');
  const ev = status.event;
  $('event-name').textContent = ev.name || '';
  $('event-dates').textContent = ev.start_date === ev.end_date ?
    ev.start_date : ev.start_date + ' – ' + ev.end_date;
  return status;
}

// ---- pages -------------------------------------------------------------

const pages = {};

pages.glance = async function () {
  redraw = pages.glance;
  const s = await loadStatus();
  for (const k of ['students', 'visitors', 'checkins', 'companies', 'places'])
    $('n-' + k).textContent = (s[k] || 0).toLocaleString();
  $('n-kiosks').textContent = s.by_kiosk.length;
  const flags = $('flags');
  flags.replaceChildren();
  for (const f of s.flags) {
    const p = el('p', null, 'flag');
    p.append(el('b', f.count + ' '), flagName(f.reason));
    flags.append(p);
  }
  if (s.repairs) flags.append(el('p', L('時計を補正した記録: ',
    'times repaired: ') + s.repairs));
  if (s.revoked) flags.append(el('p', L('失効したバッジ: ',
    'badges revoked: ') + s.revoked));
  if (!flags.childNodes.length) flags.append(el('p', L('ありません。',
    'Nothing.'), 'muted'));
  if (s.flags.length) {
    const a = el('a', L('記録を見る', 'See the records'));
    a.href = '/merge';
    flags.append(a);
  }
  const hours = $('hours');
  hours.replaceChildren();
  if (!s.by_hour.length) {
    hours.append(el('p', L('チェックインはまだありません。',
                           'No check-ins yet.'), 'muted'));
  } else {
    // every hour from the first to the last of each day, empty ones too
    const filled = [];
    const byHour = new Map(s.by_hour.map((h) => [h.hour, h]));
    let day = null;
    for (const h of s.by_hour) {
      const d = h.hour.slice(0, 10), hh = +h.hour.slice(11, 13);
      if (day && day.d === d)
        for (let i = day.h + 1; i < hh; i++) {
          const k = d + ' ' + String(i).padStart(2, '0') + ':00';
          filled.push(byHour.get(k) || { hour: k, students: 0, scans: 0 });
        }
      filled.push(h);
      day = { d, h: hh };
    }
    const max = Math.max(1, ...filled.map((h) => h.students));
    const chart = el('div', null, 'chart');
    let lastDay = null;
    for (const h of filled) {
      const col = el('div', null, 'col');
      const bar = el('div', null, 'b');
      bar.style.height = Math.round(120 * h.students / max) + 'px';
      col.title = h.hour + ': ' + h.students + L('人', ' students') +
        ', ' + h.scans + L('スキャン', ' scans');
      const d = h.hour.slice(5, 10).replace('-', '/');
      col.append(el('span', h.students ? h.students.toLocaleString() : '', 'v'),
                 bar, el('span', h.hour.slice(11, 13) + L('時', 'h'), 'h'),
                 el('span', d !== lastDay ? d : '', 'd'));
      lastDay = d;
      chart.append(col);
    }
    hours.append(chart);
  }
  const max = Math.max(1, ...s.by_place.map((p) => p.students));
  table($('places'), [[L('場所', 'place')], [L('種類', 'kind')],
                      [L('学生', 'students'), 'num'],
                      [L('スキャン', 'scans'), 'num'], ['']],
        s.by_place.map((p) => {
          const box = el('div', null, 'barbox');
          const bar = el('div', null, 'bar');
          bar.style.width = (100 * p.students / max) + '%';
          box.append(bar);
          return row([p.name, kindName(p.kind),
                      [p.students.toLocaleString(), 'num'],
                      [p.scans.toLocaleString(), 'num'], box]);
        }));
};

pages.roster = async function () {
  await loadStatus();
  let last = null;
  const show = () => {
    if (!last) return;
    const only = $('only-bad').checked;
    const bad = new Map();
    for (const m of last.messages || []) {
      const k = m.line;
      bad.set(k, (bad.has(k) ? bad.get(k) + '; ' : '') + m.text);
    }
    // kept as given, imported: said beside the row, not marked bad
    const warn = new Map();
    for (const m of last.warnings || [])
      warn.set(m.line, (warn.has(m.line) ? warn.get(m.line) + '; ' : '') +
               '注意 (warning): ' + m.text);
    const rows = [];
    const seen = new Set();
    const width = Math.max(1, ...(last.rows || []).map((r) => r.cells.length));
    for (const r of last.rows || []) {
      seen.add(r.line);
      const err = bad.get(r.line);
      if (only && !err) continue;
      rows.push(row([[r.line, 'num'], ...r.cells,
                     ...Array(width - r.cells.length).fill(''),
                     [err || warn.get(r.line) || '', 'err wrap']],
                    err ? 'bad' : ''));
    }
    // errors of lines the preview does not hold (unreadable records)
    for (const [line, text] of bad)
      if (!seen.has(line)) rows.push(row([[line || '', 'num'],
        ...Array(width).fill(''), [text, 'err wrap']], 'bad'));
    const head = [[L('行', 'line'), 'num']];
    for (let i = 0; i < width; i++) head.push([String.fromCharCode(65 + i % 26)]);
    head.push([L('エラー', 'error')]);
    table($('rows'), head, rows);
    $('rows-box').hidden = false;
  };
  redraw = show;
  $('only-bad').addEventListener('change', show);
  dropZone($('drop'), $('file'), async (files) => {
    const f = files[0];
    if (!f) return;
    const kind = $('kind').value;
    msg($('result'), true, L('取り込み中…', 'Importing…'));
    const sheet = $('sheet').value.trim();
    const j = await post('/api/import?kind=' + kind + '&name=' +
                         encodeURIComponent(f.name) +
                         (sheet ? '&sheet=' + encodeURIComponent(sheet) : ''),
                         f);
    last = j;
    if (j.error) {
      msg($('result'), false, f.name + ': ' + j.error +
          L('（何も取り込んでいません）', ' (nothing imported)'));
    } else if (j.imported === undefined) { // tour files: all or nothing
      const said = (j.messages || []).filter((m) => !m.line)
        .map((m) => m.text).join(' ');
      msg($('result'), j.ok, (j.ok ? L('取り込みました。', 'Imported. ') :
          L('誤りがあるため何も取り込んでいません。',
            'Nothing imported: some rows are refused. ')) + said);
    } else {
      msg($('result'), j.skipped === 0,
          L(`${j.imported}行を取り込みました（うち更新 ${j.updated}）。` +
            `誤りのある行 ${j.skipped}。`,
            `Imported ${j.imported} rows (${j.updated} updated); ` +
            `${j.skipped} bad rows skipped.`) +
          (j.ignored ? L(' 使わなかった列: ', ' Columns not used: ') +
           j.ignored : ''));
    }
    $('only-bad').checked = (j.skipped || 0) > 0 && (j.rows_total || 0) > 50;
    show();
  });
};

pages.badges = async function () {
  await loadStatus();
  const search = async () => {
    const list = await getJSON('/api/students?q=' +
                               encodeURIComponent($('q').value.trim()));
    table($('students'), [[L('受付番号', 'ID')], [L('氏名', 'name')],
                          [L('フリガナ', 'kana')], [L('学校', 'school')],
                          [L('発行回', 'serial'), 'num'], ['']],
          list.map((s) => {
            const b = el('button', L('再発行', 'Reprint'), 'quiet');
            b.dataset.id = s.ext_id;
            b.addEventListener('click', () => reprint(s));
            return row([s.ext_id, s.name, s.kana, s.school,
                        [s.serial, 'num'], b]);
          }));
  };
  const reprint = async (s) => {
    if (!confirm(L(`${s.name}（${s.ext_id}）のバッジを失効させ、新しいバッジを発行しますか？`,
                   `Revoke the badge of ${s.name} (${s.ext_id}) and issue a new one?`)))
      return;
    const j = await post('/api/reprint', 'attendee=' +
                         encodeURIComponent(s.ext_id),
                         'application/x-www-form-urlencoded');
    if (j.error) msg($('result'), false, j.error);
    else msg($('result'), true, L(`${s.ext_id} の新しいバッジ（${j.file}）をダウンロードしました。古いバッジは失効しました。`,
                                   `New badge of ${s.ext_id} downloaded (${j.file}); the old one is revoked.`));
    search();
  };
  // a consent to one company, withdrawn (fairsync consent --withdraw)
  $('consent-withdraw').addEventListener('click', async () => {
    const a = $('consent-attendee').value.trim();
    const co = $('consent-company').value.trim();
    const j = await post('/api/consent', 'action=withdraw&attendee=' +
                         encodeURIComponent(a) + '&company=' +
                         encodeURIComponent(co),
                         'application/x-www-form-urlencoded');
    if (j.error) msg($('consent-result'), false, j.error);
    else msg($('consent-result'), true,
             L(`${a} の ${co} への同意を取り消しました。`,
               `${a}'s consent to ${co} is withdrawn.`));
  });
  redraw = search;
  let timer = null;
  $('q').addEventListener('input', () => {
    clearTimeout(timer); timer = setTimeout(search, 200);
  });
  search();
};

pages.kiosks = async function () {
  await loadStatus();
  const places = await getJSON('/api/places');
  const want = { entrance: 'entrance', booth: 'booth', door: 'session' };
  const fill = () => {
    const sel = $('place');
    sel.replaceChildren();
    for (const p of places.filter((p) => p.kind === want[$('role').value])) {
      const o = el('option', p.name + ' (' + p.ext_id + ')');
      o.value = p.ext_id;
      sel.append(o);
    }
  };
  const packs = async () => {
    const list = await getJSON('/api/packs');
    table($('packs'), [[L('作成日時', 'packed')], [L('キオスク', 'kiosk')],
                       [L('役割', 'role')], [L('場所', 'place')],
                       [L('ファイル', 'file')]],
          list.map((p) => row([venueTime(p.packed_ms, p.packed), p.kiosk,
                               p.role, p.name || p.place || '', p.path])));
  };
  $('role').addEventListener('change', fill);
  $('pack').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = new URLSearchParams(new FormData($('pack')));
    msg($('result'), true, L('作成中…', 'Packing…'));
    const j = await post('/api/pack', form.toString(),
                         'application/x-www-form-urlencoded');
    if (j.error) msg($('result'), false, j.error);
    else msg($('result'), true, L(`${j.file} をダウンロードしました。`,
                                   `Downloaded ${j.file}.`));
    packs();
  });
  dropZone($('update-drop'), $('update-file'), async (files) => {
    for (const f of files) {
      msg($('update-result'), true, L('更新中…', 'Updating…'));
      const j = await post('/api/pack-update?name=' +
                           encodeURIComponent(f.name), f);
      if (j.error) msg($('update-result'), false, f.name + ': ' + j.error);
      else msg($('update-result'), true, L(`更新した ${j.file} をダウンロードしました。USBメモリのフォルダを置き換えてください。`,
                                           `Downloaded the updated ${j.file}; replace the folder on the USB stick.`));
    }
    packs();
  });
  redraw = () => { fill(); packs(); };
  fill();
  packs();
};

pages.merge = async function () {
  const results = [];
  const draw = () => table($('merged'), [
    [L('ファイル', 'file')], [L('キオスク', 'kiosk')],
    [L('記録', 'facts'), 'num'], [L('新規', 'new'), 'num'],
    [L('既知', 'known'), 'num'], [L('フラグ', 'flagged'), 'num'],
    [L('当日登録', 'walk-ins'), 'num'], [L('結果', 'result')]],
    results.map((j) => row([j.file, j.kiosk, [j.facts, 'num'],
                            [j.added, 'num'], [j.known, 'num'],
                            [j.flagged, 'num'], [j.walkins, 'num'],
                            [j.ok ? L('統合しました', 'merged') :
                             j.error, j.ok ? '' : 'err wrap']],
                           j.ok ? '' : 'bad')));
  const refresh = async () => {
    const s = await loadStatus();
    table($('kiosks'), [[L('キオスク', 'kiosk')], [L('記録', 'facts'), 'num'],
                        [L('チェックイン', 'check-ins'), 'num'],
                        [L('当日登録', 'walk-ins'), 'num'],
                        [L('フラグ', 'flagged'), 'num'],
                        [L('最初', 'first')], [L('最後', 'last')]],
          s.by_kiosk.map((k) => row([k.kiosk, [k.facts, 'num'],
                                     [k.checkins, 'num'], [k.walkins, 'num'],
                                     [k.flagged, k.flagged ? 'num flag' : 'num'],
                                     venueTime(k.first_ms, k.first),
                                     venueTime(k.last_ms, k.last)])));
    const flags = await getJSON('/api/flags');
    table($('flags'), [[L('理由', 'reason')], [L('キオスク', 'kiosk')],
                       [L('受付番号', 'ID')], [L('氏名', 'name')],
                       [L('場所', 'place')], [L('時刻', 'time')]],
          flags.map((f) => row([[flagName(f.reason), 'flag'], f.kiosk,
                                f.roster_id, f.name, f.place,
                                venueTime(f.wall_ms, f.wall)])));
  };
  redraw = () => { draw(); return refresh(); };
  dropZone($('drop'), $('file'), async (files) => {
    for (const f of files) {
      const j = await post('/api/merge?name=' + encodeURIComponent(f.name), f);
      if (!j.file) j.file = f.name;
      results.push(j);
      draw();
    }
    refresh();
  });
  refresh();
};

pages.exports = async function () { await loadStatus(); };

pages.tours = async function () {
  redraw = pages.tours;
  await loadStatus();
  $('tour-links').replaceChildren();
  const KINDS = { feedback: ['アンケート', 'feedback'],
                  lead: ['企業のメモ', 'company note'],
                  assign: ['ツアー割り当て', 'tour assignment'] };
  const list = await getJSON('/api/feedback');
  table($('feedback'), [[L('種類', 'kind')], [L('場所', 'place')],
                        [L('件数', 'count'), 'num'],
                        [L('平均評価', 'mean rating'), 'num']],
        list.map((f) => row([L(...(KINDS[f.kind] || [f.kind, f.kind])),
                             f.name || f.place || '', [f.count, 'num'],
                             [f.kind === 'assign' || !f.count ? '' :
                              (f.rating_sum / f.count).toFixed(1), 'num']])));
  if (!list.length)
    $('tour-links').append(el('p', L('まだ記録はありません。',
                                     'Nothing recorded yet.'), 'muted'));
};

$('lang').addEventListener('click', () => {
  lang = lang === 'en' ? 'ja' : 'en';
  localStorage.setItem('lang', lang);
  applyLang();
  if (redraw) Promise.resolve(redraw()).catch(() => {});
});
applyLang();
if (pages[page]) pages[page]().catch((e) => console.error(e));

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

// The console's own sentence for the refusals an organizer meets most,
// the program's words kept after it as the technical details.
const EXPLAIN = [
  [/belongs to another event/, () => [
    'このファイルは別のイベントのものです。このイベントのキオスクのファイルか確かめてください。',
    'This file belongs to another event; check it is one of this event\'s kiosks.']],
  [/missing required columns?(?: for \w+)?: (.+)$/, (m) => [
    `必要な列がありません: ${m[1]}。先頭行の列名を確かめてください。`,
    `A required column is missing: ${m[1]}. Check the header row.`]],
  [/is over its (\d+) seats/, (m) => [
    `受入日の定員（${m[1]}人）を超えます。`,
    `That host day is over its ${m[1]} seats.`]],
  [/(\S+) already visits on (\S+)/, (m) => [
    `${m[1]} はその日（${m[2]}）にもう別の企業を訪問します（1日1社）。`,
    `${m[1]} already visits a company on ${m[2]} (one a day).`]],
  [/(\S+) already visits (\S+), of the same industry \((.+)\)/, (m) => [
    `${m[1]} はもう同じ業種（${m[3]}）の ${m[2]} を訪問します。`,
    `${m[1]} already visits ${m[2]} of the same industry (${m[3]}).`]],
  [/(\S+) has no visit on (\S+)/, (m) => [
    `${m[1]} は ${m[2]} に訪問の予定がありません。`,
    `${m[1]} has no visit on ${m[2]}.`]],
  [/company '([^']*)' hosts no visit on (\S+)/, (m) => [
    `企業 ${m[1]} は ${m[2]} に受け入れていません。`,
    `Company ${m[1]} hosts no visit on ${m[2]}.`]],
  [/company '([^']*)' is not imported/, (m) => [
    `企業 ${m[1]} はまだ取り込まれていません。先に企業の一覧を取り込んでください。`,
    `Company ${m[1]} is not imported yet; import the companies first.`]],
  [/'([^']*)' is not a student of this event/, (m) => [
    `${m[1]} はこのイベントの学生ではありません。`,
    `${m[1]} is not a student of this event.`]],
  [/has (\d+) visits?; every student needs (\d+)/, (m) => [
    `訪問数が ${m[1]} 件です。学生はみな ${m[2]} 件必要です。`,
    `${m[1]} visits; every student needs ${m[2]}.`]],
  [/^(\S+) \(\w+\) is empty/, (m) => [
    `${m[1]}が空です。`, `${m[1]} is empty.`]],
  [/^(\S+) \(\w+\) '(.*)' is already on (?:line|row) (\d+)/, (m) => [
    `${m[1]}「${m[2]}」は ${m[3]}行目と重なっています。`,
    `${m[1]} '${m[2]}' is already on line ${m[3]}.`]],
  [/must be はい\/いいえ \(yes\/no\), not '(.*)'/, (m) => [
    `「はい」か「いいえ」で書いてください（「${m[1]}」とあります）。`,
    `Write yes or no (it says '${m[1]}').`]],
  [/'(.*)' is not a time like/, (m) => [
    `「${m[1]}」は日時として読めません（例: 2026-12-05 10:00）。`,
    `'${m[1]}' is not a time like 2026-12-05 10:00.`]],
  [/'(.*)' is not a known company/, (m) => [
    `企業ID「${m[1]}」の企業がありません。先に企業を取り込んでください。`,
    `No company '${m[1]}': import the companies first.`]],
  [/outside the event's dates \((.+) to (.+)\)/, (m) => [
    `会期（${m[1]}〜${m[2]}）の外の日時です。`,
    `Outside the event's dates (${m[1]} to ${m[2]}).`]],
  [/(\d+) fields but the header has (\d+)/, (m) => [
    `列の数（${m[1]}）が先頭行（${m[2]}）と合いません。カンマを含む値は "" で囲みます。`,
    `${m[1]} fields but the header has ${m[2]}.`]],
  [/no student attended anything yet/, () => [
    'まだ誰も参加していません。キオスクの記録を統合してから作成してください。',
    'Nobody attended anything yet: merge the kiosks first.']],
  [/cannot tell the kind of roster/, () => [
    '先頭行から名簿の種類が分かりませんでした。種類を選んでください。',
    'Cannot tell the kind of roster from its header; choose it.']],
  [/no (?:host days|students)|without host days/, () => [
    'ツアーの受入日程と学生を先に取り込んでください。',
    'Import the host days and the students first.']],
];

// [sentence, details]: details is the program's text when a sentence was
// found for it, else "".
function explain(text) {
  text = String(text || '');
  for (const [re, f] of EXPLAIN) {
    const m = re.exec(text);
    if (m) return [L(...f(m)), text];
  }
  return [text, ''];
}

// A message box: a sentence first, technical details after it, small.
function say(box, kind, sentence, details) {
  const d = el('div', null, 'msg ' + kind);
  d.append(el('span', sentence));
  if (details) d.append(el('span', details, 'details'));
  box.replaceChildren(d);
  return d;
}

function sayError(box, prefix, text) {
  const [s, d] = explain(text);
  return say(box, 'err', prefix + s, d);
}

// A download link fetched, so a refusal is shown on the page in words
// instead of as a JSON page.
async function download(url, box) {
  const r = await fetch(url, { credentials: 'same-origin' });
  const ct = r.headers.get('Content-Type') || '';
  if (!r.ok || ct.startsWith('application/json')) {
    let text = r.statusText;
    try { text = (await r.json()).error || text; } catch (e) { /* text */ }
    sayError(box, L('ダウンロードできません: ', 'Cannot download: '), text);
    return null;
  }
  const saved = await saveAnswer(r, url.split('/').pop());
  say(box, 'ok', L(`${saved.file} をダウンロードしました。`,
                   `Downloaded ${saved.file}.`));
  return saved.file;
}

// Saves a file answer under the server's name for it: the Japanese one
// (RFC 5987 filename*) when it sends one, else its ASCII name.
async function saveAnswer(r, fallback) {
  const cd = r.headers.get('Content-Disposition') || '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  const m = /filename="([^"]+)"/.exec(cd);
  const blob = await r.blob();
  const a = el('a');
  a.href = URL.createObjectURL(blob);
  a.download = star ? decodeURIComponent(star[1]) : m ? m[1] : fallback;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  return { file: a.download, size: blob.size };
}

// Each download link of root fetched, its outcome said just below it.
function downloadButtons(root) {
  for (const a of root.querySelectorAll('a[href^="/export/"]'))
    a.addEventListener('click', (e) => {
      e.preventDefault();
      const p = a.parentElement;
      let box = p.nextElementSibling;
      if (!box || !box.classList.contains('dl-result')) {
        box = el('div', null, 'dl-result');
        box.setAttribute('aria-live', 'polite');
        p.after(box);
      }
      download(a.getAttribute('href'), box);
    });
}

// Times come from the server already in the venue's time ("2026-12-05
// 15:34"): never the browser's zone (docs/console.md).
function venueTime(ms, text) {
  return ms ? (text || '') : '';
}

async function getJSON(url) {
  // X-Lang: the server's messages in the page's language
  const r = await fetch(url, { credentials: 'same-origin',
                               headers: { 'X-Lang': lang } });
  if (!r.ok) throw new Error(url + ': ' + r.status);
  return r.json();
}

// POSTs body; a JSON answer comes back parsed, a file is saved.
async function post(url, body, type) {
  const headers = { 'X-CSRF-Token': csrf, 'X-Lang': lang };
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
  const saved = await saveAnswer(r, 'download');
  return { status: r.status, file: saved.file, size: saved.size };
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
  'walkin-id-conflict': ['当日参加者が登録済みの学生の名簿IDを名乗っている',
                         'walk-in claims a registered student\'s roster ID'],
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

// The guided first run: each step's state from /api/setup (counts the
// library computes), and a button to the page that does it.
function guideSteps(u) {
  const kiosks = [[u.packs_entrance, L('受付', 'entrance')],
                  [u.packs_booth, L('ブース', 'booth')],
                  [u.packs_door, L('セミナー入口', 'door')],
                  [u.packs_visit, L('企業訪問', 'visit')]]
    .filter((k) => k[0]).map((k) => k[1] + ' ' + k[0]).join(L('・', ', '));
  const badgesNew = u.badges_printed < 0 ? u.students :
    Math.max(0, u.students - u.badges_printed);
  return [
    { id: 'companies', title: L('企業', 'Companies'),
      done: u.companies > 0,
      state: u.companies > 0 ? L(`${u.companies}社`, `${u.companies}`) :
        L('まだありません。企業の一覧（企業ID・企業名）を取り込みます。',
          'None yet: import the list of companies (ID, name).'),
      links: [['/roster?kind=companies', L('企業を取り込む', 'Import companies')]] },
    { id: 'sessions', title: L('セッション / 受入日', 'Sessions / host days'),
      done: u.sessions > 0 || u.host_days > 0,
      state: u.sessions > 0 || u.host_days > 0 ?
        L(`セミナー ${u.sessions}件・ツアー受入日 ${u.host_days}件`,
          `${u.sessions} sessions, ${u.host_days} host days`) :
        L('セミナーやツアーがあれば取り込みます（なければ次へ）。',
          'Import sessions or tour host days, if the event has them.'),
      optional: true,
      links: [['/roster?kind=sessions', L('セミナーを取り込む', 'Import sessions')],
              ['/tours', L('ツアーの受入日程', 'Tour host days')]] },
    { id: 'students', title: L('学生', 'Students'),
      done: u.students > 0,
      state: u.students > 0 ? L(`${u.students}人`, `${u.students}`) :
        L('まだいません。学生の名簿（受付番号・氏名）を取り込みます。',
          'None yet: import the student roster (ID, name).'),
      links: [['/roster?kind=students', L('学生を取り込む', 'Import students')]] },
    { id: 'badges', title: L('バッジ', 'Badges'),
      done: u.students > 0 && badgesNew === 0,
      state: !u.students ? L('学生を取り込むと印刷できます。',
                             'Import students first.') :
        badgesNew === 0 ? L(`${u.badges_printed}人分を印刷済み`,
                            `printed for ${u.badges_printed}`) :
        u.badges_printed < 0 ? L(`${u.students}人分が未印刷です。`,
                                 `${u.students} not printed yet.`) :
        L(`${badgesNew}人分が未印刷です（印刷後に増えた学生）。`,
          `${badgesNew} added since printing.`),
      links: [['/badges', L('バッジを印刷する', 'Print badges')]] },
    { id: 'kiosks', title: L('キオスク', 'Kiosks'),
      done: u.packs > 0,
      state: u.packs > 0 ? L(`${u.packs}台分を作成済み（${kiosks}）`,
                             `${u.packs} bundles (${kiosks})`) :
        L('キオスクごとのデータ（USBメモリ用）を作ります。',
          'Make a bundle for each kiosk (for its USB stick).'),
      links: [['/kiosks', L('キオスクを準備する', 'Prepare kiosks')]] },
  ];
}

async function drawGuide(s) {
  const u = await getJSON('/api/setup');
  const steps = guideSteps(u);
  const ol = $('guide-steps');
  const next = steps.find((x) => !x.done && !x.optional) ||
               steps.find((x) => !x.done);
  ol.replaceChildren();
  for (const st of steps) {
    const li = el('li', null, 'step ' + (st.done ? 'done' : st === next ?
                                           'next' : 'todo'));
    li.dataset.step = st.id;
    const mark = el('span', st.done ? '✓' : st === next ? '→' : '',
                    'mark');
    const body = el('div', null, 'body');
    const h = el('b', st.title);
    const state = el('span', (st.done ? L('完了: ', 'Done: ') : '') +
                     st.state, 'state');
    body.append(h, state);
    const act = el('div', null, 'acts');
    st.links.forEach(([href, text], i) => {
      const a = el('a', text, 'button' + (st === next && i === 0 ? '' :
                                          ' quiet'));
      a.href = href;
      act.append(a);
    });
    li.append(mark, body, act);
    ol.append(li);
  }
  // shown until every step is done and check-ins have begun
  $('guide').hidden = steps.every((x) => x.done || x.optional) &&
                      s.checkins > 0;
}

pages.glance = async function () {
  redraw = pages.glance;
  const s = await loadStatus();
  await drawGuide(s);
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

const KIND_JA = { students: ['学生', 'students'], companies: ['企業', 'companies'],
                  sessions: ['セミナー', 'sessions'],
                  hosts: ['ツアー受入日程', 'tour host days'],
                  assignments: ['ツアー計画', 'tour plan'],
                  employees: ['社員', 'employees'],
                  groups: ['グループ', 'groups'],
                  survey: ['アンケートの設問', 'survey questions'] };
function kindJa(k) { const f = KIND_JA[k]; return f ? L(f[0], f[1]) : k; }

// What an import said: a success box with counts, a warning for the rows
// left out, or the refusal in words.
function importResult(box, f, j) {
  if (j.error) {
    sayError(box, f.name + ': ', j.error).append(
      el('span', L('何も取り込んでいません。', 'Nothing imported.'), 'details'));
    return;
  }
  if (j.imported === undefined) { // tour files: all or nothing
    const said = (j.messages || []).filter((m) => !m.line)
      .map((m) => m.text).join(' ');
    if (j.ok) say(box, 'ok', L(`${f.name}（${kindJa(j.kind)}）を取り込みました。`,
                               `Imported ${f.name} (${kindJa(j.kind)}).`), said);
    else {
      const [s1, d1] = explain(said);
      say(box, 'err', L('誤りのある行があるため、何も取り込んでいません（理由は下の表の各行）。',
                        'Nothing imported: some rows are refused (reasons beside each row below). ') +
          (d1 ? ' ' + s1 : ''), d1 || said);
    }
    return;
  }
  const box2 = [];
  if (j.imported > 0 || j.skipped === 0)
    box2.push(el('div', L(
      `${kindJa(j.kind)} ${j.imported}件を取り込みました（新規 ${j.imported - j.updated}・更新 ${j.updated}）。`,
      `Imported ${j.imported} ${kindJa(j.kind)} (${j.imported - j.updated} new, ${j.updated} updated).`) +
      (j.ignored ? L(' 使わなかった列: ', ' Columns not used: ') + j.ignored : ''),
      'msg ok'));
  if (j.skipped > 0)
    box2.push(el('div', L(
      `誤りのある ${j.skipped}行は取り込んでいません。理由は下の表の各行の横にあります。`,
      `${j.skipped} rows with errors were left out; the reason is beside each row below.`),
      'msg warn'));
  box.replaceChildren(...box2);
}

pages.roster = async function () {
  await loadStatus();
  // the kind the page asks for next: ?kind=, else the first step missing
  const want = new URLSearchParams(location.search).get('kind');
  if (want && KIND_JA[want] && $('kind').querySelector(`option[value="${want}"]`))
    $('kind').value = want;
  else {
    const u = await getJSON('/api/setup');
    $('kind').value = u.companies === 0 ? 'companies' : 'students';
  }
  let last = null;
  const show = () => {
    if (!last || !last.rows) { $('rows-box').hidden = true; return; }
    const only = $('only-bad').checked;
    const bad = new Map();
    for (const m of last.messages || []) {
      const k = m.line;
      const [s1] = explain(m.text.replace(/^[^:]*:\d+: /, ''));
      bad.set(k, (bad.has(k) ? bad.get(k) + '; ' : '') + s1);
    }
    // kept as given, imported: said beside the row, not marked bad
    const warn = new Map();
    for (const m of last.warnings || [])
      warn.set(m.line, (warn.has(m.line) ? warn.get(m.line) + '; ' : '') +
               '注意 (warning): ' + m.text);
    const rows = [];
    const seen = new Set();
    const width = Math.max(1, ...(last.rows || []).map((r) => r.cells.length));
    const first = last.rows.length ? last.rows[0].line : 0;
    for (const r of last.rows || []) {
      seen.add(r.line);
      const err = bad.get(r.line);
      const head = r.line === first;
      if (only && !err && !head) continue; // the header row stays
      // the reason (or a warning) right after the row number: in view
      rows.push(row([[r.row || r.line, 'num'],
                     [err || warn.get(r.line) || '', 'err wrap'],
                     ...r.cells, ...Array(width - r.cells.length).fill('')],
                    err ? 'bad' : head ? 'head' : ''));
    }
    // errors of lines the preview does not hold (unreadable records)
    for (const [line, text] of bad)
      if (!seen.has(line)) rows.push(row([[line || '', 'num'],
        [text, 'err wrap'], ...Array(width).fill('')], 'bad'));
    const head = [[L('行', 'line'), 'num'], [L('エラー', 'error')]];
    for (let i = 0; i < width; i++) head.push([String.fromCharCode(65 + i % 26)]);
    table($('rows'), head, rows);
    $('rows-box').hidden = false;
  };
  const send = async (f, kind, force) => {
    say($('result'), 'info', L('取り込み中…', 'Importing…'));
    const sheet = $('sheet').value.trim();
    const j = await post('/api/import?kind=' + kind + '&name=' +
                         encodeURIComponent(f.name) +
                         (force ? '&force=1' : '') +
                         (sheet ? '&sheet=' + encodeURIComponent(sheet) : ''),
                         f);
    if (j.mismatch) { // the header names another kind: ask
      last = null;
      show();
      const d = say($('result'), 'ask', L(
        `これは${j.detected_ja}の一覧のようです。${j.detected_ja}として取り込みますか？`,
        `This looks like a list of ${kindJa(j.detected)}. Import it as ${kindJa(j.detected)}?`));
      const yes = el('button', L(`${j.detected_ja}として取り込む`,
                                 `Import as ${kindJa(j.detected)}`));
      yes.id = 'as-detected';
      yes.addEventListener('click', () => {
        $('kind').value = j.detected;
        send(f, j.detected, false);
      });
      const no = el('button', L(`${j.kind_ja}として取り込む`,
                                `Import as ${kindJa(j.kind)}`), 'quiet');
      no.addEventListener('click', () => send(f, kind, true));
      const acts = el('div', null, 'acts');
      acts.append(yes, no);
      d.append(acts);
      return;
    }
    last = j;
    importResult($('result'), f, j);
    $('only-bad').checked = (j.skipped || 0) > 0 && (j.rows_total || 0) > 50;
    show();
  };
  redraw = show;
  $('only-bad').addEventListener('change', show);
  dropZone($('drop'), $('file'), async (files) => {
    if (files[0]) send(files[0], $('kind').value, false);
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
  // ... or to every company at once (fairsync consent --all --withdraw),
  // as the kiosk's staff screen can; asked first: it cannot be undone
  // but company by company
  $('consent-withdraw-all').addEventListener('click', async () => {
    const a = $('consent-attendee').value.trim();
    if (!a) {
      msg($('consent-result'), false, L('受付番号を入力してください。',
                                        'Enter the student ID.'));
      return;
    }
    if (!confirm(L(`${a} のすべての企業への同意を取り消しますか？どの企業の来訪者リストにも載らなくなります。`,
                   `Withdraw ${a}'s consent to every company? They will be left out of every company's leads.`)))
      return;
    const j = await post('/api/consent', 'action=withdraw-all&attendee=' +
                         encodeURIComponent(a),
                         'application/x-www-form-urlencoded');
    if (j.error) msg($('consent-result'), false, j.error);
    else msg($('consent-result'), true,
             L(`${a} のすべての企業への同意を取り消しました。`,
               `${a}'s consent to every company is withdrawn.`));
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
  const want = { entrance: 'entrance', booth: 'booth', door: 'session',
                 visit: 'visit', rollcall: 'entrance' };
  const fill = () => {
    const sel = $('place');
    sel.replaceChildren();
    const seen = new Set();
    for (const p of places.filter((p) => p.kind === want[$('role').value])) {
      // a visit kiosk serves its company's every host day: one a company
      const id = p.kind === 'visit' ? p.ext_id.split(':')[1] : p.ext_id;
      if (seen.has(id)) continue;
      seen.add(id);
      const o = el('option', p.name + ' (' + id + ')');
      o.value = id;
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
    if (j.error) sayError($('result'), '', j.error);
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
                             explain(j.error).filter((x) => x).join(' — '),
                             j.ok ? '' : 'err wrap']],
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

pages.exports = async function () {
  await loadStatus();
  downloadButtons(document.querySelector('main'));
  // a joint training's certificates of completion, from a threshold
  $('cert-form').addEventListener('submit', (e) => {
    e.preventDefault();
    download('/export/certificates.pdf?min-rate=' +
             encodeURIComponent($('min-rate').value.trim()), $('cert-result'));
  });
  // the KPI report beside the grant application's targets: the file is
  // read by 'export kpi --targets', its refusal said here
  $('kpi-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = $('kpi-targets').files[0], box = $('kpi-result');
    if (!f) {
      sayError(box, L('目標のファイルを選んでください。',
                      'Choose the targets file.'), '');
      return;
    }
    const j = await post('/api/kpi?format=' + $('kpi-format').value +
                         '&name=' + encodeURIComponent(f.name), f);
    if (j.error)
      sayError(box, L('出力できません: ', 'Cannot export: '), j.error);
    else
      say(box, 'ok', L(`${j.file} をダウンロードしました。`,
                       `Downloaded ${j.file}.`));
  });
};

pages.tours = async function () {
  await loadStatus();
  downloadButtons(document.querySelector('main'));
  let plan = null;
  const feedback = async () => {
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
  // a student's move: the other host days as choices, checked server-side
  const mover = (h, s) => {
    const box = el('span', null, 'mover');
    const sel = el('select');
    sel.setAttribute('aria-label', L('移動先', 'move to'));
    for (const o of plan.hosts) {
      if (o.place === h.place) continue;
      const opt = el('option', `${o.date} ${o.company_name} (${o.company}) ` +
                     `${o.assigned}/${o.capacity}`);
      opt.value = o.company + '|' + o.date;
      sel.append(opt);
    }
    const go = el('button', L('移動', 'Move'), 'quiet small');
    go.dataset.student = s.id;
    go.addEventListener('click', async () => {
      const [company, date] = sel.value.split('|');
      const form = new URLSearchParams({ attendee: s.id, from: h.date,
                                         company, date });
      const j = await post('/api/tour-move', form.toString(),
                           'application/x-www-form-urlencoded');
      if (j.ok) say($('move-result'), 'ok', L(
        `${s.name}（${s.id}）を ${date} の ${company} に移しました。`,
        `Moved ${s.name} (${s.id}) to ${company} on ${date}.`));
      else sayError($('move-result'), L('移動できません: ', 'Cannot move: '),
                    j.error);
      draw();
    });
    if (!sel.options.length) return box;
    box.append(sel, go);
    return box;
  };
  const draw = async () => {
    plan = await getJSON('/api/tour-plan');
    if (plan.visits) $('visits').value = plan.visits;
    $('plan-summary').textContent = !plan.hosts.length ?
      L('受入日程はまだありません。', 'No host days yet.') :
      L(`受入日 ${plan.hosts.length}件・学生 ${plan.students}人のうち ${plan.planned}人に割り当て済み` +
        (plan.visits ? `（1人 ${plan.visits}件）` : ''),
        `${plan.hosts.length} host days; ${plan.planned} of ${plan.students} students planned` +
        (plan.visits ? ` (${plan.visits} visits each)` : ''));
    const rows = [];
    let day = null;
    for (const h of plan.hosts) {
      if (h.date !== day) {
        day = h.date;
        const tr = el('tr', null, 'day');
        const td = el('td', day);
        td.colSpan = 4;
        tr.append(td);
        rows.push(tr);
      }
      const who = el('ul', null, 'who');
      for (const s of h.students) {
        const li = el('li');
        li.append(el('span', `${s.name}（${s.id}）`), mover(h, s));
        who.append(li);
      }
      rows.push(row([h.company_name + ' (' + h.company + ')', h.industry,
                     [`${h.assigned}/${h.capacity}`, h.assigned > h.capacity ?
                       'num flag' : 'num'], who],
                    h.assigned >= h.capacity ? 'full' : ''));
    }
    table($('plan'), [[L('企業', 'company')], [L('業種', 'industry')],
                      [L('人数/定員', 'students/seats'), 'num'],
                      [L('学生', 'students')]], rows);
    const sel = $('visit-company');
    const had = sel.value;
    sel.replaceChildren();
    const seen = new Set();
    for (const h of plan.hosts) {
      if (seen.has(h.company)) continue;
      seen.add(h.company);
      const o = el('option', h.company_name + ' (' + h.company + ')');
      o.value = h.company;
      sel.append(o);
    }
    if (had) sel.value = had;
  };
  dropZone($('hosts-drop'), $('hosts-file'), async (files) => {
    const f = files[0];
    if (!f) return;
    say($('hosts-result'), 'info', L('取り込み中…', 'Importing…'));
    const j = await post('/api/import?kind=hosts&name=' +
                         encodeURIComponent(f.name), f);
    if (j.mismatch) sayError($('hosts-result'), '', L(
      `これは${j.detected_ja}の一覧のようです。「名簿」のページで取り込んでください。`,
      `This looks like ${kindJa(j.detected)}; import it on the Roster page.`));
    else if (j.ok) say($('hosts-result'), 'ok', L(`${f.name} の受入日程を取り込みました。`,
                                                  `Imported the host days of ${f.name}.`));
    else rowErrors($('hosts-result'), f, j);
    draw();
  });
  // the survey's questions (fairsync settings --survey), all or nothing
  dropZone($('survey-drop'), $('survey-file'), async (files) => {
    const f = files[0];
    if (!f) return;
    say($('survey-result'), 'info', L('取り込み中…', 'Importing…'));
    const j = await post('/api/survey?name=' + encodeURIComponent(f.name), f);
    if (j.ok) say($('survey-result'), 'ok', L(`${f.name} の設問を登録しました。`,
                                              `Stored the questions of ${f.name}.`),
                  (j.messages || []).map((m) => m.text).join(' '));
    else if (j.messages) rowErrors($('survey-result'), f, j);
    else sayError($('survey-result'), f.name + ': ', j.error || '');
  });
  dropZone($('plan-drop'), $('plan-file'), async (files) => {
    const f = files[0];
    if (!f) return;
    say($('plan-import-result'), 'info', L('確認中…', 'Checking…'));
    const j = await post('/api/import?kind=assignments&name=' +
                         encodeURIComponent(f.name), f);
    if (j.mismatch) sayError($('plan-import-result'), '', L(
      `これは${j.detected_ja}の一覧のようです。計画のファイルをドロップしてください。`,
      `This looks like ${kindJa(j.detected)}, not a plan.`));
    else if (j.ok) say($('plan-import-result'), 'ok', L(
      `${f.name} の計画を取り込みました。`, `Imported the plan ${f.name}.`),
      (j.messages || []).map((m) => m.text).join(' '));
    else rowErrors($('plan-import-result'), f, j);
    draw();
  });
  $('assign').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = new URLSearchParams(new FormData($('assign')));
    if (!$('seed').value.trim()) form.delete('seed');
    say($('assign-result'), 'info', L('割り当て中…', 'Assigning…'));
    const j = await post('/api/assign', form.toString(),
                         'application/x-www-form-urlencoded');
    if (j.ok) {
      say($('assign-result'), 'ok', L(
        `学生 ${j.students}人に ${j.assigned}件の訪問を割り当てました（受入日 ${j.host_days}件、` +
        `割り当て済みのまま ${j.kept}人${j.voided ? '、以前の計画は取り消し' : ''}）。`,
        `Assigned ${j.assigned} visits to ${j.students} students over ` +
        `${j.host_days} host days (${j.kept} kept theirs${j.voided ? '; the earlier plan cancelled' : ''}).`),
        L(`計画番号 ${j.seed}（同じ番号で同じ計画になります）`,
          `plan number ${j.seed} (gives this plan again)`));
      $('seed').value = j.seed;
      $('reassign').checked = false;
    } else {
      const d = sayError($('assign-result'), L('割り当てられません。', 'Cannot assign. '),
                         j.error || '');
      if (j.reasons && j.reasons.length > 1) {
        const ul = el('ul');
        for (const r of j.reasons) ul.append(el('li', r));
        d.append(ul);
      }
    }
    draw();
  });
  $('visit-pack').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = new URLSearchParams(new FormData($('visit-pack')));
    say($('visit-result'), 'info', L('作成中…', 'Packing…'));
    const j = await post('/api/pack', form.toString(),
                         'application/x-www-form-urlencoded');
    if (j.error) sayError($('visit-result'), '', j.error);
    else say($('visit-result'), 'ok', L(`${j.file} をダウンロードしました。`,
                                        `Downloaded ${j.file}.`));
  });
  redraw = () => { draw(); feedback(); };
  await draw();
  await feedback();
};

// A refused all-or-nothing tour file: each row's reason, in words.
function rowErrors(box, f, j) {
  const d = say(box, 'err', L(`${f.name}: 誤りがあるため何も取り込んでいません。`,
                              `${f.name}: nothing imported; some rows are refused.`));
  const ul = el('ul');
  for (const m of j.messages || []) {
    const [s1, d1] = explain(m.text);
    const li = el('li', (m.line ? L(`${m.line}行目: `, `line ${m.line}: `) : '') + s1);
    if (d1) li.append(el('span', d1, 'details'));
    ul.append(li);
  }
  if (j.error) ul.append(el('li', explain(j.error)[0]));
  d.append(ul);
}

$('lang').addEventListener('click', () => {
  lang = lang === 'en' ? 'ja' : 'en';
  localStorage.setItem('lang', lang);
  applyLang();
  if (redraw) Promise.resolve(redraw()).catch(() => {});
});
applyLang();
if (pages[page]) pages[page]().catch((e) => console.error(e));

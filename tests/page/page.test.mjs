// guanai.html in Debian's chromium, headless, driven by Playwright (playwright-core):
//   node page.test.mjs PAGE OUT [FOLDER] [MONTH] [ZIP]
// Opens PAGE from file:// with networking off and the clock at GUANAI_NOW (Asia/Shanghai),
// drops FOLDER onto the page (every file in it must arrive) and then chooses it again with
// 选择文件夹 (the files must be kept once), or drops ZIP onto it, sets the month, runs, and
// saves into OUT: the zip of all downloads, the JSON and the summary workbook one by one,
// summary.txt (the page's summary), screenshot.png (refused.png: the refused drop), and result.json (requests made, time,
// the tab's peak memory). Fails on any network request, page error or failed run (with
// EXPECT=out-of-memory: unless the run ends in the page's Chinese out-of-memory message).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [pagePath, out, folder, month, zip] = process.argv.slice(2);
const now = process.env.GUANAI_NOW || '2026-01-05T09:30:00';
fs.mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
});
const context = await browser.newContext({
  offline: true, acceptDownloads: true, timezoneId: 'Asia/Shanghai', locale: 'zh-CN',
  viewport: { width: 1366, height: 768 },
});
const requests = [];
context.on('request', (r) => requests.push(r.url()));
const page = await context.newPage();
const problems = [];
page.on('pageerror', (e) => problems.push('page error: ' + e.message));
page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
page.on('worker', (w) => w.on('console', (m) => { if (m.type() === 'error') problems.push('worker console: ' + m.text()); }));
// The page's clock: the same local time as the command line's GUANAI_NOW.
await page.clock.setFixedTime(new Date(now + '+08:00'));
await page.goto(pathToFileURL(path.resolve(pagePath)).href);
await page.waitForSelector('body[data-state=ready]');

// A real drag and drop, as the browser delivers one from the desktop (chromium's DevTools
// protocol with the paths themselves: a folder arrives as a folder entry, a zip as a file).
async function drop(paths) {
  const cdp = await context.newCDPSession(page);
  const box = await page.locator('#drop').boundingBox();
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const data = { items: [], files: paths.map((p) => path.resolve(p)), dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  await cdp.detach();
}
const count = () => page.evaluate(() => Number(document.getElementById('chosen').dataset.count || 0));
const chosen = {};
if (folder) {
  // A browser with only the older entries interface, which Chromium refuses on file://: the
  // clerk is told in Chinese to use 选择文件夹 instead of being left with nothing.
  await page.evaluate(() => {
    window.handleOf = DataTransferItem.prototype.getAsFileSystemHandle;
    delete DataTransferItem.prototype.getAsFileSystemHandle;
  });
  await drop([folder]);
  await page.waitForFunction(() => document.getElementById('chosen').textContent.includes('选择文件夹'));
  chosen.refused = await page.textContent('#chosen');
  await page.screenshot({ path: path.join(out, 'refused.png'), clip: { x: 0, y: 0, width: 1366, height: 300 } });
  if (await count() !== 0) problems.push('a refused folder left files chosen');
  await page.evaluate(() => { DataTransferItem.prototype.getAsFileSystemHandle = window.handleOf; });
  // Dropped, then chosen again with 选择文件夹: the same files, kept once.
  await drop([folder]);
  await page.waitForFunction(() => Number(document.getElementById('chosen').dataset.count || 0) > 0);
  chosen.dropped = await count();
  // Every file arrives, but for those Chromium's folder handle never lists: names that begin
  // with '~' (Office's lock files among them) or that Windows could not hold.
  const files = fs.readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  chosen.on_disk = files.length;
  const listed = files.filter((e) => !path.relative(folder, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).some((p) => p.startsWith('~')));
  if (chosen.dropped !== listed.length) problems.push(`the folder dropped gave ${chosen.dropped} files of ${listed.length}`);
  await page.setInputFiles('#folder', path.resolve(folder));
  chosen.picked_again = await count();
  if (chosen.picked_again !== chosen.on_disk) problems.push(`the folder dropped, then chosen again, gave ${chosen.picked_again} files of ${chosen.on_disk}`);
  // 清空，重新选择, then the folder chosen once more.
  await page.click('#clear');
  chosen.cleared = await count();
  await page.setInputFiles('#folder', path.resolve(folder));
  if (chosen.cleared !== 0 || await count() !== chosen.on_disk) problems.push(`cleared: ${chosen.cleared} left, then ${await count()} chosen`);
}
if (zip) {
  // A township's mail attachment dragged onto the box.
  await drop([zip]);
  await page.waitForFunction(() => Number(document.getElementById('chosen').dataset.count || 0) > 0);
  chosen.zip = await count();
}
await page.waitForFunction(() => !document.getElementById('start').disabled);
if (month) {
  await page.check('input[name=period][value=month]');
  await page.fill('#month', month);
}
const began = Date.now();
await page.click('#start');
// The page must stay responsive while the worker runs: a script on it answers at once.
const pings = [];
while (await page.evaluate(() => document.body.dataset.state) === 'running') {
  const t = Date.now();
  await page.evaluate(() => 1);
  pings.push(Date.now() - t);
  await page.waitForTimeout(200);
}
const seconds = (Date.now() - began) / 1000;
const state = await page.evaluate(() => document.body.dataset.state);
const summary = await page.textContent('#summary');
fs.writeFileSync(path.join(out, 'summary.txt'), summary);
await page.screenshot({ path: path.join(out, 'screenshot.png'), fullPage: true });
// The tab's peak memory: the largest peak resident size among chromium's page processes
// (the page and its worker share one), read from /proc.
function rendererPeakKb() {
  let peak = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]));
    } catch { /* the process ended */ }
  }
  return peak;
}
const memory = rendererPeakKb();

// The zip of everything, and the JSON and the summary one by one (a download each: more in a
// row would meet the browser's limit on a page's downloads, which a clerk meets too).
const buttons = [];
for (const b of await page.$$('#downloads button')) {
  const text = await b.textContent();
  if (/全部下载|JSON|汇总表/.test(text)) buttons.push(b);
}
const offered = (await page.$$('#downloads button')).length;
const saved = [];
for (const b of buttons) {
  const [download] = await Promise.all([page.waitForEvent('download'), b.click()]);
  const name = download.suggestedFilename();
  await download.saveAs(path.join(out, name));
  saved.push(name);
}
await browser.close();

const foreign = requests.filter((u) => !/^(file|blob|data):/.test(u));
// A reader's panic is logged (page and worker both) and is no fault of the page's if the
// page started over and names the file it skipped.
const skippedShown = /读取时程序出错/.test(summary);
const panics = problems.filter((p) => /console: guanai: panicked/.test(p));
if (panics.length) problems.splice(0, problems.length, ...problems.filter((p) => !skippedShown || !panics.includes(p)));
const result = { state, seconds, chosen, requests: requests.length, foreign, offered, saved, pings_max_ms: Math.max(0, ...pings), tab_peak_kb: memory, reader_panics_logged: panics.length, problems };
fs.writeFileSync(path.join(out, 'result.json'), JSON.stringify(result, null, 2));
console.log(JSON.stringify(result));
// EXPECT=out-of-memory: a district too large for a tab's WebAssembly (4 GB) must end in the
// page's Chinese message, with no English trap text on the page and nothing offered.
if (process.env.EXPECT === 'out-of-memory') {
  const said = state === 'failed' && /内存不够/.test(summary) && !/[A-Za-z]{4,}/.test(summary.replace(/guanai\.exe|GB/g, ''));
  const others = problems.filter((p) => !/console: guanai: /.test(p));
  if (!said || foreign.length || others.length || offered) {
    console.error('页面测试失败（内存不够时）：' + JSON.stringify({ state, summary, foreign, others, offered }));
    process.exit(1);
  }
} else if (state !== 'done' || foreign.length || problems.length || saved.length < 3) {
  console.error('页面测试失败：' + (state !== 'done' ? summary : JSON.stringify({ foreign, problems, saved })));
  process.exit(1);
}

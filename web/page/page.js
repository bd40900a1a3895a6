// guanai.html's page: choosing files, the options, progress, the summary and downloads.
// The checks run in a Web Worker made from the embedded worker source; the WebAssembly
// module is embedded gzip'd and base64'd. Nothing is fetched and nothing is sent anywhere.
'use strict';
const $ = (id) => document.getElementById(id);
const chosen = []; // {root, path, file}: root the dropped folder's name, path inside it
let urls = [];

// The same file chosen twice (a folder dropped again, or picked after it was dropped) is
// kept once: a second copy would be read as a second report of the same people.
function add(root, path, file) {
  const same = chosen.findIndex((c) => c.root === root && c.path === path);
  if (same >= 0) chosen[same] = { root, path, file };
  else chosen.push({ root, path, file });
}

function clearChosen() {
  chosen.length = 0;
  showChosen();
}

function showChosen() {
  const bytes = chosen.reduce((sum, c) => sum + c.file.size, 0);
  const tops = [...new Set(chosen.map((c) => (c.root ? c.root + '/' : c.path)))];
  const shown = tops.slice(0, 8).join('、') + (tops.length > 8 ? ' 等' : '');
  $('chosen').textContent = chosen.length
    ? `已选择 ${chosen.length} 个文件（${(bytes / 1048576).toFixed(1)} MB）：${shown}`
    : '还没有选择文件。';
  $('chosen').dataset.count = String(chosen.length);
  $('clear').hidden = chosen.length === 0;
  $('start').disabled = chosen.length === 0;
}

function fileOf(entry) {
  return new Promise((ok, no) => entry.file(ok, no));
}

// A dropped folder through the entries interface. Chromium refuses it on a page opened from
// file:// (EncodingError), so there the folder is read through its handle instead.
async function readEntries(dir, root, prefix) {
  const reader = dir.createReader();
  for (;;) {
    const batch = await new Promise((ok, no) => reader.readEntries(ok, no));
    if (batch.length === 0) return;
    for (const entry of batch) {
      if (entry.isDirectory) await readEntries(entry, root, prefix + entry.name + '/');
      else add(root, prefix + entry.name, await fileOf(entry));
    }
  }
}

async function readHandle(dir, root, prefix) {
  for await (const handle of dir.values()) {
    if (handle.kind === 'directory') await readHandle(handle, root, prefix + handle.name + '/');
    else add(root, prefix + handle.name, await handle.getFile());
  }
}

// What one dropped item is, taken while the drop is current: its handle (Chromium), its entry
// and its file. The drop's list is emptied at the first await.
function grasp(item) {
  return {
    handle: item.getAsFileSystemHandle ? item.getAsFileSystemHandle().catch(() => null) : null,
    entry: item.webkitGetAsEntry ? item.webkitGetAsEntry() : null,
    file: item.getAsFile(),
  };
}

// Reads the item as a folder through its handle, if it is one; says whether it was.
async function takeHandle(one) {
  const handle = one.handle ? await one.handle : null;
  if (!handle || handle.kind !== 'directory') return false;
  await readHandle(handle, handle.name, '');
  return true;
}

// A folder through the entries reader, which lists every file; where the browser refuses it
// (Chromium on file://), through its handle, which does not list names beginning with '~'.
async function takeDropped(one) {
  if (one.entry && one.entry.isDirectory) {
    try {
      await readEntries(one.entry, one.entry.name, '');
    } catch (refused) {
      if (!(await takeHandle(one))) throw refused;
    }
  } else if (!(await takeHandle(one)) && one.file) {
    add('', one.file.name, one.file);
  }
}

async function dropped(event) {
  event.preventDefault();
  $('drop').classList.remove('over');
  const items = [...event.dataTransfer.items].filter((i) => i.kind === 'file').map(grasp);
  const refused = [];
  for (const one of items) {
    try {
      await takeDropped(one);
    } catch (e) {
      refused.push(one.entry ? one.entry.name : String(e));
    }
  }
  showChosen();
  if (refused.length) {
    $('chosen').textContent += `\n浏览器不允许读取拖入的“${refused.join('、')}”。请点上面的“选择文件夹”选择它。`;
  }
}

function picked(input) {
  for (const file of input.files) {
    const rel = file.webkitRelativePath || '';
    const cut = rel.indexOf('/');
    if (cut > 0) add(rel.slice(0, cut), rel.slice(cut + 1), file);
    else add('', file.name, file);
  }
  input.value = '';
  showChosen();
}

function localNow() {
  const d = new Date();
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

function options() {
  const period = document.querySelector('input[name=period]:checked').value;
  return {
    month: period === 'month' ? $('month').value : '',
    from: period === 'range' ? $('from').value : '',
    to: period === 'range' ? $('to').value : '',
    asOf: $('as-of').value,
    mask: $('mask').checked,
    now: localNow(),
  };
}

async function wasmBytes() {
  const text = atob($('wasm').textContent.trim());
  const packed = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) packed[i] = text.charCodeAt(i);
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

const workerUrl = URL.createObjectURL(new Blob([$('worker').textContent], { type: 'text/javascript' }));

function progress(message) {
  const bar = $('bar');
  if (message.busy) bar.removeAttribute('value');
  else {
    bar.max = Math.max(message.total, 1);
    bar.value = message.done;
  }
  $('phase').textContent = message.total ? `${message.text}（${message.done}/${message.total}）` : message.text;
}

function save(name, bytes) {
  const url = URL.createObjectURL(new Blob([bytes]));
  urls.push(url);
  const a = document.createElement('a');
  a.href = url;
  a.download = name.split('/').pop();
  document.body.appendChild(a);
  a.click();
  a.remove();
}

function size(bytes) {
  return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(bytes / 1024)) + ' KB';
}

function button(text, className, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (className) b.className = className;
  b.addEventListener('click', onClick);
  return b;
}

function finished(message, seconds, skipped) {
  const verdict = $('verdict');
  const ok = message.downloads.length > 1;
  verdict.textContent = ok ? `核查完成（用时 ${seconds} 秒）：错误 ${message.errors} 条` : '没有找到报送材料';
  verdict.className = ok && message.errors === 0 ? 'good' : 'bad';
  const lines = [message.summary];
  if (skipped.length) lines.push('', '以下文件读取时程序出错，已按无法读取（F02）跳过：', ...skipped.map((s) => '  ' + s));
  if (message.failed) lines.push('', '以下结果未能生成：', message.failed);
  $('summary').textContent = lines.join('\n');
  const list = $('downloads');
  list.replaceChildren();
  if (message.bundle) {
    const b = message.bundle;
    list.appendChild(button(`全部下载（一个压缩包）：${b.name}，${size(b.bytes.byteLength)}`, 'all', () => save(b.name, b.bytes)));
  }
  // The townships' feedback workbooks side by side under one heading: a district has dozens.
  const feedback = document.createElement('div');
  feedback.className = 'feedback';
  for (const d of message.downloads) {
    if (d.label === '问题反馈') {
      const name = d.name.split('/').pop();
      feedback.appendChild(button(`${name}，${size(d.bytes.byteLength)}`, '', () => save(name, d.bytes)));
    } else {
      if (d.name.endsWith('.json') && feedback.childElementCount) {
        const heading = document.createElement('p');
        heading.textContent = '各镇（街道）问题反馈（发回各镇街改正用）：';
        list.append(heading, feedback);
      }
      list.appendChild(button(`下载${d.label}：${d.name}，${size(d.bytes.byteLength)}`, '', () => save(d.name, d.bytes)));
    }
  }
  $('result').hidden = false;
  // On a 1366×768 screen the result is below the options: bring it into view.
  $('result').scrollIntoView({ block: 'start' });
  document.body.dataset.state = 'done';
}

function failedRun(text) {
  $('verdict').textContent = '没有完成核查';
  $('verdict').className = 'bad';
  $('summary').textContent = text;
  $('downloads').replaceChildren();
  $('result').hidden = false;
  document.body.dataset.state = 'failed';
}

async function run(skip) {
  const began = performance.now();
  const files = await Promise.all(chosen.map(async (c) => ({ root: c.root, path: c.path, bytes: await c.file.arrayBuffer() })));
  const worker = new Worker(workerUrl);
  worker.onmessage = (event) => {
    const m = event.data;
    if (m.type === 'progress') progress(m);
    else if (m.type === 'done') {
      worker.terminate();
      $('progress').hidden = true;
      $('start').disabled = false;
      finished(m, ((performance.now() - began) / 1000).toFixed(1), skip);
    } else if (m.type === 'failed') {
      worker.terminate();
      // A reader's panic on one file: start over without it, as the command line does (F02).
      if (m.panicked && m.reading && !skip.includes(m.reading) && skip.length < 20) {
        $('phase').textContent = `读取“${m.reading}”时程序出错，跳过该文件重新核查…`;
        run(skip.concat([m.reading]));
        return;
      }
      $('progress').hidden = true;
      $('start').disabled = false;
      failedRun(m.message);
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    worker.terminate();
    $('progress').hidden = true;
    $('start').disabled = false;
    failedRun('核查时出错：' + (event.message || '浏览器停止了核查') + '。文件很多时，请关闭其他网页后重试，或使用 guanai.exe。');
  };
  const wasm = await wasmBytes();
  worker.postMessage({ wasm, options: options(), files, skip }, files.map((f) => f.bytes));
}

function start() {
  urls.forEach((u) => URL.revokeObjectURL(u));
  urls = [];
  $('start').disabled = true;
  $('result').hidden = true;
  $('progress').hidden = false;
  document.body.dataset.state = 'running';
  progress({ done: 0, total: chosen.length, text: '正在准备' });
  run([]).catch((e) => failedRun('核查时出错：' + e));
}

function setUp() {
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => { dropped(e).catch((err) => failedRun('读取拖入的文件时出错：' + err)); });
  // A file dropped beside the box must not make the browser open it instead of the page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  $('pick-files').addEventListener('click', () => $('files').click());
  $('pick-folder').addEventListener('click', () => $('folder').click());
  $('files').addEventListener('change', () => picked($('files')));
  $('folder').addEventListener('change', () => picked($('folder')));
  $('clear').addEventListener('click', clearChosen);
  $('start').addEventListener('click', start);
  for (const id of ['month', 'from', 'to']) {
    $(id).addEventListener('input', () => {
      document.querySelector(`input[name=period][value=${id === 'month' ? 'month' : 'range'}]`).checked = true;
    });
  }
  if (typeof DecompressionStream === 'undefined' || typeof Worker === 'undefined' || typeof WebAssembly === 'undefined') {
    $('hint').textContent = '这个浏览器版本过旧，无法使用网页版。请使用新版 Edge、360 浏览器（极速模式）、Chrome 或 Firefox，或使用 guanai.exe。';
    $('start').hidden = true;
  }
  document.body.dataset.state = 'ready';
}

setUp();

// guanai.html's Web Worker: the checks run here, off the page's thread, so the page stays
// responsive. wasm_bindgen (the generated glue) is defined above this text in the same
// worker source. Messages in: {wasm, options, files, skip}; out: progress, then done or
// failed (with the file being read when the module stopped, so the page can start over
// without it).
'use strict';
let reading = '';
let panicked = '';
self.guanaiPanic = (message) => { panicked = message; };
self.onmessage = (event) => {
  const { wasm, options, files, skip } = event.data;
  try {
    wasm_bindgen.initSync({ module: wasm });
    const run = new wasm_bindgen.Run(options.month, options.from, options.to, options.asOf, options.mask, options.now);
    for (const f of files) run.add(f.root, f.path, new Uint8Array(f.bytes));
    const total = run.find();
    for (const name of skip) run.skip(name);
    self.postMessage({ type: 'progress', done: 0, total, text: '正在读取文件' });
    let done = 0;
    for (;;) {
      reading = run.next_name();
      if (!run.read_next()) break;
      done += 1;
      self.postMessage({ type: 'progress', done, total, text: '正在读取：' + reading });
    }
    reading = '';
    self.postMessage({ type: 'progress', done, total, text: '正在核查、考核并生成结果', busy: true });
    const out = run.finish();
    const downloads = [];
    for (let i = 0; i < out.count(); i += 1) {
      downloads.push({ name: out.name(i), label: out.label(i), bytes: out.take(i).buffer });
    }
    const bundle = out.bundle_name() ? { name: out.bundle_name(), bytes: out.take_bundle().buffer } : null;
    const message = { type: 'done', summary: out.summary(), errors: out.errors(), failed: out.failed(), downloads, bundle };
    const transfer = downloads.map((d) => d.bytes).concat(bundle ? [bundle.bytes] : []);
    self.postMessage(message, transfer);
  } catch (e) {
    if (typeof e === 'string') {
      // An option the library refused, said in Chinese.
      self.postMessage({ type: 'failed', message: e, reading: '' });
    } else if (panicked) {
      // The panic's own words are the developers' (English): in the console, not on the page.
      console.error('guanai: ' + panicked);
      self.postMessage({ type: 'failed', message: '核查程序出错，没有完成核查。请改用 guanai.exe 核查这些文件，并把文件交给技术人员以便改正。', reading, panicked: true });
    } else {
      // The module stopped without a panic: it ran out of memory (a tab's WebAssembly has at most
      // 4 GB). The trap's own word ("unreachable") is for the console, not for the clerk.
      console.error('guanai: ' + String(e && e.message || e));
      self.postMessage({ type: 'failed', message: '浏览器的内存不够核查这么多文件（网页版最多用 4 GB 内存）。请分镇（街道）分批核查，或使用 guanai.exe。', reading: '' });
    }
  }
};

//! The page's WebAssembly interface: `guanai::browser::PageRun` step by step, so the Web
//! Worker can report each file read, and its outputs handed over one at a time.

use guanai::browser::{Finished, Options, PageRun};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The worker's `guanaiPanic`: told of a panic before the module stops, so that the
    /// page can tell a reader's panic on one file (start over without it) from running out
    /// of memory (which stops without a panic).
    #[wasm_bindgen(js_name = guanaiPanic)]
    fn guanai_panic(message: &str);
}

/// One run of the page (a `PageRun` until `finish`).
#[wasm_bindgen]
pub struct Run(Option<PageRun>);

#[wasm_bindgen]
impl Run {
    /// The page's options as text (empty: not given) and its clock; a bad option is thrown
    /// as its Chinese message.
    #[wasm_bindgen(constructor)]
    pub fn new(month: String, from: String, to: String, as_of: String, mask: bool, now: String) -> Result<Run, String> {
        std::panic::set_hook(Box::new(|info| guanai_panic(&info.to_string())));
        PageRun::new(&Options { month, from, to, as_of, mask, now }).map(|run| Run(Some(run)))
    }

    pub fn add(&mut self, root: &str, path: &str, bytes: Vec<u8>) {
        if let Some(run) = &mut self.0 {
            run.add(root, path, bytes);
        }
    }

    /// How many files there are to read, archives' members counted.
    pub fn find(&mut self) -> usize {
        self.0.as_mut().map_or(0, PageRun::find)
    }

    pub fn skip(&mut self, name: &str) {
        if let Some(run) = &mut self.0 {
            run.skip(name);
        }
    }

    /// The shown path of the file read next ("" when all are read).
    pub fn next_name(&self) -> String {
        self.0.as_ref().and_then(PageRun::next_name).unwrap_or_default().to_string()
    }

    /// Reads the next file; false when all were read.
    pub fn read_next(&mut self) -> bool {
        self.0.as_mut().is_some_and(PageRun::read_next)
    }

    /// Checks, assesses and writes every output in memory.
    pub fn finish(&mut self) -> Result<Outputs, String> {
        self.0.take().map(|run| Outputs(run.finish())).ok_or_else(|| "本次核查已经完成，请重新开始".to_string())
    }
}

/// What a run offers: the summary and each download.
#[wasm_bindgen]
pub struct Outputs(Finished);

#[wasm_bindgen]
impl Outputs {
    pub fn summary(&self) -> String {
        self.0.summary.clone()
    }

    pub fn errors(&self) -> usize {
        self.0.errors
    }

    /// The outputs that could not be written, a line each.
    pub fn failed(&self) -> String {
        self.0.failed.join("\n")
    }

    pub fn count(&self) -> usize {
        self.0.downloads.len()
    }

    pub fn name(&self, i: usize) -> String {
        self.0.downloads.get(i).map(|d| d.name.clone()).unwrap_or_default()
    }

    pub fn label(&self, i: usize) -> String {
        self.0.downloads.get(i).map(|d| d.label.to_string()).unwrap_or_default()
    }

    /// A download's bytes, handed over once (the page keeps them; Rust lets them go).
    pub fn take(&mut self, i: usize) -> Vec<u8> {
        self.0.downloads.get_mut(i).map(|d| std::mem::take(&mut d.bytes)).unwrap_or_default()
    }

    /// The zip of every output ("" when there is none).
    pub fn bundle_name(&self) -> String {
        self.0.bundle.as_ref().map(|d| d.name.clone()).unwrap_or_default()
    }

    pub fn take_bundle(&mut self) -> Vec<u8> {
        self.0.bundle.as_mut().map(|d| std::mem::take(&mut d.bytes)).unwrap_or_default()
    }
}

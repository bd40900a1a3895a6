//! From paths on disk to classified sheets with located, typed rows.
//!
//! `files` finds and reads the inputs, `workbook`/`csv` turn bytes into cells,
//! `layout` finds the header and says what each column means.

pub mod csv;
pub mod files;
pub mod layout;
pub mod workbook;

//! Pure functions that turn what people type into what the checks compare.
//!
//! Nothing here reads files or knows about sheets: every function takes a value and
//! returns a value, so each one is tested by a table in its own module.

pub mod date;
pub mod idcard;
pub(crate) mod kinds;
pub(crate) mod matcher;
pub mod phone;
pub mod text;
pub mod vocab;

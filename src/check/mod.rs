//! The checks of SPEC §4 that judge rows once they are typed: first each row alone,
//! then across rows (exclusions lists, duplicates, ledgers against logs), then per
//! village and per recipient.

pub mod dates;
pub mod recipients;
pub mod roster;
pub mod villages;
pub mod visits;
pub mod volunteers;

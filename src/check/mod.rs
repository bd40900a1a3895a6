//! The checks of SPEC §4 that judge rows once they are typed: first each row alone,
//! then across rows (exclusions lists, duplicates), then per village.

pub mod villages;
pub mod volunteers;

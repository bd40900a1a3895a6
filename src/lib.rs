//! guanai (关爱): consolidates and checks the township submissions for the district
//! civil-affairs bureau's care-visit programme.

pub mod normalize;
pub mod config;
pub mod model;
pub mod ingest;
pub mod check;
pub mod period;
pub mod report;
pub mod cli;
pub mod cmd;

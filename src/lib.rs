//! guanai (关爱): consolidates and checks the township submissions for the district
//! civil-affairs bureau's care-visit programme.

pub mod assess;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod ingest;
pub mod interrupt;
pub mod model;
pub mod normalize;
pub mod own;
pub mod period;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod say;

//! One module per subcommand, each with a `run` that returns the exit decision.

pub mod cards;
pub mod check;
pub mod history;
pub mod inbox;
mod kept;
pub mod rules;
pub mod template;

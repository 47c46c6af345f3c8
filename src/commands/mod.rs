//! One module per subcommand, each with a `run` function.

pub mod login;
pub mod logout;
pub mod status;
pub mod token;

//! The command line's subcommands other than serving: `rallymap editor …`
//! (accounts) and `rallymap import …` (files into events).

mod editor;
mod import;

pub use editor::{editor, CliError, PasswordSource};
pub use import::{import, ImportArgs, ImportError};

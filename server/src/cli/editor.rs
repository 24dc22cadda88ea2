//! `rallymap editor …`: editor accounts from the command line.

use std::io::{BufRead, IsTerminal, Write};

use super::EditorCommand;
use crate::auth::AccountError;
use crate::config::Config;
use crate::store::OpenError;

/// What an account command can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The database could not be opened.
    #[error(transparent)]
    Open(#[from] OpenError),
    /// The account change was refused.
    #[error(transparent)]
    Account(#[from] AccountError),
    /// Reading the password or writing the answer failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] domain::store::StoreError),
    /// Standard input ended before a password line.
    #[error("no password on standard input")]
    NoPassword,
}

/// Where the password comes from.
pub enum PasswordSource<'a> {
    /// A terminal: prompt twice, without echo.
    Prompt,
    /// One line of this input (a pipe or a file).
    Lines(&'a mut dyn BufRead),
}

impl PasswordSource<'_> {
    /// A prompt when standard input is a terminal, else its first line.
    pub fn from_stdin(stdin: &mut dyn BufRead) -> PasswordSource<'_> {
        if std::io::stdin().is_terminal() {
            PasswordSource::Prompt
        } else {
            PasswordSource::Lines(stdin)
        }
    }

    fn read(&mut self, name: &str) -> Result<String, CliError> {
        match self {
            Self::Prompt => {
                let a = rpassword::prompt_password(format!("Password for {name}: "))?;
                let b = rpassword::prompt_password("Again: ")?;
                if a != b {
                    return Err(AccountError::Mismatch.into());
                }
                Ok(a)
            }
            Self::Lines(input) => {
                let mut line = String::new();
                if input.read_line(&mut line)? == 0 {
                    return Err(CliError::NoPassword);
                }
                Ok(line.trim_end_matches(['\r', '\n']).to_owned())
            }
        }
    }
}

/// Runs an editor command against the database of `config`, writing what it
/// did to `out`.
///
/// # Errors
/// [`CliError`], with a message naming what was wrong.
pub async fn editor(
    config: &Config,
    action: &EditorCommand,
    mut password: PasswordSource<'_>,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let accounts = crate::store::open(&config.database_url).await?.accounts();
    match action {
        EditorCommand::Add { name } => {
            let p = password.read(name)?;
            accounts.add(name, &p).await?;
            writeln!(out, "added editor {name}")?;
        }
        EditorCommand::ResetPassword { name } => {
            let p = password.read(name)?;
            accounts.reset_password(name, &p).await?;
            writeln!(out, "new password set for {name}")?;
        }
        EditorCommand::List => {
            let editors = accounts.list().await?;
            if editors.is_empty() {
                writeln!(out, "no editors; add one with: rallymap editor add NAME")?;
            }
            for e in editors {
                writeln!(out, "{}\tadded {}\tpassword changed {}", e.name, e.created_at, e.updated_at)?;
            }
        }
    }
    Ok(())
}

//! The `rallymap` binary: parses the command line and runs a subcommand.
//!
//! Logs go to standard error, so that standard output carries only what a
//! command answers (an import's report, generated GeoJSON). Nothing here
//! panics when standard output or error is a closed pipe: `println!` and
//! `eprintln!` would, so they are not used.

use std::io::Write;

use clap::Parser;
use server::cli::{Cli, Command};
use tracing_subscriber::EnvFilter;

/// mimalloc, not glibc's malloc: with glibc, memory freed by one thread's
/// arena was not given back and the server grew under a steady load of
/// saves and reads (README, "Memory").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Writes `rallymap: {message}` to standard error, if it can.
fn complain(message: &dyn std::fmt::Display) {
    let _ = writeln!(std::io::stderr(), "rallymap: {message}");
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        // Its complaint about a closed standard error would be an
        // `eprintln!`, which panics there.
        .log_internal_errors(false)
        .init();
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => server::serve(cli.config).await.map_err(|e| e.to_string()),
        Command::Generate { events, seed } => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            match domain::synthetic::write_collection(&mut out, seed, events).and_then(|()| out.flush()) {
                // The reader took what it wanted (`| head`): not a failure.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                r => r.map_err(|e| e.to_string()),
            }
        }
        Command::Import(args) => {
            let code = server::cli::import(&cli.config, &args, &mut std::io::stdout(), &mut std::io::stderr()).await;
            return std::process::ExitCode::from(code.unwrap_or_else(|e| {
                complain(&e);
                2
            }));
        }
        Command::MigrateData(args) => {
            return match server::cli::migrate_data(&args, &mut std::io::stdout()).await {
                Ok(()) => std::process::ExitCode::SUCCESS,
                Err(e) => {
                    complain(&e);
                    std::process::ExitCode::from(e.exit_code())
                }
            };
        }
        Command::Editor { action } => {
            let stdin = std::io::stdin();
            let mut input = stdin.lock();
            let source = server::cli::PasswordSource::from_stdin(&mut input);
            server::cli::editor(&cli.config, &action, source, &mut std::io::stdout()).await.map_err(|e| e.to_string())
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            complain(&e);
            std::process::ExitCode::FAILURE
        }
    }
}

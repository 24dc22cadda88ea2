//! The `rallymap` binary: parses the command line and runs a subcommand.

use clap::Parser;
use server::cli::{Cli, Command};
use tracing_subscriber::EnvFilter;

/// mimalloc, not glibc's malloc: with glibc, memory freed by one thread's
/// arena was not given back and the server grew under a steady load of
/// saves and reads (README, "Memory").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();
    let cli = Cli::parse();
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => server::serve(cli.config).await.map_err(|e| e.to_string()),
        Command::Generate { events, seed } => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            domain::synthetic::write_collection(&mut out, seed, events)
                .and_then(|()| std::io::Write::flush(&mut out))
                .map_err(|e| e.to_string())
        }
        Command::Import(args) => {
            return match server::cli::import(&cli.config, &args, &mut std::io::stdout()).await {
                Ok(code) => std::process::ExitCode::from(code),
                Err(e) => {
                    eprintln!("rallymap: {e}");
                    std::process::ExitCode::from(2)
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
            eprintln!("rallymap: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

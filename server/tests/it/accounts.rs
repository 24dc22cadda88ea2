//! `rallymap editor …`: accounts from the command line, run as a user would,
//! with the password on standard input.

use std::io::Write;
use std::process::{Command, Stdio};

use server::auth::check_credentials;
use server::store::SqliteStore;
use tempfile::TempDir;

/// Runs the real binary with `args` and `stdin`; returns (success, stdout, stderr).
fn rallymap(db: &str, args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rallymap"))
        .args(["--database-url", db])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write");
    let out = child.wait_with_output().expect("waits");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_cli_adds_lists_and_resets_editors() {
    let dir = TempDir::new().expect("tmp");
    let db = format!("sqlite://{}", dir.path().join("r.sqlite3").display());
    let (ok, out, err) = rallymap(&db, &["editor", "list"], "");
    assert!(ok, "{err}");
    assert_eq!(out, "no editors; add one with: rallymap editor add NAME\n");

    let (ok, out, err) = rallymap(&db, &["editor", "add", "anna"], "correct horse battery\n");
    assert!(ok, "{err}");
    assert_eq!(out, "added editor anna\n");
    let (ok, _, err) = rallymap(&db, &["editor", "add", "anna"], "another long password\n");
    assert!(!ok);
    assert_eq!(err, "rallymap: an editor named \"anna\" already exists\n");
    let (ok, _, err) = rallymap(&db, &["editor", "add", "ben"], "short\n");
    assert!(!ok);
    assert_eq!(err, "rallymap: password: must be 12 to 1024 characters, got 5\n");
    let (ok, _, err) = rallymap(&db, &["editor", "add", "ben"], "");
    assert!(!ok);
    assert_eq!(err, "rallymap: no password on standard input\n");

    let (_, out, _) = rallymap(&db, &["editor", "list"], "");
    assert!(out.starts_with("anna\tadded "), "{out}");
    assert_eq!(out.lines().count(), 1, "ben was never added");

    let store = SqliteStore::open(&db).await.expect("open");
    assert!(check_credentials(store.pool(), "anna", "correct horse battery").await.expect("db"));
    assert!(!check_credentials(store.pool(), "anna", "wrong horse battery").await.expect("db"));
    assert!(!check_credentials(store.pool(), "nobody", "correct horse battery").await.expect("db"));

    let (ok, out, err) = rallymap(&db, &["editor", "reset-password", "anna"], "a brand new passphrase\n");
    assert!(ok, "{err}");
    assert_eq!(out, "new password set for anna\n");
    assert!(check_credentials(store.pool(), "anna", "a brand new passphrase").await.expect("db"));
    assert!(!check_credentials(store.pool(), "anna", "correct horse battery").await.expect("db"));
    let (ok, _, err) = rallymap(&db, &["editor", "reset-password", "carl"], "a brand new passphrase\n");
    assert!(!ok);
    assert_eq!(err, "rallymap: no editor named \"carl\"\n");
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_never_in_clear() {
    let dir = TempDir::new().expect("tmp");
    let db = format!("sqlite://{}", dir.path().join("r.sqlite3").display());
    let (ok, _, err) = rallymap(&db, &["editor", "add", "anna"], "correct horse battery\n");
    assert!(ok, "{err}");
    let store = SqliteStore::open(&db).await.expect("open");
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM editors WHERE name = 'anna'")
        .fetch_one(store.pool())
        .await
        .expect("row");
    assert!(hash.starts_with("$argon2id$v=19$"), "{hash}");
    assert!(!hash.contains("correct horse"));
}

#[test]
fn the_password_is_never_an_argument() {
    let out = Command::new(env!("CARGO_BIN_EXE_rallymap")).args(["editor", "add", "--help"]).output().expect("runs");
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(!help.contains("--password"), "{help}");
}

//! `lakelab run SCRIPT.py [--workspace FILE.json] [--save FILE.json]`: runs a Python script as
//! one notebook cell against a fresh workspace (or the one in an export file), prints what it
//! prints, prints an uncaught exception as Python does (traceback on stderr, exit status 1),
//! and can save the resulting workspace as an export file the app imports.
//!
//! `lakelab check` and `lakelab grade` work on the curriculum (see `cli_content.rs`).

use std::time::{SystemTime, UNIX_EPOCH};

use lakelab_core::export::{export_snapshot, import_bytes};
use lakelab_core::notebook::{run_cell, Env, Session};
use lakelab_core::persist::envelope::SaveMeta;
use lakelab_core::Snapshot;

const USAGE: &str = "usage: lakelab run SCRIPT.py [--workspace FILE.json] [--save FILE.json]\n       lakelab check [CONTENT_DIR] [--datasets DIR] [--partial]\n       lakelab grade WORKSPACE.json...";

struct RunArgs {
    script: String,
    workspace: Option<String>,
    save: Option<String>,
}

fn parse(args: &[String]) -> Result<RunArgs, String> {
    let mut it = args.iter();
    match it.next().map(String::as_str) {
        Some("run") => {}
        _ => return Err(USAGE.into()),
    }
    let mut script = None;
    let mut workspace = None;
    let mut save = None;
    while let Some(a) = it.next() {
        match a.as_str() {
            "--workspace" => workspace = Some(it.next().ok_or(USAGE)?.clone()),
            "--save" => save = Some(it.next().ok_or(USAGE)?.clone()),
            other if other.starts_with("--") => {
                return Err(format!("unknown option {other}\n{USAGE}"))
            }
            other if script.is_none() => script = Some(other.to_string()),
            _ => return Err(USAGE.into()),
        }
    }
    Ok(RunArgs {
        script: script.ok_or(USAGE)?,
        workspace,
        save,
    })
}

/// Reads an export file (Settings' export, or `--save`'s output).
pub fn load_snapshot(path: &str) -> Result<Snapshot, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    import_bytes(&bytes)
        .map(|i| i.snapshot)
        .map_err(|e| e.to_string())
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Runs the command; returns the exit status.
pub fn main(args: Vec<String>) -> i32 {
    match args.first().map(String::as_str) {
        Some("check") => return crate::cli_content::check(&args[1..]),
        Some("grade") => return crate::cli_content::grade(&args[1..]),
        _ => {}
    }
    let run = match parse(&args) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            return 2;
        }
    };
    let code = match std::fs::read_to_string(&run.script) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("lakelab: cannot read {}: {e}", run.script);
            return 2;
        }
    };
    let mut snapshot = match &run.workspace {
        None => Snapshot::default(),
        Some(path) => match load_snapshot(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("lakelab: cannot load the workspace {path}: {e}");
                return 2;
            }
        },
    };
    let mut session = Session::new(now_ms() as u64);
    let mut clock = now_ms;
    let env = Env {
        clock: &mut clock,
        user: std::env::var("USER").unwrap_or_else(|_| "learner".into()),
        file_name: run.script.clone(),
    };
    let result = run_cell(&mut snapshot.workspace, &mut session, env, &code);
    print!("{}", result.stdout());
    let status = match &result.error {
        Some(e) => {
            eprintln!("{}", e.traceback);
            1
        }
        None => 0,
    };
    if let Some(path) = &run.save {
        let meta = SaveMeta {
            app_version: env!("CARGO_PKG_VERSION"),
            saved_at_ms: now_ms(),
        };
        match export_snapshot(&snapshot, meta).map(|text| std::fs::write(path, text)) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                eprintln!("lakelab: cannot save {path}: {e}");
                return 2;
            }
            Err(e) => {
                eprintln!("lakelab: cannot save {path}: {e}");
                return 2;
            }
        }
    }
    status
}

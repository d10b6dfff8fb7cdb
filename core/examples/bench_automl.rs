//! The AutoML benchmark natively (release build): prints one JSON object on stdout, progress on
//! stderr. `scripts/bench_automl.sh` runs it beside FLAML and the browser.
//!
//!   cargo run --release -p lakelab-core --example bench_automl
//!   BENCH_DATASETS=iris,wine BENCH_BUDGETS=5 cargo run --release -p lakelab-core --example bench_automl
//!   cargo run --release -p lakelab-core --example bench_automl -- --write-data /tmp/bench-data
//!
//! `BENCH_DATASETS` picks from iris, wine, breast_cancer, diabetes, synthetic_100k_x_20 (all by
//! default); `BENCH_BUDGETS` is a comma list of seconds (5,15,60 by default). `--write-data DIR`
//! writes each selected dataset with its split column as `DIR/<name>.csv` (what
//! `scripts/bench_automl.py` reads) and exits.

use std::path::{Path, PathBuf};
use std::time::Instant;

use lakelab_core::bench_automl::{self, Workload};

fn selected() -> Option<Vec<String>> {
    let v = std::env::var("BENCH_DATASETS").ok()?;
    Some(
        v.split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

fn budgets() -> Result<Vec<f64>, String> {
    match std::env::var("BENCH_BUDGETS") {
        Ok(v) => v
            .split(',')
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                s.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|b| *b > 0.0)
                    .ok_or(format!(
                        "BENCH_BUDGETS: '{s}' is not a positive number of seconds"
                    ))
            })
            .collect(),
        Err(_) => Ok(bench_automl::BUDGETS.to_vec()),
    }
}

fn workloads() -> Result<Vec<Workload>, String> {
    let wanted = selected();
    let take = |name: &str| wanted.as_ref().is_none_or(|w| w.iter().any(|n| n == name));
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/bench");
    let mut out = Vec::new();
    for (name, task) in bench_automl::REAL {
        if take(name) {
            let path = dir.join(format!("{name}.csv"));
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            out.push(bench_automl::real(name, task, &text)?);
        }
    }
    if take(bench_automl::SYNTHETIC_NAME) {
        out.push(bench_automl::synthetic_workload()?);
    }
    if let Some(w) = &wanted {
        if let Some(unknown) = w.iter().find(|n| !out.iter().any(|o| &o.name == *n)) {
            return Err(format!("BENCH_DATASETS: unknown dataset '{unknown}'"));
        }
    }
    Ok(out)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("bench_automl failed: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let workloads = workloads()?;
    if let Some(i) = args.iter().position(|a| a == "--write-data") {
        let dir = PathBuf::from(args.get(i + 1).ok_or("--write-data needs a directory")?);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for w in &workloads {
            let path = dir.join(format!("{}.csv", w.name));
            std::fs::write(&path, w.to_csv()).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        return Ok(());
    }
    let budgets = budgets()?;
    let origin = Instant::now();
    let mut clock = || origin.elapsed().as_secs_f64() * 1000.0;
    let mut progress = |v: &serde_json::Value| eprintln!("bench_automl: {v}");
    let figures = bench_automl::run(&workloads, &budgets, &mut clock, &mut progress)?;
    println!("{figures}");
    Ok(())
}

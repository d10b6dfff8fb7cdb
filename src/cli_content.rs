//! `lakelab check [CONTENT_DIR] [--datasets DIR] [--partial]` validates a content folder as the
//! app's own test does (format, coverage of the 48 objectives unless `--partial`, checked
//! questions and exercise solutions run on the engines).
//!
//! `lakelab grade WORKSPACE.json...` prints, for each exported workspace, every exercise's task
//! checklist as the app shows it, so a teacher can grade exported work without opening it.

use std::path::{Path, PathBuf};

use lakelab_core::curriculum::content::{read_dir, Bank, Problem};
use lakelab_core::curriculum::validate;
use lakelab_core::datasets::{self, Mounted};

const CHECK_USAGE: &str = "usage: lakelab check [CONTENT_DIR] [--datasets DIR] [--partial]";
const GRADE_USAGE: &str = "usage: lakelab grade WORKSPACE.json...";

fn mount(dir: &Path) -> Result<Mounted, String> {
    let files = datasets::DATASETS
        .iter()
        .map(|d| {
            std::fs::read(dir.join(d.file))
                .map(|b| (d.file.to_string(), b))
                .map_err(|e| {
                    format!(
                        "cannot read the dataset {}: {e}",
                        dir.join(d.file).display()
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(datasets::mount(files))
}

pub fn check(args: &[String]) -> i32 {
    let mut dir = None;
    let mut data = None;
    let mut partial = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--datasets" => match it.next() {
                Some(d) => data = Some(PathBuf::from(d)),
                None => return usage(CHECK_USAGE),
            },
            "--partial" => partial = true,
            other if other.starts_with("--") || dir.is_some() => return usage(CHECK_USAGE),
            other => dir = Some(PathBuf::from(other)),
        }
    }
    let dir = dir.unwrap_or_else(|| PathBuf::from("content"));
    let data = data.unwrap_or_else(|| dir.join("../public/datasets"));
    let files = match read_dir(&dir) {
        Ok(f) => f,
        Err(e) => {
            eprintln!(
                "lakelab: cannot read the content folder {}: {e}",
                dir.display()
            );
            return 2;
        }
    };
    let mounted = match mount(&data) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("lakelab: {e} (pass --datasets DIR)");
            return 2;
        }
    };
    let (bank, mut problems) = Bank::load(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    if !partial {
        problems.extend(validate::coverage(&bank));
    }
    problems.extend(validate::questions(&bank, &mounted));
    problems.extend(validate::exercises(&bank, &mounted));
    for p in &problems {
        println!("{p}");
    }
    println!(
        "{} questions, {} exercises: {}",
        bank.questions.len(),
        bank.exercises.len(),
        match problems.len() {
            0 => "OK".to_string(),
            1 => "1 problem".to_string(),
            n => format!("{n} problems"),
        }
    );
    i32::from(!problems.is_empty())
}

fn usage(text: &str) -> i32 {
    eprintln!("{text}");
    2
}

pub fn grade(args: &[String]) -> i32 {
    if args.is_empty() || args.iter().any(|a| a.starts_with("--")) {
        return usage(GRADE_USAGE);
    }
    let (bank, problems) = Bank::embedded();
    report_embedded(&problems);
    for path in args {
        let snapshot = match crate::cli::load_snapshot(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("lakelab: cannot load the workspace {path}: {e}");
                return 2;
            }
        };
        println!("{path}");
        let mut done = 0;
        for e in &bank.exercises {
            let results: Vec<Result<(), String>> = e
                .tasks
                .iter()
                .map(|t| t.check.evaluate(&snapshot.workspace))
                .collect();
            let passed = results.iter().filter(|r| r.is_ok()).count();
            if passed == results.len() {
                done += 1;
            }
            println!(
                "  [{passed}/{}] {} ({})",
                results.len(),
                e.id,
                e.objectives.join(", ")
            );
            if passed > 0 && passed < results.len() {
                for (t, r) in e.tasks.iter().zip(&results) {
                    let mark = if r.is_ok() { "x" } else { " " };
                    println!("      [{mark}] {}", t.label.replace('\n', " "));
                    if let Err(why) = r {
                        println!("          {why}");
                    }
                }
            }
        }
        println!("  {done} of {} exercises complete", bank.exercises.len());
    }
    0
}

/// The built-in content is validated by the test suite; a problem here means a broken build.
fn report_embedded(problems: &[Problem]) {
    for p in problems {
        eprintln!("lakelab: built-in content: {p}");
    }
}

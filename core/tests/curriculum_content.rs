//! The curriculum's content (`content/`) is well formed, covers the exam, and its claims hold
//! on the engines: checked questions' right options pass and wrong ones fail, exercises'
//! solutions pass their tasks and starters do not. The tests read the folder from disk (so a
//! content author can re-run the built test binary after each edit without a rebuild), and
//! one test proves the build embedded exactly that folder.

use std::path::PathBuf;

use lakelab_core::curriculum::content::{embedded_files, read_dir, Bank};
use lakelab_core::curriculum::validate;
use lakelab_core::datasets::{self, Mounted};

fn folder() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content");
    read_dir(&root).expect("the content folder reads")
}

fn bank() -> Bank {
    let files = folder();
    let (bank, problems) = Bank::load(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let listed: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(
        listed.is_empty(),
        "content problems:\n{}",
        listed.join("\n")
    );
    bank
}

fn mounted() -> Mounted {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/datasets");
    datasets::mount(datasets::DATASETS.iter().map(|d| {
        let bytes = std::fs::read(root.join(d.file)).expect("a bundled dataset file");
        (d.file.to_string(), bytes)
    }))
}

fn report(problems: Vec<validate::Problem>) {
    let listed: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    assert!(listed.is_empty(), "{}", listed.join("\n"));
}

#[test]
fn the_build_embeds_the_content_folder() {
    let embedded: Vec<(String, String)> = embedded_files()
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    let on_disk = folder();
    let names = |v: &[(String, String)]| v.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&embedded), names(&on_disk));
    assert!(
        embedded == on_disk,
        "an embedded file differs from the folder: rebuild"
    );
}

#[test]
fn every_content_file_parses() {
    let bank = bank();
    assert!(!bank.questions.is_empty() && !bank.exercises.is_empty());
}

#[test]
fn every_objective_has_at_least_six_questions() {
    let bank = bank();
    report(
        validate::coverage(&bank)
            .into_iter()
            .filter(|p| p.message.contains("questions"))
            .collect(),
    );
    assert!(
        bank.questions.len() >= 300,
        "{} questions",
        bank.questions.len()
    );
}

#[test]
fn every_objective_has_an_exercise() {
    let bank = bank();
    report(
        validate::coverage(&bank)
            .into_iter()
            .filter(|p| p.message.contains("exercise"))
            .collect(),
    );
}

#[test]
fn checked_questions_prove_their_answers_on_the_engines() {
    let bank = bank();
    report(validate::questions(&bank, &mounted()));
}

#[test]
fn exercise_solutions_pass_their_tasks_and_starters_do_not() {
    let bank = bank();
    report(validate::exercises(&bank, &mounted()));
}

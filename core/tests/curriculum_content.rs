//! The curriculum's content (`content/`, embedded at build time) is well formed, covers the
//! exam, and its claims hold on the engines: checked questions' right options pass and wrong
//! ones fail, exercises' solutions pass their tasks and starters do not.

use lakelab_core::curriculum::content::Bank;
use lakelab_core::curriculum::validate;
use lakelab_core::datasets::{self, Mounted};

fn bank() -> Bank {
    let (bank, problems) = Bank::embedded();
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
#[ignore = "issue 9: exercises are being written; run with --ignored to list the gaps"]
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

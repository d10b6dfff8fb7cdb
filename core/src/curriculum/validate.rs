//! Content validation beyond the format: coverage of the 48 objectives, and the content's
//! claims proven on the engines: a checked question's right option does what the stem asks
//! and its wrong options do not; an exercise's solution passes its own tasks and its starter
//! does not. Used by the native test and by `lakelab check`.

pub use super::content::Problem;
use super::content::{Bank, Exercise, Question};
use super::OBJECTIVES;
use crate::datasets::Mounted;
use crate::notebook::{run_cell, Env, Session};
use crate::Workspace;

/// The minimum content per objective (issue 9).
pub const QUESTIONS_PER_OBJECTIVE: usize = 6;
pub const EXERCISES_PER_OBJECTIVE: usize = 1;

/// Objectives short of questions or exercises.
pub fn coverage(bank: &Bank) -> Vec<Problem> {
    let mut out = Vec::new();
    for o in &OBJECTIVES {
        let q = bank.questions_for(o.id).count();
        if q < QUESTIONS_PER_OBJECTIVE {
            out.push(Problem {
                file: format!("questions/{}.md", o.id),
                line: 1,
                message: format!(
                    "{} has {q} questions; every objective needs at least {QUESTIONS_PER_OBJECTIVE}",
                    o.id
                ),
            });
        }
        let e = bank.exercises_for(o.id).count();
        if e < EXERCISES_PER_OBJECTIVE {
            out.push(Problem {
                file: "exercises/".into(),
                line: 0,
                message: format!("{} has no exercise", o.id),
            });
        }
    }
    out
}

/// A fresh workspace and notebook session, as an exercise starts: the bundled datasets
/// mounted, a fixed clock (1 ms per reading) and a fixed seed, so validation is reproducible.
pub struct Sandbox {
    pub ws: Workspace,
    pub session: Session,
    now: i64,
}

impl Sandbox {
    pub fn new(datasets: &Mounted) -> Sandbox {
        let mut session = Session::new(42);
        session.datasets = datasets.clone();
        Sandbox {
            ws: Workspace::default(),
            session,
            now: 1_764_160_245_000,
        }
    }

    /// Runs one cell; the error is Python's traceback.
    pub fn run(&mut self, code: &str) -> Result<(), String> {
        let mut now = self.now;
        let result = {
            let mut clock = || {
                now += 1;
                now
            };
            let env = Env {
                clock: &mut clock,
                user: "learner@lakelab".into(),
                file_name: "<cell>".into(),
            };
            run_cell(&mut self.ws, &mut self.session, env, code)
        };
        self.now = now;
        match result.error {
            Some(e) => Err(e.traceback),
            None => Ok(()),
        }
    }

    /// Runs cells in order, stopping at the first error.
    pub fn run_all(&mut self, cells: &[String]) -> Result<(), (usize, String)> {
        for (i, c) in cells.iter().enumerate() {
            self.run(c).map_err(|e| (i + 1, e))?;
        }
        Ok(())
    }
}

fn last_line(traceback: &str) -> &str {
    traceback.trim_end().lines().last().unwrap_or("")
}

/// Runs every checked question's options; right ones must pass, wrong ones must fail.
pub fn questions(bank: &Bank, datasets: &Mounted) -> Vec<Problem> {
    let mut out = Vec::new();
    for q in bank.questions.iter().filter(|q| q.setup.is_some()) {
        if let Err(message) = question(q, datasets) {
            out.push(Problem {
                file: format!("questions/{}.md", q.objective),
                line: 1,
                message: format!("{}: {message}", q.id),
            });
        }
    }
    out
}

fn question(q: &Question, datasets: &Mounted) -> Result<(), String> {
    let (Some(setup), Some(expect)) = (&q.setup, &q.expect) else {
        return Ok(());
    };
    for (i, option) in q.options.iter().enumerate() {
        let Some(code) = &option.code else {
            return Err(format!("option {} is not code", i + 1));
        };
        let mut sb = Sandbox::new(datasets);
        sb.run(setup)
            .map_err(|e| format!("the setup fails: {}", last_line(&e)))?;
        let outcome = sb.run(code).and_then(|_| sb.run(expect));
        match (option.right, outcome) {
            (true, Err(e)) => {
                return Err(format!("right option {} fails: {}", i + 1, last_line(&e)))
            }
            (false, Ok(())) => {
                return Err(format!(
                    "wrong option {} passes the expect block, so it is not wrong",
                    i + 1
                ))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Runs every exercise's solution (every task must pass) and starter (a task must fail).
pub fn exercises(bank: &Bank, datasets: &Mounted) -> Vec<Problem> {
    bank.exercises
        .iter()
        .flat_map(|e| {
            exercise(e, datasets).into_iter().map(|message| Problem {
                file: e.file.clone(),
                line: 1,
                message: format!("{}: {message}", e.id),
            })
        })
        .collect()
}

fn exercise(e: &Exercise, datasets: &Mounted) -> Vec<String> {
    let mut out = Vec::new();
    let mut sb = Sandbox::new(datasets);
    if let Err((cell, err)) = sb.run_all(&e.setup) {
        return vec![format!("setup cell {cell} fails: {}", last_line(&err))];
    }
    let mut started = Sandbox::new(datasets);
    let _ = started.run_all(&e.setup);
    // The starter may stop at a deliberate gap (a TODO); what it did until then counts.
    for cell in &e.starter {
        let _ = started.run(cell);
    }
    if e.tasks
        .iter()
        .all(|t| t.check.evaluate(&started.ws).is_ok())
    {
        out.push("the starter notebook already passes every task".into());
    }
    if let Err((cell, err)) = sb.run_all(&e.solution) {
        out.push(format!("solution cell {cell} fails: {}", last_line(&err)));
        return out;
    }
    for t in &e.tasks {
        if let Err(why) = t.check.evaluate(&sb.ws) {
            out.push(format!(
                "the solution does not pass task '{}': {why}",
                t.label
            ));
        }
    }
    out
}

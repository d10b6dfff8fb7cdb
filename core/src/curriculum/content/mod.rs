//! The curriculum's content: questions and exercises read from the Markdown files of
//! `content/` (embedded at build time, see `core/build.rs`; format in `content/README.md`).
//! Loading never panics: a bad file yields [`Problem`]s, and the rest still loads, so one
//! teacher's typo costs one question, not the app.

pub mod exercise;
mod lines;
pub mod question;

pub use exercise::{Exercise, ExerciseKind, Task};
pub use question::{Answer, Choice, Question, QuestionKind};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/content.rs"));
}

/// The content files built into this binary: (path under `content/`, text).
pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
    embedded::FILES
}

/// Reads a content folder from disk (what `lakelab check DIR` and the tests read): every `.md`
/// file below it except the top-level `README.md`, as (path relative to the folder, text),
/// sorted by path, the same list `core/build.rs` embeds.
pub fn read_dir(root: &std::path::Path) -> std::io::Result<Vec<(String, String)>> {
    fn walk(
        dir: &std::path::Path,
        root: &std::path::Path,
        out: &mut Vec<(String, String)>,
    ) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, root, out)?;
            } else if path.extension().is_some_and(|e| e == "md") {
                let rel = path
                    .strip_prefix(root)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                if rel != "README.md" {
                    out.push((rel, std::fs::read_to_string(&path)?));
                }
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(root, root, &mut out)?;
    out.sort();
    Ok(out)
}

/// Something wrong in a content file, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based; 0 when the problem is about the folder, not a line.
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.file, self.message),
            n => write!(f, "{}:{n}: {}", self.file, self.message),
        }
    }
}

/// Every question and exercise, in file order.
#[derive(Debug, Clone, Default)]
pub struct Bank {
    pub questions: Vec<Question>,
    pub exercises: Vec<Exercise>,
}

impl Bank {
    /// Parses content files (`questions/*.md`, `exercises/*.md`; other paths are reported).
    /// Duplicate ids are reported and the later one dropped.
    pub fn load<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> (Bank, Vec<Problem>) {
        let mut bank = Bank::default();
        let mut problems = Vec::new();
        for (path, text) in files {
            if path.starts_with("questions/") {
                for q in question::parse(path, text, &mut problems) {
                    if bank.question(&q.id).is_some() {
                        problems.push(Problem {
                            file: path.into(),
                            line: 1,
                            message: format!("question id {} is used twice", q.id),
                        });
                    } else {
                        bank.questions.push(q);
                    }
                }
            } else if path.starts_with("exercises/") {
                if let Some(e) = exercise::parse(path, text, &mut problems) {
                    if bank.exercise(&e.id).is_some() {
                        problems.push(Problem {
                            file: path.into(),
                            line: 1,
                            message: format!("exercise id {} is used twice", e.id),
                        });
                    } else {
                        bank.exercises.push(e);
                    }
                }
            } else {
                problems.push(Problem {
                    file: path.into(),
                    line: 1,
                    message: "content files go in questions/ or exercises/".into(),
                });
            }
        }
        (bank, problems)
    }

    /// The built-in content.
    pub fn embedded() -> (Bank, Vec<Problem>) {
        Bank::load(embedded_files().iter().copied())
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    pub fn questions_for<'a>(&'a self, objective: &'a str) -> impl Iterator<Item = &'a Question> {
        self.questions
            .iter()
            .filter(move |q| q.objective == objective)
    }

    pub fn exercises_for<'a>(&'a self, objective: &'a str) -> impl Iterator<Item = &'a Exercise> {
        self.exercises
            .iter()
            .filter(move |e| e.objectives.iter().any(|o| o == objective))
    }
}

//! Exercises: parsed from `exercises/*.md` (format in `content/README.md`). An exercise is a
//! lesson, hidden set-up cells, a starter notebook, tasks checked against the workspace, a
//! hint ladder and a solution.

use serde::{Deserialize, Serialize};

use super::lines::{dedent, fence, join, metadata, numbered, sections, Line};
use super::Problem;
use crate::curriculum::check::Check;
use crate::curriculum::objective;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExerciseKind {
    Lab,
    Scenario,
    Capstone,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Markdown shown to the learner.
    pub label: String,
    pub check: Check,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    pub id: String,
    /// The file it came from, under `content/` (for problem reports).
    pub file: String,
    pub title: String,
    pub objectives: Vec<String>,
    pub kind: ExerciseKind,
    pub minutes: u32,
    pub doc: String,
    /// Markdown.
    pub lesson: String,
    /// Cells run before the starter (hidden): the exercise's starting state.
    pub setup: Vec<String>,
    /// The starter notebook's cells (`%md` cells included).
    pub starter: Vec<String>,
    pub tasks: Vec<Task>,
    pub hints: Vec<String>,
    pub solution: Vec<String>,
    /// Markdown.
    pub further_reading: String,
}

const KEYS: [&str; 5] = ["id", "objectives", "kind", "minutes", "doc"];

type Fail = (usize, String);

/// Parses one exercise file; problems go to `problems`.
pub fn parse(file: &str, text: &str, problems: &mut Vec<Problem>) -> Option<Exercise> {
    match exercise(text) {
        Ok(e) => Some(Exercise {
            file: file.to_string(),
            ..e
        }),
        Err((line, message)) => {
            problems.push(Problem {
                file: file.to_string(),
                line,
                message,
            });
            None
        }
    }
}

fn exercise(text: &str) -> Result<Exercise, Fail> {
    let lines = numbered(text);
    let (head, parts) = sections(&lines, 2);
    let title_at = head
        .iter()
        .position(|l| l.text.starts_with("# "))
        .ok_or((1, "the file must start with '# <title>'".to_string()))?;
    let title = head[title_at].text[2..].trim().to_string();
    let (meta, rest) = metadata(&head[title_at + 1..], &KEYS);
    if let Some(l) = rest.iter().find(|l| !l.text.trim().is_empty()) {
        return Err((
            l.no,
            "only 'key: value' lines go between the title and '## Lesson'".into(),
        ));
    }
    let get = |k: &str| {
        meta.iter()
            .find(|(_, key, _)| *key == k)
            .map(|(l, _, v)| (l.no, *v))
    };
    let (idl, id) = get("id").ok_or((1, "no 'id:' line".to_string()))?;
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err((
            idl,
            format!("id '{id}' must be lower-case letters, digits and '-'"),
        ));
    }
    let (ol, objs) = get("objectives").ok_or((1, "no 'objectives:' line".to_string()))?;
    let objectives: Vec<String> = objs.split(',').map(|s| s.trim().to_string()).collect();
    if let Some(bad) = objectives.iter().find(|o| objective(o).is_none()) {
        return Err((
            ol,
            format!("'{bad}' is not an objective id (S1.01 to S4.06)"),
        ));
    }
    let (kl, kind) = get("kind").ok_or((1, "no 'kind:' line".to_string()))?;
    let kind = match kind {
        "lab" => ExerciseKind::Lab,
        "scenario" => ExerciseKind::Scenario,
        "capstone" => ExerciseKind::Capstone,
        other => {
            return Err((
                kl,
                format!("kind '{other}' is not lab, scenario or capstone"),
            ))
        }
    };
    let (ml, minutes) = get("minutes").ok_or((1, "no 'minutes:' line".to_string()))?;
    let minutes = minutes
        .parse::<u32>()
        .map_err(|_| (ml, format!("minutes '{minutes}' is not a whole number")))?;
    let (dl, doc) = get("doc").ok_or((1, "no 'doc:' line".to_string()))?;
    if !doc.starts_with("https://") {
        return Err((dl, format!("doc '{doc}' is not an https URL")));
    }

    let mut e = Exercise {
        id: id.to_string(),
        file: String::new(),
        title,
        objectives,
        kind,
        minutes,
        doc: doc.to_string(),
        lesson: String::new(),
        setup: Vec::new(),
        starter: Vec::new(),
        tasks: Vec::new(),
        hints: Vec::new(),
        solution: Vec::new(),
        further_reading: String::new(),
    };
    for (heading, body) in &parts {
        let texts: Vec<&str> = body.iter().map(|l| l.text).collect();
        match heading.text[3..].trim().to_lowercase().as_str() {
            "lesson" => e.lesson = join(&texts),
            "setup" => e.setup = cells(body)?,
            "starter" => e.starter = cells(body)?,
            "solution" => e.solution = cells(body)?,
            "tasks" => {
                e.tasks = items(body)?
                    .into_iter()
                    .map(|(no, text)| task(no, &text))
                    .collect::<Result<_, _>>()?
            }
            "hints" => e.hints = items(body)?.into_iter().map(|(_, t)| t).collect(),
            "further reading" => e.further_reading = join(&texts),
            other => {
                return Err((
                    heading.no,
                    format!("unknown section '{other}' (Lesson, Setup, Starter, Tasks, Hints, Solution, Further reading)"),
                ))
            }
        }
    }
    let missing = [
        ("Lesson", e.lesson.is_empty()),
        ("Starter", e.starter.is_empty()),
        ("Tasks", e.tasks.is_empty()),
        ("Solution", e.solution.is_empty()),
        ("Further reading", e.further_reading.is_empty()),
    ];
    if let Some((name, _)) = missing.iter().find(|(_, m)| *m) {
        return Err((1, format!("the '## {name}' section is missing or empty")));
    }
    if e.hints.len() < 2 {
        return Err((1, "the hint ladder needs at least two hints".into()));
    }
    Ok(e)
}

/// Fenced blocks become cells: `python` (or no info) as they are, `md` and `sql` as `%md` and
/// `%sql` cells. Only blank lines may sit between blocks.
fn cells(body: &[Line]) -> Result<Vec<String>, Fail> {
    let mut out = Vec::new();
    let mut open: Option<(&str, Vec<&str>)> = None;
    for l in body {
        match (&mut open, fence(l.text)) {
            (Some((info, code)), Some(_)) => {
                let code = join(code);
                out.push(match *info {
                    "md" | "markdown" => format!("%md\n{code}"),
                    "sql" => format!("%sql\n{code}"),
                    _ => code,
                });
                open = None;
            }
            (Some((_, code)), None) => code.push(l.text),
            (None, Some(info)) => {
                if !matches!(info, "" | "python" | "md" | "markdown" | "sql") {
                    return Err((l.no, format!("a cell is python, md or sql, not '{info}'")));
                }
                open = Some((info, Vec::new()));
            }
            (None, None) if l.text.trim().is_empty() => {}
            (None, None) => {
                return Err((l.no, "only code blocks (cells) go in this section".into()))
            }
        }
    }
    if open.is_some() {
        return Err((
            body.last().map_or(1, |l| l.no),
            "a code block is not closed".into(),
        ));
    }
    Ok(out)
}

/// `- ` list items with their indented continuation lines.
fn items(body: &[Line]) -> Result<Vec<(usize, String)>, Fail> {
    let mut out: Vec<(usize, Vec<&str>)> = Vec::new();
    for l in body {
        if let Some(rest) = l.text.strip_prefix("- ") {
            out.push((l.no, vec![rest]));
        } else if l.text.trim().is_empty() || l.text.starts_with("  ") {
            match out.last_mut() {
                Some((_, lines)) => lines.push(dedent(l.text, 2)),
                None if l.text.trim().is_empty() => {}
                None => return Err((l.no, "this section is a '- ' list".into())),
            }
        } else {
            return Err((
                l.no,
                "this section is a '- ' list; indent continuation lines two spaces".into(),
            ));
        }
    }
    Ok(out
        .into_iter()
        .map(|(no, lines)| (no, join(&lines)))
        .collect())
}

fn task(no: usize, text: &str) -> Result<Task, Fail> {
    let mut label = Vec::new();
    let mut check = None;
    for line in text.lines() {
        match line.trim().strip_prefix("check:") {
            Some(c) if check.is_none() => {
                check = Some(Check::parse(c.trim()).map_err(|m| (no, format!("check: {m}")))?)
            }
            Some(_) => return Err((no, "a task has one 'check:' line".into())),
            None => label.push(line),
        }
    }
    let check = check.ok_or((no, "the task has no indented 'check:' line".to_string()))?;
    let label = join(&label);
    if label.is_empty() {
        return Err((no, "the task has no label".into()));
    }
    Ok(Task { label, check })
}

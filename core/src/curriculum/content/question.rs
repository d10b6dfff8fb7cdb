//! Quiz questions: parsed from `questions/<objective>.md` (format in `content/README.md`) and
//! graded. Grading is all-or-nothing, as the exam scores a question: a multiple-selection
//! question is right only when exactly the right options are chosen.

use serde::{Deserialize, Serialize};

use super::lines::{dedent, fence, inline_code, join, metadata, numbered, sections, Line};
use super::Problem;
use crate::curriculum::objective;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// One right option.
    Single,
    /// All the right options and none of the wrong ones.
    Multiple,
    /// Code completion: one right option.
    Code,
    /// Spot the trap: the one option that is the mistake is marked right.
    Trap,
    /// Put the steps in order.
    Order,
}

impl QuestionKind {
    fn parse(s: &str) -> Option<QuestionKind> {
        Some(match s {
            "single" => QuestionKind::Single,
            "multiple" => QuestionKind::Multiple,
            "code" => QuestionKind::Code,
            "trap" => QuestionKind::Trap,
            "order" => QuestionKind::Order,
            _ => return None,
        })
    }

    /// Whether exactly one option is right.
    pub fn one_answer(self) -> bool {
        matches!(
            self,
            QuestionKind::Single | QuestionKind::Code | QuestionKind::Trap
        )
    }

    pub fn label(self) -> &'static str {
        match self {
            QuestionKind::Single => "Single choice",
            QuestionKind::Multiple => "Multiple choice: select all that apply",
            QuestionKind::Code => "Code completion",
            QuestionKind::Trap => "Spot the trap",
            QuestionKind::Order => "Put in order",
        }
    }
}

/// One option (or, for `order`, one step, kept in the right order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// Markdown shown to the learner.
    pub text: String,
    /// The code the option is, when it is code (an inline span or a fenced block).
    pub code: Option<String>,
    pub right: bool,
    /// Why the option is right or wrong.
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub objective: String,
    pub kind: QuestionKind,
    /// 1 recall, 2 apply, 3 analyse.
    pub difficulty: u8,
    pub doc: String,
    /// Markdown.
    pub stem: String,
    pub options: Vec<Choice>,
    /// Checked questions: code run before each option and after it (never shown).
    pub setup: Option<String>,
    pub expect: Option<String>,
}

/// A learner's answer: option indexes in the file's order. For `order` questions, the steps
/// as the learner arranged them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer(pub Vec<usize>);

impl Question {
    /// Whether the answer is right.
    pub fn grade(&self, answer: &Answer) -> bool {
        if self.kind == QuestionKind::Order {
            return answer.0.len() == self.options.len()
                && answer.0.iter().enumerate().all(|(i, a)| i == *a);
        }
        let mut chosen = answer.0.clone();
        chosen.sort_unstable();
        chosen.dedup();
        let right: Vec<usize> = (0..self.options.len())
            .filter(|i| self.options[*i].right)
            .collect();
        chosen == right
    }

    /// The right answer.
    pub fn key(&self) -> Answer {
        if self.kind == QuestionKind::Order {
            return Answer((0..self.options.len()).collect());
        }
        Answer(
            (0..self.options.len())
                .filter(|i| self.options[*i].right)
                .collect(),
        )
    }
}

const KEYS: [&str; 3] = ["kind", "difficulty", "doc"];

/// Parses one objective's question file; problems go to `problems`.
pub fn parse(file: &str, text: &str, problems: &mut Vec<Problem>) -> Vec<Question> {
    let lines = numbered(text);
    let (head, blocks) = sections(&lines, 2);
    let mut report = |line: usize, message: String| {
        problems.push(Problem {
            file: file.to_string(),
            line,
            message,
        })
    };
    let title = head.iter().find(|l| l.text.starts_with("# "));
    let Some(title) = title else {
        report(
            1,
            "the file must start with '# <objective id> <objective text>'".into(),
        );
        return Vec::new();
    };
    let objective_id = title.text[2..].split_whitespace().next().unwrap_or("");
    if objective(objective_id).is_none() {
        report(
            title.no,
            format!("'{objective_id}' is not an objective id (S1.01 to S4.06)"),
        );
        return Vec::new();
    }
    let stem_name = file
        .rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".md");
    if stem_name != objective_id {
        report(
            title.no,
            format!("the file is named {stem_name}.md but holds objective {objective_id}"),
        );
    }
    let mut out = Vec::new();
    for (heading, body) in blocks {
        let id = heading.text[3..].trim().to_string();
        let numbered_ok = id
            .strip_prefix(objective_id)
            .and_then(|r| r.strip_prefix('-'))
            .is_some_and(|n| n.len() == 2 && n.chars().all(|c| c.is_ascii_digit()));
        if !numbered_ok {
            report(
                heading.no,
                format!("question id '{id}' must be {objective_id}-NN (two digits)"),
            );
        }
        match question(objective_id, &id, &body) {
            Ok(q) => out.push(q),
            Err((line, message)) => report(line.unwrap_or(heading.no), format!("{id}: {message}")),
        }
    }
    out
}

type Fail = (Option<usize>, String);

fn question(objective: &str, id: &str, body: &[Line]) -> Result<Question, Fail> {
    let (meta, rest) = metadata(body, &KEYS);
    let get = |k: &str| {
        meta.iter()
            .find(|(_, key, _)| *key == k)
            .map(|(l, _, v)| (l.no, *v))
    };
    let (kind_line, kind) = get("kind").ok_or((None, "no 'kind:' line".to_string()))?;
    let kind = QuestionKind::parse(kind).ok_or((
        Some(kind_line),
        format!("kind '{kind}' is not single, multiple, code, trap or order"),
    ))?;
    let (dl, d) = get("difficulty").ok_or((None, "no 'difficulty:' line".to_string()))?;
    let difficulty = d
        .parse::<u8>()
        .ok()
        .filter(|d| (1..=3).contains(d))
        .ok_or((Some(dl), format!("difficulty '{d}' is not 1, 2 or 3")))?;
    let (dol, doc) = get("doc").ok_or((None, "no 'doc:' line".to_string()))?;
    if !doc.starts_with("https://") || doc.contains(' ') {
        return Err((Some(dol), format!("doc '{doc}' is not an https URL")));
    }

    let mut stem: Vec<&str> = Vec::new();
    let mut options: Vec<(Line, String, bool, Vec<&str>)> = Vec::new();
    let mut setup = None;
    let mut expect = None;
    let mut hidden: Option<(bool, Vec<&str>)> = None;
    let mut in_fence = false;
    // Continuation lines sit under the item's text: two spaces for `- [x] `, up to three for `1. `.
    let indent = if kind == QuestionKind::Order { 3 } else { 2 };
    for l in &rest {
        let t = l.text;
        if let Some((is_setup, code)) = &mut hidden {
            if fence(t).is_some() {
                let text = join(code);
                if *is_setup {
                    setup = Some(text);
                } else {
                    expect = Some(text);
                }
                hidden = None;
            } else {
                code.push(t);
            }
            continue;
        }
        if in_fence {
            if fence(t).is_some() {
                in_fence = false;
            }
            match options.last_mut() {
                Some(o) => o.3.push(dedent(t, indent)),
                None => stem.push(t),
            }
            continue;
        }
        if let Some(info) = fence(t).filter(|_| !t.starts_with(' ')) {
            match info {
                "python setup" | "python expect" => {
                    let is_setup = info == "python setup";
                    if (is_setup && setup.is_some()) || (!is_setup && expect.is_some()) {
                        return Err((Some(l.no), format!("a second '{info}' block")));
                    }
                    hidden = Some((is_setup, Vec::new()));
                    continue;
                }
                _ if !options.is_empty() => {
                    return Err((
                        Some(l.no),
                        "a code block after the options must be indented under an option, or be 'python setup' / 'python expect'".into(),
                    ))
                }
                _ => {
                    in_fence = true;
                    stem.push(t);
                    continue;
                }
            }
        }
        if let Some((right, text)) = option_start(t) {
            let ordered = right.is_none();
            if ordered != (kind == QuestionKind::Order) {
                return Err((
                    Some(l.no),
                    if ordered {
                        "numbered items are for 'order' questions; options are '- [x]' or '- [ ]'"
                            .into()
                    } else {
                        "an 'order' question lists its steps as '1.', '2.', ... in the right order"
                            .into()
                    },
                ));
            }
            if let (None, Some(n)) = (
                right,
                t.split('.').next().and_then(|n| n.parse::<usize>().ok()),
            ) {
                if n != options.len() + 1 {
                    return Err((
                        Some(l.no),
                        format!("step {n} should be numbered {}", options.len() + 1),
                    ));
                }
            }
            options.push((*l, text.to_string(), right.unwrap_or(true), Vec::new()));
            continue;
        }
        match options.last_mut() {
            None => stem.push(t),
            Some(o) if t.is_empty() || t.starts_with("  ") => {
                if fence(t).is_some() {
                    in_fence = true;
                }
                o.3.push(dedent(t, indent));
            }
            Some(_) => {
                return Err((
                    Some(l.no),
                    "text after the options must be indented (two spaces) under an option".into(),
                ))
            }
        }
    }
    if hidden.is_some() || in_fence {
        return Err((None, "a code block is not closed".into()));
    }
    let stem = join(&stem);
    if stem.is_empty() {
        return Err((None, "the question has no text before its options".into()));
    }
    let choices = options
        .into_iter()
        .map(|(line, text, right, more)| choice(line, text, right, &more))
        .collect::<Result<Vec<_>, _>>()?;
    check_counts(kind, &choices)?;
    match (&setup, &expect) {
        (Some(_), None) | (None, Some(_)) => {
            return Err((
                None,
                "a checked question needs both 'python setup' and 'python expect'".into(),
            ))
        }
        (Some(_), Some(_)) if choices.iter().any(|c| c.code.is_none()) => {
            return Err((None, "a checked question's options must all be code".into()))
        }
        _ => {}
    }
    Ok(Question {
        id: id.to_string(),
        objective: objective.to_string(),
        kind,
        difficulty,
        doc: doc.to_string(),
        stem,
        options: choices,
        setup,
        expect,
    })
}

/// `- [x] text` → `(Some(true), text)`, `- [ ] text` → `(Some(false), text)`, `3. text` →
/// `(None, text)`.
fn option_start(t: &str) -> Option<(Option<bool>, &str)> {
    for (mark, right) in [("- [x]", true), ("- [X]", true), ("- [ ]", false)] {
        if let Some(rest) = t.strip_prefix(mark) {
            return Some((Some(right), rest.trim()));
        }
    }
    let (n, rest) = t
        .split_once(". ")
        .or_else(|| t.strip_suffix('.').map(|n| (n, "")))?;
    (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).then_some((None, rest.trim()))
}

fn choice(line: Line, text: String, right: bool, more: &[&str]) -> Result<Choice, Fail> {
    let mut text = text;
    let mut code = inline_code(&text).map(str::to_string);
    let mut rest = more;
    if text.is_empty() {
        // The option is a fenced block indented under the item.
        let start = more.iter().position(|l| !l.trim().is_empty());
        let Some(start) = start.filter(|s| fence(more[*s]).is_some()) else {
            return Err((Some(line.no), "the option has no text".into()));
        };
        let end = more[start + 1..]
            .iter()
            .position(|l| fence(l).is_some())
            .map(|e| start + 1 + e)
            .ok_or((
                Some(line.no),
                "the option's code block is not closed".to_string(),
            ))?;
        text = more[start..=end].join("\n");
        code = Some(join(&more[start + 1..end]));
        rest = &more[end + 1..];
    }
    let why = join(rest);
    if why.is_empty() {
        return Err((
            Some(line.no),
            "the option has no explanation (indent it two spaces under the option)".into(),
        ));
    }
    Ok(Choice {
        text,
        code,
        right,
        why,
    })
}

fn check_counts(kind: QuestionKind, choices: &[Choice]) -> Result<(), Fail> {
    let (min, max) = if kind == QuestionKind::Order {
        (3, 6)
    } else {
        (3, 5)
    };
    if choices.len() < min || choices.len() > max {
        return Err((
            None,
            format!("{} options; a question has {min} to {max}", choices.len()),
        ));
    }
    let right = choices.iter().filter(|c| c.right).count();
    if kind.one_answer() && right != 1 {
        return Err((
            None,
            format!("{right} options are marked right; this kind has exactly one"),
        ));
    }
    if kind == QuestionKind::Multiple && (right == 0 || right == choices.len()) {
        return Err((
            None,
            "a multiple-choice question needs at least one right and one wrong option".into(),
        ));
    }
    Ok(())
}

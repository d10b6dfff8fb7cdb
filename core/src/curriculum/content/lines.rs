//! Line-level helpers shared by the question and exercise parsers: the content format is
//! Markdown read line by line (headings, list items, fenced code, `key: value` lines), so a
//! teacher's file needs no other syntax and the app needs no Markdown or YAML crate to load it.

/// A line with its 1-based number in the file.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub no: usize,
    pub text: &'a str,
}

pub fn numbered(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .map(|(i, t)| Line {
            no: i + 1,
            text: t.trim_end(),
        })
        .collect()
}

/// The info string of a fence line (```` ```python setup ```` gives `python setup`).
pub fn fence(line: &str) -> Option<&str> {
    line.trim_start().strip_prefix("```").map(str::trim)
}

/// Splits at headings of `level` (`## ` for 2) outside fenced code: the text before the first
/// heading, then each heading's title with its lines.
pub fn sections<'a>(
    lines: &[Line<'a>],
    level: usize,
) -> (Vec<Line<'a>>, Vec<(Line<'a>, Vec<Line<'a>>)>) {
    let marker = format!("{} ", "#".repeat(level));
    let mut head = Vec::new();
    let mut out: Vec<(Line<'a>, Vec<Line<'a>>)> = Vec::new();
    let mut in_fence = false;
    for l in lines {
        if fence(l.text).is_some() {
            in_fence = !in_fence;
        }
        if !in_fence && l.text.starts_with(&marker) {
            out.push((*l, Vec::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push(*l);
        } else {
            head.push(*l);
        }
    }
    (head, out)
}

/// Leading `key: value` lines (blank lines before them skipped) whose key is in `keys`;
/// returns them and the rest of the lines.
pub fn metadata<'a>(
    lines: &[Line<'a>],
    keys: &[&str],
) -> (Vec<(Line<'a>, &'a str, &'a str)>, Vec<Line<'a>>) {
    let mut meta = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].text;
        if t.trim().is_empty() {
            i += 1;
            continue;
        }
        match t.split_once(':') {
            Some((k, v)) if keys.contains(&k.trim()) => {
                meta.push((lines[i], k.trim(), v.trim()));
                i += 1;
            }
            _ => break,
        }
    }
    (meta, lines[i..].to_vec())
}

/// Joins lines into text, without leading and trailing blank lines.
pub fn join(lines: &[&str]) -> String {
    let start = lines.iter().position(|l| !l.trim().is_empty());
    let end = lines.iter().rposition(|l| !l.trim().is_empty());
    match (start, end) {
        (Some(s), Some(e)) => lines[s..=e].join("\n"),
        _ => String::new(),
    }
}

/// Removes up to `n` leading spaces.
pub fn dedent(line: &str, n: usize) -> &str {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    &line[spaces.min(n)..]
}

/// The code of a single inline code span that is the whole text (`` `fe.create_table(...)` ``).
pub fn inline_code(text: &str) -> Option<&str> {
    let t = text.trim();
    let inner = t.strip_prefix('`')?.strip_suffix('`')?;
    (!inner.contains('`') && !inner.is_empty()).then_some(inner)
}

//! Parsing cells with ruff's Python parser (`rustpython-ruff_python_parser`).
//!
//! Why this parser: it is a complete, maintained Python 3 grammar (the one behind ruff), so
//! any code a learner copies from the docs parses exactly as CPython would, and its errors
//! carry the byte range that Lakelab turns into Python's `line N` / column. It also builds for
//! wasm. The cost is size (about 0.55 MB of gzipped wasm); a hand-written subset parser would
//! be smaller but would accept and reject different programs than Python.

use ruff_python_ast::{ModModule, Stmt};
use ruff_python_parser::{Mode, ParseOptions};
use ruff_text_size::TextSize;

use super::error::{ExcType, PyErr};

/// A cell's source with a line index, for turning byte offsets into lines.
#[derive(Debug)]
pub struct Source {
    pub text: String,
    line_starts: Vec<usize>,
}

impl Source {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Self {
            text: text.to_string(),
            line_starts,
        }
    }

    /// 1-based line of a byte offset.
    pub fn line_of(&self, offset: TextSize) -> usize {
        let at = usize::from(offset);
        match self.line_starts.binary_search(&at) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// 1-based column (in characters) of a byte offset.
    pub fn column_of(&self, offset: TextSize) -> usize {
        let at = usize::from(offset).min(self.text.len());
        let line = self.line_of(offset);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        self.text
            .get(start..at)
            .map_or(1, |s| s.chars().count() + 1)
    }

    /// The text of a 1-based line (for tracebacks).
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts.get(line.wrapping_sub(1)).copied();
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        start
            .and_then(|s| self.text.get(s..end))
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

/// CPython's limits on nesting: brackets (`too many nested parentheses`) and indented blocks
/// (`too many levels of indentation`). Checked before parsing, so a deeply nested cell cannot
/// exhaust the browser's stack in the parser or the evaluator.
const MAX_BRACKETS: usize = 200;
const MAX_INDENT_LEVELS: usize = 100;

fn check_nesting(source: &Source) -> Result<(), PyErr> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut line = 1;
    let mut indents: Vec<usize> = Vec::new();
    let mut at_line_start = true;
    let mut col = 0usize;
    for c in source.text.chars() {
        if at_line_start {
            if c == ' ' || c == '\t' {
                col += 1;
                continue;
            }
            if c != '\n' && c != '#' && depth == 0 && quote.is_none() {
                while indents.last().is_some_and(|&i| i > col) {
                    indents.pop();
                }
                if col > indents.last().copied().unwrap_or(0) {
                    indents.push(col);
                }
                if indents.len() > MAX_INDENT_LEVELS {
                    let mut e = PyErr::new(ExcType::SyntaxError, "too many levels of indentation");
                    e.line = Some(line);
                    return Err(e);
                }
            }
            at_line_start = false;
        }
        match (quote, c) {
            (Some(_), _) if escaped => escaped = false,
            (Some(_), '\\') => escaped = true,
            (Some(q), c) if c == q => quote = None,
            (Some(_), '\n') => {
                // An unterminated short string: the parser reports it.
                quote = None;
            }
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[' | '{') => {
                depth += 1;
                if depth > MAX_BRACKETS {
                    let mut e = PyErr::new(ExcType::SyntaxError, "too many nested parentheses");
                    e.line = Some(line);
                    return Err(e);
                }
            }
            (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        if c == '\n' {
            line += 1;
            at_line_start = true;
            col = 0;
        }
    }
    Ok(())
}

/// Parses a cell; a syntax error becomes Python's `SyntaxError` at its line, with the column
/// in the message.
pub fn parse(source: &Source) -> Result<Vec<Stmt>, PyErr> {
    check_nesting(source)?;
    // IPython mode, so Databricks' `%pip install …` lines parse (and get a friendly answer).
    let options = ParseOptions::from(Mode::Ipython);
    match ruff_python_parser::parse(&source.text, options) {
        Ok(parsed) => {
            let module: Option<ModModule> = parsed.try_into_module().map(|p| p.into_syntax());
            Ok(module.map(|m| m.body).unwrap_or_default())
        }
        Err(err) => {
            let start = err.location.start();
            let line = source.line_of(start);
            let col = source.column_of(start);
            let text = err.error.to_string();
            // Ruff words a bad `\N{NAME}` vaguely; say what CPython says.
            let text = if text == "Got unexpected unicode" {
                "(unicode error) 'unicodeescape' codec can't decode bytes: unknown Unicode character name".to_string()
            } else {
                text
            };
            let mut e = PyErr::new(
                ExcType::SyntaxError,
                format!("{text} (line {line}, column {col})"),
            );
            e.line = Some(line);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let s = Source::new("a = 1\nbé = 2\n");
        assert_eq!(s.line_of(TextSize::from(0)), 1);
        assert_eq!(s.line_of(TextSize::from(6)), 2);
        assert_eq!(s.column_of(TextSize::from(9)), 3);
        assert_eq!(s.line_text(2), "bé = 2");
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("x = {}1{}", "(".repeat(500), ")".repeat(500));
        assert_eq!(
            parse(&Source::new(&deep)).unwrap_err().message,
            "too many nested parentheses"
        );
        let mut blocks = String::new();
        for i in 0..150 {
            blocks.push_str(&format!("{}if True:\n", " ".repeat(i)));
        }
        blocks.push_str(&format!("{}pass\n", " ".repeat(150)));
        assert_eq!(
            parse(&Source::new(&blocks)).unwrap_err().message,
            "too many levels of indentation"
        );
        assert!(parse(&Source::new("s = '((((('\nt = [1, (2, {3: 4})]")).is_ok());
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        let err = parse(&Source::new("x = 1\ny = (2,\n")).unwrap_err();
        assert_eq!(err.kind, ExcType::SyntaxError);
        assert!(err.line.is_some());
        assert!(err.message.contains("line"), "{}", err.message);
    }
}

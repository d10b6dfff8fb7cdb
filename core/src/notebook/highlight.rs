//! Syntax highlighting for the cell editor: the source split into coloured pieces. A simple
//! Python lexer (keywords, builtins, strings including triple-quoted and f-strings, numbers,
//! comments, decorators); every character of the input is in exactly one piece, so the
//! highlighted text lines up with the editor's.

/// What a piece of source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Keyword,
    Builtin,
    Str,
    Number,
    Comment,
    Plain,
}

impl Tok {
    /// The CSS class the editor gives it.
    pub fn class(self) -> &'static str {
        match self {
            Tok::Keyword => "tok-kw",
            Tok::Builtin => "tok-bi",
            Tok::Str => "tok-str",
            Tok::Number => "tok-num",
            Tok::Comment => "tok-com",
            Tok::Plain => "",
        }
    }
}

const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];
const BUILTINS: &[&str] = &[
    "print",
    "display",
    "len",
    "range",
    "sorted",
    "round",
    "min",
    "max",
    "sum",
    "abs",
    "str",
    "int",
    "float",
    "bool",
    "list",
    "dict",
    "tuple",
    "enumerate",
    "zip",
    "map",
    "filter",
    "open",
    "isinstance",
    "any",
    "all",
    "repr",
    "spark",
    "dbutils",
    "self",
];

/// The pieces of `source`, in order; concatenated they give `source` back.
pub fn highlight(source: &str) -> Vec<(Tok, String)> {
    let chars: Vec<char> = source.chars().collect();
    let mut out: Vec<(Tok, String)> = Vec::new();
    let mut push = |tok: Tok, text: String| match out.last_mut() {
        Some((t, s)) if *t == tok && tok == Tok::Plain => s.push_str(&text),
        _ => out.push((tok, text)),
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            push(Tok::Comment, chars[start..i].iter().collect());
        } else if c == '"'
            || c == '\''
            || (matches!(c, 'f' | 'r' | 'b' | 'F' | 'R' | 'B')
                && matches!(chars.get(i + 1), Some('"' | '\'')))
        {
            if c != '"' && c != '\'' {
                i += 1;
            }
            let q = chars[i];
            let triple = chars.get(i + 1) == Some(&q) && chars.get(i + 2) == Some(&q);
            i += if triple { 3 } else { 1 };
            while i < chars.len() {
                if chars[i] == '\\' {
                    i += 2;
                    continue;
                }
                if !triple && chars[i] == '\n' {
                    break;
                }
                if chars[i] == q
                    && (!triple || (chars.get(i + 1) == Some(&q) && chars.get(i + 2) == Some(&q)))
                {
                    i += if triple { 3 } else { 1 };
                    break;
                }
                i += 1;
            }
            let end = i.min(chars.len());
            push(Tok::Str, chars[start..end].iter().collect());
            i = end;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_')
            {
                i += 1;
            }
            push(Tok::Number, chars[start..i].iter().collect());
        } else if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let after_dot = start > 0 && chars[start - 1] == '.';
            let tok = if KEYWORDS.contains(&word.as_str()) {
                Tok::Keyword
            } else if !after_dot && BUILTINS.contains(&word.as_str()) {
                Tok::Builtin
            } else {
                Tok::Plain
            };
            push(tok, word);
        } else {
            i += 1;
            push(Tok::Plain, c.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_source_and_are_classified() {
        let src = "import mlflow  # tracking\nx = f'{a}' + \"\"\"doc\n\"\"\" if 1.5e3 else None\nprint(len(x), x.print)\n's unterminated";
        let pieces = highlight(src);
        assert_eq!(
            pieces.iter().map(|(_, s)| s.as_str()).collect::<String>(),
            src
        );
        let kinds = |t: Tok| {
            pieces
                .iter()
                .filter(|(k, _)| *k == t)
                .map(|(_, s)| s.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(kinds(Tok::Keyword), ["import", "if", "else", "None"]);
        assert_eq!(kinds(Tok::Comment), ["# tracking"]);
        assert_eq!(
            kinds(Tok::Str),
            ["f'{a}'", "\"\"\"doc\n\"\"\"", "'s unterminated"]
        );
        assert_eq!(kinds(Tok::Number), ["1.5e3"]);
        assert_eq!(
            kinds(Tok::Builtin),
            ["print", "len"],
            "x.print is an attribute"
        );
    }
}

//! Tokens of MLflow's filter and order_by strings.
//!
//! MLflow hands the text to sqlparse; this lexer produces the tokens that matter for its
//! grammar: identifiers (with an optional entity prefix and a quoted key), string and number
//! literals, comparison operators, keywords, parentheses and commas.

use super::SearchError;

#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// `metrics.acc`, `run_name`, `` `metrics`.`my key` ``, `tags."mlflow.runName"`:
    /// the text as written and, split, its prefix (if any) and key.
    Ident {
        text: String,
        prefix: Option<String>,
        key: String,
        /// The key (or the whole identifier) was quoted or backticked.
        quoted: bool,
    },
    /// 'text' (single quotes).
    Str(String),
    /// A double-quoted or backticked word in value position: MLflow treats these as
    /// identifiers, which is why `"x"` works as a value and `` `x` `` does not.
    Quoted {
        text: String,
        quote: char,
    },
    Number {
        text: String,
        value: f64,
    },
    Op(String),
    /// AND, OR, NOT, IN, LIKE, ILIKE, IS, NULL, ASC, DESC (upper-cased).
    Keyword(String),
    LParen,
    RParen,
    Comma,
    /// Anything else (`;`, `+`, …), kept for the error message.
    Other(String),
}

const KEYWORDS: &[&str] = &[
    "AND", "OR", "NOT", "IN", "LIKE", "ILIKE", "IS", "NULL", "ASC", "DESC",
];

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '.'
}

/// Reads a quoted run starting at `chars[i]` (the opening quote); returns the inner text and
/// the index after the closing quote. A doubled quote inside stands for one quote.
fn read_quoted(chars: &[char], i: usize) -> Result<(String, usize), SearchError> {
    let quote = chars[i];
    let mut text = String::new();
    let mut j = i + 1;
    while j < chars.len() {
        if chars[j] == quote {
            if chars.get(j + 1) == Some(&quote) {
                text.push(quote);
                j += 2;
                continue;
            }
            return Ok((text, j + 1));
        }
        text.push(chars[j]);
        j += 1;
    }
    Err(SearchError(format!(
        "Unterminated quote {quote} starting at position {i}"
    )))
}

/// Splits `input` into tokens.
pub fn tokenize(input: &str) -> Result<Vec<Token>, SearchError> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '(' {
            tokens.push(Token::LParen);
            i += 1;
        } else if c == ')' {
            tokens.push(Token::RParen);
            i += 1;
        } else if c == ',' {
            tokens.push(Token::Comma);
            i += 1;
        } else if c == '\'' {
            let (text, next) = read_quoted(&chars, i)?;
            tokens.push(Token::Str(text));
            i = next;
        } else if c == '"' || c == '`' {
            let start = i;
            let (text, next) = read_quoted(&chars, i)?;
            i = next;
            if chars.get(i) == Some(&'.') {
                // `metrics`.acc or "tags"."k": a quoted prefix.
                let (key, quoted, after) = read_key(&chars, i + 1)?;
                tokens.push(Token::Ident {
                    text: chars[start..after].iter().collect(),
                    prefix: Some(text),
                    key,
                    quoted,
                });
                i = after;
            } else {
                tokens.push(Token::Quoted { text, quote: c });
            }
        } else if c.is_ascii_digit()
            || ((c == '-' || c == '+' || c == '.')
                && chars
                    .get(i + 1)
                    .is_some_and(|d| d.is_ascii_digit() || *d == '.'))
        {
            let start = i;
            i += 1;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric()
                    || chars[i] == '.'
                    || ((chars[i] == '-' || chars[i] == '+') && matches!(chars[i - 1], 'e' | 'E')))
            {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            match text.parse::<f64>() {
                Ok(value) if !text.contains(['i', 'I', 'n', 'N']) => {
                    tokens.push(Token::Number { text, value })
                }
                _ => tokens.push(Token::Other(text)),
            }
        } else if is_word_start(c) {
            let start = i;
            while i < chars.len() && is_word_char(chars[i]) {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let upper = word.to_ascii_uppercase();
            if KEYWORDS.contains(&upper.as_str()) {
                tokens.push(Token::Keyword(upper));
            } else if word.ends_with('.') && matches!(chars.get(i), Some('"' | '`' | '\'')) {
                // metrics."my key"
                let prefix = word.trim_end_matches('.').to_string();
                let (key, _, after) = read_key(&chars, i)?;
                let text: String = chars[start..after].iter().collect();
                tokens.push(Token::Ident {
                    text,
                    prefix: Some(prefix),
                    key,
                    quoted: true,
                });
                i = after;
            } else {
                let (prefix, key) = match word.split_once('.') {
                    Some((p, k)) => (Some(p.to_string()), k.to_string()),
                    None => (None, word.clone()),
                };
                tokens.push(Token::Ident {
                    text: word,
                    prefix,
                    key,
                    quoted: false,
                });
            }
        } else if matches!(c, '=' | '!' | '<' | '>') {
            let start = i;
            i += 1;
            while i < chars.len() && matches!(chars[i], '=' | '!' | '<' | '>') {
                i += 1;
            }
            tokens.push(Token::Op(chars[start..i].iter().collect()));
        } else {
            tokens.push(Token::Other(c.to_string()));
            i += 1;
        }
    }
    Ok(tokens)
}

/// Reads a key after `prefix.`: quoted (`"k"`, `` `k` ``, `'k'`) or a bare word.
/// Returns the key, whether it was quoted, and the index after it.
fn read_key(chars: &[char], i: usize) -> Result<(String, bool, usize), SearchError> {
    match chars.get(i) {
        Some('"' | '`' | '\'') => {
            let (text, next) = read_quoted(chars, i)?;
            Ok((text, true, next))
        }
        _ => {
            let mut j = i;
            while j < chars.len() && is_word_char(chars[j]) {
                j += 1;
            }
            Ok((chars[i..j].iter().collect(), false, j))
        }
    }
}

//! Registry search filters (`name = 'm'`, `name LIKE '%churn%'`, `run_id IN ('a', 'b')`,
//! clauses joined with AND), with MLflow's messages for what it does not accept.

use crate::tracking::MlflowError;

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Eq,
    Ne,
    Like,
    ILike,
    In,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub key: String,
    pub op: Op,
    pub values: Vec<String>,
}

fn invalid_clause(text: &str) -> MlflowError {
    MlflowError::invalid(format!("Invalid clause(s) in filter string: {text}"))
}

/// Splits into words, quoted strings and punctuation.
fn tokens(text: &str) -> Result<Vec<String>, MlflowError> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '\'' || c == '"' {
            chars.next();
            let mut s = String::from(c);
            let mut closed = false;
            for d in chars.by_ref() {
                if d == c {
                    closed = true;
                    break;
                }
                s.push(d);
            }
            if !closed {
                return Err(invalid_clause(text));
            }
            out.push(s);
        } else if "(),".contains(c) {
            chars.next();
            out.push(c.to_string());
        } else if "=!<>".contains(c) {
            let mut s = String::new();
            while let Some(&d) = chars.peek() {
                if "=!<>".contains(d) {
                    s.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(s);
        } else {
            let mut s = String::new();
            while let Some(&d) = chars.peek() {
                if d.is_whitespace() || "(),=!<>'\"".contains(d) {
                    break;
                }
                s.push(d);
                chars.next();
            }
            out.push(s);
        }
    }
    Ok(out)
}

fn value(tok: &str, text: &str) -> Result<String, MlflowError> {
    match tok.chars().next() {
        Some('\'' | '"') => Ok(tok[1..].to_string()),
        Some(c) if c.is_ascii_digit() || c == '-' => Ok(tok.to_string()),
        _ => Err(invalid_clause(text)),
    }
}

/// Parses a filter; `valid` names the attributes allowed, shown as MLflow shows them.
pub fn parse(text: &str, valid: &[&str]) -> Result<Vec<Clause>, MlflowError> {
    let toks = tokens(text)?;
    let mut clauses = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let raw_key = &toks[i];
        let key = raw_key.trim_matches('`').to_string();
        let key = key.strip_prefix("attribute.").unwrap_or(&key).to_string();
        if !valid.contains(&key.as_str()) {
            if key.contains('.') {
                let entity = key.split('.').next().unwrap_or_default();
                return Err(MlflowError::invalid(format!(
                    "Invalid entity type '{entity}'. Valid entity types are ('attribute', 'tag', 'tags')"
                )));
            }
            let set: Vec<String> = valid.iter().map(|v| format!("'{v}'")).collect();
            return Err(MlflowError::invalid(format!(
                "Invalid attribute key '{key}' specified. Valid keys are '{{{}}}'",
                set.join(", ")
            )));
        }
        let op_tok = toks.get(i + 1).ok_or_else(|| invalid_clause(text))?;
        let op = match op_tok.to_uppercase().as_str() {
            "=" => Op::Eq,
            "!=" => Op::Ne,
            "LIKE" => Op::Like,
            "ILIKE" => Op::ILike,
            "IN" => Op::In,
            _ => return Err(invalid_clause(text)),
        };
        i += 2;
        let values = if op == Op::In {
            if toks.get(i).map(String::as_str) != Some("(") {
                return Err(invalid_clause(text));
            }
            i += 1;
            let mut vs = Vec::new();
            loop {
                let t = toks.get(i).ok_or_else(|| invalid_clause(text))?;
                vs.push(value(t, text)?);
                i += 1;
                match toks.get(i).map(String::as_str) {
                    Some(",") => i += 1,
                    Some(")") => {
                        i += 1;
                        break;
                    }
                    _ => return Err(invalid_clause(text)),
                }
            }
            vs
        } else {
            let t = toks.get(i).ok_or_else(|| invalid_clause(text))?;
            i += 1;
            vec![value(t, text)?]
        };
        clauses.push(Clause { key, op, values });
        match toks.get(i) {
            None => {}
            Some(t) if t.eq_ignore_ascii_case("and") => i += 1,
            Some(_) => return Err(invalid_clause(text)),
        }
    }
    Ok(clauses)
}

/// SQL LIKE: `%` any run, `_` one character.
pub fn like(text: &str, pattern: &str, case_insensitive: bool) -> bool {
    let (t, p): (Vec<char>, Vec<char>) = if case_insensitive {
        (
            text.to_lowercase().chars().collect(),
            pattern.to_lowercase().chars().collect(),
        )
    } else {
        (text.chars().collect(), pattern.chars().collect())
    };
    fn go(t: &[char], p: &[char]) -> bool {
        match p.first() {
            None => t.is_empty(),
            Some('%') => (0..=t.len()).any(|k| go(&t[k..], &p[1..])),
            Some('_') => !t.is_empty() && go(&t[1..], &p[1..]),
            Some(c) => t.first() == Some(c) && go(&t[1..], &p[1..]),
        }
    }
    go(&t, &p)
}

impl Clause {
    pub fn matches(&self, actual: &str) -> bool {
        match self.op {
            Op::Eq => self.values.first().is_some_and(|v| v == actual),
            Op::Ne => self.values.first().is_some_and(|v| v != actual),
            Op::Like => self.values.first().is_some_and(|v| like(actual, v, false)),
            Op::ILike => self.values.first().is_some_and(|v| like(actual, v, true)),
            Op::In => self.values.iter().any(|v| v == actual),
        }
    }
}

//! Unity Catalog names: `catalog.schema.object`, each part at most 255 characters, without a
//! period, space, forward slash, ASCII control character or DEL; a part may be quoted in
//! backticks (`` `my-catalog`.ml.model ``), which are not part of the name. Names are stored
//! lower-case, so lookups ignore case. Each broken rule has its own message.

use std::fmt;

pub const MAX_PART_CHARS: usize = 255;

/// A rule a name broke, worded for the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError(pub String);

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Splits a dotted name into parts, honouring backticks; `None` for an unclosed backtick.
fn split(text: &str) -> Option<Vec<String>> {
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' if quoted && chars.peek() == Some(&'`') => {
                chars.next();
                part.push('`');
            }
            '`' => quoted = !quoted,
            '.' if !quoted => parts.push(std::mem::take(&mut part)),
            other => part.push(other),
        }
    }
    if quoted {
        return None;
    }
    parts.push(part);
    Some(parts)
}

/// Checks one part and returns it lower-cased.
pub fn check_part(part: &str, what: &str, full: &str) -> Result<String, NameError> {
    if part.is_empty() {
        return Err(NameError(format!(
            "Invalid {what} name '{full}': a name part cannot be empty"
        )));
    }
    if part.chars().count() > MAX_PART_CHARS {
        return Err(NameError(format!(
            "Invalid {what} name '{full}': each part of a name is limited to {MAX_PART_CHARS} characters (one part has {})",
            part.chars().count()
        )));
    }
    let bad = part
        .chars()
        .find(|c| matches!(c, '.' | ' ' | '/') || c.is_ascii_control());
    if let Some(c) = bad {
        let which = match c {
            '.' => "a period (.)".to_string(),
            ' ' => "a space".to_string(),
            '/' => "a forward slash (/)".to_string(),
            other => format!("the control character U+{:04X}", other as u32),
        };
        return Err(NameError(format!(
            "Invalid {what} name '{full}': names cannot contain {which}; periods, spaces, forward slashes, ASCII control characters and DEL are not allowed"
        )));
    }
    Ok(part.to_lowercase())
}

/// Parses a name of exactly `parts` parts (`catalog`, `catalog.schema`,
/// `catalog.schema.object`); `what` names the kind of object in messages.
pub fn parse(text: &str, parts: usize, what: &str) -> Result<Vec<String>, NameError> {
    let Some(raw) = split(text.trim()) else {
        return Err(NameError(format!(
            "Invalid {what} name '{text}': a backtick is not closed"
        )));
    };
    if raw.len() != parts {
        let shape = match parts {
            1 => "<catalog>",
            2 => "<catalog>.<schema>",
            _ => "<catalog>.<schema>.<name>",
        };
        return Err(NameError(format!(
            "Invalid {what} name '{text}': expected a {parts}-level name {shape}, got {} level{}",
            raw.len(),
            if raw.len() == 1 { "" } else { "s" }
        )));
    }
    raw.iter().map(|p| check_part(p, what, text)).collect()
}

/// A three-level name, stored lower-case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FullName {
    pub catalog: String,
    pub schema: String,
    pub name: String,
}

impl FullName {
    pub fn parse(text: &str, what: &str) -> Result<FullName, NameError> {
        let p = parse(text, 3, what)?;
        Ok(FullName {
            catalog: p[0].clone(),
            schema: p[1].clone(),
            name: p[2].clone(),
        })
    }

    /// `catalog.schema`.
    pub fn schema_name(&self) -> String {
        format!("{}.{}", self.catalog, self.schema)
    }
}

impl fmt::Display for FullName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.catalog, self.schema, self.name)
    }
}

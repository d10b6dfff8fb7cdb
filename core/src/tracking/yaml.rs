//! A small YAML writer for `log_dict(..., "x.yaml")`, shaped like PyYAML's
//! `yaml.dump(d, indent=2, default_flow_style=False)`, which MLflow uses: block style, keys
//! sorted, sequences inside a mapping not indented, strings quoted only when they would read
//! as something else.

use serde_json::Value;

/// The YAML text of `value`.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(map) if !map.is_empty() => write_map(value, 0, &mut out),
        Value::Array(items) if !items.is_empty() => write_seq(value, 0, &mut out),
        scalar => {
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
    out
}

fn write_map(value: &Value, indent: usize, out: &mut String) {
    let Value::Object(map) = value else { return };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    for key in keys {
        let Some(child) = map.get(key) else { continue };
        out.push_str(&" ".repeat(indent));
        out.push_str(&scalar_string(key));
        out.push(':');
        match child {
            Value::Object(m) if !m.is_empty() => {
                out.push('\n');
                write_map(child, indent + 2, out);
            }
            Value::Array(a) if !a.is_empty() => {
                out.push('\n');
                write_seq(child, indent, out);
            }
            scalar => {
                out.push(' ');
                out.push_str(&inline(scalar));
                out.push('\n');
            }
        }
    }
}

fn write_seq(value: &Value, indent: usize, out: &mut String) {
    let Value::Array(items) = value else { return };
    for item in items {
        out.push_str(&" ".repeat(indent));
        out.push_str("- ");
        match item {
            Value::Object(m) if !m.is_empty() => {
                // The first key shares the dash's line; the rest align under it.
                let mut nested = String::new();
                write_map(item, indent + 2, &mut nested);
                out.push_str(nested.trim_start());
            }
            Value::Array(a) if !a.is_empty() => {
                let mut nested = String::new();
                write_seq(item, indent + 2, &mut nested);
                out.push_str(nested.trim_start());
            }
            scalar => {
                out.push_str(&inline(scalar));
                out.push('\n');
            }
        }
    }
}

/// A scalar or an empty collection on one line.
fn inline(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => scalar_string(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// A string, single-quoted when plain text would be read as another type or break the
/// structure.
fn scalar_string(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let reserved = matches!(
        lower.as_str(),
        "" | "~" | "null" | "true" | "false" | "yes" | "no" | "on" | "off"
    );
    let numeric = s.parse::<f64>().is_ok() || lower == ".inf" || lower == ".nan";
    // YAML 1.1 reads `2025-11-26…` as a date or timestamp.
    let b = s.as_bytes();
    let date_like = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    let special_start = s.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c));
    let breaks = s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.contains('\n')
        || s.starts_with(' ')
        || s.ends_with(' ');
    if reserved || numeric || date_like || special_start || breaks {
        format!("'{}'", s.replace('\'', "''"))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_block_style_like_pyyaml() {
        let value = json!({"year": 2021, "theme": "Future is open", "tags": ["a", "b"],
                           "nested": {"k": true, "n": null}, "odd": "yes", "list": [{"x": 1, "y": 2}]});
        assert_eq!(
            to_yaml(&value),
            "list:\n- x: 1\n  y: 2\nnested:\n  k: true\n  n: null\nodd: 'yes'\ntags:\n- a\n- b\n\
             theme: Future is open\nyear: 2021\n"
        );
        assert_eq!(to_yaml(&json!({"e": {}, "s": "1.5"})), "e: {}\ns: '1.5'\n");
    }
}

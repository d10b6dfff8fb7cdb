//! Canonical JSON text for checksums.
//!
//! A checksum must not depend on key order, which differs between serde's struct order and a
//! parsed `Value` (sorted, or insertion-ordered when some dependency turns on serde_json's
//! `preserve_order`). Objects are written with sorted keys and no whitespace; scalars use
//! serde_json's own formatting, which round-trips floats exactly.

use serde_json::Value;

/// Writes `value` as canonical JSON.
pub fn to_canonical_string(value: &Value) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(key) {
                    write(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// CRC-32 (IEEE) of the canonical text, as `crc32:xxxxxxxx`. It detects truncation and bit rot;
/// it is not a signature (anyone can edit a file and recompute it).
pub fn checksum(value: &Value) -> String {
    format!(
        "crc32:{:08x}",
        crate::crc32::hash(to_canonical_string(value).as_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_does_not_change_the_text() {
        let a: Value = serde_json::from_str(r#"{"b":1,"a":{"y":[1,2.5],"x":null}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":{"x":null,"y":[1,2.5]},"b":1}"#).unwrap();
        assert_eq!(
            to_canonical_string(&a),
            r#"{"a":{"x":null,"y":[1,2.5]},"b":1}"#
        );
        assert_eq!(checksum(&a), checksum(&b));
    }

    #[test]
    fn crc_matches_the_standard_check_value() {
        // The CRC-32/IEEE check value of "123456789" is 0xCBF43926; the string is written quoted.
        assert_eq!(
            crate::crc32::hash(b"123456789"),
            0xCBF4_3926,
            "the CRC must be CRC-32/IEEE"
        );
        assert_ne!(checksum(&json!("a")), checksum(&json!("b")));
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(
            to_canonical_string(&json!({"k\"": "line\nbreak"})),
            r#"{"k\"":"line\nbreak"}"#
        );
    }
}

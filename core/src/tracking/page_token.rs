//! MLflow's page tokens: base64 of the JSON `{"offset": n}` (opaque to callers; kept in
//! MLflow's shape so a token looks like one).

use super::error::MlflowError;

use crate::base64::{decode, encode};

/// The token for the page starting at `offset`.
pub fn token_for(offset: usize) -> String {
    encode(format!("{{\"offset\": {offset}}}").as_bytes())
}

/// The offset a token stands for; no token means the first page.
pub fn offset_of(token: Option<&str>) -> Result<usize, MlflowError> {
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Ok(0);
    };
    let bytes = decode(token)
        .ok_or_else(|| MlflowError::invalid("Invalid page token, could not base64-decode"))?;
    let text = String::from_utf8_lossy(&bytes).to_string();
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|_| MlflowError::invalid(format!("Invalid page token, decoded value={text}")))?;
    value
        .get("offset")
        .and_then(serde_json::Value::as_u64)
        .filter(|o| *o > 0)
        .map(|o| o as usize)
        .ok_or_else(|| MlflowError::invalid(format!("Invalid page token, parsed value={value}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_known_encoding() {
        assert_eq!(encode(b"{\"offset\": 1}"), "eyJvZmZzZXQiOiAxfQ==");
        for n in [1, 2, 99, 1000, 123_456] {
            assert_eq!(offset_of(Some(&token_for(n))), Ok(n));
        }
        assert_eq!(offset_of(None), Ok(0));
        assert_eq!(offset_of(Some("")), Ok(0));
        assert!(offset_of(Some("!!!")).is_err());
        assert!(offset_of(Some(&encode(b"not json"))).is_err());
        assert!(offset_of(Some(&encode(b"{\"offset\": 0}"))).is_err());
    }
}

//! The versioned envelope every stored or exported document travels in.
//!
//! ```json
//! {"format":"lakelab","kind":"workspace","schema_version":2,"app_version":"0.1.0",
//!  "saved_at_ms":1764000000000,"checksum":"crc32:1a2b3c4d","payload":{…}}
//! ```
//! The payload stays a JSON object (not a string) so an exported file is readable by a teacher.
//! The checksum covers the payload's canonical text ([`super::canonical`]).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::canonical::checksum;
use super::document::Document;
use super::error::{json_reason, LoadError};
use super::migrate::upgrade;

/// The value of `format` in every Lakelab envelope.
pub const FORMAT: &str = "lakelab";

/// A document with its metadata, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Envelope {
    pub format: String,
    pub kind: String,
    pub schema_version: u32,
    pub app_version: String,
    pub saved_at_ms: i64,
    pub checksum: String,
    pub payload: Value,
}

crate::flat_de::map_only!(Envelope);

/// Who writes and when: supplied by the caller (time is injected, never read here).
#[derive(Debug, Clone, Copy)]
pub struct SaveMeta<'a> {
    pub app_version: &'a str,
    pub saved_at_ms: i64,
}

/// A document read back, with where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<D> {
    pub doc: D,
    /// The schema the data was written with; lower than the current one when it was upgraded.
    pub from_schema: u32,
    pub app_version: String,
    pub saved_at_ms: i64,
}

impl<D: Document> Decoded<D> {
    /// True when the data was written by an older schema and upgraded on load.
    pub fn was_migrated(&self) -> bool {
        self.from_schema < D::SCHEMA_VERSION
    }
}

/// Wraps `doc` in an envelope.
pub fn wrap<D: Document>(doc: &D, meta: SaveMeta<'_>) -> Result<Envelope, String> {
    let payload = serde_json::to_value(doc).map_err(|e| format!("cannot serialize: {e}"))?;
    Ok(wrap_payload(D::KIND, D::SCHEMA_VERSION, payload, meta))
}

/// Wraps an already serialized payload of `kind` at `schema_version`.
pub fn wrap_payload(
    kind: &str,
    schema_version: u32,
    payload: Value,
    meta: SaveMeta<'_>,
) -> Envelope {
    Envelope {
        format: FORMAT.into(),
        kind: kind.into(),
        schema_version,
        app_version: meta.app_version.into(),
        saved_at_ms: meta.saved_at_ms,
        checksum: checksum(&payload),
        payload,
    }
}

/// Wraps `doc` and writes the envelope as compact JSON text.
pub fn encode<D: Document>(doc: &D, meta: SaveMeta<'_>) -> Result<String, String> {
    let envelope = wrap(doc, meta)?;
    serde_json::to_string(&envelope).map_err(|e| format!("cannot serialize: {e}"))
}

/// Reads a document from envelope text: parse, check, upgrade, validate.
pub fn decode_str<D: Document>(raw: &str) -> Result<Decoded<D>, LoadError> {
    let value: Value = serde_json::from_str(raw).map_err(|e| LoadError::from_json(&e))?;
    decode_value(value)
}

/// Reads a document from an envelope already parsed as JSON (e.g. one part of an export).
pub fn decode_value<D: Document>(value: Value) -> Result<Decoded<D>, LoadError> {
    finish(open(value, D::KIND)?)
}

/// Checks that `value` is an intact Lakelab envelope of `kind` (format, kind, checksum) and
/// returns it, payload not yet upgraded.
pub fn open(value: Value, kind: &str) -> Result<Envelope, LoadError> {
    let is_lakelab = value.get("format").and_then(Value::as_str) == Some(FORMAT);
    if !is_lakelab {
        return Err(LoadError::NotLakelab(format!(
            "it has no \"format\": \"{FORMAT}\" field"
        )));
    }
    let envelope: Envelope =
        serde_json::from_value(value).map_err(|e| LoadError::NotLakelab(json_reason(&e)))?;
    if envelope.kind != kind {
        return Err(LoadError::WrongKind {
            expected: kind.into(),
            found: envelope.kind,
        });
    }
    let computed = checksum(&envelope.payload);
    if computed != envelope.checksum {
        return Err(LoadError::ChecksumMismatch {
            stored: envelope.checksum,
            computed,
        });
    }
    Ok(envelope)
}

/// Upgrades an opened envelope's payload to this build's schema, then reads and validates it.
pub fn finish<D: Document>(envelope: Envelope) -> Result<Decoded<D>, LoadError> {
    let payload = upgrade(
        envelope.payload,
        envelope.schema_version,
        D::SCHEMA_VERSION,
        D::MIGRATIONS,
    )?;
    let invalid = |reason: String| LoadError::InvalidContent {
        kind: D::KIND.into(),
        reason,
    };
    let doc: D = serde_json::from_value(payload).map_err(|e| invalid(json_reason(&e)))?;
    doc.validate().map_err(invalid)?;
    Ok(Decoded {
        doc,
        from_schema: envelope.schema_version,
        app_version: envelope.app_version,
        saved_at_ms: envelope.saved_at_ms,
    })
}

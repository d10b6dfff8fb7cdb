//! Segmented documents: a main record plus one record per item of a large collection.
//!
//! The workspace holds every MLflow run; writing all of them on each save costs time that grows
//! with the number of runs (about half a second at 10,000). Instead it is stored as
//!
//! - `workspace`: the envelope of the document *without* its segments (notebooks, experiments,
//!   counters), carrying the revision that every save compares and bumps, and
//! - `workspace/run/<run_id>`: one small envelope per run (kind `workspace/segment`).
//!
//! A save writes the main record and the segments changed since the last save, in one atomic
//! [`Store::commit`](super::Store::commit) guarded by the main record's revision, so another
//! tab's save is still detected and a half-written save cannot exist. A *full* save (the first
//! one, after a migration, after a failed save, or on an explicit replace) clears every
//! segment and writes them all.
//!
//! Loading reads the main record and every segment, puts the segments back into the main
//! payload ([`Document::assemble`]) and then upgrades and validates the whole, so migrations
//! and validation keep working on one value. Segments are written with the main record's
//! schema version; one with another version, kind or a wrong checksum makes the whole
//! document unreadable (held for the learner, never overwritten).

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::document::Document;
use super::envelope::{finish, open, wrap_payload, Decoded, SaveMeta};
use super::error::LoadError;
use super::store::{Listed, ListedBytes, Record, StoreError, Write};

/// The kind written in every segment envelope of a document of kind `kind`.
pub fn segment_kind(kind: &str) -> String {
    format!("{kind}/segment")
}

/// The key prefix of a document's segment records.
pub fn prefix(key: &str) -> String {
    format!("{key}/")
}

/// The key prefix of a document's byte values (`workspace:blob/<run_id>/<path>`): outside
/// [`prefix`], so listing segments never meets bytes.
pub fn blob_prefix(key: &str) -> String {
    format!("{key}:blob/")
}

/// Which segments changed since the last save. Bookkeeping, not content: it is not
/// serialized, and two logs always compare equal, so documents compare by what they hold.
#[derive(Debug, Clone, Default)]
pub struct ChangeLog {
    ids: BTreeSet<String>,
    /// The id marked last: logging marks the same run for every param and metric, and this
    /// answers those repeats with one comparison.
    last: Option<String>,
}

impl ChangeLog {
    /// Notes that the item `id` changed (or was removed).
    pub fn mark(&mut self, id: &str) {
        if self.last.as_deref() == Some(id) {
            return;
        }
        if !self.ids.contains(id) {
            self.ids.insert(id.to_string());
        }
        self.last = Some(id.to_string());
    }

    /// The changed ids, forgetting them.
    pub fn take(&mut self) -> BTreeSet<String> {
        self.last = None;
        std::mem::take(&mut self.ids)
    }
}

impl PartialEq for ChangeLog {
    fn eq(&self, _other: &Self) -> bool {
        true
    }
}

/// A save prepared from the document, all text encoded, nothing written yet.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub revision: u64,
    /// The main record's envelope text.
    pub body: String,
    /// Segment writes, in order (a full save starts with a `DeletePrefix`).
    pub writes: Vec<Write>,
    pub full: bool,
}

/// Encodes `doc` for a save at `revision` under `key`: the main record and, for a full save,
/// every segment, otherwise the segments changed since the last save. Takes the document's
/// change log in every case.
pub fn prepare<D: Document>(
    doc: &mut D,
    key: &str,
    revision: u64,
    full: bool,
    meta: SaveMeta<'_>,
) -> Result<Prepared, String> {
    let changed = doc.take_changed_segments();
    let changed_blobs = doc.take_changed_blobs();
    let root = doc.root_payload()?;
    let envelope = wrap_payload(D::KIND, D::SCHEMA_VERSION, root, meta);
    let body = serde_json::to_string(&envelope).map_err(|e| format!("cannot serialize: {e}"))?;
    let mut writes = Vec::new();
    let ids = if full {
        if D::SEGMENTED {
            writes.push(Write::DeletePrefix {
                prefix: prefix(key),
            });
        }
        doc.segment_ids()
    } else {
        changed.into_iter().collect()
    };
    let kind = segment_kind(D::KIND);
    for id in ids {
        let segment_key = format!("{}{id}", prefix(key));
        match doc.segment_payload(&id) {
            Some(payload) => {
                let envelope = wrap_payload(&kind, D::SCHEMA_VERSION, payload?, meta);
                let body = serde_json::to_string(&envelope)
                    .map_err(|e| format!("cannot serialize: {e}"))?;
                writes.push(Write::Put {
                    key: segment_key,
                    record: Record { revision, body },
                });
            }
            None if full => {}
            None => writes.push(Write::Delete { key: segment_key }),
        }
    }
    let blob_ids = if full {
        if D::SEGMENTED {
            writes.push(Write::DeletePrefix {
                prefix: blob_prefix(key),
            });
        }
        doc.blob_ids()
    } else {
        changed_blobs.into_iter().collect()
    };
    for id in blob_ids {
        let blob_key = format!("{}{id}", blob_prefix(key));
        match doc.blob(&id) {
            Some(bytes) => writes.push(Write::PutBytes {
                key: blob_key,
                bytes: bytes.into_owned(),
            }),
            None if full => {}
            None => writes.push(Write::Delete { key: blob_key }),
        }
    }
    Ok(Prepared {
        revision,
        body,
        writes,
        full,
    })
}

/// Reads a segmented document from its main record text and its listed segment records
/// (keys under [`prefix`]`(key)`).
pub fn decode_parts<D: Document>(
    key: &str,
    body: &str,
    segments: &Listed,
) -> Result<Decoded<D>, LoadError> {
    let value: Value = serde_json::from_str(body).map_err(|e| LoadError::from_json(&e))?;
    let mut envelope = open(value, D::KIND)?;
    let kind = segment_kind(D::KIND);
    let start = prefix(key);
    let mut parts = Vec::with_capacity(segments.len());
    for (segment_key, found) in segments {
        let id = segment_key.strip_prefix(&start).unwrap_or(segment_key);
        let damaged = |reason: String| LoadError::InvalidContent {
            kind: D::KIND.into(),
            reason: format!("its part '{id}' is damaged: {reason}"),
        };
        let record = found.as_ref().map_err(|e| damaged(e.to_string()))?;
        let value: Value = serde_json::from_str(&record.body)
            .map_err(|e| damaged(LoadError::from_json(&e).to_string()))?;
        let part = open(value, &kind).map_err(|e| damaged(e.to_string()))?;
        if part.schema_version != envelope.schema_version {
            return Err(damaged(format!(
                "it was written with schema {} but the rest with schema {}",
                part.schema_version, envelope.schema_version
            )));
        }
        parts.push((id.to_string(), part.payload));
    }
    D::assemble(&mut envelope.payload, parts).map_err(|reason| LoadError::InvalidContent {
        kind: D::KIND.into(),
        reason,
    })?;
    finish(envelope)
}

/// Everything stored for a segmented document as one JSON text, for the learner's recovery
/// download when it cannot be read: nothing stored is left out or altered.
pub fn recovery_text(key: &str, body: &str, segments: &Listed, blobs: &ListedBytes) -> String {
    // Built by inserting, as `collect()` would, without compiling a sort per iterator.
    let mut parts = serde_json::Map::new();
    parts.extend(segments.iter().map(|(k, found)| {
        let text = match found {
            Ok(record) => record.body.clone(),
            Err(StoreError::Corrupt { raw, .. }) => raw.clone(),
            Err(other) => format!("(could not be read: {other})"),
        };
        (k.clone(), Value::String(text))
    }));
    let mut files = serde_json::Map::new();
    files.extend(blobs.iter().map(|(k, found)| {
        let text = match found {
            Ok(bytes) => crate::base64::encode(bytes),
            Err(other) => format!("(could not be read: {other})"),
        };
        (k.clone(), Value::String(text))
    }));
    json!({
        "format": "lakelab-recovery",
        "key": key,
        "main": body,
        "segments": parts,
        "files_base64": files,
    })
    .to_string()
}

/// One envelope text holding the whole document, from its main record text and segment
/// records (`(key, body)`), as an export expects; used for the crash download, where nothing
/// may be decoded into Rust types. Falls back to [`recovery_text`] (everything kept verbatim)
/// when a part cannot be read.
pub fn join<D: Document>(key: &str, body: &str, segments: &[(String, String)]) -> String {
    if segments.is_empty() {
        return body.to_string();
    }
    let listed: Listed = segments
        .iter()
        .map(|(k, b)| {
            let record = Record {
                revision: 0,
                body: b.clone(),
            };
            (k.clone(), Ok(record))
        })
        .collect();
    let joined = || -> Result<String, String> {
        let value: Value = serde_json::from_str(body).map_err(|e| e.to_string())?;
        let mut envelope = open(value, D::KIND).map_err(|e| e.to_string())?;
        let kind = segment_kind(D::KIND);
        let start = prefix(key);
        let mut parts = Vec::with_capacity(segments.len());
        for (segment_key, text) in segments {
            let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            let part = open(value, &kind).map_err(|e| e.to_string())?;
            let id = segment_key.strip_prefix(&start).unwrap_or(segment_key);
            parts.push((id.to_string(), part.payload));
        }
        D::assemble(&mut envelope.payload, parts)?;
        envelope.checksum = super::canonical::checksum(&envelope.payload);
        serde_json::to_string(&envelope).map_err(|e| e.to_string())
    };
    joined().unwrap_or_else(|_| recovery_text(key, body, &listed, &Vec::new()))
}

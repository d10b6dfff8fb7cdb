//! One JSON file holding the workspace, progress and settings: export and validated import.
//!
//! ```json
//! {"format":"lakelab-export","app_version":"0.1.0","exported_at_ms":…,
//!  "workspace":{<envelope>},"progress":{<envelope>},"settings":{<envelope>}}
//! ```
//! Each part is a full envelope (schema version, checksum), so each is checked and upgraded on
//! its own. Artifact files and notebook files, which the workspace keeps beside its JSON,
//! travel in `artifacts` (`"<run_id>/<path>"` or `"files/<path>": "<base64>"`, left out when
//! there are none) and are checked against the
//! sizes and CRC-32s the runs list. Import is all-or-nothing: every part must read before
//! anything is applied.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::base64;
use crate::persist::Document;

use crate::persist::envelope::{decode_value, wrap, Envelope, SaveMeta};
use crate::persist::error::json_reason;
use crate::persist::LoadError;
use crate::{Progress, Settings, Workspace};

/// The value of `format` in an export file.
pub const EXPORT_FORMAT: &str = "lakelab-export";
/// Largest file accepted by import, checked before parsing.
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;

/// Everything a learner owns, in memory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub workspace: Workspace,
    pub progress: Progress,
    pub settings: Settings,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct ExportFile<P> {
    format: String,
    app_version: String,
    exported_at_ms: i64,
    workspace: P,
    progress: P,
    settings: P,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    artifacts: BTreeMap<String, String>,
}

fn encode_files<'a, B: AsRef<[u8]>>(
    files: impl Iterator<Item = (&'a String, B)>,
) -> BTreeMap<String, String> {
    crate::sorting::map_of(files.map(|(id, bytes)| (id.clone(), base64::encode(bytes.as_ref()))))
}

/// The export file text (pretty-printed for people) of `snapshot`.
pub fn export_snapshot(snapshot: &Snapshot, meta: SaveMeta<'_>) -> Result<String, String> {
    let file = ExportFile::<Envelope> {
        format: EXPORT_FORMAT.into(),
        app_version: meta.app_version.into(),
        exported_at_ms: meta.saved_at_ms,
        workspace: wrap(&snapshot.workspace, meta)?,
        progress: wrap(&snapshot.progress, meta)?,
        settings: wrap(&snapshot.settings, meta)?,
        artifacts: {
            let ids = snapshot.workspace.blob_ids();
            encode_files(
                ids.iter()
                    .filter_map(|id| Some((id, snapshot.workspace.blob(id)?))),
            )
        },
    };
    serde_json::to_string_pretty(&file).map_err(|e| format!("cannot serialize: {e}"))
}

/// An export file assembled from stored envelope texts, as they are, without decoding them.
///
/// Used when the app cannot go on (the panic view's "download my data"): the parts are copied
/// verbatim, so even data this build could not read is kept. A part that is not JSON is kept
/// as a string.
pub fn export_stored_bodies(
    workspace: Option<&str>,
    progress: Option<&str>,
    settings: Option<&str>,
    artifacts: &BTreeMap<String, Vec<u8>>,
    meta: SaveMeta<'_>,
) -> String {
    let part = |body: Option<&str>| match body {
        None => Value::Null,
        Some(text) => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.into())),
    };
    let file = ExportFile::<Value> {
        format: EXPORT_FORMAT.into(),
        app_version: meta.app_version.into(),
        exported_at_ms: meta.saved_at_ms,
        workspace: part(workspace),
        progress: part(progress),
        settings: part(settings),
        artifacts: encode_files(artifacts.iter().map(|(k, v)| (k, v.as_slice()))),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// What an import read, with which parts were upgraded from an older schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub snapshot: Snapshot,
    pub migrated: Vec<&'static str>,
}

/// Reads an export file. Nothing is applied here: the caller stores the result only if this
/// returns `Ok`, so a bad file changes nothing.
pub fn import_bytes(bytes: &[u8]) -> Result<Imported, LoadError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(LoadError::TooLarge {
            size: bytes.len(),
            limit: MAX_IMPORT_BYTES,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        LoadError::NotLakelab(format!(
            "it is not text (invalid UTF-8 at byte {})",
            e.valid_up_to()
        ))
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| LoadError::from_json(&e))?;
    if value.get("format").and_then(Value::as_str) != Some(EXPORT_FORMAT) {
        return Err(LoadError::NotLakelab(format!(
            "it has no \"format\": \"{EXPORT_FORMAT}\" field (is it a Lakelab export?)"
        )));
    }
    let file: ExportFile<Value> =
        serde_json::from_value(value).map_err(|e| LoadError::NotLakelab(json_reason(&e)))?;
    let mut workspace = decode_value::<Workspace>(file.workspace)?;
    let mut files = Vec::with_capacity(file.artifacts.len());
    for (id, text) in file.artifacts {
        let bytes = base64::decode(&text).ok_or_else(|| LoadError::InvalidContent {
            kind: "workspace".into(),
            reason: format!("the artifact file '{id}' is not valid base64"),
        })?;
        files.push((id, bytes));
    }
    workspace
        .doc
        .attach_blobs(files)
        .map_err(|reason| LoadError::InvalidContent {
            kind: "workspace".into(),
            reason,
        })?;
    let progress = decode_value::<Progress>(file.progress)?;
    let settings = decode_value::<Settings>(file.settings)?;
    let mut migrated = Vec::new();
    if workspace.was_migrated() {
        migrated.push("workspace");
    }
    if progress.was_migrated() {
        migrated.push("progress");
    }
    if settings.was_migrated() {
        migrated.push("settings");
    }
    Ok(Imported {
        snapshot: Snapshot {
            workspace: workspace.doc,
            progress: progress.doc,
            settings: settings.doc,
        },
        migrated,
    })
}

//! Why stored or imported text could not be read. Each message tells the learner what happened
//! in words they can act on; the UI adds what to do next (download the raw data, import another
//! file).

use thiserror::Error;

/// Reading an envelope failed. Nothing has been changed when one of these is returned.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum LoadError {
    #[error("the data is not valid JSON (line {line}, column {column}): {reason}")]
    NotJson {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error("the data is not a Lakelab file: {0}")]
    NotLakelab(String),
    #[error("the data holds Lakelab {found} data where {expected} was expected")]
    WrongKind { expected: String, found: String },
    #[error(
        "the data is damaged: its checksum is {stored} but its content gives {computed} \
         (it was truncated or edited)"
    )]
    ChecksumMismatch { stored: String, computed: String },
    #[error(
        "the data was saved by a newer Lakelab (schema {found}); this version reads up to \
         schema {supported} — open it with the newer version"
    )]
    NewerSchema { found: u32, supported: u32 },
    #[error("the data uses schema {found}, which this version cannot upgrade: {reason}")]
    MigrationFailed { found: u32, reason: String },
    #[error("the data does not match the {kind} format: {reason}")]
    InvalidContent { kind: String, reason: String },
    #[error("the file is {size} bytes; the largest file Lakelab imports is {limit} bytes")]
    TooLarge { size: usize, limit: usize },
}

impl LoadError {
    /// The error for text that serde_json refused, keeping its position.
    pub fn from_json(err: &serde_json::Error) -> Self {
        LoadError::NotJson {
            line: err.line(),
            column: err.column(),
            reason: json_reason(err),
        }
    }
}

/// serde_json's message without its trailing " at line L column C" (we print the position).
pub(crate) fn json_reason(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(pos) => text[..pos].to_string(),
        None => text,
    }
}

//! The storage trait the browser adapters (IndexedDB, localStorage) and the in-memory test store
//! implement.
//!
//! A store keeps [`Record`]s by key. Every write is a compare-and-swap on the record's revision,
//! so two tabs (or two windows of the CLI) never silently overwrite each other: the second writer
//! gets [`StoreError::Conflict`] and decides what to do.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What a store holds under a key: a revision counter and the envelope text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Incremented by every successful save; compared before writing.
    pub revision: u64,
    /// The envelope as JSON text, exactly as written (kept verbatim for recovery downloads).
    pub body: String,
}

/// Which stored revision a write expects to replace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// Nothing is stored under the key yet.
    Absent,
    /// The stored record has this revision.
    Revision(u64),
    /// Overwrite whatever is there: only for explicit user choices (reset, "keep mine").
    Anything,
}

impl Expected {
    /// Whether a store holding `stored` (a revision, or `None` for nothing or an unreadable
    /// value) satisfies this expectation.
    pub fn matches(self, stored: Option<u64>) -> bool {
        match self {
            Expected::Absent => stored.is_none(),
            Expected::Revision(r) => stored == Some(r),
            Expected::Anything => true,
        }
    }
}

/// A storage operation failed. The stored data is unchanged in every case.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum StoreError {
    #[error(
        "another tab or window saved a newer version (revision {}); reload to see it",
        stored.map_or_else(|| "none".to_string(), |r| r.to_string())
    )]
    Conflict { stored: Option<u64> },
    #[error("the browser's storage for this site is full; free space or export your work")]
    QuotaExceeded,
    /// The stored value is not a record at all (written by something else, or damaged).
    #[error("the stored value is damaged: {reason}")]
    Corrupt { raw: String, reason: String },
    #[error("browser storage is not available: {0}")]
    Unavailable(String),
}

/// Keyed record storage with compare-and-swap writes.
///
/// The methods are `async` because IndexedDB is. Lakelab runs single-threaded in a browser tab,
/// so the futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// The record under `key`, `None` when nothing is stored, `Corrupt` when something that is
    /// not a record is.
    async fn get(&self, key: &str) -> Result<Option<Record>, StoreError>;
    /// Writes `record` if the stored revision satisfies `expected`, atomically.
    async fn put(&self, key: &str, record: Record, expected: Expected) -> Result<(), StoreError>;
    /// Removes the record under `key` (absent is fine).
    async fn delete(&self, key: &str) -> Result<(), StoreError>;

    /// Every record whose key starts with `prefix`, in key order; a value that is not a record
    /// comes back as `Err(Corrupt)` in its slot, so one damaged record does not hide the others.
    ///
    /// Documents kept as a main record plus many small "segment" records use this on load.
    /// Single-record stores (localStorage) hold no segments: the default lists nothing.
    async fn list(&self, _prefix: &str) -> Result<Listed, StoreError> {
        Ok(Vec::new())
    }

    /// Every byte value whose key starts with `prefix`, in key order (written with
    /// [`Write::PutBytes`]); a value that is not bytes is `Err(Corrupt)` in its slot.
    async fn list_bytes(&self, _prefix: &str) -> Result<ListedBytes, StoreError> {
        Ok(Vec::new())
    }

    /// Writes `record` under `key` if the stored revision satisfies `expected`, together with
    /// `writes`, in one atomic step: either everything is stored or nothing changes.
    ///
    /// The default serves single-record stores: a commit without segment writes is a
    /// [`Store::put`]; one with them is refused, since such a store cannot write several keys
    /// atomically.
    async fn commit(
        &self,
        key: &str,
        record: Record,
        expected: Expected,
        writes: Vec<Write>,
    ) -> Result<(), StoreError> {
        if writes.is_empty() {
            self.put(key, record, expected).await
        } else {
            Err(StoreError::Unavailable(
                "this storage keeps single records only and cannot save segmented data".into(),
            ))
        }
    }
}

/// One part of an atomic [`Store::commit`] besides the main record; applied in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    /// Stores `record` under `key` (no revision check: the main record's check covers it).
    Put { key: String, record: Record },
    /// Stores raw bytes under `key` (an artifact file; a `Uint8Array` in IndexedDB).
    PutBytes { key: String, bytes: Vec<u8> },
    /// Removes the record under `key` (absent is fine).
    Delete { key: String },
    /// Removes every record whose key starts with `prefix`.
    DeletePrefix { prefix: String },
}

/// Records under a prefix, read with [`Store::list`]: `(key, record)` in key order.
pub type Listed = Vec<(String, Result<Record, StoreError>)>;

/// Byte values under a prefix, read with [`Store::list_bytes`].
pub type ListedBytes = Vec<(String, Result<Vec<u8>, StoreError>)>;

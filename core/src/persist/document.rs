//! What a persisted document declares about itself.

use std::collections::BTreeSet;

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

use super::migrate::Migration;

/// A value stored inside a versioned envelope.
///
/// `SCHEMA_VERSION` is bumped whenever the serialized shape changes; `MIGRATIONS` then gains a
/// step from the previous version, so files written by older builds keep loading.
pub trait Document: Serialize + DeserializeOwned + Default {
    /// Names the document inside its envelope ("workspace", "progress", "settings"), so a
    /// progress file is never loaded as a workspace.
    const KIND: &'static str;
    /// The schema this build writes and reads natively.
    const SCHEMA_VERSION: u32;
    /// Steps from older schemas, one per version (`from` = 1, 2, …, `SCHEMA_VERSION - 1`).
    const MIGRATIONS: &'static [Migration] = &[];

    /// Checks invariants serde cannot express (unique ids, limits). A failure is reported as an
    /// invalid file, never silently repaired.
    fn validate(&self) -> Result<(), String> {
        Ok(())
    }

    /// Whether [`Document::merge`] can combine two tabs' versions.
    const MERGES: bool = false;

    /// Combines what another tab saved (`theirs`) into `self`, keeping both sides' changes.
    /// Returns false when the document cannot be merged (the default): the learner then
    /// chooses between the versions.
    fn merge(&mut self, _theirs: Self) -> bool {
        false
    }

    // ---- segments (see `super::segments`) ------------------------------------------------
    // A document with large collections (the workspace's runs) stores each item as its own
    // record, so a save writes the main record plus the items that changed. The defaults
    // describe a document kept as one record.

    /// Whether the document keeps items in segment records.
    const SEGMENTED: bool = false;

    /// The payload of the main record: the document without its segments. `&mut` lets a
    /// document move its collections aside while it serializes instead of copying them.
    fn root_payload(&mut self) -> Result<Value, String> {
        serde_json::to_value(&*self).map_err(|e| format!("cannot serialize: {e}"))
    }

    /// The ids of every segment (e.g. `run/<run_id>`).
    fn segment_ids(&self) -> Vec<String> {
        Vec::new()
    }

    /// One segment's payload; `None` when the document no longer has it (it was removed).
    fn segment_payload(&self, _id: &str) -> Option<Result<Value, String>> {
        None
    }

    /// The ids of segments changed since the last call, which forgets them.
    fn take_changed_segments(&mut self) -> BTreeSet<String> {
        BTreeSet::new()
    }

    /// Ids of the document's byte values (artifact files), stored beside the JSON.
    fn blob_ids(&self) -> Vec<String> {
        Vec::new()
    }

    /// One byte value; `None` when the document no longer has it. Owned when the document
    /// encodes it on demand (a table version).
    fn blob(&self, _id: &str) -> Option<std::borrow::Cow<'_, [u8]>> {
        None
    }

    /// Ids of byte values written or removed since the last call, which forgets them.
    fn take_changed_blobs(&mut self) -> BTreeSet<String> {
        BTreeSet::new()
    }

    /// Puts stored byte values back after the document was decoded, checking them.
    fn attach_blobs(&mut self, blobs: Vec<(String, Vec<u8>)>) -> Result<(), String> {
        match blobs.first() {
            None => Ok(()),
            Some((id, _)) => Err(format!(
                "found stored bytes '{id}', but a {} holds none",
                Self::KIND
            )),
        }
    }

    /// Puts stored segments (id, payload) back into a main payload, before migration and
    /// decoding. The payload is at the schema it was stored with.
    fn assemble(_root: &mut Value, segments: Vec<(String, Value)>) -> Result<(), String> {
        match segments.first() {
            None => Ok(()),
            Some((id, _)) => Err(format!(
                "found segment '{id}', but a {} is stored as one record",
                Self::KIND
            )),
        }
    }
}

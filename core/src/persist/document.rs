//! What a persisted document declares about itself.

use serde::{de::DeserializeOwned, Serialize};

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
}

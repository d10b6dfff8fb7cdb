//! Loading and saving one document against a [`Store`], with the rules that keep data safe:
//! unreadable data is held (never overwritten) until the learner decides, and a save that finds
//! a newer revision from another tab stops instead of overwriting it.

use super::document::Document;
use super::envelope::{decode_str, Decoded, SaveMeta};
use super::error::LoadError;
use super::segments::{self, decode_parts, recovery_text, Prepared};
use super::store::{Expected, Listed, ListedBytes, Record, Store, StoreError};

/// What was found under a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded<D> {
    /// Nothing stored yet: start from `D::default()`.
    Empty,
    /// Stored data read back (and upgraded if it was older). `body` is the main envelope text
    /// as stored and `segments` the segment records (`(key, body)`, empty for single-record
    /// documents), kept so callers need not encode the document again for a copy of it.
    Restored {
        decoded: Decoded<D>,
        revision: u64,
        body: String,
        segments: Vec<(String, String)>,
    },
    /// Something is stored but cannot be read. `raw` is exactly what is stored, for download.
    Unreadable {
        raw: String,
        reason: String,
        revision: Option<u64>,
    },
}

impl<D: Document> Loaded<D> {
    /// The document to start the session with (the default when nothing readable is stored).
    pub fn doc(&self) -> D
    where
        D: Clone,
    {
        match self {
            Loaded::Restored { decoded, .. } => decoded.doc.clone(),
            Loaded::Empty | Loaded::Unreadable { .. } => D::default(),
        }
    }
}

/// Reads and decodes the document under `key` (with its segments, for a segmented document).
/// Only storage failures are errors; damaged data is a [`Loaded::Unreadable`] value.
pub async fn load<D: Document, S: Store>(store: &S, key: &str) -> Result<Loaded<D>, StoreError> {
    let record = match store.get(key).await {
        Ok(None) => return Ok(Loaded::Empty),
        Ok(Some(record)) => record,
        Err(StoreError::Corrupt { raw, reason }) => {
            return Ok(Loaded::Unreadable {
                raw,
                reason,
                revision: None,
            })
        }
        Err(other) => return Err(other),
    };
    let (listed, blobs): (Listed, ListedBytes) = if D::SEGMENTED {
        (
            store.list(&segments::prefix(key)).await?,
            store.list_bytes(&segments::blob_prefix(key)).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let decoded = if D::SEGMENTED {
        decode_parts::<D>(key, &record.body, &listed).and_then(|mut decoded| {
            attach(&mut decoded.doc, key, &blobs)?;
            Ok(decoded)
        })
    } else {
        decode_str::<D>(&record.body)
    };
    Ok(match decoded {
        Ok(decoded) => Loaded::Restored {
            decoded,
            revision: record.revision,
            segments: listed
                .into_iter()
                .filter_map(|(k, r)| r.ok().map(|r| (k, r.body)))
                .collect(),
            body: record.body,
        },
        Err(err) => Loaded::Unreadable {
            raw: if listed.is_empty() && blobs.is_empty() {
                record.body
            } else {
                recovery_text(key, &record.body, &listed, &blobs)
            },
            reason: err.to_string(),
            revision: Some(record.revision),
        },
    })
}

/// Gives a decoded document its stored byte values (artifact files).
fn attach<D: Document>(doc: &mut D, key: &str, blobs: &ListedBytes) -> Result<(), LoadError> {
    let start = segments::blob_prefix(key);
    let invalid = |reason: String| LoadError::InvalidContent {
        kind: D::KIND.into(),
        reason,
    };
    let mut found = Vec::with_capacity(blobs.len());
    for (blob_key, bytes) in blobs {
        let id = blob_key.strip_prefix(&start).unwrap_or(blob_key);
        let bytes = bytes
            .as_ref()
            .map_err(|e| invalid(format!("the stored file '{id}' is damaged: {e}")))?;
        found.push((id.to_string(), bytes.clone()));
    }
    doc.attach_blobs(found).map_err(invalid)
}

/// Why a save did not happen. The stored data is unchanged in every case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SaveError {
    #[error("saving is paused until you decide what to do with the data that could not be loaded")]
    Held,
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("could not prepare the data for saving: {0}")]
    Encode(String),
}

/// The state of a saver, as the UI shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaverState {
    /// Saves go through.
    Ready,
    /// The stored data could not be read; saving would destroy it, so it waits for the learner.
    Held,
    /// Another tab saved a newer revision; saving would destroy it, so it waits for a reload or
    /// an explicit "keep mine".
    Conflict,
}

/// Saves one document under one key, remembering the revision it last saw.
#[derive(Debug, Clone)]
pub struct Saver {
    key: String,
    base: Expected,
    state: SaverState,
    /// The next save must write every segment: nothing is stored yet, the stored segments are
    /// from an older schema, or a failed save consumed the document's change log.
    full_next: bool,
}

impl Saver {
    /// A saver continuing from what [`load`] found.
    pub fn after_load<D: Document>(key: &str, loaded: &Loaded<D>) -> Self {
        let (base, state, full_next) = match loaded {
            Loaded::Empty => (Expected::Absent, SaverState::Ready, true),
            Loaded::Restored {
                revision, decoded, ..
            } => (
                Expected::Revision(*revision),
                SaverState::Ready,
                decoded.was_migrated(),
            ),
            Loaded::Unreadable { revision, .. } => (
                revision.map_or(Expected::Anything, Expected::Revision),
                SaverState::Held,
                true,
            ),
        };
        Self {
            key: key.into(),
            base,
            state,
            full_next,
        }
    }

    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn state(&self) -> SaverState {
        self.state
    }

    /// The revision this saver last read or wrote, if any.
    pub fn revision(&self) -> Option<u64> {
        match self.base {
            Expected::Revision(r) => Some(r),
            Expected::Absent | Expected::Anything => None,
        }
    }

    /// Saves `doc` if nothing else changed the stored record since this saver last saw it.
    /// Returns the new revision.
    pub async fn save<D: Document, S: Store>(
        &mut self,
        store: &S,
        doc: &mut D,
        meta: SaveMeta<'_>,
    ) -> Result<u64, SaveError> {
        let prepared = self.prepare(doc, meta)?;
        self.commit(store, prepared).await
    }

    /// The synchronous half of [`Saver::save`]: encodes the main record and the changed
    /// segments (taking the document's change log). The UI runs it inside its signal without
    /// copying the document, then awaits [`Saver::commit`].
    pub fn prepare<D: Document>(
        &mut self,
        doc: &mut D,
        meta: SaveMeta<'_>,
    ) -> Result<Prepared, SaveError> {
        self.check_ready()?;
        let revision = self.revision().map_or(1, |r| r + 1);
        segments::prepare(doc, &self.key, revision, self.full_next, meta).map_err(|e| {
            // The change log is gone: write everything next time.
            self.full_next = true;
            SaveError::Encode(e)
        })
    }

    fn check_ready(&self) -> Result<(), SaveError> {
        match self.state {
            SaverState::Held => Err(SaveError::Held),
            SaverState::Conflict => Err(StoreError::Conflict {
                stored: self.revision(),
            }
            .into()),
            SaverState::Ready => Ok(()),
        }
    }

    /// Writes a prepared save in one atomic step, if nothing else changed the stored record
    /// since this saver last saw it. Returns the new revision.
    pub async fn commit<S: Store>(
        &mut self,
        store: &S,
        prepared: Prepared,
    ) -> Result<u64, SaveError> {
        self.check_ready()?;
        let Prepared {
            revision,
            body,
            writes,
            full,
        } = prepared;
        if self.full_next && !full {
            // Prepared before an earlier save failed: its change set is not enough any more.
            return Err(SaveError::Encode(
                "this save was prepared before a failed one; saving again writes everything".into(),
            ));
        }
        let result = store
            .commit(&self.key, Record { revision, body }, self.base, writes)
            .await;
        match result {
            Ok(()) => {
                self.base = Expected::Revision(revision);
                self.full_next = false;
                Ok(revision)
            }
            Err(err) => {
                self.full_next = true;
                if matches!(err, StoreError::Conflict { .. }) {
                    self.state = SaverState::Conflict;
                }
                Err(err.into())
            }
        }
    }

    /// Saves `doc` merged with whatever another tab stored in between, for documents whose
    /// [`Document::merge`] can combine both without losing either side. Falls back to the plain
    /// conflict when the stored data cannot be read or merged.
    pub async fn save_merging<D: Document + Clone, S: Store>(
        &mut self,
        store: &S,
        doc: &D,
        meta: SaveMeta<'_>,
    ) -> Result<(u64, D), SaveError> {
        match self.save(store, &mut doc.clone(), meta).await {
            Ok(rev) => return Ok((rev, doc.clone())),
            Err(SaveError::Store(StoreError::Conflict { .. })) if D::MERGES => {}
            Err(other) => return Err(other),
        }
        let Loaded::Restored {
            decoded, revision, ..
        } = load::<D, S>(store, &self.key).await?
        else {
            return Err(StoreError::Conflict { stored: None }.into());
        };
        let mut merged = doc.clone();
        if !merged.merge(decoded.doc) {
            return Err(StoreError::Conflict {
                stored: Some(revision),
            }
            .into());
        }
        self.base = Expected::Revision(revision);
        self.state = SaverState::Ready;
        let rev = self.save(store, &mut merged, meta).await?;
        Ok((rev, merged))
    }

    /// Writes `doc` over whatever is stored (every segment included), after an explicit choice
    /// by the learner (start fresh after unreadable data, keep this tab's version, import a
    /// file, reset). Clears the held or conflict state.
    pub async fn replace<D: Document, S: Store>(
        &mut self,
        store: &S,
        doc: &mut D,
        meta: SaveMeta<'_>,
    ) -> Result<u64, SaveError> {
        let prepared = self.prepare_replace(store, doc, meta).await?;
        self.commit_replace(store, prepared).await
    }

    /// The first half of [`Saver::replace`]: a full save numbered above whatever is stored.
    pub async fn prepare_replace<D: Document, S: Store>(
        &mut self,
        store: &S,
        doc: &mut D,
        meta: SaveMeta<'_>,
    ) -> Result<Prepared, SaveError> {
        let stored = match store.get(&self.key).await {
            Ok(record) => record.map(|r| r.revision),
            Err(StoreError::Corrupt { .. }) => None,
            Err(other) => return Err(other.into()),
        };
        let revision = stored.max(self.revision()).map_or(1, |r| r + 1);
        segments::prepare(doc, &self.key, revision, true, meta).map_err(SaveError::Encode)
    }

    /// The second half of [`Saver::replace`]: writes over whatever is stored.
    pub async fn commit_replace<S: Store>(
        &mut self,
        store: &S,
        prepared: Prepared,
    ) -> Result<u64, SaveError> {
        let Prepared {
            revision,
            body,
            writes,
            ..
        } = prepared;
        store
            .commit(
                &self.key,
                Record { revision, body },
                Expected::Anything,
                writes,
            )
            .await?;
        self.base = Expected::Revision(revision);
        self.state = SaverState::Ready;
        self.full_next = false;
        Ok(revision)
    }

    /// Whether a revision announced by another tab is newer than what this saver holds.
    pub fn is_behind(&self, announced: u64) -> bool {
        self.revision().is_none_or(|r| announced > r)
    }
}

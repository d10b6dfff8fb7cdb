//! Loading and saving one document against a [`Store`], with the rules that keep data safe:
//! unreadable data is held (never overwritten) until the learner decides, and a save that finds
//! a newer revision from another tab stops instead of overwriting it.

use super::document::Document;
use super::envelope::{decode_str, encode, Decoded, SaveMeta};
use super::store::{Expected, Record, Store, StoreError};

/// What was found under a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded<D> {
    /// Nothing stored yet: start from `D::default()`.
    Empty,
    /// Stored data read back (and upgraded if it was older). `body` is the envelope text as
    /// stored, kept so callers need not encode the document again for a copy of it.
    Restored {
        decoded: Decoded<D>,
        revision: u64,
        body: String,
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

/// Reads and decodes the document under `key`. Only storage failures are errors; damaged data
/// is a [`Loaded::Unreadable`] value.
pub async fn load<D: Document, S: Store>(store: &S, key: &str) -> Result<Loaded<D>, StoreError> {
    match store.get(key).await {
        Ok(None) => Ok(Loaded::Empty),
        Ok(Some(record)) => Ok(match decode_str::<D>(&record.body) {
            Ok(decoded) => Loaded::Restored {
                decoded,
                revision: record.revision,
                body: record.body,
            },
            Err(err) => Loaded::Unreadable {
                raw: record.body,
                reason: err.to_string(),
                revision: Some(record.revision),
            },
        }),
        Err(StoreError::Corrupt { raw, reason }) => Ok(Loaded::Unreadable {
            raw,
            reason,
            revision: None,
        }),
        Err(other) => Err(other),
    }
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
}

impl Saver {
    /// A saver continuing from what [`load`] found.
    pub fn after_load<D>(key: &str, loaded: &Loaded<D>) -> Self {
        let (base, state) = match loaded {
            Loaded::Empty => (Expected::Absent, SaverState::Ready),
            Loaded::Restored { revision, .. } => (Expected::Revision(*revision), SaverState::Ready),
            Loaded::Unreadable { revision, .. } => (
                revision.map_or(Expected::Anything, Expected::Revision),
                SaverState::Held,
            ),
        };
        Self {
            key: key.into(),
            base,
            state,
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
        doc: &D,
        meta: SaveMeta<'_>,
    ) -> Result<u64, SaveError> {
        let body = encode(doc, meta).map_err(SaveError::Encode)?;
        self.save_body(store, body).await
    }

    /// Like [`Saver::save`] for envelope text the caller already encoded (the UI keeps a copy
    /// for its crash download without encoding twice).
    pub async fn save_body<S: Store>(&mut self, store: &S, body: String) -> Result<u64, SaveError> {
        match self.state {
            SaverState::Held => return Err(SaveError::Held),
            SaverState::Conflict => {
                return Err(StoreError::Conflict {
                    stored: self.revision(),
                }
                .into())
            }
            SaverState::Ready => {}
        }
        let revision = self.revision().map_or(1, |r| r + 1);
        match store
            .put(&self.key, Record { revision, body }, self.base)
            .await
        {
            Ok(()) => {
                self.base = Expected::Revision(revision);
                Ok(revision)
            }
            Err(err) => {
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
        match self.save(store, doc, meta).await {
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
        let rev = self.save(store, &merged, meta).await?;
        Ok((rev, merged))
    }

    /// Writes `doc` over whatever is stored, after an explicit choice by the learner (start
    /// fresh after unreadable data, keep this tab's version, import a file, reset). Clears the
    /// held or conflict state.
    pub async fn replace<D: Document, S: Store>(
        &mut self,
        store: &S,
        doc: &D,
        meta: SaveMeta<'_>,
    ) -> Result<u64, SaveError> {
        let body = encode(doc, meta).map_err(SaveError::Encode)?;
        let stored = match store.get(&self.key).await {
            Ok(record) => record.map(|r| r.revision),
            Err(StoreError::Corrupt { .. }) => None,
            Err(other) => return Err(other.into()),
        };
        let revision = stored.max(self.revision()).map_or(1, |r| r + 1);
        store
            .put(&self.key, Record { revision, body }, Expected::Anything)
            .await?;
        self.base = Expected::Revision(revision);
        self.state = SaverState::Ready;
        Ok(revision)
    }

    /// Whether a revision announced by another tab is newer than what this saver holds.
    pub fn is_behind(&self, announced: u64) -> bool {
        self.revision().is_none_or(|r| announced > r)
    }
}

//! One core document in a signal, saved automatically (debounced) through a core [`Store`].

use std::time::Duration;

use lakelab_core::persist::envelope::SaveMeta;
use lakelab_core::persist::session::{load, Loaded, SaveError, Saver};
use lakelab_core::persist::{Document, Store, StoreError};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::platform::clock::now_ms;
use crate::platform::panic_view::{remember_body, remember_segments, remember_writes};
use crate::platform::tabs::{self, Saved};

/// How long typing pauses before a save starts.
const SAVE_DELAY: Duration = Duration::from_millis(300);

/// What the header and banners say about a document's saving.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveStatus {
    Saved,
    /// Changed; a save is scheduled.
    Pending,
    Saving,
    /// The save failed; the text says why (quota, storage unavailable). Last save is intact.
    Failed(String),
    /// Another tab saved a newer version; this tab stops saving until the learner decides.
    Conflict,
    /// Stored data could not be read; saving waits for the learner's decision.
    Held,
}

/// What could not be read, kept for the recovery view.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub raw: String,
    pub reason: String,
}

/// A document, its save status and the machinery to persist it. `Copy`: pass it freely.
pub struct Persisted<D: 'static, S: 'static> {
    pub value: RwSignal<D>,
    pub status: RwSignal<SaveStatus>,
    /// Set when the stored data could not be read (the recovery view shows it).
    pub unreadable: RwSignal<Option<Unreadable>>,
    /// Set when the stored data was upgraded from an older schema on load.
    pub migrated_from: RwSignal<Option<u32>>,
    key: &'static str,
    store: StoredValue<Option<S>, LocalStorage>,
    saver: StoredValue<Option<Saver>>,
    in_flight: StoredValue<bool>,
    dirty: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
    channel: StoredValue<Option<web_sys::BroadcastChannel>, LocalStorage>,
}

impl<D, S> Clone for Persisted<D, S> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<D, S> Copy for Persisted<D, S> {}

fn meta() -> SaveMeta<'static> {
    SaveMeta {
        app_version: env!("CARGO_PKG_VERSION"),
        saved_at_ms: now_ms(),
    }
}

/// What was read for a document before the UI exists (plain data, no signals).
pub struct Fetched<D, S> {
    key: &'static str,
    store: Option<S>,
    found: Result<Loaded<D>, StoreError>,
}

/// Reads the document under `key` from `store` (`Err` when the browser has no usable storage).
pub async fn fetch<D: Document, S: Store>(
    key: &'static str,
    store: Result<S, StoreError>,
) -> Fetched<D, S> {
    match store {
        Ok(store) => {
            let found = load::<D, S>(&store, key).await;
            Fetched {
                key,
                store: Some(store),
                found,
            }
        }
        Err(err) => Fetched {
            key,
            store: None,
            found: Err(err),
        },
    }
}

impl<D, S> Persisted<D, S>
where
    D: Document + Clone + Send + Sync + 'static,
    S: Store + Clone + 'static,
{
    /// Puts a fetched document into signals (call inside the reactive owner of the app).
    pub fn new(fetched: Fetched<D, S>) -> Self {
        let Fetched { key, store, found } = fetched;
        let (doc, status, saver, unreadable, migrated) = match found {
            Ok(loaded) => {
                let saver = Saver::after_load(key, &loaded);
                // Keep a copy for the crash download: the text as stored, damaged or not
                // (nothing to keep when nothing is stored yet).
                match &loaded {
                    Loaded::Restored {
                        body,
                        segments,
                        decoded,
                        ..
                    } => {
                        remember_body(key, body);
                        let files = decoded.doc.blob_ids().into_iter().filter_map(|id| {
                            let bytes = decoded.doc.blob(&id)?.into_owned();
                            Some((id, bytes))
                        });
                        remember_segments(segments, files);
                    }
                    Loaded::Unreadable { raw, .. } => remember_body(key, raw),
                    Loaded::Empty => {}
                }
                let (status, unreadable, migrated) = match &loaded {
                    Loaded::Empty => (SaveStatus::Saved, None, None),
                    Loaded::Restored { decoded, .. } => (
                        SaveStatus::Saved,
                        None,
                        decoded.was_migrated().then_some(decoded.from_schema),
                    ),
                    Loaded::Unreadable { raw, reason, .. } => (
                        SaveStatus::Held,
                        Some(Unreadable {
                            raw: raw.clone(),
                            reason: reason.clone(),
                        }),
                        None,
                    ),
                };
                (loaded.doc(), status, Some(saver), unreadable, migrated)
            }
            Err(err) => (
                D::default(),
                SaveStatus::Failed(err.to_string()),
                None,
                None,
                None,
            ),
        };
        Self {
            value: RwSignal::new(doc),
            status: RwSignal::new(status),
            unreadable: RwSignal::new(unreadable),
            migrated_from: RwSignal::new(migrated),
            key,
            store: StoredValue::new_local(store),
            saver: StoredValue::new(saver),
            in_flight: StoredValue::new(false),
            dirty: StoredValue::new(false),
            timer: StoredValue::new(None),
            channel: StoredValue::new_local(None),
        }
    }

    /// Uses `channel` to tell other tabs about saves.
    pub fn set_channel(&self, channel: Option<web_sys::BroadcastChannel>) {
        self.channel.set_value(channel);
    }

    /// Changes the document and schedules a save.
    pub fn update(&self, change: impl FnOnce(&mut D)) {
        self.value.update(change);
        self.schedule_save();
    }

    /// Runs a fallible change: on `Ok` the change is kept, shown and saved; on `Err` nothing
    /// is notified or saved (the core's operations check before they mutate). `None` only if
    /// the signal is gone (the app is shutting down).
    pub fn apply<T, E>(&self, change: impl FnOnce(&mut D) -> Result<T, E>) -> Option<Result<T, E>> {
        let mut out = None;
        self.value.maybe_update(|d| {
            let result = change(d);
            let ok = result.is_ok();
            out = Some(result);
            ok
        });
        if matches!(out, Some(Ok(_))) {
            self.schedule_save();
        }
        out
    }

    /// Changes the document only if `change` reports a change (then saves).
    pub fn update_if(&self, change: impl FnOnce(&mut D) -> bool) {
        let mut changed = false;
        self.value.maybe_update(|d| {
            changed = change(d);
            changed
        });
        if changed {
            self.schedule_save();
        }
    }

    /// Starts the debounce timer for a save.
    pub fn schedule_save(&self) {
        if !matches!(
            self.status.get_untracked(),
            SaveStatus::Conflict | SaveStatus::Held
        ) {
            self.status.set(SaveStatus::Pending);
        }
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        let this = *self;
        let handle = set_timeout_with_handle(move || this.save_now(), SAVE_DELAY).ok();
        self.timer.set_value(handle);
    }

    /// Saves a scheduled change now instead of when its timer fires.
    pub fn flush(&self) {
        if self.status.get_untracked() == SaveStatus::Pending {
            if let Some(handle) = self.timer.get_value() {
                handle.clear();
            }
            self.save_now();
        }
    }

    /// Saves at once (one save runs at a time; a change during a save triggers another).
    pub fn save_now(&self) {
        self.dirty.set_value(true);
        if self.in_flight.get_value() {
            return;
        }
        let this = *self;
        spawn_local(async move { this.save_loop().await });
    }

    async fn save_loop(self) {
        self.in_flight.set_value(true);
        while self.dirty.get_value() {
            self.dirty.set_value(false);
            let (Some(store), Some(mut saver)) = (self.store.get_value(), self.saver.get_value())
            else {
                break;
            };
            self.status.set(SaveStatus::Saving);
            // Encoded inside the signal, without copying the document: only the main record
            // and the segments changed since the last save (see `persist::segments`).
            let mut prepared = None;
            self.value
                .update_untracked(|doc| prepared = Some(saver.prepare(doc, meta())));
            let result = match prepared {
                Some(Ok(prepared)) => {
                    remember_body(self.key, &prepared.body);
                    remember_writes(&prepared.writes);
                    saver.commit(&store, prepared).await
                }
                Some(Err(e)) => Err(e),
                None => break,
            };
            let result = match result {
                // Documents that can merge (progress) combine with the other tab's save.
                Err(SaveError::Store(StoreError::Conflict { .. })) if D::MERGES => {
                    let doc = self.value.get_untracked();
                    match saver.save_merging(&store, &doc, meta()).await {
                        Ok((rev, merged)) => {
                            // A newer local change would be overwritten; it saves (merged) next.
                            if !self.dirty.get_value() {
                                self.value.set(merged);
                            }
                            Ok(rev)
                        }
                        Err(e) => Err(e),
                    }
                }
                other => other,
            };
            self.saver.set_value(Some(saver));
            if !self.finish(result) {
                break;
            }
        }
        self.in_flight.set_value(false);
    }

    /// Records a save's outcome; returns whether saving may go on.
    fn finish(&self, result: Result<u64, SaveError>) -> bool {
        match result {
            Ok(revision) => {
                if let Some(channel) = self.channel.get_value() {
                    let saved = Saved {
                        key: self.key.into(),
                        revision,
                    };
                    tabs::announce(&channel, &saved);
                }
                self.status.set(if self.dirty.get_value() {
                    SaveStatus::Pending
                } else {
                    SaveStatus::Saved
                });
                true
            }
            Err(SaveError::Held) => {
                self.status.set(SaveStatus::Held);
                false
            }
            Err(SaveError::Store(StoreError::Conflict { .. })) => {
                self.status.set(SaveStatus::Conflict);
                false
            }
            Err(other) => {
                self.status.set(SaveStatus::Failed(other.to_string()));
                false
            }
        }
    }

    /// Another tab saved `revision` of this document: stop and say so if it is newer.
    pub fn heard(&self, revision: u64) {
        let behind = self
            .saver
            .with_value(|s| s.as_ref().is_some_and(|s| s.is_behind(revision)));
        if behind && D::MERGES {
            // Mergeable documents reconcile on their next save; nothing to ask.
            return;
        }
        if behind {
            self.status.set(SaveStatus::Conflict);
        }
    }

    /// Replaces the stored data with `doc` after an explicit choice (start fresh, keep this
    /// tab's version, import, reset). The previous stored data is gone afterwards.
    pub async fn replace_with(&self, doc: D) -> Result<(), String> {
        let (Some(store), Some(mut saver)) = (self.store.get_value(), self.saver.get_value())
        else {
            return Err("browser storage is not available".into());
        };
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        let mut doc = doc;
        let result = match saver.prepare_replace(&store, &mut doc, meta()).await {
            Ok(prepared) => {
                remember_body(self.key, &prepared.body);
                remember_writes(&prepared.writes);
                saver.commit_replace(&store, prepared).await
            }
            Err(e) => Err(e),
        };
        self.saver.set_value(Some(saver));
        match result {
            Ok(revision) => {
                self.value.set(doc);
                self.unreadable.set(None);
                self.finish(Ok(revision));
                Ok(())
            }
            Err(e) => Err(e.to_string()),
        }
    }
}

//! Start-up: read every stored document, then build the reactive state around them.

use std::collections::HashMap;

use lakelab_core::notebook::{CellResult, Session};
use lakelab_core::{Progress, Settings, Workspace};
use leptos::prelude::*;
use web_sys::ServiceWorker;

use super::persisted::{fetch, Fetched, Persisted};
use crate::platform::idb_store::{IdbStore, DB_NAME};
use crate::platform::local_store::LocalStore;
use crate::platform::tabs;

/// Everything read from storage at start-up.
pub struct Stored {
    workspace: Fetched<Workspace, IdbStore>,
    progress: Fetched<Progress, LocalStore>,
    settings: Fetched<Settings, LocalStore>,
}

/// Reads the workspace (IndexedDB), progress and settings (localStorage).
pub async fn boot() -> Stored {
    let idb = IdbStore::open(DB_NAME).await;
    Stored {
        workspace: fetch("workspace", idb).await,
        progress: fetch("progress", Ok(LocalStore)).await,
        settings: fetch("settings", Ok(LocalStore)).await,
    }
}

/// The app's state, shared through context. `Copy`.
#[derive(Clone, Copy)]
pub struct AppState {
    pub workspace: Persisted<Workspace, IdbStore>,
    pub progress: Persisted<Progress, LocalStore>,
    pub settings: Persisted<Settings, LocalStore>,
    /// A newer build's service worker, installed and waiting to take over.
    pub update_waiting: RwSignal<Option<ServiceWorker>, LocalStorage>,
    /// Whether the browser keeps our storage persistently (`None`: unknown / not asked).
    pub storage_persisted: RwSignal<Option<bool>>,
    /// One interpreter per notebook (by notebook id): names persist from cell to cell until
    /// the page reloads, like a notebook attached to a cluster.
    pub sessions: StoredValue<HashMap<String, Session>, LocalStorage>,
    /// The last result of each cell (by cell id), shown under it; not saved.
    pub outputs: RwSignal<HashMap<String, CellResult>, LocalStorage>,
    /// The bundled datasets, once fetched (mounted into every notebook session).
    pub datasets: StoredValue<lakelab_core::datasets::Mounted, LocalStorage>,
}

impl AppState {
    /// Builds the signals (inside the app's reactive owner) and listens to other tabs.
    pub fn new(stored: Stored) -> Self {
        let state = Self {
            workspace: Persisted::new(stored.workspace),
            progress: Persisted::new(stored.progress),
            settings: Persisted::new(stored.settings),
            update_waiting: RwSignal::new_local(None),
            storage_persisted: RwSignal::new(None),
            sessions: StoredValue::new_local(HashMap::new()),
            outputs: RwSignal::new_local(HashMap::new()),
            datasets: StoredValue::new_local(Default::default()),
        };
        let channel = tabs::listen(move |saved| match saved.key.as_str() {
            "workspace" => state.workspace.heard(saved.revision),
            "progress" => state.progress.heard(saved.revision),
            "settings" => state.settings.heard(saved.revision),
            _ => {}
        });
        state.workspace.set_channel(channel.clone());
        state.progress.set_channel(channel.clone());
        state.settings.set_channel(channel);
        state
    }
}

/// The state from context (every component is inside `App`, which provides it).
pub fn use_app() -> AppState {
    use_context::<AppState>().expect("AppState is provided by App")
}

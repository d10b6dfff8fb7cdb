//! Saving and loading workspaces through the in-memory store, as the app does. Not every
//! test file uses every helper.
#![allow(dead_code)]

use lakelab_core::persist::envelope::{encode, wrap_payload, SaveMeta};
use lakelab_core::persist::memory::{run_ready, MemoryStore};
use lakelab_core::persist::session::{load, Loaded};
use lakelab_core::persist::{Expected, Record, Store};
use lakelab_core::Workspace;
use serde_json::Value;

pub const KEY: &str = "workspace";
pub const META: SaveMeta<'static> = SaveMeta {
    app_version: "0.1.0",
    saved_at_ms: 7,
};

pub fn ready<F: std::future::Future>(f: F) -> F::Output {
    run_ready(f).expect("memory store futures complete at once")
}

pub fn loaded(store: &MemoryStore) -> Loaded<Workspace> {
    ready(load::<Workspace, _>(store, KEY)).unwrap()
}

/// The stored workspace and the schema it was stored with.
pub fn restored(store: &MemoryStore) -> (u32, Workspace) {
    match loaded(store) {
        Loaded::Restored { decoded, .. } => (decoded.from_schema, decoded.doc),
        other => panic!("{other:?}"),
    }
}

/// A new workspace stored as schema `schema` stored it, without the part `missing` that
/// schema did not have; loaded back: the schema it came from, and the workspace.
pub fn from_older_schema(schema: u32, missing: &str) -> (u32, Workspace) {
    let ws = Workspace::default();
    let value: Value = serde_json::from_str(&encode(&ws, META).unwrap()).unwrap();
    let mut payload = value["payload"].clone();
    payload.as_object_mut().unwrap().remove(missing);
    let value = wrap_payload("workspace", schema, payload, META);
    let store = MemoryStore::new();
    ready(store.put(
        KEY,
        Record {
            revision: 1,
            body: serde_json::to_string(&value).unwrap(),
        },
        Expected::Absent,
    ))
    .unwrap();
    restored(&store)
}

//! Browser adapters in headless Chromium: IndexedDB and localStorage stores, and the session
//! rules (held damaged data, revision checks) running on them for real.
#![cfg(target_arch = "wasm32")]

use lakelab::platform::base_path::base_from_path;
use lakelab::platform::idb_store::IdbStore;
use lakelab::platform::local_store::{LocalStore, PREFIX};
use lakelab_core::persist::envelope::SaveMeta;
use lakelab_core::persist::session::{load, Loaded, SaveError, Saver};
use lakelab_core::persist::{Expected, Record, Store, StoreError, Write};
use lakelab_core::tracking::NewRun;
use lakelab_core::{Settings, Theme, Workspace};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const META: SaveMeta<'static> = SaveMeta {
    app_version: "test",
    saved_at_ms: 1,
};

fn record(revision: u64, body: &str) -> Record {
    Record {
        revision,
        body: body.into(),
    }
}

/// A new, empty database of its own per test, so tests do not see each other's data.
async fn fresh_db(name: &str) -> IdbStore {
    let name = format!("lakelab-test-{name}");
    let factory = idb::Factory::new().expect("IndexedDB exists");
    factory
        .delete(&name)
        .expect("delete request")
        .await
        .expect("old test database deleted");
    IdbStore::open(&name).await.expect("IndexedDB opens")
}

/// A second connection to a test database, as another tab would open.
async fn open_db(name: &str) -> IdbStore {
    IdbStore::open(&format!("lakelab-test-{name}"))
        .await
        .expect("IndexedDB opens")
}

#[wasm_bindgen_test]
async fn idb_write_read_overwrite() {
    let db = fresh_db("rw").await;
    assert_eq!(db.get("k").await, Ok(None));
    db.put("k", record(1, "first"), Expected::Absent)
        .await
        .unwrap();
    assert_eq!(db.get("k").await, Ok(Some(record(1, "first"))));
    db.put("k", record(2, "second"), Expected::Revision(1))
        .await
        .unwrap();
    assert_eq!(db.get("k").await, Ok(Some(record(2, "second"))));
    // A large body (1 MB of text with non-ASCII) survives intact.
    let big = "é".repeat(500_000);
    db.put("k", record(3, &big), Expected::Revision(2))
        .await
        .unwrap();
    assert_eq!(db.get("k").await.unwrap().unwrap().body, big);
    db.delete("k").await.unwrap();
    assert_eq!(db.get("k").await, Ok(None));
    db.close();
}

#[wasm_bindgen_test]
async fn idb_refuses_a_stale_revision_and_keeps_the_newer_record() {
    let db = fresh_db("cas").await;
    db.put("k", record(1, "a"), Expected::Absent).await.unwrap();
    db.put("k", record(2, "b"), Expected::Revision(1))
        .await
        .unwrap();
    let err = db
        .put("k", record(2, "stale"), Expected::Revision(1))
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::Conflict { stored: Some(2) });
    assert_eq!(
        db.put("k", record(9, "x"), Expected::Absent).await,
        Err(StoreError::Conflict { stored: Some(2) })
    );
    assert_eq!(db.get("k").await.unwrap().unwrap().body, "b");
    db.close();
}

#[wasm_bindgen_test]
async fn idb_corrupt_records_are_reported_with_their_text() {
    let db = fresh_db("corrupt").await;
    db.put_raw("k", &JsValue::from_str("{not json"))
        .await
        .unwrap();
    match db.get("k").await {
        Err(StoreError::Corrupt { raw, .. }) => assert_eq!(raw, "{not json"),
        other => panic!("expected Corrupt, got {other:?}"),
    }
    // An object of the wrong shape is corrupt too, and its JSON text is kept.
    let wrong = js_sys::JSON::parse(r#"{"revision":"one","body":5}"#).unwrap();
    db.put_raw("k", &wrong).await.unwrap();
    match db.get("k").await {
        Err(StoreError::Corrupt { raw, .. }) => assert_eq!(raw, r#"{"revision":"one","body":5}"#),
        other => panic!("expected Corrupt, got {other:?}"),
    }

    // The session holds the damaged value: no save replaces it until an explicit choice.
    let found = load::<Workspace, _>(&db, "k").await.unwrap();
    assert!(matches!(&found, Loaded::Unreadable { .. }), "{found:?}");
    let mut saver = Saver::after_load("k", &found);
    assert_eq!(
        saver.save(&db, &mut Workspace::default(), META).await,
        Err(SaveError::Held)
    );
    assert!(matches!(db.get("k").await, Err(StoreError::Corrupt { .. })));

    // A record whose envelope is damaged (valid record, bad body) is unreadable, not lost.
    db.put(
        "k",
        record(4, "{\"format\":\"lakelab\""),
        Expected::Anything,
    )
    .await
    .unwrap();
    match load::<Workspace, _>(&db, "k").await.unwrap() {
        Loaded::Unreadable { raw, revision, .. } => {
            assert_eq!(raw, "{\"format\":\"lakelab\"");
            assert_eq!(revision, Some(4));
        }
        other => panic!("{other:?}"),
    }
    let mut saver = Saver::after_load("k", &load::<Workspace, _>(&db, "k").await.unwrap());
    assert_eq!(
        saver.replace(&db, &mut Workspace::default(), META).await,
        Ok(5)
    );
    assert!(matches!(
        load::<Workspace, _>(&db, "k").await,
        Ok(Loaded::Restored { revision: 5, .. })
    ));
    db.close();
}

#[wasm_bindgen_test]
async fn two_connections_behave_like_two_tabs() {
    let tab_a = fresh_db("tabs").await;
    let tab_b = open_db("tabs").await;
    let empty = load::<Workspace, _>(&tab_a, "ws").await.unwrap();
    let mut saver_a = Saver::after_load("ws", &empty);
    let mut saver_b = Saver::after_load("ws", &empty);
    let mut ws = Workspace::default();
    ws.set_cell_source("nb1", "c2", "from A").unwrap();
    saver_a.save(&tab_a, &mut ws, META).await.unwrap();
    let mut other = Workspace::default();
    other.set_cell_source("nb1", "c2", "from B").unwrap();
    assert!(matches!(
        saver_b.save(&tab_b, &mut other, META).await,
        Err(SaveError::Store(StoreError::Conflict { stored: Some(1) }))
    ));
    assert_eq!(load::<Workspace, _>(&tab_b, "ws").await.unwrap().doc(), ws);
    tab_a.close();
    tab_b.close();
}

fn clear_local(key: &str) {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item(&format!("{PREFIX}{key}")).unwrap();
}

#[wasm_bindgen_test]
async fn local_storage_settings_round_trip() {
    clear_local("settings-test");
    let store = LocalStore;
    let found = load::<Settings, _>(&store, "settings-test").await.unwrap();
    assert_eq!(found, Loaded::Empty);
    let mut saver = Saver::after_load("settings-test", &found);
    let mut settings = Settings {
        theme: Theme::Dark,
        display_name: "Ada <script>".into(),
    };
    assert_eq!(saver.save(&store, &mut settings, META).await, Ok(1));
    match load::<Settings, _>(&store, "settings-test").await.unwrap() {
        Loaded::Restored {
            decoded, revision, ..
        } => {
            assert_eq!(decoded.doc, settings);
            assert_eq!(revision, 1);
        }
        other => panic!("{other:?}"),
    }
    // Stored under the documented key, as a record holding an envelope.
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let raw = storage.get_item("lakelab.settings-test").unwrap().unwrap();
    let stored: Record = serde_json::from_str(&raw).unwrap();
    assert!(stored.body.contains("\"kind\":\"settings\""), "{raw}");
    clear_local("settings-test");
}

#[wasm_bindgen_test]
async fn local_storage_damage_and_conflicts() {
    clear_local("progress-test");
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage
        .set_item("lakelab.progress-test", "not a record")
        .unwrap();
    let store = LocalStore;
    assert!(matches!(
        store.get("progress-test").await,
        Err(StoreError::Corrupt { raw, .. }) if raw == "not a record"
    ));
    store
        .put("progress-test", record(1, "x"), Expected::Anything)
        .await
        .unwrap();
    assert_eq!(
        store
            .put("progress-test", record(1, "y"), Expected::Absent)
            .await,
        Err(StoreError::Conflict { stored: Some(1) })
    );
    assert_eq!(store.get("progress-test").await.unwrap().unwrap().body, "x");
    clear_local("progress-test");
}

#[wasm_bindgen_test]
fn router_base_from_document_paths() {
    assert_eq!(base_from_path("/"), "");
    assert_eq!(base_from_path("/lakelab/"), "/lakelab");
    assert_eq!(base_from_path("/a/b/index.html"), "/a/b");
}

#[wasm_bindgen_test]
async fn an_open_store_lets_a_newer_database_version_open() {
    let db = fresh_db("upgrade").await;
    db.put("k", record(1, "kept"), Expected::Absent)
        .await
        .unwrap();
    // Another tab with a newer build opens version 2; without our versionchange handler this
    // request would stay blocked and the test would time out.
    let factory = idb::Factory::new().unwrap();
    let newer = factory
        .open("lakelab-test-upgrade", Some(2))
        .unwrap()
        .await
        .expect("the upgrade is not blocked by the older connection");
    assert_eq!(newer.version().unwrap(), 2);
    // The older connection is closed: its writes fail visibly instead of hanging.
    assert!(db
        .put("k", record(2, "late"), Expected::Revision(1))
        .await
        .is_err());
    newer.close();
}

fn put(key: &str, revision: u64, body: &str) -> Write {
    Write::Put {
        key: key.into(),
        record: record(revision, body),
    }
}

#[wasm_bindgen_test]
async fn idb_commit_writes_segments_and_lists_them_by_prefix() {
    let db = fresh_db("segments").await;
    db.commit(
        "doc",
        record(1, "main"),
        Expected::Absent,
        vec![
            put("doc/b", 1, "B"),
            put("doc/a", 1, "A"),
            put("docx", 1, "other"),
        ],
    )
    .await
    .unwrap();
    let listed = db.list("doc/").await.unwrap();
    let keys: Vec<&str> = listed.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["doc/a", "doc/b"], "prefix only, in key order");
    assert_eq!(listed[1].1, Ok(record(1, "B")));
    // A damaged segment is reported in its slot; the others still read.
    db.put_raw("doc/c", &JsValue::from_f64(3.0)).await.unwrap();
    let listed = db.list("doc/").await.unwrap();
    assert!(matches!(listed[2].1, Err(StoreError::Corrupt { .. })));
    // Clearing the prefix, then writing, in one commit.
    db.commit(
        "doc",
        record(2, "main2"),
        Expected::Revision(1),
        vec![
            Write::DeletePrefix {
                prefix: "doc/".into(),
            },
            put("doc/z", 2, "Z"),
        ],
    )
    .await
    .unwrap();
    let keys: Vec<String> = db
        .list("doc/")
        .await
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    assert_eq!(keys, ["doc/z"]);
    assert_eq!(db.get("docx").await, Ok(Some(record(1, "other"))));
    db.close();
}

#[wasm_bindgen_test]
async fn idb_commit_with_a_stale_revision_writes_nothing() {
    let db = fresh_db("segments-cas").await;
    db.commit(
        "doc",
        record(1, "main"),
        Expected::Absent,
        vec![put("doc/a", 1, "A")],
    )
    .await
    .unwrap();
    let err = db
        .commit(
            "doc",
            record(2, "late"),
            Expected::Absent,
            vec![
                Write::Delete {
                    key: "doc/a".into(),
                },
                put("doc/b", 2, "B"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::Conflict { stored: Some(1) });
    assert_eq!(db.get("doc").await, Ok(Some(record(1, "main"))));
    let listed = db.list("doc/").await.unwrap();
    assert_eq!(listed, vec![("doc/a".to_string(), Ok(record(1, "A")))]);
    db.close();
}

#[wasm_bindgen_test]
async fn a_workspace_with_runs_round_trips_through_indexeddb_one_record_per_run() {
    let db = fresh_db("workspace-runs").await;
    let mut ws = Workspace::default();
    let mut ids = Vec::new();
    for i in 0..20 {
        let id = ws.tracking.create_run("0", NewRun::default(), i).unwrap();
        ws.tracking.log_metric(&id, "m", i as f64, i, 0).unwrap();
        ids.push(id);
    }
    let mut saver = Saver::after_load("workspace", &Loaded::<Workspace>::Empty);
    assert_eq!(saver.save(&db, &mut ws, META).await, Ok(1));
    assert_eq!(db.list("workspace/").await.unwrap().len(), 20);
    ws.tracking.set_tag(&ids[3], "k", "v").unwrap();
    let prepared = saver.prepare(&mut ws, META).unwrap();
    assert_eq!(prepared.writes.len(), 1, "only the changed run is written");
    assert_eq!(saver.commit(&db, prepared).await, Ok(2));
    match load::<Workspace, _>(&db, "workspace").await {
        Ok(Loaded::Restored {
            decoded, segments, ..
        }) => {
            assert_eq!(decoded.doc, ws);
            assert_eq!(segments.len(), 20);
        }
        other => panic!("{other:?}"),
    }
    db.close();
}

#[wasm_bindgen_test]
async fn artifact_files_are_stored_as_bytes_in_indexeddb() {
    let db = fresh_db("artifacts").await;
    let mut ws = Workspace::default();
    let run = ws.tracking.create_run("0", NewRun::default(), 0).unwrap();
    let png: Vec<u8> = (0..=255).collect();
    ws.tracking
        .log_artifact(&run, "all-bytes.png", png.clone(), Some("figures"))
        .unwrap();
    let mut saver = Saver::after_load("workspace", &Loaded::<Workspace>::Empty);
    saver.save(&db, &mut ws, META).await.unwrap();
    let stored = db.list_bytes("workspace:blob/").await.unwrap();
    assert_eq!(
        stored,
        vec![(
            format!("workspace:blob/{run}/figures/all-bytes.png"),
            Ok(png.clone())
        )]
    );
    match load::<Workspace, _>(&db, "workspace").await {
        Ok(Loaded::Restored { decoded, .. }) => assert_eq!(
            decoded
                .doc
                .tracking
                .artifact_bytes(&run, "figures/all-bytes.png"),
            Ok(png.as_slice())
        ),
        other => panic!("{other:?}"),
    }
    // A text record where bytes belong is reported as damaged, not read as a file.
    db.put(
        &format!("workspace:blob/{run}/figures/all-bytes.png"),
        record(1, "text"),
        Expected::Anything,
    )
    .await
    .unwrap();
    assert!(matches!(
        load::<Workspace, _>(&db, "workspace").await,
        Ok(Loaded::Unreadable { .. })
    ));
    db.close();
}

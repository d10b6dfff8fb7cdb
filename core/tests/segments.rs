//! The workspace is stored as a main record plus one record per run, and a save writes only
//! the runs that changed — atomically, under the main record's revision check.

use lakelab_core::persist::envelope::{encode, SaveMeta};
use lakelab_core::persist::memory::{run_ready, MemoryStore};
use lakelab_core::persist::segments::Prepared;
use lakelab_core::persist::session::{load, Loaded, SaveError, Saver, SaverState};
use lakelab_core::persist::{Document, Expected, Record, Store, StoreError, Write};
use lakelab_core::progress::Progress;
use lakelab_core::tracking::NewRun;
use lakelab_core::Workspace;
use serde_json::Value;

const KEY: &str = "workspace";
const META: SaveMeta<'static> = SaveMeta {
    app_version: "0.1.0",
    saved_at_ms: 7,
};

fn ready<F: std::future::Future>(f: F) -> F::Output {
    run_ready(f).expect("memory store futures complete at once")
}

fn loaded(store: &MemoryStore) -> Loaded<Workspace> {
    ready(load::<Workspace, _>(store, KEY)).unwrap()
}

fn restored(store: &MemoryStore) -> Workspace {
    match loaded(store) {
        Loaded::Restored { decoded, .. } => decoded.doc,
        other => panic!("{other:?}"),
    }
}

fn log_run(ws: &mut Workspace, metric: f64) -> String {
    let id = ws
        .tracking
        .create_run("0", NewRun::default(), 1_000)
        .unwrap();
    ws.tracking.log_param(&id, "alpha", "0.5").unwrap();
    ws.tracking
        .log_metric(&id, "rmse", metric, 1_000, 0)
        .unwrap();
    id
}

fn segment_keys(store: &MemoryStore) -> Vec<String> {
    ready(store.list("workspace/"))
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .collect()
}

fn put_keys(prepared: &Prepared) -> Vec<String> {
    prepared
        .writes
        .iter()
        .filter_map(|w| match w {
            Write::Put { key, .. } => Some(key.clone()),
            _ => None,
        })
        .collect()
}

/// A workspace with three runs, saved once; the saver that saved it.
fn saved_with_runs(store: &MemoryStore) -> (Workspace, Saver, Vec<String>) {
    let mut ws = Workspace::default();
    let ids: Vec<String> = (0..3).map(|i| log_run(&mut ws, i as f64)).collect();
    let mut saver = Saver::after_load(KEY, &loaded(store));
    ready(saver.save(store, &mut ws, META)).unwrap();
    (ws, saver, ids)
}

#[test]
fn each_run_is_its_own_record_and_the_main_record_holds_none() {
    let store = MemoryStore::new();
    let (ws, _, ids) = saved_with_runs(&store);
    let mut expected: Vec<String> = ids.iter().map(|id| format!("workspace/run/{id}")).collect();
    expected.sort();
    assert_eq!(segment_keys(&store), expected);
    let main = ready(store.get(KEY)).unwrap().unwrap();
    let value: Value = serde_json::from_str(&main.body).unwrap();
    assert_eq!(value["schema_version"], Workspace::SCHEMA_VERSION);
    assert_eq!(value["payload"]["tracking"]["runs"], serde_json::json!({}));
    assert_eq!(restored(&store), ws);
}

#[test]
fn a_save_after_logging_one_run_writes_only_that_run() {
    let store = MemoryStore::new();
    let (mut ws, mut saver, ids) = saved_with_runs(&store);
    ws.tracking
        .log_metric(&ids[1], "rmse", 0.1, 2_000, 1)
        .unwrap();
    let new_id = log_run(&mut ws, 9.0);
    let prepared = saver.prepare(&mut ws, META).unwrap();
    assert!(!prepared.full);
    let mut puts = put_keys(&prepared);
    puts.sort();
    let mut expected = vec![
        format!("workspace/run/{}", ids[1]),
        format!("workspace/run/{new_id}"),
    ];
    expected.sort();
    assert_eq!(puts, expected);
    assert_eq!(ready(saver.commit(&store, prepared)), Ok(2));
    // Nothing changed since: the next save writes the main record only.
    assert!(saver.prepare(&mut ws, META).unwrap().writes.is_empty());
    assert_eq!(restored(&store), ws);
    assert_eq!(segment_keys(&store).len(), 4);
}

#[test]
fn deleting_an_experiment_rewrites_the_runs_it_deletes() {
    let store = MemoryStore::new();
    let mut ws = Workspace::default();
    let exp = ws.tracking.create_experiment("/x", None, &[], 0).unwrap();
    let id = ws.tracking.create_run(&exp, NewRun::default(), 0).unwrap();
    let mut saver = Saver::after_load(KEY, &loaded(&store));
    ready(saver.save(&store, &mut ws, META)).unwrap();
    ws.tracking.delete_experiment(&exp, 5).unwrap();
    let prepared = saver.prepare(&mut ws, META).unwrap();
    assert_eq!(put_keys(&prepared), vec![format!("workspace/run/{id}")]);
    ready(saver.commit(&store, prepared)).unwrap();
    assert_eq!(restored(&store), ws);
}

#[test]
fn a_schema_3_single_record_loads_and_the_next_save_splits_it() {
    let store = MemoryStore::new();
    let mut ws = Workspace::default();
    let id = log_run(&mut ws, 1.5);
    // What the previous build stored: one envelope, runs inline, schema 3.
    let mut value: Value = serde_json::from_str(&encode(&ws, META).unwrap()).unwrap();
    value["schema_version"] = 3.into();
    ready(store.put(
        KEY,
        Record {
            revision: 4,
            body: value.to_string(),
        },
        Expected::Absent,
    ))
    .unwrap();
    let first = loaded(&store);
    let Loaded::Restored { decoded, .. } = &first else {
        panic!("{first:?}")
    };
    assert_eq!(decoded.from_schema, 3);
    assert_eq!(decoded.doc, ws);
    let mut doc = decoded.doc.clone();
    let mut saver = Saver::after_load(KEY, &first);
    let prepared = saver.prepare(&mut doc, META).unwrap();
    assert!(prepared.full, "a migrated workspace is written out in full");
    assert_eq!(ready(saver.commit(&store, prepared)), Ok(5));
    assert_eq!(segment_keys(&store), vec![format!("workspace/run/{id}")]);
    assert_eq!(restored(&store), ws);
}

#[test]
fn replacing_the_workspace_removes_runs_it_does_not_have() {
    let store = MemoryStore::new();
    let (_, mut saver, _) = saved_with_runs(&store);
    assert_eq!(
        ready(saver.replace(&store, &mut Workspace::default(), META)),
        Ok(2)
    );
    assert!(segment_keys(&store).is_empty());
    assert_eq!(restored(&store), Workspace::default());
}

#[test]
fn a_damaged_run_record_holds_the_whole_workspace_and_keeps_every_part() {
    let store = MemoryStore::new();
    let (_, _, ids) = saved_with_runs(&store);
    store.put_garbage(&format!("workspace/run/{}", ids[0]), "{half a run");
    let found = loaded(&store);
    let Loaded::Unreadable { raw, reason, .. } = &found else {
        panic!("{found:?}")
    };
    assert!(reason.contains(&ids[0]), "{reason}");
    let recovery: Value = serde_json::from_str(raw).unwrap();
    assert_eq!(recovery["format"], "lakelab-recovery");
    assert_eq!(recovery["segments"].as_object().unwrap().len(), 3);
    assert_eq!(
        recovery["segments"][format!("workspace/run/{}", ids[0])],
        "{half a run"
    );
    assert!(recovery["main"]
        .as_str()
        .unwrap()
        .contains("\"kind\":\"workspace\""));
    let mut saver = Saver::after_load(KEY, &found);
    assert_eq!(saver.state(), SaverState::Held);
    assert_eq!(
        ready(saver.save(&store, &mut Workspace::default(), META)),
        Err(SaveError::Held)
    );
}

#[test]
fn a_run_record_with_a_wrong_checksum_or_schema_is_refused() {
    let store = MemoryStore::new();
    let (_, _, ids) = saved_with_runs(&store);
    let key = format!("workspace/run/{}", ids[2]);
    let record = ready(store.get(&key)).unwrap().unwrap();
    for (field, value) in [
        ("checksum", Value::from("crc32:00000000")),
        ("schema_version", Value::from(3)),
    ] {
        let mut envelope: Value = serde_json::from_str(&record.body).unwrap();
        envelope[field] = value;
        ready(store.put(
            &key,
            Record {
                revision: 1,
                body: envelope.to_string(),
            },
            Expected::Anything,
        ))
        .unwrap();
        assert!(
            matches!(loaded(&store), Loaded::Unreadable { .. }),
            "a changed {field} must not load"
        );
    }
}

#[test]
fn another_tabs_save_stops_a_segment_save_and_the_retry_writes_everything() {
    let store = MemoryStore::new();
    let (mut ws, mut tab_a, _) = saved_with_runs(&store);
    let mut tab_b = Saver::after_load(KEY, &loaded(&store));
    let mut theirs = restored(&store);
    log_run(&mut theirs, 7.0);
    ready(tab_b.save(&store, &mut theirs, META)).unwrap();

    log_run(&mut ws, 8.0);
    let err = ready(tab_a.save(&store, &mut ws, META)).unwrap_err();
    assert_eq!(
        err,
        SaveError::Store(StoreError::Conflict { stored: Some(2) })
    );
    assert_eq!(tab_a.state(), SaverState::Conflict);
    // The stored data is tab B's, untouched by tab A's attempt.
    assert_eq!(restored(&store), theirs);
    // "Keep mine": everything of tab A is written, tab B's extra run is gone.
    ready(tab_a.replace(&store, &mut ws, META)).unwrap();
    assert_eq!(restored(&store), ws);
    assert_eq!(segment_keys(&store).len(), 4);
}

#[test]
fn a_failed_save_changes_nothing_and_the_next_one_writes_every_run() {
    let store = MemoryStore::with_quota(20_000);
    let (mut ws, mut saver, ids) = saved_with_runs(&store);
    let before = segment_keys(&store);
    // A cell too big for the quota makes the save fail, with a run changed in the same save.
    ws.tracking.set_tag(&ids[0], "note", "changed").unwrap();
    ws.set_cell_source("nb1", "c2", &"x".repeat(30_000))
        .unwrap();
    assert_eq!(
        ready(saver.save(&store, &mut ws, META)),
        Err(SaveError::Store(StoreError::QuotaExceeded))
    );
    assert_eq!(segment_keys(&store), before);
    assert_eq!(ready(store.get(KEY)).unwrap().unwrap().revision, 1);
    // The change log was spent on the failed save; the next save is full, so the tag lands.
    ws.set_cell_source("nb1", "c2", "small").unwrap();
    let prepared = saver.prepare(&mut ws, META).unwrap();
    assert!(prepared.full);
    ready(saver.commit(&store, prepared)).unwrap();
    assert_eq!(restored(&store), ws);
}

#[test]
fn a_prepared_save_is_refused_once_an_earlier_one_failed() {
    let store = MemoryStore::with_quota(20_000);
    let (mut ws, mut saver, _) = saved_with_runs(&store);
    let stale = saver.prepare(&mut ws, META).unwrap();
    ws.set_cell_source("nb1", "c2", &"x".repeat(30_000))
        .unwrap();
    assert!(ready(saver.save(&store, &mut ws, META)).is_err());
    assert!(matches!(
        ready(saver.commit(&store, stale)),
        Err(SaveError::Encode(_))
    ));
}

/// A store with only the single-record methods, like localStorage.
#[derive(Default)]
struct SingleRecords(MemoryStore);

impl Store for SingleRecords {
    async fn get(&self, key: &str) -> Result<Option<Record>, StoreError> {
        self.0.get(key).await
    }
    async fn put(&self, key: &str, record: Record, expected: Expected) -> Result<(), StoreError> {
        self.0.put(key, record, expected).await
    }
    async fn delete(&self, key: &str) -> Result<(), StoreError> {
        self.0.delete(key).await
    }
}

#[test]
fn single_record_documents_save_on_single_record_stores() {
    let store = SingleRecords::default();
    let found = ready(load::<Progress, _>(&store, "progress")).unwrap();
    let mut saver = Saver::after_load("progress", &found);
    let mut progress = Progress::default();
    assert_eq!(ready(saver.save(&store, &mut progress, META)), Ok(1));
    assert_eq!(ready(saver.replace(&store, &mut progress, META)), Ok(2));
    // A workspace needs segment writes, which such a store refuses (nothing is written).
    let mut ws = Workspace::default();
    log_run(&mut ws, 1.0);
    let mut ws_saver = Saver::after_load(KEY, &Loaded::<Workspace>::Empty);
    assert!(matches!(
        ready(ws_saver.save(&store, &mut ws, META)),
        Err(SaveError::Store(StoreError::Unavailable(_)))
    ));
    assert_eq!(ready(store.get(KEY)), Ok(None));
}

#[test]
fn stored_parts_join_into_one_envelope_that_imports() {
    let store = MemoryStore::new();
    let (ws, _, _) = saved_with_runs(&store);
    let main = ready(store.get(KEY)).unwrap().unwrap().body;
    let parts: Vec<(String, String)> = ready(store.list("workspace/"))
        .unwrap()
        .into_iter()
        .map(|(k, r)| (k, r.unwrap().body))
        .collect();
    let joined = lakelab_core::persist::segments::join::<Workspace>(KEY, &main, &parts);
    let back = lakelab_core::persist::envelope::decode_str::<Workspace>(&joined).unwrap();
    assert_eq!(back.doc, ws);
    // A damaged part: everything is kept verbatim instead.
    let mut damaged = parts.clone();
    damaged[0].1 = "{oops".into();
    let kept: Value = serde_json::from_str(&lakelab_core::persist::segments::join::<Workspace>(
        KEY, &main, &damaged,
    ))
    .unwrap();
    assert_eq!(kept["format"], "lakelab-recovery");
    assert_eq!(kept["segments"][&damaged[0].0], "{oops");
}

#[test]
fn table_versions_are_stored_as_bytes_and_only_new_versions_are_written() {
    use lakelab_core::features::{create_table, write::write_table, CreateArgs, Flavor};
    use lakelab_core::table::{Cell, Table};
    let rows = |r: &[(i64, f64)]| {
        let rows: Vec<Vec<Cell>> = r
            .iter()
            .map(|(k, x)| vec![Cell::Int(*k), Cell::Float(*x)])
            .collect();
        Table::from_rows(vec!["id".into(), "x".into()], &rows).unwrap()
    };
    let table_blobs = |store: &MemoryStore| -> usize {
        ready(store.list_bytes("workspace:blob/tables/"))
            .unwrap()
            .len()
    };
    let store = MemoryStore::new();
    let mut ws = Workspace::default();
    let args = CreateArgs {
        name: "main.default.f".into(),
        primary_keys: vec!["id".into()],
        df: Some(rows(&[(1, 1.0), (2, 2.0)])),
        ..CreateArgs::default()
    };
    create_table(Flavor::Uc, &mut ws.unity, args, "nb", 1).unwrap();
    let mut saver = Saver::after_load(KEY, &loaded(&store));
    ready(saver.save(&store, &mut ws, META)).unwrap();
    assert_eq!(restored(&store), ws);
    assert_eq!(table_blobs(&store), 2, "CREATE TABLE and WRITE");
    let merged = rows(&[(2, 5.0), (3, 3.0)]);
    write_table(
        Flavor::Uc,
        &mut ws.unity,
        "main.default.f",
        &merged,
        "merge",
        "nb",
        2,
    )
    .unwrap();
    let prepared = saver.prepare(&mut ws, META).unwrap();
    let bytes: Vec<&String> = prepared
        .writes
        .iter()
        .filter_map(|w| match w {
            Write::PutBytes { key, .. } => Some(key),
            _ => None,
        })
        .collect();
    assert_eq!(
        bytes,
        ["workspace:blob/tables/1/2"],
        "only the merge's version"
    );
    ready(saver.commit(&store, prepared)).unwrap();
    assert_eq!(table_blobs(&store), 3);
    let back = restored(&store);
    assert_eq!(back, ws);
    let name = back.unity.table_name("main.default.f").unwrap();
    assert_eq!(back.unity.read_table(&name, None).unwrap().num_rows(), 3);
}

//! Run artifacts: each test names the MLflow behaviour it mirrors.

use lakelab_core::persist::envelope::SaveMeta;
use lakelab_core::persist::memory::{run_ready, MemoryStore};
use lakelab_core::persist::session::{load, Loaded, Saver};
use lakelab_core::persist::{Store, Write};
use lakelab_core::tracking::artifacts::MAX_ARTIFACT_BYTES;
use lakelab_core::tracking::{ErrorCode, Figure, FileInfo, NewRun, Tracking};
use lakelab_core::Workspace;
use serde_json::json;

const META: SaveMeta<'static> = SaveMeta {
    app_version: "0.1.0",
    saved_at_ms: 7,
};

fn ready<F: std::future::Future>(f: F) -> F::Output {
    run_ready(f).expect("memory store futures complete at once")
}

fn with_run() -> (Tracking, String) {
    let mut t = Tracking::new(1, 0);
    let id = t.create_run("0", NewRun::default(), 0).unwrap();
    (t, id)
}

fn text(t: &Tracking, run: &str, path: &str) -> String {
    String::from_utf8(t.artifact_bytes(run, path).unwrap().to_vec()).unwrap()
}

fn file(path: &str, size: u64) -> FileInfo {
    FileInfo {
        path: path.into(),
        is_dir: false,
        file_size: Some(size),
    }
}

fn dir(path: &str) -> FileInfo {
    FileInfo {
        path: path.into(),
        is_dir: true,
        file_size: None,
    }
}

#[test]
fn log_text_and_log_artifact_store_files_under_their_paths() {
    let (mut t, run) = with_run();
    t.log_text(&run, "hello", "notes/readme.txt").unwrap();
    t.log_artifact(&run, "data.csv", b"a,b\n1,2\n".to_vec(), None)
        .unwrap();
    t.log_artifact(&run, "data.csv", b"x\n".to_vec(), Some("inputs/raw"))
        .unwrap();
    assert_eq!(text(&t, &run, "notes/readme.txt"), "hello");
    assert_eq!(text(&t, &run, "inputs/raw/data.csv"), "x\n");
    // MLflow: list_artifacts lists one directory level, sorted, directories without a size.
    assert_eq!(
        t.list_artifacts(&run, None).unwrap(),
        vec![file("data.csv", 8), dir("inputs"), dir("notes")]
    );
    assert_eq!(
        t.list_artifacts(&run, Some("inputs")).unwrap(),
        vec![dir("inputs/raw")]
    );
    assert_eq!(
        t.list_artifacts(&run, Some("inputs/raw/")).unwrap(),
        vec![file("inputs/raw/data.csv", 2)]
    );
    // A path that does not exist, or is a file, lists nothing (no error), as MLflow.
    assert!(t.list_artifacts(&run, Some("nope")).unwrap().is_empty());
    assert!(t.list_artifacts(&run, Some("data.csv")).unwrap().is_empty());
    // Logging to an existing path replaces the file.
    t.log_text(&run, "bye", "notes/readme.txt").unwrap();
    assert_eq!(text(&t, &run, "notes/readme.txt"), "bye");
}

#[test]
fn log_dict_writes_json_unless_the_file_is_yaml() {
    let (mut t, run) = with_run();
    let dict = json!({"b": [1, 2], "a": "x"});
    t.log_dict(&run, &dict, "d.json").unwrap();
    t.log_dict(&run, &dict, "d.yml").unwrap();
    t.log_dict(&run, &dict, "d.yaml").unwrap();
    t.log_dict(&run, &dict, "d.txt").unwrap();
    assert_eq!(
        text(&t, &run, "d.json"),
        serde_json::to_string_pretty(&dict).unwrap()
    );
    assert_eq!(text(&t, &run, "d.yml"), "a: x\nb:\n- 1\n- 2\n");
    assert_eq!(text(&t, &run, "d.yaml"), text(&t, &run, "d.yml"));
    // MLflow: "If the file extension doesn't match .json/.yaml/.yml, JSON format is used."
    assert_eq!(text(&t, &run, "d.txt"), text(&t, &run, "d.json"));
}

#[test]
fn log_figure_takes_the_format_from_the_extension() {
    let (mut t, run) = with_run();
    t.log_figure(&run, Figure::Svg("<svg/>".into()), "plots/roc.svg")
        .unwrap();
    t.log_figure(&run, Figure::Png(vec![137, 80]), "cm.PNG")
        .unwrap();
    assert_eq!(text(&t, &run, "plots/roc.svg"), "<svg/>");
    let err = t
        .log_figure(&run, Figure::Svg("<svg/>".into()), "roc.jpg")
        .unwrap_err();
    assert_eq!(
        err.message,
        "Format 'jpg' is not supported (supported formats: png, svg)"
    );
    assert!(t
        .log_figure(&run, Figure::Svg("<svg/>".into()), "roc.png")
        .is_err());
}

#[test]
fn artifact_paths_must_not_resolve_elsewhere() {
    // MLflow's verify_artifact_path: normpath(path) must equal path, not be "." and not escape.
    let (mut t, run) = with_run();
    for (path, resolved) in [
        ("../x.txt", "../x.txt"),
        ("/etc/x.txt", "/etc/x.txt"),
        ("a//b.txt", "a/b.txt"),
        ("a/./b.txt", "a/b.txt"),
        ("a/../../b.txt", "../b.txt"),
        ("dir/", "dir"),
    ] {
        let err = t.log_text(&run, "x", path).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidParameterValue);
        assert_eq!(
            err.message,
            format!(
                "Invalid artifact path: '{path}'. Names may be treated as files in certain \
                 cases, and must not resolve to other names when treated as such. This name \
                 would resolve to '{resolved}'"
            )
        );
    }
    assert!(t
        .log_artifact(&run, "f.txt", vec![], Some("../up"))
        .is_err());
    assert!(t.list_artifacts(&run, None).unwrap().is_empty());
}

#[test]
fn download_artifacts_returns_a_file_or_a_directory() {
    let (mut t, run) = with_run();
    t.log_text(&run, "1", "model/MLmodel").unwrap();
    t.log_text(&run, "2", "model/data/weights.json").unwrap();
    t.log_text(&run, "3", "modelling.txt").unwrap();
    let paths = |p: &str| -> Vec<String> {
        t.download_artifacts(&run, p)
            .unwrap()
            .into_iter()
            .map(|(path, _)| path)
            .collect()
    };
    assert_eq!(paths("model"), ["model/MLmodel", "model/data/weights.json"]);
    assert_eq!(paths("modelling.txt"), ["modelling.txt"]);
    assert_eq!(paths("").len(), 3);
    let err = t.download_artifacts(&run, "nothing").unwrap_err();
    assert_eq!(err.code, ErrorCode::ResourceDoesNotExist);
    assert!(
        t.artifact_bytes(&run, "model").is_err(),
        "a directory has no bytes"
    );
}

#[test]
fn deleted_runs_and_oversized_files_are_refused() {
    let (mut t, run) = with_run();
    assert!(t
        .log_artifact(&run, "big.bin", vec![0; MAX_ARTIFACT_BYTES + 1], None)
        .unwrap_err()
        .message
        .contains("at most 10 MB"));
    t.delete_run(&run).unwrap();
    // MLflow refuses to log to a deleted run.
    assert!(t
        .log_text(&run, "x", "a.txt")
        .unwrap_err()
        .message
        .contains("must be in the 'active' state"));
    assert!(t.log_text("missing", "x", "a.txt").is_err());
}

fn blob_writes(writes: &[Write]) -> Vec<String> {
    writes
        .iter()
        .filter_map(|w| match w {
            Write::PutBytes { key, .. } => Some(key.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn artifact_bytes_are_stored_beside_the_json_and_only_new_ones_are_written() {
    let store = MemoryStore::new();
    let mut ws = Workspace::default();
    let run = ws.tracking.create_run("0", NewRun::default(), 0).unwrap();
    ws.tracking.log_text(&run, "first", "a.txt").unwrap();
    let mut saver = Saver::after_load("workspace", &Loaded::<Workspace>::Empty);
    ready(saver.save(&store, &mut ws, META)).unwrap();
    let stored = ready(store.list_bytes("workspace:blob/")).unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].0, format!("workspace:blob/{run}/a.txt"));
    assert_eq!(stored[0].1.as_deref(), Ok(b"first".as_slice()));
    // The run's JSON lists the file; the bytes are not in it.
    let record = ready(store.get(&format!("workspace/run/{run}")))
        .unwrap()
        .unwrap();
    assert!(record.body.contains("\"a.txt\"") && !record.body.contains("first"));

    ws.tracking.log_text(&run, "second", "b.txt").unwrap();
    let prepared = saver.prepare(&mut ws, META).unwrap();
    assert_eq!(
        blob_writes(&prepared.writes),
        [format!("workspace:blob/{run}/b.txt")]
    );
    ready(saver.commit(&store, prepared)).unwrap();
    match ready(load::<Workspace, _>(&store, "workspace")).unwrap() {
        Loaded::Restored { decoded, .. } => {
            assert_eq!(decoded.doc, ws);
            assert_eq!(
                decoded.doc.tracking.artifact_bytes(&run, "b.txt"),
                Ok(b"second".as_slice())
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_damaged_or_missing_artifact_file_holds_the_workspace() {
    let store = MemoryStore::new();
    let mut ws = Workspace::default();
    let run = ws.tracking.create_run("0", NewRun::default(), 0).unwrap();
    ws.tracking.log_text(&run, "payload", "a.txt").unwrap();
    let mut saver = Saver::after_load("workspace", &Loaded::<Workspace>::Empty);
    ready(saver.save(&store, &mut ws, META)).unwrap();
    let key = format!("workspace:blob/{run}/a.txt");
    for writes in [
        vec![Write::PutBytes {
            key: key.clone(),
            bytes: b"paylOad".to_vec(),
        }],
        vec![Write::Delete { key: key.clone() }],
    ] {
        let revision = ready(store.get("workspace")).unwrap().unwrap();
        ready(store.commit(
            "workspace",
            revision.clone(),
            lakelab_core::persist::Expected::Anything,
            writes,
        ))
        .unwrap();
        match ready(load::<Workspace, _>(&store, "workspace")).unwrap() {
            Loaded::Unreadable { reason, raw, .. } => {
                assert!(reason.contains("a.txt"), "{reason}");
                assert!(raw.contains("lakelab-recovery"));
            }
            other => panic!("{other:?}"),
        }
    }
}

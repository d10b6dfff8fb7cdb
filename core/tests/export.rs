//! Export and import of workspace + progress + settings as one file.

use lakelab_core::export::{export_snapshot, export_stored_bodies, import_bytes, MAX_IMPORT_BYTES};
use lakelab_core::persist::canonical::checksum;
use lakelab_core::persist::envelope::{encode, SaveMeta};
use lakelab_core::persist::LoadError;
use lakelab_core::{Progress, Settings, Snapshot, Theme, Workspace};
use serde_json::{json, Value};

const META: SaveMeta<'static> = SaveMeta {
    app_version: "0.1.0",
    saved_at_ms: 99,
};

fn snapshot() -> Snapshot {
    let mut workspace = Workspace::default();
    let id = workspace.add_cell("nb1").unwrap();
    workspace
        .set_cell_source("nb1", &id, "mlflow.log_metric('acc', 0.9)")
        .unwrap();
    let mut progress = Progress::default();
    progress.visit("/notebook", 12);
    Snapshot {
        workspace,
        progress,
        settings: Settings {
            theme: Theme::Light,
            display_name: "Ada".into(),
        },
    }
}

#[test]
fn export_then_import_restores_everything() {
    let text = export_snapshot(&snapshot(), META).unwrap();
    let imported = import_bytes(text.as_bytes()).unwrap();
    assert_eq!(imported.snapshot, snapshot());
    assert!(imported.migrated.is_empty());
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], "lakelab-export");
    assert_eq!(v["workspace"]["kind"], "workspace");
}

fn import_err(bytes: &[u8]) -> LoadError {
    import_bytes(bytes).expect_err("import must fail")
}

#[test]
fn malformed_files_are_refused_with_a_reason() {
    assert!(
        matches!(import_err(&[0xff, 0xfe, 0x00, 0x12]), LoadError::NotLakelab(m) if m.contains("not text"))
    );
    assert!(matches!(
        import_err(b"{\"format\": \"lakelab-export\", "),
        LoadError::NotJson { line: 1, .. }
    ));
    assert!(matches!(import_err(b""), LoadError::NotJson { .. }));
    assert!(matches!(import_err(b"[1,2,3]"), LoadError::NotLakelab(_)));
    assert!(matches!(
        import_err(br#"{"format":"something-else"}"#),
        LoadError::NotLakelab(_)
    ));
    // A lone workspace envelope is not an export file.
    let lone = encode(&Workspace::default(), META).unwrap();
    assert!(matches!(
        import_err(lone.as_bytes()),
        LoadError::NotLakelab(_)
    ));
    // Missing part.
    let mut v: Value = serde_json::from_str(&export_snapshot(&snapshot(), META).unwrap()).unwrap();
    v.as_object_mut().unwrap().remove("settings");
    let err = import_err(v.to_string().as_bytes());
    assert!(err.to_string().contains("settings"), "{err}");
}

#[test]
fn a_tampered_or_swapped_part_is_refused() {
    let text = export_snapshot(&snapshot(), META).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["workspace"]["payload"]["next_id"] = json!(1000);
    assert!(matches!(
        import_err(v.to_string().as_bytes()),
        LoadError::ChecksumMismatch { .. }
    ));

    let mut v: Value = serde_json::from_str(&text).unwrap();
    let settings = v["settings"].clone();
    v["progress"] = settings;
    assert!(matches!(
        import_err(v.to_string().as_bytes()),
        LoadError::WrongKind { .. }
    ));
}

#[test]
fn an_oversized_file_is_refused_before_parsing() {
    let big = vec![b' '; MAX_IMPORT_BYTES + 1];
    assert_eq!(
        import_err(&big),
        LoadError::TooLarge {
            size: MAX_IMPORT_BYTES + 1,
            limit: MAX_IMPORT_BYTES
        }
    );
}

#[test]
fn an_export_with_an_older_workspace_is_upgraded() {
    let text = export_snapshot(&snapshot(), META).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    let payload = json!({"notebooks": [{"id": "nb1", "name": "Old", "cells": ["x = 1"]}],
                         "next_id": 2});
    v["workspace"]["schema_version"] = json!(1);
    v["workspace"]["checksum"] = json!(checksum(&payload));
    v["workspace"]["payload"] = payload;
    let imported = import_bytes(v.to_string().as_bytes()).unwrap();
    assert_eq!(imported.migrated, vec!["workspace"]);
    assert_eq!(
        imported.snapshot.workspace.notebooks[0].cells[0].source,
        "x = 1"
    );
}

#[test]
fn stored_bodies_are_bundled_verbatim_even_when_unreadable() {
    let ws = encode(&snapshot().workspace, META).unwrap();
    let progress = encode(&snapshot().progress, META).unwrap();
    let settings = encode(&snapshot().settings, META).unwrap();
    let text = export_stored_bodies(
        Some(&ws),
        Some(&progress),
        Some(&settings),
        &Default::default(),
        META,
    );
    assert_eq!(import_bytes(text.as_bytes()).unwrap().snapshot, snapshot());

    let text = export_stored_bodies(
        Some("{not json"),
        None,
        Some(&settings),
        &Default::default(),
        META,
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["workspace"], "{not json");
    assert_eq!(v["progress"], Value::Null);
    assert!(import_bytes(text.as_bytes()).is_err());
}

/// Damaged files of every kind are refused with an error, never a panic: every truncation
/// point and a byte flip at every position of a real export (deterministic, no randomness).
#[test]
fn no_damaged_export_panics_or_is_accepted_silently() {
    let text = export_snapshot(&snapshot(), META).unwrap();
    let bytes = text.as_bytes();
    for cut in 0..bytes.len() {
        assert!(
            import_bytes(&bytes[..cut]).is_err(),
            "truncated at {cut} was accepted"
        );
    }
    let mut accepted = 0;
    for pos in 0..bytes.len() {
        let mut damaged = bytes.to_vec();
        damaged[pos] ^= 0x04;
        if let Ok(imported) = import_bytes(&damaged) {
            // Only a flip outside every payload (in whitespace or metadata) may still import,
            // and then the content must be exactly what was exported.
            assert_eq!(
                imported.snapshot,
                snapshot(),
                "flip at {pos} changed the content"
            );
            accepted += 1;
        }
    }
    assert!(
        accepted < bytes.len() / 2,
        "{accepted} of {} flips were accepted",
        bytes.len()
    );
}

#[test]
fn artifact_files_travel_in_the_export_and_are_checked_on_import() {
    let mut snap = snapshot();
    let run = snap
        .workspace
        .tracking
        .create_run("0", lakelab_core::tracking::NewRun::default(), 5)
        .unwrap();
    let png = vec![0x89, b'P', b'N', b'G', 0, 255, 7];
    snap.workspace
        .tracking
        .log_artifact(&run, "plot.png", png.clone(), Some("figures"))
        .unwrap();
    let text = export_snapshot(&snap, META).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let id = format!("{run}/figures/plot.png");
    assert_eq!(v["artifacts"][&id], "iVBORwD/Bw==");
    let back = import_bytes(text.as_bytes()).unwrap().snapshot;
    assert_eq!(back, snap);
    assert_eq!(
        back.workspace
            .tracking
            .artifact_bytes(&run, "figures/plot.png"),
        Ok(png.as_slice())
    );
    // A changed byte, a missing file, or text that is not base64: refused, nothing applied.
    for (value, expect) in [
        (json!("iVBORwD/Bg=="), "damaged"),
        (Value::Null, "missing"),
        (json!("***"), "base64"),
    ] {
        let mut bad = v.clone();
        if value.is_null() {
            bad["artifacts"].as_object_mut().unwrap().remove(&id);
        } else {
            bad["artifacts"][&id] = value;
        }
        let err = import_bytes(bad.to_string().as_bytes()).unwrap_err();
        assert!(err.to_string().contains(expect), "{err}");
    }
}

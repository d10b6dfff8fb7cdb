//! The stored format: round trips, damage detection, schema versions and migration.

use lakelab_core::persist::canonical::checksum;
use lakelab_core::persist::envelope::{decode_str, encode, SaveMeta};
use lakelab_core::persist::{Document, LoadError};
use lakelab_core::{Progress, Settings, Theme, Workspace};
use serde_json::{json, Value};

const META: SaveMeta<'static> = SaveMeta {
    app_version: "0.1.0",
    saved_at_ms: 1_764_000_000_000,
};

fn edited_workspace() -> Workspace {
    let mut ws = Workspace::default();
    let id = ws.add_cell("nb1").unwrap();
    ws.set_cell_source("nb1", &id, "import mlflow\n# «ünïcode» \"quotes\"")
        .unwrap();
    ws
}

#[test]
fn every_document_round_trips() {
    let ws = edited_workspace();
    let back = decode_str::<Workspace>(&encode(&ws, META).unwrap()).unwrap();
    assert_eq!(back.doc, ws);
    assert_eq!(back.from_schema, Workspace::SCHEMA_VERSION);
    assert!(!back.was_migrated());
    assert_eq!(back.app_version, "0.1.0");
    assert_eq!(back.saved_at_ms, META.saved_at_ms);

    let settings = Settings {
        theme: Theme::Dark,
        display_name: "<b>Ada</b>".into(),
    };
    let back = decode_str::<Settings>(&encode(&settings, META).unwrap()).unwrap();
    assert_eq!(back.doc, settings);

    let mut progress = Progress::default();
    progress.visit("/quiz", 5);
    let back = decode_str::<Progress>(&encode(&progress, META).unwrap()).unwrap();
    assert_eq!(back.doc, progress);
}

#[test]
fn envelope_carries_version_and_checksum() {
    let text = encode(&Workspace::default(), META).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["format"], "lakelab");
    assert_eq!(v["kind"], "workspace");
    assert_eq!(v["schema_version"], Workspace::SCHEMA_VERSION);
    assert_eq!(v["app_version"], "0.1.0");
    assert_eq!(v["checksum"], checksum(&v["payload"]).as_str());
}

#[test]
fn an_edited_payload_fails_the_checksum() {
    let text = encode(&edited_workspace(), META).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["payload"]["notebooks"][0]["name"] = json!("Tampered");
    let err = decode_str::<Workspace>(&v.to_string()).unwrap_err();
    assert!(matches!(err, LoadError::ChecksumMismatch { .. }), "{err:?}");
    assert!(err.to_string().contains("damaged"), "{err}");
}

#[test]
fn truncated_text_reports_its_position() {
    let text = encode(&edited_workspace(), META).unwrap();
    let cut = &text[..text.len() / 2];
    match decode_str::<Workspace>(cut).unwrap_err() {
        LoadError::NotJson { line, column, .. } => {
            assert_eq!(line, 1);
            assert!(column > 1, "column {column}");
        }
        other => panic!("expected NotJson, got {other:?}"),
    }
}

#[test]
fn the_wrong_kind_is_refused() {
    let text = encode(&Settings::default(), META).unwrap();
    let err = decode_str::<Workspace>(&text).unwrap_err();
    assert_eq!(
        err,
        LoadError::WrongKind {
            expected: "workspace".into(),
            found: "settings".into()
        }
    );
}

#[test]
fn json_that_is_not_an_envelope_is_refused() {
    for raw in [
        r#"{"notebooks": []}"#,
        "[1, 2]",
        "null",
        r#"{"format": "lakelab"}"#,
    ] {
        let err = decode_str::<Workspace>(raw).unwrap_err();
        assert!(matches!(err, LoadError::NotLakelab(_)), "{raw}: {err:?}");
    }
}

/// An envelope as schema 1 of the workspace wrote it: cells were plain strings.
fn schema_1_envelope() -> String {
    let payload = json!({
        "notebooks": [{"id": "nb1", "name": "Scratch", "cells": ["import mlflow", "print(2)"]}],
        "next_id": 2
    });
    json!({
        "format": "lakelab", "kind": "workspace", "schema_version": 1,
        "app_version": "0.0.9", "saved_at_ms": 1,
        "checksum": checksum(&payload), "payload": payload
    })
    .to_string()
}

#[test]
fn an_older_schema_is_migrated() {
    let back = decode_str::<Workspace>(&schema_1_envelope()).unwrap();
    assert!(back.was_migrated());
    assert_eq!(back.from_schema, 1);
    let cells = &back.doc.notebooks[0].cells;
    assert_eq!(cells.len(), 2);
    assert_eq!(
        (cells[0].id.as_str(), cells[0].source.as_str()),
        ("c2", "import mlflow")
    );
    assert_eq!(
        (cells[1].id.as_str(), cells[1].source.as_str()),
        ("c3", "print(2)")
    );
    assert_eq!(back.doc.next_id, 4);
    // Re-encoding writes the current schema.
    let again = decode_str::<Workspace>(&encode(&back.doc, META).unwrap()).unwrap();
    assert_eq!(again.from_schema, Workspace::SCHEMA_VERSION);
    assert_eq!(again.doc, back.doc);
}

#[test]
fn a_newer_or_unknown_schema_is_refused_not_guessed() {
    let payload = serde_json::to_value(Workspace::default()).unwrap();
    let with_version = |v: u32| {
        json!({"format": "lakelab", "kind": "workspace", "schema_version": v,
               "app_version": "9.0.0", "saved_at_ms": 1,
               "checksum": checksum(&payload), "payload": payload})
        .to_string()
    };
    let newer = Workspace::SCHEMA_VERSION + 1;
    let err = decode_str::<Workspace>(&with_version(newer)).unwrap_err();
    assert_eq!(
        err,
        LoadError::NewerSchema {
            found: newer,
            supported: Workspace::SCHEMA_VERSION
        }
    );
    assert!(err.to_string().contains("newer Lakelab"), "{err}");
    assert!(matches!(
        decode_str::<Workspace>(&with_version(0)).unwrap_err(),
        LoadError::MigrationFailed { found: 0, .. }
    ));
}

#[test]
fn a_valid_envelope_with_invalid_content_is_refused() {
    let payload = json!({"notebooks": [{"id": "nb1", "name": "A",
        "cells": [{"id": "c1", "source": ""}, {"id": "c1", "source": ""}]}], "next_id": 5});
    let raw = json!({"format": "lakelab", "kind": "workspace", "schema_version": 2,
        "app_version": "0.1.0", "saved_at_ms": 1, "checksum": checksum(&payload),
        "payload": payload})
    .to_string();
    let err = decode_str::<Workspace>(&raw).unwrap_err();
    assert!(matches!(err, LoadError::InvalidContent { .. }), "{err:?}");
    assert!(err.to_string().contains("used twice"), "{err}");
}

//! The whole sandbox state of one learner, as one value.
//!
//! It grows with each engine (catalog, features, …). Today it holds the learner's notebooks
//! (their cells run through [`crate::notebook`]), the MLflow tracking store, and the files
//! cells write ([`crate::files`]).
//!
//! Schema history (see the `MIGRATIONS` of its `Document` impl):
//! - 1: the first notebook store, where a cell was its source text only.
//! - 2: cells gained stable ids (`c1`, `c2`, …) so the UI can keep focus and edits on the right
//!   cell when cells are added or removed.
//! - 3: the tracking store (experiments and runs) joined; older workspaces get an empty one.
//! - 4: storage only, the payload is unchanged: runs are kept as one record each beside the
//!   main record (see [`crate::persist::segments`]), so a save writes only what changed. The
//!   bump stops an older build, which would see a workspace without runs, from loading it.
//! - 5: the virtual file system (`files`) that notebook cells write to joined; older
//!   workspaces get an empty one.
//! - 6: Unity Catalog (`unity`: catalogs, schemas, privileges, the model registries) joined;
//!   older workspaces get the default metastore (`main.default`, the sandbox's people).
//! - 7: Delta and feature tables joined Unity Catalog, beside the legacy `hive_metastore`.
//! - 8: Model Serving (`serving`: endpoints, and their inference records stored in chunks as
//!   segments `inference/<endpoint>/<n>`) joined; older workspaces get none.
//! - 9: streaming pipelines (`streaming`: simulated Delta Live Tables pipelines, their
//!   offsets, counters and batch figures; their output tables are catalog tables) joined;
//!   older workspaces get none.
//! - 10: a pipeline's code can be a notebook's `@dlt.table` (`spec.notebook`, and the code an
//!   update copied); the payload of older workspaces is unchanged. The bump stops an older
//!   build, which would run such a pipeline as a model pipeline without a model, from loading it.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use thiserror::Error;

use crate::catalog::tables::TABLE_BLOB_PREFIX;
use crate::files::{Files, BLOB_PREFIX as FILES_PREFIX};
use crate::persist::migrate::Migration;
use crate::persist::Document;
use crate::serving::records::{self, INFERENCE_SEGMENT};
use crate::tracking::{Tracking, RUN_SEGMENT};

/// Longest cell source accepted (characters); a limit keeps a pasted file from filling storage.
pub const MAX_CELL_CHARS: usize = 200_000;
/// Most cells in one notebook.
pub const MAX_CELLS: usize = 500;
/// Most notebooks in a workspace.
pub const MAX_NOTEBOOKS: usize = 100;
/// Longest notebook name (characters).
pub const MAX_NOTEBOOK_NAME: usize = 200;
/// Largest id number (2^53, exact in JavaScript too); a file claiming more is refused, so the
/// counter can never overflow.
pub const MAX_ID: u64 = 1 << 53;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Cell {
    pub id: String,
    pub source: String,
}

crate::flat_de::map_only!(Cell);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Notebook {
    pub id: String,
    pub name: String,
    pub cells: Vec<Cell>,
}

crate::flat_de::map_only!(Notebook);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Workspace {
    pub notebooks: Vec<Notebook>,
    /// Next number for generated ids; ids are readable counters, never random.
    pub next_id: u64,
    /// MLflow experiments and runs.
    pub tracking: Tracking,
    /// Files cells write and read (`open(...)`), see [`crate::files`].
    #[serde(default)]
    pub files: Files,
    /// Unity Catalog and the model registries, see [`crate::catalog`].
    #[serde(default)]
    pub unity: crate::catalog::Unity,
    /// Model Serving endpoints and their inference records, see [`crate::serving`].
    #[serde(default)]
    pub serving: crate::serving::Serving,
    /// Streaming (DLT) pipelines, see [`crate::streaming`].
    #[serde(default)]
    pub streaming: crate::streaming::Streaming,
}

crate::flat_de::map_only!(Workspace);

/// A workspace change that cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WorkspaceError {
    #[error("there is no notebook with id '{0}'")]
    NoSuchNotebook(String),
    #[error("notebook '{notebook}' has no cell with id '{cell}'")]
    NoSuchCell { notebook: String, cell: String },
    #[error("a cell holds at most {MAX_CELL_CHARS} characters; this one has {0}")]
    CellTooLong(usize),
    #[error("a notebook holds at most {MAX_CELLS} cells")]
    TooManyCells,
    #[error("a workspace holds at most {MAX_NOTEBOOKS} notebooks")]
    TooManyNotebooks,
    #[error("a notebook name must have 1 to {MAX_NOTEBOOK_NAME} characters")]
    BadNotebookName,
}

impl Default for Workspace {
    /// A new learner's workspace: one empty scratch notebook.
    fn default() -> Self {
        Self {
            notebooks: vec![Notebook {
                id: "nb1".into(),
                name: "Scratch".into(),
                cells: vec![Cell {
                    id: "c2".into(),
                    source: String::new(),
                }],
            }],
            next_id: 3,
            tracking: Tracking::default(),
            files: Files::default(),
            unity: crate::catalog::Unity::default(),
            serving: crate::serving::Serving::default(),
            streaming: crate::streaming::Streaming::default(),
        }
    }
}

impl Workspace {
    pub fn notebook(&self, id: &str) -> Option<&Notebook> {
        self.notebooks.iter().find(|n| n.id == id)
    }

    fn notebook_mut(&mut self, id: &str) -> Result<&mut Notebook, WorkspaceError> {
        self.notebooks
            .iter_mut()
            .find(|n| n.id == id)
            .ok_or_else(|| WorkspaceError::NoSuchNotebook(id.into()))
    }

    fn fresh_id(&mut self, prefix: &str) -> String {
        let id = format!("{prefix}{}", self.next_id);
        self.next_id = self.next_id.saturating_add(1);
        id
    }

    fn check_name(name: &str) -> Result<String, WorkspaceError> {
        let name = name.trim();
        let n = name.chars().count();
        if n == 0 || n > MAX_NOTEBOOK_NAME {
            return Err(WorkspaceError::BadNotebookName);
        }
        Ok(name.to_string())
    }

    /// Adds a notebook with the given cells' sources (one empty cell when none) and returns
    /// its id.
    pub fn add_notebook(
        &mut self,
        name: &str,
        sources: &[String],
    ) -> Result<String, WorkspaceError> {
        let name = Self::check_name(name)?;
        if self.notebooks.len() >= MAX_NOTEBOOKS {
            return Err(WorkspaceError::TooManyNotebooks);
        }
        if sources.len() > MAX_CELLS {
            return Err(WorkspaceError::TooManyCells);
        }
        if let Some(long) = sources
            .iter()
            .map(|s| s.chars().count())
            .find(|n| *n > MAX_CELL_CHARS)
        {
            return Err(WorkspaceError::CellTooLong(long));
        }
        let id = self.fresh_id("nb");
        let empty = [String::new()];
        let sources = if sources.is_empty() {
            &empty[..]
        } else {
            sources
        };
        let cells = sources
            .iter()
            .map(|source| Cell {
                id: self.fresh_id("c"),
                source: source.clone(),
            })
            .collect();
        self.notebooks.push(Notebook {
            id: id.clone(),
            name,
            cells,
        });
        Ok(id)
    }

    pub fn rename_notebook(&mut self, id: &str, name: &str) -> Result<(), WorkspaceError> {
        let name = Self::check_name(name)?;
        self.notebook_mut(id)?.name = name;
        Ok(())
    }

    /// Copies a notebook (cells get new ids) as "<name> (copy)".
    pub fn duplicate_notebook(&mut self, id: &str) -> Result<String, WorkspaceError> {
        let nb = self
            .notebook(id)
            .cloned()
            .ok_or_else(|| WorkspaceError::NoSuchNotebook(id.into()))?;
        let sources: Vec<String> = nb.cells.into_iter().map(|c| c.source).collect();
        let name: String = format!("{} (copy)", nb.name)
            .chars()
            .take(MAX_NOTEBOOK_NAME)
            .collect();
        self.add_notebook(&name, &sources)
    }

    pub fn delete_notebook(&mut self, id: &str) -> Result<(), WorkspaceError> {
        let before = self.notebooks.len();
        self.notebooks.retain(|n| n.id != id);
        if self.notebooks.len() == before {
            return Err(WorkspaceError::NoSuchNotebook(id.into()));
        }
        Ok(())
    }

    /// Moves a cell one place up (`-1`) or down (`1`); at the edge nothing moves.
    pub fn move_cell(&mut self, notebook: &str, cell: &str, by: i32) -> Result<(), WorkspaceError> {
        let nb = self.notebook_mut(notebook)?;
        let i = nb.cells.iter().position(|c| c.id == cell).ok_or_else(|| {
            WorkspaceError::NoSuchCell {
                notebook: notebook.into(),
                cell: cell.into(),
            }
        })?;
        let j = i as i64 + i64::from(by);
        if j >= 0 && (j as usize) < nb.cells.len() {
            nb.cells.swap(i, j as usize);
        }
        Ok(())
    }

    /// Appends an empty cell to a notebook and returns its id.
    pub fn add_cell(&mut self, notebook: &str) -> Result<String, WorkspaceError> {
        if self.notebook_mut(notebook)?.cells.len() >= MAX_CELLS {
            return Err(WorkspaceError::TooManyCells);
        }
        let id = self.fresh_id("c");
        self.notebook_mut(notebook)?.cells.push(Cell {
            id: id.clone(),
            source: String::new(),
        });
        Ok(id)
    }

    /// Replaces a cell's source text.
    pub fn set_cell_source(
        &mut self,
        notebook: &str,
        cell: &str,
        source: &str,
    ) -> Result<(), WorkspaceError> {
        let chars = source.chars().count();
        if chars > MAX_CELL_CHARS {
            return Err(WorkspaceError::CellTooLong(chars));
        }
        let nb = self.notebook_mut(notebook)?;
        let target = nb.cells.iter_mut().find(|c| c.id == cell).ok_or_else(|| {
            WorkspaceError::NoSuchCell {
                notebook: notebook.into(),
                cell: cell.into(),
            }
        })?;
        target.source = source.into();
        Ok(())
    }

    /// Removes a cell.
    pub fn remove_cell(&mut self, notebook: &str, cell: &str) -> Result<(), WorkspaceError> {
        let nb = self.notebook_mut(notebook)?;
        let before = nb.cells.len();
        nb.cells.retain(|c| c.id != cell);
        if nb.cells.len() == before {
            return Err(WorkspaceError::NoSuchCell {
                notebook: notebook.into(),
                cell: cell.into(),
            });
        }
        Ok(())
    }
}

impl Document for Workspace {
    const KIND: &'static str = "workspace";
    const SCHEMA_VERSION: u32 = 10;
    const MIGRATIONS: &'static [Migration] = &[
        Migration {
            from: 1,
            describe: "notebook cells gained ids",
            apply: cells_gain_ids,
        },
        Migration {
            from: 2,
            describe: "the tracking store joined the workspace",
            apply: add_tracking,
        },
        Migration {
            from: 3,
            describe: "runs are stored one per record, so saving stays fast with many runs",
            apply: Ok,
        },
        Migration {
            from: 4,
            describe: "the notebook file system joined the workspace",
            apply: Ok,
        },
        Migration {
            from: 5,
            describe: "Unity Catalog and the model registry joined the workspace",
            apply: Ok,
        },
        Migration {
            from: 6,
            describe: "Delta tables and feature tables joined Unity Catalog, beside the legacy hive_metastore",
            apply: add_hive_metastore,
        },
        Migration {
            from: 7,
            describe: "Model Serving endpoints joined the workspace",
            apply: Ok,
        },
        Migration {
            from: 8,
            describe: "streaming inference pipelines joined the workspace",
            apply: Ok,
        },
        Migration {
            from: 9,
            describe: "a streaming pipeline's code can be a notebook's @dlt.table",
            apply: Ok,
        },
    ];

    const SEGMENTED: bool = true;

    fn root_payload(&mut self) -> Result<Value, String> {
        let runs = self.tracking.detach_runs();
        let records = self.serving.detach_records();
        let payload = serde_json::to_value(&*self).map_err(|e| format!("cannot serialize: {e}"));
        self.tracking.restore_runs(runs);
        self.serving.restore_records(records);
        payload
    }

    fn segment_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.tracking.run_segment_ids().collect();
        ids.extend(self.serving.record_segment_ids());
        ids
    }

    fn segment_payload(&self, id: &str) -> Option<Result<Value, String>> {
        if id.starts_with(INFERENCE_SEGMENT) {
            self.serving.record_segment(id)
        } else {
            self.tracking.run_segment(id)
        }
    }

    fn take_changed_segments(&mut self) -> BTreeSet<String> {
        let mut ids = self.tracking.take_changed_runs();
        ids.extend(self.serving.take_changed_records());
        ids
    }

    /// Artifact files (`<run_id>/<path>`) and notebook files (`files/<path>`).
    fn blob_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.tracking.blob_ids().cloned().collect();
        ids.extend(self.files.blob_ids());
        ids.extend(self.unity.table_blob_ids());
        ids
    }

    fn blob(&self, id: &str) -> Option<Cow<'_, [u8]>> {
        if id.starts_with(FILES_PREFIX) {
            self.files.blob(id).map(Cow::Borrowed)
        } else if id.starts_with(TABLE_BLOB_PREFIX) {
            self.unity.table_blob(id).map(Cow::Owned)
        } else {
            self.tracking.blob(id).map(Cow::Borrowed)
        }
    }

    fn take_changed_blobs(&mut self) -> BTreeSet<String> {
        let mut ids = self.tracking.take_changed_blobs();
        ids.extend(self.files.take_changed_blobs());
        ids.extend(self.unity.take_changed_table_blobs());
        ids
    }

    fn attach_blobs(&mut self, blobs: Vec<(String, Vec<u8>)>) -> Result<(), String> {
        let (tables, blobs): (Vec<_>, Vec<_>) = blobs
            .into_iter()
            .partition(|(id, _)| id.starts_with(TABLE_BLOB_PREFIX));
        let (files, artifacts): (Vec<_>, Vec<_>) = blobs
            .into_iter()
            .partition(|(id, _)| id.starts_with(FILES_PREFIX));
        self.files.attach(files)?;
        self.unity.attach_table_blobs(tables)?;
        self.tracking.attach_blobs(artifacts)
    }

    /// Runs go back under `tracking.runs`, keyed by run id (the shape of schemas 3 and 4);
    /// inference record chunks under `serving.records`, by endpoint.
    fn assemble(root: &mut Value, segments: Vec<(String, Value)>) -> Result<(), String> {
        let (chunks, segments): (Vec<_>, Vec<_>) = segments
            .into_iter()
            .partition(|(id, _)| id.starts_with(INFERENCE_SEGMENT));
        if !chunks.is_empty() {
            let mut parsed = Vec::with_capacity(chunks.len());
            for (id, payload) in chunks {
                let (endpoint, k) = records::parse_segment_id(&id)
                    .ok_or_else(|| format!("'{id}' is not a part this build knows"))?;
                parsed.push((endpoint.to_string(), k, payload));
            }
            let serving = root
                .as_object_mut()
                .ok_or("the workspace is not an object")?
                .entry("serving")
                .or_insert_with(|| json!({"endpoints": {}}));
            let logs = serving
                .as_object_mut()
                .ok_or("the workspace's serving is not an object")?
                .entry("records")
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .ok_or("the workspace's inference records are not an object")?;
            records::assemble(logs, parsed)?;
        }
        if segments.is_empty() {
            return Ok(());
        }
        let runs = root
            .get_mut("tracking")
            .and_then(|t| t.get_mut("runs"))
            .and_then(Value::as_object_mut)
            .ok_or("the workspace has no tracking.runs to hold its stored runs")?;
        for (id, payload) in segments {
            let run_id = id
                .strip_prefix(RUN_SEGMENT)
                .ok_or_else(|| format!("'{id}' is not a part this build knows"))?;
            if runs.insert(run_id.to_string(), payload).is_some() {
                return Err(format!("run '{run_id}' is stored twice"));
            }
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), String> {
        if self.next_id > MAX_ID {
            return Err(format!(
                "next_id {} is above the largest id {MAX_ID}",
                self.next_id
            ));
        }
        let mut ids = BTreeSet::new();
        for nb in &self.notebooks {
            if nb.cells.len() > MAX_CELLS {
                return Err(format!(
                    "notebook '{}' has more than {MAX_CELLS} cells",
                    nb.id
                ));
            }
            let cell_ids = nb.cells.iter().map(|c| &c.id);
            for id in std::iter::once(&nb.id).chain(cell_ids) {
                if !ids.insert(id.as_str()) {
                    return Err(format!("the id '{id}' is used twice"));
                }
                let number = id.trim_start_matches(|c: char| c.is_ascii_alphabetic());
                if number.parse::<u64>().is_ok_and(|n| n >= self.next_id) {
                    return Err(format!(
                        "the id '{id}' is not below next_id {}",
                        self.next_id
                    ));
                }
            }
            if let Some(cell) = nb
                .cells
                .iter()
                .find(|c| c.source.chars().count() > MAX_CELL_CHARS)
            {
                return Err(format!(
                    "cell '{}' is longer than {MAX_CELL_CHARS} characters",
                    cell.id
                ));
            }
        }
        self.tracking.validate()
    }
}

/// Schema 2 → 3: an empty tracking store (the Default experiment only).
/// Schema 6 → 7: the `hive_metastore` catalog (tables themselves default to none).
fn add_hive_metastore(mut payload: Value) -> Result<Value, String> {
    let Some(catalogs) = payload
        .get_mut("unity")
        .and_then(|u| u.get_mut("catalogs"))
        .and_then(Value::as_object_mut)
    else {
        // A workspace without Unity Catalog gets the whole default, hive_metastore included.
        return Ok(payload);
    };
    if !catalogs.contains_key(crate::catalog::HIVE) {
        let hive =
            serde_json::to_value(crate::catalog::hive_catalog()).map_err(|e| e.to_string())?;
        catalogs.insert(crate::catalog::HIVE.into(), hive);
    }
    Ok(payload)
}

fn add_tracking(mut payload: Value) -> Result<Value, String> {
    let obj = payload
        .as_object_mut()
        .ok_or("the workspace is not an object")?;
    let tracking = serde_json::to_value(Tracking::default()).map_err(|e| e.to_string())?;
    obj.insert("tracking".into(), tracking);
    Ok(payload)
}

/// Schema 1 → 2: `cells: ["src", …]` becomes `cells: [{"id": "cN", "source": "src"}, …]`,
/// numbering on from the workspace's `next_id`.
fn cells_gain_ids(mut payload: Value) -> Result<Value, String> {
    let obj = payload
        .as_object_mut()
        .ok_or("the workspace is not an object")?;
    let mut next = obj
        .get("next_id")
        .and_then(Value::as_u64)
        .ok_or("next_id is missing")?;
    let notebooks = obj
        .get_mut("notebooks")
        .and_then(Value::as_array_mut)
        .ok_or("notebooks is missing")?;
    for nb in notebooks {
        let cells = nb
            .get_mut("cells")
            .and_then(Value::as_array_mut)
            .ok_or("a notebook has no cells list")?;
        for cell in cells.iter_mut() {
            let source = cell.as_str().ok_or("a cell is not text")?.to_string();
            *cell = json!({"id": format!("c{next}"), "source": source});
            next += 1;
        }
    }
    obj.insert("next_id".into(), json!(next));
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_added_edited_and_removed_by_id() {
        let mut ws = Workspace::default();
        let id = ws.add_cell("nb1").unwrap();
        ws.set_cell_source("nb1", &id, "print(1)").unwrap();
        let nb = ws.notebook("nb1").unwrap();
        assert_eq!(nb.cells.len(), 2);
        assert_eq!(nb.cells[1].source, "print(1)");
        ws.remove_cell("nb1", "c2").unwrap();
        assert_eq!(ws.notebook("nb1").unwrap().cells[0].id, id);
        assert_eq!(
            ws.remove_cell("nb1", "c2"),
            Err(WorkspaceError::NoSuchCell {
                notebook: "nb1".into(),
                cell: "c2".into()
            })
        );
        assert_eq!(
            ws.add_cell("nb9"),
            Err(WorkspaceError::NoSuchNotebook("nb9".into()))
        );
        assert!(ws.validate().is_ok());
    }

    #[test]
    fn notebooks_are_added_renamed_duplicated_moved_and_deleted() {
        let mut ws = Workspace::default();
        let id = ws
            .add_notebook("  Churn  ", &["a = 1".into(), "print(a)".into()])
            .unwrap();
        assert_eq!(ws.notebook(&id).unwrap().name, "Churn");
        let copy = ws.duplicate_notebook(&id).unwrap();
        let (a, b) = (ws.notebook(&id).unwrap(), ws.notebook(&copy).unwrap());
        assert_eq!(b.name, "Churn (copy)");
        assert_eq!(
            a.cells.iter().map(|c| &c.source).collect::<Vec<_>>(),
            b.cells.iter().map(|c| &c.source).collect::<Vec<_>>()
        );
        assert_ne!(a.cells[0].id, b.cells[0].id);
        let second = ws.notebook(&id).unwrap().cells[1].id.clone();
        ws.move_cell(&id, &second, -1).unwrap();
        ws.move_cell(&id, &second, -1).unwrap();
        assert_eq!(ws.notebook(&id).unwrap().cells[0].source, "print(a)");
        ws.rename_notebook(&copy, "Other").unwrap();
        assert_eq!(
            ws.rename_notebook(&copy, "  "),
            Err(WorkspaceError::BadNotebookName)
        );
        ws.delete_notebook(&copy).unwrap();
        assert_eq!(
            ws.delete_notebook(&copy),
            Err(WorkspaceError::NoSuchNotebook(copy))
        );
        assert!(ws.validate().is_ok());
        for i in ws.notebooks.len()..MAX_NOTEBOOKS {
            ws.add_notebook(&format!("n{i}"), &[]).unwrap();
        }
        assert_eq!(
            ws.add_notebook("one more", &[]),
            Err(WorkspaceError::TooManyNotebooks)
        );
    }

    #[test]
    fn limits_are_enforced() {
        let mut ws = Workspace::default();
        let long = "x".repeat(MAX_CELL_CHARS + 1);
        assert_eq!(
            ws.set_cell_source("nb1", "c2", &long),
            Err(WorkspaceError::CellTooLong(MAX_CELL_CHARS + 1))
        );
        for _ in 1..MAX_CELLS {
            ws.add_cell("nb1").unwrap();
        }
        assert_eq!(ws.add_cell("nb1"), Err(WorkspaceError::TooManyCells));
    }

    #[test]
    fn validation_rejects_duplicate_and_future_ids() {
        let mut ws = Workspace::default();
        ws.notebooks[0].cells.push(Cell {
            id: "c2".into(),
            source: String::new(),
        });
        assert!(ws.validate().unwrap_err().contains("used twice"));
        let ws = Workspace {
            next_id: 2,
            ..Workspace::default()
        };
        assert!(ws.validate().unwrap_err().contains("not below next_id"));
        let ws = Workspace {
            next_id: u64::MAX,
            ..Workspace::default()
        };
        assert!(ws.validate().unwrap_err().contains("above the largest id"));
    }

    #[test]
    fn schema_1_cells_gain_ids() {
        let v1 = json!({"notebooks": [{"id": "nb1", "name": "A", "cells": ["x = 1", ""]}],
                        "next_id": 2});
        let v2 = cells_gain_ids(v1).unwrap();
        let v3 = add_tracking(v2).unwrap();
        let ws: Workspace = serde_json::from_value(v3).unwrap();
        assert_eq!(ws.tracking, Tracking::default());
        assert_eq!(ws.next_id, 4);
        assert_eq!(
            ws.notebooks[0].cells[0],
            Cell {
                id: "c2".into(),
                source: "x = 1".into()
            }
        );
        assert_eq!(ws.notebooks[0].cells[1].id, "c3");
        assert!(ws.validate().is_ok());
        assert!(cells_gain_ids(json!({"notebooks": [{"cells": [3]}], "next_id": 1})).is_err());
    }
}

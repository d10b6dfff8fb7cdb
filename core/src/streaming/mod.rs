//! Streaming inference, simulated: a Delta Live Tables (Lakeflow Declarative Pipelines)
//! pipeline whose streaming table scores a Unity Catalog table's rows with a registered model
//! in micro-batches and appends them, with the predictions, to an output table
//! (`docs/reference/serving.md` §8–§9).
//!
//! What is simulated, and how:
//! - **The stream** reads the source table in row order from an offset, so rows appended to
//!   the source later are picked up by the next batches (incremental processing of new rows
//!   only). A source that loses rows fails the update, as a Delta stream does on a
//!   non-append change.
//! - **Modes** (DLT-MODE): a `TRIGGERED` update processes the rows present when it started,
//!   then stops by itself; a `CONTINUOUS` one runs until stopped and waits for new rows.
//! - **Time** is passed in; batches run when the learner steps them (the page steps one per
//!   timer tick), not on a background cluster. Nothing is random: rows arrive at a steady
//!   rate, so the figures depend only on the settings and the measured work.
//! - **Latency** is a model, see [`latency`]: the batch's fill time at the arrival rate plus
//!   a fixed per-batch cost (both simulated) plus the measured scoring and write time.
//! - **Source code**: a pipeline is either the form's fields (source, model, output) or a
//!   notebook's `@dlt.table` function (see [`code`]).

pub mod batch;
pub mod code;
pub mod error;
pub mod in_workspace;
pub mod latency;
pub mod pipeline;
pub mod spec;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use error::StreamingError;
pub use pipeline::{BatchStat, Counters, Pipeline};
pub use spec::{Mode, NotebookCode, PipelineSpec};

/// The workspace's pipelines, by name.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Streaming {
    #[serde(default)]
    pub pipelines: BTreeMap<String, Pipeline>,
}

crate::flat_de::map_only!(Streaming);

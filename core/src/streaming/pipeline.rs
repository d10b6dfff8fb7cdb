//! A pipeline's state: where it is in its source, its counters, its current update and the
//! figures of its recent micro-batches.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::latency::Latency;
use super::spec::PipelineSpec;

/// How many batches' figures a pipeline keeps (the counters keep totals).
pub const KEPT_BATCHES: usize = 500;

/// A running update: DLT loads the model (`spark_udf`) when an update starts, so an alias is
/// resolved then, and a moved alias reaches the pipeline at its next update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Update {
    /// Counter of updates (1 for the first).
    pub id: u64,
    pub started_at: i64,
    /// The model version this update scores with (empty for a notebook pipeline: its code
    /// loads the model).
    pub model_version: String,
    /// Triggered mode: the source row count when the update started; it stops there.
    pub until_row: u64,
    /// A notebook pipeline's code as it was when the update started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

crate::flat_de::map_only!(Update);

/// One processed micro-batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct BatchStat {
    /// `batch_id` in the output table, from 0.
    pub batch_id: u64,
    pub update_id: u64,
    /// The batch's first source row (0-based) and its row count.
    pub first_row: u64,
    pub rows: u64,
    /// The batch size setting when it ran (the last batch of a source may be smaller).
    pub batch_size: u64,
    pub model_version: String,
    pub processed_at: i64,
    pub latency: Latency,
}

crate::flat_de::map_only!(BatchStat);

/// Rows and batches so far, per node of the graph.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Counters {
    /// Source rows read by the stream (the stream's offset).
    pub rows_read: u64,
    /// Rows scored by the model.
    pub rows_processed: u64,
    /// Rows appended to the output table.
    pub rows_written: u64,
    pub batches: u64,
    pub updates: u64,
}

crate::flat_de::map_only!(Counters);

/// A pipeline and its progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Pipeline {
    pub spec: PipelineSpec,
    pub created_at: i64,
    pub creator: String,
    pub counters: Counters,
    /// The running update, if any (`None`: idle).
    #[serde(default)]
    pub update: Option<Update>,
    /// Why the last update failed, if it did (cleared by the next start).
    #[serde(default)]
    pub last_error: Option<String>,
    /// The latest batches, oldest first, at most [`KEPT_BATCHES`].
    #[serde(default)]
    pub batches: VecDeque<BatchStat>,
}

crate::flat_de::map_only!(Pipeline);

impl Pipeline {
    /// `RUNNING`, `IDLE` or `FAILED`, as the pipeline UI shows an update's state.
    pub fn state(&self) -> &'static str {
        match (&self.update, &self.last_error) {
            (Some(_), _) => "RUNNING",
            (None, Some(_)) => "FAILED",
            (None, None) => "IDLE",
        }
    }

    /// Counts a processed batch that wrote `written` rows (a notebook's table function may
    /// filter some out).
    pub(crate) fn record(&mut self, stat: BatchStat, written: u64) {
        self.counters.rows_read += stat.rows;
        self.counters.rows_processed += stat.rows;
        self.counters.rows_written += written;
        self.counters.batches += 1;
        self.batches.push_back(stat);
        while self.batches.len() > KEPT_BATCHES {
            self.batches.pop_front();
        }
    }
}

//! A pipeline definition: what `@dlt.table` plus `spark_udf` say in a real pipeline
//! (`docs/reference/serving.md` §8), as the fields of a form.

use serde::{Deserialize, Serialize};

use super::error::StreamingError;
use crate::catalog::names::FullName;
use crate::registry::uri::{ModelRef, ModelsUri};

/// Largest micro-batch (rows); beyond this one step would stall the tab.
pub const MAX_BATCH_ROWS: usize = 10_000;
/// Longest pipeline name (characters).
pub const MAX_NAME: usize = 100;
/// The simulated arrival rate's bounds, rows per second.
pub const MIN_RATE: f64 = 0.1;
pub const MAX_RATE: f64 = 1_000_000.0;

/// DLT's pipeline modes (serving.md §8, DLT-MODE).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Mode {
    /// An update processes the data available when it starts, then stops by itself.
    #[default]
    Triggered,
    /// An update runs until stopped, picking up rows as they arrive.
    Continuous,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Triggered => "TRIGGERED",
            Mode::Continuous => "CONTINUOUS",
        }
    }

    /// `TRIGGERED` / `CONTINUOUS`, in any case.
    pub fn parse(text: &str) -> Option<Mode> {
        match text.trim().to_ascii_uppercase().as_str() {
            "TRIGGERED" => Some(Mode::Triggered),
            "CONTINUOUS" => Some(Mode::Continuous),
            _ => None,
        }
    }
}

/// What the learner fills in to create a pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct PipelineSpec {
    pub name: String,
    /// The source table (`catalog.schema.table`), read as a stream in row order.
    pub source: String,
    /// `models:/catalog.schema.model@alias` or `models:/catalog.schema.model/version`.
    pub model_uri: String,
    /// The streaming table the predictions go to (`catalog.schema.table`).
    pub output: String,
    /// The columns passed to the model, in order (`predict(struct(*feature_cols))`). Empty:
    /// the model signature's inputs.
    pub features: Vec<String>,
    pub mode: Mode,
    /// Rows per micro-batch (1 = one record at a time, as real-time serving answers).
    pub batch_size: usize,
    /// Simulated arrival rate of new rows at the source, rows per second.
    pub arrival_rows_per_s: f64,
    /// Set when the pipeline's source code is a notebook's `@dlt.table` function; `source`
    /// and `output` then come from the code, and `model_uri` and `features` are unused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notebook: Option<NotebookCode>,
}

crate::flat_de::map_only!(PipelineSpec);

/// A notebook as a pipeline's source code, and the pipeline's target schema (DLT's
/// "Destination": where the dataset is published and unqualified names resolve).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct NotebookCode {
    pub notebook_id: String,
    /// `catalog.schema`.
    pub target: String,
}

crate::flat_de::map_only!(NotebookCode);

/// Checks the settings every pipeline has: the name, the batch size and the rate.
pub fn check_settings(spec: &PipelineSpec) -> Result<(), StreamingError> {
    let name = spec.name.trim();
    let n = name.chars().count();
    if n == 0
        || n > MAX_NAME
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ' '))
    {
        return Err(StreamingError::Invalid(format!(
            "A pipeline name has 1 to {MAX_NAME} characters: letters, digits, spaces, '_' or '-'."
        )));
    }
    check_batch_size(spec.batch_size)?;
    check_rate(spec.arrival_rows_per_s)
}

/// Checks the fields that need no workspace: name, sizes, the shape of the names and URI.
pub fn check(spec: &PipelineSpec) -> Result<(FullName, FullName, ModelsUri), StreamingError> {
    check_settings(spec)?;
    let source = FullName::parse(&spec.source, "table")
        .map_err(|e| StreamingError::Source(format!("{} Use catalog.schema.table.", e.0)))?;
    let output = FullName::parse(&spec.output, "table")
        .map_err(|e| StreamingError::Output(format!("{} Use catalog.schema.table.", e.0)))?;
    if source == output {
        return Err(StreamingError::Output(
            "the output table must differ from the source table: a streaming table reading its own output would loop".into(),
        ));
    }
    let uri = ModelsUri::parse(&spec.model_uri).map_err(|e| StreamingError::Model(e.message))?;
    if uri.name.split('.').count() != 3 {
        return Err(StreamingError::Model(format!(
            "'{}' is not a Unity Catalog model: use models:/catalog.schema.model@alias or models:/catalog.schema.model/version",
            spec.model_uri
        )));
    }
    if matches!(uri.reference, ModelRef::Stage(_)) {
        return Err(StreamingError::Model(
            "Unity Catalog models have no stages: use an alias (@Champion) or a version number"
                .into(),
        ));
    }
    Ok((source, output, uri))
}

pub fn check_batch_size(rows: usize) -> Result<(), StreamingError> {
    if rows == 0 || rows > MAX_BATCH_ROWS {
        return Err(StreamingError::Invalid(format!(
            "The batch size is 1 to {MAX_BATCH_ROWS} rows."
        )));
    }
    Ok(())
}

pub fn check_rate(rate: f64) -> Result<(), StreamingError> {
    if !(MIN_RATE..=MAX_RATE).contains(&rate) {
        return Err(StreamingError::Invalid(format!(
            "The arrival rate is {MIN_RATE} to {MAX_RATE} rows per second."
        )));
    }
    Ok(())
}

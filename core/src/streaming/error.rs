//! What a pipeline operation can fail with. Each message names what to change, since the
//! learner reads it on the page (the wording is Lakelab's: Databricks reports these as
//! pipeline update failures in its event log).

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Error)]
pub enum StreamingError {
    /// A bad name, batch size, rate or model URI: what was wrong and what is accepted.
    #[error("{0}")]
    Invalid(String),
    #[error("There is no pipeline named '{0}'. Create it first, or pick one from the list.")]
    NoPipeline(String),
    #[error("A pipeline named '{0}' already exists. Choose another name, or delete that pipeline first.")]
    PipelineExists(String),
    /// The source table is missing or unreadable (Spark's message).
    #[error("Source table: {0}")]
    Source(String),
    /// The model URI does not resolve, or the model cannot be loaded (MLflow's message).
    #[error("Model: {0}")]
    Model(String),
    /// A feature column is not in the source table.
    #[error(
        "Feature column '{column}' is not in the source table {table}. Its columns are: {columns}."
    )]
    MissingColumn {
        column: String,
        table: String,
        columns: String,
    },
    /// The output table cannot be created or written.
    #[error("Output table: {0}")]
    Output(String),
    /// The model refused a micro-batch (MLflow's message, e.g. a signature mismatch).
    #[error("Batch {batch}: the model could not score it: {message}")]
    Predict { batch: u64, message: String },
    /// A notebook pipeline's code failed, or defines no usable dataset (the traceback).
    #[error("Pipeline code: {0}")]
    Code(String),
}

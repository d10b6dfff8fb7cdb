//! AutoML (reference `automl.md`): Databricks AutoML's Python API over Lakelab's own engines.
//! `params` checks the arguments, `prepare` turns a table into training data (types, split,
//! imbalance, preprocessing), `search` holds the algorithms and their spaces, `sample` the
//! row samples of a large training split, `run` trains and logs one MLflow run per trial
//! (with `figures`), `summary` is what the API returns; `forecast` is `automl.forecast`.
//! Deterministic for a seed, except where the wall clock ends a run (`timeout_minutes`), as on Databricks.

pub mod evaluate;
pub mod figures;
pub mod forecast;
pub mod job;
mod job_de;
pub mod notebook;
pub mod params;
pub mod prepare;
pub mod run;
pub mod sample;
pub mod search;
pub mod sources;
pub mod summary;

pub use job::{JobSpec, PageJob, WorkerEvent, WorkerJob};
pub use params::{AutoMLParams, Metric};
pub use run::{run, AutoMLRun, PrepReport, Progress, Trainer, TrialOutcome};
pub use summary::{AutoMLSummary, ForecastInfo, Stop, TrialInfo};

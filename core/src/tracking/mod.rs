//! MLflow tracking: experiments, runs, params, metrics, tags, artifacts, and run search.

pub mod artifacts;
pub mod demo;
pub mod demo_files;
pub mod entities;
pub mod error;
pub mod fluent;
pub mod ids;
pub mod logged_models;
pub mod page_token;
pub mod preview;
pub mod runs_frame;
pub mod search;
pub mod store;
pub mod validation;
pub mod yaml;

pub use artifacts::{ArtifactFile, Figure, FileInfo};
pub use entities::{Experiment, LifecycleStage, Metric, Run, RunInfo, RunStatus, ViewType};
pub use error::{ErrorCode, MlflowError};
pub use fluent::{Fluent, StartRun};
pub use logged_models::{FeaturePackaging, LoadedModel, LoggedModel, ModelInfo};
pub use store::{
    ExperimentQuery, NewRun, RunPage, RunQuery, Tracking, DEFAULT_EXPERIMENT_ID, RUN_SEGMENT,
    SEARCH_MAX_RESULTS_DEFAULT,
};

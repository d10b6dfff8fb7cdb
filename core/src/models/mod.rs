//! Models as MLflow sees them: what `log_model` stores, how a model is addressed
//! (`runs:/<run_id>/<path>`), its signature, and how it predicts.
//!
//! The sandbox cannot pickle Python objects, so a model is saved as JSON (`model.json`) of a
//! [`SavedModel`] (written and read by [`json`], which keeps NaN and ±infinity): one variant
//! per model type Lakelab can train. AutoML and the training
//! helpers add variants; each implements [`Predict`]. The registry and serving load models
//! through the same [`SavedModel`].

pub mod json;
pub mod python_model;
pub mod saved;
mod saved_de;
pub mod signature;
pub mod spark_udf;
pub mod uri;

/// What a model predicts on: a table in split orientation.
pub use crate::frame::SplitFrame as ModelInput;
pub use saved::{LinearModel, Link, Predict, SavedModel};
pub use signature::{ColSpec, Signature};
pub use uri::RunsUri;

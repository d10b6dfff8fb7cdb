//! scikit-learn's estimators, transformers and pipelines as the notebook's `sklearn` binding
//! uses them: [`frame::Frame`] carries named columns between steps, [`transform`] holds the
//! transformers, [`model::SkModel`] is a fitted model (saved by `mlflow.sklearn.log_model`).
//! Estimators are `ml::estimator`'s.

pub mod frame;
pub mod model;
pub mod transform;
mod transform_de;

pub use frame::{Col, Frame};
pub use model::{EvalSet, SkModel};
pub use transform::{Fill, FittedTransformer, Part, Transformer};

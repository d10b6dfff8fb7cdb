//! The MLflow Model Registry in two flavours: Models in Unity Catalog (three-level names,
//! aliases, privileges, a signature required; no stages) and the legacy workspace registry
//! (flat names, stages), kept so learners can contrast them. Both live in
//! [`crate::catalog::Unity`]; the registry in use is picked like MLflow's registry URI.
//!
//! Choices: `search_registered_models(filter_string=...)` is refused in Unity Catalog, as
//! MLflow's UC client refuses it (use `get_registered_model`); the workspace registry filters
//! on `name` with `=`, `!=`, `LIKE` and `ILIKE`. UC version search takes equality on `name`
//! and `run_id` only.

pub mod entities;
pub mod search;
pub mod store;
pub mod uri;
pub mod validation;

pub use entities::{ModelVersion, RegisteredModel};
pub use store::{RegisterOutcome, RegistryKind};
pub use uri::{ModelRef, ModelsUri};

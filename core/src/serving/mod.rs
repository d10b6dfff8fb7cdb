//! Model Serving, simulated: serving endpoints with their configs and states
//! ([`store::Serving`]), traffic routing between served entities ([`router`]), and the
//! invocation request formats with MLflow's scoring-server errors ([`request`]).
//!
//! The semantics follow `docs/reference/serving.md` (sources cited there). Where the real
//! service's behaviour or wording is not documented, the choice is Lakelab's and says so
//! where it is made:
//! - **States** follow the documented lifecycle: `create` returns `NOT_READY` /
//!   `IN_PROGRESS` with the request as `pending_config`; after [`store::DEPLOY_MS`] the config
//!   is live (`READY` / `NOT_UPDATING`). An update keeps the old config serving until its own
//!   deployment finishes. Time is passed in, so every state is reproducible.
//! - **Aliases**: a served entity names a model *version* (`entity_version`), as the API does.
//!   Serving an alias such as `@Champion` means resolving it when the config is written (what
//!   the documented deployment workflow does); when the alias later moves, the endpoint keeps
//!   serving the version it was given until the next config update.

pub mod cache;
pub mod capture;
pub mod draft;
pub mod entities;
pub mod error;
pub mod examples;
pub mod features;
pub mod in_catalog;
pub mod in_workspace;
pub mod invoke;
pub mod ordered;
pub mod payload_table;
pub mod records;
pub mod request;
pub mod rest;
pub mod router;
pub mod store;
pub mod summary;
pub mod validation;

pub use entities::{Endpoint, EndpointConfig, Route, ServedEntity};
pub use error::ServingError;
pub use store::Serving;

//! The app's reactive state: the core documents in signals, each wired to its store.
//!
//! The core values (`Workspace`, `Progress`, `Settings`) stay plain Rust; this module only wraps
//! them in signals and drives saving, as leptos' `counter_without_macros` keeps its domain
//! struct free of signals.

pub mod automl_forecast;
pub mod automl_job;
pub mod boot;
pub mod content;
pub mod persisted;
pub mod run_cell;

pub use boot::{boot, use_app, AppState, Stored};
pub use persisted::{Persisted, SaveStatus};

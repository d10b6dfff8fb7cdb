//! Lakelab's domain core: everything that is not the browser.
//!
//! The UI (`src/` at the workspace root) and, later, the notebook runtime are two front doors to
//! the values defined here. Nothing in this crate touches web APIs, signals or the clock: time,
//! randomness and storage are passed in, so every result is reproducible and tested natively.

pub mod automl;
pub mod base64;
pub mod bench;
pub mod bench_automl;
pub mod bench_features;
pub mod bench_serving;
pub mod bench_tables;
pub mod catalog;
pub mod crc32;
pub mod curriculum;
pub mod datasets;
pub mod export;
pub mod features;
pub mod files;
pub mod flat_de;
pub mod frame;
pub mod ml;
pub mod models;
pub mod notebook;
pub mod notebook_files;
pub mod persist;
pub mod plot;
pub mod png;
pub mod progress;
pub mod registry;
pub mod rng;
pub mod serving;
pub mod settings;
pub mod sorting;
pub mod streaming;
pub mod table;
pub mod time;
pub mod tracking;
pub mod workspace;

pub use export::Snapshot;
pub use progress::Progress;
pub use settings::{Settings, Theme};
pub use workspace::Workspace;

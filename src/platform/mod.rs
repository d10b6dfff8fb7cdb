//! Browser adapters: the only place that talks to web APIs. Each one implements or feeds a core
//! abstraction (storage trait, injected time) or wraps one browser feature.

pub mod automl_worker;
pub mod base_path;
pub mod clock;
pub mod datasets;
pub mod download;
pub mod idb_store;
pub mod local_store;
pub mod panic_view;
pub mod service_worker;
pub mod storage_persist;
pub mod svg_export;
pub mod tabs;
pub mod worker_main;
pub mod yield_now;

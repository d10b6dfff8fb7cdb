//! One page per file; each is a route of the app shell.

pub mod automl;
pub mod catalog;
pub mod compare;
pub mod exam;
pub mod exercise;
pub mod experiments;
pub mod feature_store;
pub mod feature_table;
pub mod learn;
pub mod model;
pub mod not_found;
pub mod notebook;
pub mod progress;
pub mod quiz;
pub mod run;
pub mod serving;
pub mod settings;

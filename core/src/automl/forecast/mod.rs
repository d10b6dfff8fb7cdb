//! `automl.forecast` (reference §1.2, §3.1): time-series forecasting with simple, honest
//! models standing in for Databricks' Prophet and Auto-ARIMA.
//!
//! `params` checks the arguments, `frequency` is the grid step, `series` turns rows into
//! regular series (one per `identity_col` value), `models` holds the forecasters, `cv` the
//! expanding-window cross-validation and its metrics, `model` the saved model (`predict`,
//! `predict_timeseries`), `run` trains and logs one MLflow run per forecaster, `notebook` the
//! generated trial notebooks, `output` the `output_database` table. Deterministic: nothing is
//! random, and the same data gives the same trials.

pub mod cv;
pub mod frequency;
pub mod model;
pub mod models;
pub mod notebook;
pub mod output;
pub mod params;
pub mod run;
pub mod series;

pub use frequency::Frequency;
pub use model::ForecastModel;
pub use models::ModelKind;
pub use params::ForecastParams;
pub use run::run;

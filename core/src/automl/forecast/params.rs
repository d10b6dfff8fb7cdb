//! `automl.forecast(...)` arguments and their checks (reference §1.2), in the style of
//! `automl::params` for classify / regress.
//!
//! `country_code` is checked (two letters) and recorded, but Lakelab's models have no holiday
//! effects. `exclude_frameworks` takes `"prophet"` and `"arima"`: excluding `"prophet"` drops
//! the linear-trend models, `"arima"` the seasonal-naive and drift models (see `models`).

use super::frequency::Frequency;
use super::models::ModelKind;
use crate::automl::params::{Metric, DEFAULT_TIMEOUT_MINUTES};

/// The frameworks forecast's `exclude_frameworks=` may name.
pub const FORECAST_FRAMEWORKS: [&str; 2] = ["prophet", "arima"];

/// A forecast run's arguments, as the Python API takes them.
#[derive(Debug, Clone, PartialEq)]
pub struct ForecastParams {
    pub target_col: String,
    pub time_col: String,
    pub primary_metric: Option<String>,
    pub country_code: Option<String>,
    pub frequency: Option<String>,
    pub horizon: Option<i64>,
    pub identity_cols: Vec<String>,
    pub output_database: Option<String>,
    pub timeout_minutes: Option<f64>,
    pub exclude_frameworks: Vec<String>,
    pub experiment_name: Option<String>,
    pub experiment_dir: Option<String>,
}

impl ForecastParams {
    pub fn new(target_col: &str, time_col: &str) -> ForecastParams {
        ForecastParams {
            target_col: target_col.to_string(),
            time_col: time_col.to_string(),
            primary_metric: None,
            country_code: None,
            frequency: None,
            horizon: None,
            identity_cols: Vec::new(),
            output_database: None,
            timeout_minutes: None,
            exclude_frameworks: Vec::new(),
            experiment_name: None,
            experiment_dir: None,
        }
    }
}

/// Checked arguments.
#[derive(Debug, Clone)]
pub struct Checked {
    pub metric: Metric,
    pub frequency: Frequency,
    pub horizon: usize,
    pub country_code: String,
    pub timeout_ms: i64,
    /// The models to try, in trial order.
    pub models: Vec<ModelKind>,
}

/// Checks the arguments against the dataset's columns.
pub fn check(p: &ForecastParams, columns: &[String]) -> Result<Checked, String> {
    let has = |c: &str| columns.iter().any(|n| n == c);
    let listing = || columns.join(", ");
    for (c, what) in [(&p.target_col, "target_col"), (&p.time_col, "time_col")] {
        if !has(c) {
            return Err(format!(
                "{what} '{c}' is not a column of the dataset (columns: {})",
                listing()
            ));
        }
    }
    if p.time_col == p.target_col {
        return Err(format!(
            "time_col '{}' cannot be the target column",
            p.time_col
        ));
    }
    for c in &p.identity_cols {
        if !has(c) {
            return Err(format!(
                "identity_col '{c}' is not a column of the dataset (columns: {})",
                listing()
            ));
        }
        if c == &p.target_col || c == &p.time_col {
            return Err(format!(
                "identity_col '{c}' cannot be the target or the time column"
            ));
        }
    }
    if let Some(db) = &p.output_database {
        super::output::schema_of(db)?;
    }
    let metric = match &p.primary_metric {
        Some(m) => Metric::parse_forecast(m)?,
        None => Metric::Smape,
    };
    let frequency = Frequency::parse(p.frequency.as_deref().unwrap_or("D"))?;
    let horizon = p.horizon.unwrap_or(1);
    if horizon < 1 {
        return Err(format!(
            "horizon must be a positive number of time steps, got {horizon}"
        ));
    }
    if horizon > super::series::MAX_STEPS {
        return Err(format!(
            "horizon {horizon} is more steps than Lakelab forecasts (at most {})",
            super::series::MAX_STEPS
        ));
    }
    let country_code = p.country_code.clone().unwrap_or_else(|| "US".into());
    if country_code.len() != 2 || !country_code.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(format!(
            "country_code '{country_code}' is not a two-letter ISO 3166 country code (e.g. 'US', 'DE')"
        ));
    }
    let timeout = p.timeout_minutes.unwrap_or(DEFAULT_TIMEOUT_MINUTES);
    if !(timeout > 0.0 && timeout.is_finite()) {
        return Err(format!(
            "timeout_minutes must be a positive number of minutes, got {timeout}"
        ));
    }
    for f in &p.exclude_frameworks {
        if !FORECAST_FRAMEWORKS.contains(&f.as_str()) {
            return Err(format!(
                "exclude_frameworks: '{f}' is not a framework AutoML forecasting uses; use any of: {}",
                FORECAST_FRAMEWORKS.join(", ")
            ));
        }
    }
    let models: Vec<ModelKind> = ModelKind::ALL
        .into_iter()
        .filter(|m| !p.exclude_frameworks.iter().any(|f| f == m.framework()))
        .collect();
    if models.is_empty() {
        return Err("exclude_frameworks leaves no framework to train: keep 'prophet' (Lakelab's linear-trend models) or 'arima' (its seasonal-naive and drift models)".into());
    }
    Ok(Checked {
        metric,
        frequency,
        horizon: horizon as usize,
        country_code: country_code.to_ascii_uppercase(),
        timeout_ms: (timeout * 60_000.0) as i64,
        models,
    })
}

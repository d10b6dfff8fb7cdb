//! A forecast trial's saved model: one fitted forecaster per series, stored as JSON like every
//! Lakelab model ([`crate::models::SavedModel::Forecast`]).
//!
//! `predict(df)` follows the runtime's pyfunc forecast models: `df` holds the time column
//! (and the identity columns of a multi-series model); each row gets the prediction at its
//! time, in-sample one-step predictions for times in the history and forecasts after it. A
//! time before the history, off the frequency's grid, or of an unknown series is an error.
//! [`ForecastModel::predict_timeseries`] is the runtime's `predict_timeseries(horizon,
//! include_history)`: `ds`, the identity columns, `yhat`, `yhat_lower`, `yhat_upper`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::frequency::Frequency;
use super::models::{Fitted, ModelKind};
use crate::models::{ModelInput, Predict};
use crate::table::csv::parse_timestamp;
use crate::table::{Cell, Column, DType, Table};

const DAY_MS: i64 = 86_400_000;

/// One series' fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct SeriesModel {
    /// The identity values as text (empty for a single series).
    pub key: Vec<String>,
    /// The identity values as the dataset held them (numbers stay numbers in output tables).
    #[serde(default)]
    pub key_values: Vec<Value>,
    pub start_ms: i64,
    pub fitted: Fitted,
}

crate::flat_de::map_only!(SeriesModel);

/// A fitted forecaster over every series of the dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ForecastModel {
    pub kind: ModelKind,
    pub time_col: String,
    pub identity_cols: Vec<String>,
    pub frequency: Frequency,
    pub horizon: usize,
    /// Whether the training time column held dates (outputs then hold dates too).
    pub time_is_date: bool,
    pub series: Vec<SeriesModel>,
}

crate::flat_de::map_only!(ForecastModel);

fn json_time(v: &Value) -> Option<i64> {
    match v {
        Value::String(s) => parse_timestamp(s.trim()),
        _ => None,
    }
}

/// A grid time as text: a date when the training times were dates on a whole-day grid.
pub fn grid_time_text(time_is_date: bool, frequency: Frequency, ms: i64) -> String {
    if time_is_date && frequency.whole_days() && ms.rem_euclid(DAY_MS) == 0 {
        Cell::Date(ms.div_euclid(DAY_MS) as i32).text()
    } else {
        Cell::Timestamp(ms).text()
    }
}

fn json_key(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "true" } else { "false" }.into(),
        Value::Null => String::new(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) => Cell::Float(f).text(),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

impl ForecastModel {
    fn series_of(&self, key: &[String]) -> Result<&SeriesModel, String> {
        self.series.iter().find(|s| s.key == key).ok_or_else(|| {
            format!(
                "Input data includes unseen values in id columns {:?}: {:?}; the model knows {}",
                self.identity_cols,
                key,
                self.series
                    .iter()
                    .map(|s| format!("{:?}", s.key))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    }

    /// The grid step of `t` in a series, checked.
    fn step_of(&self, s: &SeriesModel, t: i64) -> Result<usize, String> {
        if t < s.start_ms {
            return Err(format!(
                "Input time column '{}' includes time earlier than the history data that the model was trained on.",
                self.time_col
            ));
        }
        let k = self
            .frequency
            .steps_between(s.start_ms, t)
            .filter(|k| *k < super::series::MAX_STEPS * 2)
            .ok_or_else(|| {
                format!(
                    "Input time column '{}' includes different frequency: '{}' is not on the model's {} grid.",
                    self.time_col,
                    crate::time::utc_text(t),
                    self.frequency.alias()
                )
            })?;
        Ok(k as usize)
    }

    fn time_cell(&self, ms: i64) -> Cell {
        if self.time_is_date && self.frequency.whole_days() && ms.rem_euclid(DAY_MS) == 0 {
            Cell::Date(ms.div_euclid(DAY_MS) as i32)
        } else {
            Cell::Timestamp(ms)
        }
    }

    /// The predictions table: per series, the history (`include_history`) and the next
    /// `horizon` steps, with the columns `time_col`, the identity columns, `value_col`,
    /// `<value_col>_lower`, `<value_col>_upper`.
    pub fn table(
        &self,
        horizon: Option<usize>,
        include_history: bool,
        time_col: &str,
        value_col: &str,
    ) -> Result<Table, String> {
        let horizon = horizon.unwrap_or(self.horizon);
        let mut names = vec![time_col.to_string()];
        names.extend(self.identity_cols.iter().cloned());
        names.extend([
            value_col.to_string(),
            format!("{value_col}_lower"),
            format!("{value_col}_upper"),
        ]);
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        for s in &self.series {
            let n = s.fitted.history.len();
            let from = if include_history { 0 } else { n };
            for k in from..n + horizon {
                let t = self.frequency.add(s.start_ms, k as i64);
                let mut row = vec![self.time_cell(t)];
                for (i, _) in self.identity_cols.iter().enumerate() {
                    row.push(match (s.key_values.get(i), s.key.get(i)) {
                        (Some(v), _) => crate::frame::json_cell(v),
                        (None, Some(text)) => Cell::Str(text.clone()),
                        (None, None) => Cell::Null,
                    });
                }
                match s.fitted.predict_at(k) {
                    Some(p) => {
                        let w = s.fitted.half_width(k);
                        row.extend([Cell::Float(p), Cell::Float(p - w), Cell::Float(p + w)]);
                    }
                    None => row.extend([Cell::Null, Cell::Null, Cell::Null]),
                }
                rows.push(row);
            }
        }
        let time_type = if self.time_is_date && self.frequency.whole_days() {
            DType::Date
        } else {
            DType::Timestamp
        };
        let width = names.len();
        let mut columns = Vec::with_capacity(width);
        for c in 0..width {
            let cells: Vec<Cell> = rows
                .iter()
                .map(|r| r.get(c).cloned().unwrap_or(Cell::Null))
                .collect();
            let column = if c == 0 {
                Column::from_cells(time_type, &cells)
            } else if c > self.identity_cols.len() {
                Column::from_cells(DType::Float, &cells)
            } else {
                Column::infer(&cells)
            };
            columns.push(column.map_err(|e| e.to_string())?);
        }
        let table = Table::new(names, columns).map_err(|e| e.to_string())?;
        Ok(table)
    }

    /// The runtime's `predict_timeseries(horizon=None, include_history=True)`.
    pub fn predict_timeseries(
        &self,
        horizon: Option<usize>,
        include_history: bool,
    ) -> Result<Table, String> {
        self.table(horizon, include_history, "ds", "yhat")
    }
}

impl Predict for ForecastModel {
    fn class_name(&self) -> &'static str {
        self.kind.class_name()
    }

    fn predict(&self, input: &ModelInput) -> Result<Vec<Value>, String> {
        input.validate()?;
        let missing = |c: &str| {
            format!(
                "Model is missing inputs ['{c}']: a forecast model predicts from the time column '{}'{}",
                self.time_col,
                if self.identity_cols.is_empty() {
                    String::new()
                } else {
                    format!(" and the identity columns {:?}", self.identity_cols)
                }
            )
        };
        let time = input
            .column(&self.time_col)
            .ok_or_else(|| missing(&self.time_col))?;
        let ids = self
            .identity_cols
            .iter()
            .map(|c| input.column(c).ok_or_else(|| missing(c)))
            .collect::<Result<Vec<_>, _>>()?;
        input
            .data
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let t = row.get(time).and_then(json_time).ok_or_else(|| {
                    format!("row {i}: '{}' must be a date or timestamp", self.time_col)
                })?;
                let key: Vec<String> = ids
                    .iter()
                    .map(|&c| row.get(c).map(json_key).unwrap_or_default())
                    .collect();
                let s = self.series_of(&key)?;
                let k = self.step_of(s, t)?;
                Ok(s.fitted
                    .predict_at(k)
                    .map_or(Value::Null, |p| serde_json::json!(p)))
            })
            .collect()
    }
}

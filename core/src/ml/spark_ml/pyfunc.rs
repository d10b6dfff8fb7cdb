//! A logged Spark ML model as an MLflow pyfunc: `predict(pandas_df)` builds a table from the
//! input (numbers, strings, booleans; a list of numbers is a vector), runs the model's
//! `transform` and returns its `prediction` column — what `mlflow.pyfunc` does with a Spark
//! model (it converts the pandas frame to a Spark DataFrame first).

use super::Stage;
use serde_json::Value;

use crate::frame::json_cell;
use crate::models::{ModelInput, Predict};
use crate::table::{Cell, Column, Table};

/// The input rows as a table, each column's type inferred.
pub fn input_table(input: &ModelInput) -> Result<Table, String> {
    let columns = (0..input.columns.len())
        .map(|c| {
            let cells: Vec<Cell> = input
                .data
                .iter()
                .map(|row| row.get(c).map_or(Cell::Null, json_cell))
                .collect();
            Column::infer(&cells).map_err(|e| format!("column '{}': {e}", input.columns[c]))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Table::new(input.columns.clone(), columns).map_err(|e| e.to_string())
}

impl Predict for Stage {
    fn class_name(&self) -> &'static str {
        Stage::class_name(self)
    }

    fn predict(&self, input: &ModelInput) -> Result<Vec<Value>, String> {
        input.validate()?;
        let prediction = self
            .predictor()
            .map(|p| p.cols.prediction.clone())
            .ok_or("this Spark ML model has no predictor stage, so it has no prediction column")?;
        let out = self
            .transform(&input_table(input)?)
            .map_err(|e| e.message)?;
        let col = out.column(&prediction, true).map_err(|e| e.to_string())?;
        Ok((0..col.len())
            .map(|i| {
                col.f64_at(i)
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            })
            .collect())
    }
}

//! A small table in pandas' "split" orientation (`{"columns": [...], "data": [[...]]}`): the
//! shape of MLflow's `input_example.json`, of a serving request's `dataframe_split`, and of what
//! `mlflow.search_runs` returns. (The columnar tables of the feature store convert to and from
//! it.)

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitFrame {
    pub columns: Vec<String>,
    pub data: Vec<Vec<Value>>,
}

impl SplitFrame {
    /// Checks that every row has one value per column.
    pub fn validate(&self) -> Result<(), String> {
        match self.data.iter().position(|r| r.len() != self.columns.len()) {
            None => Ok(()),
            Some(i) => Err(format!(
                "row {i} has {} values but there are {} columns",
                self.data[i].len(),
                self.columns.len()
            )),
        }
    }

    /// The index of a column by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

//! A small table in pandas' "split" orientation (`{"columns": [...], "data": [[...]]}`): the
//! shape of MLflow's `input_example.json`, of a serving request's `dataframe_split`, and of what
//! `mlflow.search_runs` returns. (The columnar tables of the feature store convert to and from
//! it.)

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct SplitFrame {
    pub columns: Vec<String>,
    pub data: Vec<Vec<Value>>,
}

crate::flat_de::map_only!(SplitFrame);

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

    /// The table as CSV text (RFC 4180): a header row, then one line per row; null is an
    /// empty field, strings as they are, other values as JSON.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        let line = |fields: Vec<String>, out: &mut String| {
            let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            out.push_str(&quoted.join(","));
            out.push('\n');
        };
        line(self.columns.clone(), &mut out);
        for row in &self.data {
            let fields = row
                .iter()
                .map(|v| match v {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            line(fields, &mut out);
        }
        out
    }

    /// The index of a column by name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// A columnar table as rows of JSON values (what a model predicts on): numbers and
    /// booleans as they are, NaN and null as null, dates and timestamps as their text.
    pub fn from_table(table: &crate::table::Table) -> SplitFrame {
        let data = (0..table.num_rows())
            .map(|i| {
                table
                    .columns()
                    .iter()
                    .map(|c| cell_json(c.get(i)))
                    .collect()
            })
            .collect();
        SplitFrame {
            columns: table.names().to_vec(),
            data,
        }
    }
}

/// A cell as a model reads it: numbers and booleans as they are, NaN and null as null, dates,
/// timestamps and vectors as their text.
pub fn cell_json(c: crate::table::Cell) -> Value {
    use crate::table::Cell;
    match c {
        Cell::Null => Value::Null,
        Cell::Int(v) => Value::from(v),
        Cell::Float(v) => serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
        Cell::Bool(b) => Value::Bool(b),
        Cell::Str(s) => Value::String(s),
        other => Value::String(other.text()),
    }
}

/// A model input value as a cell: integers stay integers, a list of numbers is a vector.
pub fn json_cell(v: &Value) -> crate::table::Cell {
    use crate::table::Cell;
    match v {
        Value::Null => Cell::Null,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Cell::Int(i),
            None => Cell::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => Cell::Str(s.clone()),
        Value::Array(a) if a.iter().all(Value::is_number) => Cell::Vector(
            crate::table::Vector::dense(a.iter().filter_map(Value::as_f64).collect()),
        ),
        other => Cell::Str(other.to_string()),
    }
}

/// One CSV field, quoted when it holds a comma, a quote or a line break.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn csv_quotes_what_needs_it() {
        let frame = SplitFrame {
            columns: vec!["a".into(), "b,c".into()],
            data: vec![
                vec![json!("say \"hi\""), json!(1.5)],
                vec![Value::Null, json!(true)],
            ],
        };
        assert_eq!(frame.to_csv(), "a,\"b,c\"\n\"say \"\"hi\"\"\",1.5\n,true\n");
    }
}

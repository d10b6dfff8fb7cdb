//! What scikit-learn takes and gives in cells: `X` as a pandas DataFrame (or a list of rows,
//! whose columns are then named `x0`, `x1`, ...), `y` as a pandas Series or a list, and
//! transformed data back as a pandas DataFrame.

use crate::ml::sk::{Col, Frame};
use crate::notebook::bindings::cells::to_value;
use crate::notebook::bindings::client::to_json;
use crate::notebook::bindings::pandas::frame::PandasFrame;
use crate::notebook::bindings::pandas::series::SeriesObj;
use crate::notebook::bindings::spark::dataframe::SparkFrame;
use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::value::Value;
use crate::table::{Cell, Column, DType, Table};

fn value_error(m: impl Into<String>) -> PyErr {
    PyErr::new(ExcType::ValueError, m.into())
}

/// `X` as a frame.
pub fn frame_arg(x: &Value) -> Result<Frame, PyErr> {
    if let Value::Object(o) = x {
        if let Some(f) = o.as_any().downcast_ref::<PandasFrame>() {
            return Ok(Frame::from_table(&f.table()));
        }
        if o.as_any().downcast_ref::<SeriesObj>().is_some() {
            return Err(value_error(
                "Expected 2D array, got 1D array instead: pass a DataFrame, e.g. df[['col']] rather than df['col']",
            ));
        }
    }
    if SparkFrame::of(x).is_some() {
        return Err(type_error(
            "scikit-learn takes pandas data: convert the Spark DataFrame with .toPandas() (or use pyspark.ml for Spark DataFrames)",
        ));
    }
    let rows = x.iter_items().ok_or_else(|| {
        type_error(format!(
            "X must be a pandas DataFrame or a list of rows, got {}",
            x.type_name()
        ))
    })?;
    let width = rows
        .first()
        .and_then(Value::iter_items)
        .map_or(0, |r| r.len());
    let mut cells: Vec<Vec<Cell>> = vec![Vec::new(); width];
    for row in &rows {
        let items = row.iter_items().ok_or_else(|| {
            value_error("Expected 2D array, got 1D array instead: wrap each sample in a list")
        })?;
        if items.len() != width {
            return Err(value_error(
                "setting an array element with a sequence: rows differ in length",
            ));
        }
        for (c, v) in cells.iter_mut().zip(items) {
            c.push(crate::notebook::bindings::cells::to_cell(&v)?);
        }
    }
    let names: Vec<String> = (0..width).map(|i| format!("x{i}")).collect();
    let columns = cells
        .iter()
        .map(|c| Column::infer(c).map_err(|e| value_error(e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let table = Table::new(names, columns).map_err(|e| value_error(e.to_string()))?;
    Ok(Frame::from_table(&table))
}

/// A frame as a table (numbers as doubles, categories as strings).
pub fn frame_table(frame: &Frame) -> Result<Table, PyErr> {
    let columns: Vec<Column> = frame
        .cols
        .iter()
        .map(|c| match c {
            Col::Num(v) => Column::floats(v.clone()),
            Col::Cat(v) => {
                let cells: Vec<Cell> = v
                    .iter()
                    .map(|s| s.clone().map_or(Cell::Null, Cell::Str))
                    .collect();
                Column::from_cells(DType::Str, &cells)
                    .unwrap_or_else(|_| Column::nulls(DType::Str, v.len()))
            }
        })
        .collect();
    Table::new(frame.names.clone(), columns).map_err(|e| value_error(e.to_string()))
}

/// A frame as a pandas DataFrame, keeping `like`'s index when it is a DataFrame of as many rows.
pub fn frame_value(frame: &Frame, like: &Value) -> Result<Value, PyErr> {
    let n = frame.num_rows();
    let table = frame_table(frame)?;
    let index = match like {
        Value::Object(o) => o
            .as_any()
            .downcast_ref::<PandasFrame>()
            .map(|f| f.0.borrow().index.clone())
            .filter(|i| i.len() == n),
        _ => None,
    };
    Ok(PandasFrame::value(table, index))
}

/// `y` as JSON labels (a Series, a list, or a one-column DataFrame).
pub fn labels_arg(y: &Value) -> Result<Vec<serde_json::Value>, PyErr> {
    if let Value::Object(o) = y {
        if let Some(s) = o.as_any().downcast_ref::<SeriesObj>() {
            return (0..s.values.len())
                .map(|i| to_json(&to_value(&s.values.get(i))))
                .collect();
        }
        if let Some(f) = o.as_any().downcast_ref::<PandasFrame>() {
            let t = f.table();
            if t.num_columns() == 1 {
                let c = t.column_at(0);
                return (0..c.len())
                    .map(|i| to_json(&to_value(&c.get(i))))
                    .collect();
            }
            return Err(value_error(
                "y should be a 1d array: pass a Series (df['label']), not a DataFrame",
            ));
        }
    }
    let items = y.iter_items().ok_or_else(|| {
        type_error(format!(
            "y must be a pandas Series or a list, got {}",
            y.type_name()
        ))
    })?;
    items.iter().map(to_json).collect()
}

/// `sample_weight` as numbers.
pub fn weights_arg(w: &Value) -> Result<Vec<f64>, PyErr> {
    labels_arg(w)?
        .iter()
        .map(|v| {
            v.as_f64()
                .ok_or_else(|| value_error("sample_weight must hold numbers"))
        })
        .collect()
}

/// Labels back as a pandas-free list.
pub fn labels_value(values: &[serde_json::Value]) -> Value {
    Value::list(
        values
            .iter()
            .map(crate::notebook::modules::from_json)
            .collect(),
    )
}

//! Table values and Python values, both ways, and the displays DataFrames share.

use crate::notebook::bindings::datetime::{DateObj, Kind};
use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::output::Display;
use crate::notebook::value::Value;
use crate::table::{Cell, Column, DType, Table, TableError, DAY_MS};

/// Rows kept in a display, paged under the cell (the rest are counted).
pub const SHOWN_ROWS: usize = 1000;

/// A Python value as a table value (`None` is null; `datetime`/`date` become timestamps and
/// dates). Lists, dicts and other objects cannot sit in a Lakelab column.
pub fn to_cell(v: &Value) -> Result<Cell, PyErr> {
    Ok(match v {
        Value::None => Cell::Null,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Int(i) => Cell::Int(*i),
        Value::Float(f) => Cell::Float(*f),
        Value::Str(s) => Cell::Str(s.to_string()),
        Value::Object(o) => match o.as_any().downcast_ref::<DateObj>() {
            Some(d) => match d.kind {
                Kind::Date => Cell::Date(d.ms.div_euclid(DAY_MS) as i32),
                Kind::DateTime => Cell::Timestamp(d.ms),
            },
            None => match crate::notebook::bindings::spark_ml::linalg::vector_row_of(v) {
                Some(x) => Cell::Vector(x),
                None => return Err(unsupported(v)),
            },
        },
        // A list of numbers is an `array<double>` (Lakelab's arrays hold doubles only).
        Value::List(l) => Cell::Array(
            l.borrow()
                .iter()
                .map(Value::as_f64)
                .collect::<Option<Vec<f64>>>()
                .ok_or_else(|| unsupported(v))?,
        ),
        other => return Err(unsupported(other)),
    })
}

fn unsupported(v: &Value) -> PyErr {
    type_error(format!(
        "a table column cannot hold a value of type {} in Lakelab (columns hold numbers, \
         strings, booleans, dates, timestamps, Spark ML vectors, lists of numbers and nulls)",
        v.type_name()
    ))
}

/// A table value as a Python value (null is `None`).
pub fn to_value(c: &Cell) -> Value {
    match c {
        Cell::Null => Value::None,
        Cell::Int(i) => Value::Int(*i),
        Cell::Float(f) => Value::Float(*f),
        Cell::Str(s) => Value::str(s.as_str()),
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Date(d) => Value::object(DateObj {
            ms: *d as i64 * DAY_MS,
            kind: Kind::Date,
        }),
        Cell::Timestamp(ms) => Value::object(DateObj {
            ms: *ms,
            kind: Kind::DateTime,
        }),
        Cell::Vector(v) => crate::notebook::bindings::spark_ml::linalg::vector_row_value(v.clone()),
        Cell::Array(v) => Value::list(v.iter().map(|x| Value::Float(*x)).collect()),
    }
}

/// A value as pandas hands it out: a missing number is `nan`, and an integer column with
/// missing values holds floats (pandas turns it into `float64`).
pub fn to_pandas_value(col: &Column, i: usize) -> Value {
    let has_nulls = col.valid.is_some();
    match col.get(i) {
        Cell::Null if col.dtype().is_numeric() => Value::Float(f64::NAN),
        Cell::Int(v) if has_nulls => Value::Float(v as f64),
        other => to_value(&other),
    }
}

/// A column as pandas holds it: integers with gaps become floats (`float64`, NaN for the gaps).
pub fn pandas_column(col: Column) -> Column {
    if col.dtype() == DType::Int && col.valid.is_some() {
        col.cast(DType::Float)
    } else {
        col
    }
}

/// A table with every column as pandas holds it.
pub fn pandas_table(t: Table) -> Table {
    if !t
        .columns()
        .iter()
        .any(|c| c.dtype() == DType::Int && c.valid.is_some())
    {
        return t;
    }
    let columns = t.columns().iter().cloned().map(pandas_column).collect();
    Table::new(t.names().to_vec(), columns).unwrap_or(t)
}

/// The texts pandas prints for some rows of a column: floats share one number of decimals
/// (as many as the most precise value needs, at most 6, at least 1), as pandas pads them.
pub fn pandas_texts(col: &Column, rows: &[usize]) -> Vec<String> {
    if col.dtype() != DType::Float {
        return rows.iter().map(|&i| pandas_text(col, i)).collect();
    }
    let decimals = rows
        .iter()
        .filter_map(|&i| col.f64_at(i))
        .filter(|f| f.is_finite())
        .map(|f| {
            let r = crate::table::float_text(f);
            if r.contains('e') {
                6
            } else {
                r.split_once('.').map_or(0, |(_, d)| d.len()).min(6)
            }
        })
        .max()
        .unwrap_or(1)
        .max(1);
    rows.iter()
        .map(|&i| match col.f64_at(i) {
            Some(f) if f.is_finite() => format!("{f:.decimals$}"),
            Some(f) if f.is_nan() => "NaN".into(),
            Some(f) if f > 0.0 => "inf".into(),
            Some(_) => "-inf".into(),
            None => "NaN".into(),
        })
        .collect()
}

/// A column's values as Python values, pandas style.
pub fn pandas_values(col: &Column) -> Vec<Value> {
    (0..col.len()).map(|i| to_pandas_value(col, i)).collect()
}

/// A cell as a Spark display shows it (`null` for null).
pub fn spark_text(c: &Cell) -> String {
    match c {
        Cell::Null => "null".into(),
        other => other.text(),
    }
}

/// A cell as pandas prints it (`NaN` for a missing number, `None` for a missing object,
/// `True`/`False`, floats in an int column with gaps).
pub fn pandas_text(col: &Column, i: usize) -> String {
    match col.get(i) {
        Cell::Null if col.dtype().is_numeric() => "NaN".into(),
        Cell::Null if col.dtype() == DType::Timestamp => "NaT".into(),
        Cell::Null => "None".into(),
        Cell::Float(f) if f.is_nan() => "NaN".into(),
        Cell::Int(v) if col.valid.is_some() => crate::table::float_text(v as f64),
        Cell::Bool(b) => if b { "True" } else { "False" }.into(),
        other => other.text(),
    }
}

/// A table (with an optional index column shown first) as a paged display.
pub fn table_display(
    table: &Table,
    index: Option<(&str, &[String])>,
    text: impl Fn(&Column, usize) -> String,
) -> Display {
    let mut columns: Vec<String> = Vec::new();
    if let Some((name, _)) = index {
        columns.push(name.to_string());
    }
    columns.extend(table.names().iter().cloned());
    let shown = table.num_rows().min(SHOWN_ROWS);
    let rows = (0..shown)
        .map(|i| {
            let mut row: Vec<String> = Vec::with_capacity(columns.len());
            if let Some((_, labels)) = index {
                row.push(labels.get(i).cloned().unwrap_or_default());
            }
            row.extend(table.columns().iter().map(|c| text(c, i)));
            row
        })
        .collect();
    Display::Table {
        columns,
        rows,
        total_rows: table.num_rows(),
    }
}

/// A list (or tuple) of Python values as a column (type inferred).
pub fn column_from_values(values: &[Value]) -> Result<Column, PyErr> {
    let cells = values.iter().map(to_cell).collect::<Result<Vec<_>, _>>()?;
    Column::infer(&cells).map_err(|e| PyErr::new(ExcType::TypeError, e.to_string()))
}

/// A table error worded as pandas words it (`KeyError: 'x'` for a missing column).
pub fn pandas_error(e: TableError) -> PyErr {
    match e {
        TableError::NoColumn { name, .. } => PyErr::new(ExcType::KeyError, format!("'{name}'")),
        TableError::Type(m) => PyErr::new(ExcType::TypeError, m),
        TableError::Csv { .. } => PyErr::new(ExcType::ValueError, e.to_string()),
        other => PyErr::new(ExcType::ValueError, other.to_string()),
    }
}

/// A table error worded as Spark words it: an `AnalysisException` with its error class.
pub fn spark_error(e: TableError) -> PyErr {
    let message = match &e {
        TableError::NoColumn { name, available } => format!(
            "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `{name}` \
             cannot be resolved. Did you mean one of the following? [{}].",
            available
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        TableError::Ambiguous(name) => format!(
            "[AMBIGUOUS_REFERENCE] Reference `{name}` is ambiguous, could be: more than one \
             column of that name (rename one side before or after the join)."
        ),
        TableError::Type(m) => format!("[DATATYPE_MISMATCH] {m}"),
        TableError::Csv { .. } => format!("[MALFORMED_RECORD_IN_PARSING] {e}"),
        TableError::Invalid(m) => m.clone(),
        TableError::Job(m) => {
            return PyErr::new(
                ExcType::Exception,
                format!("org.apache.spark.SparkException: {m}"),
            )
        }
    };
    PyErr::new(ExcType::AnalysisException, message)
}

/// A split-orientation frame (what `search_runs_frame` builds) as a table: each column's type
/// inferred; UTC time texts (`…+00:00`) become timestamps; a column mixing types becomes text.
pub fn table_from_split(frame: &crate::frame::SplitFrame) -> Table {
    let columns = (0..frame.columns.len())
        .map(|c| {
            let cells: Vec<Cell> = frame
                .data
                .iter()
                .map(|row| match row.get(c).unwrap_or(&serde_json::Value::Null) {
                    serde_json::Value::Null => Cell::Null,
                    serde_json::Value::Bool(b) => Cell::Bool(*b),
                    serde_json::Value::Number(n) => match n.as_i64() {
                        Some(i) => Cell::Int(i),
                        None => Cell::Float(n.as_f64().unwrap_or(f64::NAN)),
                    },
                    serde_json::Value::String(s) => match s.strip_suffix("+00:00") {
                        Some(t) => crate::table::csv::parse_timestamp(t)
                            .map_or_else(|| Cell::Str(s.clone()), Cell::Timestamp),
                        None => Cell::Str(s.clone()),
                    },
                    // A list of numbers is a Spark ML vector (a pyfunc input for a model
                    // whose features are already assembled).
                    serde_json::Value::Array(a) if a.iter().all(serde_json::Value::is_number) => {
                        Cell::Vector(crate::table::Vector::dense(
                            a.iter().filter_map(serde_json::Value::as_f64).collect(),
                        ))
                    }
                    other => Cell::Str(other.to_string()),
                })
                .collect();
            Column::infer(&cells)
                .unwrap_or_else(|_| Column::strings(cells.iter().map(Cell::text).collect()))
        })
        .collect();
    Table::new(frame.columns.clone(), columns).unwrap_or_default()
}

/// `ascending=` of a sort: one flag for every key, or a list of flags (checked by the caller
/// against the number of keys). Absent means ascending.
pub fn ascending_flags(v: Option<&Value>, keys: usize) -> Vec<bool> {
    match v {
        None => vec![true; keys],
        Some(v @ (Value::List(_) | Value::Tuple(_))) => v
            .iter_items()
            .unwrap_or_default()
            .iter()
            .map(Value::truthy)
            .collect(),
        Some(v) => vec![v.truthy(); keys],
    }
}

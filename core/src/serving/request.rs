//! An invocation request (`POST /serving-endpoints/<name>/invocations`): one of MLflow's
//! four input formats, plus optional `params` and `client_request_id`, read into a table.
//! Unreadable requests get the MLflow scoring server's `BAD_REQUEST` messages.
//!
//! One difference: when the body is not JSON, the parser's own description of the fault
//! (inside `JSONDecodeError(...)`) is serde_json's wording, not Python's.

use serde_json::Value;

use super::error::ServingError;
use super::ordered::Json;
use crate::frame::SplitFrame;

/// The formats, in the order the messages list them (Python prints a set, whose order varies
/// between server processes; Lakelab fixes one).
pub const FORMATS: [&str; 4] = [
    "dataframe_split",
    "dataframe_records",
    "instances",
    "inputs",
];

const PROTOCOL: &str = "IMPORTANT: The MLflow Model scoring protocol has changed in MLflow version 2.0. If you are seeing this error, you are likely using an outdated scoring request format. To resolve the error, either update your request format or adjust your MLflow Model's requirements file to specify an older version of MLflow (for example, change the 'mlflow' requirement specifier to 'mlflow==1.30.0'). If you are making a request using the MLflow client (e.g. via `mlflow.pyfunc.spark_udf()`), upgrade your MLflow client to a version >= 2.0 in order to use the new request format. For more information about the updated MLflow Model scoring protocol in MLflow 2.0, see https://mlflow.org/docs/latest/models.html#deploy-mlflow-models.";

/// `The input must be a JSON dictionary with exactly one of the input fields {...}`.
pub fn required_format() -> String {
    let set: Vec<String> = FORMATS.iter().map(|f| format!("'{f}'")).collect();
    format!(
        "The input must be a JSON dictionary with exactly one of the input fields {{{}}}",
        set.join(", ")
    )
}

/// A readable request.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    /// Which of [`FORMATS`] it used.
    pub format: &'static str,
    pub input: SplitFrame,
    pub params: Option<Value>,
    pub client_request_id: Option<String>,
}

fn py_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        _ => "<class 'str'>",
    }
}

/// Reads a request body.
pub fn parse(body: &str) -> Result<Invocation, ServingError> {
    let decoded: Json = serde_json::from_str(body).map_err(|e| {
        ServingError::bad_request(format!(
            "Invalid input. Ensure that input is a valid JSON formatted string. Error: 'JSONDecodeError('{e}')'\nInput: \n{body}\n"
        ))
    })?;
    let entries = match &decoded {
        Json::Object(entries) => entries,
        Json::Array(_) => {
            return Err(ServingError::bad_request(format!(
                "Invalid input. {}. Received a list.",
                required_format()
            )))
        }
        Json::Leaf(other) => {
            return Err(ServingError::bad_request(format!(
                "Invalid input. {}. Received unexpected input type '{}.",
                required_format(),
                py_type(other)
            )))
        }
    };
    let found: Vec<(&'static str, &Json)> = entries
        .iter()
        .filter_map(|(k, v)| FORMATS.iter().find(|f| *f == k).map(|f| (*f, v)))
        .collect();
    let [(format, value)] = found.as_slice() else {
        let listed: Vec<String> = found.iter().map(|(f, _)| format!("'{f}'")).collect();
        return Err(ServingError::bad_request(format!(
            "{}. Received dictionary with input fields: [{}]. {PROTOCOL}",
            required_format(),
            listed.join(", ")
        )));
    };
    let input = match *format {
        "dataframe_split" => split(value)?,
        "dataframe_records" => records(value)?,
        _ => tf_serving(value, format)?,
    };
    let client_request_id = match decoded.get("client_request_id").map(Json::to_value) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    };
    Ok(Invocation {
        format,
        input,
        params: decoded.get("params").map(Json::to_value),
        client_request_id,
    })
}

fn numbered(n: usize) -> Vec<String> {
    (0..n).map(|i| i.to_string()).collect()
}

/// A row: a list's cells, or a scalar as a one-cell row.
fn cells(row: &Json) -> Vec<Value> {
    match row {
        Json::Array(items) => items.iter().map(Json::to_value).collect(),
        other => vec![other.to_value()],
    }
}

/// Rows of lists as a table with numbered columns (or `columns`).
fn from_lists(
    rows: &[Json],
    columns: Option<Vec<String>>,
    what: &str,
) -> Result<SplitFrame, ServingError> {
    let data: Vec<Vec<Value>> = rows.iter().map(cells).collect();
    let width = data.iter().map(Vec::len).max().unwrap_or(0);
    let frame = SplitFrame {
        columns: columns.unwrap_or_else(|| numbered(width)),
        data,
    };
    frame
        .validate()
        .map_err(|e| ServingError::bad_request(format!("{what}: {e}")))?;
    Ok(frame)
}

/// `{"columns": [...], "data": [[...], ...], "index": [...]}` (pandas `orient="split"`).
fn split(v: &Json) -> Result<SplitFrame, ServingError> {
    // The docs' curl example wraps the object in a list; read its one element.
    let v = match v {
        Json::Array(items) if items.len() == 1 => &items[0],
        other => other,
    };
    if !matches!(v, Json::Object(_)) {
        return Err(ServingError::bad_request(
            "dataframe_split must be an object with 'columns' and 'data' (pandas orient='split')",
        ));
    }
    let rows = match v.get("data") {
        Some(Json::Array(rows)) => rows.as_slice(),
        None => &[],
        Some(_) => {
            return Err(ServingError::bad_request(
                "dataframe_split.data must be a list of rows",
            ))
        }
    };
    let columns = match v.get("columns") {
        Some(Json::Array(c)) => Some(
            c.iter()
                .map(|x| match x.to_value() {
                    Value::String(s) => s,
                    other => other.to_string(),
                })
                .collect(),
        ),
        _ => None,
    };
    from_lists(rows, columns, "dataframe_split does not form a table")
}

/// Rows as objects: columns in order of first appearance; a missing key is null.
fn from_objects(rows: &[&[(String, Json)]]) -> SplitFrame {
    let mut columns: Vec<String> = Vec::new();
    for r in rows {
        for (k, _) in r.iter() {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let data = rows
        .iter()
        .map(|r| {
            columns
                .iter()
                .map(|c| {
                    r.iter()
                        .find(|(k, _)| k == c)
                        .map_or(Value::Null, |(_, v)| v.to_value())
                })
                .collect()
        })
        .collect();
    SplitFrame { columns, data }
}

/// Every item of a list as an object's entries, or `None`.
fn objects(items: &[Json]) -> Option<Vec<&[(String, Json)]>> {
    items
        .iter()
        .map(|r| match r {
            Json::Object(entries) => Some(entries.as_slice()),
            _ => None,
        })
        .collect()
}

/// `[{"col": value, ...}, ...]` (pandas `orient="records"`).
fn records(v: &Json) -> Result<SplitFrame, ServingError> {
    match v {
        Json::Array(items) => objects(items).map(|r| from_objects(&r)),
        _ => None,
    }
    .ok_or_else(|| {
        ServingError::bad_request(
            "dataframe_records must be a list of objects, one per row (pandas orient='records')",
        )
    })
}

/// `instances` (rows) and `inputs` (rows, or columns as `{"col": [...]}`), TF Serving's
/// formats: rows of objects are named columns, rows of lists unnamed ones, scalars one column.
fn tf_serving(v: &Json, format: &str) -> Result<SplitFrame, ServingError> {
    match v {
        Json::Object(cols) if format == "inputs" => {
            let columns: Vec<String> = cols.iter().map(|(k, _)| k.clone()).collect();
            let lists: Vec<Vec<Value>> = cols.iter().map(|(_, c)| cells(c)).collect();
            let n = lists.first().map_or(0, Vec::len);
            if lists.iter().any(|l| l.len() != n) {
                return Err(ServingError::bad_request(
                    "Failed to parse data as TF serving input. The length of values for each input/column name are not the same",
                ));
            }
            let data = (0..n)
                .map(|i| lists.iter().map(|l| l[i].clone()).collect())
                .collect();
            Ok(SplitFrame { columns, data })
        }
        Json::Array(items) => match objects(items) {
            Some(rows) if !rows.is_empty() => Ok(from_objects(&rows)),
            _ => from_lists(items, None, "Failed to parse data as TF serving input"),
        },
        _ => Err(ServingError::bad_request(format!(
            "Failed to parse data as TF serving input: '{format}' must be a list of rows{}",
            if format == "inputs" {
                " or an object of columns"
            } else {
                ""
            }
        ))),
    }
}

//! Converting Python values to the engines' argument types, with MLflow's messages.

use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::value::{Dict, Value};
use crate::tracking::ViewType;

/// A required string argument (`name` for messages).
pub fn string(v: &Value, func: &str, name: &str) -> Result<String, PyErr> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(type_error(format!(
            "{func}() argument '{name}' must be str, not {}",
            other.type_name()
        ))),
    }
}

pub fn opt_string(v: Option<&Value>, func: &str, name: &str) -> Result<Option<String>, PyErr> {
    v.map(|v| string(v, func, name)).transpose()
}

/// An id MLflow accepts as a string or a number (`experiment_id=1` works in MLflow too).
pub fn id(v: &Value, func: &str, name: &str) -> Result<String, PyErr> {
    match v {
        Value::Str(s) => Ok(s.to_string()),
        Value::Int(i) => Ok(i.to_string()),
        other => Err(type_error(format!(
            "{func}() argument '{name}' must be str, not {}",
            other.type_name()
        ))),
    }
}

/// A list of ids (a single id is accepted too, as MLflow does for `experiment_ids`).
pub fn ids(v: &Value, func: &str, name: &str) -> Result<Vec<String>, PyErr> {
    match v {
        Value::List(_) | Value::Tuple(_) => v
            .iter_items()
            .unwrap_or_default()
            .iter()
            .map(|x| id(x, func, name))
            .collect(),
        single => Ok(vec![id(single, func, name)?]),
    }
}

/// A list of strings (`order_by`).
pub fn strings(v: &Value, func: &str, name: &str) -> Result<Vec<String>, PyErr> {
    match v {
        Value::List(_) | Value::Tuple(_) => v
            .iter_items()
            .unwrap_or_default()
            .iter()
            .map(|x| string(x, func, name))
            .collect(),
        other => Err(type_error(format!(
            "{func}() argument '{name}' must be a list of str, not {}",
            other.type_name()
        ))),
    }
}

/// `str(value)`, which is how MLflow stores params and tags.
pub fn text(v: &Value) -> String {
    v.to_str()
}

/// A `dict` of tags or params as pairs of strings.
pub fn string_pairs(v: &Value, func: &str, name: &str) -> Result<Vec<(String, String)>, PyErr> {
    match v {
        Value::None => Ok(Vec::new()),
        Value::Dict(d) => Ok(d.borrow().iter().map(|(k, v)| (text(k), text(v))).collect()),
        other => Err(type_error(format!(
            "{func}() argument '{name}' must be a dict, not {}",
            other.type_name()
        ))),
    }
}

/// A metric value: any number (bools count, as `numbers.Number`), else MLflow's message.
pub fn metric_value(v: &Value, key: &str, timestamp: i64) -> Result<f64, PyErr> {
    v.as_f64().ok_or_else(|| {
        PyErr::new(
            ExcType::MlflowException("INVALID_PARAMETER_VALUE".into()),
            format!(
                "Got invalid value {} for metric '{key}' (timestamp={timestamp}). Please \
                 specify value as a valid double (64-bit floating point)",
                v.to_str()
            ),
        )
    })
}

/// An integer argument such as `step` or `timestamp`, with MLflow's messages
/// (`_validate_metric`).
pub fn metric_int(v: &Value, what: &str, key: &str, value: &Value) -> Result<i64, PyErr> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(i64::from(*b)),
        other => {
            let rule = if what == "step" {
                "Step must be a valid long (64-bit integer)."
            } else {
                "Timestamp must be a nonnegative long (64-bit integer) "
            };
            Err(PyErr::new(
                ExcType::MlflowException("INVALID_PARAMETER_VALUE".into()),
                format!(
                    "Got invalid {what} {} for metric '{key}' (value={}). {rule}",
                    other.to_str(),
                    value.to_str()
                ),
            ))
        }
    }
}

/// `ViewType.ACTIVE_ONLY` (1), `DELETED_ONLY` (2), `ALL` (3).
pub fn view_type(v: Option<&Value>) -> Result<ViewType, PyErr> {
    Ok(match v.and_then(Value::as_int) {
        None | Some(1) => ViewType::ActiveOnly,
        Some(2) => ViewType::DeletedOnly,
        Some(3) => ViewType::All,
        Some(other) => {
            return Err(PyErr::new(
                ExcType::MlflowException("INVALID_PARAMETER_VALUE".into()),
                format!("Invalid ViewType value {other}"),
            ))
        }
    })
}

/// The common arguments of `search_runs` (both `mlflow.` and the client's) as a query.
pub fn run_query(
    b: &crate::notebook::call::Bound,
    func: &str,
    experiment_ids: Vec<String>,
    default_max: usize,
) -> Result<crate::tracking::RunQuery, PyErr> {
    Ok(crate::tracking::RunQuery {
        experiment_ids,
        filter_string: b
            .get("filter_string")
            .map(Value::to_str)
            .unwrap_or_default(),
        run_view_type: view_type(b.get("run_view_type"))?,
        max_results: b
            .get("max_results")
            .and_then(Value::as_int)
            .map_or(default_max, |n| n.max(0) as usize),
        order_by: match b.get("order_by") {
            Some(v) => strings(v, func, "order_by")?,
            None => Vec::new(),
        },
        page_token: opt_string(b.get("page_token"), func, "page_token")?,
    })
}

/// A dict of strings.
pub fn string_dict<'a>(pairs: impl IntoIterator<Item = (&'a String, &'a String)>) -> Value {
    Value::dict(Dict::from_pairs(
        pairs
            .into_iter()
            .map(|(k, v)| (k.as_str(), Value::str(v.as_str()))),
    ))
}

/// `int` or `None`.
pub fn opt_int(v: Option<i64>) -> Value {
    v.map_or(Value::None, Value::Int)
}

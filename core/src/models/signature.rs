//! MLflow model signatures (column-based): what a model takes and returns.
//!
//! In `MLmodel` each side is a JSON *string* of column specs, e.g.
//! `inputs: '[{"type": "double", "name": "age", "required": true}]'`, as MLflow writes it.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::ModelInput;

/// One column: MLflow's `ColSpec(type, name, required)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ColSpec {
    #[serde(rename = "type")]
    pub col_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default = "yes")]
    pub required: bool,
}

crate::flat_de::map_only!(ColSpec);

fn yes() -> bool {
    true
}

/// `ModelSignature(inputs, outputs)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Signature {
    pub inputs: Vec<ColSpec>,
    #[serde(default)]
    pub outputs: Vec<ColSpec>,
}

crate::flat_de::map_only!(Signature);

/// MLflow's type name for a JSON value (`None` for null).
pub fn type_of(value: &Value) -> Option<&'static str> {
    match value {
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("long"),
        Value::Number(_) => Some("double"),
        Value::String(_) => Some("string"),
        Value::Null => None,
        Value::Array(_) | Value::Object(_) => Some("string"),
    }
}

/// The type of a column: its first non-null value's; `long` widens to `double` when both
/// occur (pandas would hold such a column as float64).
fn column_type<'a>(values: impl Iterator<Item = &'a Value>) -> String {
    let mut found: Option<&str> = None;
    for t in values.filter_map(type_of) {
        found = match (found, t) {
            (None, t) => Some(t),
            (Some("long"), "double") | (Some("double"), "long") => Some("double"),
            (Some(f), _) => Some(f),
        };
    }
    found.unwrap_or("string").to_string()
}

impl Signature {
    /// `infer_signature(model_input, model_output)`.
    pub fn infer(input: &ModelInput, output: Option<&[Value]>) -> Self {
        let inputs = input
            .columns
            .iter()
            .enumerate()
            .map(|(i, name)| ColSpec {
                col_type: column_type(input.data.iter().filter_map(|r| r.get(i))),
                name: Some(name.clone()),
                required: true,
            })
            .collect();
        let outputs = output
            .map(|values| {
                vec![ColSpec {
                    col_type: column_type(values.iter()),
                    name: None,
                    required: true,
                }]
            })
            .unwrap_or_default();
        Self { inputs, outputs }
    }

    /// Schema enforcement before `predict`: every required input column must be present.
    /// The message is MLflow's.
    pub fn check(&self, input: &ModelInput) -> Result<(), String> {
        let missing: Vec<&str> = self
            .inputs
            .iter()
            .filter(|c| c.required)
            .filter_map(|c| c.name.as_deref())
            .filter(|n| input.column(n).is_none())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        let extra: Vec<&str> = input
            .columns
            .iter()
            .map(String::as_str)
            .filter(|c| !self.inputs.iter().any(|s| s.name.as_deref() == Some(*c)))
            .collect();
        let mut message = format!("Model is missing inputs {}.", py_list(&missing));
        if !extra.is_empty() {
            message.push_str(&format!(
                " Note that there were extra inputs: {}",
                py_list(&extra)
            ));
        }
        Err(message)
    }

    /// The `signature` block of `MLmodel`: each side as a JSON string.
    pub fn to_mlmodel(&self) -> Value {
        let side = |cols: &[ColSpec]| -> Value {
            if cols.is_empty() {
                Value::Null
            } else {
                Value::String(serde_json::to_string(cols).unwrap_or_default())
            }
        };
        serde_json::json!({
            "inputs": side(&self.inputs),
            "outputs": side(&self.outputs),
            "params": Value::Null,
        })
    }
}

/// A Python list literal of strings: `['a', 'b']`.
fn py_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("'{s}'")).collect();
    format!("[{}]", quoted.join(", "))
}

//! Example invocation bodies for the Serving page's query panel: the same rows written in
//! each of MLflow's four request formats, so a learner sees how the formats differ. Rows come
//! from the model's input example when it has one, else one row of placeholders built from
//! its signature. Written by hand (not through `serde_json::Value`) to keep the columns in
//! the signature's order.

use serde_json::{json, Value};

use crate::frame::SplitFrame;
use crate::models::Signature;

/// One row with a plausible value per signature column (unnamed columns are numbered).
pub fn placeholder_frame(signature: &Signature) -> SplitFrame {
    let columns = signature
        .inputs
        .iter()
        .enumerate()
        .map(|(i, c)| c.name.clone().unwrap_or_else(|| i.to_string()))
        .collect();
    let row = signature
        .inputs
        .iter()
        .map(|c| match c.col_type.as_str() {
            "long" | "integer" => json!(1),
            "double" | "float" => json!(1.0),
            "boolean" => json!(true),
            "datetime" => json!("2024-01-01T00:00:00"),
            _ => json!("text"),
        })
        .collect();
    SplitFrame {
        columns,
        data: vec![row],
    }
}

fn text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(", "))
}

/// A row as a JSON object, keys in column order.
fn object(columns: &[String], row: &[Value]) -> String {
    let pairs: Vec<String> = columns
        .iter()
        .zip(row)
        .map(|(c, v)| format!("{}: {}", text(&json!(c)), text(v)))
        .collect();
    format!("{{{}}}", pairs.join(", "))
}

/// The body that sends `frame` in `format` (one of [`super::request::FORMATS`]); an unknown
/// format gets `dataframe_split`, the one the docs recommend.
pub fn example_body(format: &str, frame: &SplitFrame) -> String {
    let cols = &frame.columns;
    let rows = || frame.data.iter().map(|r| object(cols, r));
    match format {
        "dataframe_records" | "instances" => format!(
            "{{\n  \"{format}\": [\n    {}\n  ]\n}}",
            rows().collect::<Vec<_>>().join(",\n    ")
        ),
        "inputs" => {
            let columns: Vec<String> = cols
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let values = frame
                        .data
                        .iter()
                        .map(|r| r.get(i).map_or("null".into(), text));
                    format!("{}: {}", text(&json!(c)), list(values))
                })
                .collect();
            format!(
                "{{\n  \"inputs\": {{\n    {}\n  }}\n}}",
                columns.join(",\n    ")
            )
        }
        _ => format!(
            "{{\n  \"dataframe_split\": {{\n    \"columns\": {},\n    \"data\": {}\n  }}\n}}",
            list(cols.iter().map(|c| text(&json!(c)))),
            list(frame.data.iter().map(|r| list(r.iter().map(text)))),
        ),
    }
}

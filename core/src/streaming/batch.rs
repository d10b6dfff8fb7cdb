//! One micro-batch through the streaming table: the model scores the batch's feature
//! columns in one call (as a Spark UDF scores a partition), and the output rows are the
//! source rows plus `prediction`, `batch_id` and `processed_at`.

use crate::frame::{json_cell, SplitFrame};
use crate::table::{Cell, Column, DType, Table};
use crate::tracking::LoadedModel;

/// The columns a pipeline adds to the source's.
pub const PREDICTION: &str = "prediction";
pub const BATCH_ID: &str = "batch_id";
pub const PROCESSED_AT: &str = "processed_at";

/// The prediction column's type: the signature's first output (`long`, `string`, …), else
/// `double`, `spark_udf`'s default `result_type`.
pub fn prediction_dtype(model: &LoadedModel) -> DType {
    model
        .signature
        .as_ref()
        .and_then(|s| s.outputs.first())
        .and_then(|c| DType::parse(&c.col_type))
        .filter(|d| matches!(d, DType::Int | DType::Float | DType::Str | DType::Bool))
        .unwrap_or(DType::Float)
}

/// The output table's columns, empty: the source's, then the added ones.
pub fn output_schema(source: &Table, prediction: DType) -> Result<Table, String> {
    let mut names = source.names().to_vec();
    let mut columns: Vec<Column> = source
        .columns()
        .iter()
        .map(|c| Column::empty(c.dtype()))
        .collect();
    names.extend([PREDICTION, BATCH_ID, PROCESSED_AT].map(String::from));
    columns.extend([
        Column::empty(prediction),
        Column::empty(DType::Int),
        Column::empty(DType::Timestamp),
    ]);
    Table::new(names, columns).map_err(|e| e.to_string())
}

/// The model input: the feature columns of `rows`, in order.
pub fn model_input(rows: &Table, features: &[String]) -> Result<SplitFrame, String> {
    let positions = features
        .iter()
        .map(|f| rows.find(f, true).map_err(|e| e.to_string()))
        .collect::<Result<Vec<usize>, String>>()?;
    Ok(SplitFrame::from_table(&rows.select_positions(&positions)))
}

/// `rows` with the predictions and the batch columns appended.
pub fn output_rows(
    rows: &Table,
    predictions: &[serde_json::Value],
    dtype: DType,
    batch_id: u64,
    processed_at: i64,
) -> Result<Table, String> {
    if predictions.len() != rows.num_rows() {
        return Err(format!(
            "the model returned {} predictions for {} rows",
            predictions.len(),
            rows.num_rows()
        ));
    }
    let cells: Vec<Cell> = predictions.iter().map(json_cell).collect();
    let prediction = Column::infer(&cells)
        .map_err(|e| e.to_string())?
        .cast(dtype);
    let n = rows.num_rows();
    let id = i64::try_from(batch_id).unwrap_or(i64::MAX);
    let mut names = rows.names().to_vec();
    let mut columns = rows.columns().to_vec();
    names.extend([PREDICTION, BATCH_ID, PROCESSED_AT].map(String::from));
    columns.extend([
        prediction,
        Column::ints(vec![id; n]),
        Column::timestamps(vec![processed_at; n]),
    ]);
    Table::new(names, columns).map_err(|e| e.to_string())
}

//! `output_database=`: the best model's forecast as a new table, whose name the summary's
//! `output_table_name` gives.
//!
//! Lakelab's choices where the reference is silent (to verify against Databricks): the table
//! is `<output_database>.forecast_prediction_<first 8 characters of the best run's id>`; it
//! holds the next `horizon` steps of every series (no history) with the columns `time_col`,
//! the identity columns, `target_col` (the forecast), `<target_col>_lower` and
//! `<target_col>_upper` (the interval of the model's default width). `output_database` is a
//! Unity Catalog schema (`catalog.schema`) or a bare database name in `hive_metastore`, as a
//! two-part table name is in Spark. The table is written with the acting principal's
//! privileges (CREATE TABLE on the schema).

use std::collections::BTreeMap;

use super::model::ForecastModel;
use crate::catalog::Unity;

/// The schema `output_database` names, as `catalog.schema`.
pub fn schema_of(output_database: &str) -> Result<String, String> {
    let db = output_database.trim();
    match db.split('.').count() {
        1 if !db.is_empty() => Ok(format!("{}.{db}", crate::catalog::HIVE)),
        2 => Ok(db.to_string()),
        _ => Err(format!(
            "output_database '{output_database}' must be a schema, '<catalog>.<schema>' (or a database name in hive_metastore)"
        )),
    }
}

/// Writes the forecast table; returns its full name.
pub fn write_predictions(
    unity: &mut Unity,
    output_database: &str,
    run_id: &str,
    model: &ForecastModel,
    target_col: &str,
    now_ms: i64,
) -> Result<String, String> {
    let schema = schema_of(output_database)?;
    let suffix: String = run_id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    let full = format!("{schema}.forecast_prediction_{suffix}");
    let name = unity.table_name(&full).map_err(|e| e.message)?;
    let data = model.table(None, false, &model.time_col, target_col)?;
    unity
        .create_table(
            &name,
            data.head(0),
            &format!(
                "AutoML forecast of '{target_col}' ({} steps)",
                model.horizon
            ),
            now_ms,
        )
        .map_err(|e| e.message)?;
    let rows = data.num_rows() as i64;
    unity
        .commit_table(
            &name,
            data,
            "WRITE",
            BTreeMap::from([("mode".to_string(), "Overwrite".to_string())]),
            BTreeMap::from([("numOutputRows".to_string(), rows)]),
            now_ms,
        )
        .map_err(|e| e.message)?;
    Ok(name.to_string())
}

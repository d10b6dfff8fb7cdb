//! Model packaging and batch scoring: `fe.log_model(...)` records the training set's
//! feature spec with the model, and `fe.score_batch(...)` uses it to look features up.
//!
//! - `log_model` writes the model as MLflow does, plus `data/feature_store/feature_spec.yaml`
//!   (see [`crate::tracking::logged_models`] for the layout) and records lineage: every
//!   feature table the spec reads → the run (the registry adds run → model version).
//! - With only Unity Catalog tables, the signature is inferred from the training set's
//!   columns (inputs: every output column but the labels; output: the label), so the model can
//!   be registered in UC. With a `hive_metastore` table the client logs no signature and warns.
//! - `score_batch` joins like `load_df()` but lets a feature column already in `df` override
//!   the table ([`Join::Override`]), predicts with the raw model on the model's inputs, and
//!   appends `prediction`. Output columns: `df`'s, then the looked-up features not in `df`,
//!   then `prediction` (the client's order).
//!
//! Our choices where the client's behaviour is server-side or undocumented: the columns
//! `score_batch` requires are the training `df`'s columns minus labels and excluded columns,
//! plus every lookup key; a model without a feature spec is refused with our own message;
//! `feature_spec.yaml` follows the shape of the client's (`input_columns` with a `source`
//! each, `input_tables`) without its internal ids.

use serde_json::{json, Value};

use super::functions::OnDemand;
use super::training::{self, FeatureSpec, Join};
use super::{FsError, FsResult, HIVE_METASTORE};
use crate::catalog::lineage::Node;
use crate::catalog::Unity;
use crate::frame::SplitFrame;
use crate::models::{ColSpec, SavedModel, Signature};
use crate::table::{Cell, Column, DType, Table};
use crate::tracking::{FeaturePackaging, LoadedModel, ModelInfo, Tracking};

/// The column `score_batch` appends.
pub const PREDICTION: &str = "prediction";

/// MLflow's signature type for a column type.
fn mlflow_type(d: DType) -> &'static str {
    match d {
        DType::Int => "long",
        DType::Float => "double",
        DType::Str => "string",
        DType::Bool => "boolean",
        DType::Date | DType::Timestamp => "datetime",
        DType::Vector | DType::Array => "tensor",
    }
}

/// `feature_spec.yaml` for a spec.
pub fn spec_yaml(spec: &FeatureSpec) -> String {
    let mut columns: Vec<Value> = spec
        .input_columns
        .iter()
        .filter(|c| !spec.labels.contains(c))
        .map(|c| {
            json!({ c.as_str(): {
                "source": "training_data",
                "include": !spec.exclude_columns.contains(c),
            }})
        })
        .collect();
    for l in &spec.lookups {
        for (feature, output) in &l.features {
            let mut info = json!({
                "source": "feature_store",
                "table_name": l.table,
                "feature_name": feature,
                "lookup_key": l.lookup.lookup_key,
                "include": !spec.exclude_columns.contains(output),
            });
            if let Some(ts) = &l.lookup.timestamp_lookup_key {
                info["timestamp_lookup_key"] = json!([ts]);
            }
            if let Some(ms) = l.lookup.lookback_window_ms {
                info["lookback_window"] = json!(ms as f64 / 1000.0);
            }
            columns.push(json!({ output.as_str(): info }));
        }
    }
    let tables: Vec<Value> = spec
        .tables()
        .iter()
        .map(|t| json!({ "table_name": t }))
        .collect();
    crate::tracking::yaml::to_yaml(&json!({
        "input_columns": columns,
        "input_tables": tables,
        "input_functions": [],
        "serialization_version": 10,
    }))
}

/// The signature of a model trained on `training` (a `load_df()` result).
fn signature(training: &Table, labels: &[String]) -> Signature {
    let col = |name: &String, d: DType| ColSpec {
        col_type: mlflow_type(d).into(),
        name: Some(name.clone()),
        required: true,
    };
    let mut inputs = Vec::new();
    let mut outputs = Vec::new();
    for (name, c) in training.names().iter().zip(training.columns()) {
        if labels.contains(name) {
            outputs.push(ColSpec {
                name: None,
                ..col(name, c.dtype())
            });
        } else {
            inputs.push(col(name, c.dtype()));
        }
    }
    Signature { inputs, outputs }
}

/// What `fe.log_model` needs besides the model.
pub struct LogModel<'a> {
    pub run_id: &'a str,
    pub model: &'a SavedModel,
    pub artifact_path: &'a str,
    /// The training set's labels `df` and spec.
    pub training_df: &'a Table,
    pub spec: &'a FeatureSpec,
    pub now_ms: i64,
    /// Computes on-demand features (needed when the spec has any).
    pub on_demand: Option<OnDemand<'a>>,
}

/// `fe.log_model(model=, artifact_path=, flavor=, training_set=)`: the model info and the
/// client's warnings.
pub fn log_model(
    unity: &mut Unity,
    tracking: &mut Tracking,
    args: LogModel<'_>,
) -> FsResult<(ModelInfo, Vec<String>)> {
    let mut warnings = Vec::new();
    let tables = args.spec.tables();
    let signature = if tables
        .iter()
        .any(|t| t.starts_with(&format!("{HIVE_METASTORE}.")))
    {
        warnings.push("Model could not be logged with a signature because the training set uses feature tables in Hive Metastore. Migrate the feature tables to Unity Catalog for model to be logged with a signature. See https://docs.databricks.com/en/machine-learning/feature-store/uc/upgrade-feature-table-to-uc.html for more details.".into());
        None
    } else {
        let loaded = training::load_with(
            unity,
            args.training_df,
            args.spec,
            Join::Training,
            args.on_demand,
        )?;
        Some(signature(&loaded, &args.spec.labels))
    };
    let packaging = FeaturePackaging {
        spec: serde_json::to_value(args.spec)
            .map_err(|e| FsError::Value(format!("cannot save the feature spec: {e}")))?,
        spec_yaml: spec_yaml(args.spec),
    };
    let info = tracking.log_packaged_model(
        args.run_id,
        args.model,
        args.artifact_path,
        signature,
        None,
        Some(packaging),
        args.now_ms,
    )?;
    for t in tables {
        unity
            .lineage
            .record(Node::Table(t), Node::Run(args.run_id.to_string()));
    }
    Ok((info, warnings))
}

/// The feature spec a model was packaged with.
pub fn model_spec(model: &LoadedModel) -> FsResult<FeatureSpec> {
    let value = model.feature_spec.as_ref().ok_or_else(|| {
        FsError::Value(format!(
            "The model at '{}' was not logged with FeatureEngineeringClient.log_model, so it has no feature_spec.yaml to look features up with. Log it with fe.log_model(..., training_set=...), or score it with mlflow.pyfunc.load_model(...).predict(...).",
            model.model_uri
        ))
    })?;
    serde_json::from_value(value.clone())
        .map_err(|e| FsError::Value(format!("the model's feature spec cannot be read: {e}")))
}

/// `result_type` of `score_batch` (MLflow's `spark_udf`): the column type of `prediction`.
fn result_dtype(result_type: &str) -> FsResult<DType> {
    Ok(match result_type {
        "double" | "float" => DType::Float,
        "int" | "integer" | "long" => DType::Int,
        "string" => DType::Str,
        "boolean" | "bool" => DType::Bool,
        other => return Err(FsError::Value(format!(
            "Invalid result_type '{other}'. Result type can only be one of or an array of one of the following types: ['integer', 'long', 'float', 'double', 'string', 'boolean']"
        ))),
    })
}

/// One prediction as a cell of the result type (pandas' `astype` rules: a string must parse as
/// a number to become one).
fn prediction_cell(v: &Value, d: DType) -> FsResult<Cell> {
    let bad =
        |what: &str| FsError::Value(format!("could not convert {what} to {}", d.spark_name()));
    Ok(match (v, d) {
        (Value::Null, _) => Cell::Null,
        (Value::Number(n), DType::Float) => Cell::Float(n.as_f64().unwrap_or(f64::NAN)),
        (Value::Bool(b), DType::Float) => Cell::Float(f64::from(u8::from(*b))),
        (Value::String(s), DType::Float) => Cell::Float(
            s.trim()
                .parse()
                .map_err(|_| FsError::Value(format!("could not convert string to float: '{s}'")))?,
        ),
        (Value::Number(n), DType::Int) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Cell::Int(i),
            (None, Some(f)) => Cell::Int(f.trunc() as i64),
            _ => return Err(bad(&n.to_string())),
        },
        (Value::Bool(b), DType::Int) => Cell::Int(i64::from(*b)),
        (Value::String(s), DType::Int) => Cell::Int(s.trim().parse().map_err(|_| {
            FsError::Value(format!("invalid literal for int() with base 10: '{s}'"))
        })?),
        (Value::String(s), DType::Str) => Cell::Str(s.clone()),
        (other, DType::Str) => Cell::Str(other.to_string()),
        (Value::Bool(b), DType::Bool) => Cell::Bool(*b),
        (Value::Number(n), DType::Bool) => Cell::Bool(n.as_f64().is_some_and(|f| f != 0.0)),
        (other, _) => return Err(bad(&other.to_string())),
    })
}

/// The columns `score_batch` needs in `df`.
fn required_columns(spec: &FeatureSpec) -> Vec<String> {
    let mut req: Vec<String> = spec
        .input_columns
        .iter()
        .filter(|c| !spec.labels.contains(c) && !spec.exclude_columns.contains(c))
        .cloned()
        .collect();
    for l in &spec.lookups {
        for k in l
            .lookup
            .lookup_key
            .iter()
            .chain(&l.lookup.timestamp_lookup_key)
        {
            if !req.contains(k) {
                req.push(k.clone());
            }
        }
    }
    req
}

/// `fe.score_batch(model_uri=, df=, result_type="double")` with the model already loaded.
pub fn score_batch(
    unity: &mut Unity,
    model: &LoadedModel,
    df: &Table,
    result_type: &str,
    on_demand: Option<OnDemand<'_>>,
) -> FsResult<Table> {
    if df.find(PREDICTION, true).is_ok() {
        return Err(FsError::Value(format!(
            "FeatureStoreClient.score_batch returns a DataFrame with a new column \"{PREDICTION}\". df already has a column with name \"{PREDICTION}\"."
        )));
    }
    let names = df.names();
    let dups: Vec<String> = names
        .iter()
        .enumerate()
        .filter(|(i, n)| names[..*i].contains(n))
        .map(|(_, n)| n.clone())
        .collect();
    if !dups.is_empty() {
        return Err(FsError::Value(format!(
            "The provided DataFrame for scoring must have unique column names. Found duplicates {}.",
            training::pylist(&dups)
        )));
    }
    let dtype = result_dtype(result_type)?;
    let spec = model_spec(model)?;
    let missing: Vec<String> = required_columns(&spec)
        .into_iter()
        .filter(|c| df.find(c, true).is_err())
        .map(|c| format!("'{c}'"))
        .collect();
    if !missing.is_empty() {
        return Err(FsError::Value(format!(
            "DataFrame is missing required columns {}.",
            missing.join(", ")
        )));
    }
    let joined = training::load_with(
        unity,
        df,
        &FeatureSpec {
            exclude_columns: Vec::new(),
            ..spec.clone()
        },
        Join::Override,
        on_demand,
    )?;
    let inputs: Vec<String> = spec
        .input_columns
        .iter()
        .filter(|c| !spec.labels.contains(c))
        .chain(spec.feature_outputs().iter())
        .filter(|c| !spec.exclude_columns.contains(c))
        .cloned()
        .collect();
    let model_input = select(&joined, &inputs)?;
    let predictions = model
        .predict(&SplitFrame::from_table(&model_input))
        .map_err(|e| FsError::Value(e.message))?;
    let cells = predictions
        .iter()
        .map(|v| prediction_cell(v, dtype))
        .collect::<FsResult<Vec<Cell>>>()?;
    let prediction =
        Column::from_cells(dtype, &cells).map_err(|e| FsError::Value(e.to_string()))?;
    let mut out_names: Vec<String> = df.names().to_vec();
    for c in &inputs {
        if !out_names.contains(c) {
            out_names.push(c.clone());
        }
    }
    let mut out = select(&joined, &out_names)?;
    out = out
        .with_column(PREDICTION, prediction, true)
        .map_err(|e| FsError::Value(e.to_string()))?;
    Ok(out)
}

/// The named columns of a table, in that order.
fn select(t: &Table, names: &[String]) -> FsResult<Table> {
    let columns = names
        .iter()
        .map(|n| t.column(n, true).cloned())
        .collect::<Result<Vec<Column>, _>>()
        .map_err(|e| FsError::Value(e.to_string()))?;
    Table::new(names.to_vec(), columns).map_err(|e| FsError::Value(e.to_string()))
}

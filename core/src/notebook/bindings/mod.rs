//! Where Python names map to engine calls: the single place later capabilities extend
//! (feature store, AutoML, registry, serving each add a module here).

pub mod artifacts;
pub mod automl;
pub mod cells;
pub mod client;
pub mod convert;
pub mod datasets;
pub mod datetime;
pub mod dbutils;
pub mod dlt;
pub mod entities;
pub mod feature_functions;
pub mod features;
pub mod files;
pub mod hyperopt;
pub mod mlflow;
pub mod models;
pub mod online;
pub mod pandas;
pub mod pyfunc;
pub mod pyplot;
pub mod registry;
pub mod serving;
pub mod sklearn;
pub mod spark;
pub mod spark_ml;

use super::error::ExcType;
use super::interp::Interp;
use super::modules::module;
use super::value::Value;

/// `mlflow.tracking` (and `mlflow.client`): the client class.
pub fn tracking_module() -> Value {
    module(
        "mlflow.tracking",
        vec![(
            "MlflowClient",
            Value::Native("MlflowClient", client::new_client),
        )],
    )
}

/// `mlflow.entities`: `ViewType` and the entity constructors `log_batch` takes.
pub fn entities_module() -> Value {
    module(
        "mlflow.entities",
        vec![
            (
                "ViewType",
                module(
                    "ViewType",
                    vec![
                        ("ACTIVE_ONLY", Value::Int(1)),
                        ("DELETED_ONLY", Value::Int(2)),
                        ("ALL", Value::Int(3)),
                    ],
                ),
            ),
            ("Metric", Value::Native("Metric", entities::metric_ctor)),
            ("Param", Value::Native("Param", entities::param_ctor)),
            ("RunTag", Value::Native("RunTag", entities::run_tag_ctor)),
        ],
    )
}

/// The modules bound here, by import name.
pub fn import(_interp: &mut Interp, name: &str) -> Option<Value> {
    if let Some(m) = spark::import(name) {
        return Some(m);
    }
    if let Some(m) = spark_ml::import(name) {
        return Some(m);
    }
    if let Some(m) = features::import(name) {
        return Some(m);
    }
    if let Some(m) = hyperopt::import(name) {
        return Some(m);
    }
    if let Some(m) = sklearn::import(name) {
        return Some(m);
    }
    if let Some(m) = serving::import(name) {
        return Some(m);
    }
    if let Some(m) = dlt::import(name) {
        return Some(m);
    }
    Some(match name {
        "databricks.automl" => automl::module_value(),
        // `from databricks import automl` / `import databricks.automl` need the package.
        "databricks" => module(
            "databricks",
            vec![
                ("automl", automl::module_value()),
                (
                    "feature_engineering",
                    features::import("databricks.feature_engineering").unwrap_or(Value::None),
                ),
                (
                    "feature_store",
                    features::import("databricks.feature_store").unwrap_or(Value::None),
                ),
                ("sdk", serving::sdk::module_value()),
            ],
        ),
        "pandas" => pandas::module_value(),
        "mlflow" => mlflow::module_value(),
        "mlflow.tracking" | "mlflow.client" | "mlflow.tracking.client" => tracking_module(),
        "mlflow.entities" => entities_module(),
        "mlflow.artifacts" => artifacts::module_value(),
        "mlflow.sklearn" => models::sklearn_module(),
        "mlflow.spark" => models::spark_module(),
        "mlflow.pyfunc" => models::pyfunc_module(),
        "mlflow.models" => models::models_module(),
        "mlflow.data" => datasets::module_value(),
        "datetime" => datetime::module_value(),
        "matplotlib" => pyplot::matplotlib_module(),
        "matplotlib.pyplot" => pyplot::pyplot_module(),
        "os" => files::os_module(),
        "os.path" => match files::os_module() {
            Value::Module(m) => m.attrs.get("path").cloned().unwrap_or(Value::None),
            other => other,
        },
        "mlflow.exceptions" => module(
            "mlflow.exceptions",
            vec![(
                "MlflowException",
                Value::ExcClass(ExcType::MlflowException(String::new())),
            )],
        ),
        _ => return None,
    })
}

/// The attribute `name` of an entity shown as a list of named fields.
pub fn field(fields: Vec<(&'static str, Value)>, name: &str) -> Option<Value> {
    fields.into_iter().find(|(k, _)| *k == name).map(|(_, v)| v)
}

/// `a=1, b='x'`: an entity's fields as its repr lists them.
pub fn fields_repr(fields: &[(&'static str, Value)]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{k}={}", v.repr()))
        .collect();
    parts.join(", ")
}

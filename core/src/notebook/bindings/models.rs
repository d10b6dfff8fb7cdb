//! Models in cells: `mlflow.sklearn.log_model` / `load_model`, `mlflow.pyfunc.load_model`,
//! `mlflow.models.infer_signature`, and the objects they pass around (a trained model, a
//! pyfunc model that enforces its signature, `ModelInfo`, `ModelSignature`).
//!
//! Trained models come from Lakelab's training (AutoML and the model-development tools); a
//! model object is any [`SavedModel`]. Predictions come back as a list (scikit-learn and
//! pyfunc return a numpy array, which Lakelab does not have).
//! `registered_model_name=` registers the logged model (MLflow logs first, then registers);
//! `models:/` URIs load through the registry in use.

use std::any::Any;
use std::rc::Rc;

use super::cells::to_value;
use super::client::to_json;
use super::pandas::frame::PandasFrame;
use crate::frame::SplitFrame;
use crate::models::{ModelInput, Predict, SavedModel, Signature};
use crate::notebook::call::Sig;
use crate::notebook::error::{not_implemented, type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::{from_json, module};
use crate::notebook::value::{Args, Object, Value};
use crate::table::Cell;
use crate::tracking::{LoadedModel, ModelInfo};

/// A trained model (`type(model).__name__` is its estimator class).
#[derive(Debug, Clone)]
pub struct ModelObj(pub SavedModel);

/// What `mlflow.pyfunc.load_model` returns: `predict` checks the signature first.
#[derive(Debug)]
struct PyFuncObj(LoadedModel);

/// `mlflow.models.ModelSignature`.
#[derive(Debug, Clone)]
pub struct SignatureObj(pub Signature);

/// `mlflow.models.model.ModelInfo`.
#[derive(Debug)]
pub struct ModelInfoObj(pub ModelInfo);

/// Model input as MLflow takes it: a pandas DataFrame, a dict of columns, or a list of
/// records (dicts).
pub fn model_input(v: &Value, func: &str) -> Result<ModelInput, PyErr> {
    if let Value::Object(o) = v {
        if let Some(f) = o.as_any().downcast_ref::<PandasFrame>() {
            let t = f.table();
            // Dates and timestamps as their text (what forecast models read), as
            // `SplitFrame::from_table` writes them.
            let data = (0..t.num_rows())
                .map(|i| {
                    t.columns()
                        .iter()
                        .map(|c| match c.get(i) {
                            d @ (Cell::Date(_) | Cell::Timestamp(_)) => {
                                serde_json::Value::String(d.text())
                            }
                            other => to_json(&to_value(&other)).unwrap_or(serde_json::Value::Null),
                        })
                        .collect()
                })
                .collect();
            return Ok(SplitFrame {
                columns: t.names().to_vec(),
                data,
            });
        }
    }
    let records: Vec<Value> = match v {
        Value::Dict(d) => {
            let d = d.borrow();
            let columns: Vec<String> = d.keys().iter().map(Value::to_str).collect();
            let cols: Vec<Vec<Value>> = d
                .values()
                .iter()
                .map(|c| c.iter_items().unwrap_or_else(|| vec![c.clone()]))
                .collect();
            let n = cols.first().map_or(0, Vec::len);
            let data = (0..n)
                .map(|i| {
                    cols.iter()
                        .map(|c| c.get(i).map_or(Ok(serde_json::Value::Null), to_json))
                        .collect::<Result<Vec<_>, _>>()
                })
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(SplitFrame { columns, data });
        }
        Value::List(_) => v.iter_items().unwrap_or_default(),
        other => {
            return Err(type_error(format!(
                "{func}: expected a pandas DataFrame, a dict of columns or a list of dicts, got {}",
                other.type_name()
            )))
        }
    };
    let mut columns: Vec<String> = Vec::new();
    for r in &records {
        let Value::Dict(d) = r else {
            return Err(type_error(format!(
                "{func}: a list input must hold dicts (records), got {}",
                r.type_name()
            )));
        };
        for k in d.borrow().keys() {
            let k = k.to_str();
            if !columns.contains(&k) {
                columns.push(k);
            }
        }
    }
    let data = records
        .iter()
        .map(|r| match r {
            Value::Dict(d) => columns
                .iter()
                .map(|c| match d.borrow().get(&Value::str(c.as_str()))? {
                    Some(v) => to_json(&v),
                    None => Ok(serde_json::Value::Null),
                })
                .collect::<Result<Vec<_>, _>>(),
            _ => Ok(Vec::new()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(SplitFrame { columns, data })
}

fn predictions(values: Vec<serde_json::Value>) -> Value {
    Value::list(values.iter().map(from_json).collect())
}

impl Object for ModelObj {
    fn type_name(&self) -> &str {
        self.0.class_name()
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let m = match &self.0 {
            SavedModel::Sklearn(_)
            | SavedModel::Spark(_)
            | SavedModel::Forecast(_)
            | SavedModel::PythonModel(_) => return None,
            SavedModel::Linear(m) => m,
            SavedModel::Pipeline(p) => {
                return Some(match name {
                    "classes_" if !p.classes.is_empty() => {
                        Value::list(p.classes.iter().map(from_json).collect())
                    }
                    "feature_names_in_" => Value::list(
                        p.preprocessor
                            .input_columns()
                            .into_iter()
                            .map(Value::str)
                            .collect(),
                    ),
                    _ => return None,
                })
            }
        };
        Some(match name {
            "coef_" => Value::list(m.coefficients.iter().map(|c| Value::Float(*c)).collect()),
            "intercept_" => Value::Float(m.intercept),
            "feature_names_in_" => {
                Value::list(m.features.iter().map(|f| Value::str(f.as_str())).collect())
            }
            _ => return None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        name == "predict"
            || (name == "predict_timeseries" && matches!(&self.0, SavedModel::Forecast(_)))
            || (name == "predict_proba"
                && matches!(&self.0, SavedModel::Pipeline(p) if !p.classes.is_empty()))
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        if let (SavedModel::Forecast(m), "predict_timeseries") = (&self.0, name) {
            return predict_timeseries(m, args);
        }
        if let (SavedModel::Pipeline(p), "predict_proba") = (&self.0, name) {
            let b = Sig {
                name: "predict_proba",
                params: &["X"],
                is_method: true,
                display: "predict_proba(X)",
            }
            .bind(args)?;
            let input = model_input(&b.value("X"), "predict_proba")?;
            let rows = p
                .predict_proba(&input)
                .map_err(|e| PyErr::new(crate::notebook::error::ExcType::ValueError, e))?;
            return Ok(Value::list(
                rows.into_iter()
                    .map(|r| Value::list(r.into_iter().map(Value::Float).collect()))
                    .collect(),
            ));
        }
        let b = Sig {
            name: "predict",
            params: &["X"],
            is_method: true,
            display: "predict(X)",
        }
        .bind(args)?;
        let input = model_input(&b.value("X"), "predict")?;
        let out = self
            .0
            .predict(&input)
            .map_err(|e| PyErr::new(crate::notebook::error::ExcType::ValueError, e))?;
        Ok(predictions(out))
    }
    fn repr(&self) -> String {
        format!("{}()", self.0.class_name())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A forecast model's `predict_timeseries(horizon=None, include_history=True)` (the AutoML
/// runtime's method on its pyfunc forecast models): a pandas DataFrame with `ds`, the
/// identity columns, `yhat`, `yhat_lower`, `yhat_upper`.
fn predict_timeseries(
    m: &crate::automl::forecast::ForecastModel,
    args: Args,
) -> Result<Value, PyErr> {
    let b = Sig {
        name: "predict_timeseries",
        params: &["horizon=", "include_history="],
        is_method: true,
        display: "predict_timeseries(horizon: int = None, include_history: bool = True)",
    }
    .bind(args)?;
    let horizon = match b.get("horizon") {
        None | Some(Value::None) => None,
        Some(Value::Int(h)) if *h >= 1 && *h <= crate::automl::forecast::series::MAX_STEPS => {
            Some(*h as usize)
        }
        Some(other) => {
            return Err(PyErr::new(
                crate::notebook::error::ExcType::ValueError,
                format!(
                    "horizon must be a positive number of time steps, got {}",
                    other.repr()
                ),
            ))
        }
    };
    let include_history = b.get("include_history").is_none_or(Value::truthy);
    let table = m
        .predict_timeseries(horizon, include_history)
        .map_err(|e| PyErr::new(crate::notebook::error::ExcType::ValueError, e))?;
    Ok(PandasFrame::value(table, None))
}

impl Object for PyFuncObj {
    fn type_name(&self) -> &str {
        "PyFuncModel"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        match name {
            "metadata" => Some(Value::object(MetadataObj(self.0.clone()))),
            _ => None,
        }
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "predict" | "unwrap_python_model")
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        if name == "unwrap_python_model" {
            return Err(not_implemented(
                "unwrap_python_model() is not supported in Lakelab: a custom model runs in a sandbox of its own",
            ));
        }
        let b = Sig {
            name: "PyFuncModel.predict",
            params: &["data", "params="],
            is_method: true,
            display: "PyFuncModel.predict(data, params: Optional[dict] = None)",
        }
        .bind(args)?;
        let input = model_input(&b.value("data"), "predict")?;
        if let SavedModel::PythonModel(m) = &self.0.model {
            // The model's own exception reaches the cell, as in MLflow (after the signature
            // check), with the model's traceback as a note.
            if let Some(sig) = &self.0.signature {
                sig.check(&input)
                    .map_err(crate::tracking::MlflowError::invalid)?;
            }
            return super::pyfunc::run(m, &input)
                .map(predictions)
                .map_err(|failure| {
                    let (mut err, traceback) = *failure;
                    err.line = None;
                    err.with_note(format!("In the model's predict:\n{traceback}"))
                });
        }
        Ok(predictions(self.0.predict(&input)?))
    }
    fn repr(&self) -> String {
        format!(
            "mlflow.pyfunc.loaded_model:\n  artifact_path: {}\n  flavor: {}",
            self.0.model_uri,
            match self.0.model {
                SavedModel::Spark(_) => "mlflow.spark",
                SavedModel::PythonModel(_) => "mlflow.pyfunc.model",
                _ => "mlflow.sklearn",
            }
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `pyfunc_model.metadata`: `get_input_schema()`, `signature`, `run_id` is not kept.
#[derive(Debug)]
struct MetadataObj(LoadedModel);

impl Object for MetadataObj {
    fn type_name(&self) -> &str {
        "Model"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        match name {
            "signature" => Some(
                self.0
                    .signature
                    .clone()
                    .map_or(Value::None, |s| Value::object(SignatureObj(s))),
            ),
            _ => None,
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn col_specs(cols: &[crate::models::ColSpec]) -> String {
    let parts: Vec<String> = cols
        .iter()
        .map(|c| match &c.name {
            Some(n) => format!("'{n}': {}", c.col_type),
            None => c.col_type.clone(),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

impl Object for SignatureObj {
    fn type_name(&self) -> &str {
        "ModelSignature"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let cols = match name {
            "inputs" => &self.0.inputs,
            "outputs" => &self.0.outputs,
            _ => return None,
        };
        Some(Value::str(col_specs(cols)))
    }
    fn has_method(&self, name: &str) -> bool {
        name == "to_dict"
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, _: &str, _: Args) -> Result<Value, PyErr> {
        Ok(from_json(&self.0.to_mlmodel()))
    }
    fn repr(&self) -> String {
        format!(
            "inputs: \n  {}\noutputs: \n  {}\nparams: \n  None\n",
            col_specs(&self.0.inputs),
            col_specs(&self.0.outputs)
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Object for ModelInfoObj {
    fn type_name(&self) -> &str {
        "ModelInfo"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let i = &self.0;
        Some(match name {
            "model_uri" => Value::str(i.model_uri.as_str()),
            "run_id" => Value::str(i.run_id.as_str()),
            "artifact_path" => Value::str(i.artifact_path.as_str()),
            "model_uuid" => Value::str(i.model_uuid.as_str()),
            "utc_time_created" => Value::str(i.utc_time_created.as_str()),
            "flavors" => Value::list(vec![Value::str("python_function"), Value::str("sklearn")]),
            "signature" => i
                .signature
                .clone()
                .map_or(Value::None, |s| Value::object(SignatureObj(s))),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        format!(
            "<mlflow.models.model.ModelInfo model_uri='{}'>",
            self.0.model_uri
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A loaded model as a cell sees it: scikit-learn models trained in cells come back as
/// their estimator objects, the others as trained-model objects.
pub fn model_value(model: SavedModel) -> Value {
    match model {
        SavedModel::Sklearn(m) => Value::object(super::sklearn::estimators::SkObj::loaded(*m)),
        SavedModel::Spark(m) => Value::object(super::spark_ml::model::ModelObj::loaded(*m)),
        other => Value::object(ModelObj(other)),
    }
}

pub fn saved_model(v: &Value) -> Result<SavedModel, PyErr> {
    if let Value::Object(o) = v {
        if let Some(sk) = o
            .as_any()
            .downcast_ref::<super::sklearn::estimators::SkObj>()
        {
            return sk.saved();
        }
    }
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<ModelObj>().map(|m| m.0.clone()),
        _ => None,
    }
    .ok_or_else(|| {
        type_error(format!(
            "mlflow.sklearn.log_model: sk_model must be a trained model, got {} (Lakelab's models come from its training tools and AutoML)",
            v.type_name()
        ))
    })
}

/// `mlflow.sklearn.log_model(sk_model, artifact_path, ..., signature=, input_example=,
/// registered_model_name=)` on the active run (started if none, as MLflow does).
fn sklearn_log_model(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "log_model",
        params: &["sk_model", "artifact_path=", "conda_env=", "code_paths=", "serialization_format=", "registered_model_name=", "signature=", "input_example=", "await_registration_for=", "pip_requirements=", "extra_pip_requirements=", "pyfunc_predict_fn=", "metadata="],
        is_method: false,
        display: "log_model(sk_model, artifact_path, conda_env=None, code_paths=None, serialization_format='cloudpickle', registered_model_name=None, signature=None, input_example=None, await_registration_for=300, pip_requirements=None, extra_pip_requirements=None, pyfunc_predict_fn='predict', metadata=None)",
    }
    .bind(args)?;
    let model = saved_model(&b.value("sk_model"))?;
    log_bound(interp, &b, model)
}

/// `mlflow.spark.log_model(spark_model, artifact_path, ...)`: a fitted Spark ML model or
/// `PipelineModel` (a `CrossValidatorModel` logs its best model), with the `spark` flavor.
fn spark_log_model(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "log_model",
        params: &["spark_model", "artifact_path=", "conda_env=", "code_paths=", "dfs_tmpdir=", "sample_input=", "registered_model_name=", "signature=", "input_example=", "await_registration_for=", "pip_requirements=", "extra_pip_requirements=", "metadata="],
        is_method: false,
        display: "log_model(spark_model, artifact_path, conda_env=None, code_paths=None, dfs_tmpdir=None, sample_input=None, registered_model_name=None, signature=None, input_example=None, await_registration_for=300, pip_requirements=None, extra_pip_requirements=None, metadata=None)",
    }
    .bind(args)?;
    let v = b.value("spark_model");
    let stage = super::spark_ml::stages::stage_value(&v)?.ok_or_else(|| {
        type_error(format!(
            "mlflow.spark.log_model: spark_model must be a fitted Spark ML model or PipelineModel (call fit first), got {}",
            v.type_name()
        ))
    })?;
    log_bound(interp, &b, SavedModel::Spark(Box::new(stage)))
}

/// The shared part of `log_model`: path, signature, input example, registration.
fn log_bound(
    interp: &mut Interp,
    b: &crate::notebook::call::Bound,
    model: SavedModel,
) -> Result<Value, PyErr> {
    let path = match b.get("artifact_path") {
        Some(p) => super::convert::string(p, "log_model", "artifact_path")?,
        None => "model".to_string(),
    };
    log_at(interp, b, model, path)
}

/// `log_bound` with the model's path decided by the caller (`mlflow.pyfunc.log_model` also
/// takes `name=`).
pub(super) fn log_at(
    interp: &mut Interp,
    b: &crate::notebook::call::Bound,
    model: SavedModel,
    path: String,
) -> Result<Value, PyErr> {
    let signature = match b.get("signature") {
        None => None,
        Some(Value::Object(o)) if o.as_any().downcast_ref::<SignatureObj>().is_some() => o
            .as_any()
            .downcast_ref::<SignatureObj>()
            .map(|s| s.0.clone()),
        Some(other) => {
            return Err(type_error(format!(
                "signature must be a ModelSignature (from mlflow.models.infer_signature), got {}",
                other.type_name()
            )))
        }
    };
    let example = match b.get("input_example") {
        None => None,
        Some(v) => Some(model_input(v, "log_model")?),
    };
    let run_id = super::mlflow::run_for_logging(interp, None)?;
    let now = interp.now_ms();
    let info =
        interp
            .ws
            .tracking
            .log_model(&run_id, &model, &path, signature, example.as_ref(), now)?;
    if let Some(name) = b.get("registered_model_name") {
        let name = super::convert::string(name, "log_model", "registered_model_name")?;
        let kind = interp.session.registry;
        super::registry::register(interp, kind, &info.model_uri, &name, &[])?;
    }
    Ok(Value::object(ModelInfoObj(info)))
}

fn load(interp: &mut Interp, args: Args, func: &'static str) -> Result<LoadedModel, PyErr> {
    let b = Sig {
        name: func,
        params: &["model_uri", "suppress_warnings=", "dst_path=", "model_config="],
        is_method: false,
        display: "load_model(model_uri: str, suppress_warnings: bool = False, dst_path: Optional[str] = None, model_config=None)",
    }
    .bind(args)?;
    let uri = super::convert::string(&b.value("model_uri"), func, "model_uri")?;
    load_uri(interp, &uri)
}

/// A model by URI: `runs:/<run_id>/<path>`, `models:/...` through the registry in use, or a
/// local directory holding a model (what `context.artifacts` gives a custom model).
pub fn load_uri(interp: &mut Interp, uri: &str) -> Result<LoadedModel, PyErr> {
    let local = uri.starts_with('/') || uri.starts_with("file:") || uri.starts_with("dbfs:");
    // A run's artifact location (`dbfs:/databricks/mlflow-tracking/…`) loads from the run.
    if local && interp.ws.tracking.artifact_location(uri).is_none() {
        return load_local(interp, uri);
    }
    if uri.starts_with("models:/") {
        let kind = interp.session.registry;
        return Ok(interp.ws.unity.load(kind, &interp.ws.tracking, uri)?);
    }
    Ok(interp.ws.tracking.load_model(uri)?)
}

/// A model saved in a directory of files (a copied artifact): its `model.json` (or a custom
/// model's `python_model.pkl`). The signature in its `MLmodel` is not read (it is YAML).
fn load_local(interp: &mut Interp, uri: &str) -> Result<LoadedModel, PyErr> {
    let path = match uri.strip_prefix("dbfs:") {
        Some(p) => format!("/dbfs{p}"),
        None => uri.strip_prefix("file://").unwrap_or(uri).to_string(),
    };
    let dir = crate::files::resolve(&path);
    for file in [
        "model.json",
        crate::tracking::logged_models::PYTHON_MODEL_FILE,
    ] {
        if let Ok(bytes) = interp.read_file(&format!("{dir}/{file}")) {
            let model: SavedModel = crate::models::json::from_text(bytes).map_err(|e| {
                PyErr::new(
                    crate::notebook::error::ExcType::MlflowException(
                        "INVALID_PARAMETER_VALUE".into(),
                    ),
                    format!("the saved model cannot be read: {e}"),
                )
            })?;
            return Ok(LoadedModel {
                model,
                signature: None,
                model_uri: uri.to_string(),
                feature_spec: None,
            });
        }
    }
    Err(PyErr::new(
        crate::notebook::error::ExcType::MlflowException("RESOURCE_DOES_NOT_EXIST".into()),
        format!("Could not find an \"MLmodel\" configuration file at \"{dir}\""),
    ))
}

fn pyfunc_load_model(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Ok(Value::object(PyFuncObj(load(interp, args, "load_model")?)))
}

fn sklearn_load_model(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Ok(model_value(load(interp, args, "load_model")?.model))
}

/// `mlflow.models.infer_signature(model_input, model_output=None, params=None)`.
fn infer_signature(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "infer_signature",
        params: &["model_input", "model_output=", "params="],
        is_method: false,
        display: "infer_signature(model_input, model_output=None, params=None)",
    }
    .bind(args)?;
    let input = model_input(&b.value("model_input"), "infer_signature")?;
    let output: Option<Vec<serde_json::Value>> = match b.get("model_output") {
        None => None,
        Some(v) => match super::pandas::series::series_arg(v) {
            Some(s) => Some(
                super::cells::pandas_values(&s.values)
                    .iter()
                    .map(to_json)
                    .collect::<Result<_, _>>()?,
            ),
            None => Some(
                v.iter_items()
                    .ok_or_else(|| type_error("model_output must be a list or a pandas Series"))?
                    .iter()
                    .map(to_json)
                    .collect::<Result<_, _>>()?,
            ),
        },
    };
    Ok(Value::object(SignatureObj(Signature::infer(
        &input,
        output.as_deref(),
    ))))
}

/// `mlflow.sklearn`.
pub fn sklearn_module() -> Value {
    module(
        "mlflow.sklearn",
        vec![
            ("log_model", Value::Native("log_model", sklearn_log_model)),
            (
                "autolog",
                Value::Native("autolog", super::sklearn::autolog::autolog),
            ),
            (
                "load_model",
                Value::Native("load_model", sklearn_load_model),
            ),
        ],
    )
}

fn spark_load_model(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let loaded = load(interp, args, "load_model")?;
    match loaded.model {
        m @ SavedModel::Spark(_) => Ok(model_value(m)),
        other => Err(PyErr::new(
            crate::notebook::error::ExcType::MlflowException("INVALID_PARAMETER_VALUE".into()),
            format!(
                "Model does not have the \"spark\" flavor: it was logged as {} (load it with mlflow.sklearn.load_model or mlflow.pyfunc.load_model)",
                other.class_name()
            ),
        )),
    }
}

/// `mlflow.spark`.
pub fn spark_module() -> Value {
    module(
        "mlflow.spark",
        vec![
            ("log_model", Value::Native("log_model", spark_log_model)),
            ("load_model", Value::Native("load_model", spark_load_model)),
        ],
    )
}

/// `mlflow.pyfunc`.
pub fn pyfunc_module() -> Value {
    let mut members = vec![
        ("load_model", Value::Native("load_model", pyfunc_load_model)),
        (
            "spark_udf",
            Value::Native("spark_udf", super::spark::model_udf::spark_udf),
        ),
    ];
    members.extend(super::pyfunc::members());
    module("mlflow.pyfunc", members)
}

/// The model inside a `mlflow.pyfunc.load_model` result, if `v` is one.
pub fn pyfunc_saved(v: &Value) -> Option<SavedModel> {
    match v {
        Value::Object(o) => o
            .as_any()
            .downcast_ref::<PyFuncObj>()
            .map(|p| p.0.model.clone()),
        _ => None,
    }
}

/// `mlflow.models`.
pub fn models_module() -> Value {
    module(
        "mlflow.models",
        vec![(
            "infer_signature",
            Value::Native("infer_signature", infer_signature),
        )],
    )
}

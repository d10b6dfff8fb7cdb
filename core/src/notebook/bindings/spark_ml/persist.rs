//! Saving and loading fitted Spark ML models: `model.write().overwrite().save(path)`,
//! `model.save(path)`, `PipelineModel.load(path)`, `LogisticRegressionModel.load(path)`,
//! `X.read().load(path)`, over the notebook's file system with Spark's paths (`/x` and
//! `dbfs:/x` are DBFS, `/Volumes/...` a volume; see `dbutils::local`).
//!
//! The directory is laid out as Spark lays it out: `metadata/part-00000` (one JSON line:
//! `class`, `timestamp`, `sparkVersion`, `uid`, `paramMap`, `defaultParamMap`, with Spark's
//! encoding of non-finite doubles as `"NaN"`, `"Inf"`, `"-Inf"`) and, for a `PipelineModel`,
//! one such directory per stage under `stages/<index>_<uid>`. Where Spark writes Parquet
//! under `data/`, Lakelab writes `data/model.json`: the stage as `mlflow.spark.log_model`
//! stores it (`models::json`, NaN and infinities kept). So Lakelab loads what Lakelab saved,
//! not directories written by a real cluster. Unfitted estimators and tuning models
//! (`CrossValidatorModel`) have no `save` here yet.

use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;

use serde_json::{json, Map, Value as Json};

use super::model::{model_of, ModelObj};
use super::params::{self, default_seed, stage_of, StageObj};
use super::stages::stage_value;
use crate::ml::spark_ml::Stage;
use crate::models::SavedModel;
use crate::notebook::bindings::dbutils::{local, shown};
use crate::notebook::bindings::files::file_error;
use crate::notebook::bindings::sklearn::estimators::D;
use crate::notebook::call::Sig;
use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};

/// The Spark version the metadata names (Databricks Runtime 15.4 LTS ML's).
const SPARK_VERSION: &str = "3.5.0";

/// `org.apache.spark.ml.classification.LogisticRegressionModel` for a PySpark class name.
pub fn java_class(name: &str) -> String {
    let package = match name {
        "PipelineModel" => "",
        "LogisticRegressionModel"
        | "DecisionTreeClassificationModel"
        | "RandomForestClassificationModel" => "classification.",
        "LinearRegressionModel" | "DecisionTreeRegressionModel" | "RandomForestRegressionModel" => {
            "regression."
        }
        _ => "feature.",
    };
    format!("org.apache.spark.ml.{package}{name}")
}

/// The estimator (or transformer) class whose params a fitted stage carries.
fn params_class(stage: &Stage) -> Option<&str> {
    Some(match stage {
        Stage::VectorAssembler(_) => "VectorAssembler",
        Stage::StringIndexerModel(_) => "StringIndexer",
        Stage::OneHotEncoderModel(_) => "OneHotEncoder",
        Stage::ImputerModel(_) => "Imputer",
        Stage::StandardScalerModel(_) => "StandardScaler",
        Stage::Predictor(p) => &p.estimator,
        Stage::PipelineModel { .. } => return None,
    })
}

fn java_error(m: String) -> PyErr {
    PyErr::new(ExcType::Exception, m)
}

/// A param value as Spark's metadata writes it (non-finite doubles as text).
fn param_json(v: &Value) -> Option<Json> {
    match v {
        Value::Float(f) if f.is_nan() => Some(json!("NaN")),
        Value::Float(f) if f.is_infinite() => Some(json!(if *f > 0.0 { "Inf" } else { "-Inf" })),
        other => crate::notebook::bindings::client::to_json(other).ok(),
    }
}

/// A param value from metadata: `"NaN"` / `"Inf"` / `"-Inf"` back to doubles where the
/// param is a double.
fn param_value(j: &Json, default: D) -> Value {
    match (j.as_str(), default) {
        (Some("NaN"), D::Float(_)) => Value::Float(f64::NAN),
        (Some("Inf"), D::Float(_)) => Value::Float(f64::INFINITY),
        (Some("-Inf"), D::Float(_)) => Value::Float(f64::NEG_INFINITY),
        _ => crate::notebook::modules::from_json(j),
    }
}

/// What a model directory holds.
struct Parts<'a> {
    stage: Stage,
    uid: String,
    /// The params the stage carries (its estimator's, or its own for a transformer).
    params: Option<&'a StageObj>,
    /// A pipeline's stages as values.
    children: Vec<Value>,
}

fn parts(v: &Value) -> Result<Parts<'_>, PyErr> {
    if let Some(m) = model_of(v) {
        return Ok(Parts {
            stage: (*m.stage).clone(),
            uid: m.uid.clone(),
            params: m.parent.as_ref(),
            children: m.children.clone(),
        });
    }
    match (stage_of(v), stage_value(v)?) {
        (Some(o), Some(stage)) => Ok(Parts {
            stage,
            uid: o.uid.clone(),
            params: Some(o),
            children: Vec::new(),
        }),
        _ => Err(type_error(format!(
            "Lakelab saves fitted Spark ML models and PipelineModels, not {}",
            v.type_name()
        ))),
    }
}

/// Writes one model's directory (and its stages' below it).
fn write_dir(interp: &mut Interp, dir: &str, v: &Value, now: i64) -> Result<(), PyErr> {
    let Parts {
        stage,
        uid,
        params,
        mut children,
    } = parts(v)?;
    let (param_map, defaults) = match (&stage, params) {
        (Stage::PipelineModel { stages }, _) => {
            if children.len() != stages.len() {
                children = stages
                    .iter()
                    .map(|s| Value::object(ModelObj::loaded(s.clone())))
                    .collect();
            }
            let uids: Vec<Json> = children
                .iter()
                .map(|c| parts(c).map(|p| Json::String(p.uid)))
                .collect::<Result<_, _>>()?;
            (json!({ "stageUids": uids }), Map::new())
        }
        (_, Some(o)) => {
            // Inserted one by one: collecting into the (B-tree) map would add a sort.
            let mut set = Map::new();
            for (k, v) in o.params.borrow().iter() {
                if let Some(j) = param_json(v) {
                    set.insert(k.clone(), j);
                }
            }
            let mut defaults = Map::new();
            for (n, d, _) in o.class.params {
                let v = match d {
                    _ if *n == "seed" => Value::Int(default_seed(o.class.name)),
                    D::None | D::Required => continue,
                    d => d.value_of(),
                };
                if let Some(j) = param_json(&v) {
                    defaults.insert(n.to_string(), j);
                }
            }
            (Json::Object(set), defaults)
        }
        _ => (json!({}), Map::new()),
    };
    let metadata = json!({
        "class": java_class(stage.class_name()),
        "timestamp": now,
        "sparkVersion": SPARK_VERSION,
        "uid": uid,
        "paramMap": param_map,
        "defaultParamMap": defaults,
    });
    let files = &mut interp.ws.files;
    files
        .write(
            &format!("{dir}/metadata/part-00000"),
            format!("{metadata}\n").into_bytes(),
        )
        .map_err(file_error)?;
    if let Stage::PipelineModel { .. } = stage {
        for (i, child) in children.iter().enumerate() {
            let child_uid = parts(child)?.uid;
            write_dir(interp, &format!("{dir}/stages/{i}_{child_uid}"), child, now)?;
        }
        return Ok(());
    }
    let body = crate::models::json::to_text(&SavedModel::Spark(Box::new(stage)), true)
        .map_err(|e| java_error(format!("cannot save the model: {e}")))?;
    files
        .write(&format!("{dir}/data/model.json"), body)
        .map_err(file_error)
}

/// `write().save(path)` / `save(path)`: Spark refuses an existing path unless `overwrite()`.
pub fn save(interp: &mut Interp, model: &Value, path: &str, overwrite: bool) -> Result<(), PyErr> {
    let dir = local(path);
    let dir = dir.trim_end_matches('/');
    if interp.ws.files.exists(dir) {
        if !overwrite {
            return Err(java_error(format!(
                "java.io.IOException: Path {path} already exists. To overwrite it, please use write.overwrite().save(path) for Scala and use write().overwrite().save(path) for Java and Python."
            )));
        }
        for f in interp.ws.files.walk(dir) {
            interp.ws.files.remove(&f).map_err(file_error)?;
        }
    }
    let now = (interp.env.clock)();
    write_dir(interp, dir, model, now)
}

/// Reads one model's directory; `expected` is the class `X.load` was called on.
fn read_dir(interp: &Interp, dir: &str, expected: Option<&str>) -> Result<Value, PyErr> {
    let meta_path = format!("{dir}/metadata/part-00000");
    let bytes = interp.read_file(&meta_path).map_err(|_| {
        java_error(format!(
            "org.apache.hadoop.mapred.InvalidInputException: Input path does not exist: {}/metadata",
            shown(dir)
        ))
    })?;
    let meta: Json = serde_json::from_slice(bytes).map_err(|e| {
        java_error(format!(
            "org.json4s.ParserUtil$ParseException: {meta_path} is not Spark ML metadata: {e}"
        ))
    })?;
    let class = meta["class"].as_str().unwrap_or_default();
    if let Some(want) = expected.map(java_class).filter(|w| w != class) {
        return Err(PyErr::new(
            ExcType::IllegalArgumentException,
            format!("requirement failed: Error loading metadata: Expected class name {want} but found class name {class}"),
        ));
    }
    let uid = meta["uid"].as_str().unwrap_or_default().to_string();
    if class == java_class("PipelineModel") {
        let uids = meta["paramMap"]["stageUids"].as_array().ok_or_else(|| {
            java_error(format!(
                "{meta_path} names no stages (paramMap.stageUids): it is not a saved PipelineModel"
            ))
        })?;
        let children = uids
            .iter()
            .enumerate()
            .map(|(i, u)| {
                let u = u.as_str().unwrap_or_default();
                read_dir(interp, &format!("{dir}/stages/{i}_{u}"), None)
            })
            .collect::<Result<Vec<_>, _>>()?;
        let stages = children
            .iter()
            .map(|c| stage_value(c)?.ok_or_else(|| type_error("a pipeline stage")))
            .collect::<Result<Vec<_>, _>>()?;
        let mut m = ModelObj::new(Stage::PipelineModel { stages }, None, children);
        m.uid = uid;
        return Ok(Value::object(m));
    }
    let data_path = format!("{dir}/data/model.json");
    let bytes = interp.read_file(&data_path).map_err(file_error)?;
    let stage = match crate::models::json::from_text::<SavedModel>(bytes) {
        Ok(SavedModel::Spark(stage)) => *stage,
        Ok(_) => return Err(java_error(format!("{data_path} holds no Spark ML model"))),
        Err(e) => {
            return Err(java_error(format!(
                "the saved model {data_path} cannot be read: {e}"
            )))
        }
    };
    // The params the model was fitted with, so `getRegParam()` answers after loading.
    let parent = params_class(&stage).and_then(params::class).map(|class| {
        let set = meta["paramMap"].as_object().cloned().unwrap_or_default();
        let o = StageObj::new(class);
        let kept = set.iter().filter_map(|(k, j)| {
            let d = o.default_of(k)?;
            Some((k.clone(), param_value(j, d)))
        });
        *o.params.borrow_mut() = kept.collect();
        StageObj { uid, ..o }
    });
    Ok(Value::object(ModelObj::new(
        stage,
        parent.as_ref(),
        Vec::new(),
    )))
}

/// `X.load(path)` (`expected` is `X`; `None` accepts any model).
pub fn load(interp: &Interp, path: &str, expected: Option<&str>) -> Result<Value, PyErr> {
    read_dir(interp, local(path).trim_end_matches('/'), expected)
}

/// The one `path` argument of `save` / `load`.
pub fn path_arg(args: Args, func: &'static str, display: &'static str) -> Result<String, PyErr> {
    let b = Sig {
        name: func,
        params: &["path"],
        is_method: true,
        display,
    }
    .bind(args)?;
    match b.value("path") {
        Value::Str(s) => Ok(s.to_string()),
        other => Err(type_error(format!(
            "path should be a string, got type {}",
            other.type_name()
        ))),
    }
}

/// `model.write()`: `JavaMLWriter` (`PipelineModelWriter` for a pipeline).
pub struct WriterObj {
    pub model: Value,
    pub overwrite: Cell<bool>,
}

impl Object for WriterObj {
    fn type_name(&self) -> &str {
        match model_of(&self.model).map(|m| m.stage.as_ref()) {
            Some(Stage::PipelineModel { .. }) => "PipelineModelWriter",
            _ => "JavaMLWriter",
        }
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "overwrite" | "save" | "option" | "session")
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        match name {
            "save" => {
                let path = path_arg(args, "save", "MLWriter.save(path: str) -> None")?;
                save(interp, &self.model, &path, self.overwrite.get())?;
                Ok(Value::None)
            }
            "overwrite" => {
                self.overwrite.set(true);
                Ok(Value::Object(self))
            }
            // `option(key, value)` and `session(spark)` change nothing Lakelab writes.
            _ => Ok(Value::Object(self)),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `X.read()`: `JavaMLReader`, whose `load(path)` loads an `X`.
pub struct ReaderObj(pub &'static str);

impl Object for ReaderObj {
    fn type_name(&self) -> &str {
        "JavaMLReader"
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "load" | "session")
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        if name == "session" {
            return Ok(Value::Object(self));
        }
        let path = path_arg(args, "load", "MLReader.load(path: str)")?;
        load(interp, &path, Some(self.0))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

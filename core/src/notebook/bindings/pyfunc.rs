//! Custom models in cells: `mlflow.pyfunc.PythonModel` (the base class),
//! `mlflow.pyfunc.PythonModelContext`, `mlflow.pyfunc.log_model(python_model=...)`, and how a
//! saved [`PythonModel`] predicts (see `models::python_model` for what is saved and why).

use std::any::Any;
use std::rc::Rc;

use super::models::{log_at, model_input, saved_model};
use super::pandas::frame::PandasFrame;
use crate::models::python_model::{Artifact, ArtifactFile, PythonModel, State};
use crate::models::{ModelInput, RunsUri, SavedModel};
use crate::notebook::call::Sig;
use crate::notebook::classes::{as_class, Class, Instance, PythonModelClass};
use crate::notebook::error::{not_implemented, type_error, ExcType, PyErr};
use crate::notebook::interp::{run_script, Env, Interp, Session};
use crate::notebook::value::{Args, Dict, Object, Value};
use crate::table::Table;
use crate::Workspace;

/// Where a loaded custom model's directory sits in its sandbox (`context.artifacts` paths
/// are under it, absolute, as MLflow gives them).
pub const MODEL_DIR: &str = "/local_disk0/mlflow_model";

/// The names the sandbox script binds (dunder names a learner's code will not clash with).
const MODEL: &str = "__lakelab_model__";
const CONTEXT: &str = "__lakelab_context__";
const INPUT: &str = "__lakelab_input__";
const OUTPUT: &str = "__lakelab_output__";
const STATE: &str = "__lakelab_state__";

/// `mlflow.pyfunc.PythonModelContext`: `artifacts` (name → local path) and `model_config`.
pub struct ContextObj {
    artifacts: Vec<(String, String)>,
    model_config: Value,
}

impl Object for ContextObj {
    fn type_name(&self) -> &str {
        "PythonModelContext"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        match name {
            "artifacts" => Some(Value::dict(Dict::from_pairs(
                self.artifacts
                    .iter()
                    .map(|(k, v)| (k.as_str(), Value::str(v.as_str()))),
            ))),
            "model_config" => Some(self.model_config.clone()),
            _ => None,
        }
    }
    fn repr(&self) -> String {
        "<mlflow.pyfunc.model.PythonModelContext object>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `PythonModelContext(artifacts, model_config)`, for calling `predict` by hand in a cell.
fn context_ctor(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "PythonModelContext",
        params: &["artifacts", "model_config"],
        is_method: false,
        display: "PythonModelContext(artifacts, model_config)",
    }
    .bind(args)?;
    let artifacts =
        super::convert::string_pairs(&b.value("artifacts"), "PythonModelContext", "artifacts")?;
    Ok(Value::object(ContextObj {
        artifacts,
        model_config: b.value("model_config"),
    }))
}

/// The `mlflow.pyfunc` members this module adds.
pub fn members() -> Vec<(&'static str, Value)> {
    vec![
        ("PythonModel", Value::object(PythonModelClass)),
        (
            "PythonModelContext",
            Value::Native("PythonModelContext", context_ctor),
        ),
        ("log_model", Value::Native("log_model", log_model)),
    ]
}

fn invalid(message: impl Into<String>) -> PyErr {
    PyErr::new(
        ExcType::MlflowException("INVALID_PARAMETER_VALUE".into()),
        message,
    )
}

// ---- saving ---------------------------------------------------------------------------------

/// A value as saved state; `Err` names what cannot be pickled.
fn capture(v: &Value) -> Result<State, String> {
    Ok(match v {
        Value::None => State::None,
        Value::Bool(b) => State::Bool(*b),
        Value::Int(i) => State::Int(*i),
        Value::Float(f) => State::Float(*f),
        Value::Str(s) => State::Str(s.to_string()),
        Value::List(l) => State::List(l.borrow().iter().map(capture).collect::<Result<_, _>>()?),
        Value::Tuple(t) => State::Tuple(t.iter().map(capture).collect::<Result<_, _>>()?),
        Value::Dict(d) => State::Dict(
            d.borrow()
                .iter()
                .map(|(k, v)| Ok((capture(k)?, capture(v)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => match saved_model(other)
            .ok()
            .or_else(|| super::models::pyfunc_saved(other))
        {
            Some(m) => State::Model(Box::new(m)),
            None => return Err(other.type_name()),
        },
    })
}

/// Saved state back as a value.
fn restore(s: &State) -> Value {
    match s {
        State::None => Value::None,
        State::Bool(b) => Value::Bool(*b),
        State::Int(i) => Value::Int(*i),
        State::Float(f) => Value::Float(*f),
        State::Str(s) => Value::str(s.as_str()),
        State::List(l) => Value::list(l.iter().map(restore).collect()),
        State::Tuple(t) => Value::tuple(t.iter().map(restore).collect()),
        State::Dict(d) => {
            let mut out = Dict::new();
            for (k, v) in d {
                // Keys were dict keys when saved, so they hash again.
                let _ = out.set(restore(k), restore(v));
            }
            Value::dict(out)
        }
        State::Model(m) => super::models::model_value(m.as_ref().clone()),
    }
}

/// The identifiers a piece of source mentions (a superset of the globals it reads).
fn identifiers(source: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in source.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else if !word.is_empty() {
            let w = std::mem::take(&mut word);
            if !w.starts_with(|c: char| c.is_ascii_digit()) && !out.contains(&w) {
                out.push(w);
            }
        }
    }
    out
}

/// The notebook globals the classes may read: modules become imports, plain values and
/// fitted models are saved, the cell classes are in the sources already; other values are
/// left out (a name that also names a local would otherwise drag a DataFrame along).
fn captured_globals(
    interp: &Interp,
    sources: &[String],
    classes: &[Rc<Class>],
) -> (Vec<String>, Vec<(String, State)>) {
    let mut imports = Vec::new();
    let mut globals = Vec::new();
    for name in identifiers(&sources.join("\n")) {
        if classes.iter().any(|c| c.name == name) {
            continue;
        }
        let Some(v) = interp.session.globals.get(&name) else {
            continue;
        };
        match v {
            Value::Module(m) if m.name == name => imports.push(format!("import {name}")),
            Value::Module(m) => imports.push(format!("import {} as {name}", m.name)),
            Value::Object(o) if o.as_any().is::<PythonModelClass>() => {
                imports.push(format!("from mlflow.pyfunc import PythonModel as {name}"))
            }
            Value::Object(o) if o.as_any().is::<crate::notebook::classes::ClassObj>() => {}
            Value::Native(..) | Value::Function(_) | Value::ExcClass(_) => {}
            other => {
                if let Ok(s) = capture(other) {
                    globals.push((name, s));
                }
            }
        }
    }
    (imports, globals)
}

/// `lineage` preceded by the other cell classes its code names (helpers it instantiates),
/// each with its bases, so the sandbox defines them too (cloudpickle carries them the same
/// way). One level deep: a helper's own helpers are not followed.
fn with_helpers(interp: &Interp, lineage: Vec<Rc<Class>>) -> Vec<Rc<Class>> {
    let text: Vec<String> = lineage.iter().map(|c| c.source.clone()).collect();
    let mut out: Vec<Rc<Class>> = Vec::new();
    for name in identifiers(&text.join("\n")) {
        let Some(helper) = interp.session.globals.get(&name).and_then(as_class) else {
            continue;
        };
        for c in helper.lineage() {
            let known = |l: &[Rc<Class>]| l.iter().any(|k| Rc::ptr_eq(k, &c));
            if !known(&out) && !known(&lineage) {
                out.push(c);
            }
        }
    }
    out.extend(lineage);
    out
}

/// The last part of a path or URI (`runs:/x/model` → `model`).
fn basename(uri: &str) -> String {
    uri.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(uri)
        .to_string()
}

/// The files of a run's artifact directory (or file), relative to it.
fn run_files(interp: &Interp, run_id: &str, path: &str) -> Result<Vec<(String, Vec<u8>)>, PyErr> {
    let files = interp.ws.tracking.download_artifacts(run_id, path)?;
    let dir = path.trim_end_matches('/');
    Ok(files
        .into_iter()
        .map(|(p, b)| {
            let rel = match p.strip_prefix(dir) {
                Some("") | None => String::new(),
                Some(rest) => rest.trim_start_matches('/').to_string(),
            };
            (rel, b.to_vec())
        })
        .collect())
}

/// Resolves one `artifacts=` entry and copies its files (MLflow downloads each URI into the
/// model's `artifacts/` directory).
fn copy_artifact(interp: &Interp, name: &str, uri: &str) -> Result<Artifact, PyErr> {
    let files: Vec<(String, Vec<u8>)> = if uri.starts_with("runs:/") {
        let u = RunsUri::parse(uri).map_err(invalid)?;
        run_files(interp, &u.run_id, &u.path)?
    } else if uri.starts_with("models:/") {
        let kind = interp.session.registry;
        let (_, mv) = interp.ws.unity.resolve(kind, uri)?;
        run_files(interp, &mv.run_id, &mv.model_path)?
    } else {
        let local = uri
            .strip_prefix("dbfs:")
            .map_or(uri.to_string(), |p| format!("/dbfs{p}"));
        let local = local.strip_prefix("file://").unwrap_or(&local).to_string();
        let root = crate::files::resolve(&local);
        let paths = interp.ws.files.walk(&root);
        if paths.is_empty() {
            return Err(PyErr::new(
                ExcType::FileNotFoundError,
                format!("[Errno 2] No such file or directory: '{uri}'"),
            ));
        }
        paths
            .into_iter()
            .filter_map(|p| {
                let bytes = interp.ws.files.read(&p).ok()?.to_vec();
                let rel = p
                    .strip_prefix(&root)
                    .unwrap_or("")
                    .trim_start_matches('/')
                    .to_string();
                Some((rel, bytes))
            })
            .collect()
    };
    let path = format!("artifacts/{}", basename(uri));
    Ok(Artifact {
        name: name.to_string(),
        uri: uri.to_string(),
        files: files
            .into_iter()
            .map(|(rel, bytes)| {
                let p = if rel.is_empty() {
                    path.clone()
                } else {
                    format!("{path}/{rel}")
                };
                ArtifactFile::new(p, bytes)
            })
            .collect(),
        path,
    })
}

/// The saved form of a `PythonModel` instance.
fn save(
    interp: &Interp,
    python_model: &Value,
    artifacts: &Value,
    model_config: &Value,
) -> Result<PythonModel, PyErr> {
    let instance = match python_model {
        Value::Object(o) => o.as_any().downcast_ref::<Instance>(),
        _ => None,
    };
    let Some(instance) = instance.filter(|i| i.class.is_python_model()) else {
        if matches!(python_model, Value::Function(_)) {
            return Err(not_implemented(
                "a function as python_model is not supported in Lakelab; wrap it in a mlflow.pyfunc.PythonModel subclass",
            ));
        }
        return Err(invalid(
            "`python_model` must be a PythonModel instance, callable object, or path to a script that uses set_model() to set a PythonModel instance or callable object.",
        ));
    };
    let lineage = with_helpers(interp, instance.class.lineage());
    let classes: Vec<String> = lineage.iter().map(|c| c.source.clone()).collect();
    let mut state = Vec::new();
    for (k, v) in instance.attrs.borrow().iter() {
        let s = capture(v).map_err(|t| {
            PyErr::new(
                ExcType::TypeError,
                format!("cannot pickle '{t}' object"),
            )
            .with_note(format!(
                "It is the attribute '{k}' of the {} instance given as python_model. Lakelab saves None, bools, numbers, strings, lists, tuples and dicts of them, and fitted models; create other objects in load_context instead.",
                instance.class.name
            ))
        })?;
        state.push((k.clone(), s));
    }
    let (imports, globals) = captured_globals(interp, &classes, &lineage);
    let artifacts = match artifacts {
        Value::None => Vec::new(),
        Value::Dict(d) => {
            let entries: Vec<(Value, Value)> = d.borrow().iter().cloned().collect();
            let mut out = Vec::new();
            for (k, v) in entries {
                let (Value::Str(k), Value::Str(v)) = (&k, &v) else {
                    return Err(type_error(format!(
                        "artifacts must map names to URIs (strings), got {}: {}",
                        k.repr(),
                        v.repr()
                    )));
                };
                out.push(copy_artifact(interp, k, v)?);
            }
            out
        }
        other => {
            return Err(type_error(format!(
                "artifacts must be a dict of name to URI, got {}",
                other.type_name()
            )))
        }
    };
    let model_config = match model_config {
        Value::None => Vec::new(),
        Value::Dict(d) => d
            .borrow()
            .iter()
            .map(|(k, v)| {
                let s = capture(v).map_err(|t| {
                    type_error(format!(
                        "model_config['{}']: cannot save a '{t}'",
                        k.to_str()
                    ))
                })?;
                Ok((k.to_str(), s))
            })
            .collect::<Result<_, PyErr>>()?,
        other => {
            return Err(type_error(format!(
                "model_config must be a dict, got {}",
                other.type_name()
            )))
        }
    };
    Ok(PythonModel {
        class_name: instance.class.name.clone(),
        classes,
        imports,
        globals,
        state,
        artifacts,
        model_config,
    })
}

/// `mlflow.pyfunc.log_model(artifact_path, ..., python_model=, artifacts=, ...)` (MLflow
/// 2.x; 3.x's `name=` is taken too).
fn log_model(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "log_model",
        params: &["artifact_path=", "loader_module=", "data_path=", "code_path=", "code_paths=", "infer_code_paths=", "conda_env=", "python_model=", "artifacts=", "registered_model_name=", "signature=", "input_example=", "await_registration_for=", "pip_requirements=", "extra_pip_requirements=", "metadata=", "model_config=", "*", "name=", "params=", "tags=", "model_type=", "step=", "model_id="],
        is_method: false,
        display: "log_model(artifact_path, loader_module=None, data_path=None, code_path=None, code_paths=None, infer_code_paths=False, conda_env=None, python_model=None, artifacts=None, registered_model_name=None, signature=None, input_example=None, await_registration_for=300, pip_requirements=None, extra_pip_requirements=None, metadata=None, model_config=None)",
    }
    .bind(args)?;
    for unsupported in ["loader_module", "data_path", "code_path", "code_paths"] {
        if b.get(unsupported).is_some() {
            return Err(not_implemented(format!(
                "mlflow.pyfunc.log_model({unsupported}=...) is not supported in Lakelab: define the model as a PythonModel subclass in a cell"
            )));
        }
    }
    let path = match (b.get("artifact_path"), b.get("name")) {
        (Some(_), Some(_)) => {
            return Err(invalid(
                "Both `artifact_path` (deprecated) and `name` parameters were specified. Please only specify `name`.",
            ))
        }
        (Some(p), None) => super::convert::string(p, "log_model", "artifact_path")?,
        (None, Some(n)) => super::convert::string(n, "log_model", "name")?,
        (None, None) => "model".to_string(),
    };
    let python_model = b.value("python_model");
    if matches!(python_model, Value::None) {
        return Err(invalid(
            "Either `loader_module` or `python_model` must be specified. A `loader_module` should be a python module. A `python_model` should be a subclass of PythonModel",
        ));
    }
    let saved = save(
        interp,
        &python_model,
        &b.value("artifacts"),
        &b.value("model_config"),
    )?;
    let requirements = match b.get("pip_requirements") {
        None => None,
        Some(v) => Some(super::convert::strings(v, "log_model", "pip_requirements")?),
    };
    let info = log_at(
        interp,
        &b,
        SavedModel::PythonModel(Box::new(saved)),
        path.clone(),
    )?;
    // MLflow writes `pip_requirements` as the model's requirements.txt.
    let run_id = match &info {
        Value::Object(o) => o
            .as_any()
            .downcast_ref::<super::models::ModelInfoObj>()
            .map(|i| i.0.run_id.clone()),
        _ => None,
    };
    if let (Some(reqs), Some(run_id)) = (requirements, run_id) {
        let mut text = reqs.join("\n");
        text.push('\n');
        interp
            .ws
            .tracking
            .log_text(&run_id, &text, &format!("{path}/requirements.txt"))?;
    }
    Ok(info)
}

// ---- predicting -------------------------------------------------------------------------

/// The input rows as a pandas DataFrame.
fn input_frame(input: &ModelInput) -> Result<Value, String> {
    let rows: Vec<Vec<crate::table::Cell>> = input
        .data
        .iter()
        .map(|r| r.iter().map(crate::frame::json_cell).collect())
        .collect();
    let table = Table::from_rows(input.columns.clone(), &rows).map_err(|e| e.to_string())?;
    Ok(PandasFrame::value(table, None))
}

/// What `predict` returned, as one JSON value per row: a list (or tuple) as its items, a
/// Series as its values, a DataFrame as records (what the scoring server answers).
fn output_rows(v: &Value) -> Result<Vec<serde_json::Value>, PyErr> {
    use super::client::to_json;
    if matches!(v, Value::Object(o) if o.as_any().is::<PandasFrame>()) {
        let frame = model_input(v, "predict")?;
        return Ok(frame
            .data
            .into_iter()
            .map(|row| serde_json::Value::Object(frame.columns.iter().cloned().zip(row).collect()))
            .collect());
    }
    if let Some(s) = super::pandas::series::series_arg(v) {
        return super::cells::pandas_values(&s.values)
            .iter()
            .map(to_json)
            .collect();
    }
    match v {
        Value::List(_) | Value::Tuple(_) => v.iter_items().unwrap_or_default().iter().map(to_json).collect(),
        other => Err(type_error(format!(
            "predict returned {}; Lakelab's serving expects a list, a pandas Series or a DataFrame (one prediction per row)",
            other.type_name()
        ))),
    }
}

/// Whether `predict` takes the context (MLflow ≥ 2.20 also accepts
/// `predict(self, model_input, params=None)`).
fn predict_takes_context(class: &Rc<Class>) -> bool {
    match class.find("predict") {
        Some((_, Value::Function(f))) => {
            let names: Vec<&str> = f
                .params
                .posonlyargs
                .iter()
                .chain(&f.params.args)
                .map(|p| p.parameter.name.as_str())
                .collect();
            names.contains(&"context")
                || f.params
                    .posonlyargs
                    .iter()
                    .chain(&f.params.args)
                    .skip(1)
                    .filter(|p| p.default.is_none())
                    .count()
                    >= 2
        }
        _ => true,
    }
}

/// Rebuilds the instance without `__init__`, as unpickling does (its class is the one the
/// script's first lines defined, found by name).
fn rebuild(interp: &mut Interp, _: Args) -> Result<Value, PyErr> {
    let missing = || PyErr::new(ExcType::RuntimeError, "the model's saved state is missing");
    let Some(Value::Tuple(parts)) = interp.session.globals.get(STATE).cloned() else {
        return Err(missing());
    };
    let class = parts
        .first()
        .and_then(|n| interp.session.globals.get(&n.to_str()))
        .and_then(as_class);
    let (Some(class), Some(Value::Dict(attrs))) = (class, parts.get(1)) else {
        return Err(missing());
    };
    let attrs = attrs
        .borrow()
        .iter()
        .map(|(k, v)| (k.to_str(), v.clone()))
        .collect();
    Ok(Instance::restore(class, attrs))
}

/// Predicts with a saved custom model in a sandbox of its own (see `models::python_model`);
/// an error is the Python traceback's text.
pub fn predict(model: &PythonModel, input: &ModelInput) -> Result<Vec<serde_json::Value>, String> {
    run(model, input).map_err(|f| f.1)
}

/// A failed prediction: the error raised and the traceback text.
pub type Failure = Box<(PyErr, String)>;

fn fail(message: String) -> Failure {
    let err = PyErr::new(ExcType::RuntimeError, message);
    let text = err.headline();
    Box::new((err, text))
}

/// [`predict`] keeping the error raised, so a cell calling `predict` raises it.
pub fn run(model: &PythonModel, input: &ModelInput) -> Result<Vec<serde_json::Value>, Failure> {
    let mut ws = Workspace::default();
    let mut paths = Vec::new();
    for a in &model.artifacts {
        for f in &a.files {
            ws.files
                .write(&format!("{MODEL_DIR}/{}", f.path), f.bytes())
                .map_err(|e| fail(e.message()))?;
        }
        paths.push((a.name.clone(), format!("{MODEL_DIR}/{}", a.path)));
    }
    let mut session = Session::new(0);
    for (k, s) in &model.globals {
        session.globals.insert(k.clone(), restore(s));
    }
    let config = Value::dict(Dict::from_pairs(
        model
            .model_config
            .iter()
            .map(|(k, s)| (k.as_str(), restore(s))),
    ));
    session.globals.insert(
        CONTEXT.into(),
        Value::object(ContextObj {
            artifacts: paths,
            model_config: config,
        }),
    );
    session
        .globals
        .insert(INPUT.into(), input_frame(input).map_err(fail)?);
    session.globals.insert(
        "__lakelab_rebuild__".into(),
        Value::Native("rebuild", rebuild),
    );
    let mut script = model.imports.join("\n");
    for c in &model.classes {
        script.push('\n');
        script.push_str(c);
    }
    let mut clock = || 0i64;
    // Define the classes first: how predict is called depends on its parameters.
    let env = Env {
        clock: &mut clock,
        user: "model-serving".into(),
        file_name: "<python_model>".into(),
    };
    run_script(&mut ws, &mut session, env, &script)?;
    let class = session
        .globals
        .get(&model.class_name)
        .and_then(as_class)
        .ok_or_else(|| {
            fail(format!(
                "the model's class {} was not defined by its source",
                model.class_name
            ))
        })?;
    let takes_context = predict_takes_context(&class);
    let state = Value::dict(Dict::from_pairs(
        model.state.iter().map(|(k, s)| (k.as_str(), restore(s))),
    ));
    session.globals.insert(
        STATE.into(),
        Value::tuple(vec![Value::str(model.class_name.as_str()), state]),
    );
    // The driver lines follow the classes (defined again) so that a traceback's line numbers
    // and text come from one source.
    let call = if takes_context {
        format!("{MODEL}.predict({CONTEXT}, {INPUT})")
    } else {
        format!("{MODEL}.predict({INPUT})")
    };
    let driver = format!(
        "{script}\n{MODEL} = __lakelab_rebuild__()\n{MODEL}.load_context({CONTEXT})\n{OUTPUT} = {call}\n"
    );
    let mut clock = || 0i64;
    let env = Env {
        clock: &mut clock,
        user: "model-serving".into(),
        file_name: "<python_model>".into(),
    };
    run_script(&mut ws, &mut session, env, &driver)?;
    let out = session.globals.get(OUTPUT).cloned().unwrap_or(Value::None);
    output_rows(&out).map_err(|e| {
        let text = e.headline();
        Box::new((e, text))
    })
}

//! The `mlflow` module's fluent API: functions that act on the active experiment and run.
//!
//! As in MLflow, logging without an active run starts one (and leaves it active), and
//! `with mlflow.start_run():` ends the run FINISHED, or FAILED when the block raised.

use super::client;
use super::convert::{self, string_pairs, text};
use super::entities::{ActiveRunObj, ExperimentObj, RunObj};
use crate::notebook::call::{Bound, Sig};
use crate::notebook::error::{not_implemented, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{Args, NativeFn, Value};
use crate::tracking::runs_frame::SEARCH_MAX_RESULTS_PANDAS;
use crate::tracking::{Metric, RunStatus, StartRun};

fn mlflow_error(code: &str, message: impl Into<String>) -> PyErr {
    PyErr::new(ExcType::MlflowException(code.into()), message)
}

/// The `mlflow` module.
pub fn module_value() -> Value {
    let fns: &[(&'static str, NativeFn)] = &[
        ("set_experiment", set_experiment),
        ("start_run", start_run),
        ("end_run", end_run),
        ("active_run", active_run),
        ("last_active_run", last_active_run),
        ("log_param", log_param),
        ("log_params", log_params),
        ("log_metric", log_metric),
        ("autolog", super::sklearn::autolog::autolog),
        ("log_metrics", log_metrics),
        ("set_tag", set_tag),
        ("set_tags", set_tags),
        ("log_text", log_text),
        ("log_dict", log_dict),
        ("log_artifact", log_artifact),
        ("log_artifacts", log_artifacts),
        ("log_figure", log_figure),
        ("search_runs", search_runs),
        ("get_run", get_run),
        ("get_experiment", get_experiment),
        ("get_experiment_by_name", get_experiment_by_name),
        ("create_experiment", create_experiment),
        ("set_tracking_uri", set_tracking_uri),
        ("register_model", super::registry::register_model),
        ("log_input", super::datasets::log_input),
        ("set_registry_uri", super::registry::set_registry_uri),
        ("get_registry_uri", super::registry::get_registry_uri),
        ("get_tracking_uri", get_tracking_uri),
    ];
    let mut attrs: Vec<(&str, Value)> = fns
        .iter()
        .map(|(n, f)| (*n, Value::Native(n, *f)))
        .collect();
    attrs.push((
        "MlflowClient",
        Value::Native("MlflowClient", client::new_client),
    ));
    attrs.push(("tracking", super::tracking_module()));
    attrs.push(("entities", super::entities_module()));
    attrs.push(("artifacts", super::artifacts::module_value()));
    attrs.push(("sklearn", super::models::sklearn_module()));
    attrs.push(("spark", super::models::spark_module()));
    attrs.push(("pyfunc", super::models::pyfunc_module()));
    attrs.push(("models", super::models::models_module()));
    attrs.push(("data", super::datasets::module_value()));
    attrs.push(("deployments", super::serving::deploy::module_value()));
    attrs.push((
        "exceptions",
        module(
            "mlflow.exceptions",
            vec![(
                "MlflowException",
                Value::ExcClass(ExcType::MlflowException(String::new())),
            )],
        ),
    ));
    module("mlflow", attrs)
}

fn now(interp: &mut Interp) -> i64 {
    interp.now_ms()
}

/// The active run, or a new one started the way `mlflow.log_*` starts it.
pub fn run_for_logging(interp: &mut Interp, run_id: Option<&Value>) -> Result<String, PyErr> {
    if let Some(id) = run_id {
        return convert::id(id, "log", "run_id");
    }
    if let Some(id) = interp.session.fluent.active_run_id() {
        return Ok(id.to_string());
    }
    let t = now(interp);
    let user = interp.env.user.clone();
    let args = StartRun {
        user_id: user,
        ..Default::default()
    };
    Ok(interp
        .session
        .fluent
        .start_run(&mut interp.ws.tracking, args, t)?)
}

fn set_experiment(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "set_experiment",
        params: &["experiment_name=", "experiment_id="],
        is_method: false,
        display: "mlflow.set_experiment(experiment_name: str | None = None, experiment_id: str | None = None) -> Experiment",
    }
    .bind(args)?;
    let t = now(interp);
    let id = match (b.get("experiment_name"), b.get("experiment_id")) {
        (Some(name), None) => {
            let name = convert::string(name, "set_experiment", "experiment_name")?;
            interp
                .session
                .fluent
                .set_experiment(&mut interp.ws.tracking, &name, t)?
        }
        (None, Some(id)) => {
            let id = convert::id(id, "set_experiment", "experiment_id")?;
            let exp = interp.ws.tracking.get_experiment(&id).map_err(|_| {
                mlflow_error(
                    "RESOURCE_DOES_NOT_EXIST",
                    format!("Experiment with ID '{id}' does not exist."),
                )
            })?;
            let name = exp.name.clone();
            interp
                .session
                .fluent
                .set_experiment(&mut interp.ws.tracking, &name, t)?
        }
        _ => {
            return Err(mlflow_error(
                "INVALID_PARAMETER_VALUE",
                "Must specify exactly one of: `experiment_id` or `experiment_name`.",
            ))
        }
    };
    let exp = interp.ws.tracking.get_experiment(&id)?.clone();
    Ok(Value::object(ExperimentObj(exp)))
}

fn start_run(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "start_run",
        params: &["run_id=", "experiment_id=", "run_name=", "nested=", "parent_run_id=", "tags=", "description=", "log_system_metrics="],
        is_method: false,
        display: "mlflow.start_run(run_id=None, experiment_id=None, run_name=None, nested=False, parent_run_id=None, tags=None, description=None, log_system_metrics=None) -> ActiveRun",
    }
    .bind(args)?;
    if b.get("parent_run_id").is_some() {
        return Err(not_implemented("start_run(parent_run_id=...) is not supported in Lakelab; use nested=True inside the parent's block"));
    }
    let mut tags = string_pairs(&b.value("tags"), "start_run", "tags")?;
    if let Some(d) = b.get("description") {
        tags.push(("mlflow.note.content".into(), text(d)));
    }
    let args = StartRun {
        run_id: b
            .get("run_id")
            .map(|v| convert::id(v, "start_run", "run_id"))
            .transpose()?,
        experiment_id: b
            .get("experiment_id")
            .map(|v| convert::id(v, "start_run", "experiment_id"))
            .transpose()?,
        run_name: convert::opt_string(b.get("run_name"), "start_run", "run_name")?,
        nested: b.get("nested").is_some_and(Value::truthy),
        tags,
        user_id: interp.env.user.clone(),
    };
    let t = now(interp);
    let id = interp
        .session
        .fluent
        .start_run(&mut interp.ws.tracking, args, t)?;
    let run = interp.ws.tracking.get_run(&id)?;
    Ok(Value::object(ActiveRunObj(run)))
}

fn end_run(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "end_run",
        params: &["status="],
        is_method: false,
        display: "mlflow.end_run(status: str = 'FINISHED')",
    }
    .bind(args)?;
    let status = match b.get("status") {
        None => RunStatus::Finished,
        Some(v) => status_arg(v)?,
    };
    if let Some(id) = interp.session.fluent.active_run_id() {
        interp.session.last_run_id = Some(id.to_string());
    }
    let t = now(interp);
    interp
        .session
        .fluent
        .end_run(&mut interp.ws.tracking, status, t)?;
    Ok(Value::None)
}

pub fn status_arg(v: &Value) -> Result<RunStatus, PyErr> {
    let s = v.to_str();
    RunStatus::parse(&s).ok_or_else(|| {
        mlflow_error(
            "INVALID_PARAMETER_VALUE",
            format!("Invalid run status: {s}"),
        )
    })
}

fn no_args(args: &Args, name: &'static str, display: &'static str) -> Result<Bound, PyErr> {
    Sig {
        name,
        params: &[],
        is_method: false,
        display,
    }
    .bind(args.clone())
}

fn active_run(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    no_args(
        &args,
        "active_run",
        "mlflow.active_run() -> ActiveRun | None",
    )?;
    match interp.session.fluent.active_run_id() {
        None => Ok(Value::None),
        Some(id) => {
            let run = interp.ws.tracking.get_run(id)?;
            Ok(Value::object(ActiveRunObj(run)))
        }
    }
}

fn last_active_run(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    no_args(
        &args,
        "last_active_run",
        "mlflow.last_active_run() -> Run | None",
    )?;
    let id = interp
        .session
        .fluent
        .active_run_id()
        .map(str::to_string)
        .or_else(|| interp.session.last_run_id.clone());
    match id {
        None => Ok(Value::None),
        Some(id) => Ok(Value::object(RunObj(interp.ws.tracking.get_run(&id)?))),
    }
}

fn log_param(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "log_param",
        params: &["key", "value", "synchronous="],
        is_method: false,
        display: "mlflow.log_param(key: str, value: Any, synchronous: bool | None = None) -> Any",
    }
    .bind(args)?;
    let run = run_for_logging(interp, None)?;
    let value = b.value("value");
    interp
        .ws
        .tracking
        .log_param(&run, &text(&b.value("key")), &text(&value))?;
    Ok(value)
}

fn log_params(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "log_params",
        params: &["params", "synchronous=", "run_id="],
        is_method: false,
        display: "mlflow.log_params(params: dict[str, Any], synchronous: bool | None = None, run_id: str | None = None)",
    }
    .bind(args)?;
    let params = string_pairs(&b.value("params"), "log_params", "params")?;
    let run = run_for_logging(interp, b.get("run_id"))?;
    interp.ws.tracking.log_batch(&run, &[], &params, &[])?;
    Ok(Value::None)
}

fn metric_point(
    interp: &mut Interp,
    key: &Value,
    value: &Value,
    step: Option<&Value>,
    timestamp: Option<&Value>,
) -> Result<Metric, PyErr> {
    let key = text(key);
    let ts = match timestamp {
        Some(t) => convert::metric_int(t, "timestamp", &key, value)?,
        None => now(interp),
    };
    let v = convert::metric_value(value, &key, ts)?;
    let step = match step {
        Some(s) => convert::metric_int(s, "step", &key, value)?,
        None => 0,
    };
    Ok(Metric {
        key,
        value: v,
        timestamp: ts,
        step,
    })
}

fn log_metric(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "log_metric",
        params: &["key", "value", "step=", "synchronous=", "timestamp=", "run_id="],
        is_method: false,
        display: "mlflow.log_metric(key: str, value: float, step: int | None = None, synchronous: bool | None = None, timestamp: int | None = None, run_id: str | None = None)",
    }
    .bind(args)?;
    let m = metric_point(
        interp,
        &b.value("key"),
        &b.value("value"),
        b.get("step"),
        b.get("timestamp"),
    )?;
    let run = run_for_logging(interp, b.get("run_id"))?;
    interp
        .ws
        .tracking
        .log_metric(&run, &m.key, m.value, m.timestamp, m.step)?;
    Ok(Value::None)
}

fn log_metrics(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "log_metrics",
        params: &["metrics", "step=", "synchronous=", "run_id=", "timestamp="],
        is_method: false,
        display: "mlflow.log_metrics(metrics: dict[str, float], step: int | None = None, synchronous: bool | None = None, run_id: str | None = None, timestamp: int | None = None)",
    }
    .bind(args)?;
    let Value::Dict(d) = b.value("metrics") else {
        return Err(crate::notebook::error::type_error(format!(
            "log_metrics() argument 'metrics' must be a dict, not {}",
            b.value("metrics").type_name()
        )));
    };
    let pairs: Vec<(Value, Value)> = d.borrow().iter().cloned().collect();
    let mut points = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        points.push(metric_point(
            interp,
            &k,
            &v,
            b.get("step"),
            b.get("timestamp"),
        )?);
    }
    let run = run_for_logging(interp, b.get("run_id"))?;
    interp.ws.tracking.log_batch(&run, &points, &[], &[])?;
    Ok(Value::None)
}

fn set_tag(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "set_tag",
        params: &["key", "value", "synchronous="],
        is_method: false,
        display: "mlflow.set_tag(key: str, value: Any, synchronous: bool | None = None)",
    }
    .bind(args)?;
    let run = run_for_logging(interp, None)?;
    interp
        .ws
        .tracking
        .set_tag(&run, &text(&b.value("key")), &text(&b.value("value")))?;
    Ok(Value::None)
}

fn set_tags(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "set_tags",
        params: &["tags", "synchronous="],
        is_method: false,
        display: "mlflow.set_tags(tags: dict[str, Any], synchronous: bool | None = None)",
    }
    .bind(args)?;
    let tags = string_pairs(&b.value("tags"), "set_tags", "tags")?;
    let run = run_for_logging(interp, None)?;
    interp.ws.tracking.log_batch(&run, &[], &[], &tags)?;
    Ok(Value::None)
}

fn log_text(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "log_text",
        params: &["text", "artifact_file", "run_id="],
        is_method: false,
        display: "mlflow.log_text(text: str, artifact_file: str, run_id: str | None = None)",
    }
    .bind(args)?;
    let body = convert::string(&b.value("text"), "log_text", "text")?;
    let file = convert::string(&b.value("artifact_file"), "log_text", "artifact_file")?;
    let run = run_for_logging(interp, b.get("run_id"))?;
    interp.ws.tracking.log_text(&run, &body, &file)?;
    Ok(Value::None)
}

fn log_dict(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "log_dict",
        params: &["dictionary", "artifact_file", "run_id="],
        is_method: false,
        display: "mlflow.log_dict(dictionary: dict[str, Any], artifact_file: str, run_id: str | None = None)",
    }
    .bind(args)?;
    let json = client::to_json(&b.value("dictionary"))?;
    let file = convert::string(&b.value("artifact_file"), "log_dict", "artifact_file")?;
    let run = run_for_logging(interp, b.get("run_id"))?;
    interp.ws.tracking.log_dict(&run, &json, &file)?;
    Ok(Value::None)
}

fn log_artifact(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "log_artifact",
        params: &["local_path", "artifact_path=", "run_id="],
        is_method: false,
        display: "mlflow.log_artifact(local_path: str, artifact_path: str | None = None, run_id: str | None = None)",
    }
    .bind(args)?;
    let path = convert::string(&b.value("local_path"), "log_artifact", "local_path")?;
    let dir = convert::opt_string(b.get("artifact_path"), "log_artifact", "artifact_path")?;
    let run = run_for_logging(interp, b.get("run_id"))?;
    client::upload_file(interp, &run, &path, dir.as_deref())?;
    Ok(Value::None)
}

fn log_artifacts(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "log_artifacts",
        params: &["local_dir", "artifact_path=", "run_id="],
        is_method: false,
        display: "mlflow.log_artifacts(local_dir: str, artifact_path: str | None = None, run_id: str | None = None)",
    }
    .bind(args)?;
    let dir = convert::string(&b.value("local_dir"), "log_artifacts", "local_dir")?;
    let under = convert::opt_string(b.get("artifact_path"), "log_artifacts", "artifact_path")?;
    let run = run_for_logging(interp, b.get("run_id"))?;
    client::upload_dir(interp, &run, &dir, under.as_deref())?;
    Ok(Value::None)
}

fn log_figure(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "log_figure",
        params: &["figure", "artifact_file", "*", "save_kwargs="],
        is_method: false,
        display: "mlflow.log_figure(figure: matplotlib.figure.Figure, artifact_file: str, *, save_kwargs: dict | None = None)",
    }
    .bind(args)?;
    let fig = super::pyplot::figure_of(&b.value("figure")).ok_or_else(|| {
        crate::notebook::error::type_error(format!(
            "Unsupported figure object type: '{}'",
            b.value("figure").type_name()
        ))
    })?;
    let file = convert::string(&b.value("artifact_file"), "log_figure", "artifact_file")?;
    crate::tracking::artifacts::validate_artifact_path(&file)?;
    let bytes = super::pyplot::render(interp, fig, &file)?;
    let run = run_for_logging(interp, None)?;
    let figure = if file.to_ascii_lowercase().ends_with(".svg") {
        crate::tracking::Figure::Svg(String::from_utf8_lossy(&bytes).into_owned())
    } else {
        crate::tracking::Figure::Png(bytes)
    };
    interp.ws.tracking.log_figure(&run, figure, &file)?;
    Ok(Value::None)
}

fn search_runs(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "search_runs",
        params: &["experiment_ids=", "filter_string=", "run_view_type=", "max_results=", "order_by=", "output_format=", "search_all_experiments=", "experiment_names="],
        is_method: false,
        display: "mlflow.search_runs(experiment_ids=None, filter_string='', run_view_type=ViewType.ACTIVE_ONLY, max_results=100000, order_by=None, output_format='pandas', search_all_experiments=False, experiment_names=None)",
    }
    .bind(args)?;
    if let Some(f) = b.get("output_format") {
        if f.to_str() != "pandas" {
            return Err(not_implemented("search_runs(output_format='list') is not supported in Lakelab; use MlflowClient().search_runs"));
        }
    }
    let mut experiment_ids = match b.get("experiment_ids") {
        Some(v) => convert::ids(v, "search_runs", "experiment_ids")?,
        None => Vec::new(),
    };
    if let Some(names) = b.get("experiment_names") {
        for name in convert::strings(names, "search_runs", "experiment_names")? {
            if let Some(e) = interp.ws.tracking.get_experiment_by_name(&name) {
                experiment_ids.push(e.experiment_id.clone());
            }
        }
    }
    if b.get("search_all_experiments").is_some_and(Value::truthy) {
        experiment_ids = interp
            .ws
            .tracking
            .experiments()
            .iter()
            .map(|e| e.experiment_id.clone())
            .collect();
    }
    if experiment_ids.is_empty() && b.get("experiment_names").is_none() {
        experiment_ids.push(interp.session.fluent.experiment_id().to_string());
    }
    // `mlflow.search_runs` has no page_token (it reads every page itself).
    let query = convert::run_query(&b, "search_runs", experiment_ids, SEARCH_MAX_RESULTS_PANDAS)?;
    let frame = interp.ws.tracking.search_runs_frame(&query)?;
    Ok(super::pandas::frame::PandasFrame::value(
        super::cells::table_from_split(&frame),
        None,
    ))
}

fn get_run(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "get_run",
        params: &["run_id"],
        is_method: false,
        display: "mlflow.get_run(run_id: str) -> Run",
    }
    .bind(args)?;
    let id = convert::id(&b.value("run_id"), "get_run", "run_id")?;
    Ok(Value::object(RunObj(interp.ws.tracking.get_run(&id)?)))
}

fn get_experiment(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "get_experiment",
        params: &["experiment_id"],
        is_method: false,
        display: "mlflow.get_experiment(experiment_id: str) -> Experiment",
    }
    .bind(args)?;
    let id = convert::id(&b.value("experiment_id"), "get_experiment", "experiment_id")?;
    Ok(Value::object(ExperimentObj(
        interp.ws.tracking.get_experiment(&id)?.clone(),
    )))
}

fn get_experiment_by_name(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "get_experiment_by_name",
        params: &["name"],
        is_method: false,
        display: "mlflow.get_experiment_by_name(name: str) -> Experiment | None",
    }
    .bind(args)?;
    let name = convert::string(&b.value("name"), "get_experiment_by_name", "name")?;
    Ok(interp
        .ws
        .tracking
        .get_experiment_by_name(&name)
        .map_or(Value::None, |e| Value::object(ExperimentObj(e.clone()))))
}

fn create_experiment(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "create_experiment",
        params: &["name", "artifact_location=", "tags="],
        is_method: false,
        display: "mlflow.create_experiment(name: str, artifact_location: str | None = None, tags: dict[str, Any] | None = None) -> str",
    }
    .bind(args)?;
    client::create_experiment_from(interp, &b, "create_experiment")
}

fn set_tracking_uri(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "set_tracking_uri",
        params: &["uri"],
        is_method: false,
        display: "mlflow.set_tracking_uri(uri: str)",
    }
    .bind(args)?;
    let uri = b.value("uri").to_str();
    if uri != "databricks" {
        interp.print(&format!(
            "Lakelab: the tracking server is the sandbox in this tab; '{uri}' is noted but not used.\n"
        ));
    }
    Ok(Value::None)
}

fn get_tracking_uri(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    no_args(
        &args,
        "get_tracking_uri",
        "mlflow.get_tracking_uri() -> str",
    )?;
    Ok(Value::str("databricks"))
}

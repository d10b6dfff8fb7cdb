//! `MlflowClient`: the tracking client's methods, each with its real signature.

use std::any::Any;
use std::rc::Rc;

use super::convert::{self, string_pairs, text};
use super::entities::{
    as_key_value, as_metric, ExperimentObj, FileInfoObj, MetricObj, PagedListObj, RunObj,
};
use super::mlflow::status_arg;
use crate::notebook::call::{Bound, Sig};
use crate::notebook::error::{type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};
use crate::tracking::{ExperimentQuery, NewRun, SEARCH_MAX_RESULTS_DEFAULT};

/// `MlflowClient(tracking_uri=None, registry_uri=None)`.
pub fn new_client(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "MlflowClient.__init__",
        params: &["tracking_uri=", "registry_uri="],
        is_method: true,
        display: "MlflowClient(tracking_uri: str | None = None, registry_uri: str | None = None)",
    }
    .bind(args)?;
    let registry = match b.get("registry_uri") {
        Some(uri) => Some(super::registry::kind_of(&convert::string(
            uri,
            "MlflowClient",
            "registry_uri",
        )?)?),
        None => None,
    };
    Ok(Value::object(ClientObj { registry }))
}

/// A client; `registry` is its own `registry_uri=`, else the notebook's registry is used.
#[derive(Debug)]
pub struct ClientObj {
    pub registry: Option<crate::registry::RegistryKind>,
}

/// Each method: name, qualified name, parameters (after `self`), and the signature shown in
/// notes.
const METHODS: &[(&str, &str, &[&str], &str)] = &[
    ("create_experiment", "MlflowClient.create_experiment", &["name", "artifact_location=", "tags="], "MlflowClient.create_experiment(name: str, artifact_location: str | None = None, tags: dict[str, Any] | None = None) -> str"),
    ("get_experiment", "MlflowClient.get_experiment", &["experiment_id"], "MlflowClient.get_experiment(experiment_id: str) -> Experiment"),
    ("get_experiment_by_name", "MlflowClient.get_experiment_by_name", &["name"], "MlflowClient.get_experiment_by_name(name: str) -> Experiment | None"),
    ("search_experiments", "MlflowClient.search_experiments", &["view_type=", "max_results=", "filter_string=", "order_by=", "page_token="], "MlflowClient.search_experiments(view_type=ViewType.ACTIVE_ONLY, max_results=1000, filter_string=None, order_by=None, page_token=None) -> PagedList[Experiment]"),
    ("delete_experiment", "MlflowClient.delete_experiment", &["experiment_id"], "MlflowClient.delete_experiment(experiment_id: str)"),
    ("restore_experiment", "MlflowClient.restore_experiment", &["experiment_id"], "MlflowClient.restore_experiment(experiment_id: str)"),
    ("rename_experiment", "MlflowClient.rename_experiment", &["experiment_id", "new_name"], "MlflowClient.rename_experiment(experiment_id: str, new_name: str)"),
    ("set_experiment_tag", "MlflowClient.set_experiment_tag", &["experiment_id", "key", "value"], "MlflowClient.set_experiment_tag(experiment_id: str, key: str, value: Any)"),
    ("create_run", "MlflowClient.create_run", &["experiment_id", "start_time=", "tags=", "run_name="], "MlflowClient.create_run(experiment_id: str, start_time: int | None = None, tags: dict[str, Any] | None = None, run_name: str | None = None) -> Run"),
    ("get_run", "MlflowClient.get_run", &["run_id"], "MlflowClient.get_run(run_id: str) -> Run"),
    ("log_metric", "MlflowClient.log_metric", &["run_id", "key", "value", "timestamp=", "step=", "synchronous="], "MlflowClient.log_metric(run_id: str, key: str, value: float, timestamp: int | None = None, step: int | None = None, synchronous: bool | None = None)"),
    ("log_param", "MlflowClient.log_param", &["run_id", "key", "value", "synchronous="], "MlflowClient.log_param(run_id: str, key: str, value: Any, synchronous: bool | None = None) -> Any"),
    ("set_tag", "MlflowClient.set_tag", &["run_id", "key", "value", "synchronous="], "MlflowClient.set_tag(run_id: str, key: str, value: Any, synchronous: bool | None = None)"),
    ("delete_tag", "MlflowClient.delete_tag", &["run_id", "key"], "MlflowClient.delete_tag(run_id: str, key: str)"),
    ("log_batch", "MlflowClient.log_batch", &["run_id", "metrics=", "params=", "tags=", "synchronous="], "MlflowClient.log_batch(run_id: str, metrics: Sequence[Metric] = (), params: Sequence[Param] = (), tags: Sequence[RunTag] = (), synchronous: bool | None = None)"),
    ("set_terminated", "MlflowClient.set_terminated", &["run_id", "status=", "end_time="], "MlflowClient.set_terminated(run_id: str, status: str | None = None, end_time: int | None = None)"),
    ("update_run", "MlflowClient.update_run", &["run_id", "status=", "name="], "MlflowClient.update_run(run_id: str, status: str | None = None, name: str | None = None)"),
    ("search_runs", "MlflowClient.search_runs", &["experiment_ids", "filter_string=", "run_view_type=", "max_results=", "order_by=", "page_token="], "MlflowClient.search_runs(experiment_ids: list[str], filter_string: str = '', run_view_type: int = ViewType.ACTIVE_ONLY, max_results: int = 1000, order_by: list[str] | None = None, page_token: str | None = None) -> PagedList[Run]"),
    ("get_metric_history", "MlflowClient.get_metric_history", &["run_id", "key"], "MlflowClient.get_metric_history(run_id: str, key: str) -> list[Metric]"),
    ("delete_run", "MlflowClient.delete_run", &["run_id"], "MlflowClient.delete_run(run_id: str)"),
    ("restore_run", "MlflowClient.restore_run", &["run_id"], "MlflowClient.restore_run(run_id: str)"),
    ("list_artifacts", "MlflowClient.list_artifacts", &["run_id", "path="], "MlflowClient.list_artifacts(run_id: str, path: str | None = None) -> list[FileInfo]"),
    ("log_text", "MlflowClient.log_text", &["run_id", "text", "artifact_file"], "MlflowClient.log_text(run_id: str, text: str, artifact_file: str)"),
    ("log_dict", "MlflowClient.log_dict", &["run_id", "dictionary", "artifact_file"], "MlflowClient.log_dict(run_id: str, dictionary: dict[str, Any], artifact_file: str)"),
    ("log_artifact", "MlflowClient.log_artifact", &["run_id", "local_path", "artifact_path="], "MlflowClient.log_artifact(run_id: str, local_path: str, artifact_path: str | None = None)"),
    ("log_artifacts", "MlflowClient.log_artifacts", &["run_id", "local_dir", "artifact_path="], "MlflowClient.log_artifacts(run_id: str, local_dir: str, artifact_path: str | None = None)"),
    ("download_artifacts", "MlflowClient.download_artifacts", &["run_id", "path", "dst_path="], "MlflowClient.download_artifacts(run_id: str, path: str, dst_path: str | None = None) -> str"),
];

/// A Python value as JSON (for `log_dict`), refusing what JSON cannot hold.
pub fn to_json(v: &Value) -> Result<serde_json::Value, PyErr> {
    Ok(match v {
        Value::None => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Int(i) => serde_json::json!(i),
        Value::Float(f) => serde_json::json!(f),
        Value::Str(s) => serde_json::Value::String(s.to_string()),
        Value::List(_) | Value::Tuple(_) => serde_json::Value::Array(
            v.iter_items()
                .unwrap_or_default()
                .iter()
                .map(to_json)
                .collect::<Result<_, _>>()?,
        ),
        Value::Dict(d) => {
            let mut map = serde_json::Map::new();
            for (k, x) in d.borrow().iter() {
                map.insert(k.to_str(), to_json(x)?);
            }
            serde_json::Value::Object(map)
        }
        other => {
            return Err(type_error(format!(
                "Object of type {} is not JSON serializable",
                other.type_name()
            )))
        }
    })
}

/// Uploads one file of the notebook file system as an artifact (keeping its name).
pub fn upload_file(
    interp: &mut Interp,
    run_id: &str,
    local_path: &str,
    artifact_path: Option<&str>,
) -> Result<(), PyErr> {
    let bytes = interp
        .ws
        .files
        .read(local_path)
        .map_err(super::files::file_error)?
        .to_vec();
    let name = crate::files::resolve(local_path)
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    interp
        .ws
        .tracking
        .log_artifact(run_id, &name, bytes, artifact_path)?;
    Ok(())
}

/// Uploads every file under a directory, keeping their relative paths.
pub fn upload_dir(
    interp: &mut Interp,
    run_id: &str,
    local_dir: &str,
    artifact_path: Option<&str>,
) -> Result<(), PyErr> {
    let root = crate::files::resolve(local_dir);
    if !interp.ws.files.is_dir(&root) {
        return Err(super::files::file_error(crate::files::FileError::NotFound(
            local_dir.into(),
        )));
    }
    for path in interp.ws.files.walk(&root) {
        let Some(rel) = path.strip_prefix(&format!("{root}/")) else {
            continue;
        };
        let (sub, _) = rel.rsplit_once('/').unwrap_or(("", rel));
        let dir = match (artifact_path, sub) {
            (Some(a), "") => Some(a.to_string()),
            (Some(a), s) => Some(format!("{a}/{s}")),
            (None, "") => None,
            (None, s) => Some(s.to_string()),
        };
        upload_file(interp, run_id, &path, dir.as_deref())?;
    }
    Ok(())
}

/// Copies a run's artifact (file or directory) into the notebook file system and returns the
/// local path, as `download_artifacts` does (default destination: a temporary directory).
pub fn download(
    interp: &mut Interp,
    run_id: &str,
    path: &str,
    dst_path: Option<&str>,
) -> Result<String, PyErr> {
    let files: Vec<(String, Vec<u8>)> = interp
        .ws
        .tracking
        .download_artifacts(run_id, path)?
        .into_iter()
        .map(|(p, b)| (p, b.to_vec()))
        .collect();
    let base = match dst_path {
        Some(d) => crate::files::resolve(d),
        None => format!("/local_disk0/tmp/mlflow-artifacts/{run_id}"),
    };
    for (p, bytes) in files {
        interp
            .ws
            .files
            .write(&format!("{base}/{p}"), bytes)
            .map_err(super::files::file_error)?;
    }
    Ok(format!("{base}/{}", path.trim_end_matches('/')))
}

/// `create_experiment(name, artifact_location=None, tags=None)`, shared by `mlflow.` and the
/// client.
pub fn create_experiment_from(interp: &mut Interp, b: &Bound, func: &str) -> Result<Value, PyErr> {
    let name = convert::string(&b.value("name"), func, "name")?;
    let location = convert::opt_string(b.get("artifact_location"), func, "artifact_location")?;
    let tags = string_pairs(&b.value("tags"), func, "tags")?;
    let t = interp.now_ms();
    let id = interp
        .ws
        .tracking
        .create_experiment(&name, location.as_deref(), &tags, t)?;
    Ok(Value::str(id))
}

fn id_arg(b: &Bound, name: &str, func: &str) -> Result<String, PyErr> {
    convert::id(&b.value(name), func, name)
}

impl Object for ClientObj {
    fn type_name(&self) -> &str {
        "MlflowClient"
    }
    fn has_method(&self, name: &str) -> bool {
        METHODS.iter().any(|(n, _, _, _)| *n == name)
            || super::registry::METHODS
                .iter()
                .any(|(n, _, _, _)| *n == name)
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        if let Some((method, qualified, params, display)) = super::registry::METHODS
            .iter()
            .find(|(n, _, _, _)| *n == name)
        {
            let b = Sig {
                name: qualified,
                params,
                is_method: true,
                display,
            }
            .bind(args)?;
            let kind = self.registry.unwrap_or(interp.session.registry);
            return super::registry::call(interp, kind, method, &b);
        }
        let Some((_, qualified, params, display)) = METHODS.iter().find(|(n, _, _, _)| *n == name)
        else {
            return Err(crate::notebook::error::attribute_error(
                "MlflowClient",
                name,
            ));
        };
        let b = Sig {
            name: qualified,
            params,
            is_method: true,
            display,
        }
        .bind(args)?;
        call(interp, name, &b)
    }
    fn repr(&self) -> String {
        "<mlflow.tracking.client.MlflowClient object>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn call(interp: &mut Interp, name: &str, b: &Bound) -> Result<Value, PyErr> {
    let t = interp.now_ms();
    let tr = &mut interp.ws.tracking;
    Ok(match name {
        "create_experiment" => return create_experiment_from(interp, b, name),
        "get_experiment" => Value::object(ExperimentObj(
            tr.get_experiment(&id_arg(b, "experiment_id", name)?)?
                .clone(),
        )),
        "get_experiment_by_name" => {
            let n = convert::string(&b.value("name"), name, "name")?;
            tr.get_experiment_by_name(&n)
                .map_or(Value::None, |e| Value::object(ExperimentObj(e.clone())))
        }
        "search_experiments" => {
            let query = ExperimentQuery {
                view_type: convert::view_type(b.get("view_type"))?,
                max_results: b
                    .get("max_results")
                    .and_then(Value::as_int)
                    .map_or(SEARCH_MAX_RESULTS_DEFAULT, |n| n.max(0) as usize),
                filter_string: b
                    .get("filter_string")
                    .map(Value::to_str)
                    .unwrap_or_default(),
                order_by: match b.get("order_by") {
                    Some(v) => convert::strings(v, name, "order_by")?,
                    None => Vec::new(),
                },
                page_token: convert::opt_string(b.get("page_token"), name, "page_token")?,
            };
            let (items, token) = tr.search_experiments(&query)?;
            Value::object(PagedListObj {
                items: items
                    .into_iter()
                    .map(|e| Value::object(ExperimentObj(e)))
                    .collect(),
                token,
            })
        }
        "delete_experiment" => {
            tr.delete_experiment(&id_arg(b, "experiment_id", name)?, t)?;
            Value::None
        }
        "restore_experiment" => {
            tr.restore_experiment(&id_arg(b, "experiment_id", name)?, t)?;
            Value::None
        }
        "rename_experiment" => {
            let new = convert::string(&b.value("new_name"), name, "new_name")?;
            tr.rename_experiment(&id_arg(b, "experiment_id", name)?, &new, t)?;
            Value::None
        }
        "set_experiment_tag" => {
            tr.set_experiment_tag(
                &id_arg(b, "experiment_id", name)?,
                &text(&b.value("key")),
                &text(&b.value("value")),
            )?;
            Value::None
        }
        "create_run" => {
            let exp = id_arg(b, "experiment_id", name)?;
            let new = NewRun {
                start_time: b.get("start_time").and_then(Value::as_int),
                run_name: convert::opt_string(b.get("run_name"), name, "run_name")?,
                tags: string_pairs(&b.value("tags"), name, "tags")?,
                user_id: interp.env.user.clone(),
            };
            let id = interp.ws.tracking.create_run(&exp, new, t)?;
            Value::object(RunObj(interp.ws.tracking.get_run(&id)?))
        }
        "get_run" => Value::object(RunObj(tr.get_run(&id_arg(b, "run_id", name)?)?)),
        "log_metric" => {
            let run = id_arg(b, "run_id", name)?;
            let key = text(&b.value("key"));
            let value = b.value("value");
            let ts = match b.get("timestamp") {
                Some(v) => convert::metric_int(v, "timestamp", &key, &value)?,
                None => t,
            };
            let v = convert::metric_value(&value, &key, ts)?;
            let step = match b.get("step") {
                Some(s) => convert::metric_int(s, "step", &key, &value)?,
                None => 0,
            };
            tr.log_metric(&run, &key, v, ts, step)?;
            Value::None
        }
        "log_param" => {
            let value = b.value("value");
            tr.log_param(
                &id_arg(b, "run_id", name)?,
                &text(&b.value("key")),
                &text(&value),
            )?;
            value
        }
        "set_tag" => {
            tr.set_tag(
                &id_arg(b, "run_id", name)?,
                &text(&b.value("key")),
                &text(&b.value("value")),
            )?;
            Value::None
        }
        "delete_tag" => {
            tr.delete_tag(&id_arg(b, "run_id", name)?, &text(&b.value("key")))?;
            Value::None
        }
        "log_batch" => {
            let list = |v: Value| v.iter_items().unwrap_or_default();
            let metrics = list(b.value("metrics"))
                .iter()
                .map(as_metric)
                .collect::<Result<Vec<_>, _>>()?;
            let params = list(b.value("params"))
                .iter()
                .map(|p| as_key_value(p, "Param"))
                .collect::<Result<Vec<_>, _>>()?;
            let tags = list(b.value("tags"))
                .iter()
                .map(|p| as_key_value(p, "RunTag"))
                .collect::<Result<Vec<_>, _>>()?;
            tr.log_batch(&id_arg(b, "run_id", name)?, &metrics, &params, &tags)?;
            Value::None
        }
        "set_terminated" => {
            let status = match b.get("status") {
                Some(s) => status_arg(s)?,
                None => crate::tracking::RunStatus::Finished,
            };
            let end = b.get("end_time").and_then(Value::as_int);
            tr.set_terminated(&id_arg(b, "run_id", name)?, status, end, t)?;
            Value::None
        }
        "update_run" => {
            let status = b.get("status").map(status_arg).transpose()?;
            let new_name = convert::opt_string(b.get("name"), name, "name")?;
            tr.update_run(&id_arg(b, "run_id", name)?, status, new_name.as_deref(), t)?;
            Value::None
        }
        "search_runs" => {
            let ids = convert::ids(&b.value("experiment_ids"), name, "experiment_ids")?;
            let query = convert::run_query(b, name, ids, SEARCH_MAX_RESULTS_DEFAULT)?;
            let page = tr.search_runs(&query)?;
            Value::object(PagedListObj {
                items: page
                    .runs
                    .into_iter()
                    .map(|r| Value::object(RunObj(r)))
                    .collect(),
                token: page.token,
            })
        }
        "get_metric_history" => {
            let history =
                tr.get_metric_history(&id_arg(b, "run_id", name)?, &text(&b.value("key")))?;
            Value::list(
                history
                    .into_iter()
                    .map(|m| Value::object(MetricObj(m)))
                    .collect(),
            )
        }
        "delete_run" => {
            tr.delete_run(&id_arg(b, "run_id", name)?)?;
            Value::None
        }
        "restore_run" => {
            tr.restore_run(&id_arg(b, "run_id", name)?)?;
            Value::None
        }
        "list_artifacts" => {
            let path = convert::opt_string(b.get("path"), name, "path")?;
            let files = tr.list_artifacts(&id_arg(b, "run_id", name)?, path.as_deref())?;
            Value::list(
                files
                    .into_iter()
                    .map(|f| Value::object(FileInfoObj(f)))
                    .collect(),
            )
        }
        "log_text" => {
            let body = convert::string(&b.value("text"), name, "text")?;
            let file = convert::string(&b.value("artifact_file"), name, "artifact_file")?;
            tr.log_text(&id_arg(b, "run_id", name)?, &body, &file)?;
            Value::None
        }
        "log_dict" => {
            let json = to_json(&b.value("dictionary"))?;
            let file = convert::string(&b.value("artifact_file"), name, "artifact_file")?;
            tr.log_dict(&id_arg(b, "run_id", name)?, &json, &file)?;
            Value::None
        }
        "log_artifact" => {
            let run = id_arg(b, "run_id", name)?;
            let path = convert::string(&b.value("local_path"), name, "local_path")?;
            let dir = convert::opt_string(b.get("artifact_path"), name, "artifact_path")?;
            upload_file(interp, &run, &path, dir.as_deref())?;
            Value::None
        }
        "log_artifacts" => {
            let run = id_arg(b, "run_id", name)?;
            let dir = convert::string(&b.value("local_dir"), name, "local_dir")?;
            let under = convert::opt_string(b.get("artifact_path"), name, "artifact_path")?;
            upload_dir(interp, &run, &dir, under.as_deref())?;
            Value::None
        }
        "download_artifacts" => {
            let run = id_arg(b, "run_id", name)?;
            let path = convert::string(&b.value("path"), name, "path")?;
            let dst = convert::opt_string(b.get("dst_path"), name, "dst_path")?;
            Value::str(download(interp, &run, &path, dst.as_deref())?)
        }
        other => {
            return Err(crate::notebook::error::attribute_error(
                "MlflowClient",
                other,
            ))
        }
    })
}

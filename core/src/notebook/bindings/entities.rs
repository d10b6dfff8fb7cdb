//! MLflow's entities as Python objects: `Run` (`info`, `data`), `RunInfo`, `RunData`,
//! `Experiment`, `Metric`, `Param`, `RunTag`, `FileInfo`, `ActiveRun`, and `PagedList`.

use std::any::Any;
use std::rc::Rc;

use super::convert::{opt_int, string_dict};
use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Dict, Object, Value};
use crate::tracking::{Experiment, FileInfo, Metric, Run};

macro_rules! object {
    ($ty:ident, $name:literal) => {
        fn type_name(&self) -> &str {
            $name
        }
        fn as_any(&self) -> &dyn Any {
            self
        }
    };
}

/// `mlflow.entities.Run`.
#[derive(Debug)]
pub struct RunObj(pub Run);

impl Object for RunObj {
    object!(RunObj, "Run");
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "info" => Value::object(RunInfoObj(self.0.clone())),
            "data" => Value::object(RunDataObj(self.0.clone())),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        format!(
            "<Run: data={}, info={}>",
            RunDataObj(self.0.clone()).repr(),
            RunInfoObj(self.0.clone()).repr()
        )
    }
}

/// `mlflow.entities.RunInfo`.
#[derive(Debug)]
pub struct RunInfoObj(pub Run);

impl Object for RunInfoObj {
    object!(RunInfoObj, "RunInfo");
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let i = &self.0.info;
        Some(match name {
            "run_id" | "run_uuid" => Value::str(i.run_id.as_str()),
            "run_name" => Value::str(i.run_name.as_str()),
            "experiment_id" => Value::str(i.experiment_id.as_str()),
            "user_id" => Value::str(i.user_id.as_str()),
            "status" => Value::str(i.status.as_str()),
            "start_time" => Value::Int(i.start_time),
            "end_time" => opt_int(i.end_time),
            "artifact_uri" => Value::str(i.artifact_uri.as_str()),
            "lifecycle_stage" => Value::str(i.lifecycle_stage.as_str()),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        let i = &self.0.info;
        format!(
            "<RunInfo: artifact_uri='{}', end_time={}, experiment_id='{}', lifecycle_stage='{}', \
             run_id='{}', run_name='{}', start_time={}, status='{}', user_id='{}'>",
            i.artifact_uri,
            i.end_time.map_or("None".to_string(), |t| t.to_string()),
            i.experiment_id,
            i.lifecycle_stage.as_str(),
            i.run_id,
            i.run_name,
            i.start_time,
            i.status.as_str(),
            i.user_id
        )
    }
}

/// `mlflow.entities.RunData`.
#[derive(Debug)]
pub struct RunDataObj(pub Run);

impl RunDataObj {
    fn metrics(&self) -> Value {
        Value::dict(Dict::from_pairs(
            self.0
                .data
                .metrics
                .iter()
                .map(|(k, v)| (k.as_str(), Value::Float(*v))),
        ))
    }
}

impl Object for RunDataObj {
    object!(RunDataObj, "RunData");
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "metrics" => self.metrics(),
            "params" => string_dict(&self.0.data.params),
            "tags" => string_dict(&self.0.data.tags),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        format!(
            "<RunData: metrics={}, params={}, tags={}>",
            self.metrics().repr(),
            string_dict(&self.0.data.params).repr(),
            string_dict(&self.0.data.tags).repr()
        )
    }
}

/// `mlflow.entities.Experiment`.
#[derive(Debug)]
pub struct ExperimentObj(pub Experiment);

impl Object for ExperimentObj {
    object!(ExperimentObj, "Experiment");
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let e = &self.0;
        Some(match name {
            "experiment_id" => Value::str(e.experiment_id.as_str()),
            "name" => Value::str(e.name.as_str()),
            "artifact_location" => Value::str(e.artifact_location.as_str()),
            "lifecycle_stage" => Value::str(e.lifecycle_stage.as_str()),
            "tags" => string_dict(&e.tags),
            "creation_time" => Value::Int(e.creation_time),
            "last_update_time" => Value::Int(e.last_update_time),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        let e = &self.0;
        format!(
            "<Experiment: artifact_location='{}', creation_time={}, experiment_id='{}', \
             last_update_time={}, lifecycle_stage='{}', name='{}', tags={}>",
            e.artifact_location,
            e.creation_time,
            e.experiment_id,
            e.last_update_time,
            e.lifecycle_stage.as_str(),
            e.name,
            string_dict(&e.tags).repr()
        )
    }
}

/// `mlflow.entities.Metric`.
#[derive(Debug)]
pub struct MetricObj(pub Metric);

impl Object for MetricObj {
    object!(MetricObj, "Metric");
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let m = &self.0;
        Some(match name {
            "key" => Value::str(m.key.as_str()),
            "value" => Value::Float(m.value),
            "timestamp" => Value::Int(m.timestamp),
            "step" => Value::Int(m.step),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        let m = &self.0;
        format!(
            "<Metric: key='{}', step={}, timestamp={}, value={}>",
            m.key,
            m.step,
            m.timestamp,
            crate::notebook::value::float_repr(m.value)
        )
    }
}

/// `mlflow.entities.Param` and `mlflow.entities.RunTag`: a key and a string value.
#[derive(Debug)]
pub struct KeyValueObj {
    pub kind: &'static str,
    pub key: String,
    pub value: String,
}

impl Object for KeyValueObj {
    fn type_name(&self) -> &str {
        self.kind
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "key" => Value::str(self.key.as_str()),
            "value" => Value::str(self.value.as_str()),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        format!(
            "<{}: key='{}', value='{}'>",
            self.kind, self.key, self.value
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `mlflow.entities.FileInfo`.
#[derive(Debug)]
pub struct FileInfoObj(pub FileInfo);

impl Object for FileInfoObj {
    object!(FileInfoObj, "FileInfo");
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let f = &self.0;
        Some(match name {
            "path" => Value::str(f.path.as_str()),
            "is_dir" => Value::Bool(f.is_dir),
            "file_size" => f.file_size.map_or(Value::None, |s| Value::Int(s as i64)),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        let f = &self.0;
        format!(
            "<FileInfo: file_size={}, is_dir={}, path='{}'>",
            f.file_size.map_or("None".to_string(), |s| s.to_string()),
            if f.is_dir { "True" } else { "False" },
            f.path
        )
    }
}

/// What `mlflow.start_run()` returns: the run as it was when it started, and a context
/// manager that ends it (FINISHED, or FAILED when the block raised).
#[derive(Debug)]
pub struct ActiveRunObj(pub Run);

impl Object for ActiveRunObj {
    object!(ActiveRunObj, "ActiveRun");
    fn get_attr(&self, interp: &mut Interp, name: &str) -> Option<Value> {
        RunObj(self.0.clone()).get_attr(interp, name)
    }
    fn enter(self: Rc<Self>, _: &mut Interp) -> Option<Result<Value, PyErr>> {
        Some(Ok(Value::Object(self)))
    }
    fn exit(&self, interp: &mut Interp, raised: bool) -> Result<(), PyErr> {
        // Only if this run is still the active one (mlflow.end_run() may have ended it).
        if interp.session.fluent.active_run_id() == Some(self.0.info.run_id.as_str()) {
            let now = interp.now_ms();
            interp
                .session
                .fluent
                .end_block(&mut interp.ws.tracking, raised, now)?;
            interp.session.last_run_id = Some(self.0.info.run_id.clone());
        }
        Ok(())
    }
    fn repr(&self) -> String {
        "<ActiveRun: >".into()
    }
}

/// `PagedList`: a list with the next page's `token`.
#[derive(Debug)]
pub struct PagedListObj {
    pub items: Vec<Value>,
    pub token: Option<String>,
}

impl Object for PagedListObj {
    object!(PagedListObj, "PagedList");
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        (name == "token").then(|| self.token.as_deref().map_or(Value::None, Value::str))
    }
    fn items(&self) -> Option<Vec<Value>> {
        Some(self.items.clone())
    }
    fn get_item(&self, interp: &mut Interp, key: &Value) -> Result<Value, PyErr> {
        crate::notebook::ops::get_item(interp, &Value::list(self.items.clone()), key)
    }
    fn repr(&self) -> String {
        Value::list(self.items.clone()).repr()
    }
}

/// `mlflow.entities.Metric(key, value, timestamp, step)` and friends, for `log_batch`.
pub fn metric_ctor(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let sig = crate::notebook::call::Sig {
        name: "Metric.__init__",
        params: &["key", "value", "timestamp", "step"],
        is_method: true,
        display: "Metric(key: str, value: float, timestamp: int, step: int)",
    };
    let b = sig.bind(args)?;
    let key = b.value("key").to_str();
    let value = b
        .value("value")
        .as_f64()
        .ok_or_else(|| type_error("Metric value must be a number"))?;
    let timestamp = b.value("timestamp").as_int().unwrap_or(0);
    let step = b.value("step").as_int().unwrap_or(0);
    Ok(Value::object(MetricObj(Metric {
        key,
        value,
        timestamp,
        step,
    })))
}

pub fn param_ctor(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    key_value("Param", args)
}

pub fn run_tag_ctor(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    key_value("RunTag", args)
}

fn key_value(kind: &'static str, args: Args) -> Result<Value, PyErr> {
    let sig = crate::notebook::call::Sig {
        name: if kind == "Param" {
            "Param.__init__"
        } else {
            "RunTag.__init__"
        },
        params: &["key", "value"],
        is_method: true,
        display: "(key: str, value: str)",
    };
    let b = sig.bind(args)?;
    Ok(Value::object(KeyValueObj {
        kind,
        key: b.value("key").to_str(),
        value: b.value("value").to_str(),
    }))
}

/// Reads back a `Metric`, `Param` or `RunTag` made by the constructors above.
pub fn as_metric(v: &Value) -> Result<Metric, PyErr> {
    match v {
        Value::Object(o) => o
            .as_any()
            .downcast_ref::<MetricObj>()
            .map(|m| m.0.clone())
            .ok_or_else(|| type_error(format!("expected a Metric, got {}", o.type_name()))),
        other => Err(type_error(format!(
            "expected a Metric, got {}",
            other.type_name()
        ))),
    }
}

pub fn as_key_value(v: &Value, kind: &str) -> Result<(String, String), PyErr> {
    match v {
        Value::Object(o) => o
            .as_any()
            .downcast_ref::<KeyValueObj>()
            .filter(|kv| kv.kind == kind)
            .map(|kv| (kv.key.clone(), kv.value.clone()))
            .ok_or_else(|| type_error(format!("expected a {kind}, got {}", o.type_name()))),
        other => Err(PyErr::new(
            ExcType::TypeError,
            format!("expected a {kind}, got {}", other.type_name()),
        )),
    }
}

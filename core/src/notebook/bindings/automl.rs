//! `databricks.automl` in cells: `classify` / `regress` run Lakelab's AutoML engine
//! (`crate::automl`) in the cell and return an `AutoMLSummary` whose `TrialInfo`s load their
//! models. The run blocks the cell, as on Databricks; the AutoML page runs it in a worker.
//!
//! The search is seeded from the notebook's random generator, so `random.seed(n)` before the
//! call makes the trials reproducible. `forecast` runs `automl::forecast` (deterministic
//! stand-ins for Prophet and Auto-ARIMA). Each trial run carries its generated notebook
//! (`automl::notebook`, `automl::forecast::notebook`); the best one is imported into the
//! workspace.

use std::any::Any;
use std::rc::Rc;

use super::cells::to_cell;
use super::convert;
use super::entities::ExperimentObj;
use super::features::py_err;
use super::pandas::frame::PandasFrame;
use super::spark::dataframe::SparkFrame;
use crate::automl::forecast::ForecastParams;
use crate::automl::{self, AutoMLParams, AutoMLSummary, TrialInfo};
use crate::features::lookup::FeatureLookup;
use crate::features::training::{self, Join};
use crate::features::Flavor;
use crate::ml::estimator::Task;
use crate::ml::impute::Strategy;
use crate::models::SavedModel;
use crate::notebook::call::{Bound, Sig};
use crate::notebook::error::{not_implemented, type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{Args, Dict, Object, Value};
use crate::table::Table;

fn value_error(m: impl Into<String>) -> PyErr {
    PyErr::new(ExcType::ValueError, m.into())
}

/// The dataset argument: a Spark or pandas DataFrame, or a table name.
fn dataset(interp: &Interp, v: &Value) -> Result<(Table, String), PyErr> {
    if let Some(t) = SparkFrame::of(v) {
        return Ok(((*t).clone(), "dataframe".to_string()));
    }
    if let Value::Object(o) = v {
        if let Some(f) = o.as_any().downcast_ref::<PandasFrame>() {
            return Ok((f.table(), "dataframe".to_string()));
        }
    }
    if let Value::Str(name) = v {
        let frame = super::spark::session::table_by_name(interp, name)?;
        if let Some(t) = SparkFrame::of(&frame) {
            return Ok(((*t).clone(), name.to_string()));
        }
    }
    Err(type_error(format!(
        "dataset must be a Spark DataFrame, a pandas DataFrame or a table name, got {}",
        v.type_name()
    )))
}

/// `feature_store_lookups=[{"table_name": ..., "lookup_key": ..., "timestamp_lookup_key": ...}]`:
/// the features of each table are joined onto the dataset before AutoML prepares it, as
/// `fe.create_training_set(df=dataset, feature_lookups=[FeatureLookup(...)],
/// label=target_col).load_df()` joins them (left join; point-in-time with a timestamp key),
/// with that call's checks and messages.
fn join_lookups(
    interp: &mut Interp,
    v: &Value,
    table: &Table,
    target_col: &str,
) -> Result<Table, PyErr> {
    const KEYS: [&str; 3] = ["table_name", "lookup_key", "timestamp_lookup_key"];
    let items = match v {
        Value::List(_) => v.iter_items().unwrap_or_default(),
        other => {
            return Err(type_error(format!(
                "feature_store_lookups must be a list of dicts with 'table_name' and 'lookup_key', got {}",
                other.type_name()
            )))
        }
    };
    let mut lookups = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let Value::Dict(d) = item else {
            return Err(type_error(format!(
                "feature_store_lookups[{i}] must be a dict with 'table_name' and 'lookup_key', got {}",
                item.type_name()
            )));
        };
        let d = d.borrow();
        for k in d.keys() {
            let k = k.to_str();
            if !KEYS.contains(&k.as_str()) {
                return Err(value_error(format!(
                    "feature_store_lookups[{i}]: unknown key '{k}'; the keys are 'table_name', 'lookup_key' and 'timestamp_lookup_key'"
                )));
            }
        }
        let get = |k: &str| d.get(&Value::str(k));
        let field = format!("feature_store_lookups[{i}]");
        let table_name = match get("table_name")? {
            Some(Value::Str(s)) => s.to_string(),
            _ => {
                return Err(value_error(format!(
                    "{field} needs 'table_name', the feature table's name"
                )))
            }
        };
        let strings = |v: Value, what: &str| -> Result<Vec<String>, PyErr> {
            match v {
                Value::Str(s) => Ok(vec![s.to_string()]),
                Value::List(_) | Value::Tuple(_) => v
                    .iter_items()
                    .unwrap_or_default()
                    .iter()
                    .map(|x| match x {
                        Value::Str(s) => Ok(s.to_string()),
                        _ => Err(type_error(format!(
                            "{field}['{what}'] must hold column names"
                        ))),
                    })
                    .collect(),
                _ => Err(type_error(format!(
                    "{field}['{what}'] must be a column name or a list of them"
                ))),
            }
        };
        let lookup_key = match get("lookup_key")? {
            Some(v) => strings(v, "lookup_key")?,
            None => {
                return Err(value_error(format!(
                    "{field} needs 'lookup_key': the dataset's columns that match the table's primary keys"
                )))
            }
        };
        let timestamp = match get("timestamp_lookup_key")? {
            None | Some(Value::None) => None,
            Some(v) => strings(v, "timestamp_lookup_key")?.into_iter().next(),
        };
        lookups.push(
            FeatureLookup::new(
                table_name,
                lookup_key,
                None,
                Default::default(),
                timestamp,
                None,
                Default::default(),
            )
            .map_err(py_err)?,
        );
    }
    let labels = [target_col.to_string()];
    let (spec, _) =
        training::create_training_set(Flavor::Uc, &interp.ws.unity, table, &lookups, &labels, &[])
            .map_err(py_err)?;
    training::load(&mut interp.ws.unity, table, &spec, Join::Training).map_err(py_err)
}

fn imputers(v: &Value, func: &str) -> Result<Vec<(String, Strategy)>, PyErr> {
    let Value::Dict(d) = v else {
        return match v {
            Value::None => Ok(Vec::new()),
            other => Err(type_error(format!(
                "{func}: imputers must be a dict of column name to strategy, got {}",
                other.type_name()
            ))),
        };
    };
    let d = d.borrow();
    let mut out = Vec::new();
    for (k, s) in d.keys().iter().zip(d.values()) {
        let col = k.to_str();
        let strategy = match &s {
            Value::Str(name) => Strategy::parse(name).ok_or_else(|| {
                value_error(format!(
                    "imputers['{col}']: unknown strategy '{name}'; use 'mean', 'median', 'most_frequent' or {{'strategy': 'constant', 'fill_value': ...}}"
                ))
            })?,
            Value::Dict(spec) => {
                let spec = spec.borrow();
                let strategy = spec.get(&Value::str("strategy"))?.map(|v| v.to_str());
                match strategy.as_deref() {
                    Some("constant") => {
                        let fill = spec.get(&Value::str("fill_value"))?.ok_or_else(|| {
                            value_error(format!(
                                "imputers['{col}']: a constant strategy needs 'fill_value'"
                            ))
                        })?;
                        Strategy::Constant(to_cell(&fill)?)
                    }
                    Some(name) => Strategy::parse(name).ok_or_else(|| {
                        value_error(format!("imputers['{col}']: unknown strategy '{name}'"))
                    })?,
                    None => {
                        return Err(value_error(format!(
                            "imputers['{col}']: the dict needs a 'strategy' key"
                        )))
                    }
                }
            }
            other => {
                return Err(type_error(format!(
                    "imputers['{col}'] must be a strategy name or a dict, got {}",
                    other.type_name()
                )))
            }
        };
        out.push((col, strategy));
    }
    Ok(out)
}

fn opt_strings(b: &Bound, name: &str, func: &str) -> Result<Vec<String>, PyErr> {
    match b.get(name) {
        None | Some(Value::None) => Ok(Vec::new()),
        Some(v) => convert::strings(v, func, name),
    }
}

fn opt_str(b: &Bound, name: &str, func: &str) -> Result<Option<String>, PyErr> {
    convert::opt_string(
        b.get(name).filter(|v| !matches!(v, Value::None)),
        func,
        name,
    )
}

/// `timeout_minutes=`: a number of minutes, or None.
fn timeout(b: &Bound) -> Result<Option<f64>, PyErr> {
    match b.get("timeout_minutes") {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i as f64)),
        Some(Value::Float(f)) => Ok(Some(*f)),
        Some(other) => Err(type_error(format!(
            "timeout_minutes must be a number of minutes, got {}",
            other.type_name()
        ))),
    }
}

/// `classify`'s parameters (`regress` has all but the last, `pos_label`).
const CLASSIFY_PARAMS: [&str; 17] = [
    "dataset",
    "*",
    "target_col",
    "primary_metric=",
    "timeout_minutes=",
    "exclude_cols=",
    "exclude_frameworks=",
    "imputers=",
    "time_col=",
    "split_col=",
    "sample_weight_col=",
    "experiment_name=",
    "experiment_dir=",
    "data_dir=",
    "feature_store_lookups=",
    "max_trials=",
    "pos_label=",
];

fn run_automl(interp: &mut Interp, args: Args, task: Task) -> Result<Value, PyErr> {
    let (func, display) = match task {
        Task::Classification => (
            "classify",
            "classify(dataset, *, target_col, primary_metric='f1', timeout_minutes=None, exclude_cols=None, exclude_frameworks=None, pos_label=None, imputers=None, time_col=None, split_col=None, sample_weight_col=None, experiment_name=None, experiment_dir=None, data_dir=None, feature_store_lookups=None, max_trials=None)",
        ),
        Task::Regression => (
            "regress",
            "regress(dataset, *, target_col, primary_metric='r2', timeout_minutes=None, exclude_cols=None, exclude_frameworks=None, imputers=None, time_col=None, split_col=None, sample_weight_col=None, experiment_name=None, experiment_dir=None, data_dir=None, feature_store_lookups=None, max_trials=None)",
        ),
    };
    let params: &'static [&'static str] = match task {
        Task::Classification => &CLASSIFY_PARAMS,
        Task::Regression => &CLASSIFY_PARAMS[..CLASSIFY_PARAMS.len() - 1],
    };
    let b = Sig {
        name: func,
        params,
        is_method: false,
        display,
    }
    .bind(args)?;
    if b.get("max_trials")
        .is_some_and(|v| !matches!(v, Value::None))
    {
        return Err(value_error(
            "max_trials is not supported from Databricks Runtime 11.0 ML: AutoML's budget is timeout_minutes (Lakelab accepts fractions of a minute, e.g. timeout_minutes=0.5)",
        ));
    }
    let (table, name) = dataset(interp, &b.value("dataset"))?;
    let target_col = convert::string(&b.value("target_col"), func, "target_col")?;
    let table = match b.get("feature_store_lookups") {
        None | Some(Value::None) => table,
        Some(v) => join_lookups(interp, v, &table, &target_col)?,
    };
    let mut p = AutoMLParams::new(task, &target_col);
    p.primary_metric = opt_str(&b, "primary_metric", func)?;
    p.timeout_minutes = timeout(&b)?;
    p.exclude_cols = opt_strings(&b, "exclude_cols", func)?;
    p.exclude_frameworks = opt_strings(&b, "exclude_frameworks", func)?;
    p.imputers = imputers(&b.value("imputers"), func)?;
    p.time_col = opt_str(&b, "time_col", func)?;
    p.split_col = opt_str(&b, "split_col", func)?;
    p.sample_weight_col = opt_str(&b, "sample_weight_col", func)?;
    p.experiment_name = opt_str(&b, "experiment_name", func)?;
    p.experiment_dir = opt_str(&b, "experiment_dir", func)?;
    p.pos_label = match b.get("pos_label") {
        None | Some(Value::None) => None,
        Some(v) => Some(to_cell(v)?),
    };
    p.seed = (interp.session.rng.unit() * 9_007_199_254_740_992.0) as u64;
    let user = interp.env.user.clone();
    let mut tracking = std::mem::take(&mut interp.ws.tracking);
    let started = interp.now_ms();
    let result = {
        let clock = &mut interp.env.clock;
        automl::run(&mut tracking, &table, &name, p, &user, &mut || (clock)())
    };
    interp.ws.tracking = tracking;
    let summary = result.map_err(value_error)?;
    let elapsed = (interp.now_ms() - started) as f64 / 1000.0;
    interp.print(&format!(
        "AutoML ran {} trials in {elapsed:.1} s ({}); experiment '{}'.\n",
        summary.trials.len(),
        match summary.stop {
            automl::Stop::Budget => "all trials done",
            automl::Stop::Timeout => "timeout reached",
            automl::Stop::EarlyStopped => "stopped early: no trial improved for a while",
            automl::Stop::Cancelled => "cancelled",
        },
        summary.experiment_name
    ));
    for alert in &summary.alerts {
        interp.print(&format!("Alert ({}): {}\n", alert.kind, alert.message));
    }
    let label = summary.target_col.clone();
    finish(interp, summary, &label)
}

/// Writes the data the generated notebooks read, imports the best trial's notebook into the
/// workspace (as Databricks does) as `AutoML best trial: <label> (<run name>)`, and returns
/// the `AutoMLSummary`.
fn finish(interp: &mut Interp, summary: AutoMLSummary, label: &str) -> Result<Value, PyErr> {
    interp
        .ws
        .files
        .write(
            &crate::automl::notebook::data_path(&summary.experiment_id),
            summary.training_data.clone().into_bytes(),
        )
        .map_err(|e| value_error(e.message()))?;
    let best_notebook = match summary.best_trial() {
        Some(best) => {
            let name = format!("AutoML best trial: {label} ({})", best.run_name);
            let uri = best.model_path.trim_end_matches("/model").to_string();
            Some(import(interp, &uri, &name, true)?)
        }
        None => None,
    };
    Ok(Value::object(SummaryObj(Rc::new(summary), best_notebook)))
}

/// Imports a trial's generated notebook; returns (notebook id, name).
fn import(
    interp: &mut Interp,
    artifact_uri: &str,
    path: &str,
    overwrite: bool,
) -> Result<(String, String), PyErr> {
    let id = crate::automl::notebook::import(interp.ws, artifact_uri, path, overwrite)
        .map_err(value_error)?;
    Ok((id, path.to_string()))
}

fn classify(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    run_automl(interp, args, Task::Classification)
}

fn regress(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    run_automl(interp, args, Task::Regression)
}

/// `forecast`'s parameters (reference §1.2).
const FORECAST_PARAMS: [&str; 18] = [
    "dataset",
    "*",
    "target_col",
    "time_col",
    "primary_metric=",
    "country_code=",
    "frequency=",
    "horizon=",
    "data_dir=",
    "experiment_dir=",
    "experiment_name=",
    "exclude_frameworks=",
    "feature_store_lookups=",
    "identity_col=",
    "sample_weight_col=",
    "output_database=",
    "timeout_minutes=",
    "max_trials=",
];

/// `forecast(...)`: Lakelab's forecasters (`automl::forecast`) in the cell. With
/// `output_database`, the best model's forecast is written as a table
/// (`summary.output_table_name`).
fn forecast(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let func = "forecast";
    let b = Sig {
        name: func,
        params: &FORECAST_PARAMS,
        is_method: false,
        display: "forecast(dataset, *, target_col, time_col, primary_metric='smape', country_code='US', frequency='D', horizon=1, data_dir=None, experiment_dir=None, experiment_name=None, exclude_frameworks=None, feature_store_lookups=None, identity_col=None, sample_weight_col=None, output_database=None, timeout_minutes=None)",
    }
    .bind(args)?;
    if b.get("max_trials")
        .is_some_and(|v| !matches!(v, Value::None))
    {
        return Err(value_error(
            "max_trials is not supported from Databricks Runtime 11.0 ML: AutoML's budget is timeout_minutes",
        ));
    }
    if b.get("sample_weight_col")
        .is_some_and(|v| !matches!(v, Value::None))
    {
        return Err(not_implemented(
            "forecast(sample_weight_col=...) is not in Lakelab: its forecasters weigh every series alike",
        ));
    }
    let (table, name) = dataset(interp, &b.value("dataset"))?;
    let target_col = convert::string(&b.value("target_col"), func, "target_col")?;
    let time_col = convert::string(&b.value("time_col"), func, "time_col")?;
    let table = match b.get("feature_store_lookups") {
        None | Some(Value::None) => table,
        Some(v) => join_lookups(interp, v, &table, &target_col)?,
    };
    let mut p = ForecastParams::new(&target_col, &time_col);
    p.primary_metric = opt_str(&b, "primary_metric", func)?;
    p.country_code = opt_str(&b, "country_code", func)?;
    p.frequency = opt_str(&b, "frequency", func)?;
    p.horizon = match b.get("horizon") {
        None | Some(Value::None) => None,
        Some(Value::Int(i)) => Some(*i),
        Some(other) => {
            return Err(type_error(format!(
                "horizon must be an int (a number of time steps), got {}",
                other.type_name()
            )))
        }
    };
    p.identity_cols = match b.get("identity_col") {
        Some(Value::Str(c)) => vec![c.to_string()],
        _ => opt_strings(&b, "identity_col", func)?,
    };
    p.output_database = opt_str(&b, "output_database", func)?;
    p.timeout_minutes = timeout(&b)?;
    p.exclude_frameworks = opt_strings(&b, "exclude_frameworks", func)?;
    p.experiment_name = opt_str(&b, "experiment_name", func)?;
    p.experiment_dir = opt_str(&b, "experiment_dir", func)?;
    let output_database = p.output_database.clone();
    let user = interp.env.user.clone();
    let mut tracking = std::mem::take(&mut interp.ws.tracking);
    let started = interp.now_ms();
    let result = {
        let clock = &mut interp.env.clock;
        automl::forecast::run(&mut tracking, &table, &name, p, &user, &mut || (clock)())
    };
    interp.ws.tracking = tracking;
    let mut summary = result.map_err(value_error)?;
    let elapsed = (interp.now_ms() - started) as f64 / 1000.0;
    interp.print(&format!(
        "AutoML forecast ran {} trials in {elapsed:.1} s ({}); experiment '{}'. Lakelab's seasonal-naive and drift models stand in for Auto-ARIMA, its linear-trend models for Prophet.\n",
        summary.trials.len(),
        match summary.stop {
            automl::Stop::Timeout => "timeout reached",
            _ => "all models tried",
        },
        summary.experiment_name
    ));
    // What preparation changed (the same for every trial): averaged, filled, dropped rows.
    if let Some(t) = summary.trials.first() {
        for step in t.preprocessors.iter().skip(1) {
            interp.print(&format!("Data preparation: {step}.\n"));
        }
    }
    let best = summary.best_trial().cloned();
    if let (Some(db), Some(best)) = (output_database, &best) {
        let loaded = interp
            .ws
            .tracking
            .load_model(&best.model_path)
            .map_err(|e| value_error(e.to_string()))?;
        let SavedModel::Forecast(model) = loaded.model else {
            return Err(value_error(
                "the best trial's model is not a forecast model",
            ));
        };
        let now = interp.now_ms();
        let table_name = automl::forecast::output::write_predictions(
            &mut interp.ws.unity,
            &db,
            &best.mlflow_run_id,
            &model,
            &target_col,
            now,
        )
        .map_err(value_error)?;
        interp.print(&format!("Forecast written to {table_name}.\n"));
        if let Some(f) = summary.forecast.as_mut() {
            f.output_table_name = Some(table_name);
        }
    }
    let label = format!("{} forecast", summary.target_col);
    finish(interp, summary, &label)
}

/// `import_notebook(artifact_uri, path, overwrite=False)`: the trial's generated notebook
/// as a workspace notebook named `path`. Returns an object with `path` and `url`.
fn import_notebook(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "import_notebook",
        params: &["artifact_uri", "path", "overwrite="],
        is_method: false,
        display: "import_notebook(artifact_uri: str, path: str, overwrite: bool = False)",
    }
    .bind(args)?;
    let uri = convert::string(&b.value("artifact_uri"), "import_notebook", "artifact_uri")?;
    let path = convert::string(&b.value("path"), "import_notebook", "path")?;
    let overwrite = b.get("overwrite").is_some_and(Value::truthy);
    let (id, name) = import(interp, &uri, &path, overwrite)?;
    Ok(Value::object(ImportResult { id, name }))
}

/// `ImportNotebookResult`.
#[derive(Debug)]
struct ImportResult {
    id: String,
    name: String,
}

impl Object for ImportResult {
    fn type_name(&self) -> &str {
        "ImportNotebookResult"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        match name {
            "path" => Some(Value::str(self.name.as_str())),
            "url" => Some(Value::str(format!("notebook?id={}", self.id))),
            _ => None,
        }
    }
    fn repr(&self) -> String {
        format!(
            "ImportNotebookResult(path='{}', url='notebook?id={}')",
            self.name, self.id
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// The `databricks.automl` module.
pub fn module_value() -> Value {
    module(
        "databricks.automl",
        vec![
            ("classify", Value::Native("classify", classify)),
            ("regress", Value::Native("regress", regress)),
            ("forecast", Value::Native("forecast", forecast)),
            (
                "import_notebook",
                Value::Native("import_notebook", import_notebook),
            ),
        ],
    )
}

fn float_dict<'a>(pairs: impl IntoIterator<Item = (&'a String, &'a f64)>) -> Value {
    Value::dict(Dict::from_pairs(
        pairs
            .into_iter()
            .map(|(k, v)| (k.as_str(), Value::Float(*v))),
    ))
}

/// `AutoMLSummary`.
#[derive(Debug)]
pub struct SummaryObj(pub Rc<AutoMLSummary>, pub Option<(String, String)>);

impl Object for SummaryObj {
    fn type_name(&self) -> &str {
        "AutoMLSummary"
    }
    fn get_attr(&self, interp: &mut Interp, name: &str) -> Option<Value> {
        let s = &self.0;
        Some(match name {
            "experiment" => interp
                .ws
                .tracking
                .get_experiment(&s.experiment_id)
                .ok()
                .map_or(Value::None, |e| Value::object(ExperimentObj(e.clone()))),
            "trials" => Value::list(
                (0..s.trials.len())
                    .map(|i| Value::object(TrialObj(s.clone(), i, self.best_notebook(i))))
                    .collect(),
            ),
            "best_trial" => match s.best_trial() {
                Some(_) => Value::object(TrialObj(s.clone(), 0, self.best_notebook(0))),
                None => Value::None,
            },
            "metric_distribution" => Value::str(s.metric_distribution()),
            "is_early_stopped" => Value::Bool(s.is_early_stopped()),
            "output_table_name" => s
                .forecast
                .as_ref()
                .and_then(|f| f.output_table_name.as_deref())
                .map_or(Value::None, Value::str),
            "semantic_type_conversions" => Value::dict(Dict::from_pairs(
                s.semantic_type_conversions.iter().map(|(k, cols)| {
                    (
                        k.as_str(),
                        Value::list(cols.iter().map(|c| Value::str(c.as_str())).collect()),
                    )
                }),
            )),
            _ => return None,
        })
    }
    fn repr(&self) -> String {
        let s = &self.0;
        let best = s.best_trial().map_or("None".to_string(), |t| {
            format!(
                "{} ({} = {:.4})",
                t.model_description,
                s.metric.val_key(),
                t.evaluation_metric_score
            )
        });
        format!(
            "AutoMLSummary(experiment='{}', trials={}, best_trial={best}, metric_distribution='{}', is_early_stopped={})",
            s.experiment_name,
            s.trials.len(),
            s.metric_distribution(),
            if s.is_early_stopped() { "True" } else { "False" }
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl SummaryObj {
    /// The imported notebook (id, path) of trial `i`: the best trial's only.
    fn best_notebook(&self, i: usize) -> Option<(String, String)> {
        (i == 0).then(|| self.1.clone()).flatten()
    }
}

/// `TrialInfo`: trial `.1` of a summary, with its imported notebook (id, path) if any.
#[derive(Debug)]
pub struct TrialObj(Rc<AutoMLSummary>, usize, Option<(String, String)>);

impl TrialObj {
    fn trial(&self) -> Option<&TrialInfo> {
        self.0.trials.get(self.1)
    }
}

impl Object for TrialObj {
    fn type_name(&self) -> &str {
        "TrialInfo"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let t = self.trial()?;
        Some(match name {
            "mlflow_run_id" => Value::str(t.mlflow_run_id.as_str()),
            "model_path" => Value::str(t.model_path.as_str()),
            "artifact_uri" => Value::str(t.model_path.trim_end_matches("/model")),
            "model_description" => Value::str(t.model_description.as_str()),
            "duration" => Value::Float(t.duration_minutes),
            "metrics" => float_dict(&t.metrics),
            "params" => convert::string_dict(&t.params),
            "evaluation_metric_score" => Value::Float(t.evaluation_metric_score),
            "preprocessors" => Value::list(
                t.preprocessors
                    .iter()
                    .map(|p| Value::str(p.as_str()))
                    .collect(),
            ),
            // Only the best trial's notebook is imported into the workspace (Databricks'
            // rule); the others are imported with automl.import_notebook(artifact_uri, path).
            "notebook_path" => self
                .2
                .as_ref()
                .map_or(Value::None, |(_, p)| Value::str(p.as_str())),
            "notebook_url" => self.2.as_ref().map_or(Value::None, |(id, _)| {
                Value::str(format!("notebook?id={id}"))
            }),
            "notebook_id" => self
                .2
                .as_ref()
                .map_or(Value::None, |(id, _)| Value::str(id.as_str())),
            "workflow_run_id" => Value::None,
            _ => return None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        name == "load_model"
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        _: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        Sig {
            name: "load_model",
            params: &[],
            is_method: true,
            display: "TrialInfo.load_model()",
        }
        .bind(args)?;
        let t = self
            .trial()
            .ok_or_else(|| value_error("this trial no longer exists"))?;
        if let Some(e) = &t.error {
            return Err(value_error(format!(
                "this trial failed and logged no model: {e}"
            )));
        }
        let loaded = interp
            .ws
            .tracking
            .load_model(&t.model_path)
            .map_err(|e| value_error(e.to_string()))?;
        Ok(super::models::model_value(loaded.model))
    }
    fn repr(&self) -> String {
        match self.trial() {
            Some(t) => format!(
                "TrialInfo(mlflow_run_id='{}', model_description='{}', evaluation_metric_score={})",
                t.mlflow_run_id, t.model_description, t.evaluation_metric_score
            ),
            None => "TrialInfo()".into(),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

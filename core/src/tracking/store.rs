//! The tracking store: experiments and runs kept in the workspace, with MLflow's rules
//! (the semantics of MLflow's SQL store, as Databricks exposes them through `MlflowClient`).
//!
//! Time is passed in (`now_ms`); ids and generated run names come from the store's seed and
//! counters, so the same calls always give the same workspace.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::artifacts::ArtifactFile;
use super::entities::{
    Experiment, LifecycleStage, Metric, Run, RunData, RunInfo, RunStatus, ViewType,
};
use super::error::MlflowError;
use super::ids;
use super::logged_models::LoggedModel;
use super::page_token;
use super::search::{self, Attribute, OrderBy, Searchable};
use super::validation::*;
use crate::persist::segments::ChangeLog;

/// The segment id prefix of runs (`run/<run_id>`) in the stored workspace.
pub const RUN_SEGMENT: &str = "run/";

/// The experiment every workspace starts with (MLflow's "Default", id "0").
pub const DEFAULT_EXPERIMENT_ID: &str = "0";
/// Where artifacts "live", as on Databricks.
const ARTIFACT_ROOT: &str = "dbfs:/databricks/mlflow-tracking";
/// `search_runs` refuses larger pages (MLflow's SEARCH_MAX_RESULTS_THRESHOLD).
pub const SEARCH_MAX_RESULTS_THRESHOLD: usize = 50_000;
/// `MlflowClient.search_runs`' default page size.
pub const SEARCH_MAX_RESULTS_DEFAULT: usize = 1000;

pub const TAG_RUN_NAME: &str = "mlflow.runName";
pub const TAG_USER: &str = "mlflow.user";
pub const TAG_PARENT_RUN_ID: &str = "mlflow.parentRunId";

/// A run with its full metric history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct StoredRun {
    pub info: RunInfo,
    pub params: BTreeMap<String, String>,
    pub tags: BTreeMap<String, String>,
    /// Every logged point per key, in logging order.
    pub metric_history: BTreeMap<String, Vec<Metric>>,
    /// The latest point per key (see [`Metric::is_newer_than`]).
    pub latest_metrics: BTreeMap<String, Metric>,
    /// Logged files by path (bytes are kept beside the JSON, see [`super::artifacts`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub artifacts: BTreeMap<String, ArtifactFile>,
    /// Models logged with `log_model`, in logging order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logged_models: Vec<LoggedModel>,
}

crate::flat_de::map_only!(StoredRun);

impl StoredRun {
    pub fn to_run(&self) -> Run {
        Run {
            info: self.info.clone(),
            data: RunData {
                metrics: crate::sorting::map_of(
                    self.latest_metrics
                        .iter()
                        .map(|(k, m)| (k.clone(), m.value)),
                ),
                params: self.params.clone(),
                tags: self.tags.clone(),
            },
        }
    }
}

impl Searchable for StoredRun {
    fn metric(&self, key: &str) -> Option<f64> {
        self.latest_metrics.get(key).map(|m| m.value)
    }
    fn param(&self, key: &str) -> Option<&str> {
        self.params.get(key).map(String::as_str)
    }
    fn tag(&self, key: &str) -> Option<&str> {
        self.tags.get(key).map(String::as_str)
    }
    fn string_attribute(&self, attribute: Attribute) -> Option<&str> {
        Some(match attribute {
            Attribute::RunId => &self.info.run_id,
            Attribute::RunName => &self.info.run_name,
            Attribute::Status => self.info.status.as_str(),
            Attribute::ArtifactUri => &self.info.artifact_uri,
            Attribute::UserId => &self.info.user_id,
            _ => return None,
        })
    }
    fn numeric_attribute(&self, attribute: Attribute) -> Option<i64> {
        match attribute {
            Attribute::StartTime => Some(self.info.start_time),
            Attribute::EndTime => self.info.end_time,
            _ => None,
        }
    }
}

impl Searchable for Experiment {
    fn metric(&self, _key: &str) -> Option<f64> {
        None
    }
    fn param(&self, _key: &str) -> Option<&str> {
        None
    }
    fn tag(&self, key: &str) -> Option<&str> {
        self.tags.get(key).map(String::as_str)
    }
    fn string_attribute(&self, attribute: Attribute) -> Option<&str> {
        (attribute == Attribute::Name).then_some(self.name.as_str())
    }
    fn numeric_attribute(&self, attribute: Attribute) -> Option<i64> {
        match attribute {
            Attribute::CreationTime => Some(self.creation_time),
            Attribute::LastUpdateTime => Some(self.last_update_time),
            Attribute::ExperimentId => self.experiment_id.parse().ok(),
            _ => None,
        }
    }
}

/// The arguments of `search_experiments`.
#[derive(Debug, Clone)]
pub struct ExperimentQuery {
    pub view_type: ViewType,
    pub max_results: usize,
    pub filter_string: String,
    pub order_by: Vec<String>,
    pub page_token: Option<String>,
}

impl Default for ExperimentQuery {
    fn default() -> Self {
        Self {
            view_type: ViewType::ActiveOnly,
            max_results: SEARCH_MAX_RESULTS_DEFAULT,
            filter_string: String::new(),
            order_by: Vec::new(),
            page_token: None,
        }
    }
}

/// Options of `create_run`.
#[derive(Debug, Clone, Default)]
pub struct NewRun {
    pub start_time: Option<i64>,
    pub run_name: Option<String>,
    pub tags: Vec<(String, String)>,
    pub user_id: String,
}

/// The arguments of `search_runs`.
#[derive(Debug, Clone)]
pub struct RunQuery {
    pub experiment_ids: Vec<String>,
    pub filter_string: String,
    pub run_view_type: ViewType,
    pub max_results: usize,
    pub order_by: Vec<String>,
    pub page_token: Option<String>,
}

impl Default for RunQuery {
    fn default() -> Self {
        Self {
            experiment_ids: Vec::new(),
            filter_string: String::new(),
            run_view_type: ViewType::ActiveOnly,
            max_results: SEARCH_MAX_RESULTS_DEFAULT,
            order_by: Vec::new(),
            page_token: None,
        }
    }
}

/// One page of `search_runs`: the runs and the token of the next page, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct RunPage {
    pub runs: Vec<Run>,
    pub token: Option<String>,
}

/// All experiments and runs of a workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Tracking {
    experiments: Vec<Experiment>,
    pub(super) runs: BTreeMap<String, StoredRun>,
    next_experiment_id: u64,
    runs_created: u64,
    seed: u64,
    /// Ids of runs changed since the last save (each run is its own stored segment).
    #[serde(skip)]
    changes: ChangeLog,
    /// Artifact bytes by blob id (`<run_id>/<path>`), stored beside the JSON state.
    #[serde(skip)]
    pub(super) blobs: BTreeMap<String, Vec<u8>>,
    /// Blob ids written since the last save.
    #[serde(skip)]
    pub(super) blob_changes: ChangeLog,
}

crate::flat_de::map_only!(Tracking);

/// MLflow refuses page sizes of 0 and above SEARCH_MAX_RESULTS_THRESHOLD.
fn check_max_results(max_results: usize) -> Result<(), MlflowError> {
    if max_results == 0 || max_results > SEARCH_MAX_RESULTS_THRESHOLD {
        return Err(MlflowError::invalid(format!(
            "Invalid value {max_results} for parameter 'max_results' supplied. It must be a \
             positive integer and at most {SEARCH_MAX_RESULTS_THRESHOLD}"
        )));
    }
    Ok(())
}

/// The page of `found` starting at `offset`, converted, and the next page's token (none after
/// the last page, even when it is exactly full).
fn page<T, U>(
    found: &[&T],
    offset: usize,
    max_results: usize,
    convert: impl Fn(&T) -> U,
) -> (Vec<U>, Option<String>) {
    let end = offset.saturating_add(max_results).min(found.len());
    let items = found
        .get(offset.min(found.len())..end)
        .unwrap_or_default()
        .iter()
        .map(|x| convert(x))
        .collect();
    (
        items,
        (end < found.len()).then(|| page_token::token_for(end)),
    )
}

fn run_not_found(run_id: &str) -> MlflowError {
    MlflowError::missing(format!("Run with id={run_id} not found"))
}

impl Default for Tracking {
    /// A new workspace's store: the Default experiment only, created at the epoch, seed 0
    /// (no clock is read: the same for every learner).
    fn default() -> Self {
        Self::new(0, 0)
    }
}

impl Tracking {
    /// Checks what serde cannot: unique experiment ids and names, every run keyed by its own
    /// id and in an existing experiment, counters ahead of what exists. A file that fails is
    /// refused on load or import, never repaired silently.
    pub fn validate(&self) -> Result<(), String> {
        let mut ids = std::collections::BTreeSet::new();
        let mut names = std::collections::BTreeSet::new();
        for e in &self.experiments {
            if !ids.insert(e.experiment_id.as_str()) {
                return Err(format!("experiment id '{}' is used twice", e.experiment_id));
            }
            if !names.insert(e.name.as_str()) {
                return Err(format!("experiment name '{}' is used twice", e.name));
            }
            if e.experiment_id
                .parse::<u64>()
                .is_ok_and(|n| n >= self.next_experiment_id)
            {
                return Err(format!(
                    "experiment id '{}' is not below the next id {}",
                    e.experiment_id, self.next_experiment_id
                ));
            }
        }
        if !ids.contains(DEFAULT_EXPERIMENT_ID) {
            return Err("the Default experiment (id 0) is missing".into());
        }
        for (key, run) in &self.runs {
            if key != &run.info.run_id {
                return Err(format!("run '{key}' is stored under another run's id"));
            }
            if !ids.contains(run.info.experiment_id.as_str()) {
                return Err(format!(
                    "run '{key}' belongs to experiment '{}', which does not exist",
                    run.info.experiment_id
                ));
            }
        }
        if (self.runs.len() as u64) > self.runs_created {
            return Err("the run counter is behind the number of runs".into());
        }
        Ok(())
    }

    /// A store holding only the Default experiment.
    pub fn new(seed: u64, now_ms: i64) -> Self {
        Self {
            experiments: vec![Experiment {
                experiment_id: DEFAULT_EXPERIMENT_ID.into(),
                name: "Default".into(),
                artifact_location: format!("{ARTIFACT_ROOT}/{DEFAULT_EXPERIMENT_ID}"),
                lifecycle_stage: LifecycleStage::Active,
                tags: BTreeMap::new(),
                creation_time: now_ms,
                last_update_time: now_ms,
            }],
            runs: BTreeMap::new(),
            next_experiment_id: 1,
            runs_created: 0,
            seed,
            changes: ChangeLog::default(),
            blobs: BTreeMap::new(),
            blob_changes: ChangeLog::default(),
        }
    }

    // ---- experiments ----------------------------------------------------------------------

    pub fn experiments(&self) -> &[Experiment] {
        &self.experiments
    }

    fn experiment_index(&self, experiment_id: &str) -> Result<usize, MlflowError> {
        self.experiments
            .iter()
            .position(|e| e.experiment_id == experiment_id)
            .ok_or_else(|| {
                MlflowError::missing(format!("No Experiment with id={experiment_id} exists"))
            })
    }

    pub fn get_experiment(&self, experiment_id: &str) -> Result<&Experiment, MlflowError> {
        Ok(&self.experiments[self.experiment_index(experiment_id)?])
    }

    /// The experiment with this name, deleted ones included (their names stay taken).
    pub fn get_experiment_by_name(&self, name: &str) -> Option<&Experiment> {
        self.experiments.iter().find(|e| e.name == name)
    }

    fn check_name_free(&self, name: &str) -> Result<(), MlflowError> {
        match self.get_experiment_by_name(name) {
            Some(e) if e.lifecycle_stage == LifecycleStage::Deleted => {
                Err(MlflowError::exists(format!(
                    "Experiment '{name}' already exists in deleted state. You can restore the \
                     experiment, or permanently delete the experiment to use this experiment \
                     name again."
                )))
            }
            Some(_) => Err(MlflowError::exists(format!(
                "Experiment '{name}' already exists."
            ))),
            None => Ok(()),
        }
    }

    /// `create_experiment(name, artifact_location=None, tags=None)`; returns the new id.
    pub fn create_experiment(
        &mut self,
        name: &str,
        artifact_location: Option<&str>,
        tags: &[(String, String)],
        now_ms: i64,
    ) -> Result<String, MlflowError> {
        validate_experiment_name(name)?;
        self.check_name_free(name)?;
        if artifact_location.is_some_and(|l| l.starts_with("runs:")) {
            return Err(MlflowError::invalid(
                "Artifact location cannot be a runs:/ URI. Please specify a different artifact \
                 location.",
            ));
        }
        for (k, v) in tags {
            validate_experiment_tag(k, v)?;
        }
        let id = self.next_experiment_id.to_string();
        self.next_experiment_id += 1;
        self.experiments.push(Experiment {
            artifact_location: artifact_location
                .map_or_else(|| format!("{ARTIFACT_ROOT}/{id}"), str::to_string),
            experiment_id: id.clone(),
            name: name.into(),
            lifecycle_stage: LifecycleStage::Active,
            tags: crate::sorting::map_of(tags.iter().cloned()),
            creation_time: now_ms,
            last_update_time: now_ms,
        });
        Ok(id)
    }

    /// `mlflow.set_experiment(experiment_name)`: the experiment's id, created if missing.
    pub fn set_experiment(&mut self, name: &str, now_ms: i64) -> Result<String, MlflowError> {
        match self.get_experiment_by_name(name) {
            Some(e) if e.lifecycle_stage == LifecycleStage::Deleted => {
                Err(MlflowError::invalid(format!(
                    "Cannot set a deleted experiment '{name}' as the active experiment. You can \
                     restore the experiment, or permanently delete the experiment to create a \
                     new one."
                )))
            }
            Some(e) => Ok(e.experiment_id.clone()),
            None => self.create_experiment(name, None, &[], now_ms),
        }
    }

    /// `delete_experiment`: a soft delete; its runs are deleted with it; its name stays taken.
    pub fn delete_experiment(
        &mut self,
        experiment_id: &str,
        now_ms: i64,
    ) -> Result<(), MlflowError> {
        if experiment_id == DEFAULT_EXPERIMENT_ID {
            return Err(MlflowError::invalid(
                "Cannot delete the default experiment '0'. This is an internally reserved \
                 experiment.",
            ));
        }
        let i = self.experiment_index(experiment_id)?;
        self.experiments[i].lifecycle_stage = LifecycleStage::Deleted;
        self.experiments[i].last_update_time = now_ms;
        for run in self.runs.values_mut() {
            if run.info.experiment_id == experiment_id {
                run.info.lifecycle_stage = LifecycleStage::Deleted;
                self.changes.mark(&run.info.run_id);
            }
        }
        Ok(())
    }

    /// `restore_experiment`: back to active, with the runs deleted along with it.
    pub fn restore_experiment(
        &mut self,
        experiment_id: &str,
        now_ms: i64,
    ) -> Result<(), MlflowError> {
        let i = self.experiment_index(experiment_id)?;
        if self.experiments[i].lifecycle_stage == LifecycleStage::Active {
            return Err(MlflowError::invalid(format!(
                "Cannot restore an active experiment. Experiment id: {experiment_id}"
            )));
        }
        self.experiments[i].lifecycle_stage = LifecycleStage::Active;
        self.experiments[i].last_update_time = now_ms;
        for run in self.runs.values_mut() {
            if run.info.experiment_id == experiment_id {
                run.info.lifecycle_stage = LifecycleStage::Active;
                self.changes.mark(&run.info.run_id);
            }
        }
        Ok(())
    }

    /// `rename_experiment`; only active experiments can be renamed.
    pub fn rename_experiment(
        &mut self,
        experiment_id: &str,
        new_name: &str,
        now_ms: i64,
    ) -> Result<(), MlflowError> {
        validate_experiment_name(new_name)?;
        let i = self.experiment_index(experiment_id)?;
        if self.experiments[i].lifecycle_stage != LifecycleStage::Active {
            return Err(MlflowError::invalid(
                "Cannot rename a non-active experiment.",
            ));
        }
        if self.experiments[i].name != new_name {
            self.check_name_free(new_name)?;
        }
        self.experiments[i].name = new_name.into();
        self.experiments[i].last_update_time = now_ms;
        Ok(())
    }

    pub fn set_experiment_tag(
        &mut self,
        experiment_id: &str,
        key: &str,
        value: &str,
    ) -> Result<(), MlflowError> {
        validate_experiment_tag(key, value)?;
        let i = self.experiment_index(experiment_id)?;
        if self.experiments[i].lifecycle_stage != LifecycleStage::Active {
            return Err(MlflowError::invalid(format!(
                "The experiment {experiment_id} must be in the 'active' state. Current state is \
                 deleted."
            )));
        }
        self.experiments[i].tags.insert(key.into(), value.into());
        Ok(())
    }

    /// `search_experiments(view_type, max_results, filter_string, order_by, page_token)`;
    /// returns the experiments of the page and the next page's token.
    pub fn search_experiments(
        &self,
        query: &ExperimentQuery,
    ) -> Result<(Vec<Experiment>, Option<String>), MlflowError> {
        check_max_results(query.max_results)?;
        let filter = search::parse_experiment_filter(&query.filter_string)?;
        let order_by: Vec<OrderBy> = query
            .order_by
            .iter()
            .map(|o| search::parse_experiment_order_by(o))
            .collect::<Result<_, _>>()?;
        let offset = page_token::offset_of(query.page_token.as_deref())?;
        let mut found: Vec<&Experiment> = self
            .experiments
            .iter()
            .filter(|e| query.view_type.includes(e.lifecycle_stage) && search::matches(*e, &filter))
            .collect();
        search::sort_experiments(&mut found, &order_by);
        Ok(page(&found, offset, query.max_results, |e| e.clone()))
    }

    // ---- runs -----------------------------------------------------------------------------

    pub fn run_count(&self) -> usize {
        self.runs.len()
    }

    /// `create_run(experiment_id, start_time=None, tags=None, run_name=None)`.
    pub fn create_run(
        &mut self,
        experiment_id: &str,
        new: NewRun,
        now_ms: i64,
    ) -> Result<String, MlflowError> {
        let exp = self.get_experiment(experiment_id)?;
        if exp.lifecycle_stage != LifecycleStage::Active {
            return Err(MlflowError::invalid(format!(
                "The experiment {experiment_id} must be in the 'active' state. Current state is \
                 deleted."
            )));
        }
        let artifact_root = exp.artifact_location.clone();
        let mut tags: BTreeMap<String, String> = BTreeMap::new();
        for (k, v) in &new.tags {
            validate_tag(k, v)?;
            tags.insert(k.clone(), v.clone());
        }
        let tag_name = tags.get(TAG_RUN_NAME).cloned();
        let run_name = match (new.run_name.filter(|n| !n.is_empty()), tag_name) {
            (Some(arg), Some(tag)) if arg != tag => {
                return Err(MlflowError::invalid(format!(
                    "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with \
                     different values (run_name='{arg}', mlflow.runName='{tag}')."
                )))
            }
            (Some(name), _) | (None, Some(name)) => name,
            (None, None) => ids::run_name(self.seed, self.runs_created),
        };
        let run_id = ids::run_id(self.seed, self.runs_created);
        self.runs_created += 1;
        tags.insert(TAG_RUN_NAME.into(), run_name.clone());
        tags.entry(TAG_USER.into())
            .or_insert_with(|| new.user_id.clone());
        let info = RunInfo {
            artifact_uri: format!("{artifact_root}/{run_id}/artifacts"),
            run_id: run_id.clone(),
            run_name,
            experiment_id: experiment_id.into(),
            user_id: new.user_id,
            status: RunStatus::Running,
            start_time: new.start_time.unwrap_or(now_ms),
            end_time: None,
            lifecycle_stage: LifecycleStage::Active,
        };
        self.changes.mark(&run_id);
        self.runs.insert(
            run_id.clone(),
            StoredRun {
                info,
                params: BTreeMap::new(),
                tags,
                metric_history: BTreeMap::new(),
                latest_metrics: BTreeMap::new(),
                artifacts: BTreeMap::new(),
                logged_models: Vec::new(),
            },
        );
        Ok(run_id)
    }

    pub fn stored_run(&self, run_id: &str) -> Result<&StoredRun, MlflowError> {
        self.runs.get(run_id).ok_or_else(|| run_not_found(run_id))
    }

    /// `get_run(run_id)`; deleted runs are returned too (with their lifecycle stage).
    pub fn get_run(&self, run_id: &str) -> Result<Run, MlflowError> {
        self.stored_run(run_id).map(StoredRun::to_run)
    }

    /// A run to change, noted in the change log (a failed change after this only costs a
    /// rewrite of an unchanged run).
    fn run_mut(&mut self, run_id: &str) -> Result<&mut StoredRun, MlflowError> {
        let run = self
            .runs
            .get_mut(run_id)
            .ok_or_else(|| run_not_found(run_id))?;
        self.changes.mark(run_id);
        Ok(run)
    }

    // ---- segments: how the workspace stores runs, one record each ------------------------

    /// Segment ids of every run.
    pub fn run_segment_ids(&self) -> impl Iterator<Item = String> + '_ {
        self.runs.keys().map(|id| format!("{RUN_SEGMENT}{id}"))
    }

    /// One run as a segment payload, by segment id (`None` if there is no such run).
    pub fn run_segment(&self, id: &str) -> Option<Result<serde_json::Value, String>> {
        let run = self.runs.get(id.strip_prefix(RUN_SEGMENT)?)?;
        Some(serde_json::to_value(run).map_err(|e| format!("cannot serialize run: {e}")))
    }

    /// Segment ids of the runs changed since the last call.
    pub fn take_changed_runs(&mut self) -> std::collections::BTreeSet<String> {
        self.changes
            .take()
            .into_iter()
            .map(|id| format!("{RUN_SEGMENT}{id}"))
            .collect()
    }

    /// Moves the runs out (and back with [`Tracking::restore_runs`]) so the rest of the store
    /// can be serialized without copying them.
    pub fn detach_runs(&mut self) -> BTreeMap<String, StoredRun> {
        std::mem::take(&mut self.runs)
    }

    pub fn restore_runs(&mut self, runs: BTreeMap<String, StoredRun>) {
        self.runs = runs;
    }

    /// A run that may still be logged to.
    pub(super) fn active_run_mut(&mut self, run_id: &str) -> Result<&mut StoredRun, MlflowError> {
        let run = self.run_mut(run_id)?;
        if run.info.lifecycle_stage != LifecycleStage::Active {
            return Err(MlflowError::invalid(format!(
                "The run {run_id} must be in the 'active' state. Current state is deleted."
            )));
        }
        Ok(run)
    }

    /// `set_terminated(run_id, status="FINISHED", end_time=None)`.
    pub fn set_terminated(
        &mut self,
        run_id: &str,
        status: RunStatus,
        end_time: Option<i64>,
        now_ms: i64,
    ) -> Result<(), MlflowError> {
        let run = self.active_run_mut(run_id)?;
        run.info.status = status;
        run.info.end_time = Some(end_time.unwrap_or(now_ms));
        Ok(())
    }

    /// `update_run(run_id, status=None, name=None)`.
    pub fn update_run(
        &mut self,
        run_id: &str,
        status: Option<RunStatus>,
        name: Option<&str>,
        now_ms: i64,
    ) -> Result<(), MlflowError> {
        let run = self.active_run_mut(run_id)?;
        if let Some(status) = status {
            run.info.status = status;
            if status.is_terminated() {
                run.info.end_time = Some(now_ms);
            }
        }
        if let Some(name) = name {
            run.info.run_name = name.into();
            run.tags.insert(TAG_RUN_NAME.into(), name.into());
        }
        Ok(())
    }

    pub fn delete_run(&mut self, run_id: &str) -> Result<(), MlflowError> {
        let run = self.run_mut(run_id)?;
        run.info.lifecycle_stage = LifecycleStage::Deleted;
        Ok(())
    }

    pub fn restore_run(&mut self, run_id: &str) -> Result<(), MlflowError> {
        let run = self.run_mut(run_id)?;
        run.info.lifecycle_stage = LifecycleStage::Active;
        Ok(())
    }

    /// `log_param`: stored as a string; the same value again is fine, a different one is not.
    pub fn log_param(&mut self, run_id: &str, key: &str, value: &str) -> Result<(), MlflowError> {
        validate_param(key, value)?;
        let run = self.active_run_mut(run_id)?;
        match run.params.get(key) {
            Some(old) if old != value => Err(MlflowError::invalid(format!(
                "Changing param values is not allowed. Params were already logged='[{{'key': \
                 '{key}', 'old_value': '{old}', 'new_value': '{value}'}}]' for run \
                 ID='{run_id}'."
            ))),
            Some(_) => Ok(()),
            None => {
                run.params.insert(key.into(), value.into());
                Ok(())
            }
        }
    }

    /// `log_metric(run_id, key, value, timestamp=None, step=None)` (step defaults to 0).
    pub fn log_metric(
        &mut self,
        run_id: &str,
        key: &str,
        value: f64,
        timestamp: i64,
        step: i64,
    ) -> Result<(), MlflowError> {
        validate_metric(key, timestamp)?;
        let run = self.active_run_mut(run_id)?;
        let point = Metric {
            key: key.into(),
            value,
            timestamp,
            step,
        };
        let newer = run
            .latest_metrics
            .get(key)
            .is_none_or(|latest| point.is_newer_than(latest));
        // Keys are allocated only for a metric's first point (logging loops are hot).
        if newer {
            match run.latest_metrics.get_mut(key) {
                Some(latest) => *latest = point.clone(),
                None => {
                    run.latest_metrics.insert(key.into(), point.clone());
                }
            }
        }
        match run.metric_history.get_mut(key) {
            Some(history) => history.push(point),
            None => {
                run.metric_history.insert(key.into(), vec![point]);
            }
        }
        Ok(())
    }

    /// `set_tag`; `mlflow.runName` also renames the run.
    pub fn set_tag(&mut self, run_id: &str, key: &str, value: &str) -> Result<(), MlflowError> {
        validate_tag(key, value)?;
        let run = self.active_run_mut(run_id)?;
        if key == TAG_RUN_NAME {
            run.info.run_name = value.into();
        }
        run.tags.insert(key.into(), value.into());
        Ok(())
    }

    /// `delete_tag`.
    pub fn delete_tag(&mut self, run_id: &str, key: &str) -> Result<(), MlflowError> {
        let run = self.active_run_mut(run_id)?;
        if run.tags.remove(key).is_none() {
            return Err(MlflowError::missing(format!(
                "No tag with name: {key} in run with id {run_id}"
            )));
        }
        Ok(())
    }

    /// `log_batch(run_id, metrics, params, tags)`: checked as a whole first (limits, duplicate
    /// param keys, every value), then applied; nothing is written when a check fails.
    pub fn log_batch(
        &mut self,
        run_id: &str,
        metrics: &[Metric],
        params: &[(String, String)],
        tags: &[(String, String)],
    ) -> Result<(), MlflowError> {
        validate_batch_limit("metrics", MAX_METRICS_PER_BATCH, metrics.len())?;
        validate_batch_limit("params", MAX_PARAMS_TAGS_PER_BATCH, params.len())?;
        validate_batch_limit("tags", MAX_PARAMS_TAGS_PER_BATCH, tags.len())?;
        validate_batch_limit(
            "metrics, params, and tags",
            MAX_ENTITIES_PER_BATCH,
            metrics.len() + params.len() + tags.len(),
        )?;
        let mut seen = Vec::new();
        let mut dupes = Vec::new();
        for (k, _) in params {
            if seen.contains(&k) {
                dupes.push(format!("'{k}'"));
            } else {
                seen.push(k);
            }
        }
        if !dupes.is_empty() {
            return Err(MlflowError::invalid(format!(
                "Duplicate parameter keys have been submitted: [{}]. Please ensure the request \
                 contains only one param value per param key.",
                dupes.join(", ")
            )));
        }
        for m in metrics {
            validate_metric(&m.key, m.timestamp)?;
        }
        let run = self.active_run_mut(run_id)?;
        for (k, v) in params {
            validate_param(k, v)?;
            if run.params.get(k).is_some_and(|old| old != v) {
                let old = &run.params[k];
                return Err(MlflowError::invalid(format!(
                    "Changing param values is not allowed. Params were already logged='[{{'key': \
                     '{k}', 'old_value': '{old}', 'new_value': '{v}'}}]' for run ID='{run_id}'."
                )));
            }
        }
        for (k, v) in tags {
            validate_tag(k, v)?;
        }
        for (k, v) in params {
            self.log_param(run_id, k, v)?;
        }
        for m in metrics {
            self.log_metric(run_id, &m.key, m.value, m.timestamp, m.step)?;
        }
        for (k, v) in tags {
            self.set_tag(run_id, k, v)?;
        }
        Ok(())
    }

    /// `get_metric_history(run_id, key)`: every point, in logging order.
    pub fn get_metric_history(&self, run_id: &str, key: &str) -> Result<Vec<Metric>, MlflowError> {
        let run = self.stored_run(run_id)?;
        Ok(run.metric_history.get(key).cloned().unwrap_or_default())
    }

    /// `search_runs(experiment_ids, filter_string, run_view_type, max_results, order_by,
    /// page_token)`.
    pub fn search_runs(&self, query: &RunQuery) -> Result<RunPage, MlflowError> {
        check_max_results(query.max_results)?;
        let filter = search::parse_filter(&query.filter_string)?;
        let order_by: Vec<OrderBy> = query
            .order_by
            .iter()
            .map(|o| search::parse_order_by(o))
            .collect::<Result<_, _>>()?;
        let offset = page_token::offset_of(query.page_token.as_deref())?;
        let mut found: Vec<&StoredRun> = self
            .runs
            .values()
            .filter(|r| {
                query.experiment_ids.contains(&r.info.experiment_id)
                    && query.run_view_type.includes(r.info.lifecycle_stage)
                    && search::matches(*r, &filter)
            })
            .collect();
        search::sort_runs(&mut found, &order_by);
        let (runs, token) = page(&found, offset, query.max_results, StoredRun::to_run);
        Ok(RunPage { runs, token })
    }
}

//! The fluent API's session state (`mlflow.set_experiment`, `mlflow.start_run`,
//! `mlflow.end_run`, `mlflow.active_run`): which experiment is active and the stack of active
//! runs. It lives beside the store, not in it: like a Python process, it is not persisted.

use super::entities::RunStatus;
use super::error::MlflowError;
use super::store::{NewRun, Tracking, DEFAULT_EXPERIMENT_ID, TAG_PARENT_RUN_ID};

/// Arguments of `mlflow.start_run`.
#[derive(Debug, Clone, Default)]
pub struct StartRun {
    /// Resume this run instead of creating one.
    pub run_id: Option<String>,
    pub experiment_id: Option<String>,
    pub run_name: Option<String>,
    pub nested: bool,
    pub tags: Vec<(String, String)>,
    pub user_id: String,
}

/// One notebook session's fluent state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fluent {
    experiment_id: Option<String>,
    active: Vec<String>,
}

impl Fluent {
    /// `mlflow.set_experiment(name)`: makes it active (creating it if missing).
    pub fn set_experiment(
        &mut self,
        store: &mut Tracking,
        name: &str,
        now_ms: i64,
    ) -> Result<String, MlflowError> {
        let id = store.set_experiment(name, now_ms)?;
        self.experiment_id = Some(id.clone());
        Ok(id)
    }

    /// The experiment new runs go to: the active one, else the Default experiment.
    pub fn experiment_id(&self) -> &str {
        self.experiment_id
            .as_deref()
            .unwrap_or(DEFAULT_EXPERIMENT_ID)
    }

    /// `mlflow.active_run()`'s run id.
    pub fn active_run_id(&self) -> Option<&str> {
        self.active.last().map(String::as_str)
    }

    /// `mlflow.start_run(...)`: a new (or resumed) run becomes active; with `nested=True` it
    /// is a child of the active run (tag `mlflow.parentRunId`).
    pub fn start_run(
        &mut self,
        store: &mut Tracking,
        args: StartRun,
        now_ms: i64,
    ) -> Result<String, MlflowError> {
        if let (Some(active), false) = (self.active_run_id(), args.nested) {
            return Err(MlflowError::invalid(format!(
                "Run with UUID {active} is already active. To start a new run, first end the \
                 current run with mlflow.end_run(). To start a nested run, call start_run with \
                 nested=True"
            )));
        }
        let parent = self.active_run_id().map(str::to_string);
        let run_id = match args.run_id {
            Some(id) => {
                store.update_run(
                    &id,
                    Some(RunStatus::Running),
                    args.run_name.as_deref(),
                    now_ms,
                )?;
                id
            }
            None => {
                let mut tags = args.tags;
                if let Some(parent) = &parent {
                    tags.push((TAG_PARENT_RUN_ID.into(), parent.clone()));
                }
                let experiment = args
                    .experiment_id
                    .unwrap_or_else(|| self.experiment_id().to_string());
                let new = NewRun {
                    start_time: None,
                    run_name: args.run_name,
                    tags,
                    user_id: args.user_id,
                };
                store.create_run(&experiment, new, now_ms)?
            }
        };
        self.active.push(run_id.clone());
        Ok(run_id)
    }

    /// `mlflow.end_run(status="FINISHED")`: ends the innermost active run (no-op without one).
    pub fn end_run(
        &mut self,
        store: &mut Tracking,
        status: RunStatus,
        now_ms: i64,
    ) -> Result<(), MlflowError> {
        let Some(run_id) = self.active.pop() else {
            return Ok(());
        };
        store.set_terminated(&run_id, status, None, now_ms)
    }

    /// The end of a `with mlflow.start_run():` block: FINISHED, or FAILED when the block
    /// raised.
    pub fn end_block(
        &mut self,
        store: &mut Tracking,
        raised: bool,
        now_ms: i64,
    ) -> Result<(), MlflowError> {
        let status = if raised {
            RunStatus::Failed
        } else {
            RunStatus::Finished
        };
        self.end_run(store, status, now_ms)
    }
}

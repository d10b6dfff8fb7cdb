//! AutoML across a Web Worker: the page sends a [`JobSpec`] and the table (encoded with
//! `table::encode`); the worker answers with [`WorkerEvent`]s, one per trial, and the page
//! logs each trial into its own workspace ([`PageJob`]). Both sides live here so the whole
//! exchange is tested natively; the browser adapters only move the JSON and bytes.

use serde::{Deserialize, Serialize};

use super::params::AutoMLParams;
use super::run::{
    log_trial, open_experiment, summarize, PrepReport, Progress, Trainer, TrialOutcome,
};
use super::summary::{AutoMLSummary, Stop, TrialInfo};
use crate::ml::estimator::Task;
use crate::table::encode;
use crate::tracking::Tracking;

/// The AutoML page's settings (the subset of the API its form offers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct JobSpec {
    pub task: Task,
    pub target_col: String,
    pub primary_metric: Option<String>,
    pub timeout_minutes: Option<f64>,
    #[serde(default)]
    pub exclude_cols: Vec<String>,
    pub seed: u64,
    #[serde(default)]
    pub max_trials: Option<usize>,
}

crate::flat_de::map_only!(JobSpec);

impl JobSpec {
    pub fn params(&self) -> AutoMLParams {
        let mut p = AutoMLParams::new(self.task, &self.target_col);
        p.primary_metric = self.primary_metric.clone();
        p.timeout_minutes = self.timeout_minutes;
        p.exclude_cols = self.exclude_cols.clone();
        p.seed = self.seed;
        p.max_trials = self.max_trials;
        p
    }
}

/// What the worker tells the page. `Deserialize` is in `job_de`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WorkerEvent {
    /// The worker's module is loaded and listening.
    Ready,
    /// Data preparation is done; trials follow.
    Started {
        report: Box<PrepReport>,
    },
    Trial {
        outcome: Box<TrialOutcome>,
        progress: Progress,
    },
    Done {
        stop: Stop,
        progress: Progress,
    },
    Failed {
        message: String,
    },
}

impl WorkerEvent {
    /// The event as JSON; NaN and infinities (a metric, a model's parameter) are kept as
    /// `models::json` markers, since plain JSON would turn them into unreadable nulls.
    pub fn to_json(&self) -> String {
        crate::models::json::to_text(self, false)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_else(|e| {
                format!("{{\"type\":\"failed\",\"message\":\"cannot encode an event: {e}\"}}")
            })
    }

    pub fn from_json(text: &str) -> Result<WorkerEvent, String> {
        crate::models::json::from_text(text.as_bytes())
            .map_err(|e| format!("unreadable worker message: {e}"))
    }
}

/// The worker's side: a trainer fed by the page's message.
pub struct WorkerJob {
    trainer: Trainer,
}

impl WorkerJob {
    /// Decodes the job and prepares the data: the job and `Started`, or `Failed`.
    pub fn start(
        spec_json: &str,
        table_bytes: &[u8],
        now_ms: i64,
    ) -> (Option<WorkerJob>, WorkerEvent) {
        let started = (|| -> Result<Trainer, String> {
            let spec: JobSpec =
                serde_json::from_str(spec_json).map_err(|e| format!("bad AutoML job: {e}"))?;
            let table = encode::decode(table_bytes)?;
            Trainer::new(&table, spec.params(), now_ms)
        })();
        match started {
            Ok(trainer) => {
                let report = Box::new(trainer.report().clone());
                (Some(WorkerJob { trainer }), WorkerEvent::Started { report })
            }
            Err(message) => (None, WorkerEvent::Failed { message }),
        }
    }

    pub fn cancel(&mut self) {
        self.trainer.cancel();
    }

    /// Trains one trial (`Trial`) or reports the end (`Done`).
    pub fn step(&mut self, now: &mut dyn FnMut() -> i64) -> WorkerEvent {
        match self.trainer.next_trial(now) {
            Some(outcome) => WorkerEvent::Trial {
                outcome: Box::new(outcome),
                progress: self.trainer.progress(now()),
            },
            None => WorkerEvent::Done {
                stop: self.trainer.stop().unwrap_or(Stop::Budget),
                progress: self.trainer.progress(now()),
            },
        }
    }
}

/// The page's side: logs what the worker reports into the workspace's tracking.
#[derive(Debug, Clone)]
pub struct PageJob {
    pub experiment_id: String,
    pub experiment_name: String,
    pub report: PrepReport,
    pub user: String,
    pub trials: Vec<TrialInfo>,
}

impl PageJob {
    /// Opens the experiment once the worker has prepared the data.
    pub fn open(
        tracking: &mut Tracking,
        spec: &JobSpec,
        report: PrepReport,
        dataset_name: &str,
        user: &str,
        now_ms: i64,
    ) -> Result<PageJob, String> {
        let (experiment_id, experiment_name) = open_experiment(
            tracking,
            &spec.params(),
            report.metric(),
            dataset_name,
            user,
            now_ms,
        )?;
        Ok(PageJob {
            experiment_id,
            experiment_name,
            report,
            user: user.to_string(),
            trials: Vec::new(),
        })
    }

    /// Logs one trial; returns its info.
    pub fn log(&mut self, tracking: &mut Tracking, outcome: &TrialOutcome) -> TrialInfo {
        let info = log_trial(
            tracking,
            &self.experiment_id,
            &self.user,
            &self.report,
            outcome,
        );
        self.trials.push(info.clone());
        info
    }

    /// The summary so far (trials best first).
    pub fn summary(&self, stop: Stop) -> AutoMLSummary {
        summarize(
            self.experiment_id.clone(),
            self.experiment_name.clone(),
            &self.report,
            self.trials.clone(),
            stop,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_carry_nan_and_infinite_numbers() {
        // A trial whose metric is NaN (an undefined score) used to cross as `null` and fail
        // to read on the page.
        let event = WorkerEvent::Trial {
            outcome: Box::new(TrialOutcome {
                run_name: "r".into(),
                estimator: "e".into(),
                model_description: String::new(),
                params: Default::default(),
                metrics: vec![("val_f1".into(), f64::NAN), ("val_x".into(), f64::INFINITY)],
                model: None,
                error: None,
                preprocessors: Vec::new(),
                figures: Vec::new(),
                started_ms: 1,
                ended_ms: 2,
            }),
            progress: Progress {
                trials_done: 1,
                best_score: Some(f64::NEG_INFINITY),
                elapsed_ms: 1,
                timeout_ms: 2,
            },
        };
        let Ok(WorkerEvent::Trial { outcome, progress }) = WorkerEvent::from_json(&event.to_json())
        else {
            panic!("the event should read back")
        };
        assert!(outcome.metrics[0].1.is_nan());
        assert_eq!(outcome.metrics[1].1, f64::INFINITY);
        assert_eq!(progress.best_score, Some(f64::NEG_INFINITY));
    }
}

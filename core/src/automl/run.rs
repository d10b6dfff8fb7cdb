//! Running AutoML: one MLflow experiment per run, one MLflow run per trial (reference §5).
//!
//! [`AutoMLRun`] works trial by trial ([`AutoMLRun::step`]) so a caller can report progress
//! and cancel between trials (the browser's worker does); [`run`] loops to the end.
//!
//! Trials cycle through the algorithm families; within a family the first trials sample at
//! random, later ones with the TPE-like sampler (`ml::tune`). A run stops at
//! `timeout_minutes`, at Lakelab's `max_trials` cap, or early once at least
//! [`EARLY_STOP_MIN_TRIALS`] trials finished and the last [`EARLY_STOP_PATIENCE`] brought no
//! improvement (the open-source AutoML runtime's rule, §6).
//!
//! Each trial's run holds: params `classifier__<name>` / `regressor__<name>` (scikit-learn
//! autolog's names for a pipeline step) plus `classifier` / `regressor` (the estimator's
//! repr); `training_` / `val_` / `test_` metrics; the fitted pipeline logged as `model` with
//! an input example and an inferred signature. The experiment's `mlflow.note.content`
//! describes the AutoML run. Databricks does not nest trials under a parent run; neither does
//! Lakelab.

use std::collections::BTreeMap;

use super::evaluate;
use super::params::{check, AutoMLParams, Checked};
use super::prepare::{prepare, Prepared, Target};
use super::search::{families, Family};
use super::summary::{AutoMLSummary, Stop, TrialInfo};
use crate::frame::SplitFrame;
use crate::ml::estimator::{self, Estimator, Task};
use crate::ml::pipeline::PipelineModel;
use crate::ml::tune::{Observation, Tpe};
use crate::models::SavedModel;
use crate::rng::SeededRng;
use crate::table::Table;
use crate::tracking::{NewRun, RunStatus, Tracking};

pub const EARLY_STOP_MIN_TRIALS: usize = 40;
pub const EARLY_STOP_PATIENCE: usize = 20;

/// Random trials per family before the TPE-like sampler takes over.
const STARTUP_PER_FAMILY: usize = 5;

/// What a caller sees after each trial.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub trials_done: usize,
    /// The best validation score so far.
    pub best_score: Option<f64>,
    pub elapsed_ms: i64,
    pub timeout_ms: i64,
}

/// An AutoML run in progress.
pub struct AutoMLRun {
    params: AutoMLParams,
    checked: Checked,
    prepared: Prepared,
    families: Vec<Family>,
    histories: Vec<Vec<Observation>>,
    rng: SeededRng,
    experiment_id: String,
    experiment_name: String,
    input_example: SplitFrame,
    user: String,
    started_ms: i64,
    trials: Vec<TrialInfo>,
    best_loss: f64,
    since_improvement: usize,
    stop: Option<Stop>,
}

fn experiment_stamp(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let (y, m, d) = crate::time::civil_from_days(days);
    let secs = ms.rem_euclid(86_400_000) / 1000;
    format!(
        "{y:04}_{m:02}_{d:02}-{:02}_{:02}",
        secs / 3600,
        secs / 60 % 60
    )
}

impl AutoMLRun {
    /// Checks the arguments, prepares the data and creates (or reuses, when
    /// `experiment_name` names an existing active one) the experiment.
    pub fn start(
        tracking: &mut Tracking,
        table: &Table,
        dataset_name: &str,
        params: AutoMLParams,
        user: &str,
        now_ms: i64,
    ) -> Result<AutoMLRun, String> {
        let checked = check(&params, table.names())?;
        let prepared = prepare(table, &params, &checked.imputers)?;
        let experiment_name = match (&params.experiment_name, &params.experiment_dir) {
            (Some(name), _) => name.clone(),
            (None, dir) => {
                let dir = dir
                    .clone()
                    .unwrap_or_else(|| format!("/Users/{user}/databricks_automl"));
                let short = dataset_name.rsplit('.').next().unwrap_or(dataset_name);
                format!(
                    "{}/{}_{}-{}",
                    dir.trim_end_matches('/'),
                    params.target_col,
                    short,
                    experiment_stamp(now_ms)
                )
            }
        };
        let note = format!(
            "AutoML {} of '{}' on {dataset_name}: primary metric {} ({}), {} trials max per budget",
            match params.task {
                Task::Classification => "classification",
                Task::Regression => "regression",
            },
            params.target_col,
            checked.metric.name(),
            checked.metric.val_key(),
            params
                .max_trials
                .map_or("no cap on".to_string(), |n| n.to_string()),
        );
        let experiment_id = match tracking.get_experiment_by_name(&experiment_name) {
            Some(e) if e.lifecycle_stage == crate::tracking::LifecycleStage::Active => {
                e.experiment_id.clone()
            }
            _ => tracking
                .create_experiment(
                    &experiment_name,
                    None,
                    &[("mlflow.note.content".to_string(), note)],
                    now_ms,
                )
                .map_err(|e| e.to_string())?,
        };
        let inputs: Vec<usize> = prepared
            .preprocessor
            .input_columns()
            .iter()
            .filter_map(|c| table.find(c, false).ok())
            .collect();
        let example_rows: Vec<usize> = prepared.split.train.iter().take(5).copied().collect();
        let input_example =
            SplitFrame::from_table(&table.select_positions(&inputs).take(&example_rows));
        Ok(AutoMLRun {
            rng: SeededRng::new(params.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xa0),
            histories: vec![Vec::new(); 3],
            families: families(params.task),
            params,
            checked,
            prepared,
            experiment_id,
            experiment_name,
            input_example,
            user: user.to_string(),
            started_ms: now_ms,
            trials: Vec::new(),
            best_loss: f64::INFINITY,
            since_improvement: 0,
            stop: None,
        })
    }

    pub fn experiment_id(&self) -> &str {
        &self.experiment_id
    }

    pub fn prepared(&self) -> &Prepared {
        &self.prepared
    }

    pub fn is_done(&self) -> bool {
        self.stop.is_some()
    }

    pub fn progress(&self, now_ms: i64) -> Progress {
        let best = self
            .trials
            .iter()
            .filter(|t| t.error.is_none())
            .map(|t| t.evaluation_metric_score)
            .fold(None, |acc: Option<f64>, s| match acc {
                None => Some(s),
                Some(b) => Some(
                    if self.checked.metric.loss(s) < self.checked.metric.loss(b) {
                        s
                    } else {
                        b
                    },
                ),
            });
        Progress {
            trials_done: self.trials.len(),
            best_score: best,
            elapsed_ms: now_ms - self.started_ms,
            timeout_ms: self.checked.timeout_ms,
        }
    }

    /// Stops before the next trial (the learner's Cancel); finished trials are kept.
    pub fn cancel(&mut self) {
        self.stop.get_or_insert(Stop::Cancelled);
    }

    /// Runs one trial, unless a stop condition holds; returns whether the run is finished.
    pub fn step(&mut self, tracking: &mut Tracking, now: &mut dyn FnMut() -> i64) -> bool {
        if self.stop.is_some() {
            return true;
        }
        let t0 = now();
        if t0 - self.started_ms >= self.checked.timeout_ms {
            self.stop = Some(Stop::Timeout);
            return true;
        }
        if self
            .params
            .max_trials
            .is_some_and(|m| self.trials.len() >= m)
        {
            self.stop = Some(Stop::Budget);
            return true;
        }
        let index = self.trials.len();
        let f = index % self.families.len();
        let dims = self.families[f].space.len();
        let tpe = Tpe {
            startup: STARTUP_PER_FAMILY,
            ..Tpe::default()
        };
        let point = tpe.suggest(dims, &self.histories[f], &mut self.rng);
        let values: Vec<f64> = self.families[f]
            .space
            .iter()
            .zip(&point)
            .map(|(p, u)| p.dim.value(*u))
            .collect();
        let seed = self.params.seed.wrapping_add(index as u64);
        let est = self.families[f].build(&values, seed, self.params.task);
        let trial = self.trial(tracking, f, est, t0, now);
        let loss = if trial.error.is_some() {
            f64::INFINITY
        } else {
            self.checked.metric.loss(trial.evaluation_metric_score)
        };
        self.histories[f].push(Observation { point, loss });
        if loss < self.best_loss {
            self.best_loss = loss;
            self.since_improvement = 0;
        } else {
            self.since_improvement += 1;
        }
        self.trials.push(trial);
        if self.trials.len() >= EARLY_STOP_MIN_TRIALS
            && self.since_improvement >= EARLY_STOP_PATIENCE
        {
            self.stop = Some(Stop::EarlyStopped);
        }
        self.stop.is_some()
    }

    fn trial(
        &mut self,
        tracking: &mut Tracking,
        family: usize,
        est: Estimator,
        t0: i64,
        now: &mut dyn FnMut() -> i64,
    ) -> TrialInfo {
        let p = &self.prepared;
        let task = self.params.task;
        let step = match task {
            Task::Classification => "classifier",
            Task::Regression => "regressor",
        };
        let weights = (p.weighted && est.takes_weights()).then_some(p.train_weights.as_slice());
        let mut preprocessors = vec![format!(
            "{} numeric and one-hot columns from {} input columns (impute, standardise, one-hot)",
            p.preprocessor.feature_names().len(),
            p.preprocessor.input_columns().len()
        )];
        if p.rebalance.is_some() {
            preprocessors.push(if est.takes_weights() {
                "imbalance: majority classes downsampled and weighted (training split)".to_string()
            } else {
                "imbalance: majority classes downsampled (training split); class weights do not reach this linfa model".to_string()
            });
        }
        let fitted = match &p.target {
            Target::Classes { labels, train, .. } => est.fit(
                &p.x_train,
                estimator::Target::Classes {
                    codes: train,
                    n_classes: labels.len(),
                },
                weights,
            ),
            Target::Values {
                train, transform, ..
            } => {
                let y: Vec<f64> = match transform {
                    Some(_) => train.iter().map(|v| v.ln_1p()).collect(),
                    None => train.clone(),
                };
                if transform.is_some() {
                    preprocessors
                        .push("target fitted as log(1 + y), predictions exp(p) - 1".into());
                }
                est.fit(&p.x_train, estimator::Target::Values(&y), weights)
            }
        };
        let mut metrics: Vec<(String, f64)> = Vec::new();
        let model = fitted.map(|fitted| {
            let (classes, target_transform) = match &p.target {
                Target::Classes { labels, .. } => (labels.clone(), None),
                Target::Values { transform, .. } => (Vec::new(), *transform),
            };
            PipelineModel {
                task,
                estimator: est.clone(),
                preprocessor: p.preprocessor.clone(),
                fitted,
                classes,
                target_transform,
            }
        });
        if let Ok(m) = &model {
            for (prefix, x, split) in [
                ("training_", &p.x_train, 0),
                ("val_", &p.x_validate, 1),
                ("test_", &p.x_test, 2),
            ] {
                match &p.target {
                    Target::Classes {
                        labels,
                        train,
                        validate,
                        test,
                        positive,
                    } => {
                        let y = [train, validate, test][split];
                        let proba = m.fitted.proba(x, labels.len());
                        metrics.extend(evaluate::classification(
                            prefix,
                            y,
                            &proba,
                            labels.len(),
                            *positive,
                        ));
                    }
                    Target::Values {
                        train,
                        validate,
                        test,
                        transform,
                    } => {
                        let y = [train, validate, test][split];
                        let mut pred = m.fitted.values(x);
                        if transform.is_some() {
                            pred.iter_mut().for_each(|v| *v = v.exp_m1());
                        }
                        metrics.extend(evaluate::regression(prefix, y, &pred));
                    }
                }
            }
        }
        // Log the run.
        let class_name = est.class_name(task);
        let hyper = est.params();
        let repr = format!(
            "{class_name}({})",
            hyper
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut params: BTreeMap<String, String> = hyper
            .iter()
            .map(|(k, v)| (format!("{step}__{k}"), v.clone()))
            .collect();
        params.insert(step.to_string(), repr.clone());
        let run_name = self.families[family].run_name;
        let logged = (|| -> Result<(String, String), String> {
            let start = now();
            let run_id = tracking
                .create_run(
                    &self.experiment_id,
                    NewRun {
                        start_time: Some(t0),
                        run_name: Some(run_name.to_string()),
                        tags: Vec::new(),
                        user_id: self.user.clone(),
                    },
                    start,
                )
                .map_err(|e| e.to_string())?;
            for (k, v) in &params {
                tracking
                    .log_param(&run_id, k, v)
                    .map_err(|e| e.to_string())?;
            }
            for (k, v) in &metrics {
                tracking
                    .log_metric(&run_id, k, *v, start, 0)
                    .map_err(|e| e.to_string())?;
            }
            let status = match &model {
                Ok(m) => {
                    tracking
                        .log_model(
                            &run_id,
                            &SavedModel::Pipeline(Box::new(m.clone())),
                            "model",
                            None,
                            Some(&self.input_example),
                            start,
                        )
                        .map_err(|e| e.to_string())?;
                    RunStatus::Finished
                }
                Err(_) => RunStatus::Failed,
            };
            let artifact_uri = tracking
                .get_run(&run_id)
                .map_err(|e| e.to_string())?
                .info
                .artifact_uri;
            tracking
                .set_terminated(&run_id, status, Some(now()), now())
                .map_err(|e| e.to_string())?;
            Ok((run_id, artifact_uri))
        })();
        let (run_id, artifact_uri, log_error) = match logged {
            Ok((id, uri)) => (id, uri, None),
            Err(e) => (String::new(), String::new(), Some(e)),
        };
        let metric = self.checked.metric;
        let metrics: BTreeMap<String, f64> = metrics.into_iter().collect();
        let score = metrics
            .get(&metric.val_key())
            .copied()
            .unwrap_or(if metric.maximize() {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        TrialInfo {
            mlflow_run_id: run_id,
            run_name: run_name.to_string(),
            estimator: class_name.to_string(),
            model_path: format!("{artifact_uri}/model"),
            model_description: repr,
            duration_minutes: (now() - t0) as f64 / 60_000.0,
            metrics,
            params,
            evaluation_metric_score: score,
            preprocessors,
            error: model.err().or(log_error),
        }
    }

    /// The summary: trials best first, failed trials last.
    pub fn finish(self) -> AutoMLSummary {
        let metric = self.checked.metric;
        let mut trials = self.trials;
        trials.sort_by(|a, b| {
            a.error.is_some().cmp(&b.error.is_some()).then_with(|| {
                metric
                    .loss(a.evaluation_metric_score)
                    .total_cmp(&metric.loss(b.evaluation_metric_score))
            })
        });
        let p = self.prepared;
        AutoMLSummary {
            experiment_id: self.experiment_id,
            experiment_name: self.experiment_name,
            task: self.params.task,
            target_col: self.params.target_col,
            metric,
            trials,
            stop: self.stop.unwrap_or(Stop::Budget),
            semantic_type_conversions: p.semantic_type_conversions,
            alerts: p.alerts,
            plans: p.plans,
            rebalance: p.rebalance,
            split_sizes: (
                p.split.train.len(),
                p.split.validate.len(),
                p.split.test.len(),
            ),
        }
    }
}

/// Runs AutoML to the end (a notebook cell's `automl.classify` / `automl.regress`).
pub fn run(
    tracking: &mut Tracking,
    table: &Table,
    dataset_name: &str,
    params: AutoMLParams,
    user: &str,
    now: &mut dyn FnMut() -> i64,
) -> Result<AutoMLSummary, String> {
    let start = now();
    let mut r = AutoMLRun::start(tracking, table, dataset_name, params, user, start)?;
    while !r.step(tracking, now) {}
    Ok(r.finish())
}

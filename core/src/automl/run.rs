//! Running AutoML: one MLflow experiment per run, one MLflow run per trial (reference §5).
//!
//! Training and logging are separate so the browser can train in a Web Worker and log on the
//! page: [`Trainer`] prepares the data and yields one [`TrialOutcome`] per call (no
//! tracking); [`open_experiment`] and [`log_trial`] write the experiment and each trial's run.
//! [`AutoMLRun`] joins them for a notebook cell, trial by trial ([`AutoMLRun::step`]) so a
//! caller can cancel between trials; [`run`] loops to the end.
//!
//! Trials cycle through the algorithm families; within a family the first trial is the
//! family's low-cost point (`search::Family::init`), the next ones sample at random, later ones
//! use the TPE-like sampler (`ml::tune`). On a training split of more than 10,000 rows trials
//! fit on growing samples of it (`sample`); metrics use the whole validation and test splits. A run stops at
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

use serde::{Deserialize, Serialize};

use super::evaluate;
use super::figures;
use super::notebook::{self as generated, Imputation, NotebookPlan};
use super::params::{check, AutoMLParams, Checked, Metric};
use super::prepare::{prepare, Alert, Prepared, Rebalance, Target};
use super::sample::{Sample, Sampler, TRIALS_PER_SAMPLE};
use super::search::{families, Family};
use super::summary::{AutoMLSummary, Stop, TrialInfo};
use crate::frame::SplitFrame;
use crate::ml::estimator::{self, Estimator, Task};
use crate::ml::pipeline::PipelineModel;
use crate::ml::prep::ColumnPlan;
use crate::ml::tune::{Observation, Tpe};
use crate::models::SavedModel;
use crate::rng::SeededRng;
use crate::table::Table;
use crate::tracking::{NewRun, RunStatus, Tracking};

pub const EARLY_STOP_MIN_TRIALS: usize = 40;
pub const EARLY_STOP_PATIENCE: usize = 20;

/// Random trials per family before the TPE-like sampler takes over.
const STARTUP_PER_FAMILY: usize = 5;

/// The standard deviation, in unit space, of a local-search step (`search::Family::local`):
/// about a 1.5x change of a log-scaled count such as LightGBM's `n_estimators`.
const LOCAL_STEP: f64 = 0.1;

/// Trials a local-search family runs on a sample before moving to a larger one (its first
/// points are cheap, so it searches longer on few rows; the others move after
/// `TRIALS_PER_SAMPLE`).
const LOCAL_TRIALS_PER_SAMPLE: usize = 8;

/// A point near `best`: a Gaussian step in every dimension, kept inside the unit cube.
fn local_point(best: &[f64], rng: &mut SeededRng) -> Vec<f64> {
    best.iter()
        .map(|&c| {
            let (u1, u2) = (rng.unit().max(1e-12), rng.unit());
            let z = (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos();
            (c + z * LOCAL_STEP).clamp(0.0, 1.0 - 1e-12)
        })
        .collect()
}

/// What a caller sees after each trial.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Progress {
    pub trials_done: usize,
    /// The best validation score so far.
    pub best_score: Option<f64>,
    pub elapsed_ms: i64,
    pub timeout_ms: i64,
}

crate::flat_de::map_only!(Progress);

/// What data preparation found, for the summary and the page (serialisable: the worker
/// sends it to the page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct PrepReport {
    pub task: Task,
    pub target_col: String,
    pub metric: String,
    pub plans: Vec<ColumnPlan>,
    pub alerts: Vec<Alert>,
    pub semantic_type_conversions: BTreeMap<String, Vec<String>>,
    pub rebalance: Option<Rebalance>,
    pub split_sizes: (usize, usize, usize),
    /// Five training rows of the input columns: each trial's `input_example`.
    pub input_example: SplitFrame,
    pub timeout_ms: i64,
    /// What the generated trial notebooks need.
    pub notebook: NotebookPlan,
    /// The data file the notebooks read (CSV with the split column).
    pub training_data: String,
}

crate::flat_de::map_only!(PrepReport);

impl PrepReport {
    pub fn metric(&self) -> Metric {
        Metric::parse(self.task, &self.metric).unwrap_or(Metric::default_for(self.task))
    }
}

/// One trained (or failed) trial, before it is logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct TrialOutcome {
    pub run_name: String,
    pub estimator: String,
    pub model_description: String,
    pub params: BTreeMap<String, String>,
    pub metrics: Vec<(String, f64)>,
    pub model: Option<PipelineModel>,
    pub error: Option<String>,
    pub preprocessors: Vec<String>,
    /// The validation split's figures (`figures`): artifact file name and SVG.
    #[serde(default)]
    pub figures: Vec<(String, String)>,
    pub started_ms: i64,
    pub ended_ms: i64,
}

crate::flat_de::map_only!(TrialOutcome);

/// Trains trials one at a time; knows nothing of MLflow.
pub struct Trainer {
    params: AutoMLParams,
    checked: Checked,
    prepared: Prepared,
    report: PrepReport,
    families: Vec<Family>,
    histories: Vec<Vec<Observation>>,
    /// The values of each family's trials, beside `histories` (a re-fit reuses them as they
    /// were, not as mapped back from the unit point).
    tried: Vec<Vec<Vec<f64>>>,
    /// How long each family's last trial took: a family whose last trial would not fit in
    /// the time left is skipped, so a run overshoots its budget less.
    last_cost_ms: Vec<Option<i64>>,
    /// The longest trial of each family at its current sample size: a family is skipped when
    /// that would not fit in the time left (its next point can cost as much; the last trial
    /// alone let a costlier one start and end a second after a 5 s budget).
    max_cost_ms: Vec<Option<i64>>,
    /// The family the next trial starts looking from (families take turns).
    cursor: usize,
    /// The time each family's trials took in all.
    spent_ms: Vec<i64>,
    /// A local-search family's next point, set by its last step: the opposite step from its
    /// best point when the step did not improve (FLAML's CFO tries both directions), the
    /// same step again from the new best when it did (so a family whose scores rise with
    /// more trees keeps adding them).
    opposite: Vec<Option<Vec<f64>>>,
    /// The training split's samples (`sample`): each family's current sample size and trials
    /// at that size, and the samples built so far (not the whole split).
    sampler: Sampler,
    sample_size: Vec<usize>,
    at_size: Vec<usize>,
    samples: Vec<Sample>,
    rng: SeededRng,
    started_ms: i64,
    done: usize,
    best: Option<f64>,
    best_loss: f64,
    since_improvement: usize,
    stop: Option<Stop>,
}

impl Trainer {
    /// Checks the arguments and prepares the data.
    pub fn new(table: &Table, params: AutoMLParams, now_ms: i64) -> Result<Trainer, String> {
        let checked = check(&params, table.names())?;
        let prepared = prepare(table, &params, &checked.imputers)?;
        let inputs: Vec<usize> = prepared
            .preprocessor
            .input_columns()
            .iter()
            .filter_map(|c| table.find(c, false).ok())
            .collect();
        let example_rows: Vec<usize> = prepared.split.train.iter().take(5).copied().collect();
        let report = PrepReport {
            task: params.task,
            target_col: params.target_col.clone(),
            metric: checked.metric.name().to_string(),
            plans: prepared.plans.clone(),
            alerts: prepared.alerts.clone(),
            semantic_type_conversions: prepared.semantic_type_conversions.clone(),
            rebalance: prepared.rebalance.clone(),
            split_sizes: (
                prepared.split.train.len(),
                prepared.split.validate.len(),
                prepared.split.test.len(),
            ),
            input_example: SplitFrame::from_table(
                &table.select_positions(&inputs).take(&example_rows),
            ),
            timeout_ms: checked.timeout_ms,
            notebook: notebook_plan(&checked, &prepared),
            training_data: training_data(table, &params, &prepared)?,
        };
        let families = families(params.task, &checked.frameworks);
        let sampler = Sampler::new(&prepared.target, params.seed);
        Ok(Trainer {
            sample_size: vec![sampler.first_size(); families.len()],
            at_size: vec![0; families.len()],
            samples: Vec::new(),
            sampler,
            rng: SeededRng::new(params.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0xa0),
            histories: vec![Vec::new(); families.len()],
            tried: vec![Vec::new(); families.len()],
            last_cost_ms: vec![None; families.len()],
            max_cost_ms: vec![None; families.len()],
            cursor: 0,
            spent_ms: vec![0; families.len()],
            opposite: vec![None; families.len()],
            families,
            params,
            checked,
            prepared,
            report,
            started_ms: now_ms,
            done: 0,
            best: None,
            best_loss: f64::INFINITY,
            since_improvement: 0,
            stop: None,
        })
    }

    pub fn report(&self) -> &PrepReport {
        &self.report
    }

    pub fn prepared(&self) -> &Prepared {
        &self.prepared
    }

    pub fn stop(&self) -> Option<Stop> {
        self.stop
    }

    pub fn progress(&self, now_ms: i64) -> Progress {
        Progress {
            trials_done: self.done,
            best_score: self.best,
            elapsed_ms: now_ms - self.started_ms,
            timeout_ms: self.checked.timeout_ms,
        }
    }

    /// Stops before the next trial (the learner's Cancel); finished trials are kept.
    pub fn cancel(&mut self) {
        self.stop.get_or_insert(Stop::Cancelled);
    }

    /// Trains the next trial, or `None` once a stop condition holds.
    pub fn next_trial(&mut self, now: &mut dyn FnMut() -> i64) -> Option<TrialOutcome> {
        if self.stop.is_some() {
            return None;
        }
        let t0 = now();
        if t0 - self.started_ms >= self.checked.timeout_ms {
            self.stop = Some(Stop::Timeout);
            return None;
        }
        if self.params.max_trials.is_some_and(|m| self.done >= m) {
            self.stop = Some(Stop::Budget);
            return None;
        }
        let index = self.done;
        // Families take turns; one whose longest trial at its sample size took longer than
        // the time left is skipped (Databricks does not publish its scheduling; this is
        // Lakelab's rule).
        let left = self.checked.timeout_ms - (t0 - self.started_ms);
        let n = self.families.len().max(1);
        let fits = |f: usize| {
            self.max_cost_ms
                .get(f)
                .copied()
                .flatten()
                .is_none_or(|c| c <= left)
        };
        let Some(mut f) = (0..n).map(|k| (self.cursor + k) % n).find(|&f| fits(f)) else {
            self.stop = Some(Stop::Timeout);
            return None;
        };
        // FLAML's cost-frugal idea, as Lakelab's rule: on a sampled training split a
        // local-search family (LightGBM, whose trials start cheap) takes the turn while it has
        // had less time than the family that had the most (twice that while it holds the best
        // score), so cheap trials run often and its cost grows only as its search moves to
        // costlier points. The turns then depend on measured times, as the budget does.
        match self.frugal_turn(&fits) {
            Some(l) => f = l,
            None => self.cursor = f + 1,
        }
        let family = &self.families[f];
        let history = self.histories.get(f).map_or(&[][..], |h| h.as_slice());
        // The sample this trial fits on: after TRIALS_PER_SAMPLE trials at one size the family
        // moves to a larger sample and re-fits its best point there, if that trial (the last
        // one's time scaled by the rows) is expected to end within the budget.
        let mut size = self
            .sample_size
            .get(f)
            .copied()
            .unwrap_or(self.sampler.len());
        let mut refit = None;
        // A local-search family's trials are cheap at first: it searches longer on a sample.
        let per_sample = if family.local {
            LOCAL_TRIALS_PER_SAMPLE
        } else {
            TRIALS_PER_SAMPLE
        };
        if self.at_size.get(f).is_some_and(|&k| k >= per_sample) && size < self.sampler.len() {
            let bigger = self.sampler.next_size(size);
            let cost = self.last_cost_ms.get(f).copied().flatten().unwrap_or(0);
            let expected = cost as f64 * bigger as f64 / size.max(1) as f64;
            if expected <= left as f64 {
                size = bigger;
                refit = history
                    .iter()
                    .zip(self.tried.get(f).map_or(&[][..], |t| t.as_slice()))
                    .filter(|(o, _)| o.loss.is_finite())
                    .min_by(|a, b| a.0.loss.total_cmp(&b.0.loss))
                    .map(|(o, v)| (o.point.clone(), v.clone()));
                if let (Some(s), Some(k)) = (self.sample_size.get_mut(f), self.at_size.get_mut(f)) {
                    *s = size;
                    *k = 0;
                }
                if let Some(m) = self.max_cost_ms.get_mut(f) {
                    *m = None;
                }
            }
        }
        let mut mirrored_step = false;
        let (point, values) = if let Some(again) = refit {
            again
        } else if history.is_empty() {
            (family.init_point(), family.init.clone())
        } else if family.local {
            let best = history
                .iter()
                .filter(|o| o.loss.is_finite())
                .min_by(|a, b| a.loss.total_cmp(&b.loss))
                .map_or_else(|| family.init_point(), |o| o.point.clone());
            let point = match self.opposite.get_mut(f).and_then(Option::take) {
                Some(p) => {
                    mirrored_step = true;
                    p
                }
                None => local_point(&best, &mut self.rng),
            };
            let values = family
                .space
                .iter()
                .zip(&point)
                .map(|(p, u)| p.dim.value(*u))
                .collect();
            (point, values)
        } else {
            let tpe = Tpe {
                startup: STARTUP_PER_FAMILY,
                ..Tpe::default()
            };
            let point = tpe.suggest(family.space.len(), history, &mut self.rng);
            let values = family
                .space
                .iter()
                .zip(&point)
                .map(|(p, u)| p.dim.value(*u))
                .collect();
            (point, values)
        };
        let seed = self.params.seed.wrapping_add(index as u64);
        let est = family.build(&values, seed, self.params.task);
        if let Some(t) = self.tried.get_mut(f) {
            t.push(values);
        }
        let run_name = family.run_name;
        let sample = self.sample(size);
        let mut outcome = self.train(run_name, est, sample, t0, now);
        if self.sampler.active() {
            outcome
                .params
                .insert("sample_size".to_string(), size.to_string());
        }
        if let Some(k) = self.at_size.get_mut(f) {
            *k += 1;
        }
        let cost = outcome.ended_ms - outcome.started_ms;
        if let Some(c) = self.last_cost_ms.get_mut(f) {
            *c = Some(cost);
        }
        if let Some(m) = self.max_cost_ms.get_mut(f) {
            *m = Some(m.map_or(cost, |m| m.max(cost)));
        }
        let metric = self.checked.metric;
        let score = outcome_score(&outcome, metric);
        let loss = if outcome.error.is_some() {
            f64::INFINITY
        } else {
            metric.loss(score)
        };
        if let Some(s) = self.spent_ms.get_mut(f) {
            *s += cost;
        }
        if self.families.get(f).is_some_and(|fam| fam.local) {
            let history = self.histories.get(f).map_or(&[][..], |h| h.as_slice());
            let family_best = history
                .iter()
                .filter(|o| o.loss.is_finite())
                .min_by(|a, b| a.loss.total_cmp(&b.loss));
            // A step that did not improve on the family's best: try the opposite one next
            // (once); one that did: the same step again (a refit of the best point is not a
            // step).
            if let Some(b) = family_best.filter(|b| b.point != point) {
                let next: Vec<f64> = b
                    .point
                    .iter()
                    .zip(&point)
                    .map(|(c, p)| {
                        let v = if loss < b.loss {
                            2.0 * p - c
                        } else {
                            2.0 * c - p
                        };
                        v.clamp(0.0, 1.0 - 1e-12)
                    })
                    .collect();
                let improved = loss < b.loss;
                if let Some(o) = self.opposite.get_mut(f) {
                    *o = (improved || !mirrored_step).then_some(next);
                }
            }
        }
        if let Some(h) = self.histories.get_mut(f) {
            h.push(Observation { point, loss });
        }
        if loss < self.best_loss {
            self.best_loss = loss;
            self.best = Some(score);
            self.since_improvement = 0;
        } else {
            self.since_improvement += 1;
        }
        self.done += 1;
        if self.done >= EARLY_STOP_MIN_TRIALS && self.since_improvement >= EARLY_STOP_PATIENCE {
            self.stop = Some(Stop::EarlyStopped);
        }
        Some(outcome)
    }

    /// The local-search family that takes this turn (see `next_trial`), if any.
    /// Only on sampled (large) training splits, where trial costs differ by orders of
    /// magnitude; small data keeps plain turns, whose order does not depend on timing.
    fn frugal_turn(&self, fits: &dyn Fn(usize) -> bool) -> Option<usize> {
        if !self.sampler.active() {
            return None;
        }
        let best_family = (0..self.families.len())
            .filter_map(|g| {
                let h = self.histories.get(g)?;
                let b = h.iter().map(|o| o.loss).fold(f64::INFINITY, f64::min);
                b.is_finite().then_some((g, b))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(g, _)| g);
        self.families
            .iter()
            .enumerate()
            .filter(|(l, fam)| fam.local && fits(*l))
            .map(|(l, _)| l)
            .find(|&l| {
                let spent = |g: usize| self.spent_ms.get(g).copied().unwrap_or(0);
                let most = (0..self.families.len())
                    .filter(|&g| g != l)
                    .map(spent)
                    .max()
                    .unwrap_or(0);
                let factor = if best_family == Some(l) { 2 } else { 1 };
                spent(l) < factor * most
            })
    }

    /// The sample of `size` training rows (built once, kept); `None` for the whole split.
    fn sample(&mut self, size: usize) -> Option<usize> {
        if size >= self.sampler.len() {
            return None;
        }
        if let Some(i) = self.samples.iter().position(|s| s.size == size) {
            return Some(i);
        }
        let rows = self.sampler.rows(size);
        self.samples.push(Sample::take(&self.prepared, &rows));
        Some(self.samples.len() - 1)
    }

    /// Fits `est` on the whole training split, or on `self.samples[sample]`, and scores it.
    fn train(
        &self,
        run_name: &str,
        est: Estimator,
        sample: Option<usize>,
        t0: i64,
        now: &mut dyn FnMut() -> i64,
    ) -> TrialOutcome {
        let p = &self.prepared;
        let sample = sample.and_then(|i| self.samples.get(i));
        // What the model fits on: the sample's rows, or the whole split.
        let (x_fit, w_fit) = match sample {
            Some(s) => (&s.x, s.weights.as_slice()),
            None => (&p.x_train, p.train_weights.as_slice()),
        };
        let task = self.params.task;
        let step = match task {
            Task::Classification => "classifier",
            Task::Regression => "regressor",
        };
        let weights = (p.weighted && est.takes_weights()).then_some(w_fit);
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
                x_fit,
                estimator::Target::Classes {
                    codes: sample.map_or(train, |s| &s.codes),
                    n_classes: labels.len(),
                },
                weights,
            ),
            Target::Values {
                train, transform, ..
            } => {
                let train = sample.map_or(train, |s| &s.values);
                let y: Vec<f64> = match transform {
                    Some(_) => train.iter().map(|v| v.ln_1p()).collect(),
                    None => train.clone(),
                };
                if transform.is_some() {
                    preprocessors
                        .push("target fitted as log(1 + y), predictions exp(p) - 1".into());
                }
                est.fit(x_fit, estimator::Target::Values(&y), weights)
            }
        };
        let mut metrics: Vec<(String, f64)> = Vec::new();
        let mut drawn = Vec::new();
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
                ("training_", x_fit, 0),
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
                        let train = sample.map_or(train, |s| &s.codes);
                        let y = [train, validate, test][split];
                        let proba = m.fitted.proba(x, labels.len());
                        if split == 1 {
                            let names: Vec<String> = labels
                                .iter()
                                .map(|l| match l {
                                    serde_json::Value::String(s) => s.clone(),
                                    other => other.to_string(),
                                })
                                .collect();
                            drawn = figures::classification(prefix, &names, y, &proba, *positive);
                        }
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
                        let train = sample.map_or(train, |s| &s.values);
                        let y = [train, validate, test][split];
                        let mut pred = m.fitted.values(x);
                        if transform.is_some() {
                            pred.iter_mut().for_each(|v| *v = v.exp_m1());
                        }
                        if split == 1 {
                            drawn = figures::regression(prefix, y, &pred);
                        }
                        metrics.extend(evaluate::regression(prefix, y, &pred));
                    }
                }
            }
        }
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
        let mut params: BTreeMap<String, String> = crate::sorting::map_of(
            hyper
                .iter()
                .map(|(k, v)| (format!("{step}__{k}"), v.clone())),
        );
        params.insert(step.to_string(), repr.clone());
        let (model, error) = match model {
            Ok(m) => (Some(m), None),
            Err(e) => (None, Some(e)),
        };
        TrialOutcome {
            run_name: run_name.to_string(),
            estimator: class_name.to_string(),
            model_description: repr,
            params,
            metrics,
            model,
            error,
            preprocessors,
            figures: drawn,
            started_ms: t0,
            ended_ms: now(),
        }
    }
}

fn py_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Bool(true) => "True".into(),
        serde_json::Value::Bool(false) => "False".into(),
        serde_json::Value::String(s) => {
            format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
        }
        serde_json::Value::Null => "None".into(),
        other => other.to_string(),
    }
}

fn notebook_plan(checked: &Checked, prepared: &Prepared) -> NotebookPlan {
    use crate::ml::impute::Strategy;
    use crate::ml::prep::Step;
    let imputation = |column: &str, numeric: bool, distinct: usize| {
        let (strategy, fill_value) = match checked.imputers.get(column) {
            Some(Strategy::Mean) => ("mean", None),
            Some(Strategy::Median) => ("median", None),
            Some(Strategy::MostFrequent) => ("most_frequent", None),
            Some(Strategy::Constant(c)) => (
                "constant",
                Some(match c {
                    crate::table::Cell::Str(s) => py_value(&serde_json::Value::String(s.clone())),
                    other => other.text(),
                }),
            ),
            None if numeric => ("mean", None),
            None => ("most_frequent", None),
        };
        Imputation {
            column: column.to_string(),
            strategy: strategy.to_string(),
            fill_value,
            distinct,
        }
    };
    let mut numeric = Vec::new();
    let mut categorical = Vec::new();
    for step in &prepared.preprocessor.steps {
        match step {
            Step::Numeric { column, .. } => numeric.push(imputation(column, true, 0)),
            Step::OneHot { column, .. } => {
                categorical.push(imputation(column, false, prepared.distinct(column)))
            }
        }
    }
    let (pos_label, n_classes, log_target) = match &prepared.target {
        Target::Classes {
            labels, positive, ..
        } => (labels.get(*positive).map(py_value), labels.len(), false),
        Target::Values { transform, .. } => (None, 0, transform.is_some()),
    };
    NotebookPlan {
        numeric,
        categorical,
        pos_label,
        n_classes,
        weighted: prepared.weighted,
        log_target,
    }
}

/// The data file of the generated notebooks: input columns, target, split column (the text
/// `notebook::data_csv` writes, built in one buffer: see `Preprocessor::export_csv`).
fn training_data(
    table: &Table,
    params: &AutoMLParams,
    prepared: &Prepared,
) -> Result<String, String> {
    use crate::ml::prep::push_csv_field;
    let mut header: Vec<String> = prepared
        .preprocessor
        .input_columns()
        .iter()
        .map(|c| c.to_string())
        .collect();
    header.push(params.target_col.clone());
    header.push(generated::SPLIT_COL.to_string());
    let target = table
        .column(&params.target_col, false)
        .map_err(|e| e.to_string())?;
    let mut out = generated::data_csv(&header, &[]);
    let rows =
        prepared.split.train.len() + prepared.split.validate.len() + prepared.split.test.len();
    out.reserve(rows * (header.len() * 10 + 8));
    for (name, split) in [
        ("train", &prepared.split.train),
        ("val", &prepared.split.validate),
        ("test", &prepared.split.test),
    ] {
        let mut end_row = |r: usize, out: &mut String| {
            out.push(',');
            match target.get(r) {
                crate::table::Cell::Bool(b) => out.push_str(if b { "True" } else { "False" }),
                crate::table::Cell::Int(i) => {
                    use std::fmt::Write;
                    let _ = write!(out, "{i}");
                }
                other => push_csv_field(out, &other.text()),
            }
            out.push(',');
            out.push_str(name);
        };
        prepared
            .preprocessor
            .export_csv(table, split, &mut out, &mut end_row)
            .map_err(|e| e.0)?;
    }
    Ok(out)
}

/// The primary metric's validation value; the metric's worst value when missing.
fn outcome_score(o: &TrialOutcome, metric: Metric) -> f64 {
    let key = metric.val_key();
    o.metrics
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v)
        .unwrap_or(if metric.maximize() {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        })
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

/// The default experiment name: `<experiment_dir or /Users/<user>/databricks_automl>/
/// <target>_<dataset>-<YYYY_MM_DD-HH_MM>`, or `experiment_name` when given.
pub fn experiment_name(
    experiment_name: Option<&str>,
    experiment_dir: Option<&str>,
    target_col: &str,
    dataset_name: &str,
    user: &str,
    now_ms: i64,
) -> String {
    if let Some(name) = experiment_name {
        return name.to_string();
    }
    let dir = experiment_dir
        .map(str::to_string)
        .unwrap_or_else(|| format!("/Users/{user}/databricks_automl"));
    let short = dataset_name.rsplit('.').next().unwrap_or(dataset_name);
    format!(
        "{}/{target_col}_{short}-{}",
        dir.trim_end_matches('/'),
        experiment_stamp(now_ms)
    )
}

/// The active experiment named `name`, or a new one with `note` as its description.
pub fn open_named_experiment(
    tracking: &mut Tracking,
    name: &str,
    note: String,
    now_ms: i64,
) -> Result<String, String> {
    match tracking.get_experiment_by_name(name) {
        Some(e) if e.lifecycle_stage == crate::tracking::LifecycleStage::Active => {
            Ok(e.experiment_id.clone())
        }
        _ => tracking
            .create_experiment(
                name,
                None,
                &[("mlflow.note.content".to_string(), note)],
                now_ms,
            )
            .map_err(|e| e.to_string()),
    }
}

/// Creates the AutoML run's experiment (or reuses an active one named by `experiment_name`);
/// returns its id and name (see [`experiment_name`]).
pub fn open_experiment(
    tracking: &mut Tracking,
    params: &AutoMLParams,
    metric: Metric,
    dataset_name: &str,
    user: &str,
    now_ms: i64,
) -> Result<(String, String), String> {
    let name = experiment_name(
        params.experiment_name.as_deref(),
        params.experiment_dir.as_deref(),
        &params.target_col,
        dataset_name,
        user,
        now_ms,
    );
    let note = format!(
        "AutoML {} of '{}' on {dataset_name}; trials ranked by {} ({}).",
        match params.task {
            Task::Classification => "classification",
            Task::Regression => "regression",
        },
        params.target_col,
        metric.name(),
        metric.val_key(),
    );
    let id = open_named_experiment(tracking, &name, note, now_ms)?;
    Ok((id, name))
}

/// What one trial's MLflow run holds.
pub struct TrialRun<'a> {
    pub run_name: &'a str,
    pub started_ms: i64,
    pub ended_ms: i64,
    pub params: &'a BTreeMap<String, String>,
    pub metrics: &'a [(String, f64)],
    /// The model, logged as `model` with this input example (and an inferred signature).
    pub model: Option<(SavedModel, &'a SplitFrame)>,
}

/// Logs a trial's run into `experiment_id`: params, metrics, the model, then the text
/// artifacts `texts(run_id)` gives (path, text); FINISHED with a model, FAILED without.
/// Returns the run's id and artifact URI.
pub fn log_run(
    tracking: &mut Tracking,
    experiment_id: &str,
    user: &str,
    run: TrialRun,
    texts: &dyn Fn(&str) -> Vec<(String, String)>,
) -> Result<(String, String), String> {
    let at = run.ended_ms;
    let run_id = tracking
        .create_run(
            experiment_id,
            NewRun {
                start_time: Some(run.started_ms),
                run_name: Some(run.run_name.to_string()),
                tags: Vec::new(),
                user_id: user.to_string(),
            },
            at,
        )
        .map_err(|e| e.to_string())?;
    for (k, v) in run.params {
        tracking
            .log_param(&run_id, k, v)
            .map_err(|e| e.to_string())?;
    }
    for (k, v) in run.metrics {
        tracking
            .log_metric(&run_id, k, *v, at, 0)
            .map_err(|e| e.to_string())?;
    }
    let status = match &run.model {
        Some((model, example)) => {
            tracking
                .log_model(&run_id, model, "model", None, Some(example), at)
                .map_err(|e| e.to_string())?;
            RunStatus::Finished
        }
        None => RunStatus::Failed,
    };
    for (path, text) in texts(&run_id) {
        tracking
            .log_text(&run_id, &text, &path)
            .map_err(|e| e.to_string())?;
    }
    let artifact_uri = tracking
        .get_run(&run_id)
        .map_err(|e| e.to_string())?
        .info
        .artifact_uri;
    tracking
        .set_terminated(&run_id, status, Some(at), at)
        .map_err(|e| e.to_string())?;
    Ok((run_id, artifact_uri))
}

/// Logs a trial as a run of `experiment_id` ([`log_run`]): the pipeline as `model`, the
/// validation figures and the generated notebook.
pub fn log_trial(
    tracking: &mut Tracking,
    experiment_id: &str,
    user: &str,
    report: &PrepReport,
    o: &TrialOutcome,
) -> TrialInfo {
    let run = TrialRun {
        run_name: &o.run_name,
        started_ms: o.started_ms,
        ended_ms: o.ended_ms,
        params: &o.params,
        metrics: &o.metrics,
        model: o.model.as_ref().map(|m| {
            (
                SavedModel::Pipeline(Box::new(m.clone())),
                &report.input_example,
            )
        }),
    };
    let texts = |_: &str| {
        let mut out = o.figures.clone();
        out.push((
            generated::NOTEBOOK_ARTIFACT.to_string(),
            generated::source(report, &report.notebook, experiment_id, o),
        ));
        out
    };
    let logged = log_run(tracking, experiment_id, user, run, &texts);
    let (run_id, artifact_uri, log_error) = match logged {
        Ok((id, uri)) => (id, uri, None),
        Err(e) => (String::new(), String::new(), Some(e)),
    };
    TrialInfo {
        mlflow_run_id: run_id,
        run_name: o.run_name.clone(),
        estimator: o.estimator.clone(),
        model_path: format!("{artifact_uri}/model"),
        model_description: o.model_description.clone(),
        duration_minutes: (o.ended_ms - o.started_ms) as f64 / 60_000.0,
        metrics: crate::sorting::map_of(o.metrics.iter().cloned()),
        params: o.params.clone(),
        evaluation_metric_score: outcome_score(o, report.metric()),
        preprocessors: o.preprocessors.clone(),
        error: o.error.clone().or(log_error),
    }
}

/// Best first by `metric`, failed trials last.
pub fn sort_trials(metric: Metric, trials: &mut Vec<TrialInfo>) {
    crate::sorting::sort_by(trials, |a, b| {
        a.error.is_some().cmp(&b.error.is_some()).then_with(|| {
            metric
                .loss(a.evaluation_metric_score)
                .total_cmp(&metric.loss(b.evaluation_metric_score))
        })
    });
}

/// The summary: trials best first, failed trials last.
pub fn summarize(
    experiment_id: String,
    experiment_name: String,
    report: &PrepReport,
    mut trials: Vec<TrialInfo>,
    stop: Stop,
) -> AutoMLSummary {
    let metric = report.metric();
    sort_trials(metric, &mut trials);
    AutoMLSummary {
        experiment_id,
        experiment_name,
        task: report.task,
        target_col: report.target_col.clone(),
        metric,
        trials,
        stop,
        semantic_type_conversions: report.semantic_type_conversions.clone(),
        alerts: report.alerts.clone(),
        plans: report.plans.clone(),
        rebalance: report.rebalance.clone(),
        split_sizes: report.split_sizes,
        training_data: report.training_data.clone(),
        forecast: None,
    }
}

/// An AutoML run in a notebook cell: a [`Trainer`] whose trials are logged as they finish.
pub struct AutoMLRun {
    trainer: Trainer,
    experiment_id: String,
    experiment_name: String,
    user: String,
    trials: Vec<TrialInfo>,
}

impl AutoMLRun {
    /// Checks the arguments, prepares the data and opens the experiment.
    pub fn start(
        tracking: &mut Tracking,
        table: &Table,
        dataset_name: &str,
        params: AutoMLParams,
        user: &str,
        now_ms: i64,
    ) -> Result<AutoMLRun, String> {
        let trainer = Trainer::new(table, params, now_ms)?;
        let (experiment_id, experiment_name) = open_experiment(
            tracking,
            &trainer.params,
            trainer.checked.metric,
            dataset_name,
            user,
            now_ms,
        )?;
        Ok(AutoMLRun {
            trainer,
            experiment_id,
            experiment_name,
            user: user.to_string(),
            trials: Vec::new(),
        })
    }

    pub fn experiment_id(&self) -> &str {
        &self.experiment_id
    }

    pub fn prepared(&self) -> &Prepared {
        self.trainer.prepared()
    }

    pub fn is_done(&self) -> bool {
        self.trainer.stop().is_some()
    }

    pub fn progress(&self, now_ms: i64) -> Progress {
        self.trainer.progress(now_ms)
    }

    pub fn cancel(&mut self) {
        self.trainer.cancel();
    }

    /// Runs and logs one trial, unless a stop condition holds; returns whether the run is
    /// finished.
    pub fn step(&mut self, tracking: &mut Tracking, now: &mut dyn FnMut() -> i64) -> bool {
        if let Some(o) = self.trainer.next_trial(now) {
            let info = log_trial(
                tracking,
                &self.experiment_id,
                &self.user,
                self.trainer.report(),
                &o,
            );
            self.trials.push(info);
        }
        self.trainer.stop().is_some()
    }

    pub fn finish(self) -> AutoMLSummary {
        let stop = self.trainer.stop().unwrap_or(Stop::Budget);
        summarize(
            self.experiment_id,
            self.experiment_name,
            self.trainer.report(),
            self.trials,
            stop,
        )
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

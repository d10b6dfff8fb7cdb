//! `hyperopt` in cells: `fmin(fn, space, algo=tpe.suggest, max_evals=..., trials=...)`, the
//! `hp.*` search-space expressions, `Trials`, `SparkTrials`, `STATUS_OK` and `space_eval`,
//! over the samplers of `ml::tune`.
//!
//! As Hyperopt: the objective returns a loss or a dict with `loss` and `status`; `fmin`
//! returns the best point with `hp.choice` labels as indices (`space_eval` maps them back);
//! `max_evals` counts the trials already in a reused `Trials`; labels must be unique;
//! `algo=None` uses TPE with Hyperopt's warning. `hp.loguniform(label, low, high)` takes its
//! bounds in log space, as Hyperopt does.
//!
//! `SparkTrials(parallelism=...)` runs its trials one at a time here (a browser tab has no
//! Spark workers) and says so; on Databricks they run in parallel on the workers, which is
//! faster but leaves TPE fewer finished results to learn from at each step. Not simulated:
//! `hp.normal` / `hp.lognormal` (unbounded) and `anneal` / `atpe`, each refused by name.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use crate::ml::tune::{Algo, Dim, Search};
use crate::notebook::call::Sig;
use crate::notebook::error::{not_implemented, type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{Args, Dict, Object, Value};

fn value_error(m: impl Into<String>) -> PyErr {
    PyErr::new(ExcType::ValueError, m.into())
}

/// One `hp.*` expression.
#[derive(Debug)]
struct HpObj {
    label: String,
    kind: &'static str,
    dim: Dim,
    /// `hp.choice` options (each may be a nested space).
    options: Vec<Value>,
    /// `hp.randint` / `uniformint` give ints; `quniform` floats (as Hyperopt).
    int: bool,
}

impl Object for HpObj {
    fn type_name(&self) -> &str {
        "Apply"
    }
    fn repr(&self) -> String {
        format!("<hyperopt.pyll.Apply {}('{}')>", self.kind, self.label)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn number(args: &Args, i: usize, func: &str, name: &str) -> Result<f64, PyErr> {
    args.positional
        .get(i)
        .and_then(Value::as_f64)
        .ok_or_else(|| type_error(format!("hp.{func}() needs a number for '{name}'")))
}

fn label(args: &Args, func: &str) -> Result<String, PyErr> {
    match args.positional.first() {
        Some(Value::Str(s)) => Ok(s.to_string()),
        _ => Err(type_error(format!(
            "hp.{func}() takes the label (a string) first"
        ))),
    }
}

fn hp(kind: &'static str, label: String, dim: Dim, options: Vec<Value>, int: bool) -> Value {
    Value::object(HpObj {
        label,
        kind,
        dim,
        options,
        int,
    })
}

fn hp_choice(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let l = label(&args, "choice")?;
    let options = args
        .positional
        .get(1)
        .and_then(Value::iter_items)
        .filter(|o| !o.is_empty())
        .ok_or_else(|| type_error("hp.choice(label, options) needs a non-empty list of options"))?;
    let n = options.len();
    Ok(hp("choice", l, Dim::Choice { n }, options, true))
}

fn hp_uniform(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let l = label(&args, "uniform")?;
    let (low, high) = (
        number(&args, 1, "uniform", "low")?,
        number(&args, 2, "uniform", "high")?,
    );
    Ok(hp("uniform", l, Dim::Uniform { low, high }, vec![], false))
}

fn hp_quniform(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let l = label(&args, "quniform")?;
    let low = number(&args, 1, "quniform", "low")?;
    let high = number(&args, 2, "quniform", "high")?;
    let q = number(&args, 3, "quniform", "q")?;
    Ok(hp(
        "quniform",
        l,
        Dim::QUniform { low, high, q },
        vec![],
        false,
    ))
}

fn hp_loguniform(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let l = label(&args, "loguniform")?;
    let low = number(&args, 1, "loguniform", "low")?.exp();
    let high = number(&args, 2, "loguniform", "high")?.exp();
    Ok(hp(
        "loguniform",
        l,
        Dim::LogUniform { low, high },
        vec![],
        false,
    ))
}

fn hp_qloguniform(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let l = label(&args, "qloguniform")?;
    let low = number(&args, 1, "qloguniform", "low")?.exp();
    let high = number(&args, 2, "qloguniform", "high")?.exp();
    let q = number(&args, 3, "qloguniform", "q")?;
    Ok(hp(
        "qloguniform",
        l,
        Dim::QLogUniform { low, high, q },
        vec![],
        false,
    ))
}

/// `hp.randint(label, upper)` or `hp.randint(label, low, high)`: an int in `[low, high)`.
fn hp_randint(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let l = label(&args, "randint")?;
    let (low, high) = match args.positional.len() {
        2 => (0.0, number(&args, 1, "randint", "upper")?),
        _ => (
            number(&args, 1, "randint", "low")?,
            number(&args, 2, "randint", "high")?,
        ),
    };
    if high <= low {
        return Err(value_error("hp.randint: high must be greater than low"));
    }
    let dim = Dim::Int {
        low: low as i64,
        high: high as i64 - 1,
        log: false,
    };
    Ok(hp("randint", l, dim, vec![], true))
}

fn hp_uniformint(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let l = label(&args, "uniformint")?;
    let low = number(&args, 1, "uniformint", "low")?;
    let high = number(&args, 2, "uniformint", "high")?;
    let dim = Dim::Int {
        low: low as i64,
        high: high as i64,
        log: false,
    };
    Ok(hp("uniformint", l, dim, vec![], true))
}

fn hp_unbounded(_: &mut Interp, _: Args) -> Result<Value, PyErr> {
    Err(not_implemented(
        "hp.normal / hp.lognormal are not in Lakelab (its samplers need bounded ranges): use hp.uniform or hp.loguniform",
    ))
}

/// Every `hp` expression in a space (choice options included), by first appearance.
fn leaves(space: &Value, out: &mut Vec<Rc<dyn Object>>) -> Result<(), PyErr> {
    match space {
        Value::Object(o) => {
            if let Some(h) = o.as_any().downcast_ref::<HpObj>() {
                if out.iter().any(|e| {
                    e.as_any()
                        .downcast_ref::<HpObj>()
                        .is_some_and(|x| x.label == h.label && !Rc::ptr_eq(e, o))
                }) {
                    return Err(PyErr::new(
                        ExcType::Exception,
                        format!("DuplicateLabel: {}", h.label),
                    ));
                }
                if !out.iter().any(|e| Rc::ptr_eq(e, o)) {
                    out.push(o.clone());
                }
                for option in &h.options {
                    leaves(option, out)?;
                }
            }
            Ok(())
        }
        Value::Dict(d) => {
            for v in d.borrow().values() {
                leaves(&v, out)?;
            }
            Ok(())
        }
        Value::List(_) | Value::Tuple(_) => {
            for v in space.iter_items().unwrap_or_default() {
                leaves(&v, out)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn hp_of(o: &Rc<dyn Object>) -> Option<&HpObj> {
    o.as_any().downcast_ref::<HpObj>()
}

/// The value of `space` at `values` (by label); also records the labels that were active.
fn instantiate(
    space: &Value,
    values: &dyn Fn(&str) -> Option<f64>,
    active: &mut Vec<(String, f64)>,
) -> Result<Value, PyErr> {
    Ok(match space {
        Value::Object(o) => match o.as_any().downcast_ref::<HpObj>() {
            Some(h) => {
                let v = values(&h.label)
                    .ok_or_else(|| value_error(format!("no value for the label '{}'", h.label)))?;
                active.push((h.label.clone(), v));
                if !h.options.is_empty() {
                    let k = (v.max(0.0) as usize).min(h.options.len() - 1);
                    instantiate(&h.options[k], values, active)?
                } else if h.int {
                    Value::Int(v as i64)
                } else {
                    Value::Float(v)
                }
            }
            None => space.clone(),
        },
        Value::Dict(d) => {
            let mut out = Dict::new();
            for (k, v) in d.borrow().iter() {
                out.set(k.clone(), instantiate(v, values, active)?)?;
            }
            Value::dict(out)
        }
        Value::List(_) => Value::list(
            space
                .iter_items()
                .unwrap_or_default()
                .iter()
                .map(|v| instantiate(v, values, active))
                .collect::<Result<_, _>>()?,
        ),
        Value::Tuple(_) => Value::tuple(
            space
                .iter_items()
                .unwrap_or_default()
                .iter()
                .map(|v| instantiate(v, values, active))
                .collect::<Result<_, _>>()?,
        ),
        other => other.clone(),
    })
}

fn point_value(v: f64, int: bool) -> Value {
    if int {
        Value::Int(v as i64)
    } else {
        Value::Float(v)
    }
}

/// One finished trial.
#[derive(Debug, Clone)]
struct Record {
    /// Active labels and their values (choice: the index).
    vals: Vec<(String, f64, bool)>,
    loss: Option<f64>,
    result: Value,
}

/// `Trials()` / `SparkTrials()`.
#[derive(Debug)]
struct TrialsObj {
    records: RefCell<Vec<Record>>,
    spark: Option<i64>,
}

impl TrialsObj {
    fn best(&self) -> Option<Record> {
        self.records
            .borrow()
            .iter()
            .filter(|r| r.loss.is_some())
            .min_by(|a, b| {
                a.loss
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&b.loss.unwrap_or(f64::INFINITY))
            })
            .cloned()
    }

    fn trial_dict(tid: usize, r: &Record) -> Value {
        let vals = Dict::from_pairs(
            r.vals
                .iter()
                .map(|(l, v, int)| (l.as_str(), Value::list(vec![point_value(*v, *int)]))),
        );
        let misc = Dict::from_pairs([("vals", Value::dict(vals))]);
        Value::dict(Dict::from_pairs([
            ("tid", Value::Int(tid as i64)),
            ("result", r.result.clone()),
            ("misc", Value::dict(misc)),
        ]))
    }
}

fn argmin(r: &Record) -> Value {
    Value::dict(Dict::from_pairs(
        r.vals
            .iter()
            .map(|(l, v, int)| (l.as_str(), point_value(*v, *int))),
    ))
}

impl Object for TrialsObj {
    fn type_name(&self) -> &str {
        if self.spark.is_some() {
            "SparkTrials"
        } else {
            "Trials"
        }
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let records = self.records.borrow();
        Some(match name {
            "trials" => Value::list(
                records
                    .iter()
                    .enumerate()
                    .map(|(i, r)| Self::trial_dict(i, r))
                    .collect(),
            ),
            "results" => Value::list(records.iter().map(|r| r.result.clone()).collect()),
            "best_trial" => {
                drop(records);
                let best = self.best()?;
                let tid = self
                    .records
                    .borrow()
                    .iter()
                    .position(|r| r.loss == best.loss && r.vals.len() == best.vals.len())
                    .unwrap_or(0);
                Self::trial_dict(tid, &best)
            }
            "argmin" => {
                drop(records);
                argmin(&self.best()?)
            }
            "parallelism" => Value::Int(self.spark.unwrap_or(1)),
            _ => return None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "losses" | "statuses")
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, _: Args) -> Result<Value, PyErr> {
        let records = self.records.borrow();
        Ok(Value::list(match name {
            "losses" => records
                .iter()
                .map(|r| r.loss.map_or(Value::None, Value::Float))
                .collect(),
            _ => records
                .iter()
                .map(|r| Value::str(if r.loss.is_some() { "ok" } else { "fail" }))
                .collect(),
        }))
    }
    fn py_len(&self) -> Option<usize> {
        Some(self.records.borrow().len())
    }
    fn items(&self) -> Option<Vec<Value>> {
        let records = self.records.borrow();
        Some(
            records
                .iter()
                .enumerate()
                .map(|(i, r)| Self::trial_dict(i, r))
                .collect(),
        )
    }
    fn repr(&self) -> String {
        format!("<hyperopt.{} object>", self.type_name())
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn trials(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Sig {
        name: "Trials",
        params: &["exp_key=", "refresh="],
        is_method: false,
        display: "Trials(exp_key=None, refresh=True)",
    }
    .bind(args)?;
    Ok(Value::object(TrialsObj {
        records: RefCell::new(Vec::new()),
        spark: None,
    }))
}

fn spark_trials(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "SparkTrials",
        params: &[
            "parallelism=",
            "timeout=",
            "loss_threshold=",
            "spark_session=",
        ],
        is_method: false,
        display:
            "SparkTrials(parallelism=None, timeout=None, loss_threshold=None, spark_session=None)",
    }
    .bind(args)?;
    let parallelism = b.get("parallelism").and_then(Value::as_int).unwrap_or(8);
    interp.print(&format!(
        "SparkTrials(parallelism={parallelism}): on Databricks up to {parallelism} trials run at once on the cluster's workers; Lakelab runs them one at a time in this tab, with the same results for the same seed.\n"
    ));
    Ok(Value::object(TrialsObj {
        records: RefCell::new(Vec::new()),
        spark: Some(parallelism),
    }))
}

fn suggest_marker(_: &mut Interp, _: Args) -> Result<Value, PyErr> {
    Err(type_error(
        "pass tpe.suggest or rand.suggest to fmin(algo=...) rather than calling it",
    ))
}

fn algo_of(interp: &mut Interp, v: Option<&Value>) -> Result<Algo, PyErr> {
    match v {
        None | Some(Value::None) => {
            interp.print("WARNING hyperopt: TPE is being used as the default algorithm.\n");
            Ok(Algo::Tpe)
        }
        Some(Value::Native("tpe.suggest", _)) => Ok(Algo::Tpe),
        Some(Value::Native("rand.suggest", _)) => Ok(Algo::Random),
        Some(other) => Err(not_implemented(format!(
            "fmin(algo={}): Lakelab has tpe.suggest and rand.suggest",
            other.repr()
        ))),
    }
}

/// The objective's result as (loss, result dict).
fn read_result(v: Value) -> Result<(Option<f64>, Value), PyErr> {
    if let Some(x) = v.as_f64() {
        if !matches!(v, Value::Bool(_)) {
            let d = Dict::from_pairs([("loss", Value::Float(x)), ("status", Value::str("ok"))]);
            return Ok((Some(x), Value::dict(d)));
        }
    }
    let Value::Dict(d) = &v else {
        return Err(type_error(format!(
            "the objective must return a number (the loss) or a dict with 'loss' and 'status', got {}",
            v.type_name()
        )));
    };
    let (status, loss) = {
        let d = d.borrow();
        (d.get(&Value::str("status"))?, d.get(&Value::str("loss"))?)
    };
    match status.map(|s| s.to_str()) {
        Some(s) if s == "ok" => {
            let loss = loss.and_then(|l| l.as_f64()).ok_or_else(|| {
                value_error("a result with status 'ok' needs a numeric 'loss'")
            })?;
            Ok((Some(loss), v))
        }
        Some(s) if s == "fail" => Ok((None, v)),
        Some(s) => Err(value_error(format!(
            "InvalidResultStatus: '{s}' (use STATUS_OK or STATUS_FAIL)"
        ))),
        None => Err(value_error(
            "InvalidResultStatus: the result dict has no 'status' (return {'loss': ..., 'status': STATUS_OK})",
        )),
    }
}

fn fmin(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "fmin",
        params: &[
            "fn",
            "space",
            "algo=",
            "max_evals=",
            "timeout=",
            "loss_threshold=",
            "trials=",
            "rstate=",
            "verbose=",
            "return_argmin=",
            "show_progressbar=",
            "early_stop_fn=",
        ],
        is_method: false,
        display: "fmin(fn, space, algo=None, max_evals=None, timeout=None, loss_threshold=None, trials=None, rstate=None, verbose=True, return_argmin=True, show_progressbar=True, early_stop_fn=None)",
    }
    .bind(args)?;
    let objective = b.value("fn");
    let space = b.value("space");
    let algo = algo_of(interp, b.get("algo"))?;
    let max_evals = b.get("max_evals").and_then(Value::as_int);
    let timeout_ms = b
        .get("timeout")
        .and_then(Value::as_f64)
        .map(|s| (s * 1000.0) as i64);
    if max_evals.is_none() && timeout_ms.is_none() {
        return Err(value_error(
            "fmin needs max_evals (the number of trials) or timeout (seconds)",
        ));
    }
    let loss_threshold = b.get("loss_threshold").and_then(Value::as_f64);
    let early_stop = b
        .get("early_stop_fn")
        .filter(|v| !matches!(v, Value::None))
        .cloned();
    let trials_value = b
        .get("trials")
        .filter(|v| !matches!(v, Value::None))
        .cloned();
    let handle: Rc<dyn Object> = match trials_value {
        None => Rc::new(TrialsObj {
            records: RefCell::new(Vec::new()),
            spark: None,
        }),
        Some(Value::Object(o)) if o.as_any().downcast_ref::<TrialsObj>().is_some() => o,
        Some(other) => {
            return Err(type_error(format!(
                "trials must be a Trials or SparkTrials object, got {}",
                other.type_name()
            )))
        }
    };
    fmin_with(
        interp,
        &b,
        objective,
        space,
        algo,
        max_evals,
        timeout_ms,
        loss_threshold,
        early_stop,
        handle,
    )
}

#[allow(clippy::too_many_arguments)]
fn fmin_with(
    interp: &mut Interp,
    b: &crate::notebook::call::Bound,
    objective: Value,
    space: Value,
    algo: Algo,
    max_evals: Option<i64>,
    timeout_ms: Option<i64>,
    loss_threshold: Option<f64>,
    early_stop: Option<Value>,
    handle: Rc<dyn Object>,
) -> Result<Value, PyErr> {
    let Some(trials) = handle.as_any().downcast_ref::<TrialsObj>() else {
        return Err(type_error("trials must be a Trials object"));
    };
    let mut found = Vec::new();
    leaves(&space, &mut found)?;
    let labels: Vec<(String, bool)> = found
        .iter()
        .filter_map(hp_of)
        .map(|h| (h.label.clone(), h.int))
        .collect();
    let dims: Vec<Dim> = found
        .iter()
        .filter_map(hp_of)
        .map(|h| h.dim.clone())
        .collect();
    let seed = (interp.session.rng.unit() * 9_007_199_254_740_992.0) as u64;
    let mut search = Search::new(dims, algo, seed);
    // A reused Trials object informs the search.
    for r in trials.records.borrow().iter() {
        let point: Vec<f64> = labels
            .iter()
            .zip(&search.dims)
            .map(|((l, _), d)| {
                let v = r.vals.iter().find(|(x, _, _)| x == l).map_or(0.0, |x| x.1);
                unit_of(d, v)
            })
            .collect();
        search.observe(point, r.loss.unwrap_or(f64::INFINITY));
    }
    let started = interp.now_ms();
    let target = max_evals.map_or(usize::MAX, |m| m.max(0) as usize);
    while trials.records.borrow().len() < target {
        if timeout_ms.is_some_and(|t| interp.now_ms() - started >= t) {
            break;
        }
        let point = search.suggest();
        let values = search.values(&point);
        let lookup = |l: &str| labels.iter().position(|(x, _)| x == l).map(|i| values[i]);
        let mut active = Vec::new();
        let params = instantiate(&space, &lookup, &mut active)?;
        let result = interp.call_value(
            &objective,
            Args {
                positional: vec![params],
                keywords: vec![],
            },
        )?;
        let (loss, result) = read_result(result)?;
        search.observe(point, loss.unwrap_or(f64::INFINITY));
        let vals = active
            .into_iter()
            .map(|(l, v)| {
                let int = labels.iter().find(|(x, _)| *x == l).is_some_and(|x| x.1);
                (l, v, int)
            })
            .collect();
        trials
            .records
            .borrow_mut()
            .push(Record { vals, loss, result });
        if let (Some(t), Some(l)) = (loss_threshold, loss) {
            if l <= t {
                break;
            }
        }
        if let Some(f) = &early_stop {
            let out = interp.call_value(
                f,
                Args {
                    positional: vec![Value::Object(handle.clone())],
                    keywords: vec![],
                },
            )?;
            let stop = match &out {
                Value::Tuple(_) | Value::List(_) => out
                    .iter_items()
                    .and_then(|i| i.first().cloned())
                    .is_some_and(|v| v.truthy()),
                other => other.truthy(),
            };
            if stop {
                break;
            }
        }
    }
    let n = trials.records.borrow().len();
    let best = trials.best();
    if b.get("show_progressbar").is_none_or(Value::truthy)
        && b.get("verbose").is_none_or(Value::truthy)
    {
        let best_loss = best
            .as_ref()
            .and_then(|r| r.loss)
            .map_or("?".to_string(), |l| format!("{l}"));
        interp.print(&format!(
            "100%|██████████| {n}/{n} [best loss: {best_loss}]\n"
        ));
    }
    let Some(best) = best else {
        return Err(PyErr::new(
            ExcType::Exception,
            "AllTrialsFailed: no trial returned status 'ok'",
        ));
    };
    if b.get("return_argmin").is_some_and(|v| !v.truthy()) {
        let mut active = Vec::new();
        let lookup = |l: &str| best.vals.iter().find(|(x, _, _)| x == l).map(|x| x.1);
        return instantiate(&space, &lookup, &mut active);
    }
    Ok(argmin(&best))
}

/// The unit point of a value (for trials reused across `fmin` calls).
fn unit_of(d: &Dim, v: f64) -> f64 {
    let u = match *d {
        Dim::Uniform { low, high } | Dim::QUniform { low, high, .. } => (v - low) / (high - low),
        Dim::LogUniform { low, high } | Dim::QLogUniform { low, high, .. } => {
            (v.max(1e-300).ln() - low.ln()) / (high.ln() - low.ln())
        }
        Dim::Int { low, high, .. } => (v - low as f64 + 0.5) / (high - low + 1) as f64,
        Dim::Choice { n } => (v + 0.5) / n.max(1) as f64,
    };
    u.clamp(0.0, 1.0 - 1e-12)
}

/// `space_eval(space, hp_assignment)`: the space with `fmin`'s result put back in.
fn space_eval(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "space_eval",
        params: &["space", "hp_assignment"],
        is_method: false,
        display: "space_eval(space, hp_assignment)",
    }
    .bind(args)?;
    let Value::Dict(assignment) = b.value("hp_assignment") else {
        return Err(type_error(
            "space_eval: hp_assignment must be a dict of label to value",
        ));
    };
    let assignment = assignment.borrow();
    let lookup = |l: &str| {
        assignment
            .get(&Value::str(l))
            .ok()
            .flatten()
            .and_then(|v| v.as_f64())
    };
    let mut active = Vec::new();
    instantiate(&b.value("space"), &lookup, &mut active)
}

/// The `hyperopt` package and its submodules.
pub fn import(name: &str) -> Option<Value> {
    let hp_module = || {
        module(
            "hyperopt.hp",
            vec![
                ("choice", Value::Native("choice", hp_choice)),
                ("uniform", Value::Native("uniform", hp_uniform)),
                ("quniform", Value::Native("quniform", hp_quniform)),
                ("loguniform", Value::Native("loguniform", hp_loguniform)),
                ("qloguniform", Value::Native("qloguniform", hp_qloguniform)),
                ("randint", Value::Native("randint", hp_randint)),
                ("uniformint", Value::Native("uniformint", hp_uniformint)),
                ("normal", Value::Native("normal", hp_unbounded)),
                ("lognormal", Value::Native("lognormal", hp_unbounded)),
            ],
        )
    };
    let tpe = || {
        module(
            "hyperopt.tpe",
            vec![("suggest", Value::Native("tpe.suggest", suggest_marker))],
        )
    };
    let rand = || {
        module(
            "hyperopt.rand",
            vec![("suggest", Value::Native("rand.suggest", suggest_marker))],
        )
    };
    Some(match name {
        "hyperopt" => module(
            "hyperopt",
            vec![
                ("fmin", Value::Native("fmin", fmin)),
                ("hp", hp_module()),
                ("tpe", tpe()),
                ("rand", rand()),
                ("Trials", Value::Native("Trials", trials)),
                ("SparkTrials", Value::Native("SparkTrials", spark_trials)),
                ("STATUS_OK", Value::str("ok")),
                ("STATUS_FAIL", Value::str("fail")),
                ("space_eval", Value::Native("space_eval", space_eval)),
            ],
        ),
        "hyperopt.hp" => hp_module(),
        "hyperopt.tpe" => tpe(),
        "hyperopt.rand" => rand(),
        _ => return None,
    })
}

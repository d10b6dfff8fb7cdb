//! `sklearn.model_selection` in cells: `train_test_split`, `cross_val_score`, `KFold`-style
//! folds, `GridSearchCV` and `RandomizedSearchCV`; and `sklearn.pipeline.make_pipeline`.
//!
//! Folds follow scikit-learn's rules for an integer `cv`: stratified folds for classifiers,
//! contiguous unshuffled folds for regressors (stratified folds deal each class's rows
//! round-robin, an approximation of `StratifiedKFold`'s allocation). Shuffles are seeded
//! with `random_state`, reproducibly, but they are not NumPy's permutations, so the rows
//! chosen differ from scikit-learn's for the same seed; the sizes are the same.
//! `RandomizedSearchCV` samples from lists (SciPy distributions are not in Lakelab).

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use super::data::labels_arg;
use super::estimators::{sk_of, value_error, Kind, SkObj, SkRef};
use super::methods::{fit_in_place, score_model, set_params};
use super::sk_metrics::score_by_name;
use crate::notebook::bindings::pandas::frame::PandasFrame;
use crate::notebook::bindings::pandas::series::SeriesObj;
use crate::notebook::call::Sig;
use crate::notebook::error::{type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Dict, NativeFn, Object, Value};
use crate::rng::SeededRng;

pub const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("train_test_split", train_test_split),
    ("cross_val_score", cross_val_score),
    ("GridSearchCV", grid_search),
    ("RandomizedSearchCV", randomized_search),
];

fn rng_for(interp: &mut Interp, v: Option<&Value>) -> SeededRng {
    match v.and_then(Value::as_int) {
        Some(seed) => SeededRng::new(seed as u64 ^ 0x5151_5151),
        None => SeededRng::new((interp.session.rng.unit() * 9_007_199_254_740_992.0) as u64),
    }
}

fn shuffle(v: &mut [usize], rng: &mut SeededRng) {
    for i in (1..v.len()).rev() {
        let j = ((rng.unit() * (i + 1) as f64) as usize).min(i);
        v.swap(i, j);
    }
}

fn length(v: &Value) -> Result<usize, PyErr> {
    if let Value::Object(o) = v {
        if let Some(f) = o.as_any().downcast_ref::<PandasFrame>() {
            return Ok(f.table().num_rows());
        }
        if let Some(s) = o.as_any().downcast_ref::<SeriesObj>() {
            return Ok(s.values.len());
        }
    }
    v.iter_items()
        .map(|i| i.len())
        .ok_or_else(|| type_error(format!("cannot split a {}", v.type_name())))
}

/// The rows `rows` of a DataFrame, Series or list (keeping pandas' index).
fn take(v: &Value, rows: &[usize]) -> Result<Value, PyErr> {
    if let Value::Object(o) = v {
        if let Some(f) = o.as_any().downcast_ref::<PandasFrame>() {
            let data = f.0.borrow();
            return Ok(PandasFrame::value(
                data.table.take(rows),
                Some(data.index.take_rows(rows)),
            ));
        }
        if let Some(s) = o.as_any().downcast_ref::<SeriesObj>() {
            return Ok(SeriesObj::value(
                s.values.take_rows(rows),
                s.name.clone(),
                s.index.take_rows(rows),
            ));
        }
    }
    let items = v.iter_items().unwrap_or_default();
    Ok(Value::list(
        rows.iter().filter_map(|&r| items.get(r).cloned()).collect(),
    ))
}

fn fraction_or_count(v: Option<&Value>, n: usize, what: &str) -> Result<Option<usize>, PyErr> {
    match v {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) if *i > 0 && (*i as usize) < n => Ok(Some(*i as usize)),
        Some(Value::Float(f)) if *f > 0.0 && *f < 1.0 => Ok(Some(match what {
            "test_size" => (f * n as f64).ceil() as usize,
            _ => (f * n as f64).floor() as usize,
        })),
        Some(other) => Err(value_error(format!(
            "{what}={} should be either positive and smaller than the number of samples {n} or a float in the (0, 1) range",
            other.repr()
        ))),
    }
}

fn train_test_split(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let arrays = args.positional.clone();
    if arrays.is_empty() {
        return Err(value_error("At least one array required as input"));
    }
    let b = Sig {
        name: "train_test_split",
        params: &["*", "test_size=", "train_size=", "random_state=", "shuffle=", "stratify="],
        is_method: false,
        display: "train_test_split(*arrays, test_size=None, train_size=None, random_state=None, shuffle=True, stratify=None)",
    }
    .bind(Args {
        positional: vec![],
        keywords: args.keywords,
    })?;
    let n = length(&arrays[0])?;
    for a in &arrays[1..] {
        let m = length(a)?;
        if m != n {
            return Err(value_error(format!(
                "Found input variables with inconsistent numbers of samples: [{n}, {m}]"
            )));
        }
    }
    let test = fraction_or_count(b.get("test_size"), n, "test_size")?;
    let train = fraction_or_count(b.get("train_size"), n, "train_size")?;
    let (n_train, n_test) = match (train, test) {
        (None, None) => (n - (n as f64 * 0.25).ceil() as usize, (n as f64 * 0.25).ceil() as usize),
        (None, Some(t)) => (n - t, t),
        (Some(tr), None) => (tr, n - tr),
        (Some(tr), Some(t)) if tr + t <= n => (tr, t),
        (Some(tr), Some(t)) => {
            return Err(value_error(format!(
                "The sum of train_size and test_size = {} should be smaller than the number of samples {n}",
                tr + t
            )))
        }
    };
    let mut rng = rng_for(interp, b.get("random_state"));
    let shuffled = b.get("shuffle").is_none_or(Value::truthy);
    let (train_rows, test_rows): (Vec<usize>, Vec<usize>) =
        match b.get("stratify").filter(|v| !matches!(v, Value::None)) {
            Some(labels) => {
                if !shuffled {
                    return Err(value_error(
                        "Stratified train/test split is not implemented for shuffle=False",
                    ));
                }
                let y = labels_arg(labels)?;
                let mut classes: Vec<String> = Vec::new();
                let mut groups: Vec<Vec<usize>> = Vec::new();
                for (i, v) in y.iter().enumerate() {
                    let k = v.to_string();
                    match classes.iter().position(|c| *c == k) {
                        Some(g) => groups[g].push(i),
                        None => {
                            classes.push(k);
                            groups.push(vec![i]);
                        }
                    }
                }
                let (mut tr, mut te) = (Vec::new(), Vec::new());
                for mut g in groups {
                    shuffle(&mut g, &mut rng);
                    let t = ((g.len() as f64) * n_test as f64 / n as f64).round() as usize;
                    te.extend_from_slice(&g[..t.min(g.len())]);
                    tr.extend_from_slice(&g[t.min(g.len())..]);
                }
                shuffle(&mut tr, &mut rng);
                shuffle(&mut te, &mut rng);
                (tr, te)
            }
            None => {
                let mut all: Vec<usize> = (0..n).collect();
                if shuffled {
                    shuffle(&mut all, &mut rng);
                }
                let test_rows = all[n_train..n_train + n_test].to_vec();
                (all[..n_train].to_vec(), test_rows)
            }
        };
    let mut out = Vec::new();
    for a in &arrays {
        out.push(take(a, &train_rows)?);
        out.push(take(a, &test_rows)?);
    }
    Ok(Value::list(out))
}

/// A fold: (train rows, test rows).
type Fold = (Vec<usize>, Vec<usize>);

/// One candidate's parameters.
type Params = Vec<(String, Value)>;

/// `k` folds of `n` rows.
fn folds(n: usize, k: usize, labels: Option<&[serde_json::Value]>) -> Result<Vec<Fold>, PyErr> {
    if k < 2 || k > n {
        return Err(value_error(format!(
            "Cannot have number of splits n_splits={k} greater than the number of samples: n_samples={n}, and at least 2 are needed."
        )));
    }
    let mut fold_of = vec![0usize; n];
    match labels {
        Some(y) => {
            let mut next: Vec<(String, usize)> = Vec::new();
            for (i, v) in y.iter().enumerate() {
                let key = v.to_string();
                let slot = match next.iter_mut().find(|(c, _)| *c == key) {
                    Some(s) => s,
                    None => {
                        next.push((key, 0));
                        next.last_mut().ok_or_else(|| value_error("folds"))?
                    }
                };
                fold_of[i] = slot.1 % k;
                slot.1 += 1;
            }
        }
        None => {
            let (base, extra) = (n / k, n % k);
            let mut start = 0;
            for f in 0..k {
                let size = base + usize::from(f < extra);
                for slot in fold_of.iter_mut().skip(start).take(size) {
                    *slot = f;
                }
                start += size;
            }
        }
    }
    Ok((0..k)
        .map(|f| {
            let test: Vec<usize> = (0..n).filter(|&i| fold_of[i] == f).collect();
            let train: Vec<usize> = (0..n).filter(|&i| fold_of[i] != f).collect();
            (train, test)
        })
        .collect())
}

fn cv_count(v: Option<&Value>) -> Result<usize, PyErr> {
    match v {
        None | Some(Value::None) => Ok(5),
        Some(Value::Int(k)) => Ok(*k as usize),
        Some(other) => Err(type_error(format!(
            "cv must be an int (the number of folds) in Lakelab, got {}",
            other.type_name()
        ))),
    }
}

/// Cross-validated scores of a fresh copy of `est` per fold.
fn cross_validate(
    interp: &mut Interp,
    est: &SkObj,
    x: &Value,
    y: &Value,
    k: usize,
    scoring: Option<&str>,
) -> Result<Vec<f64>, PyErr> {
    let n = length(x)?;
    let labels = labels_arg(y)?;
    let classifier = match est.kind() {
        Kind::Classifier => true,
        Kind::Pipeline => est
            .steps()?
            .last()
            .map(|(_, s)| s.get().map(|s| s.kind() == Kind::Classifier))
            .transpose()?
            .unwrap_or(false),
        _ => false,
    };
    let mut scores = Vec::new();
    for (train, test) in folds(n, k, classifier.then_some(labels.as_slice()))? {
        let copy = est.clone_unfitted();
        let model = fit_in_place(&copy, &take(x, &train)?, Some(&take(y, &train)?), None)?;
        let (xt, yt) = (take(x, &test)?, take(y, &test)?);
        scores.push(match scoring {
            None => score_model(&model, &xt, &yt)?,
            Some(name) => score_by_name(interp, name, &model, &xt, &yt)?,
        });
    }
    Ok(scores)
}

fn cross_val_score(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "cross_val_score",
        params: &["estimator", "X", "y=", "*", "scoring=", "cv="],
        is_method: false,
        display: "cross_val_score(estimator, X, y=None, *, scoring=None, cv=None)",
    }
    .bind(args)?;
    let est = sk_of(&b.value("estimator"))?;
    let k = cv_count(b.get("cv"))?;
    let scoring = b
        .get("scoring")
        .filter(|v| !matches!(v, Value::None))
        .map(Value::to_str);
    let scores = cross_validate(
        interp,
        est.get()?,
        &b.value("X"),
        &b.value("y"),
        k,
        scoring.as_deref(),
    )?;
    Ok(Value::list(scores.into_iter().map(Value::Float).collect()))
}

pub fn make_pipeline(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let mut steps = Vec::new();
    let mut used: Vec<String> = Vec::new();
    for v in &args.positional {
        let s = sk_of(v)?;
        let base = s.get()?.class.to_lowercase();
        let mut name = base.clone();
        let mut i = 1;
        while used.contains(&name) {
            i += 1;
            name = format!("{base}-{i}");
        }
        used.push(name.clone());
        steps.push(Value::tuple(vec![Value::str(name), v.clone()]));
    }
    Ok(Value::object(SkObj::new(
        "Pipeline",
        vec![("steps".into(), Value::list(steps))],
    )))
}

/// Every combination of a grid (a dict of lists, or a list of such dicts).
fn grid(v: &Value) -> Result<Vec<Vec<(String, Value)>>, PyErr> {
    let dicts = match v {
        Value::Dict(_) => vec![v.clone()],
        other => other
            .iter_items()
            .ok_or_else(|| type_error("param_grid must be a dict of lists or a list of dicts"))?,
    };
    let mut out = Vec::new();
    for d in dicts {
        let Value::Dict(d) = d else {
            return Err(type_error(
                "param_grid must be a dict of lists or a list of dicts",
            ));
        };
        let mut combos: Vec<Vec<(String, Value)>> = vec![Vec::new()];
        for (k, values) in d.borrow().iter() {
            let values = values.iter_items().ok_or_else(|| {
                type_error(format!(
                    "Parameter grid for parameter '{}' needs to be a list or a numpy array",
                    k.to_str()
                ))
            })?;
            combos = combos
                .into_iter()
                .flat_map(|c| {
                    values.iter().map(move |v| {
                        let mut c = c.clone();
                        c.push((k.to_str(), v.clone()));
                        c
                    })
                })
                .collect();
        }
        out.extend(combos);
    }
    Ok(out)
}

/// `GridSearchCV` / `RandomizedSearchCV`.
#[derive(Debug)]
struct SearchObj {
    class: &'static str,
    estimator: SkRef,
    candidates: RefCell<Option<Vec<Params>>>,
    grid: Value,
    n_iter: usize,
    random_state: Option<Value>,
    scoring: Option<String>,
    cv: usize,
    verbose: i64,
    result: RefCell<Option<SearchResult>>,
}

#[derive(Debug, Clone)]
struct SearchResult {
    params: Vec<Vec<(String, Value)>>,
    means: Vec<f64>,
    stds: Vec<f64>,
    best: usize,
    best_estimator: Value,
}

fn search_args(args: Args, class: &'static str, randomized: bool) -> Result<SearchObj, PyErr> {
    let b = if randomized {
        Sig {
            name: "RandomizedSearchCV",
            params: &["estimator", "param_distributions", "*", "n_iter=", "scoring=", "cv=", "refit=", "verbose=", "random_state="],
            is_method: false,
            display: "RandomizedSearchCV(estimator, param_distributions, *, n_iter=10, scoring=None, cv=None, refit=True, verbose=0, random_state=None)",
        }
        .bind(args)?
    } else {
        Sig {
            name: "GridSearchCV",
            params: &["estimator", "param_grid", "*", "scoring=", "cv=", "refit=", "verbose="],
            is_method: false,
            display: "GridSearchCV(estimator, param_grid, *, scoring=None, cv=None, refit=True, verbose=0)",
        }
        .bind(args)?
    };
    let grid = if randomized {
        b.value("param_distributions")
    } else {
        b.value("param_grid")
    };
    Ok(SearchObj {
        class,
        estimator: sk_of(&b.value("estimator"))?,
        candidates: RefCell::new(None),
        grid,
        n_iter: b.get("n_iter").and_then(Value::as_int).unwrap_or(10).max(1) as usize,
        random_state: b.get("random_state").cloned(),
        scoring: b
            .get("scoring")
            .filter(|v| !matches!(v, Value::None))
            .map(Value::to_str),
        cv: cv_count(b.get("cv"))?,
        verbose: b.get("verbose").and_then(Value::as_int).unwrap_or(0),
        result: RefCell::new(None),
    })
}

fn grid_search(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Ok(Value::object(search_args(args, "GridSearchCV", false)?))
}

fn randomized_search(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    Ok(Value::object(search_args(
        args,
        "RandomizedSearchCV",
        true,
    )?))
}

impl SearchObj {
    fn candidates(&self, interp: &mut Interp) -> Result<Vec<Vec<(String, Value)>>, PyErr> {
        if self.class == "GridSearchCV" {
            return grid(&self.grid);
        }
        let Value::Dict(d) = &self.grid else {
            return Err(type_error("param_distributions must be a dict of lists"));
        };
        let mut rng = rng_for(interp, self.random_state.as_ref());
        let lists: Vec<(String, Vec<Value>)> = d
            .borrow()
            .iter()
            .map(|(k, v)| {
                v.iter_items().map(|items| (k.to_str(), items)).ok_or_else(|| {
                    type_error("RandomizedSearchCV in Lakelab samples from lists (SciPy distributions are not available)")
                })
            })
            .collect::<Result<_, _>>()?;
        Ok((0..self.n_iter)
            .map(|_| {
                lists
                    .iter()
                    .map(|(k, items)| {
                        let i = ((rng.unit() * items.len() as f64) as usize)
                            .min(items.len().saturating_sub(1));
                        (k.clone(), items.get(i).cloned().unwrap_or(Value::None))
                    })
                    .collect()
            })
            .collect())
    }

    fn fit(&self, interp: &mut Interp, x: &Value, y: &Value) -> Result<(), PyErr> {
        let cands = self.candidates(interp)?;
        *self.candidates.borrow_mut() = Some(cands.clone());
        if self.verbose > 0 {
            interp.print(&format!(
                "Fitting {} folds for each of {} candidates, totalling {} fits\n",
                self.cv,
                cands.len(),
                self.cv * cands.len()
            ));
        }
        let base = self.estimator.get()?;
        let (mut means, mut stds) = (Vec::new(), Vec::new());
        for params in &cands {
            let copy = base.clone_unfitted();
            set_params(&copy, params.clone())?;
            let scores = cross_validate(interp, &copy, x, y, self.cv, self.scoring.as_deref())?;
            let mean = scores.iter().sum::<f64>() / scores.len() as f64;
            let var = scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / scores.len() as f64;
            means.push(mean);
            stds.push(var.sqrt());
        }
        let best = (0..means.len())
            .max_by(|&a, &b| means[a].total_cmp(&means[b]).then(b.cmp(&a)))
            .ok_or_else(|| value_error("no candidate parameters to search"))?;
        let refit = base.clone_unfitted();
        set_params(&refit, cands[best].clone())?;
        fit_in_place(&refit, x, Some(y), None)?;
        *self.result.borrow_mut() = Some(SearchResult {
            params: cands,
            means,
            stds,
            best,
            best_estimator: Value::object(refit),
        });
        Ok(())
    }

    fn result(&self) -> Result<SearchResult, PyErr> {
        self.result.borrow().clone().ok_or_else(|| {
            crate::notebook::error::PyErr::new(
                crate::notebook::error::ExcType::Exception,
                format!(
                    "NotFittedError: This {} instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.",
                    self.class
                ),
            )
        })
    }
}

fn params_dict(p: &[(String, Value)]) -> Value {
    Value::dict(Dict::from_pairs(
        p.iter().map(|(k, v)| (k.as_str(), v.clone())),
    ))
}

impl Object for SearchObj {
    fn type_name(&self) -> &str {
        self.class
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let r = self.result.borrow().clone();
        Some(match name {
            "best_params_" => {
                let r = r?;
                params_dict(&r.params[r.best])
            }
            "best_score_" => {
                let r = r?;
                Value::Float(r.means[r.best])
            }
            "best_estimator_" => r?.best_estimator,
            "best_index_" => Value::Int(r?.best as i64),
            "n_splits_" => Value::Int(self.cv as i64),
            "cv_results_" => {
                let r = r?;
                let mut order: Vec<usize> = (0..r.means.len()).collect();
                crate::sorting::sort_by(&mut order, |&a, &b| r.means[b].total_cmp(&r.means[a]));
                let mut rank = vec![0i64; r.means.len()];
                for (pos, &i) in order.iter().enumerate() {
                    rank[i] = pos as i64 + 1;
                }
                Value::dict(Dict::from_pairs([
                    (
                        "params",
                        Value::list(r.params.iter().map(|p| params_dict(p)).collect()),
                    ),
                    (
                        "mean_test_score",
                        Value::list(r.means.iter().map(|m| Value::Float(*m)).collect()),
                    ),
                    (
                        "std_test_score",
                        Value::list(r.stds.iter().map(|m| Value::Float(*m)).collect()),
                    ),
                    (
                        "rank_test_score",
                        Value::list(rank.into_iter().map(Value::Int).collect()),
                    ),
                ]))
            }
            "estimator" => self.estimator.value(),
            _ => return None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "fit" | "predict" | "predict_proba" | "score")
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        if name == "fit" {
            let b = Sig {
                name: "fit",
                params: &["X", "y="],
                is_method: true,
                display: "fit(X, y=None)",
            }
            .bind(args)?;
            self.fit(interp, &b.value("X"), &b.value("y"))?;
            return Ok(Value::Object(self));
        }
        let best = self.result()?.best_estimator;
        match &best {
            Value::Object(o) => o.clone().call_method(interp, name, args),
            _ => Err(type_error("the search has no best estimator")),
        }
    }
    fn repr(&self) -> String {
        format!(
            "{}(cv={}, estimator={})",
            self.class,
            self.cv,
            self.estimator.get().map(|e| e.repr()).unwrap_or_default()
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

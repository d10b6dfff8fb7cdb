//! `pyspark.ml.tuning`: `ParamGridBuilder`, `CrossValidator` and `TrainValidationSplit`.
//!
//! How many models a search trains is something learners must be able to see (a grid of
//! `g` param maps with `k` folds trains `g × k` models, then one more: the best param map
//! refitted on all the data). Spark does not print this; Lakelab prints one line per search,
//! e.g. `CrossValidator: trained 19 models (6 param maps × 3 folds = 18, then 1 refit of the
//! best param map on all rows)`, and `collectSubModels=True` keeps the fold models in
//! `subModels` as Spark does. Folds come from a seeded draw per row (`ml::spark_ml::tune`).

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use super::evaluation;
use super::params::{param_map_arg, param_map_value, param_of, stage_of, ParamObj, StageObj};
use super::stages::{fit_value, transform_value};
use crate::ml::spark_ml::tune;
use crate::notebook::bindings::spark::dataframe::SparkFrame;
use crate::notebook::error::{type_error, ExcType, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Object, Value};
use crate::table::{Column, Table};

/// An estimator value with a param map applied: stages whose uid a param names take its
/// value, and a `Pipeline`'s stages are copied the same way (grids over `lr.regParam` work on
/// a pipeline containing `lr`).
pub fn with_params(est: &Value, map: &[(ParamObj, Value)]) -> Value {
    let Some(o) = stage_of(est) else {
        return est.clone();
    };
    let copy = o.copy_with(map);
    if o.class.name == "Pipeline" {
        if let Some(stages) = o.get("stages").iter_items() {
            let copied = stages.iter().map(|s| with_params(s, map)).collect();
            let _ = copy.set("stages", Value::list(copied));
        }
    }
    Value::object(copy)
}

/// `ParamGridBuilder()`: `addGrid(param, values)`, `baseOn(...)`, `build()`.
#[derive(Debug, Default)]
pub struct GridBuilderObj {
    grid: RefCell<Vec<(ParamObj, Vec<Value>)>>,
}

impl GridBuilderObj {
    fn put(&self, p: ParamObj, values: Vec<Value>) {
        let mut g = self.grid.borrow_mut();
        match g.iter_mut().find(|(q, _)| *q == p) {
            Some(slot) => slot.1 = values,
            None => g.push((p, values)),
        }
    }

    /// Every combination, the last param varying fastest (`itertools.product`, as PySpark).
    fn build(&self) -> Vec<Value> {
        let grid = self.grid.borrow();
        let mut maps: Vec<Vec<(ParamObj, Value)>> = vec![Vec::new()];
        for (p, values) in grid.iter() {
            maps = maps
                .into_iter()
                .flat_map(|m| {
                    values.iter().map(move |v| {
                        let mut m = m.clone();
                        m.push((p.clone(), v.clone()));
                        m
                    })
                })
                .collect();
        }
        maps.iter().map(|m| param_map_value(m)).collect()
    }
}

impl Object for GridBuilderObj {
    fn type_name(&self) -> &str {
        "ParamGridBuilder"
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "addGrid" | "baseOn" | "build")
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        match name {
            "addGrid" => {
                let [p, values] = args.positional.as_slice() else {
                    return Err(type_error(
                        "addGrid() takes 3 positional arguments (self, param, values)",
                    ));
                };
                let p = param_of(p).ok_or_else(|| {
                    type_error("addGrid: param must be a Param, e.g. lr.regParam")
                })?;
                let values = values
                    .iter_items()
                    .filter(|_| !matches!(values, Value::Str(_)))
                    .ok_or_else(|| type_error("addGrid: values must be a list"))?;
                self.put(p, values);
                Ok(Value::Object(self))
            }
            "baseOn" => {
                let pairs = match args.positional.as_slice() {
                    [one] if param_of(one).is_none() => param_map_arg(one)?,
                    many => many
                        .iter()
                        .map(|pair| match pair.iter_items().as_deref() {
                            Some([p, v]) => param_of(p)
                                .map(|p| (p, v.clone()))
                                .ok_or_else(|| type_error("baseOn takes (Param, value) pairs")),
                            _ => Err(type_error("baseOn takes (Param, value) pairs")),
                        })
                        .collect::<Result<_, _>>()?,
                };
                for (p, v) in pairs {
                    self.put(p, vec![v]);
                }
                Ok(Value::Object(self))
            }
            _ => Ok(Value::list(self.build())),
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub fn grid_builder(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    if !args.positional.is_empty() || !args.keywords.is_empty() {
        return Err(type_error("ParamGridBuilder() takes no arguments"));
    }
    Ok(Value::object(GridBuilderObj::default()))
}

/// What a search produced.
#[derive(Debug)]
pub struct TunedModelObj {
    class: &'static str,
    uid: String,
    best: Value,
    metrics: Vec<f64>,
    maps: Value,
    sub_models: Option<Value>,
    /// Models trained: param maps × folds (or × 1 split), plus the refit.
    pub trained: usize,
}

/// The best model of a tuning model value.
pub fn best_of(v: &Value) -> Option<Value> {
    match v {
        Value::Object(o) => o
            .as_any()
            .downcast_ref::<TunedModelObj>()
            .map(|m| m.best.clone()),
        _ => None,
    }
}

impl Object for TunedModelObj {
    fn type_name(&self) -> &str {
        self.class
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let metrics = || Value::list(self.metrics.iter().map(|m| Value::Float(*m)).collect());
        Some(match (self.class, name) {
            (_, "bestModel") => self.best.clone(),
            (_, "uid") => Value::str(self.uid.as_str()),
            ("CrossValidatorModel", "avgMetrics") => metrics(),
            ("TrainValidationSplitModel", "validationMetrics") => metrics(),
            (_, "subModels") => self.sub_models.clone().unwrap_or(Value::None),
            _ => return None,
        })
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "transform" | "getEstimatorParamMaps")
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        match name {
            "getEstimatorParamMaps" => Ok(self.maps.clone()),
            _ => {
                let df = args.positional.first().ok_or_else(|| {
                    type_error("transform() missing 1 required positional argument: 'dataset'")
                })?;
                let t = super::frame_arg(df, "transform")?;
                Ok(SparkFrame::value(transform_value(&self.best, &t)?))
            }
        }
    }
    fn repr(&self) -> String {
        self.uid.clone()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn rows_where(t: &Table, keep: impl Fn(usize) -> bool) -> Result<Table, PyErr> {
    let mask: Vec<bool> = (0..t.num_rows()).map(keep).collect();
    t.filter(&Column::bools(mask))
        .map_err(|e| super::ml_err(e.into()))
}

/// `CrossValidator.fit` / `TrainValidationSplit.fit`.
pub fn fit(interp: &mut Interp, o: &StageObj, t: &Table) -> Result<Value, PyErr> {
    let cv = o.class.name == "CrossValidator";
    let est = o.get("estimator");
    if stage_of(&est).is_none() {
        return Err(PyErr::new(
            ExcType::Exception,
            format!("java.util.NoSuchElementException: Failed to find a default value for estimator ({}.setEstimator(...))", o.class.name),
        ));
    }
    let evaluator_value = o.get("evaluator");
    let evaluator = stage_of(&evaluator_value)
        .filter(|e| e.class.kind == super::params::Kind::Evaluator)
        .ok_or_else(|| {
            type_error(format!(
                "{}: evaluator must be an Evaluator (e.g. BinaryClassificationEvaluator())",
                o.class.name
            ))
        })?;
    let maps_value = o.get("estimatorParamMaps");
    let maps: Vec<Vec<(ParamObj, Value)>> = match &maps_value {
        Value::None => {
            return Err(PyErr::new(
                ExcType::Exception,
                "java.util.NoSuchElementException: Failed to find a default value for estimatorParamMaps",
            ))
        }
        v => v
            .iter_items()
            .ok_or_else(|| type_error("estimatorParamMaps must be a list of param maps"))?
            .iter()
            .map(param_map_arg)
            .collect::<Result<_, _>>()?,
    };
    if maps.is_empty() {
        return Err(PyErr::new(
            ExcType::IllegalArgumentException,
            "requirement failed: estimatorParamMaps must not be empty",
        ));
    }
    if cv && !o.text("foldCol").is_empty() {
        return Err(crate::notebook::error::not_implemented(
            "CrossValidator(foldCol=...): Lakelab assigns folds from the seed; leave foldCol unset",
        ));
    }
    let seed = o.int("seed")? as u64;
    let n = t.num_rows();
    let splits: Vec<(Table, Table)> = if cv {
        let k = o.int("numFolds")?;
        if k < 2 {
            return Err(PyErr::new(
                ExcType::IllegalArgumentException,
                format!("{} parameter numFolds given invalid value {k}.", o.uid),
            ));
        }
        let folds = tune::folds(n, k as usize, seed);
        (0..k as usize)
            .map(|f| {
                Ok((
                    rows_where(t, |i| folds[i] != f)?,
                    rows_where(t, |i| folds[i] == f)?,
                ))
            })
            .collect::<Result<_, PyErr>>()?
    } else {
        let ratio = o.float("trainRatio")?;
        if !(0.0..=1.0).contains(&ratio) {
            return Err(PyErr::new(
                ExcType::IllegalArgumentException,
                format!(
                    "{} parameter trainRatio given invalid value {ratio}.",
                    o.uid
                ),
            ));
        }
        let train = tune::train_rows(n, ratio, seed);
        vec![(rows_where(t, |i| train[i])?, rows_where(t, |i| !train[i])?)]
    };
    let collect = o.get("collectSubModels").truthy();
    let mut sums = vec![0.0; maps.len()];
    let mut sub_models = Vec::new();
    for (train, valid) in &splits {
        let mut fold_models = Vec::new();
        for (j, map) in maps.iter().enumerate() {
            let model = fit_value(interp, &with_params(&est, map), train)?;
            let scored = transform_value(&model, valid)?;
            sums[j] += evaluation::evaluate(evaluator, &scored)?;
            if collect {
                fold_models.push(model);
            }
        }
        sub_models.push(Value::list(fold_models));
    }
    let metrics: Vec<f64> = sums.iter().map(|s| s / splits.len() as f64).collect();
    let larger = evaluation::larger_is_better(evaluator);
    let mut best = 0;
    for (j, m) in metrics.iter().enumerate() {
        let better = if larger {
            *m > metrics[best]
        } else {
            *m < metrics[best]
        };
        if better {
            best = j;
        }
    }
    let best_model = fit_value(interp, &with_params(&est, &maps[best]), t)?;
    let fits = maps.len() * splits.len();
    let trained = fits + 1;
    interp.print(&if cv {
        format!(
            "CrossValidator: trained {trained} models ({} param maps × {} folds = {fits}, then 1 refit of the best param map on all rows)\n",
            maps.len(),
            splits.len()
        )
    } else {
        format!(
            "TrainValidationSplit: trained {trained} models ({} param maps on the training split = {fits}, then 1 refit of the best param map on all rows)\n",
            maps.len()
        )
    });
    let sub_models = collect.then(|| {
        if cv {
            Value::list(sub_models)
        } else {
            sub_models
                .into_iter()
                .next()
                .unwrap_or(Value::list(Vec::new()))
        }
    });
    Ok(Value::object(TunedModelObj {
        class: if cv {
            "CrossValidatorModel"
        } else {
            "TrainValidationSplitModel"
        },
        uid: o.uid.clone(),
        best: best_model,
        metrics,
        maps: maps_value,
        sub_models,
        trained,
    }))
}

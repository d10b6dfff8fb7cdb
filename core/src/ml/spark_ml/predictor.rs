//! Spark ML predictors: `LogisticRegression`, `DecisionTreeClassifier`,
//! `RandomForestClassifier`, `LinearRegression`, `DecisionTreeRegressor` and
//! `RandomForestRegressor`, trained by `ml::estimator`'s engines on a vector `features`
//! column and a numeric `label` column.
//!
//! Parameter mapping (what matches Spark and what does not):
//! - `LogisticRegression(regParam, maxIter)`: Spark minimises `mean(loss) + regParam/2·|w|²`;
//!   linfa minimises `sum(loss) + alpha/2·|w|²`, so `alpha = n · regParam` (the same optimum).
//!   Spark standardises features before penalising (`standardization=True`); Lakelab
//!   penalises raw coefficients, so with `regParam > 0` coefficients differ on unscaled
//!   data. `elasticNetParam > 0` (L1) is refused: linfa's logistic model is L2-only.
//! - `LinearRegression(regParam, elasticNetParam)`: Spark's objective
//!   `1/(2n)·|y − Xw|² + regParam·(α|w|₁ + (1−α)/2·|w|²)` is exactly scikit-learn's
//!   `ElasticNet(alpha=regParam, l1_ratio=elasticNetParam)`, so that is what trains (ordinary
//!   least squares when `regParam = 0`); again without Spark's internal standardisation.
//! - Trees: Lakelab's CART with `maxDepth`, `minInstancesPerNode` and `impurity`; `maxBins`
//!   is accepted but splits are exact (Spark bins continuous features into 32 buckets).
//! - Forests: `numTrees`, bootstrap sampling, `featureSubsetStrategy` (`auto` is `sqrt` for
//!   classification, `onethird` for regression, as in Spark) per split, seeded by `seed`.
//! - `rawPrediction`: margins `[-m, m]` for logistic regression (Spark's), class
//!   probabilities for a single tree (Spark gives leaf counts) and summed per-tree
//!   probabilities for a forest (Spark's).
//! - `featureImportances`: Spark's impurity-decrease importances, computed on the training
//!   rows with their instance weights (bootstrap draws ignored), normalised to sum to 1.
//! - `weightCol`: instance weights, checked as Spark checks them (non-negative, finite).
//!   Trees and forests weigh impurities and leaf values; `LogisticRegression` and
//!   `LinearRegression` minimise the weighted loss (`ml::weighted`, since linfa takes no
//!   weights); training summaries are weighted too. Without `weightCol` the unweighted
//!   engines fit, exactly as before.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::{append, numeric, require_new, vectors, weights, MlError, MlResult};
use crate::ml::estimator::{fit_logistic_l2, Estimator, Fitted, MaxFeatures, Target, Task};
use crate::ml::tree::{Criterion, Node, Tree};
use crate::ml::weighted;
use crate::table::{Column, Table};

/// The algorithm and its Spark parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Algo {
    LogisticRegression {
        reg_param: f64,
        elastic_net: f64,
        max_iter: u64,
        family: String,
    },
    LinearRegression {
        reg_param: f64,
        elastic_net: f64,
        max_iter: u32,
        fit_intercept: bool,
    },
    DecisionTree {
        max_depth: usize,
        min_instances: usize,
        impurity: String,
    },
    RandomForest {
        num_trees: usize,
        max_depth: usize,
        min_instances: usize,
        impurity: String,
        strategy: String,
        seed: u64,
    },
}

/// The column names a predictor reads and writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Cols {
    pub features: String,
    pub label: String,
    pub prediction: String,
    /// Classifiers only.
    pub probability: Option<String>,
    pub raw_prediction: Option<String>,
}

crate::flat_de::map_only!(Cols);

/// A fitted predictor (`LogisticRegressionModel`, `RandomForestRegressionModel`, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PredictorModel {
    /// The estimator's class (`LogisticRegression`).
    pub estimator: String,
    pub task: Task,
    pub cols: Cols,
    pub num_features: usize,
    pub num_classes: usize,
    pub fitted: Fitted,
    #[serde(default)]
    pub feature_importances: Vec<f64>,
    /// Training-set metrics for `model.summary` (Spark's names).
    #[serde(default)]
    pub summary: Vec<(String, f64)>,
    /// Binary `LogisticRegression`'s `threshold`: class 1 when its probability is above it.
    #[serde(default)]
    pub threshold: Option<f64>,
}

fn criterion(impurity: &str, task: Task) -> MlResult<Criterion> {
    match (impurity, task) {
        ("gini", Task::Classification) => Ok(Criterion::Gini),
        ("entropy", Task::Classification) => Ok(Criterion::Entropy),
        ("variance", Task::Regression) => Ok(Criterion::Gini),
        (other, _) => Err(MlError::illegal(format!(
            "impurity given invalid value {other}. Supported options: {}",
            match task {
                Task::Classification => "entropy, gini",
                Task::Regression => "variance",
            }
        ))),
    }
}

fn strategy(s: &str, task: Task) -> MlResult<MaxFeatures> {
    Ok(match (s, task) {
        ("auto", Task::Classification) | ("sqrt", _) => MaxFeatures::Sqrt,
        ("auto", Task::Regression) | ("onethird", _) => MaxFeatures::Fraction(1.0 / 3.0),
        ("all", _) => MaxFeatures::All,
        ("log2", _) => MaxFeatures::Log2,
        (other, _) => match other.parse::<f64>() {
            Ok(f) if other.contains('.') && f > 0.0 && f <= 1.0 => MaxFeatures::Fraction(f),
            Ok(f) if f >= 1.0 && f.fract() == 0.0 => MaxFeatures::Count(f as usize),
            _ => {
                return Err(MlError::illegal(format!(
                    "featureSubsetStrategy given invalid value {other}. Supported options: auto, all, onethird, sqrt, log2, (0.0-1.0], [1-n]"
                )))
            }
        },
    })
}

fn matrix(rows: &[Vec<f64>]) -> MlResult<Array2<f64>> {
    let d = rows.first().map_or(0, Vec::len);
    if rows.iter().any(|r| r.len() != d) {
        return Err(MlError::illegal(
            "requirement failed: all feature vectors must have the same size",
        ));
    }
    Array2::from_shape_vec((rows.len(), d), rows.concat())
        .map_err(|e| MlError::illegal(e.to_string()))
}

impl PredictorModel {
    /// `estimator.fit(df)`; `weight_col` is `weightCol` when set.
    pub fn fit(
        t: &Table,
        estimator: &str,
        algo: &Algo,
        task: Task,
        cols: Cols,
        weight_col: Option<&str>,
    ) -> MlResult<PredictorModel> {
        let x = matrix(&vectors(t, &cols.features)?)?;
        let w = weight_col.map(|c| weights(t, c)).transpose()?;
        let y = numeric(t, &cols.label)?;
        let y: Vec<f64> = y
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                v.filter(|v| v.is_finite()).ok_or_else(|| {
                    MlError::spark(format!(
                        "Labels must not be null or NaN (row {i} of column {})",
                        cols.label
                    ))
                })
            })
            .collect::<MlResult<_>>()?;
        if y.is_empty() {
            return Err(MlError::illegal(
                "requirement failed: Nothing has been added to this summarizer.",
            ));
        }
        let mut num_classes = 0;
        let codes: Vec<usize> = if task == Task::Classification {
            let codes = y
                .iter()
                .map(|&v| {
                    if v >= 0.0 && v.fract() == 0.0 && v < 1e6 {
                        Ok(v as usize)
                    } else {
                        Err(MlError::illegal(format!(
                            "requirement failed: Classifier was given dataset with invalid label {}.  Labels must be integers in range [0, 2147483647).",
                            crate::table::float_text(v)
                        )))
                    }
                })
                .collect::<MlResult<Vec<usize>>>()?;
            num_classes = codes.iter().max().map_or(0, |m| m + 1).max(2);
            codes
        } else {
            Vec::new()
        };
        let target = match task {
            Task::Classification => Target::Classes {
                codes: &codes,
                n_classes: num_classes,
            },
            Task::Regression => Target::Values(&y),
        };
        let engine_err = |e: String| MlError::illegal(e);
        let fitted = match algo {
            Algo::LogisticRegression {
                reg_param,
                elastic_net,
                max_iter,
                family,
            } => {
                if *elastic_net != 0.0 {
                    return Err(MlError::not_implemented(
                        "LogisticRegression(elasticNetParam > 0): Lakelab's logistic regression (linfa) has no L1 penalty; use elasticNetParam=0.0 (ridge)",
                    ));
                }
                if family == "binomial" && num_classes > 2 {
                    return Err(MlError::illegal(format!(
                        "requirement failed: Binomial family only supports 1 or 2 outcome classes but found {num_classes}."
                    )));
                }
                if !["auto", "binomial", "multinomial"].contains(&family.as_str()) {
                    return Err(MlError::illegal(format!(
                        "LogisticRegression parameter family given invalid value {family}. Supported options: auto, binomial, multinomial"
                    )));
                }
                if *reg_param < 0.0 {
                    return Err(MlError::illegal(format!(
                        "LogisticRegression parameter regParam given invalid value {reg_param}."
                    )));
                }
                let distinct = {
                    let mut seen = vec![false; num_classes];
                    codes.iter().for_each(|&c| seen[c] = true);
                    seen.iter().filter(|s| **s).count()
                };
                if distinct < 2 {
                    return Err(MlError::not_implemented(
                        "LogisticRegression on a label with one class: Spark returns a constant model; Lakelab needs at least two classes in the training data",
                    ));
                }
                // Spark's loss is a (weighted) mean: the sum's penalty scales by the weight.
                match &w {
                    Some(w) => {
                        let alpha = reg_param * w.iter().sum::<f64>();
                        weighted::fit_logistic(&x, &codes, w, num_classes, alpha, *max_iter)
                    }
                    None => {
                        let alpha = reg_param * y.len() as f64;
                        fit_logistic_l2(&x, &codes, num_classes, alpha, *max_iter)
                            .map_err(engine_err)?
                    }
                }
            }
            Algo::LinearRegression {
                reg_param,
                elastic_net,
                max_iter,
                fit_intercept,
            } => {
                let e = if *reg_param == 0.0 {
                    Estimator::LinearRegression {
                        fit_intercept: *fit_intercept,
                    }
                } else {
                    Estimator::ElasticNet {
                        alpha: *reg_param,
                        l1_ratio: *elastic_net,
                        max_iter: *max_iter,
                    }
                };
                match &w {
                    Some(w) => weighted::fit_linear(
                        &x,
                        &y,
                        w,
                        *reg_param,
                        *elastic_net,
                        *max_iter,
                        *fit_intercept,
                    ),
                    None => e.fit(&x, target, None),
                }
                .map_err(engine_err)?
            }
            Algo::DecisionTree {
                max_depth,
                min_instances,
                impurity,
            } => Estimator::DecisionTree {
                criterion: criterion(impurity, task)?,
                max_depth: Some(*max_depth),
                min_samples_split: 2,
                min_samples_leaf: (*min_instances).max(1),
            }
            .fit(&x, target, w.as_deref())
            .map_err(engine_err)?,
            Algo::RandomForest {
                num_trees,
                max_depth,
                min_instances,
                impurity,
                strategy: s,
                seed,
            } => Estimator::RandomForest {
                n_estimators: *num_trees,
                criterion: criterion(impurity, task)?,
                max_depth: Some(*max_depth),
                min_samples_split: 2,
                min_samples_leaf: (*min_instances).max(1),
                max_features: strategy(s, task)?,
                bootstrap: true,
                random_state: *seed,
            }
            .fit(&x, target, w.as_deref())
            .map_err(engine_err)?,
        };
        let w = w.unwrap_or_else(|| vec![1.0; y.len()]);
        let feature_importances = match &fitted {
            Fitted::Tree { tree } => importances(std::slice::from_ref(tree), &x, &y, &w, task),
            Fitted::Forest { trees } => importances(trees, &x, &y, &w, task),
            _ => Vec::new(),
        };
        let mut model = PredictorModel {
            estimator: estimator.to_string(),
            task,
            cols,
            num_features: x.ncols(),
            num_classes: if task == Task::Classification {
                num_classes
            } else {
                0
            },
            fitted,
            feature_importances,
            summary: Vec::new(),
            threshold: None,
        };
        model.summary = model.training_summary(&x, &y, &w);
        Ok(model)
    }

    /// Spark's training summary metrics (weighted as the fit was).
    fn training_summary(&self, x: &Array2<f64>, y: &[f64], w: &[f64]) -> Vec<(String, f64)> {
        use super::evaluate;
        let mut out = Vec::new();
        match self.task {
            Task::Classification => {
                let proba = self.fitted.proba(x, self.num_classes);
                let pred: Vec<f64> = proba.iter().map(|p| argmax(p) as f64).collect();
                if let Ok(acc) = evaluate::multiclass("accuracy", y, &pred, None, w) {
                    out.push(("accuracy".into(), acc));
                }
                if self.num_classes == 2 {
                    let score: Vec<f64> = proba.iter().map(|p| p[1]).collect();
                    if let Ok(auc) = evaluate::binary("areaUnderROC", y, &score, w) {
                        out.push(("areaUnderROC".into(), auc));
                    }
                }
            }
            Task::Regression => {
                let pred = self.fitted.values(x);
                for (name, metric) in [
                    ("rootMeanSquaredError", "rmse"),
                    ("meanSquaredError", "mse"),
                    ("meanAbsoluteError", "mae"),
                    ("r2", "r2"),
                ] {
                    if let Ok(v) = evaluate::regression(metric, y, &pred, w, false) {
                        out.push((name.into(), v));
                    }
                }
            }
        }
        out
    }

    /// `LogisticRegressionModel`, `RandomForestClassificationModel`, ...
    pub fn class_name(&self) -> &'static str {
        match (self.estimator.as_str(), self.task) {
            ("LogisticRegression", _) => "LogisticRegressionModel",
            ("LinearRegression", _) => "LinearRegressionModel",
            ("DecisionTreeClassifier", _) => "DecisionTreeClassificationModel",
            ("DecisionTreeRegressor", _) => "DecisionTreeRegressionModel",
            ("RandomForestClassifier", _) => "RandomForestClassificationModel",
            ("RandomForestRegressor", _) => "RandomForestRegressionModel",
            (_, Task::Classification) => "ClassificationModel",
            (_, Task::Regression) => "RegressionModel",
        }
    }

    /// Predictions for feature rows: (prediction, probability, rawPrediction) per row.
    pub fn predict_rows(&self, x: &Array2<f64>) -> Vec<(f64, Vec<f64>, Vec<f64>)> {
        match self.task {
            Task::Regression => self
                .fitted
                .values(x)
                .into_iter()
                .map(|v| (v, Vec::new(), Vec::new()))
                .collect(),
            Task::Classification => {
                let proba = self.fitted.proba(x, self.num_classes);
                proba
                    .into_iter()
                    .zip(x.rows())
                    .map(|(p, row)| {
                        let raw = match &self.fitted {
                            Fitted::Logistic { coef, intercept } if coef.len() == 1 => {
                                let m = intercept.first().copied().unwrap_or(0.0)
                                    + coef[0].iter().zip(row).map(|(w, v)| w * v).sum::<f64>();
                                vec![-m, m]
                            }
                            Fitted::Logistic { coef, intercept } => coef
                                .iter()
                                .zip(intercept)
                                .map(|(w, b)| {
                                    b + w.iter().zip(row).map(|(w, v)| w * v).sum::<f64>()
                                })
                                .collect(),
                            Fitted::Forest { trees } => {
                                p.iter().map(|v| v * trees.len() as f64).collect()
                            }
                            _ => p.clone(),
                        };
                        let label = match self.threshold {
                            Some(t) if p.len() == 2 => f64::from(u8::from(p[1] > t)),
                            _ => argmax(&p) as f64,
                        };
                        (label, p, raw)
                    })
                    .collect()
            }
        }
    }

    /// `model.transform(df)`: appends `rawPrediction`, `probability` (classifiers) and
    /// `prediction`, in Spark's order.
    pub fn transform(&self, t: &Table) -> MlResult<Table> {
        let rows = vectors(t, &self.cols.features)?;
        if let Some(r) = rows.iter().find(|r| r.len() != self.num_features) {
            return Err(MlError::illegal(format!(
                "requirement failed: The number of features {} does not match the model's {}.",
                r.len(),
                self.num_features
            )));
        }
        let out = self.predict_rows(&matrix(&rows)?);
        let mut t = t.clone();
        if self.task == Task::Classification {
            for (name, pick) in [
                (&self.cols.raw_prediction, 2usize),
                (&self.cols.probability, 1usize),
            ] {
                if let Some(name) = name.as_ref().filter(|n| !n.is_empty()) {
                    require_new(&t, name)?;
                    let v = out
                        .iter()
                        .map(|r| if pick == 1 { r.1.clone() } else { r.2.clone() })
                        .collect();
                    t = append(&t, name, Column::vectors(v))?;
                }
            }
        }
        require_new(&t, &self.cols.prediction)?;
        append(
            &t,
            &self.cols.prediction,
            Column::floats(out.iter().map(|r| r.0).collect()),
        )
    }
}

fn argmax(p: &[f64]) -> usize {
    let mut best = 0;
    for (i, v) in p.iter().enumerate() {
        if *v > p[best] {
            best = i;
        }
    }
    best
}

/// The total weight of a set of rows.
fn weight_of(rows: &[usize], w: &[f64]) -> f64 {
    rows.iter().map(|&i| w[i]).sum()
}

/// Weighted impurity of a set of rows: Gini over classes, or variance of values.
fn impurity(rows: &[usize], y: &[f64], w: &[f64], task: Task) -> f64 {
    let n = weight_of(rows, w);
    if n <= 0.0 {
        return 0.0;
    }
    match task {
        Task::Regression => {
            let m = rows.iter().map(|&i| w[i] * y[i]).sum::<f64>() / n;
            rows.iter().map(|&i| w[i] * (y[i] - m).powi(2)).sum::<f64>() / n
        }
        Task::Classification => {
            let mut counts: std::collections::BTreeMap<u64, f64> = Default::default();
            for &i in rows {
                *counts.entry(y[i] as u64).or_default() += w[i];
            }
            1.0 - counts.values().map(|c| (c / n).powi(2)).sum::<f64>()
        }
    }
}

/// Spark's feature importances: per tree, the impurity decrease of each split weighted by
/// its rows' weight, normalised; then averaged over trees and normalised again.
fn importances(trees: &[Tree], x: &Array2<f64>, y: &[f64], w: &[f64], task: Task) -> Vec<f64> {
    let d = x.ncols();
    let mut total = vec![0.0; d];
    for tree in trees {
        let mut imp = vec![0.0; d];
        let mut stack = vec![(0usize, (0..x.nrows()).collect::<Vec<usize>>())];
        while let Some((at, rows)) = stack.pop() {
            if let Some(Node::Split {
                feature,
                threshold,
                left,
                right,
            }) = tree.nodes.get(at)
            {
                let (l, r): (Vec<usize>, Vec<usize>) =
                    rows.iter().partition(|&&i| x[[i, *feature]] < *threshold);
                let gain = weight_of(&rows, w) * impurity(&rows, y, w, task)
                    - weight_of(&l, w) * impurity(&l, y, w, task)
                    - weight_of(&r, w) * impurity(&r, y, w, task);
                if let Some(slot) = imp.get_mut(*feature) {
                    *slot += gain.max(0.0);
                }
                stack.push((*left, l));
                stack.push((*right, r));
            }
        }
        let s: f64 = imp.iter().sum();
        if s > 0.0 {
            for (t, v) in total.iter_mut().zip(&imp) {
                *t += v / s;
            }
        }
    }
    let s: f64 = total.iter().sum();
    if s > 0.0 {
        total.iter_mut().for_each(|v| *v /= s);
    }
    total
}

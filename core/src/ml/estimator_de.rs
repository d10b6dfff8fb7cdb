//! `Deserialize` for [`Estimator`] and [`Fitted`], hand-written through one flat struct each
//! (see `crate::flat_de`: serde's derive for these internally tagged enums buffers into its
//! `Content` tree and compiles every model type a second time).

use serde::{Deserialize, Deserializer};

use super::boost::Boosted;
use super::estimator::{Estimator, Fitted, MaxFeatures};
use super::naive_bayes::GaussianNb;
use super::neighbors::{NeighborWeights, Neighbors};
use super::tree::{Criterion, Tree};
use crate::flat_de::{lists, need, nums, some_map, Bad, MapOnly, NumOrList};

#[derive(Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum Algorithm {
    LogisticRegression,
    DecisionTree,
    RandomForest,
    LinearRegression,
    Ridge,
    Lasso,
    ElasticNet,
    GaussianNb,
    GradientBoosting,
    KNeighbors,
    Lightgbm,
}

/// Every variant's fields; `max_iter` is `u64` here and `u32` in Lasso and ElasticNet.
#[derive(Deserialize)]
#[serde(expecting = "internally tagged enum Estimator")]
struct EstimatorFields {
    algorithm: Algorithm,
    c: Option<f64>,
    max_iter: Option<u64>,
    criterion: Option<Criterion>,
    max_depth: Option<usize>,
    min_samples_split: Option<usize>,
    min_samples_leaf: Option<usize>,
    n_estimators: Option<usize>,
    max_features: Option<MaxFeatures>,
    bootstrap: Option<bool>,
    random_state: Option<u64>,
    fit_intercept: Option<bool>,
    alpha: Option<f64>,
    l1_ratio: Option<f64>,
    var_smoothing: Option<f64>,
    learning_rate: Option<f64>,
    subsample: Option<f64>,
    n_neighbors: Option<usize>,
    weights: Option<NeighborWeights>,
    p: Option<f64>,
    num_leaves: Option<usize>,
    min_child_samples: Option<usize>,
    min_child_weight: Option<f64>,
    min_split_gain: Option<f64>,
    subsample_freq: Option<usize>,
    colsample_bytree: Option<f64>,
    reg_alpha: Option<f64>,
    reg_lambda: Option<f64>,
}

fn max_iter_u32(v: Option<u64>) -> Result<u32, Bad> {
    let v = need(v, "max_iter")?;
    u32::try_from(v).map_err(|_| Bad::Range(v, "u32"))
}

impl EstimatorFields {
    fn build(self) -> Result<Estimator, Bad> {
        let f = self;
        Ok(match f.algorithm {
            Algorithm::LogisticRegression => Estimator::LogisticRegression {
                c: need(f.c, "c")?,
                max_iter: need(f.max_iter, "max_iter")?,
            },
            Algorithm::DecisionTree => Estimator::DecisionTree {
                criterion: need(f.criterion, "criterion")?,
                max_depth: f.max_depth,
                min_samples_split: need(f.min_samples_split, "min_samples_split")?,
                min_samples_leaf: need(f.min_samples_leaf, "min_samples_leaf")?,
            },
            Algorithm::RandomForest => Estimator::RandomForest {
                n_estimators: need(f.n_estimators, "n_estimators")?,
                criterion: need(f.criterion, "criterion")?,
                max_depth: f.max_depth,
                min_samples_split: need(f.min_samples_split, "min_samples_split")?,
                min_samples_leaf: need(f.min_samples_leaf, "min_samples_leaf")?,
                max_features: need(f.max_features, "max_features")?,
                bootstrap: need(f.bootstrap, "bootstrap")?,
                random_state: need(f.random_state, "random_state")?,
            },
            Algorithm::LinearRegression => Estimator::LinearRegression {
                fit_intercept: need(f.fit_intercept, "fit_intercept")?,
            },
            Algorithm::Ridge => Estimator::Ridge {
                alpha: need(f.alpha, "alpha")?,
            },
            Algorithm::Lasso => Estimator::Lasso {
                alpha: need(f.alpha, "alpha")?,
                max_iter: max_iter_u32(f.max_iter)?,
            },
            Algorithm::ElasticNet => Estimator::ElasticNet {
                alpha: need(f.alpha, "alpha")?,
                l1_ratio: need(f.l1_ratio, "l1_ratio")?,
                max_iter: max_iter_u32(f.max_iter)?,
            },
            Algorithm::GaussianNb => Estimator::GaussianNb {
                var_smoothing: need(f.var_smoothing, "var_smoothing")?,
            },
            Algorithm::GradientBoosting => Estimator::GradientBoosting {
                n_estimators: need(f.n_estimators, "n_estimators")?,
                learning_rate: need(f.learning_rate, "learning_rate")?,
                max_depth: f.max_depth,
                min_samples_split: need(f.min_samples_split, "min_samples_split")?,
                min_samples_leaf: need(f.min_samples_leaf, "min_samples_leaf")?,
                subsample: need(f.subsample, "subsample")?,
                max_features: need(f.max_features, "max_features")?,
                random_state: need(f.random_state, "random_state")?,
            },
            Algorithm::KNeighbors => Estimator::KNeighbors {
                n_neighbors: need(f.n_neighbors, "n_neighbors")?,
                weights: need(f.weights, "weights")?,
                p: need(f.p, "p")?,
            },
            Algorithm::Lightgbm => Estimator::Lightgbm {
                n_estimators: need(f.n_estimators, "n_estimators")?,
                learning_rate: need(f.learning_rate, "learning_rate")?,
                num_leaves: need(f.num_leaves, "num_leaves")?,
                max_depth: f.max_depth,
                min_child_samples: need(f.min_child_samples, "min_child_samples")?,
                min_child_weight: need(f.min_child_weight, "min_child_weight")?,
                min_split_gain: need(f.min_split_gain, "min_split_gain")?,
                subsample: need(f.subsample, "subsample")?,
                subsample_freq: need(f.subsample_freq, "subsample_freq")?,
                colsample_bytree: need(f.colsample_bytree, "colsample_bytree")?,
                reg_alpha: need(f.reg_alpha, "reg_alpha")?,
                reg_lambda: need(f.reg_lambda, "reg_lambda")?,
                random_state: need(f.random_state, "random_state")?,
            },
        })
    }
}

impl<'de> Deserialize<'de> for Estimator {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        EstimatorFields::deserialize(MapOnly(d))?
            .build()
            .map_err(Bad::into_error)
    }
}

#[derive(Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum FittedKind {
    Linear,
    Logistic,
    Tree,
    Forest,
    NaiveBayes,
    Boosted,
    Neighbors,
}

/// Every variant's fields. `coef` and `intercept` are numbers for `linear` and lists for
/// `logistic`; `model` holds the fields of the model `kind` names.
#[derive(Deserialize)]
#[serde(expecting = "internally tagged enum Fitted")]
struct FittedFields {
    kind: FittedKind,
    coef: Option<Vec<NumOrList>>,
    intercept: Option<NumOrList>,
    tree: Option<Tree>,
    trees: Option<Vec<Tree>>,
    #[serde(default, deserialize_with = "some_map")]
    model: Option<ModelFields>,
}

/// The fields of [`GaussianNb`], [`Boosted`] and [`Neighbors`].
#[derive(Deserialize)]
#[serde(expecting = "struct GaussianNb, Boosted or Neighbors")]
struct ModelFields {
    theta: Option<Vec<Vec<f64>>>,
    var: Option<Vec<Vec<f64>>>,
    prior: Option<Vec<f64>>,
    init: Option<Vec<f64>>,
    learning_rate: Option<f64>,
    stages: Option<Vec<Vec<Tree>>>,
    x: Option<Vec<Vec<f64>>>,
    y: Option<Vec<f64>>,
    n_neighbors: Option<usize>,
    weights: Option<NeighborWeights>,
    p: Option<f64>,
}

impl FittedFields {
    fn build(self) -> Result<Fitted, Bad> {
        let f = self;
        Ok(match f.kind {
            FittedKind::Linear => Fitted::Linear {
                coef: nums(need(f.coef, "coef")?)?,
                intercept: need(f.intercept, "intercept")?.num()?,
            },
            FittedKind::Logistic => Fitted::Logistic {
                coef: lists(need(f.coef, "coef")?)?,
                intercept: need(f.intercept, "intercept")?.list()?,
            },
            FittedKind::Tree => Fitted::Tree {
                tree: need(f.tree, "tree")?,
            },
            FittedKind::Forest => Fitted::Forest {
                trees: need(f.trees, "trees")?,
            },
            FittedKind::NaiveBayes => {
                let m = need(f.model, "model")?;
                Fitted::NaiveBayes {
                    model: GaussianNb {
                        theta: need(m.theta, "theta")?,
                        var: need(m.var, "var")?,
                        prior: need(m.prior, "prior")?,
                    },
                }
            }
            FittedKind::Boosted => {
                let m = need(f.model, "model")?;
                Fitted::Boosted {
                    model: Boosted {
                        init: need(m.init, "init")?,
                        learning_rate: need(m.learning_rate, "learning_rate")?,
                        stages: need(m.stages, "stages")?,
                    },
                }
            }
            FittedKind::Neighbors => {
                let m = need(f.model, "model")?;
                Fitted::Neighbors {
                    model: Neighbors {
                        x: need(m.x, "x")?,
                        y: need(m.y, "y")?,
                        n_neighbors: need(m.n_neighbors, "n_neighbors")?,
                        weights: need(m.weights, "weights")?,
                        p: need(m.p, "p")?,
                    },
                }
            }
        })
    }
}

impl<'de> Deserialize<'de> for Fitted {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        FittedFields::deserialize(MapOnly(d))?
            .build()
            .map_err(Bad::into_error)
    }
}

//! The algorithms AutoML tries and their search spaces (Lakelab's choices: Databricks does not
//! publish its spaces). Classification: decision tree, random forest, logistic regression
//! (scikit-learn's, as Databricks). Regression: decision tree, random forest and ElasticNet,
//! which stands in for Databricks' `SGDRegressor` (both fit a penalised linear model; the
//! trial's description says so). Both: LightGBM (`ml::lgbm`, Lakelab's LightGBM-style
//! learner; framework `lightgbm`), started at FLAML's low-cost point (4 trees of 4 leaves)
//! and searched locally around its best point so its cost grows step by step. XGBoost has
//! no counterpart: scikit-learn's gradient boosting (`ml::boost`) stands in for it and counts
//! as `sklearn` for `exclude_frameworks`.

use crate::ml::estimator::{Estimator, MaxFeatures, Task};
use crate::ml::tree::Criterion;
use crate::ml::tune::{Dim, Param};

/// One algorithm family: its run name, its search space, its first point and how a point
/// becomes an estimator.
#[derive(Debug, Clone)]
pub struct Family {
    /// The trial run's name (AutoML names runs after the algorithm).
    pub run_name: &'static str,
    pub space: Vec<Param>,
    /// The values of the family's first trial: its cheapest sensible point (few and shallow
    /// trees, default regularisation), as FLAML starts every learner at a low-cost point and
    /// lets the search raise the cost. A random first point can be the costliest corner of the
    /// space (60 deep trees on every feature), which on large data takes the whole budget.
    pub init: Vec<f64>,
    /// The `exclude_frameworks` name that leaves the family out.
    pub framework: &'static str,
    /// Search around the family's best point (FLAML's local search: the cost grows from the
    /// low-cost start a step at a time) instead of random startup points then TPE.
    pub local: bool,
    build: fn(&[f64], u64, Task) -> Estimator,
}

impl Family {
    /// The first trial's point in unit space.
    pub fn init_point(&self) -> Vec<f64> {
        self.space
            .iter()
            .zip(&self.init)
            .map(|(p, v)| p.dim.unit(*v))
            .collect()
    }

    pub fn build(&self, values: &[f64], seed: u64, task: Task) -> Estimator {
        (self.build)(values, seed, task)
    }
}

fn p(name: &str, dim: Dim) -> Param {
    Param {
        name: name.into(),
        dim,
    }
}

fn at(v: &[f64], i: usize) -> f64 {
    v.get(i).copied().unwrap_or(0.0)
}

const MAX_FEATURES: [MaxFeatures; 4] = [
    MaxFeatures::Sqrt,
    MaxFeatures::Fraction(0.5),
    MaxFeatures::Fraction(0.8),
    MaxFeatures::All,
];

fn criterion(v: f64) -> Criterion {
    if v >= 1.0 {
        Criterion::Entropy
    } else {
        Criterion::Gini
    }
}

fn tree_space() -> Vec<Param> {
    vec![
        p(
            "max_depth",
            Dim::Int {
                low: 2,
                high: 12,
                log: false,
            },
        ),
        p(
            "min_samples_split",
            Dim::Int {
                low: 2,
                high: 32,
                log: true,
            },
        ),
        p(
            "min_samples_leaf",
            Dim::Int {
                low: 1,
                high: 16,
                log: true,
            },
        ),
        p("criterion", Dim::Choice { n: 2 }),
    ]
}

fn build_tree(v: &[f64], _: u64, _: Task) -> Estimator {
    Estimator::DecisionTree {
        criterion: criterion(at(v, 3)),
        max_depth: Some(at(v, 0) as usize),
        min_samples_split: at(v, 1) as usize,
        min_samples_leaf: at(v, 2) as usize,
    }
}

fn forest_space() -> Vec<Param> {
    vec![
        p(
            "n_estimators",
            Dim::Int {
                low: 10,
                high: 60,
                log: false,
            },
        ),
        p(
            "max_depth",
            Dim::Int {
                low: 2,
                high: 12,
                log: false,
            },
        ),
        p(
            "min_samples_leaf",
            Dim::Int {
                low: 1,
                high: 16,
                log: true,
            },
        ),
        p(
            "max_features",
            Dim::Choice {
                n: MAX_FEATURES.len(),
            },
        ),
        p("criterion", Dim::Choice { n: 2 }),
    ]
}

fn build_forest(v: &[f64], seed: u64, _: Task) -> Estimator {
    Estimator::RandomForest {
        n_estimators: at(v, 0) as usize,
        criterion: criterion(at(v, 4)),
        max_depth: Some(at(v, 1) as usize),
        min_samples_split: 2,
        min_samples_leaf: at(v, 2) as usize,
        max_features: MAX_FEATURES[(at(v, 3) as usize).min(MAX_FEATURES.len() - 1)],
        bootstrap: true,
        random_state: seed,
    }
}

fn boosting_space() -> Vec<Param> {
    vec![
        p(
            "n_estimators",
            Dim::Int {
                low: 20,
                high: 150,
                log: true,
            },
        ),
        p(
            "learning_rate",
            Dim::LogUniform {
                low: 0.02,
                high: 0.5,
            },
        ),
        p(
            "max_depth",
            Dim::Int {
                low: 2,
                high: 6,
                log: false,
            },
        ),
        p(
            "min_samples_leaf",
            Dim::Int {
                low: 1,
                high: 16,
                log: true,
            },
        ),
        p(
            "subsample",
            Dim::Uniform {
                low: 0.6,
                high: 1.0,
            },
        ),
    ]
}

fn build_boosting(v: &[f64], seed: u64, _: Task) -> Estimator {
    Estimator::GradientBoosting {
        n_estimators: at(v, 0) as usize,
        learning_rate: at(v, 1),
        max_depth: Some(at(v, 2) as usize),
        min_samples_split: 2,
        min_samples_leaf: at(v, 3) as usize,
        subsample: at(v, 4),
        max_features: MaxFeatures::All,
        random_state: seed,
    }
}

fn lightgbm_space() -> Vec<Param> {
    vec![
        p(
            "n_estimators",
            Dim::Int {
                low: 4,
                high: 1000,
                log: true,
            },
        ),
        p(
            "num_leaves",
            Dim::Int {
                low: 4,
                high: 128,
                log: true,
            },
        ),
        p(
            "learning_rate",
            Dim::LogUniform {
                low: 1.0 / 64.0,
                high: 1.0,
            },
        ),
        p(
            "min_child_samples",
            Dim::Int {
                low: 2,
                high: 64,
                log: true,
            },
        ),
        p(
            "colsample_bytree",
            Dim::Uniform {
                low: 0.1,
                high: 1.0,
            },
        ),
        p(
            "reg_lambda",
            Dim::LogUniform {
                low: 1.0 / 1024.0,
                high: 1024.0,
            },
        ),
    ]
}

fn build_lightgbm(v: &[f64], seed: u64, _: Task) -> Estimator {
    Estimator::Lightgbm {
        n_estimators: at(v, 0) as usize,
        learning_rate: at(v, 2),
        num_leaves: at(v, 1) as usize,
        max_depth: None,
        min_child_samples: at(v, 3) as usize,
        min_child_weight: 1e-3,
        min_split_gain: 0.0,
        subsample: 1.0,
        subsample_freq: 0,
        colsample_bytree: at(v, 4),
        reg_alpha: 0.0,
        reg_lambda: at(v, 5),
        random_state: seed,
    }
}

fn build_logistic(v: &[f64], _: u64, _: Task) -> Estimator {
    Estimator::LogisticRegression {
        c: at(v, 0),
        max_iter: 200,
    }
}

fn build_elastic(v: &[f64], _: u64, _: Task) -> Estimator {
    Estimator::ElasticNet {
        alpha: at(v, 0),
        l1_ratio: at(v, 1),
        max_iter: 1000,
    }
}

/// The families searched for a task, in the order trials cycle through them, without those
/// whose framework is not in `frameworks` (`params::Checked::frameworks`).
pub fn families(task: Task, frameworks: &[&str]) -> Vec<Family> {
    let lightgbm = Family {
        run_name: "lightgbm",
        space: lightgbm_space(),
        // n_estimators, num_leaves, learning_rate, min_child_samples, colsample_bytree,
        // reg_lambda: FLAML's low-cost start.
        init: vec![4.0, 4.0, 0.1, 20.0, 1.0, 1.0],
        framework: "lightgbm",
        local: true,
        build: build_lightgbm,
    };
    let tree = Family {
        run_name: "decision_tree",
        space: tree_space(),
        // max_depth, min_samples_split, min_samples_leaf, criterion (gini)
        init: vec![4.0, 2.0, 1.0, 0.0],
        framework: "sklearn",
        local: false,
        build: build_tree,
    };
    let forest = Family {
        run_name: "random_forest",
        space: forest_space(),
        // n_estimators, max_depth, min_samples_leaf, max_features (sqrt), criterion (gini)
        init: vec![10.0, 6.0, 1.0, 0.0, 0.0],
        framework: "sklearn",
        local: false,
        build: build_forest,
    };
    let linear = match task {
        Task::Classification => Family {
            run_name: "logistic_regression",
            space: vec![p(
                "C",
                Dim::LogUniform {
                    low: 1e-3,
                    high: 100.0,
                },
            )],
            init: vec![1.0],
            framework: "sklearn",
            local: false,
            build: build_logistic,
        },
        Task::Regression => Family {
            run_name: "elastic_net",
            space: vec![
                p(
                    "alpha",
                    Dim::LogUniform {
                        low: 1e-4,
                        high: 10.0,
                    },
                ),
                p(
                    "l1_ratio",
                    Dim::Uniform {
                        low: 0.0,
                        high: 1.0,
                    },
                ),
            ],
            // alpha, l1_ratio
            init: vec![0.01, 0.5],
            framework: "sklearn",
            local: false,
            build: build_elastic,
        },
    };
    let boosting = Family {
        run_name: "gradient_boosting",
        space: boosting_space(),
        // n_estimators, learning_rate, max_depth, min_samples_leaf, subsample
        init: vec![20.0, 0.1, 3.0, 1.0, 0.8],
        framework: "sklearn",
        local: false,
        build: build_boosting,
    };
    vec![linear, tree, forest, boosting, lightgbm]
        .into_iter()
        .filter(|f| frameworks.contains(&f.framework))
        .collect()
}

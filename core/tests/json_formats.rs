//! The stored JSON of the enums whose deserializers are hand-written (to keep serde's
//! `Content` buffering out of the wasm): models saved as artifacts, worker messages and the
//! workspace must read and write exactly as the derived code did. Each literal below was
//! produced by the derived `Serialize` before the switch; every variant is pinned, read back
//! from text, bytes and a `serde_json::Value` (whose keys come sorted, so the tag is not
//! first), and bad input must be an error, never a panic.

use std::collections::BTreeMap;
use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

use lakelab_core::automl::forecast::model::SeriesModel;
use lakelab_core::automl::forecast::models::Fitted as ForecastFitted;
use lakelab_core::automl::forecast::{ForecastModel, Frequency, ModelKind};
use lakelab_core::automl::notebook::{Imputation, NotebookPlan};
use lakelab_core::automl::prepare::{Alert, Rebalance};
use lakelab_core::automl::{PrepReport, Progress, Stop, TrialOutcome, WorkerEvent};
use lakelab_core::catalog::lineage::Node as LineageNode;
use lakelab_core::features::lookup::DefaultValue;
use lakelab_core::frame::SplitFrame;
use lakelab_core::ml::boost::Boosted;
use lakelab_core::ml::estimator::{Estimator, Fitted, MaxFeatures, Task};
use lakelab_core::ml::naive_bayes::GaussianNb;
use lakelab_core::ml::neighbors::{NeighborWeights, Neighbors};
use lakelab_core::ml::pipeline::{PipelineModel, TargetTransform};
use lakelab_core::ml::prep::{ColumnPlan, Preprocessor, SemanticType, Step};
use lakelab_core::ml::sk::model::FittedHead;
use lakelab_core::ml::sk::transform::FittedPart;
use lakelab_core::ml::sk::{Fill, FittedTransformer, SkModel};
use lakelab_core::ml::spark_ml::predictor::Cols;
use lakelab_core::ml::spark_ml::{
    Assembler, Imputed, Indexed, OneHot, PredictorModel, Scaled, Stage,
};
use lakelab_core::ml::tree::{Criterion, Node, Tree};
use lakelab_core::models::{LinearModel, Link, SavedModel};
use lakelab_core::tracking::Metric;

/// Serializes to `json` exactly, and reads back equal from text, bytes and a `Value`.
fn pin<T: Serialize + DeserializeOwned + PartialEq + Debug>(value: &T, json: &str) {
    let written = serde_json::to_string(value).expect("serializes");
    if json.is_empty() {
        println!("PIN {written}");
        return;
    }
    assert_eq!(written, json, "written form of {value:?}");
    let from_text: T = serde_json::from_str(json).expect("reads from text");
    assert_eq!(&from_text, value, "read from text: {json}");
    let from_bytes: T = serde_json::from_slice(json.as_bytes()).expect("reads from bytes");
    assert_eq!(&from_bytes, value, "read from bytes: {json}");
    let sorted: Value = serde_json::from_str(json).expect("is JSON");
    let from_value: T = serde_json::from_value(sorted.clone()).expect("reads from a Value");
    assert_eq!(&from_value, value, "read from a Value: {json}");
    // The same keys in sorted order, as text (the tag is then rarely the first key).
    let resorted = serde_json::to_string(&sorted).expect("serializes");
    let from_sorted: T = serde_json::from_str(&resorted).expect("reads sorted keys");
    assert_eq!(&from_sorted, value, "read with sorted keys: {resorted}");
}

/// The error reading `json` as `T` (which must fail), as text.
fn error<T: DeserializeOwned + Debug>(json: &str) -> String {
    let text = serde_json::from_str::<T>(json).expect_err(json).to_string();
    let value: Value = serde_json::from_str(json).expect("is JSON");
    let from_value = serde_json::from_value::<T>(value)
        .expect_err(json)
        .to_string();
    // A `Value` carries no position; the message is otherwise the same.
    assert!(
        text.starts_with(&from_value),
        "text: {text}; value: {from_value}"
    );
    text
}

/// Reads `json` as `T` (which must succeed).
fn read<T: DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).expect(json)
}

fn tree() -> Tree {
    Tree {
        nodes: vec![
            Node::Split {
                feature: 1,
                threshold: 0.5,
                left: 1,
                right: 2,
            },
            Node::Leaf {
                value: vec![0.75, 0.25],
            },
            Node::Leaf {
                value: vec![0.0, 1.0],
            },
        ],
    }
}

fn leaf_tree(v: f64) -> Tree {
    Tree {
        nodes: vec![Node::Leaf { value: vec![v] }],
    }
}

fn estimators() -> Vec<(Estimator, &'static str)> {
    vec![
        (
            Estimator::LogisticRegression {
                c: 1.0,
                max_iter: 100,
            },
            r#"{"algorithm":"logistic_regression","c":1.0,"max_iter":100}"#,
        ),
        (
            Estimator::DecisionTree {
                criterion: Criterion::Gini,
                max_depth: Some(3),
                min_samples_split: 2,
                min_samples_leaf: 1,
            },
            r#"{"algorithm":"decision_tree","criterion":"gini","max_depth":3,"min_samples_split":2,"min_samples_leaf":1}"#,
        ),
        (
            Estimator::DecisionTree {
                criterion: Criterion::Entropy,
                max_depth: None,
                min_samples_split: 4,
                min_samples_leaf: 2,
            },
            r#"{"algorithm":"decision_tree","criterion":"entropy","max_depth":null,"min_samples_split":4,"min_samples_leaf":2}"#,
        ),
        (
            Estimator::RandomForest {
                n_estimators: 10,
                criterion: Criterion::Entropy,
                max_depth: None,
                min_samples_split: 2,
                min_samples_leaf: 1,
                max_features: MaxFeatures::Sqrt,
                bootstrap: true,
                random_state: 7,
            },
            r#"{"algorithm":"random_forest","n_estimators":10,"criterion":"entropy","max_depth":null,"min_samples_split":2,"min_samples_leaf":1,"max_features":"sqrt","bootstrap":true,"random_state":7}"#,
        ),
        (
            Estimator::LinearRegression {
                fit_intercept: false,
            },
            r#"{"algorithm":"linear_regression","fit_intercept":false}"#,
        ),
        (
            Estimator::Ridge { alpha: 0.5 },
            r#"{"algorithm":"ridge","alpha":0.5}"#,
        ),
        (
            Estimator::Lasso {
                alpha: 1.0,
                max_iter: 1000,
            },
            r#"{"algorithm":"lasso","alpha":1.0,"max_iter":1000}"#,
        ),
        (
            Estimator::ElasticNet {
                alpha: 0.1,
                l1_ratio: 0.5,
                max_iter: 500,
            },
            r#"{"algorithm":"elastic_net","alpha":0.1,"l1_ratio":0.5,"max_iter":500}"#,
        ),
        (
            Estimator::GaussianNb {
                var_smoothing: 1e-9,
            },
            r#"{"algorithm":"gaussian_nb","var_smoothing":1e-9}"#,
        ),
        (
            Estimator::GradientBoosting {
                n_estimators: 100,
                learning_rate: 0.1,
                max_depth: Some(3),
                min_samples_split: 2,
                min_samples_leaf: 1,
                subsample: 0.8,
                max_features: MaxFeatures::Fraction(0.5),
                random_state: 42,
            },
            r#"{"algorithm":"gradient_boosting","n_estimators":100,"learning_rate":0.1,"max_depth":3,"min_samples_split":2,"min_samples_leaf":1,"subsample":0.8,"max_features":{"fraction":0.5},"random_state":42}"#,
        ),
        (
            Estimator::GradientBoosting {
                n_estimators: 5,
                learning_rate: 1.0,
                max_depth: None,
                min_samples_split: 3,
                min_samples_leaf: 2,
                subsample: 1.0,
                max_features: MaxFeatures::Count(3),
                random_state: 0,
            },
            r#"{"algorithm":"gradient_boosting","n_estimators":5,"learning_rate":1.0,"max_depth":null,"min_samples_split":3,"min_samples_leaf":2,"subsample":1.0,"max_features":{"count":3},"random_state":0}"#,
        ),
        (
            Estimator::KNeighbors {
                n_neighbors: 5,
                weights: NeighborWeights::Distance,
                p: 2.0,
            },
            r#"{"algorithm":"k_neighbors","n_neighbors":5,"weights":"distance","p":2.0}"#,
        ),
        (
            Estimator::Lightgbm {
                n_estimators: 4,
                learning_rate: 0.1,
                num_leaves: 4,
                max_depth: None,
                min_child_samples: 20,
                min_child_weight: 0.001,
                min_split_gain: 0.0,
                subsample: 1.0,
                subsample_freq: 0,
                colsample_bytree: 1.0,
                reg_alpha: 0.0,
                reg_lambda: 1.0,
                random_state: 7,
            },
            r#"{"algorithm":"lightgbm","n_estimators":4,"learning_rate":0.1,"num_leaves":4,"max_depth":null,"min_child_samples":20,"min_child_weight":0.001,"min_split_gain":0.0,"subsample":1.0,"subsample_freq":0,"colsample_bytree":1.0,"reg_alpha":0.0,"reg_lambda":1.0,"random_state":7}"#,
        ),
    ]
}

fn fitteds() -> Vec<(Fitted, &'static str)> {
    vec![
        (
            Fitted::Linear {
                coef: vec![1.5, -2.0],
                intercept: 0.25,
            },
            r#"{"kind":"linear","coef":[1.5,-2.0],"intercept":0.25}"#,
        ),
        (
            Fitted::Logistic {
                coef: vec![vec![0.5, 1.0], vec![-0.5, 2.0]],
                intercept: vec![-0.1, 0.1],
            },
            r#"{"kind":"logistic","coef":[[0.5,1.0],[-0.5,2.0]],"intercept":[-0.1,0.1]}"#,
        ),
        (
            Fitted::Tree { tree: tree() },
            r#"{"kind":"tree","tree":{"nodes":[{"feature":1,"threshold":0.5,"left":1,"right":2},{"value":[0.75,0.25]},{"value":[0.0,1.0]}]}}"#,
        ),
        (
            Fitted::Forest {
                trees: vec![tree(), leaf_tree(3.5)],
            },
            r#"{"kind":"forest","trees":[{"nodes":[{"feature":1,"threshold":0.5,"left":1,"right":2},{"value":[0.75,0.25]},{"value":[0.0,1.0]}]},{"nodes":[{"value":[3.5]}]}]}"#,
        ),
        (
            Fitted::NaiveBayes {
                model: GaussianNb {
                    theta: vec![vec![1.0, 2.0], vec![3.0, 4.0]],
                    var: vec![vec![0.5, 0.25], vec![1.0, 2.0]],
                    prior: vec![0.4, 0.6],
                },
            },
            r#"{"kind":"naive_bayes","model":{"theta":[[1.0,2.0],[3.0,4.0]],"var":[[0.5,0.25],[1.0,2.0]],"prior":[0.4,0.6]}}"#,
        ),
        (
            Fitted::Boosted {
                model: Boosted {
                    init: vec![0.1],
                    learning_rate: 0.1,
                    stages: vec![vec![leaf_tree(1.0)], vec![tree()]],
                },
            },
            r#"{"kind":"boosted","model":{"init":[0.1],"learning_rate":0.1,"stages":[[{"nodes":[{"value":[1.0]}]}],[{"nodes":[{"feature":1,"threshold":0.5,"left":1,"right":2},{"value":[0.75,0.25]},{"value":[0.0,1.0]}]}]]}}"#,
        ),
        (
            Fitted::Neighbors {
                model: Neighbors {
                    x: vec![vec![1.0, 2.0], vec![3.0, 4.0]],
                    y: vec![0.0, 1.0],
                    n_neighbors: 1,
                    weights: NeighborWeights::Uniform,
                    p: 1.0,
                },
            },
            r#"{"kind":"neighbors","model":{"x":[[1.0,2.0],[3.0,4.0]],"y":[0.0,1.0],"n_neighbors":1,"weights":"uniform","p":1.0}}"#,
        ),
    ]
}

fn fitted_transformers() -> Vec<(FittedTransformer, &'static str)> {
    let scaler = FittedTransformer::Scaler {
        columns: vec![("a".into(), 1.5, 0.5), ("b".into(), 0.0, 2.0)],
    };
    vec![
        (
            FittedTransformer::Imputer {
                fills: vec![
                    ("a".into(), Fill::Num(2.5)),
                    ("b".into(), Fill::Text("missing_value".into())),
                ],
            },
            r#"{"kind":"imputer","fills":[["a",2.5],["b","missing_value"]]}"#,
        ),
        (
            scaler.clone(),
            r#"{"kind":"scaler","columns":[["a",1.5,0.5],["b",0.0,2.0]]}"#,
        ),
        (
            FittedTransformer::Scaler { columns: vec![] },
            r#"{"kind":"scaler","columns":[]}"#,
        ),
        (
            FittedTransformer::OneHot {
                columns: vec![("c".into(), vec!["x".into(), "y".into()])],
                ignore_unknown: true,
            },
            r#"{"kind":"one_hot","columns":[["c",["x","y"]]],"ignore_unknown":true}"#,
        ),
        (
            FittedTransformer::OneHot {
                columns: vec![],
                ignore_unknown: false,
            },
            r#"{"kind":"one_hot","columns":[],"ignore_unknown":false}"#,
        ),
        (
            FittedTransformer::Columns {
                parts: vec![
                    (
                        "num".into(),
                        FittedPart::Apply {
                            transformer: Box::new(scaler.clone()),
                        },
                        vec!["a".into(), "b".into()],
                    ),
                    ("cat".into(), FittedPart::Drop, vec!["c".into()]),
                    ("ids".into(), FittedPart::Passthrough, vec!["d".into()]),
                ],
                remainder: vec!["e".into()],
            },
            r#"{"kind":"columns","parts":[["num",{"kind":"apply","transformer":{"kind":"scaler","columns":[["a",1.5,0.5],["b",0.0,2.0]]}},["a","b"]],["cat",{"kind":"drop"},["c"]],["ids",{"kind":"passthrough"},["d"]]],"remainder":["e"]}"#,
        ),
        (
            FittedTransformer::Chain {
                steps: vec![
                    (
                        "impute".into(),
                        FittedTransformer::Imputer {
                            fills: vec![("a".into(), Fill::Num(0.0))],
                        },
                    ),
                    ("scale".into(), scaler),
                ],
            },
            r#"{"kind":"chain","steps":[["impute",{"kind":"imputer","fills":[["a",0.0]]}],["scale",{"kind":"scaler","columns":[["a",1.5,0.5],["b",0.0,2.0]]}]]}"#,
        ),
    ]
}

fn steps() -> Vec<(Step, &'static str)> {
    vec![
        (
            Step::Numeric {
                column: "age".into(),
                fill: 40.0,
                mean: 41.5,
                scale: 12.25,
            },
            r#"{"kind":"numeric","column":"age","fill":40.0,"mean":41.5,"scale":12.25}"#,
        ),
        (
            Step::OneHot {
                column: "plan".into(),
                fill: "basic".into(),
                categories: vec!["basic".into(), "pro".into()],
            },
            r#"{"kind":"one_hot","column":"plan","fill":"basic","categories":["basic","pro"]}"#,
        ),
    ]
}

fn links() -> Vec<(Link, &'static str)> {
    vec![
        (Link::Identity, r#"{"kind":"identity"}"#),
        (
            Link::Logistic {
                negative: json!("no"),
                positive: json!("yes"),
            },
            r#"{"kind":"logistic","negative":"no","positive":"yes"}"#,
        ),
        (
            Link::Logistic {
                negative: Value::Null,
                positive: json!(1),
            },
            r#"{"kind":"logistic","negative":null,"positive":1}"#,
        ),
    ]
}

fn cols() -> Cols {
    Cols {
        features: "features".into(),
        label: "label".into(),
        prediction: "prediction".into(),
        probability: Some("probability".into()),
        raw_prediction: None,
    }
}

fn predictor() -> PredictorModel {
    PredictorModel {
        estimator: "LogisticRegression".into(),
        task: Task::Classification,
        cols: cols(),
        num_features: 2,
        num_classes: 2,
        fitted: Fitted::Logistic {
            coef: vec![vec![0.5, -0.5]],
            intercept: vec![0.1],
        },
        feature_importances: vec![],
        summary: vec![("areaUnderROC".into(), 0.9)],
        threshold: Some(0.5),
    }
}

fn stages() -> Vec<(Stage, &'static str)> {
    let assembler = Stage::VectorAssembler(Assembler {
        input_cols: vec!["a".into(), "b".into()],
        output_col: "features".into(),
        handle_invalid: "error".into(),
    });
    vec![
        (
            assembler.clone(),
            r#"{"stage":"vector_assembler","input_cols":["a","b"],"output_col":"features","handle_invalid":"error"}"#,
        ),
        (
            Stage::StringIndexerModel(Indexed {
                input_cols: vec!["plan".into()],
                output_cols: vec!["plan_ix".into()],
                labels: vec![vec!["pro".into(), "basic".into()]],
                handle_invalid: "keep".into(),
            }),
            r#"{"stage":"string_indexer_model","input_cols":["plan"],"output_cols":["plan_ix"],"labels":[["pro","basic"]],"handle_invalid":"keep"}"#,
        ),
        (
            Stage::OneHotEncoderModel(OneHot {
                input_cols: vec!["plan_ix".into()],
                output_cols: vec!["plan_vec".into()],
                sizes: vec![2],
                drop_last: true,
                handle_invalid: "error".into(),
            }),
            r#"{"stage":"one_hot_encoder_model","input_cols":["plan_ix"],"output_cols":["plan_vec"],"sizes":[2],"drop_last":true,"handle_invalid":"error"}"#,
        ),
        (
            Stage::ImputerModel(Imputed {
                input_cols: vec!["age".into()],
                output_cols: vec!["age_i".into()],
                surrogates: vec![41.0],
                missing_value: None,
            }),
            r#"{"stage":"imputer_model","input_cols":["age"],"output_cols":["age_i"],"surrogates":[41.0],"missing_value":null}"#,
        ),
        (
            Stage::ImputerModel(Imputed {
                input_cols: vec!["age".into()],
                output_cols: vec!["age_i".into()],
                surrogates: vec![41.0],
                missing_value: Some(-1.0),
            }),
            r#"{"stage":"imputer_model","input_cols":["age"],"output_cols":["age_i"],"surrogates":[41.0],"missing_value":-1.0}"#,
        ),
        (
            Stage::StandardScalerModel(Scaled {
                input_col: "features".into(),
                output_col: "scaled".into(),
                mean: vec![1.0, 2.0],
                std: vec![0.5, 0.25],
                with_mean: false,
                with_std: true,
            }),
            r#"{"stage":"standard_scaler_model","input_col":"features","output_col":"scaled","mean":[1.0,2.0],"std":[0.5,0.25],"with_mean":false,"with_std":true}"#,
        ),
        (
            Stage::Predictor(Box::new(predictor())),
            r#"{"stage":"predictor","estimator":"LogisticRegression","task":"classification","cols":{"features":"features","label":"label","prediction":"prediction","probability":"probability","raw_prediction":null},"num_features":2,"num_classes":2,"fitted":{"kind":"logistic","coef":[[0.5,-0.5]],"intercept":[0.1]},"feature_importances":[],"summary":[["areaUnderROC",0.9]],"threshold":0.5}"#,
        ),
        (
            Stage::PipelineModel {
                stages: vec![assembler, Stage::Predictor(Box::new(predictor()))],
            },
            r#"{"stage":"pipeline_model","stages":[{"stage":"vector_assembler","input_cols":["a","b"],"output_col":"features","handle_invalid":"error"},{"stage":"predictor","estimator":"LogisticRegression","task":"classification","cols":{"features":"features","label":"label","prediction":"prediction","probability":"probability","raw_prediction":null},"num_features":2,"num_classes":2,"fitted":{"kind":"logistic","coef":[[0.5,-0.5]],"intercept":[0.1]},"feature_importances":[],"summary":[["areaUnderROC",0.9]],"threshold":0.5}]}"#,
        ),
        (
            Stage::PipelineModel { stages: vec![] },
            r#"{"stage":"pipeline_model","stages":[]}"#,
        ),
    ]
}

fn pipeline_model() -> PipelineModel {
    PipelineModel {
        task: Task::Classification,
        estimator: Estimator::LogisticRegression {
            c: 0.5,
            max_iter: 200,
        },
        preprocessor: Preprocessor {
            steps: steps().into_iter().map(|(s, _)| s).collect(),
        },
        fitted: Fitted::Logistic {
            coef: vec![vec![0.25, -1.0, 2.0]],
            intercept: vec![0.5],
        },
        classes: vec![json!("no"), json!("yes")],
        target_transform: None,
    }
}

fn saved_models() -> Vec<(SavedModel, &'static str)> {
    vec![
        (
            SavedModel::Linear(LinearModel {
                features: vec!["x".into(), "y".into()],
                coefficients: vec![2.0, -1.0],
                intercept: 0.5,
                link: Link::Logistic {
                    negative: json!(0),
                    positive: json!(1),
                },
            }),
            r#"{"model_type":"linear","features":["x","y"],"coefficients":[2.0,-1.0],"intercept":0.5,"link":{"kind":"logistic","negative":0,"positive":1}}"#,
        ),
        (
            SavedModel::Pipeline(Box::new(pipeline_model())),
            r#"{"model_type":"pipeline","task":"classification","estimator":{"algorithm":"logistic_regression","c":0.5,"max_iter":200},"preprocessor":{"steps":[{"kind":"numeric","column":"age","fill":40.0,"mean":41.5,"scale":12.25},{"kind":"one_hot","column":"plan","fill":"basic","categories":["basic","pro"]}]},"fitted":{"kind":"logistic","coef":[[0.25,-1.0,2.0]],"intercept":[0.5]},"classes":["no","yes"]}"#,
        ),
        (
            SavedModel::Pipeline(Box::new(PipelineModel {
                task: Task::Regression,
                estimator: Estimator::Ridge { alpha: 1.0 },
                preprocessor: Preprocessor { steps: vec![] },
                fitted: Fitted::Linear {
                    coef: vec![],
                    intercept: 3.0,
                },
                classes: vec![],
                target_transform: Some(TargetTransform::Log1p),
            })),
            r#"{"model_type":"pipeline","task":"regression","estimator":{"algorithm":"ridge","alpha":1.0},"preprocessor":{"steps":[]},"fitted":{"kind":"linear","coef":[],"intercept":3.0},"classes":[],"target_transform":"log1p"}"#,
        ),
        (
            SavedModel::Sklearn(Box::new(SkModel {
                input_columns: vec!["a".into(), "b".into()],
                steps: vec!["scale".into(), "model".into()],
                transform: Some(FittedTransformer::Scaler {
                    columns: vec![("a".into(), 1.0, 2.0), ("b".into(), 0.0, 1.0)],
                }),
                head: Some(FittedHead {
                    estimator: Estimator::DecisionTree {
                        criterion: Criterion::Gini,
                        max_depth: None,
                        min_samples_split: 2,
                        min_samples_leaf: 1,
                    },
                    task: Task::Classification,
                    fitted: Fitted::Tree { tree: tree() },
                    classes: vec![json!(0), json!(1)],
                    features: vec!["a".into(), "b".into()],
                }),
            })),
            r#"{"model_type":"sklearn","input_columns":["a","b"],"steps":["scale","model"],"transform":{"kind":"scaler","columns":[["a",1.0,2.0],["b",0.0,1.0]]},"head":{"estimator":{"algorithm":"decision_tree","criterion":"gini","max_depth":null,"min_samples_split":2,"min_samples_leaf":1},"task":"classification","fitted":{"kind":"tree","tree":{"nodes":[{"feature":1,"threshold":0.5,"left":1,"right":2},{"value":[0.75,0.25]},{"value":[0.0,1.0]}]}},"classes":[0,1],"features":["a","b"]}}"#,
        ),
        (
            SavedModel::Sklearn(Box::new(SkModel {
                input_columns: vec!["a".into()],
                steps: vec![],
                transform: None,
                head: None,
            })),
            r#"{"model_type":"sklearn","input_columns":["a"],"steps":[]}"#,
        ),
        (
            SavedModel::Spark(Box::new(Stage::Predictor(Box::new(predictor())))),
            r#"{"model_type":"spark","stage":"predictor","estimator":"LogisticRegression","task":"classification","cols":{"features":"features","label":"label","prediction":"prediction","probability":"probability","raw_prediction":null},"num_features":2,"num_classes":2,"fitted":{"kind":"logistic","coef":[[0.5,-0.5]],"intercept":[0.1]},"feature_importances":[],"summary":[["areaUnderROC",0.9]],"threshold":0.5}"#,
        ),
        (
            SavedModel::Spark(Box::new(Stage::PipelineModel {
                stages: vec![Stage::StandardScalerModel(Scaled {
                    input_col: "f".into(),
                    output_col: "s".into(),
                    mean: vec![0.0],
                    std: vec![1.0],
                    with_mean: true,
                    with_std: true,
                })],
            })),
            r#"{"model_type":"spark","stage":"pipeline_model","stages":[{"stage":"standard_scaler_model","input_col":"f","output_col":"s","mean":[0.0],"std":[1.0],"with_mean":true,"with_std":true}]}"#,
        ),
        (
            SavedModel::Forecast(Box::new(ForecastModel {
                kind: ModelKind::SeasonalTrend,
                time_col: "ds".into(),
                identity_cols: vec!["store".into()],
                frequency: Frequency::Day,
                horizon: 7,
                time_is_date: true,
                series: vec![SeriesModel {
                    key: vec!["1".into()],
                    key_values: vec![json!(1)],
                    start_ms: 1_700_000_000_000,
                    fitted: ForecastFitted {
                        kind: ModelKind::SeasonalTrend,
                        m: 7,
                        history: vec![1.0, 2.0, 3.0],
                        intercept: 1.0,
                        slope: 0.5,
                        seasonal: vec![0.1, -0.1],
                        sigma: 0.3,
                    },
                }],
            })),
            r#"{"model_type":"forecast","kind":"seasonal_trend","time_col":"ds","identity_cols":["store"],"frequency":"day","horizon":7,"time_is_date":true,"series":[{"key":["1"],"key_values":[1],"start_ms":1700000000000,"fitted":{"kind":"seasonal_trend","m":7,"history":[1.0,2.0,3.0],"intercept":1.0,"slope":0.5,"seasonal":[0.1,-0.1],"sigma":0.3}}]}"#,
        ),
    ]
}

fn progress() -> Progress {
    Progress {
        trials_done: 3,
        best_score: Some(0.875),
        elapsed_ms: 1200,
        timeout_ms: 60_000,
    }
}

fn prep_report() -> PrepReport {
    PrepReport {
        task: Task::Classification,
        target_col: "churned".into(),
        metric: "f1".into(),
        plans: vec![ColumnPlan {
            name: "age".into(),
            dtype: "double".into(),
            semantic: SemanticType::Numeric,
            conversion: None,
            dropped: Some("constant".into()),
        }],
        alerts: vec![Alert {
            kind: "high_cardinality".into(),
            message: "notes has many values".into(),
        }],
        semantic_type_conversions: BTreeMap::from([("date".into(), vec!["signup".into()])]),
        rebalance: Some(Rebalance {
            classes: vec![(json!("no"), 100, 50, 2.0)],
        }),
        split_sizes: (60, 20, 20),
        input_example: SplitFrame {
            columns: vec!["age".into()],
            data: vec![vec![json!(30)], vec![Value::Null]],
        },
        timeout_ms: 300_000,
        notebook: NotebookPlan {
            numeric: vec![Imputation {
                column: "age".into(),
                strategy: "mean".into(),
                fill_value: None,
                distinct: 40,
            }],
            categorical: vec![],
            pos_label: Some("yes".into()),
            n_classes: 2,
            weighted: false,
            log_target: false,
        },
        training_data: "automl/training_data.csv".into(),
    }
}

fn trial_outcome(model: Option<PipelineModel>) -> TrialOutcome {
    TrialOutcome {
        run_name: "logistic_regression_1".into(),
        estimator: "LogisticRegression".into(),
        model_description: "LogisticRegression(C=0.5)".into(),
        params: BTreeMap::from([("C".into(), "0.5".into())]),
        metrics: vec![("val_f1_score".into(), 0.8)],
        error: if model.is_none() {
            Some("it failed".into())
        } else {
            None
        },
        model,
        preprocessors: vec!["StandardScaler".into()],
        figures: vec![("roc.svg".into(), "<svg/>".into())],
        started_ms: 10,
        ended_ms: 20,
    }
}

fn worker_events() -> Vec<(WorkerEvent, &'static str)> {
    vec![
        (WorkerEvent::Ready, r#"{"type":"ready"}"#),
        (
            WorkerEvent::Started {
                report: Box::new(prep_report()),
            },
            r#"{"type":"started","report":{"task":"classification","target_col":"churned","metric":"f1","plans":[{"name":"age","dtype":"double","semantic":"numeric","conversion":null,"dropped":"constant"}],"alerts":[{"kind":"high_cardinality","message":"notes has many values"}],"semantic_type_conversions":{"date":["signup"]},"rebalance":{"classes":[["no",100,50,2.0]]},"split_sizes":[60,20,20],"input_example":{"columns":["age"],"data":[[30],[null]]},"timeout_ms":300000,"notebook":{"numeric":[{"column":"age","strategy":"mean","fill_value":null,"distinct":40}],"categorical":[],"pos_label":"yes","n_classes":2,"weighted":false,"log_target":false},"training_data":"automl/training_data.csv"}}"#,
        ),
        (
            WorkerEvent::Trial {
                outcome: Box::new(trial_outcome(Some(pipeline_model()))),
                progress: progress(),
            },
            r#"{"type":"trial","outcome":{"run_name":"logistic_regression_1","estimator":"LogisticRegression","model_description":"LogisticRegression(C=0.5)","params":{"C":"0.5"},"metrics":[["val_f1_score",0.8]],"model":{"task":"classification","estimator":{"algorithm":"logistic_regression","c":0.5,"max_iter":200},"preprocessor":{"steps":[{"kind":"numeric","column":"age","fill":40.0,"mean":41.5,"scale":12.25},{"kind":"one_hot","column":"plan","fill":"basic","categories":["basic","pro"]}]},"fitted":{"kind":"logistic","coef":[[0.25,-1.0,2.0]],"intercept":[0.5]},"classes":["no","yes"]},"error":null,"preprocessors":["StandardScaler"],"figures":[["roc.svg","<svg/>"]],"started_ms":10,"ended_ms":20},"progress":{"trials_done":3,"best_score":0.875,"elapsed_ms":1200,"timeout_ms":60000}}"#,
        ),
        (
            WorkerEvent::Trial {
                outcome: Box::new(trial_outcome(None)),
                progress: Progress {
                    best_score: None,
                    ..progress()
                },
            },
            r#"{"type":"trial","outcome":{"run_name":"logistic_regression_1","estimator":"LogisticRegression","model_description":"LogisticRegression(C=0.5)","params":{"C":"0.5"},"metrics":[["val_f1_score",0.8]],"model":null,"error":"it failed","preprocessors":["StandardScaler"],"figures":[["roc.svg","<svg/>"]],"started_ms":10,"ended_ms":20},"progress":{"trials_done":3,"best_score":null,"elapsed_ms":1200,"timeout_ms":60000}}"#,
        ),
        (
            WorkerEvent::Done {
                stop: Stop::EarlyStopped,
                progress: progress(),
            },
            r#"{"type":"done","stop":"early_stopped","progress":{"trials_done":3,"best_score":0.875,"elapsed_ms":1200,"timeout_ms":60000}}"#,
        ),
        (
            WorkerEvent::Failed {
                message: "bad AutoML job".into(),
            },
            r#"{"type":"failed","message":"bad AutoML job"}"#,
        ),
    ]
}

fn nodes() -> Vec<(Node, &'static str)> {
    let lits = [
        r#"{"feature":1,"threshold":0.5,"left":1,"right":2}"#,
        r#"{"value":[0.75,0.25]}"#,
        r#"{"value":[0.0,1.0]}"#,
    ];
    tree().nodes.into_iter().zip(lits).collect()
}

fn fills() -> Vec<(Fill, &'static str)> {
    vec![
        (Fill::Num(1.5), r#"1.5"#),
        (Fill::Num(-3.0), r#"-3.0"#),
        (Fill::Text("none".into()), r#""none""#),
    ]
}

fn default_values() -> Vec<(DefaultValue, &'static str)> {
    vec![
        (DefaultValue::Bool(true), r#"true"#),
        (DefaultValue::Int(-4), r#"-4"#),
        (DefaultValue::Float(2.5), r#"2.5"#),
        (DefaultValue::Str("x".into()), r#""x""#),
    ]
}

fn lineage_nodes() -> Vec<(LineageNode, &'static str)> {
    vec![
        (
            LineageNode::Table("main.ml.customers".into()),
            r#"{"kind":"table","id":"main.ml.customers"}"#,
        ),
        (
            LineageNode::Run("abc123".into()),
            r#"{"kind":"run","id":"abc123"}"#,
        ),
        (
            LineageNode::ModelVersion("main.ml.m".into(), 2),
            r#"{"kind":"model_version","id":["main.ml.m",2]}"#,
        ),
        (
            LineageNode::Endpoint("churn".into()),
            r#"{"kind":"endpoint","id":"churn"}"#,
        ),
    ]
}

fn pin_all<T: Serialize + DeserializeOwned + PartialEq + Debug>(cases: Vec<(T, &str)>) {
    for (value, json) in &cases {
        pin(value, json);
    }
}

#[test]
fn estimators_keep_their_json() {
    pin_all(estimators());
}

#[test]
fn fitted_models_keep_their_json() {
    pin_all(fitteds());
}

#[test]
fn fitted_transformers_keep_their_json() {
    pin_all(fitted_transformers());
}

#[test]
fn preprocessor_steps_keep_their_json() {
    pin_all(steps());
}

#[test]
fn links_keep_their_json() {
    pin_all(links());
}

#[test]
fn spark_stages_keep_their_json() {
    pin_all(stages());
}

#[test]
fn saved_models_keep_their_json() {
    pin_all(saved_models());
}

#[test]
fn worker_events_keep_their_json() {
    pin_all(worker_events());
}

#[test]
fn tree_nodes_keep_their_json() {
    pin_all(nodes());
}

#[test]
fn fills_keep_their_json() {
    pin_all(fills());
}

#[test]
fn default_values_keep_their_json() {
    pin_all(default_values());
}

#[test]
fn lineage_nodes_keep_their_json() {
    pin_all(lineage_nodes());
}

/// `error` starts with `prefix`.
fn fails_with<T: DeserializeOwned + Debug>(json: &str, prefix: &str) {
    let e = error::<T>(json);
    assert!(
        e.starts_with(prefix),
        "{json}: got '{e}', want '{prefix}...'"
    );
}

#[test]
fn unknown_tags_are_errors() {
    fails_with::<Estimator>(
        r#"{"algorithm":"svm","c":1.0}"#,
        "unknown variant `svm`, expected one of `logistic_regression`, `decision_tree`,",
    );
    fails_with::<Fitted>(
        r#"{"kind":"svm"}"#,
        "unknown variant `svm`, expected one of `linear`, `logistic`, `tree`, `forest`, `naive_bayes`, `boosted`, `neighbors`",
    );
    fails_with::<FittedTransformer>(
        r#"{"kind":"nope"}"#,
        "unknown variant `nope`, expected one of `imputer`, `scaler`, `one_hot`, `columns`, `chain`",
    );
    fails_with::<FittedTransformer>(
        r#"{"kind":"columns","parts":[["a",{"kind":"zap"},[]]],"remainder":[]}"#,
        "unknown variant `zap`, expected one of `drop`, `passthrough`, `apply`",
    );
    fails_with::<Step>(
        r#"{"kind":"date","column":"a"}"#,
        "unknown variant `date`, expected `numeric` or `one_hot`",
    );
    fails_with::<Link>(
        r#"{"kind":"probit"}"#,
        "unknown variant `probit`, expected `identity` or `logistic`",
    );
    fails_with::<Stage>(
        r#"{"stage":"nope"}"#,
        "unknown variant `nope`, expected one of `vector_assembler`, `string_indexer_model`,",
    );
    fails_with::<SavedModel>(
        r#"{"model_type":"nope"}"#,
        "unknown variant `nope`, expected one of `linear`, `pipeline`, `sklearn`, `spark`, `forecast`",
    );
    fails_with::<SavedModel>(
        r#"{"features":[],"model_type":"nope"}"#,
        "unknown variant `nope`, expected one of `linear`, `pipeline`, `sklearn`, `spark`, `forecast`",
    );
    fails_with::<SavedModel>(
        r#"{"model_type":"spark","stage":"nope"}"#,
        "unknown variant `nope`, expected one of `vector_assembler`,",
    );
    fails_with::<WorkerEvent>(
        r#"{"type":"nope"}"#,
        "unknown variant `nope`, expected one of `ready`, `started`, `trial`, `done`, `failed`",
    );
    // A tag that is not a string.
    fails_with::<Estimator>(
        r#"{"algorithm":7}"#,
        "invalid type: integer `7`, expected variant identifier",
    );
    fails_with::<SavedModel>(
        r#"{"model_type":null}"#,
        "invalid type: null, expected variant identifier",
    );
}

#[test]
fn missing_tags_and_fields_are_errors() {
    fails_with::<Estimator>(r#"{"c":1.0}"#, "missing field `algorithm`");
    fails_with::<Estimator>(r#"{}"#, "missing field `algorithm`");
    fails_with::<Estimator>(r#"{"algorithm":"ridge"}"#, "missing field `alpha`");
    fails_with::<Estimator>(
        r#"{"algorithm":"random_forest","n_estimators":10,"criterion":"gini","min_samples_split":2,"min_samples_leaf":1,"max_features":"sqrt","bootstrap":true}"#,
        "missing field `random_state`",
    );
    fails_with::<Fitted>(r#"{"kind":"tree"}"#, "missing field `tree`");
    fails_with::<Fitted>(
        r#"{"kind":"linear","coef":[1.0]}"#,
        "missing field `intercept`",
    );
    fails_with::<Fitted>(r#"{"kind":"boosted"}"#, "missing field `model`");
    fails_with::<Fitted>(
        r#"{"kind":"neighbors","model":{"x":[[1.0]],"y":[1.0],"n_neighbors":1,"p":2.0}}"#,
        "missing field `weights`",
    );
    fails_with::<Fitted>(
        r#"{"kind":"naive_bayes","model":{"theta":[],"var":[]}}"#,
        "missing field `prior`",
    );
    fails_with::<FittedTransformer>(r#"{"kind":"scaler"}"#, "missing field `columns`");
    fails_with::<FittedTransformer>(
        r#"{"kind":"one_hot","columns":[]}"#,
        "missing field `ignore_unknown`",
    );
    fails_with::<FittedTransformer>(
        r#"{"kind":"columns","parts":[["a",{"kind":"apply"},[]]],"remainder":[]}"#,
        "missing field `transformer`",
    );
    fails_with::<Step>(
        r#"{"kind":"numeric","column":"a","fill":0,"mean":0}"#,
        "missing field `scale`",
    );
    fails_with::<Link>(
        r#"{"kind":"logistic","negative":1}"#,
        "missing field `positive`",
    );
    fails_with::<Link>(
        r#"{"kind":"logistic","positive":1}"#,
        "missing field `negative`",
    );
    fails_with::<Stage>(
        r#"{"stage":"vector_assembler"}"#,
        "missing field `input_cols`",
    );
    fails_with::<Stage>(r#"{"stage":"pipeline_model"}"#, "missing field `stages`");
    fails_with::<Stage>(
        r#"{"stage":"predictor","estimator":"X"}"#,
        "missing field `task`",
    );
    fails_with::<Stage>(r#"{"stages":[]}"#, "missing field `stage`");
    fails_with::<SavedModel>(r#"{}"#, "missing field `model_type`");
    fails_with::<SavedModel>(r#"{"features":[]}"#, "missing field `model_type`");
    fails_with::<SavedModel>(r#"{"model_type":"linear"}"#, "missing field `features`");
    fails_with::<SavedModel>(
        r#"{"features":[],"model_type":"linear"}"#,
        "missing field `coefficients`",
    );
    fails_with::<SavedModel>(r#"{"model_type":"spark"}"#, "missing field `stage`");
    fails_with::<WorkerEvent>(r#"{"type":"failed"}"#, "missing field `message`");
    fails_with::<WorkerEvent>(
        r#"{"type":"done","stop":"budget"}"#,
        "missing field `progress`",
    );
    fails_with::<Node>(
        r#"{"feature":1,"threshold":0.5,"left":1}"#,
        "data did not match any variant of untagged enum Node",
    );
    fails_with::<Node>(
        r#"{}"#,
        "data did not match any variant of untagged enum Node",
    );
}

#[test]
fn wrong_types_are_errors() {
    for not_a_map in ["null", "3", r#""ridge""#, "[]", r#"["ridge",1.0]"#] {
        error::<Estimator>(not_a_map);
        error::<Fitted>(not_a_map);
        error::<FittedTransformer>(not_a_map);
        error::<Step>(not_a_map);
        error::<Link>(not_a_map);
        error::<Stage>(not_a_map);
        error::<SavedModel>(not_a_map);
        error::<WorkerEvent>(not_a_map);
        error::<Node>(not_a_map);
    }
    fails_with::<Estimator>(
        r#"{"algorithm":"ridge","alpha":"x"}"#,
        r#"invalid type: string "x", expected f64"#,
    );
    fails_with::<Estimator>(
        r#"{"algorithm":"lasso","alpha":1,"max_iter":5000000000}"#,
        "invalid value: integer `5000000000`, expected u32",
    );
    fails_with::<Fitted>(
        r#"{"kind":"linear","coef":[[1.0]],"intercept":0.0}"#,
        "invalid type: sequence, expected f64",
    );
    fails_with::<Fitted>(
        r#"{"kind":"logistic","coef":[[1.0]],"intercept":0.5}"#,
        "invalid type: floating point `0.5`, expected a sequence",
    );
    fails_with::<FittedTransformer>(
        r#"{"kind":"scaler","columns":[["a",["x"]]]}"#,
        "invalid type: sequence, expected f64",
    );
    fails_with::<FittedTransformer>(
        r#"{"kind":"one_hot","columns":[["a",1.0,2.0]],"ignore_unknown":true}"#,
        "invalid type: floating point `1.0`, expected a sequence",
    );
    error::<FittedTransformer>(r#"{"kind":"scaler","columns":[["a",1.0]]}"#);
    error::<FittedTransformer>(r#"{"kind":"scaler","columns":[["a",1,2,3]]}"#);
    error::<FittedTransformer>(r#"{"kind":"scaler","columns":[[]]}"#);
    error::<FittedTransformer>(r#"{"kind":"imputer","fills":[["a",true]]}"#);
    fails_with::<Step>(
        r#"{"kind":"one_hot","column":"a","fill":1.0,"categories":[]}"#,
        "invalid type: floating point `1.0`, expected a string",
    );
    error::<Step>(r#"{"kind":"numeric","column":"a","fill":"x","mean":1,"scale":1}"#);
    error::<Node>(r#"{"value":"a"}"#);
    for bad in ["true", "null", "[1]", "{}"] {
        error::<Fill>(bad);
    }
}

#[test]
fn unknown_fields_are_ignored() {
    assert_eq!(
        read::<Estimator>(r#"{"algorithm":"ridge","alpha":0.5,"extra":[1,{"a":null}]}"#),
        Estimator::Ridge { alpha: 0.5 }
    );
    // Another variant's field, with that field's type.
    assert_eq!(
        read::<Estimator>(r#"{"c":2.0,"algorithm":"ridge","alpha":0.5}"#),
        Estimator::Ridge { alpha: 0.5 }
    );
    assert_eq!(
        read::<Fitted>(r#"{"kind":"linear","coef":[1],"intercept":2,"x":1}"#),
        Fitted::Linear {
            coef: vec![1.0],
            intercept: 2.0
        }
    );
    assert_eq!(
        read::<Node>(r#"{"feature":1,"threshold":0.5,"left":1,"right":2,"value":[1.0]}"#),
        Node::Split {
            feature: 1,
            threshold: 0.5,
            left: 1,
            right: 2
        }
    );
    assert_eq!(
        read::<FittedTransformer>(r#"{"kind":"chain","steps":[],"note":"x"}"#),
        FittedTransformer::Chain { steps: vec![] }
    );
    assert_eq!(
        read::<Link>(r#"{"kind":"identity","negative":1,"z":2}"#),
        Link::Identity
    );
    assert_eq!(
        read::<WorkerEvent>(r#"{"type":"ready","x":1}"#),
        WorkerEvent::Ready
    );
    assert_eq!(
        read::<Stage>(r#"{"stage":"pipeline_model","stages":[],"uid":"PipelineModel_1"}"#),
        Stage::PipelineModel { stages: vec![] }
    );
    let (linear, json) = saved_models().swap_remove(0);
    let mut extra: Value = serde_json::from_str(json).expect("JSON");
    extra["mlflow_version"] = json!("2.0");
    assert_eq!(read::<SavedModel>(&extra.to_string()), linear);
    let later = format!(r#"{{"a":1,{}"#, &json[1..]);
    assert_eq!(read::<SavedModel>(&later), linear);
}

#[test]
fn optional_fields_may_be_missing() {
    assert_eq!(
        read::<Estimator>(
            r#"{"algorithm":"decision_tree","criterion":"gini","min_samples_split":2,"min_samples_leaf":1}"#
        ),
        Estimator::DecisionTree {
            criterion: Criterion::Gini,
            max_depth: None,
            min_samples_split: 2,
            min_samples_leaf: 1
        }
    );
    assert_eq!(
        read::<Stage>(
            r#"{"stage":"imputer_model","input_cols":["a"],"output_cols":["b"],"surrogates":[1.0]}"#
        ),
        Stage::ImputerModel(Imputed {
            input_cols: vec!["a".into()],
            output_cols: vec!["b".into()],
            surrogates: vec![1.0],
            missing_value: None,
        })
    );
    let predictor = read::<Stage>(
        r#"{"stage":"predictor","estimator":"LinearRegression","task":"regression","cols":{"features":"f","label":"y","prediction":"p","probability":null,"raw_prediction":null},"num_features":1,"num_classes":0,"fitted":{"kind":"linear","coef":[2.0],"intercept":1.0}}"#,
    );
    let Stage::Predictor(p) = predictor else {
        panic!("a predictor: {predictor:?}");
    };
    assert!(p.feature_importances.is_empty() && p.summary.is_empty());
    assert_eq!(p.threshold, None);
    assert_eq!(
        read::<SavedModel>(r#"{"model_type":"sklearn","input_columns":["a"]}"#),
        saved_models()[4].0
    );
}

#[test]
fn integers_read_as_floats() {
    assert_eq!(
        read::<Fitted>(r#"{"kind":"linear","coef":[1,-2],"intercept":3}"#),
        Fitted::Linear {
            coef: vec![1.0, -2.0],
            intercept: 3.0
        }
    );
    assert_eq!(
        read::<Step>(r#"{"kind":"numeric","column":"a","fill":1,"mean":-1,"scale":2}"#),
        Step::Numeric {
            column: "a".into(),
            fill: 1.0,
            mean: -1.0,
            scale: 2.0
        }
    );
    assert_eq!(
        read::<FittedTransformer>(r#"{"kind":"scaler","columns":[["a",1,-2]]}"#),
        FittedTransformer::Scaler {
            columns: vec![("a".into(), 1.0, -2.0)]
        }
    );
    assert_eq!(read::<Fill>("-3"), Fill::Num(-3.0));
}

fn metric(value: f64) -> Metric {
    Metric {
        key: "loss".into(),
        value,
        timestamp: 1_700_000_000_000,
        step: 3,
    }
}

#[test]
fn metric_values_keep_their_json() {
    pin(
        &metric(0.25),
        r#"{"key":"loss","value":0.25,"timestamp":1700000000000,"step":3}"#,
    );
    pin(
        &metric(f64::INFINITY),
        r#"{"key":"loss","value":"Infinity","timestamp":1700000000000,"step":3}"#,
    );
    pin(
        &metric(f64::NEG_INFINITY),
        r#"{"key":"loss","value":"-Infinity","timestamp":1700000000000,"step":3}"#,
    );
    let nan = r#"{"key":"loss","value":"NaN","timestamp":1700000000000,"step":3}"#;
    assert_eq!(
        serde_json::to_string(&metric(f64::NAN)).expect("writes"),
        nan
    );
    assert!(read::<Metric>(nan).value.is_nan());
    let value: Value = serde_json::from_str(nan).expect("JSON");
    assert!(serde_json::from_value::<Metric>(value)
        .expect("reads")
        .value
        .is_nan());
    assert_eq!(
        read::<Metric>(r#"{"key":"loss","value":-3,"timestamp":1700000000000,"step":3}"#),
        metric(-3.0)
    );
    fails_with::<Metric>(
        r#"{"key":"loss","value":"nan","timestamp":1,"step":0}"#,
        "'nan' is not a metric value",
    );
    for bad in ["null", "true", "[1]", "{}"] {
        error::<Metric>(&format!(
            r#"{{"key":"loss","value":{bad},"timestamp":1,"step":0}}"#
        ));
    }
}

#[test]
fn default_values_read_as_before() {
    assert_eq!(
        read::<DefaultValue>("18446744073709551615"),
        DefaultValue::Float(18446744073709551615.0)
    );
    assert_eq!(
        read::<DefaultValue>("-9223372036854775808"),
        DefaultValue::Int(i64::MIN)
    );
    assert_eq!(read::<DefaultValue>("1.0"), DefaultValue::Float(1.0));
    assert_eq!(read::<DefaultValue>("false"), DefaultValue::Bool(false));
    for bad in ["null", "[1]", "{}"] {
        error::<DefaultValue>(bad);
    }
}

#[test]
fn lineage_nodes_read_as_before() {
    assert_eq!(
        read::<LineageNode>(r#"{"extra":1,"id":"x","kind":"table"}"#),
        LineageNode::Table("x".into())
    );
    fails_with::<LineageNode>(r#"{"kind":"table"}"#, "missing field `id`");
    fails_with::<LineageNode>(r#"{"id":"x"}"#, "missing field `kind`");
    fails_with::<LineageNode>(
        r#"{"kind":"nope","id":"x"}"#,
        "unknown variant `nope`, expected one of `table`, `run`, `model_version`, `endpoint`",
    );
    fails_with::<LineageNode>(
        r#"{"kind":"model_version","id":["x",-1]}"#,
        "invalid value: integer `-1`, expected u32",
    );
    for bad in [
        r#"{"kind":"model_version","id":"x"}"#,
        r#"{"kind":"model_version","id":["x"]}"#,
        r#"{"kind":"table","id":["x",1]}"#,
        r#"{"kind":"table","id":null}"#,
        "null",
    ] {
        error::<LineageNode>(bad);
    }
    // The derived reader words these differently from text and from a `Value`.
    for bad in [
        r#"{"kind":"model_version","id":["x",1,2]}"#,
        r#"{"kind":7,"id":"x"}"#,
    ] {
        assert!(serde_json::from_str::<LineageNode>(bad).is_err(), "{bad}");
        let value: Value = serde_json::from_str(bad).expect("JSON");
        assert!(
            serde_json::from_value::<LineageNode>(value).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn structs_read_from_maps_only() {
    // Structs are written as maps; the sequence form serde_json would also accept is refused
    // (it is never written, and reading it cost a second visitor per struct).
    let m = metric(1.5);
    let json = r#"{"step":3,"key":"loss","timestamp":1700000000000,"value":1.5,"note":1}"#;
    assert_eq!(read::<Metric>(json), m);
    assert!(serde_json::from_str::<Metric>(r#"["loss",1.5,1700000000000,3]"#).is_err());
    assert!(
        serde_json::from_value::<Metric>(json!(["loss", 1.5, 1_700_000_000_000_i64, 3])).is_err()
    );
    let report = prep_report();
    let text = serde_json::to_string(&report).expect("writes");
    assert_eq!(read::<PrepReport>(&text), report);
    assert!(serde_json::from_str::<Progress>("[3,0.5,1,2]").is_err());
}

#[test]
fn saved_models_are_written_pretty_with_the_same_content() {
    use lakelab_core::tracking::{NewRun, Tracking};
    let mut t = Tracking::new(1, 0);
    let run = t.create_run("0", NewRun::default(), 0).expect("a run");
    for (i, (model, _)) in saved_models().into_iter().enumerate() {
        let path = format!("m{i}");
        t.log_model(&run, &model, &path, None, None, 0)
            .expect("logs the model");
        let written = t
            .artifact_bytes(&run, &format!("{path}/model.json"))
            .expect("model.json");
        // The same JSON tree as before (keys are now written sorted: the NaN-aware writer,
        // `models::json`, goes through `serde_json::Value`), still laid out pretty.
        let want = serde_json::to_value(&model).expect("writes");
        let got: serde_json::Value = serde_json::from_slice(written).expect("JSON");
        assert_eq!(got, want);
        assert!(
            String::from_utf8_lossy(written).contains("\n  \""),
            "pretty"
        );
        let loaded = t.load_model(&format!("runs:/{run}/{path}")).expect("loads");
        assert_eq!(loaded.model, model);
    }
}

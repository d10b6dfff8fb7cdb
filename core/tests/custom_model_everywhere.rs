//! One custom `PythonModel` through every way Section 4 scores with a model: loaded with
//! pandas, as a Spark UDF in `withColumn`, in a streaming pipeline, and behind an endpoint;
//! each gives the same predictions for the same rows.

mod notebook_support;

use lakelab_core::catalog::names::FullName;
use lakelab_core::serving::store::DEPLOY_MS;
use lakelab_core::streaming::{Mode, PipelineSpec};
use lakelab_core::table::{Column, Table};
use notebook_support::Lab;
use serde_json::{json, Value};

/// A logistic regression on `age` and `spend`, wrapped by a custom model that log-transforms
/// `spend` first and answers 1 when the positive class's probability passes `threshold`;
/// registered as `main.default.churn_custom` with `@Champion`.
const SETUP: &str = r#"
import math
import mlflow
import pandas as pd
from pyspark.sql.functions import struct
from sklearn.linear_model import LogisticRegression
X = pd.DataFrame({
    "age": [22, 25, 31, 35, 41, 47, 52, 58, 63, 29, 38, 44],
    "spend": [5.0, 80.0, 12.0, 150.0, 7.0, 210.0, 9.0, 300.0, 14.0, 95.0, 11.0, 180.0],
})
y = pd.Series([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
Xp = X.copy()
Xp["spend"] = Xp["spend"].apply(math.log1p)
with mlflow.start_run() as train_run:
    mlflow.sklearn.log_model(LogisticRegression().fit(Xp, y), "model")

class Threshold(mlflow.pyfunc.PythonModel):
    def __init__(self, threshold):
        self.threshold = threshold
    def load_context(self, context):
        self.model = mlflow.sklearn.load_model(context.artifacts["model"])
    def predict(self, context, model_input, params=None):
        x = model_input[["age", "spend"]].copy()
        x["spend"] = x["spend"].apply(math.log1p)
        return [1 if p[1] > self.threshold else 0 for p in self.model.predict_proba(x)]

from mlflow.models import infer_signature
with mlflow.start_run():
    mlflow.pyfunc.log_model(
        artifact_path="custom",
        python_model=Threshold(0.5),
        artifacts={"model": f"runs:/{train_run.info.run_id}/model"},
        signature=infer_signature(X, pd.Series([1])),
        registered_model_name="main.default.churn_custom",
    )
mlflow.MlflowClient().set_registered_model_alias("main.default.churn_custom", "Champion", 1)
URI = "models:/main.default.churn_custom@Champion"
by_pandas = [int(v) for v in mlflow.pyfunc.load_model(URI).predict(X)]
"#;

fn lab() -> Lab {
    let mut lab = Lab::new();
    lab.ws
        .unity
        .create_schema("main.default", "", false, 0)
        .ok();
    lab.ok(SETUP);
    lab
}

/// `print(expr)` in the lab's session, parsed as JSON.
fn json_of(lab: &mut Lab, expr: &str) -> Value {
    let out = lab.ok(&format!("import json\nprint(json.dumps({expr}))"));
    serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn pandas_predictions_threshold_the_wrapped_probabilities() {
    let mut lab = lab();
    let labels = json_of(&mut lab, "by_pandas");
    let by_hand = json_of(
        &mut lab,
        "[1 if p[1] > 0.5 else 0 for p in mlflow.sklearn.load_model(f'runs:/{train_run.info.run_id}/model').predict_proba(Xp)]",
    );
    assert_eq!(labels, by_hand);
    let ones = labels
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| **v == json!(1));
    assert!(ones.count() > 0, "some rows are positive: {labels}");
}

#[test]
fn the_spark_udf_in_with_column_predicts_what_pandas_does() {
    let mut lab = lab();
    lab.ok(
        "predict = mlflow.pyfunc.spark_udf(spark, URI, result_type='long')\n\
         scored = spark.createDataFrame(X).withColumn('prediction', predict(struct('age', 'spend')))\n\
         by_udf = [int(r['prediction']) for r in scored.collect()]",
    );
    assert_eq!(json_of(&mut lab, "by_udf"), json_of(&mut lab, "by_pandas"));
}

#[test]
fn a_streaming_pipeline_scores_the_same_labels_batch_by_batch() {
    let mut lab = lab();
    let expected = json_of(&mut lab, "by_pandas");
    let ages = json_of(&mut lab, "list(X['age'])");
    let spends = json_of(&mut lab, "list(X['spend'])");
    let ints = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_i64().unwrap())
            .collect()
    };
    let floats = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    let source = Table::new(
        vec!["age".into(), "spend".into()],
        vec![Column::ints(ints(&ages)), Column::floats(floats(&spends))],
    )
    .unwrap();
    let src = FullName::parse("main.default.customers", "table").unwrap();
    lab.ws.unity.create_table(&src, source, "", 0).unwrap();
    lab.ws
        .create_pipeline(
            PipelineSpec {
                name: "churn_stream".into(),
                source: "main.default.customers".into(),
                model_uri: "models:/main.default.churn_custom@Champion".into(),
                output: "main.default.churn_predictions".into(),
                features: Vec::new(),
                mode: Mode::Triggered,
                batch_size: 5,
                arrival_rows_per_s: 100.0,
                notebook: None,
            },
            1,
        )
        .unwrap();
    let mut t = 0.0;
    let mut clock = move || {
        t += 1.0;
        t
    };
    lab.ws.start_pipeline("churn_stream", 2).unwrap();
    for now in 3..6 {
        lab.ws
            .step_pipeline("churn_stream", now, &mut clock)
            .unwrap();
    }
    let streamed = json_of(
        &mut lab,
        "[int(r['prediction']) for r in spark.sql('SELECT prediction FROM main.default.churn_predictions ORDER BY batch_id').collect()]",
    );
    assert_eq!(streamed, expected);
}

#[test]
fn the_endpoint_answers_with_the_same_labels() {
    let mut lab = lab();
    let expected = json_of(&mut lab, "by_pandas");
    let rows = json_of(&mut lab, "[[a, s] for a, s in zip(X['age'], X['spend'])]");
    let config = json!({"served_entities": [{"entity_name": "main.default.churn_custom", "entity_version": "1"}]});
    lab.ws
        .create_endpoint("churn", &config, &[], "learner@lakelab", 0)
        .unwrap();
    let body = json!({"dataframe_split": {"columns": ["age", "spend"], "data": rows}}).to_string();
    let reply = lab
        .ws
        .query_endpoint("churn", &body, DEPLOY_MS, &mut || 0.0);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["predictions"], expected);
}

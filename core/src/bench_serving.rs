//! Benchmark workloads for Model Serving, shared by the native runner
//! (`core/examples/bench_tracking.rs`) and the browser (`?bench=tracking`):
//!
//! - **realtime**: 10,000 one-row requests (`dataframe_split`, 10 numeric features) to an
//!   endpoint serving a scikit-learn-style `RandomForestClassifier()` (100 trees, the
//!   defaults), each timed from the request text to the response value: routing, parsing,
//!   signature check, prediction and the inference record;
//! - the same with **online feature lookup**: the model was logged with `fe.log_model`, the
//!   request carries only `customer_id`, the 10 features come from the online store
//!   (10,000 keys);
//! - **batch**: 100,000 rows scored by the pyfunc model (`model.predict(df)`) and by
//!   `fe.score_batch` (offline join of the 10 features, then predict).
//!
//! The models are trained and logged through notebook cells, as a learner would; only the
//! data is generated here (seeded).

use serde_json::{json, Value};

use crate::features::packaging::score_batch;
use crate::frame::SplitFrame;
use crate::notebook::{run_cell, Env, Session};
use crate::registry::store::RegistryKind;
use crate::rng::SeededRng;
use crate::serving::store::DEPLOY_MS;
use crate::serving::summary::percentile;
use crate::table::{Column, Table};
use crate::Workspace;

const FEATURES: usize = 10;
const TRAIN_ROWS: usize = 2_000;
const KEYS: usize = 10_000;
/// The full workload's sizes; [`Size::quick`] is a smoke run for tests.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub requests: usize,
    pub batch_rows: usize,
}

impl Size {
    pub const FULL: Size = Size {
        requests: 10_000,
        batch_rows: 100_000,
    };

    pub fn quick() -> Size {
        Size {
            requests: 200,
            batch_rows: 2_000,
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Rows of 10 uniform features and a label that depends on three of them.
fn rows(rng: &mut SeededRng, n: usize) -> Vec<Vec<f64>> {
    (0..n)
        .map(|_| (0..FEATURES).map(|_| rng.unit()).collect())
        .collect()
}

fn label(r: &[f64]) -> i64 {
    i64::from(r[0] + 0.5 * r[1] - r[2] > 0.4)
}

fn csv(header: &str, lines: impl Iterator<Item = String>) -> Vec<u8> {
    let mut out = format!("{header}\n");
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out.into_bytes()
}

fn feature_header() -> String {
    (0..FEATURES)
        .map(|i| format!("f{i}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn join(r: &[f64]) -> String {
    r.iter()
        .map(|v| format!("{v:.6}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn cell(
    ws: &mut Workspace,
    session: &mut Session,
    now: &mut i64,
    code: &str,
) -> Result<(), String> {
    let mut clock = || {
        *now += 1;
        *now
    };
    let env = Env {
        clock: &mut clock,
        user: "learner@lakelab".into(),
        file_name: "<bench>".into(),
    };
    let result = run_cell(ws, session, env, code);
    match result.error {
        Some(e) => Err(format!("bench cell failed: {}", e.traceback)),
        None => Ok(()),
    }
}

/// Trains and registers both models, and creates both endpoints (ready at `DEPLOY_MS`).
fn setup(rng: &mut SeededRng) -> Result<(Workspace, Vec<Vec<f64>>), String> {
    let mut ws = Workspace::default();
    let mut session = Session::new(7);
    let mut now = 0;
    let train = rows(rng, TRAIN_ROWS);
    let header = format!("{},label", feature_header());
    let body = csv(
        &header,
        train.iter().map(|r| format!("{},{}", join(r), label(r))),
    );
    ws.files
        .write("/tmp/bench/train.csv", body)
        .map_err(|e| format!("{e:?}"))?;
    let keys = rows(rng, KEYS);
    let body = csv(
        &format!("customer_id,{}", feature_header()),
        keys.iter()
            .enumerate()
            .map(|(i, r)| format!("{i},{}", join(r))),
    );
    ws.files
        .write("/tmp/bench/customers.csv", body)
        .map_err(|e| format!("{e:?}"))?;
    let labels = csv(
        "customer_id,label",
        (0..TRAIN_ROWS).map(|i| format!("{i},{}", label(&keys[i]))),
    );
    ws.files
        .write("/tmp/bench/labels.csv", labels)
        .map_err(|e| format!("{e:?}"))?;
    cell(
        &mut ws,
        &mut session,
        &mut now,
        r#"import mlflow
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
df = pd.read_csv("/tmp/bench/train.csv")
X = df.drop(columns=["label"])
model = RandomForestClassifier(random_state=0).fit(X, df["label"])
with mlflow.start_run():
    mlflow.sklearn.log_model(model, "model", input_example=X.head(3), registered_model_name="main.default.bench_tree")
fe = FeatureEngineeringClient()
customers = spark.createDataFrame(pd.read_csv("/tmp/bench/customers.csv"))
fe.create_table(name="main.default.bench_customers", primary_keys=["customer_id"], df=customers)
spark.sql("ALTER TABLE main.default.bench_customers SET TBLPROPERTIES (delta.enableChangeDataFeed = true)")
store = fe.create_online_store(name="bench-store", capacity="CU_1")
fe.publish_table(online_store=store, source_table_name="main.default.bench_customers", online_table_name="main.default.bench_customers_online")
training_set = fe.create_training_set(df=spark.createDataFrame(pd.read_csv("/tmp/bench/labels.csv")),
    feature_lookups=[FeatureLookup(table_name="main.default.bench_customers", lookup_key="customer_id")],
    label="label", exclude_columns=["customer_id"])
train = training_set.load_df().toPandas()
fs_model = RandomForestClassifier(random_state=0).fit(train.drop(columns=["label"]), train["label"])
with mlflow.start_run():
    fe.log_model(model=fs_model, artifact_path="model", flavor=mlflow.sklearn, training_set=training_set,
                 registered_model_name="main.default.bench_tree_fs")
"#,
    )?;
    for (endpoint, model) in [
        ("bench-tree", "main.default.bench_tree"),
        ("bench-tree-fs", "main.default.bench_tree_fs"),
    ] {
        let config = json!({"served_entities": [{"entity_name": model, "entity_version": "1"}]});
        ws.create_endpoint(endpoint, &config, &[], "learner@lakelab", 0)
            .map_err(|e| e.message)?;
    }
    Ok((ws, keys))
}

/// p50 / p99 (nearest rank, as the Serving page's inference-table summary computes them) /
/// mean / max of per-request times (ms).
fn latency(mut ms: Vec<f64>) -> Value {
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| percentile(&ms, q).map(round3);
    let mean = ms.iter().sum::<f64>() / ms.len().max(1) as f64;
    json!({
        "requests": ms.len(),
        "p50_ms": at(50.0),
        "p99_ms": at(99.0),
        "mean_ms": round3(mean),
        "max_ms": ms.last().copied().map(round3),
    })
}

fn realtime(
    ws: &mut Workspace,
    endpoint: &str,
    bodies: &[String],
    clock: &mut dyn FnMut() -> f64,
) -> Result<Value, String> {
    let mut times = Vec::with_capacity(bodies.len());
    for body in bodies {
        let start = clock();
        let reply = ws.query_endpoint(endpoint, body, DEPLOY_MS, &mut || 0.0);
        times.push(clock() - start);
        if reply.status != 200 {
            return Err(format!("bench request failed: {}", reply.body));
        }
    }
    Ok(latency(times))
}

/// The serving workloads; figures in milliseconds.
pub fn serving(clock: &mut dyn FnMut() -> f64, size: Size) -> Result<Value, String> {
    let (requests, batch_rows) = (size.requests, size.batch_rows);
    let mut rng = SeededRng::new(11);
    let start = clock();
    let (mut ws, keys) = setup(&mut rng)?;
    let setup_ms = clock() - start;
    let columns: Vec<String> = (0..FEATURES).map(|i| format!("f{i}")).collect();
    let plain: Vec<String> = (0..requests)
        .map(|i| {
            json!({"dataframe_split": {"columns": columns, "data": [keys[i % KEYS]]}}).to_string()
        })
        .collect();
    let lookup: Vec<String> = (0..requests)
        .map(|i| {
            json!({"dataframe_split": {"columns": ["customer_id"], "data": [[(i * 7919) % KEYS]]}})
                .to_string()
        })
        .collect();
    let plain = realtime(&mut ws, "bench-tree", &plain, clock)?;
    let with_lookup = realtime(&mut ws, "bench-tree-fs", &lookup, clock)?;

    // Batch: 100,000 rows through the pyfunc model and through fe.score_batch.
    let batch = rows(&mut rng, batch_rows);
    let frame = SplitFrame {
        columns: columns.clone(),
        data: batch
            .iter()
            .map(|r| r.iter().map(|v| json!(v)).collect())
            .collect(),
    };
    let model = ws
        .unity
        .load(
            RegistryKind::Uc,
            &ws.tracking,
            "models:/main.default.bench_tree/1",
        )
        .map_err(|e| e.message)?;
    let t = clock();
    let predicted = model.predict(&frame).map_err(|e| e.message)?;
    let predict_ms = clock() - t;
    if predicted.len() != batch_rows {
        return Err("the batch prediction lost rows".into());
    }
    let fs_model = ws
        .unity
        .load(
            RegistryKind::Uc,
            &ws.tracking,
            "models:/main.default.bench_tree_fs/1",
        )
        .map_err(|e| e.message)?;
    let ids = Column::ints((0..batch_rows as i64).map(|i| i % KEYS as i64).collect());
    let df = Table::new(vec!["customer_id".into()], vec![ids]).map_err(|e| e.to_string())?;
    let t = clock();
    let scored =
        score_batch(&mut ws.unity, &fs_model, &df, "double", None).map_err(|e| e.message())?;
    let score_ms = clock() - t;
    if scored.num_rows() != batch_rows {
        return Err("score_batch lost rows".into());
    }
    Ok(json!({
        "serving_setup_ms": round3(setup_ms),
        "serving_realtime": plain,
        "serving_realtime_online_lookup": with_lookup,
        "serving_batch": {
            "rows": batch_rows,
            "model": "RandomForestClassifier() (100 trees), 10 features",
            "pyfunc_predict_ms": round3(predict_ms),
            "fe_score_batch_ms": round3(score_ms),
        },
    }))
}

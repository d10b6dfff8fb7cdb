//! Streaming inference pipelines (simulated DLT): micro-batches read the source in order,
//! the counters add up, the output is a catalog table whose predictions are the model's own,
//! the latency model grows with the batch size, errors say what to fix, and pipelines come
//! back after a save and load.

mod notebook_support;

use std::sync::Arc;

use lakelab_core::catalog::names::FullName;
use lakelab_core::persist::memory::MemoryStore;
use lakelab_core::persist::session::Saver;
use lakelab_core::persist::Document;
use lakelab_core::registry::store::RegistryKind;
use lakelab_core::streaming::latency::{self, BATCH_OVERHEAD_MS};
use lakelab_core::streaming::{Mode, NotebookCode, PipelineSpec, StreamingError};
use lakelab_core::table::{Column, Table};
use lakelab_core::Workspace;
use notebook_support::stored::{from_older_schema, loaded, ready, restored, KEY, META};
use notebook_support::Lab;

const SOURCE: &str = "main.default.customers";
const OUTPUT: &str = "main.default.churn_predictions";
const MODEL: &str = "main.ml_models.churn";

fn name(n: &str) -> FullName {
    FullName::parse(n, "table").unwrap()
}

/// `n` customers with ids from `from`: `age` and `spend` vary so predictions differ.
fn customers(from: i64, n: i64) -> Table {
    let ids: Vec<i64> = (from..from + n).collect();
    Table::new(
        vec!["id".into(), "age".into(), "spend".into()],
        vec![
            Column::ints(ids.clone()),
            Column::ints(ids.iter().map(|i| 10 + (i * 7) % 30).collect()),
            Column::floats(ids.iter().map(|i| (i % 5) as f64).collect()),
        ],
    )
    .unwrap()
}

/// Two versions of `main.ml_models.churn` (a logistic model on `age` and `spend`, with a
/// signature), `@Champion` on version 1, and a 10-row source table.
fn lab() -> Lab {
    let mut lab = Lab::new().with_registered_churn();
    lab.ok(
        "mlflow.MlflowClient().set_registered_model_alias('main.ml_models.churn', 'Champion', 1)",
    );
    let src = name(SOURCE);
    let empty = customers(0, 0);
    lab.ws.unity.create_table(&src, empty, "", 0).unwrap();
    append(&mut lab.ws, customers(0, 10));
    lab
}

fn append(ws: &mut Workspace, rows: Table) {
    let src = name(SOURCE);
    let all = ws
        .unity
        .read_table(&src, None)
        .unwrap()
        .union(&rows)
        .unwrap();
    ws.unity
        .commit_table(
            &src,
            all,
            "WRITE",
            Default::default(),
            Default::default(),
            1,
        )
        .unwrap();
}

fn spec(batch_size: usize, mode: Mode) -> PipelineSpec {
    PipelineSpec {
        name: "churn_stream".into(),
        source: SOURCE.into(),
        model_uri: format!("models:/{MODEL}@Champion"),
        output: OUTPUT.into(),
        features: Vec::new(),
        mode,
        batch_size,
        arrival_rows_per_s: 100.0,
        notebook: None,
    }
}

/// A clock that moves 2 ms per reading, so each batch measures 2 ms of work.
fn ticking() -> impl FnMut() -> f64 {
    let mut t = 0.0;
    move || {
        t += 2.0;
        t
    }
}

fn output(ws: &Workspace) -> Arc<Table> {
    ws.unity.read_table(&name(OUTPUT), None).unwrap()
}

fn ints(t: &Table, col: &str) -> Vec<i64> {
    let c = t.column(col, true).unwrap();
    (0..c.len())
        .map(|i| c.get(i).as_f64().unwrap() as i64)
        .collect()
}

#[test]
fn batches_read_the_source_in_order_and_the_counters_add_up() {
    let mut lab = lab();
    let p = lab.ws.create_pipeline(spec(4, Mode::Triggered), 5).unwrap();
    assert_eq!(p.spec.features, vec!["age", "spend"], "from the signature");
    assert_eq!(p.state(), "IDLE");
    assert_eq!(output(&lab.ws).num_rows(), 0, "created empty");
    let mut clock = ticking();
    let mut sizes = Vec::new();
    for now in 10..13 {
        let b = lab
            .ws
            .step_pipeline("churn_stream", now, &mut clock)
            .unwrap()
            .expect("a batch");
        sizes.push((b.batch_id, b.first_row, b.rows, b.model_version));
    }
    assert_eq!(
        sizes,
        vec![
            (0, 0, 4, "1".to_string()),
            (1, 4, 4, "1".to_string()),
            (2, 8, 2, "1".to_string())
        ]
    );
    let p = &lab.ws.streaming.pipelines["churn_stream"];
    // The triggered update read what was there when it started, then stopped by itself.
    assert_eq!(p.state(), "IDLE");
    assert_eq!(
        (
            p.counters.rows_read,
            p.counters.rows_processed,
            p.counters.rows_written,
            p.counters.batches,
            p.counters.updates
        ),
        (10, 10, 10, 3, 1)
    );
    // Nothing new: a new update finds no rows and completes.
    assert_eq!(
        lab.ws.step_pipeline("churn_stream", 13, &mut clock),
        Ok(None)
    );
    assert_eq!(
        lab.ws.streaming.pipelines["churn_stream"].counters.updates,
        2
    );
    assert_eq!(lab.ws.pipeline_source_rows("churn_stream"), 10);

    let out = output(&lab.ws);
    assert_eq!(ints(&out, "id"), (0..10).collect::<Vec<_>>());
    assert_eq!(ints(&out, "batch_id"), vec![0, 0, 0, 0, 1, 1, 1, 1, 2, 2]);
    assert_eq!(
        out.names(),
        [
            "id",
            "age",
            "spend",
            "prediction",
            "batch_id",
            "processed_at"
        ]
    );
    // One Delta version per batch, written as a streaming update.
    let info = lab.ws.unity.table(&name(OUTPUT)).unwrap();
    let ops: Vec<&str> = info.history.iter().map(|c| c.operation.as_str()).collect();
    assert_eq!(
        ops,
        [
            "CREATE TABLE",
            "STREAMING UPDATE",
            "STREAMING UPDATE",
            "STREAMING UPDATE"
        ]
    );
    assert_eq!(info.history[2].operation_metrics["numOutputRows"], 4);
}

#[test]
fn predictions_are_the_models_on_the_same_rows_and_cells_read_the_table() {
    let mut lab = lab();
    lab.ws.create_pipeline(spec(3, Mode::Triggered), 5).unwrap();
    let mut clock = ticking();
    while lab
        .ws
        .step_pipeline("churn_stream", 10, &mut clock)
        .unwrap()
        .is_some()
    {}
    let model = lab
        .ws
        .unity
        .load(
            RegistryKind::Uc,
            &lab.ws.tracking,
            "models:/main.ml_models.churn/1",
        )
        .unwrap();
    let src = lab.ws.unity.read_table(&name(SOURCE), None).unwrap();
    let features = src.select_positions(&[1, 2]);
    let expected = model
        .predict(&lakelab_core::frame::SplitFrame::from_table(&features))
        .unwrap();
    let out = output(&lab.ws);
    let got = out.column("prediction", true).unwrap();
    let expected: Vec<f64> = expected.iter().map(|v| v.as_f64().unwrap()).collect();
    let got: Vec<f64> = (0..got.len())
        .map(|i| got.get(i).as_f64().unwrap())
        .collect();
    assert_eq!(got, expected);
    assert!(got.contains(&0.0) && got.contains(&1.0), "{got:?}");
    // A notebook reads the output like any table, and sees its streaming history.
    let printed = lab.ok("df = spark.table('main.default.churn_predictions')\nprint(df.count(), df.columns)\nprint([r.operation for r in spark.sql('DESCRIBE HISTORY main.default.churn_predictions').collect()][:2])\nprint(list(mlflow.pyfunc.load_model('models:/main.ml_models.churn@Champion').predict(df.toPandas()[['age', 'spend']])) == [r.prediction for r in df.collect()])");
    assert_eq!(
        printed,
        "10 ['id', 'age', 'spend', 'prediction', 'batch_id', 'processed_at']\n['STREAMING UPDATE', 'STREAMING UPDATE']\nTrue\n"
    );
}

#[test]
fn a_continuous_update_waits_for_new_rows_and_an_alias_moves_at_the_next_update() {
    let mut lab = lab();
    lab.ws
        .create_pipeline(spec(100, Mode::Continuous), 5)
        .unwrap();
    let mut clock = ticking();
    let b = lab
        .ws
        .step_pipeline("churn_stream", 10, &mut clock)
        .unwrap();
    assert_eq!(b.map(|b| b.rows), Some(10));
    assert_eq!(
        lab.ws.step_pipeline("churn_stream", 11, &mut clock),
        Ok(None)
    );
    assert_eq!(
        lab.ws.streaming.pipelines["churn_stream"].state(),
        "RUNNING"
    );
    // Rows appended to the source are read incrementally, by the same update.
    lab.ok(
        "mlflow.MlflowClient().set_registered_model_alias('main.ml_models.churn', 'Champion', 2)",
    );
    append(&mut lab.ws, customers(10, 5));
    let b = lab
        .ws
        .step_pipeline("churn_stream", 12, &mut clock)
        .unwrap()
        .unwrap();
    assert_eq!(
        (b.first_row, b.rows, b.model_version.as_str()),
        (10, 5, "1")
    );
    lab.ws.stop_pipeline("churn_stream").unwrap();
    assert_eq!(lab.ws.streaming.pipelines["churn_stream"].state(), "IDLE");
    append(&mut lab.ws, customers(15, 1));
    let b = lab
        .ws
        .step_pipeline("churn_stream", 13, &mut clock)
        .unwrap()
        .unwrap();
    assert_eq!(
        (b.first_row, b.rows, b.model_version.as_str()),
        (15, 1, "2")
    );
    assert_eq!(ints(&output(&lab.ws), "id"), (0..16).collect::<Vec<_>>());
    assert_eq!(
        lab.ws.streaming.pipelines["churn_stream"].counters.updates,
        2
    );
}

#[test]
fn latency_grows_with_the_batch_size_and_so_does_throughput() {
    let sizes = [1usize, 2, 5, 10, 50, 100, 1000, 10_000];
    let figures: Vec<_> = sizes
        .iter()
        .map(|&n| latency::model(n, 100.0, 3.0))
        .collect();
    for w in figures.windows(2) {
        assert!(w[0].mean_ms < w[1].mean_ms, "{w:?}");
        assert!(w[0].max_ms < w[1].max_ms, "{w:?}");
        assert!(
            w[0].throughput_rows_per_s < w[1].throughput_rows_per_s,
            "{w:?}"
        );
    }
    // A batch of one row is the real-time case: no wait, only the per-batch cost.
    assert_eq!(figures[0].fill_ms, 0.0);
    assert_eq!(figures[0].mean_ms, BATCH_OVERHEAD_MS + 3.0);
    // Through a pipeline: the same ordering from the recorded batches.
    let mut lab = lab();
    append(&mut lab.ws, customers(10, 100));
    lab.ws
        .create_pipeline(spec(1, Mode::Continuous), 5)
        .unwrap();
    let mut clock = ticking();
    let mut means = Vec::new();
    for size in [1, 5, 20, 60] {
        lab.ws
            .set_pipeline_batch_size("churn_stream", size)
            .unwrap();
        let b = lab
            .ws
            .step_pipeline("churn_stream", 10, &mut clock)
            .unwrap()
            .unwrap();
        assert_eq!(b.rows, size as u64);
        assert_eq!(b.latency.processing_ms, 2.0, "measured by the clock");
        means.push(b.latency.mean_ms);
    }
    assert!(means.windows(2).all(|w| w[0] < w[1]), "{means:?}");
}

fn err(ws: &mut Workspace, s: PipelineSpec) -> String {
    ws.create_pipeline(s, 5).unwrap_err().to_string()
}

#[test]
fn errors_name_what_to_fix() {
    let mut lab = lab();
    let ws = &mut lab.ws;
    let e = err(
        ws,
        PipelineSpec {
            source: "main.default.nope".into(),
            ..spec(4, Mode::Triggered)
        },
    );
    assert!(e.starts_with("Source table: [TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`default`.`nope` cannot be found."), "{e}");
    let e = err(
        ws,
        PipelineSpec {
            model_uri: format!("models:/{MODEL}/9"),
            ..spec(4, Mode::Triggered)
        },
    );
    assert!(
        e.starts_with("Model: ") && e.contains("main.ml_models.churn"),
        "{e}"
    );
    let e = err(
        ws,
        PipelineSpec {
            model_uri: format!("models:/{MODEL}@Nope"),
            ..spec(4, Mode::Triggered)
        },
    );
    assert!(e.starts_with("Model: ") && e.contains("Nope"), "{e}");
    let e = err(
        ws,
        PipelineSpec {
            model_uri: "models:/churn/1".into(),
            ..spec(4, Mode::Triggered)
        },
    );
    assert!(e.contains("is not a Unity Catalog model"), "{e}");
    let e = err(
        ws,
        PipelineSpec {
            features: vec!["age".into(), "income".into()],
            ..spec(4, Mode::Triggered)
        },
    );
    assert_eq!(e, "Feature column 'income' is not in the source table main.default.customers. Its columns are: id, age, spend.");
    let e = err(ws, spec(0, Mode::Triggered));
    assert_eq!(e, "The batch size is 1 to 10000 rows.");
    let e = err(
        ws,
        PipelineSpec {
            output: "predictions".into(),
            ..spec(4, Mode::Triggered)
        },
    );
    assert!(
        e.starts_with("Output table: ") && e.contains("catalog.schema.table"),
        "{e}"
    );
    let e = err(
        ws,
        PipelineSpec {
            output: SOURCE.into(),
            ..spec(4, Mode::Triggered)
        },
    );
    assert!(e.contains("must differ from the source"), "{e}");
    let e = err(
        ws,
        PipelineSpec {
            name: "bad/name".into(),
            ..spec(4, Mode::Triggered)
        },
    );
    assert!(e.starts_with("A pipeline name has"), "{e}");
    assert!(ws.streaming.pipelines.is_empty());
    assert!(
        !ws.unity.table_exists(&name(OUTPUT)),
        "nothing created on error"
    );

    ws.create_pipeline(spec(4, Mode::Triggered), 5).unwrap();
    let e = err(ws, spec(4, Mode::Triggered));
    assert!(
        e.starts_with("A pipeline named 'churn_stream' already exists"),
        "{e}"
    );
    let e = err(
        ws,
        PipelineSpec {
            name: "other".into(),
            ..spec(4, Mode::Triggered)
        },
    );
    assert!(
        e.starts_with("Output table: [TABLE_OR_VIEW_ALREADY_EXISTS]"),
        "{e}"
    );
    assert_eq!(
        ws.step_pipeline("nope", 1, &mut ticking()).unwrap_err(),
        StreamingError::NoPipeline("nope".into())
    );
    // A feature the model does not take: the model's own message, and the update fails.
    let mut clock = ticking();
    ws.step_pipeline("churn_stream", 6, &mut clock).unwrap();
    // The source losing rows fails the update, which keeps the error to show.
    let src = name(SOURCE);
    ws.unity
        .commit_table(
            &src,
            customers(0, 2),
            "WRITE",
            Default::default(),
            Default::default(),
            7,
        )
        .unwrap();
    let e = ws
        .step_pipeline("churn_stream", 8, &mut clock)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("now has 2 rows but the stream has already read 4"),
        "{e}"
    );
    let p = &ws.streaming.pipelines["churn_stream"];
    assert_eq!(p.state(), "FAILED");
    assert_eq!(p.last_error.as_deref(), Some(e.as_str()));
    // Deleting the pipeline drops its output table.
    ws.delete_pipeline("churn_stream").unwrap();
    assert!(!ws.unity.table_exists(&name(OUTPUT)));
    assert!(ws.streaming.pipelines.is_empty());
}

#[test]
fn a_model_refusing_the_batch_fails_the_update_with_its_message() {
    let mut lab = lab();
    lab.ws
        .create_pipeline(
            PipelineSpec {
                features: vec!["age".into()],
                ..spec(4, Mode::Triggered)
            },
            5,
        )
        .unwrap();
    let e = lab
        .ws
        .step_pipeline("churn_stream", 6, &mut ticking())
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("Batch 0: the model could not score it: Model is missing inputs ['spend']"),
        "{e}"
    );
    assert_eq!(lab.ws.streaming.pipelines["churn_stream"].state(), "FAILED");
    assert_eq!(output(&lab.ws).num_rows(), 0);
}

#[test]
fn pipelines_and_their_output_survive_a_save_and_load() {
    let mut lab = lab();
    lab.ws
        .create_pipeline(spec(4, Mode::Continuous), 5)
        .unwrap();
    let mut clock = ticking();
    lab.ws.step_pipeline("churn_stream", 6, &mut clock).unwrap();
    let store = MemoryStore::new();
    let mut saver = Saver::after_load(KEY, &loaded(&store));
    ready(saver.save(&store, &mut lab.ws, META)).unwrap();
    let (_, mut back) = restored(&store);
    assert_eq!(back.streaming, lab.ws.streaming);
    assert_eq!(back, lab.ws);
    let p = &back.streaming.pipelines["churn_stream"];
    assert_eq!(
        (p.state(), p.counters.rows_read, p.batches.len()),
        ("RUNNING", 4, 1)
    );
    // The loaded pipeline carries on where it was.
    let b = back
        .step_pipeline("churn_stream", 7, &mut clock)
        .unwrap()
        .unwrap();
    assert_eq!((b.batch_id, b.first_row), (1, 4));
    assert_eq!(ints(&output(&back), "id"), (0..8).collect::<Vec<_>>());
}

#[test]
fn a_schema_8_workspace_loads_without_pipelines() {
    let (from, back) = from_older_schema(8, "streaming");
    assert_eq!(from, 8);
    assert_eq!(back, Workspace::default());
    assert_eq!(Workspace::SCHEMA_VERSION, 10);
}

#[test]
fn a_model_pipeline_is_saved_as_schema_9_saved_it() {
    let mut lab = lab();
    lab.ws
        .create_pipeline(spec(4, Mode::Continuous), 5)
        .unwrap();
    lab.ws
        .step_pipeline("churn_stream", 6, &mut ticking())
        .unwrap();
    // No new keys for a model pipeline, so schema 9's pipelines read back unchanged.
    let text = serde_json::to_string(&lab.ws.streaming).unwrap();
    assert!(
        !text.contains("notebook") && !text.contains("\"code\""),
        "{text}"
    );
    let back: lakelab_core::streaming::Streaming = serde_json::from_str(&text).unwrap();
    assert_eq!(back, lab.ws.streaming);
}

/// What the end-to-end test does through the page: the bundled customers table, a model
/// trained and registered in a cell, a pipeline over both.
#[test]
fn a_model_trained_in_a_cell_scores_the_bundled_customers() {
    let mut lab = Lab::new();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../public/datasets/churn/customers.csv");
    let text = std::fs::read_to_string(path).unwrap();
    let data = lakelab_core::table::csv::parse(&text, &Default::default()).unwrap();
    let src = name(SOURCE);
    lab.ws
        .unity
        .create_table(&src, data.head(0), "", 0)
        .unwrap();
    lab.ws
        .unity
        .commit_table(
            &src,
            data,
            "WRITE",
            Default::default(),
            Default::default(),
            1,
        )
        .unwrap();
    let out = lab.ok("import mlflow\nfrom sklearn.linear_model import LogisticRegression\npdf = spark.table('main.default.customers').toPandas()\nX = pdf[['age', 'tenure_months', 'monthly_spend']]\ny = (pdf['num_support_calls'] > 1).astype(int)\nmodel = LogisticRegression().fit(X, y)\nwith mlflow.start_run():\n    info = mlflow.sklearn.log_model(model, 'model', input_example=X.head(2), registered_model_name='main.default.churn_model')\nmlflow.MlflowClient().set_registered_model_alias('main.default.churn_model', 'Champion', 1)\nprint('registered')");
    assert!(
        out.ends_with("Created version '1' of model 'main.default.churn_model'.\nregistered\n"),
        "{out}"
    );
    let p = lab
        .ws
        .create_pipeline(
            PipelineSpec {
                model_uri: "models:/main.default.churn_model@Champion".into(),
                output: "main.default.customers_predictions".into(),
                ..spec(10, Mode::Triggered)
            },
            5,
        )
        .unwrap();
    assert_eq!(
        p.spec.features,
        vec!["age", "tenure_months", "monthly_spend"]
    );
    let b = lab
        .ws
        .step_pipeline("churn_stream", 6, &mut ticking())
        .unwrap()
        .unwrap();
    assert_eq!(b.rows, 10);
    assert_eq!(lab.ws.pipeline_source_rows("churn_stream"), 2000);
}

// ---- A notebook's @dlt.table as the pipeline's code ---------------------------------------

const DLT_SETUP: &str = "import dlt, mlflow\nfrom pyspark.sql.functions import struct, col\npredict = mlflow.pyfunc.spark_udf(spark, 'models:/main.ml_models.churn@Champion', result_type='double')";

fn dlt_table(min_age: i64) -> String {
    format!("@dlt.table(name='churn_scores', comment='Churn scores by the Champion')\ndef churn_scores():\n    df = dlt.read_stream('customers')\n    return df.withColumn('prediction', predict(struct('age', 'spend'))).where(col('age') > {min_age})")
}

fn notebook_spec(id: &str, batch_size: usize) -> PipelineSpec {
    PipelineSpec {
        name: "churn_dlt".into(),
        source: String::new(),
        model_uri: String::new(),
        output: String::new(),
        features: Vec::new(),
        mode: Mode::Triggered,
        batch_size,
        arrival_rows_per_s: 100.0,
        notebook: Some(NotebookCode {
            notebook_id: id.into(),
            target: "main.default".into(),
        }),
    }
}

fn run_all(ws: &mut Workspace, pipeline: &str) -> Vec<u64> {
    let mut clock = ticking();
    let mut rows = Vec::new();
    while let Some(b) = ws.step_pipeline(pipeline, 10, &mut clock).unwrap() {
        rows.push(b.rows);
    }
    rows
}

#[test]
fn a_notebooks_dlt_table_runs_as_the_pipeline_and_edits_wait_for_the_next_update() {
    let mut lab = lab();
    // In a cell the decorator only defines the dataset, and a streaming read says where it runs.
    let printed = lab.ok(&format!("{DLT_SETUP}\n{}", dlt_table(15)));
    assert!(
        printed.starts_with("Defined the pipeline dataset 'churn_scores'."),
        "{printed}"
    );
    let e = lab.err("churn_scores()");
    assert!(
        e.starts_with(
            "RuntimeError: dlt.read_stream() reads a stream only inside a pipeline update"
        ),
        "{e}"
    );
    let cells = [
        "%md # Churn scoring pipeline".to_string(),
        format!("%python\n{DLT_SETUP}"),
        dlt_table(15),
    ];
    let id = lab.ws.add_notebook("churn_dlt", &cells).unwrap();
    let p = lab.ws.create_pipeline(notebook_spec(&id, 4), 5).unwrap();
    // Setting up found the source and the dataset, and created the table with its columns.
    assert_eq!(
        (p.spec.source.as_str(), p.spec.output.as_str()),
        (SOURCE, "main.default.churn_scores")
    );
    let out = lab
        .ws
        .unity
        .read_table(&name("main.default.churn_scores"), None)
        .unwrap();
    assert_eq!(out.names(), ["id", "age", "spend", "prediction"]);
    assert_eq!(out.num_rows(), 0);
    assert_eq!(run_all(&mut lab.ws, "churn_dlt"), vec![4, 4, 2]);
    // The table holds what the function returns: the same rows and predictions a cell gets
    // from the same code over the whole source.
    let expected = lab.ok("df = spark.table('main.default.customers').withColumn('prediction', predict(struct('age', 'spend'))).where(col('age') > 15)\nprint([(r.id, r.prediction) for r in df.collect()])");
    let got = lab.ok(
        "print([(r.id, r.prediction) for r in spark.table('main.default.churn_scores').collect()])",
    );
    assert_eq!(got, expected);
    let kept = ints(
        &lab.ws
            .unity
            .read_table(&name("main.default.churn_scores"), None)
            .unwrap(),
        "id",
    );
    assert!(kept.len() < 10 && !kept.is_empty(), "{kept:?}");
    let c = lab.ws.streaming.pipelines["churn_dlt"].counters;
    assert_eq!(
        (c.rows_read, c.rows_processed, c.rows_written, c.batches),
        (10, 10, kept.len() as u64, 3)
    );
    // An edit made while an update runs reaches the pipeline at its next update, as in DLT.
    append(&mut lab.ws, customers(10, 8));
    let mut clock = ticking();
    lab.ws.step_pipeline("churn_dlt", 20, &mut clock).unwrap();
    // The running update's copy of the code is saved with the pipeline.
    let saved = serde_json::to_string(&lab.ws.streaming).unwrap();
    assert!(saved.contains("@dlt.table"), "{saved}");
    let back: lakelab_core::streaming::Streaming = serde_json::from_str(&saved).unwrap();
    assert_eq!(back, lab.ws.streaming);
    let cell = lab.ws.notebooks.last().unwrap().cells[2].id.clone();
    lab.ws.set_cell_source(&id, &cell, &dlt_table(100)).unwrap();
    lab.ws.step_pipeline("churn_dlt", 21, &mut clock).unwrap();
    assert!(lab.ws.streaming.pipelines["churn_dlt"].update.is_none());
    let written = lab.ws.streaming.pipelines["churn_dlt"]
        .counters
        .rows_written;
    assert!(
        written > kept.len() as u64,
        "the old code kept some of rows 10..18"
    );
    append(&mut lab.ws, customers(18, 5));
    assert_eq!(run_all(&mut lab.ws, "churn_dlt"), vec![4, 1]);
    // The new code keeps no row. (Each `run_all` ends with a step that starts an update
    // finding nothing to read: 5 updates in all.)
    let c = lab.ws.streaming.pipelines["churn_dlt"].counters;
    assert_eq!((c.rows_read, c.rows_written, c.updates), (23, written, 5));
}

#[test]
fn the_new_pipelines_module_and_spark_read_stream_work_the_same() {
    let mut lab = lab();
    let code = "from pyspark import pipelines as dp\nimport mlflow\nfrom pyspark.sql.functions import struct\npredict = mlflow.pyfunc.spark_udf(spark, 'models:/main.ml_models.churn/2')\n\n@dp.table\ndef scored():\n    return spark.readStream.table('main.default.customers').select('id', predict(struct('age', 'spend')).alias('churn'))".to_string();
    let id = lab.ws.add_notebook("new_syntax", &[code]).unwrap();
    lab.ws.create_pipeline(notebook_spec(&id, 6), 5).unwrap();
    assert_eq!(run_all(&mut lab.ws, "churn_dlt"), vec![6, 4]);
    let printed = lab.ok("df = spark.table('main.default.scored')\nprint(df.columns, df.count())");
    assert_eq!(printed, "['id', 'churn'] 10\n");
    assert_eq!(
        lab.ws.streaming.pipelines["churn_dlt"].batches[0].model_version,
        ""
    );
}

#[test]
fn a_notebook_pipeline_refuses_code_it_cannot_run_saying_why() {
    let mut lab = lab();
    let refused = |lab: &mut Lab, code: &str, target: &str| -> String {
        let id = lab.ws.add_notebook("bad", &[code.to_string()]).unwrap();
        let mut spec = notebook_spec(&id, 4);
        if let Some(n) = spec.notebook.as_mut() {
            n.target = target.into();
        }
        let e = lab.ws.create_pipeline(spec, 5).unwrap_err().to_string();
        assert!(!lab.ws.streaming.pipelines.contains_key("churn_dlt"));
        e
    };
    let table = "import dlt\n@dlt.table\ndef t():\n    return dlt.read_stream('customers')";
    let cases = [
        ("import dlt\nx = 1", "main.default", "the notebook defines no dataset"),
        (&format!("{table}\n@dlt.table\ndef u():\n    return dlt.read_stream('customers')"), "main.default", "defines 2 datasets (t, u)"),
        ("import dlt\n@dlt.table\ndef t():\n    return 42", "main.default", "must return a Spark DataFrame, not int"),
        ("import dlt\n@dlt.table\ndef t():\n    return spark.table('main.default.customers')", "main.default", "t() reads no stream"),
        ("import dlt\n@dlt.table\ndef t():\n    return dlt.read_stream('nowhere')", "main.default", "TABLE_OR_VIEW_NOT_FOUND"),
        ("import dlt\n@dlt.table(name='customers')\ndef t():\n    return dlt.read_stream('customers')", "main.default", "also the table it streams from"),
        ("import dlt\n@dlt.expect('ok', 'age > 0')\n@dlt.table\ndef t():\n    return dlt.read_stream('customers')", "main.default", "expectations"),
        ("import dlt\nundefined_name", "main.default", "NameError: name 'undefined_name' is not defined"),
        (table, "main", "catalog.schema"),
    ];
    for (code, target, wanted) in cases {
        let e = refused(&mut lab, code, target);
        assert!(e.contains(wanted), "{code}\n---\n{e}");
    }
    // A deleted notebook fails the next update with a message, kept on the pipeline.
    let id = lab.ws.add_notebook("gone", &[table.to_string()]).unwrap();
    lab.ws.create_pipeline(notebook_spec(&id, 4), 5).unwrap();
    lab.ws.delete_notebook(&id).unwrap();
    let e = lab
        .ws
        .step_pipeline("churn_dlt", 6, &mut ticking())
        .unwrap_err();
    assert!(e.to_string().contains("no longer exists"), "{e}");
    assert_eq!(lab.ws.streaming.pipelines["churn_dlt"].state(), "FAILED");
}

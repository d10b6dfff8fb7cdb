//! AutoML from cells: the documented calls on the bundled churn and housing data, the summary
//! and trial objects, loading the best model, and the API's refusals.

mod notebook_support;
use notebook_support::Lab;

const CHURN: &str = r#"
customers = spark.read.csv("/databricks-datasets/lakelab/churn/customers.csv", header=True, inferSchema=True)
labels = spark.read.csv("/databricks-datasets/lakelab/churn/churn_labels.csv", header=True, inferSchema=True)
df = customers.join(labels, on="customer_id")
"#;

#[test]
fn classify_returns_a_summary_whose_best_trial_loads_and_predicts() {
    let mut lab = Lab::new().with_datasets();
    lab.ok(CHURN);
    // The lab's clock moves 1 ms per reading: a tiny budget keeps the test to a few trials
    // (fewer than early stopping's 40).
    let printed = lab.ok(r#"from databricks import automl
summary = automl.classify(df, target_col="churn", timeout_minutes=0.001)
"#);
    assert!(printed.contains("AutoML ran"), "{printed}");
    assert!(printed.contains("timeout reached"), "{printed}");
    assert!(printed.contains("'customer_id' is not used"), "{printed}");
    let out = lab.ok(
        r#"import mlflow
best = summary.best_trial
print(best is summary.trials[0] or best.mlflow_run_id == summary.trials[0].mlflow_run_id)
print(best.evaluation_metric_score == best.metrics["val_f1_score"])
print(sorted(k for k in best.metrics if k.startswith("val_"))[:3])
print(summary.metric_distribution.startswith("min: "))
print(summary.is_early_stopped, summary.output_table_name)
print(best.model_path.endswith("/model"), type(summary.experiment).__name__)
model = best.load_model()
print(type(model).__name__, model.classes_)
pdf = df.limit(5).toPandas()
preds = model.predict(pdf)
print(len(preds), all(p in (0, 1) for p in preds))
proba = model.predict_proba(pdf)
print(len(proba[0]), abs(sum(proba[0]) - 1.0) < 1e-9)
loaded = mlflow.sklearn.load_model(best.model_path)
print(loaded.predict(pdf) == preds)
run = mlflow.get_run(best.mlflow_run_id)
print(run.data.params["classifier"] == best.model_description)
print(len(mlflow.search_runs(experiment_ids=[summary.experiment.experiment_id])) == len(summary.trials))
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "True",
            "True",
            "['val_accuracy_score', 'val_example_count', 'val_f1_score']",
            "True",
            "False None",
            "True Experiment",
            "Pipeline [0, 1]",
            "5 True",
            "2 True",
            "True",
            "True",
            "True",
        ],
        "{out}"
    );
}

#[test]
fn regress_takes_a_table_name_and_reports_conversions() {
    let mut lab = Lab::new().with_datasets();
    let out = lab.ok(
        r#"import databricks.automl
houses = spark.read.csv("/databricks-datasets/lakelab/housing/house_prices.csv", header=True, inferSchema=True)
spark.sql("CREATE SCHEMA IF NOT EXISTS main.ml")
from databricks.feature_engineering import FeatureEngineeringClient
FeatureEngineeringClient().create_table(name="main.ml.houses", primary_keys=["house_id"], df=houses)
s = databricks.automl.regress("main.ml.houses", target_col="price", primary_metric="rmse",
                              timeout_minutes=0.002, experiment_name="/Users/me/houses")
print(s.experiment.name, s.best_trial.evaluation_metric_score == s.best_trial.metrics["val_root_mean_squared_error"])
scores = [t.evaluation_metric_score for t in s.trials]
print(scores == sorted(scores))
print(s.best_trial.metrics["val_r2_score"] > 0.5)
"#,
    );
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with("AutoML ran") && !l.starts_with("Alert"))
        .collect();
    assert_eq!(lines, ["/Users/me/houses True", "True", "True"], "{out}");
}

#[test]
fn wrong_calls_raise_actionable_errors() {
    let mut lab = Lab::new().with_datasets();
    lab.ok(CHURN);
    lab.ok("from databricks import automl");
    let e = lab.err(r#"automl.classify(df, target_col="churn", max_trials=10)"#);
    assert!(
        e.contains("max_trials is not supported") && e.contains("timeout_minutes"),
        "{e}"
    );
    let e = lab.err(r#"automl.classify(df, target_col="nope")"#);
    assert!(e.starts_with("ValueError: target_col 'nope'"), "{e}");
    let e = lab.err(r#"automl.classify(df, target_col="churn", primary_metric="r2")"#);
    assert!(
        e.contains("f1, log_loss, precision, accuracy, roc_auc"),
        "{e}"
    );
    let e = lab.err(r#"automl.regress(df, target_col="churn", pos_label=1)"#);
    assert!(e.starts_with("TypeError"), "{e}");
    let e = lab.err(r#"automl.classify(df, "churn")"#);
    assert!(e.starts_with("TypeError"), "{e}");
    let e = lab.err(r#"automl.classify(df, target_col="churn", imputers={"age": "mode"})"#);
    assert!(e.contains("unknown strategy 'mode'"), "{e}");
    let e = lab.err(r#"automl.forecast(df, target_col="churn", time_col="x")"#);
    assert!(
        e.starts_with("ValueError: time_col 'x' is not a column of the dataset"),
        "{e}"
    );
}

#[test]
fn the_best_trials_generated_notebook_runs_and_reproduces_its_metric() {
    let mut lab = Lab::new().with_datasets();
    lab.ok(CHURN);
    let out = lab.ok(r#"from databricks import automl
summary = automl.classify(df, target_col="churn", timeout_minutes=0.002)
best = summary.best_trial
print(best.notebook_path)
print(best.notebook_url.startswith("notebook?id="), summary.trials[1].notebook_path)
print(best.mlflow_run_id)
print(best.metrics["val_f1_score"])
"#);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| !l.starts_with("AutoML ran") && !l.starts_with("Alert"))
        .collect();
    let (path, run_id, f1) = (
        lines[0].to_string(),
        lines[2].to_string(),
        lines[3].to_string(),
    );
    assert!(path.starts_with("AutoML best trial: churn ("), "{out}");
    assert_eq!(lines[1], "True None", "{out}");
    // The notebook is in the workspace, and in the run's artifacts.
    let nb = lab
        .ws
        .notebooks
        .iter()
        .find(|n| n.name == path)
        .expect("imported notebook");
    let cells: Vec<String> = nb.cells.iter().map(|c| c.source.clone()).collect();
    let artifact = lab
        .ws
        .tracking
        .artifact_bytes(&run_id, "notebooks/trial_notebook.py")
        .unwrap();
    assert!(String::from_utf8_lossy(artifact).starts_with("# Databricks notebook source"));
    // Running it reproduces the trial's validation F1 in a new run of the experiment.
    for cell in cells.iter().filter(|c| !c.starts_with("%md")) {
        lab.ok(cell);
    }
    let out = lab.ok(
        r#"new = mlflow.get_run(mlflow_run.info.run_id)
print(new.info.experiment_id == summary.experiment.experiment_id, new.info.run_id != best.mlflow_run_id)
print(new.data.metrics["val_f1_score"])
print(sorted(k for k in new.data.metrics if k.startswith("training_"))[:2])
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "True True", "{out}");
    assert_eq!(lines[1], f1, "the notebook reproduces val_f1_score");
    assert_eq!(
        lines[2], "['training_accuracy_score', 'training_f1_score']",
        "{out}"
    );
    // Any trial's notebook can be imported by its artifact URI.
    let out = lab.ok(
        r#"r = automl.import_notebook(summary.trials[1].artifact_uri, "/Users/me/trial1")
print(r.path, r.url.startswith("notebook?id="))
"#,
    );
    assert_eq!(out, "/Users/me/trial1 True\n");
    let e =
        lab.err(r#"automl.import_notebook(summary.trials[1].artifact_uri, "/Users/me/trial1")"#);
    assert!(e.contains("overwrite=True"), "{e}");
}

/// Runs the generated notebook of `summary`'s best trial and prints its validation metric
/// `key` from the new run, beside the trial's.
fn rerun_best_notebook(lab: &mut Lab, key: &str) -> (String, String) {
    let out = lab.ok(&format!(
        "best = summary.best_trial\nprint(best.notebook_path)\nprint(best.metrics[\"{key}\"])\n"
    ));
    let lines: Vec<&str> = out.lines().collect();
    let (path, want) = (lines[0].to_string(), lines[1].to_string());
    let nb = lab
        .ws
        .notebooks
        .iter()
        .find(|n| n.name == path)
        .expect("imported notebook");
    let cells: Vec<String> = nb.cells.iter().map(|c| c.source.clone()).collect();
    for cell in cells.iter().filter(|c| !c.starts_with("%md")) {
        lab.ok(cell);
    }
    let got = lab.ok(&format!(
        "print(mlflow.get_run(mlflow_run.info.run_id).data.metrics[\"{key}\"])\n"
    ));
    (want, got.trim().to_string())
}

#[test]
fn lightgbm_trials_notebooks_run_and_reproduce_their_metric() {
    let mut lab = Lab::new().with_datasets();
    lab.ok(CHURN);
    let out = lab.ok(
        r#"from databricks import automl
summary = automl.classify(df, target_col="churn", timeout_minutes=0.002, exclude_frameworks=["sklearn"])
print(all(t.model_description.startswith("LGBMClassifier(") for t in summary.trials), len(summary.trials) > 1)
"#,
    );
    assert!(out.contains("True True"), "{out}");
    let (want, got) = rerun_best_notebook(&mut lab, "val_f1_score");
    assert_eq!(got, want, "the LightGBM notebook reproduces val_f1_score");
    lab.ok(
        r#"houses = spark.read.csv("/databricks-datasets/lakelab/housing/house_prices.csv", header=True, inferSchema=True)
summary = automl.regress(houses, target_col="price", timeout_minutes=0.002, exclude_frameworks=["sklearn", "xgboost"])
"#,
    );
    let (want, got) = rerun_best_notebook(&mut lab, "val_r2_score");
    assert_eq!(got, want, "the LightGBM notebook reproduces val_r2_score");
    let e = lab.err(
        r#"automl.classify(df, target_col="churn", exclude_frameworks=["sklearn", "lightgbm"])"#,
    );
    assert!(e.contains("keep 'sklearn' or 'lightgbm'"), "{e}");
}

#[test]
fn dbutils_data_summarize_profiles_a_dataframe() {
    let mut lab = Lab::new().with_datasets();
    lab.ok(CHURN);
    let out = lab.ok("dbutils.data.summarize(df)");
    assert!(out.starts_with("2000 rows, 8 columns"), "{out}");
    assert!(out.contains("customer_id (bigint, id)"), "{out}");
    assert!(
        out.contains("contract (string, categorical): missing 0.0 %, 3 distinct\n  top: "),
        "{out}"
    );
    assert!(out.contains("has a different value on every row"), "{out}");
}

#[test]
fn feature_store_lookups_join_feature_tables_onto_the_dataset() {
    let mut lab = Lab::new().with_datasets();
    lab.ok(CHURN);
    lab.ok(r#"from databricks import automl
from databricks.feature_engineering import FeatureEngineeringClient
fe = FeatureEngineeringClient()
fe.create_table(name="main.default.customer_features", primary_keys="customer_id", df=customers)
"#);
    // The labels alone hold no feature: the lookups bring the customer columns in.
    let out = lab.ok(
        r#"summary = automl.classify(labels, target_col="churn", timeout_minutes=0.002,
    feature_store_lookups=[{"table_name": "main.default.customer_features", "lookup_key": "customer_id"}])
model = summary.best_trial.load_model()
print(sorted(model.feature_names_in_))
print(len(model.predict(df.limit(3).toPandas())))
"#,
    );
    let last: Vec<&str> = out.lines().rev().take(2).collect();
    assert_eq!(last[0], "3", "{out}");
    assert!(
        last[1].contains("'contract'") && last[1].contains("'tenure_months'"),
        "{out}"
    );
    assert!(!last[1].contains("'churn'"), "{out}");
    // The lookups are checked as create_training_set checks them.
    let err = lab.err(
        r#"automl.classify(labels, target_col="churn", timeout_minutes=0.002, feature_store_lookups=[{"table_name": "main.default.customer_features"}])"#,
    );
    assert!(
        err.contains("ValueError: feature_store_lookups[0] needs 'lookup_key'"),
        "{err}"
    );
    let err = lab.err(
        r#"automl.classify(labels, target_col="churn", timeout_minutes=0.002, feature_store_lookups=[{"table_name": "main.default.customer_features", "lookup_key": "id"}])"#,
    );
    assert!(
        err.contains("Could not find lookup key columns ['id'] required by FeatureLookups."),
        "{err}"
    );
    let err = lab.err(
        r#"automl.classify(labels, target_col="churn", timeout_minutes=0.002, feature_store_lookups=[{"table_name": "main.default.nope", "lookup_key": "customer_id"}])"#,
    );
    assert!(
        err.contains("The feature data table for 'main.default.nope' could not be found."),
        "{err}"
    );
}

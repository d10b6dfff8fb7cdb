//! AutoML's generated trial notebooks (the "glass box"): for each trial, a notebook in
//! Databricks source format that reproduces it with the documented APIs (pandas,
//! scikit-learn, MLflow) and runs in Lakelab's notebook runtime.
//!
//! As on Databricks, the notebook loads the data AutoML prepared, with the split it used in
//! a `_automl_split_col_0000` column (`train` / `val` / `test`); Lakelab writes it to
//! `/dbfs/databricks/automl/<experiment_id>/training_data.csv` (older Databricks runtimes
//! kept it under `data_dir` on DBFS; newer ones log it as an MLflow artifact). Columns that
//! semantic type detection converted (numbers or dates stored as text) are stored
//! converted, dates as days since 1970-01-01. The notebook builds the same preprocessing
//! (imputers, `StandardScaler`, `OneHotEncoder(handle_unknown="ignore")` in a
//! `ColumnTransformer`) and estimator, logs a new run in the AutoML experiment with
//! autologging, then the validation and test metrics under AutoML's names. Databricks
//! computes those with `mlflow.evaluate`, which Lakelab does not have; the notebook uses
//! `sklearn.metrics`, with the same definitions.
//!
//! What does not carry over exactly, and the notebook says so where it applies: a
//! categorical column with more than 32 values (AutoML one-hot encodes the 32 most frequent,
//! `OneHotEncoder` all of them), a log-transformed regression target, and class weights.

use serde::{Deserialize, Serialize};

use super::run::{PrepReport, TrialOutcome};
use crate::frame::csv_field;
use crate::ml::estimator::Task;
use crate::ml::prep::ONE_HOT_CAP;
use crate::notebook_files::to_databricks_source;

/// The split column's name in the data file.
pub const SPLIT_COL: &str = "_automl_split_col_0000";
/// Where a trial's notebook is logged in its run.
pub const NOTEBOOK_ARTIFACT: &str = "notebooks/trial_notebook.py";

/// The data file of an AutoML experiment.
pub fn data_path(experiment_id: &str) -> String {
    format!("/dbfs/databricks/automl/{experiment_id}/training_data.csv")
}

/// How one input column is imputed, as `SimpleImputer` arguments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Imputation {
    pub column: String,
    /// `mean`, `median`, `most_frequent` or `constant`.
    pub strategy: String,
    /// For `constant`: the fill value as a Python literal.
    pub fill_value: Option<String>,
    /// Categorical columns: how many distinct training values (for the one-hot cap note).
    pub distinct: usize,
}

crate::flat_de::map_only!(Imputation);

/// What the notebook needs to know about the preparation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct NotebookPlan {
    pub numeric: Vec<Imputation>,
    pub categorical: Vec<Imputation>,
    /// The positive class as a Python literal (binary classification).
    pub pos_label: Option<String>,
    pub n_classes: usize,
    pub weighted: bool,
    pub log_target: bool,
}

crate::flat_de::map_only!(NotebookPlan);

/// A Python literal of a parameter value as `Estimator::params` writes it.
fn py_literal(v: &str) -> String {
    if v == "None" || v == "True" || v == "False" || v.parse::<f64>().is_ok() {
        v.to_string()
    } else {
        format!("'{}'", v.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

fn py_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn imputer(i: &Imputation) -> String {
    match (&i.strategy[..], &i.fill_value) {
        ("constant", Some(v)) => format!("SimpleImputer(strategy=\"constant\", fill_value={v})"),
        (s, _) => format!("SimpleImputer(strategy=\"{s}\")"),
    }
}

/// The trial's notebook as cells (Markdown cells start with `%md`).
pub fn cells(
    report: &PrepReport,
    plan: &NotebookPlan,
    experiment_id: &str,
    outcome: &TrialOutcome,
) -> Vec<String> {
    let target = &report.target_col;
    let step = match report.task {
        Task::Classification => "classifier",
        Task::Regression => "regressor",
    };
    let estimator = outcome
        .model
        .as_ref()
        .map(|m| {
            let params = m
                .estimator
                .params()
                .iter()
                .map(|(k, v)| format!("{k}={}", py_literal(v)))
                .collect::<Vec<_>>()
                .join(", ");
            format!("{}({params})", outcome.estimator)
        })
        .unwrap_or_else(|| format!("{}()", outcome.estimator));
    let module = match outcome.estimator.as_str() {
        "LogisticRegression" | "LinearRegression" | "Ridge" | "Lasso" | "ElasticNet" => {
            "sklearn.linear_model"
        }
        "DecisionTreeClassifier" | "DecisionTreeRegressor" => "sklearn.tree",
        "LGBMClassifier" | "LGBMRegressor" => "lightgbm",
        _ => "sklearn.ensemble",
    };
    let mut notes = Vec::new();
    if plan.categorical.iter().any(|c| c.distinct > ONE_HOT_CAP) {
        notes.push(format!(
            "- AutoML one-hot encoded the {ONE_HOT_CAP} most frequent values of high-cardinality columns; `OneHotEncoder` encodes all of them, so this model can differ slightly."
        ));
    }
    if plan.log_target {
        notes.push("- AutoML fitted this regressor on log(1 + y) and converted predictions back; this notebook fits on y directly, so its metrics differ.".to_string());
    }
    if plan.weighted {
        notes.push("- AutoML weighted the training rows (imbalance handling or `sample_weight_col`); the data file keeps the downsampled training rows but this notebook fits without the weights.".to_string());
    }
    let mut out = vec![format!(
        "%md\n# {} training\n\nThis notebook was generated by Lakelab's AutoML for trial run `{}` in experiment `{experiment_id}`. Run it to reproduce the trial in a new MLflow run; edit it to try your own changes.\n\n- Target column: `{target}`; primary metric: `{}`\n- Model: `{estimator}`{}",
        outcome.estimator,
        outcome.run_name,
        report.metric().val_key(),
        if notes.is_empty() {
            String::new()
        } else {
            format!("\n\nWhere this notebook differs from the trial:\n{}", notes.join("\n"))
        }
    )];
    out.push(format!(
        "import mlflow\nimport pandas as pd\n\nmlflow.set_experiment(experiment_id=\"{experiment_id}\")\ntarget_col = {}",
        py_str(target)
    ));
    out.push(format!(
        "%md\n## Load the data\nAutoML's prepared data, with the train / validation / test split it used in `{SPLIT_COL}`."
    ));
    out.push(format!(
        "df_loaded = pd.read_csv({})\n\nsplit_train_df = df_loaded[df_loaded[\"{SPLIT_COL}\"] == \"train\"]\nsplit_val_df = df_loaded[df_loaded[\"{SPLIT_COL}\"] == \"val\"]\nsplit_test_df = df_loaded[df_loaded[\"{SPLIT_COL}\"] == \"test\"]\n\nX_train = split_train_df.drop(columns=[target_col, \"{SPLIT_COL}\"])\ny_train = split_train_df[target_col]\nX_val = split_val_df.drop(columns=[target_col, \"{SPLIT_COL}\"])\ny_val = split_val_df[target_col]\nX_test = split_test_df.drop(columns=[target_col, \"{SPLIT_COL}\"])\ny_test = split_test_df[target_col]\nprint(len(X_train), len(X_val), len(X_test))",
        py_str(&data_path(experiment_id))
    ));
    out.push("%md\n## Preprocessing\nNumeric columns are imputed and standardised; categorical columns are imputed and one-hot encoded.".to_string());
    let mut pre = String::from(
        "from sklearn.compose import ColumnTransformer\nfrom sklearn.impute import SimpleImputer\nfrom sklearn.pipeline import Pipeline\nfrom sklearn.preprocessing import OneHotEncoder, StandardScaler\n\ntransformers = []\n",
    );
    for i in &plan.numeric {
        pre.push_str(&format!(
            "transformers.append((\"numerical_{}\", Pipeline([(\"imputer\", {}), (\"standardizer\", StandardScaler())]), [{}]))\n",
            i.column,
            imputer(i),
            py_str(&i.column)
        ));
    }
    for i in &plan.categorical {
        pre.push_str(&format!(
            "transformers.append((\"onehot_{}\", Pipeline([(\"imputer\", {}), (\"one_hot_encoder\", OneHotEncoder(handle_unknown=\"ignore\"))]), [{}]))\n",
            i.column,
            imputer(i),
            py_str(&i.column)
        ));
    }
    pre.push_str("\npreprocessor = ColumnTransformer(transformers, remainder=\"drop\")");
    out.push(pre);
    let sampled = outcome
        .params
        .get("sample_size")
        .filter(|n| **n != report.split_sizes.0.to_string())
        .map(|n| format!(" The trial fitted on a sample of {n} of the {} training rows (AutoML samples large training splits); this notebook fits on all of them, so its metrics can differ a little.", report.split_sizes.0))
        .unwrap_or_default();
    out.push(format!(
        "%md\n## Train\nThe trial's estimator and hyperparameters; autologging records the parameters, the training metrics and the model in a new run.{sampled}"
    ));
    let metric_code = match report.task {
        Task::Classification if plan.n_classes == 2 => {
            let pos = plan.pos_label.clone().unwrap_or_else(|| "1".into());
            format!(
                "from sklearn.metrics import accuracy_score, f1_score, log_loss, precision_score, recall_score, roc_auc_score\n\ndef evaluate(X, y, prefix):\n    pred = model.predict(X)\n    proba = model.predict_proba(X)\n    positive = list(model.classes_).index({pos})\n    return {{\n        prefix + \"accuracy_score\": accuracy_score(y, pred),\n        prefix + \"precision_score\": precision_score(y, pred, pos_label={pos}),\n        prefix + \"recall_score\": recall_score(y, pred, pos_label={pos}),\n        prefix + \"f1_score\": f1_score(y, pred, pos_label={pos}),\n        prefix + \"log_loss\": log_loss(y, proba),\n        prefix + \"roc_auc\": roc_auc_score([v == {pos} for v in y], [p[positive] for p in proba]),\n    }}"
            )
        }
        Task::Classification => "from sklearn.metrics import accuracy_score, f1_score, log_loss, precision_score, recall_score\n\ndef evaluate(X, y, prefix):\n    pred = model.predict(X)\n    return {\n        prefix + \"accuracy_score\": accuracy_score(y, pred),\n        prefix + \"precision_score\": precision_score(y, pred, average=\"weighted\"),\n        prefix + \"recall_score\": recall_score(y, pred, average=\"weighted\"),\n        prefix + \"f1_score\": f1_score(y, pred, average=\"weighted\"),\n        prefix + \"log_loss\": log_loss(y, model.predict_proba(X)),\n    }".to_string(),
        Task::Regression => "from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score, root_mean_squared_error\n\ndef evaluate(X, y, prefix):\n    pred = model.predict(X)\n    return {\n        prefix + \"r2_score\": r2_score(y, pred),\n        prefix + \"mean_squared_error\": mean_squared_error(y, pred),\n        prefix + \"root_mean_squared_error\": root_mean_squared_error(y, pred),\n        prefix + \"mean_absolute_error\": mean_absolute_error(y, pred),\n    }".to_string(),
    };
    out.push(format!(
        "from {module} import {}\n\nmlflow.sklearn.autolog(log_input_examples=True, silent=True)\nwith mlflow.start_run(run_name=\"{}\") as mlflow_run:\n    model = Pipeline([\n        (\"preprocessor\", preprocessor),\n        (\"{step}\", {estimator}),\n    ])\n    model.fit(X_train, y_train)\n    {}\n    val_metrics = evaluate(X_val, y_val, \"val_\")\n    test_metrics = evaluate(X_test, y_test, \"test_\")\n    mlflow.log_metrics(val_metrics)\n    mlflow.log_metrics(test_metrics)\nmlflow.sklearn.autolog(disable=True)\nprint(val_metrics)",
        outcome.estimator,
        outcome.run_name,
        metric_code.replace('\n', "\n    ")
    ));
    out.push("%md\n## Next\nThe model is logged in the run above as `model`: register it with `mlflow.register_model(f\"runs:/{mlflow_run.info.run_id}/model\", \"catalog.schema.model\")`.".to_string());
    out
}

/// The notebook as Databricks source text (what the run's artifact holds).
pub fn source(
    report: &PrepReport,
    plan: &NotebookPlan,
    experiment_id: &str,
    outcome: &TrialOutcome,
) -> String {
    to_databricks_source(&cells(report, plan, experiment_id, outcome))
}

/// The data file: the input columns, the target and the split column.
pub fn data_csv(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = header
        .iter()
        .map(|h| csv_field(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for r in rows {
        for (i, v) in r.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            if v.contains([',', '"', '\n', '\r']) {
                out.push_str(&csv_field(v));
            } else {
                out.push_str(v);
            }
        }
        out.push('\n');
    }
    out
}

/// Imports the generated notebook of the trial whose run artifacts are at `artifact_uri`
/// into the workspace as notebook `path` (`automl.import_notebook`); returns its id.
pub fn import(
    ws: &mut crate::workspace::Workspace,
    artifact_uri: &str,
    path: &str,
    overwrite: bool,
) -> Result<String, String> {
    let location = ws
        .tracking
        .artifact_location(&format!(
            "{}/{NOTEBOOK_ARTIFACT}",
            artifact_uri.trim_end_matches('/')
        ))
        .ok_or_else(|| format!("no MLflow run has the artifact URI '{artifact_uri}'"))?;
    let bytes = ws
        .tracking
        .artifact_bytes(&location.run_id, NOTEBOOK_ARTIFACT)
        .map_err(|_| {
            format!("the run at '{artifact_uri}' has no generated notebook ({NOTEBOOK_ARTIFACT})")
        })?;
    let cells = crate::notebook_files::from_databricks_source(&String::from_utf8_lossy(bytes))?;
    if let Some(i) = ws.notebooks.iter().position(|n| n.name == path) {
        if !overwrite {
            return Err(format!(
                "A notebook named '{path}' already exists; pass overwrite=True to replace it"
            ));
        }
        ws.notebooks.remove(i);
    }
    ws.add_notebook(path, &cells).map_err(|e| e.to_string())
}

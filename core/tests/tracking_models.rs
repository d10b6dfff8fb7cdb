//! `log_model`, `runs:/` URIs, signatures and `load_model(...).predict`, as MLflow behaves.

use lakelab_core::models::{ColSpec, LinearModel, Link, ModelInput, SavedModel, Signature};
use lakelab_core::persist::envelope::SaveMeta;
use lakelab_core::persist::memory::{run_ready, MemoryStore};
use lakelab_core::persist::session::{load, Loaded, Saver};
use lakelab_core::tracking::{ErrorCode, NewRun, Tracking};
use lakelab_core::Workspace;
use serde_json::{json, Value};

fn churn_model() -> SavedModel {
    SavedModel::Linear(LinearModel {
        features: vec!["tenure".into(), "monthly".into()],
        coefficients: vec![-0.1, 0.05],
        intercept: 0.5,
        link: Link::Logistic {
            negative: json!(0),
            positive: json!(1),
        },
    })
}

fn example() -> ModelInput {
    ModelInput {
        columns: vec!["tenure".into(), "monthly".into(), "plan".into()],
        data: vec![
            vec![json!(2), json!(80.5), json!("basic")],
            vec![json!(40), json!(20.0), json!("pro")],
        ],
    }
}

fn with_run() -> (Tracking, String) {
    let mut t = Tracking::new(1, 0);
    let id = t.create_run("0", NewRun::default(), 0).unwrap();
    (t, id)
}

fn text(t: &Tracking, run: &str, path: &str) -> String {
    String::from_utf8(t.artifact_bytes(run, path).unwrap().to_vec()).unwrap()
}

#[test]
fn log_model_writes_the_model_directory_and_returns_its_runs_uri() {
    let (mut t, run) = with_run();
    let info = t
        .log_model(
            &run,
            &churn_model(),
            "model",
            None,
            Some(&example()),
            1_764_160_245_123,
        )
        .unwrap();
    assert_eq!(info.model_uri, format!("runs:/{run}/model"));
    let files: Vec<String> = t
        .list_artifacts(&run, Some("model"))
        .unwrap()
        .into_iter()
        .map(|f| f.path)
        .collect();
    assert_eq!(
        files,
        [
            "model/MLmodel",
            "model/input_example.json",
            "model/model.json",
            "model/requirements.txt"
        ]
    );
    let mlmodel = text(&t, &run, "model/MLmodel");
    assert!(mlmodel.starts_with("artifact_path: model\n"), "{mlmodel}");
    assert!(mlmodel.contains(&format!("run_id: {run}\n")));
    assert!(mlmodel.contains("utc_time_created: '2025-11-26 12:30:45.123000'\n"));
    assert!(mlmodel.contains("  python_function:\n    loader_module: mlflow.sklearn\n"));
    // MLflow writes each signature side as a JSON string.
    assert!(
        mlmodel.contains("  inputs: '[{\"type\":\"long\",\"name\":\"tenure\",\"required\":true},")
    );
    let example_json: Value =
        serde_json::from_str(&text(&t, &run, "model/input_example.json")).unwrap();
    assert_eq!(
        example_json["columns"],
        json!(["tenure", "monthly", "plan"])
    );
    assert_eq!(
        t.logged_models(&run).unwrap()[0].class_name,
        "LogisticRegression"
    );
}

#[test]
fn a_missing_signature_is_inferred_from_the_input_example() {
    let (mut t, run) = with_run();
    let info = t
        .log_model(&run, &churn_model(), "model", None, Some(&example()), 0)
        .unwrap();
    let col = |t: &str, n: Option<&str>| ColSpec {
        col_type: t.into(),
        name: n.map(Into::into),
        required: true,
    };
    assert_eq!(
        info.signature,
        Some(Signature {
            inputs: vec![
                col("long", Some("tenure")),
                col("double", Some("monthly")),
                col("string", Some("plan")),
            ],
            outputs: vec![col("long", None)],
        })
    );
    // Without an example or a signature, there is none (UC registration will need one).
    let info = t
        .log_model(&run, &churn_model(), "bare", None, None, 0)
        .unwrap();
    assert_eq!(info.signature, None);
    assert!(!text(&t, &run, "bare/MLmodel").contains("signature"));
}

#[test]
fn a_loaded_model_predicts_and_enforces_its_signature() {
    let (mut t, run) = with_run();
    t.log_model(&run, &churn_model(), "model", None, Some(&example()), 0)
        .unwrap();
    let model = t.load_model(&format!("runs:/{run}/model")).unwrap();
    // score = 0.5 - 0.1 * tenure + 0.05 * monthly: 0.5-0.2+4.025 > 0 → 1; 0.5-4+1 < 0 → 0.
    assert_eq!(model.predict(&example()).unwrap(), vec![json!(1), json!(0)]);
    let missing = ModelInput {
        columns: vec!["monthly".into(), "extra".into()],
        data: vec![vec![json!(1.0), json!(2)]],
    };
    let err = model.predict(&missing).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidParameterValue);
    assert_eq!(
        err.message,
        "Model is missing inputs ['tenure', 'plan']. Note that there were extra inputs: ['extra']"
    );
}

#[test]
fn bad_model_uris_and_paths_are_refused_like_mlflow() {
    let (mut t, run) = with_run();
    t.log_model(&run, &churn_model(), "model", None, None, 0)
        .unwrap();
    assert!(t
        .load_model(&format!("runs:/{run}"))
        .unwrap_err()
        .message
        .starts_with("Not a proper runs:/ URI"));
    let err = t.load_model(&format!("runs:/{run}/other")).unwrap_err();
    assert_eq!(err.code, ErrorCode::ResourceDoesNotExist);
    assert!(t.load_model("runs:/nope/model").is_err());
    assert!(t
        .log_model(&run, &churn_model(), "../model", None, None, 0)
        .unwrap_err()
        .message
        .starts_with("Invalid artifact path"));
    t.delete_run(&run).unwrap();
    assert!(t
        .log_model(&run, &churn_model(), "m2", None, None, 0)
        .is_err());
}

#[test]
fn a_logged_model_survives_a_save_and_load() {
    let mut ws = Workspace::default();
    let run = ws.tracking.create_run("0", NewRun::default(), 0).unwrap();
    ws.tracking
        .log_model(&run, &churn_model(), "model", None, Some(&example()), 0)
        .unwrap();
    let store = MemoryStore::new();
    let meta = SaveMeta {
        app_version: "t",
        saved_at_ms: 0,
    };
    let mut saver = Saver::after_load("workspace", &Loaded::<Workspace>::Empty);
    run_ready(saver.save(&store, &mut ws, meta))
        .unwrap()
        .unwrap();
    let Loaded::Restored { decoded, .. } = run_ready(load::<Workspace, _>(&store, "workspace"))
        .unwrap()
        .unwrap()
    else {
        panic!("not restored")
    };
    let model = decoded
        .doc
        .tracking
        .load_model(&format!("runs:/{run}/model"))
        .unwrap();
    assert_eq!(model.predict(&example()).unwrap(), vec![json!(1), json!(0)]);
}

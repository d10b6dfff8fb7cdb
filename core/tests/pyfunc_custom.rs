//! Custom models: a `mlflow.pyfunc.PythonModel` subclass wrapping a trained model with pre-
//! and post-processing, logged with its artifacts, registered in Unity Catalog, loaded back,
//! served and queried; its errors; and the saved model's round trip.

mod notebook_support;

use lakelab_core::models::python_model::{PythonModel, State};
use lakelab_core::models::SavedModel;
use lakelab_core::serving::store::DEPLOY_MS;
use notebook_support::Lab;
use serde_json::{json, Value};

/// Training data, a fitted logistic regression and random forest logged to a run, and the
/// wrapper class: log-transforms `spend`, keeps the two features, thresholds the positive
/// class's probability at `self.threshold` into labels.
const SETUP: &str = r#"
import math
import mlflow
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import RandomForestClassifier
X = pd.DataFrame({
    "age": [22, 25, 31, 35, 41, 47, 52, 58, 63, 29, 38, 44, 55, 60, 33, 27],
    "spend": [5.0, 80.0, 12.0, 150.0, 7.0, 210.0, 9.0, 300.0, 14.0, 95.0, 11.0, 180.0, 8.0, 260.0, 120.0, 6.0],
    "region": ["n", "s", "n", "s", "e", "w", "n", "s", "e", "w", "n", "s", "e", "w", "n", "s"],
})
y = pd.Series([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 0])
Xp = X[["age", "spend"]].copy()
Xp["spend"] = Xp["spend"].apply(math.log1p)
lr = LogisticRegression().fit(Xp, y)
rf = RandomForestClassifier(n_estimators=10, max_depth=3, random_state=0).fit(Xp, y)
with mlflow.start_run() as train_run:
    mlflow.sklearn.log_model(lr, "model")
    mlflow.sklearn.log_model(rf, "forest")

class Prep(mlflow.pyfunc.PythonModel):
    features = ["age", "spend"]
    def prep(self, df):
        out = df[self.features].copy()
        out["spend"] = out["spend"].apply(math.log1p)
        return out

class Wrapper(Prep):
    def __init__(self, threshold):
        super().__init__()
        self.threshold = threshold
        self.model = None
    def load_context(self, context):
        self.model = mlflow.sklearn.load_model(context.artifacts["model"])
    def predict(self, context, model_input, params=None):
        proba = [p[1] for p in self.model.predict_proba(self.prep(model_input))]
        return pd.DataFrame({"label": [1 if p > self.threshold else 0 for p in proba], "probability": proba})
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

/// Logs `Wrapper(0.5)` with the logistic regression as its artifact, registered as
/// `main.default.churn_custom`.
const LOG: &str = r#"
from mlflow.models import infer_signature
sig = infer_signature(X, pd.DataFrame({"label": [1], "probability": [0.5]}))
with mlflow.start_run() as run:
    info = mlflow.pyfunc.log_model(
        artifact_path="custom",
        python_model=Wrapper(0.5),
        artifacts={"model": f"runs:/{train_run.info.run_id}/model"},
        signature=sig,
        input_example=X.head(3),
        registered_model_name="main.default.churn_custom",
        pip_requirements=["mlflow==2.22.1"],
    )
"#;

/// What the wrapper must answer on `X`, computed by hand in the notebook.
const BY_HAND: &str = r#"
proba = [p[1] for p in lr.predict_proba(Xp)]
expected = [{"label": 1 if p > 0.5 else 0, "probability": p} for p in proba]
"#;

#[test]
fn a_wrapper_logs_registers_loads_and_predicts_like_the_steps_by_hand() {
    let mut lab = lab();
    lab.ok(LOG);
    lab.ok(BY_HAND);
    let out = lab.ok("loaded = mlflow.pyfunc.load_model('models:/main.default.churn_custom/1')\ngot = loaded.predict(X)\nprint(got == expected)\nprint(len(got), 0 < sum(r['label'] for r in got) < 16)\nprint(mlflow.pyfunc.load_model(info.model_uri).predict(X) == expected)");
    assert_eq!(out, "True\n16 True\nTrue\n");
    // The same instance predicts in the notebook before logging, given a context by hand.
    let out = lab.ok("w = Wrapper(0.5)\nctx = mlflow.pyfunc.PythonModelContext({'model': f'runs:/{train_run.info.run_id}/model'}, {})\nw.model = lr\nd = w.predict(ctx, X)\nprint(d['label'].tolist() == [r['label'] for r in expected], isinstance(w, mlflow.pyfunc.PythonModel), isinstance(w, Prep))");
    assert_eq!(out, "True True True\n");
}

#[test]
fn the_model_directory_is_mlflows_python_function_flavor() {
    let mut lab = lab();
    lab.ok(LOG);
    let out = lab.ok("from mlflow import MlflowClient\nc = MlflowClient()\nprint([f.path for f in c.list_artifacts(run.info.run_id, 'custom')])\nprint([f.path for f in c.list_artifacts(run.info.run_id, 'custom/artifacts/model')])\nprint(mlflow.artifacts.load_text(f'runs:/{run.info.run_id}/custom/MLmodel'))\nprint(mlflow.artifacts.load_text(f'runs:/{run.info.run_id}/custom/requirements.txt'))");
    assert!(
        out.starts_with("['custom/MLmodel', 'custom/artifacts', 'custom/input_example.json', 'custom/python_model.pkl', 'custom/requirements.txt']\n['custom/artifacts/model/MLmodel', 'custom/artifacts/model/model.json', 'custom/artifacts/model/requirements.txt']\n"),
        "{out}"
    );
    for needle in [
        "flavors:\n  python_function:\n",
        "    artifacts:\n      model:\n        path: artifacts/model\n",
        "    loader_module: mlflow.pyfunc.model\n",
        "    python_model: python_model.pkl\n",
        "signature:\n",
    ] {
        assert!(out.contains(needle), "{needle}\n---\n{out}");
    }
    assert!(!out.contains("sklearn:"), "{out}");
    assert!(out.ends_with("\nmlflow==2.22.1\n\n"), "{out}");
}

#[test]
fn the_served_wrapper_answers_like_the_loaded_model() {
    let mut lab = lab();
    lab.ok(LOG);
    lab.ok(BY_HAND);
    let expected = lab.ok("import json\nprint(json.dumps(expected))");
    let expected: Value = serde_json::from_str(expected.trim()).expect("json");
    let config = json!({"served_entities": [{"entity_name": "main.default.churn_custom", "entity_version": "1"}]});
    lab.ws
        .create_endpoint("custom", &config, &[], "me", 0)
        .expect("endpoint");
    let split = lab.ok("print(json.dumps(X.to_dict(orient='split')))");
    let split: Value = serde_json::from_str(split.trim()).expect("json");
    let body = json!({"dataframe_split": {"columns": split["columns"], "data": split["data"]}});
    let reply = lab
        .ws
        .query_endpoint("custom", &body.to_string(), DEPLOY_MS, &mut || 0.0);
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["predictions"], expected);
    // From a notebook cell through the SDK too.
    let out = lab.ok("from databricks.sdk import WorkspaceClient\nfrom databricks.sdk.service.serving import DataframeSplitInput\nr = WorkspaceClient().serving_endpoints.query(name='custom', dataframe_split=DataframeSplitInput.from_dict(X.to_dict(orient='split')))\nprint(r.predictions == expected)");
    assert_eq!(out, "True\n");
}

#[test]
fn a_predict_that_raises_is_the_servers_400_with_the_traceback() {
    let mut lab = lab();
    lab.ok("from mlflow.models import infer_signature\nclass Broken(mlflow.pyfunc.PythonModel):\n    def predict(self, context, model_input):\n        total = len(model_input)\n        return [1 / (total - total)]\nwith mlflow.start_run():\n    mlflow.pyfunc.log_model('m', python_model=Broken(), signature=infer_signature(X, [1.0]), registered_model_name='main.default.broken')");
    // In a cell, the model's own exception is raised, its traceback in a note.
    let r = lab.run("mlflow.pyfunc.load_model('models:/main.default.broken/1').predict(X)");
    let e = r.error.expect("predict raises");
    assert_eq!(e.error.headline(), "ZeroDivisionError: division by zero");
    assert!(
        e.traceback.contains("line 1, in <module>"),
        "{}",
        e.traceback
    );
    assert!(
        e.traceback.contains("In the model's predict:\nTraceback (most recent call last):\n  File \"<python_model>\""),
        "{}",
        e.traceback
    );
    let config =
        json!({"served_entities": [{"entity_name": "main.default.broken", "entity_version": "1"}]});
    lab.ws
        .create_endpoint("broken", &config, &[], "me", 0)
        .expect("endpoint");
    let reply = lab.ws.query_endpoint(
        "broken",
        r#"{"dataframe_records": [{"age": 30, "spend": 5.0, "region": "n"}]}"#,
        DEPLOY_MS,
        &mut || 0.0,
    );
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(reply.body["error_code"], "BAD_REQUEST");
    let trace = reply.body["stack_trace"].as_str().unwrap_or_default();
    assert!(
        trace.starts_with("Traceback (most recent call last):\n"),
        "{trace}"
    );
    assert!(
        trace.contains("return [1 / (total - total)]")
            && trace.ends_with("ZeroDivisionError: division by zero"),
        "{trace}"
    );
}

#[test]
fn log_model_errors_as_mlflow_and_pickle_do() {
    let mut lab = lab();
    let e = lab.err("class Holder(mlflow.pyfunc.PythonModel):\n    def __init__(self):\n        self.session = spark\n    def predict(self, context, model_input):\n        return []\nmlflow.pyfunc.log_model('m', python_model=Holder())");
    assert!(
        e.starts_with("TypeError: cannot pickle 'SparkSession' object"),
        "{e}"
    );
    let r = lab.run("mlflow.pyfunc.log_model('m', python_model=Holder())");
    let tb = r.error.map(|e| e.traceback).unwrap_or_default();
    assert!(
        tb.contains("attribute 'session' of the Holder instance"),
        "{tb}"
    );
    let e = lab.err("mlflow.pyfunc.log_model('m')");
    assert!(
        e.starts_with("mlflow.exceptions.MlflowException: Either `loader_module` or `python_model` must be specified."),
        "{e}"
    );
    let e = lab.err("mlflow.pyfunc.log_model('m', python_model=3)");
    assert!(
        e.contains("`python_model` must be a PythonModel instance"),
        "{e}"
    );
    let e =
        lab.err("mlflow.pyfunc.log_model(artifact_path='m', name='m', python_model=Wrapper(0.5))");
    assert!(
        e.contains("Both `artifact_path` (deprecated) and `name`"),
        "{e}"
    );
    let e = lab.err("mlflow.pyfunc.log_model('m', python_model=Wrapper(0.5), artifacts={'model': '/Volumes/main/default/v/nothing.pkl'})");
    assert!(e.starts_with("FileNotFoundError: "), "{e}");
    let e = lab.err("class NoPredict(mlflow.pyfunc.PythonModel):\n    pass\nNoPredict()");
    assert_eq!(
        e,
        "TypeError: Can't instantiate abstract class NoPredict with abstract method predict"
    );
}

#[test]
fn state_globals_and_file_artifacts_travel_with_the_model() {
    let mut lab = lab();
    // A fitted model as an attribute, a global constant, a Volumes file as an artifact,
    // model_config, and predict without the context (MLflow >= 2.20).
    let out = lab.ok("class Scaler:\n    def __init__(self, k):\n        self.k = k\n    def apply(self, v):\n        return v * self.k\nSCALE = 10\nwith open('/Volumes/main/default/v/offset.txt', 'w') as f:\n    f.write('3')\nclass Direct(mlflow.pyfunc.PythonModel):\n    def __init__(self):\n        self.forest = rf\n        self.names = ('age', 'spend')\n        self.offset = 0\n    def load_context(self, context):\n        with open(context.artifacts['offset']) as f:\n            self.offset = int(f.read()) + context.model_config['extra']\n    def predict(self, model_input, params=None):\n        X = model_input[list(self.names)].copy()\n        X['spend'] = X['spend'].apply(math.log1p)\n        s = Scaler(SCALE)\n        return [s.apply(p) + self.offset for p in self.forest.predict(X)]\nwith mlflow.start_run():\n    i = mlflow.pyfunc.log_model(name='direct', python_model=Direct(), artifacts={'offset': '/Volumes/main/default/v/offset.txt'}, model_config={'extra': 1})\nSCALE = 0\ngot = mlflow.pyfunc.load_model(i.model_uri).predict(X)\nprint(got == [p * 10 + 4 for p in rf.predict(Xp)], i.artifact_path)");
    assert_eq!(out, "True direct\n");
}

#[test]
fn the_saved_model_survives_a_serde_round_trip() {
    let mut lab = lab();
    lab.ok(LOG);
    let uri = lab.ok("print(info.model_uri)");
    let loaded = lab.ws.tracking.load_model(uri.trim()).expect("load");
    let SavedModel::PythonModel(m) = &loaded.model else {
        panic!("not a custom model: {:?}", loaded.model);
    };
    assert_eq!(m.class_name, "Wrapper");
    assert_eq!(m.classes.len(), 2);
    assert!(m.classes[0].starts_with("class Prep(mlflow.pyfunc.PythonModel):"));
    assert!(
        m.imports.contains(&"import math".to_string()),
        "{:?}",
        m.imports
    );
    assert!(m
        .state
        .contains(&("threshold".to_string(), State::Float(0.5))));
    let text = lakelab_core::models::json::to_text(&loaded.model, false).expect("text");
    let back: SavedModel = lakelab_core::models::json::from_text(&text).expect("back");
    assert_eq!(back, loaded.model);
    // Non-finite floats and nested containers keep their types.
    let odd = PythonModel {
        state: vec![(
            "x".into(),
            State::Dict(vec![(
                State::Str("k".into()),
                State::Tuple(vec![
                    State::Float(f64::INFINITY),
                    State::Int(2),
                    State::None,
                ]),
            )]),
        )],
        ..(**m).clone()
    };
    let model = SavedModel::PythonModel(Box::new(odd));
    let text = lakelab_core::models::json::to_text(&model, true).expect("text");
    let back: SavedModel = lakelab_core::models::json::from_text(&text).expect("back");
    assert_eq!(back, model);
}

#[test]
fn nested_classes_and_registered_artifacts_load_through_pyfunc() {
    let mut lab = lab();
    // A class indented under `if` (saved dedented, non-ASCII text kept), and a models:/ URI
    // as the artifact, loaded with mlflow.pyfunc.load_model inside load_context.
    let out = lab.ok("with mlflow.start_run():\n    fi = mlflow.sklearn.log_model(rf, 'forest', input_example=Xp.head(3))\nmlflow.register_model(fi.model_uri, 'main.default.forest')\nif True:\n    class Upper(mlflow.pyfunc.PythonModel):\n        def load_context(self, context):\n            self.forest = mlflow.pyfunc.load_model(context.artifacts['m'])\n        def predict(self, context, model_input):\n            # café\u{3000}au lait\n            tags = [r.upper() for r in model_input['region'].tolist()]\n            return [f'{t}{p}' for t, p in zip(tags, self.forest.predict(model_input[['age', 'spend']]))]\nwith mlflow.start_run():\n    u = mlflow.pyfunc.log_model('u', python_model=Upper(), artifacts={'m': 'models:/main.default.forest/1'})\nX3 = X.head(3)\nprint(mlflow.pyfunc.load_model(u.model_uri).predict(X3) == [f'{t.upper()}{p}' for t, p in zip(X3['region'].tolist(), rf.predict(X3[['age', 'spend']]))])");
    assert_eq!(
        out,
        "Successfully registered model 'main.default.forest'.\nCreated version '1' of model 'main.default.forest'.\nTrue\n"
    );
}

#[test]
fn damaged_custom_models_are_errors_not_panics() {
    use lakelab_core::models::Predict;
    let missing: Result<SavedModel, String> = lakelab_core::models::json::from_text(
        br#"{"model_type": "python_model", "class_name": "X"}"#,
    );
    assert!(missing.is_err());
    let broken = PythonModel {
        class_name: "Gone".into(),
        classes: vec!["class Gone(:\n    pass".into()],
        imports: vec![],
        globals: vec![],
        state: vec![],
        artifacts: vec![],
        model_config: vec![],
    };
    let input = lakelab_core::frame::SplitFrame {
        columns: vec!["a".into()],
        data: vec![vec![json!(1)]],
    };
    let e = broken.predict(&input).unwrap_err();
    assert!(e.contains("SyntaxError"), "{e}");
    let renamed = PythonModel {
        classes: vec!["class Other:\n    pass".into()],
        ..broken
    };
    let e = renamed.predict(&input).unwrap_err();
    assert!(e.contains("Gone"), "{e}");
}

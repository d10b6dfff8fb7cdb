//! The MLflow bindings in notebook cells: the calls of the docs and the exam work unchanged,
//! and wrong calls raise the real exception types with the real message shapes.

mod notebook_support;
use lakelab_core::tracking::{RunQuery, RunStatus};
use notebook_support::Lab;

#[test]
fn fluent_runs_log_and_are_found_by_the_client() {
    let mut lab = Lab::new();
    let out = lab.ok(
        "\
import mlflow
from mlflow.tracking import MlflowClient

exp = mlflow.set_experiment('/Users/ada@example.com/churn')
with mlflow.start_run(run_name='rf-depth-5') as run:
    mlflow.log_param('max_depth', 5)
    mlflow.log_params({'n_estimators': 100, 'criterion': 'gini'})
    mlflow.log_metric('accuracy', 0.91)
    mlflow.log_metrics({'f1': 0.88, 'auc': 0.93})
    for step, loss in enumerate([0.9, 0.5, 0.3]):
        mlflow.log_metric('loss', loss, step=step)
    mlflow.set_tag('team', 'ml')
    mlflow.log_dict({'features': ['a', 'b']}, 'config.json')
    run_id = run.info.run_id
print(run.info.run_name, mlflow.active_run())
r = mlflow.get_run(run_id)
print(r.info.status, r.data.params['max_depth'], r.data.metrics['accuracy'], r.data.tags['team'])
client = MlflowClient()
e = client.get_experiment_by_name('/Users/ada@example.com/churn')
print(e.experiment_id == exp.experiment_id, e.name)
best = client.search_runs(experiment_ids=[e.experiment_id], order_by=['metrics.accuracy DESC'], max_results=1)[0]
print(best.info.run_id == run_id, [m.value for m in client.get_metric_history(run_id, 'loss')])
print([f.path for f in client.list_artifacts(run_id)])
",
    );
    assert_eq!(
        out,
        "rf-depth-5 None\nFINISHED 5 0.91 ml\nTrue /Users/ada@example.com/churn\nTrue [0.9, 0.5, 0.3]\n['config.json']\n"
    );
    // The engine holds exactly that run, with the learner as user.
    let runs = lab
        .ws
        .tracking
        .search_runs(&RunQuery {
            experiment_ids: vec!["1".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(runs.runs.len(), 1);
    assert_eq!(runs.runs[0].info.user_id, "learner@lakelab");
    assert_eq!(runs.runs[0].data.params["criterion"], "gini");
}

#[test]
fn a_block_that_raises_fails_its_run_and_logging_starts_a_run() {
    let mut lab = Lab::new();
    let r = lab.run(
        "import mlflow\nwith mlflow.start_run() as run:\n    rid = run.info.run_id\n    1 / 0",
    );
    assert!(r.error.is_some());
    let out = lab.ok("print(mlflow.get_run(rid).info.status, mlflow.active_run())");
    assert_eq!(out, "FAILED None\n");
    // Logging without a run starts one and leaves it active, as MLflow does.
    let out = lab.ok("mlflow.log_metric('x', 1)\nr = mlflow.active_run()\nprint(r is not None, r.info.status)\nmlflow.end_run()\nprint(mlflow.last_active_run().info.status)");
    assert_eq!(out, "True RUNNING\nFINISHED\n");
    let out = lab.ok("\
with mlflow.start_run(run_name='parent') as parent:
    with mlflow.start_run(run_name='child', nested=True) as child:
        pass
print(mlflow.get_run(child.info.run_id).data.tags['mlflow.parentRunId'] == parent.info.run_id)
");
    assert_eq!(out, "True\n");
    let statuses: Vec<RunStatus> = lab
        .ws
        .tracking
        .search_runs(&RunQuery {
            experiment_ids: vec!["0".into()],
            ..Default::default()
        })
        .unwrap()
        .runs
        .iter()
        .map(|r| r.info.status)
        .collect();
    assert!(
        statuses.iter().all(|s| *s != RunStatus::Running),
        "{statuses:?}"
    );
}

#[test]
fn search_runs_returns_a_table_to_pick_the_best_run_from() {
    let mut lab = Lab::new();
    let out = lab.ok(
        "\
import mlflow
mlflow.set_experiment('/Shared/tuning')
for depth, acc in [(3, 0.81), (5, 0.9), (8, 0.86)]:
    with mlflow.start_run():
        mlflow.log_param('max_depth', depth)
        mlflow.log_metric('accuracy', acc)
runs = mlflow.search_runs(order_by=['metrics.accuracy DESC'])
print(runs.shape, runs.iloc[0]['params.max_depth'], runs.iloc[0]['metrics.accuracy'])
best = runs.loc[runs['metrics.accuracy'].idxmax()]
print(best['params.max_depth'], len(runs), runs.empty)
top = mlflow.search_runs(filter_string=\"params.max_depth != '3'\", order_by=['metrics.accuracy ASC'], max_results=1)
print(top.iloc[0]['metrics.accuracy'], list(top[['run_id', 'status']].columns))
",
    );
    assert_eq!(out, "(3, 10) 5 0.9\n5 3 False\n0.86 ['run_id', 'status']\n");
    let r = lab.run("runs");
    assert!(matches!(
        r.outputs.last(),
        Some(lakelab_core::notebook::Output::Rich(
            lakelab_core::notebook::Display::Table { total_rows: 3, .. }
        ))
    ));
}

/// Wrong calls: (code, the start of the expected `Type: message`). A fresh lab per case, with
/// `client`, `run_id` and an active experiment prepared.
const WRONG_CALLS: &[(&str, &str)] = &[
    ("mlflow.log_metric('acc')", "TypeError: log_metric() missing 1 required positional argument: 'value'"),
    ("mlflow.log_metric('acc', 0.9, stepp=1)", "TypeError: log_metric() got an unexpected keyword argument 'stepp'"),
    ("mlflow.log_metric('acc', 'high')", "mlflow.exceptions.MlflowException: Got invalid value high for metric 'acc' (timestamp="),
    ("mlflow.log_metric('acc', 0.9, step='one')", "mlflow.exceptions.MlflowException: Got invalid step one for metric 'acc'"),
    ("mlflow.log_param('alpha', 0.1)\nmlflow.log_param('alpha', 0.2)", "mlflow.exceptions.MlflowException: Changing param values is not allowed."),
    ("mlflow.log_param('bad:name', 1)", "mlflow.exceptions.MlflowException: Invalid parameter name: 'bad:name'. Names may only contain"),
    ("mlflow.set_tag()", "TypeError: set_tag() missing 2 required positional arguments: 'key' and 'value'"),
    ("mlflow.start_run()\nmlflow.start_run()", "mlflow.exceptions.MlflowException: Run with UUID "),
    ("mlflow.set_experiment()", "mlflow.exceptions.MlflowException: Must specify exactly one of: `experiment_id` or `experiment_name`."),
    ("mlflow.set_experiment(experiment_id='999')", "mlflow.exceptions.MlflowException: Experiment with ID '999' does not exist."),
    ("mlflow.get_run('nope')", "mlflow.exceptions.MlflowException: Run with id=nope not found"),
    ("mlflow.search_runs(filter_string=\"metrics.acc > 'a'\")", "mlflow.exceptions.MlflowException: "),
    ("mlflow.search_runs(filter_string=\"metrics.acc > 0.5 OR params.a = 'b'\")", "mlflow.exceptions.MlflowException: Invalid clause(s) in filter string"),
    ("mlflow.search_runs(order_by='metrics.acc')", "TypeError: search_runs() argument 'order_by' must be a list of str, not str"),
    ("mlflow.log_params([1, 2])", "TypeError: log_params() argument 'params' must be a dict, not list"),
    ("mlflow.log_metrics({'a': 'x'})", "mlflow.exceptions.MlflowException: Got invalid value x for metric 'a'"),
    ("mlflow.end_run(status='DONE')", "mlflow.exceptions.MlflowException: Invalid run status: DONE"),
    ("mlflow.log_text(123, 'a.txt')", "TypeError: log_text() argument 'text' must be str, not int"),
    ("mlflow.log_text('x', '../a.txt')", "mlflow.exceptions.MlflowException: Invalid artifact path: '../a.txt'."),
    ("mlflow.log_artifact('model.pkl')", "FileNotFoundError: [Errno 2] No such file or directory: 'model.pkl'"),
    ("mlflow.log_param('k', 'x' * 7000)", "mlflow.exceptions.MlflowException: Param value 'xxxx"),
    ("mlflow.get_run()", "TypeError: get_run() missing 1 required positional argument: 'run_id'"),
    ("mlflow.start_run(name='x')", "TypeError: start_run() got an unexpected keyword argument 'name'"),
    ("mlflow.nonexistent", "AttributeError: module 'mlflow' has no attribute 'nonexistent'"),
    ("from mlflow import nothing", "ImportError: cannot import name 'nothing' from 'mlflow'"),
    ("client.create_experiment()", "TypeError: MlflowClient.create_experiment() missing 1 required positional argument: 'name'"),
    ("client.create_experiment('dup')\nclient.create_experiment('dup')", "mlflow.exceptions.MlflowException: Experiment 'dup' already exists."),
    ("client.get_experiment('12345')", "mlflow.exceptions.MlflowException: No Experiment with id=12345 exists"),
    ("client.log_metric(run_id, 'a')", "TypeError: MlflowClient.log_metric() missing 1 required positional argument: 'value'"),
    ("client.log_param(run_id, 'a', 1, 2, 3)", "TypeError: MlflowClient.log_param() takes from 4 to 5 positional arguments but 6 were given"),
    ("client.log_param(run_id, 'a', 1, key='b')", "TypeError: MlflowClient.log_param() got multiple values for argument 'key'"),
    ("client.set_terminated(run_id, status='SUCCESS')", "mlflow.exceptions.MlflowException: Invalid run status: SUCCESS"),
    ("client.search_runs(['0'], max_results=0)", "mlflow.exceptions.MlflowException: Invalid value 0 for parameter 'max_results' supplied."),
    ("client.search_runs(['0'], max_results=50001)", "mlflow.exceptions.MlflowException: Invalid value 50001 for parameter 'max_results' supplied."),
    ("client.search_runs(['0'], page_token='garbage')", "mlflow.exceptions.MlflowException: "),
    ("client.delete_run('nope')", "mlflow.exceptions.MlflowException: Run with id=nope not found"),
    ("client.delete_experiment('0')", "mlflow.exceptions.MlflowException: Cannot delete the default experiment '0'."),
    ("client.create_run('999')", "mlflow.exceptions.MlflowException: No Experiment with id=999 exists"),
    ("client.log_metric(run_id, 'a', 1, timestamp=-5)", "mlflow.exceptions.MlflowException: Got invalid timestamp -5 for metric 'a'."),
    ("client.set_tag(run_id, 'note', 'x' * 6000)", "mlflow.exceptions.MlflowException: Tag value 'xxx"),
    ("client.get_metric_history(run_id)", "TypeError: MlflowClient.get_metric_history() missing 1 required positional argument: 'key'"),
    ("client.restore_experiment('0')", "mlflow.exceptions.MlflowException: Cannot restore an active experiment."),
    ("client.update_run(run_id, status='X')", "mlflow.exceptions.MlflowException: Invalid run status: X"),
    ("MlflowClient(foo=1)", "TypeError: MlflowClient.__init__() got an unexpected keyword argument 'foo'"),
    ("client.nonexistent()", "AttributeError: 'MlflowClient' object has no attribute 'nonexistent'"),
    ("client.log_batch(run_id, metrics=[1])", "TypeError: expected a Metric, got int"),
    ("client.get_run(run_id).info.nonexistent", "AttributeError: 'RunInfo' object has no attribute 'nonexistent'"),
    ("client.get_run(run_id).data.metrics['missing']", "KeyError: 'missing'"),
    ("client.search_runs(experiment_ids=['0'], filter_string='params.x IS 3')", "mlflow.exceptions.MlflowException: "),
    ("client.log_text(run_id, 'x', '/abs.txt')", "mlflow.exceptions.MlflowException: Invalid artifact path: '/abs.txt'."),
];

#[test]
fn wrong_calls_raise_the_real_exceptions() {
    assert!(WRONG_CALLS.len() >= 40);
    let mut failures = Vec::new();
    for (code, expected) in WRONG_CALLS {
        let mut lab = Lab::new();
        lab.ok("import mlflow\nfrom mlflow.tracking import MlflowClient\nclient = MlflowClient()\nrun_id = client.create_run('0').info.run_id");
        let got = lab.err(code);
        if !got.starts_with(expected) {
            failures.push(format!("{code}\n  expected: {expected}\n  got:      {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn type_errors_carry_the_real_signature_as_a_note() {
    let mut lab = Lab::new();
    let r = lab.run("import mlflow\nmlflow.log_metric('acc', 1, stepp=2)");
    let e = r.error.unwrap();
    assert_eq!(e.error.line, Some(2));
    assert!(e.traceback.ends_with(
        "TypeError: log_metric() got an unexpected keyword argument 'stepp'\nThe signature is mlflow.log_metric(key: str, value: float, step: int | None = None, synchronous: bool | None = None, timestamp: int | None = None, run_id: str | None = None)"
    ), "{}", e.traceback);
}

#[test]
fn mlflow_exceptions_can_be_caught_by_type_and_code() {
    let mut lab = Lab::new();
    let out = lab.ok("\
import mlflow
from mlflow.exceptions import MlflowException
try:
    mlflow.get_run('nope')
except MlflowException as e:
    print(e.error_code, '|', e)
");
    assert_eq!(
        out,
        "RESOURCE_DOES_NOT_EXIST | Run with id=nope not found\n"
    );
}

/// The study guide's "Identify the best run using the MLflow client API" snippet, unchanged,
/// on a fixture experiment "1" with three runs.
#[test]
fn study_guide_best_run_snippet_runs_unchanged() {
    let mut lab = Lab::new();
    lab.ok(
        "import mlflow\nmlflow.set_experiment('/Shared/study-guide')\nfor acc in [0.8, 0.93, 0.87]:\n    with mlflow.start_run():\n        mlflow.log_metric('accuracy', acc)",
    );
    lab.ok(r#"from mlflow.tracking import MlflowClient

client = MlflowClient()

runs = client.search_runs(
    experiment_ids=["1"],
    order_by=["metrics.accuracy DESC"],
    max_results=1
)

best_run = runs[0]
"#);
    assert_eq!(
        lab.ok("print(best_run.data.metrics['accuracy'], len(runs), runs.token is not None)"),
        "0.93 1 True\n"
    );
}

/// The study guide's "Logging in a run" snippet, unchanged, with the fixtures it names: a
/// trained `model` in the notebook (Lakelab's training will make these) and a
/// `confusion_matrix.png` in the working directory. The model logged is then loaded with
/// `mlflow.pyfunc.load_model` and predicts, enforcing its signature.
#[test]
fn study_guide_manual_logging_snippet_runs_unchanged() {
    let mut lab = Lab::new().with_trained_model();
    lab.ws
        .files
        .write(
            "/databricks/driver/confusion_matrix.png",
            lakelab_core::png::encode_rgb(1, 1, &[0, 0, 0]).expect("png"),
        )
        .expect("fixture file");
    lab.ok(r#"import mlflow

with mlflow.start_run():
    mlflow.log_metric("accuracy", 0.92)
    mlflow.log_param("max_depth", 5)
    mlflow.log_artifact("confusion_matrix.png")
    mlflow.sklearn.log_model(model, "model")
"#);
    let run_id = lab.ok("print(mlflow.last_active_run().info.run_id)");
    let run_id = run_id.trim();
    let files = lab.ok(&format!(
        "print(sorted(f.path for f in mlflow.MlflowClient().list_artifacts('{run_id}', 'model')))"
    ));
    assert_eq!(
        files,
        "['model/MLmodel', 'model/model.json', 'model/requirements.txt']\n"
    );
    assert_eq!(
        lab.ok(&format!("import pandas as pd\nm = mlflow.pyfunc.load_model('runs:/{run_id}/model')\nprint(m.predict(pd.DataFrame({{'age': [30, 10], 'spend': [5.0, 0.0]}})))")),
        "[1, 0]\n"
    );
    // With an input example the signature is inferred and enforced on predict.
    let out = lab.ok("from mlflow.models import infer_signature\nX = pd.DataFrame({'age': [30], 'spend': [5.0]})\nsig = infer_signature(X, model.predict(X))\nprint(sig.inputs)\nwith mlflow.start_run() as r:\n    info = mlflow.sklearn.log_model(model, 'clf', signature=sig, input_example=X)\nprint(info.model_uri == f'runs:/{r.info.run_id}/clf')");
    assert_eq!(out, "['age': long, 'spend': double]\nTrue\n");
    assert_eq!(
        lab.err("mlflow.pyfunc.load_model(info.model_uri).predict(pd.DataFrame({'age': [1]}))"),
        "mlflow.exceptions.MlflowException: Model is missing inputs ['spend']."
    );
    assert!(lab
        .err("mlflow.sklearn.log_model('not a model', 'm')")
        .starts_with(
            "TypeError: mlflow.sklearn.log_model: sk_model must be a trained model, got str"
        ));
}

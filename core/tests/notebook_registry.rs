//! The model registry from cells: the study guide's registry snippets run unchanged, aliases
//! move, versions load through `models:/` URIs, and wrong calls raise MLflow's errors.

mod notebook_support;

use notebook_support::Lab;

/// A lab with a trained model `model` and `main.ml_models`, and `runs` logged runs each with
/// the model (signature inferred from an input example) at `model`.
fn lab_with_runs(runs: usize) -> (Lab, Vec<String>) {
    let mut lab = Lab::new().with_trained_model();
    lab.ws
        .unity
        .create_schema("main.ml_models", "", false, 0)
        .expect("schema fixture");
    let mut ids = Vec::new();
    for _ in 0..runs {
        let out = lab.ok("import mlflow\nimport pandas as pd\nX = pd.DataFrame({'age': [30, 10], 'spend': [5.0, 1.0]})\nwith mlflow.start_run() as r:\n    mlflow.sklearn.log_model(model, 'model', input_example=X)\nprint(r.info.run_id)");
        ids.push(out.trim().to_string());
    }
    (lab, ids)
}

#[test]
fn study_guide_registry_snippets_run_unchanged() {
    let (mut lab, ids) = lab_with_runs(2);
    let register = r#"mlflow.register_model(
    model_uri="runs:/<run-id>/model",
    name="main.ml_models.churn_model"
)"#;
    let out = lab.ok(&register.replace("<run-id>", &ids[0]));
    let (head, entity) = out
        .split_once("<ModelVersion: ")
        .expect("a ModelVersion is shown");
    assert_eq!(head, "Successfully registered model 'main.ml_models.churn_model'.\nCreated version '1' of model 'main.ml_models.churn_model'.\n");
    assert!(
        entity.starts_with("aliases=[], creation_timestamp=17"),
        "{entity}"
    );
    let tail = format!("name='main.ml_models.churn_model', run_id='{0}', run_link=None, source='dbfs:/databricks/mlflow-tracking/0/{0}/artifacts/model', status='READY', status_message=None, tags={{}}, user_id='learner@lakelab', version='1'>\n", ids[0]);
    assert!(entity.ends_with(&tail), "{entity}");
    let out = lab.ok(&register.replace("<run-id>", &ids[1]));
    assert!(out.starts_with("Registered model 'main.ml_models.churn_model' already exists. Creating a new version of this model...\nCreated version '2' of model 'main.ml_models.churn_model'.\n"), "{out}");

    lab.ok(r#"from mlflow.tracking import MlflowClient
client = MlflowClient()
client.set_registered_model_tag(
    name="main.ml_models.churn_model",
    key="team",
    value="ml"
)
"#);
    assert_eq!(
        lab.ok("print(client.get_registered_model('main.ml_models.churn_model').tags)"),
        "{'team': 'ml'}\n"
    );
    lab.ok(r#"client.delete_registered_model_tag(
    name="main.ml_models.churn_model",
    key="team"
)
"#);
    assert_eq!(
        lab.ok("print(client.get_registered_model('main.ml_models.churn_model').tags)"),
        "{}\n"
    );

    lab.ok(r#"client.set_registered_model_alias(
    name="main.ml_models.churn_model",
    alias="Champion",
    version="2"
)
"#);
    let m = lab
        .ws
        .unity
        .models
        .get("main.ml_models.churn_model")
        .expect("model");
    assert_eq!(m.aliases.get("Champion"), Some(&2));
    assert_eq!(m.versions.len(), 2);
}

#[test]
fn aliases_move_and_models_load_by_alias_and_version() {
    let (mut lab, ids) = lab_with_runs(3);
    for id in &ids {
        lab.ok(&format!(
            "mlflow.register_model('runs:/{id}/model', 'MAIN.ML_MODELS.Churn')"
        ));
    }
    lab.ok("from mlflow import MlflowClient\nc = MlflowClient()\nname = 'main.ml_models.churn'\nc.set_registered_model_alias(name, 'Challenger', 3)\nc.set_registered_model_alias(name, 'Champion', 2)");
    assert_eq!(lab.ok("print(c.get_model_version_by_alias(name, 'Champion').version, c.get_registered_model(name).aliases)"), "2 {'Challenger': '3', 'Champion': '2'}\n");
    // Promote the challenger: Champion moves to 3, version 2 loses it.
    lab.ok("c.set_registered_model_alias(name, 'Champion', '3')\nc.delete_registered_model_alias(name, 'Challenger')");
    assert_eq!(
        lab.ok(
            "print(c.get_model_version(name, 3).aliases, c.get_model_version(name, '2').aliases)"
        ),
        "['Champion'] []\n"
    );
    assert_eq!(lab.ok("print(mlflow.pyfunc.load_model('models:/main.ml_models.churn@Champion').predict(X), mlflow.pyfunc.load_model('models:/main.ml_models.churn/1').predict(X))"), "[1, 0] [1, 0]\n");
    // Deleting the version drops its alias.
    lab.ok("c.delete_model_version(name, 3)");
    assert_eq!(
        lab.err("c.get_model_version_by_alias(name, 'Champion')"),
        "mlflow.exceptions.MlflowException: Registered model alias Champion not found."
    );
    assert_eq!(
        lab.ok(
            "print([v.version for v in c.search_model_versions(\"name='main.ml_models.churn'\")])"
        ),
        "['1', '2']\n"
    );
    assert_eq!(
        lab.ok(&format!(
            "print(len(c.search_model_versions(\"run_id='{}'\")))",
            ids[0]
        )),
        "1\n"
    );
}

#[test]
fn workspace_registry_has_stages_and_uc_refuses_them() {
    let (mut lab, ids) = lab_with_runs(2);
    let uc_stage = lab.err(&format!("mlflow.register_model('runs:/{}/model', 'main.ml_models.m')\nMlflowClient().transition_model_version_stage('main.ml_models.m', 1, 'Production')", ids[0]).replace("MlflowClient()", "mlflow.MlflowClient()"));
    assert!(uc_stage.starts_with("mlflow.exceptions.MlflowException: Method 'transition_model_version_stage' is unsupported for models in the Unity Catalog. We recommend using aliases"), "{uc_stage}");
    lab.ok("mlflow.set_registry_uri('databricks')\nc = mlflow.MlflowClient()");
    for id in &ids {
        lab.ok(&format!(
            "mlflow.register_model('runs:/{id}/model', 'churn')"
        ));
    }
    lab.ok("c.transition_model_version_stage('churn', 1, 'production')\nc.transition_model_version_stage('churn', 2, 'Production', archive_existing_versions=True)");
    assert_eq!(lab.ok("print([(v.version, v.current_stage) for v in c.search_model_versions(\"name='churn'\")])"), "[('1', 'Archived'), ('2', 'Production')]\n");
    assert_eq!(
        lab.ok("print(mlflow.pyfunc.load_model('models:/churn/Production').predict(X))"),
        "[1, 0]\n"
    );
    assert_eq!(lab.err("c.transition_model_version_stage('churn', 1, 'Live')"), "mlflow.exceptions.MlflowException: Invalid Model Version stage: Live. Value must be one of None, Staging, Production, Archived.");
    assert_eq!(lab.ok("print([m.name for m in c.search_registered_models(filter_string=\"name LIKE 'ch%'\")])"), "['churn']\n");
}

#[test]
fn wrong_registry_calls_raise_mlflows_errors() {
    let (mut lab, ids) = lab_with_runs(1);
    lab.ok(&format!("from mlflow import MlflowClient\nc = MlflowClient()\nmlflow.register_model('runs:/{}/model', 'main.ml_models.m')", ids[0]));
    let cases: &[(&str, &str)] = &[
        ("c.get_registered_model('main.ml_models.nope')", "mlflow.exceptions.MlflowException: Registered Model with name=main.ml_models.nope not found"),
        ("c.create_registered_model('main.ml_models.m')", "mlflow.exceptions.MlflowException: Registered Model (name=main.ml_models.m) already exists."),
        ("c.get_model_version('main.ml_models.m', 7)", "mlflow.exceptions.MlflowException: Model Version (name=main.ml_models.m, version=7) not found"),
        ("c.get_model_version('main.ml_models.m', 'one')", "mlflow.exceptions.MlflowException: Model version must be an integer, got 'one'"),
        ("c.set_registered_model_alias('main.ml_models.m', 'latest', 1)", "mlflow.exceptions.MlflowException: 'latest' alias name (case insensitive) is reserved."),
        ("c.set_registered_model_alias('main.ml_models.m', 'v2', 1)", "mlflow.exceptions.MlflowException: Version alias name 'v2' is reserved."),
        ("c.set_registered_model_alias('main.ml_models.m', 'my champ', 1)", "mlflow.exceptions.MlflowException: Invalid alias name: 'my champ'. Names may only contain alphanumerics, underscores (_), and dashes (-)."),
        ("c.set_registered_model_alias('main.ml_models.m', 'Champion', 5)", "mlflow.exceptions.MlflowException: Model Version (name=main.ml_models.m, version=5) not found"),
        ("c.set_model_version_tag('main.ml_models.m', 1, 'k', None)", "mlflow.exceptions.MlflowException: Tag value cannot be None"),
        ("mlflow.register_model('runs:/x/model', 'churn')", "mlflow.exceptions.MlflowException: Invalid registered model name 'churn': expected a 3-level name <catalog>.<schema>.<name>, got 1 level"),
        ("mlflow.register_model('runs:/x/model', 'main.my models.m')", "mlflow.exceptions.MlflowException: Invalid registered model name 'main.my models.m': names cannot contain a space; periods, spaces, forward slashes, ASCII control characters and DEL are not allowed"),
        ("c.search_registered_models(filter_string=\"name = 'x'\")", "mlflow.exceptions.MlflowException: Argument 'filter_string' is unsupported for models in the Unity Catalog."),
        ("c.get_latest_versions('main.ml_models.m')", "mlflow.exceptions.MlflowException: Method 'get_latest_versions' is unsupported for models in the Unity Catalog. To load the latest version of a model in Unity Catalog, you can set an alias on the model version and load it by alias. See https://mlflow.org/docs/latest/model-registry.html#deploy-and-organize-models-with-aliases-and-tags for details."),
        ("mlflow.pyfunc.load_model('models:/main.ml_models.m')", "mlflow.exceptions.MlflowException: Not a proper models:/ URI: models:/main.ml_models.m. Models URIs must be of the form 'models:/model_name/suffix' or 'models:/model_name@alias' where suffix is a model version, stage, or the string 'latest' and where alias is a registered model alias. Only one of suffix or alias can be defined at a time."),
        ("mlflow.register_model('runs:/x/model', 'main.nowhere.m')", "mlflow.exceptions.MlflowException: Schema 'main.nowhere' does not exist."),
        ("c.set_registered_model_alias(name='main.ml_models.m', alias='Champion')", "TypeError: MlflowClient.set_registered_model_alias() missing 1 required positional argument: 'version'"),
    ];
    for (code, want) in cases {
        assert_eq!(lab.err(code), *want, "for {code}");
    }
    // Over-long tag keys: MLflow shows the first 250 characters and the length.
    assert_eq!(
        lab.err("c.set_registered_model_tag('main.ml_models.m', 'k' * 251, 'v')"),
        format!("mlflow.exceptions.MlflowException: Registered model key '{}' had length 251, which exceeded length limit of 250", "k".repeat(250))
    );
    // A model logged without a signature cannot enter Unity Catalog.
    let out = lab.err("with mlflow.start_run() as r2:\n    mlflow.sklearn.log_model(model, 'bare')\nmlflow.register_model(f'runs:/{r2.info.run_id}/bare', 'main.ml_models.bare')");
    assert!(out.starts_with("mlflow.exceptions.MlflowException: Model passed for registration did not contain any signature metadata. All models in the Unity Catalog must be logged with a model signature"), "{out}");
    // The error code is the registry's.
    assert_eq!(lab.ok("try:\n    c.get_registered_model('main.ml_models.zz')\nexcept mlflow.exceptions.MlflowException as e:\n    print(e.error_code)"), "RESOURCE_DOES_NOT_EXIST\n");
}

#[test]
fn grants_from_spark_sql_decide_what_a_colleague_can_load() {
    let (mut lab, ids) = lab_with_runs(1);
    lab.ok(&format!(
        "mlflow.register_model('runs:/{}/model', 'main.ml_models.m')",
        ids[0]
    ));
    lab.ok("spark.sql('GRANT USE SCHEMA ON SCHEMA main.ml_models TO `data_scientists`')\nspark.sql('GRANT EXECUTE ON FUNCTION main.ml_models.m TO data_scientists')");
    let grants = lab.ok("display(spark.sql('SHOW GRANTS ON FUNCTION main.ml_models.m'))");
    assert_eq!(grants, "Principal\tActionType\tObjectType\tObjectKey\ndata_scientists\tEXECUTE\tFUNCTION\tmain.ml_models.m\n");
    lab.ws.unity.acting_as = Some("alice@lakelab".into());
    assert_eq!(
        lab.ok("print(mlflow.pyfunc.load_model('models:/main.ml_models.m/1').predict(X))"),
        "[1, 0]\n"
    );
    assert_eq!(
        lab.err("mlflow.MlflowClient().set_registered_model_alias('main.ml_models.m', 'Champion', 1)"),
        "mlflow.exceptions.MlflowException: User 'alice@lakelab' is not the owner of Model 'main.ml_models.m'; only the owner can set or delete aliases."
    );
    lab.ws.unity.acting_as = None;
    lab.ok("spark.sql('REVOKE EXECUTE ON FUNCTION main.ml_models.m FROM data_scientists')");
    lab.ws.unity.acting_as = Some("alice@lakelab".into());
    assert_eq!(
        lab.err("mlflow.pyfunc.load_model('models:/main.ml_models.m/1')"),
        "mlflow.exceptions.MlflowException: User 'alice@lakelab' does not have EXECUTE on Model 'main.ml_models.m'."
    );
    assert_eq!(
        lab.err("spark.sql('CREATE SCHEMA main.mine')"),
        "pyspark.errors.exceptions.captured.AnalysisException: [PERMISSION_DENIED] User 'alice@lakelab' does not have CREATE SCHEMA on Catalog 'main'."
    );
}

#[test]
fn lineage_links_a_training_table_to_its_run_and_model_versions() {
    use lakelab_core::catalog::lineage::Node;
    let (mut lab, _) = lab_with_runs(0);
    let out = lab.ok("import mlflow\nimport pandas as pd\nX = pd.DataFrame({'age': [30, 10], 'spend': [5.0, 1.0]})\ndf = spark.createDataFrame([(30, 5.0), (10, 1.0)], ['age', 'spend'])\nds = mlflow.data.from_spark(df, table_name='main.ml_models.Customers')\nprint(ds.name, len(ds.digest), ds.profile)\nwith mlflow.start_run() as r:\n    mlflow.log_input(ds, context='training')\n    info = mlflow.sklearn.log_model(model, 'model', input_example=X)\nmv = mlflow.register_model(info.model_uri, 'main.ml_models.m')\nprint(r.info.run_id)");
    let mut lines = out.lines();
    assert_eq!(
        lines.next(),
        Some("main.ml_models.customers 8 {'num_rows': 2}")
    );
    let run_id = out.lines().last().unwrap_or_default().to_string();
    let u = &lab.ws.unity;
    let version = Node::ModelVersion("main.ml_models.m".into(), 1);
    assert_eq!(
        u.upstream(&version),
        [
            Node::Run(run_id.clone()),
            Node::Table("main.ml_models.customers".into())
        ]
    );
    assert_eq!(
        u.downstream(&Node::Table("main.ml_models.customers".into())),
        [Node::Run(run_id), version.clone()]
    );
    assert!(u.downstream(&version).is_empty());
}

#[test]
fn copy_rename_and_create_model_version_promote_across_catalogs() {
    let (mut lab, ids) = lab_with_runs(1);
    lab.ok("spark.sql('CREATE CATALOG prod')\nspark.sql('CREATE SCHEMA prod.ml')");
    lab.ok(&format!("c = mlflow.MlflowClient()\nc.create_registered_model('main.ml_models.m', description='dev model')\nv = c.create_model_version('main.ml_models.m', 'runs:/{}/model', tags={{'stage': 'dev'}})\nc.set_registered_model_alias('main.ml_models.m', 'Champion', v.version)", ids[0]));
    // Promote the model: copy the Champion into prod's catalog.
    let out = lab.ok("p = c.copy_model_version('models:/main.ml_models.m@Champion', 'prod.ml.m')\nprint(p.name, p.version, p.run_id == v.run_id)\nprint(mlflow.pyfunc.load_model('models:/prod.ml.m/1').predict(X))");
    assert_eq!(out, "prod.ml.m 1 True\n[1, 0]\n");
    lab.ok("c.rename_registered_model('prod.ml.m', 'prod.ml.churn')");
    assert_eq!(lab.ok("print(c.get_registered_model('prod.ml.churn').name, len(c.search_model_versions(\"name='prod.ml.churn'\")))"), "prod.ml.churn 1\n");
    assert_eq!(
        lab.err("c.get_registered_model('prod.ml.m')"),
        "mlflow.exceptions.MlflowException: Registered Model with name=prod.ml.m not found"
    );
    assert_eq!(
        lab.err(&format!("c.create_model_version('main.ml_models.m', 'dbfs:/x/artifacts/model', run_id='{}', run_link='http://x')", ids[0])),
        "mlflow.exceptions.MlflowException: Argument 'run_link' is unsupported for models in the Unity Catalog."
    );
    let v2 = lab.ok(&format!("print(c.create_model_version('main.ml_models.m', 'dbfs:/databricks/mlflow-tracking/0/{0}/artifacts/model', run_id='{0}').version)", ids[0]));
    assert_eq!(v2, "2\n");
}

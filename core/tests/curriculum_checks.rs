//! Exercise task checks against the workspace: each kind fails with what is missing until the
//! learner's cells make it true, however they got there.

mod notebook_support;

use lakelab_core::curriculum::check::Check;
use notebook_support::Lab;

fn check(line: &str, lab: &Lab) -> Result<(), String> {
    Check::parse(line)
        .unwrap_or_else(|e| panic!("{line}: {e}"))
        .evaluate(&lab.ws)
}

#[test]
fn table_checks_follow_the_feature_table_through_create_and_merge() {
    let mut lab = Lab::new();
    assert_eq!(
        check("feature_table main.ml.features", &lab),
        Err("there is no table main.ml.features yet".into())
    );
    lab.ok("spark.sql('CREATE SCHEMA IF NOT EXISTS main.ml')\ndf = spark.createDataFrame([(1, 2.0), (2, 3.0)], ['customer_id', 'spend'])");
    lab.ok("from databricks.feature_engineering import FeatureEngineeringClient\nfe = FeatureEngineeringClient()\nfe.create_table(name='main.ml.features', primary_keys=['customer_id'], df=df)");
    let ft = "feature_table main.ml.features primary_keys=customer_id min_rows=3";
    assert_eq!(
        check("table main.ml.features columns=spend min_rows=2", &lab),
        Ok(())
    );
    assert_eq!(
        check("table main.ml.features columns=spend,age", &lab),
        Err("main.ml.features has no column age".into())
    );
    assert_eq!(
        check(ft, &lab),
        Err("main.ml.features has 2 rows; the task asks for at least 3".into())
    );
    assert_eq!(
        check("table main.ml.features operation=MERGE", &lab),
        Err("main.ml.features's history has no MERGE yet".into())
    );
    lab.ok("fe.write_table(name='main.ml.features', df=spark.createDataFrame([(3, 1.0)], ['customer_id', 'spend']), mode='merge')");
    assert_eq!(check(ft, &lab), Ok(()));
    assert_eq!(
        check("table main.ml.features operation=merge", &lab),
        Ok(())
    );
    assert_eq!(
        check("feature_table main.ml.features primary_keys=id", &lab),
        Err("main.ml.features has primary key [customer_id]; the task asks for [id]".into())
    );
}

#[test]
fn run_checks_use_the_search_runs_grammar() {
    let mut lab = Lab::new();
    let want = r#"runs experiment=/Shared/churn filter="metrics.accuracy >= 0.9""#;
    assert_eq!(
        check(want, &lab),
        Err("there is no experiment named /Shared/churn yet".into())
    );
    lab.ok("import mlflow\nmlflow.set_experiment('/Shared/churn')\nwith mlflow.start_run():\n    mlflow.log_metric('accuracy', 0.85)");
    assert_eq!(
        check(want, &lab),
        Err("0 runs in experiment /Shared/churn matching metrics.accuracy >= 0.9; the task asks for at least 1".into())
    );
    assert_eq!(check("experiment /Shared/churn", &lab), Ok(()));
    lab.ok("with mlflow.start_run():\n    mlflow.log_metric('accuracy', 0.93)\n    mlflow.log_text('hi', 'notes/readme.txt')");
    assert_eq!(check(want, &lab), Ok(()));
    assert_eq!(check("runs min_count=2", &lab), Ok(()));
    assert_eq!(check("runs artifact=notes/readme.txt", &lab), Ok(()));
    assert_eq!(
        check("runs artifact=notes", &lab),
        Ok(()),
        "a directory counts"
    );
    assert!(check("runs artifact=notes/other.txt", &lab).is_err());
    assert_eq!(
        check("runs logged_model=true", &lab),
        Err("0 runs with a logged model; the task asks for at least 1".into())
    );
    assert!(
        check(r#"runs filter="metrics.accuracy >>> 1""#, &lab)
            .is_err_and(|e| e.starts_with("the task's run filter cannot be read")),
        "a bad filter is reported, not a panic"
    );
}

#[test]
fn registry_checks_see_versions_tags_and_aliases() {
    let mut lab = Lab::new().with_registered_churn();
    assert_eq!(
        check("model main.ml_models.churn min_versions=2", &lab),
        Ok(())
    );
    assert_eq!(
        check("model main.ml_models.churn min_versions=3", &lab),
        Err("main.ml_models.churn has 2 versions; the task asks for at least 3".into())
    );
    assert_eq!(
        check("model main.ml_models.other", &lab),
        Err("there is no registered model main.ml_models.other yet".into())
    );
    let champion = "alias main.ml_models.churn@Champion version=2";
    assert_eq!(
        check(champion, &lab),
        Err("main.ml_models.churn has no alias Champion yet".into())
    );
    lab.ok("from mlflow import MlflowClient\nclient = MlflowClient()\nclient.set_registered_model_alias('main.ml_models.churn', 'Champion', 1)");
    assert_eq!(
        check(champion, &lab),
        Err(
            "Champion points to version 1 of main.ml_models.churn; the task asks for version 2"
                .into()
        )
    );
    lab.ok("client.set_registered_model_alias('main.ml_models.churn', 'Champion', 2)\nclient.set_model_version_tag('main.ml_models.churn', '2', 'validated', 'true')\nclient.set_registered_model_tag('main.ml_models.churn', 'task', 'churn')");
    assert_eq!(check(champion, &lab), Ok(()));
    assert_eq!(
        check("no_alias main.ml_models.churn@champion", &lab),
        Err("main.ml_models.churn still has the alias champion (on version 2)".into())
    );
    assert_eq!(
        check(
            "model_version main.ml_models.churn version=2 tag=validated:true",
            &lab
        ),
        Ok(())
    );
    assert_eq!(
        check(
            "model_version main.ml_models.churn version=1 tag=validated:true",
            &lab
        ),
        Err("version 1 of main.ml_models.churn has no tag validated = true".into())
    );
    assert_eq!(
        check("model main.ml_models.churn tag=task:churn", &lab),
        Ok(())
    );
    assert_eq!(
        check("model main.ml_models.churn no_tag=task", &lab),
        Err("main.ml_models.churn still has the tag task".into())
    );
    lab.ok("client.delete_registered_model_tag('main.ml_models.churn', 'task')\nclient.delete_registered_model_alias('main.ml_models.churn', 'Champion')");
    assert_eq!(
        check("model main.ml_models.churn no_tag=task", &lab),
        Ok(())
    );
    assert_eq!(
        check("no_alias main.ml_models.churn@Champion", &lab),
        Ok(())
    );
}

#[test]
fn endpoint_checks_read_the_newest_config_and_its_traffic() {
    let mut lab = Lab::new().with_registered_churn();
    let split = "endpoint churn entity=main.ml_models.churn traffic=churn-1:90,challenger:10";
    assert_eq!(
        check(split, &lab),
        Err("there is no serving endpoint churn yet".into())
    );
    lab.ok("from databricks.sdk import WorkspaceClient\nfrom databricks.sdk.service.serving import EndpointCoreConfigInput, ServedEntityInput, TrafficConfig, Route\nw = WorkspaceClient()\nentity = ServedEntityInput(entity_name='main.ml_models.churn', entity_version='1', workload_size='Small', scale_to_zero_enabled=True)\nw.serving_endpoints.create_and_wait(name='churn', config=EndpointCoreConfigInput(name='churn', served_entities=[entity]))");
    assert_eq!(
        check(split, &lab),
        Err("churn routes churn-1 100%; the task asks for churn-1 to get 90%".into())
    );
    lab.ok("v2 = ServedEntityInput(entity_name='main.ml_models.churn', entity_version='2', name='challenger')\nw.serving_endpoints.update_config(name='churn', served_entities=[entity, v2], traffic_config=TrafficConfig(routes=[Route(traffic_percentage=90, served_model_name='churn-1'), Route(served_model_name='challenger', traffic_percentage=10)]))");
    assert_eq!(
        check(split, &lab),
        Ok(()),
        "the config being deployed counts"
    );
    assert_eq!(
        check("endpoint churn entity=main.ml_models.other", &lab),
        Err("churn does not serve main.ml_models.other".into())
    );
}

#[test]
fn malformed_checks_are_refused_when_parsed() {
    let cases = [
        ("", "the check is empty"),
        ("tables x", "unknown check kind 'tables'"),
        ("table", "'table' needs the name of what it checks"),
        ("table a.b.c rows=3", "'table' takes no key 'rows'"),
        (
            "table a.b.c min_rows=many",
            "min_rows must be a whole number, not 'many'",
        ),
        (
            "table a.b.c d.e.f",
            "unexpected word 'd.e.f' (keys are written key=value)",
        ),
        (
            "alias a.b.c",
            "'alias' names a model and an alias: <model>@<alias>",
        ),
        ("model_version a.b.c", "'model_version' needs version=N"),
        (
            "endpoint e traffic=a:ten",
            "'ten' in traffic is not a whole percent",
        ),
        (r#"runs filter="open"#, "a double quote is not closed"),
        ("runs logged_model=yes", "logged_model can only be true"),
    ];
    for (line, want) in cases {
        assert_eq!(Check::parse(line).err().as_deref(), Some(want), "{line}");
    }
}

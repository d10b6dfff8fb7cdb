//! An endpoint's inference table in Unity Catalog: listed with the schema's tables, read by
//! `spark.sql` with filters and aggregates, refused when its catalog or schema is missing,
//! and read-only.

mod notebook_support;

use notebook_support::Lab;

/// `main.ml_models.churn` (two versions) served by `churn` with capture on into
/// `main.ml_models.churn_payload`, after 30 good requests and 2 bad ones.
fn lab() -> Lab {
    let mut lab = Lab::new().with_registered_churn();
    lab.ok("from databricks.sdk import WorkspaceClient\nfrom databricks.sdk.service.serving import EndpointCoreConfigInput, ServedEntityInput, TrafficConfig, Route, AutoCaptureConfigInput\nfrom databricks.sdk.errors import NotFound, ResourceDoesNotExist, InvalidParameterValue\nw = WorkspaceClient()\nv1 = ServedEntityInput(entity_name='main.ml_models.churn', entity_version='1', name='champion')\nv2 = ServedEntityInput(entity_name='main.ml_models.churn', entity_version='2', name='challenger')\nroutes = TrafficConfig(routes=[Route(50, served_model_name='champion'), Route(50, served_model_name='challenger')])\nw.serving_endpoints.create_and_wait(name='churn', config=EndpointCoreConfigInput(name='churn', served_entities=[v1, v2], traffic_config=routes, auto_capture_config=AutoCaptureConfigInput(catalog_name='main', schema_name='ml_models')))\nfor i in range(30):\n    w.serving_endpoints.query(name='churn', dataframe_records=[{'age': 30, 'spend': 5.0}])\nfor i in range(2):\n    try:\n        w.serving_endpoints.query(name='churn', dataframe_records=[{'age': 30}])\n    except InvalidParameterValue:\n        pass");
    lab
}

#[test]
fn the_payload_table_is_listed_with_the_schema_tables() {
    let mut lab = lab();
    assert_eq!(
        lab.ws.tables_in("main", "ml_models"),
        vec!["main.ml_models.churn_payload".to_string()]
    );
    let objects = lab.ws.objects_in("main", "ml_models");
    assert!(
        objects.contains(&"main.ml_models.churn_payload".to_string())
            && objects.contains(&"main.ml_models.churn".to_string()),
        "{objects:?}"
    );
    assert!(lab.ws.tables_in("main", "default").is_empty());
    let out = lab.ok("spark.createDataFrame([(1,)], ['x']).createOrReplaceTempView('scratch')\nfor r in spark.sql('SHOW TABLES IN main.ml_models').collect():\n    print(r['database'], r['tableName'], r['isTemporary'])\nprint([(t.name, t.catalog, t.namespace, t.tableType) for t in spark.catalog.listTables('main.ml_models') if not t.isTemporary])\nprint(spark.catalog.tableExists('main.ml_models.churn_payload'), spark.catalog.tableExists('main.ml_models.nope'))");
    assert_eq!(
        out,
        "ml_models churn_payload False\n scratch True\n[('churn_payload', 'main', ['ml_models'], 'MANAGED')]\nTrue False\n"
    );
    let e = lab.err("spark.sql('SHOW TABLES IN main.nope')");
    assert!(e.contains("Schema 'main.nope' does not exist."), "{e}");
}

#[test]
fn spark_sql_filters_and_aggregates_the_payload_table() {
    let mut lab = lab();
    let out = lab.ok("print(spark.sql('SELECT count(*) AS n FROM main.ml_models.churn_payload WHERE status_code = 200').collect()[0]['n'])\nprint(spark.sql('select status_code, count(1) as n from main.ml_models.churn_payload group by status_code order by status_code').collect())\nrows = spark.sql(\"SELECT request_metadata, COUNT(*) AS requests FROM main.ml_models.churn_payload WHERE status_code = 200 GROUP BY request_metadata ORDER BY request_metadata\").collect()\nfor r in rows:\n    print(r['request_metadata'], r['requests'])\nprint(sum(r['requests'] for r in rows))");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "30");
    assert_eq!(
        lines[1],
        "[Row(status_code=200, n=30), Row(status_code=400, n=2)]"
    );
    assert_eq!(lines.len(), 5, "two served versions: {out}");
    assert!(
        lines[2].contains("\"model_version\":\"1\"")
            && lines[3].contains("\"model_version\":\"2\""),
        "{out}"
    );
    assert_eq!(lines[4], "30");
    // The same rows as spark.table, filtered the DataFrame way.
    let out = lab.ok("from pyspark.sql import functions as F\na = spark.sql('SELECT databricks_request_id, execution_time_ms FROM main.ml_models.churn_payload WHERE status_code <> 200 LIMIT 5')\nb = spark.table('main.ml_models.churn_payload').filter(F.col('status_code') != 200)\nprint(a.columns, a.count(), sorted(r[0] for r in a.collect()) == sorted(r['databricks_request_id'] for r in b.collect()))");
    assert_eq!(
        out,
        "['databricks_request_id', 'execution_time_ms'] 2 True\n"
    );
    // Temporary views and errors.
    let out = lab.ok("spark.createDataFrame([(1, 'a'), (2, 'b'), (3, 'a')], ['x', 'k']).createOrReplaceTempView('v')\nprint(spark.sql('SELECT k, sum(x) AS total FROM v WHERE x > 1 GROUP BY k').collect())");
    assert_eq!(out, "[Row(k='a', total=3), Row(k='b', total=2)]\n");
    let e = lab.err("spark.sql('SELECT nope FROM main.ml_models.churn_payload')");
    assert!(e.contains("UNRESOLVED_COLUMN"), "{e}");
    let e = lab.err("spark.sql('SELECT * FROM main.ml_models.other_payload')");
    assert!(
        e.starts_with("pyspark.errors.exceptions.captured.AnalysisException"),
        "{e}"
    );
    let e = lab.err("spark.sql('SELECT * FROM v JOIN w')");
    assert!(e.contains("[PARSE_SYNTAX_ERROR]"), "{e}");
}

#[test]
fn capture_into_a_missing_catalog_or_schema_is_refused() {
    let mut lab = lab();
    let e = lab.err("w.serving_endpoints.create(name='other', config=EndpointCoreConfigInput(name='other', served_entities=[v1], auto_capture_config=AutoCaptureConfigInput(catalog_name='nope', schema_name='ml_models')))");
    assert_eq!(
        e,
        "databricks.sdk.errors.platform.ResourceDoesNotExist: Catalog 'nope' does not exist."
    );
    let e = lab.err("w.serving_endpoints.create(name='other', config=EndpointCoreConfigInput(name='other', served_entities=[v1], auto_capture_config=AutoCaptureConfigInput(catalog_name='main', schema_name='nope')))");
    assert_eq!(
        e,
        "databricks.sdk.errors.platform.ResourceDoesNotExist: Schema 'main.nope' does not exist."
    );
    let out = lab.ok("try:\n    w.serving_endpoints.get('other')\nexcept NotFound as e:\n    print('no endpoint')");
    assert_eq!(out, "no endpoint\n");
    // An update is checked too.
    lab.ok("w.serving_endpoints.create_and_wait(name='plain', config=EndpointCoreConfigInput(name='plain', served_entities=[v1]))");
    let e = lab.err("w.serving_endpoints.update_config(name='plain', served_entities=[v1], auto_capture_config=AutoCaptureConfigInput(catalog_name='main', schema_name='gone'))");
    assert!(e.contains("Schema 'main.gone' does not exist."), "{e}");
    // Through the REST body as the Serving page sends it.
    let config = serde_json::json!({"served_entities": [{"entity_name": "main.ml_models.churn", "entity_version": "1"}], "auto_capture_config": {"catalog_name": "ghost", "schema_name": "s"}});
    let err = lab
        .ws
        .create_endpoint("third", &config, &[], "me", 0)
        .unwrap_err();
    assert_eq!(
        (err.status, err.error_code),
        (404, "RESOURCE_DOES_NOT_EXIST")
    );
}

#[test]
fn the_payload_table_is_read_only() {
    let mut lab = lab();
    for sql in [
        "DROP TABLE main.ml_models.churn_payload",
        "DROP TABLE IF EXISTS `main`.`ml_models`.`churn_payload`",
        "INSERT INTO main.ml_models.churn_payload VALUES ('x')",
        "DELETE FROM main.ml_models.churn_payload WHERE status_code = 400",
        "TRUNCATE TABLE main.ml_models.churn_payload",
    ] {
        let e = lab.err(&format!("spark.sql(\"{sql}\")"));
        assert!(
            e.starts_with("pyspark.errors.exceptions.captured.AnalysisException")
                && e.contains("is the inference table of serving endpoint 'churn'")
                && e.contains("read-only"),
            "{sql}: {e}"
        );
    }
    let e = lab.err("from databricks.feature_engineering import FeatureEngineeringClient\nfe = FeatureEngineeringClient()\nfe.write_table(name='main.ml_models.churn_payload', df=spark.table('main.ml_models.churn_payload'))");
    assert!(e.contains("read-only"), "{e}");
    let e = lab.err("fe.create_table(name='main.ml_models.churn_payload', primary_keys=['databricks_request_id'], df=spark.table('main.ml_models.churn_payload'))");
    assert!(e.contains("read-only"), "{e}");
    let out = lab.ok(
        "print(spark.sql('SELECT count(*) FROM main.ml_models.churn_payload').collect()[0][0])",
    );
    assert_eq!(out, "32\n");
    assert!(
        lab.ws.unity.tables.is_empty(),
        "nothing was copied into the catalog"
    );
}

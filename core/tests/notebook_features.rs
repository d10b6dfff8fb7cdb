//! The feature store from cells: the study guide's snippets run unchanged, and wrong calls
//! raise what the clients raise.

mod notebook_support;
use notebook_support::Lab;

/// The data the study guide's snippets assume: `features_df` (one row per customer) and
/// `labels_df` (customer ids with the `churn` label), in the schema it names.
const SETUP: &str = r#"
spark.sql("CREATE SCHEMA IF NOT EXISTS main.ml_features")
features_df = spark.createDataFrame(
    [(1, 34, 72.5, "monthly"), (2, 51, 20.0, "yearly"), (3, 23, 99.9, "monthly")],
    ["customer_id", "age", "monthly_spend", "contract"],
)
labels_df = spark.createDataFrame([(1, 0), (3, 1), (4, 0)], ["customer_id", "churn"])
"#;

fn lab() -> Lab {
    let mut lab = Lab::new();
    lab.ok(SETUP);
    lab
}

#[test]
fn study_guide_create_write_and_train_snippets_run_unchanged() {
    let mut lab = lab();
    // Section 5: create a feature table.
    lab.ok(r#"from databricks.feature_store import FeatureStoreClient

fs = FeatureStoreClient()

fs.create_table(
    name="main.ml_features.customer_features",
    primary_keys=["customer_id"],
    df=features_df,
    description="Customer-level features"
)
"#);
    // Section 6: write with merge.
    lab.ok(r#"fs.write_table(
    name="main.ml_features.customer_features",
    df=features_df,
    mode="merge"
)
"#);
    // Section 7: training with a feature lookup.
    lab.ok(r#"from databricks.feature_store import FeatureLookup

lookups = [
    FeatureLookup(
        table_name="main.ml_features.customer_features",
        lookup_key="customer_id"
    )
]

training_df = fs.create_training_set(
    df=labels_df,
    feature_lookups=lookups,
    label="churn"
).load_df()
"#);
    let shown = lab.ok("training_df.show()");
    assert_eq!(
        shown,
        "+-----------+-----+----+--------+-------------+\n\
         |customer_id|churn| age|contract|monthly_spend|\n\
         +-----------+-----+----+--------+-------------+\n\
         |          1|    0|  34| monthly|         72.5|\n\
         |          3|    1|  23| monthly|         99.9|\n\
         |          4|    0|null|    null|         null|\n\
         +-----------+-----+----+--------+-------------+\n\n"
    );
    // The table is a catalog table Spark can read.
    assert_eq!(
        lab.ok("print(spark.table('main.ml_features.customer_features').count())"),
        "3\n"
    );
}

#[test]
fn feature_engineering_client_rules_from_cells() {
    let mut lab = lab();
    lab.ok(r#"from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
fe = FeatureEngineeringClient()
ft = fe.create_table(name="main.ml_features.customers", primary_keys="customer_id", df=features_df, tags={"team": "growth"})
"#);
    assert_eq!(
        lab.ok("print(ft.primary_keys, ft.tags, ft.name)"),
        "['customer_id'] {'team': 'growth'} main.ml_features.customers\n"
    );
    assert_eq!(
        lab.err("fe.write_table(name='main.ml_features.customers', df=features_df, mode='overwrite')"),
        "ValueError: Unsupported mode 'overwrite'. 'merge' is the only supported mode. If you want to overwrite a table, run SQL 'DELETE FROM <table name>;' to delete all rows, or drop and recreate the table before calling this method."
    );
    assert_eq!(
        lab.err("fe.create_table(name='ml_features.customers', primary_keys=['customer_id'], df=features_df)"),
        "ValueError: FeatureEngineeringClient only supports feature tables in Unity Catalog. For feature tables in hive metastore, use databricks.feature_store.FeatureStoreClient."
    );
    assert_eq!(
        lab.err("fe.create_table('main.ml_features.x', ['customer_id'])"),
        "TypeError: FeatureEngineeringClient.create_table() takes 1 positional argument but 3 were given"
    );
    let dup = "dup = spark.createDataFrame([(7, 1), (7, 2)], ['customer_id', 'age'])\nfe.write_table(name='main.ml_features.customers', df=dup)";
    assert_eq!(
        lab.err(dup),
        "ValueError: Non-unique rows detected in input dataframe for key combination ['customer_id']."
    );
    // Merge: the new column is added, other columns kept.
    lab.ok("from pyspark.sql import functions as F");
    lab.ok("upd = spark.createDataFrame([(2, 0.7)], ['customer_id', 'score'])\nfe.write_table(name='main.ml_features.customers', df=upd)");
    assert_eq!(
        lab.ok("print(fe.read_table(name='main.ml_features.customers').filter(F.col('customer_id') == 2).collect())"),
        "[Row(customer_id=2, age=51, monthly_spend=20.0, contract='yearly', score=0.7)]\n"
    );
    assert_eq!(
        lab.err("fe.create_training_set(df=labels_df, feature_lookups=[FeatureLookup(table_name='main.ml_features.customers', lookup_key='customer_id')], label='churned')"),
        "ValueError: Label column 'churned' was not found in DataFrame"
    );
}

#[test]
fn point_in_time_lookups_from_cells() {
    let mut lab = lab();
    lab.ok(r#"from datetime import datetime, timedelta
from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
fe = FeatureEngineeringClient()
spend = spark.createDataFrame(
    [(1, datetime(2024, 1, 1), 10.0), (1, datetime(2024, 1, 5), 50.0)],
    ["customer_id", "ts", "spend_7d"],
)
fe.create_table(name="main.ml_features.spend", primary_keys=["customer_id", "ts"], timeseries_column="ts", df=spend)
events = spark.createDataFrame(
    [(1, datetime(2024, 1, 3), 0), (1, datetime(2024, 1, 9), 1), (1, datetime(2023, 12, 31), 0)],
    ["customer_id", "event_ts", "label"],
)
"#);
    let rows = lab.ok(r#"ts = fe.create_training_set(df=events, feature_lookups=[
    FeatureLookup(table_name="main.ml_features.spend", lookup_key="customer_id",
                  timestamp_lookup_key="event_ts", lookback_window=timedelta(days=3))
], label="label", exclude_columns=["customer_id"])
for r in ts.load_df().collect():
    print(r.label, r.spend_7d)
"#);
    // Jan 3 → Jan 1 (2 days, inside the window); Jan 9 → Jan 5 is 4 days old (outside);
    // Dec 31 has no earlier row.
    assert_eq!(rows, "0 10.0\n1 None\n0 None\n");
}

/// Packaging and batch scoring: `fe.log_model` with a training set, UC registration with an
/// alias, then `fe.score_batch` through `models:/...@Champion`, as the docs' example runs.
#[test]
fn log_model_register_and_score_batch_from_cells() {
    let mut lab = Lab::new().with_trained_model();
    lab.ok(SETUP);
    lab.ok(r#"import mlflow
from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
mlflow.set_registry_uri("databricks-uc")
fe = FeatureEngineeringClient()
fe.create_table(name="main.ml_features.customer_features", primary_keys=["customer_id"], df=features_df)
train_df = spark.createDataFrame([(1, 5.0, 0), (3, 1.0, 1)], ["customer_id", "spend", "churn"])
training_set = fe.create_training_set(
    df=train_df,
    feature_lookups=[FeatureLookup(table_name="main.ml_features.customer_features",
                                   lookup_key="customer_id", feature_names=["age"])],
    label="churn",
)
with mlflow.start_run() as run:
    fe.log_model(
        model=model,
        artifact_path="model",
        flavor=mlflow.sklearn,
        training_set=training_set,
        registered_model_name="main.ml_features.churn_model",
    )
client = mlflow.MlflowClient()
client.set_registered_model_alias("main.ml_features.churn_model", "Champion", 1)
"#);
    // Customer 1 is 34 (0.5*34 - 0.1*spend - 10 > 0 → 1); customer 2 is 51; an `age` in the
    // input overrides the table's.
    let out = lab.ok(
        r#"batch = spark.createDataFrame([(1, 5.0), (2, 200.0)], ["customer_id", "spend"])
scored = fe.score_batch(model_uri="models:/main.ml_features.churn_model@Champion", df=batch)
print(scored.columns)
print([(r.customer_id, r.prediction) for r in scored.collect()])
young = spark.createDataFrame([(1, 5.0, 10)], ["customer_id", "spend", "age"])
print(fe.score_batch(model_uri=f"runs:/{run.info.run_id}/model", df=young).collect())
"#,
    );
    assert_eq!(
        out,
        "['customer_id', 'spend', 'age', 'prediction']
[(1, 1.0), (2, 0.0)]
[Row(customer_id=1, spend=5.0, age=10, prediction=0.0)]
"
    );
    assert_eq!(
        lab.err("fe.score_batch(model_uri='models:/main.ml_features.churn_model/1', df=scored)"),
        "ValueError: FeatureStoreClient.score_batch returns a DataFrame with a new column \"prediction\". df already has a column with name \"prediction\"."
    );
    assert_eq!(
        lab.err("fe.log_model(model=model, artifact_path='m', flavor=mlflow.sklearn)"),
        "ValueError: Either 'training_set' or 'feature_spec_path' must be provided, but not both."
    );
    assert_eq!(
        lab.err("import pandas as pd\nfe.log_model(model=model, artifact_path='m', flavor=pd, training_set=training_set)"),
        "ValueError: FeatureEngineeringClient.log_model does not support 'pandas' since it does not have a python_function model flavor."
    );
    // The study guide's batch-scoring line, on the features the training set looked up
    // (customers 1 and 3: 0.5 * 34 - 0.1 * 5 - 10 and 0.5 * 23 - 0.1 * 1 - 10 are both > 0).
    lab.ok("scoring_df = training_set.load_df().drop('churn').toPandas()\nmodel = mlflow.pyfunc.load_model(f'runs:/{run.info.run_id}/model')");
    assert_eq!(
        lab.ok("predictions = model.predict(scoring_df)\nprint(predictions)"),
        "[1, 1]\n"
    );
    // The artifact browser shows the packaged layout.
    assert_eq!(
        lab.ok("print(sorted(f.path for f in client.list_artifacts(run.info.run_id, 'model')))"),
        "['model/MLmodel', 'model/data', 'model/requirements.txt']\n"
    );
}

/// The docs' online-store steps: create a store, enable Change Data Feed, publish, and see
/// the publication on the feature table; the online table is not a feature table.
#[test]
fn online_store_from_cells() {
    let mut lab = lab();
    lab.ok(r#"from databricks.feature_engineering import FeatureEngineeringClient
fe = FeatureEngineeringClient()
fe.create_table(name="main.ml_features.customer_features", primary_keys=["customer_id"], df=features_df)
online_store = fe.create_online_store(name="my-online-store", capacity="CU_1")
"#);
    assert_eq!(
        lab.ok("print(online_store.name, online_store.capacity, online_store.state)\nprint(fe.get_online_store(name='nope'))"),
        "my-online-store CU_1 AVAILABLE\nNone\n"
    );
    let publish = r#"fe.publish_table(
    online_store=online_store,
    source_table_name="main.ml_features.customer_features",
    online_table_name="main.ml_features.customer_features_online",
)"#;
    assert!(lab
        .err(publish)
        .starts_with("ValueError: Change Data Feed must be enabled on the source table 'main.ml_features.customer_features'"));
    lab.ok("spark.sql('ALTER TABLE main.ml_features.customer_features SET TBLPROPERTIES (delta.enableChangeDataFeed = true)')");
    assert_eq!(
        lab.ok(&format!("p = {publish}\nprint(p.online_table_name)")),
        "main.ml_features.customer_features_online\n"
    );
    assert_eq!(
        lab.ok("print(fe.get_table(name='main.ml_features.customer_features').online_stores)\nprint(spark.table('main.ml_features.customer_features_online').count())"),
        "['my-online-store']\n3\n"
    );
    assert_eq!(
        lab.err("fe.read_table(name='main.ml_features.customer_features_online')"),
        "ValueError: Table 'main.ml_features.customer_features_online' is an online view. Online Views are not feature tables. Please use the source table 'main.ml_features.customer_features' instead."
    );
    assert_eq!(
        lab.err("fe.publish_table(online_store=online_store, source_table_name='main.ml_features.customer_features')"),
        "ValueError: online_table_name is required for Databricks online store"
    );
    lab.ok("fe.delete_online_store(name='my-online-store')");
    assert_eq!(lab.ok("print(fe.list_online_stores())"), "[]\n");
}

/// The bundled datasets: listed under `/databricks-datasets/lakelab/`, read by Spark and
/// pandas, read-only, and enough for a feature table, a training set and a point-in-time
/// lookup.
#[test]
fn bundled_datasets_feed_the_feature_store() {
    // Before the app has fetched them, a read says so.
    let mut early = Lab::new();
    let err = early.err("spark.read.csv('/databricks-datasets/lakelab/churn/customers.csv')");
    assert!(err.contains("[PATH_NOT_FOUND]"), "{err}");
    let shown = early.run("spark.read.csv('/databricks-datasets/lakelab/churn/customers.csv')");
    let traceback = shown.error.map(|e| e.traceback).unwrap_or_default();
    assert!(
        traceback.contains("The bundled datasets are still loading"),
        "{traceback}"
    );
    let mut lab = Lab::new().with_datasets();
    for d in lakelab_core::datasets::DATASETS {
        let n = lab.ok(&format!(
            "print(spark.read.csv('/databricks-datasets/lakelab/{}', header=True, inferSchema=True).count())",
            d.file
        ));
        assert_eq!(n, format!("{}\n", d.rows), "{}", d.file);
    }
    assert_eq!(
        lab.ok("print([f.name for f in dbutils.fs.ls('/databricks-datasets/lakelab')])"),
        "['churn/', 'housing/', 'sales/', 'spend/']\n"
    );
    assert_eq!(
        lab.ok("import pandas as pd\nprint(pd.read_csv('/dbfs/databricks-datasets/lakelab/housing/house_prices.csv').shape)"),
        "(1000, 8)\n"
    );
    assert_eq!(
        lab.err("open('/dbfs/databricks-datasets/lakelab/churn/customers.csv', 'w')"),
        "OSError: [Errno 30] Read-only file system: '/dbfs/databricks-datasets/lakelab/churn/customers.csv'"
    );
    lab.ok(r#"from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
from datetime import timedelta
fe = FeatureEngineeringClient()
spark.sql("CREATE SCHEMA IF NOT EXISTS main.ml_features")
read = lambda f: spark.read.csv(f"/databricks-datasets/lakelab/{f}", header=True, inferSchema=True)
fe.create_table(name="main.ml_features.customer_features", primary_keys=["customer_id"], df=read("churn/customers.csv"))
fe.create_table(name="main.ml_features.daily_spend", primary_keys=["customer_id", "ts"], timeseries_column="ts", df=read("spend/daily_spend.csv"))
ts = fe.create_training_set(
    df=read("churn/churn_labels.csv"),
    feature_lookups=[FeatureLookup(table_name="main.ml_features.customer_features", lookup_key="customer_id")],
    label="churn",
)
pit = fe.create_training_set(
    df=read("spend/purchase_events.csv"),
    feature_lookups=[FeatureLookup(table_name="main.ml_features.daily_spend", lookup_key="customer_id",
                                   timestamp_lookup_key="event_ts", lookback_window=timedelta(days=2))],
    label="purchased",
)
"#);
    assert_eq!(
        lab.ok("df = ts.load_df()\nprint(df.count(), df.columns)"),
        "2000 ['customer_id', 'churn', 'age', 'contract', 'monthly_spend', 'num_support_calls', 'region', 'tenure_months']\n"
    );
    // Every event is at or after its day's midnight snapshot, within two days.
    assert_eq!(
        lab.ok("df = pit.load_df()\nprint(df.count(), df.filter(df.spend_7d.isNull()).count())"),
        "1000 0\n"
    );
}

/// On-demand features: a Unity Catalog Python function created with `spark.sql`, used by
/// `FeatureFunction` in a training set (inputs from `df` and from a lookup), then by
/// `score_batch`; the client's checks on bindings and names.
#[test]
fn feature_functions_compute_on_demand_features() {
    let mut lab = Lab::new().with_trained_model();
    lab.ok(SETUP);
    lab.ok(r#"import mlflow
from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup, FeatureFunction
fe = FeatureEngineeringClient()
fe.create_table(name="main.ml_features.customer_features", primary_keys=["customer_id"], df=features_df)
spark.sql("""
CREATE OR REPLACE FUNCTION main.ml_features.spend_per_year(monthly DOUBLE, age BIGINT)
RETURNS DOUBLE
LANGUAGE PYTHON
AS $$
if monthly is None:
    return None
return monthly * 12 / age
$$
""")
spark.sql("CREATE FUNCTION main.ml_features.double_it(x DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON AS $$ return 2 * x $$")
train_df = spark.createDataFrame([(1, 5.0, 0), (3, 1.0, 1), (9, 2.0, 0)], ["customer_id", "spend", "churn"])
training_set = fe.create_training_set(
    df=train_df,
    feature_lookups=[
        FeatureLookup(table_name="main.ml_features.customer_features", lookup_key="customer_id",
                      feature_names=["age", "monthly_spend"]),
        FeatureFunction(udf_name="main.ml_features.spend_per_year",
                        input_bindings={"monthly": "monthly_spend", "age": "age"},
                        output_name="yearly_per_age"),
        FeatureFunction(udf_name="main.ml_features.double_it", input_bindings={"x": "spend"}),
    ],
    label="churn",
    exclude_columns=["monthly_spend"],
)
"#);
    assert_eq!(
        lab.ok("for r in training_set.load_df().collect():\n    print(r)"),
        "Row(customer_id=1, spend=5.0, churn=0, age=34, yearly_per_age=25.58823529411765, double_it=10.0)\n\
         Row(customer_id=3, spend=1.0, churn=1, age=23, yearly_per_age=52.12173913043479, double_it=2.0)\n\
         Row(customer_id=9, spend=2.0, churn=0, age=None, yearly_per_age=None, double_it=4.0)\n"
    );
    // Scoring computes them too (the model reads age and spend only).
    lab.ok(r#"with mlflow.start_run() as run:
    fe.log_model(model=model, artifact_path="m", flavor=mlflow.sklearn, training_set=training_set)
scored = fe.score_batch(model_uri=f"runs:/{run.info.run_id}/m", df=spark.createDataFrame([(1, 5.0)], ["customer_id", "spend"]))
"#);
    assert_eq!(
        lab.ok("print(scored.columns)\nprint(scored.collect()[0].double_it)"),
        "['customer_id', 'spend', 'age', 'yearly_per_age', 'double_it', 'prediction']\n10.0\n"
    );
    // The client's checks.
    let ts = |functions: &str| {
        format!("fe.create_training_set(df=train_df, feature_lookups=[FeatureLookup(table_name='main.ml_features.customer_features', lookup_key='customer_id', feature_names=['age']), {functions}], label='churn')")
    };
    assert_eq!(
        lab.err(&ts("FeatureFunction(udf_name='main.ml_features.double_it', input_bindings={'y': 'spend'})")),
        "ValueError: FeatureFunction UDF 'main.ml_features.double_it' input parameters ['x'] do not match input bindings ['y']."
    );
    assert_eq!(
        lab.err(&ts(
            "FeatureFunction(udf_name='main.ml_features.double_it', input_bindings={'x': 'nope'})"
        )),
        "ValueError: Could not find input binding columns ['nope'] required by FeatureFunctions."
    );
    assert_eq!(
        lab.err(&ts("FeatureFunction(udf_name='main.ml_features.double_it', input_bindings={'x': 'spend'}, output_name='age')")),
        "ValueError: FeatureFunctions contains output names that match either DataFrame column names or feature output names specified in FeatureLookups: ['age']. Either remove these columns from the DataFrame, FeatureLookups, or FeatureFunctions."
    );
    let missing = lab.err(&ts(
        "FeatureFunction(udf_name='main.ml_features.missing', input_bindings={'x': 'spend'})",
    ));
    assert!(
        missing.starts_with("pyspark.errors.exceptions.captured.AnalysisException: [ROUTINE_NOT_FOUND] The routine `main`.`ml_features`.`missing` cannot be found."),
        "{missing}"
    );
    // A body that fails names the function.
    lab.ok("spark.sql(\"CREATE FUNCTION main.ml_features.broken(x DOUBLE) RETURNS DOUBLE LANGUAGE PYTHON AS $$ return x / 0 $$\")");
    let out = lab.err(&format!(
        "{}.load_df()",
        ts("FeatureFunction(udf_name='main.ml_features.broken', input_bindings={'x': 'spend'})")
    ));
    assert_eq!(
        out,
        "RuntimeError: [UDF_USER_CODE_ERROR] Execution of function main.ml_features.broken failed: ZeroDivisionError: float division by zero"
    );
}

/// Delta time travel and history from cells: `DESCRIBE HISTORY`, `versionAsOf`,
/// `timestampAsOf`, and `read_table(as_of_delta_timestamp=...)`.
#[test]
fn time_travel_and_history_from_cells() {
    let mut lab = lab();
    lab.ok(
        r#"from databricks.feature_engineering import FeatureEngineeringClient
fe = FeatureEngineeringClient()
name = "main.ml_features.customers"
fe.create_table(name=name, primary_keys=["customer_id"], df=features_df)
fe.write_table(name=name, df=spark.createDataFrame([(4, 0.5)], ["customer_id", "score"]))
"#,
    );
    assert_eq!(
        lab.ok("h = spark.sql(f'DESCRIBE HISTORY {name}')\nprint(h.columns)\nprint([(r.version, r.operation) for r in h.collect()])"),
        "['version', 'timestamp', 'userName', 'operation', 'operationParameters', 'operationMetrics']\n[(2, 'MERGE'), (1, 'WRITE'), (0, 'CREATE TABLE')]\n"
    );
    assert_eq!(
        lab.ok("print(h.collect()[0].operationMetrics)"),
        "{numOutputRows -> 1, numSourceRows -> 1, numTargetRowsDeleted -> 0, numTargetRowsInserted -> 1, numTargetRowsUpdated -> 0}\n"
    );
    assert_eq!(
        lab.ok("print(spark.read.option('versionAsOf', 1).table(name).count(), spark.read.format('delta').option('versionAsOf', 2).table(name).count(), spark.table(name).columns)"),
        "3 4 ['customer_id', 'age', 'monthly_spend', 'contract', 'score']\n"
    );
    assert_eq!(
        lab.ok("print(spark.read.option('versionAsOf', 0).table(name).columns)"),
        "['customer_id', 'age', 'monthly_spend', 'contract']\n"
    );
    assert!(lab
        .err("spark.read.option('versionAsOf', 7).table(name)")
        .contains("[DELTA_VERSION_NOT_FOUND] Cannot time travel Delta table to version 7. Available versions: [0, 2]."));
    assert!(lab
        .err("spark.read.option('timestampAsOf', '2001-01-01').table(name)")
        .contains(
            "[DELTA_TIMESTAMP_EARLIER_THAN_COMMIT_RETENTION] The provided timestamp (2001-01-01"
        ));
    assert_eq!(
        lab.ok(
            "print(fe.read_table(name=name, as_of_delta_timestamp='2100-01-01 00:00:00').count())"
        ),
        "4\n"
    );
}

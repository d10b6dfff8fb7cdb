//! Feature serving: an endpoint serving a model logged with `fe.log_model` looks features
//! up in the online store (not the offline table), request columns override them, and the
//! request must carry the lookup keys.

mod notebook_support;

use lakelab_core::serving::store::DEPLOY_MS;
use notebook_support::Lab;
use serde_json::{json, Value};

/// `main.ml_features.churn_model` v1: the lab's model (`0.5 * age - 0.1 * spend - 10 > 0`)
/// packaged with a lookup of `age` by `customer_id`, and an endpoint `churn` serving it.
fn lab() -> Lab {
    let mut lab = Lab::new().with_trained_model();
    lab.ok(r#"import mlflow
from databricks.feature_engineering import FeatureEngineeringClient, FeatureLookup
spark.sql("CREATE SCHEMA IF NOT EXISTS main.ml_features")
features_df = spark.createDataFrame([(1, 34), (2, 51)], ["customer_id", "age"])
fe = FeatureEngineeringClient()
fe.create_table(name="main.ml_features.customer_features", primary_keys=["customer_id"], df=features_df)
train_df = spark.createDataFrame([(1, 5.0, 0), (2, 1.0, 1)], ["customer_id", "spend", "churn"])
training_set = fe.create_training_set(
    df=train_df,
    feature_lookups=[FeatureLookup(table_name="main.ml_features.customer_features",
                                   lookup_key="customer_id", feature_names=["age"])],
    label="churn",
)
with mlflow.start_run() as run:
    fe.log_model(model=model, artifact_path="model", flavor=mlflow.sklearn,
                 training_set=training_set, registered_model_name="main.ml_features.churn_model")
"#);
    let config = json!({"served_entities": [{"entity_name": "main.ml_features.churn_model", "entity_version": "1"}]});
    lab.ws
        .create_endpoint("churn", &config, &[], "me", 0)
        .expect("endpoint");
    lab
}

fn query(lab: &mut Lab, rows: Value) -> (u16, Value) {
    let body = json!({ "dataframe_records": rows }).to_string();
    let reply = lab
        .ws
        .query_endpoint("churn", &body, DEPLOY_MS, &mut || 0.0);
    (reply.status, reply.body)
}

const PUBLISH: &str = r#"fe.publish_table(online_store=store, source_table_name="main.ml_features.customer_features",
                 online_table_name="main.ml_features.customer_features_online")"#;

#[test]
fn features_come_from_the_online_store_and_requests_override_them() {
    let mut lab = lab();
    let rows = json!([{"customer_id": 1, "spend": 5.0}, {"customer_id": 2, "spend": 200.0}]);
    let (status, body) = query(&mut lab, rows.clone());
    assert_eq!(status, 400);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("The feature table 'main.ml_features.customer_features' is not published to an online store"),
        "{body}"
    );
    lab.ok(&format!("spark.sql('ALTER TABLE main.ml_features.customer_features SET TBLPROPERTIES (delta.enableChangeDataFeed = true)')\nstore = fe.create_online_store(name='shop', capacity='CU_1')\n{PUBLISH}"));
    // Customer 1 is 34: 17 - 0.5 - 10 > 0; customer 2 is 51: 25.5 - 20 - 10 < 0.
    assert_eq!(query(&mut lab, rows), (200, json!({"predictions": [1, 0]})));
    // An `age` in the request overrides the online value.
    assert_eq!(
        query(
            &mut lab,
            json!([{"customer_id": 1, "spend": 5.0, "age": 10}])
        ),
        (200, json!({"predictions": [0]}))
    );
    // The endpoint reads the online copy: a new offline value counts once published.
    lab.ok("fe.write_table(name='main.ml_features.customer_features', df=spark.createDataFrame([(1, 10)], ['customer_id', 'age']), mode='merge')");
    let one = json!([{"customer_id": 1, "spend": 5.0}]);
    assert_eq!(
        query(&mut lab, one.clone()),
        (200, json!({"predictions": [1]}))
    );
    lab.ok(PUBLISH);
    assert_eq!(query(&mut lab, one), (200, json!({"predictions": [0]})));
    // The lookup key must be in the request.
    let (status, body) = query(&mut lab, json!([{"spend": 5.0}]));
    assert_eq!(
        (status, body["error_code"].as_str()),
        (400, Some("BAD_REQUEST"))
    );
    assert_eq!(
        body["message"],
        "The request is missing the lookup key column(s) ['customer_id'] that the model's feature lookup on 'main.ml_features.customer_features' needs."
    );
    // Every request, refused or answered, is in the inference records.
    assert_eq!(lab.ws.serving.records["churn"].records.len(), 6);
}

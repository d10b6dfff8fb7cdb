//! Querying an endpoint that serves registered models: predictions in `{"predictions": ...}`,
//! the model's signature enforced with MLflow's message, the traffic split visible in the
//! inference records, and the alias rule (an endpoint keeps the version it was given).

mod notebook_support;

use lakelab_core::registry::store::RegistryKind;
use lakelab_core::serving::invoke::Models;
use lakelab_core::serving::store::DEPLOY_MS;
use lakelab_core::serving::{Serving, ServingError};
use lakelab_core::tracking::LoadedModel;
use lakelab_core::Workspace;
use notebook_support::Lab;
use serde_json::json;

struct Registry<'a>(&'a Workspace);

impl Models for Registry<'_> {
    fn load(&self, name: &str, version: &str) -> Result<LoadedModel, ServingError> {
        self.0
            .unity
            .load(
                RegistryKind::Uc,
                &self.0.tracking,
                &format!("models:/{name}/{version}"),
            )
            .map_err(|e| ServingError::missing(e.message))
    }
}

/// Two versions of `main.ml_models.churn` (a logistic model on `age` and `spend`, with an
/// inferred signature) and `Champion` on version 1.
fn lab() -> Lab {
    let mut lab = Lab::new().with_registered_churn();
    lab.ok("from mlflow import MlflowClient\nMlflowClient().set_registered_model_alias('main.ml_models.churn', 'Champion', 1)");
    lab
}

fn ab_config() -> serde_json::Value {
    json!({
        "served_entities": [
            {"name": "champion", "entity_name": "main.ml_models.churn", "entity_version": "1"},
            {"name": "challenger", "entity_name": "main.ml_models.churn", "entity_version": "2"},
        ],
        "traffic_config": {"routes": [
            {"served_model_name": "champion", "traffic_percentage": 90},
            {"served_model_name": "challenger", "traffic_percentage": 10},
        ]},
    })
}

#[test]
fn a_query_returns_predictions_and_is_logged_with_its_served_entity() {
    let lab = lab();
    let mut models = Registry(&lab.ws);
    let mut serving = Serving::default();
    let exists = |n: &str, v: &str| models.load(n, v).map(|_| ());
    serving
        .create("churn", &ab_config(), &[], "me", 0, &exists)
        .unwrap();
    let mut t = 0.0;
    let mut clock = || {
        t += 0.25;
        t
    };
    let body = r#"{"dataframe_split": {"columns": ["age", "spend"], "data": [[30, 5.0], [10, 1.0]]}, "client_request_id": "r-1"}"#;
    // Not ready yet: refused, and still logged.
    let early = serving.invoke("churn", body, 10, &mut models, &mut clock);
    assert_eq!(early.status, 400);
    assert!(early.body["message"]
        .as_str()
        .unwrap()
        .contains("not ready"));
    let reply = serving.invoke("churn", body, DEPLOY_MS, &mut models, &mut clock);
    assert_eq!(
        (reply.status, &reply.body),
        (200, &json!({"predictions": [1, 0]}))
    );
    // Records formats answer alike.
    let records = r#"{"dataframe_records": [{"age": 30, "spend": 5.0}]}"#;
    assert_eq!(
        serving
            .invoke("churn", records, DEPLOY_MS, &mut models, &mut clock)
            .body,
        json!({"predictions": [1]})
    );
    let log = &serving.records["churn"].records;
    assert_eq!(log.len(), 3);
    assert_eq!(
        (log[0].status_code, log[0].served_entity.as_deref()),
        (400, None)
    );
    assert_eq!(log[1].client_request_id.as_deref(), Some("r-1"));
    assert_eq!(log[1].execution_time_ms, 0.25);
    assert_eq!(log[1].response, r#"{"predictions":[1,0]}"#);
    assert_eq!(log[1].request, body);
    // Over many requests both served entities answer, about 90 / 10.
    for _ in 0..400 {
        serving.invoke("churn", records, DEPLOY_MS, &mut models, &mut clock);
    }
    let challenger = serving.records["churn"]
        .records
        .iter()
        .filter(|r| r.served_entity.as_deref() == Some("challenger"))
        .count();
    assert!((15..=70).contains(&challenger), "{challenger} of 402");
}

#[test]
fn the_signature_is_enforced_with_mlflows_message() {
    let lab = lab();
    let mut models = Registry(&lab.ws);
    let mut serving = Serving::default();
    let config = json!({"served_entities": [{"entity_name": "main.ml_models.churn", "entity_version": "1"}]});
    serving
        .create("churn", &config, &[], "me", 0, &|n: &str, v: &str| {
            models.load(n, v).map(|_| ())
        })
        .unwrap();
    let reply = serving.invoke(
        "churn",
        r#"{"dataframe_split": {"columns": ["age", "spnd"], "data": [[30, 5.0]]}}"#,
        DEPLOY_MS,
        &mut models,
        &mut || 0.0,
    );
    assert_eq!(
        (reply.status, reply.body["error_code"].as_str()),
        (400, Some("INVALID_PARAMETER_VALUE"))
    );
    let m = reply.body["message"].as_str().unwrap();
    assert!(m.starts_with("Failed to predict data '[[30,5.0]]'. \nError: Failed to enforce schema of data '[[30,5.0]]' with schema '['age': long (required), 'spend': double (required)]'. Error: Model is missing inputs ['spend']. Note that there were extra inputs: ['spnd']"), "{m}");
    // An unreadable body never reaches the model.
    let reply = serving.invoke("churn", "[1]", DEPLOY_MS, &mut models, &mut || 0.0);
    assert_eq!(reply.body["error_code"], "BAD_REQUEST");
    assert!(
        serving
            .invoke("nope", "{}", DEPLOY_MS, &mut models, &mut || 0.0)
            .status
            == 404
    );
    assert!(!serving.records.contains_key("nope"));
}

#[test]
fn moving_an_alias_does_not_repoint_a_live_endpoint() {
    let mut lab = lab();
    let champion = lab.ok("print(MlflowClient().get_model_version_by_alias('main.ml_models.churn', 'Champion').version)");
    let config = json!({"served_entities": [{"name": "champion", "entity_name": "main.ml_models.churn", "entity_version": champion.trim()}]});
    let mut serving = Serving::default();
    {
        let models = Registry(&lab.ws);
        serving
            .create("churn", &config, &[], "me", 0, &|n: &str, v: &str| {
                models.load(n, v).map(|_| ())
            })
            .unwrap();
    }
    lab.ok("MlflowClient().set_registered_model_alias('main.ml_models.churn', 'Champion', 2)");
    let e = serving.get("churn", DEPLOY_MS).unwrap();
    let live = &e.config.as_ref().unwrap().served_entities[0];
    assert_eq!(
        live.entity_version, "1",
        "the endpoint keeps the version it was given"
    );
}

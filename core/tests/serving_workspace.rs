//! Serving inside the workspace: endpoints need registered versions, models load once per
//! config, and inference records are saved in chunks (a request rewrites one chunk) and come
//! back on load.

mod notebook_support;

use std::cell::Cell;

use lakelab_core::persist::memory::MemoryStore;
use lakelab_core::persist::session::Saver;
use lakelab_core::persist::{Store, Write};
use lakelab_core::serving::invoke::{InferenceRecord, Models};
use lakelab_core::serving::records::{RecordLog, CHUNK, MAX_RECORDS};
use lakelab_core::serving::store::DEPLOY_MS;
use lakelab_core::serving::{Serving, ServingError};
use lakelab_core::tracking::LoadedModel;
use lakelab_core::Workspace;
use notebook_support::stored::{from_older_schema, loaded, ready, KEY, META};
use notebook_support::Lab;
use serde_json::{json, Value};

fn restored(store: &MemoryStore) -> Workspace {
    notebook_support::stored::restored(store).1
}

/// `main.ml_models.churn` version 1, and an endpoint `churn` serving it, ready at DEPLOY_MS.
fn lab() -> Lab {
    let mut lab = Lab::new().with_trained_model();
    lab.ws
        .unity
        .create_schema("main.ml_models", "", false, 0)
        .expect("schema fixture");
    lab.ok("import mlflow\nimport pandas as pd\nX = pd.DataFrame({'age': [30, 10], 'spend': [5.0, 1.0]})\nwith mlflow.start_run() as r:\n    info = mlflow.sklearn.log_model(model, 'model', input_example=X)\nmlflow.register_model(info.model_uri, 'main.ml_models.churn')");
    let config = json!({"served_entities": [{"entity_name": "main.ml_models.churn", "entity_version": "1"}]});
    lab.ws
        .create_endpoint("churn", &config, &[], "me", 0)
        .expect("endpoint");
    lab
}

const BODY: &str = r#"{"dataframe_records": [{"age": 30, "spend": 5.0}]}"#;

#[test]
fn an_endpoint_needs_a_registered_version() {
    let mut lab = lab();
    let config = json!({"served_entities": [{"entity_name": "main.ml_models.churn", "entity_version": "9"}]});
    let e = lab
        .ws
        .create_endpoint("other", &config, &[], "me", 0)
        .unwrap_err();
    assert_eq!((e.status, e.error_code), (404, "RESOURCE_DOES_NOT_EXIST"));
    assert!(e.message.contains("main.ml_models.churn"), "{}", e.message);
    assert!(!lab.ws.serving.endpoints.contains_key("other"));
    let e = lab
        .ws
        .update_endpoint_config("churn", &config, 10)
        .unwrap_err();
    assert_eq!(e.status, 404);
}

#[test]
fn inference_records_are_saved_in_chunks_and_load_back() {
    let mut lab = lab();
    let n = CHUNK as usize + 50;
    for _ in 0..n {
        let reply = lab.ws.query_endpoint("churn", BODY, DEPLOY_MS, &mut || 0.0);
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let store = MemoryStore::new();
    let mut saver = Saver::after_load(KEY, &loaded(&store));
    ready(saver.save(&store, &mut lab.ws, META)).unwrap();
    let keys: Vec<String> = ready(store.list("workspace/"))
        .unwrap()
        .into_iter()
        .map(|(k, _)| k)
        .filter(|k| k.starts_with("workspace/inference/"))
        .collect();
    assert_eq!(
        keys,
        vec!["workspace/inference/churn/0", "workspace/inference/churn/1"]
    );
    let main = ready(store.get(KEY)).unwrap().unwrap();
    let value: Value = serde_json::from_str(&main.body).unwrap();
    assert_eq!(value["payload"]["serving"]["records"], json!({}));
    let back = restored(&store);
    assert_eq!(back.serving.records["churn"].records.len(), n);
    assert_eq!(back, lab.ws);
    // One more request rewrites the last chunk only.
    lab.ws
        .query_endpoint("churn", BODY, DEPLOY_MS + 1, &mut || 0.0);
    let prepared = saver.prepare(&mut lab.ws, META).unwrap();
    let puts: Vec<&str> = prepared
        .writes
        .iter()
        .filter_map(|w| match w {
            Write::Put { key, .. } => Some(key.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(puts, vec!["workspace/inference/churn/1"]);
    ready(saver.commit(&store, prepared)).unwrap();
    assert_eq!(
        restored(&store).serving.records["churn"].records.len(),
        n + 1
    );
    // Deleting the endpoint deletes its stored records.
    lab.ws.serving.delete("churn").unwrap();
    let prepared = saver.prepare(&mut lab.ws, META).unwrap();
    let deletes = prepared
        .writes
        .iter()
        .filter(|w| matches!(w, Write::Delete { .. }))
        .count();
    assert_eq!(deletes, 2);
    ready(saver.commit(&store, prepared)).unwrap();
    assert!(restored(&store).serving.records.is_empty());
}

fn record(i: usize) -> InferenceRecord {
    InferenceRecord {
        databricks_request_id: format!("r{i}"),
        client_request_id: None,
        timestamp_ms: i as i64,
        status_code: 200,
        execution_time_ms: 0.0,
        request: String::new(),
        response: String::new(),
        served_entity: Some("a".into()),
        model_name: None,
        model_version: None,
    }
}

#[test]
fn a_full_log_drops_its_oldest_chunk_whole() {
    let mut log = RecordLog::default();
    for i in 0..MAX_RECORDS {
        assert_eq!(log.push(record(i)), vec![i as u64 / CHUNK]);
    }
    let changed = log.push(record(MAX_RECORDS));
    assert_eq!(changed, vec![MAX_RECORDS as u64 / CHUNK, 0]);
    assert_eq!(log.first, CHUNK);
    assert_eq!(log.records.len(), MAX_RECORDS + 1 - CHUNK as usize);
    assert_eq!(log.records[0].databricks_request_id, format!("r{CHUNK}"));
    assert!(log.chunk(0).is_none());
    assert_eq!(*log.chunks().start(), 1);
}

/// Counts loads, answering with the lab's model.
struct Counting<'a> {
    model: &'a LoadedModel,
    loads: Cell<usize>,
}

impl Models for Counting<'_> {
    fn load(&self, _: &str, _: &str) -> Result<LoadedModel, ServingError> {
        self.loads.set(self.loads.get() + 1);
        Ok(self.model.clone())
    }
}

#[test]
fn a_model_loads_once_per_config() {
    let lab = lab();
    let model = lab
        .ws
        .unity
        .load(
            lakelab_core::registry::store::RegistryKind::Uc,
            &lab.ws.tracking,
            "models:/main.ml_models.churn/1",
        )
        .unwrap();
    let mut models = Counting {
        model: &model,
        loads: Cell::new(0),
    };
    let mut serving = Serving::default();
    let config =
        json!({"served_entities": [{"name": "a", "entity_name": "m", "entity_version": "1"}]});
    let ok = |_: &str, _: &str| Ok(());
    serving.create("e", &config, &[], "me", 0, &ok).unwrap();
    for _ in 0..5 {
        let r = serving.invoke("e", BODY, DEPLOY_MS, &mut models, &mut || 0.0);
        assert_eq!(r.status, 200, "{}", r.body);
    }
    assert_eq!(models.loads.get(), 1);
    serving.update_config("e", &config, DEPLOY_MS, &ok).unwrap();
    // The old config serves (from its loaded model) while the new one deploys.
    serving.invoke("e", BODY, DEPLOY_MS + 1, &mut models, &mut || 0.0);
    assert_eq!(models.loads.get(), 1);
    serving.invoke("e", BODY, 2 * DEPLOY_MS, &mut models, &mut || 0.0);
    assert_eq!(models.loads.get(), 2);
    assert_eq!(serving.cache.len(), 1);
}

#[test]
fn a_schema_7_workspace_loads_without_endpoints() {
    let (from, back) = from_older_schema(7, "serving");
    assert_eq!(from, 7);
    assert_eq!(back, Workspace::default());
}

//! Serving endpoints: names, configs and traffic rules, the create → ready lifecycle, updates
//! that keep the old config serving, tags, delete, and the seeded traffic split.

use lakelab_core::serving::store::DEPLOY_MS;
use lakelab_core::serving::{Serving, ServingError};
use serde_json::{json, Value};

/// Versions 1–3 of `main.ml.churn` exist.
fn versions(name: &str, version: &str) -> Result<(), ServingError> {
    let v: u32 = version.parse().unwrap_or(0);
    if name == "main.ml.churn" && (1..=3).contains(&v) {
        Ok(())
    } else {
        Err(ServingError::missing(format!(
            "Model Version (name={name}, version={version}) not found"
        )))
    }
}

fn one(version: &str) -> Value {
    json!({"served_entities": [{"entity_name": "main.ml.churn", "entity_version": version}]})
}

fn split(champion: u32, challenger: u32) -> Value {
    json!({
        "served_entities": [
            {"name": "champion", "entity_name": "main.ml.churn", "entity_version": "2"},
            {"name": "challenger", "entity_name": "main.ml.churn", "entity_version": 3},
        ],
        "traffic_config": {"routes": [
            {"served_model_name": "champion", "traffic_percentage": champion},
            {"served_model_name": "challenger", "traffic_percentage": challenger},
        ]},
    })
}

fn create(s: &mut Serving, name: &str, config: &Value, now: i64) -> Result<Value, ServingError> {
    s.create(name, config, &[], "me@lakelab", now, &versions)
        .map(|e| e.to_json())
}

#[test]
fn an_endpoint_is_creating_then_ready_with_the_defaults_filled_in() {
    let mut s = Serving::default();
    let e = create(&mut s, "churn-endpoint", &one("2"), 1_000).unwrap();
    assert_eq!(
        e["state"],
        json!({"ready": "NOT_READY", "config_update": "IN_PROGRESS"})
    );
    assert!(e.get("config").is_none());
    let pending = &e["pending_config"];
    assert_eq!(pending["config_version"], 1);
    assert_eq!(pending["start_time"], 1_000);
    let entity = &pending["served_entities"][0];
    // The default name: the model's last name part and the version.
    assert_eq!(entity["name"], "churn-2");
    assert_eq!(entity["workload_size"], "Small");
    assert_eq!(entity["state"]["deployment"], "DEPLOYMENT_CREATING");
    // One entity without traffic_config gets all the traffic.
    assert_eq!(
        pending["traffic_config"]["routes"][0],
        json!({"served_model_name": "churn-2", "served_entity_name": "churn-2", "traffic_percentage": 100})
    );
    // Still deploying just before the simulated delay ends; ready at it.
    let e = s
        .get("churn-endpoint", 1_000 + DEPLOY_MS - 1)
        .unwrap()
        .to_json();
    assert_eq!(e["state"]["ready"], "NOT_READY");
    let e = s
        .get("churn-endpoint", 1_000 + DEPLOY_MS)
        .unwrap()
        .to_json();
    assert_eq!(
        e["state"],
        json!({"ready": "READY", "config_update": "NOT_UPDATING"})
    );
    assert!(e.get("pending_config").is_none());
    assert_eq!(
        e["config"]["served_entities"][0]["state"]["deployment"],
        "DEPLOYMENT_READY"
    );
    assert_eq!(e["last_updated_timestamp"], 1_000 + DEPLOY_MS);
    assert_eq!(s.list(0).len(), 1);
}

#[test]
fn names_and_configs_are_checked_with_the_services_messages() {
    let mut s = Serving::default();
    for bad in ["-x", "x-", "a b", "", &"a".repeat(64)] {
        let e = create(&mut s, bad, &one("1"), 0).unwrap_err();
        assert_eq!(
            (e.status, e.error_code, e.message.as_str()),
            (400, "INVALID_PARAMETER_VALUE", "Endpoint name must be maximum 63 characters, and alphanumeric with hyphens and underscores allowed in between.")
        );
    }
    assert!(create(&mut s, &"a".repeat(63), &one("1"), 0).is_ok());
    let e = create(&mut s, "databricks-mine", &one("1"), 0).unwrap_err();
    assert!(e.message.contains("reserved"), "{e}");
    create(&mut s, "ep", &one("1"), 0).unwrap();
    let e = create(&mut s, "ep", &one("1"), 0).unwrap_err();
    assert_eq!((e.status, e.error_code), (409, "RESOURCE_ALREADY_EXISTS"));
    assert_eq!(e.message, "Serving endpoint with name ep already exists");
    let e = s.get("nope", 0).unwrap_err();
    assert_eq!(
        (e.status, e.message.as_str()),
        (404, "Serving endpoint with name nope not found")
    );
    // The version must exist in the registry.
    let e = create(&mut s, "ep2", &one("9"), 0).unwrap_err();
    assert_eq!(
        e.message,
        "Model Version (name=main.ml.churn, version=9) not found"
    );
    // An alias is resolved by the caller: the config names a version.
    let e = create(&mut s, "ep2", &one("@Champion"), 0).unwrap_err();
    assert!(e.message.contains("get_model_version_by_alias"), "{e}");
    // The legacy served_models form is read too.
    let legacy = json!({"served_models": [{"model_name": "main.ml.churn", "model_version": "1", "workload_size": "Medium", "scale_to_zero_enabled": false}]});
    let e = create(&mut s, "legacy", &legacy, 0).unwrap();
    let entity = &e["pending_config"]["served_entities"][0];
    assert_eq!(
        (
            entity["workload_size"].as_str(),
            entity["scale_to_zero_enabled"].as_bool()
        ),
        (Some("Medium"), Some(false))
    );
    let e = create(&mut s, "ep3", &json!({"served_entities": [{"entity_name": "main.ml.churn", "entity_version": "1", "workload_size": "Huge"}]}), 0).unwrap_err();
    assert!(e.message.contains("Small, Medium, Large"), "{e}");
}

#[test]
fn traffic_routes_must_name_every_entity_once_and_add_up_to_100() {
    let mut s = Serving::default();
    let err = |s: &mut Serving, c: &Value| create(s, "ab", c, 0).unwrap_err().message;
    assert!(err(&mut s, &split(90, 20)).contains("add up to 110"));
    assert!(err(&mut s, &split(90, 101)).contains("from 0 to 100"));
    let mut two = split(90, 10);
    two.as_object_mut().unwrap().remove("traffic_config");
    assert!(err(&mut s, &two).contains("traffic_config is required"));
    let mut unknown = split(90, 10);
    unknown["traffic_config"]["routes"][1]["served_model_name"] = json!("other");
    assert!(err(&mut s, &unknown).contains("route 'other' names no served entity"));
    let mut twice = split(90, 10);
    twice["served_entities"][1]["name"] = json!("champion");
    assert!(err(&mut s, &twice).contains("used twice"));
    // Percentages may come as strings, as in the docs' examples.
    let mut strings = split(90, 10);
    strings["traffic_config"]["routes"][0]["traffic_percentage"] = json!("90");
    assert!(create(&mut s, "ab", &strings, 0).is_ok());
}

#[test]
fn an_update_deploys_beside_the_live_config_and_one_at_a_time() {
    let mut s = Serving::default();
    create(&mut s, "ep", &one("1"), 0).unwrap();
    // No update while the first deployment runs.
    let e = s.update_config("ep", &one("2"), 10, &versions).unwrap_err();
    assert_eq!((e.status, e.error_code), (409, "RESOURCE_CONFLICT"));
    let t = DEPLOY_MS + 5;
    let e = s
        .update_config("ep", &split(90, 10), t, &versions)
        .unwrap()
        .to_json();
    // The old config keeps serving while the new one deploys.
    assert_eq!(
        e["state"],
        json!({"ready": "READY", "config_update": "IN_PROGRESS"})
    );
    assert_eq!(e["config"]["served_entities"][0]["entity_version"], "1");
    assert_eq!(e["pending_config"]["config_version"], 2);
    assert_eq!(s.route("ep", t + 1).unwrap(), "churn-1");
    let e = s.get("ep", t + DEPLOY_MS).unwrap().to_json();
    assert_eq!(e["config"]["config_version"], 2);
    assert_eq!(e["config"]["served_entities"].as_array().unwrap().len(), 2);
    // A failed check leaves the endpoint as it was.
    assert!(s
        .update_config("ep", &split(50, 10), t + DEPLOY_MS + 1, &versions)
        .is_err());
    assert_eq!(
        s.get("ep", t + DEPLOY_MS + 2).unwrap().config_update(),
        "NOT_UPDATING"
    );
    assert!(
        s.update_config("nope", &one("1"), 0, &versions)
            .unwrap_err()
            .status
            == 404
    );
}

#[test]
fn tags_are_added_overwritten_and_deleted_and_endpoints_deleted() {
    let mut s = Serving::default();
    s.create(
        "ep",
        &one("1"),
        &[("team".into(), Some("ml".into()))],
        "me",
        0,
        &versions,
    )
    .unwrap();
    let e = s
        .patch_tags(
            "ep",
            &[("team".into(), Some("risk".into())), ("flag".into(), None)],
            &["x".into()],
        )
        .unwrap()
        .to_json();
    assert_eq!(
        e["tags"],
        json!([{"key": "flag"}, {"key": "team", "value": "risk"}])
    );
    s.patch_tags("ep", &[], &["flag".into()]).unwrap();
    assert_eq!(s.get("ep", 0).unwrap().tags.len(), 1);
    s.delete("ep").unwrap();
    assert_eq!(s.delete("ep").unwrap_err().status, 404);
}

#[test]
fn requests_split_by_traffic_percentage_reproducibly() {
    let mut s = Serving {
        seed: 7,
        ..Serving::default()
    };
    create(&mut s, "ab", &split(90, 10), 0).unwrap();
    let e = s.route("ab", 1).unwrap_err();
    assert!(e.message.contains("not ready"), "{e}");
    let mut counts = [0u32; 2];
    let mut first = Vec::new();
    for _ in 0..10_000 {
        let who = s.route("ab", DEPLOY_MS).unwrap();
        counts[usize::from(who == "challenger")] += 1;
        if first.len() < 50 {
            first.push(who);
        }
    }
    // Chi-square against 9,000 / 1,000 (1 degree of freedom; 10.83 is p = 0.001).
    let chi = (f64::from(counts[0]) - 9000.0).powi(2) / 9000.0
        + (f64::from(counts[1]) - 1000.0).powi(2) / 1000.0;
    assert!(chi < 10.83, "{counts:?} chi² {chi}");
    // The same seed routes the same way; another seed differently.
    let replay = |seed: u64| {
        let mut t = Serving {
            seed,
            ..Serving::default()
        };
        create(&mut t, "ab", &split(90, 10), 0).unwrap();
        (0..50)
            .map(|_| t.route("ab", DEPLOY_MS).unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(replay(7), first);
    assert_ne!(replay(8), first);
    // 0 % never gets a request.
    let mut z = Serving::default();
    create(&mut z, "z", &split(100, 0), 0).unwrap();
    assert!((0..500).all(|_| z.route("z", DEPLOY_MS).unwrap() == "champion"));
}

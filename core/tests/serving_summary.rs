//! The Serving page's pure helpers: inference-table statistics per served entity (counts,
//! errors, latency percentiles, observed traffic share), the form's config with aliases
//! resolved at submit, and the example request bodies in the four formats.

mod notebook_support;

use lakelab_core::frame::SplitFrame;
use lakelab_core::models::{ColSpec, Signature};
use lakelab_core::registry::RegistryKind;
use lakelab_core::serving::draft::{default_name, Draft, DraftEntity};
use lakelab_core::serving::examples::{example_body, placeholder_frame};
use lakelab_core::serving::invoke::InferenceRecord;
use lakelab_core::serving::request::{self, FORMATS};
use lakelab_core::serving::store::DEPLOY_MS;
use lakelab_core::serving::summary::{percentile, summarize};
use lakelab_core::serving::{Serving, ServingError};
use notebook_support::Lab;
use serde_json::json;

fn record(entity: Option<&str>, status: u16, ms: f64) -> InferenceRecord {
    InferenceRecord {
        databricks_request_id: String::new(),
        client_request_id: None,
        timestamp_ms: 0,
        status_code: status,
        execution_time_ms: ms,
        request: "{}".into(),
        response: "{}".into(),
        served_entity: entity.map(str::to_string),
        model_name: None,
        model_version: None,
    }
}

#[test]
fn percentiles_use_the_nearest_rank() {
    let values: Vec<f64> = (1..=100).map(f64::from).collect();
    assert_eq!(percentile(&values, 50.0), Some(50.0));
    assert_eq!(percentile(&values, 99.0), Some(99.0));
    assert_eq!(percentile(&[7.0], 99.0), Some(7.0));
    assert_eq!(percentile(&[1.0, 2.0, 3.0], 50.0), Some(2.0));
    assert_eq!(percentile(&[], 50.0), None);
}

#[test]
fn records_group_by_served_entity_with_errors_and_latency() {
    let mut records = Vec::new();
    for i in 0..90 {
        records.push(record(Some("churn-1"), 200, f64::from(i % 10)));
    }
    for i in 0..10 {
        let status = if i < 2 { 400 } else { 200 };
        records.push(record(Some("churn-2"), status, 100.0 + f64::from(i)));
    }
    records.push(record(None, 404, 0.5));
    let s = summarize(&records);
    assert_eq!((s.requests, s.errors), (101, 3));
    let names: Vec<Option<&str>> = s
        .entities
        .iter()
        .map(|e| e.served_entity.as_deref())
        .collect();
    assert_eq!(names, [Some("churn-1"), Some("churn-2"), None]);

    let a = s.entity("churn-1").expect("churn-1 answered");
    assert_eq!((a.requests, a.errors), (90, 0));
    assert_eq!((a.p50_ms, a.p99_ms), (Some(4.0), Some(9.0)));
    assert!((a.observed_percentage - 90.0).abs() < 1e-9);

    let b = s.entity("churn-2").expect("churn-2 answered");
    assert_eq!((b.requests, b.errors), (10, 2));
    assert_eq!((b.p50_ms, b.p99_ms), (Some(104.0), Some(109.0)));
    assert!((b.observed_percentage - 10.0).abs() < 1e-9);

    // Requests that never reached a model count, but not in the traffic shares.
    let unrouted = &s.entities[2];
    assert_eq!((unrouted.requests, unrouted.errors), (1, 1));
    assert_eq!(unrouted.observed_percentage, 0.0);
    assert!(s.entity("churn-3").is_none());
}

#[test]
fn no_records_summarize_to_nothing() {
    let s = summarize(&Vec::<InferenceRecord>::new());
    assert_eq!((s.requests, s.errors, s.entities.len()), (0, 0, 0));
}

/// Versions 1–3 of `main.ml.churn`, `Champion` on 2 and `Challenger` on 3.
fn alias(model: &str, alias: &str) -> Result<String, ServingError> {
    match (model, alias) {
        ("main.ml.churn", "Champion") => Ok("2".into()),
        ("main.ml.churn", "Challenger") => Ok("3".into()),
        _ => Err(ServingError::missing(format!(
            "Registered model alias {alias} not found."
        ))),
    }
}

fn exists(name: &str, version: &str) -> Result<(), ServingError> {
    let v: u32 = version.parse().unwrap_or(0);
    if name == "main.ml.churn" && (1..=3).contains(&v) {
        Ok(())
    } else {
        Err(ServingError::missing("no such version"))
    }
}

fn draft(versions: &[&str], first: u32) -> Draft {
    Draft {
        entities: versions
            .iter()
            .map(|v| DraftEntity {
                entity_name: "main.ml.churn".into(),
                version: (*v).into(),
            })
            .collect(),
        first_percentage: first,
        workload_size: "Small".into(),
        scale_to_zero_enabled: true,
    }
}

#[test]
fn a_draft_resolves_aliases_and_splits_traffic_between_two_entities() {
    let (config, resolved) = draft(&["@Champion", "@Challenger"], 90)
        .to_config(&alias)
        .expect("both aliases exist");
    assert_eq!(resolved.len(), 2);
    assert_eq!(
        (resolved[0].alias.as_str(), resolved[0].version.as_str()),
        ("Champion", "2")
    );
    assert_eq!(
        config["served_entities"][1]["entity_version"],
        json!("3"),
        "the endpoint is given the version, not the alias"
    );
    assert_eq!(
        config["traffic_config"]["routes"],
        json!([
            {"served_model_name": "churn-2", "traffic_percentage": 90},
            {"served_model_name": "churn-3", "traffic_percentage": 10},
        ])
    );
    let mut serving = Serving::default();
    let e = serving
        .create("churn-ab", &config, &[], "me", 0, &exists)
        .expect("the engine accepts the draft's config");
    assert_eq!(
        e.pending.as_ref().map(|p| p.config.share_of("churn-3")),
        Some(10)
    );
    assert_eq!(default_name("main.ml.churn", "3"), "churn-3");
}

#[test]
fn a_one_entity_draft_leaves_the_route_to_the_service() {
    let (config, resolved) = draft(&["1"], 90).to_config(&alias).expect("a version");
    assert!(resolved.is_empty());
    assert!(config.get("traffic_config").is_none());
    let mut serving = Serving::default();
    serving
        .create("churn", &config, &[], "me", 0, &exists)
        .expect("accepted");
    let e = serving.get("churn", DEPLOY_MS).expect("created");
    assert_eq!(e.config.as_ref().map(|c| c.share_of("churn-1")), Some(100));
}

#[test]
fn a_draft_reports_what_is_missing() {
    let err = draft(&["@Staging"], 100)
        .to_config(&alias)
        .expect_err("no such alias");
    assert_eq!(err.message, "Registered model alias Staging not found.");
    let empty = Draft {
        entities: Vec::new(),
        ..draft(&[], 100)
    };
    assert!(empty.to_config(&alias).is_err());
    let mut unnamed = draft(&["1"], 100);
    unnamed.entities[0].entity_name = " ".into();
    let err = unnamed.to_config(&alias).expect_err("no model");
    assert!(err.message.contains("choose a registered model"), "{err:?}");
    assert!(draft(&["1", "2", "3"], 50).to_config(&alias).is_err());
}

fn signature() -> Signature {
    let col = |name: &str, t: &str| ColSpec {
        col_type: t.into(),
        name: Some(name.into()),
        required: true,
    };
    Signature {
        inputs: vec![
            col("tenure_months", "long"),
            col("monthly_charges", "double"),
            col("plan", "string"),
        ],
        outputs: Vec::new(),
    }
}

#[test]
fn every_format_example_reads_back_as_the_same_rows() {
    let frame = SplitFrame {
        columns: vec!["tenure_months".into(), "monthly_charges".into()],
        data: vec![vec![json!(3), json!(89.9)], vec![json!(48), json!(35.0)]],
    };
    for format in FORMATS {
        let body = example_body(format, &frame);
        let parsed = request::parse(&body).unwrap_or_else(|e| panic!("{format}: {e}\n{body}"));
        assert_eq!(parsed.format, format);
        assert_eq!(parsed.input, frame, "{format}:\n{body}");
    }
    // Columns keep the signature's order in the text (not sorted).
    let records = example_body("dataframe_records", &frame);
    assert!(
        records.find("tenure_months") < records.find("monthly_charges"),
        "{records}"
    );
    assert!(example_body("inputs", &frame).contains("\"monthly_charges\": [89.9, 35.0]"));
}

#[test]
fn placeholders_follow_the_signature_types() {
    let frame = placeholder_frame(&signature());
    assert_eq!(frame.columns, ["tenure_months", "monthly_charges", "plan"]);
    assert_eq!(frame.data, [vec![json!(1), json!(1.0), json!("text")]]);
    let body = example_body("dataframe_split", &frame);
    assert_eq!(
        body,
        "{\n  \"dataframe_split\": {\n    \"columns\": [\"tenure_months\", \"monthly_charges\", \"plan\"],\n    \"data\": [[1, 1.0, \"text\"]]\n  }\n}"
    );
}

/// The page's path end to end in a workspace: two registered versions with Champion and
/// Challenger, an endpoint from the form's draft, the example body, 300 requests, and the
/// statistics the inference table and the A/B view show.
#[test]
fn a_ninety_ten_endpoint_from_aliases_shows_its_split_in_the_summary() {
    let mut lab = Lab::new().with_registered_churn();
    lab.ok("from mlflow import MlflowClient\nc = MlflowClient()\nc.set_registered_model_alias('main.ml_models.churn', 'Champion', 1)\nc.set_registered_model_alias('main.ml_models.churn', 'Challenger', 2)");
    let ws = &mut lab.ws;
    let draft = Draft {
        entities: ["@Champion", "@Challenger"]
            .iter()
            .map(|v| DraftEntity {
                entity_name: "main.ml_models.churn".into(),
                version: (*v).into(),
            })
            .collect(),
        first_percentage: 90,
        workload_size: "Small".into(),
        scale_to_zero_enabled: true,
    };
    let unity = &ws.unity;
    let (config, resolved) = draft
        .to_config(&|m, a| {
            unity
                .version_by_alias(RegistryKind::Uc, m, a)
                .map(|v| v.version.to_string())
                .map_err(|e| ServingError::missing(e.message))
        })
        .expect("aliases resolve");
    assert_eq!(resolved.len(), 2);
    ws.create_endpoint("churn-ab", &config, &[], "learner@lakelab", 0)
        .expect("created");

    let signature = ws.unity.models["main.ml_models.churn"].versions[0]
        .signature
        .clone()
        .expect("UC versions have a signature");
    let body = example_body("inputs", &placeholder_frame(&signature));
    let mut clock = || 2.0;
    for _ in 0..300 {
        let reply = ws.query_endpoint("churn-ab", &body, DEPLOY_MS, &mut clock);
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let s = summarize(&ws.serving.records["churn-ab"].records);
    assert_eq!((s.requests, s.errors), (300, 0));
    let champion = s.entity("churn-1").expect("the champion answered");
    let challenger = s.entity("churn-2").expect("the challenger answered");
    assert_eq!(champion.requests + challenger.requests, 300);
    assert!(
        (80.0..=97.0).contains(&champion.observed_percentage),
        "{champion:?}"
    );
    assert_eq!((champion.p50_ms, champion.p99_ms), (Some(0.0), Some(0.0)));

    // Moving Champion does not change what the endpoint serves.
    lab.ok("MlflowClient().set_registered_model_alias('main.ml_models.churn', 'Champion', 2)");
    let e = lab.ws.serving.get("churn-ab", DEPLOY_MS).expect("exists");
    let versions: Vec<&str> = e
        .config
        .iter()
        .flat_map(|c| c.served_entities.iter().map(|s| s.entity_version.as_str()))
        .collect();
    assert_eq!(versions, ["1", "2"]);
}

//! The tracking store's rules; each test names the MLflow behaviour it mirrors.

use lakelab_core::tracking::{
    ErrorCode, LifecycleStage, Metric, NewRun, RunQuery, RunStatus, Tracking, ViewType,
};

const T0: i64 = 1_764_000_000_000;

fn store() -> Tracking {
    Tracking::new(42, T0)
}

fn new_run(store: &mut Tracking, exp: &str, start: i64) -> String {
    let opts = NewRun {
        start_time: Some(start),
        user_id: "ada@example.com".into(),
        ..Default::default()
    };
    store.create_run(exp, opts, start).unwrap()
}

/// MLflow: a Default experiment (id "0") always exists; names are unique; deleting is soft and
/// keeps the name taken; restore brings the experiment back.
#[test]
fn experiment_lifecycle() {
    let mut t = store();
    assert_eq!(t.get_experiment("0").unwrap().name, "Default");
    let id = t
        .create_experiment("/Users/ada/churn", None, &[], T0)
        .unwrap();
    assert_eq!(id, "1");
    let exp = t.get_experiment_by_name("/Users/ada/churn").unwrap();
    assert_eq!(exp.artifact_location, "dbfs:/databricks/mlflow-tracking/1");
    let dup = t
        .create_experiment("/Users/ada/churn", None, &[], T0)
        .unwrap_err();
    assert_eq!(dup.code, ErrorCode::ResourceAlreadyExists);
    assert_eq!(dup.message, "Experiment '/Users/ada/churn' already exists.");

    t.delete_experiment(&id, T0 + 1).unwrap();
    assert_eq!(
        t.get_experiment(&id).unwrap().lifecycle_stage,
        LifecycleStage::Deleted
    );
    let taken = t
        .create_experiment("/Users/ada/churn", None, &[], T0)
        .unwrap_err();
    assert!(
        taken.message.contains("already exists in deleted state"),
        "{}",
        taken.message
    );
    assert!(t
        .set_experiment("/Users/ada/churn", T0)
        .unwrap_err()
        .message
        .starts_with("Cannot set a deleted experiment"));
    assert!(t
        .rename_experiment(&id, "other", T0)
        .unwrap_err()
        .message
        .contains("non-active"));
    t.restore_experiment(&id, T0 + 2).unwrap();
    assert!(t.restore_experiment(&id, T0 + 2).is_err());
    assert_eq!(
        t.get_experiment(&id).unwrap().lifecycle_stage,
        LifecycleStage::Active
    );

    let e = t.delete_experiment("0", T0).unwrap_err();
    assert!(e
        .message
        .starts_with("Cannot delete the default experiment '0'"));
    let e = t.get_experiment("99").unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (
            ErrorCode::ResourceDoesNotExist,
            "No Experiment with id=99 exists"
        )
    );
    assert!(t.create_experiment("", None, &[], T0).is_err());
    assert!(t
        .create_experiment("x", Some("runs:/abc"), &[], T0)
        .is_err());
}

/// MLflow: set_experiment returns the id of an existing experiment or creates it; rename keeps
/// names unique; experiment tags follow the tag limits.
#[test]
fn set_rename_and_tag_experiments() {
    let mut t = store();
    let a = t.set_experiment("a", T0).unwrap();
    assert_eq!(t.set_experiment("a", T0).unwrap(), a);
    let b = t
        .create_experiment("b", None, &[("team".into(), "ml".into())], T0)
        .unwrap();
    assert_eq!(t.get_experiment(&b).unwrap().tags["team"], "ml");
    assert_eq!(
        t.rename_experiment(&b, "a", T0).unwrap_err().code,
        ErrorCode::ResourceAlreadyExists
    );
    t.rename_experiment(&b, "b2", T0 + 5).unwrap();
    assert_eq!(t.get_experiment(&b).unwrap().name, "b2");
    assert_eq!(t.get_experiment(&b).unwrap().last_update_time, T0 + 5);
    t.set_experiment_tag(&a, "k", "v").unwrap();
    assert!(t.set_experiment_tag(&a, "k", &"v".repeat(5001)).is_err());
}

/// MLflow: a new run is RUNNING, named (generated adjective-noun-number when absent), with
/// mlflow.runName and mlflow.user tags and an artifact URI under the experiment.
#[test]
fn creating_runs() {
    let mut t = store();
    let id = new_run(&mut t, "0", T0);
    let run = t.get_run(&id).unwrap();
    assert_eq!(run.info.status, RunStatus::Running);
    assert_eq!(run.info.run_id.len(), 32);
    assert_eq!(run.data.tags["mlflow.runName"], run.info.run_name);
    assert_eq!(run.info.run_name.split('-').count(), 3);
    assert_eq!(run.data.tags["mlflow.user"], "ada@example.com");
    assert_eq!(
        run.info.artifact_uri,
        format!("dbfs:/databricks/mlflow-tracking/0/{id}/artifacts")
    );
    assert_eq!(run.info.end_time, None);

    let named = NewRun {
        run_name: Some("baseline".into()),
        ..Default::default()
    };
    let id2 = t.create_run("0", named, T0).unwrap();
    assert_eq!(t.get_run(&id2).unwrap().info.run_name, "baseline");
    let clash = NewRun {
        run_name: Some("a".into()),
        tags: vec![("mlflow.runName".into(), "b".into())],
        ..Default::default()
    };
    assert!(t
        .create_run("0", clash, T0)
        .unwrap_err()
        .message
        .starts_with("Both 'run_name' argument and 'mlflow.runName' tag"));
    assert_eq!(
        t.create_run("7", NewRun::default(), T0).unwrap_err().code,
        ErrorCode::ResourceDoesNotExist
    );

    // Same seed, same calls: same ids and names.
    let mut again = store();
    assert_eq!(new_run(&mut again, "0", T0), id);
}

/// MLflow: params are strings; the same value again is fine, a different value is an error.
#[test]
fn params_are_immutable() {
    let mut t = store();
    let id = new_run(&mut t, "0", T0);
    t.log_param(&id, "max_depth", "5").unwrap();
    t.log_param(&id, "max_depth", "5").unwrap();
    let e = t.log_param(&id, "max_depth", "6").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParameterValue);
    assert_eq!(
        e.message,
        format!("Changing param values is not allowed. Params were already logged='[{{'key': 'max_depth', 'old_value': '5', 'new_value': '6'}}]' for run ID='{id}'.")
    );
    assert_eq!(t.get_run(&id).unwrap().data.params["max_depth"], "5");
    assert!(t.log_param(&id, "bad:key", "1").is_err());
    assert!(t.log_param(&id, "k", &"v".repeat(6001)).is_err());
}

/// MLflow: the run shows the latest metric value: largest step, then latest timestamp, then
/// larger value; the full history is kept in logging order.
#[test]
fn latest_metric_value_and_history() {
    let mut t = store();
    let id = new_run(&mut t, "0", T0);
    t.log_metric(&id, "loss", 0.9, 100, 0).unwrap();
    t.log_metric(&id, "loss", 0.5, 50, 2).unwrap(); // larger step wins despite older time
    t.log_metric(&id, "loss", 0.7, 10, 1).unwrap(); // out of order, smaller step
    assert_eq!(t.get_run(&id).unwrap().data.metrics["loss"], 0.5);
    t.log_metric(&id, "loss", 0.4, 60, 2).unwrap(); // same step, later timestamp wins
    assert_eq!(t.get_run(&id).unwrap().data.metrics["loss"], 0.4);
    t.log_metric(&id, "loss", 0.45, 60, 2).unwrap(); // full tie: larger value wins
    assert_eq!(t.get_run(&id).unwrap().data.metrics["loss"], 0.45);
    t.log_metric(&id, "loss", 0.1, 60, 2).unwrap();
    assert_eq!(t.get_run(&id).unwrap().data.metrics["loss"], 0.45);
    let history: Vec<f64> = t
        .get_metric_history(&id, "loss")
        .unwrap()
        .iter()
        .map(|m| m.value)
        .collect();
    assert_eq!(history, [0.9, 0.5, 0.7, 0.4, 0.45, 0.1]);
    assert!(t.get_metric_history(&id, "none").unwrap().is_empty());
    t.log_metric(&id, "nan", f64::NAN, 1, 0).unwrap();
    assert!(t.get_run(&id).unwrap().data.metrics["nan"].is_nan());
    t.log_metric(&id, "neg_step", 1.0, 1, -5).unwrap();
    assert!(t.log_metric(&id, "m", 1.0, -1, 0).is_err());
}

/// MLflow: tags can be set and deleted; deleting a missing tag is an error; setting
/// mlflow.runName renames the run.
#[test]
fn tags() {
    let mut t = store();
    let id = new_run(&mut t, "0", T0);
    t.set_tag(&id, "team", "ml").unwrap();
    t.set_tag(&id, "team", "ds").unwrap();
    assert_eq!(t.get_run(&id).unwrap().data.tags["team"], "ds");
    t.delete_tag(&id, "team").unwrap();
    let e = t.delete_tag(&id, "team").unwrap_err();
    assert_eq!(
        e.message,
        format!("No tag with name: team in run with id {id}")
    );
    t.set_tag(&id, "mlflow.runName", "renamed").unwrap();
    assert_eq!(t.get_run(&id).unwrap().info.run_name, "renamed");
    assert!(t.set_tag(&id, "k", &"v".repeat(5001)).is_err());
}

/// MLflow: set_terminated ends a run; a deleted run keeps its data, rejects logging, and can
/// be restored.
#[test]
fn run_lifecycle() {
    let mut t = store();
    let id = new_run(&mut t, "0", T0);
    t.set_terminated(&id, RunStatus::Failed, Some(T0 + 9), T0 + 10)
        .unwrap();
    let info = t.get_run(&id).unwrap().info;
    assert_eq!(
        (info.status, info.end_time),
        (RunStatus::Failed, Some(T0 + 9))
    );
    t.delete_run(&id).unwrap();
    assert_eq!(
        t.get_run(&id).unwrap().info.lifecycle_stage,
        LifecycleStage::Deleted
    );
    let e = t.log_metric(&id, "m", 1.0, 1, 0).unwrap_err();
    assert_eq!(
        e.message,
        format!("The run {id} must be in the 'active' state. Current state is deleted.")
    );
    t.restore_run(&id).unwrap();
    t.log_metric(&id, "m", 1.0, 1, 0).unwrap();
    let e = t.get_run("nope").unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (
            ErrorCode::ResourceDoesNotExist,
            "Run with id=nope not found"
        )
    );

    // Deleting an experiment deletes its runs with it; restoring brings them back.
    let exp = t.create_experiment("e", None, &[], T0).unwrap();
    let r = new_run(&mut t, &exp, T0);
    t.delete_experiment(&exp, T0).unwrap();
    assert_eq!(
        t.get_run(&r).unwrap().info.lifecycle_stage,
        LifecycleStage::Deleted
    );
    t.restore_experiment(&exp, T0).unwrap();
    assert_eq!(
        t.get_run(&r).unwrap().info.lifecycle_stage,
        LifecycleStage::Active
    );
}

/// MLflow: log_batch checks limits and duplicate param keys first and writes nothing on error.
#[test]
fn log_batch_is_checked_then_applied() {
    let mut t = store();
    let id = new_run(&mut t, "0", T0);
    let m = |k: &str, v: f64| Metric {
        key: k.into(),
        value: v,
        timestamp: 1,
        step: 0,
    };
    let p = |k: &str, v: &str| (k.to_string(), v.to_string());
    let e = t
        .log_batch(&id, &[m("a", 1.0)], &[p("x", "1"), p("x", "2")], &[])
        .unwrap_err();
    assert!(
        e.message
            .starts_with("Duplicate parameter keys have been submitted: ['x']"),
        "{}",
        e.message
    );
    assert!(
        t.get_run(&id).unwrap().data.metrics.is_empty(),
        "nothing written"
    );
    let many: Vec<(String, String)> = (0..101).map(|i| p(&format!("k{i}"), "v")).collect();
    let e = t.log_batch(&id, &[], &many, &[]).unwrap_err();
    assert!(e
        .message
        .starts_with("A batch logging request can contain at most 100 params. Got 101 params."));
    t.log_param(&id, "x", "1").unwrap();
    assert!(t
        .log_batch(&id, &[m("a", 1.0)], &[p("x", "2")], &[])
        .is_err());
    assert!(
        t.get_run(&id).unwrap().data.metrics.is_empty(),
        "nothing written"
    );
    t.log_batch(
        &id,
        &[m("a", 1.0), m("b", 2.0)],
        &[p("x", "1"), p("y", "2")],
        &[p("t", "v")],
    )
    .unwrap();
    let data = t.get_run(&id).unwrap().data;
    assert_eq!(
        (
            data.metrics.len(),
            data.params.len(),
            data.tags["t"].as_str()
        ),
        (2, 2, "v")
    );
}

fn query(exp: &str) -> RunQuery {
    RunQuery {
        experiment_ids: vec![exp.into()],
        ..Default::default()
    }
}

/// MLflow (exam S1.11): the best run is search_runs ordered by the metric, max_results=1;
/// runs without the metric come last; deleted runs only with the matching view type.
#[test]
fn search_runs_best_run_views_and_filters() {
    let mut t = store();
    let exp = t.create_experiment("churn", None, &[], T0).unwrap();
    let mut ids = Vec::new();
    for (i, acc) in [0.81, 0.93, 0.88].iter().enumerate() {
        let id = new_run(&mut t, &exp, T0 + i as i64);
        t.log_metric(&id, "accuracy", *acc, T0, 0).unwrap();
        t.log_param(&id, "model", if i == 1 { "rf" } else { "lr" })
            .unwrap();
        ids.push(id);
    }
    let no_metric = new_run(&mut t, &exp, T0 + 10);
    let other_exp = new_run(&mut t, "0", T0);

    let best = t
        .search_runs(&RunQuery {
            order_by: vec!["metrics.accuracy DESC".into()],
            max_results: 1,
            ..query(&exp)
        })
        .unwrap();
    assert_eq!(best.runs.len(), 1);
    assert_eq!(best.runs[0].info.run_id, ids[1]);
    assert!(best.token.is_some());

    let asc = t
        .search_runs(&RunQuery {
            order_by: vec!["metrics.accuracy".into()],
            ..query(&exp)
        })
        .unwrap();
    let order: Vec<&str> = asc.runs.iter().map(|r| r.info.run_id.as_str()).collect();
    assert_eq!(
        order,
        [
            ids[0].as_str(),
            ids[2].as_str(),
            ids[1].as_str(),
            no_metric.as_str()
        ]
    );
    assert!(!order.contains(&other_exp.as_str()));

    let rf = t
        .search_runs(&RunQuery {
            filter_string: "params.model = 'rf' and metrics.accuracy > 0.9".into(),
            ..query(&exp)
        })
        .unwrap();
    assert_eq!(rf.runs.len(), 1);

    t.delete_run(&ids[0]).unwrap();
    let active = t.search_runs(&query(&exp)).unwrap();
    assert_eq!(active.runs.len(), 3);
    let deleted = t
        .search_runs(&RunQuery {
            run_view_type: ViewType::DeletedOnly,
            ..query(&exp)
        })
        .unwrap();
    assert_eq!(deleted.runs.len(), 1);
    let all = t
        .search_runs(&RunQuery {
            run_view_type: ViewType::All,
            ..query(&exp)
        })
        .unwrap();
    assert_eq!(all.runs.len(), 4);
    // Default order: start_time DESC.
    assert_eq!(all.runs[0].info.run_id, no_metric);

    let both = t
        .search_runs(&RunQuery {
            experiment_ids: vec![exp.clone(), "0".into()],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(both.runs.len(), 4);
}

/// MLflow: pages follow the token; no token after the last page, even when it is exactly
/// full; bad arguments are INVALID_PARAMETER_VALUE errors.
#[test]
fn search_runs_pages_and_errors() {
    let mut t = store();
    for i in 0..10 {
        new_run(&mut t, "0", T0 + i);
    }
    let mut seen = Vec::new();
    let mut token = None;
    loop {
        let page = t
            .search_runs(&RunQuery {
                max_results: 5,
                page_token: token.clone(),
                ..query("0")
            })
            .unwrap();
        assert_eq!(page.runs.len(), 5);
        seen.extend(page.runs.into_iter().map(|r| r.info.start_time));
        token = page.token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, (0..10).rev().map(|i| T0 + i).collect::<Vec<_>>());
    for bad in [0, 50_001] {
        let e = t
            .search_runs(&RunQuery {
                max_results: bad,
                ..query("0")
            })
            .unwrap_err();
        assert!(e.message.contains("max_results"), "{}", e.message);
    }
    let e = t
        .search_runs(&RunQuery {
            filter_string: "metrics.a > 1 OR metrics.b > 1".into(),
            ..query("0")
        })
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidParameterValue);
    let e = t
        .search_runs(&RunQuery {
            order_by: vec!["metrics.a SIDEWAYS".into()],
            ..query("0")
        })
        .unwrap_err();
    assert!(e.message.starts_with("Invalid ordering key"));
    let e = t
        .search_runs(&RunQuery {
            page_token: Some("???".into()),
            ..query("0")
        })
        .unwrap_err();
    assert!(e.message.starts_with("Invalid page token"));
}

/// The store survives a JSON round trip exactly, NaN and infinite metrics included.
#[test]
fn serializes_exactly() {
    let mut t = store();
    let id = new_run(&mut t, "0", T0);
    t.log_metric(&id, "nan", f64::NAN, 1, 0).unwrap();
    t.log_metric(&id, "inf", f64::INFINITY, 1, 0).unwrap();
    t.log_metric(&id, "x", 0.1, 1, 0).unwrap();
    let text = serde_json::to_string(&t).unwrap();
    let back: Tracking = serde_json::from_str(&text).unwrap();
    let run = back.get_run(&id).unwrap();
    assert!(run.data.metrics["nan"].is_nan());
    assert_eq!(run.data.metrics["inf"], f64::INFINITY);
    assert_eq!(run.data.metrics["x"], 0.1);
    assert_eq!(serde_json::to_string(&back).unwrap(), text);
}

/// MLflow fluent API: one active run at a time unless nested; nested runs carry
/// mlflow.parentRunId; a `with` block ends FINISHED, or FAILED when it raised; set_experiment
/// chooses where runs go.
#[test]
fn fluent_active_runs() {
    use lakelab_core::tracking::{Fluent, StartRun};
    let mut t = store();
    let mut f = Fluent::default();
    assert_eq!(f.experiment_id(), "0");
    let exp = f.set_experiment(&mut t, "/Users/ada/tuning", T0).unwrap();
    let parent = f
        .start_run(
            &mut t,
            StartRun {
                run_name: Some("tuning".into()),
                ..Default::default()
            },
            T0,
        )
        .unwrap();
    assert_eq!(t.get_run(&parent).unwrap().info.experiment_id, exp);
    let e = f.start_run(&mut t, StartRun::default(), T0).unwrap_err();
    assert_eq!(
        e.message,
        format!("Run with UUID {parent} is already active. To start a new run, first end the current run with mlflow.end_run(). To start a nested run, call start_run with nested=True")
    );
    let child = f
        .start_run(
            &mut t,
            StartRun {
                nested: true,
                ..Default::default()
            },
            T0 + 1,
        )
        .unwrap();
    assert_eq!(f.active_run_id(), Some(child.as_str()));
    assert_eq!(
        t.get_run(&child).unwrap().data.tags["mlflow.parentRunId"],
        parent
    );
    f.end_block(&mut t, true, T0 + 2).unwrap();
    assert_eq!(t.get_run(&child).unwrap().info.status, RunStatus::Failed);
    assert_eq!(f.active_run_id(), Some(parent.as_str()));
    f.end_block(&mut t, false, T0 + 3).unwrap();
    let info = t.get_run(&parent).unwrap().info;
    assert_eq!(
        (info.status, info.end_time),
        (RunStatus::Finished, Some(T0 + 3))
    );
    assert_eq!(f.active_run_id(), None);
    f.end_run(&mut t, RunStatus::Finished, T0).unwrap(); // no active run: nothing happens

    // Resuming a finished run makes it RUNNING again.
    let resumed = f
        .start_run(
            &mut t,
            StartRun {
                run_id: Some(parent.clone()),
                ..Default::default()
            },
            T0 + 4,
        )
        .unwrap();
    assert_eq!(resumed, parent);
    assert_eq!(t.get_run(&parent).unwrap().info.status, RunStatus::Running);
}

/// MLflow search_experiments: filter on name (LIKE / ILIKE), creation_time and tags; only
/// `attribute.` and `tag(s).` prefixes; order by name, experiment_id, creation_time,
/// last_update_time; default creation_time DESC then experiment_id; deleted experiments only
/// with their view type.
#[test]
fn search_experiments_filters_orders_and_views() {
    use lakelab_core::tracking::ExperimentQuery;
    let mut t = store();
    let a = t
        .create_experiment(
            "/Users/ada/churn",
            None,
            &[("team".into(), "ml".into())],
            T0 + 1,
        )
        .unwrap();
    let b = t
        .create_experiment("/Users/ada/Churn-v2", None, &[], T0 + 2)
        .unwrap();
    let c = t
        .create_experiment(
            "/Shared/forecast",
            None,
            &[("team".into(), "ds".into())],
            T0 + 3,
        )
        .unwrap();
    let ids_of = |t: &Tracking, q: ExperimentQuery| -> Vec<String> {
        t.search_experiments(&q)
            .unwrap()
            .0
            .into_iter()
            .map(|e| e.experiment_id)
            .collect()
    };
    let q = |filter: &str, order: &[&str]| ExperimentQuery {
        filter_string: filter.into(),
        order_by: order.iter().map(|o| o.to_string()).collect(),
        ..Default::default()
    };
    assert_eq!(
        ids_of(&t, q("", &[])),
        [c.clone(), b.clone(), a.clone(), "0".into()]
    );
    assert_eq!(
        ids_of(&t, q("name LIKE '/Users/ada/%'", &[])),
        [b.clone(), a.clone()]
    );
    assert_eq!(ids_of(&t, q("name LIKE '%churn%'", &[])), vec![a.clone()]);
    assert_eq!(
        ids_of(&t, q("name ILIKE '%churn%'", &["name"])),
        [b.clone(), a.clone()]
    );
    assert_eq!(
        ids_of(&t, q("attribute.name = '/Shared/forecast'", &[])),
        vec![c.clone()]
    );
    assert_eq!(ids_of(&t, q("tags.team = 'ml'", &[])), vec![a.clone()]);
    assert_eq!(
        ids_of(&t, q("tag.team != 'nobody'", &["experiment_id DESC"])),
        [c.clone(), a.clone()]
    );
    assert_eq!(
        ids_of(
            &t,
            q(&format!("creation_time > {}", T0 + 1), &["creation_time"])
        ),
        [b.clone(), c.clone()]
    );
    assert_eq!(
        ids_of(&t, q("", &["experiment_id"])),
        ["0".to_string(), a.clone(), b.clone(), c.clone()]
    );

    for (bad, message) in [
        (
            "metrics.a > 1",
            "Invalid entity type 'metrics'. Valid entity types are ('attribute', 'tag', 'tags')",
        ),
        ("attributes.name = 'x'", "Invalid entity type 'attributes'"),
        (
            "experiment_id = '1'",
            "Invalid attribute key 'experiment_id' specified",
        ),
        ("name > 'a'", "Invalid comparator '>' not one of"),
        (
            "creation_time = 'x'",
            "Expected numeric value type for numeric attribute: creation_time",
        ),
        (
            "name = 'a' OR name = 'b'",
            "Invalid clause(s) in filter string: 'OR",
        ),
    ] {
        let e = t.search_experiments(&q(bad, &[])).unwrap_err();
        assert!(e.message.starts_with(message), "{bad}: {}", e.message);
    }
    let e = t.search_experiments(&q("", &["tags.team"])).unwrap_err();
    assert_eq!(e.message, "Invalid order_by entity: tag");

    t.delete_experiment(&b, T0 + 9).unwrap();
    assert_eq!(ids_of(&t, q("", &["experiment_id"])).len(), 3);
    let deleted = ExperimentQuery {
        view_type: ViewType::DeletedOnly,
        ..Default::default()
    };
    assert_eq!(ids_of(&t, deleted), vec![b.clone()]);
    let paged = t
        .search_experiments(&ExperimentQuery {
            max_results: 2,
            view_type: ViewType::All,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(paged.0.len(), 2);
    let rest = t
        .search_experiments(&ExperimentQuery {
            max_results: 2,
            view_type: ViewType::All,
            page_token: paged.1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!((rest.0.len(), rest.1), (2, None));
}

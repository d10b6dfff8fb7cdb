//! AutoML's engine: preparation rules, the split, imbalance handling on the training split
//! only, trials logged as MLflow runs, ranking, stopping and determinism.

use std::collections::HashMap;

use lakelab_core::automl::params::check;
use lakelab_core::automl::prepare::{downsampled, prepare, Target};
use lakelab_core::automl::{run, AutoMLParams, AutoMLRun, Metric, Stop};
use lakelab_core::frame::SplitFrame;
use lakelab_core::ml::estimator::Task;
use lakelab_core::ml::impute::Strategy;
use lakelab_core::ml::prep::{detect, SemanticType, ONE_HOT_CAP};
use lakelab_core::rng::SeededRng;
use lakelab_core::table::{Cell, Column, Table};
use lakelab_core::tracking::{RunStatus, Tracking};

/// Customers whose churn follows a rule on spend and plan, plus columns AutoML must drop or
/// convert.
fn churn(n: usize, seed: u64) -> Table {
    let mut rng = SeededRng::new(seed);
    let plans = ["basic", "pro", "team"];
    let mut rows = Vec::new();
    for i in 0..n {
        let plan = plans[(rng.unit() * 3.0) as usize % 3];
        let spend = 10.0 + rng.unit() * 90.0;
        let age = 18.0 + (rng.unit() * 60.0).floor();
        let churned = i64::from(spend < 40.0 && plan != "team");
        rows.push(vec![
            Cell::Int(i as i64 + 1000),
            if i % 17 == 0 {
                Cell::Null
            } else {
                Cell::Float(age)
            },
            Cell::Str(plan.into()),
            Cell::Str("EU".into()),
            Cell::Str(format!("customer note number {i} about their plan")),
            Cell::Str(format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
            Cell::Str(format!("{spend:.2}")),
            Cell::Int(churned),
        ]);
    }
    let names = [
        "customer_id",
        "age",
        "plan",
        "region",
        "notes",
        "signup",
        "spend",
        "churned",
    ];
    Table::from_rows(names.iter().map(|s| s.to_string()).collect(), &rows).unwrap()
}

fn clock() -> impl FnMut() -> i64 {
    let mut t = 1_700_000_000_000;
    move || {
        t += 1;
        t
    }
}

fn params(task: Task, target: &str, trials: usize) -> AutoMLParams {
    let mut p = AutoMLParams::new(task, target);
    p.max_trials = Some(trials);
    p.seed = 7;
    p
}

#[test]
fn detection_drops_and_converts_columns_with_reasons() {
    let t = churn(120, 1);
    let plan = |name: &str| detect(name, t.column(name, true).unwrap(), true);
    assert_eq!(plan("customer_id").semantic, SemanticType::Id);
    assert!(plan("customer_id").dropped.unwrap().contains("identifier"));
    assert_eq!(plan("region").semantic, SemanticType::Constant);
    assert_eq!(plan("notes").semantic, SemanticType::Text);
    assert_eq!(plan("signup").semantic, SemanticType::Date);
    assert_eq!(plan("signup").conversion.as_deref(), Some("datetime"));
    assert_eq!(plan("spend").semantic, SemanticType::Numeric);
    assert_eq!(plan("spend").conversion.as_deref(), Some("numeric"));
    assert_eq!(plan("plan").semantic, SemanticType::Categorical);
    assert!(plan("age").is_feature());
    // An imputer set by the learner turns detection off for that column.
    let spend = detect("spend", t.column("spend", true).unwrap(), false);
    assert_eq!(spend.semantic, SemanticType::Categorical);
    let empty = Column::nulls(lakelab_core::table::DType::Float, 5);
    assert_eq!(detect("x", &empty, true).semantic, SemanticType::Empty);
    // Numbers are told apart by value: one float is constant, -0.0 and 0.0 differ (as their
    // Python reprs do), a unique integer id is an id, a repeated one is categorical.
    let constant = Column::floats(vec![2.5; 6]);
    assert_eq!(
        detect("c", &constant, true).semantic,
        SemanticType::Constant
    );
    let zeros = Column::floats(vec![0.0, -0.0, 0.0]);
    assert_eq!(detect("z", &zeros, true).semantic, SemanticType::Numeric);
    let ids = Column::ints(vec![3, 1, 2, 5]);
    assert_eq!(detect("user_id", &ids, true).semantic, SemanticType::Id);
    let repeated = Column::ints(vec![3, 1, 3, 5]);
    assert_eq!(
        detect("user_id", &repeated, true).semantic,
        SemanticType::Categorical
    );
}

#[test]
fn preparation_imputes_scales_and_one_hot_encodes_on_train_only() {
    let t = churn(300, 2);
    let p = params(Task::Classification, "churned", 1);
    let prep = prepare(&t, &p, &HashMap::new()).unwrap();
    let names = prep.preprocessor.feature_names();
    assert_eq!(
        names,
        [
            "age",
            "signup",
            "spend",
            "plan_basic",
            "plan_pro",
            "plan_team"
        ]
    );
    assert_eq!(
        prep.semantic_type_conversions["numeric"],
        vec!["spend".to_string()]
    );
    assert_eq!(
        prep.semantic_type_conversions["datetime"],
        vec!["signup".to_string()]
    );
    // Standardised on the training rows: mean 0, population std 1 there.
    let spend = prep.x_train.column(2);
    let n = spend.len() as f64;
    let mean = spend.sum() / n;
    let var = spend.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    assert!(
        mean.abs() < 1e-9 && (var - 1.0).abs() < 1e-9,
        "{mean} {var}"
    );
    // One-hot rows have exactly one 1.
    for row in prep.x_test.rows() {
        assert_eq!(row[3] + row[4] + row[5], 1.0);
    }
    // 60 / 20 / 20, stratified.
    assert_eq!(
        (
            prep.split.train.len(),
            prep.split.validate.len(),
            prep.split.test.len()
        ),
        (180, 60, 60)
    );
    let dropped: Vec<&str> = prep
        .alerts
        .iter()
        .filter(|a| a.kind == "DroppedColumnAlert")
        .map(|a| a.message.as_str())
        .collect();
    assert_eq!(dropped.len(), 3, "{dropped:?}");
    // A constant imputer for a column is used as its fill.
    let mut imputers = HashMap::new();
    imputers.insert("age".to_string(), Strategy::Constant(Cell::Int(-1)));
    let prep = prepare(&t, &p, &imputers).unwrap();
    match &prep.preprocessor.steps[0] {
        lakelab_core::ml::prep::Step::Numeric { column, fill, .. } => {
            assert_eq!((column.as_str(), *fill), ("age", -1.0));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn one_hot_keeps_at_most_the_cap_of_categories() {
    let rows: Vec<Vec<Cell>> = (0..400)
        .map(|i| {
            vec![
                Cell::Str(format!("c{}", i % 50)),
                Cell::Float(i as f64),
                Cell::Int(i % 2),
            ]
        })
        .collect();
    let t = Table::from_rows(vec!["cat".into(), "x".into(), "y".into()], &rows).unwrap();
    let prep = prepare(&t, &params(Task::Classification, "y", 1), &HashMap::new()).unwrap();
    let one_hot = prep
        .preprocessor
        .feature_names()
        .iter()
        .filter(|n| n.starts_with("cat_"))
        .count();
    assert_eq!(one_hot, ONE_HOT_CAP);
}

#[test]
fn imbalance_is_handled_on_the_training_split_only() {
    // The docs' example: 95 and 5 keep 70 and 5, and the majority's weight is 95/70.
    assert_eq!(downsampled(&[95, 5]), vec![70, 5]);
    assert_eq!(downsampled(&[50, 40]), vec![50, 40]);
    assert!((95.0_f64 / 70.0 - 1.357).abs() < 1e-3);
    // 570 rows of class 0 and 30 of class 1.
    let rows: Vec<Vec<Cell>> = (0..600)
        .map(|i| {
            let y = i64::from(i % 20 == 0);
            vec![Cell::Float(i as f64 + 50.0 * y as f64), Cell::Int(y)]
        })
        .collect();
    let t = Table::from_rows(vec!["x".into(), "y".into()], &rows).unwrap();
    let prep = prepare(&t, &params(Task::Classification, "y", 1), &HashMap::new()).unwrap();
    let Target::Classes {
        train,
        validate,
        test,
        ..
    } = &prep.target
    else {
        panic!("classification target expected")
    };
    let count = |v: &[usize], k| v.iter().filter(|&&c| c == k).count();
    // Train: 342 and 18 before; 18 * 14 = 252 of class 0 kept.
    assert_eq!((count(train, 0), count(train, 1)), (252, 18));
    // Validation and test keep the true distribution.
    assert_eq!((count(validate, 0), count(validate, 1)), (114, 6));
    assert_eq!((count(test, 0), count(test, 1)), (114, 6));
    let r = prep.rebalance.as_ref().unwrap();
    assert_eq!(r.classes.len(), 1);
    assert!((r.classes[0].3 - 342.0 / 252.0).abs() < 1e-12);
    let w0 = prep
        .train_weights
        .iter()
        .zip(train)
        .find(|(_, &c)| c == 0)
        .unwrap()
        .0;
    assert!((w0 - 342.0 / 252.0).abs() < 1e-12);
}

#[test]
fn arguments_are_checked_with_actionable_messages() {
    let t = churn(50, 3);
    let cols = t.names();
    let mut p = params(Task::Classification, "nope", 1);
    assert!(check(&p, cols).unwrap_err().contains("target_col 'nope'"));
    p.target_col = "churned".into();
    p.primary_metric = Some("r2".into());
    let e = check(&p, cols).unwrap_err();
    assert!(
        e.contains("f1, log_loss, precision, accuracy, roc_auc"),
        "{e}"
    );
    p.primary_metric = None;
    p.exclude_cols = vec!["churned".into()];
    assert!(check(&p, cols).unwrap_err().contains("target"));
    p.exclude_cols = vec![];
    p.timeout_minutes = Some(0.0);
    assert!(check(&p, cols).unwrap_err().contains("timeout_minutes"));
    p.timeout_minutes = Some(0.25);
    assert_eq!(check(&p, cols).unwrap().timeout_ms, 15_000);
    p.exclude_frameworks = vec!["catboost".into()];
    assert!(check(&p, cols)
        .unwrap_err()
        .contains("sklearn, lightgbm, xgboost"));
    p.exclude_frameworks = vec!["sklearn".into()];
    assert_eq!(check(&p, cols).unwrap().frameworks, ["lightgbm", "xgboost"]);
    p.exclude_frameworks = vec!["sklearn".into(), "lightgbm".into()];
    assert!(check(&p, cols)
        .unwrap_err()
        .contains("keep 'sklearn' or 'lightgbm'"));
    p.exclude_frameworks = vec![];
    assert_eq!(check(&p, cols).unwrap().metric, Metric::F1);
    let r = params(Task::Regression, "churned", 1);
    assert_eq!(check(&r, cols).unwrap().metric, Metric::R2);
    // Classification refuses a float target; regression a string one.
    let e = prepare(&t, &params(Task::Regression, "plan", 1), &HashMap::new()).unwrap_err();
    assert!(e.contains("numeric target"), "{e}");
}

#[test]
fn classify_logs_every_trial_and_ranks_them_best_first() {
    let t = churn(400, 4);
    let mut tracking = Tracking::new(1, 1_700_000_000_000);
    let mut now = clock();
    let summary = run(
        &mut tracking,
        &t,
        "main.default.customers",
        params(Task::Classification, "churned", 12),
        "learner@lakelab",
        &mut now,
    )
    .unwrap();
    assert_eq!(summary.trials.len(), 12);
    assert_eq!(summary.stop, Stop::Budget);
    assert!(summary
        .experiment_name
        .starts_with("/Users/learner@lakelab/databricks_automl/churned_customers-"));
    // Best first by val_f1_score; the rule is learnable.
    let scores: Vec<f64> = summary
        .trials
        .iter()
        .map(|t| t.evaluation_metric_score)
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let best = summary.best_trial().unwrap();
    assert_eq!(best.evaluation_metric_score, best.metrics["val_f1_score"]);
    assert!(best.evaluation_metric_score > 0.85, "{best:?}");
    let families: std::collections::BTreeSet<&str> =
        summary.trials.iter().map(|t| t.run_name.as_str()).collect();
    assert_eq!(
        families.into_iter().collect::<Vec<_>>(),
        [
            "decision_tree",
            "gradient_boosting",
            "lightgbm",
            "logistic_regression",
            "random_forest"
        ]
    );
    let d = summary.metric_distribution();
    assert!(
        d.starts_with("min: ") && d.contains(", median: ") && d.contains(", max: "),
        "{d}"
    );
    // Each trial is a finished run with params, split metrics and a model.
    for trial in &summary.trials {
        let run = tracking.get_run(&trial.mlflow_run_id).unwrap();
        assert_eq!(run.info.status, RunStatus::Finished);
        assert_eq!(run.info.experiment_id, summary.experiment_id);
        for key in [
            "training_f1_score",
            "val_roc_auc",
            "test_log_loss",
            "val_precision_score",
        ] {
            assert!(run.data.metrics.contains_key(key), "{key} missing");
        }
        assert!(run.data.params.contains_key("classifier"));
        assert_eq!(trial.model_path, format!("{}/model", run.info.artifact_uri));
        // The validation figures, named as mlflow.evaluate names them (SVG here).
        for name in [
            "val_confusion_matrix.svg",
            "val_roc_curve_plot.svg",
            "val_precision_recall_curve_plot.svg",
        ] {
            let svg = tracking
                .artifact_bytes(&trial.mlflow_run_id, name)
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert!(svg.starts_with(b"<svg"), "{name}");
        }
    }
    // The confusion matrix counts every validation row once, and the SVG shows the counts.
    let val_rows = best.metrics["val_example_count"] as usize;
    let svg = String::from_utf8(
        tracking
            .artifact_bytes(&best.mlflow_run_id, "val_confusion_matrix.svg")
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    let counts: Vec<usize> = svg
        .split("</text>")
        .filter_map(|part| {
            // Count cells are the texts with an ink colour (labels have none).
            let tag = part.rsplit("<text").next()?;
            tag.contains(" fill=")
                .then(|| tag.rsplit('>').next()?.parse().ok())?
        })
        .collect();
    assert_eq!(counts.len(), 4, "{svg}");
    assert_eq!(counts.iter().sum::<usize>(), val_rows);
    assert!(svg.contains("Predicted label") && svg.contains("True label"));
    // The best model predicts labels from raw columns.
    let model = tracking
        .load_model(&format!("runs:/{}/model", best.mlflow_run_id))
        .unwrap();
    let input = SplitFrame::from_table(&t.head(20));
    let predictions = model.predict(&input).unwrap();
    assert_eq!(predictions.len(), 20);
    assert!(predictions
        .iter()
        .all(|p| p == &serde_json::json!(0) || p == &serde_json::json!(1)));
}

#[test]
fn regress_fits_skewed_targets_on_the_log_scale() {
    let mut rng = SeededRng::new(9);
    let rows: Vec<Vec<Cell>> = (0..300)
        .map(|_| {
            let x = rng.unit() * 4.0;
            let z = rng.unit();
            vec![Cell::Float(x), Cell::Float(z), Cell::Float((x * 1.5).exp())]
        })
        .collect();
    let t = Table::from_rows(vec!["x".into(), "z".into(), "price".into()], &rows).unwrap();
    let mut tracking = Tracking::new(2, 0);
    let mut now = clock();
    let summary = run(
        &mut tracking,
        &t,
        "prices",
        params(Task::Regression, "price", 6),
        "u",
        &mut now,
    )
    .unwrap();
    assert!(summary.alerts.iter().any(|a| a.kind == "SkewedTargetAlert"));
    let best = summary.best_trial().unwrap();
    // r2 on the original scale, and scores ranked best first.
    assert!(best.metrics["val_r2_score"] > 0.9, "{best:?}");
    assert!(best.metrics.contains_key("test_root_mean_squared_error"));
    assert!(summary
        .trials
        .windows(2)
        .all(|w| w[0].evaluation_metric_score >= w[1].evaluation_metric_score));
    let families: Vec<&str> = summary.trials.iter().map(|t| t.run_name.as_str()).collect();
    assert!(families.contains(&"elastic_net"));
    // Regression trials draw their residuals.
    let svg = tracking
        .artifact_bytes(&best.mlflow_run_id, "val_residuals_plot.svg")
        .unwrap();
    assert!(svg.starts_with(b"<svg") && svg.windows(9).any(|w| w == b"Residuals"));
}

#[test]
fn a_family_whose_last_trial_would_not_fit_the_time_left_is_skipped() {
    use lakelab_core::automl::Trainer;
    let t = churn(120, 6);
    let mut p = params(Task::Classification, "churned", 1);
    p.max_trials = None;
    p.timeout_minutes = Some(10.0);
    // The four scikit-learn families take turns.
    p.exclude_frameworks = vec!["lightgbm".into()];
    // Each clock reading advances by `step` ms: the test decides how long a trial takes.
    let now_ms = std::rc::Rc::new(std::cell::Cell::new(0i64));
    let step = std::rc::Rc::new(std::cell::Cell::new(10i64));
    let (n, st) = (now_ms.clone(), step.clone());
    let mut clock = move || {
        n.set(n.get() + st.get());
        n.get()
    };
    let mut trainer = Trainer::new(&t, p, 0).unwrap();
    let mut names = Vec::new();
    let trial = |trainer: &mut Trainer, clock: &mut dyn FnMut() -> i64| {
        trainer.next_trial(clock).map(|o| o.run_name)
    };
    for _ in 0..4 {
        names.extend(trial(&mut trainer, &mut clock));
    }
    // The fifth trial (the first family again) takes at least 100 s; the next three, 10 ms.
    step.set(100_000);
    names.extend(trial(&mut trainer, &mut clock));
    step.set(10);
    for _ in 0..3 {
        names.extend(trial(&mut trainer, &mut clock));
    }
    assert_eq!(names[0], names[4]);
    // With under 100 s left, the first family is skipped for the second.
    now_ms.set(500_000);
    let next = trial(&mut trainer, &mut clock).unwrap();
    assert_eq!(next, names[1], "{names:?}");
    // With 1 ms left, no family's last trial fits: the run stops on its timeout.
    now_ms.set(599_999);
    step.set(0);
    assert!(trial(&mut trainer, &mut clock).is_none());
    assert_eq!(trainer.stop(), Some(Stop::Timeout));
}

#[test]
fn same_seed_same_trials() {
    let t = churn(200, 5);
    let go = || {
        let mut tracking = Tracking::new(3, 0);
        let mut now = clock();
        run(
            &mut tracking,
            &t,
            "c",
            params(Task::Classification, "churned", 6),
            "u",
            &mut now,
        )
        .unwrap()
    };
    let (a, b) = (go(), go());
    let key = |s: &lakelab_core::automl::AutoMLSummary| {
        s.trials
            .iter()
            .map(|t| (t.params.clone(), t.metrics.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&a), key(&b));
}

#[test]
fn runs_stop_early_on_timeout_and_on_cancel() {
    let t = churn(120, 6);
    // Early stop: no cap; a perfectly learnable target stops improving quickly.
    let mut tracking = Tracking::new(4, 0);
    let mut now = clock();
    let mut p = params(Task::Classification, "churned", 1);
    p.max_trials = None;
    let s = run(&mut tracking, &t, "c", p.clone(), "u", &mut now).unwrap();
    assert_eq!(s.stop, Stop::EarlyStopped);
    assert!(s.is_early_stopped());
    assert!(s.trials.len() >= 40, "{}", s.trials.len());
    // Timeout: a clock that moves a second per reading and a 15-second budget.
    let ticks = std::rc::Rc::new(std::cell::Cell::new(0i64));
    let mut slow = move || {
        ticks.set(ticks.get() + 1000);
        ticks.get()
    };
    p.timeout_minutes = Some(0.25);
    let s = run(&mut tracking, &t, "c", p.clone(), "u", &mut slow).unwrap();
    assert_eq!(s.stop, Stop::Timeout);
    assert!(
        !s.trials.is_empty() && s.trials.len() < 10,
        "{}",
        s.trials.len()
    );

    // Cancel keeps the finished trials.
    let mut now = clock();
    let start = now();
    let mut r = AutoMLRun::start(&mut tracking, &t, "c", p, "u", start).unwrap();
    r.step(&mut tracking, &mut now);
    r.step(&mut tracking, &mut now);
    r.cancel();
    assert!(r.step(&mut tracking, &mut now));
    let s = r.finish();
    assert_eq!((s.stop, s.trials.len()), (Stop::Cancelled, 2));
}

#[test]
fn the_worker_exchange_logs_the_same_trials_as_a_cell() {
    use lakelab_core::automl::{JobSpec, PageJob, WorkerEvent, WorkerJob};
    let t = churn(200, 8);
    let spec = JobSpec {
        task: Task::Classification,
        target_col: "churned".into(),
        primary_metric: Some("roc_auc".into()),
        timeout_minutes: None,
        exclude_cols: vec![],
        seed: 11,
        max_trials: Some(4),
    };
    let bytes = lakelab_core::table::encode::encode(&t);
    let mut worker_now = clock();
    let (job, first) =
        WorkerJob::start(&serde_json::to_string(&spec).unwrap(), &bytes, worker_now());
    let mut job = job.unwrap();
    // Every event crosses as JSON.
    let through = |e: WorkerEvent| WorkerEvent::from_json(&e.to_json()).unwrap();
    let WorkerEvent::Started { report } = through(first) else {
        panic!("Started expected")
    };
    let mut tracking = Tracking::new(5, 0);
    let mut page = PageJob::open(&mut tracking, &spec, *report, "churn", "u", 1).unwrap();
    let stop = loop {
        match through(job.step(&mut worker_now)) {
            WorkerEvent::Trial { outcome, progress } => {
                let info = page.log(&mut tracking, &outcome);
                assert_eq!(progress.trials_done, page.trials.len());
                assert!(tracking.get_run(&info.mlflow_run_id).is_ok());
            }
            WorkerEvent::Done { stop, .. } => break stop,
            other => panic!("unexpected {other:?}"),
        }
    };
    assert_eq!(stop, Stop::Budget);
    let from_worker = page.summary(stop);
    // The same job run in a cell gives the same trials.
    let mut tracking2 = Tracking::new(5, 0);
    let mut now = clock();
    let in_cell = run(&mut tracking2, &t, "churn", spec.params(), "u", &mut now).unwrap();
    let key = |s: &lakelab_core::automl::AutoMLSummary| {
        s.trials
            .iter()
            .map(|t| (t.params.clone(), t.metrics.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&from_worker), key(&in_cell));
    assert_eq!(from_worker.metric, Metric::RocAuc);
    // A bad job fails with a message, not a panic.
    let (none, failed) = WorkerJob::start("{}", &bytes, 0);
    assert!(none.is_none());
    assert!(matches!(failed, WorkerEvent::Failed { .. }));
    let bad = JobSpec {
        target_col: "missing".into(),
        ..spec
    };
    let (_, failed) = WorkerJob::start(&serde_json::to_string(&bad).unwrap(), &bytes, 0);
    match failed {
        WorkerEvent::Failed { message } => assert!(message.contains("target_col 'missing'")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_page_offers_bundled_datasets_shaped_for_automl() {
    use lakelab_core::automl::sources::{load, sources};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/datasets");
    let mounted = lakelab_core::datasets::mount(lakelab_core::datasets::DATASETS.iter().map(|d| {
        (
            d.file.to_string(),
            std::fs::read(root.join(d.file)).unwrap(),
        )
    }));
    let ws = lakelab_core::Workspace::default();
    let list = sources(&ws.unity);
    assert_eq!(list[0].id, "bundled:churn");
    assert_eq!(
        list[0].suggested,
        Some((Task::Classification, "churn".to_string()))
    );
    let (churn, name) = load("bundled:churn", &mounted, &ws.unity).unwrap();
    assert_eq!((churn.num_rows(), name.as_str()), (2000, "churn"));
    assert!(churn.find("churn", true).is_ok() && churn.find("contract", true).is_ok());
    let (houses, _) = load("bundled:housing", &mounted, &ws.unity).unwrap();
    assert_eq!(houses.num_rows(), 1000);
    let empty = lakelab_core::datasets::mount(Vec::<(String, Vec<u8>)>::new());
    assert!(load("bundled:churn", &empty, &ws.unity)
        .unwrap_err()
        .contains("has not loaded"));
    assert!(load("table:main.x.y", &mounted, &ws.unity).is_err());
}

#[test]
fn an_uploaded_csv_becomes_a_typed_dataset_named_after_the_file() {
    use lakelab_core::automl::sources::from_upload;
    let (t, name) = from_upload(
        "My Leads (2024).csv",
        "visits,region,signed_up\n3,north,yes\n8,south,no\n",
    )
    .unwrap();
    assert_eq!(name, "my_leads__2024_");
    assert_eq!(t.num_rows(), 2);
    assert_eq!(t.names(), ["visits", "region", "signed_up"]);
    assert!(matches!(t.row(0)[0], Cell::Int(3)), "types are inferred");
    // Files AutoML cannot use say why.
    let e = from_upload("one.csv", "only\n1\n2\n").unwrap_err();
    assert!(
        e.contains("AutoML needs a target column and at least one feature"),
        "{e}"
    );
    let e = from_upload("empty.csv", "a,b\n").unwrap_err();
    assert!(e.contains("no rows"), "{e}");
    let e = from_upload("bad.csv", "a,b\n1,2,3\n").unwrap_err();
    assert!(e.starts_with("bad.csv: "), "{e}");
}

#[test]
fn exploration_profiles_columns_with_statistics_and_alerts() {
    use lakelab_core::ml::explore::summarize;
    let rows: Vec<Vec<Cell>> = (0..40)
        .map(|i| {
            vec![
                Cell::Int(i),
                Cell::Float(f64::from(i as i32 % 4 + 1)),
                Cell::Float(2.0 * f64::from(i as i32 % 4 + 1)),
                Cell::Str("same".into()),
                Cell::Int(i64::from(i == 0)),
                if i % 3 == 0 {
                    Cell::Null
                } else {
                    Cell::Str(["a", "b"][i as usize % 2].into())
                },
            ]
        })
        .collect();
    let names = ["id", "x", "x2", "k", "y", "c"];
    let t = Table::from_rows(names.iter().map(|s| s.to_string()).collect(), &rows).unwrap();
    let s = summarize(&t, Some("y"));
    assert_eq!(s.rows, 40);
    let x = &s.columns[1];
    let [mean, std, min, q1, q2, q3, max] = x.stats.unwrap();
    assert_eq!(
        (mean, min, q1, q2, q3, max),
        (2.5, 1.0, 1.75, 2.5, 3.25, 4.0)
    );
    assert!((std - (50.0_f64 / 39.0).sqrt()).abs() < 1e-12, "{std}");
    assert_eq!(x.histogram.iter().map(|b| b.2).sum::<usize>(), 40);
    assert_eq!(x.histogram[0].2, 10);
    let c = &s.columns[5];
    assert_eq!((c.missing, c.distinct), (14, 2));
    assert!((c.missing_pct() - 35.0).abs() < 1e-9);
    assert_eq!(c.top[0].1 + c.top[1].1, 26);
    let r = s
        .correlations
        .iter()
        .find(|(a, b, _)| a == "x" && b == "x2")
        .unwrap()
        .2;
    assert!((r - 1.0).abs() < 1e-12);
    let kinds: Vec<(&str, &str)> = s
        .alerts
        .iter()
        .map(|a| (a.column.as_str(), a.kind.as_str()))
        .collect();
    for expected in [
        ("id", "identifier"),
        ("k", "constant"),
        ("y", "imbalanced_target"),
    ] {
        assert!(kinds.contains(&expected), "{expected:?} in {kinds:?}");
    }
}

#[test]
fn large_training_splits_start_on_cheap_points_and_stratified_samples() {
    use lakelab_core::automl::sample::SAMPLE_START;
    use lakelab_core::automl::Trainer;
    let t = churn(20_000, 8);
    let mut clock = clock();
    let start = clock();
    // The four scikit-learn families (LightGBM's low-cost start is checked below).
    let mut p = params(Task::Classification, "churned", 16);
    p.exclude_frameworks = vec!["lightgbm".into()];
    let mut trainer = Trainer::new(&t, p, start).unwrap();
    let n_train = trainer.report().split_sizes.0;
    assert!(
        n_train > SAMPLE_START && n_train < 4 * SAMPLE_START,
        "{n_train}"
    );
    let mut trials = Vec::new();
    while let Some(o) = trainer.next_trial(&mut clock) {
        trials.push(o);
    }
    assert_eq!(trials.len(), 16);
    let param = |i: usize, k: &str| trials[i].params.get(k).cloned().unwrap_or_default();
    // Each family's first trial is its low-cost point.
    let names: Vec<&str> = trials[..4].iter().map(|o| o.run_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "logistic_regression",
            "decision_tree",
            "random_forest",
            "gradient_boosting"
        ]
    );
    assert_eq!(param(0, "classifier__C"), "1.0");
    assert_eq!(param(1, "classifier__max_depth"), "4");
    assert_eq!(param(2, "classifier__n_estimators"), "10");
    assert_eq!(param(2, "classifier__max_features"), "sqrt");
    assert_eq!(param(3, "classifier__n_estimators"), "20");
    assert_eq!(param(3, "classifier__max_depth"), "3");
    // Three trials per family on the first sample, then the whole split (here under four
    // times the sample), starting with the family's best point so far.
    for i in 0..12 {
        assert_eq!(
            param(i, "sample_size"),
            SAMPLE_START.to_string(),
            "trial {i}"
        );
    }
    for i in 12..16 {
        assert_eq!(param(i, "sample_size"), n_train.to_string(), "trial {i}");
        let score = |j: usize| {
            trials[j]
                .metrics
                .iter()
                .find(|(k, _)| k == "val_f1_score")
                .map_or(f64::NEG_INFINITY, |(_, v)| *v)
        };
        let earlier = [i - 12, i - 8, i - 4];
        let best =
            earlier
                .iter()
                .copied()
                .fold(earlier[0], |b, j| if score(j) > score(b) { j } else { b });
        // The same hyperparameters (the seed follows the trial's index).
        let point = |j: usize| {
            trials[j]
                .params
                .iter()
                .filter(|(k, _)| k.starts_with("classifier__") && !k.ends_with("random_state"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            point(i),
            point(best),
            "trial {i} re-fits trial {best}'s point"
        );
    }
    // Validation metrics use the whole validation split, whatever the sample.
    let p = trainer.prepared();
    let Target::Classes { validate, .. } = &p.target else {
        panic!("classes expected")
    };
    for o in [&trials[0], &trials[3]] {
        let model = o.model.as_ref().unwrap();
        let proba = model.fitted.proba(&p.x_validate, 2);
        assert_eq!(proba.len(), validate.len());
        let right = proba
            .iter()
            .zip(validate)
            .filter(|(q, &y)| usize::from(q[1] > q[0]) == y)
            .count();
        let accuracy = o
            .metrics
            .iter()
            .find(|(k, _)| k == "val_accuracy_score")
            .unwrap()
            .1;
        assert!((accuracy - right as f64 / validate.len() as f64).abs() < 1e-12);
    }
    // A sampled trial's notebook says it fits on the whole split; a whole-split trial's not.
    let report = trainer.report();
    let notebook = |o| lakelab_core::automl::notebook::source(report, &report.notebook, "1", o);
    assert!(notebook(&trials[0]).contains("a sample of 10000 of the"));
    assert!(!notebook(&trials[12]).contains("a sample of"));
    // A small split is never sampled, and logs no sample size.
    let start = clock();
    let mut small = Trainer::new(
        &churn(300, 8),
        params(Task::Classification, "churned", 4),
        start,
    )
    .unwrap();
    let o = small.next_trial(&mut clock).unwrap();
    assert!(!o.params.contains_key("sample_size"));
    assert_eq!(
        o.params.get("classifier__C").map(String::as_str),
        Some("1.0")
    );
    // LightGBM starts at FLAML's low-cost point: 4 trees of 4 leaves.
    let mut p = params(Task::Classification, "churned", 3);
    p.exclude_frameworks = vec!["sklearn".into()];
    let mut lgbm = Trainer::new(&churn(300, 8), p, clock()).unwrap();
    let o = lgbm.next_trial(&mut clock).unwrap();
    assert_eq!(o.run_name, "lightgbm");
    assert_eq!(o.estimator, "LGBMClassifier");
    assert_eq!(o.params["classifier__n_estimators"], "4");
    assert_eq!(o.params["classifier__num_leaves"], "4");
    assert!(o.error.is_none(), "{:?}", o.error);
}

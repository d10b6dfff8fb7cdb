//! Feature Engineering semantics (`../shared/reference/feature_engineering.md`, its
//! "must-get-right" checklist), on the engine without Python.

use std::collections::BTreeMap;

use lakelab_core::catalog::Unity;
use lakelab_core::features::lookup::{DefaultValue, FeatureLookup};
use lakelab_core::features::training::{create_training_set, load, Join};
use lakelab_core::features::write::write_table;
use lakelab_core::features::{
    create_table, delete_tag, drop_table, get_table, read_table, set_tag, CreateArgs, Flavor,
    FsError,
};
use lakelab_core::table::{Cell, DType, Table};

const DAY: i64 = 86_400_000;

fn table(names: &[&str], rows: Vec<Vec<Cell>>) -> Table {
    Table::from_rows(names.iter().map(|s| s.to_string()).collect(), &rows).unwrap()
}

fn i(v: i64) -> Cell {
    Cell::Int(v)
}
fn f(v: f64) -> Cell {
    Cell::Float(v)
}
fn s(v: &str) -> Cell {
    Cell::Str(v.into())
}
fn ts(day: i64) -> Cell {
    Cell::Timestamp(day * DAY)
}

fn customers() -> Table {
    table(
        &["customer_id", "age", "plan"],
        vec![
            vec![i(1), i(30), s("basic")],
            vec![i(2), i(40), s("pro")],
            vec![i(3), i(50), s("basic")],
        ],
    )
}

fn created(u: &mut Unity, df: Table) {
    let args = CreateArgs {
        name: "main.default.customer_features".into(),
        primary_keys: vec!["customer_id".into()],
        df: Some(df),
        description: Some("Customer-level features".into()),
        ..CreateArgs::default()
    };
    let c = create_table(Flavor::Uc, u, args, "notebook", 10).unwrap();
    assert!(c.created);
}

fn rows(t: &Table) -> Vec<Vec<Cell>> {
    (0..t.num_rows()).map(|r| t.row(r)).collect()
}

fn current(u: &Unity) -> Table {
    (*read_table(Flavor::Uc, u, "main.default.customer_features", None).unwrap()).clone()
}

fn value_error(e: FsError) -> String {
    match e {
        FsError::Value(m) => m,
        other => panic!("expected ValueError, got {other:?}"),
    }
}

#[test]
fn merge_updates_only_present_columns_inserts_with_nulls_and_grows_the_schema() {
    let mut u = Unity::default();
    created(&mut u, customers());
    let update = table(
        &["customer_id", "age", "score"],
        vec![vec![i(2), i(41), f(0.5)], vec![i(4), i(22), f(0.9)]],
    );
    write_table(
        Flavor::Uc,
        &mut u,
        "main.default.customer_features",
        &update,
        "merge",
        "nb",
        20,
    )
    .unwrap();
    let t = current(&u);
    assert_eq!(t.names(), ["customer_id", "age", "plan", "score"]);
    assert_eq!(
        rows(&t),
        vec![
            vec![i(1), i(30), s("basic"), Cell::Null],
            vec![i(2), i(41), s("pro"), f(0.5)],
            vec![i(3), i(50), s("basic"), Cell::Null],
            vec![i(4), i(22), Cell::Null, f(0.9)],
        ]
    );
    let info = u
        .table(&u.table_name("main.default.customer_features").unwrap())
        .unwrap();
    let merge = info.history.last().unwrap();
    assert_eq!(merge.operation, "MERGE");
    assert_eq!(merge.operation_metrics["numTargetRowsUpdated"], 1);
    assert_eq!(merge.operation_metrics["numTargetRowsInserted"], 1);
    assert_eq!(merge.version, 2, "CREATE TABLE, WRITE, MERGE");
    // Time travel to the version before the merge.
    let before = read_table(Flavor::Uc, &u, "main.default.customer_features", Some(1)).unwrap();
    assert_eq!(rows(&before), rows(&customers()));
}

#[test]
fn duplicate_keys_null_keys_and_wrong_key_types_are_refused() {
    let mut u = Unity::default();
    created(&mut u, customers());
    let dup = table(
        &["customer_id", "age"],
        vec![vec![i(5), i(1)], vec![i(5), i(2)]],
    );
    let e = write_table(
        Flavor::Uc,
        &mut u,
        "main.default.customer_features",
        &dup,
        "merge",
        "nb",
        1,
    )
    .unwrap_err();
    assert_eq!(
        value_error(e),
        "Non-unique rows detected in input dataframe for key combination ['customer_id']."
    );
    let null_key = table(
        &["customer_id", "age"],
        vec![vec![Cell::Null, i(1)], vec![i(6), i(2)]],
    );
    let e = write_table(
        Flavor::Uc,
        &mut u,
        "main.default.customer_features",
        &null_key,
        "merge",
        "nb",
        1,
    )
    .unwrap_err();
    assert_eq!(
        e,
        FsError::Spark(
            "[DELTA_NOT_NULL_CONSTRAINT_VIOLATED] NOT NULL constraint violated for column: customer_id."
                .into()
        )
    );
    let wrong_type = table(&["customer_id", "age"], vec![vec![s("1"), i(1)]]);
    let e = write_table(
        Flavor::Uc,
        &mut u,
        "main.default.customer_features",
        &wrong_type,
        "merge",
        "nb",
        1,
    )
    .unwrap_err();
    assert!(value_error(e).starts_with(
        "The provided DataFrame must contain all specified primary key columns and have the same type. Could not find key(s) '['customer_id']' with correct types in schema StructType([StructField('customer_id', StringType(), True)"
    ));
    assert_eq!(current(&u).num_rows(), 3, "nothing was written");
}

#[test]
fn modes_differ_between_the_clients() {
    let mut u = Unity::default();
    created(&mut u, customers());
    let one = table(&["customer_id", "age"], vec![vec![i(9), i(99)]]);
    let e = write_table(
        Flavor::Uc,
        &mut u,
        "main.default.customer_features",
        &one,
        "overwrite",
        "nb",
        1,
    )
    .unwrap_err();
    assert!(value_error(e).starts_with("Unsupported mode 'overwrite'. 'merge' is the only supported mode. If you want to overwrite a table, run SQL 'DELETE FROM <table name>;'"));
    // The legacy client may overwrite (mergeSchema keeps the table's columns, null).
    write_table(
        Flavor::Legacy,
        &mut u,
        "main.default.customer_features",
        &one,
        "overwrite",
        "nb",
        1,
    )
    .unwrap();
    assert_eq!(rows(&current(&u)), vec![vec![i(9), i(99), Cell::Null]]);
    let e = write_table(
        Flavor::Legacy,
        &mut u,
        "main.default.customer_features",
        &one,
        "append",
        "nb",
        1,
    )
    .unwrap_err();
    assert_eq!(value_error(e), "Unsupported mode 'append'.");
}

#[test]
fn create_table_rules() {
    let mut u = Unity::default();
    let base = CreateArgs {
        name: "main.default.t".into(),
        primary_keys: vec!["customer_id".into()],
        ..CreateArgs::default()
    };
    let e = create_table(Flavor::Uc, &mut u, base.clone(), "nb", 1).unwrap_err();
    assert_eq!(value_error(e), "Either schema or df must be provided");
    let e = create_table(
        Flavor::Uc,
        &mut u,
        CreateArgs {
            name: "default.t".into(),
            ..base.clone()
        },
        "nb",
        1,
    )
    .unwrap_err();
    assert!(value_error(e)
        .starts_with("FeatureEngineeringClient only supports feature tables in Unity Catalog."));
    let e = create_table(
        Flavor::Uc,
        &mut u,
        CreateArgs {
            primary_keys: vec!["id".into()],
            df: Some(customers()),
            ..base.clone()
        },
        "nb",
        1,
    )
    .unwrap_err();
    assert_eq!(value_error(e), "The provided DataFrame or schema must contain all specified primary keys. Schema StructType([StructField('customer_id', LongType(), True), StructField('age', LongType(), True), StructField('plan', StringType(), True)]) is missing column 'id'");
    // Null keys fail the NOT NULL constraint, and the new table is dropped again.
    let with_null = table(&["customer_id", "age"], vec![vec![Cell::Null, i(1)]]);
    let e = create_table(
        Flavor::Uc,
        &mut u,
        CreateArgs {
            df: Some(with_null),
            ..base.clone()
        },
        "nb",
        1,
    )
    .unwrap_err();
    assert!(matches!(e, FsError::Spark(_)));
    assert!(u.tables.is_empty());
    // From a schema only: an empty table.
    let c = create_table(
        Flavor::Uc,
        &mut u,
        CreateArgs {
            schema: Some(vec![
                ("customer_id".into(), DType::Int),
                ("age".into(), DType::Int),
            ]),
            ..base.clone()
        },
        "nb",
        1,
    )
    .unwrap();
    assert!(c.created);
    // An existing table is returned as it is: `df` is not written.
    let again = create_table(
        Flavor::Uc,
        &mut u,
        CreateArgs {
            df: Some(customers()),
            ..base.clone()
        },
        "nb",
        2,
    )
    .unwrap();
    assert!(!again.created);
    assert!(again.warnings.is_empty(), "UC logs nothing");
    assert_eq!(
        read_table(Flavor::Uc, &u, "main.default.t", None)
            .unwrap()
            .num_rows(),
        0
    );
    // Timeseries column rules (FE).
    let e = create_table(
        Flavor::Uc,
        &mut u,
        CreateArgs {
            name: "main.default.ts".into(),
            timeseries: vec!["day".into()],
            df: Some(customers()),
            ..base.clone()
        },
        "nb",
        1,
    )
    .unwrap_err();
    assert_eq!(
        value_error(e),
        "Timeseries column 'day' is not in primary_keys. Timeseries columns must be primary keys."
    );
}

#[test]
fn get_table_reports_keys_with_the_timestamp_key_and_tags_behave() {
    let mut u = Unity::default();
    let events = table(
        &["customer_id", "day", "spend"],
        vec![vec![i(1), ts(1), f(1.0)], vec![i(1), ts(2), f(2.0)]],
    );
    create_table(
        Flavor::Uc,
        &mut u,
        CreateArgs {
            name: "main.default.spend".into(),
            primary_keys: vec!["customer_id".into(), "day".into()],
            timeseries: vec!["day".into()],
            df: Some(events),
            tags: BTreeMap::from([("team".into(), "growth".into())]),
            ..CreateArgs::default()
        },
        "nb",
        1,
    )
    .unwrap();
    let ft = get_table(Flavor::Uc, &u, "main.default.spend").unwrap();
    assert_eq!(ft.primary_keys, ["customer_id", "day"]);
    assert_eq!(ft.timestamp_keys, ["day"]);
    assert_eq!(ft.tags["team"], "growth");
    set_tag(Flavor::Uc, &mut u, "main.default.spend", "team", "risk").unwrap();
    set_tag(Flavor::Uc, &mut u, "main.default.spend", "pii", "").unwrap();
    assert_eq!(
        get_table(Flavor::Uc, &u, "main.default.spend")
            .unwrap()
            .tags["team"],
        "risk"
    );
    let warned = delete_tag(Flavor::Uc, &mut u, "main.default.spend", "nope").unwrap();
    assert_eq!(warned.len(), 1);
    assert!(delete_tag(Flavor::Uc, &mut u, "main.default.spend", "pii")
        .unwrap()
        .is_empty());
    // Time-series tables need every feature column in a write.
    let partial = table(&["customer_id", "day"], vec![vec![i(2), ts(3)]]);
    let e = write_table(
        Flavor::Uc,
        &mut u,
        "main.default.spend",
        &partial,
        "merge",
        "nb",
        1,
    )
    .unwrap_err();
    assert_eq!(value_error(e), "Feature table has a timestamp column. When calling write_table the provided DataFrame must contain all the feature columns. Could not find column(s) '['spend']'.");
    // Drop: the table goes; a second drop says it does not exist.
    drop_table(Flavor::Uc, &mut u, "main.default.spend").unwrap();
    let e = drop_table(Flavor::Uc, &mut u, "main.default.spend").unwrap_err();
    assert_eq!(
        value_error(e),
        "Feature table 'main.default.spend' does not exist."
    );
}

#[test]
fn legacy_client_uses_two_level_names_in_hive_metastore() {
    let mut u = Unity::default();
    let c = create_table(
        Flavor::Legacy,
        &mut u,
        CreateArgs {
            name: "default.customers".into(),
            primary_keys: vec!["customer_id".into()],
            df: Some(customers()),
            ..CreateArgs::default()
        },
        "nb",
        1,
    )
    .unwrap();
    assert_eq!(c.table.name, "hive_metastore.default.customers");
    let again = create_table(
        Flavor::Legacy,
        &mut u,
        CreateArgs {
            name: "default.customers".into(),
            primary_keys: vec!["customer_id".into()],
            df: Some(customers()),
            ..CreateArgs::default()
        },
        "nb",
        1,
    )
    .unwrap();
    assert_eq!(again.warnings.len(), 1, "HMS warns that the table exists");
    assert!(get_table(Flavor::Uc, &u, "hive_metastore.default.customers").is_err());
}

fn lookup(table: &str, key: &str) -> FeatureLookup {
    FeatureLookup::new(
        table.into(),
        vec![key.into()],
        None,
        BTreeMap::new(),
        None,
        None,
        BTreeMap::new(),
    )
    .unwrap()
}

#[test]
fn training_sets_left_join_with_defaults_and_exclusions() {
    let mut u = Unity::default();
    created(&mut u, customers());
    let labels = table(
        &["customer_id", "churn"],
        vec![vec![i(3), i(1)], vec![i(7), i(0)], vec![i(1), i(0)]],
    );
    let mut l = lookup("main.default.customer_features", "customer_id");
    l = FeatureLookup::new(
        l.table_name,
        l.lookup_key,
        Some(vec!["age".into(), "plan".into()]),
        BTreeMap::from([("plan".into(), "plan_name".into())]),
        None,
        None,
        BTreeMap::from([("age".into(), DefaultValue::Int(-1))]),
    )
    .unwrap();
    let (spec, _) = create_training_set(
        Flavor::Uc,
        &u,
        &labels,
        &[l],
        &["churn".into()],
        &["customer_id".into()],
    )
    .unwrap();
    let out = load(&mut u, &labels, &spec, Join::Training).unwrap();
    assert_eq!(out.names(), ["churn", "age", "plan_name"]);
    assert_eq!(
        rows(&out),
        vec![
            vec![i(1), i(50), s("basic")],
            vec![i(0), i(-1), Cell::Null],
            vec![i(0), i(30), s("basic")],
        ]
    );
}

#[test]
fn training_set_validation_messages() {
    let mut u = Unity::default();
    created(&mut u, customers());
    let labels = table(
        &["customer_id", "churn", "age"],
        vec![vec![i(1), i(0), i(5)]],
    );
    let l = lookup("main.default.customer_features", "customer_id");
    let e = create_training_set(
        Flavor::Uc,
        &u,
        &labels,
        std::slice::from_ref(&l),
        &["churn".into()],
        &[],
    )
    .unwrap_err();
    assert_eq!(value_error(e), "DataFrame contains column names that match feature output names specified in FeatureLookups: 'age'. Either remove these columns from the DataFrame or FeatureLookups.");
    let labels = table(&["customer_id", "churn"], vec![vec![i(1), i(0)]]);
    let e = create_training_set(
        Flavor::Uc,
        &u,
        &labels,
        std::slice::from_ref(&l),
        &["target".into()],
        &[],
    )
    .unwrap_err();
    assert_eq!(
        value_error(e),
        "Label column 'target' was not found in DataFrame"
    );
    let e = create_training_set(
        Flavor::Uc,
        &u,
        &labels,
        std::slice::from_ref(&l),
        &["churn".into()],
        &["churn".into()],
    )
    .unwrap_err();
    assert_eq!(value_error(e), "Label column 'churn' cannot be excluded");
    let bad = FeatureLookup::new(
        "main.default.customer_features".into(),
        vec!["customer_id".into()],
        Some(vec!["income".into()]),
        BTreeMap::new(),
        None,
        None,
        BTreeMap::new(),
    )
    .unwrap();
    let e =
        create_training_set(Flavor::Uc, &u, &labels, &[bad], &["churn".into()], &[]).unwrap_err();
    assert_eq!(value_error(e), "Unable to find feature 'income' from feature table 'main.default.customer_features' in Feature Catalog.");
    let typed = table(&["customer_id", "churn"], vec![vec![s("1"), i(0)]]);
    let e = create_training_set(
        Flavor::Uc,
        &u,
        &typed,
        std::slice::from_ref(&l),
        &["churn".into()],
        &[],
    )
    .unwrap_err();
    assert_eq!(value_error(e), "Unable to join feature table 'main.default.customer_features' because primary key 'customer_id' has type 'bigint' but corresponding lookup key 'customer_id' has type 'string' in DataFrame.");
    let twice = create_training_set(
        Flavor::Uc,
        &u,
        &labels,
        &[l.clone(), l],
        &["churn".into()],
        &[],
    )
    .unwrap_err();
    assert_eq!(
        value_error(twice),
        "Found duplicate feature output names ['age', 'plan']."
    );
}

fn spend_table(u: &mut Unity) {
    // Customer 1 spends on days 1, 5 and 9 (day 5's value is null); customer 2 on day 2.
    let events = table(
        &["customer_id", "day", "spend"],
        vec![
            vec![i(1), ts(9), f(9.0)],
            vec![i(1), ts(1), f(1.0)],
            vec![i(2), ts(2), f(2.0)],
            vec![i(1), ts(5), Cell::Null],
        ],
    );
    create_table(
        Flavor::Uc,
        u,
        CreateArgs {
            name: "main.default.spend".into(),
            primary_keys: vec!["customer_id".into(), "day".into()],
            timeseries: vec!["day".into()],
            df: Some(events),
            ..CreateArgs::default()
        },
        "nb",
        1,
    )
    .unwrap();
}

fn as_of(u: &mut Unity, window: Option<i64>) -> Vec<Cell> {
    let labels = table(
        &["customer_id", "at", "label"],
        vec![
            vec![i(1), ts(0), i(0)],
            vec![i(1), ts(1), i(0)],
            vec![i(1), ts(4), i(0)],
            vec![i(1), ts(6), i(0)],
            vec![i(1), ts(12), i(0)],
            vec![i(2), ts(3), i(1)],
        ],
    );
    let l = FeatureLookup::new(
        "main.default.spend".into(),
        vec!["customer_id".into()],
        None,
        BTreeMap::new(),
        Some("at".into()),
        window,
        BTreeMap::new(),
    )
    .unwrap();
    let (spec, _) =
        create_training_set(Flavor::Uc, u, &labels, &[l], &["label".into()], &[]).unwrap();
    let out = load(u, &labels, &spec, Join::Training).unwrap();
    assert_eq!(out.names(), ["customer_id", "at", "label", "spend"]);
    (0..out.num_rows()).map(|r| out.row(r)[3].clone()).collect()
}

#[test]
fn time_series_lookups_are_point_in_time_with_and_without_lookback() {
    let mut u = Unity::default();
    spend_table(&mut u);
    // Latest at or before: none before day 1; day 1 itself; day 4 → day 1; day 6 → day 5's
    // stored null (not skipped); day 12 → day 9.
    assert_eq!(
        as_of(&mut u, None),
        vec![Cell::Null, f(1.0), f(1.0), Cell::Null, f(9.0), f(2.0)]
    );
    // A two-day window: day 4 is three days after day 1 (too old); day 12 is three after 9.
    assert_eq!(
        as_of(&mut u, Some(2 * DAY)),
        vec![
            Cell::Null,
            f(1.0),
            Cell::Null,
            Cell::Null,
            Cell::Null,
            f(2.0)
        ]
    );
    // A zero window: exact timestamps only.
    assert_eq!(
        as_of(&mut u, Some(0)),
        vec![
            Cell::Null,
            f(1.0),
            Cell::Null,
            Cell::Null,
            Cell::Null,
            Cell::Null
        ]
    );
    // A time-series lookup needs its timestamp_lookup_key.
    let labels = table(&["customer_id", "label"], vec![vec![i(1), i(0)]]);
    let e = create_training_set(
        Flavor::Uc,
        &u,
        &labels,
        &[lookup("main.default.spend", "customer_id")],
        &["label".into()],
        &[],
    )
    .unwrap_err();
    assert_eq!(value_error(e), "Unable to join feature table 'main.default.spend' because number of timestamp keys (['day']) does not match number of timestamp lookup keys ([]).");
}

#[test]
fn lookup_constructor_checks() {
    let e = FeatureLookup::new(
        "t".into(),
        vec!["k".into()],
        None,
        BTreeMap::new(),
        None,
        Some(DAY),
        BTreeMap::new(),
    )
    .unwrap_err();
    assert!(value_error(e).starts_with("Unexpected lookback_window value: 1 day, 0:00:00, lookback windows can only be applied on time series feature tables."));
    let e = FeatureLookup::new(
        "t".into(),
        vec!["k".into()],
        Some(vec!["a".into()]),
        BTreeMap::from([("a".into(), "b".into())]),
        None,
        None,
        BTreeMap::from([("a".into(), DefaultValue::Int(0))]),
    )
    .unwrap_err();
    assert_eq!(value_error(e), "Feature a is being renamed to b, please use the renamed feature name to set default value.");
}

#[test]
fn privileges_apply_to_feature_tables() {
    let mut u = Unity::default();
    created(&mut u, customers());
    u.acting_as = Some(lakelab_core::catalog::BOB.into());
    let e = read_table(Flavor::Uc, &u, "main.default.customer_features", None).unwrap_err();
    assert!(
        matches!(e, FsError::Catalog(ref m) if m.message.contains("SELECT")),
        "{e:?}"
    );
    let one = table(&["customer_id", "age"], vec![vec![i(9), i(99)]]);
    let e = write_table(
        Flavor::Uc,
        &mut u,
        "main.default.customer_features",
        &one,
        "merge",
        "nb",
        1,
    )
    .unwrap_err();
    assert!(
        matches!(e, FsError::Catalog(ref m) if m.message.contains("MODIFY")),
        "{e:?}"
    );
}

/// A logistic model on `age` (positive above 35) and `visits` (a raw column of `df`).
fn age_model() -> lakelab_core::models::SavedModel {
    use lakelab_core::models::{LinearModel, Link, SavedModel};
    SavedModel::Linear(LinearModel {
        features: vec!["age".into(), "visits".into()],
        coefficients: vec![1.0, 0.0],
        intercept: -35.0,
        link: Link::Logistic {
            negative: serde_json::json!(0),
            positive: serde_json::json!(1),
        },
    })
}

#[test]
fn log_model_packages_the_feature_spec_and_score_batch_looks_features_up_with_overrides() {
    use lakelab_core::catalog::lineage::Node;
    use lakelab_core::features::packaging::{log_model, score_batch, LogModel};
    use lakelab_core::tracking::{NewRun, Tracking};
    let mut u = Unity::default();
    created(&mut u, customers());
    let labels = table(
        &["customer_id", "visits", "churn"],
        vec![vec![i(1), i(3), i(0)], vec![i(3), i(5), i(1)]],
    );
    let mut l = lookup("main.default.customer_features", "customer_id");
    l.feature_names = Some(vec!["age".into()]);
    let (spec, _) =
        create_training_set(Flavor::Uc, &u, &labels, &[l], &["churn".into()], &[]).unwrap();
    let mut t = Tracking::new(1, 0);
    let run = t.create_run("0", NewRun::default(), 0).unwrap();
    let (info, warnings) = log_model(
        &mut u,
        &mut t,
        LogModel {
            run_id: &run,
            model: &age_model(),
            artifact_path: "model",
            training_df: &labels,
            spec: &spec,
            now_ms: 5,
            on_demand: None,
        },
    )
    .unwrap();
    assert!(warnings.is_empty());
    // The signature comes from the training set: inputs without the label, output the label.
    let sig = info.signature.clone().unwrap();
    let inputs: Vec<(String, String)> = sig
        .inputs
        .iter()
        .map(|c| (c.name.clone().unwrap(), c.col_type.clone()))
        .collect();
    assert_eq!(
        inputs,
        [("customer_id", "long"), ("visits", "long"), ("age", "long")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(sig.outputs[0].col_type, "long");
    let yaml = String::from_utf8(
        t.artifact_bytes(&run, "model/data/feature_store/feature_spec.yaml")
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    assert!(
        yaml.contains("table_name: main.default.customer_features"),
        "{yaml}"
    );
    assert!(yaml.contains("source: training_data"), "{yaml}");
    assert!(
        !yaml.contains("churn"),
        "labels are not model inputs: {yaml}"
    );
    let mlmodel =
        String::from_utf8(t.artifact_bytes(&run, "model/MLmodel").unwrap().to_vec()).unwrap();
    assert!(mlmodel.contains("loader_module: databricks.feature_store.mlflow_model"));
    assert!(u
        .downstream(&Node::Table("main.default.customer_features".into()))
        .contains(&Node::Run(run.clone())));

    // Scoring: customer 2 (age 40) → 1, customer 1 (age 30) → 0; an `age` column in df
    // overrides the table; a key missing from the table gives the model a null it refuses.
    let model = t.load_model(&info.model_uri).unwrap();
    let df = table(
        &["customer_id", "visits"],
        vec![vec![i(2), i(1)], vec![i(1), i(1)]],
    );
    let out = score_batch(&mut u, &model, &df, "double", None).unwrap();
    assert_eq!(out.names(), ["customer_id", "visits", "age", "prediction"]);
    assert_eq!(
        out.column("prediction", true).unwrap().dtype(),
        DType::Float
    );
    assert_eq!(
        rows(&out),
        [[i(2), i(1), i(40), f(1.0)], [i(1), i(1), i(30), f(0.0)]]
    );
    let unknown = table(&["customer_id", "visits"], vec![vec![i(9), i(1)]]);
    let message = value_error(score_batch(&mut u, &model, &unknown, "double", None).unwrap_err());
    assert!(message.contains("'age' must be a number"), "{message}");

    let overridden = table(
        &["customer_id", "visits", "age"],
        vec![vec![i(2), i(1), i(20)], vec![i(1), i(1), i(60)]],
    );
    let out = score_batch(&mut u, &model, &overridden, "double", None).unwrap();
    assert_eq!(out.names(), ["customer_id", "visits", "age", "prediction"]);
    assert_eq!(rows(&out)[0], vec![i(2), i(1), i(20), f(0.0)]);
    assert_eq!(rows(&out)[1], vec![i(1), i(1), i(60), f(1.0)]);
    let out = score_batch(&mut u, &model, &overridden, "string", None).unwrap();
    assert_eq!(out.row(0)[3], s("0"));

    // Refusals: an input `prediction` column, a missing raw column, an unknown result type.
    let with_prediction = table(
        &["customer_id", "visits", "prediction"],
        vec![vec![i(1), i(1), f(0.0)]],
    );
    assert_eq!(
        value_error(score_batch(&mut u, &model, &with_prediction, "double", None).unwrap_err()),
        "FeatureStoreClient.score_batch returns a DataFrame with a new column \"prediction\". df already has a column with name \"prediction\"."
    );
    let no_visits = table(&["customer_id"], vec![vec![i(1)]]);
    assert_eq!(
        value_error(score_batch(&mut u, &model, &no_visits, "double", None).unwrap_err()),
        "DataFrame is missing required columns 'visits'."
    );
    assert!(
        value_error(score_batch(&mut u, &model, &df, "decimal", None).unwrap_err())
            .starts_with("Invalid result_type 'decimal'.")
    );
}

#[test]
fn score_batch_refuses_a_model_logged_without_a_feature_spec() {
    use lakelab_core::features::packaging::score_batch;
    use lakelab_core::tracking::{NewRun, Tracking};
    let mut u = Unity::default();
    created(&mut u, customers());
    let mut t = Tracking::new(1, 0);
    let run = t.create_run("0", NewRun::default(), 0).unwrap();
    let info = t
        .log_model(&run, &age_model(), "plain", None, None, 1)
        .unwrap();
    let model = t.load_model(&info.model_uri).unwrap();
    let df = table(&["customer_id"], vec![vec![i(1)]]);
    let message = value_error(score_batch(&mut u, &model, &df, "double", None).unwrap_err());
    assert!(
        message.contains("was not logged with FeatureEngineeringClient.log_model"),
        "{message}"
    );
}

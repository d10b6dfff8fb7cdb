//! The online store: stores, publishing (latest row per key, sync by publish mode, Change
//! Data Feed), point lookups, and the client's refusals.

use lakelab_core::catalog::sql::execute;
use lakelab_core::catalog::Unity;
use lakelab_core::features::online::{
    create_online_store, delete_online_store, get_online_store, lookup, publish_table,
    update_online_store, Publish,
};
use lakelab_core::features::write::write_table;
use lakelab_core::features::{create_table, get_table, CreateArgs, Flavor, FsError};
use lakelab_core::table::{Cell, Table};

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
fn ts(day: i64) -> Cell {
    Cell::Timestamp(day * DAY)
}
fn rows(t: &Table) -> Vec<Vec<Cell>> {
    (0..t.num_rows()).map(|r| t.row(r)).collect()
}
fn value_error(e: FsError) -> String {
    match e {
        FsError::Value(m) => m,
        other => panic!("expected ValueError, got {other:?}"),
    }
}

/// `main.default.spend`: a time-series table (customer 1 on days 1, 9, 5; customer 2 on day 2)
/// and an online store `shop`.
fn setup() -> Unity {
    let mut u = Unity::default();
    let events = table(
        &["customer_id", "day", "spend"],
        vec![
            vec![i(1), ts(1), f(1.0)],
            vec![i(1), ts(9), f(9.0)],
            vec![i(2), ts(2), f(2.0)],
            vec![i(1), ts(5), f(5.0)],
        ],
    );
    let args = CreateArgs {
        name: "main.default.spend".into(),
        primary_keys: vec!["customer_id".into(), "day".into()],
        timeseries: vec!["day".into()],
        df: Some(events),
        ..CreateArgs::default()
    };
    create_table(Flavor::Uc, &mut u, args, "nb", 1).unwrap();
    create_online_store(&mut u, "shop", "CU_1", 0, 2).unwrap();
    u
}

fn publish(online: &str, mode: &str) -> Publish {
    Publish {
        online_store: "shop".into(),
        source_table_name: Some("main.default.spend".into()),
        online_table_name: Some(online.into()),
        publish_mode: Some(mode.into()),
        ..Publish::default()
    }
}

fn keys(ids: &[i64]) -> Table {
    table(&["customer_id"], ids.iter().map(|k| vec![i(*k)]).collect())
}

fn online_spend(u: &mut Unity, ids: &[i64]) -> Vec<Cell> {
    let name = u.table_name("main.default.spend_online").unwrap();
    let found = lookup(u, &name, &keys(ids)).unwrap();
    assert_eq!(found.names(), ["customer_id", "day", "spend"]);
    (0..found.num_rows())
        .map(|r| found.row(r)[2].clone())
        .collect()
}

#[test]
fn stores_are_created_listed_updated_and_deleted() {
    let mut u = setup();
    assert_eq!(get_online_store(&u, "shop").unwrap().capacity, "CU_1");
    assert!(get_online_store(&u, "nope").is_none());
    assert_eq!(
        value_error(create_online_store(&mut u, "shop", "CU_1", 0, 3).unwrap_err()),
        "Online store 'shop' already exists."
    );
    assert!(
        value_error(create_online_store(&mut u, "x", "CU_3", 0, 3).unwrap_err())
            .starts_with("Invalid capacity 'CU_3'.")
    );
    assert_eq!(
        update_online_store(&mut u, "shop", Some("CU_4"), Some(2))
            .unwrap()
            .capacity,
        "CU_4"
    );
    publish_table(&mut u, publish("main.default.spend_online", "SNAPSHOT"), 3).unwrap();
    delete_online_store(&mut u, "shop").unwrap();
    assert!(!u.tables.contains_key("main.default.spend_online"));
    assert!(u.tables["main.default.spend"].online.is_empty());
    assert_eq!(
        value_error(delete_online_store(&mut u, "shop").unwrap_err()),
        "Online store 'shop' does not exist."
    );
}

#[test]
fn publishing_copies_the_latest_row_per_key_and_syncs_by_mode() {
    let mut u = setup();
    let (published, _) =
        publish_table(&mut u, publish("main.default.spend_online", "SNAPSHOT"), 3).unwrap();
    assert_eq!(published.rows, 2);
    // Customer 1's latest is day 9, not the last row written (day 5); 7 is not online.
    assert_eq!(
        online_spend(&mut u, &[1, 2, 7]),
        [f(9.0), f(2.0), Cell::Null]
    );
    let name = u.table_name("main.default.spend_online").unwrap();
    let found = lookup(&mut u, &name, &keys(&[7])).unwrap();
    assert_eq!(rows(&found), [[i(7), Cell::Null, Cell::Null]]);
    assert_eq!(
        get_table(Flavor::Uc, &u, "main.default.spend")
            .unwrap()
            .online_stores,
        ["shop"]
    );

    // A newer row for customer 2: a SNAPSHOT copy does not follow it.
    let update = table(
        &["customer_id", "day", "spend"],
        vec![vec![i(2), ts(20), f(20.0)]],
    );
    write_table(
        Flavor::Uc,
        &mut u,
        "main.default.spend",
        &update,
        "merge",
        "nb",
        4,
    )
    .unwrap();
    assert_eq!(online_spend(&mut u, &[2]), [f(2.0)]);

    // TRIGGERED and CONTINUOUS need Change Data Feed.
    let message = value_error(
        publish_table(
            &mut u,
            publish("main.default.spend_online", "CONTINUOUS"),
            5,
        )
        .unwrap_err(),
    );
    assert!(
        message.starts_with("Change Data Feed must be enabled"),
        "{message}"
    );
    execute(
        &mut u,
        "ALTER TABLE main.default.spend SET TBLPROPERTIES (delta.enableChangeDataFeed = true)",
        5,
    )
    .unwrap();
    assert_eq!(
        u.tables["main.default.spend"]
            .history
            .last()
            .unwrap()
            .operation,
        "SET TBLPROPERTIES"
    );
    // Re-publishing syncs now; CONTINUOUS then follows every write.
    publish_table(
        &mut u,
        publish("main.default.spend_online", "CONTINUOUS"),
        6,
    )
    .unwrap();
    assert_eq!(online_spend(&mut u, &[2]), [f(20.0)]);
    let update = table(
        &["customer_id", "day", "spend"],
        vec![vec![i(2), ts(30), f(30.0)], vec![i(3), ts(1), f(3.0)]],
    );
    write_table(
        Flavor::Uc,
        &mut u,
        "main.default.spend",
        &update,
        "merge",
        "nb",
        7,
    )
    .unwrap();
    assert_eq!(online_spend(&mut u, &[2, 3]), [f(30.0), f(3.0)]);
    let online = &u.tables["main.default.spend_online"];
    assert_eq!(
        online.online_source.as_ref().unwrap().synced_version,
        online_version(&u)
    );
    assert_eq!(
        online.snapshots.len(),
        1,
        "an online table keeps only its latest data"
    );

    // TRIGGERED: only on publish.
    publish_table(&mut u, publish("main.default.spend_online", "TRIGGERED"), 8).unwrap();
    let update = table(
        &["customer_id", "day", "spend"],
        vec![vec![i(3), ts(9), f(33.0)]],
    );
    write_table(
        Flavor::Uc,
        &mut u,
        "main.default.spend",
        &update,
        "merge",
        "nb",
        9,
    )
    .unwrap();
    assert_eq!(online_spend(&mut u, &[3]), [f(3.0)]);
    publish_table(
        &mut u,
        publish("main.default.spend_online", "TRIGGERED"),
        10,
    )
    .unwrap();
    assert_eq!(online_spend(&mut u, &[3]), [f(33.0)]);
}

fn online_version(u: &Unity) -> u64 {
    u.tables["main.default.spend"]
        .history
        .last()
        .unwrap()
        .version
}

#[test]
fn publish_table_refusals() {
    let mut u = setup();
    let cases: Vec<(Publish, &str)> = vec![
        (
            Publish {
                source_table_name: None,
                ..publish("main.default.o", "SNAPSHOT")
            },
            "source_table_name is required",
        ),
        (
            Publish {
                online_table_name: None,
                ..publish("", "SNAPSHOT")
            },
            "online_table_name is required for Databricks online store",
        ),
        (
            publish("default.o", "SNAPSHOT"),
            "Online table name 'default.o' is not valid. Expected format '<catalog_name>.<schema_name>.<table_name>'",
        ),
        (
            Publish {
                mode: Some("overwrite".into()),
                ..publish("main.default.o", "SNAPSHOT")
            },
            "Unsupported mode 'overwrite'. 'merge' is the only supported mode.",
        ),
        (
            Publish {
                filter_condition: true,
                ..publish("main.default.o", "SNAPSHOT")
            },
            "filter_condition can not be set for Databricks online store",
        ),
        (
            Publish {
                streaming: true,
                ..publish("main.default.o", "SNAPSHOT")
            },
            "streaming=True is not supported for publish_mode=SNAPSHOT",
        ),
        (
            publish("main.default.o", "LIVE"),
            "Invalid publish mode: LIVE",
        ),
        (
            Publish {
                online_store: "elsewhere".into(),
                ..publish("main.default.o", "SNAPSHOT")
            },
            "Online store 'elsewhere' does not exist.",
        ),
        (
            Publish {
                source_table_name: Some("default.spend".into()),
                ..publish("main.default.o", "SNAPSHOT")
            },
            "FeatureEngineeringClient only supports feature tables in Unity Catalog. For feature tables in hive metastore, use databricks.feature_store.FeatureStoreClient.",
        ),
    ];
    for (p, expected) in cases {
        assert_eq!(
            value_error(publish_table(&mut u, p, 3).unwrap_err()),
            expected
        );
    }
    // An online table is not a feature table; a plain table's name cannot be reused.
    publish_table(&mut u, publish("main.default.spend_online", "SNAPSHOT"), 3).unwrap();
    let p = Publish {
        source_table_name: Some("main.default.spend_online".into()),
        ..publish("main.default.o2", "SNAPSHOT")
    };
    assert_eq!(
        value_error(publish_table(&mut u, p, 4).unwrap_err()),
        "Table 'main.default.spend_online' is an online view. Online Views are not feature tables. Please use the source table 'main.default.spend' instead."
    );
    assert!(value_error(
        publish_table(&mut u, publish("main.default.spend", "SNAPSHOT"), 4).unwrap_err()
    )
    .starts_with("[TABLE_OR_VIEW_ALREADY_EXISTS]"));
}

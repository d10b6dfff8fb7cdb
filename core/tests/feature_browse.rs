//! What the Feature Store pages show: search, schema markers, history with row changes,
//! online freshness, consumers, and creating a table from CSV text.

use lakelab_core::catalog::lineage::Node;
use lakelab_core::catalog::Unity;
use lakelab_core::features::browse::{
    consumers, create_from_csv, csv_columns, feature_tables, history, online_status, schema,
};
use lakelab_core::features::online::{create_online_store, publish_table, Publish};
use lakelab_core::features::{set_tag, write::write_table, Flavor, FsError};
use lakelab_core::table::{Cell, Table};

const CSV: &str = "customer_id,ts,spend\n1,2026-01-01 00:00:00,3.5\n1,2026-01-02 00:00:00,4.0\n2,2026-01-01 00:00:00,1.0\n";

fn value_error(e: FsError) -> String {
    match e {
        FsError::Value(m) => m,
        other => panic!("expected ValueError, got {other:?}"),
    }
}

#[test]
fn create_from_csv_search_schema_history_online_and_consumers() {
    let mut u = Unity::default();
    assert_eq!(csv_columns(CSV).unwrap(), ["customer_id", "ts", "spend"]);
    create_from_csv(
        &mut u,
        "main.default.spend",
        CSV,
        vec!["customer_id".into(), "ts".into()],
        Some("ts".into()),
        "Daily spend",
        "upload",
        1,
    )
    .unwrap();
    create_from_csv(
        &mut u,
        "main.default.customers",
        "id,age\n1,30\n",
        vec!["id".into()],
        None,
        "",
        "upload",
        1,
    )
    .unwrap();
    set_tag(
        Flavor::Uc,
        &mut u,
        "main.default.customers",
        "team",
        "growth",
    )
    .unwrap();

    let names =
        |q: &str| -> Vec<String> { feature_tables(&u, q).into_iter().map(|s| s.name).collect() };
    assert_eq!(names(""), ["main.default.customers", "main.default.spend"]);
    assert_eq!(
        names("GROWTH"),
        ["main.default.customers"],
        "tags are searched"
    );
    assert_eq!(names("ts"), ["main.default.spend"], "keys are searched");
    assert!(names("nothing").is_empty());

    let info = u.tables["main.default.spend"].clone();
    let keys: Vec<(String, &str, String)> = schema(&info)
        .into_iter()
        .map(|c| (c.name, c.key, c.data_type))
        .collect();
    assert_eq!(
        keys,
        [
            (
                "customer_id".to_string(),
                "primary key",
                "bigint".to_string()
            ),
            ("ts".to_string(), "timeseries key", "timestamp".to_string()),
            ("spend".to_string(), "", "double".to_string()),
        ]
    );

    let more = Table::from_rows(
        vec!["customer_id".into(), "ts".into(), "spend".into()],
        &[vec![Cell::Int(3), Cell::Timestamp(0), Cell::Float(9.0)]],
    )
    .unwrap();
    write_table(
        Flavor::Uc,
        &mut u,
        "main.default.spend",
        &more,
        "merge",
        "nb",
        2,
    )
    .unwrap();
    let h = history(&u.tables["main.default.spend"]);
    let ops: Vec<(u64, &str, Option<u64>, Option<i64>)> = h
        .iter()
        .map(|r| (r.version, r.operation.as_str(), r.rows, r.change))
        .collect();
    assert_eq!(
        ops,
        [
            (2, "MERGE", Some(4), Some(1)),
            (1, "WRITE", Some(3), Some(3)),
            (0, "CREATE TABLE", Some(0), None),
        ]
    );
    assert!(
        h[0].metrics.contains("numTargetRowsInserted=1"),
        "{}",
        h[0].metrics
    );

    create_online_store(&mut u, "shop", "CU_1", 0, 3).unwrap();
    let publish = Publish {
        online_store: "shop".into(),
        source_table_name: Some("main.default.spend".into()),
        online_table_name: Some("main.default.spend_online".into()),
        publish_mode: Some("SNAPSHOT".into()),
        ..Publish::default()
    };
    publish_table(&mut u, publish, 3).unwrap();
    write_table(
        Flavor::Uc,
        &mut u,
        "main.default.spend",
        &more,
        "merge",
        "nb",
        4,
    )
    .unwrap();
    let status = online_status(&u, &u.tables["main.default.spend"]);
    assert_eq!(status.len(), 1);
    assert_eq!((status[0].rows, status[0].versions_behind()), (3, 1));
    let online: Vec<Option<String>> = feature_tables(&u, "online")
        .into_iter()
        .map(|s| s.online_source)
        .collect();
    assert_eq!(online, [Some("main.default.spend".to_string())]);

    u.lineage.record(
        Node::Table("main.default.spend".into()),
        Node::Run("abc".into()),
    );
    assert_eq!(consumers(&u, "main.default.spend"), ["Run abc"]);
}

#[test]
fn create_from_csv_refusals_name_the_problem() {
    let mut u = Unity::default();
    let bad = value_error(
        create_from_csv(
            &mut u,
            "main.default.t",
            "a,b\n1,\"x\n",
            vec!["a".into()],
            None,
            "",
            "u",
            1,
        )
        .unwrap_err(),
    );
    assert!(
        bad.starts_with("The CSV file cannot be read: line 2"),
        "{bad}"
    );
    let no_key = value_error(
        create_from_csv(
            &mut u,
            "main.default.t",
            "a,b\n1,2\n",
            vec!["c".into()],
            None,
            "",
            "u",
            1,
        )
        .unwrap_err(),
    );
    assert!(no_key.contains("missing column 'c'"), "{no_key}");
    create_from_csv(
        &mut u,
        "main.default.t",
        "a,b\n1,2\n",
        vec!["a".into()],
        None,
        "",
        "u",
        1,
    )
    .unwrap();
    let again = value_error(
        create_from_csv(
            &mut u,
            "main.default.t",
            "a,b\n1,2\n",
            vec!["a".into()],
            None,
            "",
            "u",
            1,
        )
        .unwrap_err(),
    );
    assert!(
        again.starts_with("The table 'main.default.t' already exists"),
        "{again}"
    );
}

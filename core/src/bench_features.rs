//! Benchmark workloads for the feature store, shared by the native runner
//! (`core/examples/bench_tracking.rs`) and the browser (`?bench=tracking`). The same
//! workloads, on the same shapes, are in `scripts/bench_pandas.py` so the two can be compared
//! on one machine:
//!
//! - a 1,000,000-row feature table (int key + 10 float features) created;
//! - a merge-upsert of 100,000 rows, half of them new keys;
//! - 10,000 random point lookups on the table published to an online store (batched, and one
//!   at a time);
//! - a 200,000-row training-set left join (all 10 features);
//! - a 200,000-row point-in-time (as-of) join onto a 1,000,000-row time-series table
//!   (100,000 keys × 10 snapshots): the first (which builds the table's time index, as
//!   pandas' `merge_asof` needs sorted input) and a second one on the same version (the index
//!   is cached, like pandas on pre-sorted input).
//!
//! `memory` reports the bytes the tables engine holds for the 1M-row table (current version
//! and key index) against the raw data size (8 bytes per value), and the bytes of the
//! versions time travel keeps, separately.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::catalog::Unity;
use crate::features::lookup::FeatureLookup;
use crate::features::online::{self, Publish};
use crate::features::training::{create_training_set, load, Join};
use crate::features::write::write_table;
use crate::features::{create_table, CreateArgs, Flavor};
use crate::rng::SeededRng;
use crate::table::{Column, Table};

const ROWS: i64 = 1_000_000;
const FEATURES: usize = 10;
const UPSERT: i64 = 100_000;
const LOOKUPS: usize = 10_000;
const TRAIN: usize = 200_000;
const TS_KEYS: i64 = 100_000;
const SNAPSHOTS: i64 = 10;
const DAY_MS: i64 = 86_400_000;

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn timed<T>(clock: &mut dyn FnMut() -> f64, f: impl FnOnce() -> T) -> (T, f64) {
    let start = clock();
    let out = f();
    (out, round1(clock() - start))
}

fn feature_names() -> Vec<String> {
    (0..FEATURES).map(|i| format!("f{i}")).collect()
}

/// `keys` with 10 uniform float features, plus any extra leading columns.
fn with_features(rng: &mut SeededRng, lead: Vec<(String, Column)>, rows: usize) -> Table {
    let mut names: Vec<String> = lead.iter().map(|(n, _)| n.clone()).collect();
    let mut columns: Vec<Column> = lead.into_iter().map(|(_, c)| c).collect();
    for name in feature_names() {
        names.push(name);
        columns.push(Column::floats((0..rows).map(|_| rng.unit()).collect()));
    }
    Table::new(names, columns).unwrap_or_default()
}

fn random_keys(rng: &mut SeededRng, n: usize, below: i64) -> Vec<i64> {
    (0..n)
        .map(|_| ((rng.unit() * below as f64) as i64).min(below - 1))
        .collect()
}

fn err(e: impl std::fmt::Debug) -> String {
    format!("{e:?}")
}

pub fn feature_store(clock: &mut dyn FnMut() -> f64) -> Result<Value, String> {
    let mut rng = SeededRng::new(11);
    let mut unity = Unity::default();
    let name = "main.default.bench_features";
    let base = with_features(
        &mut rng,
        vec![("id".into(), Column::ints((0..ROWS).collect()))],
        ROWS as usize,
    );
    let raw_bytes = ROWS as usize * (FEATURES + 1) * 8;
    let args = CreateArgs {
        name: name.into(),
        primary_keys: vec!["id".into()],
        df: Some(base),
        ..CreateArgs::default()
    };
    let (created, create_ms) = timed(clock, || {
        create_table(Flavor::Uc, &mut unity, args, "bench", 1)
    });
    created.map_err(err)?;

    // Upsert: half existing keys (random, distinct), half new.
    let mut keys: Vec<i64> = (0..ROWS).step_by((2 * ROWS / UPSERT) as usize).collect();
    keys.truncate((UPSERT / 2) as usize);
    keys.extend(ROWS..ROWS + UPSERT / 2);
    let upsert = with_features(
        &mut rng,
        vec![("id".into(), Column::ints(keys))],
        UPSERT as usize,
    );
    let (merged, upsert_ms) = timed(clock, || {
        write_table(Flavor::Uc, &mut unity, name, &upsert, "merge", "bench", 2)
    });
    merged.map_err(err)?;
    let table_name = unity.table_name(name).map_err(err)?;
    let current_rows = unity.table(&table_name).map_err(err)?.current().num_rows();
    if current_rows != (ROWS + UPSERT / 2) as usize {
        return Err(format!("upsert left {current_rows} rows"));
    }

    // Online store: publish, then 10,000 lookups batched and one at a time.
    online::create_online_store(&mut unity, "bench", "CU_1", 0, 3).map_err(err)?;
    let publish = Publish {
        online_store: "bench".into(),
        source_table_name: Some(name.into()),
        online_table_name: Some("main.default.bench_online".into()),
        publish_mode: Some("SNAPSHOT".into()),
        ..Publish::default()
    };
    let (published, publish_ms) = timed(clock, || online::publish_table(&mut unity, publish, 4));
    published.map_err(err)?;
    let online_name = unity.table_name("main.default.bench_online").map_err(err)?;
    // The index is built once, on first use: outside the timings.
    let one = Table::new(vec!["id".into()], vec![Column::ints(vec![0])]).map_err(err)?;
    online::lookup_positions(&mut unity, &online_name, &one).map_err(err)?;
    let probe_keys = random_keys(&mut rng, LOOKUPS, ROWS + UPSERT / 2);
    let probe =
        Table::new(vec!["id".into()], vec![Column::ints(probe_keys.clone())]).map_err(err)?;
    let (batched, lookup_batch_ms) =
        timed(clock, || online::lookup(&mut unity, &online_name, &probe));
    let batched = batched.map_err(err)?;
    if batched.column("f0", true).map_err(err)?.null_count() != 0 {
        return Err("a looked-up key was not found online".into());
    }
    let singles: Vec<Table> = probe_keys
        .iter()
        .map(|k| Table::new(vec!["id".into()], vec![Column::ints(vec![*k])]).unwrap_or_default())
        .collect();
    let (found, lookup_single_ms) = timed(clock, || {
        singles
            .iter()
            .filter(|t| {
                online::lookup_positions(&mut unity, &online_name, t)
                    .is_ok_and(|p| p.first().copied().flatten().is_some())
            })
            .count()
    });
    if found != LOOKUPS {
        return Err(format!(
            "{found} of {LOOKUPS} single lookups found their key"
        ));
    }

    // Training set: a 200,000-row left join of all 10 features.
    let labels = Table::new(
        vec!["id".into(), "label".into()],
        vec![
            Column::ints(random_keys(&mut rng, TRAIN, ROWS + UPSERT)),
            Column::ints((0..TRAIN as i64).map(|i| i % 2).collect()),
        ],
    )
    .map_err(err)?;
    let lookup = FeatureLookup::new(
        name.into(),
        vec!["id".into()],
        None,
        BTreeMap::new(),
        None,
        None,
        BTreeMap::new(),
    )
    .map_err(err)?;
    let (spec, _) = create_training_set(
        Flavor::Uc,
        &unity,
        &labels,
        std::slice::from_ref(&lookup),
        &["label".into()],
        &[],
    )
    .map_err(err)?;
    let (joined, left_join_ms) = timed(clock, || load(&mut unity, &labels, &spec, Join::Training));
    let joined = joined.map_err(err)?;
    if joined.num_rows() != TRAIN || joined.num_columns() != 2 + FEATURES {
        return Err("the left join has the wrong shape".into());
    }

    // Memory of the 1M-row table: current data + key index, and retained versions.
    let info = unity.table(&table_name).map_err(err)?;
    let current_bytes = info.current().heap_bytes();
    let index_bytes = unity.key_index(&table_name).map_err(err)?.heap_bytes();
    let retained_bytes: usize = unity
        .table(&table_name)
        .map_err(err)?
        .snapshots
        .iter()
        .map(|(_, t)| t.heap_bytes())
        .sum();

    // Time series: 100,000 keys × 10 daily snapshots; labels at random times.
    let ts_name = "main.default.bench_timeseries";
    let n = (TS_KEYS * SNAPSHOTS) as usize;
    let ts_table = with_features(
        &mut rng,
        vec![
            (
                "id".into(),
                Column::ints((0..n as i64).map(|i| i % TS_KEYS).collect()),
            ),
            (
                "ts".into(),
                Column::timestamps((0..n as i64).map(|i| (i / TS_KEYS) * DAY_MS).collect()),
            ),
        ],
        n,
    );
    let args = CreateArgs {
        name: ts_name.into(),
        primary_keys: vec!["id".into(), "ts".into()],
        timeseries: vec!["ts".into()],
        df: Some(ts_table),
        ..CreateArgs::default()
    };
    create_table(Flavor::Uc, &mut unity, args, "bench", 5).map_err(err)?;
    let events = Table::new(
        vec!["id".into(), "event_ts".into(), "label".into()],
        vec![
            Column::ints(random_keys(&mut rng, TRAIN, TS_KEYS)),
            Column::timestamps(
                (0..TRAIN)
                    .map(|_| (rng.unit() * (SNAPSHOTS * DAY_MS) as f64) as i64)
                    .collect(),
            ),
            Column::ints((0..TRAIN as i64).map(|i| i % 2).collect()),
        ],
    )
    .map_err(err)?;
    let lookup = FeatureLookup::new(
        ts_name.into(),
        vec!["id".into()],
        None,
        BTreeMap::new(),
        Some("event_ts".into()),
        None,
        BTreeMap::new(),
    )
    .map_err(err)?;
    let (spec, _) = create_training_set(
        Flavor::Uc,
        &unity,
        &events,
        &[lookup],
        &["label".into()],
        &[],
    )
    .map_err(err)?;
    let (as_of, as_of_ms) = timed(clock, || load(&mut unity, &events, &spec, Join::Training));
    let as_of = as_of.map_err(err)?;
    // Again: the time index (rows grouped by key, sorted by time) is built once per version.
    let (again, as_of_repeat_ms) =
        timed(clock, || load(&mut unity, &events, &spec, Join::Training));
    if again.map_err(err)?.num_rows() != TRAIN {
        return Err("the repeated as-of join has the wrong shape".into());
    }
    if as_of.column("f0", true).map_err(err)?.null_count() != 0 {
        return Err("an as-of lookup found no row at or before its time".into());
    }

    Ok(json!({
        "feature_store_ms": {
            "create_1m_rows": create_ms,
            "merge_upsert_100k_half_new": upsert_ms,
            "publish_online_1_05m_rows": publish_ms,
            "online_lookups_10k_batched": lookup_batch_ms,
            "online_lookups_10k_one_by_one": lookup_single_ms,
            "training_left_join_200k": left_join_ms,
            "training_as_of_join_200k_onto_1m": as_of_ms,
            "training_as_of_join_200k_onto_1m_indexed": as_of_repeat_ms,
        },
        "feature_store_memory": {
            "raw_bytes_1m_rows_11_columns": raw_bytes,
            "current_version_bytes": current_bytes,
            "key_index_bytes_estimate": index_bytes,
            "retained_versions": unity.table(&table_name).map_err(err)?.snapshots.len(),
            "retained_versions_bytes": retained_bytes,
        },
    }))
}

//! Benchmark workloads for the tables engine and the notebook runtime, shared by the native
//! runner and the browser (`?bench=tracking`) as [`crate::bench`] is: a million-row table
//! filtered, grouped and joined, a CSV parsed, and the time a runaway cell runs before the
//! step limit interrupts it (how long the tab is busy in the worst case).

use serde_json::{json, Value};

use crate::notebook::{run_cell, Env, Session};
use crate::rng::SeededRng;
use crate::table::csv::{parse, write, CsvOptions};
use crate::table::expr::{eval, AggFn, BinOp, Dialect, Expr};
use crate::table::join::{join, How};
use crate::table::{group, Cell, Column, Table};
use crate::Workspace;

const ROWS: usize = 1_000_000;
const CSV_ROWS: usize = 100_000;
const KEYS: i64 = 1_000;

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `ROWS` rows: `id`, `key` (0..KEYS), `category` (10 texts), `value` (uniform 0..1).
fn big_table() -> Result<Table, String> {
    let mut rng = SeededRng::new(7);
    let ids: Vec<i64> = (0..ROWS as i64).collect();
    let keys: Vec<i64> = (0..ROWS as i64).map(|i| (i * 7919) % KEYS).collect();
    let cats: Vec<String> = (0..ROWS).map(|i| format!("c{}", i % 10)).collect();
    let values: Vec<f64> = (0..ROWS).map(|_| rng.unit()).collect();
    Table::new(
        vec!["id".into(), "key".into(), "category".into(), "value".into()],
        vec![
            Column::ints(ids),
            Column::ints(keys),
            Column::strings(cats),
            Column::floats(values),
        ],
    )
    .map_err(|e| e.to_string())
}

/// Times `f` in milliseconds.
fn timed<T>(clock: &mut dyn FnMut() -> f64, f: impl FnOnce() -> T) -> (T, f64) {
    let start = clock();
    let out = f();
    (out, round1(clock() - start))
}

pub fn tables_and_cells(clock: &mut dyn FnMut() -> f64) -> Result<Value, String> {
    let t = big_table()?;
    let cond = Expr::bin(BinOp::Gt, Expr::col("value"), Expr::Lit(Cell::Float(0.5)));
    let (kept, filter_ms) = timed(clock, || {
        eval(&cond, &t, Dialect::Spark, false).and_then(|m| t.filter(&m))
    });
    let kept = kept.map_err(|e| e.to_string())?;
    let aggs = [
        Expr::Agg(AggFn::Mean, Box::new(Expr::col("value"))),
        Expr::Agg(AggFn::Count, Box::new(Expr::Star)),
    ];
    let (grouped, group_ms) = timed(clock, || {
        group::aggregate(&t, &["category".into()], &aggs, Dialect::Spark, false)
    });
    let grouped = grouped.map_err(|e| e.to_string())?;
    let dim = Table::new(
        vec!["key".into(), "label".into()],
        vec![
            Column::ints((0..KEYS).collect()),
            Column::strings((0..KEYS).map(|k| format!("k{k}")).collect()),
        ],
    )
    .map_err(|e| e.to_string())?;
    let (joined, join_ms) = timed(clock, || {
        join(&t, &dim, &["key".into()], How::Left, false, None)
    });
    let joined = joined.map_err(|e| e.to_string())?;
    let text = write(&t.head(CSV_ROWS), ',', true);
    let (parsed, csv_ms) = timed(clock, || parse(&text, &CsvOptions::default()));
    let parsed = parsed.map_err(|e| e.to_string())?;
    // A runaway cell: how long until the step limit raises KeyboardInterrupt.
    let mut ws = Workspace::default();
    let mut session = Session::new(1);
    let (result, runaway_ms) = timed(clock, || {
        let mut now = || 0_i64;
        let env = Env {
            clock: &mut now,
            user: "bench".into(),
            file_name: "<cell>".into(),
        };
        run_cell(&mut ws, &mut session, env, "n = 0\nwhile True:\n    n += 1")
    });
    let interrupted = result
        .error
        .is_some_and(|e| e.error.kind == crate::notebook::ExcType::KeyboardInterrupt);
    if !interrupted || kept.num_rows() == 0 || grouped.num_rows() != 10 {
        return Err("a tables or notebook workload did not do its work".into());
    }
    Ok(json!({
        "tables_ms": {
            "rows": ROWS,
            "filter": filter_ms,
            "group_by_10_mean_count": group_ms,
            "left_join_1000_keys": join_ms,
            "joined_rows": joined.num_rows(),
            "csv_parse_100k_rows": csv_ms,
            "csv_bytes": text.len(),
            "csv_rows": parsed.num_rows(),
        },
        "notebook_runaway_cell_ms": runaway_ms,
    }))
}

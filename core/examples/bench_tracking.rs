//! Tracking workloads for `scripts/bench.sh`, natively (release build): prints one JSON
//! object. The same workload runs in the browser at `?bench=tracking` (see `lakelab_core::bench`);
//! the save workload runs here on the in-memory store, there on IndexedDB.

use std::time::Instant;

fn main() {
    let origin = Instant::now();
    let mut clock = || origin.elapsed().as_secs_f64() * 1000.0;
    let store = lakelab_core::persist::memory::MemoryStore::new();
    let figures = lakelab_core::bench::tracking(&mut clock).and_then(|mut figures| {
        let saving = lakelab_core::persist::memory::run_ready(lakelab_core::bench::persistence(
            &store, &mut clock,
        ))
        .ok_or("the memory store never waits")??;
        let tables = lakelab_core::bench_tables::tables_and_cells(&mut clock)?;
        let features = lakelab_core::bench_features::feature_store(&mut clock)?;
        let serving = lakelab_core::bench_serving::serving(
            &mut clock,
            lakelab_core::bench_serving::Size::FULL,
        )?;
        if let Some(all) = figures.as_object_mut() {
            for more in [saving, tables, features, serving] {
                if let Some(more) = more.as_object() {
                    all.extend(more.clone());
                }
            }
        }
        Ok(figures)
    });
    match figures {
        Ok(figures) => println!("{figures}"),
        Err(e) => {
            eprintln!("bench_tracking failed: {e}");
            std::process::exit(1);
        }
    }
}

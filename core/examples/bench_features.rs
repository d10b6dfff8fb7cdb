//! The feature-store workloads alone, natively (release build): prints one JSON object.
//! `scripts/bench.sh` runs them inside `bench_tracking`; `scripts/bench_pandas.py` runs the
//! same workloads with pandas for comparison on one machine.

use std::time::Instant;

fn main() {
    let origin = Instant::now();
    let mut clock = || origin.elapsed().as_secs_f64() * 1000.0;
    match lakelab_core::bench_features::feature_store(&mut clock) {
        Ok(figures) => println!("{figures}"),
        Err(e) => {
            eprintln!("bench_features failed: {e}");
            std::process::exit(1);
        }
    }
}

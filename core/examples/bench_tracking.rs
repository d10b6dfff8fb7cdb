//! Tracking workloads for `scripts/bench.sh`, natively (release build): prints one JSON
//! object. The same workload runs in the browser at `?bench=tracking` (see `lakelab_core::bench`).

use std::time::Instant;

fn main() {
    let origin = Instant::now();
    let mut clock = || origin.elapsed().as_secs_f64() * 1000.0;
    match lakelab_core::bench::tracking(&mut clock) {
        Ok(figures) => println!("{figures}"),
        Err(e) => {
            eprintln!("bench_tracking failed: {e}");
            std::process::exit(1);
        }
    }
}

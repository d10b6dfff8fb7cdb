//! The latency model of a micro-batch. **A simulation**: the reference gives no numbers
//! beyond "seconds to minutes" for streaming and "milliseconds" for Model Serving
//! (serving.md §8, §9), so Lakelab models the two costs that make the trade-off:
//!
//! - **Waiting for the batch to fill.** Rows arrive one after another at a steady rate
//!   (`arrival_rows_per_s`, a pipeline setting). A batch of `n` rows is processed when its
//!   last row has arrived, so its first row waited `(n - 1) / rate` seconds, its last none,
//!   and the mean row `(n - 1) / (2 · rate)`.
//! - **A fixed cost per micro-batch** ([`BATCH_OVERHEAD_MS`]): planning the batch, reading
//!   the source's offsets and committing the Delta transaction. Its figure is Lakelab's,
//!   chosen in the range of Structured Streaming's micro-batch latency, not a measurement.
//!
//! The model's own work is **measured**: the time the browser took to score the batch and
//! write it (the injected clock), so it grows with the batch as real scoring does.
//!
//! Bigger batches spread the fixed cost over more rows (higher throughput) but make rows
//! wait longer to fill the batch (higher latency); a batch of one row waits for nothing,
//! which is what real-time serving does per request, at the price of the fixed cost per row.

use serde::{Deserialize, Serialize};

/// The simulated fixed cost of one micro-batch, in milliseconds.
pub const BATCH_OVERHEAD_MS: f64 = 200.0;

/// The latency figures of one micro-batch, in milliseconds (throughput in rows per second).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Latency {
    /// How long the batch took to fill (its first row's wait).
    pub fill_ms: f64,
    pub overhead_ms: f64,
    /// Measured: scoring the batch and writing it.
    pub processing_ms: f64,
    /// A row's mean time from arrival to being in the output table.
    pub mean_ms: f64,
    /// The first row's time from arrival to output (the batch's worst).
    pub max_ms: f64,
    /// Rows per second the pipeline sustains at this batch size: rows / (overhead + work).
    pub throughput_rows_per_s: f64,
}

crate::flat_de::map_only!(Latency);

/// The figures for a batch of `rows` rows arriving at `rate` rows/s, whose work took
/// `processing_ms` (measured; negative readings count as 0).
pub fn model(rows: usize, rate: f64, processing_ms: f64) -> Latency {
    let processing_ms = processing_ms.max(0.0);
    let fill_ms = if rate > 0.0 {
        rows.saturating_sub(1) as f64 / rate * 1000.0
    } else {
        0.0
    };
    let work = BATCH_OVERHEAD_MS + processing_ms;
    Latency {
        fill_ms,
        overhead_ms: BATCH_OVERHEAD_MS,
        processing_ms,
        mean_ms: fill_ms / 2.0 + work,
        max_ms: fill_ms + work,
        throughput_rows_per_s: rows as f64 / (work / 1000.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_waits_for_nothing() {
        let l = model(1, 100.0, 0.0);
        assert_eq!(l.fill_ms, 0.0);
        assert_eq!(l.mean_ms, BATCH_OVERHEAD_MS);
        assert_eq!(l.throughput_rows_per_s, 5.0);
    }

    #[test]
    fn a_hundred_rows_at_a_hundred_per_second() {
        let l = model(100, 100.0, 0.0);
        assert!((l.fill_ms - 990.0).abs() < 1e-9);
        assert!((l.max_ms - 1190.0).abs() < 1e-9);
        assert!((l.mean_ms - 695.0).abs() < 1e-9);
        assert!((l.throughput_rows_per_s - 500.0).abs() < 1e-9);
    }
}

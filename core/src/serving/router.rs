//! Which served entity answers a request: a draw in [0, 100) against the routes' cumulative
//! percentages. Draws come from a seed and the request's number, so a run of requests splits
//! the same way every time.

use super::entities::Route;

/// SplitMix64: well-mixed values from consecutive counters (an LCG's first outputs for
/// neighbouring seeds are not independent enough for a traffic split).
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The draw of request number `n` under `seed`, uniform in [0, 100).
pub fn draw(seed: u64, n: u64) -> f64 {
    let bits = mix(seed ^ mix(n)) >> 11;
    bits as f64 / (1u64 << 53) as f64 * 100.0
}

/// The served entity a draw lands on; `None` only when no route has traffic.
pub fn pick(routes: &[Route], draw: f64) -> Option<&str> {
    let mut upper = 0.0;
    for r in routes {
        upper += f64::from(r.traffic_percentage);
        if draw < upper {
            return Some(&r.served_model_name);
        }
    }
    routes
        .iter()
        .rev()
        .find(|r| r.traffic_percentage > 0)
        .map(|r| r.served_model_name.as_str())
}

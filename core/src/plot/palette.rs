//! Colours for charts: distinct series colours (Okabe–Ito, readable with colour blindness) and
//! a sequential ramp (viridis-like) for values.

/// Series colours, in order; wraps after eight.
pub const SERIES: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

pub fn series(i: usize) -> &'static str {
    SERIES[i % SERIES.len()]
}

const RAMP: [(u8, u8, u8); 5] = [
    (68, 1, 84),
    (59, 82, 139),
    (33, 145, 140),
    (94, 201, 98),
    (253, 231, 37),
];

/// The ramp colour for `t` in 0..=1 (clamped), as `rgb(r,g,b)`.
pub fn ramp(t: f64) -> String {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (RAMP.len() - 1) as f64;
    let i = (pos.floor() as usize).min(RAMP.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (RAMP[i], RAMP[i + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    format!("rgb({},{},{})", mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_ends_and_clamps() {
        assert_eq!(ramp(0.0), "rgb(68,1,84)");
        assert_eq!(ramp(1.0), "rgb(253,231,37)");
        assert_eq!(ramp(2.0), ramp(1.0));
        assert_eq!(ramp(f64::NAN), ramp(0.0));
        assert_eq!(series(9), SERIES[1]);
    }
}

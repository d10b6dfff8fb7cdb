//! The compare view's contour plot: a metric `z` over two axes `x` and `y`, from the runs'
//! scattered points.
//!
//! MLflow draws it with Plotly, which interpolates scattered points itself. Lakelab fills a
//! grid by inverse-distance weighting (power 2) on axes scaled to 0..1, so the picture is a
//! smooth, honest summary that passes exactly through every run's value; the runs are drawn
//! on top so the learner sees where the data is.

/// Values on a regular grid over the points' x and y ranges.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub nx: usize,
    pub ny: usize,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    /// Row-major, row 0 at the smallest y; `z[j * nx + i]` is the cell at column i, row j.
    pub z: Vec<f64>,
    pub z_range: (f64, f64),
}

impl Grid {
    pub fn at(&self, i: usize, j: usize) -> f64 {
        self.z.get(j * self.nx + i).copied().unwrap_or(f64::NAN)
    }
}

fn range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    })
}

/// The grid for `points` (x, y, z; non-finite ones skipped), or why there is none: fewer than
/// three points, or all points on one vertical or horizontal line.
pub fn idw_grid(points: &[(f64, f64, f64)], nx: usize, ny: usize) -> Result<Grid, String> {
    let pts: Vec<(f64, f64, f64)> = points
        .iter()
        .copied()
        .filter(|(x, y, z)| x.is_finite() && y.is_finite() && z.is_finite())
        .collect();
    if pts.len() < 3 {
        return Err(format!(
            "a contour needs at least 3 runs with values on all three axes ({} have them)",
            pts.len()
        ));
    }
    let x_range = range(pts.iter().map(|p| p.0));
    let y_range = range(pts.iter().map(|p| p.1));
    if x_range.0 == x_range.1 || y_range.0 == y_range.1 {
        return Err("the runs do not vary on both axes, so there is no surface to draw".into());
    }
    let z_range = range(pts.iter().map(|p| p.2));
    let scale = |v: f64, (lo, hi): (f64, f64)| (v - lo) / (hi - lo);
    let nx = nx.max(2);
    let ny = ny.max(2);
    let mut z = Vec::with_capacity(nx * ny);
    for j in 0..ny {
        let gy = (j as f64 + 0.5) / ny as f64;
        for i in 0..nx {
            let gx = (i as f64 + 0.5) / nx as f64;
            let (mut num, mut den) = (0.0, 0.0);
            let mut exact = None;
            for &(px, py, pz) in &pts {
                let dx = scale(px, x_range) - gx;
                let dy = scale(py, y_range) - gy;
                let d2 = dx * dx + dy * dy;
                if d2 < 1e-12 {
                    exact = Some(pz);
                    break;
                }
                num += pz / d2;
                den += 1.0 / d2;
            }
            z.push(exact.unwrap_or(num / den));
        }
    }
    Ok(Grid {
        nx,
        ny,
        x_range,
        y_range,
        z,
        z_range,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_between_runs_and_stays_in_range() {
        let pts = [
            (0.0, 0.0, 0.0),
            (10.0, 0.0, 1.0),
            (0.0, 1.0, 0.0),
            (10.0, 1.0, 1.0),
        ];
        let g = idw_grid(&pts, 10, 4).unwrap();
        assert_eq!(g.z.len(), 40);
        assert!(g.z.iter().all(|z| (0.0..=1.0).contains(z)));
        // z grows with x in this data: the left column is low, the right column high.
        for j in 0..g.ny {
            assert!(g.at(0, j) < 0.5 && g.at(g.nx - 1, j) > 0.5);
            assert!(
                (g.at(0, j) + g.at(g.nx - 1, j) - 1.0).abs() < 1e-9,
                "symmetric"
            );
        }
        assert_eq!(g.z_range, (0.0, 1.0));
    }

    #[test]
    fn refuses_too_few_or_degenerate_points() {
        assert!(idw_grid(&[(0.0, 0.0, 1.0), (1.0, 1.0, 2.0)], 4, 4).is_err());
        assert!(idw_grid(&[(0.0, 0.0, 1.0), (0.0, 1.0, 2.0), (0.0, 2.0, 3.0)], 4, 4).is_err());
        assert!(idw_grid(
            &[(0.0, 0.0, f64::NAN), (1.0, 1.0, 2.0), (2.0, 0.0, 3.0)],
            4,
            4
        )
        .is_err());
    }
}

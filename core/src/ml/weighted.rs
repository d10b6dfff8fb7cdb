//! Fits with instance weights where linfa has none (Spark ML's `weightCol` on
//! `LogisticRegression` and `LinearRegression`):
//! - logistic regression, binary or multinomial, minimising `Σ wᵢ·lossᵢ + α/2·|W|²`
//!   (intercepts not penalised, as in linfa and Spark) with a small L-BFGS;
//! - linear regression and elastic net by weighted least squares: rows centred on the
//!   weighted means and scaled by `√wᵢ`, then linfa's unweighted fit (exact for least squares;
//!   for the elastic net the weights are first scaled to sum to the row count, so linfa's
//!   `1/(2n)` loss equals Spark's `1/(2Σw)` weighted loss).

use linfa::prelude::*;
use linfa_elasticnet::ElasticNet;
use linfa_linear::LinearRegression;
use ndarray::{Array1, Array2};

use super::estimator::Fitted;

/// Weighted logistic regression: one coefficient row for two classes (the score of class 1),
/// one per class above (softmax). `max_iter` caps L-BFGS iterations.
pub fn fit_logistic(
    x: &Array2<f64>,
    codes: &[usize],
    w: &[f64],
    n_classes: usize,
    alpha: f64,
    max_iter: u64,
) -> Fitted {
    let d = x.ncols();
    let k = if n_classes <= 2 { 1 } else { n_classes };
    let mut theta = vec![0.0; k * (d + 1)];
    let total: f64 = w.iter().sum();
    let mut objective = |theta: &[f64], grad: &mut [f64]| -> f64 {
        logistic_loss(theta, grad, x, codes, w, k, alpha)
    };
    lbfgs(&mut theta, &mut objective, max_iter, 1e-8 * total.max(1.0));
    let (coef, intercept) = theta.chunks(d + 1).map(|c| (c[..d].to_vec(), c[d])).unzip();
    Fitted::Logistic { coef, intercept }
}

/// `Σ wᵢ·lossᵢ + α/2·|W|²` and its gradient; `theta` holds `k` rows of `d` weights and an
/// intercept (`k = 1`: binary, the logistic of the score is P(class 1)).
fn logistic_loss(
    theta: &[f64],
    grad: &mut [f64],
    x: &Array2<f64>,
    codes: &[usize],
    w: &[f64],
    k: usize,
    alpha: f64,
) -> f64 {
    let d = x.ncols();
    grad.fill(0.0);
    let mut loss = 0.0;
    let mut z = vec![0.0; k];
    for ((row, &y), &wi) in x.rows().into_iter().zip(codes).zip(w) {
        if wi == 0.0 {
            continue;
        }
        for (c, zc) in z.iter_mut().enumerate() {
            let t = &theta[c * (d + 1)..(c + 1) * (d + 1)];
            *zc = t[d] + row.iter().zip(t).map(|(a, b)| a * b).sum::<f64>();
        }
        if k == 1 {
            let (m, target) = (z[0], f64::from(u8::from(y == 1)));
            // log(1 + e^m) - y·m, stable for large |m|.
            loss += wi * (m.max(0.0) + (-m.abs()).exp().ln_1p() - target * m);
            z[0] = 1.0 / (1.0 + (-m).exp()) - target;
        } else {
            let top = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lse = top + z.iter().map(|v| (v - top).exp()).sum::<f64>().ln();
            loss += wi * (lse - z.get(y).copied().unwrap_or(0.0));
            for (c, zc) in z.iter_mut().enumerate() {
                *zc = (*zc - lse).exp() - f64::from(u8::from(c == y));
            }
        }
        for (c, r) in z.iter().enumerate() {
            let g = &mut grad[c * (d + 1)..(c + 1) * (d + 1)];
            for (gj, xj) in g.iter_mut().zip(row) {
                *gj += wi * r * xj;
            }
            g[d] += wi * r;
        }
    }
    for (i, (t, g)) in theta.iter().zip(grad.iter_mut()).enumerate() {
        if i % (d + 1) != d {
            loss += 0.5 * alpha * t * t;
            *g += alpha * t;
        }
    }
    loss
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Minimises `f` (value, and gradient into its second argument) from `theta` by L-BFGS with
/// 10 corrections and a backtracking (Armijo) line search; stops when every gradient entry
/// is below `tol` or after `max_iter` iterations.
fn lbfgs(
    theta: &mut Vec<f64>,
    f: &mut dyn FnMut(&[f64], &mut [f64]) -> f64,
    max_iter: u64,
    tol: f64,
) {
    const MEMORY: usize = 10;
    let n = theta.len();
    let mut g = vec![0.0; n];
    let mut fx = f(theta, &mut g);
    let mut history: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::new();
    let mut next = vec![0.0; n];
    let mut g_next = vec![0.0; n];
    for _ in 0..max_iter {
        if g.iter().all(|v| v.abs() <= tol) || !fx.is_finite() {
            return;
        }
        // Two-loop recursion: dir = -H·g.
        let mut q = g.clone();
        let mut a = vec![0.0; history.len()];
        for (ai, (s, y, rho)) in a.iter_mut().zip(&history).rev() {
            *ai = rho * dot(s, &q);
            q.iter_mut().zip(y).for_each(|(qi, yi)| *qi -= *ai * yi);
        }
        let scale = match history.last() {
            Some((s, y, _)) => dot(s, y) / dot(y, y),
            None => 1.0 / dot(&g, &g).sqrt().max(1.0),
        };
        q.iter_mut().for_each(|v| *v *= scale);
        for (ai, (s, y, rho)) in a.iter().zip(&history) {
            let b = rho * dot(y, &q);
            q.iter_mut()
                .zip(s)
                .for_each(|(qi, si)| *qi += si * (ai - b));
        }
        let mut dir: Vec<f64> = q.iter().map(|v| -v).collect();
        let mut slope = dot(&g, &dir);
        if slope >= 0.0 {
            dir = g.iter().map(|v| -v).collect();
            slope = -dot(&g, &g);
            history.clear();
        }
        let mut step = 1.0;
        let f_next = loop {
            for ((t, d), nx) in theta.iter().zip(&dir).zip(next.iter_mut()) {
                *nx = t + step * d;
            }
            let v = f(&next, &mut g_next);
            if v <= fx + 1e-4 * step * slope {
                break v;
            }
            step *= 0.5;
            if step < 1e-12 {
                return;
            }
        };
        let s: Vec<f64> = next.iter().zip(theta.iter()).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_next.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        if sy > 1e-12 {
            if history.len() == MEMORY {
                history.remove(0);
            }
            history.push((s, y, 1.0 / sy));
        }
        std::mem::swap(theta, &mut next);
        std::mem::swap(&mut g, &mut g_next);
        fx = f_next;
    }
}

/// Weighted least squares (`penalty = 0`) or weighted elastic net, with or without an
/// intercept (never penalised).
pub fn fit_linear(
    x: &Array2<f64>,
    y: &[f64],
    w: &[f64],
    penalty: f64,
    l1_ratio: f64,
    max_iter: u32,
    fit_intercept: bool,
) -> Result<Fitted, String> {
    let total: f64 = w.iter().sum();
    if total <= 0.0 {
        return Err("the instance weights sum to zero".into());
    }
    // The elastic net's loss is a mean: weights summing to the row count keep it Spark's.
    let norm = if penalty > 0.0 {
        y.len() as f64 / total
    } else {
        1.0
    };
    let (x_mean, y_mean) = if fit_intercept {
        let xm: Array1<f64> = x
            .rows()
            .into_iter()
            .zip(w)
            .fold(Array1::zeros(x.ncols()), |acc, (r, wi)| acc + &r * *wi)
            / total;
        let ym = y.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() / total;
        (xm, ym)
    } else {
        (Array1::zeros(x.ncols()), 0.0)
    };
    let mut xs = x - &x_mean;
    let mut ys = Array1::from_iter(y.iter().map(|v| v - y_mean));
    for (i, wi) in w.iter().enumerate() {
        let r = (wi * norm).sqrt();
        xs.row_mut(i).mapv_inplace(|v| v * r);
        ys[i] *= r;
    }
    let ds = Dataset::new(xs, ys);
    let coef: Vec<f64> = if penalty > 0.0 {
        ElasticNet::params()
            .penalty(penalty)
            .l1_ratio(l1_ratio)
            .with_intercept(false)
            .max_iterations(max_iter.max(1))
            .fit(&ds)
            .map_err(|e| e.to_string())?
            .hyperplane()
            .to_vec()
    } else {
        LinearRegression::new()
            .with_intercept(false)
            .fit(&ds)
            .map_err(|e| format!("LinearRegression could not be fitted ({e})"))?
            .params()
            .to_vec()
    };
    let intercept = y_mean - coef.iter().zip(&x_mean).map(|(c, m)| c * m).sum::<f64>();
    Ok(Fitted::Linear { coef, intercept })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_least_squares_equals_repeating_rows() {
        // Weight 2 on a row is the same fit as that row twice.
        let x = Array2::from_shape_vec((4, 1), vec![0.0, 1.0, 2.0, 3.0]).unwrap();
        let y = [1.0, 2.0, 2.0, 5.0];
        let Fitted::Linear { coef, intercept } =
            fit_linear(&x, &y, &[1.0, 2.0, 1.0, 1.0], 0.0, 0.0, 100, true).unwrap()
        else {
            panic!("a linear fit")
        };
        let xr = Array2::from_shape_vec((5, 1), vec![0.0, 1.0, 1.0, 2.0, 3.0]).unwrap();
        let yr = [1.0, 2.0, 2.0, 2.0, 5.0];
        let Fitted::Linear {
            coef: c2,
            intercept: i2,
        } = fit_linear(&xr, &yr, &[1.0; 5], 0.0, 0.0, 100, true).unwrap()
        else {
            panic!("a linear fit")
        };
        assert!((coef[0] - c2[0]).abs() < 1e-9 && (intercept - i2).abs() < 1e-9);
    }

    #[test]
    fn weighted_logistic_converges_to_the_weighted_optimum() {
        // One feature, labels split at 0: the gradient at the returned point is ~0.
        let x = Array2::from_shape_vec((6, 1), vec![-2.0, -1.0, -0.5, 0.5, 1.0, 2.0]).unwrap();
        let codes = [0, 0, 1, 0, 1, 1];
        let w = [1.0, 2.0, 0.5, 3.0, 1.0, 1.0];
        let Fitted::Logistic { coef, intercept } = fit_logistic(&x, &codes, &w, 2, 0.1, 100) else {
            panic!("a logistic fit")
        };
        let theta = [coef[0][0], intercept[0]];
        let mut grad = [0.0; 2];
        logistic_loss(&theta, &mut grad, &x, &codes, &w, 1, 0.1);
        assert!(grad.iter().all(|g| g.abs() < 1e-5), "{grad:?}");
    }
}

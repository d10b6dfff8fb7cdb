//! The LightGBM-style learner (`ml::lgbm`): leaf-wise growth, objectives, early stopping and
//! determinism.

use lakelab_core::ml::lgbm::{self, EarlyStopping, LgbmParams, LgbmTarget};
use lakelab_core::rng::SeededRng;
use ndarray::Array2;

/// `n` rows of `d` uniform features from a seed.
fn features(n: usize, d: usize, seed: u64) -> Array2<f64> {
    let mut rng = SeededRng::new(seed);
    Array2::from_shape_fn((n, d), |_| rng.unit() * 2.0 - 1.0)
}

fn ones(n: usize) -> Vec<f64> {
    vec![1.0; n]
}

#[test]
fn separates_a_separable_problem() {
    let x = features(400, 3, 1);
    let codes: Vec<usize> = x
        .rows()
        .into_iter()
        .map(|r| usize::from(r[0] + r[1] > 0.0))
        .collect();
    let target = LgbmTarget::Classes {
        codes: &codes,
        n_classes: 2,
    };
    let fit = lgbm::fit(&x, target, &ones(400), &LgbmParams::default(), None).unwrap();
    let proba = fit.model.proba_rows(&x);
    let right = proba
        .iter()
        .zip(&codes)
        .filter(|(p, &c)| usize::from(p[1] > 0.5) == c)
        .count();
    assert!(right >= 390, "{right} of 400 right");
    assert_eq!(fit.model.stages.len(), 100);
}

#[test]
fn leaf_wise_growth_respects_num_leaves_and_max_depth() {
    let x = features(2000, 4, 2);
    let y: Vec<f64> = x
        .rows()
        .into_iter()
        .map(|r| (r[0] * 3.0).sin() + r[1] * r[2])
        .collect();
    let mut p = LgbmParams {
        n_estimators: 5,
        num_leaves: 7,
        min_child_samples: 5,
        ..LgbmParams::default()
    };
    let fit = lgbm::fit(&x, LgbmTarget::Values(&y), &ones(2000), &p, None).unwrap();
    for stage in &fit.model.stages {
        assert_eq!(stage[0].leaves(), 7);
        // Leaf-wise: 7 leaves need not make a balanced depth-3 tree.
        assert!(stage[0].depth() >= 3);
    }
    p.max_depth = Some(2);
    p.num_leaves = 31;
    let fit = lgbm::fit(&x, LgbmTarget::Values(&y), &ones(2000), &p, None).unwrap();
    for stage in &fit.model.stages {
        assert!(stage[0].depth() <= 2);
        assert!(stage[0].leaves() <= 4);
    }
    // min_child_samples bounds the leaves: 100 rows cannot make leaves of 60.
    p.max_depth = None;
    p.min_child_samples = 60;
    let small = features(100, 2, 3);
    let fit = lgbm::fit(&small, LgbmTarget::Values(&y[..100]), &ones(100), &p, None).unwrap();
    assert_eq!(fit.model.stages[0][0].leaves(), 1);
}

#[test]
fn regression_reduces_the_squared_error() {
    let x = features(1000, 3, 4);
    let y: Vec<f64> = x
        .rows()
        .into_iter()
        .map(|r| 2.0 * r[0] - r[1] * r[1])
        .collect();
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    let base: f64 = y.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / y.len() as f64;
    let mse = |n_estimators: usize| {
        let p = LgbmParams {
            n_estimators,
            ..LgbmParams::default()
        };
        let fit = lgbm::fit(&x, LgbmTarget::Values(&y), &ones(1000), &p, None).unwrap();
        let pred = fit.model.values_rows(&x);
        pred.iter()
            .zip(&y)
            .map(|(a, b)| (a - b).powi(2))
            .sum::<f64>()
            / y.len() as f64
    };
    let (few, many) = (mse(5), mse(100));
    assert!(few < base, "{few} vs {base}");
    assert!(many < few / 5.0, "{many} vs {few}");
}

#[test]
fn multiclass_probabilities_sum_to_one() {
    let x = features(600, 2, 5);
    let codes: Vec<usize> = x
        .rows()
        .into_iter()
        .map(|r| {
            if r[0] < -0.3 {
                0
            } else if r[1] < 0.0 {
                1
            } else {
                2
            }
        })
        .collect();
    let target = LgbmTarget::Classes {
        codes: &codes,
        n_classes: 3,
    };
    let p = LgbmParams {
        n_estimators: 30,
        ..LgbmParams::default()
    };
    let fit = lgbm::fit(&x, target, &ones(600), &p, None).unwrap();
    assert_eq!(fit.model.stages[0].len(), 3);
    let proba = fit.model.proba_rows(&x);
    let mut right = 0;
    for (row, &c) in proba.iter().zip(&codes) {
        assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let arg = (0..3).max_by(|&a, &b| row[a].total_cmp(&row[b])).unwrap();
        right += usize::from(arg == c);
    }
    assert!(right >= 570, "{right} of 600 right");
}

#[test]
fn early_stopping_stops_and_keeps_the_best_iteration() {
    // Noise only: the eval loss stops improving early.
    let x = features(1000, 3, 6);
    let mut rng = SeededRng::new(7);
    let codes: Vec<usize> = (0..1000).map(|_| usize::from(rng.unit() < 0.5)).collect();
    let xv = features(300, 3, 8);
    let codes_v: Vec<usize> = (0..300).map(|_| usize::from(rng.unit() < 0.5)).collect();
    let p = LgbmParams {
        n_estimators: 500,
        ..LgbmParams::default()
    };
    let early = EarlyStopping {
        x: &xv,
        target: LgbmTarget::Classes {
            codes: &codes_v,
            n_classes: 2,
        },
        stopping_rounds: 5,
    };
    let target = LgbmTarget::Classes {
        codes: &codes,
        n_classes: 2,
    };
    let fit = lgbm::fit(&x, target, &ones(1000), &p, Some(early)).unwrap();
    let best = fit.best_iteration.unwrap();
    assert!(best < 100, "best iteration {best}");
    assert_eq!(fit.model.stages.len(), best);
    let plain = lgbm::fit(&x, target, &ones(1000), &p, None).unwrap();
    assert_eq!(plain.best_iteration, None);
    assert_eq!(plain.model.stages.len(), 500);
}

#[test]
fn fits_are_reproducible_from_the_seed() {
    let x = features(800, 6, 9);
    let y: Vec<f64> = x.rows().into_iter().map(|r| r[0] + r[3] * r[4]).collect();
    let p = LgbmParams {
        n_estimators: 20,
        subsample: 0.7,
        subsample_freq: 1,
        colsample_bytree: 0.5,
        random_state: 42,
        ..LgbmParams::default()
    };
    let a = lgbm::fit(&x, LgbmTarget::Values(&y), &ones(800), &p, None).unwrap();
    let b = lgbm::fit(&x, LgbmTarget::Values(&y), &ones(800), &p, None).unwrap();
    assert_eq!(a, b);
    let other = LgbmParams {
        random_state: 43,
        ..p
    };
    let c = lgbm::fit(&x, LgbmTarget::Values(&y), &ones(800), &other, None).unwrap();
    assert_ne!(a.model, c.model);
}

#[test]
fn bad_parameters_are_errors() {
    let x = features(50, 2, 10);
    let y = vec![0.0; 50];
    for p in [
        LgbmParams {
            num_leaves: 1,
            ..LgbmParams::default()
        },
        LgbmParams {
            n_estimators: 0,
            ..LgbmParams::default()
        },
        LgbmParams {
            colsample_bytree: 0.0,
            ..LgbmParams::default()
        },
        LgbmParams {
            learning_rate: -1.0,
            ..LgbmParams::default()
        },
    ] {
        assert!(lgbm::fit(&x, LgbmTarget::Values(&y), &ones(50), &p, None).is_err());
    }
    let one_class = vec![1usize; 50];
    let target = LgbmTarget::Classes {
        codes: &one_class,
        n_classes: 2,
    };
    assert!(lgbm::fit(&x, target, &ones(50), &LgbmParams::default(), None).is_err());
}

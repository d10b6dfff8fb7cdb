//! Estimators against hand-computed values: Ridge's closed form (checks the alpha scaling onto
//! linfa's elastic net), logistic regression's probabilities, trees and forests.

use lakelab_core::ml::estimator::{Estimator, Fitted, MaxFeatures, Target};
use lakelab_core::ml::tree::Criterion;
use ndarray::Array2;

fn column(xs: &[f64]) -> Array2<f64> {
    Array2::from_shape_vec((xs.len(), 1), xs.to_vec()).unwrap()
}

#[test]
fn ridge_matches_its_closed_form() {
    // One feature with an intercept: w = Sxy / (Sxx + alpha), b = mean(y) - w mean(x).
    let xs = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
    let ys = [1.2, 1.9, 3.2, 3.8, 5.1, 6.3];
    let alpha = 2.0;
    let (mx, my) = (3.5, ys.iter().sum::<f64>() / 6.0);
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let w = sxy / (sxx + alpha);
    let fitted = Estimator::Ridge { alpha }
        .fit(&column(&xs), Target::Values(&ys), None)
        .unwrap();
    let Fitted::Linear { coef, intercept } = fitted else {
        panic!("linear expected")
    };
    assert!((coef[0] - w).abs() < 1e-4, "{} vs {w}", coef[0]);
    assert!((intercept - (my - w * mx)).abs() < 1e-3);
    // Ordinary least squares recovers an exact line.
    let line: Vec<f64> = xs.iter().map(|x| 2.0 * x + 1.0).collect();
    let Fitted::Linear { coef, intercept } = Estimator::LinearRegression {
        fit_intercept: true,
    }
    .fit(&column(&xs), Target::Values(&line), None)
    .unwrap() else {
        panic!("linear expected")
    };
    assert!((coef[0] - 2.0).abs() < 1e-9 && (intercept - 1.0).abs() < 1e-9);
    // Linear models take no sample weights in linfa: refused, not ignored.
    let e = Estimator::Ridge { alpha }
        .fit(&column(&xs), Target::Values(&ys), Some(&[1.0; 6]))
        .unwrap_err();
    assert!(e.contains("sample_weight"), "{e}");
}

#[test]
fn logistic_regression_separates_and_orders_probabilities() {
    let xs = [-3.0, -2.0, -1.5, -1.0, 1.0, 1.5, 2.0, 3.0];
    let codes = [0, 0, 0, 0, 1, 1, 1, 1];
    let est = Estimator::LogisticRegression {
        c: 1.0,
        max_iter: 100,
    };
    let fitted = est
        .fit(
            &column(&xs),
            Target::Classes {
                codes: &codes,
                n_classes: 2,
            },
            None,
        )
        .unwrap();
    let p = fitted.proba(&column(&[-2.5, 0.0, 2.5]), 2);
    assert!(p[0][1] < 0.2 && p[2][1] > 0.8, "{p:?}");
    assert!((p[1][0] + p[1][1] - 1.0).abs() < 1e-12);
    // The coefficient for class 1 is positive whichever label linfa calls positive.
    let Fitted::Logistic { coef, .. } = &fitted else {
        panic!()
    };
    assert!(coef[0][0] > 0.0);
    let e = est
        .fit(
            &column(&xs),
            Target::Classes {
                codes: &[0; 8],
                n_classes: 2,
            },
            None,
        )
        .unwrap_err();
    assert!(e.contains("only one class"), "{e}");
    // Three classes: multinomial.
    let codes3 = [0, 0, 0, 1, 1, 2, 2, 2];
    let xs3 = [-3.0, -2.5, -2.0, 0.0, 0.2, 2.0, 2.5, 3.0];
    let m = est
        .fit(
            &column(&xs3),
            Target::Classes {
                codes: &codes3,
                n_classes: 3,
            },
            None,
        )
        .unwrap();
    let p = m.proba(&column(&[-3.0, 0.1, 3.0]), 3);
    let argmax: Vec<usize> = p
        .iter()
        .map(|r| (0..3).max_by(|&a, &b| r[a].total_cmp(&r[b])).unwrap())
        .collect();
    assert_eq!(argmax, [0, 1, 2]);
}

#[test]
fn forests_are_reproducible_from_their_seed_and_use_weights() {
    let xs: Vec<f64> = (0..60).map(|i| i as f64).collect();
    let codes: Vec<usize> = (0..60).map(|i| usize::from(i >= 30)).collect();
    let x = column(&xs);
    let forest = |seed| Estimator::RandomForest {
        n_estimators: 15,
        criterion: Criterion::Gini,
        max_depth: Some(3),
        min_samples_split: 2,
        min_samples_leaf: 1,
        max_features: MaxFeatures::Sqrt,
        bootstrap: true,
        random_state: seed,
    };
    let fit = |seed| {
        forest(seed)
            .fit(
                &x,
                Target::Classes {
                    codes: &codes,
                    n_classes: 2,
                },
                None,
            )
            .unwrap()
    };
    assert_eq!(fit(3), fit(3));
    assert_ne!(fit(3), fit(4));
    let p = fit(3).proba(&column(&[5.0, 55.0]), 2);
    assert!(p[0][0] > 0.9 && p[1][1] > 0.9, "{p:?}");
    // A decision stump follows the weights: class 1 rows weighted up win the mixed leaf.
    let stump = Estimator::DecisionTree {
        criterion: Criterion::Gini,
        max_depth: Some(0),
        min_samples_split: 2,
        min_samples_leaf: 1,
    };
    let target = Target::Classes {
        codes: &[0, 0, 0, 1],
        n_classes: 2,
    };
    let x4 = column(&[1.0, 2.0, 3.0, 4.0]);
    let plain = stump.fit(&x4, target, None).unwrap();
    let weighted = stump.fit(&x4, target, Some(&[1.0, 1.0, 1.0, 9.0])).unwrap();
    assert_eq!(plain.proba(&column(&[0.0]), 2), vec![vec![0.75, 0.25]]);
    assert_eq!(weighted.proba(&column(&[0.0]), 2), vec![vec![0.25, 0.75]]);
}

/// The stopping rule is scikit-learn's (gradient of the mean loss below 1e-4): on 2,000 rows
/// the fit lands within 0.01 of scikit-learn's fully converged coefficients
/// (`LogisticRegression(C=1, tol=1e-10)` on the same rows, scikit-learn 1.9.1).
#[test]
fn logistic_regression_stops_where_scikit_learn_does() {
    let w = lakelab_core::bench_automl::synthetic_workload().unwrap();
    let t = w.table.head(2000);
    let n = t.num_rows();
    let mut x = ndarray::Array2::<f64>::zeros((n, 20));
    for j in 0..20 {
        let c = t.column(&format!("f{j:02}"), true).unwrap();
        for r in 0..n {
            x[[r, j]] = c.f64_at(r).unwrap();
        }
    }
    let y = t.column("target", true).unwrap();
    let codes: Vec<usize> = (0..n).map(|r| y.f64_at(r).unwrap() as usize).collect();
    let fitted = Estimator::LogisticRegression {
        c: 1.0,
        max_iter: 200,
    }
    .fit(
        &x,
        Target::Classes {
            codes: &codes,
            n_classes: 2,
        },
        None,
    )
    .unwrap();
    let sklearn = [
        -1.3765, -0.0954, 1.6473, 0.4258, -1.6561, 1.0801, -0.8581, -1.2919, 0.0014, -0.0991,
        -0.0378, -0.1486, -0.3383, 0.0257, -0.0935, 0.0253, -0.0386, -0.0485, -0.0424, 0.0507,
    ];
    let Fitted::Logistic { coef, intercept } = &fitted else {
        panic!()
    };
    for (j, (ours, theirs)) in coef[0].iter().zip(sklearn).enumerate() {
        assert!((ours - theirs).abs() < 0.01, "coef {j}: {ours} vs {theirs}");
    }
    assert!((intercept[0] - 0.1873).abs() < 0.01, "{}", intercept[0]);
}

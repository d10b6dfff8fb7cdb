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

fn probas(f: &Fitted, xs: &[f64], width: usize, n_classes: usize) -> Vec<Vec<f64>> {
    let x = Array2::from_shape_vec((xs.len() / width, width), xs.to_vec()).unwrap();
    f.proba(&x, n_classes)
}

fn assert_close(got: &[Vec<f64>], want: &[&[f64]], tol: f64) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(g.len(), w.len(), "{got:?}");
        for (a, b) in g.iter().zip(w.iter()) {
            assert!((a - b).abs() < tol, "{got:?} vs {want:?}");
        }
    }
}

#[test]
fn gaussian_naive_bayes_matches_scikit_learn() {
    // Expected values printed by scikit-learn 1.9.1's GaussianNB for the same data.
    let x = column(&[1.0, 2.0, 3.0, 10.0, 12.0, 14.0]);
    let codes = [0, 0, 0, 1, 1, 1];
    let target = Target::Classes {
        codes: &codes,
        n_classes: 2,
    };
    let nb = Estimator::GaussianNb {
        var_smoothing: 1e-9,
    };
    let fitted = nb.fit(&x, target, None).unwrap();
    let Fitted::NaiveBayes { model } = &fitted else {
        panic!("naive Bayes expected")
    };
    assert_eq!(model.theta, vec![vec![2.0], vec![12.0]]);
    assert!(
        (model.var[0][0] - 0.666_666_69).abs() < 1e-8,
        "{:?}",
        model.var
    );
    assert_eq!(model.prior, vec![0.5, 0.5]);
    assert_close(
        &probas(&fitted, &[6.0, 7.0], 1, 2),
        &[
            &[0.010_386_039_064_639_663, 0.989_613_960_935_360_9],
            &[1.562_296_515_943_24e-6, 0.999_998_437_703_483_8],
        ],
        1e-9,
    );
    // Sample weights move the class mean, variance and prior.
    let weighted = nb
        .fit(&x, target, Some(&[1.0, 1.0, 2.0, 1.0, 1.0, 1.0]))
        .unwrap();
    assert_close(
        &probas(&weighted, &[6.0], 1, 2),
        &[&[0.075_033_073_264_774_74, 0.924_966_926_735_224_4]],
        1e-9,
    );
    // Classification only.
    let e = nb.fit(&x, Target::Values(&[1.0; 6]), None).unwrap_err();
    assert!(
        e.contains("GaussianNB cannot be used for regression"),
        "{e}"
    );
}

#[test]
fn nearest_neighbours_match_scikit_learn() {
    // Expected values printed by scikit-learn 1.9.1 for the same data.
    let xs = [0.0, 0.0, 1.0, 0.0, 0.0, 2.0, 3.0, 3.0, 4.0, 4.0];
    let x = Array2::from_shape_vec((5, 2), xs.to_vec()).unwrap();
    let codes = [0, 0, 1, 1, 1];
    let target = Target::Classes {
        codes: &codes,
        n_classes: 2,
    };
    let knn = |k, weights, p| Estimator::KNeighbors {
        n_neighbors: k,
        weights,
        p,
    };
    use lakelab_core::ml::neighbors::NeighborWeights::{Distance, Uniform};
    let uniform = knn(3, Uniform, 2.0).fit(&x, target, None).unwrap();
    assert_close(
        &probas(&uniform, &[0.5, 0.5, 3.0, 3.0], 2, 2),
        &[&[2.0 / 3.0, 1.0 / 3.0], &[0.0, 1.0]],
        1e-12,
    );
    // Distance weights; a query on a training row takes that row only.
    let distance = knn(3, Distance, 2.0).fit(&x, target, None).unwrap();
    assert_close(
        &probas(&distance, &[0.5, 0.5, 3.0, 3.0], 2, 2),
        &[
            &[0.817_256_002_368_443_2, 0.182_743_997_631_556_83],
            &[0.0, 1.0],
        ],
        1e-12,
    );
    let ys = [1.0, 2.0, 3.0, 4.0, 5.0];
    let reg = knn(2, Distance, 1.0)
        .fit(&x, Target::Values(&ys), None)
        .unwrap();
    let q = Array2::from_shape_vec((2, 2), vec![0.5, 0.0, 2.0, 2.0]).unwrap();
    assert_eq!(reg.values(&q), vec![1.5, 3.5]);
    // More neighbours than rows, and weights, are refused with scikit-learn's words.
    let e = knn(6, Uniform, 2.0).fit(&x, target, None).unwrap_err();
    assert!(e.contains("Expected n_neighbors <= n_samples_fit"), "{e}");
    let e = knn(3, Uniform, 2.0)
        .fit(&x, target, Some(&[1.0; 5]))
        .unwrap_err();
    assert!(e.contains("does not take sample_weight"), "{e}");
}

#[test]
fn gradient_boosting_matches_scikit_learn() {
    // Printed by scikit-learn 1.9.1's GradientBoostingClassifier / Regressor on the same data
    // (its friedman_mse split score ranks splits as squared error does).
    let x = column(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]);
    let q = column(&[2.5, 6.5, 9.5]);
    let gb = |n, depth, lr| Estimator::GradientBoosting {
        n_estimators: n,
        learning_rate: lr,
        max_depth: Some(depth),
        min_samples_split: 2,
        min_samples_leaf: 1,
        subsample: 1.0,
        max_features: MaxFeatures::All,
        random_state: 0,
    };
    // The queries sit exactly on split thresholds: `<=` goes left, as in scikit-learn.
    let x12 = column(&[
        1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0,
    ]);
    let codes = [0, 0, 0, 1, 0, 0, 1, 1, 1, 0, 1, 1];
    let binary = gb(5, 2, 0.3)
        .fit(
            &x12,
            Target::Classes {
                codes: &codes,
                n_classes: 2,
            },
            None,
        )
        .unwrap();
    let p1: Vec<f64> = binary.proba(&q, 2).iter().map(|p| p[1]).collect();
    let want = [
        0.211_138_418_958_424_75,
        0.242_436_339_992_320_78,
        0.777_951_231_494_692_6,
    ];
    for (a, b) in p1.iter().zip(want) {
        assert!((a - b).abs() < 1e-9, "{p1:?}");
    }
    let three = [0, 0, 1, 1, 2, 2, 1, 2, 2, 0];
    let multi = gb(4, 1, 0.5)
        .fit(
            &x,
            Target::Classes {
                codes: &three,
                n_classes: 3,
            },
            None,
        )
        .unwrap();
    assert_close(
        &multi.proba(&column(&[2.5, 6.5]), 3),
        &[
            &[
                0.740_495_143_659_318_1,
                0.196_158_353_058_920_15,
                0.063_346_503_281_761_78,
            ],
            &[
                0.086_137_813_440_342_52,
                0.289_724_926_494_788_54,
                0.624_137_260_064_868_8,
            ],
        ],
        1e-9,
    );
    let y = [1.0, 3.0, 2.0, 5.0, 4.0, 6.0, 9.0, 7.0, 8.0, 10.0];
    let reg = gb(6, 2, 0.2).fit(&x, Target::Values(&y), None).unwrap();
    let want = [
        3.220_534_666_666_667,
        5.884_567_999_999_999,
        7.293_520_444_444_444,
    ];
    for (a, b) in reg.values(&q).iter().zip(want) {
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }
    // Stochastic boosting is reproducible from its seed.
    let sub = |seed| Estimator::GradientBoosting {
        n_estimators: 8,
        learning_rate: 0.3,
        max_depth: Some(2),
        min_samples_split: 2,
        min_samples_leaf: 1,
        subsample: 0.6,
        max_features: MaxFeatures::All,
        random_state: seed,
    };
    let fit = |e: Estimator| e.fit(&x, Target::Values(&y), None).unwrap().values(&q);
    assert_eq!(fit(sub(3)), fit(sub(3)));
    assert_ne!(fit(sub(3)), fit(sub(4)));
    let e = gb(0, 2, 0.1).fit(&x, Target::Values(&y), None).unwrap_err();
    assert!(e.contains("n_estimators"), "{e}");
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

#[test]
fn damaged_stored_models_predict_without_panicking() {
    // A model file edited by hand: no intercept, a tree whose link loops back on itself.
    let logistic: Fitted =
        serde_json::from_str(r#"{"kind": "logistic", "coef": [[1.0]], "intercept": []}"#).unwrap();
    assert_eq!(logistic.proba(&column(&[0.0]), 2), vec![vec![0.5, 0.5]]);
    let looped: Fitted = serde_json::from_str(
        r#"{"kind": "tree", "tree": {"nodes": [{"feature": 0, "threshold": 1.0, "left": 0, "right": 0}]}}"#,
    )
    .unwrap();
    assert_eq!(looped.proba(&column(&[0.5]), 2), vec![vec![0.0, 0.0]]);
}

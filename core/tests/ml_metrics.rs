//! Metrics against scikit-learn's documented examples (values from its docstrings and user
//! guide) and its edge cases.

use lakelab_core::ml::metrics::{
    accuracy, log_loss, mae, mse, precision_recall_f1, r2, rmse, roc_auc, Average,
};

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

#[test]
fn classification_metrics_match_scikit_learn() {
    // precision_recall_fscore_support's docstring example.
    let t = ["cat", "dog", "pig", "cat", "dog", "pig"];
    let p = ["cat", "pig", "dog", "cat", "cat", "dog"];
    let macro_ = precision_recall_f1(&t, &p, &Average::Macro).unwrap();
    close(macro_.precision, 0.2222222222222222);
    close(macro_.recall, 0.3333333333333333);
    close(macro_.f1, 0.26666666666666666);
    let micro = precision_recall_f1(&t, &p, &Average::Micro).unwrap();
    close(micro.f1, 0.3333333333333333);
    let weighted = precision_recall_f1(&t, &p, &Average::Weighted).unwrap();
    close(weighted.precision, 0.2222222222222222);
    close(weighted.f1, 0.26666666666666666);
    // accuracy_score's example: 2 of 4.
    close(accuracy(&[0, 1, 2, 3], &[0, 2, 1, 3]).unwrap(), 0.5);
    // Binary with a positive label; no predicted positives gives 0, not NaN.
    let b = precision_recall_f1(&[1, 0, 1, 1], &[1, 0, 0, 1], &Average::Binary(1)).unwrap();
    close(b.precision, 1.0);
    close(b.recall, 2.0 / 3.0);
    close(b.f1, 0.8);
    let none = precision_recall_f1(&[1, 0], &[0, 0], &Average::Binary(1)).unwrap();
    assert_eq!((none.precision, none.recall, none.f1), (0.0, 0.0, 0.0));
}

#[test]
fn probability_metrics_match_scikit_learn() {
    // roc_auc_score's user-guide example.
    close(
        roc_auc(&[false, false, true, true], &[0.1, 0.4, 0.35, 0.8]).unwrap(),
        0.75,
    );
    // Ties count half.
    close(roc_auc(&[false, true], &[0.5, 0.5]).unwrap(), 0.5);
    assert_eq!(
        roc_auc(&[true, true], &[0.1, 0.2]).unwrap_err().0,
        "Only one class present in y_true. ROC AUC score is not defined in that case."
    );
    // log_loss's docstring: ["spam", "ham", "ham", "spam"] with ham = class 0.
    let probs = vec![
        vec![0.1, 0.9],
        vec![0.9, 0.1],
        vec![0.8, 0.2],
        vec![0.35, 0.65],
    ];
    close(
        log_loss(&[1, 0, 0, 1], &probs).unwrap(),
        0.21616187468057912,
    );
    // A certain wrong answer is clipped, not infinite.
    assert!(log_loss(&[0], &[vec![0.0, 1.0]]).unwrap().is_finite());
}

#[test]
fn regression_metrics_match_scikit_learn() {
    let t = [3.0, -0.5, 2.0, 7.0];
    let p = [2.5, 0.0, 2.0, 8.0];
    close(mse(&t, &p).unwrap(), 0.375);
    close(rmse(&t, &p).unwrap(), 0.375f64.sqrt());
    close(mae(&t, &p).unwrap(), 0.5);
    close(r2(&t, &p).unwrap(), 0.9486081370449679);
    // A constant target: 1 when predicted exactly, else 0 (force_finite).
    close(r2(&[2.0, 2.0], &[2.0, 2.0]).unwrap(), 1.0);
    close(r2(&[2.0, 2.0], &[1.0, 2.0]).unwrap(), 0.0);
    assert_eq!(
        mse(&[1.0, 2.0, 3.0], &[1.0, 2.0]).unwrap_err().0,
        "Found input variables with inconsistent numbers of samples: [3, 2]"
    );
}

#[test]
fn roc_and_precision_recall_curves_match_scikit_learn() {
    use lakelab_core::ml::metrics::{precision_recall_curve, roc_curve};
    // Printed by scikit-learn 1.9.1: roc_curve(..., drop_intermediate=False) and
    // precision_recall_curve (whose arrays run the other way round).
    let y = [false, false, true, true, false, true];
    let s = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9];
    let roc = roc_curve(&y, &s, false).unwrap();
    let third = 1.0 / 3.0;
    let want_fpr = [0.0, 0.0, 0.0, 2.0 * third, 2.0 * third, 1.0];
    let want_tpr = [0.0, third, 2.0 * third, 2.0 * third, 1.0, 1.0];
    for (got, want) in [(&roc.x, &want_fpr), (&roc.y, &want_tpr)] {
        assert_eq!(got.len(), want.len());
        got.iter().zip(want.iter()).for_each(|(a, b)| close(*a, *b));
    }
    assert_eq!(&roc.thresholds[1..], &[0.9, 0.8, 0.4, 0.35, 0.1]);
    let pr = precision_recall_curve(&y, &s).unwrap();
    let want_p = [1.0, 1.0, 1.0, 0.5, 0.6, 0.5];
    let want_r = [0.0, third, 2.0 * third, 2.0 * third, 1.0, 1.0];
    for (got, want) in [(&pr.y, &want_p), (&pr.x, &want_r)] {
        assert_eq!(got.len(), want.len());
        got.iter().zip(want.iter()).for_each(|(a, b)| close(*a, *b));
    }
    // drop_intermediate=True (scikit-learn's default) keeps only the corners.
    let y = [false, false, true, true, false, true, false, true];
    let s = [0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.2, 0.3];
    let roc = roc_curve(&y, &s, true).unwrap();
    assert_eq!(roc.x, [0.0, 0.0, 0.0, 0.5, 0.5, 1.0]);
    assert_eq!(roc.y, [0.0, 0.25, 0.5, 0.5, 1.0, 1.0]);
    assert_eq!(&roc.thresholds[1..], &[0.9, 0.8, 0.4, 0.3, 0.1]);
    assert_eq!(roc_curve(&y, &s, false).unwrap().x.len(), 8);
    let e = roc_curve(&[true, true], &[0.2, 0.3], true).unwrap_err();
    assert!(e.0.contains("Only one class present"), "{e:?}");
}

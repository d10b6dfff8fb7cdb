//! Files the sample experiment's runs log, so the artifact browser has every kind of preview:
//! an SVG confusion matrix, a PNG ROC curve, CSV, YAML, text, and a logged model.

use serde_json::{json, Value};

use crate::models::{LinearModel, Link, ModelInput, SavedModel};
use crate::png;
use crate::rng::SeededRng;

/// A confusion matrix figure for `accuracy` over 1,000 made-up customers.
pub fn confusion_matrix_svg(accuracy: f64) -> String {
    let correct = (accuracy * 1000.0).round() as i64;
    let tp = correct * 3 / 10;
    let tn = correct - tp;
    let fp = (1000 - correct) * 2 / 5;
    let fn_ = 1000 - correct - fp;
    let cells = [(0, 0, tn), (1, 0, fp), (0, 1, fn_), (1, 1, tp)];
    let mut svg = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"240\" height=\"240\" \
         viewBox=\"0 0 240 240\" font-family=\"sans-serif\" font-size=\"14\">\
         <text x=\"120\" y=\"18\" text-anchor=\"middle\">Confusion matrix</text>",
    );
    for (col, row, count) in cells {
        let shade = 255 - (count.clamp(0, 1000) * 200 / 1000) as u8;
        svg.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"90\" height=\"90\" fill=\"rgb({shade},{shade},255)\" \
             stroke=\"#333\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{count}</text>",
            50 + col * 90,
            40 + row * 90,
            95 + col * 90,
            90 + row * 90
        ));
    }
    svg.push_str(
        "<text x=\"140\" y=\"235\" text-anchor=\"middle\">predicted (0, 1)</text>\
         <text x=\"14\" y=\"130\" transform=\"rotate(-90 14 130)\" text-anchor=\"middle\">\
         actual (0, 1)</text></svg>",
    );
    svg
}

/// A 160×160 ROC curve raster: the diagonal in grey, the curve `y = x^(1/k)` in blue.
pub fn roc_curve_png(auc: f64) -> Result<Vec<u8>, String> {
    const SIZE: usize = 160;
    let mut rgb = vec![255u8; SIZE * SIZE * 3];
    let mut set = |x: usize, y: usize, color: [u8; 3]| {
        if x < SIZE && y < SIZE {
            let at = ((SIZE - 1 - y) * SIZE + x) * 3;
            rgb[at..at + 3].copy_from_slice(&color);
        }
    };
    // AUC of y = x^(1/k) is k / (k + 1).
    let k = (auc / (1.0 - auc).max(1e-3)).max(1.0);
    for i in 0..SIZE {
        set(i, i, [180, 180, 180]);
        set(i, 0, [0, 0, 0]);
        set(0, i, [0, 0, 0]);
        let x = i as f64 / (SIZE - 1) as f64;
        let y = (x.powf(1.0 / k) * (SIZE - 1) as f64).round() as usize;
        for dy in 0..2 {
            set(i, y.saturating_sub(dy), [30, 90, 200]);
        }
    }
    png::encode_rgb(SIZE as u32, SIZE as u32, &rgb)
}

/// A made-up churn classifier over three numeric features.
pub fn churn_model(rng: &mut SeededRng) -> SavedModel {
    SavedModel::Linear(LinearModel {
        features: vec![
            "tenure_months".into(),
            "monthly_charges".into(),
            "support_calls".into(),
        ],
        coefficients: vec![
            -0.05 - rng.unit() * 0.05,
            0.02 + rng.unit() * 0.02,
            0.3 + rng.unit() * 0.3,
        ],
        intercept: -1.0 - rng.unit(),
        link: Link::Logistic {
            negative: json!(0),
            positive: json!(1),
        },
    })
}

/// Three customers in the model's input shape.
pub fn input_example() -> ModelInput {
    ModelInput {
        columns: vec![
            "tenure_months".into(),
            "monthly_charges".into(),
            "support_calls".into(),
        ],
        data: vec![
            vec![json!(3), json!(89.9), json!(4)],
            vec![json!(48), json!(35.0), json!(0)],
            vec![json!(12), json!(60.5), json!(1)],
        ],
    }
}

/// A small predictions table as CSV.
pub fn predictions_csv(rng: &mut SeededRng) -> String {
    let mut csv = String::from("customer_id,tenure_months,monthly_charges,churn,prediction\n");
    for i in 0..12 {
        let churn = u8::from(rng.unit() < 0.3);
        let prediction = if rng.unit() < 0.85 { churn } else { 1 - churn };
        csv.push_str(&format!(
            "C{:04},{},{:.2},{churn},{prediction}\n",
            1000 + i,
            1 + (rng.unit() * 60.0) as u32,
            20.0 + rng.unit() * 80.0
        ));
    }
    csv
}

/// The training configuration, logged as YAML.
pub fn training_config(model: &str) -> Value {
    json!({
        "model": model,
        "target": "churn",
        "features": ["tenure_months", "monthly_charges", "support_calls"],
        "split": {"train": 0.6, "validation": 0.2, "test": 0.2},
        "note": "sample data made up by Lakelab",
    })
}

//! A clearly labelled sample experiment, so the Experiments pages can be explored (and
//! tested) before notebook cells can log runs. Every value comes from the seed: the same seed
//! always gives the same experiment. The runs are made up; the experiment says so in its
//! description tag and carries `lakelab.demo = true`.

use super::artifacts::Figure;
use super::demo_files;
use super::entities::{Metric, RunStatus};
use super::error::MlflowError;
use super::store::{NewRun, Tracking, TAG_PARENT_RUN_ID};
use crate::rng::SeededRng;

/// The sample experiment's name.
pub const DEMO_EXPERIMENT: &str = "/Shared/lakelab-demo/churn-sample";
/// The tag marking demo data.
pub const DEMO_TAG: &str = "lakelab.demo";

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Adds the sample experiment (or returns its id if it is already there).
pub fn add_demo(
    t: &mut Tracking,
    seed: u64,
    now_ms: i64,
    user: &str,
) -> Result<String, MlflowError> {
    if let Some(e) = t.get_experiment_by_name(DEMO_EXPERIMENT) {
        return Ok(e.experiment_id.clone());
    }
    let tags = vec![
        (DEMO_TAG.to_string(), "true".to_string()),
        (
            "mlflow.note.content".to_string(),
            "Sample data made up by Lakelab to explore the Experiments pages: these runs were \
             not trained."
                .to_string(),
        ),
    ];
    let exp = t.create_experiment(DEMO_EXPERIMENT, None, &tags, now_ms)?;
    let mut rng = SeededRng::new(seed ^ 0x5eed);
    let families = [
        ("logistic_regression", 0.80, &["C"][..]),
        ("random_forest", 0.86, &["max_depth", "n_estimators"][..]),
        (
            "gradient_boosting",
            0.88,
            &["max_depth", "learning_rate"][..],
        ),
    ];
    let mut start = now_ms - 6 * 3_600_000;
    let user_tags = |extra: Vec<(String, String)>| {
        let mut tags = vec![("team".to_string(), "churn".to_string())];
        tags.extend(extra);
        tags
    };
    // A tuning parent with nested children, as Hyperopt or AutoML leave them.
    let parent = t.create_run(
        &exp,
        NewRun {
            start_time: Some(start),
            run_name: Some("hyperparameter-search".into()),
            tags: user_tags(vec![]),
            user_id: user.into(),
        },
        start,
    )?;
    for (i, (model, base, knobs)) in families.iter().cycle().take(15).enumerate() {
        start += 600_000;
        let nested = i < 6;
        let mut extra = vec![];
        if nested {
            extra.push((TAG_PARENT_RUN_ID.to_string(), parent.clone()));
        }
        let run = t.create_run(
            &exp,
            NewRun {
                start_time: Some(start),
                run_name: None,
                tags: user_tags(extra),
                user_id: user.into(),
            },
            start,
        )?;
        t.log_param(&run, "model", model)?;
        for knob in *knobs {
            let value = match *knob {
                "C" => format!(
                    "{}",
                    [0.01, 0.1, 1.0, 10.0][(rng.unit() * 4.0) as usize % 4]
                ),
                "max_depth" => format!("{}", 3 + (rng.unit() * 8.0) as u32),
                "n_estimators" => {
                    format!("{}", [50, 100, 200, 400][(rng.unit() * 4.0) as usize % 4])
                }
                _ => format!("{}", [0.03, 0.1, 0.3][(rng.unit() * 3.0) as usize % 3]),
            };
            t.log_param(&run, knob, &value)?;
        }
        let accuracy = round(base + rng.unit() * 0.08 - 0.03);
        let mut metrics = Vec::new();
        let mut loss = 0.7 + rng.unit() * 0.1;
        for step in 0..10 {
            loss *= 0.8 + rng.unit() * 0.1;
            metrics.push(Metric {
                key: "train_loss".into(),
                value: round(loss),
                timestamp: start + step * 20_000,
                step,
            });
        }
        let end = start + 200_000 + (rng.unit() * 100_000.0) as i64;
        for (key, value) in [
            ("accuracy", accuracy),
            ("f1", round(accuracy - 0.05 + rng.unit() * 0.02)),
            ("roc_auc", round((accuracy + 0.06).min(0.99))),
            ("log_loss", round(0.55 - accuracy * 0.4 + rng.unit() * 0.03)),
        ] {
            metrics.push(Metric {
                key: key.into(),
                value,
                timestamp: end,
                step: 0,
            });
        }
        t.log_batch(&run, &metrics, &[], &[])?;
        let status = match i {
            7 => RunStatus::Failed,
            11 => RunStatus::Killed,
            _ => RunStatus::Finished,
        };
        if status == RunStatus::Finished {
            t.log_figure(
                &run,
                Figure::Svg(demo_files::confusion_matrix_svg(accuracy)),
                "plots/confusion_matrix.svg",
            )?;
            let model_obj = demo_files::churn_model(&mut rng);
            let example = demo_files::input_example();
            t.log_model(&run, &model_obj, "model", None, Some(&example), end)?;
            if i == 0 {
                let png =
                    demo_files::roc_curve_png(accuracy + 0.06).map_err(MlflowError::invalid)?;
                t.log_figure(&run, Figure::Png(png), "plots/roc_curve.png")?;
                t.log_text(
                    &run,
                    &demo_files::predictions_csv(&mut rng),
                    "data/predictions_sample.csv",
                )?;
                t.log_dict(&run, &demo_files::training_config(model), "config.yaml")?;
                t.log_text(
                    &run,
                    "Sample run made up by Lakelab. Nothing was trained.\n",
                    "notes.txt",
                )?;
            }
        }
        t.set_terminated(&run, status, Some(end), end)?;
    }
    t.set_terminated(&parent, RunStatus::Finished, Some(start + 400_000), start)?;
    Ok(exp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracking::RunQuery;

    #[test]
    fn demo_is_deterministic_labelled_and_searchable() {
        let mut a = Tracking::default();
        let mut b = Tracking::default();
        let id = add_demo(&mut a, 9, 1_764_000_000_000, "learner").unwrap();
        add_demo(&mut b, 9, 1_764_000_000_000, "learner").unwrap();
        assert_eq!(a, b);
        assert_eq!(add_demo(&mut a, 9, 0, "learner").unwrap(), id, "added once");
        let exp = a.get_experiment(&id).unwrap();
        assert_eq!(exp.tags[DEMO_TAG], "true");
        let all = a
            .search_runs(&RunQuery {
                experiment_ids: vec![id.clone()],
                ..Default::default()
            })
            .unwrap();
        assert_eq!(all.runs.len(), 16);
        let best = a
            .search_runs(&RunQuery {
                experiment_ids: vec![id],
                filter_string: "metrics.accuracy > 0.85 and params.model != 'logistic_regression'"
                    .into(),
                order_by: vec!["metrics.accuracy DESC".into()],
                ..Default::default()
            })
            .unwrap();
        assert!(!best.runs.is_empty());
        assert!(best
            .runs
            .windows(2)
            .all(|w| w[0].data.metrics["accuracy"] >= w[1].data.metrics["accuracy"]));
        let nested = all
            .runs
            .iter()
            .filter(|r| r.data.tags.contains_key(TAG_PARENT_RUN_ID))
            .count();
        assert_eq!(nested, 6);
        assert!(a.validate().is_ok());
        // Finished runs carry a figure and a loadable model; the first also every preview kind.
        let finished: Vec<_> = all
            .runs
            .iter()
            .filter(|r| r.info.status == RunStatus::Finished && r.data.params.contains_key("model"))
            .collect();
        assert_eq!(finished.len(), 13);
        for run in &finished {
            let id = &run.info.run_id;
            assert!(a.artifact_bytes(id, "plots/confusion_matrix.svg").is_ok());
            let model = a.load_model(&format!("runs:/{id}/model")).unwrap();
            assert_eq!(
                model.predict(&demo_files::input_example()).unwrap().len(),
                3
            );
        }
        let with_files = finished
            .iter()
            .filter(|r| {
                a.artifact_bytes(&r.info.run_id, "plots/roc_curve.png")
                    .is_ok()
            })
            .count();
        assert_eq!(with_files, 1);
    }
}

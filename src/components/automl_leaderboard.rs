//! The trials of the AutoML run, best first, each linked to its MLflow run; the best trial
//! can be registered in Unity Catalog and its generated notebook opened from here.

use leptos::prelude::*;

use crate::components::app_link::AppLink;
use crate::components::register_model_form::RegisterModelForm;
use crate::state::automl_job::JobView;
use crate::state::use_app;
use lakelab_core::automl::notebook::import;

fn fmt(v: Option<&f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.4}"))
}

#[component]
pub fn AutomlLeaderboard(job: RwSignal<Option<JobView>, LocalStorage>) -> impl IntoView {
    let state = use_app();
    let notebook = RwSignal::new(None::<Result<String, String>>);
    move || {
        let summary = job.with(|j| j.as_ref().and_then(JobView::summary))?;
        if summary.trials.is_empty() {
            return None;
        }
        let key = summary.metric.val_key();
        // A forecast is cross-validated: it has no test split, hence no test_ column.
        let test_key = summary
            .forecast
            .is_none()
            .then(|| key.replacen("val_", "test_", 1));
        let about = summary.forecast.as_ref().map(|f| {
            let series = if f.identity_cols.is_empty() {
                "one series".to_string()
            } else {
                format!("one series per {}", f.identity_cols.join(", "))
            };
            format!(
                "Forecast of '{}' by '{}', {} step(s) ahead at frequency {}, {series}; metrics are averaged over expanding-window cross-validation folds.",
                summary.target_col, f.time_col, f.horizon, f.frequency,
            )
        });
        let exp = summary.experiment_id.clone();
        let best = summary.best_trial().cloned();
        let (row_exp, row_key, row_test) = (exp.clone(), key.clone(), test_key.clone());
        let rows = summary
            .trials
            .clone()
            .into_iter()
            .enumerate()
            .map(move |(i, t)| {
                let (exp, key, test_key) = (&row_exp, &row_key, &row_test);
                let to = format!("/experiments/{exp}/runs/{}", t.mlflow_run_id);
                view! {
                    <tr>
                        <td>{i + 1}</td>
                        <td>
                            <AppLink to=to>{t.run_name.clone()}</AppLink>
                        </td>
                        <td class="mono">{t.model_description.clone()}</td>
                        <td>{fmt(t.metrics.get(key))}</td>
                        {test_key.as_ref().map(|k| view! { <td>{fmt(t.metrics.get(k))}</td> })}
                        <td>{format!("{:.2} s", t.duration_minutes * 60.0)}</td>
                    </tr>
                }
            })
            .collect_view();
        let experiments = format!("/experiments?selected={exp}");
        Some(view! {
            <section class="automl-leaderboard" data-testid="automl-leaderboard">
                <h2>"Trials"</h2>
                <p class="note">
                    {format!(
                        "Experiment {}: each trial is an MLflow run, ranked by {key}. metric_distribution: {}",
                        summary.experiment_name,
                        summary.metric_distribution(),
                    )}
                </p>
                {about.map(|a| view! { <p data-testid="automl-forecast-about">{a}</p> })}
                <table>
                    <thead>
                        <tr>
                            <th>"#"</th>
                            <th>"Run"</th>
                            <th>"Model"</th>
                            <th>{key.clone()}</th>
                            {test_key.clone().map(|k| view! { <th>{k}</th> })}
                            <th>"Duration"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <AppLink to=experiments>"Open the experiment"</AppLink>
                {best
                    .map(|b| {
                        let uri = format!("runs:/{}/model", b.mlflow_run_id);
                        let artifacts = b.model_path.trim_end_matches("/model").to_string();
                        let notebook_name = format!(
                            "AutoML best trial: {} ({})",
                            summary.target_col,
                            b.run_name,
                        );
                        let open = move |_| {
                            let result = state
                                .workspace
                                .apply(|w| import(w, &artifacts, &notebook_name, true));
                            notebook
                                .set(
                                    Some(
                                        match result {
                                            Some(r) => r,
                                            None => Err("The workspace is not available.".into()),
                                        },
                                    ),
                                );
                        };
                        view! {
                            <div class="automl-best" data-testid="automl-best">
                                <h3>"Best trial"</h3>
                                <p>{b.model_description.clone()}</p>
                                <p class="mono">{uri.clone()}</p>
                                <button type="button" on:click=open>
                                    "Open generated notebook"
                                </button>
                                {move || match notebook.get() {
                                    None => ().into_any(),
                                    Some(Ok(id)) => {
                                        view! {
                                            <p role="status" data-testid="automl-notebook">
                                                "The trial's notebook is in your workspace. "
                                                <AppLink to=format!(
                                                    "/notebook?id={id}",
                                                )>"Open the notebook"</AppLink>
                                            </p>
                                        }
                                            .into_any()
                                    }
                                    Some(Err(e)) => {
                                        view! {
                                            <p role="alert" class="error">
                                                {e}
                                            </p>
                                        }
                                            .into_any()
                                    }
                                }}
                                <RegisterModelForm
                                    model_uri=uri
                                    field_id="automl-register-name".to_string()
                                />
                            </div>
                        }
                    })}
            </section>
        })
    }
}

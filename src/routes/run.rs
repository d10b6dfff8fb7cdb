//! A run's page, as MLflow's run view: header facts, parameters, metrics with their history
//! charts, editable tags, and the artifact browser with the run's logged models. Address: `/experiments/<experiment id>/runs/<run id>`.

use lakelab_core::tracking::LifecycleStage;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::app_link::AppLink;
use crate::components::artifact_browser::ArtifactBrowser;
use crate::components::metric_chart::MetricChart;
use crate::components::run_lifecycle::RunLifecycle;
use crate::components::run_tags::RunTags;
use crate::state::use_app;

fn when(ms: i64) -> String {
    let d = js_sys::Date::new(&(ms as f64).into());
    String::from(d.to_locale_string("default", &Default::default()))
}

#[component]
pub fn RunPage() -> impl IntoView {
    let state = use_app();
    let params = use_params_map();
    let run_id = move || params.with(|p| p.get("run_id").unwrap_or_default());
    // A memo: changes elsewhere in the workspace (registering this run's model) leave the page
    // as it is, so forms keep what they show.
    let run = Memo::new(move |_| {
        state
            .workspace
            .value
            .with(|w| w.tracking.get_run(&run_id()))
    });
    let run = move || run.get();
    move || match run() {
        Err(e) => view! {
            <h1>"Run not found"</h1>
            <p>{e.message}</p>
            <p>
                <AppLink to="/experiments">"Back to Experiments"</AppLink>
            </p>
        }
        .into_any(),
        Ok(run) => {
            let info = run.info.clone();
            let exp_link = format!("/experiments?experiment={}", info.experiment_id);
            let exp_name = state.workspace.value.with_untracked(|w| {
                w.tracking
                    .get_experiment(&info.experiment_id)
                    .map(|e| e.name.clone())
                    .unwrap_or_default()
            });
            let parent = run.data.tags.get("mlflow.parentRunId").cloned();
            let duration = info
                .end_time
                .map(|e| format!("{:.1} s", (e - info.start_time) as f64 / 1000.0))
                .unwrap_or_else(|| "still running".into());
            let histories: Vec<_> = state.workspace.value.with_untracked(|w| {
                run.data
                    .metrics
                    .keys()
                    .map(|k| {
                        (
                            k.clone(),
                            w.tracking
                                .get_metric_history(&info.run_id, k)
                                .unwrap_or_default(),
                        )
                    })
                    .collect()
            });
            let metric_rows = run
                .data
                .metrics
                .iter()
                .map(|(k, v)| {
                    let steps = histories
                        .iter()
                        .find(|(key, _)| key == k)
                        .map_or(0, |(_, h)| h.len());
                    view! {
                        <tr>
                            <th scope="row">{k.clone()}</th>
                            <td>{v.to_string()}</td>
                            <td>{steps}</td>
                        </tr>
                    }
                })
                .collect_view();
            let param_rows = run
                .data
                .params
                .iter()
                .map(|(k, v)| {
                    view! {
                        <tr>
                            <th scope="row">{k.clone()}</th>
                            <td>{v.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            let charts = histories
                .into_iter()
                .filter(|(_, h)| h.len() > 1)
                .map(|(k, h)| view! { <MetricChart key=k history=h /> })
                .collect_view();
            view! {
                <h1>{info.run_name.clone()}</h1>
                <p>
                    <AppLink to=exp_link>{format!("← {exp_name}")}</AppLink>
                </p>
                <dl class="facts run-facts">
                    <dt>"Run ID"</dt>
                    <dd data-testid="run-id">{info.run_id.clone()}</dd>
                    <dt>"Status"</dt>
                    <dd>{info.status.as_str()}</dd>
                    <dt>"Created"</dt>
                    <dd>{when(info.start_time)}</dd>
                    <dt>"Duration"</dt>
                    <dd>{duration}</dd>
                    <dt>"User"</dt>
                    <dd>{info.user_id.clone()}</dd>
                    <dt>"Lifecycle stage"</dt>
                    <dd>
                        {if info.lifecycle_stage == LifecycleStage::Active {
                            "active"
                        } else {
                            "deleted"
                        }}
                    </dd>
                    <dt>"Artifact URI"</dt>
                    <dd>{info.artifact_uri.clone()}</dd>
                    {parent
                        .map(|p| {
                            let href = format!("/experiments/{}/runs/{p}", info.experiment_id);
                            view! {
                                <dt>"Parent run"</dt>
                                <dd>
                                    <AppLink to=href>{p}</AppLink>
                                </dd>
                            }
                        })}
                </dl>
                <section aria-labelledby="params-title">
                    <h2 id="params-title">"Parameters"</h2>
                    <table class="kv">
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Value"</th>
                            </tr>
                        </thead>
                        <tbody>{param_rows}</tbody>
                    </table>
                </section>
                <section aria-labelledby="metrics-title">
                    <h2 id="metrics-title">"Metrics"</h2>
                    <table class="kv">
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Value (latest)"</th>
                                <th scope="col">"Points"</th>
                            </tr>
                        </thead>
                        <tbody>{metric_rows}</tbody>
                    </table>
                    {charts}
                </section>
                <RunLifecycle run_id=info.run_id.clone() stage=info.lifecycle_stage />
                <RunTags run_id=info.run_id.clone() />
                <ArtifactBrowser run_id=info.run_id.clone() />
            }
            .into_any()
        }
    }
}

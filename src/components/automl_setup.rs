//! The AutoML form: a dataset (bundled, a feature table, or an uploaded CSV), the target, the problem type,
//! the primary metric and the time budget. Start trains classification and regression in a Web
//! Worker (the page stays responsive and shows each trial as it finishes); a forecast runs on
//! the page (see `state::automl_forecast`).

use lakelab_core::automl::forecast::ForecastParams;
use lakelab_core::automl::params::Metric;
use lakelab_core::automl::sources::{from_upload, load, sources, MAX_UPLOAD_BYTES};
use lakelab_core::automl::JobSpec;
use lakelab_core::ml::estimator::Task;
use lakelab_core::ml::explore::{summarize, Summary};
use lakelab_core::table::{encode, DType, Table};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::components::automl_explore::AutomlExplore;
use crate::components::automl_forecast_fields::{AutomlForecastFields, ForecastFields};
use crate::platform::automl_worker::AutomlWorker;
use crate::platform::clock::now_ms;
use crate::state::automl_forecast::run_forecast;
use crate::state::automl_job::{on_event, JobView};
use crate::state::use_app;

/// The problem type select's value: `classification`, `regression` or `forecast`.
const FORECAST: &str = "forecast";

fn task_of(v: &str) -> Task {
    if v == "regression" {
        Task::Regression
    } else {
        Task::Classification
    }
}

fn default_metric(problem: &str) -> &'static str {
    if problem == FORECAST {
        "smape"
    } else {
        Metric::default_for(task_of(problem)).name()
    }
}

/// The first date or timestamp column, else the first column: the time column to offer.
fn time_column(table: &Table) -> String {
    let names = table.names();
    (0..table.num_columns())
        .find(|&i| matches!(table.column_at(i).dtype(), DType::Date | DType::Timestamp))
        .and_then(|i| names.get(i))
        .or(names.first())
        .cloned()
        .unwrap_or_default()
}

#[component]
pub fn AutomlSetup(
    job: RwSignal<Option<JobView>, LocalStorage>,
    worker: StoredValue<Option<AutomlWorker>, LocalStorage>,
) -> impl IntoView {
    let state = use_app();
    let source = RwSignal::new(String::new());
    let loaded = StoredValue::new_local(None::<(Table, String)>);
    let columns = RwSignal::new(Vec::<String>::new());
    let target = RwSignal::new(String::new());
    let task = RwSignal::new("classification".to_string());
    let metric = RwSignal::new("f1".to_string());
    let timeout = RwSignal::new("0.5".to_string());
    let message = RwSignal::new(None::<String>);
    let explore = RwSignal::new_local(None::<Summary>);
    let fields = ForecastFields::default();
    let options = Memo::new(move |_| state.workspace.value.with(|w| sources(&w.unity)));
    let clear = move || {
        message.set(None);
        columns.set(Vec::new());
        explore.set(None);
        loaded.set_value(None);
    };
    // A loaded table: its columns, the suggested (or last) target, and its profile.
    let use_table = move |result: Result<(Table, String), String>, id: &str| match result {
        Ok((table, name)) => {
            columns.set(table.names().to_vec());
            let source = options.with_untracked(|o| o.iter().find(|s| s.id == id).cloned());
            let (suggested, series) = source
                .map(|s| (s.suggested, s.time_series))
                .unwrap_or_default();
            fields.time_col.set(time_column(&table));
            fields.identity_col.set(String::new());
            if let Some((t, col)) = suggested {
                let kind = match t {
                    Task::Classification => "classification",
                    Task::Regression => "regression",
                };
                task.set(kind.into());
                target.set(col);
            } else {
                target.set(table.names().last().cloned().unwrap_or_default());
            }
            if let Some(hint) = series {
                task.set(FORECAST.into());
                fields.time_col.set(hint.time_col);
                fields
                    .identity_col
                    .set(hint.identity_col.unwrap_or_default());
                fields.frequency.set(hint.frequency);
                fields.horizon.set(hint.horizon.to_string());
            }
            metric.set(default_metric(&task.get_untracked()).into());
            let target_col = target.get_untracked();
            explore.set(Some(summarize(&table, Some(&target_col))));
            loaded.set_value(Some((table, name)));
        }
        Err(e) => message.set(Some(e)),
    };
    let pick = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        source.set(id.clone());
        clear();
        if id.is_empty() || id == "upload" {
            return;
        }
        let mounted = state.datasets.get_value();
        let result = state
            .workspace
            .value
            .with_untracked(|w| load(&id, &mounted, &w.unity));
        use_table(result, &id);
    };
    let upload = move |ev: leptos::ev::Event| {
        let Some(file) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|f| f.get(0))
        else {
            return;
        };
        clear();
        leptos::task::spawn_local(async move {
            let label = file.name();
            if file.size() > MAX_UPLOAD_BYTES as f64 {
                message.set(Some(format!(
                    "{label} is larger than 20 MB, too large for AutoML in a browser tab"
                )));
                return;
            }
            match JsFuture::from(file.text()).await {
                Ok(t) => use_table(
                    from_upload(&label, &t.as_string().unwrap_or_default()),
                    "upload",
                ),
                Err(_) => message.set(Some(format!("{label} could not be read"))),
            }
        });
    };
    let set_task = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        metric.set(default_metric(&v).into());
        task.set(v);
    };
    let running = move || job.with(|j| j.as_ref().is_some_and(JobView::running));
    let start = move |_| {
        let Some((table, dataset)) = loaded.get_value() else {
            message.set(Some("Choose a dataset first.".into()));
            return;
        };
        let minutes = match timeout.get_untracked().trim().parse::<f64>() {
            Ok(m) if m > 0.0 && m.is_finite() => m,
            _ => {
                message.set(Some(
                    "The timeout is a positive number of minutes, e.g. 0.5.".into(),
                ));
                return;
            }
        };
        if task.get_untracked() == FORECAST {
            let horizon = match fields.horizon.get_untracked().trim().parse::<i64>() {
                Ok(h) if h >= 1 => h,
                _ => {
                    message.set(Some(
                        "The horizon is a whole number of time steps, at least 1.".into(),
                    ));
                    return;
                }
            };
            let mut params =
                ForecastParams::new(&target.get_untracked(), &fields.time_col.get_untracked());
            params.primary_metric = Some(metric.get_untracked());
            params.frequency = Some(fields.frequency.get_untracked());
            params.horizon = Some(horizon);
            params.timeout_minutes = Some(minutes);
            let identity = fields.identity_col.get_untracked();
            if !identity.is_empty() {
                params.identity_cols = vec![identity];
            }
            message.set(None);
            run_forecast(state, job, &table, dataset, params);
            return;
        }
        let spec = JobSpec {
            task: task_of(&task.get_untracked()),
            target_col: target.get_untracked(),
            primary_metric: Some(metric.get_untracked()),
            timeout_minutes: Some(minutes),
            exclude_cols: Vec::new(),
            seed: now_ms() as u64,
            max_trials: None,
        };
        let spec_json = match serde_json::to_string(&spec) {
            Ok(s) => s,
            Err(e) => {
                message.set(Some(e.to_string()));
                return;
            }
        };
        message.set(None);
        job.set(Some(JobView::new(spec, dataset)));
        let spawned = AutomlWorker::spawn(spec_json, encode::encode(&table), move |event| {
            on_event(state, job, worker, event)
        });
        match spawned {
            Ok(w) => worker.set_value(Some(w)),
            Err(e) => job.update(|j| {
                if let Some(j) = j.as_mut() {
                    j.error = Some(e);
                }
            }),
        }
    };
    let metric_names = move || match task.get().as_str() {
        FORECAST => Metric::FORECAST.to_vec(),
        "regression" => Metric::REGRESSION.to_vec(),
        _ => Metric::CLASSIFICATION.to_vec(),
    };
    view! {
        <section class="automl-setup" data-testid="automl-setup">
            <h2>"Configure"</h2>
            <p class="note">
                "As automl.classify(df, target_col=..., primary_metric=..., timeout_minutes=...), automl.regress(...) or automl.forecast(df, target_col=..., time_col=..., frequency=..., horizon=...). Lakelab accepts fractions of a minute; Databricks' minimum is 5."
            </p>
            <label for="automl-source">"Dataset"</label>
            <select id="automl-source" on:change=pick prop:value=move || source.get()>
                <option value="">"Choose..."</option>
                <option value="upload">"Upload a CSV file..."</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|s| view! { <option value=s.id.clone()>{s.label.clone()}</option> })
                        .collect_view()
                }}
            </select>
            <Show when=move || source.with(|s| s == "upload")>
                <label for="automl-upload">"CSV file (header row; types are inferred)"</label>
                <input id="automl-upload" type="file" accept=".csv,text/csv" on:change=upload />
            </Show>
            <Show when=move || columns.with(|c| !c.is_empty())>
                <label for="automl-target">"Target column (target_col)"</label>
                <select
                    id="automl-target"
                    prop:value=move || target.get()
                    on:change=move |ev| target.set(event_target_value(&ev))
                >
                    {move || {
                        columns
                            .get()
                            .into_iter()
                            .map(|c| {
                                let v = c.clone();
                                view! { <option value=v>{c}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <label for="automl-task">"Problem type"</label>
                <select id="automl-task" prop:value=move || task.get() on:change=set_task>
                    <option value="classification">"Classification (automl.classify)"</option>
                    <option value="regression">"Regression (automl.regress)"</option>
                    <option value="forecast">"Forecasting (automl.forecast)"</option>
                </select>
                <Show when=move || task.with(|t| t == FORECAST)>
                    <AutomlForecastFields fields=fields columns=columns />
                </Show>
                <label for="automl-metric">"Primary metric (primary_metric)"</label>
                <select
                    id="automl-metric"
                    prop:value=move || metric.get()
                    on:change=move |ev| metric.set(event_target_value(&ev))
                >
                    {move || {
                        metric_names()
                            .into_iter()
                            .map(|m| view! { <option value=m>{m}</option> })
                            .collect_view()
                    }}
                </select>
                <label for="automl-timeout">"Timeout in minutes (timeout_minutes)"</label>
                <input
                    id="automl-timeout"
                    type="number"
                    min="0.05"
                    step="0.05"
                    prop:value=move || timeout.get()
                    on:input=move |ev| timeout.set(event_target_value(&ev))
                />
                <button type="button" on:click=start disabled=running>
                    "Start AutoML"
                </button>
            </Show>
            <AutomlExplore summary=explore />
            {move || {
                message
                    .get()
                    .map(|m| {
                        view! {
                            <p role="alert" class="error">
                                {m}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

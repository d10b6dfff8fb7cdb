//! Creates a feature table from CSV: a bundled dataset or a file the learner uploads. The
//! learner names the table, picks the primary keys (and a timeseries key) from the header,
//! and the feature store's own rules answer (missing keys, duplicate or null keys, a table
//! that exists), as `fe.create_table(...)` would.

use lakelab_core::datasets::{mount_path, DATASETS};
use lakelab_core::features::browse::{create_from_csv, csv_columns};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::components::app_link::AppLink;
use crate::platform::clock::now_ms;
use crate::state::use_app;

/// Largest CSV upload (the workspace keeps the table's data).
const MAX_UPLOAD: f64 = 20.0 * 1024.0 * 1024.0;

/// `main.default.<file stem>` with characters a table name cannot hold replaced.
fn default_name(file: &str) -> String {
    let stem = file
        .rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".csv")
        .to_lowercase();
    let clean: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("main.default.{clean}")
}

#[component]
pub fn FeatureTableCreate() -> impl IntoView {
    let state = use_app();
    let source = RwSignal::new(String::new());
    let csv = RwSignal::new_local(None::<(String, String)>);
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let keys = RwSignal::new(Vec::<String>::new());
    let timeseries = RwSignal::new(String::new());
    let message = RwSignal::new(None::<Result<String, String>>);
    let columns = Memo::new(move |_| {
        csv.with(|c| match c {
            Some((_, text)) => csv_columns(text).map_err(|e| e.message()),
            None => Ok(Vec::new()),
        })
    });
    let set_text = move |label: String, text: String| {
        name.set(default_name(&label));
        keys.set(Vec::new());
        timeseries.set(String::new());
        message.set(None);
        csv.set(Some((label, text)));
    };
    let pick = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        source.set(v.clone());
        csv.set(None);
        if let Some(file) = v.strip_prefix("dataset:") {
            let bytes = state
                .datasets
                .with_value(|m| m.get(&mount_path(file)).cloned());
            match bytes {
                Some(b) => set_text(file.to_string(), String::from_utf8_lossy(&b).into_owned()),
                None => message.set(Some(Err(
                    "The bundled datasets have not loaded (yet): reload the page, or upload a CSV."
                        .into(),
                ))),
            }
        }
    };
    let upload = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let label = file.name();
            if file.size() > MAX_UPLOAD {
                message.set(Some(Err(format!(
                    "{label} is larger than 20 MB, too large for a browser workspace"
                ))));
                return;
            }
            match JsFuture::from(file.text()).await {
                Ok(t) => set_text(label, t.as_string().unwrap_or_default()),
                Err(_) => message.set(Some(Err(format!("{label} could not be read")))),
            }
        });
    };
    let toggle_key = move |col: String, on: bool| {
        keys.update(|k| {
            k.retain(|c| c != &col);
            if on {
                k.push(col);
            }
        });
    };
    let create = move |_| {
        let Some((label, text)) = csv.get_untracked() else {
            message.set(Some(Err("Choose a dataset or upload a CSV first.".into())));
            return;
        };
        let table = name.get_untracked().trim().to_string();
        let mut pks = keys.get_untracked();
        let ts = timeseries.get_untracked();
        let ts = (!ts.is_empty()).then_some(ts);
        if let Some(t) = &ts {
            if !pks.contains(t) {
                pks.push(t.clone());
            }
        }
        let desc = description.get_untracked();
        let result = state.workspace.apply(|w| {
            create_from_csv(
                &mut w.unity,
                &table,
                &text,
                pks,
                ts,
                &desc,
                "Feature Store page",
                now_ms(),
            )
        });
        message.set(Some(match result {
            Some(Ok(_)) => Ok(format!("Created {table} from {label}.")),
            Some(Err(e)) => Err(e.message()),
            None => Err("The workspace is not available.".into()),
        }));
    };
    let has_columns = move || columns.with(|c| c.as_ref().is_ok_and(|c| !c.is_empty()));
    let is_upload = move || source.with(|s| s == "upload");
    view! {
        <section class="feature-create" data-testid="feature-create">
            <h2>"Create a feature table from CSV"</h2>
            <p class="note">
                "As fe.create_table(name=..., primary_keys=[...], df=spark.read.csv(path, header=True, inferSchema=True)): the header names the columns and types are inferred."
            </p>
            <label for="feature-source">"Data"</label>
            <select id="feature-source" on:change=pick prop:value=move || source.get()>
                <option value="">"Choose..."</option>
                {DATASETS
                    .iter()
                    .map(|d| {
                        view! {
                            <option value=format!(
                                "dataset:{}",
                                d.file,
                            )>{format!("{} ({} rows): {}", d.file, d.rows, d.about)}</option>
                        }
                    })
                    .collect_view()}
                <option value="upload">"Upload a CSV file..."</option>
            </select>
            <Show when=is_upload>
                <label for="feature-upload">"CSV file"</label>
                <input id="feature-upload" type="file" accept=".csv,text/csv" on:change=upload />
            </Show>
            <Show when=has_columns>
                <label for="feature-name">"Table name (catalog.schema.table)"</label>
                <input
                    id="feature-name"
                    type="text"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <fieldset>
                    <legend>"Primary keys"</legend>
                    {move || {
                        columns
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|c| {
                                let col = c.clone();
                                let checked = c.clone();
                                view! {
                                    <label class="inline">
                                        <input
                                            type="checkbox"
                                            name="feature-key"
                                            value=c.clone()
                                            prop:checked=move || { keys.with(|k| k.contains(&checked)) }
                                            on:change=move |ev| toggle_key(
                                                col.clone(),
                                                event_target_checked(&ev),
                                            )
                                        />
                                        {c}
                                    </label>
                                }
                            })
                            .collect_view()
                    }}
                </fieldset>
                <label for="feature-ts">"Timeseries key (optional)"</label>
                <select
                    id="feature-ts"
                    prop:value=move || timeseries.get()
                    on:change=move |ev| timeseries.set(event_target_value(&ev))
                >
                    <option value="">"None"</option>
                    {move || {
                        columns
                            .get()
                            .unwrap_or_default()
                            .into_iter()
                            .map(|c| {
                                let v = c.clone();
                                view! { <option value=v>{c}</option> }
                            })
                            .collect_view()
                    }}
                </select>
                <label for="feature-description">"Description"</label>
                <input
                    id="feature-description"
                    type="text"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))
                />
                <button type="button" on:click=create>
                    "Create feature table"
                </button>
            </Show>
            {move || {
                columns
                    .get()
                    .err()
                    .map(|e| {
                        view! {
                            <p role="alert" class="error">
                                {e}
                            </p>
                        }
                    })
            }}
            {move || match message.get() {
                Some(Ok(m)) => {
                    let href = format!("/feature-store/tables/{}", name.get_untracked().trim());
                    view! {
                        <p role="status" data-testid="feature-create-result">
                            {m}
                            " "
                            <AppLink to=href>"Open the table"</AppLink>
                        </p>
                    }
                        .into_any()
                }
                Some(Err(m)) => {
                    view! {
                        <p role="alert" class="error" data-testid="feature-create-error">
                            {m}
                        </p>
                    }
                        .into_any()
                }
                None => ().into_any(),
            }}
        </section>
    }
}

//! A training-set preview for a lookup spec: labels from a bundled dataset, joined with this
//! table by `FeatureLookup(table_name=..., lookup_key=..., timestamp_lookup_key=...)` as
//! `fe.create_training_set(...).load_df()` would, first rows shown. Nothing is saved.

use lakelab_core::datasets::{mount_path, DATASETS};
use lakelab_core::features::browse::rows_text;
use lakelab_core::features::lookup::FeatureLookup;
use lakelab_core::features::training::{create_training_set, load, Join};
use lakelab_core::features::Flavor;
use lakelab_core::table::csv::{parse, CsvOptions};
use leptos::prelude::*;

use crate::components::table_output::TableOutput;
use crate::state::use_app;

const PREVIEW: usize = 20;

#[component]
pub fn TrainingSetPreview(name: String) -> impl IntoView {
    let state = use_app();
    let table = StoredValue::new(name);
    let labels_file = RwSignal::new(String::new());
    let lookup_key = RwSignal::new(String::new());
    let ts_key = RwSignal::new(String::new());
    let label = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<(Vec<String>, Vec<Vec<String>>, usize), String>>);
    let labels_df = Memo::new(move |_| {
        let file = labels_file.get();
        if file.is_empty() {
            return None;
        }
        let bytes = state
            .datasets
            .with_value(|m| m.get(&mount_path(&file)).cloned())?;
        let options = CsvOptions {
            header: true,
            infer: true,
            dates: true,
            ..CsvOptions::default()
        };
        parse(&String::from_utf8_lossy(&bytes), &options).ok()
    });
    let columns =
        move || labels_df.with(|t| t.as_ref().map(|t| t.names().to_vec()).unwrap_or_default());
    let preview = move |_| {
        let Some(df) = labels_df.get_untracked() else {
            result.set(Some(Err("Choose a labels dataset first.".into())));
            return;
        };
        let key = lookup_key.get_untracked();
        let ts = ts_key.get_untracked();
        let lab = label.get_untracked();
        let lookup = FeatureLookup::new(
            table.get_value(),
            vec![key],
            None,
            Default::default(),
            (!ts.is_empty()).then_some(ts),
            None,
            Default::default(),
        );
        let labels: Vec<String> = if lab.is_empty() {
            Vec::new()
        } else {
            vec![lab]
        };
        let mut out = Err(String::new());
        // The join builds indexes cached on the table (not saved): no save is scheduled.
        state.workspace.value.update_untracked(|w| {
            out = lookup
                .and_then(|l| {
                    let (spec, _) =
                        create_training_set(Flavor::Uc, &w.unity, &df, &[l], &labels, &[])?;
                    load(&mut w.unity, &df, &spec, Join::Training)
                })
                .map(|t| (t.names().to_vec(), rows_text(&t, 0, PREVIEW), t.num_rows()))
                .map_err(|e| e.message());
        });
        result.set(Some(out));
    };
    let options = move || {
        columns()
            .into_iter()
            .map(|c| {
                let v = c.clone();
                view! { <option value=v>{c}</option> }
            })
            .collect_view()
    };
    view! {
        <section data-testid="training-preview">
            <h2>"Training-set preview"</h2>
            <p class="note">
                "fe.create_training_set(df=labels, feature_lookups=[FeatureLookup(table_name=this table, lookup_key=..., timestamp_lookup_key=...)], label=...).load_df(): a left join (point-in-time for a time-series table). The same rules apply: a label or DataFrame column named like a feature is refused."
            </p>
            <div class="inline-form">
                <label for="preview-labels">"Labels (bundled dataset)"</label>
                <select
                    id="preview-labels"
                    prop:value=move || labels_file.get()
                    on:change=move |ev| labels_file.set(event_target_value(&ev))
                >
                    <option value="">"Choose..."</option>
                    {DATASETS
                        .iter()
                        .map(|d| view! { <option value=d.file>{d.file}</option> })
                        .collect_view()}
                </select>
                <label for="preview-key">"lookup_key"</label>
                <select
                    id="preview-key"
                    prop:value=move || lookup_key.get()
                    on:change=move |ev| lookup_key.set(event_target_value(&ev))
                >
                    <option value="">"Choose..."</option>
                    {options}
                </select>
                <label for="preview-ts">"timestamp_lookup_key"</label>
                <select
                    id="preview-ts"
                    prop:value=move || ts_key.get()
                    on:change=move |ev| ts_key.set(event_target_value(&ev))
                >
                    <option value="">"None"</option>
                    {options}
                </select>
                <label for="preview-label">"label"</label>
                <select
                    id="preview-label"
                    prop:value=move || label.get()
                    on:change=move |ev| label.set(event_target_value(&ev))
                >
                    <option value="">"None"</option>
                    {options}
                </select>
                <button type="button" on:click=preview>
                    "Preview"
                </button>
            </div>
            {move || match result.get() {
                Some(Ok((columns, rows, total))) => {
                    view! { <TableOutput columns=columns rows=rows total_rows=total /> }.into_any()
                }
                Some(Err(m)) => {
                    view! {
                        <p role="alert" class="error" data-testid="preview-error">
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

//! One feature table, as the Feature Store and Catalog Explorer show it: description and keys,
//! the schema with key markers, sample rows, the version history, tags, who wrote and who
//! reads it, its online copies, and a training-set preview. Address:
//! `/feature-store/tables/<catalog.schema.table>`.

use lakelab_core::features::browse::{consumers, rows_text};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::acting_as::ActingAs;
use crate::components::app_link::AppLink;
use crate::components::feature_history::FeatureHistory;
use crate::components::feature_schema::FeatureSchema;
use crate::components::feature_tags::FeatureTags;
use crate::components::online_status::OnlineStatusPanel;
use crate::components::table_output::TableOutput;
use crate::components::training_set_preview::TrainingSetPreview;
use crate::state::use_app;

/// Rows of the sample (paged 50 at a time).
const SAMPLE: usize = 500;

#[component]
pub fn FeatureTablePage() -> impl IntoView {
    let state = use_app();
    let params = use_params_map();
    let name = Memo::new(move |_| params.with(|p| p.get("name").unwrap_or_default()));
    // What the header shows; the parts below follow the workspace themselves.
    let facts = Memo::new(move |_| {
        let n = name.get();
        state.workspace.value.with(|w| {
            w.unity.tables.get(&n.to_lowercase()).map(|t| {
                (
                    t.full_name.clone(),
                    t.comment.clone(),
                    t.version(),
                    t.current().num_rows(),
                    t.producers.join(", "),
                    t.online_source.as_ref().map(|o| o.source_table.clone()),
                )
            })
        })
    });
    let sample = Memo::new(move |_| {
        let n = name.get().to_lowercase();
        state.workspace.value.with(|w| {
            let denied = w
                .unity
                .table_name(&n)
                .and_then(|full| {
                    w.unity
                        .require_table(&full, lakelab_core::catalog::privileges::Privilege::Select)
                })
                .err()
                .map(|e| e.message);
            let t = w.unity.tables.get(&n)?.current();
            Some((
                t.names().to_vec(),
                rows_text(&t, 0, SAMPLE),
                t.num_rows(),
                denied,
            ))
        })
    });
    let readers = Memo::new(move |_| {
        let n = name.get().to_lowercase();
        state.workspace.value.with(|w| consumers(&w.unity, &n))
    });
    view! {
        <p>
            <AppLink to="/feature-store">"Feature Store"</AppLink>
        </p>
        <ActingAs />
        {move || match facts.get() {
            None => {
                view! {
                    <h1>{name.get()}</h1>
                    <p role="alert" class="error" data-testid="feature-table-missing">
                        {format!("The feature data table for '{}' could not be found.", name.get())}
                    </p>
                }
                    .into_any()
            }
            Some((full, comment, version, rows, producers, source)) => {
                let kind = match &source {
                    Some(src) => {
                        format!("Online table of {src}: read by serving, not a feature table")
                    }
                    None => "Feature table (a Delta table with a primary key)".to_string(),
                };
                view! {
                    <h1 data-testid="feature-table-name">{full.clone()}</h1>
                    <p class="lead">{if comment.is_empty() { kind.clone() } else { comment }}</p>
                    <p class="note">
                        {kind} {format!(" · version {version} · {rows} rows")}
                        {(!producers.is_empty()).then(|| format!(" · written by {producers}"))}
                        " · permissions: " <AppLink to="/catalog">"Catalog Explorer"</AppLink>
                        " (GRANT SELECT / MODIFY ON TABLE with spark.sql)"
                    </p>
                    <FeatureSchema name=full.clone() />
                    <section>
                        <h2>"Sample rows"</h2>
                        {move || {
                            sample
                                .get()
                                .map(|(columns, rows, total, denied)| match denied {
                                    Some(m) => {
                                        view! {
                                            <p role="alert" class="error">
                                                {m}
                                            </p>
                                        }
                                            .into_any()
                                    }
                                    None => {
                                        view! {
                                            <TableOutput columns=columns rows=rows total_rows=total />
                                        }
                                            .into_any()
                                    }
                                })
                        }}
                    </section>
                    <FeatureHistory name=full.clone() />
                    <FeatureTags name=full.clone() />
                    <section>
                        <h2>"Consumers"</h2>
                        <p class="note">
                            "Runs and model versions downstream of this table (fe.log_model with a training set records table → run; registration adds run → model version)."
                        </p>
                        <ul data-testid="feature-consumers">
                            {move || {
                                readers
                                    .get()
                                    .into_iter()
                                    .map(|r| view! { <li>{r}</li> })
                                    .collect_view()
                            }}
                        </ul>
                        <Show when=move || readers.with(Vec::is_empty)>
                            <p class="note">"None yet."</p>
                        </Show>
                    </section>
                    {source.is_none().then(|| view! { <OnlineStatusPanel name=full.clone() /> })}
                    {source.is_none().then(|| view! { <TrainingSetPreview name=full.clone() /> })}
                }
                    .into_any()
            }
        }}
    }
}

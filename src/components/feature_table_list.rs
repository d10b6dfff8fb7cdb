//! The feature tables of the workspace matching a search, with their keys, size, version,
//! tags and online copies; online tables are marked as such.

use lakelab_core::features::browse::feature_tables;
use leptos::prelude::*;

use crate::components::app_link::AppLink;
use crate::state::use_app;

#[component]
pub fn FeatureTableList(filter: RwSignal<String>) -> impl IntoView {
    let state = use_app();
    let tables = Memo::new(move |_| {
        let q = filter.get();
        state.workspace.value.with(|w| feature_tables(&w.unity, &q))
    });
    view! {
        <div class="table-scroll">
            <table data-testid="feature-tables">
                <thead>
                    <tr>
                        <th scope="col">"Table"</th>
                        <th scope="col">"Keys"</th>
                        <th scope="col">"Rows"</th>
                        <th scope="col">"Version"</th>
                        <th scope="col">"Tags"</th>
                        <th scope="col">"Online"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        tables
                            .get()
                            .into_iter()
                            .map(|t| {
                                let mut keys = t.primary_keys.join(", ");
                                if let Some(ts) = &t.timeseries_column {
                                    keys.push_str(&format!(" (timeseries: {ts})"));
                                }
                                let tags = t
                                    .tags
                                    .iter()
                                    .map(|(k, v)| format!("{k}={v}"))
                                    .collect::<Vec<_>>()
                                    .join(", ");
                                let online = match &t.online_source {
                                    Some(src) => format!("online table of {src}"),
                                    None => t.online_tables.join(", "),
                                };
                                let href = format!("/feature-store/tables/{}", t.name);
                                view! {
                                    <tr>
                                        <td>
                                            <AppLink to=href>{t.name.clone()}</AppLink>
                                        </td>
                                        <td>{keys}</td>
                                        <td>{t.rows}</td>
                                        <td>{t.version}</td>
                                        <td>{tags}</td>
                                        <td>{online}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
        <Show when=move || tables.with(Vec::is_empty)>
            <p class="note" data-testid="no-feature-tables">
                {move || {
                    if filter.with(String::is_empty) {
                        "No feature tables yet: create one below or with fe.create_table(...) in a notebook."
                    } else {
                        "No feature table matches the search."
                    }
                }}
            </p>
        </Show>
    }
}

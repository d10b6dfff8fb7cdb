//! A feature table's columns: type, key marker (primary key / timeseries key) and nulls.

use lakelab_core::features::browse::schema;
use leptos::prelude::*;

use crate::state::use_app;

#[component]
pub fn FeatureSchema(name: String) -> impl IntoView {
    let state = use_app();
    let key = name.to_lowercase();
    let columns = Memo::new(move |_| {
        state
            .workspace
            .value
            .with(|w| w.unity.tables.get(&key).map(schema).unwrap_or_default())
    });
    view! {
        <section>
            <h2>"Schema"</h2>
            <table data-testid="feature-schema">
                <thead>
                    <tr>
                        <th scope="col">"Column"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Key"</th>
                        <th scope="col">"Nulls"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        columns
                            .get()
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <tr>
                                        <td>
                                            <code>{c.name}</code>
                                        </td>
                                        <td>{c.data_type}</td>
                                        <td>
                                            {(!c.key.is_empty())
                                                .then(|| view! { <span class="badge">{c.key}</span> })}
                                        </td>
                                        <td>{c.nulls}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </section>
    }
}

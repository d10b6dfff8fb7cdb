//! `DESCRIBE HISTORY` of a table: each version's time, user, operation, row count and its
//! change, Delta's metrics, and whether time travel can still read it.

use lakelab_core::features::browse::history;
use leptos::prelude::*;

use crate::state::use_app;

#[component]
pub fn FeatureHistory(name: String) -> impl IntoView {
    let state = use_app();
    let key = name.to_lowercase();
    let rows = Memo::new(move |_| {
        state
            .workspace
            .value
            .with(|w| w.unity.tables.get(&key).map(history).unwrap_or_default())
    });
    view! {
        <section>
            <h2>"History"</h2>
            <p class="note">
                "Every write is a new version (spark.read.option(\"versionAsOf\", n) in Databricks). Lakelab keeps the data of the latest versions; older ones stay listed but can no longer be read."
            </p>
            <div class="table-scroll">
                <table data-testid="feature-history">
                    <thead>
                        <tr>
                            <th scope="col">"Version"</th>
                            <th scope="col">"Time (UTC)"</th>
                            <th scope="col">"User"</th>
                            <th scope="col">"Operation"</th>
                            <th scope="col">"Rows"</th>
                            <th scope="col">"Change"</th>
                            <th scope="col">"Metrics"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            rows.get()
                                .into_iter()
                                .map(|r| {
                                    let change = r
                                        .change
                                        .map(|c| {
                                            if c > 0 { format!("+{c}") } else { c.to_string() }
                                        })
                                        .unwrap_or_default();
                                    let version = if r.readable {
                                        r.version.to_string()
                                    } else {
                                        format!("{} (data removed)", r.version)
                                    };
                                    view! {
                                        <tr>
                                            <td>{version}</td>
                                            <td>{r.time}</td>
                                            <td>{r.user}</td>
                                            <td>{r.operation}</td>
                                            <td>{r.rows.map(|n| n.to_string()).unwrap_or_default()}</td>
                                            <td>{change}</td>
                                            <td class="note">{r.metrics}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

//! Offline and online side by side: the table's online copies (store, mode, synced version
//! and how many versions behind), publishing to an online store, and lookup latency measured
//! live in this tab (an indexed point lookup online, a scan of the Delta table offline).

use lakelab_core::catalog::sql::execute;
use lakelab_core::features::browse::online_status;
use lakelab_core::features::online::{self, Publish, CAPACITIES, PUBLISH_MODES};
use lakelab_core::table::{Column, Table};
use leptos::prelude::*;

use crate::components::app_link::AppLink;
use crate::platform::clock::now_ms;
use crate::state::use_app;

/// Keys probed per measurement.
const PROBES: usize = 1000;
/// Keys looked up by scanning (a scan reads every row, so fewer).
const SCANS: usize = 20;

fn performance_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

#[component]
pub fn OnlineStatusPanel(name: String) -> impl IntoView {
    let state = use_app();
    let lower = name.to_lowercase();
    let table = StoredValue::new(name.clone());
    let store = RwSignal::new(String::from("lakelab-online"));
    let online_name = RwSignal::new(format!("{name}_online"));
    let mode = RwSignal::new(String::from("TRIGGERED"));
    let message = RwSignal::new(None::<Result<String, String>>);
    let latency = RwSignal::new(None::<Result<String, String>>);
    let lower_for_status = lower.clone();
    let rows = Memo::new(move |_| {
        state.workspace.value.with(|w| {
            w.unity
                .tables
                .get(&lower_for_status)
                .map(|t| online_status(&w.unity, t))
                .unwrap_or_default()
        })
    });
    let cdf = Memo::new(move |_| {
        state.workspace.value.with(|w| {
            w.unity
                .tables
                .get(&lower)
                .is_some_and(|t| t.change_data_feed())
        })
    });
    let enable_cdf = move |_| {
        let sql = format!(
            "ALTER TABLE {} SET TBLPROPERTIES (delta.enableChangeDataFeed = true)",
            table.get_value()
        );
        let result = state
            .workspace
            .apply(|w| execute(&mut w.unity, &sql, now_ms()));
        message.set(Some(match result {
            Some(Ok(_)) => Ok(format!("Ran: {sql}")),
            Some(Err(e)) => Err(e.message),
            None => Err("The workspace is not available.".into()),
        }));
    };
    let publish = move |_| {
        let store_name = store.get_untracked().trim().to_string();
        let p = Publish {
            online_store: store_name.clone(),
            source_table_name: Some(table.get_value()),
            online_table_name: Some(online_name.get_untracked().trim().to_string()),
            publish_mode: Some(mode.get_untracked()),
            ..Publish::default()
        };
        let result = state.workspace.apply(|w| {
            let now = now_ms();
            if online::get_online_store(&w.unity, &store_name).is_none() {
                online::create_online_store(&mut w.unity, &store_name, CAPACITIES[0], 0, now)?;
            }
            online::publish_table(&mut w.unity, p, now)
        });
        message.set(Some(match result {
            Some(Ok((t, _))) => Ok(format!(
                "Published {} rows to {} (source version {}).",
                t.rows, t.online_table_name, t.synced_version
            )),
            Some(Err(e)) => Err(e.message()),
            None => Err("The workspace is not available.".into()),
        }));
    };
    let measure = move |online_table: String| {
        let source = table.get_value();
        let mut out = Err("nothing to measure".to_string());
        state.workspace.value.update_untracked(|w| {
            out = (|| -> Result<String, String> {
                let target = w.unity.table_name(&online_table).map_err(|e| e.message)?;
                let info = w.unity.table(&target).map_err(|e| e.message)?;
                let key = info.primary_keys.first().cloned().ok_or("no primary key")?;
                let data = info.current();
                let keys = data.column(&key, true).map_err(|e| e.to_string())?.clone();
                let n = keys.len();
                if n == 0 {
                    return Err("the online table is empty".into());
                }
                let picks: Vec<usize> = (0..PROBES).map(|i| (i * 7919) % n).collect();
                let probes: Vec<Table> = picks
                    .iter()
                    .map(|&i| {
                        Table::new(vec![key.clone()], vec![keys.take_rows(&[i])]).unwrap_or_default()
                    })
                    .collect();
                // Warm the index (built once per version), then time single-key lookups.
                online::lookup_positions(&mut w.unity, &target, &probes[0]).map_err(|e| e.message())?;
                let start = performance_now();
                for p in &probes {
                    online::lookup_positions(&mut w.unity, &target, p).map_err(|e| e.message())?;
                }
                let online_us = (performance_now() - start) * 1000.0 / PROBES as f64;
                let offline = w
                    .unity
                    .table(&w.unity.table_name(&source).map_err(|e| e.message)?)
                    .map_err(|e| e.message)?
                    .current();
                let col: &Column = offline.column(&key, true).map_err(|e| e.to_string())?;
                let start = performance_now();
                let mut found = 0;
                for &i in picks.iter().take(SCANS) {
                    let want = keys.get(i);
                    found += (0..col.len()).filter(|&r| col.get(r) == want).count().min(1);
                }
                let scan_us = (performance_now() - start) * 1000.0 / SCANS as f64;
                Ok(format!(
                    "Online point lookup: {online_us:.1} µs per key ({PROBES} keys). Offline scan of the Delta table ({} rows): {scan_us:.0} µs per key ({found} of {SCANS} found).",
                    col.len()
                ))
            })();
        });
        latency.set(Some(out));
    };
    view! {
        <section data-testid="online-status">
            <h2>"Offline and online"</h2>
            <p class="note">
                "Offline: this Delta table, for training sets and batch scoring (scans, joins, point-in-time joins). Online: a key-value copy of the latest row per primary key, for real-time serving lookups."
            </p>
            <table>
                <thead>
                    <tr>
                        <th scope="col">"Online table"</th>
                        <th scope="col">"Store"</th>
                        <th scope="col">"Mode"</th>
                        <th scope="col">"Rows"</th>
                        <th scope="col">"Freshness"</th>
                        <th scope="col">"Latency"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        rows.get()
                            .into_iter()
                            .map(|s| {
                                let behind = s.versions_behind();
                                let fresh = if behind == 0 {
                                    format!(
                                        "up to date (version {}, {})",
                                        s.synced_version,
                                        s.synced_at,
                                    )
                                } else {
                                    format!(
                                        "{behind} version(s) behind: synced version {} at {}",
                                        s.synced_version,
                                        s.synced_at,
                                    )
                                };
                                let target = s.online_table.clone();
                                let href = format!("/feature-store/tables/{}", s.online_table);
                                view! {
                                    <tr>
                                        <td>
                                            <AppLink to=href>{s.online_table.clone()}</AppLink>
                                        </td>
                                        <td>{s.online_store}</td>
                                        <td>{s.publish_mode}</td>
                                        <td>{s.rows}</td>
                                        <td>{fresh}</td>
                                        <td>
                                            <button
                                                type="button"
                                                class="small"
                                                on:click=move |_| measure(target.clone())
                                            >
                                                "Measure"
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
            {move || match latency.get() {
                Some(Ok(m)) => {
                    view! {
                        <p role="status" data-testid="latency">
                            {m}
                        </p>
                    }
                        .into_any()
                }
                Some(Err(m)) => {
                    view! {
                        <p role="alert" class="error">
                            {m}
                        </p>
                    }
                        .into_any()
                }
                None => ().into_any(),
            }}
            <h3>"Publish"</h3>
            <p class="note">
                {move || {
                    if cdf.get() {
                        "Change Data Feed is on: TRIGGERED and CONTINUOUS publishing are possible."
                    } else {
                        "Change Data Feed is off: only SNAPSHOT publishing works until it is enabled."
                    }
                }} " " <Show when=move || !cdf.get()>
                    <button type="button" class="small" on:click=enable_cdf>
                        "Enable Change Data Feed"
                    </button>
                </Show>
            </p>
            <div class="inline-form">
                <label for="online-store">"Online store"</label>
                <input
                    id="online-store"
                    type="text"
                    prop:value=move || store.get()
                    on:input=move |ev| store.set(event_target_value(&ev))
                />
                <label for="online-name">"Online table name"</label>
                <input
                    id="online-name"
                    type="text"
                    prop:value=move || online_name.get()
                    on:input=move |ev| online_name.set(event_target_value(&ev))
                />
                <label for="online-mode">"Mode"</label>
                <select
                    id="online-mode"
                    prop:value=move || mode.get()
                    on:change=move |ev| mode.set(event_target_value(&ev))
                >
                    {PUBLISH_MODES
                        .iter()
                        .map(|m| view! { <option value=*m>{*m}</option> })
                        .collect_view()}
                </select>
                <button type="button" on:click=publish>
                    "Publish"
                </button>
            </div>
            {move || match message.get() {
                Some(Ok(m)) => {
                    view! {
                        <p role="status" data-testid="publish-result">
                            {m}
                        </p>
                    }
                        .into_any()
                }
                Some(Err(m)) => {
                    view! {
                        <p role="alert" class="error" data-testid="publish-error">
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

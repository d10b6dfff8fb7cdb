//! The runs of one experiment: MLflow's search box (same grammar as `search_runs`, errors shown
//! under the box), a time filter, active / deleted / all, sortable columns (click a header),
//! metrics, params and tags as column groups chosen with "Columns", nested runs folded under
//! their parent, and pages of 100 runs ("Show more"), so 10,000 runs stay smooth.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use lakelab_core::tracking::runs_frame::SEARCH_MAX_RESULTS_PANDAS;
use lakelab_core::tracking::{Run, RunQuery, ViewType};
use leptos::prelude::*;

use crate::components::column_picker::ColumnPicker;
use crate::components::run_row::RunRow;
use crate::platform::base_path::app_href;
use crate::platform::clock::now_ms;
use crate::platform::download::download_text;
use crate::run_columns::{available, DataColumn, Group};
use crate::state::use_app;

/// The tag naming a nested run's parent.
const PARENT_TAG: &str = "mlflow.parentRunId";

/// Runs shown per page; "Show more" adds another page.
const PAGE: usize = 100;

/// The time filter's choices: label and how far back, as the MLflow UI offers them.
const TIME_RANGES: [(&str, &str, Option<i64>); 5] = [
    ("all", "All time", None),
    ("hour", "Last hour", Some(3_600_000)),
    ("day", "Last 24 hours", Some(86_400_000)),
    ("week", "Last 7 days", Some(7 * 86_400_000)),
    ("month", "Last 30 days", Some(30 * 86_400_000)),
];

/// The filter string sent to `search_runs`: the learner's, plus the time clause (as the
/// MLflow UI adds `attributes.start_time >= …` for its time filter).
fn combined_filter(typed: &str, since_ms: Option<i64>) -> String {
    match (typed.trim(), since_ms) {
        (t, None) => t.to_string(),
        ("", Some(since)) => format!("attributes.start_time >= {since}"),
        (t, Some(since)) => format!("{t} and attributes.start_time >= {since}"),
    }
}

/// A sortable column: its header text and its `order_by` identifier.
#[derive(Clone, PartialEq)]
struct Column {
    label: String,
    order_key: String,
}

#[component]
pub fn RunsTable(experiment_id: Signal<String>) -> impl IntoView {
    let state = use_app();
    let typed = RwSignal::new(String::new());
    let filter = RwSignal::new(String::new());
    let order = RwSignal::new(None::<(String, bool)>);
    let view_type = RwSignal::new(ViewType::ActiveOnly);
    // How far back the time filter reaches (None: all time); the cut-off is fixed when chosen.
    let since = RwSignal::new(None::<i64>);
    let overrides = RwSignal::new(BTreeMap::<String, bool>::new());
    let limit = RwSignal::new(PAGE);
    let selected = RwSignal::new(Vec::<String>::new());
    // Parents whose nested runs are shown (collapsed by default, as in the MLflow UI).
    let expanded = RwSignal::new(BTreeSet::<String>::new());
    // A new experiment starts with nothing selected.
    Effect::new(move |_| {
        experiment_id.track();
        selected.set(Vec::new());
    });
    let compare_href = move || {
        app_href(&format!(
            "/experiments/{}/compare?runs={}",
            experiment_id.get(),
            selected.get().join(",")
        ))
    };

    let query = move || RunQuery {
        experiment_ids: vec![experiment_id.get()],
        filter_string: combined_filter(&filter.get(), since.get()),
        run_view_type: view_type.get(),
        max_results: limit.get(),
        order_by: order
            .get()
            .map(|(key, asc)| vec![format!("{key} {}", if asc { "ASC" } else { "DESC" })])
            .unwrap_or_default(),
        page_token: None,
    };
    let result = Memo::new(move |_| {
        let query = query();
        state
            .workspace
            .value
            .with(|w| w.tracking.search_runs(&query))
            .map_err(|e| e.message)
    });
    let runs = move || result.with(|r| r.as_ref().map(|p| p.runs.clone()).unwrap_or_default());
    let more = move || result.with(|r| r.as_ref().is_ok_and(|p| p.token.is_some()));
    let error = move || result.with(|r| r.as_ref().err().cloned());

    let all_columns = Signal::derive(move || available(&runs()));
    let columns = move || {
        let shown = overrides.get();
        all_columns
            .get()
            .into_iter()
            .filter(|c| c.is_shown(&shown))
            .collect::<Vec<DataColumn>>()
    };
    // "Download CSV": every run the search finds (not only the shown page), as
    // `mlflow.search_runs` would return them.
    let csv_error = RwSignal::new(None::<String>);
    let download_csv = move |_| {
        let all = RunQuery {
            max_results: SEARCH_MAX_RESULTS_PANDAS,
            ..untrack(query)
        };
        let text = state
            .workspace
            .value
            .with_untracked(|w| w.tracking.search_runs_frame(&all))
            .map(|frame| frame.to_csv())
            .map_err(|e| e.message);
        csv_error.set(
            text.and_then(|t| download_text("runs.csv", "text/csv", &t))
                .err(),
        );
    };
    let group_size = move |group: Group| columns().iter().filter(|c| c.group == group).count();

    let header = move |col: Column| {
        let key = col.order_key.clone();
        let sort_state = {
            let key = key.clone();
            move || match order.get() {
                Some((k, asc)) if k == key => {
                    if asc {
                        "ascending"
                    } else {
                        "descending"
                    }
                }
                _ => "none",
            }
        };
        let click = move |_| {
            order.update(|o| {
                *o = match o {
                    Some((k, false)) if *k == key => Some((key.clone(), true)),
                    _ => Some((key.clone(), false)),
                }
            })
        };
        let mark = {
            let sort_state = sort_state.clone();
            move || match sort_state() {
                "ascending" => " ▲",
                "descending" => " ▼",
                _ => "",
            }
        };
        view! {
            <th scope="col" aria-sort=sort_state>
                <button type="button" class="sort" on:click=click>
                    {col.label}
                    <span aria-hidden="true">{mark}</span>
                </button>
            </th>
        }
    };
    let fixed = [
        ("Run Name", "attributes.run_name"),
        ("Created", "attributes.start_time"),
        ("Status", "attributes.status"),
    ];

    view! {
        <section class="runs" aria-labelledby="runs-title">
            <h2 id="runs-title">
                {move || {
                    state
                        .workspace
                        .value
                        .with(|w| {
                            w.tracking
                                .get_experiment(&experiment_id.get())
                                .map(|e| e.name.clone())
                                .unwrap_or_else(|_| "Experiment not found".into())
                        })
                }}
            </h2>
            <form
                class="run-search"
                role="search"
                on:submit=move |ev| {
                    ev.prevent_default();
                    limit.set(PAGE);
                    filter.set(typed.get_untracked());
                }
            >
                <label for="run-filter">"Filter runs"</label>
                <input
                    id="run-filter"
                    type="search"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder="metrics.accuracy > 0.9 and params.model = 'rf'"
                    aria-describedby="run-filter-error"
                    bind:value=typed
                />
                <button type="submit">"Search"</button>
                <label for="run-view">"Show"</label>
                <select
                    id="run-view"
                    on:change=move |ev| {
                        view_type
                            .set(
                                match event_target_value(&ev).as_str() {
                                    "deleted" => ViewType::DeletedOnly,
                                    "all" => ViewType::All,
                                    _ => ViewType::ActiveOnly,
                                },
                            )
                    }
                >
                    <option value="active">"Active runs"</option>
                    <option value="deleted">"Deleted runs"</option>
                    <option value="all">"All runs"</option>
                </select>
                <label for="run-time">"Time created"</label>
                <select
                    id="run-time"
                    on:change=move |ev| {
                        let choice = event_target_value(&ev);
                        let back = TIME_RANGES
                            .iter()
                            .find(|(v, _, _)| *v == choice)
                            .and_then(|(_, _, back)| *back);
                        limit.set(PAGE);
                        since.set(back.map(|b| now_ms() - b));
                    }
                >
                    {TIME_RANGES
                        .iter()
                        .map(|(value, label, _)| view! { <option value=*value>{*label}</option> })
                        .collect_view()}
                </select>
            </form>
            <p id="run-filter-error" role="alert" class="error">
                {error}
            </p>
            <div class="actions">
                <ColumnPicker available=all_columns overrides=overrides />
                <button type="button" on:click=download_csv>
                    "Download CSV"
                </button>
                <Show
                    when=move || selected.with(|s| s.len() >= 2)
                    fallback=|| {
                        view! {
                            <button type="button" disabled>
                                "Compare (select 2 or more)"
                            </button>
                        }
                    }
                >
                    <a class="button" href=compare_href>
                        {move || format!("Compare {} runs", selected.with(Vec::len))}
                    </a>
                </Show>
            </div>
            {move || csv_error.get().map(|e| view! { <p class="error">{e}</p> })}
            <p class="muted" data-testid="run-count">
                {move || {
                    let n = runs().len();
                    format!(
                        "{n}{} run{}",
                        if more() { "+" } else { "" },
                        if n == 1 { "" } else { "s" },
                    )
                }}
            </p>
            <div class="table-scroll">
                <table class="runs-table">
                    <colgroup span="5"></colgroup>
                    {move || {
                        [Group::Metric, Group::Param, Group::Tag]
                            .into_iter()
                            .filter_map(|g| {
                                let n = group_size(g);
                                (n > 0)
                                    .then(|| {
                                        view! {
                                            <colgroup
                                                span=n.to_string()
                                                class=format!("group-{}", g.title().to_lowercase())
                                            ></colgroup>
                                        }
                                    })
                            })
                            .collect_view()
                    }}
                    <thead>
                        <tr>
                            <th scope="col">
                                <span class="visually-hidden">"Select"</span>
                            </th>
                            {fixed
                                .iter()
                                .map(|(label, key)| header(Column {
                                    label: label.to_string(),
                                    order_key: key.to_string(),
                                }))
                                .collect_view()}
                            <th scope="col">"Duration"</th>
                            {move || {
                                columns()
                                    .into_iter()
                                    .map(|c| header(Column {
                                        order_key: c.order_key(),
                                        label: c.key,
                                    }))
                                    .collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let cols = columns();
                            let runs = runs();
                            let ids: HashSet<String> = runs
                                .iter()
                                .map(|r| r.info.run_id.clone())
                                .collect();
                            let parent_of = |r: &Run| {
                                r.data.tags.get(PARENT_TAG).filter(|p| ids.contains(*p)).cloned()
                            };
                            let children = |parent: &str| {
                                runs.iter()
                                    .filter(|r| parent_of(r).as_deref() == Some(parent))
                                    .cloned()
                                    .collect::<Vec<Run>>()
                            };
                            runs.iter()
                                .filter(|r| parent_of(r).is_none())
                                .map(|run| {
                                    let kids = children(&run.info.run_id);
                                    let id = run.info.run_id.clone();
                                    let is_open = {
                                        let id = id.clone();
                                        Signal::derive(move || expanded.with(|e| e.contains(&id)))
                                    };
                                    let toggle = Callback::new(move |()| {
                                        expanded
                                            .update(|e| {
                                                if !e.remove(&id) {
                                                    e.insert(id.clone());
                                                }
                                            })
                                    });
                                    let expander = (!kids.is_empty())
                                        .then_some((is_open, kids.len(), toggle));
                                    let c = cols.clone();
                                    let child_rows = move || {
                                        is_open
                                            .get()
                                            .then(|| {
                                                kids.iter()
                                                    .map(|k| {
                                                        view! {
                                                            <RunRow
                                                                run=k.clone()
                                                                columns=c.clone()
                                                                selected=selected
                                                                nested=true
                                                            />
                                                        }
                                                    })
                                                    .collect_view()
                                            })
                                    };
                                    view! {
                                        <RunRow
                                            run=run.clone()
                                            columns=cols.clone()
                                            selected=selected
                                            expander=expander
                                        />
                                        {child_rows}
                                    }
                                })
                                .collect_view()
                        }}
                    </tbody>
                </table>
            </div>
            <Show when=more>
                <button type="button" on:click=move |_| limit.update(|l| *l += PAGE)>
                    "Show more"
                </button>
            </Show>
        </section>
    }
}

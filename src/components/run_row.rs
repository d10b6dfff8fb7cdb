//! One row of the runs table: select box, name (linking to the run page), created, status,
//! duration, then the chosen metric, param and tag columns. A parent row carries the expander of its
//! nested runs; nested rows are indented.

use lakelab_core::tracking::{Run, RunStatus};
use leptos::prelude::*;

use crate::components::app_link::AppLink;
use crate::run_columns::DataColumn;

fn status_text(status: RunStatus) -> &'static str {
    match status {
        RunStatus::Finished => "✓ Finished",
        RunStatus::Failed => "✗ Failed",
        RunStatus::Killed => "■ Killed",
        RunStatus::Running => "⟳ Running",
        RunStatus::Scheduled => "… Scheduled",
    }
}

fn when(ms: i64) -> String {
    let d = js_sys::Date::new(&(ms as f64).into());
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

fn duration(run: &Run) -> String {
    match run.info.end_time {
        None => "—".into(),
        Some(end) => {
            let s = (end - run.info.start_time).max(0) as f64 / 1000.0;
            if s < 60.0 {
                format!("{s:.1}s")
            } else {
                format!("{:.1}min", s / 60.0)
            }
        }
    }
}

#[component]
pub fn RunRow(
    run: Run,
    columns: Vec<DataColumn>,
    selected: RwSignal<Vec<String>>,
    /// For a parent: whether its nested runs show, how many there are, and the toggle.
    #[prop(default = None)]
    expander: Option<(Signal<bool>, usize, Callback<()>)>,
    #[prop(optional)] nested: bool,
) -> impl IntoView {
    let link = format!(
        "/experiments/{}/runs/{}",
        run.info.experiment_id, run.info.run_id
    );
    let name = run.info.run_name.clone();
    let select_label = format!("Select run {name}");
    let id = run.info.run_id.clone();
    let checked = {
        let id = id.clone();
        move || selected.with(|s| s.contains(&id))
    };
    let toggle_selected = move |_| {
        selected.update(|s| match s.iter().position(|x| *x == id) {
            Some(i) => {
                s.remove(i);
            }
            None => s.push(id.clone()),
        })
    };
    let name_text = run.info.run_name.clone();
    let (created, status, took) = (
        when(run.info.start_time),
        status_text(run.info.status),
        duration(&run),
    );
    let cells = columns
        .iter()
        .map(|c| view! { <td>{c.cell(&run)}</td> })
        .collect_view();
    let expander_view = expander.map(|(open, count, toggle)| {
        let label = format!("Nested runs of {name} ({count})");
        view! {
            <button
                type="button"
                class="expander"
                aria-expanded=move || open.get().to_string()
                aria-label=label
                on:click=move |_| toggle.run(())
            >
                {move || if open.get() { "▾" } else { "▸" }}
            </button>
        }
    });
    view! {
        <tr class:child=nested>
            <td>
                <input
                    type="checkbox"
                    aria-label=select_label
                    prop:checked=checked
                    on:change=toggle_selected
                />
            </td>
            <th scope="row">
                {expander_view} {nested.then_some("↳ ")} <AppLink to=link>{name_text}</AppLink>
            </th>
            <td>{created}</td>
            <td>{status}</td>
            <td>{took}</td>
            {cells}
        </tr>
    }
}

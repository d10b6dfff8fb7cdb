//! Step, Run N, Auto-run and Stop. Runs process one micro-batch per timer tick, so a long
//! run never blocks the tab and the graph updates between batches. Auto-run keeps going
//! until Stop (a continuous pipeline then waits for new rows; a triggered one stops when its
//! update has read what was there when it started). The batch size can change between
//! batches, to compare latencies.

use std::time::Duration;

use lakelab_core::streaming::spec::MAX_BATCH_ROWS;
use lakelab_core::streaming::Mode;
use leptos::prelude::*;

use crate::platform::clock::{now_ms, performance_now};
use crate::state::use_app;

/// Time between two batches of a run.
const TICK: Duration = Duration::from_millis(120);
/// Most batches one Run N starts.
const MAX_RUN: u32 = 1_000;

/// What a run still has to do.
#[derive(Clone, Copy, PartialEq)]
enum Run {
    Batches(u32),
    Auto,
}

#[component]
pub fn StreamingControls(name: String) -> impl IntoView {
    let state = use_app();
    let run = RwSignal::new(None::<Run>);
    let run_n = RwSignal::new(5u32);
    let message = RwSignal::new(None::<Result<String, String>>);
    let timer = StoredValue::new(None::<IntervalHandle>);
    let batch_size = RwSignal::new(state.workspace.value.with_untracked(|w| {
        w.streaming
            .pipelines
            .get(&name)
            .map_or(10, |p| p.spec.batch_size)
    }));
    let name = StoredValue::new(name);

    let stop_timer = move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
        timer.set_value(None);
        run.set(None);
    };
    // One batch; false when the run should end.
    let step_once = move || -> bool {
        let target = name.get_value();
        let mut clock = performance_now;
        // `update`, not `apply`: a failed batch changes the pipeline too (its update stops
        // and keeps the error), which the graph must show and the save must keep.
        let mut result = None;
        state
            .workspace
            .update(|w| result = Some(w.step_pipeline(&target, now_ms(), &mut clock)));
        let mode = state.workspace.value.with_untracked(|w| {
            w.streaming
                .pipelines
                .get(&target)
                .map(|p| (p.spec.mode, p.update.is_some()))
        });
        match result {
            Some(Ok(Some(b))) => {
                message.set(Some(Ok(format!(
                    "Batch {}: {} rows (source rows {}–{}), mean latency {:.0} ms.",
                    b.batch_id,
                    b.rows,
                    b.first_row + 1,
                    b.first_row + b.rows,
                    b.latency.mean_ms
                ))));
                true
            }
            Some(Ok(None)) => {
                let waiting = matches!(mode, Some((Mode::Continuous, true)));
                message.set(Some(Ok(if waiting {
                    "No new rows in the source: the continuous update waits for rows to arrive (append rows to the source table, or Stop)."
                        .to_string()
                } else {
                    "The triggered update has read every row the source had when it started, and stopped.".to_string()
                })));
                waiting && run.get_untracked() == Some(Run::Auto)
            }
            Some(Err(e)) => {
                message.set(Some(Err(e.to_string())));
                false
            }
            None => false,
        }
    };
    let tick = move || {
        let keep = step_once();
        let next = match run.get_untracked() {
            Some(Run::Batches(n)) if keep && n > 1 => Some(Run::Batches(n - 1)),
            Some(Run::Auto) if keep => Some(Run::Auto),
            _ => None,
        };
        if next.is_none() {
            stop_timer();
        } else {
            run.set(next);
        }
    };
    let start = move |r: Run| {
        stop_timer();
        run.set(Some(r));
        timer.set_value(set_interval_with_handle(tick, TICK).ok());
    };
    on_cleanup(move || {
        if let Some(h) = timer.get_value() {
            h.clear();
        }
    });
    let stop = move |_| {
        stop_timer();
        let target = name.get_value();
        if let Some(Err(e)) = state.workspace.apply(|w| w.stop_pipeline(&target)) {
            message.set(Some(Err(e.to_string())));
        } else {
            message.set(Some(Ok(
                "Stopped: the rows already written stay in the output table.".into(),
            )));
        }
    };
    let set_batch = move |ev| {
        let Ok(n) = event_target_value(&ev).parse::<usize>() else {
            return;
        };
        batch_size.set(n);
        let target = name.get_value();
        if let Some(Err(e)) = state
            .workspace
            .apply(|w| w.set_pipeline_batch_size(&target, n))
        {
            message.set(Some(Err(e.to_string())));
        }
    };
    let running = move || run.get().is_some();

    view! {
        <div class="actions pipeline-controls" data-testid="pipeline-controls">
            <label for="pipeline-step-size">"Rows per batch "</label>
            <input
                id="pipeline-step-size"
                type="number"
                min="1"
                max=MAX_BATCH_ROWS.to_string()
                prop:value=move || batch_size.get().to_string()
                on:input=set_batch
            />
            <button
                type="button"
                prop:disabled=running
                on:click=move |_| {
                    step_once();
                }
            >
                "Step"
            </button>
            <label for="pipeline-run-n">"Batches "</label>
            <input
                id="pipeline-run-n"
                type="number"
                min="1"
                max=MAX_RUN.to_string()
                prop:value=move || run_n.get().to_string()
                on:input=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                        run_n.set(n.clamp(1, MAX_RUN));
                    }
                }
            />
            <button
                type="button"
                prop:disabled=running
                on:click=move |_| start(Run::Batches(run_n.get_untracked()))
            >
                "Run N"
            </button>
            <button type="button" prop:disabled=running on:click=move |_| start(Run::Auto)>
                "Auto-run"
            </button>
            <button type="button" on:click=stop>
                "Stop"
            </button>
            <span class="muted" data-testid="pipeline-running">
                {move || match run.get() {
                    Some(Run::Batches(n)) => format!("Running: {n} batches to go"),
                    Some(Run::Auto) => "Auto-running".to_string(),
                    None => String::new(),
                }}
            </span>
        </div>
        {move || match message.get() {
            None => ().into_any(),
            Some(Ok(text)) => {
                view! {
                    <p role="status" class="ok" data-testid="pipeline-message">
                        {text}
                    </p>
                }
                    .into_any()
            }
            Some(Err(text)) => {
                view! {
                    <p role="alert" class="error" data-testid="pipeline-error">
                        {text}
                    </p>
                }
                    .into_any()
            }
        }}
    }
}

//! Progress of the AutoML run: trials done, best score so far, time left, and Cancel (the
//! worker stops after the trial in progress; finished trials stay logged).
//!
//! The section is rendered once per run and only its text and attributes follow the job:
//! re-rendering it on every progress event would replace the Cancel button under the
//! learner's pointer (a click could land on a detached node).

use lakelab_core::automl::Stop;
use leptos::prelude::*;

use crate::platform::automl_worker::AutomlWorker;
use crate::state::automl_job::JobView;

#[component]
pub fn AutomlProgress(
    job: RwSignal<Option<JobView>, LocalStorage>,
    worker: StoredValue<Option<AutomlWorker>, LocalStorage>,
) -> impl IntoView {
    let cancel = move |_| {
        worker.with_value(|w| {
            if let Some(w) = w {
                w.cancel();
            }
        });
        job.update(|j| {
            if let Some(j) = j.as_mut() {
                j.cancelling = true;
            }
        });
    };
    let present = Memo::new(move |_| job.with(Option::is_some));
    let running = Memo::new(move |_| job.with(|j| j.as_ref().is_some_and(JobView::running)));
    let clock = Memo::new(move |_| {
        job.with(|j| match j.as_ref().and_then(|j| j.progress.as_ref()) {
            Some(p) => (p.elapsed_ms, p.timeout_ms),
            None => (0, 1),
        })
    });
    let status = Memo::new(move |_| job.with(|j| j.as_ref().map(status_line).unwrap_or_default()));
    move || {
        present.get().then(|| {
            view! {
                <section class="automl-progress" data-testid="automl-progress">
                    <progress
                        max=move || clock.get().1.max(1).to_string()
                        value=move || {
                            let (elapsed, budget) = clock.get();
                            if running.get() { elapsed } else { budget }.to_string()
                        }
                    ></progress>
                    <p role="status" data-testid="automl-status">
                        {move || status.get()}
                    </p>
                    <Show when=move || running.get()>
                        <button type="button" on:click=cancel>
                            "Cancel"
                        </button>
                    </Show>
                </section>
            }
        })
    }
}

/// The one-line status the learner reads (and the e2e tests match).
fn status_line(j: &JobView) -> String {
    let metric = j
        .report
        .as_ref()
        .map(|r| r.metric().val_key())
        .unwrap_or_default();
    let (done, best, elapsed, budget) = match &j.progress {
        Some(p) => (p.trials_done, p.best_score, p.elapsed_ms, p.timeout_ms),
        None => (0, None, 0, 1),
    };
    if let Some(e) = &j.error {
        format!("AutoML stopped: {e}")
    } else if let Some(stop) = j.stop {
        let why = match stop {
            Stop::Budget => "all trials done",
            Stop::Timeout => "the timeout was reached",
            Stop::EarlyStopped => "stopped early: no trial improved for 20 trials",
            Stop::Cancelled => "cancelled; the finished trials are kept",
        };
        format!("Finished: {done} trials ({why}).")
    } else if j.report.is_none() {
        "Preparing the data in the worker...".to_string()
    } else {
        let left = ((budget - elapsed).max(0) as f64 / 1000.0).round();
        let best = best.map_or("-".to_string(), |b| format!("{b:.4}"));
        format!(
            "{done} trials, best {metric} {best}, at most {left} s left{}",
            if j.cancelling { " (cancelling)" } else { "" }
        )
    }
}

//! The AutoML page's run: what the worker has reported so far, and how each event lands in
//! the workspace (the experiment when data preparation is done, one run per trial).

use lakelab_core::automl::notebook::data_path;
use lakelab_core::automl::{
    AutoMLSummary, JobSpec, PageJob, PrepReport, Progress, Stop, WorkerEvent,
};
use leptos::prelude::*;

use super::AppState;
use crate::platform::automl_worker::AutomlWorker;
use crate::platform::clock::now_ms;

/// One AutoML run on the page.
#[derive(Clone)]
pub struct JobView {
    pub spec: JobSpec,
    pub dataset: String,
    pub started_ms: i64,
    pub report: Option<PrepReport>,
    pub page: Option<PageJob>,
    pub progress: Option<Progress>,
    pub stop: Option<Stop>,
    pub error: Option<String>,
    pub cancelling: bool,
    /// A forecast's result (`automl_forecast`): it runs on the page and finishes at once.
    pub forecast: Option<AutoMLSummary>,
}

impl JobView {
    pub fn new(spec: JobSpec, dataset: String) -> JobView {
        JobView {
            spec,
            dataset,
            started_ms: now_ms(),
            report: None,
            page: None,
            progress: None,
            stop: None,
            error: None,
            cancelling: false,
            forecast: None,
        }
    }

    pub fn running(&self) -> bool {
        self.stop.is_none() && self.error.is_none()
    }

    /// The trials so far, best first.
    pub fn summary(&self) -> Option<AutoMLSummary> {
        if let Some(f) = &self.forecast {
            return Some(f.clone());
        }
        self.page
            .as_ref()
            .map(|p| p.summary(self.stop.unwrap_or(Stop::Budget)))
    }
}

/// The name runs are logged under (the notebook's rule).
pub fn user(state: AppState) -> String {
    state.settings.value.with_untracked(|s| {
        if s.display_name.trim().is_empty() {
            "learner".to_string()
        } else {
            s.display_name.clone()
        }
    })
}

/// Applies a worker event to the page's run and the workspace.
pub fn on_event(
    state: AppState,
    job: RwSignal<Option<JobView>, LocalStorage>,
    worker: StoredValue<Option<AutomlWorker>, LocalStorage>,
    event: WorkerEvent,
) {
    let finished = matches!(event, WorkerEvent::Done { .. } | WorkerEvent::Failed { .. });
    job.update(|j| {
        let Some(j) = j.as_mut() else { return };
        match event {
            WorkerEvent::Ready => {}
            WorkerEvent::Started { report } => {
                let user = user(state);
                let opened = state.workspace.apply(|w| {
                    let page = PageJob::open(
                        &mut w.tracking,
                        &j.spec,
                        (*report).clone(),
                        &j.dataset,
                        &user,
                        now_ms(),
                    )?;
                    // The data the generated trial notebooks read.
                    w.files
                        .write(
                            &data_path(&page.experiment_id),
                            report.training_data.clone().into_bytes(),
                        )
                        .map_err(|e| e.message())?;
                    Ok::<_, String>(page)
                });
                match opened {
                    Some(Ok(p)) => j.page = Some(p),
                    Some(Err(e)) => j.error = Some(e),
                    None => j.error = Some("The workspace is not available.".into()),
                }
                j.report = Some(*report);
            }
            WorkerEvent::Trial { outcome, progress } => {
                if let Some(page) = j.page.as_mut() {
                    state.workspace.apply(|w| {
                        page.log(&mut w.tracking, &outcome);
                        Ok::<(), ()>(())
                    });
                }
                j.progress = Some(progress);
            }
            WorkerEvent::Done { stop, progress } => {
                j.stop = Some(stop);
                j.progress = Some(progress);
            }
            WorkerEvent::Failed { message } => j.error = Some(message),
        }
    });
    if finished {
        // Not from inside the worker's own message handler: after it returns.
        leptos::task::spawn_local(async move { worker.set_value(None) });
    }
}

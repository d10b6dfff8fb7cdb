//! Running a notebook cell from the UI: the cell's source goes through the core's notebook
//! runtime in the notebook's session, against the workspace (whose changes then save).

use lakelab_core::notebook::{run_cell, CellResult, Env, Session};
use leptos::prelude::*;

use super::boot::AppState;
use crate::platform::clock::now_ms;

/// Runs `source` as a cell of notebook `notebook_id`; the result is stored for cell `cell_id`.
pub fn run(state: AppState, notebook_id: &str, cell_id: &str, source: &str) {
    let user = state.settings.value.with_untracked(|s| {
        if s.display_name.trim().is_empty() {
            "learner".to_string()
        } else {
            s.display_name.clone()
        }
    });
    let mut result = CellResult::default();
    state.sessions.update_value(|sessions| {
        let session = sessions
            .entry(notebook_id.to_string())
            .or_insert_with(|| Session::new(now_ms() as u64));
        session.datasets = state.datasets.get_value();
        state.workspace.update(|ws| {
            let mut clock = now_ms;
            let env = Env {
                clock: &mut clock,
                user: user.clone(),
                file_name: "<cell>".into(),
            };
            result = run_cell(ws, session, env, source);
        });
    });
    state.outputs.update(|o| {
        o.insert(cell_id.to_string(), result);
    });
}

/// Forgets a notebook's names (the next run starts fresh), and its cells' outputs.
pub fn restart(state: AppState, notebook_id: &str, cell_ids: &[String]) {
    state.sessions.update_value(|s| {
        s.remove(notebook_id);
    });
    state.outputs.update(|o| {
        for id in cell_ids {
            o.remove(id);
        }
    });
}

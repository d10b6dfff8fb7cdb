//! The shell: header, navigation, banners and the router with one route per page.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::components::app_header::AppHeader;
use crate::components::main_nav::MainNav;
use crate::components::notices::Notices;
use crate::platform::base_path::router_base;
use crate::platform::clock::now_ms;
use crate::platform::{service_worker, storage_persist};
use crate::routes::{
    automl::AutomlPage, catalog::CatalogPage, compare::ComparePage, exam::ExamPage,
    exercise::ExercisePage, experiments::ExperimentsPage, feature_store::FeatureStorePage,
    feature_table::FeatureTablePage, learn::LearnPage, model::ModelPage, not_found::NotFoundPage,
    notebook::NotebookPage, progress::ProgressPage, quiz::QuizPage, run::RunPage,
    serving::ServingPage, settings::SettingsPage,
};
use crate::state::{AppState, SaveStatus, Stored};

/// The whole app. `stored` is what start-up read from the browser's storage.
#[component]
pub fn App(stored: Stored) -> impl IntoView {
    let state = AppState::new(stored);
    provide_context(state);
    apply_theme(state);
    simulate_panic_if_asked();
    ask_for_persistence_after_first_save(state);
    flush_when_hidden(state);
    leptos::task::spawn_local(async move {
        match crate::platform::datasets::load().await {
            Ok(mounted) => state.datasets.set_value(mounted),
            Err(e) => leptos::logging::warn!("the bundled datasets could not be loaded: {e}"),
        }
    });
    leptos::task::spawn_local(async move {
        service_worker::register(move |worker| state.update_waiting.set(Some(worker))).await;
        state
            .storage_persisted
            .set(storage_persist::persisted().await);
    });
    let menu_open = RwSignal::new(false);
    view! {
        <Router base=router_base()>
            <a class="skip-link" href="#main">
                "Skip to content"
            </a>
            <AppHeader menu_open=menu_open />
            <div class="layout">
                <MainNav open=menu_open />
                <main id="main" tabindex="-1" data-testid="app-ready">
                    <RecordVisits />
                    <Notices />
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=LearnPage />
                        <Route path=path!("/learn") view=LearnPage />
                        <Route path=path!("/learn/:id") view=ExercisePage />
                        <Route path=path!("/notebook") view=NotebookPage />
                        <Route path=path!("/experiments") view=ExperimentsPage />
                        <Route
                            path=path!("/experiments/:experiment_id/runs/:run_id")
                            view=RunPage
                        />
                        <Route path=path!("/experiments/:experiment_id/compare") view=ComparePage />
                        <Route path=path!("/catalog") view=CatalogPage />
                        <Route path=path!("/catalog/models/:name") view=ModelPage />
                        <Route path=path!("/feature-store") view=FeatureStorePage />
                        <Route path=path!("/feature-store/tables/:name") view=FeatureTablePage />
                        <Route path=path!("/automl") view=AutomlPage />
                        <Route path=path!("/serving") view=ServingPage />
                        <Route path=path!("/quiz") view=QuizPage />
                        <Route path=path!("/exam") view=ExamPage />
                        <Route path=path!("/progress") view=ProgressPage />
                        <Route path=path!("/settings") view=SettingsPage />
                    </Routes>
                </main>
            </div>
        </Router>
    }
}

/// Mirrors the theme setting onto `<html data-theme>`; the stylesheet does the rest.
fn apply_theme(state: AppState) {
    Effect::new(move |_| {
        let theme = state.settings.value.with(|s| s.theme);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", theme.attr());
        }
    });
}

/// Asks the browser to keep the data once the learner has something worth keeping: after the
/// first change is saved in a session (Chromium decides silently, Firefox asks the learner).
fn ask_for_persistence_after_first_save(state: AppState) {
    let asked = StoredValue::new(false);
    Effect::new(move |_| {
        let saving = state.workspace.status.get() == SaveStatus::Saving;
        if saving && !asked.get_value() && state.storage_persisted.get_untracked() != Some(true) {
            asked.set_value(true);
            leptos::task::spawn_local(async move {
                if let Some(granted) = storage_persist::request().await {
                    state.storage_persisted.set(Some(granted));
                }
            });
        }
    });
}

/// Saves pending changes at once when the tab is hidden or closed, instead of waiting for the
/// debounce timer that would never fire.
fn flush_when_hidden(state: AppState) {
    let flush = move || {
        state.workspace.flush();
        state.progress.flush();
        state.settings.flush();
    };
    let hidden = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().visibility_state() == web_sys::VisibilityState::Hidden {
            flush();
        }
    });
    // A reload or a typed address may unload the page without it ever being hidden first.
    let leaving = window_event_listener(leptos::ev::pagehide, move |_| flush());
    on_cleanup(move || {
        hidden.remove();
        leaving.remove();
    });
}

/// `?simulate=panic` exercises the crash view (end-to-end tests, and teachers who want to see
/// what learners would see). It changes no data.
fn simulate_panic_if_asked() {
    let search = window().location().search().unwrap_or_default();
    if search.split(['?', '&']).any(|p| p == "simulate=panic") {
        panic!("simulated panic (the page was opened with ?simulate=panic)");
    }
}

/// Remembers the page the learner is on, for "continue where you left off".
#[component]
fn RecordVisits() -> impl IntoView {
    let state = crate::state::use_app();
    let location = use_location();
    let base = router_base();
    Effect::new(move |_| {
        let path = location.pathname.get();
        let route = path
            .strip_prefix(base.as_str())
            .unwrap_or(&path)
            .to_string();
        let route = if route.is_empty() {
            "/".to_string()
        } else {
            route
        };
        state.progress.update_if(|p| p.visit(&route, now_ms()));
    });
}

//! The Settings page: theme, display name, persistent storage, export / import, reset.

use lakelab_core::export::{export_snapshot, import_bytes, Imported, MAX_IMPORT_BYTES};
use lakelab_core::persist::envelope::SaveMeta;
use lakelab_core::{Progress, Settings, Snapshot, Workspace};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlInputElement;

use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::outcome_message::OutcomeMessage;
use crate::components::sample_data::SampleData;
use crate::components::theme_picker::ThemePicker;
use crate::platform::clock::now_ms;
use crate::platform::download::{dated_file_name, download_text};
use crate::platform::storage_persist;
use crate::state::{use_app, AppState};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = use_app();
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let confirm_reset = RwSignal::new(false);

    let export = move |_| {
        let snapshot = Snapshot {
            workspace: state.workspace.value.get_untracked(),
            progress: state.progress.value.get_untracked(),
            settings: state.settings.value.get_untracked(),
        };
        let meta = SaveMeta {
            app_version: env!("CARGO_PKG_VERSION"),
            saved_at_ms: now_ms(),
        };
        let result = export_snapshot(&snapshot, meta)
            .and_then(|text| download_text(&dated_file_name("export"), "application/json", &text));
        outcome.set(Some(match result {
            Ok(()) => Ok("Exported your workspace, progress and settings.".into()),
            Err(e) => Err(format!("Export failed: {e}")),
        }));
    };

    let import = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        spawn_local(async move {
            let result = read_import(&file).await;
            let message = match result {
                Ok(imported) => match apply(state, imported).await {
                    Ok(text) => Ok(text),
                    Err(e) => Err(format!("Import failed while saving: {e}")),
                },
                Err(e) => Err(format!("Import failed: {e}. Nothing was changed.")),
            };
            outcome.set(Some(message));
        });
    };

    let reset = Callback::new(move |()| {
        spawn_local(async move {
            let result = async {
                state.workspace.replace_with(Workspace::default()).await?;
                state.progress.replace_with(Progress::default()).await?;
                state.settings.replace_with(Settings::default()).await
            }
            .await;
            outcome.set(Some(match result {
                Ok(()) => Ok("Everything was erased. Lakelab starts afresh.".into()),
                Err(e) => Err(format!("Reset failed: {e}")),
            }));
        });
    });

    let ask_persist = move |_| {
        spawn_local(async move {
            let granted = storage_persist::request().await;
            state.storage_persisted.set(granted.or(Some(false)));
        });
    };
    let persist_text = move || {
        match state.storage_persisted.get() {
        Some(true) => "Persistent storage: granted. The browser will not clear Lakelab's data on its own.",
        Some(false) => "Persistent storage: not granted. The browser may clear Lakelab's data when space runs low or after weeks without a visit; export regularly.",
        None => "Persistent storage: unknown (this browser does not say).",
    }
    };

    view! {
        <h1>"Settings"</h1>
        <section aria-labelledby="appearance-title">
            <h2 id="appearance-title">"Appearance"</h2>
            <ThemePicker />
            <label for="display-name">"Display name"</label>
            <input
                id="display-name"
                type="text"
                maxlength="60"
                autocomplete="nickname"
                prop:value=move || state.settings.value.with(|s| s.display_name.clone())
                on:change=move |ev| {
                    let name = event_target_value(&ev);
                    state.settings.update(|s| s.set_display_name(&name));
                }
            />
        </section>
        <section aria-labelledby="data-title">
            <h2 id="data-title">"Your data"</h2>
            <p>
                "Everything you do is saved automatically in this browser only. Export it to keep a \
                 copy or to move to another browser; import puts an export back."
            </p>
            <p data-testid="persist-status">{persist_text}</p>
            <Show when=move || state.storage_persisted.get() != Some(true)>
                <button type="button" on:click=ask_persist>
                    "Ask the browser to keep my data"
                </button>
            </Show>
            <div class="actions">
                <button type="button" on:click=export>
                    "Export workspace and progress"
                </button>
                <label class="file-button" for="import-file">
                    "Import from a file"
                </label>
                <input
                    id="import-file"
                    type="file"
                    accept=".json,application/json"
                    on:change=import
                />
            </div>
            <OutcomeMessage message=outcome />
        </section>
        <SampleData />
        <section aria-labelledby="reset-title">
            <h2 id="reset-title">"Start over"</h2>
            <p>
                "Erase the workspace, progress and settings from this browser. Export first to keep a copy."
            </p>
            <button type="button" class="danger" on:click=move |_| confirm_reset.set(true)>
                "Reset everything"
            </button>
        </section>
        <ConfirmDialog
            open=confirm_reset
            title="Erase everything?"
            message="Your workspace, progress and settings will be erased from this browser. This cannot be undone."
            confirm_label="Erase everything"
            on_confirm=reset
        />
    }
}

/// Reads and validates an export file (size first, then content). Changes nothing.
async fn read_import(file: &web_sys::File) -> Result<Imported, String> {
    let size = file.size() as usize;
    if size > MAX_IMPORT_BYTES {
        return Err(format!(
            "the file is {size} bytes; the largest file Lakelab imports is {MAX_IMPORT_BYTES} bytes"
        ));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the file could not be read".to_string())?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    import_bytes(&bytes).map_err(|e| e.to_string())
}

/// Stores an imported snapshot, workspace first (the largest, so a full disk stops the import
/// before anything else changed).
async fn apply(state: AppState, imported: Imported) -> Result<String, String> {
    let Snapshot {
        workspace,
        progress,
        settings,
    } = imported.snapshot;
    state.workspace.replace_with(workspace).await?;
    state.progress.replace_with(progress).await?;
    state.settings.replace_with(settings).await?;
    let mut text = "Imported your workspace, progress and settings.".to_string();
    if !imported.migrated.is_empty() {
        text.push_str(&format!(
            " Upgraded from an older format: {}.",
            imported.migrated.join(", ")
        ));
    }
    Ok(text)
}

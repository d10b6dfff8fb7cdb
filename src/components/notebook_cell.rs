//! One notebook cell (`%md` first makes it Markdown, as in Databricks): a code editor (Tab indents, Enter keeps the indentation and indents after
//! a colon), Run, and the output. Shift+Enter runs and moves on; Ctrl/Cmd+Enter runs in place.

use lakelab_core::notebook::highlight::highlight;
use leptos::html::Textarea;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::cell_output::CellOutput;
use crate::state::run_cell;
use crate::state::use_app;

/// The text to insert for Enter at `cursor`: a newline, the current line's indentation, and
/// four more spaces after a line ending in `:`.
fn newline_indent(text: &str, cursor: usize) -> String {
    let before = text.get(..cursor).unwrap_or(text);
    let line = before.rsplit('\n').next().unwrap_or("");
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let extra = if line.trim_end().ends_with(':') {
        "    "
    } else {
        ""
    };
    format!("\n{indent}{extra}")
}

#[component]
pub fn NotebookCell(
    notebook_id: Signal<String>,
    cell_id: String,
    index: usize,
    source: String,
    /// Called after Shift+Enter ran this cell: focus (or create) the next one.
    on_advance: Callback<usize>,
) -> impl IntoView {
    let state = use_app();
    let editor = NodeRef::<Textarea>::new();
    // The highlighted copy under the (transparent) editor text, updated as the learner types.
    let text = RwSignal::new(source.clone());
    let id = StoredValue::new(cell_id);
    let label = format!("Cell {}", index + 1);
    let dom_id = format!("cell-{}", id.get_value());
    let error = RwSignal::new(None::<String>);
    let save = move |text: String| {
        let nb = notebook_id.get_untracked();
        let result = state
            .workspace
            .apply(|w| w.set_cell_source(&nb, &id.get_value(), &text));
        error.set(result.and_then(Result::err).map(|e| e.to_string()));
    };
    let run = move || {
        let text = editor
            .get_untracked()
            .map(|e| e.value())
            .unwrap_or_default();
        run_cell::run(state, &notebook_id.get_untracked(), &id.get_value(), &text);
    };
    let insert = move |piece: &str| {
        let Some(el) = editor.get_untracked() else {
            return;
        };
        let el: web_sys::HtmlTextAreaElement = el.unchecked_into();
        let start = el.selection_start().ok().flatten().unwrap_or(0);
        let end = el.selection_end().ok().flatten().unwrap_or(start);
        let _ = el.set_range_text_with_start_and_end_and_mode(piece, start, end, "end");
        text.set(el.value());
        save(el.value());
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let key = ev.key();
        if key == "Enter" && ev.shift_key() {
            ev.prevent_default();
            run();
            on_advance.run(index);
        } else if key == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            ev.prevent_default();
            run();
        } else if key == "Enter" {
            let Some(el) = editor.get_untracked() else {
                return;
            };
            let text = el.value();
            // Selection offsets count UTF-16 units; the indentation logic needs byte offsets.
            let cursor16 = el.selection_start().ok().flatten().unwrap_or(0) as usize;
            let cursor = text
                .char_indices()
                .scan(0usize, |units, (byte, c)| {
                    let here = *units;
                    *units += c.len_utf16();
                    Some((byte, here))
                })
                .find(|(_, units)| *units >= cursor16)
                .map_or(text.len(), |(byte, _)| byte);
            ev.prevent_default();
            insert(&newline_indent(&text, cursor));
        } else if key == "Tab" && !ev.shift_key() {
            ev.prevent_default();
            insert("    ");
        }
    };
    let output = move || {
        state
            .outputs
            .with(|o| o.get(&id.get_value()).cloned())
            .map(|r| view! { <CellOutput result=r /> })
    };
    let delete = move |_| {
        let nb = notebook_id.get_untracked();
        let result = state
            .workspace
            .apply(|w| w.remove_cell(&nb, &id.get_value()));
        error.set(result.and_then(Result::err).map(|e| e.to_string()));
    };
    let move_by = move |by: i32| {
        let nb = notebook_id.get_untracked();
        let result = state
            .workspace
            .apply(|w| w.move_cell(&nb, &id.get_value(), by));
        error.set(result.and_then(Result::err).map(|e| e.to_string()));
    };
    // The line an uncaught error came from, marked in the editor.
    let error_line = move || {
        state.outputs.with(|o| {
            o.get(&id.get_value())
                .and_then(|r| r.error.as_ref())
                .and_then(|e| e.error.line)
        })
    };
    let highlighted = move || {
        let bad = error_line();
        // Lines of (class, text) pieces; a piece that spans lines is split at its newlines.
        let mut lines: Vec<Vec<(&'static str, String)>> = vec![Vec::new()];
        for (tok, piece) in text.with(|t| highlight(t)) {
            for (i, part) in piece.split('\n').enumerate() {
                if i > 0 {
                    lines.push(Vec::new());
                }
                if !part.is_empty() {
                    if let Some(line) = lines.last_mut() {
                        line.push((tok.class(), part.to_string()));
                    }
                }
            }
        }
        lines
            .into_iter()
            .enumerate()
            .map(|(n, pieces)| {
                let spans = pieces
                    .into_iter()
                    .map(|(class, part)| view! { <span class=class>{part}</span> })
                    .collect_view();
                let is_bad = bad == Some(n + 1);
                view! {
                    <span class="line" class:error-line=is_bad>
                        {spans}
                    </span>
                }
            })
            .collect_view()
    };
    view! {
        <li class="cell">
            <div class="cell-bar">
                <label for=dom_id.clone()>{label.clone()}</label>
                <button
                    type="button"
                    class="small"
                    on:click=move |_| run()
                    aria-label=format!("Run {label}")
                >
                    "▶ Run"
                </button>
                <button
                    type="button"
                    class="small"
                    on:click=move |_| move_by(-1)
                    aria-label=format!("Move {label} up")
                >
                    "↑"
                </button>
                <button
                    type="button"
                    class="small"
                    on:click=move |_| move_by(1)
                    aria-label=format!("Move {label} down")
                >
                    "↓"
                </button>
                <button
                    type="button"
                    class="small"
                    on:click=delete
                    aria-label=format!("Delete {label}")
                >
                    "Delete"
                </button>
            </div>
            <div class="editor">
                <pre class="highlight" aria-hidden="true">
                    {highlighted}
                </pre>
                <textarea
                    id=dom_id
                    node_ref=editor
                    class="code"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    prop:value=source
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        text.set(value.clone());
                        save(value);
                    }
                    on:keydown=on_keydown
                ></textarea>
            </div>
            {output}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p role="alert" class="error">
                                {e}
                            </p>
                        }
                    })
            }}
        </li>
    }
}

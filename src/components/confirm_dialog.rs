//! A modal confirmation built on the native `<dialog>` (inert background, Escape closes, focus
//! returns to the opener), for actions that cannot be undone.

use leptos::html::Dialog;
use leptos::prelude::*;

/// Opens while `open` is true; `on_confirm` runs when the learner confirms.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    title: &'static str,
    message: &'static str,
    confirm_label: &'static str,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        let Some(el) = dialog.get() else {
            return;
        };
        if open.get() && !el.open() {
            let _ = el.show_modal();
        } else if !open.get() && el.open() {
            el.close();
        }
    });
    view! {
        <dialog
            node_ref=dialog
            class="confirm-dialog"
            aria-labelledby="confirm-title"
            on:close=move |_| open.set(false)
        >
            <h2 id="confirm-title">{title}</h2>
            <p>{message}</p>
            <div class="actions">
                <button type="button" autofocus on:click=move |_| open.set(false)>
                    "Cancel"
                </button>
                <button
                    type="button"
                    class="danger"
                    on:click=move |_| {
                        open.set(false);
                        on_confirm.run(());
                    }
                >
                    {confirm_label}
                </button>
            </div>
        </dialog>
    }
}

//! The steps of an "order" question, moved up and down with buttons (keyboard-reachable, no
//! drag and drop needed). `order` holds option indexes as the learner arranged them.

use lakelab_core::curriculum::content::Choice;
use leptos::prelude::*;

use crate::components::markdown_view::MarkdownView;

#[component]
pub fn QuizOrderList(
    options: Vec<Choice>,
    order: RwSignal<Vec<usize>>,
    #[prop(into)] locked: Signal<bool>,
) -> impl IntoView {
    let swap = move |at: usize, to: usize| order.update(|o| o.swap(at, to));
    view! {
        <ol class="quiz-order" data-testid="quiz-order">
            {move || {
                let current = order.get();
                let n = current.len();
                current
                    .into_iter()
                    .enumerate()
                    .map(|(pos, i)| {
                        let text = options.get(i).map(|c| c.text.clone()).unwrap_or_default();
                        view! {
                            <li>
                                <MarkdownView text=text />
                                <button
                                    type="button"
                                    aria-label="Move up"
                                    disabled=move || locked.get() || pos == 0
                                    on:click=move |_| swap(pos, pos - 1)
                                >
                                    "↑"
                                </button>
                                <button
                                    type="button"
                                    aria-label="Move down"
                                    disabled=move || locked.get() || pos + 1 == n
                                    on:click=move |_| swap(pos, pos + 1)
                                >
                                    "↓"
                                </button>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ol>
    }
}

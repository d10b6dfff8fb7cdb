//! A question's options as radio buttons (one answer) or checkboxes (several), lettered A–E;
//! shared by practice questions and mock-exam questions.

use lakelab_core::curriculum::content::Choice;
use leptos::prelude::*;

use crate::components::markdown_view::MarkdownView;

/// "A." for 0, "B." for 1, ...
pub fn letter(i: usize) -> String {
    format!("{}.", char::from(b'A' + (i.min(25) as u8)))
}

#[component]
pub fn ChoiceList(
    options: Vec<Choice>,
    /// The inputs' group name (unique per question on the page).
    name: String,
    multiple: bool,
    chosen: RwSignal<Vec<usize>>,
    #[prop(into)] locked: Signal<bool>,
    on_pick: Callback<usize>,
) -> impl IntoView {
    let input_type = if multiple { "checkbox" } else { "radio" };
    view! {
        <ul class="quiz-options" data-testid="quiz-options">
            {options
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    view! {
                        <li>
                            <label>
                                <input
                                    type=input_type
                                    name=name.clone()
                                    prop:checked=move || chosen.get().contains(&i)
                                    disabled=move || locked.get()
                                    on:change=move |_| on_pick.run(i)
                                />
                                <span class="quiz-letter">{letter(i)}</span>
                                <MarkdownView text=c.text />
                            </label>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// Applies a pick to the chosen options: toggles it (several answers) or replaces them.
pub fn pick(chosen: &mut Vec<usize>, i: usize, multiple: bool) {
    if !multiple {
        *chosen = vec![i];
    } else if let Some(at) = chosen.iter().position(|x| *x == i) {
        chosen.remove(at);
    } else {
        chosen.push(i);
    }
}

//! Every option of an answered question with why it is right or wrong (for "order"
//! questions, the steps in the right order with why each goes there).

use lakelab_core::curriculum::content::Choice;
use leptos::prelude::*;

use crate::components::choice_list::letter;
use crate::components::markdown_view::MarkdownView;

#[component]
pub fn OptionExplanations(options: Vec<Choice>, is_order: bool) -> impl IntoView {
    view! {
        {is_order.then(|| view! { <p>"The right order:"</p> })}
        <ul class="quiz-explanations">
            {options
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    let class = if is_order || c.right { "right" } else { "wrong" };
                    let lead = if is_order { format!("{}.", i + 1) } else { letter(i) };
                    view! {
                        <li class=class>
                            <span class="quiz-letter">{lead}</span>
                            <MarkdownView text=c.text />
                            <MarkdownView text=c.why />
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

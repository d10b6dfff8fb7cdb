//! One quiz question in practice mode: choose, submit, then every option's explanation and the
//! documentation link. Keys: 1–5 or A–E choose, Enter submits and then moves on.

use lakelab_core::curriculum::content::{Answer, Question, QuestionKind};
use leptos::prelude::*;

use crate::components::choice_list::{pick, ChoiceList};
use crate::components::markdown_view::MarkdownView;
use crate::components::option_explanations::OptionExplanations;
use crate::components::quiz_order_list::QuizOrderList;

/// The order an "order" question's steps start in: reversed and rotated by the id, which for
/// three or more steps is never the right order.
pub fn start_order(q: &Question) -> Vec<usize> {
    let n = q.options.len();
    let shift = q.id.bytes().map(usize::from).sum::<usize>() % n.max(1);
    let mut order: Vec<usize> = (0..n).rev().collect();
    order.rotate_left(shift);
    order
}

#[component]
pub fn QuizQuestion(
    question: Question,
    /// Records the answer; returns whether it was right.
    on_answer: Callback<Answer, bool>,
    on_next: Callback<()>,
) -> impl IntoView {
    let kind = question.kind;
    let chosen = RwSignal::new(Vec::<usize>::new());
    let order = RwSignal::new(start_order(&question));
    let result = RwSignal::new(None::<bool>);
    let submitted = Signal::derive(move || result.get().is_some());
    let n = question.options.len();
    let toggle = move |i: usize| {
        if result.get_untracked().is_some() || i >= n {
            return;
        }
        chosen.update(|c| pick(c, i, kind == QuestionKind::Multiple));
    };
    let can_submit = move || kind == QuestionKind::Order || !chosen.get().is_empty();
    let submit = move || {
        if result.get_untracked().is_some() || !can_submit() {
            return;
        }
        let answer = if kind == QuestionKind::Order {
            Answer(order.get_untracked())
        } else {
            Answer(chosen.get_untracked())
        };
        result.set(Some(on_answer.run(answer)));
    };
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let tag = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .map(|e| e.tag_name())
            .unwrap_or_default();
        // Typing in a select or a text box is not answering.
        if matches!(tag.as_str(), "SELECT" | "TEXTAREA") || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let key = ev.key().to_lowercase();
        match key.as_str() {
            // Enter on a link or a button activates it, as everywhere else.
            "enter" if matches!(tag.as_str(), "A" | "BUTTON") => {}
            "enter" => {
                ev.prevent_default();
                if result.get_untracked().is_some() {
                    on_next.run(());
                } else {
                    submit();
                }
            }
            k if k.len() == 1 && kind != QuestionKind::Order => {
                let c = k.as_bytes()[0];
                let i = match c {
                    b'1'..=b'5' => Some(usize::from(c - b'1')),
                    b'a'..=b'e' => Some(usize::from(c - b'a')),
                    _ => None,
                };
                if let Some(i) = i {
                    toggle(i);
                }
            }
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let choices = if kind == QuestionKind::Order {
        view! { <QuizOrderList options=question.options.clone() order=order locked=submitted /> }
            .into_any()
    } else {
        view! {
            <ChoiceList
                options=question.options.clone()
                name=format!("q-{}", question.id)
                multiple=kind == QuestionKind::Multiple
                chosen=chosen
                locked=submitted
                on_pick=Callback::new(toggle)
            />
        }
        .into_any()
    };
    let explained = question.options.clone();
    let doc = question.doc.clone();
    let is_order = kind == QuestionKind::Order;
    let feedback = move || {
        result.get().map(|right| {
            let explained = explained.clone();
            view! {
                <div class="quiz-feedback" data-testid="quiz-feedback">
                    <p class=if right {
                        "verdict right"
                    } else {
                        "verdict wrong"
                    }>{if right { "Correct" } else { "Not quite" }}</p>
                    <OptionExplanations options=explained is_order=is_order />
                    <p>
                        <a href=doc.clone() target="_blank" rel="noopener">
                            "Documentation"
                        </a>
                    </p>
                    <button type="button" on:click=move |_| on_next.run(())>
                        "Next question"
                    </button>
                </div>
            }
        })
    };
    view! {
        <article
            class="quiz-question"
            data-testid="quiz-question"
            data-question=question.id.clone()
        >
            <p class="muted">
                {format!(
                    "{} · {} · difficulty {}",
                    question.objective,
                    kind.label(),
                    question.difficulty,
                )}
            </p>
            <MarkdownView text=question.stem.clone() />
            {choices}
            <button
                type="button"
                class="primary"
                disabled=move || submitted.get() || !can_submit()
                on:click=move |_| submit()
            >
                "Submit"
            </button>
            {feedback}
        </article>
    }
}

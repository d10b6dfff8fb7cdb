//! A mock-exam question: choosing saves the answer at once and nothing says whether it is
//! right (the exam gives no feedback until it is finished).

use lakelab_core::curriculum::content::{Answer, Question, QuestionKind};
use leptos::prelude::*;

use crate::components::markdown_view::MarkdownView;
use crate::components::quiz_order_list::QuizOrderList;
use crate::components::quiz_question::start_order;

#[component]
pub fn ExamQuestion(
    question: Question,
    /// The answer given so far.
    answer: Option<Answer>,
    on_change: Callback<Answer>,
) -> impl IntoView {
    let kind = question.kind;
    let chosen = RwSignal::new(answer.clone().map(|a| a.0).unwrap_or_default());
    let choices = if kind == QuestionKind::Order {
        let order = RwSignal::new(
            answer
                .map(|a| a.0)
                .unwrap_or_else(|| start_order(&question)),
        );
        // Every move is an answer (the first run is the starting order, not one).
        Effect::new(move |prev: Option<()>| {
            let now = order.get();
            if prev.is_some() {
                on_change.run(Answer(now));
            }
        });
        view! { <QuizOrderList options=question.options.clone() order=order locked=false /> }
            .into_any()
    } else {
        let input_type = if kind == QuestionKind::Multiple {
            "checkbox"
        } else {
            "radio"
        };
        let name = format!("exam-{}", question.id);
        view! {
            <ul class="quiz-options" data-testid="quiz-options">
                {question
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let letter = char::from(b'A' + i as u8);
                        let text = c.text.clone();
                        let pick = move |_| {
                            chosen
                                .update(|c| {
                                    if kind == QuestionKind::Multiple {
                                        if let Some(at) = c.iter().position(|x| *x == i) {
                                            c.remove(at);
                                        } else {
                                            c.push(i);
                                        }
                                    } else {
                                        *c = vec![i];
                                    }
                                });
                            on_change.run(Answer(chosen.get_untracked()));
                        };
                        view! {
                            <li>
                                <label>
                                    <input
                                        type=input_type
                                        name=name.clone()
                                        prop:checked=move || chosen.get().contains(&i)
                                        on:change=pick
                                    />
                                    <span class="quiz-letter">{format!("{letter}.")}</span>
                                    <MarkdownView text=text />
                                </label>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <article
            class="quiz-question"
            data-testid="exam-question"
            data-question=question.id.clone()
        >
            <p class="muted">{format!("{} · {}", question.objective, kind.label())}</p>
            <MarkdownView text=question.stem.clone() />
            {choices}
        </article>
    }
}

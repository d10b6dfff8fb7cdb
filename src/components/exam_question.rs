//! A mock-exam question: choosing saves the answer at once and nothing says whether it is
//! right (the exam gives no feedback until it is finished).

use lakelab_core::curriculum::content::{Answer, Question, QuestionKind};
use leptos::prelude::*;

use crate::components::choice_list::{pick, ChoiceList};
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
        let on_pick = Callback::new(move |i: usize| {
            chosen.update(|c| pick(c, i, kind == QuestionKind::Multiple));
            on_change.run(Answer(chosen.get_untracked()));
        });
        view! {
            <ChoiceList
                options=question.options.clone()
                name=format!("exam-{}", question.id)
                multiple=kind == QuestionKind::Multiple
                chosen=chosen
                locked=false
                on_pick=on_pick
            />
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

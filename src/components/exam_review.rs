//! One question of a finished mock exam, for the review: the verdict, the learner's answer and
//! every option's explanation.

use lakelab_core::curriculum::content::{Answer, Question, QuestionKind};
use leptos::prelude::*;

use crate::components::choice_list::letter;
use crate::components::markdown_view::MarkdownView;
use crate::components::option_explanations::OptionExplanations;

#[component]
pub fn ExamReview(
    number: usize,
    question: Question,
    answer: Option<Answer>,
    right: bool,
    flagged: bool,
) -> impl IntoView {
    let is_order = question.kind == QuestionKind::Order;
    let given = match &answer {
        None => "not answered".to_string(),
        Some(a) if is_order => {
            a.0.iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
        Some(a) => {
            let mut picks: Vec<String> =
                a.0.iter()
                    .map(|i| letter(*i).trim_end_matches('.').to_string())
                    .collect();
            picks.sort();
            if picks.is_empty() {
                "nothing chosen".into()
            } else {
                picks.join(", ")
            }
        }
    };
    view! {
        <li
            class="exam-review"
            data-testid="exam-review"
            data-right=right.to_string()
            data-flagged=flagged.to_string()
        >
            <p>
                <strong>{format!("Question {number}")}</strong>
                {format!(" · {} · ", question.objective)}
                <span class=if right {
                    "verdict right"
                } else {
                    "verdict wrong"
                }>{if right { "Right" } else { "Wrong" }}</span>
                {flagged.then_some(" · flagged")}
            </p>
            <MarkdownView text=question.stem.clone() />
            <p>{format!("Your answer: {given}")}</p>
            <OptionExplanations options=question.options.clone() is_order=is_order />
            <p>
                <a href=question.doc.clone() target="_blank" rel="noopener">
                    "Documentation"
                </a>
            </p>
        </li>
    }
}

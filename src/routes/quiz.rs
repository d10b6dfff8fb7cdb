//! The Quiz page. Until its capability lands it states what it will hold.

use leptos::prelude::*;

use crate::components::upcoming::Upcoming;

const HOLDS: &[&str] = &[
    "Practice mode with instant feedback and a timed exam mode (48 questions, 90 minutes)",
    "Explanations for right and wrong options, with a documentation link",
    "Retrying wrong or flagged questions, with spaced repetition",
];

#[component]
pub fn QuizPage() -> impl IntoView {
    view! {
        <h1>"Quiz"</h1>
        <p class="lead">
            "Questions on every exam objective, with an explanation for every option."
        </p>
        <Upcoming
            holds=HOLDS
            objectives="All 48 objectives, S1.01 to S4.06, in the exam's four sections."
        />
    }
}

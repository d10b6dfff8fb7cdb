//! The Quiz page, practice mode: questions on a chosen scope (everything, a section or one
//! objective), all of them, those due for review (SM-2) or those last answered wrong, with
//! instant feedback. Answers are recorded in the learner's progress.

use lakelab_core::curriculum::content::{Answer, Question};
use lakelab_core::curriculum::record::answer;
use lakelab_core::curriculum::srs::day_of;
use lakelab_core::curriculum::{Section, OBJECTIVES};
use lakelab_core::Progress;
use leptos::prelude::*;

use crate::components::app_link::AppLink;
use crate::components::quiz_question::QuizQuestion;
use crate::platform::clock::{now_ms, utc_offset_minutes};
use crate::state::content::bank;
use crate::state::use_app;

/// Which questions: "all", "s1".."s4", or an objective id.
fn in_scope(q: &Question, scope: &str) -> bool {
    match scope {
        "all" => true,
        s if s.starts_with('s') && s.len() == 2 => q.objective.get(1..2) == s.get(1..2),
        id => q.objective == id,
    }
}

/// "all", "due" (new or due today) or "wrong" (last answer wrong).
fn in_mode(q: &Question, mode: &str, p: &Progress, today: i64) -> bool {
    let record = p.questions.get(&q.id);
    match mode {
        "due" => record.is_none_or(|r| r.card.is_due(today)),
        "wrong" => record.is_some_and(|r| !r.last_correct),
        _ => true,
    }
}

#[component]
pub fn QuizPage() -> impl IntoView {
    let state = use_app();
    let progress = state.progress;
    let scope = RwSignal::new("all".to_string());
    let mode = RwSignal::new("all".to_string());
    // The question shown, fixed while it is answered (recording changes the queue).
    let current = RwSignal::new(None::<String>);
    let today = move || day_of(now_ms(), utc_offset_minutes());
    let queue = move || -> Vec<&'static Question> {
        let (scope, mode) = (scope.get(), mode.get());
        let today = today();
        progress.value.with(|p| {
            bank()
                .questions
                .iter()
                .filter(|q| in_scope(q, &scope) && in_mode(q, &mode, p, today))
                .collect()
        })
    };
    // The next question: the first in the queue after the current one, else the first.
    let advance = move || {
        let q = untrack(queue);
        let at = current
            .get_untracked()
            .and_then(|id| q.iter().position(|x| x.id == id));
        let next = match at {
            Some(i) => q.get(i + 1).or(q.first()),
            None => q.first(),
        };
        current.set(next.map(|x| x.id.clone()));
    };
    Effect::new(move |_| {
        scope.track();
        mode.track();
        untrack(|| {
            current.set(None);
            advance();
        });
    });
    let stats = move || {
        let scope = scope.get();
        progress.value.with(|p| {
            let scoped: Vec<&Question> = bank()
                .questions
                .iter()
                .filter(|q| in_scope(q, &scope))
                .collect();
            let answered: Vec<_> = scoped
                .iter()
                .filter_map(|q| p.questions.get(&q.id))
                .collect();
            let right = answered.iter().filter(|r| r.last_correct).count();
            format!(
                "{} questions · {} answered · {} right last time",
                scoped.len(),
                answered.len(),
                right
            )
        })
    };
    let on_answer = Callback::new(move |given: Answer| {
        let Some(q) = current.get_untracked().and_then(|id| bank().question(&id)) else {
            return false;
        };
        let mut right = false;
        progress.update(|p| {
            let (record, ok) = answer(
                p.questions.get(&q.id),
                q,
                &given,
                false,
                now_ms(),
                utc_offset_minutes(),
            );
            right = ok;
            p.questions.insert(q.id.clone(), record);
        });
        right
    });
    let on_next = Callback::new(move |_| advance());
    let scopes = std::iter::once(("all".to_string(), "All objectives".to_string()))
        .chain(Section::ALL.iter().map(|s| {
            (
                format!("s{}", s.number()),
                format!("Section {}: {}", s.number(), s.name()),
            )
        }))
        .chain(
            OBJECTIVES
                .iter()
                .map(|o| (o.id.to_string(), format!("{} {}", o.id, o.text))),
        )
        .collect::<Vec<_>>();
    view! {
        <h1>"Quiz"</h1>
        <p class="lead">
            "Practice questions on every exam objective, with an explanation for every option. \
             Keys: 1–5 or A–E choose, Enter submits and moves on."
        </p>
        <p>
            <AppLink to="/exam">"Take a mock exam"</AppLink>
            " (48 questions in 90 minutes, no feedback until the end)."
        </p>
        <div class="quiz-controls">
            <label for="quiz-scope">"Questions on"</label>
            <select id="quiz-scope" on:change=move |ev| scope.set(event_target_value(&ev))>
                {scopes
                    .into_iter()
                    .map(|(v, label)| view! { <option value=v>{label}</option> })
                    .collect_view()}
            </select>
            <label for="quiz-mode">"Show"</label>
            <select id="quiz-mode" on:change=move |ev| mode.set(event_target_value(&ev))>
                <option value="all">"All questions"</option>
                <option value="due">"New and due for review"</option>
                <option value="wrong">"Answered wrong last time"</option>
            </select>
        </div>
        <p class="muted" data-testid="quiz-stats">
            {stats}
        </p>
        {move || match current.get().and_then(|id| bank().question(&id)) {
            Some(q) => {
                view! { <QuizQuestion question=q.clone() on_answer=on_answer on_next=on_next /> }
                    .into_any()
            }
            None => {
                view! {
                    <p data-testid="quiz-empty">
                        "No questions here: choose another scope, or come back when reviews are due."
                    </p>
                }
                    .into_any()
            }
        }}
    }
}

//! The mock exam: questions drawn by section weight (48 in 90 minutes, or shorter), answered
//! without feedback, with flags for review and a navigation grid; time running out finishes
//! it. Then the score per section and a review filtered by right, wrong or flagged. The exam
//! lives in the learner's progress, so a reload resumes it. `?seed=N` draws a given exam (a
//! teacher's class link); otherwise the seed is the start time.

use lakelab_core::curriculum::exam::MockExam;
use lakelab_core::curriculum::mock_exam::EXAM_QUESTIONS;
use lakelab_core::curriculum::Section;
use lakelab_core::progress::MockScore;
use leptos::prelude::*;

use crate::components::exam_question::ExamQuestion;
use crate::components::exam_review::ExamReview;
use crate::platform::clock::now_ms;
use crate::state::content::bank;
use crate::state::use_app;

fn clock_text(ms: i64) -> String {
    let s = (ms.max(0) + 999) / 1000;
    format!("{}:{:02}", s / 60, s % 60)
}

#[component]
pub fn ExamPage() -> impl IntoView {
    let state = use_app();
    let progress = state.progress;
    let query = leptos_router::hooks::use_query_map();
    let length = RwSignal::new(EXAM_QUESTIONS);
    let error = RwSignal::new(None::<String>);
    let at = RwSignal::new(0usize);
    let now = RwSignal::new(now_ms());
    let ticker =
        set_interval_with_handle(move || now.set(now_ms()), std::time::Duration::from_secs(1)).ok();
    on_cleanup(move || {
        if let Some(t) = ticker {
            t.clear();
        }
    });
    let exam = move || progress.value.with(|p| p.mock_exam.clone());
    // A memo, so the clock's tick re-renders only the clock, not the question.
    let running = Memo::new(move |_| exam().is_some_and(|e| !e.is_over(now.get())));
    // Running out of time finishes the exam (once), and records its score.
    let finish = move || {
        let t = now_ms();
        progress.update(|p| {
            if let Some(e) = &mut p.mock_exam {
                if e.finished_ms.is_none() {
                    e.finish(t);
                    let score = e.score(bank());
                    p.mock_scores.push(MockScore {
                        finished_ms: e.finished_ms.unwrap_or(t),
                        score,
                    });
                }
            }
        });
    };
    Effect::new(move |_| {
        let over = progress.value.with(|p| {
            p.mock_exam
                .as_ref()
                .is_some_and(|e| e.finished_ms.is_none() && e.is_over(now.get()))
        });
        if over {
            finish();
        }
    });
    let start = move |_| {
        let seed = query
            .with_untracked(|q| q.get("seed"))
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or_else(|| now_ms() as u64);
        match MockExam::start(bank(), length.get_untracked(), seed, now_ms()) {
            Ok(e) => {
                at.set(0);
                progress.update(|p| p.mock_exam = Some(e));
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let confirming = RwSignal::new(false);
    view! {
        <h1>"Mock exam"</h1>
        {move || {
            if running.get() {
                let Some(e) = exam() else { return ().into_any() };
                let n = e.questions.len();
                let i = at.get().min(n.saturating_sub(1));
                let unanswered = e.answers.iter().filter(|a| a.is_none()).count();
                let question = e.questions.get(i).and_then(|id| bank().question(id)).cloned();
                let grid = (0..n)
                    .map(|k| {
                        let mut class = String::from("exam-nav-item");
                        if e.answers[k].is_some() {
                            class += " answered";
                        }
                        if e.flagged[k] {
                            class += " flagged";
                        }
                        if k == i {
                            class += " current";
                        }
                        let label = format!(
                            "Question {}{}{}",
                            k + 1,
                            if e.answers[k].is_some() { ", answered" } else { "" },
                            if e.flagged[k] { ", flagged" } else { "" },
                        );
                        view! {
                            <button
                                type="button"
                                class=class
                                aria-label=label
                                on:click=move |_| at.set(k)
                            >
                                {(k + 1).to_string()}
                            </button>
                        }
                    })
                    .collect_view();
                let flagged = e.flagged.get(i).copied().unwrap_or(false);
                let (is_first, is_last) = (i == 0, i + 1 >= n);
                let answer = e.answers.get(i).cloned().flatten();
                let on_change = Callback::new(move |a| {
                    let t = now_ms();
                    progress
                        .update(|p| {
                            if let Some(e) = &mut p.mock_exam {
                                e.answer(i, a, t);
                            }
                        });
                });
                view! {
                    <p class="exam-bar">
                        <span data-testid="exam-position">
                            {format!("Question {} of {n}", i + 1)}
                        </span>
                        " · "
                        <span data-testid="exam-clock">
                            {move || clock_text(exam().map_or(0, |e| e.deadline_ms()) - now.get())}
                        </span>
                        " left · "
                        {format!("{unanswered} unanswered")}
                    </p>
                    <nav class="exam-nav" aria-label="Questions" data-testid="exam-nav">
                        {grid}
                    </nav>
                    {question
                        .map(|q| {
                            view! { <ExamQuestion question=q answer=answer on_change=on_change /> }
                        })}
                    <label>
                        <input
                            type="checkbox"
                            prop:checked=flagged
                            on:change=move |_| {
                                progress
                                    .update(|p| {
                                        if let Some(e) = &mut p.mock_exam {
                                            e.toggle_flag(i);
                                        }
                                    })
                            }
                        />
                        " Flag for review"
                    </label>
                    <p class="exam-buttons">
                        <button
                            type="button"
                            disabled=is_first
                            on:click=move |_| at.set(i.saturating_sub(1))
                        >
                            "Previous"
                        </button>
                        <button type="button" disabled=is_last on:click=move |_| at.set(i + 1)>
                            "Next"
                        </button>
                        <button type="button" on:click=move |_| confirming.set(true)>
                            "Finish exam"
                        </button>
                    </p>
                    {move || {
                        confirming
                            .get()
                            .then(|| {
                                view! {
                                    <p role="alert">
                                        {format!(
                                            "Finish now? {unanswered} questions are unanswered. ",
                                        )}
                                        <button
                                            type="button"
                                            class="primary"
                                            on:click=move |_| {
                                                confirming.set(false);
                                                finish();
                                            }
                                        >
                                            "Yes, finish"
                                        </button>
                                        <button
                                            type="button"
                                            on:click=move |_| confirming.set(false)
                                        >
                                            "Keep going"
                                        </button>
                                    </p>
                                }
                            })
                    }}
                }
                    .into_any()
            } else {
                let done = exam();
                view! {
                    <p class="lead">
                        "Like the real exam: questions spread over the four sections by weight, \
                         no feedback until the end, 90 minutes for 48 questions (shorter exams get \
                         a proportional time)."
                    </p>
                    <p>
                        <label for="exam-length">"Questions "</label>
                        <select
                            id="exam-length"
                            on:change=move |ev| {
                                length
                                    .set(event_target_value(&ev).parse().unwrap_or(EXAM_QUESTIONS))
                            }
                        >
                            <option value="48">"48 (90 minutes)"</option>
                            <option value="24">"24 (45 minutes)"</option>
                            <option value="10">"10 (19 minutes)"</option>
                        </select>
                        " "
                        <button type="button" class="primary" on:click=start>
                            "Start a mock exam"
                        </button>
                    </p>
                    {move || error.get().map(|e| view! { <p role="alert">{e}</p> })}
                    {done.map(|e| view! { <ExamResult exam=e /> })}
                }
                    .into_any()
            }
        }}
    }
}

/// A finished exam: the score, per section, and the review.
#[component]
fn ExamResult(exam: MockExam) -> impl IntoView {
    let score = exam.score(bank());
    let filter = RwSignal::new("all".to_string());
    let rows = score
        .sections
        .iter()
        .filter(|s| s.2 > 0)
        .map(|(number, right, total)| {
            let name = Section::ALL
                .iter()
                .find(|s| s.number() == *number)
                .map_or("", |s| s.name());
            view! {
                <tr data-testid="exam-section">
                    <th scope="row">{format!("{number}. {name}")}</th>
                    <td>{format!("{right} of {total}")}</td>
                </tr>
            }
        })
        .collect_view();
    let items = move || {
        let f = filter.get();
        exam.questions
            .iter()
            .enumerate()
            .filter_map(|(i, id)| {
                let q = bank().question(id)?.clone();
                let right = exam.is_right(bank(), i);
                let flagged = exam.flagged[i];
                let keep = match f.as_str() {
                    "right" => right,
                    "wrong" => !right,
                    "flagged" => flagged,
                    _ => true,
                };
                keep.then(|| {
                    view! {
                        <ExamReview
                            number=i + 1
                            question=q
                            answer=exam.answers[i].clone()
                            right=right
                            flagged=flagged
                        />
                    }
                })
            })
            .collect_view()
    };
    view! {
        <section aria-labelledby="exam-score">
            <h2 id="exam-score" data-testid="exam-score">
                {format!("Score: {} of {} ({:.0}%)", score.right, score.total, score.percent())}
            </h2>
            <table>
                <tbody>{rows}</tbody>
            </table>
            <label for="exam-filter">"Review "</label>
            <select id="exam-filter" on:change=move |ev| filter.set(event_target_value(&ev))>
                <option value="all">"All questions"</option>
                <option value="right">"Right"</option>
                <option value="wrong">"Wrong"</option>
                <option value="flagged">"Flagged"</option>
            </select>
            <ol class="exam-review-list">{items}</ol>
        </section>
    }
}

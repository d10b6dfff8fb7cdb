//! Progress per exam section: exercises completed, questions answered and right last time,
//! and reviews due today (SM-2).

use lakelab_core::curriculum::srs::day_of;
use lakelab_core::curriculum::{objective, Section};
use leptos::prelude::*;

use crate::platform::clock::{now_ms, utc_offset_minutes};
use crate::state::content::bank;
use crate::state::use_app;

fn section_of(objective_id: &str) -> Option<Section> {
    objective(objective_id).map(|o| o.section)
}

#[component]
pub fn SectionProgress() -> impl IntoView {
    let state = use_app();
    let rows = move || {
        let today = day_of(now_ms(), utc_offset_minutes());
        state.progress.value.with(|p| {
            Section::ALL
                .iter()
                .map(|s| {
                    let exercises: Vec<_> = bank()
                        .exercises
                        .iter()
                        .filter(|e| e.objectives.first().and_then(|o| section_of(o)) == Some(*s))
                        .collect();
                    let completed = exercises
                        .iter()
                        .filter(|e| {
                            p.exercises
                                .get(&e.id)
                                .is_some_and(|r| r.completed_ms.is_some())
                        })
                        .count();
                    let questions: Vec<_> = bank()
                        .questions
                        .iter()
                        .filter(|q| section_of(&q.objective) == Some(*s))
                        .collect();
                    let records: Vec<_> = questions
                        .iter()
                        .filter_map(|q| p.questions.get(&q.id))
                        .collect();
                    let right = records.iter().filter(|r| r.last_correct).count();
                    let due = records.iter().filter(|r| r.card.is_due(today)).count();
                    view! {
                        <tr data-testid="section-row" data-section=s.number().to_string()>
                            <th scope="row">{format!("{}. {}", s.number(), s.name())}</th>
                            <td>{format!("{completed} of {}", exercises.len())}</td>
                            <td>{format!("{} of {}", records.len(), questions.len())}</td>
                            <td>{right}</td>
                            <td>{due}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <table class="section-progress">
            <thead>
                <tr>
                    <th scope="col">"Section"</th>
                    <th scope="col">"Exercises done"</th>
                    <th scope="col">"Questions answered"</th>
                    <th scope="col">"Right last time"</th>
                    <th scope="col">"Reviews due"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

//! "Act as": whom Catalog pages and notebook calls act as (the learner or a simulated
//! colleague), so a learner sees what a grant or a revoke changes for someone else.

use lakelab_core::catalog::LEARNER;
use leptos::prelude::*;

use crate::state::use_app;

#[component]
pub fn ActingAs() -> impl IntoView {
    let state = use_app();
    let people = move || {
        state.workspace.value.with(|w| {
            let mut all = vec![LEARNER.to_string()];
            all.extend(w.unity.access.users.iter().cloned());
            all
        })
    };
    let current = move || state.workspace.value.with(|w| w.unity.principal());
    let choose = move |ev| {
        let who = event_target_value(&ev);
        state.workspace.update(|w| {
            w.unity.acting_as = if who == LEARNER { None } else { Some(who) };
        });
    };
    view! {
        <p class="acting-as">
            <label for="acting-as">"Act as "</label>
            <select id="acting-as" on:change=choose>
                {move || {
                    people()
                        .into_iter()
                        .map(|p| {
                            let value = p.clone();
                            let label = if p == LEARNER {
                                format!("{p} (you, metastore admin)")
                            } else {
                                p.clone()
                            };
                            view! {
                                <option value=value.clone() selected=move || current() == value>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <span class="note">" Catalog pages and notebook cells act as this person."</span>
        </p>
    }
}

//! A model's permissions: its owner, the grants made on it, what each principal can
//! effectively do (grants on the catalog and schema count), and a form to grant or revoke.

use lakelab_core::catalog::names::FullName;
use lakelab_core::catalog::privileges::{Privilege, Securable};
use leptos::prelude::*;

use crate::state::use_app;

const GRANTABLE: [Privilege; 5] = [
    Privilege::Execute,
    Privilege::ApplyTag,
    Privilege::CreateModelVersion,
    Privilege::Browse,
    Privilege::Manage,
];

#[component]
pub fn ModelPermissions(name: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let state = use_app();
    let Ok(full) = FullName::parse(&name, "model") else {
        return ().into_any();
    };
    let sec = Securable::Model(full);
    let principal = RwSignal::new("data_scientists".to_string());
    let privilege = RwSignal::new(Privilege::Execute.sql().to_string());
    let s1 = sec.clone();
    let summary = move || {
        state.workspace.value.with(|w| {
            let u = &w.unity;
            let owner = u.access.owner(&s1).unwrap_or("(none)").to_string();
            let grants = u.access.grants_on(&s1);
            let effective: Vec<(String, Vec<Privilege>)> = u
                .principals()
                .into_iter()
                .filter(|p| !u.access.is_group(p))
                .map(|p| {
                    let e = u.access.effective(&p, &s1);
                    (p, e)
                })
                .collect();
            (owner, grants, effective, u.principals())
        })
    };
    let change = move |grant: bool| {
        let s = sec.clone();
        move |_| {
            let who = principal.get_untracked();
            let Some(p) = Privilege::parse(&privilege.get_untracked()) else {
                return;
            };
            let result = state.workspace.apply(|w| {
                if grant {
                    w.unity.grant(&s, &[p], &who)
                } else {
                    w.unity.revoke(&s, &[p], &who)
                }
            });
            match result {
                Some(Err(e)) => error.set(Some(e.message)),
                _ => error.set(None),
            }
        }
    };
    let grant_click = change(true);
    let revoke_click = change(false);
    view! {
        <section class="permissions" data-testid="model-permissions">
            <h2>"Permissions"</h2>
            {move || {
                let (owner, grants, effective, principals) = summary();
                let grant_rows = grants
                    .into_iter()
                    .map(|(p, x)| {
                        view! {
                            <tr>
                                <td>{p}</td>
                                <td>{x.sql()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let effective_rows = effective
                    .into_iter()
                    .map(|(p, xs)| {
                        let text = if xs.is_empty() {
                            "none".to_string()
                        } else {
                            xs.iter().map(|x| x.sql()).collect::<Vec<_>>().join(", ")
                        };
                        view! {
                            <tr>
                                <td>{p}</td>
                                <td>{text}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let options = principals
                    .into_iter()
                    .map(|p| {
                        let value = p.clone();
                        view! {
                            <option value=value.clone() selected=move || principal.get() == value>
                                {p}
                            </option>
                        }
                    })
                    .collect_view();
                view! {
                    <p>"Owner: " <strong>{owner}</strong></p>
                    <table class="kv">
                        <caption>"Grants on this model"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Principal"</th>
                                <th scope="col">"Privilege"</th>
                            </tr>
                        </thead>
                        <tbody>{grant_rows}</tbody>
                    </table>
                    <table class="kv" data-testid="effective-privileges">
                        <caption>
                            "Effective privileges (inherited grants and ownership count)"
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">"User"</th>
                                <th scope="col">"Can"</th>
                            </tr>
                        </thead>
                        <tbody>{effective_rows}</tbody>
                    </table>
                    <form on:submit=|ev| ev.prevent_default()>
                        <label for="grant-principal">"Principal"</label>
                        <select
                            id="grant-principal"
                            on:change=move |ev| principal.set(event_target_value(&ev))
                        >
                            {options}
                        </select>
                        <label for="grant-privilege">"Privilege"</label>
                        <select
                            id="grant-privilege"
                            on:change=move |ev| privilege.set(event_target_value(&ev))
                        >
                            {GRANTABLE
                                .iter()
                                .map(|p| {
                                    let text = p.sql();
                                    view! {
                                        <option value=text selected=move || privilege.get() == text>
                                            {text}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </form>
                }
            }}
            <button type="button" on:click=grant_click>
                "Grant"
            </button>
            " "
            <button type="button" on:click=revoke_click>
                "Revoke"
            </button>
        </section>
    }
    .into_any()
}

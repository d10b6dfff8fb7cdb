//! A registered model's versions, as Catalog Explorer lists them: version, registered at,
//! aliases and tags as chips (× removes one), the source run (a link), status.

use lakelab_core::registry::RegistryKind;
use leptos::prelude::*;

use crate::components::app_link::AppLink;
use crate::state::use_app;

fn when(ms: i64) -> String {
    let d = js_sys::Date::new(&(ms as f64).into());
    String::from(d.to_locale_string("default", &Default::default()))
}

#[component]
pub fn ModelVersions(name: String, error: RwSignal<Option<String>>) -> impl IntoView {
    let state = use_app();
    let key = name.clone();
    let rows = move || {
        state.workspace.value.with(|w| {
            let Some(m) = w.unity.models.get(&key) else {
                return Vec::new();
            };
            m.versions
                .iter()
                .rev()
                .map(|v| {
                    let experiment = w
                        .tracking
                        .get_run(&v.run_id)
                        .map(|r| r.info.experiment_id)
                        .unwrap_or_default();
                    (v.clone(), m.aliases_of(v.version), experiment)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <table class="versions" data-testid="model-versions">
            <caption>"Versions"</caption>
            <thead>
                <tr>
                    <th scope="col">"Version"</th>
                    <th scope="col">"Registered at"</th>
                    <th scope="col">"Aliases"</th>
                    <th scope="col">"Tags"</th>
                    <th scope="col">"Source run"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    rows()
                        .into_iter()
                        .map(|(v, aliases, experiment)| {
                            let chips = aliases
                                .into_iter()
                                .map(|a| {
                                    let model = name.clone();
                                    let alias = a.clone();
                                    let remove = move |_| {
                                        let result = state
                                            .workspace
                                            .apply(|w| {
                                                w.unity.delete_alias(RegistryKind::Uc, &model, &alias)
                                            });
                                        if let Some(Err(e)) = result {
                                            error.set(Some(e.message));
                                        }
                                    };
                                    view! {
                                        <span class="chip" data-testid="alias-chip">
                                            {format!("@{a}")}
                                            <button
                                                type="button"
                                                class="chip-remove"
                                                aria-label=format!("Remove alias {a}")
                                                on:click=remove
                                            >
                                                "×"
                                            </button>
                                        </span>
                                    }
                                })
                                .collect_view();
                            let tags = v
                                .tags
                                .iter()
                                .map(|(k, val)| {
                                    let model = name.clone();
                                    let (tag, version) = (k.clone(), v.version.to_string());
                                    let remove = move |_| {
                                        let result = state
                                            .workspace
                                            .apply(|w| {
                                                w.unity
                                                    .set_version_tag(
                                                        RegistryKind::Uc,
                                                        &model,
                                                        &version,
                                                        &tag,
                                                        None,
                                                        js_sys::Date::now() as i64,
                                                    )
                                            });
                                        if let Some(Err(e)) = result {
                                            error.set(Some(e.message));
                                        }
                                    };
                                    view! {
                                        <span class="chip">
                                            {format!("{k}={val}")}
                                            <button
                                                type="button"
                                                class="chip-remove"
                                                aria-label=format!("Remove version tag {k}")
                                                on:click=remove
                                            >
                                                "×"
                                            </button>
                                        </span>
                                    }
                                })
                                .collect_view();
                            let run_link = format!("/experiments/{experiment}/runs/{}", v.run_id);
                            view! {
                                <tr>
                                    <th scope="row">{format!("Version {}", v.version)}</th>
                                    <td>{when(v.creation_timestamp)}</td>
                                    <td>{chips}</td>
                                    <td>{tags}</td>
                                    <td>
                                        <AppLink to=run_link>{v.run_id.clone()}</AppLink>
                                    </td>
                                    <td>{v.status.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

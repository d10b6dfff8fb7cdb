//! Catalog Explorer's tree: catalogs → schemas → registered models, narrowed by a search
//! text, showing only what the acting principal may see (BROWSE, or a privilege that lets
//! them use the object), as Catalog Explorer does.

use lakelab_core::catalog::names::FullName;
use lakelab_core::catalog::privileges::{Privilege, Securable};
use leptos::prelude::*;

use crate::components::app_link::AppLink;
use crate::state::use_app;

/// One schema's visible models.
#[derive(Clone)]
struct SchemaNode {
    name: String,
    models: Vec<String>,
}

#[derive(Clone)]
struct CatalogNode {
    name: String,
    schemas: Vec<SchemaNode>,
}

#[component]
pub fn CatalogTree(#[prop(into)] filter: Signal<String>) -> impl IntoView {
    let state = use_app();
    let tree = move || {
        let needle = filter.get().to_lowercase();
        state.workspace.value.with(|w| {
            let u = &w.unity;
            let who = u.principal();
            let sees = |s: &Securable| {
                [
                    Privilege::Browse,
                    Privilege::UseCatalog,
                    Privilege::UseSchema,
                    Privilege::Execute,
                ]
                .iter()
                .any(|p| u.access.has(&who, *p, s))
            };
            u.catalogs
                .iter()
                .filter(|(c, _)| sees(&Securable::Catalog((*c).clone())))
                .map(|(c, info)| CatalogNode {
                    name: c.clone(),
                    schemas: info
                        .schemas
                        .keys()
                        .filter(|s| sees(&Securable::Schema(c.clone(), (*s).clone())))
                        .map(|s| SchemaNode {
                            name: s.clone(),
                            models: u
                                .objects_in(c, s)
                                .into_iter()
                                .filter(|m| {
                                    FullName::parse(m, "model")
                                        .map(|n| sees(&Securable::Model(n)))
                                        .unwrap_or(false)
                                })
                                .collect(),
                        })
                        .filter(|s| {
                            needle.is_empty()
                                || format!("{c}.{}", s.name).contains(&needle)
                                || s.models.iter().any(|m| m.contains(&needle))
                        })
                        .collect(),
                })
                .filter(|c| needle.is_empty() || c.name.contains(&needle) || !c.schemas.is_empty())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <nav class="catalog-tree" aria-label="Catalogs">
            <ul data-testid="catalog-tree">
                {move || {
                    tree()
                        .into_iter()
                        .map(|c| {
                            let schemas = c
                                .schemas
                                .into_iter()
                                .map(|s| {
                                    let models = s
                                        .models
                                        .into_iter()
                                        .map(|m| {
                                            let to = format!("/catalog/models/{m}");
                                            let short = m
                                                .rsplit('.')
                                                .next()
                                                .unwrap_or_default()
                                                .to_string();
                                            view! {
                                                <li class="model">
                                                    <AppLink to=to>{short}</AppLink>
                                                </li>
                                            }
                                        })
                                        .collect_view();
                                    view! {
                                        <li class="schema">
                                            <span>{s.name}</span>
                                            <ul>{models}</ul>
                                        </li>
                                    }
                                })
                                .collect_view();
                            view! {
                                <li class="catalog">
                                    <strong>{c.name}</strong>
                                    <ul>{schemas}</ul>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </nav>
    }
}

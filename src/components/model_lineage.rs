//! A model's lineage, per version: upstream (the run that produced it and the tables that run
//! read, from `mlflow.log_input`) and downstream (what uses it), each a link where it has a
//! page.

use lakelab_core::catalog::lineage::Node;
use leptos::prelude::*;

use crate::components::app_link::AppLink;
use crate::components::lineage_graph::LineageGraph;
use crate::state::use_app;

#[component]
pub fn ModelLineage(name: String) -> impl IntoView {
    let state = use_app();
    let graph_name = name.clone();
    let rows = move || {
        state.workspace.value.with(|w| {
            let Some(m) = w.unity.models.get(&name) else {
                return Vec::new();
            };
            m.versions
                .iter()
                .rev()
                .map(|v| {
                    let node = Node::ModelVersion(m.name.clone(), v.version);
                    let link = |n: &Node| match n {
                        Node::Run(r) => {
                            w.tracking.get_run(r).ok().map(|run| {
                                format!("/experiments/{}/runs/{r}", run.info.experiment_id)
                            })
                        }
                        Node::ModelVersion(model, _) => Some(format!("/catalog/models/{model}")),
                        _ => None,
                    };
                    let up: Vec<(String, Option<String>)> = w
                        .unity
                        .upstream(&node)
                        .iter()
                        .map(|n| (n.label(), link(n)))
                        .collect();
                    let down: Vec<(String, Option<String>)> = w
                        .unity
                        .downstream(&node)
                        .iter()
                        .map(|n| (n.label(), link(n)))
                        .collect();
                    (v.version, up, down)
                })
                .collect::<Vec<_>>()
        })
    };
    let items = |nodes: Vec<(String, Option<String>)>| {
        if nodes.is_empty() {
            return view! { <span class="note">"none"</span> }.into_any();
        }
        nodes
            .into_iter()
            .map(|(label, to)| match to {
                Some(to) => view! {
                    <li>
                        <AppLink to=to>{label}</AppLink>
                    </li>
                }
                .into_any(),
                None => view! { <li>{label}</li> }.into_any(),
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="lineage" data-testid="model-lineage">
            <h2>"Lineage"</h2>
            <LineageGraph name=graph_name />
            {move || {
                rows()
                    .into_iter()
                    .map(|(version, up, down)| {
                        view! {
                            <h3>{format!("Version {version}")}</h3>
                            <p>"Upstream"</p>
                            <ul>{items(up)}</ul>
                            <p>"Downstream"</p>
                            <ul>{items(down)}</ul>
                        }
                    })
                    .collect_view()
            }}
        </section>
    }
}

//! A model's lineage drawn as a graph: tables, runs, model versions and endpoints in columns
//! (what feeds what, left to right), with an arrow for each edge. The links to each node's
//! page sit in the list beside it ([`super::model_lineage::ModelLineage`]).

use std::collections::BTreeSet;

use lakelab_core::catalog::lineage::Node;
use leptos::prelude::*;

use crate::state::use_app;

const BOX_W: f64 = 220.0;
const BOX_H: f64 = 28.0;
const COL_GAP: f64 = 60.0;
const ROW_GAP: f64 = 12.0;
const PAD: f64 = 8.0;

fn column(n: &Node) -> usize {
    match n {
        Node::Table(_) => 0,
        Node::Run(_) => 1,
        Node::ModelVersion(..) => 2,
        Node::Endpoint(_) => 3,
    }
}

fn short(n: &Node) -> String {
    match n {
        Node::Run(r) => format!("Run {}…", r.chars().take(8).collect::<String>()),
        Node::ModelVersion(m, v) => format!("{}/{v}", m.rsplit('.').next().unwrap_or(m)),
        other => other.label(),
    }
}

#[component]
pub fn LineageGraph(name: String) -> impl IntoView {
    let state = use_app();
    let layout = move || {
        state.workspace.value.with(|w| {
            let u = &w.unity;
            let Some(m) = u.models.get(&name) else {
                return (Vec::new(), Vec::new(), 0.0, 0.0);
            };
            let mut nodes: BTreeSet<Node> = BTreeSet::new();
            for v in &m.versions {
                let node = Node::ModelVersion(m.name.clone(), v.version);
                nodes.extend(u.upstream(&node));
                nodes.extend(u.downstream(&node));
                nodes.insert(node);
            }
            let mut rows = [0usize; 4];
            let placed: Vec<(Node, f64, f64)> = nodes
                .iter()
                .map(|n| {
                    let c = column(n);
                    let r = rows[c];
                    rows[c] += 1;
                    (
                        n.clone(),
                        PAD + c as f64 * (BOX_W + COL_GAP),
                        PAD + r as f64 * (BOX_H + ROW_GAP),
                    )
                })
                .collect();
            let at = |n: &Node| {
                placed
                    .iter()
                    .find(|(p, _, _)| p == n)
                    .map(|(_, x, y)| (*x, *y))
            };
            let edges: Vec<(f64, f64, f64, f64)> = u
                .lineage_edges()
                .iter()
                .filter_map(|(a, b)| {
                    let (ax, ay) = at(a)?;
                    let (bx, by) = at(b)?;
                    Some((ax + BOX_W, ay + BOX_H / 2.0, bx, by + BOX_H / 2.0))
                })
                .collect();
            let width = PAD * 2.0 + 4.0 * BOX_W + 3.0 * COL_GAP;
            let height =
                PAD * 2.0 + rows.iter().max().copied().unwrap_or(0) as f64 * (BOX_H + ROW_GAP);
            (placed, edges, width, height)
        })
    };
    view! {
        {move || {
            let (placed, edges, width, height) = layout();
            if placed.is_empty() {
                return ().into_any();
            }
            let summary = format!(
                "Lineage graph: {} nodes, {} edges, tables then runs then model versions then endpoints from left to right",
                placed.len(),
                edges.len(),
            );
            view! {
                <svg
                    xmlns="http://www.w3.org/2000/svg"
                    viewBox=format!("0 0 {width} {height}")
                    role="img"
                    aria-label=summary
                    class="lineage-graph"
                    data-testid="lineage-graph"
                >
                    {edges
                        .into_iter()
                        .map(|(x1, y1, x2, y2)| {
                            view! {
                                <line
                                    x1=format!("{x1:.1}")
                                    y1=format!("{y1:.1}")
                                    x2=format!("{x2:.1}")
                                    y2=format!("{y2:.1}")
                                    class="lineage-edge"
                                />
                                <circle
                                    cx=format!("{x2:.1}")
                                    cy=format!("{y2:.1}")
                                    r="3"
                                    class="lineage-edge-end"
                                />
                            }
                        })
                        .collect_view()}
                    {placed
                        .into_iter()
                        .map(|(n, x, y)| {
                            view! {
                                <rect
                                    x=format!("{x:.1}")
                                    y=format!("{y:.1}")
                                    width=BOX_W.to_string()
                                    height=BOX_H.to_string()
                                    rx="4"
                                    class="lineage-node"
                                />
                                <text
                                    x=format!("{:.1}", x + 8.0)
                                    y=format!("{:.1}", y + 18.0)
                                    class="lineage-label"
                                >
                                    {short(&n)}
                                </text>
                            }
                        })
                        .collect_view()}
                </svg>
            }
                .into_any()
        }}
    }
}

//! Lineage: which tables fed which runs, which runs produced which model versions, which
//! versions an endpoint serves — queryable upstream and downstream, as Catalog Explorer's
//! Lineage tab shows it. Each capability records its edges: `mlflow.log_input` (a table read
//! for training → the run), the feature store and serving later. Run → model version edges
//! come from the registry itself, so they can never disagree with it.

use std::collections::{BTreeSet, VecDeque};

use serde::{Deserialize, Serialize};

use super::Unity;

/// `Deserialize` is in `lineage_de`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Node {
    Table(String),
    Run(String),
    /// A Unity Catalog model version: full name and version.
    ModelVersion(String, u32),
    Endpoint(String),
}

impl Node {
    /// `Table main.ml.customers`, `Run 1a2b…`, `Model version main.ml.m/2`.
    pub fn label(&self) -> String {
        match self {
            Node::Table(t) => format!("Table {t}"),
            Node::Run(r) => format!("Run {r}"),
            Node::ModelVersion(m, v) => format!("Model version {m}/{v}"),
            Node::Endpoint(e) => format!("Endpoint {e}"),
        }
    }
}

/// The recorded edges (from → to).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Lineage {
    edges: BTreeSet<(Node, Node)>,
}

crate::flat_de::map_only!(Lineage);

impl Lineage {
    pub fn record(&mut self, from: Node, to: Node) {
        self.edges.insert((from, to));
    }

    /// Forgets every edge touching `node` (it was deleted).
    pub fn forget(&mut self, node: &Node) {
        self.edges.retain(|(a, b)| a != node && b != node);
    }
}

impl Unity {
    /// Every edge: the recorded ones and run → version from the registry.
    pub fn lineage_edges(&self) -> Vec<(Node, Node)> {
        let mut all: Vec<(Node, Node)> = self.lineage.edges.iter().cloned().collect();
        for m in self.models.values() {
            for v in &m.versions {
                all.push((
                    Node::Run(v.run_id.clone()),
                    Node::ModelVersion(m.name.clone(), v.version),
                ));
            }
        }
        all
    }

    fn walk(&self, start: &Node, up: bool) -> Vec<Node> {
        let edges = self.lineage_edges();
        let mut seen: BTreeSet<Node> = BTreeSet::new();
        let mut order = Vec::new();
        let mut queue = VecDeque::from([start.clone()]);
        while let Some(n) = queue.pop_front() {
            for (a, b) in &edges {
                let next = if up && b == &n {
                    a
                } else if !up && a == &n {
                    b
                } else {
                    continue;
                };
                if next != start && seen.insert(next.clone()) {
                    order.push(next.clone());
                    queue.push_back(next.clone());
                }
            }
        }
        order
    }

    /// What `node` came from, nearest first.
    pub fn upstream(&self, node: &Node) -> Vec<Node> {
        self.walk(node, true)
    }

    /// What came from `node`, nearest first.
    pub fn downstream(&self, node: &Node) -> Vec<Node> {
        self.walk(node, false)
    }
}

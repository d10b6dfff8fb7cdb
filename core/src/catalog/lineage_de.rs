//! `Deserialize` for a lineage [`Node`], hand-written through one flat struct (see
//! `crate::flat_de`: serde's derive for this adjacently tagged enum buffers the `id` into its
//! `Content` tree whenever it comes before `kind`, as it always does in a workspace read
//! through a `serde_json::Value`, whose keys are sorted).

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::lineage::Node;
use crate::flat_de::{need, Bad, Found, MapOnly};

#[derive(Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum NodeKind {
    Table,
    Run,
    ModelVersion,
    Endpoint,
}

#[derive(Deserialize)]
#[serde(expecting = "adjacently tagged enum Node")]
struct NodeFields {
    kind: NodeKind,
    id: Option<NodeId>,
}

/// A name, or a model version's `[name, version]`.
enum NodeId {
    Name(String),
    Version(String, u32),
}

impl NodeFields {
    fn build(self) -> Result<Node, Bad> {
        let id = need(self.id, "id")?;
        let name = |id| match id {
            NodeId::Name(name) => Ok(name),
            NodeId::Version(..) => Err(Bad::Kind(Found::Sequence, "a string")),
        };
        Ok(match self.kind {
            NodeKind::Table => Node::Table(name(id)?),
            NodeKind::Run => Node::Run(name(id)?),
            NodeKind::Endpoint => Node::Endpoint(name(id)?),
            NodeKind::ModelVersion => match id {
                NodeId::Version(name, version) => Node::ModelVersion(name, version),
                NodeId::Name(_) => {
                    return Err(Bad::Kind(Found::Text, "tuple variant Node::ModelVersion"))
                }
            },
        })
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        NodeFields::deserialize(MapOnly(d))?
            .build()
            .map_err(Bad::into_error)
    }
}

impl<'de> Deserialize<'de> for NodeId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeIdVisitor)
    }
}

struct NodeIdVisitor;

impl<'de> Visitor<'de> for NodeIdVisitor {
    type Value = NodeId;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a name or [name, version]")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<NodeId, E> {
        Ok(NodeId::Name(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<NodeId, E> {
        Ok(NodeId::Name(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NodeId, A::Error> {
        let name: String = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let version: u32 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        match seq.next_element::<de::IgnoredAny>()? {
            Some(_) => Err(de::Error::invalid_length(3, &self)),
            None => Ok(NodeId::Version(name, version)),
        }
    }
}

//! `Deserialize` for a tree's [`Node`], hand-written through one flat struct (see
//! `crate::flat_de`: serde's derive for this untagged enum buffers every node into its
//! `Content` tree before trying each variant).

use serde::de::Error;
use serde::{Deserialize, Deserializer};

use super::tree::Node;
use crate::flat_de::MapOnly;

#[derive(Deserialize)]
#[serde(expecting = "untagged enum Node")]
struct NodeFields {
    feature: Option<usize>,
    threshold: Option<f64>,
    left: Option<usize>,
    right: Option<usize>,
    value: Option<Vec<f64>>,
}

impl<'de> Deserialize<'de> for Node {
    /// A split when all four split fields are there, else a leaf (the derived untagged
    /// enum's order).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match NodeFields::deserialize(MapOnly(d))? {
            NodeFields {
                feature: Some(feature),
                threshold: Some(threshold),
                left: Some(left),
                right: Some(right),
                ..
            } => Ok(Node::Split {
                feature,
                threshold,
                left,
                right,
            }),
            NodeFields {
                value: Some(value), ..
            } => Ok(Node::Leaf { value }),
            _ => Err(D::Error::custom(
                "data did not match any variant of untagged enum Node",
            )),
        }
    }
}

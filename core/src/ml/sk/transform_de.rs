//! `Deserialize` for [`FittedTransformer`], [`FittedPart`] and [`Fill`], hand-written (see
//! `crate::flat_de`: serde's derive for these tagged and untagged enums buffers into its
//! `Content` tree).

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::transform::{Fill, FittedPart, FittedTransformer};
use crate::flat_de::{need, Bad, Found, MapOnly};

#[derive(Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum TransformerKind {
    Imputer,
    Scaler,
    OneHot,
    Columns,
    Chain,
}

/// Every variant's fields. `columns` holds `(name, mean, scale)` for `scaler` and
/// `(name, categories)` for `one_hot`.
#[derive(Deserialize)]
#[serde(expecting = "internally tagged enum FittedTransformer")]
struct TransformerFields {
    kind: TransformerKind,
    fills: Option<Vec<(String, Fill)>>,
    columns: Option<Vec<ColumnEntry>>,
    ignore_unknown: Option<bool>,
    parts: Option<Vec<(String, FittedPart, Vec<String>)>>,
    remainder: Option<Vec<String>>,
    steps: Option<Vec<(String, FittedTransformer)>>,
}

/// One entry of `columns`.
enum ColumnEntry {
    Scaled(String, f64, f64),
    Categories(String, Vec<String>),
}

impl TransformerFields {
    fn build(self) -> Result<FittedTransformer, Bad> {
        let f = self;
        Ok(match f.kind {
            TransformerKind::Imputer => FittedTransformer::Imputer {
                fills: need(f.fills, "fills")?,
            },
            TransformerKind::Scaler => FittedTransformer::Scaler {
                columns: need(f.columns, "columns")?
                    .into_iter()
                    .map(|c| match c {
                        ColumnEntry::Scaled(name, mean, scale) => Ok((name, mean, scale)),
                        ColumnEntry::Categories(..) => Err(Bad::Kind(Found::Sequence, "f64")),
                    })
                    .collect::<Result<_, _>>()?,
            },
            TransformerKind::OneHot => FittedTransformer::OneHot {
                columns: need(f.columns, "columns")?
                    .into_iter()
                    .map(|c| match c {
                        ColumnEntry::Categories(name, cats) => Ok((name, cats)),
                        ColumnEntry::Scaled(_, mean, _) => {
                            Err(Bad::Kind(Found::Number(mean), "a sequence"))
                        }
                    })
                    .collect::<Result<_, _>>()?,
                ignore_unknown: need(f.ignore_unknown, "ignore_unknown")?,
            },
            TransformerKind::Columns => FittedTransformer::Columns {
                parts: need(f.parts, "parts")?,
                remainder: need(f.remainder, "remainder")?,
            },
            TransformerKind::Chain => FittedTransformer::Chain {
                steps: need(f.steps, "steps")?,
            },
        })
    }
}

impl<'de> Deserialize<'de> for FittedTransformer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        TransformerFields::deserialize(MapOnly(d))?
            .build()
            .map_err(Bad::into_error)
    }
}

/// The second element of a `columns` entry: a mean or the categories.
enum MeanOrCategories {
    Mean(f64),
    Categories(Vec<String>),
}

impl<'de> Deserialize<'de> for MeanOrCategories {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(MeanOrCategoriesVisitor)
    }
}

struct MeanOrCategoriesVisitor;

impl<'de> Visitor<'de> for MeanOrCategoriesVisitor {
    type Value = MeanOrCategories;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number or a list of strings")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<MeanOrCategories, E> {
        Ok(MeanOrCategories::Mean(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<MeanOrCategories, E> {
        Ok(MeanOrCategories::Mean(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<MeanOrCategories, E> {
        Ok(MeanOrCategories::Mean(v as f64))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<MeanOrCategories, A::Error> {
        let mut out = Vec::new();
        while let Some(s) = seq.next_element::<String>()? {
            out.push(s);
        }
        Ok(MeanOrCategories::Categories(out))
    }
}

impl<'de> Deserialize<'de> for ColumnEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(ColumnEntryVisitor)
    }
}

struct ColumnEntryVisitor;

impl<'de> Visitor<'de> for ColumnEntryVisitor {
    type Value = ColumnEntry;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("[name, mean, scale] or [name, categories]")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ColumnEntry, A::Error> {
        let name: String = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let (entry, len) = match seq.next_element()? {
            Some(MeanOrCategories::Categories(cats)) => (ColumnEntry::Categories(name, cats), 2),
            Some(MeanOrCategories::Mean(mean)) => {
                let scale: f64 = seq
                    .next_element()?
                    .ok_or_else(|| de::Error::invalid_length(2, &self))?;
                (ColumnEntry::Scaled(name, mean, scale), 3)
            }
            None => return Err(de::Error::invalid_length(1, &self)),
        };
        match seq.next_element::<de::IgnoredAny>()? {
            Some(_) => Err(de::Error::invalid_length(len + 1, &self)),
            None => Ok(entry),
        }
    }
}

#[derive(Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum PartKind {
    Drop,
    Passthrough,
    Apply,
}

#[derive(Deserialize)]
#[serde(expecting = "internally tagged enum FittedPart")]
struct PartFields {
    kind: PartKind,
    transformer: Option<Box<FittedTransformer>>,
}

impl<'de> Deserialize<'de> for FittedPart {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let f = PartFields::deserialize(MapOnly(d))?;
        Ok(match f.kind {
            PartKind::Drop => FittedPart::Drop,
            PartKind::Passthrough => FittedPart::Passthrough,
            PartKind::Apply => FittedPart::Apply {
                transformer: need(f.transformer, "transformer").map_err(Bad::into_error)?,
            },
        })
    }
}

impl<'de> Deserialize<'de> for Fill {
    /// A number or a string (the derived untagged enum's order: numbers first).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FillVisitor)
    }
}

struct FillVisitor;

impl<'de> Visitor<'de> for FillVisitor {
    type Value = Fill;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a number or a string")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Fill, E> {
        Ok(Fill::Num(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Fill, E> {
        Ok(Fill::Num(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Fill, E> {
        Ok(Fill::Num(v as f64))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Fill, E> {
        Ok(Fill::Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Fill, E> {
        Ok(Fill::Text(v))
    }
}

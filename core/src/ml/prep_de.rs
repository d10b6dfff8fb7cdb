//! `Deserialize` for a preprocessor's [`Step`], hand-written through one flat struct (see
//! `crate::flat_de`: serde's derive for this internally tagged enum buffers into its
//! `Content` tree).

use serde::{Deserialize, Deserializer};

use super::prep::Step;
use super::sk::Fill;
use crate::flat_de::{need, Bad, Found, MapOnly};

#[derive(Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum StepKind {
    Numeric,
    OneHot,
}

/// Both variants' fields; `fill` is a number for `numeric` and a string for `one_hot`.
#[derive(Deserialize)]
#[serde(expecting = "internally tagged enum Step")]
struct StepFields {
    kind: StepKind,
    column: Option<String>,
    fill: Option<Fill>,
    mean: Option<f64>,
    scale: Option<f64>,
    categories: Option<Vec<String>>,
}

impl StepFields {
    fn build(self) -> Result<Step, Bad> {
        let f = self;
        Ok(match f.kind {
            StepKind::Numeric => Step::Numeric {
                column: need(f.column, "column")?,
                fill: match need(f.fill, "fill")? {
                    Fill::Num(x) => x,
                    Fill::Text(_) => return Err(Bad::Kind(Found::Text, "f64")),
                },
                mean: need(f.mean, "mean")?,
                scale: need(f.scale, "scale")?,
            },
            StepKind::OneHot => Step::OneHot {
                column: need(f.column, "column")?,
                fill: match need(f.fill, "fill")? {
                    Fill::Text(s) => s,
                    Fill::Num(x) => return Err(Bad::Kind(Found::Number(x), "a string")),
                },
                categories: need(f.categories, "categories")?,
            },
        })
    }
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        StepFields::deserialize(MapOnly(d))?
            .build()
            .map_err(Bad::into_error)
    }
}

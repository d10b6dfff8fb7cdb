//! `Deserialize` for a Spark ML [`Stage`], hand-written through one flat struct (see
//! `crate::flat_de`: serde's derive for this internally tagged enum buffers into its
//! `Content` tree and compiles every stage and model type a second time).

use serde::{Deserialize, Deserializer};

use super::feature::{Assembler, Imputed, Indexed, OneHot, Scaled};
use super::predictor::{Cols, PredictorModel};
use super::Stage;
use crate::flat_de::{need, Bad, MapOnly};
use crate::ml::estimator::{Fitted, Task};

#[derive(Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum StageKind {
    VectorAssembler,
    StringIndexerModel,
    OneHotEncoderModel,
    ImputerModel,
    StandardScalerModel,
    Predictor,
    PipelineModel,
}

/// The fields of every stage's struct (no two share a name with different types).
#[derive(Deserialize)]
#[serde(expecting = "internally tagged enum Stage")]
struct StageFields {
    stage: StageKind,
    input_cols: Option<Vec<String>>,
    output_col: Option<String>,
    output_cols: Option<Vec<String>>,
    handle_invalid: Option<String>,
    labels: Option<Vec<Vec<String>>>,
    sizes: Option<Vec<usize>>,
    drop_last: Option<bool>,
    surrogates: Option<Vec<f64>>,
    missing_value: Option<f64>,
    input_col: Option<String>,
    mean: Option<Vec<f64>>,
    std: Option<Vec<f64>>,
    with_mean: Option<bool>,
    with_std: Option<bool>,
    estimator: Option<String>,
    task: Option<Task>,
    cols: Option<Cols>,
    num_features: Option<usize>,
    num_classes: Option<usize>,
    fitted: Option<Fitted>,
    feature_importances: Option<Vec<f64>>,
    summary: Option<Vec<(String, f64)>>,
    threshold: Option<f64>,
    stages: Option<Vec<Stage>>,
}

impl StageFields {
    fn build(self) -> Result<Stage, Bad> {
        let f = self;
        Ok(match f.stage {
            StageKind::VectorAssembler => Stage::VectorAssembler(Assembler {
                input_cols: need(f.input_cols, "input_cols")?,
                output_col: need(f.output_col, "output_col")?,
                handle_invalid: need(f.handle_invalid, "handle_invalid")?,
            }),
            StageKind::StringIndexerModel => Stage::StringIndexerModel(Indexed {
                input_cols: need(f.input_cols, "input_cols")?,
                output_cols: need(f.output_cols, "output_cols")?,
                labels: need(f.labels, "labels")?,
                handle_invalid: need(f.handle_invalid, "handle_invalid")?,
            }),
            StageKind::OneHotEncoderModel => Stage::OneHotEncoderModel(OneHot {
                input_cols: need(f.input_cols, "input_cols")?,
                output_cols: need(f.output_cols, "output_cols")?,
                sizes: need(f.sizes, "sizes")?,
                drop_last: need(f.drop_last, "drop_last")?,
                handle_invalid: need(f.handle_invalid, "handle_invalid")?,
            }),
            StageKind::ImputerModel => Stage::ImputerModel(Imputed {
                input_cols: need(f.input_cols, "input_cols")?,
                output_cols: need(f.output_cols, "output_cols")?,
                surrogates: need(f.surrogates, "surrogates")?,
                missing_value: f.missing_value,
            }),
            StageKind::StandardScalerModel => Stage::StandardScalerModel(Scaled {
                input_col: need(f.input_col, "input_col")?,
                output_col: need(f.output_col, "output_col")?,
                mean: need(f.mean, "mean")?,
                std: need(f.std, "std")?,
                with_mean: need(f.with_mean, "with_mean")?,
                with_std: need(f.with_std, "with_std")?,
            }),
            StageKind::Predictor => Stage::Predictor(Box::new(PredictorModel {
                estimator: need(f.estimator, "estimator")?,
                task: need(f.task, "task")?,
                cols: need(f.cols, "cols")?,
                num_features: need(f.num_features, "num_features")?,
                num_classes: need(f.num_classes, "num_classes")?,
                fitted: need(f.fitted, "fitted")?,
                feature_importances: f.feature_importances.unwrap_or_default(),
                summary: f.summary.unwrap_or_default(),
                threshold: f.threshold,
            })),
            StageKind::PipelineModel => Stage::PipelineModel {
                stages: need(f.stages, "stages")?,
            },
        })
    }
}

impl<'de> Deserialize<'de> for Stage {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        StageFields::deserialize(MapOnly(d))?
            .build()
            .map_err(Bad::into_error)
    }
}

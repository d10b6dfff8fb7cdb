//! A custom model: an instance of a `mlflow.pyfunc.PythonModel` subclass written in a cell
//! and logged with `mlflow.pyfunc.log_model(python_model=...)`.
//!
//! What is saved, standing in for MLflow's cloudpickle of the instance (`python_model.pkl`):
//! the source of the class and of its cell-defined bases (cloudpickle pickles `__main__`
//! classes by value), the instance's attributes, the notebook globals the class reads
//! (modules as imports, plain values, fitted models), the copied `artifacts=` files and
//! `model_config`. Attributes that serialize: `None`, bools, numbers, strings, lists, tuples
//! and dicts of them, and fitted models Lakelab saves (what `mlflow.sklearn.log_model` takes);
//! anything else is refused at log time, naming the attribute, as a pickling error would be.
//!
//! How it predicts: each `predict` builds a fresh sandbox (an empty workspace holding only the
//! model's artifacts, and a new notebook session), defines the classes, rebuilds the instance
//! without `__init__` (as unpickling does), calls `load_context` once and then `predict` on a
//! pandas DataFrame of the input. A fresh sandbox per call costs a little time but means no
//! interpreter state outlives a prediction or leaks between endpoints, and a saved model stays
//! plain data (`Clone`, comparable, serializable) like every other [`SavedModel`]. An error
//! raised by the code becomes the prediction's error with Python's traceback text.
//!
//! Globals: the identifiers of the class text that name notebook globals are looked up at log
//! time (a superset of what the code reads, as locals share names); modules become import
//! lines, other cell classes the code names are shipped with their bases, plain values and
//! fitted models are saved, and anything else is left out (a name that merely shadows a
//! DataFrame must not fail the log), so using such a global raises `NameError` in `predict`.
//!
//! Not supported (each an honest error): attributes holding other objects (instances of cell
//! classes, DataFrames, clients), `loader_module=`/`data_path=`/`code_paths=`, a function as
//! `python_model`, and `unwrap_python_model()`. The sandbox has no bundled datasets mounted:
//! data a model needs travels as `artifacts=`.
//!
//! The interpreter part lives in `notebook::bindings::pyfunc`; this module is the data.

use serde::{Deserialize, Serialize};

use super::saved::{Predict, SavedModel};
use super::ModelInput;

/// The class name every custom model reports (`type(model).__name__` of its wrapper).
pub const CLASS_NAME: &str = "PythonModel";

/// A saved value: an attribute, a captured global or a `model_config` entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<State>),
    Tuple(Vec<State>),
    Dict(Vec<(State, State)>),
    /// A fitted model, saved as `mlflow.sklearn.log_model` saves it.
    Model(Box<SavedModel>),
}

/// One file of an artifact, relative to the model directory (`artifacts/model/model.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct ArtifactFile {
    pub path: String,
    /// The bytes, as text when they are UTF-8, else base64 in `base64`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base64: Option<String>,
}

crate::flat_de::map_only!(ArtifactFile);

impl ArtifactFile {
    pub fn new(path: String, bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(text) => Self {
                path,
                text: Some(text),
                base64: None,
            },
            Err(e) => Self {
                path,
                text: None,
                base64: Some(crate::base64::encode(e.as_bytes())),
            },
        }
    }

    pub fn bytes(&self) -> Vec<u8> {
        match (&self.text, &self.base64) {
            (Some(t), _) => t.as_bytes().to_vec(),
            (None, Some(b)) => crate::base64::decode(b).unwrap_or_default(),
            (None, None) => Vec::new(),
        }
    }
}

/// An entry of `artifacts=`: copied into the model when it is logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct Artifact {
    /// The key (`context.artifacts["model"]`).
    pub name: String,
    /// What the learner passed (`runs:/…/model`, a `models:/` URI, a path).
    pub uri: String,
    /// Where it sits in the model directory (`artifacts/model`).
    pub path: String,
    pub files: Vec<ArtifactFile>,
}

crate::flat_de::map_only!(Artifact);

/// A custom model, as saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self")]
pub struct PythonModel {
    /// The instance's class (`type(python_model).__name__`).
    pub class_name: String,
    /// The `class` statements, bases first.
    pub classes: Vec<String>,
    /// Import statements for the modules the classes read (`import pandas as pd`).
    #[serde(default)]
    pub imports: Vec<String>,
    /// Other notebook globals the classes read.
    #[serde(default)]
    pub globals: Vec<(String, State)>,
    /// The instance's attributes.
    pub state: Vec<(String, State)>,
    #[serde(default)]
    pub artifacts: Vec<Artifact>,
    /// `model_config=` (`context.model_config`).
    #[serde(default)]
    pub model_config: Vec<(String, State)>,
}

crate::flat_de::map_only!(PythonModel);

impl Predict for PythonModel {
    fn class_name(&self) -> &'static str {
        CLASS_NAME
    }
    fn predict(&self, input: &ModelInput) -> Result<Vec<serde_json::Value>, String> {
        crate::notebook::bindings::pyfunc::predict(self, input)
    }
}

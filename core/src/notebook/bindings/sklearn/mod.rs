//! `sklearn` in cells: estimators, transformers, pipelines, model selection and metrics with
//! scikit-learn's names, parameters and messages, trained by Lakelab's engines (`ml::sk`,
//! `ml::estimator`). What differs, and why, is in `ml::estimator`'s docs and in the README.

pub mod autolog;
pub mod data;
pub mod estimators;
pub mod lightgbm;
pub mod methods;
pub mod selection;
pub mod sk_metrics;

use estimators::{Class, CLASSES};
use methods::SkClass;

use crate::notebook::modules::module;
use crate::notebook::value::{NativeFn, Value};

pub(crate) fn classes_of(module_name: &str) -> Vec<(&'static str, Value)> {
    CLASSES
        .iter()
        .filter(|c: &&Class| c.module == module_name)
        .map(|c| (c.name, Value::object(SkClass(c))))
        .collect()
}

fn with_fns(
    name: &str,
    mut attrs: Vec<(&'static str, Value)>,
    fns: &[(&'static str, NativeFn)],
) -> Value {
    attrs.extend(fns.iter().map(|(n, f)| (*n, Value::Native(n, *f))));
    module(name, attrs)
}

/// The `sklearn` package and its submodules.
pub fn import(name: &str) -> Option<Value> {
    if let Some(m) = lightgbm::import(name) {
        return Some(m);
    }
    let sub = |m: &str| -> Option<Value> {
        Some(match m {
            "sklearn.linear_model"
            | "sklearn.tree"
            | "sklearn.ensemble"
            | "sklearn.preprocessing"
            | "sklearn.impute"
            | "sklearn.compose"
            | "sklearn.naive_bayes"
            | "sklearn.neighbors" => with_fns(m, classes_of(m), &[]),
            "sklearn.pipeline" => with_fns(
                m,
                classes_of(m),
                &[("make_pipeline", selection::make_pipeline)],
            ),
            "sklearn.model_selection" => with_fns(m, vec![], selection::FUNCTIONS),
            "sklearn.metrics" => with_fns(m, vec![], sk_metrics::FUNCTIONS),
            _ => return None,
        })
    };
    if name == "sklearn" {
        let subs = [
            "linear_model",
            "tree",
            "ensemble",
            "preprocessing",
            "impute",
            "compose",
            "naive_bayes",
            "neighbors",
            "pipeline",
            "model_selection",
            "metrics",
        ];
        let attrs = subs
            .iter()
            .filter_map(|s| sub(&format!("sklearn.{s}")).map(|m| (*s, m)))
            .collect();
        return Some(module("sklearn", attrs));
    }
    sub(name)
}

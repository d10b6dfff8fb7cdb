//! `pyspark.ml.classification` and `pyspark.ml.regression` predictors from their param
//! objects: the Spark params mapped to `ml::spark_ml::predictor::Algo` (the mapping and its
//! differences from Spark are documented there).

use super::ml_err;
use super::params::StageObj;
use crate::ml::estimator::Task;
use crate::ml::spark_ml::predictor::{Algo, Cols};
use crate::ml::spark_ml::{PredictorModel, Stage};
use crate::notebook::error::{ExcType, PyErr};
use crate::table::Table;

fn non_negative(o: &StageObj, name: &str) -> Result<usize, PyErr> {
    let v = o.int(name)?;
    usize::try_from(v).map_err(|_| {
        PyErr::new(
            ExcType::IllegalArgumentException,
            format!("{} parameter {name} given invalid value {v}.", o.uid),
        )
    })
}

/// Fits a predictor; `None` when the class is not one.
pub fn fit(o: &StageObj, t: &Table) -> Option<Result<Stage, PyErr>> {
    let task = match o.class.name {
        "LogisticRegression" | "DecisionTreeClassifier" | "RandomForestClassifier" => {
            Task::Classification
        }
        "LinearRegression" | "DecisionTreeRegressor" | "RandomForestRegressor" => Task::Regression,
        _ => return None,
    };
    Some(fit_task(o, t, task))
}

fn fit_task(o: &StageObj, t: &Table, task: Task) -> Result<Stage, PyErr> {
    let seed = o.int("seed")? as u64;
    let algo = match o.class.name {
        "LogisticRegression" => Algo::LogisticRegression {
            reg_param: o.float("regParam")?,
            elastic_net: o.float("elasticNetParam")?,
            max_iter: non_negative(o, "maxIter")? as u64,
            family: o.text("family"),
        },
        "LinearRegression" => Algo::LinearRegression {
            reg_param: o.float("regParam")?,
            elastic_net: o.float("elasticNetParam")?,
            max_iter: non_negative(o, "maxIter")?.min(u32::MAX as usize) as u32,
            fit_intercept: o.get("fitIntercept").truthy(),
        },
        "DecisionTreeClassifier" | "DecisionTreeRegressor" => Algo::DecisionTree {
            max_depth: non_negative(o, "maxDepth")?,
            min_instances: non_negative(o, "minInstancesPerNode")?,
            impurity: o.text("impurity").to_ascii_lowercase(),
        },
        _ => Algo::RandomForest {
            num_trees: non_negative(o, "numTrees")?.max(1),
            max_depth: non_negative(o, "maxDepth")?,
            min_instances: non_negative(o, "minInstancesPerNode")?,
            impurity: o.text("impurity").to_ascii_lowercase(),
            // Spark's "auto" means every feature for a single tree.
            strategy: match o.text("featureSubsetStrategy") {
                s if s == "auto" && o.int("numTrees")? == 1 => "all".to_string(),
                s => s,
            },
            seed,
        },
    };
    let classifier = task == Task::Classification;
    let cols = Cols {
        features: o.text("featuresCol"),
        label: o.text("labelCol"),
        prediction: o.text("predictionCol"),
        probability: classifier.then(|| o.text("probabilityCol")),
        raw_prediction: classifier.then(|| o.text("rawPredictionCol")),
    };
    let weight_col = Some(o.text("weightCol")).filter(|c| !c.is_empty());
    let mut model = PredictorModel::fit(t, o.class.name, &algo, task, cols, weight_col.as_deref())
        .map_err(ml_err)?;
    if o.class.name == "LogisticRegression" {
        model.threshold = Some(o.float("threshold")?);
    }
    Ok(Stage::Predictor(Box::new(model)))
}

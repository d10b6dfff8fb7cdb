//! Spark ML's params in cells: every class's params with PySpark's names, defaults and docs;
//! the objects a constructor makes (`StageObj`: estimators, transformers, evaluators and the
//! tuning estimators), keyword-only construction as PySpark's `@keyword_only` enforces,
//! `getX()` / `setX()`, `getOrDefault`, `explainParams()`, `lr.regParam` as a `Param`, and
//! param maps (dicts keyed by `Param`, what `ParamGridBuilder.build()` lists).

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use crate::notebook::bindings::sklearn::estimators::D;
use crate::notebook::error::{attribute_error, type_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::value::{Args, Dict, Object, Value};

/// What a class is: this decides whether it has `fit`, `transform` or `evaluate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Has `fit(df)` returning a model; no `transform`.
    Estimator,
    /// Has `transform(df)` and no `fit` (`VectorAssembler`).
    Transformer,
    /// Has `evaluate(df)` and `isLargerBetter()`.
    Evaluator,
}

/// A class: PySpark name, module, kind, and params (name, default, doc) in PySpark's order.
#[derive(Debug)]
pub struct MlClass {
    pub name: &'static str,
    pub module: &'static str,
    pub kind: Kind,
    pub params: &'static [(&'static str, D, &'static str)],
}

const FEATURES: (&str, D, &str) = ("featuresCol", D::Str("features"), "features column name.");
const LABEL: (&str, D, &str) = ("labelCol", D::Str("label"), "label column name.");
const PREDICTION: (&str, D, &str) = (
    "predictionCol",
    D::Str("prediction"),
    "prediction column name.",
);
const PROBABILITY: (&str, D, &str) = (
    "probabilityCol",
    D::Str("probability"),
    "Column name for predicted class conditional probabilities.",
);
const RAW: (&str, D, &str) = (
    "rawPredictionCol",
    D::Str("rawPrediction"),
    "raw prediction (a.k.a. confidence) column name.",
);
const MAX_DEPTH: (&str, D, &str) = ("maxDepth", D::Int(5), "Maximum depth of the tree. (>= 0) E.g., depth 0 means 1 leaf node; depth 1 means 1 internal node + 2 leaf nodes.");
const MAX_BINS: (&str, D, &str) = ("maxBins", D::Int(32), "Max number of bins for discretizing continuous features. Must be >=2 and >= number of categories for any categorical feature.");
const MIN_INSTANCES: (&str, D, &str) = (
    "minInstancesPerNode",
    D::Int(1),
    "Minimum number of instances each child must have after split.",
);
const SEED: (&str, D, &str) = ("seed", D::None, "random seed.");
const MAX_ITER: (&str, D, &str) = ("maxIter", D::Int(100), "max number of iterations (>= 0).");
const REG: (&str, D, &str) = (
    "regParam",
    D::Float(0.0),
    "regularization parameter (>= 0).",
);
const ENET: (&str, D, &str) = ("elasticNetParam", D::Float(0.0), "the ElasticNet mixing parameter, in range [0, 1]. For alpha = 0, the penalty is an L2 penalty. For alpha = 1, it is an L1 penalty.");
const TOL: (&str, D, &str) = (
    "tol",
    D::Float(1e-6),
    "the convergence tolerance for iterative algorithms (>= 0).",
);
const FIT_INTERCEPT: (&str, D, &str) = (
    "fitIntercept",
    D::Bool(true),
    "whether to fit an intercept term.",
);
const STANDARDIZATION: (&str, D, &str) = (
    "standardization",
    D::Bool(true),
    "whether to standardize the training features before fitting the model.",
);
const WEIGHT: (&str, D, &str) = (
    "weightCol",
    D::None,
    "weight column name. If this is not set or empty, we treat all instance weights as 1.0.",
);
const INPUT_COL: (&str, D, &str) = ("inputCol", D::None, "input column name.");
const OUTPUT_COL: (&str, D, &str) = ("outputCol", D::None, "output column name.");
const INPUT_COLS: (&str, D, &str) = ("inputCols", D::None, "input column names.");
const OUTPUT_COLS: (&str, D, &str) = ("outputCols", D::None, "output column names.");
const NUM_TREES: (&str, D, &str) = ("numTrees", D::Int(20), "Number of trees to train (>= 1).");
const SUBSET: (&str, D, &str) = ("featureSubsetStrategy", D::Str("auto"), "The number of features to consider for splits at each tree node. Supported options: 'auto' (choose automatically for task: If numTrees == 1, set to 'all'. If numTrees > 1 (forest), set to 'sqrt' for classification and to 'onethird' for regression), 'all' (use all features), 'onethird' (use 1/3 of the features), 'sqrt' (use sqrt(number of features)), 'log2' (use log2(number of features)), 'n' (when n is in the range (0, 1.0], use n * number of features. When n is in the range (1, number of features), use n features). default = 'auto'");
const SUBSAMPLING: (&str, D, &str) = (
    "subsamplingRate",
    D::Float(1.0),
    "Fraction of the training data used for learning each decision tree, in range (0, 1].",
);
const BOOTSTRAP: (&str, D, &str) = (
    "bootstrap",
    D::Bool(true),
    "Whether bootstrap samples are used when building trees.",
);
const GINI: (&str, D, &str) = ("impurity", D::Str("gini"), "Criterion used for information gain calculation (case-insensitive). Supported options: entropy, gini");
const VARIANCE: (&str, D, &str) = ("impurity", D::Str("variance"), "Criterion used for information gain calculation (case-insensitive). Supported options: variance");
const PARALLELISM: (&str, D, &str) = (
    "parallelism",
    D::Int(1),
    "the number of threads to use when running parallel algorithms (>= 1).",
);
const COLLECT: (&str, D, &str) = ("collectSubModels", D::Bool(false), "Param for whether to collect a list of sub-models trained during tuning. If set to false, then only the single best sub-model will be available after fitting. If set to true, then all sub-models will be available.");
const ESTIMATOR: (&str, D, &str) = ("estimator", D::None, "estimator to be cross-validated");
const MAPS: (&str, D, &str) = ("estimatorParamMaps", D::None, "estimator param maps");
const EVALUATOR: (&str, D, &str) = (
    "evaluator",
    D::None,
    "evaluator used to select hyper-parameters that maximize the validator metric",
);

pub const CLASSES: &[MlClass] = &[
    MlClass {
        name: "VectorAssembler",
        module: "pyspark.ml.feature",
        kind: Kind::Transformer,
        params: &[
            INPUT_COLS,
            OUTPUT_COL,
            ("handleInvalid", D::Str("error"), "How to handle invalid data (NULL and NaN values). Options are 'skip' (filter out rows with invalid data), 'error' (throw an error), or 'keep' (return relevant number of NaN in the output)."),
        ],
    },
    MlClass {
        name: "StringIndexer",
        module: "pyspark.ml.feature",
        kind: Kind::Estimator,
        params: &[
            INPUT_COL,
            OUTPUT_COL,
            INPUT_COLS,
            OUTPUT_COLS,
            ("handleInvalid", D::Str("error"), "how to handle invalid data (unseen or NULL values) in features and label column of string type. Options are 'skip' (filter out rows with invalid data), error (throw an error), or 'keep' (put invalid data in a special additional bucket, at index numLabels)."),
            ("stringOrderType", D::Str("frequencyDesc"), "How to order labels of string column. The first label after ordering is assigned an index of 0. Supported options: frequencyDesc, frequencyAsc, alphabetDesc, alphabetAsc."),
        ],
    },
    MlClass {
        name: "OneHotEncoder",
        module: "pyspark.ml.feature",
        kind: Kind::Estimator,
        params: &[
            INPUT_COLS,
            OUTPUT_COLS,
            INPUT_COL,
            OUTPUT_COL,
            ("handleInvalid", D::Str("error"), "How to handle invalid data during transform(). Options are 'keep' (invalid data presented as an extra categorical feature) or error (throw an error)."),
            ("dropLast", D::Bool(true), "whether to drop the last category"),
        ],
    },
    MlClass {
        name: "Imputer",
        module: "pyspark.ml.feature",
        kind: Kind::Estimator,
        params: &[
            ("strategy", D::Str("mean"), "strategy for imputation. If mean, then replace missing values using the mean value of the feature. If median, then replace missing values using the median value of the feature. If mode, then replace missing using the most frequent value of the feature."),
            ("missingValue", D::Float(f64::NAN), "The placeholder for the missing values. All occurrences of missingValue will be imputed."),
            INPUT_COLS,
            OUTPUT_COLS,
            INPUT_COL,
            OUTPUT_COL,
            ("relativeError", D::Float(0.001), "the relative target precision for the approximate quantile algorithm. Must be in the range [0, 1]"),
        ],
    },
    MlClass {
        name: "StandardScaler",
        module: "pyspark.ml.feature",
        kind: Kind::Estimator,
        params: &[
            ("withMean", D::Bool(false), "Center data with mean"),
            ("withStd", D::Bool(true), "Scale to unit standard deviation"),
            INPUT_COL,
            OUTPUT_COL,
        ],
    },
    MlClass {
        name: "LogisticRegression",
        module: "pyspark.ml.classification",
        kind: Kind::Estimator,
        params: &[
            FEATURES,
            LABEL,
            PREDICTION,
            MAX_ITER,
            REG,
            ENET,
            TOL,
            FIT_INTERCEPT,
            ("threshold", D::Float(0.5), "Threshold in binary classification prediction, in range [0, 1]."),
            PROBABILITY,
            RAW,
            STANDARDIZATION,
            WEIGHT,
            ("family", D::Str("auto"), "The name of family which is a description of the label distribution to be used in the model. Supported options: auto, binomial, multinomial"),
        ],
    },
    MlClass {
        name: "DecisionTreeClassifier",
        module: "pyspark.ml.classification",
        kind: Kind::Estimator,
        params: &[FEATURES, LABEL, PREDICTION, PROBABILITY, RAW, MAX_DEPTH, MAX_BINS, MIN_INSTANCES, GINI, SEED, WEIGHT],
    },
    MlClass {
        name: "RandomForestClassifier",
        module: "pyspark.ml.classification",
        kind: Kind::Estimator,
        params: &[FEATURES, LABEL, PREDICTION, PROBABILITY, RAW, MAX_DEPTH, MAX_BINS, MIN_INSTANCES, GINI, NUM_TREES, SUBSET, SEED, SUBSAMPLING, BOOTSTRAP, WEIGHT],
    },
    MlClass {
        name: "LinearRegression",
        module: "pyspark.ml.regression",
        kind: Kind::Estimator,
        params: &[FEATURES, LABEL, PREDICTION, MAX_ITER, REG, ENET, TOL, FIT_INTERCEPT, STANDARDIZATION, ("solver", D::Str("auto"), "The solver algorithm for optimization. Supported options: auto, normal, l-bfgs."), WEIGHT],
    },
    MlClass {
        name: "DecisionTreeRegressor",
        module: "pyspark.ml.regression",
        kind: Kind::Estimator,
        params: &[FEATURES, LABEL, PREDICTION, MAX_DEPTH, MAX_BINS, MIN_INSTANCES, VARIANCE, SEED, WEIGHT],
    },
    MlClass {
        name: "RandomForestRegressor",
        module: "pyspark.ml.regression",
        kind: Kind::Estimator,
        params: &[FEATURES, LABEL, PREDICTION, MAX_DEPTH, MAX_BINS, MIN_INSTANCES, VARIANCE, NUM_TREES, SUBSET, SEED, SUBSAMPLING, BOOTSTRAP, WEIGHT],
    },
    MlClass {
        name: "Pipeline",
        module: "pyspark.ml",
        kind: Kind::Estimator,
        params: &[("stages", D::None, "a list of pipeline stages")],
    },
    MlClass {
        name: "BinaryClassificationEvaluator",
        module: "pyspark.ml.evaluation",
        kind: Kind::Evaluator,
        params: &[
            RAW,
            LABEL,
            ("metricName", D::Str("areaUnderROC"), "metric name in evaluation (areaUnderROC|areaUnderPR)"),
            WEIGHT,
            ("numBins", D::Int(1000), "Number of bins to down-sample the curves (ROC curve, PR curve) in area computation. If 0, no down-sampling will occur. Must be >= 0."),
        ],
    },
    MlClass {
        name: "MulticlassClassificationEvaluator",
        module: "pyspark.ml.evaluation",
        kind: Kind::Evaluator,
        params: &[
            PREDICTION,
            LABEL,
            ("metricName", D::Str("f1"), "metric name in evaluation (f1|accuracy|weightedPrecision|weightedRecall|weightedTruePositiveRate| weightedFalsePositiveRate|weightedFMeasure|truePositiveRateByLabel| falsePositiveRateByLabel|precisionByLabel|recallByLabel|fMeasureByLabel| logLoss|hammingLoss)"),
            WEIGHT,
            ("metricLabel", D::Float(0.0), "The class whose metric will be computed in truePositiveRateByLabel|falsePositiveRateByLabel|precisionByLabel|recallByLabel|fMeasureByLabel. Must be >= 0. The default value is 0."),
            PROBABILITY,
            ("eps", D::Float(1e-15), "log-loss is undefined for p=0 or p=1, so probabilities are clipped to max(eps, min(1 - eps, p)). Must be in range (0, 0.5). The default value is 1e-15."),
        ],
    },
    MlClass {
        name: "RegressionEvaluator",
        module: "pyspark.ml.evaluation",
        kind: Kind::Evaluator,
        params: &[
            PREDICTION,
            LABEL,
            ("metricName", D::Str("rmse"), "metric name in evaluation - one of:\n                       rmse - root mean squared error (default)\n                       mse - mean squared error\n                       r2 - r^2 metric\n                       mae - mean absolute error\n                       var - explained variance."),
            WEIGHT,
            ("throughOrigin", D::Bool(false), "whether the regression is through the origin."),
        ],
    },
    MlClass {
        name: "CrossValidator",
        module: "pyspark.ml.tuning",
        kind: Kind::Estimator,
        params: &[
            ESTIMATOR,
            MAPS,
            EVALUATOR,
            ("numFolds", D::Int(3), "number of folds for cross validation"),
            SEED,
            PARALLELISM,
            COLLECT,
            ("foldCol", D::Str(""), "Param for the column name of user specified fold number. Once this is specified, :py:class:`CrossValidator` won't do random k-fold split. Note that this column should be integer type with range [0, numFolds) and Spark will throw exception on out-of-range fold numbers."),
        ],
    },
    MlClass {
        name: "TrainValidationSplit",
        module: "pyspark.ml.tuning",
        kind: Kind::Estimator,
        params: &[
            ESTIMATOR,
            MAPS,
            EVALUATOR,
            ("trainRatio", D::Float(0.75), "Param for ratio between train and     validation data. Must be between 0 and 1."),
            PARALLELISM,
            COLLECT,
            SEED,
        ],
    },
];

pub fn class(name: &str) -> Option<&'static MlClass> {
    CLASSES.iter().find(|c| c.name == name)
}

thread_local! {
    static NEXT_UID: RefCell<u64> = const { RefCell::new(0) };
}

/// `LogisticRegression_4a1b2c3d4e5f`: the class name and 12 hex digits, as Spark's
/// `Identifiable.randomUID` (counter-based here, so runs are reproducible).
pub fn new_uid(class: &str) -> String {
    let n = NEXT_UID.with(|c| {
        let mut c = c.borrow_mut();
        *c += 1;
        *c
    });
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in class.bytes().chain(n.to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    format!("{class}_{:012x}", h & 0xffff_ffff_ffff)
}

/// The seed a class uses when `seed` is not set: PySpark's default is
/// `hash(type(self).__name__)`; Lakelab uses a fixed hash of the name so it is the same in
/// every session.
pub fn default_seed(class: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in class.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    (h & 0x7fff_ffff_ffff_ffff) as i64 - (1 << 62)
}

/// `Param(parent='LogisticRegression_…', name='regParam', doc='…')`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamObj {
    pub parent: String,
    pub name: String,
    pub doc: String,
}

impl Object for ParamObj {
    fn type_name(&self) -> &str {
        "Param"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(match name {
            "parent" => Value::str(self.parent.as_str()),
            "name" => Value::str(self.name.as_str()),
            "doc" => Value::str(self.doc.as_str()),
            _ => return None,
        })
    }
    fn compare_to(&self, other: &Value) -> Option<std::cmp::Ordering> {
        let o = param_of(other)?;
        (o == *self).then_some(std::cmp::Ordering::Equal)
    }
    fn hash_key(&self) -> Option<String> {
        Some(format!("Param {}.{}", self.parent, self.name))
    }
    fn repr(&self) -> String {
        format!(
            "Param(parent='{}', name='{}', doc='{}')",
            self.parent, self.name, self.doc
        )
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub fn param_of(v: &Value) -> Option<ParamObj> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<ParamObj>().cloned(),
        _ => None,
    }
}

/// A param map as PySpark gives it: a dict keyed by `Param` (hashable, see `hash_key`).
pub fn param_map_value(pairs: &[(ParamObj, Value)]) -> Value {
    let mut d = Dict::new();
    for (p, v) in pairs {
        // A Param key always hashes, so `set` cannot fail here.
        let _ = d.set(Value::object(p.clone()), v.clone());
    }
    Value::dict(d)
}

/// A param map from a value: a dict `{Param: value}`, `None` (empty), or a list of
/// `(param, value)` pairs.
pub fn param_map_arg(v: &Value) -> Result<Vec<(ParamObj, Value)>, PyErr> {
    match v {
        Value::None => Ok(Vec::new()),
        Value::Dict(d) => d
            .borrow()
            .iter()
            .map(|(k, v)| {
                param_of(k).map(|p| (p, v.clone())).ok_or_else(|| {
                    type_error(format!(
                        "param map keys must be Params (e.g. lr.regParam), got {}",
                        k.type_name()
                    ))
                })
            })
            .collect(),
        other => other
            .iter_items()
            .ok_or_else(|| type_error(format!("expected a param map, got {}", other.type_name())))?
            .iter()
            .map(|pair| match pair.iter_items().as_deref() {
                Some([p, v]) => param_of(p)
                    .map(|p| (p, v.clone()))
                    .ok_or_else(|| type_error("param map keys must be Params (e.g. lr.regParam)")),
                _ => Err(type_error("expected (Param, value) pairs")),
            })
            .collect(),
    }
}

/// An estimator, transformer or evaluator with its explicitly set params.
#[derive(Debug)]
pub struct StageObj {
    pub class: &'static MlClass,
    pub uid: String,
    pub params: RefCell<Vec<(String, Value)>>,
}

/// `getMaxIter` → `maxIter`.
fn accessor(prefix: &str, name: &str) -> Option<String> {
    let rest = name.strip_prefix(prefix)?;
    let mut c = rest.chars();
    let first = c.next()?;
    if !first.is_ascii_uppercase() {
        return None;
    }
    Some(format!("{}{}", first.to_ascii_lowercase(), c.as_str()))
}

impl StageObj {
    pub fn new(class: &'static MlClass) -> StageObj {
        StageObj {
            class,
            uid: new_uid(class.name),
            params: RefCell::new(Vec::new()),
        }
    }

    pub fn default_of(&self, name: &str) -> Option<D> {
        self.class
            .params
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, d, _)| *d)
    }

    pub fn has_param(&self, name: &str) -> bool {
        self.default_of(name).is_some()
    }

    /// The value set, else the default (`None` when neither).
    pub fn get(&self, name: &str) -> Value {
        if let Some((_, v)) = self.params.borrow().iter().find(|(k, _)| k == name) {
            return v.clone();
        }
        if name == "seed" {
            return Value::Int(default_seed(self.class.name));
        }
        self.default_of(name).map_or(Value::None, D::value_of)
    }

    pub fn is_set(&self, name: &str) -> bool {
        self.params.borrow().iter().any(|(k, _)| k == name)
    }

    pub fn set(&self, name: &str, value: Value) -> Result<(), PyErr> {
        if !self.has_param(name) {
            return Err(type_error(format!(
                "{}.__init__() got an unexpected keyword argument '{name}'",
                self.class.name
            )));
        }
        let mut params = self.params.borrow_mut();
        match params.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = value,
            None => params.push((name.to_string(), value)),
        }
        Ok(())
    }

    pub fn param_obj(&self, name: &str) -> Option<ParamObj> {
        let (_, _, doc) = self.class.params.iter().find(|(n, _, _)| *n == name)?;
        Some(ParamObj {
            parent: self.uid.clone(),
            name: name.to_string(),
            doc: doc.to_string(),
        })
    }

    /// A copy with the same uid and params, then `extra` applied (Spark's `copy(extra)`).
    pub fn copy_with(&self, extra: &[(ParamObj, Value)]) -> StageObj {
        let o = StageObj {
            class: self.class,
            uid: self.uid.clone(),
            params: RefCell::new(self.params.borrow().clone()),
        };
        for (p, v) in extra {
            if p.parent == self.uid && o.has_param(&p.name) {
                let _ = o.set(&p.name, v.clone());
            }
        }
        o
    }

    /// `explainParam(name)`: `regParam: regularization parameter (>= 0). (default: 0.0, current: 0.1)`.
    pub fn explain(&self, name: &str) -> String {
        let Some((_, d, doc)) = self.class.params.iter().find(|(n, _, _)| *n == name) else {
            return String::new();
        };
        let mut values = Vec::new();
        match d {
            D::None | D::Required if name != "seed" => {}
            _ => values.push(format!("default: {}", self.default_text(name, *d))),
        }
        if let Some((_, v)) = self.params.borrow().iter().find(|(k, _)| k == name) {
            values.push(format!("current: {}", v.to_str()));
        }
        let tail = if values.is_empty() {
            "(undefined)".to_string()
        } else {
            format!("({})", values.join(", "))
        };
        format!("{name}: {doc} {tail}")
    }

    fn default_text(&self, name: &str, d: D) -> String {
        if name == "seed" {
            return default_seed(self.class.name).to_string();
        }
        match d {
            D::Float(f) if f.is_nan() => "nan".into(),
            other => other.value_of().to_str(),
        }
    }

    pub fn explain_all(&self) -> String {
        let mut names: Vec<&str> = self.class.params.iter().map(|(n, _, _)| *n).collect();
        names.sort_unstable();
        names
            .iter()
            .map(|n| self.explain(n))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// `extractParamMap()`: every defined param (defaults, then what was set).
    pub fn param_map(&self) -> Value {
        param_map_value(
            &self
                .class
                .params
                .iter()
                .filter_map(|(n, d, _)| {
                    let defined =
                        self.is_set(n) || !matches!(d, D::None | D::Required) || *n == "seed";
                    defined.then(|| Some((self.param_obj(n)?, self.get(n))))?
                })
                .collect::<Vec<_>>(),
        )
    }

    /// A string param (a column name, an option).
    pub fn text(&self, name: &str) -> String {
        match self.get(name) {
            Value::None => String::new(),
            v => v.to_str(),
        }
    }

    /// A list-of-strings param (`inputCols`); `None` when unset.
    pub fn texts(&self, name: &str) -> Result<Option<Vec<String>>, PyErr> {
        match self.get(name) {
            Value::None => Ok(None),
            v => v
                .iter_items()
                .filter(|_| !matches!(v, Value::Str(_)))
                .ok_or_else(|| {
                    type_error(format!(
                        "Invalid param value given for param \"{name}\". Could not convert {} to list of strings",
                        v.repr()
                    ))
                })?
                .iter()
                .map(|s| match s {
                    Value::Str(s) => Ok(s.to_string()),
                    other => Err(type_error(format!(
                        "Invalid param value given for param \"{name}\". Could not convert {} to string",
                        other.repr()
                    ))),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
        }
    }

    pub fn float(&self, name: &str) -> Result<f64, PyErr> {
        let v = self.get(name);
        v.as_f64().ok_or_else(|| {
            type_error(format!(
                "Invalid param value given for param \"{name}\". Could not convert {} to float",
                v.repr()
            ))
        })
    }

    pub fn int(&self, name: &str) -> Result<i64, PyErr> {
        let v = self.get(name);
        match v {
            Value::Int(i) => Ok(i),
            Value::Float(f) if f.fract() == 0.0 => Ok(f as i64),
            other => Err(type_error(format!(
                "Invalid param value given for param \"{name}\". Could not convert {} to int",
                other.repr()
            ))),
        }
    }

    /// The common methods of every params holder; `None` when `name` is not one of them.
    pub fn common_method(self: &Rc<Self>, name: &str, args: &Args) -> Option<Result<Value, PyErr>> {
        let arg_name = |v: Option<&Value>| -> Result<String, PyErr> {
            match v {
                Some(Value::Str(s)) => Ok(s.to_string()),
                Some(v) => param_of(v)
                    .map(|p| p.name)
                    .ok_or_else(|| type_error("expected a Param or a param name")),
                None => Err(type_error("expected a Param or a param name")),
            }
        };
        let first = args.positional.first();
        Some(match name {
            "explainParams" => Ok(Value::str(self.explain_all())),
            "explainParam" => arg_name(first).map(|n| Value::str(self.explain(&n))),
            "getOrDefault" => arg_name(first).and_then(|n| {
                if self.has_param(&n) {
                    Ok(self.get(&n))
                } else {
                    Err(PyErr::new(
                        crate::notebook::error::ExcType::KeyError,
                        format!("Param {n} does not exist."),
                    ))
                }
            }),
            "getParam" => arg_name(first).and_then(|n| {
                self.param_obj(&n)
                    .map(Value::object)
                    .ok_or_else(|| attribute_error(self.class.name, &n))
            }),
            "hasParam" => arg_name(first).map(|n| Value::Bool(self.has_param(&n))),
            "isSet" => arg_name(first).map(|n| Value::Bool(self.is_set(&n))),
            "isDefined" => arg_name(first).map(|n| {
                Value::Bool(self.is_set(&n) || !matches!(self.default_of(&n), None | Some(D::None)))
            }),
            "hasDefault" => arg_name(first)
                .map(|n| Value::Bool(!matches!(self.default_of(&n), None | Some(D::None)))),
            "extractParamMap" => Ok(self.param_map()),
            "copy" => first
                .map_or(Ok(Vec::new()), param_map_arg)
                .map(|extra| Value::object(self.copy_with(&extra))),
            "setParams" => {
                if !args.positional.is_empty() {
                    return Some(Err(type_error(
                        "Method setParams forces keyword arguments.",
                    )));
                }
                for (k, v) in &args.keywords {
                    if let Err(e) = self.set(k, v.clone()) {
                        return Some(Err(e));
                    }
                }
                Ok(Value::Object(self.clone()))
            }
            "set" => match args.positional.as_slice() {
                [p, v] => arg_name(Some(p))
                    .and_then(|n| self.set(&n, v.clone()))
                    .map(|_| Value::Object(self.clone())),
                _ => Err(type_error("set(param, value)")),
            },
            "clear" => arg_name(first).map(|n| {
                self.params.borrow_mut().retain(|(k, _)| *k != n);
                Value::None
            }),
            _ => {
                if let Some(p) = accessor("get", name).filter(|p| self.has_param(p)) {
                    return Some(if args.positional.is_empty() {
                        Ok(self.get(&p))
                    } else {
                        Err(type_error(format!(
                            "{name}() takes 1 positional argument but {} were given",
                            args.positional.len() + 1
                        )))
                    });
                }
                if let Some(p) = accessor("set", name).filter(|p| self.has_param(p)) {
                    return Some(match args.positional.as_slice() {
                        [v] => self.set(&p, v.clone()).map(|_| Value::Object(self.clone())),
                        _ => Err(type_error(format!(
                            "{name}() missing 1 required positional argument: 'value'"
                        ))),
                    });
                }
                return None;
            }
        })
    }

    pub fn is_common_method(&self, name: &str) -> bool {
        matches!(
            name,
            "explainParams"
                | "explainParam"
                | "getOrDefault"
                | "getParam"
                | "hasParam"
                | "isSet"
                | "isDefined"
                | "hasDefault"
                | "extractParamMap"
                | "copy"
                | "setParams"
                | "set"
                | "clear"
        ) || accessor("get", name).is_some_and(|p| self.has_param(&p))
            || accessor("set", name).is_some_and(|p| self.has_param(&p))
    }

    /// Attributes: `uid`, `params`, and each param as a `Param`.
    pub fn common_attr(&self, name: &str) -> Option<Value> {
        match name {
            "uid" => Some(Value::str(self.uid.as_str())),
            "params" => Some(Value::list(
                self.class
                    .params
                    .iter()
                    .filter_map(|(n, _, _)| self.param_obj(n).map(Value::object))
                    .collect(),
            )),
            n => self.param_obj(n).map(Value::object),
        }
    }
}

/// The stage object in a value, if it is one.
pub fn stage_of(v: &Value) -> Option<&StageObj> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<StageObj>(),
        _ => None,
    }
}

/// A class object: calling it constructs the stage (keyword arguments only).
#[derive(Debug)]
pub struct ClassObj(pub &'static MlClass);

impl Object for ClassObj {
    fn type_name(&self) -> &str {
        "type"
    }
    fn instance_check(&self, value: &Value) -> Option<bool> {
        Some(stage_of(value).is_some_and(|o| o.class.name == self.0.name))
    }
    fn call(self: Rc<Self>, _: &mut Interp, args: Args) -> Result<Value, PyErr> {
        if !args.positional.is_empty() {
            return Err(type_error("Method __init__ forces keyword arguments."));
        }
        let o = StageObj::new(self.0);
        for (k, v) in args.keywords {
            o.set(&k, v)?;
        }
        Ok(Value::object(o))
    }
    fn repr(&self) -> String {
        format!("<class '{}.{}'>", self.0.module, self.0.name)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

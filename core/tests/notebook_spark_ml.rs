//! Spark ML (`pyspark.ml`) from cells: vector columns, feature transformers, predictors,
//! pipelines, evaluators, tuning (with the number of models trained), errors as PySpark
//! raises them, and logging a pipeline with `mlflow.spark`.

mod notebook_support;
use notebook_support::Lab;

const CHURN: &str = r#"
customers = spark.read.csv("/databricks-datasets/lakelab/churn/customers.csv", header=True, inferSchema=True)
labels = spark.read.csv("/databricks-datasets/lakelab/churn/churn_labels.csv", header=True, inferSchema=True)
df = customers.join(labels, on="customer_id").withColumnRenamed("churn", "label")
train, test = df.randomSplit([0.8, 0.2], seed=42)
from pyspark.ml import Pipeline
from pyspark.ml.feature import StringIndexer, OneHotEncoder, VectorAssembler
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import BinaryClassificationEvaluator
idx = StringIndexer(inputCols=["contract", "region"], outputCols=["contract_idx", "region_idx"])
ohe = OneHotEncoder(inputCols=["contract_idx", "region_idx"], outputCols=["contract_ohe", "region_ohe"])
va = VectorAssembler(inputCols=["age", "tenure_months", "monthly_spend", "num_support_calls", "contract_ohe", "region_ohe"], outputCol="features")
lr = LogisticRegression(maxIter=50)
pipe = Pipeline(stages=[idx, ohe, va, lr])
"#;

fn churn() -> Lab {
    let mut lab = Lab::new().with_datasets();
    lab.ok(CHURN);
    lab
}

fn close(text: &str, want: f64) {
    let got: f64 = text.trim().parse().unwrap_or(f64::NAN);
    assert!((got - want).abs() < 1e-9, "got {text}, want {want}");
}

#[test]
fn a_pipeline_of_indexer_encoder_assembler_and_logistic_regression_reaches_a_sensible_auc() {
    let mut lab = churn();
    let out = lab.ok(
        r#"model = pipe.fit(train)
pred = model.transform(test)
print([type(s).__name__ for s in model.stages])
print(model.stages[0].labelsArray)
print(model.stages[1].categorySizes)
lrm = model.stages[-1]
print(lrm.numFeatures, len(lrm.coefficients.toArray()), lrm.numClasses, type(lrm.intercept).__name__)
print(pred.columns[-3:])
print(dict(pred.dtypes)["features"], dict(pred.dtypes)["prediction"])
auc = BinaryClassificationEvaluator().evaluate(pred)
print(0.7 < auc <= 1.0, auc == BinaryClassificationEvaluator(metricName="areaUnderROC").evaluate(pred))
print(0.0 < BinaryClassificationEvaluator(metricName="areaUnderPR").evaluate(pred) <= 1.0)
row = pred.select("probability", "prediction").first()
p = row.probability.toArray()
print(abs(sum(p) - 1.0) < 1e-9, row.prediction == (1.0 if p[1] > p[0] else 0.0))
print(0.5 < lrm.summary.accuracy <= 1.0, 0.7 < lrm.summary.areaUnderROC <= 1.0)
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "['StringIndexerModel', 'OneHotEncoderModel', 'VectorAssembler', 'LogisticRegressionModel']",
            "[['monthly', 'yearly', 'two_year'], ['north', 'south', 'east', 'west']]",
            "[3, 4]",
            "9 9 2 float",
            "['rawPrediction', 'probability', 'prediction']",
            "vector double",
            "True True",
            "True",
            "True True",
            "True True",
        ],
        "{out}"
    );
}

#[test]
fn vector_columns_display_collect_and_convert() {
    let mut lab = Lab::new();
    let out = lab.ok(
        r#"from pyspark.ml.linalg import Vectors, DenseVector
v = Vectors.dense([1.0, 2.5])
print(v, v.toArray(), v[1], len(v), Vectors.dense(3, 4).toArray(), Vectors.sparse(3, [1], [7.0]))
df = spark.createDataFrame([(Vectors.dense([1.0, 2.0]), 1.0), (Vectors.dense([0.5, -1.0]), 0.0)], ["features", "label"])
df.show()
df.printSchema()
r = df.collect()[0]
print(r.features, type(r.features).__name__, r.features.toArray())
print(df.select("features").toPandas().shape)
print(df.filter(df.label > 0.5).count())
"#,
    );
    assert_eq!(
        out,
        "[1.0,2.5] [1.0, 2.5] 2.5 2 [3.0, 4.0] (3,[1],[7.0])\n\
+----------+-----+\n\
|  features|label|\n\
+----------+-----+\n\
| [1.0,2.0]|  1.0|\n\
|[0.5,-1.0]|  0.0|\n\
+----------+-----+\n\
\n\
root\n |-- features: vector (nullable = true)\n |-- label: double (nullable = true)\n\
[1.0,2.0] DenseVector [1.0, 2.0]\n\
(2, 1)\n\
1\n"
    );
}

#[test]
fn vector_columns_survive_the_stored_table_format() {
    use lakelab_core::table::{encode, Cell, Column, DType, Table, Vector};
    let mut c = Column::vector_rows(vec![
        Vector::dense(vec![1.0, 2.0]),
        Vector::default(),
        Vector::dense(vec![0.5]),
        Vector::sparse(vec![0.0, 3.0, 0.0]),
    ]);
    c.valid = Some(vec![true, false, true, true]);
    let arrays = Column::from_cells(
        DType::Array,
        &[
            Cell::Array(vec![0.25, 0.75]),
            Cell::Null,
            Cell::Array(vec![]),
            Cell::Array(vec![1.0]),
        ],
    )
    .expect("arrays");
    let t = Table::new(vec!["v".into(), "a".into()], vec![c, arrays]).expect("table");
    let back = encode::decode(&encode::encode(&t)).expect("decodes");
    assert_eq!(back, t);
    assert_eq!(
        back.column_at(0).get(2),
        Cell::Vector(Vector::dense(vec![0.5]))
    );
    assert_eq!(
        back.column_at(0).get(3),
        Cell::Vector(Vector::sparse(vec![0.0, 3.0, 0.0]))
    );
    assert_eq!(
        Cell::Vector(Vector::dense(vec![1.0, -2.5])).text(),
        "[1.0,-2.5]"
    );
    // Vectors are written as Spark shows them, arrays with Spark's `, `; both parse back.
    assert_eq!(
        lakelab_core::table::csv::write(&t, ',', true),
        "v,a\n\"[1.0,2.0]\",\"[0.25, 0.75]\"\n,\n[0.5],[]\n\"(3,[1],[3.0])\",[1.0]\n"
    );
    for (text, want) in [
        ("[1.0, -2]", Vector::dense(vec![1.0, -2.0])),
        ("(3,[1],[3.0])", Vector::sparse(vec![0.0, 3.0, 0.0])),
        ("(2,[],[])", Vector::sparse(vec![0.0, 0.0])),
    ] {
        assert_eq!(
            lakelab_core::table::csv::parse_typed(text, DType::Vector),
            Some(Cell::Vector(want))
        );
    }
    assert_eq!(
        lakelab_core::table::csv::parse_typed("(2,[5],[1.0])", DType::Vector),
        None
    );
}

#[test]
fn evaluators_match_hand_computed_values() {
    let mut lab = Lab::new();
    lab.ok(
        r#"from pyspark.ml.linalg import Vectors
from pyspark.ml.evaluation import BinaryClassificationEvaluator, MulticlassClassificationEvaluator, RegressionEvaluator
scores = spark.createDataFrame([(Vectors.dense([-0.9, 0.9]), 1.0), (Vectors.dense([-0.8, 0.8]), 0.0), (Vectors.dense([-0.7, 0.7]), 1.0), (Vectors.dense([-0.1, 0.1]), 0.0)], ["rawPrediction", "label"])
classes = spark.createDataFrame([(0.0, 0.0), (1.0, 1.0), (2.0, 1.0), (1.0, 1.0)], ["label", "prediction"])
reg = spark.createDataFrame([(1.0, 1.0), (2.0, 2.0), (3.0, 5.0)], ["label", "prediction"])
"#,
    );
    // Positives score 0.9 and 0.7, negatives 0.8 and 0.1: 3 of 4 pairs ordered.
    close(
        &lab.ok("print(BinaryClassificationEvaluator().evaluate(scores))"),
        0.75,
    );
    // PR points (0,1) (.5,1) (.5,.5) (1,2/3) (1,.5): 0.5 + 0.5·(0.5 + 2/3)/2.
    close(
        &lab.ok("print(BinaryClassificationEvaluator(metricName='areaUnderPR').evaluate(scores))"),
        0.5 + 0.5 * (0.5 + 2.0 / 3.0) / 2.0,
    );
    let m = |metric: &str| {
        format!("print(MulticlassClassificationEvaluator(metricName='{metric}').evaluate(classes))")
    };
    close(&lab.ok(&m("accuracy")), 0.75);
    close(
        &lab.ok(&m("weightedPrecision")),
        (1.0 + 2.0 * 2.0 / 3.0) / 4.0,
    );
    close(&lab.ok(&m("weightedRecall")), 0.75);
    close(&lab.ok(&m("f1")), (1.0 + 2.0 * 0.8) / 4.0);
    let r =
        |metric: &str| format!("print(RegressionEvaluator(metricName='{metric}').evaluate(reg))");
    close(&lab.ok(&r("mse")), 4.0 / 3.0);
    close(&lab.ok(&r("rmse")), (4.0f64 / 3.0).sqrt());
    close(&lab.ok(&r("mae")), 2.0 / 3.0);
    close(&lab.ok(&r("r2")), -1.0);
    close(
        &lab.ok("print(RegressionEvaluator().evaluate(reg))"),
        (4.0f64 / 3.0).sqrt(),
    );
    assert_eq!(
        lab.ok("print(BinaryClassificationEvaluator().isLargerBetter(), RegressionEvaluator().isLargerBetter(), RegressionEvaluator(metricName='r2').isLargerBetter(), MulticlassClassificationEvaluator(metricName='logLoss').isLargerBetter())"),
        "True False True False\n"
    );
}

#[test]
fn cross_validator_trains_grid_times_folds_plus_one_and_picks_the_best() {
    let mut lab = churn();
    let out = lab.ok(
        r#"from pyspark.ml.tuning import ParamGridBuilder, CrossValidator
grid = ParamGridBuilder().addGrid(lr.regParam, [0.0, 0.01, 10.0]).addGrid(lr.maxIter, [5, 50]).build()
print(len(grid), grid[0][lr.regParam], grid[1][lr.maxIter], grid[5][lr.regParam])
cv = CrossValidator(estimator=pipe, estimatorParamMaps=grid, evaluator=BinaryClassificationEvaluator(), numFolds=3, seed=7)
cvm = cv.fit(train)
"#,
    );
    assert_eq!(
        out,
        "6 0.0 50 10.0\nCrossValidator: trained 19 models (6 param maps × 3 folds = 18, then 1 refit of the best param map on all rows)\n"
    );
    let out = lab.ok(
        r#"m = cvm.avgMetrics
print(len(m), type(cvm).__name__, type(cvm.bestModel).__name__)
best = max(range(len(m)), key=lambda i: m[i])
chosen = cvm.bestModel.stages[-1]
print(chosen.getRegParam() == grid[best][lr.regParam], chosen.getMaxIter() == grid[best][lr.maxIter])
print(grid[best][lr.regParam] != 10.0, m[best] > 0.7)
print(cvm.transform(test).count() == test.count())
again = CrossValidator(estimator=pipe, estimatorParamMaps=grid, evaluator=BinaryClassificationEvaluator(), numFolds=3, seed=7).fit(train)
print(again.avgMetrics == m)
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "6 CrossValidatorModel PipelineModel",
            "True True",
            "True True",
            "True",
            "CrossValidator: trained 19 models (6 param maps × 3 folds = 18, then 1 refit of the best param map on all rows)",
            "True",
        ],
        "{out}"
    );
    let out = lab.ok(
        r#"small = ParamGridBuilder().addGrid(lr.regParam, [0.0, 0.1]).build()
sub = CrossValidator(estimator=pipe, estimatorParamMaps=small, evaluator=BinaryClassificationEvaluator(), numFolds=2, collectSubModels=True).fit(train)
print(len(sub.subModels), len(sub.subModels[0]), type(sub.subModels[0][1]).__name__)
"#,
    );
    assert!(out.ends_with("2 2 PipelineModel\n"), "{out}");
    assert!(
        out.starts_with("CrossValidator: trained 5 models (2 param maps × 2 folds = 4"),
        "{out}"
    );
}

#[test]
fn train_validation_split_reports_validation_metrics() {
    let mut lab = churn();
    let out = lab.ok(
        r#"from pyspark.ml.tuning import ParamGridBuilder, TrainValidationSplit
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
grid = ParamGridBuilder().addGrid(lr.regParam, [0.0, 0.01, 10.0]).build()
tvs = TrainValidationSplit(estimator=pipe, estimatorParamMaps=grid, evaluator=MulticlassClassificationEvaluator(metricName="accuracy"), trainRatio=0.8, seed=1)
print(tvs.getTrainRatio(), tvs.getOrDefault("parallelism"))
tvm = tvs.fit(train)
v = tvm.validationMetrics
print(len(v), all(0.0 <= x <= 1.0 for x in v), type(tvm).__name__)
print(tvm.bestModel.stages[-1].getRegParam() == grid[max(range(3), key=lambda i: v[i])][lr.regParam])
"#,
    );
    assert_eq!(
        out,
        "0.8 1\nTrainValidationSplit: trained 4 models (3 param maps on the training split = 3, then 1 refit of the best param map on all rows)\n3 True TrainValidationSplitModel\nTrue\n"
    );
}

#[test]
fn imputer_fills_with_mean_median_and_mode() {
    let mut lab = Lab::new();
    let out = lab.ok(
        r#"from pyspark.ml.feature import Imputer
df = spark.createDataFrame([(1.0, 1), (2.0, None), (None, 3), (10.0, 4), (2.0, 3)], ["a", "b"])
m = Imputer(inputCols=["a", "b"], outputCols=["a_f", "b_f"]).fit(df)
print([r.a_f for r in m.transform(df).collect()], [r.b_f for r in m.transform(df).collect()])
m.surrogateDF.show()
med = Imputer(inputCols=["a"], outputCols=["a"], strategy="median").fit(df)
print([r.a for r in med.transform(df).collect()])
print([r.a for r in Imputer(inputCols=["a"], outputCols=["a"], strategy="mode").fit(df).transform(df).collect()])
print(Imputer().getStrategy(), Imputer(strategy="median").getStrategy())
"#,
    );
    // Mean of a: 15/4; of b: 11/4, cast back to b's integer type as Spark does.
    assert_eq!(
        out,
        "[1.0, 2.0, 3.75, 10.0, 2.0] [1, 2, 3, 4, 3]\n\
+----+----+\n\
|   a|   b|\n\
+----+----+\n\
|3.75|2.75|\n\
+----+----+\n\
\n\
[1.0, 2.0, 2.0, 10.0, 2.0]\n\
[1.0, 2.0, 2.0, 10.0, 2.0]\n\
mean median\n"
    );
}

#[test]
fn standard_scaler_uses_the_sample_standard_deviation() {
    let mut lab = Lab::new();
    let out = lab.ok(
        r#"from pyspark.ml.linalg import Vectors
from pyspark.ml.feature import StandardScaler
df = spark.createDataFrame([(Vectors.dense([1.0, 10.0]),), (Vectors.dense([2.0, 20.0]),), (Vectors.dense([3.0, 30.0]),)], ["x"])
m = StandardScaler(inputCol="x", outputCol="s").fit(df)
print(m.mean, m.std)
print([r.s.toArray() for r in m.transform(df).collect()])
c = StandardScaler(inputCol="x", outputCol="s", withMean=True).fit(df)
print([r.s.toArray() for r in c.transform(df).collect()])
"#,
    );
    assert_eq!(
        out,
        "[2.0,20.0] [1.0,10.0]\n\
[[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]\n\
[[-1.0, -1.0], [0.0, 0.0], [1.0, 1.0]]\n"
    );
}

#[test]
fn trees_forests_and_linear_regression_fit_and_expose_their_attributes() {
    let mut lab = churn();
    let out = lab.ok(
        r#"from pyspark.ml.classification import DecisionTreeClassifier, RandomForestClassifier
from pyspark.ml.regression import LinearRegression, RandomForestRegressor, DecisionTreeRegressor
from pyspark.ml.evaluation import RegressionEvaluator
prep = Pipeline(stages=[idx, ohe, va]).fit(train)
tr, te = prep.transform(train), prep.transform(test)
rf = RandomForestClassifier(numTrees=10, maxDepth=4, seed=3)
print(rf.getNumTrees(), RandomForestClassifier().getNumTrees(), RandomForestClassifier().getMaxDepth(), rf.getFeatureSubsetStrategy())
rfm = rf.fit(tr)
imp = rfm.featureImportances.toArray()
print(len(imp), abs(sum(imp) - 1.0) < 1e-9, rfm.getNumTrees)
print(0.7 < BinaryClassificationEvaluator().evaluate(rfm.transform(te)) <= 1.0)
print(round(sum(rfm.transform(te).select("rawPrediction").first()[0].toArray()), 9))
dt = DecisionTreeClassifier(maxDepth=3).fit(tr)
print(dt.depth <= 3, type(dt).__name__)
spend = RandomForestRegressor(labelCol="monthly_spend", featuresCol="f", numTrees=5, seed=1)
va2 = VectorAssembler(inputCols=["age", "tenure_months"], outputCol="f")
print(RegressionEvaluator(labelCol="monthly_spend").evaluate(spend.fit(va2.transform(train)).transform(va2.transform(test))) > 0)
print(type(DecisionTreeRegressor(labelCol="monthly_spend", featuresCol="f").fit(va2.transform(train))).__name__)
"#,
    );
    assert_eq!(
        out,
        "10 20 5 auto\n9 True 10\nTrue\n10.0\nTrue DecisionTreeClassificationModel\nTrue\nDecisionTreeRegressionModel\n",
        "{out}"
    );
    let out = lab.ok(
        r#"from pyspark.ml.linalg import Vectors
rows = [(Vectors.dense([float(i), float(i * i % 7)]), 2.0 * i - 3.0 * (i * i % 7) + 1.0) for i in range(12)]
exact = spark.createDataFrame(rows, ["features", "label"])
m = LinearRegression().fit(exact)
print([round(c, 6) for c in m.coefficients.toArray()], round(m.intercept, 6), round(m.summary.r2, 6))
ridge = LinearRegression(regParam=0.5, elasticNetParam=0.0).fit(exact)
print(abs(ridge.coefficients[1]) < 3.0)
"#,
    );
    assert_eq!(out, "[2.0, -3.0] 1.0 1.0\nTrue\n");
}

#[test]
fn params_getters_setters_and_explain() {
    let mut lab = Lab::new();
    let out = lab.ok(
        r#"from pyspark.ml.classification import LogisticRegression
lr = LogisticRegression(regParam=0.1)
print(lr.getRegParam(), lr.getMaxIter(), lr.getOrDefault("maxIter"), lr.getOrDefault(lr.elasticNetParam))
print(lr.setMaxIter(10) is lr, lr.getMaxIter(), lr.isSet("maxIter"), lr.isSet("tol"))
print(lr.regParam.name, lr.regParam.parent == lr.uid, lr.uid.startswith("LogisticRegression_"))
print(lr.explainParam("regParam"))
print(len(lr.explainParams().splitlines()), lr.getFeaturesCol(), lr.getFamily())
lr.setParams(labelCol="y")
print(lr.getLabelCol(), lr.copy().getRegParam())
"#,
    );
    assert_eq!(
        out,
        "0.1 100 100 0.0\nTrue 10 True False\nregParam True True\nregParam: regularization parameter (>= 0). (default: 0.0, current: 0.1)\n14 features auto\ny 0.1\n"
    );
}

#[test]
fn errors_are_pyspark_s() {
    let mut lab = churn();
    let e = lab.err("va.transform(train)");
    assert!(
        e.contains("AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `contract_ohe` cannot be resolved."),
        "{e}"
    );
    lab.ok("assembled = Pipeline(stages=[idx, ohe, va]).fit(train).transform(train)");
    assert_eq!(
        lab.err("va.transform(assembled)"),
        "pyspark.errors.exceptions.captured.IllegalArgumentException: Output column features already exists."
    );
    assert_eq!(
        lab.err("LogisticRegression(labelCol='contract').fit(assembled)"),
        "pyspark.errors.exceptions.captured.IllegalArgumentException: requirement failed: Column contract must be of type numeric but was actually of type string."
    );
    assert_eq!(
        lab.err("lr.transform(assembled)"),
        "AttributeError: 'LogisticRegression' object has no attribute 'transform'"
    );
    assert_eq!(
        lab.ok("lrm = lr.fit(assembled)\nprint(hasattr(lr, 'fit'), hasattr(lr, 'transform'), hasattr(lrm, 'transform'), hasattr(lrm, 'fit'), hasattr(va, 'fit'), hasattr(va, 'transform'))"),
        "True False True False False True\n"
    );
    assert_eq!(
        lab.err("va.fit(train)"),
        "AttributeError: 'VectorAssembler' object has no attribute 'fit'"
    );
    let e = lab.err("BinaryClassificationEvaluator(metricName='f1').evaluate(assembled)");
    assert!(
        e.starts_with("pyspark.errors.exceptions.captured.IllegalArgumentException: BinaryClassificationEvaluator_")
            && e.contains("parameter metricName given invalid value f1."),
        "{e}"
    );
    assert_eq!(
        lab.err("LogisticRegression(50)"),
        "TypeError: Method __init__ forces keyword arguments."
    );
    assert_eq!(
        lab.err("LogisticRegression(maxIters=5)"),
        "TypeError: LogisticRegression.__init__() got an unexpected keyword argument 'maxIters'"
    );
    assert!(lab
        .err("LogisticRegression(featuresCol='age').fit(assembled)")
        .contains("requirement failed: Column age must be of type struct<type:tinyint,size:int,indices:array<int>,values:array<double>> but was actually bigint."));
    lab.ok("holes = spark.createDataFrame([(1.0, 2.0), (None, 1.0)], ['a', 'b'])");
    assert!(lab
        .err("VectorAssembler(inputCols=['a', 'b'], outputCol='v').transform(holes).count()")
        .contains("Encountered null while assembling a row with handleInvalid = \"error\""));
    assert_eq!(
        lab.ok("print(VectorAssembler(inputCols=['a', 'b'], outputCol='v', handleInvalid='skip').transform(holes).count())"),
        "1\n"
    );
    lab.ok("si = StringIndexer(inputCol='contract', outputCol='c').fit(train)\nodd = spark.createDataFrame([('weekly',)], ['contract'])");
    assert!(lab.err("si.transform(odd)").contains(
        "Unseen label: weekly. To handle unseen labels, set Param handleInvalid to keep."
    ));
    assert_eq!(
        lab.ok("print(si.setHandleInvalid('keep').transform(odd).first().c if False else StringIndexer(inputCol='contract', outputCol='c', handleInvalid='keep').fit(train).transform(odd).first().c)"),
        "3.0\n"
    );
}

#[test]
fn mlflow_spark_logs_loads_and_serves_a_pipeline_model() {
    let mut lab = churn();
    lab.ok(r#"import mlflow
model = pipe.fit(train)
with mlflow.start_run() as run:
    info = mlflow.spark.log_model(model, "spark-model")
loaded = mlflow.spark.load_model(info.model_uri)
"#);
    let out = lab.ok(
        r#"print(type(loaded).__name__, [type(s).__name__ for s in loaded.stages], str(model).startswith("PipelineModel_"))
a = [r.prediction for r in model.transform(test).select("prediction").collect()]
b = [r.prediction for r in loaded.transform(test).select("prediction").collect()]
print(a == b, len(a) == test.count())
py = mlflow.pyfunc.load_model(info.model_uri)
print(py.predict(test.toPandas()) == b)
text = mlflow.artifacts.load_text(info.model_uri + "/MLmodel")
print("spark:" in text, "loader_module: mlflow.spark" in text)
"#,
    );
    assert_eq!(
        out,
        "PipelineModel ['StringIndexerModel', 'OneHotEncoderModel', 'VectorAssembler', 'LogisticRegressionModel'] True\nTrue True\nTrue\nTrue True\n"
    );
    let e = lab.err("mlflow.spark.log_model(lr, 'x')");
    assert!(
        e.contains("spark_model must be a fitted Spark ML model"),
        "{e}"
    );
}

#[test]
fn dataframe_operations_on_vector_columns_work_or_raise() {
    let mut lab = Lab::new();
    let out = lab.ok(
        r#"from pyspark.ml.linalg import Vectors
from pyspark.sql import functions as F
df = spark.createDataFrame([(1, Vectors.dense([1.0, 2.0])), (2, Vectors.dense([0.5, 1.0])), (3, Vectors.dense([1.0, 2.0]))], ["id", "v"])
checks = [
    lambda: df.orderBy("v").first().id,
    lambda: len(df.groupBy("v").count().collect()),
    lambda: df.distinct().count(),
    lambda: df.dropDuplicates(["v"]).count(),
    lambda: df.union(df).count(),
    lambda: df.join(df.select("id"), "id").count(),
    lambda: df.withColumn("w", F.col("v")).columns,
    lambda: df.select(F.col("v").cast("string")).first()[0],
    lambda: df.withColumn("x", F.col("v") + 1).count(),
    lambda: df.filter(F.col("v") > 1).count(),
    lambda: df.describe().count(),
    lambda: df.fillna(0).count(),
    lambda: df.toPandas()["v"][0],
    lambda: df.na.drop().count(),
]
for c in checks:
    try:
        print(c())
    except Exception as e:
        print(type(e).__name__, str(e)[:150])
display(df)
df.toPandas()
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..8],
        [
            "2",
            "2",
            "3",
            "2",
            "6",
            "3",
            "['id', 'v', 'w']",
            "[1.0,2.0]"
        ],
        "{out}"
    );
    assert!(
        lines[8].starts_with("AnalysisException [DATATYPE_MISMATCH]"),
        "{out}"
    );
    assert!(
        lines[9].contains("cannot compare vector with bigint"),
        "{out}"
    );
    assert_eq!(lines[10..14], ["5", "3", "[1.0,2.0]", "3"], "{out}");
}

#[test]
fn param_maps_are_dicts_keyed_by_params() {
    let mut lab = churn();
    let out = lab.ok(
        r#"from pyspark.ml.tuning import ParamGridBuilder
grid = ParamGridBuilder().baseOn({lr.maxIter: 7}).addGrid(lr.regParam, [0.1, 0.2]).build()
print(type(grid[0]).__name__, len(grid), [m[lr.regParam] for m in grid], grid[1][lr.maxIter])
print(str(grid[0]).startswith("{Param(parent='LogisticRegression_"), lr.regParam in grid[0], lr.tol in grid[0])
m = Pipeline(stages=[idx, ohe, va]).fit(train)
fitted = lr.fit(m.transform(train), {lr.regParam: 0.3, lr.maxIter: 9})
print(fitted.getRegParam(), fitted.getMaxIter(), lr.getRegParam())
print(lr.extractParamMap()[lr.maxIter], len(lr.extractParamMap()) > 5)
"#,
    );
    assert_eq!(
        out,
        "dict 2 [0.1, 0.2] 7\nTrue True False\n0.3 9 0.0\n50 True\n"
    );
}

#[test]
fn logistic_regression_threshold_multiclass_and_separable_data() {
    let mut lab = Lab::new();
    let out = lab.ok(
        r#"from pyspark.ml.linalg import Vectors
from pyspark.ml.classification import LogisticRegression
sep = spark.createDataFrame([(Vectors.dense([float(i)]), 1.0 if i > 5 else 0.0) for i in range(12)], ["features", "label"])
m = LogisticRegression().fit(sep)
print([r.prediction for r in m.transform(sep).collect()] == [r.label for r in sep.collect()])
strict = LogisticRegression(threshold=0.999999).fit(sep)
print(sum(r.prediction for r in strict.transform(sep).collect()) < 6)
three = spark.createDataFrame([(Vectors.dense([float(i % 3), float(i % 5)]), float(i % 3)) for i in range(30)], ["features", "label"])
mm = LogisticRegression(regParam=0.01).fit(three)
print(mm.numClasses, len(mm.coefficientMatrix), len(mm.interceptVector), len(mm.transform(three).first().probability))
print(mm.summary.accuracy > 0.9)
"#,
    );
    assert_eq!(out, "True\nTrue\n3 3 3 3\nTrue\n");
    let e = lab.err("LogisticRegression(elasticNetParam=0.5, regParam=0.1).fit(sep)");
    assert!(e.contains("no L1 penalty"), "{e}");
}

#[test]
fn imputer_honours_missing_value() {
    let mut lab = Lab::new();
    let out = lab.ok(
        r#"from pyspark.ml.feature import Imputer
df = spark.createDataFrame([(1.0,), (-1.0,), (3.0,)], ["a"])
print([r.a for r in Imputer(inputCols=["a"], outputCols=["a"], missingValue=-1.0).fit(df).transform(df).collect()])
"#,
    );
    assert_eq!(out, "[1.0, 2.0, 3.0]\n");
}

#[test]
fn log_loss_and_a_label_indexer_absent_column_at_scoring_time() {
    let mut lab = churn();
    lab.ok(
        r#"from pyspark.ml.linalg import Vectors
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
probs = spark.createDataFrame([(0.0, 0.0, Vectors.dense([0.8, 0.2])), (1.0, 1.0, Vectors.dense([0.4, 0.6]))], ["label", "prediction", "probability"])
"#,
    );
    close(
        &lab.ok("print(MulticlassClassificationEvaluator(metricName='logLoss').evaluate(probs))"),
        -(0.8f64.ln() + 0.6f64.ln()) / 2.0,
    );
    let out = lab.ok(
        r#"si = StringIndexer(inputCol="contract", outputCol="c").fit(train)
print(si.transform(train.drop("contract")).columns == train.drop("contract").columns)
"#,
    );
    assert_eq!(out, "True\n");
}

#[test]
fn isinstance_tells_estimators_from_transformers() {
    let mut lab = churn();
    let out = lab.ok(
        r#"from pyspark.ml import Estimator, Transformer, Model, PipelineModel
from pyspark.ml.classification import LogisticRegressionModel
from pyspark.ml.evaluation import Evaluator
model = pipe.fit(train)
lrm = model.stages[-1]
for x in [lr, va, lrm, model, pipe, BinaryClassificationEvaluator()]:
    print(type(x).__name__, isinstance(x, Estimator), isinstance(x, Transformer), isinstance(x, Model), isinstance(x, Evaluator))
print(isinstance(lr, LogisticRegression), isinstance(lrm, LogisticRegressionModel), isinstance(lrm, LogisticRegression), isinstance(model, PipelineModel))
"#,
    );
    assert_eq!(
        out,
        "LogisticRegression True False False False\n\
VectorAssembler False True False False\n\
LogisticRegressionModel False True True False\n\
PipelineModel False True True False\n\
Pipeline True False False False\n\
BinaryClassificationEvaluator False False False True\n\
True True False True\n"
    );
    let e = lab.err("lrm.setThreshold(0.3)");
    assert!(
        e.starts_with("NotImplementedError: LogisticRegressionModel.setThreshold"),
        "{e}"
    );
    assert_eq!(
        lab.ok("print(lrm.getThreshold(), lrm.getMaxIter())"),
        "0.5 50\n"
    );
    let e = lab.err("Estimator()");
    assert!(e.contains("abstract class Estimator"), "{e}");
}

#[test]
fn vector_to_array_pulls_the_probability_of_class_one() {
    let mut lab = churn();
    let out = lab.ok(
        r#"from pyspark.ml.functions import vector_to_array
from pyspark.sql import functions as F
pred = pipe.fit(train).transform(test)
scored = pred.withColumn("p1", vector_to_array("probability")[1])
rows = scored.select("probability", "p1").collect()
print(all(r.p1 == r.probability.toArray()[1] for r in rows), len(rows) == test.count())
print(dict(scored.dtypes)["p1"], pred.select(vector_to_array("probability")[1]).columns)
arr = pred.select(vector_to_array("probability").alias("arr"))
print(arr.dtypes, type(arr.first().arr).__name__, len(arr.first().arr))
print(arr.select(F.col("arr").getItem(0)).columns, arr.select(F.col("arr")[0]).first()[0] == rows[0].probability[0])
print(arr.select(F.col("arr")[2], F.col("arr")[-1]).first())
arr.printSchema()
"#,
    );
    assert_eq!(
        out,
        "True True\n\
double ['UDF(probability)[1]']\n\
[('arr', 'array<double>')] list 2\n\
['arr[0]'] True\n\
Row(arr[2]=None, arr[-1]=None)\n\
root\n |-- arr: array (nullable = true)\n |    |-- element: double (containsNull = true)\n"
    );
}

#[test]
fn vector_to_array_dtypes_arrays_and_their_errors() {
    let mut lab = Lab::new();
    let out = lab.ok(
        r#"from pyspark.ml.linalg import Vectors
from pyspark.ml.functions import vector_to_array, array_to_vector
from pyspark.sql import functions as F
df = spark.createDataFrame([(Vectors.dense([0.1, 2.0]),), (Vectors.sparse(3, [(0, 2.0), (2, 3.0)]),)], ["v"])
a = df.select(vector_to_array("v").alias("d"), vector_to_array(F.col("v"), "float32").alias("f"))
a.show(truncate=False)
print(a.collect())
print(a.first().f[0] == 0.10000000149011612, a.first().d[0] == 0.1)
back = a.select(array_to_vector("d").alias("v"))
print(back.collect(), back.dtypes)
lists = spark.createDataFrame([([1.5, 2.5],), ([1, 3],)], ["v1"])
print(lists.dtypes, lists.select(array_to_vector("v1")).collect())
"#,
    );
    assert_eq!(
        out,
        "+---------------+--------------------------+\n\
|d              |f                         |\n\
+---------------+--------------------------+\n\
|[0.1, 2.0]     |[0.10000000149011612, 2.0]|\n\
|[2.0, 0.0, 3.0]|[2.0, 0.0, 3.0]           |\n\
+---------------+--------------------------+\n\
\n\
[Row(d=[0.1, 2.0], f=[0.10000000149011612, 2.0]), Row(d=[2.0, 0.0, 3.0], f=[2.0, 0.0, 3.0])]\n\
True True\n\
[Row(v=DenseVector([0.1, 2.0])), Row(v=DenseVector([2.0, 0.0, 3.0]))] [('v', 'vector')]\n\
[('v1', 'array<double>')] [Row(UDF(v1)=DenseVector([1.5, 2.5])), Row(UDF(v1)=DenseVector([1.0, 3.0]))]\n"
    );
    assert_eq!(
        lab.err("vector_to_array('v', 'float16')"),
        "pyspark.errors.exceptions.captured.IllegalArgumentException: Unsupported dtype: float16. Valid values: float64, float32."
    );
    lab.ok("nums = spark.createDataFrame([(1.0,), (None,)], ['x'])");
    let e = lab.err("nums.select(vector_to_array('x')).collect()");
    assert!(
        e.starts_with("Exception: org.apache.spark.SparkException: [FAILED_EXECUTE_UDF] Failed to execute user defined function (`UDF(x)`).")
            && e.contains("input type must be `org.apache.spark.ml.linalg.Vector` or `org.apache.spark.mllib.linalg.Vector`, but got java.lang.Double."),
        "{e}"
    );
    let e = lab.err("df.select(F.col('v')[0])");
    assert!(
        e.starts_with("pyspark.errors.exceptions.captured.AnalysisException: [INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from \"v\". Need a complex type [STRUCT, ARRAY, MAP] but got \"VECTOR\".")
            && e.contains("vector_to_array"),
        "{e}"
    );
    let e = lab.err("df.select(array_to_vector('v'))");
    assert!(
        e.starts_with("pyspark.errors.exceptions.captured.AnalysisException: [DATATYPE_MISMATCH]"),
        "{e}"
    );
}

#[test]
fn one_hot_and_assembled_vectors_show_sparse_or_dense_as_spark_does() {
    let mut lab = Lab::new();
    let out = lab.ok(
        r#"from pyspark.ml.feature import OneHotEncoder, VectorAssembler, StandardScaler
df = spark.createDataFrame([(0.0, 1.0, 0.0, 0.0), (1.0, 0.0, 2.0, 3.0), (2.0, 0.0, 0.0, 0.0)], ["c", "a", "b", "d"])
enc = OneHotEncoder(inputCols=["c"], outputCols=["c_ohe"]).fit(df).transform(df)
enc.show()
r = enc.first()
print(r.c_ohe, repr(r.c_ohe), type(r.c_ohe).__name__, r.c_ohe.size, r.c_ohe.indices, r.c_ohe.values, r.c_ohe.toArray())
print(enc.collect()[2])
va = VectorAssembler(inputCols=["a", "b", "d", "c_ohe"], outputCol="f")
f = va.transform(enc)
f.select("f").show(truncate=False)
print([type(x.f).__name__ for x in f.collect()])
sc = StandardScaler(inputCol="c_ohe", outputCol="s").fit(enc).transform(enc)
print([type(x.s).__name__ for x in sc.collect()], [type(x.s).__name__ for x in StandardScaler(inputCol="c_ohe", outputCol="s", withMean=True).fit(enc).transform(enc).collect()])
from pyspark.ml.linalg import Vectors
print(repr(Vectors.dense([0.123456, 1e-5, 12345.678])), Vectors.dense([0.123456]), repr(Vectors.sparse(4, {3: 0.5, 1: 1.0})))
"#,
    );
    assert_eq!(
        out,
        "+---+---+---+---+-------------+\n\
|  c|  a|  b|  d|        c_ohe|\n\
+---+---+---+---+-------------+\n\
|0.0|1.0|0.0|0.0|(2,[0],[1.0])|\n\
|1.0|0.0|2.0|3.0|(2,[1],[1.0])|\n\
|2.0|0.0|0.0|0.0|    (2,[],[])|\n\
+---+---+---+---+-------------+\n\
\n\
(2,[0],[1.0]) SparseVector(2, {0: 1.0}) SparseVector 2 [0] [1.0] [1.0, 0.0]\n\
Row(c=2.0, a=0.0, b=0.0, d=0.0, c_ohe=SparseVector(2, {}))\n\
+---------------------+\n\
|f                    |\n\
+---------------------+\n\
|(5,[0,3],[1.0,1.0])  |\n\
|[0.0,2.0,3.0,0.0,1.0]|\n\
|(5,[],[])            |\n\
+---------------------+\n\
\n\
['SparseVector', 'DenseVector', 'SparseVector']\n\
['SparseVector', 'SparseVector', 'SparseVector'] ['DenseVector', 'DenseVector', 'DenseVector']\n\
DenseVector([0.1235, 0.0, 12345.678]) [0.123456] SparseVector(4, {1: 1.0, 3: 0.5})\n"
    );
}

/// Two groups at x = 0 and x = 1 whose labels disagree within the group; `w` weighs the
/// minority label of the x = 0 group up (every fifth row), so weighting flips its majority.
const CONFLICT: &str = r#"
from pyspark.ml.linalg import Vectors
from pyspark.ml.classification import LogisticRegression, RandomForestClassifier, DecisionTreeClassifier
rows = []
for i in range(50):
    rows.append((Vectors.dense([0.0]), 1.0 if i % 5 < 2 else 0.0, 4.0 if i % 5 < 2 else 1.0))
    rows.append((Vectors.dense([1.0]), 1.0 if i % 5 < 4 else 0.0, 1.0))
df = spark.createDataFrame(rows, ["features", "label", "w"])
at0 = spark.createDataFrame([(Vectors.dense([0.0]),)], ["features"])
"#;

#[test]
fn weight_col_flips_the_majority_the_weights_favour() {
    let mut lab = Lab::new();
    lab.ok(CONFLICT);
    // Unweighted, 20 of the 50 rows at x = 0 are positive; weighted, 80 of 110.
    let out = lab.ok(
        r#"for est in [LogisticRegression(), DecisionTreeClassifier(), RandomForestClassifier(numTrees=5, seed=1)]:
    plain = est.fit(df).transform(at0).first()
    est.setWeightCol("w")
    weighted = est.fit(df).transform(at0).first()
    print(type(est).__name__, plain.prediction, weighted.prediction, round(weighted.probability[1], 3), weighted.probability[1] > 0.6)
"#,
    );
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "LogisticRegression 0.0 1.0 0.727 True",
            "DecisionTreeClassifier 0.0 1.0 0.727 True"
        ],
        "{out}"
    );
    assert!(
        lines[2].starts_with("RandomForestClassifier 0.0 1.0 ") && lines[2].ends_with(" True"),
        "{out}"
    );
    // A weight of 2 is the row twice; scaling every weight changes nothing.
    let out = lab.ok(r#"from pyspark.sql import functions as F
dup = df.union(df.filter(df.w > 1.0)).withColumn("one", F.lit(1.0))
half = df.withColumn("w", F.when(df.w > 1.0, 2.0).otherwise(1.0))
a = LogisticRegression(regParam=0.1, weightCol="w").fit(half)
b = LogisticRegression(regParam=0.1, weightCol="one").fit(dup)
c = LogisticRegression(regParam=0.1, weightCol="w").fit(half.withColumn("w", half.w * 10))
print(abs(a.coefficients[0] - b.coefficients[0]) < 1e-6, abs(a.intercept - b.intercept) < 1e-6)
print(abs(a.coefficients[0] - c.coefficients[0]) < 1e-6, abs(a.intercept - c.intercept) < 1e-6)
"#);
    assert_eq!(out, "True True\nTrue True\n");
    let e = lab.err("LogisticRegression(weightCol='w').fit(df.withColumn('w', df.w - 2.0))");
    assert!(
        e.starts_with("Exception: org.apache.spark.SparkException: [FAILED_EXECUTE_UDF]")
            && e.ends_with(
                "requirement failed: Weights MUST be non-Negative and finite, but got -1.0"
            ),
        "{e}"
    );
    let e = lab.err("LogisticRegression(weightCol='nope').fit(df)");
    assert!(
        e.contains("AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `nope`"),
        "{e}"
    );
}

#[test]
fn weighted_regressors_ignore_zero_weight_rows() {
    let mut lab = Lab::new();
    let out = lab.ok(
        r#"from pyspark.ml.linalg import Vectors
from pyspark.ml.regression import LinearRegression, DecisionTreeRegressor, RandomForestRegressor
rows = [(Vectors.dense([float(i)]), 2.0 * i + 1.0, 1.0) for i in range(10)] + [(Vectors.dense([4.0]), 100.0, 0.0)]
df = spark.createDataFrame(rows, ["features", "label", "w"])
plain = LinearRegression().fit(df)
lr = LinearRegression(weightCol="w").fit(df)
print(round(lr.coefficients[0], 9), round(lr.intercept, 9), round(lr.summary.r2, 9), plain.coefficients[0] != 2.0)
ridge = LinearRegression(weightCol="w", regParam=0.1).fit(df)
ridge_clean = LinearRegression(regParam=0.1).fit(df.filter(df.w > 0))
print(abs(ridge.coefficients[0] - ridge_clean.coefficients[0]) < 1e-6, abs(ridge.intercept - ridge_clean.intercept) < 1e-6)
at4 = spark.createDataFrame([(Vectors.dense([4.0]),)], ["features"])
for est in [DecisionTreeRegressor(maxDepth=5), RandomForestRegressor(numTrees=10, seed=2, featureSubsetStrategy="all")]:
    print(type(est).__name__, est.fit(df).transform(at4).first().prediction > 20, est.setWeightCol("w").fit(df).transform(at4).first().prediction < 20)
"#,
    );
    assert_eq!(
        out,
        "2.0 1.0 1.0 True\nTrue True\nDecisionTreeRegressor True True\nRandomForestRegressor True True\n"
    );
}

#[test]
fn evaluators_weigh_rows_by_weight_col() {
    let mut lab = Lab::new();
    lab.ok(
        r#"from pyspark.ml.linalg import Vectors
from pyspark.ml.evaluation import BinaryClassificationEvaluator, MulticlassClassificationEvaluator, RegressionEvaluator
scores = spark.createDataFrame([(Vectors.dense([-0.9, 0.9]), 1.0, 1.0), (Vectors.dense([-0.8, 0.8]), 0.0, 3.0), (Vectors.dense([-0.7, 0.7]), 1.0, 1.0), (Vectors.dense([-0.1, 0.1]), 0.0, 1.0)], ["rawPrediction", "label", "w"])
classes = spark.createDataFrame([(0.0, 0.0, 1.0), (1.0, 1.0, 2.0), (2.0, 1.0, 3.0), (1.0, 1.0, 1.0)], ["label", "prediction", "w"])
reg = spark.createDataFrame([(1.0, 1.0, 1.0), (2.0, 2.0, 1.0), (3.0, 5.0, 2.0)], ["label", "prediction", "w"])
"#,
    );
    // Negatives weigh 3 (score 0.8) and 1 (0.1): of the 2 × 4 weighted pairs, positive 0.9
    // beats both (4), positive 0.7 beats only the 0.1 one (1): 5 / 8.
    close(
        &lab.ok("print(BinaryClassificationEvaluator(weightCol='w').evaluate(scores))"),
        5.0 / 8.0,
    );
    // PR points: (0, 1), (0.5, 1), (0.5, 0.25), (1, 2/5), (1, 1/3).
    close(
        &lab.ok("print(BinaryClassificationEvaluator(metricName='areaUnderPR', weightCol='w').evaluate(scores))"),
        0.5 + 0.5 * (0.25 + 0.4) / 2.0,
    );
    let m = |metric: &str| {
        format!("print(MulticlassClassificationEvaluator(metricName='{metric}', weightCol='w').evaluate(classes))")
    };
    // Total weight 7; class 0: p = r = 1 (weight 1); class 1: tp 3, fp 3, fn 0 (weight 3);
    // class 2: tp 0 (weight 3).
    close(&lab.ok(&m("accuracy")), 4.0 / 7.0);
    close(&lab.ok(&m("weightedPrecision")), (1.0 + 3.0 * 0.5) / 7.0);
    close(&lab.ok(&m("weightedRecall")), (1.0 + 3.0) / 7.0);
    close(&lab.ok(&m("f1")), (1.0 + 3.0 * (2.0 / 3.0)) / 7.0);
    let r = |metric: &str| {
        format!("print(RegressionEvaluator(metricName='{metric}', weightCol='w').evaluate(reg))")
    };
    // Weight 4; squared errors 0, 0, 4 (weight 2): mse 8 / 4. Weighted mean of y 9 / 4.
    close(&lab.ok(&r("mse")), 2.0);
    close(&lab.ok(&r("rmse")), 2.0f64.sqrt());
    close(&lab.ok(&r("mae")), 1.0);
    // Spark's SStot: Σw(y - ȳ)² = 2.75, times (W - 1) / (W - Σw²/W) = 3 / 2.5.
    close(&lab.ok(&r("r2")), 1.0 - 8.0 / (2.75 * 3.0 / 2.5));
    // Σw(ŷ - ȳ)² / W: (1.5625 + 0.0625 + 2 · 7.5625) / 4.
    close(&lab.ok(&r("var")), (1.5625 + 0.0625 + 2.0 * 7.5625) / 4.0);
    close(
        &lab.ok("print(RegressionEvaluator(metricName='r2', throughOrigin=True).evaluate(reg))"),
        1.0 - 4.0 / 14.0,
    );
    let e = lab.err(
        "RegressionEvaluator(weightCol='label').evaluate(reg.withColumn('label', reg.label - 5.0))",
    );
    assert!(
        e.ends_with("Weights MUST be non-Negative and finite, but got -4.0"),
        "{e}"
    );
}

//! Saving and loading Spark ML models from cells: `model.write().overwrite().save(path)`,
//! `model.save(path)`, `PipelineModel.load` / `LogisticRegressionModel.load` over the
//! notebook's file system with Spark's refusals, and models holding NaN or infinities
//! surviving both that and `mlflow.spark.log_model`.

mod notebook_support;
use notebook_support::Lab;

const CHURN: &str = r#"
customers = spark.read.csv("/databricks-datasets/lakelab/churn/customers.csv", header=True, inferSchema=True)
labels = spark.read.csv("/databricks-datasets/lakelab/churn/churn_labels.csv", header=True, inferSchema=True)
df = customers.join(labels, on="customer_id").withColumnRenamed("churn", "label")
train, test = df.randomSplit([0.8, 0.2], seed=42)
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.feature import StringIndexer, OneHotEncoder, VectorAssembler
from pyspark.ml.classification import LogisticRegression, LogisticRegressionModel
idx = StringIndexer(inputCols=["contract", "region"], outputCols=["contract_idx", "region_idx"])
ohe = OneHotEncoder(inputCols=["contract_idx", "region_idx"], outputCols=["contract_ohe", "region_ohe"])
va = VectorAssembler(inputCols=["age", "tenure_months", "monthly_spend", "num_support_calls", "contract_ohe", "region_ohe"], outputCol="features")
lr = LogisticRegression(maxIter=50, regParam=0.01)
model = Pipeline(stages=[idx, ohe, va, lr]).fit(train)
def preds(m):
    return [r.prediction for r in m.transform(test).select("prediction").collect()]
"#;

fn churn() -> Lab {
    let mut lab = Lab::new().with_datasets();
    lab.ok(CHURN);
    lab
}

#[test]
fn a_pipeline_model_saves_as_spark_lays_it_out_and_loads_back() {
    let mut lab = churn();
    let out = lab.ok(
        r#"model.write().overwrite().save("/tmp/churn_model")
print(sorted(f.name for f in dbutils.fs.ls("dbfs:/tmp/churn_model")))
print([f.name for f in dbutils.fs.ls("dbfs:/tmp/churn_model/stages")])
import json
meta = json.loads(dbutils.fs.head("dbfs:/tmp/churn_model/metadata/part-00000"))
print(meta["class"], meta["sparkVersion"], meta["uid"] == model.uid, len(meta["paramMap"]["stageUids"]))
lr_meta = json.loads(open(f"/dbfs/tmp/churn_model/stages/3_{model.stages[3].uid}/metadata/part-00000").read())
print(lr_meta["class"], lr_meta["paramMap"], lr_meta["defaultParamMap"]["maxIter"], lr_meta["defaultParamMap"]["threshold"])
loaded = PipelineModel.load("dbfs:/tmp/churn_model")
print(type(loaded).__name__, [type(s).__name__ for s in loaded.stages], loaded.uid == model.uid)
print(preds(loaded) == preds(model), loaded.stages[-1].getMaxIter(), loaded.stages[-1].getRegParam(), loaded.stages[0].labelsArray == model.stages[0].labelsArray)
print(loaded.stages[2].getInputCols() == va.getInputCols(), loaded.stages[-1].uid == model.stages[-1].uid)
"#,
    );
    let stages = lab.ok("print([f'{i}_{s.uid}/' for i, s in enumerate(model.stages)])");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "['metadata/', 'stages/']", "{out}");
    assert_eq!(lines[1], stages.trim(), "{out}");
    assert_eq!(
        lines[2..],
        [
            "org.apache.spark.ml.PipelineModel 3.5.0 True 4",
            "org.apache.spark.ml.classification.LogisticRegressionModel {'maxIter': 50, 'regParam': 0.01} 100 0.5",
            "PipelineModel ['StringIndexerModel', 'OneHotEncoderModel', 'VectorAssembler', 'LogisticRegressionModel'] True",
            "True 50 0.01 True",
            "True True",
        ],
        "{out}"
    );
}

#[test]
fn saving_over_an_existing_path_needs_overwrite() {
    let mut lab = churn();
    lab.ok("model.save('/tmp/m')");
    assert_eq!(
        lab.err("model.save('/tmp/m')"),
        "Exception: java.io.IOException: Path /tmp/m already exists. To overwrite it, please use write.overwrite().save(path) for Scala and use write().overwrite().save(path) for Java and Python."
    );
    assert!(lab
        .err("model.write().save('dbfs:/tmp/m')")
        .contains("Path dbfs:/tmp/m already exists."));
    // Overwriting replaces the whole directory: the old stages are gone.
    let out = lab.ok(
        r#"lrm = model.stages[-1]
w = lrm.write()
print(type(w).__name__, type(model.write()).__name__, w.overwrite() is w)
w.save("/tmp/m")
print(sorted(f.name for f in dbutils.fs.ls("/tmp/m")))
back = LogisticRegressionModel.load("/tmp/m")
print(type(back).__name__, back.coefficients == lrm.coefficients, back.intercept == lrm.intercept, back.uid == lrm.uid)
print(LogisticRegressionModel.read().load("dbfs:/tmp/m").numFeatures)
"#,
    );
    assert_eq!(
        out,
        "JavaMLWriter PipelineModelWriter True\n['data/', 'metadata/']\nLogisticRegressionModel True True True\n9\n"
    );
    assert_eq!(
        lab.err("PipelineModel.load('/tmp/m')"),
        "pyspark.errors.exceptions.captured.IllegalArgumentException: requirement failed: Error loading metadata: Expected class name org.apache.spark.ml.PipelineModel but found class name org.apache.spark.ml.classification.LogisticRegressionModel"
    );
    assert_eq!(
        lab.err("PipelineModel.load('/tmp/nothing_here')"),
        "Exception: org.apache.hadoop.mapred.InvalidInputException: Input path does not exist: dbfs:/tmp/nothing_here/metadata"
    );
    assert!(lab
        .err("lr.save('/tmp/lr')")
        .starts_with("AttributeError: 'LogisticRegression' object has no attribute 'save'"));
    assert!(lab
        .err("model.save(3)")
        .starts_with("TypeError: path should be a string"));
}

#[test]
fn a_damaged_saved_model_is_an_error_not_a_panic() {
    let mut lab = churn();
    lab.ok(
        r#"model.stages[-1].save("/tmp/bad")
model.save("/tmp/bad_pipe")
dbutils.fs.put("/tmp/bad/data/model.json", "{oops", overwrite=True)
dbutils.fs.put("/tmp/bad_pipe/metadata/part-00000", '{"class": "org.apache.spark.ml.PipelineModel"}', overwrite=True)
"#,
    );
    let e = lab.err("LogisticRegressionModel.load('/tmp/bad')");
    assert!(
        e.starts_with("Exception: the saved model /dbfs/tmp/bad/data/model.json cannot be read:"),
        "{e}"
    );
    let e = lab.err("PipelineModel.load('/tmp/bad_pipe')");
    assert!(e.contains("names no stages (paramMap.stageUids)"), "{e}");
    lab.ok("dbutils.fs.put('/tmp/bad/metadata/part-00000', 'not json', overwrite=True)");
    let e = lab.err("LogisticRegressionModel.load('/tmp/bad')");
    assert!(e.contains("is not Spark ML metadata"), "{e}");
}

#[test]
fn models_save_to_volumes() {
    let mut lab = churn();
    let out = lab.ok(
        r#"model.write().overwrite().save("/Volumes/main/default/models/churn")
print(preds(PipelineModel.load("/Volumes/main/default/models/churn")) == preds(model))
import os
print(os.path.exists("/Volumes/main/default/models/churn/metadata/part-00000"))
"#,
    );
    assert_eq!(out, "True\nTrue\n");
}

/// Class 1 never appears, so the multinomial model's class-1 intercept is minus infinity;
/// a constant column with a null assembled as NaN makes the scaler's mean and std NaN.
const NON_FINITE: &str = r#"
from pyspark.ml.linalg import Vectors
from pyspark.ml.feature import StandardScaler
gap = spark.createDataFrame([(Vectors.dense([float(i)]), 0.0 if i < 5 else 2.0) for i in range(10)], ["features", "label"])
lrm = LogisticRegression().fit(gap)
holes = spark.createDataFrame([(1.0, 2.0), (None, 3.0), (1.0, 4.0)], ["a", "b"])
assembled = VectorAssembler(inputCols=["a", "b"], outputCol="v", handleInvalid="keep").transform(holes)
scaler = StandardScaler(inputCol="v", outputCol="s").fit(assembled)
"#;

#[test]
fn models_with_nan_and_infinity_round_trip() {
    let mut lab = churn();
    lab.ok(NON_FINITE);
    let out = lab.ok(
        r#"print(lrm.interceptVector[1], scaler.mean, scaler.std)
lrm.write().overwrite().save("/tmp/gap")
scaler.write().overwrite().save("/tmp/scaler")
from pyspark.ml.feature import StandardScalerModel
back = LogisticRegressionModel.load("/tmp/gap")
print(back.interceptVector.toArray() == lrm.interceptVector.toArray(), [r.prediction for r in back.transform(gap).collect()] == [r.prediction for r in lrm.transform(gap).collect()])
print(StandardScalerModel.load("/tmp/scaler").mean)
import mlflow
with mlflow.start_run():
    info = mlflow.spark.log_model(lrm, "gap")
    sinfo = mlflow.spark.log_model(scaler, "scaler")
print(mlflow.spark.load_model(info.model_uri).interceptVector[1], mlflow.spark.load_model(sinfo.model_uri).std)
print('"$numberDouble": "-Infinity"' in mlflow.artifacts.load_text(info.model_uri + "/model.json"))
"#,
    );
    assert_eq!(
        out,
        "-inf [nan,3.0] [nan,1.0]\nTrue True\n[nan,3.0]\n-inf [nan,1.0]\nTrue\n"
    );
}

//! `mlflow.pyfunc.spark_udf` in cells: result types, columns passed positionally, by name or
//! in a struct, its errors, and a 100,000-row frame scored in one batch.

mod notebook_support;

use notebook_support::Lab;

/// `model` (logistic on `age` and `spend`, predicting 0/1) logged with a signature as
/// `churn_uri`, and `reg` (a linear regression on the same columns) logged without one as
/// `reg_uri`; `df` a Spark frame of three rows.
fn lab() -> Lab {
    use lakelab_core::models::{LinearModel, Link, SavedModel};
    use lakelab_core::notebook::bindings::models::ModelObj;
    use lakelab_core::notebook::value::Value;
    let mut lab = Lab::new().with_trained_model();
    let reg = SavedModel::Linear(LinearModel {
        features: vec!["age".into(), "spend".into()],
        coefficients: vec![2.0, 0.5],
        intercept: 1.0,
        link: Link::Identity,
    });
    lab.session
        .globals
        .insert("reg".into(), Value::object(ModelObj(reg)));
    lab.ok("import mlflow\nimport pandas as pd\nfrom pyspark.sql.functions import struct, col\nX = pd.DataFrame({'age': [30, 10], 'spend': [5.0, 1.0]})\nwith mlflow.start_run():\n    churn_uri = mlflow.sklearn.log_model(model, 'model', input_example=X).model_uri\n    reg_uri = mlflow.sklearn.log_model(reg, 'reg').model_uri\ndf = spark.createDataFrame([(30, 5.0, 'a'), (10, 1.0, 'b'), (25, 2.5, 'c')], ['age', 'spend', 'name'])");
    lab
}

#[test]
fn the_default_result_type_comes_from_the_signature_else_double() {
    let mut lab = lab();
    let out = lab.ok("print(mlflow.pyfunc.load_model(churn_uri).metadata.signature)\np = mlflow.pyfunc.spark_udf(spark, churn_uri)\nout = df.withColumn('prediction', p('age', 'spend'))\nprint(out.dtypes)\nprint([r['prediction'] for r in out.collect()])\nprint(list(mlflow.pyfunc.load_model(churn_uri).predict(df.toPandas()[['age', 'spend']])))");
    let lines: Vec<&str> = out.lines().collect();
    let n = lines.len();
    assert_eq!(
        lines[n - 3],
        "[('age', 'bigint'), ('spend', 'double'), ('name', 'string'), ('prediction', 'bigint')]",
        "{out}"
    );
    assert_eq!(lines[n - 2], lines[n - 1]);
    assert_eq!(lines[n - 1], "[1, 0, 1]");
    // No signature, no output schema: double.
    let out = lab.ok("r = mlflow.pyfunc.spark_udf(spark, reg_uri)\nout = df.withColumn('y', r(struct('age', 'spend')))\nprint(out.dtypes[-1], [row['y'] for row in out.collect()])");
    assert_eq!(out, "('y', 'double') [63.5, 21.5, 52.25]\n");
}

#[test]
fn explicit_result_types_cast_or_refuse_as_mlflow_does() {
    let mut lab = lab();
    let out = lab.ok("from pyspark.sql.types import DoubleType, StringType, ArrayType\nfor t in ['double', 'float', 'long', 'int', 'string', DoubleType(), StringType(), ArrayType(DoubleType())]:\n    u = mlflow.pyfunc.spark_udf(spark, churn_uri, result_type=t)\n    print(df.select(u('age', 'spend').alias('p')).dtypes[0][1], [r['p'] for r in df.select(u('age', 'spend').alias('p')).collect()])");
    assert_eq!(
        out,
        "double [1.0, 0.0, 1.0]\ndouble [1.0, 0.0, 1.0]\nbigint [1, 0, 1]\nbigint [1, 0, 1]\nstring ['1', '0', '1']\ndouble [1.0, 0.0, 1.0]\nstring ['1', '0', '1']\narray<double> [[1.0], [0.0], [1.0]]\n"
    );
    // A type MLflow refuses, and text that is no type at all.
    let e = lab.err("mlflow.pyfunc.spark_udf(spark, churn_uri, result_type='date')");
    assert!(
        e.starts_with("mlflow.exceptions.MlflowException: Invalid 'spark_udf' result type: DateType().\nIt must be one of the following types:"),
        "{e}"
    );
    let e = lab.err("mlflow.pyfunc.spark_udf(spark, churn_uri, result_type='number')");
    assert!(
        e.contains("[UNSUPPORTED_DATATYPE] Unsupported data type \"NUMBER\""),
        "{e}"
    );
    let e = lab.err("mlflow.pyfunc.spark_udf(spark, churn_uri, env_manager='pip')");
    assert!(e.ends_with("Invalid value for `env_manager`: pip. Must be one of ['local', 'conda', 'virtualenv', 'uv']"), "{e}");
    // Fractional predictions are not longs.
    let e = lab.err("u = mlflow.pyfunc.spark_udf(spark, reg_uri, result_type='long')\ndf.withColumn('y', u(struct('age', 'spend'))).count()");
    assert!(
        e.contains(
            "The model did not produce any values compatible with the requested type 'LongType()'"
        ),
        "{e}"
    );
    assert!(
        e.contains(&"reg".to_string()) && e.contains("runs:/"),
        "the error names the model: {e}"
    );
}

#[test]
fn with_column_and_select_take_every_way_of_passing_columns() {
    let mut lab = lab();
    let out = lab.ok("p = mlflow.pyfunc.spark_udf(spark, churn_uri, result_type='double')\nfeature_cols = ['age', 'spend']\nways = [p(*feature_cols), p(struct(*feature_cols)), p('age', 'spend'), p(*[col(c) for c in feature_cols]), p(), p(struct(col('age'), col('spend')))]\nfor w in ways:\n    print([r[0] for r in df.select(w).collect()])\nprint(df.select('name', p(*feature_cols)).columns)\nprint(df.withColumn('prediction', p(struct(*feature_cols))).columns)\nprint(df.drop('name').withColumn('prediction', p(*df.drop('name').columns)).filter(col('prediction') > 0.5).count())");
    let empty =
        lab.ok("print(df.filter(col('age') > 100).withColumn('p', p('age', 'spend')).count())");
    assert_eq!(empty, "0\n", "an empty frame predicts nothing");
    assert_eq!(
        out,
        "[1.0, 0.0, 1.0]\n".repeat(6)
            + "['name', 'udf(age, spend)']\n['age', 'spend', 'name', 'prediction']\n2\n"
    );
}

#[test]
fn positional_columns_take_the_signature_names_in_order_struct_fields_keep_theirs() {
    let mut lab = lab();
    // Columns in another order than the signature's are renamed by position, as MLflow
    // does: `p(*t.columns)` hands spend to the model as age.
    let out = lab.ok("p = mlflow.pyfunc.spark_udf(spark, churn_uri, result_type='double')\nt = spark.createDataFrame([(5, 30), (1, 10)], ['spend', 'age'])\nprint([r[0] for r in t.select(p(*t.columns)).collect()])\nprint([r[0] for r in t.select(p('age', 'spend')).collect()])\nprint([r[0] for r in t.select(p(struct(*t.columns))).collect()])");
    assert_eq!(out, "[0.0, 0.0]\n[1.0, 0.0]\n[1.0, 0.0]\n");
    // Without a signature positional columns are named 0, 1, ...: the model finds no 'age'.
    let e = lab.err("r = mlflow.pyfunc.spark_udf(spark, reg_uri)\ndf.withColumn('y', r('age', 'spend')).count()");
    assert!(
        e.contains("PythonException") && e.contains("the input has no column 'age'"),
        "{e}"
    );
    // With a struct, names are kept.
    let out =
        lab.ok("print([r['y'] for r in df.withColumn('y', r(struct('spend', 'age'))).collect()])");
    assert_eq!(out, "[63.5, 21.5, 52.25]\n");
}

#[test]
fn wrong_column_counts_and_types_fail_naming_the_model() {
    let mut lab = lab();
    lab.ok("p = mlflow.pyfunc.spark_udf(spark, churn_uri)");
    let e = lab.err("df.withColumn('p', p('age')).count()");
    assert!(e.contains("Model input is missing required columns. Expected 2 required input columns ['age', 'spend'], but the model received only 1 unnamed input columns"), "{e}");
    assert!(e.contains("runs:/"), "{e}");
    let e = lab.err("df.withColumn('p', p('name', 'spend')).count()");
    assert!(
        e.contains(
            "Incompatible input types for column age. Can not safely convert object to int64."
        ),
        "{e}"
    );
    let e = lab.err("df.withColumn('p', p(struct('age'))).count()");
    assert!(e.contains("Model is missing inputs ['spend']."), "{e}");
    let e = lab.err("df.withColumn('p', p(struct('age', 'spend'), 'age'))");
    assert!(
        e.contains(
            "If passing a StructType column, there should be only one input column, but got 2."
        ),
        "{e}"
    );
    let e = lab.err("df.withColumn('p', p('nope', 'spend'))");
    assert!(e.contains("UNRESOLVED_COLUMN"), "{e}");
    let e = lab.err("df.withColumn('s', struct('age', 'spend'))");
    assert!(e.contains("Lakelab's columns hold no structs"), "{e}");
    let e = lab.err("mlflow.pyfunc.spark_udf(spark, 'runs:/nope/model')");
    assert!(e.contains("nope"), "{e}");
}

#[test]
fn a_hundred_thousand_rows_score_in_one_batch_like_predict() {
    let mut lab = lab();
    let out = lab.ok("big = spark.range(100000).select((col('id') % 60).alias('age'), ((col('id') % 7) * 1.5).alias('spend'))\np = mlflow.pyfunc.spark_udf(spark, churn_uri, result_type='double')\nscored = big.withColumn('prediction', p(struct('age', 'spend')))\nprint(scored.count())\nexpected = mlflow.pyfunc.load_model(churn_uri).predict(big.toPandas())\nrows = scored.collect()\nfor i in [0, 19, 20, 21, 59, 99999]:\n    print(rows[i]['prediction'] == expected[i], rows[i]['prediction'])\nprint(scored.filter(col('prediction') == 1.0).count(), sum(expected))");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "100000");
    for l in &lines[1..7] {
        assert!(l.starts_with("True "), "{out}");
    }
    // age 19 (spend 19 % 7 * 1.5 = 7.5): 0.5*19 - 0.75 - 10 < 0; age 21: 10.5 - 0 - 10 > 0.
    assert_eq!(lines[2], "True 0.0");
    assert_eq!(lines[4], "True 1.0");
    let counts: Vec<&str> = lines[7].split(' ').collect();
    assert_eq!(counts[0], counts[1], "{out}");
}

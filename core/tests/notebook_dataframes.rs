//! DataFrames in cells: PySpark and pandas as the exam uses them, over the tables engine, with
//! the real exception types and message shapes.

mod notebook_support;

use notebook_support::Lab;

const CUSTOMERS: &str = r#"
from pyspark.sql import functions as F
df = spark.createDataFrame(
    [(1, "gold", 120.0, True), (2, "silver", None, False), (3, "gold", 80.0, False), (4, "bronze", 20.0, True)],
    ["customer_id", "tier", "spend", "churned"],
)
"#;

#[test]
fn spark_dataframes_select_filter_group_join_and_show() {
    let mut lab = Lab::new();
    lab.ok(CUSTOMERS);
    assert_eq!(
        lab.ok("print(df.count(), df.columns)"),
        "4 ['customer_id', 'tier', 'spend', 'churned']\n"
    );
    assert_eq!(
        lab.ok("print(df.dtypes)"),
        "[('customer_id', 'bigint'), ('tier', 'string'), ('spend', 'double'), ('churned', 'boolean')]\n"
    );
    let shown = lab.ok("df.filter(F.col('spend') > 50).select('customer_id', (F.col('spend') * 2).alias('double_spend')).show()");
    assert_eq!(
        shown,
        "+-----------+------------+\n|customer_id|double_spend|\n+-----------+------------+\n|          1|       240.0|\n|          3|       160.0|\n+-----------+------------+\n\n"
    );
    let grouped = lab.ok(
        "g = df.groupBy('tier').agg(F.avg('spend').alias('avg_spend'), F.count('*').alias('n')).orderBy(F.col('n').desc(), 'tier')\nfor r in g.collect():\n    print(r.tier, r['avg_spend'], r.n)",
    );
    assert_eq!(grouped, "gold 100.0 2\nbronze 20.0 1\nsilver None 1\n");
    // The null spend is skipped by filters (null > 50 is null) and by avg.
    assert_eq!(
        lab.ok("print(df.where(F.col('spend').isNull()).first().asDict())"),
        "{'customer_id': 2, 'tier': 'silver', 'spend': None, 'churned': False}\n"
    );
    assert_eq!(
        lab.ok("print(df.fillna({'spend': 0.0}).agg(F.sum('spend')).first()[0])"),
        "220.0\n"
    );
    assert_eq!(
        lab.ok("print(df.dropna().count(), df.na.drop(subset=['tier']).count())"),
        "3 4\n"
    );
    // Aggregates over no rows: count is 0, the others null.
    assert_eq!(
        lab.ok("print(df.filter(F.col('spend') > 1000).agg(F.count('*'), F.avg('spend')).first())"),
        "Row(count(1)=0, avg(spend)=None)\n"
    );
    // when / otherwise, withColumn, cast.
    assert_eq!(
        lab.ok("d = df.withColumn('big', F.when(F.col('spend') >= 100, 1).otherwise(0)).withColumn('id_text', F.col('customer_id').cast('string'))\nprint([(r.big, r.id_text) for r in d.collect()])"),
        "[(1, '1'), (0, '2'), (0, '3'), (0, '4')]\n"
    );
    // Join on a shared name; the key appears once.
    lab.ok("regions = spark.createDataFrame([{'customer_id': 1, 'region': 'EU'}, {'customer_id': 3, 'region': 'US'}])");
    assert_eq!(lab.ok("j = df.join(regions, on='customer_id', how='left')\nprint(j.columns)\nprint([r.region for r in j.orderBy('customer_id').collect()])"), "['customer_id', 'tier', 'spend', 'churned', 'region']\n['EU', None, 'US', None]\n");
    // Temporary views are read back by name.
    assert_eq!(lab.ok("df.createOrReplaceTempView('customers')\nprint(spark.table('customers').count(), spark.read.table('CUSTOMERS').count())"), "4 4\n");
    // randomSplit is reproducible from its seed and splits every row exactly once.
    let split = "a, b = spark.range(1000).randomSplit([0.8, 0.2], seed=42)\nprint(a.count() + b.count(), a.count())";
    let first = lab.ok(split);
    assert_eq!(lab.ok(split), first);
    let train: i64 = first
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(
        (740..=860).contains(&train),
        "about 80% in the first split, got {train}"
    );
}

#[test]
fn spark_summary_schema_rows_and_to_pandas() {
    let mut lab = Lab::new();
    lab.ok(CUSTOMERS);
    let summary = lab.ok("df.select('spend').summary('count', 'mean', 'min', 'max').show()");
    assert_eq!(
        summary,
        "+-------+-----------------+\n|summary|            spend|\n+-------+-----------------+\n|  count|                3|\n|   mean|73.33333333333333|\n|    min|             20.0|\n|    max|            120.0|\n+-------+-----------------+\n\n"
    );
    assert_eq!(
        lab.ok("df.printSchema()"),
        "root\n |-- customer_id: bigint (nullable = true)\n |-- tier: string (nullable = true)\n |-- spend: double (nullable = true)\n |-- churned: boolean (nullable = true)\n"
    );
    assert_eq!(lab.ok("from pyspark.sql import Row\nr = Row(a=1, b='x')\nprint(r, r.a, r['b'], r[0], r.asDict())"), "Row(a=1, b='x') 1 x 1 {'a': 1, 'b': 'x'}\n");
    assert_eq!(
        lab.ok("from pyspark.sql.types import StructType, StructField, StringType, DoubleType\nschema = StructType([StructField('name', StringType(), True), StructField('score', DoubleType(), True)])\ns = spark.createDataFrame([('a', 1.0), ('b', 2)], schema)\nprint(s.schema.simpleString(), s.first())"),
        "struct<name:string,score:double> Row(name='a', score=1.0)\n"
    );
    assert_eq!(
        lab.ok("s2 = spark.createDataFrame([(1, 'x')], 'id int, label string')\nprint(s2.dtypes)"),
        "[('id', 'bigint'), ('label', 'string')]\n"
    );
    let pdf = lab.ok("pdf = df.toPandas()\nprint(pdf)\nprint(pdf['spend'].mean(), len(pdf))");
    assert_eq!(
        pdf,
        "   customer_id    tier  spend  churned\n0            1    gold  120.0     True\n1            2  silver    NaN    False\n2            3    gold   80.0    False\n3            4  bronze   20.0     True\n73.33333333333333 4\n"
    );
    let r = lab.run("display(df)");
    match &r.outputs[..] {
        [lakelab_core::notebook::Output::Rich(lakelab_core::notebook::Display::Table {
            columns,
            rows,
            total_rows,
        })] => {
            assert_eq!(columns, &["customer_id", "tier", "spend", "churned"]);
            assert_eq!(rows[1], ["2", "silver", "null", "false"]);
            assert_eq!(*total_rows, 4);
        }
        other => panic!("display(df) should show a table, got {other:?}"),
    }
}

#[test]
fn pandas_frames_masks_fill_dummies_groupby_and_files() {
    let mut lab = Lab::new();
    lab.ok("import pandas as pd\ndf = pd.DataFrame({'age': [25, None, 40, 31], 'plan': ['basic', 'pro', 'basic', None], 'spend': [10.5, 20.0, 7.25, 3.0]})");
    assert_eq!(
        lab.ok("print(df.shape, list(df.columns), df['age'].dtype)"),
        "(4, 3) ['age', 'plan', 'spend'] float64\n"
    );
    assert_eq!(
        lab.ok("print(df[df['age'] > 30]['spend'].tolist())"),
        "[7.25, 3.0]\n"
    );
    assert_eq!(
        lab.ok("print(df[(df['age'] > 20) & (df['plan'] == 'basic')].index.tolist())"),
        "[0, 2]\n"
    );
    assert_eq!(lab.ok("print(df.isna().sum().tolist())"), "[1, 1, 0]\n");
    assert_eq!(lab.ok("filled = df.fillna({'age': df['age'].median(), 'plan': 'unknown'})\nprint(filled['age'].tolist(), filled['plan'].tolist())"), "[25.0, 31.0, 40.0, 31.0] ['basic', 'pro', 'basic', 'unknown']\n");
    assert_eq!(
        lab.ok("d = pd.get_dummies(df, columns=['plan'], drop_first=False)\nprint(list(d.columns))\nprint(d['plan_pro'].tolist())"),
        "['age', 'spend', 'plan_basic', 'plan_pro']\n[False, True, False, False]\n"
    );
    assert_eq!(
        lab.ok("print(df.groupby('plan')['spend'].mean())"),
        "plan\nbasic     8.875\npro      20.000\nName: spend, dtype: float64\n"
    );
    assert_eq!(lab.ok("df['log_spend'] = (df['spend'] + 1).apply(lambda v: round(v, 1))\nprint(df['log_spend'].tolist())"), "[11.5, 21.0, 8.2, 4.0]\n");
    assert_eq!(
        lab.ok("print(df.describe().loc['mean', 'spend'])"),
        "10.1875\n"
    );
    assert_eq!(
        lab.ok("print(df['plan'].value_counts().to_dict())"),
        "{'basic': 2, 'pro': 1}\n"
    );
    // Files: to_csv then read_csv round-trips through the workspace's files.
    lab.ok("df.to_csv('/dbfs/tmp/customers.csv', index=False)");
    assert_eq!(lab.ok("back = pd.read_csv('/dbfs/tmp/customers.csv')\nprint(back.dtypes.tolist(), back['plan'].isna().tolist())"), "['float64', 'object', 'float64', 'float64'] [False, False, False, True]\n");
    assert_eq!(lab.ok("s = spark.read.csv('dbfs:/tmp/customers.csv', header=True, inferSchema=True)\nprint(s.dtypes[:2], s.count())"), "[('age', 'double'), ('plan', 'string')] 4\n");
    // merge and concat
    lab.ok("a = pd.DataFrame({'id': [1, 2], 'x': [1, 2]})\nb = pd.DataFrame({'id': [2, 3], 'x': [20, 30]})");
    assert_eq!(
        lab.ok(
            "m = pd.merge(a, b, on='id', how='outer')\nprint(list(m.columns), m['x_y'].tolist())"
        ),
        "['id', 'x_x', 'x_y'] [nan, 20.0, 30.0]\n"
    );
    assert_eq!(
        lab.ok("print(pd.concat([a, b], ignore_index=True)['x'].tolist())"),
        "[1, 2, 20, 30]\n"
    );
}

#[test]
fn wrong_dataframe_calls_raise_the_real_errors() {
    let mut lab = Lab::new();
    lab.ok(CUSTOMERS);
    lab.ok("import pandas as pd\npdf = pd.DataFrame({'a': [1, 2]})");
    let cases: &[(&str, &str)] = &[
        ("df.select('nope')", "pyspark.errors.exceptions.captured.AnalysisException: [UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `nope` cannot be resolved. Did you mean one of the following? [`customer_id`, `tier`, `spend`, `churned`]."),
        ("df.filter(F.col('tier') > 1).count()", "pyspark.errors.exceptions.captured.AnalysisException: [DATATYPE_MISMATCH] cannot resolve \"(tier > 1)\" due to data type mismatch: cannot compare string with bigint"),
        ("df.withColumn('x', 1)", "TypeError: [NOT_COLUMN] Argument `col` should be a Column, got int."),
        ("df.show(rows=3)", "TypeError: DataFrame.show() got an unexpected keyword argument 'rows'"),
        ("df.join(df, on='customer_id', how='sideways')", "pyspark.errors.exceptions.captured.AnalysisException: [UNSUPPORTED_JOIN_TYPE] Unsupported join type 'sideways'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'."),
        ("spark.table('main.default.missing')", "pyspark.errors.exceptions.captured.AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] The table or view `main`.`default`.`missing` cannot be found. Verify the spelling and correctness of the schema and catalog.\nIf you did not qualify the name with a schema, verify the current_schema() output, or qualify the name with the correct schema and catalog."),
        ("F.col('a') > 1 and F.col('b') < 2", "ValueError: [CANNOT_CONVERT_COLUMN_INTO_BOOL] Cannot convert column into bool: please use '&' for 'and', '|' for 'or', '~' for 'not' when building DataFrame boolean expressions."),
        ("spark.createDataFrame([])", "ValueError: [CANNOT_INFER_EMPTY_SCHEMA] Can not infer schema from an empty dataset."),
        ("F.when(F.col('a') > 1, 1).otherwise(0).otherwise(2)", "ValueError: [INVALID_WHEN_USAGE] otherwise() can only be applied on a Column previously generated by when() function, and cannot be applied once otherwise() is applied."),
        ("df.groupBy('tier').mean('tier')", "pyspark.errors.exceptions.captured.AnalysisException: [UNSUPPORTED_DATA_TYPE] \"tier\" is not a numeric column. Aggregation function can only be applied on a numeric column."),
        ("pdf['b']", "KeyError: 'b'"),
        ("pdf.drop(columns=['zz'])", "KeyError: \"['zz'] not found in axis\""),
        ("pdf['a'].astype('int').iloc[5]", "IndexError: single positional indexer is out-of-bounds"),
        ("pd.read_csv('nowhere.csv')", "FileNotFoundError: [Errno 2] No such file or directory: 'nowhere.csv'"),
        ("if pdf['a'] > 1:\n    pass", "ValueError: The truth value of a Series is ambiguous. Use a.empty, a.bool(), a.item(), a.any() or a.all()."),
        ("pd.DataFrame({'a': [1, 2], 'b': [1]})", "ValueError: All arrays must be of the same length"),
        ("pd.DataFrame({'a': [1, None]}).fillna('x')", "NotImplementedError: filling the float64 column 'a' with x would mix types in one column, which Lakelab's typed columns do not hold; fill each column with a value of its own type, e.g. df.fillna({'a': ...})"),
    ];
    for (code, want) in cases {
        assert_eq!(lab.err(code), *want, "for {code}");
    }
    // except AnalysisException catches it, imported from where PySpark keeps it.
    assert_eq!(lab.ok("from pyspark.errors import AnalysisException\ntry:\n    df.select('x')\nexcept AnalysisException as e:\n    print('caught', type(e).__name__)"), "caught AnalysisException\n");
}

#[test]
fn methods_win_over_columns_of_the_same_name() {
    let mut lab = Lab::new();
    lab.ok(CUSTOMERS);
    // groupBy().count() makes a column named `count`; `.count()` is still the method.
    assert_eq!(
        lab.ok("counts = df.groupBy('tier').count()\nprint(counts.count(), counts.columns)"),
        "3 ['tier', 'count']\n"
    );
    assert_eq!(
        lab.ok("print(counts.tier is not None, counts['count'] is not None)"),
        "True True\n"
    );
    // The same in pandas: `pdf.count()` counts, `pdf['count']` is the column.
    assert_eq!(
        lab.ok("pdf = counts.toPandas()\nprint(pdf.count()['count'], list(pdf['count'].sort_values()))"),
        "3 [1, 1, 2]\n"
    );
}

//! The columnar tables engine: CSV in and out, expressions under Spark's and pandas' null
//! rules, joins, grouping, sorting and summaries.

use lakelab_core::table::csv::{parse, write, CsvOptions};
use lakelab_core::table::expr::{eval, AggFn, BinOp, Dialect, Expr, Func};
use lakelab_core::table::join::{join, How};
use lakelab_core::table::sort::{sorted_positions, SortKey};
use lakelab_core::table::{group, stats, Cell, Column, DType, Table, TableError};

fn csv(text: &str) -> Table {
    parse(text, &CsvOptions::default()).expect("valid CSV")
}

fn col(t: &Table, name: &str) -> Vec<Cell> {
    let c = t.column(name, true).expect("column");
    (0..c.len()).map(|i| c.get(i)).collect()
}

#[test]
fn csv_infers_types_nulls_quotes_and_dates() {
    let t = csv("id,score,name,active,day,at\n1,0.5,\"Smith, Ann\",true,2024-01-31,2024-01-31 10:00:00\n2,,\"say \"\"hi\"\"\",FALSE,2024-02-01,2024-02-01T11:30:15.250Z\n");
    let types: Vec<DType> = t.columns().iter().map(Column::dtype).collect();
    assert_eq!(
        types,
        [
            DType::Int,
            DType::Float,
            DType::Str,
            DType::Bool,
            DType::Date,
            DType::Timestamp
        ]
    );
    assert_eq!(col(&t, "score"), [Cell::Float(0.5), Cell::Null]);
    assert_eq!(
        col(&t, "name"),
        [
            Cell::Str("Smith, Ann".into()),
            Cell::Str("say \"hi\"".into())
        ]
    );
    assert_eq!(col(&t, "active"), [Cell::Bool(true), Cell::Bool(false)]);
    assert_eq!(col(&t, "day")[0].text(), "2024-01-31");
    assert_eq!(col(&t, "at")[1].text(), "2024-02-01 11:30:15.250000");
    // Without inference every column is text (Spark's default); without a header, _c0…
    let raw = parse(
        "a,b\n1,x\n",
        &CsvOptions {
            infer: false,
            header: false,
            ..CsvOptions::default()
        },
    )
    .expect("csv");
    assert_eq!(raw.names(), ["_c0", "_c1"]);
    assert_eq!(
        col(&raw, "_c0"),
        [Cell::Str("a".into()), Cell::Str("1".into())]
    );
    // Round trip: quotes where needed, null as an empty field.
    assert_eq!(
        write(&t.select_positions(&[0, 1, 2]), ',', true),
        "id,score,name\n1,0.5,\"Smith, Ann\"\n2,,\"say \"\"hi\"\"\"\n"
    );
}

#[test]
fn csv_errors_name_the_line_and_column() {
    let ragged = parse("a,b\n1,2\n3\n", &CsvOptions::default()).unwrap_err();
    assert_eq!(
        ragged,
        TableError::Csv {
            line: 3,
            column: 1,
            message: "expected 2 fields, saw 1".into()
        }
    );
    let open = parse("a,b\n1,\"oops\n", &CsvOptions::default()).unwrap_err();
    assert!(
        matches!(
            open,
            TableError::Csv {
                line: 2,
                column: 3,
                ..
            }
        ),
        "{open:?}"
    );
    let stray = parse("a,b\n\"x\"y,2\n", &CsvOptions::default()).unwrap_err();
    assert!(
        matches!(
            stray,
            TableError::Csv {
                line: 2,
                column: 4,
                ..
            }
        ),
        "{stray:?}"
    );
    assert!(parse("", &CsvOptions::default()).is_err());
}

#[test]
fn spark_and_pandas_treat_nulls_and_division_differently() {
    let t = csv("a,b\n6,3\n1,0\n,2\n-7,2\n");
    let div = Expr::bin(BinOp::Div, Expr::col("a"), Expr::col("b"));
    let spark = eval(&div, &t, Dialect::Spark, false).expect("eval");
    let pandas = eval(&div, &t, Dialect::Pandas, true).expect("eval");
    assert_eq!(spark.get(0), Cell::Float(2.0));
    assert_eq!(spark.get(1), Cell::Null, "Spark: x / 0 is null");
    assert_eq!(
        pandas.get(1),
        Cell::Float(f64::INFINITY),
        "pandas: x / 0 is inf"
    );
    assert_eq!(spark.get(2), Cell::Null);
    let modulo = Expr::bin(BinOp::Mod, Expr::col("a"), Expr::col("b"));
    assert_eq!(
        eval(&modulo, &t, Dialect::Spark, false).unwrap().get(3),
        Cell::Int(-1),
        "Java remainder"
    );
    assert_eq!(
        eval(&modulo, &t, Dialect::Pandas, true).unwrap().get(3),
        Cell::Float(1.0),
        "Python modulo (float: pandas turns x % 0 into NaN)"
    );
    let gt = Expr::bin(BinOp::Gt, Expr::col("a"), Expr::Lit(Cell::Int(0)));
    assert_eq!(
        eval(&gt, &t, Dialect::Spark, false).unwrap().get(2),
        Cell::Null
    );
    assert_eq!(
        eval(&gt, &t, Dialect::Pandas, true).unwrap().get(2),
        Cell::Bool(false)
    );
    // Three-valued logic: null AND false is false, null OR true is true.
    let and = Expr::bin(BinOp::And, gt.clone(), Expr::Lit(Cell::Bool(false)));
    assert_eq!(
        eval(&and, &t, Dialect::Spark, false).unwrap().get(2),
        Cell::Bool(false)
    );
    let or = Expr::bin(BinOp::Or, gt.clone(), Expr::Lit(Cell::Bool(true)));
    assert_eq!(
        eval(&or, &t, Dialect::Spark, false).unwrap().get(2),
        Cell::Bool(true)
    );
    // A filter drops rows whose condition is null.
    let kept = t
        .filter(&eval(&gt, &t, Dialect::Spark, false).unwrap())
        .unwrap();
    assert_eq!(col(&kept, "a"), [Cell::Int(6), Cell::Int(1)]);
    // Names follow Spark's.
    assert_eq!(div.name(), "(a / b)");
    assert_eq!(
        Expr::bin(BinOp::Ne, Expr::col("a"), Expr::Lit(Cell::Int(1))).name(),
        "(NOT (a = 1))"
    );
    assert_eq!(
        Expr::Agg(AggFn::Count, Box::new(Expr::Star)).name(),
        "count(1)"
    );
    assert_eq!(
        Expr::Agg(AggFn::Mean, Box::new(Expr::col("a"))).name(),
        "avg(a)"
    );
}

#[test]
fn case_when_cast_and_functions() {
    let t = csv("x,s,d\n2.5,abc,2024-03-15\n-1.5,,2024-03-17\n");
    let when = Expr::When(
        vec![(
            Expr::bin(BinOp::Gt, Expr::col("x"), Expr::Lit(Cell::Int(0))),
            Expr::Lit(Cell::Str("pos".into())),
        )],
        Some(Box::new(Expr::Lit(Cell::Str("neg".into())))),
    );
    assert_eq!(when.name(), "CASE WHEN (x > 0) THEN pos ELSE neg END");
    let v = eval(&when, &t, Dialect::Spark, false).unwrap();
    assert_eq!(
        (v.get(0), v.get(1)),
        (Cell::Str("pos".into()), Cell::Str("neg".into()))
    );
    let round = Expr::Call(Func::Round, vec![Expr::col("x"), Expr::Lit(Cell::Int(0))]);
    assert_eq!(
        eval(&round, &t, Dialect::Spark, false).unwrap().get(0),
        Cell::Float(3.0),
        "HALF_UP"
    );
    assert_eq!(
        eval(&round, &t, Dialect::Pandas, true).unwrap().get(0),
        Cell::Float(2.0),
        "half to even"
    );
    let upper = eval(
        &Expr::Call(Func::Upper, vec![Expr::col("s")]),
        &t,
        Dialect::Spark,
        false,
    )
    .unwrap();
    assert_eq!(
        (upper.get(0), upper.get(1)),
        (Cell::Str("ABC".into()), Cell::Null)
    );
    let dow = eval(
        &Expr::Call(Func::DayOfWeek, vec![Expr::col("d")]),
        &t,
        Dialect::Spark,
        false,
    )
    .unwrap();
    assert_eq!(
        (dow.get(0), dow.get(1)),
        (Cell::Int(6), Cell::Int(1)),
        "2024-03-15 is a Friday, 03-17 a Sunday"
    );
    let cast = eval(
        &Expr::Cast(Box::new(Expr::col("s")), DType::Int),
        &t,
        Dialect::Spark,
        false,
    )
    .unwrap();
    assert_eq!(
        cast.get(0),
        Cell::Null,
        "a string that is not a number casts to null"
    );
    let ln = eval(
        &Expr::Call(Func::Ln, vec![Expr::col("x")]),
        &t,
        Dialect::Spark,
        false,
    )
    .unwrap();
    assert_eq!(ln.get(1), Cell::Null, "ln of a negative number is null");
    // Comparing a date column with date text parses the text, as Spark casts it.
    let after = Expr::bin(
        BinOp::Gt,
        Expr::col("d"),
        Expr::Lit(Cell::Str("2024-03-16".into())),
    );
    let m = eval(&after, &t, Dialect::Spark, false).unwrap();
    assert_eq!((m.get(0), m.get(1)), (Cell::Bool(false), Cell::Bool(true)));
    // Adding text to a number is a type error that names the expression.
    let bad = Expr::bin(BinOp::Add, Expr::col("s"), Expr::col("x"));
    let err = eval(&bad, &t, Dialect::Spark, false).unwrap_err();
    assert!(err.to_string().contains("\"(s + x)\""), "{err}");
}

#[test]
fn joins_keep_sql_semantics() {
    let left = csv("id,a\n1,x\n2,y\n,z\n3,w\n");
    let right = csv("id,b\n1,10\n1,11\n4,40\n,99\n");
    let on = ["id".to_string()];
    let inner = join(&left, &right, &on, How::Inner, true, None).unwrap();
    assert_eq!(inner.names(), ["id", "a", "b"]);
    assert_eq!(
        col(&inner, "b"),
        [Cell::Int(10), Cell::Int(11)],
        "null keys never match"
    );
    let l = join(&left, &right, &on, How::Left, true, None).unwrap();
    assert_eq!(l.num_rows(), 5);
    assert_eq!(col(&l, "b")[2], Cell::Null);
    let r = join(&left, &right, &on, How::Right, true, None).unwrap();
    assert_eq!(
        col(&r, "id"),
        [Cell::Int(1), Cell::Int(1), Cell::Int(4), Cell::Null]
    );
    assert_eq!(col(&r, "a")[2], Cell::Null);
    let full = join(&left, &right, &on, How::Outer, true, None).unwrap();
    assert_eq!(full.num_rows(), 7);
    let semi = join(&left, &right, &on, How::LeftSemi, true, None).unwrap();
    assert_eq!(
        (semi.names().len(), col(&semi, "a")),
        (2, vec![Cell::Str("x".into())])
    );
    let anti = join(&left, &right, &on, How::LeftAnti, true, None).unwrap();
    assert_eq!(
        col(&anti, "a"),
        [
            Cell::Str("y".into()),
            Cell::Str("z".into()),
            Cell::Str("w".into())
        ]
    );
    // Shared non-key names: Spark keeps both (ambiguous), pandas adds suffixes.
    let other = csv("id,a\n1,q\n");
    let spark = join(&left, &other, &on, How::Inner, false, None).unwrap();
    assert_eq!(
        spark.find("a", false),
        Err(TableError::Ambiguous("a".into()))
    );
    let pandas = join(&left, &other, &on, How::Inner, true, Some(("_x", "_y"))).unwrap();
    assert_eq!(pandas.names(), ["id", "a_x", "a_y"]);
}

#[test]
fn grouping_sorting_and_summaries() {
    let t = csv("k,v\nb,1\na,4\nb,3\na,\nc,2\n");
    let aggs = [
        Expr::Agg(AggFn::Mean, Box::new(Expr::col("v"))),
        Expr::Agg(AggFn::Count, Box::new(Expr::col("v"))),
        Expr::Agg(AggFn::Count, Box::new(Expr::Star)),
        Expr::Alias(
            Box::new(Expr::Agg(AggFn::Max, Box::new(Expr::col("v")))),
            "top".into(),
        ),
    ];
    let g = group::aggregate(&t, &["k".into()], &aggs, Dialect::Spark, false).unwrap();
    assert_eq!(g.names(), ["k", "avg(v)", "count(v)", "count(1)", "top"]);
    assert_eq!(
        col(&g, "k"),
        [
            Cell::Str("b".into()),
            Cell::Str("a".into()),
            Cell::Str("c".into())
        ],
        "first appearance"
    );
    assert_eq!(
        col(&g, "avg(v)"),
        [Cell::Float(2.0), Cell::Float(4.0), Cell::Float(2.0)]
    );
    assert_eq!(
        col(&g, "count(v)"),
        [Cell::Int(2), Cell::Int(1), Cell::Int(1)]
    );
    assert_eq!(
        col(&g, "count(1)"),
        [Cell::Int(2), Cell::Int(2), Cell::Int(1)]
    );
    let sorted = group::aggregate(&t, &["k".into()], &aggs[..1], Dialect::Pandas, true).unwrap();
    assert_eq!(
        col(&sorted, "k")[0],
        Cell::Str("a".into()),
        "pandas sorts group keys"
    );
    // Sorting: ascending puts nulls first in Spark; descending puts them last.
    let v = t.column("v", true).unwrap();
    let asc = sorted_positions(
        t.num_rows(),
        &[SortKey {
            values: v,
            ascending: true,
            nulls_first: true,
        }],
    );
    assert_eq!(asc, [3, 0, 4, 2, 1]);
    let desc = sorted_positions(
        t.num_rows(),
        &[SortKey {
            values: v,
            ascending: false,
            nulls_first: false,
        }],
    );
    assert_eq!(desc, [1, 2, 4, 0, 3]);
    // Spark's summary: strings, actual values at the percentiles; pandas interpolates.
    let s = stats::spark_summary(&t, &["count", "mean", "50%", "max"]).unwrap();
    assert_eq!(
        col(&s, "v"),
        [
            Cell::Str("4".into()),
            Cell::Str("2.5".into()),
            Cell::Str("2".into()),
            Cell::Str("4".into())
        ]
    );
    let d = stats::pandas_describe(&t).unwrap();
    assert_eq!(d.names(), ["v"]);
    assert_eq!(col(&d, "v")[5], Cell::Float(2.5), "median of 1, 2, 3, 4");
    assert_eq!(t.distinct().num_rows(), 5);
    assert_eq!(t.union(&t).unwrap().num_rows(), 10);
}

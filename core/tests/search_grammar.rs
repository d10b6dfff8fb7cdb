//! MLflow's run filter grammar (mlflow/utils/search_utils.py, SearchUtils.parse_search_filter,
//! and its tests in tests/utils/test_search_utils.py): strings MLflow accepts parse to the
//! clauses it would evaluate; strings it refuses give its error messages.

use lakelab_core::tracking::search::{
    parse_filter, parse_order_by, Attribute, Clause, Comparator, Key, OrderBy, Value,
};

fn metric(k: &str) -> Key {
    Key::Metric(k.into())
}
fn param(k: &str) -> Key {
    Key::Param(k.into())
}
fn tag(k: &str) -> Key {
    Key::Tag(k.into())
}
fn attr(a: Attribute) -> Key {
    Key::Attribute(a)
}
fn num(v: f64) -> Value {
    Value::Number(v)
}
fn s(v: &str) -> Value {
    Value::Str(v.into())
}
fn c(key: Key, comparator: Comparator, value: Value) -> Clause {
    Clause {
        key,
        comparator,
        value,
    }
}

fn one(filter: &str) -> Clause {
    let parsed = parse_filter(filter).unwrap_or_else(|e| panic!("{filter:?} failed: {e}"));
    assert_eq!(parsed.clauses.len(), 1, "{filter:?}");
    parsed.clauses.into_iter().next().unwrap()
}

/// Rule: identifiers take the plural, singular and short entity names; a quoted key may hold
/// spaces, dots and dashes; numbers for metrics, quoted strings for params and tags.
#[test]
fn accepted_single_clauses() {
    use Attribute::*;
    use Comparator::*;
    let cases: Vec<(&str, Clause)> = vec![
        ("metrics.acc > 0.9", c(metric("acc"), Gt, num(0.9))),
        ("metric.acc > 0.9", c(metric("acc"), Gt, num(0.9))),
        ("metrics.acc >= 1", c(metric("acc"), Ge, num(1.0))),
        ("metrics.acc < -1.5", c(metric("acc"), Lt, num(-1.5))),
        ("metrics.acc <= 1e-3", c(metric("acc"), Le, num(0.001))),
        ("metrics.acc = 2", c(metric("acc"), Eq, num(2.0))),
        ("metrics.acc != 2", c(metric("acc"), Ne, num(2.0))),
        ("metrics.loss < .5", c(metric("loss"), Lt, num(0.5))),
        ("metrics.rmse <= 1.5E2", c(metric("rmse"), Le, num(150.0))),
        (
            "metrics.`my metric` > 1",
            c(metric("my metric"), Gt, num(1.0)),
        ),
        (
            "metrics.\"my metric\" > 1",
            c(metric("my metric"), Gt, num(1.0)),
        ),
        (
            "metrics.`val-loss` < 0.2",
            c(metric("val-loss"), Lt, num(0.2)),
        ),
        (
            "metrics.train.loss < 0.2",
            c(metric("train.loss"), Lt, num(0.2)),
        ),
        ("`metrics`.acc > 0", c(metric("acc"), Gt, num(0.0))),
        ("`metrics`.`a b` > 0", c(metric("a b"), Gt, num(0.0))),
        ("metrics.acc>0.9", c(metric("acc"), Gt, num(0.9))),
        ("  metrics.acc   >   0.9  ", c(metric("acc"), Gt, num(0.9))),
        ("params.max_depth = '5'", c(param("max_depth"), Eq, s("5"))),
        ("param.max_depth = '5'", c(param("max_depth"), Eq, s("5"))),
        (
            "parameter.max_depth = '5'",
            c(param("max_depth"), Eq, s("5")),
        ),
        (
            "parameters.max_depth = '5'",
            c(param("max_depth"), Eq, s("5")),
        ),
        ("params.model = \"rf\"", c(param("model"), Eq, s("rf"))),
        ("params.model != 'rf'", c(param("model"), Ne, s("rf"))),
        ("params.model LIKE 'r%'", c(param("model"), Like, s("r%"))),
        ("params.model like 'r%'", c(param("model"), Like, s("r%"))),
        ("params.model ILIKE '%F'", c(param("model"), ILike, s("%F"))),
        (
            "params.`max depth` = '3'",
            c(param("max depth"), Eq, s("3")),
        ),
        (
            "params.\"max-depth\" = '3'",
            c(param("max-depth"), Eq, s("3")),
        ),
        ("params.p = ''", c(param("p"), Eq, s(""))),
        ("params.p = 'it''s'", c(param("p"), Eq, s("it's"))),
        ("params.p = 'a AND b'", c(param("p"), Eq, s("a AND b"))),
        ("params.p = 'x OR y'", c(param("p"), Eq, s("x OR y"))),
        ("params.p IS NULL", c(param("p"), IsNull, Value::None)),
        (
            "params.p IS NOT NULL",
            c(param("p"), IsNotNull, Value::None),
        ),
        (
            "params.p is not null",
            c(param("p"), IsNotNull, Value::None),
        ),
        ("tags.team = 'ml'", c(tag("team"), Eq, s("ml"))),
        ("tag.team = 'ml'", c(tag("team"), Eq, s("ml"))),
        (
            "tags.mlflow.runName = 'best'",
            c(tag("mlflow.runName"), Eq, s("best")),
        ),
        (
            "tags.\"mlflow.runName\" = 'best'",
            c(tag("mlflow.runName"), Eq, s("best")),
        ),
        (
            "tags.`mlflow.user` LIKE '%@%'",
            c(tag("mlflow.user"), Like, s("%@%")),
        ),
        ("tags.team ILIKE 'ML'", c(tag("team"), ILike, s("ML"))),
        ("tags.team IS NULL", c(tag("team"), IsNull, Value::None)),
        (
            "attributes.status = 'FINISHED'",
            c(attr(Status), Eq, s("FINISHED")),
        ),
        (
            "attribute.status = 'FINISHED'",
            c(attr(Status), Eq, s("FINISHED")),
        ),
        ("attr.status != 'FAILED'", c(attr(Status), Ne, s("FAILED"))),
        ("run.status = 'RUNNING'", c(attr(Status), Eq, s("RUNNING"))),
        ("status = 'FINISHED'", c(attr(Status), Eq, s("FINISHED"))),
        ("run_name = 'baseline'", c(attr(RunName), Eq, s("baseline"))),
        (
            "attributes.run_name LIKE 'base%'",
            c(attr(RunName), Like, s("base%")),
        ),
        ("\"run name\" = 'x'", c(attr(RunName), Eq, s("x"))),
        ("attributes.`Run name` = 'x'", c(attr(RunName), Eq, s("x"))),
        (
            "attributes.\"Run Name\" ILIKE 'X'",
            c(attr(RunName), ILike, s("X")),
        ),
        ("run_id = 'abc'", c(attr(RunId), Eq, s("abc"))),
        (
            "attributes.run_id IN ('a', 'b')",
            c(attr(RunId), In, Value::List(vec!["a".into(), "b".into()])),
        ),
        (
            "run_id NOT IN ('a')",
            c(attr(RunId), NotIn, Value::List(vec!["a".into()])),
        ),
        (
            "run_id in (\"a\",'b')",
            c(attr(RunId), In, Value::List(vec!["a".into(), "b".into()])),
        ),
        ("user_id = 'ada'", c(attr(UserId), Eq, s("ada"))),
        (
            "artifact_uri LIKE 'dbfs:/%'",
            c(attr(ArtifactUri), Like, s("dbfs:/%")),
        ),
        (
            "start_time > 1700000000000",
            c(attr(StartTime), Gt, num(1.7e12)),
        ),
        (
            "attributes.start_time >= 0",
            c(attr(StartTime), Ge, num(0.0)),
        ),
        ("created < 5", c(attr(StartTime), Lt, num(5.0))),
        ("attributes.Created != 5", c(attr(StartTime), Ne, num(5.0))),
        ("end_time <= 10", c(attr(EndTime), Le, num(10.0))),
        (
            "datasets.name = 'train'",
            c(Key::Dataset("name".into()), Eq, s("train")),
        ),
        (
            "dataset.digest IN ('d1')",
            c(
                Key::Dataset("digest".into()),
                In,
                Value::List(vec!["d1".into()]),
            ),
        ),
        (
            "datasets.context = 'training'",
            c(Key::Dataset("context".into()), Eq, s("training")),
        ),
    ];
    assert!(cases.len() >= 60);
    for (filter, expected) in cases {
        assert_eq!(one(filter), expected, "{filter:?}");
    }
}

/// Rule: clauses are joined by AND (any case); an empty filter has no clauses.
#[test]
fn accepted_conjunctions() {
    let cases: &[(&str, usize)] = &[
        ("", 0),
        ("   ", 0),
        ("metrics.a > 1 AND params.p = 'x'", 2),
        ("metrics.a > 1 and params.p = 'x'", 2),
        ("metrics.a > 1 And params.p = 'x' AND tags.t != 'y'", 3),
        ("metrics.m1 > 0.5 and params.p1 = 'a'", 2),
        (
            "status = 'FINISHED' AND run_id IN ('a','b') AND metrics.x <= 3",
            3,
        ),
        ("params.p = 'a' AND params.p = 'b'", 2),
    ];
    for (filter, n) in cases {
        let parsed = parse_filter(filter).unwrap_or_else(|e| panic!("{filter:?}: {e}"));
        assert_eq!(parsed.clauses.len(), *n, "{filter:?}");
    }
}

/// Rule: what MLflow refuses, with (the start of) its message.
#[test]
fn refused_filters_say_why() {
    let cases: &[(&str, &str)] = &[
        // OR, parentheses and stray tokens are not part of the grammar.
        ("metrics.a > 1 OR metrics.b > 2", "Invalid clause(s) in filter string: 'OR"),
        ("metrics.a > 1 or params.p = 'x'", "Invalid clause(s) in filter string: 'OR"),
        ("(metrics.a > 1)", "Invalid clause(s) in filter string: '(metrics.a > 1)'"),
        ("(metrics.a > 1) AND params.p = 'x'", "Invalid clause(s) in filter string: '(metrics.a > 1)'"),
        ("metrics.a > 1 AND (params.p = 'x')", "Invalid clause(s) in filter string: '(params.p = 'x')'"),
        ("metrics.a > 1;", "Invalid clause(s) in filter string: ';'"),
        ("metrics.a > 1 AND", "Invalid clause(s) in filter string: 'AND'"),
        ("AND metrics.a > 1", "Invalid clause(s) in filter string: 'AND"),
        ("metrics.a > 1 metrics.b > 2", "Invalid clause(s) in filter string: 'metrics.b > 2'"),
        ("NOT metrics.a > 1", "Invalid clause(s) in filter string: 'NOT"),
        // Values of the wrong kind.
        ("metrics.acc > '0.9'", "Expected numeric value type for metric. Found '0.9'"),
        ("metrics.acc > \"0.9\"", "Expected numeric value type for metric. Found \"0.9\""),
        ("metrics.acc > high", "Expected numeric value type for metric. Found high"),
        ("metrics.acc = nan", "Expected numeric value type for metric. Found nan"),
        ("params.p = 5", "Expected a quoted string value for parameter (e.g. 'my-value'). Got value 5"),
        ("tags.t = 5", "Expected a quoted string value for tag (e.g. 'my-value'). Got value 5"),
        ("params.p = rf", "Parameter value is either not quoted or unidentified quote types used for string value rf"),
        ("params.p = `rf`", "Parameter value is either not quoted or unidentified quote types used for string value `rf`"),
        ("tags.t = `x`", "Parameter value is either not quoted"),
        ("status = FINISHED", "Parameter value is either not quoted"),
        ("status = 3", "Expected a quoted string value for attributes. Got value 3"),
        ("start_time > '5'", "Expected numeric value type for numeric attribute: start_time. Found '5'"),
        ("created > 'yesterday'", "Expected numeric value type for numeric attribute: start_time"),
        ("end_time = x", "Expected numeric value type for numeric attribute: end_time. Found x"),
        ("datasets.name = 3", "Expected a quoted string value for dataset attributes. Got value 3"),
        // Comparators an entity does not allow.
        ("metrics.a LIKE '1%'", "Invalid comparator 'LIKE' not one of"),
        ("metrics.a ILIKE '1'", "Invalid comparator 'ILIKE' not one of"),
        ("metrics.a IN (1, 2)", "Invalid comparator 'IN' not one of"),
        ("metrics.a IS NULL", "Invalid comparator 'IS NULL' not one of"),
        ("params.p > '1'", "Invalid comparator '>' not one of"),
        ("params.p <= '1'", "Invalid comparator '<=' not one of"),
        ("params.p IN ('a')", "Invalid comparator 'IN' not one of"),
        ("tags.t < 'a'", "Invalid comparator '<' not one of"),
        ("tags.t NOT IN ('a')", "Invalid comparator 'NOT IN' not one of"),
        ("status > 'A'", "Invalid comparator '>' not one of"),
        ("run_name IS NULL", "Invalid comparator 'IS NULL' not one of"),
        ("start_time LIKE '1%'", "Invalid comparator 'LIKE' not one of"),
        ("status IN ('FINISHED')", "Only the 'run_id' attribute supports comparison with a list"),
        ("run_name NOT IN ('a')", "Only the 'run_id' attribute supports comparison with a list"),
        ("metrics.a >> 1", "Invalid comparison clause. Expected comparison found '>>'"),
        ("metrics.a =< 1", "Invalid comparison clause. Expected comparison found '=<'"),
        ("metrics.a ~ 1", "Invalid comparison clause. Expected comparison found '~'"),
        ("metrics.a 1", "Invalid comparison clause. Expected comparison found '1'"),
        ("metrics.a", "Invalid comparison clause. Expected comparison found ''"),
        ("metrics.a >", "Invalid comparison clause. Expected 3 tokens found 2"),
        ("params.p NOT LIKE 'a'", "Invalid comparison clause. Expected comparison found 'NOT'"),
        // Unknown identifiers.
        ("metricz.a > 1", "Invalid entity type 'metricz'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"),
        ("foo.bar = 'x'", "Invalid entity type 'foo'"),
        ("`metric s`.a > 1", "Invalid entity type 'metric s'"),
        ("accuracy > 0.9", "Invalid attribute key 'accuracy' specified. Valid keys are"),
        ("experiment_id = '1'", "Invalid attribute key 'experiment_id' specified"),
        ("lifecycle_stage = 'deleted'", "Invalid attribute key 'lifecycle_stage' specified"),
        ("attributes.foo = 'x'", "Invalid attribute key 'foo' specified"),
        ("datasets.size = 'x'", "Invalid dataset key 'size' specified"),
        ("5 > metrics.a", "Invalid comparison clause. Expected 'Identifier' found '5'"),
        ("'x' = params.p", "Invalid comparison clause. Expected 'Identifier' found ''x''"),
        // Lists.
        ("run_id IN 'a'", "Expected a parenthesised list of quoted strings after IN"),
        ("run_id IN (a, b)", "While parsing a list in the query, expected string value"),
        ("run_id IN ('a' 'b')", "While parsing a list in the query"),
        ("run_id IN ('a',)", "While parsing a list in the query"),
        ("run_id IN ()", "While parsing a list in the query"),
        ("run_id IN (1)", "While parsing a list in the query"),
        // Unterminated quotes.
        ("params.p = 'abc", "Unterminated quote '"),
        ("metrics.`abc > 1", "Unterminated quote `"),
    ];
    assert!(cases.len() >= 55);
    for (filter, expected) in cases {
        match parse_filter(filter) {
            Ok(parsed) => panic!("{filter:?} was accepted as {parsed:?}"),
            Err(e) => assert!(
                e.0.starts_with(expected) || e.0.contains(expected),
                "{filter:?}\n  got:      {}\n  expected: {expected}",
                e.0
            ),
        }
    }
}

/// Rule: order_by is `<identifier> [ASC|DESC]`, ASC by default, keyword in any case; datasets
/// cannot be ordered by; the alternate run-name spellings are not orderable.
#[test]
fn order_by_clauses() {
    let ok: &[(&str, Key, bool)] = &[
        ("metrics.acc", metric("acc"), true),
        ("metrics.acc DESC", metric("acc"), false),
        ("metrics.acc desc", metric("acc"), false),
        ("metrics.acc ASC", metric("acc"), true),
        ("metrics.`val loss` DESC", metric("val loss"), false),
        ("params.max_depth", param("max_depth"), true),
        ("tags.`mlflow.runName` DESC", tag("mlflow.runName"), false),
        ("start_time DESC", attr(Attribute::StartTime), false),
        ("attributes.start_time", attr(Attribute::StartTime), true),
        ("created DESC", attr(Attribute::StartTime), false),
        ("run_name", attr(Attribute::RunName), true),
        ("attr.end_time ASC", attr(Attribute::EndTime), true),
        ("status DESC", attr(Attribute::Status), false),
    ];
    for (text, key, ascending) in ok {
        let parsed = parse_order_by(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(
            parsed,
            OrderBy {
                key: key.clone(),
                ascending: *ascending
            },
            "{text:?}"
        );
    }
    let bad: &[(&str, &str)] = &[
        (
            "metrics.acc DESCENDING",
            "Invalid ordering key in order_by clause 'metrics.acc DESCENDING'.",
        ),
        (
            "metrics.acc DESC ASC",
            "Invalid order_by clause 'metrics.acc DESC ASC'. Could not be parsed.",
        ),
        (
            "metrics.acc > 1",
            "Invalid order_by clause 'metrics.acc > 1'. Could not be parsed.",
        ),
        ("", "Invalid order_by clause ''. Could not be parsed."),
        (
            "DESC",
            "Invalid order_by clause 'DESC'. Could not be parsed.",
        ),
        ("datasets.name", "Invalid order_by entity type 'dataset'"),
        ("foo", "Invalid attribute key 'foo' specified"),
        (
            "`Run name` DESC",
            "Invalid attribute key 'Run name' specified",
        ),
        ("metricz.acc", "Invalid entity type 'metricz'"),
    ];
    for (text, expected) in bad {
        let e = parse_order_by(text).expect_err(text);
        assert!(
            e.0.starts_with(expected),
            "{text:?}\n  got:      {}\n  expected: {expected}",
            e.0
        );
    }
}

/// Whatever a learner types into the search box, the parser answers with a filter or an
/// error, never a panic (a panic would stop the app): 20,000 random strings built from the
/// grammar's own pieces and stray characters.
#[test]
fn random_input_never_panics() {
    use lakelab_core::rng::SeededRng;
    let pieces = [
        "metrics.",
        "params.",
        "tags.",
        "attributes.",
        "run_name",
        "start_time",
        "`",
        "\"",
        "'",
        "a",
        "b c",
        " ",
        "=",
        "!=",
        "<",
        ">=",
        "LIKE",
        "ILIKE",
        "IN",
        "NOT",
        "IS",
        "NULL",
        "AND",
        "OR",
        "(",
        ")",
        ",",
        "0.5",
        "-1e3",
        "nan",
        ".",
        "é",
        "%",
        "_",
        ";",
        "\\",
        "DESC",
        "ASC",
    ];
    let mut rng = SeededRng::new(11);
    for _ in 0..20_000 {
        let n = (rng.unit() * 12.0) as usize;
        let text: String = (0..n)
            .map(|_| pieces[(rng.unit() * pieces.len() as f64) as usize % pieces.len()])
            .collect();
        let _ = parse_filter(&text);
        let _ = parse_order_by(&text);
        let _ = lakelab_core::tracking::search::parse_experiment_filter(&text);
    }
}

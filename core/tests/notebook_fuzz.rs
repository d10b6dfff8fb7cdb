//! The parser and evaluator never panic: thousands of generated programs (random token
//! sequences, and real snippets with characters deleted, duplicated or swapped) run to a
//! result or a Python exception. Deterministic: the generator is seeded.

mod notebook_support;
use lakelab_core::rng::SeededRng;
use notebook_support::Lab;

const TOKENS: &[&str] = &[
    "x",
    "y",
    "mlflow",
    "client",
    "print",
    "len",
    "range",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    ".",
    "=",
    "==",
    "+",
    "-",
    "*",
    "/",
    "//",
    "%",
    "**",
    "<",
    ">",
    "not",
    "and",
    "or",
    "in",
    "is",
    "if",
    "else",
    "for",
    "while",
    "def",
    "return",
    "lambda",
    "with",
    "as",
    "try",
    "except",
    "raise",
    "import",
    "from",
    "0",
    "1",
    "-1",
    "2.5",
    "1e308",
    "'s'",
    "f'{x}'",
    "None",
    "True",
    "\n",
    "\n    ",
    " ",
    "*",
    "**",
    "@",
    "yield",
    "class",
    "del",
    "pass",
    "break",
    "continue",
    "log_metric",
    "start_run",
    "search_runs",
    "'metrics.a > 1'",
    "[1, 2]",
    "{'a': 1}",
];

const SNIPPETS: &[&str] = &[
    "import mlflow\nwith mlflow.start_run() as r:\n    mlflow.log_metric('a', 1.5, step=2)\n    mlflow.log_param('p', [1, 2])\nprint(r.info.run_id)",
    "from mlflow.tracking import MlflowClient\nc = MlflowClient()\nruns = c.search_runs(['0'], filter_string=\"metrics.a > 0\", order_by=['metrics.a DESC'])\nprint([r.info.run_id for r in runs])",
    "def f(a, *b, c=3, **d):\n    return [a, b, c, d]\nprint(f(1, 2, c=4, e=5), {k: v for k, v in zip('ab', range(2))})",
    "x = [i ** 2 for i in range(10) if i % 3]\ntry:\n    x[100]\nexcept IndexError as e:\n    print(f'{e!r:>20}')\nfinally:\n    x.sort(key=lambda v: -v)",
    "import json, math, random\nrandom.seed(3)\nprint(json.dumps({'a': math.sqrt(2)}, indent=2), '%5.2f|%s' % (1.234, 'x'))",
    "import mlflow\ndf = mlflow.search_runs()\nprint(df.shape, df.columns, len(df))\nfor c in df:\n    print(c)",
];

fn random_program(rng: &mut SeededRng) -> String {
    let n = 1 + (rng.unit() * 40.0) as usize;
    (0..n)
        .map(|_| TOKENS[(rng.unit() * TOKENS.len() as f64) as usize % TOKENS.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

fn mutate(rng: &mut SeededRng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + (rng.unit() * 4.0) as usize {
        if chars.is_empty() {
            break;
        }
        let i = (rng.unit() * chars.len() as f64) as usize % chars.len();
        match (rng.unit() * 3.0) as u32 {
            0 => {
                chars.remove(i);
            }
            1 => {
                let c = chars[i];
                chars.insert(i, c);
            }
            _ => {
                let j = (rng.unit() * chars.len() as f64) as usize % chars.len();
                chars.swap(i, j);
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn generated_programs_never_panic() {
    let mut rng = SeededRng::new(20261126);
    let mut lab = Lab::new();
    let mut failed = 0;
    for i in 0..3000 {
        let program = if i % 2 == 0 {
            random_program(&mut rng)
        } else {
            let base = SNIPPETS[i % SNIPPETS.len()];
            mutate(&mut rng, base)
        };
        // A fresh session now and then, so state does not pile up.
        if i % 100 == 0 {
            lab = Lab::new();
        }
        if lab.run(&program).error.is_some() {
            failed += 1;
        }
    }
    // Most generated programs are wrong; some must still run, or the generator is broken.
    assert!(failed > 1000 && failed < 3000, "{failed} of 3000 failed");
}

#[test]
fn deep_programs_stop_with_python_errors() {
    let mut lab = Lab::new();
    let chain = format!("x = {}", vec!["1"; 5000].join(" + "));
    assert!(lab.err(&chain).contains("maximum recursion depth exceeded"));
    // Nesting within the limits runs, as in Python.
    let nested_calls = format!("print({}-3{})", "abs(".repeat(150), ")".repeat(150));
    assert_eq!(lab.ok(&nested_calls), "3\n");
    assert!(lab
        .err("def f(n):\n    return f(n + 1)\nf(0)")
        .contains("maximum recursion depth exceeded"));
    let lists = format!("x = {}{}", "[".repeat(300), "]".repeat(300));
    assert_eq!(lab.err(&lists), "SyntaxError: too many nested parentheses");
}

const SPARK_METHODS: &[&str] = &[
    "select",
    "filter",
    "where",
    "withColumn",
    "withColumnRenamed",
    "drop",
    "join",
    "groupBy",
    "agg",
    "count",
    "show",
    "summary",
    "describe",
    "toPandas",
    "collect",
    "take",
    "head",
    "first",
    "limit",
    "orderBy",
    "sort",
    "distinct",
    "dropDuplicates",
    "union",
    "unionByName",
    "fillna",
    "dropna",
    "randomSplit",
    "sample",
    "createOrReplaceTempView",
];

const PANDAS_METHODS: &[&str] = &[
    "head",
    "tail",
    "describe",
    "isna",
    "fillna",
    "dropna",
    "drop",
    "rename",
    "sort_values",
    "reset_index",
    "set_index",
    "astype",
    "select_dtypes",
    "mean",
    "sum",
    "min",
    "max",
    "std",
    "median",
    "count",
    "nunique",
    "drop_duplicates",
    "sample",
    "merge",
    "groupby",
    "to_csv",
    "to_dict",
    "iterrows",
];

const ARGS: &[&str] = &[
    "",
    "0",
    "1",
    "-2",
    "3",
    "100",
    "2.5",
    "None",
    "True",
    "False",
    "'a'",
    "'b'",
    "'c'",
    "'nope'",
    "'*'",
    "''",
    "['a', 'b']",
    "['c']",
    "[]",
    "{'a': 0}",
    "{'c': 'x'}",
    "{'a': 'mean'}",
    "[0.5, 0.5]",
    "F.col('a') > 1",
    "F.col('c')",
    "F.mean('b')",
    "F.count('*')",
    "F.lit(None)",
    "F.when(F.col('a') > 1, 'x')",
    "F.col('a') / 0",
    "F.col('b').cast('int')",
    "df",
    "pdf",
    "seed=1",
    "how='outer'",
    "on='a'",
    "columns=['a']",
    "subset=['c']",
    "ascending=False",
    "n=2",
    "frac=0.5",
    "random_state=3",
    "'int'",
    "'float'",
    "str",
    "float",
    "index=False",
];

fn pick<'a>(rng: &mut SeededRng, from: &[&'a str]) -> &'a str {
    from[(rng.unit() * from.len() as f64) as usize % from.len()]
}

fn random_frame_call(rng: &mut SeededRng) -> String {
    let (target, methods) = if rng.unit() < 0.5 {
        ("df", SPARK_METHODS)
    } else {
        ("pdf", PANDAS_METHODS)
    };
    let mut expr = target.to_string();
    for _ in 0..1 + (rng.unit() * 3.0) as usize {
        let args: Vec<&str> = (0..(rng.unit() * 3.0) as usize)
            .map(|_| pick(rng, ARGS))
            .filter(|a| !a.is_empty())
            .collect();
        expr = match (rng.unit() * 8.0) as u32 {
            0 => format!(
                "{expr}[{}]",
                pick(
                    rng,
                    &["'a'", "0", "1:3", "['a', 'c']", "pdf['a'] > 1", "-1"]
                )
            ),
            _ => format!("{expr}.{}({})", pick(rng, methods), args.join(", ")),
        };
    }
    format!("r = {expr}\nprint(r)")
}

/// DataFrame method chains with arguments drawn from a pool (right and wrong ones).
/// `FUZZ_SEED=n cargo test --test notebook_fuzz` explores another sequence.
#[test]
fn generated_dataframe_calls_never_panic() {
    let setup = "from pyspark.sql import functions as F\nimport pandas as pd\ndf = spark.createDataFrame([(1, 2.5, 'x'), (2, None, 'y'), (3, -1.0, None)], ['a', 'b', 'c'])\npdf = pd.DataFrame({'a': [1, 2, 3], 'b': [2.5, None, -1.0], 'c': ['x', 'y', None]})";
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1126);
    let mut rng = SeededRng::new(seed);
    let mut lab = Lab::new();
    lab.ok(setup);
    let (mut ran, mut failed) = (0, 0);
    for _ in 0..3000 {
        let program = random_frame_call(&mut rng);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| lab.run(&program)));
        let Ok(result) = result else {
            panic!("panicked on:\n{program}");
        };
        match result.error {
            Some(_) => failed += 1,
            None => ran += 1,
        }
    }
    // Some calls are right and some wrong; none may panic (a panic fails this test).
    assert!(ran > 300 && failed > 300, "{ran} ran, {failed} failed");
}

//! The Python subset: each test runs real Python snippets and compares with what CPython
//! prints.

mod notebook_support;
use notebook_support::Lab;

fn py(code: &str) -> String {
    Lab::new().ok(code)
}

#[test]
fn literals_arithmetic_and_printing() {
    assert_eq!(
        py("print(1 + 2 * 3, 7 / 2, 7 // 2, -7 // 2, 7 % 3, -7 % 3, 2 ** 10)"),
        "7 3.5 3 -4 1 2 1024\n"
    );
    assert_eq!(
        py("print(0.1 + 0.2, 1e-5, 1.0, 3 * 1.5)"),
        "0.30000000000000004 1e-05 1.0 4.5\n"
    );
    assert_eq!(
        py("print('a' + 'b', 'ab' * 2, [1] * 3, (1, 2) + (3,))"),
        "ab abab [1, 1, 1] (1, 2, 3)\n"
    );
    assert_eq!(
        py("print(True + True, None, 'x', repr('x'), [None, 'it\\'s'])"),
        "2 None x 'x' [None, \"it's\"]\n"
    );
    assert_eq!(
        py("print({'a': 1, 'b': [1, 2.5]})"),
        "{'a': 1, 'b': [1, 2.5]}\n"
    );
    assert_eq!(py("print(1, 2, sep='-', end='!')"), "1-2!");
}

#[test]
fn strings_and_formatting() {
    assert_eq!(
        py("x = 0.91234\nprint(f'acc={x:.2f} n={1000000:,} {\"hi\"!r} {x=}')"),
        "acc=0.91 n=1,000,000 'hi' x=0.91234\n"
    );
    assert_eq!(
        py("print('{} and {name}: {0:>4}'.format(7, name='n'))"),
        "7 and n:    7\n"
    );
    assert_eq!(py("print('%s=%.1f' % ('a', 2.25))"), "a=2.2\n");
    assert_eq!(py("s = ' Hello World '\nprint(s.strip().lower().split(), s.replace('o', '0'), s.find('W'))"), "['hello', 'world']  Hell0 W0rld  7\n");
    assert_eq!(py("print(','.join(['a', 'b']), 'a,b,,c'.split(','), 'metrics.acc'.startswith(('x', 'metrics')))"), "a,b ['a', 'b', '', 'c'] True\n");
    assert_eq!(
        py("print('abc'[1], 'abcdef'[1:4], 'abcdef'[::-2], len('héllo'))"),
        "b bcd fdb 5\n"
    );
}

#[test]
fn split_with_limits() {
    assert_eq!(
        py("print('a a  b c'.split(maxsplit=1), 'k=v=w'.split('=', 1), 'a,b,c'.rsplit(',', 1))"),
        "['a', 'a  b c'] ['k', 'v=w'] ['a,b', 'c']\n"
    );
}

#[test]
fn collections_and_methods() {
    let out = py("l = [3, 1, 2]\nl.append(5)\nl.sort(reverse=True)\nprint(l, l.pop(), l, l.index(2), sorted(l), len(l))");
    // Arguments are evaluated first, so both `l`s print the list after pop(), as CPython does.
    assert_eq!(out, "[5, 3, 2] 1 [5, 3, 2] 2 [2, 3, 5] 3\n");
    let out = py("d = {'a': 1}\nd['b'] = 2\nd.update({'c': 3}, d=4)\nprint(d.get('x', 0), list(d.keys()), d.pop('a'), d)\nfor k, v in d.items():\n    print(k, v)");
    assert_eq!(
        out,
        "0 ['a', 'b', 'c', 'd'] 1 {'b': 2, 'c': 3, 'd': 4}\nb 2\nc 3\nd 4\n"
    );
    assert_eq!(
        py("a = [1, 2]\nb = a\nb.append(3)\nprint(a, a is b, a == [1, 2, 3])"),
        "[1, 2, 3] True True\n"
    );
    assert_eq!(
        py("x, *rest = [1, 2, 3]\n(a, b), c = (1, 2), 3\nprint(x, rest, a, b, c)"),
        "1 [2, 3] 1 2 3\n"
    );
    assert_eq!(
        py("print([x * x for x in range(5) if x % 2 == 0], {k: v for k, v in zip('ab', [1, 2])})"),
        "[0, 4, 16] {'a': 1, 'b': 2}\n"
    );
    assert_eq!(
        py("print(sum(x for x in range(4)), max([3, 9, 2]), min('b', 'a'), max([], default=None))"),
        "6 9 a None\n"
    );
    assert_eq!(
        py("print(round(2.5), round(3.5), round(0.125, 2), round(7), abs(-2.5))"),
        "2 4 0.12 7 2.5\n"
    );
    assert_eq!(
        py("print(sorted({'b': 2, 'a': 1}.items(), key=lambda kv: kv[1], reverse=True))"),
        "[('b', 2), ('a', 1)]\n"
    );
    assert_eq!(py("print(list(enumerate(['x', 'y'], start=1)), any([0, 1]), all([]), int('42') + float('0.5'))"), "[(1, 'x'), (2, 'y')] True True 42.5\n");
}

#[test]
fn control_flow_and_functions() {
    let code = "\
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a

def greet(name, greeting='Hello', *args, sep=', ', **kw):
    return greeting + sep + name + str(args) + str(kw)

total = 0
i = 0
while True:
    i += 1
    if i % 2:
        continue
    if i > 8:
        break
    total += i
else:
    total = -1
print(fib(10), total, greet('Ada'), greet('Bo', 'Hi', 1, sep='! ', x=2))
square = lambda x: x * x
print(list(map(square, [1, 2])), [n for n in range(10) if n > 7])
";
    assert_eq!(
        py(code),
        "55 20 Hello, Ada(){} Hi! Bo(1,){'x': 2}\n[1, 4] [8, 9]\n"
    );
}

#[test]
fn exceptions_are_raised_caught_and_reported_like_python() {
    let code = "\
try:
    {}['missing']
except KeyError as e:
    print('caught', repr(e), str(e))
try:
    1 / 0
except (ValueError, ArithmeticError) as e:
    print(type(e).__name__ if False else 'zero', e)
try:
    raise ValueError('bad value')
except Exception as e:
    print('generic', e)
finally:
    print('finally')
";
    assert_eq!(py(code), "caught KeyError(\"'missing'\") 'missing'\nzero division by zero\ngeneric bad value\nfinally\n");
    let mut lab = Lab::new();
    let r = lab.run("x = 1\ny = [1, 2]\nprint(y[5])");
    let e = r.error.unwrap();
    assert_eq!(e.error.line, Some(3));
    assert_eq!(
        e.traceback,
        "Traceback (most recent call last):\n  File \"<cell>\", line 3, in <module>\n    print(y[5])\nIndexError: list index out of range"
    );
    assert_eq!(
        lab.err("undefined_name + 1"),
        "NameError: name 'undefined_name' is not defined"
    );
    assert_eq!(
        lab.err("'a' < 1"),
        "TypeError: '<' not supported between instances of 'str' and 'int'"
    );
    assert_eq!(
        lab.err("def f(a, b=1):\n    return a\nf()"),
        "TypeError: f() missing 1 required positional argument: 'a'"
    );
    assert_eq!(
        lab.err("def f(a):\n    return a\nf(1, 2)"),
        "TypeError: f() takes 1 positional argument but 2 were given"
    );
    assert_eq!(
        lab.err("def f(a):\n    return a\nf(1, b=2)"),
        "TypeError: f() got an unexpected keyword argument 'b'"
    );
    assert_eq!(
        lab.err("x, y = [1, 2, 3]"),
        "ValueError: too many values to unpack (expected 2)"
    );
    assert_eq!(lab.err("assert 1 == 2, 'nope'"), "AssertionError: nope");
    assert_eq!(
        lab.err("int('x1')"),
        "ValueError: invalid literal for int() with base 10: 'x1'"
    );
}

#[test]
fn syntax_errors_and_unsupported_constructs_say_what() {
    let mut lab = Lab::new();
    let r = lab.run("x = (1,\ny = 2");
    let e = r.error.unwrap();
    assert_eq!(e.error.kind, lakelab_core::notebook::ExcType::SyntaxError);
    assert!(e.traceback.contains("SyntaxError:"), "{}", e.traceback);
    assert!(lab
        .err("class A(int, str):\n    pass")
        .starts_with("NotImplementedError: multiple inheritance"));
    assert!(lab
        .err("s = {1, 2}")
        .starts_with("NotImplementedError: sets"));
    assert!(lab
        .err("import numpy as np\nnp.array([1, 2])")
        .starts_with("NotImplementedError: numpy.array is not available yet"));
    assert_eq!(
        lab.err("import tensorflow"),
        "ModuleNotFoundError: No module named 'tensorflow'"
    );
    assert_eq!(lab.ok("%pip install databricks-feature-engineering"), "Lakelab: no need to install packages here; mlflow, the feature engineering client and the other libraries the exam uses are built in.\n");
}

#[test]
fn names_persist_across_cells_and_runaway_loops_are_interrupted() {
    let mut lab = Lab::new();
    lab.ok("import math\nx = 41");
    assert_eq!(
        lab.ok("print(x + 1, math.sqrt(16), math.log(math.e))"),
        "42 4.0 1.0\n"
    );
    assert_eq!(lab.ok("x"), "41\n", "a last expression is shown");
    let e = lab.err("while True:\n    pass");
    assert!(
        e.starts_with("KeyboardInterrupt: the cell ran more than"),
        "{e}"
    );
    assert!(lab
        .err("def f(n):\n    return f(n + 1)\nf(0)")
        .contains("maximum recursion depth exceeded"));
}

#[test]
fn json_and_random_modules() {
    assert_eq!(py("import json\nprint(json.dumps({'a': [1, 2.5, None, True]}), json.loads('{\"x\": [1, 2]}'))"), "{\"a\": [1, 2.5, null, true]} {'x': [1, 2]}\n");
    assert_eq!(
        py("import json\nprint(json.dumps({'b': 1, 'a': 2}, indent=2, sort_keys=True))"),
        "{\n  \"a\": 2,\n  \"b\": 1\n}\n"
    );
    let a = py("import random\nrandom.seed(1)\nprint(random.random(), random.randint(1, 6))");
    let b = py("import random\nrandom.seed(1)\nprint(random.random(), random.randint(1, 6))");
    assert_eq!(a, b, "seeded: reproducible");
}

#[test]
fn markdown_cells_are_shown_not_run() {
    let mut lab = Lab::new();
    let r = lab.run("%md\n# Title\nSome *text*.");
    assert!(r.error.is_none());
    assert_eq!(
        r.outputs,
        vec![lakelab_core::notebook::Output::Rich(
            lakelab_core::notebook::Display::Markdown("# Title\nSome *text*.".into())
        )]
    );
}

#[test]
fn datetime_date_and_timedelta() {
    let mut lab = Lab::new();
    let out = lab.ok(
        "\
from datetime import datetime, date, timedelta
d = datetime(2024, 2, 28, 23, 30)
e = d + timedelta(hours=1)
print(d, e, e.day, e - d, (e - d).total_seconds())
print(repr(d), date(2024, 3, 1).isoformat(), d.strftime('%Y/%m/%d %H:%M'), d < e, d == datetime(2024, 2, 28, 23, 30))
print(timedelta(days=2, seconds=5), date(2024, 3, 1) - date(2024, 2, 1), datetime.now().year)
",
    );
    assert_eq!(
        out,
        "2024-02-28 23:30:00 2024-02-29 00:30:00 29 1:00:00 3600.0\n\
         datetime.datetime(2024, 2, 28, 23, 30) 2024-03-01 2024/02/28 23:30 True True\n\
         2 days, 0:00:05 29 days, 0:00:00 2025\n"
    );
    assert_eq!(
        lab.err("from datetime import date\ndate(2023, 2, 29)"),
        "ValueError: day is out of range for month"
    );
    assert_eq!(
        lab.err("from datetime import datetime\ndatetime(2024, 1, 1) + 1"),
        "TypeError: unsupported operand type(s) for +: 'datetime' and 'int'"
    );
}

#[test]
fn named_unicode_escapes_resolve_common_names_and_reject_others() {
    assert_eq!(
        py("print('\\N{BULLET} a\\N{EM DASH}b \\N{greek small letter sigma}')"),
        "• a—b σ\n"
    );
    let mut lab = Lab::new();
    let r = lab.run("s = '\\N{NOT A REAL NAME}'");
    let e = r.error.unwrap();
    assert_eq!(e.error.kind, lakelab_core::notebook::ExcType::SyntaxError);
    assert!(
        e.traceback.contains("unknown Unicode character name"),
        "{}",
        e.traceback
    );
}

/// Python NFKC-normalises identifiers; the parser's stand-in (crates/unicode-normalization-lite)
/// covers fullwidth letters, ligatures, maths letters and one combining mark.
#[test]
fn identifiers_are_nfkc_normalised_like_python() {
    assert_eq!(py("ｘ = 3\nprint(x + 1)"), "4\n");
    assert_eq!(py("ﬁle = 'a'\n𝐲 = 'b'\nprint(file + y)"), "ab\n");
    assert_eq!(py("cafe\u{301} = 2\nprint(caf\u{e9} * 5)"), "10\n");
}

#[test]
fn decorators_are_evaluated_first_and_applied_innermost_first() {
    let mut lab = Lab::new();
    let printed = lab.ok("calls = []\ndef tag(label):\n    calls.append('made ' + label)\n    def wrap(f):\n        calls.append('wrapped ' + label)\n        def inner(x):\n            return label + '(' + f(x) + ')'\n        return inner\n    return wrap\n@tag('a')\n@tag('b')\ndef name(x):\n    return x\nprint(name('v'))\nprint(calls)");
    assert_eq!(
        printed,
        "a(b(v))\n['made a', 'made b', 'wrapped b', 'wrapped a']\n"
    );
    assert_eq!(
        lab.err("class C:\n    @staticmethod\n    def f():\n        return 1"),
        "NotImplementedError: @staticmethod is not supported in Lakelab's notebooks"
    );
    assert_eq!(
        lab.err("@undefined\ndef f():\n    pass"),
        "NameError: name 'undefined' is not defined"
    );
}

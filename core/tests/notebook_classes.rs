//! Classes in cells: attributes, methods, inheritance, `super()`, `isinstance`, and the forms
//! Lakelab refuses with `NotImplementedError`.

mod notebook_support;

use notebook_support::Lab;

#[test]
fn instances_keep_attributes_and_call_methods() {
    let mut lab = Lab::new();
    let out = lab.ok("class Counter:\n    start = 10\n    def __init__(self, step=1):\n        self.step = step\n        self.n = self.start\n    def bump(self, times=1):\n        for _ in range(times):\n            self.n += self.step\n        return self.n\nc = Counter(step=5)\nprint(c.bump(), c.bump(times=2), c.n, c.step, Counter.start)\nc.label = 'x'\nprint(c.label, type(c).__name__, c.__class__.__name__, c)\nCounter.start = 0\nprint(Counter(2).n, c.__dict__)");
    assert_eq!(
        out,
        "15 25 25 5 10\nx Counter Counter <__main__.Counter object>\n0 {'step': 5, 'n': 25, 'label': 'x'}\n"
    );
    // Methods are plain functions on the class, bound on instances.
    let out = lab.ok("f = c.bump\nprint(f(), Counter.bump(c))\nsetattr(c, 'n', 1)\nprint(c.n, getattr(c, 'step'), hasattr(c, 'bump'), hasattr(c, 'nope'))");
    assert_eq!(out, "30 35\n1 5 True False\n");
}

#[test]
fn inheritance_overrides_and_super() {
    let mut lab = Lab::new();
    let out = lab.ok("class Base(object):\n    kind = 'base'\n    def __init__(self, x):\n        self.x = x\n    def describe(self):\n        return f'{self.kind}:{self.x}'\n    def double(self):\n        return self.x * 2\nclass Child(Base):\n    kind = 'child'\n    def __init__(self, x, y):\n        super().__init__(x)\n        self.y = y\n    def describe(self):\n        return super().describe() + f'+{self.y}'\nclass GrandChild(Child):\n    def double(self):\n        return super(GrandChild, self).double() + 1\ng = GrandChild(3, 4)\nprint(g.describe(), g.double(), g.kind)\nprint(isinstance(g, Base), isinstance(g, Child), isinstance(Base(1), Child), isinstance(g, object), isinstance(3, Base))\nprint(isinstance(g, (int, Child)))");
    assert_eq!(out, "child:3+4 7 child\nTrue True False True False\nTrue\n");
}

#[test]
fn python_errors_for_misuse() {
    let mut lab = Lab::new();
    lab.ok("class P:\n    def __init__(self, a):\n        self.a = a\n    def get(self):\n        return self.a\nclass Q:\n    pass");
    assert_eq!(
        lab.err("P()"),
        "TypeError: __init__() missing 1 required positional argument: 'a'"
    );
    assert_eq!(lab.err("Q(1)"), "TypeError: Q() takes no arguments");
    assert_eq!(
        lab.err("P(1).missing"),
        "AttributeError: 'P' object has no attribute 'missing'"
    );
    assert_eq!(
        lab.err("P(1).get(2)"),
        "TypeError: get() takes 1 positional argument but 2 were given"
    );
    assert_eq!(lab.err("super()"), "RuntimeError: super(): no arguments");
    // Class attributes are not names inside methods (Python's class scope).
    let e = lab.err("class S:\n    limit = 3\n    def get(self):\n        return limit\nS().get()");
    assert_eq!(e, "NameError: name 'limit' is not defined");
    let e = lab.err("class R:\n    def __init__(self):\n        return 3\nR()");
    assert_eq!(e, "TypeError: __init__() should return None, not 'int'");
}

#[test]
fn unsupported_forms_raise_not_implemented() {
    let mut lab = Lab::new();
    lab.ok("class A:\n    pass\nclass B:\n    pass");
    for (code, needle) in [
        ("class C(A, B):\n    pass", "multiple inheritance"),
        ("class C(metaclass=A):\n    pass", "metaclass"),
        ("@A\nclass C:\n    pass", "decorators on classes"),
        (
            "class C:\n    def __eq__(self, other):\n        return True",
            "__eq__",
        ),
        ("class C(int):\n    pass", "derive from"),
        (
            "class C:\n    @staticmethod\n    def f():\n        pass",
            "@staticmethod",
        ),
    ] {
        let e = lab.err(code);
        assert!(e.starts_with("NotImplementedError: "), "{code}: {e}");
        assert!(e.contains(needle), "{code}: {e}");
    }
    // A refused class binds nothing.
    assert_eq!(lab.err("C"), "NameError: name 'C' is not defined");
}

#[test]
fn classes_defined_in_functions_see_the_enclosing_names() {
    let mut lab = Lab::new();
    let out = lab.ok("def make(k):\n    class Scaled:\n        def __init__(self, v):\n            self.v = v * k\n    return Scaled\nS = make(3)\nprint(S(2).v, S.__name__)");
    assert_eq!(out, "6 Scaled\n");
}

//! The evaluator: runs parsed statements against the workspace.
//!
//! One [`Session`] per notebook holds the names cells define (`globals`) and the fluent MLflow
//! state, so names persist from cell to cell as in a Databricks notebook. Time is injected
//! (`clock`), and every statement and loop step counts against a budget, so a runaway cell is
//! interrupted with `KeyboardInterrupt` instead of freezing the tab.

use std::collections::HashMap;
use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

use super::builtins;
use super::error::{not_implemented, type_error, ExcType, PyErr};
use super::modules;
use super::ops;
use super::output::{CellError, CellResult, Output};
use super::syntax::{parse, Source};
use super::value::{Args, ExcValue, Function, FunctionBody, Value};
use crate::rng::SeededRng;
use crate::tracking::Fluent;
use crate::Workspace;

/// Statements (and loop steps) one cell may run before it is interrupted.
pub const STEP_LIMIT: u64 = 5_000_000;
/// Deepest call nesting (Python's default recursion limit is 1000; a browser tab's stack is
/// far smaller, so Lakelab stops at 100 with Python's `maximum recursion depth exceeded`).
pub const MAX_DEPTH: usize = 100;

/// One notebook's interpreter state (not persisted: like a Python process, it starts fresh
/// when the page loads).
#[derive(Debug)]
pub struct Session {
    pub globals: HashMap<String, Value>,
    pub fluent: Fluent,
    /// `mlflow.last_active_run()`.
    pub last_run_id: Option<String>,
    pub rng: SeededRng,
    /// Figures drawn with `matplotlib.pyplot`, the current one, and those not yet shown.
    pub figures: Vec<crate::plot::figure::Figure>,
    pub current_figure: Option<usize>,
    pub dirty_figures: std::collections::BTreeSet<usize>,
    /// Spark temporary views (`createOrReplaceTempView`), by lower-case name.
    pub temp_views: HashMap<String, Rc<crate::table::Table>>,
    /// The registry `mlflow.set_registry_uri` chose (Unity Catalog by default).
    pub registry: crate::registry::RegistryKind,
    /// The bundled datasets, mounted read-only (see [`crate::datasets`]).
    pub datasets: crate::datasets::Mounted,
    /// `mlflow.autolog()` / `mlflow.sklearn.autolog()` settings, when on.
    pub autolog: Option<super::bindings::sklearn::autolog::Autolog>,
    /// `@dlt.table` definitions, and the pipeline update running this session if any.
    pub dlt: super::bindings::dlt::DltState,
}

impl Session {
    pub fn new(seed: u64) -> Self {
        Self {
            globals: HashMap::new(),
            fluent: Fluent::default(),
            last_run_id: None,
            rng: SeededRng::new(seed),
            figures: Vec::new(),
            current_figure: None,
            dirty_figures: std::collections::BTreeSet::new(),
            temp_views: HashMap::new(),
            registry: crate::registry::RegistryKind::Uc,
            datasets: crate::datasets::Mounted::default(),
            autolog: None,
            dlt: Default::default(),
        }
    }
}

/// What the evaluator needs from outside: the time and who is running.
pub struct Env<'a> {
    pub clock: &'a mut dyn FnMut() -> i64,
    pub user: String,
    /// The file name tracebacks show (`<cell>` in the app, the script's path in the CLI).
    pub file_name: String,
}

/// How a statement ended.
pub enum Flow {
    Next,
    Break,
    Continue,
    Return(Value),
}

pub struct Interp<'a> {
    pub ws: &'a mut Workspace,
    pub session: &'a mut Session,
    pub env: Env<'a>,
    pub outputs: Vec<Output>,
    /// Local scopes of the functions being run (innermost last); empty at module level.
    frames: Vec<Frame>,
    pub(super) source: Rc<Source>,
    steps: u64,
    /// Exceptions being handled (for a bare `raise`).
    handling: Vec<PyErr>,
    /// Expressions being evaluated, nested (see `eval::MAX_EXPR_DEPTH`).
    pub(super) eval_depth: usize,
    /// The methods being run: their class and instance, innermost last (for `super()`).
    pub(super) method_classes: Vec<(Rc<super::classes::Class>, Value)>,
}

impl Interp<'_> {
    /// Defines a Python function from source text (a Unity Catalog function's body) and
    /// returns it, without touching the notebook's names; tracebacks point into that text.
    pub fn define_function(&mut self, code: &str, name: &str) -> Result<Value, PyErr> {
        let source = Rc::new(Source::new(code));
        let body = parse(&source)?;
        let saved = std::mem::replace(&mut self.source, source);
        self.frames.push(Frame {
            locals: HashMap::new(),
            closure: HashMap::new(),
            class_body: false,
        });
        let result = self.exec_block(&body);
        let frame = self.frames.pop();
        self.source = saved;
        result?;
        frame
            .and_then(|f| f.locals.get(name).cloned())
            .ok_or_else(|| PyErr::new(ExcType::NameError, format!("name '{name}' is not defined")))
    }

    /// Runs a class body in a scope of its own and returns the names it bound.
    pub(super) fn run_class_body(
        &mut self,
        body: &[Stmt],
    ) -> Result<HashMap<String, Value>, PyErr> {
        let closure = self
            .frames
            .last()
            .map(|f| {
                let mut c = f.closure.clone();
                c.extend(f.locals.iter().map(|(k, v)| (k.clone(), v.clone())));
                c
            })
            .unwrap_or_default();
        self.frames.push(Frame {
            locals: HashMap::new(),
            closure,
            class_body: true,
        });
        let result = self.exec_block(body);
        let frame = self.frames.pop();
        match result? {
            Flow::Next => Ok(frame.map(|f| f.locals).unwrap_or_default()),
            Flow::Return(_) => Err(PyErr::new(
                ExcType::SyntaxError,
                "'return' outside function",
            )),
            Flow::Break | Flow::Continue => Err(PyErr::new(
                ExcType::SyntaxError,
                "'break' or 'continue' outside loop",
            )),
        }
    }

    /// Whether `path` is under the datasets mount while no dataset is mounted (the app is
    /// still fetching them).
    pub fn datasets_loading(&self, path: &str) -> bool {
        path.starts_with(crate::datasets::MOUNT) && self.session.datasets.is_empty()
    }

    /// A file's bytes: a mounted dataset, or a file of the workspace.
    pub fn read_file(&self, path: &str) -> Result<&[u8], crate::files::FileError> {
        match self.session.datasets.get(path) {
            Some(bytes) => Ok(bytes),
            None => self.ws.files.read(path),
        }
    }
}

struct Frame {
    locals: HashMap<String, Value>,
    closure: HashMap<String, Value>,
    /// A class body: functions defined in it do not see its names (Python's class scope).
    class_body: bool,
}

/// Runs `code` as a script (not a cell: nothing is shown) in `session` against `ws`; `Err`
/// holds the error and its traceback text. Saved custom models run their code this way, in
/// a sandbox of their own.
pub fn run_script<'a>(
    ws: &'a mut Workspace,
    session: &'a mut Session,
    env: Env<'a>,
    code: &str,
) -> Result<(), Box<(PyErr, String)>> {
    let source = Rc::new(Source::new(code));
    let mut interp = Interp::new(ws, session, env, source.clone());
    let result = parse(&source).and_then(|body| {
        for stmt in &body {
            interp.exec_top(stmt)?;
        }
        Ok(())
    });
    result.map_err(|e| {
        let traceback = interp.traceback(&e);
        Box::new((e, traceback))
    })
}

/// Runs one cell's source in `session` against `ws`.
pub fn run_cell<'a>(
    ws: &'a mut Workspace,
    session: &'a mut Session,
    env: Env<'a>,
    code: &str,
) -> CellResult {
    // A Markdown cell (`%md`, as in Databricks) is shown, not run.
    if let Some(md) = crate::notebook_files::markdown(code) {
        return CellResult {
            outputs: vec![Output::Rich(super::output::Display::Markdown(
                md.to_string(),
            ))],
            error: None,
        };
    }
    let source = Rc::new(Source::new(code));
    let mut interp = Interp::new(ws, session, env, source.clone());
    let result = parse(&source).and_then(|body| interp.run_module(&body));
    // Figures the cell drew appear under it, as with Jupyter's inline backend.
    interp.show_figures();
    let error = result.err().map(|error| CellError {
        traceback: interp.traceback(&error),
        error,
    });
    CellResult {
        outputs: interp.outputs,
        error,
    }
}

impl<'a> Interp<'a> {
    /// An interpreter at module level over `source`, nothing run yet.
    fn new(
        ws: &'a mut Workspace,
        session: &'a mut Session,
        env: Env<'a>,
        source: Rc<Source>,
    ) -> Self {
        Interp {
            ws,
            session,
            env,
            outputs: Vec::new(),
            frames: Vec::new(),
            source,
            steps: 0,
            handling: Vec::new(),
            eval_depth: 0,
            method_classes: Vec::new(),
        }
    }

    pub fn now_ms(&mut self) -> i64 {
        (self.env.clock)()
    }

    /// Runs a module body; the value of a last bare expression is shown, as a notebook does.
    fn run_module(&mut self, body: &[Stmt]) -> Result<(), PyErr> {
        let Some((last, rest)) = body.split_last() else {
            return Ok(());
        };
        for stmt in rest {
            self.exec_top(stmt)?;
        }
        if let Stmt::Expr(e) = last {
            let value = self
                .eval(&e.value)
                .map_err(|err| self.locate(err, e.range()))?;
            self.show_value(&value);
            Ok(())
        } else {
            self.exec_top(last)
        }
    }

    fn exec_top(&mut self, stmt: &Stmt) -> Result<(), PyErr> {
        match self.exec(stmt)? {
            Flow::Next => Ok(()),
            Flow::Break | Flow::Continue => Err(self.locate(
                PyErr::new(ExcType::SyntaxError, "'break' or 'continue' outside loop"),
                stmt.range(),
            )),
            Flow::Return(_) => Err(self.locate(
                PyErr::new(ExcType::SyntaxError, "'return' outside function"),
                stmt.range(),
            )),
        }
    }

    /// Shows a value under the cell (`display(x)` or a last expression); `None` shows nothing.
    pub fn show_value(&mut self, value: &Value) {
        match value {
            Value::None => {}
            Value::Object(o) => match o.display() {
                Some(d) => self.outputs.push(Output::Rich(d)),
                None => self.outputs.push(Output::Value(o.repr())),
            },
            other => self.outputs.push(Output::Value(other.repr())),
        }
    }

    /// Appends printed text.
    pub fn print(&mut self, text: &str) {
        if let Some(Output::Text(t)) = self.outputs.last_mut() {
            t.push_str(text);
        } else {
            self.outputs.push(Output::Text(text.to_string()));
        }
    }

    /// Python's traceback text for an uncaught error.
    pub fn traceback(&self, err: &PyErr) -> String {
        let mut out = String::new();
        if err.kind != ExcType::SyntaxError {
            out.push_str("Traceback (most recent call last):\n");
            if let Some(line) = err.line {
                out.push_str(&format!(
                    "  File \"{}\", line {line}, in <module>\n    {}\n",
                    self.env.file_name,
                    self.source.line_text(line).trim()
                ));
            }
        } else if let Some(line) = err.line {
            out.push_str(&format!(
                "  File \"{}\", line {line}\n    {}\n",
                self.env.file_name,
                self.source.line_text(line).trim()
            ));
        }
        out.push_str(&err.headline());
        for note in &err.notes {
            out.push('\n');
            out.push_str(note);
        }
        out
    }

    /// Counts one step; interrupts a cell that runs too long.
    pub(super) fn tick(&mut self) -> Result<(), PyErr> {
        self.steps += 1;
        if self.steps > STEP_LIMIT {
            return Err(PyErr::new(
                ExcType::KeyboardInterrupt,
                format!(
                    "the cell ran more than {STEP_LIMIT} steps and was interrupted (is a loop \
                     endless?)"
                ),
            ));
        }
        Ok(())
    }

    /// Gives an error the line of `range` if it has none yet.
    pub(super) fn locate(&self, mut err: PyErr, range: TextRange) -> PyErr {
        if err.line.is_none() {
            err.line = Some(self.source.line_of(range.start()));
        }
        err
    }

    // ---- names --------------------------------------------------------------------------

    pub(super) fn lookup(&self, name: &str) -> Result<Value, PyErr> {
        if let Some(frame) = self.frames.last() {
            if let Some(v) = frame.locals.get(name).or_else(|| frame.closure.get(name)) {
                return Ok(v.clone());
            }
        }
        if let Some(v) = self.session.globals.get(name) {
            return Ok(v.clone());
        }
        builtins::lookup(name)
            .ok_or_else(|| PyErr::new(ExcType::NameError, format!("name '{name}' is not defined")))
    }

    pub(super) fn bind(&mut self, name: &str, value: Value) {
        match self.frames.last_mut() {
            Some(frame) => {
                frame.locals.insert(name.to_string(), value);
            }
            None => {
                self.session.globals.insert(name.to_string(), value);
            }
        }
    }

    /// The value bound to `name` in the current scope only (comprehensions save and restore
    /// their loop names with this, so they do not leak, as in Python 3).
    pub(super) fn peek_local(&self, name: &str) -> Option<Value> {
        match self.frames.last() {
            Some(frame) => frame.locals.get(name).cloned(),
            None => self.session.globals.get(name).cloned(),
        }
    }

    pub(super) fn restore_local(&mut self, name: &str, value: Option<Value>) {
        match value {
            Some(v) => self.bind(name, v),
            None => {
                let _ = self.unbind(name);
            }
        }
    }

    fn unbind(&mut self, name: &str) -> Result<(), PyErr> {
        let removed = match self.frames.last_mut() {
            Some(frame) => frame.locals.remove(name),
            None => self.session.globals.remove(name),
        };
        removed
            .map(|_| ())
            .ok_or_else(|| PyErr::new(ExcType::NameError, format!("name '{name}' is not defined")))
    }

    // ---- statements ---------------------------------------------------------------------

    pub(super) fn exec_block(&mut self, body: &[Stmt]) -> Result<Flow, PyErr> {
        for stmt in body {
            match self.exec(stmt)? {
                Flow::Next => {}
                other => return Ok(other),
            }
        }
        Ok(Flow::Next)
    }

    fn exec(&mut self, stmt: &Stmt) -> Result<Flow, PyErr> {
        self.tick().map_err(|e| self.locate(e, stmt.range()))?;
        self.exec_inner(stmt)
            .map_err(|e| self.locate(e, stmt.range()))
    }

    fn exec_inner(&mut self, stmt: &Stmt) -> Result<Flow, PyErr> {
        match stmt {
            Stmt::Expr(e) => {
                self.eval(&e.value)?;
            }
            Stmt::Assign(a) => {
                let value = self.eval(&a.value)?;
                for target in &a.targets {
                    self.assign(target, value.clone())?;
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let value = self.eval(v)?;
                    self.assign(&a.target, value)?;
                }
            }
            Stmt::AugAssign(a) => {
                let current = self.eval(&a.target)?;
                let rhs = self.eval(&a.value)?;
                let value = super::ops::binary(a.op, &current, &rhs)?;
                self.assign(&a.target, value)?;
            }
            Stmt::Pass(_) => {}
            Stmt::Break(_) => return Ok(Flow::Break),
            Stmt::Continue(_) => return Ok(Flow::Continue),
            Stmt::Return(r) => {
                if self.frames.is_empty() {
                    return Err(PyErr::new(
                        ExcType::SyntaxError,
                        "'return' outside function",
                    ));
                }
                let v = match &r.value {
                    Some(e) => self.eval(e)?,
                    None => Value::None,
                };
                return Ok(Flow::Return(v));
            }
            Stmt::If(s) => {
                if ops::truth(&self.eval(&s.test)?)? {
                    return self.exec_block(&s.body);
                }
                for clause in &s.elif_else_clauses {
                    let taken = match &clause.test {
                        Some(t) => ops::truth(&self.eval(t)?)?,
                        None => true,
                    };
                    if taken {
                        return self.exec_block(&clause.body);
                    }
                }
            }
            Stmt::While(w) => loop {
                self.tick()?;
                if !ops::truth(&self.eval(&w.test)?)? {
                    return self.exec_block(&w.orelse);
                }
                match self.exec_block(&w.body)? {
                    Flow::Break => break,
                    Flow::Return(v) => return Ok(Flow::Return(v)),
                    Flow::Next | Flow::Continue => {}
                }
            },
            Stmt::For(f) => {
                if f.is_async {
                    return Err(not_implemented("'async for' is not supported in Lakelab"));
                }
                let iterable = self.eval(&f.iter)?;
                let items = self.iterate(&iterable)?;
                for item in items {
                    self.tick()?;
                    self.assign(&f.target, item)?;
                    match self.exec_block(&f.body)? {
                        Flow::Break => return Ok(Flow::Next),
                        Flow::Return(v) => return Ok(Flow::Return(v)),
                        Flow::Next | Flow::Continue => {}
                    }
                }
                return self.exec_block(&f.orelse);
            }
            Stmt::FunctionDef(def) => {
                if def.is_async {
                    return Err(not_implemented("'async def' is not supported in Lakelab"));
                }
                // Decorators are evaluated before the function is made and applied innermost
                // first, as Python does.
                let mut decorators = Vec::with_capacity(def.decorator_list.len());
                for d in &def.decorator_list {
                    if let Expr::Name(n) = &d.expression {
                        if matches!(n.id.as_str(), "staticmethod" | "classmethod" | "property") {
                            return Err(not_implemented(format!(
                                "@{} is not supported in Lakelab's notebooks",
                                n.id
                            )));
                        }
                    }
                    decorators.push(self.eval(&d.expression)?);
                }
                let function = self.make_function(
                    def.name.as_str(),
                    &def.parameters,
                    FunctionBody::Block(def.body.clone()),
                )?;
                let mut value = Value::Function(Rc::new(function));
                for d in decorators.iter().rev() {
                    value = self.call_value(
                        d,
                        Args {
                            positional: vec![value],
                            keywords: Vec::new(),
                        },
                    )?;
                }
                self.bind(def.name.as_str(), value);
            }
            Stmt::With(w) => return self.exec_with(w),
            Stmt::Try(t) => return self.exec_try(t),
            Stmt::Raise(r) => {
                let err = match &r.exc {
                    None => self.handling.last().cloned().ok_or_else(|| {
                        PyErr::new(ExcType::RuntimeError, "No active exception to reraise")
                    })?,
                    Some(e) => match self.eval(e)? {
                        Value::ExcClass(kind) => PyErr::new(kind, ""),
                        Value::Exception(x) => x.0.clone(),
                        other => {
                            return Err(type_error(format!(
                                "exceptions must derive from BaseException, not {}",
                                other.type_name()
                            )))
                        }
                    },
                };
                // A re-raised error keeps where it came from.
                return Err(err);
            }
            Stmt::Assert(a) => {
                if !ops::truth(&self.eval(&a.test)?)? {
                    let msg = match &a.msg {
                        Some(m) => self.eval(m)?.to_str(),
                        None => String::new(),
                    };
                    return Err(PyErr::new(ExcType::AssertionError, msg));
                }
            }
            Stmt::Import(i) => {
                for alias in &i.names {
                    let full = alias.name.as_str();
                    let module = modules::import(self, full)?;
                    match &alias.asname {
                        Some(asname) => self.bind(asname.as_str(), module),
                        None => {
                            // `import a.b` binds `a`.
                            let top = full.split('.').next().unwrap_or(full);
                            let top_module = modules::import(self, top)?;
                            self.bind(top, top_module);
                        }
                    }
                }
            }
            Stmt::ImportFrom(i) => {
                if i.level > 0 {
                    return Err(not_implemented("relative imports are not supported"));
                }
                let name = i.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                let module = modules::import(self, name)?;
                for alias in &i.names {
                    if alias.name.as_str() == "*" {
                        return Err(not_implemented("'from … import *' is not supported"));
                    }
                    let value = modules::import_name(self, name, &module, alias.name.as_str())?;
                    let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                    self.bind(bound.as_str(), value);
                }
            }
            Stmt::Delete(d) => {
                for target in &d.targets {
                    match target {
                        Expr::Name(n) => self.unbind(n.id.as_str())?,
                        Expr::Subscript(s) => {
                            let container = self.eval(&s.value)?;
                            let key = self.eval(&s.slice)?;
                            super::ops::delete_item(&container, &key)?;
                        }
                        _ => return Err(not_implemented("this form of 'del'")),
                    }
                }
            }
            Stmt::IpyEscapeCommand(c) => {
                let text = format!("{}{}", c.kind.as_str(), c.value);
                if text.starts_with("%pip") {
                    self.print(
                        "Lakelab: no need to install packages here; mlflow, the feature \
                         engineering client and the other libraries the exam uses are built in.\n",
                    );
                } else {
                    return Err(not_implemented(format!(
                        "the notebook command '{}' is not available in Lakelab",
                        text.split_whitespace().next().unwrap_or(&text)
                    )));
                }
            }
            Stmt::ClassDef(def) => self.exec_class(def)?,
            Stmt::Global(_) | Stmt::Nonlocal(_) => {
                return Err(not_implemented(
                    "'global' and 'nonlocal' are not supported in Lakelab's notebooks",
                ))
            }
            Stmt::Match(_) => {
                return Err(not_implemented(
                    "'match' statements are not supported in Lakelab's notebooks",
                ))
            }
            Stmt::TypeAlias(_) => {
                return Err(not_implemented(
                    "'type' aliases are not supported in Lakelab's notebooks",
                ))
            }
        }
        Ok(Flow::Next)
    }

    fn exec_with(&mut self, w: &ast::StmtWith) -> Result<Flow, PyErr> {
        if w.is_async {
            return Err(not_implemented("'async with' is not supported in Lakelab"));
        }
        let Some((item, rest)) = w.items.split_first() else {
            return self.exec_block(&w.body);
        };
        let manager = self.eval(&item.context_expr)?;
        let Value::Object(obj) = manager.clone() else {
            return Err(type_error(format!(
                "'{}' object does not support the context manager protocol",
                manager.type_name()
            )));
        };
        let entered = obj.clone().enter(self).unwrap_or_else(|| {
            Err(type_error(format!(
                "'{}' object does not support the context manager protocol",
                obj.type_name()
            )))
        })?;
        if let Some(target) = &item.optional_vars {
            self.assign(target, entered)?;
        }
        let result = if rest.is_empty() {
            self.exec_block(&w.body)
        } else {
            let inner = ast::StmtWith {
                node_index: Default::default(),
                range: w.range,
                is_async: false,
                items: rest.to_vec(),
                body: w.body.clone(),
            };
            self.exec_with(&inner)
        };
        let raised = result.is_err();
        obj.exit(self, raised)?;
        result
    }

    fn exec_try(&mut self, t: &ast::StmtTry) -> Result<Flow, PyErr> {
        if t.is_star {
            return Err(not_implemented("'except*' is not supported in Lakelab"));
        }
        let outcome = match self.exec_block(&t.body) {
            Ok(flow) => match flow {
                Flow::Next => self.exec_block(&t.orelse),
                other => Ok(other),
            },
            Err(err) if err.kind == ExcType::KeyboardInterrupt => Err(err),
            Err(err) => self.handle(t, err),
        };
        if t.finalbody.is_empty() {
            return outcome;
        }
        match self.exec_block(&t.finalbody)? {
            Flow::Next => outcome,
            other => Ok(other),
        }
    }

    fn handle(&mut self, t: &ast::StmtTry, err: PyErr) -> Result<Flow, PyErr> {
        for handler in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(h) = handler;
            let matches = match &h.type_ {
                None => true,
                Some(types) => {
                    let wanted = self.eval(types)?;
                    let classes = match wanted {
                        Value::Tuple(items) => items.as_ref().clone(),
                        single => vec![single],
                    };
                    let mut any = false;
                    for class in classes {
                        match class {
                            Value::ExcClass(kind) => any |= err.kind.is_a(&kind),
                            other => {
                                return Err(type_error(format!(
                                    "catching classes that do not inherit from BaseException \
                                     is not allowed (got {})",
                                    other.type_name()
                                )))
                            }
                        }
                    }
                    any
                }
            };
            if matches {
                if let Some(name) = &h.name {
                    self.bind(
                        name.as_str(),
                        Value::Exception(Rc::new(ExcValue(err.clone()))),
                    );
                }
                self.handling.push(err);
                let result = self.exec_block(&h.body);
                self.handling.pop();
                return result;
            }
        }
        Err(err)
    }

    // ---- assignment ---------------------------------------------------------------------

    pub(super) fn assign(&mut self, target: &Expr, value: Value) -> Result<(), PyErr> {
        match target {
            Expr::Name(n) => {
                self.bind(n.id.as_str(), value);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                let items = self.iterate(&value)?;
                let starred = elts.iter().position(|e| matches!(e, Expr::Starred(_)));
                match starred {
                    None => {
                        if items.len() != elts.len() {
                            return Err(super::error::value_error(if items.len() > elts.len() {
                                format!("too many values to unpack (expected {})", elts.len())
                            } else {
                                format!(
                                    "not enough values to unpack (expected {}, got {})",
                                    elts.len(),
                                    items.len()
                                )
                            }));
                        }
                        for (t, v) in elts.iter().zip(items) {
                            self.assign(t, v)?;
                        }
                        Ok(())
                    }
                    Some(star) => {
                        let after = elts.len() - star - 1;
                        if items.len() < star + after {
                            return Err(super::error::value_error(format!(
                                "not enough values to unpack (expected at least {}, got {})",
                                star + after,
                                items.len()
                            )));
                        }
                        let rest_end = items.len() - after;
                        for (t, v) in elts[..star].iter().zip(items[..star].iter()) {
                            self.assign(t, v.clone())?;
                        }
                        if let Expr::Starred(s) = &elts[star] {
                            self.assign(&s.value, Value::list(items[star..rest_end].to_vec()))?;
                        }
                        for (t, v) in elts[star + 1..].iter().zip(items[rest_end..].iter()) {
                            self.assign(t, v.clone())?;
                        }
                        Ok(())
                    }
                }
            }
            Expr::Subscript(s) => {
                let container = self.eval(&s.value)?;
                let key = self.eval(&s.slice)?;
                super::ops::set_item(&container, key, value)
            }
            Expr::Attribute(a) => {
                let obj = self.eval(&a.value)?;
                if super::classes::set_attr(&obj, a.attr.as_str(), value).is_some() {
                    return Ok(());
                }
                Err(PyErr::new(
                    ExcType::AttributeError,
                    format!(
                        "'{}' object attribute '{}' cannot be set in Lakelab",
                        obj.type_name(),
                        a.attr.as_str()
                    ),
                ))
            }
            _ => Err(PyErr::new(
                ExcType::SyntaxError,
                "cannot assign to this expression",
            )),
        }
    }

    // ---- functions ----------------------------------------------------------------------

    pub(super) fn make_function(
        &mut self,
        name: &str,
        params: &ast::Parameters,
        body: FunctionBody,
    ) -> Result<Function, PyErr> {
        let mut defaults = HashMap::new();
        for p in params
            .posonlyargs
            .iter()
            .chain(&params.args)
            .chain(&params.kwonlyargs)
        {
            if let Some(d) = &p.default {
                let v = self.eval(d)?;
                defaults.insert(p.parameter.name.as_str().to_string(), v);
            }
        }
        let closure = self
            .frames
            .last()
            .map(|f| {
                let mut c = f.closure.clone();
                if !f.class_body {
                    c.extend(f.locals.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
                c
            })
            .unwrap_or_default();
        Ok(Function {
            name: name.to_string(),
            params: params.clone(),
            body,
            defaults,
            closure,
            source: self.source.clone(),
        })
    }

    /// Calls a Python-defined function.
    pub(super) fn call_function(
        &mut self,
        f: &Rc<Function>,
        args: super::value::Args,
    ) -> Result<Value, PyErr> {
        if self.frames.len() >= MAX_DEPTH {
            return Err(PyErr::new(
                ExcType::RuntimeError,
                "maximum recursion depth exceeded",
            ));
        }
        let locals = super::call::bind_python(f, args)?;
        self.frames.push(Frame {
            locals,
            closure: f.closure.clone(),
            class_body: false,
        });
        let saved = std::mem::replace(&mut self.source, f.source.clone());
        let result = match &f.body {
            FunctionBody::Block(body) => self.exec_block(body).map(|flow| match flow {
                Flow::Return(v) => v,
                _ => Value::None,
            }),
            FunctionBody::Lambda(e) => self.eval(e),
        };
        self.source = saved;
        self.frames.pop();
        result
    }
}

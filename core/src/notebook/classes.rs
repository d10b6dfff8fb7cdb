//! Classes defined in cells: `class Name(Base):` with methods, `__init__`, class and instance
//! attributes, `super()`, `isinstance`, and single inheritance from `object`, another cell
//! class or `mlflow.pyfunc.PythonModel` (what a custom model needs).
//!
//! Left out, each refused with `NotImplementedError` naming it rather than half-working:
//! multiple inheritance, metaclasses and class keywords, decorators on classes (a method's
//! decorator is applied as on any `def`; `@staticmethod`, `@classmethod` and `@property` are
//! refused), and dunder methods other than `__init__` (Lakelab's operators, `repr`
//! and `len` do not dispatch to them, so defining one would silently do nothing).
//!
//! A class keeps the text of its `class` statement: `mlflow.pyfunc.log_model` ships it with
//! the instance, as cloudpickle does for classes defined in a notebook's `__main__`.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::error::{attribute_error, not_implemented, type_error, ExcType, PyErr};
use super::interp::Interp;
use super::value::{Args, Dict, Object, Value};

/// What a class derives from besides `object`.
#[derive(Clone)]
pub enum Base {
    /// Another class defined in a cell.
    User(Rc<Class>),
    /// `mlflow.pyfunc.PythonModel`: `load_context` does nothing, `predict` is abstract.
    PythonModel,
}

/// A class defined in a cell (also `object`, the root, as a value `isinstance` accepts).
pub struct Class {
    pub name: String,
    pub base: Option<Base>,
    /// Methods (plain functions) and class attributes, in definition order.
    attrs: RefCell<Vec<(String, Value)>>,
    /// The `class` statement's text, dedented.
    pub source: String,
    root: bool,
}

/// An instance of a cell class; its attributes in assignment order.
pub struct Instance {
    pub class: Rc<Class>,
    pub attrs: RefCell<Vec<(String, Value)>>,
}

/// `mlflow.pyfunc.PythonModel`, the class custom models derive from.
pub struct PythonModelClass;

/// What `super()` returns: attribute lookup starting after `class`.
struct Super {
    class: Rc<Class>,
    instance: Value,
}

fn get(list: &RefCell<Vec<(String, Value)>>, name: &str) -> Option<Value> {
    list.borrow()
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

fn set(list: &RefCell<Vec<(String, Value)>>, name: &str, value: Value) {
    let mut l = list.borrow_mut();
    match l.iter_mut().find(|(k, _)| k == name) {
        Some(slot) => slot.1 = value,
        None => l.push((name.to_string(), value)),
    }
}

impl Class {
    /// `object`.
    pub fn object() -> Value {
        Value::object(ClassObj(Rc::new(Class {
            name: "object".into(),
            base: None,
            attrs: RefCell::new(Vec::new()),
            source: String::new(),
            root: true,
        })))
    }

    /// The class attribute `name` here or in a base, with the class that defines it.
    pub fn find(self: &Rc<Self>, name: &str) -> Option<(Rc<Class>, Value)> {
        let mut c = self.clone();
        loop {
            if let Some(v) = get(&c.attrs, name) {
                return Some((c, v));
            }
            match &c.base {
                Some(Base::User(b)) => c = b.clone(),
                _ => return None,
            }
        }
    }

    /// Whether `mlflow.pyfunc.PythonModel` is among the bases.
    pub fn is_python_model(&self) -> bool {
        match &self.base {
            Some(Base::PythonModel) => true,
            Some(Base::User(b)) => b.is_python_model(),
            None => false,
        }
    }

    /// This class and its cell-defined bases, the root first (what a pickle must carry).
    pub fn lineage(self: &Rc<Self>) -> Vec<Rc<Class>> {
        let mut out = vec![self.clone()];
        let mut c = self.clone();
        while let Some(Base::User(b)) = &c.base {
            let b = b.clone();
            out.push(b.clone());
            c = b;
        }
        out.reverse();
        out
    }

    fn derives_from(self: &Rc<Self>, other: &Rc<Class>) -> bool {
        let mut c = self.clone();
        loop {
            if Rc::ptr_eq(&c, other) {
                return true;
            }
            match &c.base {
                Some(Base::User(b)) => c = b.clone(),
                _ => return false,
            }
        }
    }
}

/// The default methods `PythonModel` provides.
fn python_model_default(name: &str) -> bool {
    matches!(name, "load_context" | "predict")
}

impl Instance {
    /// A new instance with `attrs`, without running `__init__` (what unpickling does).
    pub fn restore(class: Rc<Class>, attrs: Vec<(String, Value)>) -> Value {
        Value::Object(Rc::new(Instance {
            class,
            attrs: RefCell::new(attrs),
        }))
    }
}

/// Calls method `name` found from `class` on `instance` (Python's bound-method call).
fn call_found(
    interp: &mut Interp,
    owner: Rc<Class>,
    func: Value,
    instance: Value,
    args: Args,
) -> Result<Value, PyErr> {
    let mut args = args;
    args.positional.insert(0, instance.clone());
    interp.method_classes.push((owner, instance));
    let result = interp.call_value(&func, args);
    interp.method_classes.pop();
    result
}

/// `PythonModel.load_context` / `predict` when a subclass does not define them.
fn call_default(name: &str, args: &Args) -> Result<Value, PyErr> {
    if name == "load_context" {
        if args.positional.len() + args.keywords.len() != 1 {
            return Err(type_error(format!(
                "PythonModel.load_context() takes 2 positional arguments but {} were given",
                args.positional.len() + 1
            )));
        }
        return Ok(Value::None);
    }
    Err(PyErr::new(ExcType::NotImplementedError, ""))
}

impl Object for Instance {
    fn type_name(&self) -> &str {
        &self.class.name
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        if let Some(v) = get(&self.attrs, name) {
            return Some(v);
        }
        match name {
            "__class__" => return Some(Value::object(ClassObj(self.class.clone()))),
            "__dict__" => {
                return Some(Value::dict(Dict::from_pairs(
                    self.attrs
                        .borrow()
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.clone())),
                )))
            }
            _ => {}
        }
        match self.class.find(name) {
            Some((_, Value::Function(_))) => None,
            Some((_, v)) => Some(v),
            None => None,
        }
    }
    fn has_method(&self, name: &str) -> bool {
        match self.class.find(name) {
            Some((_, v)) => matches!(v, Value::Function(_)),
            None => self.class.is_python_model() && python_model_default(name),
        }
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        let me: Rc<dyn Object> = self.clone();
        match self.class.find(name) {
            Some((owner, func)) => call_found(interp, owner, func, Value::Object(me), args),
            None if self.class.is_python_model() && python_model_default(name) => {
                call_default(name, &args)
            }
            None => Err(attribute_error(&self.class.name, name)),
        }
    }
    fn repr(&self) -> String {
        format!("<__main__.{} object>", self.class.name)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A class as a value (`Wrapper`, `object`).
pub struct ClassObj(pub Rc<Class>);

impl Object for ClassObj {
    fn type_name(&self) -> &str {
        "type"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        if name == "__name__" {
            return Some(Value::str(self.0.name.as_str()));
        }
        let mut found = get(&self.0.attrs, name);
        let mut base = self.0.base.clone();
        while found.is_none() {
            match base {
                Some(Base::User(b)) => {
                    found = get(&b.attrs, name);
                    base = b.base.clone();
                }
                _ => break,
            }
        }
        found
    }
    fn call(self: Rc<Self>, interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
        let class = &self.0;
        if class.root {
            return Err(not_implemented(
                "object() instances are not supported in Lakelab's notebooks",
            ));
        }
        if class.is_python_model() && class.find("predict").is_none() {
            return Err(type_error(format!(
                "Can't instantiate abstract class {} with abstract method predict",
                class.name
            )));
        }
        let instance = Instance::restore(class.clone(), Vec::new());
        match class.find("__init__") {
            Some((owner, init)) => {
                let out = call_found(interp, owner, init, instance.clone(), args)?;
                if !matches!(out, Value::None) {
                    return Err(type_error(format!(
                        "__init__() should return None, not '{}'",
                        out.type_name()
                    )));
                }
            }
            None if !args.positional.is_empty() || !args.keywords.is_empty() => {
                return Err(type_error(format!("{}() takes no arguments", class.name)))
            }
            None => {}
        }
        Ok(instance)
    }
    fn instance_check(&self, value: &Value) -> Option<bool> {
        if self.0.root {
            return Some(true);
        }
        Some(match value {
            Value::Object(o) => o
                .as_any()
                .downcast_ref::<Instance>()
                .is_some_and(|i| i.class.derives_from(&self.0)),
            _ => false,
        })
    }
    fn repr(&self) -> String {
        if self.0.root {
            "<class 'object'>".into()
        } else {
            format!("<class '__main__.{}'>", self.0.name)
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Object for PythonModelClass {
    fn type_name(&self) -> &str {
        "ABCMeta"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        (name == "__name__").then(|| Value::str("PythonModel"))
    }
    fn call(self: Rc<Self>, _: &mut Interp, _: Args) -> Result<Value, PyErr> {
        Err(type_error(
            "Can't instantiate abstract class PythonModel with abstract method predict",
        ))
    }
    fn instance_check(&self, value: &Value) -> Option<bool> {
        Some(match value {
            Value::Object(o) => o
                .as_any()
                .downcast_ref::<Instance>()
                .is_some_and(|i| i.class.is_python_model()),
            _ => false,
        })
    }
    fn repr(&self) -> String {
        "<class 'mlflow.pyfunc.model.PythonModel'>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Object for Super {
    fn type_name(&self) -> &str {
        "super"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        match &self.class.base {
            Some(Base::User(b)) => match b.find(name) {
                Some((_, Value::Function(_))) | None => None,
                Some((_, v)) => Some(v),
            },
            _ => None,
        }
    }
    fn has_method(&self, name: &str) -> bool {
        match &self.class.base {
            Some(Base::User(b)) => match b.find(name) {
                Some((_, v)) => matches!(v, Value::Function(_)),
                None => name == "__init__" || (b.is_python_model() && python_model_default(name)),
            },
            Some(Base::PythonModel) => name == "__init__" || python_model_default(name),
            None => name == "__init__",
        }
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        if let Some(Base::User(b)) = &self.class.base {
            if let Some((owner, func)) = b.find(name) {
                return call_found(interp, owner, func, self.instance.clone(), args);
            }
        }
        if name == "__init__" {
            if !args.positional.is_empty() || !args.keywords.is_empty() {
                return Err(type_error(
                    "object.__init__() takes exactly one argument (the instance to initialize)",
                ));
            }
            return Ok(Value::None);
        }
        if python_model_default(name) && self.class.is_python_model() {
            return call_default(name, &args);
        }
        Err(PyErr::new(
            ExcType::AttributeError,
            format!("'super' object has no attribute '{name}'"),
        ))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `super()` inside a method (the class whose method is running and its instance), or
/// `super(Class, obj)`.
pub fn super_builtin(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let (class, instance) = match args.positional.as_slice() {
        [] => interp
            .method_classes
            .last()
            .cloned()
            .ok_or_else(|| PyErr::new(ExcType::RuntimeError, "super(): no arguments"))?,
        [c, instance] => (
            as_class(c).ok_or_else(|| type_error("super() argument 1 must be a type"))?,
            instance.clone(),
        ),
        _ => {
            return Err(type_error(
                "super() takes a class and an instance, or nothing",
            ))
        }
    };
    Ok(Value::object(Super { class, instance }))
}

/// A class as `Rc<Class>`, if `v` is one.
pub fn as_class(v: &Value) -> Option<Rc<Class>> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<ClassObj>().map(|c| c.0.clone()),
        _ => None,
    }
}

/// `obj.name = value` for instances and classes; `None` for other values.
pub fn set_attr(obj: &Value, name: &str, value: Value) -> Option<()> {
    let Value::Object(o) = obj else { return None };
    if let Some(i) = o.as_any().downcast_ref::<Instance>() {
        set(&i.attrs, name, value);
        return Some(());
    }
    let c = o.as_any().downcast_ref::<ClassObj>()?;
    if c.0.root {
        return None;
    }
    set(&c.0.attrs, name, value);
    Some(())
}

/// The `class` statement's text without the indentation of its first line.
fn statement_text(interp: &Interp, def: &ast::StmtClassDef) -> String {
    let source = &interp.source;
    let start = usize::from(def.range().start());
    let end = usize::from(def.range().end()).min(source.text.len());
    let indent = source.column_of(def.range().start()).saturating_sub(1);
    let text = source.text.get(start..end).unwrap_or_default();
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            // Bytes of up to `indent` leading whitespace characters (a char boundary).
            let cut: usize = line
                .chars()
                .take(indent)
                .take_while(|c| c.is_whitespace())
                .map(char::len_utf8)
                .sum();
            out.push_str(line.get(cut..).unwrap_or(line));
        } else {
            out.push_str(line);
        }
    }
    out
}

impl Interp<'_> {
    /// Runs a `class` statement: evaluates the base, runs the body in its own scope, and binds
    /// the class.
    pub(super) fn exec_class(&mut self, def: &ast::StmtClassDef) -> Result<(), PyErr> {
        if !def.decorator_list.is_empty() {
            return Err(not_implemented(
                "decorators on classes are not supported in Lakelab's notebooks",
            ));
        }
        if def.type_params.is_some() {
            return Err(not_implemented(
                "generic classes (class C[T]) are not supported in Lakelab's notebooks",
            ));
        }
        let (bases, keywords): (&[Expr], &[ast::Keyword]) = match &def.arguments {
            Some(a) => (&a.args, &a.keywords),
            None => (&[], &[]),
        };
        if !keywords.is_empty() {
            return Err(not_implemented(
                "class keywords (metaclass=…) are not supported in Lakelab's notebooks",
            ));
        }
        if bases.len() > 1 {
            return Err(not_implemented(
                "multiple inheritance is not supported in Lakelab's notebooks",
            ));
        }
        let base = match bases.first() {
            None => None,
            Some(e) => {
                let v = self.eval(e)?;
                if let Some(c) = as_class(&v) {
                    if c.root {
                        None
                    } else {
                        Some(Base::User(c))
                    }
                } else if matches!(&v, Value::Object(o) if o.as_any().is::<PythonModelClass>()) {
                    Some(Base::PythonModel)
                } else {
                    return Err(not_implemented(format!(
                        "classes can derive from object, a class defined in a cell or mlflow.pyfunc.PythonModel in Lakelab's notebooks, not from {}",
                        v.repr()
                    )));
                }
            }
        };
        let locals = self.run_class_body(&def.body)?;
        let mut attrs: Vec<(String, Value)> = locals.into_iter().collect();
        // Definition order is lost by the scope's map; sort for a stable `__dict__`.
        attrs.sort_by(|a, b| a.0.cmp(&b.0));
        if let Some((name, _)) = attrs.iter().find(|(k, v)| {
            k.starts_with("__")
                && k.ends_with("__")
                && k != "__init__"
                && matches!(v, Value::Function(_))
        }) {
            return Err(not_implemented(format!(
                "special methods other than __init__ (here {name}) are not supported in Lakelab's notebooks",
            )));
        }
        let class = Class {
            name: def.name.to_string(),
            base,
            attrs: RefCell::new(attrs),
            source: statement_text(self, def),
            root: false,
        };
        self.bind(def.name.as_str(), Value::object(ClassObj(Rc::new(class))));
        Ok(())
    }
}

//! Expressions.

use ruff_python_ast::{self as ast, Expr, Number};
use ruff_text_size::Ranged;

use super::error::{not_implemented, type_error, PyErr};
use super::format::format_value;
use super::interp::Interp;
use super::ops;
use super::value::{Args, Dict, FunctionBody, Value};

/// Deepest nesting of expressions being evaluated (a long `1 + 1 + … + 1` chain nests too),
/// so the browser's stack is never exhausted.
pub const MAX_EXPR_DEPTH: usize = 400;

impl Interp<'_> {
    pub fn eval(&mut self, expr: &Expr) -> Result<Value, PyErr> {
        self.eval_depth += 1;
        let result = if self.eval_depth > MAX_EXPR_DEPTH {
            Err(PyErr::new(
                super::error::ExcType::RuntimeError,
                "maximum recursion depth exceeded (the expression or the calls nest too deeply)",
            ))
        } else {
            self.eval_inner(expr)
        };
        self.eval_depth -= 1;
        result
    }

    fn eval_inner(&mut self, expr: &Expr) -> Result<Value, PyErr> {
        match expr {
            Expr::NoneLiteral(_) => Ok(Value::None),
            Expr::BooleanLiteral(b) => Ok(Value::Bool(b.value)),
            Expr::NumberLiteral(n) => match &n.value {
                Number::Int(i) => i.as_i64().map(Value::Int).ok_or_else(|| {
                    not_implemented("integers beyond 64 bits are not supported in Lakelab")
                }),
                Number::Float(f) => Ok(Value::Float(*f)),
                Number::Complex { .. } => Err(not_implemented(
                    "complex numbers are not supported in Lakelab",
                )),
            },
            Expr::StringLiteral(s) => Ok(Value::str(s.value.to_str())),
            Expr::FString(f) => self.eval_fstring(f),
            Expr::Name(n) => self.lookup(n.id.as_str()),
            Expr::List(l) => Ok(Value::list(self.eval_elements(&l.elts)?)),
            Expr::Tuple(t) => Ok(Value::tuple(self.eval_elements(&t.elts)?)),
            Expr::Dict(d) => {
                let mut dict = Dict::new();
                for item in &d.items {
                    let value = self.eval(&item.value)?;
                    match &item.key {
                        Some(k) => {
                            let key = self.eval(k)?;
                            dict.set(key, value)?;
                        }
                        None => match value {
                            Value::Dict(other) => {
                                for (k, v) in other.borrow().iter() {
                                    dict.set(k.clone(), v.clone())?;
                                }
                            }
                            other => {
                                return Err(type_error(format!(
                                    "'{}' object is not a mapping",
                                    other.type_name()
                                )))
                            }
                        },
                    }
                }
                Ok(Value::dict(dict))
            }
            Expr::BoolOp(b) => {
                let mut last = Value::None;
                for (i, v) in b.values.iter().enumerate() {
                    last = self.eval(v)?;
                    let truthy = ops::truth(&last)?;
                    let stop = match b.op {
                        ast::BoolOp::And => !truthy,
                        ast::BoolOp::Or => truthy,
                    };
                    if stop || i + 1 == b.values.len() {
                        break;
                    }
                }
                Ok(last)
            }
            Expr::Named(n) => {
                let v = self.eval(&n.value)?;
                self.assign(&n.target, v.clone())?;
                Ok(v)
            }
            Expr::BinOp(b) => {
                let l = self.eval(&b.left)?;
                let r = self.eval(&b.right)?;
                ops::binary(b.op, &l, &r)
            }
            Expr::UnaryOp(u) => {
                let v = self.eval(&u.operand)?;
                ops::unary(u.op, &v)
            }
            Expr::Compare(c) => {
                let mut left = self.eval(&c.left)?;
                if let ([op], [right_expr]) = (&c.ops[..], &c.comparators[..]) {
                    let right = self.eval(right_expr)?;
                    if let Some(r) = ops::rich_compare(*op, &left, &right) {
                        return r;
                    }
                    return Ok(Value::Bool(ops::compare(*op, &left, &right)?));
                }
                for (op, right_expr) in c.ops.iter().zip(c.comparators.iter()) {
                    let right = self.eval(right_expr)?;
                    if let Some(r) = ops::rich_compare(*op, &left, &right) {
                        if !ops::truth(&r?)? {
                            return Ok(Value::Bool(false));
                        }
                        left = right;
                        continue;
                    }
                    if !ops::compare(*op, &left, &right)? {
                        return Ok(Value::Bool(false));
                    }
                    left = right;
                }
                Ok(Value::Bool(true))
            }
            Expr::If(i) => {
                if ops::truth(&self.eval(&i.test)?)? {
                    self.eval(&i.body)
                } else {
                    self.eval(&i.orelse)
                }
            }
            Expr::Lambda(l) => {
                let params = l.parameters.as_deref().cloned().unwrap_or_default();
                let f =
                    self.make_function("<lambda>", &params, FunctionBody::Lambda(l.body.clone()))?;
                Ok(Value::Function(std::rc::Rc::new(f)))
            }
            Expr::Attribute(a) => {
                let v = self.eval(&a.value)?;
                ops::get_attr(self, &v, a.attr.as_str())
            }
            Expr::Subscript(s) => {
                let v = self.eval(&s.value)?;
                let key = self.eval(&s.slice)?;
                ops::get_item(self, &v, &key)
            }
            Expr::Slice(s) => {
                let mut part = |e: &Option<Box<Expr>>| -> Result<Value, PyErr> {
                    match e {
                        Some(e) => self.eval(e),
                        None => Ok(Value::None),
                    }
                };
                let (lo, hi, step) = (part(&s.lower)?, part(&s.upper)?, part(&s.step)?);
                Ok(ops::slice_value(lo, hi, step))
            }
            Expr::Call(c) => {
                let func = self.eval(&c.func)?;
                let args = self.eval_args(&c.arguments)?;
                self.call_value(&func, args)
                    .map_err(|e| self.locate(e, c.range()))
            }
            Expr::ListComp(l) => {
                let mut out = Vec::new();
                self.comprehend(&l.generators, &mut |interp| {
                    out.push(interp.eval(&l.elt)?);
                    Ok(())
                })?;
                Ok(Value::list(out))
            }
            Expr::Generator(g) => {
                // Consumed at once: generators become lists (fine for sum(), any(), list()).
                let mut out = Vec::new();
                self.comprehend(&g.generators, &mut |interp| {
                    out.push(interp.eval(&g.elt)?);
                    Ok(())
                })?;
                Ok(Value::list(out))
            }
            Expr::DictComp(d) => {
                let mut dict = Dict::new();
                self.comprehend(&d.generators, &mut |interp| {
                    let k = interp.eval(&d.key)?;
                    let v = interp.eval(&d.value)?;
                    dict.set(k, v)
                })?;
                Ok(Value::dict(dict))
            }
            Expr::Starred(_) => Err(PyErr::new(
                super::error::ExcType::SyntaxError,
                "can't use starred expression here",
            )),
            Expr::Set(_) | Expr::SetComp(_) => Err(not_implemented(
                "sets are not supported in Lakelab's notebooks; use a list or a dict",
            )),
            Expr::BytesLiteral(_) => Err(not_implemented(
                "bytes literals are not supported in Lakelab's notebooks",
            )),
            Expr::EllipsisLiteral(_) => Err(not_implemented("'...' is not supported here")),
            Expr::Await(_) | Expr::Yield(_) | Expr::YieldFrom(_) => Err(not_implemented(
                "generators and async code are not supported in Lakelab's notebooks",
            )),
            Expr::TString(_) => Err(not_implemented("template strings are not supported")),
            Expr::IpyEscapeCommand(_) => Err(not_implemented(
                "notebook commands inside expressions are not supported",
            )),
        }
    }

    /// List or tuple elements, expanding `*iterable`.
    fn eval_elements(&mut self, elts: &[Expr]) -> Result<Vec<Value>, PyErr> {
        let mut out = Vec::with_capacity(elts.len());
        for e in elts {
            match e {
                Expr::Starred(s) => {
                    let v = self.eval(&s.value)?;
                    out.extend(self.iterate(&v)?);
                }
                other => out.push(self.eval(other)?),
            }
        }
        Ok(out)
    }

    fn eval_args(&mut self, arguments: &ast::Arguments) -> Result<Args, PyErr> {
        let mut args = Args::default();
        for a in arguments.args.iter() {
            match a {
                Expr::Starred(s) => {
                    let v = self.eval(&s.value)?;
                    args.positional.extend(self.iterate(&v)?);
                }
                other => args.positional.push(self.eval(other)?),
            }
        }
        for k in arguments.keywords.iter() {
            let v = self.eval(&k.value)?;
            match &k.arg {
                Some(name) => args.keywords.push((name.as_str().to_string(), v)),
                None => match v {
                    Value::Dict(d) => {
                        for (key, value) in d.borrow().iter() {
                            let Some(name) = key.as_str() else {
                                return Err(type_error("keywords must be strings"));
                            };
                            args.keywords.push((name.to_string(), value.clone()));
                        }
                    }
                    other => {
                        return Err(type_error(format!(
                            "argument after ** must be a mapping, not {}",
                            other.type_name()
                        )))
                    }
                },
            }
        }
        Ok(args)
    }

    /// The elements of an iterable value.
    pub fn iterate(&mut self, v: &Value) -> Result<Vec<Value>, PyErr> {
        v.iter_items()
            .ok_or_else(|| type_error(format!("'{}' object is not iterable", v.type_name())))
    }

    /// Runs `body` for every combination of a comprehension's `for … in … if …` clauses; the
    /// loop names are restored afterwards (they do not leak, as in Python 3).
    fn comprehend(
        &mut self,
        generators: &[ast::Comprehension],
        body: &mut dyn FnMut(&mut Self) -> Result<(), PyErr>,
    ) -> Result<(), PyErr> {
        let mut names = Vec::new();
        for g in generators {
            collect_names(&g.target, &mut names);
        }
        let saved: Vec<(String, Option<Value>)> = names
            .iter()
            .map(|n| (n.clone(), self.peek_local(n)))
            .collect();
        let result = self.comprehend_level(generators, body);
        for (name, value) in saved {
            self.restore_local(&name, value);
        }
        result
    }

    fn comprehend_level(
        &mut self,
        generators: &[ast::Comprehension],
        body: &mut dyn FnMut(&mut Self) -> Result<(), PyErr>,
    ) -> Result<(), PyErr> {
        let Some((g, rest)) = generators.split_first() else {
            return body(self);
        };
        if g.is_async {
            return Err(not_implemented("async comprehensions are not supported"));
        }
        let iterable = self.eval(&g.iter)?;
        'items: for item in self.iterate(&iterable)? {
            self.tick()?;
            self.assign(&g.target, item)?;
            for cond in &g.ifs {
                if !ops::truth(&self.eval(cond)?)? {
                    continue 'items;
                }
            }
            self.comprehend_level(rest, body)?;
        }
        Ok(())
    }

    fn eval_fstring(&mut self, f: &ast::ExprFString) -> Result<Value, PyErr> {
        let mut out = String::new();
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(l) => out.push_str(l.as_str()),
                ast::FStringPart::FString(fs) => {
                    self.eval_fstring_elements(&fs.elements, &mut out)?
                }
            }
        }
        Ok(Value::str(out))
    }

    fn eval_fstring_elements(
        &mut self,
        elements: &ast::InterpolatedStringElements,
        out: &mut String,
    ) -> Result<(), PyErr> {
        for element in elements.iter() {
            match element {
                ast::InterpolatedStringElement::Literal(l) => out.push_str(&l.value),
                ast::InterpolatedStringElement::Interpolation(i) => {
                    let value = self.eval(&i.expression)?;
                    let mut spec = String::new();
                    if let Some(fs) = &i.format_spec {
                        self.eval_fstring_elements(&fs.elements, &mut spec)?;
                    }
                    if let Some(debug) = &i.debug_text {
                        out.push_str(&debug.leading);
                        out.push_str(&self.source.text[i.expression.range()]);
                        out.push_str(&debug.trailing);
                    }
                    let converted = match i.conversion {
                        ast::ConversionFlag::Repr | ast::ConversionFlag::Ascii => {
                            Value::str(value.repr())
                        }
                        ast::ConversionFlag::Str => Value::str(value.to_str()),
                        ast::ConversionFlag::None if i.debug_text.is_some() && spec.is_empty() => {
                            Value::str(value.repr())
                        }
                        ast::ConversionFlag::None => value,
                    };
                    out.push_str(&format_value(&converted, &spec)?);
                }
            }
        }
        Ok(())
    }
}

/// The names a target binds (`x`, `(k, v)`).
fn collect_names(target: &Expr, out: &mut Vec<String>) {
    match target {
        Expr::Name(n) => out.push(n.id.as_str().to_string()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| collect_names(e, out)),
        Expr::List(l) => l.elts.iter().for_each(|e| collect_names(e, out)),
        Expr::Starred(s) => collect_names(&s.value, out),
        _ => {}
    }
}

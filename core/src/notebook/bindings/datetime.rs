//! `datetime`: `datetime`, `date` and `timedelta`, naive and in UTC, to the millisecond.
//!
//! Sandbox choices: times are UTC (a Databricks cluster's default time zone) and kept in
//! milliseconds, so microseconds are dropped; `datetime.now()` reads the injected clock.

use std::any::Any;
use std::cmp::Ordering;
use std::rc::Rc;

use ruff_python_ast::Operator;

use crate::notebook::call::Sig;
use crate::notebook::error::{type_error, value_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::value::{Args, Object, Value};
use crate::time::{civil_from_days, days_from_civil, utc_text, valid_date};

const DAY_MS: i64 = 86_400_000;

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    DateTime,
    Date,
}

/// A `datetime` or `date`, as milliseconds since 1970-01-01 UTC.
#[derive(Debug)]
pub struct DateObj {
    pub ms: i64,
    pub kind: Kind,
}

/// A `timedelta`, in milliseconds.
#[derive(Debug)]
pub struct DeltaObj(pub i64);

fn parts(ms: i64) -> (i64, u32, u32, i64, i64, i64, i64) {
    let days = ms.div_euclid(DAY_MS);
    let rest = ms.rem_euclid(DAY_MS);
    let (y, m, d) = civil_from_days(days);
    (
        y,
        m,
        d,
        rest / 3_600_000,
        rest / 60_000 % 60,
        rest / 1000 % 60,
        rest % 1000,
    )
}

impl DateObj {
    fn text(&self) -> String {
        match self.kind {
            Kind::Date => {
                let (y, m, d, ..) = parts(self.ms);
                format!("{y:04}-{m:02}-{d:02}")
            }
            Kind::DateTime => {
                let t = utc_text(self.ms);
                t.strip_suffix(".000000").unwrap_or(&t).to_string()
            }
        }
    }

    fn strftime(&self, fmt: &str) -> String {
        let (y, m, d, h, mi, s, ms) = parts(self.ms);
        let mut out = String::new();
        let mut chars = fmt.chars();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('Y') => out.push_str(&format!("{y:04}")),
                Some('m') => out.push_str(&format!("{m:02}")),
                Some('d') => out.push_str(&format!("{d:02}")),
                Some('H') => out.push_str(&format!("{h:02}")),
                Some('M') => out.push_str(&format!("{mi:02}")),
                Some('S') => out.push_str(&format!("{s:02}")),
                Some('f') => out.push_str(&format!("{:06}", ms * 1000)),
                Some('%') => out.push('%'),
                Some(other) => {
                    out.push('%');
                    out.push(other);
                }
                None => out.push('%'),
            }
        }
        out
    }
}

fn int_arg(v: &Value, name: &str) -> Result<i64, PyErr> {
    v.as_int().ok_or_else(|| {
        type_error(format!(
            "'{name}' must be an integer, not {}",
            v.type_name()
        ))
    })
}

fn make(y: i64, m: i64, d: i64, time_ms: i64, kind: Kind) -> Result<Value, PyErr> {
    let (m, d) = (u32::try_from(m).unwrap_or(0), u32::try_from(d).unwrap_or(0));
    if !(1..=9999).contains(&y) {
        return Err(value_error(format!("year {y} is out of range")));
    }
    if !(1..=12).contains(&m) {
        return Err(value_error("month must be in 1..12"));
    }
    if !valid_date(y, m, d) {
        return Err(value_error("day is out of range for month"));
    }
    Ok(Value::object(DateObj {
        ms: days_from_civil(y, m, d) * DAY_MS + time_ms,
        kind,
    }))
}

fn datetime_ctor(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "datetime",
        params: &[
            "year",
            "month",
            "day",
            "hour=",
            "minute=",
            "second=",
            "microsecond=",
        ],
        is_method: false,
        display: "datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0)",
    }
    .bind(args)?;
    let get = |n: &str, lo: i64, hi: i64, msg: &str| -> Result<i64, PyErr> {
        let v = match b.get(n) {
            Some(v) => int_arg(v, n)?,
            None => 0,
        };
        if v < lo || v > hi {
            return Err(value_error(msg.to_string()));
        }
        Ok(v)
    };
    let time = get("hour", 0, 23, "hour must be in 0..23")? * 3_600_000
        + get("minute", 0, 59, "minute must be in 0..59")? * 60_000
        + get("second", 0, 59, "second must be in 0..59")? * 1000
        + get(
            "microsecond",
            0,
            999_999,
            "microsecond must be in 0..999999",
        )? / 1000;
    make(
        int_arg(&b.value("year"), "year")?,
        int_arg(&b.value("month"), "month")?,
        int_arg(&b.value("day"), "day")?,
        time,
        Kind::DateTime,
    )
}

fn date_ctor(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "date",
        params: &["year", "month", "day"],
        is_method: false,
        display: "date(year, month, day)",
    }
    .bind(args)?;
    make(
        int_arg(&b.value("year"), "year")?,
        int_arg(&b.value("month"), "month")?,
        int_arg(&b.value("day"), "day")?,
        0,
        Kind::Date,
    )
}

fn timedelta_ctor(_: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "timedelta",
        params: &["days=", "seconds=", "microseconds=", "milliseconds=", "minutes=", "hours=", "weeks="],
        is_method: false,
        display: "timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)",
    }
    .bind(args)?;
    let mut ms = 0.0;
    for (name, scale) in [
        ("days", DAY_MS as f64),
        ("seconds", 1000.0),
        ("microseconds", 0.001),
        ("milliseconds", 1.0),
        ("minutes", 60_000.0),
        ("hours", 3_600_000.0),
        ("weeks", 7.0 * DAY_MS as f64),
    ] {
        if let Some(v) = b.get(name) {
            let x = v.as_f64().ok_or_else(|| {
                type_error(format!(
                    "unsupported type for timedelta {name} component: {}",
                    v.type_name()
                ))
            })?;
            ms += x * scale;
        }
    }
    Ok(Value::object(DeltaObj(ms.round() as i64)))
}

fn now(interp: &mut Interp, _: Args) -> Result<Value, PyErr> {
    Ok(Value::object(DateObj {
        ms: interp.now_ms(),
        kind: Kind::DateTime,
    }))
}

fn today(interp: &mut Interp, _: Args) -> Result<Value, PyErr> {
    let ms = interp.now_ms();
    Ok(Value::object(DateObj {
        ms: ms.div_euclid(DAY_MS) * DAY_MS,
        kind: Kind::Date,
    }))
}

/// A class value: callable, with class methods (`datetime.now()`).
#[derive(Debug)]
struct Class {
    name: &'static str,
}

impl Object for Class {
    fn type_name(&self) -> &str {
        "type"
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            (self.name, name),
            ("datetime", "now" | "utcnow" | "today") | ("date", "today")
        )
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        match (self.name, name) {
            ("date", _) => today(interp, args),
            ("datetime", "today" | "now" | "utcnow") => now(interp, args),
            _ => Err(crate::notebook::error::attribute_error("type", name)),
        }
    }
    fn call(self: Rc<Self>, interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
        match self.name {
            "datetime" => datetime_ctor(interp, args),
            "date" => date_ctor(interp, args),
            _ => timedelta_ctor(interp, args),
        }
    }
    fn repr(&self) -> String {
        format!("<class 'datetime.{}'>", self.name)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

pub fn module_value() -> Value {
    module(
        "datetime",
        vec![
            ("datetime", Value::object(Class { name: "datetime" })),
            ("date", Value::object(Class { name: "date" })),
            ("timedelta", Value::object(Class { name: "timedelta" })),
        ],
    )
}

fn as_delta(v: &Value) -> Option<i64> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<DeltaObj>().map(|d| d.0),
        _ => None,
    }
}

fn as_date(v: &Value) -> Option<(i64, Kind)> {
    match v {
        Value::Object(o) => o.as_any().downcast_ref::<DateObj>().map(|d| (d.ms, d.kind)),
        _ => None,
    }
}

impl Object for DateObj {
    fn type_name(&self) -> &str {
        match self.kind {
            Kind::DateTime => "datetime",
            Kind::Date => "date",
        }
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        let (y, m, d, h, mi, s, ms) = parts(self.ms);
        Some(Value::Int(match name {
            "year" => y,
            "month" => i64::from(m),
            "day" => i64::from(d),
            "hour" => h,
            "minute" => mi,
            "second" => s,
            "microsecond" => ms * 1000,
            _ => return None,
        }))
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(
            name,
            "isoformat" | "strftime" | "timestamp" | "date" | "weekday"
        )
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, name: &str, args: Args) -> Result<Value, PyErr> {
        Ok(match name {
            "isoformat" => Value::str(self.text().replace(' ', "T")),
            "strftime" => {
                let fmt = args
                    .positional
                    .first()
                    .and_then(Value::as_str)
                    .ok_or_else(|| type_error("strftime() argument 1 must be str"))?;
                Value::str(self.strftime(fmt))
            }
            "timestamp" => Value::Float(self.ms as f64 / 1000.0),
            "date" => Value::object(DateObj {
                ms: self.ms.div_euclid(DAY_MS) * DAY_MS,
                kind: Kind::Date,
            }),
            // Monday is 0; 1970-01-01 was a Thursday.
            _ => Value::Int((self.ms.div_euclid(DAY_MS) + 3).rem_euclid(7)),
        })
    }
    fn binop(&self, op: Operator, other: &Value, reflected: bool) -> Option<Result<Value, PyErr>> {
        match (op, as_delta(other), as_date(other), reflected) {
            (Operator::Add, Some(d), _, _) => Some(Ok(Value::object(DateObj {
                ms: self.ms + d,
                kind: self.kind,
            }))),
            (Operator::Sub, Some(d), _, false) => Some(Ok(Value::object(DateObj {
                ms: self.ms - d,
                kind: self.kind,
            }))),
            (Operator::Sub, _, Some((ms, _)), false) => {
                Some(Ok(Value::object(DeltaObj(self.ms - ms))))
            }
            _ => None,
        }
    }
    fn compare_to(&self, other: &Value) -> Option<Ordering> {
        as_date(other).map(|(ms, _)| self.ms.cmp(&ms))
    }
    fn repr(&self) -> String {
        let (y, m, d, h, mi, s, ms) = parts(self.ms);
        match self.kind {
            Kind::Date => format!("datetime.date({y}, {m}, {d})"),
            Kind::DateTime => {
                let mut fields = vec![
                    y.to_string(),
                    m.to_string(),
                    d.to_string(),
                    h.to_string(),
                    mi.to_string(),
                ];
                if s != 0 || ms != 0 {
                    fields.push(s.to_string());
                }
                if ms != 0 {
                    fields.push((ms * 1000).to_string());
                }
                format!("datetime.datetime({})", fields.join(", "))
            }
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Object for DeltaObj {
    fn type_name(&self) -> &str {
        "timedelta"
    }
    fn get_attr(&self, _: &mut Interp, name: &str) -> Option<Value> {
        Some(Value::Int(match name {
            "days" => self.0.div_euclid(DAY_MS),
            "seconds" => self.0.rem_euclid(DAY_MS) / 1000,
            "microseconds" => self.0.rem_euclid(1000) * 1000,
            _ => return None,
        }))
    }
    fn has_method(&self, name: &str) -> bool {
        name == "total_seconds"
    }
    fn call_method(self: Rc<Self>, _: &mut Interp, _: &str, _: Args) -> Result<Value, PyErr> {
        Ok(Value::Float(self.0 as f64 / 1000.0))
    }
    fn binop(&self, op: Operator, other: &Value, reflected: bool) -> Option<Result<Value, PyErr>> {
        match (op, as_delta(other), other.as_f64(), reflected) {
            (Operator::Add, Some(d), _, _) => Some(Ok(Value::object(DeltaObj(self.0 + d)))),
            (Operator::Sub, Some(d), _, false) => Some(Ok(Value::object(DeltaObj(self.0 - d)))),
            (Operator::Mult, None, Some(k), _) => Some(Ok(Value::object(DeltaObj(
                (self.0 as f64 * k).round() as i64,
            )))),
            _ => None,
        }
    }
    fn compare_to(&self, other: &Value) -> Option<Ordering> {
        as_delta(other).map(|d| self.0.cmp(&d))
    }
    fn repr(&self) -> String {
        let (days, rest) = (self.0.div_euclid(DAY_MS), self.0.rem_euclid(DAY_MS));
        let mut fields = Vec::new();
        if days != 0 {
            fields.push(format!("days={days}"));
        }
        if rest / 1000 != 0 {
            fields.push(format!("seconds={}", rest / 1000));
        }
        if rest % 1000 != 0 {
            fields.push(format!("microseconds={}", rest % 1000 * 1000));
        }
        format!("datetime.timedelta({})", fields.join(", "))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `str()` of dates and deltas, as Python prints them.
pub fn to_text(v: &dyn Object) -> Option<String> {
    if let Some(d) = v.as_any().downcast_ref::<DateObj>() {
        return Some(d.text());
    }
    v.as_any().downcast_ref::<DeltaObj>().map(|d| {
        let (days, rest) = (d.0.div_euclid(DAY_MS), d.0.rem_euclid(DAY_MS));
        let (h, m, s, ms) = (
            rest / 3_600_000,
            rest / 60_000 % 60,
            rest / 1000 % 60,
            rest % 1000,
        );
        let time = if ms == 0 {
            format!("{h}:{m:02}:{s:02}")
        } else {
            format!("{h}:{m:02}:{s:02}.{:06}", ms * 1000)
        };
        match days {
            0 => time,
            1 | -1 => format!("{days} day, {time}"),
            _ => format!("{days} days, {time}"),
        }
    })
}

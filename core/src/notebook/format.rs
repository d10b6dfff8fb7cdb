//! Python's format-spec mini-language (`f"{x:>8.3f}"`, `format(x, ",")`, `str.format`) and
//! printf-style `%` formatting, for the types the sandbox has.

use super::error::{type_error, value_error, PyErr};
use super::value::{float_repr, Value};

struct Spec {
    fill: char,
    align: Option<char>,
    sign: char,
    zero: bool,
    width: usize,
    grouping: Option<char>,
    precision: Option<usize>,
    kind: Option<char>,
}

fn parse_spec(spec: &str) -> Result<Spec, PyErr> {
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut s = Spec {
        fill: ' ',
        align: None,
        sign: '-',
        zero: false,
        width: 0,
        grouping: None,
        precision: None,
        kind: None,
    };
    let is_align = |c: char| matches!(c, '<' | '>' | '^' | '=');
    if chars.len() >= 2 && is_align(chars[1]) {
        s.fill = chars[0];
        s.align = Some(chars[1]);
        i = 2;
    } else if chars.first().copied().is_some_and(is_align) {
        s.align = Some(chars[0]);
        i = 1;
    }
    if let Some(&c) = chars.get(i) {
        if matches!(c, '+' | '-' | ' ') {
            s.sign = c;
            i += 1;
        }
    }
    if chars.get(i) == Some(&'#') {
        i += 1;
    }
    if chars.get(i) == Some(&'0') {
        s.zero = true;
        i += 1;
    }
    let start = i;
    while chars.get(i).is_some_and(|c| c.is_ascii_digit()) {
        i += 1;
    }
    if i > start {
        s.width = chars[start..i]
            .iter()
            .collect::<String>()
            .parse()
            .unwrap_or(0);
    }
    if let Some(&c) = chars.get(i) {
        if c == ',' || c == '_' {
            s.grouping = Some(c);
            i += 1;
        }
    }
    if chars.get(i) == Some(&'.') {
        i += 1;
        let start = i;
        while chars.get(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
        if i == start {
            return Err(value_error("Format specifier missing precision"));
        }
        s.precision = chars[start..i].iter().collect::<String>().parse().ok();
    }
    if let Some(&c) = chars.get(i) {
        s.kind = Some(c);
        i += 1;
    }
    if i != chars.len() {
        return Err(value_error("Invalid format specifier"));
    }
    Ok(s)
}

fn group(digits: &str, sep: char) -> String {
    let (int_part, rest) = match digits.find('.') {
        Some(p) => digits.split_at(p),
        None => (digits, ""),
    };
    let mut out = String::new();
    for (i, c) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out.push_str(rest);
    out
}

fn pad(body: String, s: &Spec, numeric: bool) -> String {
    let len = body.chars().count();
    if len >= s.width {
        return body;
    }
    let gap = s.width - len;
    let align = s.align.unwrap_or(if numeric { '>' } else { '<' });
    let fill = if s.zero && s.align.is_none() {
        '0'
    } else {
        s.fill
    };
    let fill_str = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    match align {
        '<' => format!("{body}{}", fill_str(gap)),
        '^' => format!("{}{body}{}", fill_str(gap / 2), fill_str(gap - gap / 2)),
        '=' | '>' if fill == '0' || align == '=' => {
            // Padding goes after the sign.
            let (sign, digits) = match body.chars().next() {
                Some(c @ ('-' | '+' | ' ')) => (c.to_string(), body[1..].to_string()),
                _ => (String::new(), body),
            };
            format!("{sign}{}{digits}", fill_str(gap))
        }
        _ => format!("{}{body}", fill_str(gap)),
    }
}

fn signed(negative: bool, digits: String, sign: char) -> String {
    match (negative, sign) {
        (true, _) => format!("-{digits}"),
        (false, '+') => format!("+{digits}"),
        (false, ' ') => format!(" {digits}"),
        _ => digits,
    }
}

/// `format(value, spec)`.
pub fn format_value(value: &Value, spec: &str) -> Result<String, PyErr> {
    if spec.is_empty() {
        return Ok(value.to_str());
    }
    let s = parse_spec(spec)?;
    let body = match (value, s.kind) {
        (Value::Str(text), None | Some('s')) => {
            let t: String = match s.precision {
                Some(p) => text.chars().take(p).collect(),
                None => text.to_string(),
            };
            return Ok(pad(t, &s, false));
        }
        (v, Some('d')) if v.as_int().is_some() => {
            let i = v.as_int().unwrap_or(0);
            let digits = i.unsigned_abs().to_string();
            let digits = match s.grouping {
                Some(g) => group(&digits, g),
                None => digits,
            };
            signed(i < 0, digits, s.sign)
        }
        (v, None)
            if v.as_int().is_some() && !matches!(v, Value::Bool(_)) && s.precision.is_none() =>
        {
            let i = v.as_int().unwrap_or(0);
            let digits = i.unsigned_abs().to_string();
            let digits = match s.grouping {
                Some(g) => group(&digits, g),
                None => digits,
            };
            signed(i < 0, digits, s.sign)
        }
        (v, kind) if v.as_f64().is_some() && !matches!(v, Value::Bool(_) if kind.is_none()) => {
            let f = v.as_f64().unwrap_or(0.0);
            let negative = f.is_sign_negative() && f != 0.0;
            let a = f.abs();
            let digits = match kind {
                Some('f' | 'F') => format!("{a:.*}", s.precision.unwrap_or(6)),
                Some('e' | 'E') => {
                    let t = format!("{a:.*e}", s.precision.unwrap_or(6));
                    let (m, e) = t.split_once('e').unwrap_or((&t, "0"));
                    let e: i32 = e.parse().unwrap_or(0);
                    let t = format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
                    if kind == Some('E') {
                        t.to_uppercase()
                    } else {
                        t
                    }
                }
                Some('%') => format!("{:.*}%", s.precision.unwrap_or(6), a * 100.0),
                Some('g' | 'G') | None => match s.precision {
                    Some(p) => general(a, p.max(1)),
                    None => float_repr(a),
                },
                Some(other) => {
                    return Err(value_error(format!(
                        "Unknown format code '{other}' for object of type '{}'",
                        v.type_name()
                    )))
                }
            };
            let digits = match s.grouping {
                Some(g) => group(&digits, g),
                None => digits,
            };
            signed(negative, digits, s.sign)
        }
        (v, Some(k)) => {
            return Err(value_error(format!(
                "Unknown format code '{k}' for object of type '{}'",
                v.type_name()
            )))
        }
        (v, None) => v.to_str(),
    };
    Ok(pad(body, &s, true))
}

/// `%g`-style: `p` significant digits, trailing zeros removed.
fn general(a: f64, p: usize) -> String {
    if a == 0.0 {
        return "0".into();
    }
    let exp = a.log10().floor() as i32;
    if exp < -4 || exp >= p as i32 {
        let t = format!("{a:.*e}", p - 1);
        let (m, e) = t.split_once('e').unwrap_or((&t, "0"));
        let m = if m.contains('.') {
            m.trim_end_matches('0').trim_end_matches('.')
        } else {
            m
        };
        let e: i32 = e.parse().unwrap_or(0);
        format!("{m}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        let t = format!("{a:.decimals$}");
        if t.contains('.') {
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            t
        }
    }
}

/// `"fmt" % args` for `%s`, `%r`, `%d`, `%i`, `%f`, `%e`, `%g`, `%%`, with width and precision.
pub fn percent_format(fmt: &str, args: &Value) -> Result<String, PyErr> {
    let values: Vec<Value> = match args {
        Value::Tuple(t) => t.as_ref().clone(),
        other => vec![other.clone()],
    };
    let mut next = values.into_iter();
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_ascii_digit() || matches!(d, '.' | '-' | '+' | ' ' | '0') {
                spec.push(d);
                chars.next();
            } else {
                break;
            }
        }
        let Some(kind) = chars.next() else {
            return Err(value_error("incomplete format"));
        };
        if kind == '%' {
            out.push('%');
            continue;
        }
        let v = next
            .next()
            .ok_or_else(|| type_error("not enough arguments for format string"))?;
        let (align, rest) = match spec.strip_prefix('-') {
            Some(r) => ("<", r.to_string()),
            None => ("", spec.clone()),
        };
        let text = match kind {
            's' => format_value(&Value::str(v.to_str()), &format!("{align}{rest}"))?,
            'r' => format_value(&Value::str(v.repr()), &format!("{align}{rest}"))?,
            'd' | 'i' | 'f' | 'e' | 'g' | 'F' | 'E' | 'G' => {
                let v = if matches!(kind, 'd' | 'i') {
                    Value::Int(v.as_f64().ok_or_else(|| {
                        type_error(format!(
                            "%{kind} format: a real number is required, not {}",
                            v.type_name()
                        ))
                    })? as i64)
                } else {
                    Value::Float(v.as_f64().ok_or_else(|| {
                        type_error(format!("must be real number, not {}", v.type_name()))
                    })?)
                };
                let k = if kind == 'i' { 'd' } else { kind };
                format_value(&v, &format!("{align}{rest}{k}"))?
            }
            other => {
                return Err(value_error(format!(
                    "unsupported format character '{other}'"
                )))
            }
        };
        out.push_str(&text);
    }
    if next.next().is_some() {
        return Err(type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_like_python() {
        let f = |v: Value, s: &str| format_value(&v, s).unwrap();
        assert_eq!(f(Value::Float(1.23456), ".2f"), "1.23");
        assert_eq!(f(Value::Float(0.5), ".1%"), "50.0%");
        assert_eq!(f(Value::Int(1234567), ","), "1,234,567");
        assert_eq!(f(Value::Int(42), ">5"), "   42");
        assert_eq!(f(Value::Int(42), "05d"), "00042");
        assert_eq!(f(Value::str("ab"), "^6"), "  ab  ");
        assert_eq!(f(Value::Float(-1.5), "+.1f"), "-1.5");
        assert_eq!(f(Value::Float(12345.678), ".3g"), "1.23e+04");
        assert_eq!(f(Value::Float(0.000123), ".2e"), "1.23e-04");
        assert!(format_value(&Value::str("x"), ".2f").is_err());
    }

    #[test]
    fn percent_like_python() {
        let t = Value::tuple(vec![Value::str("acc"), Value::Float(0.91234)]);
        assert_eq!(percent_format("%s=%.2f", &t).unwrap(), "acc=0.91");
        assert_eq!(percent_format("%d%%", &Value::Int(5)).unwrap(), "5%");
        assert!(percent_format("%s %s", &Value::Int(1)).is_err());
    }
}

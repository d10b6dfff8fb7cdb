//! CSV text to a table and back: RFC 4180 quoting, a chosen delimiter, a header row or not,
//! and type inference per column (int, then float, bool, date, timestamp, else string).
//! Errors name the 1-based line and column.

use super::cell::{Cell, DType, Vector, DAY_MS};
use super::column::Column;
use super::error::TableError;
use super::Table;

/// How to read a CSV text.
#[derive(Debug, Clone)]
pub struct CsvOptions {
    pub delimiter: char,
    pub header: bool,
    /// Infer column types; otherwise every column is a string (Spark's default).
    pub infer: bool,
    /// Infer `date` / `timestamp` columns (Spark does; pandas keeps them as text unless told).
    pub dates: bool,
    /// Field texts read as null besides the empty field.
    pub null_values: Vec<String>,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            delimiter: ',',
            header: true,
            infer: true,
            dates: true,
            null_values: Vec::new(),
        }
    }
}

/// The fields of each record, with the line each record starts on.
fn records(text: &str, delimiter: char) -> Result<Vec<(usize, Vec<String>)>, TableError> {
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1;
    let mut start_line = 1;
    let mut column = 0;
    let mut quoted = false;
    let mut quote_at = (0, 0);
    let mut at_field_start = true;
    let mut chars = text.chars().peekable();
    let mut record_has_content = false;
    while let Some(ch) = chars.next() {
        column += 1;
        if quoted {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    column += 1;
                    field.push('"');
                }
                '"' => {
                    quoted = false;
                    if let Some(&next) = chars.peek() {
                        if next != delimiter && next != '\n' && next != '\r' {
                            return Err(TableError::Csv {
                                line,
                                column: column + 1,
                                message: format!(
                                    "unexpected '{next}' after a closing quote; a quoted field \
                                     must end at a delimiter or the end of the line"
                                ),
                            });
                        }
                    }
                }
                '\n' => {
                    line += 1;
                    column = 0;
                    field.push('\n');
                }
                other => field.push(other),
            }
            continue;
        }
        match ch {
            '"' if at_field_start => {
                quoted = true;
                quote_at = (line, column);
                at_field_start = false;
                record_has_content = true;
            }
            c if c == delimiter => {
                fields.push(std::mem::take(&mut field));
                at_field_start = true;
                record_has_content = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                if record_has_content || !field.is_empty() {
                    fields.push(std::mem::take(&mut field));
                    out.push((start_line, std::mem::take(&mut fields)));
                }
                line += 1;
                start_line = line;
                column = 0;
                at_field_start = true;
                record_has_content = false;
            }
            other => {
                field.push(other);
                at_field_start = false;
                record_has_content = true;
            }
        }
    }
    if quoted {
        return Err(TableError::Csv {
            line: quote_at.0,
            column: quote_at.1,
            message: "a quoted field is never closed".into(),
        });
    }
    if record_has_content || !field.is_empty() {
        fields.push(field);
        out.push((start_line, fields));
    }
    Ok(out)
}

/// Reads CSV text. Every record must have as many fields as the first (the header).
pub fn parse(text: &str, options: &CsvOptions) -> Result<Table, TableError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut recs = records(text, options.delimiter)?;
    if recs.is_empty() {
        return Err(TableError::Csv {
            line: 1,
            column: 1,
            message: "No columns to parse from file".into(),
        });
    }
    let width = recs[0].1.len();
    let names: Vec<String> = if options.header {
        let (_, header) = recs.remove(0);
        header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = h.trim();
                if h.is_empty() {
                    format!("_c{i}")
                } else {
                    h.to_string()
                }
            })
            .collect()
    } else {
        (0..width).map(|i| format!("_c{i}")).collect()
    };
    if let Some((line, fields)) = recs.iter().find(|(_, f)| f.len() != width) {
        return Err(TableError::Csv {
            line: *line,
            column: 1,
            message: format!("expected {width} fields, saw {}", fields.len()),
        });
    }
    let is_null = |s: &str| s.is_empty() || options.null_values.iter().any(|n| n == s);
    let mut columns = Vec::with_capacity(width);
    for c in 0..width {
        let texts: Vec<&str> = recs.iter().map(|(_, f)| f[c].as_str()).collect();
        let dtype = if options.infer {
            infer_type(&texts, options.dates, &is_null)
        } else {
            DType::Str
        };
        let cells: Vec<Cell> = texts
            .iter()
            .map(|t| {
                if is_null(t) {
                    Cell::Null
                } else if dtype == DType::Str {
                    Cell::Str((*t).to_string())
                } else {
                    parse_typed(t.trim(), dtype).unwrap_or(Cell::Null)
                }
            })
            .collect();
        columns.push(Column::from_cells(dtype, &cells)?);
    }
    let mut t = Table::new(names, columns)?;
    if width == 0 {
        t = Table::default();
    }
    Ok(t)
}

/// The narrowest type every non-null text parses as.
fn infer_type(texts: &[&str], dates: bool, is_null: &dyn Fn(&str) -> bool) -> DType {
    let mut candidates = vec![DType::Int, DType::Float, DType::Bool];
    if dates {
        candidates.extend([DType::Date, DType::Timestamp]);
    }
    let values: Vec<&str> = texts.iter().copied().filter(|t| !is_null(t)).collect();
    if values.is_empty() {
        return DType::Str;
    }
    candidates
        .into_iter()
        .find(|&t| values.iter().all(|v| parse_typed(v.trim(), t).is_some()))
        .unwrap_or(DType::Str)
}

/// `[1.0,2.5]` (what CSV export writes for a vector) back as a vector.
fn parse_floats(s: &str) -> Option<Vec<f64>> {
    let inner = s.trim().strip_prefix('[')?.strip_suffix(']')?;
    if inner.trim().is_empty() {
        return Some(Vec::new());
    }
    inner.split(',').map(|p| p.trim().parse().ok()).collect()
}

/// `[1.0,2.0]` (dense) or `(3,[1],[2.0])` (sparse), as Spark writes vectors.
fn parse_vector(s: &str) -> Option<Vector> {
    let Some(inner) = s.trim().strip_prefix('(').and_then(|r| r.strip_suffix(')')) else {
        return parse_floats(s).map(Vector::dense);
    };
    let (size, rest) = inner.split_once(',')?;
    let (idx, vals) = rest.split_once("],")?;
    let mut values = vec![0.0; size.trim().parse().ok()?];
    let idx = parse_floats(&format!("{idx}]"))?;
    let vals = parse_floats(vals)?;
    if idx.len() != vals.len() {
        return None;
    }
    for (i, v) in idx.into_iter().zip(vals) {
        if i < 0.0 || i.fract() != 0.0 {
            return None;
        }
        *values.get_mut(i as usize)? = v;
    }
    Some(Vector::sparse(values))
}

/// Text as a value of `dtype`, or `None` when it is not one.
pub fn parse_typed(s: &str, dtype: DType) -> Option<Cell> {
    Some(match dtype {
        DType::Vector => Cell::Vector(parse_vector(s)?),
        DType::Array => Cell::Array(parse_floats(s)?),
        DType::Int => Cell::Int(s.parse().ok()?),
        DType::Float => {
            let lower = s.to_ascii_lowercase();
            Cell::Float(match lower.as_str() {
                "nan" => f64::NAN,
                "inf" | "infinity" | "+inf" => f64::INFINITY,
                "-inf" | "-infinity" => f64::NEG_INFINITY,
                _ if s.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) => {
                    s.parse().ok()?
                }
                _ => return None,
            })
        }
        DType::Bool => match s.to_ascii_lowercase().as_str() {
            "true" => Cell::Bool(true),
            "false" => Cell::Bool(false),
            _ => return None,
        },
        DType::Date => Cell::Date(parse_date(s)? as i32),
        DType::Timestamp => Cell::Timestamp(parse_timestamp(s)?),
        DType::Str => Cell::Str(s.to_string()),
    })
}

/// `YYYY-MM-DD` as days since 1970-01-01.
pub fn parse_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: u32 = s.get(5..7)?.parse().ok()?;
    let d: u32 = s.get(8..10)?.parse().ok()?;
    crate::time::valid_date(y, m, d).then(|| crate::time::days_from_civil(y, m, d))
}

/// `YYYY-MM-DD HH:MM[:SS[.fff]]` (or with `T`, and a trailing `Z`) as UTC milliseconds.
pub fn parse_timestamp(s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z').unwrap_or(s);
    if s.len() == 10 {
        return parse_date(s).map(|d| d * DAY_MS);
    }
    let days = parse_date(s.get(0..10)?)?;
    if !matches!(s.as_bytes().get(10), Some(b' ' | b'T')) {
        return None;
    }
    let time = s.get(11..)?;
    let (hms, frac) = match time.split_once('.') {
        Some((a, b)) => (a, b),
        None => (time, ""),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.len() != 2) {
        return None;
    }
    let h: i64 = parts[0].parse().ok()?;
    let mi: i64 = parts[1].parse().ok()?;
    let sec: i64 = parts.get(2).map_or(Some(0), |p| p.parse().ok())?;
    if h > 23 || mi > 59 || sec > 59 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let ms: i64 = format!("{:0<3}", frac.get(0..frac.len().min(3))?)
        .parse()
        .ok()?;
    Some(days * DAY_MS + ((h * 60 + mi) * 60 + sec) * 1000 + ms)
}

/// The table as CSV text (a header row, then rows; null is an empty field).
pub fn write(table: &Table, delimiter: char, header: bool) -> String {
    let mut out = String::new();
    let field = |t: &str| {
        if t.contains([delimiter, '"', '\n', '\r']) {
            format!("\"{}\"", t.replace('"', "\"\""))
        } else {
            t.to_string()
        }
    };
    let sep = delimiter.to_string();
    if header {
        let names: Vec<String> = table.names().iter().map(|n| field(n)).collect();
        out.push_str(&names.join(&sep));
        out.push('\n');
    }
    for i in 0..table.num_rows() {
        let cells: Vec<String> = table
            .columns()
            .iter()
            .map(|c| field(&c.get(i).text()))
            .collect();
        out.push_str(&cells.join(&sep));
        out.push('\n');
    }
    out
}

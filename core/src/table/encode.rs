//! A compact binary form of a table, for storing feature-table versions as byte values
//! beside the workspace JSON (a million-row table is tens of megabytes as JSON, a few as this).
//!
//! Layout (little-endian): `LKT1`, column count (u32), row count (u64), then per column its
//! name (u32 length + UTF-8), type tag (u8), a validity flag (u8) and, when set, one bit per
//! row, then the values (8 bytes per int / float / timestamp, 4 per date, 1 per bool, u32
//! length + UTF-8 per string, u32 length + 8 bytes per element per vector or array; a
//! vector's length has its top bit set when the vector is sparse, which older values never
//! have); a CRC-32 of everything before it ends the value. Decoding checks every length
//! against what is left, so a damaged value is an error, never a panic.

use super::cell::{DType, Vector};
use super::column::{Column, Data};
use super::Table;

const MAGIC: &[u8; 4] = b"LKT1";

fn tag(d: DType) -> u8 {
    match d {
        DType::Int => 0,
        DType::Float => 1,
        DType::Str => 2,
        DType::Bool => 3,
        DType::Date => 4,
        DType::Timestamp => 5,
        DType::Vector => 6,
        DType::Array => 7,
    }
}

/// The top bit of a vector row's length: the row is a sparse vector.
const SPARSE: u32 = 1 << 31;

fn put_floats(out: &mut Vec<u8>, row: &[f64], flag: u32) {
    out.extend_from_slice(&(row.len() as u32 | flag).to_le_bytes());
    row.iter()
        .for_each(|x| out.extend_from_slice(&x.to_le_bytes()));
}

pub fn encode(table: &Table) -> Vec<u8> {
    let rows = table.num_rows();
    let mut out = Vec::with_capacity(16 + table.num_columns() * rows * 8);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(table.num_columns() as u32).to_le_bytes());
    out.extend_from_slice(&(rows as u64).to_le_bytes());
    for (name, col) in table.names().iter().zip(table.columns()) {
        out.extend_from_slice(&(name.len() as u32).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.push(tag(col.dtype()));
        match &col.valid {
            None => out.push(0),
            Some(valid) => {
                out.push(1);
                let mut bits = vec![0u8; rows.div_ceil(8)];
                for (i, _) in valid.iter().enumerate().filter(|(_, v)| **v) {
                    bits[i / 8] |= 1 << (i % 8);
                }
                out.extend_from_slice(&bits);
            }
        }
        match &col.data {
            Data::Int(v) | Data::Timestamp(v) => v
                .iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
            Data::Float(v) => v
                .iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
            Data::Date(v) => v
                .iter()
                .for_each(|x| out.extend_from_slice(&x.to_le_bytes())),
            Data::Bool(v) => out.extend(v.iter().map(|&b| u8::from(b))),
            Data::Str(v) => v.iter().for_each(|s| {
                out.extend_from_slice(&(s.len() as u32).to_le_bytes());
                out.extend_from_slice(s.as_bytes());
            }),
            Data::Vector(v) => v.iter().for_each(|row| {
                put_floats(&mut out, &row.values, if row.sparse { SPARSE } else { 0 })
            }),
            Data::Array(v) => v.iter().for_each(|row| put_floats(&mut out, row, 0)),
        }
    }
    let crc = crate::crc32::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or("the stored table ends early")?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn len(&mut self) -> Result<usize, String> {
        usize::try_from(self.u32()?).map_err(|e| e.to_string())
    }

    /// `n` fixed-size values, checking the bytes exist before allocating.
    fn values<const N: usize, T>(
        &mut self,
        n: usize,
        f: impl Fn([u8; N]) -> T,
    ) -> Result<Vec<T>, String> {
        let bytes = self.take(n.checked_mul(N).ok_or("the stored table is too large")?)?;
        Ok(bytes
            .chunks_exact(N)
            .map(|c| {
                let mut a = [0u8; N];
                a.copy_from_slice(c);
                f(a)
            })
            .collect())
    }
}

pub fn decode(bytes: &[u8]) -> Result<Table, String> {
    if bytes.len() < 20 || &bytes[..4] != MAGIC {
        return Err("this is not a stored Lakelab table".into());
    }
    let (body, crc) = bytes.split_at(bytes.len() - 4);
    let mut c = [0u8; 4];
    c.copy_from_slice(crc);
    if crate::crc32::hash(body) != u32::from_le_bytes(c) {
        return Err("the stored table is damaged (checksum mismatch)".into());
    }
    let mut r = Reader { bytes: body, at: 4 };
    let ncols = r.len()?;
    let rows = usize::try_from(u64::from_le_bytes(r.array()?)).map_err(|e| e.to_string())?;
    let mut names = Vec::new();
    let mut columns = Vec::new();
    for _ in 0..ncols {
        let n = r.len()?;
        let name = String::from_utf8(r.take(n)?.to_vec()).map_err(|e| e.to_string())?;
        let tag = r.take(1)?[0];
        let valid = match r.take(1)?[0] {
            0 => None,
            _ => {
                let bits = r.take(rows.div_ceil(8))?;
                Some(
                    (0..rows)
                        .map(|i| bits[i / 8] & (1 << (i % 8)) != 0)
                        .collect(),
                )
            }
        };
        let data = match tag {
            0 => Data::Int(r.values(rows, i64::from_le_bytes)?),
            1 => Data::Float(r.values(rows, f64::from_le_bytes)?),
            2 => {
                let mut v = Vec::with_capacity(rows.min(body.len()));
                for _ in 0..rows {
                    let n = r.len()?;
                    v.push(String::from_utf8(r.take(n)?.to_vec()).map_err(|e| e.to_string())?);
                }
                Data::Str(v)
            }
            3 => Data::Bool(r.take(rows)?.iter().map(|&b| b != 0).collect()),
            4 => Data::Date(r.values(rows, i32::from_le_bytes)?),
            5 => Data::Timestamp(r.values(rows, i64::from_le_bytes)?),
            6 => {
                let mut v = Vec::with_capacity(rows.min(body.len()));
                for _ in 0..rows {
                    let n = r.u32()?;
                    let values = r.values((n & !SPARSE) as usize, f64::from_le_bytes)?;
                    v.push(Vector {
                        values,
                        sparse: n & SPARSE != 0,
                    });
                }
                Data::Vector(v)
            }
            7 => {
                let mut v = Vec::with_capacity(rows.min(body.len()));
                for _ in 0..rows {
                    let n = r.len()?;
                    v.push(r.values(n, f64::from_le_bytes)?);
                }
                Data::Array(v)
            }
            t => return Err(format!("unknown column type {t} in a stored table")),
        };
        names.push(name);
        columns.push(Column { data, valid });
    }
    if r.at != body.len() {
        return Err("the stored table has trailing bytes".into());
    }
    let mut t = Table::new(names, columns).map_err(|e| e.to_string())?;
    t.set_rows(rows);
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Cell;

    fn sample() -> Table {
        Table::from_rows(
            vec![
                "id".into(),
                "x".into(),
                "s".into(),
                "b".into(),
                "d".into(),
                "t".into(),
            ],
            &[
                vec![
                    Cell::Int(1),
                    Cell::Float(0.5),
                    Cell::Str("é".into()),
                    Cell::Bool(true),
                    Cell::Date(19000),
                    Cell::Timestamp(1_700_000_000_000),
                ],
                vec![
                    Cell::Int(2),
                    Cell::Null,
                    Cell::Str(String::new()),
                    Cell::Null,
                    Cell::Date(-3),
                    Cell::Null,
                ],
            ],
        )
        .unwrap()
    }

    #[test]
    fn round_trips_every_type_and_null() {
        let t = sample();
        assert_eq!(decode(&encode(&t)).unwrap(), t);
        let empty = Table::default();
        assert_eq!(decode(&encode(&empty)).unwrap(), empty);
    }

    #[test]
    fn damage_is_an_error_not_a_panic() {
        let bytes = encode(&sample());
        for cut in [0, 3, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        flipped[30] ^= 0xff;
        assert!(decode(&flipped).unwrap_err().contains("checksum"));
    }
}

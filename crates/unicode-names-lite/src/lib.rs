//! Lakelab's stand-in for the `unicode_names2` crate.
//!
//! Ruff's Python parser calls `unicode_names2::character` only to resolve `"\N{NAME}"` escapes
//! in string literals. The real crate embeds every Unicode character name (about 1 MB of the
//! wasm, a third of the download) for an escape that study notebooks almost never use. This
//! crate resolves the names a notebook plausibly writes and nothing else:
//!
//! - ASCII letters, digits and punctuation by their Unicode names (`LATIN SMALL LETTER A`,
//!   `DIGIT SEVEN`, `HYPHEN-MINUS`, …) and the control characters' aliases (`LINE FEED`, …);
//! - Greek letters (`GREEK SMALL LETTER SIGMA`);
//! - the names computed from a code point (`CJK UNIFIED IDEOGRAPH-4E00`);
//! - a table of common symbols ([`SYMBOLS`]): typography, currency, maths, arrows, marks.
//!
//! Lookups ignore case, like Python's. Any other name gives `None`, which the parser reports as
//! Python's "(unicode error) unknown Unicode character name" `SyntaxError`; the README says
//! so. `chr(0x…)` reaches every character.

mod symbols;

pub use symbols::SYMBOLS;

/// The character called `search_name`, or `None` if this crate does not know the name.
pub fn character(search_name: &str) -> Option<char> {
    let name = search_name.to_ascii_uppercase();
    latin(&name)
        .or_else(|| digit(&name))
        .or_else(|| greek(&name))
        .or_else(|| ideograph(&name))
        .or_else(|| SYMBOLS.iter().find(|(n, _)| *n == name).map(|(_, c)| *c))
}

/// `LATIN CAPITAL LETTER A` … `LATIN SMALL LETTER Z`.
fn latin(name: &str) -> Option<char> {
    let (base, rest) = if let Some(rest) = name.strip_prefix("LATIN CAPITAL LETTER ") {
        (b'A', rest)
    } else {
        (b'a', name.strip_prefix("LATIN SMALL LETTER ")?)
    };
    single_letter(rest).map(|i| char::from(base + i))
}

/// The offset of a one-letter name `A`..`Z` from `A`.
fn single_letter(rest: &str) -> Option<u8> {
    match rest.as_bytes() {
        [b @ b'A'..=b'Z'] => Some(b - b'A'),
        _ => None,
    }
}

const DIGITS: [&str; 10] = [
    "ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
];

/// `DIGIT ZERO` … `DIGIT NINE`.
fn digit(name: &str) -> Option<char> {
    let rest = name.strip_prefix("DIGIT ")?;
    let i = DIGITS.iter().position(|d| *d == rest)?;
    char::from_digit(u32::try_from(i).ok()?, 10)
}

/// Greek letter names in alphabet order, from U+0391 / U+03B1 (U+03A2 is unassigned in
/// capitals and is final sigma in small letters).
const GREEK: [&str; 25] = [
    "ALPHA",
    "BETA",
    "GAMMA",
    "DELTA",
    "EPSILON",
    "ZETA",
    "ETA",
    "THETA",
    "IOTA",
    "KAPPA",
    "LAMDA",
    "MU",
    "NU",
    "XI",
    "OMICRON",
    "PI",
    "RHO",
    "FINAL SIGMA",
    "SIGMA",
    "TAU",
    "UPSILON",
    "PHI",
    "CHI",
    "PSI",
    "OMEGA",
];

/// `GREEK CAPITAL LETTER ALPHA` … `GREEK SMALL LETTER OMEGA` (`LAMBDA` is accepted for the
/// standard's `LAMDA`).
fn greek(name: &str) -> Option<char> {
    let (base, rest) = if let Some(rest) = name.strip_prefix("GREEK CAPITAL LETTER ") {
        (0x391, rest)
    } else {
        (0x3B1, name.strip_prefix("GREEK SMALL LETTER ")?)
    };
    let rest = if rest == "LAMBDA" { "LAMDA" } else { rest };
    let i = GREEK.iter().position(|g| *g == rest)?;
    if base == 0x391 && GREEK[i] == "FINAL SIGMA" {
        return None;
    }
    char::from_u32(base + u32::try_from(i).ok()?)
}

/// `CJK UNIFIED IDEOGRAPH-XXXX`, whose name is its code point.
fn ideograph(name: &str) -> Option<char> {
    let hex = name.strip_prefix("CJK UNIFIED IDEOGRAPH-")?;
    if !(4..=5).contains(&hex.len()) {
        return None;
    }
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    let unified = matches!(u32::from(c), 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x2A6DF);
    unified.then_some(c)
}

#[cfg(test)]
mod tests {
    use super::character;

    #[test]
    fn letters_digits_and_greek() {
        assert_eq!(character("LATIN SMALL LETTER A"), Some('a'));
        assert_eq!(character("latin capital letter z"), Some('Z'));
        assert_eq!(character("LATIN SMALL LETTER AA"), None);
        assert_eq!(character("DIGIT SEVEN"), Some('7'));
        assert_eq!(character("GREEK SMALL LETTER SIGMA"), Some('σ'));
        assert_eq!(character("GREEK SMALL LETTER FINAL SIGMA"), Some('ς'));
        assert_eq!(character("GREEK CAPITAL LETTER FINAL SIGMA"), None);
        assert_eq!(character("GREEK CAPITAL LETTER OMEGA"), Some('Ω'));
        assert_eq!(character("greek small letter lambda"), Some('λ'));
        assert_eq!(character("GREEK SMALL LETTER MU"), Some('μ'));
    }

    #[test]
    fn computed_and_table_names() {
        assert_eq!(character("CJK UNIFIED IDEOGRAPH-4E00"), Some('一'));
        assert_eq!(character("CJK UNIFIED IDEOGRAPH-0041"), None);
        assert_eq!(character("BULLET"), Some('•'));
        assert_eq!(character("em dash"), Some('—'));
        assert_eq!(character("SNOWMAN"), Some('☃'));
        assert_eq!(character("LINE FEED"), Some('\n'));
        assert_eq!(character("HYPHEN-MINUS"), Some('-'));
        assert_eq!(character("nonsense"), None);
        assert_eq!(character(" BULLET"), None);
    }

    #[test]
    fn table_names_are_upper_case_and_unique() {
        for (i, (name, _)) in super::SYMBOLS.iter().enumerate() {
            assert_eq!(*name, name.to_ascii_uppercase(), "{name}");
            assert!(
                super::SYMBOLS[i + 1..].iter().all(|(n, _)| n != name),
                "{name} twice"
            );
        }
    }
}

//! Lakelab's stand-in for the `unicode-normalization` crate.
//!
//! Ruff's Python lexer calls `str::nfkc()` only on identifiers that are not pure ASCII, because
//! Python normalises identifiers with NFKC (`ｘ = 1; print(x)` prints 1). The real crate
//! carries about 110 KB of decomposition and composition tables for that, a sizeable part of
//! the wasm download, for identifiers study notebooks almost never write. This crate performs
//! the NFKC mappings an identifier plausibly needs and leaves every other character as it is:
//!
//! - fullwidth ASCII (`ｘ` → `x`), the Latin ligatures (`ﬁ` → `fi`), `µ` → `μ`, `ſ` → `s`,
//!   `ª` / `º`, Roman numerals (`Ⅳ` → `IV`);
//! - the letterlike symbols (`ℝ` → `R`, `ℓ` → `l`, Kelvin and Ohm signs) and the mathematical
//!   alphanumeric symbols (`𝐱` → `x`, `𝟙` → `1`; not the Greek ones);
//! - composition of an ASCII letter followed by one combining mark into the precomposed Latin
//!   letter (`e` + U+0301 → `é`) for U+00C0..U+024F ([`compose::COMPOSE`], generated from
//!   Python's `unicodedata`).
//!
//! Anything else (e.g. Hangul jamo, Greek mathematical letters, several stacked marks) is not
//! normalised, so two spellings that Python treats as one name stay two names here. The README
//! says so. Only the API ruff uses exists: [`UnicodeNormalization::nfkc`] on `&str`.

mod compose;

use std::vec::IntoIter;

/// The NFKC iterator: the normalised characters of the input.
#[derive(Debug, Clone)]
pub struct Recompositions {
    chars: IntoIter<char>,
}

impl Iterator for Recompositions {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        self.chars.next()
    }
}

/// Normalisation methods on text (only `nfkc`, the one ruff's lexer uses).
pub trait UnicodeNormalization {
    /// The NFKC form, within this crate's coverage (see the crate docs).
    fn nfkc(self) -> Recompositions;
}

impl UnicodeNormalization for &str {
    fn nfkc(self) -> Recompositions {
        let mut out: Vec<char> = Vec::with_capacity(self.len());
        for c in self.chars() {
            if let Some(last) = out.last_mut() {
                if let Some(&(_, _, composed)) = compose::COMPOSE
                    .iter()
                    .find(|(base, mark, _)| *base == *last && *mark == c)
                {
                    *last = composed;
                    continue;
                }
            }
            push_compatible(c, &mut out);
        }
        Recompositions {
            chars: out.into_iter(),
        }
    }
}

const ROMAN: [&str; 16] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "L", "C", "D", "M",
];

/// Letterlike symbols (U+2100 block) and their NFKC forms.
const LETTERLIKE: [(char, char); 31] = [
    ('\u{2102}', 'C'),
    ('\u{210A}', 'g'),
    ('\u{210B}', 'H'),
    ('\u{210C}', 'H'),
    ('\u{210D}', 'H'),
    ('\u{210E}', 'h'),
    ('\u{210F}', '\u{0127}'),
    ('\u{2110}', 'I'),
    ('\u{2111}', 'I'),
    ('\u{2112}', 'L'),
    ('\u{2113}', 'l'),
    ('\u{2115}', 'N'),
    ('\u{2119}', 'P'),
    ('\u{211A}', 'Q'),
    ('\u{211B}', 'R'),
    ('\u{211C}', 'R'),
    ('\u{211D}', 'R'),
    ('\u{2124}', 'Z'),
    ('\u{2126}', '\u{03A9}'),
    ('\u{2128}', 'Z'),
    ('\u{212A}', 'K'),
    ('\u{212B}', '\u{00C5}'),
    ('\u{212C}', 'B'),
    ('\u{212D}', 'C'),
    ('\u{212F}', 'e'),
    ('\u{2130}', 'E'),
    ('\u{2131}', 'F'),
    ('\u{2133}', 'M'),
    ('\u{2134}', 'o'),
    ('\u{2139}', 'i'),
    ('\u{00B5}', '\u{03BC}'),
];

/// Appends the compatibility form of `c` (itself when this crate has no mapping for it).
fn push_compatible(c: char, out: &mut Vec<char>) {
    let cp = c as u32;
    let single = match cp {
        0xFF01..=0xFF5E => char::from_u32(cp - 0xFEE0),
        0x017F => Some('s'),
        0x00AA => Some('a'),
        0x00BA => Some('o'),
        0x1D400..=0x1D6A3 => {
            let i = (cp - 0x1D400) % 52;
            char::from_u32(if i < 26 {
                'A' as u32 + i
            } else {
                'a' as u32 + i - 26
            })
        }
        0x1D6A4 => Some('\u{0131}'),
        0x1D6A5 => Some('\u{0237}'),
        0x1D7CE..=0x1D7FF => char::from_u32('0' as u32 + (cp - 0x1D7CE) % 10),
        _ => LETTERLIKE.iter().find(|(k, _)| *k == c).map(|(_, v)| *v),
    };
    if let Some(s) = single {
        out.push(s);
        return;
    }
    let multi: Option<&str> = match cp {
        0xFB00 => Some("ff"),
        0xFB01 => Some("fi"),
        0xFB02 => Some("fl"),
        0xFB03 => Some("ffi"),
        0xFB04 => Some("ffl"),
        0xFB05 | 0xFB06 => Some("st"),
        0x2160..=0x216F => ROMAN.get((cp - 0x2160) as usize).copied(),
        0x2170..=0x217F => ROMAN.get((cp - 0x2170) as usize).copied(),
        _ => None,
    };
    match multi {
        Some(s) if (0x2170..=0x217F).contains(&cp) => out.extend(s.to_lowercase().chars()),
        Some(s) => out.extend(s.chars()),
        None => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::UnicodeNormalization;

    fn nfkc(s: &str) -> String {
        s.nfkc().collect()
    }

    /// Expected values printed by Python 3's `unicodedata.normalize("NFKC", s)`.
    #[test]
    fn agrees_with_python_on_the_covered_characters() {
        let cases = [
            ("ｘ_ｙ１", "x_y1"),
            ("ﬁle_ﬂag_ﬀ_ﬃ_ﬄ_ﬅ_ﬆ", "file_flag_ff_ffi_ffl_st_st"),
            ("µ", "μ"),
            ("ſum", "sum"),
            ("ªº", "ao"),
            ("Ⅳⅻ", "IVxii"),
            (
                "\u{211D}\u{2113}\u{210F}\u{2126}\u{212A}",
                "Rl\u{127}\u{3a9}K",
            ),
            ("\u{212B}", "\u{c5}"),
            ("𝐱𝑦𝒛𝔷𝕫𝚣", "xyzzzz"),
            ("𝐀𝚉", "AZ"),
            ("𝟙𝟎𝟿", "109"),
            ("caf\u{65}\u{301}", "café"),
            ("n\u{303}o", "ño"),
            ("z\u{30c}", "ž"),
        ];
        for (input, want) in cases {
            assert_eq!(nfkc(input), want, "NFKC of {input:?}");
        }
    }

    #[test]
    fn leaves_uncovered_and_already_normal_text_alone() {
        for s in ["größe", "données", "σ_hat", "数据", "x\u{301}"] {
            assert_eq!(nfkc(s), s);
        }
    }
}

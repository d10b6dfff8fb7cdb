//! CRC-32 (IEEE 802.3, as zlib and PNG use it), one byte at a time over a 1 KB table built at
//! compile time. The `crc32fast` crate computed the same value with a 16 KB table (slicing by
//! 16), which was 16 KB of nearly incompressible wasm; the files checksummed here (stored
//! artifacts, PNG chunks, workspace documents) are small enough that bytewise speed is plenty.

const POLY: u32 = 0xEDB8_8320;

const TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { POLY ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[i] = c;
        i += 1;
    }
    table
};

/// The CRC-32 of `bytes` (what Python's `zlib.crc32` returns).
pub fn hash(bytes: &[u8]) -> u32 {
    !bytes.iter().fold(!0u32, |c, &b| {
        TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

#[cfg(test)]
mod tests {
    use super::hash;

    /// Expected values from Python's `zlib.crc32`.
    #[test]
    fn matches_zlib() {
        assert_eq!(hash(b""), 0);
        assert_eq!(hash(b"123456789"), 0xCBF4_3926);
        assert_eq!(
            hash(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
        let bytes: Vec<u8> = (0..4).flat_map(|_| 0..=255u8).collect();
        assert_eq!(hash(&bytes), 0xB70B_4C26);
    }
}

//! Name lookups without allocation, shared by the operand model, the table index and the parser.
//!
//! Registers, size keywords and mnemonics are case-insensitive; [`lower`] lowercases a name into
//! a stack buffer instead of a new `String` (the fixed name sets are then found by binary search
//! in tables sorted at compile time). [`NameMap`] is the hash map the parser keeps its labels
//! in, hashed with a small multiplicative hash (names are short and not chosen by an attacker
//! who could gain anything from collisions: a slow lookup at worst).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The longest name [`lower`] handles; no register, keyword or mnemonic is longer.
pub(crate) const MAX_NAME: usize = 32;

/// The bytes of `s` in ASCII lowercase, written into `buf`; `None` when it is longer than
/// [`MAX_NAME`]. (Bytes rather than `str`: the names looked up are ASCII, and this saves
/// checking the copy is still UTF-8.)
pub(crate) fn lower<'b>(s: &str, buf: &'b mut [u8; MAX_NAME]) -> Option<&'b [u8]> {
    let b = s.as_bytes();
    let out = buf.get_mut(..b.len())?;
    for (o, c) in out.iter_mut().zip(b) {
        *o = c.to_ascii_lowercase();
    }
    Some(out)
}

/// A fast hasher for short names: eight bytes at a time, multiply and rotate.
#[derive(Default, Clone, Copy)]
pub(crate) struct NameHasher(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl NameHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for NameHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // A product's low bits depend only on its factors' low bits, and the table picks
        // buckets by the low bits: move the well-mixed high half down.
        self.0 ^ (self.0 >> 32)
    }
}

/// A hash map keyed by names, with [`NameHasher`].
pub(crate) type NameMap<K, V> = HashMap<K, V, BuildHasherDefault<NameHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_into_the_buffer() {
        let mut buf = [0; MAX_NAME];
        assert_eq!(lower("XmM17", &mut buf), Some(&b"xmm17"[..]));
        assert_eq!(lower("", &mut buf), Some(&b""[..]));
        assert_eq!(lower("Été", &mut buf), Some("Été".to_ascii_lowercase().as_bytes()));
        assert_eq!(lower(&"a".repeat(MAX_NAME), &mut buf).map(<[u8]>::len), Some(MAX_NAME));
        assert_eq!(lower(&"a".repeat(MAX_NAME + 1), &mut buf), None);
    }

    #[test]
    fn map_finds_what_was_inserted() {
        let mut m: NameMap<&str, usize> = NameMap::default();
        let words = ["rax", "rcx", "vfmadd231ps", "vpclmulqdq_long_name", "k1", ""];
        for (i, w) in words.iter().enumerate() {
            m.insert(w, i);
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(m.get(w), Some(&i));
        }
        assert_eq!(m.get("rdx"), None);
    }
}

//! Register names to registers: every name of the tables in the parent module, hashed at
//! compile time by an integer key into a table probed at run time.

use super::*;

/// Every register name (lowercase) and its register, in table order: the tables above, then
/// `rip`, `eip` (RIP-relative with the 0x67 address-size prefix: number 1 of the class) and
/// `st`.
const REG_LIST: [(&str, Reg); REG_COUNT] = {
    let tables: [(&[&str], RegClass, u8); 15] = [
        (&GPR64, RegClass::Gpr64, 0),
        (&GPR32, RegClass::Gpr32, 0),
        (&GPR16, RegClass::Gpr16, 0),
        (&GPR8, RegClass::Gpr8, 0),
        (&GPR8H, RegClass::Gpr8High, 4),
        (&XMM, RegClass::Xmm, 0),
        (&YMM, RegClass::Ymm, 0),
        (&ZMM, RegClass::Zmm, 0),
        (&KREG, RegClass::K, 0),
        (&ST, RegClass::St, 0),
        (&ST_PLAIN, RegClass::St, 0),
        (&MM, RegClass::Mm, 0),
        (&SEG, RegClass::Seg, 0),
        (&CR, RegClass::Cr, 0),
        (&DR, RegClass::Dr, 0),
    ];
    let mut out = [("", Reg::new(RegClass::Rip, 0)); REG_COUNT];
    let mut n = 0;
    let mut t = 0;
    while t < tables.len() {
        let (names, class, first) = tables[t];
        let mut i = 0;
        while i < names.len() {
            out[n] = (names[i], Reg::new(class, first + i as u8));
            n += 1;
            i += 1;
        }
        t += 1;
    }
    assert!(n + 3 == REG_COUNT, "REG_COUNT is the number of names");
    out[n] = ("rip", Reg::new(RegClass::Rip, 0));
    out[n + 1] = ("eip", Reg::new(RegClass::Rip, 1));
    out[n + 2] = ("st", Reg::new(RegClass::St, 0));
    out
};

const REG_COUNT: usize = 16 * 4 + 4 + 32 * 3 + 8 + 8 + 8 + 8 + 6 + 16 + 8 + 3;

/// Slots of [`REG_HASH`]: a power of two a little over twice the names, so a probe sequence is
/// short.
const HASH_SLOTS: usize = 512;

/// [`REG_LIST`] by [`name_key`] in an open-addressing hash table built at compile time (linear
/// probing; of equal names the earlier is kept; key 0, which no name has, marks a free slot).
const REG_HASH: [(u64, Reg); HASH_SLOTS] = {
    assert!(REG_COUNT * 2 <= HASH_SLOTS, "the table stays at most half full");
    let mut a = [(0u64, Reg::new(RegClass::Rip, 0)); HASH_SLOTS];
    let mut i = 0;
    while i < REG_COUNT {
        let k = name_key(REG_LIST[i].0.as_bytes());
        let mut h = slot(k);
        while a[h].0 != 0 && a[h].0 != k {
            h = (h + 1) % HASH_SLOTS;
        }
        if a[h].0 == 0 {
            a[h] = (k, REG_LIST[i].1);
        }
        i += 1;
    }
    a
};

/// The first slot of key `k` (a multiplicative hash: the top bits of the product).
const fn slot(k: u64) -> usize {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - HASH_SLOTS.trailing_zeros())) as usize
}

/// A name of at most 8 bytes as one integer: the bytes in order, lowercased, zero-padded (no
/// register name holds a NUL byte, so names of different lengths get different keys).
const fn name_key(b: &[u8]) -> u64 {
    let mut k = 0u64;
    let mut i = 0;
    while i < 8 {
        k <<= 8;
        if i < b.len() {
            k |= b[i].to_ascii_lowercase() as u64;
        }
        i += 1;
    }
    k
}

/// [`name_key`] at run time: the bytes loaded as one integer and lowercased all at once.
fn key_of(b: &[u8]) -> u64 {
    let mut buf = [0u8; 8];
    // A byte loop: a copy of a run-time length would be a call for a few bytes.
    for (o, c) in buf.iter_mut().zip(b) {
        *o = *c;
    }
    let v = u64::from_be_bytes(buf);
    // Bytes 0x41..=0x5A (`A`-`Z`) get 0x20; others, non-ASCII ones included, stay.
    let low7 = v & 0x7f7f_7f7f_7f7f_7f7f;
    let from_a = low7.wrapping_add(0x3f3f_3f3f_3f3f_3f3f);
    let past_z = low7.wrapping_add(0x2525_2525_2525_2525);
    let upper = from_a & !past_z & !v & 0x8080_8080_8080_8080;
    v | (upper >> 2)
}

/// The register named `name` (2 to 5 bytes, any case), if there is one.
pub(super) fn find(name: &str) -> Option<Reg> {
    let k = key_of(name.as_bytes());
    let mut h = slot(k);
    // The table is at most half full, so a free slot ends every probe sequence.
    for _ in 0..HASH_SLOTS {
        match REG_HASH[h] {
            (n, r) if n == k => return Some(r),
            (0, _) => return None,
            _ => h = (h + 1) % HASH_SLOTS,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_time_key_is_the_compile_time_key() {
        // Every byte value in every position, and every register name in both cases.
        for pos in 0..8 {
            for b in 0..=255u8 {
                let mut name = *b"rax5zAZ@";
                name[pos] = b;
                for len in [pos + 1, 8] {
                    assert_eq!(key_of(&name[..len]), name_key(&name[..len]), "{:?}", &name[..len]);
                }
            }
        }
        for (n, _) in REG_LIST {
            let up = n.to_ascii_uppercase();
            assert_eq!(key_of(up.as_bytes()), name_key(n.as_bytes()), "{n}");
        }
    }
}

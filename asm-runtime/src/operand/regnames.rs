//! Register names to registers: every name of the tables in the parent module, sorted at
//! compile time by an integer key, found by binary search.

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

/// [`REG_LIST`] by [`name_key`], sorted at compile time (a stable insertion sort: of equal names
/// the earlier stays first), for a binary search on integers.
const REG_SORTED: [(u64, Reg); REG_COUNT] = {
    let mut a = [(0u64, Reg::new(RegClass::Rip, 0)); REG_COUNT];
    let mut i = 0;
    while i < REG_COUNT {
        a[i] = (name_key(REG_LIST[i].0.as_bytes()), REG_LIST[i].1);
        i += 1;
    }
    let mut i = 1;
    while i < a.len() {
        let mut j = i;
        while j > 0 && a[j].0 < a[j - 1].0 {
            let t = a[j];
            a[j] = a[j - 1];
            a[j - 1] = t;
            j -= 1;
        }
        i += 1;
    }
    a
};

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

/// The register named `name` (2 to 5 bytes, any case), if there is one.
pub(super) fn find(name: &str) -> Option<Reg> {
    let k = name_key(name.as_bytes());
    let i = REG_SORTED.partition_point(|(n, _)| *n < k);
    match REG_SORTED.get(i) {
        Some((n, r)) if *n == k => Some(*r),
        _ => None,
    }
}

//! THE instruction table: one line per encoding form, one file per family.
//!
//! Row notation (each operand is `Kind Slot`; the scheme carries its fields; the last column is
//! the CPU feature):
//!
//! ```text
//! id                      mnemonic  operands                                 scheme(fields)                             feature
//! add_rm64_imm8s64        "add"     [Rm64 Rm, Imm8s64 Ib]                    legacy(_ W [0x83] d0 LOCK)                 Base;
//! vaddps_ymm_ymm_ymmm256  "vaddps"  [Ymm Reg, Ymm Vvvv, YmmM256 Rm]          vex(L256 _ m0F WIG [0x58] r)               Avx;
//! vaddps_zmm_zmm_zmmm512b32 "vaddps" [Zmm Reg, Zmm Vvvv, ZmmM512B32 Rm]      evex(L512 _ m0F W0 [0x58] r Full k z er)   Avx512f;
//! fadd_st0_sti            "fadd"    [St0 Implicit, Sti Op]                   x87([0xD8, 0xC0])                          X87;
//! ```
//!
//! * `legacy(prefix W [opcode bytes] modrm flags)`: prefix `_`, `p66`, `pF2`, `pF3`, `p67`; `W`
//!   for REX.W or `_`; modrm `_` (none), `r` (`/r`), `d0`..`d7` (`/digit`); flags `LOCK`
//!   (lock allowed), `SIZED` (memory needs a size keyword), `REP`, `NOTZERO` (the opcode
//!   register must not be register 0), `O16` (66 before the mandatory prefix), `WAIT` (a `9B`
//!   before all other prefixes).
//! * `vex(L pp map W [opcode] modrm)`: L `L128`, `L256`, `LIG`, `L0`, `L1`; pp `_`, `p66`, `pF3`,
//!   `pF2`; map `m0F`, `m0F38`, `m0F3A`; W `W0`, `W1`, `WIG`. The `vvvv` operand is the one in
//!   slot `Vvvv`, a `/is4` register the one in slot `Is4`.
//! * `evex(L pp map W [opcode] modrm tuple decorations)`: as VEX plus `L512`, the disp8*N tuple
//!   (`Full`, `Half`, `Fvm`, `Hvm`, `Qvm`, `Ovm`, `T1s1`, `T1s2`, `T1s4`, `T1s8`, `T2`, `T4`,
//!   `T8`, `M128`, `Dup`: the SDM's FV, HV, FVM, HVM, QVM, OVM, T1S/T1F, T2, T4, T8, M128,
//!   DUP) and the allowed decorations: `k` (write mask), `kreq` (mask
//!   required), `z` (zeroing), `er` (embedded rounding), `sae`. Broadcast is allowed when the
//!   memory operand's kind has a broadcast element (`ZmmM512B32`).
//! * `x87([a, b])`: the `st(i)` operand in slot `Op` is added to the second byte.
//!
//! The family files each define a macro that appends its rows to the token list it is given
//! and hands the list to the next macro; the last one, `forms!` below, builds one row array.
//! [`FORMS`] is that array sorted by mnemonic at compile time (stable, so within a mnemonic rows
//! keep their order: gp before sse before avx before avx512, which is how VEX is preferred over
//! EVEX). Among rows that accept the same operands the shorter encoding comes first; the
//! matcher takes the first row that accepts, so `add rax, 4` gets `83 /0 ib` and
//! `add rax, 400` gets `05 id`. Row ids are unique (they are also the names of private enum
//! variants, so a duplicate does not compile).

use super::{
    evex_flag, Evex, Feature, Form, FormId, Kind, Legacy, Map, ModRm, Pp, Scheme, Slot, Tuple, VecLen, Vex,
    VexW,
};

#[macro_use]
mod gp;
#[macro_use]
mod bmi;
#[macro_use]
mod sse;
#[macro_use]
mod mmx;
#[macro_use]
mod crypto;
#[macro_use]
mod system;
#[macro_use]
mod x87;
#[macro_use]
mod avx;
#[macro_use]
mod avx2;
#[macro_use]
mod avx512;

macro_rules! prefix {
    (_) => {
        0u8
    };
    (p66) => {
        0x66u8
    };
    (pF2) => {
        0xF2u8
    };
    (pF3) => {
        0xF3u8
    };
    (p67) => {
        0x67u8
    };
}
macro_rules! pp {
    (_) => {
        Pp::None
    };
    (p66) => {
        Pp::P66
    };
    (pF2) => {
        Pp::PF2
    };
    (pF3) => {
        Pp::PF3
    };
}
macro_rules! map {
    (m0F) => {
        Map::M0F
    };
    (m0F38) => {
        Map::M0F38
    };
    (m0F3A) => {
        Map::M0F3A
    };
}
macro_rules! rex_w {
    (_) => {
        false
    };
    (W) => {
        true
    };
}
macro_rules! modrm {
    (_) => {
        ModRm::None
    };
    (r) => {
        ModRm::Reg
    };
    (d0) => {
        ModRm::Digit(0)
    };
    (d1) => {
        ModRm::Digit(1)
    };
    (d2) => {
        ModRm::Digit(2)
    };
    (d3) => {
        ModRm::Digit(3)
    };
    (d4) => {
        ModRm::Digit(4)
    };
    (d5) => {
        ModRm::Digit(5)
    };
    (d6) => {
        ModRm::Digit(6)
    };
    (d7) => {
        ModRm::Digit(7)
    };
}
macro_rules! flags {
    () => { 0u16 };
    (LOCK $($rest:ident)*) => { super::flag::LOCK | flags!($($rest)*) };
    (SIZED $($rest:ident)*) => { super::flag::SIZED | flags!($($rest)*) };
    (REP $($rest:ident)*) => { super::flag::REP | flags!($($rest)*) };
    (NOTZERO $($rest:ident)*) => { super::flag::NOTZERO | flags!($($rest)*) };
    (O16 $($rest:ident)*) => { super::flag::O16 | flags!($($rest)*) };
    (WAIT $($rest:ident)*) => { super::flag::WAIT | flags!($($rest)*) };
}
macro_rules! deco {
    () => { 0u8 };
    (k $($rest:ident)*) => { evex_flag::MASK | deco!($($rest)*) };
    (kreq $($rest:ident)*) => { evex_flag::MASK | evex_flag::MASK_REQUIRED | deco!($($rest)*) };
    (z $($rest:ident)*) => { evex_flag::ZEROING | deco!($($rest)*) };
    (er $($rest:ident)*) => { evex_flag::ER | deco!($($rest)*) };
    (sae $($rest:ident)*) => { evex_flag::SAE | deco!($($rest)*) };
}

/// One row of the notation -> a [`Form`] (its id is assigned when the table is sorted).
macro_rules! row {
    (@form $id:ident $mn:literal [$($kind:ident $slot:ident),*] $scheme:expr, [$($op:literal),+], $modrm:expr,
     $flags:expr, $feat:ident) => {
        Form {
            id: FormId(0),
            name: stringify!($id),
            mnemonic: $mn,
            operands: &[$((Kind::$kind, Slot::$slot)),*],
            scheme: $scheme,
            opcode: &[$($op),+],
            modrm: $modrm,
            flags: $flags,
            feature: Feature::$feat,
        }
    };
    ($id:ident $mn:literal $ops:tt legacy($pfx:tt $w:tt [$($op:literal),+] $modrm:tt $($flag:ident)*) $feat:ident) => {
        row!(@form $id $mn $ops Scheme::Legacy(Legacy { prefix: prefix!($pfx), rex_w: rex_w!($w) }),
             [$($op),+], modrm!($modrm), flags!($($flag)*), $feat)
    };
    ($id:ident $mn:literal $ops:tt vex($len:ident $pp:tt $map:ident $w:ident [$op:literal] $modrm:tt) $feat:ident) => {
        row!(@form $id $mn $ops
             Scheme::Vex(Vex { len: VecLen::$len, pp: pp!($pp), map: map!($map), w: VexW::$w }),
             [$op], modrm!($modrm), 0, $feat)
    };
    ($id:ident $mn:literal $ops:tt
     evex($len:ident $pp:tt $map:ident $w:ident [$op:literal] $modrm:tt $tuple:ident $($deco:ident)*) $feat:ident) => {
        row!(@form $id $mn $ops
             Scheme::Evex(Evex {
                 len: VecLen::$len, pp: pp!($pp), map: map!($map), w: VexW::$w, tuple: Tuple::$tuple,
                 deco: deco!($($deco)*),
             }),
             [$op], modrm!($modrm), 0, $feat)
    };
    ($id:ident $mn:literal $ops:tt x87([$a:literal, $b:literal]) $feat:ident) => {
        row!(@form $id $mn $ops Scheme::X87, [$a, $b], ModRm::None, 0, $feat)
    };
}

/// The end of the chain: every row of every family -> the sorted table.
macro_rules! forms {
    (; $($id:ident $mn:literal $ops:tt $scheme:ident $enc:tt $feat:ident;)*) => {
        /// The rows in declaration order (family files in chain order).
        const ROWS: &[Form] = &[$(row!($id $mn $ops $scheme $enc $feat),)*];

        /// Declaration index of every row (a duplicate row id does not compile).
        #[allow(non_camel_case_types, dead_code)]
        #[repr(u16)]
        enum Decl {
            $($id,)*
        }

        #[allow(non_upper_case_globals)]
        impl FormId {
            $(
                #[doc = concat!("`", $mn, " ", stringify!($ops), " ", stringify!($scheme), stringify!($enc), "`")]
                pub const $id: FormId = FormId(POS[Decl::$id as usize]);
            )*
        }
    };
}

gp_rows! { bmi_rows sse_rows mmx_rows crypto_rows system_rows x87_rows avx_rows avx2_rows avx512_rows forms ; }

const N: usize = ROWS.len();

const fn str_lt(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

const fn same_str(a: &str, b: &str) -> bool {
    !str_lt(a, b) && !str_lt(b, a)
}

/// Declaration indices in mnemonic order: a stable bottom-up merge sort, at compile time, of
/// the mnemonics' [`name_key128`] keys (every mnemonic fits in one: a check below). Comparing
/// one integer instead of two strings matters: the compiler of every crate that names a
/// [`FormId`] constant runs this sort.
const fn sorted_order() -> [u16; N] {
    let mut keys = [0u128; N];
    // Two buffers the passes go back and forth between: `runs[src]` into `runs[1 - src]`.
    let mut runs = [[0u16; N]; 2];
    let mut i = 0;
    while i < N {
        runs[0][i] = i as u16;
        keys[i] = name_key128(ROWS[i].mnemonic.as_bytes());
        i += 1;
    }
    let (mut src, mut width) = (0, 1);
    while width < N {
        let mut lo = 0;
        while lo < N {
            let mid = if lo + width < N { lo + width } else { N };
            let hi = if lo + 2 * width < N { lo + 2 * width } else { N };
            let (mut x, mut y, mut k) = (lo, mid, lo);
            while k < hi {
                // Take from the right run only when strictly smaller: stability.
                let take_right =
                    x >= mid || (y < hi && keys[runs[src][y] as usize] < keys[runs[src][x] as usize]);
                if take_right {
                    runs[1 - src][k] = runs[src][y];
                    y += 1;
                } else {
                    runs[1 - src][k] = runs[src][x];
                    x += 1;
                }
                k += 1;
            }
            lo = hi;
        }
        src = 1 - src;
        width *= 2;
    }
    runs[src]
}

const ORDER: [u16; N] = sorted_order();

/// For every declaration index, the row's position in [`FORMS`].
const POS: [u16; N] = {
    let mut pos = [0u16; N];
    let mut k = 0;
    while k < N {
        pos[ORDER[k] as usize] = k as u16;
        k += 1;
    }
    pos
};

// A `const` so the group and value tables below can be computed from it at compile time;
// `FORMS` is its one run-time copy.
#[allow(clippy::large_const_arrays)]
const SORTED: [Form; N] = {
    let mut out = [ROWS[0]; N];
    let mut k = 0;
    while k < N {
        let mut f = ROWS[ORDER[k] as usize];
        f.id = FormId(k as u16);
        out[k] = f;
        k += 1;
    }
    out
};

/// Every encoding form, sorted by mnemonic; `FORMS[id.index()].id == id`.
pub static FORMS: &[Form] = &SORTED;

/// For every row, the index of the first row of its mnemonic (computed at compile time).
pub(super) static GROUP_START: [u16; N] = {
    let mut out = [0u16; N];
    let mut i = 1;
    while i < N {
        out[i] = if same_str(SORTED[i].mnemonic, SORTED[i - 1].mnemonic) { out[i - 1] } else { i as u16 };
        i += 1;
    }
    out
};

/// A name of at most 16 bytes as one integer, its bytes in order and zero-padded: for names
/// without NUL bytes, integer order is the names' byte order.
pub(crate) const fn name_key128(b: &[u8]) -> u128 {
    let mut k = 0u128;
    let mut i = 0;
    while i < 16 {
        k <<= 8;
        if i < b.len() {
            k |= b[i] as u128;
        }
        i += 1;
    }
    k
}

/// The mnemonics' keys ([`name_key128`]) with each one's first row, in table order (so sorted),
/// then [`MNEMONIC_COUNT`]..: padding; a mnemonic longer than 16 bytes would not fit (a
/// compile-time check).
pub(super) static MNEMONIC_KEYS: [(u128, u16); N] = MNEMONIC_KEYS_CONST;

/// [`MNEMONIC_KEYS`] as a `const`, for the tables computed from it; `MNEMONIC_KEYS` is its one
/// run-time copy.
#[allow(clippy::large_const_arrays)]
const MNEMONIC_KEYS_CONST: [(u128, u16); N] = {
    let mut out = [(u128::MAX, N as u16); N];
    let mut n = 0;
    let mut i = 0;
    while i < N {
        if i == 0 || !same_str(SORTED[i].mnemonic, SORTED[i - 1].mnemonic) {
            assert!(SORTED[i].mnemonic.len() <= 16, "a mnemonic longer than 16 bytes");
            out[n] = (name_key128(SORTED[i].mnemonic.as_bytes()), i as u16);
            n += 1;
        }
        i += 1;
    }
    out
};

/// How many mnemonics the table has.
pub(super) const MNEMONIC_COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < N {
        if i == 0 || !same_str(SORTED[i].mnemonic, SORTED[i - 1].mnemonic) {
            n += 1;
        }
        i += 1;
    }
    n
};

/// The bits of [`MNEMONIC_HASH`]'s index: a table of at least four slots per mnemonic.
pub(crate) const MNEMONIC_HASH_BITS: u32 = {
    let mut bits = 4;
    while (1usize << bits) < 4 * MNEMONIC_COUNT {
        bits += 1;
    }
    bits
};

/// The slot of a [`name_key128`] key in [`MNEMONIC_HASH`]: its two halves folded, multiplied
/// and the top bits taken.
pub(crate) const fn mnemonic_hash(k: u128) -> usize {
    let folded = (k as u64) ^ ((k >> 64) as u64).rotate_left(29);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - MNEMONIC_HASH_BITS)) as usize
}

/// An open-addressing hash table (linear probing) of the mnemonics: each slot holds an index
/// into [`MNEMONIC_KEYS`], or `u16::MAX` when empty. Built at compile time.
pub(crate) static MNEMONIC_HASH: [u16; 1 << MNEMONIC_HASH_BITS] = {
    let mask = (1usize << MNEMONIC_HASH_BITS) - 1;
    let mut out = [u16::MAX; 1 << MNEMONIC_HASH_BITS];
    let mut m = 0;
    while m < MNEMONIC_COUNT {
        let mut slot = mnemonic_hash(MNEMONIC_KEYS_CONST[m].0);
        while out[slot] != u16::MAX {
            slot = (slot + 1) & mask;
        }
        out[slot] = m as u16;
        m += 1;
    }
    out
};

/// For every row, whether one of its operand kinds accepts by value (fixed register, the
/// literal 1, an immediate range), see [`Kind::is_value_dependent`].
pub(super) static VALUE_DEPENDENT: [bool; N] = {
    let mut out = [false; N];
    let mut i = 0;
    while i < N {
        let ops = SORTED[i].operands;
        let mut j = 0;
        while j < ops.len() {
            if ops[j].0.is_value_dependent() {
                out[i] = true;
            }
            j += 1;
        }
        i += 1;
    }
    out
};

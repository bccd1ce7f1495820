//! THE instruction table: one line per encoding form, grouped and sorted by mnemonic.
//!
//! Line format (see `../shared`-style notation in the crate docs):
//!
//! ```text
//! id                mnemonic  [kind slot, ...]           prefix REX.W [opcode bytes]  modrm flags;
//! add_rm64_imm8s64  "add"     [Rm64 Rm, Imm8s64 Ib]      _      W     [0x83]          d0    LOCK;
//! ```
//!
//! * `prefix`: `_`, `p66` (operand size or mandatory 66), `pF2`, `pF3`, `p67` (address size).
//! * `modrm`: `_` (none), `r` (`/r`), `d0`..`d7` (`/digit`).
//! * flags: `LOCK` (lock prefix allowed), `SIZED` (memory needs an explicit size keyword),
//!   `REP` (rep prefixes allowed), `NOTZERO` (the opcode-register operand must not be register 0),
//!   `O16` (a 66 operand-size prefix goes before the mandatory prefix: 16-bit `popcnt`).
//!
//! Among rows that accept the same operands the shorter encoding comes first: the matcher takes the
//! first row that accepts, which is how `add rax, 4` gets `83 /0 ib` and `add rax, 400` gets `05 id`.
//! Adding a form is adding one line here (keep the mnemonic groups sorted; a test checks it).

use super::{Form, Kind::*, ModRm, Slot::*};

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
}

macro_rules! forms {
    ($($id:ident $mn:literal [$($kind:ident $slot:ident),*] $pfx:tt $w:tt [$($op:literal),+] $modrm:tt $($flag:ident)*;)*) => {
        /// The identifier of every row of the table, in table order (`FORMS[id as usize]`).
        #[allow(non_camel_case_types)]
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
        #[repr(u16)]
        pub enum FormId {
            $(
                #[doc = concat!("`", $mn, "` ", $(stringify!($kind), " ",)* "")]
                $id,
            )*
        }

        /// Every encoding form, sorted by mnemonic.
        pub static FORMS: &[Form] = ROWS;

        const ROWS: &[Form] = &[
            $(Form {
                id: FormId::$id,
                mnemonic: $mn,
                operands: &[$(($kind, $slot)),*],
                prefix: prefix!($pfx),
                rex_w: rex_w!($w),
                opcode: &[$($op),+],
                modrm: modrm!($modrm),
                flags: flags!($($flag)*),
            },)*
        ];

        /// For every row, the index of the first row of its mnemonic (computed at compile time).
        pub(super) static GROUP_START: [u16; ROWS.len()] = group_starts();

        /// For every row, whether one of its operand kinds accepts by value (fixed register,
        /// the literal 1, an immediate range).
        pub(super) static VALUE_DEPENDENT: [bool; ROWS.len()] = value_dependent();

        const fn value_dependent() -> [bool; ROWS.len()] {
            let mut out = [false; ROWS.len()];
            let mut i = 0;
            while i < ROWS.len() {
                let ops = ROWS[i].operands;
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
        }

        const fn group_starts() -> [u16; ROWS.len()] {
            let mut out = [0u16; ROWS.len()];
            let mut i = 1;
            while i < ROWS.len() {
                out[i] = if same_str(ROWS[i].mnemonic, ROWS[i - 1].mnemonic) { out[i - 1] } else { i as u16 };
                i += 1;
            }
            out
        }

        const fn same_str(a: &str, b: &str) -> bool {
            let (a, b) = (a.as_bytes(), b.as_bytes());
            if a.len() != b.len() {
                return false;
            }
            let mut i = 0;
            while i < a.len() {
                if a[i] != b[i] {
                    return false;
                }
                i += 1;
            }
            true
        }
    };
}

forms! {
    adc_al_imm8              "adc"        [Al Implicit, Imm8 Ib]           _    _ [0x14]               _;
    adc_rm8_imm8             "adc"        [Rm8 Rm, Imm8 Ib]                _    _ [0x80]               d2 LOCK;
    adc_rm16_imm8s16         "adc"        [Rm16 Rm, Imm8s16 Ib]            p66  _ [0x83]               d2 LOCK;
    adc_ax_imm16             "adc"        [Ax Implicit, Imm16 Iw]          p66  _ [0x15]               _;
    adc_rm16_imm16           "adc"        [Rm16 Rm, Imm16 Iw]              p66  _ [0x81]               d2 LOCK;
    adc_rm32_imm8s32         "adc"        [Rm32 Rm, Imm8s32 Ib]            _    _ [0x83]               d2 LOCK;
    adc_eax_imm32            "adc"        [Eax Implicit, Imm32 Id]         _    _ [0x15]               _;
    adc_rm32_imm32           "adc"        [Rm32 Rm, Imm32 Id]              _    _ [0x81]               d2 LOCK;
    adc_rm64_imm8s64         "adc"        [Rm64 Rm, Imm8s64 Ib]            _    W [0x83]               d2 LOCK;
    adc_rax_imm32s           "adc"        [Rax Implicit, Imm32s Id]        _    W [0x15]               _;
    adc_rm64_imm32s          "adc"        [Rm64 Rm, Imm32s Id]             _    W [0x81]               d2 LOCK;
    adc_rm8_r8               "adc"        [Rm8 Rm, R8 Reg]                 _    _ [0x10]               r LOCK;
    adc_rm16_r16             "adc"        [Rm16 Rm, R16 Reg]               p66  _ [0x11]               r LOCK;
    adc_rm32_r32             "adc"        [Rm32 Rm, R32 Reg]               _    _ [0x11]               r LOCK;
    adc_rm64_r64             "adc"        [Rm64 Rm, R64 Reg]               _    W [0x11]               r LOCK;
    adc_r8_rm8               "adc"        [R8 Reg, Rm8 Rm]                 _    _ [0x12]               r;
    adc_r16_rm16             "adc"        [R16 Reg, Rm16 Rm]               p66  _ [0x13]               r;
    adc_r32_rm32             "adc"        [R32 Reg, Rm32 Rm]               _    _ [0x13]               r;
    adc_r64_rm64             "adc"        [R64 Reg, Rm64 Rm]               _    W [0x13]               r;
    add_al_imm8              "add"        [Al Implicit, Imm8 Ib]           _    _ [0x04]               _;
    add_rm8_imm8             "add"        [Rm8 Rm, Imm8 Ib]                _    _ [0x80]               d0 LOCK;
    add_rm16_imm8s16         "add"        [Rm16 Rm, Imm8s16 Ib]            p66  _ [0x83]               d0 LOCK;
    add_ax_imm16             "add"        [Ax Implicit, Imm16 Iw]          p66  _ [0x05]               _;
    add_rm16_imm16           "add"        [Rm16 Rm, Imm16 Iw]              p66  _ [0x81]               d0 LOCK;
    add_rm32_imm8s32         "add"        [Rm32 Rm, Imm8s32 Ib]            _    _ [0x83]               d0 LOCK;
    add_eax_imm32            "add"        [Eax Implicit, Imm32 Id]         _    _ [0x05]               _;
    add_rm32_imm32           "add"        [Rm32 Rm, Imm32 Id]              _    _ [0x81]               d0 LOCK;
    add_rm64_imm8s64         "add"        [Rm64 Rm, Imm8s64 Ib]            _    W [0x83]               d0 LOCK;
    add_rax_imm32s           "add"        [Rax Implicit, Imm32s Id]        _    W [0x05]               _;
    add_rm64_imm32s          "add"        [Rm64 Rm, Imm32s Id]             _    W [0x81]               d0 LOCK;
    add_rm8_r8               "add"        [Rm8 Rm, R8 Reg]                 _    _ [0x00]               r LOCK;
    add_rm16_r16             "add"        [Rm16 Rm, R16 Reg]               p66  _ [0x01]               r LOCK;
    add_rm32_r32             "add"        [Rm32 Rm, R32 Reg]               _    _ [0x01]               r LOCK;
    add_rm64_r64             "add"        [Rm64 Rm, R64 Reg]               _    W [0x01]               r LOCK;
    add_r8_rm8               "add"        [R8 Reg, Rm8 Rm]                 _    _ [0x02]               r;
    add_r16_rm16             "add"        [R16 Reg, Rm16 Rm]               p66  _ [0x03]               r;
    add_r32_rm32             "add"        [R32 Reg, Rm32 Rm]               _    _ [0x03]               r;
    add_r64_rm64             "add"        [R64 Reg, Rm64 Rm]               _    W [0x03]               r;
    addpd_xmm_xmmm128        "addpd"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x58]         r;
    addps_xmm_xmmm128        "addps"      [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x58]         r;
    addsd_xmm_xmmm64         "addsd"      [Xmm Reg, XmmM64 Rm]             pF2  _ [0x0F, 0x58]         r;
    addss_xmm_xmmm32         "addss"      [Xmm Reg, XmmM32 Rm]             pF3  _ [0x0F, 0x58]         r;
    and_al_imm8              "and"        [Al Implicit, Imm8 Ib]           _    _ [0x24]               _;
    and_rm8_imm8             "and"        [Rm8 Rm, Imm8 Ib]                _    _ [0x80]               d4 LOCK;
    and_rm16_imm8s16         "and"        [Rm16 Rm, Imm8s16 Ib]            p66  _ [0x83]               d4 LOCK;
    and_ax_imm16             "and"        [Ax Implicit, Imm16 Iw]          p66  _ [0x25]               _;
    and_rm16_imm16           "and"        [Rm16 Rm, Imm16 Iw]              p66  _ [0x81]               d4 LOCK;
    and_rm32_imm8s32         "and"        [Rm32 Rm, Imm8s32 Ib]            _    _ [0x83]               d4 LOCK;
    and_eax_imm32            "and"        [Eax Implicit, Imm32 Id]         _    _ [0x25]               _;
    and_rm32_imm32           "and"        [Rm32 Rm, Imm32 Id]              _    _ [0x81]               d4 LOCK;
    and_rm64_imm8s64         "and"        [Rm64 Rm, Imm8s64 Ib]            _    W [0x83]               d4 LOCK;
    and_rax_imm32s           "and"        [Rax Implicit, Imm32s Id]        _    W [0x25]               _;
    and_rm64_imm32s          "and"        [Rm64 Rm, Imm32s Id]             _    W [0x81]               d4 LOCK;
    and_rm8_r8               "and"        [Rm8 Rm, R8 Reg]                 _    _ [0x20]               r LOCK;
    and_rm16_r16             "and"        [Rm16 Rm, R16 Reg]               p66  _ [0x21]               r LOCK;
    and_rm32_r32             "and"        [Rm32 Rm, R32 Reg]               _    _ [0x21]               r LOCK;
    and_rm64_r64             "and"        [Rm64 Rm, R64 Reg]               _    W [0x21]               r LOCK;
    and_r8_rm8               "and"        [R8 Reg, Rm8 Rm]                 _    _ [0x22]               r;
    and_r16_rm16             "and"        [R16 Reg, Rm16 Rm]               p66  _ [0x23]               r;
    and_r32_rm32             "and"        [R32 Reg, Rm32 Rm]               _    _ [0x23]               r;
    and_r64_rm64             "and"        [R64 Reg, Rm64 Rm]               _    W [0x23]               r;
    andnpd_xmm_xmmm128       "andnpd"     [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x55]           r;
    andnps_xmm_xmmm128       "andnps"     [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x55]           r;
    andpd_xmm_xmmm128        "andpd"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x54]         r;
    andps_xmm_xmmm128        "andps"      [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x54]         r;
    bsf_r16_rm16             "bsf"        [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0xBC]         r;
    bsf_r32_rm32             "bsf"        [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0xBC]         r;
    bsf_r64_rm64             "bsf"        [R64 Reg, Rm64 Rm]               _    W [0x0F, 0xBC]         r;
    bsr_r16_rm16             "bsr"        [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0xBD]         r;
    bsr_r32_rm32             "bsr"        [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0xBD]         r;
    bsr_r64_rm64             "bsr"        [R64 Reg, Rm64 Rm]               _    W [0x0F, 0xBD]         r;
    bswap_r32                "bswap"      [R32 Op]                         _    _ [0x0F, 0xC8]         _;
    bswap_r64                "bswap"      [R64 Op]                         _    W [0x0F, 0xC8]         _;
    bt_rm16_r16              "bt"         [Rm16 Rm, R16 Reg]               p66  _ [0x0F, 0xA3]         r;
    bt_rm16_imm8             "bt"         [Rm16 Rm, Imm8 Ib]               p66  _ [0x0F, 0xBA]         d4;
    bt_rm32_r32              "bt"         [Rm32 Rm, R32 Reg]               _    _ [0x0F, 0xA3]         r;
    bt_rm32_imm8             "bt"         [Rm32 Rm, Imm8 Ib]               _    _ [0x0F, 0xBA]         d4;
    bt_rm64_r64              "bt"         [Rm64 Rm, R64 Reg]               _    W [0x0F, 0xA3]         r;
    bt_rm64_imm8             "bt"         [Rm64 Rm, Imm8 Ib]               _    W [0x0F, 0xBA]         d4;
    btc_rm16_r16             "btc"        [Rm16 Rm, R16 Reg]               p66  _ [0x0F, 0xBB]         r LOCK;
    btc_rm16_imm8            "btc"        [Rm16 Rm, Imm8 Ib]               p66  _ [0x0F, 0xBA]         d7 LOCK;
    btc_rm32_r32             "btc"        [Rm32 Rm, R32 Reg]               _    _ [0x0F, 0xBB]         r LOCK;
    btc_rm32_imm8            "btc"        [Rm32 Rm, Imm8 Ib]               _    _ [0x0F, 0xBA]         d7 LOCK;
    btc_rm64_r64             "btc"        [Rm64 Rm, R64 Reg]               _    W [0x0F, 0xBB]         r LOCK;
    btc_rm64_imm8            "btc"        [Rm64 Rm, Imm8 Ib]               _    W [0x0F, 0xBA]         d7 LOCK;
    btr_rm16_r16             "btr"        [Rm16 Rm, R16 Reg]               p66  _ [0x0F, 0xB3]         r LOCK;
    btr_rm16_imm8            "btr"        [Rm16 Rm, Imm8 Ib]               p66  _ [0x0F, 0xBA]         d6 LOCK;
    btr_rm32_r32             "btr"        [Rm32 Rm, R32 Reg]               _    _ [0x0F, 0xB3]         r LOCK;
    btr_rm32_imm8            "btr"        [Rm32 Rm, Imm8 Ib]               _    _ [0x0F, 0xBA]         d6 LOCK;
    btr_rm64_r64             "btr"        [Rm64 Rm, R64 Reg]               _    W [0x0F, 0xB3]         r LOCK;
    btr_rm64_imm8            "btr"        [Rm64 Rm, Imm8 Ib]               _    W [0x0F, 0xBA]         d6 LOCK;
    bts_rm16_r16             "bts"        [Rm16 Rm, R16 Reg]               p66  _ [0x0F, 0xAB]         r LOCK;
    bts_rm16_imm8            "bts"        [Rm16 Rm, Imm8 Ib]               p66  _ [0x0F, 0xBA]         d5 LOCK;
    bts_rm32_r32             "bts"        [Rm32 Rm, R32 Reg]               _    _ [0x0F, 0xAB]         r LOCK;
    bts_rm32_imm8            "bts"        [Rm32 Rm, Imm8 Ib]               _    _ [0x0F, 0xBA]         d5 LOCK;
    bts_rm64_r64             "bts"        [Rm64 Rm, R64 Reg]               _    W [0x0F, 0xAB]         r LOCK;
    bts_rm64_imm8            "bts"        [Rm64 Rm, Imm8 Ib]               _    W [0x0F, 0xBA]         d5 LOCK;
    call_rel32               "call"       [Rel32 Cd]                       _    _ [0xE8]               _;
    call_rm64                "call"       [Rm64 Rm]                        _    _ [0xFF]               d2;
    cbw                      "cbw"        []                               p66  _ [0x98]               _;
    cdq                      "cdq"        []                               _    _ [0x99]               _;
    cdqe                     "cdqe"       []                               _    W [0x98]               _;
    clc                      "clc"        []                               _    _ [0xF8]               _;
    cld                      "cld"        []                               _    _ [0xFC]               _;
    clflush_m8               "clflush"    [M8 Rm]                          _    _ [0x0F, 0xAE]           d7;
    cmc                      "cmc"        []                               _    _ [0xF5]               _;
    cmova_r16_rm16           "cmova"      [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x47]         r;
    cmova_r32_rm32           "cmova"      [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x47]         r;
    cmova_r64_rm64           "cmova"      [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x47]         r;
    cmovae_r16_rm16          "cmovae"     [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x43]         r;
    cmovae_r32_rm32          "cmovae"     [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x43]         r;
    cmovae_r64_rm64          "cmovae"     [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x43]         r;
    cmovb_r16_rm16           "cmovb"      [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x42]         r;
    cmovb_r32_rm32           "cmovb"      [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x42]         r;
    cmovb_r64_rm64           "cmovb"      [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x42]         r;
    cmovbe_r16_rm16          "cmovbe"     [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x46]         r;
    cmovbe_r32_rm32          "cmovbe"     [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x46]         r;
    cmovbe_r64_rm64          "cmovbe"     [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x46]         r;
    cmove_r16_rm16           "cmove"      [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x44]         r;
    cmove_r32_rm32           "cmove"      [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x44]         r;
    cmove_r64_rm64           "cmove"      [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x44]         r;
    cmovg_r16_rm16           "cmovg"      [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x4F]         r;
    cmovg_r32_rm32           "cmovg"      [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x4F]         r;
    cmovg_r64_rm64           "cmovg"      [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x4F]         r;
    cmovge_r16_rm16          "cmovge"     [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x4D]         r;
    cmovge_r32_rm32          "cmovge"     [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x4D]         r;
    cmovge_r64_rm64          "cmovge"     [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x4D]         r;
    cmovl_r16_rm16           "cmovl"      [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x4C]         r;
    cmovl_r32_rm32           "cmovl"      [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x4C]         r;
    cmovl_r64_rm64           "cmovl"      [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x4C]         r;
    cmovle_r16_rm16          "cmovle"     [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x4E]         r;
    cmovle_r32_rm32          "cmovle"     [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x4E]         r;
    cmovle_r64_rm64          "cmovle"     [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x4E]         r;
    cmovne_r16_rm16          "cmovne"     [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x45]         r;
    cmovne_r32_rm32          "cmovne"     [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x45]         r;
    cmovne_r64_rm64          "cmovne"     [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x45]         r;
    cmovno_r16_rm16          "cmovno"     [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x41]         r;
    cmovno_r32_rm32          "cmovno"     [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x41]         r;
    cmovno_r64_rm64          "cmovno"     [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x41]         r;
    cmovnp_r16_rm16          "cmovnp"     [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x4B]         r;
    cmovnp_r32_rm32          "cmovnp"     [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x4B]         r;
    cmovnp_r64_rm64          "cmovnp"     [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x4B]         r;
    cmovns_r16_rm16          "cmovns"     [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x49]         r;
    cmovns_r32_rm32          "cmovns"     [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x49]         r;
    cmovns_r64_rm64          "cmovns"     [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x49]         r;
    cmovo_r16_rm16           "cmovo"      [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x40]         r;
    cmovo_r32_rm32           "cmovo"      [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x40]         r;
    cmovo_r64_rm64           "cmovo"      [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x40]         r;
    cmovp_r16_rm16           "cmovp"      [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x4A]         r;
    cmovp_r32_rm32           "cmovp"      [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x4A]         r;
    cmovp_r64_rm64           "cmovp"      [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x4A]         r;
    cmovs_r16_rm16           "cmovs"      [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0x48]         r;
    cmovs_r32_rm32           "cmovs"      [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0x48]         r;
    cmovs_r64_rm64           "cmovs"      [R64 Reg, Rm64 Rm]               _    W [0x0F, 0x48]         r;
    cmp_al_imm8              "cmp"        [Al Implicit, Imm8 Ib]           _    _ [0x3C]               _;
    cmp_rm8_imm8             "cmp"        [Rm8 Rm, Imm8 Ib]                _    _ [0x80]               d7;
    cmp_rm16_imm8s16         "cmp"        [Rm16 Rm, Imm8s16 Ib]            p66  _ [0x83]               d7;
    cmp_ax_imm16             "cmp"        [Ax Implicit, Imm16 Iw]          p66  _ [0x3D]               _;
    cmp_rm16_imm16           "cmp"        [Rm16 Rm, Imm16 Iw]              p66  _ [0x81]               d7;
    cmp_rm32_imm8s32         "cmp"        [Rm32 Rm, Imm8s32 Ib]            _    _ [0x83]               d7;
    cmp_eax_imm32            "cmp"        [Eax Implicit, Imm32 Id]         _    _ [0x3D]               _;
    cmp_rm32_imm32           "cmp"        [Rm32 Rm, Imm32 Id]              _    _ [0x81]               d7;
    cmp_rm64_imm8s64         "cmp"        [Rm64 Rm, Imm8s64 Ib]            _    W [0x83]               d7;
    cmp_rax_imm32s           "cmp"        [Rax Implicit, Imm32s Id]        _    W [0x3D]               _;
    cmp_rm64_imm32s          "cmp"        [Rm64 Rm, Imm32s Id]             _    W [0x81]               d7;
    cmp_rm8_r8               "cmp"        [Rm8 Rm, R8 Reg]                 _    _ [0x38]               r;
    cmp_rm16_r16             "cmp"        [Rm16 Rm, R16 Reg]               p66  _ [0x39]               r;
    cmp_rm32_r32             "cmp"        [Rm32 Rm, R32 Reg]               _    _ [0x39]               r;
    cmp_rm64_r64             "cmp"        [Rm64 Rm, R64 Reg]               _    W [0x39]               r;
    cmp_r8_rm8               "cmp"        [R8 Reg, Rm8 Rm]                 _    _ [0x3A]               r;
    cmp_r16_rm16             "cmp"        [R16 Reg, Rm16 Rm]               p66  _ [0x3B]               r;
    cmp_r32_rm32             "cmp"        [R32 Reg, Rm32 Rm]               _    _ [0x3B]               r;
    cmp_r64_rm64             "cmp"        [R64 Reg, Rm64 Rm]               _    W [0x3B]               r;
    cmppd_xmm_xmmm128_imm8   "cmppd"      [Xmm Reg, XmmM128 Rm, Imm8 Ib]   p66  _ [0x0F, 0xC2]           r;
    cmpps_xmm_xmmm128_imm8   "cmpps"      [Xmm Reg, XmmM128 Rm, Imm8 Ib]   _    _ [0x0F, 0xC2]           r;
    cmpsb                    "cmpsb"      []                               _    _ [0xA6]               _ REP;
    cmpsd_xmm_xmmm64_imm8    "cmpsd"      [Xmm Reg, XmmM64 Rm, Imm8 Ib]    pF2  _ [0x0F, 0xC2]           r;
    cmpsq                    "cmpsq"      []                               _    W [0xA7]               _ REP;
    cmpss_xmm_xmmm32_imm8    "cmpss"      [Xmm Reg, XmmM32 Rm, Imm8 Ib]    pF3  _ [0x0F, 0xC2]           r;
    cmpxchg_rm8_r8           "cmpxchg"    [Rm8 Rm, R8 Reg]                 _    _ [0x0F, 0xB0]         r LOCK;
    cmpxchg_rm16_r16         "cmpxchg"    [Rm16 Rm, R16 Reg]               p66  _ [0x0F, 0xB1]         r LOCK;
    cmpxchg_rm32_r32         "cmpxchg"    [Rm32 Rm, R32 Reg]               _    _ [0x0F, 0xB1]         r LOCK;
    cmpxchg_rm64_r64         "cmpxchg"    [Rm64 Rm, R64 Reg]               _    W [0x0F, 0xB1]         r LOCK;
    cmpxchg16b_m128          "cmpxchg16b" [M128 Rm]                        _    W [0x0F, 0xC7]           d1 LOCK;
    cmpxchg8b_m64            "cmpxchg8b"  [M64 Rm]                         _    _ [0x0F, 0xC7]           d1 LOCK;
    comisd_xmm_xmmm64        "comisd"     [Xmm Reg, XmmM64 Rm]             p66  _ [0x0F, 0x2F]         r;
    comiss_xmm_xmmm32        "comiss"     [Xmm Reg, XmmM32 Rm]             _    _ [0x0F, 0x2F]         r;
    cpuid                    "cpuid"      []                               _    _ [0x0F, 0xA2]         _;
    cqo                      "cqo"        []                               _    W [0x99]               _;
    crc32_r32_rm8            "crc32"      [R32 Reg, Rm8 Rm]                pF2  _ [0x0F, 0x38, 0xF0]     r;
    crc32_r32_rm16           "crc32"      [R32 Reg, Rm16 Rm]               pF2  _ [0x0F, 0x38, 0xF1]     r O16;
    crc32_r32_rm32           "crc32"      [R32 Reg, Rm32 Rm]               pF2  _ [0x0F, 0x38, 0xF1]     r;
    crc32_r64_rm8            "crc32"      [R64 Reg, Rm8 Rm]                pF2  W [0x0F, 0x38, 0xF0]     r;
    crc32_r64_rm64           "crc32"      [R64 Reg, Rm64 Rm]               pF2  W [0x0F, 0x38, 0xF1]     r;
    cvtdq2pd_xmm_xmmm64      "cvtdq2pd"   [Xmm Reg, XmmM64 Rm]             pF3  _ [0x0F, 0xE6]           r;
    cvtdq2ps_xmm_xmmm128     "cvtdq2ps"   [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x5B]           r;
    cvtpd2dq_xmm_xmmm128     "cvtpd2dq"   [Xmm Reg, XmmM128 Rm]            pF2  _ [0x0F, 0xE6]           r;
    cvtpd2ps_xmm_xmmm128     "cvtpd2ps"   [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x5A]           r;
    cvtps2dq_xmm_xmmm128     "cvtps2dq"   [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x5B]           r;
    cvtps2pd_xmm_xmmm64      "cvtps2pd"   [Xmm Reg, XmmM64 Rm]             _    _ [0x0F, 0x5A]           r;
    cvtsd2si_r32_xmmm64      "cvtsd2si"   [R32 Reg, XmmM64 Rm]             pF2  _ [0x0F, 0x2D]         r;
    cvtsd2si_r64_xmmm64      "cvtsd2si"   [R64 Reg, XmmM64 Rm]             pF2  W [0x0F, 0x2D]         r;
    cvtsd2ss_xmm_xmmm64      "cvtsd2ss"   [Xmm Reg, XmmM64 Rm]             pF2  _ [0x0F, 0x5A]         r;
    cvtsi2sd_xmm_rm32        "cvtsi2sd"   [Xmm Reg, Rm32 Rm]               pF2  _ [0x0F, 0x2A]         r;
    cvtsi2sd_xmm_rm64        "cvtsi2sd"   [Xmm Reg, Rm64 Rm]               pF2  W [0x0F, 0x2A]         r;
    cvtsi2ss_xmm_rm32        "cvtsi2ss"   [Xmm Reg, Rm32 Rm]               pF3  _ [0x0F, 0x2A]         r;
    cvtsi2ss_xmm_rm64        "cvtsi2ss"   [Xmm Reg, Rm64 Rm]               pF3  W [0x0F, 0x2A]         r;
    cvtss2sd_xmm_xmmm32      "cvtss2sd"   [Xmm Reg, XmmM32 Rm]             pF3  _ [0x0F, 0x5A]         r;
    cvtss2si_r32_xmmm32      "cvtss2si"   [R32 Reg, XmmM32 Rm]             pF3  _ [0x0F, 0x2D]         r;
    cvtss2si_r64_xmmm32      "cvtss2si"   [R64 Reg, XmmM32 Rm]             pF3  W [0x0F, 0x2D]         r;
    cvttpd2dq_xmm_xmmm128    "cvttpd2dq"  [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xE6]           r;
    cvttps2dq_xmm_xmmm128    "cvttps2dq"  [Xmm Reg, XmmM128 Rm]            pF3  _ [0x0F, 0x5B]           r;
    cvttsd2si_r32_xmmm64     "cvttsd2si"  [R32 Reg, XmmM64 Rm]             pF2  _ [0x0F, 0x2C]         r;
    cvttsd2si_r64_xmmm64     "cvttsd2si"  [R64 Reg, XmmM64 Rm]             pF2  W [0x0F, 0x2C]         r;
    cvttss2si_r32_xmmm32     "cvttss2si"  [R32 Reg, XmmM32 Rm]             pF3  _ [0x0F, 0x2C]         r;
    cvttss2si_r64_xmmm32     "cvttss2si"  [R64 Reg, XmmM32 Rm]             pF3  W [0x0F, 0x2C]         r;
    cwd                      "cwd"        []                               p66  _ [0x99]               _;
    cwde                     "cwde"       []                               _    _ [0x98]               _;
    dec_rm8                  "dec"        [Rm8 Rm]                         _    _ [0xFE]               d1 LOCK;
    dec_rm16                 "dec"        [Rm16 Rm]                        p66  _ [0xFF]               d1 LOCK;
    dec_rm32                 "dec"        [Rm32 Rm]                        _    _ [0xFF]               d1 LOCK;
    dec_rm64                 "dec"        [Rm64 Rm]                        _    W [0xFF]               d1 LOCK;
    div_rm8                  "div"        [Rm8 Rm]                         _    _ [0xF6]               d6;
    div_rm16                 "div"        [Rm16 Rm]                        p66  _ [0xF7]               d6;
    div_rm32                 "div"        [Rm32 Rm]                        _    _ [0xF7]               d6;
    div_rm64                 "div"        [Rm64 Rm]                        _    W [0xF7]               d6;
    div_al_rm8               "div"        [Al Implicit, Rm8 Rm]            _    _ [0xF6]               d6;
    div_ax_rm16              "div"        [Ax Implicit, Rm16 Rm]           p66  _ [0xF7]               d6;
    div_eax_rm32             "div"        [Eax Implicit, Rm32 Rm]          _    _ [0xF7]               d6;
    div_rax_rm64             "div"        [Rax Implicit, Rm64 Rm]          _    W [0xF7]               d6;
    divpd_xmm_xmmm128        "divpd"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x5E]         r;
    divps_xmm_xmmm128        "divps"      [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x5E]         r;
    divsd_xmm_xmmm64         "divsd"      [Xmm Reg, XmmM64 Rm]             pF2  _ [0x0F, 0x5E]         r;
    divss_xmm_xmmm32         "divss"      [Xmm Reg, XmmM32 Rm]             pF3  _ [0x0F, 0x5E]         r;
    hlt                      "hlt"        []                               _    _ [0xF4]               _;
    idiv_rm8                 "idiv"       [Rm8 Rm]                         _    _ [0xF6]               d7;
    idiv_rm16                "idiv"       [Rm16 Rm]                        p66  _ [0xF7]               d7;
    idiv_rm32                "idiv"       [Rm32 Rm]                        _    _ [0xF7]               d7;
    idiv_rm64                "idiv"       [Rm64 Rm]                        _    W [0xF7]               d7;
    idiv_al_rm8              "idiv"       [Al Implicit, Rm8 Rm]            _    _ [0xF6]               d7;
    idiv_ax_rm16             "idiv"       [Ax Implicit, Rm16 Rm]           p66  _ [0xF7]               d7;
    idiv_eax_rm32            "idiv"       [Eax Implicit, Rm32 Rm]          _    _ [0xF7]               d7;
    idiv_rax_rm64            "idiv"       [Rax Implicit, Rm64 Rm]          _    W [0xF7]               d7;
    imul_rm8                 "imul"       [Rm8 Rm]                         _    _ [0xF6]               d5;
    imul_rm16                "imul"       [Rm16 Rm]                        p66  _ [0xF7]               d5;
    imul_rm32                "imul"       [Rm32 Rm]                        _    _ [0xF7]               d5;
    imul_rm64                "imul"       [Rm64 Rm]                        _    W [0xF7]               d5;
    imul_r16_rm16            "imul"       [R16 Reg, Rm16 Rm]               p66  _ [0x0F, 0xAF]         r;
    imul_r32_rm32            "imul"       [R32 Reg, Rm32 Rm]               _    _ [0x0F, 0xAF]         r;
    imul_r64_rm64            "imul"       [R64 Reg, Rm64 Rm]               _    W [0x0F, 0xAF]         r;
    imul_r16_rm16_imm8s16    "imul"       [R16 Reg, Rm16 Rm, Imm8s16 Ib]   p66  _ [0x6B]               r;
    imul_r16_rm16_imm16      "imul"       [R16 Reg, Rm16 Rm, Imm16 Iw]     p66  _ [0x69]               r;
    imul_r32_rm32_imm8s32    "imul"       [R32 Reg, Rm32 Rm, Imm8s32 Ib]   _    _ [0x6B]               r;
    imul_r32_rm32_imm32      "imul"       [R32 Reg, Rm32 Rm, Imm32 Id]     _    _ [0x69]               r;
    imul_r64_rm64_imm8s64    "imul"       [R64 Reg, Rm64 Rm, Imm8s64 Ib]   _    W [0x6B]               r;
    imul_r64_rm64_imm32s     "imul"       [R64 Reg, Rm64 Rm, Imm32s Id]    _    W [0x69]               r;
    imul_r16_imm8s16         "imul"       [R16 RegRm, Imm8s16 Ib]          p66  _ [0x6B]               r;
    imul_r16_imm16           "imul"       [R16 RegRm, Imm16 Iw]            p66  _ [0x69]               r;
    imul_r32_imm8s32         "imul"       [R32 RegRm, Imm8s32 Ib]          _    _ [0x6B]               r;
    imul_r32_imm32           "imul"       [R32 RegRm, Imm32 Id]            _    _ [0x69]               r;
    imul_r64_imm8s64         "imul"       [R64 RegRm, Imm8s64 Ib]          _    W [0x6B]               r;
    imul_r64_imm32s          "imul"       [R64 RegRm, Imm32s Id]           _    W [0x69]               r;
    in_al_imm8               "in"         [Al Implicit, Imm8 Ib]           _    _ [0xE4]               _;
    in_ax_imm8               "in"         [Ax Implicit, Imm8 Ib]           p66  _ [0xE5]               _;
    in_eax_imm8              "in"         [Eax Implicit, Imm8 Ib]          _    _ [0xE5]               _;
    in_al_dx                 "in"         [Al Implicit, Dx Implicit]       _    _ [0xEC]               _;
    in_ax_dx                 "in"         [Ax Implicit, Dx Implicit]       p66  _ [0xED]               _;
    in_eax_dx                "in"         [Eax Implicit, Dx Implicit]      _    _ [0xED]               _;
    inc_rm8                  "inc"        [Rm8 Rm]                         _    _ [0xFE]               d0 LOCK;
    inc_rm16                 "inc"        [Rm16 Rm]                        p66  _ [0xFF]               d0 LOCK;
    inc_rm32                 "inc"        [Rm32 Rm]                        _    _ [0xFF]               d0 LOCK;
    inc_rm64                 "inc"        [Rm64 Rm]                        _    W [0xFF]               d0 LOCK;
    int_3                    "int"        [Three Implicit]                 _    _ [0xCC]               _;
    int_imm8                 "int"        [Imm8 Ib]                        _    _ [0xCD]               _;
    int3                     "int3"       []                               _    _ [0xCC]               _;
    ja_rel8                  "ja"         [Rel8 Cb]                        _    _ [0x77]               _;
    ja_rel32                 "ja"         [Rel32 Cd]                       _    _ [0x0F, 0x87]         _;
    jae_rel8                 "jae"        [Rel8 Cb]                        _    _ [0x73]               _;
    jae_rel32                "jae"        [Rel32 Cd]                       _    _ [0x0F, 0x83]         _;
    jb_rel8                  "jb"         [Rel8 Cb]                        _    _ [0x72]               _;
    jb_rel32                 "jb"         [Rel32 Cd]                       _    _ [0x0F, 0x82]         _;
    jbe_rel8                 "jbe"        [Rel8 Cb]                        _    _ [0x76]               _;
    jbe_rel32                "jbe"        [Rel32 Cd]                       _    _ [0x0F, 0x86]         _;
    je_rel8                  "je"         [Rel8 Cb]                        _    _ [0x74]               _;
    je_rel32                 "je"         [Rel32 Cd]                       _    _ [0x0F, 0x84]         _;
    jecxz_rel8               "jecxz"      [Rel8 Cb]                        p67  _ [0xE3]               _;
    jg_rel8                  "jg"         [Rel8 Cb]                        _    _ [0x7F]               _;
    jg_rel32                 "jg"         [Rel32 Cd]                       _    _ [0x0F, 0x8F]         _;
    jge_rel8                 "jge"        [Rel8 Cb]                        _    _ [0x7D]               _;
    jge_rel32                "jge"        [Rel32 Cd]                       _    _ [0x0F, 0x8D]         _;
    jl_rel8                  "jl"         [Rel8 Cb]                        _    _ [0x7C]               _;
    jl_rel32                 "jl"         [Rel32 Cd]                       _    _ [0x0F, 0x8C]         _;
    jle_rel8                 "jle"        [Rel8 Cb]                        _    _ [0x7E]               _;
    jle_rel32                "jle"        [Rel32 Cd]                       _    _ [0x0F, 0x8E]         _;
    jmp_rel8                 "jmp"        [Rel8 Cb]                        _    _ [0xEB]               _;
    jmp_rel32                "jmp"        [Rel32 Cd]                       _    _ [0xE9]               _;
    jmp_rm64                 "jmp"        [Rm64 Rm]                        _    _ [0xFF]               d4;
    jne_rel8                 "jne"        [Rel8 Cb]                        _    _ [0x75]               _;
    jne_rel32                "jne"        [Rel32 Cd]                       _    _ [0x0F, 0x85]         _;
    jno_rel8                 "jno"        [Rel8 Cb]                        _    _ [0x71]               _;
    jno_rel32                "jno"        [Rel32 Cd]                       _    _ [0x0F, 0x81]         _;
    jnp_rel8                 "jnp"        [Rel8 Cb]                        _    _ [0x7B]               _;
    jnp_rel32                "jnp"        [Rel32 Cd]                       _    _ [0x0F, 0x8B]         _;
    jns_rel8                 "jns"        [Rel8 Cb]                        _    _ [0x79]               _;
    jns_rel32                "jns"        [Rel32 Cd]                       _    _ [0x0F, 0x89]         _;
    jo_rel8                  "jo"         [Rel8 Cb]                        _    _ [0x70]               _;
    jo_rel32                 "jo"         [Rel32 Cd]                       _    _ [0x0F, 0x80]         _;
    jp_rel8                  "jp"         [Rel8 Cb]                        _    _ [0x7A]               _;
    jp_rel32                 "jp"         [Rel32 Cd]                       _    _ [0x0F, 0x8A]         _;
    jrcxz_rel8               "jrcxz"      [Rel8 Cb]                        _    _ [0xE3]               _;
    js_rel8                  "js"         [Rel8 Cb]                        _    _ [0x78]               _;
    js_rel32                 "js"         [Rel32 Cd]                       _    _ [0x0F, 0x88]         _;
    lahf                     "lahf"       []                               _    _ [0x9F]                 _;
    lea_r16_m                "lea"        [R16 Reg, M Rm]                  p66  _ [0x8D]               r;
    lea_r32_m                "lea"        [R32 Reg, M Rm]                  _    _ [0x8D]               r;
    lea_r64_m                "lea"        [R64 Reg, M Rm]                  _    W [0x8D]               r;
    leave                    "leave"      []                               _    _ [0xC9]               _;
    lfence                   "lfence"     []                               _    _ [0x0F, 0xAE, 0xE8]   _;
    lodsb                    "lodsb"      []                               _    _ [0xAC]               _ REP;
    lodsq                    "lodsq"      []                               _    W [0xAD]               _ REP;
    loop_rel8                "loop"       [Rel8 Cb]                        _    _ [0xE2]               _;
    loope_rel8               "loope"      [Rel8 Cb]                        _    _ [0xE1]               _;
    loopne_rel8              "loopne"     [Rel8 Cb]                        _    _ [0xE0]               _;
    lzcnt_r16_rm16           "lzcnt"      [R16 Reg, Rm16 Rm]               pF3  _ [0x0F, 0xBD]         r O16;
    lzcnt_r32_rm32           "lzcnt"      [R32 Reg, Rm32 Rm]               pF3  _ [0x0F, 0xBD]         r;
    lzcnt_r64_rm64           "lzcnt"      [R64 Reg, Rm64 Rm]               pF3  W [0x0F, 0xBD]         r;
    maxpd_xmm_xmmm128        "maxpd"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x5F]         r;
    maxps_xmm_xmmm128        "maxps"      [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x5F]         r;
    maxsd_xmm_xmmm64         "maxsd"      [Xmm Reg, XmmM64 Rm]             pF2  _ [0x0F, 0x5F]         r;
    maxss_xmm_xmmm32         "maxss"      [Xmm Reg, XmmM32 Rm]             pF3  _ [0x0F, 0x5F]         r;
    mfence                   "mfence"     []                               _    _ [0x0F, 0xAE, 0xF0]   _;
    minpd_xmm_xmmm128        "minpd"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x5D]         r;
    minps_xmm_xmmm128        "minps"      [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x5D]         r;
    minsd_xmm_xmmm64         "minsd"      [Xmm Reg, XmmM64 Rm]             pF2  _ [0x0F, 0x5D]         r;
    minss_xmm_xmmm32         "minss"      [Xmm Reg, XmmM32 Rm]             pF3  _ [0x0F, 0x5D]         r;
    mov_rm8_r8               "mov"        [Rm8 Rm, R8 Reg]                 _    _ [0x88]               r;
    mov_rm16_r16             "mov"        [Rm16 Rm, R16 Reg]               p66  _ [0x89]               r;
    mov_rm32_r32             "mov"        [Rm32 Rm, R32 Reg]               _    _ [0x89]               r;
    mov_rm64_r64             "mov"        [Rm64 Rm, R64 Reg]               _    W [0x89]               r;
    mov_r8_rm8               "mov"        [R8 Reg, Rm8 Rm]                 _    _ [0x8A]               r;
    mov_r16_rm16             "mov"        [R16 Reg, Rm16 Rm]               p66  _ [0x8B]               r;
    mov_r32_rm32             "mov"        [R32 Reg, Rm32 Rm]               _    _ [0x8B]               r;
    mov_r64_rm64             "mov"        [R64 Reg, Rm64 Rm]               _    W [0x8B]               r;
    mov_r8_imm8              "mov"        [R8 Op, Imm8 Ib]                 _    _ [0xB0]               _;
    mov_r16_imm16            "mov"        [R16 Op, Imm16 Iw]               p66  _ [0xB8]               _;
    mov_r32_imm32            "mov"        [R32 Op, Imm32 Id]               _    _ [0xB8]               _;
    mov_rm64_imm32s          "mov"        [Rm64 Rm, Imm32s Id]             _    W [0xC7]               d0;
    mov_r64_imm64            "mov"        [R64 Op, Imm64 Iq]               _    W [0xB8]               _;
    mov_rm8_imm8             "mov"        [Rm8 Rm, Imm8 Ib]                _    _ [0xC6]               d0;
    mov_rm16_imm16           "mov"        [Rm16 Rm, Imm16 Iw]              p66  _ [0xC7]               d0;
    mov_rm32_imm32           "mov"        [Rm32 Rm, Imm32 Id]              _    _ [0xC7]               d0;
    movabs_r64_imm64         "movabs"     [R64 Op, Imm64 Iq]               _    W [0xB8]               _;
    movapd_xmm_xmmm128       "movapd"     [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x28]         r;
    movapd_m128_xmm          "movapd"     [M128 Rm, Xmm Reg]               p66  _ [0x0F, 0x29]         r;
    movaps_xmm_xmmm128       "movaps"     [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x28]         r;
    movaps_m128_xmm          "movaps"     [M128 Rm, Xmm Reg]               _    _ [0x0F, 0x29]         r;
    movbe_r16_m16            "movbe"      [R16 Reg, M16 Rm]                p66  _ [0x0F, 0x38, 0xF0]     r;
    movbe_m16_r16            "movbe"      [M16 Rm, R16 Reg]                p66  _ [0x0F, 0x38, 0xF1]     r;
    movbe_r32_m32            "movbe"      [R32 Reg, M32 Rm]                _    _ [0x0F, 0x38, 0xF0]     r;
    movbe_m32_r32            "movbe"      [M32 Rm, R32 Reg]                _    _ [0x0F, 0x38, 0xF1]     r;
    movbe_r64_m64            "movbe"      [R64 Reg, M64 Rm]                _    W [0x0F, 0x38, 0xF0]     r;
    movbe_m64_r64            "movbe"      [M64 Rm, R64 Reg]                _    W [0x0F, 0x38, 0xF1]     r;
    movd_xmm_rm32            "movd"       [Xmm Reg, Rm32 Rm]               p66  _ [0x0F, 0x6E]         r;
    movd_rm32_xmm            "movd"       [Rm32 Rm, Xmm Reg]               p66  _ [0x0F, 0x7E]         r;
    movdqa_xmm_xmmm128       "movdqa"     [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x6F]         r;
    movdqa_m128_xmm          "movdqa"     [M128 Rm, Xmm Reg]               p66  _ [0x0F, 0x7F]         r;
    movdqu_xmm_xmmm128       "movdqu"     [Xmm Reg, XmmM128 Rm]            pF3  _ [0x0F, 0x6F]         r;
    movdqu_m128_xmm          "movdqu"     [M128 Rm, Xmm Reg]               pF3  _ [0x0F, 0x7F]         r;
    movhlps_xmm_xmm          "movhlps"    [Xmm Reg, Xmm Rm]                _    _ [0x0F, 0x12]           r;
    movhpd_xmm_m64           "movhpd"     [Xmm Reg, M64 Rm]                p66  _ [0x0F, 0x16]           r;
    movhpd_m64_xmm           "movhpd"     [M64 Rm, Xmm Reg]                p66  _ [0x0F, 0x17]           r;
    movhps_xmm_m64           "movhps"     [Xmm Reg, M64 Rm]                _    _ [0x0F, 0x16]           r;
    movhps_m64_xmm           "movhps"     [M64 Rm, Xmm Reg]                _    _ [0x0F, 0x17]           r;
    movlhps_xmm_xmm          "movlhps"    [Xmm Reg, Xmm Rm]                _    _ [0x0F, 0x16]           r;
    movlpd_xmm_m64           "movlpd"     [Xmm Reg, M64 Rm]                p66  _ [0x0F, 0x12]           r;
    movlpd_m64_xmm           "movlpd"     [M64 Rm, Xmm Reg]                p66  _ [0x0F, 0x13]           r;
    movlps_xmm_m64           "movlps"     [Xmm Reg, M64 Rm]                _    _ [0x0F, 0x12]           r;
    movlps_m64_xmm           "movlps"     [M64 Rm, Xmm Reg]                _    _ [0x0F, 0x13]           r;
    movmskpd_r32_xmm         "movmskpd"   [R32 Reg, Xmm Rm]                p66  _ [0x0F, 0x50]           r;
    movmskps_r32_xmm         "movmskps"   [R32 Reg, Xmm Rm]                _    _ [0x0F, 0x50]           r;
    movnti_m32_r32           "movnti"     [M32 Rm, R32 Reg]                _    _ [0x0F, 0xC3]           r;
    movnti_m64_r64           "movnti"     [M64 Rm, R64 Reg]                _    W [0x0F, 0xC3]           r;
    movq_xmm_xmmm64          "movq"       [Xmm Reg, XmmM64 Rm]             pF3  _ [0x0F, 0x7E]         r;
    movq_m64_xmm             "movq"       [M64 Rm, Xmm Reg]                p66  _ [0x0F, 0xD6]         r;
    movq_xmm_rm64            "movq"       [Xmm Reg, Rm64 Rm]               p66  W [0x0F, 0x6E]         r;
    movq_rm64_xmm            "movq"       [Rm64 Rm, Xmm Reg]               p66  W [0x0F, 0x7E]         r;
    movsb                    "movsb"      []                               _    _ [0xA4]               _ REP;
    movsd                    "movsd"      []                               _    _ [0xA5]               _ REP;
    movsd_xmm_xmmm64         "movsd"      [Xmm Reg, XmmM64 Rm]             pF2  _ [0x0F, 0x10]         r;
    movsd_m64_xmm            "movsd"      [M64 Rm, Xmm Reg]                pF2  _ [0x0F, 0x11]         r;
    movsq                    "movsq"      []                               _    W [0xA5]               _ REP;
    movss_xmm_xmmm32         "movss"      [Xmm Reg, XmmM32 Rm]             pF3  _ [0x0F, 0x10]         r;
    movss_m32_xmm            "movss"      [M32 Rm, Xmm Reg]                pF3  _ [0x0F, 0x11]         r;
    movsw                    "movsw"      []                               p66  _ [0xA5]               _ REP;
    movsx_r16_rm8            "movsx"      [R16 Reg, Rm8 Rm]                p66  _ [0x0F, 0xBE]         r;
    movsx_r32_rm8            "movsx"      [R32 Reg, Rm8 Rm]                _    _ [0x0F, 0xBE]         r;
    movsx_r64_rm8            "movsx"      [R64 Reg, Rm8 Rm]                _    W [0x0F, 0xBE]         r;
    movsx_r32_rm16           "movsx"      [R32 Reg, Rm16 Rm]               _    _ [0x0F, 0xBF]         r;
    movsx_r64_rm16           "movsx"      [R64 Reg, Rm16 Rm]               _    W [0x0F, 0xBF]         r;
    movsxd_r64_rm32          "movsxd"     [R64 Reg, Rm32 Rm]               _    W [0x63]               r;
    movupd_xmm_xmmm128       "movupd"     [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x10]         r;
    movupd_m128_xmm          "movupd"     [M128 Rm, Xmm Reg]               p66  _ [0x0F, 0x11]         r;
    movups_xmm_xmmm128       "movups"     [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x10]         r;
    movups_m128_xmm          "movups"     [M128 Rm, Xmm Reg]               _    _ [0x0F, 0x11]         r;
    movzx_r16_rm8            "movzx"      [R16 Reg, Rm8 Rm]                p66  _ [0x0F, 0xB6]         r;
    movzx_r32_rm8            "movzx"      [R32 Reg, Rm8 Rm]                _    _ [0x0F, 0xB6]         r;
    movzx_r64_rm8            "movzx"      [R64 Reg, Rm8 Rm]                _    W [0x0F, 0xB6]         r;
    movzx_r32_rm16           "movzx"      [R32 Reg, Rm16 Rm]               _    _ [0x0F, 0xB7]         r;
    movzx_r64_rm16           "movzx"      [R64 Reg, Rm16 Rm]               _    W [0x0F, 0xB7]         r;
    mul_rm8                  "mul"        [Rm8 Rm]                         _    _ [0xF6]               d4;
    mul_rm16                 "mul"        [Rm16 Rm]                        p66  _ [0xF7]               d4;
    mul_rm32                 "mul"        [Rm32 Rm]                        _    _ [0xF7]               d4;
    mul_rm64                 "mul"        [Rm64 Rm]                        _    W [0xF7]               d4;
    mulpd_xmm_xmmm128        "mulpd"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x59]         r;
    mulps_xmm_xmmm128        "mulps"      [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x59]         r;
    mulsd_xmm_xmmm64         "mulsd"      [Xmm Reg, XmmM64 Rm]             pF2  _ [0x0F, 0x59]         r;
    mulss_xmm_xmmm32         "mulss"      [Xmm Reg, XmmM32 Rm]             pF3  _ [0x0F, 0x59]         r;
    neg_rm8                  "neg"        [Rm8 Rm]                         _    _ [0xF6]               d3 LOCK;
    neg_rm16                 "neg"        [Rm16 Rm]                        p66  _ [0xF7]               d3 LOCK;
    neg_rm32                 "neg"        [Rm32 Rm]                        _    _ [0xF7]               d3 LOCK;
    neg_rm64                 "neg"        [Rm64 Rm]                        _    W [0xF7]               d3 LOCK;
    nop                      "nop"        []                               _    _ [0x90]               _;
    nop_rm16                 "nop"        [Rm16 Rm]                        p66  _ [0x0F, 0x1F]         d0;
    nop_rm32                 "nop"        [Rm32 Rm]                        _    _ [0x0F, 0x1F]         d0;
    nop_rm64                 "nop"        [Rm64 Rm]                        _    W [0x0F, 0x1F]         d0;
    not_rm8                  "not"        [Rm8 Rm]                         _    _ [0xF6]               d2 LOCK;
    not_rm16                 "not"        [Rm16 Rm]                        p66  _ [0xF7]               d2 LOCK;
    not_rm32                 "not"        [Rm32 Rm]                        _    _ [0xF7]               d2 LOCK;
    not_rm64                 "not"        [Rm64 Rm]                        _    W [0xF7]               d2 LOCK;
    or_al_imm8               "or"         [Al Implicit, Imm8 Ib]           _    _ [0x0C]               _;
    or_rm8_imm8              "or"         [Rm8 Rm, Imm8 Ib]                _    _ [0x80]               d1 LOCK;
    or_rm16_imm8s16          "or"         [Rm16 Rm, Imm8s16 Ib]            p66  _ [0x83]               d1 LOCK;
    or_ax_imm16              "or"         [Ax Implicit, Imm16 Iw]          p66  _ [0x0D]               _;
    or_rm16_imm16            "or"         [Rm16 Rm, Imm16 Iw]              p66  _ [0x81]               d1 LOCK;
    or_rm32_imm8s32          "or"         [Rm32 Rm, Imm8s32 Ib]            _    _ [0x83]               d1 LOCK;
    or_eax_imm32             "or"         [Eax Implicit, Imm32 Id]         _    _ [0x0D]               _;
    or_rm32_imm32            "or"         [Rm32 Rm, Imm32 Id]              _    _ [0x81]               d1 LOCK;
    or_rm64_imm8s64          "or"         [Rm64 Rm, Imm8s64 Ib]            _    W [0x83]               d1 LOCK;
    or_rax_imm32s            "or"         [Rax Implicit, Imm32s Id]        _    W [0x0D]               _;
    or_rm64_imm32s           "or"         [Rm64 Rm, Imm32s Id]             _    W [0x81]               d1 LOCK;
    or_rm8_r8                "or"         [Rm8 Rm, R8 Reg]                 _    _ [0x08]               r LOCK;
    or_rm16_r16              "or"         [Rm16 Rm, R16 Reg]               p66  _ [0x09]               r LOCK;
    or_rm32_r32              "or"         [Rm32 Rm, R32 Reg]               _    _ [0x09]               r LOCK;
    or_rm64_r64              "or"         [Rm64 Rm, R64 Reg]               _    W [0x09]               r LOCK;
    or_r8_rm8                "or"         [R8 Reg, Rm8 Rm]                 _    _ [0x0A]               r;
    or_r16_rm16              "or"         [R16 Reg, Rm16 Rm]               p66  _ [0x0B]               r;
    or_r32_rm32              "or"         [R32 Reg, Rm32 Rm]               _    _ [0x0B]               r;
    or_r64_rm64              "or"         [R64 Reg, Rm64 Rm]               _    W [0x0B]               r;
    orpd_xmm_xmmm128         "orpd"       [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x56]         r;
    orps_xmm_xmmm128         "orps"       [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x56]         r;
    out_imm8_al              "out"        [Imm8 Ib, Al Implicit]           _    _ [0xE6]               _;
    out_imm8_ax              "out"        [Imm8 Ib, Ax Implicit]           p66  _ [0xE7]               _;
    out_imm8_eax             "out"        [Imm8 Ib, Eax Implicit]          _    _ [0xE7]               _;
    out_dx_al                "out"        [Dx Implicit, Al Implicit]       _    _ [0xEE]               _;
    out_dx_ax                "out"        [Dx Implicit, Ax Implicit]       p66  _ [0xEF]               _;
    out_dx_eax               "out"        [Dx Implicit, Eax Implicit]      _    _ [0xEF]               _;
    packssdw_xmm_xmmm128     "packssdw"   [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x6B]           r;
    packsswb_xmm_xmmm128     "packsswb"   [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x63]           r;
    packuswb_xmm_xmmm128     "packuswb"   [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x67]           r;
    paddb_xmm_xmmm128        "paddb"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xFC]           r;
    paddd_xmm_xmmm128        "paddd"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xFE]         r;
    paddq_xmm_xmmm128        "paddq"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xD4]         r;
    paddw_xmm_xmmm128        "paddw"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xFD]           r;
    pand_xmm_xmmm128         "pand"       [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xDB]         r;
    pandn_xmm_xmmm128        "pandn"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xDF]           r;
    pause                    "pause"      []                               pF3  _ [0x90]               _;
    pcmpeqb_xmm_xmmm128      "pcmpeqb"    [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x74]           r;
    pcmpeqd_xmm_xmmm128      "pcmpeqd"    [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x76]           r;
    pcmpeqq_xmm_xmmm128      "pcmpeqq"    [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x38, 0x29]     r;
    pcmpeqw_xmm_xmmm128      "pcmpeqw"    [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x75]           r;
    pcmpgtb_xmm_xmmm128      "pcmpgtb"    [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x64]           r;
    pcmpgtd_xmm_xmmm128      "pcmpgtd"    [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x66]           r;
    pcmpgtw_xmm_xmmm128      "pcmpgtw"    [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x65]           r;
    pextrd_rm32_xmm_imm8     "pextrd"     [Rm32 Rm, Xmm Reg, Imm8 Ib]      p66  _ [0x0F, 0x3A, 0x16]     r;
    pextrq_rm64_xmm_imm8     "pextrq"     [Rm64 Rm, Xmm Reg, Imm8 Ib]      p66  W [0x0F, 0x3A, 0x16]     r;
    pinsrd_xmm_rm32_imm8     "pinsrd"     [Xmm Reg, Rm32 Rm, Imm8 Ib]      p66  _ [0x0F, 0x3A, 0x22]     r;
    pinsrq_xmm_rm64_imm8     "pinsrq"     [Xmm Reg, Rm64 Rm, Imm8 Ib]      p66  W [0x0F, 0x3A, 0x22]     r;
    pmaxsd_xmm_xmmm128       "pmaxsd"     [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x38, 0x3D]     r;
    pminsd_xmm_xmmm128       "pminsd"     [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x38, 0x39]     r;
    pmovmskb_r32_xmm         "pmovmskb"   [R32 Reg, Xmm Rm]                p66  _ [0x0F, 0xD7]           r;
    pmulld_xmm_xmmm128       "pmulld"     [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x38, 0x40]     r;
    pmullw_xmm_xmmm128       "pmullw"     [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xD5]           r;
    pmuludq_xmm_xmmm128      "pmuludq"    [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xF4]           r;
    pop_r64                  "pop"        [R64 Op]                         _    _ [0x58]               _;
    pop_r16                  "pop"        [R16 Op]                         p66  _ [0x58]               _;
    pop_m64                  "pop"        [M64 Rm]                         _    _ [0x8F]               d0;
    pop_m16                  "pop"        [M16 Rm]                         p66  _ [0x8F]               d0 SIZED;
    popcnt_r16_rm16          "popcnt"     [R16 Reg, Rm16 Rm]               pF3  _ [0x0F, 0xB8]         r O16;
    popcnt_r32_rm32          "popcnt"     [R32 Reg, Rm32 Rm]               pF3  _ [0x0F, 0xB8]         r;
    popcnt_r64_rm64          "popcnt"     [R64 Reg, Rm64 Rm]               pF3  W [0x0F, 0xB8]         r;
    popfq                    "popfq"      []                               _    _ [0x9D]               _;
    por_xmm_xmmm128          "por"        [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xEB]         r;
    prefetchnta_m8           "prefetchnta" [M8 Rm]                          _    _ [0x0F, 0x18]           d0;
    prefetcht0_m8            "prefetcht0" [M8 Rm]                          _    _ [0x0F, 0x18]           d1;
    prefetcht1_m8            "prefetcht1" [M8 Rm]                          _    _ [0x0F, 0x18]           d2;
    prefetcht2_m8            "prefetcht2" [M8 Rm]                          _    _ [0x0F, 0x18]           d3;
    pshufd_xmm_xmmm128_imm8  "pshufd"     [Xmm Reg, XmmM128 Rm, Imm8 Ib]   p66  _ [0x0F, 0x70]           r;
    pshufhw_xmm_xmmm128_imm8 "pshufhw"    [Xmm Reg, XmmM128 Rm, Imm8 Ib]   pF3  _ [0x0F, 0x70]           r;
    pshuflw_xmm_xmmm128_imm8 "pshuflw"    [Xmm Reg, XmmM128 Rm, Imm8 Ib]   pF2  _ [0x0F, 0x70]           r;
    pslld_xmm_xmmm128        "pslld"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xF2]           r;
    pslld_xmm_imm8           "pslld"      [Xmm Rm, Imm8 Ib]                p66  _ [0x0F, 0x72]           d6;
    pslldq_xmm_imm8          "pslldq"     [Xmm Rm, Imm8 Ib]                p66  _ [0x0F, 0x73]           d7;
    psllq_xmm_xmmm128        "psllq"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xF3]           r;
    psllq_xmm_imm8           "psllq"      [Xmm Rm, Imm8 Ib]                p66  _ [0x0F, 0x73]           d6;
    psllw_xmm_xmmm128        "psllw"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xF1]           r;
    psllw_xmm_imm8           "psllw"      [Xmm Rm, Imm8 Ib]                p66  _ [0x0F, 0x71]           d6;
    psrad_xmm_xmmm128        "psrad"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xE2]           r;
    psrad_xmm_imm8           "psrad"      [Xmm Rm, Imm8 Ib]                p66  _ [0x0F, 0x72]           d4;
    psraw_xmm_xmmm128        "psraw"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xE1]           r;
    psraw_xmm_imm8           "psraw"      [Xmm Rm, Imm8 Ib]                p66  _ [0x0F, 0x71]           d4;
    psrld_xmm_xmmm128        "psrld"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xD2]           r;
    psrld_xmm_imm8           "psrld"      [Xmm Rm, Imm8 Ib]                p66  _ [0x0F, 0x72]           d2;
    psrldq_xmm_imm8          "psrldq"     [Xmm Rm, Imm8 Ib]                p66  _ [0x0F, 0x73]           d3;
    psrlq_xmm_xmmm128        "psrlq"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xD3]           r;
    psrlq_xmm_imm8           "psrlq"      [Xmm Rm, Imm8 Ib]                p66  _ [0x0F, 0x73]           d2;
    psrlw_xmm_xmmm128        "psrlw"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xD1]           r;
    psrlw_xmm_imm8           "psrlw"      [Xmm Rm, Imm8 Ib]                p66  _ [0x0F, 0x71]           d2;
    psubb_xmm_xmmm128        "psubb"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xF8]           r;
    psubd_xmm_xmmm128        "psubd"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xFA]         r;
    psubq_xmm_xmmm128        "psubq"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xFB]         r;
    psubw_xmm_xmmm128        "psubw"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xF9]           r;
    punpckhbw_xmm_xmmm128    "punpckhbw"  [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x68]           r;
    punpckhdq_xmm_xmmm128    "punpckhdq"  [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x6A]           r;
    punpckhqdq_xmm_xmmm128   "punpckhqdq" [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x6D]           r;
    punpckhwd_xmm_xmmm128    "punpckhwd"  [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x69]           r;
    punpcklbw_xmm_xmmm128    "punpcklbw"  [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x60]           r;
    punpckldq_xmm_xmmm128    "punpckldq"  [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x62]           r;
    punpcklqdq_xmm_xmmm128   "punpcklqdq" [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x6C]           r;
    punpcklwd_xmm_xmmm128    "punpcklwd"  [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x61]           r;
    push_r64                 "push"       [R64 Op]                         _    _ [0x50]               _;
    push_r16                 "push"       [R16 Op]                         p66  _ [0x50]               _;
    push_m64                 "push"       [M64 Rm]                         _    _ [0xFF]               d6;
    push_m16                 "push"       [M16 Rm]                         p66  _ [0xFF]               d6 SIZED;
    push_imm8s64             "push"       [Imm8s64 Ib]                     _    _ [0x6A]               _;
    push_imm32s              "push"       [Imm32s Id]                      _    _ [0x68]               _;
    pushfq                   "pushfq"     []                               _    _ [0x9C]               _;
    pxor_xmm_xmmm128         "pxor"       [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0xEF]         r;
    rcl_rm8_one              "rcl"        [Rm8 Rm, One Implicit]           _    _ [0xD0]               d2;
    rcl_rm8                  "rcl"        [Rm8 Rm]                         _    _ [0xD0]               d2;
    rcl_rm8_cl               "rcl"        [Rm8 Rm, Cl Implicit]            _    _ [0xD2]               d2;
    rcl_rm8_imm8             "rcl"        [Rm8 Rm, Imm8 Ib]                _    _ [0xC0]               d2;
    rcl_rm16_one             "rcl"        [Rm16 Rm, One Implicit]          p66  _ [0xD1]               d2;
    rcl_rm16                 "rcl"        [Rm16 Rm]                        p66  _ [0xD1]               d2;
    rcl_rm16_cl              "rcl"        [Rm16 Rm, Cl Implicit]           p66  _ [0xD3]               d2;
    rcl_rm16_imm8            "rcl"        [Rm16 Rm, Imm8 Ib]               p66  _ [0xC1]               d2;
    rcl_rm32_one             "rcl"        [Rm32 Rm, One Implicit]          _    _ [0xD1]               d2;
    rcl_rm32                 "rcl"        [Rm32 Rm]                        _    _ [0xD1]               d2;
    rcl_rm32_cl              "rcl"        [Rm32 Rm, Cl Implicit]           _    _ [0xD3]               d2;
    rcl_rm32_imm8            "rcl"        [Rm32 Rm, Imm8 Ib]               _    _ [0xC1]               d2;
    rcl_rm64_one             "rcl"        [Rm64 Rm, One Implicit]          _    W [0xD1]               d2;
    rcl_rm64                 "rcl"        [Rm64 Rm]                        _    W [0xD1]               d2;
    rcl_rm64_cl              "rcl"        [Rm64 Rm, Cl Implicit]           _    W [0xD3]               d2;
    rcl_rm64_imm8            "rcl"        [Rm64 Rm, Imm8 Ib]               _    W [0xC1]               d2;
    rcpps_xmm_xmmm128        "rcpps"      [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x53]           r;
    rcpss_xmm_xmmm32         "rcpss"      [Xmm Reg, XmmM32 Rm]             pF3  _ [0x0F, 0x53]           r;
    rcr_rm8_one              "rcr"        [Rm8 Rm, One Implicit]           _    _ [0xD0]               d3;
    rcr_rm8                  "rcr"        [Rm8 Rm]                         _    _ [0xD0]               d3;
    rcr_rm8_cl               "rcr"        [Rm8 Rm, Cl Implicit]            _    _ [0xD2]               d3;
    rcr_rm8_imm8             "rcr"        [Rm8 Rm, Imm8 Ib]                _    _ [0xC0]               d3;
    rcr_rm16_one             "rcr"        [Rm16 Rm, One Implicit]          p66  _ [0xD1]               d3;
    rcr_rm16                 "rcr"        [Rm16 Rm]                        p66  _ [0xD1]               d3;
    rcr_rm16_cl              "rcr"        [Rm16 Rm, Cl Implicit]           p66  _ [0xD3]               d3;
    rcr_rm16_imm8            "rcr"        [Rm16 Rm, Imm8 Ib]               p66  _ [0xC1]               d3;
    rcr_rm32_one             "rcr"        [Rm32 Rm, One Implicit]          _    _ [0xD1]               d3;
    rcr_rm32                 "rcr"        [Rm32 Rm]                        _    _ [0xD1]               d3;
    rcr_rm32_cl              "rcr"        [Rm32 Rm, Cl Implicit]           _    _ [0xD3]               d3;
    rcr_rm32_imm8            "rcr"        [Rm32 Rm, Imm8 Ib]               _    _ [0xC1]               d3;
    rcr_rm64_one             "rcr"        [Rm64 Rm, One Implicit]          _    W [0xD1]               d3;
    rcr_rm64                 "rcr"        [Rm64 Rm]                        _    W [0xD1]               d3;
    rcr_rm64_cl              "rcr"        [Rm64 Rm, Cl Implicit]           _    W [0xD3]               d3;
    rcr_rm64_imm8            "rcr"        [Rm64 Rm, Imm8 Ib]               _    W [0xC1]               d3;
    rdtsc                    "rdtsc"      []                               _    _ [0x0F, 0x31]         _;
    rdtscp                   "rdtscp"     []                               _    _ [0x0F, 0x01, 0xF9]     _;
    ret                      "ret"        []                               _    _ [0xC3]               _;
    ret_imm16                "ret"        [Imm16 Iw]                       _    _ [0xC2]               _;
    rol_rm8_one              "rol"        [Rm8 Rm, One Implicit]           _    _ [0xD0]               d0;
    rol_rm8                  "rol"        [Rm8 Rm]                         _    _ [0xD0]               d0;
    rol_rm8_cl               "rol"        [Rm8 Rm, Cl Implicit]            _    _ [0xD2]               d0;
    rol_rm8_imm8             "rol"        [Rm8 Rm, Imm8 Ib]                _    _ [0xC0]               d0;
    rol_rm16_one             "rol"        [Rm16 Rm, One Implicit]          p66  _ [0xD1]               d0;
    rol_rm16                 "rol"        [Rm16 Rm]                        p66  _ [0xD1]               d0;
    rol_rm16_cl              "rol"        [Rm16 Rm, Cl Implicit]           p66  _ [0xD3]               d0;
    rol_rm16_imm8            "rol"        [Rm16 Rm, Imm8 Ib]               p66  _ [0xC1]               d0;
    rol_rm32_one             "rol"        [Rm32 Rm, One Implicit]          _    _ [0xD1]               d0;
    rol_rm32                 "rol"        [Rm32 Rm]                        _    _ [0xD1]               d0;
    rol_rm32_cl              "rol"        [Rm32 Rm, Cl Implicit]           _    _ [0xD3]               d0;
    rol_rm32_imm8            "rol"        [Rm32 Rm, Imm8 Ib]               _    _ [0xC1]               d0;
    rol_rm64_one             "rol"        [Rm64 Rm, One Implicit]          _    W [0xD1]               d0;
    rol_rm64                 "rol"        [Rm64 Rm]                        _    W [0xD1]               d0;
    rol_rm64_cl              "rol"        [Rm64 Rm, Cl Implicit]           _    W [0xD3]               d0;
    rol_rm64_imm8            "rol"        [Rm64 Rm, Imm8 Ib]               _    W [0xC1]               d0;
    ror_rm8_one              "ror"        [Rm8 Rm, One Implicit]           _    _ [0xD0]               d1;
    ror_rm8                  "ror"        [Rm8 Rm]                         _    _ [0xD0]               d1;
    ror_rm8_cl               "ror"        [Rm8 Rm, Cl Implicit]            _    _ [0xD2]               d1;
    ror_rm8_imm8             "ror"        [Rm8 Rm, Imm8 Ib]                _    _ [0xC0]               d1;
    ror_rm16_one             "ror"        [Rm16 Rm, One Implicit]          p66  _ [0xD1]               d1;
    ror_rm16                 "ror"        [Rm16 Rm]                        p66  _ [0xD1]               d1;
    ror_rm16_cl              "ror"        [Rm16 Rm, Cl Implicit]           p66  _ [0xD3]               d1;
    ror_rm16_imm8            "ror"        [Rm16 Rm, Imm8 Ib]               p66  _ [0xC1]               d1;
    ror_rm32_one             "ror"        [Rm32 Rm, One Implicit]          _    _ [0xD1]               d1;
    ror_rm32                 "ror"        [Rm32 Rm]                        _    _ [0xD1]               d1;
    ror_rm32_cl              "ror"        [Rm32 Rm, Cl Implicit]           _    _ [0xD3]               d1;
    ror_rm32_imm8            "ror"        [Rm32 Rm, Imm8 Ib]               _    _ [0xC1]               d1;
    ror_rm64_one             "ror"        [Rm64 Rm, One Implicit]          _    W [0xD1]               d1;
    ror_rm64                 "ror"        [Rm64 Rm]                        _    W [0xD1]               d1;
    ror_rm64_cl              "ror"        [Rm64 Rm, Cl Implicit]           _    W [0xD3]               d1;
    ror_rm64_imm8            "ror"        [Rm64 Rm, Imm8 Ib]               _    W [0xC1]               d1;
    roundpd_xmm_xmmm128_imm8 "roundpd"    [Xmm Reg, XmmM128 Rm, Imm8 Ib]   p66  _ [0x0F, 0x3A, 0x09]     r;
    roundps_xmm_xmmm128_imm8 "roundps"    [Xmm Reg, XmmM128 Rm, Imm8 Ib]   p66  _ [0x0F, 0x3A, 0x08]     r;
    roundsd_xmm_xmmm64_imm8  "roundsd"    [Xmm Reg, XmmM64 Rm, Imm8 Ib]    p66  _ [0x0F, 0x3A, 0x0B]     r;
    roundss_xmm_xmmm32_imm8  "roundss"    [Xmm Reg, XmmM32 Rm, Imm8 Ib]    p66  _ [0x0F, 0x3A, 0x0A]     r;
    rsqrtps_xmm_xmmm128      "rsqrtps"    [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x52]           r;
    rsqrtss_xmm_xmmm32       "rsqrtss"    [Xmm Reg, XmmM32 Rm]             pF3  _ [0x0F, 0x52]           r;
    sahf                     "sahf"       []                               _    _ [0x9E]                 _;
    sar_rm8_one              "sar"        [Rm8 Rm, One Implicit]           _    _ [0xD0]               d7;
    sar_rm8                  "sar"        [Rm8 Rm]                         _    _ [0xD0]               d7;
    sar_rm8_cl               "sar"        [Rm8 Rm, Cl Implicit]            _    _ [0xD2]               d7;
    sar_rm8_imm8             "sar"        [Rm8 Rm, Imm8 Ib]                _    _ [0xC0]               d7;
    sar_rm16_one             "sar"        [Rm16 Rm, One Implicit]          p66  _ [0xD1]               d7;
    sar_rm16                 "sar"        [Rm16 Rm]                        p66  _ [0xD1]               d7;
    sar_rm16_cl              "sar"        [Rm16 Rm, Cl Implicit]           p66  _ [0xD3]               d7;
    sar_rm16_imm8            "sar"        [Rm16 Rm, Imm8 Ib]               p66  _ [0xC1]               d7;
    sar_rm32_one             "sar"        [Rm32 Rm, One Implicit]          _    _ [0xD1]               d7;
    sar_rm32                 "sar"        [Rm32 Rm]                        _    _ [0xD1]               d7;
    sar_rm32_cl              "sar"        [Rm32 Rm, Cl Implicit]           _    _ [0xD3]               d7;
    sar_rm32_imm8            "sar"        [Rm32 Rm, Imm8 Ib]               _    _ [0xC1]               d7;
    sar_rm64_one             "sar"        [Rm64 Rm, One Implicit]          _    W [0xD1]               d7;
    sar_rm64                 "sar"        [Rm64 Rm]                        _    W [0xD1]               d7;
    sar_rm64_cl              "sar"        [Rm64 Rm, Cl Implicit]           _    W [0xD3]               d7;
    sar_rm64_imm8            "sar"        [Rm64 Rm, Imm8 Ib]               _    W [0xC1]               d7;
    sbb_al_imm8              "sbb"        [Al Implicit, Imm8 Ib]           _    _ [0x1C]               _;
    sbb_rm8_imm8             "sbb"        [Rm8 Rm, Imm8 Ib]                _    _ [0x80]               d3 LOCK;
    sbb_rm16_imm8s16         "sbb"        [Rm16 Rm, Imm8s16 Ib]            p66  _ [0x83]               d3 LOCK;
    sbb_ax_imm16             "sbb"        [Ax Implicit, Imm16 Iw]          p66  _ [0x1D]               _;
    sbb_rm16_imm16           "sbb"        [Rm16 Rm, Imm16 Iw]              p66  _ [0x81]               d3 LOCK;
    sbb_rm32_imm8s32         "sbb"        [Rm32 Rm, Imm8s32 Ib]            _    _ [0x83]               d3 LOCK;
    sbb_eax_imm32            "sbb"        [Eax Implicit, Imm32 Id]         _    _ [0x1D]               _;
    sbb_rm32_imm32           "sbb"        [Rm32 Rm, Imm32 Id]              _    _ [0x81]               d3 LOCK;
    sbb_rm64_imm8s64         "sbb"        [Rm64 Rm, Imm8s64 Ib]            _    W [0x83]               d3 LOCK;
    sbb_rax_imm32s           "sbb"        [Rax Implicit, Imm32s Id]        _    W [0x1D]               _;
    sbb_rm64_imm32s          "sbb"        [Rm64 Rm, Imm32s Id]             _    W [0x81]               d3 LOCK;
    sbb_rm8_r8               "sbb"        [Rm8 Rm, R8 Reg]                 _    _ [0x18]               r LOCK;
    sbb_rm16_r16             "sbb"        [Rm16 Rm, R16 Reg]               p66  _ [0x19]               r LOCK;
    sbb_rm32_r32             "sbb"        [Rm32 Rm, R32 Reg]               _    _ [0x19]               r LOCK;
    sbb_rm64_r64             "sbb"        [Rm64 Rm, R64 Reg]               _    W [0x19]               r LOCK;
    sbb_r8_rm8               "sbb"        [R8 Reg, Rm8 Rm]                 _    _ [0x1A]               r;
    sbb_r16_rm16             "sbb"        [R16 Reg, Rm16 Rm]               p66  _ [0x1B]               r;
    sbb_r32_rm32             "sbb"        [R32 Reg, Rm32 Rm]               _    _ [0x1B]               r;
    sbb_r64_rm64             "sbb"        [R64 Reg, Rm64 Rm]               _    W [0x1B]               r;
    scasb                    "scasb"      []                               _    _ [0xAE]               _ REP;
    scasq                    "scasq"      []                               _    W [0xAF]               _ REP;
    seta_rm8                 "seta"       [Rm8 Rm]                         _    _ [0x0F, 0x97]         d0;
    setae_rm8                "setae"      [Rm8 Rm]                         _    _ [0x0F, 0x93]         d0;
    setb_rm8                 "setb"       [Rm8 Rm]                         _    _ [0x0F, 0x92]         d0;
    setbe_rm8                "setbe"      [Rm8 Rm]                         _    _ [0x0F, 0x96]         d0;
    sete_rm8                 "sete"       [Rm8 Rm]                         _    _ [0x0F, 0x94]         d0;
    setg_rm8                 "setg"       [Rm8 Rm]                         _    _ [0x0F, 0x9F]         d0;
    setge_rm8                "setge"      [Rm8 Rm]                         _    _ [0x0F, 0x9D]         d0;
    setl_rm8                 "setl"       [Rm8 Rm]                         _    _ [0x0F, 0x9C]         d0;
    setle_rm8                "setle"      [Rm8 Rm]                         _    _ [0x0F, 0x9E]         d0;
    setne_rm8                "setne"      [Rm8 Rm]                         _    _ [0x0F, 0x95]         d0;
    setno_rm8                "setno"      [Rm8 Rm]                         _    _ [0x0F, 0x91]         d0;
    setnp_rm8                "setnp"      [Rm8 Rm]                         _    _ [0x0F, 0x9B]         d0;
    setns_rm8                "setns"      [Rm8 Rm]                         _    _ [0x0F, 0x99]         d0;
    seto_rm8                 "seto"       [Rm8 Rm]                         _    _ [0x0F, 0x90]         d0;
    setp_rm8                 "setp"       [Rm8 Rm]                         _    _ [0x0F, 0x9A]         d0;
    sets_rm8                 "sets"       [Rm8 Rm]                         _    _ [0x0F, 0x98]         d0;
    sfence                   "sfence"     []                               _    _ [0x0F, 0xAE, 0xF8]   _;
    shl_rm8_one              "shl"        [Rm8 Rm, One Implicit]           _    _ [0xD0]               d4;
    shl_rm8                  "shl"        [Rm8 Rm]                         _    _ [0xD0]               d4;
    shl_rm8_cl               "shl"        [Rm8 Rm, Cl Implicit]            _    _ [0xD2]               d4;
    shl_rm8_imm8             "shl"        [Rm8 Rm, Imm8 Ib]                _    _ [0xC0]               d4;
    shl_rm16_one             "shl"        [Rm16 Rm, One Implicit]          p66  _ [0xD1]               d4;
    shl_rm16                 "shl"        [Rm16 Rm]                        p66  _ [0xD1]               d4;
    shl_rm16_cl              "shl"        [Rm16 Rm, Cl Implicit]           p66  _ [0xD3]               d4;
    shl_rm16_imm8            "shl"        [Rm16 Rm, Imm8 Ib]               p66  _ [0xC1]               d4;
    shl_rm32_one             "shl"        [Rm32 Rm, One Implicit]          _    _ [0xD1]               d4;
    shl_rm32                 "shl"        [Rm32 Rm]                        _    _ [0xD1]               d4;
    shl_rm32_cl              "shl"        [Rm32 Rm, Cl Implicit]           _    _ [0xD3]               d4;
    shl_rm32_imm8            "shl"        [Rm32 Rm, Imm8 Ib]               _    _ [0xC1]               d4;
    shl_rm64_one             "shl"        [Rm64 Rm, One Implicit]          _    W [0xD1]               d4;
    shl_rm64                 "shl"        [Rm64 Rm]                        _    W [0xD1]               d4;
    shl_rm64_cl              "shl"        [Rm64 Rm, Cl Implicit]           _    W [0xD3]               d4;
    shl_rm64_imm8            "shl"        [Rm64 Rm, Imm8 Ib]               _    W [0xC1]               d4;
    shld_rm16_r16_imm8       "shld"       [Rm16 Rm, R16 Reg, Imm8 Ib]      p66  _ [0x0F, 0xA4]           r;
    shld_rm32_r32_imm8       "shld"       [Rm32 Rm, R32 Reg, Imm8 Ib]      _    _ [0x0F, 0xA4]           r;
    shld_rm64_r64_imm8       "shld"       [Rm64 Rm, R64 Reg, Imm8 Ib]      _    W [0x0F, 0xA4]           r;
    shld_rm16_r16_cl         "shld"       [Rm16 Rm, R16 Reg, Cl Implicit]  p66  _ [0x0F, 0xA5]           r;
    shld_rm32_r32_cl         "shld"       [Rm32 Rm, R32 Reg, Cl Implicit]  _    _ [0x0F, 0xA5]           r;
    shld_rm64_r64_cl         "shld"       [Rm64 Rm, R64 Reg, Cl Implicit]  _    W [0x0F, 0xA5]           r;
    shr_rm8_one              "shr"        [Rm8 Rm, One Implicit]           _    _ [0xD0]               d5;
    shr_rm8                  "shr"        [Rm8 Rm]                         _    _ [0xD0]               d5;
    shr_rm8_cl               "shr"        [Rm8 Rm, Cl Implicit]            _    _ [0xD2]               d5;
    shr_rm8_imm8             "shr"        [Rm8 Rm, Imm8 Ib]                _    _ [0xC0]               d5;
    shr_rm16_one             "shr"        [Rm16 Rm, One Implicit]          p66  _ [0xD1]               d5;
    shr_rm16                 "shr"        [Rm16 Rm]                        p66  _ [0xD1]               d5;
    shr_rm16_cl              "shr"        [Rm16 Rm, Cl Implicit]           p66  _ [0xD3]               d5;
    shr_rm16_imm8            "shr"        [Rm16 Rm, Imm8 Ib]               p66  _ [0xC1]               d5;
    shr_rm32_one             "shr"        [Rm32 Rm, One Implicit]          _    _ [0xD1]               d5;
    shr_rm32                 "shr"        [Rm32 Rm]                        _    _ [0xD1]               d5;
    shr_rm32_cl              "shr"        [Rm32 Rm, Cl Implicit]           _    _ [0xD3]               d5;
    shr_rm32_imm8            "shr"        [Rm32 Rm, Imm8 Ib]               _    _ [0xC1]               d5;
    shr_rm64_one             "shr"        [Rm64 Rm, One Implicit]          _    W [0xD1]               d5;
    shr_rm64                 "shr"        [Rm64 Rm]                        _    W [0xD1]               d5;
    shr_rm64_cl              "shr"        [Rm64 Rm, Cl Implicit]           _    W [0xD3]               d5;
    shr_rm64_imm8            "shr"        [Rm64 Rm, Imm8 Ib]               _    W [0xC1]               d5;
    shrd_rm16_r16_imm8       "shrd"       [Rm16 Rm, R16 Reg, Imm8 Ib]      p66  _ [0x0F, 0xAC]           r;
    shrd_rm32_r32_imm8       "shrd"       [Rm32 Rm, R32 Reg, Imm8 Ib]      _    _ [0x0F, 0xAC]           r;
    shrd_rm64_r64_imm8       "shrd"       [Rm64 Rm, R64 Reg, Imm8 Ib]      _    W [0x0F, 0xAC]           r;
    shrd_rm16_r16_cl         "shrd"       [Rm16 Rm, R16 Reg, Cl Implicit]  p66  _ [0x0F, 0xAD]           r;
    shrd_rm32_r32_cl         "shrd"       [Rm32 Rm, R32 Reg, Cl Implicit]  _    _ [0x0F, 0xAD]           r;
    shrd_rm64_r64_cl         "shrd"       [Rm64 Rm, R64 Reg, Cl Implicit]  _    W [0x0F, 0xAD]           r;
    shufpd_xmm_xmmm128_imm8  "shufpd"     [Xmm Reg, XmmM128 Rm, Imm8 Ib]   p66  _ [0x0F, 0xC6]           r;
    shufps_xmm_xmmm128_imm8  "shufps"     [Xmm Reg, XmmM128 Rm, Imm8 Ib]   _    _ [0x0F, 0xC6]           r;
    sqrtpd_xmm_xmmm128       "sqrtpd"     [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x51]         r;
    sqrtps_xmm_xmmm128       "sqrtps"     [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x51]         r;
    sqrtsd_xmm_xmmm64        "sqrtsd"     [Xmm Reg, XmmM64 Rm]             pF2  _ [0x0F, 0x51]         r;
    sqrtss_xmm_xmmm32        "sqrtss"     [Xmm Reg, XmmM32 Rm]             pF3  _ [0x0F, 0x51]         r;
    stc                      "stc"        []                               _    _ [0xF9]               _;
    std                      "std"        []                               _    _ [0xFD]               _;
    stosb                    "stosb"      []                               _    _ [0xAA]               _ REP;
    stosd                    "stosd"      []                               _    _ [0xAB]               _ REP;
    stosq                    "stosq"      []                               _    W [0xAB]               _ REP;
    stosw                    "stosw"      []                               p66  _ [0xAB]               _ REP;
    sub_al_imm8              "sub"        [Al Implicit, Imm8 Ib]           _    _ [0x2C]               _;
    sub_rm8_imm8             "sub"        [Rm8 Rm, Imm8 Ib]                _    _ [0x80]               d5 LOCK;
    sub_rm16_imm8s16         "sub"        [Rm16 Rm, Imm8s16 Ib]            p66  _ [0x83]               d5 LOCK;
    sub_ax_imm16             "sub"        [Ax Implicit, Imm16 Iw]          p66  _ [0x2D]               _;
    sub_rm16_imm16           "sub"        [Rm16 Rm, Imm16 Iw]              p66  _ [0x81]               d5 LOCK;
    sub_rm32_imm8s32         "sub"        [Rm32 Rm, Imm8s32 Ib]            _    _ [0x83]               d5 LOCK;
    sub_eax_imm32            "sub"        [Eax Implicit, Imm32 Id]         _    _ [0x2D]               _;
    sub_rm32_imm32           "sub"        [Rm32 Rm, Imm32 Id]              _    _ [0x81]               d5 LOCK;
    sub_rm64_imm8s64         "sub"        [Rm64 Rm, Imm8s64 Ib]            _    W [0x83]               d5 LOCK;
    sub_rax_imm32s           "sub"        [Rax Implicit, Imm32s Id]        _    W [0x2D]               _;
    sub_rm64_imm32s          "sub"        [Rm64 Rm, Imm32s Id]             _    W [0x81]               d5 LOCK;
    sub_rm8_r8               "sub"        [Rm8 Rm, R8 Reg]                 _    _ [0x28]               r LOCK;
    sub_rm16_r16             "sub"        [Rm16 Rm, R16 Reg]               p66  _ [0x29]               r LOCK;
    sub_rm32_r32             "sub"        [Rm32 Rm, R32 Reg]               _    _ [0x29]               r LOCK;
    sub_rm64_r64             "sub"        [Rm64 Rm, R64 Reg]               _    W [0x29]               r LOCK;
    sub_r8_rm8               "sub"        [R8 Reg, Rm8 Rm]                 _    _ [0x2A]               r;
    sub_r16_rm16             "sub"        [R16 Reg, Rm16 Rm]               p66  _ [0x2B]               r;
    sub_r32_rm32             "sub"        [R32 Reg, Rm32 Rm]               _    _ [0x2B]               r;
    sub_r64_rm64             "sub"        [R64 Reg, Rm64 Rm]               _    W [0x2B]               r;
    subpd_xmm_xmmm128        "subpd"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x5C]         r;
    subps_xmm_xmmm128        "subps"      [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x5C]         r;
    subsd_xmm_xmmm64         "subsd"      [Xmm Reg, XmmM64 Rm]             pF2  _ [0x0F, 0x5C]         r;
    subss_xmm_xmmm32         "subss"      [Xmm Reg, XmmM32 Rm]             pF3  _ [0x0F, 0x5C]         r;
    syscall                  "syscall"    []                               _    _ [0x0F, 0x05]         _;
    test_al_imm8             "test"       [Al Implicit, Imm8 Ib]           _    _ [0xA8]               _;
    test_rm8_imm8            "test"       [Rm8 Rm, Imm8 Ib]                _    _ [0xF6]               d0;
    test_ax_imm16            "test"       [Ax Implicit, Imm16 Iw]          p66  _ [0xA9]               _;
    test_rm16_imm16          "test"       [Rm16 Rm, Imm16 Iw]              p66  _ [0xF7]               d0;
    test_eax_imm32           "test"       [Eax Implicit, Imm32 Id]         _    _ [0xA9]               _;
    test_rm32_imm32          "test"       [Rm32 Rm, Imm32 Id]              _    _ [0xF7]               d0;
    test_rax_imm32s          "test"       [Rax Implicit, Imm32s Id]        _    W [0xA9]               _;
    test_rm64_imm32s         "test"       [Rm64 Rm, Imm32s Id]             _    W [0xF7]               d0;
    test_rm8_r8              "test"       [Rm8 Rm, R8 Reg]                 _    _ [0x84]               r;
    test_rm16_r16            "test"       [Rm16 Rm, R16 Reg]               p66  _ [0x85]               r;
    test_rm32_r32            "test"       [Rm32 Rm, R32 Reg]               _    _ [0x85]               r;
    test_rm64_r64            "test"       [Rm64 Rm, R64 Reg]               _    W [0x85]               r;
    test_r8_m8               "test"       [R8 Reg, M8 Rm]                  _    _ [0x84]               r;
    test_r16_m16             "test"       [R16 Reg, M16 Rm]                p66  _ [0x85]               r;
    test_r32_m32             "test"       [R32 Reg, M32 Rm]                _    _ [0x85]               r;
    test_r64_m64             "test"       [R64 Reg, M64 Rm]                _    W [0x85]               r;
    tzcnt_r16_rm16           "tzcnt"      [R16 Reg, Rm16 Rm]               pF3  _ [0x0F, 0xBC]         r O16;
    tzcnt_r32_rm32           "tzcnt"      [R32 Reg, Rm32 Rm]               pF3  _ [0x0F, 0xBC]         r;
    tzcnt_r64_rm64           "tzcnt"      [R64 Reg, Rm64 Rm]               pF3  W [0x0F, 0xBC]         r;
    ucomisd_xmm_xmmm64       "ucomisd"    [Xmm Reg, XmmM64 Rm]             p66  _ [0x0F, 0x2E]         r;
    ucomiss_xmm_xmmm32       "ucomiss"    [Xmm Reg, XmmM32 Rm]             _    _ [0x0F, 0x2E]         r;
    ud2                      "ud2"        []                               _    _ [0x0F, 0x0B]         _;
    unpckhpd_xmm_xmmm128     "unpckhpd"   [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x15]           r;
    unpckhps_xmm_xmmm128     "unpckhps"   [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x15]           r;
    unpcklpd_xmm_xmmm128     "unpcklpd"   [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x14]         r;
    unpcklps_xmm_xmmm128     "unpcklps"   [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x14]           r;
    wait                     "wait"       []                               _    _ [0x9B]                 _;
    xadd_rm8_r8              "xadd"       [Rm8 Rm, R8 Reg]                 _    _ [0x0F, 0xC0]         r LOCK;
    xadd_rm16_r16            "xadd"       [Rm16 Rm, R16 Reg]               p66  _ [0x0F, 0xC1]         r LOCK;
    xadd_rm32_r32            "xadd"       [Rm32 Rm, R32 Reg]               _    _ [0x0F, 0xC1]         r LOCK;
    xadd_rm64_r64            "xadd"       [Rm64 Rm, R64 Reg]               _    W [0x0F, 0xC1]         r LOCK;
    xchg_rax_rax             "xchg"       [Rax Implicit, Rax Implicit]     _    _ [0x90]               _;
    xchg_ax_r16              "xchg"       [Ax Implicit, R16 Op]            p66  _ [0x90]               _;
    xchg_r16_ax              "xchg"       [R16 Op, Ax Implicit]            p66  _ [0x90]               _;
    xchg_eax_r32             "xchg"       [Eax Implicit, R32 Op]           _    _ [0x90]               _ NOTZERO;
    xchg_r32_eax             "xchg"       [R32 Op, Eax Implicit]           _    _ [0x90]               _ NOTZERO;
    xchg_rax_r64             "xchg"       [Rax Implicit, R64 Op]           _    W [0x90]               _;
    xchg_r64_rax             "xchg"       [R64 Op, Rax Implicit]           _    W [0x90]               _;
    xchg_rm8_r8              "xchg"       [Rm8 Rm, R8 Reg]                 _    _ [0x86]               r LOCK;
    xchg_r8_rm8              "xchg"       [R8 Reg, Rm8 Rm]                 _    _ [0x86]               r LOCK;
    xchg_rm16_r16            "xchg"       [Rm16 Rm, R16 Reg]               p66  _ [0x87]               r LOCK;
    xchg_r16_rm16            "xchg"       [R16 Reg, Rm16 Rm]               p66  _ [0x87]               r LOCK;
    xchg_rm32_r32            "xchg"       [Rm32 Rm, R32 Reg]               _    _ [0x87]               r LOCK;
    xchg_r32_rm32            "xchg"       [R32 Reg, Rm32 Rm]               _    _ [0x87]               r LOCK;
    xchg_rm64_r64            "xchg"       [Rm64 Rm, R64 Reg]               _    W [0x87]               r LOCK;
    xchg_r64_rm64            "xchg"       [R64 Reg, Rm64 Rm]               _    W [0x87]               r LOCK;
    xor_al_imm8              "xor"        [Al Implicit, Imm8 Ib]           _    _ [0x34]               _;
    xor_rm8_imm8             "xor"        [Rm8 Rm, Imm8 Ib]                _    _ [0x80]               d6 LOCK;
    xor_rm16_imm8s16         "xor"        [Rm16 Rm, Imm8s16 Ib]            p66  _ [0x83]               d6 LOCK;
    xor_ax_imm16             "xor"        [Ax Implicit, Imm16 Iw]          p66  _ [0x35]               _;
    xor_rm16_imm16           "xor"        [Rm16 Rm, Imm16 Iw]              p66  _ [0x81]               d6 LOCK;
    xor_rm32_imm8s32         "xor"        [Rm32 Rm, Imm8s32 Ib]            _    _ [0x83]               d6 LOCK;
    xor_eax_imm32            "xor"        [Eax Implicit, Imm32 Id]         _    _ [0x35]               _;
    xor_rm32_imm32           "xor"        [Rm32 Rm, Imm32 Id]              _    _ [0x81]               d6 LOCK;
    xor_rm64_imm8s64         "xor"        [Rm64 Rm, Imm8s64 Ib]            _    W [0x83]               d6 LOCK;
    xor_rax_imm32s           "xor"        [Rax Implicit, Imm32s Id]        _    W [0x35]               _;
    xor_rm64_imm32s          "xor"        [Rm64 Rm, Imm32s Id]             _    W [0x81]               d6 LOCK;
    xor_rm8_r8               "xor"        [Rm8 Rm, R8 Reg]                 _    _ [0x30]               r LOCK;
    xor_rm16_r16             "xor"        [Rm16 Rm, R16 Reg]               p66  _ [0x31]               r LOCK;
    xor_rm32_r32             "xor"        [Rm32 Rm, R32 Reg]               _    _ [0x31]               r LOCK;
    xor_rm64_r64             "xor"        [Rm64 Rm, R64 Reg]               _    W [0x31]               r LOCK;
    xor_r8_rm8               "xor"        [R8 Reg, Rm8 Rm]                 _    _ [0x32]               r;
    xor_r16_rm16             "xor"        [R16 Reg, Rm16 Rm]               p66  _ [0x33]               r;
    xor_r32_rm32             "xor"        [R32 Reg, Rm32 Rm]               _    _ [0x33]               r;
    xor_r64_rm64             "xor"        [R64 Reg, Rm64 Rm]               _    W [0x33]               r;
    xorpd_xmm_xmmm128        "xorpd"      [Xmm Reg, XmmM128 Rm]            p66  _ [0x0F, 0x57]         r;
    xorps_xmm_xmmm128        "xorps"      [Xmm Reg, XmmM128 Rm]            _    _ [0x0F, 0x57]         r;
}

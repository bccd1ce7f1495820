//! Differential test of the instruction table and the encoder against an independent decoder.
//!
//! For every row of [`FORMS`] operands are generated systematically from the row's kinds: every
//! register of the class (high-byte registers included where the row allows them), memory
//! operands in every addressing shape, immediates at the edges of each immediate kind, and
//! labels for relative branches. Each instruction is encoded with [`encode`] and decoded by
//! iced-x86, which must consume exactly the bytes and report the same mnemonic and operands
//! (registers, base/index/scale/displacement/segment/size of memory, immediates after
//! sign-extension). The matcher is checked too: [`find`] on the same operands must pick a row
//! that encodes the same instruction in at most as many bytes.
//!
//! Failures are collected and reported together; every test also prints how many
//! instructions it checked. `DIFFERENTIAL_SHOW=1 cargo test --test differential -- --nocapture`
//! prints the first checked instruction of every row with iced's rendering of it.

use std::collections::{BTreeSet, HashSet};

use asm_runtime::ast::{Decorations, Rounding};
use asm_runtime::enc::{encode, encode_with};
use asm_runtime::isa::{evex_flag, flag, Form, FormId, Kind, MemKind, Scheme, Slot, FORMS};
use asm_runtime::operand::{BranchHint, Label, Mem, Operand, Reg, RegClass, Seg, Size};
use iced_x86::{
    Decoder, DecoderOptions, Formatter, Instruction, IntelFormatter, OpKind, Register, RoundingControl,
};

const NO_DECO: Decorations = Decorations { mask: None, zeroing: false, broadcast: None, rounding: None };

fn find(m: &str, ops: &[Operand]) -> Result<&'static Form, asm_runtime::MatchError> {
    asm_runtime::isa::matcher::find(m, None, ops, &NO_DECO)
}

fn find_deco(m: &str, ops: &[Operand], deco: &Decorations) -> Result<&'static Form, asm_runtime::MatchError> {
    asm_runtime::isa::matcher::find(m, None, ops, deco)
}

// ---------------------------------------------------------------------------------------------
// Operand generation
// ---------------------------------------------------------------------------------------------

fn r(class: RegClass, num: u8) -> Reg {
    Reg::new(class, num)
}

fn q(num: u8) -> Reg {
    r(RegClass::Gpr64, num)
}

fn d(num: u8) -> Reg {
    r(RegClass::Gpr32, num)
}

const RIP: Reg = Reg { class: RegClass::Rip, num: 0 };

fn mem(base: Option<Reg>, index: Option<Reg>, scale: u8, disp: i64) -> Mem {
    Mem { base, index, scale, disp, ..Mem::default() }
}

/// Every legal addressing shape we want the encoder to get right.
fn mem_shapes() -> Vec<Mem> {
    let mut v = Vec::new();
    // No base, no index: absolute disp32 (through SIB, since mod=00 rm=101 is RIP-relative).
    for disp in [0x1234_5678, -0x10, 0, i32::MAX as i64, i32::MIN as i64] {
        v.push(mem(None, None, 1, disp));
    }
    // `[eip + disp]`: RIP-relative with the 0x67 prefix.
    v.push(mem(Some(Reg { class: RegClass::Rip, num: 1 }), None, 1, 0x10));
    // Base only, displacement 0, every base register: rsp/r12 need a SIB, rbp/r13 a disp8 of 0.
    for b in 0..16 {
        v.push(mem(Some(q(b)), None, 1, 0));
    }
    // Base plus displacements at the disp8/disp32 edges.
    for b in [0, 4, 5, 12, 13, 15] {
        for disp in [1, 0x7f, 0x80, -0x80, -0x81, -1, 0x1234_5678, i32::MAX as i64, i32::MIN as i64] {
            v.push(mem(Some(q(b)), None, 1, disp));
        }
    }
    // Base + index*scale, every scale, extended registers in both positions.
    for scale in [1, 2, 4, 8] {
        for (b, i, disp) in [
            (0, 1, 0),
            (8, 15, 0x10),
            (5, 13, 0),
            (13, 5, -8),
            (4, 12, 0),
            (12, 0, 0x1000),
            (7, 6, -0x1234_5678),
            (15, 8, 0x7f),
            (3, 5, -0x80),
            (4, 4 + 8, 0x80),
        ] {
            v.push(mem(Some(q(b)), Some(q(i)), scale, disp));
        }
        // Index without base: SIB with base=101 and mod=00, always a disp32.
        for (i, disp) in [(1, 0), (9, 0x10), (5, -8), (12, 0), (13, 0x7fff_ffff)] {
            v.push(mem(None, Some(q(i)), scale, disp));
        }
    }
    // RIP-relative with a displacement.
    for disp in [0, 0x100, -4, i32::MAX as i64, i32::MIN as i64] {
        v.push(mem(Some(RIP), None, 1, disp));
    }
    // 32-bit address registers (0x67 prefix).
    v.push(mem(Some(d(0)), Some(d(1)), 2, 0));
    v.push(mem(Some(d(8)), None, 1, 0));
    v.push(mem(Some(d(4)), None, 1, 0));
    v.push(mem(Some(d(5)), None, 1, 8));
    v.push(mem(Some(d(13)), Some(d(12)), 8, 0x1000));
    v.push(mem(None, Some(d(1)), 4, 0x10));
    v.push(mem(Some(d(12)), None, 1, -1));
    // Segment overrides.
    for (seg, m) in [
        (Seg::Fs, mem(Some(q(0)), None, 1, 0)),
        (Seg::Gs, mem(None, None, 1, 0x28)),
        (Seg::Fs, mem(Some(q(12)), Some(q(13)), 2, 1)),
        (Seg::Es, mem(Some(RIP), None, 1, 8)),
        (Seg::Ss, mem(Some(q(5)), None, 1, -8)),
        (Seg::Cs, mem(Some(q(3)), Some(q(9)), 4, 0)),
        (Seg::Ds, mem(Some(d(6)), None, 1, 0x40)),
        (Seg::Gs, mem(Some(q(4)), None, 1, 0x10)),
    ] {
        v.push(Mem { seg: Some(seg), ..m });
    }
    v
}

/// Displacements at the edges of EVEX's disp8*N for vector length N (and for the 4- and
/// 8-byte elements of a broadcast): multiples just inside and outside -128..=127, and
/// non-multiples that must take a disp32.
fn disp8n_shapes(n: u8) -> Vec<Mem> {
    let mut v = Vec::new();
    for n in [i64::from(n), 4, 8] {
        for disp in [n, 127 * n, 128 * n, -128 * n, -129 * n, n + 1, n / 2, -n] {
            for b in [0, 5, 12, 13] {
                v.push(mem(Some(q(b)), None, 1, disp));
            }
            v.push(mem(Some(q(4)), Some(q(9)), 8, disp));
        }
    }
    v
}

/// Two memory operands used as partners when another operand position is varied.
fn mem_partners() -> Vec<Mem> {
    vec![
        mem(Some(q(3)), Some(q(1)), 2, 8),
        mem(Some(q(13)), Some(q(9)), 8, -0x100),
        mem(Some(RIP), None, 1, 0x40),
    ]
}

/// Memory operands the encoder must refuse.
fn invalid_mem_shapes() -> Vec<(Mem, &'static str)> {
    vec![
        (mem(Some(q(0)), Some(q(4)), 2, 0), "rsp as scaled index"),
        (mem(None, Some(q(4)), 1, 0), "rsp as index without base"),
        (mem(Some(q(0)), Some(q(1)), 3, 0), "scale 3"),
        (mem(Some(q(0)), Some(q(1)), 0, 0), "scale 0"),
        (mem(Some(q(0)), Some(q(1)), 16, 0), "scale 16"),
        (mem(Some(q(0)), None, 2, 0), "scale without index"),
        (mem(Some(q(0)), None, 1, 0x8000_0000), "disp 2^31"),
        (mem(Some(q(0)), None, 1, 0xffff_ffff), "disp 0xffffffff"),
        (mem(Some(q(0)), None, 1, -0x8000_0001), "disp -2^31-1"),
        (mem(None, None, 1, 0x1_0000_0000), "absolute beyond 32 bits"),
        (mem(Some(RIP), None, 1, 0x8000_0000), "rip disp 2^31"),
        (mem(Some(q(0)), Some(d(1)), 1, 0), "64-bit base, 32-bit index"),
        (mem(Some(d(0)), Some(q(1)), 1, 0), "32-bit base, 64-bit index"),
        (mem(Some(RIP), Some(q(1)), 1, 0), "rip with an index"),
        (mem(Some(q(0)), Some(RIP), 1, 0), "rip as index"),
        (mem(Some(r(RegClass::Gpr16, 3)), None, 1, 0), "16-bit base"),
        (mem(Some(r(RegClass::Gpr16, 3)), Some(r(RegClass::Gpr16, 6)), 1, 0), "16-bit base and index"),
        (mem(Some(r(RegClass::Gpr8, 0)), None, 1, 0), "8-bit base"),
        (mem(Some(r(RegClass::Xmm, 0)), None, 1, 0), "xmm base"),
        (mem(Some(q(0)), Some(r(RegClass::Xmm, 1)), 1, 0), "xmm index"),
    ]
}

fn size_bytes(s: Size) -> usize {
    s.bits() as usize / 8
}

/// The register class of a register kind that takes any register of it (from the kind table).
fn kind_reg_class(k: Kind) -> Option<RegClass> {
    k.info().reg.filter(|_| k.info().fixed.is_none())
}

fn fixed_reg(k: Kind) -> Option<Reg> {
    Some(r(k.info().reg?, k.info().fixed?))
}

/// Every register number a kind accepts in a row: by the SDM, 16 GP, control registers; 8 mask,
/// x87 and debug registers; 6 segment registers; 16 vector registers, 32 with EVEX.
fn reg_numbers(form: &Form, k: Kind) -> Vec<u8> {
    let Some(class) = kind_reg_class(k) else { return vec![] };
    let n = match class {
        RegClass::Xmm | RegClass::Ymm | RegClass::Zmm if form.evex().is_some() => 32,
        RegClass::K | RegClass::St | RegClass::Mm | RegClass::Dr => 8,
        RegClass::Seg => 6,
        // cr1, cr5-cr7 and cr9-cr15 are reserved: assemblers encode them (see
        // `reserved_control_registers_encode_as_assemblers_do`), iced refuses to decode them.
        RegClass::Cr => return vec![0, 2, 3, 4, 8],
        _ => 16,
    };
    (0..n).filter(|&x| k.info().exclude != Some(x)).collect()
}

/// Operands of the fixed-address kinds: `moffs` absolute addresses (64-bit ones, the field's
/// edges, with and without an override) and the string instructions' `[rsi]`/`es:[rdi]`.
fn fixed_mem_shapes(k: Kind) -> Option<Vec<Mem>> {
    let with = |m: Mem, seg: Option<Seg>| Mem { seg, ..sized(m, k) };
    match k.info().mem? {
        MemKind::Abs(_) => Some(
            [0, 0x10, 0x7fff_ffff, 0x1122_3344_5566_7788, -1, i64::MIN]
                .into_iter()
                .map(|a| with(mem(None, None, 1, a), None))
                .chain([with(mem(None, None, 1, 0x1122_3344_5566_7788), Some(Seg::Fs))])
                .collect(),
        ),
        MemKind::At { base, .. } => {
            let segs: &[Option<Seg>] =
                if base == 7 { &[None, Some(Seg::Es)] } else { &[None, Some(Seg::Fs), Some(Seg::Es)] };
            Some(segs.iter().map(|s| with(mem(Some(q(base)), None, 1, 0), *s)).collect())
        }
        _ => None,
    }
}

fn vsib_index(k: Kind) -> Option<RegClass> {
    match k.info().mem {
        Some(MemKind::Vsib { index, .. }) => Some(index),
        _ => None,
    }
}

/// VSIB addresses: every vector index (16 or 32), every scale, bases incl. rbp/r13/rsp/r12 and
/// no base, displacements at the disp8 and disp8*N edges.
fn vsib_shapes(index: RegClass, evex: bool) -> Vec<Mem> {
    let n = if evex { 32 } else { 16 };
    let mut v = Vec::new();
    for i in 0..n {
        v.push(mem(Some(q(i % 16)), Some(r(index, i)), [1, 2, 4, 8][i as usize % 4], 0));
    }
    for (b, disp) in [
        (5, 0),
        (13, 8),
        (4, 4),
        (12, -4),
        (0, 0x7f * 4),
        (0, 0x80 * 4),
        (1, -0x80 * 4),
        (2, -0x81 * 4),
        (3, 0x7f),
        (7, 0x1234_5678),
    ] {
        v.push(mem(Some(q(b)), Some(r(index, 3)), 4, disp));
    }
    v.push(mem(None, Some(r(index, 9)), 8, 0x40));
    v.push(mem(Some(d(1)), Some(r(index, 2)), 2, 0x10));
    v
}

/// Immediates at the edges of what each kind accepts (per the Intel SDM field widths).
fn imm_values(k: Kind) -> Vec<i128> {
    const U64_MAX: i128 = u64::MAX as i128;
    const I64_MIN: i128 = i64::MIN as i128;
    const I64_MAX: i128 = i64::MAX as i128;
    const I32_MIN: i128 = i32::MIN as i128;
    const I32_MAX: i128 = i32::MAX as i128;
    const U32_MAX: i128 = u32::MAX as i128;
    match k {
        Kind::Imm8 => vec![0, 1, 5, 127, 128, 255, -1, -128],
        Kind::Imm16 => vec![0, 127, 128, 0x1234, 32767, 32768, 65535, -1, -128, -129, -32768],
        Kind::Imm32 => vec![0, 127, 128, 0x1234_5678, I32_MAX, 0x8000_0000, U32_MAX, -1, -129, I32_MIN],
        Kind::Imm32s => vec![
            0,
            128,
            0x1234_5678,
            I32_MAX,
            -1,
            -129,
            I32_MIN,
            0xffff_ffff_8000_0000,
            0xffff_ffff_ffff_ff00,
            U64_MAX,
        ],
        Kind::Imm64 => vec![
            0,
            1,
            0x8000_0000,
            U32_MAX,
            0x1_0000_0000,
            0x1234_5678_9abc_def0,
            I64_MAX,
            0x8000_0000_0000_0000,
            U64_MAX,
            -1,
            I32_MIN - 1,
            I64_MIN,
        ],
        Kind::Imm8s16 => vec![0, 1, 127, -1, -128, 0xff80, 0xffff],
        Kind::Imm8s32 => vec![0, 1, 127, -1, -128, 0xffff_ff80, 0xffff_ffff],
        Kind::Imm8s64 => vec![0, 1, 127, -1, -128, 0xffff_ffff_ffff_ff80, U64_MAX],
        Kind::One => vec![1],
        Kind::Three => vec![3],
        _ => vec![],
    }
}

/// Values just outside each immediate kind (the matcher must pick a wider row or refuse).
fn imm_out_of_range(k: Kind) -> Vec<i128> {
    const U64_MAX: i128 = u64::MAX as i128;
    const I64_MIN: i128 = i64::MIN as i128;
    const I32_MIN: i128 = i32::MIN as i128;
    const U32_MAX: i128 = u32::MAX as i128;
    match k {
        Kind::Imm8 => vec![256, -129, 0x1_0000, -0x1_0000],
        Kind::Imm16 => vec![65536, -32769, U32_MAX],
        Kind::Imm32 => vec![U32_MAX + 1, I32_MIN - 1, U64_MAX, I64_MIN],
        Kind::Imm32s => vec![0x8000_0000, U32_MAX, I32_MIN - 1, 0xffff_ffff_7fff_ffff, U64_MAX + 1],
        Kind::Imm64 => vec![U64_MAX + 1, I64_MIN - 1],
        Kind::Imm8s16 => vec![128, -129, 0xff7f, 0x1_0000],
        Kind::Imm8s32 => vec![128, -129, 0xffff_ff7f, U32_MAX + 1],
        Kind::Imm8s64 => vec![128, -129, 0xffff_ffff_ffff_ff7f, 0xffff_ffff, U64_MAX + 1],
        Kind::One => vec![0, 2, -1],
        Kind::Three => vec![2, 4, -3],
        _ => vec![],
    }
}

fn label() -> Label {
    Label::from_index(0)
}

fn sized(m: Mem, k: Kind) -> Mem {
    Mem { size: k.mem_size().flatten(), ..m }
}

/// Every variant of an operand position that the study varies exhaustively.
fn variants(form: &Form, k: Kind, with_mem: bool) -> Vec<Operand> {
    let mut v = Vec::new();
    if let Some(class) = kind_reg_class(k) {
        v.extend(reg_numbers(form, k).into_iter().map(|n| Operand::Reg(r(class, n))));
        if class == RegClass::Gpr8 {
            v.extend((4..8).map(|n| Operand::Reg(r(RegClass::Gpr8High, n))));
        }
    }
    if let Some(f) = fixed_reg(k) {
        v.push(Operand::Reg(f));
    }
    if let Some(shapes) = fixed_mem_shapes(k) {
        v.extend(shapes.into_iter().map(Operand::Mem));
    } else if let Some(index) = vsib_index(k) {
        v.extend(vsib_shapes(index, form.evex().is_some()).into_iter().map(|m| Operand::Mem(sized(m, k))));
    } else if with_mem && k.mem_size().is_some() {
        v.extend(mem_shapes().into_iter().map(|m| Operand::Mem(sized(m, k))));
        if let Some(e) = form.evex() {
            v.extend(disp8n_shapes(e.len.bytes()).into_iter().map(|m| Operand::Mem(sized(m, k))));
        }
    }
    v.extend(imm_values(k).into_iter().map(Operand::Imm));
    match k {
        Kind::Rel8 => {
            v.push(Operand::Label(label(), BranchHint::Auto));
            v.push(Operand::Label(label(), BranchHint::Short));
        }
        Kind::Rel32 => {
            v.push(Operand::Label(label(), BranchHint::Auto));
            v.push(Operand::Label(label(), BranchHint::Near));
            v.push(Operand::Abs(0x1234_5678));
        }
        _ => {}
    }
    v
}

/// A few representative values for positions that are not being varied.
fn partners(form: &Form, k: Kind) -> Vec<Operand> {
    let mut v = Vec::new();
    if let Some(class) = kind_reg_class(k) {
        let nums = reg_numbers(form, k);
        let picks: &[usize] = if nums.len() > 16 { &[1, 7, 8, 13, 17, 30] } else { &[1, 7, 8, 13] };
        v.extend(picks.iter().map(|&i| Operand::Reg(r(class, nums[i % nums.len()]))));
        if class == RegClass::Gpr8 {
            v.push(Operand::Reg(r(RegClass::Gpr8High, 7)));
        }
    }
    if let Some(f) = fixed_reg(k) {
        v.push(Operand::Reg(f));
    }
    if let Some(shapes) = fixed_mem_shapes(k) {
        v.extend(shapes.into_iter().take(1).map(Operand::Mem));
    } else if let Some(index) = vsib_index(k) {
        v.push(Operand::Mem(sized(mem(Some(q(3)), Some(r(index, 5)), 4, 0x40), k)));
    } else if k.mem_size().is_some() {
        v.extend(mem_partners().into_iter().map(|m| Operand::Mem(sized(m, k))));
    }
    let imms = imm_values(k);
    if let (Some(first), Some(last)) = (imms.get(2).or(imms.first()), imms.last()) {
        v.push(Operand::Imm(*first));
        if last != first {
            v.push(Operand::Imm(*last));
        }
    }
    match k {
        Kind::Rel8 | Kind::Rel32 => v.push(Operand::Label(label(), BranchHint::Auto)),
        _ => {}
    }
    v
}

/// Operand lists for `form`: each position runs through its variants while the other positions
/// take each of their partner values.
fn cases(form: &Form, with_mem: bool) -> Vec<Vec<Operand>> {
    let kinds: Vec<Kind> = form.operands.iter().map(|(k, _)| *k).collect();
    if kinds.is_empty() {
        return vec![vec![]];
    }
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for i in 0..kinds.len() {
        let mut combos: Vec<Vec<Operand>> = vec![vec![]];
        for (j, k) in kinds.iter().enumerate() {
            let choices = if i == j { variants(form, *k, with_mem) } else { partners(form, *k) };
            let mut next = Vec::new();
            for c in &combos {
                for o in &choices {
                    let mut c2 = c.clone();
                    c2.push(*o);
                    next.push(c2);
                }
            }
            combos = next;
        }
        for c in combos {
            // Only one memory operand per instruction; a gather's registers are distinct.
            let explicit = |o: &(usize, &Operand)| {
                matches!(o.1, Operand::Mem(_)) && form.operands[o.0].1 != Slot::Implicit
            };
            if c.iter().enumerate().filter(explicit).count() > 1 || !gather_distinct(&c) {
                continue;
            }
            // Duplicate x87 and segment register pairs are fine; nothing else to skip.
            if seen.insert(c.clone()) {
                out.push(c);
            }
        }
    }
    out
}

/// Gathers fault when destination, index and mask coincide; the generator avoids such lists
/// (the matcher's refusal is tested separately).
fn gather_distinct(ops: &[Operand]) -> bool {
    let mut nums = Vec::new();
    for o in ops {
        match o {
            Operand::Reg(x) if x.is_vector() => nums.push(x.num),
            Operand::Mem(m) => nums.extend(m.index.filter(|x| x.is_vector()).map(|x| x.num)),
            _ => {}
        }
    }
    let has_vsib = ops.iter().any(|o| matches!(o, Operand::Mem(m) if m.index.is_some_and(|x| x.is_vector())));
    let n = nums.len();
    nums.sort_unstable();
    nums.dedup();
    !has_vsib || nums.len() == n
}

/// The decorated variants of case number `i` of an EVEX row (the undecorated case comes first,
/// masked when the row requires a mask): every mask k1..k7 over the cases, `{z}` where allowed,
/// the broadcast of a broadcastable memory operand (with the SDM's `{1toN}`, N = vector length /
/// element size), every rounding mode on register forms of rows with embedded rounding.
fn deco_variants(form: &Form, ops: &[Operand], i: usize) -> Vec<(Vec<Operand>, Decorations)> {
    let Some(e) = form.evex() else { return vec![(ops.to_vec(), NO_DECO)] };
    let k = |n: usize| Some(r(RegClass::K, 1 + (n % 7) as u8));
    let mem_at = ops.iter().position(|o| matches!(o, Operand::Mem(_)));
    let base =
        if e.allows(evex_flag::MASK_REQUIRED) { Decorations { mask: k(i), ..NO_DECO } } else { NO_DECO };
    let mut v = vec![(ops.to_vec(), base)];
    if e.allows(evex_flag::MASK) && !e.allows(evex_flag::MASK_REQUIRED) {
        let z = e.allows(evex_flag::ZEROING) && mem_at != Some(0) && i & 1 == 0;
        v.push((ops.to_vec(), Decorations { mask: k(i + 3), zeroing: z, ..NO_DECO }));
    }
    if let Some(at) = mem_at {
        let kind = form.operands[at].0;
        if let (Some(elem), Some(Some(full)), Operand::Mem(m)) = (kind.info().bcst, kind.mem_size(), ops[at])
        {
            let mut b = ops.to_vec();
            b[at] = Operand::Mem(Mem { size: Some(elem), ..m });
            let n = (full.bits() / elem.bits()) as u8;
            v.push((b.clone(), Decorations { broadcast: Some(n), ..NO_DECO }));
            v.push((b, Decorations { broadcast: Some(n), mask: k(i), ..NO_DECO }));
        }
    } else {
        // Rounding and `{sae}` (register forms), alone and with the masking the row allows.
        let masked =
            |rounding| Decorations { rounding, mask: k(i), zeroing: e.allows(evex_flag::ZEROING), ..NO_DECO };
        let mut round = |rc: Rounding| {
            v.push((ops.to_vec(), Decorations { rounding: Some(rc), ..NO_DECO }));
            if e.allows(evex_flag::MASK) && !e.allows(evex_flag::MASK_REQUIRED) {
                v.push((ops.to_vec(), masked(Some(rc))));
            }
        };
        if e.allows(evex_flag::ER) {
            round([Rounding::Rn, Rounding::Rd, Rounding::Ru, Rounding::Rz][i % 4]);
        }
        if e.allows(evex_flag::SAE) {
            round(Rounding::Sae);
        }
    }
    v
}

/// The base decorations a row needs to be matched at all (gathers need a mask).
fn base_deco(form: &Form) -> Decorations {
    match form.evex() {
        Some(e) if e.allows(evex_flag::MASK_REQUIRED) => {
            Decorations { mask: Some(r(RegClass::K, 1)), ..NO_DECO }
        }
        _ => NO_DECO,
    }
}

// ---------------------------------------------------------------------------------------------
// Independent expectations
// ---------------------------------------------------------------------------------------------

/// Per the SDM: a REX prefix is present when REX.W is set, when any register numbered 8..15 is
/// encoded, or when `spl`/`bpl`/`sil`/`dil` are used; with REX, `ah`..`bh` cannot be encoded.
fn needs_rex(form: &Form, ops: &[Operand]) -> bool {
    if !matches!(form.scheme, Scheme::Legacy(_)) {
        return false;
    }
    if form.w() {
        return true;
    }
    ops.iter().zip(form.operands).any(|(o, (_, slot))| match o {
        Operand::Reg(reg) if matches!(reg.class, RegClass::Seg | RegClass::St) => false,
        Operand::Reg(reg) => {
            *slot != Slot::Implicit
                && (reg.num >= 8 || (reg.class == RegClass::Gpr8 && (4..8).contains(&reg.num)))
        }
        Operand::Mem(m) => {
            [m.base, m.index].into_iter().flatten().any(|x| x.class != RegClass::Rip && x.num >= 8)
        }
        _ => false,
    })
}

fn has_high_byte(ops: &[Operand]) -> bool {
    ops.iter().any(|o| matches!(o, Operand::Reg(reg) if reg.class == RegClass::Gpr8High))
}

/// `xchg eax, eax` must not be `90` (that is `nop`, which does not zero the upper half of rax).
fn notzero_violation(form: &Form, ops: &[Operand]) -> bool {
    form.has_flag(flag::NOTZERO)
        && ops
            .iter()
            .zip(form.operands)
            .any(|(o, (_, s))| *s == Slot::Op && matches!(o, Operand::Reg(x) if x.num == 0))
}

/// Rows that expect an error from the encoder, and why.
fn expected_error(form: &Form, ops: &[Operand]) -> Option<&'static str> {
    if has_high_byte(ops) && needs_rex(form, ops) {
        return Some("high-byte register in an instruction that needs REX");
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Decoding and comparison
// ---------------------------------------------------------------------------------------------

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect::<Vec<_>>().join(" ")
}

fn show(mnemonic: &str, ops: &[Operand]) -> String {
    let list: Vec<String> = ops.iter().map(|o| o.to_string()).collect();
    format!("{mnemonic} {}", list.join(", "))
}

struct Iced {
    fmt: IntelFormatter,
}

impl Iced {
    fn new() -> Iced {
        Iced { fmt: IntelFormatter::new() }
    }

    fn decode(&self, bytes: &[u8]) -> Result<Instruction, String> {
        let mut dec = Decoder::with_ip(64, bytes, 0, DecoderOptions::NONE);
        let ins = dec.decode();
        if ins.is_invalid() {
            return Err(format!("iced: invalid instruction ({:?})", dec.last_error()));
        }
        if ins.len() != bytes.len() || dec.can_decode() {
            return Err(format!("iced decoded {} of {} bytes", ins.len(), bytes.len()));
        }
        Ok(ins)
    }

    fn text(&mut self, ins: &Instruction) -> String {
        let mut s = String::new();
        self.fmt.format(ins, &mut s);
        s
    }

    fn reg_name(&mut self, reg: Register) -> String {
        let n = self.fmt.format_register(reg).to_ascii_lowercase();
        if n == "st" {
            return "st(0)".to_string();
        }
        // iced's name for the low byte of r8..r15 is `r8l`; ours is `r8b`.
        match n.strip_suffix('l').and_then(|s| s.strip_prefix('r')).and_then(|s| s.parse::<u8>().ok()) {
            Some(k) if k >= 8 => format!("r{k}b"),
            _ => n,
        }
    }
}

/// Spellings an assembler accepts that iced names differently (iced uses one name per opcode):
/// the matcher's own alias list, each checked against iced's name for the instruction.
const SPELLING: &[(&str, &str)] = asm_runtime::isa::ALIASES;

/// Condition-code synonyms (Intel SDM, Jcc/SETcc/CMOVcc tables) and the spelling iced uses.
const CC_SYNONYMS: &[(&str, &str)] = &[
    ("z", "e"),
    ("nz", "ne"),
    ("c", "b"),
    ("nae", "b"),
    ("nb", "ae"),
    ("nc", "ae"),
    ("na", "be"),
    ("nbe", "a"),
    ("pe", "p"),
    ("po", "np"),
    ("nge", "l"),
    ("nl", "ge"),
    ("ng", "le"),
    ("nle", "g"),
];

/// Table mnemonics of their own (not aliases) that iced prints under another name.
const ICED_NAMES: &[(&str, &str)] = &[("movabs", "mov"), ("retfq", "retf")];

/// iced's name for a mnemonic as an assembler user may write it.
fn iced_spelling(m: &str) -> String {
    if let Some((_, theirs)) = SPELLING.iter().chain(ICED_NAMES).find(|(ours, _)| *ours == m) {
        return theirs.to_string();
    }
    for stem in ["j", "set", "cmov"] {
        if let Some(cc) = m.strip_prefix(stem) {
            if let Some((_, canon)) = CC_SYNONYMS.iter().find(|(syn, _)| *syn == cc) {
                return format!("{stem}{canon}");
            }
        }
    }
    m.to_string()
}

fn iced_mnemonic(ins: &Instruction) -> String {
    format!("{:?}", ins.mnemonic()).to_ascii_lowercase()
}

/// What one of our operands should look like in iced's decoding.
#[derive(Debug)]
enum Expect {
    Reg(Reg),
    /// The operand, its size in bytes (the element for broadcasts and gathers), disp8*N's N.
    Mem(Mem, Option<usize>, u8),
    Imm(i128, Kind),
    Branch(Kind),
    /// The implicit operands of a string instruction (`es:[rdi]`, `[rsi]`, the accumulator,
    /// `dx`), the element size and the source's segment override.
    StringOps(usize, Option<Seg>),
    /// A `moffs` operand: an 8-byte absolute address of this size.
    Moffs(Mem, usize),
}

fn string_width(m: &str) -> Option<usize> {
    let stem =
        ["movs", "stos", "lods", "scas", "cmps", "ins", "outs"].into_iter().find(|s| m.starts_with(s))?;
    match &m[stem.len()..] {
        "b" => Some(1),
        "w" => Some(2),
        "d" => Some(4),
        "q" => Some(8),
        _ => None,
    }
}

/// N of disp8*N by the SDM's tuple tables (2-34, 2-35): full- and half-vector rows scale by
/// the (half) vector length, or by the element under broadcast; the vector-memory tuples by
/// their fraction of the vector length; one-element rows by the element; T2/T4/T8 by that many
/// elements of W's size; other schemes do not scale.
fn disp8_n(form: &Form, deco: &Decorations) -> u8 {
    use asm_runtime::isa::Tuple as T;
    let Some(e) = form.evex() else { return 1 };
    let elem = form.operands.iter().find_map(|(k, _)| k.info().bcst).map(|s| (s.bits() / 8) as u8);
    let vl = e.len.bytes();
    let w = if e.w.bit() { 8 } else { 4 };
    match (e.tuple, deco.broadcast) {
        (T::Full | T::Half, Some(_)) => elem.unwrap_or(1),
        (T::Full | T::Fvm, _) => vl,
        (T::Half | T::Hvm, _) => vl / 2,
        (T::Qvm, _) => vl / 4,
        (T::Ovm, _) => vl / 8,
        (T::T1s1, _) => 1,
        (T::T1s2, _) => 2,
        (T::T1s4, _) => 4,
        (T::T1s8, _) => 8,
        (T::T2, _) => 2 * w,
        (T::T4, _) => 4 * w,
        (T::T8, _) => 8 * w,
        (T::M128, _) => 16,
        (T::Dup, _) if vl == 16 => 8,
        (T::Dup, _) => vl,
    }
}

fn expectations(form: &Form, ops: &[Operand], deco: &Decorations) -> Vec<Expect> {
    let mut v = Vec::new();
    // The bare x87 `faddp`/`fsubrp` are `st(1), st(0)`, which iced shows.
    if matches!(form.scheme, Scheme::X87) && form.operands.is_empty() {
        return vec![Expect::Reg(r(RegClass::St, 1)), Expect::Reg(r(RegClass::St, 0))];
    }
    if form.has_flag(flag::REP) && form.operands.is_empty() {
        if let Some(w) = string_width(form.mnemonic) {
            v.push(Expect::StringOps(w, None));
            return v;
        }
    }
    // The explicit spellings (`movs qword ptr es:[rdi], qword ptr [rsi]`, `xlat byte ptr
    // [rbx]`): the operands are the implicit ones iced shows; the size comes from the kind.
    if let Some((w, seg)) = explicit_string(form, ops) {
        return vec![Expect::StringOps(w, seg)];
    }
    if form.mnemonic == "xlatb" {
        return vec![Expect::StringOps(1, None)];
    }
    // A fixed two-byte x87 form without operands (`fcom` = `D8 D1`) is its `st(i)` row with
    // the register in the opcode: expect those operands.
    if let Some((sib, i)) = x87_sibling(form) {
        return sib
            .operands
            .iter()
            .map(|(k, _)| Expect::Reg(r(RegClass::St, if *k == Kind::Sti { i } else { 0 })))
            .collect();
    }
    // `div rax, rcx` names the implicit accumulator; iced shows `div rcx`.
    let hidden_accumulator = matches!(form.mnemonic, "div" | "idiv") && form.operands.len() == 2;
    for ((k, slot), o) in form.operands.iter().zip(ops) {
        match o {
            Operand::Reg(_) if hidden_accumulator && *slot == Slot::Implicit => {}
            // iced does not list the implicit `<xmm0>` of `blendvps` and `sha256rnds2`.
            Operand::Reg(_) if *k == Kind::Xmm0 => {}
            Operand::Reg(reg) => {
                v.push(Expect::Reg(*reg));
                if *slot == Slot::RegRm {
                    v.push(Expect::Reg(*reg));
                }
            }
            Operand::Mem(m) if matches!(k.info().mem, Some(MemKind::Abs(_))) => {
                v.push(Expect::Moffs(*m, k.mem_size().flatten().map_or(0, size_bytes)))
            }
            Operand::Mem(m) => {
                let size = if vsib_index(*k).is_some() {
                    Some(if form.w() { 8 } else { 4 })
                } else if deco.broadcast.is_some() {
                    m.size.map(size_bytes)
                } else {
                    k.mem_size().flatten().map(size_bytes)
                };
                v.push(Expect::Mem(*m, size, disp8_n(form, deco)))
            }
            // `int 3` is the one-byte `int3`, which has no operand.
            Operand::Imm(_) if *k == Kind::Three => {}
            Operand::Imm(x) => v.push(Expect::Imm(*x, *k)),
            Operand::Label(..) | Operand::Abs(_) => v.push(Expect::Branch(*k)),
            Operand::Hole(..) => {}
        }
    }
    // The shift/rotate-by-one rows written without a count: iced shows the implicit `1`.
    if form.operands.len() == 1 && matches!(form.opcode, [0xD0] | [0xD1]) {
        v.push(Expect::Imm(1, Kind::One));
    }
    v
}

/// For a row whose operands are all implicit string operands (and accumulators, `dx`): the
/// element size and the override of its `[rsi]` or `[rbx]` source.
fn explicit_string(form: &Form, ops: &[Operand]) -> Option<(usize, Option<Seg>)> {
    let mut found = None;
    for ((k, slot), o) in form.operands.iter().zip(ops) {
        if *slot != Slot::Implicit {
            return None;
        }
        if let (Some(MemKind::At { size, base }), Operand::Mem(m)) = (k.info().mem, o) {
            let seg = if base == 7 { None } else { m.seg };
            found = Some((size_bytes(size), seg.or(found.and_then(|(_, s)| s))));
        }
    }
    found
}

/// The `st(i)` row a fixed two-byte x87 row without operands stands for (`fcom` is
/// `fcom st(1)`), and `i`.
fn x87_sibling(form: &Form) -> Option<(&'static Form, u8)> {
    let [a, b] = *form.opcode else { return None };
    if !form.operands.is_empty() || !(0xD8..=0xDF).contains(&a) || b < 0xC0 {
        return None;
    }
    let sib = asm_runtime::isa::forms_of(form.mnemonic)
        .iter()
        .find(|f| matches!(f.scheme, Scheme::X87) && f.opcode == [a, b & 0xF8] && !f.operands.is_empty())?;
    Some((sib, b & 7))
}

fn imm_width(k: Kind) -> u32 {
    match k {
        Kind::Imm8 | Kind::One => 8,
        Kind::Imm16 | Kind::Imm8s16 => 16,
        Kind::Imm32 | Kind::Imm8s32 => 32,
        _ => 64,
    }
}

fn iced_imm_kind(k: Kind) -> OpKind {
    match k {
        Kind::Imm8 | Kind::One => OpKind::Immediate8,
        Kind::Imm16 => OpKind::Immediate16,
        Kind::Imm32 => OpKind::Immediate32,
        Kind::Imm32s => OpKind::Immediate32to64,
        Kind::Imm64 => OpKind::Immediate64,
        Kind::Imm8s16 => OpKind::Immediate8to16,
        Kind::Imm8s32 => OpKind::Immediate8to32,
        _ => OpKind::Immediate8to64,
    }
}

fn mask(width: u32) -> u128 {
    if width >= 64 {
        u64::MAX as u128
    } else {
        (1u128 << width) - 1
    }
}

/// The displacement size (bytes) the shortest encoding of `m` has.
fn minimal_displ_size(m: &Mem, n: u8) -> u32 {
    let n = i64::from(n);
    match m.base {
        None => 4,
        Some(b) if b.class == RegClass::Rip => 4,
        Some(b) if m.disp == 0 && b.num & 7 != 5 => 0,
        Some(_) if m.disp % n == 0 && i8::try_from(m.disp / n).is_ok() => 1,
        Some(_) => 4,
    }
}

fn check_mem(iced: &mut Iced, ins: &Instruction, m: &Mem, size: Option<usize>, n: u8) -> Result<(), String> {
    let name =
        |iced: &mut Iced, r: Register| if r == Register::None { String::new() } else { iced.reg_name(r) };
    let base = name(iced, ins.memory_base());
    let want_base = m.base.map_or(String::new(), |b| b.name().to_string());
    if base != want_base {
        return Err(format!("base {base:?}, expected {want_base:?}"));
    }
    let index = name(iced, ins.memory_index());
    let want_index = m.index.map_or(String::new(), |x| x.name().to_string());
    if index != want_index {
        return Err(format!("index {index:?}, expected {want_index:?}"));
    }
    if m.index.is_some() && ins.memory_index_scale() != u32::from(m.scale) {
        return Err(format!("scale {}, expected {}", ins.memory_index_scale(), m.scale));
    }
    let is_rip = m.base.is_some_and(|b| b.class == RegClass::Rip);
    let addr32 = [m.base, m.index].into_iter().flatten().any(|x| x.class == RegClass::Gpr32);
    let got = ins.memory_displacement64();
    let want = if is_rip {
        ins.next_ip().wrapping_add(m.disp as u64)
    } else if addr32 {
        m.disp as u32 as u64
    } else {
        m.disp as u64
    };
    if got != want {
        return Err(format!("displacement {got:#x}, expected {want:#x}"));
    }
    // iced reports a disp32 of 64-bit addressing as 8 (it is sign-extended to 64 bits).
    let displ_size = match ins.memory_displ_size() {
        8 if !addr32 => 4,
        n => n,
    };
    if displ_size != minimal_displ_size(m, n) {
        return Err(format!(
            "displacement encoded in {displ_size} bytes, the shortest form has {} (disp8*{n})",
            minimal_displ_size(m, n)
        ));
    }
    let seg = name(iced, ins.segment_prefix());
    let want_seg = m.seg.map_or(String::new(), |s| s.name().to_string());
    if seg != want_seg {
        return Err(format!("segment prefix {seg:?}, expected {want_seg:?}"));
    }
    if let Some(sz) = size {
        let got = ins.memory_size().size();
        if got != sz {
            return Err(format!("memory size {got} ({:?}), expected {sz}", ins.memory_size()));
        }
    }
    Ok(())
}

/// Decodes `bytes` and checks it is exactly `form` applied to `ops`.
fn check_decoding(
    iced: &mut Iced,
    form: &Form,
    ops: &[Operand],
    bytes: &[u8],
) -> Result<Instruction, String> {
    check_decoding_deco(iced, form, ops, &NO_DECO, bytes)
}

/// The EVEX decorations iced decoded: mask, zeroing, broadcast, rounding.
fn check_decorations(iced: &mut Iced, ins: &Instruction, deco: &Decorations) -> Result<(), String> {
    let mask = if ins.op_mask() == Register::None { None } else { Some(iced.reg_name(ins.op_mask())) };
    if mask != deco.mask.map(|k| k.name().to_string()) {
        return Err(format!("write mask {mask:?}, expected {:?}", deco.mask.map(|k| k.name())));
    }
    if ins.zeroing_masking() != deco.zeroing {
        return Err(format!("zeroing {}, expected {}", ins.zeroing_masking(), deco.zeroing));
    }
    if ins.is_broadcast() != deco.broadcast.is_some() {
        return Err(format!("broadcast {}, expected {:?}", ins.is_broadcast(), deco.broadcast));
    }
    let rc = match deco.rounding {
        None | Some(Rounding::Sae) => RoundingControl::None,
        Some(Rounding::Rn) => RoundingControl::RoundToNearest,
        Some(Rounding::Rd) => RoundingControl::RoundDown,
        Some(Rounding::Ru) => RoundingControl::RoundUp,
        Some(Rounding::Rz) => RoundingControl::RoundTowardZero,
    };
    if ins.rounding_control() != rc {
        return Err(format!("rounding {:?}, expected {rc:?}", ins.rounding_control()));
    }
    if deco.rounding == Some(Rounding::Sae) && !ins.suppress_all_exceptions() {
        return Err("`{sae}` not decoded".into());
    }
    Ok(())
}

/// Decodes `bytes` and checks it is exactly `form` applied to `ops` with `deco`.
fn check_decoding_deco(
    iced: &mut Iced,
    form: &Form,
    ops: &[Operand],
    deco: &Decorations,
    bytes: &[u8],
) -> Result<Instruction, String> {
    // iced decodes the `9B` of a waiting x87 form (`fstcw` = `9B D9 /7`) as a `wait` of its
    // own; the rest must be the no-wait form (`fnstcw`) with the same operands.
    let waits = form.has_flag(flag::WAIT) || (form.opcode.len() > 1 && form.opcode[0] == 0x9B);
    let bytes = match bytes.split_first() {
        Some((0x9B, rest)) if waits => rest,
        _ if waits => return Err("no 9B first".into()),
        _ => bytes,
    };
    let ins = iced.decode(bytes)?;
    check_decorations(iced, &ins, deco)?;
    let m = iced_mnemonic(&ins);
    // Rows that spell another instruction's encoding the way GNU as does.
    let mut want = match form.id {
        FormId::int_3 => "int3".to_string(),
        FormId::movsx_r64_rm32 => "movsxd".to_string(),
        _ => iced_spelling(form.mnemonic),
    };
    // iced names the explicit-operand string spellings by their size: `movs` of qwords is
    // `movsq`.
    if waits {
        want = format!("fn{}", &want[1..]);
    }
    if let Some((w, _)) = explicit_string(form, ops).filter(|_| string_width(form.mnemonic).is_none()) {
        if form.mnemonic != "xlatb" {
            want.push(match w {
                1 => 'b',
                2 => 'w',
                4 => 'd',
                _ => 'q',
            });
        }
    }
    // `xchg ax, ax` (66 90) and `xchg rax, rax` (48 90) are the one-byte nop with a prefix; the
    // exchange of a register with itself is a no-op at 16 and 64 bits, so that is equivalent.
    let self_xchg = form.mnemonic == "xchg"
        && ops.len() == 2
        && ops[0] == ops[1]
        && form.opcode == [0x90]
        && matches!(ops[0], Operand::Reg(x) if matches!(x.class, RegClass::Gpr16 | RegClass::Gpr64));
    if self_xchg {
        return if m == "nop" {
            Ok(ins)
        } else {
            Err(format!("expected nop for a self-exchange, iced says {m}"))
        };
    }
    if m != want {
        return Err(format!("mnemonic {m}, expected {want}"));
    }
    let exp = expectations(form, ops, deco);
    if let [Expect::StringOps(w, seg)] = exp[..] {
        let want_seg = seg.map_or(String::new(), |s| s.name().to_string());
        let got_seg = match ins.segment_prefix() {
            Register::None => String::new(),
            r => iced.reg_name(r),
        };
        if got_seg != want_seg {
            return Err(format!("segment prefix {got_seg:?}, expected {want_seg:?}"));
        }
        for i in 0..ins.op_count() {
            match ins.op_kind(i) {
                // `xlatb`'s `[rbx + al]`.
                OpKind::Memory
                    if ins.memory_base() == Register::RBX && ins.memory_index() == Register::AL => {}
                OpKind::MemorySegRSI | OpKind::MemoryESRDI => {
                    if ins.memory_size().size() != w {
                        return Err(format!(
                            "string element size {}, expected {w}",
                            ins.memory_size().size()
                        ));
                    }
                }
                OpKind::Register => {
                    let n = iced.reg_name(ins.op_register(i));
                    let acc = match w {
                        1 => "al",
                        2 => "ax",
                        4 => "eax",
                        _ => "rax",
                    };
                    if n != acc && n != "dx" {
                        return Err(format!("string accumulator {n}, expected {acc}"));
                    }
                }
                k => return Err(format!("unexpected operand kind {k:?} in a string instruction")),
            }
        }
        return Ok(ins);
    }
    // The masked byte store (`vmaskmovdqu`) writes to the implicit `ds:[rdi]`, which iced lists
    // as a first operand that the instruction does not spell. iced also names the implicit
    // `st(0)` of `fcom st(i)`, `fxch st(i)`, `fcomi st(i)`, which Intel syntax (llvm-mc, GNU as)
    // leaves out. Either is skipped.
    let implicit = u32::from(ins.op_count() > 0 && ins.op_kind(0) == OpKind::MemorySegRDI);
    let st0 =
        |iced: &mut Iced| ins.op_kind(0) == OpKind::Register && iced.reg_name(ins.op_register(0)) == "st(0)";
    let skip = implicit
        + u32::from(
            ins.op_count() as usize == exp.len() + 1
                && exp.iter().any(|e| matches!(e, Expect::Reg(x) if x.class == RegClass::St))
                && st0(iced),
        );
    if (ins.op_count() - skip) as usize != exp.len() {
        return Err(format!("iced shows {} operands, expected {}", ins.op_count() - skip, exp.len()));
    }
    let mut order: Vec<usize> = (0..exp.len()).collect();
    // iced lists `test r, m` and `xchg r, r/m` in the manual's canonical order; both commute.
    if matches!(form.mnemonic, "test" | "xchg") && exp.len() == 2 {
        let first_ok = operand_matches(iced, &ins, 0, &exp[0]).is_ok();
        if !first_ok {
            order = vec![1, 0];
        }
    }
    for (i, e) in order.iter().map(|&j| &exp[j]).enumerate() {
        operand_matches(iced, &ins, i as u32 + skip, e).map_err(|msg| format!("operand {}: {msg}", i + 1))?;
    }
    Ok(ins)
}

fn operand_matches(iced: &mut Iced, ins: &Instruction, i: u32, e: &Expect) -> Result<(), String> {
    let kind = ins.op_kind(i);
    match e {
        Expect::Reg(reg) => {
            if kind != OpKind::Register {
                return Err(format!("{kind:?}, expected register {reg}"));
            }
            let n = iced.reg_name(ins.op_register(i));
            // iced names the register of an `r32/m16` operand (`lldt`, `verr`, `lmsw`) in
            // 32 bits; the instruction reads its low 16, which is what the user writes.
            let r32m16 = ins.op_code().instruction_string().contains("r32/m16")
                && reg.class == RegClass::Gpr16
                && asm_runtime::Reg::from_name(&n)
                    .is_some_and(|r| r.class == RegClass::Gpr32 && r.num == reg.num);
            if n != reg.name() && !r32m16 {
                return Err(format!("register {n}, expected {reg}"));
            }
            Ok(())
        }
        Expect::Mem(m, size, n) => {
            if kind != OpKind::Memory {
                return Err(format!("{kind:?}, expected memory {m}"));
            }
            check_mem(iced, ins, m, *size, *n)
        }
        Expect::Imm(v, k) => {
            let want_kind = iced_imm_kind(*k);
            // `enter`'s second immediate.
            let second = i > 0 && want_kind == OpKind::Immediate8 && kind == OpKind::Immediate8_2nd;
            if kind != want_kind && !second {
                return Err(format!("{kind:?}, expected {want_kind:?} ({v})"));
            }
            let w = imm_width(*k);
            let got = ins.immediate(i) as u128 & mask(w);
            let want = *v as u128 & mask(w);
            if got != want {
                return Err(format!("immediate {got:#x}, expected {want:#x} (from {v})"));
            }
            Ok(())
        }
        Expect::Branch(k) => {
            if !matches!(kind, OpKind::NearBranch64) {
                return Err(format!("{kind:?}, expected a near branch"));
            }
            // The field is a zero placeholder: the target is the end of the instruction. Its
            // width is checked through the instruction length (see `branch_len`).
            if ins.near_branch64() != ins.next_ip() {
                return Err(format!("{k:?} field is not zero: target {:#x}", ins.near_branch64()));
            }
            Ok(())
        }
        Expect::StringOps(..) => Err("string operands in a non-string row".into()),
        Expect::Moffs(m, size) => {
            if kind != OpKind::Memory {
                return Err(format!("{kind:?}, expected an absolute address {m}"));
            }
            let seg = match ins.segment_prefix() {
                Register::None => String::new(),
                r => iced.reg_name(r),
            };
            let want_seg = m.seg.map_or(String::new(), |s| s.name().to_string());
            let ok = ins.memory_base() == Register::None
                && ins.memory_index() == Register::None
                && ins.memory_displacement64() == m.disp as u64
                && ins.memory_displ_size() == 8
                && ins.memory_size().size() == *size
                && seg == want_seg;
            if ok {
                Ok(())
            } else {
                Err(format!(
                    "memory {:#x} ({} address bytes, size {}, segment {seg:?}), expected {m}",
                    ins.memory_displacement64(),
                    ins.memory_displ_size(),
                    ins.memory_size().size()
                ))
            }
        }
    }
}

/// The expected byte length of a relative branch row (prefix + opcode + field).
fn branch_len(form: &Form) -> Option<usize> {
    let (k, _) = form.operands.iter().find(|(k, _)| matches!(k, Kind::Rel8 | Kind::Rel32))?;
    let field = if *k == Kind::Rel8 { 1 } else { 4 };
    let prefix = matches!(form.scheme, Scheme::Legacy(l) if l.prefix != 0);
    Some(usize::from(prefix) + form.opcode.len() + field)
}

/// A normalized description of a decoded instruction, for comparing two encodings.
fn semantics(iced: &mut Iced, ins: &Instruction) -> String {
    let mut ops = Vec::new();
    for i in 0..ins.op_count() {
        let s = match ins.op_kind(i) {
            OpKind::Register => iced.reg_name(ins.op_register(i)),
            OpKind::Memory => {
                let base = ins.memory_base();
                let disp = if base == Register::RIP || base == Register::EIP {
                    ins.memory_displacement64().wrapping_sub(ins.next_ip())
                } else {
                    ins.memory_displacement64()
                };
                format!(
                    "{:?}:[{:?}+{:?}*{}+{:#x}]{}",
                    ins.segment_prefix(),
                    base,
                    ins.memory_index(),
                    ins.memory_index_scale(),
                    disp,
                    ins.memory_size().size()
                )
            }
            OpKind::NearBranch64 | OpKind::NearBranch32 | OpKind::NearBranch16 => "branch".to_string(),
            k @ (OpKind::Immediate8
            | OpKind::Immediate16
            | OpKind::Immediate32
            | OpKind::Immediate64
            | OpKind::Immediate8to16
            | OpKind::Immediate8to32
            | OpKind::Immediate8to64
            | OpKind::Immediate32to64) => {
                let w = match k {
                    OpKind::Immediate8 => 8,
                    OpKind::Immediate16 | OpKind::Immediate8to16 => 16,
                    OpKind::Immediate32 | OpKind::Immediate8to32 => 32,
                    _ => 64,
                };
                format!("imm{:#x}", ins.immediate(i) as u128 & mask(w))
            }
            k => format!("{k:?}"),
        };
        ops.push(s);
    }
    let m = iced_mnemonic(ins);
    if matches!(m.as_str(), "xchg" | "test") {
        ops.sort();
    }
    format!("{m} {}", ops.join(", "))
}

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------

struct Report {
    name: &'static str,
    checked: usize,
    failures: Vec<String>,
    forms_seen: BTreeSet<usize>,
    forms_failed: BTreeSet<usize>,
}

impl Report {
    fn new(name: &'static str) -> Report {
        Report {
            name,
            checked: 0,
            failures: Vec::new(),
            forms_seen: BTreeSet::new(),
            forms_failed: BTreeSet::new(),
        }
    }

    fn fail(&mut self, form: &Form, msg: String) {
        self.failures.push(format!("[{:?}] {msg}", form.id));
        self.forms_failed.insert(form.id.index());
    }

    fn finish(self, min_checked: usize) {
        println!("{}: {} instructions checked over {} forms", self.name, self.checked, self.forms_seen.len());
        if !self.failures.is_empty() {
            let shown: Vec<&String> = self.failures.iter().take(80).collect();
            panic!(
                "{}: {} failures out of {} checks; first {}:\n{}",
                self.name,
                self.failures.len(),
                self.checked,
                shown.len(),
                shown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n")
            );
        }
        assert!(self.checked >= min_checked, "{}: only {} checks", self.name, self.checked);
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

/// Encodes one case and checks the decoding; returns the bytes when it encoded as expected.
fn run_case(iced: &mut Iced, rep: &mut Report, form: &'static Form, ops: &[Operand]) -> Option<Vec<u8>> {
    run_case_deco(iced, rep, form, ops, &NO_DECO)
}

fn show_deco(mnemonic: &str, ops: &[Operand], deco: &Decorations) -> String {
    let mut s = show(mnemonic, ops);
    if !deco.is_empty() {
        s.push_str(&format!(" {deco:?}"));
    }
    s
}

fn run_case_deco(
    iced: &mut Iced,
    rep: &mut Report,
    form: &'static Form,
    ops: &[Operand],
    deco: &Decorations,
) -> Option<Vec<u8>> {
    let text = show_deco(form.mnemonic, ops, deco);
    let expect_err = expected_error(form, ops);
    let res = encode_with(form, None, ops, deco);
    rep.checked += 1;
    match (res, expect_err) {
        (Err(_), Some(_)) => None,
        (Ok(b), Some(why)) => {
            rep.fail(form, format!("`{text}`: encoded as {} but expected an error ({why})", hex(&b)));
            None
        }
        (Err(e), None) => {
            rep.fail(form, format!("`{text}`: encoder error: {e}"));
            None
        }
        (Ok(b), None) => {
            if let Some(n) = branch_len(form) {
                if b.len() != n {
                    rep.fail(
                        form,
                        format!("`{text}`: branch of {} bytes, expected {n}: {}", b.len(), hex(&b)),
                    );
                    return None;
                }
            }
            match check_decoding_deco(iced, form, ops, deco, &b) {
                Ok(ins) => {
                    if !rep.forms_seen.contains(&form.id.index())
                        && std::env::var_os("DIFFERENTIAL_SHOW").is_some()
                    {
                        println!("[{:?}] `{text}` -> {} = `{}`", form.id, hex(&b), iced.text(&ins));
                    }
                    rep.forms_seen.insert(form.id.index());
                    Some(b)
                }
                Err(msg) => {
                    let shown = iced.decode(&b).map(|i| iced.text(&i)).unwrap_or_else(|e| e);
                    rep.fail(form, format!("`{text}` -> {} (iced: `{shown}`): {msg}", hex(&b)));
                    None
                }
            }
        }
    }
}

#[test]
fn every_form_encodes_what_iced_decodes() {
    let mut iced = Iced::new();
    let mut rep = Report::new("every form");
    let mut skipped_notzero = 0;
    let mut decorated = 0;
    let mut deco_seen = BTreeSet::new();
    for form in FORMS {
        for (i, ops) in cases(form, true).into_iter().enumerate() {
            if notzero_violation(form, &ops) {
                skipped_notzero += 1;
                continue;
            }
            for (ops, deco) in deco_variants(form, &ops, i) {
                decorated += usize::from(!deco.is_empty());
                if run_case_deco(&mut iced, &mut rep, form, &ops, &deco).is_some() {
                    for (on, tag) in [
                        (deco.mask.is_some(), "mask"),
                        (deco.zeroing, "zeroing"),
                        (deco.broadcast.is_some(), "broadcast"),
                        (deco.rounding.is_some_and(|r| r != Rounding::Sae), "rounding"),
                        (deco.rounding == Some(Rounding::Sae), "sae"),
                    ] {
                        if on {
                            deco_seen.insert((form.id.index(), tag));
                        }
                    }
                }
            }
        }
    }
    println!("({decorated} cases with EVEX decorations)");
    // Every decoration an EVEX row allows was exercised on it.
    let mut deco_missing = Vec::new();
    for f in FORMS {
        let Some(e) = f.evex() else { continue };
        let bcst = f.operands.iter().any(|(k, _)| k.info().bcst.is_some());
        for (allowed, tag) in [
            (e.allows(evex_flag::MASK), "mask"),
            (e.allows(evex_flag::ZEROING), "zeroing"),
            (bcst, "broadcast"),
            (e.allows(evex_flag::ER), "rounding"),
            (e.allows(evex_flag::SAE), "sae"),
        ] {
            if allowed && !deco_seen.contains(&(f.id.index(), tag)) {
                deco_missing.push(format!("{:?} {tag}", f.id));
            }
        }
    }
    assert!(deco_missing.is_empty(), "decorations never exercised: {}", deco_missing.join(", "));
    let missing: Vec<String> = FORMS
        .iter()
        .filter(|f| !rep.forms_seen.contains(&(f.id.index())))
        .map(|f| format!("{:?}", f.id))
        .collect();
    println!(
        "(skipped {skipped_notzero} register-0 cases of NOTZERO rows; checked through the matcher instead)"
    );
    assert!(
        missing.is_empty() || !rep.failures.is_empty(),
        "forms never exercised successfully: {}",
        missing.join(", ")
    );
    rep.finish(20_000);
}

#[test]
fn high_byte_registers_only_without_rex() {
    // Dedicated pass: every 8-bit row, every high-byte register against every partner that forces a
    // REX prefix (and against ones that do not).
    let mut iced = Iced::new();
    let mut rep = Report::new("high-byte registers");
    let (mut rejected, mut accepted) = (0, 0);
    for form in FORMS.iter().filter(|f| f.operands.iter().any(|(k, _)| matches!(k, Kind::R8 | Kind::Rm8))) {
        for ops in cases(form, true) {
            if !has_high_byte(&ops) {
                continue;
            }
            if run_case(&mut iced, &mut rep, form, &ops).is_some() {
                accepted += 1;
            } else if expected_error(form, &ops).is_some() {
                rejected += 1;
            }
        }
    }
    println!("high-byte cases: {accepted} encoded without REX, {rejected} rejected because REX was needed");
    assert!(accepted > 100 && rejected > 100, "{accepted} / {rejected}");
    rep.finish(500);
}

#[test]
fn matcher_picks_an_equivalent_row_no_longer() {
    let mut iced = Iced::new();
    let mut rep = Report::new("matcher");
    let (mut same, mut other) = (0, 0);
    for form in FORMS {
        for ops in cases(form, true) {
            if expected_error(form, &ops).is_some() {
                continue;
            }
            let text = show(form.mnemonic, &ops);
            let deco = base_deco(form);
            let found = find_deco(form.mnemonic, &ops, &deco);
            rep.checked += 1;
            if notzero_violation(form, &ops) {
                // The matcher must skip the `90+r` row for register 0 and still encode an exchange.
                match found {
                    Ok(f) if f.has_flag(flag::NOTZERO) && notzero_violation(f, &ops) => {
                        rep.fail(form, format!("`{text}`: matcher chose {:?} with register 0", f.id))
                    }
                    Ok(f) => match encode(f, &ops).map_err(|e| e.to_string()).and_then(|b| {
                        check_decoding(&mut iced, f, &ops, &b).map(|_| ())?;
                        Ok(b)
                    }) {
                        Ok(_) => {
                            rep.forms_seen.insert(form.id.index());
                        }
                        Err(e) => rep.fail(form, format!("`{text}` via {:?}: {e}", f.id)),
                    },
                    Err(e) => rep.fail(form, format!("`{text}`: matcher error {e}")),
                }
                continue;
            }
            let found = match found {
                Ok(f) => f,
                Err(e) => {
                    rep.fail(form, format!("`{text}`: matcher refuses operands this row accepts: {e}"));
                    continue;
                }
            };
            let Ok(ours) = encode_with(form, None, &ops, &deco) else {
                rep.fail(form, format!("`{text}`: row does not encode"));
                continue;
            };
            if found.id == form.id {
                same += 1;
                rep.forms_seen.insert(form.id.index());
                continue;
            }
            let theirs = match encode_with(found, None, &ops, &deco) {
                Ok(b) => b,
                Err(e) => {
                    rep.fail(
                        form,
                        format!("`{text}`: matcher chose {:?} which fails to encode: {e}", found.id),
                    );
                    continue;
                }
            };
            // VEX is preferred over EVEX even where disp8*N would make EVEX shorter (llvm-mc).
            let vex_over_evex = matches!(found.scheme, Scheme::Vex(_)) && form.evex().is_some();
            if theirs.len() > ours.len() && !vex_over_evex {
                rep.fail(
                    form,
                    format!(
                        "`{text}`: matcher chose {:?} ({}) longer than {}",
                        found.id,
                        hex(&theirs),
                        hex(&ours)
                    ),
                );
                continue;
            }
            let (a, b) = match (iced.decode(&ours), iced.decode(&theirs)) {
                (Ok(a), Ok(b)) => (a, b),
                (a, b) => {
                    rep.fail(form, format!("`{text}`: undecodable {:?} / {:?}", a.err(), b.err()));
                    continue;
                }
            };
            let (sa, sb) = (semantics(&mut iced, &a), semantics(&mut iced, &b));
            if sa != sb {
                rep.fail(
                    form,
                    format!(
                        "`{text}`: matcher chose {:?}: {} = `{sb}`, row gives {} = `{sa}`",
                        found.id,
                        hex(&theirs),
                        hex(&ours)
                    ),
                );
                continue;
            }
            other += 1;
            rep.forms_seen.insert(form.id.index());
        }
    }
    println!("matcher: {same} picked the same row, {other} an equivalent shorter or equal one");
    rep.finish(20_000);
}

#[test]
fn invalid_memory_operands_are_rejected() {
    let mut rep = Report::new("invalid memory");
    for form in FORMS {
        let Some(pos) = form.operands.iter().position(|(k, _)| k.mem_size().is_some()) else {
            continue;
        };
        for (m, why) in invalid_mem_shapes() {
            // A vector index is what a VSIB operand takes.
            if vsib_index(form.operands[pos].0).is_some() && m.index.is_some_and(|x| x.is_vector()) {
                continue;
            }
            // A 64-bit absolute address is what a `moffs` operand takes.
            let moffs = matches!(form.operands[pos].0.info().mem, Some(MemKind::Abs(_)));
            if moffs && m.base.is_none() && m.index.is_none() {
                continue;
            }
            let ops: Vec<Operand> = form
                .operands
                .iter()
                .enumerate()
                .map(|(i, (k, _))| if i == pos { Operand::Mem(sized(m, *k)) } else { partners(form, *k)[0] })
                .collect();
            rep.checked += 1;
            match encode_with(form, None, &ops, &base_deco(form)) {
                Ok(b) => {
                    rep.fail(form, format!("`{}` ({why}) encoded as {}", show(form.mnemonic, &ops), hex(&b)))
                }
                Err(_) => {
                    rep.forms_seen.insert(form.id.index());
                }
            }
        }
    }
    rep.finish(1_000);
}

#[test]
fn out_of_range_immediates_pick_a_wider_row_or_fail() {
    // For values just outside a row's immediate kind, the matcher must either refuse the
    // instruction or choose a row whose decoded immediate is exactly the value (never a
    // truncation).
    let mut iced = Iced::new();
    let mut rep = Report::new("out-of-range immediates");
    let (mut refused, mut wider) = (0, 0);
    for form in FORMS {
        let Some(pos) = form.operands.iter().position(|(k, _)| k.is_imm() || *k == Kind::One) else {
            continue;
        };
        let kind = form.operands[pos].0;
        for v in imm_out_of_range(kind) {
            let ops: Vec<Operand> = form
                .operands
                .iter()
                .enumerate()
                .map(|(i, (k, _))| if i == pos { Operand::Imm(v) } else { partners(form, *k)[0] })
                .collect();
            let text = show(form.mnemonic, &ops);
            rep.checked += 1;
            if kind.accepts_value(v) {
                rep.fail(form, format!("`{text}`: {} accepts {v} which is outside its field", kind.manual()));
                continue;
            }
            let f = match find(form.mnemonic, &ops) {
                Err(_) => {
                    refused += 1;
                    rep.forms_seen.insert(form.id.index());
                    continue;
                }
                Ok(f) => f,
            };
            let b = match encode(f, &ops) {
                Ok(b) => b,
                Err(e) => {
                    rep.fail(form, format!("`{text}`: matcher chose {:?}, encoder refused: {e}", f.id));
                    continue;
                }
            };
            // The operand width of the chosen row: a value is representable when it is in
            // [-2^(w-1), 2^w - 1]; the decoded immediate must then equal it modulo 2^w.
            let fk = f.operands[pos].0;
            let w = imm_width(fk);
            let lo = -(1i128 << (w - 1));
            let hi = (1i128 << w) - 1;
            if !(lo..=hi).contains(&v) {
                rep.fail(
                    form,
                    format!("`{text}`: matcher chose {:?} ({}) but {v} does not fit", f.id, hex(&b)),
                );
                continue;
            }
            match check_decoding(&mut iced, f, &ops, &b) {
                Ok(_) => {
                    wider += 1;
                    rep.forms_seen.insert(form.id.index());
                }
                Err(e) => rep.fail(form, format!("`{text}` via {:?} -> {}: {e}", f.id, hex(&b))),
            }
        }
    }
    println!("out-of-range immediates: {refused} refused, {wider} took a wider row");
    rep.finish(300);
}

#[test]
fn mnemonic_synonyms_encode_the_canonical_instruction() {
    // Every condition-code synonym and spelling variant, on every row of the mnemonic it stands
    // for: the matcher must accept it and iced must decode the instruction under its name.
    let iced = Iced::new();
    let mut rep = Report::new("synonyms");
    let mut spellings: Vec<(String, String)> =
        SPELLING.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    for stem in ["j", "set", "cmov"] {
        for (syn, canon) in CC_SYNONYMS {
            spellings.push((format!("{stem}{syn}"), format!("{stem}{canon}")));
        }
    }
    for (alias, canon) in &spellings {
        let rows: Vec<&'static Form> = FORMS.iter().filter(|f| f.mnemonic == canon.as_str()).collect();
        if rows.is_empty() {
            continue;
        }
        for form in rows {
            for ops in cases(form, false).into_iter().take(40) {
                if expected_error(form, &ops).is_some() || notzero_violation(form, &ops) {
                    continue;
                }
                let text = show(alias, &ops);
                rep.checked += 1;
                let (via_alias, via_canon) = match (find(alias, &ops), find(canon, &ops)) {
                    (Ok(a), Ok(c)) => (a, c),
                    (a, c) => {
                        rep.fail(form, format!("`{text}`: {:?} / canonical {:?}", a.err(), c.err()));
                        continue;
                    }
                };
                let (Ok(ba), Ok(bc)) = (encode(via_alias, &ops), encode(via_canon, &ops)) else {
                    rep.fail(form, format!("`{text}`: does not encode"));
                    continue;
                };
                let decoded = match iced.decode(&ba) {
                    Ok(i) => i,
                    Err(e) => {
                        rep.fail(form, format!("`{text}` -> {}: {e}", hex(&ba)));
                        continue;
                    }
                };
                let m = iced_mnemonic(&decoded);
                let self_nop = m == "nop" && canon == "xchg";
                if m != iced_spelling(alias) && !self_nop {
                    rep.fail(
                        form,
                        format!("`{text}` -> {}: iced says {m}, expected {}", hex(&ba), iced_spelling(alias)),
                    );
                } else if ba != bc {
                    rep.fail(form, format!("`{text}` -> {} but `{canon}` gives {}", hex(&ba), hex(&bc)));
                } else {
                    rep.forms_seen.insert(form.id.index());
                }
            }
        }
    }
    rep.finish(1_000);
}

#[test]
fn lock_and_rep_prefixes() {
    use asm_runtime::operand::Prefix;
    let iced = Iced::new();
    let mut rep = Report::new("prefixes");
    let mut lockable_but_refused = BTreeSet::new();
    for form in FORMS {
        for ops in cases(form, false).into_iter().step_by(7).take(30) {
            if expected_error(form, &ops).is_some() || notzero_violation(form, &ops) {
                continue;
            }
            let text = show(form.mnemonic, &ops);
            let Ok(plain) = encode_with(form, None, &ops, &base_deco(form)) else {
                rep.fail(form, format!("`{text}` does not encode"));
                continue;
            };
            let has_mem = ops.iter().any(|o| matches!(o, Operand::Mem(_)));
            for p in [Prefix::Lock, Prefix::Rep, Prefix::Repne] {
                rep.checked += 1;
                let got = encode_with(form, Some(p), &ops, &base_deco(form));
                let out = got.clone().unwrap_or_default();
                let allowed = match p {
                    Prefix::Lock => form.has_flag(flag::LOCK) && has_mem,
                    _ => form.has_flag(flag::REP),
                };
                match (got, allowed) {
                    (Ok(_), true) => {
                        if out[0] != p.byte() || out[1..] != plain[..] {
                            rep.fail(form, format!("`{} {text}` -> {}", p.name(), hex(&out)));
                            continue;
                        }
                        match iced.decode(&out) {
                            Ok(i) => {
                                let flagged = match p {
                                    Prefix::Lock => i.has_lock_prefix(),
                                    Prefix::Rep => i.has_rep_prefix(),
                                    Prefix::Repne => i.has_repne_prefix(),
                                };
                                // `rep bsf` is how gcc writes `tzcnt` (F3 0F BC), `rep bsr` `lzcnt`: the
                                // F3 makes the other instruction, as GNU as intends.
                                let gnu_tzcnt = p == Prefix::Rep
                                    && matches!(
                                        (form.mnemonic, iced_mnemonic(&i).as_str()),
                                        ("bsf", "tzcnt") | ("bsr", "lzcnt")
                                    );
                                if !flagged && !gnu_tzcnt {
                                    rep.fail(form, format!("`{} {text}`: iced sees no prefix", p.name()));
                                } else {
                                    rep.forms_seen.insert(form.id.index());
                                }
                            }
                            Err(e) => rep.fail(form, format!("`{} {text}` -> {}: {e}", p.name(), hex(&out))),
                        }
                    }
                    (Ok(_), false) => {
                        rep.fail(form, format!("`{} {text}` accepted -> {}", p.name(), hex(&out)))
                    }
                    (Err(_), true) => rep.fail(form, format!("`{} {text}` refused", p.name())),
                    (Err(_), false) => {
                        if !out.is_empty() {
                            rep.fail(form, format!("`{} {text}`: output not rolled back", p.name()));
                        }
                        // Independent check: is the prefix valid per the decoder? A lock the
                        // table refuses but the CPU accepts is a missing LOCK flag.
                        if p == Prefix::Lock && has_mem {
                            let mut bytes = vec![0xF0];
                            bytes.extend_from_slice(&plain);
                            if iced.decode(&bytes).is_ok() {
                                lockable_but_refused.insert(format!("{:?}", form.id));
                            }
                        }
                        rep.forms_seen.insert(form.id.index());
                    }
                }
            }
        }
    }
    if !lockable_but_refused.is_empty() {
        println!(
            "note: rows without LOCK whose memory form takes `lock` per the decoder: {}",
            lockable_but_refused.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    rep.finish(3_000);
}

#[test]
fn reserved_control_registers_encode_as_assemblers_do() {
    // llvm-mc and GNU as both encode `mov rax, cr9` as 44 0f 20 c8 (the CPU raises #UD).
    let cr = |n| Operand::Reg(r(RegClass::Cr, n));
    let rax = Operand::Reg(q(0));
    for (ops, want) in [
        (vec![rax, cr(1)], vec![0x0f, 0x20, 0xc8]),
        (vec![rax, cr(9)], vec![0x44, 0x0f, 0x20, 0xc8]),
        (vec![rax, cr(15)], vec![0x44, 0x0f, 0x20, 0xf8]),
        (vec![cr(5), rax], vec![0x0f, 0x22, 0xe8]),
    ] {
        let f = find("mov", &ops).unwrap();
        assert_eq!(encode(f, &ops).unwrap(), want, "{}", show("mov", &ops));
    }
}

#[test]
fn rsp_as_a_scale_one_index_is_swapped_with_the_base() {
    // `[rax + rsp]` is `[rsp + rax]` (llvm-mc and GNU as accept it); with a scale it is an error.
    let f = find("lea", &[Operand::Reg(q(0)), Operand::Mem(mem(Some(q(4)), Some(q(0)), 1, 0))]).unwrap();
    let a = encode(f, &[Operand::Reg(q(0)), Operand::Mem(mem(Some(q(0)), Some(q(4)), 1, 0))]).unwrap();
    let b = encode(f, &[Operand::Reg(q(0)), Operand::Mem(mem(Some(q(4)), Some(q(0)), 1, 0))]).unwrap();
    assert_eq!(a, b);
    assert!(encode(f, &[Operand::Reg(q(0)), Operand::Mem(mem(Some(q(0)), Some(q(4)), 2, 0))]).is_err());
}

#[test]
fn implied_immediate_aliases_decode_as_the_base_instruction() {
    // `cmpltps xmm1, xmm2` is `cmpps xmm1, xmm2, 1`: through the run-time assembler and the text
    // assembler, iced must decode the base instruction with the alias's immediate, in the bytes
    // of the base instruction written with that immediate.
    let mut iced = Iced::new();
    let mut rep = Report::new("implied-immediate aliases");
    for &(alias, canon, imm) in asm_runtime::isa::implied_imm_aliases() {
        // The rows of the base mnemonic that end in an immediate (`cmpsd` is also a string
        // instruction without operands).
        let rows: Vec<&'static Form> = FORMS
            .iter()
            .filter(|f| f.mnemonic == canon && f.operands.last().is_some_and(|(k, _)| k.is_imm()))
            .collect();
        assert!(!rows.is_empty(), "{alias}: no rows of {canon}");
        for form in rows {
            for mut ops in cases(form, true).into_iter().step_by(5).take(40) {
                ops.pop();
                let text = show(alias, &ops);
                rep.checked += 1;
                let mut a = asm_runtime::Assembler::new();
                let ours = match a
                    .instr(alias, &ops)
                    .map_err(|e| e.to_string())
                    .and_then(|()| a.assemble_at(0).map(|c| c.bytes).map_err(|e| e.to_string()))
                {
                    Ok(b) => b,
                    Err(e) => {
                        rep.fail(form, format!("`{text}`: {e}"));
                        continue;
                    }
                };
                match asm_runtime::text::assemble_str(&text) {
                    Ok(b) if b == ours => {}
                    other => {
                        rep.fail(
                            form,
                            format!("`{text}`: text assembler gives {other:?}, not {}", hex(&ours)),
                        );
                        continue;
                    }
                }
                let mut full = ops.clone();
                full.push(Operand::Imm(imm.into()));
                match check_decoding(&mut iced, form, &full, &ours) {
                    Ok(_) => {
                        rep.forms_seen.insert(form.id.index());
                    }
                    Err(e) => rep.fail(form, format!("`{text}` -> {}: {e}", hex(&ours))),
                }
            }
        }
    }
    rep.finish(300);
}

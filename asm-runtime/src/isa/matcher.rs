//! Operands and decorations -> the first table row that accepts them, fully validated.
//!
//! The matcher is shared by the `x86!` macro (at compile time, where some operands are
//! holes) and the run-time assemblers (where every operand is known). Matching has two parts:
//!
//! * **acceptance** ([`accepts_all`]): operand count, each operand against its kind's
//!   descriptor ([`KindInfo`](super::KindInfo)): register class, fixed register, memory size,
//!   VSIB index class, immediate range, broadcast element; registers 16..31 and `zmm` only in
//!   EVEX rows; decorations only as the row's scheme allows. The first accepting row wins, which
//!   prefers VEX over EVEX and short encodings over long ones.
//! * **checks** ([`check`]): what makes an accepted instruction unencodable, so the encoder
//!   cannot fail: memory shape (scale, displacement range, `rsp` as index, mixed address sizes,
//!   `rip` with an index, VSIB without a vector index), `lock`/`rep` permission, a high-byte
//!   register where REX is needed, gathers whose registers are not distinct.
//!
//! When no row accepts, the error says why, at the operand or decoration to blame.

use super::explain::explain;
use super::{
    canonical_mnemonic, evex_flag, flag, forms_written, group_of, group_through, is_value_dependent,
    kinds::{class_bit, MemKind, CLASS_MASKS},
    Form, Kind, Scheme, Slot,
};
use crate::ast::{Decorations, Rounding};
use crate::error::{Decoration, MatchError};
use crate::operand::{BranchHint, HoleKind, Mem, Operand, Prefix, Reg, RegClass, Seg};

/// Finds the row for `mnemonic` (any case or alias), `operands` and decorations, and checks
/// that the instruction can be encoded.
///
/// Among accepting rows the first wins (the table lists shorter encodings first, VEX before
/// EVEX). When an operand is an immediate hole the row with the widest immediate wins, because
/// the value is only known at run time, where [`rematch`] picks the shortest row for the actual
/// value.
pub fn find(
    mnemonic: &str,
    prefix: Option<Prefix>,
    operands: &[Operand],
    deco: &Decorations,
) -> Result<&'static Form, MatchError> {
    let forms = forms_written(mnemonic);
    let Some(first) = forms.first() else {
        return Err(MatchError::UnknownMnemonic {
            mnemonic: mnemonic.to_string(),
            suggestions: super::explain::suggest(&canonical_mnemonic(mnemonic)),
        });
    };
    let canon = first.mnemonic;
    let has_imm_hole = operands.iter().any(|o| matches!(o, Operand::Hole(HoleKind::Imm, _)));
    let mut bits = [0u32; QUICK_OPS];
    for (b, o) in bits.iter_mut().zip(operands) {
        *b = class_bit_of(o);
    }
    let bits = bits.get(..operands.len()).unwrap_or(&[]);
    let mut best: Option<&'static Form> = None;
    for form in forms {
        // The operand count and classes first: they rule out most rows, and cost no call.
        if form.operands.len() != operands.len()
            || !classes_fit(form, bits)
            || !accepts_all(form, operands, deco)
        {
            continue;
        }
        match best {
            None if !has_imm_hole => {
                best = Some(form);
                break;
            }
            None => best = Some(form),
            Some(b) if imm_width(form) > imm_width(b) => best = Some(form),
            Some(_) => {}
        }
    }
    let Some(b) = best else { return Err(explain(canon, forms, operands, deco)) };
    let b = prefer_two_byte_vex(b, forms, operands, deco);
    check_ambiguous(b, forms, operands, deco)?;
    validate(b, prefix, operands)?;
    Ok(b)
}

/// Operands [`find`] classifies before trying rows (no row has more).
const QUICK_OPS: usize = 8;

/// The operand's [`class_bit`].
fn class_bit_of(o: &Operand) -> u32 {
    match o {
        Operand::Reg(r) => 1 << r.class as u32,
        Operand::Hole(HoleKind::Reg(c), _) => 1 << *c as u32,
        Operand::Mem(_) => class_bit::MEM,
        Operand::Imm(_) | Operand::Hole(HoleKind::Imm, _) => class_bit::IMM,
        Operand::Label(..) | Operand::Hole(HoleKind::Target, _) => class_bit::REL,
        Operand::Abs(_) => class_bit::ABS,
    }
}

/// Whether every operand's class (`bits`, from [`class_bit_of`]) is one `form`'s kind in its
/// position can accept: a necessary condition of [`accepts_all`], tested with one table load
/// an operand.
#[inline]
fn classes_fit(form: &Form, bits: &[u32]) -> bool {
    form.operands.iter().zip(bits).all(|((k, _), b)| CLASS_MASKS[*k as usize] & b != 0)
}

/// Re-matches an instruction whose operands became concrete at run time, starting from the
/// mnemonic of `form`, so a hole value that fits a shorter row gets that row; then checks it.
pub fn rematch(
    form: &'static Form,
    prefix: Option<Prefix>,
    operands: &[Operand],
    deco: &Decorations,
) -> Result<&'static Form, MatchError> {
    let f = rematch_row(form, operands, deco)?;
    validate(f, prefix, operands)?;
    Ok(f)
}

fn rematch_row(
    form: &'static Form,
    operands: &[Operand],
    deco: &Decorations,
) -> Result<&'static Form, MatchError> {
    let f = rematch_first(form, operands, deco)?;
    Ok(prefer_two_byte_vex(f, group_of(form), operands, deco))
}

/// A VEX row that needs the 3-byte prefix only because of its register operands gives way to
/// another accepting VEX row of the mnemonic that encodes them with the 2-byte prefix (the
/// load and store forms of a register move swap ModRM.reg and ModRM.rm), as llvm-mc does.
fn prefer_two_byte_vex(
    chosen: &'static Form,
    forms: &'static [Form],
    ops: &[Operand],
    deco: &Decorations,
) -> &'static Form {
    if !matches!(chosen.scheme, Scheme::Vex(_)) || crate::enc::vex::is_two_byte(chosen, ops) {
        return chosen;
    }
    forms
        .iter()
        .find(|f| f.id != chosen.id && crate::enc::vex::is_two_byte(f, ops) && accepts_all(f, ops, deco))
        .unwrap_or(chosen)
}

fn rematch_first(
    form: &'static Form,
    operands: &[Operand],
    deco: &Decorations,
) -> Result<&'static Form, MatchError> {
    // Which row accepts depends on operand kinds and register classes, except for rows with
    // value-dependent kinds (fixed registers, shift-by-one, immediate ranges). A row before
    // `form` without such kinds accepted the compile-time operands if it accepts these, and then
    // it would have been chosen; so only the value-dependent rows before `form` can win now (an
    // imm8 row for a small run-time value, the `rax` row when a register hole is rax).
    if accepts_all(form, operands, deco) {
        let earlier = group_through(form);
        let earlier = &earlier[..earlier.len() - 1];
        if let Some(f) = earlier.iter().find(|f| is_value_dependent(f) && accepts_all(f, operands, deco)) {
            return Ok(f);
        }
        return Ok(form);
    }
    let forms = group_of(form);
    if let Some(f) = forms.iter().find(|f| accepts_all(f, operands, deco)) {
        return Ok(f);
    }
    Err(explain(form.mnemonic, forms, operands, deco))
}

/// Whether the row chosen at compile time for `operands` (which may hold holes) is final for
/// every run-time value of the holes except branch targets: no earlier value-dependent sibling
/// row (an imm8 form, an accumulator or shift-by-one form) can accept any instantiation. The
/// `x86!` macro then emits [`Assembler::emit_form_fixed`](crate::Assembler::emit_form_fixed),
/// which skips re-matching.
///
/// Rows accept operand by operand, so a row can accept some instantiation exactly when every
/// position accepts one of its possible values; a register hole may be any register of its class.
/// An immediate hole is never fixed (a small value takes a shorter row).
pub fn fixed_at_compile_time(form: &'static Form, operands: &[Operand], deco: &Decorations) -> bool {
    // A register value may make another accepting VEX row shorter (see `prefer_two_byte_vex`).
    let holes = operands.iter().any(|o| matches!(o, Operand::Hole(..)));
    let other_vex =
        |f: &Form| f.id != form.id && matches!(f.scheme, Scheme::Vex(_)) && accepts_all(f, operands, deco);
    if holes && matches!(form.scheme, Scheme::Vex(_)) && group_of(form).iter().any(other_vex) {
        return false;
    }
    let earlier = group_through(form);
    let earlier = &earlier[..earlier.len() - 1];
    if !earlier.iter().any(is_value_dependent) {
        return true;
    }
    if operands.iter().any(|o| matches!(o, Operand::Hole(HoleKind::Imm, _))) {
        return false;
    }
    let position_accepts = |f: &Form, k: Kind, o: &Operand| match o {
        Operand::Hole(HoleKind::Reg(class), _) => {
            let classes: &[RegClass] =
                if *class == RegClass::Gpr8 { &[RegClass::Gpr8, RegClass::Gpr8High] } else { &[*class] };
            classes.iter().any(|&c| (0..32).any(|num| accepts(f, k, &Operand::Reg(Reg { class: c, num }))))
        }
        other => accepts_op(f, k, other, deco.broadcast),
    };
    !earlier.iter().filter(|f| is_value_dependent(f)).any(|f| {
        f.operands.len() == operands.len()
            && f.operands.iter().zip(operands).all(|((k, _), o)| position_accepts(f, *k, o))
            && deco_error(f, operands, deco).is_none()
    })
}

/// Whether `form` accepts every operand of `ops` (and their number) with decorations `deco`.
pub fn accepts_all(form: &Form, ops: &[Operand], deco: &Decorations) -> bool {
    // Most instructions have no decorations and a row that requires none (no gather mask).
    let plain = deco.is_empty() && form.evex().is_none();
    operands_accepted(form, ops, deco) && (plain || deco_error(form, ops, deco).is_none())
}

pub(crate) fn operands_accepted(form: &Form, ops: &[Operand], deco: &Decorations) -> bool {
    form.operands.len() == ops.len()
        && form.operands.iter().zip(ops).all(|((k, _), o)| accepts_op(form, *k, o, deco.broadcast))
}

fn imm_width(form: &Form) -> u32 {
    form.operands.iter().filter(|(k, _)| k.takes_imm_hole()).map(|(k, _)| k.imm_bits()).max().unwrap_or(0)
}

/// [`accepts_all`] for a row that [`fixed_at_compile_time`] chose: the operands are the
/// compile-time ones with holes filled in, and a hole can only be a register (of the class its
/// Rust type names), an immediate or a memory base, index or displacement, so only register
/// numbers and immediate values need a look: every register operand, every immediate, and a
/// VSIB index (registers 16..31 need EVEX). Memory bases and indexes are checked by
/// [`validate`].
pub fn accepts_fixed(form: &Form, ops: &[Operand], deco: &Decorations) -> bool {
    let evex = form.evex().is_some();
    form.operands.len() == ops.len()
        && form.operands.iter().zip(ops).all(|((k, _), o)| match o {
            Operand::Reg(r) => reg_fits(form, *k, *r),
            Operand::Mem(m) => evex || !has_vector_index(m) || m.index.is_none_or(|x| !x.is_upper16()),
            // A hole's value is of a type the field holds, but a literal hole has no type.
            Operand::Imm(v) => k.accepts_value(*v),
            // A target hole that is an address needs a rel32 row.
            Operand::Abs(_) => k.info().rel == 4,
            _ => true,
        })
        && (deco.is_empty() && !evex || deco_error(form, ops, deco).is_none())
}

/// Whether register `r` fits kind `k` in row `form` (class, fixed or excluded number, and
/// registers 16..31 only in EVEX rows).
#[inline]
fn reg_fits(form: &Form, k: Kind, r: Reg) -> bool {
    let info = k.info();
    k.class_fits(r.class)
        && exists(r)
        && info.fixed.is_none_or(|n| n == r.num)
        && info.exclude != Some(r.num)
        && !(form.has_flag(flag::NOTZERO) && r.num == 0 && info.fixed.is_none())
        && (form.evex().is_some() || !r.is_upper16())
}

/// Whether `r` names a register of its class (`Reg::new` takes any number).
#[inline]
fn exists(r: Reg) -> bool {
    let n = match r.class {
        RegClass::Xmm | RegClass::Ymm | RegClass::Zmm => 32,
        RegClass::K | RegClass::St | RegClass::Mm | RegClass::Dr => 8,
        RegClass::Seg => 6,
        RegClass::Gpr8High => return (4..8).contains(&r.num),
        RegClass::Rip => 2,
        _ => 16,
    };
    r.num < n
}

/// Does operand `o` fit kind `k` of row `form` (without a broadcast)?
pub fn accepts(form: &Form, k: Kind, o: &Operand) -> bool {
    accepts_op(form, k, o, None)
}

#[inline]
fn accepts_op(form: &Form, k: Kind, o: &Operand, broadcast: Option<u8>) -> bool {
    let info = k.info();
    match o {
        Operand::Reg(r) => reg_fits(form, k, *r),
        Operand::Hole(HoleKind::Reg(c), _) => {
            k.class_fits(*c) && info.fixed.is_none() && (form.evex().is_some() || *c != RegClass::Zmm)
        }
        Operand::Mem(m) => match info.mem {
            None => false,
            Some(MemKind::Any) => true,
            Some(MemKind::Sized(want)) => {
                let want = match (broadcast, info.bcst) {
                    (Some(_), Some(elem)) => elem,
                    _ => want,
                };
                m.size.map_or(!form.has_flag(flag::SIZED), |s| s == want) && !has_vector_index(m)
            }
            Some(MemKind::Vsib { size, index }) => {
                m.size.is_none_or(|s| s == size)
                    && m.index.is_some_and(|x| x.class == index && (form.evex().is_some() || !x.is_upper16()))
            }
            Some(MemKind::Abs(want)) => {
                m.size.is_none_or(|s| s == want) && m.base.is_none() && m.index.is_none() && m.label.is_none()
            }
            Some(MemKind::At { size, base }) => {
                m.size.is_none_or(|s| s == size)
                    && m.base.is_some_and(|b| b.class == RegClass::Gpr64 && b.num == base)
                    && m.index.is_none()
                    && m.disp == 0
                    && m.label.is_none()
                    && (base != 7 || m.seg.is_none_or(|s| s == Seg::Es))
            }
        },
        Operand::Imm(v) => k.accepts_value(*v),
        Operand::Hole(HoleKind::Imm, _) => k.takes_imm_hole(),
        Operand::Label(_, hint) | Operand::Hole(HoleKind::Target, hint) => match info.rel {
            1 => *hint != BranchHint::Near,
            4 => *hint != BranchHint::Short,
            _ => false,
        },
        Operand::Abs(_) => info.rel == 4,
    }
}

fn has_vector_index(m: &Mem) -> bool {
    m.index.is_some_and(|x| x.is_vector())
}

/// Why the decorations do not fit `form` with `ops`, or `None` when they do.
pub fn deco_error(form: &Form, ops: &[Operand], deco: &Decorations) -> Option<(Decoration, String)> {
    if deco.is_empty() && !form.evex().is_some_and(|e| e.allows(evex_flag::MASK_REQUIRED)) {
        return None;
    }
    let mem_at = ops.iter().position(|o| matches!(o, Operand::Mem(_)));
    if deco.zeroing && deco.mask.is_none() {
        return Some((
            Decoration::Zeroing,
            "`{z}` needs a write mask: write `{k1}{z}` (any of k1-k7)".into(),
        ));
    }
    let Some(e) = form.evex() else {
        let d = [
            (deco.mask.is_some(), Decoration::Mask),
            (deco.broadcast.is_some(), Decoration::Broadcast),
            (deco.rounding.is_some(), Decoration::Rounding),
        ]
        .into_iter()
        .find(|(on, _)| *on)?
        .1;
        return Some((d, format!("only EVEX forms take a {}, and `{form}` is not one", d.name())));
    };
    if let Some(k) = deco.mask {
        if k.class != RegClass::K {
            return Some((Decoration::Mask, format!("a write mask is a mask register k1-k7, not `{k}`")));
        }
        if k.num == 0 {
            return Some((
                Decoration::Mask,
                "`k0` cannot be a write mask (it means no masking); use k1-k7".into(),
            ));
        }
        if !e.allows(evex_flag::MASK) {
            return Some((Decoration::Mask, format!("`{form}` takes no write mask")));
        }
    } else if e.allows(evex_flag::MASK_REQUIRED) {
        return Some((
            Decoration::Mask,
            format!("`{}` needs a write mask: one of {{k1}}-{{k7}}", form.mnemonic),
        ));
    }
    if deco.zeroing {
        if !e.allows(evex_flag::ZEROING) {
            return Some((Decoration::Zeroing, format!("`{form}` takes no `{{z}}`; use merging-masking")));
        }
        if mem_at == Some(0) {
            return Some((
                Decoration::Zeroing,
                "`{z}` is not allowed with a memory destination; only merging-masking can write memory"
                    .into(),
            ));
        }
    }
    if let Some(n) = deco.broadcast {
        if let Some(r) = broadcast_error(form, mem_at, n) {
            return Some((Decoration::Broadcast, r));
        }
    }
    if let Some(rc) = deco.rounding {
        if mem_at.is_some() {
            return Some((
                Decoration::Rounding,
                format!(
                    "`{{{}}}` needs register operands; it cannot be used with a memory operand",
                    rc.name()
                ),
            ));
        }
        let ok = if rc == Rounding::Sae { e.allows(evex_flag::SAE) } else { e.allows(evex_flag::ER) };
        if !ok {
            return Some((Decoration::Rounding, format!("`{form}` takes no `{{{}}}`", rc.name())));
        }
    }
    None
}

fn broadcast_error(form: &Form, mem_at: Option<usize>, n: u8) -> Option<String> {
    let Some(i) = mem_at else {
        return Some(format!("`{{1to{n}}}` needs a memory operand; a register cannot be broadcast"));
    };
    let k = form.operands.get(i)?.0;
    let (Some(elem), Some(Some(full))) = (k.info().bcst, k.mem_size()) else {
        return Some(format!("operand {} of `{form}` cannot be broadcast", i + 1));
    };
    let want = full.bits() / elem.bits();
    (u32::from(n) != want).then(|| {
        format!(
            "a {} element broadcast to {} bits is `{{1to{want}}}`, not `{{1to{n}}}`",
            elem.keyword(),
            full.bits()
        )
    })
}

/// Validates an accepted instruction: everything that would make it unencodable. `find` and
/// `rematch` run this; callers that pick a row themselves (`accepts_all`) must too.
pub fn check(
    form: &'static Form,
    prefix: Option<Prefix>,
    ops: &[Operand],
    deco: &Decorations,
) -> Result<(), MatchError> {
    if !operands_accepted(form, ops, deco) {
        return Err(explain(form.mnemonic, std::slice::from_ref(form), ops, deco));
    }
    if let Some((decoration, reason)) = deco_error(form, ops, deco) {
        return Err(MatchError::BadDecoration { mnemonic: form.mnemonic.to_string(), decoration, reason });
    }
    validate(form, prefix, ops)
}

/// The checks of [`check`] beyond acceptance, for a row that [`accepts_all`] the operands
/// already: memory shapes, prefixes, high-byte registers with REX, gather registers.
pub fn validate(form: &'static Form, prefix: Option<Prefix>, ops: &[Operand]) -> Result<(), MatchError> {
    // One pass finds what needs a closer look; most instructions need none.
    let (mut mem, mut high) = (false, false);
    for (i, o) in ops.iter().enumerate() {
        match o {
            Operand::Mem(m) => {
                mem = true;
                check_mem(&crate::enc::normalized(m), form.operands[i].0, i)?;
            }
            Operand::Reg(r) => high |= r.class == RegClass::Gpr8High,
            _ => {}
        }
    }
    check_prefix(form, prefix, ops)?;
    if high {
        check_high_byte(form, ops)?;
    }
    // Gathers (VSIB) are VEX or EVEX rows with a memory operand.
    if mem && (form.evex().is_some() || matches!(form.scheme, Scheme::Vex(_))) {
        check_gather(form, ops)?;
    }
    Ok(())
}

fn encoding_err(operand: Option<usize>, reason: impl Into<String>) -> MatchError {
    MatchError::Encoding { operand, reason: reason.into(), other: None, within: Vec::new() }
}

#[inline]
fn check_prefix(form: &Form, prefix: Option<Prefix>, ops: &[Operand]) -> Result<(), MatchError> {
    let Some(p) = prefix else { return Ok(()) };
    let ok = match p {
        Prefix::Lock => form.has_flag(flag::LOCK) && ops.iter().any(|o| matches!(o, Operand::Mem(_))),
        Prefix::Rep | Prefix::Repne => form.has_flag(flag::REP),
    };
    if ok {
        Ok(())
    } else {
        Err(super::explain::bad_prefix(form, p, ops))
    }
}

/// Per the SDM, `ah`..`bh` cannot be encoded when the instruction has a REX prefix: REX.W, a
/// register 8..15, or `spl`..`dil`/`r8b`...
fn check_high_byte(form: &Form, ops: &[Operand]) -> Result<(), MatchError> {
    let Some(i) = ops.iter().position(|o| matches!(o, Operand::Reg(r) if r.class == RegClass::Gpr8High))
    else {
        return Ok(());
    };
    // The operand that makes a REX prefix necessary, if one does (else REX.W does).
    let rex_at = form.operands.iter().zip(ops).position(|((_, slot), o)| match o {
        Operand::Reg(r) => *slot != Slot::Implicit && (r.is_extended() || r.needs_rex()),
        Operand::Mem(m) => {
            [m.base, m.index].into_iter().flatten().any(|x| x.class != RegClass::Rip && x.is_extended())
        }
        _ => false,
    });
    let high = ops[i].to_string();
    let err = match rex_at {
        // The later of the two is the one that does not fit with the other.
        Some(j) if j > i => MatchError::Encoding {
            operand: Some(j),
            reason: format!(
                "`{}` cannot be used together with `{high}`: it needs a REX prefix, and `{high}` cannot be encoded with one; use `al`, `cl`, `dl` or `bl` instead of `{high}`",
                ops[j]
            ),
            other: Some(i),
            within: match &ops[j] {
                Operand::Mem(m) => [m.base, m.index].into_iter().flatten().filter(|x| x.is_extended()).collect(),
                _ => Vec::new(),
            },
        },
        Some(j) => MatchError::Encoding {
            operand: Some(i),
            reason: format!(
                "`{high}` cannot be used together with `{}`, which needs a REX prefix; `{high}` cannot be encoded with one (use `al`, `cl`, `dl` or `bl`, or `spl`..`r15b`)",
                ops[j]
            ),
            other: Some(j),
            within: Vec::new(),
        },
        None if form.w() => encoding_err(
            Some(i),
            format!("`{high}` cannot be encoded in an instruction with a 64-bit operand size (REX.W); use `al`, `cl`, `dl` or `bl`"),
        ),
        None => return Ok(()),
    };
    Err(err)
}

/// Gathers with a repeated register fault (#UD): destination, index and mask must differ.
/// (Scatters, whose VSIB address is the destination, have no such rule.)
fn check_gather(form: &Form, ops: &[Operand]) -> Result<(), MatchError> {
    let Some(vi) = form.operands.iter().position(|(k, _)| matches!(k.info().mem, Some(MemKind::Vsib { .. })))
    else {
        return Ok(());
    };
    if vi == 0 {
        return Ok(());
    }
    let Some(Operand::Mem(m)) = ops.get(vi) else { return Ok(()) };
    let nums: Vec<(usize, u8)> = ops
        .iter()
        .enumerate()
        .filter_map(|(i, o)| match o {
            Operand::Reg(r) if r.is_vector() => Some((i, r.num)),
            _ => None,
        })
        .chain(m.index.map(|x| (vi, x.num)))
        .collect();
    for (a, (i, x)) in nums.iter().enumerate() {
        if nums[..a].iter().any(|(_, y)| y == x) {
            return Err(encoding_err(
                Some(*i),
                "a gather's destination, index and mask registers must all be different".to_string(),
            ));
        }
    }
    Ok(())
}

/// Validates a (normalized) memory reference for operand `i` of kind `k`.
#[inline]
fn check_mem(m: &Mem, k: Kind, i: usize) -> Result<(), MatchError> {
    let bad = |reason: String| encoding_err(Some(i), reason);
    let at = |regs: &[Option<Reg>], reason: String| MatchError::Encoding {
        operand: Some(i),
        reason,
        other: None,
        within: regs.iter().flatten().copied().collect(),
    };
    let vsib = matches!(k.info().mem, Some(MemKind::Vsib { .. }));
    if !matches!(m.scale, 1 | 2 | 4 | 8) {
        return Err(bad(format!("scale {} is not 1, 2, 4 or 8", m.scale)));
    }
    if m.index.is_none() && m.scale != 1 {
        return Err(bad("a scale needs an index register".into()));
    }
    if i32::try_from(m.disp).is_err() && !matches!(k.info().mem, Some(MemKind::Abs(_))) {
        return Err(bad(format!("displacement {} does not fit 32 bits", m.disp)));
    }
    let mut first: Option<Reg> = None;
    let gp = [m.base, if vsib { None } else { m.index }];
    for r in gp.into_iter().flatten() {
        let is32 = match r.class {
            RegClass::Gpr64 | RegClass::Rip => false,
            RegClass::Gpr32 => true,
            _ => {
                return Err(at(
                    &[Some(r)],
                    format!(
                        "`{r}` ({}) cannot be used in an address; use a 64-bit register",
                        r.class.describe()
                    ),
                ))
            }
        };
        if let Some(a) = first.filter(|a| (a.class == RegClass::Gpr32) != is32) {
            return Err(at(
                &[Some(a), Some(r)],
                format!(
                    "`{a}` and `{r}` differ in size: the registers of an address must all be 64-bit (or all 32-bit)"
                ),
            ));
        }
        first = Some(r);
    }
    if let Some(b) = m.base {
        if b.class == RegClass::Rip && m.index.is_some() {
            return Err(at(&[m.index], "`rip` cannot be combined with an index register".into()));
        }
    }
    if let Some(x) = m.index.filter(|_| !vsib) {
        if x.class == RegClass::Rip {
            return Err(at(&[Some(x)], "`rip` cannot be an index register".into()));
        }
        if x.num == 4 {
            return Err(at(
                &[Some(x)],
                format!(
                    "`{x}` cannot be an index register; write it as the base (`[{x} + ...]` without a scale)"
                ),
            ));
        }
    }
    if m.label.is_some() && !m.base.is_some_and(|b| b.class == RegClass::Rip) {
        return Err(bad("a label in an address must be `[rip + label]`".into()));
    }
    Ok(())
}

/// An unsized memory operand that several rows of different sizes accept is ambiguous
/// (`add [rax], 1`): the user must say `byte`/`word`/`dword`/`qword ptr`.
fn check_ambiguous(
    chosen: &Form,
    forms: &[Form],
    ops: &[Operand],
    deco: &Decorations,
) -> Result<(), MatchError> {
    if deco.broadcast.is_some() {
        return Ok(());
    }
    let Some(i) = ops.iter().position(|o| matches!(o, Operand::Mem(m) if m.size.is_none())) else {
        return Ok(());
    };
    let size_of = |f: &Form| f.operands[i].0.mem_size().flatten();
    let Some(chosen_size) = size_of(chosen) else {
        return Ok(());
    };
    let generalized: Vec<Operand> = ops
        .iter()
        .map(|o| match o {
            Operand::Imm(_) => Operand::Hole(HoleKind::Imm, BranchHint::Auto),
            other => *other,
        })
        .collect();
    let sizes: Vec<crate::operand::Size> = forms
        .iter()
        .filter(|f| accepts_all(f, ops, deco) || accepts_all(f, &generalized, deco))
        .filter_map(size_of)
        .collect();
    if sizes.iter().any(|s| *s != chosen_size) {
        return Err(super::explain::ambiguous(chosen.mnemonic, ops, i, &sizes));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operand::{Gpr64, Mem};

    const D: Decorations = Decorations { mask: None, zeroing: false, broadcast: None, rounding: None };

    fn hole_reg(class: RegClass) -> Operand {
        Operand::Hole(HoleKind::Reg(class), BranchHint::Auto)
    }

    fn fixed(mnemonic: &str, ops: &[Operand]) -> bool {
        let form = find(mnemonic, None, ops, &D).expect("a row accepts");
        fixed_at_compile_time(form, ops, &D)
    }

    /// Every operand a kind accepts has a class bit in the kind's mask, so skipping rows by
    /// class never skips one that accepts.
    #[test]
    fn class_masks_never_refuse_what_a_kind_accepts() {
        use crate::operand::{Label, Size};
        let mut ops = Vec::new();
        use RegClass::*;
        let classes = [Gpr8, Gpr8High, Gpr16, Gpr32, Gpr64, Xmm, Ymm, Zmm, K, St, Mm, Seg, Cr, Dr, Rip];
        for class in classes {
            for num in 0..32 {
                ops.push(Operand::Reg(Reg { class, num }));
            }
            ops.push(hole_reg(class));
        }
        use Size::*;
        let sizes = [Byte, Word, Dword, Qword, Xmmword, Ymmword, Zmmword, Tbyte].map(Some);
        for size in sizes.into_iter().chain([None]) {
            let index = [None, Some(Reg::new(RegClass::Gpr64, 3)), Some(Reg::new(RegClass::Xmm, 20))];
            for index in index.into_iter().chain(Some(Some(Reg::new(RegClass::Zmm, 2)))) {
                for base in [None, Some(Reg::new(RegClass::Gpr64, 7)), Some(Reg::new(RegClass::Gpr64, 6))] {
                    ops.push(Operand::Mem(Mem { size, base, index, scale: 1, ..Mem::default() }));
                }
            }
        }
        for v in [0i128, 1, 3, -1, 127, 128, 255, -129, 65535, 1 << 31, 1 << 40, -(1 << 63), u64::MAX.into()]
        {
            ops.push(Operand::Imm(v));
        }
        for hint in [BranchHint::Auto, BranchHint::Short, BranchHint::Near] {
            ops.push(Operand::Label(Label::from_index(0), hint));
            ops.push(Operand::Hole(HoleKind::Target, hint));
        }
        ops.extend([Operand::Hole(HoleKind::Imm, BranchHint::Auto), Operand::Abs(0x1000)]);
        let mut checked = 0;
        for form in super::super::FORMS {
            for &(k, _) in form.operands {
                for o in &ops {
                    for bcst in [None, Some(4)] {
                        if accepts_op(form, k, o, bcst) {
                            checked += 1;
                            assert!(
                                CLASS_MASKS[k as usize] & class_bit_of(o) != 0,
                                "{form}: kind {k:?} accepts {o:?} outside its class mask"
                            );
                        }
                    }
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }

    #[test]
    fn forms_that_no_run_time_value_can_change() {
        let rax = Operand::from(Gpr64::RAX);
        let rbx = Operand::from(Gpr64::RBX);
        let mem = Operand::Mem(Mem::base(Gpr64::RSI));
        let imm = Operand::Hole(HoleKind::Imm, BranchHint::Auto);
        // No value-dependent sibling can take a memory source.
        assert!(fixed("add", &[rax, mem]));
        assert!(fixed("mov", &[hole_reg(RegClass::Gpr64), Gpr64::RDI.into()]));
        assert!(fixed("add", &[hole_reg(RegClass::Gpr64), rbx]));
        // An immediate hole may pick the imm8 row; a register hole may be rax, which has the
        // one-byte `xchg rax, r64` row.
        assert!(!fixed("mov", &[Operand::from(crate::operand::Gpr32::ECX), imm]));
        assert!(!fixed("add", &[hole_reg(RegClass::Gpr64), imm]));
        assert!(!fixed("xchg", &[hole_reg(RegClass::Gpr64), hole_reg(RegClass::Gpr64)]));
        // A hole that is `al` takes `test al, imm8`; a static immediate does not make it fixed.
        assert!(!fixed("test", &[hole_reg(RegClass::Gpr8), Operand::Imm(1)]));
    }

    #[test]
    fn a_fixed_form_is_what_rematching_picks_for_every_register() {
        // Exhaustive over one register hole in every row: where the macro would skip
        // re-matching and the row accepts the run-time register, re-matching must pick the same
        // row for every register of the class.
        let mut checked = 0;
        for form in crate::isa::FORMS {
            for (i, (kind, _)) in form.operands.iter().enumerate() {
                // Every register kind that takes a hole (any register of its class).
                let Some(class) = kind.reg_class().filter(|_| kind.info().fixed.is_none()) else { continue };
                if class.hole().is_none() {
                    continue;
                }
                // The other operands: a register of their class where possible, else skip.
                let Some(mut ops) = form
                    .operands
                    .iter()
                    .map(|(k, _)| {
                        let info = k.info();
                        info.reg.map(|c| Operand::Reg(Reg::new(c, info.fixed.unwrap_or(3))))
                    })
                    .collect::<Option<Vec<_>>>()
                else {
                    continue;
                };
                ops[i] = hole_reg(class);
                let Ok(chosen) = find(form.mnemonic, None, &ops, &D) else { continue };
                if !fixed_at_compile_time(chosen, &ops, &D) {
                    continue;
                }
                for num in 0..32 {
                    ops[i] = Operand::Reg(Reg::new(class, num));
                    // The fixed path's cheaper acceptance test agrees with the full one.
                    assert_eq!(
                        accepts_fixed(chosen, &ops, &D),
                        accepts_all(chosen, &ops, &D),
                        "{chosen} with register {num} at operand {i}"
                    );
                    // Where the row itself refuses (NOTZERO rows and register 0), the fixed
                    // path falls back to re-matching, as `emit_form_fixed` does.
                    if !accepts_all(chosen, &ops, &D) {
                        continue;
                    }
                    if let Ok(now) = rematch(chosen, None, &ops, &D) {
                        assert_eq!(now.id, chosen.id, "{chosen} with register {num} at operand {i}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 5000, "only {checked} cases checked");
    }
}

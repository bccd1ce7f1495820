//! Specialization: an instruction with register, immediate or displacement holes, compiled into
//! a template and straight-line fills at expansion time.
//!
//! The row the matcher chose is final except where a run-time value can move the instruction to
//! a shorter sibling row (an imm8 form for a small value, the accumulator form when a register
//! hole is `rax`): exactly the value-dependent rows before it, which the run-time re-match would
//! try. So a plan is a list of candidate rows, each with the conditions on hole values under
//! which the re-match would pick it, and each row's encoding as pieces: the bytes no hole can
//! change (folded into literals now), and one fill call per field a hole feeds (REX/VEX bits,
//! ModRM/SIB, displacement, immediate), calling the same stage functions the generic encoder
//! runs ([`asm_runtime::enc::spec::Spec`]). When no candidate's conditions hold, or a value
//! would be invalid (`rsp` as an index, a displacement beyond 32 bits), the generated code falls
//! back to the generic path, which reports the error as before.
//!
//! What is not planned (a write mask from a hole, broadcasts, embedded rounding, branch-target
//! holes, VSIB, `moffs`, a label in an address together with holes, high-byte registers next to
//! holes) takes the generic path.

use crate::word::{self, Term};
use asm_runtime::ast::{Instr, OperandHoles};
use asm_runtime::enc::spec::Spec;
use asm_runtime::enc::{evex, legacy, modrm, vex};
use asm_runtime::isa::{flag, group_through, is_value_dependent, matcher, Feature, Form, ImmInfo, MemKind};
use asm_runtime::isa::{ModRm, Scheme, Slot};
use asm_runtime::operand::{HoleKind, Mem, Operand, Reg, RegClass};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// A register number: known now, or the number of hole `i` (bound to `__rI: u8`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Val {
    C(u8),
    H(usize),
}

/// An immediate: known now, or hole `i` (an `i128`).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ImmV {
    C(i128),
    H(usize),
}

/// One part of an encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Bytes(Vec<u8>),
    /// REX from its template and register numbers; `force` when a literal `spl`..`dil` is named,
    /// `force_holes` the byte-register holes that force it when numbered 4 or more.
    Rex {
        template: u8,
        r: Val,
        x: Val,
        b: Val,
        force: bool,
        force_holes: Vec<usize>,
    },
    OpReg {
        opcode: u8,
        reg: Val,
    },
    ModrmReg {
        fixed: u8,
        reg: Val,
        rm: Val,
    },
    Mem {
        reg: Val,
        base: Option<Val>,
        index: Option<Val>,
        scale: u8,
        disp: Disp,
        n: u8,
    },
    /// EVEX: `x` is bit `xbit` of its value (4 for a register rm, 3 for a memory index).
    Evex {
        t: [u8; 3],
        reg: Val,
        x: Val,
        xbit: u8,
        b: Val,
        vvvv: Val,
        opcode: u8,
    },
    Vex {
        t: [u8; 2],
        c5: bool,
        r: Val,
        x: Val,
        b: Val,
        vvvv: Val,
        opcode: u8,
    },
    Imm {
        v: ImmV,
        width: u8,
    },
    Is4(Val),
    /// Fixed-length pieces merged into one value of `len` bytes (see [`crate::word`]).
    Word {
        base: u64,
        terms: Vec<Term>,
        len: u8,
    },
}

/// A displacement: a literal plus, optionally, hole `i`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Disp {
    pub lit: i64,
    pub hole: Option<usize>,
}

/// A condition on hole values.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Cond {
    /// Register hole `hole`'s number is in `mask` (bit n = register n).
    RegIn { hole: usize, mask: u32 },
    /// Immediate hole `hole` fits the field.
    ImmFits { hole: usize, info: ImmInfo },
    /// The displacement `lit + hole` fits 32 bits.
    DispFits { lit: i64, hole: usize },
}

/// A row the instruction may take at run time, when `conds` hold.
#[derive(Clone, Debug)]
pub struct Candidate {
    #[cfg_attr(not(test), allow(dead_code))] // which row, for the tests
    pub form: &'static Form,
    pub conds: Vec<Cond>,
    pub pieces: Vec<Piece>,
}

/// The compiled instruction: when every condition of `guard` holds, the first candidate whose
/// conditions hold (the last has none beyond the guard); otherwise the generic path.
#[derive(Clone, Debug)]
pub struct Plan {
    pub guard: Vec<Cond>,
    pub candidates: Vec<Candidate>,
}

/// The operand of one position, with its holes resolved.
#[derive(Copy, Clone, Debug)]
enum Op {
    Reg(Val, RegClass),
    Imm(ImmV),
    Mem { m: Mem, base: Option<(Val, RegClass)>, index: Option<(Val, RegClass)>, disp: Disp },
}

fn hole_reg(o: Option<Reg>, h: Option<usize>) -> Option<(Val, RegClass)> {
    match (o, h) {
        (Some(r), Some(i)) => Some((Val::H(i), r.class)),
        (Some(r), None) => Some((Val::C(r.num), r.class)),
        _ => None,
    }
}

fn resolve(ins: &Instr, lits: &[Option<i128>]) -> Option<Vec<Op>> {
    let lit = |h: Option<usize>| h.and_then(|h| lits.get(h).copied().flatten());
    ins.operands
        .iter()
        .enumerate()
        .map(|(k, o)| {
            let h = ins.holes.get(k).cloned().unwrap_or_default();
            Some(match o {
                Operand::Reg(r) if r.class == RegClass::Gpr8High => return None,
                Operand::Reg(r) => Op::Reg(Val::C(r.num), r.class),
                Operand::Hole(HoleKind::Reg(c), _) => Op::Reg(Val::H(h.value?), *c),
                Operand::Imm(v) => Op::Imm(ImmV::C(*v)),
                Operand::Hole(HoleKind::Imm, _) => match lit(h.value) {
                    Some(v) => Op::Imm(ImmV::C(v)),
                    None => Op::Imm(ImmV::H(h.value?)),
                },
                Operand::Mem(m) if m.label.is_none() && m.base.is_none_or(|b| b.class != RegClass::Rip) => {
                    Op::Mem {
                        m: *m,
                        base: hole_reg(m.base, h.base),
                        index: hole_reg(m.index, h.index),
                        disp: match lit(h.disp) {
                            // A literal beyond 64 bits is out of range anyway (the generic path says so).
                            Some(v) => Disp { lit: m.disp.checked_add(i64::try_from(v).ok()?)?, hole: None },
                            None => Disp { lit: m.disp, hole: h.disp },
                        },
                    }
                }
                _ => return None,
            })
        })
        .collect()
}

/// The number of registers a hole of class `c` can name.
fn class_size(c: RegClass) -> u32 {
    match c {
        RegClass::Xmm | RegClass::Ymm | RegClass::Zmm => 32,
        RegClass::K | RegClass::St | RegClass::Mm => 8,
        _ => 16,
    }
}

/// The conditions under which `form` accepts the operands, or `None` if it never does.
fn accept_conds(form: &'static Form, ins: &Instr, ops: &[Op]) -> Option<Vec<Cond>> {
    if form.operands.len() != ops.len() {
        return None;
    }
    let mut conds = Vec::new();
    for (((kind, _), op), o) in form.operands.iter().zip(ops).zip(&ins.operands) {
        match *op {
            Op::Reg(Val::H(h), class) => {
                let full = if class_size(class) == 32 { u32::MAX } else { (1u32 << class_size(class)) - 1 };
                let mask = (0..class_size(class))
                    .filter(|&n| matcher::accepts(form, *kind, &Operand::Reg(Reg::new(class, n as u8))))
                    .fold(0u32, |m, n| m | 1 << n);
                if mask == 0 {
                    return None;
                }
                if mask != full {
                    conds.push(Cond::RegIn { hole: h, mask });
                }
            }
            Op::Imm(ImmV::H(h)) => conds.push(Cond::ImmFits { hole: h, info: kind.info().imm? }),
            Op::Imm(ImmV::C(v)) if !matcher::accepts(form, *kind, &Operand::Imm(v)) => return None,
            Op::Imm(ImmV::C(_)) => {}
            Op::Mem { .. }
                if !matches!(kind.info().mem, Some(MemKind::Any | MemKind::Sized(_)))
                    || !matcher::accepts(form, *kind, o) =>
            {
                return None
            }
            Op::Mem { .. } => {}
            _ if !matcher::accepts(form, *kind, o) => return None,
            _ => {}
        }
    }
    // Decorations (constant here) are checked with any register values.
    if matcher::deco_error(form, &representative(ins, ops), &ins.deco).is_some() {
        return None;
    }
    Some(conds)
}

/// Plans instruction `ins` matched to `form`, or `None` when it takes the generic path.
///
/// `lits` holds the value of each hole that is an integer literal (`{300}`): those are
/// constants here.
pub fn plan(form: &'static Form, ins: &Instr, lits: &[Option<i128>]) -> Option<Plan> {
    // A constant write mask and `{z}` are part of the template; a mask hole, a broadcast (which
    // changes the memory operand's size) and embedded rounding take the generic path.
    if ins.mask_hole.is_some() || ins.deco.broadcast.is_some() || ins.deco.rounding.is_some() {
        return None;
    }
    let ops = resolve(ins, lits)?;
    let mut guard = accept_conds(form, ins, &ops)?;
    // An immediate hole's Rust type is one the field of this row holds (`asm_runtime::imm`), so
    // the row's own range check on it always passes: only its sibling rows test the value.
    guard.retain(|c| !matches!(c, Cond::ImmFits { .. }));
    let earlier = group_through(form);
    let mut rows: Vec<&'static Form> =
        earlier[..earlier.len() - 1].iter().filter(|f| is_value_dependent(f)).collect();
    rows.push(form);
    if ins.prefix.is_some() && rows.len() > 1 {
        return None;
    }
    // A register value may make another VEX row of the mnemonic the shorter one.
    if matches!(form.scheme, Scheme::Vex(_))
        && !matcher::fixed_at_compile_time(form, &ins.operands, &ins.deco)
    {
        let others = asm_runtime::isa::group_of(form).iter().filter(|f| f.id != form.id);
        if others
            .into_iter()
            .any(|f| matches!(f.scheme, Scheme::Vex(_)) && matcher::accepts_all(f, &ins.operands, &ins.deco))
        {
            return None;
        }
    }
    // What validation checks at run time: the index is not `rsp`, the displacement fits.
    for op in &ops {
        if let Op::Mem { m, index, disp, .. } = op {
            match index {
                Some((Val::H(h), RegClass::Gpr64 | RegClass::Gpr32)) => {
                    guard.push(Cond::RegIn { hole: *h, mask: 0xFFFF & !(1 << 4) })
                }
                Some((Val::H(_), _)) => return None,
                // A literal `rsp` index may trade places with the base (see `normalize_mem`).
                Some((Val::C(4), _)) if m.scale == 1 => return None,
                _ => {}
            }
            // A displacement hole holds at most 32 signed bits (its types are `i8`..`i32`, `u8`,
            // `u16`): only a literal part can push the sum out of range.
            if let (Some(h), true) = (disp.hole, disp.lit != 0) {
                guard.push(Cond::DispFits { lit: disp.lit, hole: h });
            }
        }
    }
    let mut candidates = Vec::new();
    for f in rows {
        if f.feature != form.feature && f.feature != Feature::Base {
            return None;
        }
        let Some(conds) = accept_conds(f, ins, &ops) else { continue };
        // The static checks (prefix, address sizes, scale) must pass for every candidate.
        matcher::validate(f, ins.prefix, &representative(ins, &ops)).ok()?;
        let conds = conds.into_iter().filter(|c| !guard.contains(c)).collect();
        candidates.push(Candidate { form: f, conds, pieces: word::merge(fold(encode(f, ins, &ops)?)) });
    }
    Some(Plan { guard, candidates })
}

/// The operands with every hole replaced by a value the guard allows (for static checks).
fn representative(ins: &Instr, ops: &[Op]) -> Vec<Operand> {
    ins.operands
        .iter()
        .zip(ops)
        .map(|(o, op)| match *op {
            Op::Reg(Val::H(_), class) => Operand::Reg(Reg::new(class, 0)),
            Op::Imm(ImmV::H(_)) => Operand::Imm(1),
            Op::Imm(ImmV::C(v)) => Operand::Imm(v),
            Op::Mem { mut m, base, index, disp } => {
                if let Some((Val::H(_), c)) = base {
                    m.base = Some(Reg::new(c, 0));
                }
                if let Some((Val::H(_), c)) = index {
                    m.index = Some(Reg::new(c, 1));
                }
                m.disp = disp.lit;
                Operand::Mem(m)
            }
            _ => *o,
        })
        .collect()
}

/// The ModRM.rm operand, symbolically.
enum Rm {
    None,
    Reg(Val),
    Mem { base: Option<Val>, index: Option<Val>, scale: u8, disp: Disp },
}

/// The placed fields (the generic encoder's `place`), symbolically.
struct Fields {
    reg: Val,
    rm: Rm,
    vvvv: Option<Val>,
    op_reg: Val,
    is4: Option<Val>,
    imms: Vec<(ImmV, u8)>,
    force: bool,
    force_holes: Vec<usize>,
    seg: Option<u8>,
    addr32: bool,
}

fn place(form: &Form, ops: &[Op]) -> Option<Fields> {
    let mut f = Fields {
        reg: Val::C(if let ModRm::Digit(d) = form.modrm { d } else { 0 }),
        rm: Rm::None,
        vvvv: None,
        op_reg: Val::C(0),
        is4: None,
        imms: Vec::new(),
        force: false,
        force_holes: Vec::new(),
        seg: None,
        addr32: false,
    };
    for ((_, slot), op) in form.operands.iter().zip(ops) {
        if let (Op::Reg(v, RegClass::Gpr8), true) = (op, *slot != Slot::Implicit) {
            match v {
                Val::C(n) => f.force |= *n >= 4,
                Val::H(h) => f.force_holes.push(*h),
            }
        }
        match (slot, *op) {
            (Slot::Reg, Op::Reg(v, _)) => f.reg = v,
            (Slot::RegRm, Op::Reg(v, _)) => (f.reg, f.rm) = (v, Rm::Reg(v)),
            (Slot::Rm, Op::Reg(v, _)) => f.rm = Rm::Reg(v),
            (Slot::Rm, Op::Mem { m, base, index, disp }) => {
                f.seg = m.seg.map(|s| s.prefix());
                f.addr32 = base.or(index).is_some_and(|(_, c)| c == RegClass::Gpr32);
                f.rm = Rm::Mem { base: base.map(|b| b.0), index: index.map(|x| x.0), scale: m.scale, disp };
            }
            (Slot::Op, Op::Reg(v, _)) => f.op_reg = v,
            (Slot::Vvvv, Op::Reg(v, _)) => f.vvvv = Some(v),
            (Slot::Is4, Op::Reg(v, _)) => f.is4 = Some(v),
            (Slot::Ib | Slot::Iw | Slot::Id | Slot::Iq, Op::Imm(v)) => {
                let w = match slot {
                    Slot::Ib => 1,
                    Slot::Iw => 2,
                    Slot::Id => 4,
                    _ => 8,
                };
                f.imms.push((v, w));
            }
            (Slot::Implicit, Op::Reg(..) | Op::Imm(_)) => {}
            _ => return None,
        }
    }
    Some(f)
}

/// The pieces of `form` encoding `ops`, in the generic encoder's order.
fn encode(form: &Form, ins: &Instr, ops: &[Op]) -> Option<Vec<Piece>> {
    let f = place(form, ops)?;
    let mut p = Vec::new();
    let mut n = 1;
    let mut head = Vec::new();
    if form.has_flag(flag::WAIT) {
        head.push(0x9B);
    }
    head.extend(ins.prefix.map(|x| x.byte()));
    head.extend(f.seg);
    if f.addr32 {
        head.push(0x67);
    }
    let (x, b) = match &f.rm {
        Rm::Mem { base, index, .. } => (index.unwrap_or(Val::C(0)), base.unwrap_or(Val::C(0))),
        Rm::Reg(r) => (Val::C(0), *r),
        Rm::None => (Val::C(0), f.op_reg),
    };
    match &form.scheme {
        Scheme::Legacy(l) => {
            if form.has_flag(flag::O16) {
                head.push(0x66);
            }
            if l.prefix != 0 {
                head.push(l.prefix);
            }
            p.push(Piece::Bytes(head));
            let template = legacy::rex_template(l);
            p.push(Piece::Rex {
                template,
                r: f.reg,
                x,
                b,
                force: f.force,
                force_holes: f.force_holes.clone(),
            });
            let (last, rest) = form.opcode.split_last()?;
            p.push(Piece::Bytes(rest.to_vec()));
            p.push(Piece::OpReg { opcode: *last, reg: f.op_reg });
        }
        Scheme::Vex(v) => {
            p.push(Piece::Bytes(head));
            let (t, c5) = (vex::template(v), vex::c5_allowed(v));
            p.push(Piece::Vex {
                t,
                c5,
                r: f.reg,
                x,
                b,
                vvvv: f.vvvv.unwrap_or(Val::C(0)),
                opcode: form.opcode[0],
            });
        }
        Scheme::X87 => {
            head.push(form.opcode[0]);
            p.push(Piece::Bytes(head));
            p.push(Piece::OpReg { opcode: form.opcode[1], reg: f.op_reg });
        }
        Scheme::Evex(e) => {
            p.push(Piece::Bytes(head));
            // The decorations' bits are disjoint from the register bits: fill them in now.
            let d = &ins.deco;
            let regs =
                evex::Regs { mask: d.mask.map_or(0, |k| k.num & 7), z: d.zeroing, ..evex::Regs::default() };
            let t = evex::fill(evex::template(e), regs);
            let (x, xbit) = match &f.rm {
                Rm::Reg(r) => (*r, 4),
                _ => (x, 3),
            };
            let vvvv = f.vvvv.unwrap_or(Val::C(0));
            p.push(Piece::Evex { t, reg: f.reg, x, xbit, b, vvvv, opcode: form.opcode[0] });
            n = e.disp8_scale(None);
        }
    }
    match f.rm {
        Rm::None => {}
        Rm::Reg(rm) => p.push(Piece::ModrmReg { fixed: modrm::fixed_bits(form.modrm), reg: f.reg, rm }),
        Rm::Mem { base, index, scale, disp } => {
            p.push(Piece::Mem { reg: f.reg, base, index, scale, disp, n })
        }
    }
    p.extend(f.imms.iter().map(|&(v, width)| Piece::Imm { v, width }));
    p.extend(f.is4.map(Piece::Is4));
    Some(p)
}

/// Hole values (what [`apply`] reads): register numbers and immediates by hole index.
#[derive(Clone, Debug, Default)]
pub struct Values {
    pub regs: Vec<u8>,
    pub imms: Vec<i128>,
}

fn reg_of(v: Val, x: &Values) -> u8 {
    match v {
        Val::C(n) => n,
        Val::H(h) => x.regs[h],
    }
}

/// Runs one piece (what the generated code does).
fn apply(p: &Piece, x: &Values, w: &mut Spec<32, 48>) {
    let r = |v: Val| reg_of(v, x);
    match p {
        Piece::Bytes(b) => w.bytes(b),
        Piece::Rex { template, r: rr, x: xx, b, force, force_holes } => {
            let force = *force || force_holes.iter().any(|h| x.regs[*h] >= 4);
            w.rex(*template, r(*rr), r(*xx), r(*b), force)
        }
        Piece::OpReg { opcode, reg } => w.opcode_reg(*opcode, r(*reg)),
        Piece::ModrmReg { fixed, reg, rm } => w.modrm_reg(*fixed, r(*reg), r(*rm)),
        Piece::Mem { reg, base, index, scale, disp, n } => {
            let d = disp.lit + disp.hole.map_or(0, |h| x.imms[h] as i64);
            w.mem(r(*reg), base.map(r), index.map(r), *scale, d as i32, *n)
        }
        Piece::Evex { t, reg, x: xx, xbit, b, vvvv, opcode } => {
            w.evex(*t, r(*reg), (r(*xx) >> xbit) & 1 != 0, r(*b) & 8 != 0, r(*vvvv), *opcode)
        }
        Piece::Vex { t, c5, r: rr, x: xx, b, vvvv, opcode } => {
            w.vex(*t, *c5, r(*rr), r(*xx), r(*b), r(*vvvv), *opcode)
        }
        Piece::Imm { v, width } => w.imm(
            match v {
                ImmV::C(c) => *c as i64,
                ImmV::H(h) => x.imms[*h] as i64,
            },
            *width,
        ),
        Piece::Is4(v) => w.is4(r(*v)),
        Piece::Word { base, terms, len } => w.word(word::value(*base, terms, x), usize::from(*len)),
    }
}

fn is_const(p: &Piece) -> bool {
    let c = |v: &Val| matches!(v, Val::C(_));
    match p {
        Piece::Bytes(_) => true,
        Piece::Rex { r, x, b, force_holes, .. } => c(r) && c(x) && c(b) && force_holes.is_empty(),
        Piece::OpReg { reg, .. } | Piece::Is4(reg) => c(reg),
        Piece::ModrmReg { reg, rm, .. } => c(reg) && c(rm),
        Piece::Mem { reg, base, index, disp, .. } => {
            c(reg) && base.as_ref().is_none_or(c) && index.as_ref().is_none_or(c) && disp.hole.is_none()
        }
        Piece::Vex { r, x, b, vvvv, .. } => c(r) && c(x) && c(b) && c(vvvv),
        Piece::Evex { reg, x, b, vvvv, .. } => c(reg) && c(x) && c(b) && c(vvvv),
        Piece::Imm { v, .. } => matches!(v, ImmV::C(_)),
        Piece::Word { terms, .. } => terms.is_empty(),
    }
}

/// Evaluates the pieces no hole feeds into bytes and merges adjacent bytes.
fn fold(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for p in pieces {
        let p = if is_const(&p) {
            let mut w = Spec::<32, 48>::new();
            apply(&p, &Values::default(), &mut w);
            Piece::Bytes(w.as_slice().to_vec())
        } else {
            p
        };
        match (out.last_mut(), p) {
            (_, Piece::Bytes(b)) if b.is_empty() => {}
            (Some(Piece::Bytes(a)), Piece::Bytes(b)) => a.extend(b),
            (_, p) => out.push(p),
        }
    }
    out
}

#[cfg(test)]
fn holds(c: &Cond, x: &Values) -> bool {
    match *c {
        Cond::RegIn { hole, mask } => (mask >> x.regs[hole]) & 1 != 0,
        Cond::ImmFits { hole, info } => {
            asm_runtime::isa::kinds::imm_fits(x.imms[hole], info.lo, info.hi, info.sext, info.bits)
        }
        Cond::DispFits { lit, hole } => i32::try_from(lit as i128 + x.imms[hole]).is_ok(),
    }
}

/// What the generated code emits for hole values `x`: the bytes, and the row; `None` where it
/// takes the generic path.
#[cfg(test)]
pub fn run(plan: &Plan, x: &Values) -> Option<(Vec<u8>, &'static Form)> {
    if !plan.guard.iter().all(|c| holds(c, x)) {
        return None;
    }
    let c = plan.candidates.iter().find(|c| c.conds.iter().all(|k| holds(k, x)))?;
    let mut w = Spec::<32, 48>::new();
    for p in &c.pieces {
        apply(p, x, &mut w);
    }
    Some((w.as_slice().to_vec(), c.form))
}

// ----- tokens ---------------------------------------------------------------------------------

fn val(v: Val) -> TokenStream {
    match v {
        Val::C(n) => quote!(#n),
        Val::H(h) => {
            let id = format_ident!("__r{}", h);
            quote!(#id)
        }
    }
}

fn imm_hole(h: usize) -> syn::Ident {
    format_ident!("__h{}", h)
}

fn piece_tokens(p: &Piece) -> TokenStream {
    match p {
        Piece::Bytes(b) => {
            let b = b.iter();
            quote!(__w.bytes(&[#(#b),*]);)
        }
        Piece::Rex { template, r, x, b, force, force_holes } => {
            let (r, x, b) = (val(*r), val(*x), val(*b));
            let holes: Vec<TokenStream> = force_holes
                .iter()
                .map(|h| {
                    let id = format_ident!("__r{}", h);
                    quote!(#id >= 4)
                })
                .collect();
            let force = match (force, holes.is_empty()) {
                (true, _) => quote!(true),
                (false, true) => quote!(false),
                (false, false) => quote!(#(#holes)||*),
            };
            quote!(__w.rex(#template, #r, #x, #b, #force);)
        }
        Piece::OpReg { opcode, reg } => {
            let reg = val(*reg);
            quote!(__w.opcode_reg(#opcode, #reg);)
        }
        Piece::ModrmReg { fixed, reg, rm } => {
            let (reg, rm) = (val(*reg), val(*rm));
            quote!(__w.modrm_reg(#fixed, #reg, #rm);)
        }
        Piece::Mem { reg, base, index, scale, disp, n } => {
            let reg = val(*reg);
            let opt = |v: Option<Val>| match v {
                Some(v) => {
                    let v = val(v);
                    quote!(::core::option::Option::Some(#v))
                }
                None => quote!(::core::option::Option::None),
            };
            let (base, index) = (opt(*base), opt(*index));
            let d = match disp.hole {
                Some(h) => {
                    let id = imm_hole(h);
                    let lit = disp.lit;
                    quote!((#lit + #id as i64) as i32)
                }
                None => {
                    let lit = disp.lit as i32;
                    quote!(#lit)
                }
            };
            quote!(__w.mem(#reg, #base, #index, #scale, #d, #n);)
        }
        Piece::Vex { t, c5, r, x, b, vvvv, opcode } => {
            let (r, x, b, vvvv) = (val(*r), val(*x), val(*b), val(*vvvv));
            let (t0, t1) = (t[0], t[1]);
            quote!(__w.vex([#t0, #t1], #c5, #r, #x, #b, #vvvv, #opcode);)
        }
        Piece::Evex { t, reg, x, xbit, b, vvvv, opcode } => {
            // A bit of a known register is known now.
            let bit = |v: Val, shift: u8| match v {
                Val::C(n) => {
                    let on = (n >> shift) & 1 != 0;
                    quote!(#on)
                }
                Val::H(_) => {
                    let v = val(v);
                    quote!((#v >> #shift) & 1 != 0)
                }
            };
            let (xb, bb) = (bit(*x, *xbit), bit(*b, 3));
            let (reg, vvvv) = (val(*reg), val(*vvvv));
            let (t0, t1, t2) = (t[0], t[1], t[2]);
            quote!(__w.evex([#t0, #t1, #t2], #reg, #xb, #bb, #vvvv, #opcode);)
        }
        Piece::Imm { v, width } => {
            let v = match v {
                ImmV::C(c) => {
                    let c = proc_macro2::Literal::i64_suffixed(*c as i64);
                    quote!(#c)
                }
                ImmV::H(h) => {
                    let id = imm_hole(*h);
                    quote!((#id as i64))
                }
            };
            quote!(__w.imm(#v, #width);)
        }
        Piece::Is4(v) => {
            let v = val(*v);
            quote!(__w.is4(#v);)
        }
        Piece::Word { base, terms, len } => word::tokens(*base, terms, *len),
    }
}

fn cond_tokens(c: &Cond) -> TokenStream {
    match *c {
        Cond::RegIn { hole, mask } => {
            let id = format_ident!("__r{}", hole);
            quote!((#mask >> #id) & 1 != 0)
        }
        Cond::ImmFits { hole, info } => imm_cond(hole, info),
        Cond::DispFits { lit, hole } => {
            let id = imm_hole(hole);
            quote!((-2147483648i64..=2147483647i64).contains(&(#lit + #id as i64)))
        }
    }
}

/// Whether immediate hole `hole` fits a field, on its 64-bit value: a hole's Rust type is at
/// most 64 bits wide, and only a 64-bit field takes a `u64`, for which the bit pattern is what
/// counts. The range check and the sign-extension check are written out for the field (an
/// `imm8` sign-extended to 64 bits is `v as i8 as i64 == v`), so the compiler folds them.
fn imm_cond(hole: usize, info: ImmInfo) -> TokenStream {
    let v = imm_hole(hole);
    let v = quote!((#v as i64));
    let mut parts = Vec::new();
    let (lo, hi) = (
        proc_macro2::Literal::i64_suffixed(info.lo as i64),
        proc_macro2::Literal::i64_suffixed(info.hi as i64),
    );
    match (info.lo > i64::MIN as i128, info.hi < i64::MAX as i128) {
        _ if info.lo == info.hi => parts.push(quote!(#v == #lo)),
        (true, true) => parts.push(quote!((#lo..=#hi).contains(&#v))),
        (true, false) => parts.push(quote!(#v >= #lo)),
        (false, true) => parts.push(quote!(#v <= #hi)),
        (false, false) => {}
    }
    let ty = |bits: u8| match bits {
        8 => Some(quote!(i8)),
        16 => Some(quote!(i16)),
        32 => Some(quote!(i32)),
        64 => Some(quote!(i64)),
        _ => None,
    };
    if info.sext != 0 {
        match (ty(info.sext), ty(info.bits)) {
            (Some(op), Some(field)) => parts.push(quote!((#v as #op as #field as #op) == (#v as #op))),
            _ => {
                let (lo, hi) = (
                    proc_macro2::Literal::i128_suffixed(info.lo),
                    proc_macro2::Literal::i128_suffixed(info.hi),
                );
                let (sext, bits) = (info.sext, info.bits);
                return quote!(::asm_runtime::isa::kinds::imm_fits(#v as i128, #lo, #hi, #sext, #bits));
            }
        }
    }
    if parts.is_empty() {
        return quote!(true);
    }
    quote!((#(#parts)&&*))
}

fn all(conds: &[Cond]) -> TokenStream {
    if conds.is_empty() {
        return quote!(true);
    }
    let c = conds.iter().map(cond_tokens);
    quote!(#(#c)&&*)
}

impl Plan {
    /// The most bytes any candidate can take.
    pub fn max_len(&self) -> usize {
        let piece = |p: &Piece| match p {
            Piece::Bytes(b) => b.len(),
            Piece::Rex { .. } | Piece::OpReg { .. } | Piece::ModrmReg { .. } | Piece::Is4(_) => 1,
            Piece::Mem { .. } => 6,
            Piece::Vex { .. } => 4,
            Piece::Evex { .. } => 5,
            Piece::Imm { width, .. } => *width as usize,
            Piece::Word { len, .. } => *len as usize,
        };
        // An upper bound (a memory operand counts as ModRM, SIB and disp32): the run's buffer
        // is sized from it, so it must never be less than what is written.
        self.candidates.iter().map(|c| c.pieces.iter().map(piece).sum::<usize>()).max().unwrap_or(0)
    }
}

/// The generated code of one instruction of a run (whose buffer is `__w` and whose statement
/// texts are `__T`): the fast path appends to the buffer; when the guard fails, `generic`
/// ([`crate::calls::run_generic`]) flushes the buffer and emits the instruction the run-time way.
pub fn tokens(plan: &Plan, ins: &Instr, generic: TokenStream) -> TokenStream {
    let mut regs: Vec<usize> = Vec::new();
    for h in &ins.holes {
        regs.extend(h.base.iter().chain(&h.index));
    }
    for (o, h) in ins.operands.iter().zip(&ins.holes) {
        if let (Operand::Hole(HoleKind::Reg(_), _), OperandHoles { value: Some(v), .. }) = (o, h) {
            regs.push(*v);
        }
    }
    let binds = regs.iter().map(|h| {
        let (r, v) = (format_ident!("__r{}", h), format_ident!("__h{}", h));
        quote!(let #r: u8 = #v.num();)
    });
    let mut body = TokenStream::new();
    let n = plan.candidates.len();
    for (i, c) in plan.candidates.iter().enumerate() {
        let pieces = c.pieces.iter().map(piece_tokens);
        let block = quote!({ #(#pieces)* });
        if i + 1 == n {
            body.extend(if i == 0 { block } else { quote!(else #block) });
        } else {
            let cond = all(&c.conds);
            body.extend(if i == 0 { quote!(if #cond #block) } else { quote!(else if #cond #block) });
        }
    }
    if plan.guard.is_empty() {
        return quote!({ #(#binds)* #body __w.end(__K); });
    }
    let guard = all(&plan.guard);
    // The last candidate has no conditions beyond the guard; with several, none may hold.
    quote!({
        #(#binds)*
        if #guard {
            #body
            __w.end(__K);
        } else {
            #generic
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use asm_runtime::ast::Decorations;
    use asm_runtime::isa::{FormId, FORMS};
    use asm_runtime::Assembler;
    use std::collections::BTreeSet;

    /// The instruction shapes a row can be written with: per operand, a register hole, an
    /// immediate hole (or a literal where the field takes no hole), or an address of holes.
    fn shapes(form: &Form) -> Vec<(Vec<Operand>, Vec<OperandHoles>, usize)> {
        let mut out = vec![(Vec::new(), Vec::new(), 0usize)];
        for (kind, _) in form.operands {
            let info = kind.info();
            let mut next = Vec::new();
            for (ops, holes, n) in &out {
                let mut alts: Vec<(Operand, OperandHoles, usize)> = Vec::new();
                let one = |i: usize| OperandHoles { value: Some(i), ..OperandHoles::default() };
                match (info.reg, info.fixed) {
                    (Some(c), None) => alts.push((
                        Operand::Hole(HoleKind::Reg(c), asm_runtime::operand::BranchHint::Auto),
                        one(*n),
                        1,
                    )),
                    (Some(c), Some(num)) => {
                        alts.push((Operand::Reg(Reg::new(c, num)), OperandHoles::default(), 0))
                    }
                    _ => {}
                }
                if let Some(MemKind::Sized(size)) = info.mem {
                    let m = Mem {
                        size: Some(size),
                        base: Some(Reg::new(RegClass::Gpr64, 0)),
                        index: Some(Reg::new(RegClass::Gpr64, 0)),
                        scale: 4,
                        disp: 8,
                        ..Mem::default()
                    };
                    let h =
                        OperandHoles { base: Some(*n), index: Some(*n + 1), disp: Some(*n + 2), value: None };
                    alts.push((Operand::Mem(m), h, 3));
                }
                if let Some(imm) = info.imm {
                    if kind.takes_imm_hole() {
                        alts.push((
                            Operand::Hole(HoleKind::Imm, asm_runtime::operand::BranchHint::Auto),
                            one(*n),
                            1,
                        ));
                    } else {
                        alts.push((Operand::Imm(imm.lo.max(0).min(imm.hi)), OperandHoles::default(), 0));
                    }
                }
                for (o, h, k) in alts {
                    let (mut ops, mut holes) = (ops.clone(), holes.clone());
                    ops.push(o);
                    holes.push(h);
                    next.push((ops, holes, n + k));
                }
            }
            out = next;
        }
        out
    }

    const IMMS: [i128; 16] = [
        0,
        1,
        -1,
        2,
        127,
        128,
        -128,
        -129,
        255,
        256,
        0x7fff,
        0xffff,
        0x7fff_ffff,
        -0x8000_0000,
        0xffff_ffff,
        0x1_0000_0000,
    ];

    /// The generic path for concrete operands: the re-match and the generic encoder.
    fn generic(form: &'static Form, ops: &[Operand]) -> Option<Vec<u8>> {
        let mut a = Assembler::new();
        a.emit_form(None, form.id, &mut ops.to_vec(), "t");
        a.assemble_at(0).ok().map(|o| o.bytes)
    }

    /// The operands with hole values filled in (what the generic path receives).
    fn concrete(ins: &Instr, x: &Values) -> Vec<Operand> {
        ins.operands
            .iter()
            .zip(&ins.holes)
            .map(|(o, h)| match (o, h) {
                (Operand::Hole(HoleKind::Reg(c), _), _) => {
                    Operand::Reg(Reg::new(*c, x.regs[h.value.unwrap()]))
                }
                (Operand::Hole(HoleKind::Imm, _), _) => Operand::Imm(x.imms[h.value.unwrap()]),
                (Operand::Mem(m), h) => {
                    let mut m = *m;
                    if let Some(b) = h.base {
                        m.base = m.base.map(|r| Reg::new(r.class, x.regs[b]));
                    }
                    if let Some(i) = h.index {
                        m.index = m.index.map(|r| Reg::new(r.class, x.regs[i]));
                    }
                    if let Some(d) = h.disp {
                        m.disp += x.imms[d] as i64;
                    }
                    Operand::Mem(m)
                }
                _ => *o,
            })
            .collect()
    }

    /// Every row of the table, written with holes in every position that takes one, compiled
    /// into a plan and run over generated values: the plan's bytes equal the generic encoder's
    /// wherever the plan applies, and the plan steps aside wherever the generic path fails.
    #[test]
    fn plans_match_the_generic_encoder_on_every_row() {
        let mut rng = fastrand::Rng::with_seed(7);
        let (mut planned, mut shapes_seen, mut fast, mut fallback) = (0, 0, 0u64, 0u64);
        let mut rows_hit: BTreeSet<FormId> = BTreeSet::new();
        for row in FORMS.iter() {
            for (operands, holes, n) in shapes(row) {
                let ins = Instr { mnemonic: row.mnemonic.to_string(), holes, operands, ..Instr::default() };
                let Ok(f) = matcher::find(row.mnemonic, None, &ins.operands, &Decorations::default()) else {
                    continue;
                };
                shapes_seen += 1;
                let Some(plan) = plan(f, &ins, &[]) else { continue };
                planned += 1;
                for _ in 0..24 {
                    let x = Values {
                        regs: (0..n).map(|_| rng.u8(0..32)).collect(),
                        imms: (0..n)
                            .map(|_| IMMS[rng.usize(0..IMMS.len())] * if rng.bool() { 1 } else { -1 })
                            .collect(),
                    };
                    // Values a hole's Rust type cannot hold do not occur: an immediate the row's
                    // field does not take, a displacement beyond 32 bits.
                    let typed = ins.operands.iter().zip(&ins.holes).enumerate().all(|(k, (o, h))| match o {
                        Operand::Hole(HoleKind::Imm, _) => {
                            f.operands[k].0.accepts_value(x.imms[h.value.unwrap()])
                        }
                        Operand::Mem(_) => h.disp.is_none_or(|d| i32::try_from(x.imms[d]).is_ok()),
                        _ => true,
                    });
                    if !typed {
                        continue;
                    }
                    // Register numbers beyond the hole's class cannot be built.
                    let ops = concrete(&ins, &x);
                    if ops.iter().any(|o| match o {
                        Operand::Reg(r) => r.num as u32 >= class_size(r.class),
                        Operand::Mem(m) => [m.base, m.index].iter().flatten().any(|r| r.num >= 16),
                        _ => false,
                    }) {
                        continue;
                    }
                    let want = generic(f, &ops);
                    match (run(&plan, &x), want) {
                        (Some((got, form)), Some(want)) => {
                            assert_eq!(got, want, "{} as {form}, operands {ops:?}", row.name);
                            assert!(
                                got.len() <= plan.max_len(),
                                "{}: the run buffer is sized too small",
                                row.name
                            );
                            rows_hit.insert(form.id);
                            fast += 1;
                        }
                        (Some((got, form)), None) => {
                            panic!(
                                "{} as {form}: plan emits {got:02x?} where the generic path fails, {ops:?}",
                                row.name
                            )
                        }
                        (None, _) => fallback += 1,
                    }
                }
            }
        }
        println!(
            "{planned} of {shapes_seen} shapes planned, {} rows emitted by plans; {fast} fast, {fallback} generic",
            rows_hit.len()
        );
        assert!(planned > 1500 && rows_hit.len() > 1000, "{planned} planned, {} rows", rows_hit.len());
    }
}

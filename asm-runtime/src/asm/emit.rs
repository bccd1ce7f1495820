//! The entry points of code the `x86!` macro compiled besides its runs (see [`run`](super::run)):
//! static bytes, a branch or a label reference whose bytes were encoded at compile time, and the
//! generic fallback. None of the first matches or encodes; each is a copy plus, for labels, one
//! layout item or one fixup.

use super::*;
use crate::operand::Reg;

impl Assembler {
    /// How many instructions from `x86!` took the generic path at run time (re-matched and
    /// encoded by the generic encoder) instead of their compiled template: those the macro
    /// does not specialize, and values a template cannot take (`rsp` as an index). For tests and
    /// tuning.
    ///
    /// In `x86!(a; add r64{d}, r64{s}; lea rax, [rbx + r64{i}*2])` with `i` = `rsp` the `add`
    /// runs its template and the `lea` takes the generic path (which keeps the error), so the
    /// count is 1.
    ///
    /// ```
    /// let a = asm_runtime::Assembler::new();
    /// assert_eq!(a.generic_emits(), 0);
    /// ```
    pub fn generic_emits(&self) -> usize {
        self.generic
    }

    /// Appends a relaxable branch of row `form` to `target`, whose short form (rel8 last, zero)
    /// and near form (rel32 last, zero; empty when the mnemonic has none or the size was
    /// forced) the macro encoded. A target that is an address, or a label bound in committed
    /// code, takes the generic path (a rel32 row to the absolute address).
    #[doc(hidden)]
    #[inline]
    pub fn emit_branch(
        &mut self,
        short: &[u8],
        near: &[u8],
        target: Target,
        form: FormId,
        hint: BranchHint,
        text: &'static str,
    ) {
        // A loop's branch back (the label is settled and the rel8 reaches): written here, with
        // the macro's constant bytes, in a few instructions.
        if let (Target::Label(l), false, 1..=15) = (target, self.listing.is_some(), short.len()) {
            if let Some(pos) = self.settled(l) {
                let end = self.code.len() + short.len();
                if let Ok(d) = i8::try_from(pos as i64 - end as i64) {
                    self.code.extend_from_slice(short);
                    self.code[end - 1] = d as u8;
                    return;
                }
            }
        }
        self.emit_branch_slow(short, near, target, form, hint, text)
    }

    #[inline(never)]
    fn emit_branch_slow(
        &mut self,
        short: &[u8],
        near: &[u8],
        target: Target,
        form: FormId,
        hint: BranchHint,
        text: &'static str,
    ) {
        let label = match target {
            Target::Label(l)
                if !matches!(
                    self.labels.get(l.0 as usize),
                    Some(LabelSlot { state: LabelState::Abs(_), .. })
                ) =>
            {
                l
            }
            _ => return self.emit_form(None, form, &mut [target_operand(target, hint)], text),
        };
        let start = self.mark();
        if !self.settled_branch(short, near, label) {
            let near = if near.is_empty() { None } else { Some(Bytes::new(near)) };
            let mnemonic = Form::get(form).mnemonic;
            self.items.push(Item {
                pos: self.code.len(),
                kind: ItemKind::Branch { short: Bytes::new(short), near, label, mnemonic },
            });
        }
        if self.listing.is_some() {
            self.record_static(start, text);
        }
    }

    /// Appends an instruction the macro encoded whose 4-byte field at `at` is relative to the
    /// instruction's end and points at `target` plus `addend`: `call label`, `jmp near label`,
    /// `[rip + label]`. A branch (`branch`) to a label of committed code, or to an address, is
    /// fixed up against the absolute address (through a far-call stub when out of reach).
    #[doc(hidden)]
    #[inline]
    pub fn emit_rel32(
        &mut self,
        bytes: &[u8],
        at: usize,
        addend: i64,
        target: Target,
        branch: bool,
        text: &'static str,
    ) {
        // The macro's bytes have a constant length here: a few moves.
        let start = self.mark();
        self.code.extend_from_slice(bytes);
        if let (Target::Label(l), None) = (target, &self.listing) {
            let (field, end) = (start.pos + at, self.code.len());
            if let Some(d) = self.rel32_quick(l, field, end, addend) {
                if let Some(f) = self.code.get_mut(field..field + 4) {
                    f.copy_from_slice(&d.to_le_bytes());
                }
                return;
            }
        }
        self.rel32_fix(start, at, addend, target, branch, text);
    }

    /// The common cases of a 4-byte field at byte `field` to label `l` plus `addend`, its
    /// instruction ending at byte `end`, in one look at the label's slot: a forward reference
    /// to an unbound label waits in the slot (`Some(0)`), one to a label settled in this code
    /// gets its final value. `None` for the rest (a label of committed code, a second
    /// reference to an unbound label, one bound before a layout item), which the caller records
    /// as a fixup.
    #[inline(always)]
    pub(super) fn rel32_quick(&mut self, l: Label, field: usize, end: usize, addend: i64) -> Option<i32> {
        let (a32, back) = (u32::try_from(field).ok()?, i32::try_from(addend - (end - field) as i64).ok()?);
        let item = self.items.len();
        match &mut self.labels.get_mut(l.0 as usize)?.state {
            state @ LabelState::Unbound if item <= u32::MAX as usize => {
                *state = LabelState::Wanted { at: a32, item: item as u32, back };
                self.wanted += 1;
                Some(0)
            }
            // (A label bound past the 2^32nd item takes the slow path.)
            state => {
                let m = state.code_mark(&[]).filter(|m| m.item == item)?;
                i32::try_from(m.pos as i64 + addend - end as i64).ok()
            }
        }
    }

    /// The fixup of [`emit_rel32`](Self::emit_rel32)'s field, its bytes appended from `start`.
    #[inline(never)]
    fn rel32_fix(
        &mut self,
        start: Mark,
        at: usize,
        addend: i64,
        target: Target,
        branch: bool,
        text: &'static str,
    ) {
        let target = self.rel_target(target, branch);
        let end = self.code.len();
        self.rel_fix(Mark { pos: start.pos + at, item: start.item }, 4, end, target, addend);
        if self.listing.is_some() {
            self.record_static(start, text);
        }
    }

    /// What a 4-byte field to `target` points at: a branch (`branch`) to a label of committed
    /// code goes to its absolute address.
    pub(super) fn rel_target(&self, target: Target, branch: bool) -> RelocTarget {
        match target {
            Target::Label(l) => match self.abs_label(l) {
                Some(a) if branch => RelocTarget::Abs(a),
                _ => RelocTarget::Label(l),
            },
            Target::Addr(a) => RelocTarget::Abs(a),
        }
    }
}

/// Where a hole value goes in the operands of [`Assembler::emit_patched`]: the register number
/// of operand `k`, its memory base or index, its immediate, or its displacement (added).
#[doc(hidden)]
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Patch {
    Reg(u8),
    Base(u8),
    Index(u8),
    Imm(u8),
    Disp(u8),
}

/// An instruction with register, immediate or address holes as the macro knows it, for the
/// generic path ([`Assembler::emit_patched`]): a constant, so generated code passes a static.
#[doc(hidden)]
#[derive(Copy, Clone, Debug)]
pub struct Generic {
    pub prefix: Option<Prefix>,
    pub form: FormId,
    /// Whether no run-time value can move it to another row (see `matcher::fixed_at_compile_time`).
    pub fixed: bool,
    /// The operands, holes as placeholders.
    pub ops: &'static [Operand],
    /// Where the hole values go.
    pub patches: &'static [Patch],
    pub text: &'static str,
}

impl Assembler {
    /// The generic path for an instruction with register, immediate or address holes: the
    /// operands of `g` with the hole values (`regs` and `imms`, in the order of its patches)
    /// filled in, re-matched (unless fixed) and encoded. Code generated by `x86!` calls this
    /// where no compiled form applies or a value takes none.
    #[doc(hidden)]
    #[inline(never)]
    pub fn emit_patched(&mut self, g: &Generic, regs: &[u8], imms: &[i128]) {
        let Generic { prefix, form, fixed, ops, patches, text } = *g;
        let mut buf = [Operand::Imm(0); 8];
        let n = ops.len().min(buf.len());
        buf[..n].copy_from_slice(&ops[..n]);
        let (mut r, mut v) = (regs.iter().copied(), imms.iter().copied());
        for p in patches {
            let (Patch::Reg(k) | Patch::Base(k) | Patch::Index(k) | Patch::Imm(k) | Patch::Disp(k)) = *p;
            let Some(o) = buf.get_mut(k as usize) else { continue };
            match (p, o) {
                (Patch::Reg(_), Operand::Reg(x)) => x.num = r.next().unwrap_or(0),
                (Patch::Base(_), Operand::Mem(m)) => {
                    m.base = m.base.map(|b| Reg::new(b.class, r.next().unwrap_or(0)))
                }
                (Patch::Index(_), Operand::Mem(m)) => {
                    m.index = m.index.map(|x| Reg::new(x.class, r.next().unwrap_or(0)))
                }
                (Patch::Imm(_), o) => *o = Operand::Imm(v.next().unwrap_or(0)),
                (Patch::Disp(_), Operand::Mem(m)) => {
                    // A value beyond 64 bits saturates, and is then refused as beyond 32 bits.
                    let d = v.next().unwrap_or(0).clamp(i64::MIN as i128, i64::MAX as i128) as i64;
                    m.disp = m.disp.saturating_add(d);
                }
                _ => {}
            }
        }
        if fixed {
            self.emit_form_fixed(prefix, form, &mut buf[..n], text);
        } else {
            self.emit_form(prefix, form, &mut buf[..n], text);
        }
    }
}

/// How many of the latest fixups binding a label looks at (see `settle_fixes`).
const SETTLE_SCAN: usize = 8;

impl Assembler {
    /// The offset of `label` if it is bound in this code with no layout item (relaxable branch,
    /// alignment) after it: then the distance from the end of the code to it is final.
    #[inline]
    pub(super) fn settled(&self, label: Label) -> Option<usize> {
        let m = self.labels.mark(label.0 as usize)?;
        (m.item == self.items.len()).then_some(m.pos)
    }

    /// Appends a relaxable branch with its `short` form (rel8 last) and `near` form (rel32 last).
    /// A branch back to a settled label (a loop) is final already: its shortest form that
    /// reaches is written now, as relaxation would choose it. Any other becomes a layout item.
    #[inline]
    pub(super) fn branch(&mut self, short: Bytes, near: Option<Bytes>, label: Label, mnemonic: &'static str) {
        let n = near.as_ref().map_or(&[][..], |b| b.as_slice());
        if !self.settled_branch(short.as_slice(), n, label) {
            self.items
                .push(Item { pos: self.code.len(), kind: ItemKind::Branch { short, near, label, mnemonic } });
        }
    }

    /// Writes a branch to a settled label in its final form (`short` if the rel8 reaches, else
    /// `near` unless empty); `false`, having written nothing, otherwise.
    #[inline]
    fn settled_branch(&mut self, short: &[u8], near: &[u8], label: Label) -> bool {
        let Some(pos) = self.settled(label) else { return false };
        let end = self.code.len() + short.len();
        if let Ok(d) = i8::try_from(pos as i64 - end as i64) {
            put_small(&mut self.code, short);
            self.code[end - 1] = d as u8;
            return true;
        }
        let end = self.code.len() + near.len();
        match i32::try_from(pos as i64 - end as i64) {
            Ok(d) if !near.is_empty() => {
                put_small(&mut self.code, near);
                self.code[end - 4..end].copy_from_slice(&d.to_le_bytes());
                true
            }
            _ => false,
        }
    }

    /// Records a field relative to the instruction's end (`end`) that points at `target` plus
    /// `addend`; a 4-byte field to a settled label is written now instead.
    #[inline]
    pub(super) fn rel_fix(&mut self, at: Mark, width: u8, end: usize, target: RelocTarget, addend: i64) {
        if let (RelocTarget::Label(l), 4) = (target, width) {
            if let Some(pos) = self.settled(l) {
                if let Ok(d) = i32::try_from(pos as i64 + addend - end as i64) {
                    self.code[at.pos..at.pos + 4].copy_from_slice(&d.to_le_bytes());
                    return;
                }
            }
        }
        self.unsettled_fix(at, width, end, target, addend);
    }

    /// Records a field that cannot be written yet: the first 4-byte field to an unbound label
    /// in its slot (no fixup; see [`LabelState::Wanted`]), any other as a fixup.
    #[inline]
    pub(super) fn unsettled_fix(
        &mut self,
        at: Mark,
        width: u8,
        end: usize,
        target: RelocTarget,
        addend: i64,
    ) {
        if let (RelocTarget::Label(l), 4) = (target, width) {
            let back = i32::try_from(addend - (end - at.pos) as i64);
            let (pos, item) = (u32::try_from(at.pos), u32::try_from(at.item));
            if let (Some(slot), Ok(back), Ok(pos), Ok(item)) =
                (self.labels.get_mut(l.0 as usize), back, pos, item)
            {
                if let LabelState::Unbound = slot.state {
                    slot.state = LabelState::Wanted { at: pos, item, back };
                    self.wanted += 1;
                    return;
                }
            }
        }
        self.fixes.push(Fix { at, width, end, kind: FixKind::Rel { target, addend } });
    }

    /// Binding `label` at `mark`, which had the field at `at` of item `item` waiting: written
    /// now if nothing relaxable lies between, else left to the layout as a fixup.
    #[inline]
    pub(super) fn settle_wanted(&mut self, label: Label, mark: Mark, at: u32, item: u32, back: i32) {
        self.wanted -= 1;
        let (at, item) = (at as usize, item as usize);
        if item == mark.item {
            if let (Ok(d), Some(field)) =
                (i32::try_from(mark.pos as i64 - at as i64 + back as i64), self.code.get_mut(at..at + 4))
            {
                field.copy_from_slice(&d.to_le_bytes());
                return;
            }
        }
        self.wanted_fix(label, at, item, back);
    }

    /// The waiting field of a label bound past a layout item (or out of rel32 reach) as a
    /// fixup.
    #[cold]
    #[inline(never)]
    fn wanted_fix(&mut self, label: Label, at: usize, item: usize, back: i32) {
        // The field's end is taken as `at + 4`, the addend adjusted to match.
        let kind = FixKind::Rel { target: RelocTarget::Label(label), addend: back as i64 + 4 };
        self.fixes.push(Fix { at: Mark { pos: at, item }, width: 4, end: at + 4, kind });
    }

    /// Writes now the 4-byte fields to `label`, just bound, of the last few fixups (at most
    /// [`SETTLE_SCAN`]) recorded since the last layout item: their distance to it is final. The
    /// bound keeps binding O(1); fixups further back stay for the layout.
    #[inline]
    pub(super) fn settle_fixes(&mut self, label: Label) {
        let n = self.items.len();
        if self.fixes.last().is_none_or(|f| f.at.item != n) {
            return;
        }
        self.settle_tail(label, n);
    }

    #[inline(never)]
    fn settle_tail(&mut self, label: Label, n: usize) {
        let Some(pos) = self.settled(label) else { return };
        let stop = self.fixes.len().saturating_sub(SETTLE_SCAN);
        let mut k = self.fixes.len();
        while k > stop && self.fixes[k - 1].at.item == n {
            k -= 1;
            let f = &self.fixes[k];
            if let (FixKind::Rel { target: RelocTarget::Label(l), addend }, 4) = (&f.kind, f.width) {
                if *l == label {
                    if let Ok(d) = i32::try_from(pos as i64 + addend - f.end as i64) {
                        let at = f.at.pos;
                        self.code[at..at + 4].copy_from_slice(&d.to_le_bytes());
                        // Every fixup after `k` is of this item too, so order within the tail is free.
                        self.fixes.swap_remove(k);
                    }
                }
            }
        }
    }
}

/// Appends a short byte string (an instruction) without a call to `memcpy`.
#[inline]
fn put_small(code: &mut Vec<u8>, b: &[u8]) {
    if b.len() <= 16 {
        code.reserve(16);
        for &x in b {
            code.push(x);
        }
    } else {
        code.extend_from_slice(b);
    }
}

/// The rel32 row a relaxable branch `form` grows into, with its operands `ops` (the branch
/// target at `i` made near): the first row of the mnemonic that takes them with a rel32 there.
pub fn near_sibling(form: &'static Form, ops: &[Operand], i: usize) -> Option<&'static Form> {
    isa::group_of(form).iter().find(|f| {
        f.operands.len() == ops.len()
            && f.operands[i].0 == Kind::Rel32
            && f.operands.iter().zip(ops).all(|((k, _), o)| matcher::accepts(f, *k, o))
    })
}

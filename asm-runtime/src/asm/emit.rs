//! The entry points of code the `x86!` macro compiled: an instruction filled in from a template,
//! a branch or a label reference whose bytes were encoded at compile time. None of them
//! matches or encodes; each is a copy plus, for labels, one layout item or one fixup.

use super::*;
use crate::enc::spec::Spec;

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

    /// Appends an instruction the macro compiled into a template and filled in (see
    /// [`enc::spec`]); `text` is its source for the listing.
    #[doc(hidden)]
    #[inline]
    pub fn emit_spec(&mut self, w: &Spec, text: &'static str) {
        let start = self.mark();
        // A copy of all 16 bytes of a fixed size is a single store; the length is cut back after.
        self.code.extend_from_slice(w.buffer());
        self.code.truncate(start.pos + w.as_slice().len());
        if self.listing.is_some() {
            self.record(start, text);
        }
    }

    /// Appends a relaxable branch to `label` whose short form (rel8 last, zero) and near form
    /// (rel32 last, zero; empty when the mnemonic has none or the size was forced) the macro
    /// encoded. Returns `false`, having done nothing, when `label` is bound in committed code:
    /// then the branch goes to an absolute address, and the caller takes the generic path.
    #[doc(hidden)]
    #[inline]
    pub fn emit_branch(
        &mut self,
        short: &[u8],
        near: &[u8],
        label: Label,
        mnemonic: &'static str,
        text: &'static str,
    ) -> bool {
        if matches!(self.labels.get(label.0 as usize), Some(LabelSlot { state: LabelState::Abs(_), .. })) {
            return false;
        }
        let start = self.mark();
        let near = if near.is_empty() { None } else { Some(Bytes::new(near)) };
        self.items.push(Item {
            pos: self.code.len(),
            kind: ItemKind::Branch { short: Bytes::new(short), near, label, mnemonic },
        });
        if self.listing.is_some() {
            self.record(start, text);
        }
        true
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
        let target = match target {
            Target::Label(l) => match self.abs_label(l) {
                Some(a) if branch => RelocTarget::Abs(a),
                _ => RelocTarget::Label(l),
            },
            Target::Addr(a) => RelocTarget::Abs(a),
        };
        let start = self.mark();
        self.code.extend_from_slice(bytes);
        let end = self.code.len();
        self.fixes.push(Fix {
            at: Mark { pos: start.pos + at, item: start.item },
            width: 4,
            end,
            kind: FixKind::Rel { target, addend },
        });
        if self.listing.is_some() {
            self.record(start, text);
        }
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

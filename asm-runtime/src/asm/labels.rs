//! Labels: creating, naming, binding (settling the fields that wait for them).

use super::*;

impl Assembler {
    /// A new, unbound label.
    #[inline]
    pub fn new_label(&mut self) -> Label {
        self.labels.push(LabelSlot { state: LabelState::Unbound });
        Label((self.labels.len() - 1) as u32)
    }

    #[inline]
    pub(super) fn named_label(&mut self, name: Cow<'static, str>) -> Label {
        let l = self.new_label();
        self.label_names.push((l.0, name));
        l
    }

    /// A new, unbound label with a name for error messages (used for `x86!` local labels).
    #[doc(hidden)]
    #[inline]
    pub fn new_label_named(&mut self, name: &'static str) -> Label {
        self.named_label(Cow::Borrowed(name))
    }

    /// The label called `name` shared by every `x86!` invocation on this assembler (`@name`).
    pub fn global_label(&mut self, name: &str) -> Label {
        if let Some(l) = self.globals.get(name) {
            return *l;
        }
        let l = self.named_label(Cow::Owned(format!("@{name}")));
        self.globals.insert(name.to_string(), l);
        l
    }

    /// Binds `label` to the current position. Binding a label twice is an error (reported
    /// by `finalize`).
    #[inline]
    pub fn bind(&mut self, label: Label) {
        if !self.bind_here(label) {
            let e = self.bind_error(label);
            self.fail(e);
        }
    }

    pub(super) fn try_bind(&mut self, label: Label) -> Result<(), AsmError> {
        if self.bind_here(label) {
            Ok(())
        } else {
            Err(self.bind_error(label))
        }
    }

    /// Binds `label` here; `false` (and nothing done) if it is bound already or unknown.
    #[inline(always)]
    pub(super) fn bind_here(&mut self, label: Label) -> bool {
        let mark = self.mark();
        let Some(slot) = self.labels.get_mut(label.0 as usize) else { return false };
        match slot.state {
            LabelState::Unbound => slot.state.set_code(mark),
            LabelState::Wanted { at, item, back } => {
                slot.state.set_code(mark);
                self.settle_wanted(label, mark, at, item, back);
            }
            _ => return false,
        }
        // Fixups of this item to settle, or the listing: out of the common path.
        if self.fixes.last().is_some_and(|f| f.at.item == mark.item) || self.listing.is_some() {
            self.bound_rest(label, mark);
        }
        true
    }

    /// The rest of binding `label` at `mark`: the latest fixups to it, the listing's line.
    #[inline(never)]
    pub(super) fn bound_rest(&mut self, label: Label, mark: Mark) {
        self.settle_fixes(label);
        if self.listing.is_some() {
            self.record_label(mark, label);
        }
    }

    #[cold]
    pub(super) fn bind_error(&self, label: Label) -> AsmError {
        match self.labels.get(label.0 as usize) {
            Some(_) => AsmError::DuplicateLabel { name: self.label_name(label) },
            None => AsmError::UndefinedLabel { name: self.label_name(label) },
        }
    }

    #[cold]
    pub(super) fn record_label(&mut self, mark: Mark, label: Label) {
        let name = self.label_name(label);
        self.record(mark, format!("{name}:"));
    }

    pub(super) fn abs_label(&self, l: Label) -> Option<u64> {
        match self.labels.get(l.0 as usize).map(|s| &s.state) {
            Some(LabelState::Abs(a)) => Some(*a),
            _ => None,
        }
    }

    pub(super) fn label_name(&self, l: Label) -> String {
        match self.label_names.binary_search_by_key(&l.0, |(k, _)| *k) {
            Ok(i) => self.label_names[i].1.to_string(),
            Err(_) => format!("<label #{}>", l.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_slot_is_16_bytes_and_keeps_any_mark() {
        assert_eq!(std::mem::size_of::<LabelSlot>(), 16);
        let far = u32::MAX as usize + 7;
        for m in [
            Mark { pos: 0, item: 0 },
            Mark { pos: usize::MAX, item: u32::MAX as usize },
            Mark { pos: 3, item: far },
        ] {
            let mut s = LabelState::Unbound;
            s.set_code(m);
            assert_eq!(s.code_mark(), Some(m));
            assert_eq!(matches!(s, LabelState::CodeFar(_)), m.item == far);
        }
        assert_eq!(LabelState::Unbound.code_mark(), None);
    }
}

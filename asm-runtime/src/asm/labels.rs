//! Labels: creating, naming, binding (settling the fields that wait for them).

use super::*;

/// Label slots per chunk of [`Slots`] (64 KiB of slots).
const CHUNK_BITS: u32 = 12;
const CHUNK: usize = 1 << CHUNK_BITS;

/// The label slots, by label index: the first [`CHUNK`] in a vector that grows as usual (a
/// small assembly holds one small allocation and pays one comparison more than a plain
/// vector), the rest in chunks of [`CHUNK`] allocated full size, so that growing never copies
/// the slots already there (with a million dynamic labels, regrowing one vector copied and
/// first touched twice the pages it kept). Clearing keeps the chunks for the next assembly.
#[derive(Debug, Default)]
pub(super) struct Slots {
    first: Vec<LabelSlot>,
    rest: Vec<Vec<LabelSlot>>,
    /// Cleared chunks, for reuse.
    spare: Vec<Vec<LabelSlot>>,
    /// Marks of labels bound past the 2^32nd layout item ([`LabelState::CodeFar`]).
    far: Vec<Mark>,
}

impl Slots {
    /// Room for `n` labels (at most one chunk) before the first allocation.
    pub(super) fn with_capacity(n: usize) -> Slots {
        Slots { first: Vec::with_capacity(n.min(CHUNK)), ..Slots::default() }
    }

    #[cfg_attr(not(feature = "exec"), allow(dead_code))]
    pub(super) fn len(&self) -> usize {
        // Every chunk but the last is full.
        self.first.len() + self.rest.last().map_or(0, |c| (self.rest.len() - 1) * CHUNK + c.len())
    }

    /// Appends `slot` and returns its index.
    #[inline(always)]
    pub(super) fn push(&mut self, slot: LabelSlot) -> usize {
        let i = self.first.len();
        if i < CHUNK {
            self.first.push(slot);
            i
        } else {
            self.push_rest(slot)
        }
    }

    #[inline]
    fn push_rest(&mut self, slot: LabelSlot) -> usize {
        let chunks = self.rest.len();
        match self.rest.last_mut() {
            Some(c) if c.len() < CHUNK => {
                // `first` is chunk 0, `rest[k]` chunk `k + 1`.
                let i = chunks * CHUNK + c.len();
                c.push(slot);
                i
            }
            _ => self.push_chunk(slot),
        }
    }

    #[cold]
    #[inline(never)]
    fn push_chunk(&mut self, slot: LabelSlot) -> usize {
        let mut c = self.spare.pop().unwrap_or_else(|| Vec::with_capacity(CHUNK));
        c.push(slot);
        self.rest.push(c);
        self.rest.len() * CHUNK
    }

    #[inline(always)]
    pub(super) fn get(&self, i: usize) -> Option<&LabelSlot> {
        match self.first.get(i) {
            Some(s) => Some(s),
            None => self.get_rest(i),
        }
    }

    fn get_rest(&self, i: usize) -> Option<&LabelSlot> {
        self.rest.get((i >> CHUNK_BITS).checked_sub(1)?)?.get(i & (CHUNK - 1))
    }

    #[inline(always)]
    pub(super) fn get_mut(&mut self, i: usize) -> Option<&mut LabelSlot> {
        if i < self.first.len() {
            self.first.get_mut(i)
        } else {
            self.get_rest_mut(i)
        }
    }

    fn get_rest_mut(&mut self, i: usize) -> Option<&mut LabelSlot> {
        self.rest.get_mut((i >> CHUNK_BITS).checked_sub(1)?)?.get_mut(i & (CHUNK - 1))
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &LabelSlot> {
        self.first.iter().chain(self.rest.iter().flatten())
    }

    #[cfg_attr(not(feature = "exec"), allow(dead_code))]
    pub(super) fn iter_mut(&mut self) -> impl Iterator<Item = &mut LabelSlot> {
        self.first.iter_mut().chain(self.rest.iter_mut().flatten())
    }

    /// Binds label `i` at `m`, a mark past the 2^32nd layout item.
    #[cold]
    #[inline(never)]
    pub(super) fn set_far(&mut self, i: usize, m: Mark) {
        let k = self.far.len();
        if let Some(s) = self.get_mut(i) {
            s.state = LabelState::CodeFar(k);
            self.far.push(m);
        }
    }

    /// The far marks, for [`LabelState::code_mark`].
    pub(super) fn far(&self) -> &[Mark] {
        &self.far
    }

    /// Where label `i` is bound in this code, if it is.
    #[inline(always)]
    pub(super) fn mark(&self, i: usize) -> Option<Mark> {
        self.get(i)?.state.code_mark(&self.far)
    }

    /// No labels; the chunks are kept for reuse.
    #[cfg_attr(not(feature = "exec"), allow(dead_code))]
    pub(super) fn clear(&mut self) {
        self.far.clear();
        self.first.clear();
        for mut c in self.rest.drain(..) {
            c.clear();
            self.spare.push(c);
        }
    }
}

impl Assembler {
    /// A new, unbound label.
    #[inline]
    pub fn new_label(&mut self) -> Label {
        Label(self.labels.push(LabelSlot { state: LabelState::Unbound }) as u32)
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
    ///
    /// Out of line: generated code binds labels at every dynamic label and at every local
    /// label of a block with run-time operands, and the call costs less than the code.
    #[inline(never)]
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
        let i = label.0 as usize;
        let Some(slot) = self.labels.get_mut(i) else { return false };
        match slot.state {
            LabelState::Unbound => {
                if !slot.state.set_code(mark) {
                    self.labels.set_far(i, mark);
                }
            }
            LabelState::Wanted { at, item, back } => {
                if !slot.state.set_code(mark) {
                    self.labels.set_far(i, mark);
                }
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
            let mut s = Slots::default();
            let i = s.push(LabelSlot { state: LabelState::Unbound });
            assert_eq!(s.mark(i), None);
            if let Some(slot) = s.get_mut(i) {
                if !slot.state.set_code(m) {
                    s.set_far(i, m);
                }
            }
            assert_eq!(s.mark(i), Some(m));
            assert_eq!(matches!(s.get(i).map(|x| x.state), Some(LabelState::CodeFar(_))), m.item == far);
        }
        assert_eq!(LabelState::Unbound.code_mark(&[]), None);
    }

    #[test]
    fn slots_keep_every_label_across_chunks_and_clearing() {
        let mut s = Slots::with_capacity(4);
        for round in 0..2 {
            for i in 0..3 * CHUNK + 5 {
                assert_eq!(s.push(LabelSlot { state: LabelState::Pool(i + round) }), i);
            }
            assert_eq!(s.len(), 3 * CHUNK + 5);
            for i in [0, 3, CHUNK - 1, CHUNK, 2 * CHUNK + 1, 3 * CHUNK + 4] {
                assert!(matches!(s.get(i).map(|x| &x.state), Some(LabelState::Pool(p)) if *p == i + round));
            }
            assert!(s.get(3 * CHUNK + 5).is_none());
            assert_eq!(s.iter().count(), s.len());
            if let Some(x) = s.get_mut(CHUNK + 2) {
                x.state = LabelState::Abs(9);
            }
            assert!(matches!(s.iter().nth(CHUNK + 2).map(|x| &x.state), Some(LabelState::Abs(9))));
            s.clear();
            assert_eq!((s.len(), s.iter().count(), s.spare.len()), (0, 0, 3));
            assert!(s.get(0).is_none());
        }
    }
}

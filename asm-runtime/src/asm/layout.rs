//! Layout: branch relaxation, constant pool and far-call stub placement, relocation, listings.

use super::*;

impl Assembler {
    /// True when the code needs no absolute address (no `dq label`, no calls to absolute
    /// targets), so its bytes do not depend on where it is loaded.
    pub fn is_position_independent(&self) -> bool {
        self.fixes
            .iter()
            .all(|f| !matches!(f.kind, FixKind::Rel { target: RelocTarget::Abs(_), .. } | FixKind::Abs64(_)))
    }

    /// Lays the code out as if loaded at `base` and returns the bytes and the listing.
    ///
    /// This does not allocate executable memory; it is what `x86asm` and tests use.
    pub fn assemble_at(&self, base: u64) -> Result<Assembled, AsmError> {
        let layout = self.layout()?;
        let mut out = Vec::with_capacity(layout.total);
        self.write(&layout, base, &mut out)?;
        Ok(Assembled {
            listing: self.listing_lines(&layout),
            labels: self
                .labels
                .iter()
                .map(|s| match &s.state {
                    LabelState::Pool(i) => layout.pool_off.get(*i).copied(),
                    state => state.code_mark(self.labels.far()).map(|m| layout.at(m)),
                })
                .collect(),
            bytes: out,
        })
    }

    /// Lays the code out as if loaded at `base` into `out` (emptied first), keeping the
    /// assembler: the `bytes` of [`assemble_at`](Self::assemble_at) without its listing and label
    /// offsets, in a buffer the caller reuses, so a JIT that builds function after function
    /// with one assembler ([`clear`](Self::clear) between them) allocates nothing for the bytes
    /// once `out` has grown.
    ///
    /// ```
    /// use asm_runtime::Assembler;
    /// let (mut a, mut out) = (Assembler::new(), Vec::new());
    /// for k in 0..3 {
    ///     a.clear();
    ///     a.assemble_text(&format!("mov eax, {k}\njmp done\nnop\ndone: ret")).unwrap();
    ///     a.assemble_into(0x1000, &mut out).unwrap();
    ///     assert_eq!(out, a.assemble_at(0x1000).unwrap().bytes);
    /// }
    /// ```
    pub fn assemble_into(&self, base: u64, out: &mut Vec<u8>) -> Result<(), AsmError> {
        let layout = self.layout()?;
        out.clear();
        out.reserve(layout.total);
        self.write(&layout, base, out)
    }

    /// Lays the code out as if loaded at `base` and returns its bytes, consuming the assembler:
    /// the `bytes` of [`assemble_at`](Self::assemble_at) (without its listing and label
    /// offsets), and when no branch needed relaxing the code buffer itself, not a copy.
    ///
    /// ```
    /// use asm_runtime::Assembler;
    /// let mut a = Assembler::new();
    /// a.assemble_text("mov eax, 1\ncall f\njmp f\nf: ret").unwrap();
    /// let want = a.assemble_at(0x1000).unwrap().bytes;
    /// assert_eq!(a.into_bytes(0x1000).unwrap(), want);
    /// ```
    pub fn into_bytes(mut self, base: u64) -> Result<Vec<u8>, AsmError> {
        let layout = self.layout()?;
        let mut out = if self.items.is_empty() {
            std::mem::take(&mut self.code)
        } else {
            let mut out = Vec::with_capacity(layout.total);
            self.write_code(&layout, &mut out)?;
            out
        };
        out.reserve(layout.total.saturating_sub(out.len()));
        self.write_tail(&layout, base, &mut out)?;
        Ok(out)
    }

    /// The address of a label bound in committed code.
    pub fn committed_addr(&self, label: Label) -> Option<u64> {
        self.abs_label(label)
    }

    pub(super) fn layout(&self) -> Result<Layout, AsmError> {
        if let Some(e) = &self.error {
            return Err(clone_err(e));
        }
        if self.wanted > 0 {
            // A field waits in a label's slot: the label was never bound.
            let l = self.labels.iter().position(|s| matches!(s.state, LabelState::Wanted { .. }));
            return Err(AsmError::UndefinedLabel { name: self.label_name(Label(l.unwrap_or(0) as u32)) });
        }
        let n = self.items.len();
        // Which branches are short. Items with a near form start short and may grow.
        let mut short: Vec<bool> =
            self.items.iter().map(|it| matches!(it.kind, ItemKind::Branch { .. })).collect();
        // With no item nothing moves: `extra` stays empty (read as zeros), no allocation.
        let mut extra = if n == 0 { Vec::new() } else { vec![0usize; n + 1] };
        let mut item_off = vec![0usize; n];
        loop {
            let mut acc = 0usize;
            for (i, it) in self.items.iter().enumerate() {
                let off = it.pos + acc;
                item_off[i] = off;
                let size = match &it.kind {
                    ItemKind::Branch { short: s, near, .. } => {
                        if short[i] {
                            s.len as usize
                        } else {
                            near.map_or(s.len as usize, |b| b.len as usize)
                        }
                    }
                    ItemKind::Align { align, max, .. } => {
                        let pad = off.wrapping_neg() & (*align as usize - 1);
                        if pad as u64 > *max {
                            0
                        } else {
                            pad
                        }
                    }
                };
                acc += size;
                extra[i + 1] = acc;
            }
            let mut changed = false;
            for (i, it) in self.items.iter().enumerate() {
                if let ItemKind::Branch { short: s, near: Some(_), label, .. } = &it.kind {
                    if short[i] {
                        let target = self.code_label_offset(*label, &extra)?;
                        let disp = target as i64 - (item_off[i] + s.len as usize) as i64;
                        if i8::try_from(disp).is_err() {
                            short[i] = false;
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let code_len = self.code.len() + extra.get(n).copied().unwrap_or(0);
        // Constant pool after the code, each entry at its alignment.
        let mut pool_off = Vec::with_capacity(self.pool.len());
        let mut off = code_len;
        for e in &self.pool {
            off = off.next_multiple_of(e.align);
            pool_off.push(off);
            off += e.bytes.len();
        }
        // One far-call stub per distinct absolute target (used only if the target is far).
        let mut stubs: Vec<u64> = Vec::new();
        for f in &self.fixes {
            if let FixKind::Rel { target: RelocTarget::Abs(a), .. } = f.kind {
                if !stubs.contains(&a) {
                    stubs.push(a);
                }
            }
        }
        let stub_base = off.next_multiple_of(8);
        let total = if stubs.is_empty() { off } else { stub_base + stubs.len() * STUB_LEN };
        Ok(Layout { short, extra, item_off, code_len, pool_off, stubs, stub_base, total })
    }

    fn code_label_offset(&self, l: Label, extra: &[usize]) -> Result<usize, AsmError> {
        let state = self.labels.get(l.0 as usize).map(|s| &s.state);
        if let Some(m) = state.and_then(|s| s.code_mark(self.labels.far())) {
            return Ok(m.pos + extra.get(m.item).copied().unwrap_or(0));
        }
        match state {
            Some(LabelState::Pool(_) | LabelState::Abs(_)) => {
                // Pool entries sit after the code and committed code is elsewhere; during
                // relaxation treat them as far away.
                Ok(usize::MAX / 4)
            }
            _ => Err(AsmError::UndefinedLabel { name: self.label_name(l) }),
        }
    }

    pub(super) fn label_offset(&self, layout: &Layout, l: Label) -> Result<usize, AsmError> {
        let state = self.labels.get(l.0 as usize).map(|s| &s.state);
        if let Some(m) = state.and_then(|s| s.code_mark(self.labels.far())) {
            return Ok(layout.at(m));
        }
        match state {
            Some(LabelState::Pool(i)) => Ok(layout.pool_off[*i]),
            _ => Err(AsmError::UndefinedLabel { name: self.label_name(l) }),
        }
    }

    /// The address of a label once the code is at `base`.
    fn label_addr(&self, layout: &Layout, base: u64, l: Label) -> Result<u64, AsmError> {
        match self.abs_label(l) {
            Some(a) => Ok(a),
            None => Ok(base.wrapping_add(self.label_offset(layout, l)? as u64)),
        }
    }

    pub(super) fn write(&self, layout: &Layout, base: u64, out: &mut Vec<u8>) -> Result<(), AsmError> {
        self.write_code(layout, out)?;
        self.write_tail(layout, base, out)
    }

    /// The code with its relaxable branches and alignments in their final sizes.
    fn write_code(&self, layout: &Layout, out: &mut Vec<u8>) -> Result<(), AsmError> {
        let mut prev = 0;
        for (i, it) in self.items.iter().enumerate() {
            out.extend_from_slice(&self.code[prev..it.pos]);
            prev = it.pos;
            match &it.kind {
                ItemKind::Branch { short, near, label, mnemonic } => {
                    let bytes = if layout.short[i] { short } else { near.as_ref().unwrap_or(short) };
                    out.extend_from_slice(bytes.as_slice());
                    let end = out.len();
                    let target = self.label_offset(layout, *label)?;
                    let disp = target as i64 - end as i64;
                    if layout.short[i] {
                        let d = i8::try_from(disp).map_err(|_| AsmError::BranchOutOfRange {
                            mnemonic: mnemonic.to_string(),
                            label: self.label_name(*label),
                            distance: disp,
                            bits: 8,
                        })?;
                        out[end - 1] = d as u8;
                    } else {
                        let d = i32::try_from(disp).map_err(|_| AsmError::BranchOutOfRange {
                            mnemonic: mnemonic.to_string(),
                            label: self.label_name(*label),
                            distance: disp,
                            bits: 32,
                        })?;
                        out[end - 4..end].copy_from_slice(&d.to_le_bytes());
                    }
                }
                ItemKind::Align { fill, .. } => {
                    let pad = layout.extra[i + 1] - layout.extra[i];
                    match fill {
                        Some(b) => out.resize(out.len() + pad, *b),
                        None => push_nops(out, pad),
                    }
                }
            }
        }
        out.extend_from_slice(&self.code[prev..]);
        Ok(())
    }

    /// After the code (`out`): the constant pool and far-call stubs, then every fixup.
    fn write_tail(&self, layout: &Layout, base: u64, out: &mut Vec<u8>) -> Result<(), AsmError> {
        for (e, off) in self.pool.iter().zip(&layout.pool_off) {
            out.resize(*off, 0);
            out.extend_from_slice(&e.bytes);
        }
        if !layout.stubs.is_empty() {
            out.resize(layout.stub_base, 0xCC);
            for a in &layout.stubs {
                // jmp qword ptr [rip + 0]; dq a
                out.extend_from_slice(&[0xFF, 0x25, 0, 0, 0, 0]);
                out.extend_from_slice(&a.to_le_bytes());
            }
        }
        for f in &self.fixes {
            let at = layout.at(f.at);
            let end = f.end + layout.extra(f.at.item);
            let value: i64 = match &f.kind {
                FixKind::Rel { target: RelocTarget::Label(l), addend } => {
                    let here = base.wrapping_add(end as u64);
                    (self.label_addr(layout, base, *l)?.wrapping_add(*addend as u64)).wrapping_sub(here)
                        as i64
                }
                FixKind::Rel { target: RelocTarget::Abs(a), addend } => {
                    let here = base.wrapping_add(end as u64);
                    let direct = (a.wrapping_add(*addend as u64)).wrapping_sub(here) as i64;
                    if i32::try_from(direct).is_ok() {
                        direct
                    } else {
                        let k = layout.stubs.iter().position(|s| s == a).unwrap_or(0);
                        (layout.stub_base + k * STUB_LEN) as i64 - end as i64
                    }
                }
                FixKind::Abs64(l) => self.label_addr(layout, base, *l)? as i64,
                FixKind::Diff(a, b) => (self.label_addr(layout, base, *a)?)
                    .wrapping_sub(self.label_addr(layout, base, *b)?)
                    as i64,
            };
            let fits = match f.width {
                1 => i8::try_from(value).is_ok(),
                2 => i16::try_from(value).is_ok(),
                4 => i32::try_from(value).is_ok(),
                _ => true,
            };
            if !fits {
                let label = match &f.kind {
                    FixKind::Rel { target: RelocTarget::Label(l), .. } | FixKind::Abs64(l) => {
                        self.label_name(*l)
                    }
                    FixKind::Diff(a, b) => format!("{} - {}", self.label_name(*a), self.label_name(*b)),
                    FixKind::Rel { target: RelocTarget::Abs(a), .. } => format!("{a:#x}"),
                };
                return Err(AsmError::BranchOutOfRange {
                    mnemonic: "reference".into(),
                    label,
                    distance: value,
                    bits: f.width as u32 * 8,
                });
            }
            out[at..at + f.width as usize].copy_from_slice(&value.to_le_bytes()[..f.width as usize]);
        }
        Ok(())
    }

    pub(super) fn listing_lines(&self, layout: &Layout) -> Vec<ListLine> {
        let Some(recs) = &self.listing else { return Vec::new() };
        recs.iter()
            .map(|r| {
                let s = layout.at(r.start);
                let e = layout.at(r.end);
                ListLine { offset: s, len: e.saturating_sub(s), text: r.text.to_string() }
            })
            .collect()
    }
}

pub(super) struct Layout {
    short: Vec<bool>,
    extra: Vec<usize>,
    #[allow(dead_code)]
    item_off: Vec<usize>,
    #[allow(dead_code)]
    code_len: usize,
    pool_off: Vec<usize>,
    pub(super) stubs: Vec<u64>,
    stub_base: usize,
    pub(super) total: usize,
}

impl Layout {
    fn at(&self, m: Mark) -> usize {
        m.pos + self.extra(m.item)
    }

    /// How far the code from item `item` on moved (0 when there are no items).
    fn extra(&self, item: usize) -> usize {
        self.extra.get(item).copied().unwrap_or(0)
    }
}

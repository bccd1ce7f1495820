//! Finalizing: laid-out code into executable memory ([`ExecBuffer`]), incremental commits.

use super::*;
use crate::exec::{BufferMeta, ExecBuffer, JitBlock, Placement};

impl Assembler {
    /// Lays out, relaxes and relocates the code into fresh executable memory (W^X: written
    /// through a read-write view, run through a read-execute one).
    pub fn finalize(mut self) -> Result<ExecBuffer, AsmError> {
        self.commit()
    }

    /// Finalizes the code emitted so far into its own [`ExecBuffer`] and keeps assembling.
    ///
    /// Labels bound in committed code stay usable: later code may `call`/`jmp` to them or
    /// address them `[rip + label]` (the next commit is allocated near the previous one so
    /// these stay `rel32`; a far call goes through a stub). Earlier buffers and their entry
    /// points remain valid. A branch from committed code to a label that was not yet bound is
    /// an error, because committed code cannot change.
    pub fn commit(&mut self) -> Result<ExecBuffer, AsmError> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let layout = self.layout()?;
        let near = self.near.or_else(|| layout.stubs.first().copied());
        // Named code is meant for debuggers and profilers, which need private anonymous pages.
        let placement = if self.name.is_some() { Placement::Private } else { Placement::Pooled };
        let block = JitBlock::new_placed(layout.total.max(1), near, placement, |base, buf: &mut [u8]| {
            let mut out = Vec::with_capacity(layout.total);
            self.write(&layout, base, &mut out)?;
            if out.is_empty() {
                out.push(0xCC);
            }
            buf[..out.len()].copy_from_slice(&out);
            Ok::<(), AsmError>(())
        })?;
        let base = block.addr();
        let labels: Vec<Option<usize>> =
            (0..self.labels.len()).map(|i| self.label_offset(&layout, Label(i as u32)).ok()).collect();
        let globals = self
            .globals
            .iter()
            .filter_map(|(n, l)| labels.get(l.0 as usize).copied().flatten().map(|o| (n.clone(), o)))
            .collect();
        let listing = self.listing_lines(&layout);
        let debug = self.name.as_deref().map(|n| crate::exec::debug::register_gdb(n, base, block.len()));
        if let Some(n) = &self.name {
            // Profilers are a convenience: a failure to append to the perf map is not fatal.
            let _ = crate::exec::debug::perf_map_append(n, base, block.len());
        }
        // Everything bound so far now lives at a fixed address.
        for (slot, off) in self.labels.iter_mut().zip(&labels) {
            if let Some(off) = off {
                slot.state = LabelState::Abs(base + *off as u64);
            }
        }
        self.code.clear();
        self.items.clear();
        self.fixes.clear();
        self.pool.clear();
        if !self.pool_index.is_empty() {
            self.pool_index.clear();
        }
        if let Some(l) = self.listing.as_mut() {
            l.clear();
        }
        self.near.get_or_insert(base);
        let meta = BufferMeta { labels, globals, listing, name: self.name.clone(), _debug: debug };
        let empty = meta.labels.iter().all(Option::is_none)
            && meta.globals.is_empty()
            && meta.listing.is_empty()
            && meta.name.is_none();
        Ok(ExecBuffer { block, meta: if empty { None } else { Some(Box::new(meta)) } })
    }

    /// Forgets everything emitted and every label (those of committed code too), keeping the
    /// capacity of the code, label, fixup and pool buffers and the settings (name, listing,
    /// features): one assembler can build function after function, [`commit`](Self::commit)
    /// then `clear`, without allocating in steady state.
    ///
    /// ```
    /// use asm_runtime::Assembler;
    /// let mut a = Assembler::new();
    /// for k in 0..3 {
    ///     a.clear();
    ///     let top = a.new_label();
    ///     a.bind(top);
    ///     a.assemble_text(&format!("mov eax, {k}; ret")).unwrap();
    ///     let f = a.commit().unwrap();
    ///     // SAFETY: the code is a complete function returning an i32.
    ///     assert_eq!(unsafe { f.entry::<extern "sysv64" fn() -> i32>() }(), k);
    /// }
    /// ```
    pub fn clear(&mut self) {
        self.code.clear();
        self.items.clear();
        self.fixes.clear();
        self.labels.clear();
        self.label_names.clear();
        // A map's `clear` visits every slot of its table, even when it holds nothing.
        if !self.globals.is_empty() {
            self.globals.clear();
        }
        self.pool.clear();
        if !self.pool_index.is_empty() {
            self.pool_index.clear();
        }
        if let Some(l) = self.listing.as_mut() {
            l.clear();
        }
        self.error = None;
        self.near = None;
        self.generic = 0;
        self.wanted = 0;
    }
}

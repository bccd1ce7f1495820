//! [`ExecBuffer`]: finalized code in executable memory, with labels, listing and patching.

use std::collections::HashMap;
use std::fmt;

use super::{Entry, FnPtr, JitBlock};
use crate::error::AsmError;
use crate::listing::{format_listing, ListLine};
use crate::operand::Label;

/// Finalized code in executable memory, with its labels and listing.
///
/// Entry points borrow the buffer, so a function handle cannot outlive its code.
pub struct ExecBuffer {
    pub(crate) block: JitBlock,
    /// Labels, listing, name and debugger registration: absent (no allocation) for the common
    /// small function without labels, so a handle stays a few words.
    pub(crate) meta: Option<Box<BufferMeta>>,
}

#[derive(Default)]
pub(crate) struct BufferMeta {
    pub(crate) labels: Vec<Option<usize>>,
    pub(crate) globals: HashMap<String, usize>,
    pub(crate) listing: Vec<ListLine>,
    pub(crate) name: Option<String>,
    pub(crate) _debug: Option<super::debug::GdbRegistration>,
}

impl ExecBuffer {
    /// A typed entry point at the start of the code.
    ///
    /// # Safety
    /// The code at offset 0 must be a function of type `F` (arguments and return value in the
    /// registers `F`'s ABI uses) that returns normally and keeps the stack and callee-saved
    /// registers intact.
    pub unsafe fn entry<F: FnPtr>(&self) -> Entry<'_, F> {
        // SAFETY: forwarded to the caller; a finalized buffer is never empty, so offset 0 is in range.
        match unsafe { self.block.entry::<F>(0) } {
            Ok(e) => e,
            Err(e) => unreachable!("a finalized buffer is never empty: {e}"),
        }
    }

    /// A typed entry point at `label` (bound in the code that was finalized).
    ///
    /// # Safety
    /// As for [`entry`](Self::entry), for the code at the label.
    pub unsafe fn entry_at<F: FnPtr>(&self, label: Label) -> Result<Entry<'_, F>, AsmError> {
        let off = self
            .label_offset(label)
            .ok_or_else(|| AsmError::UndefinedLabel { name: format!("<label #{}>", label.0) })?;
        // SAFETY: forwarded to the caller.
        unsafe { self.block.entry::<F>(off) }.map_err(AsmError::Exec)
    }

    /// The offset of a label in the code.
    pub fn label_offset(&self, label: Label) -> Option<usize> {
        self.meta.as_ref()?.labels.get(label.0 as usize).copied().flatten()
    }

    /// The offset of a global (`@name`) label.
    pub fn global_offset(&self, name: &str) -> Option<usize> {
        self.meta.as_ref()?.globals.get(name).copied()
    }

    /// The address of the first byte.
    pub fn addr(&self) -> u64 {
        self.block.addr()
    }

    /// The code size in bytes.
    pub fn len(&self) -> usize {
        self.block.len()
    }

    /// Never true for a finalized buffer.
    pub fn is_empty(&self) -> bool {
        self.block.is_empty()
    }

    /// The bytes as they are in executable memory.
    pub fn bytes(&self) -> &[u8] {
        self.block.bytes()
    }

    /// The listing (empty unless [`Assembler::set_listing`](crate::Assembler::set_listing) was on).
    pub fn listing(&self) -> &[ListLine] {
        self.meta.as_ref().map_or(&[], |m| &m.listing)
    }

    /// The listing as text: offset, bytes, statement.
    pub fn listing_text(&self) -> String {
        format_listing(self.listing(), self.bytes())
    }

    /// The name given with [`Assembler::set_name`](crate::Assembler::set_name).
    pub fn name(&self) -> Option<&str> {
        self.meta.as_ref()?.name.as_deref()
    }

    /// Overwrites `bytes` at `offset` (hot patching). The write goes through a read-write view
    /// of the memory that is never executable (W^X holds throughout); bounds are checked.
    ///
    /// Patching code that another thread is executing is only safe for aligned writes of up to
    /// 8 bytes that do not straddle an instruction the other thread may be decoding.
    pub fn patch(&self, offset: usize, bytes: &[u8]) -> Result<(), AsmError> {
        self.block.patch(offset, bytes).map_err(AsmError::Exec)
    }

    /// Overwrites the bytes that end at `label`: bind a label right after an instruction and
    /// this rewrites its trailing field (an immediate, a displacement), e.g. an inline-cache
    /// constant of `mov rax, imm64`.
    pub fn patch_before(&self, label: Label, bytes: &[u8]) -> Result<(), AsmError> {
        let end = self
            .label_offset(label)
            .ok_or_else(|| AsmError::UndefinedLabel { name: format!("<label #{}>", label.0) })?;
        let start = end.checked_sub(bytes.len()).ok_or_else(|| {
            AsmError::Exec(crate::error::ExecError::Invalid(format!(
                "patch of {} bytes before offset {end}",
                bytes.len()
            )))
        })?;
        self.patch(start, bytes)
    }

    /// Retargets the `call`/`jmp`/`jcc` rel32 that ends at `label` to the absolute address
    /// `target`. Errors if the target is beyond ±2 GiB of the instruction.
    pub fn patch_rel32_before(&self, label: Label, target: u64) -> Result<(), AsmError> {
        let end = self
            .label_offset(label)
            .ok_or_else(|| AsmError::UndefinedLabel { name: format!("<label #{}>", label.0) })?;
        let disp = target.wrapping_sub(self.addr() + end as u64) as i64;
        let d = i32::try_from(disp).map_err(|_| AsmError::BranchOutOfRange {
            mnemonic: "patched branch".into(),
            label: format!("{target:#x}"),
            distance: disp,
            bits: 32,
        })?;
        self.patch_before(label, &d.to_le_bytes())
    }

    /// The underlying memory block.
    pub fn block(&self) -> &JitBlock {
        &self.block
    }
}

impl fmt::Debug for ExecBuffer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExecBuffer")
            .field("addr", &format_args!("{:#x}", self.addr()))
            .field("len", &self.len())
            .finish()
    }
}

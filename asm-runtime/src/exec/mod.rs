//! Executable memory: pooled, strictly W^X, with typed entry points.
//!
//! # Design
//!
//! **Pooling.** Run-time generated functions are usually small (tens of bytes), and a page per
//! function wastes memory, TLB entries and a system call or two per function. Blocks are therefore
//! carved out of *chunks* held by one global pool (a `static` [`Mutex`](std::sync::Mutex)). A chunk
//! is 256 KiB, or the request rounded up to whole pages when a single request is bigger. Within a
//! chunk, space is handed out in 16-byte units (so every block starts 16-byte aligned, as functions
//! should) from a sorted list of free ranges, first fit, merging neighbours on free. Allocating a
//! small block takes a lock and looks at the head of a short list; no system call is made unless
//! a new chunk is needed. Every free unit holds `int3`: a block's bytes are reset to `int3` when
//! it is freed, and a chunk's fresh pages are filled with `int3` one page at a time as
//! allocation reaches them, so the code is written into a new block with one copy (on some CPUs
//! each separate store to code that is about to run costs hundreds of nanoseconds). Each
//! [`JitBlock`] is freed on drop. A chunk that becomes completely empty is unmapped, returning
//! the memory to the operating system, except that one empty chunk stays mapped for the next
//! allocation (a JIT that compiles, runs and frees one function at a time would otherwise map and
//! unmap a chunk every cycle).
//!
//! **Strict W^X.** No mapping is ever writable and executable at the same time, not even for a
//! moment. Each chunk is an anonymous file (`memfd_create`) mapped twice with `MAP_SHARED`: a
//! read+execute view, where code runs and whose addresses [`JitBlock::addr`] reports, and a
//! read+write view at another address, through which code is written. Both views show the same
//! physical pages. The write view is never executable and the execute view is never writable, and
//! no protection is ever changed, so writing a new block or [patching](JitBlock::patch) one never
//! disturbs threads that are executing other functions in the same chunk. The file descriptor is
//! closed as soon as both views exist.
//!
//! **Fallback.** Where `memfd_create` or shared executable mappings are refused (some sandboxes),
//! the pool switches to one mapping per block: map private read+write memory, write the code,
//! then `mprotect` it to read+execute. Patching in that mode flips only the pages being patched to
//! read+write (never executable), writes, and flips them back, so a thread must not execute the
//! block while it is being patched.
//!
//! **Debuggable placement.** A software breakpoint is an `int3` the debugger writes into the
//! code, and the kernel refuses such writes into a shared mapping that is not writable; `perf`
//! resolves JIT symbols through `/tmp/perf-<pid>.map` only for anonymous memory. Code that is
//! meant to be debugged or profiled is therefore placed with [`Placement::Private`]: private
//! anonymous pages of its own, written read+write and then switched to read+execute (never both).
//! The assembler does this for every function given a name with `Assembler::set_name`.
//!
//! **Near allocation.** [`JitBlock::new`] takes an optional address the code wants to reach with
//! `call rel32` / `jmp rel32` / RIP-relative operands. The pool first looks for an existing chunk
//! whose whole executable range is within ±2 GiB (less a safety margin) of it; failing that it asks
//! the kernel for a new chunk at hint addresses stepping away from the target (64 MiB up to 1 GiB
//! below and above it) and keeps the first mapping that lands in range; failing that it uses any
//! chunk with room, and finally maps one anywhere. Callers must still check the distance of every
//! `rel32` they emit (the assembler does).
//!
//! **Caches and publication.** x86-64 keeps instruction fetch coherent with data stores, including
//! stores through another virtual alias of the same physical page, so no instruction-cache flush is
//! needed; the spot where other architectures would flush is marked in the code and holds a fence.
//! A new block reaches other threads only through the synchronisation that hands them the
//! [`JitBlock`] or its address.
//!
//! **Fork.** Shared mappings stay shared with a forked child. A child therefore never allocates in,
//! resets or patches a chunk inherited from its parent (it would overwrite the parent's code); it
//! can still call inherited functions, and it maps fresh chunks of its own.
//!
//! The run-time parts exist on Linux x86-64 only; on other targets the crate compiles and
//! allocation fails with [`ExecError::Invalid`].
//!
//! ```
//! # #[cfg(all(target_os = "linux", target_arch = "x86_64"))] {
//! use asm_runtime::exec::JitBlock;
//!
//! // mov eax, 42; ret
//! let block = JitBlock::from_bytes(&[0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3]).unwrap();
//! // SAFETY: the bytes are a complete `extern "C" fn() -> i32`.
//! let answer = unsafe { block.entry::<extern "C" fn() -> i32>(0) }.unwrap();
//! assert_eq!(answer(), 42);
//! # }
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use crate::error::ExecError;

mod sealed {
    /// Implemented for function-pointer types only; keeps [`super::FnPtr`] closed.
    pub trait Sealed {}
}

/// Sealed trait for function-pointer types that may be used as JIT entry points.
///
/// Implemented for `extern "C" fn(A1, .., An) -> R` and `unsafe extern "C" fn(..) -> R`, and on
/// x86-64 for the same with `extern "sysv64"`, for 0 to 14 arguments of any `'static` types.
pub trait FnPtr: Copy + Send + Sync + 'static + sealed::Sealed {}

macro_rules! fn_ptr_impl {
    ($abi:literal; $($arg:ident),*) => {
        impl<R: 'static, $($arg: 'static),*> sealed::Sealed for extern $abi fn($($arg),*) -> R {}
        impl<R: 'static, $($arg: 'static),*> FnPtr for extern $abi fn($($arg),*) -> R {}
        impl<R: 'static, $($arg: 'static),*> sealed::Sealed for unsafe extern $abi fn($($arg),*) -> R {}
        impl<R: 'static, $($arg: 'static),*> FnPtr for unsafe extern $abi fn($($arg),*) -> R {}
    };
}

macro_rules! fn_ptr_impls {
    () => {
        fn_ptr_impl!("C";);
        #[cfg(target_arch = "x86_64")]
        fn_ptr_impl!("sysv64";);
    };
    ($first:ident $(, $rest:ident)*) => {
        fn_ptr_impl!("C"; $first $(, $rest)*);
        #[cfg(target_arch = "x86_64")]
        fn_ptr_impl!("sysv64"; $first $(, $rest)*);
        fn_ptr_impls!($($rest),*);
    };
}

fn_ptr_impls!(A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12, A13, A14);

// Function pointers are plain code addresses on every supported target.
const _: () = assert!(size_of::<extern "C" fn()>() == size_of::<usize>());
const _: () = assert!(size_of::<unsafe extern "C" fn(u64, u64) -> u64>() == size_of::<usize>());

/// Compile-time proof (checked when `F` is instantiated) that `F` is exactly one code address.
const fn assert_pointer_sized<F: FnPtr>() {
    const { assert!(size_of::<F>() == size_of::<usize>(), "FnPtr type is not pointer-sized") }
}

/// A typed entry point that borrows the memory it points into, so it cannot outlive it.
///
/// Dereferences to the function pointer, so it can be called directly: `entry(1, 2)`.
pub struct Entry<'a, F: FnPtr> {
    f: F,
    _code: PhantomData<&'a ()>,
}

impl<F: FnPtr> Entry<'_, F> {
    /// The function pointer. Copying it out drops the borrow: the caller must keep the code
    /// alive for as long as the pointer is used.
    pub fn get(&self) -> F {
        self.f
    }

    /// The address of the entry point.
    pub fn addr(&self) -> u64 {
        assert_pointer_sized::<F>();
        // SAFETY: `F` is a function pointer (sealed trait) and has the size of `usize` (checked
        // at compile time above), so its bits are the code address.
        let addr: usize = unsafe { std::mem::transmute_copy(&self.f) };
        addr as u64
    }
}

impl<F: FnPtr> Deref for Entry<'_, F> {
    type Target = F;

    fn deref(&self) -> &F {
        &self.f
    }
}

impl<F: FnPtr> Clone for Entry<'_, F> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<F: FnPtr> Copy for Entry<'_, F> {}

impl<F: FnPtr> fmt::Debug for Entry<'_, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Entry")
            .field("addr", &format_args!("{:#x}", self.addr()))
            .field("type", &std::any::type_name::<F>())
            .finish()
    }
}

/// Statistics of the global pool (for tests and benchmarks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolStats {
    /// Mappings of executable memory: pooled chunks plus single-block mappings of the fallback
    /// mode.
    pub chunks: usize,
    /// Bytes of executable address space mapped (the write view of a chunk is not counted again).
    pub mapped_bytes: usize,
    /// Bytes handed out to live blocks, each rounded up to 16.
    pub used_bytes: usize,
    /// Live [`JitBlock`]s.
    pub live_blocks: usize,
}

/// A snapshot of the global pool's statistics.
pub fn pool_stats() -> PoolStats {
    imp::stats()
}

/// Where a [`JitBlock`] is placed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Placement {
    /// Carved out of a shared, dual-mapped chunk (the default): no system call per block, and
    /// patching never changes a page's protection.
    #[default]
    Pooled,
    /// Private anonymous pages of its own, written read+write then made read+execute: costs a
    /// page and two system calls per block, but debuggers can set software breakpoints in it and
    /// `perf` finds its name in `/tmp/perf-<pid>.map`. Patching briefly makes the patched pages
    /// read+write (not executable), so no thread may run them while they are patched.
    Private,
}

/// One allocation of executable memory, freed (returned to its pool) when dropped.
///
/// `Send + Sync`: the code can be called and patched from any thread.
pub struct JitBlock {
    raw: imp::Raw,
    len: usize,
}

impl JitBlock {
    /// Allocates `len` bytes (len 0 is rounded up to 1), preferably within ±2 GiB of `near` (so
    /// `call rel32` to that address works), calls `write(final_address, rw_slice)` to fill it,
    /// then publishes it read+execute.
    ///
    /// `final_address` is where the code will run; `rw_slice` (exactly `len` bytes, preset to
    /// `int3`) is a writable view of the same memory that is never executable. The closure's error
    /// aborts the allocation (the memory is freed) and is returned.
    pub fn new<E: From<ExecError>>(
        len: usize,
        near: Option<u64>,
        write: impl FnOnce(u64, &mut [u8]) -> Result<(), E>,
    ) -> Result<JitBlock, E> {
        JitBlock::new_placed(len, near, Placement::Pooled, write)
    }

    /// Like [`new`](Self::new), with an explicit [`Placement`].
    pub fn new_placed<E: From<ExecError>>(
        len: usize,
        near: Option<u64>,
        placement: Placement,
        write: impl FnOnce(u64, &mut [u8]) -> Result<(), E>,
    ) -> Result<JitBlock, E> {
        let len = len.max(1);
        let raw = imp::alloc(len, near, placement == Placement::Private)?;
        // From here on, dropping `block` (error or panic in `write`) frees the memory.
        let block = JitBlock { raw, len };
        // SAFETY: `raw.rw` is the start of a writable mapping of at least `len` bytes that was
        // reserved for this block alone and is not yet published, so nothing else reads or writes
        // it while the slice lives; the slice does not outlive this call.
        let buf = unsafe { std::slice::from_raw_parts_mut(block.raw.rw as *mut u8, len) };
        write(block.raw.rx as u64, buf)?;
        imp::publish(&block.raw)?;
        Ok(block)
    }

    /// Copies `code` into a new block.
    pub fn from_bytes(code: &[u8]) -> Result<JitBlock, ExecError> {
        JitBlock::new(code.len(), None, |_, buf| {
            buf[..code.len()].copy_from_slice(code);
            Ok::<(), ExecError>(())
        })
    }

    /// The address of the first byte, where the code runs.
    pub fn addr(&self) -> u64 {
        self.raw.rx as u64
    }

    /// The size in bytes (at least 1).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Always false: a block holds at least one byte.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The bytes as they are in executable memory.
    ///
    /// [`patch`](Self::patch) may change them while the slice is held; read it again after
    /// patching rather than keeping it across a patch.
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: the executable view of this block is mapped readable for `len` bytes for as
        // long as `self` lives (the chunk is only unmapped after its last block is dropped).
        unsafe { std::slice::from_raw_parts(self.raw.rx as *const u8, self.len) }
    }

    /// Overwrites `bytes` at `offset` of this block (hot patching), keeping W^X: the write goes
    /// through a writable view that is never executable. Bounds-checked ([`ExecError::Invalid`]).
    ///
    /// A write of 1, 2, 4 or 8 bytes at an offset aligned to its size is a single atomic store,
    /// so a thread executing the code sees either the old or the new bytes; such a write must not
    /// straddle an instruction that another thread may be decoding. Concurrent patches are
    /// serialised.
    pub fn patch(&self, offset: usize, bytes: &[u8]) -> Result<(), ExecError> {
        let end = offset.checked_add(bytes.len()).filter(|&end| end <= self.len).ok_or_else(|| {
            ExecError::Invalid(format!(
                "patch of {} bytes at offset {offset} is outside the block of {} bytes",
                bytes.len(),
                self.len
            ))
        })?;
        if offset == end {
            return Ok(());
        }
        imp::patch(&self.raw, offset, bytes)
    }

    /// A typed entry point at `offset`.
    ///
    /// Errors ([`ExecError::Invalid`]) if `offset >= len`.
    ///
    /// # Safety
    /// The code at `offset` must be a function of type `F`: it takes its arguments and returns
    /// its result as `F`'s ABI says, returns normally, and keeps the stack and callee-saved
    /// registers intact.
    pub unsafe fn entry<F: FnPtr>(&self, offset: usize) -> Result<Entry<'_, F>, ExecError> {
        assert_pointer_sized::<F>();
        if offset >= self.len {
            return Err(ExecError::Invalid(format!(
                "entry offset {offset} is outside the block of {} bytes",
                self.len
            )));
        }
        let addr = self.raw.rx + offset;
        // SAFETY: `F` is a pointer-sized function pointer type (sealed trait, size checked at
        // compile time above), so a code address is a valid bit pattern for it; the address is
        // inside this block, and the caller promises the code there has type `F`.
        let f: F = unsafe { std::mem::transmute_copy(&addr) };
        Ok(Entry { f, _code: PhantomData })
    }
}

impl Drop for JitBlock {
    fn drop(&mut self) {
        imp::release(&self.raw, self.len);
    }
}

impl fmt::Debug for JitBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JitBlock")
            .field("addr", &format_args!("{:#x}", self.addr()))
            .field("len", &self.len)
            .finish()
    }
}

const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    send_sync::<JitBlock>();
    send_sync::<Entry<'static, extern "C" fn()>>();
};

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[path = "pool.rs"]
mod imp;
#[cfg(not(all(target_os = "linux", target_arch = "x86_64")))]
#[path = "unsupported.rs"]
mod imp;

mod buffer;
pub mod debug;
pub mod sym;

pub(crate) use buffer::BufferMeta;
pub use buffer::ExecBuffer;

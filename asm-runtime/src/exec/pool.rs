//! The Linux x86-64 pool: dual-mapped memfd chunks, first-fit allocation, W^X publication.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::sync::atomic::{fence, AtomicU16, AtomicU32, AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, Once, PoisonError};

use super::PoolStats;
use crate::error::ExecError;

/// Allocation granularity (and alignment) inside a chunk.
const UNIT: usize = 16;
/// Size of an ordinary chunk.
const CHUNK: usize = 256 << 10;

/// How many empty chunks stay mapped for the next allocation instead of being unmapped when
/// their last block is freed, so a JIT that compiles, runs and frees one function at a time
/// does not map and unmap a chunk every cycle. They stay W^X (the execute view is never
/// writable) and are filled with traps, like every free unit.
const WARM_CHUNKS: usize = 1;
/// Distance from a `near` target within which every byte of a block must lie: ±2 GiB less a
/// margin, so that code around the target (not just the target itself) stays in `rel32` reach.
const REACH: u64 = (1 << 31) - (32 << 20);
/// Hint distances from a `near` target for new mappings, tried below and then above it.
const NEAR_STEPS: [u64; 5] = [64 << 20, 128 << 20, 256 << 20, 512 << 20, 1 << 30];
/// Lowest and highest addresses worth hinting (ordinary 47-bit user address space).
const LOW_HINT: u64 = 1 << 20;
const HIGH_HINT: u64 = 1 << 47;
/// `int3`: what unwritten and freed code bytes are set to.
const TRAP: u8 = 0xCC;

static POOL: Mutex<Pool> = Mutex::new(Pool::new());
/// Serialises patches (and, in the fallback mode, their protection changes).
static PATCH_LOCK: Mutex<()> = Mutex::new(());
/// Bumped in a forked child, so the child recognises chunks shared with its parent.
static FORK_GEN: AtomicU64 = AtomicU64::new(0);
static ATFORK: Once = Once::new();
static PAGE: AtomicUsize = AtomicUsize::new(0);

/// The memory of one block, as seen by the pool.
pub(super) struct Raw {
    /// Where the code runs.
    pub(super) rx: usize,
    /// Where the code is written (equal to `rx` in the fallback mode).
    pub(super) rw: usize,
    backing: Backing,
}

enum Backing {
    /// Units `start..start + units` of pooled chunk `chunk`, created in fork generation `gen`.
    Pooled { chunk: u64, start: u32, units: u32, gen: u64 },
    /// A mapping of its own, `map_len` bytes at `rx` (fallback mode).
    Single { map_len: usize },
}

struct Chunk {
    id: u64,
    rx: usize,
    rw: usize,
    size: usize,
    gen: u64,
    /// Free unit ranges `(start, len)`, sorted by start, never adjacent.
    free: Vec<(u32, u32)>,
    free_units: u32,
    total_units: u32,
    /// Units below this hold `int3` when free (every free unit is trap-filled when freed);
    /// the fresh memory above it is still zero and is trap-filled a page at a time, ahead of
    /// the allocations that reach it.
    trapped: u32,
}

impl Chunk {
    /// First fit: the lowest free range of at least `units` units.
    fn take(&mut self, units: u32) -> Option<u32> {
        if self.free_units < units {
            return None;
        }
        let i = self.free.iter().position(|&(_, len)| len >= units)?;
        let (start, len) = self.free[i];
        if len == units {
            self.free.remove(i);
        } else {
            self.free[i] = (start + units, len - units);
        }
        self.free_units -= units;
        Some(start)
    }

    /// Returns units to the free list, merging with free neighbours.
    fn give(&mut self, start: u32, units: u32) {
        let i = self.free.partition_point(|&(s, _)| s < start);
        let merges_prev = i > 0 && {
            let (s, l) = self.free[i - 1];
            s + l == start
        };
        let merges_next = i < self.free.len() && self.free[i].0 == start + units;
        match (merges_prev, merges_next) {
            (true, true) => {
                let next_len = self.free[i].1;
                self.free[i - 1].1 += units + next_len;
                self.free.remove(i);
            }
            (true, false) => self.free[i - 1].1 += units,
            (false, true) => self.free[i] = (start, units + self.free[i].1),
            (false, false) => self.free.insert(i, (start, units)),
        }
        self.free_units += units;
    }

    fn is_empty(&self) -> bool {
        self.free_units == self.total_units
    }

    /// Trap-fills fresh memory up to the page holding unit `end - 1`, so units
    /// `start .. end` just taken hold `int3` without being written again: code is then written
    /// into its block with one copy. (Each separate store to a line that is about to run costs
    /// on some CPUs: storing the traps and then the code doubled the time of a small JIT
    /// cycle, from writing to running.)
    fn trap_through(&mut self, end: u32) {
        if end <= self.trapped {
            return;
        }
        let per_page = (page_size() / UNIT) as u32;
        let to = end.div_ceil(per_page).saturating_mul(per_page).min(self.total_units);
        // SAFETY: units `trapped .. to` lie inside this chunk's write view and are free or
        // were just taken by the caller, which holds the pool lock: no block owns them yet, so
        // nothing else reads, writes or runs them.
        unsafe {
            std::ptr::write_bytes(
                (self.rw + self.trapped as usize * UNIT) as *mut u8,
                TRAP,
                (to - self.trapped) as usize * UNIT,
            )
        };
        self.trapped = to;
    }

    /// Takes `units` units (first fit) for a block: trap-filled, as every free unit is.
    fn take_block(&mut self, units: u32) -> Option<Raw> {
        let start = self.take(units)?;
        self.trap_through(start + units);
        Some(self.raw(start, units))
    }

    /// The block made of units `start .. start + units`.
    fn raw(&self, start: u32, units: u32) -> Raw {
        let off = start as usize * UNIT;
        Raw {
            rx: self.rx + off,
            rw: self.rw + off,
            backing: Backing::Pooled { chunk: self.id, start, units, gen: self.gen },
        }
    }

    fn in_reach(&self, target: u64) -> bool {
        in_reach(self.rx, self.size, target)
    }
}

struct Pool {
    chunks: Vec<Chunk>,
    next_id: u64,
    /// Whether dual-mapped chunks work here: unknown until the first allocation.
    dual: Option<bool>,
    singles: usize,
    single_mapped: usize,
    single_used: usize,
    live: usize,
}

impl Pool {
    const fn new() -> Pool {
        Pool {
            chunks: Vec::new(),
            next_id: 0,
            dual: None,
            singles: 0,
            single_mapped: 0,
            single_used: 0,
            live: 0,
        }
    }

    /// Takes `units` from the first chunk of this process that has room and, if `near` is
    /// given, lies within reach of it.
    fn take_existing(&mut self, units: u32, near: Option<u64>, gen: u64) -> Option<Raw> {
        self.chunks.iter_mut().find_map(|c| {
            if c.gen != gen || near.is_some_and(|t| !c.in_reach(t)) {
                return None;
            }
            c.take_block(units)
        })
    }

    /// Maps a new chunk for `units` units (near `near` only, if given) and takes them from it.
    fn take_new(&mut self, units: u32, near: Option<u64>, gen: u64) -> Result<Option<Raw>, ExecError> {
        let size = round_up(units as usize * UNIT, page_size()).max(CHUNK);
        let total_units = u32::try_from(size / UNIT).map_err(|_| too_big(units as usize * UNIT))?;
        let Some((rx, rw)) = map_dual(size, near)? else { return Ok(None) };
        register_atfork();
        let id = self.next_id;
        self.next_id += 1;
        self.chunks.push(Chunk {
            id,
            rx,
            rw,
            size,
            gen,
            free: vec![(0, total_units)],
            free_units: total_units,
            total_units,
            trapped: 0,
        });
        let Some(chunk) = self.chunks.last_mut() else { return Ok(None) };
        Ok(chunk.take_block(units))
    }

    fn alloc_pooled(&mut self, units: u32, near: Option<u64>) -> Result<Raw, ExecError> {
        let gen = FORK_GEN.load(Ordering::Relaxed);
        if let Some(target) = near {
            if let Some(raw) = self.take_existing(units, Some(target), gen) {
                return Ok(raw);
            }
            if let Some(raw) = self.take_new(units, Some(target), gen)? {
                return Ok(raw);
            }
        }
        if let Some(raw) = self.take_existing(units, None, gen) {
            return Ok(raw);
        }
        self.take_new(units, None, gen)?
            .ok_or_else(|| ExecError::Invalid("a new chunk has no room for the block".into()))
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // No user code runs under these locks; a poisoned lock still guards consistent data.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

fn page_size() -> usize {
    let cached = PAGE.load(Ordering::Relaxed);
    if cached != 0 {
        return cached;
    }
    // SAFETY: `sysconf` only reads a system constant.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    let page = if page > 0 && (page as usize).is_power_of_two() { page as usize } else { 4096 };
    PAGE.store(page, Ordering::Relaxed);
    page
}

fn round_up(n: usize, to: usize) -> usize {
    n.div_ceil(to).saturating_mul(to)
}

fn too_big(len: usize) -> ExecError {
    ExecError::Invalid(format!("executable block of {len} bytes is too large"))
}

fn in_reach(addr: usize, size: usize, target: u64) -> bool {
    let start = addr as u64;
    let end = start.saturating_add(size as u64);
    start.abs_diff(target) <= REACH && end.abs_diff(target) <= REACH
}

/// Hint addresses for a mapping of `size` bytes near `target`, nearest first.
fn near_hints(target: u64, size: usize, page: usize) -> impl Iterator<Item = usize> {
    let page = page as u64;
    let size = size as u64;
    NEAR_STEPS.into_iter().flat_map(move |step| {
        let below = target.checked_sub(step).and_then(|a| a.checked_sub(size)).map(|a| a / page * page);
        let above = target.checked_add(step).map(|a| a.div_ceil(page) * page);
        [below, above]
            .into_iter()
            .flatten()
            .filter(move |&a| a >= LOW_HINT && a.saturating_add(size) <= HIGH_HINT)
            .map(|a| a as usize)
    })
}

/// `mmap` returning the address or the OS error.
fn mmap(
    hint: usize,
    size: usize,
    prot: libc::c_int,
    flags: libc::c_int,
    fd: libc::c_int,
) -> io::Result<usize> {
    // SAFETY: no MAP_FIXED, so the kernel never replaces an existing mapping; the hint is only
    // a preference. The result is checked before use.
    let p = unsafe { libc::mmap(hint as *mut libc::c_void, size, prot, flags, fd, 0) };
    if p == libc::MAP_FAILED {
        Err(io::Error::last_os_error())
    } else {
        Ok(p as usize)
    }
}

fn munmap(addr: usize, size: usize) {
    // SAFETY: callers pass a whole mapping made by this module that nothing uses any more.
    // A failure leaves the mapping in place (a leak, not a fault); there is nothing to report
    // it to from a destructor.
    unsafe { libc::munmap(addr as *mut libc::c_void, size) };
}

/// Maps `size` bytes with `map(hint)`. With a target, only a mapping within reach of it is
/// kept (`None` if no hint succeeds); without one, the kernel chooses.
fn map_placed(
    size: usize,
    near: Option<u64>,
    mut map: impl FnMut(usize) -> io::Result<usize>,
) -> io::Result<Option<usize>> {
    let Some(target) = near else { return map(0).map(Some) };
    for hint in near_hints(target, size, page_size()) {
        match map(hint) {
            Ok(addr) if in_reach(addr, size, target) => return Ok(Some(addr)),
            Ok(addr) => munmap(addr, size),
            Err(_) => {}
        }
    }
    Ok(None)
}

/// Creates a memfd of `size` bytes and maps it read+write (anywhere) and read+execute
/// (near `near` if given; `None` if that is impossible). Returns `(rx, rw)`.
fn map_dual(size: usize, near: Option<u64>) -> Result<Option<(usize, usize)>, ExecError> {
    let file_size = libc::off_t::try_from(size).map_err(|_| too_big(size))?;
    // SAFETY: the name is a NUL-terminated string literal; the flags are valid.
    let fd = unsafe { libc::memfd_create(c"asm-runtime-jit".as_ptr(), libc::MFD_CLOEXEC) };
    if fd < 0 {
        return Err(ExecError::Map(io::Error::last_os_error()));
    }
    // SAFETY: `fd` was just returned by memfd_create and is owned by nothing else.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: `fd` is a valid memfd; ftruncate only sets its size.
    if unsafe { libc::ftruncate(fd.as_raw_fd(), file_size) } != 0 {
        return Err(ExecError::Map(io::Error::last_os_error()));
    }
    let rx = map_placed(size, near, |hint| {
        mmap(hint, size, libc::PROT_READ | libc::PROT_EXEC, libc::MAP_SHARED, fd.as_raw_fd())
    })
    .map_err(ExecError::Map)?;
    let Some(rx) = rx else { return Ok(None) };
    match mmap(0, size, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_SHARED, fd.as_raw_fd()) {
        Ok(rw) => Ok(Some((rx, rw))),
        Err(e) => {
            munmap(rx, size);
            Err(ExecError::Map(e))
        }
    }
    // `fd` is closed here; the two mappings keep the file alive.
}

extern "C" fn after_fork_in_child() {
    FORK_GEN.fetch_add(1, Ordering::Relaxed);
}

fn register_atfork() {
    ATFORK.call_once(|| {
        // SAFETY: the handler only does an atomic increment, which is async-signal-safe.
        // If registration fails, a forked child may reuse inherited chunks; nothing else
        // depends on it.
        unsafe { libc::pthread_atfork(None, None, Some(after_fork_in_child)) };
    });
}

/// Maps private read+write memory for one block (fallback mode), preset to `int3`.
/// Returns the block and the size of its mapping.
fn alloc_single(len: usize, near: Option<u64>) -> Result<(Raw, usize), ExecError> {
    let map_len = round_up(len, page_size());
    if map_len < len || map_len == usize::MAX {
        return Err(too_big(len));
    }
    let map = |hint| {
        mmap(hint, map_len, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1)
    };
    let mut addr = None;
    if near.is_some() {
        addr = map_placed(map_len, near, map).map_err(ExecError::Map)?;
    }
    let addr = match addr {
        Some(a) => a,
        None => map(0).map_err(ExecError::Map)?,
    };
    // SAFETY: a fresh private read+write mapping of `map_len` bytes, owned by this block.
    unsafe { std::ptr::write_bytes(addr as *mut u8, TRAP, map_len) };
    Ok((Raw { rx: addr, rw: addr, backing: Backing::Single { map_len } }, map_len))
}

/// Reserves `len` bytes of writable, not yet executable-visible memory, preset to `int3`.
pub(super) fn alloc(len: usize, near: Option<u64>, private: bool) -> Result<Raw, ExecError> {
    let units = u32::try_from(len.div_ceil(UNIT)).map_err(|_| too_big(len))?;
    let mut pool = lock(&POOL);
    let mut pooled_error = None;
    if !private && pool.dual != Some(false) {
        match pool.alloc_pooled(units, near) {
            Ok(raw) => {
                // Its units hold `int3` already (see `Chunk::trap_through`).
                pool.dual = Some(true);
                pool.live += 1;
                return Ok(raw);
            }
            Err(e) => pooled_error = Some(e),
        }
    }
    drop(pool);
    let (raw, map_len) = match alloc_single(len, near) {
        Ok(r) => r,
        Err(e) => return Err(pooled_error.unwrap_or(e)),
    };
    let mut pool = lock(&POOL);
    if pooled_error.is_some() && pool.dual.is_none() {
        // Dual mapping has never worked here: stop trying it.
        pool.dual = Some(false);
    }
    pool.singles += 1;
    pool.single_mapped += map_len;
    pool.single_used += round_up(len, UNIT);
    pool.live += 1;
    Ok(raw)
}

/// Makes freshly written code executable.
pub(super) fn publish(raw: &Raw) -> Result<(), ExecError> {
    // Order the code stores before the address is handed out. On x86-64 instruction fetch is
    // coherent with stores (through any alias of the page), so no instruction-cache flush of
    // the block is needed; this is where it would go on other architectures.
    fence(Ordering::Release);
    match raw.backing {
        Backing::Pooled { .. } => Ok(()),
        Backing::Single { map_len } => protect(raw.rx, map_len, libc::PROT_READ | libc::PROT_EXEC),
    }
}

fn protect(addr: usize, len: usize, prot: libc::c_int) -> Result<(), ExecError> {
    // SAFETY: callers pass page-aligned ranges inside a fallback-mode mapping owned by a live
    // block; changing its protection affects no other allocation.
    if unsafe { libc::mprotect(addr as *mut libc::c_void, len, prot) } != 0 {
        return Err(ExecError::Protect(io::Error::last_os_error()));
    }
    Ok(())
}

/// Frees a block's memory.
pub(super) fn release(raw: &Raw, len: usize) {
    let mut pool = lock(&POOL);
    pool.live = pool.live.saturating_sub(1);
    match raw.backing {
        Backing::Pooled { chunk, start, units, gen } => {
            let Some(i) = pool.chunks.iter().position(|c| c.id == chunk) else { return };
            if gen == FORK_GEN.load(Ordering::Relaxed) {
                // SAFETY: the units belong to the block being dropped, so nothing executes
                // or writes them any more; the write view covers them.
                unsafe { std::ptr::write_bytes(raw.rw as *mut u8, TRAP, units as usize * UNIT) };
            }
            let c = &mut pool.chunks[i];
            c.give(start, units);
            let keep_warm = c.size == CHUNK && c.gen == FORK_GEN.load(Ordering::Relaxed);
            if c.is_empty() && keep_warm {
                let gen = c.gen;
                let warm =
                    pool.chunks.iter().filter(|c| c.gen == gen && c.size == CHUNK && c.is_empty()).count();
                if warm <= WARM_CHUNKS {
                    return;
                }
            }
            let c = &mut pool.chunks[i];
            if c.is_empty() {
                let c = pool.chunks.swap_remove(i);
                drop(pool);
                munmap(c.rx, c.size);
                munmap(c.rw, c.size);
            }
        }
        Backing::Single { map_len } => {
            pool.singles = pool.singles.saturating_sub(1);
            pool.single_mapped = pool.single_mapped.saturating_sub(map_len);
            pool.single_used = pool.single_used.saturating_sub(round_up(len, UNIT));
            drop(pool);
            munmap(raw.rx, map_len);
        }
    }
}

/// Writes `bytes` at `offset` of a published block (bounds already checked).
pub(super) fn patch(raw: &Raw, offset: usize, bytes: &[u8]) -> Result<(), ExecError> {
    let _serial = lock(&PATCH_LOCK);
    match raw.backing {
        Backing::Pooled { gen, .. } => {
            if gen != FORK_GEN.load(Ordering::Relaxed) {
                return Err(ExecError::Invalid(
                    "cannot patch code inherited across fork: its memory is shared with the parent".into(),
                ));
            }
            store(raw.rw + offset, bytes);
            Ok(())
        }
        Backing::Single { .. } => {
            let page = page_size();
            let first = (raw.rx + offset) / page * page;
            let span = round_up(raw.rx + offset + bytes.len(), page) - first;
            // Writable but not executable while the bytes change.
            protect(first, span, libc::PROT_READ | libc::PROT_WRITE)?;
            store(raw.rw + offset, bytes);
            protect(first, span, libc::PROT_READ | libc::PROT_EXEC)
        }
    }
}

/// Writes `bytes` (not empty) at `addr`: one atomic store when the size is 1, 2, 4 or 8 bytes
/// and `addr` is aligned to it, a plain copy otherwise. Then fences (see [`publish`]).
///
/// The caller guarantees that `addr .. addr + bytes.len()` lies in a live block's writable
/// view and holds `PATCH_LOCK`.
fn store(addr: usize, bytes: &[u8]) {
    let n = bytes.len();
    let p = addr as *mut u8;
    if matches!(n, 1 | 2 | 4 | 8) && addr & (n - 1) == 0 {
        let mut v = [0u8; 8];
        v[..n].copy_from_slice(bytes);
        let v = u64::from_le_bytes(v);
        // SAFETY: `p` is valid for `n` bytes (caller's guarantee) and aligned to `n`, as the
        // atomic type of that size requires; all other patch writes are serialised.
        unsafe {
            match n {
                1 => AtomicU8::from_ptr(p).store(v as u8, Ordering::Release),
                2 => AtomicU16::from_ptr(p.cast()).store(v as u16, Ordering::Release),
                4 => AtomicU32::from_ptr(p.cast()).store(v as u32, Ordering::Release),
                _ => AtomicU64::from_ptr(p.cast()).store(v, Ordering::Release),
            }
        }
    } else {
        // SAFETY: `p` is valid for `n` bytes (caller's guarantee) and cannot overlap `bytes`,
        // which is ordinary Rust memory, never a code mapping's write view.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), p, n) };
    }
    // Instruction fetch on x86-64 is coherent with these stores; other architectures would
    // flush the instruction cache for the patched range here.
    fence(Ordering::Release);
}

pub(super) fn stats() -> PoolStats {
    let pool = lock(&POOL);
    let mut s = PoolStats {
        chunks: pool.chunks.len() + pool.singles,
        mapped_bytes: pool.single_mapped,
        used_bytes: pool.single_used,
        live_blocks: pool.live,
    };
    for c in &pool.chunks {
        s.mapped_bytes += c.size;
        s.used_bytes += (c.total_units - c.free_units) as usize * UNIT;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(units: u32) -> Chunk {
        Chunk {
            id: 0,
            rx: 0,
            rw: 0,
            size: units as usize * UNIT,
            gen: 0,
            free: vec![(0, units)],
            free_units: units,
            total_units: units,
            trapped: units,
        }
    }

    #[test]
    fn first_fit_and_merging() {
        let mut c = chunk(10);
        assert_eq!(c.take(3), Some(0));
        assert_eq!(c.take(3), Some(3));
        assert_eq!(c.take(3), Some(6));
        assert_eq!(c.take(2), None);
        c.give(3, 3);
        assert_eq!(c.free, vec![(3, 3), (9, 1)]);
        assert_eq!(c.take(1), Some(3));
        c.give(0, 3);
        assert_eq!(c.free, vec![(0, 3), (4, 2), (9, 1)]);
        c.give(6, 3);
        assert_eq!(c.free, vec![(0, 3), (4, 6)]);
        c.give(3, 1);
        assert_eq!(c.free, vec![(0, 10)]);
        assert!(c.is_empty());
    }

    #[test]
    fn hints_stay_in_reach() {
        let target = 0x7f00_1234_5000u64;
        let hints: Vec<usize> = near_hints(target, CHUNK, 4096).collect();
        assert_eq!(hints.len(), 2 * NEAR_STEPS.len());
        assert!(hints.iter().all(|&h| in_reach(h, CHUNK, target) && h % 4096 == 0));
        // Near the bottom of the address space only hints above the target are possible.
        assert!(near_hints(0x40_0000, CHUNK, 4096).all(|h| h as u64 > 0x40_0000));
    }

    #[test]
    fn fallback_mode_block_is_never_writable_and_executable() {
        let len = 6;
        let (raw, map_len) = alloc_single(len, None).expect("maps");
        // SAFETY: a fresh read+write mapping of at least `len` bytes.
        unsafe { std::ptr::copy_nonoverlapping([0xb8, 1, 0, 0, 0, 0xc3].as_ptr(), raw.rw as *mut u8, len) };
        publish(&raw).expect("mprotect");
        // SAFETY: the bytes are `mov eax, 1; ret`.
        let f: extern "C" fn() -> i32 = unsafe { std::mem::transmute(raw.rx) };
        assert_eq!(f(), 1);
        patch(&raw, 1, &[7]).expect("patches");
        assert_eq!(f(), 7);
        patch(&raw, 1, &[8, 0, 0]).expect("patches");
        assert_eq!(f(), 8);
        let maps = std::fs::read_to_string("/proc/self/maps").expect("maps");
        let line = maps
            .lines()
            .find(|l| {
                let range = l.split(' ').next().unwrap_or("");
                let (a, b) = range.split_once('-').unwrap_or(("0", "0"));
                let (a, b) =
                    (usize::from_str_radix(a, 16).unwrap_or(0), usize::from_str_radix(b, 16).unwrap_or(0));
                (a..b).contains(&raw.rx)
            })
            .expect("block is mapped");
        assert!(line.contains(" r-xp "), "{line}");
        // Not counted in the pool's statistics, so unmapped directly.
        munmap(raw.rx, map_len);
    }
}

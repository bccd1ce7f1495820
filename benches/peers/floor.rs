//! The hardware floor of the JIT rows: writing a small function and calling it at once, with
//! no assembler and no allocator, one function after another, so the table can show how much
//! of a JIT row is the machine's cost of running freshly written code (on some CPUs, notably
//! under virtualization, that cost is hundreds of nanoseconds per function and dominates).

use std::time::Instant;

/// Bytes per function: `mov eax, imm32; ret`, padded with `int3`.
const SLOT: usize = 16;

/// One mapping of `len` bytes seen twice (`rw` for writing, `rx` for running; the same address
/// when `dual` is false and the pages are read-write-execute).
struct Pages {
    rw: *mut u8,
    rx: *const u8,
    len: usize,
}

/// `mmap` of `len` bytes of `fd` (or anonymous memory for -1), `None` if refused.
fn map(len: usize, prot: libc::c_int, flags: libc::c_int, fd: libc::c_int) -> Option<*mut u8> {
    // SAFETY: no MAP_FIXED, so no existing mapping is replaced; the result is checked.
    let p = unsafe { libc::mmap(std::ptr::null_mut(), len, prot, flags, fd, 0) };
    (p != libc::MAP_FAILED).then_some(p.cast())
}

impl Pages {
    fn new(len: usize, dual: bool) -> Option<Pages> {
        if !dual {
            let rwx = libc::PROT_READ | libc::PROT_WRITE | libc::PROT_EXEC;
            let p = map(len, rwx, libc::MAP_PRIVATE | libc::MAP_ANONYMOUS, -1)?;
            return Some(Pages { rw: p, rx: p, len });
        }
        // SAFETY: the name is a NUL-terminated literal; the result is checked and closed below.
        let fd = unsafe { libc::memfd_create(c"floor".as_ptr(), libc::MFD_CLOEXEC) };
        if fd < 0 {
            return None;
        }
        // SAFETY: `fd` is the memfd just created; ftruncate only sets its size.
        let sized = unsafe { libc::ftruncate(fd, len as libc::off_t) } == 0;
        let rw = sized.then(|| map(len, libc::PROT_READ | libc::PROT_WRITE, libc::MAP_SHARED, fd)).flatten();
        let rx = rw.and_then(|_| map(len, libc::PROT_READ | libc::PROT_EXEC, libc::MAP_SHARED, fd));
        // SAFETY: `fd` is ours and used no more; the mappings keep the file alive.
        unsafe { libc::close(fd) };
        match (rw, rx) {
            (Some(rw), Some(rx)) => Some(Pages { rw, rx, len }),
            (Some(rw), None) => {
                // SAFETY: `rw` is the mapping of `len` bytes made just above, used by nothing.
                unsafe { libc::munmap(rw.cast(), len) };
                None
            }
            _ => None,
        }
    }
}

impl Drop for Pages {
    fn drop(&mut self) {
        // SAFETY: the mappings were made by `new` with these lengths and nothing uses them now.
        unsafe {
            libc::munmap(self.rw.cast(), self.len);
            if self.rx != self.rw.cast_const() {
                libc::munmap(self.rx.cast_mut().cast(), self.len);
            }
        }
    }
}

/// Writes `n` functions one after another, each called once right after it is written;
/// returns the time per function in microseconds (`None` if the pages cannot be mapped).
pub fn write_and_call(n: usize, dual: bool) -> Option<f64> {
    let pages = Pages::new(n * SLOT, dual)?;
    // Fault the pages in first: the rows compare the cost of running fresh code, not of
    // fresh memory (the pool keeps its pages too).
    // SAFETY: `rw` is a writable mapping of `n * SLOT` bytes.
    unsafe { std::ptr::write_bytes(pages.rw, 0xCC, n * SLOT) };
    let t = Instant::now();
    for i in 0..n {
        let mut code = [0xCC_u8; SLOT];
        code[0] = 0xB8;
        code[1..5].copy_from_slice(&(i as u32).to_le_bytes());
        code[5] = 0xC3;
        // SAFETY: slot `i` lies inside the mapping; nothing else reads or runs it yet.
        unsafe { pages.rw.add(i * SLOT).copy_from_nonoverlapping(code.as_ptr(), SLOT) };
        std::sync::atomic::fence(std::sync::atomic::Ordering::SeqCst);
        // SAFETY: slot `i` of the executable view holds the complete function just written
        // (`mov eax, i; ret`), which follows the System V ABI.
        let f =
            unsafe { std::mem::transmute::<*const u8, extern "sysv64" fn() -> u32>(pages.rx.add(i * SLOT)) };
        assert_eq!(std::hint::black_box(f)(), i as u32);
    }
    Some(t.elapsed().as_secs_f64() * 1e6 / n as f64)
}

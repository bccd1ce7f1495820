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

impl Pages {
    fn new(len: usize, dual: bool) -> Option<Pages> {
        let prot_rwx = libc::PROT_READ | libc::PROT_WRITE | libc::PROT_EXEC;
        // SAFETY: plain mmap/memfd calls with no MAP_FIXED; every result is checked before use
        // and the mappings are owned by the returned value alone.
        unsafe {
            if !dual {
                let flags = libc::MAP_PRIVATE | libc::MAP_ANONYMOUS;
                let p = libc::mmap(std::ptr::null_mut(), len, prot_rwx, flags, -1, 0);
                return (p != libc::MAP_FAILED).then(|| Pages { rw: p.cast(), rx: p.cast(), len });
            }
            let fd = libc::memfd_create(c"floor".as_ptr(), libc::MFD_CLOEXEC);
            if fd < 0 || libc::ftruncate(fd, len as libc::off_t) != 0 {
                return None;
            }
            let rw = libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_SHARED,
                fd,
                0,
            );
            let rx = libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_EXEC,
                libc::MAP_SHARED,
                fd,
                0,
            );
            libc::close(fd);
            (rw != libc::MAP_FAILED && rx != libc::MAP_FAILED).then(|| Pages {
                rw: rw.cast(),
                rx: rx.cast(),
                len,
            })
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

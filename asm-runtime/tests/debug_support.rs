//! Debugger and profiler support: gdb names code registered through the JIT interface, and
//! the perf map gets one line per function.
//!
//! The gdb tests run this same test executable under gdb, selecting only
//! `gdb_child_runs_registered_code` and setting `X86_DEBUG_CHILD=1`; that test then maps a tiny
//! function, registers it as `jit_answer_fn` and calls it. The function calls back into Rust,
//! which stops the process with `SIGTRAP` so gdb can print the backtrace.

use asm_runtime::debug::{perf_map_append, register_gdb};
use std::process::Command;

const CHILD_ENV: &str = "X86_DEBUG_CHILD";
const CHILD_TEST: &str = "gdb_child_runs_registered_code";
const JIT_NAME: &str = "jit_answer_fn";

/// Called from the generated code: stops the process so the debugger can look at the stack.
extern "C" fn trap_from_jit() {
    // SAFETY: raising a signal has no memory-safety preconditions.
    unsafe {
        libc::raise(libc::SIGTRAP);
    }
}

/// `push rbp; mov rbp, rsp; movabs rax, target; call rax; pop rbp; ret`: a frame gdb's
/// prologue analysis recognizes, and a 16-byte aligned stack at the call.
fn call_through(target: u64) -> Vec<u8> {
    let mut code = vec![0x55, 0x48, 0x89, 0xe5, 0x48, 0xb8];
    code.extend_from_slice(&target.to_le_bytes());
    code.extend_from_slice(&[0xff, 0xd0, 0x5d, 0xc3]);
    code
}

/// Executable (never writable at the same time) memory holding `code`; unmapped on drop.
struct Page {
    addr: *mut libc::c_void,
    size: usize,
}

impl Page {
    fn new(code: &[u8]) -> Page {
        let size = 4096;
        assert!(code.len() <= size);
        // SAFETY: a fresh anonymous private mapping; no existing memory is affected.
        let addr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                size,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        assert_ne!(addr, libc::MAP_FAILED, "mmap: {}", std::io::Error::last_os_error());
        // SAFETY: the mapping is `size >= code.len()` writable bytes that nothing else uses.
        unsafe { std::ptr::copy_nonoverlapping(code.as_ptr(), addr.cast::<u8>(), code.len()) };
        // SAFETY: `addr..addr + size` is the mapping made above.
        let rc = unsafe { libc::mprotect(addr, size, libc::PROT_READ | libc::PROT_EXEC) };
        assert_eq!(rc, 0, "mprotect: {}", std::io::Error::last_os_error());
        Page { addr, size }
    }

    fn addr(&self) -> u64 {
        self.addr as usize as u64
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `new`, no longer used.
        unsafe { libc::munmap(self.addr, self.size) };
    }
}

#[test]
fn gdb_child_runs_registered_code() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return; // only meaningful when started under gdb by the tests below
    }
    let code = call_through(trap_from_jit as *const () as usize as u64);
    let page = Page::new(&code);
    let registration = register_gdb(JIT_NAME, page.addr(), code.len());
    assert!(registration.is_active());
    // SAFETY: the page holds a complete `extern "C" fn()` that calls `trap_from_jit`.
    let f = unsafe { std::mem::transmute::<*mut libc::c_void, extern "C" fn()>(page.addr) };
    f();
    drop(registration);
}

fn have_gdb() -> bool {
    Command::new("gdb").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// Runs the child test under `gdb -batch` with the given commands; `None` when gdb is missing
/// or may not trace processes here.
fn gdb_output(commands: &[&str]) -> Option<String> {
    if !have_gdb() {
        eprintln!("gdb is not on PATH; skipping");
        return None;
    }
    let exe = std::env::current_exe().expect("test executable path");
    let mut cmd = Command::new("gdb");
    cmd.args(["-batch", "-nx"]);
    for c in commands {
        cmd.args(["-ex", c]);
    }
    cmd.arg("--args").arg(exe).args(["--exact", CHILD_TEST, "--nocapture", "--test-threads=1"]);
    cmd.env(CHILD_ENV, "1");
    let out = cmd.output().expect("gdb runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if text.contains("ptrace: Operation not permitted") || text.contains("Could not trace the inferior") {
        eprintln!("gdb may not trace processes here; skipping:\n{text}");
        return None;
    }
    Some(text)
}

#[test]
fn gdb_backtrace_names_registered_code() {
    let Some(text) = gdb_output(&["run", "bt"]) else { return };
    assert!(text.contains("SIGTRAP"), "gdb output:\n{text}");
    let frame = text.lines().find(|l| l.starts_with('#') && l.contains(JIT_NAME));
    assert!(frame.is_some(), "no `{JIT_NAME}` frame in gdb output:\n{text}");
    // The generated function is found by unwinding out of the signal, through the callback
    // (which an optimized build may turn into a tail call to `raise`).
    let frames: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
    let raise = frames.iter().position(|l| l.contains("raise"));
    let jit = frames.iter().position(|l| l.contains(JIT_NAME));
    assert!(matches!((raise, jit), (Some(r), Some(j)) if r < j), "gdb output:\n{text}");
}

#[test]
fn gdb_breaks_on_registered_name() {
    let Some(text) =
        gdb_output(&["set breakpoint pending on", &format!("break {JIT_NAME}"), "run", "bt", "kill"])
    else {
        return;
    };
    assert!(text.contains(&format!("in {JIT_NAME} ()")), "gdb output:\n{text}");
    assert!(text.lines().any(|l| l.starts_with("#0") && l.contains(JIT_NAME)), "gdb output:\n{text}");
    assert!(!text.contains("SIGTRAP"), "stopped in the callback, not at the breakpoint:\n{text}");
}

#[test]
fn registration_without_a_debugger_is_harmless() {
    let code = call_through(0);
    let page = Page::new(&code);
    let regs: Vec<_> = (0..16).map(|i| register_gdb(&format!("f{i}"), page.addr() + i, 1)).collect();
    assert!(regs.iter().all(|r| r.is_active()));
    // Drop in an order that exercises unlinking from the middle, the head and the tail.
    let (even, odd): (Vec<_>, Vec<_>) = regs.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    drop(odd);
    drop(even);
    let _again = register_gdb("name\0with nul", page.addr(), code.len());
}

#[test]
fn perf_map_gets_one_line_per_function() {
    let addr = 0x7f00_dead_b000_u64;
    perf_map_append("jit_perf_fn", addr, 0x123).expect("append to the perf map");
    perf_map_append("two\nlines", addr + 0x200, 0x10).expect("append to the perf map");
    let path = format!("/tmp/perf-{}.map", std::process::id());
    let text = std::fs::read_to_string(&path).expect("perf map exists");
    let _ = std::fs::remove_file(&path);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.contains(&"7f00deadb000 123 jit_perf_fn"), "{text}");
    assert!(lines.contains(&"7f00deadb200 10 two lines"), "{text}");
}

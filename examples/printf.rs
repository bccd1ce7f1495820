//! Calls libc's printf from JIT code.
use asm_macro::x86;
use asm_runtime::{sym::sym, Assembler};

fn main() {
    let printf = sym("printf").expect("printf is in libc");
    let mut a = Assembler::new();
    x86!(a;
        push rbx;                    // keeps rsp 16-byte aligned at the call
        lea rdi, [rip + fmt];        // the format string, placed after the code
        lea rsi, [rip + who];
        xor eax, eax;                // variadic call: no vector registers used
        call {printf};               // direct rel32 when near, else through a stub
        pop rbx;
        ret;
    fmt:
        db "Hello, %s!", 10, 0;
    who:
        db "world", 0
    );
    let code = a.finalize().expect("assembles");
    // SAFETY: the code is a complete `fn()` that returns printf's result in eax.
    let f = unsafe { code.entry::<extern "sysv64" fn() -> i32>() };
    f();
    // SAFETY: flushes C stdio so the greeting appears before the process ends.
    unsafe { libc_fflush() };
}

extern "C" {
    fn fflush(stream: *mut std::ffi::c_void) -> i32;
}

unsafe fn libc_fflush() {
    // SAFETY: fflush(NULL) flushes every open output stream.
    unsafe { fflush(std::ptr::null_mut()) };
}

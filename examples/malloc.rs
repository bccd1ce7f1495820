//! JIT code that calls malloc, writes through the pointer, reads it back and calls free.
use asm_macro::x86;
use asm_runtime::{sym::sym, Assembler};

fn main() {
    let malloc = sym("malloc").expect("malloc");
    let free = sym("free").expect("free");
    let mut a = Assembler::new();
    x86!(a;
        push rbx;                         // callee-saved; also aligns rsp for the calls
        mov edi, 64;
        call {malloc};
        mov rbx, rax;                     // keep the pointer
        mov qword ptr [rbx], 40;
        mov qword ptr [rbx + 8], 2;
        mov rax, [rbx];
        add rax, [rbx + 8];               // 42
        mov [rbx + 16], rax;
        mov rdi, rbx;
        mov rbx, [rbx + 16];              // the result survives free
        call {free};
        mov rax, rbx;
        pop rbx;
        ret
    );
    let code = a.finalize().expect("assembles");
    // SAFETY: the code is a complete `fn() -> i64`.
    let f = unsafe { code.entry::<extern "sysv64" fn() -> i64>() };
    println!("Result: {}", f());
}

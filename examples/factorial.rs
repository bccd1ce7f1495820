//! Factorial with a `loop`: the design card's first example.
use asm_macro::x86;
use asm_runtime::Assembler;

fn factorial(n: i64) -> i64 {
    let mut a = Assembler::new();
    x86!(a;
        mov rcx, {n};        // a Rust expression operand, type-checked
        mov rax, 1;
    l1:
        imul rax, rcx;
        loop l1;
        ret
    );
    let code = a.finalize().expect("assembles");
    // The handle borrows `code`, so the function cannot outlive its memory.
    // SAFETY: the code is a complete function returning an i64 in rax.
    let f = unsafe { code.entry::<extern "sysv64" fn() -> i64>() };
    f()
}

fn main() {
    let n = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(5);
    println!("Result: {}", factorial(n));
}

//! Makes an `add N` function at run time from a command-line number and calls it.
//!
//! `cargo run --example adder -- 10` prints `f(1) = 11 f(2) = 12 f(3) = 13`.
use asm_macro::x86;
use asm_runtime::Assembler;

fn make_adder(n: i32) -> asm_runtime::ExecBuffer {
    let mut a = Assembler::new();
    x86!(a;
        mov rax, rdi;        // first integer argument
        add rax, {n};        // an imm32 hole: sign-extended; the short form is chosen when it fits
        ret
    );
    a.finalize().expect("assembles")
}

fn main() {
    let n: i32 = match std::env::args().nth(1).map(|s| s.parse()) {
        None => 5,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            eprintln!("usage: adder [N]  (N an i32): {e}");
            std::process::exit(2);
        }
    };
    let code = make_adder(n);
    // SAFETY: the code is `fn(i64) -> i64`.
    let f = unsafe { code.entry::<extern "sysv64" fn(i64) -> i64>() };
    println!("f(1) = {} f(2) = {} f(3) = {}", f(1), f(2), f(3));
}

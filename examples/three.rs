//! The smallest JIT: a function that returns 3.
use asm_macro::x86;

fn main() {
    // `x86!(new; ...)` evaluates to a fresh Assembler holding the code.
    let a = x86!(new; mov eax, 3; ret);
    let code = a.finalize().expect("assembles");
    // SAFETY: the code is a complete function; writing eax zero-extends into rax.
    let f = unsafe { code.entry::<extern "sysv64" fn() -> i64>() };
    println!("Result: {}", f());
}

//! Arithmetic in JIT code: (18 + 4 - 2) * 2.
use asm_macro::x86;
use asm_runtime::Assembler;

fn main() {
    let mut a = Assembler::new();
    a.set_listing(true);
    x86!(a;
        mov rax, 18;
        add rax, 4;
        sub rax, 2;
        imul rax, rax, 2;
        ret
    );
    let code = a.finalize().expect("assembles");
    print!("{}", code.listing_text());
    // SAFETY: the code above is a complete function returning an i64 in rax.
    let f = unsafe { code.entry::<extern "sysv64" fn() -> i64>() };
    println!("Result: {}", f());
}

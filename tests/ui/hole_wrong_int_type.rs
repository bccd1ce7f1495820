use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    let k: i64 = 5;
    x86!(a; add rax, {k});
}

use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    x86!(a; fadd st(1), st(2));
}

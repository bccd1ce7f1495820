use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    x86!(a; vpxor xmm16, xmm1, xmm2);
}

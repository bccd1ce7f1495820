use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    x86!(a; vpxor xmm0 {k1}, xmm1, xmm2);
}

use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    let m = asm_runtime::KReg::K1; x86!(a; vaddps zmm0 {k{m}}, zmm1, zmm2);
}

use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    let m = 3; x86!(a; vaddps zmm0 {m}, zmm1, zmm2);
}

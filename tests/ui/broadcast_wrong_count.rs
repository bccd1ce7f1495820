use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    x86!(a; vaddps zmm0, zmm1, dword ptr [rax]{1to8});
}

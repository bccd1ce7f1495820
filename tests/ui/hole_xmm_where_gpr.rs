use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    let x = asm_runtime::Xmm::XMM1;
    x86!(a; add rax, xmm{x});
}

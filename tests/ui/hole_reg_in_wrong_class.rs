use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    let r = asm_runtime::Gpr32::EAX;
    x86!(a; mov rax, r64{r});
}

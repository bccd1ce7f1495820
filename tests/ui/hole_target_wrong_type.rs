use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    let t = "x";
    x86!(a; call {t});
}

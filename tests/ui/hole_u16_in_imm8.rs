use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    let x: u16 = 1;
    x86!(a; shl rax, {x});
}

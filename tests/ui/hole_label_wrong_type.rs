use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    let l: i32 = 0;
    x86!(a; {l}: nop);
}

use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    x86!(a; add al, 300; mov eax, 0x1_0000_0000);
}

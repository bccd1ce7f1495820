use asm_macro::x86;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    let d: u64 = 8;
    x86!(a; mov rax, [rbx + {d}]);
}

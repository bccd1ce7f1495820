use asm_macro::x86;

fn main() {
    let _ = x86!(new; .arch x86-64-v2, +avx9; ret);
}

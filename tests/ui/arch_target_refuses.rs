use asm_macro::x86;

fn main() {
    let _ = x86!(new; .arch x86-64-v2; paddd xmm0, xmm1; vpxor ymm0, ymm1, ymm2);
}

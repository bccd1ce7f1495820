use asm_macro::x86;
use asm_runtime::Xmm;
fn main() {
    let mut a = asm_runtime::Assembler::new();
    let r = Xmm::XMM0;
    x86!(a; mov r64{r}, 1);
}

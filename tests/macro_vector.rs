//! The `x86!` macro encodes VEX, EVEX, x87 and system-register instructions at compile time
//! through the same table and encoder (bytes from llvm-mc). Decorations and `st(i)` spelled
//! with parentheses wait for the new front end; `st3` is the same register.

use asm_macro::x86;

#[test]
fn vector_x87_and_system_instructions_through_the_macro() {
    let mut a = asm_runtime::Assembler::new();
    x86!(a;
        vaddps ymm0, ymm1, ymmword ptr [rax + 32];
        vfmadd231ps xmm1, xmm2, xmm3;
        vaddps zmm1, zmm2, zmm3;
        vaddps zmm1, zmm2, zmmword ptr [rax + 128];
        mov rax, cr0;
        kmovw k1, edi;
        vzeroupper;
        fld tbyte ptr [rax];
        fadd st0, st3
    );
    assert_eq!(
        a.assemble_at(0).unwrap().bytes,
        [
            0xc5, 0xf4, 0x58, 0x40, 0x20, // vaddps ymm (VEX: no displacement scaling)
            0xc4, 0xe2, 0x69, 0xb8, 0xcb, // vfmadd231ps xmm
            0x62, 0xf1, 0x6c, 0x48, 0x58, 0xcb, // vaddps zmm
            0x62, 0xf1, 0x6c, 0x48, 0x58, 0x48, 0x02, // disp8*N: 128 = 2*64
            0x0f, 0x20, 0xc0, // mov rax, cr0
            0xc5, 0xf8, 0x92, 0xcf, // kmovw k1, edi
            0xc5, 0xf8, 0x77, // vzeroupper
            0xdb, 0x28, // fld tbyte ptr [rax]
            0xd8, 0xc3, // fadd st(0), st(3)
        ]
    );
}

//! Vector code assembled at run time and executed: a VEX kernel (AVX + FMA on ymm registers) and
//! an EVEX kernel (AVX-512 on zmm registers with a write mask from `kmovw` and a broadcast),
//! compared with scalar Rust. A kernel whose CPU features are missing is still assembled and
//! decoded, then reported as skipped.

use asm_runtime::ast::Decorations;
use asm_runtime::{Assembler, Gpr32, Gpr64, KMask, KReg, Mem, Operand, Size, Ymm, Zmm};
use iced_x86::{Decoder, DecoderOptions};

fn at(base: Gpr64, index: Gpr64, size: Size) -> Operand {
    Mem::sib(base, index, 4, 0).sized(size).into()
}

/// All instructions decode (iced) and nothing is left over.
fn decodes(bytes: &[u8]) -> usize {
    let mut dec = Decoder::with_ip(64, bytes, 0, DecoderOptions::NONE);
    let mut n = 0;
    while dec.can_decode() {
        assert!(!dec.decode().is_invalid(), "undecodable code: {bytes:02x?}");
        n += 1;
    }
    n
}

/// `c[i] = a[i] + b[i] + a[i] * b[i]` over `n` floats (a multiple of 8), with
/// `vaddps ymm` and `vfmadd231ps ymm`.
fn vex_kernel() -> Assembler {
    let mut a = Assembler::new();
    let (rdi, rsi, rdx, rcx, rax) = (Gpr64::RDI, Gpr64::RSI, Gpr64::RDX, Gpr64::RCX, Gpr64::RAX);
    let (y0, y1, y2) = (Ymm::YMM0, Ymm::YMM1, Ymm::YMM2);
    let top = a.new_label();
    a.instr("xor", &[Gpr32::EAX.into(), Gpr32::EAX.into()]).unwrap();
    a.bind(top);
    a.instr("vmovdqu", &[y0.into(), at(rdi, rax, Size::Ymmword)]).unwrap();
    a.instr("vmovdqu", &[y1.into(), at(rsi, rax, Size::Ymmword)]).unwrap();
    a.instr("vaddps", &[y2.into(), y0.into(), y1.into()]).unwrap();
    a.instr("vfmadd231ps", &[y2.into(), y0.into(), y1.into()]).unwrap();
    a.instr("vmovdqu", &[at(rdx, rax, Size::Ymmword), y2.into()]).unwrap();
    a.instr("add", &[rax.into(), Operand::Imm(8)]).unwrap();
    a.instr("cmp", &[rax.into(), rcx.into()]).unwrap();
    a.instr("jb", &[top.into()]).unwrap();
    a.instr("vzeroupper", &[]).unwrap();
    a.instr("ret", &[]).unwrap();
    a
}

/// `out[i] = mask bit i ? a[i] + *s : 0` over 16 floats: `kmovw k1, edx`, then
/// `vaddps zmm1 {k1}{z}, zmm0, dword ptr [rcx]{1to16}`.
fn evex_kernel() -> Assembler {
    let mut a = Assembler::new();
    let none = Decorations::default();
    let (z0, z1) = (Zmm::ZMM0, Zmm::ZMM1);
    let zmm_at = |r: Gpr64| Operand::from(Mem::base(r).sized(Size::Zmmword));
    a.instr("kmovw", &[KReg::K1.into(), Gpr32::EDX.into()]).unwrap();
    a.instr("vmovdqu32", &[z0.into(), zmm_at(Gpr64::RDI)]).unwrap();
    a.instr("vpxord", &[z1.into(), z1.into(), z1.into()]).unwrap();
    let masked = Decorations { mask: Some(KMask::K1.into()), zeroing: true, broadcast: Some(16), ..none };
    let scalar = Operand::from(Mem::base(Gpr64::RCX).sized(Size::Dword));
    a.instr_deco(None, "vaddps", &[z1.into(), z0.into(), scalar], &masked).unwrap();
    a.instr("vmovdqu32", &[zmm_at(Gpr64::RSI), z1.into()]).unwrap();
    a.instr("vzeroupper", &[]).unwrap();
    a.instr("ret", &[]).unwrap();
    a
}

/// `out[i] = table[idx[i]]` for 8 lanes with `vpgatherdd ymm` (VSIB, mask in `vvvv`).
fn gather_kernel() -> Assembler {
    let mut a = Assembler::new();
    let ymm_at = |r: Gpr64| Operand::from(Mem::base(r).sized(Size::Ymmword));
    let (y0, y1, y2) = (Ymm::YMM0, Ymm::YMM1, Ymm::YMM2);
    a.instr("vmovdqu", &[y1.into(), ymm_at(Gpr64::RSI)]).unwrap();
    a.instr("vmovdqu", &[y2.into(), ymm_at(Gpr64::RDX)]).unwrap();
    let vsib = Mem::sib(Gpr64::RDI, y1, 4, 0).sized(Size::Ymmword);
    a.instr("vpgatherdd", &[y0.into(), vsib.into(), y2.into()]).unwrap();
    a.instr("vmovdqu", &[ymm_at(Gpr64::RCX), y0.into()]).unwrap();
    a.instr("vzeroupper", &[]).unwrap();
    a.instr("ret", &[]).unwrap();
    a
}

fn missing(features: &[(&'static str, bool)]) -> Vec<&'static str> {
    features.iter().filter(|(_, ok)| !ok).map(|(n, _)| *n).collect()
}

#[test]
fn vex_kernel_matches_scalar_code() {
    let a = vex_kernel();
    assert_eq!(decodes(&a.assemble_at(0).unwrap().bytes), 11);
    let lacking = missing(&[
        ("avx", std::is_x86_feature_detected!("avx")),
        ("avx2", std::is_x86_feature_detected!("avx2")),
        ("fma", std::is_x86_feature_detected!("fma")),
    ]);
    if !lacking.is_empty() {
        println!("skipped: CPU lacks {}", lacking.join(", "));
        return;
    }
    let code = a.finalize().unwrap();
    // SAFETY: the code is a complete `fn(*const f32, *const f32, *mut f32, usize)` that reads
    // `n` floats from the first two pointers and writes `n` to the third.
    let f = unsafe { code.entry::<extern "sysv64" fn(*const f32, *const f32, *mut f32, usize)>() };
    let x: Vec<f32> = (0..64).map(|i| i as f32 * 0.37 - 5.0).collect();
    let y: Vec<f32> = (0..64).map(|i| 3.5 - i as f32 * 0.11).collect();
    let mut out = vec![0f32; 64];
    f(x.as_ptr(), y.as_ptr(), out.as_mut_ptr(), 64);
    for i in 0..64 {
        let want = x[i].mul_add(y[i], x[i] + y[i]);
        assert_eq!(out[i].to_bits(), want.to_bits(), "element {i}: {} vs {want}", out[i]);
    }
}

#[test]
fn evex_kernel_matches_scalar_code() {
    let a = evex_kernel();
    let bytes = a.assemble_at(0).unwrap().bytes;
    assert_eq!(decodes(&bytes), 7);
    let lacking = missing(&[("avx512f", std::is_x86_feature_detected!("avx512f"))]);
    if !lacking.is_empty() {
        println!("skipped: CPU lacks {}", lacking.join(", "));
        return;
    }
    let code = a.finalize().unwrap();
    // SAFETY: the code is a complete `fn(*const f32, *mut f32, u32, *const f32)` reading 16
    // floats and one float, writing 16 floats.
    let f = unsafe { code.entry::<extern "sysv64" fn(*const f32, *mut f32, u32, *const f32)>() };
    let x: Vec<f32> = (0..16).map(|i| i as f32 * 1.25 - 3.0).collect();
    let s = 0.5f32;
    for mask in [0u32, 0xffff, 0x8001, 0x5a5a, 0x0f0f] {
        let mut out = vec![7f32; 16];
        f(x.as_ptr(), out.as_mut_ptr(), mask, &s);
        for i in 0..16 {
            let want = if mask >> i & 1 == 1 { x[i] + s } else { 0.0 };
            assert_eq!(out[i], want, "mask {mask:#x}, element {i}");
        }
    }
}

#[test]
fn gather_kernel_matches_scalar_code() {
    let a = gather_kernel();
    assert_eq!(decodes(&a.assemble_at(0).unwrap().bytes), 6);
    let lacking = missing(&[("avx2", std::is_x86_feature_detected!("avx2"))]);
    if !lacking.is_empty() {
        println!("skipped: CPU lacks {}", lacking.join(", "));
        return;
    }
    let code = a.finalize().unwrap();
    // SAFETY: the code is a complete `fn(*const i32, *const i32, *const i32, *mut i32)` that
    // reads 8 indices and 8 mask lanes, gathers from the table at those indices and writes 8
    // lanes to the last pointer.
    let f = unsafe { code.entry::<extern "sysv64" fn(*const i32, *const i32, *const i32, *mut i32)>() };
    let table: Vec<i32> = (0..100).map(|i| i * i - 7).collect();
    let idx = [3, 99, 0, 42, 42, 7, 64, 1];
    let mask = [-1i32; 8];
    let mut out = [0i32; 8];
    f(table.as_ptr(), idx.as_ptr(), mask.as_ptr(), out.as_mut_ptr());
    let want: Vec<i32> = idx.iter().map(|&i| table[i as usize]).collect();
    assert_eq!(out.to_vec(), want);
}

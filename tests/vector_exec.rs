//! Vector and x87 code written with `x86!` and the text assembler, executed: a VEX kernel (AVX +
//! FMA on ymm registers), an EVEX kernel (AVX-512 on zmm registers with a write mask from `kmovw`,
//! a mask hole and a broadcast), an AVX2 gather (VSIB), BMI `andn`/`shlx` and x87 arithmetic,
//! compared with scalar Rust. A kernel whose CPU features are missing is still assembled and
//! decoded, then reported as skipped.

use asm_macro::x86;
use asm_runtime::{Assembler, KMask, KReg, Ymm};

#[path = "common/decode.rs"]
mod decode;
use decode::decodes;

/// `c[i] = a[i] + b[i] + a[i] * b[i]` over `n` floats (a multiple of 8), with
/// `vaddps ymm` and `vfmadd231ps ymm`; the accumulator is a register hole.
fn vex_kernel() -> Assembler {
    let acc = Ymm::YMM2;
    x86!(new;
        xor eax, eax;
    top:
        vmovdqu ymm0, ymmword ptr [rdi + rax*4];
        vmovdqu ymm1, ymmword ptr [rsi + rax*4];
        vaddps ymm{acc}, ymm0, ymm1;
        vfmadd231ps ymm{acc}, ymm0, ymm1;
        vmovdqu ymmword ptr [rdx + rax*4], ymm{acc};
        add rax, 8;
        cmp rax, rcx;
        jb top;
        vzeroupper;
        ret
    )
}

/// `out[i] = mask bit i ? a[i] + *s : 0` over 16 floats: `kmovw k1, edx`, then
/// `vaddps zmm1 {k1}{z}, zmm0, dword ptr [rcx]{1to16}`, the mask a Rust value.
fn evex_kernel() -> Assembler {
    let m = KMask::K1;
    let k = KReg::K1;
    x86!(new;
        kmovw k{k}, edx;
        vmovdqu32 zmm0, zmmword ptr [rdi];
        vpxord zmm1, zmm1, zmm1;
        vaddps zmm1 {k{m}}{z}, zmm0, dword ptr [rcx]{1to16};
        vmovdqu32 zmmword ptr [rsi], zmm1;
        vzeroupper;
        ret
    )
}

/// `out[i] = table[idx[i]]` for 8 lanes with `vpgatherdd ymm` (VSIB, mask in `vvvv`), from the
/// text assembler.
fn gather_kernel() -> Assembler {
    let mut a = Assembler::new();
    a.assemble_text(
        "vmovdqu ymm1, ymmword ptr [rsi]
         vmovdqu ymm2, ymmword ptr [rdx]
         vpgatherdd ymm0, [rdi + ymm1*4], ymm2
         vmovdqu ymmword ptr [rcx], ymm0
         vzeroupper
         ret",
    )
    .unwrap();
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

#[test]
fn bmi_andn_and_shlx() {
    let a = x86!(new; andn rax, rdi, rsi; shlx rax, rax, rdx; ret);
    assert_eq!(decodes(&a.assemble_at(0).unwrap().bytes), 3);
    let lacking = missing(&[
        ("bmi1", std::is_x86_feature_detected!("bmi1")),
        ("bmi2", std::is_x86_feature_detected!("bmi2")),
    ]);
    if !lacking.is_empty() {
        println!("skipped: CPU lacks {}", lacking.join(", "));
        return;
    }
    let code = a.finalize().unwrap();
    // SAFETY: the code is a complete `fn(u64, u64, u64) -> u64`.
    let f = unsafe { code.entry::<extern "sysv64" fn(u64, u64, u64) -> u64>() };
    for (x, y, n) in [(0xf0u64, 0xffu64, 4u64), (0, u64::MAX, 63), (0x1234, 0xffff_0000_ffff, 70)] {
        assert_eq!(f(x, y, n), (!x & y) << (n % 64), "andn/shlx of {x:#x}, {y:#x}, {n}");
    }
}

#[test]
fn x87_arithmetic_in_extended_precision() {
    // (a + b) + a through st(i) forms, a round trip through an 80-bit temporary, and m32/m64
    // loads and stores; the text assembler and the macro build the same function.
    let src = "fld qword ptr [rdi]
               fld dword ptr [rsi]
               fadd st(0), st(1)
               faddp st(1), st(0)
               fstp tbyte ptr [rdx]
               fld tbyte ptr [rdx]
               fstp qword ptr [rdx]
               ret";
    let mut t = Assembler::new();
    t.assemble_text(src).unwrap();
    let m = x86!(new;
        fld qword ptr [rdi];
        fld dword ptr [rsi];
        fadd st(0), st(1);
        faddp st(1), st(0);
        fstp tbyte ptr [rdx];
        fld tbyte ptr [rdx];
        fstp qword ptr [rdx];
        ret
    );
    let bytes = m.assemble_at(0).unwrap().bytes;
    assert_eq!(bytes, t.assemble_at(0).unwrap().bytes);
    assert_eq!(decodes(&bytes), 8);
    let code = m.finalize().unwrap();
    // SAFETY: the code is a complete `fn(*const f64, *const f32, *mut [u8; 16])` that writes an
    // f64 into the first 8 bytes of the buffer (using all 10 as scratch first).
    let f = unsafe { code.entry::<extern "sysv64" fn(*const f64, *const f32, *mut [u8; 16])>() };
    for (a, b) in [(1.5f64, 2.25f32), (-3.0, 0.125), (1e300, 1.0)] {
        let mut out = [0u8; 16];
        f(&a, &b, &mut out);
        let got = f64::from_le_bytes(out[..8].try_into().unwrap());
        assert_eq!(got, (a + f64::from(b)) + a, "({a} + {b}) + {a}");
    }
}

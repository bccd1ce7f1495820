//! The floating-point AVX/AVX2, FMA3 and F16C forms, executed and compared with Rust: an FMA dot
//! product and Horner polynomials (`vfmadd231ps`, `vfmadd213pd`, broadcasts), gathers of floats
//! and doubles, `vperm2f128`/`vpermps`/`vpermpd`/`vpermilps` shuffles, a half-precision round
//! trip (`vcvtps2ph`/`vcvtph2ps`), a compare mask feeding `vblendvps`, and `vroundps` in its four
//! rounding modes. Some kernels are written with `x86!`, others with the text assembler. Each
//! kernel is assembled and decoded even when the CPU lacks a feature, then skipped with a reason.

use asm_macro::x86;
use asm_runtime::isa::aliases_vex::VCMP_ALIASES;
use asm_runtime::Assembler;

#[path = "common/decode.rs"]
mod decode;
use decode::decodes;

/// The names of the features in `needed` that the CPU lacks; prints the skip reason if any.
fn lacking(test: &str, needed: &[&'static str]) -> bool {
    let missing: Vec<&str> = needed
        .iter()
        .copied()
        .filter(|f| match *f {
            "avx" => !std::is_x86_feature_detected!("avx"),
            "avx2" => !std::is_x86_feature_detected!("avx2"),
            "fma" => !std::is_x86_feature_detected!("fma"),
            "f16c" => !std::is_x86_feature_detected!("f16c"),
            other => panic!("unknown feature {other}"),
        })
        .collect();
    if !missing.is_empty() {
        eprintln!("skipped {test}: CPU lacks {}", missing.join(", "));
    }
    !missing.is_empty()
}

fn text(src: &str) -> Assembler {
    let mut a = Assembler::new();
    a.assemble_text(src).unwrap();
    a
}

/// `sum(a[i] * b[i])` over `n` floats (a multiple of 8): eight lanes of `vfmadd231ps`, then
/// `vextractf128`, `vaddps` and two `vhaddps`.
fn dot_kernel() -> Assembler {
    x86!(new;
        vxorps ymm0, ymm0, ymm0;
        xor eax, eax;
    top:
        vmovups ymm1, ymmword ptr [rdi + rax*4];
        vfmadd231ps ymm0, ymm1, ymmword ptr [rsi + rax*4];
        add rax, 8;
        cmp rax, rdx;
        jb top;
        vextractf128 xmm1, ymm0, 1;
        vaddps xmm0, xmm0, xmm1;
        vhaddps xmm0, xmm0, xmm0;
        vhaddps xmm0, xmm0, xmm0;
        vzeroupper;
        ret
    )
}

#[test]
fn fma_dot_product_matches_rust() {
    let a = dot_kernel();
    assert_eq!(decodes(&a.assemble_at(0).unwrap().bytes), 13);
    if lacking("fma_dot_product", &["avx", "fma"]) {
        return;
    }
    let code = a.finalize().unwrap();
    // SAFETY: a complete `fn(*const f32, *const f32, usize) -> f32` reading `n` floats from
    // each pointer.
    let f = unsafe { code.entry::<extern "sysv64" fn(*const f32, *const f32, usize) -> f32>() };
    let x: Vec<f32> = (0..96).map(|i| (i as f32 * 0.731).sin() * 3.0).collect();
    let y: Vec<f32> = (0..96).map(|i| 1.5 - i as f32 * 0.017).collect();
    let mut lanes = [0f32; 8];
    for i in 0..x.len() {
        lanes[i % 8] = x[i].mul_add(y[i], lanes[i % 8]);
    }
    let s: Vec<f32> = (0..4).map(|j| lanes[j] + lanes[j + 4]).collect();
    let want = (s[0] + s[1]) + (s[2] + s[3]);
    let got = f(x.as_ptr(), y.as_ptr(), x.len());
    assert_eq!(got.to_bits(), want.to_bits(), "{got} vs {want}");
    let naive: f32 = x.iter().zip(&y).map(|(a, b)| a * b).sum();
    assert!((got - naive).abs() < 1e-3, "{got} vs naive {naive}");
}

/// `out[i] = c[3] x^3 + c[2] x^2 + c[1] x + c[0]` over 8 floats, Horner with `vfmadd231ps`
/// (the coefficient register accumulates) and `vbroadcastss` from memory.
const POLY_PS: &str = "
    vmovups ymm1, ymmword ptr [rdi]
    vbroadcastss ymm0, dword ptr [rsi + 12]
    vbroadcastss ymm2, dword ptr [rsi + 8]
    vfmadd231ps ymm2, ymm0, ymm1
    vbroadcastss ymm0, dword ptr [rsi + 4]
    vfmadd231ps ymm0, ymm2, ymm1
    vbroadcastss ymm2, dword ptr [rsi]
    vfmadd231ps ymm2, ymm0, ymm1
    vmovups ymmword ptr [rdx], ymm2
    vzeroupper
    ret";

/// The same over 4 doubles with `vfmadd213pd` (the accumulator is multiplied in place) and
/// `vfmadd231pd` for the last step.
fn poly_pd() -> Assembler {
    x86!(new;
        vmovupd ymm1, ymmword ptr [rdi];
        vbroadcastsd ymm0, qword ptr [rsi + 24];
        vbroadcastsd ymm2, qword ptr [rsi + 16];
        vfmadd213pd ymm0, ymm1, ymm2;
        vbroadcastsd ymm2, qword ptr [rsi + 8];
        vfmadd213pd ymm0, ymm1, ymm2;
        vbroadcastsd ymm2, qword ptr [rsi];
        vfmadd231pd ymm2, ymm0, ymm1;
        vmovupd ymmword ptr [rdx], ymm2;
        vzeroupper;
        ret
    )
}

#[test]
fn horner_polynomials_match_rust() {
    let ps = text(POLY_PS);
    let pd = poly_pd();
    assert_eq!(decodes(&ps.assemble_at(0).unwrap().bytes), 11);
    assert_eq!(decodes(&pd.assemble_at(0).unwrap().bytes), 11);
    if lacking("horner_polynomials", &["avx", "fma"]) {
        return;
    }
    let ps = ps.finalize().unwrap();
    let pd = pd.finalize().unwrap();
    // SAFETY: complete `fn(*const T, *const T, *mut T)` reading a vector and 4 coefficients,
    // writing a vector (8 floats, 4 doubles).
    let fs = unsafe { ps.entry::<extern "sysv64" fn(*const f32, *const f32, *mut f32)>() };
    let fd = unsafe { pd.entry::<extern "sysv64" fn(*const f64, *const f64, *mut f64)>() };
    let cs = [0.25f32, -1.5, 0.75, 0.125];
    for base in [-3.0f32, 0.0, 1.75] {
        let x: Vec<f32> = (0..8).map(|i| base + i as f32 * 0.3).collect();
        let mut out = [0f32; 8];
        fs(x.as_ptr(), cs.as_ptr(), out.as_mut_ptr());
        for i in 0..8 {
            let want = cs[3].mul_add(x[i], cs[2]).mul_add(x[i], cs[1]).mul_add(x[i], cs[0]);
            assert_eq!(out[i].to_bits(), want.to_bits(), "f32 lane {i}: {} vs {want}", out[i]);
        }
    }
    let cd = [1.0f64, -0.5, 1.0 / 3.0, -0.0625];
    for base in [-2.0f64, 0.5, 10.0] {
        let x: Vec<f64> = (0..4).map(|i| base + i as f64 * 0.7).collect();
        let mut out = [0f64; 4];
        fd(x.as_ptr(), cd.as_ptr(), out.as_mut_ptr());
        for i in 0..4 {
            let want = cd[3].mul_add(x[i], cd[2]).mul_add(x[i], cd[1]).mul_add(x[i], cd[0]);
            assert_eq!(out[i].to_bits(), want.to_bits(), "f64 lane {i}: {} vs {want}", out[i]);
        }
    }
}

/// `vgatherdps ymm` (dword indices), `vgatherdpd ymm` (dword indices in xmm) and
/// `vgatherqps xmm` (qword indices in ymm), each with an all-ones mask from `vcmpps ..., 0`.
const GATHERS: &str = "
    vxorps ymm3, ymm3, ymm3
    vcmpps ymm3, ymm3, ymm3, 0
    vmovups ymm1, ymmword ptr [rsi]
    vgatherdps ymm0, ymmword ptr [rdi + ymm1*4], ymm3
    vmovups ymmword ptr [rcx], ymm0
    vcmppd ymm3, ymm3, ymm3, 0
    vmovups xmm1, xmmword ptr [rsi]
    vgatherdpd ymm0, [rdx + xmm1*8], ymm3
    vmovupd ymmword ptr [r8], ymm0
    vxorps xmm3, xmm3, xmm3
    vcmpps xmm3, xmm3, xmm3, 0
    vmovups ymm1, ymmword ptr [r9]
    vgatherqps xmm0, xmmword ptr [rdi + ymm1*4], xmm3
    vmovups xmmword ptr [rcx + 32], xmm0
    vzeroupper
    ret";

#[test]
fn float_gathers_match_rust() {
    let a = text(GATHERS);
    assert_eq!(decodes(&a.assemble_at(0).unwrap().bytes), 16);
    if lacking("float_gathers", &["avx", "avx2"]) {
        return;
    }
    let code = a.finalize().unwrap();
    type Gather = extern "sysv64" fn(*const f32, *const i32, *const f64, *mut f32, *mut f64, *const i64);
    // SAFETY: a complete `Gather` reading 8 dword indices, 4 qword indices and the two tables at
    // those indices, writing 12 floats and 4 doubles.
    let f = unsafe { code.entry::<Gather>() };
    let ft: Vec<f32> = (0..50).map(|i| i as f32 * 1.5 - 20.0).collect();
    let dt: Vec<f64> = (0..50).map(|i| 1.0 / (i as f64 + 1.0)).collect();
    let idx = [7i32, 0, 49, 13, 13, 2, 31, 44];
    let qidx = [48i64, 1, 25, 9];
    let mut fo = [0f32; 12];
    let mut d_out = [0f64; 4];
    f(ft.as_ptr(), idx.as_ptr(), dt.as_ptr(), fo.as_mut_ptr(), d_out.as_mut_ptr(), qidx.as_ptr());
    for i in 0..8 {
        assert_eq!(fo[i], ft[idx[i] as usize], "vgatherdps lane {i}");
    }
    for i in 0..4 {
        assert_eq!(d_out[i], dt[idx[i] as usize], "vgatherdpd lane {i}");
        assert_eq!(fo[8 + i], ft[qidx[i] as usize], "vgatherqps lane {i}");
    }
}

/// `vperm2f128 ymm0, ymm1, ymm2, 0x21`, `vpermps` by an index vector, `vpermpd` by an
/// immediate and `vpermilps` by an immediate.
fn shuffles() -> Assembler {
    x86!(new;
        vmovups ymm1, ymmword ptr [rdi];
        vmovups ymm2, ymmword ptr [rsi];
        vperm2f128 ymm0, ymm1, ymm2, 0x21;
        vmovups ymmword ptr [rcx], ymm0;
        vmovups ymm3, ymmword ptr [rdx];
        vpermps ymm0, ymm3, ymm1;
        vmovups ymmword ptr [rcx + 32], ymm0;
        vpermpd ymm0, ymmword ptr [rdi], 0x1b;
        vmovupd ymmword ptr [rcx + 64], ymm0;
        vpermilps ymm0, ymm2, 0x4e;
        vmovups ymmword ptr [rcx + 96], ymm0;
        vzeroupper;
        ret
    )
}

#[test]
fn permutes_match_rust() {
    let a = shuffles();
    assert_eq!(decodes(&a.assemble_at(0).unwrap().bytes), 13);
    if lacking("permutes", &["avx", "avx2"]) {
        return;
    }
    let code = a.finalize().unwrap();
    // SAFETY: a complete `fn(*const f32, *const f32, *const i32, *mut f32)` reading 8 floats, 8
    // floats and 8 indices, writing 32 floats.
    let f = unsafe { code.entry::<extern "sysv64" fn(*const f32, *const f32, *const i32, *mut f32)>() };
    let x: [f32; 8] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
    let y: [f32; 8] = [-1.0, -2.0, -3.0, -4.0, -5.0, -6.0, -7.0, -8.0];
    let idx = [7i32, 7, 0, 3, 12, -1, 5, 1]; // vpermps uses the low 3 bits
    let mut out = [0f32; 32];
    f(x.as_ptr(), y.as_ptr(), idx.as_ptr(), out.as_mut_ptr());
    // 0x21: low half from the high half of the first source, high half from the low half of the
    // second.
    let want: Vec<f32> = x[4..].iter().chain(&y[..4]).copied().collect();
    assert_eq!(out[..8], want[..], "vperm2f128");
    let want: Vec<f32> = idx.iter().map(|&i| x[(i & 7) as usize]).collect();
    assert_eq!(out[8..16], want[..], "vpermps");
    // vpermpd 0x1b reverses the four doubles (each a pair of our floats).
    let mut want = Vec::new();
    for q in [3, 2, 1, 0] {
        want.extend_from_slice(&x[2 * q..2 * q + 2]);
    }
    assert_eq!(out[16..24], want[..], "vpermpd");
    // vpermilps 0x4e: in each 128-bit lane, elements 2, 3, 0, 1.
    let want: Vec<f32> = [2, 3, 0, 1, 6, 7, 4, 5].iter().map(|&i| y[i]).collect();
    assert_eq!(out[24..], want[..], "vpermilps");
}

/// f32 -> f16 bits with round-to-nearest-even, for values whose f16 is normal.
fn f16_bits(x: f32) -> u16 {
    let b = x.to_bits();
    let sign = ((b >> 16) & 0x8000) as u16;
    let rounded = (b & 0x7fff_ffff) + 0xfff + ((b >> 13) & 1);
    let exp = (rounded >> 23) as i32 - 127 + 15;
    assert!((1..31).contains(&exp), "{x} is not a normal half");
    sign | (exp as u16) << 10 | ((rounded >> 13) & 0x3ff) as u16
}

fn f16_to_f32(h: u16) -> f32 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from(h >> 10 & 0x1f);
    let frac = f32::from(h & 0x3ff);
    sign * (1.0 + frac / 1024.0) * 2f32.powi(exp - 15)
}

/// `vcvtps2ph xmmword ptr [rsi], ymm0, 0` (nearest even) and back with `vcvtph2ps ymm1`; also the
/// 128-bit forms through a register.
const HALF: &str = "
    vmovups ymm0, ymmword ptr [rdi]
    vcvtps2ph xmmword ptr [rsi], ymm0, 0
    vcvtph2ps ymm1, xmmword ptr [rsi]
    vmovups ymmword ptr [rdx], ymm1
    vcvtps2ph xmm2, xmm0, 4
    vcvtph2ps xmm3, xmm2
    vmovups xmmword ptr [rdx + 32], xmm3
    vzeroupper
    ret";

#[test]
fn half_precision_round_trip_matches_rust() {
    let a = text(HALF);
    assert_eq!(decodes(&a.assemble_at(0).unwrap().bytes), 9);
    if lacking("half_precision_round_trip", &["avx", "f16c"]) {
        return;
    }
    let code = a.finalize().unwrap();
    // SAFETY: a complete `fn(*const f32, *mut u16, *mut f32)` reading 8 floats, writing 8 halves
    // and 12 floats.
    let f = unsafe { code.entry::<extern "sysv64" fn(*const f32, *mut u16, *mut f32)>() };
    let x: [f32; 8] = [1.0, -2.0, 0.5, 65504.0, 0.1, 2.71, -1234.567, 1.0 + 1.0 / 2048.0];
    let mut halves = [0u16; 8];
    let mut back = [0f32; 12];
    f(x.as_ptr(), halves.as_mut_ptr(), back.as_mut_ptr());
    assert_eq!(halves[..4], [0x3c00, 0xc000, 0x3800, 0x7bff]);
    for i in 0..8 {
        assert_eq!(halves[i], f16_bits(x[i]), "half of {}", x[i]);
        assert_eq!(back[i], f16_to_f32(halves[i]), "round trip of {}", x[i]);
    }
    // Imm8 4 takes the rounding mode from MXCSR (nearest even by default): the same result.
    assert_eq!(back[8..], back[..4]);
}

/// `vcmp<lt>ps` (spelled through the predicate table) makes a mask that `vblendvps` uses to pick
/// the smaller element: `a < b ? a : b` (b when either is NaN).
fn blend_source() -> String {
    let (_, canon, imm) = VCMP_ALIASES.iter().find(|(alias, _, _)| *alias == "vcmpltps").unwrap();
    format!(
        "vmovups ymm0, ymmword ptr [rdi]
         vmovups ymm1, ymmword ptr [rsi]
         {canon} ymm3, ymm0, ymm1, {imm}
         vblendvps ymm4, ymm1, ymm0, ymm3
         vmovups ymmword ptr [rdx], ymm4
         vzeroupper
         ret"
    )
}

#[test]
fn compare_mask_and_blend_match_rust() {
    let a = text(&blend_source());
    assert_eq!(decodes(&a.assemble_at(0).unwrap().bytes), 7);
    if lacking("compare_mask_and_blend", &["avx"]) {
        return;
    }
    let code = a.finalize().unwrap();
    // SAFETY: a complete `fn(*const f32, *const f32, *mut f32)` on 8 floats each.
    let f = unsafe { code.entry::<extern "sysv64" fn(*const f32, *const f32, *mut f32)>() };
    let x = [1.0f32, 5.0, -3.0, f32::NAN, 0.0, -0.0, 7.5, f32::INFINITY];
    let y = [2.0f32, 4.0, -3.0, 1.0, -0.0, 0.0, f32::NAN, 1e30];
    let mut out = [0f32; 8];
    f(x.as_ptr(), y.as_ptr(), out.as_mut_ptr());
    for i in 0..8 {
        let want = if x[i] < y[i] { x[i] } else { y[i] };
        assert_eq!(out[i].to_bits(), want.to_bits(), "lane {i}: {} vs {want}", out[i]);
    }
}

/// `vroundps` with immediates 0 (nearest even), 1 (down), 2 (up), 3 (toward zero).
fn round_kernel() -> Assembler {
    x86!(new;
        vroundps ymm0, ymmword ptr [rdi], 0;
        vmovups ymmword ptr [rsi], ymm0;
        vroundps ymm0, ymmword ptr [rdi], 1;
        vmovups ymmword ptr [rsi + 32], ymm0;
        vroundps ymm0, ymmword ptr [rdi], 2;
        vmovups ymmword ptr [rsi + 64], ymm0;
        vroundps ymm1, ymmword ptr [rdi], 3;
        vmovups ymmword ptr [rsi + 96], ymm1;
        vzeroupper;
        ret
    )
}

#[test]
fn vroundps_matches_rust() {
    let a = round_kernel();
    assert_eq!(decodes(&a.assemble_at(0).unwrap().bytes), 10);
    if lacking("vroundps", &["avx"]) {
        return;
    }
    let code = a.finalize().unwrap();
    // SAFETY: a complete `fn(*const f32, *mut f32)` reading 8 floats and writing 32.
    let f = unsafe { code.entry::<extern "sysv64" fn(*const f32, *mut f32)>() };
    let x = [2.5f32, -2.5, 3.5, -0.4, 1.7, -1.7, 1e9 + 64.0, 0.5];
    let mut out = [0f32; 32];
    f(x.as_ptr(), out.as_mut_ptr());
    let modes: [fn(f32) -> f32; 4] = [f32::round_ties_even, f32::floor, f32::ceil, f32::trunc];
    for (m, op) in modes.iter().enumerate() {
        for i in 0..8 {
            let want = op(x[i]);
            assert_eq!(
                out[8 * m + i].to_bits(),
                want.to_bits(),
                "mode {m}, {}: {} vs {want}",
                x[i],
                out[8 * m + i]
            );
        }
    }
}

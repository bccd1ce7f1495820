//! AVX-512 code written with `x86!` and the text assembler, executed and compared with scalar
//! Rust: compares into mask registers and compress-stores (F), float arithmetic with embedded
//! rounding, FMA and conversions (F, DQ), saturating byte arithmetic and byte masks (BW),
//! gathers and scatters, two-table permutes, ternary logic, rotates, narrowing and widening
//! moves, mask-register logic, and the compare predicates. Every kernel is assembled and decoded
//! (iced-x86) on any CPU; one whose features the CPU lacks is then reported as skipped.

// The checks index several arrays by lane at once.
#![allow(clippy::needless_range_loop)]

use asm_macro::x86;
use asm_runtime::{Assembler, Zmm};

#[path = "common/decode.rs"]
mod decode;
use decode::decodes;

/// The features of `want` the CPU lacks (printed as the reason a kernel is skipped).
fn lacking(want: &[&str]) -> Vec<String> {
    let have = |f: &str| match f {
        "avx512f" => std::is_x86_feature_detected!("avx512f"),
        "avx512bw" => std::is_x86_feature_detected!("avx512bw"),
        "avx512dq" => std::is_x86_feature_detected!("avx512dq"),
        "avx512vl" => std::is_x86_feature_detected!("avx512vl"),
        _ => false,
    };
    want.iter().filter(|f| !have(f)).map(|f| f.to_string()).collect()
}

/// Finalizes `a` and runs `run` on its entry, unless the CPU lacks a feature of `want`.
fn run_if(a: Assembler, n: usize, want: &[&str], run: impl FnOnce(&asm_runtime::ExecBuffer)) {
    assert_eq!(decodes(&a.assemble_at(0).unwrap().bytes), n);
    let missing = lacking(want);
    if !missing.is_empty() {
        println!("skipped: CPU lacks {}", missing.join(", "));
        return;
    }
    run(&a.finalize().unwrap());
}

/// A text program, assembled into a new assembler.
fn text(src: &str) -> Assembler {
    let mut a = Assembler::new();
    a.assemble_text(src).unwrap_or_else(|e| panic!("{e}"));
    a
}

#[test]
fn compare_into_a_mask_then_compress_store() {
    // The elements of 16 dwords greater than a threshold, packed to the front of `dst`; returns
    // how many there were.
    let a = x86!(new;
        vmovdqu32 zmm0, zmmword ptr [rdi];
        vpbroadcastd zmm1, edx;
        vpcmpgtd k1, zmm0, zmm1;
        vpcompressd zmmword ptr [rsi] {k1}, zmm0;
        kmovw eax, k1;
        popcnt eax, eax;
        vzeroupper;
        ret
    );
    run_if(a, 8, &["avx512f"], |code| {
        // SAFETY: reads 16 i32, writes at most 16 i32.
        let f = unsafe { code.entry::<extern "sysv64" fn(*const i32, *mut i32, i32) -> u32>() };
        let src: Vec<i32> = (0..16).map(|i| (i * 37 % 23) - 11).collect();
        for thr in [-20, -3, 0, 5, 11] {
            let mut dst = vec![i32::MIN; 16];
            let n = f(src.as_ptr(), dst.as_mut_ptr(), thr) as usize;
            let want: Vec<i32> = src.iter().copied().filter(|&x| x > thr).collect();
            assert_eq!(n, want.len(), "threshold {thr}");
            assert_eq!(&dst[..n], &want[..], "threshold {thr}");
            assert!(dst[n..].iter().all(|&x| x == i32::MIN), "compress wrote past its count");
        }
    });
}

#[test]
fn float_arithmetic_rounding_fma_and_conversions() {
    // y = sqrt(max(x, 0)) * 2 + 1 (rounded to nearest), t = trunc(y), f = float(t).
    let a = text(
        "vmovups zmm0, zmmword ptr [rdi]
         vxorps zmm1, zmm1, zmm1
         vmaxps zmm0, zmm0, zmm1
         vsqrtps zmm0, zmm0, {rn-sae}
         vbroadcastss zmm2, dword ptr [rsi]
         vbroadcastss zmm3, dword ptr [rsi + 4]
         vfmadd213ps zmm0, zmm2, zmm3
         vcvttps2dq zmm4, zmm0
         vcvtdq2ps zmm5, zmm4
         vcvtps2pd zmm6, ymm0
         vmovups zmmword ptr [rdx], zmm0
         vmovdqu32 zmmword ptr [rdx + 64], zmm4
         vmovups zmmword ptr [rdx + 128], zmm5
         vmovupd zmmword ptr [rdx + 192], zmm6
         vzeroupper
         ret",
    );
    run_if(a, 16, &["avx512f", "avx512dq"], |code| {
        // SAFETY: reads 16 f32 and 2 f32, writes 256 bytes.
        let f = unsafe { code.entry::<extern "sysv64" fn(*const f32, *const f32, *mut u8)>() };
        let x: Vec<f32> = (0..16).map(|i| i as f32 * 3.7 - 10.0).collect();
        let k = [2.0f32, 1.0];
        let mut out = vec![0u8; 256];
        f(x.as_ptr(), k.as_ptr(), out.as_mut_ptr());
        let word = |i: usize| <[u8; 4]>::try_from(&out[i * 4..i * 4 + 4]).unwrap();
        for i in 0..16 {
            let y = x[i].max(0.0).sqrt().mul_add(2.0, 1.0);
            assert_eq!(f32::from_le_bytes(word(i)).to_bits(), y.to_bits(), "y[{i}]");
            assert_eq!(i32::from_le_bytes(word(16 + i)), y as i32, "t[{i}]");
            assert_eq!(f32::from_le_bytes(word(32 + i)), (y as i32) as f32, "f[{i}]");
        }
        for i in 0..8 {
            let d = f64::from_le_bytes(out[192 + i * 8..200 + i * 8].try_into().unwrap());
            let y = x[i].max(0.0).sqrt().mul_add(2.0, 1.0);
            assert_eq!(d, f64::from(y), "d[{i}]");
        }
    });
}

#[test]
fn saturating_bytes_and_a_byte_mask() {
    // 64 bytes: a +us b and min(a, b) stored; returns the mask of the bytes where a == b.
    let a = text(
        "vmovdqu8 zmm0, zmmword ptr [rdi]
         vmovdqu8 zmm1, zmmword ptr [rsi]
         vpaddusb zmm2, zmm0, zmm1
         vpminub zmm3, zmm0, zmm1
         vpcmpeqb k1, zmm0, zmm1
         vmovdqu8 zmmword ptr [rdx], zmm2
         vmovdqu8 zmmword ptr [rdx + 64], zmm3
         kmovq rax, k1
         vzeroupper
         ret",
    );
    run_if(a, 10, &["avx512bw"], |code| {
        // SAFETY: reads 2 x 64 bytes, writes 128.
        let f = unsafe { code.entry::<extern "sysv64" fn(*const u8, *const u8, *mut u8) -> u64>() };
        let x: Vec<u8> = (0..64u32).map(|i| (i * 29 % 256) as u8).collect();
        let y: Vec<u8> = (0..64u32)
            .map(|i| if i % 5 == 0 { (i * 29 % 256) as u8 } else { (i * 71 % 256) as u8 })
            .collect();
        let mut out = vec![0u8; 128];
        let m = f(x.as_ptr(), y.as_ptr(), out.as_mut_ptr());
        for i in 0..64 {
            assert_eq!(out[i], x[i].saturating_add(y[i]), "sum[{i}]");
            assert_eq!(out[64 + i], x[i].min(y[i]), "min[{i}]");
            assert_eq!(m >> i & 1 == 1, x[i] == y[i], "mask bit {i}");
        }
    });
}

#[test]
fn gather_then_scatter_through_a_permutation() {
    // out[idx[i]] = table[idx[i]] + 1000 for 16 indices, via vpgatherdd and vpscatterdd.
    let bump = Zmm::ZMM2;
    let a = x86!(new;
        vmovdqu32 zmm1, zmmword ptr [rsi];
        kxnorw k1, k1, k1;
        vpgatherdd zmm0 {k1}, [rdi + zmm1*4];
        vpbroadcastd zmm{bump}, ecx;
        vpaddd zmm0, zmm0, zmm{bump};
        kxnorw k2, k2, k2;
        vpscatterdd [rdx + zmm1*4] {k2}, zmm0;
        vzeroupper;
        ret
    );
    run_if(a, 9, &["avx512f"], |code| {
        // SAFETY: reads 16 indices below 16 and 16 table entries, writes 16 i32.
        let f = unsafe { code.entry::<extern "sysv64" fn(*const i32, *const i32, *mut i32, i32)>() };
        let table: Vec<i32> = (0..16).map(|i| i * i - 40).collect();
        let idx: Vec<i32> = (0..16).map(|i| (i * 7 + 3) % 16).collect();
        let mut out = vec![0i32; 16];
        f(table.as_ptr(), idx.as_ptr(), out.as_mut_ptr(), 1000);
        for &j in &idx {
            assert_eq!(out[j as usize], table[j as usize] + 1000, "entry {j}");
        }
    });
}

#[test]
fn permutes_ternary_logic_rotates_narrowing_and_widening() {
    let a = x86!(new;
        vmovdqu32 zmm0, zmmword ptr [rdi];
        vmovdqu32 zmm1, zmmword ptr [rsi];
        vmovdqu32 zmm2, zmmword ptr [rdx];
        vpermi2d zmm2, zmm0, zmm1;
        vpxord zmm3, zmm3, zmm3;
        vpternlogd zmm3, zmm0, zmm1, 0x96;
        vprold zmm4, zmm0, 7;
        vmovdqu32 zmmword ptr [rcx], zmm2;
        vmovdqu32 zmmword ptr [rcx + 64], zmm3;
        vmovdqu32 zmmword ptr [rcx + 128], zmm4;
        vpmovdb xmmword ptr [rcx + 192], zmm0;
        vpmovzxbd zmm5, xmmword ptr [rcx + 192];
        vmovdqu32 zmmword ptr [rcx + 256], zmm5;
        vzeroupper;
        ret
    );
    run_if(a, 15, &["avx512f"], |code| {
        // SAFETY: reads 3 x 16 dwords, writes 320 bytes.
        let f = unsafe { code.entry::<extern "sysv64" fn(*const u32, *const u32, *const u32, *mut u32)>() };
        let x: Vec<u32> = (0..16u32).map(|i| i.wrapping_mul(0x9e37_79b9) ^ 0x55).collect();
        let y: Vec<u32> = (0..16u32).map(|i| i.wrapping_mul(0x85eb_ca6b).rotate_left(5)).collect();
        let idx: Vec<u32> = (0..16u32).map(|i| (i * 11 + 5) % 32).collect();
        let mut out = vec![0u32; 80];
        f(x.as_ptr(), y.as_ptr(), idx.as_ptr(), out.as_mut_ptr());
        for i in 0..16 {
            let j = idx[i] as usize;
            assert_eq!(out[i], if j < 16 { x[j] } else { y[j - 16] }, "vpermi2d[{i}]");
            assert_eq!(out[16 + i], x[i] ^ y[i], "vpternlogd[{i}]");
            assert_eq!(out[32 + i], x[i].rotate_left(7), "vprold[{i}]");
            assert_eq!(out[64 + i], x[i] & 0xff, "vpmovdb + vpmovzxbd[{i}]");
        }
    });
}

#[test]
fn mask_register_logic_and_compare_predicates() {
    // Mask logic on k registers from two 16-bit values, stored as words; then the predicate
    // spellings `vpcmpltud` and `vcmpleps` over 16 lanes, their masks in the result.
    let a = text(
        "kmovw k1, edi
         kmovw k2, esi
         kandw k3, k1, k2
         korw k4, k1, k2
         kxorw k5, k1, k2
         knotw k6, k1
         kshiftlw k7, k1, 3
         kmovw word ptr [rdx], k3
         kmovw word ptr [rdx + 2], k4
         kmovw word ptr [rdx + 4], k5
         kmovw word ptr [rdx + 6], k6
         kmovw word ptr [rdx + 8], k7
         kunpckbw k3, k1, k2
         kmovw word ptr [rdx + 10], k3
         vmovdqu32 zmm0, zmmword ptr [rcx]
         vmovdqu32 zmm1, zmmword ptr [rcx + 64]
         vpcmpltud k1, zmm0, zmm1
         vcmpleps k2 {k1}, zmm0, zmm1
         kmovw word ptr [rdx + 12], k1
         kmovw word ptr [rdx + 14], k2
         xor eax, eax
         kortestw k1, k1
         setz al
         vzeroupper
         ret",
    );
    run_if(a, 25, &["avx512f", "avx512dq"], |code| {
        // SAFETY: reads 128 bytes at rcx, writes 8 words at rdx.
        let f = unsafe { code.entry::<extern "sysv64" fn(u32, u32, *mut u16, *const u32) -> u32>() };
        // The compare data: unsigned dwords that are also ordinary floats.
        let v0: Vec<u32> = (0..16u32).map(|i| (1.0f32 + i as f32 * 0.5).to_bits()).collect();
        let v1: Vec<u32> = (0..16u32).map(|i| (1.0f32 + ((i * 5) % 16) as f32 * 0.5).to_bits()).collect();
        let data: Vec<u32> = v0.iter().chain(&v1).copied().collect();
        for (p, q) in [(0x1234u16, 0x0ff0u16), (0xffff, 0), (0x8001, 0x7ffe), (0, 0)] {
            let mut out = [0u16; 8];
            let zero = f(p.into(), q.into(), out.as_mut_ptr(), data.as_ptr());
            assert_eq!(out[0], p & q, "kandw");
            assert_eq!(out[1], p | q, "korw");
            assert_eq!(out[2], p ^ q, "kxorw");
            assert_eq!(out[3], !p, "knotw");
            assert_eq!(out[4], p << 3, "kshiftlw");
            assert_eq!(out[5], (p & 0xff) << 8 | (q & 0xff), "kunpckbw");
            let lt: u16 = (0..16).filter(|&i| v0[i] < v1[i]).map(|i| 1 << i).sum();
            let le: u16 = (0..16)
                .filter(|&i| f32::from_bits(v0[i]) <= f32::from_bits(v1[i]) && lt >> i & 1 == 1)
                .map(|i| 1 << i)
                .sum();
            assert_eq!(out[6], lt, "vpcmpltud");
            assert_eq!(out[7], le, "vcmpleps under the vpcmpltud mask");
            assert_eq!(zero, u32::from(lt == 0), "kortestw");
        }
    });
}

//! SSE through SSE4.2, MMX, AES-NI, PCLMULQDQ and SHA code written with `x86!` and the text
//! assembler, executed and compared with Rust: an SSE4.2 `strlen` and byte search with
//! `pcmpistri`, byte reversal with `pshufb` (xmm and mm), a `pmovzxbw` + `pmaddwd` dot product,
//! `ptest` flags, AES-128 against the FIPS-197 example vector and every AES instruction against
//! the `core::arch` intrinsics, `pclmulqdq` (and its four aliases) against a carry-less multiply
//! in Rust, the SHA-256 message schedule against the FIPS 180-4 formula, and the `cmpltps`
//! family of implied-immediate aliases. A kernel whose CPU features are missing is still
//! assembled and decoded, then reported as skipped.

use asm_macro::x86;
use asm_runtime::{Assembler, Mm, Xmm};

#[path = "common/decode.rs"]
mod decode;
use decode::decodes;

/// The features of `list` the CPU lacks; prints the skip reason when there are any.
fn lacks(test: &str, list: &[(&'static str, bool)]) -> bool {
    let missing: Vec<&str> = list.iter().filter(|(_, ok)| !ok).map(|(n, _)| *n).collect();
    if !missing.is_empty() {
        eprintln!("skipped: {test}: CPU lacks {}", missing.join(", "));
    }
    !missing.is_empty()
}

/// 16-byte alignment, which legacy SSE memory operands (other than `movdqu`/`movups`) require.
#[repr(C, align(16))]
struct A16<T>(T);

fn text(src: &str) -> Assembler {
    let mut a = Assembler::new();
    a.assemble_text(src).unwrap();
    a
}

#[test]
fn pcmpistri_strlen_and_byte_search() {
    // strlen: `pcmpistri` with an empty set and "equal each" gives the index of the first NUL.
    let strlen = x86!(new;
        mov rax, -16;
        pxor xmm0, xmm0;
    top:
        add rax, 16;
        pcmpistri xmm0, xmmword ptr [rdi + rax], 0x08;
        jnz top;
        add rax, rcx;
        ret
    );
    // find: the index of the first byte equal to `sil` in the 16 bytes at rdi (before a NUL),
    // 16 if there is none ("equal any" with the one-byte set in xmm1).
    let find = text(
        "movzx esi, sil
         movd xmm1, esi
         movdqu xmm0, xmmword ptr [rdi]
         pcmpistri xmm1, xmm0, 0
         mov eax, ecx
         ret",
    );
    assert_eq!(decodes(&strlen.assemble_at(0).unwrap().bytes), 7);
    assert_eq!(decodes(&find.assemble_at(0).unwrap().bytes), 6);
    if lacks("pcmpistri", &[("sse4.2", std::is_x86_feature_detected!("sse4.2"))]) {
        return;
    }
    let (strlen, find) = (strlen.finalize().unwrap(), find.finalize().unwrap());
    // SAFETY: `fn(*const u8) -> u64` reading 16-byte chunks up to the chunk holding the first
    // NUL; every buffer below has 16 zero bytes after its string.
    let strlen = unsafe { strlen.entry::<extern "sysv64" fn(*const u8) -> u64>() };
    // SAFETY: `fn(*const u8, u8) -> u32` reading 16 bytes.
    let find = unsafe { find.entry::<extern "sysv64" fn(*const u8, u8) -> u32>() };
    let mut rng = fastrand::Rng::with_seed(42);
    for len in (0..70).chain([100, 255, 1000]) {
        let mut buf: Vec<u8> = (0..len).map(|_| rng.u8(1..=255)).collect();
        buf.extend([0u8; 32]);
        assert_eq!(strlen(buf.as_ptr()), len as u64, "strlen of {len} bytes");
    }
    for _ in 0..300 {
        let mut chunk = [0u8; 16];
        for b in &mut chunk {
            *b = rng.u8(0..8);
        }
        let needle = rng.u8(1..8);
        let want = chunk.iter().take_while(|&&b| b != 0).position(|&b| b == needle).unwrap_or(16);
        assert_eq!(find(chunk.as_ptr(), needle) as usize, want, "{needle} in {chunk:?}");
    }
}

#[test]
fn pshufb_reverses_bytes_on_xmm_and_mm() {
    const REV16: [u8; 16] = [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0];
    const REV8: [u8; 8] = [7, 6, 5, 4, 3, 2, 1, 0];
    let x = Xmm::XMM3;
    let rev16 = x86!(new;
        movdqu xmm0, xmmword ptr [rdi];
        movdqu xmm{x}, xmmword ptr [rsi];
        pshufb xmm0, xmm{x};
        movdqu xmmword ptr [rdx], xmm0;
        ret
    );
    // The MMX form (0F 38 00 without 66), an `mm{..}` register hole, and `emms`.
    let m = Mm::MM5;
    let rev8 = x86!(new;
        movq mm0, rdi;
        movq mm{m}, qword ptr [rsi];
        pshufb mm0, mm{m};
        movq rax, mm0;
        emms;
        ret
    );
    assert_eq!(decodes(&rev16.assemble_at(0).unwrap().bytes), 5);
    assert_eq!(decodes(&rev8.assemble_at(0).unwrap().bytes), 6);
    if lacks("pshufb", &[("ssse3", std::is_x86_feature_detected!("ssse3"))]) {
        return;
    }
    let (rev16, rev8) = (rev16.finalize().unwrap(), rev8.finalize().unwrap());
    // SAFETY: `fn(*const [u8; 16], *const [u8; 16], *mut [u8; 16])`.
    let rev16 =
        unsafe { rev16.entry::<extern "sysv64" fn(*const [u8; 16], *const [u8; 16], *mut [u8; 16])>() };
    // SAFETY: `fn(u64, *const [u8; 8]) -> u64`; it leaves the x87/MMX state empty (`emms`).
    let rev8 = unsafe { rev8.entry::<extern "sysv64" fn(u64, *const [u8; 8]) -> u64>() };
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..50 {
        let v: [u8; 16] = std::array::from_fn(|_| rng.u8(..));
        let mut out = [0u8; 16];
        rev16(&v, &REV16, &mut out);
        let mut want = v;
        want.reverse();
        assert_eq!(out, want);
        let q = rng.u64(..);
        assert_eq!(rev8(q, &REV8), q.swap_bytes(), "{q:#x}");
    }
}

#[test]
fn pmovzxbw_pmaddwd_dot_product() {
    // sum(a[i] * b[i]) for 8 unsigned bytes a and 8 signed words b.
    let dot = x86!(new;
        pmovzxbw xmm0, qword ptr [rdi];
        movdqu xmm1, xmmword ptr [rsi];
        pmaddwd xmm0, xmm1;
        pshufd xmm1, xmm0, 0x4e;
        paddd xmm0, xmm1;
        pshufd xmm1, xmm0, 0xb1;
        paddd xmm0, xmm1;
        movd eax, xmm0;
        ret
    );
    assert_eq!(decodes(&dot.assemble_at(0).unwrap().bytes), 9);
    if lacks("pmovzxbw", &[("sse4.1", std::is_x86_feature_detected!("sse4.1"))]) {
        return;
    }
    let dot = dot.finalize().unwrap();
    // SAFETY: `fn(*const [u8; 8], *const [i16; 8]) -> i32`.
    let dot = unsafe { dot.entry::<extern "sysv64" fn(*const [u8; 8], *const [i16; 8]) -> i32>() };
    let mut rng = fastrand::Rng::with_seed(3);
    for _ in 0..200 {
        let a: [u8; 8] = std::array::from_fn(|_| rng.u8(..));
        let b: [i16; 8] = std::array::from_fn(|_| rng.i16(..));
        let want: i32 = a.iter().zip(&b).map(|(&x, &y)| i32::from(x) * i32::from(y)).sum();
        assert_eq!(dot(&a, &b), want, "{a:?} . {b:?}");
    }
}

#[test]
fn ptest_sets_zf_and_cf() {
    let f = x86!(new;
        movdqu xmm0, xmmword ptr [rdi];
        movdqu xmm1, xmmword ptr [rsi];
        ptest xmm0, xmm1;
        setz al;
        setc cl;
        shl cl, 1;
        or al, cl;
        movzx eax, al;
        ret
    );
    assert_eq!(decodes(&f.assemble_at(0).unwrap().bytes), 9);
    if lacks("ptest", &[("sse4.1", std::is_x86_feature_detected!("sse4.1"))]) {
        return;
    }
    let f = f.finalize().unwrap();
    // SAFETY: `fn(*const u128, *const u128) -> u32`.
    let f = unsafe { f.entry::<extern "sysv64" fn(*const u128, *const u128) -> u32>() };
    let mut rng = fastrand::Rng::with_seed(11);
    let mut vals: Vec<u128> = vec![0, u128::MAX, 1, 1 << 127];
    vals.extend((0..20).map(|_| rng.u128(..) & rng.u128(..) & rng.u128(..)));
    for &a in &vals {
        for &b in &vals {
            let want = u32::from(a & b == 0) | u32::from(!a & b == 0) << 1;
            assert_eq!(f(&a, &b), want, "ptest {a:#x}, {b:#x}");
        }
    }
}

/// The AES-128 round keys of `key` (FIPS-197 section 5.2, in Rust).
fn aes128_round_keys(key: [u8; 16]) -> [[u8; 16]; 11] {
    const SBOX_SEED: u8 = 0x63;
    // The S-box from its definition: the multiplicative inverse in GF(2^8), then the affine map.
    let mul = |mut a: u8, mut b: u8| {
        let mut p = 0u8;
        while b != 0 {
            if b & 1 != 0 {
                p ^= a;
            }
            a = (a << 1) ^ if a & 0x80 != 0 { 0x1b } else { 0 };
            b >>= 1;
        }
        p
    };
    let sbox = |x: u8| {
        let inv = if x == 0 { 0 } else { (1..=255u8).find(|&y| mul(x, y) == 1).unwrap_or(0) };
        let mut s = inv;
        for i in 1..5 {
            s ^= inv.rotate_left(i);
        }
        s ^ SBOX_SEED
    };
    let mut w = [[0u8; 4]; 44];
    for i in 0..4 {
        w[i].copy_from_slice(&key[4 * i..4 * i + 4]);
    }
    let mut rcon = 1u8;
    for i in 4..44 {
        let mut t = w[i - 1];
        if i % 4 == 0 {
            t = [sbox(t[1]) ^ rcon, sbox(t[2]), sbox(t[3]), sbox(t[0])];
            rcon = mul(rcon, 2);
        }
        for j in 0..4 {
            w[i][j] = w[i - 4][j] ^ t[j];
        }
    }
    std::array::from_fn(|r| std::array::from_fn(|b| w[4 * r + b / 4][b % 4]))
}

#[test]
fn aes128_encrypts_the_fips197_example() {
    // pxor with round key 0, nine `aesenc`, one `aesenclast` (FIPS-197 appendix C.1).
    let mut src = String::from("movdqu xmm0, xmmword ptr [rdi]\npxor xmm0, xmmword ptr [rsi]\n");
    for r in 1..10 {
        src.push_str(&format!("aesenc xmm0, xmmword ptr [rsi + {}]\n", 16 * r));
    }
    src.push_str("aesenclast xmm0, xmmword ptr [rsi + 160]\nmovdqu xmmword ptr [rdx], xmm0\nret\n");
    let a = text(&src);
    assert_eq!(decodes(&a.assemble_at(0).unwrap().bytes), 14);
    if lacks("aes", &[("aes", std::is_x86_feature_detected!("aes"))]) {
        return;
    }
    let key: [u8; 16] = std::array::from_fn(|i| i as u8);
    let plain: [u8; 16] = std::array::from_fn(|i| (i as u8) * 0x11);
    let want =
        [0x69, 0xc4, 0xe0, 0xd8, 0x6a, 0x7b, 0x04, 0x30, 0xd8, 0xcd, 0xb7, 0x80, 0x70, 0xb4, 0xc5, 0x5a];
    let keys = A16(aes128_round_keys(key));
    let code = a.finalize().unwrap();
    // SAFETY: `fn(*const [u8; 16], *const [[u8; 16]; 11], *mut [u8; 16])`.
    let f =
        unsafe { code.entry::<extern "sysv64" fn(*const [u8; 16], *const [[u8; 16]; 11], *mut [u8; 16])>() };
    let mut out = [0u8; 16];
    f(&plain, &keys.0, &mut out);
    assert_eq!(out, want);
}

/// The CPU's own results for one state and key, through the `core::arch` intrinsics.
#[target_feature(enable = "aes,sse2")]
unsafe fn aes_intrinsics(state: u128, key: u128) -> [u128; 6] {
    use std::arch::x86_64::*;
    let (s, k) = (
        _mm_loadu_si128(&state as *const u128 as *const __m128i),
        _mm_loadu_si128(&key as *const u128 as *const __m128i),
    );
    let v = [
        _mm_aesenc_si128(s, k),
        _mm_aesenclast_si128(s, k),
        _mm_aesdec_si128(s, k),
        _mm_aesdeclast_si128(s, k),
        _mm_aesimc_si128(s),
        _mm_aeskeygenassist_si128::<0x1b>(s),
    ];
    v.map(|x| {
        let mut o = 0u128;
        _mm_storeu_si128(&mut o as *mut u128 as *mut __m128i, x);
        o
    })
}

#[test]
fn every_aes_instruction_matches_the_intrinsics() {
    let a = x86!(new;
        movdqu xmm1, xmmword ptr [rdi];
        movdqu xmm2, xmmword ptr [rsi];
        movdqa xmm0, xmm1;
        aesenc xmm0, xmm2;
        movdqu xmmword ptr [rdx], xmm0;
        movdqa xmm0, xmm1;
        aesenclast xmm0, xmm2;
        movdqu xmmword ptr [rdx + 16], xmm0;
        movdqa xmm0, xmm1;
        aesdec xmm0, xmmword ptr [rsi];
        movdqu xmmword ptr [rdx + 32], xmm0;
        movdqa xmm0, xmm1;
        aesdeclast xmm0, xmm2;
        movdqu xmmword ptr [rdx + 48], xmm0;
        aesimc xmm3, xmm1;
        movdqu xmmword ptr [rdx + 64], xmm3;
        aeskeygenassist xmm9, xmm1, 0x1b;
        movdqu xmmword ptr [rdx + 80], xmm9;
        ret
    );
    assert_eq!(decodes(&a.assemble_at(0).unwrap().bytes), 19);
    if lacks("aes", &[("aes", std::is_x86_feature_detected!("aes"))]) {
        return;
    }
    let code = a.finalize().unwrap();
    // SAFETY: `fn(*const u128, *const u128, *mut [u128; 6])`.
    let f = unsafe { code.entry::<extern "sysv64" fn(*const u128, *const u128, *mut [u128; 6])>() };
    let mut rng = fastrand::Rng::with_seed(5);
    for _ in 0..50 {
        let (s, k) = (rng.u128(..), rng.u128(..));
        let mut out = [0u128; 6];
        f(&s, &k, &mut out);
        // SAFETY: the CPU has AES (checked above).
        let want = unsafe { aes_intrinsics(s, k) };
        assert_eq!(out, want, "state {s:#x}, key {k:#x}");
    }
}

/// Carry-less multiplication of two 64-bit polynomials over GF(2).
fn clmul(a: u64, b: u64) -> u128 {
    (0..64).filter(|i| b >> i & 1 == 1).fold(0u128, |acc, i| acc ^ (u128::from(a) << i))
}

#[test]
fn pclmulqdq_and_its_aliases_match_rust() {
    // The four halves: the immediate form and the four aliases that imply it.
    let a = x86!(new;
        movdqu xmm1, xmmword ptr [rdi];
        movdqu xmm2, xmmword ptr [rsi];
        movdqa xmm0, xmm1;
        pclmulqdq xmm0, xmm2, 0x10;
        movdqu xmmword ptr [rdx], xmm0;
        movdqa xmm0, xmm1;
        pclmullqlqdq xmm0, xmm2;
        movdqu xmmword ptr [rdx + 16], xmm0;
        movdqa xmm0, xmm1;
        pclmulhqlqdq xmm0, xmmword ptr [rsi];
        movdqu xmmword ptr [rdx + 32], xmm0;
        movdqa xmm0, xmm1;
        pclmullqhqdq xmm0, xmm2;
        movdqu xmmword ptr [rdx + 48], xmm0;
        movdqa xmm0, xmm1;
        pclmulhqhqdq xmm0, xmm2;
        movdqu xmmword ptr [rdx + 64], xmm0;
        ret
    );
    let bytes = a.assemble_at(0).unwrap().bytes;
    assert_eq!(decodes(&bytes), 18);
    // The alias is the base instruction with its immediate, byte for byte.
    let same = x86!(new; pclmulqdq xmm0, xmm2, 0x11).assemble_at(0).unwrap().bytes;
    assert_eq!(same, x86!(new; pclmulhqhqdq xmm0, xmm2).assemble_at(0).unwrap().bytes);
    assert_eq!(same, asm_runtime::text::assemble_str("PCLMULHQHQDQ xmm0, xmm2").unwrap());
    if lacks("pclmulqdq", &[("pclmulqdq", std::is_x86_feature_detected!("pclmulqdq"))]) {
        return;
    }
    let code = a.finalize().unwrap();
    // SAFETY: `fn(*const [u64; 2], *const [u64; 2], *mut [u128; 5])`.
    let f = unsafe { code.entry::<extern "sysv64" fn(*const [u64; 2], *const [u64; 2], *mut [u128; 5])>() };
    let mut rng = fastrand::Rng::with_seed(9);
    for _ in 0..100 {
        let (x, y) = ([rng.u64(..), rng.u64(..)], A16([rng.u64(..), rng.u64(..)]));
        let mut out = [0u128; 5];
        f(&x, &y.0, &mut out);
        let y = y.0;
        // imm bit 0 picks the first operand's half, bit 4 the second's.
        let want =
            [clmul(x[0], y[1]), clmul(x[0], y[0]), clmul(x[1], y[0]), clmul(x[0], y[1]), clmul(x[1], y[1])];
        assert_eq!(out, want, "{x:x?} * {y:x?}");
    }
}

/// `sha256rnds2` through the intrinsic, the CPU's own result.
#[target_feature(enable = "sha,sse2")]
unsafe fn sha256rnds2_intrinsic(a: u128, b: u128, k: u128) -> u128 {
    use std::arch::x86_64::*;
    let ld = |x: &u128| _mm_loadu_si128(x as *const u128 as *const __m128i);
    let r = _mm_sha256rnds2_epu32(ld(&a), ld(&b), ld(&k));
    let mut o = 0u128;
    _mm_storeu_si128(&mut o as *mut u128 as *mut __m128i, r);
    o
}

#[test]
fn sha256_message_schedule_and_rounds() {
    // W[16..20] from W[0..16] with sha256msg1, palignr, paddd, sha256msg2 (Intel's scheme).
    let sched = x86!(new;
        movdqu xmm1, xmmword ptr [rdi];
        movdqu xmm2, xmmword ptr [rdi + 16];
        movdqu xmm3, xmmword ptr [rdi + 32];
        movdqu xmm4, xmmword ptr [rdi + 48];
        sha256msg1 xmm1, xmm2;
        movdqa xmm5, xmm4;
        palignr xmm5, xmm3, 4;
        paddd xmm1, xmm5;
        sha256msg2 xmm1, xmm4;
        movdqu xmmword ptr [rsi], xmm1;
        ret
    );
    // Two rounds, with the implicit xmm0 written once and once not.
    let rounds = text(
        "movdqu xmm1, xmmword ptr [rdi]
         movdqu xmm2, xmmword ptr [rsi]
         movdqu xmm0, xmmword ptr [rdx]
         movdqa xmm3, xmm1
         sha256rnds2 xmm1, xmm2, xmm0
         sha256rnds2 xmm3, xmm2
         movdqu xmmword ptr [rcx], xmm1
         movdqu xmmword ptr [rcx + 16], xmm3
         ret",
    );
    assert_eq!(decodes(&sched.assemble_at(0).unwrap().bytes), 11);
    assert_eq!(decodes(&rounds.assemble_at(0).unwrap().bytes), 9);
    if lacks("sha", &[("sha", std::is_x86_feature_detected!("sha"))]) {
        return;
    }
    let (sched, rounds) = (sched.finalize().unwrap(), rounds.finalize().unwrap());
    // SAFETY: `fn(*const [u32; 16], *mut [u32; 4])`.
    let sched = unsafe { sched.entry::<extern "sysv64" fn(*const [u32; 16], *mut [u32; 4])>() };
    // SAFETY: `fn(*const u128, *const u128, *const u128, *mut [u128; 2])`.
    let rounds = unsafe {
        rounds.entry::<extern "sysv64" fn(*const u128, *const u128, *const u128, *mut [u128; 2])>()
    };
    let s0 = |x: u32| x.rotate_right(7) ^ x.rotate_right(18) ^ (x >> 3);
    let s1 = |x: u32| x.rotate_right(17) ^ x.rotate_right(19) ^ (x >> 10);
    let mut rng = fastrand::Rng::with_seed(13);
    for _ in 0..100 {
        let mut w: Vec<u32> = (0..16).map(|_| rng.u32(..)).collect();
        for t in 16..20 {
            w.push(s1(w[t - 2]).wrapping_add(w[t - 7]).wrapping_add(s0(w[t - 15])).wrapping_add(w[t - 16]));
        }
        let mut out = [0u32; 4];
        let first: [u32; 16] = w[..16].try_into().unwrap();
        sched(&first, &mut out);
        assert_eq!(out, w[16..20], "schedule of {:x?}", &w[..16]);
        let (a, b, k) = (rng.u128(..), rng.u128(..), rng.u128(..));
        let mut got = [0u128; 2];
        rounds(&a, &b, &k, &mut got);
        // SAFETY: the CPU has SHA (checked above).
        let want = unsafe { sha256rnds2_intrinsic(a, b, k) };
        assert_eq!(got, [want, want]);
    }
}

#[test]
fn cmp_predicate_aliases() {
    // `cmpltps` is `cmpps` with 1: the macro (with a register hole), the text assembler and the
    // base form agree.
    let x = Xmm::XMM0;
    let via_macro = x86!(new;
        movups xmm0, xmmword ptr [rdi];
        movups xmm1, xmmword ptr [rsi];
        movaps xmm2, xmm0;
        movaps xmm3, xmm0;
        cmpltps xmm{x}, xmm1;
        cmpunordps xmm2, xmm1;
        cmpnleps xmm3, xmmword ptr [rsi];
        movmskps eax, xmm0;
        movmskps ecx, xmm2;
        shl ecx, 4;
        or eax, ecx;
        movmskps ecx, xmm3;
        shl ecx, 8;
        or eax, ecx;
        ret
    );
    let via_text = text(
        "movups xmm0, xmmword ptr [rdi]
         movups xmm1, xmmword ptr [rsi]
         movaps xmm2, xmm0
         movaps xmm3, xmm0
         cmpps xmm0, xmm1, 1
         CMPUNORDPS xmm2, xmm1
         cmpnleps xmm3, xmmword ptr [rsi]
         movmskps eax, xmm0
         movmskps ecx, xmm2
         shl ecx, 4
         or eax, ecx
         movmskps ecx, xmm3
         shl ecx, 8
         or eax, ecx
         ret",
    );
    let bytes = via_macro.assemble_at(0).unwrap().bytes;
    assert_eq!(bytes, via_text.assemble_at(0).unwrap().bytes);
    assert_eq!(decodes(&bytes), 15);
    // Scalar and double forms of the family, and the explicit-xmm0 spelling of blendvps.
    assert_eq!(
        asm_runtime::text::assemble_str("cmpneqsd xmm1, qword ptr [rax]").unwrap(),
        asm_runtime::text::assemble_str("cmpsd xmm1, qword ptr [rax], 4").unwrap()
    );
    let explicit = asm_runtime::text::assemble_str("cmpltps xmm1, xmm2, 3").unwrap_err().to_string();
    assert!(explicit.contains("implies the immediate 1"), "{explicit}");
    assert_eq!(
        x86!(new; cmpordpd xmm9, xmm2).assemble_at(0).unwrap().bytes,
        x86!(new; cmppd xmm9, xmm2, 7).assemble_at(0).unwrap().bytes
    );
    assert_eq!(
        x86!(new; blendvps xmm1, xmm2).assemble_at(0).unwrap().bytes,
        x86!(new; blendvps xmm1, xmm2, xmm0).assemble_at(0).unwrap().bytes
    );
    let code = via_macro.finalize().unwrap();
    // SAFETY: `fn(*const [f32; 4], *const [f32; 4]) -> u32`.
    let f = unsafe { code.entry::<extern "sysv64" fn(*const [f32; 4], *const [f32; 4]) -> u32>() };
    let vals = [-1.5f32, 0.0, 2.0, f32::NAN, f32::INFINITY, -0.0];
    for &x0 in &vals {
        for &y0 in &vals {
            let x = [x0, y0, 1.0, x0];
            let y = A16([y0, x0, 1.0, 3.0]);
            let bits =
                |p: &dyn Fn(f32, f32) -> bool| (0..4).map(|i| u32::from(p(x[i], y.0[i])) << i).sum::<u32>();
            let lt = bits(&|a, b| a < b);
            let unord = bits(&|a, b| a.is_nan() || b.is_nan());
            let nle = bits(&|a, b| a.partial_cmp(&b).is_none_or(|o| o.is_gt()));
            assert_eq!(f(&x, &y.0), lt | unord << 4 | nle << 8, "{x:?} vs {:?}", y.0);
        }
    }
}

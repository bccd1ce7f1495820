//! General-purpose, system and x87 instructions assembled, executed and compared with Rust: x87
//! transcendental and root functions in extended precision, the BMI1/BMI2 bit operations, ADX
//! carry chains, `rdrand`/`rdseed`, `popcnt`/`lzcnt`/`tzcnt`, CRC-32C, `movbe`, `movabs` with a
//! 64-bit address, `enter`/`leave`, string instructions with `rep` prefixes (bare and with
//! explicit operands), `fxsave` and `xgetbv`. A test whose CPU feature is missing prints why it
//! is skipped after assembling its code.
//!
//! The first test pins bytes that llvm-mc 14 and GNU as 2.38 (Intel syntax) were checked to
//! produce for the same text, and records where they disagree.

use asm_macro::x86;
use asm_runtime::text::assemble_str;
use asm_runtime::Assembler;

fn asm(src: &str) -> Assembler {
    let mut a = Assembler::new();
    a.assemble_text(src).unwrap_or_else(|e| panic!("{src}: {e}"));
    a
}

fn bytes(src: &str) -> Vec<u8> {
    assemble_str(src).unwrap_or_else(|e| panic!("{src}: {e}"))
}

fn detected(name: &str, ok: bool) -> bool {
    if !ok {
        eprintln!("skipped: CPU lacks {name}");
    }
    ok
}

/// A small deterministic generator (xorshift64*) for test values.
fn values(n: usize) -> Vec<u64> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let mut v = vec![0, 1, u64::MAX, 0x8000_0000_0000_0000, 0xFFFF_FFFF, 0x1_0000_0000];
    while v.len() < n {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        v.push(x.wrapping_mul(0x2545_F491_4F6C_DD1D));
    }
    v
}

#[test]
fn encodings_agree_with_llvm_mc_and_gnu_as() {
    // Every register form of fsub/fsubr/fdiv/fdivr and their popping forms: llvm-mc 14 and GNU
    // as 2.38 agree with each other and with the SDM (no AT&T-style swap in Intel syntax).
    let same: &[(&str, &[u8])] = &[
        ("fsub st(0), st(1)", &[0xD8, 0xE1]),
        ("fsubr st(0), st(1)", &[0xD8, 0xE9]),
        ("fdiv st(0), st(1)", &[0xD8, 0xF1]),
        ("fdivr st(0), st(1)", &[0xD8, 0xF9]),
        ("fsub st(1), st(0)", &[0xDC, 0xE9]),
        ("fsubr st(1), st(0)", &[0xDC, 0xE1]),
        ("fdiv st(1), st(0)", &[0xDC, 0xF9]),
        ("fdivr st(1), st(0)", &[0xDC, 0xF1]),
        ("fsubp st(1), st(0)", &[0xDE, 0xE9]),
        ("fsubrp st(1), st(0)", &[0xDE, 0xE1]),
        ("fdivp st(1), st(0)", &[0xDE, 0xF9]),
        ("fdivrp st(1), st(0)", &[0xDE, 0xF1]),
        ("fsubp", &[0xDE, 0xE9]),
        ("fsubrp", &[0xDE, 0xE1]),
        ("fdivp", &[0xDE, 0xF9]),
        ("fdivrp", &[0xDE, 0xF1]),
        ("fcom st(1)", &[0xD8, 0xD1]),
        ("fcom", &[0xD8, 0xD1]),
        ("fxch", &[0xD9, 0xC9]),
        ("fxch st(2)", &[0xD9, 0xCA]),
        ("fucom st(2)", &[0xDD, 0xE2]),
        ("fcomi st(0), st(2)", &[0xDB, 0xF2]),
        ("fcomi st(2)", &[0xDB, 0xF2]),
        ("fucomip st(0), st(3)", &[0xDF, 0xEB]),
        ("fcmovb st(0), st(3)", &[0xDA, 0xC3]),
        ("fcmovnbe st(0), st(7)", &[0xDB, 0xD7]),
        ("ffree st(3)", &[0xDD, 0xC3]),
        ("fadd st(1)", &[0xD8, 0xC1]),
        ("fisttp qword ptr [rax]", &[0xDD, 0x08]),
        ("fnstsw ax", &[0xDF, 0xE0]),
        // The waiting forms: 9B before everything else, REX included.
        ("fstsw ax", &[0x9B, 0xDF, 0xE0]),
        ("fstcw word ptr [r8]", &[0x9B, 0x41, 0xD9, 0x38]),
        ("fstsw word ptr [rax]", &[0x9B, 0xDD, 0x38]),
        ("fsave [r9]", &[0x9B, 0x41, 0xDD, 0x31]),
        ("finit", &[0x9B, 0xDB, 0xE3]),
        ("fxsave64 [rax]", &[0x48, 0x0F, 0xAE, 0x00]),
        ("xsaveopt64 [rax]", &[0x48, 0x0F, 0xAE, 0x30]),
        ("xsavec64 [rax]", &[0x48, 0x0F, 0xC7, 0x20]),
        ("movabs al, [0x1122334455667788]", &[0xA0, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11]),
        ("movs qword ptr es:[rdi], qword ptr [rsi]", &[0x48, 0xA5]),
        ("movs qword ptr es:[rdi], qword ptr fs:[rsi]", &[0x64, 0x48, 0xA5]),
        ("rep movs qword ptr es:[rdi], qword ptr [rsi]", &[0xF3, 0x48, 0xA5]),
        ("lods byte ptr [rsi]", &[0xAC]),
        ("lods al, byte ptr [rsi]", &[0xAC]),
        ("stos dword ptr es:[rdi]", &[0xAB]),
        ("stos dword ptr es:[rdi], eax", &[0xAB]),
        ("scas al, byte ptr es:[rdi]", &[0xAE]),
        ("cmps byte ptr [rsi], byte ptr es:[rdi]", &[0xA6]),
        ("ins byte ptr es:[rdi], dx", &[0x6C]),
        ("outs dx, byte ptr [rsi]", &[0x6E]),
        ("cmpsd", &[0xA7]),
        ("xlat byte ptr [rbx]", &[0xD7]),
        ("xlatb", &[0xD7]),
        ("retfq", &[0x48, 0xCB]),
        ("retf 8", &[0xCA, 0x08, 0x00]),
        ("iretq", &[0x48, 0xCF]),
        ("sysretq", &[0x48, 0x0F, 0x07]),
        ("enter 16, 1", &[0xC8, 0x10, 0x00, 0x01]),
        ("endbr64", &[0xF3, 0x0F, 0x1E, 0xFA]),
        ("rdpid rax", &[0xF3, 0x0F, 0xC7, 0xF8]),
        ("rdrand ax", &[0x66, 0x0F, 0xC7, 0xF0]),
        ("mov ds, eax", &[0x8E, 0xD8]),
        ("mov ds, ax", &[0x66, 0x8E, 0xD8]),
        ("mov rax, ds", &[0x48, 0x8C, 0xD8]),
        ("mov ds, rax", &[0x48, 0x8E, 0xD8]),
        ("mov word ptr [rax], ds", &[0x8C, 0x18]),
        ("clflushopt [rax]", &[0x66, 0x0F, 0xAE, 0x38]),
        ("clwb byte ptr [rax]", &[0x66, 0x0F, 0xAE, 0x30]),
        ("adcx rax, qword ptr [rcx]", &[0x66, 0x48, 0x0F, 0x38, 0xF6, 0x01]),
        ("adox eax, ecx", &[0xF3, 0x0F, 0x38, 0xF6, 0xC1]),
        ("rorx rax, rcx, 5", &[0xC4, 0xE3, 0xFB, 0xF0, 0xC1, 0x05]),
        ("mulx rax, rcx, rdx", &[0xC4, 0xE2, 0xF3, 0xF6, 0xC2]),
        ("bextr eax, ecx, edx", &[0xC4, 0xE2, 0x68, 0xF7, 0xC1]),
        ("blsi r9, qword ptr [rax]", &[0xC4, 0xE2, 0xB0, 0xF3, 0x18]),
        // `eip`-relative: RIP-relative with 0x67.
        ("mov eax, [eip + 8]", &[0x67, 0x8B, 0x05, 0x08, 0x00, 0x00, 0x00]),
        ("lea rax, [eip]", &[0x67, 0x48, 0x8D, 0x05, 0x00, 0x00, 0x00, 0x00]),
        // The raw `addr32` prefix in front of a 64-bit-register operand or a string instruction.
        ("addr32 mov eax, [rip + 8]", &[0x67, 0x8B, 0x05, 0x08, 0x00, 0x00, 0x00]),
        ("addr32 movsb", &[0x67, 0xA4]),
    ];
    for (src, want) in same {
        assert_eq!(bytes(src), *want, "{src}");
    }
    // Where the two assemblers disagree, and what this assembler does:
    // * `mov ax, ds`: GNU as writes `66 8C D8`, llvm-mc drops the 66 (`8C D8`, shown as
    //   `mov eax, ds`). The SDM's `MOV r16, Sreg` with the operand-size prefix is GNU's.
    assert_eq!(bytes("mov ax, ds"), [0x66, 0x8C, 0xD8]);
    // * `movabs rax, ds:0x...`: llvm-mc writes `48 3E A1 ...`, a REX that is not next to the
    //   opcode and so is ignored (a 32-bit load); GNU as drops the redundant `ds:`. The
    //   override is kept, before the REX.
    assert_eq!(
        bytes("movabs rax, ds:0x1122334455667788"),
        [0x3E, 0x48, 0xA1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11]
    );
    // * `movabs ax, fs:0x...`: GNU as writes the override first (`64 66 A1 ...`, as here),
    //   llvm-mc the operand-size prefix first (`66 64 A1 ...`); the order of these prefixes
    //   does not matter to the CPU.
    assert_eq!(
        bytes("movabs ax, fs:0x1122334455667788"),
        [0x64, 0x66, 0xA1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11]
    );
    // * `iret`: llvm-mc writes `66 CF` (the SDM's 16-bit IRET); GNU as warns and writes `CF`
    //   (that is `iretd`). The SDM's spelling is followed.
    assert_eq!(bytes("iret"), [0x66, 0xCF]);
    assert_eq!(bytes("iretd"), [0xCF]);
    // * `xlat` alone: GNU as takes it, llvm-mc 14 only takes `xlatb` or `xlat byte ptr [rbx]`.
    assert_eq!(bytes("xlat"), [0xD7]);
}

#[test]
fn feature_detection_agrees_with_the_standard_library() {
    use asm_runtime::isa::Feature;
    let here = asm_runtime::cpu_features();
    for (f, std_has) in [
        (Feature::Adx, std::is_x86_feature_detected!("adx")),
        (Feature::Rdrand, std::is_x86_feature_detected!("rdrand")),
        (Feature::Rdseed, std::is_x86_feature_detected!("rdseed")),
        (Feature::Fxsr, std::is_x86_feature_detected!("fxsr")),
        (Feature::Xsaveopt, std::is_x86_feature_detected!("xsaveopt")),
        (Feature::Xsavec, std::is_x86_feature_detected!("xsavec")),
    ] {
        assert_eq!(here.contains(f), std_has, "{}", f.name());
    }
}

#[test]
fn invalid_x87_and_string_operands_are_errors() {
    for src in [
        "fadd st(1), st(2)",
        "fsubp st(0), st(1)",
        "fcom st(0), st(1)",
        "movs qword ptr es:[rsi], qword ptr [rdi]",
        "stos dword ptr fs:[rdi]",
        "lods byte ptr [rsi + 1]",
        "fld [rax]",
        "fild [rax]",
    ] {
        assert!(assemble_str(src).is_err(), "`{src}` assembled");
    }
}

#[test]
fn x87_functions_match_rust_f64() {
    // out[0..8] = sqrt x, sin x, cos x, log2 x (fyl2x with y = 1), pi, atan x (fpatan), the
    // sin and cos of fsincos, and |-x| rounded to an integer (fchs, fabs, frndint, fistp).
    let src = "fninit
               fld qword ptr [rdi]
               fsqrt
               fstp qword ptr [rsi]
               fld qword ptr [rdi]
               fsin
               fstp qword ptr [rsi + 8]
               fld qword ptr [rdi]
               fcos
               fstp qword ptr [rsi + 16]
               fld1
               fld qword ptr [rdi]
               fyl2x
               fstp qword ptr [rsi + 24]
               fldpi
               fstp qword ptr [rsi + 32]
               fld qword ptr [rdi]
               fld1
               fpatan
               fstp qword ptr [rsi + 40]
               fld qword ptr [rdi]
               fsincos
               fstp qword ptr [rsi + 56]
               fstp qword ptr [rsi + 48]
               fld qword ptr [rdi]
               fchs
               fabs
               frndint
               fistp qword ptr [rsi + 64]
               ret";
    let code = asm(src).finalize().unwrap();
    // SAFETY: a complete `fn(*const f64, *mut [u64; 9])` writing the nine results.
    let f = unsafe { code.entry::<extern "sysv64" fn(*const f64, *mut [u64; 9])>() };
    for x in [0.5f64, 1.0, 2.0, 3.25, 10.0, 1234.5678] {
        let mut out = [0u64; 9];
        f(&x, &mut out);
        let g = |i: usize| f64::from_bits(out[i]);
        let want = [x.sqrt(), x.sin(), x.cos(), x.log2(), std::f64::consts::PI, x.atan(), x.sin(), x.cos()];
        for (i, w) in want.iter().enumerate() {
            assert!((g(i) - w).abs() <= 1e-12 * w.abs().max(1.0), "result {i} of {x}: {} vs {w}", g(i));
        }
        assert_eq!(out[8] as i64, x.round_ties_even() as i64, "frndint of {x}");
    }
}

#[test]
fn x87_compare_and_conditional_move() {
    // max(a, b) with fcomi + fcmovb, and the fnstsw ax condition bits of fcom.
    let a = x86!(new;
        fld qword ptr [rsi];
        fld qword ptr [rdi];
        fcomi st(0), st(1);
        fcmovb st(0), st(1);
        fstp qword ptr [rdx];
        fstp st(0);
        fld qword ptr [rsi];
        fld qword ptr [rdi];
        fcompp;
        fnstsw ax;
        movzx eax, ax;
        ret
    );
    let code = a.finalize().unwrap();
    // SAFETY: a complete `fn(*const f64, *const f64, *mut f64) -> u32`, balanced x87 stack.
    let f = unsafe { code.entry::<extern "sysv64" fn(*const f64, *const f64, *mut f64) -> u32>() };
    for (x, y) in [(1.0f64, 2.0f64), (3.0, -1.0), (5.0, 5.0)] {
        let mut out = 0.0;
        let sw = f(&x, &y, &mut out);
        assert_eq!(out, x.max(y), "max({x}, {y})");
        // C0 (bit 8): st(0) < st(1); C3 (bit 14): equal.
        assert_eq!(sw & 0x100 != 0, x < y, "C0 of {x} vs {y}");
        assert_eq!(sw & 0x4000 != 0, x == y, "C3 of {x} vs {y}");
    }
}

fn pdep(src: u64, mut mask: u64) -> u64 {
    let mut out = 0;
    let mut bit = 0;
    while mask != 0 {
        let low = mask & mask.wrapping_neg();
        if src >> bit & 1 == 1 {
            out |= low;
        }
        bit += 1;
        mask &= mask - 1;
    }
    out
}

fn pext(src: u64, mut mask: u64) -> u64 {
    let mut out = 0;
    let mut bit = 0;
    while mask != 0 {
        let low = mask & mask.wrapping_neg();
        if src & low != 0 {
            out |= 1 << bit;
        }
        bit += 1;
        mask &= mask - 1;
    }
    out
}

#[test]
fn bmi_bit_operations_match_rust() {
    type Bin = extern "sysv64" fn(u64, u64) -> u64;
    type Case = (&'static str, &'static str, fn(u64, u64) -> u64);
    let cases: &[Case] = &[
        ("bmi2", "pdep rax, rdi, rsi", pdep),
        ("bmi2", "pext rax, rdi, rsi", pext),
        ("bmi2", "bzhi rax, rdi, rsi", |a, b| {
            let n = b & 0xff;
            if n >= 64 {
                a
            } else {
                a & ((1 << n) - 1)
            }
        }),
        ("bmi2", "rorx rax, rdi, 13", |a, _| a.rotate_right(13)),
        ("bmi2", "rorx eax, edi, 7", |a, _| u64::from((a as u32).rotate_right(7))),
        ("bmi2", "sarx rax, rdi, rsi", |a, b| ((a as i64) >> (b % 64)) as u64),
        ("bmi2", "shrx rax, rdi, rsi", |a, b| a >> (b % 64)),
        ("bmi2", "shlx eax, edi, esi", |a, b| u64::from((a as u32) << (b % 32))),
        ("bmi1", "andn rax, rdi, rsi", |a, b| !a & b),
        ("bmi1", "bextr rax, rdi, rsi", |a, b| {
            let (start, len) = (b & 0xff, (b >> 8) & 0xff);
            if start >= 64 {
                0
            } else {
                let v = a >> start;
                if len >= 64 {
                    v
                } else {
                    v & ((1 << len) - 1)
                }
            }
        }),
        ("bmi1", "blsi rax, rdi", |a, _| a & a.wrapping_neg()),
        ("bmi1", "blsmsk rax, rdi", |a, _| a ^ a.wrapping_sub(1)),
        ("bmi1", "blsr rax, rdi", |a, _| a & a.wrapping_sub(1)),
        ("bmi1", "blsr eax, edi", |a, _| u64::from((a as u32) & (a as u32).wrapping_sub(1))),
    ];
    let vals = values(40);
    for (feature, ins, reference) in cases {
        let code = asm(&format!("{ins}\nret")).finalize().unwrap();
        let ok = match *feature {
            "bmi1" => std::is_x86_feature_detected!("bmi1"),
            _ => std::is_x86_feature_detected!("bmi2"),
        };
        if !detected(feature, ok) {
            continue;
        }
        // SAFETY: one instruction reading rdi/rsi, writing rax, then `ret`.
        let f = unsafe { code.entry::<Bin>() };
        for (i, &a) in vals.iter().enumerate() {
            // Counts and bextr controls in range, and raw values.
            let b = if i % 2 == 0 {
                vals[(i * 7) % vals.len()]
            } else {
                (a.rotate_left(i as u32) % 80) | ((i as u64 % 70) << 8)
            };
            assert_eq!(f(a, b), reference(a, b), "`{ins}` with {a:#x}, {b:#x}");
        }
    }
}

#[test]
fn mulx_and_adx_carry_chains() {
    // mulx: the high half returned, the low half stored; rdx is the implicit multiplicand.
    let mul = asm("mov r8, rdx
                   mov rdx, rdi
                   mulx rax, rcx, rsi
                   mov qword ptr [r8], rcx
                   ret")
    .finalize()
    .unwrap();
    // 128-bit additions in two independent chains: adcx (CF) and adox (OF).
    let add = x86!(new;
        xor eax, eax;
        mov rax, qword ptr [rdi];
        mov r9, qword ptr [rdi + 8];
        adcx rax, qword ptr [rsi];
        adcx r9, qword ptr [rsi + 8];
        mov qword ptr [rdx], rax;
        mov qword ptr [rdx + 8], r9;
        xor eax, eax;
        mov rax, qword ptr [rdi];
        mov r9, qword ptr [rdi + 8];
        adox rax, qword ptr [rsi];
        adox r9, qword ptr [rsi + 8];
        mov qword ptr [rdx + 16], rax;
        mov qword ptr [rdx + 24], r9;
        ret
    )
    .finalize()
    .unwrap();
    let vals = values(30);
    if detected("bmi2", std::is_x86_feature_detected!("bmi2")) {
        // SAFETY: a complete `fn(u64, u64, *mut u64) -> u64`.
        let f = unsafe { mul.entry::<extern "sysv64" fn(u64, u64, *mut u64) -> u64>() };
        for w in vals.windows(2) {
            let mut lo = 0;
            let hi = f(w[0], w[1], &mut lo);
            let p = u128::from(w[0]) * u128::from(w[1]);
            assert_eq!((hi, lo), ((p >> 64) as u64, p as u64), "mulx {:#x} * {:#x}", w[0], w[1]);
        }
    }
    if detected("adx", std::is_x86_feature_detected!("adx")) {
        // SAFETY: a complete `fn(*const [u64; 2], *const [u64; 2], *mut [u64; 4])`.
        let f = unsafe { add.entry::<extern "sysv64" fn(*const [u64; 2], *const [u64; 2], *mut [u64; 4])>() };
        for w in vals.windows(4) {
            let (a, b) = ([w[0], w[1]], [w[2], w[3]]);
            let mut out = [0u64; 4];
            f(&a, &b, &mut out);
            let sum = (u128::from(a[0]) | u128::from(a[1]) << 64)
                .wrapping_add(u128::from(b[0]) | u128::from(b[1]) << 64);
            assert_eq!([out[0], out[1]], [sum as u64, (sum >> 64) as u64], "adcx");
            assert_eq!([out[2], out[3]], [sum as u64, (sum >> 64) as u64], "adox");
        }
    }
}

#[test]
fn rdrand_and_rdseed_deliver_values() {
    // Retry until CF is set, at most 1000 times; returns the value, CF count in rdx via out.
    for (feature, ins, ok, bits) in [
        ("rdrand", "rdrand rax", std::is_x86_feature_detected!("rdrand"), 64),
        ("rdrand", "rdrand eax", std::is_x86_feature_detected!("rdrand"), 32),
        ("rdrand", "rdrand ax", std::is_x86_feature_detected!("rdrand"), 16),
        ("rdseed", "rdseed rax", std::is_x86_feature_detected!("rdseed"), 64),
        ("rdseed", "rdseed eax", std::is_x86_feature_detected!("rdseed"), 32),
        ("rdseed", "rdseed ax", std::is_x86_feature_detected!("rdseed"), 16),
    ] {
        let src = format!(
            "mov rax, -1
             mov ecx, 1000
           again:
             {ins}
             jc done
             dec ecx
             jnz again
             xor ecx, ecx
           done:
             mov dword ptr [rdi], ecx
             ret"
        );
        let code = asm(&src).finalize().unwrap();
        if !detected(feature, ok) {
            continue;
        }
        // SAFETY: a complete `fn(*mut u32) -> u64`.
        let f = unsafe { code.entry::<extern "sysv64" fn(*mut u32) -> u64>() };
        let mut seen = std::collections::HashSet::new();
        for _ in 0..8 {
            let mut tries_left = 0u32;
            let v = f(&mut tries_left);
            assert!(tries_left > 0, "`{ins}` never succeeded in 1000 tries");
            match bits {
                // A 32-bit destination zeroes the upper half; a 16-bit one keeps it.
                32 => assert_eq!(v >> 32, 0, "`{ins}`: {v:#x}"),
                16 => assert_eq!(v >> 16, 0xFFFF_FFFF_FFFF, "`{ins}`: {v:#x}"),
                _ => {}
            }
            seen.insert(v);
        }
        assert!(seen.len() > 1, "`{ins}` returned the same value 8 times");
    }
}

#[test]
fn bit_counts_match_rust() {
    type Case = (&'static str, &'static str, bool, fn(u64) -> u64);
    let cases: &[Case] = &[
        ("popcnt", "popcnt rax, rdi", std::is_x86_feature_detected!("popcnt"), |x| u64::from(x.count_ones())),
        ("popcnt", "popcnt eax, edi", std::is_x86_feature_detected!("popcnt"), |x| {
            u64::from((x as u32).count_ones())
        }),
        ("popcnt", "popcnt ax, di\nmovzx eax, ax", std::is_x86_feature_detected!("popcnt"), |x| {
            u64::from((x as u16).count_ones())
        }),
        ("lzcnt", "lzcnt rax, rdi", std::is_x86_feature_detected!("lzcnt"), |x| u64::from(x.leading_zeros())),
        ("lzcnt", "lzcnt eax, edi", std::is_x86_feature_detected!("lzcnt"), |x| {
            u64::from((x as u32).leading_zeros())
        }),
        ("lzcnt", "lzcnt ax, di\nmovzx eax, ax", std::is_x86_feature_detected!("lzcnt"), |x| {
            u64::from((x as u16).leading_zeros())
        }),
        ("bmi1", "tzcnt rax, rdi", std::is_x86_feature_detected!("bmi1"), |x| u64::from(x.trailing_zeros())),
        ("bmi1", "tzcnt eax, edi", std::is_x86_feature_detected!("bmi1"), |x| {
            u64::from((x as u32).trailing_zeros())
        }),
        ("bmi1", "tzcnt ax, di\nmovzx eax, ax", std::is_x86_feature_detected!("bmi1"), |x| {
            u64::from((x as u16).trailing_zeros())
        }),
    ];
    for (feature, ins, ok, reference) in cases {
        let code = asm(&format!("{ins}\nret")).finalize().unwrap();
        if !detected(feature, *ok) {
            continue;
        }
        // SAFETY: reads rdi, writes rax, returns.
        let f = unsafe { code.entry::<extern "sysv64" fn(u64) -> u64>() };
        for x in values(64) {
            for v in [x, x >> 17, x << 40, x & 0xff00] {
                assert_eq!(f(v), reference(v), "`{ins}` of {v:#x}");
            }
        }
    }
}

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit, without the final
/// inversion (as the `crc32` instruction computes it).
fn crc32c_raw(mut crc: u32, data: &[u8]) -> u32 {
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0x82F6_3B78 } else { crc >> 1 };
        }
    }
    crc
}

#[test]
fn crc32_matches_a_rust_crc32c() {
    // fn(crc, ptr, len) -> crc: qwords with `crc32 rax, qword ptr`, the rest byte-wise with
    // `crc32 eax, byte ptr`; plus word and dword steps checked one at a time.
    let bulk = asm("mov eax, edi
                    mov rcx, rdx
                  quads:
                    cmp rcx, 8
                    jb bytes
                    crc32 rax, qword ptr [rsi]
                    add rsi, 8
                    sub rcx, 8
                    jmp quads
                  bytes:
                    test rcx, rcx
                    jz done
                    crc32 eax, byte ptr [rsi]
                    inc rsi
                    dec rcx
                    jmp bytes
                  done:
                    ret")
    .finalize()
    .unwrap();
    let step = asm("mov eax, edi
                    crc32 eax, word ptr [rsi]
                    crc32 eax, dword ptr [rsi + 2]
                    movzx ecx, byte ptr [rsi + 6]
                    crc32 eax, cl
                    ret")
    .finalize()
    .unwrap();
    if !detected("sse4.2", std::is_x86_feature_detected!("sse4.2")) {
        return;
    }
    // SAFETY: complete functions `fn(u32, *const u8, usize) -> u32` reading `len` (7) bytes.
    let f = unsafe { bulk.entry::<extern "sysv64" fn(u32, *const u8, usize) -> u32>() };
    let g = unsafe { step.entry::<extern "sysv64" fn(u32, *const u8) -> u32>() };
    // The standard check value: CRC-32C("123456789") = 0xE3069283.
    assert_eq!(!f(!0, b"123456789".as_ptr(), 9), 0xE306_9283);
    let data: Vec<u8> = values(40).iter().flat_map(|v| v.to_le_bytes()).collect();
    for len in [0, 1, 7, 8, 9, 31, 100, 320] {
        assert_eq!(f(!0, data.as_ptr(), len), crc32c_raw(!0, &data[..len]), "length {len}");
    }
    for i in 0..20 {
        assert_eq!(
            g(i as u32 * 77, data[i..].as_ptr()),
            crc32c_raw(i as u32 * 77, &data[i..i + 7]),
            "at {i}"
        );
    }
}

#[test]
fn string_instructions_copy_fill_and_scan() {
    let movsb = asm("cld\nmov rcx, rdx\nrep movsb\nret").finalize().unwrap();
    let stosq =
        asm("cld\nmov rax, rsi\nmov rcx, rdx\nrep stos qword ptr es:[rdi], rax\nret").finalize().unwrap();
    // strlen: repne scasb for the 0 byte.
    let strlen = asm("cld
                      xor eax, eax
                      mov rcx, -1
                      repne scas al, byte ptr es:[rdi]
                      not rcx
                      dec rcx
                      mov rax, rcx
                      ret")
    .finalize()
    .unwrap();
    // Sum of dwords with lods, and a compare with repe cmpsb returning the index of the first
    // difference.
    let sum = asm("cld
                   xor r8d, r8d
                   mov rcx, rsi
                   mov rsi, rdi
                 next:
                   lods dword ptr [rsi]
                   add r8, rax
                   loop next
                   mov rax, r8
                   ret")
    .finalize()
    .unwrap();
    let cmp = asm("cld
                   mov rcx, rdx
                   mov r8, rdx
                   repe cmps byte ptr [rsi], byte ptr es:[rdi]
                   je same
                   sub r8, rcx
                   lea rax, [r8 - 1]
                   ret
                 same:
                   mov rax, -1
                   ret")
    .finalize()
    .unwrap();
    // SAFETY: each is a complete function over the buffers passed (lengths in elements).
    unsafe {
        let copy = movsb.entry::<extern "sysv64" fn(*mut u8, *const u8, usize)>();
        let src: Vec<u8> = (0..200u8).collect();
        let mut dst = vec![0u8; 200];
        copy(dst.as_mut_ptr(), src.as_ptr(), 150);
        assert_eq!(&dst[..150], &src[..150]);
        assert!(dst[150..].iter().all(|&b| b == 0));

        let fill = stosq.entry::<extern "sysv64" fn(*mut u64, u64, usize)>();
        let mut q = vec![0u64; 10];
        fill(q.as_mut_ptr(), 0xDEAD_BEEF_0BAD_F00D, 9);
        assert_eq!(&q[..9], &[0xDEAD_BEEF_0BAD_F00D; 9]);
        assert_eq!(q[9], 0);

        let len = strlen.entry::<extern "sysv64" fn(*const u8) -> usize>();
        for s in [&b"\0"[..], b"a\0", b"hello, world\0", b"x\0y\0"] {
            let want = s.iter().position(|&b| b == 0).unwrap();
            assert_eq!(len(s.as_ptr()), want);
        }

        let total = sum.entry::<extern "sysv64" fn(*const u32, usize) -> u64>();
        let d: Vec<u32> = (1..=100).map(|i| i * 1000).collect();
        assert_eq!(total(d.as_ptr(), d.len()), d.iter().map(|&x| u64::from(x)).sum::<u64>());

        let first_diff = cmp.entry::<extern "sysv64" fn(*const u8, *const u8, usize) -> i64>();
        let a = b"abcdefgh";
        assert_eq!(first_diff(a.as_ptr(), b"abcdefgh".as_ptr(), 8), -1);
        assert_eq!(first_diff(a.as_ptr(), b"abcXefgh".as_ptr(), 8), 3);
        assert_eq!(first_diff(a.as_ptr(), b"Xbcdefgh".as_ptr(), 8), 0);
    }
}

#[test]
fn movbe_movabs_and_enter() {
    static CELL: u64 = 0x0123_4567_89AB_CDEF;
    let addr = &CELL as *const u64 as u64;
    // movabs through the 64-bit address of a static, both directions (into the red zone copy).
    let load = asm(&format!("movabs rax, [{addr:#x}]\nret")).finalize().unwrap();
    let load32 = asm(&format!("movabs eax, dword ptr [{addr:#x}]\nret")).finalize().unwrap();
    let swap = asm("mov qword ptr [rsp - 8], rdi
                    movbe rax, qword ptr [rsp - 8]
                    movbe dword ptr [rsp - 16], edi
                    mov ecx, dword ptr [rsp - 16]
                    mov qword ptr [rsi], rcx
                    ret")
    .finalize()
    .unwrap();
    let frame = asm("enter 32, 0
                     mov qword ptr [rbp - 8], rdi
                     mov rax, qword ptr [rbp - 8]
                     add rax, rbp
                     sub rax, rsp
                     leave
                     ret")
    .finalize()
    .unwrap();
    // SAFETY: complete functions with the signatures given.
    unsafe {
        assert_eq!(load.entry::<extern "sysv64" fn() -> u64>()(), CELL);
        assert_eq!(load32.entry::<extern "sysv64" fn() -> u64>()(), CELL & 0xFFFF_FFFF);
        // rbp - rsp after `enter 32, 0` is the 32-byte frame.
        assert_eq!(frame.entry::<extern "sysv64" fn(u64) -> u64>()(5), 5 + 32);
    }
    if detected("movbe", std::is_x86_feature_detected!("movbe")) {
        // SAFETY: a complete `fn(u64, *mut u64) -> u64`.
        let f = unsafe { swap.entry::<extern "sysv64" fn(u64, *mut u64) -> u64>() };
        for x in values(20) {
            let mut low = 0;
            assert_eq!(f(x, &mut low), x.swap_bytes());
            assert_eq!(low, u64::from((x as u32).swap_bytes()));
        }
    }
}

#[test]
fn fxsave_and_xgetbv_report_the_fpu_state() {
    // The FCW saved by fxsave (bytes 0..2 of the area) is the one fnstcw stores; fldcw of a
    // modified word shows up there too, then the original is restored with fxrstor.
    let a = x86!(new;
        fnstcw word ptr [rsi];
        fxsave [rdi];
        mov ax, word ptr [rsi];
        xor ax, 0x0c00;
        mov word ptr [rsi + 2], ax;
        fldcw word ptr [rsi + 2];
        fxsave64 [rdi + 512];
        fxrstor [rdi];
        fnstcw word ptr [rsi + 4];
        ret
    );
    let code = a.finalize().unwrap();
    let xgetbv = asm("xor ecx, ecx\nxgetbv\nshl rdx, 32\nor rax, rdx\nret").finalize().unwrap();
    if detected("fxsr", std::is_x86_feature_detected!("fxsr")) {
        #[repr(C, align(16))]
        struct Area([u8; 1024]);
        let mut area = Area([0; 1024]);
        let mut cw = [0u16; 3];
        // SAFETY: a complete `fn(*mut Area, *mut [u16; 3])`, the area 16-byte aligned.
        let f = unsafe { code.entry::<extern "sysv64" fn(*mut Area, *mut [u16; 3])>() };
        f(&mut area, &mut cw);
        assert_eq!(u16::from_le_bytes([area.0[0], area.0[1]]), cw[0]);
        assert_eq!(u16::from_le_bytes([area.0[512], area.0[513]]), cw[0] ^ 0x0c00);
        assert_eq!(cw[2], cw[0], "fxrstor restored the control word");
    }
    if detected("xsave", std::is_x86_feature_detected!("xsave")) {
        // SAFETY: a complete `fn() -> u64`; the OS enabled XSAVE (checked above).
        let xcr0 = unsafe { xgetbv.entry::<extern "sysv64" fn() -> u64>() }();
        assert_eq!(xcr0 & 1, 1, "XCR0 x87 bit");
        if std::is_x86_feature_detected!("avx") {
            assert_eq!(xcr0 & 6, 6, "XCR0 SSE and AVX bits with AVX");
        }
    }
}

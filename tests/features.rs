//! CPU feature targets: `Assembler::with_features`, the `.arch` directive, the run-time check of
//! blocks the `x86!` macro encoded at compile time, and `cpu_features()`.

use asm_macro::x86;
use asm_runtime::isa::Feature;
use asm_runtime::text::assemble_str;
use asm_runtime::{cpu_features, Assembler, Features};

#[test]
fn a_restricted_assembler_refuses_rows_outside_its_target() {
    let mut a = Assembler::with_features(Features::X86_64_V2);
    a.assemble_text("crc32 eax, bl; popcnt rax, rbx").unwrap();
    let e = a.assemble_text("vpxor ymm0, ymm1, ymm2").unwrap_err().to_string();
    assert!(e.contains("`vpxor ymm, ymm, ymm/m256` needs AVX2, which the target does not have"), "{e}");
    let e = a.assemble_text("shlx rax, rbx, rcx").unwrap_err().to_string();
    assert!(e.contains("needs BMI2"), "{e}");
    // The baseline has no SSE4.2.
    let mut b = Assembler::with_features(Features::X86_64);
    assert!(b.assemble_text("crc32 eax, bl").unwrap_err().to_string().contains("needs SSE4.2"));
    assert!(b.assemble_text("paddd xmm0, xmm1").is_ok());
}

#[test]
fn the_arch_directive_sets_the_target_of_the_text_assembler() {
    assert!(assemble_str(".arch x86-64-v3\nvpxor ymm0, ymm1, ymm2").is_ok());
    let e = assemble_str(".arch x86-64-v2\nvpxor ymm0, ymm1, ymm2").unwrap_err().to_string();
    assert!(e.starts_with("2:1:") && e.contains("needs AVX2"), "{e}");
    let e =
        assemble_str(".arch x86-64-v3, -avx2\nvaddps ymm0, ymm1, ymm2\nvpxor ymm0, ymm1, ymm2").unwrap_err();
    assert!(e.to_string().starts_with("3:1:"), "{e}");
    assert!(assemble_str(".arch x86-64-v2, +avx2\nvpxor ymm0, ymm1, ymm2").is_ok());
    let e = assemble_str(".arch sse5").unwrap_err().to_string();
    assert!(e.contains("unknown CPU feature `sse5`"), "{e}");
}

#[test]
fn macro_blocks_are_checked_against_the_assemblers_target() {
    // Static block: its bytes were encoded at compile time; the check still runs.
    let mut a = Assembler::with_features(Features::X86_64_V2);
    x86!(a; vpxor ymm0, ymm0, ymm0; ret);
    let e = a.finalize().unwrap_err().to_string();
    assert!(e.contains("needs AVX2") && e.contains("vpxor ymm0, ymm0, ymm0"), "{e}");
    // A block with holes goes the run-time path.
    let r = asm_runtime::Ymm::YMM3;
    let mut a = Assembler::with_features(Features::X86_64_V2);
    x86!(a; vpxor ymm{r}, ymm{r}, ymm{r}; ret);
    assert!(a.finalize().unwrap_err().to_string().contains("needs AVX2"));
    // Within the target, nothing changes.
    let mut a = Assembler::with_features(Features::X86_64_V3);
    x86!(a; vpxor ymm0, ymm0, ymm0; vzeroupper; mov eax, 7; ret);
    let buf = a.finalize().unwrap();
    // SAFETY: the code is a complete function returning an i32.
    let f = unsafe { buf.entry::<extern "sysv64" fn() -> i32>() };
    if std::is_x86_feature_detected!("avx2") {
        assert_eq!(f(), 7);
    } else {
        eprintln!("skipped running: CPU lacks avx2");
    }
}

#[test]
fn cpu_features_match_the_standard_librarys_detection() {
    let here = cpu_features();
    for (f, std_has) in [
        (Feature::Sse42, std::is_x86_feature_detected!("sse4.2")),
        (Feature::Avx, std::is_x86_feature_detected!("avx")),
        (Feature::Avx2, std::is_x86_feature_detected!("avx2")),
        (Feature::Fma, std::is_x86_feature_detected!("fma")),
        (Feature::Bmi1, std::is_x86_feature_detected!("bmi1")),
        (Feature::Popcnt, std::is_x86_feature_detected!("popcnt")),
        (Feature::Avx512f, std::is_x86_feature_detected!("avx512f")),
    ] {
        assert_eq!(here.contains(f), std_has, "{}", f.name());
    }
    // An assembler for this CPU accepts what the CPU has.
    let mut a = Assembler::with_features(here);
    assert_eq!(a.assemble_text("vpxor ymm0, ymm1, ymm2").is_ok(), here.contains(Feature::Avx2));
}

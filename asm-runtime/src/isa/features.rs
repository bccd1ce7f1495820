//! Sets of CPU features: what a target may use ([`Assembler::with_features`]) and what the running
//! CPU has ([`cpu_features`]).
//!
//! Every table row names the [`Feature`] it needs. An assembler restricted to a [`Features`] set
//! refuses a row outside it with an error that names the feature, so a JIT that picked a code
//! path for an SSE4.2 machine cannot emit an AVX2 instruction by mistake. The same set is what
//! the `.arch` directive of the text assembler and the `x86!` macro sets (`.arch x86-64-v2`,
//! `.arch x86-64-v3, +sha`).
//!
//! ```
//! use asm_runtime::isa::{Feature, Features};
//!
//! let v2 = Features::X86_64_V2;
//! assert!(v2.contains(Feature::Sse42) && !v2.contains(Feature::Avx2));
//! let t = Features::parse("x86-64-v2, +avx2").unwrap();
//! assert!(t.contains(Feature::Avx2));
//! // What this machine has (cpuid and xgetbv):
//! let here = asm_runtime::cpu_features();
//! assert!(here.contains(Feature::Sse2));
//! ```
//!
//! [`Assembler::with_features`]: crate::Assembler::with_features

use std::fmt;

/// The CPU feature (CPUID bit) a row needs.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Feature {
    /// The x86-64 base instruction set.
    Base,
    /// The x87 floating-point unit.
    X87,
    /// SSE.
    Sse,
    /// SSE2.
    Sse2,
    /// SSE3.
    Sse3,
    /// SSSE3.
    Ssse3,
    /// SSE4.1.
    Sse41,
    /// SSE4.2.
    Sse42,
    /// `popcnt`.
    Popcnt,
    /// `lzcnt` (ABM).
    Lzcnt,
    /// `movbe`.
    Movbe,
    /// BMI1 (`andn`, `tzcnt`, ...).
    Bmi1,
    /// BMI2 (`shlx`, ...).
    Bmi2,
    /// AVX.
    Avx,
    /// AVX2.
    Avx2,
    /// FMA3.
    Fma,
    /// AES-NI (`aesenc`, ...; with AVX, their VEX forms).
    Aes,
    /// `pclmulqdq` (carry-less multiplication).
    Pclmulqdq,
    /// AVX-512 Foundation.
    Avx512f,
    /// AVX-512 Vector Length extensions (the 128- and 256-bit EVEX forms).
    Avx512vl,
    /// MMX.
    Mmx,
    /// `fxsave` / `fxrstor`.
    Fxsr,
    /// Half-precision conversions (`vcvtph2ps`, `vcvtps2ph`).
    F16c,
    /// `xsave` / `xrstor` / `xgetbv`.
    Xsave,
    /// The SHA extensions (`sha1rnds4`, `sha256rnds2`, ...).
    Sha,
    /// VEX-encoded AES on ymm registers (`vaesenc ymm`).
    Vaes,
    /// VEX-encoded carry-less multiplication on ymm registers (`vpclmulqdq ymm`).
    Vpclmulqdq,
    /// ADX (`adcx`, `adox`).
    Adx,
    /// `rdrand`.
    Rdrand,
    /// `rdseed`.
    Rdseed,
    /// `rdpid`.
    Rdpid,
    /// `rdfsbase`, `wrgsbase` and relatives.
    Fsgsbase,
    /// `clflushopt`.
    Clflushopt,
    /// `clwb`.
    Clwb,
    /// `serialize`.
    Serialize,
    /// `xsaveopt`.
    Xsaveopt,
    /// `xsavec`.
    Xsavec,
    /// `xsaves`, `xrstors`.
    Xsaves,
    /// CET indirect-branch tracking (`endbr64`, `endbr32`).
    Cet,
    /// `prefetchw` (3DNow! prefetch, kept by Intel and AMD).
    Prefetchw,
    /// AVX-512 Byte and Word instructions.
    Avx512bw,
    /// AVX-512 Doubleword and Quadword instructions.
    Avx512dq,
    /// AVX-512 Conflict Detection (`vpconflictd`, `vplzcntd`).
    Avx512cd,
    /// AVX-512 Vector Byte Manipulation (`vpermb`, `vpermt2b`, `vpmultishiftqb`).
    Avx512vbmi,
    /// AVX-512 Vector Neural Network Instructions (`vpdpbusd`, `vpdpwssd`).
    Avx512vnni,
    /// AVX-512 population count of dwords and qwords (`vpopcntd`, `vpopcntq`).
    Avx512vpopcntdq,
}

impl Feature {
    /// The feature's name as `is_x86_feature_detected!` and compilers spell it (`sse4.1`).
    pub const fn name(self) -> &'static str {
        match self {
            Feature::Base => "base",
            Feature::X87 => "x87",
            Feature::Sse => "sse",
            Feature::Sse2 => "sse2",
            Feature::Sse3 => "sse3",
            Feature::Ssse3 => "ssse3",
            Feature::Sse41 => "sse4.1",
            Feature::Sse42 => "sse4.2",
            Feature::Popcnt => "popcnt",
            Feature::Lzcnt => "lzcnt",
            Feature::Movbe => "movbe",
            Feature::Bmi1 => "bmi1",
            Feature::Bmi2 => "bmi2",
            Feature::Avx => "avx",
            Feature::Avx2 => "avx2",
            Feature::Fma => "fma",
            Feature::Aes => "aes",
            Feature::Pclmulqdq => "pclmulqdq",
            Feature::Avx512f => "avx512f",
            Feature::Avx512vl => "avx512vl",
            Feature::Mmx => "mmx",
            Feature::Fxsr => "fxsr",
            Feature::F16c => "f16c",
            Feature::Xsave => "xsave",
            Feature::Sha => "sha",
            Feature::Vaes => "vaes",
            Feature::Vpclmulqdq => "vpclmulqdq",
            Feature::Adx => "adx",
            Feature::Rdrand => "rdrand",
            Feature::Rdseed => "rdseed",
            Feature::Rdpid => "rdpid",
            Feature::Fsgsbase => "fsgsbase",
            Feature::Clflushopt => "clflushopt",
            Feature::Clwb => "clwb",
            Feature::Serialize => "serialize",
            Feature::Xsaveopt => "xsaveopt",
            Feature::Xsavec => "xsavec",
            Feature::Xsaves => "xsaves",
            Feature::Cet => "ibt",
            Feature::Prefetchw => "prefetchw",
            Feature::Avx512bw => "avx512bw",
            Feature::Avx512dq => "avx512dq",
            Feature::Avx512cd => "avx512cd",
            Feature::Avx512vbmi => "avx512vbmi",
            Feature::Avx512vnni => "avx512vnni",
            Feature::Avx512vpopcntdq => "avx512vpopcntdq",
        }
    }

    /// Every feature, in declaration order.
    pub const ALL: &'static [Feature] = &[
        Feature::Base,
        Feature::X87,
        Feature::Sse,
        Feature::Sse2,
        Feature::Sse3,
        Feature::Ssse3,
        Feature::Sse41,
        Feature::Sse42,
        Feature::Popcnt,
        Feature::Lzcnt,
        Feature::Movbe,
        Feature::Bmi1,
        Feature::Bmi2,
        Feature::Avx,
        Feature::Avx2,
        Feature::Fma,
        Feature::Avx512f,
        Feature::Avx512vl,
        Feature::Mmx,
        Feature::Fxsr,
        Feature::F16c,
        Feature::Xsave,
        Feature::Aes,
        Feature::Pclmulqdq,
        Feature::Sha,
        Feature::Vaes,
        Feature::Vpclmulqdq,
        Feature::Adx,
        Feature::Rdrand,
        Feature::Rdseed,
        Feature::Rdpid,
        Feature::Fsgsbase,
        Feature::Clflushopt,
        Feature::Clwb,
        Feature::Serialize,
        Feature::Xsaveopt,
        Feature::Xsavec,
        Feature::Xsaves,
        Feature::Cet,
        Feature::Prefetchw,
        Feature::Avx512bw,
        Feature::Avx512dq,
        Feature::Avx512cd,
        Feature::Avx512vbmi,
        Feature::Avx512vnni,
        Feature::Avx512vpopcntdq,
    ];
}

/// A set of [`Feature`]s (a bit set; cheap to copy and compare).
#[derive(Copy, Clone, PartialEq, Eq, Hash)]
pub struct Features(u128);

impl Features {
    /// No feature at all (not even the base instruction set).
    pub const NONE: Features = Features(0);
    /// Every feature the table knows.
    pub const ALL: Features = Features::of(Feature::ALL);
    /// The x86-64 baseline (`x86-64`, `x86-64-v1`): base, x87, MMX, SSE, SSE2, FXSR.
    pub const X86_64: Features = Features::of(&[
        Feature::Base,
        Feature::X87,
        Feature::Mmx,
        Feature::Sse,
        Feature::Sse2,
        Feature::Fxsr,
    ]);
    /// `x86-64-v2`: the baseline plus SSE3, SSSE3, SSE4.1, SSE4.2 and POPCNT (and CMPXCHG16B,
    /// LAHF-SAHF, which the table counts as base).
    pub const X86_64_V2: Features = Features::X86_64.union(Features::of(&[
        Feature::Sse3,
        Feature::Ssse3,
        Feature::Sse41,
        Feature::Sse42,
        Feature::Popcnt,
    ]));
    /// `x86-64-v3`: v2 plus AVX, AVX2, BMI1, BMI2, F16C, FMA, LZCNT, MOVBE and XSAVE.
    pub const X86_64_V3: Features = Features::X86_64_V2.union(Features::of(&[
        Feature::Avx,
        Feature::Avx2,
        Feature::Bmi1,
        Feature::Bmi2,
        Feature::F16c,
        Feature::Fma,
        Feature::Lzcnt,
        Feature::Movbe,
        Feature::Xsave,
    ]));
    /// `x86-64-v4`: v3 plus AVX-512 F, BW, CD, DQ and VL.
    pub const X86_64_V4: Features = Features::X86_64_V3.union(Features::of(&[
        Feature::Avx512f,
        Feature::Avx512vl,
        Feature::Avx512bw,
        Feature::Avx512cd,
        Feature::Avx512dq,
    ]));

    /// The set's bits (bit `n` is the feature whose discriminant is `n`), for generated code.
    #[doc(hidden)]
    pub const fn bits(self) -> u128 {
        self.0
    }

    /// The set of [`bits`](Self::bits).
    #[doc(hidden)]
    pub const fn from_bits(bits: u128) -> Features {
        Features(bits & Features::ALL.0)
    }

    /// The set of the features in `list`.
    pub const fn of(list: &[Feature]) -> Features {
        let mut bits = 0u128;
        let mut i = 0;
        while i < list.len() {
            bits |= 1u128 << (list[i] as u32);
            i += 1;
        }
        Features(bits)
    }

    /// Both sets together.
    pub const fn union(self, other: Features) -> Features {
        Features(self.0 | other.0)
    }

    /// This set with `f` added.
    pub const fn with(self, f: Feature) -> Features {
        Features(self.0 | 1u128 << (f as u32))
    }

    /// This set without `f`.
    pub const fn without(self, f: Feature) -> Features {
        Features(self.0 & !(1u128 << (f as u32)))
    }

    /// Whether `f` is in the set.
    pub const fn contains(self, f: Feature) -> bool {
        self.0 & (1u128 << (f as u32)) != 0
    }

    /// The features of the set, in declaration order.
    pub fn iter(self) -> impl Iterator<Item = Feature> {
        Feature::ALL.iter().copied().filter(move |f| self.contains(*f))
    }

    /// A named level (`x86-64`, `x86-64-v2`, `x86-64-v3`, `x86-64-v4`, `native`, `all`).
    pub fn level(name: &str) -> Option<Features> {
        Some(match name.to_ascii_lowercase().as_str() {
            "x86-64" | "x86-64-v1" | "generic64" => Features::X86_64,
            "x86-64-v2" => Features::X86_64_V2,
            "x86-64-v3" => Features::X86_64_V3,
            "x86-64-v4" => Features::X86_64_V4,
            "native" => cpu_features(),
            "all" => Features::ALL,
            _ => return None,
        })
    }

    /// Parses a comma-separated list of levels and feature names (`sse4.2`, `avx2`, as
    /// [`Feature::name`] spells them); `+name` adds, `-name` removes. The first item, when it
    /// is a level or a bare name, starts the set; `"x86-64-v2, +avx2, -popcnt"`.
    pub fn parse(list: &str) -> Result<Features, String> {
        let mut set = Features::NONE.with(Feature::Base);
        for (i, item) in list.split(',').map(str::trim).enumerate() {
            let (op, name) = match item.as_bytes().first() {
                Some(b'+') => ('+', item[1..].trim()),
                Some(b'-') => ('-', item[1..].trim()),
                _ => (' ', item),
            };
            if name.is_empty() {
                return Err("expected a feature name or level (`x86-64-v3`, `avx2`)".into());
            }
            if let Some(level) = Features::level(name) {
                set = match op {
                    '-' => Features(set.0 & !level.0).with(Feature::Base),
                    ' ' if i == 0 => level,
                    _ => set.union(level),
                };
                continue;
            }
            let Some(f) = Feature::from_name(name) else {
                return Err(format!(
                    "unknown CPU feature `{name}` (known: x86-64, x86-64-v2, x86-64-v3, x86-64-v4, native, {})",
                    Feature::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(", ")
                ));
            };
            set = if op == '-' { set.without(f) } else { set.with(f) };
        }
        Ok(set)
    }
}

impl Default for Features {
    /// Every feature (an assembler is unrestricted unless told otherwise).
    fn default() -> Features {
        Features::ALL
    }
}

impl fmt::Debug for Features {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Features({self})")
    }
}

impl fmt::Display for Features {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.iter().map(Feature::name).collect();
        f.write_str(&names.join(", "))
    }
}

impl Feature {
    /// The feature of a name as [`Feature::name`] spells it (any case).
    pub fn from_name(name: &str) -> Option<Feature> {
        Feature::ALL.iter().copied().find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

/// The features of the CPU this runs on: CPUID, with the OS support for the AVX and AVX-512
/// register state checked through XGETBV (by the standard library's detection), so a JIT can
/// choose a code path and restrict its assembler to it.
///
/// ```
/// use asm_runtime::{cpu_features, isa::Feature, Assembler};
///
/// let here = cpu_features();
/// let mut a = Assembler::with_features(here);
/// if here.contains(Feature::Avx2) {
///     a.assemble_text("vpaddd ymm0, ymm1, ymm2").unwrap();
/// } else {
///     a.assemble_text("paddd xmm0, xmm1").unwrap();
/// }
/// ```
pub fn cpu_features() -> Features {
    Features::of(&detect::present())
}

#[cfg(target_arch = "x86_64")]
mod detect {
    use super::Feature;
    use core::arch::x86_64::__cpuid_count;

    /// CPUID leaf `leaf`, subleaf `sub`: (eax, ebx, ecx, edx).
    fn cpuid(leaf: u32, sub: u32) -> (u32, u32, u32, u32) {
        // SAFETY: CPUID exists on every x86-64 processor; it only reads identification
        // registers. Leaves above the maximum return zeros or the highest leaf's data, and
        // callers check the maximum first.
        #[allow(unused_unsafe)] // an `unsafe fn` before Rust 1.87
        let r = unsafe { __cpuid_count(leaf, sub) };
        (r.eax, r.ebx, r.ecx, r.edx)
    }

    /// Whether the CPU (and, for register state, the OS) supports `f`.
    fn has(f: Feature, l1: (u32, u32), l7: (u32, u32, u32), ext: u32) -> bool {
        let bit = |r: u32, b: u32| r >> b & 1 == 1;
        let (ecx1, edx1) = l1;
        let (ebx7, ecx7, edx7) = l7;
        match f {
            Feature::Base => true,
            Feature::X87 => bit(edx1, 0),
            Feature::Mmx => bit(edx1, 23),
            Feature::Fxsr => bit(edx1, 24),
            Feature::Sse => std::is_x86_feature_detected!("sse"),
            Feature::Sse2 => std::is_x86_feature_detected!("sse2"),
            Feature::Sse3 => std::is_x86_feature_detected!("sse3"),
            Feature::Ssse3 => std::is_x86_feature_detected!("ssse3"),
            Feature::Sse41 => std::is_x86_feature_detected!("sse4.1"),
            Feature::Sse42 => std::is_x86_feature_detected!("sse4.2"),
            Feature::Popcnt => std::is_x86_feature_detected!("popcnt"),
            Feature::Lzcnt => bit(ext, 5),
            Feature::Movbe => bit(ecx1, 22),
            Feature::Bmi1 => bit(ebx7, 3),
            Feature::Bmi2 => bit(ebx7, 8),
            Feature::Avx => std::is_x86_feature_detected!("avx"),
            Feature::Avx2 => std::is_x86_feature_detected!("avx2"),
            Feature::Fma => std::is_x86_feature_detected!("fma"),
            Feature::F16c => std::is_x86_feature_detected!("f16c"),
            Feature::Xsave => std::is_x86_feature_detected!("xsave"),
            Feature::Avx512f => std::is_x86_feature_detected!("avx512f"),
            Feature::Avx512vl => std::is_x86_feature_detected!("avx512vl"),
            Feature::Aes => std::is_x86_feature_detected!("aes"),
            Feature::Pclmulqdq => std::is_x86_feature_detected!("pclmulqdq"),
            Feature::Sha => std::is_x86_feature_detected!("sha"),
            // CPUID.(EAX=7):ECX bits 9 and 10; the ymm forms need the AVX state too.
            Feature::Vaes => bit(ecx7, 9) && std::is_x86_feature_detected!("avx"),
            Feature::Vpclmulqdq => bit(ecx7, 10) && std::is_x86_feature_detected!("avx"),
            Feature::Adx => bit(ebx7, 19),
            Feature::Rdrand => bit(ecx1, 30),
            Feature::Rdseed => bit(ebx7, 18),
            Feature::Rdpid => bit(ecx7, 22),
            // The CPU's support; the OS must also set CR4.FSGSBASE for the instructions to run.
            Feature::Fsgsbase => bit(ebx7, 0),
            Feature::Clflushopt => bit(ebx7, 23),
            Feature::Clwb => bit(ebx7, 24),
            Feature::Serialize => bit(edx7, 14),
            Feature::Xsaveopt => std::is_x86_feature_detected!("xsaveopt"),
            Feature::Xsavec => std::is_x86_feature_detected!("xsavec"),
            Feature::Xsaves => std::is_x86_feature_detected!("xsaves"),
            Feature::Cet => bit(edx7, 20),
            // CPUID.80000001H:ECX bit 8 (3DNowPrefetch).
            Feature::Prefetchw => bit(ext, 8),
            Feature::Avx512bw => std::is_x86_feature_detected!("avx512bw"),
            Feature::Avx512dq => std::is_x86_feature_detected!("avx512dq"),
            Feature::Avx512cd => std::is_x86_feature_detected!("avx512cd"),
            Feature::Avx512vbmi => std::is_x86_feature_detected!("avx512vbmi"),
            Feature::Avx512vnni => std::is_x86_feature_detected!("avx512vnni"),
            Feature::Avx512vpopcntdq => std::is_x86_feature_detected!("avx512vpopcntdq"),
        }
    }

    pub(super) fn present() -> Vec<Feature> {
        let max = cpuid(0, 0).0;
        let (_, _, ecx1, edx1) = cpuid(1, 0);
        let (_, ebx7, ecx7, edx7) = if max >= 7 { cpuid(7, 0) } else { (0, 0, 0, 0) };
        let ext_max = cpuid(0x8000_0000, 0).0;
        let ext = if ext_max >= 0x8000_0001 { cpuid(0x8000_0001, 0).2 } else { 0 };
        Feature::ALL.iter().copied().filter(|f| has(*f, (ecx1, edx1), (ebx7, ecx7, edx7), ext)).collect()
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod detect {
    use super::Feature;

    /// Not an x86-64 CPU: nothing can run.
    pub(super) fn present() -> Vec<Feature> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_nest_and_parse() {
        assert!(Features::X86_64_V4.contains(Feature::Avx2));
        assert!(!Features::X86_64_V3.contains(Feature::Avx512f));
        assert_eq!(Features::parse("x86-64-v3").unwrap(), Features::X86_64_V3);
        let t = Features::parse("x86-64-v2, +avx2, -popcnt").unwrap();
        assert!(t.contains(Feature::Avx2) && t.contains(Feature::Sse42) && !t.contains(Feature::Popcnt));
        assert!(Features::parse("sse4.1").unwrap().contains(Feature::Base));
        assert!(Features::parse("avx9").unwrap_err().contains("unknown CPU feature `avx9`"));
        assert_eq!(
            Features::parse("").unwrap_err(),
            "expected a feature name or level (`x86-64-v3`, `avx2`)"
        );
        for f in Feature::ALL {
            assert_eq!(Feature::from_name(f.name()), Some(*f));
        }
    }

    #[test]
    fn detection_agrees_with_std() {
        let here = cpu_features();
        assert!(here.contains(Feature::Base) && here.contains(Feature::Sse2));
        assert_eq!(here.contains(Feature::Avx2), std::is_x86_feature_detected!("avx2"));
        assert_eq!(here.contains(Feature::Bmi2), std::is_x86_feature_detected!("bmi2"));
        assert_eq!(here.contains(Feature::Lzcnt), std::is_x86_feature_detected!("lzcnt"));
        assert_eq!(here.contains(Feature::Movbe), std::is_x86_feature_detected!("movbe"));
        assert_eq!(here.contains(Feature::Avx512f), std::is_x86_feature_detected!("avx512f"));
    }
}

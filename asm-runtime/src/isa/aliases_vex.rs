//! The predicate spellings of the VEX and EVEX compares: `vcmpltps xmm1, xmm2, xmm3` is
//! `vcmpps xmm1, xmm2, xmm3, 1`, `vpcmpltd k1, zmm1, zmm2` is `vpcmpd k1, zmm1, zmm2, 1`.
//!
//! [`VCMP_ALIASES`] lists `(alias, canonical mnemonic, immediate)` for the 32 AVX compare
//! predicates (Intel SDM, `VCMPPS` table "Comparison Predicate for VCMPPS and CMPPS
//! Instructions") on each of `ps`, `pd`, `ss` and `sd`: `vcmp` + predicate + type. The
//! alias stands for the canonical mnemonic with the immediate appended as its last operand.
//! The names and numbers agree with llvm-mc 14.
//!
//! Not included: the `x`/`y`-suffixed `vcvtpd2dqx`/`vcvtpd2psy` spellings, which llvm-mc 14
//! accepts only in AT&T syntax (in Intel syntax the length comes from the size keyword of the
//! memory operand, `xmmword ptr` or `ymmword ptr`).

/// The compare predicates in immediate order, 0..=31.
pub const VCMP_PREDICATES: [&str; 32] = [
    "eq", "lt", "le", "unord", "neq", "nlt", "nle", "ord", //
    "eq_uq", "nge", "ngt", "false", "neq_oq", "ge", "gt", "true", //
    "eq_os", "lt_oq", "le_oq", "unord_s", "neq_us", "nlt_uq", "nle_uq", "ord_s", //
    "eq_us", "nge_uq", "ngt_uq", "false_os", "neq_os", "ge_oq", "gt_oq", "true_us",
];

/// For each type suffix, every predicate: `vcmp<pred><ty>` -> `vcmp<ty>` with the predicate's
/// number. Expands at compile time to one `(alias, canonical, imm)` entry per pair.
macro_rules! vcmp_aliases {
    ([$($ty:ident)*] $preds:tt) => {
        vcmp_aliases!(@acc [] [$($ty)*] $preds)
    };
    (@acc [$($out:tt)*] [] $preds:tt) => {
        &[$($out)*]
    };
    (@acc [$($out:tt)*] [$ty:ident $($rest:ident)*] [$($pred:ident = $n:literal),*]) => {
        vcmp_aliases!(@acc [$($out)* $(
            (concat!("vcmp", stringify!($pred), stringify!($ty)), concat!("vcmp", stringify!($ty)), $n),
        )*] [$($rest)*] [$($pred = $n),*])
    };
}

/// `(alias, canonical, imm)`: the predicate spellings of `vcmpps`, `vcmppd`, `vcmpss` and
/// `vcmpsd`; the alias means the canonical mnemonic with `imm` as an extra last operand.
pub const VCMP_ALIASES: &[(&str, &str, u8)] = vcmp_aliases!([ps pd ss sd] [
    eq = 0, lt = 1, le = 2, unord = 3, neq = 4, nlt = 5, nle = 6, ord = 7,
    eq_uq = 8, nge = 9, ngt = 10, false = 11, neq_oq = 12, ge = 13, gt = 14, true = 15,
    eq_os = 16, lt_oq = 17, le_oq = 18, unord_s = 19, neq_us = 20, nlt_uq = 21, nle_uq = 22, ord_s = 23,
    eq_us = 24, nge_uq = 25, ngt_uq = 26, false_os = 27, neq_os = 28, ge_oq = 29, gt_oq = 30, true_us = 31
]);

/// `(alias, canonical, imm)`: the predicate spellings of the AVX-512 integer compares
/// `vpcmp{b,w,d,q}` and `vpcmpu{b,w,d,q}` (SDM `VPCMPD` table of `VPCMP*` pseudo-ops, as
/// llvm-mc 14 spells them): `vpcmpltd k1, zmm1, zmm2` is `vpcmpd k1, zmm1, zmm2, 1`. The
/// signed `eq` spellings are absent: `vpcmpeqd` is an instruction of its own (`66 0F 76`).
pub const VPCMP_ALIASES: &[(&str, &str, u8)] = &[
    ("vpcmpltb", "vpcmpb", 1),
    ("vpcmpleb", "vpcmpb", 2),
    ("vpcmpneqb", "vpcmpb", 4),
    ("vpcmpnltb", "vpcmpb", 5),
    ("vpcmpnleb", "vpcmpb", 6),
    ("vpcmpltw", "vpcmpw", 1),
    ("vpcmplew", "vpcmpw", 2),
    ("vpcmpneqw", "vpcmpw", 4),
    ("vpcmpnltw", "vpcmpw", 5),
    ("vpcmpnlew", "vpcmpw", 6),
    ("vpcmpltd", "vpcmpd", 1),
    ("vpcmpled", "vpcmpd", 2),
    ("vpcmpneqd", "vpcmpd", 4),
    ("vpcmpnltd", "vpcmpd", 5),
    ("vpcmpnled", "vpcmpd", 6),
    ("vpcmpltq", "vpcmpq", 1),
    ("vpcmpleq", "vpcmpq", 2),
    ("vpcmpneqq", "vpcmpq", 4),
    ("vpcmpnltq", "vpcmpq", 5),
    ("vpcmpnleq", "vpcmpq", 6),
    ("vpcmpequb", "vpcmpub", 0),
    ("vpcmpltub", "vpcmpub", 1),
    ("vpcmpleub", "vpcmpub", 2),
    ("vpcmpnequb", "vpcmpub", 4),
    ("vpcmpnltub", "vpcmpub", 5),
    ("vpcmpnleub", "vpcmpub", 6),
    ("vpcmpequw", "vpcmpuw", 0),
    ("vpcmpltuw", "vpcmpuw", 1),
    ("vpcmpleuw", "vpcmpuw", 2),
    ("vpcmpnequw", "vpcmpuw", 4),
    ("vpcmpnltuw", "vpcmpuw", 5),
    ("vpcmpnleuw", "vpcmpuw", 6),
    ("vpcmpequd", "vpcmpud", 0),
    ("vpcmpltud", "vpcmpud", 1),
    ("vpcmpleud", "vpcmpud", 2),
    ("vpcmpnequd", "vpcmpud", 4),
    ("vpcmpnltud", "vpcmpud", 5),
    ("vpcmpnleud", "vpcmpud", 6),
    ("vpcmpequq", "vpcmpuq", 0),
    ("vpcmpltuq", "vpcmpuq", 1),
    ("vpcmpleuq", "vpcmpuq", 2),
    ("vpcmpnequq", "vpcmpuq", 4),
    ("vpcmpnltuq", "vpcmpuq", 5),
    ("vpcmpnleuq", "vpcmpuq", 6),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::{forms_of, Kind};

    #[test]
    fn every_predicate_of_every_type() {
        assert_eq!(VCMP_ALIASES.len(), 4 * 32);
        for (i, (alias, canon, imm)) in VCMP_ALIASES.iter().enumerate() {
            let ty = &canon["vcmp".len()..];
            assert_eq!(usize::from(*imm), i % 32, "{alias}");
            assert_eq!(*alias, format!("vcmp{}{ty}", VCMP_PREDICATES[i % 32]));
            assert!(forms_of(alias).is_empty(), "{alias} is a table mnemonic");
            let rows = forms_of(canon);
            assert!(!rows.is_empty(), "{canon}");
            assert!(rows.iter().all(|f| f.operands.last().is_some_and(|(k, _)| *k == Kind::Imm8)), "{canon}");
        }
    }

    #[test]
    fn every_integer_compare_predicate() {
        // Predicates 0..=6 but `false` (3), on every type; `eq` only where no instruction has the name.
        let preds = [(0, "eq"), (1, "lt"), (2, "le"), (4, "neq"), (5, "nlt"), (6, "nle")];
        let mut want = Vec::new();
        for ty in ["b", "w", "d", "q", "ub", "uw", "ud", "uq"] {
            for (n, p) in preds {
                if p != "eq" || ty.starts_with('u') {
                    want.push((format!("vpcmp{p}{ty}"), format!("vpcmp{ty}"), n));
                }
            }
        }
        let got: Vec<_> = VPCMP_ALIASES.iter().map(|(a, c, i)| (a.to_string(), c.to_string(), *i)).collect();
        want.sort();
        let mut got_sorted = got.clone();
        got_sorted.sort();
        assert_eq!(got_sorted, want);
        for (alias, canon, _) in VPCMP_ALIASES {
            assert!(forms_of(alias).is_empty(), "{alias} is a table mnemonic");
            assert!(forms_of(canon).iter().all(|f| f.operands.last().is_some_and(|(k, _)| *k == Kind::Imm8)));
            assert!(!forms_of(canon).is_empty(), "{canon}");
        }
    }
}

//! Why no row accepts an instruction: the [`MatchError`] that names the offending token, says
//! what is wrong and lists a few valid forms, closest first.
//!
//! The matcher calls [`explain`] once it knows that no row accepts; nothing here is on the
//! path of an instruction that assembles. Both front ends (the `x86!` macro and the text
//! assembler) print these messages as they are.

use super::matcher::{accepts, accepts_all, deco_error, operands_accepted};
use super::{evex_flag, flag, mnemonics, Form, ALIASES, FORMS};
use crate::ast::{Decorations, Rounding};
use crate::error::{quoted_list, Decoration, MatchError};
use crate::operand::{HoleKind, Operand, Prefix, Reg, RegClass, Size};

/// How many valid forms a message lists at most.
const MAX_FORMS: usize = 5;

/// Builds the most helpful error for operands that no row of `forms` accepts.
pub(crate) fn explain(
    canon: &str,
    forms: &'static [Form],
    ops: &[Operand],
    deco: &Decorations,
) -> MatchError {
    // Operands fine, decorations not: blame the decoration (an EVEX row's reason first).
    let fits: Vec<&Form> = forms.iter().filter(|f| operands_accepted(f, ops, deco)).collect();
    if let Some(f) = fits.iter().find(|f| f.evex().is_some()).or(fits.first()) {
        if let Some((decoration, mut reason)) = deco_error(f, ops, deco) {
            // Name the rows that would take a rounding control or a write mask.
            let bit = match decoration {
                Decoration::Rounding if deco.rounding == Some(Rounding::Sae) => evex_flag::SAE,
                Decoration::Rounding => evex_flag::ER,
                Decoration::Mask => evex_flag::MASK,
                _ => 0,
            };
            let rows: Vec<String> = dedup(
                forms.iter().filter(|r| r.evex().is_some_and(|e| e.allows(bit))).map(|r| format!("`{r}`")),
            );
            let row_allows = f.evex().is_some_and(|e| e.allows(bit));
            if bit != 0 && !rows.is_empty() && !row_allows {
                reason.push_str(&format!("; forms that take it: {}", rows.join(", ")));
            }
            return MatchError::BadDecoration { mnemonic: canon.to_string(), decoration, reason };
        }
    }
    if let Some(e) = evex_only(canon, forms, ops, deco) {
        return e;
    }
    explain_operands(canon, forms, ops)
}

/// A register only EVEX encodes (16..31, `zmm`) for a mnemonic without EVEX rows, in operands
/// that a row would accept with lower registers.
fn evex_only(canon: &str, forms: &[Form], ops: &[Operand], deco: &Decorations) -> Option<MatchError> {
    if forms.iter().any(|f| f.evex().is_some()) {
        return None;
    }
    let lowered: Vec<Operand> = ops
        .iter()
        .map(|o| match o {
            Operand::Reg(r) if r.is_vector() => {
                let class = if r.class == RegClass::Zmm { RegClass::Ymm } else { r.class };
                Operand::Reg(Reg::new(class, r.num & 15))
            }
            other => *other,
        })
        .collect();
    if !forms.iter().any(|f| accepts_all(f, &lowered, deco)) {
        return None;
    }
    let i = ops.iter().position(
        |o| matches!(o, Operand::Reg(r) if r.is_vector() && (r.is_upper16() || r.class == RegClass::Zmm)),
    )?;
    Some(MatchError::EvexOnly { mnemonic: canon.to_string(), operand: i, register: ops[i].to_string() })
}

/// Distinct strings, first occurrence kept.
fn dedup(items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in items {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Up to [`MAX_FORMS`] distinct forms, closest to `ops` first: same operand count, then the
/// most positions accepted, then table order.
fn closest_forms(forms: &[Form], ops: &[Operand]) -> Vec<String> {
    let mut scored: Vec<(usize, usize, usize, &Form)> = forms
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let same = usize::from(f.operands.len() != ops.len());
            let ok = f.operands.iter().zip(ops).filter(|((k, _), o)| accepts(f, *k, o)).count();
            (same, usize::MAX - ok, n, f)
        })
        .collect();
    scored.sort_unstable_by_key(|(s, ok, n, _)| (*s, *ok, *n));
    let mut out = dedup(scored.iter().map(|(.., f)| f.to_string()));
    out.truncate(MAX_FORMS);
    out
}

/// An operand in manual notation: `r64`, `xmm`, `m32`, `imm`, `label`.
fn notation(o: &Operand) -> String {
    let class = |c: RegClass| -> String {
        match c {
            RegClass::Gpr8 | RegClass::Gpr8High => "r8".into(),
            RegClass::Gpr16 => "r16".into(),
            RegClass::Gpr32 => "r32".into(),
            RegClass::Gpr64 => "r64".into(),
            RegClass::Xmm => "xmm".into(),
            RegClass::Ymm => "ymm".into(),
            RegClass::Zmm => "zmm".into(),
            RegClass::K => "k".into(),
            RegClass::Mm => "mm".into(),
            RegClass::St => "st(i)".into(),
            RegClass::Seg => "sreg".into(),
            RegClass::Cr => "cr".into(),
            RegClass::Dr => "dr".into(),
            RegClass::Rip => "rip".into(),
        }
    };
    match o {
        Operand::Reg(r) => class(r.class),
        Operand::Hole(HoleKind::Reg(c), _) => class(*c),
        Operand::Mem(m) => m.size.map_or_else(|| "m".to_string(), |s| format!("m{}", s.bits())),
        Operand::Imm(_) | Operand::Abs(_) | Operand::Hole(HoleKind::Imm, _) => "imm".into(),
        Operand::Label(..) | Operand::Hole(HoleKind::Target, _) => "label".into(),
    }
}

fn is_gpr(c: RegClass) -> bool {
    matches!(c, RegClass::Gpr8 | RegClass::Gpr8High | RegClass::Gpr16 | RegClass::Gpr32 | RegClass::Gpr64)
}

/// The width of a general-purpose or vector register, or of a sized memory operand.
fn width(o: &Operand) -> Option<(u32, bool)> {
    match o {
        Operand::Reg(r) if is_gpr(r.class) => Some((r.class.bits(), false)),
        Operand::Reg(r) if r.is_vector() => Some((r.class.bits(), true)),
        Operand::Mem(m) => m.size.map(|s| (s.bits(), false)),
        _ => None,
    }
}

/// `o` at width `bits` (`ebx` -> `rbx`, `xmm1` -> `ymm1`, `dword ptr` -> `qword ptr`).
fn resized(o: &Operand, bits: u32) -> Option<Operand> {
    let gpr = |b| match b {
        8 => Some(RegClass::Gpr8),
        16 => Some(RegClass::Gpr16),
        32 => Some(RegClass::Gpr32),
        64 => Some(RegClass::Gpr64),
        _ => None,
    };
    let vec = |b| match b {
        128 => Some(RegClass::Xmm),
        256 => Some(RegClass::Ymm),
        512 => Some(RegClass::Zmm),
        _ => None,
    };
    let size = |b| match b {
        8 => Some(Size::Byte),
        16 => Some(Size::Word),
        32 => Some(Size::Dword),
        64 => Some(Size::Qword),
        128 => Some(Size::Xmmword),
        256 => Some(Size::Ymmword),
        512 => Some(Size::Zmmword),
        _ => None,
    };
    match o {
        Operand::Reg(r) if r.class == RegClass::Gpr8High => None,
        Operand::Reg(r) if is_gpr(r.class) => Some(Operand::Reg(Reg::new(gpr(bits)?, r.num))),
        Operand::Reg(r) if r.is_vector() => Some(Operand::Reg(Reg::new(vec(bits)?, r.num))),
        Operand::Mem(m) if m.size.is_some() => {
            Some(Operand::Mem(crate::operand::Mem { size: size(bits), ..*m }))
        }
        _ => None,
    }
}

/// Operand `i` conflicts in width with another operand `j` when giving `i` the width of `j`
/// makes a row accept: `(j, reason)`.
fn size_conflict(forms: &[&Form], ops: &[Operand], i: usize) -> Option<(usize, String)> {
    let (wi, vi) = width(&ops[i])?;
    for (j, o) in ops.iter().enumerate() {
        let Some((wj, vj)) = width(o) else { continue };
        if j == i || wj == wi || vi != vj {
            continue;
        }
        let Some(fixed) = resized(&ops[i], wj) else { continue };
        let mut try_ops = ops.to_vec();
        try_ops[i] = fixed;
        let accepted = forms.iter().any(|f| {
            f.operands.len() == try_ops.len()
                && f.operands.iter().zip(&try_ops).all(|((k, _), o)| accepts(f, *k, o))
        });
        if accepted {
            let what = if vi { "vector lengths differ" } else { "operand sizes differ" };
            let (a, b) = if j < i { (j, i) } else { (i, j) };
            let w = |x: usize| width(&ops[x]).map_or(0, |(w, _)| w);
            return Some((j, format!("{what} ({} is {}-bit, {} is {}-bit)", ops[a], w(a), ops[b], w(b))));
        }
    }
    None
}

/// Why operand `i` fits no row, given what the rows accept there.
fn operand_reason(o: &Operand, i: usize, expected: &[String]) -> String {
    let what = match o {
        Operand::Reg(r) => format!("`{r}` ({})", article(r.class.describe())),
        Operand::Mem(m) => match m.size {
            Some(s) => format!("a {} memory operand", s.keyword()),
            None => "a memory operand".to_string(),
        },
        Operand::Imm(v) => format!("an immediate ({v})"),
        other => article(&other.describe()),
    };
    let exp = match expected.len() {
        0 => String::new(),
        1..=6 => format!("; expected {}", or_list(expected)),
        _ => format!("; expected {}, ...", expected[..6].join(", ")),
    };
    format!("operand {} cannot be {what}{exp}", i + 1)
}

fn article(s: &str) -> String {
    let vowel = s.starts_with(|c: char| "aeiox8".contains(c));
    format!("{} {s}", if vowel { "an" } else { "a" })
}

fn or_list(items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

fn explain_operands(canon: &str, forms: &'static [Form], ops: &[Operand]) -> MatchError {
    let close = closest_forms(forms, ops);
    let same_count: Vec<&Form> = forms.iter().filter(|f| f.operands.len() == ops.len()).collect();
    if same_count.is_empty() {
        let mut counts: Vec<usize> = forms.iter().map(|f| f.operands.len()).collect();
        counts.sort_unstable();
        counts.dedup();
        return MatchError::OperandCount {
            mnemonic: canon.to_string(),
            found: ops.len(),
            expected: counts,
            forms: close,
        };
    }
    let others_fit = |f: &Form, i: usize| {
        f.operands.iter().zip(ops).enumerate().all(|(j, ((k, _), o))| j == i || accepts(f, *k, o))
    };
    // An immediate that would fit some row if only it were in range.
    for (i, o) in ops.iter().enumerate() {
        if let Operand::Imm(v) = o {
            if same_count.iter().any(|f| f.operands[i].0.is_imm() && others_fit(f, i)) {
                let widest = same_count
                    .iter()
                    .filter(|f| f.operands[i].0.takes_imm_hole() && others_fit(f, i))
                    .map(|f| f.operands[i].0)
                    .max_by_key(|k| k.imm_bits());
                let (expected, bits, sext) = match widest {
                    Some(k) => (k.manual(), k.imm_bits(), k.info().imm.map_or(0, |i| u32::from(i.sext))),
                    None => ("imm8", 8, 0),
                };
                return MatchError::ImmOutOfRange {
                    mnemonic: canon.to_string(),
                    operand: i,
                    value: *v,
                    expected: expected.to_string(),
                    bits,
                    sext,
                };
            }
        }
    }
    let written: Vec<String> = ops.iter().map(notation).collect();
    let written = written.join(", ");
    let invalid = |operand: usize, reason: String, other: Option<usize>| MatchError::InvalidOperand {
        mnemonic: canon.to_string(),
        operand,
        written: written.clone(),
        reason,
        other: other.and_then(|o| u8::try_from(o).ok()),
        forms: close.clone(),
    };
    // Two memory operands: blame the second.
    let mems: Vec<usize> = (0..ops.len()).filter(|&i| matches!(ops[i], Operand::Mem(_))).collect();
    if let [first, second, ..] = mems[..] {
        let two = same_count.iter().any(|f| mems.iter().all(|&i| f.operands[i].0.info().mem.is_some()));
        if !two {
            return invalid(
                second,
                "an instruction takes at most one memory operand; load one of them into a register first"
                    .into(),
                Some(first),
            );
        }
    }
    // The operand at which the rows that get furthest give up.
    let mut worst = 0;
    for f in &same_count {
        let ok = f.operands.iter().zip(ops).take_while(|((k, _), o)| accepts(f, *k, o)).count();
        worst = worst.max(ok);
    }
    let i = worst.min(ops.len() - 1);
    if let Some((j, reason)) = size_conflict(&same_count, ops, i) {
        return invalid(i, reason, Some(j));
    }
    let expected = dedup(
        same_count
            .iter()
            .filter(|f| f.operands.iter().zip(ops).take(i).all(|((k, _), o)| accepts(f, *k, o)))
            .map(|f| f.operands[i].0.manual().to_string()),
    );
    invalid(i, operand_reason(&ops[i], i, &expected), None)
}

/// An unsized memory operand that rows of several sizes accept: the message names the
/// instruction with the size keyword of the widest such row, and the other sizes.
pub(crate) fn ambiguous(mnemonic: &str, ops: &[Operand], i: usize, sizes: &[Size]) -> MatchError {
    let text = |ops: &[Operand]| -> String {
        let o: Vec<String> = ops.iter().map(|o| o.to_string()).collect();
        if o.is_empty() {
            mnemonic.to_string()
        } else {
            format!("{mnemonic} {}", o.join(", "))
        }
    };
    let mut sizes: Vec<Size> = sizes.to_vec();
    sizes.sort_by_key(|s| s.bits());
    sizes.dedup();
    let widest = sizes.last().copied().unwrap_or(Size::Qword);
    let mut fixed = ops.to_vec();
    if let Operand::Mem(m) = &mut fixed[i] {
        m.size = Some(widest);
    }
    MatchError::AmbiguousSize {
        mnemonic: mnemonic.to_string(),
        operand: i,
        instruction: text(ops),
        fix: text(&fixed),
        others: sizes.iter().rev().skip(1).rev().map(|s| s.keyword()).collect(),
    }
}

/// A prefix the row does not allow: what would be valid instead.
pub(crate) fn bad_prefix(form: &Form, prefix: Prefix, ops: &[Operand]) -> MatchError {
    let name = prefix.name();
    let reason = match prefix {
        Prefix::Lock if form.has_flag(flag::LOCK) => {
            format!("`lock` needs a memory destination: `lock {}` only locks a read-modify-write of memory, as in `lock {} qword ptr [rdi], ...`", form.mnemonic, form.mnemonic)
        }
        Prefix::Lock => format!(
            "`lock` is not allowed on `{}`; it applies to read-modify-write instructions with a memory destination: {}",
            form.mnemonic,
            flagged(flag::LOCK)
        ),
        Prefix::Rep | Prefix::Repne => format!(
            "`{name}` is not allowed on `{}`; it applies to string instructions (and, as GNU as writes them, `rep ret` and `rep bsf`/`rep bsr`): {}",
            form.mnemonic,
            flagged(flag::REP)
        ),
    };
    let _ = ops;
    MatchError::Prefix { prefix: name, reason }
}

/// A few mnemonics whose rows carry `bit`, then "...".
fn flagged(bit: u16) -> String {
    let mut names: Vec<&str> = Vec::new();
    for f in FORMS.iter().filter(|f| f.has_flag(bit)) {
        if !names.contains(&f.mnemonic) {
            names.push(f.mnemonic);
        }
    }
    if names.len() <= 8 {
        return quoted_list(&names, "and");
    }
    let q: Vec<String> = names[..8].iter().map(|n| format!("`{n}`")).collect();
    format!("{}, ...", q.join(", "))
}

/// The known mnemonics and aliases closest to `m` by edit distance (at most 2 edits, at most
/// three names, closest first).
pub(crate) fn suggest(m: &str) -> Vec<&'static str> {
    let mut scored: Vec<(usize, &'static str)> = mnemonics()
        .chain(ALIASES.iter().map(|(a, _)| *a))
        .map(|c| (edit_distance(m, c), c))
        .filter(|(d, _)| *d <= 2.min(m.len().saturating_sub(1)).max(1))
        .collect();
    // Closest first; among equals, a name that extends or shortens the one written.
    let related = |c: &str| !(c.starts_with(m) || m.starts_with(c));
    scored.sort_by_key(|(d, c)| (*d, related(c), c.len().abs_diff(m.len()), *c));
    let best = scored.first().map_or(0, |(d, _)| *d);
    scored.into_iter().filter(|(d, _)| *d == best).take(3).map(|(_, c)| c).collect()
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions
/// of neighbours each cost 1 (so `mvo` is one step from `mov`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_and_few() {
        assert_eq!(suggest("mvo"), ["mov"]);
        let s = suggest("movv");
        assert!(s.starts_with(&["mov"]) && s.contains(&"movq") && s.len() <= 3, "{s:?}");
        assert!(suggest("qqqqqqqqq").is_empty());
    }

    #[test]
    fn form_lists_are_distinct_and_short() {
        let forms = super::super::forms_of("mov");
        let ops = [Operand::Reg(Reg::new(RegClass::Seg, 3)), Operand::Reg(Reg::new(RegClass::Gpr32, 0))];
        let list = closest_forms(forms, &ops);
        assert!(list.len() <= MAX_FORMS);
        assert_eq!(dedup(list.clone()), list);
        assert_eq!(list[0], "mov sreg, r32", "{list:?}");
    }
}

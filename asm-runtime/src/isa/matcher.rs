//! Operand kinds -> the first table row that accepts them.
//!
//! The matcher is shared by the `x86!` macro (at compile time, where some operands are
//! holes) and the run-time assemblers (where every operand is known).

use super::{
    canonical_mnemonic, flag, forms_of, group_of, group_through, is_value_dependent, mnemonics, Form, Kind,
};
use crate::error::MatchError;
use crate::operand::{BranchHint, HoleKind, Operand, Reg, RegClass};

/// Finds the row for `mnemonic` (any case or alias) and `operands`.
///
/// Among accepting rows the first wins (the table lists shorter encodings first). When an
/// operand is an immediate hole the row with the widest immediate wins, because the value is
/// only known at run time, where [`rematch`] picks the shortest row for the actual value.
pub fn find(mnemonic: &str, operands: &[Operand]) -> Result<&'static Form, MatchError> {
    let canon = canonical_mnemonic(mnemonic);
    let forms = forms_of(&canon);
    if forms.is_empty() {
        return Err(MatchError::UnknownMnemonic {
            mnemonic: mnemonic.to_string(),
            suggestion: suggest(&canon),
        });
    }
    let has_imm_hole = operands.iter().any(|o| matches!(o, Operand::Hole(HoleKind::Imm, _)));
    let mut best: Option<&'static Form> = None;
    for form in forms {
        if !accepts_all(form, operands) {
            continue;
        }
        match best {
            None => {
                if !has_imm_hole {
                    check_ambiguous(form, forms, operands)?;
                    return Ok(form);
                }
                best = Some(form);
            }
            Some(b) if imm_width(form) > imm_width(b) => best = Some(form),
            Some(_) => {}
        }
    }
    if let Some(b) = best {
        check_ambiguous(b, forms, operands)?;
        return Ok(b);
    }
    Err(explain(&canon, forms, operands))
}

/// Re-matches an instruction whose operands became concrete at run time, starting from the
/// mnemonic of `form`, so a hole value that fits a shorter row gets that row.
pub fn rematch(form: &'static Form, operands: &[Operand]) -> Result<&'static Form, MatchError> {
    // Which row accepts depends on operand kinds and register classes, except for rows with
    // value-dependent kinds (fixed registers, shift-by-one, immediate ranges). A row before
    // `form` without such kinds accepted the compile-time operands if it accepts these, and then
    // it would have been chosen; so only the value-dependent rows before `form` can win now (an
    // imm8 row for a small run-time value, the `rax` row when a register hole is rax).
    if accepts_all(form, operands) {
        let earlier = group_through(form);
        let earlier = &earlier[..earlier.len() - 1];
        if let Some(f) = earlier.iter().find(|f| is_value_dependent(f) && accepts_all(f, operands)) {
            return Ok(f);
        }
        return Ok(form);
    }
    let forms = group_of(form);
    if let Some(f) = forms.iter().find(|f| accepts_all(f, operands)) {
        return Ok(f);
    }
    Err(explain(form.mnemonic, forms, operands))
}

/// Whether the row chosen at compile time for `operands` (which may hold holes) is final for
/// every run-time value of the holes except branch targets: no earlier value-dependent sibling
/// row (an imm8 form, an accumulator or shift-by-one form) can accept any instantiation. The
/// `x86!` macro then emits [`Assembler::emit_form_fixed`](crate::Assembler::emit_form_fixed),
/// which skips re-matching.
///
/// Rows accept operand by operand, so a row can accept some instantiation exactly when every
/// position accepts one of its possible values; a register hole may be any register of its class.
/// An immediate hole is never fixed (a small value takes a shorter row).
pub fn fixed_at_compile_time(form: &'static Form, operands: &[Operand]) -> bool {
    let earlier = group_through(form);
    let earlier = &earlier[..earlier.len() - 1];
    if !earlier.iter().any(is_value_dependent) {
        return true;
    }
    if operands.iter().any(|o| matches!(o, Operand::Hole(HoleKind::Imm, _))) {
        return false;
    }
    let position_accepts = |f: &Form, k: Kind, o: &Operand| match o {
        Operand::Hole(HoleKind::Reg(class), _) => {
            let classes: &[RegClass] =
                if *class == RegClass::Gpr8 { &[RegClass::Gpr8, RegClass::Gpr8High] } else { &[*class] };
            classes
                .iter()
                .any(|&c| (0..16).any(|num| accepts(k, &Operand::Reg(Reg { class: c, num }), f.flags)))
        }
        other => accepts(k, other, f.flags),
    };
    !earlier.iter().filter(|f| is_value_dependent(f)).any(|f| {
        f.operands.len() == operands.len()
            && f.operands.iter().zip(operands).all(|((k, _), o)| position_accepts(f, *k, o))
    })
}

/// Whether `form` accepts every operand of `ops` (and their number).
pub fn accepts_all(form: &Form, ops: &[Operand]) -> bool {
    form.operands.len() == ops.len()
        && form.operands.iter().zip(ops).all(|((k, _), o)| accepts(*k, o, form.flags))
}

fn imm_width(form: &Form) -> u32 {
    form.operands
        .iter()
        .map(|(k, _)| match k {
            Kind::Imm8 => 8,
            Kind::Imm16 => 16,
            Kind::Imm32 | Kind::Imm32s => 32,
            Kind::Imm64 => 64,
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

fn reg_class_ok(k: Kind, c: RegClass) -> bool {
    match k {
        Kind::R8 | Kind::Rm8 => matches!(c, RegClass::Gpr8 | RegClass::Gpr8High),
        Kind::R16 | Kind::Rm16 => c == RegClass::Gpr16,
        Kind::R32 | Kind::Rm32 => c == RegClass::Gpr32,
        Kind::R64 | Kind::Rm64 => c == RegClass::Gpr64,
        Kind::Xmm | Kind::XmmM32 | Kind::XmmM64 | Kind::XmmM128 => c == RegClass::Xmm,
        _ => false,
    }
}

/// Does operand `o` fit kind `k`?
pub fn accepts(k: Kind, o: &Operand, flags: u16) -> bool {
    match o {
        // Registers 16..31 need EVEX, which no legacy row has.
        Operand::Reg(r) if r.is_upper16() => false,
        Operand::Reg(r) => {
            let fixed = |class, num| r.class == class && r.num == num;
            match k {
                Kind::Al => fixed(RegClass::Gpr8, 0),
                Kind::Cl => fixed(RegClass::Gpr8, 1),
                Kind::Ax => fixed(RegClass::Gpr16, 0),
                Kind::Dx => fixed(RegClass::Gpr16, 2),
                Kind::Eax => fixed(RegClass::Gpr32, 0),
                Kind::Rax => fixed(RegClass::Gpr64, 0),
                _ => reg_class_ok(k, r.class) && !(flags & flag::NOTZERO != 0 && r.num == 0),
            }
        }
        Operand::Hole(HoleKind::Reg(c), _) => reg_class_ok(k, *c),
        Operand::Mem(m) => match k.mem_size() {
            None => false,
            Some(None) => true,
            Some(Some(want)) => match m.size {
                Some(s) => s == want,
                None => flags & flag::SIZED == 0,
            },
        },
        Operand::Imm(v) => k.accepts_value(*v),
        Operand::Hole(HoleKind::Imm, _) => k.takes_imm_hole(),
        Operand::Label(_, hint) | Operand::Hole(HoleKind::Target, hint) => match k {
            Kind::Rel8 => *hint != BranchHint::Near,
            Kind::Rel32 => *hint != BranchHint::Short,
            _ => false,
        },
        Operand::Abs(_) => k == Kind::Rel32,
    }
}

/// An unsized memory operand that several rows of different sizes accept is ambiguous
/// (`add [rax], 1`): the user must say `byte`/`word`/`dword`/`qword ptr`.
fn check_ambiguous(chosen: &Form, forms: &[Form], ops: &[Operand]) -> Result<(), MatchError> {
    let Some(i) = ops.iter().position(|o| matches!(o, Operand::Mem(m) if m.size.is_none())) else {
        return Ok(());
    };
    let size_of = |f: &Form| f.operands[i].0.mem_size().flatten();
    let Some(chosen_size) = size_of(chosen) else {
        return Ok(());
    };
    let generalized: Vec<Operand> = ops
        .iter()
        .map(|o| match o {
            Operand::Imm(_) => Operand::Hole(HoleKind::Imm, BranchHint::Auto),
            other => *other,
        })
        .collect();
    for f in forms {
        let accepts = accepts_all(f, ops) || accepts_all(f, &generalized);
        if accepts && size_of(f).is_some_and(|s| s != chosen_size) {
            return Err(MatchError::AmbiguousSize { mnemonic: chosen.mnemonic.to_string(), operand: i });
        }
    }
    Ok(())
}

/// Builds the most helpful error for operands that no row accepts.
fn explain(canon: &str, forms: &'static [Form], ops: &[Operand]) -> MatchError {
    let valid: Vec<String> = forms.iter().map(|f| f.to_string()).collect();
    let same_count: Vec<&Form> = forms.iter().filter(|f| f.operands.len() == ops.len()).collect();
    if same_count.is_empty() {
        let mut counts: Vec<usize> = forms.iter().map(|f| f.operands.len()).collect();
        counts.sort_unstable();
        counts.dedup();
        return MatchError::OperandCount {
            mnemonic: canon.to_string(),
            found: ops.len(),
            expected: counts,
            forms: valid,
        };
    }
    // An immediate that would fit some row if only it were in range.
    for (i, o) in ops.iter().enumerate() {
        if let Operand::Imm(v) = o {
            let fits_elsewhere = same_count.iter().any(|f| {
                f.operands[i].0.is_imm()
                    && f.operands
                        .iter()
                        .zip(ops)
                        .enumerate()
                        .all(|(j, ((k, _), o))| j == i || accepts(*k, o, f.flags))
            });
            if fits_elsewhere {
                let kinds: Vec<&str> = same_count
                    .iter()
                    .filter(|f| f.operands[i].0.takes_imm_hole())
                    .filter(|f| {
                        f.operands
                            .iter()
                            .zip(ops)
                            .enumerate()
                            .all(|(j, ((k, _), o))| j == i || accepts(*k, o, f.flags))
                    })
                    .map(|f| f.operands[i].0.manual())
                    .collect();
                return MatchError::ImmOutOfRange {
                    mnemonic: canon.to_string(),
                    operand: i,
                    value: *v,
                    expected: kinds.last().copied().unwrap_or("imm8").to_string(),
                };
            }
        }
    }
    // The operand at which the rows that get furthest give up.
    let mut worst = 0;
    for f in &same_count {
        let ok = f.operands.iter().zip(ops).take_while(|((k, _), o)| accepts(*k, o, f.flags)).count();
        worst = worst.max(ok);
    }
    let i = worst.min(ops.len() - 1);
    let mut expected: Vec<&str> = same_count
        .iter()
        .filter(|f| f.operands.iter().zip(ops).take(i).all(|((k, _), o)| accepts(*k, o, f.flags)))
        .map(|f| f.operands[i].0.manual())
        .collect();
    expected.dedup();
    MatchError::InvalidOperand {
        mnemonic: canon.to_string(),
        operand: i,
        found: ops[i].describe(),
        expected: expected.into_iter().map(String::from).collect(),
        forms: valid,
    }
}

/// The known mnemonic closest to `m` by edit distance, if it is close.
fn suggest(m: &str) -> Option<&'static str> {
    let mut best: Option<(usize, &'static str)> = None;
    for cand in mnemonics() {
        let d = edit_distance(m, cand);
        if d <= 2 && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
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
    use crate::operand::{Gpr64, Mem};

    fn hole_reg(class: RegClass) -> Operand {
        Operand::Hole(HoleKind::Reg(class), BranchHint::Auto)
    }

    fn fixed(mnemonic: &str, ops: &[Operand]) -> bool {
        let form = find(mnemonic, ops).expect("a row accepts");
        fixed_at_compile_time(form, ops)
    }

    #[test]
    fn forms_that_no_run_time_value_can_change() {
        let rax = Operand::from(Gpr64::RAX);
        let rbx = Operand::from(Gpr64::RBX);
        let mem = Operand::Mem(Mem::base(Gpr64::RSI));
        let imm = Operand::Hole(HoleKind::Imm, BranchHint::Auto);
        // No value-dependent sibling can take a memory source.
        assert!(fixed("add", &[rax, mem]));
        assert!(fixed("mov", &[hole_reg(RegClass::Gpr64), Gpr64::RDI.into()]));
        assert!(fixed("add", &[hole_reg(RegClass::Gpr64), rbx]));
        // An immediate hole may pick the imm8 row; a register hole may be rax, which has the
        // one-byte `xchg rax, r64` row.
        assert!(!fixed("mov", &[Operand::from(crate::operand::Gpr32::ECX), imm]));
        assert!(!fixed("add", &[hole_reg(RegClass::Gpr64), imm]));
        assert!(!fixed("xchg", &[hole_reg(RegClass::Gpr64), hole_reg(RegClass::Gpr64)]));
        // A hole that is `al` takes `test al, imm8`; a static immediate does not make it fixed.
        assert!(!fixed("test", &[hole_reg(RegClass::Gpr8), Operand::Imm(1)]));
    }

    #[test]
    fn a_fixed_form_is_what_rematching_picks_for_every_register() {
        // Exhaustive over one register hole in every row: where the macro would skip
        // re-matching and the row accepts the run-time register, re-matching must pick the same
        // row for every register of the class.
        let mut checked = 0;
        for form in crate::isa::FORMS {
            for (i, (kind, _)) in form.operands.iter().enumerate() {
                let class = match kind {
                    Kind::R64 | Kind::Rm64 => RegClass::Gpr64,
                    Kind::R32 | Kind::Rm32 => RegClass::Gpr32,
                    Kind::R16 | Kind::Rm16 => RegClass::Gpr16,
                    Kind::Xmm | Kind::XmmM32 | Kind::XmmM64 | Kind::XmmM128 => RegClass::Xmm,
                    _ => continue,
                };
                // The other operands: a register of their class where possible, else skip.
                let Some(mut ops) = form
                    .operands
                    .iter()
                    .map(|(k, _)| match k {
                        Kind::R64 | Kind::Rm64 => Some(Operand::Reg(Reg::new(RegClass::Gpr64, 3))),
                        Kind::R32 | Kind::Rm32 => Some(Operand::Reg(Reg::new(RegClass::Gpr32, 3))),
                        Kind::R16 | Kind::Rm16 => Some(Operand::Reg(Reg::new(RegClass::Gpr16, 3))),
                        Kind::R8 | Kind::Rm8 => Some(Operand::Reg(Reg::new(RegClass::Gpr8, 3))),
                        Kind::Xmm | Kind::XmmM32 | Kind::XmmM64 | Kind::XmmM128 => {
                            Some(Operand::Reg(Reg::new(RegClass::Xmm, 3)))
                        }
                        Kind::Al => Some(Operand::Reg(Reg::new(RegClass::Gpr8, 0))),
                        Kind::Ax => Some(Operand::Reg(Reg::new(RegClass::Gpr16, 0))),
                        Kind::Eax => Some(Operand::Reg(Reg::new(RegClass::Gpr32, 0))),
                        Kind::Rax => Some(Operand::Reg(Reg::new(RegClass::Gpr64, 0))),
                        Kind::Cl => Some(Operand::Reg(Reg::new(RegClass::Gpr8, 1))),
                        Kind::Dx => Some(Operand::Reg(Reg::new(RegClass::Gpr16, 2))),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()
                else {
                    continue;
                };
                ops[i] = hole_reg(class);
                let Ok(chosen) = find(form.mnemonic, &ops) else { continue };
                if !fixed_at_compile_time(chosen, &ops) {
                    continue;
                }
                for num in 0..16 {
                    ops[i] = Operand::Reg(Reg::new(class, num));
                    // Where the row itself refuses (NOTZERO rows and register 0), the fixed
                    // path falls back to re-matching, as `emit_form_fixed` does.
                    if !accepts_all(chosen, &ops) {
                        continue;
                    }
                    if let Ok(now) = rematch(chosen, &ops) {
                        assert_eq!(now.id, chosen.id, "{chosen} with register {num} at operand {i}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 5000, "only {checked} cases checked");
    }
}

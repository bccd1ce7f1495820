//! The rows of a mnemonic as written, found without building a string.
//!
//! [`forms_of`] takes the canonical spelling and searches the sorted table; a parser has the
//! spelling as written (any case, any alias, any condition-code synonym) and would first have to
//! build the canonical one with [`canonical_mnemonic`](super::canonical_mnemonic). [`forms_written`] lowercases the name into
//! a stack buffer and searches the table with it; only a name the table does not hold is looked
//! for among the aliases and the condition-code synonyms (short constant lists). It finds exactly
//! what `forms_of(&canonical_mnemonic(m))` finds (a test checks every spelling).

use super::{forms_of, Form, ALIASES, CONDITIONS};
use crate::names::{lower, MAX_NAME};

/// [`forms_of`] by one binary search on integer keys (the table's mnemonics are at most 16
/// bytes long).
fn forms_of_lower(l: &str) -> &'static [Form] {
    use super::table::{name_key128, MNEMONIC_COUNT, MNEMONIC_KEYS};
    if l.len() > 16 || l.as_bytes().contains(&0) {
        return &[];
    }
    let k = name_key128(l.as_bytes());
    let keys = &MNEMONIC_KEYS[..MNEMONIC_COUNT];
    let i = keys.partition_point(|(x, _)| *x < k);
    match keys.get(i) {
        Some(&(x, start)) if x == k => {
            let end = keys.get(i + 1).map_or(super::FORMS.len(), |&(_, e)| e as usize);
            &super::FORMS[start as usize..end]
        }
        _ => &[],
    }
}

/// All rows of mnemonic `m` as written (any case, alias or condition-code synonym), in table
/// order; empty if unknown. The same rows as `forms_of(&canonical_mnemonic(m))`, without
/// building a string.
///
/// ```
/// use asm_runtime::isa::{forms_of, forms_written};
/// assert_eq!(forms_written("JZ").as_ptr(), forms_of("je").as_ptr());
/// assert!(forms_written("frobnicate").is_empty());
/// ```
pub fn forms_written(m: &str) -> &'static [Form] {
    let mut buf = [0; MAX_NAME];
    let Some(l) = lower(m, &mut buf).and_then(|b| std::str::from_utf8(b).ok()) else { return &[] };
    // No alias is spelled like a mnemonic of the table (a test checks it), so the table first.
    let rows = forms_of_lower(l);
    if !rows.is_empty() {
        return rows;
    }
    if let Some((_, c)) = ALIASES.iter().find(|(a, _)| *a == l) {
        return forms_of(c);
    }
    for stem in ["j", "set", "cmov"] {
        let Some(cc) = l.strip_prefix(stem) else { continue };
        if let Some((canon, _, _)) = CONDITIONS.iter().find(|(_, _, syn)| syn.contains(&cc)) {
            let mut name = [0; MAX_NAME];
            let n = stem.len() + canon.len();
            if let Some(out) = name.get_mut(..n) {
                out[..stem.len()].copy_from_slice(stem.as_bytes());
                out[stem.len()..].copy_from_slice(canon.as_bytes());
                return std::str::from_utf8(out).map_or(&[], forms_of);
            }
        }
    }
    &[]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::isa::canonical_mnemonic;

    #[test]
    fn no_alias_is_spelled_like_a_mnemonic() {
        for (a, _) in ALIASES {
            assert!(forms_of(a).is_empty(), "`{a}` is both an alias and a mnemonic of the table");
        }
    }

    /// Every spelling: the table's mnemonics, the aliases and the condition-code synonyms, in
    /// several cases, and near misses.
    #[test]
    fn written_spellings_find_the_canonical_rows() {
        let mut words: Vec<String> = super::super::FORMS.iter().map(|f| f.mnemonic.to_string()).collect();
        words.extend(ALIASES.iter().map(|(a, _)| a.to_string()));
        for stem in ["j", "set", "cmov"] {
            for (_, _, synonyms) in CONDITIONS {
                words.extend(synonyms.iter().map(|s| format!("{stem}{s}")));
            }
        }
        words.extend(
            ["nosuch", "j", "jzz", "cmov", "set", "", "ADDx", "cmpltps", "st", "rax"].map(String::from),
        );
        assert!(words.len() > 1000, "{}", words.len());
        for w in words {
            for v in [
                w.clone(),
                w.to_ascii_uppercase(),
                format!("{}{}", &w[..w.len() / 2], w[w.len() / 2..].to_ascii_uppercase()),
            ] {
                let want = forms_of(&canonical_mnemonic(&v));
                let got = forms_written(&v);
                assert_eq!(
                    (got.first().map(|f| f.id), got.len()),
                    (want.first().map(|f| f.id), want.len()),
                    "{v}"
                );
            }
        }
        assert_eq!(forms_written(&"a".repeat(MAX_NAME + 1)).len(), 0);
    }
}

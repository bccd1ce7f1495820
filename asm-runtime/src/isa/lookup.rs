//! The rows of a mnemonic as written, found without building a string.
//!
//! [`forms_of`] takes the canonical spelling and searches the sorted table; a parser has the
//! spelling as written (any case, any alias, any condition-code synonym) and would first have to
//! build the canonical one with [`canonical_mnemonic`](super::canonical_mnemonic).
//! [`forms_written`] folds the name's case into a 16-byte key on the stack and probes a hash
//! table of the table's mnemonics built at compile time; only a name the table does not hold is
//! looked for among the aliases and the condition-code synonyms (short constant lists). It finds
//! exactly what `forms_of(&canonical_mnemonic(m))` finds (a test checks every spelling).

use super::{forms_of, Form, ALIASES, CONDITIONS};
use crate::names::{lower, MAX_NAME};

/// The table's rows of the mnemonic spelled `b` in any case (ASCII case folding, as
/// [`lower`] does), found by one probe sequence in a hash table built at compile time (the
/// table's mnemonics are at most 16 bytes long); empty if the table has no such mnemonic.
fn forms_of_any_case(b: &[u8]) -> &'static [Form] {
    use super::table::{mnemonic_hash, MNEMONIC_HASH, MNEMONIC_KEYS};
    let mut key = [0u8; 16];
    let Some(out) = key.get_mut(..b.len()) else { return &[] };
    for (o, c) in out.iter_mut().zip(b) {
        *o = c.to_ascii_lowercase();
    }
    if b.contains(&0) {
        return &[];
    }
    // `name_key128`: the bytes in order, zero-padded.
    let k = u128::from_be_bytes(key);
    let mask = MNEMONIC_HASH.len() - 1;
    let mut slot = mnemonic_hash(k);
    loop {
        if MNEMONIC_HASH[slot] == u16::MAX {
            return &[];
        }
        let m = usize::from(MNEMONIC_HASH[slot]);
        let Some(&(x, start)) = MNEMONIC_KEYS.get(m) else { return &[] };
        if x == k {
            let end = MNEMONIC_KEYS.get(m + 1).map_or(super::FORMS.len(), |&(_, e)| usize::from(e));
            return &super::FORMS[usize::from(start)..end.min(super::FORMS.len())];
        }
        slot = (slot + 1) & mask;
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
    // No alias is spelled like a mnemonic of the table (a test checks it), so the table first.
    let rows = forms_of_any_case(m.as_bytes());
    if !rows.is_empty() {
        return rows;
    }
    let mut buf = [0; MAX_NAME];
    let Some(l) = lower(m, &mut buf).and_then(|b| std::str::from_utf8(b).ok()) else { return &[] };
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

//! The rows of a mnemonic as written, found by one hash lookup.
//!
//! [`forms_of`] takes the canonical spelling and searches the sorted table; a parser has the
//! spelling as written (any case, any alias, any condition-code synonym) and would first have to
//! build the canonical one with [`canonical_mnemonic`]. This index maps every spelling that
//! resolves to rows straight to them. It is built once from the table and the alias lists, so
//! it holds exactly what `forms_of(&canonical_mnemonic(m))` finds (a test checks it).

use std::sync::OnceLock;

use super::{canonical_mnemonic, forms_of, Form, ALIASES, CONDITIONS, FORMS};
use crate::names::{NameKey, NameMap};

/// Every lowercase spelling that has rows, and where they are in [`FORMS`].
fn index() -> &'static NameMap<NameKey, (u32, u32)> {
    static INDEX: OnceLock<NameMap<NameKey, (u32, u32)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m = NameMap::default();
        for s in spellings() {
            let forms = forms_of(&canonical_mnemonic(&s));
            // Every spelling fits a key (a test checks it).
            if let (Some(first), Some(key)) = (forms.first(), NameKey::new(&s)) {
                let start = first.id.index() as u32;
                m.insert(key, (start, start + forms.len() as u32));
            }
        }
        m
    })
}

/// Every spelling that can have rows: the table's mnemonics, the aliases and the
/// condition-code synonyms of `j`, `set` and `cmov`.
fn spellings() -> Vec<String> {
    let mut all: Vec<String> = FORMS.iter().map(|f| f.mnemonic.to_string()).collect();
    all.extend(ALIASES.iter().map(|(a, _)| a.to_string()));
    for stem in ["j", "set", "cmov"] {
        for (_, _, synonyms) in CONDITIONS {
            all.extend(synonyms.iter().map(|s| format!("{stem}{s}")));
        }
    }
    all
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
    let Some(key) = NameKey::new(m) else { return &[] };
    match index().get(&key) {
        Some(&(start, end)) => &FORMS[start as usize..end as usize],
        None => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every spelling the index was built from, in several cases, and near misses.
    #[test]
    fn written_spellings_find_the_canonical_rows() {
        let mut words = spellings();
        assert!(words.iter().all(|w| NameKey::new(w).is_some()), "a spelling does not fit a key");
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
        assert_eq!(forms_written(&"a".repeat(crate::names::KEY_LEN + 1)).len(), 0);
    }
}

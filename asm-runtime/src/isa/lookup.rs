//! The rows of a mnemonic as written, found by one hash lookup.
//!
//! [`forms_of`] takes the canonical spelling and searches the sorted table; a parser has the
//! spelling as written (any case, any alias, any condition-code synonym) and would first have to
//! build the canonical one with [`canonical_mnemonic`]. This index maps every spelling that
//! resolves to rows straight to them. It is built once from the table and the alias lists, so
//! it holds exactly what `forms_of(&canonical_mnemonic(m))` finds (a test checks it).

use std::sync::OnceLock;

use super::{canonical_mnemonic, forms_of, Form, ALIASES, CONDITIONS, FORMS};
use crate::names::{lower, NameMap, MAX_NAME};

/// Every lowercase spelling that has rows, and where they are in [`FORMS`].
fn index() -> &'static NameMap<Box<[u8]>, (u32, u32)> {
    static INDEX: OnceLock<NameMap<Box<[u8]>, (u32, u32)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut spellings: Vec<String> = FORMS.iter().map(|f| f.mnemonic.to_string()).collect();
        spellings.extend(ALIASES.iter().map(|(a, _)| a.to_string()));
        for stem in ["j", "set", "cmov"] {
            for (_, _, synonyms) in CONDITIONS {
                spellings.extend(synonyms.iter().map(|s| format!("{stem}{s}")));
            }
        }
        let mut m = NameMap::default();
        for s in spellings {
            let forms = forms_of(&canonical_mnemonic(&s));
            if let Some(first) = forms.first() {
                let start = first.id.index() as u32;
                m.insert(s.into_bytes().into_boxed_slice(), (start, start + forms.len() as u32));
            }
        }
        m
    })
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
    let Some(l) = lower(m, &mut buf) else { return &[] };
    match index().get(l) {
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
        let mut words: Vec<String> =
            index().keys().map(|k| String::from_utf8_lossy(k).into_owned()).collect();
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

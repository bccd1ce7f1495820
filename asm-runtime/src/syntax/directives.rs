//! The one list of directives and keywords both front ends accept.

use crate::names::{lower, MAX_NAME};

/// Data directives and their unit width in bytes: NASM spellings and the GNU ones.
const DATA: &[(&str, u8)] = &[
    ("db", 1),
    (".byte", 1),
    (".1byte", 1),
    (".2byte", 2),
    (".4byte", 4),
    (".8byte", 8),
    ("dw", 2),
    (".word", 2),
    (".short", 2),
    ("dd", 4),
    (".long", 4),
    (".int", 4),
    ("dq", 8),
    (".quad", 8),
];

/// What a directive word is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum DirectiveWord {
    /// `db` and friends: units of this many bytes.
    Data(u8),
    /// `.ascii` (no terminator) or `.asciz`/`.string` (zero-terminated).
    Strings { zero: bool },
    /// `align N` / `.align N` / `.balign N`: to N bytes.
    Align,
    /// `.p2align K`: to 2^K bytes.
    P2Align,
    /// `.fill N, SIZE, VALUE`: N units of SIZE bytes (1, 2, 4 or 8) holding VALUE.
    Fill,
    /// `.skip N, FILL` / `.space N, FILL`: N bytes of FILL (default 0).
    Skip,
    /// `.zero N`: N zero bytes.
    Zero,
    /// NASM's `resb N` .. `resq N`: N zero units of this many bytes.
    Reserve(u8),
    /// `.arch LEVEL, +FEATURE, -FEATURE`.
    Arch,
}

/// The unit width of a data directive (`db` -> 1, `.quad` -> 8).
pub fn data_width(word: &str) -> Option<u8> {
    DATA.iter().find(|(w, _)| w.eq_ignore_ascii_case(word)).map(|(_, n)| *n)
}

pub(super) fn directive(word: &str) -> Option<DirectiveWord> {
    // Every directive starts with `.`, `d` (`db`...), `a` (`align`) or `r` (`resb`...); most
    // mnemonics stop here.
    if !matches!(word.as_bytes().first().map(u8::to_ascii_lowercase), Some(b'.' | b'd' | b'a' | b'r')) {
        return None;
    }
    if let Some(w) = data_width(word) {
        return Some(DirectiveWord::Data(w));
    }
    let mut buf = [0; MAX_NAME];
    Some(match lower(word, &mut buf)? {
        b".ascii" => DirectiveWord::Strings { zero: false },
        b".asciz" | b".string" => DirectiveWord::Strings { zero: true },
        b"align" | b".align" | b".balign" => DirectiveWord::Align,
        b".p2align" => DirectiveWord::P2Align,
        b".fill" => DirectiveWord::Fill,
        b".skip" | b".space" => DirectiveWord::Skip,
        b".zero" => DirectiveWord::Zero,
        b".arch" => DirectiveWord::Arch,
        b"resb" => DirectiveWord::Reserve(1),
        b"resw" => DirectiveWord::Reserve(2),
        b"resd" => DirectiveWord::Reserve(4),
        b"resq" => DirectiveWord::Reserve(8),
        b"rest" => DirectiveWord::Reserve(10),
        b"reso" => DirectiveWord::Reserve(16),
        b"resy" => DirectiveWord::Reserve(32),
        b"resz" => DirectiveWord::Reserve(64),
        _ => return None,
    })
}

/// A directive that only states how the source is written or where it goes, and emits
/// nothing: `.intel_syntax`, `.att_syntax` and `.text`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(super) enum NoteWord {
    /// `.intel_syntax` (optionally `noprefix`): the only syntax there is.
    IntelSyntax,
    /// `.att_syntax`: refused.
    AttSyntax,
    /// `.text`: all code goes to one section, so this changes nothing.
    Text,
}

pub(super) fn note(word: &str) -> Option<NoteWord> {
    let eq = |w: &str| word.eq_ignore_ascii_case(w);
    if eq(".intel_syntax") {
        Some(NoteWord::IntelSyntax)
    } else if eq(".att_syntax") {
        Some(NoteWord::AttSyntax)
    } else if eq(".text") {
        Some(NoteWord::Text)
    } else {
        None
    }
}

/// True if `word` is a directive (`db`, `.ascii`, `align`, `.text`, ...).
pub fn is_directive(word: &str) -> bool {
    directive(word).is_some() || note(word).is_some()
}

/// Words with a meaning of their own in operands and statements (besides registers,
/// mnemonics, prefixes, size keywords and directives).
pub const KEYWORDS: &[&str] = &["ptr", "short", "near", "rel", "times"];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every directive word, in two cases: the quick first-letter test of `directive` must let
    /// each through.
    #[test]
    fn every_directive_word_is_found() {
        let words = [
            ".ascii", ".asciz", ".string", "align", ".align", ".balign", ".p2align", ".fill", ".skip",
            ".space", ".zero", ".arch", "resb", "resw", "resd", "resq", "rest", "reso", "resy", "resz",
        ];
        for w in words.iter().copied().chain(DATA.iter().map(|(w, _)| *w)) {
            assert!(directive(w).is_some(), "{w}");
            assert!(directive(&w.to_ascii_uppercase()).is_some(), "{w}");
        }
        for w in ["mov", "add", "nop", "byte", ".text", "", "d", "."] {
            assert!(directive(w).is_none(), "{w}");
        }
    }
}

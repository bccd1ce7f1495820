//! The text lexer: one source line -> [`Token`]s with line and column spans.
//!
//! Comments start at `#` or `//`. `{...}` groups become [`Tok::Brace`] (decorations such as
//! `{k1}`; the text path has no holes). The number syntax is shared with the macro, which
//! converts Rust literals through [`number`].

use super::{Tok, Token};
use crate::ast::Span;

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '_' | '.' | '$')
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$')
}

/// `1to2` .. `1to32`: the word inside a broadcast decoration.
fn is_broadcast_word(text: &[char]) -> bool {
    text.len() > 3 && text[..3] == ['1', 't', 'o'] && text[3..].iter().all(|c| c.is_ascii_digit())
}

/// Splits line `line_no` (its characters) into tokens, up to a comment.
pub fn lex_line(line_no: u32, line: &[char]) -> Vec<Token> {
    let mut out = Vec::new();
    lex_line_into(line_no, line, None, &mut out, &mut Vec::new());
    out
}

/// [`lex_line`] into `out` (emptied first), reusing the buffers of `out`'s old names and of
/// `pool` for the new ones, so lexing line after line allocates only while the buffers grow.
/// `ascii` is the line as text when it is all ASCII (a character index is then a byte index),
/// for copying names without re-encoding them.
pub(crate) fn lex_line_into(
    line_no: u32,
    line: &[char],
    ascii: Option<&str>,
    out: &mut Vec<Token>,
    pool: &mut Vec<String>,
) {
    for t in out.drain(..) {
        if let Tok::Ident(s) = t.tok {
            pool.push(s);
        }
    }
    let mut i = 0;
    let ascii = ascii.filter(|a| a.len() == line.len());
    let mut lx = Lexer { line_no, line, ascii, pool };
    lx.lex_until(&mut i, false, out);
    // A `}` without its `{` stops the inner lexer; report it and go on.
    while i < line.len() {
        out.push(Token {
            tok: Tok::Bad("`}` without a matching `{`".into()),
            span: Span { line: line_no, col: to_u32(i + 1), len: 1 },
        });
        i += 1;
        lx.lex_until(&mut i, false, out);
    }
}

/// The tokens of the first line of `text` (up to a newline or the end), when it is ASCII and
/// made only of names, plain integers (decimal without a leading zero, or `0x` hex),
/// punctuation and comments: written over the first tokens of `out` (names in the buffers of
/// the tokens they replace, or of `pool`; the tokens after them stay as they were), with the
/// length of the line and the number of tokens. `None` as soon as the line has anything else
/// (strings, braces, other numbers), which [`lex_line_into`] then lexes. Both give the same tokens for the lines this one takes.
pub(crate) fn lex_ascii_line(
    line_no: u32,
    text: &str,
    out: &mut Vec<Token>,
    pool: &mut Vec<String>,
) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut i = 0;
    let mut n = 0;
    while let Some(&c) = b.get(i) {
        let start = i;
        let tok = match c {
            b'\n' => break,
            b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c' => {
                i += 1;
                while b.get(i) == Some(&b' ') {
                    i += 1;
                }
                continue;
            }
            b'#' => return comment_end(text, i).map(|end| (end, n)),
            b'/' if b.get(i + 1) == Some(&b'/') => return comment_end(text, i).map(|end| (end, n)),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'.' | b'$' => {
                while b.get(i).is_some_and(|&c| NAME_BYTE[usize::from(c)]) {
                    i += 1;
                }
                let span = Span { line: line_no, col: to_u32(start + 1), len: to_u32(i - start) };
                // Write the name into the buffer of the token that was here, if it was a name.
                if let Some(Token { tok: Tok::Ident(s), span: old }) = out.get_mut(n) {
                    s.clear();
                    s.push_str(&text[start..i]);
                    *old = span;
                    n += 1;
                    continue;
                }
                let mut s = pool.pop().unwrap_or_default();
                s.clear();
                s.push_str(&text[start..i]);
                Tok::Ident(s)
            }
            b'0'..=b'9' => {
                while b.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.')) {
                    i += 1;
                }
                // An exponent sign (`2.5e-3`) continues a number: the general lexer decides.
                if matches!(b.get(i), Some(b'+' | b'-')) && matches!(b[i - 1], b'e' | b'E') {
                    return None;
                }
                Tok::Int(plain_number_bytes(&b[start..i])?)
            }
            b',' | b'[' | b']' | b'+' | b'-' | b'*' | b'/' | b'%' | b':' | b'(' | b')' | b';' | b'~'
            | b'@' | b'<' | b'>' | b'&' | b'|' | b'^' => {
                i += 1;
                Tok::Punct(char::from(c))
            }
            _ => return None,
        };
        put(
            out,
            n,
            Token { tok, span: Span { line: line_no, col: to_u32(start + 1), len: to_u32(i - start) } },
            pool,
        );
        n += 1;
    }
    Some((i, n))
}

/// Token `n` of `out` becomes `t` (the old one's name buffer goes to `pool`).
#[inline]
fn put(out: &mut Vec<Token>, n: usize, t: Token, pool: &mut Vec<String>) {
    match out.get_mut(n) {
        Some(slot) => match std::mem::replace(slot, t).tok {
            Tok::Ident(s) => pool.push(s),
            // Nothing to free: no call to the drop code of the other variants.
            old @ (Tok::Int(_) | Tok::Punct(_) | Tok::Float(_) | Tok::Char(_) | Tok::PathSep) => {
                std::mem::forget(old)
            }
            old => drop(old),
        },
        None => out.push(t),
    }
}

/// The line length for a comment starting at `i`, if the comment is ASCII too (columns before
/// it are then bytes, as the caller assumes).
fn comment_end(text: &str, i: usize) -> Option<usize> {
    let end = text[i..].find('\n').map_or(text.len(), |k| i + k);
    text[i..end].is_ascii().then_some(end)
}

/// `NAME_BYTE[c]`: byte `c` can continue a name (see `is_ident_char`).
const NAME_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'$';
        c += 1;
    }
    t
};

/// [`plain_number`] on the bytes of an ASCII token.
fn plain_number_bytes(text: &[u8]) -> Option<u64> {
    let (digits, radix) = match text {
        [b'0', b'x' | b'X', rest @ ..] => (rest, 16),
        [b'1'..=b'9', ..] | [b'0'] => (text, 10),
        _ => return None,
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let mut v: u64 = 0;
    for &c in digits {
        let d = char::from(c).to_digit(radix as u32)?;
        v = v.checked_mul(radix)?.checked_add(u64::from(d))?;
    }
    Some(v)
}

/// One line being lexed, and spare name buffers.
struct Lexer<'l, 'p> {
    line_no: u32,
    line: &'l [char],
    /// The line as text, when it is all ASCII.
    ascii: Option<&'l str>,
    pool: &'p mut Vec<String>,
}

impl Lexer<'_, '_> {
    /// The text of characters `start..end` as a name token's, in a reused buffer.
    fn name(&mut self, start: usize, end: usize) -> String {
        let mut s = self.pool.pop().unwrap_or_default();
        s.clear();
        match self.ascii.and_then(|a| a.get(start..end)) {
            Some(text) => s.push_str(text),
            None => s.extend(&self.line[start..end]),
        }
        s
    }

    /// Tokens from `*i` to the end of the line, or to a `}` (consumed when `in_brace`),
    /// appended to `out`; whether a `}` ended them.
    fn lex_until(&mut self, i: &mut usize, in_brace: bool, out: &mut Vec<Token>) -> bool {
        let line = self.line;
        let n = line.len();
        while *i < n {
            let c = line[*i];
            if c.is_whitespace() {
                *i += 1;
                continue;
            }
            if c == '#' || (c == '/' && line.get(*i + 1) == Some(&'/')) {
                *i = n;
                break;
            }
            if c == '}' {
                if in_brace {
                    *i += 1;
                }
                return true;
            }
            let start = *i;
            let tok = if c == '{' {
                *i += 1;
                let mut inner = Vec::new();
                match self.lex_until(i, true, &mut inner) {
                    true => Tok::Brace(inner, None),
                    false => Tok::Bad("`{` without a matching `}`".into()),
                }
            } else if is_ident_start(c) {
                while *i < n && is_ident_char(line[*i]) {
                    *i += 1;
                }
                Tok::Ident(self.name(start, *i))
            } else if c.is_ascii_digit() {
                *i = number_end(line, *i);
                number(&line[start..*i])
            } else if c == '\'' {
                let (t, e) = char_literal(line, *i);
                *i = e;
                t
            } else if c == '"' {
                let (t, e) = string_literal(line, *i);
                *i = e;
                t
            } else if matches!(
                c,
                ',' | '['
                    | ']'
                    | '+'
                    | '-'
                    | '*'
                    | '/'
                    | '%'
                    | ':'
                    | '('
                    | ')'
                    | ';'
                    | '~'
                    | '@'
                    | '<'
                    | '>'
                    | '&'
                    | '|'
                    | '^'
            ) {
                *i += 1;
                Tok::Punct(c)
            } else {
                *i += 1;
                Tok::Bad(format!("unexpected character `{}`", c.escape_debug()))
            };
            out.push(Token {
                tok,
                span: Span { line: self.line_no, col: to_u32(start + 1), len: to_u32(*i - start) },
            });
        }
        false
    }
}

/// The end of a number that starts at `start`: letters, digits, `_`, `.`, and a sign right
/// after the exponent letter of a decimal float (`2.5e-3`).
fn number_end(line: &[char], start: usize) -> usize {
    let mut i = start;
    while let Some(&c) = line.get(i) {
        let part = c.is_ascii_alphanumeric()
            || c == '_'
            || c == '.'
            || ((c == '+' || c == '-')
                && exponent_pending(&line[start..i])
                && line.get(i + 1).is_some_and(|d| d.is_ascii_digit()));
        if !part {
            break;
        }
        i += 1;
    }
    i
}

/// True for `digits[.digits]e`: a decimal float waiting for its exponent.
fn exponent_pending(s: &[char]) -> bool {
    match s.split_last() {
        Some((&e, body)) if e == 'e' || e == 'E' => {
            body.first().is_some_and(|c| c.is_ascii_digit())
                && body.iter().all(|c| c.is_ascii_digit() || *c == '.')
                && body.iter().filter(|c| **c == '.').count() <= 1
        }
        _ => false,
    }
}

/// The value of a number as written (`42`, `0x2a`, `0b101`, `0o52`, `2ah`, `1_000`, `2.5e-3`),
/// shared by both front ends so they accept the same literals. `1to16` (a broadcast
/// decoration) is a word, not a number.
pub fn number(text: &[char]) -> Tok {
    if let Some(v) = plain_number(text) {
        return Tok::Int(v);
    }
    if is_broadcast_word(text) {
        return Tok::Ident(text.iter().collect());
    }
    let shown: String = text.iter().collect();
    let s: String = text.iter().filter(|c| **c != '_').collect::<String>().to_ascii_lowercase();
    if let Some(body) = s.strip_suffix('h') {
        if !body.is_empty() && body.chars().all(|c| c.is_ascii_hexdigit()) {
            return int_radix(body, 16, &shown);
        }
    }
    let (body, radix) = if let Some(b) = s.strip_prefix("0x") {
        (b, 16)
    } else if let Some(b) = s.strip_prefix("0b") {
        (b, 2)
    } else if let Some(b) = s.strip_prefix("0o") {
        (b, 8)
    } else if s.contains('.') || s.contains('e') {
        if s.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | '+' | '-')) {
            if let Ok(f) = s.parse::<f64>() {
                if f.is_finite() {
                    return Tok::Float(f);
                }
                return Tok::Bad(format!("float literal `{shown}` out of range"));
            }
        }
        return Tok::Bad(format!("invalid number `{shown}`"));
    } else {
        if let Some(err) = leading_zero(&s, &shown) {
            return err;
        }
        (s.as_str(), 10)
    };
    int_radix(body, radix, &shown)
}

/// The value of the common spellings, decimal without a leading zero (`42`) and `0x` hex,
/// read without building strings; `None` for anything else (the general path decides).
fn plain_number(text: &[char]) -> Option<u64> {
    let (digits, radix) = match text {
        ['0', 'x' | 'X', rest @ ..] => (rest, 16),
        ['1'..='9', ..] | ['0'] => (text, 10),
        _ => return None,
    };
    if digits.is_empty() || digits.len() > 16 {
        return None;
    }
    let mut v: u64 = 0;
    for c in digits {
        v = v.checked_mul(radix)?.checked_add(u64::from(c.to_digit(radix as u32)?))?;
    }
    Some(v)
}

/// `017` is octal to GNU as and llvm-mc and decimal to NASM and Rust: an error unless both
/// readings give the same value (`00`, `07`), never a guess.
fn leading_zero(s: &str, shown: &str) -> Option<Tok> {
    let rest = s.strip_prefix('0')?;
    if rest.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let decimal = rest.trim_start_matches('0');
    if decimal.len() <= 1 && decimal.chars().all(|c| c < '8') {
        return None;
    }
    Some(Tok::Bad(format!(
        "`{shown}` has a leading zero: GNU as and llvm-mc read it as octal, NASM and Rust as decimal; write `0o{decimal}` for octal or `{decimal}` for decimal"
    )))
}

fn int_radix(body: &str, radix: u32, shown: &str) -> Tok {
    if body.is_empty() {
        return Tok::Bad(format!("invalid number `{shown}`"));
    }
    let mut v: u64 = 0;
    let mut overflow = false;
    for c in body.chars() {
        let Some(d) = c.to_digit(radix) else {
            return Tok::Bad(format!("invalid digit `{c}` in number `{shown}`"));
        };
        match v.checked_mul(u64::from(radix)).and_then(|x| x.checked_add(u64::from(d))) {
            Some(x) => v = x,
            None => overflow = true,
        }
    }
    if overflow {
        Tok::Bad("integer too large".into())
    } else {
        Tok::Int(v)
    }
}

/// One character of a character or string literal.
enum Unit {
    Char(char),
    Byte(u8),
}

/// Reads one (possibly escaped) character at `i`; returns it and the next index.
fn literal_unit(line: &[char], i: usize) -> Result<(Unit, usize), String> {
    let Some(&c) = line.get(i) else { return Err("unterminated literal".into()) };
    if c != '\\' {
        return Ok((Unit::Char(c), i + 1));
    }
    let Some(&e) = line.get(i + 1) else { return Err("unterminated literal".into()) };
    let simple = match e {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        '0' => Some('\0'),
        '\\' => Some('\\'),
        '\'' => Some('\''),
        '"' => Some('"'),
        _ => None,
    };
    if let Some(ch) = simple {
        return Ok((Unit::Char(ch), i + 2));
    }
    if e == 'x' {
        let mut v: u32 = 0;
        let mut j = i + 2;
        while j < i + 4 {
            match line.get(j).and_then(|d| d.to_digit(16)) {
                Some(d) => v = v * 16 + d,
                None => break,
            }
            j += 1;
        }
        if j == i + 2 {
            return Err("expected hex digits after `\\x`".into());
        }
        return Ok((Unit::Byte(v as u8), j));
    }
    Err(format!("unknown escape `\\{}`", e.escape_debug()))
}

/// Skips to just past the next unescaped `quote`, or to the end of the line.
fn skip_past(line: &[char], mut i: usize, quote: char) -> usize {
    while let Some(&c) = line.get(i) {
        if c == '\\' {
            i += 2;
        } else if c == quote {
            return i + 1;
        } else {
            i += 1;
        }
    }
    line.len()
}

fn char_literal(line: &[char], start: usize) -> (Tok, usize) {
    let i = start + 1;
    match line.get(i) {
        None => return (Tok::Bad("unterminated character literal".into()), line.len()),
        Some('\'') => return (Tok::Bad("empty character literal".into()), i + 1),
        _ => {}
    }
    match literal_unit(line, i) {
        Err(m) => (Tok::Bad(m), skip_past(line, i, '\'')),
        Ok((u, next)) => {
            if line.get(next) == Some(&'\'') {
                let v = match u {
                    Unit::Char(c) => c as u32,
                    Unit::Byte(b) => u32::from(b),
                };
                (Tok::Char(v), next + 1)
            } else if next >= line.len() {
                (Tok::Bad("unterminated character literal".into()), line.len())
            } else {
                let end = skip_past(line, next, '\'');
                let msg = if end >= line.len() && line.last() != Some(&'\'') {
                    "unterminated character literal"
                } else {
                    "a character literal holds one character (use a string in `db`)"
                };
                (Tok::Bad(msg.into()), end)
            }
        }
    }
}

fn string_literal(line: &[char], start: usize) -> (Tok, usize) {
    let mut bytes = Vec::new();
    let mut i = start + 1;
    loop {
        match line.get(i) {
            None => return (Tok::Bad("unterminated string".into()), line.len()),
            Some('"') => return (Tok::Str(bytes), i + 1),
            _ => {}
        }
        match literal_unit(line, i) {
            Ok((Unit::Char(c), next)) => {
                let mut buf = [0u8; 4];
                bytes.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                i = next;
            }
            Ok((Unit::Byte(b), next)) => {
                bytes.push(b);
                i = next;
            }
            Err(m) => {
                let msg = if m == "unterminated literal" { "unterminated string".to_string() } else { m };
                return (Tok::Bad(msg), skip_past(line, i, '"'));
            }
        }
    }
}

/// The statement's source with whitespace runs (outside literals) collapsed to one space.
pub(crate) fn normalize_text(chars: &str) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut space = false;
    for c in chars.chars() {
        if let Some(q) = quote {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if c == '"' || c == '\'' {
            quote = Some(c);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII lexer, where it takes a line, gives exactly the general lexer's tokens.
    #[test]
    fn ascii_lexer_agrees_with_the_general_one() {
        const PIECES: &[&str] = &[
            "mov",
            "RAX",
            "r8d",
            ".L1$x",
            "_a",
            " ",
            "\t",
            ",",
            "[",
            "]",
            "+",
            "-",
            "*",
            ":",
            ";",
            "(",
            ")",
            "~",
            "@",
            "<<",
            ">>",
            "&",
            "|",
            "^",
            "%",
            "/",
            "//c",
            "# c",
            "0",
            "7",
            "42",
            "0x2A",
            "0X1f",
            "0xffffffffffffffff",
            "0x10000000000000000",
            "18446744073709551615",
            "18446744073709551616",
            "017",
            "2ah",
            "1_000",
            "1.5",
            "2.5e-3",
            "1e+9",
            "0x1e-5",
            "1to16",
            "0b101",
            "{k1}",
            "}",
            "'a'",
            "\"s\"",
            "?",
            "!",
            "\r",
            "\u{b}",
            "# é",
            "é",
        ];
        let mut rng = fastrand::Rng::with_seed(0x5EED_0F7E_57AB);
        let (mut out, mut pool) = (Vec::new(), Vec::new());
        let mut taken = 0;
        for _ in 0..50_000 {
            let mut line = String::new();
            for _ in 0..rng.usize(..10) {
                line.push_str(PIECES[rng.usize(..PIECES.len())]);
                if rng.bool() {
                    line.push(' ');
                }
            }
            let with_more = format!("{line}\nnop");
            if let Some((len, n)) = lex_ascii_line(7, &with_more, &mut out, &mut pool) {
                taken += 1;
                assert_eq!(len, line.len(), "{line:?}");
                let chars: Vec<char> = line.chars().collect();
                assert_eq!(out[..n], lex_line(7, &chars), "{line:?}");
            }
        }
        assert!(taken > 10_000, "{taken}");
    }
}

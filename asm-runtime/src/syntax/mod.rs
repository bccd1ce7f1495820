//! THE Intel-syntax grammar, written once for both front ends.
//!
//! The `x86!` macro and the run-time text assembler both hand this module a list of
//! statements, each a slice of [`Token`]s, and get back the same [`Program`]: the macro converts
//! proc-macro tokens (keeping their spans in a side table, so a [`Span`] here is a token range),
//! the text path lexes source lines with [`lex_line`] (a [`Span`] is a line and column). Only the
//! macro produces brace groups that can become holes (`{expr}`): the text path has no Rust
//! expressions, so a hole there is an error. Every syntax error message is written here, once.
//!
//! Grammar, informally (keywords and mnemonics are case-insensitive):
//!
//! ```text
//! statement  := label-def* (body | 'times' const body)?
//! label-def  := name ':' | '@' name ':' | '{' expr '}' ':'            (the last: macro only)
//! body       := data-directive item (',' item)* | align-directive const
//!             | prefix? mnemonic (operand decoration* (',' operand decoration*)*)?
//! operand    := register | 'st' '(' digit ')' | class '{' expr '}'       (register hole)
//!             | const | '{' expr '}'                                     (immediate hole)
//!             | ('short' | 'near')? (label | '@' label | '{' expr '}')   (branch targets)
//!             | size? 'ptr'? (seg ':')? '[' term (('+' | '-') term)* ']'
//!             | '{' rounding '}'                                         (last operand only)
//! decoration := '{' k1..k7 '}' | '{' 'k' '{' expr '}' '}' | '{' 'z' '}' | '{' '1to' N '}'
//! const      := constant expression over integers and characters: + - * ~ ( )
//! ```
//!
//! A brace group written directly after an operand, with no comma before it, is a decoration;
//! a brace group where an operand starts is a Rust expression (a hole), except the rounding
//! operands `{rn-sae}`, `{rd-sae}`, `{ru-sae}`, `{rz-sae}` and `{sae}`, which are reserved (write
//! `{(sae)}` for a Rust variable of that name).

mod data;
mod directives;
mod lexer;
mod memory;
mod operand;
mod parser;
mod text;

use crate::ast::{Program, Span};

pub use directives::{data_width, is_directive, KEYWORDS};
pub(crate) use lexer::normalize_text;
pub use lexer::{lex_line, number};
pub use parser::parse;
pub use text::parse_text;
pub(crate) use text::{parse_lines, parse_lines_with, span_text, Parser};

/// One token of a statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// What it is.
    pub tok: Tok,
    /// Where it is (see [`Span`] for the two representations).
    pub span: Span,
}

/// The kinds of tokens the grammar reads.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A name: mnemonic, register, keyword, label, directive (`.byte`), or a word inside a
    /// decoration (`k1`, `z`, `1to16`, `rn`).
    Ident(String),
    /// An integer literal (always fits 64 bits).
    Int(u64),
    /// A floating-point literal.
    Float(f64),
    /// A character literal's code.
    Char(u32),
    /// A string literal's bytes.
    Str(Vec<u8>),
    /// One punctuation character: `, [ ] + - * : ( ) ~ @`, and anything else the macro sees.
    Punct(char),
    /// `::` (the macro only: a Rust path written where assembly is expected).
    PathSep,
    /// A `{...}` group: its tokens, and for the macro the number of the brace group (which
    /// becomes a hole if the grammar takes it as one). `None` for text, which has no holes.
    Brace(Vec<Token>, Option<u32>),
    /// Text that is not a token; the message says why.
    Bad(String),
}

/// One statement's tokens and where its end is (the `;`, or just past the last token).
#[derive(Clone, Copy, Debug)]
pub struct Statement<'a> {
    /// The tokens, up to (not including) the separator.
    pub toks: &'a [Token],
    /// Where errors about a missing token at the end point.
    pub end: Span,
}

/// What the grammar needs from a front end besides tokens.
pub trait Source {
    /// The source text of `toks` (a contiguous run of one statement), normalized to single
    /// spaces, for listings.
    fn text(&self, toks: &[Token]) -> String;
    /// A token as the user wrote it, quoted for messages (`` `foo` ``).
    fn found(&self, tok: &Token) -> String;
}

/// A syntax error: where and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// The offending token or tokens.
    pub span: Span,
    /// What is wrong, and what would be valid.
    pub message: String,
    /// The statement it is in (labels not included).
    pub stmt: Span,
}

/// A brace group the grammar took as a hole (`{expr}`), numbered in order of appearance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HoleRef {
    /// The front end's number of the brace group ([`Tok::Brace`]).
    pub group: u32,
    /// Where it is.
    pub span: Span,
}

/// The result of parsing: the program, the holes, the span of every statement's parts, and
/// every syntax error (a statement with an error is left out of the program).
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// Statements and label names.
    pub program: Program,
    /// Holes, indexed by hole number.
    pub holes: Vec<HoleRef>,
    /// Syntax errors in source order.
    pub errors: Vec<SyntaxError>,
}

impl Span {
    /// The span from the start of `self` to the end of `other` (same line).
    pub fn to(self, other: Span) -> Span {
        let end = (other.col + other.len).max(self.col + self.len);
        Span { line: self.line, col: self.col, len: end.saturating_sub(self.col) }
    }

    /// The span of a run of tokens; `fallback` when it is empty.
    pub fn of(toks: &[Token], fallback: Span) -> Span {
        match (toks.first(), toks.last()) {
            (Some(a), Some(b)) => a.span.to(b.span),
            _ => fallback,
        }
    }
}

//! The text front end's half of the grammar: source text -> lines -> statements -> tokens.
//!
//! The text is read one line at a time into buffers that are reused for the next line, and
//! every statement goes to the parser as soon as its line is lexed, so a caller can take the
//! finished statements out line by line ([`parse_lines`]) instead of holding the whole program.

use super::lexer::{lex_ascii_line, lex_line_into};
pub(crate) use super::parser::Parser;
use super::{normalize_text, Source, Statement, SyntaxError, Tok, Token};
use crate::ast::{Program, Span};
use crate::error::{AsmError, Location};

/// Parses a whole source text.
///
/// Every syntax error is collected (parsing continues at the next statement); the program is
/// returned only if there is none. Whether instructions exist and accept their operands is
/// checked later, when the program is assembled.
///
/// ```
/// use asm_runtime::syntax::parse_text as parse;
/// let p = parse("top: dec rcx; jnz top").unwrap();
/// assert_eq!(p.stmts.len(), 3);
/// let errors = parse("mov rax, [rbx\nadd rax rbx").unwrap_err();
/// assert_eq!(errors.len(), 2);
/// ```
pub fn parse_text(src: &str) -> Result<Program, Vec<AsmError>> {
    let (program, errors) = parse_lines(src, true, |_, _, _| {});
    if errors.is_empty() {
        Ok(program)
    } else {
        Err(errors)
    }
}

/// Parses `src` line by line. After each line with tokens, `each` gets the parser (the
/// statements of its program may be taken out and handed back to it, its labels must stay), a
/// way to get the source text of a span of that line (for messages), and whether there was no
/// syntax error so far. With `full`, statements carry their text and part spans (see
/// [`Parser::new`]). Returns what is left of the program and every syntax error.
pub(crate) fn parse_lines(
    src: &str,
    full: bool,
    each: impl FnMut(&mut Parser, &dyn Fn(Span) -> String, bool),
) -> (Program, Vec<AsmError>) {
    let mut parser = Parser::new(full);
    let errors = parse_lines_with(&mut parser, src, 1, each);
    (parser.finish().program, errors)
}

/// [`parse_lines`] with a parser that goes on from earlier pieces of the same text (its labels
/// stay), for a piece `src` that starts a line: line `first_line` of the whole text (the number
/// spans and messages carry). Returns the piece's syntax errors.
pub(crate) fn parse_lines_with(
    parser: &mut Parser,
    src: &str,
    first_line: u32,
    mut each: impl FnMut(&mut Parser, &dyn Fn(Span) -> String, bool),
) -> Vec<AsmError> {
    let (mut chars, mut toks, mut pool) = (Vec::new(), Vec::new(), Vec::new());
    let mut errors = Vec::new();
    // Lines as `split('\n')` gives them (a last, empty one after a final newline); the ASCII
    // lexer finds the end of the lines it takes, the general one gets the others.
    let (mut start, mut line_no) = (0, first_line.saturating_sub(1));
    while start <= src.len() {
        line_no = line_no.saturating_add(1);
        let rest = &src[start..];
        let (line, ascii, ntok) = match lex_ascii_line(line_no, rest, &mut toks, &mut pool) {
            Some((len, ntok)) => (&rest[..len], true, ntok),
            None => {
                let line = rest.split('\n').next().unwrap_or_default();
                let ascii = line.is_ascii();
                chars.clear();
                chars.extend(line.chars());
                lex_line_into(line_no, &chars, ascii.then_some(line), &mut toks, &mut pool);
                (line, ascii, toks.len())
            }
        };
        start += line.len() + 1;
        if ntok == 0 {
            continue;
        }
        let source = TextSource { line_no, line, ascii };
        let mut rest: &[Token] = &toks[..ntok];
        while !rest.is_empty() {
            let n = rest.iter().position(|t| matches!(t.tok, Tok::Punct(';'))).unwrap_or(rest.len());
            let (stmt, after) = rest.split_at(n);
            let end = match after.first() {
                Some(semi) => semi.span,
                None => {
                    let last = stmt.last().map_or(Span { line: 0, col: 0, len: 0 }, |t| t.span);
                    Span { line: last.line, col: last.col + last.len, len: 0 }
                }
            };
            parser.statement(&source, Statement { toks: stmt, end });
            rest = after.get(1..).unwrap_or(&[]);
        }
        errors.extend(parser.take_errors().into_iter().map(|e| source.error(e)));
        each(parser, &|s| source.stmt_text(s), errors.is_empty());
    }
    errors
}

/// The statement text of span `s` of `src` (for an error found after its line was parsed).
pub(crate) fn span_text(src: &str, s: Span) -> String {
    let line = src.split('\n').nth(s.line.saturating_sub(1) as usize).unwrap_or_default();
    TextSource { line_no: s.line, line, ascii: line.is_ascii() }.stmt_text(s)
}

/// The line being parsed, for statement texts and messages.
struct TextSource<'a> {
    line_no: u32,
    line: &'a str,
    /// Whether the line is ASCII (a column is then a byte offset).
    ascii: bool,
}

impl TextSource<'_> {
    /// The text from the start of `a` to the end of `b` (columns count characters).
    fn slice(&self, a: Span, b: Span) -> &str {
        let line = if a.line == self.line_no { self.line } else { "" };
        let chars = if self.ascii { line.len() } else { line.chars().count() };
        let start = (a.col.saturating_sub(1) as usize).min(chars);
        let end = ((b.col + b.len).saturating_sub(1) as usize).clamp(start, chars);
        if self.ascii {
            return &line[start..end];
        }
        let byte = |c: usize| line.char_indices().nth(c).map_or(line.len(), |(i, _)| i);
        &line[byte(start)..byte(end)]
    }

    /// The text of a statement's span, for error locations.
    fn stmt_text(&self, s: Span) -> String {
        normalize_text(self.slice(s, s))
    }

    /// A syntax error of this line with its place.
    fn error(&self, e: SyntaxError) -> AsmError {
        AsmError::Syntax {
            at: Location { line: e.span.line, col: e.span.col, text: self.stmt_text(e.stmt) },
            message: e.message,
        }
    }
}

impl Source for TextSource<'_> {
    fn text(&self, toks: &[Token]) -> String {
        match (toks.first(), toks.last()) {
            (Some(a), Some(b)) => normalize_text(self.slice(a.span, b.span)),
            _ => String::new(),
        }
    }

    fn found(&self, tok: &Token) -> String {
        let s = self.slice(tok.span, tok.span);
        let mut short: String = s.chars().take(24).collect();
        if short.len() < s.len() {
            short.push_str("...");
        }
        format!("`{short}`")
    }
}

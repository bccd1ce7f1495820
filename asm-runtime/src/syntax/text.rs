//! The text front end's half of the grammar: source text -> lines -> statements -> tokens.

use super::{lex_line, normalize_text, parse, Source, Statement, Tok, Token};
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
    let lines: Vec<Vec<char>> = src.split('\n').map(|l| l.chars().collect()).collect();
    let toks: Vec<Vec<Token>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| lex_line(u32::try_from(i + 1).unwrap_or(u32::MAX), l))
        .collect();
    let mut stmts = Vec::new();
    for line_toks in &toks {
        let mut rest: &[Token] = line_toks;
        while !rest.is_empty() {
            let n = rest.iter().position(|t| t.tok == Tok::Punct(';')).unwrap_or(rest.len());
            let (stmt, after) = rest.split_at(n);
            let end = match after.first() {
                Some(semi) => semi.span,
                None => {
                    let last = stmt.last().map_or(Span { line: 0, col: 0, len: 0 }, |t| t.span);
                    Span { line: last.line, col: last.col + last.len, len: 0 }
                }
            };
            stmts.push(Statement { toks: stmt, end });
            rest = after.get(1..).unwrap_or(&[]);
        }
    }
    let source = TextSource { lines: &lines };
    let parsed = parse(&source, stmts);
    if parsed.errors.is_empty() {
        Ok(parsed.program)
    } else {
        Err(parsed
            .errors
            .into_iter()
            .map(|e| AsmError::Syntax {
                at: Location { line: e.span.line, col: e.span.col, text: source.stmt_text(e.stmt) },
                message: e.message,
            })
            .collect())
    }
}

/// Source lines, for statement texts and messages.
struct TextSource<'a> {
    lines: &'a [Vec<char>],
}

impl TextSource<'_> {
    fn slice(&self, a: Span, b: Span) -> &[char] {
        let line = self.lines.get(a.line.saturating_sub(1) as usize).map_or(&[][..], |l| l.as_slice());
        let start = (a.col.saturating_sub(1) as usize).min(line.len());
        let end = ((b.col + b.len).saturating_sub(1) as usize).clamp(start, line.len());
        &line[start..end]
    }

    /// The text of a statement's span, for error locations.
    fn stmt_text(&self, s: Span) -> String {
        normalize_text(self.slice(s, s))
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
        let s: String = self.slice(tok.span, tok.span).iter().collect();
        let mut short: String = s.chars().take(24).collect();
        if short.len() < s.len() {
            short.push_str("...");
        }
        format!("`{short}`")
    }
}

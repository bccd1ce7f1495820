//! The run-time text front end: Intel-syntax source text -> [`ast::Program`](crate::ast::Program).
//!
//! The syntax follows llvm-mc and NASM in Intel mode; mnemonics, registers and keywords are
//! case-insensitive, label names are not.
//!
//! * Statements are separated by newlines or `;`. `#` and `//` start a comment that runs to
//!   the end of the line.
//! * `name:` defines a label local to the program, `@name:` a label shared by every program on
//!   the same [`Assembler`]; a statement may follow on the same line (`top: dec rcx`).
//! * An instruction is an optional `lock`/`rep`/`repe`/`repz`/`repne`/`repnz` prefix, a
//!   mnemonic and comma-separated operands: registers, integers (`42`, `-1`, `0x2a`, `0b101`,
//!   `0o52`, `2ah`, `'a'`, and constant expressions with `+ - * ~ ( )`), memory references
//!   (`qword ptr fs:[rbx + rcx*8 - 16]`, `[rip + label]`, `[rel label]`) and, where the
//!   instruction takes a branch target, labels (`jmp short done`, `call @helper`).
//! * Directives: `db`/`dw`/`dd`/`dq` (and `.byte`, `.word`, `.short`, `.long`, `.int`,
//!   `.quad`) with integers, floats (`dd`/`dq`), strings (`db`), label addresses (`dq l`) and
//!   label differences (`dd a - b`); `.ascii`/`.asciz` strings; `align N` (also `.align` and
//!   `.balign`), `.p2align K`; `times N statement`.
//!
//! ```
//! use asm_runtime::text::assemble_str;
//! assert_eq!(assemble_str("add rax, rbx").unwrap(), [0x48, 0x01, 0xd8]);
//! ```
//!
//! This module does no I/O: it also runs inside the `x86!` procedural macro.

use std::collections::HashMap;

use crate::asm::Assembler;
use crate::ast::{DataItem, Directive, Instr, LabelName, Program, Span, Stmt, StmtKind};
use crate::error::{AsmError, Location};
use crate::isa::{canonical_mnemonic, forms_of, takes_branch_target};
use crate::operand::{BranchHint, Label, Mem, Operand, Prefix, Reg, RegClass, Seg, Size};

pub use crate::ast::MAX_TIMES;
use crate::ast::{MAX_ALIGN, TIMES_BUDGET};

/// How deeply parentheses and unary operators may nest in a constant expression.
const MAX_DEPTH: u32 = 64;

/// Parses a whole source text.
///
/// Every syntax error is collected (parsing continues at the next statement); the program is
/// returned only if there is none. Whether instructions exist and accept their operands is
/// checked later, when the program is assembled.
///
/// ```
/// use asm_runtime::text::parse;
/// let p = parse("top: dec rcx; jnz top").unwrap();
/// assert_eq!(p.stmts.len(), 3);
/// let errors = parse("mov rax, [rbx\nadd rax rbx").unwrap_err();
/// assert_eq!(errors.len(), 2);
/// ```
pub fn parse(src: &str) -> Result<Program, Vec<AsmError>> {
    let mut p = Parser { syms: Syms::default(), stmts: Vec::new(), errors: Vec::new(), budget: TIMES_BUDGET };
    for (i, line) in src.split('\n').enumerate() {
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let chars: Vec<char> = line.chars().collect();
        let toks = lex(&chars);
        for stmt in toks.split(|t| t.tok == Tok::Punct(';')) {
            p.statement(line_no, &chars, stmt);
        }
    }
    if p.errors.is_empty() {
        Ok(Program { stmts: p.stmts, labels: p.syms.names })
    } else {
        Err(p.errors)
    }
}

/// Parses `src`, assembles it at address 0 and returns the bytes.
///
/// The first error wins: a syntax error, then an instruction or directive error, then a
/// layout error (an undefined label, a branch out of range).
#[allow(clippy::result_large_err)] // the crate-wide error type, as everywhere in the API
pub fn assemble_str(src: &str) -> Result<Vec<u8>, AsmError> {
    let program = parse(src).map_err(|errors| {
        errors
            .into_iter()
            .next()
            .unwrap_or_else(|| AsmError::Syntax { at: Location::default(), message: "syntax error".into() })
    })?;
    let mut a = Assembler::new();
    a.assemble_program(&program)?;
    Ok(a.assemble_at(0)?.bytes)
}

// ----- lexer --------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    /// A name: mnemonic, register, keyword or label.
    Ident(String),
    /// `@name`.
    Global(String),
    /// An integer literal (always fits 64 bits).
    Int(u64),
    /// A decimal float literal.
    Float(f64),
    /// A character literal's code.
    Char(u32),
    /// A string literal's bytes.
    Str(Vec<u8>),
    /// One of `, [ ] + - * : ( ) ; ~`.
    Punct(char),
    /// Text that is not a token; the message says why.
    Bad(String),
}

/// A token and where it is on its line (character indices, end exclusive).
#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
}

impl Token {
    fn col(&self) -> u32 {
        to_u32(self.start + 1)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '_' | '.' | '$')
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '$')
}

/// Splits one line into tokens, up to a comment.
fn lex(line: &[char]) -> Vec<Token> {
    let mut out = Vec::new();
    let n = line.len();
    let mut i = 0;
    while i < n {
        let c = line[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '#' || (c == '/' && line.get(i + 1) == Some(&'/')) {
            break;
        }
        let start = i;
        let tok = if is_ident_start(c) {
            while i < n && is_ident_char(line[i]) {
                i += 1;
            }
            Tok::Ident(line[start..i].iter().collect())
        } else if c == '@' {
            i += 1;
            if i < n && is_ident_start(line[i]) {
                let s = i;
                while i < n && is_ident_char(line[i]) {
                    i += 1;
                }
                Tok::Global(line[s..i].iter().collect())
            } else {
                Tok::Bad("expected a label name after `@`".into())
            }
        } else if c.is_ascii_digit() {
            i = number_end(line, i);
            number(&line[start..i])
        } else if c == '\'' {
            let (t, e) = char_literal(line, i);
            i = e;
            t
        } else if c == '"' {
            let (t, e) = string_literal(line, i);
            i = e;
            t
        } else if ",[]+-*:();~".contains(c) {
            i += 1;
            Tok::Punct(c)
        } else {
            i += 1;
            Tok::Bad(format!("unexpected character `{}`", c.escape_debug()))
        };
        out.push(Token { tok, start, end: i });
    }
    out
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

fn number(text: &[char]) -> Tok {
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
        (s.as_str(), 10)
    };
    int_radix(body, radix, &shown)
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
fn normalize_text(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut quote: Option<char> = None;
    let mut escaped = false;
    let mut space = false;
    for &c in chars {
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

// ----- parser -------------------------------------------------------------------------------

/// The symbol table being built: label names in order of first mention.
#[derive(Default)]
struct Syms {
    names: Vec<LabelName>,
    index: HashMap<LabelName, Label>,
}

impl Syms {
    fn label(&mut self, name: LabelName) -> Label {
        if let Some(l) = self.index.get(&name) {
            return *l;
        }
        let l = Label::from_index(to_u32(self.names.len()));
        self.names.push(name.clone());
        self.index.insert(name, l);
        l
    }
}

struct Parser {
    syms: Syms,
    stmts: Vec<Stmt>,
    errors: Vec<AsmError>,
    /// What `times` may still produce.
    budget: u64,
}

fn span_of(line: u32, toks: &[Token]) -> Span {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => Span { line, col: a.col(), len: to_u32(b.end.saturating_sub(a.start)) },
        _ => Span { line, col: 0, len: 0 },
    }
}

fn text_of(src: &[char], toks: &[Token]) -> String {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => normalize_text(src.get(a.start..b.end).unwrap_or(&[])),
        _ => String::new(),
    }
}

impl Parser {
    fn statement(&mut self, line: u32, src: &[char], toks: &[Token]) {
        if toks.is_empty() {
            return;
        }
        let bad = toks.iter().find_map(|t| match &t.tok {
            Tok::Bad(message) => Some((t.col(), message.clone())),
            _ => None,
        });
        if let Some((col, message)) = bad {
            self.errors
                .push(AsmError::Syntax { at: Location { line, col, text: text_of(src, toks) }, message });
            return;
        }
        // Label definitions.
        let mut k = 0;
        while k + 1 < toks.len() && toks[k + 1].tok == Tok::Punct(':') {
            let name = match &toks[k].tok {
                Tok::Ident(n) => {
                    if Reg::from_name(n).is_some() {
                        self.errors.push(AsmError::Syntax {
                            at: Location { line, col: toks[k].col(), text: text_of(src, &toks[k..k + 2]) },
                            message: format!("`{n}` is a register and cannot be a label name"),
                        });
                        return;
                    }
                    LabelName::Local(n.clone())
                }
                Tok::Global(n) => LabelName::Global(n.clone()),
                _ => break,
            };
            let label = self.syms.label(name);
            let def = &toks[k..k + 2];
            self.stmts.push(Stmt {
                kind: StmtKind::Label(label),
                span: span_of(line, def),
                text: text_of(src, def),
            });
            k += 2;
        }
        let rest = &toks[k..];
        if rest.is_empty() {
            return;
        }
        let text = text_of(src, rest);
        let span = span_of(line, rest);
        let mut cur = Cursor { toks: rest, pos: 0, line, src, syms: &mut self.syms };
        match cur.statement(&mut self.budget) {
            Ok(list) => {
                for (kind, sp, tx) in list {
                    self.stmts.push(Stmt {
                        kind,
                        span: sp.unwrap_or(span),
                        text: tx.unwrap_or_else(|| text.clone()),
                    });
                }
            }
            Err(e) => self
                .errors
                .push(AsmError::Syntax { at: Location { line, col: e.col, text }, message: e.message }),
        }
    }
}

/// One parsed statement: its kind, and a span and text when they differ from the source
/// statement's (the body of `times`).
type Parsed = (StmtKind, Option<Span>, Option<String>);

/// A memory operand term: `reg`, `reg*scale`, a label, or a constant.
enum MemTerm {
    Reg(Reg, u32, Option<u8>),
    Label(Label, u32),
    Const(i128),
}

/// The tokens of one statement (labels already taken off) and a position in them.
struct Cursor<'a> {
    toks: &'a [Token],
    pos: usize,
    line: u32,
    src: &'a [char],
    syms: &'a mut Syms,
}

/// A syntax error inside a statement: the column and what is wrong.
struct SynErr {
    col: u32,
    message: String,
}

type PResult<T> = Result<T, SynErr>;

impl Cursor<'_> {
    // --- helpers ---

    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    fn peek_tok(&self, k: usize) -> Option<&Tok> {
        self.toks.get(self.pos + k).map(|t| &t.tok)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    fn is_punct(&self, c: char) -> bool {
        self.peek_tok(0) == Some(&Tok::Punct(c))
    }

    fn eat_punct(&mut self, c: char) -> bool {
        if self.is_punct(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn is_keyword(&self, k: usize, kw: &str) -> bool {
        matches!(self.peek_tok(k), Some(Tok::Ident(n)) if n.eq_ignore_ascii_case(kw))
    }

    /// The column of the current token, or just past the statement at its end.
    fn col(&self) -> u32 {
        match self.peek() {
            Some(t) => t.col(),
            None => self.toks.last().map_or(1, |t| to_u32(t.end + 1)),
        }
    }

    /// The current token as the user wrote it, for messages.
    fn found(&self) -> String {
        match self.peek() {
            None => "end of statement".to_string(),
            Some(t) => {
                let s: String = self.src.get(t.start..t.end).unwrap_or(&[]).iter().collect();
                let mut short: String = s.chars().take(24).collect();
                if short.len() < s.len() {
                    short.push_str("...");
                }
                format!("`{short}`")
            }
        }
    }

    fn err_at(&self, col: u32, message: impl Into<String>) -> SynErr {
        SynErr { col, message: message.into() }
    }

    fn err_here(&self, message: impl Into<String>) -> SynErr {
        self.err_at(self.col(), message)
    }

    fn expected(&self, what: &str) -> SynErr {
        self.err_here(format!("expected {what}, found {}", self.found()))
    }

    fn expect_end(&self) -> PResult<()> {
        if self.at_end() {
            Ok(())
        } else {
            Err(self.expected("end of statement"))
        }
    }

    fn label(&mut self, name: LabelName) -> Label {
        self.syms.label(name)
    }

    // --- statements ---

    fn statement(&mut self, budget: &mut u64) -> PResult<Vec<Parsed>> {
        if !self.is_keyword(0, "times") {
            let kind = self.body()?;
            return Ok(vec![(kind, None, None)]);
        }
        let times_col = self.col();
        self.pos += 1;
        if self.at_end() {
            return Err(self.err_here("expected a repeat count after `times`"));
        }
        let (n, col) = self.const_expr()?;
        if !(0..=i128::from(MAX_TIMES)).contains(&n) {
            return Err(
                self.err_at(col, format!("repeat count must be between 0 and {MAX_TIMES}, found {n}"))
            );
        }
        let n = n as u64;
        if self.at_end() {
            return Err(self.err_here(format!("expected a statement after `times {n}`")));
        }
        if self.is_keyword(0, "times") {
            return Err(self.err_here("nested `times` is not supported"));
        }
        if matches!(self.peek_tok(0), Some(Tok::Ident(_) | Tok::Global(_)))
            && self.peek_tok(1) == Some(&Tok::Punct(':'))
        {
            return Err(self.err_here("a label cannot be repeated with `times`"));
        }
        let inner = &self.toks[self.pos..];
        let (ispan, itext) = (span_of(self.line, inner), text_of(self.src, inner));
        let kind = self.body()?;
        let weight = kind.repeat_weight();
        let cost = n.saturating_mul(weight);
        if cost > *budget {
            return Err(self.err_at(
                times_col,
                format!(
                    "`times` repeats too much: at most {TIMES_BUDGET} statements or data items per program"
                ),
            ));
        }
        *budget -= cost;
        Ok(match kind {
            StmtKind::Directive(Directive::Data { width, items }) => {
                if n == 0 {
                    Vec::new()
                } else {
                    let all: Vec<DataItem> = (0..n).flat_map(|_| items.iter().cloned()).collect();
                    vec![(StmtKind::Directive(Directive::Data { width, items: all }), None, None)]
                }
            }
            k => (0..n).map(|_| (k.clone(), Some(ispan), Some(itext.clone()))).collect(),
        })
    }

    /// A statement without labels or `times`.
    fn body(&mut self) -> PResult<StmtKind> {
        let name = match self.peek_tok(0) {
            Some(Tok::Ident(n)) => n.clone(),
            _ => return Err(self.expected("an instruction, directive or label")),
        };
        let lower = name.to_ascii_lowercase();
        let width: Option<u8> = match lower.as_str() {
            "db" | ".byte" => Some(1),
            "dw" | ".word" | ".short" => Some(2),
            "dd" | ".long" | ".int" => Some(4),
            "dq" | ".quad" => Some(8),
            _ => None,
        };
        if let Some(w) = width {
            self.pos += 1;
            return self.data(w, &name);
        }
        match lower.as_str() {
            ".ascii" | ".asciz" | ".string" => {
                self.pos += 1;
                self.strings(lower != ".ascii", &name)
            }
            "align" | ".align" | ".balign" => {
                self.pos += 1;
                self.align(&name, false)
            }
            ".p2align" => {
                self.pos += 1;
                self.align(&name, true)
            }
            _ if lower.starts_with('.') => Err(self.err_here(format!("unknown directive `{name}`"))),
            _ => self.instruction(),
        }
    }

    fn data(&mut self, width: u8, name: &str) -> PResult<StmtKind> {
        if self.at_end() {
            return Err(self.err_here(format!("expected a value after `{name}`")));
        }
        let mut items = Vec::new();
        loop {
            items.push(self.data_item(width, name)?);
            if self.at_end() {
                break;
            }
            if !self.eat_punct(',') {
                return Err(self.expected("`,` or end of statement"));
            }
        }
        Ok(StmtKind::Directive(Directive::Data { width, items }))
    }

    /// A label reference at the cursor (an identifier that is not a register, or `@name`).
    fn label_ref(&self, k: usize) -> Option<LabelName> {
        match self.peek_tok(k) {
            Some(Tok::Ident(n)) if Reg::from_name(n).is_none() => Some(LabelName::Local(n.clone())),
            Some(Tok::Global(n)) => Some(LabelName::Global(n.clone())),
            _ => None,
        }
    }

    fn data_item(&mut self, width: u8, name: &str) -> PResult<DataItem> {
        let col = self.col();
        if let Some(Tok::Str(b)) = self.peek_tok(0) {
            if width != 1 {
                return Err(self.err_here(format!("strings are only allowed in `db`, not `{name}`")));
            }
            let b = b.clone();
            self.pos += 1;
            return Ok(DataItem::Bytes(b));
        }
        if let Some(a) = self.label_ref(0) {
            if self.peek_tok(1) == Some(&Tok::Punct('-')) {
                if let Some(b) = self.label_ref(2) {
                    self.pos += 3;
                    let (a, b) = (self.label(a), self.label(b));
                    return Ok(DataItem::LabelDiff(a, b));
                }
            }
            if width != 8 {
                return Err(self.err_at(
                    col,
                    format!("a label address needs `dq`, not `{name}` (a difference `a - b` fits any width)"),
                ));
            }
            self.pos += 1;
            return Ok(DataItem::Label(self.label(a)));
        }
        let (neg, k) = match self.peek_tok(0) {
            Some(Tok::Punct('-')) => (true, 1),
            Some(Tok::Punct('+')) => (false, 1),
            _ => (false, 0),
        };
        if let Some(Tok::Float(f)) = self.peek_tok(k) {
            if width < 4 {
                return Err(self.err_at(col, format!("float literals need `dd` or `dq`, not `{name}`")));
            }
            let f = if neg { -*f } else { *f };
            self.pos += k + 1;
            return Ok(DataItem::Float(f));
        }
        let (v, col) = self.const_expr()?;
        Ok(DataItem::Int(self.check64(v, col)?))
    }

    fn strings(&mut self, zero: bool, name: &str) -> PResult<StmtKind> {
        let mut items = Vec::new();
        loop {
            let Some(Tok::Str(b)) = self.peek_tok(0) else {
                return Err(self.expected(&format!("a string after `{name}`")));
            };
            let mut b = b.clone();
            if zero {
                b.push(0);
            }
            items.push(DataItem::Bytes(b));
            self.pos += 1;
            if self.at_end() {
                break;
            }
            if !self.eat_punct(',') {
                return Err(self.expected("`,` or end of statement"));
            }
        }
        Ok(StmtKind::Directive(Directive::Data { width: 1, items }))
    }

    fn align(&mut self, name: &str, pow2: bool) -> PResult<StmtKind> {
        if self.at_end() {
            return Err(self.err_here(format!("expected an alignment after `{name}`")));
        }
        let (v, col) = self.const_expr()?;
        self.expect_end()?;
        let n = if pow2 {
            let max = MAX_ALIGN.trailing_zeros();
            if !(0..=i128::from(max)).contains(&v) {
                return Err(
                    self.err_at(col, format!("`{name}` exponent must be between 0 and {max}, found {v}"))
                );
            }
            1u64 << v
        } else {
            if v <= 0 {
                return Err(self.err_at(col, format!("alignment must be a positive integer, found {v}")));
            }
            if v > i128::from(MAX_ALIGN) {
                return Err(self.err_at(col, format!("alignment {v} is too large (at most {MAX_ALIGN})")));
            }
            v as u64
        };
        Ok(StmtKind::Directive(Directive::Align(n)))
    }

    fn instruction(&mut self) -> PResult<StmtKind> {
        let mut prefix = None;
        if let Some(Tok::Ident(n)) = self.peek_tok(0) {
            if let Some(p) = Prefix::from_name(n) {
                let n = n.clone();
                self.pos += 1;
                if !matches!(self.peek_tok(0), Some(Tok::Ident(_))) {
                    return Err(self.expected(&format!("an instruction after `{n}`")));
                }
                prefix = Some(p);
            }
        }
        let Some(Token { tok: Tok::Ident(mnemonic), .. }) = self.peek() else {
            return Err(self.expected("an instruction"));
        };
        let mnemonic = mnemonic.clone();
        let span = span_of(self.line, &self.toks[self.pos..self.pos + 1]);
        self.pos += 1;
        let forms = forms_of(&canonical_mnemonic(&mnemonic));
        let mut operands = Vec::new();
        let mut operand_spans = Vec::new();
        if !self.at_end() {
            loop {
                let i = operands.len();
                let branch = takes_branch_target(forms, i);
                let start = self.pos;
                if self.at_end() || self.is_punct(',') {
                    return Err(self.expected("an operand"));
                }
                let op = self.operand(branch)?;
                operands.push(op);
                operand_spans.push(span_of(self.line, &self.toks[start..self.pos]));
                if self.at_end() {
                    break;
                }
                if !self.eat_punct(',') {
                    return Err(self.expected("`,` or end of statement"));
                }
            }
        }
        Ok(StmtKind::Instr(Instr {
            prefix,
            mnemonic,
            operands,
            span,
            operand_spans,
            holes: vec![],
            deco: Default::default(),
            deco_spans: Default::default(),
            mask_hole: None,
        }))
    }

    // --- operands ---

    fn operand(&mut self, branch: bool) -> PResult<Operand> {
        let col = self.col();
        match self.peek_tok(0).cloned() {
            Some(Tok::Ident(name)) => {
                let lower = name.to_ascii_lowercase();
                let next_is_more = !matches!(self.peek_tok(1), None | Some(Tok::Punct(',')));
                if let Some(size) = Size::from_keyword(&name) {
                    if !branch || next_is_more {
                        self.pos += 1;
                        if self.is_keyword(0, "ptr") {
                            self.pos += 1;
                        }
                        return self.memory(Some(size), &lower);
                    }
                }
                if branch && next_is_more && (lower == "short" || lower == "near") {
                    self.pos += 1;
                    let hint = if lower == "short" { BranchHint::Short } else { BranchHint::Near };
                    let Some(target) = self.label_ref(0) else {
                        return Err(self.expected(&format!("a label after `{lower}`")));
                    };
                    self.pos += 1;
                    return Ok(Operand::Label(self.label(target), hint));
                }
                if Seg::from_name(&name).is_some() && self.peek_tok(1) == Some(&Tok::Punct(':')) {
                    return self.memory(None, "");
                }
                if let Some(r) = Reg::from_name(&name) {
                    if r.class == RegClass::Rip {
                        return Err(
                            self.err_at(col, "`rip` can only be a memory base, as in `[rip + label]`")
                        );
                    }
                    self.pos += 1;
                    return Ok(Operand::Reg(r));
                }
                if branch {
                    self.pos += 1;
                    return Ok(Operand::Label(self.label(LabelName::Local(name)), BranchHint::Auto));
                }
                if Seg::from_name(&name).is_some() {
                    return Err(self.err_at(
                        col,
                        format!("segment register `{name}` is only supported as a memory override (`{name}:[...]`)"),
                    ));
                }
            }
            Some(Tok::Global(name)) if branch => {
                self.pos += 1;
                return Ok(Operand::Label(self.label(LabelName::Global(name)), BranchHint::Auto));
            }
            Some(Tok::Punct('[')) => return self.memory(None, ""),
            _ => {}
        }
        let (v, col) = self.const_expr()?;
        Ok(Operand::Imm(self.check64(v, col)?))
    }

    /// A memory operand after its size keyword (`size` names it for messages).
    fn memory(&mut self, size: Option<Size>, size_kw: &str) -> PResult<Operand> {
        let mut m = Mem { size, scale: 1, ..Mem::default() };
        if let Some(Tok::Ident(n)) = self.peek_tok(0) {
            if let Some(s) = Seg::from_name(n) {
                if self.peek_tok(1) == Some(&Tok::Punct(':')) {
                    m.seg = Some(s);
                    self.pos += 2;
                }
            }
        }
        let open_col = self.col();
        if !self.eat_punct('[') {
            return Err(if size_kw.is_empty() {
                self.expected("`[`")
            } else {
                self.expected(&format!("`[` after `{size_kw} ptr`"))
            });
        }
        if m.seg.is_none() {
            if let Some(Tok::Ident(n)) = self.peek_tok(0) {
                if let Some(s) = Seg::from_name(n) {
                    if self.peek_tok(1) == Some(&Tok::Punct(':')) {
                        m.seg = Some(s);
                        self.pos += 2;
                    }
                }
            }
        }
        let mut rel = None;
        if self.is_keyword(0, "rel") && matches!(self.peek_tok(1), Some(Tok::Ident(_) | Tok::Global(_))) {
            rel = Some(self.col());
            self.pos += 1;
        }
        let mut regs: Vec<(Reg, u32, Option<u8>)> = Vec::new();
        let mut label: Option<(Label, u32)> = None;
        let mut disp: i128 = 0;
        let mut first = true;
        loop {
            let mut neg = false;
            if first {
                if self.eat_punct('-') {
                    neg = true;
                } else {
                    self.eat_punct('+');
                }
            } else if self.eat_punct(']') {
                break;
            } else if self.eat_punct('-') {
                neg = true;
            } else if !self.eat_punct('+') {
                return Err(if self.at_end() {
                    self.err_here("expected `]`")
                } else {
                    self.expected("`+`, `-` or `]`")
                });
            }
            first = false;
            let col = self.col();
            match self.mem_term()? {
                MemTerm::Reg(r, c, s) => {
                    if neg {
                        return Err(self.err_at(c, "a register cannot be subtracted"));
                    }
                    regs.push((r, c, s));
                }
                MemTerm::Label(l, c) => {
                    if neg {
                        return Err(self.err_at(c, "a label cannot be subtracted"));
                    }
                    if label.is_some() {
                        return Err(self.err_at(c, "a memory operand can refer to one label only"));
                    }
                    label = Some((l, c));
                }
                MemTerm::Const(v) => {
                    disp = if neg { disp.checked_sub(v) } else { disp.checked_add(v) }
                        .ok_or_else(|| self.err_at(col, "integer too large"))?;
                }
            }
        }
        if let Some((_, c, _)) = regs.get(2) {
            return Err(self.err_at(*c, "a memory operand has at most two registers"));
        }
        if let [(_, _, Some(_)), (_, c, Some(_))] = regs.as_slice() {
            return Err(self.err_at(*c, "only one register can be scaled"));
        }
        for &(r, c, s) in &regs {
            if r.class == RegClass::Rip {
                if s.is_some() {
                    return Err(self.err_at(c, "`rip` cannot be scaled"));
                }
                if regs.len() > 1 {
                    return Err(self.err_at(c, "`rip` cannot be combined with another register"));
                }
            }
            match s {
                // llvm-mc and GNU as swap `[rax + rsp]` into `[rsp + rax]`, but a register
                // written with a scale is the index, which `rsp` cannot be.
                Some(_) if r.num == 4 && matches!(r.class, RegClass::Gpr64 | RegClass::Gpr32) => {
                    return Err(self.err_at(c, format!("`{r}` cannot be an index register")));
                }
                Some(s) => {
                    m.index = Some(r);
                    m.scale = s;
                }
                None if m.base.is_none() => m.base = Some(r),
                None => {
                    m.index = Some(r);
                    m.scale = 1;
                }
            }
        }
        if let Some(c) = rel {
            if !regs.is_empty() {
                return Err(self.err_at(c, "`rel` cannot be combined with registers"));
            }
            m.base = Some(Reg::new(RegClass::Rip, 0));
        }
        if let Some((l, c)) = label {
            if m.base.map(|b| b.class) != Some(RegClass::Rip) {
                let name = self.src_text_at_col(c);
                return Err(self.err_at(
                    c,
                    format!("`{name}` is not a register; a label in a memory operand needs `rip` as base, as in `[rip + {name}]`"),
                ));
            }
            m.label = Some(l);
        }
        m.disp = self.check64(disp, open_col)? as i64;
        if m.index.is_none() {
            m.scale = 1;
        }
        Ok(Operand::Mem(m))
    }

    /// The token text that starts at column `col`.
    fn src_text_at_col(&self, col: u32) -> String {
        self.toks
            .iter()
            .find(|t| t.col() == col)
            .map(|t| self.src.get(t.start..t.end).unwrap_or(&[]).iter().collect())
            .unwrap_or_default()
    }

    /// One term of a memory operand: factors joined by `*`.
    fn mem_term(&mut self) -> PResult<MemTerm> {
        let mut reg: Option<(Reg, u32)> = None;
        let mut label: Option<(Label, u32)> = None;
        let mut k: i128 = 1;
        let mut k_col: Option<u32> = None;
        loop {
            let col = self.col();
            match self.peek_tok(0).cloned() {
                None | Some(Tok::Punct(']')) => return Err(self.expected("a register, label or number")),
                Some(Tok::Ident(n)) => {
                    self.pos += 1;
                    if let Some(r) = Reg::from_name(&n) {
                        if reg.is_some() {
                            return Err(self.err_at(col, "two registers cannot be multiplied"));
                        }
                        reg = Some((r, col));
                    } else if n.eq_ignore_ascii_case("eip") || n.eq_ignore_ascii_case("ip") {
                        return Err(self
                            .err_at(col, format!("`{n}`-relative addressing is not supported; use `rip`")));
                    } else {
                        if label.is_some() {
                            return Err(self.err_at(col, "a memory operand can refer to one label only"));
                        }
                        label = Some((self.label(LabelName::Local(n)), col));
                    }
                }
                Some(Tok::Global(n)) => {
                    self.pos += 1;
                    if label.is_some() {
                        return Err(self.err_at(col, "a memory operand can refer to one label only"));
                    }
                    label = Some((self.label(LabelName::Global(n)), col));
                }
                Some(_) => {
                    let v = self.unary(0)?;
                    k = k.checked_mul(v).ok_or_else(|| self.err_at(col, "integer too large"))?;
                    k_col.get_or_insert(col);
                }
            }
            if !self.eat_punct('*') {
                break;
            }
        }
        if let Some((l, c)) = label {
            if reg.is_some() || k_col.is_some() {
                return Err(self.err_at(c, "a label cannot be multiplied"));
            }
            return Ok(MemTerm::Label(l, c));
        }
        if let Some((r, c)) = reg {
            let scale = match k_col {
                None => None,
                Some(kc) => {
                    if !matches!(k, 1 | 2 | 4 | 8) {
                        return Err(self.err_at(kc, format!("scale must be 1, 2, 4 or 8, found {k}")));
                    }
                    Some(k as u8)
                }
            };
            return Ok(MemTerm::Reg(r, c, scale));
        }
        Ok(MemTerm::Const(k))
    }

    // --- constant expressions ---

    /// A value must fit 64 bits, signed or unsigned.
    fn check64(&self, v: i128, col: u32) -> PResult<i128> {
        if (i128::from(i64::MIN)..=i128::from(u64::MAX)).contains(&v) {
            Ok(v)
        } else {
            Err(self.err_at(col, "integer too large"))
        }
    }

    /// `expr := term (('+' | '-') term)*`; returns the value and the column it starts at.
    fn const_expr(&mut self) -> PResult<(i128, u32)> {
        let col = self.col();
        let v = self.expr(0)?;
        Ok((v, col))
    }

    fn expr(&mut self, depth: u32) -> PResult<i128> {
        let mut v = self.term(depth)?;
        loop {
            let col = self.col();
            let sub = if self.eat_punct('+') {
                false
            } else if self.eat_punct('-') {
                true
            } else {
                return Ok(v);
            };
            let r = self.term(depth)?;
            v = if sub { v.checked_sub(r) } else { v.checked_add(r) }
                .ok_or_else(|| self.err_at(col, "integer too large"))?;
        }
    }

    /// `term := unary ('*' unary)*`
    fn term(&mut self, depth: u32) -> PResult<i128> {
        let mut v = self.unary(depth)?;
        loop {
            let col = self.col();
            if !self.eat_punct('*') {
                return Ok(v);
            }
            let r = self.unary(depth)?;
            v = v.checked_mul(r).ok_or_else(|| self.err_at(col, "integer too large"))?;
        }
    }

    /// `unary := ('-' | '+' | '~') unary | integer | char | '(' expr ')'`
    fn unary(&mut self, depth: u32) -> PResult<i128> {
        if depth > MAX_DEPTH {
            return Err(self.err_here("expression nested too deeply"));
        }
        let col = self.col();
        let Some(tok) = self.peek_tok(0).cloned() else {
            return Err(self.expected("a number"));
        };
        match tok {
            Tok::Punct('-') => {
                self.pos += 1;
                let v = self.unary(depth + 1)?;
                v.checked_neg().ok_or_else(|| self.err_at(col, "integer too large"))
            }
            Tok::Punct('+') => {
                self.pos += 1;
                self.unary(depth + 1)
            }
            Tok::Punct('~') => {
                self.pos += 1;
                Ok(!self.unary(depth + 1)?)
            }
            Tok::Punct('(') => {
                self.pos += 1;
                let v = self.expr(depth + 1)?;
                if !self.eat_punct(')') {
                    return Err(self.expected("`)`"));
                }
                Ok(v)
            }
            Tok::Int(v) => {
                self.pos += 1;
                Ok(i128::from(v))
            }
            Tok::Char(c) => {
                self.pos += 1;
                Ok(i128::from(c))
            }
            Tok::Ident(n) => Err(self.err_here(if Reg::from_name(&n).is_some() {
                format!("expected a number, found register `{n}`")
            } else {
                format!("unknown register or symbol `{n}`")
            })),
            Tok::Global(n) => {
                Err(self
                    .err_here(format!("label `@{n}` can only be a branch target or used as `[rip + @{n}]`")))
            }
            Tok::Float(_) => Err(self.err_here("a floating-point literal is only allowed in `dd` and `dq`")),
            Tok::Str(_) => Err(self.err_here("a string is only allowed in `db`")),
            _ => Err(self.expected("a number")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(name: &str) -> Reg {
        Reg::from_name(name).unwrap()
    }

    fn ok(src: &str) -> Program {
        match parse(src) {
            Ok(p) => p,
            Err(e) => panic!("{src:?}: {:?}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>()),
        }
    }

    /// The operands of the only instruction of `src`.
    fn ops(src: &str) -> Vec<Operand> {
        let p = ok(src);
        match &p.stmts[..] {
            [Stmt { kind: StmtKind::Instr(i), .. }] => i.operands.clone(),
            s => panic!("{src:?}: {s:?}"),
        }
    }

    fn op(src: &str) -> Operand {
        let o = ops(src);
        assert_eq!(o.len(), 1, "{src:?}");
        o[0]
    }

    fn mem(src: &str) -> Mem {
        match op(src) {
            Operand::Mem(m) => m,
            o => panic!("{src:?}: {o:?}"),
        }
    }

    fn instr(s: &Stmt) -> &Instr {
        match &s.kind {
            StmtKind::Instr(i) => i,
            k => panic!("{k:?}"),
        }
    }

    fn data(src: &str) -> (u8, Vec<DataItem>) {
        let p = ok(src);
        match &p.stmts[..] {
            [Stmt { kind: StmtKind::Directive(Directive::Data { width, items }), .. }] => {
                (*width, items.clone())
            }
            s => panic!("{src:?}: {s:?}"),
        }
    }

    /// The first error: (line, col, statement text, message).
    fn err(src: &str) -> (u32, u32, String, String) {
        match parse(src) {
            Ok(p) => panic!("{src:?} parsed: {p:?}"),
            Err(es) => match &es[0] {
                AsmError::Syntax { at, message } => (at.line, at.col, at.text.clone(), message.clone()),
                e => panic!("{e:?}"),
            },
        }
    }

    fn msg(src: &str) -> String {
        err(src).3
    }

    fn l(i: u32) -> Label {
        Label::from_index(i)
    }

    #[test]
    fn instruction_with_registers_and_spans() {
        let p = ok("  add   rax,  RBX   # comment");
        assert_eq!(p.stmts.len(), 1);
        let s = &p.stmts[0];
        assert_eq!(s.text, "add rax, RBX");
        assert_eq!(s.span, Span { line: 1, col: 3, len: 15 });
        let i = instr(s);
        assert_eq!(
            *i,
            Instr {
                prefix: None,
                mnemonic: "add".into(),
                operands: vec![Operand::Reg(r("rax")), Operand::Reg(r("rbx"))],
                span: Span { line: 1, col: 3, len: 3 },
                operand_spans: vec![Span { line: 1, col: 9, len: 3 }, Span { line: 1, col: 15, len: 3 }],
                holes: vec![],
                deco: Default::default(),
                deco_spans: Default::default(),
                mask_hole: None,
            }
        );
        assert!(p.labels.is_empty());
    }

    #[test]
    fn statements_lines_and_comments() {
        let p = ok("nop; ret\n\n  // only a comment\n# another\nint3 // c\r\nud2;;");
        let texts: Vec<&str> = p.stmts.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["nop", "ret", "int3", "ud2"]);
        let lines: Vec<(u32, u32)> = p.stmts.iter().map(|s| (s.span.line, s.span.col)).collect();
        assert_eq!(lines, [(1, 1), (1, 6), (5, 1), (6, 1)]);
        assert!(ok("").stmts.is_empty());
        assert!(ok("   \n\t\n# x\n;").stmts.is_empty());
        // Comment characters inside literals are not comments.
        assert_eq!(
            data("db \"a#b//c;d\", '#'").1,
            vec![DataItem::Bytes(b"a#b//c;d".to_vec()), DataItem::Int(35)]
        );
        assert_eq!(ops("mov al, ';'")[1], Operand::Imm(59));
    }

    #[test]
    fn labels() {
        let p = ok("start:\n l1: dec rcx\n@glob: jnz l1; jmp @glob\n a: b: nop\n.L_x$1:");
        let kinds: Vec<&StmtKind> = p.stmts.iter().map(|s| &s.kind).collect();
        assert_eq!(kinds[0], &StmtKind::Label(l(0)));
        assert_eq!(kinds[1], &StmtKind::Label(l(1)));
        assert_eq!(kinds[3], &StmtKind::Label(l(2)));
        assert_eq!(instr(&p.stmts[4]).operands, vec![Operand::Label(l(1), BranchHint::Auto)]);
        assert_eq!(instr(&p.stmts[5]).operands, vec![Operand::Label(l(2), BranchHint::Auto)]);
        assert_eq!(kinds[6], &StmtKind::Label(l(3)));
        assert_eq!(kinds[7], &StmtKind::Label(l(4)));
        assert_eq!(kinds[9], &StmtKind::Label(l(5)));
        assert_eq!(
            p.labels,
            vec![
                LabelName::Local("start".into()),
                LabelName::Local("l1".into()),
                LabelName::Global("glob".into()),
                LabelName::Local("a".into()),
                LabelName::Local("b".into()),
                LabelName::Local(".L_x$1".into()),
            ]
        );
        assert_eq!(p.stmts[1].text, "l1:");
        assert_eq!(p.stmts[1].span, Span { line: 2, col: 2, len: 3 });
        assert_eq!(p.stmts[2].text, "dec rcx");
        assert_eq!(p.stmts[2].span, Span { line: 2, col: 6, len: 7 });
        assert_eq!(p.stmts[3].text, "@glob:");
        // A label used before its definition gets one index.
        let p = ok("jmp done\ndone: ret");
        assert_eq!(p.labels, vec![LabelName::Local("done".into())]);
        assert_eq!(p.stmts[1].kind, StmtKind::Label(l(0)));
        // Label names are case-sensitive; a label may be named like a mnemonic.
        assert_eq!(ok("Top: top: nop: jmp nop").labels.len(), 3);
    }

    #[test]
    fn label_errors() {
        assert_eq!(
            err("rax: nop"),
            (1, 1, "rax:".into(), "`rax` is a register and cannot be a label name".into())
        );
        assert_eq!(msg("  @: nop"), "expected a label name after `@`");
    }

    #[test]
    fn prefixes() {
        let p =
            ok("lock add qword ptr [rax], 1\nrep movsb\nREPE cmpsb\nrepz cmpsb\nrepne scasb\nrepnz scasb");
        let pre: Vec<Option<Prefix>> = p.stmts.iter().map(|s| instr(s).prefix).collect();
        use Prefix::*;
        assert_eq!(pre, [Some(Lock), Some(Rep), Some(Rep), Some(Rep), Some(Repne), Some(Repne)]);
        assert_eq!(instr(&p.stmts[1]).mnemonic, "movsb");
        assert_eq!(instr(&p.stmts[1]).span, Span { line: 2, col: 5, len: 5 });
        assert_eq!(p.stmts[1].text, "rep movsb");
        assert_eq!(msg("lock"), "expected an instruction after `lock`, found end of statement");
        assert_eq!(msg("rep, movsb"), "expected an instruction after `rep`, found `,`");
    }

    #[test]
    fn integers() {
        let cases: &[(&str, i128)] = &[
            ("42", 42),
            ("-42", -42),
            ("+7", 7),
            ("0x2A", 42),
            ("0X2a", 42),
            ("0b101", 5),
            ("0o17", 15),
            ("0ffh", 255),
            ("2AH", 42),
            ("0b1h", 0xb1),
            ("1_000", 1000),
            ("'a'", 97),
            ("'\\n'", 10),
            ("'\\t'", 9),
            ("'\\0'", 0),
            ("'\\\\'", 92),
            ("'\\''", 39),
            ("'\"'", 34),
            ("'\\x41'", 65),
            ("'é'", 233),
            ("0xffffffffffffffff", u64::MAX as i128),
            ("-0x8000000000000000", i64::MIN as i128),
            ("18446744073709551615", u64::MAX as i128),
            ("2 + 3 * 4", 14),
            ("(2 + 3) * 4", 20),
            ("10 - 2 - 3", 5),
            ("-(1 + 2)", -3),
            ("~0", -1),
            ("--5", 5),
            ("'a' + 1", 98),
            ("0x10*0x10", 256),
        ];
        for (src, v) in cases {
            assert_eq!(op(&format!("push {src}")), Operand::Imm(*v), "{src}");
        }
    }

    #[test]
    fn integer_errors() {
        assert_eq!(msg("mov rax, 0x10000000000000000"), "integer too large");
        assert_eq!(msg("mov rax, 18446744073709551616"), "integer too large");
        assert_eq!(msg("mov rax, 99999999999999999999999999999999999999999999"), "integer too large");
        assert_eq!(
            err("mov rax, -0xffffffffffffffff"),
            (1, 10, "mov rax, -0xffffffffffffffff".into(), "integer too large".into())
        );
        assert_eq!(msg("mov rax, 0xffffffffffffffff + 1"), "integer too large");
        assert_eq!(msg("mov rax, 0xffffffffffffffff * 0xffffffffffffffff"), "integer too large");
        assert_eq!(msg("mov rax, 0x"), "invalid number `0x`");
        assert_eq!(msg("mov rax, 0b102"), "invalid digit `2` in number `0b102`");
        assert_eq!(msg("mov rax, 12abc"), "invalid digit `a` in number `12abc`");
        assert_eq!(msg("mov rax, 1.5"), "a floating-point literal is only allowed in `dd` and `dq`");
        assert_eq!(msg("mov rax, (1 + 2"), "expected `)`, found end of statement");
        assert_eq!(msg("mov rax, 1 +"), "expected a number, found end of statement");
        assert_eq!(msg("mov rax, 2 + rbx"), "expected a number, found register `rbx`");
        assert_eq!(msg("mov al, ''"), "empty character literal");
        assert_eq!(msg("mov al, 'ab'"), "a character literal holds one character (use a string in `db`)");
        assert_eq!(msg("mov al, 'a"), "unterminated character literal");
        assert_eq!(msg("mov al, '"), "unterminated character literal");
        assert_eq!(msg("mov al, '\\q'"), "unknown escape `\\q`");
        assert_eq!(msg("mov rax, \"str\""), "a string is only allowed in `db`");
        let deep = format!("mov rax, {}1{}", "(".repeat(500), ")".repeat(500));
        assert_eq!(msg(&deep), "expression nested too deeply");
        let deep = format!("mov rax, {}1", "-".repeat(500));
        assert_eq!(msg(&deep), "expression nested too deeply");
    }

    #[test]
    fn unknown_symbols_and_stray_tokens() {
        assert_eq!(
            err("mov rax, foo"),
            (1, 10, "mov rax, foo".into(), "unknown register or symbol `foo`".into())
        );
        assert_eq!(
            err("add rax rbx"),
            (1, 9, "add rax rbx".into(), "expected `,` or end of statement, found `rbx`".into())
        );
        assert_eq!(msg("mov rax,"), "expected an operand, found end of statement");
        assert_eq!(msg("mov rax,, rbx"), "expected an operand, found `,`");
        assert_eq!(msg("mov , rbx"), "expected an operand, found `,`");
        assert_eq!(msg("mov rax, rip"), "`rip` can only be a memory base, as in `[rip + label]`");
        assert_eq!(msg("mov rax, @g"), "label `@g` can only be a branch target or used as `[rip + @g]`");
        assert_eq!(msg("mov rax, rbx ?"), "unexpected character `?`");
        assert_eq!(msg("42"), "expected an instruction, directive or label, found `42`");
        assert_eq!(msg(", nop"), "expected an instruction, directive or label, found `,`");
        assert_eq!(msg(".fill 3"), "unknown directive `.fill`");
        // The column points at the token; at the end of a statement, just past it.
        assert_eq!(err("nop\n  mov rax, [rbx"), (2, 16, "mov rax, [rbx".into(), "expected `]`".into()));
    }

    #[test]
    fn memory_operands() {
        let rip = Reg::new(RegClass::Rip, 0);
        assert_eq!(ops("lea rax, [rbx]")[1], Operand::Mem(Mem::base(r("rbx"))));
        // The plain operand is the second one; use `inc` for one-operand memory forms.
        assert_eq!(mem("inc qword ptr [rbx + 8]"), Mem::base_disp(r("rbx"), 8).sized(Size::Qword));
        assert_eq!(mem("inc qword [rbx - 8]"), Mem::base_disp(r("rbx"), -8).sized(Size::Qword));
        assert_eq!(
            mem("inc DWORD PTR [rbx+rcx*4+16]"),
            Mem::sib(r("rbx"), r("rcx"), 4, 16).sized(Size::Dword)
        );
        assert_eq!(mem("inc byte ptr [8*rcx + rbx]"), Mem::sib(r("rbx"), r("rcx"), 8, 0).sized(Size::Byte));
        assert_eq!(
            mem("inc word ptr [rcx*2]"),
            Mem { index: Some(r("rcx")), scale: 2, size: Some(Size::Word), ..Mem::default() }
        );
        assert_eq!(mem("inc word ptr [rax + rsp]"), Mem::sib(r("rax"), r("rsp"), 1, 0).sized(Size::Word));
        assert_eq!(mem("inc word ptr [rax + r12*1]"), Mem::sib(r("rax"), r("r12"), 1, 0).sized(Size::Word));
        assert_eq!(mem("inc word ptr [rax + rcx*1]"), Mem::sib(r("rax"), r("rcx"), 1, 0).sized(Size::Word));
        assert_eq!(
            mem("inc byte ptr [0x1000]"),
            Mem { disp: 0x1000, scale: 1, size: Some(Size::Byte), ..Mem::default() }
        );
        assert_eq!(mem("inc byte ptr [-8 + rbp]"), Mem::base_disp(r("rbp"), -8).sized(Size::Byte));
        assert_eq!(mem("inc byte ptr [rbp + 4*2 - (1+1)]"), Mem::base_disp(r("rbp"), 6).sized(Size::Byte));
        assert_eq!(mem("inc byte ptr [ebx + esi]"), Mem::sib(r("ebx"), r("esi"), 1, 0).sized(Size::Byte));
        assert_eq!(
            mem("inc byte ptr [rax + 0xffffffffffffffff]"),
            Mem::base_disp(r("rax"), -1).sized(Size::Byte)
        );
        assert_eq!(
            ops("movaps xmm0, xmmword ptr [rax]")[1],
            Operand::Mem(Mem::base(r("rax")).sized(Size::Xmmword))
        );
        for (kw, s) in [("ymmword", Size::Ymmword), ("zmmword", Size::Zmmword), ("oword", Size::Xmmword)] {
            assert_eq!(mem(&format!("inc {kw} ptr [rax]")).size, Some(s));
        }
        // Segments, before or inside the brackets.
        let fs = Mem { seg: Some(Seg::Fs), disp: 0x28, scale: 1, ..Mem::default() };
        assert_eq!(ops("mov rax, fs:[0x28]")[1], Operand::Mem(fs));
        assert_eq!(ops("mov rax, qword ptr fs:[0x28]")[1], Operand::Mem(fs.sized(Size::Qword)));
        assert_eq!(ops("mov rax, [fs:0x28]")[1], Operand::Mem(fs));
        assert_eq!(mem("inc qword ptr GS:[rax]").seg, Some(Seg::Gs));
        // rip-relative, with labels.
        let p = ok("lea rax, [rip + data]\nlea rax, [rip + data + 8]\nlea rax, [rel @g]\nmov eax, [rip - 4]\nlea rax, [data + rip]");
        let m = |i: usize| match instr(&p.stmts[i]).operands[1] {
            Operand::Mem(m) => m,
            o => panic!("{o:?}"),
        };
        assert_eq!(m(0), Mem::rip_label(l(0)));
        assert_eq!(m(1), Mem { disp: 8, ..Mem::rip_label(l(0)) });
        assert_eq!(m(2), Mem::rip_label(l(1)));
        assert_eq!(m(3), Mem { base: Some(rip), disp: -4, scale: 1, ..Mem::default() });
        assert_eq!(m(4), Mem::rip_label(l(0)));
        assert_eq!(p.labels, vec![LabelName::Local("data".into()), LabelName::Global("g".into())]);
        // `rel` is a keyword only before a name.
        assert_eq!(ok("lea rax, [rip + rel]").labels, vec![LabelName::Local("rel".into())]);
        // Operand spans cover the whole operand.
        let p = ok("mov qword ptr [rax + 8], 5");
        assert_eq!(
            instr(&p.stmts[0]).operand_spans,
            vec![Span { line: 1, col: 5, len: 19 }, Span { line: 1, col: 26, len: 1 }]
        );
    }

    #[test]
    fn memory_errors() {
        assert_eq!(
            err("mov rax, [rbx + rcx*3]"),
            (1, 21, "mov rax, [rbx + rcx*3]".into(), "scale must be 1, 2, 4 or 8, found 3".into())
        );
        assert_eq!(err("mov rax, [3*rcx]").1, 11);
        assert_eq!(msg("mov rax, [rbx + rcx*0]"), "scale must be 1, 2, 4 or 8, found 0");
        assert_eq!(
            err("mov rax, [rax + rbx + rcx]"),
            (1, 23, "mov rax, [rax + rbx + rcx]".into(), "a memory operand has at most two registers".into())
        );
        assert_eq!(err("mov rax, [rax*2 + rbx*4]").1, 19);
        assert_eq!(msg("mov rax, [rax*2 + rbx*4]"), "only one register can be scaled");
        assert_eq!(msg("mov rax, [rax*rbx]"), "two registers cannot be multiplied");
        assert_eq!(err("lea rax, [rax + rsp*1]").1, 17);
        assert_eq!(msg("lea rax, [rax + rsp*1]"), "`rsp` cannot be an index register");
        assert_eq!(msg("lea eax, [2*esp]"), "`esp` cannot be an index register");
        assert_eq!(msg("mov rax, [rax - rbx]"), "a register cannot be subtracted");
        assert_eq!(
            msg("mov rax, [foo]"),
            "`foo` is not a register; a label in a memory operand needs `rip` as base, as in `[rip + foo]`"
        );
        assert!(msg("mov rax, [rax + foo]").contains("needs `rip`"));
        assert_eq!(msg("mov rax, [rip - foo]"), "a label cannot be subtracted");
        assert_eq!(msg("mov rax, [rip + foo + bar]"), "a memory operand can refer to one label only");
        assert_eq!(msg("mov rax, [rip + foo*2]"), "a label cannot be multiplied");
        assert_eq!(msg("mov eax, [eip + 8]"), "`eip`-relative addressing is not supported; use `rip`");
        assert_eq!(msg("mov rax, [rip*2]"), "`rip` cannot be scaled");
        assert_eq!(msg("mov rax, [rip + rax]"), "`rip` cannot be combined with another register");
        assert_eq!(msg("mov rax, [rel rax]"), "`rel` cannot be combined with registers");
        assert_eq!(msg("mov rax, []"), "expected a register, label or number, found `]`");
        assert_eq!(msg("mov rax, [rax"), "expected `]`");
        assert_eq!(msg("mov rax, [rax +"), "expected a register, label or number, found end of statement");
        assert_eq!(msg("mov rax, [rax rbx]"), "expected `+`, `-` or `]`, found `rbx`");
        assert_eq!(msg("mov rax, rbx]"), "expected `,` or end of statement, found `]`");
        assert_eq!(msg("mov rax, qword ptr rbx"), "expected `[` after `qword ptr`, found `rbx`");
        assert_eq!(msg("mov rax, qword"), "expected `[` after `qword ptr`, found end of statement");
        assert_eq!(msg("mov rax, fs:rbx"), "expected `[`, found `rbx`");
        assert_eq!(msg("mov rax, [rax + 1.5]"), "a floating-point literal is only allowed in `dd` and `dq`");
        assert_eq!(msg("mov rax, [rax + 0x7fffffffffffffff * 4]"), "integer too large");
    }

    #[test]
    fn branch_targets() {
        let p = ok("jmp l1\njmp short l1\nJMP NEAR l1\ncall @f\nloop l1\njnz short @f\njz rax_is_not_a_reg");
        let o: Vec<Operand> = p.stmts.iter().map(|s| instr(s).operands[0]).collect();
        assert_eq!(
            o,
            vec![
                Operand::Label(l(0), BranchHint::Auto),
                Operand::Label(l(0), BranchHint::Short),
                Operand::Label(l(0), BranchHint::Near),
                Operand::Label(l(1), BranchHint::Auto),
                Operand::Label(l(0), BranchHint::Auto),
                Operand::Label(l(1), BranchHint::Short),
                Operand::Label(l(2), BranchHint::Auto),
            ]
        );
        assert_eq!(instr(&p.stmts[1]).operand_spans, vec![Span { line: 2, col: 5, len: 8 }]);
        // Registers and memory stay what they are in branch positions.
        assert_eq!(op("jmp rax"), Operand::Reg(r("rax")));
        assert_eq!(
            op("call qword ptr [rax + 8]"),
            Operand::Mem(Mem::base_disp(r("rax"), 8).sized(Size::Qword))
        );
        assert_eq!(op("jmp [rip + table]"), Operand::Mem(Mem::rip_label(l(0))));
        // A label may be called like a keyword when it stands alone.
        assert_eq!(op("jmp short"), Operand::Label(l(0), BranchHint::Auto));
        assert_eq!(op("jmp byte"), Operand::Label(l(0), BranchHint::Auto));
        // Not a branch position: names are errors.
        assert_eq!(msg("mov rax, l1"), "unknown register or symbol `l1`");
        assert_eq!(msg("jmp short rax"), "expected a label after `short`, found `rax`");
        // Unknown mnemonics take names as labels; the assembler reports the mnemonic.
        assert_eq!(op("frobnicate foo"), Operand::Label(l(0), BranchHint::Auto));
    }

    #[test]
    fn data_directives() {
        assert_eq!(
            data("db 1, -1, 0xff, 'a'"),
            (1, vec![DataItem::Int(1), DataItem::Int(-1), DataItem::Int(255), DataItem::Int(97)])
        );
        assert_eq!(data("dw 0x1234").0, 2);
        assert_eq!(
            data("dd 1.5, -2.0e3, 7").1,
            vec![DataItem::Float(1.5), DataItem::Float(-2000.0), DataItem::Int(7)]
        );
        assert_eq!(data("dq 1e3, 2.5E-1").1, vec![DataItem::Float(1000.0), DataItem::Float(0.25)]);
        assert_eq!(
            data("db \"hi\\n\\t\\0\\\\\\\"\", 0").1,
            vec![DataItem::Bytes(b"hi\n\t\0\\\"".to_vec()), DataItem::Int(0)]
        );
        assert_eq!(data("db \"é\\xff\"").1, vec![DataItem::Bytes(vec![0xc3, 0xa9, 0xff])]);
        assert_eq!(data("db \"\"").1, vec![DataItem::Bytes(vec![])]);
        let p = ok("dq target, @g\ndd b - a\ndw b - a, 3\ndb a - @g");
        let items: Vec<Vec<DataItem>> = p
            .stmts
            .iter()
            .map(|s| match &s.kind {
                StmtKind::Directive(Directive::Data { items, .. }) => items.clone(),
                k => panic!("{k:?}"),
            })
            .collect();
        assert_eq!(items[0], vec![DataItem::Label(l(0)), DataItem::Label(l(1))]);
        assert_eq!(items[1], vec![DataItem::LabelDiff(l(2), l(3))]);
        assert_eq!(items[2], vec![DataItem::LabelDiff(l(2), l(3)), DataItem::Int(3)]);
        assert_eq!(items[3], vec![DataItem::LabelDiff(l(3), l(1))]);
        // GNU spellings.
        assert_eq!(data(".byte 1").0, 1);
        assert_eq!(data(".word 1").0, 2);
        assert_eq!(data(".short 1").0, 2);
        assert_eq!(data(".long 1").0, 4);
        assert_eq!(data(".int 1").0, 4);
        assert_eq!(data(".quad 1").0, 8);
        assert_eq!(
            data(".ascii \"ab\", \"c\"").1,
            vec![DataItem::Bytes(b"ab".to_vec()), DataItem::Bytes(b"c".to_vec())]
        );
        assert_eq!(data(".asciz \"ab\"").1, vec![DataItem::Bytes(b"ab\0".to_vec())]);
        assert_eq!(data("DB 5"), (1, vec![DataItem::Int(5)]));
        assert_eq!(ok("db 1").stmts[0].span, Span { line: 1, col: 1, len: 4 });
    }

    #[test]
    fn data_errors() {
        assert_eq!(msg("db"), "expected a value after `db`");
        assert_eq!(msg("db 1,"), "expected a number, found end of statement");
        assert_eq!(msg("db 1 2"), "expected `,` or end of statement, found `2`");
        assert_eq!(msg("dw \"ab\""), "strings are only allowed in `db`, not `dw`");
        assert_eq!(msg("db 1.5"), "float literals need `dd` or `dq`, not `db`");
        assert_eq!(msg("dw -1.5"), "float literals need `dd` or `dq`, not `dw`");
        assert_eq!(
            msg("dd lbl"),
            "a label address needs `dq`, not `dd` (a difference `a - b` fits any width)"
        );
        assert_eq!(msg("dq a - b + 4"), "expected `,` or end of statement, found `+`");
        assert_eq!(msg("dq 1e999"), "float literal `1e999` out of range");
        assert_eq!(msg("dq 0x1_0000_0000_0000_0000"), "integer too large");
        assert_eq!(msg("db \"abc"), "unterminated string");
        assert_eq!(msg("db \"a\\qb\""), "unknown escape `\\q`");
        assert_eq!(msg(".ascii 5"), "expected a string after `.ascii`, found `5`");
        assert_eq!(msg("db rax"), "expected a number, found register `rax`");
    }

    #[test]
    fn align_and_times() {
        let dir = |src: &str| -> Vec<StmtKind> { ok(src).stmts.into_iter().map(|s| s.kind).collect() };
        assert_eq!(dir("align 16"), vec![StmtKind::Directive(Directive::Align(16))]);
        assert_eq!(dir(".align 8"), vec![StmtKind::Directive(Directive::Align(8))]);
        assert_eq!(dir(".balign 4"), vec![StmtKind::Directive(Directive::Align(4))]);
        assert_eq!(dir(".p2align 4"), vec![StmtKind::Directive(Directive::Align(16))]);
        assert_eq!(dir("align 3"), vec![StmtKind::Directive(Directive::Align(3))]);
        assert_eq!(msg("align 0"), "alignment must be a positive integer, found 0");
        assert_eq!(msg("align -4"), "alignment must be a positive integer, found -4");
        assert_eq!(msg("align"), "expected an alignment after `align`");
        assert_eq!(msg("align 8 8"), "expected end of statement, found `8`");
        assert_eq!(msg("align 8192"), "alignment 8192 is too large (at most 4096)");
        assert_eq!(msg(".p2align 13"), "`.p2align` exponent must be between 0 and 12, found 13");

        let p = ok("times 3 nop");
        assert_eq!(p.stmts.len(), 3);
        for s in &p.stmts {
            assert_eq!(s.text, "nop");
            assert_eq!(s.span, Span { line: 1, col: 9, len: 3 });
            assert_eq!(instr(s).mnemonic, "nop");
        }
        let p = ok("times 2 db 1, 2");
        assert_eq!(p.stmts.len(), 1);
        assert_eq!(p.stmts[0].text, "times 2 db 1, 2");
        assert_eq!(
            p.stmts[0].kind,
            StmtKind::Directive(Directive::Data {
                width: 1,
                items: vec![DataItem::Int(1), DataItem::Int(2), DataItem::Int(1), DataItem::Int(2)]
            })
        );
        assert!(ok("times 0 nop; TIMES 0 db 1").stmts.is_empty());
        assert_eq!(ok("times 2*2 ret").stmts.len(), 4);
        assert_eq!(ok("times 1000000 db 0").stmts.len(), 1);
        assert_eq!(msg("times 1000001 nop"), "repeat count must be between 0 and 1000000, found 1000001");
        assert_eq!(msg("times -1 nop"), "repeat count must be between 0 and 1000000, found -1");
        assert_eq!(msg("times"), "expected a repeat count after `times`");
        assert_eq!(msg("times 3"), "expected a statement after `times 3`");
        assert_eq!(msg("times 3 times 3 nop"), "nested `times` is not supported");
        assert_eq!(msg("times 3 l: nop"), "a label cannot be repeated with `times`");
        assert_eq!(msg("times 2 mov rax, foo"), "unknown register or symbol `foo`");
        let many = "times 1000000 db 0\n".repeat(3);
        assert!(msg(&many).contains("repeats too much"));
    }

    #[test]
    fn text_is_normalized() {
        let p = ok("  mov\t rax ,\t[ rbx +  8 ]   ; db  \"a  b\" ,  ' '  ");
        assert_eq!(p.stmts[0].text, "mov rax , [ rbx + 8 ]");
        assert_eq!(p.stmts[1].text, "db \"a  b\" , ' '");
    }

    #[test]
    fn every_error_is_collected() {
        let es = parse("mov rax, foo; nop\nadd rax rbx\nret\nmov [rax, 1; jmp ok").unwrap_err();
        let at: Vec<(u32, u32)> = es
            .iter()
            .map(|e| match e {
                AsmError::Syntax { at, .. } => (at.line, at.col),
                e => panic!("{e:?}"),
            })
            .collect();
        assert_eq!(at, [(1, 10), (2, 9), (4, 9)]);
        let e = &es[0];
        assert_eq!(e.to_string(), "1:10: `mov rax, foo`: unknown register or symbol `foo`");
    }

    #[test]
    fn never_panics_on_garbage() {
        const PIECES: &[&str] = &[
            "mov",
            "rax",
            "[",
            "]",
            ",",
            "+",
            "-",
            "*",
            "(",
            ")",
            ":",
            ";",
            "\n",
            " ",
            "'",
            "\"",
            "\\",
            "#",
            "//",
            "0x",
            "0xffffffffffffffffff",
            "1.5e",
            "e+",
            "9",
            "8",
            "qword",
            "ptr",
            "fs",
            ":",
            "rip",
            "rel",
            "@",
            "@x",
            "l1",
            "jmp",
            "short",
            "near",
            "times",
            "1000000",
            "db",
            "dq",
            "align",
            ".p2align",
            "~",
            "é",
            "\u{0}",
            "\u{202e}",
            "\r",
            "\t",
            "lock",
            "rep",
            "byte",
            "'a'",
            "\"s\"",
            "\\x",
            "0b",
            "0o9",
            "ffh",
            "$",
            ".",
            "call",
            "[rip+l1]",
            "rcx*8",
            "*3",
            "xmm0",
            "ah",
            "a - b",
            "999999999999999999999999999999",
        ];
        let mut rng = fastrand::Rng::with_seed(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let n = rng.usize(..12);
            let mut s = String::new();
            for _ in 0..n {
                s.push_str(PIECES[rng.usize(..PIECES.len())]);
                if rng.usize(..3) == 0 {
                    s.push(' ');
                }
            }
            let _ = parse(&s);
        }
        // Random bytes, decoded lossily, and random unicode.
        for _ in 0..5_000 {
            let n = rng.usize(..40);
            let bytes: Vec<u8> = (0..n).map(|_| rng.u64(..) as u8).collect();
            let _ = parse(&String::from_utf8_lossy(&bytes));
            let s: String = (0..n).filter_map(|_| char::from_u32((rng.u64(..) % 0x11_0000) as u32)).collect();
            let _ = parse(&s);
            let ascii: String = (0..n).map(|_| (32 + rng.usize(..95)) as u8 as char).collect();
            let _ = parse(&ascii);
        }
        // Pathological shapes.
        for s in [
            "[".repeat(10_000),
            "]".repeat(10_000),
            "(".repeat(10_000),
            format!("mov rax, {}", "-".repeat(100_000)),
            format!("mov rax, [{}]", "rax+".repeat(1000)),
            "\"".repeat(9999),
            "'".repeat(9999),
            "9".repeat(10_000),
            format!("db {}", "1,".repeat(10_000)),
            "a:".repeat(10_000),
            ";".repeat(10_000),
            "@".repeat(100),
        ] {
            let _ = parse(&s);
        }
    }
}

//! Statements: labels, `times`, directives, instructions, operands and decorations.
//!
//! Each statement is parsed on its own; an error abandons that statement and parsing goes on
//! with the next, so one pass reports every syntax error.

use super::directives::{directive, note, NoteWord};
use super::{HoleRef, Parsed, Source, Statement, SyntaxError, Tok, Token};
use crate::ast::{
    DataItem, DecorationSpans, Decorations, Directive, Instr, LabelName, OperandHoles, Program, Span, Stmt,
    StmtKind, MAX_TIMES, TIMES_BUDGET,
};
use crate::isa::{forms_written, implied_imm};
use crate::names::{lower, NameMap, MAX_NAME};
use crate::operand::{Label, Operand, Prefix, Reg, Seg};

pub(super) type PResult<T> = Result<T, SyntaxError>;

/// Parses statements into one program.
///
/// ```
/// use asm_runtime::syntax::{lex_line, parse, Source, Statement, Token};
/// struct Plain<'a>(&'a str);
/// impl Source for Plain<'_> {
///     fn text(&self, _: &[Token]) -> String { self.0.to_string() }
///     fn found(&self, t: &Token) -> String { format!("{:?}", t.tok) }
/// }
/// let line: Vec<char> = "add rax, 1".chars().collect();
/// let toks = lex_line(1, &line);
/// let end = asm_runtime::ast::Span { line: 1, col: 11, len: 0 };
/// let p = parse(&Plain("add rax, 1"), [Statement { toks: &toks, end }]);
/// assert!(p.errors.is_empty());
/// assert_eq!(p.program.stmts.len(), 1);
/// ```
pub fn parse<'a, S: Source>(src: &S, stmts: impl IntoIterator<Item = Statement<'a>>) -> Parsed {
    let mut p = Parser::new(true);
    for s in stmts {
        p.statement(src, s);
    }
    p.finish()
}

/// A parse in progress, fed one statement at a time: what [`parse`] does in one call, for a
/// front end that hands statements over as it reads them and takes finished statements out
/// of [`program`](Parser::program) as it goes.
pub(crate) struct Parser {
    st: State,
    errors: Vec<SyntaxError>,
}

impl Parser {
    /// An empty parse; with `full`, statements carry their text and the spans of their parts,
    /// else both are left empty (for a caller that assembles them and has no listing).
    pub(crate) fn new(full: bool) -> Parser {
        Parser {
            st: State {
                program: Program::default(),
                holes: Vec::new(),
                budget: TIMES_BUDGET,
                deferred: None,
                full,
                locals: NameMap::default(),
                globals: NameMap::default(),
                spare: Vec::new(),
            },
            errors: Vec::new(),
        }
    }

    /// Parses one statement: appends what it defines to the program, or its error to the
    /// errors; whether it had an error.
    pub(crate) fn statement<S: Source>(&mut self, src: &S, s: Statement<'_>) -> bool {
        if s.toks.is_empty() {
            return false;
        }
        let mut c = Cursor { toks: s.toks, pos: 0, end: s.end, src, st: &mut self.st };
        let r = c.statement();
        let deferred = c.st.deferred.take();
        if let Err(mut e) = r.and_then(|()| deferred.map_or(Ok(()), Err)) {
            if e.stmt == Span::default() {
                let body = c.toks.get(c.body_start()..).unwrap_or(&[]);
                e.stmt = Span::of(body, e.span);
            }
            self.errors.push(e);
            return true;
        }
        false
    }

    /// The program so far.
    pub(crate) fn program(&mut self) -> &mut Program {
        &mut self.st.program
    }

    /// Takes the buffers of a statement taken out of the program and no longer needed, so that
    /// a later one can reuse them.
    pub(crate) fn recycle(&mut self, s: &mut Stmt) {
        if self.st.spare.len() < SPARE_MAX {
            self.st.spare.extend(InstrBuffers::take(s));
        }
    }

    /// The number of spare instruction buffers kept.
    pub(crate) fn spare(&self) -> usize {
        self.st.spare.len()
    }

    /// The syntax errors so far, taken out.
    pub(crate) fn take_errors(&mut self) -> Vec<SyntaxError> {
        std::mem::take(&mut self.errors)
    }

    /// The whole result.
    pub(crate) fn finish(self) -> Parsed {
        Parsed { program: self.st.program, holes: self.st.holes, errors: self.errors }
    }
}

impl State {
    /// An instruction with no operands yet, in the buffers of a recycled one if there is one.
    pub(super) fn new_instr(&mut self, prefix: Option<Prefix>, mnemonic: &str, span: Span) -> Instr {
        let mut b = self.spare.pop().unwrap_or_default();
        b.mnemonic.clear();
        b.mnemonic.push_str(mnemonic);
        b.operands.clear();
        b.operand_spans.clear();
        b.holes.clear();
        Instr {
            prefix,
            mnemonic: b.mnemonic,
            operands: b.operands,
            span,
            operand_spans: b.operand_spans,
            holes: b.holes,
            deco: Decorations::default(),
            deco_spans: DecorationSpans::default(),
            mask_hole: None,
        }
    }

    fn empty() -> State {
        State {
            program: Program::default(),
            holes: Vec::new(),
            budget: 0,
            deferred: None,
            full: false,
            locals: NameMap::default(),
            globals: NameMap::default(),
            spare: Vec::new(),
        }
    }
}

/// What the statements build up.
pub(super) struct State {
    pub(super) program: Program,
    pub(super) holes: Vec<HoleRef>,
    /// What `times` may still produce.
    budget: u64,
    /// An error found where parsing could go on (a label named like a register that does not
    /// exist, `xmm32`): reported for the statement once it is parsed.
    deferred: Option<SyntaxError>,
    /// Whether statements get their text and part spans.
    full: bool,
    /// The index in `program.labels` of every local label name.
    locals: NameMap<String, Label>,
    /// The index in `program.labels` of every global (`@name`) label name.
    globals: NameMap<String, Label>,
    /// The buffers of instructions handed back by the caller, for the next ones.
    spare: Vec<InstrBuffers>,
}

/// The heap buffers of an [`Instr`], kept for the next one.
#[derive(Default)]
pub(crate) struct InstrBuffers {
    mnemonic: String,
    operands: Vec<Operand>,
    operand_spans: Vec<Span>,
    holes: Vec<OperandHoles>,
}

/// The most spare buffers a parser keeps.
const SPARE_MAX: usize = 4096;

impl InstrBuffers {
    /// The buffers of an instruction statement, taken out of it (left empty).
    pub(crate) fn take(s: &mut Stmt) -> Option<InstrBuffers> {
        let StmtKind::Instr(ins) = &mut s.kind else { return None };
        Some(InstrBuffers {
            mnemonic: std::mem::take(&mut ins.mnemonic),
            operands: std::mem::take(&mut ins.operands),
            operand_spans: std::mem::take(&mut ins.operand_spans),
            holes: std::mem::take(&mut ins.holes),
        })
    }
}

/// The tokens of one statement and a position in them.
pub(super) struct Cursor<'a, 's, S: Source> {
    pub(super) toks: &'a [Token],
    pub(super) pos: usize,
    pub(super) end: Span,
    pub(super) src: &'s S,
    pub(super) st: &'s mut State,
}

/// The statements one body expands to (several for `times`), each with its span and text.
type Bodies = Vec<Body>;

/// One parsed statement body: what it is, its span, its text and the spans of its parts.
#[derive(Clone)]
struct Body {
    kind: StmtKind,
    span: Span,
    text: String,
    parts: Vec<Span>,
}

impl<'a, S: Source> Cursor<'a, '_, S> {
    // ----- helpers ---------------------------------------------------------------------------

    pub(super) fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.tok)
    }

    /// The token `k` after the cursor, borrowed from the statement rather than the cursor.
    pub(super) fn tok_at(&self, k: usize) -> Option<&'a Tok> {
        let toks: &'a [Token] = self.toks;
        toks.get(self.pos + k).map(|t| &t.tok)
    }

    pub(super) fn peek_at(&self, k: usize) -> Option<&Tok> {
        self.toks.get(self.pos + k).map(|t| &t.tok)
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    pub(super) fn is_punct(&self, c: char) -> bool {
        self.is_punct_at(0, c)
    }

    /// Whether the token `k` after the cursor is the punctuation `c`.
    pub(super) fn is_punct_at(&self, k: usize, c: char) -> bool {
        matches!(self.peek_at(k), Some(Tok::Punct(p)) if *p == c)
    }

    pub(super) fn eat_punct(&mut self, c: char) -> bool {
        let yes = self.is_punct(c);
        if yes {
            self.pos += 1;
        }
        yes
    }

    pub(super) fn ident_at(&self, k: usize) -> Option<&'a str> {
        let toks: &'a [Token] = self.toks;
        match toks.get(self.pos + k).map(|t| &t.tok) {
            Some(Tok::Ident(n)) => Some(n),
            _ => None,
        }
    }

    pub(super) fn is_keyword(&self, k: usize, kw: &str) -> bool {
        self.ident_at(k).is_some_and(|n| n.eq_ignore_ascii_case(kw))
    }

    /// The span of the current token, or the statement's end.
    pub(super) fn span(&self) -> Span {
        self.toks.get(self.pos).map_or(self.end, |t| t.span)
    }

    /// The span of tokens `from..self.pos`.
    pub(super) fn since(&self, from: usize) -> Span {
        Span::of(self.toks.get(from..self.pos).unwrap_or(&[]), self.span())
    }

    pub(super) fn found(&self) -> String {
        match self.toks.get(self.pos) {
            Some(t) => self.src.found(t),
            None => "end of statement".to_string(),
        }
    }

    pub(super) fn err(&self, span: Span, message: impl Into<String>) -> SyntaxError {
        SyntaxError { span, message: message.into(), stmt: Span::default() }
    }

    /// Where the statement proper starts: after its label definitions.
    fn body_start(&self) -> usize {
        let mut probe =
            Cursor { toks: self.toks, pos: 0, end: self.end, src: self.src, st: &mut State::empty() };
        while probe.at_label_def() {
            probe.pos += if matches!(probe.peek(), Some(Tok::Punct('@'))) { 3 } else { 2 };
        }
        probe.pos
    }

    pub(super) fn err_here(&self, message: impl Into<String>) -> SyntaxError {
        self.err(self.span(), message)
    }

    pub(super) fn expected(&self, what: &str) -> SyntaxError {
        self.err_here(format!("expected {what}, found {}", self.found()))
    }

    pub(super) fn label(&mut self, name: LabelName) -> Label {
        if let LabelName::Local(n) = &name {
            self.check_label_name(n);
        }
        self.intern(name)
    }

    /// [`label`](Self::label) for a local name, copied only when it is new.
    pub(super) fn label_local(&mut self, n: &str) -> Label {
        self.check_label_name(n);
        match self.st.locals.get(n) {
            Some(l) => *l,
            None => self.intern(LabelName::Local(n.to_string())),
        }
    }

    /// A name like a register that does not exist (`xmm32`) is a mistake, not a label.
    fn check_label_name(&mut self, n: &str) {
        if let Some(msg) = super::operand::missing_register(n) {
            let at = self.toks[..self.pos.min(self.toks.len())]
                .iter()
                .rev()
                .find(|t| matches!(&t.tok, Tok::Ident(i) if i == n))
                .map_or_else(|| self.span(), |t| t.span);
            let e = self.err(at, msg);
            self.st.deferred.get_or_insert(e);
        }
    }

    /// The index of `name` in the program's labels, adding it if new.
    fn intern(&mut self, name: LabelName) -> Label {
        let (map, n) = match &name {
            LabelName::Local(n) => (&mut self.st.locals, n),
            LabelName::Global(n) => (&mut self.st.globals, n),
            LabelName::Dynamic(_) => return self.st.program.label(name),
        };
        if let Some(l) = map.get(n.as_str()) {
            return *l;
        }
        let l = Label::from_index(self.st.program.labels.len() as u32);
        map.insert(n.clone(), l);
        self.st.program.labels.push(name);
        l
    }

    /// The source text of `toks` for a statement, when statements keep their text.
    fn stmt_text(&self, toks: &[Token]) -> String {
        if self.st.full {
            self.src.text(toks)
        } else {
            String::new()
        }
    }

    /// The brace group at the cursor taken as a hole (consumed): its number.
    pub(super) fn hole(&mut self) -> PResult<usize> {
        let t = &self.toks[self.pos];
        let Tok::Brace(inner, group) = &t.tok else { return Err(self.expected("`{...}`")) };
        let Some(group) = *group else {
            return Err(self.err(t.span, "`{...}` holes are only valid inside the x86! macro"));
        };
        if inner.is_empty() {
            return Err(self.err(t.span, "expected a Rust expression inside `{}`"));
        }
        self.st.holes.push(HoleRef { group, span: t.span });
        self.pos += 1;
        Ok(self.st.holes.len() - 1)
    }

    /// A constant expression can start at the cursor.
    pub(super) fn at_number(&self) -> bool {
        matches!(self.peek(), Some(Tok::Int(_) | Tok::Char(_) | Tok::Punct('(' | '-' | '+' | '~')))
    }

    pub(super) fn is_brace(&self, k: usize) -> bool {
        matches!(self.peek_at(k), Some(Tok::Brace(..)))
    }

    /// A label reference (`name` that is not a register, or `@name`) at the cursor, consumed.
    pub(super) fn label_ref(&mut self) -> Option<LabelName> {
        match self.peek()? {
            Tok::Ident(n)
                if Reg::from_name(n).is_none() && !matches!(self.peek_at(1), Some(Tok::PathSep)) =>
            {
                let n = n.clone();
                self.pos += 1;
                Some(LabelName::Local(n))
            }
            Tok::Punct('@') => {
                let n = self.ident_at(1)?.to_string();
                self.pos += 2;
                Some(LabelName::Global(n))
            }
            _ => None,
        }
    }

    fn at_label_def(&self) -> bool {
        let colon = |k: usize| self.is_punct_at(k, ':');
        match self.peek() {
            Some(Tok::Ident(_)) => colon(1),
            Some(Tok::Punct('@')) => self.ident_at(1).is_some() && colon(2),
            Some(Tok::Brace(..)) => colon(1),
            _ => false,
        }
    }

    /// A segment override `fs:` at the cursor.
    pub(super) fn seg(&self) -> Option<Seg> {
        let s = Seg::from_name(self.ident_at(0)?)?;
        (self.is_punct_at(1, ':')).then_some(s)
    }

    fn push(&mut self, b: Body) {
        self.st.program.stmts.push(Stmt { kind: b.kind, span: b.span, text: b.text, parts: b.parts });
    }

    // ----- statements ------------------------------------------------------------------------

    fn statement(&mut self) -> PResult<()> {
        let bad = self.toks.iter().find_map(|t| match &t.tok {
            Tok::Bad(m) => Some((t.span, m.clone())),
            _ => None,
        });
        if let Some((span, m)) = bad {
            return Err(self.err(span, m));
        }
        while self.at_label_def() {
            self.label_def()?;
        }
        if self.at_end() {
            return Ok(());
        }
        if let Some(n) = self.ident_at(0).and_then(note) {
            return self.note(n);
        }
        if let Some(b) = self.raw_prefixes() {
            self.push(b);
        }
        if self.is_keyword(0, "times") {
            for b in self.times()? {
                self.push(b);
            }
        } else {
            self.body_once()?;
        }
        Ok(())
    }

    /// [`body`](Self::body) for a statement that is not repeated; an instruction goes straight
    /// into the program (it is the bulk of most programs, and large to move around).
    fn body_once(&mut self) -> PResult<()> {
        let is_instr = self.ident_at(0).is_some_and(|n| directive(n).is_none() && !n.starts_with('.'));
        if !is_instr {
            let b = self.body()?;
            self.push(b);
            return Ok(());
        }
        let start = self.pos;
        let ins = self.instr()?;
        // `instr` reads to the end of the statement.
        let toks = &self.toks[start..];
        let parts = if self.st.full { ins.operand_spans.clone() } else { Vec::new() };
        let (span, text) = (Span::of(toks, self.end), self.stmt_text(toks));
        self.st.program.stmts.push(Stmt { kind: StmtKind::Instr(ins), span, text, parts });
        Ok(())
    }

    /// `.intel_syntax [noprefix]`, `.att_syntax`, `.text`: checked, and nothing emitted.
    fn note(&mut self, n: NoteWord) -> PResult<()> {
        let word = self.span();
        self.pos += 1;
        match n {
            NoteWord::AttSyntax => {
                return Err(self.err(word, "only Intel syntax is supported: `.att_syntax` cannot be used"));
            }
            NoteWord::IntelSyntax if self.is_keyword(0, "noprefix") => self.pos += 1,
            NoteWord::IntelSyntax if self.is_keyword(0, "prefix") => {
                return Err(self.err_here(
                    "`.intel_syntax prefix` (registers written with `%`) is not supported: use `.intel_syntax noprefix`",
                ));
            }
            _ => {}
        }
        if !self.at_end() {
            return Err(self.expected("end of statement"));
        }
        Ok(())
    }

    /// Prefix bytes written as words before an instruction, as objdump prints them and GNU as
    /// reads them (`data16`, `addr32`, `cs nop`): emitted as they are, before the instruction.
    fn raw_prefixes(&mut self) -> Option<Body> {
        let start = self.pos;
        let mut bytes = Vec::new();
        while let (Some(b), Some(Tok::Ident(_))) =
            (self.ident_at(0).and_then(raw_prefix_byte), self.peek_at(1))
        {
            bytes.push(b);
            self.pos += 1;
        }
        if bytes.is_empty() {
            return None;
        }
        let toks = &self.toks[start..self.pos];
        let span = Span::of(toks, self.span());
        let text = self.stmt_text(toks);
        let kind = StmtKind::Directive(Directive::Data { width: 1, items: vec![DataItem::Bytes(bytes)] });
        Some(Body { kind, span, text, parts: vec![span] })
    }

    fn label_def(&mut self) -> PResult<()> {
        let start = self.pos;
        let span = self.span();
        let name = match self.peek() {
            Some(Tok::Ident(n)) => {
                if Reg::from_name(n).is_some() {
                    let mut e = self.err(span, format!("`{n}` is a register and cannot be a label name"));
                    e.stmt = Span::of(&self.toks[start..start + 2], span);
                    return Err(e);
                }
                let n = n.clone();
                self.pos += 1;
                LabelName::Local(n)
            }
            Some(Tok::Punct('@')) => {
                let n = self.ident_at(1).unwrap_or_default().to_string();
                self.pos += 2;
                LabelName::Global(n)
            }
            _ => LabelName::Dynamic(self.hole()?),
        };
        self.pos += 1; // the colon
        let label = self.label(name);
        let toks = &self.toks[start..self.pos];
        let text = self.stmt_text(toks);
        self.push(Body { kind: StmtKind::Label(label), span: Span::of(toks, span), text, parts: Vec::new() });
        Ok(())
    }

    /// `times N statement`.
    fn times(&mut self) -> PResult<Bodies> {
        let kw = self.span();
        let times_start = self.pos;
        self.pos += 1;
        if self.at_end() {
            return Err(self.err_here("expected a repeat count after `times`"));
        }
        if self.is_brace(0) {
            return Err(self.err_here(
                "the repeat count of `times` must be a constant (repeat in Rust for a computed count)",
            ));
        }
        if !self.at_number() {
            return Err(self.expected("a repeat count after `times`"));
        }
        let (n, nspan) = self.const_expr()?;
        if !(0..=i128::from(MAX_TIMES)).contains(&n) {
            return Err(self.err(nspan, format!("repeat count must be between 0 and {MAX_TIMES}, found {n}")));
        }
        let n = n as u64;
        if self.at_end() {
            return Err(self.expected(&format!("a statement after `times {n}`")));
        }
        if self.is_keyword(0, "times") {
            return Err(self.err_here("nested `times` is not supported"));
        }
        if self.at_label_def() {
            return Err(self.err_here("a label cannot be repeated with `times`"));
        }
        let body = self.body()?;
        let cost = n.saturating_mul(body.kind.repeat_weight());
        if cost > self.st.budget {
            return Err(self.err(
                kw,
                format!("`times` repeats too much: at most {TIMES_BUDGET} statements or data items in one program"),
            ));
        }
        self.st.budget -= cost;
        Ok(match body.kind {
            _ if n == 0 => Vec::new(),
            StmtKind::Directive(Directive::Data { width, items }) => {
                let all: Vec<DataItem> = (0..n).flat_map(|_| items.iter().cloned()).collect();
                let parts = (0..n).flat_map(|_| body.parts.iter().copied()).collect();
                let whole = &self.toks[times_start..];
                let (span, text) = (Span::of(whole, body.span), self.stmt_text(whole));
                vec![Body {
                    kind: StmtKind::Directive(Directive::Data { width, items: all }),
                    span,
                    text,
                    parts,
                }]
            }
            _ => vec![body; n as usize],
        })
    }

    /// A directive or an instruction (no labels, no `times`).
    fn body(&mut self) -> PResult<Body> {
        let start = self.pos;
        let mut parts = Vec::new();
        let kind = match self.peek() {
            Some(Tok::Ident(_)) => {
                let name = self.ident_at(0).unwrap_or_default();
                match directive(name) {
                    Some(d) => {
                        self.pos += 1;
                        self.directive(d, name, &mut parts)?
                    }
                    None if note(name).is_some() => {
                        return Err(self.err_here(format!("`{name}` cannot be repeated with `times`")));
                    }
                    None if name.starts_with('.') => {
                        return Err(self.err_here(format!("unknown directive `{name}`")));
                    }
                    None => {
                        let k = self.instruction()?;
                        if let (StmtKind::Instr(ins), true) = (&k, self.st.full) {
                            parts.clone_from(&ins.operand_spans);
                        }
                        k
                    }
                }
            }
            Some(Tok::Brace(..)) => {
                return Err(self.expected("an instruction, directive or label (`{label}:` binds a label)"))
            }
            Some(Tok::Punct('@')) if self.ident_at(1).is_none() => {
                return Err(self.err_here("expected a label name after `@`"))
            }
            _ => return Err(self.expected("an instruction, directive or label")),
        };
        if !self.at_end() {
            return Err(self.expected("end of statement"));
        }
        let toks = &self.toks[start..];
        Ok(Body { kind, span: Span::of(toks, self.end), text: self.stmt_text(toks), parts })
    }
}

/// The byte of a prefix written as a word before the mnemonic.
fn raw_prefix_byte(word: &str) -> Option<u8> {
    if !matches!(word.len(), 2 | 6 | 7) {
        return None;
    }
    let mut buf = [0; MAX_NAME];
    Some(match lower(word, &mut buf)? {
        b"data16" => 0x66,
        b"addr32" => 0x67,
        b"es" => 0x26,
        b"cs" => 0x2E,
        b"ss" => 0x36,
        b"ds" => 0x3E,
        b"fs" => 0x64,
        b"gs" => 0x65,
        b"notrack" => 0x3E,
        _ => return None,
    })
}

/// True if `name` starts a statement: an instruction, prefix or directive.
pub(super) fn is_statement_word(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "times"
        || directive(&lower).is_some()
        || Prefix::from_name(&lower).is_some()
        || matches!(lower.as_str(), "data16" | "addr32" | "notrack")
        || !forms_written(&lower).is_empty()
        || implied_imm(&lower).is_some()
}

//! Parsing: the tokens of an `x86!` invocation -> an [`ast::Program`](Program), the Rust
//! expressions of its holes and the token spans of every statement.
//!
//! The parser walks token trees directly; syn only parses the Rust expressions (the builder and
//! the contents of `{...}` holes). Statements are separated by top-level `;`, which makes error
//! recovery simple: an error skips the rest of its statement and parsing goes on with the next.
//!
//! Grammar, informally:
//!
//! ```text
//! invocation := builder (';' statement)* ';'?
//! builder    := 'new' | rust-expression
//! statement  := label-def* (body | 'times' N body)?
//! label-def  := name ':' | '@' name ':' | '{' expr '}' ':'
//! body       := ('db' | 'dw' | 'dd' | 'dq') item (',' item)*
//!             | 'align' N
//!             | prefix? mnemonic (operand (',' operand)*)?
//! operand    := register | r64{e} | r32{e} | r16{e} | r8{e} | xmm{e}
//!             | '-'? integer | char | '{' expr '}'
//!             | ('short' | 'near')? (label | '@' label | '{' expr '}')   (branch targets)
//!             | size? 'ptr'? (seg ':')? '[' term (('+' | '-') term)* ']'
//! ```

use asm_runtime::ast::{
    DataItem, Directive, Instr, LabelName, OperandHoles, Program, Span as AstSpan, Stmt, StmtKind, MAX_ALIGN,
    MAX_TIMES, TIMES_BUDGET,
};
use asm_runtime::isa::{canonical_mnemonic, forms_of, takes_branch_target};
use asm_runtime::operand::{BranchHint, HoleKind, Mem, Operand, Prefix, Reg, RegClass, Seg, Size};
use proc_macro2::{Delimiter, Group, Literal, Spacing, Span, TokenStream, TokenTree};
use syn::ext::IdentExt;

/// What the macro appends to.
#[derive(Debug)]
pub enum Builder {
    /// `x86!(expr; ...)`: an `Assembler` or `&mut Assembler` expression.
    Expr(syn::Expr),
    /// `x86!(new; ...)`: the macro evaluates to a fresh `Assembler`.
    New,
}

/// A `{expr}` hole: its Rust expression and where it was written.
#[derive(Debug)]
pub struct Hole {
    /// The expression inside the braces.
    pub expr: syn::Expr,
    /// The span of the braces.
    pub span: Span,
}

/// The token spans of one statement, for error messages.
#[derive(Debug, Clone)]
pub struct StmtSpans {
    /// The whole statement (its first token when spans cannot be joined).
    pub stmt: Span,
    /// The mnemonic; the label name for a label; the keyword for a directive.
    pub mnemonic: Span,
    /// One per instruction operand, or one per data item of a directive.
    pub operands: Vec<Span>,
}

/// A parsed invocation.
#[derive(Debug)]
pub struct Parsed {
    /// What the code is appended to.
    pub builder: Builder,
    /// The statements and label names.
    pub program: Program,
    /// The holes, numbered in order of appearance.
    pub holes: Vec<Hole>,
    /// Spans, parallel to `program.stmts`.
    pub spans: Vec<StmtSpans>,
}

/// Parses the tokens of an `x86!` invocation.
///
/// Never panics. Every error is collected (an error skips to the next `;`) and all of them are
/// returned combined.
pub fn parse(input: TokenStream) -> syn::Result<Parsed> {
    let toks: Vec<TokenTree> = input.into_iter().collect();
    let semi = toks.iter().position(|t| is_punct(Some(t), ';'));
    let (builder_toks, rest): (&[TokenTree], &[TokenTree]) = match semi {
        Some(i) => {
            let (b, r) = toks.split_at(i);
            (b, r.get(1..).unwrap_or(&[]))
        }
        None => (&toks, &[]),
    };
    let semi_span = semi.and_then(|i| toks.get(i)).map(TokenTree::span);

    let mut errors = Errors::default();
    let builder = match builder(builder_toks, semi_span) {
        Ok(b) => Some(b),
        Err(e) => {
            errors.push(e);
            None
        }
    };

    let mut p =
        Parser { program: Program::default(), holes: Vec::new(), spans: Vec::new(), budget: TIMES_BUDGET };
    let rest = flatten_slice(rest);
    let mut start = 0;
    while start < rest.len() {
        let len = rest.get(start..).unwrap_or(&[]).iter().position(|t| is_punct(Some(t), ';'));
        let end = len.map_or(rest.len(), |l| start + l);
        let seg = rest.get(start..end).unwrap_or(&[]);
        let (end_span, end_desc) = match rest.get(end) {
            Some(t) => (t.span(), "`;`"),
            None => (seg.last().map_or_else(Span::call_site, TokenTree::span), "end of input"),
        };
        if !seg.is_empty() {
            let mut c = Cursor { toks: seg, pos: 0, end: end_span, end_desc };
            if let Err(e) = p.segment(&mut c) {
                errors.push(e);
            }
        }
        start = end + 1;
    }

    match (errors.0, builder) {
        (Some(e), _) => Err(e),
        (None, Some(builder)) => Ok(Parsed { builder, program: p.program, holes: p.holes, spans: p.spans }),
        (None, None) => Err(syn::Error::new(Span::call_site(), BUILDER_HELP)),
    }
}

const BUILDER_HELP: &str =
    "expected an assembler before the first `;`, as in `x86!(a; ...)`, or `new`, as in `x86!(new; ...)`";

/// The builder: `new` or a Rust expression.
fn builder(toks: &[TokenTree], semi: Option<Span>) -> syn::Result<Builder> {
    if toks.is_empty() {
        return Err(syn::Error::new(semi.unwrap_or_else(Span::call_site), BUILDER_HELP));
    }
    if let [TokenTree::Ident(id)] = toks {
        if id == "new" {
            return Ok(Builder::New);
        }
    }
    let ts: TokenStream = toks.iter().cloned().collect();
    if too_complex(ts.clone()) {
        return Err(syn::Error::new_spanned(
            ts,
            "assembler expression too long: bind it to a variable first (`let a = ...;`) and write `x86!(a; ...)`",
        ));
    }
    match syn::parse2::<syn::Expr>(ts.clone()) {
        Ok(e) => Ok(Builder::Expr(e)),
        Err(_) => Err(syn::Error::new_spanned(ts, BUILDER_HELP)),
    }
}

/// The Rust expression inside the braces of a hole.
struct HoleExpr(syn::Expr);

impl syn::parse::Parse for HoleExpr {
    fn parse(input: syn::parse::ParseStream) -> syn::Result<Self> {
        let content;
        syn::braced!(content in input);
        let expr: syn::Expr = content.parse()?;
        if !content.is_empty() {
            return Err(content.error("expected the end of the expression"));
        }
        Ok(HoleExpr(expr))
    }
}

/// Collects errors into one `syn::Error`.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }
}

// ----- tokens --------------------------------------------------------------------------------

/// Token trees with invisible (`Delimiter::None`) groups, which `macro_rules!` fragments
/// arrive in, replaced by their contents.
fn flatten_slice(toks: &[TokenTree]) -> Vec<TokenTree> {
    flatten_stream(toks.iter().cloned().collect())
}

fn flatten_stream(ts: TokenStream) -> Vec<TokenTree> {
    let mut out = Vec::new();
    let mut stack = vec![ts.into_iter()];
    while let Some(it) = stack.last_mut() {
        match it.next() {
            None => {
                stack.pop();
            }
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::None => {
                stack.push(g.stream().into_iter())
            }
            Some(t) => out.push(t),
        }
    }
    out
}

/// How much of a Rust expression syn is asked to parse at most, in tokens, a group counting
/// three: syn recurses once per nesting level and per prefix operator, and a bound keeps that
/// recursion far from the end of the stack.
const MAX_EXPR_WEIGHT: usize = 128;

/// True if `ts` weighs more than [`MAX_EXPR_WEIGHT`].
fn too_complex(ts: TokenStream) -> bool {
    let mut weight = 0;
    let mut stack = vec![ts.into_iter()];
    while let Some(it) = stack.last_mut() {
        match it.next() {
            None => {
                stack.pop();
            }
            Some(t) => {
                weight += if let TokenTree::Group(g) = &t {
                    stack.push(g.stream().into_iter());
                    3
                } else {
                    1
                };
                if weight > MAX_EXPR_WEIGHT {
                    return true;
                }
            }
        }
    }
    false
}

fn is_punct(t: Option<&TokenTree>, c: char) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

fn brace(t: Option<&TokenTree>) -> Option<&Group> {
    match t {
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => Some(g),
        _ => None,
    }
}

/// An identifier's name without `r#`.
fn ident_name(t: Option<&TokenTree>) -> Option<String> {
    match t {
        Some(TokenTree::Ident(id)) => Some(id.unraw().to_string()),
        _ => None,
    }
}

fn is_keyword(t: Option<&TokenTree>, kw: &str) -> bool {
    ident_name(t).is_some_and(|n| n.eq_ignore_ascii_case(kw))
}

/// `:` that ends a label definition: a colon that does not start `::`.
fn is_label_colon(t: Option<&TokenTree>, next: Option<&TokenTree>) -> bool {
    match t {
        Some(TokenTree::Punct(p)) if p.as_char() == ':' => {
            !(p.spacing() == Spacing::Joint && is_punct(next, ':'))
        }
        _ => false,
    }
}

/// `::` at `t`.
fn is_path_sep(t: Option<&TokenTree>, next: Option<&TokenTree>) -> bool {
    matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == ':' && p.spacing() == Spacing::Joint)
        && is_punct(next, ':')
}

/// A token as quoted in messages.
fn describe(t: &TokenTree) -> String {
    match t {
        TokenTree::Ident(i) => format!("`{i}`"),
        TokenTree::Punct(p) => format!("`{}`", p.as_char()),
        TokenTree::Literal(l) => {
            let s = l.to_string();
            if s.chars().count() > 40 {
                let head: String = s.chars().take(37).collect();
                format!("`{head}...`")
            } else {
                format!("`{s}`")
            }
        }
        TokenTree::Group(g) => match g.delimiter() {
            Delimiter::Brace => "`{...}`".to_string(),
            Delimiter::Bracket => "`[...]`".to_string(),
            Delimiter::Parenthesis => "`(...)`".to_string(),
            Delimiter::None => "an expression".to_string(),
        },
    }
}

/// The span from the first to the last token (the first token's where spans cannot be joined).
fn span_of(toks: &[TokenTree], fallback: Span) -> Span {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => a.span().join(b.span()).unwrap_or_else(|| a.span()),
        _ => fallback,
    }
}

/// An error spanning `toks` (shown as a range where the compiler supports it).
fn error_over(toks: &[TokenTree], message: impl std::fmt::Display) -> syn::Error {
    let ts: TokenStream = toks.iter().cloned().collect();
    syn::Error::new_spanned(ts, message)
}

/// Normalized text of tokens for listings: `qword ptr fs:[rax + rcx*8 - 8]`, `r64{r}`, `{n}`.
fn render(toks: &[TokenTree]) -> String {
    let mut out = String::new();
    let mut prev_word = false;
    // The previous token is a register hole keyword (`r64` in `r64{r}`).
    let mut prev_ident = false;
    for t in toks {
        match t {
            TokenTree::Punct(p) => {
                let c = p.as_char();
                match c {
                    '+' | '-' if prev_word => {
                        out.push(' ');
                        out.push(c);
                        out.push(' ');
                    }
                    ',' => out.push_str(", "),
                    _ => out.push(c),
                }
                prev_word = false;
                prev_ident = false;
            }
            TokenTree::Group(g) => {
                match g.delimiter() {
                    Delimiter::Brace => {
                        if prev_word && !prev_ident {
                            out.push(' ');
                        }
                        out.push('{');
                        out.push_str(&g.stream().to_string());
                        out.push('}');
                    }
                    d => {
                        if prev_word {
                            out.push(' ');
                        }
                        let (open, close) = match d {
                            Delimiter::Bracket => ("[", "]"),
                            Delimiter::Parenthesis => ("(", ")"),
                            _ => ("", ""),
                        };
                        out.push_str(open);
                        out.push_str(&render(&flatten_stream(g.stream())));
                        out.push_str(close);
                    }
                }
                prev_word = true;
                prev_ident = false;
            }
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if prev_word {
                    out.push(' ');
                }
                out.push_str(&t.to_string());
                prev_word = true;
                prev_ident = matches!(t, TokenTree::Ident(i) if reg_hole_class(&i.to_string()).is_some());
            }
        }
    }
    out
}

/// A position in a run of tokens.
struct Cursor<'a> {
    toks: &'a [TokenTree],
    pos: usize,
    /// Where errors about the end of the tokens point (the `;` or `]` after them).
    end: Span,
    /// How the end is named in messages.
    end_desc: &'static str,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<&'a TokenTree> {
        self.toks.get(self.pos)
    }

    fn peek_at(&self, k: usize) -> Option<&'a TokenTree> {
        self.toks.get(self.pos.saturating_add(k))
    }

    fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    fn bump(&mut self) {
        self.pos = self.pos.saturating_add(1);
    }

    fn is_punct(&self, c: char) -> bool {
        is_punct(self.peek(), c)
    }

    fn eat_punct(&mut self, c: char) -> bool {
        let yes = self.is_punct(c);
        if yes {
            self.bump();
        }
        yes
    }

    fn span(&self) -> Span {
        self.peek().map_or(self.end, TokenTree::span)
    }

    fn found(&self) -> String {
        match self.peek() {
            Some(t) => describe(t),
            None => self.end_desc.to_string(),
        }
    }

    fn expected(&self, what: &str) -> syn::Error {
        syn::Error::new(self.span(), format!("expected {what}, found {}", self.found()))
    }

    /// The tokens from `from` to the cursor.
    fn since(&self, from: usize) -> &'a [TokenTree] {
        self.toks.get(from..self.pos).unwrap_or(&[])
    }

    /// A segment override `fs:` at the cursor.
    fn seg(&self) -> Option<Seg> {
        let s = Seg::from_name(&ident_name(self.peek())?)?;
        (is_punct(self.peek_at(1), ':') && !is_path_sep(self.peek_at(1), self.peek_at(2))).then_some(s)
    }

    /// A label reference (`name` that is not a register, or `@name`) at the cursor, consumed.
    fn label_ref(&mut self) -> Option<LabelName> {
        match self.peek() {
            Some(TokenTree::Ident(id)) => {
                let n = id.unraw().to_string();
                if Reg::from_name(&n).is_some() || is_path_sep(self.peek_at(1), self.peek_at(2)) {
                    return None;
                }
                self.bump();
                Some(LabelName::Local(n))
            }
            Some(TokenTree::Punct(p)) if p.as_char() == '@' => {
                let n = ident_name(self.peek_at(1))?;
                self.pos += 2;
                Some(LabelName::Global(n))
            }
            _ => None,
        }
    }

    /// A label definition (`name:`, `@name:`, `{expr}:`) at the cursor.
    fn at_label_def(&self) -> bool {
        match self.peek() {
            Some(TokenTree::Ident(_)) => is_label_colon(self.peek_at(1), self.peek_at(2)),
            Some(TokenTree::Punct(p)) if p.as_char() == '@' => {
                matches!(self.peek_at(1), Some(TokenTree::Ident(_)))
                    && is_label_colon(self.peek_at(2), self.peek_at(3))
            }
            t => brace(t).is_some() && is_label_colon(self.peek_at(1), self.peek_at(2)),
        }
    }
}

// ----- literals ------------------------------------------------------------------------------

/// What a literal token holds, as far as assembly cares.
enum LitValue {
    Int(i128),
    Float(f64),
    Bytes(Vec<u8>),
}

fn is_int_suffix(s: &str) -> bool {
    matches!(
        s,
        "" | "u8"
            | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
    )
}

fn is_float_suffix(s: &str) -> bool {
    s == "f32" || s == "f64"
}

fn too_large(span: Span) -> syn::Error {
    syn::Error::new(span, "integer too large: a value must fit 64 bits")
}

/// The value of a literal token, negated when `neg`.
fn lit_value(l: &Literal, neg: bool) -> syn::Result<LitValue> {
    let span = l.span();
    let v = match syn::Lit::new(l.clone()) {
        syn::Lit::Int(i) if is_float_suffix(i.suffix()) => {
            let f: f64 = i.base10_digits().parse().map_err(|_| too_large(span))?;
            return Ok(LitValue::Float(if neg { -f } else { f }));
        }
        syn::Lit::Int(i) if !is_int_suffix(i.suffix()) => {
            return Err(syn::Error::new(
                span,
                format!("unknown suffix `{}` on integer literal (write hexadecimal as `0x2a`)", i.suffix()),
            ));
        }
        syn::Lit::Int(i) => {
            let digits = i.base10_digits();
            let (neg, digits) = match digits.strip_prefix('-') {
                Some(d) => (!neg, d),
                None => (neg, digits),
            };
            let v: u128 = digits.parse().map_err(|_| too_large(span))?;
            if v > u128::from(u64::MAX) {
                return Err(too_large(span));
            }
            let v = v as i128;
            let v = if neg { -v } else { v };
            if v < i128::from(i64::MIN) {
                return Err(too_large(span));
            }
            return Ok(LitValue::Int(v));
        }
        syn::Lit::Float(f) => {
            let v: f64 = f
                .base10_digits()
                .parse()
                .map_err(|_| syn::Error::new(span, "invalid floating-point literal"))?;
            return Ok(LitValue::Float(if neg { -v } else { v }));
        }
        syn::Lit::Char(c) => i128::from(u32::from(c.value())),
        syn::Lit::Byte(b) => i128::from(b.value()),
        syn::Lit::Str(s) if !neg => return Ok(LitValue::Bytes(s.value().into_bytes())),
        syn::Lit::ByteStr(s) if !neg => return Ok(LitValue::Bytes(s.value())),
        syn::Lit::CStr(s) if !neg => return Ok(LitValue::Bytes(s.value().into_bytes_with_nul())),
        _ => {
            return Err(syn::Error::new(
                span,
                format!("expected a number, found {}", describe(&TokenTree::Literal(l.clone()))),
            ))
        }
    };
    Ok(LitValue::Int(if neg { -v } else { v }))
}

/// An integer (or character) literal.
fn int_value(l: &Literal, neg: bool) -> syn::Result<i128> {
    match lit_value(l, neg)? {
        LitValue::Int(v) => Ok(v),
        LitValue::Float(_) => {
            Err(syn::Error::new(l.span(), "a floating-point literal is only allowed in `dd` and `dq`"))
        }
        LitValue::Bytes(_) => Err(syn::Error::new(l.span(), "a string is only allowed in `db`")),
    }
}

fn scale_of(v: i128, span: Span) -> syn::Result<u8> {
    match v {
        1 | 2 | 4 | 8 => Ok(v as u8),
        _ => Err(syn::Error::new(span, format!("scale must be 1, 2, 4 or 8, found {v}"))),
    }
}

/// The register class of a register hole keyword (`r64{e}` ...).
fn reg_hole_class(name: &str) -> Option<RegClass> {
    Some(match name.to_ascii_lowercase().as_str() {
        "r64" => RegClass::Gpr64,
        "r32" => RegClass::Gpr32,
        "r16" => RegClass::Gpr16,
        "r8" => RegClass::Gpr8,
        "xmm" => RegClass::Xmm,
        _ => return None,
    })
}

/// True if `name` starts a statement: an instruction, prefix or directive.
fn is_statement_word(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    matches!(lower.as_str(), "db" | "dw" | "dd" | "dq" | "align" | "times")
        || Prefix::from_name(&lower).is_some()
        || !forms_of(&canonical_mnemonic(&lower)).is_empty()
}

// ----- the parser ----------------------------------------------------------------------------

struct Parser {
    program: Program,
    holes: Vec<Hole>,
    spans: Vec<StmtSpans>,
    /// What `times` may still produce.
    budget: u64,
}

/// One parsed statement body.
struct Body {
    kind: StmtKind,
    text: String,
    spans: StmtSpans,
}

/// A label or `{...}` term of a memory operand.
enum Ref {
    Name(LabelName),
    Hole(usize),
}

/// One term of a memory operand.
enum Term {
    /// A register (a placeholder for a hole), with its hole and scale.
    Reg { reg: Reg, hole: Option<usize>, scale: Option<u8> },
    /// A label name.
    Label(LabelName),
    /// A constant.
    Const(i128),
    /// `{expr}`: a displacement, or with `rip` a label.
    Hole(usize),
}

impl Parser {
    fn push(&mut self, kind: StmtKind, text: String, spans: StmtSpans) {
        self.program.stmts.push(Stmt { kind, span: AstSpan::default(), text });
        self.spans.push(spans);
    }

    /// A `{expr}` hole: parses the expression and numbers it.
    fn hole(&mut self, g: &Group) -> syn::Result<usize> {
        if g.stream().is_empty() {
            return Err(syn::Error::new(g.span(), "expected a Rust expression inside `{}`"));
        }
        if too_complex(g.stream()) {
            return Err(syn::Error::new(
                g.span(),
                "expression too long for a hole: bind it to a variable first (`let v = ...;`) and write `{v}`",
            ));
        }
        // Parsed with its braces, so that a truncated expression is reported at the `}`.
        let HoleExpr(expr) = syn::parse2(TokenStream::from(TokenTree::Group(g.clone())))?;
        self.holes.push(Hole { expr, span: g.span() });
        Ok(self.holes.len() - 1)
    }

    /// The tokens between two `;`: label definitions, then at most one statement.
    fn segment(&mut self, c: &mut Cursor) -> syn::Result<()> {
        while c.at_label_def() {
            let start = c.pos;
            let (name, span) = match c.peek() {
                Some(TokenTree::Ident(id)) => {
                    let n = id.unraw().to_string();
                    if Reg::from_name(&n).is_some() {
                        return Err(syn::Error::new(
                            id.span(),
                            format!("`{n}` is a register and cannot be a label name"),
                        ));
                    }
                    c.bump();
                    (LabelName::Local(n), id.span())
                }
                Some(TokenTree::Punct(_)) => {
                    c.bump();
                    let Some(TokenTree::Ident(id)) = c.peek() else {
                        return Err(c.expected("a label name after `@`"));
                    };
                    c.bump();
                    (LabelName::Global(id.unraw().to_string()), id.span())
                }
                t => {
                    let Some(g) = brace(t) else {
                        return Err(c.expected("a label"));
                    };
                    c.bump();
                    (LabelName::Dynamic(self.hole(g)?), g.span())
                }
            };
            c.bump(); // the colon
            let toks = c.since(start);
            let label = self.program.label(name);
            let spans = StmtSpans { stmt: span_of(toks, span), mnemonic: span, operands: Vec::new() };
            self.push(StmtKind::Label(label), render(toks), spans);
        }
        if c.at_end() {
            return Ok(());
        }
        if is_keyword(c.peek(), "times") {
            return self.times(c);
        }
        let b = self.body(c)?;
        self.push(b.kind, b.text, b.spans);
        Ok(())
    }

    /// `times N statement`.
    fn times(&mut self, c: &mut Cursor) -> syn::Result<()> {
        let kw = c.span();
        c.bump();
        let count_start = c.pos;
        let n = match c.peek() {
            Some(TokenTree::Literal(l)) => {
                c.bump();
                int_value(l, false)?
            }
            Some(TokenTree::Punct(p)) if p.as_char() == '-' => match c.peek_at(1) {
                Some(TokenTree::Literal(l)) => {
                    c.pos += 2;
                    int_value(l, true)?
                }
                _ => return Err(c.expected("a repeat count after `times`")),
            },
            t if brace(t).is_some() => {
                return Err(syn::Error::new(
                    c.span(),
                    "the repeat count of `times` must be an integer literal (repeat in Rust for a computed count)",
                ))
            }
            _ => return Err(c.expected("a repeat count after `times`")),
        };
        if !(0..=i128::from(MAX_TIMES)).contains(&n) {
            return Err(error_over(
                c.since(count_start),
                format!("repeat count must be between 0 and {MAX_TIMES}, found {n}"),
            ));
        }
        let n = n as u64;
        if c.at_end() {
            return Err(c.expected(&format!("a statement after `times {n}`")));
        }
        if is_keyword(c.peek(), "times") {
            return Err(syn::Error::new(c.span(), "nested `times` is not supported"));
        }
        if c.at_label_def() {
            return Err(syn::Error::new(c.span(), "a label cannot be repeated with `times`"));
        }
        let b = self.body(c)?;
        let weight = b.kind.repeat_weight();
        let cost = n.saturating_mul(weight);
        if cost > self.budget {
            return Err(syn::Error::new(
                kw,
                format!("`times` repeats too much: at most {TIMES_BUDGET} statements or data items per invocation"),
            ));
        }
        self.budget -= cost;
        if n == 0 {
            return Ok(());
        }
        match b.kind {
            StmtKind::Directive(Directive::Data { width, items }) => {
                let all: Vec<DataItem> = (0..n).flat_map(|_| items.iter().cloned()).collect();
                let spans: Vec<Span> = (0..n).flat_map(|_| b.spans.operands.iter().copied()).collect();
                let text = format!("times {n} {}", b.text);
                let spans = StmtSpans { operands: spans, ..b.spans };
                self.push(StmtKind::Directive(Directive::Data { width, items: all }), text, spans);
            }
            kind => {
                for _ in 0..n {
                    self.push(kind.clone(), b.text.clone(), b.spans.clone());
                }
            }
        }
        Ok(())
    }

    /// A directive or an instruction.
    fn body(&mut self, c: &mut Cursor) -> syn::Result<Body> {
        let Some(TokenTree::Ident(id)) = c.peek() else {
            if brace(c.peek()).is_some() {
                return Err(c.expected("an instruction, directive or label (`{label}:` binds a label)"));
            }
            return Err(c.expected("an instruction, directive or label"));
        };
        let name = id.unraw().to_string();
        let width = match name.to_ascii_lowercase().as_str() {
            "db" => 1,
            "dw" => 2,
            "dd" => 4,
            "dq" => 8,
            "align" => {
                c.bump();
                return self.align(c, &name, id.span());
            }
            _ => return self.instruction(c),
        };
        c.bump();
        self.data(c, width, &name, id.span())
    }

    /// `align N`.
    fn align(&mut self, c: &mut Cursor, name: &str, kw: Span) -> syn::Result<Body> {
        let start = c.pos;
        let v = match c.peek() {
            Some(TokenTree::Literal(l)) => {
                c.bump();
                int_value(l, false)?
            }
            Some(TokenTree::Punct(p)) if p.as_char() == '-' => match c.peek_at(1) {
                Some(TokenTree::Literal(l)) => {
                    c.pos += 2;
                    int_value(l, true)?
                }
                _ => return Err(c.expected(&format!("an alignment after `{name}`"))),
            },
            _ => return Err(c.expected(&format!("an alignment after `{name}`"))),
        };
        let toks = c.since(start);
        if v <= 0 {
            return Err(error_over(toks, format!("alignment must be a positive integer, found {v}")));
        }
        if v > i128::from(MAX_ALIGN) {
            return Err(error_over(toks, format!("alignment {v} is too large (at most {MAX_ALIGN})")));
        }
        if !c.at_end() {
            return Err(c.expected(&format!("`;` after `{name} {v}`")));
        }
        let spans = StmtSpans { stmt: kw, mnemonic: kw, operands: vec![span_of(toks, kw)] };
        Ok(Body {
            kind: StmtKind::Directive(Directive::Align(v as u64)),
            text: format!("{name} {}", render(toks)),
            spans,
        })
    }

    /// `db`/`dw`/`dd`/`dq` items.
    fn data(&mut self, c: &mut Cursor, width: u8, name: &str, kw: Span) -> syn::Result<Body> {
        if c.at_end() {
            return Err(c.expected(&format!("a value after `{name}`")));
        }
        let first = c.pos.saturating_sub(1);
        let mut items = Vec::new();
        let mut spans = Vec::new();
        let mut texts = Vec::new();
        loop {
            let start = c.pos;
            let item = self.data_item(c, width, name)?;
            let toks = c.since(start);
            items.push(item);
            spans.push(span_of(toks, kw));
            texts.push(render(toks));
            if c.at_end() {
                break;
            }
            if !c.eat_punct(',') {
                return Err(c.expected("`,` or `;` after data item"));
            }
        }
        Ok(Body {
            kind: StmtKind::Directive(Directive::Data { width, items }),
            text: format!("{name} {}", texts.join(", ")),
            spans: StmtSpans { stmt: span_of(c.since(first), kw), mnemonic: kw, operands: spans },
        })
    }

    fn data_item(&mut self, c: &mut Cursor, width: u8, name: &str) -> syn::Result<DataItem> {
        let start = c.pos;
        let (lit, neg) = match c.peek() {
            Some(TokenTree::Literal(l)) => (l, false),
            Some(TokenTree::Punct(p)) if p.as_char() == '-' => match c.peek_at(1) {
                Some(TokenTree::Literal(l)) => {
                    c.bump();
                    (l, true)
                }
                _ => {
                    c.bump();
                    return Err(c.expected("a number after `-`"));
                }
            },
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                c.bump();
                return Ok(DataItem::Hole(self.hole(g)?));
            }
            Some(TokenTree::Ident(id)) if Reg::from_name(&id.unraw().to_string()).is_some() => {
                return Err(syn::Error::new(
                    id.span(),
                    format!("expected a value in `{name}`, found register `{}`", id.unraw()),
                ));
            }
            Some(TokenTree::Ident(id)) if is_path_sep(c.peek_at(1), c.peek_at(2)) => {
                return Err(syn::Error::new(
                    id.span(),
                    "a Rust path or expression must be written in braces, as in `{...}`",
                ));
            }
            _ => {
                let Some(a) = c.label_ref() else {
                    return Err(c.expected(&format!("a number, string, label or `{{...}}` in `{name}`")));
                };
                if c.eat_punct('-') {
                    let Some(b) = c.label_ref() else {
                        return Err(c.expected("a label after `-` (a label difference is `a - b`)"));
                    };
                    let (a, b) = (self.program.label(a), self.program.label(b));
                    return Ok(DataItem::LabelDiff(a, b));
                }
                if width != 8 {
                    return Err(error_over(
                        c.since(start),
                        format!(
                            "a label address needs `dq`, not `{name}` (a difference `a - b` fits any width)"
                        ),
                    ));
                }
                return Ok(DataItem::Label(self.program.label(a)));
            }
        };
        c.bump();
        match lit_value(lit, neg)? {
            LitValue::Int(v) => Ok(DataItem::Int(v)),
            LitValue::Float(f) => {
                if width < 4 {
                    return Err(error_over(
                        c.since(start),
                        format!("float literals need `dd` or `dq`, not `{name}`"),
                    ));
                }
                Ok(DataItem::Float(f))
            }
            LitValue::Bytes(b) => {
                if width != 1 {
                    return Err(syn::Error::new(
                        lit.span(),
                        format!("strings are only allowed in `db`, not `{name}`"),
                    ));
                }
                Ok(DataItem::Bytes(b))
            }
        }
    }

    /// An instruction: prefix, mnemonic, operands.
    fn instruction(&mut self, c: &mut Cursor) -> syn::Result<Body> {
        let start = c.pos;
        let mut prefix = None;
        let mut prefix_text = String::new();
        if let Some(n) = ident_name(c.peek()) {
            if let Some(p) = Prefix::from_name(&n) {
                c.bump();
                if !matches!(c.peek(), Some(TokenTree::Ident(_))) {
                    return Err(c.expected(&format!("an instruction after `{n}`")));
                }
                prefix = Some(p);
                prefix_text = format!("{n} ");
            }
        }
        let Some(TokenTree::Ident(id)) = c.peek() else {
            return Err(c.expected("an instruction"));
        };
        let mnemonic = id.unraw().to_string();
        let mspan = id.span();
        c.bump();
        let forms = forms_of(&canonical_mnemonic(&mnemonic));
        let mut operands = Vec::new();
        let mut holes = Vec::new();
        let mut spans = Vec::new();
        let mut texts = Vec::new();
        if !c.at_end() {
            loop {
                let i = operands.len();
                let branch = takes_branch_target(forms, i);
                if c.at_end() || c.is_punct(',') {
                    return Err(c.expected("an operand"));
                }
                let s = c.pos;
                let (op, h) = self.operand(c, i, branch)?;
                let toks = c.since(s);
                operands.push(op);
                holes.push(h);
                spans.push(span_of(toks, mspan));
                texts.push(render(toks));
                if c.at_end() {
                    break;
                }
                if !c.eat_punct(',') {
                    return Err(after_operand(c));
                }
            }
        }
        let text = if texts.is_empty() {
            format!("{prefix_text}{mnemonic}")
        } else {
            format!("{prefix_text}{mnemonic} {}", texts.join(", "))
        };
        let n = operands.len();
        let stmt = span_of(c.since(start), mspan);
        Ok(Body {
            kind: StmtKind::Instr(Instr {
                prefix,
                mnemonic,
                operands,
                span: AstSpan::default(),
                operand_spans: vec![AstSpan::default(); n],
                holes,
                deco: Default::default(),
                deco_spans: Default::default(),
                mask_hole: None,
            }),
            text,
            spans: StmtSpans { stmt, mnemonic: mspan, operands: spans },
        })
    }

    /// One operand; `branch` when the instruction takes a branch target at this position.
    fn operand(
        &mut self,
        c: &mut Cursor,
        index: usize,
        branch: bool,
    ) -> syn::Result<(Operand, OperandHoles)> {
        let none = OperandHoles::default();
        let value = |h: usize| OperandHoles { value: Some(h), ..OperandHoles::default() };
        let Some(t) = c.peek() else {
            return Err(c.expected("an operand"));
        };
        match t {
            TokenTree::Ident(id) => {
                let name = id.unraw().to_string();
                let lower = name.to_ascii_lowercase();
                let more = c.peek_at(1).is_some() && !is_punct(c.peek_at(1), ',');
                if let (Some(class), Some(g)) = (reg_hole_class(&lower), brace(c.peek_at(1))) {
                    c.pos += 2;
                    let h = self.hole(g)?;
                    return Ok((Operand::Hole(HoleKind::Reg(class), BranchHint::Auto), value(h)));
                }
                if branch && more && (lower == "short" || lower == "near") {
                    c.bump();
                    let hint = if lower == "short" { BranchHint::Short } else { BranchHint::Near };
                    return self.target(c, hint, &lower);
                }
                if let Some(size) = Size::from_keyword(&name) {
                    if !branch || more {
                        c.bump();
                        let mut kw = name.clone();
                        if is_keyword(c.peek(), "ptr") {
                            kw = format!("{kw} {}", ident_name(c.peek()).unwrap_or_default());
                            c.bump();
                        }
                        return self.memory(c, Some(size), &kw);
                    }
                }
                if lower == "ptr" && more {
                    return Err(syn::Error::new(
                        id.span(),
                        "`ptr` needs a size keyword before it, as in `qword ptr [...]`",
                    ));
                }
                if c.seg().is_some() {
                    return self.memory(c, None, "");
                }
                if is_path_sep(c.peek_at(1), c.peek_at(2)) {
                    return Err(syn::Error::new(
                        id.span(),
                        "a Rust path or expression must be written in braces, as in `{...}`",
                    ));
                }
                if is_label_colon(c.peek_at(1), c.peek_at(2)) {
                    return Err(syn::Error::new(
                        id.span(),
                        format!("expected an operand, found label definition `{name}:` (a `;` is probably missing before it)"),
                    ));
                }
                if let Some(r) = Reg::from_name(&name) {
                    if r.class == RegClass::Rip {
                        return Err(syn::Error::new(
                            id.span(),
                            "`rip` can only be a memory base, as in `[rip + label]`",
                        ));
                    }
                    c.bump();
                    return Ok((Operand::Reg(r), none));
                }
                if branch {
                    c.bump();
                    let l = self.program.label(LabelName::Local(name));
                    return Ok((Operand::Label(l, BranchHint::Auto), none));
                }
                if Seg::from_name(&name).is_some() {
                    return Err(syn::Error::new(
                        id.span(),
                        format!(
                            "segment register `{name}` can only be a memory override, as in `{name}:[...]`"
                        ),
                    ));
                }
                let mut msg = format!("unknown register `{name}`");
                if index == 0 && is_statement_word(&name) {
                    msg.push_str(&format!(" (`{name}` starts a statement: is a `;` missing before it?)"));
                }
                Err(syn::Error::new(id.span(), msg))
            }
            TokenTree::Punct(p) if p.as_char() == '@' => {
                if branch {
                    return self.target(c, BranchHint::Auto, "");
                }
                let shown = ident_name(c.peek_at(1)).unwrap_or_else(|| "name".to_string());
                Err(syn::Error::new(
                    p.span(),
                    format!("a label `@{shown}` can only be a branch target or used as `[rip + @{shown}]`"),
                ))
            }
            TokenTree::Punct(p) if p.as_char() == '-' => match c.peek_at(1) {
                Some(TokenTree::Literal(l)) => {
                    c.pos += 2;
                    Ok((Operand::Imm(int_value(l, true)?), none))
                }
                Some(t) if brace(Some(t)).is_some() => {
                    Err(syn::Error::new(t.span(), "negate inside the braces instead, as in `{-x}`"))
                }
                _ => {
                    c.bump();
                    Err(c.expected("a number after `-`"))
                }
            },
            TokenTree::Literal(l) => {
                c.bump();
                Ok((Operand::Imm(int_value(l, false)?), none))
            }
            TokenTree::Group(g) => match g.delimiter() {
                Delimiter::Brace => {
                    c.bump();
                    let h = self.hole(g)?;
                    let kind = if branch { HoleKind::Target } else { HoleKind::Imm };
                    Ok((Operand::Hole(kind, BranchHint::Auto), value(h)))
                }
                Delimiter::Bracket => self.memory(c, None, ""),
                _ => Err(syn::Error::new(
                    g.span(),
                    "parentheses are not allowed here; write a Rust expression in braces, as in `{...}`",
                )),
            },
            _ => Err(c.expected("an operand")),
        }
    }

    /// A branch target after `short`/`near` (`kw`), or `@name`.
    fn target(&mut self, c: &mut Cursor, hint: BranchHint, kw: &str) -> syn::Result<(Operand, OperandHoles)> {
        if let Some(g) = brace(c.peek()) {
            c.bump();
            let h = self.hole(g)?;
            return Ok((
                Operand::Hole(HoleKind::Target, hint),
                OperandHoles { value: Some(h), ..OperandHoles::default() },
            ));
        }
        match c.label_ref() {
            Some(name) => Ok((Operand::Label(self.program.label(name), hint), OperandHoles::default())),
            None if kw.is_empty() => {
                c.bump();
                Err(c.expected("a label name after `@`"))
            }
            None => Err(c.expected(&format!("a label or `{{...}}` after `{kw}`"))),
        }
    }

    /// A memory operand after its size keyword (`kw` names it for messages).
    fn memory(
        &mut self,
        c: &mut Cursor,
        size: Option<Size>,
        kw: &str,
    ) -> syn::Result<(Operand, OperandHoles)> {
        let mut m = Mem { size, scale: 1, ..Mem::default() };
        let mut seg_kw = String::new();
        if let Some(s) = c.seg() {
            seg_kw = format!("{}:", ident_name(c.peek()).unwrap_or_default());
            m.seg = Some(s);
            c.pos += 2;
        }
        let g = match c.peek() {
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Bracket => g,
            _ => {
                return Err(if !seg_kw.is_empty() {
                    c.expected(&format!("`[` after `{seg_kw}`"))
                } else if !kw.is_empty() {
                    c.expected(&format!("`[` after `{kw}`"))
                } else {
                    c.expected("`[`")
                })
            }
        };
        c.bump();
        let inner = flatten_stream(g.stream());
        let mut ic = Cursor { toks: &inner, pos: 0, end: g.span_close(), end_desc: "`]`" };
        if inner.is_empty() {
            return Err(syn::Error::new(
                g.span(),
                "empty memory operand: expected a register, number or `{...}`",
            ));
        }
        if m.seg.is_none() {
            if let Some(s) = ic.seg() {
                m.seg = Some(s);
                ic.pos += 2;
            }
        }

        let mut holes = OperandHoles::default();
        let mut regs: Vec<(Reg, Option<usize>, Option<u8>, Span)> = Vec::new();
        // Labels and `{...}` terms in order: a name, or a hole.
        let mut refs: Vec<(Ref, Span)> = Vec::new();
        let mut disp: i128 = 0;
        let mut first = true;
        loop {
            let mut neg = false;
            if first {
                if ic.eat_punct('-') {
                    neg = true;
                } else {
                    ic.eat_punct('+');
                }
            } else if ic.at_end() {
                break;
            } else if ic.eat_punct('-') {
                neg = true;
            } else if !ic.eat_punct('+') {
                return Err(ic.expected("`+`, `-` or `]` in memory operand"));
            }
            first = false;
            let start = ic.pos;
            let term = self.mem_term(&mut ic)?;
            let toks = ic.since(start);
            let span = span_of(toks, g.span());
            match term {
                Term::Reg { reg, hole, scale } => {
                    if neg {
                        return Err(error_over(toks, "a register cannot be subtracted"));
                    }
                    if regs.len() == 2 {
                        return Err(error_over(toks, "a memory operand has at most two registers"));
                    }
                    if scale.is_some() && regs.iter().any(|r| r.2.is_some()) {
                        return Err(error_over(toks, "only one register can be scaled"));
                    }
                    regs.push((reg, hole, scale, span));
                }
                Term::Label(name) => {
                    if neg {
                        return Err(error_over(toks, "a label cannot be subtracted"));
                    }
                    refs.push((Ref::Name(name), span));
                }
                Term::Hole(h) => {
                    if neg {
                        return Err(error_over(
                            toks,
                            "a `{...}` term cannot be subtracted; negate inside the braces, as in `{-x}`",
                        ));
                    }
                    refs.push((Ref::Hole(h), span));
                }
                Term::Const(v) => {
                    disp = if neg { disp.checked_sub(v) } else { disp.checked_add(v) }
                        .ok_or_else(|| error_over(toks, "displacement too large"))?;
                }
            }
        }

        for &(reg, hole, scale, span) in &regs {
            if reg.class == RegClass::Rip {
                if scale.is_some() {
                    return Err(syn::Error::new(span, "`rip` cannot be scaled"));
                }
                if regs.len() > 1 {
                    return Err(syn::Error::new(span, "`rip` cannot be combined with another register"));
                }
            }
            let (reg, is_index) = match scale {
                Some(s) => {
                    m.scale = s;
                    (reg, true)
                }
                None if m.base.is_none() => (reg, false),
                None => {
                    m.scale = 1;
                    (reg, true)
                }
            };
            if is_index {
                m.index = Some(if hole.is_some() { Reg::new(reg.class, 1) } else { reg });
                holes.index = hole;
            } else {
                m.base = Some(if hole.is_some() { Reg::new(reg.class, 0) } else { reg });
                holes.base = hole;
            }
        }

        let rip = m.base.is_some_and(|b| b.class == RegClass::Rip);
        for (r, span) in refs {
            match r {
                Ref::Name(name) if rip => {
                    if m.label.is_some() {
                        return Err(syn::Error::new(span, "a memory operand can refer to one label only"));
                    }
                    m.label = Some(self.program.label(name));
                }
                Ref::Hole(h) if rip => {
                    if m.label.is_some() {
                        return Err(syn::Error::new(span, "a memory operand can refer to one label only"));
                    }
                    m.label = Some(self.program.label(LabelName::Dynamic(h)));
                    holes.disp = Some(h);
                }
                Ref::Name(LabelName::Local(n)) => {
                    return Err(syn::Error::new(
                        span,
                        format!("unknown register `{n}` (a label in a memory operand needs `rip` as base, as in `[rip + {n}]`)"),
                    ));
                }
                Ref::Name(name) => {
                    return Err(syn::Error::new(
                        span,
                        format!("a label in a memory operand needs `rip` as base, as in `[rip + {name}]`"),
                    ));
                }
                Ref::Hole(h) => {
                    if holes.disp.is_some() {
                        return Err(syn::Error::new(
                            span,
                            "a memory operand can have one `{...}` displacement only (add the values inside the braces)",
                        ));
                    }
                    holes.disp = Some(h);
                }
            }
        }
        if !(i128::from(i64::MIN)..=i128::from(u64::MAX)).contains(&disp) {
            return Err(syn::Error::new(g.span(), "displacement too large"));
        }
        m.disp = disp as i64;
        if m.index.is_none() {
            m.scale = 1;
        }
        Ok((Operand::Mem(m), holes))
    }

    /// One term of a memory operand: `reg`, `reg*s`, `s*reg`, a register hole (optionally
    /// scaled), a number, a label or `{expr}`.
    fn mem_term(&mut self, c: &mut Cursor) -> syn::Result<Term> {
        const WHAT: &str = "a register, number or `{...}` in memory operand";
        let Some(t) = c.peek() else {
            return Err(c.expected(WHAT));
        };
        match t {
            TokenTree::Ident(id) => {
                let name = id.unraw().to_string();
                if let (Some(class), Some(g)) = (reg_hole_class(&name), brace(c.peek_at(1))) {
                    c.pos += 2;
                    let hole = Some(self.hole(g)?);
                    let scale = self.scale(c)?;
                    return Ok(Term::Reg { reg: Reg::new(class, 0), hole, scale });
                }
                if let Some(reg) = Reg::from_name(&name) {
                    c.bump();
                    let scale = self.scale(c)?;
                    return Ok(Term::Reg { reg, hole: None, scale });
                }
                if name.eq_ignore_ascii_case("eip") || name.eq_ignore_ascii_case("ip") {
                    return Err(syn::Error::new(
                        id.span(),
                        format!("`{name}`-relative addressing is not supported; use `rip`"),
                    ));
                }
                if is_path_sep(c.peek_at(1), c.peek_at(2)) {
                    return Err(syn::Error::new(
                        id.span(),
                        "a Rust path or expression must be written in braces, as in `{...}`",
                    ));
                }
                c.bump();
                Ok(Term::Label(LabelName::Local(name)))
            }
            TokenTree::Punct(p) if p.as_char() == '@' => {
                c.bump();
                let Some(n) = ident_name(c.peek()) else {
                    return Err(c.expected("a label name after `@`"));
                };
                c.bump();
                Ok(Term::Label(LabelName::Global(n)))
            }
            TokenTree::Literal(l) => {
                c.bump();
                let v = int_value(l, false)?;
                if !c.eat_punct('*') {
                    return Ok(Term::Const(v));
                }
                let scale = Some(scale_of(v, l.span())?);
                if let Some(name) = ident_name(c.peek()) {
                    if let (Some(class), Some(g)) = (reg_hole_class(&name), brace(c.peek_at(1))) {
                        c.pos += 2;
                        let hole = Some(self.hole(g)?);
                        return Ok(Term::Reg { reg: Reg::new(class, 0), hole, scale });
                    }
                    if let Some(reg) = Reg::from_name(&name) {
                        c.bump();
                        return Ok(Term::Reg { reg, hole: None, scale });
                    }
                }
                Err(c.expected("a register after `*`"))
            }
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                c.bump();
                Ok(Term::Hole(self.hole(g)?))
            }
            _ => Err(c.expected(WHAT)),
        }
    }

    /// An optional `* scale` after a register.
    fn scale(&mut self, c: &mut Cursor) -> syn::Result<Option<u8>> {
        if !c.eat_punct('*') {
            return Ok(None);
        }
        match c.peek() {
            Some(TokenTree::Literal(l)) => {
                c.bump();
                let v = int_value(l, false)?;
                Ok(Some(scale_of(v, l.span())?))
            }
            Some(t) if brace(Some(t)).is_some() => {
                Err(syn::Error::new(t.span(), "scale must be a literal 1, 2, 4 or 8"))
            }
            _ => Err(c.expected("a scale (1, 2, 4 or 8) after `*`")),
        }
    }
}

/// The error for a token after an operand that is neither `,` nor the end of the statement.
fn after_operand(c: &Cursor) -> syn::Error {
    let found = c.found();
    let mut msg = format!("expected `,` or `;` after operand, found {found}");
    match c.peek() {
        Some(TokenTree::Ident(_) | TokenTree::Literal(_)) => {
            msg.push_str(" (a `;` is probably missing before it)");
        }
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
            msg.push_str(" (a `;` is probably missing before it)");
        }
        Some(TokenTree::Punct(p)) if "+-*/%&|^!<>~".contains(p.as_char()) => {
            msg.push_str(" (a computed value must be a Rust expression in braces, as in `{...}`)");
        }
        _ => {}
    }
    syn::Error::new(c.span(), msg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use asm_runtime::operand::Label;
    use quote::quote;

    fn messages(e: syn::Error) -> Vec<String> {
        e.into_iter().map(|e| e.to_string()).collect()
    }

    fn ok(ts: TokenStream) -> Parsed {
        match parse(ts) {
            Ok(p) => {
                check_invariants(&p);
                p
            }
            Err(e) => panic!("unexpected errors: {:?}", messages(e)),
        }
    }

    /// Spans are parallel to statements, operands and data items; holes and labels exist.
    fn check_invariants(p: &Parsed) {
        assert_eq!(p.spans.len(), p.program.stmts.len());
        for (s, sp) in p.program.stmts.iter().zip(&p.spans) {
            let in_range = |h: Option<usize>| h.is_none_or(|h| h < p.holes.len());
            let label_ok = |l: Label| (l.index() as usize) < p.program.labels.len();
            match &s.kind {
                StmtKind::Instr(ins) => {
                    assert_eq!(sp.operands.len(), ins.operands.len(), "{}", s.text);
                    assert_eq!(ins.operand_spans.len(), ins.operands.len());
                    assert_eq!(ins.holes.len(), ins.operands.len());
                    for (o, h) in ins.operands.iter().zip(&ins.holes) {
                        assert!(
                            in_range(h.value) && in_range(h.base) && in_range(h.index) && in_range(h.disp)
                        );
                        assert_eq!(matches!(o, Operand::Hole(..)), h.value.is_some(), "{}", s.text);
                        match o {
                            Operand::Label(l, _) => assert!(label_ok(*l)),
                            Operand::Mem(m) => {
                                assert!(m.label.is_none_or(label_ok));
                                assert!(matches!(m.scale, 1 | 2 | 4 | 8));
                                assert!(m.index.is_some() || m.scale == 1);
                                assert!(h.base.is_none() || m.base.is_some_and(|b| b.num == 0));
                                assert!(h.index.is_none() || m.index.is_some_and(|x| x.num == 1));
                            }
                            _ => {}
                        }
                    }
                }
                StmtKind::Directive(Directive::Data { items, .. }) => {
                    assert_eq!(sp.operands.len(), items.len(), "{}", s.text);
                    for it in items {
                        match it {
                            DataItem::Hole(h) => assert!(*h < p.holes.len()),
                            DataItem::Label(l) => assert!(label_ok(*l)),
                            DataItem::LabelDiff(a, b) => assert!(label_ok(*a) && label_ok(*b)),
                            _ => {}
                        }
                    }
                }
                StmtKind::Directive(Directive::Align(n)) => assert!(*n > 0),
                StmtKind::Label(l) => assert!(label_ok(*l)),
            }
        }
        for l in &p.program.labels {
            if let LabelName::Dynamic(h) = l {
                assert!(*h < p.holes.len());
            }
        }
    }

    /// Every error message of an invocation that must fail.
    fn errs(ts: TokenStream) -> Vec<String> {
        match parse(ts) {
            Ok(p) => panic!("expected errors, parsed {:?}", p.program),
            Err(e) => messages(e),
        }
    }

    /// The single error message of an invocation that must fail.
    fn err(ts: TokenStream) -> String {
        let es = errs(ts);
        assert_eq!(es.len(), 1, "{es:?}");
        es.into_iter().next().unwrap_or_default()
    }

    fn kinds(p: &Parsed) -> Vec<StmtKind> {
        p.program.stmts.iter().map(|s| s.kind.clone()).collect()
    }

    fn texts(p: &Parsed) -> Vec<String> {
        p.program.stmts.iter().map(|s| s.text.clone()).collect()
    }

    fn instr(p: &Parsed, i: usize) -> Instr {
        match p.program.stmts.get(i).map(|s| &s.kind) {
            Some(StmtKind::Instr(ins)) => ins.clone(),
            k => panic!("statement {i} is not an instruction: {k:?}"),
        }
    }

    /// The operands of the only instruction of `a; <stmt>`.
    fn ops(stmt: TokenStream) -> Vec<Operand> {
        let p = ok(quote!(a; #stmt));
        assert_eq!(p.program.stmts.len(), 1);
        instr(&p, 0).operands
    }

    fn op(stmt: TokenStream) -> Operand {
        let o = ops(stmt);
        assert_eq!(o.len(), 1, "{o:?}");
        o[0]
    }

    fn mem(stmt: TokenStream) -> Mem {
        match op(stmt) {
            Operand::Mem(m) => m,
            o => panic!("not memory: {o:?}"),
        }
    }

    fn data(stmt: TokenStream) -> (u8, Vec<DataItem>) {
        let p = ok(quote!(a; #stmt));
        match kinds(&p).as_slice() {
            [StmtKind::Directive(Directive::Data { width, items })] => (*width, items.clone()),
            k => panic!("not one data directive: {k:?}"),
        }
    }

    fn r(name: &str) -> Reg {
        Reg::from_name(name).unwrap_or_else(|| panic!("{name}"))
    }

    fn l(i: u32) -> Label {
        Label::from_index(i)
    }

    fn m(base: Option<&str>, index: Option<&str>, scale: u8, disp: i64) -> Mem {
        Mem { base: base.map(r), index: index.map(r), scale, disp, ..Mem::default() }
    }

    fn imm_hole() -> Operand {
        Operand::Hole(HoleKind::Imm, BranchHint::Auto)
    }

    fn value(h: usize) -> OperandHoles {
        OperandHoles { value: Some(h), ..OperandHoles::default() }
    }

    fn expr_text(p: &Parsed, i: usize) -> String {
        let e = &p.holes[i].expr;
        quote!(#e).to_string()
    }

    #[test]
    fn builder_forms() {
        let p = ok(quote!(new; nop));
        assert!(matches!(p.builder, Builder::New));
        let p = ok(quote!(a; nop));
        assert!(matches!(&p.builder, Builder::Expr(syn::Expr::Path(_))));
        let p = ok(quote!(self.asm; ret));
        assert!(matches!(&p.builder, Builder::Expr(syn::Expr::Field(_))));
        let p = ok(quote!(&mut *a; ret;));
        assert!(matches!(&p.builder, Builder::Expr(syn::Expr::Reference(_))));
        let p = ok(quote!(get(x, |y| { y; }); ret));
        assert!(matches!(&p.builder, Builder::Expr(syn::Expr::Call(_))));
        assert_eq!(p.program.stmts.len(), 1);
        // No statements at all is fine.
        let p = ok(quote!(a));
        assert!(p.program.stmts.is_empty());
        let p = ok(quote!(new;));
        assert!(p.program.stmts.is_empty());

        let help = BUILDER_HELP.to_string();
        assert_eq!(err(quote!()), help);
        assert_eq!(err(quote!(; nop)), help);
        assert_eq!(err(quote!(mov rax, 1)), help);
        assert_eq!(err(quote!(mov rax, 1; ret)), help);
        // The statements are still checked when the builder is wrong.
        assert_eq!(errs(quote!(; mov rax, rbz)), [help, "unknown register `rbz`".to_string()]);
    }

    #[test]
    fn instructions_and_registers() {
        let p = ok(quote!(a; mov rax, rbx; MOV EAX, R9D; add r8l, AH; movq xmm15, rdi; ret; cqo));
        assert_eq!(
            kinds(&p)[0],
            StmtKind::Instr(Instr {
                prefix: None,
                mnemonic: "mov".into(),
                operands: vec![Operand::Reg(r("rax")), Operand::Reg(r("rbx"))],
                span: AstSpan::default(),
                operand_spans: vec![AstSpan::default(); 2],
                holes: vec![OperandHoles::default(); 2],
                deco: Default::default(),
                deco_spans: Default::default(),
                mask_hole: None,
            })
        );
        assert_eq!(instr(&p, 1).mnemonic, "MOV");
        assert_eq!(instr(&p, 1).operands, [Operand::Reg(r("eax")), Operand::Reg(r("r9d"))]);
        assert_eq!(instr(&p, 2).operands, [Operand::Reg(r("r8b")), Operand::Reg(r("ah"))]);
        assert_eq!(instr(&p, 3).operands, [Operand::Reg(r("xmm15")), Operand::Reg(r("rdi"))]);
        assert_eq!(instr(&p, 4).operands, []);
        assert_eq!(instr(&p, 5).mnemonic, "cqo");
        assert_eq!(
            texts(&p),
            ["mov rax, rbx", "MOV EAX, R9D", "add r8l, AH", "movq xmm15, rdi", "ret", "cqo"]
        );
        assert_eq!(p.spans.len(), 6);
        assert_eq!(p.spans[0].operands.len(), 2);
        assert!(p.spans[4].operands.is_empty());
        assert!(p.holes.is_empty() && p.program.labels.is_empty());

        // Keywords and raw identifiers as mnemonics.
        let p = ok(quote!(a; l: loop l; r#loop l; in al, dx));
        assert_eq!(instr(&p, 1).mnemonic, "loop");
        assert_eq!(instr(&p, 1).operands, [Operand::Label(l(0), BranchHint::Auto)]);
        assert_eq!(instr(&p, 2).mnemonic, "loop");
        assert_eq!(instr(&p, 3).mnemonic, "in");
    }

    #[test]
    fn immediates() {
        let imm = |ts: TokenStream| match op(quote!(push #ts)) {
            Operand::Imm(v) => v,
            o => panic!("{o:?}"),
        };
        assert_eq!(imm(quote!(42)), 42);
        assert_eq!(imm(quote!(-42)), -42);
        assert_eq!(imm(quote!(0x2a)), 42);
        assert_eq!(imm(quote!(0b101_010)), 42);
        assert_eq!(imm(quote!(0o52)), 42);
        assert_eq!(imm(quote!(1_000)), 1000);
        assert_eq!(imm(quote!(5u8)), 5);
        assert_eq!(imm(quote!(-5i64)), -5);
        assert_eq!(imm(quote!(0xffff_ffff_ffff_ffff)), u64::MAX as i128);
        assert_eq!(imm(quote!(-9223372036854775808)), i64::MIN as i128);
        assert_eq!(imm(quote!('a')), 97);
        assert_eq!(imm(quote!('\n')), 10);
        assert_eq!(imm(quote!('é')), 0xe9);
        assert_eq!(imm(quote!(b'a')), 97);
        assert_eq!(imm(quote!(-'a')), -97);
        // A literal token that carries its own sign.
        let neg = TokenTree::Literal(Literal::i64_suffixed(-7));
        assert_eq!(imm(quote!(#neg)), -7);
        assert_eq!(ops(quote!(mov rax, 1)), [Operand::Reg(r("rax")), Operand::Imm(1)]);

        let too_large = "integer too large: a value must fit 64 bits";
        assert_eq!(err(quote!(a; mov rax, 0x1_0000_0000_0000_0000)), too_large);
        assert_eq!(err(quote!(a; mov rax, 18446744073709551616)), too_large);
        assert_eq!(err(quote!(a; mov rax, 340282366920938463463374607431768211456)), too_large);
        assert_eq!(err(quote!(a; mov rax, -9223372036854775809)), too_large);
        assert_eq!(err(quote!(a; mov rax, -0xffff_ffff_ffff_ffff)), too_large);
        assert_eq!(err(quote!(a; mov rax, 1.5)), "a floating-point literal is only allowed in `dd` and `dq`");
        assert_eq!(
            err(quote!(a; mov rax, 2f64)),
            "a floating-point literal is only allowed in `dd` and `dq`"
        );
        assert_eq!(
            err(quote!(a; mov rax, 0X2A)),
            "unknown suffix `X2A` on integer literal (write hexadecimal as `0x2a`)"
        );
        assert_eq!(
            err(quote!(a; mov rax, 2ah)),
            "unknown suffix `ah` on integer literal (write hexadecimal as `0x2a`)"
        );
        assert_eq!(err(quote!(a; mov rax, "s")), "a string is only allowed in `db`");
        assert_eq!(err(quote!(a; mov rax, - rbx)), "expected a number after `-`, found `rbx`");
        assert_eq!(err(quote!(a; mov rax, -)), "expected a number after `-`, found end of input");
        assert_eq!(err(quote!(a; mov rax, -{x})), "negate inside the braces instead, as in `{-x}`");
        assert_eq!(
            err(quote!(a; mov rax, (1 + 2))),
            "parentheses are not allowed here; write a Rust expression in braces, as in `{...}`"
        );
    }

    #[test]
    fn immediate_and_register_holes() {
        let p = ok(
            quote!(a; mov rax, {n}; mov r64{r}, r32{e}; mov r16{w}, r8{b}; movq xmm{x}, rax; push {n + 1}),
        );
        assert_eq!(instr(&p, 0).operands, [Operand::Reg(r("rax")), imm_hole()]);
        assert_eq!(instr(&p, 0).holes, [OperandHoles::default(), value(0)]);
        let reg = |c| Operand::Hole(HoleKind::Reg(c), BranchHint::Auto);
        assert_eq!(instr(&p, 1).operands, [reg(RegClass::Gpr64), reg(RegClass::Gpr32)]);
        assert_eq!(instr(&p, 1).holes, [value(1), value(2)]);
        assert_eq!(instr(&p, 2).operands, [reg(RegClass::Gpr16), reg(RegClass::Gpr8)]);
        assert_eq!(instr(&p, 2).holes, [value(3), value(4)]);
        assert_eq!(instr(&p, 3).operands, [reg(RegClass::Xmm), Operand::Reg(r("rax"))]);
        assert_eq!(instr(&p, 3).holes, [value(5), OperandHoles::default()]);
        assert_eq!(instr(&p, 4).operands, [imm_hole()]);
        assert_eq!(p.holes.len(), 7);
        let exprs: Vec<String> = (0..7).map(|i| expr_text(&p, i)).collect();
        assert_eq!(exprs, ["n", "r", "e", "w", "b", "x", "n + 1"]);
        assert_eq!(texts(&p)[0], "mov rax, {n}");
        assert_eq!(texts(&p)[1], "mov r64{r}, r32{e}");
        // `r8` alone is the register.
        assert_eq!(ops(quote!(mov r8, {x})), [Operand::Reg(r("r8")), imm_hole()]);

        assert_eq!(err(quote!(a; mov rax, {})), "expected a Rust expression inside `{}`");
        assert_eq!(errs(quote!(a; mov rax, {let})).len(), 1);
        assert_eq!(err(quote!(a; mov rax, {1 2})), "expected the end of the expression");
        assert_eq!(errs(quote!(a; mov rax, {x,})).len(), 1);
        let long = quote!(x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x);
        let ok_len = ok(quote!(a; mov rax, {#long + #long + #long}));
        assert_eq!(ok_len.holes.len(), 1);
        assert_eq!(
            err(quote!(a; mov rax, {#long + #long + #long + #long + #long})),
            "expression too long for a hole: bind it to a variable first (`let v = ...;`) and write `{v}`"
        );
        assert_eq!(
            err(quote!(#long + #long + #long + #long + #long; ret)),
            "assembler expression too long: bind it to a variable first (`let a = ...;`) and write `x86!(a; ...)`"
        );
    }

    #[test]
    fn branch_targets() {
        let p = ok(quote!(a;
            top: jmp top;
            jnz @shared;
            jmp short top;
            jmp near {t};
            call {f};
            jz short {t};
            call rax;
            jmp qword ptr [rax];
            loop near fwd;
            fwd: ret
        ));
        assert_eq!(
            p.program.labels,
            [
                LabelName::Local("top".into()),
                LabelName::Global("shared".into()),
                LabelName::Local("fwd".into())
            ]
        );
        assert_eq!(instr(&p, 1).operands, [Operand::Label(l(0), BranchHint::Auto)]);
        assert_eq!(instr(&p, 2).operands, [Operand::Label(l(1), BranchHint::Auto)]);
        assert_eq!(instr(&p, 3).operands, [Operand::Label(l(0), BranchHint::Short)]);
        assert_eq!(instr(&p, 4).operands, [Operand::Hole(HoleKind::Target, BranchHint::Near)]);
        assert_eq!(instr(&p, 4).holes, [value(0)]);
        assert_eq!(instr(&p, 5).operands, [Operand::Hole(HoleKind::Target, BranchHint::Auto)]);
        assert_eq!(instr(&p, 5).holes, [value(1)]);
        assert_eq!(instr(&p, 6).operands, [Operand::Hole(HoleKind::Target, BranchHint::Short)]);
        assert_eq!(instr(&p, 7).operands, [Operand::Reg(r("rax"))]);
        assert_eq!(instr(&p, 8).operands, [Operand::Mem(m(Some("rax"), None, 1, 0).sized(Size::Qword))]);
        assert_eq!(instr(&p, 9).operands, [Operand::Label(l(2), BranchHint::Near)]);
        assert_eq!(
            texts(&p),
            [
                "top:",
                "jmp top",
                "jnz @shared",
                "jmp short top",
                "jmp near {t}",
                "call {f}",
                "jz short {t}",
                "call rax",
                "jmp qword ptr [rax]",
                "loop near fwd",
                "fwd:",
                "ret"
            ]
        );
        // A label may be called like a keyword when nothing follows it.
        assert_eq!(op(quote!(jmp short)), Operand::Label(l(0), BranchHint::Auto));
        // Immediates at a branch position stay immediates (the matcher decides).
        assert_eq!(op(quote!(call 0x1000)), Operand::Imm(0x1000));
        // Unknown mnemonics take names as labels, so the matcher reports the mnemonic.
        assert_eq!(op(quote!(frob x)), Operand::Label(l(0), BranchHint::Auto));

        assert_eq!(err(quote!(a; jmp short rax)), "expected a label or `{...}` after `short`, found `rax`");
        assert_eq!(err(quote!(a; jmp near 5)), "expected a label or `{...}` after `near`, found `5`");
        assert_eq!(err(quote!(a; jmp @)), "expected a label name after `@`, found end of input");
        assert_eq!(
            err(quote!(a; mov rax, @x)),
            "a label `@x` can only be a branch target or used as `[rip + @x]`"
        );
        assert_eq!(err(quote!(a; mov rax, foo)), "unknown register `foo`");
        assert_eq!(err(quote!(a; jmp rip)), "`rip` can only be a memory base, as in `[rip + label]`");
    }

    #[test]
    fn labels() {
        let p = ok(quote!(a; l1: dec rcx; jnz l1; l2: ; @g: {dynamic}: nop; jmp {other}; @g2: l3: l4: ret));
        assert_eq!(
            p.program.labels,
            [
                LabelName::Local("l1".into()),
                LabelName::Local("l2".into()),
                LabelName::Global("g".into()),
                LabelName::Dynamic(0),
                LabelName::Global("g2".into()),
                LabelName::Local("l3".into()),
                LabelName::Local("l4".into()),
            ]
        );
        let k = kinds(&p);
        assert_eq!(k[0], StmtKind::Label(l(0)));
        assert_eq!(instr(&p, 1).mnemonic, "dec");
        assert_eq!(instr(&p, 2).operands, [Operand::Label(l(0), BranchHint::Auto)]);
        assert_eq!(k[3], StmtKind::Label(l(1)));
        assert_eq!(k[4], StmtKind::Label(l(2)));
        assert_eq!(k[5], StmtKind::Label(l(3)));
        assert_eq!(instr(&p, 6).mnemonic, "nop");
        assert_eq!(instr(&p, 7).operands, [Operand::Hole(HoleKind::Target, BranchHint::Auto)]);
        assert_eq!(instr(&p, 7).holes, [value(1)]);
        assert_eq!(&k[8..11], [StmtKind::Label(l(4)), StmtKind::Label(l(5)), StmtKind::Label(l(6))]);
        assert_eq!(p.holes.len(), 2);
        assert_eq!(expr_text(&p, 0), "dynamic");
        assert_eq!(
            texts(&p),
            [
                "l1:",
                "dec rcx",
                "jnz l1",
                "l2:",
                "@g:",
                "{dynamic}:",
                "nop",
                "jmp {other}",
                "@g2:",
                "l3:",
                "l4:",
                "ret"
            ]
        );
        assert_eq!(p.spans.len(), p.program.stmts.len());
        assert!(p.spans[0].operands.is_empty());
        // Labels named like keywords and instructions.
        let p = ok(quote!(a; times: nop; loop: jmp loop; r#type: ret));
        assert_eq!(
            p.program.labels,
            [
                LabelName::Local("times".into()),
                LabelName::Local("loop".into()),
                LabelName::Local("type".into())
            ]
        );

        assert_eq!(err(quote!(a; rax: nop)), "`rax` is a register and cannot be a label name");
        assert_eq!(err(quote!(a; {}: nop)), "expected a Rust expression inside `{}`");
        assert_eq!(err(quote!(a; @: nop)), "expected an instruction, directive or label, found `@`");
        assert_eq!(
            err(quote!(a; {x} nop)),
            "expected an instruction, directive or label (`{label}:` binds a label), found `{...}`"
        );
        // `::` is a Rust path, not a label.
        assert_eq!(errs(quote!(a; foo::bar: nop)).len(), 1);
        assert_eq!(
            err(quote!(a; mov rax, std::f64::MAX)),
            "a Rust path or expression must be written in braces, as in `{...}`"
        );
    }

    #[test]
    fn prefixes() {
        let p = ok(
            quote!(a; lock add qword ptr [rax], 1; rep movsb; repe cmpsb; repz stosq; repne scasb; repnz scasb; LOCK inc dword ptr [rbx]),
        );
        let prefixes: Vec<Option<Prefix>> = (0..7).map(|i| instr(&p, i).prefix).collect();
        assert_eq!(
            prefixes,
            [
                Some(Prefix::Lock),
                Some(Prefix::Rep),
                Some(Prefix::Rep),
                Some(Prefix::Rep),
                Some(Prefix::Repne),
                Some(Prefix::Repne),
                Some(Prefix::Lock)
            ]
        );
        assert_eq!(instr(&p, 0).mnemonic, "add");
        assert_eq!(instr(&p, 1).mnemonic, "movsb");
        assert_eq!(texts(&p)[0], "lock add qword ptr [rax], 1");
        assert_eq!(texts(&p)[1], "rep movsb");
        assert_eq!(err(quote!(a; lock)), "expected an instruction after `lock`, found end of input");
        assert_eq!(err(quote!(a; rep; nop)), "expected an instruction after `rep`, found `;`");
        assert_eq!(err(quote!(a; lock [rax])), "expected an instruction after `lock`, found `[...]`");
    }

    #[test]
    fn memory_operands() {
        assert_eq!(mem(quote!(inc[rax])), m(Some("rax"), None, 1, 0));
        assert_eq!(mem(quote!(inc qword ptr [rax + 8])), m(Some("rax"), None, 1, 8).sized(Size::Qword));
        assert_eq!(mem(quote!(inc QWORD PTR [RAX + 8])), m(Some("rax"), None, 1, 8).sized(Size::Qword));
        assert_eq!(mem(quote!(inc byte [rax])), m(Some("rax"), None, 1, 0).sized(Size::Byte));
        assert_eq!(mem(quote!(inc word ptr [rax])), m(Some("rax"), None, 1, 0).sized(Size::Word));
        assert_eq!(mem(quote!(inc dword ptr [rax])), m(Some("rax"), None, 1, 0).sized(Size::Dword));
        assert_eq!(mem(quote!(movaps xmmword ptr [rax])).size, Some(Size::Xmmword));
        assert_eq!(
            mem(quote!(inc qword ptr [rbx + rcx*8 - 16])),
            m(Some("rbx"), Some("rcx"), 8, -16).sized(Size::Qword)
        );
        assert_eq!(mem(quote!(inc[8 * rcx + rbx])), m(Some("rbx"), Some("rcx"), 8, 0));
        assert_eq!(mem(quote!(inc[rcx * 2 + rbx])), m(Some("rbx"), Some("rcx"), 2, 0));
        assert_eq!(mem(quote!(inc[rbx + rcx])), m(Some("rbx"), Some("rcx"), 1, 0));
        assert_eq!(mem(quote!(inc[rcx * 4])), m(None, Some("rcx"), 4, 0));
        assert_eq!(mem(quote!(inc[rcx * 1])), m(None, Some("rcx"), 1, 0));
        assert_eq!(mem(quote!(inc[ebx + esi * 2 + 1])), m(Some("ebx"), Some("esi"), 2, 1));
        assert_eq!(mem(quote!(inc[-8 + rbp])), m(Some("rbp"), None, 1, -8));
        assert_eq!(mem(quote!(inc[rbp - 8 - 8 + 4])), m(Some("rbp"), None, 1, -12));
        assert_eq!(mem(quote!(inc[0x1000])), m(None, None, 1, 0x1000));
        assert_eq!(mem(quote!(inc[rax + 'a'])), m(Some("rax"), None, 1, 97));
        assert_eq!(mem(quote!(inc[rax + 0xffff_ffff_ffff_fff8])), m(Some("rax"), None, 1, -8));
        let fs = Mem { seg: Some(Seg::Fs), ..m(None, None, 1, 0x28) };
        assert_eq!(mem(quote!(inc qword ptr fs:[0x28])), fs.sized(Size::Qword));
        assert_eq!(mem(quote!(inc fs:[0x28])), fs);
        assert_eq!(mem(quote!(inc [fs:0x28])), fs);
        assert_eq!(mem(quote!(inc gs:[rax])).seg, Some(Seg::Gs));
        assert_eq!(mem(quote!(inc dword ptr es:[rax])).seg, Some(Seg::Es));

        // Operands in context.
        let o = ops(quote!(mov qword ptr [rax + 8], 1));
        assert_eq!(o, [Operand::Mem(m(Some("rax"), None, 1, 8).sized(Size::Qword)), Operand::Imm(1)]);
        let o = ops(quote!(lea rax, [rsi + rdi*2]));
        assert_eq!(o, [Operand::Reg(r("rax")), Operand::Mem(m(Some("rsi"), Some("rdi"), 2, 0))]);
    }

    #[test]
    fn memory_labels_and_holes() {
        let p = ok(quote!(a;
            lea rax, [rip + data];
            lea rax, [rip + @shared + 8];
            movsd xmm0, qword ptr [rip + {k}];
            lea rax, [r64{b} + r64{i}*8 + 16];
            mov eax, [rdi + {off} + 4];
            mov eax, [r32{b}];
            mov eax, [2*r64{i} + rax];
            mov eax, [rax + r64{i}];
            data: ret
        ));
        let ins = |i: usize| instr(&p, i);
        assert_eq!(ins(0).operands[1], Operand::Mem(Mem::rip_label(l(0))));
        assert_eq!(ins(0).holes[1], OperandHoles::default());
        assert_eq!(ins(1).operands[1], Operand::Mem(Mem { disp: 8, ..Mem::rip_label(l(1)) }));
        assert_eq!(ins(2).operands[1], Operand::Mem(Mem::rip_label(l(2)).sized(Size::Qword)));
        assert_eq!(ins(2).holes[1], OperandHoles { disp: Some(0), ..OperandHoles::default() });
        let g64 = |n| Reg::new(RegClass::Gpr64, n);
        assert_eq!(ins(3).operands[1], Operand::Mem(Mem::sib(g64(0), g64(1), 8, 16)));
        assert_eq!(
            ins(3).holes[1],
            OperandHoles { base: Some(1), index: Some(2), ..OperandHoles::default() }
        );
        assert_eq!(ins(4).operands[1], Operand::Mem(m(Some("rdi"), None, 1, 4)));
        assert_eq!(ins(4).holes[1], OperandHoles { disp: Some(3), ..OperandHoles::default() });
        assert_eq!(ins(5).operands[1], Operand::Mem(Mem::base(Reg::new(RegClass::Gpr32, 0))));
        assert_eq!(ins(5).holes[1], OperandHoles { base: Some(4), ..OperandHoles::default() });
        assert_eq!(ins(6).operands[1], Operand::Mem(Mem::sib(r("rax"), g64(1), 2, 0)));
        assert_eq!(ins(6).holes[1], OperandHoles { index: Some(5), ..OperandHoles::default() });
        assert_eq!(ins(7).operands[1], Operand::Mem(Mem::sib(r("rax"), g64(1), 1, 0)));
        assert_eq!(ins(7).holes[1], OperandHoles { index: Some(6), ..OperandHoles::default() });
        assert_eq!(p.program.labels[0], LabelName::Local("data".into()));
        assert_eq!(p.program.labels[1], LabelName::Global("shared".into()));
        assert_eq!(p.program.labels[2], LabelName::Dynamic(0));
        assert_eq!(
            texts(&p)[..8],
            [
                "lea rax, [rip + data]",
                "lea rax, [rip + @shared + 8]",
                "movsd xmm0, qword ptr [rip + {k}]",
                "lea rax, [r64{b} + r64{i}*8 + 16]",
                "mov eax, [rdi + {off} + 4]",
                "mov eax, [r32{b}]",
                "mov eax, [2*r64{i} + rax]",
                "mov eax, [rax + r64{i}]",
            ]
        );
    }

    #[test]
    fn memory_errors() {
        assert_eq!(err(quote!(a; mov rax, [rbx + rcx*3])), "scale must be 1, 2, 4 or 8, found 3");
        assert_eq!(err(quote!(a; mov rax, [rbx + 16*rcx])), "scale must be 1, 2, 4 or 8, found 16");
        assert_eq!(err(quote!(a; mov rax, [rbx + r64{i}*0])), "scale must be 1, 2, 4 or 8, found 0");
        assert_eq!(err(quote!(a; mov rax, [rbx + rcx*{s}])), "scale must be a literal 1, 2, 4 or 8");
        assert_eq!(
            err(quote!(a; mov rax, [rbx + rcx*])),
            "expected a scale (1, 2, 4 or 8) after `*`, found `]`"
        );
        assert_eq!(err(quote!(a; mov rax, [rbx + 8*5])), "expected a register after `*`, found `5`");
        assert_eq!(err(quote!(a; mov rax, [rax + rbx + rcx])), "a memory operand has at most two registers");
        assert_eq!(
            err(quote!(a; mov rax, [r64{a} + r64{b} + r64{c}])),
            "a memory operand has at most two registers"
        );
        assert_eq!(err(quote!(a; mov rax, [rax*2 + rbx*2])), "only one register can be scaled");
        assert_eq!(err(quote!(a; mov rax, [rax - rbx])), "a register cannot be subtracted");
        assert_eq!(err(quote!(a; mov rax, [-rbx])), "a register cannot be subtracted");
        assert_eq!(err(quote!(a; lea rax, [rip - l]; l: ret)), "a label cannot be subtracted");
        assert_eq!(
            err(quote!(a; mov rax, [rax - {d}])),
            "a `{...}` term cannot be subtracted; negate inside the braces, as in `{-x}`"
        );
        assert_eq!(
            err(quote!(a; mov rax, [rbz + 8])),
            "unknown register `rbz` (a label in a memory operand needs `rip` as base, as in `[rip + rbz]`)"
        );
        assert_eq!(
            err(quote!(a; mov rax, [rax + @g])),
            "a label in a memory operand needs `rip` as base, as in `[rip + @g]`"
        );
        assert_eq!(err(quote!(a; lea rax, [rip + a + b])), "a memory operand can refer to one label only");
        assert_eq!(err(quote!(a; lea rax, [rip + a + {b}])), "a memory operand can refer to one label only");
        assert_eq!(
            err(quote!(a; mov rax, [rax + {a} + {b}])),
            "a memory operand can have one `{...}` displacement only (add the values inside the braces)"
        );
        assert_eq!(err(quote!(a; mov rax, [rip*2])), "`rip` cannot be scaled");
        assert_eq!(err(quote!(a; mov rax, [rip + rax])), "`rip` cannot be combined with another register");
        assert_eq!(
            err(quote!(a; mov rax, [eip + 8])),
            "`eip`-relative addressing is not supported; use `rip`"
        );
        assert_eq!(
            err(quote!(a; mov rax, [])),
            "empty memory operand: expected a register, number or `{...}`"
        );
        assert_eq!(
            err(quote!(a; mov rax, [rax rbx])),
            "expected `+`, `-` or `]` in memory operand, found `rbx`"
        );
        assert_eq!(
            err(quote!(a; mov rax, [rax +])),
            "expected a register, number or `{...}` in memory operand, found `]`"
        );
        assert_eq!(
            err(quote!(a; mov rax, [rax + [rbx]])),
            "expected a register, number or `{...}` in memory operand, found `[...]`"
        );
        assert_eq!(
            err(quote!(a; mov rax, [rax + 1.5])),
            "a floating-point literal is only allowed in `dd` and `dq`"
        );
        assert_eq!(err(quote!(a; mov rax, [rax + 0xffff_ffff_ffff_ffff + 1])), "displacement too large");
        assert_eq!(err(quote!(a; mov rax, qword ptr rax)), "expected `[` after `qword ptr`, found `rax`");
        assert_eq!(err(quote!(a; mov rax, qword rax)), "expected `[` after `qword`, found `rax`");
        assert_eq!(err(quote!(a; mov rax, fs:rax)), "expected `[` after `fs:`, found `rax`");
        assert_eq!(
            err(quote!(a; mov rax, ptr [rax])),
            "`ptr` needs a size keyword before it, as in `qword ptr [...]`"
        );
        assert_eq!(
            err(quote!(a; mov rax, fs)),
            "segment register `fs` can only be a memory override, as in `fs:[...]`"
        );
        assert_eq!(err(quote!(a; mov rax, [rax + @])), "expected a label name after `@`, found `]`");
    }

    #[test]
    fn data_directives() {
        assert_eq!(
            data(quote!(db 1, -1, 0xff, 'a', b'b', "hi", b"\x00\x01", c"z")),
            (
                1,
                vec![
                    DataItem::Int(1),
                    DataItem::Int(-1),
                    DataItem::Int(255),
                    DataItem::Int(97),
                    DataItem::Int(98),
                    DataItem::Bytes(b"hi".to_vec()),
                    DataItem::Bytes(vec![0, 1]),
                    DataItem::Bytes(vec![b'z', 0]),
                ]
            )
        );
        assert_eq!(data(quote!(DW 1, 65535)), (2, vec![DataItem::Int(1), DataItem::Int(65535)]));
        assert_eq!(
            data(quote!(dd 1.5, -2.0, 3, 1e3, 2f32)),
            (
                4,
                vec![
                    DataItem::Float(1.5),
                    DataItem::Float(-2.0),
                    DataItem::Int(3),
                    DataItem::Float(1000.0),
                    DataItem::Float(2.0)
                ]
            )
        );
        assert_eq!(data(quote!(dq 2.0, -1)), (8, vec![DataItem::Float(2.0), DataItem::Int(-1)]));
        let p = ok(quote!(a; top: dq top, @g, end - top, {x}; dd end - @g, {y}; dw {z}; end: db {w}));
        assert_eq!(
            p.program.labels,
            [LabelName::Local("top".into()), LabelName::Global("g".into()), LabelName::Local("end".into())]
        );
        assert_eq!(
            kinds(&p)[1],
            StmtKind::Directive(Directive::Data {
                width: 8,
                items: vec![
                    DataItem::Label(l(0)),
                    DataItem::Label(l(1)),
                    DataItem::LabelDiff(l(2), l(0)),
                    DataItem::Hole(0)
                ]
            })
        );
        assert_eq!(
            kinds(&p)[2],
            StmtKind::Directive(Directive::Data {
                width: 4,
                items: vec![DataItem::LabelDiff(l(2), l(1)), DataItem::Hole(1)]
            })
        );
        assert_eq!(
            kinds(&p)[3],
            StmtKind::Directive(Directive::Data { width: 2, items: vec![DataItem::Hole(2)] })
        );
        assert_eq!(
            kinds(&p)[5],
            StmtKind::Directive(Directive::Data { width: 1, items: vec![DataItem::Hole(3)] })
        );
        assert_eq!(p.spans[1].operands.len(), 4);
        assert_eq!(p.spans[2].operands.len(), 2);
        assert_eq!(
            texts(&p),
            ["top:", "dq top, @g, end - top, {x}", "dd end - @g, {y}", "dw {z}", "end:", "db {w}"]
        );
        let p = ok(quote!(a; db "a b", 'c', -1));
        assert_eq!(texts(&p), ["db \"a b\", 'c', -1"]);

        assert_eq!(err(quote!(a; db 1.5)), "float literals need `dd` or `dq`, not `db`");
        assert_eq!(err(quote!(a; dw -1.5)), "float literals need `dd` or `dq`, not `dw`");
        assert_eq!(err(quote!(a; dq "s")), "strings are only allowed in `db`, not `dq`");
        assert_eq!(err(quote!(a; dd b"s")), "strings are only allowed in `db`, not `dd`");
        assert_eq!(
            err(quote!(a; l: dd l)),
            "a label address needs `dq`, not `dd` (a difference `a - b` fits any width)"
        );
        assert_eq!(err(quote!(a; dq rax)), "expected a value in `dq`, found register `rax`");
        assert_eq!(err(quote!(a; db)), "expected a value after `db`, found end of input");
        assert_eq!(err(quote!(a; db;)), "expected a value after `db`, found `;`");
        assert_eq!(
            err(quote!(a; db 1,)),
            "expected a number, string, label or `{...}` in `db`, found end of input"
        );
        assert_eq!(err(quote!(a; db 1 2)), "expected `,` or `;` after data item, found `2`");
        assert_eq!(
            err(quote!(a; dq a - 5)),
            "expected a label after `-` (a label difference is `a - b`), found `5`"
        );
        assert_eq!(err(quote!(a; db -x)), "expected a number after `-`, found `x`");
        assert_eq!(err(quote!(a; db 256u16 + 1)), "expected `,` or `;` after data item, found `+`");
        assert_eq!(err(quote!(a; dq 0x1_0000_0000_0000_0000)), "integer too large: a value must fit 64 bits");
        assert_eq!(
            err(quote!(a; dq [rax])),
            "expected a number, string, label or `{...}` in `dq`, found `[...]`"
        );
        assert_eq!(err(quote!(a; db -"s")), "expected a number, found `\"s\"`");
        assert_eq!(
            err(quote!(a; dq x::y)),
            "a Rust path or expression must be written in braces, as in `{...}`"
        );
    }

    #[test]
    fn align_and_times() {
        let p = ok(quote!(a; align 16; ALIGN 3; align 4096));
        assert_eq!(
            kinds(&p),
            [
                StmtKind::Directive(Directive::Align(16)),
                StmtKind::Directive(Directive::Align(3)),
                StmtKind::Directive(Directive::Align(4096))
            ]
        );
        assert_eq!(texts(&p), ["align 16", "ALIGN 3", "align 4096"]);
        assert_eq!(p.spans[0].operands.len(), 1);
        assert_eq!(err(quote!(a; align 0)), "alignment must be a positive integer, found 0");
        assert_eq!(err(quote!(a; align -8)), "alignment must be a positive integer, found -8");
        assert_eq!(err(quote!(a; align 8192)), "alignment 8192 is too large (at most 4096)");
        assert_eq!(err(quote!(a; align)), "expected an alignment after `align`, found end of input");
        assert_eq!(err(quote!(a; align {n})), "expected an alignment after `align`, found `{...}`");
        assert_eq!(err(quote!(a; align 8 8)), "expected `;` after `align 8`, found `8`");

        let p = ok(
            quote!(a; times 3 nop; times 2 db 1, 2; times 0 ret; times 2 mov rax, {x}; times 1 jmp l; l: ret),
        );
        assert_eq!(
            texts(&p),
            ["nop", "nop", "nop", "times 2 db 1, 2", "mov rax, {x}", "mov rax, {x}", "jmp l", "l:", "ret"]
        );
        assert_eq!(
            kinds(&p)[3],
            StmtKind::Directive(Directive::Data {
                width: 1,
                items: vec![DataItem::Int(1), DataItem::Int(2), DataItem::Int(1), DataItem::Int(2)]
            })
        );
        assert_eq!(p.spans[3].operands.len(), 4);
        assert_eq!(instr(&p, 4).holes, [OperandHoles::default(), value(0)]);
        assert_eq!(instr(&p, 5).holes, [OperandHoles::default(), value(0)]);
        assert_eq!(p.holes.len(), 1);
        assert_eq!(p.spans.len(), p.program.stmts.len());
        assert_eq!(ok(quote!(a; times 1000000 db 0)).program.stmts.len(), 1);
        let p = ok(quote!(a; l: times 2 align 8; times 2 dq l));
        assert_eq!(
            kinds(&p),
            [
                StmtKind::Label(l(0)),
                StmtKind::Directive(Directive::Align(8)),
                StmtKind::Directive(Directive::Align(8)),
                StmtKind::Directive(Directive::Data { width: 8, items: vec![DataItem::Label(l(0)); 2] }),
            ]
        );
        assert_eq!(texts(&p), ["l:", "align 8", "align 8", "times 2 dq l"]);

        assert_eq!(
            err(quote!(a; times 1000001 nop)),
            "repeat count must be between 0 and 1000000, found 1000001"
        );
        assert_eq!(err(quote!(a; times -1 nop)), "repeat count must be between 0 and 1000000, found -1");
        assert_eq!(err(quote!(a; times)), "expected a repeat count after `times`, found end of input");
        assert_eq!(err(quote!(a; times nop)), "expected a repeat count after `times`, found `nop`");
        assert_eq!(
            err(quote!(a; times {n} nop)),
            "the repeat count of `times` must be an integer literal (repeat in Rust for a computed count)"
        );
        assert_eq!(err(quote!(a; times 3)), "expected a statement after `times 3`, found end of input");
        assert_eq!(err(quote!(a; times 3; nop)), "expected a statement after `times 3`, found `;`");
        assert_eq!(err(quote!(a; times 3 times 3 nop)), "nested `times` is not supported");
        assert_eq!(err(quote!(a; times 3 l: nop)), "a label cannot be repeated with `times`");
        assert_eq!(err(quote!(a; times 2 mov rax, foo)), "unknown register `foo`");
        assert_eq!(
            err(quote!(a; times 1000000 nop; times 1000000 nop; times 1 nop)),
            "`times` repeats too much: at most 2000000 statements or data items per invocation"
        );
    }

    #[test]
    fn statement_text_is_normalized() {
        let p = ok(quote!(a;
            mov qword ptr [rax+8], 1;
            mov rax, {n};
            lea rax, [r64{r} + r64{r} * 2 + 5];
            mov eax, dword ptr fs : [ rbx - 4 ];
            lock   add  [ rax ] , - 1;
            jmp @g
        ));
        assert_eq!(
            texts(&p),
            [
                "mov qword ptr [rax + 8], 1",
                "mov rax, {n}",
                "lea rax, [r64{r} + r64{r}*2 + 5]",
                "mov eax, dword ptr fs:[rbx - 4]",
                "lock add [rax], -1",
                "jmp @g",
            ]
        );
        for s in &p.program.stmts {
            assert_eq!(s.span, AstSpan::default());
        }
    }

    #[test]
    fn errors_are_collected_and_recovered_from() {
        // A missing `;` is reported at the token after the operand.
        assert_eq!(
            err(quote!(a; mov rax, 1 ret)),
            "expected `,` or `;` after operand, found `ret` (a `;` is probably missing before it)"
        );
        assert_eq!(
            err(quote!(a; ret nop)),
            "unknown register `nop` (`nop` starts a statement: is a `;` missing before it?)"
        );
        assert_eq!(
            err(quote!(a; push rax l1: ret)),
            "expected `,` or `;` after operand, found `l1` (a `;` is probably missing before it)"
        );
        assert_eq!(
            err(quote!(a; ret l1: nop)),
            "expected an operand, found label definition `l1:` (a `;` is probably missing before it)"
        );
        assert_eq!(
            err(quote!(a; mov rax, 1 + 2)),
            "expected `,` or `;` after operand, found `+` (a computed value must be a Rust expression in braces, as in `{...}`)"
        );
        assert_eq!(err(quote!(a; mov rax,)), "expected an operand, found end of input");
        assert_eq!(err(quote!(a; mov rax,; ret)), "expected an operand, found `;`");
        assert_eq!(err(quote!(a; mov , rax)), "expected an operand, found `,`");
        assert_eq!(err(quote!(a; mov rax,, rbx)), "expected an operand, found `,`");
        assert_eq!(err(quote!(a; 5)), "expected an instruction, directive or label, found `5`");
        assert_eq!(err(quote!(a; [rax])), "expected an instruction, directive or label, found `[...]`");

        // Every bad statement is reported; good ones around them are fine.
        let es = errs(quote!(a;
            mov rax, rbz;
            nop;
            add rax rbx;
            ret;
            mov rax, [rbx + rcx*3];
            l1: jmp l1;
            db 1.5
        ));
        assert_eq!(
            es,
            [
                "unknown register `rbz`",
                "expected `,` or `;` after operand, found `rbx` (a `;` is probably missing before it)",
                "scale must be 1, 2, 4 or 8, found 3",
                "float literals need `dd` or `dq`, not `db`",
            ]
        );
    }

    #[test]
    fn invisible_groups_are_transparent() {
        // `macro_rules!` fragments (`$r:ident`, `$e:expr`) arrive in invisible groups.
        let none = |ts: TokenStream| TokenTree::Group(Group::new(Delimiter::None, ts));
        let reg = none(quote!(rax));
        let val = none(quote!(-5));
        let memo = none(quote!(qword ptr [rbx + 8]));
        let inner = none(quote!(rcx * 8));
        let stmt = none(quote!(ret));
        let builder = none(quote!(self.asm));
        let p = ok(quote!(#builder; mov #reg, #val; mov #memo, #reg; lea rax, [rbx + #inner]; #stmt));
        assert!(matches!(&p.builder, Builder::Expr(_)));
        assert_eq!(instr(&p, 0).operands, [Operand::Reg(r("rax")), Operand::Imm(-5)]);
        assert_eq!(instr(&p, 1).operands[0], Operand::Mem(m(Some("rbx"), None, 1, 8).sized(Size::Qword)));
        assert_eq!(instr(&p, 2).operands[1], Operand::Mem(m(Some("rbx"), Some("rcx"), 8, 0)));
        assert_eq!(instr(&p, 3).mnemonic, "ret");
    }

    const WORDS: &[&str] = &[
        "a", "new", "mov", "rax", "eax", "ah", "rip", "rsp", "r8", "r64", "r32", "xmm", "xmm0", "qword",
        "byte", "ptr", "fs", "gs", "jmp", "jnz", "call", "loop", "short", "near", "db", "dw", "dd", "dq",
        "align", "times", "lock", "rep", "repne", "l1", "foo", "eip", "self", "nop", "ret", "lea", "push",
        "movsd", "in",
    ];

    fn random_tree(rng: &mut fastrand::Rng, depth: u32) -> TokenTree {
        let k = rng.usize(..if depth == 0 { 5 } else { 9 });
        match k {
            0 | 1 => {
                TokenTree::Ident(proc_macro2::Ident::new(WORDS[rng.usize(..WORDS.len())], Span::call_site()))
            }
            2 => {
                let ch = [',', ';', ':', '@', '-', '+', '*', '#', '!', '&'][rng.usize(..10)];
                let sp = if rng.usize(..3) == 0 { Spacing::Joint } else { Spacing::Alone };
                TokenTree::Punct(proc_macro2::Punct::new(ch, sp))
            }
            3 | 4 => TokenTree::Literal(match rng.usize(..12) {
                0 => Literal::u64_unsuffixed(rng.u64(..)),
                1 => Literal::i64_suffixed(-(rng.usize(..300) as i64)),
                2 => Literal::u128_unsuffixed(u128::MAX),
                3 => Literal::f64_unsuffixed(1.5),
                4 => Literal::string("s\"x"),
                5 => Literal::byte_string(b"\x00b"),
                6 => Literal::character('\u{10ffff}'),
                7 => Literal::u8_suffixed(8),
                8 => Literal::u64_unsuffixed(1_000_001),
                9 => Literal::u64_unsuffixed(2),
                10 => Literal::f32_suffixed(-0.0),
                _ => Literal::u64_unsuffixed(rng.usize(..10) as u64),
            }),
            _ => {
                let delim = [Delimiter::Brace, Delimiter::Bracket, Delimiter::Parenthesis, Delimiter::None]
                    [rng.usize(..4)];
                let n = rng.usize(..6);
                let inner: TokenStream = (0..n).map(|_| random_tree(rng, depth - 1)).collect();
                TokenTree::Group(Group::new(delim, inner))
            }
        }
    }

    #[test]
    fn garbage_in_no_panic() {
        let mut rng = fastrand::Rng::with_seed(0x9E37_79B9_7F4A_7C15);
        let mut parsed = 0;
        for _ in 0..30_000 {
            let n = rng.usize(..16);
            let mut toks: Vec<TokenTree> = Vec::new();
            if rng.usize(..2) == 0 {
                toks.push(TokenTree::Ident(proc_macro2::Ident::new("a", Span::call_site())));
                toks.push(TokenTree::Punct(proc_macro2::Punct::new(';', Spacing::Alone)));
            }
            toks.extend((0..n).map(|_| random_tree(&mut rng, 3)));
            if let Ok(p) = parse(toks.into_iter().collect()) {
                check_invariants(&p);
                parsed += 1;
            }
        }
        assert!(parsed > 100, "the generator should also produce valid invocations ({parsed})");

        // Sequences of plausible pieces, through the tokenizer.
        const PIECES: &[&str] = &[
            "mov",
            "rax",
            "[rax]",
            "[rip + l1]",
            "[rbx + rcx*8 - 8]",
            "[",
            "]",
            ",",
            "+",
            "-",
            "*",
            ":",
            "::",
            ";",
            "@",
            "@x",
            "{x}",
            "{}",
            "r64{r}",
            "xmm{x}",
            "qword",
            "ptr",
            "fs:",
            "short",
            "jmp",
            "l1:",
            "l1",
            "times",
            "3",
            "1000000",
            "db",
            "dq",
            "align",
            "'a'",
            "\"s\"",
            "b\"s\"",
            "1.5",
            "0xffffffffffffffffff",
            "lock",
            "rep",
            "(1)",
            "2ah",
            "-",
            "new",
            "a",
            "&mut *a",
            "self.a",
            "{l}:",
            "[{d}]",
            "[rax*3]",
        ];
        for _ in 0..20_000 {
            let n = rng.usize(..14);
            let s: Vec<&str> = (0..n).map(|_| PIECES[rng.usize(..PIECES.len())]).collect();
            if let Ok(ts) = s.join(" ").parse::<TokenStream>() {
                let _ = parse(ts);
            }
        }

        // Pathological shapes.
        let deep = |d: Delimiter, n: usize| {
            let mut ts = quote!(rax);
            for _ in 0..n {
                ts = TokenStream::from(TokenTree::Group(Group::new(d, ts)));
            }
            ts
        };
        for d in [Delimiter::Bracket, Delimiter::Brace, Delimiter::Parenthesis, Delimiter::None] {
            let g = deep(d, 200);
            let _ = parse(quote!(a; mov rax, #g; #g; #g: nop; db #g));
        }
        for s in [
            format!("a; mov rax, {}1", "-".repeat(10_000)),
            format!("a; mov rax, [{}]", "rax+".repeat(1000)),
            format!("a; db {}", "1,".repeat(10_000)),
            format!("a; {}", "l:".repeat(10_000)),
            format!("a; {}", ";".repeat(10_000)),
            format!("a; {}", "@".repeat(1000)),
            format!("a; {}", "times 1000000 nop;".repeat(3)),
            format!("a; {}", "lock ".repeat(100)),
            format!("a; mov rax, {{{}x}}", "return ".repeat(5000)),
            format!("{}a; ret", "-".repeat(5000)),
            format!("a; mov rax, {{{}x}}", "|x| ".repeat(5000)),
        ] {
            if let Ok(ts) = s.parse::<TokenStream>() {
                let _ = parse(ts);
            }
        }
    }
}

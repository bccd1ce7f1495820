//! The macro's front end: the tokens of an `x86!` invocation -> the shared grammar
//! ([`asm_runtime::syntax`]) -> an [`ast::Program`](Program), the Rust expressions of its holes
//! and the token spans of every statement.
//!
//! Nothing about assembly syntax is decided here: this module only turns proc-macro tokens into
//! the grammar's tokens (keeping every token's span in a side table, so the grammar's spans are
//! token ranges), splits statements at top-level `;`, and maps the grammar's results back to
//! spans. The builder before the first `;` and the Rust expressions in holes are parsed by syn.

use asm_runtime::ast::{Program, Span as AstSpan, StmtKind};
use asm_runtime::syntax::{self, HoleRef, Statement, Tok, Token};
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
    /// The write mask, `{z}`, broadcast and rounding decorations, where written.
    pub deco: [Option<Span>; 4],
    /// The `lock`/`rep` prefix, where written.
    pub prefix: Option<Span>,
    /// Per operand, the text and span of each of its tokens (to point at a register inside a
    /// memory operand).
    pub operand_toks: Vec<Vec<(String, Span)>>,
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
#[cfg(test)]
pub fn parse(input: TokenStream) -> syn::Result<Parsed> {
    match parse_all(input) {
        (Some(p), None) => Ok(p),
        (_, Some(e)) => Err(e),
        (None, None) => Err(syn::Error::new(Span::call_site(), BUILDER_HELP)),
    }
}

/// [`parse`], keeping what did parse when some statements did not: the statements that parsed
/// (with their spans) and every error, so that the matcher can still check the good ones.
pub fn parse_all(input: TokenStream) -> (Option<Parsed>, Option<syn::Error>) {
    let toks: Vec<TokenTree> = input.into_iter().collect();
    let semi = toks.iter().position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';'));
    let (builder_toks, rest): (&[TokenTree], &[TokenTree]) = match semi {
        Some(i) => (&toks[..i], &toks[i + 1..]),
        None => (&toks, &[]),
    };
    let semi_span = semi.map(|i| toks[i].span());

    let mut errors = Errors::default();
    let builder = match builder(builder_toks, semi_span) {
        Ok(b) => Some(b),
        Err(e) => {
            errors.push(e);
            None
        }
    };

    let mut conv = Converter::default();
    let flat = conv.convert(rest.iter().cloned().collect());
    let stmts = split_statements(&flat);
    let src = MacroSource { conv: &conv };
    let parsed = syntax::parse(&src, stmts.iter().map(|(toks, end)| Statement { toks, end: *end }));
    for e in &parsed.errors {
        errors.push(syn::Error::new(conv.span(e.span), &e.message));
    }
    let holes = hole_exprs(&conv, &parsed.holes, &mut errors);
    let spans = parsed.program.stmts.iter().map(|s| stmt_spans(&conv, s)).collect();

    match builder {
        Some(builder) => (Some(Parsed { builder, program: parsed.program, holes, spans }), errors.0),
        None => (None, Some(errors.0.unwrap_or_else(|| syn::Error::new(Span::call_site(), BUILDER_HELP)))),
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

/// The statements' token runs between top-level `;`, each with the span of its end.
fn split_statements(flat: &[Token]) -> Vec<(Vec<Token>, AstSpan)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < flat.len() {
        let n = flat[start..].iter().position(|t| t.tok == Tok::Punct(';')).map_or(flat.len(), |n| start + n);
        let stmt = flat[start..n].to_vec();
        let end = match flat.get(n) {
            Some(semi) => semi.span,
            None => stmt.last().map_or(AstSpan::default(), |t| t.span),
        };
        out.push((stmt, end));
        start = n + 1;
    }
    out
}

/// Proc-macro tokens -> grammar tokens, remembering every token's span, text and, for brace
/// groups, the group itself (a hole's Rust expression is parsed from it).
#[derive(Default)]
struct Converter {
    spans: Vec<Span>,
    texts: Vec<String>,
    groups: Vec<Group>,
}

impl Converter {
    fn push(&mut self, tok: Tok, span: Span, text: String, out: &mut Vec<Token>) {
        let col = u32::try_from(self.spans.len()).unwrap_or(u32::MAX);
        self.spans.push(span);
        self.texts.push(text);
        out.push(Token { tok, span: AstSpan { line: 0, col, len: 1 } });
    }

    fn convert(&mut self, ts: TokenStream) -> Vec<Token> {
        let mut out = Vec::new();
        let toks: Vec<TokenTree> = ts.into_iter().collect();
        let mut i = 0;
        while i < toks.len() {
            match &toks[i] {
                TokenTree::Ident(id) => {
                    self.push(Tok::Ident(id.unraw().to_string()), id.span(), id.to_string(), &mut out)
                }
                TokenTree::Punct(p) => {
                    let next = toks.get(i + 1);
                    let c = p.as_char();
                    if c == ':'
                        && p.spacing() == Spacing::Joint
                        && matches!(next, Some(TokenTree::Punct(q)) if q.as_char() == ':')
                    {
                        self.push(Tok::PathSep, p.span(), "::".into(), &mut out);
                        i += 1;
                    } else if let (true, Some(TokenTree::Ident(id))) = (c == '.', next) {
                        // `.byte`: a GNU directive is one word.
                        let span = p.span().join(id.span()).unwrap_or_else(|| p.span());
                        self.push(Tok::Ident(format!(".{}", id.unraw())), span, format!(".{id}"), &mut out);
                        i += 1;
                    } else if let (true, Some(TokenTree::Literal(l))) = (c == '.', next) {
                        // `.2byte`, `.p2align`-style words that Rust reads as a number with a suffix.
                        let word = l.to_string();
                        if matches!(word.as_str(), "1byte" | "2byte" | "4byte" | "8byte") {
                            let span = p.span().join(l.span()).unwrap_or_else(|| p.span());
                            self.push(Tok::Ident(format!(".{word}")), span, format!(".{word}"), &mut out);
                            i += 1;
                        } else {
                            self.push(Tok::Punct(c), p.span(), c.to_string(), &mut out);
                        }
                    } else {
                        self.push(Tok::Punct(c), p.span(), c.to_string(), &mut out);
                    }
                }
                TokenTree::Literal(l) => self.push(literal(l), l.span(), l.to_string(), &mut out),
                TokenTree::Group(g) => self.group(g, &mut out),
            }
            i += 1;
        }
        out
    }

    fn group(&mut self, g: &Group, out: &mut Vec<Token>) {
        let (open, close) = match g.delimiter() {
            Delimiter::None => {
                out.extend(self.convert(g.stream()));
                return;
            }
            Delimiter::Brace => {
                let n = u32::try_from(self.groups.len()).unwrap_or(u32::MAX);
                self.groups.push(g.clone());
                let col = u32::try_from(self.spans.len()).unwrap_or(u32::MAX);
                self.spans.push(g.span());
                self.texts.push(format!("{{{}}}", g.stream()));
                let inner = self.convert(g.stream());
                out.push(Token { tok: Tok::Brace(inner, Some(n)), span: AstSpan { line: 0, col, len: 1 } });
                return;
            }
            Delimiter::Bracket => ('[', ']'),
            Delimiter::Parenthesis => ('(', ')'),
        };
        // The opening token carries the whole group's span, so an operand that starts with it
        // (`[rax]`) is underlined whole (spans cannot be joined on stable Rust).
        self.push(Tok::Punct(open), g.span(), open.to_string(), out);
        let inner = self.convert(g.stream());
        out.extend(inner);
        self.push(Tok::Punct(close), g.span_close(), close.to_string(), out);
    }

    /// The proc-macro span of a grammar span (a token range), joined where the compiler can.
    fn span(&self, s: AstSpan) -> Span {
        let first = self.spans.get(s.col as usize).copied().unwrap_or_else(Span::call_site);
        if s.len <= 1 {
            return first;
        }
        let last = self.spans.get((s.col + s.len - 1) as usize).copied().unwrap_or(first);
        first.join(last).unwrap_or(first)
    }
}

/// A Rust literal as a grammar token: strings and characters by Rust's rules, numbers by the
/// grammar's (`0x2a`, `2ah`, `1_000`, `1to16`), with a Rust integer suffix allowed.
fn literal(l: &Literal) -> Tok {
    let text = l.to_string();
    let first = text.chars().next().unwrap_or(' ');
    if !first.is_ascii_digit() {
        return match syn::Lit::new(l.clone()) {
            syn::Lit::Str(s) => Tok::Str(s.value().into_bytes()),
            syn::Lit::ByteStr(s) => Tok::Str(s.value()),
            syn::Lit::CStr(s) => Tok::Str(s.value().into_bytes_with_nul()),
            syn::Lit::Char(c) => Tok::Char(u32::from(c.value())),
            syn::Lit::Byte(b) => Tok::Char(u32::from(b.value())),
            _ => Tok::Bad(format!("expected a number, found `{text}`")),
        };
    }
    const SUFFIXES: [&str; 14] = [
        "u128", "i128", "usize", "isize", "u16", "u32", "u64", "i16", "i32", "i64", "f32", "f64", "u8", "i8",
    ];
    let is_hex = text.starts_with("0x") || text.starts_with("0X");
    let mut body = text.as_str();
    for s in SUFFIXES {
        if let Some(b) = body.strip_suffix(s) {
            // `0x1f32` is a hex number, not `0x1` with a float suffix.
            if !(b.is_empty() || is_hex && s.starts_with('f')) {
                body = b;
                break;
            }
        }
    }
    if text.len() > body.len() && text[body.len()..].starts_with('f') {
        return body
            .replace('_', "")
            .parse::<f64>()
            .map_or_else(|_| Tok::Bad(format!("invalid number `{text}`")), Tok::Float);
    }
    let chars: Vec<char> = body.chars().collect();
    match syntax::number(&chars) {
        Tok::Bad(_) if body.chars().any(|c| c.is_ascii_alphabetic()) && !is_hex => {
            let suffix: String = body.chars().skip_while(|c| c.is_ascii_digit() || *c == '_').collect();
            Tok::Bad(format!("unknown suffix `{suffix}` on integer literal (write hexadecimal as `0x2a`)"))
        }
        t => t,
    }
}

/// Statement texts and token quotes for the grammar.
struct MacroSource<'a> {
    conv: &'a Converter,
}

impl syntax::Source for MacroSource<'_> {
    fn text(&self, toks: &[Token]) -> String {
        render(self.conv, toks)
    }

    fn found(&self, tok: &Token) -> String {
        if matches!(tok.tok, Tok::Brace(..)) {
            return "`{...}`".to_string();
        }
        let s = self.conv.texts.get(tok.span.col as usize).cloned().unwrap_or_default();
        if s.chars().count() > 40 {
            let head: String = s.chars().take(37).collect();
            format!("`{head}...`")
        } else {
            format!("`{s}`")
        }
    }
}

/// Normalized text of tokens for listings: `qword ptr fs:[rax + rcx*8 - 8]`, `r64{r}`, `{n}`,
/// `st(1)`, `zmm0 {k1}{z}`.
fn render(conv: &Converter, toks: &[Token]) -> String {
    let mut out = String::new();
    let mut prev_word = false;
    let mut prev_hole_kw = false;
    let mut prev_brace = false;
    for t in toks {
        let text = conv.texts.get(t.span.col as usize).map_or("", String::as_str);
        match &t.tok {
            Tok::Punct(c) => {
                match c {
                    '+' | '-' if prev_word => {
                        out.push(' ');
                        out.push(*c);
                        out.push(' ');
                    }
                    ',' => out.push_str(", "),
                    '[' | '@' if prev_word => {
                        out.push(' ');
                        out.push(*c);
                    }
                    _ => out.push(*c),
                }
                prev_word = matches!(c, ']' | ')');
                prev_hole_kw = false;
                prev_brace = false;
            }
            Tok::Brace(..) => {
                if prev_word && !prev_hole_kw && !prev_brace {
                    out.push(' ');
                }
                out.push_str(text);
                prev_word = true;
                prev_hole_kw = false;
                prev_brace = true;
            }
            _ => {
                if prev_word {
                    out.push(' ');
                }
                out.push_str(text);
                prev_word = true;
                prev_brace = false;
                prev_hole_kw =
                    matches!(&t.tok, Tok::Ident(i) if asm_runtime::RegClass::from_hole_name(i).is_some());
            }
        }
    }
    out.replace("st (", "st(")
}

/// The Rust expression of every hole.
fn hole_exprs(conv: &Converter, holes: &[HoleRef], errors: &mut Errors) -> Vec<Hole> {
    let mut out = Vec::new();
    for h in holes {
        let Some(g) = conv.groups.get(h.group as usize) else { continue };
        let span = g.span();
        if too_complex(g.stream()) {
            errors.push(syn::Error::new(
                span,
                "expression too long for a hole: bind it to a variable first (`let v = ...;`) and write `{v}`",
            ));
            out.push(Hole { expr: syn::parse_quote!(()), span });
            continue;
        }
        // Parsed with its braces, so that a truncated expression is reported at the `}`.
        match syn::parse2::<HoleExpr>(TokenStream::from(TokenTree::Group(g.clone()))) {
            // `{(sae)}` spells a variable that a reserved word would shadow; the parentheses
            // are not part of the value (and would draw an `unused_parens` warning).
            Ok(HoleExpr(syn::Expr::Paren(p))) => out.push(Hole { expr: *p.expr, span }),
            Ok(HoleExpr(expr)) => out.push(Hole { expr, span }),
            Err(e) => {
                errors.push(e);
                out.push(Hole { expr: syn::parse_quote!(()), span });
            }
        }
    }
    out
}

/// The spans of one statement's parts.
fn stmt_spans(conv: &Converter, s: &asm_runtime::ast::Stmt) -> StmtSpans {
    let stmt = conv.span(s.span);
    let operands = s.parts.iter().map(|p| conv.span(*p)).collect();
    let operand_toks = s
        .parts
        .iter()
        .map(|p| {
            (p.col..p.col.saturating_add(p.len))
                .filter_map(|i| Some((conv.texts.get(i as usize)?.clone(), *conv.spans.get(i as usize)?)))
                .collect()
        })
        .collect();
    let first = AstSpan { len: 1, ..s.span };
    match &s.kind {
        StmtKind::Instr(ins) => {
            let d = &ins.deco_spans;
            let deco = [d.mask, d.zeroing, d.broadcast, d.rounding].map(|s| s.map(|s| conv.span(s)));
            let prefix = ins.prefix.map(|_| conv.span(first));
            StmtSpans { stmt, mnemonic: conv.span(ins.span), operands, deco, prefix, operand_toks }
        }
        _ => StmtSpans {
            stmt,
            mnemonic: conv.span(first),
            operands,
            deco: [None; 4],
            prefix: None,
            operand_toks,
        },
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

#[cfg(test)]
mod tests {
    use super::*;
    use asm_runtime::ast::{DataItem, Directive, Instr, LabelName, OperandHoles, Span as AstSpan};
    use asm_runtime::operand::{BranchHint, HoleKind, Label, Mem, Operand, Prefix, Reg, RegClass, Seg, Size};
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
                StmtKind::Directive(Directive::Align(n) | Directive::AlignPad { to: n, .. }) => {
                    assert!(*n > 0)
                }
                StmtKind::Directive(Directive::Arch(_)) => {}
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
                span: AstSpan { line: 0, col: 0, len: 1 },
                operand_spans: vec![AstSpan { line: 0, col: 1, len: 1 }, AstSpan { line: 0, col: 3, len: 1 }],
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

        let too_large = "integer too large";
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
        assert_eq!(ops(quote!(mov rax, 0X2A))[1], Operand::Imm(42));
        // NASM's hex suffix, as in the text assembler.
        assert_eq!(ops(quote!(mov rax, 2ah))[1], Operand::Imm(42));
        assert_eq!(err(quote!(a; mov rax, "s")), "a string is only allowed in `db`");
        assert_eq!(err(quote!(a; mov rax, - rbx)), "expected a number, found register `rbx`");
        assert_eq!(err(quote!(a; mov rax, -)), "expected a number, found end of statement");
        assert_eq!(err(quote!(a; mov rax, -{x})), "negate inside the braces instead, as in `{-x}`");
        // Constant expressions are the grammar's, as in the text assembler.
        assert_eq!(ops(quote!(mov rax, (1 + 2) * 4))[1], Operand::Imm(12));
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
        assert_eq!(err(quote!(a; jmp @)), "expected a label name after `@`, found end of statement");
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
        assert_eq!(err(quote!(a; @: nop)), "expected a label name after `@`");
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
        assert_eq!(err(quote!(a; lock)), "expected an instruction after `lock`, found end of statement");
        assert_eq!(err(quote!(a; rep; nop)), "expected an instruction after `rep`, found end of statement");
        assert_eq!(err(quote!(a; lock [rax])), "expected an instruction after `lock`, found `[`");
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
        assert_eq!(ops(quote!(mov rax, [rbx + 8*5]))[1], Operand::Mem(m(Some("rbx"), None, 1, 40)));
        assert_eq!(err(quote!(a; mov rax, [rax + rbx + rcx])), "a memory operand has at most two registers");
        assert_eq!(
            err(quote!(a; mov rax, [r64{a} + r64{b} + r64{c}])),
            "a memory operand has at most two registers"
        );
        assert_eq!(err(quote!(a; mov rax, [rax*2 + rbx*2])), "only one register can be scaled");
        assert_eq!(err(quote!(a; mov rax, [rax - rbx])), "a register cannot be subtracted");
        assert_eq!(err(quote!(a; mov rax, [-rbx])), "a register cannot be subtracted");
        assert_eq!(
            err(quote!(a; lea rax, [rip - l]; l: ret)),
            "a label or `{...}` term cannot be subtracted (negate inside the braces, as in `{-x}`)"
        );
        assert_eq!(
            err(quote!(a; mov rax, [rax - {d}])),
            "a label or `{...}` term cannot be subtracted (negate inside the braces, as in `{-x}`)"
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
        assert_eq!(err(quote!(a; mov rax, [ip + 8])), "`ip`-relative addressing is not supported; use `rip`");
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
            "expected a register, number or `{...}` in memory operand, found `[`"
        );
        assert_eq!(
            err(quote!(a; mov rax, [rax + 1.5])),
            "a floating-point literal is only allowed in `dd` and `dq`"
        );
        assert_eq!(err(quote!(a; mov rax, [rax + 0xffff_ffff_ffff_ffff + 1])), "displacement too large");
        assert_eq!(err(quote!(a; mov rax, qword ptr rax)), "expected `[` after `qword ptr`, found `rax`");
        assert_eq!(err(quote!(a; mov rax, qword rax)), "expected `[` after `qword`, found `rax`");
        assert_eq!(err(quote!(a; mov rax, fs:rax)), "expected `[` or an address after `fs:`, found `rax`");
        assert_eq!(
            err(quote!(a; mov rax, ptr [rax])),
            "`ptr` needs a size keyword before it, as in `qword ptr [...]`"
        );
        // A segment register is an operand; the table decides which forms take it.
        assert_eq!(ops(quote!(mov rax, fs))[1], Operand::Reg(Reg::new(RegClass::Seg, 4)));
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
        assert_eq!(err(quote!(a; db)), "expected a value after `db`");
        assert_eq!(err(quote!(a; db;)), "expected a value after `db`");
        assert_eq!(
            err(quote!(a; db 1,)),
            "expected a number, string, label or `{...}` in `db`, found end of statement"
        );
        assert_eq!(err(quote!(a; db 1 2)), "expected `,` or end of statement after data item, found `2`");
        assert_eq!(
            err(quote!(a; dq a - 5)),
            "expected a label after `-` (a label difference is `a - b`), found `5`"
        );
        assert_eq!(err(quote!(a; db -x)), "unknown register or symbol `x`");
        // Data items are constant expressions; the width is checked when the code is assembled.
        assert_eq!(data(quote!(db 256u16 + 1)), (1, vec![DataItem::Int(257)]));
        assert_eq!(err(quote!(a; dq 0x1_0000_0000_0000_0000)), "integer too large");
        assert_eq!(
            err(quote!(a; dq [rax])),
            "expected a number, string, label or `{...}` in `dq`, found `[`"
        );
        assert_eq!(err(quote!(a; db -"s")), "a string is only allowed in `db`");
        assert_eq!(
            err(quote!(a; dq x::y)),
            "a Rust path or expression must be written in braces, as in `{...}`"
        );
    }

    #[test]
    fn align_and_times() {
        let p = ok(quote!(a; align 16; ALIGN 2; align 4096));
        assert_eq!(
            kinds(&p),
            [
                StmtKind::Directive(Directive::Align(16)),
                StmtKind::Directive(Directive::Align(2)),
                StmtKind::Directive(Directive::Align(4096))
            ]
        );
        assert_eq!(texts(&p), ["align 16", "ALIGN 2", "align 4096"]);
        assert_eq!(err(quote!(a; align 3)), "alignment 3 is not a power of two");
        assert_eq!(p.spans[0].operands.len(), 1);
        assert_eq!(err(quote!(a; align 0)), "alignment must be a positive integer, found 0");
        assert_eq!(err(quote!(a; align -8)), "alignment must be a positive integer, found -8");
        assert_eq!(err(quote!(a; align 8192)), "alignment 8192 is too large (at most 4096)");
        assert_eq!(err(quote!(a; align)), "expected an alignment after `align`");
        assert_eq!(err(quote!(a; align {n})), "the alignment of `align` must be a constant");
        assert_eq!(err(quote!(a; align 8 8)), "expected end of statement, found `8`");

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
        assert_eq!(err(quote!(a; times)), "expected a repeat count after `times`");
        assert_eq!(err(quote!(a; times nop)), "expected a repeat count after `times`, found `nop`");
        assert_eq!(
            err(quote!(a; times {n} nop)),
            "the repeat count of `times` must be a constant (repeat in Rust for a computed count)"
        );
        assert_eq!(err(quote!(a; times 3)), "expected a statement after `times 3`, found end of statement");
        assert_eq!(
            err(quote!(a; times 3; nop)),
            "expected a statement after `times 3`, found end of statement"
        );
        assert_eq!(err(quote!(a; times 3 times 3 nop)), "nested `times` is not supported");
        assert_eq!(err(quote!(a; times 3 l: nop)), "a label cannot be repeated with `times`");
        assert_eq!(err(quote!(a; times 2 mov rax, foo)), "unknown register `foo`");
        assert_eq!(
            err(quote!(a; times 1000000 nop; times 1000000 nop; times 1 nop)),
            "`times` repeats too much: at most 2000000 statements or data items in one program"
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
            assert_eq!(s.span.line, 0, "macro spans are token ranges");
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
            err(quote!(a; mov rax, 1 ! 2)),
            "expected `,` or `;` after operand, found `!` (a computed value must be a constant expression or a Rust expression in braces, as in `{...}`)"
        );
        assert_eq!(err(quote!(a; mov rax,)), "expected an operand, found end of statement");
        assert_eq!(err(quote!(a; mov rax,; ret)), "expected an operand, found end of statement");
        assert_eq!(err(quote!(a; mov , rax)), "expected an operand, found `,`");
        assert_eq!(err(quote!(a; mov rax,, rbx)), "expected an operand, found `,`");
        assert_eq!(err(quote!(a; 5)), "expected an instruction, directive or label, found `5`");
        assert_eq!(err(quote!(a; [rax])), "expected an instruction, directive or label, found `[`");

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
                // What the macro does with a block that is partly wrong: match what parsed.
                match parse_all(ts) {
                    (Some(p), None) => drop(crate::lower::lower(p)),
                    (Some(p), Some(_)) => drop(crate::lower::check_instructions(&p)),
                    (None, _) => {}
                }
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

//! Lowering: a parsed invocation -> Rust code.
//!
//! Every instruction is matched against the table here, at compile time. A statement with no
//! hole and no label is encoded now; runs of such statements become one byte-string literal
//! appended in one call. When the whole invocation is static and position independent, even its
//! local branches are resolved now (relaxed by the same layout code the runtime uses) and the
//! whole invocation is a single append. A statement with register, immediate or displacement
//! holes is compiled into a template and fills (see [`crate::spec`]); a branch or label
//! reference is encoded now and becomes one layout item or fixup at run time. What neither
//! covers becomes a call that hands the chosen form and the operands to the assembler's generic
//! path. The hole values are bound to locals of the Rust type their operand kind requires, so a
//! wrong type is a rustc error on the expression.

use std::collections::HashMap;

use asm_runtime::asm::Encoded;
use asm_runtime::ast::{DataItem, Directive, Instr, LabelName, OperandHoles, StmtKind};
use asm_runtime::isa::{matcher, Feature, Features, Form, Kind};
use asm_runtime::operand::{HoleKind, Label, Mem, Operand, RegClass};
use asm_runtime::{enc, Assembler, MatchError};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

use crate::diag;
use crate::parse::{Builder, Parsed, StmtSpans};

/// Generates the code for one invocation, or every error found.
pub fn lower(p: Parsed) -> syn::Result<TokenStream> {
    let (forms, encoded) = analyze(&p)?;
    let body = match static_bytes(&p, &encoded) {
        Some(Ok((bytes, list))) => {
            let lit = syn::LitByteStr::new(&bytes, Span::call_site());
            let entries = list.iter().map(|(len, t)| quote!((#len, #t)));
            quote!(__a.emit_static(#lit, &[#(#entries),*]);)
        }
        Some(Err(e)) => return Err(e),
        None => dynamic(&p, &forms, &encoded)?,
    };
    let checks = feature_checks(&p, &forms);
    let body = quote!(#(#checks)* #body);
    finish(&p, &forms, body)
}

/// Matches every instruction of a block that also has syntax errors (labels are not checked:
/// a statement that did not parse may be the one that defines a label).
pub fn check_instructions(p: &Parsed) -> syn::Result<()> {
    let mut errs = diag::Errors::default();
    match_all(p, &mut errs);
    errs.finish()
}

/// One run-time check per CPU feature the block needs beyond the base set, naming the first
/// statement that needs it: an assembler restricted with `with_features` keeps the error for
/// `finalize` (the bytes were encoded at compile time, so nothing else would notice).
fn feature_checks(p: &Parsed, forms: &[Option<&'static Form>]) -> Vec<TokenStream> {
    let mut seen = Features::NONE.with(Feature::Base);
    let mut out = Vec::new();
    for (s, f) in p.program.stmts.iter().zip(forms) {
        if let Some(f) = f {
            if !seen.contains(f.feature) {
                seen = seen.with(f.feature);
                let bits = Features::NONE.with(f.feature).bits();
                let text = &s.text;
                out.push(quote!(__a.require_features(#bits, #text);));
            }
        }
    }
    out
}

/// The row of every instruction, and the bytes of every instruction without holes.
type Analysis = (Vec<Option<&'static Form>>, Vec<Option<Encoded>>);

/// Checks labels, matches every instruction and encodes the static ones; every error at once.
fn analyze(p: &Parsed) -> syn::Result<Analysis> {
    let mut errs = diag::Errors::default();
    check_labels(p, &mut errs);
    let analysis = match_all(p, &mut errs);
    errs.finish()?;
    Ok(analysis)
}

/// Matches every instruction and encodes the static ones, pushing every error.
fn match_all(p: &Parsed, errs: &mut diag::Errors) -> Analysis {
    // Match every instruction now, and encode each one whose operands are all known, once: the
    // bytes serve the error check, the static literal and the mixed path alike.
    let mut forms: Vec<Option<&'static Form>> = Vec::with_capacity(p.program.stmts.len());
    let mut encoded: Vec<Option<Encoded>> = Vec::with_capacity(p.program.stmts.len());
    let mut target = Features::ALL;
    for (i, s) in p.program.stmts.iter().enumerate() {
        let (f, e) = match &s.kind {
            StmtKind::Directive(Directive::Arch(t)) => {
                target = *t;
                (None, None)
            }
            StmtKind::Instr(ins) => {
                match matcher::find(&ins.mnemonic, ins.prefix, &ins.operands, &ins.deco) {
                    Ok(f) if !target.contains(f.feature) => {
                        let e =
                            MatchError::MissingFeature { form: f.to_string(), feature: f.feature, target };
                        errs.push(diag::match_error(&e, &p.spans[i]));
                        (Some(f), None)
                    }
                    Ok(f) => match encode_known(f, ins) {
                        Ok(e) => (Some(f), e),
                        Err(e) => {
                            errs.push(diag::match_error(&e, &p.spans[i]));
                            (Some(f), None)
                        }
                    },
                    Err(e) => {
                        errs.push(diag::match_error(&e, &p.spans[i]));
                        (None, None)
                    }
                }
            }
            _ => (None, None),
        };
        forms.push(f);
        encoded.push(e);
    }
    (forms, encoded)
}

/// The block around the generated statements: hole bindings, then the builder.
fn finish(p: &Parsed, forms: &[Option<&'static Form>], body: TokenStream) -> syn::Result<TokenStream> {
    let holes = bind_holes(p, forms);
    Ok(match &p.builder {
        Builder::Expr(e) => quote!({
            #holes
            #[allow(unused_variables)]
            let __a: &mut ::asm_runtime::Assembler = (#e).as_mut_assembler();
            #body
        }),
        Builder::New => quote!({
            #holes
            let mut __asm = ::asm_runtime::Assembler::new();
            {
                #[allow(unused_variables)]
                let __a: &mut ::asm_runtime::Assembler = &mut __asm;
                #body
            }
            __asm
        }),
    })
}

/// Undefined and duplicate local labels are compile errors.
fn check_labels(p: &Parsed, errs: &mut diag::Errors) {
    let mut defined: HashMap<u32, usize> = HashMap::new();
    for (i, s) in p.program.stmts.iter().enumerate() {
        if let StmtKind::Label(l) = s.kind {
            if let Some(LabelName::Local(name)) = p.program.labels.get(l.index() as usize) {
                if defined.insert(l.index(), i).is_some() {
                    errs.push(syn::Error::new(
                        p.spans[i].mnemonic,
                        format!("label `{name}` is defined twice"),
                    ));
                }
            }
        }
    }
    let mut check = |l: Label, span: Span, toks: Option<&Vec<(String, Span)>>| {
        if let Some(LabelName::Local(name)) = p.program.labels.get(l.index() as usize) {
            // The label's own token inside the operand (`[rip + name]`, `a - name`).
            let span = toks.and_then(|t| t.iter().rev().find(|(t, _)| t == name)).map_or(span, |(_, s)| *s);
            if !defined.contains_key(&l.index()) {
                errs.push(syn::Error::new(
                    span,
                    format!("undefined label `{name}` (define it with `{name}:` in this invocation, or use `@{name}` for a label shared across invocations)"),
                ));
            }
        }
    };
    for (i, s) in p.program.stmts.iter().enumerate() {
        let sp = &p.spans[i];
        let at = |k: usize| sp.operands.get(k).copied().unwrap_or(sp.stmt);
        let toks = |k: usize| sp.operand_toks.get(k);
        match &s.kind {
            StmtKind::Instr(ins) => {
                for (k, o) in ins.operands.iter().enumerate() {
                    match o {
                        Operand::Label(l, _) => check(*l, at(k), toks(k)),
                        Operand::Mem(Mem { label: Some(l), .. }) => check(*l, at(k), toks(k)),
                        _ => {}
                    }
                }
            }
            StmtKind::Directive(Directive::Data { items, .. }) => {
                for (k, it) in items.iter().enumerate() {
                    match it {
                        DataItem::Label(l) => check(*l, at(k), toks(k)),
                        DataItem::LabelDiff(a, b) => {
                            check(*a, at(k), toks(k));
                            check(*b, at(k), toks(k));
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn has_holes(p: &Parsed) -> bool {
    !p.holes.is_empty() || p.program.labels.iter().any(|l| !matches!(l, LabelName::Local(_)))
}

/// Pre-assembled code and its listing records (length in bytes, source text) per statement.
type StaticCode = (Vec<u8>, Vec<(u8, String)>);

/// An instruction with no hole, encoded now (its label fields zero, to be relocated).
pub fn encode_known(
    form: &'static Form,
    ins: &asm_runtime::ast::Instr,
) -> Result<Option<Encoded>, MatchError> {
    let known = ins.operands.iter().all(|o| !matches!(o, Operand::Hole(..)))
        && ins.holes.iter().all(|h| *h == OperandHoles::default())
        && ins.mask_hole.is_none();
    if !known {
        return Ok(None);
    }
    let mut ops = ins.operands.clone();
    for o in ops.iter_mut() {
        if let Operand::Mem(m) = o {
            enc::normalize_mem(m);
        }
    }
    matcher::check(form, ins.prefix, &ops, &ins.deco)?;
    let mut bytes = Vec::with_capacity(15);
    let reloc = enc::encode_into(form, ins.prefix, &ops, &ins.deco, &mut bytes);
    Ok(Some(Encoded { form, bytes, reloc }))
}

/// The whole invocation as bytes, if it has no holes, no shared labels, no alignment and
/// needs no absolute address: laid out (branches relaxed) from the bytes encoded already.
fn static_bytes(p: &Parsed, encoded: &[Option<Encoded>]) -> Option<syn::Result<StaticCode>> {
    if has_holes(p)
        || p.program
            .stmts
            .iter()
            .any(|s| matches!(s.kind, StmtKind::Directive(Directive::Align(_) | Directive::AlignPad { .. })))
    {
        return None;
    }
    let mut a = Assembler::new();
    a.set_listing(true);
    if let Err(e) = a.assemble_program_encoded(&p.program, encoded) {
        return Some(Err(syn::Error::new(Span::call_site(), e.to_string())));
    }
    if !a.is_position_independent() {
        return None;
    }
    match a.assemble_at(0) {
        Ok(out) => {
            let mut list = Vec::new();
            for l in out.listing {
                // Statements longer than 255 bytes (big data) are split for the listing record.
                let mut len = l.len;
                let mut first = true;
                loop {
                    let chunk = len.min(255);
                    list.push((chunk as u8, if first { l.text.clone() } else { String::new() }));
                    first = false;
                    len -= chunk;
                    if len == 0 {
                        break;
                    }
                }
            }
            Some(Ok((out.bytes, list)))
        }
        Err(e) => Some(Err(syn::Error::new(Span::call_site(), e.to_string()))),
    }
}

/// How a hole's value is bound: a plain Rust type, an immediate field (any integer type that
/// converts to it without loss, see `asm_runtime::imm`), or a branch target.
#[derive(Clone)]
enum HoleTy {
    Plain(TokenStream),
    Imm(&'static str),
    Target,
}

/// The immediate field an immediate hole fills, from the descriptor of the kind.
fn imm_type(k: Kind) -> HoleTy {
    HoleTy::Imm(asm_runtime::imm::field_of(k).unwrap_or("Imm64"))
}

fn reg_type(c: RegClass) -> TokenStream {
    let c = if c == RegClass::Gpr8High { RegClass::Gpr8 } else { c };
    let ty = format_ident!("{}", c.hole().map_or("Gpr64", |(ty, _)| ty));
    quote!(::asm_runtime::#ty)
}

pub fn hole_ident(i: usize) -> syn::Ident {
    format_ident!("__h{}", i)
}

/// `let __hN: T = expr;` for every hole, evaluated before the builder is borrowed.
fn bind_holes(p: &Parsed, forms: &[Option<&'static Form>]) -> TokenStream {
    let mut types: Vec<Option<HoleTy>> = vec![None; p.holes.len()];
    let mut set = |i: Option<usize>, t: HoleTy| {
        if let Some(slot) = i.and_then(|i| types.get_mut(i)) {
            *slot = Some(t);
        }
    };
    for (idx, s) in p.program.stmts.iter().enumerate() {
        match &s.kind {
            StmtKind::Instr(ins) => {
                let Some(form) = forms[idx] else { continue };
                // A write mask from a Rust value is a `KMask`, which cannot be `k0`.
                set(ins.mask_hole, HoleTy::Plain(quote!(::asm_runtime::KMask)));
                for (k, o) in ins.operands.iter().enumerate() {
                    let h = ins.holes.get(k).cloned().unwrap_or_default();
                    match o {
                        Operand::Hole(HoleKind::Imm, _) => set(h.value, imm_type(form.operands[k].0)),
                        Operand::Hole(HoleKind::Reg(c), _) => set(h.value, HoleTy::Plain(reg_type(*c))),
                        Operand::Hole(HoleKind::Target, _) => set(h.value, HoleTy::Target),
                        Operand::Mem(m) => {
                            if let Some(b) = m.base {
                                set(h.base, HoleTy::Plain(reg_type(b.class)));
                            }
                            if let Some(x) = m.index {
                                set(h.index, HoleTy::Plain(reg_type(x.class)));
                            }
                            set(h.disp, HoleTy::Imm("Disp32"));
                        }
                        _ => {}
                    }
                }
            }
            StmtKind::Directive(Directive::Data { width, items }) => {
                let t = match width {
                    1 => quote!(u8),
                    2 => quote!(u16),
                    4 => quote!(u32),
                    _ => quote!(u64),
                };
                for it in items {
                    if let DataItem::Hole(i) = it {
                        set(Some(*i), HoleTy::Plain(t.clone()));
                    }
                }
            }
            _ => {}
        }
    }
    for (i, l) in p.program.labels.iter().enumerate() {
        if let LabelName::Dynamic(h) = l {
            let _ = i;
            set(Some(*h), HoleTy::Plain(quote!(::asm_runtime::Label)));
        }
    }
    let mut out = TokenStream::new();
    for (i, h) in p.holes.iter().enumerate() {
        let id = hole_ident(i);
        let e = &h.expr;
        match types[i].clone() {
            None => out.extend(quote_spanned!(h.span=> let #id = #e;)),
            Some(HoleTy::Plain(ty)) => out.extend(quote_spanned!(h.span=> let #id: #ty = #e;)),
            Some(HoleTy::Target) => out.extend(quote_spanned!(h.span=>
                let #id: ::asm_runtime::Target = ::core::convert::Into::<::asm_runtime::Target>::into(#e);
            )),
            // An integer literal has no type of its own: it is the value, checked when matched.
            Some(HoleTy::Imm(_)) if is_int_literal(e) => {
                out.extend(quote_spanned!(h.span=> let #id: i128 = #e;))
            }
            Some(HoleTy::Imm(field)) => {
                let field = format_ident!("{}", field);
                let e = quote_spanned!(e.span()=> #e);
                out.extend(quote_spanned!(h.span=>
                    let #id: i128 = ::asm_runtime::imm::ImmHole::<::asm_runtime::imm::#field>::new(#e).value();
                ));
            }
        }
    }
    out
}

/// The value of an integer literal without a suffix, possibly negated or parenthesized.
fn int_literal_value(e: &syn::Expr) -> Option<i128> {
    match e {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) if i.suffix().is_empty() => {
            i.base10_parse::<i128>().ok()
        }
        syn::Expr::Unary(syn::ExprUnary { op: syn::UnOp::Neg(_), expr, .. }) => {
            int_literal_value(expr)?.checked_neg()
        }
        syn::Expr::Paren(p) => int_literal_value(&p.expr),
        syn::Expr::Group(g) => int_literal_value(&g.expr),
        _ => None,
    }
}

/// An integer literal without a suffix, possibly negated.
fn is_int_literal(e: &syn::Expr) -> bool {
    match e {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Int(i), .. }) => i.suffix().is_empty(),
        syn::Expr::Unary(syn::ExprUnary { op: syn::UnOp::Neg(_), expr, .. }) => is_int_literal(expr),
        syn::Expr::Paren(p) => is_int_literal(&p.expr),
        syn::Expr::Group(g) => is_int_literal(&g.expr),
        _ => false,
    }
}

/// One instruction of a run of compiled instructions (see [`Emitter::run`]).
enum RunEntry {
    /// Bytes encoded now.
    Static(Vec<u8>),
    /// The code that fills the instruction in (see [`crate::spec::tokens`]).
    Spec(TokenStream),
    /// A branch or label reference.
    Label(crate::calls::LabelOp),
}

/// Generated statements, with runs of static bytes merged into one `emit_static` each, and runs
/// of compiled instructions (with the static ones between them) into one buffer each.
#[derive(Default)]
struct Emitter {
    out: TokenStream,
    pending: Vec<u8>,
    /// Length and source text of each statement in `pending`, for the listing.
    list: Vec<(u8, String)>,
    /// The current run of compiled instructions and its statement texts.
    run: Vec<(RunEntry, String)>,
    /// The most bytes the run can take.
    run_bytes: usize,
}

/// The longest buffer of a run (its instruction end offsets are bytes).
const RUN_BYTES: usize = 256 - asm_runtime::enc::spec::SLACK;

impl Emitter {
    /// Adds a compiled instruction to the run (starting one if needed).
    fn spec(&mut self, entry: TokenStream, max_len: usize, text: &str) {
        self.flush();
        if self.run.len() == asm_runtime::enc::spec::MAX_RUN || self.run_bytes + max_len > RUN_BYTES {
            self.flush_run();
        }
        self.run.push((RunEntry::Spec(entry), text.to_string()));
        self.run_bytes += max_len;
    }

    /// A branch or label reference: part of the open run of compiled instructions, so the
    /// block's straight line stays one append; with no run open, a call of its own (a run would
    /// cost more than it saves for static code around a branch).
    fn label_op(&mut self, op: crate::calls::LabelOp, text: &str) {
        if self.run.is_empty()
            || self.run.len() == asm_runtime::enc::spec::MAX_RUN
            || self.run_bytes + op.len() > RUN_BYTES
        {
            return self.code(op.tokens(text));
        }
        self.run_bytes += op.len();
        self.run.push((RunEntry::Label(op), text.to_string()));
    }

    /// An instruction encoded now: part of the run if one is open, else of the static bytes.
    fn static_instr(&mut self, bytes: &[u8], text: &str) {
        if self.run.is_empty() {
            self.pending.extend_from_slice(bytes);
            self.list.push((bytes.len() as u8, text.to_string()));
            return;
        }
        if self.run.len() == asm_runtime::enc::spec::MAX_RUN || self.run_bytes + bytes.len() > RUN_BYTES {
            self.flush_run();
            return self.static_instr(bytes, text);
        }
        self.run.push((RunEntry::Static(bytes.to_vec()), text.to_string()));
        self.run_bytes += bytes.len();
    }

    /// Emits the open run, if any: one buffer, its instructions, one append.
    fn flush_run(&mut self) {
        if self.run.is_empty() {
            return;
        }
        // Powers of two (at most 256): few instances of the writer's code per crate.
        let n = (self.run_bytes + asm_runtime::enc::spec::SLACK).next_power_of_two().max(16);
        let texts = self.run.iter().map(|(_, t)| t.as_str());
        // Each instruction's number in the run is the constant `__K` its code marks its end with.
        let entries = self.run.iter().enumerate().map(|(k, (e, text))| {
            let body = match e {
                RunEntry::Static(b) => quote!(__w.bytes(&[#(#b),*]); __w.end(__K);),
                RunEntry::Spec(ts) => ts.clone(),
                RunEntry::Label(op) => op.run_tokens(text),
            };
            quote!({ const __K: usize = #k; #body })
        });
        let count = self.run.len();
        self.out.extend(quote!({
            const __T: &[&str] = &[#(#texts),*];
            let mut __w = __a.run::<#n>();
            #(#entries)*
            __w.finish(__T, #count);
        }));
        self.run.clear();
        self.run_bytes = 0;
    }

    /// Emits the pending static bytes, if any.
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let lit = syn::LitByteStr::new(&self.pending, Span::call_site());
            let entries = self.list.iter().map(|(len, t)| quote!((#len, #t)));
            self.out.extend(quote!(__a.emit_static(#lit, &[#(#entries),*]);));
            self.pending.clear();
            self.list.clear();
        }
    }

    /// Generated code that is neither static bytes nor a compiled instruction.
    fn code(&mut self, ts: TokenStream) {
        self.flush_run();
        self.flush();
        self.out.extend(ts);
    }

    /// Records that the last `len` pending bytes are statement `text` (in listing records of at
    /// most 255 bytes).
    fn record(&mut self, mut len: usize, text: &str) {
        let mut first = true;
        while len > 0 {
            let chunk = len.min(255);
            self.list.push((chunk as u8, if first { text.to_string() } else { String::new() }));
            first = false;
            len -= chunk;
        }
    }
}

/// Statement-by-statement code for invocations with holes or shared labels.
fn dynamic(
    p: &Parsed,
    forms: &[Option<&'static Form>],
    encoded: &[Option<Encoded>],
) -> syn::Result<TokenStream> {
    let lits: Vec<Option<i128>> = p.holes.iter().map(|h| int_literal_value(&h.expr)).collect();
    let mut e = Emitter::default();
    for (i, l) in p.program.labels.iter().enumerate() {
        let id = format_ident!("__l{}", i);
        e.code(match l {
            LabelName::Local(n) => quote!(let #id = __a.new_label_named(#n);),
            LabelName::Global(n) => quote!(let #id = __a.global_label(#n);),
            LabelName::Dynamic(h) => {
                let h = hole_ident(*h);
                quote!(let #id: ::asm_runtime::Label = #h;)
            }
        });
    }
    for (idx, s) in p.program.stmts.iter().enumerate() {
        match &s.kind {
            StmtKind::Label(l) => {
                let id = format_ident!("__l{}", l.index());
                e.code(quote!(__a.bind(#id);));
            }
            StmtKind::Instr(ins) => {
                if let Some(form) = forms[idx] {
                    instr_stmt(&mut e, form, ins, encoded[idx].as_ref(), &s.text, &lits);
                }
            }
            // Checked at compile time (see `analyze`); nothing to emit.
            StmtKind::Directive(Directive::Arch(_)) => {}
            StmtKind::Directive(Directive::Align(n)) => e.code(quote!(__a.align(#n);)),
            StmtKind::Directive(Directive::AlignPad { to, fill, max }) => {
                let fill = match fill {
                    Some(b) => quote!(::core::option::Option::Some(#b)),
                    None => quote!(::core::option::Option::None),
                };
                let max = match max {
                    Some(m) => quote!(::core::option::Option::Some(#m)),
                    None => quote!(::core::option::Option::None),
                };
                e.code(quote!(__a.align_with(#to, #fill, #max);))
            }
            StmtKind::Directive(Directive::Data { width, items }) => {
                data_stmt(&mut e, *width, items, &p.spans[idx], &s.text)?
            }
        }
    }
    e.flush_run();
    e.flush();
    Ok(e.out)
}

/// An instruction: its bytes if it was encoded now, else a call with the chosen row.
fn instr_stmt(
    e: &mut Emitter,
    form: &'static Form,
    ins: &Instr,
    encoded: Option<&Encoded>,
    text: &str,
    lits: &[Option<i128>],
) {
    let needs_runtime = ins.holes.iter().any(|h| *h != OperandHoles::default())
        || ins.operands.iter().any(|o| {
            matches!(o, Operand::Label(..) | Operand::Hole(..) | Operand::Mem(Mem { label: Some(_), .. }))
        });
    if let (false, Some(enc)) = (needs_runtime, encoded) {
        e.static_instr(&enc.bytes, text);
        return;
    }
    if let Some(op) = crate::calls::label_op(form, ins, encoded) {
        e.label_op(op, text);
    } else if let Some(plan) = crate::spec::plan(form, ins, lits) {
        e.spec(
            crate::spec::tokens(&plan, ins, crate::calls::run_generic(form, ins, text)),
            plan.max_len(),
            text,
        );
    } else {
        e.code(crate::calls::generic_call(form, ins, text));
    }
}

/// A data directive: constants as static bytes, labels and holes as calls.
fn data_stmt(e: &mut Emitter, w: u8, items: &[DataItem], spans: &StmtSpans, text: &str) -> syn::Result<()> {
    e.flush_run();
    let before = e.pending.len();
    for (k, it) in items.iter().enumerate() {
        let span = spans.operands.get(k).copied().unwrap_or(spans.stmt);
        match it {
            DataItem::Int(v) => {
                let b = DataItem::int_bytes(w, *v).map_err(|m| syn::Error::new(span, m))?;
                e.pending.extend_from_slice(&b[..w as usize]);
            }
            DataItem::Float(f) => match w {
                4 => e.pending.extend_from_slice(&(*f as f32).to_le_bytes()),
                _ => e.pending.extend_from_slice(&f.to_le_bytes()),
            },
            DataItem::Bytes(b) => e.pending.extend_from_slice(b),
            DataItem::Label(l) => {
                let id = format_ident!("__l{}", l.index());
                e.code(quote!(__a.emit_label_addr(#id);));
            }
            DataItem::LabelDiff(a, b) => {
                let (a, b) = (format_ident!("__l{}", a.index()), format_ident!("__l{}", b.index()));
                e.code(quote!(__a.emit_label_diff(#a, #b, #w);));
            }
            DataItem::Hole(h) => {
                let h = hole_ident(*h);
                e.code(quote!(__a.emit_bytes(&#h.to_le_bytes());));
            }
        }
    }
    if e.pending.len() > before {
        e.record(e.pending.len() - before, text);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// What the macro makes of one statement without holes: its bytes, or its first error.
    fn macro_bytes(line: &str) -> Option<Result<Vec<u8>, String>> {
        let ts = TokenStream::from_str(&format!("a; {line}")).ok()?;
        let first = |e: syn::Error| e.into_iter().next().map(|e| e.to_string()).unwrap_or_default();
        let p = match crate::parse::parse(ts) {
            Ok(p) => p,
            Err(e) => return Some(Err(first(e))),
        };
        let (_, encoded) = match analyze(&p) {
            Ok(a) => a,
            Err(e) => return Some(Err(first(e))),
        };
        Some(match static_bytes(&p, &encoded) {
            Some(Ok((bytes, _))) => Ok(bytes),
            Some(Err(e)) => Err(first(e)),
            None => Err("not static".into()),
        })
    }

    /// What the text assembler makes of it.
    fn text_bytes(line: &str) -> Result<Vec<u8>, String> {
        asm_runtime::text::assemble_str(line).map_err(|e| match e {
            asm_runtime::AsmError::Syntax { message, .. } => message,
            asm_runtime::AsmError::Instruction { error, .. } => error.to_string(),
            asm_runtime::AsmError::Directive { message, .. } => message,
            e => e.to_string(),
        })
    }

    /// Every line of the committed llvm-mc corpora (`llvm.txt`, `llvm_quirks.txt`, `llvm_vector.txt`) through both front ends: the same bytes or the
    /// same error message. A line that is not valid Rust tokens (an unbalanced bracket, say)
    /// cannot reach the macro at all; the text assembler must reject it.
    #[test]
    fn both_front_ends_agree_on_the_llvm_corpus() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/corpus/");
        let read = |f: &str| std::fs::read_to_string(format!("{dir}{f}")).expect("the committed corpus");
        let corpus = read("llvm.txt") + &read("llvm_quirks.txt") + &read("llvm_vector.txt");
        let (mut same, mut not_rust, mut differ) = (0, 0, Vec::new());
        for line in corpus.lines().filter(|l| !l.starts_with('#')) {
            let asm = line.split('\t').next().unwrap_or_default();
            let text = text_bytes(asm);
            match macro_bytes(asm) {
                None => {
                    assert!(text.is_err(), "`{asm}` is not Rust tokens but the text assembler accepts it");
                    not_rust += 1;
                }
                Some(m) if m == text => same += 1,
                Some(m) => differ.push(format!("`{asm}`: macro {m:?}, text {text:?}")),
            }
        }
        println!("{same} lines agree, {not_rust} are not Rust tokens");
        assert!(
            differ.is_empty(),
            "{} of {} lines differ:\n{}",
            differ.len(),
            same + differ.len(),
            differ[..differ.len().min(40)].join("\n")
        );
        assert!(same > 9000, "only {same} lines compared");
    }
}

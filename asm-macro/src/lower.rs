//! Lowering: a parsed invocation -> Rust code.
//!
//! Every instruction is matched against the table here, at compile time. A statement with no
//! hole and no label is encoded now; runs of such statements become one byte-string literal
//! appended in one call. When the whole invocation is static and position independent, even its
//! local branches are resolved now (relaxed by the same layout code the runtime uses) and the
//! whole invocation is a single append. Statements with holes become a call that hands the
//! chosen form and the operands to the assembler; the hole values are bound to locals of the
//! Rust type their operand kind requires, so a wrong type is a rustc error on the expression.

use std::collections::HashMap;

use asm_runtime::ast::{DataItem, Directive, LabelName, OperandHoles, StmtKind};
use asm_runtime::isa::{matcher, Form, Kind};
use asm_runtime::operand::{BranchHint, HoleKind, Label, Mem, Operand, Prefix, Reg, RegClass};
use asm_runtime::{enc, Assembler};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

use crate::diag;
use crate::parse::{Builder, Parsed};

/// Generates the code for one invocation, or every error found.
pub fn lower(p: Parsed) -> syn::Result<TokenStream> {
    let mut errs = diag::Errors::default();
    check_labels(&p, &mut errs);

    // Match every instruction now.
    let mut forms: Vec<Option<&'static Form>> = Vec::with_capacity(p.program.stmts.len());
    for (i, s) in p.program.stmts.iter().enumerate() {
        let f = match &s.kind {
            StmtKind::Instr(ins) => {
                match matcher::find(&ins.mnemonic, ins.prefix, &ins.operands, &ins.deco) {
                    Ok(f) => {
                        // Operands known now are also encoded now, so encoding errors get a span.
                        let known = ins.operands.iter().all(|o| !matches!(o, Operand::Hole(..)))
                            && ins.holes.iter().all(|h| *h == OperandHoles::default());
                        if known {
                            let mut ops = ins.operands.clone();
                            for o in ops.iter_mut() {
                                if let Operand::Mem(m) = o {
                                    enc::normalize_mem(m);
                                }
                            }
                            if let Err(e) = matcher::check(f, ins.prefix, &ops, &ins.deco) {
                                errs.push(diag::match_error(&e, &p.spans[i]));
                            }
                        }
                        Some(f)
                    }
                    Err(e) => {
                        errs.push(diag::match_error(&e, &p.spans[i]));
                        None
                    }
                }
            }
            StmtKind::Directive(Directive::Align(n)) if !n.is_power_of_two() => {
                errs.push(syn::Error::new(p.spans[i].stmt, format!("alignment {n} is not a power of two")));
                None
            }
            _ => None,
        };
        forms.push(f);
    }
    errs.finish()?;

    let body = match static_bytes(&p) {
        Some(Ok((bytes, list))) => {
            let lit = syn::LitByteStr::new(&bytes, Span::call_site());
            let entries = list.iter().map(|(len, t)| quote!((#len, #t)));
            quote!(__a.emit_static(#lit, &[#(#entries),*]);)
        }
        Some(Err(e)) => return Err(e),
        None => dynamic(&p, &forms)?,
    };

    let holes = bind_holes(&p, &forms);
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
    let mut check = |l: Label, span: Span| {
        if let Some(LabelName::Local(name)) = p.program.labels.get(l.index() as usize) {
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
        match &s.kind {
            StmtKind::Instr(ins) => {
                for (k, o) in ins.operands.iter().enumerate() {
                    match o {
                        Operand::Label(l, _) => check(*l, at(k)),
                        Operand::Mem(Mem { label: Some(l), .. }) => check(*l, at(k)),
                        _ => {}
                    }
                }
            }
            StmtKind::Directive(Directive::Data { items, .. }) => {
                for (k, it) in items.iter().enumerate() {
                    match it {
                        DataItem::Label(l) => check(*l, at(k)),
                        DataItem::LabelDiff(a, b) => {
                            check(*a, at(k));
                            check(*b, at(k));
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

/// The whole invocation as bytes, if it has no holes, no shared labels, no alignment and
/// needs no absolute address.
fn static_bytes(p: &Parsed) -> Option<syn::Result<StaticCode>> {
    if has_holes(p)
        || p.program.stmts.iter().any(|s| matches!(s.kind, StmtKind::Directive(Directive::Align(_))))
    {
        return None;
    }
    let mut a = Assembler::new();
    a.set_listing(true);
    if let Err(e) = a.assemble_program(&p.program) {
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

/// The Rust type a hole takes, decided by the kind of the operand it fills.
fn imm_type(k: Kind) -> TokenStream {
    match k {
        Kind::Imm8 => quote!(i8),
        Kind::Imm16 => quote!(i16),
        Kind::Imm32 | Kind::Imm32s => quote!(i32),
        _ => quote!(i64),
    }
}

fn reg_type(c: RegClass) -> TokenStream {
    let c = if c == RegClass::Gpr8High { RegClass::Gpr8 } else { c };
    let ty = format_ident!("{}", c.hole().map_or("Gpr64", |(ty, _)| ty));
    quote!(::asm_runtime::#ty)
}

fn hole_ident(i: usize) -> syn::Ident {
    format_ident!("__h{}", i)
}

/// `let __hN: T = expr;` for every hole, evaluated before the builder is borrowed.
fn bind_holes(p: &Parsed, forms: &[Option<&'static Form>]) -> TokenStream {
    let mut types: Vec<Option<TokenStream>> = vec![None; p.holes.len()];
    let mut set = |i: Option<usize>, t: TokenStream| {
        if let Some(slot) = i.and_then(|i| types.get_mut(i)) {
            *slot = Some(t);
        }
    };
    for (idx, s) in p.program.stmts.iter().enumerate() {
        match &s.kind {
            StmtKind::Instr(ins) => {
                let Some(form) = forms[idx] else { continue };
                for (k, o) in ins.operands.iter().enumerate() {
                    let h = ins.holes.get(k).cloned().unwrap_or_default();
                    match o {
                        Operand::Hole(HoleKind::Imm, _) => set(h.value, imm_type(form.operands[k].0)),
                        Operand::Hole(HoleKind::Reg(c), _) => set(h.value, reg_type(*c)),
                        Operand::Hole(HoleKind::Target, _) => set(h.value, quote!(::asm_runtime::Target)),
                        Operand::Mem(m) => {
                            if let Some(b) = m.base {
                                set(h.base, reg_type(b.class));
                            }
                            if let Some(x) = m.index {
                                set(h.index, reg_type(x.class));
                            }
                            set(h.disp, quote!(i32));
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
                        set(Some(*i), t.clone());
                    }
                }
            }
            _ => {}
        }
    }
    for (i, l) in p.program.labels.iter().enumerate() {
        if let LabelName::Dynamic(h) = l {
            let _ = i;
            set(Some(*h), quote!(::asm_runtime::Label));
        }
    }
    let mut out = TokenStream::new();
    for (i, h) in p.holes.iter().enumerate() {
        let id = hole_ident(i);
        let e = &h.expr;
        let ty = types[i].clone().unwrap_or_else(|| quote!(_));
        if ty.to_string().contains("Target") {
            out.extend(quote_spanned!(h.span=> let #id: #ty = ::core::convert::Into::<::asm_runtime::Target>::into(#e);));
        } else {
            out.extend(quote_spanned!(h.span=> let #id: #ty = #e;));
        }
    }
    out
}

/// Statement-by-statement code for invocations with holes or shared labels.
fn dynamic(p: &Parsed, forms: &[Option<&'static Form>]) -> syn::Result<TokenStream> {
    let mut out = TokenStream::new();
    // Labels.
    for (i, l) in p.program.labels.iter().enumerate() {
        let id = format_ident!("__l{}", i);
        out.extend(match l {
            LabelName::Local(n) => quote!(let #id = __a.new_label_named(#n);),
            LabelName::Global(n) => quote!(let #id = __a.global_label(#n);),
            LabelName::Dynamic(h) => {
                let h = hole_ident(*h);
                quote!(let #id: ::asm_runtime::Label = #h;)
            }
        });
    }
    let mut pending: Vec<u8> = Vec::new();
    let mut pending_list: Vec<(u8, String)> = Vec::new();
    let flush = |out: &mut TokenStream, pending: &mut Vec<u8>, list: &mut Vec<(u8, String)>| {
        if !pending.is_empty() {
            let lit = syn::LitByteStr::new(pending, Span::call_site());
            let entries = list.iter().map(|(len, t)| quote!((#len, #t)));
            out.extend(quote!(__a.emit_static(#lit, &[#(#entries),*]);));
            pending.clear();
            list.clear();
        }
    };
    for (idx, s) in p.program.stmts.iter().enumerate() {
        let text = &s.text;
        match &s.kind {
            StmtKind::Label(l) => {
                flush(&mut out, &mut pending, &mut pending_list);
                let id = format_ident!("__l{}", l.index());
                out.extend(quote!(__a.bind(#id);));
            }
            StmtKind::Instr(ins) => {
                let Some(form) = forms[idx] else { continue };
                let needs_runtime = ins.holes.iter().any(|h| *h != OperandHoles::default())
                    || ins.operands.iter().any(|o| {
                        matches!(
                            o,
                            Operand::Label(..) | Operand::Hole(..) | Operand::Mem(Mem { label: Some(_), .. })
                        )
                    });
                if !needs_runtime {
                    let mut ops = ins.operands.clone();
                    for o in ops.iter_mut() {
                        if let Operand::Mem(m) = o {
                            enc::normalize_mem(m);
                        }
                    }
                    let before = pending.len();
                    enc::encode_into(form, ins.prefix, &ops, &ins.deco, &mut pending);
                    pending_list.push(((pending.len() - before) as u8, text.clone()));
                    continue;
                }
                flush(&mut out, &mut pending, &mut pending_list);
                let ops: Vec<TokenStream> = ins
                    .operands
                    .iter()
                    .enumerate()
                    .map(|(k, o)| operand_tokens(o, &ins.holes.get(k).cloned().unwrap_or_default()))
                    .collect();
                let id = format_ident!("{}", format!("{:?}", form.id));
                let prefix = prefix_tokens(ins.prefix);
                // A form no run-time value can change skips re-matching.
                let method = if matcher::fixed_at_compile_time(form, &ins.operands, &ins.deco) {
                    quote!(emit_form_fixed)
                } else {
                    quote!(emit_form)
                };
                out.extend(
                    quote!(__a.#method(#prefix, ::asm_runtime::isa::FormId::#id, &mut [#(#ops),*], #text);),
                );
            }
            StmtKind::Directive(Directive::Align(n)) => {
                flush(&mut out, &mut pending, &mut pending_list);
                out.extend(quote!(__a.align(#n);));
            }
            StmtKind::Directive(Directive::Data { width, items }) => {
                let w = *width;
                let before = pending.len();
                for (k, it) in items.iter().enumerate() {
                    let span = p.spans[idx].operands.get(k).copied().unwrap_or(p.spans[idx].stmt);
                    match it {
                        DataItem::Int(v) => {
                            let bits = w as u32 * 8;
                            let lo = -(1i128 << (bits - 1));
                            let hi = (1i128 << bits) - 1;
                            if *v < lo || *v > hi {
                                return Err(syn::Error::new(
                                    span,
                                    format!("value {v} does not fit {bits} bits"),
                                ));
                            }
                            pending.extend_from_slice(&(*v as u64).to_le_bytes()[..w as usize]);
                        }
                        DataItem::Float(f) => match w {
                            4 => pending.extend_from_slice(&(*f as f32).to_le_bytes()),
                            8 => pending.extend_from_slice(&f.to_le_bytes()),
                            _ => return Err(syn::Error::new(span, "float literals need `dd` or `dq`")),
                        },
                        DataItem::Bytes(b) => {
                            if w != 1 {
                                return Err(syn::Error::new(span, "strings are only allowed in `db`"));
                            }
                            pending.extend_from_slice(b);
                        }
                        DataItem::Label(l) => {
                            if w != 8 {
                                return Err(syn::Error::new(span, "a label address needs `dq`"));
                            }
                            flush(&mut out, &mut pending, &mut pending_list);
                            let id = format_ident!("__l{}", l.index());
                            out.extend(quote!(__a.emit_label_addr(#id);));
                        }
                        DataItem::LabelDiff(a, b) => {
                            flush(&mut out, &mut pending, &mut pending_list);
                            let (a, b) =
                                (format_ident!("__l{}", a.index()), format_ident!("__l{}", b.index()));
                            out.extend(quote!(__a.emit_label_diff(#a, #b, #w);));
                        }
                        DataItem::Hole(h) => {
                            flush(&mut out, &mut pending, &mut pending_list);
                            let h = hole_ident(*h);
                            out.extend(quote!(__a.emit_bytes(&#h.to_le_bytes());));
                        }
                    }
                }
                if pending.len() > before {
                    let mut len = pending.len() - before;
                    let mut first = true;
                    while len > 0 {
                        let chunk = len.min(255);
                        pending_list.push((chunk as u8, if first { text.clone() } else { String::new() }));
                        first = false;
                        len -= chunk;
                    }
                }
            }
        }
    }
    flush(&mut out, &mut pending, &mut pending_list);
    Ok(out)
}

fn prefix_tokens(p: Option<Prefix>) -> TokenStream {
    match p {
        None => quote!(::core::option::Option::None),
        Some(Prefix::Lock) => quote!(::core::option::Option::Some(::asm_runtime::Prefix::Lock)),
        Some(Prefix::Rep) => quote!(::core::option::Option::Some(::asm_runtime::Prefix::Rep)),
        Some(Prefix::Repne) => quote!(::core::option::Option::Some(::asm_runtime::Prefix::Repne)),
    }
}

fn hint_tokens(h: BranchHint) -> TokenStream {
    match h {
        BranchHint::Auto => quote!(::asm_runtime::BranchHint::Auto),
        BranchHint::Short => quote!(::asm_runtime::BranchHint::Short),
        BranchHint::Near => quote!(::asm_runtime::BranchHint::Near),
    }
}

fn reg_tokens(r: Reg) -> TokenStream {
    let class = format_ident!("{}", r.class.ident());
    let n = r.num;
    quote!(::asm_runtime::Reg::new(::asm_runtime::RegClass::#class, #n))
}

fn opt_reg(r: Option<Reg>, hole: Option<usize>) -> TokenStream {
    match (r, hole) {
        (_, Some(h)) => {
            let h = hole_ident(h);
            quote!(::core::option::Option::Some(::asm_runtime::Reg::from(#h)))
        }
        (Some(r), None) => {
            let t = reg_tokens(r);
            quote!(::core::option::Option::Some(#t))
        }
        (None, None) => quote!(::core::option::Option::None),
    }
}

/// Rust code that builds operand `o` at run time, holes filled from their locals.
fn operand_tokens(o: &Operand, h: &OperandHoles) -> TokenStream {
    match o {
        Operand::Reg(r) => {
            let t = reg_tokens(*r);
            quote!(::asm_runtime::Operand::Reg(#t))
        }
        Operand::Imm(v) => {
            let v = proc_macro2::Literal::i128_suffixed(*v);
            quote!(::asm_runtime::Operand::Imm(#v))
        }
        Operand::Label(l, hint) => {
            let id = format_ident!("__l{}", l.index());
            let hint = hint_tokens(*hint);
            quote!(::asm_runtime::Operand::Label(#id, #hint))
        }
        Operand::Abs(a) => quote!(::asm_runtime::Operand::Abs(#a)),
        Operand::Hole(kind, hint) => {
            let id = hole_ident(h.value.unwrap_or(0));
            match kind {
                HoleKind::Imm => quote!(::asm_runtime::Operand::Imm(#id as i128)),
                HoleKind::Reg(_) => quote!(::asm_runtime::Operand::Reg(::asm_runtime::Reg::from(#id))),
                HoleKind::Target => {
                    let hint = hint_tokens(*hint);
                    quote!(::asm_runtime::asm::target_operand(#id, #hint))
                }
            }
        }
        Operand::Mem(m) => {
            let size = match m.size {
                None => quote!(::core::option::Option::None),
                Some(s) => {
                    let v = format_ident!("{}", format!("{s:?}"));
                    quote!(::core::option::Option::Some(::asm_runtime::Size::#v))
                }
            };
            let seg = match m.seg {
                None => quote!(::core::option::Option::None),
                Some(s) => {
                    let v = format_ident!("{}", format!("{s:?}"));
                    quote!(::core::option::Option::Some(::asm_runtime::Seg::#v))
                }
            };
            let base = opt_reg(m.base, h.base);
            let index = opt_reg(m.index, h.index);
            let scale = m.scale;
            let lit = m.disp;
            let disp = match h.disp {
                Some(d) if m.label.is_none() => {
                    let d = hole_ident(d);
                    quote!(#lit + #d as i64)
                }
                _ => quote!(#lit),
            };
            let label = match m.label {
                None => quote!(::core::option::Option::None),
                Some(l) => {
                    let id = format_ident!("__l{}", l.index());
                    quote!(::core::option::Option::Some(#id))
                }
            };
            quote!(::asm_runtime::Operand::Mem(::asm_runtime::Mem {
                size: #size, seg: #seg, base: #base, index: #index, scale: #scale, disp: #disp, label: #label,
            }))
        }
    }
}

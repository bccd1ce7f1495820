//! The calls generated code makes into the assembler: a branch or label reference encoded at
//! expansion time, and the generic path (operands built at run time, re-matched and encoded by
//! the generic encoder) for what is not compiled into a template.

use asm_runtime::asm::Encoded;
use asm_runtime::ast::{Decorations, Instr, OperandHoles};
use asm_runtime::enc;
use asm_runtime::isa::{matcher, Form, Slot};
use asm_runtime::operand::{BranchHint, HoleKind, Label, Operand, Prefix, Reg, RegClass};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use crate::lower::{encode_known, hole_ident};

/// An instruction whose only run-time part is a branch target or a label: its bytes were
/// encoded now (label fields zero).
pub enum LabelOp {
    /// A relaxable branch (rel8 last) with its near form (rel32 last, empty if none).
    Branch { short: Vec<u8>, near: Vec<u8>, target: TokenStream, form: TokenStream, hint: TokenStream },
    /// `call l`, `jmp near l`, `[rip + l]`: the 4-byte field at `at` points at the target plus
    /// `addend`; `branch` when the target is a branch target (an address then goes through a
    /// far-call stub).
    Rel32 { bytes: Vec<u8>, at: usize, addend: i64, target: TokenStream, branch: bool },
}

impl LabelOp {
    /// The most bytes it takes in a run.
    pub fn len(&self) -> usize {
        match self {
            LabelOp::Branch { short, .. } => short.len(),
            LabelOp::Rel32 { bytes, .. } => bytes.len(),
        }
    }

    /// The call that emits it on its own: a copy plus a layout item or fixup, or the generic
    /// path for a branch to an address where the row has only a rel8.
    pub fn tokens(&self, text: &str) -> TokenStream {
        match self {
            LabelOp::Branch { short, near, target, form, hint } => {
                let (s, n) = (lit(short), lit(near));
                quote!(__a.emit_branch(#s, #n, #target, #form, #hint, #text);)
            }
            LabelOp::Rel32 { bytes, at, addend, target, branch } => {
                let b = lit(bytes);
                quote!(__a.emit_rel32(#b, #at, #addend, #target, #branch, #text);)
            }
        }
    }

    /// Its code inside a run of compiled instructions (buffer `__w`, texts `__T`): a branch back
    /// to a settled label gets its displacement into the buffer, a label field its fixup at the
    /// position the buffer will have; otherwise the buffer is flushed and [`tokens`] runs.
    ///
    /// [`tokens`]: LabelOp::tokens
    pub fn run_tokens(&self, text: &str) -> TokenStream {
        let alone = self.tokens(text);
        let fallback = quote!(let (__a, __s) = __w.suspend(__T, __K); #alone __w = __s.resume(__a););
        match self {
            LabelOp::Branch { short, target, .. } => {
                let (head, n) = (&short[..short.len() - 1], short.len());
                quote!(match __w.run_branch(#target, __w.len() + #n) {
                    ::core::option::Option::Some(__d) => { __w.bytes(&[#(#head),*]); __w.bytes(&[__d]); __w.end(__K); }
                    ::core::option::Option::None => { #fallback }
                })
            }
            LabelOp::Rel32 { bytes, at, addend, target, branch } => {
                let (head, tail, n) = (&bytes[..*at], &bytes[at + 4..], bytes.len());
                quote!(match __w.run_rel32(#target, __w.len() + #at, __w.len() + #n, #addend, #branch) {
                    ::core::option::Option::Some(__d) => {
                        __w.bytes(&[#(#head),*]);
                        __w.bytes(&__d.to_le_bytes());
                        __w.bytes(&[#(#tail),*]);
                        __w.end(__K);
                    }
                    ::core::option::Option::None => { #fallback }
                })
            }
        }
    }
}

fn lit(b: &[u8]) -> syn::LitByteStr {
    syn::LitByteStr::new(b, Span::call_site())
}

/// A branch to a label or target hole, or an instruction whose only run-time part is a label
/// (`call l`, `[rip + l]`), encoded now; `None` for anything else.
pub fn label_op(form: &'static Form, ins: &Instr, encoded: Option<&Encoded>) -> Option<LabelOp> {
    if ins.prefix.is_some() || !ins.deco.is_empty() {
        return None;
    }
    // `[rip + {l}]` with a dynamic label: its only hole is the label, so it encodes now too.
    let with_label;
    let encoded = match encoded {
        None if label_only_holes(ins) => {
            let mut plain = ins.clone();
            plain.holes.clear();
            with_label = encode_known(form, &plain).ok().flatten();
            with_label.as_ref()
        }
        e => e,
    };
    // A `[rip + label]` operand (the label may be a dynamic one) and no hole.
    if let Some(Encoded { bytes, reloc: Some(r), .. }) = encoded {
        if let enc::RelocTarget::Label(l) = r.target {
            if form.operands.iter().all(|(_, s)| !matches!(s, Slot::Cb | Slot::Cd))
                && r.width == 4
                && r.end == bytes.len()
                && r.at + 4 <= bytes.len()
            {
                let id = format_ident!("__l{}", l.index());
                let target = quote!(::asm_runtime::Target::Label(#id));
                return Some(LabelOp::Rel32 {
                    bytes: bytes.clone(),
                    at: r.at,
                    addend: r.addend,
                    target,
                    branch: false,
                });
            }
        }
    }
    let [op] = ins.operands.as_slice() else { return None };
    let (target, hint) = match op {
        Operand::Label(l, hint) => {
            let id = format_ident!("__l{}", l.index());
            (quote!(::asm_runtime::Target::Label(#id)), *hint)
        }
        Operand::Hole(HoleKind::Target, hint) => {
            let id = hole_ident(ins.holes.first()?.value?);
            (quote!(#id), *hint)
        }
        _ => return None,
    };
    let dummy = [Operand::Label(Label::from_index(0), hint)];
    let bytes = enc::encode_with(form, None, &dummy, &Decorations::default()).ok()?;
    match form.operands[0].1 {
        Slot::Cb if !bytes.is_empty() => {
            let near_ops = [Operand::Label(Label::from_index(0), BranchHint::Near)];
            let near = match hint {
                BranchHint::Auto => asm_runtime::asm::near_sibling(form, &near_ops, 0)
                    .and_then(|nf| enc::encode_with(nf, None, &near_ops, &Decorations::default()).ok())
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            Some(LabelOp::Branch {
                short: bytes,
                near,
                target,
                form: form_tokens(form),
                hint: hint_tokens(hint),
            })
        }
        Slot::Cd if bytes.len() >= 4 => {
            let at = bytes.len() - 4;
            Some(LabelOp::Rel32 { bytes, at, addend: 0, target, branch: true })
        }
        _ => None,
    }
}

/// Whether the instruction's only holes are dynamic labels in `[rip + {l}]` addresses.
fn label_only_holes(ins: &Instr) -> bool {
    ins.mask_hole.is_none()
        && ins.operands.iter().zip(&ins.holes).all(|(o, h)| match o {
            Operand::Mem(m) => {
                h.value.is_none()
                    && h.base.is_none()
                    && h.index.is_none()
                    && (h.disp.is_none() || m.label.is_some())
            }
            Operand::Hole(..) => false,
            _ => *h == OperandHoles::default(),
        })
}

/// The generic path: the operands built at run time, re-matched and encoded by the assembler.
/// Register, immediate and address holes patch a constant operand list (little code at each
/// instruction); labels, targets and decorations build the operands in place.
pub fn generic_call(form: &'static Form, ins: &Instr, text: &str) -> TokenStream {
    match patched_args(form, ins, text) {
        Some(args) => quote!(__a.emit_patched(#args);),
        None => operands_call(form, ins, text),
    }
}

/// The generic path inside a run of compiled instructions (buffer `__w`, texts `__T`, the
/// instruction's number `__K`): one out-of-line call that flushes the run, emits the
/// instruction and reopens the run, or the run suspended around [`generic_call`]'s code.
pub fn run_generic(form: &'static Form, ins: &Instr, text: &str) -> TokenStream {
    match patched_args(form, ins, text) {
        Some(args) => quote!(__w = __w.detour(__T, __K, #args);),
        None => {
            let alone = operands_call(form, ins, text);
            quote!(let (__a, __s) = __w.suspend(__T, __K); #alone __w = __s.resume(__a);)
        }
    }
}

/// The arguments of `emit_patched`: the compile-time operands (holes as placeholders) and the
/// hole values in operand order, or `None` when an operand is a label or target, or there are
/// decorations.
fn patched_args(form: &'static Form, ins: &Instr, text: &str) -> Option<TokenStream> {
    if !ins.deco.is_empty() || ins.mask_hole.is_some() {
        return None;
    }
    let (mut ops, mut patches, mut regs, mut imms) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (k, o) in ins.operands.iter().enumerate() {
        let h = ins.holes.get(k).cloned().unwrap_or_default();
        let k = k as u8;
        let reg = |h: usize| {
            let id = hole_ident(h);
            quote!(#id.num())
        };
        ops.push(match o {
            Operand::Hole(HoleKind::Reg(c), _) => {
                patches.push(quote!(::asm_runtime::asm::Patch::Reg(#k)));
                regs.push(reg(h.value?));
                let r = reg_tokens(Reg::new(if *c == RegClass::Gpr8High { RegClass::Gpr8 } else { *c }, 0));
                quote!(::asm_runtime::Operand::Reg(#r))
            }
            Operand::Hole(HoleKind::Imm, _) => {
                patches.push(quote!(::asm_runtime::asm::Patch::Imm(#k)));
                let id = hole_ident(h.value?);
                imms.push(quote!(#id as i128));
                quote!(::asm_runtime::Operand::Imm(0))
            }
            Operand::Mem(m) if m.label.is_none() => {
                if let Some(b) = h.base {
                    patches.push(quote!(::asm_runtime::asm::Patch::Base(#k)));
                    regs.push(reg(b));
                }
                if let Some(x) = h.index {
                    patches.push(quote!(::asm_runtime::asm::Patch::Index(#k)));
                    regs.push(reg(x));
                }
                if let Some(d) = h.disp {
                    patches.push(quote!(::asm_runtime::asm::Patch::Disp(#k)));
                    let id = hole_ident(d);
                    imms.push(quote!(#id as i128));
                }
                let placeholder = |r: Option<Reg>| {
                    r.map(|r| Reg::new(r.class, if r.class == RegClass::Rip { r.num } else { 0 }))
                };
                let mut m = *m;
                if h.base.is_some() {
                    m.base = placeholder(m.base);
                }
                if h.index.is_some() {
                    m.index = placeholder(m.index);
                }
                operand_tokens(&Operand::Mem(m), &OperandHoles::default())
            }
            Operand::Reg(_) | Operand::Imm(_) | Operand::Abs(_) => operand_tokens(o, &h),
            _ => return None,
        });
    }
    let id = form_tokens(form);
    let prefix = prefix_tokens(ins.prefix);
    let fixed = matcher::fixed_at_compile_time(form, &ins.operands, &ins.deco);
    // Every part but the hole values is a constant, promoted to a static: one call at run time.
    Some(quote!(
        &::asm_runtime::asm::Generic {
            prefix: #prefix,
            form: #id,
            fixed: #fixed,
            ops: &[#(#ops),*],
            patches: &[#(#patches),*],
            text: #text,
        },
        &[#(#regs),*],
        &[#(#imms),*]
    ))
}

/// The row `form`'s id: its index with its name, in a constant block (so that the constants
/// around it are still promoted), not the named `FormId` constant, which costs every crate
/// that names one about half a second of build time (see `FormId::__row`).
pub fn form_tokens(form: &Form) -> TokenStream {
    let (index, name) = (form.id.index() as u16, form.name);
    quote!(const { ::asm_runtime::isa::FormId::__row(#index, #name) })
}

/// The generic path with every operand built in place.
fn operands_call(form: &'static Form, ins: &Instr, text: &str) -> TokenStream {
    let ops: Vec<TokenStream> = ins
        .operands
        .iter()
        .enumerate()
        .map(|(k, o)| operand_tokens(o, &ins.holes.get(k).cloned().unwrap_or_default()))
        .collect();
    let id = form_tokens(form);
    let prefix = prefix_tokens(ins.prefix);
    // A form no run-time value can change skips re-matching.
    let fixed = matcher::fixed_at_compile_time(form, &ins.operands, &ins.deco);
    if ins.deco.is_empty() {
        let method = if fixed { quote!(emit_form_fixed) } else { quote!(emit_form) };
        quote!(__a.#method(#prefix, #id, &mut [#(#ops),*], #text);)
    } else {
        let method = if fixed { quote!(emit_form_fixed_deco) } else { quote!(emit_form_deco) };
        let deco = deco_tokens(ins);
        quote!(__a.#method(#prefix, #id, &mut [#(#ops),*], &#deco, #text);)
    }
}

/// The decorations of an instruction as a `Decorations` value; a mask hole is read at run time.
pub fn deco_tokens(ins: &Instr) -> TokenStream {
    let d = &ins.deco;
    let mask = match (d.mask, ins.mask_hole) {
        (_, Some(h)) => {
            let h = hole_ident(h);
            quote!(::core::option::Option::Some(::asm_runtime::Reg::from(#h)))
        }
        (Some(r), None) => {
            let r = reg_tokens(r);
            quote!(::core::option::Option::Some(#r))
        }
        (None, None) => quote!(::core::option::Option::None),
    };
    let zeroing = d.zeroing;
    let broadcast = match d.broadcast {
        Some(n) => quote!(::core::option::Option::Some(#n)),
        None => quote!(::core::option::Option::None),
    };
    let rounding = match d.rounding {
        Some(r) => {
            let v = format_ident!("{}", format!("{r:?}"));
            quote!(::core::option::Option::Some(::asm_runtime::ast::Rounding::#v))
        }
        None => quote!(::core::option::Option::None),
    };
    quote!(::asm_runtime::ast::Decorations { mask: #mask, zeroing: #zeroing, broadcast: #broadcast, rounding: #rounding })
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

/// A register as a struct literal (a constant expression, so operand lists of literals are
/// promoted to statics).
pub fn reg_tokens(r: Reg) -> TokenStream {
    let class = format_ident!("{}", r.class.ident());
    let n = r.num;
    quote!(::asm_runtime::Reg { class: ::asm_runtime::RegClass::#class, num: #n })
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
                HoleKind::Imm => quote!(::asm_runtime::Operand::Imm(#id)),
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

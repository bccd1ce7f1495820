//! The text path of the builder: appending a parsed [`Program`] (labels, instructions, data).

use std::borrow::Cow;

use super::Assembler;
use crate::ast::{DataItem, Directive, Instr, LabelName, Program, Span, Stmt, StmtKind};
use crate::enc::{Reloc, RelocTarget};
use crate::error::{AsmError, Location, MatchError};
use crate::isa::{matcher, Form};
use crate::operand::{Label, Operand};

/// An instruction matched and encoded ahead of assembly (by the `x86!` macro, at expansion).
#[doc(hidden)]
#[derive(Clone, Debug)]
pub struct Encoded {
    /// The row it was matched to.
    pub form: &'static Form,
    /// Its bytes, with label fields zero.
    pub bytes: Vec<u8>,
    /// Its label or address field, relative to the start of `bytes`.
    pub reloc: Option<Reloc>,
}

impl Assembler {
    /// Parses Intel-syntax `src` (statements separated by newlines or `;`, comments from `#`
    /// or `//`) and appends it, exactly as [`text::parse`](crate::text::parse) +
    /// [`assemble_program`](Self::assemble_program). On error, returns the first error with its
    /// line and column.
    ///
    /// ```
    /// let mut a = asm_runtime::Assembler::new();
    /// a.assemble_text("mov eax, 7\n imul eax, edi; ret").unwrap();
    /// let code = a.finalize().unwrap();
    /// // SAFETY: the code is a complete `fn(i32) -> i32`.
    /// let f = unsafe { code.entry::<extern "sysv64" fn(i32) -> i32>() };
    /// assert_eq!(f(6), 42);
    /// ```
    pub fn assemble_text(&mut self, src: &str) -> Result<(), AsmError> {
        match crate::syntax::parse_text(src) {
            Ok(p) => self.assemble_program(&p),
            Err(mut errors) => Err(if errors.is_empty() {
                AsmError::Syntax { at: Location::default(), message: "invalid input".into() }
            } else {
                errors.swap_remove(0)
            }),
        }
    }

    /// Assembles a parsed program (from [`crate::text::parse`]), appending to this assembler.
    /// Local labels are fresh for each program; `@name` labels are shared.
    pub fn assemble_program(&mut self, p: &Program) -> Result<(), AsmError> {
        self.assemble_program_encoded(p, &[])
    }

    /// [`assemble_program`](Self::assemble_program) for a program whose instructions were
    /// already matched and encoded (what the `x86!` macro does while it expands): statement `i`
    /// takes `pre[i]` as it is, instead of being matched and encoded again.
    #[doc(hidden)]
    pub fn assemble_program_encoded(&mut self, p: &Program, pre: &[Option<Encoded>]) -> Result<(), AsmError> {
        let mut map = Vec::with_capacity(p.labels.len());
        self.map_labels(&p.labels, &mut map)?;
        let remap = |l: Label| map.get(l.0 as usize).copied().unwrap_or(l);
        for (si, s) in p.stmts.iter().enumerate() {
            self.statement(s, pre.get(si).and_then(Option::as_ref), &remap)?;
        }
        Ok(())
    }

    /// Parses and assembles `src` in one pass, appending to this assembler: each line is
    /// assembled as soon as it is parsed, and no statement is kept once it is assembled
    /// (only the listing, when it is on, keeps their text). The result is that of
    /// [`text::parse`](crate::text::parse) + [`assemble_program`](Self::assemble_program): every
    /// syntax error of the whole text, or, when there is none, the first other error. After a
    /// syntax error the assembler holds the statements before it.
    ///
    /// A text of 64 KiB or more is parsed on a second thread (when the machine has more than
    /// one core), a batch of statements ahead of this one, which assembles them in order; when
    /// this thread would wait for a batch it parses the next chunk of 32 KiB of lines itself
    /// and assembles it when its turn comes. The result is the same.
    ///
    /// ```
    /// let mut a = asm_runtime::Assembler::new();
    /// a.assemble_source("top: dec rcx\n jnz top").unwrap();
    /// assert_eq!(a.assemble_at(0).unwrap().bytes, [0x48, 0xff, 0xc9, 0x75, 0xfb]);
    /// let errors = asm_runtime::Assembler::new().assemble_source("mov rax, [rbx\nadd rax rbx").unwrap_err();
    /// assert_eq!(errors.len(), 2);
    /// ```
    pub fn assemble_source(&mut self, src: &str) -> Result<(), Vec<AsmError>> {
        let cores = || std::thread::available_parallelism().map_or(1, |n| n.get());
        if src.len() >= super::pipeline::PIPELINE_MIN && cores() > 1 {
            self.assemble_source_pipelined(src)
        } else {
            self.assemble_source_inline(src)
        }
    }

    /// [`assemble_source`](Self::assemble_source) on this thread only.
    pub(super) fn assemble_source_inline(&mut self, src: &str) -> Result<(), Vec<AsmError>> {
        let full = self.listing.is_some();
        let (mut map, mut batch) = (Vec::new(), Vec::new());
        let mut failed = None;
        let (_, syntax) = crate::syntax::parse_lines(src, full, |parser, text_of, syntax_ok| {
            let p = parser.program();
            std::mem::swap(&mut batch, &mut p.stmts);
            if failed.is_some() || !syntax_ok {
                batch.clear();
                return;
            }
            if let Err(e) = self.map_labels(&p.labels[map.len()..], &mut map) {
                failed = Some(e);
                return;
            }
            for s in batch.iter_mut() {
                if failed.is_some() {
                    break;
                }
                failed = self.statement_mapped(s, &map, text_of).err();
                parser.recycle(s);
            }
            batch.clear();
        });
        match failed {
            _ if !syntax.is_empty() => Err(syntax),
            Some(e) => Err(vec![e]),
            None => Ok(()),
        }
    }

    /// Appends to `map` this assembler's label for each of `names` (fresh for local names).
    pub(super) fn map_labels(&mut self, names: &[LabelName], map: &mut Vec<Label>) -> Result<(), AsmError> {
        for name in names {
            map.push(match name {
                LabelName::Local(n) => self.named_label(Cow::Owned(n.clone())),
                LabelName::Global(n) => self.global_label(n),
                LabelName::Dynamic(_) => {
                    return Err(AsmError::Syntax {
                        at: Location::default(),
                        message: "`{..}` holes are only valid inside the x86! macro".into(),
                    })
                }
            });
        }
        Ok(())
    }

    /// Appends parsed statement `s`, its labels taken through `map` (a parser's label index to
    /// this assembler's label); an error gets the statement's text from `text_of` when the
    /// statements carry none (no listing).
    pub(super) fn statement_mapped(
        &mut self,
        s: &Stmt,
        map: &[Label],
        text_of: &dyn Fn(Span) -> String,
    ) -> Result<(), AsmError> {
        let remap = |l: Label| map.get(l.0 as usize).copied().unwrap_or(l);
        self.statement(s, None, &remap).map_err(|mut e| {
            if self.listing.is_none() {
                set_text(&mut e, text_of(s.span));
            }
            e
        })
    }

    /// Appends one statement (an instruction as `pre` has it encoded, if given).
    pub(super) fn statement(
        &mut self,
        s: &Stmt,
        pre: Option<&Encoded>,
        remap: &dyn Fn(Label) -> Label,
    ) -> Result<(), AsmError> {
        let at = |line, col| Location { line, col, text: s.text.clone() };
        match &s.kind {
            StmtKind::Label(l) => self.try_bind(remap(*l)).map_err(|e| match e {
                AsmError::DuplicateLabel { name } => AsmError::Syntax {
                    at: at(s.span.line, s.span.col),
                    message: format!("label `{name}` is defined twice"),
                },
                e => e,
            }),
            StmtKind::Instr(ins) => {
                let start = self.mark();
                self.instruction(ins, pre, remap).map_err(|error| {
                    let sp = blamed_span(s, ins, &error);
                    AsmError::Instruction { at: at(sp.line, sp.col), error: Box::new(error) }
                })?;
                if self.listing.is_some() {
                    self.record(start, s.text.clone());
                }
                Ok(())
            }
            StmtKind::Directive(d) => {
                let start = self.mark();
                self.directive(d, remap)
                    .map_err(|message| AsmError::Directive { at: at(s.span.line, s.span.col), message })?;
                if self.listing.is_some()
                    && !matches!(d, Directive::Align(_) | Directive::AlignPad { .. } | Directive::Arch(_))
                {
                    self.record(start, s.text.clone());
                }
                Ok(())
            }
        }
    }

    /// Matches and encodes one instruction with its labels mapped (or places `pre`).
    fn instruction(
        &mut self,
        ins: &Instr,
        pre: Option<&Encoded>,
        remap: &dyn Fn(Label) -> Label,
    ) -> Result<(), MatchError> {
        // The operands, on the stack when there are few (as there almost always are).
        let mut buf = [Operand::Imm(0); 8];
        let mut heap = Vec::new();
        let ops: &mut [Operand] = match buf.get_mut(..ins.operands.len()) {
            Some(b) => {
                b.copy_from_slice(&ins.operands);
                b
            }
            None => {
                heap.extend_from_slice(&ins.operands);
                &mut heap
            }
        };
        for o in ops.iter_mut() {
            match o {
                Operand::Label(l, _) => *l = remap(*l),
                Operand::Mem(m) => m.label = m.label.map(remap),
                _ => {}
            }
        }
        if let Some(e) = pre {
            let reloc = e.reloc.map(|mut r| {
                if let RelocTarget::Label(l) = &mut r.target {
                    *l = remap(*l);
                }
                r
            });
            return self.place_encoded(ins.prefix, e.form, ops, &e.bytes, reloc);
        }
        // An implied-immediate alias needs one more operand: the general path.
        if crate::isa::implied_imm(&ins.mnemonic).is_some() {
            return self.instr_inner(ins.prefix, &ins.mnemonic, ops, &ins.deco);
        }
        super::normalize(ops);
        let form = matcher::find(&ins.mnemonic, ins.prefix, ops, &ins.deco)?;
        self.encode_form(ins.prefix, form, ops, &ins.deco)
    }

    fn directive(&mut self, d: &Directive, remap: &dyn Fn(Label) -> Label) -> Result<(), String> {
        match d {
            Directive::Align(n) => {
                if !n.is_power_of_two() {
                    return Err(format!("alignment {n} is not a power of two"));
                }
                self.align(*n);
                Ok(())
            }
            Directive::Arch(f) => {
                self.set_features(*f);
                Ok(())
            }
            Directive::AlignPad { to, fill, max } => {
                if !to.is_power_of_two() {
                    return Err(format!("alignment {to} is not a power of two"));
                }
                self.align_with(*to, *fill, *max);
                Ok(())
            }
            Directive::Data { width, items } => {
                for it in items {
                    self.data_item(*width, it, remap)?;
                }
                Ok(())
            }
        }
    }

    fn data_item(&mut self, width: u8, it: &DataItem, remap: &dyn Fn(Label) -> Label) -> Result<(), String> {
        let w = width as u32;
        match it {
            DataItem::Int(v) => {
                let b = DataItem::int_bytes(width, *v)?;
                self.code.extend_from_slice(&b[..w as usize]);
            }
            DataItem::Float(f) => match width {
                4 => self.code.extend_from_slice(&(*f as f32).to_le_bytes()),
                8 => self.code.extend_from_slice(&f.to_le_bytes()),
                _ => return Err("float literals need dd or dq".into()),
            },
            DataItem::Bytes(b) => {
                if width != 1 {
                    return Err("strings are only allowed in db".into());
                }
                self.code.extend_from_slice(b);
            }
            DataItem::Label(l) => {
                if width != 8 {
                    return Err("a label address needs dq".into());
                }
                self.emit_label_addr(remap(*l));
            }
            DataItem::LabelDiff(a, b) => self.emit_label_diff(remap(*a), remap(*b), width),
            DataItem::Hole(_) => return Err("`{..}` holes are only valid inside the x86! macro".into()),
        }
        Ok(())
    }
}

/// Where an instruction error points: the operand, decoration or prefix it blames, else the
/// mnemonic.
fn blamed_span<'s>(s: &'s Stmt, ins: &'s Instr, error: &MatchError) -> &'s Span {
    use crate::error::{Blame, Decoration};
    let d = &ins.deco_spans;
    match error.blame() {
        Blame::Decoration(Decoration::Mask) => d.mask.as_ref(),
        Blame::Decoration(Decoration::Zeroing) => d.zeroing.as_ref(),
        Blame::Decoration(Decoration::Broadcast) => d.broadcast.as_ref(),
        Blame::Decoration(Decoration::Rounding) => d.rounding.as_ref(),
        Blame::Operand(i) => ins.operand_spans.get(i),
        Blame::Prefix => Some(&s.span),
        Blame::Mnemonic => None,
    }
    .unwrap_or(&ins.span)
}

/// Gives an error with a place the statement text it was made without.
fn set_text(e: &mut AsmError, text: String) {
    if let AsmError::Syntax { at, .. } | AsmError::Directive { at, .. } | AsmError::Instruction { at, .. } = e
    {
        at.text = text;
    }
}

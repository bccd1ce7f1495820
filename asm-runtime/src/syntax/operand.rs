//! Instructions: prefix, mnemonic, operands (registers, immediates, holes, branch targets,
//! `st(i)`) and the EVEX decorations that follow them.

use std::cell::Cell;

use super::memory::SizeWord;
use super::parser::{is_statement_word, Cursor, PResult};
use super::{Source, SyntaxError, Tok, Token};
use crate::ast::{Instr, LabelName, OperandHoles, Rounding, Span, StmtKind};
use crate::isa::{forms_written, implied_imm, takes_branch_target, Form};
use crate::names::{lower, MAX_NAME};
use crate::operand::{BranchHint, HoleKind, Operand, Prefix, Reg, RegClass, Size};

impl<'a, S: Source> Cursor<'a, '_, S> {
    pub(super) fn instruction(&mut self) -> PResult<StmtKind> {
        self.instr().map(StmtKind::Instr)
    }

    /// An instruction: prefix, mnemonic, operands and decorations, to the end of the statement.
    pub(super) fn instr(&mut self) -> PResult<Instr> {
        let mut prefix = None;
        if let Some(p) = self.ident_at(0).and_then(Prefix::from_name) {
            let n = self.ident_at(0).unwrap_or_default().to_string();
            self.pos += 1;
            if self.ident_at(0).is_none() {
                return Err(self.expected(&format!("an instruction after `{n}`")));
            }
            prefix = Some(p);
        }
        let Some(mnemonic_word) = self.ident_at(0) else {
            return Err(self.expected("an instruction"));
        };
        let span = self.span();
        self.pos += 1;
        // The rows are looked up only if an operand could be a branch target.
        let forms = LazyForms { mnemonic: mnemonic_word, forms: Cell::new(None) };
        let mut ins = self.st.new_instr(prefix, mnemonic_word, span);
        while !self.at_end() {
            if !ins.operands.is_empty() && !self.eat_punct(',') {
                return Err(self.after_operand());
            }
            if self.at_end() || self.is_punct(',') {
                return Err(self.expected("an operand"));
            }
            if let Some(r) = self.rounding_at() {
                let sp = self.span();
                self.pos += 1;
                // Last, or just before a last immediate (`vcmpps k1, zmm2, zmm3, {sae}, 3`), as
                // the SDM writes it and llvm-mc and GNU as read it.
                if !self.at_end() && !self.imm_follows_last() {
                    return Err(self.err(
                        sp,
                        format!(
                            "`{{{}}}` must be the last operand, or come just before an immediate",
                            r.name()
                        ),
                    ));
                }
                ins.deco.rounding = Some(r);
                ins.deco_spans.rounding = Some(sp);
                continue;
            }
            let i = ins.operands.len();
            let start = self.pos;
            let (op, holes) = self.operand(i, &|| takes_branch_target(forms.get(), i))?;
            if ins.deco.rounding.is_some() && !matches!(op, Operand::Imm(_) | Operand::Hole(HoleKind::Imm, _))
            {
                return Err(
                    self.err(self.since(start), "only an immediate can follow `{sae}` or a rounding mode")
                );
            }
            ins.operand_spans.push(self.since(start));
            ins.operands.push(op);
            ins.holes.push(holes);
            while self.is_brace(0) {
                self.decoration(&mut ins, i)?;
            }
        }
        // `cmpltps xmm1, xmm2` is `cmpps xmm1, xmm2, 1`: the base instruction with the
        // alias's immediate as a last operand (placed at the mnemonic for error messages).
        if let Some((base, imm)) = implied_imm(&ins.mnemonic) {
            if let Some(Operand::Imm(_) | Operand::Hole(HoleKind::Imm, _)) = ins.operands.last() {
                let m = &ins.mnemonic;
                return Err(
                    self.err(span, format!("`{m}` implies the immediate {imm}; write `{base}` to give one"))
                );
            }
            ins.mnemonic = base.to_string();
            ins.operands.push(Operand::Imm(imm.into()));
            ins.operand_spans.push(span);
            ins.holes.push(OperandHoles::default());
        }
        Ok(ins)
    }

    /// A rounding operand (`{rn-sae}` ...) at the cursor.
    /// Whether the rest of the statement is `, OPERAND` (one operand, the last; the caller
    /// checks it is an immediate once it is parsed).
    fn imm_follows_last(&self) -> bool {
        self.is_punct(',') && !self.toks[self.pos + 1..].iter().any(|t| matches!(t.tok, Tok::Punct(',')))
    }

    fn rounding_at(&self) -> Option<Rounding> {
        let Some(Tok::Brace(inner, _)) = self.peek() else { return None };
        Rounding::from_name(&words(inner)?)
    }

    /// One `{...}` decoration after operand `i`.
    fn decoration(&mut self, ins: &mut Instr, i: usize) -> PResult<()> {
        let t = self.toks[self.pos].clone();
        let Tok::Brace(inner, _) = &t.tok else { return Err(self.expected("a decoration")) };
        let on_first = |what: &str| -> PResult<()> {
            if i == 0 {
                Ok(())
            } else {
                Err(SyntaxError {
                    span: t.span,
                    message: format!("{what} goes on the first (destination) operand"),
                    stmt: Span::default(),
                })
            }
        };
        // `{k{expr}}`: a mask register from a Rust value.
        if let [Token { tok: Tok::Ident(k), .. }, hole @ Token { tok: Tok::Brace(..), .. }] = inner.as_slice()
        {
            if k.eq_ignore_ascii_case("k") {
                on_first("a write mask")?;
                let mut sub = Cursor {
                    toks: std::slice::from_ref(hole),
                    pos: 0,
                    end: t.span,
                    src: self.src,
                    st: self.st,
                };
                let h = sub.hole()?;
                ins.mask_hole = Some(h);
                return self.set_mask(ins, Reg::new(RegClass::K, 1), t.span);
            }
        }
        let word = words(inner).unwrap_or_default();
        let lower = word.to_ascii_lowercase();
        if let Some(r) = Reg::from_name(&lower).filter(|r| r.class == RegClass::K) {
            on_first("a write mask")?;
            if r.num == 0 {
                return Err(self.err(t.span, "`k0` cannot be a write mask (it means no masking); use k1..k7"));
            }
            return self.set_mask(ins, r, t.span);
        }
        if lower == "z" {
            on_first("`{z}`")?;
            if ins.deco.zeroing {
                return Err(self.err(t.span, "`{z}` is written twice"));
            }
            ins.deco.zeroing = true;
            ins.deco_spans.zeroing = Some(t.span);
            self.pos += 1;
            return Ok(());
        }
        if let Some(n) = lower.strip_prefix("1to").and_then(|n| n.parse::<u8>().ok()) {
            if !matches!(n, 2 | 4 | 8 | 16 | 32) {
                return Err(
                    self.err(t.span, format!("broadcast `{{1to{n}}}`: the count must be 2, 4, 8, 16 or 32"))
                );
            }
            if !matches!(ins.operands[i], Operand::Mem(_)) {
                return Err(
                    self.err(t.span, "a broadcast `{1toN}` applies to a memory operand, not a register")
                );
            }
            if ins.deco.broadcast.is_some() {
                return Err(self.err(t.span, "only one operand can be broadcast"));
            }
            ins.deco.broadcast = Some(n);
            ins.deco_spans.broadcast = Some(t.span);
            self.pos += 1;
            return Ok(());
        }
        if let Some(r) = Rounding::from_name(&lower) {
            return Err(self.err(
                t.span,
                format!("`{{{}}}` is written as a last operand of its own, after a comma", r.name()),
            ));
        }
        Err(self.err(
            t.span,
            format!(
                "unknown decoration `{{{word}}}`: expected a write mask `{{k1}}`..`{{k7}}` or `{{k{{expr}}}}`, \
                 `{{z}}` or a broadcast `{{1toN}}` (a Rust value is an operand of its own, after a comma)"
            ),
        ))
    }

    fn set_mask(&mut self, ins: &mut Instr, r: Reg, span: Span) -> PResult<()> {
        if ins.deco.mask.is_some() {
            return Err(self.err(span, "only one write mask can be given"));
        }
        ins.deco.mask = Some(r);
        ins.deco_spans.mask = Some(span);
        self.pos += 1;
        Ok(())
    }

    /// The error for a token after an operand that is neither `,` nor the end.
    fn after_operand(&self) -> SyntaxError {
        let mut msg = format!("expected `,` or `;` after operand, found {}", self.found());
        match self.peek() {
            Some(Tok::Ident(_) | Tok::Int(_) | Tok::Brace(..)) => {
                msg.push_str(" (a `;` is probably missing before it)");
            }
            Some(Tok::Punct(p)) if "+-*/%&|^!<>~".contains(*p) => {
                msg.push_str(" (a computed value must be a constant expression or a Rust expression in braces, as in `{...}`)");
            }
            _ => {}
        }
        self.err_here(msg)
    }

    /// One operand; `branch()` tells whether the instruction takes a branch target at position
    /// `index` (asked only when the operand could be one).
    fn operand(&mut self, index: usize, branch: &dyn Fn() -> bool) -> PResult<(Operand, OperandHoles)> {
        let none = OperandHoles::default();
        let value = |h: usize| OperandHoles { value: Some(h), ..OperandHoles::default() };
        let span = self.span();
        match self.tok_at(0) {
            Some(Tok::Ident(name)) => match self.plain_register(name) {
                Some(r) => Ok((Operand::Reg(r), none)),
                None => self.named_operand(name, index, branch),
            },
            Some(Tok::Punct('@')) => {
                if branch() {
                    return self.target(BranchHint::Auto, "");
                }
                let shown = self.ident_at(1).unwrap_or("name").to_string();
                Err(self.err(
                    span,
                    format!("a label `@{shown}` can only be a branch target or used as `[rip + @{shown}]`"),
                ))
            }
            Some(Tok::Punct('[')) => self.memory(None, SizeWord(None)),
            Some(&Tok::Brace(_, group)) => {
                // In the macro a brace group here is a hole, whatever its name (`{z}` is a Rust
                // variable `z`); the text assembler has no holes, so say what is wrong.
                if let (Some(word), None) = (self.decoration_word(), group) {
                    return Err(self.err(
                        span,
                        format!("decoration `{{{word}}}` must follow an operand, without a comma"),
                    ));
                }
                let h = self.hole()?;
                let kind = if branch() { HoleKind::Target } else { HoleKind::Imm };
                Ok((Operand::Hole(kind, BranchHint::Auto), value(h)))
            }
            Some(Tok::Punct('-')) if self.is_brace(1) => {
                Err(self.err(self.toks[self.pos + 1].span, "negate inside the braces instead, as in `{-x}`"))
            }
            Some(Tok::Float(_)) => {
                Err(self.err(span, "a floating-point literal is only allowed in `dd` and `dq`"))
            }
            Some(Tok::Str(_)) => Err(self.err(span, "a string is only allowed in `db`")),
            _ if self.gnu_memory_ahead() && !branch() => self.memory(None, SizeWord(None)),
            _ => {
                let (v, span) = self.const_expr()?;
                Ok((Operand::Imm(self.check64(v, span)?), none))
            }
        }
    }

    /// The common case first: an operand that is a register and nothing else, consumed.
    /// (Segment registers may start a memory operand, `st` a `st(i)`, and `rip` is refused by
    /// [`named_operand`](Self::named_operand); a register name can also be a hole class,
    /// `r8{...}`, but that has more after it.)
    fn plain_register(&mut self, name: &str) -> Option<Reg> {
        let more = !matches!(self.peek_at(1), None | Some(Tok::Punct(',')));
        let r = Reg::from_name(name)
            .filter(|r| !more && !matches!(r.class, RegClass::Seg | RegClass::St | RegClass::Rip))?;
        self.pos += 1;
        Some(r)
    }

    /// An operand that starts with a name: register, register hole, size keyword, segment
    /// override, `short`/`near`, `st(i)` or label.
    fn named_operand(
        &mut self,
        name: &'a str,
        index: usize,
        branch: &dyn Fn() -> bool,
    ) -> PResult<(Operand, OperandHoles)> {
        let none = OperandHoles::default();
        let value = |h: usize| OperandHoles { value: Some(h), ..OperandHoles::default() };
        let more = !matches!(self.peek_at(1), None | Some(Tok::Punct(',')));
        let span = self.span();
        let mut buf = [0; MAX_NAME];
        // Longer names are no keyword.
        let lower = lower(name, &mut buf).unwrap_or_default();
        if let (Some(class), true) = (RegClass::from_hole_name(name), self.is_brace(1)) {
            self.pos += 1;
            let h = self.hole()?;
            return Ok((Operand::Hole(HoleKind::Reg(class), BranchHint::Auto), value(h)));
        }
        if more && (lower == b"short" || lower == b"near") && branch() {
            self.pos += 1;
            let (hint, kw) =
                if lower == b"short" { (BranchHint::Short, "short") } else { (BranchHint::Near, "near") };
            return self.target(hint, kw);
        }
        if let Some(size) = Size::from_keyword(name) {
            if more || !branch() {
                self.pos += 1;
                let ptr = self.is_keyword(0, "ptr");
                self.pos += usize::from(ptr);
                // A size keyword is ASCII.
                let word = std::str::from_utf8(lower).unwrap_or_default();
                return self.memory(Some(size), SizeWord(Some((word, ptr))));
            }
        }
        if lower == b"offset" && more {
            let shown = self.toks[self.pos..]
                .iter()
                .rev()
                .find_map(|t| match &t.tok {
                    Tok::Ident(n) => Some(n.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            return Err(self.err(
                span,
                format!("`OFFSET {shown}` (an absolute address as an immediate) is not supported: use `lea reg, [rip + {shown}]`, or `dq {shown}` for an address in data"),
            ));
        }
        if lower == b"ptr" && more {
            return Err(self.err(span, "`ptr` needs a size keyword before it, as in `qword ptr [...]`"));
        }
        if self.seg().is_some() || (self.is_punct_at(1, '[') && Reg::from_name(name).is_none()) {
            return self.memory(None, SizeWord(None));
        }
        if matches!(self.peek_at(1), Some(Tok::PathSep)) {
            return Err(self.err(span, "a Rust path or expression must be written in braces, as in `{...}`"));
        }
        if self.is_punct_at(1, ':') && self.is_punct_at(2, '[') {
            return Err(
                self.err(span, format!("`{name}` is not a segment register: write es, cs, ss, ds, fs or gs"))
            );
        }
        if self.is_punct_at(1, ':') {
            return Err(self.err(
                span,
                format!("expected an operand, found label definition `{name}:` (a `;` is probably missing before it)"),
            ));
        }
        if lower == b"st" && self.is_punct_at(1, '(') {
            return self.st_register().map(|r| (Operand::Reg(r), none));
        }
        if let Some(r) = Reg::from_name(name) {
            if r.class == RegClass::Rip {
                return Err(self.err(span, format!("`{r}` can only be a memory base, as in `[{r} + label]`")));
            }
            self.pos += 1;
            return Ok((Operand::Reg(r), none));
        }
        if let Some(msg) = missing_register(name) {
            return Err(self.err(span, msg));
        }
        if branch() {
            self.pos += 1;
            self.eat_plt();
            let l = self.label_local(name);
            return Ok((Operand::Label(l, BranchHint::Auto), none));
        }
        let mut msg = format!("unknown register `{name}`");
        if index == 0 && is_statement_word(name) {
            msg.push_str(&format!(" (`{name}` starts a statement: is a `;` missing before it?)"));
        }
        Err(self.err(span, msg))
    }

    /// A text-only decoration (`{k1}`, `{z}`, `{1to8}`) at the cursor where an operand starts.
    fn decoration_word(&self) -> Option<String> {
        let Some(Tok::Brace(inner, _)) = self.peek() else { return None };
        let w = words(inner)?;
        let l = w.to_ascii_lowercase();
        let is_deco = l == "z"
            || l.strip_prefix("1to").is_some_and(|n| n.parse::<u8>().is_ok())
            || Reg::from_name(&l).is_some_and(|r| r.class == RegClass::K);
        is_deco.then_some(w)
    }

    /// `st(i)` at the cursor.
    fn st_register(&mut self) -> PResult<Reg> {
        self.pos += 2;
        let n = match self.peek() {
            Some(Tok::Int(n)) => *n,
            _ => return Err(self.expected("a register number 0..7 in `st(...)`")),
        };
        let num = self.span();
        self.pos += 1;
        if !self.eat_punct(')') {
            return Err(self.expected("`)`"));
        }
        if n > 7 {
            return Err(
                self.err(num, format!("`st({n})` does not exist: the x87 registers are st(0) to st(7)"))
            );
        }
        Ok(Reg::new(RegClass::St, n as u8))
    }

    /// GNU's `@PLT` after a branch target (`call memset@PLT`): in code placed by this
    /// assembler a call through the PLT is a call to the symbol, so the suffix is read and
    /// dropped.
    fn eat_plt(&mut self) {
        if self.is_punct_at(0, '@') && self.ident_at(1).is_some_and(|n| n.eq_ignore_ascii_case("plt")) {
            self.pos += 2;
        }
    }

    /// A branch target after `short`/`near` (`kw`), or `@name`.
    fn target(&mut self, hint: BranchHint, kw: &str) -> PResult<(Operand, OperandHoles)> {
        if self.is_brace(0) {
            let h = self.hole()?;
            return Ok((
                Operand::Hole(HoleKind::Target, hint),
                OperandHoles { value: Some(h), ..Default::default() },
            ));
        }
        match self.label_ref() {
            Some(name) => {
                if matches!(name, LabelName::Local(_)) {
                    self.eat_plt();
                }
                Ok((Operand::Label(self.label(name), hint), OperandHoles::default()))
            }
            None if kw.is_empty() => {
                self.pos += 1;
                Err(self.expected("a label name after `@`"))
            }
            None => Err(self.expected(&format!("a label or `{{...}}` after `{kw}`"))),
        }
    }
}

/// The rows of a mnemonic, looked up when first needed.
struct LazyForms<'m> {
    mnemonic: &'m str,
    forms: Cell<Option<&'static [Form]>>,
}

impl LazyForms<'_> {
    fn get(&self) -> &'static [Form] {
        match self.forms.get() {
            Some(f) => f,
            None => {
                let f = forms_written(self.mnemonic);
                self.forms.set(Some(f));
                f
            }
        }
    }
}

/// For a name that looks like a register of a numbered family but is not one (`xmm32`, `k8`,
/// `r16`, `st8`), what the family's registers are.
pub(crate) fn missing_register(name: &str) -> Option<String> {
    // Every family starts with one of these letters; most labels stop here.
    let first = name.as_bytes().first()?.to_ascii_lowercase();
    if !b"xyzkmscdr".contains(&first) || Reg::from_name(name).is_some() {
        return None;
    }
    let l = name.to_ascii_lowercase();
    const FAMILIES: [(&str, &str, &str, &str); 9] = [
        ("xmm", "xmm", "xmm0", "xmm31"),
        ("ymm", "ymm", "ymm0", "ymm31"),
        ("zmm", "zmm", "zmm0", "zmm31"),
        ("k", "mask", "k0", "k7"),
        ("mm", "mmx", "mm0", "mm7"),
        ("st", "x87", "st(0)", "st(7)"),
        ("cr", "control", "cr0", "cr15"),
        ("dr", "debug", "dr0", "dr7"),
        ("r", "numbered general-purpose", "r8", "r15"),
    ];
    for (prefix, what, lo, hi) in FAMILIES {
        let Some(rest) = l.strip_prefix(prefix) else { continue };
        let digits = if prefix == "r" { rest.trim_end_matches(['b', 'w', 'd', 'l']) } else { rest };
        if !digits.is_empty() && digits.len() <= 3 && digits.chars().all(|c| c.is_ascii_digit()) {
            return Some(format!("`{name}` is not a register: the {what} registers are {lo} to {hi}"));
        }
    }
    None
}

/// The text of simple tokens run together (`rn-sae`, `k1`, `1to16`), or `None` when they are
/// not words and dashes.
fn words(toks: &[Token]) -> Option<String> {
    let mut s = String::new();
    for t in toks {
        match &t.tok {
            Tok::Ident(n) => s.push_str(n),
            Tok::Punct('-') => s.push('-'),
            Tok::Int(v) => s.push_str(&v.to_string()),
            _ => return None,
        }
    }
    (!s.is_empty()).then_some(s)
}

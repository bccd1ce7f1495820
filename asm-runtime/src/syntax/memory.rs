//! Memory operands (`qword ptr fs:[rbx + rcx*8 - 16]`, `[rip + label]`, `[r64{b} + {d}]`) and
//! constant expressions.

use super::parser::{Cursor, PResult};
use super::{Source, Tok};
use crate::ast::{LabelName, OperandHoles, Span};
use crate::operand::{Mem, Operand, Reg, RegClass, Seg, Size};

/// How deeply parentheses and unary operators may nest in a constant expression.
const MAX_DEPTH: u32 = 64;

/// The size keyword written before a memory operand, for messages: the word in lowercase and
/// whether `ptr` followed it (`None`: no keyword).
#[derive(Clone, Copy)]
pub(super) struct SizeWord<'w>(pub(super) Option<(&'w str, bool)>);

impl std::fmt::Display for SizeWord<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some((word, true)) => write!(f, "{word} ptr"),
            Some((word, false)) => write!(f, "{word}"),
            None => Ok(()),
        }
    }
}

/// What GNU's spelling writes before the bracket.
enum Outer {
    None,
    Const(i128, Span),
    Label(LabelName, Span),
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

/// The registers, label/hole references and constant sum of a memory operand.
type Terms = (Regs, Vec<(Ref, Span)>, i128);

/// The (at most two) register terms of a memory operand, kept without allocating.
struct Regs {
    items: [RegTerm; 2],
    len: usize,
}

impl Regs {
    const NONE: RegTerm = RegTerm {
        reg: Reg::new(RegClass::Gpr64, 0),
        hole: None,
        scale: None,
        span: Span { line: 0, col: 0, len: 0 },
    };

    /// Adds a term; the caller has checked there is room.
    fn push(&mut self, t: RegTerm) {
        if let Some(slot) = self.items.get_mut(self.len) {
            *slot = t;
            self.len += 1;
        }
    }
}

impl std::ops::Deref for Regs {
    type Target = [RegTerm];
    fn deref(&self) -> &[RegTerm] {
        &self.items[..self.len]
    }
}

#[derive(Clone, Copy)]
struct RegTerm {
    reg: Reg,
    hole: Option<usize>,
    scale: Option<u8>,
    span: Span,
}

impl<'a, S: Source> Cursor<'a, '_, S> {
    /// A memory operand after its size keyword (`kw` names it for messages). Besides
    /// `[...]` this reads GNU's spellings: a displacement or label before the bracket
    /// (`-20[rbp]`, `.LC0[rip]`), an absolute address after a segment or a size keyword
    /// (`ds:0x1000`, `dword ptr fs:40`) and a size keyword inside the bracket
    /// (`[qword ptr 8[rax]]`).
    pub(super) fn memory(
        &mut self,
        size: Option<Size>,
        kw: SizeWord<'_>,
    ) -> PResult<(Operand, OperandHoles)> {
        let mut m = Mem { size, scale: 1, ..Mem::default() };
        let mut seg_kw = String::new();
        if let Some(s) = self.seg() {
            seg_kw = format!("{}:", s.name());
            m.seg = Some(s);
            self.pos += 2;
        }
        let outer = self.outer_displacement()?;
        let open = self.span();
        // `ds:0x1122334455667788`: an absolute address after an override, without brackets.
        if m.seg.is_some() && !self.is_punct('[') && self.at_number() {
            let v = self.product()?;
            if !(i128::from(i64::MIN)..=i128::from(u64::MAX)).contains(&v) {
                return Err(self.err(open, "address too large"));
            }
            m.disp = v as i64;
            return Ok((Operand::Mem(m), OperandHoles::default()));
        }
        if !self.eat_punct('[') {
            return match outer {
                Outer::Const(v, sp) if m.seg.is_some() => {
                    m.disp = self.check64(v, sp)? as i64;
                    Ok((Operand::Mem(m), OperandHoles::default()))
                }
                Outer::Const(_, sp) if kw.0.is_some() => Err(self.err(
                    sp,
                    format!("`{kw}` before a number is ambiguous (GNU as reads an immediate); write `{kw} [...]` for memory or the number alone for an immediate"),
                )),
                Outer::Label(name, sp) => Err(self.err(
                    sp,
                    format!("a label in a memory operand needs `rip` as base, as in `{name}[rip]` or `[rip + {name}]`"),
                )),
                Outer::None if self.ident_at(0).is_some_and(|n| Reg::from_name(n).is_none()) => {
                    let n = self.ident_at(0).unwrap_or_default().to_string();
                    Err(self.err_here(format!(
                        "a label in a memory operand needs `rip` as base, as in `{n}[rip]` or `[rip + {n}]`"
                    )))
                }
                _ if !seg_kw.is_empty() => Err(self.expected(&format!("`[` or an address after `{seg_kw}`"))),
                _ if kw.0.is_some() => Err(self.expected(&format!("`[` after `{kw}`"))),
                _ => Err(self.expected("`[`")),
            };
        }
        if self.is_punct(']') {
            return Err(self
                .err(open.to(self.span()), "empty memory operand: expected a register, number or `{...}`"));
        }
        if let (None, Outer::None, Some(inner)) =
            (size, &outer, self.ident_at(0).and_then(Size::from_keyword))
        {
            return self.sized_inside_bracket(inner, m.seg);
        }
        if m.seg.is_none() {
            if let Some(s) = self.seg() {
                m.seg = Some(s);
                self.pos += 2;
            }
        }
        let mut rel = None;
        if self.is_keyword(0, "rel") && matches!(self.peek_at(1), Some(Tok::Ident(_) | Tok::Punct('@'))) {
            rel = Some(self.span());
            self.pos += 1;
        }
        let mut holes = OperandHoles::default();
        let (regs, mut refs, mut disp) = self.mem_terms()?;
        match outer {
            Outer::Const(v, sp) => {
                disp = disp.checked_add(v).ok_or_else(|| self.err(sp, "displacement too large"))?
            }
            Outer::Label(name, sp) => refs.insert(0, (Ref::Name(name), sp)),
            Outer::None => {}
        }
        self.place_regs(&mut m, &mut holes, &regs)?;
        if let Some(sp) = rel {
            if !regs.is_empty() {
                return Err(self.err(sp, "`rel` cannot be combined with registers"));
            }
            m.base = Some(Reg::new(RegClass::Rip, 0));
        }
        self.place_refs(&mut m, &mut holes, refs)?;
        if !(i128::from(i64::MIN)..=i128::from(u64::MAX)).contains(&disp) {
            return Err(self.err(open, "displacement too large"));
        }
        m.disp = disp as i64;
        if m.index.is_none() {
            m.scale = 1;
        }
        Ok((Operand::Mem(m), holes))
    }

    /// `[qword ptr 8[rax]]` (how GNU as prints an indirect `call`): the size keyword and the
    /// operand inside the outer bracket, then `]`.
    fn sized_inside_bracket(&mut self, size: Size, seg: Option<Seg>) -> PResult<(Operand, OperandHoles)> {
        let word = self.ident_at(0).unwrap_or_default().to_ascii_lowercase();
        self.pos += 1;
        let ptr = self.is_keyword(0, "ptr");
        self.pos += usize::from(ptr);
        let (mut op, holes) = self.memory(Some(size), SizeWord(Some((&word, ptr))))?;
        if !self.eat_punct(']') {
            return Err(self.expected("`]`"));
        }
        if let (Operand::Mem(m), Some(s)) = (&mut op, seg) {
            if m.seg.is_some() {
                return Err(self.err_here("a memory operand has one segment override only"));
            }
            m.seg = Some(s);
        }
        Ok((op, holes))
    }

    /// True where an operand is GNU's displacement-before-bracket spelling (`-20[rbp]`,
    /// `.LC0[rip]`): a `[` comes before the operand ends.
    pub(super) fn gnu_memory_ahead(&self) -> bool {
        self.toks[self.pos..]
            .iter()
            .take_while(|t| !matches!(t.tok, Tok::Punct(',')))
            .any(|t| matches!(t.tok, Tok::Punct('[')))
    }

    /// A constant or a label written before `[` (or an absolute address with no bracket).
    fn outer_displacement(&mut self) -> PResult<Outer> {
        match self.tok_at(0) {
            Some(Tok::Ident(n))
                if self.is_punct_at(1, '[')
                    && Reg::from_name(n).is_none()
                    && Size::from_keyword(n).is_none() =>
            {
                let sp = self.span();
                self.pos += 1;
                Ok(Outer::Label(LabelName::Local(n.clone()), sp))
            }
            Some(Tok::Int(_) | Tok::Char(_) | Tok::Punct('-' | '+' | '~' | '(')) => {
                let (v, sp) = self.const_expr()?;
                Ok(Outer::Const(v, sp))
            }
            _ => Ok(Outer::None),
        }
    }

    /// The terms inside `[...]` up to and including `]`: registers, labels and holes, and
    /// the sum of the constants.
    fn mem_terms(&mut self) -> PResult<Terms> {
        let mut regs = Regs { items: [Regs::NONE; 2], len: 0 };
        let mut refs: Vec<(Ref, Span)> = Vec::new();
        let mut disp: i128 = 0;
        let mut first = true;
        loop {
            let mut neg = false;
            if first {
                neg = self.eat_punct('-');
                if !neg {
                    self.eat_punct('+');
                }
            } else if self.eat_punct(']') {
                break;
            } else if self.eat_punct('-') {
                neg = true;
            } else if !self.eat_punct('+') {
                return Err(if self.at_end() {
                    self.expected("`]`")
                } else {
                    self.expected("`+`, `-` or `]` in memory operand")
                });
            }
            first = false;
            let start = self.pos;
            let term = self.mem_term()?;
            let span = self.since(start);
            match term {
                Term::Reg { reg, hole, scale } => {
                    if neg {
                        return Err(self.err(span, "a register cannot be subtracted"));
                    }
                    if regs.len() == 2 {
                        return Err(self.err(span, "a memory operand has at most two registers"));
                    }
                    if scale.is_some() && regs.iter().any(|r| r.scale.is_some()) {
                        return Err(self.err(span, "only one register can be scaled"));
                    }
                    regs.push(RegTerm { reg, hole, scale, span });
                }
                Term::Label(_) | Term::Hole(_) if neg => {
                    return Err(self.err(
                        span,
                        "a label or `{...}` term cannot be subtracted (negate inside the braces, as in `{-x}`)",
                    ));
                }
                Term::Label(name) => refs.push((Ref::Name(name), span)),
                Term::Hole(h) => refs.push((Ref::Hole(h), span)),
                Term::Const(v) => {
                    disp = if neg { disp.checked_sub(v) } else { disp.checked_add(v) }
                        .ok_or_else(|| self.err(span, "displacement too large"))?;
                }
            }
        }
        Ok((regs, refs, disp))
    }

    /// Base and index from the register terms: a scaled register is the index, else the first
    /// is the base.
    fn place_regs(&self, m: &mut Mem, holes: &mut OperandHoles, regs: &[RegTerm]) -> PResult<()> {
        for t in regs {
            if t.reg.class == RegClass::Rip {
                if t.scale.is_some() {
                    return Err(self.err(t.span, format!("`{}` cannot be scaled", t.reg)));
                }
                if regs.len() > 1 {
                    return Err(
                        self.err(t.span, format!("`{}` cannot be combined with another register", t.reg))
                    );
                }
            }
            let is_index = match t.scale {
                // llvm-mc and GNU as swap `[rax + rsp]` into `[rsp + rax]`, but a register
                // written with a scale is the index, which `rsp` cannot be.
                Some(_)
                    if t.hole.is_none()
                        && t.reg.num == 4
                        && matches!(t.reg.class, RegClass::Gpr64 | RegClass::Gpr32) =>
                {
                    return Err(self.err(t.span, format!("`{}` cannot be an index register", t.reg)));
                }
                Some(s) => {
                    m.scale = s;
                    true
                }
                None if m.base.is_none() => false,
                None => {
                    m.scale = 1;
                    true
                }
            };
            if is_index {
                m.index = Some(if t.hole.is_some() { Reg::new(t.reg.class, 1) } else { t.reg });
                holes.index = t.hole;
            } else {
                m.base = Some(if t.hole.is_some() { Reg::new(t.reg.class, 0) } else { t.reg });
                holes.base = t.hole;
            }
        }
        Ok(())
    }

    /// Labels (which need `rip`) and `{...}` displacements.
    fn place_refs(&mut self, m: &mut Mem, holes: &mut OperandHoles, refs: Vec<(Ref, Span)>) -> PResult<()> {
        let rip = m.base.is_some_and(|b| b.class == RegClass::Rip);
        for (r, span) in refs {
            match r {
                Ref::Name(_) | Ref::Hole(_) if rip && m.label.is_some() => {
                    return Err(self.err(span, "a memory operand can refer to one label only"));
                }
                Ref::Name(name) if rip => m.label = Some(self.label(name)),
                Ref::Hole(h) if rip => {
                    m.label = Some(self.label(LabelName::Dynamic(h)));
                    holes.disp = Some(h);
                }
                Ref::Name(LabelName::Local(n)) => {
                    return Err(self.err(
                        span,
                        format!("unknown register `{n}` (a label in a memory operand needs `rip` as base, as in `[rip + {n}]`)"),
                    ));
                }
                Ref::Name(name) => {
                    return Err(self.err(
                        span,
                        format!("a label in a memory operand needs `rip` as base, as in `[rip + {name}]`"),
                    ));
                }
                Ref::Hole(h) => {
                    if holes.disp.is_some() {
                        return Err(self.err(
                            span,
                            "a memory operand can have one `{...}` displacement only (add the values inside the braces)",
                        ));
                    }
                    holes.disp = Some(h);
                }
            }
        }
        Ok(())
    }

    /// One term: `reg`, `reg*s`, `s*reg`, a register hole (optionally scaled), a constant, a
    /// label or `{expr}`.
    fn mem_term(&mut self) -> PResult<Term> {
        let span = self.span();
        match self.tok_at(0) {
            None | Some(Tok::Punct(']')) => {
                Err(self.expected("a register, number or `{...}` in memory operand"))
            }
            Some(Tok::Ident(name)) => {
                if let (Some(class), Some(Tok::Brace(..))) = (RegClass::from_hole_name(name), self.peek_at(1))
                {
                    self.pos += 1;
                    let hole = Some(self.hole()?);
                    let scale = self.scale()?;
                    return Ok(Term::Reg { reg: Reg::new(class, 0), hole, scale });
                }
                if let Some(reg) = Reg::from_name(name) {
                    self.pos += 1;
                    let scale = self.scale()?;
                    return Ok(Term::Reg { reg, hole: None, scale });
                }
                if name.eq_ignore_ascii_case("ip") {
                    return Err(
                        self.err(span, format!("`{name}`-relative addressing is not supported; use `rip`"))
                    );
                }
                if matches!(self.peek_at(1), Some(Tok::PathSep)) {
                    return Err(
                        self.err(span, "a Rust path or expression must be written in braces, as in `{...}`")
                    );
                }
                self.pos += 1;
                if self.is_punct('*') {
                    return Err(self.err(span, "a label cannot be multiplied"));
                }
                Ok(Term::Label(LabelName::Local(name.clone())))
            }
            Some(Tok::Punct('@')) => {
                self.pos += 1;
                let Some(n) = self.ident_at(0).map(str::to_string) else {
                    return Err(self.expected("a label name after `@`"));
                };
                self.pos += 1;
                Ok(Term::Label(LabelName::Global(n)))
            }
            Some(Tok::Brace(..)) => Ok(Term::Hole(self.hole()?)),
            Some(t) if !self.at_number() && !matches!(t, Tok::Float(_) | Tok::Str(_)) => {
                Err(self.expected("a register, number or `{...}` in memory operand"))
            }
            Some(_) => {
                let v = self.product()?;
                if !self.eat_punct('*') {
                    return Ok(Term::Const(v));
                }
                let scale = Some(scale_of(self, v, span)?);
                let reg_span = self.span();
                if let Some(name) = self.ident_at(0).map(str::to_string) {
                    if let (Some(class), Some(Tok::Brace(..))) =
                        (RegClass::from_hole_name(&name), self.peek_at(1))
                    {
                        self.pos += 1;
                        let hole = Some(self.hole()?);
                        return Ok(Term::Reg { reg: Reg::new(class, 0), hole, scale });
                    }
                    if let Some(reg) = Reg::from_name(&name) {
                        self.pos += 1;
                        return Ok(Term::Reg { reg, hole: None, scale });
                    }
                }
                Err(self.err(reg_span, format!("expected a register after `*`, found {}", self.found())))
            }
        }
    }

    /// Constant factors joined by `*` that stop before a register (`2*4*rax` scales by 8).
    fn product(&mut self) -> PResult<i128> {
        let mut v = self.unary(0)?;
        while self.is_punct('*') && !matches!(self.peek_at(1), Some(Tok::Ident(_))) {
            let span = self.span();
            self.pos += 1;
            let r = self.unary(0)?;
            v = v.checked_mul(r).ok_or_else(|| self.err(span, "integer too large"))?;
        }
        Ok(v)
    }

    /// An optional `* scale` after a register.
    fn scale(&mut self) -> PResult<Option<u8>> {
        if !self.eat_punct('*') {
            return Ok(None);
        }
        if self
            .ident_at(0)
            .is_some_and(|n| Reg::from_name(n).is_some() || RegClass::from_hole_name(n).is_some())
        {
            return Err(self.err_here("two registers cannot be multiplied"));
        }
        if matches!(self.peek(), Some(Tok::Brace(..))) {
            return Err(self.err_here("scale must be a literal 1, 2, 4 or 8"));
        }
        if !matches!(self.peek(), Some(Tok::Int(_) | Tok::Punct('(' | '-' | '+' | '~'))) {
            return Err(self.expected("a scale (1, 2, 4 or 8) after `*`"));
        }
        let start = self.pos;
        let v = self.unary(0)?;
        Ok(Some(scale_of(self, v, self.since(start))?))
    }

    // ----- constant expressions ----------------------------------------------------------

    /// A value must fit 64 bits, signed or unsigned.
    pub(super) fn check64(&self, v: i128, span: Span) -> PResult<i128> {
        if (i128::from(i64::MIN)..=i128::from(u64::MAX)).contains(&v) {
            Ok(v)
        } else {
            Err(self.err(span, "integer too large"))
        }
    }

    /// A constant expression; the value and its span. Operators bind as in C and NASM (and as
    /// llvm-mc reads Intel syntax), loosest first: `|`, `^`, `&`, `<<` `>>`, `+` `-`, `*` `/`
    /// `%`, then the unary `-` `+` `~`. Values are exact (128-bit while evaluating);
    /// overflow, division by zero and shifts of 128 or more are errors.
    pub(super) fn const_expr(&mut self) -> PResult<(i128, Span)> {
        let start = self.pos;
        let v = self.expr(0)?;
        Ok((v, self.since(start)))
    }

    fn expr(&mut self, depth: u32) -> PResult<i128> {
        self.binary(0, depth)
    }

    /// The binary operator at the cursor of precedence `level` (0 loosest), and its width in
    /// tokens (`<<` is two).
    fn binary_op(&self, level: usize) -> Option<(char, usize)> {
        let c = match self.peek() {
            Some(Tok::Punct(c)) => *c,
            _ => return None,
        };
        let two = |c: char| self.peek_at(1) == Some(&Tok::Punct(c));
        let op = match (level, c) {
            (0, '|') | (1, '^') | (2, '&') | (4, '+' | '-') | (5, '*' | '/' | '%') => (c, 1),
            (3, '<') if two('<') => ('<', 2),
            (3, '>') if two('>') => ('>', 2),
            _ => return None,
        };
        Some(op)
    }

    fn binary(&mut self, level: usize, depth: u32) -> PResult<i128> {
        if level == 0 && depth < MAX_DEPTH {
            if let Some(v) = self.lone_number() {
                return Ok(v);
            }
        }
        if level == 6 {
            return self.unary(depth);
        }
        let mut v = self.binary(level + 1, depth)?;
        while let Some((op, width)) = self.binary_op(level) {
            let span = self.span();
            self.pos += width;
            let r = self.binary(level + 1, depth)?;
            v = self.apply(op, v, r, span)?;
        }
        Ok(v)
    }

    /// An integer, or a negated one, that no binary operator follows (most constants are):
    /// its value, consumed. What [`binary`](Self::binary) would compute, without descending
    /// through every precedence level.
    fn lone_number(&mut self) -> Option<i128> {
        let (neg, k) = match self.tok_at(0) {
            Some(Tok::Punct('-')) => (true, 1),
            _ => (false, 0),
        };
        let v = match self.tok_at(k) {
            Some(Tok::Int(v)) => i128::from(*v),
            Some(Tok::Char(c)) => i128::from(*c),
            _ => return None,
        };
        if matches!(
            self.tok_at(k + 1),
            Some(Tok::Punct('|' | '^' | '&' | '<' | '>' | '+' | '-' | '*' | '/' | '%'))
        ) {
            return None;
        }
        self.pos += k + 1;
        Some(if neg { -v } else { v })
    }

    fn apply(&self, op: char, a: i128, b: i128, span: Span) -> PResult<i128> {
        let too_large = || self.err(span, "integer too large");
        match op {
            '|' => Ok(a | b),
            '^' => Ok(a ^ b),
            '&' => Ok(a & b),
            '+' => a.checked_add(b).ok_or_else(too_large),
            '-' => a.checked_sub(b).ok_or_else(too_large),
            '*' => a.checked_mul(b).ok_or_else(too_large),
            '/' | '%' if b == 0 => Err(self.err(span, "division by zero")),
            '/' => a.checked_div(b).ok_or_else(too_large),
            '%' => a.checked_rem(b).ok_or_else(too_large),
            _ => {
                let n = u32::try_from(b)
                    .ok()
                    .filter(|n| *n < 128)
                    .ok_or_else(|| self.err(span, format!("shift count {b} out of range (0 to 127)")))?;
                if op == '<' {
                    let r = a.checked_shl(n).filter(|r| r >> n == a).ok_or_else(too_large)?;
                    Ok(r)
                } else {
                    Ok(a >> n)
                }
            }
        }
    }

    /// `unary := ('-' | '+' | '~') unary | integer | char | '(' expr ')'`
    fn unary(&mut self, depth: u32) -> PResult<i128> {
        if depth > MAX_DEPTH {
            return Err(self.err_here("expression nested too deeply"));
        }
        let span = self.span();
        let Some(tok) = self.tok_at(0) else {
            return Err(self.expected("a number"));
        };
        self.pos += 1;
        match *tok {
            Tok::Punct('-') => {
                let v = self.unary(depth + 1)?;
                v.checked_neg().ok_or_else(|| self.err(span, "integer too large"))
            }
            Tok::Punct('+') => self.unary(depth + 1),
            Tok::Punct('~') => Ok(!self.unary(depth + 1)?),
            Tok::Punct('(') => {
                let v = self.expr(depth + 1)?;
                if !self.eat_punct(')') {
                    return Err(self.expected("`)`"));
                }
                Ok(v)
            }
            Tok::Int(v) => Ok(i128::from(v)),
            Tok::Char(c) => Ok(i128::from(c)),
            Tok::Float(_) => Err(self.err(span, "a floating-point literal is only allowed in `dd` and `dq`")),
            Tok::Str(_) => Err(self.err(span, "a string is only allowed in `db`")),
            Tok::Ident(ref n) => Err(self.err(
                span,
                if Reg::from_name(n).is_some() {
                    format!("expected a number, found register `{n}`")
                } else {
                    format!("unknown register or symbol `{n}`")
                },
            )),
            Tok::Brace(..) => Err(self.err(span, "a `{...}` value cannot be part of a constant expression")),
            _ => {
                self.pos -= 1;
                Err(self.expected("a number"))
            }
        }
    }
}

fn scale_of<S: Source>(c: &Cursor<'_, '_, S>, v: i128, span: Span) -> PResult<u8> {
    match v {
        1 | 2 | 4 | 8 => Ok(v as u8),
        _ => Err(c.err(span, format!("scale must be 1, 2, 4 or 8, found {v}"))),
    }
}

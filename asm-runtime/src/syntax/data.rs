//! Directives: data (`db`, `.quad`, strings, label addresses and differences), alignment,
//! fills and reservations, and `.arch`.

use super::directives::DirectiveWord;
use super::parser::{Cursor, PResult};
use super::{Source, Tok};
use crate::ast::{DataItem, Directive, Span, StmtKind, MAX_ALIGN, MAX_FILL};
use crate::operand::Reg;

impl<S: Source> Cursor<'_, '_, S> {
    pub(super) fn directive(
        &mut self,
        d: DirectiveWord,
        name: &str,
        parts: &mut Vec<Span>,
    ) -> PResult<StmtKind> {
        if self.at_end() {
            let what = match d {
                DirectiveWord::Data(_) => "a value",
                DirectiveWord::Strings { .. } => "a string",
                DirectiveWord::Align | DirectiveWord::P2Align => "an alignment",
                DirectiveWord::Arch => "a CPU level or feature list (`x86-64-v3`, `+avx2`)",
                _ => "a count",
            };
            return Err(self.err_here(format!("expected {what} after `{name}`")));
        }
        match d {
            DirectiveWord::Data(width) => {
                let mut items = Vec::new();
                loop {
                    let start = self.pos;
                    items.push(self.data_item(width, name)?);
                    parts.push(self.since(start));
                    if self.at_end() {
                        break;
                    }
                    if !self.eat_punct(',') {
                        return Err(self.expected("`,` or end of statement after data item"));
                    }
                }
                Ok(StmtKind::Directive(Directive::Data { width, items }))
            }
            DirectiveWord::Strings { zero } => self.strings(zero, name, parts),
            DirectiveWord::Align | DirectiveWord::P2Align => {
                let start = self.pos;
                let k = self.align(name, d == DirectiveWord::P2Align)?;
                parts.push(self.since(start));
                Ok(k)
            }
            DirectiveWord::Arch => {
                let start = self.pos;
                let text: String =
                    self.src.text(&self.toks[start..]).chars().filter(|c| !c.is_whitespace()).collect();
                self.pos = self.toks.len();
                let span = self.since(start);
                parts.push(span);
                match crate::isa::Features::parse(&text) {
                    Ok(f) => Ok(StmtKind::Directive(Directive::Arch(f))),
                    Err(m) => Err(self.err(self.arch_item_span(start).unwrap_or(span), m)),
                }
            }
            DirectiveWord::Fill | DirectiveWord::Skip | DirectiveWord::Zero | DirectiveWord::Reserve(_) => {
                let start = self.pos;
                let k = self.fill(d, name)?;
                parts.push(self.since(start));
                Ok(k)
            }
        }
    }

    /// The span of the first comma-separated item of an `.arch` list (from token `start`) that
    /// does not parse, for its error.
    fn arch_item_span(&self, start: usize) -> Option<Span> {
        let toks = self.toks.get(start..)?;
        let mut from = 0;
        for i in 0..=toks.len() {
            if toks.get(i).is_some_and(|t| !matches!(t.tok, Tok::Punct(','))) {
                continue;
            }
            let text: String = self.src.text(&toks[..i]).chars().filter(|c| !c.is_whitespace()).collect();
            if i > from && crate::isa::Features::parse(&text).is_err() {
                return Some(Span::of(&toks[from..i], toks[from].span));
            }
            from = i + 1;
        }
        None
    }

    /// A constant operand of a directive that must be in `lo..=hi`.
    fn directive_value(&mut self, name: &str, what: &str, lo: i128, hi: i128) -> PResult<i128> {
        if self.is_brace(0) {
            return Err(self.err_here(format!("the {what} of `{name}` must be a constant")));
        }
        let (v, span) = self.const_expr()?;
        if !(lo..=hi).contains(&v) {
            return Err(
                self.err(span, format!("the {what} of `{name}` must be between {lo} and {hi}, found {v}"))
            );
        }
        Ok(v)
    }

    /// `.fill N, SIZE, VALUE`, `.skip N, FILL`, `.space N, FILL`, `.zero N`, `resb N`...: bytes
    /// repeated, as one data item.
    fn fill(&mut self, d: DirectiveWord, name: &str) -> PResult<StmtKind> {
        let max = i128::from(MAX_FILL);
        let n = self.directive_value(name, "count", 0, max)? as usize;
        let mut unit = vec![0u8];
        match d {
            DirectiveWord::Reserve(w) => unit = vec![0; usize::from(w)],
            DirectiveWord::Fill => {
                let mut size = 1;
                if self.eat_punct(',') {
                    if !self.is_punct(',') {
                        size = self.directive_value(name, "size", 1, 8)? as usize;
                        if !matches!(size, 1 | 2 | 4 | 8) {
                            return Err(self.err(
                                self.toks[self.pos - 1].span,
                                "the size of `.fill` must be 1, 2, 4 or 8",
                            ));
                        }
                    }
                    if self.eat_punct(',') {
                        let start = self.pos;
                        let (v, span) = self.const_expr()?;
                        let v = self.check64(v, span)?;
                        unit = DataItem::int_bytes(size as u8, v)
                            .map_err(|m| self.err(self.since(start), m))?[..size]
                            .to_vec();
                    } else {
                        unit = vec![0; size];
                    }
                }
            }
            DirectiveWord::Skip if self.eat_punct(',') => {
                unit = vec![self.directive_value(name, "fill byte", -128, 255)? as u8];
            }
            _ => {}
        }
        let total = n.saturating_mul(unit.len());
        if total > MAX_FILL as usize {
            return Err(self.err_here(format!("`{name}` makes {total} bytes; at most {MAX_FILL}")));
        }
        let bytes: Vec<u8> = unit.iter().copied().cycle().take(total).collect();
        Ok(StmtKind::Directive(Directive::Data { width: 1, items: vec![DataItem::Bytes(bytes)] }))
    }

    fn data_item(&mut self, width: u8, name: &str) -> PResult<DataItem> {
        let start = self.pos;
        match self.peek() {
            None | Some(Tok::Punct(',')) => {
                return Err(self.expected(&format!("a number, string, label or `{{...}}` in `{name}`")));
            }
            Some(Tok::Str(b)) => {
                if width != 1 {
                    return Err(self.err_here(format!("strings are only allowed in `db`, not `{name}`")));
                }
                let b = b.clone();
                self.pos += 1;
                return Ok(DataItem::Bytes(b));
            }
            Some(Tok::Brace(..)) => return Ok(DataItem::Hole(self.hole()?)),
            Some(Tok::Ident(n)) if Reg::from_name(n).is_some() => {
                return Err(self.err_here(format!("expected a value in `{name}`, found register `{n}`")));
            }
            Some(Tok::Ident(_)) if matches!(self.peek_at(1), Some(Tok::PathSep)) => {
                return Err(
                    self.err_here("a Rust path or expression must be written in braces, as in `{...}`")
                );
            }
            _ => {}
        }
        if let Some(a) = self.label_ref() {
            if self.eat_punct('-') {
                let Some(b) = self.label_ref() else {
                    return Err(self.expected("a label after `-` (a label difference is `a - b`)"));
                };
                let (a, b) = (self.label(a), self.label(b));
                return Ok(DataItem::LabelDiff(a, b));
            }
            if width != 8 {
                return Err(self.err(
                    self.since(start),
                    format!("a label address needs `dq`, not `{name}` (a difference `a - b` fits any width)"),
                ));
            }
            return Ok(DataItem::Label(self.label(a)));
        }
        let neg = match self.peek() {
            Some(Tok::Punct('-')) => Some(true),
            Some(Tok::Punct('+')) => Some(false),
            _ => None,
        };
        let k = usize::from(neg.is_some());
        if let Some(Tok::Float(f)) = self.peek_at(k) {
            let f = if neg == Some(true) { -*f } else { *f };
            self.pos += k + 1;
            if width < 4 {
                return Err(
                    self.err(self.since(start), format!("float literals need `dd` or `dq`, not `{name}`"))
                );
            }
            return Ok(DataItem::Float(f));
        }
        if !self.at_number() {
            return Err(self.expected(&format!("a number, string, label or `{{...}}` in `{name}`")));
        }
        let (v, span) = self.const_expr()?;
        Ok(DataItem::Int(self.check64(v, span)?))
    }

    fn strings(&mut self, zero: bool, name: &str, parts: &mut Vec<Span>) -> PResult<StmtKind> {
        let mut items = Vec::new();
        loop {
            let Some(Tok::Str(b)) = self.peek() else {
                return Err(self.expected(&format!("a string after `{name}`")));
            };
            let mut b = b.clone();
            if zero {
                b.push(0);
            }
            items.push(DataItem::Bytes(b));
            parts.push(self.span());
            self.pos += 1;
            if self.at_end() {
                break;
            }
            if !self.eat_punct(',') {
                return Err(self.expected("`,` or end of statement after data item"));
            }
        }
        Ok(StmtKind::Directive(Directive::Data { width: 1, items }))
    }

    fn align(&mut self, name: &str, pow2: bool) -> PResult<StmtKind> {
        if self.is_brace(0) {
            return Err(self.err_here(format!("the alignment of `{name}` must be a constant")));
        }
        let (v, span) = self.const_expr()?;
        let n = if pow2 {
            let max = MAX_ALIGN.trailing_zeros();
            if !(0..=i128::from(max)).contains(&v) {
                return Err(
                    self.err(span, format!("`{name}` exponent must be between 0 and {max}, found {v}"))
                );
            }
            1u64 << v
        } else {
            if v <= 0 {
                return Err(self.err(span, format!("alignment must be a positive integer, found {v}")));
            }
            if v > i128::from(MAX_ALIGN) {
                return Err(self.err(span, format!("alignment {v} is too large (at most {MAX_ALIGN})")));
            }
            if !(v as u64).is_power_of_two() {
                return Err(self.err(span, format!("alignment {v} is not a power of two")));
            }
            v as u64
        };
        if !self.eat_punct(',') {
            return Ok(StmtKind::Directive(Directive::Align(n)));
        }
        // NASM: `align 8, db 0xcc`; GNU: `.balign 8, 0xcc, 3`, `.p2align 4,,10`.
        let mut fill = None;
        if self.is_keyword(0, "db") {
            self.pos += 1;
            fill = Some(self.directive_value(name, "fill byte", -128, 255)? as u8);
        } else {
            if !self.is_punct(',') {
                fill = Some(self.directive_value(name, "fill byte", -128, 255)? as u8);
            }
            if self.eat_punct(',') {
                let max = self.directive_value(name, "maximum skip", 0, i128::from(MAX_ALIGN))? as u64;
                return Ok(StmtKind::Directive(Directive::AlignPad { to: n, fill, max: Some(max) }));
            }
        }
        Ok(StmtKind::Directive(Directive::AlignPad { to: n, fill, max: None }))
    }
}

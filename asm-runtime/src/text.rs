//! The run-time text front end: Intel-syntax source text -> [`ast::Program`](crate::ast::Program).
//!
//! The grammar is [`crate::syntax`], shared with the `x86!` macro; this module only splits the
//! text into lines and statements and lexes them. The syntax follows llvm-mc and NASM in Intel
//! mode; mnemonics, registers and keywords are case-insensitive, label names are not.
//!
//! * Statements are separated by newlines or `;`. `#` and `//` start a comment that runs to
//!   the end of the line.
//! * `name:` defines a label local to the program, `@name:` a label shared by every program on
//!   the same [`Assembler`]; a statement may follow on the same line (`top: dec rcx`).
//! * An instruction is an optional `lock`/`rep`/`repe`/`repz`/`repne`/`repnz` prefix, a
//!   mnemonic and comma-separated operands: registers (`rax`, `xmm17`, `ymm3`, `zmm31`, `k1`,
//!   `st(1)`, `mm2`, `fs`, `cr0`...), integers (`42`, `-1`, `0x2a`, `0b101`, `0o52`, `2ah`, `'a'`, and
//!   constant expressions with `+ - * ~ ( )`), memory references (`qword ptr fs:[rbx + rcx*8 - 16]`,
//!   `[rip + label]`, `[rel label]`, `tbyte ptr [rax]`) and, where the instruction takes a branch
//!   target, labels (`jmp short done`, `call @helper`). AVX-512 decorations follow the operand
//!   they apply to: `vaddps zmm0 {k1}{z}, zmm1, dword ptr [rax]{1to16}`; rounding is a last
//!   operand: `vaddps zmm0, zmm1, zmm2, {rn-sae}`.
//! * Directives: `db`/`dw`/`dd`/`dq` (and `.byte`, `.word`, `.short`, `.long`, `.int`,
//!   `.quad`) with integers, floats (`dd`/`dq`), strings (`db`), label addresses (`dq l`) and
//!   label differences (`dd a - b`); `.ascii`/`.asciz` strings; `align N` (also `.align` and
//!   `.balign`), `.p2align K`; `times N statement`. `.intel_syntax` (with or without
//!   `noprefix`) and `.text` are accepted and change nothing; `.att_syntax` is refused.
//!
//! ```
//! use asm_runtime::text::assemble_str;
//! assert_eq!(assemble_str("add rax, rbx").unwrap(), [0x48, 0x01, 0xd8]);
//! ```
//!
//! This module does no I/O.

use crate::asm::Assembler;
use crate::ast::Program;
use crate::error::{AsmError, Location};
use crate::syntax;

pub use crate::ast::MAX_TIMES;

/// Parses a whole source text.
///
/// Every syntax error is collected (parsing continues at the next statement); the program is
/// returned only if there is none. Whether instructions exist and accept their operands is
/// checked later, when the program is assembled.
///
/// ```
/// use asm_runtime::text::parse;
/// let p = parse("top: dec rcx; jnz top").unwrap();
/// assert_eq!(p.stmts.len(), 3);
/// let errors = parse("mov rax, [rbx\nadd rax rbx").unwrap_err();
/// assert_eq!(errors.len(), 2);
/// ```
pub fn parse(src: &str) -> Result<Program, Vec<AsmError>> {
    syntax::parse_text(src)
}

/// Parses `src`, assembles it at address 0 and returns the bytes.
///
/// The first error wins: a syntax error, then an instruction or directive error, then a
/// layout error (an undefined label, a branch out of range).
#[allow(clippy::result_large_err)] // the crate-wide error type, as everywhere in the API
pub fn assemble_str(src: &str) -> Result<Vec<u8>, AsmError> {
    let program = parse(src).map_err(|errors| {
        errors
            .into_iter()
            .next()
            .unwrap_or_else(|| AsmError::Syntax { at: Location::default(), message: "syntax error".into() })
    })?;
    let mut a = Assembler::new();
    a.assemble_program(&program)?;
    a.into_bytes(0)
}

/// The line and column (1-based) an error points at, if it has a place in `src`: the token it
/// blames, or a register inside a memory operand (the one of those it names written last).
pub fn error_position(src: &str, e: &AsmError) -> Option<(u32, u32)> {
    let at = match e {
        AsmError::Syntax { at, .. } | AsmError::Directive { at, .. } | AsmError::Instruction { at, .. } => at,
        _ => return None,
    };
    if at.line == 0 {
        return None;
    }
    let (line, col) = (at.line, at.col);
    let AsmError::Instruction { error, .. } = e else { return Some((line, col)) };
    let names: Vec<String> = error.within().iter().map(|r| r.to_string()).collect();
    if names.is_empty() {
        return Some((line, col));
    }
    let text: Vec<char> = src.split('\n').nth(line as usize - 1)?.chars().collect();
    let start = (col as usize).saturating_sub(1).min(text.len());
    // The operand runs to the next `,` outside brackets, or to the end of the statement.
    let mut depth = 0i32;
    let mut end = start;
    while end < text.len() {
        match text[end] {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            ',' if depth <= 0 => break,
            ';' | '#' => break,
            _ => {}
        }
        end += 1;
    }
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut best = None;
    let mut i = start;
    while i < end {
        if word(text[i]) && (i == 0 || !word(text[i - 1])) {
            let mut j = i;
            while j < end && word(text[j]) {
                j += 1;
            }
            let w: String = text[i..j].iter().collect::<String>().to_ascii_lowercase();
            if names.contains(&w) {
                best = Some(i);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    Some((line, best.map_or(col, |b| b as u32 + 1)))
}

/// The message of an error without its location (the statement text is not repeated).
pub fn error_message(e: &AsmError) -> String {
    let m = match e {
        AsmError::Syntax { message, .. } | AsmError::Directive { message, .. } => message.clone(),
        AsmError::Instruction { error, .. } => error.to_string(),
        other => other.to_string(),
    };
    m.replace(['\n', '\r'], " ")
}

/// An error as a compiler prints it: `NAME:line:col: error: message`, then the source line and a
/// caret under the column (only the first line when the error has no place in `src`).
///
/// ```
/// use asm_runtime::text::{parse, render_error};
/// use asm_runtime::Assembler;
/// let src = "nop\nmov rax, ebx\n";
/// let e = Assembler::new().assemble_program(&parse(src).unwrap()).unwrap_err();
/// let shown = render_error("a.s", src, &e);
/// assert!(shown.starts_with("a.s:2:10: error: `mov` has no form `r64, r32`"), "{shown}");
/// assert!(shown.ends_with("mov rax, ebx\n         ^\n"), "{shown}");
/// ```
pub fn render_error(name: &str, src: &str, e: &AsmError) -> String {
    let message = error_message(e);
    match error_position(src, e) {
        Some((line, col)) => {
            let mut out = format!("{name}:{line}:{col}: error: {message}\n");
            if let Some(text) = src.split('\n').nth(line as usize - 1) {
                let text = text.trim_end_matches('\r');
                let pad: String = text
                    .chars()
                    .take((col as usize).saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                out.push_str(&format!("{text}\n{pad}^\n"));
            }
            out
        }
        None => format!("{name}: error: {message}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{DataItem, Directive, Instr, LabelName, Span, Stmt, StmtKind};
    use crate::operand::{BranchHint, Label, Mem, Operand, Prefix, Reg, RegClass, Seg, Size};

    fn r(name: &str) -> Reg {
        Reg::from_name(name).unwrap()
    }

    fn ok(src: &str) -> Program {
        match parse(src) {
            Ok(p) => p,
            Err(e) => panic!("{src:?}: {:?}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>()),
        }
    }

    /// The operands of the only instruction of `src`.
    fn ops(src: &str) -> Vec<Operand> {
        let p = ok(src);
        match &p.stmts[..] {
            [Stmt { kind: StmtKind::Instr(i), .. }] => i.operands.clone(),
            s => panic!("{src:?}: {s:?}"),
        }
    }

    fn op(src: &str) -> Operand {
        let o = ops(src);
        assert_eq!(o.len(), 1, "{src:?}");
        o[0]
    }

    fn mem(src: &str) -> Mem {
        match op(src) {
            Operand::Mem(m) => m,
            o => panic!("{src:?}: {o:?}"),
        }
    }

    fn instr(s: &Stmt) -> &Instr {
        match &s.kind {
            StmtKind::Instr(i) => i,
            k => panic!("{k:?}"),
        }
    }

    fn data(src: &str) -> (u8, Vec<DataItem>) {
        let p = ok(src);
        match &p.stmts[..] {
            [Stmt { kind: StmtKind::Directive(Directive::Data { width, items }), .. }] => {
                (*width, items.clone())
            }
            s => panic!("{src:?}: {s:?}"),
        }
    }

    /// The first error: (line, col, statement text, message).
    fn err(src: &str) -> (u32, u32, String, String) {
        match parse(src) {
            Ok(p) => panic!("{src:?} parsed: {p:?}"),
            Err(es) => match &es[0] {
                AsmError::Syntax { at, message } => (at.line, at.col, at.text.clone(), message.clone()),
                e => panic!("{e:?}"),
            },
        }
    }

    fn msg(src: &str) -> String {
        err(src).3
    }

    fn l(i: u32) -> Label {
        Label::from_index(i)
    }

    #[test]
    fn instruction_with_registers_and_spans() {
        let p = ok("  add   rax,  RBX   # comment");
        assert_eq!(p.stmts.len(), 1);
        let s = &p.stmts[0];
        assert_eq!(s.text, "add rax, RBX");
        assert_eq!(s.span, Span { line: 1, col: 3, len: 15 });
        let i = instr(s);
        assert_eq!(
            *i,
            Instr {
                prefix: None,
                mnemonic: "add".into(),
                operands: vec![Operand::Reg(r("rax")), Operand::Reg(r("rbx"))],
                span: Span { line: 1, col: 3, len: 3 },
                operand_spans: vec![Span { line: 1, col: 9, len: 3 }, Span { line: 1, col: 15, len: 3 }],
                holes: vec![crate::ast::OperandHoles::default(); 2],
                deco: Default::default(),
                deco_spans: Default::default(),
                mask_hole: None,
            }
        );
        assert!(p.labels.is_empty());
    }

    #[test]
    fn statements_lines_and_comments() {
        let p = ok("nop; ret\n\n  // only a comment\n# another\nint3 // c\r\nud2;;");
        let texts: Vec<&str> = p.stmts.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["nop", "ret", "int3", "ud2"]);
        let lines: Vec<(u32, u32)> = p.stmts.iter().map(|s| (s.span.line, s.span.col)).collect();
        assert_eq!(lines, [(1, 1), (1, 6), (5, 1), (6, 1)]);
        assert!(ok("").stmts.is_empty());
        assert!(ok("   \n\t\n# x\n;").stmts.is_empty());
        // Comment characters inside literals are not comments.
        assert_eq!(
            data("db \"a#b//c;d\", '#'").1,
            vec![DataItem::Bytes(b"a#b//c;d".to_vec()), DataItem::Int(35)]
        );
        assert_eq!(ops("mov al, ';'")[1], Operand::Imm(59));
    }

    #[test]
    fn labels() {
        let p = ok("start:\n l1: dec rcx\n@glob: jnz l1; jmp @glob\n a: b: nop\n.L_x$1:");
        let kinds: Vec<&StmtKind> = p.stmts.iter().map(|s| &s.kind).collect();
        assert_eq!(kinds[0], &StmtKind::Label(l(0)));
        assert_eq!(kinds[1], &StmtKind::Label(l(1)));
        assert_eq!(kinds[3], &StmtKind::Label(l(2)));
        assert_eq!(instr(&p.stmts[4]).operands, vec![Operand::Label(l(1), BranchHint::Auto)]);
        assert_eq!(instr(&p.stmts[5]).operands, vec![Operand::Label(l(2), BranchHint::Auto)]);
        assert_eq!(kinds[6], &StmtKind::Label(l(3)));
        assert_eq!(kinds[7], &StmtKind::Label(l(4)));
        assert_eq!(kinds[9], &StmtKind::Label(l(5)));
        assert_eq!(
            p.labels,
            vec![
                LabelName::Local("start".into()),
                LabelName::Local("l1".into()),
                LabelName::Global("glob".into()),
                LabelName::Local("a".into()),
                LabelName::Local("b".into()),
                LabelName::Local(".L_x$1".into()),
            ]
        );
        assert_eq!(p.stmts[1].text, "l1:");
        assert_eq!(p.stmts[1].span, Span { line: 2, col: 2, len: 3 });
        assert_eq!(p.stmts[2].text, "dec rcx");
        assert_eq!(p.stmts[2].span, Span { line: 2, col: 6, len: 7 });
        assert_eq!(p.stmts[3].text, "@glob:");
        // A label used before its definition gets one index.
        let p = ok("jmp done\ndone: ret");
        assert_eq!(p.labels, vec![LabelName::Local("done".into())]);
        assert_eq!(p.stmts[1].kind, StmtKind::Label(l(0)));
        // Label names are case-sensitive; a label may be named like a mnemonic.
        assert_eq!(ok("Top: top: nop: jmp nop").labels.len(), 3);
    }

    #[test]
    fn label_errors() {
        assert_eq!(
            err("rax: nop"),
            (1, 1, "rax:".into(), "`rax` is a register and cannot be a label name".into())
        );
        assert_eq!(msg("  @: nop"), "expected a label name after `@`");
    }

    #[test]
    fn prefixes() {
        let p =
            ok("lock add qword ptr [rax], 1\nrep movsb\nREPE cmpsb\nrepz cmpsb\nrepne scasb\nrepnz scasb");
        let pre: Vec<Option<Prefix>> = p.stmts.iter().map(|s| instr(s).prefix).collect();
        use Prefix::*;
        assert_eq!(pre, [Some(Lock), Some(Rep), Some(Rep), Some(Rep), Some(Repne), Some(Repne)]);
        assert_eq!(instr(&p.stmts[1]).mnemonic, "movsb");
        assert_eq!(instr(&p.stmts[1]).span, Span { line: 2, col: 5, len: 5 });
        assert_eq!(p.stmts[1].text, "rep movsb");
        assert_eq!(msg("lock"), "expected an instruction after `lock`, found end of statement");
        assert_eq!(msg("rep, movsb"), "expected an instruction after `rep`, found `,`");
    }

    #[test]
    fn integers() {
        let cases: &[(&str, i128)] = &[
            ("42", 42),
            ("-42", -42),
            ("+7", 7),
            ("0x2A", 42),
            ("0X2a", 42),
            ("0b101", 5),
            ("0o17", 15),
            ("0ffh", 255),
            ("2AH", 42),
            ("0b1h", 0xb1),
            ("1_000", 1000),
            ("'a'", 97),
            ("'\\n'", 10),
            ("'\\t'", 9),
            ("'\\0'", 0),
            ("'\\\\'", 92),
            ("'\\''", 39),
            ("'\"'", 34),
            ("'\\x41'", 65),
            ("'é'", 233),
            ("0xffffffffffffffff", u64::MAX as i128),
            ("-0x8000000000000000", i64::MIN as i128),
            ("18446744073709551615", u64::MAX as i128),
            ("2 + 3 * 4", 14),
            ("(2 + 3) * 4", 20),
            ("10 - 2 - 3", 5),
            ("-(1 + 2)", -3),
            ("~0", -1),
            ("--5", 5),
            ("'a' + 1", 98),
            ("0x10*0x10", 256),
        ];
        for (src, v) in cases {
            assert_eq!(op(&format!("push {src}")), Operand::Imm(*v), "{src}");
        }
    }

    #[test]
    fn integer_errors() {
        assert_eq!(msg("mov rax, 0x10000000000000000"), "integer too large");
        assert_eq!(msg("mov rax, 18446744073709551616"), "integer too large");
        assert_eq!(msg("mov rax, 99999999999999999999999999999999999999999999"), "integer too large");
        assert_eq!(
            err("mov rax, -0xffffffffffffffff"),
            (1, 10, "mov rax, -0xffffffffffffffff".into(), "integer too large".into())
        );
        assert_eq!(msg("mov rax, 0xffffffffffffffff + 1"), "integer too large");
        assert_eq!(msg("mov rax, 0xffffffffffffffff * 0xffffffffffffffff"), "integer too large");
        assert_eq!(msg("mov rax, 0x"), "invalid number `0x`");
        assert_eq!(msg("mov rax, 0b102"), "invalid digit `2` in number `0b102`");
        assert_eq!(msg("mov rax, 12abc"), "invalid digit `a` in number `12abc`");
        assert_eq!(msg("mov rax, 1.5"), "a floating-point literal is only allowed in `dd` and `dq`");
        assert_eq!(msg("mov rax, (1 + 2"), "expected `)`, found end of statement");
        assert_eq!(msg("mov rax, 1 +"), "expected a number, found end of statement");
        assert_eq!(msg("mov rax, 2 + rbx"), "expected a number, found register `rbx`");
        assert_eq!(msg("mov al, ''"), "empty character literal");
        assert_eq!(msg("mov al, 'ab'"), "a character literal holds one character (use a string in `db`)");
        assert_eq!(msg("mov al, 'a"), "unterminated character literal");
        assert_eq!(msg("mov al, '"), "unterminated character literal");
        assert_eq!(msg("mov al, '\\q'"), "unknown escape `\\q`");
        assert_eq!(msg("mov rax, \"str\""), "a string is only allowed in `db`");
        let deep = format!("mov rax, {}1{}", "(".repeat(500), ")".repeat(500));
        assert_eq!(msg(&deep), "expression nested too deeply");
        let deep = format!("mov rax, {}1", "-".repeat(500));
        assert_eq!(msg(&deep), "expression nested too deeply");
    }

    #[test]
    fn unknown_symbols_and_stray_tokens() {
        assert_eq!(err("mov rax, foo"), (1, 10, "mov rax, foo".into(), "unknown register `foo`".into()));
        assert_eq!(
            err("add rax rbx"),
            (
                1,
                9,
                "add rax rbx".into(),
                "expected `,` or `;` after operand, found `rbx` (a `;` is probably missing before it)".into()
            )
        );
        assert_eq!(msg("mov rax,"), "expected an operand, found end of statement");
        assert_eq!(msg("mov rax,, rbx"), "expected an operand, found `,`");
        assert_eq!(msg("mov , rbx"), "expected an operand, found `,`");
        assert_eq!(msg("mov rax, rip"), "`rip` can only be a memory base, as in `[rip + label]`");
        // A segment register is an operand (the table decides which forms take it).
        assert_eq!(ops("mov ax, fs"), vec![Operand::Reg(r("ax")), Operand::Reg(Reg::new(RegClass::Seg, 4))]);
        assert_eq!(msg("mov rax, @g"), "a label `@g` can only be a branch target or used as `[rip + @g]`");
        assert_eq!(msg("mov rax, rbx ?"), "unexpected character `?`");
        assert_eq!(msg("42"), "expected an instruction, directive or label, found `42`");
        assert_eq!(msg(", nop"), "expected an instruction, directive or label, found `,`");
        assert_eq!(msg(".org 3"), "unknown directive `.org`");
        // The column points at the token; at the end of a statement, just past it.
        assert_eq!(
            err("nop\n  mov rax, [rbx"),
            (2, 16, "mov rax, [rbx".into(), "expected `]`, found end of statement".into())
        );
    }

    #[test]
    fn syntax_and_section_directives() {
        // GNU's header lines state what is already true, and emit nothing.
        let p = ok(".intel_syntax noprefix\n.text\nnop\n.INTEL_SYNTAX\n  .text # code\nret");
        let texts: Vec<&str> = p.stmts.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(texts, ["nop", "ret"]);
        assert_eq!(ok("top: .text\njmp top").labels, vec![LabelName::Local("top".into())]);
        assert_eq!(assemble_str(".intel_syntax noprefix\n.text\nadd rax, rbx").unwrap(), [0x48, 0x01, 0xd8]);
        assert_eq!(
            err("nop\n  .att_syntax"),
            (
                2,
                3,
                ".att_syntax".into(),
                "only Intel syntax is supported: `.att_syntax` cannot be used".into()
            )
        );
        assert_eq!(
            msg(".att_syntax noprefix"),
            "only Intel syntax is supported: `.att_syntax` cannot be used"
        );
        assert_eq!(
            msg(".intel_syntax prefix"),
            "`.intel_syntax prefix` (registers written with `%`) is not supported: use `.intel_syntax noprefix`"
        );
        assert_eq!(msg(".intel_syntax noprefix x"), "expected end of statement, found `x`");
        assert_eq!(msg(".text 4"), "expected end of statement, found `4`");
        assert_eq!(msg("times 2 .text"), "`.text` cannot be repeated with `times`");
        // Other sections and unknown directives are still errors.
        assert_eq!(msg(".data"), "unknown directive `.data`");
        assert_eq!(msg(".section .rodata"), "unknown directive `.section`");
    }

    #[test]
    fn memory_operands() {
        let rip = Reg::new(RegClass::Rip, 0);
        assert_eq!(ops("lea rax, [rbx]")[1], Operand::Mem(Mem::base(r("rbx"))));
        // The plain operand is the second one; use `inc` for one-operand memory forms.
        assert_eq!(mem("inc qword ptr [rbx + 8]"), Mem::base_disp(r("rbx"), 8).sized(Size::Qword));
        assert_eq!(mem("inc qword [rbx - 8]"), Mem::base_disp(r("rbx"), -8).sized(Size::Qword));
        assert_eq!(
            mem("inc DWORD PTR [rbx+rcx*4+16]"),
            Mem::sib(r("rbx"), r("rcx"), 4, 16).sized(Size::Dword)
        );
        assert_eq!(mem("inc byte ptr [8*rcx + rbx]"), Mem::sib(r("rbx"), r("rcx"), 8, 0).sized(Size::Byte));
        assert_eq!(
            mem("inc word ptr [rcx*2]"),
            Mem { index: Some(r("rcx")), scale: 2, size: Some(Size::Word), ..Mem::default() }
        );
        assert_eq!(mem("inc word ptr [rax + rsp]"), Mem::sib(r("rax"), r("rsp"), 1, 0).sized(Size::Word));
        assert_eq!(mem("inc word ptr [rax + r12*1]"), Mem::sib(r("rax"), r("r12"), 1, 0).sized(Size::Word));
        assert_eq!(mem("inc word ptr [rax + rcx*1]"), Mem::sib(r("rax"), r("rcx"), 1, 0).sized(Size::Word));
        assert_eq!(
            mem("inc byte ptr [0x1000]"),
            Mem { disp: 0x1000, scale: 1, size: Some(Size::Byte), ..Mem::default() }
        );
        assert_eq!(mem("inc byte ptr [-8 + rbp]"), Mem::base_disp(r("rbp"), -8).sized(Size::Byte));
        assert_eq!(mem("inc byte ptr [rbp + 4*2 - (1+1)]"), Mem::base_disp(r("rbp"), 6).sized(Size::Byte));
        assert_eq!(mem("inc byte ptr [ebx + esi]"), Mem::sib(r("ebx"), r("esi"), 1, 0).sized(Size::Byte));
        assert_eq!(
            mem("inc byte ptr [rax + 0xffffffffffffffff]"),
            Mem::base_disp(r("rax"), -1).sized(Size::Byte)
        );
        assert_eq!(
            ops("movaps xmm0, xmmword ptr [rax]")[1],
            Operand::Mem(Mem::base(r("rax")).sized(Size::Xmmword))
        );
        for (kw, s) in [("ymmword", Size::Ymmword), ("zmmword", Size::Zmmword), ("oword", Size::Xmmword)] {
            assert_eq!(mem(&format!("inc {kw} ptr [rax]")).size, Some(s));
        }
        // Segments, before or inside the brackets.
        let fs = Mem { seg: Some(Seg::Fs), disp: 0x28, scale: 1, ..Mem::default() };
        assert_eq!(ops("mov rax, fs:[0x28]")[1], Operand::Mem(fs));
        assert_eq!(ops("mov rax, qword ptr fs:[0x28]")[1], Operand::Mem(fs.sized(Size::Qword)));
        assert_eq!(ops("mov rax, [fs:0x28]")[1], Operand::Mem(fs));
        assert_eq!(mem("inc qword ptr GS:[rax]").seg, Some(Seg::Gs));
        // rip-relative, with labels.
        let p = ok("lea rax, [rip + data]\nlea rax, [rip + data + 8]\nlea rax, [rel @g]\nmov eax, [rip - 4]\nlea rax, [data + rip]");
        let m = |i: usize| match instr(&p.stmts[i]).operands[1] {
            Operand::Mem(m) => m,
            o => panic!("{o:?}"),
        };
        assert_eq!(m(0), Mem::rip_label(l(0)));
        assert_eq!(m(1), Mem { disp: 8, ..Mem::rip_label(l(0)) });
        assert_eq!(m(2), Mem::rip_label(l(1)));
        assert_eq!(m(3), Mem { base: Some(rip), disp: -4, scale: 1, ..Mem::default() });
        assert_eq!(m(4), Mem::rip_label(l(0)));
        assert_eq!(p.labels, vec![LabelName::Local("data".into()), LabelName::Global("g".into())]);
        // `rel` is a keyword only before a name.
        assert_eq!(ok("lea rax, [rip + rel]").labels, vec![LabelName::Local("rel".into())]);
        // Operand spans cover the whole operand.
        let p = ok("mov qword ptr [rax + 8], 5");
        assert_eq!(
            instr(&p.stmts[0]).operand_spans,
            vec![Span { line: 1, col: 5, len: 19 }, Span { line: 1, col: 26, len: 1 }]
        );
    }

    #[test]
    fn memory_errors() {
        assert_eq!(
            err("mov rax, [rbx + rcx*3]"),
            (1, 21, "mov rax, [rbx + rcx*3]".into(), "scale must be 1, 2, 4 or 8, found 3".into())
        );
        assert_eq!(err("mov rax, [3*rcx]").1, 11);
        assert_eq!(msg("mov rax, [rbx + rcx*0]"), "scale must be 1, 2, 4 or 8, found 0");
        assert_eq!(
            err("mov rax, [rax + rbx + rcx]"),
            (1, 23, "mov rax, [rax + rbx + rcx]".into(), "a memory operand has at most two registers".into())
        );
        assert_eq!(err("mov rax, [rax*2 + rbx*4]").1, 19);
        assert_eq!(msg("mov rax, [rax*2 + rbx*4]"), "only one register can be scaled");
        assert_eq!(msg("mov rax, [rax*rbx]"), "two registers cannot be multiplied");
        assert_eq!(err("lea rax, [rax + rsp*1]").1, 17);
        assert_eq!(msg("lea rax, [rax + rsp*1]"), "`rsp` cannot be an index register");
        assert_eq!(msg("lea eax, [2*esp]"), "`esp` cannot be an index register");
        assert_eq!(msg("mov rax, [rax - rbx]"), "a register cannot be subtracted");
        assert_eq!(
            msg("mov rax, [foo]"),
            "unknown register `foo` (a label in a memory operand needs `rip` as base, as in `[rip + foo]`)"
        );
        assert!(msg("mov rax, [rax + foo]").contains("needs `rip`"));
        assert_eq!(
            msg("mov rax, [rip - foo]"),
            "a label or `{...}` term cannot be subtracted (negate inside the braces, as in `{-x}`)"
        );
        assert_eq!(msg("mov rax, [rip + foo + bar]"), "a memory operand can refer to one label only");
        assert_eq!(msg("mov rax, [rip + foo*2]"), "a label cannot be multiplied");
        assert_eq!(msg("mov eax, [ip + 8]"), "`ip`-relative addressing is not supported; use `rip`");
        assert_eq!(msg("mov eax, [eip + rax]"), "`eip` cannot be combined with another register");
        assert_eq!(msg("mov rax, [rip*2]"), "`rip` cannot be scaled");
        assert_eq!(msg("mov rax, [rip + rax]"), "`rip` cannot be combined with another register");
        assert_eq!(msg("mov rax, [rel rax]"), "`rel` cannot be combined with registers");
        assert_eq!(msg("mov rax, []"), "empty memory operand: expected a register, number or `{...}`");
        assert_eq!(msg("mov rax, [rax"), "expected `]`, found end of statement");
        assert_eq!(
            msg("mov rax, [rax +"),
            "expected a register, number or `{...}` in memory operand, found end of statement"
        );
        assert_eq!(msg("mov rax, [rax rbx]"), "expected `+`, `-` or `]` in memory operand, found `rbx`");
        assert_eq!(msg("mov rax, rbx]"), "expected `,` or `;` after operand, found `]`");
        assert_eq!(msg("mov rax, qword ptr rbx"), "expected `[` after `qword ptr`, found `rbx`");
        assert_eq!(msg("mov rax, qword"), "expected `[` after `qword`, found end of statement");
        assert_eq!(msg("mov rax, fs:rbx"), "expected `[` or an address after `fs:`, found `rbx`");
        assert_eq!(msg("mov rax, [rax + 1.5]"), "a floating-point literal is only allowed in `dd` and `dq`");
        assert_eq!(msg("mov rax, [rax + 0x7fffffffffffffff * 4]"), "displacement too large");
    }

    #[test]
    fn branch_targets() {
        let p = ok("jmp l1\njmp short l1\nJMP NEAR l1\ncall @f\nloop l1\njnz short @f\njz rax_is_not_a_reg");
        let o: Vec<Operand> = p.stmts.iter().map(|s| instr(s).operands[0]).collect();
        assert_eq!(
            o,
            vec![
                Operand::Label(l(0), BranchHint::Auto),
                Operand::Label(l(0), BranchHint::Short),
                Operand::Label(l(0), BranchHint::Near),
                Operand::Label(l(1), BranchHint::Auto),
                Operand::Label(l(0), BranchHint::Auto),
                Operand::Label(l(1), BranchHint::Short),
                Operand::Label(l(2), BranchHint::Auto),
            ]
        );
        assert_eq!(instr(&p.stmts[1]).operand_spans, vec![Span { line: 2, col: 5, len: 8 }]);
        // Registers and memory stay what they are in branch positions.
        assert_eq!(op("jmp rax"), Operand::Reg(r("rax")));
        assert_eq!(
            op("call qword ptr [rax + 8]"),
            Operand::Mem(Mem::base_disp(r("rax"), 8).sized(Size::Qword))
        );
        assert_eq!(op("jmp [rip + table]"), Operand::Mem(Mem::rip_label(l(0))));
        // A label may be called like a keyword when it stands alone.
        assert_eq!(op("jmp short"), Operand::Label(l(0), BranchHint::Auto));
        assert_eq!(op("jmp byte"), Operand::Label(l(0), BranchHint::Auto));
        // Not a branch position: names are errors.
        assert_eq!(msg("mov rax, l1"), "unknown register `l1`");
        assert_eq!(msg("jmp short rax"), "expected a label or `{...}` after `short`, found `rax`");
        // Unknown mnemonics take names as labels; the assembler reports the mnemonic.
        assert_eq!(op("frobnicate foo"), Operand::Label(l(0), BranchHint::Auto));
    }

    #[test]
    fn data_directives() {
        assert_eq!(
            data("db 1, -1, 0xff, 'a'"),
            (1, vec![DataItem::Int(1), DataItem::Int(-1), DataItem::Int(255), DataItem::Int(97)])
        );
        assert_eq!(data("dw 0x1234").0, 2);
        assert_eq!(
            data("dd 1.5, -2.0e3, 7").1,
            vec![DataItem::Float(1.5), DataItem::Float(-2000.0), DataItem::Int(7)]
        );
        assert_eq!(data("dq 1e3, 2.5E-1").1, vec![DataItem::Float(1000.0), DataItem::Float(0.25)]);
        assert_eq!(
            data("db \"hi\\n\\t\\0\\\\\\\"\", 0").1,
            vec![DataItem::Bytes(b"hi\n\t\0\\\"".to_vec()), DataItem::Int(0)]
        );
        assert_eq!(data("db \"é\\xff\"").1, vec![DataItem::Bytes(vec![0xc3, 0xa9, 0xff])]);
        assert_eq!(data("db \"\"").1, vec![DataItem::Bytes(vec![])]);
        let p = ok("dq target, @g\ndd b - a\ndw b - a, 3\ndb a - @g");
        let items: Vec<Vec<DataItem>> = p
            .stmts
            .iter()
            .map(|s| match &s.kind {
                StmtKind::Directive(Directive::Data { items, .. }) => items.clone(),
                k => panic!("{k:?}"),
            })
            .collect();
        assert_eq!(items[0], vec![DataItem::Label(l(0)), DataItem::Label(l(1))]);
        assert_eq!(items[1], vec![DataItem::LabelDiff(l(2), l(3))]);
        assert_eq!(items[2], vec![DataItem::LabelDiff(l(2), l(3)), DataItem::Int(3)]);
        assert_eq!(items[3], vec![DataItem::LabelDiff(l(3), l(1))]);
        // GNU spellings.
        assert_eq!(data(".byte 1").0, 1);
        assert_eq!(data(".word 1").0, 2);
        assert_eq!(data(".short 1").0, 2);
        assert_eq!(data(".long 1").0, 4);
        assert_eq!(data(".int 1").0, 4);
        assert_eq!(data(".quad 1").0, 8);
        assert_eq!(
            data(".ascii \"ab\", \"c\"").1,
            vec![DataItem::Bytes(b"ab".to_vec()), DataItem::Bytes(b"c".to_vec())]
        );
        assert_eq!(data(".asciz \"ab\"").1, vec![DataItem::Bytes(b"ab\0".to_vec())]);
        assert_eq!(data("DB 5"), (1, vec![DataItem::Int(5)]));
        assert_eq!(ok("db 1").stmts[0].span, Span { line: 1, col: 1, len: 4 });
    }

    #[test]
    fn data_errors() {
        assert_eq!(msg("db"), "expected a value after `db`");
        assert_eq!(
            msg("db 1,"),
            "expected a number, string, label or `{...}` in `db`, found end of statement"
        );
        assert_eq!(msg("db 1 2"), "expected `,` or end of statement after data item, found `2`");
        assert_eq!(msg("dw \"ab\""), "strings are only allowed in `db`, not `dw`");
        assert_eq!(msg("db 1.5"), "float literals need `dd` or `dq`, not `db`");
        assert_eq!(msg("dw -1.5"), "float literals need `dd` or `dq`, not `dw`");
        assert_eq!(
            msg("dd lbl"),
            "a label address needs `dq`, not `dd` (a difference `a - b` fits any width)"
        );
        assert_eq!(msg("dq a - b + 4"), "expected `,` or end of statement after data item, found `+`");
        assert_eq!(msg("dq 1e999"), "float literal `1e999` out of range");
        assert_eq!(msg("dq 0x1_0000_0000_0000_0000"), "integer too large");
        assert_eq!(msg("db \"abc"), "unterminated string");
        assert_eq!(msg("db \"a\\qb\""), "unknown escape `\\q`");
        assert_eq!(msg(".ascii 5"), "expected a string after `.ascii`, found `5`");
        assert_eq!(msg("db rax"), "expected a value in `db`, found register `rax`");
    }

    #[test]
    fn align_and_times() {
        let dir = |src: &str| -> Vec<StmtKind> { ok(src).stmts.into_iter().map(|s| s.kind).collect() };
        assert_eq!(dir("align 16"), vec![StmtKind::Directive(Directive::Align(16))]);
        assert_eq!(dir(".align 8"), vec![StmtKind::Directive(Directive::Align(8))]);
        assert_eq!(dir(".balign 4"), vec![StmtKind::Directive(Directive::Align(4))]);
        assert_eq!(dir(".p2align 4"), vec![StmtKind::Directive(Directive::Align(16))]);
        assert_eq!(msg("align 3"), "alignment 3 is not a power of two");
        assert_eq!(msg("align 0"), "alignment must be a positive integer, found 0");
        assert_eq!(msg("align -4"), "alignment must be a positive integer, found -4");
        assert_eq!(msg("align"), "expected an alignment after `align`");
        assert_eq!(msg("align 8 8"), "expected end of statement, found `8`");
        assert_eq!(msg("align 8192"), "alignment 8192 is too large (at most 4096)");
        assert_eq!(msg(".p2align 13"), "`.p2align` exponent must be between 0 and 12, found 13");

        let p = ok("times 3 nop");
        assert_eq!(p.stmts.len(), 3);
        for s in &p.stmts {
            assert_eq!(s.text, "nop");
            assert_eq!(s.span, Span { line: 1, col: 9, len: 3 });
            assert_eq!(instr(s).mnemonic, "nop");
        }
        let p = ok("times 2 db 1, 2");
        assert_eq!(p.stmts.len(), 1);
        assert_eq!(p.stmts[0].text, "times 2 db 1, 2");
        assert_eq!(
            p.stmts[0].kind,
            StmtKind::Directive(Directive::Data {
                width: 1,
                items: vec![DataItem::Int(1), DataItem::Int(2), DataItem::Int(1), DataItem::Int(2)]
            })
        );
        assert!(ok("times 0 nop; TIMES 0 db 1").stmts.is_empty());
        assert_eq!(ok("times 2*2 ret").stmts.len(), 4);
        assert_eq!(ok("times 1000000 db 0").stmts.len(), 1);
        assert_eq!(msg("times 1000001 nop"), "repeat count must be between 0 and 1000000, found 1000001");
        assert_eq!(msg("times -1 nop"), "repeat count must be between 0 and 1000000, found -1");
        assert_eq!(msg("times"), "expected a repeat count after `times`");
        assert_eq!(msg("times 3"), "expected a statement after `times 3`, found end of statement");
        assert_eq!(msg("times 3 times 3 nop"), "nested `times` is not supported");
        assert_eq!(msg("times 3 l: nop"), "a label cannot be repeated with `times`");
        assert_eq!(msg("times 2 mov rax, foo"), "unknown register `foo`");
        let many = "times 1000000 db 0\n".repeat(3);
        assert!(msg(&many).contains("repeats too much"));
    }

    #[test]
    fn text_is_normalized() {
        let p = ok("  mov\t rax ,\t[ rbx +  8 ]   ; db  \"a  b\" ,  ' '  ");
        assert_eq!(p.stmts[0].text, "mov rax , [ rbx + 8 ]");
        assert_eq!(p.stmts[1].text, "db \"a  b\" , ' '");
    }

    #[test]
    fn every_error_is_collected() {
        let es = parse("mov rax, foo; nop\nadd rax rbx\nret\nmov [rax, 1; jmp ok").unwrap_err();
        let at: Vec<(u32, u32)> = es
            .iter()
            .map(|e| match e {
                AsmError::Syntax { at, .. } => (at.line, at.col),
                e => panic!("{e:?}"),
            })
            .collect();
        assert_eq!(at, [(1, 10), (2, 9), (4, 9)]);
        let e = &es[0];
        assert_eq!(e.to_string(), "1:10: `mov rax, foo`: unknown register `foo`");
    }

    #[test]
    fn never_panics_on_garbage() {
        const PIECES: &[&str] = &[
            "mov",
            "rax",
            "[",
            "]",
            ",",
            "+",
            "-",
            "*",
            "(",
            ")",
            ":",
            ";",
            "\n",
            " ",
            "'",
            "\"",
            "\\",
            "#",
            "//",
            "0x",
            "0xffffffffffffffffff",
            "1.5e",
            "e+",
            "9",
            "8",
            "qword",
            "ptr",
            "fs",
            ":",
            "rip",
            "rel",
            "@",
            "@x",
            "l1",
            "jmp",
            "short",
            "near",
            "times",
            "1000000",
            "db",
            "dq",
            "align",
            ".p2align",
            "~",
            "é",
            "\u{0}",
            "\u{202e}",
            "\r",
            "\t",
            "lock",
            "rep",
            "byte",
            "'a'",
            "\"s\"",
            "\\x",
            "0b",
            "0o9",
            "ffh",
            "$",
            ".",
            "call",
            "[rip+l1]",
            "rcx*8",
            "*3",
            "xmm0",
            "ah",
            "a - b",
            "999999999999999999999999999999",
        ];
        let mut rng = fastrand::Rng::with_seed(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let n = rng.usize(..12);
            let mut s = String::new();
            for _ in 0..n {
                s.push_str(PIECES[rng.usize(..PIECES.len())]);
                if rng.usize(..3) == 0 {
                    s.push(' ');
                }
            }
            let _ = parse(&s);
        }
        // Random bytes, decoded lossily, and random unicode.
        for _ in 0..5_000 {
            let n = rng.usize(..40);
            let bytes: Vec<u8> = (0..n).map(|_| rng.u64(..) as u8).collect();
            let _ = parse(&String::from_utf8_lossy(&bytes));
            let s: String = (0..n).filter_map(|_| char::from_u32((rng.u64(..) % 0x11_0000) as u32)).collect();
            let _ = parse(&s);
            let ascii: String = (0..n).map(|_| (32 + rng.usize(..95)) as u8 as char).collect();
            let _ = parse(&ascii);
        }
        // Pathological shapes.
        for s in [
            "[".repeat(10_000),
            "]".repeat(10_000),
            "(".repeat(10_000),
            format!("mov rax, {}", "-".repeat(100_000)),
            format!("mov rax, [{}]", "rax+".repeat(1000)),
            "\"".repeat(9999),
            "'".repeat(9999),
            "9".repeat(10_000),
            format!("db {}", "1,".repeat(10_000)),
            "a:".repeat(10_000),
            ";".repeat(10_000),
            "@".repeat(100),
        ] {
            let _ = parse(&s);
        }
    }

    fn deco(src: &str) -> (Vec<Operand>, crate::ast::Decorations) {
        let p = ok(src);
        let i = instr(&p.stmts[0]);
        (i.operands.clone(), i.deco)
    }

    #[test]
    fn vector_registers_and_decorations() {
        use crate::ast::{Decorations, Rounding};
        let k = |n| Some(Reg::new(RegClass::K, n));
        let (o, d) = deco("vaddps zmm31 {k1}{z}, zmm2, zmmword ptr [rax + 64]");
        assert_eq!(o[0], Operand::Reg(Reg::new(RegClass::Zmm, 31)));
        assert_eq!(d, Decorations { mask: k(1), zeroing: true, ..Decorations::default() });
        let (o, d) = deco("vaddps zmm1, zmm2, dword ptr [rax]{1to16}");
        assert!(matches!(o[2], Operand::Mem(Mem { size: Some(Size::Dword), .. })));
        assert_eq!(d.broadcast, Some(16));
        let (o, d) = deco("vaddps zmm1, zmm2, zmm3, {rn-sae}");
        assert_eq!(o.len(), 3);
        assert_eq!(d.rounding, Some(Rounding::Rn));
        assert_eq!(deco("vaddpd zmm1, zmm2, zmm3, {sae}").1.rounding, Some(Rounding::Sae));
        assert_eq!(deco("vmovdqu32 [rdi] {k7}, zmm0").1.mask, k(7));
        assert_eq!(deco("kmovw k1, edi").0[0], Operand::Reg(Reg::new(RegClass::K, 1)));
        assert_eq!(deco("vpxor ymm15, ymm14, xmm17").0[2], Operand::Reg(Reg::new(RegClass::Xmm, 17)));
        let gather = deco("vpgatherdd zmm0 {k1}, [rax + zmm1*4]").0;
        assert!(matches!(
            gather[1],
            Operand::Mem(Mem { index: Some(Reg { class: RegClass::Zmm, num: 1 }), scale: 4, .. })
        ));
        // Decorations are parts of the instruction, with spans of their own.
        let p = ok("vaddps zmm0 {k2}, zmm1, zmm2");
        assert_eq!(instr(&p.stmts[0]).deco_spans.mask, Some(Span { line: 1, col: 13, len: 4 }));
        assert_eq!(p.stmts[0].text, "vaddps zmm0 {k2}, zmm1, zmm2");
    }

    #[test]
    fn x87_registers() {
        let st = |n| Operand::Reg(Reg::new(RegClass::St, n));
        assert_eq!(ops("fadd st(0), st(3)"), vec![st(0), st(3)]);
        assert_eq!(ops("fadd st, st7"), vec![st(0), st(7)]);
        assert!(matches!(op("fld tbyte ptr [rax]"), Operand::Mem(Mem { size: Some(Size::Tbyte), .. })));
        assert!(matches!(op("fld tword ptr [rax]"), Operand::Mem(Mem { size: Some(Size::Tbyte), .. })));
        assert_eq!(
            err("fld st(8)"),
            (1, 8, "fld st(8)".into(), "`st(8)` does not exist: the x87 registers are st(0) to st(7)".into())
        );
        assert_eq!(msg("fld st(x)"), "expected a register number 0..7 in `st(...)`, found `x`");
        assert_eq!(msg("fld st(1"), "expected `)`, found end of statement");
    }

    #[test]
    fn decoration_errors_point_at_the_decoration() {
        assert_eq!(err("vaddps zmm0 {k0}, zmm1, zmm2").1, 13);
        assert_eq!(
            msg("vaddps zmm0 {k0}, zmm1, zmm2"),
            "`k0` cannot be a write mask (it means no masking); use k1..k7"
        );
        assert_eq!(
            msg("vaddps zmm0, zmm1 {k1}, zmm2"),
            "a write mask goes on the first (destination) operand"
        );
        assert_eq!(
            msg("vaddps zmm0, zmm1, zmm2 {1to16}"),
            "a broadcast `{1toN}` applies to a memory operand, not a register"
        );
        assert_eq!(
            msg("vaddps zmm0, zmm1, [rax] {1to3}"),
            "broadcast `{1to3}`: the count must be 2, 4, 8, 16 or 32"
        );
        assert_eq!(msg("vaddps zmm0 {z}{z}, zmm1, zmm2"), "`{z}` is written twice");
        assert_eq!(msg("vaddps zmm0 {k1}{k2}, zmm1, zmm2"), "only one write mask can be given");
        assert_eq!(
            msg("vaddps zmm0, zmm1, zmm2, {rn-sae}, zmm3"),
            "only an immediate can follow `{sae}` or a rounding mode"
        );
        assert_eq!(
            msg("vaddps zmm0, zmm1, {rn-sae}, zmm2, zmm3"),
            "`{rn-sae}` must be the last operand, or come just before an immediate"
        );
        assert_eq!(
            msg("vaddps zmm0, zmm1, zmm2 {rn-sae}"),
            "`{rn-sae}` is written as a last operand of its own, after a comma"
        );
        assert_eq!(
            msg("vaddps zmm0, {k1}, zmm2"),
            "decoration `{k1}` must follow an operand, without a comma"
        );
        assert!(msg("vaddps zmm0 {q}, zmm1, zmm2").starts_with("unknown decoration `{q}`"));
        assert_eq!(msg("mov rax, {x}"), "`{...}` holes are only valid inside the x86! macro");
        assert_eq!(msg("vaddps zmm0 {k1, zmm1"), "`{` without a matching `}`");
        assert_eq!(msg("nop }"), "`}` without a matching `{`");
    }
}

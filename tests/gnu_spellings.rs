//! GNU as, objdump and NASM spellings through both front ends: the `x86!` macro (where Rust
//! tokens can write them) must give the text assembler's bytes, which `tests/corpus_gcc.rs`
//! and the llvm-mc corpus check against GNU as and llvm-mc.

use asm_macro::x86;
use asm_runtime::text::assemble_str;
use asm_runtime::Assembler;

fn bytes(a: Assembler) -> Vec<u8> {
    a.assemble_at(0).expect("assembles").bytes
}

fn text(src: &str) -> Vec<u8> {
    assemble_str(src).unwrap_or_else(|e| panic!("`{src}`: {e}"))
}

#[test]
fn displacement_before_the_bracket_and_segment_addresses() {
    let m = x86!(new;
        mov dword ptr -20[rbp], edi;
        lea eax, -1[rcx];
        call [qword ptr 8[rax]];
        mov eax, dword ptr fs:0x28;
        mov rax, qword ptr fs:40;
        mov eax, ds:8;
        movsd xmm0, qword ptr 16[rsp + rax*8]
    );
    let t = text(
        "mov DWORD PTR -20[rbp], edi\nlea eax, -1[rcx]\ncall [QWORD PTR 8[rax]]\n\
         mov eax, DWORD PTR fs:0x28\nmov rax, QWORD PTR fs:40\nmov eax, ds:8\nmovsd xmm0, QWORD PTR 16[rsp+rax*8]",
    );
    assert_eq!(bytes(m), t);
    // The displacement before the bracket is the same displacement as inside it.
    assert_eq!(text("mov DWORD PTR -20[rbp], edi"), text("mov dword ptr [rbp - 20], edi"));
    assert_eq!(text("call [QWORD PTR 8[rax]]"), text("call qword ptr [rax + 8]"));
}

#[test]
fn gcc_spellings_of_other_instructions() {
    let m = x86!(new; movsx rax, ecx; rep bsf eax, ecx; rep ret);
    assert_eq!(bytes(m), text("movsx rax, ecx\nrep bsf eax, ecx\nrep ret"));
    assert_eq!(text("movsx rax, ecx"), text("movsxd rax, ecx"));
    assert_eq!(text("rep bsf eax, ecx"), text("tzcnt eax, ecx"));
    assert_eq!(text("rep bsr rax, rcx"), text("lzcnt rax, rcx"));
    // A call through the PLT is a call to the symbol.
    assert_eq!(text("call f@PLT\nf: ret"), text("call f\nf: ret"));
}

#[test]
fn prefix_words_and_padding_idioms() {
    let m = x86!(new; data16 nop; cs nop word ptr [rax + rax*1 + 0x0]; addr32 mov eax, [rax]);
    assert_eq!(bytes(m), text("data16 nop\ncs nop WORD PTR [rax+rax*1+0x0]\naddr32 mov eax, [rax]"));
    assert_eq!(text("data16 nop"), [0x66, 0x90]);
    assert_eq!(text("cs nop"), [0x2e, 0x90]);
}

#[test]
fn data_fill_and_alignment_directives() {
    let m =
        x86!(new; nop; .balign 8, 0xcc; .fill 3, 2, 0x1234; .skip 2, 0x90; .zero 2; .2byte 7; .8byte 1 << 40);
    let t =
        text("nop\n.balign 8, 0xcc\n.fill 3, 2, 0x1234\n.skip 2, 0x90\n.zero 2\n.2byte 7\n.8byte 1 << 40");
    assert_eq!(bytes(m), t);
    assert_eq!(&t[..8], [0x90, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc, 0xcc]);
    assert_eq!(&t[8..14], [0x34, 0x12, 0x34, 0x12, 0x34, 0x12]);
    assert_eq!(text("align 4, db 0x90\nret"), [0xc3]);
    assert_eq!(text("nop\nalign 4, db 0xf4\nret"), [0x90, 0xf4, 0xf4, 0xf4, 0xc3]);
    // `.p2align 4,,3` pads only when at most 3 bytes are needed.
    assert_eq!(text("nop\n.p2align 4,,3\nret").len(), 2);
    assert_eq!(text("nop\n.p2align 2,,3\nret").len(), 5);
    assert_eq!(text("resb 3\nresw 1"), [0; 5]);
}

#[test]
fn constant_expressions_with_c_precedence() {
    let m = x86!(new; add rax, (1 << 4) | 1; mov eax, 100 / 7 % 3; dq 1 << 40, 0xff & ~0xf0 ^ 1);
    assert_eq!(bytes(m), text("add rax, (1 << 4) | 1\nmov eax, 100 / 7 % 3\ndq 1 << 40, 0xff & ~0xf0 ^ 1"));
    assert_eq!(text("add rax, 1 << 4 | 1"), text("add rax, 17"));
    assert_eq!(text("mov eax, 2 + 3 * 4 << 1"), text("mov eax, 28"));
    for (src, msg) in [
        ("mov eax, 1 / 0", "division by zero"),
        ("mov rax, 1 << 200", "shift count 200 out of range"),
        ("dq (1 << 62) * 8", "integer too large"),
        ("mov eax, 017", "leading zero"),
    ] {
        let e = assemble_str(src).unwrap_err().to_string();
        assert!(e.contains(msg), "`{src}`: {e}");
    }
}

#[test]
fn implied_immediate_aliases_in_the_macro() {
    let m = x86!(new; cmpltps xmm0, xmm1; vcmpeq_uqps ymm0, ymm1, ymm2; pclmulhqlqdq xmm3, xmm4);
    assert_eq!(bytes(m), text("cmpps xmm0, xmm1, 1\nvcmpps ymm0, ymm1, ymm2, 8\npclmulqdq xmm3, xmm4, 1"));
}

#[test]
fn gnu_spellings_that_are_refused_say_why() {
    for (src, msg) in [
        ("mov edi, OFFSET FLAT:.LC0", "use `lea reg, [rip + .LC0]`"),
        ("mov eax, DWORD PTR 0x1000", "ambiguous"),
        ("mov eax, DWORD PTR .LC0", "needs `rip` as base"),
    ] {
        let e = assemble_str(src).unwrap_err().to_string();
        assert!(e.contains(msg), "`{src}`: {e}");
    }
}

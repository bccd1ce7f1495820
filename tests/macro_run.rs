//! The `x86!` macro end to end: what it assembles runs and computes the right thing, and its
//! bytes decode (with iced-x86) to the instructions written.

use asm_macro::x86;
use asm_runtime::{Assembler, Gpr32, Gpr64, Label, Xmm};
use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};

/// Decodes `bytes` with iced-x86 and formats each instruction in Intel syntax.
fn decode(bytes: &[u8]) -> Vec<String> {
    let mut d = Decoder::with_ip(64, bytes, 0, DecoderOptions::NONE);
    let mut f = IntelFormatter::new();
    let mut out = Vec::new();
    while d.can_decode() {
        let ins = d.decode();
        let mut s = String::new();
        f.format(&ins, &mut s);
        out.push(s);
    }
    out
}

fn factorial(n: i64) -> i64 {
    let mut a = Assembler::new();
    x86!(a;
        mov rcx, {n};        // a Rust expression operand, type-checked
        mov rax, 1;
    l1:
        imul rax, rcx;
        loop l1;
        ret
    );
    let code = a.finalize().expect("assembles");
    // The handle borrows `code`, so the function cannot outlive its memory.
    let f = unsafe { code.entry::<extern "sysv64" fn() -> i64>() };
    f()
}

#[test]
fn design_card_factorial_1_to_20() {
    let mut expect = 1i64;
    for n in 1..=20 {
        expect *= n;
        assert_eq!(factorial(n), expect, "factorial({n})");
    }
}

#[test]
fn new_form_evaluates_to_an_assembler() {
    let a: Assembler = x86!(new; mov eax, 3; ret);
    let code = a.finalize().unwrap();
    let f = unsafe { code.entry::<extern "sysv64" fn() -> i32>() };
    assert_eq!(f(), 3);
}

#[test]
fn static_bytes_match_the_documented_encodings() {
    let a = x86!(new; mov rax, 42);
    assert_eq!(a.assemble_at(0).unwrap().bytes, [0x48, 0xc7, 0xc0, 0x2a, 0, 0, 0]);
    let a = x86!(new; mov eax, edi; imul eax, edi; xor eax, esi; ret);
    assert_eq!(a.assemble_at(0).unwrap().bytes, [0x89, 0xf8, 0x0f, 0xaf, 0xc7, 0x31, 0xf0, 0xc3]);
}

#[test]
fn imm64_hole_picks_the_shortest_form_at_run_time() {
    for (v, len) in [
        (0i64, 7),
        (-1, 7),
        (i32::MAX as i64, 7),
        (i32::MIN as i64, 7),
        (1 << 31, 10),
        (i64::MIN, 10),
        (i64::MAX, 10),
    ] {
        let a = x86!(new; mov rcx, {v});
        let b = a.assemble_at(0).unwrap().bytes;
        assert_eq!(b.len(), len, "mov rcx, {v}");
        let text = decode(&b);
        assert_eq!(text.len(), 1);
        let a = x86!(new; mov rax, {v}; ret);
        let code = a.finalize().unwrap();
        let f = unsafe { code.entry::<extern "sysv64" fn() -> i64>() };
        assert_eq!(f(), v);
    }
}

#[test]
fn imm32_hole_uses_imm8_when_it_fits() {
    for (k, len) in [(1i32, 4usize), (-128, 4), (127, 4), (128, 6), (-129, 6), (i32::MAX, 6)] {
        let a = x86!(new; add rax, {k});
        let b = a.assemble_at(0).unwrap().bytes;
        assert_eq!(b.len(), len, "add rax, {k}: {:?}", decode(&b));
        let a = x86!(new; mov rax, rdi; add rax, {k}; ret);
        let code = a.finalize().unwrap();
        let f = unsafe { code.entry::<extern "sysv64" fn(i64) -> i64>() };
        assert_eq!(f(1000), 1000 + k as i64);
    }
}

#[test]
fn register_holes() {
    for r in [Gpr64::RCX, Gpr64::RDX, Gpr64::R8, Gpr64::R11] {
        let mut a = Assembler::new();
        x86!(a;
            mov r64{r}, rdi;
            lea rax, [r64{r} + r64{r}*2 + 5];
            ret
        );
        let code = a.finalize().unwrap();
        let f = unsafe { code.entry::<extern "sysv64" fn(i64) -> i64>() };
        assert_eq!(f(7), 26);
    }
    let r = Gpr32::R9D;
    let a = x86!(new; mov r32{r}, 5; mov eax, r32{r}; ret);
    assert_eq!(decode(&a.assemble_at(0).unwrap().bytes), ["mov r9d,5", "mov eax,r9d", "ret"]);
}

#[test]
fn memory_operand_shapes_run() {
    let data: [i64; 4] = [10, 20, 30, 40];
    let off: i32 = 16;
    let mut a = Assembler::new();
    x86!(a;
        mov rax, [rdi];
        add rax, qword ptr [rdi + 8];
        add rax, [rdi + {off}];
        mov rcx, 3;
        add rax, [rdi + rcx*8];
        ret
    );
    let code = a.finalize().unwrap();
    let f = unsafe { code.entry::<extern "sysv64" fn(*const i64) -> i64>() };
    assert_eq!(f(data.as_ptr()), 100);
}

#[test]
fn global_labels_join_invocations() {
    let mut a = Assembler::new();
    x86!(a; mov eax, 1; jmp @done);
    x86!(a; mov eax, 2; @done: ret);
    let code = a.finalize().unwrap();
    let f = unsafe { code.entry::<extern "sysv64" fn() -> i32>() };
    assert_eq!(f(), 1);
}

#[test]
fn dynamic_labels() {
    let mut a = Assembler::new();
    let skip: Label = a.new_label();
    let entry2 = a.new_label();
    x86!(a;
        mov eax, 7;
        jmp {skip};
        mov eax, 8;
    {skip}:
        ret;
    {entry2}:
        mov eax, 9;
        ret
    );
    let code = a.finalize().unwrap();
    let f = unsafe { code.entry::<extern "sysv64" fn() -> i32>() };
    assert_eq!(f(), 7);
    let g = unsafe { code.entry_at::<extern "sysv64" fn() -> i32>(entry2).unwrap() };
    assert_eq!(g(), 9);
}

#[test]
fn forward_and_backward_branches_relax() {
    let mut a = Assembler::new();
    x86!(a;
        xor eax, eax;
        mov ecx, 100;
    top:
        add eax, 2;
        dec ecx;
        jnz top;
        jmp out;
        times 200 nop;
    out:
        ret
    );
    let out = a.assemble_at(0).unwrap();
    let text = decode(&out.bytes);
    assert!(text.iter().any(|t| t.starts_with("jne") && out.bytes.contains(&0x75)), "{text:?}");
    let code = a.finalize().unwrap();
    let f = unsafe { code.entry::<extern "sysv64" fn() -> i32>() };
    assert_eq!(f(), 200);
}

extern "sysv64" fn triple(x: i64) -> i64 {
    3 * x
}

#[test]
fn calls_a_rust_function() {
    let target = triple as extern "sysv64" fn(i64) -> i64 as usize;
    let mut a = Assembler::new();
    x86!(a;
        push rbx;
        call {target};
        add rax, 1;
        pop rbx;
        ret
    );
    let code = a.finalize().unwrap();
    let f = unsafe { code.entry::<extern "sysv64" fn(i64) -> i64>() };
    assert_eq!(f(5), 16);
}

#[test]
fn data_and_constant_pool() {
    let mut a = Assembler::new();
    let k = a.const_f64(1.5);
    let k2 = a.const_f64(1.5);
    assert_eq!(k, k2, "constants are deduplicated");
    x86!(a;
        movsd xmm0, qword ptr [rip + {k}];
        addsd xmm0, qword ptr [rip + two];
        ret;
        align 8;
    two:
        dq 2.0
    );
    let code = a.finalize().unwrap();
    let f = unsafe { code.entry::<extern "sysv64" fn() -> f64>() };
    assert_eq!(f(), 3.5);
}

#[test]
fn dq_label_is_an_absolute_address() {
    let mut a = Assembler::new();
    x86!(a;
        mov rax, [rip + table];
        ret;
        align 8;
    table:
        dq table
    );
    let code = a.finalize().unwrap();
    let f = unsafe { code.entry::<extern "sysv64" fn() -> u64>() };
    let addr = f();
    // mov (7 bytes) + ret (1) puts `table` at offset 8, already aligned.
    assert_eq!(addr, code.addr() + 8);
}

#[test]
fn xmm_holes() {
    let x = Xmm::XMM3;
    let a = x86!(new; movq xmm{x}, rdi; addsd xmm{x}, xmm{x}; movq rax, xmm{x}; ret);
    let code = a.finalize().unwrap();
    let g = unsafe { code.entry::<extern "sysv64" fn(u64) -> u64>() };
    assert_eq!(f64::from_bits(g(2.25f64.to_bits())), 4.5);
}

#[test]
fn a_brace_group_where_an_operand_starts_is_a_hole_whatever_its_name() {
    // `{z}`, `{k1}` and `{(sae)}` are Rust values here; only right after an operand is a brace
    // group a decoration, and `{sae}`-style rounding operands are reserved.
    let (z, k1, sae) = (40i32, 2i32, 0i32);
    let mut a = Assembler::new();
    x86!(a;
        mov eax, {z};
        add eax, {k1};
        add eax, {(sae)};
        ret
    );
    let code = a.finalize().unwrap();
    // SAFETY: the code is a complete `fn() -> i32`.
    let f = unsafe { code.entry::<extern "sysv64" fn() -> i32>() };
    assert_eq!(f(), 42);
}

#[test]
fn constant_expressions_and_gnu_directives_in_the_macro() {
    let a = x86!(new; mov eax, (1 + 2) * 4; ret; .byte 1, 2; .ascii "ab"; .p2align 2);
    let bytes = a.assemble_at(0).unwrap().bytes;
    assert_eq!(bytes, [0xb8, 12, 0, 0, 0, 0xc3, 1, 2, b'a', b'b', 0x66, 0x90]); // a 2-byte nop pads
}

#[test]
fn holes_of_every_register_class_encode_as_the_text_assembler_does() {
    use asm_runtime::{KMask, KReg, St, Ymm, Zmm};
    let (z, y, k, m, s) = (Zmm::ZMM17, Ymm::YMM9, KReg::K3, KMask::K5, St::ST6);
    let a = x86!(new;
        vaddps zmm{z} {k{m}}{z}, zmm{z}, zmm1;
        vaddps ymm{y}, ymm{y}, ymmword ptr [rax];
        kmovw k{k}, eax;
        fld st{s};
        fadd st(0), st{s}
    );
    let mut t = Assembler::new();
    t.assemble_text(
        "vaddps zmm17 {k5}{z}, zmm17, zmm1
         vaddps ymm9, ymm9, ymmword ptr [rax]
         kmovw k3, eax
         fld st(6)
         fadd st(0), st(6)",
    )
    .unwrap();
    let bytes = a.assemble_at(0).unwrap().bytes;
    assert_eq!(bytes, t.assemble_at(0).unwrap().bytes);
    // What iced-x86 (an independent decoder) reads back: the registers the holes held.
    let text = decode(&bytes).join("; ");
    for want in
        ["zmm17{k5}{z},zmm17,zmm1", "ymm9,ymm9,[rax]", "kmovw k3,eax", "fld st,st(6)", "fadd st,st(6)"]
    {
        assert!(text.contains(want), "`{want}` not in `{text}`");
    }
}

/// Runs `f` (assembled code `fn(i64) -> i64`) on `x`.
fn run1(a: Assembler, x: i64) -> i64 {
    let code = a.finalize().unwrap();
    let f = unsafe { code.entry::<extern "sysv64" fn(i64) -> i64>() };
    f(x)
}

#[test]
fn immediate_holes_take_every_lossless_integer_type() {
    // A sign-extended imm32 (`sub r64, imm32`): i8, i16, i32, u8, u16; imm8 when the value fits.
    let (a8, b8, c16, d16, e32) = (-5i8, 200u8, -300i16, 65535u16, 100_000i32);
    let a = x86!(new; mov rax, rdi; sub rax, {a8}; sub rax, {b8}; sub rax, {c16}; sub rax, {d16}; sub rax, {e32}; ret);
    let lens: Vec<usize> = {
        let b = a.assemble_at(0).unwrap().bytes;
        let mut d = Decoder::with_ip(64, &b, 0, DecoderOptions::NONE);
        std::iter::from_fn(|| d.can_decode().then(|| d.decode().len())).collect()
    };
    assert_eq!(lens, [3, 4, 6, 6, 6, 6, 1], "-5 takes the imm8 form, 200 the imm32 one (`sub rax, imm32`)");
    assert_eq!(run1(a, 0), 5 - 200 + 300 - 65535 - 100_000);
    // `mov r64, imm64`: every integer type up to 64 bits, unsigned ones zero-extended.
    for (v, want) in [(u64::MAX, u64::MAX as i64), (1u64 << 40, 1 << 40)] {
        assert_eq!(run1(x86!(new; mov rax, {v}; ret), 0), want);
    }
    let (u, i) = (u32::MAX, i64::MIN);
    assert_eq!(run1(x86!(new; mov rax, {u}; ret), 0), u32::MAX as i64);
    assert_eq!(run1(x86!(new; mov rax, {i}; ret), 0), i64::MIN);
    // A 32-bit operation's imm32 takes a u32 too; an 8-bit one's imm8 a u8 or an i8.
    let m = 0xffff_fff0u32;
    assert_eq!(run1(x86!(new; mov eax, edi; and eax, {m}; ret), 0x1234_5678), 0x1234_5670);
    let (s, n) = (3u8, -1i8);
    assert_eq!(run1(x86!(new; mov rax, rdi; shl rax, {s}; add al, {n}; ret), 1), 7);
    // A displacement hole takes the small types as well.
    let data = [10i64, 20, 30];
    let off = 16u8;
    let a = x86!(new; mov rax, qword ptr [rdi + {off}]; ret);
    assert_eq!(run1(a, data.as_ptr() as i64), 30);
}

#[test]
fn a_literal_hole_out_of_range_is_an_error_from_finalize() {
    // A literal has no Rust type of its own: it is checked against the row at run time, and
    // a value that fits no row is an error, never a truncation.
    let a = x86!(new; add al, {300});
    let Err(e) = a.finalize() else { panic!("300 does not fit imm8") };
    assert!(e.to_string().contains("imm8 out of range: 300 does not fit in 8 bits"), "{e}");
}

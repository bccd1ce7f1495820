//! Instructions with run-time operands, as the `x86!` macro compiles them (a template plus fills,
//! see `asm_runtime::enc::spec`), against the generic run-time path (`Assembler::instr`, which
//! the differential tests check against iced-x86), over every register and a spread of values,
//! for each kind of form the macro specializes: register-register, register-immediate with its
//! short and accumulator forms, memory with base/index/displacement holes, `+r` opcodes, byte
//! registers that need REX, 16-bit operands, SSE with mandatory prefixes, VEX, x87, and branches
//! and label references. Also checks that an invalid run-time value reports the same error.

use asm_macro::x86;
use asm_runtime::{
    Assembler, BranchHint, Gpr16, Gpr64, Gpr8, Label, Mem, Operand, Reg, RegClass, Size, Xmm, Ymm,
};

const IMMS: [i64; 14] =
    [0, 1, -1, 5, 127, 128, -128, -129, 255, 0x7fff, -0x8000, 0x1234_5678, i32::MAX as i64, i32::MIN as i64];
const DISPS: [i32; 8] = [0, 8, -8, 127, 128, -128, -129, 0x12345];

fn gpr64() -> impl Iterator<Item = Gpr64> {
    (0..16).map(|n| Gpr64::from_num(n).unwrap())
}

/// The generic path's bytes for one instruction.
fn generic(mnemonic: &str, ops: &[Operand]) -> Vec<u8> {
    let mut a = Assembler::new();
    a.instr(mnemonic, ops).unwrap_or_else(|e| panic!("{mnemonic} {ops:?}: {e}"));
    a.assemble_at(0).unwrap().bytes
}

/// The bytes of an assembler whose every instruction ran its compiled template.
fn bytes(a: Assembler) -> Vec<u8> {
    assert_eq!(a.generic_emits(), 0, "an instruction took the generic path");
    a.assemble_at(0).unwrap().bytes
}

fn r64(r: Gpr64) -> Operand {
    Operand::Reg(r.into())
}

fn mem(size: Size, base: Gpr64, index: Option<Gpr64>, scale: u8, disp: i64) -> Operand {
    Operand::Mem(Mem {
        size: Some(size),
        base: Some(base.into()),
        index: index.map(Into::into),
        scale,
        disp,
        ..Mem::default()
    })
}

#[test]
fn register_register_and_immediates() {
    for d in gpr64() {
        for s in gpr64() {
            assert_eq!(bytes(x86!(new; add r64{d}, r64{s})), generic("add", &[r64(d), r64(s)]));
            assert_eq!(bytes(x86!(new; imul r64{d}, r64{s})), generic("imul", &[r64(d), r64(s)]));
            assert_eq!(bytes(x86!(new; xor r64{d}, r64{s})), generic("xor", &[r64(d), r64(s)]));
        }
        for &v in &IMMS {
            let v32 = v as i32;
            // imm8 form for small values, the rax form, the imm32 form.
            assert_eq!(
                bytes(x86!(new; add r64{d}, {v32})),
                generic("add", &[r64(d), Operand::Imm(v as i128)])
            );
            assert_eq!(
                bytes(x86!(new; cmp r64{d}, {v32})),
                generic("cmp", &[r64(d), Operand::Imm(v as i128)])
            );
            assert_eq!(bytes(x86!(new; mov r64{d}, {v})), generic("mov", &[r64(d), Operand::Imm(v as i128)]));
            let s = (v & 63) as u8;
            // shift by one has its own form.
            assert_eq!(bytes(x86!(new; shl r64{d}, {s})), generic("shl", &[r64(d), Operand::Imm(s as i128)]));
        }
        assert_eq!(
            bytes(x86!(new; push r64{d}; pop r64{d})),
            [generic("push", &[r64(d)]), generic("pop", &[r64(d)])].concat()
        );
        assert_eq!(bytes(x86!(new; inc r64{d})), generic("inc", &[r64(d)]));
        assert_eq!(bytes(x86!(new; bswap r64{d})), generic("bswap", &[r64(d)]));
        // A literal 8-byte immediate after a register hole: longer than what is left of a word.
        let big = 0x1122_3344_5566_7788_i64;
        assert_eq!(
            bytes(x86!(new; movabs r64{d}, 0x1122334455667788)),
            generic("movabs", &[r64(d), Operand::Imm(big as i128)])
        );
    }
}

#[test]
fn byte_and_word_registers() {
    for n in 0..16 {
        let (b, w) = (Gpr8::from_num(n).unwrap(), Gpr16::from_num(n).unwrap());
        let rb = Operand::Reg(Reg::new(RegClass::Gpr8, n));
        let rw = Operand::Reg(Reg::new(RegClass::Gpr16, n));
        // spl..dil need an empty REX prefix.
        assert_eq!(bytes(x86!(new; mov r8{b}, 7)), generic("mov", &[rb, Operand::Imm(7)]));
        assert_eq!(
            bytes(x86!(new; add r8{b}, cl)),
            generic("add", &[rb, Operand::Reg(Reg::new(RegClass::Gpr8, 1))])
        );
        assert_eq!(
            bytes(x86!(new; movzx eax, r8{b})),
            generic("movzx", &[Operand::Reg(Reg::new(RegClass::Gpr32, 0)), rb])
        );
        assert_eq!(bytes(x86!(new; add r16{w}, 1000)), generic("add", &[rw, Operand::Imm(1000)]));
        assert_eq!(bytes(x86!(new; add r16{w}, 10)), generic("add", &[rw, Operand::Imm(10)]));
    }
}

#[test]
fn memory_holes() {
    for b in gpr64() {
        for i in gpr64().filter(|i| *i != Gpr64::RSP) {
            for &d in &DISPS {
                assert_eq!(
                    bytes(x86!(new; lea rax, [r64{b} + r64{i}*8 + {d}])),
                    generic("lea", &[r64(Gpr64::RAX), mem(Size::Qword, b, Some(i), 8, d as i64)])
                );
                assert_eq!(
                    bytes(
                        x86!(new; mov dword ptr [r64{b} + r64{i}*4 + {d}], r32{asm_runtime::Gpr32::from_num(i.num()).unwrap()})
                    ),
                    generic(
                        "mov",
                        &[
                            mem(Size::Dword, b, Some(i), 4, d as i64),
                            Operand::Reg(Reg::new(RegClass::Gpr32, i.num()))
                        ]
                    )
                );
            }
        }
        for &d in &DISPS {
            assert_eq!(
                bytes(x86!(new; mov r64{b}, qword ptr [r64{b} + {d}])),
                generic("mov", &[r64(b), mem(Size::Qword, b, None, 1, d as i64)])
            );
            // A literal displacement plus a hole.
            assert_eq!(
                bytes(x86!(new; add qword ptr [r64{b} + 16 + {d}], 3)),
                generic("add", &[mem(Size::Qword, b, None, 1, 16 + d as i64), Operand::Imm(3)])
            );
        }
    }
}

#[test]
fn vector_and_x87_holes() {
    for n in 0..16 {
        let (x, y) = (Xmm::from_num(n).unwrap(), Ymm::from_num(n).unwrap());
        let xr = |k: u8| Operand::Reg(Reg::new(RegClass::Xmm, k));
        let yr = |k: u8| Operand::Reg(Reg::new(RegClass::Ymm, k));
        let b = Gpr64::from_num(n).unwrap();
        assert_eq!(bytes(x86!(new; addsd xmm{x}, xmm3)), generic("addsd", &[xr(n), xr(3)]));
        assert_eq!(
            bytes(x86!(new; movsd xmm{x}, qword ptr [r64{b} + 8])),
            generic("movsd", &[xr(n), mem(Size::Qword, b, None, 1, 8)])
        );
        assert_eq!(bytes(x86!(new; vaddps ymm{y}, ymm9, ymm{y})), generic("vaddps", &[yr(n), yr(9), yr(n)]));
        assert_eq!(
            bytes(x86!(new; vpshufd xmm{x}, xmm{x}, 0x1b)),
            generic("vpshufd", &[xr(n), xr(n), Operand::Imm(0x1b)])
        );
        assert_eq!(
            bytes(x86!(new; vfmadd231pd ymm1, ymm{y}, ymmword ptr [r64{b} + 32])),
            generic("vfmadd231pd", &[yr(1), yr(n), mem(Size::Ymmword, b, None, 1, 32)])
        );
    }
    for n in 0..8 {
        let st = asm_runtime::St::from_num(n).unwrap();
        let s = |k: u8| Operand::Reg(Reg::new(RegClass::St, k));
        assert_eq!(bytes(x86!(new; fadd st(0), st{st})), generic("fadd", &[s(0), s(n)]));
        assert_eq!(bytes(x86!(new; fld st{st})), generic("fld", &[s(n)]));
    }
}

#[test]
fn invalid_values_report_the_generic_error() {
    // `rsp` cannot be an index; a displacement beyond 32 bits; an immediate hole that does not fit.
    let mut a = Assembler::new();
    let (b, i) = (Gpr64::RAX, Gpr64::RSP);
    x86!(a; lea rax, [r64{b} + r64{i}*2]);
    assert_eq!(a.generic_emits(), 1);
    let e = a.finalize().unwrap_err().to_string();
    assert!(e.contains("cannot be an index register"), "{e}");
    let mut a = Assembler::new();
    let d = i32::MAX;
    x86!(a; mov rax, [rbx + 0x10 + {d}]);
    let e = a.finalize().unwrap_err().to_string();
    assert!(e.contains("does not fit 32 bits"), "{e}");
    // `[rax + rsp]` is `[rsp + rax]` (scale 1): the generic path swaps them.
    let (b, i) = (Gpr64::RAX, Gpr64::RSP);
    let a = x86!(new; mov rcx, [r64{b} + r64{i}]);
    assert_eq!(a.generic_emits(), 1);
    assert_eq!(
        a.assemble_at(0).unwrap().bytes,
        generic("mov", &[r64(Gpr64::RCX), mem(Size::Qword, Gpr64::RAX, Some(Gpr64::RSP), 1, 0)])
    );
}

#[test]
fn branches_and_label_references() {
    // Dynamic labels and local labels, backward and forward, short and relaxed to near: the same
    // bytes as the text assembler's.
    for pad in [0usize, 200] {
        let mut a = Assembler::new();
        let (top, end) = (a.new_label(), a.new_label());
        let p = pad as u32;
        x86!(a; {top}: mov eax, {p}; l1: jne {top}; jmp l1; call {end});
        for _ in 0..pad {
            x86!(a; nop);
        }
        x86!(a; jne {end}; jmp {top}; loop l2; l2: {end}: ret; lea rax, [rip + {top}]; jmp short l3; l3: ret);
        let text = format!(
            "top: mov eax, {pad}\nl1: jne top\njmp l1\ncall end\n{}jne end\njmp top\nloop l2\nl2:\nend: ret\nlea rax, [rip + top]\njmp short l3\nl3: ret",
            "nop\n".repeat(pad)
        );
        let want = asm_runtime::text::assemble_str(&text).unwrap();
        assert_eq!(bytes(a), want, "pad {pad}");
    }
    // A target hole that is an address, and a label of committed code, take the generic path.
    let mut a = Assembler::new();
    let t = asm_runtime::Target::Addr(0x1000);
    x86!(a; call {t}; jmp {t});
    assert_eq!(a.generic_emits(), 1, "the jmp to an address is generic");
    let mut g = Assembler::new();
    g.instr("call", &[Operand::Abs(0x1000)]).unwrap();
    g.instr("jmp", &[Operand::Abs(0x1000)]).unwrap();
    assert_eq!(a.assemble_at(0x2000).unwrap().bytes, g.assemble_at(0x2000).unwrap().bytes);
    let _ = (Label::from_index(0), BranchHint::Auto);
}

#[test]
fn evex_holes_with_constant_decorations() {
    use asm_runtime::ast::Decorations;
    use asm_runtime::Zmm;
    let z = |k: u8| Operand::Reg(Reg::new(RegClass::Zmm, k));
    let masked =
        Decorations { mask: Some(Reg::new(RegClass::K, 1)), zeroing: true, ..Decorations::default() };
    for n in 0..32 {
        let r = Zmm::from_num(n).unwrap();
        let b = Gpr64::from_num(n % 16).unwrap();
        let deco = |d: &Decorations, ops: &[Operand]| {
            let mut a = Assembler::new();
            a.instr_deco(None, "vaddps", ops, d).unwrap();
            a.assemble_at(0).unwrap().bytes
        };
        assert_eq!(
            bytes(x86!(new; vaddps zmm{r}, zmm{r}, zmm17)),
            deco(&Decorations::default(), &[z(n), z(n), z(17)])
        );
        for &d in &DISPS {
            // disp8*N: a multiple of 64 in range is compressed.
            let d64 = d * 64;
            assert_eq!(
                bytes(x86!(new; vaddps zmm{r} {k1}{z}, zmm3, zmmword ptr [r64{b} + {d64}])),
                deco(&masked, &[z(n), z(3), mem(Size::Zmmword, b, None, 1, d64 as i64)])
            );
        }
    }
}

#[test]
fn branches_inside_runs_of_compiled_instructions() {
    // A label reference right after a compiled instruction joins its run: a branch back to a
    // settled label, a forward branch (which leaves the run for the layout), calls both ways and
    // `[rip + label]`, with and without the listing (which takes the out-of-run path).
    let r = Gpr64::R9;
    for listing in [false, true] {
        for pad in [0usize, 300] {
            let mut a = Assembler::new();
            a.set_listing(listing);
            let (top, end) = (a.new_label(), a.new_label());
            x86!(a; {top}: nop);
            for _ in 0..pad {
                x86!(a; nop);
            }
            x86!(a;
                add r64{r}, 1; jne {top};
                add r64{r}, 2; call {top};
                add r64{r}, 3; call {end};
                add r64{r}, 4; lea rax, [rip + {top}];
                add r64{r}, 5; jmp {end};
                add r64{r}, 6; loop {top}
            );
            x86!(a; {end}: ret);
            let text = format!(
                "top: nop\n{}add r9, 1\njne top\nadd r9, 2\ncall top\nadd r9, 3\ncall end\nadd r9, 4\nlea rax, [rip + top]\nadd r9, 5\njmp end\nadd r9, 6\nloop top\nend: ret",
                "nop\n".repeat(pad)
            );
            let want = asm_runtime::text::assemble_str(&text);
            // `loop` reaches only 127 bytes back: with the padding it is an error both ways.
            match (a.assemble_at(0), want) {
                (Ok(got), Ok(want)) => assert_eq!(got.bytes, want, "listing {listing}, pad {pad}"),
                // The same error; a dynamic label has no name to print.
                (Err(g), Err(w)) => assert_eq!(
                    g.to_string().replace("`<label #0>`", "`top`"),
                    w.to_string(),
                    "listing {listing}, pad {pad}"
                ),
                (g, w) => panic!("listing {listing}, pad {pad}: {g:?} vs {w:?}"),
            }
            assert_eq!(a.generic_emits(), 0);
        }
    }
}

#[test]
fn forward_references_waiting_in_the_label() {
    // The first forward field to a label waits in its slot, the next ones are fixups; binding it
    // with or without a relaxable branch in between writes them all.
    let r = Gpr64::R10;
    for relax in [false, true] {
        let mut a = Assembler::new();
        let (end, other) = (a.new_label(), a.new_label());
        x86!(a; add r64{r}, 1; call {end}; lea rax, [rip + {end}]; call {end});
        if relax {
            x86!(a; jne {other}; {other}: nop);
        }
        x86!(a; {end}: ret);
        // Decoded by iced-x86: every field points at the `ret`.
        let out = a.assemble_at(0x1000).unwrap();
        let target = 0x1000 + out.labels[end.index() as usize].unwrap() as u64;
        assert_eq!(out.bytes[target as usize - 0x1000], 0xC3, "relax {relax}");
        let mut d = iced_x86::Decoder::with_ip(64, &out.bytes, 0x1000, iced_x86::DecoderOptions::NONE);
        let mut fields = 0;
        for i in d.iter() {
            match i.mnemonic() {
                iced_x86::Mnemonic::Call => assert_eq!(i.near_branch_target(), target, "relax {relax}: {i}"),
                iced_x86::Mnemonic::Lea => {
                    assert_eq!(i.memory_displacement64(), target, "relax {relax}: {i}")
                }
                _ => continue,
            }
            fields += 1;
        }
        assert_eq!(fields, 3, "relax {relax}");
    }
    // A reference to a label that is never bound is an error naming it, not a zero field.
    let mut a = Assembler::new();
    let never = a.global_label("never");
    x86!(a; add r64{r}, 1; call {never}; ret);
    let e = a.assemble_at(0).unwrap_err().to_string();
    assert!(e.contains("never"), "{e}");
}

#[test]
fn random_label_references_reach_their_labels() {
    // Random sequences of forward and backward references (calls, relaxable jumps and jccs,
    // `[rip + l]`), inside runs of compiled instructions and alone, with padding that pushes
    // distances past rel8 and labels bound in between: iced-x86 decodes every reference and
    // its target must be its label's offset. Both ways of taking the bytes, and the listing.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let r = Gpr64::R11;
    for round in 0..60 {
        let listing = round % 3 == 2;
        let mut a = Assembler::new();
        a.set_listing(listing);
        let labels: Vec<Label> = (0..6).map(|_| a.new_label()).collect();
        let mut bound = [false; 6];
        let mut refs = Vec::new();
        for _ in 0..40 {
            let l = next(6) as usize;
            let t = labels[l];
            let in_run = next(2) == 0;
            if in_run {
                x86!(a; add r64{r}, 1);
            }
            match next(7) {
                0 => x86!(a; call {t}),
                1 => x86!(a; jmp {t}),
                2 => x86!(a; jne {t}),
                3 => x86!(a; lea rax, [rip + {t}]),
                4 if !bound[l] => {
                    x86!(a; {t}:);
                    bound[l] = true;
                    continue;
                }
                _ => {
                    for _ in 0..next(90) {
                        x86!(a; nop);
                    }
                    continue;
                }
            }
            refs.push(l);
        }
        for (l, b) in bound.iter().enumerate() {
            if !b {
                let t = labels[l];
                x86!(a; {t}: nop);
            }
        }
        x86!(a; ret);
        let out = a.assemble_at(0x1000).unwrap();
        let offsets: Vec<u64> =
            labels.iter().map(|l| 0x1000 + out.labels[l.index() as usize].unwrap() as u64).collect();
        let mut d = iced_x86::Decoder::with_ip(64, &out.bytes, 0x1000, iced_x86::DecoderOptions::NONE);
        let mut k = 0;
        for i in d.iter() {
            let target = match i.mnemonic() {
                iced_x86::Mnemonic::Call | iced_x86::Mnemonic::Jmp | iced_x86::Mnemonic::Jne => {
                    i.near_branch_target()
                }
                iced_x86::Mnemonic::Lea => i.memory_displacement64(),
                _ => continue,
            };
            assert!(k < refs.len(), "round {round}: more references decoded than written");
            assert_eq!(target, offsets[refs[k]], "round {round}, reference {k}: {i}");
            k += 1;
        }
        assert_eq!(k, refs.len(), "round {round}");
        assert_eq!(a.generic_emits(), 0, "round {round}");
        assert_eq!(a.into_bytes(0x1000).unwrap(), out.bytes, "round {round}");
    }
}

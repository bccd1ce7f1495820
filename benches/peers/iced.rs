//! The workload with iced-x86's `CodeAssembler`. It has one kind of label (created per block),
//! so variants (a) and (b), and (c) and (d), are the same code for it; a label at the end of
//! a block needs `zero_bytes()` to stand on. Its `mov r64, imm` is always the 10-byte form.

use iced_x86::code_asm::*;

use crate::params::Params;
use crate::Variant;

const R64: [AsmRegister64; 16] =
    [rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15];
const R32: [AsmRegister32; 16] =
    [eax, ecx, edx, ebx, esp, ebp, esi, edi, r8d, r9d, r10d, r11d, r12d, r13d, r14d, r15d];

fn literal(a: &mut CodeAssembler) -> Result<(), IcedError> {
    let mut top = a.create_label();
    let mut done = a.create_label();
    a.set_label(&mut top)?;
    a.mov(r9, -0x12345678i64)?;
    a.mov(r10, rbx)?;
    a.add(r10, r9)?;
    a.sub(r11, 16)?;
    a.imul_2(r12, r10)?;
    a.lea(r13, ptr(rsi + r14 * 8 + 24))?;
    a.mov(rax, qword_ptr(r15 + 0x12345))?;
    a.mov(dword_ptr(rdi + r8 * 4 + 8), ecx)?;
    a.xor(rdx, r13)?;
    a.shl(r12, 3)?;
    a.cmp(r9, 0x10000)?;
    a.jne(top)?;
    a.inc(r14)?;
    a.push(r15)?;
    a.pop(rbx)?;
    a.call(done)?;
    a.set_label(&mut done)?;
    a.zero_bytes()
}

fn runtime(a: &mut CodeAssembler, p: &Params) -> Result<(), IcedError> {
    let [r0, r1, r2, r3, r4, r5, r6, r7] = p.r.map(|n| R64[n as usize]);
    let (r7d, b0, b1) = (R32[p.r[7] as usize], R64[p.b[0] as usize], R64[p.b[1] as usize]);
    let (i0, i1) = (R64[p.i[0] as usize], R64[p.i[1] as usize]);
    let mut top = a.create_label();
    let mut done = a.create_label();
    a.set_label(&mut top)?;
    a.mov(r0, i64::from(p.imm))?;
    a.mov(r1, r2)?;
    a.add(r1, r0)?;
    a.sub(r3, i32::from(p.imm8))?;
    a.imul_2(r4, r1)?;
    a.lea(r5, ptr(b0 + i0 * 8 + i32::from(p.d8[0])))?;
    a.mov(r6, qword_ptr(b1 + p.d32))?;
    a.mov(dword_ptr(b0 + i1 * 4 + i32::from(p.d8[1])), r7d)?;
    a.xor(r7, r5)?;
    a.shl(r4, i32::from(p.sh))?;
    a.cmp(r0, p.cmp)?;
    a.jne(top)?;
    a.inc(r3)?;
    a.push(r2)?;
    a.pop(r6)?;
    a.call(done)?;
    a.set_label(&mut done)?;
    a.zero_bytes()
}

fn fill(a: &mut CodeAssembler, v: Variant, blocks: &[Params]) -> Result<(), IcedError> {
    for p in blocks {
        match v {
            Variant::Literal | Variant::LiteralDyn => literal(a)?,
            Variant::Runtime | Variant::RuntimeDyn => runtime(a, p)?,
        }
    }
    Ok(())
}

fn assemble(v: Variant, blocks: &[Params]) -> Vec<u8> {
    let mut a = CodeAssembler::new(64).expect("64-bit");
    fill(&mut a, v, blocks).expect("valid instructions");
    a.assemble(0).expect("assembles")
}

macro_rules! fresh {
    ($v:expr) => {
        |blocks: &[Params], per: usize, n: usize| {
            blocks.chunks(per).take(n).map(|c| assemble($v, c).len()).sum()
        }
    };
}

/// The workload, a fresh `CodeAssembler` for every assembly.
pub fn emit(v: Variant) -> crate::Emit {
    match v {
        Variant::Literal => fresh!(Variant::Literal),
        Variant::LiteralDyn => fresh!(Variant::LiteralDyn),
        Variant::Runtime => fresh!(Variant::Runtime),
        Variant::RuntimeDyn => fresh!(Variant::RuntimeDyn),
    }
}

/// The bytes of `blocks`, for the cross-check of the instructions.
pub fn some_blocks(v: Variant, blocks: &[Params]) -> Vec<u8> {
    assemble(v, blocks)
}

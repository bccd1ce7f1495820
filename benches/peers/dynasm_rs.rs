//! The workload with dynasm-rs: `VecAssembler` for bytes, local labels `top:`/`<top`, dynamic
//! labels `=>label` from `new_dynamic_label`, dynamic registers `Rq(n)`/`Rd(n)`, and
//! `BYTE`/`DWORD` where a run-time immediate or displacement needs its size.

// dynasm! converts each `Rq(n)` argument with `.into()`, also when it is already a `u8`.
#![allow(clippy::useless_conversion)]

use dynasmrt::x64::X64Relocation;
use dynasmrt::{dynasm, DynasmApi, DynasmLabelApi, VecAssembler};

use crate::params::Params;
use crate::Variant;

type Ops = VecAssembler<X64Relocation>;

fn literal(ops: &mut Ops) {
    dynasm!(ops
        ; .arch x64
        ; top:
        ; mov r9, -0x12345678
        ; mov r10, rbx
        ; add r10, r9
        ; sub r11, 16
        ; imul r12, r10
        ; lea r13, [rsi + r14*8 + 24]
        ; mov rax, QWORD [r15 + 0x12345]
        ; mov DWORD [rdi + r8*4 + 8], ecx
        ; xor rdx, r13
        ; shl r12, 3
        ; cmp r9, 0x10000
        ; jne <top
        ; inc r14
        ; push r15
        ; pop rbx
        ; call >done
        ; done:
    );
}

fn literal_dyn(ops: &mut Ops) {
    let top = ops.new_dynamic_label();
    let done = ops.new_dynamic_label();
    dynasm!(ops
        ; .arch x64
        ; =>top
        ; mov r9, -0x12345678
        ; mov r10, rbx
        ; add r10, r9
        ; sub r11, 16
        ; imul r12, r10
        ; lea r13, [rsi + r14*8 + 24]
        ; mov rax, QWORD [r15 + 0x12345]
        ; mov DWORD [rdi + r8*4 + 8], ecx
        ; xor rdx, r13
        ; shl r12, 3
        ; cmp r9, 0x10000
        ; jne =>top
        ; inc r14
        ; push r15
        ; pop rbx
        ; call =>done
        ; =>done
    );
}

fn runtime(ops: &mut Ops, p: &Params) {
    let [r0, r1, r2, r3, r4, r5, r6, r7] = p.r;
    let ([b0, b1], [i0, i1]) = (p.b, p.i);
    let (imm, imm8, d8a, d8b, d32, sh, cmp) = (p.imm, p.imm8, p.d8[0], p.d8[1], p.d32, p.sh as i8, p.cmp);
    dynasm!(ops
        ; .arch x64
        ; top:
        ; mov Rq(r0), DWORD imm
        ; mov Rq(r1), Rq(r2)
        ; add Rq(r1), Rq(r0)
        ; sub Rq(r3), BYTE imm8
        ; imul Rq(r4), Rq(r1)
        ; lea Rq(r5), [BYTE Rq(b0) + Rq(i0)*8 + d8a]
        ; mov Rq(r6), QWORD [Rq(b1) + d32]
        ; mov DWORD [BYTE Rq(b0) + Rq(i1)*4 + d8b], Rd(r7)
        ; xor Rq(r7), Rq(r5)
        ; shl Rq(r4), BYTE sh
        ; cmp Rq(r0), DWORD cmp
        ; jne <top
        ; inc Rq(r3)
        ; push Rq(r2)
        ; pop Rq(r6)
        ; call >done
        ; done:
    );
}

fn runtime_dyn(ops: &mut Ops, p: &Params) {
    let [r0, r1, r2, r3, r4, r5, r6, r7] = p.r;
    let ([b0, b1], [i0, i1]) = (p.b, p.i);
    let (imm, imm8, d8a, d8b, d32, sh, cmp) = (p.imm, p.imm8, p.d8[0], p.d8[1], p.d32, p.sh as i8, p.cmp);
    let top = ops.new_dynamic_label();
    let done = ops.new_dynamic_label();
    dynasm!(ops
        ; .arch x64
        ; =>top
        ; mov Rq(r0), DWORD imm
        ; mov Rq(r1), Rq(r2)
        ; add Rq(r1), Rq(r0)
        ; sub Rq(r3), BYTE imm8
        ; imul Rq(r4), Rq(r1)
        ; lea Rq(r5), [BYTE Rq(b0) + Rq(i0)*8 + d8a]
        ; mov Rq(r6), QWORD [Rq(b1) + d32]
        ; mov DWORD [BYTE Rq(b0) + Rq(i1)*4 + d8b], Rd(r7)
        ; xor Rq(r7), Rq(r5)
        ; shl Rq(r4), BYTE sh
        ; cmp Rq(r0), DWORD cmp
        ; jne =>top
        ; inc Rq(r3)
        ; push Rq(r2)
        ; pop Rq(r6)
        ; call =>done
        ; =>done
    );
}

fn fill(ops: &mut Ops, v: Variant, blocks: &[Params]) {
    for p in blocks {
        match v {
            Variant::Literal => literal(ops),
            Variant::LiteralDyn => literal_dyn(ops),
            Variant::Runtime => runtime(ops, p),
            Variant::RuntimeDyn => runtime_dyn(ops, p),
        }
    }
}

macro_rules! fresh {
    ($v:expr) => {
        |blocks: &[Params], per: usize, n: usize| {
            let mut total = 0;
            for chunk in blocks.chunks(per).take(n) {
                let mut ops = Ops::new(0);
                fill(&mut ops, $v, chunk);
                total += ops.finalize().expect("assembles").len();
            }
            total
        }
    };
}

/// The workload, a fresh `VecAssembler` for every assembly.
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
    let mut ops = Ops::new(0);
    fill(&mut ops, v, blocks);
    ops.finalize().expect("assembles")
}

/// 10,000 live functions, each in its own `ExecutableBuffer` (dynasm-rs maps memory per
/// assembler), finalized and called once.
pub fn functions() -> Vec<dynasmrt::ExecutableBuffer> {
    (0..crate::FUNCTIONS as i64)
        .map(|i| {
            let mut ops = dynasmrt::x64::Assembler::new().expect("assembler");
            let start = ops.offset();
            dynasm!(ops; .arch x64; mov rax, QWORD i; add rax, rdi; ret);
            let buf = ops.finalize().expect("finalizes");
            // SAFETY: the code at `start` is a complete `fn(i64) -> i64` under System V.
            let f: extern "sysv64" fn(i64) -> i64 = unsafe { std::mem::transmute(buf.ptr(start)) };
            assert_eq!(f(1), i + 1);
            buf
        })
        .collect()
}

/// Assembles a loop factorial, finalizes it, calls it and drops it; returns its length.
pub fn factorial_cycle() -> usize {
    let mut ops = dynasmrt::x64::Assembler::new().expect("assembler");
    let start = ops.offset();
    dynasm!(ops
        ; .arch x64
        ; mov rcx, rdi
        ; mov eax, 1
        ; again:
        ; imul rax, rcx
        ; dec rcx
        ; jnz <again
        ; ret
    );
    let buf = ops.finalize().expect("finalizes");
    // SAFETY: the code at `start` is a complete `fn(i64) -> i64` under System V.
    let f: extern "sysv64" fn(i64) -> i64 = unsafe { std::mem::transmute(buf.ptr(start)) };
    assert_eq!(f(std::hint::black_box(10)), 3_628_800);
    buf.len()
}

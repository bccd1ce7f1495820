//! The workload written with `x86!`, as the README shows it: `{expr}` holes, `r64{reg}`
//! register holes, memory holes, dynamic labels, `Assembler::clear()` for reuse.

use asm_macro::x86;
use asm_runtime::{Assembler, ExecBuffer, Gpr32, Gpr64};

use crate::params::Params;
use crate::Variant;

fn r64(n: u8) -> Gpr64 {
    Gpr64::from_num(n).expect("register number below 16")
}

fn r32(n: u8) -> Gpr32 {
    Gpr32::from_num(n).expect("register number below 16")
}

fn literal(a: &mut Assembler) {
    x86!(a;
    top:
        mov r9, -0x12345678;
        mov r10, rbx;
        add r10, r9;
        sub r11, 16;
        imul r12, r10;
        lea r13, [rsi + r14*8 + 24];
        mov rax, qword ptr [r15 + 0x12345];
        mov dword ptr [rdi + r8*4 + 8], ecx;
        xor rdx, r13;
        shl r12, 3;
        cmp r9, 0x10000;
        jne top;
        inc r14;
        push r15;
        pop rbx;
        call done;
    done:
    );
}

fn literal_dyn(a: &mut Assembler) {
    let top = a.new_label();
    let done = a.new_label();
    x86!(a;
    {top}:
        mov r9, -0x12345678;
        mov r10, rbx;
        add r10, r9;
        sub r11, 16;
        imul r12, r10;
        lea r13, [rsi + r14*8 + 24];
        mov rax, qword ptr [r15 + 0x12345];
        mov dword ptr [rdi + r8*4 + 8], ecx;
        xor rdx, r13;
        shl r12, 3;
        cmp r9, 0x10000;
        jne {top};
        inc r14;
        push r15;
        pop rbx;
        call {done};
    {done}:
    );
}

fn runtime(a: &mut Assembler, p: &Params) {
    let [r0, r1, r2, r3, r4, r5, r6, r7] = p.r.map(r64);
    let (r7d, b0, b1, i0, i1) = (r32(p.r[7]), r64(p.b[0]), r64(p.b[1]), r64(p.i[0]), r64(p.i[1]));
    let (imm, imm8, d8a, d8b, d32, sh, cmp) = (p.imm, p.imm8, p.d8[0], p.d8[1], p.d32, p.sh, p.cmp);
    x86!(a;
    top:
        mov r64{r0}, {imm};
        mov r64{r1}, r64{r2};
        add r64{r1}, r64{r0};
        sub r64{r3}, {imm8};
        imul r64{r4}, r64{r1};
        lea r64{r5}, [r64{b0} + r64{i0}*8 + {d8a}];
        mov r64{r6}, qword ptr [r64{b1} + {d32}];
        mov dword ptr [r64{b0} + r64{i1}*4 + {d8b}], r32{r7d};
        xor r64{r7}, r64{r5};
        shl r64{r4}, {sh};
        cmp r64{r0}, {cmp};
        jne top;
        inc r64{r3};
        push r64{r2};
        pop r64{r6};
        call done;
    done:
    );
}

fn runtime_dyn(a: &mut Assembler, p: &Params) {
    let [r0, r1, r2, r3, r4, r5, r6, r7] = p.r.map(r64);
    let (r7d, b0, b1, i0, i1) = (r32(p.r[7]), r64(p.b[0]), r64(p.b[1]), r64(p.i[0]), r64(p.i[1]));
    let (imm, imm8, d8a, d8b, d32, sh, cmp) = (p.imm, p.imm8, p.d8[0], p.d8[1], p.d32, p.sh, p.cmp);
    let top = a.new_label();
    let done = a.new_label();
    x86!(a;
    {top}:
        mov r64{r0}, {imm};
        mov r64{r1}, r64{r2};
        add r64{r1}, r64{r0};
        sub r64{r3}, {imm8};
        imul r64{r4}, r64{r1};
        lea r64{r5}, [r64{b0} + r64{i0}*8 + {d8a}];
        mov r64{r6}, qword ptr [r64{b1} + {d32}];
        mov dword ptr [r64{b0} + r64{i1}*4 + {d8b}], r32{r7d};
        xor r64{r7}, r64{r5};
        shl r64{r4}, {sh};
        cmp r64{r0}, {cmp};
        jne {top};
        inc r64{r3};
        push r64{r2};
        pop r64{r6};
        call {done};
    {done}:
    );
}

fn fill(a: &mut Assembler, v: Variant, blocks: &[Params]) {
    for p in blocks {
        match v {
            Variant::Literal => literal(a),
            Variant::LiteralDyn => literal_dyn(a),
            Variant::Runtime => runtime(a, p),
            Variant::RuntimeDyn => runtime_dyn(a, p),
        }
    }
}

/// Lays the code out into bytes in `out` (no executable memory, like the peers' byte outputs),
/// keeping the assembler and the buffer for the next assembly.
fn bytes(a: &Assembler, out: &mut Vec<u8>) -> usize {
    a.assemble_into(0, out).expect("assembles");
    out.len()
}

/// The bytes of an assembler that is done with (like dynasm-rs's consuming `finalize`).
fn into_bytes(a: Assembler) -> usize {
    a.into_bytes(0).expect("assembles").len()
}

macro_rules! reuse {
    ($v:expr) => {
        |blocks: &[Params], per: usize, n: usize| {
            let (mut a, mut out) = (Assembler::new(), Vec::new());
            let mut total = 0;
            for chunk in blocks.chunks(per).take(n) {
                a.clear();
                fill(&mut a, $v, chunk);
                total += bytes(&a, &mut out);
            }
            total
        }
    };
}

macro_rules! fresh {
    ($v:expr) => {
        |blocks: &[Params], per: usize, n: usize| {
            let mut total = 0;
            for chunk in blocks.chunks(per).take(n) {
                let mut a = Assembler::new();
                fill(&mut a, $v, chunk);
                total += into_bytes(a);
            }
            total
        }
    };
}

/// The workload, one assembler reused with `clear()` between assemblies, its bytes laid out
/// into one reused buffer.
pub fn emit(v: Variant) -> crate::Emit {
    match v {
        Variant::Literal => reuse!(Variant::Literal),
        Variant::LiteralDyn => reuse!(Variant::LiteralDyn),
        Variant::Runtime => reuse!(Variant::Runtime),
        Variant::RuntimeDyn => reuse!(Variant::RuntimeDyn),
    }
}

/// The workload, a fresh `Assembler::new()` for every assembly.
pub fn emit_fresh(v: Variant) -> crate::Emit {
    match v {
        Variant::Literal => fresh!(Variant::Literal),
        Variant::LiteralDyn => fresh!(Variant::LiteralDyn),
        Variant::Runtime => fresh!(Variant::Runtime),
        Variant::RuntimeDyn => fresh!(Variant::RuntimeDyn),
    }
}

/// The bytes of `blocks`, for the cross-check of the instructions.
pub fn some_blocks(v: Variant, blocks: &[Params]) -> Vec<u8> {
    let mut a = Assembler::new();
    fill(&mut a, v, blocks);
    a.assemble_at(0).expect("assembles").bytes
}

/// 10,000 live functions `mov rax, imm; add rax, rdi; ret`, each finalized and called once.
pub fn functions() -> Vec<ExecBuffer> {
    (0..crate::FUNCTIONS as i64)
        .map(|i| {
            let a = x86!(new; mov rax, {i}; add rax, rdi; ret);
            let code = a.finalize().expect("finalizes");
            // SAFETY: the code is a complete `fn(i64) -> i64` under the System V ABI.
            let f = unsafe { code.entry::<extern "sysv64" fn(i64) -> i64>() };
            assert_eq!(f(1), i + 1);
            code
        })
        .collect()
}

/// Assembles a loop factorial, finalizes it, calls it and drops it; returns its length.
pub fn factorial_cycle() -> usize {
    let mut a = Assembler::new();
    x86!(a;
        mov rcx, rdi;
        mov eax, 1;
    again:
        imul rax, rcx;
        dec rcx;
        jnz again;
        ret
    );
    let code = a.finalize().expect("finalizes");
    // SAFETY: the code is a complete `fn(i64) -> i64` under the System V ABI.
    let f = unsafe { code.entry::<extern "sysv64" fn(i64) -> i64>() };
    assert_eq!(f(std::hint::black_box(10)), 3_628_800);
    code.len()
}

//! Side-by-side benchmarks against dynasm-rs and iced-x86, in one run.
//!
//! * `emit/*`: assembling a typical 14-instruction loop kernel into bytes.
//! * `jit_10k/*`: creating 10,000 small functions (`mov rax, imm; add rax, rdi; ret`),
//!   finalizing and calling each once — our pooled W^X allocator against one mmap per function
//!   (what dynasm-rs's `ExecutableBuffer` does). Resident memory for 10,000 live functions is
//!   measured outside the timing loop and printed with the ratio.
//!
//! Run with `cargo bench --bench emit`; the README's table is copied from its output.

use std::hint::black_box;

use asm_macro::x86;
use asm_runtime::{Assembler, Gpr64};
use criterion::{criterion_group, criterion_main, Criterion};
use dynasmrt::{dynasm, DynasmApi, DynasmLabelApi};

fn ours_static() -> Vec<u8> {
    let mut a = Assembler::new();
    x86!(a;
        push rbp;
        mov rbp, rsp;
        push rbx;
        mov rbx, rdi;
        xor eax, eax;
        mov rcx, 10;
    l1:
        add rax, [rbx + rcx*8];
        imul rax, rax, 3;
        dec rcx;
        jnz l1;
        mov [rbx], rax;
        pop rbx;
        pop rbp;
        ret
    );
    a.assemble_at(0).expect("assembles").bytes
}

fn ours_dynamic(base: Gpr64, n: i32) -> Vec<u8> {
    let mut a = Assembler::new();
    x86!(a;
        push rbp;
        mov rbp, rsp;
        push rbx;
        mov r64{base}, rdi;
        xor eax, eax;
        mov ecx, {n};
    l1:
        add rax, [r64{base} + rcx*8];
        imul rax, rax, 3;
        dec rcx;
        jnz l1;
        mov [r64{base}], rax;
        pop rbx;
        pop rbp;
        ret
    );
    a.assemble_at(0).expect("assembles").bytes
}

fn dynasm_vec() -> Vec<u8> {
    let mut ops: dynasmrt::VecAssembler<dynasmrt::x64::X64Relocation> = dynasmrt::VecAssembler::new(0);
    dynasm!(ops
        ; .arch x64
        ; push rbp
        ; mov rbp, rsp
        ; push rbx
        ; mov rbx, rdi
        ; xor eax, eax
        ; mov rcx, 10
        ; l1:
        ; add rax, [rbx + rcx*8]
        ; imul rax, rax, 3
        ; dec rcx
        ; jnz <l1
        ; mov [rbx], rax
        ; pop rbx
        ; pop rbp
        ; ret
    );
    ops.finalize().expect("assembles")
}

fn dynasm_holes(base: u8, n: i32) -> Vec<u8> {
    let mut ops: dynasmrt::VecAssembler<dynasmrt::x64::X64Relocation> = dynasmrt::VecAssembler::new(0);
    dynasm!(ops
        ; .arch x64
        ; push rbp
        ; mov rbp, rsp
        ; push rbx
        ; mov Rq(base), rdi
        ; xor eax, eax
        ; mov ecx, n
        ; l1:
        ; add rax, [Rq(base) + rcx*8]
        ; imul rax, rax, 3
        ; dec rcx
        ; jnz <l1
        ; mov [Rq(base)], rax
        ; pop rbx
        ; pop rbp
        ; ret
    );
    ops.finalize().expect("assembles")
}

fn iced_code_asm() -> Vec<u8> {
    use iced_x86::code_asm::*;
    let mut a = CodeAssembler::new(64).expect("64-bit");
    let mut l1 = a.create_label();
    a.push(rbp).unwrap();
    a.mov(rbp, rsp).unwrap();
    a.push(rbx).unwrap();
    a.mov(rbx, rdi).unwrap();
    a.xor(eax, eax).unwrap();
    a.mov(rcx, 10i64).unwrap();
    a.set_label(&mut l1).unwrap();
    a.add(rax, qword_ptr(rbx + rcx * 8)).unwrap();
    a.imul_3(rax, rax, 3).unwrap();
    a.dec(rcx).unwrap();
    a.jne(l1).unwrap();
    a.mov(qword_ptr(rbx), rax).unwrap();
    a.pop(rbx).unwrap();
    a.pop(rbp).unwrap();
    a.ret().unwrap();
    a.assemble(0).expect("assembles")
}

fn bench_emit(c: &mut Criterion) {
    // The same kernel from each; ours is never longer.
    assert!(ours_static().len() <= dynasm_vec().len());
    assert!(ours_static().len() <= iced_code_asm().len());
    let (o, d) = (ours_dynamic(Gpr64::RBX, 10), dynasm_holes(3, 10));
    assert!(o.len() <= d.len(), "ours {o:02x?}\ndynasm {d:02x?}");
    let mut g = c.benchmark_group("emit");
    g.bench_function("ours_static", |b| b.iter(|| black_box(ours_static())));
    g.bench_function("ours_holes", |b| {
        b.iter(|| black_box(ours_dynamic(black_box(Gpr64::RBX), black_box(10))))
    });
    g.bench_function("dynasm", |b| b.iter(|| black_box(dynasm_vec())));
    g.bench_function("dynasm_holes", |b| b.iter(|| black_box(dynasm_holes(black_box(3), black_box(10)))));
    g.bench_function("iced_code_asm", |b| b.iter(|| black_box(iced_code_asm())));
    g.finish();
}

const N: usize = 10_000;

fn ours_functions() -> Vec<asm_runtime::ExecBuffer> {
    let mut v = Vec::with_capacity(N);
    for i in 0..N as i64 {
        let a = x86!(new; mov rax, {i}; add rax, rdi; ret);
        let code = a.finalize().expect("finalizes");
        // SAFETY: the code is `fn(i64) -> i64`.
        let f = unsafe { code.entry::<extern "sysv64" fn(i64) -> i64>() };
        assert_eq!(f(1), i + 1);
        v.push(code);
    }
    v
}

fn mmap_per_function() -> Vec<dynasmrt::ExecutableBuffer> {
    let mut v = Vec::with_capacity(N);
    for i in 0..N as i64 {
        let mut ops = dynasmrt::x64::Assembler::new().expect("assembler");
        let start = ops.offset();
        dynasm!(ops; .arch x64; mov rax, QWORD i; add rax, rdi; ret);
        let buf = ops.finalize().expect("finalizes");
        // SAFETY: the code is `fn(i64) -> i64`.
        let f: extern "sysv64" fn(i64) -> i64 = unsafe { std::mem::transmute(buf.ptr(start)) };
        assert_eq!(f(1), i + 1);
        v.push(buf);
    }
    v
}

fn rss_bytes() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: usize = statm.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    pages * 4096
}

fn measure_rss<T>(make: impl Fn() -> T) -> usize {
    let before = rss_bytes();
    let live = make();
    let after = rss_bytes();
    drop(live);
    after.saturating_sub(before)
}

fn bench_jit(c: &mut Criterion) {
    let ours = measure_rss(ours_functions);
    let theirs = measure_rss(mmap_per_function);
    println!(
        "resident memory for {N} live functions: ours {} KiB, mmap-per-function {} KiB, ratio {:.1}x",
        ours / 1024,
        theirs / 1024,
        theirs as f64 / ours.max(1) as f64
    );
    let mut g = c.benchmark_group("jit_10k");
    g.sample_size(10);
    g.bench_function("ours_pooled", |b| b.iter(|| black_box(ours_functions())));
    g.bench_function("mmap_per_function", |b| b.iter(|| black_box(mmap_per_function())));
    g.finish();
}

criterion_group!(benches, bench_emit, bench_jit);
criterion_main!(benches);

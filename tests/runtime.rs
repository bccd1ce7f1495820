//! The runtime end to end: incremental code, patching, calls into C and Rust, typed entry
//! points of many signatures, threads, and strict W^X.

use std::sync::Arc;

use asm_macro::x86;
use asm_runtime::sym::sym;
use asm_runtime::Assembler;

/// Every mapping of this process with both write and execute permission.
fn wx_mappings() -> Vec<String> {
    std::fs::read_to_string("/proc/self/maps")
        .expect("/proc/self/maps")
        .lines()
        .filter(|l| {
            let perms = l.split_whitespace().nth(1).unwrap_or("");
            perms.contains('w') && perms.contains('x')
        })
        .map(String::from)
        .collect()
}

#[test]
fn incremental_commit_keeps_old_handles_and_links_to_old_code() {
    let mut a = Assembler::new();
    x86!(a;
    @double:
        lea rax, [rdi + rdi];
        ret
    );
    let first = a.commit().unwrap();
    let double = unsafe { first.entry::<extern "sysv64" fn(i64) -> i64>() };
    assert_eq!(double(21), 42);

    // New code calls and jumps into the committed code.
    x86!(a;
        push rbx;
        call @double;
        mov rdi, rax;
        pop rbx;
        jmp @double
    );
    let second = a.commit().unwrap();
    let quad = unsafe { second.entry::<extern "sysv64" fn(i64) -> i64>() };
    assert_eq!(quad(5), 20);
    // The first handle still works after the second commit.
    assert_eq!(double(4), 8);
    // Within ±2 GiB the call is a direct rel32 (e8) — no stub needed.
    assert_eq!(second.bytes()[1], 0xe8);
}

#[test]
fn patching_an_inline_cache_constant_and_a_call_target() {
    extern "sysv64" fn one() -> i64 {
        1
    }
    extern "sysv64" fn two() -> i64 {
        2
    }
    let mut a = Assembler::new();
    let after_imm = a.new_label();
    let after_call = a.new_label();
    let big: i64 = 0x1234_5678_9abc; // forces the imm64 form
    let one_addr = one as extern "sysv64" fn() -> i64 as usize;
    x86!(a;
        push rbx;
        mov rbx, {big};
    {after_imm}:
        call {one_addr};
    {after_call}:
        add rax, rbx;
        pop rbx;
        ret
    );
    let code = a.finalize().unwrap();
    let f = unsafe { code.entry::<extern "sysv64" fn() -> i64>() };
    assert_eq!(f(), big + 1);
    code.patch_before(after_imm, &100i64.to_le_bytes()).unwrap();
    assert_eq!(f(), 101);
    let two_addr = two as extern "sysv64" fn() -> i64 as usize as u64;
    match code.patch_rel32_before(after_call, two_addr) {
        Ok(()) => assert_eq!(f(), 102),
        // The Rust function may be beyond ±2 GiB of the JIT memory; then the error says so.
        Err(e) => assert!(e.to_string().contains("out of range"), "{e}"),
    }
    assert!(code.patch(code.len(), &[0x90]).is_err(), "out-of-bounds patch must fail");
    assert!(wx_mappings().is_empty(), "{:?}", wx_mappings());
}

#[test]
fn calls_printf_malloc_free_and_cos() {
    let malloc = sym("malloc").unwrap();
    let free = sym("free").unwrap();
    // libm by name: a Rust binary links it only if something in it calls into libm, which an
    // optimized build of this test need not do.
    let libm = asm_runtime::Library::open("libm.so.6").unwrap();
    let cos = libm.sym("cos").unwrap();
    let snprintf = sym("snprintf").unwrap();
    assert!(sym("no_such_function_anywhere").unwrap_err().to_string().contains("no_such_function_anywhere"));

    // cos(x) through JIT code: the double argument and result pass through xmm0.
    let mut a = Assembler::new();
    x86!(a; push rbx; call {cos}; pop rbx; ret);
    let code = a.finalize().unwrap();
    let f = unsafe { code.entry::<extern "sysv64" fn(f64) -> f64>() };
    assert!((f(0.5) - std::hint::black_box(0.5f64).cos()).abs() < 1e-15);

    // snprintf into a buffer allocated by malloc, then read back and free.
    let fmt = c"n=%d";
    let fmt_addr = fmt.as_ptr() as i64;
    let mut a = Assembler::new();
    x86!(a;
        push rbx;
        mov edi, 32;
        call {malloc};
        mov rbx, rax;
        mov rdi, rax;
        mov esi, 32;
        mov rdx, {fmt_addr};
        mov ecx, 42;
        xor eax, eax;
        call {snprintf};
        movzx eax, byte ptr [rbx + 2];   // '4'
        movzx ecx, byte ptr [rbx + 3];   // '2'
        shl eax, 8;
        or eax, ecx;
        mov rdi, rbx;
        mov rbx, rax;
        call {free};
        mov rax, rbx;
        pop rbx;
        ret
    );
    let code = a.finalize().unwrap();
    let g = unsafe { code.entry::<extern "sysv64" fn() -> i64>() };
    assert_eq!(g(), ((b'4' as i64) << 8) | b'2' as i64);
}

#[test]
fn far_targets_go_through_a_stub() {
    // Two targets 80 TiB apart: no placement of the code reaches both with rel32, so at least one
    // call goes through a stub holding the full 64-bit address (never a truncated one). The
    // targets are not called; every call is decoded to where it really leads.
    let (far1, far2): (u64, u64) = (0x0000_1000_0000_0000, 0x0000_6000_0000_0000);
    let mut a = Assembler::new();
    x86!(a; call {far1}; call {far2}; ret);
    let code = a.finalize().unwrap();
    let bytes = code.bytes();
    let base = code.addr();
    let mut stubs = 0;
    for (at, want) in [(0usize, far1), (5, far2)] {
        assert_eq!(bytes[at], 0xe8, "call rel32 at {at}");
        let rel = i32::from_le_bytes(bytes[at + 1..at + 5].try_into().unwrap()) as i64;
        let dest = (base as i64 + at as i64 + 5 + rel) as u64;
        if dest == want {
            continue;
        }
        let stub = usize::try_from(dest.wrapping_sub(base)).expect("stub inside the buffer");
        assert!(stub + 14 <= bytes.len(), "call at {at} leads to {dest:#x}, neither target nor stub");
        assert_eq!(&bytes[stub..stub + 6], &[0xff, 0x25, 0, 0, 0, 0]);
        assert_eq!(u64::from_le_bytes(bytes[stub + 6..stub + 14].try_into().unwrap()), want);
        stubs += 1;
    }
    assert!(stubs >= 1, "two targets 80 TiB apart cannot both be reached directly");
}

#[test]
fn typed_entries_with_six_integer_and_eight_float_arguments() {
    let mut a = Assembler::new();
    x86!(a;
        lea rax, [rdi + rsi];
        add rax, rdx;
        add rax, rcx;
        add rax, r8;
        add rax, r9;
        ret
    );
    let code = a.finalize().unwrap();
    let f = unsafe { code.entry::<extern "sysv64" fn(i64, i64, i64, i64, i64, i64) -> i64>() };
    assert_eq!(f(1, 2, 3, 4, 5, 6), 21);

    let mut a = Assembler::new();
    x86!(a;
        addsd xmm0, xmm1;
        addsd xmm0, xmm2;
        addsd xmm0, xmm3;
        addsd xmm0, xmm4;
        addsd xmm0, xmm5;
        addsd xmm0, xmm6;
        addsd xmm0, xmm7;
        cvtsi2sd xmm1, rdi;
        addsd xmm0, xmm1;
        ret
    );
    let code = a.finalize().unwrap();
    type F = extern "sysv64" fn(f64, f64, f64, f64, f64, f64, f64, f64, i64) -> f64;
    let f = unsafe { code.entry::<F>() };
    assert_eq!(f(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 100), 136.0);

    let mut a = Assembler::new();
    x86!(a; mov qword ptr [rdi], 7; ret);
    let code = a.finalize().unwrap();
    let g = unsafe { code.entry::<extern "sysv64" fn(*mut u64)>() };
    let mut slot = 0u64;
    g(&mut slot);
    assert_eq!(slot, 7);
}

#[test]
fn buffers_are_send_and_sync_and_threads_can_jit_concurrently() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<asm_runtime::ExecBuffer>();
    let shared = Arc::new({
        let mut a = Assembler::new();
        x86!(a; lea rax, [rdi + 1]; ret);
        a.finalize().unwrap()
    });
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || {
                let inc = unsafe { shared.entry::<extern "sysv64" fn(i64) -> i64>() };
                let mut keep = Vec::new();
                for i in 0..300i64 {
                    let k = t * 1000 + i;
                    let a = x86!(new; mov rax, {k}; add rax, rdi; ret);
                    let code = a.finalize().unwrap();
                    let f = unsafe { code.entry::<extern "sysv64" fn(i64) -> i64>() };
                    assert_eq!(f(inc(0)), k + 1);
                    if i % 3 == 0 {
                        keep.push(code);
                    }
                }
                for code in &keep {
                    let f = unsafe { code.entry::<extern "sysv64" fn(i64) -> i64>() };
                    assert!(f(0) >= t * 1000);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    assert!(wx_mappings().is_empty(), "{:?}", wx_mappings());
}

#[test]
fn listing_reflects_relaxed_layout() {
    let mut a = Assembler::new();
    a.set_listing(true);
    x86!(a;
        jmp done;
        nop;
    done:
        ret
    );
    let code = a.finalize().unwrap();
    let text = code.listing_text();
    assert!(text.contains("0000: eb 01"), "{text}");
    assert!(text.contains("0003: c3"), "{text}");
}

#[test]
fn a_cleared_assembler_is_reused_with_its_capacity() {
    let mut a = Assembler::new();
    let mut last = None;
    for k in 0..50i32 {
        a.clear();
        let top = a.new_label();
        assert_eq!(top.index(), 0, "labels start over");
        x86!(a; {top}: mov eax, {k}; add eax, 1; ret);
        let buf = a.commit().unwrap();
        // SAFETY: a complete function returning an i32.
        let f = unsafe { buf.entry::<extern "sysv64" fn() -> i32>() };
        assert_eq!(f(), k + 1);
        // An error does not survive a clear.
        a.assemble_text("mov eax, [rsp*2]").unwrap_err();
        last = Some(buf);
    }
    assert!(last.is_some());
}

#[test]
fn into_bytes_and_assemble_into_equal_assemble_at() {
    // Relaxed branches, alignment, a constant-pool entry, a far-call stub, absolute and
    // difference fields: the consuming path lays the code out exactly as `assemble_at` does,
    // with items (copied) and without (the buffer itself).
    let build = |relax: bool| {
        let mut a = Assembler::new();
        let (top, end) = (a.new_label(), a.new_label());
        let c = a.const_f64(2.5);
        let far = asm_runtime::Target::Addr(0x7f00_0000_0000);
        x86!(a; {top}: movsd xmm0, qword ptr [rip + {c}]; call {far}; call {end});
        if relax {
            x86!(a; jne {end}; align 16);
            for _ in 0..200 {
                x86!(a; nop);
            }
        }
        x86!(a; {end}: ret);
        a.emit_label_addr(top);
        a.emit_label_diff(end, top, 4);
        a
    };
    // `assemble_into` writes the same bytes over whatever its buffer held.
    let mut out = vec![0xAA; 3];
    for relax in [false, true, false] {
        let want = build(relax).assemble_at(0x1000).unwrap().bytes;
        assert_eq!(build(relax).into_bytes(0x1000).unwrap(), want, "relax {relax}");
        build(relax).assemble_into(0x1000, &mut out).unwrap();
        assert_eq!(out, want, "relax {relax}: assemble_into");
        assert!(want.len() > 20, "relax {relax}: {} bytes", want.len());
    }
    // An error is the same error.
    let mut a = Assembler::new();
    let never = a.new_label();
    x86!(a; call {never});
    assert_eq!(a.into_bytes(0).unwrap_err().to_string(), {
        let mut b = Assembler::new();
        let never = b.new_label();
        x86!(b; call {never});
        b.assemble_at(0).unwrap_err().to_string()
    });
}

/// A new block's writable view is preset to `int3`, whether its memory is fresh (pages of a
/// chunk reached for the first time) or was another block's, and what the closure leaves
/// unwritten stays `int3`.
#[test]
fn new_blocks_are_preset_to_int3_fresh_or_reused() {
    use asm_runtime::{ExecError, JitBlock};
    let make = |len: usize| {
        JitBlock::new(len, None, |_, buf: &mut [u8]| {
            assert_eq!(buf.len(), len);
            assert!(buf.iter().all(|&b| b == 0xCC), "a new block of {len} bytes holds other bytes than int3");
            buf[0] = 0xC3;
            Ok::<(), ExecError>(())
        })
        .unwrap()
    };
    // Enough blocks, of sizes that are not multiples of the unit, to cross many pages.
    let sizes = |k: usize| 1 + (k * 37) % 200;
    let mut live: Vec<JitBlock> = (0..600).map(|k| make(sizes(k))).collect();
    for (k, b) in live.iter().enumerate() {
        assert_eq!(b.bytes()[0], 0xC3);
        assert!(b.bytes()[1..].iter().all(|&x| x == 0xCC), "block {k}");
    }
    // Free every other one and allocate again into their memory.
    let mut k = 0;
    live.retain(|_| {
        k += 1;
        k % 2 == 0
    });
    let again: Vec<JitBlock> = (0..600).map(|k| make(sizes(k + 1))).collect();
    assert!(again.iter().all(|b| b.bytes()[1..].iter().all(|&x| x == 0xCC)));
}

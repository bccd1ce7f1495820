//! Executable memory: typed calls, W^X, page sharing, threads, patching, near placement.
#![cfg(all(target_os = "linux", target_arch = "x86_64"))]

use std::sync::{Mutex, MutexGuard, PoisonError};

use asm_runtime::exec::{pool_stats, Entry, JitBlock};
use asm_runtime::ExecError;

/// The pool is global and tests run on parallel threads; every test takes this lock so that
/// the statistics and mappings one test looks at are not changed by another.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `mov rax, rdi; add rax, rsi; ret`
const ADD: [u8; 7] = [0x48, 0x89, 0xf8, 0x48, 0x01, 0xf0, 0xc3];
/// `mov eax, 42; ret`
const FORTY_TWO: [u8; 6] = [0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3];

/// `mov eax, imm32; ret`
fn ret_const(v: u32) -> [u8; 6] {
    let b = v.to_le_bytes();
    [0xb8, b[0], b[1], b[2], b[3], 0xc3]
}

/// A block returning `v` as `extern "C" fn() -> u32`.
fn const_fn(v: u32) -> JitBlock {
    JitBlock::from_bytes(&ret_const(v)).expect("allocates")
}

fn call_const(block: &JitBlock) -> u32 {
    // SAFETY: every block made by `const_fn` is `mov eax, imm32; ret`.
    let f = unsafe { block.entry::<extern "C" fn() -> u32>(0) }.expect("offset 0");
    f()
}

/// Lines of /proc/self/maps whose permissions are both writable and executable.
fn wx_mappings() -> Vec<String> {
    let maps = std::fs::read_to_string("/proc/self/maps").expect("reads /proc/self/maps");
    maps.lines()
        .filter(|l| {
            let perms = l.split_whitespace().nth(1).unwrap_or("");
            perms.contains('w') && perms.contains('x')
        })
        .map(str::to_owned)
        .collect()
}

/// The /proc/self/maps line of the mapping containing `addr`.
fn mapping_of(addr: u64) -> Option<String> {
    let maps = std::fs::read_to_string("/proc/self/maps").ok()?;
    maps.lines()
        .find(|l| {
            let range = l.split_whitespace().next().unwrap_or("");
            let Some((a, b)) = range.split_once('-') else { return false };
            match (u64::from_str_radix(a, 16), u64::from_str_radix(b, 16)) {
                (Ok(a), Ok(b)) => (a..b).contains(&addr),
                _ => false,
            }
        })
        .map(str::to_owned)
}

/// Whether blocks are pooled in dual-mapped chunks here (not the one-mapping-per-block fallback
/// some sandboxes force).
fn pooled_here(block: &JitBlock) -> bool {
    mapping_of(block.addr()).is_some_and(|l| l.contains("memfd:"))
}

#[test]
fn typed_calls() {
    let _serial = serial();
    let add = JitBlock::from_bytes(&ADD).unwrap();
    // SAFETY: ADD is `fn(i64, i64) -> i64` in the System V ABI.
    let f = unsafe { add.entry::<extern "sysv64" fn(i64, i64) -> i64>(0) }.unwrap();
    assert_eq!(f(40, 2), 42);
    assert_eq!(f(-5, 3), -2);
    assert_eq!(f.get()(1, 1), 2);
    assert_eq!(f.addr(), add.addr());
    let g = f; // Copy
    assert_eq!(g(1, 2), 3);
    assert!(format!("{f:?}").contains("Entry"));

    let c = JitBlock::from_bytes(&FORTY_TWO).unwrap();
    // SAFETY: FORTY_TWO is `fn() -> i32`.
    let answer = unsafe { c.entry::<extern "C" fn() -> i32>(0) }.unwrap();
    assert_eq!(answer(), 42);
    // SAFETY: as above; an unsafe fn pointer type works too.
    let answer = unsafe { c.entry::<unsafe extern "C" fn() -> i32>(0) }.unwrap();
    // SAFETY: the code has no preconditions.
    assert_eq!(unsafe { answer() }, 42);

    // lea eax, [rdi + 1]; ret
    let inc = JitBlock::from_bytes(&[0x8d, 0x47, 0x01, 0xc3]).unwrap();
    // SAFETY: `fn(i32) -> i32`.
    let inc = unsafe { inc.entry::<unsafe extern "sysv64" fn(i32) -> i32>(0) }.unwrap();
    // SAFETY: no preconditions.
    assert_eq!(unsafe { inc(41) }, 42);

    // mov rax, [rsp + 0x40]; ret  -- the 14th integer argument (the 8th on the stack)
    let last = JitBlock::from_bytes(&[0x48, 0x8b, 0x44, 0x24, 0x40, 0xc3]).unwrap();
    type F14 = extern "C" fn(u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64, u64) -> u64;
    // SAFETY: reads the 14th argument of a 14-argument System V call.
    let f14 = unsafe { last.entry::<F14>(0) }.unwrap();
    assert_eq!(f14(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14), 14);

    // Entry points into the middle of a block: two functions in one block.
    let mut code = FORTY_TWO.to_vec();
    code.extend_from_slice(&[0xcc; 10]);
    code.extend_from_slice(&ret_const(7));
    let two = JitBlock::from_bytes(&code).unwrap();
    // SAFETY: offset 16 holds `mov eax, 7; ret`.
    let seven = unsafe { two.entry::<extern "C" fn() -> u32>(16) }.unwrap();
    assert_eq!(seven(), 7);
    assert_eq!(seven.addr(), two.addr() + 16);
}

#[test]
fn write_closure_gets_final_address_and_errors_abort() {
    let _serial = serial();
    // lea rax, [rip + 0]; ret  -- returns the address just after the lea
    let lea = [0x48, 0x8d, 0x05, 0x00, 0x00, 0x00, 0x00, 0xc3];
    let mut seen = 0;
    let block = JitBlock::new(lea.len(), None, |addr, buf: &mut [u8]| {
        seen = addr;
        assert_eq!(buf.len(), lea.len());
        assert!(buf.iter().all(|&b| b == 0xcc), "unwritten code traps");
        buf.copy_from_slice(&lea);
        Ok::<(), ExecError>(())
    })
    .unwrap();
    assert_eq!(seen, block.addr());
    assert_eq!(block.addr() % 16, 0, "blocks are 16-byte aligned");
    assert_eq!(block.bytes(), &lea);
    // SAFETY: `fn() -> u64`.
    let here = unsafe { block.entry::<extern "C" fn() -> u64>(0) }.unwrap();
    assert_eq!(here(), block.addr() + 7);

    let before = pool_stats();
    let err = JitBlock::new(64, None, |_, _| Err(ExecError::Invalid("no thanks".into()))).unwrap_err();
    assert!(err.to_string().contains("no thanks"));
    assert_eq!(pool_stats().live_blocks, before.live_blocks);
    assert_eq!(pool_stats().used_bytes, before.used_bytes);

    // A length of zero is rounded up to one byte.
    let tiny = JitBlock::new(0, None, |_, buf| {
        assert_eq!(buf.len(), 1);
        buf[0] = 0xc3;
        Ok::<(), ExecError>(())
    })
    .unwrap();
    assert_eq!(tiny.len(), 1);
    assert!(!tiny.is_empty());
    assert_eq!(tiny.bytes(), &[0xc3]);
}

#[test]
fn no_mapping_is_writable_and_executable() {
    let _serial = serial();
    let blocks: Vec<JitBlock> = (0..300).map(const_fn).collect();
    // A big block gets a chunk of its own.
    let big = JitBlock::new(1 << 20, None, |_, buf| {
        buf[..6].copy_from_slice(&FORTY_TWO);
        Ok::<(), ExecError>(())
    })
    .unwrap();
    assert_eq!(wx_mappings(), Vec::<String>::new(), "while blocks are live");
    for (i, b) in blocks.iter().enumerate() {
        assert_eq!(call_const(b), i as u32);
    }

    // While code is being written: the writable view must not be executable.
    let mut inside = None;
    let block = JitBlock::new(FORTY_TWO.len(), None, |_, buf: &mut [u8]| {
        buf.copy_from_slice(&FORTY_TWO);
        inside = Some(wx_mappings());
        let rw = buf.as_ptr() as u64;
        let line = mapping_of(rw).unwrap_or_default();
        let perms = line.split_whitespace().nth(1).unwrap_or("");
        assert!(perms.contains('w') && !perms.contains('x'), "write view: {line}");
        Ok::<(), ExecError>(())
    })
    .unwrap();
    assert_eq!(inside, Some(Vec::new()), "while code is being written");
    let line = mapping_of(block.addr()).unwrap();
    let perms = line.split_whitespace().nth(1).unwrap();
    assert!(perms.contains('x') && !perms.contains('w'), "code view: {line}");
    assert_eq!(call_const(&block), 42);
    assert_eq!(call_const(&big), 42);
    // Patching leaves no writable+executable mapping behind either.
    block.patch(1, &7u32.to_le_bytes()).unwrap();
    assert_eq!(wx_mappings(), Vec::<String>::new(), "after patching");
}

#[test]
fn small_blocks_share_chunks_and_empty_chunks_are_unmapped() {
    let _serial = serial();
    let before = pool_stats();
    let blocks: Vec<JitBlock> = (0..1000).map(|i| const_fn(i * 3)).collect();
    let during = pool_stats();
    for (i, b) in blocks.iter().enumerate() {
        assert_eq!(call_const(b), i as u32 * 3);
    }
    assert_eq!(during.live_blocks, before.live_blocks + 1000);
    assert!(during.used_bytes >= before.used_bytes + 1000 * 16);
    if pooled_here(&blocks[0]) {
        assert!(during.chunks <= before.chunks + 2, "{before:?} -> {during:?}");
        assert!(during.mapped_bytes <= before.mapped_bytes + 2 * (256 << 10), "{before:?} -> {during:?}");
        // Blocks are packed: most neighbours are 16 bytes apart.
        let packed = blocks.windows(2).filter(|w| w[1].addr().abs_diff(w[0].addr()) == 16).count();
        assert!(packed > 900, "{packed} of 999 neighbours packed");
    } else {
        eprintln!("dual-mapped chunks are unavailable here; checked the fallback mode only");
    }
    // Free every other block, then reuse the holes.
    let (keep, drop_): (Vec<_>, Vec<_>) = blocks.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    drop(drop_);
    let half = pool_stats();
    assert_eq!(half.live_blocks, before.live_blocks + 500);
    let refill: Vec<JitBlock> = (0..500).map(|i| const_fn(100_000 + i)).collect();
    if pooled_here(&refill[0]) {
        assert_eq!(pool_stats().chunks, half.chunks, "holes are reused");
    }
    for (i, b) in &keep {
        assert_eq!(call_const(b), *i as u32 * 3);
    }
    for (i, b) in refill.iter().enumerate() {
        assert_eq!(call_const(b), 100_000 + i as u32);
    }
    drop(keep);
    drop(refill);
    let after = pool_stats();
    assert_eq!(after.live_blocks, before.live_blocks);
    // One emptied chunk stays mapped, warm for the next block; the others are unmapped.
    assert!(after.mapped_bytes <= before.mapped_bytes + (256 << 10), "{before:?} -> {after:?}");
    assert!(after.chunks <= before.chunks + 1, "{before:?} -> {after:?}");
}

#[test]
fn freeing_the_last_block_keeps_one_warm_chunk() {
    let _serial = serial();
    let first = const_fn(1);
    if !pooled_here(&first) {
        eprintln!("skipped: dual-mapped chunks are unavailable here (fallback mode maps per block)");
        return;
    }
    drop(first);
    let settled = pool_stats();
    // Compile, call, free: the same warm chunk serves every cycle, nothing is mapped.
    for i in 0..200 {
        let b = const_fn(i);
        assert_eq!(call_const(&b), i);
        let during = pool_stats();
        assert_eq!(during.chunks, settled.chunks, "cycle {i}: {settled:?} -> {during:?}");
        assert_eq!(during.mapped_bytes, settled.mapped_bytes, "cycle {i}");
    }
    assert_eq!(pool_stats().chunks, settled.chunks);
}

#[test]
fn many_threads_allocate_call_and_free() {
    let _serial = serial();
    let before = pool_stats();
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..4u32)
            .map(|t| {
                s.spawn(move || {
                    let base = (t + 1) * 1_000_000;
                    let mut live: Vec<(u32, JitBlock)> = Vec::new();
                    for i in 0..500 {
                        let v = base + i;
                        live.push((v, const_fn(v)));
                        if i % 3 == 2 {
                            // Drop one from the middle now and then.
                            live.swap_remove(live.len() / 2);
                        }
                        if i % 50 == 0 {
                            for (v, b) in &live {
                                assert_eq!(call_const(b), *v);
                            }
                        }
                    }
                    for (v, b) in &live {
                        assert_eq!(call_const(b), *v);
                    }
                    live.len()
                })
            })
            .collect();
        // Meanwhile, W^X holds at every moment we look.
        let watcher = s.spawn(|| {
            let mut looks = 0;
            loop {
                assert_eq!(wx_mappings(), Vec::<String>::new());
                looks += 1;
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    break;
                }
            }
            looks
        });
        for w in workers {
            assert!(w.join().expect("worker") > 300);
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(watcher.join().expect("watcher") > 0);
    });
    let after = pool_stats();
    assert_eq!(after.live_blocks, before.live_blocks);
    assert!(after.mapped_bytes <= before.mapped_bytes, "{before:?} -> {after:?}");
}

#[test]
fn patching_a_live_function() {
    let _serial = serial();
    let block = const_fn(42);
    // SAFETY: `fn() -> u32`.
    let f: Entry<'_, extern "C" fn() -> u32> = unsafe { block.entry(0) }.unwrap();
    assert_eq!(f(), 42);
    block.patch(1, &1234u32.to_le_bytes()).unwrap();
    assert_eq!(f(), 1234);
    assert_eq!(&block.bytes()[1..5], &1234u32.to_le_bytes());
    // Unaligned, odd-sized patch.
    block.patch(2, &[0x01, 0x02, 0x00]).unwrap();
    assert_eq!(f(), u32::from_le_bytes([0xd2, 0x01, 0x02, 0x00]));
    block.patch(1, &[9]).unwrap();
    assert_eq!(f(), u32::from_le_bytes([9, 0x01, 0x02, 0x00]));
    // An empty patch at the end is fine; anything past the end is an error.
    block.patch(6, &[]).unwrap();
    for (offset, len) in [(4, 4), (6, 1), (7, 0), (usize::MAX, 2)] {
        let e = block.patch(offset, &vec![0; len]).unwrap_err();
        assert!(matches!(e, ExecError::Invalid(_)), "{e}");
    }
    assert_eq!(f(), u32::from_le_bytes([9, 0x01, 0x02, 0x00]), "failed patches change nothing");

    // Patching from another thread while this one keeps calling.
    std::thread::scope(|s| {
        s.spawn(|| {
            for v in 0..1000u32 {
                block.patch(1, &v.to_le_bytes()).unwrap();
            }
        });
        for _ in 0..1000 {
            let v = f();
            assert!(v < 1000 || v == u32::from_le_bytes([9, 0x01, 0x02, 0x00]), "{v}");
        }
    });
    assert_eq!(f(), 999);
}

#[test]
fn near_allocation_is_within_rel32_reach() {
    let _serial = serial();
    let reach = 1u64 << 31;
    // A function in the C library (among the kernel's default mmap placements) and a static of
    // this executable (usually far from them).
    let printf = libc::printf as *const () as usize as u64;
    let local = &SERIAL as *const Mutex<()> as usize as u64;
    let blocks: Vec<JitBlock> = (0..40)
        .map(|i| {
            let target = if i % 2 == 0 { printf } else { local };
            JitBlock::new(6 + i * 100, Some(target), |_, buf| {
                buf[..6].copy_from_slice(&FORTY_TWO);
                Ok::<(), ExecError>(())
            })
            .unwrap()
        })
        .collect();
    for (i, b) in blocks.iter().enumerate() {
        let target = if i % 2 == 0 { printf } else { local };
        let start = b.addr();
        let end = start + b.len() as u64;
        assert!(start.abs_diff(target) < reach && end.abs_diff(target) < reach, "{start:#x} vs {target:#x}");
        assert_eq!(call_const(b), 42);
    }

    // A `call rel32` from JIT code straight into a function near it works.
    // mov eax, 7; ret -- the callee
    let callee = JitBlock::new(6, Some(local), |_, buf| {
        buf.copy_from_slice(&ret_const(7));
        Ok::<(), ExecError>(())
    })
    .unwrap();
    // sub rsp, 8; call rel32; add eax, 1; add rsp, 8; ret
    let caller = JitBlock::new(32, Some(callee.addr()), |addr, buf| {
        let rel = callee.addr().wrapping_sub(addr + 9) as i64;
        let rel = i32::try_from(rel).map_err(|_| ExecError::Invalid("callee out of reach".into()))?;
        let mut code = vec![0x48, 0x83, 0xec, 0x08, 0xe8];
        code.extend_from_slice(&rel.to_le_bytes());
        code.extend_from_slice(&[0x83, 0xc0, 0x01, 0x48, 0x83, 0xc4, 0x08, 0xc3]);
        buf[..code.len()].copy_from_slice(&code);
        Ok::<(), ExecError>(())
    })
    .unwrap();
    assert_eq!(call_const(&caller), 8);
}

#[test]
fn entry_offset_out_of_range_is_an_error() {
    let _serial = serial();
    let block = JitBlock::from_bytes(&FORTY_TWO).unwrap();
    assert_eq!(block.len(), 6);
    for offset in [6, 7, 4096, usize::MAX] {
        // SAFETY: the entry point is never called.
        let e = unsafe { block.entry::<extern "C" fn() -> i32>(offset) }.unwrap_err();
        assert!(matches!(e, ExecError::Invalid(_)), "{e}");
    }
    // SAFETY: never called.
    assert!(unsafe { block.entry::<extern "C" fn() -> i32>(5) }.is_ok());
    assert!(format!("{block:?}").contains("JitBlock"));
}

#[test]
fn blocks_move_between_threads() {
    let _serial = serial();
    let blocks: Vec<JitBlock> = (0..10).map(const_fn).collect();
    let sums = std::thread::spawn(move || blocks.iter().map(call_const).sum::<u32>()).join().unwrap();
    assert_eq!(sums, 45);
    let shared = std::sync::Arc::new(const_fn(5));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let b = std::sync::Arc::clone(&shared);
            std::thread::spawn(move || call_const(&b))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), 5);
    }
}

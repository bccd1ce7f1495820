//! Our assembler side by side with dynasm-rs and iced-x86, in one process.
//!
//! The workload is a 16-instruction integer block (see [`params`]) in four variants:
//! (a) every operand written literally, with local labels; (b) literal operands, two dynamic
//! labels per block; (c) registers, immediates and displacements from run-time values that
//! change from block to block, local labels; (d) run-time operands and two dynamic labels.
//! Each variant is assembled once as 1,000,000 instructions (62,500 blocks) and as 2,500
//! separate 400-instruction assemblies. Besides: 10,000 small live functions (create,
//! finalize, call; time per function and resident memory), a factorial JIT cycle
//! (assemble, finalize, call, drop), and the floor under both: 10,000 functions of 16 bytes
//! written and called one at a time with no assembler (see [`floor`]).
//!
//! Every measurement is repeated and the median is printed, one result per line:
//! `R<TAB>row<TAB>tool<TAB>value<TAB>unit<TAB>bytes emitted`; lines
//! `H<TAB>variant<TAB>ours<TAB>hex` hold the first four blocks' bytes. `scripts/bench.sh`
//! merges these lines with the AsmJit driver's (which prints the same kinds) and the text and
//! build timings into one table.
//!
//! ```sh
//! cargo bench --bench peers            # everything, about a minute
//! cargo bench --bench peers -- quick   # fewer repetitions
//! cargo bench --bench peers -- check   # only the cross-check of the emitted instructions
//! cargo bench --bench peers -- jit     # only the JIT rows and the machine's floor under them
//! cargo bench --bench peers -- emit    # everything but those
//! ```

use std::hint::black_box;
use std::time::Instant;

mod dynasm_rs;
mod floor;
mod iced;
mod ours;
mod params;

use params::{Params, BLOCK};

/// The instructions of one large assembly and the total of the small ones.
pub const TOTAL: usize = 1_000_000;
/// Instructions in each of the small assemblies.
pub const SMALL: usize = 400;
/// Functions in the live-functions benchmark.
pub const FUNCTIONS: usize = 10_000;
/// Cycles per repetition of the factorial benchmark.
pub const CYCLES: usize = 2_000;

/// How a workload fills its blocks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// (a) literal operands, local labels.
    Literal,
    /// (b) literal operands, two dynamic labels per block.
    LiteralDyn,
    /// (c) run-time operands, local labels.
    Runtime,
    /// (d) run-time operands, two dynamic labels per block.
    RuntimeDyn,
}

impl Variant {
    const ALL: [Variant; 4] = [Variant::Literal, Variant::LiteralDyn, Variant::Runtime, Variant::RuntimeDyn];

    fn key(self) -> &'static str {
        match self {
            Variant::Literal => "a",
            Variant::LiteralDyn => "b",
            Variant::Runtime => "c",
            Variant::RuntimeDyn => "d",
        }
    }
}

/// Runs `f` once to warm up (caches, the allocator's free lists), then `reps` times, and
/// returns the median time in nanoseconds and what `f` returned (the number of bytes emitted,
/// the same every run).
fn median_ns(reps: usize, mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut times = Vec::with_capacity(reps);
    let mut out = black_box(f());
    for _ in 0..reps {
        let t = Instant::now();
        out = black_box(f());
        times.push(t.elapsed().as_nanos() as f64);
    }
    times.sort_by(f64::total_cmp);
    (times[reps / 2], out)
}

fn report(row: &str, tool: &str, value: f64, unit: &str, bytes: usize) {
    println!("R\t{row}\t{tool}\t{value:.3}\t{unit}\t{bytes}");
}

/// One emit workload for one tool: `run(params, blocks per assembly, assemblies)` returns the
/// bytes emitted.
type Emit = fn(&[Params], usize, usize) -> usize;

/// A tool's emit workload for a variant.
type Pick = fn(Variant) -> Emit;

/// Grows the heap once before the emit rows, so that every tool's large assembly finds memory
/// the process already holds. glibc serves a large allocation from fresh pages of its own
/// mapping until a freed one raises its threshold; after that, such allocations come from a
/// heap it keeps. Without this, a row's cost of first touching fresh pages (3 µs a page on a
/// virtual machine just booted) depended on which tool happened to run before it.
fn warm_heap() {
    // Two blocks of 24 MiB, written (not zeroed, which fresh pages need no writing for): the
    // first from its own mapping, freed, which raises the threshold; the second from the heap,
    // whose pages the allocator then keeps.
    for _ in 0..2 {
        drop(black_box(vec![1u8; 24 << 20]));
    }
}

fn emit_rows(reps: usize, blocks: &[Params]) {
    warm_heap();
    let tools: [(&str, Pick); 4] = [
        ("ours", ours::emit),
        ("ours_new", ours::emit_fresh),
        ("dynasm", dynasm_rs::emit),
        ("iced", iced::emit),
    ];
    let big = TOTAL / BLOCK;
    let small = SMALL / BLOCK;
    for v in Variant::ALL {
        for (tool, pick) in tools {
            let run = pick(v);
            // One 1,000,000-instruction assembly: a fresh assembler either way, so ours once,
            // taking the bytes from the assembler it is done with.
            if tool != "ours_new" {
                let one = if tool == "ours" { ours::emit_fresh(v) } else { run };
                let (ns, bytes) = median_ns(reps, || one(black_box(&blocks[..big]), big, 1));
                report(&format!("{}_1M", v.key()), tool, ns / TOTAL as f64, "ns/instr", bytes);
            }
            let (ns, bytes) = median_ns(reps, || run(black_box(&blocks[..big]), small, TOTAL / SMALL));
            report(&format!("{}_400", v.key()), tool, ns / TOTAL as f64, "ns/instr", bytes);
        }
    }
}

fn rss_bytes() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: usize = statm.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    pages * 4096
}

/// Resident memory added by `make`'s live result, measured in a fresh process (this
/// program started again with `rss-ours` or `rss-dynasm`), so that memory the allocator kept
/// from earlier work does not hide it.
fn live_rss(tool: &str) -> Option<usize> {
    let out =
        std::process::Command::new(std::env::current_exe().ok()?).arg(format!("rss-{tool}")).output().ok()?;
    String::from_utf8_lossy(&out.stdout).trim().parse().ok()
}

/// The child's side of [`live_rss`]: prints the bytes that 10,000 live functions add.
fn print_rss<T>(make: impl Fn() -> T) {
    let before = rss_bytes();
    let live = make();
    let after = rss_bytes();
    drop(live);
    println!("{}", after.saturating_sub(before));
}

fn rss_rows() {
    for tool in ["ours", "dynasm"] {
        match live_rss(tool) {
            Some(rss) => report("rss10k", tool, rss as f64 / 1024.0, "KiB", 0),
            None => eprintln!("resident memory of {tool}: the measuring process failed"),
        }
    }
}

/// The machine's own cost of running code just written, one function at a time: the floor
/// under the two JIT rows.
fn floor_rows(reps: usize) {
    for (row, dual) in [("floor_dual", true), ("floor_rwx", false)] {
        let mut times: Vec<f64> = (0..reps).filter_map(|_| floor::write_and_call(FUNCTIONS, dual)).collect();
        times.sort_by(f64::total_cmp);
        match times.get(times.len() / 2) {
            Some(us) => report(row, "floor", *us, "us/fn", 0),
            None => eprintln!("{row}: the pages could not be mapped"),
        }
    }
}

fn jit_rows(reps: usize) {
    let (ns, _) = median_ns(reps, || ours::functions().len());
    report("jit10k", "ours", ns / 1e3 / FUNCTIONS as f64, "us/fn", 0);
    let (ns, _) = median_ns(reps, || dynasm_rs::functions().len());
    report("jit10k", "dynasm", ns / 1e3 / FUNCTIONS as f64, "us/fn", 0);
    let (ns, _) = median_ns(reps, || (0..CYCLES).map(|_| ours::factorial_cycle()).sum());
    report("fact", "ours", ns / 1e3 / CYCLES as f64, "us/cycle", ours::factorial_cycle());
    let (ns, _) = median_ns(reps, || (0..CYCLES).map(|_| dynasm_rs::factorial_cycle()).sum());
    report("fact", "dynasm", ns / 1e3 / CYCLES as f64, "us/cycle", dynasm_rs::factorial_cycle());
}

/// Decodes `bytes` into one line per instruction: its Intel text, or for a branch the index of
/// the instruction it goes to (so branch sizes do not matter).
fn listing(bytes: &[u8]) -> Vec<String> {
    use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
    let all: Vec<_> = Decoder::new(64, bytes, DecoderOptions::NONE).into_iter().collect();
    let index = |ip: u64| all.iter().position(|i| i.ip() == ip).unwrap_or(all.len());
    let mut f = IntelFormatter::new();
    all.iter()
        .map(|i| {
            if i.is_jcc_short_or_near() || i.is_call_near() {
                format!("{:?} -> {}", i.mnemonic(), index(i.near_branch_target()))
            } else {
                let mut text = String::new();
                f.format(i, &mut text);
                text
            }
        })
        .collect()
}

/// A few blocks from each tool must decode to the same instructions with the same operands and
/// branch targets (`jne` to its block's start, `call` to the next block); lengths may differ
/// (branch and immediate forms), which the table reports.
fn check_same_instructions(blocks: &[Params]) {
    let few = &blocks[..4];
    for v in Variant::ALL {
        let ours = listing(&ours::some_blocks(v, few));
        assert_eq!(ours.len(), few.len() * BLOCK, "{v:?}: ours emits {ours:#?}");
        for (k, line) in ours.iter().enumerate() {
            let block = k / BLOCK * BLOCK;
            match k % BLOCK {
                11 => assert_eq!(*line, format!("Jne -> {block}"), "{v:?}"),
                15 => assert_eq!(*line, format!("Call -> {}", block + BLOCK), "{v:?}"),
                _ => {}
            }
        }
        let theirs = [("dynasm", dynasm_rs::some_blocks(v, few)), ("iced", iced::some_blocks(v, few))];
        for (tool, bytes) in theirs {
            assert_eq!(listing(&bytes), ours, "{v:?}: {tool} emits other instructions");
        }
    }
}

fn main() {
    match std::env::args().nth(1).as_deref() {
        Some("rss-ours") => return print_rss(ours::functions),
        Some("rss-dynasm") => return print_rss(dynasm_rs::functions),
        _ => {}
    }
    // `cargo bench` passes `--bench`; `quick` (after `--`) cuts the repetitions, `jit` runs
    // only the JIT rows and the floor under them (scripts/bench.sh runs them in turns with
    // AsmJit's), `emit` everything else.
    let quick = std::env::args().any(|a| a == "quick");
    let reps = if quick { 3 } else { 7 };
    let jit_reps = if quick { 3 } else { 5 };
    if std::env::args().any(|a| a == "jit") {
        jit_rows(jit_reps);
        floor_rows(jit_reps);
        return;
    }
    let blocks = params::blocks(TOTAL / BLOCK);
    check_same_instructions(&blocks);
    if std::env::args().any(|a| a == "check") {
        println!("the same instructions from every tool");
        return;
    }
    // The first blocks' bytes, for scripts/bench.sh to compare with AsmJit's.
    for v in Variant::ALL {
        let hex: String = ours::some_blocks(v, &blocks[..4]).iter().map(|b| format!("{b:02x}")).collect();
        println!("H\t{}\tours\t{hex}", v.key());
    }
    emit_rows(reps, &blocks);
    rss_rows();
    if !std::env::args().any(|a| a == "emit") {
        jit_rows(jit_reps);
        floor_rows(jit_reps);
    }
}

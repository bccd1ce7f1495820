//! A Brainfuck JIT and interpreter.
//!
//! ```sh
//! cargo run --release --example bf -- examples/bf/hello.bf            # JIT
//! cargo run --release --example bf -- --interp examples/bf/hello.bf   # interpreter
//! cargo run --release --example bf -- --time examples/bf/nest.bf      # run time on stderr
//! ```
//!
//! Both modes run the same folded program: runs of `+`/`-` become one add, runs of `<`/`>` one
//! move, `[-]` and `[+]` set the cell to zero, and each `[`/`]` pair becomes a
//! compare-and-branch pair on two labels from `Assembler::new_label`. The tape has 30000 byte
//! cells, all zero at the start; cell values wrap modulo 256 and the data pointer wraps around
//! the tape's ends (moving left from cell 0 reaches cell 29999). `.` writes the cell to standard
//! output and `,` reads one byte from standard input (0 at end of input), both through
//! `extern "sysv64"` callbacks into Rust. Unbalanced brackets are rejected with the line and
//! column of the offending bracket, and the process exits with status 1.
use asm_macro::x86;
use asm_runtime::{Assembler, ExecBuffer};
use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::Instant;

/// Cells on the tape.
const TAPE: usize = 30000;

/// One folded operation.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
enum Op {
    /// Add to the cell (mod 256).
    Add(u8),
    /// Move the data pointer right by this many cells (mod `TAPE`).
    Move(u32),
    /// Set the cell to zero (`[-]`).
    Zero,
    /// `.`
    Out,
    /// `,`
    In,
    /// `[`: jump past the matching `]` (its index) if the cell is zero.
    Open(usize),
    /// `]`: jump back after the matching `[` (its index) if the cell is not zero.
    Close(usize),
}

/// Parses and folds `src`; an unbalanced bracket is an error naming its line and column.
fn parse(src: &str) -> Result<Vec<Op>, String> {
    let mut ops: Vec<Op> = Vec::new();
    let mut open: Vec<(usize, usize, usize)> = Vec::new(); // (op index, line, column)
    for (line_no, line) in src.lines().enumerate() {
        for (col, ch) in line.chars().enumerate() {
            let (line, col) = (line_no + 1, col + 1);
            match ch {
                '+' | '-' => {
                    let d = if ch == '+' { 1 } else { 255 };
                    match ops.last_mut() {
                        Some(Op::Add(n)) => *n = n.wrapping_add(d),
                        _ => ops.push(Op::Add(d)),
                    }
                    if ops.last() == Some(&Op::Add(0)) {
                        ops.pop();
                    }
                }
                '>' | '<' => {
                    let d = if ch == '>' { 1 } else { TAPE as u32 - 1 };
                    match ops.last_mut() {
                        Some(Op::Move(n)) => *n = (*n + d) % TAPE as u32,
                        _ => ops.push(Op::Move(d)),
                    }
                    if ops.last() == Some(&Op::Move(0)) {
                        ops.pop();
                    }
                }
                '.' => ops.push(Op::Out),
                ',' => ops.push(Op::In),
                '[' => {
                    open.push((ops.len(), line, col));
                    ops.push(Op::Open(0));
                }
                ']' => {
                    let (start, _, _) =
                        open.pop().ok_or(format!("unmatched `]` at line {line}, column {col}"))?;
                    if ops.len() == start + 2 && matches!(ops[start + 1], Op::Add(1 | 255)) {
                        ops.truncate(start);
                        ops.push(Op::Zero);
                    } else {
                        let end = ops.len();
                        ops[start] = Op::Open(end);
                        ops.push(Op::Close(start));
                    }
                }
                _ => {}
            }
        }
    }
    match open.pop() {
        Some((_, line, col)) => Err(format!("unmatched `[` at line {line}, column {col}")),
        None => Ok(ops),
    }
}

/// Buffered standard output and standard input, shared by both modes.
struct Io {
    out: Vec<u8>,
    input: std::io::Bytes<std::io::StdinLock<'static>>,
    failed: bool,
}

impl Io {
    fn new() -> Io {
        Io { out: Vec::with_capacity(1 << 16), input: std::io::stdin().lock().bytes(), failed: false }
    }

    fn put(&mut self, b: u8) {
        self.out.push(b);
        if self.out.len() >= 1 << 16 {
            self.flush();
        }
    }

    fn get(&mut self) -> u8 {
        self.flush();
        match self.input.next() {
            Some(Ok(b)) => b,
            _ => 0,
        }
    }

    fn flush(&mut self) {
        let mut o = std::io::stdout().lock();
        if o.write_all(&self.out).and_then(|()| o.flush()).is_err() {
            self.failed = true;
        }
        self.out.clear();
    }
}

/// Runs `ops` in the interpreter.
fn interpret(ops: &[Op], tape: &mut [u8], io: &mut Io) {
    let (mut pc, mut p) = (0, 0usize);
    while pc < ops.len() {
        match ops[pc] {
            Op::Add(n) => tape[p] = tape[p].wrapping_add(n),
            Op::Move(n) => p = (p + n as usize) % TAPE,
            Op::Zero => tape[p] = 0,
            Op::Out => io.put(tape[p]),
            Op::In => tape[p] = io.get(),
            Op::Open(end) if tape[p] == 0 => pc = end,
            Op::Close(start) if tape[p] != 0 => pc = start,
            Op::Open(_) | Op::Close(_) => {}
        }
        pc += 1;
    }
}

extern "sysv64" fn put_cb(io: *mut Io, b: u64) {
    // SAFETY: the JIT code passes back the `&mut Io` that `run_jit` gave it, which outlives
    // the call; no other reference to it is live meanwhile.
    unsafe { (*io).put(b as u8) }
}

extern "sysv64" fn get_cb(io: *mut Io) -> u64 {
    // SAFETY: as in `put_cb`.
    u64::from(unsafe { (*io).get() })
}

/// Compiles `ops` to `extern "sysv64" fn(tape: *mut u8, io: *mut Io)`. Registers: `rbx` = tape
/// base, `r12` = cell index (always in `0..TAPE`), `r13` = the `Io` for the callbacks.
fn compile(ops: &[Op]) -> Result<ExecBuffer, String> {
    let mut a = Assembler::new();
    let put = put_cb as extern "sysv64" fn(*mut Io, u64) as usize;
    let get = get_cb as extern "sysv64" fn(*mut Io) -> u64 as usize;
    let tape = TAPE as i32;
    x86!(a;
        push rbx;                               // three pushes: rsp 16-byte aligned at calls
        push r12;
        push r13;
        mov rbx, rdi;
        mov r13, rsi;
        xor r12d, r12d
    );
    let labels: Vec<_> = ops.iter().map(|_| a.new_label()).collect();
    let mut wraps = Vec::new();
    for (i, op) in ops.iter().enumerate() {
        match *op {
            Op::Add(n) => {
                let n = n as i8;
                x86!(a; add byte ptr [rbx + r12], {n});
            }
            Op::Move(n) => {
                // The index stays in 0..TAPE: past the right end, a cold stub wraps it. A
                // predicted branch keeps the index's dependency chain at one `add`.
                let n = n as i32;
                let (wrap, back) = (a.new_label(), a.new_label());
                x86!(a; add r12, {n}; cmp r12, {tape}; jae {wrap}; {back}:);
                wraps.push((wrap, back));
            }
            Op::Zero => x86!(a; mov byte ptr [rbx + r12], 0),
            Op::Out => x86!(a; mov rdi, r13; movzx esi, byte ptr [rbx + r12]; call {put}),
            Op::In => x86!(a; mov rdi, r13; call {get}; mov byte ptr [rbx + r12], al),
            Op::Open(end) => {
                let (after_close, body) = (labels[end], labels[i]);
                x86!(a; cmp byte ptr [rbx + r12], 0; je {after_close}; {body}:);
            }
            Op::Close(start) => {
                let (body, after) = (labels[start], labels[i]);
                x86!(a; cmp byte ptr [rbx + r12], 0; jne {body}; {after}:);
            }
        }
    }
    x86!(a; pop r13; pop r12; pop rbx; ret);
    for (wrap, back) in wraps {
        x86!(a; {wrap}: sub r12, {tape}; jmp {back});
    }
    a.finalize().map_err(|e| format!("JIT: {e}"))
}

fn run_jit(code: &ExecBuffer, tape: &mut [u8], io: &mut Io) {
    // SAFETY: the code is a complete `fn(*mut u8, *mut Io)` that keeps its index inside the
    // `TAPE` cells `tape` holds and passes `io` only to the callbacks; both outlive the call.
    let f = unsafe { code.entry::<extern "sysv64" fn(*mut u8, *mut Io)>() };
    f(tape.as_mut_ptr(), io);
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let interp = args.iter().any(|a| a == "--interp");
    let time = args.iter().any(|a| a == "--time");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [file] = files[..] else {
        eprintln!("usage: bf [--interp] [--time] FILE.bf");
        return ExitCode::from(2);
    };
    let ops = match std::fs::read_to_string(file)
        .map_err(|e| format!("cannot read {file}: {e}"))
        .and_then(|s| parse(&s).map_err(|e| format!("{file}: {e}")))
    {
        Ok(ops) => ops,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    let mut tape = vec![0u8; TAPE];
    let mut io = Io::new();
    let start = Instant::now();
    let (mode, compile_time, run_time) = if interp {
        interpret(&ops, &mut tape, &mut io);
        ("interpreter", 0.0, start.elapsed())
    } else {
        let code = match compile(&ops) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(1);
            }
        };
        let compiled = start.elapsed();
        let start = Instant::now();
        run_jit(&code, &mut tape, &mut io);
        ("jit", compiled.as_secs_f64() * 1e3, start.elapsed())
    };
    io.flush();
    if time {
        eprintln!(
            "time: {mode}: compile {compile_time:.3} ms, run {:.3} ms ({} folded operations)",
            run_time.as_secs_f64() * 1e3,
            ops.len()
        );
    }
    if io.failed {
        eprintln!("error: cannot write standard output");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

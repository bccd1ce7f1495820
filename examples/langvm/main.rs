//! A small stack VM with an interpreter and a JIT, reading the bytecode container of the
//! "JIT a RETURN instruction" tutorial (version 1) and a richer version 2 of our own.
//!
//! ```sh
//! cargo run --release --example langvm -- examples/langvm/programs/fib.vm        # interpreter
//! cargo run --release --example langvm -- -j examples/langvm/programs/fib.vm     # JIT
//! cargo run --release --example langvm -- --compile examples/langvm/programs/fib.vm -o fib.bin
//! cargo run --release --example langvm -- -j --time fib.bin
//! ```
//!
//! A `.vm` file is source text (see `text.rs` for the language); any other file is a binary
//! version 1 or 2 file (see `format.rs` for the layout). Every run ends by printing
//! `Return value is N` (N = the entry function's result). Both modes print the same output; a
//! function the JIT does not compile (one using `dbg`) runs in the interpreter, with a note on
//! standard error. Exit status: 0 success, 1 invalid input, 2 usage, 3 run-time error (division
//! by zero, `i64::MIN / -1`, a memory index out of bounds, call stack overflow).

mod format;
mod interp;
mod jit;
mod jit_ops;
mod program;
mod text;

use interp::{Machine, RuntimeError};
use program::{FuncInfo, Program, MAX_DEPTH};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Command-line options.
struct Options {
    jit: bool,
    time: bool,
    compile_to: Option<String>,
    file: String,
}

const USAGE: &str = "usage: langvm [-j] [--time] FILE\n       langvm --compile FILE.vm -o OUT";

fn parse_args(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let (mut jit, mut time, mut compile, mut out, mut file) = (false, false, false, None, None);
    let mut args = args.peekable();
    while let Some(a) = args.next() {
        match a.as_str() {
            "-j" | "--jit" => jit = true,
            "--time" => time = true,
            "--compile" => compile = true,
            "-o" => out = Some(args.next().ok_or("-o needs a file name")?),
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option `{s}`")),
            _ if file.is_some() => return Err(format!("more than one input file (`{a}`)")),
            _ => file = Some(a),
        }
    }
    let file = file.ok_or("no input file")?;
    let compile_to = match (compile, out) {
        (true, Some(o)) => Some(o),
        (true, None) => return Err("--compile needs `-o OUT`".into()),
        (false, Some(_)) => return Err("-o is only for --compile".into()),
        (false, None) => None,
    };
    Ok(Options { jit, time, compile_to, file })
}

/// Reads and verifies a program: `.vm` text or a binary file.
fn load(path: &str) -> Result<(Program, Vec<FuncInfo>), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let prog = if path.ends_with(".vm") {
        let src = String::from_utf8(bytes).map_err(|_| format!("{path}: not UTF-8 text"))?;
        text::compile(&src)
    } else {
        format::read(&bytes)
    }
    .map_err(|e| format!("{path}: {e}"))?;
    let infos = program::verify(&prog).map_err(|e| format!("{path}: {e}"))?;
    Ok((prog, infos))
}

/// What a run produced, for the caller to report.
struct Outcome {
    result: Result<i64, RuntimeError>,
    compile: Duration,
    run: Duration,
}

/// Runs `prog` in the chosen mode on the current thread.
fn execute(prog: &Program, infos: &[FuncInfo], use_jit: bool) -> Result<Outcome, String> {
    let mut m = Machine::new(prog);
    let start = Instant::now();
    let entry_is_compiled = jit::unsupported(&prog.funcs[prog.entry as usize]).is_none();
    if !use_jit {
        let result = m.call(prog.entry, &[], MAX_DEPTH);
        return finish(m, result, Duration::ZERO, start.elapsed());
    }
    let (code, notes) = jit::compile(prog, infos)?;
    for n in notes {
        eprintln!("{n}");
    }
    let compile = start.elapsed();
    let start = Instant::now();
    let result = if entry_is_compiled { jit::run(&code, &mut m) } else { m.call(prog.entry, &[], MAX_DEPTH) };
    finish(m, result, compile, start.elapsed())
}

fn finish(
    mut m: Machine<'_>,
    result: Result<i64, RuntimeError>,
    compile: Duration,
    run: Duration,
) -> Result<Outcome, String> {
    if let Ok(v) = result {
        let _ = m.out.print_line(&format!("Return value is {v}"));
    }
    m.out.flush().map_err(|t| t.to_string())?;
    Ok(Outcome { result, compile, run })
}

/// The stack the run thread needs: every frame at its largest, `MAX_DEPTH` deep, plus room for
/// the Rust code underneath.
fn stack_size(p: &Program, infos: &[FuncInfo]) -> usize {
    let frame = p.funcs.iter().zip(infos).map(|(f, i)| 8 * (f.nlocals + i.max_stack) as usize + 64).max();
    frame.unwrap_or(64) * MAX_DEPTH as usize + (16 << 20)
}

fn main() -> ExitCode {
    let opts = match parse_args(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (prog, infos) = match load(&opts.file) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    if let Some(out) = &opts.compile_to {
        return match std::fs::write(out, format::write_v2(&prog)) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write {out}: {e}");
                ExitCode::from(1)
            }
        };
    }
    let size = stack_size(&prog, &infos);
    let use_jit = opts.jit;
    let runner = std::thread::Builder::new()
        .stack_size(size)
        .spawn(move || execute(&prog, &infos, use_jit).map(|o| (o, prog)));
    let joined = match runner {
        Ok(handle) => handle.join().unwrap_or_else(|_| Err("the VM thread panicked".into())),
        Err(e) => Err(format!("cannot start the VM thread: {e}")),
    };
    let (outcome, prog) = match joined {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(1);
        }
    };
    if opts.time {
        let mode = if use_jit { "jit" } else { "interpreter" };
        eprintln!(
            "time: {mode}: compile {:.3} ms, run {:.3} ms",
            outcome.compile.as_secs_f64() * 1e3,
            outcome.run.as_secs_f64() * 1e3
        );
    }
    match outcome.result {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e.message(&prog));
            ExitCode::from(3)
        }
    }
}

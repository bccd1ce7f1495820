//! `x86asm`: assembles Intel-syntax x86-64 text with the run-time assembler.
//!
//! ```text
//! x86asm [--hex | --each | --run] [FILE]
//! ```
//!
//! Without a mode flag it prints a listing (offset, bytes, statement); `--hex` prints only the
//! bytes; `--each` assembles every input line on its own and prints one line of bytes (or an
//! error) per input line; `--run` runs the code as `extern "sysv64" fn() -> i64` and prints
//! the result. Input is FILE, or standard input when FILE is `-` or missing.

use std::io::{self, Read, Write};
use std::panic;
use std::process::ExitCode;

use asm_runtime::error::AsmError;
use asm_runtime::{text, Assembler};

const USAGE: &str = "\
usage: x86asm [--hex | --each | --run] [FILE]

Assembles Intel-syntax x86-64 assembly (llvm-mc / NASM style) from FILE, or from
standard input when FILE is `-` or missing.

modes:
  (none)    print a listing: offset, encoded bytes and statement, one line each
  --hex     print only the bytes of the whole input, as hex pairs on one line
  --each    assemble every input line on its own (at address 0) and print one
            line per input line: its bytes as hex pairs, or `error: message`
  --run     run the code as `extern \"sysv64\" fn() -> i64` and print the result
  --help    print this help

Errors are printed to standard error as FILE:line:col: error: message, and the
exit status is 1 (except with --each, which always exits with 0).
";

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
enum Mode {
    Listing,
    Hex,
    Each,
    Run,
}

struct Args {
    mode: Mode,
    /// `None` for standard input.
    file: Option<String>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut mode = None;
    let mut file: Option<Option<String>> = None;
    let mut options_done = false;
    for arg in std::env::args_os().skip(1) {
        let arg = arg.to_string_lossy().into_owned();
        let m = match arg.as_str() {
            _ if options_done => None,
            "--help" | "-h" => return Ok(None),
            "--hex" => Some(Mode::Hex),
            "--each" => Some(Mode::Each),
            "--run" => Some(Mode::Run),
            "--" => {
                options_done = true;
                continue;
            }
            "-" => None,
            s if s.starts_with('-') => return Err(format!("unknown option `{s}`")),
            _ => None,
        };
        if let Some(m) = m {
            if mode.is_some_and(|old| old != m) {
                return Err("choose one of --hex, --each and --run".into());
            }
            mode = Some(m);
            continue;
        }
        if file.is_some() {
            return Err("more than one input file".into());
        }
        file = Some(if arg == "-" && !options_done { None } else { Some(arg) });
    }
    Ok(Some(Args { mode: mode.unwrap_or(Mode::Listing), file: file.flatten() }))
}

fn read_input(file: Option<&str>) -> io::Result<String> {
    let mut bytes = Vec::new();
    match file {
        None => {
            io::stdin().lock().read_to_end(&mut bytes)?;
        }
        Some(path) => bytes = read_file(path)?,
    }
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Files at least this large are read in two halves on two threads.
#[cfg(unix)]
const SPLIT_READ: usize = 1 << 20;

/// The bytes of the file at `path`. A large file is read in two halves at once, one on a
/// second thread: copying into fresh pages is most of reading a file that is in the page
/// cache, and the two halves fault their pages in on two cores. (It also wakes the second core
/// before the assembler's parsing thread starts there.)
#[cfg(unix)]
fn read_file(path: &str) -> io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let file = std::fs::File::open(path)?;
    let len = file.metadata().map_or(0, |m| m.len());
    let Some(len) = usize::try_from(len).ok().filter(|&n| n >= SPLIT_READ) else {
        let mut bytes = Vec::new();
        (&file).read_to_end(&mut bytes)?;
        return Ok(bytes);
    };
    let mut bytes = vec![0u8; len];
    let (front, back) = bytes.split_at_mut(len / 2);
    let at = front.len() as u64;
    std::thread::scope(|s| {
        let file = &file;
        let back = s.spawn(move || file.read_exact_at(back, at));
        let front = file.read_exact_at(front, 0);
        back.join().unwrap_or_else(|_| Err(io::Error::other("the reading thread failed"))).and(front)
    })?;
    // Whatever the file grew by meanwhile, as a plain read would take it.
    io::Seek::seek(&mut &file, io::SeekFrom::Start(len as u64))?;
    (&file).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The bytes of the file at `path`.
#[cfg(not(unix))]
fn read_file(path: &str) -> io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// The bytes as hex pairs separated by spaces.
fn hex(bytes: &[u8]) -> String {
    // Each byte as its two digits and a space; the last space is cut off.
    let mut s = vec![0u8; bytes.len() * 3];
    for (out, b) in s.chunks_exact_mut(3).zip(bytes) {
        out.copy_from_slice(&HEX[usize::from(*b)]);
    }
    s.pop();
    // Only ASCII digits, letters and spaces were written.
    String::from_utf8(s).unwrap_or_default()
}

/// `bytes` as [`hex`] gives them and a newline, formatted a piece at a time.
fn write_hex(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    // Each piece's bytes as `xx ` triples in a fixed buffer; the space after the last byte of
    // the input becomes the newline.
    let mut buf = [0u8; 3 * 4096];
    let mut pieces = bytes.chunks(4096).peekable();
    while let Some(piece) = pieces.next() {
        for (o, b) in buf.chunks_exact_mut(3).zip(piece) {
            o.copy_from_slice(&HEX[usize::from(*b)]);
        }
        let n = 3 * piece.len();
        if pieces.peek().is_none() {
            buf[n - 1] = b'\n';
        }
        out.write_all(&buf[..n])?;
    }
    if bytes.is_empty() {
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// `HEX[b]` is byte `b` as two lowercase hex digits and a space.
const HEX: [[u8; 3]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut t = [[0u8; 3]; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = [DIGITS[i >> 4], DIGITS[i & 15], b' '];
        i += 1;
    }
    t
};

/// The message of an error without its location.
fn describe(e: &AsmError) -> String {
    text::error_message(e)
}

/// Prints `FILE:line:col: error: message`, then the source line and a caret under the column.
fn report(name: &str, src: &str, e: &AsmError) {
    let _ = io::stderr().lock().write_all(text::render_error(name, src, e).as_bytes());
}

/// Parses and assembles the whole input in one pass; reports every syntax error, or the first
/// other one.
fn assemble(name: &str, src: &str, listing: bool) -> Option<Assembler> {
    let mut a = Assembler::new();
    a.set_listing(listing);
    if let Err(errors) = a.assemble_source(src) {
        for e in &errors {
            report(name, src, e);
        }
        return None;
    }
    Some(a)
}

/// One `--each` line: its bytes, an empty string for no code, or `error: message`.
fn each_line(line: &str) -> String {
    let program = match text::parse(line) {
        Ok(p) => p,
        Err(errors) => {
            return match errors.first() {
                Some(e) => format!("error: {}", describe(e)),
                None => "error: syntax error".into(),
            }
        }
    };
    if program.stmts.is_empty() {
        return String::new();
    }
    let mut a = Assembler::new();
    if let Err(e) = a.assemble_program(&program) {
        return format!("error: {}", describe(&e));
    }
    match a.assemble_at(0) {
        Ok(code) => hex(&code.bytes),
        Err(e) => format!("error: {}", describe(&e)),
    }
}

fn run_each(src: &str) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    for line in src.lines() {
        let result =
            panic::catch_unwind(|| each_line(line)).unwrap_or_else(|_| "error: internal error".to_string());
        writeln!(out, "{result}")?;
    }
    out.flush()
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(m) => {
            eprintln!("x86asm: {m}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let name = args.file.clone().unwrap_or_else(|| "<stdin>".to_string());
    let src = match read_input(args.file.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("x86asm: cannot read {name}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = io::stdout().lock();
    match args.mode {
        Mode::Each => {
            drop(out);
            // Output stops when the reader goes away; that is not a failure of the input.
            let _ = run_each(&src);
            ExitCode::SUCCESS
        }
        Mode::Listing | Mode::Hex => {
            let Some(a) = assemble(&name, &src, args.mode == Mode::Listing) else {
                return ExitCode::FAILURE;
            };
            // Hex needs only the bytes: the assembler's own buffer, written in pieces.
            let laid =
                if args.mode == Mode::Hex { a.into_bytes(0).map(Ok) } else { a.assemble_at(0).map(Err) };
            let written = match laid {
                Ok(Ok(bytes)) => write_hex(&mut out, &bytes),
                Ok(Err(code)) => write!(out, "{}", code.listing_text()),
                Err(e) => {
                    report(&name, &src, &e);
                    return ExitCode::FAILURE;
                }
            };
            if written.and_then(|()| out.flush()).is_err() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Mode::Run => {
            let Some(a) = assemble(&name, &src, false) else {
                return ExitCode::FAILURE;
            };
            let code = match a.finalize() {
                Ok(c) => c,
                Err(e) => {
                    report(&name, &src, &e);
                    return ExitCode::FAILURE;
                }
            };
            // SAFETY: running the user's code is what `--run` is for; the user promises that it
            // is a function of this type that returns normally.
            let f = unsafe { code.entry::<extern "sysv64" fn() -> i64>() };
            let v = f();
            if writeln!(out, "{v}").and_then(|()| out.flush()).is_err() {
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_output_in_pieces_is_the_hex_of_the_whole() {
        for n in [0, 1, 2, 4095, 4096, 4097, 8192, 10_000] {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 % 256) as u8).collect();
            let mut out = Vec::new();
            write_hex(&mut out, &bytes).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), format!("{}\n", hex(&bytes)), "{n} bytes");
        }
    }
}

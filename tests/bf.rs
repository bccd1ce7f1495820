//! Runs the `bf` example on every program in examples/bf in both modes (JIT and `--interp`) and
//! checks both against output computed here from what the program means; checks the tape's
//! wrap-around, input, and that unbalanced brackets are rejected with their position.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

struct Run {
    status: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn bf(args: &[&str], input: &[u8]) -> Run {
    let path = common::example_path("bf");
    let mut child = Command::new(&path)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    child.stdin.take().expect("stdin").write_all(input).expect("write stdin");
    let out = child.wait_with_output().expect("bf runs");
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `file` in both modes with `input`; both must succeed with the same output.
fn both_modes(file: &str, input: &[u8]) -> Vec<u8> {
    let jit = bf(&[file], input);
    let interp = bf(&["--interp", file], input);
    assert_eq!(jit.status, 0, "{file} (jit): {}", jit.stderr);
    assert_eq!(interp.status, 0, "{file} (interpreter): {}", interp.stderr);
    assert_eq!(jit.stdout, interp.stdout, "{file}: JIT and interpreter disagree");
    jit.stdout
}

fn program(name: &str) -> String {
    format!("{}/examples/bf/{name}.bf", env!("CARGO_MANIFEST_DIR"))
}

fn temp_program(name: &str, src: &str) -> String {
    let dir = std::env::temp_dir().join(format!("bf-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, src).expect("write program");
    path.to_string_lossy().into_owned()
}

#[test]
fn hello_world() {
    assert_eq!(both_modes(&program("hello"), b""), b"Hello, World!\n");
}

#[test]
fn counter() {
    let expected: String = (0..10).map(|d| format!("{d}\n")).collect();
    assert_eq!(both_modes(&program("counter"), b""), expected.as_bytes());
}

#[test]
fn long_loop_nest() {
    let rounds: u64 = 90 * 110 * 100 * 101;
    let c4 = ((rounds + 95) % 256) as u8;
    let c5 = ((3 * rounds + 123) % 256) as u8;
    assert_eq!(both_modes(&program("nest"), b""), [c4, c5, b'\n']);
}

#[test]
fn rule_30() {
    let (width, generations) = (31, 16);
    let mut row = vec![false; width];
    row[width / 2] = true;
    let mut expected = String::new();
    for _ in 0..generations {
        expected.extend(row.iter().map(|&on| if on { '#' } else { ' ' }));
        expected.push('\n');
        let at = |i: isize| i >= 0 && (i as usize) < width && row[i as usize];
        row = (0..width as isize).map(|i| at(i - 1) ^ (at(i) || at(i + 1))).collect();
    }
    assert_eq!(String::from_utf8(both_modes(&program("rule30"), b"")).unwrap(), expected);
}

#[test]
fn tape_wraps_around() {
    // Left of cell 0 is cell 29999; 30000 steps right come back to the same cell.
    let f = temp_program("wrap.bf", &format!("<+.{}+.>+.<++.", ">".repeat(30000)));
    assert_eq!(both_modes(&f, b""), [1, 2, 1, 4]);
}

#[test]
fn input_reads_bytes_and_zero_at_end() {
    let f = temp_program("echo.bf", ",.,.,+.");
    assert_eq!(both_modes(&f, b"AB"), [b'A', b'B', 1]);
}

#[test]
fn unbalanced_brackets_are_rejected() {
    for (name, src, message) in [
        ("open.bf", "+[[-]\n", "unmatched `[` at line 1, column 2"),
        ("close.bf", "+\n+]-[", "unmatched `]` at line 2, column 2"),
        ("close_first.bf", "]", "unmatched `]` at line 1, column 1"),
    ] {
        let f = temp_program(name, src);
        for mode in [&[][..], &["--interp"][..]] {
            let args: Vec<&str> = mode.iter().copied().chain([f.as_str()]).collect();
            let r = bf(&args, b"");
            assert_eq!(r.status, 1, "{name}");
            assert!(r.stdout.is_empty(), "{name}");
            assert!(r.stderr.contains(message), "{name}: {}", r.stderr);
        }
    }
}

//! The `x86asm` command-line tool: `--each`, `--hex`, listings, `--run` and exit codes.
//!
//! Expected bytes come from `llvm-mc -x86-asm-syntax=intel -output-asm-variant=1 -show-encoding`.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The profile directory the tests were built into (`target/debug` or `target/release`).
fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/x86asm_cli-<hash>
    match exe.parent().and_then(|deps| deps.parent()) {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("debug"),
    }
}

/// Builds `x86asm` (it belongs to another package of the workspace) once and returns its path.
fn x86asm() -> &'static PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let dir = profile_dir();
        let mut build = Command::new(env!("CARGO"));
        build.current_dir(env!("CARGO_MANIFEST_DIR")).args([
            "build",
            "-q",
            "-p",
            "asm-runtime",
            "--bin",
            "x86asm",
        ]);
        if dir.file_name().is_some_and(|n| n == "release") {
            build.arg("--release");
        }
        let status = build.status().expect("run cargo build");
        assert!(status.success(), "building x86asm failed");
        let bin = dir.join("x86asm");
        assert!(bin.exists(), "{} not found", bin.display());
        bin
    })
}

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(x86asm())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start x86asm");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.as_bytes().to_vec();
    // Write from another thread so a large output cannot block the child while we write.
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().expect("wait for x86asm");
    writer.join().expect("writer thread");
    out
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_file(name: &str, contents: &str) -> PathBuf {
    let dir = profile_dir().join("x86asm-cli-test");
    std::fs::create_dir_all(&dir).expect("create temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write temp file");
    path
}

#[test]
fn each_prints_one_line_per_input_line() {
    let input = "add rax, rbx\n\
                 mov eax, 1; ret\n\
                 \n\
                 # only a comment\n\
                 l1: dec rcx; jnz l1\n\
                 mov rax, foo\n\
                 )))garbage[[[ '\u{e9}\"\n\
                 add rax rbx\n\
                 frobnicate rax\n\
                 jmp nowhere\n\
                 db \"hi\", 0\r\n\
                 mov rax, qword ptr fs:[0x28]\n\
                 lea rax, [rip + 8]\n\
                 mov al, 'a'\n\
                 lonely:\n\
                 mov qword ptr [rbx + rcx*8 - 16], 5\n\
                 mov rax, [rbx + rcx*3]\n";
    let o = run(&["--each"], input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), input.lines().count(), "{out}");
    assert_eq!(lines[0], "48 01 d8");
    assert_eq!(lines[1], "b8 01 00 00 00 c3");
    assert_eq!(lines[2], "");
    assert_eq!(lines[3], "");
    assert_eq!(lines[4], "48 ff c9 75 fb");
    assert_eq!(lines[5], "error: unknown register `foo`");
    assert!(lines[6].starts_with("error: "), "{}", lines[6]);
    assert_eq!(
        lines[7],
        "error: expected `,` or `;` after operand, found `rbx` (a `;` is probably missing before it)"
    );
    assert!(lines[8].starts_with("error: unknown mnemonic `frobnicate`"), "{}", lines[8]);
    assert_eq!(lines[9], "error: undefined label `nowhere`");
    assert_eq!(lines[10], "68 69 00");
    assert_eq!(lines[11], "64 48 8b 04 25 28 00 00 00");
    assert_eq!(lines[12], "48 8d 05 08 00 00 00");
    assert_eq!(lines[13], "b0 61");
    assert_eq!(lines[14], "");
    assert_eq!(lines[15], "48 c7 44 cb f0 05 00 00 00");
    assert_eq!(lines[16], "error: scale must be 1, 2, 4 or 8, found 3");
}

#[test]
fn each_survives_garbage() {
    const PIECES: &[&str] = &[
        "mov",
        "rax",
        "eax",
        "al",
        "ah",
        "r12",
        "xmm3",
        "rip",
        "[",
        "]",
        ",",
        "+",
        "-",
        "*",
        "(",
        ")",
        ":",
        ";",
        " ",
        "'",
        "\"",
        "\\",
        "#",
        "//",
        "0x",
        "0xffffffffffffffffff",
        "1.5",
        "e+",
        "9",
        "8",
        "4",
        "qword",
        "ptr",
        "byte",
        "fs",
        "rel",
        "@",
        "@x",
        "l1",
        "l1:",
        "jmp",
        "jne",
        "call",
        "loop",
        "short",
        "near",
        "times",
        "1000",
        "db",
        "dw",
        "dd",
        "dq",
        "align",
        ".p2align",
        ".asciz",
        "~",
        "\u{e9}",
        "\u{0}",
        "\u{202e}",
        "\t",
        "lock",
        "rep",
        "movsb",
        "add",
        "lea",
        "push",
        "pop",
        "ret",
        "nop",
        "imul",
        "shl",
        "cl",
        "'a'",
        "\"s\"",
        "\\x",
        "0b",
        "0o9",
        "ffh",
        "$",
        ".",
        "[rip+l1]",
        "rcx*8",
        "*3",
        "a - b",
        "999999999999999999999999999",
    ];
    let mut rng = fastrand::Rng::with_seed(0x2545_F491_4F6C_DD1D);
    let mut input = String::new();
    let mut count = 0;
    for _ in 0..3000 {
        let n = rng.usize(..10);
        for _ in 0..n {
            input.push_str(PIECES[rng.usize(..PIECES.len())]);
            if rng.usize(..2) == 0 {
                input.push(' ');
            }
        }
        input.push('\n');
        count += 1;
    }
    // Raw bytes that are not UTF-8 are read lossily.
    let o = run(&["--each"], &input);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), count);
    for (l, src) in lines.iter().zip(input.lines()) {
        let is_hex = l.split(' ').all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(l.is_empty() || is_hex || l.starts_with("error: "), "{src:?} -> {l:?}");
        assert_ne!(*l, "error: internal error", "{src:?}");
    }
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
}

#[test]
fn hex_prints_all_bytes_on_one_line() {
    let o = run(&["--hex"], "push rbp\nmov rbp, rsp\njmp l\nnop\nl: ret\n");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "55 48 89 e5 eb 01 90 c3\n");

    let o = run(&["--hex", "-"], "lock add qword ptr [rax], 1; rep movsb");
    assert_eq!(stdout(&o), "f0 48 83 00 01 f3 a4\n");

    let o = run(&["--hex"], "nop\n  mov rax, foo\nadd rax rbx\n");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    let err = stderr(&o);
    assert!(
        err.contains("<stdin>:2:12: error: unknown register `foo`\n  mov rax, foo\n           ^\n"),
        "{err}"
    );
    assert!(err.contains("<stdin>:3:9: error: expected `,` or `;` after operand, found `rbx` (a `;` is probably missing before it)"), "{err}");

    // Errors found while assembling have locations too, where there is one.
    let o = run(&["--hex"], "ret\nmov rax, ebx\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("<stdin>:2:"), "{}", stderr(&o));
    let o = run(&["--hex"], "jmp nowhere\n");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o), "<stdin>: error: undefined label `nowhere`\n");
}

/// A file of more than a megabyte (read in two halves on two threads) gives what the same text
/// gives on stdin, and an error in its second half has its line.
#[test]
fn a_large_file_reads_as_its_text_does() {
    let lines: Vec<String> =
        (0..60_000).map(|k| format!("mov eax, {k}; add rax, qword ptr [rbx + {}]", k % 1000)).collect();
    let text = lines.join("\n") + "\n";
    assert!(text.len() > 2 << 20, "{} bytes", text.len());
    let path = temp_file("large.s", &text);
    let from_file = run(&["--hex", path.to_str().expect("utf-8 path")], "");
    let from_stdin = run(&["--hex"], &text);
    assert_eq!(from_file.status.code(), Some(0), "{}", stderr(&from_file));
    assert_eq!(stdout(&from_file), stdout(&from_stdin));
    let n = stdout(&from_file).split_whitespace().count();
    assert!(n > 60_000 * 8, "{n} bytes");

    let mut bad = lines;
    bad[50_000] = "mov eax, rbx".into();
    let path = temp_file("large_bad.s", &(bad.join("\n") + "\n"));
    let o = run(&["--hex", path.to_str().expect("utf-8 path")], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("large_bad.s:50001:"), "{}", stderr(&o));
}

#[test]
fn gnu_header_directives_are_accepted() {
    // What `gcc -S -masm=intel` and hand-written GNU files start with.
    let o = run(&["--hex"], ".intel_syntax noprefix\n.text\npush rbp\nret\n");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "55 c3\n");
    let o = run(&["--hex"], ".intel_syntax\n.text\nnop\n");
    assert_eq!(stdout(&o), "90\n");

    let o = run(&["--hex"], "nop\n.att_syntax\n");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).starts_with(
            "<stdin>:2:1: error: only Intel syntax is supported: `.att_syntax` cannot be used\n.att_syntax\n^\n"
        ),
        "{}",
        stderr(&o)
    );
    let o = run(&["--hex"], ".data\nnop\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown directive `.data`"), "{}", stderr(&o));
}

#[test]
fn listing_shows_offsets_bytes_and_statements() {
    let path = temp_file("listing.s", "start:\n    add  rax,   rbx   # sum\n    jmp start\ndata: db 1, 2\n");
    let o = run(&[path.to_str().expect("utf-8 path")], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 5, "{out}");
    assert!(lines[0].starts_with("0000:") && lines[0].ends_with("start:"), "{out}");
    assert!(lines[1].starts_with("0000: 48 01 d8 ") && lines[1].ends_with(" add rax, rbx"), "{out}");
    assert!(lines[2].starts_with("0003: eb fb ") && lines[2].ends_with(" jmp start"), "{out}");
    assert!(lines[3].starts_with("0005:") && lines[3].ends_with("data:"), "{out}");
    assert!(lines[4].starts_with("0005: 01 02 ") && lines[4].ends_with(" db 1, 2"), "{out}");

    let bad = temp_file("bad.s", "nop\nmov rax, [rbx\n");
    let name = bad.to_str().expect("utf-8 path");
    let o = run(&[name], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with(&format!("{name}:2:14: error: expected `]`")), "{}", stderr(&o));

    let o = run(&["/nonexistent/x86asm/input.s"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
}

#[test]
fn run_calls_the_code() {
    let o = run(&["--run"], "mov eax, 40\nadd rax, 2\nret\n");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout(&o), "42\n");
    let o = run(&["--run"], "mov rax, -7; ret");
    assert_eq!(stdout(&o), "-7\n");
}

#[test]
fn help_and_bad_arguments() {
    let o = run(&["--help"], "");
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("usage: x86asm"));
    let o = run(&["--bogus"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown option `--bogus`"));
    let o = run(&["--hex", "--each"], "");
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["a.s", "b.s"], "");
    assert_eq!(o.status.code(), Some(2));
}

/// The caret is under the token the error blames: the second of two conflicting operands, a
/// register inside an address, the prefix; and the words are the macro's.
#[test]
fn carets_point_at_the_offending_token() {
    let cases = [
        (
            "mov rax, ebx\n",
            "<stdin>:1:10: error: `mov` has no form `r64, r32`: operand sizes differ (rax is 64-bit, ebx is 32-bit)",
            "mov rax, ebx\n         ^\n",
        ),
        (
            "  mov rax, [eax + rbx*2]\n",
            "<stdin>:1:19: error: `eax` and `rbx` differ in size",
            "  mov rax, [eax + rbx*2]\n                  ^\n",
        ),
        ("nop\nlock mov qword ptr [rax], rbx\n", "<stdin>:2:1: error: `lock` is not allowed on `mov`", "\n^\n"),
        ("mov ah, sil\n", "<stdin>:1:9: error: `sil` cannot be used together with `ah`", "mov ah, sil\n        ^\n"),
        ("jmp xmm32\n", "<stdin>:1:5: error: `xmm32` is not a register", "jmp xmm32\n    ^\n"),
    ];
    for (src, head, caret) in cases {
        let o = run(&["--hex"], src);
        assert_eq!(o.status.code(), Some(1), "{src}");
        let err = stderr(&o);
        assert!(err.starts_with(head), "{src}: {err}");
        assert!(err.ends_with(caret), "{src}: {err}");
    }
}

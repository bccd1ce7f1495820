//! Runs the `langvm` example on every program in both modes (interpreter and `-j`), checks that
//! the two agree and that they print what a Rust computation of the same thing says; checks the
//! binary formats (version 1 written here byte by byte, version 2 by hand and by `--compile`)
//! and that bad input is rejected with a message and a non-zero status.

mod common;

use std::path::PathBuf;
use std::process::Command;

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn langvm(args: &[&str]) -> Run {
    let path = common::example_path("langvm");
    let out = Command::new(&path).args(args).output().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Run {
        status: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn program(name: &str) -> String {
    format!("{}/examples/langvm/programs/{name}.vm", env!("CARGO_MANIFEST_DIR"))
}

/// Runs `file` in both modes, checks both succeed with the same output and returns it.
fn both_modes(file: &str) -> String {
    let interp = langvm(&[file]);
    let jit = langvm(&["-j", file]);
    assert_eq!(interp.status, 0, "{file} (interpreter): {}", interp.stderr);
    assert_eq!(jit.status, 0, "{file} (jit): {}", jit.stderr);
    assert_eq!(interp.stdout, jit.stdout, "{file}: interpreter and JIT disagree");
    interp.stdout
}

fn lines<T: ToString>(values: impl IntoIterator<Item = T>, ret: i64) -> String {
    let mut s: String = values.into_iter().map(|v| v.to_string() + "\n").collect();
    s += &format!("Return value is {ret}\n");
    s
}

fn fib(n: i64) -> i64 {
    if n < 2 {
        n
    } else {
        fib(n - 1) + fib(n - 2)
    }
}

#[test]
fn fibonacci() {
    assert_eq!(both_modes(&program("fib")), lines((0..25).map(fib), fib(27)));
}

fn is_prime(n: i64) -> bool {
    n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| n % d != 0)
}

#[test]
fn primes_sieve() {
    let below_100 = (0..100).filter(|&n| is_prime(n));
    let count = (0..60000).filter(|&n| is_prime(n)).count() as i64;
    assert_eq!(both_modes(&program("sieve")), lines(below_100, count));
}

/// Euclid with the VM's truncating `mod`, as the program does it.
fn gcd(mut a: i64, mut b: i64) -> i64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[test]
fn gcd_pairs() {
    let pairs = [(48, 18), (17, 5), (0, 9), (1000000007, 998244353), (2147483648, 4294967296), (-12, 18)];
    assert_eq!(both_modes(&program("gcd")), lines(pairs.map(|(a, b)| gcd(a, b)), 21));
}

#[test]
fn nested_loops() {
    let (mut sum, mut tri) = (0i64, 0i64);
    for i in 0..1500i64 {
        for j in 0..1500i64 {
            sum += (i * j) % 7;
            tri += i64::from(j <= i);
        }
    }
    assert_eq!(both_modes(&program("nested")), lines([sum, tri], sum - tri));
}

fn ack(m: i64, n: i64) -> i64 {
    match (m, n) {
        (0, n) => n + 1,
        (m, 0) => ack(m - 1, 1),
        (m, n) => ack(m - 1, ack(m, n - 1)),
    }
}

#[test]
fn recursion_ackermann() {
    let expected = (0..=5).flat_map(|n| [ack(2, n), ack(3, n)]);
    assert_eq!(both_modes(&program("ackermann")), lines(expected, ack(3, 6)));
}

#[test]
fn mutual_recursion() {
    let parities = (0..10).map(|i| i64::from(i % 2 == 0)).chain([1]);
    assert_eq!(both_modes(&program("evenodd")), lines(parities, 1));
}

#[test]
fn collatz_benchmark() {
    let steps = |mut n: i64| {
        let mut s = 0;
        while n != 1 {
            n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };
            s += 1;
        }
        s
    };
    let (mut best, mut arg) = (0, 0);
    for i in 1..100000 {
        let s = steps(i);
        if s > best {
            (best, arg) = (s, i);
        }
    }
    assert_eq!(both_modes(&program("collatz")), lines([best], arg));
}

#[test]
fn loop_benchmark() {
    let mut acc = 0i64;
    for i in 0..20_000_000i64 {
        acc = (acc + i) * 3 % 1000003;
    }
    assert_eq!(both_modes(&program("loop")), lines::<i64>([], acc));
}

#[test]
fn dbg_falls_back_to_the_interpreter() {
    // show(a, 10) prints [a, 10], [a + 10], [a + 10, a*a] and returns a + 10 + a*a.
    let mut expected = String::new();
    let mut total = 0;
    for a in 0..3i64 {
        expected += &format!("[{a}, 10]\n[{}]\n[{}, {}]\n", a + 10, a + 10, a * a);
        total += a + 10 + a * a;
    }
    expected += &format!("{total}\nReturn value is 49\n");
    assert_eq!(both_modes(&program("dbg")), expected);
    let jit = langvm(&["-j", &program("dbg")]);
    assert!(jit.stderr.contains("`show` uses `dbg`"), "no fallback note: {}", jit.stderr);
    assert!(langvm(&[&program("dbg")]).stderr.is_empty());
}

#[test]
fn characters_constants_and_stack_operations() {
    let values = [
        0x123456789i64,
        i64::MIN,
        i64::MAX.wrapping_add(1),
        -5,
        2 - 1,
        42,
        1,
        1,
        0,
        1,
        -7 / 2,
        -7 % 2,
        -7,
        0,
        1_000_000i64.wrapping_pow(4),
    ];
    assert_eq!(both_modes(&program("hello")), "Hi!\n".to_string() + &lines(values, 42));
}

#[test]
fn more_values_than_registers() {
    let weigh = |v: [i64; 8]| v.iter().zip(1..).map(|(x, w)| x * w).sum::<i64>();
    let l: Vec<i64> = (3..=12).rev().collect(); // l0 = 12 .. l9 = 3
    let expected = [
        weigh([l[9], l[8], l[7], l[6], l[5], l[4], l[3], l[2]]),
        600 + weigh([1; 8]),
        i64::from(l[0] < l[1]),
        l[0] / l[9],
        l[0] % l[9],
        l[1] + (-l[0]) * (-l[0]),
    ];
    assert_eq!(both_modes(&program("deepstack")), lines(expected, l[0]));
}

/// Runs an erroring program in both modes: same stdout, same message, status 3.
fn runtime_error(name: &str, stdout: &str, message: &str) {
    let file = program(name);
    for mode in [&[][..], &["-j"][..]] {
        let args: Vec<&str> = mode.iter().copied().chain([file.as_str()]).collect();
        let r = langvm(&args);
        assert_eq!(r.status, 3, "{name} {mode:?}: {}", r.stderr);
        assert_eq!(r.stdout, stdout, "{name} {mode:?}");
        assert_eq!(r.stderr.trim_end(), format!("error: {message}"), "{name} {mode:?}");
    }
}

#[test]
fn division_errors_are_clean() {
    runtime_error("divzero", "10\n", "runtime error in `half_of_ratio` at operation 2: division by zero");
    runtime_error(
        "overflow",
        "-7\n",
        "runtime error in `main` at operation 6: overflow: i64::MIN divided by -1",
    );
    runtime_error(
        "modoverflow",
        "",
        "runtime error in `main` at operation 2: overflow: i64::MIN divided by -1",
    );
}

#[test]
fn memory_and_stack_limits() {
    runtime_error(
        "memoob",
        "9\n",
        "runtime error in `main` at operation 7: memory index 65536 out of bounds (0..65536)",
    );
    runtime_error("runaway", "", "runtime error in `down` at operation 0: call stack overflow");
}

/// A fresh path in the temporary directory for this test run.
fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("langvm-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

/// A version 1 file: cookie, version, count, then `{ u32 op; i64 param }` each.
fn v1(ops: &[(u32, i64)]) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(&0xdeadbeefu32.to_le_bytes());
    b.extend_from_slice(&1u32.to_le_bytes());
    b.extend_from_slice(&(ops.len() as u32).to_le_bytes());
    for &(op, param) in ops {
        b.extend_from_slice(&op.to_le_bytes());
        b.extend_from_slice(&param.to_le_bytes());
    }
    b
}

fn write(name: &str, bytes: &[u8]) -> String {
    let path = temp(name);
    std::fs::write(&path, bytes).expect("write temp file");
    path.to_string_lossy().into_owned()
}

#[test]
fn version_1_files() {
    for (name, value) in
        [("v1_42.bin", 42), ("v1_neg.bin", -1), ("v1_big.bin", i64::MAX), ("v1_min.bin", i64::MIN)]
    {
        let f = write(name, &v1(&[(1, value)]));
        assert_eq!(both_modes(&f), format!("Return value is {value}\n"));
    }
    // The first RETURN returns.
    let f = write("v1_two.bin", &v1(&[(1, 7), (1, 8)]));
    assert_eq!(both_modes(&f), "Return value is 7\n");
}

#[test]
fn version_2_file_written_by_hand() {
    // entry 0; one function "main", 0 args, 0 locals, ops: push 6, push 7, mul, ret.
    let mut b = Vec::new();
    for w in [0xdeadbeefu32, 2, 1, 0, 4] {
        b.extend_from_slice(&w.to_le_bytes());
    }
    b.extend_from_slice(b"main");
    for w in [0u32, 0, 4] {
        b.extend_from_slice(&w.to_le_bytes());
    }
    for (op, param) in [(3u32, 6i64), (3, 7), (11, 0), (2, 0)] {
        b.extend_from_slice(&op.to_le_bytes());
        b.extend_from_slice(&param.to_le_bytes());
    }
    assert_eq!(both_modes(&write("v2_hand.bin", &b)), "Return value is 42\n");
}

#[test]
fn compiled_binaries_run_like_their_source() {
    for name in ["fib", "sieve", "gcd", "evenodd", "hello", "dbg", "deepstack"] {
        let out = temp(&format!("{name}.bin")).to_string_lossy().into_owned();
        let r = langvm(&["--compile", &program(name), "-o", &out]);
        assert_eq!(r.status, 0, "{name}: {}", r.stderr);
        let bytes = std::fs::read(&out).expect("compiled file");
        assert_eq!(bytes[..8], [0xef, 0xbe, 0xad, 0xde, 2, 0, 0, 0], "{name}: cookie and version 2");
        assert_eq!(both_modes(&out), both_modes(&program(name)), "{name}");
    }
}

/// A file that must be rejected before running: status 1, nothing on stdout, `message` on stderr.
fn rejected(name: &str, bytes: &[u8], message: &str) {
    let f = write(name, bytes);
    for mode in [&[][..], &["-j"][..]] {
        let args: Vec<&str> = mode.iter().copied().chain([f.as_str()]).collect();
        let r = langvm(&args);
        assert_eq!(r.status, 1, "{name}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{name}: {}", r.stdout);
        assert!(r.stderr.starts_with("error: ") && r.stderr.contains(message), "{name}: {}", r.stderr);
    }
}

#[test]
fn bad_files_are_rejected() {
    let good = v1(&[(1, 42)]);
    rejected("empty.bin", &[], "file truncated at byte 0: cookie");
    rejected("short_header.bin", &good[..6], "file truncated at byte 4: version");
    rejected("no_count.bin", &good[..8], "file truncated at byte 8: operation count");
    rejected("short_op.bin", &good[..good.len() - 3], "operation count says 1, but only 9 bytes follow");
    let mut long_count = good.clone();
    long_count[8] = 2;
    rejected("count_past_end.bin", &long_count, "operation count says 2, but only 12 bytes follow");
    let mut cookie = good.clone();
    cookie[0] = 0xee;
    rejected("cookie.bin", &cookie, "bad cookie 0xdeadbeee");
    let mut version = good.clone();
    version[4] = 3;
    rejected("version.bin", &version, "unsupported version 3");
    rejected("unknown_op.bin", &v1(&[(1, 1), (7, 0)]), "operation 1: unknown opcode 7");
    rejected("zero_op.bin", &v1(&[(0, 0)]), "operation 0: unknown opcode 0");
    rejected("no_ops.bin", &v1(&[]), "empty body");
    let mut trailing = good.clone();
    trailing.push(0);
    rejected("trailing.bin", &trailing, "1 unexpected bytes after the end");
}

#[test]
fn bad_version_2_programs_are_rejected() {
    let text =
        |name: &str, src: &str, message: &str| rejected(&format!("{name}.vm"), src.as_bytes(), message);
    text("underflow", "func main\n add ret\nend", "needs 2 values on the stack, there are 0");
    text("no_ret", "func main\n push 1\nend", "runs off the end");
    text("unknown", "func main\n push 1\n frob\nend", "line 3: unknown operation `frob`");
    text("no_label", "func main\n jmp nowhere\nend", "line 2: `jmp nowhere`: no such label");
    text("no_main", "func f\n return 1\nend", "no function `main`");
    text("depths", "func main\n push 1 jz a push 2\na:\n ret\nend", "stack depth");
    text("bad_int", "func main\n push 99999999999999999999 ret\nend", "not an integer");
    // A one-function version 2 file (`main: ret`... cut 3 bytes short of its last operation).
    let mut b = Vec::new();
    for w in [0xdeadbeefu32, 2, 1, 0, 4] {
        b.extend_from_slice(&w.to_le_bytes());
    }
    b.extend_from_slice(b"main");
    for w in [0u32, 0, 1, 2, 0, 0] {
        b.extend_from_slice(&w.to_le_bytes());
    }
    b.truncate(b.len() - 3);
    rejected("v2_truncated.bin", &b, "operation count says 1, but only 9 bytes follow");
}

#[test]
fn usage_errors() {
    assert_eq!(langvm(&[]).status, 2);
    assert_eq!(langvm(&["--compile", &program("fib")]).status, 2);
    let r = langvm(&["/nonexistent/prog.vm"]);
    assert_eq!(r.status, 1);
    assert!(r.stderr.contains("cannot read /nonexistent/prog.vm"), "{}", r.stderr);
}

//! Runs every example binary and checks what it prints.
//!
//! `cargo test` builds the examples before running integration tests; they sit next to the
//! test binary's directory in `target/<profile>/examples/`.

mod common;

use std::process::Command;

fn example(name: &str, args: &[&str]) -> String {
    let path = common::example_path(name);
    let out = Command::new(&path).args(args).output().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(out.status.success(), "{name} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

#[test]
fn arith_prints_40() {
    assert!(example("arith", &[]).lines().any(|l| l == "Result: 40"));
}

#[test]
fn factorial_prints_120() {
    assert_eq!(example("factorial", &[]), "Result: 120\n");
    assert_eq!(example("factorial", &["10"]), "Result: 3628800\n");
}

#[test]
fn three_returns_3() {
    assert_eq!(example("three", &[]), "Result: 3\n");
}

#[test]
fn printf_greets() {
    assert_eq!(example("printf", &[]), "Hello, world!\n");
}

#[test]
fn adder_adds_its_argument() {
    assert_eq!(example("adder", &["10"]), "f(1) = 11 f(2) = 12 f(3) = 13\n");
    assert_eq!(example("adder", &["-1000"]), "f(1) = -999 f(2) = -998 f(3) = -997\n");
}

#[test]
fn malloc_round_trip() {
    assert_eq!(example("malloc", &[]), "Result: 42\n");
}

#[test]
fn float_matches_rust() {
    let out = example("float", &[]);
    for x in [0.0f64, 1.0, -2.0, 3.5] {
        let v = (2.5 * x * x - 3.0 * x + 0.75) / (x * x + 1.0);
        let line = format!("f({x}) = {v} (Rust: {v}, same)");
        assert!(out.lines().any(|l| l == line), "missing {line:?} in:\n{out}");
    }
    for x in [0.0f64, 1.0, 2.0, std::f64::consts::PI] {
        let v = x.cos() + x.sqrt();
        let line = format!("cos({x}) + sqrt({x}) = {v} (Rust: {v}, same)");
        assert!(out.lines().any(|l| l == line), "missing {line:?} in:\n{out}");
    }
}

#[test]
fn langvm_runs_gcd_in_both_modes() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/langvm/programs/gcd.vm");
    let expected = "6\n1\n9\n1\n2147483648\n6\nReturn value is 21\n";
    assert_eq!(example("langvm", &[file]), expected);
    assert_eq!(example("langvm", &["-j", file]), expected);
}

#[test]
fn bf_says_hello() {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/bf/hello.bf");
    assert_eq!(example("bf", &[file]), "Hello, World!\n");
    assert_eq!(example("bf", &["--interp", file]), "Hello, World!\n");
}

//! Runs the `dyncall` example and checks each result it got through a run-time-built call
//! thunk against a value computed here.

mod common;

use std::process::Command;

fn output() -> String {
    let path = common::example_path("dyncall");
    let out = Command::new(&path).output().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(out.status.success(), "dyncall failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn has_line(out: &str, line: &str) {
    assert!(out.lines().any(|l| l == line), "missing line {line:?} in:\n{out}");
}

#[test]
fn variadic_snprintf_with_ints_and_doubles() {
    let out = output();
    let first = format!("{} {} {:.3} {} {}", 42, "str", std::f64::consts::PI, -7, 2.5);
    has_line(&out, &format!("snprintf: \"{first}\" (returned I64({}))", first.len()));
    // 7 integers and 9 doubles after the three fixed arguments: stack arguments in both classes.
    let ints: Vec<String> = (1..=7).map(|i| i.to_string()).collect();
    let floats: Vec<String> = (1..=9).map(|k| format!("{:.1}", k as f64 + 0.5)).collect();
    let second = format!("{} | {}", ints.join(" "), floats.join(" "));
    has_line(&out, &format!("snprintf: \"{second}\" (returned I64({}))", second.len()));
}

#[test]
fn libm_pow() {
    let out = output();
    for (x, y, shown) in
        [(2.0f64, 10.0f64, "pow(2, 10)"), (2.5, 3.0, "pow(2.5, 3)"), (9.0, 0.5, "pow(9, 0.5)")]
    {
        let v = x.powf(y);
        has_line(&out, &format!("{shown} = F64({v:?}) (direct call: F64({v:?}), ok)"));
    }
}

#[test]
fn twelve_mixed_arguments() {
    // mix12 weights its integers 1..7 and its doubles 100, 200, .., 500.
    let ints = [1i64, 2, 3, 4, 5, 6, 7];
    let floats = [0.5, 1.5, 2.5, 3.5, 4.5];
    let v = ints.iter().zip(1..).map(|(n, k)| (n * k) as f64).sum::<f64>()
        + floats.iter().zip(1..).map(|(x, k)| x * 100.0 * k as f64).sum::<f64>();
    let out = output();
    has_line(
        &out,
        &format!(
            "mix12(1, 0.5, 2, 1.5, 3, 2.5, 4, 3.5, 5, 6, 4.5, 7) = F64({v:?}) (direct call: F64({v:?}), ok)"
        ),
    );
}

#[test]
fn ten_doubles_and_eight_integers() {
    // Doubles 1..=10 weighted 1..=10, integers 1..=8 weighted 1000..=8000.
    let v: i64 = (1..=10).map(|k| k * k).sum::<i64>() + (1..=8).map(|k| k * k * 1000).sum::<i64>();
    let out = output();
    has_line(
        &out,
        &format!("many18(1.0, 1, 2.0, 3.0, 2, 4.0, 5.0, 3, 6.0, 4, 7.0, 5, 8.0, 6, 9.0, 7, 10.0, 8) = I64({v}) (direct call: I64({v}), ok)"),
    );
}

#[test]
fn void_and_pointer_calls() {
    let out = output();
    has_line(&out, "store(&cell, 99) = Void; cell = 99");
    has_line(&out, "strlen(\"dynamic call\") = I64(12) (direct call: I64(12), ok)");
    assert!(!out.contains("MISMATCH"), "{out}");
}

//! Debugger and profiler support, checked with the real tools when they are installed:
//! gdb breaks in and names a JIT function registered through `Assembler::set_name`, and
//! `perf report` attributes samples to it through `/tmp/perf-<pid>.map`.

mod common;

use std::process::Command;

use common::example_path;

fn have(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok_and(|o| o.status.success())
}

#[test]
fn gdb_breaks_in_a_named_jit_function() {
    if !have("gdb") {
        eprintln!("gdb not installed; skipping");
        return;
    }
    let exe = example_path("profile");
    let out = Command::new("gdb")
        .args([
            "-batch",
            "-nx",
            "-ex",
            "set breakpoint pending on",
            "-ex",
            "break jit_hot_loop",
            "-ex",
            "run",
            "-ex",
            "bt",
            "-ex",
            "kill",
        ])
        .arg("--args")
        .arg(&exe)
        .arg("1000")
        .output()
        .expect("gdb runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(text.contains("Breakpoint 1, ") && text.contains("in jit_hot_loop ()"), "gdb output:\n{text}");
    assert!(text.lines().any(|l| l.starts_with("#0") && l.contains("jit_hot_loop")), "gdb output:\n{text}");
}

#[test]
fn perf_report_names_a_named_jit_function() {
    if !have("perf") {
        eprintln!("perf not installed; skipping");
        return;
    }
    let exe = example_path("profile");
    let data = std::env::temp_dir().join(format!("x86jit-perf-{}.data", std::process::id()));
    let rec = Command::new("perf")
        .args(["record", "-q", "-e", "cpu-clock", "-o"])
        .arg(&data)
        .arg("--")
        .arg(&exe)
        .arg("200000000")
        .output()
        .expect("perf record runs");
    if !rec.status.success() {
        eprintln!("perf record is not permitted here; skipping: {}", String::from_utf8_lossy(&rec.stderr));
        return;
    }
    let rep =
        Command::new("perf").args(["report", "--stdio", "-i"]).arg(&data).output().expect("perf report runs");
    let _ = std::fs::remove_file(&data);
    let text = String::from_utf8_lossy(&rep.stdout);
    assert!(text.contains("jit_hot_loop"), "perf report:\n{text}");
}

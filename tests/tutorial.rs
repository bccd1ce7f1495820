//! Runs every `cargo run --example ...` command of docs/tutorial.md (in order, from the
//! repository root, using the already built example binaries) and checks that its output
//! contains the text the tutorial shows after `# prints`.

mod common;

use std::process::Command;

/// `(example, args, claimed output)` for each `cargo run` line in the tutorial.
fn commands() -> Vec<(String, Vec<String>, Option<String>)> {
    let text = include_str!("../docs/tutorial.md");
    let mut out = Vec::new();
    for line in text.lines().filter(|l| l.starts_with("cargo run ")) {
        let (cmd, claim) = match line.split_once("# prints ") {
            Some((c, p)) => (c, Some(p.trim_end().to_string())),
            None => (line, None),
        };
        let words: Vec<&str> = cmd.split_whitespace().collect();
        let name = words.iter().position(|w| *w == "--example").and_then(|i| words.get(i + 1));
        let name = name.unwrap_or_else(|| panic!("no --example in {line:?}")).to_string();
        let args = match words.iter().position(|w| *w == "--") {
            Some(i) => words[i + 1..].iter().map(|s| s.to_string()).collect(),
            None => Vec::new(),
        };
        out.push((name, args, claim));
    }
    out
}

#[test]
fn tutorial_commands_print_what_it_says() {
    let cmds = commands();
    assert!(cmds.len() >= 10, "found only {} commands", cmds.len());
    for (name, args, claim) in cmds {
        let path = common::example_path(&name);
        let out = Command::new(&path)
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{name} {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        if let Some(claim) = claim {
            assert!(stdout.contains(&claim), "{name} {args:?}: output lacks {claim:?}:\n{stdout}");
        }
    }
}

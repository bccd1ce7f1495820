//! Compile-time errors of `x86!`: each case in `tests/ui/` must fail to compile with the
//! message in its `.stderr` file, pointing at the offending token. Regenerate the expected
//! output with `TRYBUILD=overwrite cargo test --test ui`, then review every caret.
//!
//! The text assembler must say the same words about the same mistake, at the same token: every
//! case without Rust holes is assembled as text too and compared with the committed `.stderr`.

use std::fs;

#[test]
fn macro_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

/// Cases whose statement is plain assembly (no Rust values): the statement, and where it
/// starts on its line (1-based column).
fn text_case(src: &str) -> Option<(usize, u32, String)> {
    if src.lines().any(|l| l.trim_start().starts_with("let ") && !l.contains("Assembler::new()")) {
        return None;
    }
    let (n, line) = src.lines().enumerate().find(|(_, l)| l.contains("x86!(a; "))?;
    let start = line.find("x86!(a; ")? + "x86!(a; ".len();
    let end = line.rfind(");")?;
    Some((n + 1, start as u32 + 1, line.get(start..end)?.to_string()))
}

/// The first error of a `.stderr` file: its message and its line and column in the case file.
fn first_macro_error(stderr: &str) -> Option<(String, usize, u32)> {
    let mut lines = stderr.lines();
    let msg = lines.next()?.strip_prefix("error: ")?.to_string();
    let at = lines.next()?.trim().strip_prefix("--> ")?.to_string();
    let mut parts = at.rsplitn(3, ':');
    let col = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    Some((msg, line, col))
}

/// Errors that only the macro can make or that differ for a reason.
const MACRO_ONLY: &[&str] = &[
    // Label checks run per invocation in the macro, with advice on `@name`; the text assembler
    // reports undefined labels when the code is finalized, without a place in the source.
    "undefined_label",
    "undefined_label_data",
    "undefined_label_rip",
    // Rust tokens: an unbalanced bracket or a Rust float/string literal.
    "half_typed_unclosed",
];

#[test]
fn text_assembler_gives_the_same_words() {
    let mut compared = 0;
    let mut differ = Vec::new();
    let mut paths: Vec<_> = fs::read_dir("tests/ui").expect("tests/ui").flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths.iter().filter(|p| p.extension().is_some_and(|e| e == "rs")) {
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let src = fs::read_to_string(path).expect("case");
        let Ok(stderr) = fs::read_to_string(path.with_extension("stderr")) else { continue };
        let (Some((line_no, start, stmt)), Some((msg, mline, mcol))) =
            (text_case(&src), first_macro_error(&stderr))
        else {
            continue;
        };
        if MACRO_ONLY.contains(&name.as_str()) {
            continue;
        }
        assert_eq!(mline, line_no, "{name}: the macro error is not on the statement's line");
        let err = match asm_runtime::text::parse(&stmt) {
            Err(errors) => errors.into_iter().next(),
            Ok(p) => {
                let mut a = asm_runtime::Assembler::new();
                match a.assemble_program(&p) {
                    Err(e) => Some(e),
                    Ok(()) => a.assemble_at(0).err(),
                }
            }
        };
        let Some(err) = err else {
            differ.push(format!("{name}: `{stmt}` assembles as text, the macro says: {msg}"));
            continue;
        };
        let text_msg = asm_runtime::text::error_message(&err);
        let text_col = asm_runtime::text::error_position(&stmt, &err).map(|(_, c)| c);
        let macro_col = mcol + 1 - start;
        // At the end of a statement the macro points at the last token, the text just past it.
        let end = msg.contains("found end of statement");
        if text_msg != msg || (text_col != Some(macro_col) && !end) {
            differ.push(format!(
                "{name}: `{stmt}`\n  macro (col {macro_col}): {msg}\n  text  (col {text_col:?}): {text_msg}"
            ));
        }
        compared += 1;
    }
    assert!(
        differ.is_empty(),
        "{} of {} cases differ:\n{}",
        differ.len(),
        compared + differ.len(),
        differ.join("\n")
    );
    assert!(compared >= 40, "only {compared} cases compared");
}

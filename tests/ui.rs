//! Compile-time errors of `x86!`: each case in `tests/ui/` must fail to compile with the
//! message in its `.stderr` file, pointing at the offending token.

#[test]
fn macro_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

//! Helpers shared by the integration tests.

use std::path::PathBuf;
use std::process::Command;

/// The path of example `name`'s binary (`target/<profile>/examples/NAME`), building it first if
/// `cargo test` has not (it normally builds every example before running integration tests).
pub fn example_path(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("test executable path");
    let path = exe.parent().and_then(|d| d.parent()).expect("target dir").join("examples").join(name);
    if !path.exists() {
        let st = Command::new(env!("CARGO"))
            .args(["build", "-q", "--example", name])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo build");
        assert!(st.success(), "building example {name}");
    }
    path
}

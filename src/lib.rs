//! Examples, integration tests and benchmarks of the workspace live in this package; the
//! library crates are `asm-runtime` and `asm-macro`. The README below is compiled and run as
//! documentation tests.
#![doc = include_str!("../README.md")]
pub use asm_macro::x86;
pub use asm_runtime;

/// The tutorial (`docs/tutorial.md`), compiled and run as documentation tests.
#[doc = include_str!("../docs/tutorial.md")]
#[doc(hidden)]
pub mod tutorial {}

//! `x86!`: Intel-syntax x86-64 assembly, checked and encoded at compile time.
//!
//! ```
//! use asm_macro::x86;
//! use asm_runtime::Assembler;
//!
//! let mut a = Assembler::new();
//! x86!(a;
//!     mov rax, 18;
//!     add rax, 4;
//!     ret
//! );
//! let code = a.finalize().unwrap();
//! let f = unsafe { code.entry::<extern "sysv64" fn() -> i64>() };
//! assert_eq!(f(), 22);
//! ```
//!
//! See the `asm_runtime` crate documentation and the README for the full syntax: labels
//! (`name:`, `@shared:`, `{dynamic}:`), memory operands, holes (`{expr}`, `r64{expr}`, ...),
//! data directives and the `x86!(new; ...)` form that evaluates to a fresh `Assembler`.

mod diag;
mod lower;
mod parse;

use proc_macro::TokenStream;

/// Assembles Intel-syntax x86-64 into an `asm_runtime::Assembler`.
///
/// `x86!(a; stmt; stmt; ...)` appends to the assembler `a` (an `Assembler` or
/// `&mut Assembler`); `x86!(new; ...)` evaluates to a new `Assembler` holding the code.
/// Every instruction is checked against the instruction table at compile time; errors point
/// at the offending token.
#[proc_macro]
pub fn x86(input: TokenStream) -> TokenStream {
    match parse::parse(input.into()).and_then(lower::lower) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

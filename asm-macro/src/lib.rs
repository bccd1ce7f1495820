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
//! The grammar is `asm_runtime::syntax`, shared with the run-time text assembler; this crate
//! converts proc-macro tokens for it, matches every instruction against the instruction table
//! and lowers the result. See the `asm_runtime` crate documentation and the README for the full
//! syntax: labels (`name:`, `@shared:`, `{dynamic}:`), memory operands, holes (`{expr}`,
//! `r64{expr}`, `zmm{expr}`, ...), EVEX decorations, data directives and the `x86!(new; ...)`
//! form that evaluates to a fresh `Assembler`.

mod diag;
mod lower;
mod parse;

use proc_macro::TokenStream;

/// Assembles Intel-syntax x86-64 into an `asm_runtime::Assembler`.
///
/// `x86!(a; stmt; stmt; ...)` appends to the assembler `a` (an `Assembler` or
/// `&mut Assembler`); `x86!(new; ...)` evaluates to a new `Assembler` holding the code.
/// Statements are separated by `;`. Every instruction is checked against the instruction table
/// at compile time; errors point at the offending token.
///
/// | construct | example |
/// |---|---|
/// | instruction, prefix | `add rax, rbx`, `lock add qword ptr [rdi], 1`, `rep movsb` |
/// | memory | `qword ptr [rbx + rcx*8 - 16]`, `dword [0x1000]`, `fs:[0x28]`, `[rip + data]` |
/// | immediate | `42`, `-1`, `0xff`, `0b1010`, `'A'` |
/// | labels | `l1:` (local to the invocation), `@name:` (shared on the assembler), `{label}:` (a run-time `Label`) |
/// | branch size | `jmp short l1`, `jz near l2` (default: shortest, decided at finalize) |
/// | holes | `mov rcx, {n}` (type from the field: imm8 `i8`, imm32 `i32`, imm64 `i64`), `r64{reg}` / `r32{}` / `r16{}` / `r8{}` / `xmm{}` / `ymm{}` / `zmm{}` / `k{}` / `st{}` / `mm{}`, `[r64{base} + {disp}]`, `call {target}` |
/// | registers | general purpose, `xmm0`..`xmm31`, `ymm0`..`ymm31`, `zmm0`..`zmm31`, `k0`..`k7`, `st(0)`..`st(7)`, segment, `cr`/`dr` |
/// | decorations | `vaddps zmm0 {k1}{z}, zmm1, dword ptr [rax]{1to16}`, a mask from a Rust value `{k{m}}` (`m: KMask`), rounding as a last operand `{rn-sae}` |
/// | data | `db 1, "text", 0`, `dw -1`, `dd 1.5`, `dq label`, `dd a - b`, `.byte`/`.quad`/`.ascii`, `align 16`, `.p2align 4`, `times 4 nop` |
///
/// A brace group right after an operand (no comma before it) is a decoration; a brace group
/// where an operand starts is a Rust expression, except the reserved rounding operands
/// (`{sae}`...; write `{(sae)}` for a variable of that name).
///
/// ```
/// use asm_macro::x86;
/// use asm_runtime::{Assembler, Gpr64};
///
/// fn add_const(dst: Gpr64, k: i32) -> Assembler {
///     let mut a = Assembler::new();
///     x86!(a;
///         mov r64{dst}, rdi;
///         add r64{dst}, {k};      // imm8 form when `k` fits, imm32 otherwise
///         ret
///     );
///     a
/// }
/// let code = add_const(Gpr64::RAX, 5).finalize().unwrap();
/// // SAFETY: the code is a complete `fn(i64) -> i64`.
/// let f = unsafe { code.entry::<extern "sysv64" fn(i64) -> i64>() };
/// assert_eq!(f(37), 42);
///
/// let three = x86!(new; mov eax, 3; ret).finalize().unwrap();
/// assert_eq!(unsafe { three.entry::<extern "sysv64" fn() -> i32>() }(), 3);
/// ```
///
/// Mistakes are compile errors on the offending token:
///
/// ```compile_fail
/// # use asm_macro::x86;
/// let mut a = asm_runtime::Assembler::new();
/// x86!(a; add al, 300);       // immediate 300 out of range for `add`: expected imm8
/// ```
///
/// ```compile_fail
/// # use asm_macro::x86;
/// let mut a = asm_runtime::Assembler::new();
/// x86!(a; mov rax, ebx);      // invalid operand 2 for `mov`
/// ```
///
/// ```compile_fail
/// # use asm_macro::x86;
/// let mut a = asm_runtime::Assembler::new();
/// x86!(a; vaddps zmm0 {k0}, zmm1, zmm2);  // `k0` cannot be a write mask
/// ```
#[proc_macro]
pub fn x86(input: TokenStream) -> TokenStream {
    match parse::parse(input.into()).and_then(lower::lower) {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

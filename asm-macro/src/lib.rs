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
//! The grammar is `asm_runtime::syntax`, shared with the run-time text assembler
//! (`asm_runtime::text`); this crate converts proc-macro tokens for it, matches every
//! instruction against the instruction table and lowers the result. The text assembler prints
//! the same error messages, with a line, a column and a caret.
//!
//! # What an invocation becomes
//!
//! * Statements without holes are encoded while the crate compiles; a run of them is one byte
//!   literal appended with one copy, and a whole static block (its local branches relaxed now)
//!   is a single copy.
//! * An instruction with register, immediate or displacement holes is compiled into straight-line
//!   code: the bytes no hole can change are literals, and each field a hole feeds (REX or VEX
//!   bits, ModRM/SIB, displacement, immediate) is a few shifts and ORs on register numbers.
//!   Adjacent fields of fixed length (a REX that is always written, opcode, register-direct
//!   ModRM, immediate: up to 8 bytes) are one 64-bit value written with one store
//!   (`word`); the others are one call each of the run writer's fill stages (`rex` for a REX
//!   written only for r8-r15, `mem` for ModRM/SIB/displacement, `vex`, `evex`; the same stages
//!   as `asm_runtime::enc::spec::Spec`). Where a value picks a shorter form (an imm8 for a
//!   small immediate, the accumulator form for `rax`) a branch on the value chooses it, exactly
//!   as the run-time re-match would. Nothing is matched or allocated at run time; a value that
//!   makes the instruction invalid (`rsp` as an index) takes the generic path, which keeps the
//!   error for `finalize`. Consecutive compiled instructions, and the static ones between them,
//!   are written in place past the end of the assembler's buffer (`Assembler::run`), taken in
//!   with one length update. `add r64{d}, r64{s}; sub r64{d}, 8;
//!   push rbx` becomes, in `cargo expand` (`__h*` are the holes, bound before):
//!
//! ```text
//! const __T: &[&str] = &["add r64{d}, r64{s}", "sub r64{d}, 8", "push rbx"];
//! let mut __w = __a.run::<16usize>();
//! {
//!     const __K: usize = 0usize;
//!     let __r0: u8 = __h0.num();
//!     let __r1: u8 = __h1.num();
//!     // REX.W 01 /r: 0x48, 0x01, 0xC0 as one value, R and B from bit 3, reg and rm bits 2:0
//!     __w.word(12583240u64 | (((__r1 & 8) >> 1u8) as u64) << 0u32 | (((__r0 & 8) >> 3u8) as u64) << 0u32
//!         | ((__r1 & 7) as u64) << 19u32 | ((__r0 & 7) as u64) << 16u32, 3usize);
//!     __w.end(__K);
//! }
//! {
//!     const __K: usize = 1usize;
//!     let __r2: u8 = __h2.num();
//!     // REX.W 83 /5 ib: 48 83 E8 08, B and rm from the register
//!     __w.word(149455688u64 | (((__r2 & 8) >> 3u8) as u64) << 0u32 | ((__r2 & 7) as u64) << 16u32, 4usize);
//!     __w.end(__K);
//! }
//! {
//!     const __K: usize = 2usize;
//!     __w.bytes(&[83u8]);
//!     __w.end(__K);
//! }
//! __w.finish(__T, 3usize);
//! ```
//!
//!   With an immediate hole the candidates are tested in turn (`if imm8 fits { 83 /5 ib } else if
//!   the register is rax { 2D id } else { 81 /5 id }`), inside a guard whose failure flushes the
//!   buffer and takes the generic path.
//! * A branch to a label (local, shared or a `{label}` hole) is encoded now in its short and near
//!   forms and becomes one layout item; `call label`, `jmp near label` and `[rip + label]` become
//!   a copy and one fixup.
//! * EVEX instructions are compiled too when their decorations are constants (`{k1}{z}`). A
//!   write mask from a hole (`{k{m}}`), a broadcast or embedded rounding together with holes,
//!   VSIB addresses, `moffs` forms and a label in an address together with other holes take the
//!   generic path: the row chosen at compile time, re-matched among the few rows a value can
//!   select, then the generic encoder (`Assembler::generic_emits` counts these).
//!
//! # Grammar reference
//!
//! `x86!(a; stmt; stmt; ...)` appends to `a` (an `Assembler` or `&mut Assembler`);
//! `x86!(new; ...)` evaluates to a new `Assembler`. Statements are separated by `;`; Rust
//! comments may appear anywhere. Mnemonics, registers and keywords are case-insensitive.
//! Every example below is compiled and run as a test.
//!
//! **Instructions and registers**: an optional prefix (`lock`, `rep`, `repe`/`repz`,
//! `repne`/`repnz`), a mnemonic, comma-separated operands. Registers: `rax`..`r15`, `eax`..,
//! `ax`.., `al`/`ah`.., `r8b`/`r8l`, `xmm0`..`xmm31`, `ymm*`, `zmm*`, `k0`..`k7`,
//! `st(0)`..`st(7)`, `es`..`gs`, `cr*`, `dr*`.
//!
//! ```
//! # use asm_macro::x86;
//! let mut a = asm_runtime::Assembler::new();
//! x86!(a; MOV EAX, R9D; lock add qword ptr [rdi], 1; rep movsb; fadd st(0), st(3); movq xmm15, rdi);
//! assert!(a.assemble_at(0).is_ok());
//! ```
//!
//! **Immediates**: decimal, `0x2a`, `0b1010`, `0o52`, `2ah`, `'A'`, `b'A'`, with `_` separators
//! and a Rust integer suffix, and constant expressions with `+ - * ~ ( )`.
//!
//! ```
//! # use asm_macro::x86;
//! let a = x86!(new; mov eax, (1 + 2) * 4 - 0x2; add eax, 'A'; sub eax, 0b1000_0000; ret);
//! let code = a.finalize().unwrap();
//! assert_eq!(unsafe { code.entry::<extern "sysv64" fn() -> i32>() }(), 10 + 65 - 128);
//! ```
//!
//! **Memory operands**: `size ptr seg:[base + index*scale + disp]`; the size keyword (`byte`,
//! `word`, `dword`, `qword`, `tbyte`, `xmmword`, `ymmword`, `zmmword`, `ptr` optional) is
//! needed only where the size is otherwise ambiguous; `[rip + label]` addresses a label.
//!
//! ```
//! # use asm_macro::x86;
//! let a = x86!(new;
//!     lea rax, [rip + table];
//!     mov eax, dword ptr [rax + rdi*4 + 4];
//!     ret;
//!     table: dd 10, 20, 30
//! );
//! let code = a.finalize().unwrap();
//! assert_eq!(unsafe { code.entry::<extern "sysv64" fn(i64) -> i32>() }(1), 30);
//! let mut b = asm_runtime::Assembler::new();
//! x86!(b; mov rax, qword ptr fs:[0x28]; mov al, byte [0x1000]);
//! assert_eq!(b.assemble_at(0).unwrap().bytes[..2], [0x64, 0x48]);
//! ```
//!
//! **Labels**: `name:` is local to the invocation, `@name:` is shared by every invocation on
//! the same assembler, `{label}:` binds a run-time `asm_runtime::Label`. Branches take the
//! shortest form, unless written `short` or `near`.
//!
//! ```
//! # use asm_macro::x86;
//! let mut a = asm_runtime::Assembler::new();
//! let exit = a.new_label();
//! x86!(a; xor eax, eax; top: add eax, 2; cmp eax, 10; jb short top; jmp near @done);
//! x86!(a; @done: jmp {exit}; {exit}: ret);
//! let code = a.finalize().unwrap();
//! assert_eq!(unsafe { code.entry::<extern "sysv64" fn() -> i32>() }(), 10);
//! ```
//!
//! **Holes**: a brace group where an operand starts is a Rust expression. An immediate hole
//! takes every integer type the field holds without loss (see `asm_runtime::imm`: `i8`, `i16`,
//! `i32`, `u8` and `u16` for the sign-extended imm32 of `add r64, imm32`, every integer type up
//! to 64 bits for `mov r64, imm64`), and the shortest encoding is chosen for the value at run
//! time. `r64{e}`, `r32{}`, `r16{}`, `r8{}`, `xmm{}`, `ymm{}`, `zmm{}`, `k{}` and `st{}` take a
//! register of that class (`Gpr64`, ..., `KReg`, `St`); a memory base, index and displacement
//! can be holes; a branch target hole takes anything `Into<Target>`.
//!
//! ```
//! # use asm_macro::x86;
//! use asm_runtime::{Gpr64, Label};
//! let (dst, k, big, off): (Gpr64, u16, u64, i8) = (Gpr64::RCX, 1000, 1 << 40, 8);
//! let mut a = asm_runtime::Assembler::new();
//! let done: Label = a.new_label();
//! x86!(a;
//!     mov r64{dst}, {big};
//!     add r64{dst}, {k};
//!     mov rax, [rdi + {off}];
//!     add rax, r64{dst};
//!     jmp {done};
//!     {done}: ret
//! );
//! let code = a.finalize().unwrap();
//! let f = unsafe { code.entry::<extern "sysv64" fn(*const i64) -> i64>() };
//! assert_eq!(f([0, 5].as_ptr()), (1 << 40) + 1000 + 5);
//! ```
//!
//! **Decorations** (AVX-512): a write mask `{k1}`..`{k7}` or `{k{m}}` (`m: KMask`) and `{z}`
//! on the destination, a broadcast `{1toN}` after a memory operand, rounding `{rn-sae}`,
//! `{rd-sae}`, `{ru-sae}`, `{rz-sae}` or `{sae}` as a last operand.
//!
//! ```
//! # use asm_macro::x86;
//! let m = asm_runtime::KMask::K2;
//! let mut a = asm_runtime::Assembler::new();
//! x86!(a;
//!     vaddps zmm0 {k1}{z}, zmm1, dword ptr [rax]{1to16};
//!     vaddps zmm0 {k{m}}, zmm1, zmm2, {rn-sae}
//! );
//! assert!(a.assemble_at(0).is_ok());
//! ```
//!
//! **Data and layout**: `db`/`dw`/`dd`/`dq` (and `.byte`, `.word`, `.long`, `.quad`, ...)
//! with integers, floats (`dd`, `dq`), strings (`db`, `.ascii`, `.asciz`), label addresses
//! (`dq label`) and differences (`dd a - b`); `align N`, `.p2align K`; `times N statement`.
//!
//! ```
//! # use asm_macro::x86;
//! let a = x86!(new; a: db "hi", 0; .byte 1; dw -1; dd 1.5; dq 7; b: dd b - a; align 8; times 3 nop; .p2align 2);
//! let bytes = a.assemble_at(0).unwrap().bytes;
//! assert_eq!(&bytes[..4], b"hi\0\x01");
//! assert_eq!(bytes[18..22], 18u32.to_le_bytes());
//! ```
//!
//! # Errors
//!
//! Every mistake is a compile error on the offending token (the mnemonic, the prefix, an
//! operand, a register inside an address, a decoration or a label), saying what is wrong and
//! what would be valid; each invalid statement gets its own error. A hole of the wrong Rust type
//! is a type error on its expression.
//!
//! ```compile_fail
//! # use asm_macro::x86;
//! let mut a = asm_runtime::Assembler::new();
//! // `mov` has no form `r64, r32`: operand sizes differ (rax is 64-bit, ebx is 32-bit); ...
//! x86!(a; mov rax, ebx);
//! ```
//!
//! ```compile_fail
//! # use asm_macro::x86;
//! let mut a = asm_runtime::Assembler::new();
//! // `inc [rax]`: operand size unknown; write `inc qword ptr [rax]` (or ...)
//! x86!(a; inc [rax]);
//! ```
//!
//! ```compile_fail
//! # use asm_macro::x86;
//! let mut a = asm_runtime::Assembler::new();
//! // `lock` is not allowed on `mov`; ... (on the prefix)
//! x86!(a; lock mov qword ptr [rax], rbx);
//! ```
//!
//! ```compile_fail
//! # use asm_macro::x86;
//! let mut a = asm_runtime::Assembler::new();
//! let x: u32 = 1;
//! // the type `u32` does not fit this immediate field without loss (a sign-extended imm32)
//! x86!(a; sub rax, {x});
//! ```

mod calls;
mod diag;
mod lower;
mod parse;
mod spec;
mod word;

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
/// | holes | `mov rcx, {n}` (any integer type the field holds without loss: `i8`/`u8` for imm8, up to `i32`/`u16` for a sign-extended imm32, any for imm64), `r64{reg}` / `r32{}` / `r16{}` / `r8{}` / `xmm{}` / `ymm{}` / `zmm{}` / `k{}` / `st{}` / `mm{}`, `[r64{base} + {disp}]`, `call {target}` |
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
/// x86!(a; add al, 300);       // imm8 out of range: 300 does not fit in 8 bits
/// ```
///
/// ```compile_fail
/// # use asm_macro::x86;
/// let mut a = asm_runtime::Assembler::new();
/// x86!(a; movv rax, rbx);     // unknown mnemonic `movv`; did you mean `mov`, `movd` or `movq`?
/// ```
///
/// ```compile_fail
/// # use asm_macro::x86;
/// let mut a = asm_runtime::Assembler::new();
/// x86!(a; vaddps zmm0 {k0}, zmm1, zmm2);  // `k0` cannot be a write mask
/// ```
#[proc_macro]
pub fn x86(input: TokenStream) -> TokenStream {
    let result = match parse::parse_all(input.into()) {
        (Some(p), None) => lower::lower(p),
        // Statements that did not parse are reported; those that did are still matched, so a
        // half-typed block shows every mistake at once.
        (Some(p), Some(mut e)) => {
            if let Err(more) = lower::check_instructions(&p) {
                e.combine(more);
            }
            Err(e)
        }
        (None, e) => {
            Err(e.unwrap_or_else(|| syn::Error::new(proc_macro2::Span::call_site(), "invalid input")))
        }
    };
    match result {
        Ok(ts) => ts.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

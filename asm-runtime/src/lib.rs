//! x86-64 machine code at run time: an instruction table, a generic encoder, an assembler with
//! labels and branch relaxation, and W^X executable memory.
//!
//! This crate is the runtime half of the workspace; the `asm-macro` crate's `x86!` macro
//! checks and encodes Intel-syntax assembly at compile time using the same table and encoder.
//!
//! # A tour
//!
//! Assemble text at run time, call it as a typed function:
//!
//! ```
//! use asm_runtime::{text, Assembler};
//!
//! let program = text::parse("
//!     mov rax, rdi        # first argument
//!     imul rax, rsi       // second argument
//!     ret
//! ").expect("parses");
//! let mut a = Assembler::new();
//! a.assemble_program(&program).expect("assembles");
//! let code = a.finalize().expect("maps executable memory");
//! // SAFETY: the code is a complete `fn(i64, i64) -> i64`.
//! let mul = unsafe { code.entry::<extern "sysv64" fn(i64, i64) -> i64>() };
//! assert_eq!(mul(6, 7), 42);
//! ```
//!
//! Build instructions from operands, with labels; branches get their shortest form:
//!
//! ```
//! use asm_runtime::{Assembler, Gpr64, Operand};
//!
//! let mut a = Assembler::new();
//! let top = a.new_label();
//! a.instr("xor", &[Gpr64::RAX.into(), Gpr64::RAX.into()]).unwrap();
//! a.bind(top);
//! a.instr("add", &[Gpr64::RAX.into(), Gpr64::RDI.into()]).unwrap();
//! a.instr("dec", &[Gpr64::RSI.into()]).unwrap();
//! a.instr("jnz", &[top.into()]).unwrap();
//! a.instr("ret", &[]).unwrap();
//! let bytes = a.assemble_at(0).unwrap().bytes;
//! assert_eq!(bytes[bytes.len() - 3..], [0x75, 0xf8, 0xc3]); // jnz rel8
//! let code = a.finalize().unwrap();
//! let times = unsafe { code.entry::<extern "sysv64" fn(i64, i64) -> i64>() };
//! assert_eq!(times(5, 4), 20);
//! ```
//!
//! Vector instructions pick VEX or EVEX by their operands and decorations (a write mask, `{z}`, a
//! broadcast, embedded rounding, a zmm or xmm16-31 register need EVEX):
//!
//! ```
//! use asm_runtime::ast::Decorations;
//! use asm_runtime::{Assembler, Gpr64, KMask, Mem, Size, Xmm, Zmm};
//!
//! let mut a = Assembler::new();
//! a.instr("vaddps", &[Xmm::XMM1.into(), Xmm::XMM2.into(), Xmm::XMM3.into()]).unwrap();
//! let masked = Decorations { mask: Some(KMask::K1.into()), zeroing: true, ..Decorations::default() };
//! let src = Mem::base_disp(Gpr64::RAX, 64).sized(Size::Zmmword);
//! a.instr_deco(None, "vaddps", &[Zmm::ZMM1.into(), Zmm::ZMM2.into(), src.into()], &masked).unwrap();
//! assert_eq!(
//!     a.assemble_at(0).unwrap().bytes,
//!     [0xc5, 0xe8, 0x58, 0xcb, 0x62, 0xf1, 0x6c, 0xc9, 0x58, 0x48, 0x01] // disp8*N: 64 = 1*64
//! );
//! ```
//!
//! Errors are values that say what is wrong and where:
//!
//! ```
//! use asm_runtime::text::assemble_str;
//! let e = assemble_str("add al, 300").unwrap_err();
//! assert!(e.to_string().contains("out of range"));
//! let e = assemble_str("mov rax, ebx").unwrap_err();
//! assert!(e.to_string().contains("operand sizes differ (rax is 64-bit, ebx is 32-bit)"));
//! ```
//!
//! # Layers
//!
//! * [`syntax`]: THE Intel grammar, shared by the `x86!` macro and the text assembler (tokens
//!   in, [`ast::Program`] out; every syntax message is written there once).
//! * [`ast`], [`operand`]: statements, registers of every class, memory references, immediates,
//!   labels, holes and EVEX decorations.
//! * [`isa`]: operand kinds ([`isa::kinds`], one descriptor each), the instruction table
//!   ([`isa::FORMS`], one row per form with its encoding scheme and CPU feature) and the
//!   [`isa::matcher`], which picks a row and validates operands and decorations.
//! * [`enc`]: the encoder pipeline driven by a row (legacy/REX, VEX, EVEX, x87 prefix writers
//!   sharing ModRM/SIB/displacement and immediate writers); it cannot fail.
//! * [`asm`]: the [`Assembler`] (labels, relaxation, data, constant pool, incremental commit)
//!   and the finalized [`ExecBuffer`] (typed entry points, listing, patching).
//! * [`text`]: the run-time front end (source text to a program, assembled bytes) used by
//!   `x86asm`.
//! * [`listing`]: listings of where each statement landed.
//! * [`exec`] (feature `exec`, on by default): pooled W^X executable memory;
//!   [`sym`](mod@sym): `dlsym`; [`debug`]: GDB JIT interface and perf maps. The `x86!` macro
//!   builds this crate without it, so it links no libc.
#![warn(missing_docs)]

pub mod asm;
pub mod ast;
pub mod enc;
pub mod error;
#[cfg(feature = "exec")]
pub mod exec;
pub mod imm;
pub mod isa;
pub mod listing;
mod names;
pub mod operand;
pub mod syntax;
pub mod text;

#[cfg(feature = "exec")]
pub use exec::{debug, sym};

pub use asm::Assembler;
pub use error::{AsmError, Decoration, ExecError, MatchError};
#[cfg(feature = "exec")]
pub use exec::{Entry, ExecBuffer, FnPtr, JitBlock, Placement};
pub use isa::{cpu_features, Features};
pub use operand::{
    BranchHint, Gpr16, Gpr32, Gpr64, Gpr8, KMask, KReg, Label, Mem, Mm, Operand, Prefix, Reg, RegClass, Seg,
    Size, St, Target, Xmm, Ymm, Zmm,
};
#[cfg(feature = "exec")]
pub use sym::{sym, Library, Sym};

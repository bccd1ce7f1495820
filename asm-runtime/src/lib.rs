//! x86-64 machine code at run time: an instruction table, a generic encoder, an assembler with
//! labels and branch relaxation, and W^X executable memory.
#![warn(missing_docs)]

pub mod asm;
pub mod ast;
pub mod debug;
pub mod enc;
pub mod error;
pub mod exec;
pub mod isa;
pub mod operand;
pub mod sym;
pub mod text;

pub use asm::{Assembler, ExecBuffer};
pub use error::{AsmError, ExecError, MatchError};
pub use operand::{
    BranchHint, Gpr16, Gpr32, Gpr64, Gpr8, Label, Mem, Operand, Prefix, Reg, RegClass, Seg, Size,
    Target, Xmm,
};

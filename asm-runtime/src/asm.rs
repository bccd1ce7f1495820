//! (being written)
/// Placeholder.
pub struct Assembler;
/// Placeholder.
pub struct ExecBuffer;

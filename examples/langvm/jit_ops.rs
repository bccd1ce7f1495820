//! Code for single VM operations: moves between locations, arithmetic, comparisons, branches.

use crate::jit::{FnCompiler, T_DIV_OVERFLOW, T_DIV_ZERO, T_MEM_INDEX};
use crate::program::{BinOp, CmpOp, Op, MEM_CELLS};
use asm_macro::x86;
use asm_runtime::{Gpr64, Label};

/// Registers that hold locals (first) and stack slots (after them).
pub const FRAME_REGS: [Gpr64; 8] =
    [Gpr64::RBX, Gpr64::R12, Gpr64::RSI, Gpr64::RDI, Gpr64::R8, Gpr64::R9, Gpr64::R10, Gpr64::R11];

/// Where a value lives: a register or an `rbp`-relative frame slot.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Loc {
    /// In a register.
    R(Gpr64),
    /// At `[rbp + offset]`.
    M(i32),
}

/// The right operand of a binary operation.
#[derive(Copy, Clone, Debug)]
pub enum Src {
    /// A location.
    Loc(Loc),
    /// A constant folded in from a preceding `push`.
    Imm(i32),
}

const MEM_LIMIT: i32 = MEM_CELLS as i32;

impl FnCompiler<'_> {
    /// `dst = value at src`.
    pub fn get(&mut self, dst: Gpr64, src: Loc) {
        match src {
            Loc::R(r) if r == dst => {}
            Loc::R(r) => x86!(self.a; mov r64{dst}, r64{r}),
            Loc::M(off) => x86!(self.a; mov r64{dst}, qword ptr [rbp + {off}]),
        }
    }

    /// `dst = src`.
    pub fn put(&mut self, dst: Loc, src: Gpr64) {
        match dst {
            Loc::R(r) if r == src => {}
            Loc::R(r) => x86!(self.a; mov r64{r}, r64{src}),
            Loc::M(off) => x86!(self.a; mov qword ptr [rbp + {off}], r64{src}),
        }
    }

    /// `dst = 0`.
    pub fn zero(&mut self, dst: Loc) {
        match dst {
            Loc::R(r) => x86!(self.a; xor r64{r}, r64{r}),
            Loc::M(off) => x86!(self.a; mov qword ptr [rbp + {off}], 0),
        }
    }

    fn copy(&mut self, dst: Loc, src: Loc) {
        match (dst, src) {
            (Loc::R(r), _) => self.get(r, src),
            (_, Loc::R(r)) => self.put(dst, r),
            _ => {
                self.get(Gpr64::RAX, src);
                self.put(dst, Gpr64::RAX);
            }
        }
    }

    fn constant(&mut self, dst: Loc, k: i64) {
        match (dst, i32::try_from(k)) {
            (Loc::R(r), _) if k == 0 => x86!(self.a; xor r64{r}, r64{r}),
            (Loc::R(r), _) => x86!(self.a; mov r64{r}, {k}),
            (Loc::M(off), Ok(k)) => x86!(self.a; mov qword ptr [rbp + {off}], {k}),
            (Loc::M(off), Err(_)) => x86!(self.a; mov rax, {k}; mov qword ptr [rbp + {off}], rax),
        }
    }

    /// The register holding the value at `l`, loading it into `scratch` if it is in memory.
    fn reg(&mut self, l: Loc, scratch: Gpr64) -> Gpr64 {
        match l {
            Loc::R(r) => r,
            Loc::M(_) => {
                self.get(scratch, l);
                scratch
            }
        }
    }

    fn epilogue(&mut self) {
        x86!(self.a; add r14, 1; leave; ret);
    }

    /// Operations that are neither calls nor (possibly fused) arithmetic.
    pub fn simple(&mut self, pc: usize, d: u32, op: Op) {
        let top = |c: &Self| c.slot(d - 1);
        match op {
            Op::Push(k) => self.constant(self.slot(d), k),
            Op::Pop | Op::Dbg => {}
            Op::Dup => self.copy(self.slot(d), top(self)),
            Op::Swap => {
                self.get(Gpr64::RAX, top(self));
                self.copy(top(self), self.slot(d - 2));
                self.put(self.slot(d - 2), Gpr64::RAX);
            }
            Op::Load(i) => self.copy(self.slot(d), self.local(i)),
            Op::Store(i) => self.copy(self.local(i), top(self)),
            Op::Neg => match top(self) {
                Loc::R(r) => x86!(self.a; neg r64{r}),
                Loc::M(off) => x86!(self.a; neg qword ptr [rbp + {off}]),
            },
            Op::Jmp(t) => {
                let l = self.target(t);
                x86!(self.a; jmp {l});
            }
            Op::Jz(t) | Op::Jnz(t) => {
                let l = self.target(t);
                match top(self) {
                    Loc::R(r) => x86!(self.a; test r64{r}, r64{r}),
                    Loc::M(off) => x86!(self.a; cmp qword ptr [rbp + {off}], 0),
                }
                if matches!(op, Op::Jz(_)) {
                    x86!(self.a; jz {l});
                } else {
                    x86!(self.a; jnz {l});
                }
            }
            Op::Ret => {
                self.get(Gpr64::RAX, top(self));
                self.epilogue();
            }
            Op::Return(k) => {
                x86!(self.a; mov rax, {k});
                self.epilogue();
            }
            Op::Print => self.print(pc, d, 0),
            Op::Putc => self.print(pc, d, 1),
            Op::Aload => {
                self.index_check(pc, top(self));
                x86!(self.a; mov rax, qword ptr [r13 + rax*8]);
                self.put(top(self), Gpr64::RAX);
            }
            Op::Astore => {
                self.index_check(pc, self.slot(d - 2));
                let v = self.reg(top(self), Gpr64::RCX);
                x86!(self.a; mov qword ptr [r13 + rax*8], r64{v});
            }
            Op::Bin(_) | Op::Cmp(_) | Op::Call(_) => unreachable!("compiled by FnCompiler::op"),
        }
    }

    /// `rax = index at l`, branching to a trap stub unless `0 <= rax < MEM_CELLS`.
    fn index_check(&mut self, pc: usize, l: Loc) {
        self.get(Gpr64::RAX, l);
        let bad = self.stub(T_MEM_INDEX, pc, true);
        x86!(self.a; cmp rax, {MEM_LIMIT}; jae {bad});
    }

    /// `div` / `mod` at `pc` (depth `d`): traps on a zero divisor and on `i64::MIN / -1`
    /// instead of letting `idiv` raise SIGFPE.
    pub fn divide(&mut self, pc: usize, d: u32) {
        let (x, y) = (self.slot(d - 2), self.slot(d - 1));
        let is_div = matches!(self.f.ops[pc], Op::Bin(BinOp::Div));
        let zero = self.stub(T_DIV_ZERO, pc, false);
        let overflow = self.stub(T_DIV_OVERFLOW, pc, false);
        let minus_one = self.a.new_label();
        let done = self.a.new_label();
        self.get(Gpr64::RCX, y);
        self.get(Gpr64::RAX, x);
        x86!(self.a;
            test rcx, rcx;
            jz {zero};
            cmp rcx, -1;
            je {minus_one};
            cqo;
            idiv rcx
        );
        self.put(x, if is_div { Gpr64::RAX } else { Gpr64::RDX });
        x86!(self.a;
            jmp {done};
        {minus_one}:
            neg rax;                    // x / -1 = -x; overflows only for i64::MIN
            jo {overflow}
        );
        if is_div {
            self.put(x, Gpr64::RAX);
        } else {
            self.zero(x);
        }
        x86!(self.a; {done}:);
    }

    /// `add sub mul` or a comparison at `pc` (depth `d`) with right operand `y`; a comparison
    /// followed by `jz`/`jnz` becomes one compare-and-branch. Returns the operations covered.
    pub fn binary(&mut self, pc: usize, d: u32, y: Src) -> usize {
        let x = self.slot(d - 2);
        let xr = self.reg(x, Gpr64::RAX);
        match self.f.ops[pc] {
            Op::Cmp(c) => {
                self.alu(AluOp::Cmp, xr, y);
                if let Some((if_true, t)) = self.fuses_branch(pc) {
                    let l = self.target(t);
                    self.jcc(if if_true { c } else { negate(c) }, l);
                    return 2;
                }
                self.setcc(c);
                x86!(self.a; movzx eax, al);
                self.put(x, Gpr64::RAX);
            }
            Op::Bin(b) => {
                let op = match b {
                    BinOp::Add => AluOp::Add,
                    BinOp::Sub => AluOp::Sub,
                    _ => AluOp::Mul,
                };
                self.alu(op, xr, y);
                self.put(x, xr);
            }
            _ => unreachable!("binary is called for arithmetic and comparisons"),
        }
        1
    }

    fn alu(&mut self, op: AluOp, x: Gpr64, y: Src) {
        macro_rules! arms {
            ($mn:ident) => {
                match y {
                    Src::Imm(k) => x86!(self.a; $mn r64{x}, {k}),
                    Src::Loc(Loc::R(r)) => x86!(self.a; $mn r64{x}, r64{r}),
                    Src::Loc(Loc::M(off)) => x86!(self.a; $mn r64{x}, qword ptr [rbp + {off}]),
                }
            };
        }
        match op {
            AluOp::Add => arms!(add),
            AluOp::Sub => arms!(sub),
            AluOp::Cmp => arms!(cmp),
            AluOp::Mul => match y {
                Src::Imm(k) => x86!(self.a; imul r64{x}, r64{x}, {k}),
                Src::Loc(Loc::R(r)) => x86!(self.a; imul r64{x}, r64{r}),
                Src::Loc(Loc::M(off)) => x86!(self.a; imul r64{x}, qword ptr [rbp + {off}]),
            },
        }
    }

    fn jcc(&mut self, c: CmpOp, l: Label) {
        match c {
            CmpOp::Eq => x86!(self.a; je {l}),
            CmpOp::Ne => x86!(self.a; jne {l}),
            CmpOp::Lt => x86!(self.a; jl {l}),
            CmpOp::Le => x86!(self.a; jle {l}),
            CmpOp::Gt => x86!(self.a; jg {l}),
            CmpOp::Ge => x86!(self.a; jge {l}),
        }
    }

    fn setcc(&mut self, c: CmpOp) {
        match c {
            CmpOp::Eq => x86!(self.a; sete al),
            CmpOp::Ne => x86!(self.a; setne al),
            CmpOp::Lt => x86!(self.a; setl al),
            CmpOp::Le => x86!(self.a; setle al),
            CmpOp::Gt => x86!(self.a; setg al),
            CmpOp::Ge => x86!(self.a; setge al),
        }
    }
}

#[derive(Copy, Clone)]
enum AluOp {
    Add,
    Sub,
    Mul,
    Cmp,
}

fn negate(c: CmpOp) -> CmpOp {
    match c {
        CmpOp::Eq => CmpOp::Ne,
        CmpOp::Ne => CmpOp::Eq,
        CmpOp::Lt => CmpOp::Ge,
        CmpOp::Le => CmpOp::Gt,
        CmpOp::Gt => CmpOp::Le,
        CmpOp::Ge => CmpOp::Lt,
    }
}

//! The VM's program model: operations, functions, and the verifier every program passes before
//! either the interpreter or the JIT sees it.
//!
//! The VM is a stack machine. Each function has `nargs` arguments (its first locals), `nlocals`
//! locals in all (zero-initialized apart from the arguments) and an operand stack. The verifier
//! computes the operand-stack depth before every operation and rejects a program unless that
//! depth is the same on every path, never negative and at most [`MAX_STACK`], every jump lands
//! inside its function and no path runs off a function's end. Both back ends rely on this: the
//! interpreter never underflows, and the JIT maps stack depth `d` to a fixed register or frame
//! slot.

use std::fmt;

/// Most locals (arguments included) a function may have.
pub const MAX_LOCALS: u32 = 1024;
/// Deepest operand stack a function may use.
pub const MAX_STACK: u32 = 1024;
/// Most frames that may be active at once; one more call is a "call stack overflow" error.
pub const MAX_DEPTH: u64 = 10_000;
/// Cells of the VM's memory array (`aload` / `astore`), zero at the start of a run.
pub const MEM_CELLS: usize = 1 << 16;

/// One operation. The numbers are the `op` field of the binary format; 1 is the original
/// format's RETURN.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// 1: return the constant parameter.
    Return(i64),
    /// 2: return the top of the stack.
    Ret,
    /// 3: push a constant.
    Push(i64),
    /// 4: drop the top of the stack.
    Pop,
    /// 5: duplicate the top of the stack.
    Dup,
    /// 6: exchange the two top values.
    Swap,
    /// 7: push local `n`.
    Load(u32),
    /// 8: pop into local `n`.
    Store(u32),
    /// 9..=13: `a b -- a op b` (wrapping add, sub, mul; div and mod truncate toward zero and
    /// fail on a zero divisor or `i64::MIN` by `-1`).
    Bin(BinOp),
    /// 14: negate the top of the stack (wrapping).
    Neg,
    /// 15..=20: `a b -- (a cmp b) as 0/1`.
    Cmp(CmpOp),
    /// 21: jump to operation `n` of this function.
    Jmp(u32),
    /// 22: pop; jump if it was zero.
    Jz(u32),
    /// 23: pop; jump if it was not zero.
    Jnz(u32),
    /// 24: call function `n`: pops its arguments (the last on top), pushes its result.
    Call(u32),
    /// 25: pop and print as a decimal line.
    Print,
    /// 26: `i -- mem[i]`.
    Aload,
    /// 27: `i v --`, stores `mem[i] = v`.
    Astore,
    /// 28: print the whole operand stack of this frame (the JIT leaves such functions to the
    /// interpreter).
    Dbg,
    /// 29: pop and write its low 8 bits as one byte.
    Putc,
}

/// Arithmetic operations.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

/// Comparisons; each pushes 1 when true and 0 when false.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

const BINS: [BinOp; 5] = [BinOp::Add, BinOp::Sub, BinOp::Mul, BinOp::Div, BinOp::Mod];
const CMPS: [CmpOp; 6] = [CmpOp::Eq, CmpOp::Ne, CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge];

impl CmpOp {
    /// Evaluates the comparison.
    pub fn eval(self, a: i64, b: i64) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Ne => a != b,
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }
}

impl Op {
    /// Decodes a binary `(op, param)` pair, or `None` for an unknown opcode or a parameter out
    /// of range for it.
    pub fn decode(op: u32, param: i64) -> Option<Op> {
        let index = u32::try_from(param).ok();
        Some(match op {
            1 => Op::Return(param),
            2 => Op::Ret,
            3 => Op::Push(param),
            4 => Op::Pop,
            5 => Op::Dup,
            6 => Op::Swap,
            7 => Op::Load(index?),
            8 => Op::Store(index?),
            9..=13 => Op::Bin(BINS[(op - 9) as usize]),
            14 => Op::Neg,
            15..=20 => Op::Cmp(CMPS[(op - 15) as usize]),
            21 => Op::Jmp(index?),
            22 => Op::Jz(index?),
            23 => Op::Jnz(index?),
            24 => Op::Call(index?),
            25 => Op::Print,
            26 => Op::Aload,
            27 => Op::Astore,
            28 => Op::Dbg,
            29 => Op::Putc,
            _ => return None,
        })
    }

    /// The binary `(op, param)` pair.
    pub fn encode(self) -> (u32, i64) {
        match self {
            Op::Return(v) => (1, v),
            Op::Ret => (2, 0),
            Op::Push(v) => (3, v),
            Op::Pop => (4, 0),
            Op::Dup => (5, 0),
            Op::Swap => (6, 0),
            Op::Load(n) => (7, n.into()),
            Op::Store(n) => (8, n.into()),
            Op::Bin(b) => (9 + BINS.iter().position(|&x| x == b).unwrap_or(0) as u32, 0),
            Op::Neg => (14, 0),
            Op::Cmp(c) => (15 + CMPS.iter().position(|&x| x == c).unwrap_or(0) as u32, 0),
            Op::Jmp(t) => (21, t.into()),
            Op::Jz(t) => (22, t.into()),
            Op::Jnz(t) => (23, t.into()),
            Op::Call(f) => (24, f.into()),
            Op::Print => (25, 0),
            Op::Aload => (26, 0),
            Op::Astore => (27, 0),
            Op::Dbg => (28, 0),
            Op::Putc => (29, 0),
        }
    }
}

/// One function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    /// Name, for messages.
    pub name: String,
    /// Number of arguments (locals `0..nargs`).
    pub nargs: u32,
    /// Number of locals, arguments included.
    pub nlocals: u32,
    /// The body.
    pub ops: Vec<Op>,
}

/// A whole program: functions and the index of the one to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// Functions; `Op::Call(n)` names `funcs[n]`.
    pub funcs: Vec<Function>,
    /// The function to run (takes no arguments).
    pub entry: u32,
}

/// What the verifier learned about one function.
#[derive(Clone, Debug)]
pub struct FuncInfo {
    /// Operand-stack depth before each operation (`None`: unreachable).
    pub depth: Vec<Option<u32>>,
    /// Deepest operand stack.
    pub max_stack: u32,
    /// Whether an operation is the target of a jump.
    pub is_target: Vec<bool>,
}

/// A program the verifier rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    /// The function.
    pub func: String,
    /// The operation index, if the problem has one.
    pub at: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some(at) => {
                write!(f, "invalid program: function `{}`, operation {at}: {}", self.func, self.message)
            }
            None => write!(f, "invalid program: function `{}`: {}", self.func, self.message),
        }
    }
}

/// Stack effect of `op` as (values popped, values pushed).
fn effect(op: Op, funcs: &[Function]) -> (u32, u32) {
    match op {
        Op::Return(_) => (0, 0),
        Op::Ret | Op::Pop | Op::Print | Op::Putc | Op::Jz(_) | Op::Jnz(_) | Op::Store(_) => (1, 0),
        Op::Push(_) | Op::Load(_) => (0, 1),
        Op::Dup => (1, 2),
        Op::Swap => (2, 2),
        Op::Bin(_) | Op::Cmp(_) => (2, 1),
        Op::Neg | Op::Aload => (1, 1),
        Op::Astore => (2, 0),
        Op::Jmp(_) | Op::Dbg => (0, 0),
        Op::Call(f) => (funcs.get(f as usize).map_or(0, |g| g.nargs), 1),
    }
}

/// Checks every function of `p`; returns what the back ends need to know, one entry per
/// function.
pub fn verify(p: &Program) -> Result<Vec<FuncInfo>, VerifyError> {
    let err =
        |f: &Function, at: Option<usize>, message: String| VerifyError { func: f.name.clone(), at, message };
    match p.funcs.get(p.entry as usize) {
        None => {
            return Err(VerifyError {
                func: "?".into(),
                at: None,
                message: format!("entry function {} does not exist", p.entry),
            })
        }
        Some(f) if f.nargs != 0 => {
            return Err(err(f, None, "the entry function must take no arguments".into()))
        }
        Some(_) => {}
    }
    p.funcs.iter().map(|f| verify_func(f, &p.funcs).map_err(|(at, m)| err(f, at, m))).collect()
}

fn verify_func(f: &Function, funcs: &[Function]) -> Result<FuncInfo, (Option<usize>, String)> {
    if f.nargs > f.nlocals || f.nlocals > MAX_LOCALS {
        return Err((None, format!("{} arguments and {} locals (at most {MAX_LOCALS})", f.nargs, f.nlocals)));
    }
    if f.ops.is_empty() {
        return Err((None, "empty body".into()));
    }
    let n = f.ops.len();
    let mut depth: Vec<Option<u32>> = vec![None; n];
    let mut is_target = vec![false; n];
    let mut max_stack = 0;
    let mut work = vec![(0usize, 0u32)];
    while let Some((pc, d)) = work.pop() {
        match depth[pc] {
            Some(old) if old == d => continue,
            Some(old) => {
                return Err((Some(pc), format!("stack depth {d} here on one path and {old} on another")))
            }
            None => depth[pc] = Some(d),
        }
        let op = f.ops[pc];
        check_operands(op, f, funcs).map_err(|m| (Some(pc), m))?;
        let (pop, push) = effect(op, funcs);
        if d < pop {
            return Err((Some(pc), format!("{op:?} needs {pop} values on the stack, there are {d}")));
        }
        let after = d - pop + push;
        if after > MAX_STACK {
            return Err((Some(pc), format!("operand stack deeper than {MAX_STACK}")));
        }
        max_stack = max_stack.max(after);
        let jump = match op {
            Op::Jmp(t) | Op::Jz(t) | Op::Jnz(t) => Some(t as usize),
            _ => None,
        };
        if let Some(t) = jump {
            if t >= n {
                return Err((Some(pc), format!("jump to operation {t}, past the end ({n} operations)")));
            }
            is_target[t] = true;
            work.push((t, after));
        }
        let falls_through = !matches!(op, Op::Jmp(_) | Op::Ret | Op::Return(_));
        if falls_through {
            if pc + 1 >= n {
                return Err((Some(pc), "runs off the end of the function (no `ret`)".into()));
            }
            work.push((pc + 1, after));
        }
    }
    Ok(FuncInfo { depth, max_stack, is_target })
}

fn check_operands(op: Op, f: &Function, funcs: &[Function]) -> Result<(), String> {
    match op {
        Op::Load(i) | Op::Store(i) if i >= f.nlocals => {
            Err(format!("local {i} out of range ({} locals)", f.nlocals))
        }
        Op::Call(g) if g as usize >= funcs.len() => {
            Err(format!("call to function {g}, there are {}", funcs.len()))
        }
        _ => Ok(()),
    }
}

//! The interpreter: the reference semantics of the VM, in plain Rust.
//!
//! Locals and operand stacks of all active frames share one `Vec<i64>`: a call turns the
//! arguments on top of the caller's stack into the callee's first locals, and a return truncates
//! the vector back to where the arguments started and pushes the result.

use crate::program::{BinOp, Op, Program, MEM_CELLS};
use std::fmt;
use std::io::Write;

/// Why a run stopped early.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trap {
    /// `div` or `mod` by zero.
    DivZero,
    /// `i64::MIN` divided by `-1` (`div` or `mod`).
    DivOverflow,
    /// `aload`/`astore` outside `0..MEM_CELLS`.
    MemIndex(i64),
    /// More than `MAX_DEPTH` active frames.
    StackOverflow,
    /// Writing the output failed.
    Output(String),
}

/// A run-time error: what happened, in which function and at which operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeError {
    /// What happened.
    pub trap: Trap,
    /// The function's index.
    pub func: u32,
    /// The operation's index.
    pub pc: usize,
}

impl RuntimeError {
    /// The message shown to the user (the same in both modes).
    pub fn message(&self, p: &Program) -> String {
        let name = p.funcs.get(self.func as usize).map_or("?", |f| f.name.as_str());
        format!("runtime error in `{name}` at operation {}: {}", self.pc, self.trap)
    }
}

impl fmt::Display for Trap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trap::DivZero => f.write_str("division by zero"),
            Trap::DivOverflow => f.write_str("overflow: i64::MIN divided by -1"),
            Trap::MemIndex(i) => write!(f, "memory index {i} out of bounds (0..{MEM_CELLS})"),
            Trap::StackOverflow => f.write_str("call stack overflow"),
            Trap::Output(e) => write!(f, "cannot write output: {e}"),
        }
    }
}

/// Buffered standard output shared by both back ends (the JIT's print callback writes here too).
pub struct Output {
    buf: Vec<u8>,
}

impl Output {
    /// An empty buffer.
    pub fn new() -> Output {
        Output { buf: Vec::with_capacity(1 << 16) }
    }

    /// Appends `v` as a decimal line.
    pub fn print(&mut self, v: i64) -> Result<(), Trap> {
        writeln!(self.buf, "{v}").map_err(|e| Trap::Output(e.to_string()))?;
        self.maybe_flush()
    }

    /// Appends a line of text.
    pub fn print_line(&mut self, s: &str) -> Result<(), Trap> {
        writeln!(self.buf, "{s}").map_err(|e| Trap::Output(e.to_string()))?;
        self.maybe_flush()
    }

    /// Appends one byte.
    pub fn putc(&mut self, v: i64) -> Result<(), Trap> {
        self.buf.push(v as u8);
        self.maybe_flush()
    }

    /// Appends a line of values (`dbg`).
    pub fn values(&mut self, vs: &[i64]) -> Result<(), Trap> {
        writeln!(self.buf, "{vs:?}").map_err(|e| Trap::Output(e.to_string()))?;
        self.maybe_flush()
    }

    fn maybe_flush(&mut self) -> Result<(), Trap> {
        if self.buf.len() >= 1 << 16 {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes everything buffered to standard output.
    pub fn flush(&mut self) -> Result<(), Trap> {
        let mut out = std::io::stdout().lock();
        out.write_all(&self.buf).and_then(|()| out.flush()).map_err(|e| Trap::Output(e.to_string()))?;
        self.buf.clear();
        Ok(())
    }
}

/// The state a run needs besides the code: memory and output.
pub struct Machine<'p> {
    /// The program.
    pub prog: &'p Program,
    /// The memory array of `aload`/`astore`.
    pub mem: Vec<i64>,
    /// Buffered output.
    pub out: Output,
}

struct Frame {
    func: u32,
    pc: usize,
    base: usize,
}

/// `a op b` with the VM's rules: wrapping add, sub and mul; checked div and mod.
pub fn binop(op: BinOp, a: i64, b: i64) -> Result<i64, Trap> {
    Ok(match op {
        BinOp::Add => a.wrapping_add(b),
        BinOp::Sub => a.wrapping_sub(b),
        BinOp::Mul => a.wrapping_mul(b),
        BinOp::Div | BinOp::Mod if b == 0 => return Err(Trap::DivZero),
        BinOp::Div | BinOp::Mod if a == i64::MIN && b == -1 => return Err(Trap::DivOverflow),
        BinOp::Div => a / b,
        BinOp::Mod => a % b,
    })
}

fn mem_index(i: i64) -> Result<usize, Trap> {
    usize::try_from(i).ok().filter(|&i| i < MEM_CELLS).ok_or(Trap::MemIndex(i))
}

impl<'p> Machine<'p> {
    /// A machine with zeroed memory for `prog` (which must have passed the verifier).
    pub fn new(prog: &'p Program) -> Machine<'p> {
        Machine { prog, mem: vec![0; MEM_CELLS], out: Output::new() }
    }

    /// Runs function `func` on `args`, allowing at most `frames` active frames (this one
    /// included).
    pub fn call(&mut self, func: u32, args: &[i64], frames: u64) -> Result<i64, RuntimeError> {
        let mut stack: Vec<i64> = args.to_vec();
        let mut frames_vec: Vec<Frame> = Vec::new();
        let prog = self.prog;
        let mut cur = Frame { func, pc: 0, base: 0 };
        if frames == 0 {
            return Err(RuntimeError { trap: Trap::StackOverflow, func, pc: 0 });
        }
        stack.resize(prog.funcs[func as usize].nlocals as usize, 0);
        let mut code: &[Op] = &prog.funcs[func as usize].ops;
        let trap = |trap: Trap, cur: &Frame| RuntimeError { trap, func: cur.func, pc: cur.pc };
        loop {
            let op = code[cur.pc];
            match op {
                Op::Push(v) => stack.push(v),
                Op::Load(n) => stack.push(stack[cur.base + n as usize]),
                Op::Store(n) => {
                    let v = pop(&mut stack);
                    stack[cur.base + n as usize] = v;
                }
                Op::Bin(b) => {
                    let y = pop(&mut stack);
                    let x = pop(&mut stack);
                    stack.push(binop(b, x, y).map_err(|t| trap(t, &cur))?);
                }
                Op::Cmp(c) => {
                    let y = pop(&mut stack);
                    let x = pop(&mut stack);
                    stack.push(i64::from(c.eval(x, y)));
                }
                Op::Jmp(t) => {
                    cur.pc = t as usize;
                    continue;
                }
                Op::Jz(t) | Op::Jnz(t) => {
                    if (pop(&mut stack) == 0) == matches!(op, Op::Jz(_)) {
                        cur.pc = t as usize;
                        continue;
                    }
                }
                Op::Neg => {
                    let v = pop(&mut stack);
                    stack.push(v.wrapping_neg());
                }
                Op::Pop => {
                    pop(&mut stack);
                }
                Op::Dup => stack.push(stack[stack.len() - 1]),
                Op::Swap => {
                    let n = stack.len();
                    stack.swap(n - 1, n - 2);
                }
                Op::Call(g) => {
                    let callee = &prog.funcs[g as usize];
                    if frames_vec.len() as u64 + 1 >= frames {
                        return Err(RuntimeError { trap: Trap::StackOverflow, func: g, pc: 0 });
                    }
                    let base = stack.len() - callee.nargs as usize;
                    stack.resize(base + callee.nlocals as usize, 0);
                    cur.pc += 1;
                    frames_vec.push(std::mem::replace(&mut cur, Frame { func: g, pc: 0, base }));
                    code = &callee.ops;
                    continue;
                }
                Op::Ret | Op::Return(_) => {
                    let v = if let Op::Return(v) = op { v } else { pop(&mut stack) };
                    let Some(caller) = frames_vec.pop() else { return Ok(v) };
                    stack.truncate(cur.base);
                    stack.push(v);
                    cur = caller;
                    code = &prog.funcs[cur.func as usize].ops;
                    continue;
                }
                Op::Print => {
                    let v = pop(&mut stack);
                    self.out.print(v).map_err(|t| trap(t, &cur))?;
                }
                Op::Putc => {
                    let v = pop(&mut stack);
                    self.out.putc(v).map_err(|t| trap(t, &cur))?;
                }
                Op::Aload => {
                    let i = pop(&mut stack);
                    stack.push(self.mem[mem_index(i).map_err(|t| trap(t, &cur))?]);
                }
                Op::Astore => {
                    let v = pop(&mut stack);
                    let i = mem_index(pop(&mut stack)).map_err(|t| trap(t, &cur))?;
                    self.mem[i] = v;
                }
                Op::Dbg => {
                    let start = cur.base + prog.funcs[cur.func as usize].nlocals as usize;
                    self.out.values(&stack[start..]).map_err(|t| trap(t, &cur))?;
                }
            }
            cur.pc += 1;
        }
    }
}

/// Pops a value; the verifier guarantees there is one.
fn pop(stack: &mut Vec<i64>) -> i64 {
    stack.pop().unwrap_or_default()
}

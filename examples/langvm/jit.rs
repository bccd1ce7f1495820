//! The JIT: compiles every function of a verified program to x86-64 in one buffer.
//!
//! Because the verifier fixes the operand-stack depth before every operation, stack slot `d`
//! always lives in the same place: one of the registers left over after the locals, or a frame
//! slot. The first locals live in registers too. So `load i; push 1; add; store i` becomes
//! `lea`-free register arithmetic with no stack pointer at run time. Frame layout (`rbp`-relative):
//!
//! ```text
//! [rbp - 8*(i+1)]                 local i (its home; register locals are saved here at calls)
//! [rbp - 8*(L+S) + 8*d]           stack slot d's home (L locals, S = deepest stack), so the
//!                                 arguments of a call lie at ascending addresses
//! ```
//!
//! Pinned registers: `r15` = the run's [`Ctx`], `r14` = frames still allowed, `r13` = memory
//! base; `rax rcx rdx` are scratch; `rbx r12 rsi rdi r8..r11` hold locals and stack slots.
//! Between JIT functions the caller saves every register value it still needs into its frame
//! and passes `rax` = the address of the first argument's home; the result comes back in `rax`.
//! Run-time errors jump to a cold stub that records the trap in [`Ctx`] and unwinds straight to
//! the entry trampoline by restoring the `rsp` it saved.

use crate::interp::{Machine, RuntimeError, Trap};
use crate::jit_ops::{Loc, Src, FRAME_REGS};
use crate::program::{BinOp, FuncInfo, Function, Op, Program, MAX_DEPTH};
use asm_macro::x86;
use asm_runtime::{Assembler, ExecBuffer, Gpr64, Label};
use std::mem::offset_of;

/// What JIT code and its callbacks share during a run. JIT code reads and writes the fields by
/// offset, so the layout is fixed.
#[repr(C)]
pub struct Ctx {
    saved_rsp: u64,
    trap_code: u64,
    trap_func: u64,
    trap_pc: u64,
    trap_val: i64,
    machine: *mut (),
    pending: *mut Option<RuntimeError>,
}

pub(crate) const SAVED_RSP: i32 = offset_of!(Ctx, saved_rsp) as i32;
pub(crate) const TRAP_CODE: i32 = offset_of!(Ctx, trap_code) as i32;
pub(crate) const TRAP_FUNC: i32 = offset_of!(Ctx, trap_func) as i32;
pub(crate) const TRAP_PC: i32 = offset_of!(Ctx, trap_pc) as i32;
pub(crate) const TRAP_VAL: i32 = offset_of!(Ctx, trap_val) as i32;

/// Trap codes written by JIT stubs (0 = no trap).
pub(crate) const T_DIV_ZERO: i32 = 1;
pub(crate) const T_DIV_OVERFLOW: i32 = 2;
pub(crate) const T_MEM_INDEX: i32 = 3;
pub(crate) const T_STACK: i32 = 4;
/// A callback failed and left its error in `Ctx::pending`.
pub(crate) const T_CALLBACK: i32 = 255;

/// A compiled program.
pub struct Compiled {
    code: ExecBuffer,
    entry: Label,
}

/// A cold error stub to emit after a function's body.
pub(crate) struct Stub {
    pub label: Label,
    pub code: i32,
    pub pc: u32,
    /// Record `rax` as the trap's value.
    pub with_value: bool,
}

/// Per-function compilation state.
pub(crate) struct FnCompiler<'a> {
    pub a: &'a mut Assembler,
    pub f: &'a Function,
    pub info: &'a FuncInfo,
    pub func: u32,
    pub labels: Vec<Label>,
    pub funcs: &'a [Option<Label>],
    pub nargs_of: &'a [u32],
    pub stubs: Vec<Stub>,
    pub unwind: Label,
    /// Locals kept in registers: `FRAME_REGS[..local_regs]`.
    pub local_regs: usize,
}

extern "sysv64" fn print_cb(ctx: *mut Ctx, v: i64, kind: i64) -> i64 {
    // SAFETY: JIT code passes the `Ctx` that `run` created and keeps alive for the whole call;
    // its `machine` points at the `Machine` that `run` borrows mutably, and no Rust reference to
    // either is live while JIT code runs.
    let (ctx, m) = unsafe { (&mut *ctx, &mut *(*ctx).machine.cast::<Machine<'_>>()) };
    let r = if kind == 0 { m.out.print(v) } else { m.out.putc(v) };
    match r {
        Ok(()) => 0,
        Err(trap) => {
            ctx.trap_code = T_CALLBACK as u64;
            // SAFETY: as above; `pending` points at a local of `run`.
            unsafe { *ctx.pending = Some(RuntimeError { trap, func: ctx.trap_func as u32, pc: 0 }) };
            1
        }
    }
}

extern "sysv64" fn interp_cb(ctx: *mut Ctx, func: u64, args: *const i64, frames: u64) -> i64 {
    // SAFETY: as in `print_cb`. `args` points at the caller's frame slots holding the callee's
    // arguments, at ascending addresses, as many as the callee takes.
    let (ctx, m) = unsafe { (&mut *ctx, &mut *(*ctx).machine.cast::<Machine<'_>>()) };
    let n = m.prog.funcs[func as usize].nargs as usize;
    // SAFETY: see above.
    let args = unsafe { std::slice::from_raw_parts(args, n) };
    match m.call(func as u32, args, frames) {
        Ok(v) => v,
        Err(e) => {
            ctx.trap_code = T_CALLBACK as u64;
            // SAFETY: `pending` points at a local of `run`.
            unsafe { *ctx.pending = Some(e) };
            0
        }
    }
}

/// Why the JIT leaves a function to the interpreter, if it does.
pub fn unsupported(f: &Function) -> Option<&'static str> {
    f.ops.iter().any(|op| matches!(op, Op::Dbg)).then_some("`dbg`")
}

/// Compiles every function the JIT supports; the others are called through the interpreter.
/// Returns the code and one note per function left to the interpreter.
pub fn compile(p: &Program, infos: &[FuncInfo]) -> Result<(Compiled, Vec<String>), String> {
    let mut a = Assembler::new();
    let epilogue = a.new_label();
    let unwind = a.new_label();
    trampoline(&mut a, epilogue, unwind);
    let mut notes = Vec::new();
    let funcs: Vec<Option<Label>> = p
        .funcs
        .iter()
        .map(|f| match unsupported(f) {
            Some(why) => {
                notes.push(format!("note: function `{}` uses {why}, which the JIT does not compile; it runs in the interpreter", f.name));
                None
            }
            None => Some(a.new_label()),
        })
        .collect();
    let nargs_of: Vec<u32> = p.funcs.iter().map(|f| f.nargs).collect();
    for (i, f) in p.funcs.iter().enumerate() {
        let Some(label) = funcs[i] else { continue };
        let labels = (0..f.ops.len()).map(|_| a.new_label()).collect();
        let mut c = FnCompiler {
            a: &mut a,
            f,
            info: &infos[i],
            func: i as u32,
            labels,
            funcs: &funcs,
            nargs_of: &nargs_of,
            stubs: Vec::new(),
            unwind,
            local_regs: (f.nlocals as usize).min(5),
        };
        c.function(label);
    }
    let entry = a.new_label();
    match funcs[p.entry as usize] {
        Some(main) => x86!(a; {entry}: jmp {main}),
        None => x86!(a; {entry}: ud2),
    }
    let code = a.finalize().map_err(|e| format!("JIT: {e}"))?;
    Ok((Compiled { code, entry }, notes))
}

/// `extern "sysv64" fn(ctx, mem, frames, target) -> i64`: saves the callee-saved registers,
/// pins `r15`/`r13`/`r14`, records `rsp` for unwinding and calls `target`.
fn trampoline(a: &mut Assembler, epilogue: Label, unwind: Label) {
    x86!(a;
        push rbx;
        push rbp;
        push r12;
        push r13;
        push r14;
        push r15;
        sub rsp, 8;                             // 6 pushes + 8: rsp is 16-byte aligned again
        mov r15, rdi;
        mov r13, rsi;
        mov r14, rdx;
        mov qword ptr [r15 + {SAVED_RSP}], rsp;
        call rcx;
    {epilogue}:
        add rsp, 8;
        pop r15;
        pop r14;
        pop r13;
        pop r12;
        pop rbp;
        pop rbx;
        ret;
    {unwind}:
        mov rsp, qword ptr [r15 + {SAVED_RSP}];
        jmp {epilogue}
    );
}

impl FnCompiler<'_> {
    fn function(&mut self, label: Label) {
        let a = &mut *self.a;
        let frame = (8 * (self.f.nlocals + self.info.max_stack) as i32 + 15) & !15;
        x86!(a;
        {label}:
            push rbp;
            mov rbp, rsp
        );
        if frame > 0 {
            x86!(a; sub rsp, {frame});
        }
        let overflow = self.stub(T_STACK, 0, false);
        x86!(self.a; sub r14, 1; jb {overflow});
        for i in 0..self.f.nlocals {
            let dst = self.local(i);
            if i < self.f.nargs {
                let off = 8 * i as i32;
                x86!(self.a; mov rcx, qword ptr [rax + {off}]);
                self.put(dst, Gpr64::RCX);
            } else {
                self.zero(dst);
            }
        }
        let mut pc = 0;
        while pc < self.f.ops.len() {
            if self.info.is_target[pc] {
                let l = self.labels[pc];
                self.a.bind(l);
            }
            match self.info.depth[pc] {
                Some(d) => pc += self.op(pc, d),
                None => pc += 1,
            }
        }
        self.emit_stubs();
    }

    /// A new cold stub for trap `code` at operation `pc`.
    pub fn stub(&mut self, code: i32, pc: usize, with_value: bool) -> Label {
        let label = self.a.new_label();
        self.stubs.push(Stub { label, code, pc: pc as u32, with_value });
        label
    }

    fn emit_stubs(&mut self) {
        let func = self.func as i32;
        let unwind = self.unwind;
        for s in std::mem::take(&mut self.stubs) {
            let (l, code, pc) = (s.label, s.code, s.pc as i32);
            x86!(self.a;
            {l}:
                mov qword ptr [r15 + {TRAP_CODE}], {code};
                mov qword ptr [r15 + {TRAP_FUNC}], {func};
                mov qword ptr [r15 + {TRAP_PC}], {pc}
            );
            if s.with_value {
                x86!(self.a; mov qword ptr [r15 + {TRAP_VAL}], rax);
            }
            x86!(self.a; jmp {unwind});
        }
    }

    /// Where local `i` lives.
    pub fn local(&self, i: u32) -> Loc {
        match FRAME_REGS.get(i as usize) {
            Some(&r) if (i as usize) < self.local_regs => Loc::R(r),
            _ => Loc::M(self.local_home(i)),
        }
    }

    /// The frame offset of local `i`'s home.
    pub fn local_home(&self, i: u32) -> i32 {
        -8 * (i as i32 + 1)
    }

    /// Where stack slot `d` lives.
    pub fn slot(&self, d: u32) -> Loc {
        match FRAME_REGS.get(self.local_regs + d as usize) {
            Some(&r) => Loc::R(r),
            None => Loc::M(self.slot_home(d)),
        }
    }

    /// The frame offset of stack slot `d`'s home.
    pub fn slot_home(&self, d: u32) -> i32 {
        -8 * (self.f.nlocals + self.info.max_stack) as i32 + 8 * d as i32
    }

    /// Compiles the operation at `pc` (depth `d` before it), possibly fused with the next ones;
    /// returns how many operations it covered.
    fn op(&mut self, pc: usize, d: u32) -> usize {
        let fusable = |next: usize| {
            next < self.f.ops.len()
                && !self.info.is_target[next]
                && matches!(self.f.ops[next], Op::Bin(BinOp::Add | BinOp::Sub | BinOp::Mul) | Op::Cmp(_))
        };
        match self.f.ops[pc] {
            Op::Push(k) if fusable(pc + 1) && i32::try_from(k).is_ok() => {
                1 + self.binary(pc + 1, d + 1, Src::Imm(k as i32))
            }
            Op::Load(i) if fusable(pc + 1) => 1 + self.binary(pc + 1, d + 1, Src::Loc(self.local(i))),
            Op::Bin(BinOp::Div | BinOp::Mod) => {
                self.divide(pc, d);
                1
            }
            Op::Bin(_) | Op::Cmp(_) => self.binary(pc, d, Src::Loc(self.slot(d - 1))),
            Op::Call(g) => {
                self.call(pc, d, g);
                1
            }
            op => {
                self.simple(pc, d, op);
                1
            }
        }
    }

    /// The branch target label of operation `t`.
    pub fn target(&self, t: u32) -> Label {
        self.labels[t as usize]
    }

    /// Whether the machine code can branch on flags for the operation after `pc` instead of
    /// materializing a 0/1 value.
    pub fn fuses_branch(&self, pc: usize) -> Option<(bool, u32)> {
        let next = pc + 1;
        if next >= self.f.ops.len() || self.info.is_target[next] {
            return None;
        }
        match self.f.ops[next] {
            Op::Jz(t) => Some((false, t)),
            Op::Jnz(t) => Some((true, t)),
            _ => None,
        }
    }

    fn call(&mut self, pc: usize, d: u32, g: u32) {
        let n = self.nargs_of[g as usize];
        let d0 = d - n;
        self.save(d, false);
        let args = self.slot_home(d0);
        match self.funcs[g as usize] {
            Some(label) => x86!(self.a; lea rax, [rbp + {args}]; call {label}),
            None => {
                let target = interp_cb as extern "sysv64" fn(*mut Ctx, u64, *const i64, u64) -> i64 as usize;
                let unwind = self.unwind;
                let g = g as i32;
                x86!(self.a;
                    mov rdi, r15;
                    mov esi, {g};
                    lea rdx, [rbp + {args}];
                    mov rcx, r14;
                    call {target};
                    cmp qword ptr [r15 + {TRAP_CODE}], 0;
                    jne {unwind}
                );
            }
        }
        self.restore(d0, false);
        let _ = pc;
        self.put(self.slot(d0), Gpr64::RAX);
    }

    /// Calls the print callback with the value in slot `d - 1` (`kind` 0: number, 1: byte).
    pub fn print(&mut self, pc: usize, d: u32, kind: i32) {
        self.save(d - 1, true);
        self.get(Gpr64::RSI, self.slot(d - 1));
        let target = print_cb as extern "sysv64" fn(*mut Ctx, i64, i64) -> i64 as usize;
        let unwind = self.unwind;
        let (func, pc) = (self.func as i32, pc as i32);
        x86!(self.a;
            mov qword ptr [r15 + {TRAP_FUNC}], {func};
            mov qword ptr [r15 + {TRAP_PC}], {pc};
            mov rdi, r15;
            mov edx, {kind};
            call {target};
            test rax, rax;
            jnz {unwind}
        );
        self.restore(d - 1, true);
    }

    /// Saves register locals and register stack slots below `d` to their homes before a call
    /// (`caller_saved_only`: only those a System V callee may clobber).
    fn save(&mut self, d: u32, caller_saved_only: bool) {
        for (r, off) in self.live_regs(d, caller_saved_only) {
            x86!(self.a; mov qword ptr [rbp + {off}], r64{r});
        }
    }

    fn restore(&mut self, d: u32, caller_saved_only: bool) {
        for (r, off) in self.live_regs(d, caller_saved_only) {
            x86!(self.a; mov r64{r}, qword ptr [rbp + {off}]);
        }
    }

    fn live_regs(&self, d: u32, caller_saved_only: bool) -> Vec<(Gpr64, i32)> {
        let locals = (0..self.f.nlocals).map(|i| (self.local(i), self.local_home(i)));
        let slots = (0..d).map(|s| (self.slot(s), self.slot_home(s)));
        locals
            .chain(slots)
            .filter_map(|(l, off)| match l {
                Loc::R(r) if !caller_saved_only || ![Gpr64::RBX, Gpr64::R12].contains(&r) => Some((r, off)),
                _ => None,
            })
            .collect()
    }
}

/// Runs a compiled program on `m`.
pub fn run(c: &Compiled, m: &mut Machine<'_>) -> Result<i64, RuntimeError> {
    let mut pending = None;
    let mem = m.mem.as_mut_ptr();
    let mut ctx = Ctx {
        saved_rsp: 0,
        trap_code: 0,
        trap_func: 0,
        trap_pc: 0,
        trap_val: 0,
        machine: (m as *mut Machine<'_>).cast(),
        pending: &mut pending,
    };
    // SAFETY: offset 0 is the trampoline, a complete `fn(ctx, mem, frames, target) -> i64`
    // that preserves every callee-saved register; `entry` jumps to the entry function. `ctx`,
    // the memory array (MEM_CELLS cells, bounds-checked by the code) and `m` outlive the call.
    let v = unsafe {
        let tramp = c.code.entry::<extern "sysv64" fn(*mut Ctx, *mut i64, u64, u64) -> i64>();
        let target = c.code.label_offset(c.entry).map_or(0, |o| c.code.addr() + o as u64);
        tramp(&mut ctx, mem, MAX_DEPTH, target)
    };
    let func = ctx.trap_func as u32;
    let pc = ctx.trap_pc as usize;
    let trap = match ctx.trap_code as i32 {
        0 => return Ok(v),
        T_DIV_ZERO => Trap::DivZero,
        T_DIV_OVERFLOW => Trap::DivOverflow,
        T_MEM_INDEX => Trap::MemIndex(ctx.trap_val),
        T_STACK => Trap::StackOverflow,
        _ => {
            return Err(pending.unwrap_or(RuntimeError {
                trap: Trap::Output("lost error".into()),
                func,
                pc,
            }));
        }
    };
    Err(RuntimeError { trap, func, pc })
}

//! Calls functions whose signature is known only at run time, through a thunk our assembler
//! builds from the signature (what libffi does, without libffi).
//!
//! `cargo run --example dyncall` calls `snprintf` (variadic, with ints and doubles), libm's
//! `pow` (found with `sym`) and Rust `extern "C"` functions with 12 and 18 mixed arguments (so
//! both the six integer and the eight vector argument registers overflow to the stack), and
//! prints each result next to the result of calling the same function directly.
//!
//! A thunk is `extern "sysv64" fn(f: u64, args: *const u64, result: *mut u64)`: `args` holds
//! one 8-byte slot per argument (an `i64`, an `f64`'s bits or a pointer). Following System V,
//! the thunk puts integer and pointer arguments in `rdi rsi rdx rcx r8 r9` and `f64` arguments
//! in `xmm0..xmm7`, in order of appearance within each class; the rest go on the stack in
//! argument order, 8 bytes each, with `rsp` 16-byte aligned at the call. `al` gets the number
//! of vector registers used, which variadic callees read. The result comes back from `rax` or
//! `xmm0` into `*result`.
use asm_macro::x86;
use asm_runtime::{sym, Assembler, ExecBuffer, Gpr64, Xmm};
use std::ffi::{c_char, CStr};

/// The kind of one argument.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A 64-bit integer (also fits `int`, `long`, `size_t` under System V).
    I64,
    /// A double.
    F64,
    /// A pointer.
    Ptr,
}

/// The kind of the result.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Ret {
    /// An integer in `rax`.
    I64,
    /// A double in `xmm0`.
    F64,
    /// A pointer in `rax`.
    Ptr,
    /// Nothing.
    Void,
}

/// A function signature known at run time.
#[derive(Clone, Debug)]
pub struct Signature {
    /// Argument kinds, in order (for a variadic callee: fixed and variadic arguments alike).
    pub args: Vec<Kind>,
    /// Result kind.
    pub ret: Ret,
}

/// An argument or a result.
#[derive(Copy, Clone, Debug, PartialEq)]
pub enum Value {
    /// An integer.
    I64(i64),
    /// A double.
    F64(f64),
    /// A pointer.
    Ptr(*const u8),
    /// No value (a `void` result).
    Void,
}

const INT_REGS: [Gpr64; 6] = [Gpr64::RDI, Gpr64::RSI, Gpr64::RDX, Gpr64::RCX, Gpr64::R8, Gpr64::R9];

/// A call thunk for one signature.
pub struct Thunk {
    code: ExecBuffer,
    sig: Signature,
}

impl Thunk {
    /// Builds the thunk for `sig`.
    pub fn new(sig: &Signature) -> Result<Thunk, String> {
        let mut a = Assembler::new();
        let (mut ints, mut floats, mut stack) = (0usize, 0u8, Vec::new());
        for (i, k) in sig.args.iter().enumerate() {
            match k {
                Kind::I64 | Kind::Ptr if ints < 6 => ints += 1,
                Kind::F64 if floats < 8 => floats += 1,
                _ => stack.push(i),
            }
        }
        let area = ((8 * stack.len() + 15) & !15) as i32;
        x86!(a;
            push rbp;
            mov rbp, rsp;
            push rbx;                   // rbx: the result slot, kept across the call
            push r12;                   // (three pushes: rsp is 16-byte aligned here)
            mov rbx, rdx;
            mov r11, rdi;               // the function
            mov r10, rsi;               // the argument slots
            sub rsp, {area}
        );
        for (k, &i) in stack.iter().enumerate() {
            let (from, to) = (8 * i as i32, 8 * k as i32);
            x86!(a; mov rax, qword ptr [r10 + {from}]; mov qword ptr [rsp + {to}], rax);
        }
        let (mut int_i, mut float_i) = (0usize, 0u8);
        for (i, k) in sig.args.iter().enumerate() {
            let from = 8 * i as i32;
            match k {
                Kind::I64 | Kind::Ptr if int_i < 6 => {
                    let r = INT_REGS[int_i];
                    x86!(a; mov r64{r}, qword ptr [r10 + {from}]);
                    int_i += 1;
                }
                Kind::F64 if float_i < 8 => {
                    let x = Xmm::from_num(float_i).ok_or("no such xmm register")?;
                    x86!(a; movsd xmm{x}, qword ptr [r10 + {from}]);
                    float_i += 1;
                }
                _ => {}
            }
        }
        let vector_regs = i32::from(floats);
        x86!(a; mov eax, {vector_regs}; call r11);
        match sig.ret {
            Ret::I64 | Ret::Ptr => x86!(a; mov qword ptr [rbx], rax),
            Ret::F64 => x86!(a; movsd qword ptr [rbx], xmm0),
            Ret::Void => {}
        }
        x86!(a;
            lea rsp, [rbp - 16];
            pop r12;
            pop rbx;
            pop rbp;
            ret
        );
        let code = a.finalize().map_err(|e| e.to_string())?;
        Ok(Thunk { code, sig: sig.clone() })
    }

    /// Calls the function at `f` with `args`, which must match the signature.
    ///
    /// # Safety
    ///
    /// `f` must be a function with exactly this signature under the System V ABI, and the
    /// pointer arguments must be valid for what it does with them.
    pub unsafe fn call(&self, f: usize, args: &[Value]) -> Result<Value, String> {
        if args.len() != self.sig.args.len() {
            return Err(format!("{} arguments for a signature of {}", args.len(), self.sig.args.len()));
        }
        let mut slots = Vec::with_capacity(args.len());
        for (i, (v, k)) in args.iter().zip(&self.sig.args).enumerate() {
            slots.push(match (v, k) {
                (Value::I64(x), Kind::I64) => *x as u64,
                (Value::F64(x), Kind::F64) => x.to_bits(),
                (Value::Ptr(p), Kind::Ptr) => *p as u64,
                _ => return Err(format!("argument {i}: {v:?} where the signature has {k:?}")),
            });
        }
        let mut result = 0u64;
        // SAFETY: the thunk is a complete `fn(u64, *const u64, *mut u64)` that reads
        // `slots.len()` slots and writes one result slot; the caller vouches for `f`.
        unsafe {
            let thunk = self.code.entry::<extern "sysv64" fn(u64, *const u64, *mut u64)>();
            thunk(f as u64, slots.as_ptr(), &mut result);
        }
        Ok(match self.sig.ret {
            Ret::I64 => Value::I64(result as i64),
            Ret::F64 => Value::F64(f64::from_bits(result)),
            Ret::Ptr => Value::Ptr(result as *const u8),
            Ret::Void => Value::Void,
        })
    }
}

#[allow(clippy::too_many_arguments)]
/// 7 integers and 5 doubles, interleaved; each argument gets its own weight so a swapped or
/// dropped argument changes the result.
pub extern "C" fn mix12(
    a: i64,
    x: f64,
    b: i64,
    y: f64,
    c: i64,
    z: f64,
    d: i64,
    w: f64,
    e: i64,
    f: i64,
    v: f64,
    g: i64,
) -> f64 {
    let ints = [a, b, c, d, e, f, g].iter().zip(1..).map(|(n, k)| (n * k) as f64).sum::<f64>();
    ints + x * 100.0 + y * 200.0 + z * 300.0 + w * 400.0 + v * 500.0
}

/// 10 doubles and 8 integers; returns an integer that depends on every argument's position.
#[allow(clippy::too_many_arguments)]
pub extern "C" fn many18(
    f0: f64,
    i0: i64,
    f1: f64,
    f2: f64,
    i1: i64,
    f3: f64,
    f4: f64,
    i2: i64,
    f5: f64,
    i3: i64,
    f6: f64,
    i4: i64,
    f7: f64,
    i5: i64,
    f8: f64,
    i6: i64,
    f9: f64,
    i7: i64,
) -> i64 {
    let fs = [f0, f1, f2, f3, f4, f5, f6, f7, f8, f9];
    let is = [i0, i1, i2, i3, i4, i5, i6, i7];
    let a = fs.iter().zip(1..).map(|(x, k)| (*x as i64) * k).sum::<i64>();
    let b = is.iter().zip(1..).map(|(x, k)| x * k * 1000).sum::<i64>();
    a + b
}

/// Writes `v` through `p` (a `void` function with a pointer argument).
extern "C" fn store(p: *mut i64, v: i64) {
    // SAFETY: callers pass a valid, aligned pointer to an i64.
    unsafe { *p = v }
}

fn snprintf_demo() -> Result<(), String> {
    let snprintf = sym("snprintf").map_err(|e| e.to_string())?.addr() as usize;
    use Kind::*;
    let sig = Signature { args: vec![Ptr, I64, Ptr, I64, Ptr, F64, I64, F64], ret: Ret::I64 };
    let thunk = Thunk::new(&sig)?;
    let mut buf = [0u8; 128];
    let fmt = c"%d %s %.3f %ld %g";
    let word = c"str";
    let args = [
        Value::Ptr(buf.as_mut_ptr()),
        Value::I64(buf.len() as i64),
        Value::Ptr(fmt.as_ptr().cast()),
        Value::I64(42),
        Value::Ptr(word.as_ptr().cast()),
        Value::F64(std::f64::consts::PI),
        Value::I64(-7),
        Value::F64(2.5),
    ];
    // SAFETY: snprintf(char *, size_t, const char *, ...) with arguments matching the format.
    let n = unsafe { thunk.call(snprintf, &args)? };
    let text = CStr::from_bytes_until_nul(&buf).map_err(|e| e.to_string())?.to_string_lossy().into_owned();
    println!("snprintf: \"{text}\" (returned {n:?})");
    // Nine doubles and seven integers after the format: both register files overflow.
    let mut sig = Signature { args: vec![Ptr, I64, Ptr], ret: Ret::I64 };
    sig.args.extend([I64; 7]);
    sig.args.extend([F64; 9]);
    let thunk = Thunk::new(&sig)?;
    let fmt = c"%d %d %d %d %d %d %d | %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f";
    let mut args =
        vec![Value::Ptr(buf.as_mut_ptr()), Value::I64(buf.len() as i64), Value::Ptr(fmt.as_ptr().cast())];
    args.extend((1..=7).map(Value::I64));
    args.extend((1..=9).map(|k| Value::F64(k as f64 + 0.5)));
    // SAFETY: as above.
    let n = unsafe { thunk.call(snprintf, &args)? };
    let text = CStr::from_bytes_until_nul(&buf).map_err(|e| e.to_string())?.to_string_lossy().into_owned();
    println!("snprintf: \"{text}\" (returned {n:?})");
    Ok(())
}

fn show(name: &str, via_thunk: Value, direct: Value) {
    let verdict = if via_thunk == direct { "ok" } else { "MISMATCH" };
    println!("{name} = {via_thunk:?} (direct call: {direct:?}, {verdict})");
}

fn run() -> Result<(), String> {
    use Kind::*;
    snprintf_demo()?;

    let pow_addr = sym("pow").map_err(|e| e.to_string())?.addr() as usize;
    let pow = Thunk::new(&Signature { args: vec![F64, F64], ret: Ret::F64 })?;
    for (x, y) in [(2.0, 10.0), (2.5, 3.0), (9.0, 0.5)] {
        // SAFETY: pow(double, double) -> double.
        let r = unsafe { pow.call(pow_addr, &[Value::F64(x), Value::F64(y)])? };
        show(&format!("pow({x}, {y})"), r, Value::F64(f64::powf(x, y)));
    }

    let sig =
        Signature { args: vec![I64, F64, I64, F64, I64, F64, I64, F64, I64, I64, F64, I64], ret: Ret::F64 };
    let args = [
        Value::I64(1),
        Value::F64(0.5),
        Value::I64(2),
        Value::F64(1.5),
        Value::I64(3),
        Value::F64(2.5),
        Value::I64(4),
        Value::F64(3.5),
        Value::I64(5),
        Value::I64(6),
        Value::F64(4.5),
        Value::I64(7),
    ];
    // SAFETY: `mix12` has exactly this signature.
    let r = unsafe { Thunk::new(&sig)?.call(mix12 as *const () as usize, &args)? };
    show(
        "mix12(1, 0.5, 2, 1.5, 3, 2.5, 4, 3.5, 5, 6, 4.5, 7)",
        r,
        Value::F64(mix12(1, 0.5, 2, 1.5, 3, 2.5, 4, 3.5, 5, 6, 4.5, 7)),
    );

    let kinds = [F64, I64, F64, F64, I64, F64, F64, I64, F64, I64, F64, I64, F64, I64, F64, I64, F64, I64];
    let (mut f, mut i) = (0.0, 0);
    let args: Vec<Value> = kinds
        .iter()
        .map(|k| match k {
            F64 => {
                f += 1.0;
                Value::F64(f)
            }
            _ => {
                i += 1;
                Value::I64(i)
            }
        })
        .collect();
    // SAFETY: `many18` has exactly this signature.
    let r = unsafe {
        Thunk::new(&Signature { args: kinds.to_vec(), ret: Ret::I64 })?
            .call(many18 as *const () as usize, &args)?
    };
    let direct = many18(1.0, 1, 2.0, 3.0, 2, 4.0, 5.0, 3, 6.0, 4, 7.0, 5, 8.0, 6, 9.0, 7, 10.0, 8);
    show(
        "many18(1.0, 1, 2.0, 3.0, 2, 4.0, 5.0, 3, 6.0, 4, 7.0, 5, 8.0, 6, 9.0, 7, 10.0, 8)",
        r,
        Value::I64(direct),
    );

    let mut cell = 0i64;
    let store_sig = Signature { args: vec![Ptr, I64], ret: Ret::Void };
    let p = (&mut cell as *mut i64).cast::<u8>().cast_const();
    // SAFETY: `store` takes a valid pointer to an i64 and an i64.
    let r = unsafe {
        Thunk::new(&store_sig)?.call(store as *const () as usize, &[Value::Ptr(p), Value::I64(99)])?
    };
    println!("store(&cell, 99) = {r:?}; cell = {cell}");

    let strlen = sym("strlen").map_err(|e| e.to_string())?.addr() as usize;
    let s: *const c_char = c"dynamic call".as_ptr();
    // SAFETY: strlen(const char *) -> size_t on a NUL-terminated string.
    let r = unsafe {
        Thunk::new(&Signature { args: vec![Ptr], ret: Ret::I64 })?.call(strlen, &[Value::Ptr(s.cast())])?
    };
    show("strlen(\"dynamic call\")", r, Value::I64(12));
    Ok(())
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

//! Floating point in JIT code: a function computed with SSE2 scalar instructions, with its
//! constants in the assembler's constant pool, and calls to libm's `cos` and `sqrt`.
//!
//! `cargo run --example float` prints each JIT result next to Rust's own computation.
use asm_macro::x86;
use asm_runtime::{sym, Assembler, ExecBuffer, Library, Sym};

/// `f(x) = (2.5*x*x - 3*x + 0.75) / (x*x + 1)`, evaluated in xmm registers; the argument and
/// the result travel in `xmm0`, as System V passes doubles.
fn rational() -> Result<ExecBuffer, String> {
    let mut a = Assembler::new();
    let (c2, c1, c0, one) = (a.const_f64(2.5), a.const_f64(-3.0), a.const_f64(0.75), a.const_f64(1.0));
    x86!(a;
        movapd xmm1, xmm0;                      // x
        mulsd xmm1, xmm0;                       // x*x
        movsd xmm2, qword ptr [rip + {c2}];
        mulsd xmm2, xmm0;
        mulsd xmm2, xmm0;                       // (2.5*x)*x, rounded as Rust evaluates it
        movsd xmm3, qword ptr [rip + {c1}];
        mulsd xmm3, xmm0;                       // -3*x
        addsd xmm2, xmm3;
        addsd xmm2, qword ptr [rip + {c0}];     // numerator
        addsd xmm1, qword ptr [rip + {one}];    // x*x + 1
        divsd xmm2, xmm1;
        movapd xmm0, xmm2;
        ret
    );
    a.finalize().map_err(|e| e.to_string())
}

/// `g(x) = cos(x) + sqrt(x)` through libm: the JIT code calls out twice, keeping `x` and the
/// first result in its stack frame (callees may clobber every xmm register).
fn cos_plus_sqrt(cos: Sym, sqrt: Sym) -> Result<ExecBuffer, String> {
    let mut a = Assembler::new();
    x86!(a;
        sub rsp, 24;                            // 16-byte aligned at the calls, two slots
        movsd qword ptr [rsp], xmm0;            // x
        call {cos};
        movsd qword ptr [rsp + 8], xmm0;        // cos(x)
        movsd xmm0, qword ptr [rsp];
        call {sqrt};
        addsd xmm0, qword ptr [rsp + 8];
        add rsp, 24;
        ret
    );
    a.finalize().map_err(|e| e.to_string())
}

/// Looks `name` up in the running process, else in libm, which it opens once into `libm`. The
/// library must stay open while code calls into it: a [`Sym`] does not keep it loaded.
fn libm_sym(name: &str, libm: &mut Option<Library>) -> Result<Sym, String> {
    if let Ok(s) = sym(name) {
        return Ok(s);
    }
    let lib = match libm {
        Some(lib) => lib,
        None => libm.insert(Library::open("libm.so.6").map_err(|e| e.to_string())?),
    };
    lib.sym(name).map_err(|e| e.to_string())
}

fn run() -> Result<(), String> {
    let code = rational()?;
    // SAFETY: the code is a complete `fn(f64) -> f64`.
    let f = unsafe { code.entry::<extern "sysv64" fn(f64) -> f64>() };
    for x in [0.0, 1.0, -2.0, 3.5] {
        let rust = (2.5 * x * x - 3.0 * x + 0.75) / (x * x + 1.0);
        let same = if f(x) == rust { "same" } else { "DIFFERENT" };
        println!("f({x}) = {} (Rust: {rust}, {same})", f(x));
    }
    let mut libm = None;
    let code = cos_plus_sqrt(libm_sym("cos", &mut libm)?, libm_sym("sqrt", &mut libm)?)?;
    // SAFETY: the code is a complete `fn(f64) -> f64`.
    let g = unsafe { code.entry::<extern "sysv64" fn(f64) -> f64>() };
    for x in [0.0, 1.0, 2.0, std::f64::consts::PI] {
        let rust = x.cos() + x.sqrt();
        let same = if g(x) == rust { "same" } else { "DIFFERENT" };
        println!("cos({x}) + sqrt({x}) = {} (Rust: {rust}, {same})", g(x));
    }
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

//! A named JIT function for debuggers and profilers.
//!
//! `Assembler::set_name` registers the finalized code with the GDB JIT interface and appends it
//! to `/tmp/perf-<pid>.map`, so `gdb` can break in it and show it in backtraces and
//! `perf report` attributes samples to it:
//!
//! ```sh
//! cargo build --release --example profile
//! perf record -e cpu-clock -o /tmp/jit.data -- target/release/examples/profile
//! perf report -i /tmp/jit.data --stdio | grep jit_hot_loop
//! gdb -batch -ex 'set breakpoint pending on' -ex 'break jit_hot_loop' -ex run -ex bt target/release/examples/profile
//! ```
use asm_macro::x86;
use asm_runtime::Assembler;

fn main() {
    let iterations: i64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(300_000_000);
    let mut a = Assembler::new();
    a.set_name("jit_hot_loop");
    x86!(a;
        xor eax, eax;
        mov rcx, rdi;
        test rcx, rcx;
        jz done;
    top:
        add rax, rcx;
        xor rax, 0x55;
        dec rcx;
        jnz top;
    done:
        ret
    );
    let code = a.finalize().expect("assembles");
    // SAFETY: the code is `fn(i64) -> i64`.
    let f = unsafe { code.entry::<extern "sysv64" fn(i64) -> i64>() };
    println!("jit_hot_loop({iterations}) = {}", f(iterations));
}

//! Symbol lookup through the dynamic linker.

use asm_runtime::sym::{sym, Library, Sym};
use asm_runtime::{ExecError, Target};

#[test]
fn libc_and_libm_functions_resolve() {
    // `cos` is in the global scope only if libm is linked in; using it makes sure it is.
    assert_eq!(std::hint::black_box(0.0f64).cos(), 1.0);
    let printf = sym("printf").expect("printf");
    let malloc = sym("malloc").expect("malloc");
    let cos = sym("cos").expect("cos");
    assert_ne!(printf.addr(), 0);
    assert_ne!(cos.addr(), 0);
    assert_eq!(malloc.addr(), libc::malloc as *const () as usize as u64);
    assert_eq!(sym("free").unwrap().addr(), libc::free as *const () as usize as u64);
}

#[test]
fn a_sym_is_a_branch_target() {
    let s = Sym::from_addr(0x1234_5678);
    assert_eq!(s.addr(), 0x1234_5678);
    assert_eq!(Target::from(s), Target::Addr(0x1234_5678));
}

#[test]
fn a_missing_symbol_is_named_in_the_error() {
    let e = sym("no_such_function_anywhere_42").unwrap_err();
    match &e {
        ExecError::Symbol { name, reason } => {
            assert_eq!(name, "no_such_function_anywhere_42");
            assert!(!reason.is_empty());
        }
        other => panic!("unexpected error {other:?}"),
    }
    assert!(e.to_string().contains("no_such_function_anywhere_42"), "{e}");
}

#[test]
fn a_name_with_nul_is_rejected() {
    let e = sym("mal\0loc").unwrap_err();
    assert!(matches!(e, ExecError::Symbol { .. }), "{e:?}");
    assert!(e.to_string().contains("NUL"), "{e}");
}

#[test]
fn a_library_resolves_its_own_symbols() {
    let libm = Library::open("libm.so.6").expect("libm.so.6");
    assert_eq!(libm.path(), "libm.so.6");
    let cos = libm.sym("cos").expect("cos in libm");
    // SAFETY: `cos` is libm's `double cos(double)`, and libm stays open while it is called.
    let f = unsafe { std::mem::transmute::<usize, extern "C" fn(f64) -> f64>(cos.addr() as usize) };
    assert_eq!(f(0.0), 1.0);
    let e = libm.sym("no_such_function_in_libm").unwrap_err();
    assert!(e.to_string().contains("no_such_function_in_libm"), "{e}");
}

#[test]
fn a_library_can_be_shared_between_threads() {
    let libm = std::sync::Arc::new(Library::open("libm.so.6").expect("libm.so.6"));
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let libm = libm.clone();
            std::thread::spawn(move || {
                for _ in 0..200 {
                    assert!(libm.sym("sin").is_ok());
                    assert!(libm.sym(&format!("missing_{i}")).is_err());
                    assert!(sym("malloc").is_ok());
                }
            })
        })
        .collect();
    for h in handles {
        h.join().expect("thread");
    }
}

#[test]
fn a_bad_library_path_is_an_error() {
    let e = Library::open("/nonexistent/libnothing.so").unwrap_err();
    match &e {
        ExecError::Library { path, reason } => {
            assert_eq!(path, "/nonexistent/libnothing.so");
            assert!(!reason.is_empty());
        }
        other => panic!("unexpected error {other:?}"),
    }
    assert!(e.to_string().contains("/nonexistent/libnothing.so"), "{e}");
    assert!(Library::open("lib\0m.so").is_err());
}

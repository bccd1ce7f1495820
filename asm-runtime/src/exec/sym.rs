//! Symbol lookup through the dynamic linker: `dlsym` in the process's global scope, and
//! libraries loaded with `dlopen`.
//!
//! A [`Sym`] is an absolute address, usable wherever a branch [`Target`] is expected:
//!
//! ```no_run
//! use asm_runtime::sym::{sym, Library};
//!
//! let malloc = sym("malloc").expect("malloc is in libc");
//! assert_ne!(malloc.addr(), 0);
//! let libm = Library::open("libm.so.6").expect("libm is installed");
//! let cos = libm.sym("cos").expect("libm has cos");
//! assert_ne!(cos.addr(), 0);
//! ```
//!
//! Only Linux is supported; elsewhere every lookup returns an error.

use crate::error::ExecError;
use crate::operand::Target;

/// A resolved symbol: an absolute code or data address found by the dynamic linker.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Sym {
    addr: u64,
}

impl Sym {
    /// The absolute address.
    pub fn addr(self) -> u64 {
        self.addr
    }

    /// A symbol for an address obtained some other way (e.g. `f as *const () as usize as u64`).
    pub const fn from_addr(addr: u64) -> Sym {
        Sym { addr }
    }
}

impl From<Sym> for Target {
    fn from(s: Sym) -> Target {
        Target::Addr(s.addr)
    }
}

/// Looks `name` up in the process's global symbol scope (`dlsym` with `RTLD_DEFAULT`).
///
/// A missing symbol gives [`ExecError::Symbol`] carrying the dynamic linker's message; a name
/// containing a NUL byte is rejected with the same variant.
pub fn sym(name: &str) -> Result<Sym, ExecError> {
    imp::lookup(imp::DEFAULT_SCOPE, name)
}

/// A dynamically loaded library (`dlopen` with `RTLD_NOW | RTLD_LOCAL`), closed on drop.
///
/// Addresses obtained from [`Library::sym`] are valid only while the library is open: keep it
/// alive as long as any code that calls into it.
pub struct Library {
    path: String,
    handle: imp::Handle,
}

// SAFETY: a `dlopen` handle is a process-wide reference count usable from any thread; all
// lookups through it are serialized by the module's lock, and `dlclose` happens once, in drop.
unsafe impl Send for Library {}
// SAFETY: as above; `&Library` only permits `dlsym`, which is serialized.
unsafe impl Sync for Library {}

impl Library {
    /// Loads the library at `path` (a file path, or a bare soname searched the usual way).
    ///
    /// All of its symbols are bound immediately (`RTLD_NOW`) and kept out of the global scope
    /// (`RTLD_LOCAL`), so look them up with [`Library::sym`], not [`sym`].
    pub fn open(path: &str) -> Result<Library, ExecError> {
        let handle = imp::open(path)?;
        Ok(Library { path: path.to_string(), handle })
    }

    /// Looks `name` up in this library (and the libraries it depends on).
    pub fn sym(&self, name: &str) -> Result<Sym, ExecError> {
        imp::lookup(self.handle, name)
    }

    /// The path the library was opened with.
    pub fn path(&self) -> &str {
        &self.path
    }
}

impl std::fmt::Debug for Library {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Library").field("path", &self.path).finish_non_exhaustive()
    }
}

impl Drop for Library {
    fn drop(&mut self) {
        imp::close(self.handle);
    }
}

#[cfg(target_os = "linux")]
mod imp {
    use super::Sym;
    use crate::error::ExecError;
    use std::ffi::{CStr, CString};
    use std::sync::Mutex;

    /// A `dlopen` handle (or the default scope pseudo-handle).
    pub(super) type Handle = *mut libc::c_void;

    /// The process's global scope.
    pub(super) const DEFAULT_SCOPE: Handle = libc::RTLD_DEFAULT;

    /// `dlerror` keeps its message in state that is not thread-safe in every C library, so
    /// every `dl*` call paired with `dlerror` holds this lock.
    static DL_LOCK: Mutex<()> = Mutex::new(());

    fn lock() -> std::sync::MutexGuard<'static, ()> {
        DL_LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Takes the pending `dlerror` message, if any. Call with the lock held.
    fn take_error() -> Option<String> {
        // SAFETY: `dlerror` has no preconditions; the lock serializes access to its state.
        let msg = unsafe { libc::dlerror() };
        if msg.is_null() {
            None
        } else {
            // SAFETY: a non-null `dlerror` result is a NUL-terminated string that stays valid
            // until the next `dl*` call, which the held lock prevents; it is copied at once.
            Some(unsafe { CStr::from_ptr(msg) }.to_string_lossy().into_owned())
        }
    }

    pub(super) fn lookup(handle: Handle, name: &str) -> Result<Sym, ExecError> {
        let symbol_error = |reason: String| ExecError::Symbol { name: name.to_string(), reason };
        let cname = CString::new(name).map_err(|_| symbol_error("the name contains a NUL byte".into()))?;
        let _guard = lock();
        // Clear any stale message so a null result can be told apart from a null address.
        let _ = take_error();
        // SAFETY: `handle` is `RTLD_DEFAULT` or a live `dlopen` handle owned by a `Library`
        // borrowed for this call; `cname` is a valid NUL-terminated string.
        let addr = unsafe { libc::dlsym(handle, cname.as_ptr()) };
        if let Some(reason) = take_error() {
            return Err(symbol_error(reason));
        }
        if addr.is_null() {
            return Err(symbol_error("the symbol resolves to the null address".into()));
        }
        Ok(Sym::from_addr(addr as usize as u64))
    }

    pub(super) fn open(path: &str) -> Result<Handle, ExecError> {
        let library_error = |reason: String| ExecError::Library { path: path.to_string(), reason };
        let cpath = CString::new(path).map_err(|_| library_error("the path contains a NUL byte".into()))?;
        let _guard = lock();
        let _ = take_error();
        // SAFETY: `cpath` is a valid NUL-terminated string; running the library's initializers
        // is what the caller asked for by opening it.
        let handle = unsafe { libc::dlopen(cpath.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
        if handle.is_null() {
            let reason = take_error().unwrap_or_else(|| "dlopen failed without a message".into());
            return Err(library_error(reason));
        }
        Ok(handle)
    }

    pub(super) fn close(handle: Handle) {
        let _guard = lock();
        // SAFETY: `handle` came from a successful `dlopen` and is closed exactly once, by the
        // owning `Library`'s drop.
        unsafe { libc::dlclose(handle) };
        let _ = take_error();
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use super::Sym;
    use crate::error::ExecError;

    /// No libraries can be opened off Linux; only the default scope exists.
    #[derive(Clone, Copy)]
    pub(super) struct Handle;

    /// The process's global scope.
    pub(super) const DEFAULT_SCOPE: Handle = Handle;

    const UNSUPPORTED: &str = "dynamic symbol lookup is only supported on Linux";

    pub(super) fn lookup(_handle: Handle, name: &str) -> Result<Sym, ExecError> {
        Err(ExecError::Symbol { name: name.to_string(), reason: UNSUPPORTED.into() })
    }

    pub(super) fn open(path: &str) -> Result<Handle, ExecError> {
        Err(ExecError::Library { path: path.to_string(), reason: UNSUPPORTED.into() })
    }

    pub(super) fn close(_handle: Handle) {}
}

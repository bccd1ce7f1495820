//! Debugger and profiler support for generated code.
//!
//! Machine code assembled at run time has no symbols: a debugger shows `?? ()` for it and a
//! profiler lumps its samples into `[unknown]`. This module names such code for both tools.
//! [`Assembler::set_name`](crate::Assembler::set_name) does both for the code it finalizes;
//! the functions here are for code placed some other way.
//!
//! # GDB: the JIT compilation interface
//!
//! GDB looks for two symbols in the program it debugs: a descriptor, `__jit_debug_descriptor`,
//! that heads a list of in-memory object files, and a function, `__jit_debug_register_code`,
//! on which it sets an internal breakpoint. The program links an entry into the list, records
//! what changed in the descriptor and calls the function; GDB, stopped there, reads the object
//! file out of the process and loads its symbols as if a shared library had been loaded.
//!
//! [`register_gdb`] builds a minimal ELF object for one function (a symbol `name` covering
//! `len` bytes at `addr`), links it in and notifies GDB. The returned [`GdbRegistration`]
//! unlinks it, notifies GDB again and frees the object when dropped: keep it alive exactly as
//! long as the code. Without a debugger attached, registering costs a small allocation and an
//! empty function call.
//!
//! Once registered, the name works like any function name without debug info:
//!
//! ```text
//! $ gdb ./prog
//! (gdb) set breakpoint pending on     # the name does not exist until the code is registered
//! (gdb) break my_jit_fn
//! (gdb) run
//! Breakpoint 1, 0x00007ffff7fbe004 in my_jit_fn ()
//! (gdb) bt                            # frames in the code show `my_jit_fn`
//! (gdb) disassemble                   # the whole function around the current pc
//! (gdb) info symbol $pc               # my_jit_fn + 4 in section .text of <in-memory@...>
//! ```
//!
//! The name is a symbol without debug information. GDB's Rust expression parser does not look
//! such symbols up, so in a Rust program expressions that name it (`disassemble my_jit_fn`,
//! `print my_jit_fn`, `x/8i my_jit_fn`) need `set language c` first; `break` and backtraces
//! work in any language.
//!
//! GDB attached to a running process (`gdb -p <pid>`) also reads every registration made so far.
//!
//! # perf: `/tmp/perf-<pid>.map`
//!
//! `perf report` looks up addresses that belong to no mapped file in `/tmp/perf-<pid>.map`, a
//! text file of `start size name` lines in hexadecimal. [`perf_map_append`] adds one line:
//!
//! ```text
//! $ perf record -e cpu-clock -- ./prog
//! $ perf report --stdio             # samples in the code are attributed to `my_jit_fn`
//! ```
//!
//! `perf report` must run while the map file still exists (perf does not delete it; it stays
//! in `/tmp` after the program exits). A map names code for the whole life of the process, so
//! memory reused for other code later is reported under the first name.
//!
//! # Platforms
//!
//! Both mechanisms are implemented for Linux on x86-64 only. Elsewhere [`register_gdb`]
//! returns an inactive registration ([`GdbRegistration::is_active`] is `false`) and
//! [`perf_map_append`] returns an [`Unsupported`](std::io::ErrorKind::Unsupported) error.
// The ELF image for GDB is only registered on Linux x86-64; elsewhere it is built by tests only.
#![cfg_attr(not(all(target_os = "linux", target_arch = "x86_64")), allow(dead_code))]

/// Appends `"{addr:x} {len:x} {name}\n"` to `/tmp/perf-<pid>.map`, which `perf report` reads to
/// name samples that fall into generated code.
///
/// Line breaks in `name` are replaced by spaces so that one call always adds exactly one line.
/// Each call opens the file in append mode and writes the line with a single `write`, so
/// concurrent calls (also from other threads) do not interleave.
pub fn perf_map_append(name: &str, addr: u64, len: usize) -> std::io::Result<()> {
    imp::perf_map_append(name, addr, len)
}

/// Registers the code at `addr..addr + len` with the GDB JIT interface under the function name
/// `name`, so a debugger can break in it and show it in backtraces.
///
/// The registration lasts until the returned value is dropped; drop it before unmapping or
/// reusing the memory. The name is cut at its first NUL byte, if it has one.
pub fn register_gdb(name: &str, addr: u64, len: usize) -> GdbRegistration {
    GdbRegistration { inner: imp::register(name, addr, len) }
}

/// A function announced to GDB by [`register_gdb`]; unregistered and freed when dropped.
#[derive(Debug)]
pub struct GdbRegistration {
    inner: Option<imp::Entry>,
}

impl GdbRegistration {
    /// Whether the code was actually announced (always `true` on Linux x86-64, `false`
    /// elsewhere).
    pub fn is_active(&self) -> bool {
        self.inner.is_some()
    }
}

impl Drop for GdbRegistration {
    fn drop(&mut self) {
        if let Some(entry) = self.inner.take() {
            imp::unregister(entry);
        }
    }
}

const EHDR_SIZE: usize = 64;
const SHDR_SIZE: usize = 64;
const SYM_SIZE: usize = 24;
const SHT_SYMTAB: u32 = 2;
const SHT_STRTAB: u32 = 3;
const SHT_NOBITS: u32 = 8;
const SHF_ALLOC: u64 = 2;
const SHF_EXECINSTR: u64 = 4;
const TEXT_INDEX: u16 = 1;
const STRTAB_INDEX: u32 = 3;
const SHSTRTAB_INDEX: u16 = 4;
const SECTION_COUNT: u16 = 5;

/// One ELF64 section header.
#[derive(Default)]
struct Section {
    name: u32,
    kind: u32,
    flags: u64,
    addr: u64,
    offset: u64,
    size: u64,
    link: u32,
    info: u32,
    align: u64,
    entsize: u64,
}

impl Section {
    fn write(&self, out: &mut Vec<u8>) {
        u32le(out, self.name);
        u32le(out, self.kind);
        u64le(out, self.flags);
        u64le(out, self.addr);
        u64le(out, self.offset);
        u64le(out, self.size);
        u32le(out, self.link);
        u32le(out, self.info);
        u64le(out, self.align);
        u64le(out, self.entsize);
    }
}

fn u16le(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn u32le(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn u64le(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Appends `s` and a NUL to a string table; returns its offset.
fn add_name(table: &mut Vec<u8>, s: &str) -> u32 {
    let at = table.len() as u32;
    table.extend_from_slice(s.as_bytes());
    table.push(0);
    at
}

/// The ELF header of an x86-64 `ET_EXEC` image with section headers at `shoff`.
fn elf_header(entry: u64, shoff: u64) -> Vec<u8> {
    let mut ehdr = Vec::with_capacity(EHDR_SIZE);
    ehdr.extend_from_slice(&[0x7f, b'E', b'L', b'F']);
    ehdr.push(2); // EI_CLASS: ELFCLASS64
    ehdr.push(1); // EI_DATA: ELFDATA2LSB
    ehdr.push(1); // EI_VERSION: EV_CURRENT
    ehdr.push(0); // EI_OSABI: ELFOSABI_SYSV
    ehdr.resize(16, 0); // EI_ABIVERSION and padding
    u16le(&mut ehdr, 2); // e_type: ET_EXEC
    u16le(&mut ehdr, 62); // e_machine: EM_X86_64
    u32le(&mut ehdr, 1); // e_version
    u64le(&mut ehdr, entry); // e_entry
    u64le(&mut ehdr, 0); // e_phoff
    u64le(&mut ehdr, shoff); // e_shoff
    u32le(&mut ehdr, 0); // e_flags
    u16le(&mut ehdr, EHDR_SIZE as u16); // e_ehsize
    u16le(&mut ehdr, 0); // e_phentsize
    u16le(&mut ehdr, 0); // e_phnum
    u16le(&mut ehdr, SHDR_SIZE as u16); // e_shentsize
    u16le(&mut ehdr, SECTION_COUNT); // e_shnum
    u16le(&mut ehdr, SHSTRTAB_INDEX); // e_shstrndx
    ehdr
}

/// Builds the ELF64 object that describes one function to GDB.
///
/// It is an `ET_EXEC` image for x86-64 with no program headers and five sections: the null
/// section, `.text` (`SHT_NOBITS`, so no bytes are copied, at `sh_addr = addr` with
/// `sh_size = len`), `.symtab` holding the null symbol and one global `STT_FUNC` symbol,
/// `.strtab` and `.shstrtab`. Being an executable, symbol values are absolute addresses.
#[cfg_attr(not(all(target_os = "linux", target_arch = "x86_64")), allow(dead_code))]
fn elf_image(name: &str, addr: u64, len: usize) -> Vec<u8> {
    let name = name.split('\0').next().unwrap_or_default();

    // Section names: offsets into .shstrtab.
    let mut shstrtab = vec![0u8];
    let text_name = add_name(&mut shstrtab, ".text");
    let symtab_name = add_name(&mut shstrtab, ".symtab");
    let strtab_name = add_name(&mut shstrtab, ".strtab");
    let shstrtab_name = add_name(&mut shstrtab, ".shstrtab");

    let mut strtab = vec![0u8];
    let sym_name = add_name(&mut strtab, name);

    let mut symtab = vec![0u8; SYM_SIZE]; // symbol 0: the null symbol
    u32le(&mut symtab, sym_name);
    symtab.push((1 << 4) | 2); // st_info: STB_GLOBAL, STT_FUNC
    symtab.push(0); // st_other: STV_DEFAULT
    u16le(&mut symtab, TEXT_INDEX);
    u64le(&mut symtab, addr);
    u64le(&mut symtab, len as u64);

    // Layout: header, .symtab, .strtab, .shstrtab, section headers.
    let mut out = Vec::with_capacity(
        EHDR_SIZE + symtab.len() + strtab.len() + shstrtab.len() + 16 + SHDR_SIZE * SECTION_COUNT as usize,
    );
    out.resize(EHDR_SIZE, 0);
    let symtab_off = out.len() as u64;
    out.extend_from_slice(&symtab);
    let strtab_off = out.len() as u64;
    out.extend_from_slice(&strtab);
    let shstrtab_off = out.len() as u64;
    out.extend_from_slice(&shstrtab);
    out.resize(out.len().next_multiple_of(8), 0);
    let shoff = out.len() as u64;

    let strings =
        |name, offset, size| Section { name, kind: SHT_STRTAB, offset, size, align: 1, ..Section::default() };
    let sections = [
        Section::default(),
        Section {
            name: text_name,
            kind: SHT_NOBITS,
            flags: SHF_ALLOC | SHF_EXECINSTR,
            addr,
            offset: symtab_off,
            size: len as u64,
            align: 1,
            ..Section::default()
        },
        Section {
            name: symtab_name,
            kind: SHT_SYMTAB,
            offset: symtab_off,
            size: symtab.len() as u64,
            link: STRTAB_INDEX,
            info: 1, // index of the first non-local symbol
            align: 8,
            entsize: SYM_SIZE as u64,
            ..Section::default()
        },
        strings(strtab_name, strtab_off, strtab.len() as u64),
        strings(shstrtab_name, shstrtab_off, shstrtab.len() as u64),
    ];
    for s in &sections {
        s.write(&mut out);
    }
    out[..EHDR_SIZE].copy_from_slice(&elf_header(addr, shoff));
    out
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
mod imp {
    use std::cell::UnsafeCell;
    use std::io::Write;
    use std::ptr;
    use std::sync::Mutex;

    const JIT_NOACTION: u32 = 0;
    const JIT_REGISTER: u32 = 1;
    const JIT_UNREGISTER: u32 = 2;

    /// One object file in GDB's list (`struct jit_code_entry`).
    #[repr(C)]
    struct JitCodeEntry {
        next: *mut JitCodeEntry,
        prev: *mut JitCodeEntry,
        symfile_addr: *const u8,
        symfile_size: u64,
    }

    /// The list head GDB reads (`struct jit_descriptor`).
    #[repr(C)]
    struct JitDescriptor {
        version: u32,
        action_flag: u32,
        relevant_entry: *mut JitCodeEntry,
        first_entry: *mut JitCodeEntry,
    }

    /// The descriptor in writable memory with a C layout.
    #[repr(transparent)]
    struct DescriptorCell(UnsafeCell<JitDescriptor>);

    // SAFETY: the descriptor is only read or written with `LIST_LOCK` held (GDB reads it while
    // the process is stopped).
    unsafe impl Sync for DescriptorCell {}

    /// The symbol GDB reads the list from. Its name and layout are fixed by GDB.
    #[no_mangle]
    #[allow(non_upper_case_globals)]
    static __jit_debug_descriptor: DescriptorCell = DescriptorCell(UnsafeCell::new(JitDescriptor {
        version: 1,
        action_flag: JIT_NOACTION,
        relevant_entry: ptr::null_mut(),
        first_entry: ptr::null_mut(),
    }));

    /// GDB keeps a breakpoint here and rereads the descriptor whenever it is hit. It must stay
    /// a real, out-of-line call that the optimizer cannot prove free of effects.
    #[no_mangle]
    #[inline(never)]
    extern "C" fn __jit_debug_register_code() {
        std::sync::atomic::compiler_fence(std::sync::atomic::Ordering::SeqCst);
        std::hint::black_box(__jit_debug_descriptor.0.get());
    }

    /// Serializes every change to the list.
    static LIST_LOCK: Mutex<()> = Mutex::new(());

    fn lock() -> std::sync::MutexGuard<'static, ()> {
        LIST_LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A linked entry and the object file it points to.
    #[derive(Debug)]
    pub(super) struct Entry {
        entry: *mut JitCodeEntry,
        image: *mut [u8],
    }

    // SAFETY: the entry and image are owned by this value alone (GDB only reads them); the list
    // pointers to them are changed only with `LIST_LOCK` held.
    unsafe impl Send for Entry {}
    // SAFETY: `&Entry` gives no access to the pointees.
    unsafe impl Sync for Entry {}

    /// Records `action` for `entry` and calls GDB's hook. Call with `LIST_LOCK` held.
    fn notify(d: *mut JitDescriptor, action: u32, entry: *mut JitCodeEntry) {
        // SAFETY: `d` points to the static descriptor; the lock held by the caller excludes
        // other writers. Volatile writes keep the stores ahead of the hook call.
        unsafe {
            ptr::write_volatile(ptr::addr_of_mut!((*d).relevant_entry), entry);
            ptr::write_volatile(ptr::addr_of_mut!((*d).action_flag), action);
        }
        __jit_debug_register_code();
        // SAFETY: as above.
        unsafe { ptr::write_volatile(ptr::addr_of_mut!((*d).action_flag), JIT_NOACTION) };
    }

    pub(super) fn register(name: &str, addr: u64, len: usize) -> Option<Entry> {
        let image: *mut [u8] = Box::into_raw(super::elf_image(name, addr, len).into_boxed_slice());
        let entry = Box::into_raw(Box::new(JitCodeEntry {
            next: ptr::null_mut(),
            prev: ptr::null_mut(),
            symfile_addr: image as *const u8,
            symfile_size: image.len() as u64,
        }));
        let d = __jit_debug_descriptor.0.get();
        let _guard = lock();
        // SAFETY: the lock excludes other list changes; `entry` is fresh and exclusively ours,
        // and the old head, if any, is a live entry owned by another registration.
        unsafe {
            let head = (*d).first_entry;
            (*entry).next = head;
            if !head.is_null() {
                (*head).prev = entry;
            }
            ptr::write_volatile(ptr::addr_of_mut!((*d).first_entry), entry);
        }
        notify(d, JIT_REGISTER, entry);
        Some(Entry { entry, image })
    }

    pub(super) fn unregister(e: Entry) {
        let d = __jit_debug_descriptor.0.get();
        {
            let _guard = lock();
            // SAFETY: the lock excludes other list changes; `e.entry` is linked (it was linked
            // by `register` and is unlinked only here, once), and so are its neighbours.
            unsafe {
                let JitCodeEntry { next, prev, .. } = *e.entry;
                if prev.is_null() {
                    ptr::write_volatile(ptr::addr_of_mut!((*d).first_entry), next);
                } else {
                    (*prev).next = next;
                }
                if !next.is_null() {
                    (*next).prev = prev;
                }
            }
            notify(d, JIT_UNREGISTER, e.entry);
        }
        // SAFETY: both came from `Box::into_raw` in `register`, are no longer reachable from the
        // list, and are freed once, here.
        unsafe {
            drop(Box::from_raw(e.entry));
            drop(Box::from_raw(e.image));
        }
    }

    /// Whether `e` is in the list GDB reads.
    #[cfg(test)]
    pub(super) fn is_linked(e: &Entry) -> bool {
        let d = __jit_debug_descriptor.0.get();
        let _guard = lock();
        // SAFETY: the lock excludes list changes while the live entries are walked.
        unsafe {
            let mut at = (*d).first_entry;
            while !at.is_null() {
                if at == e.entry {
                    return true;
                }
                at = (*at).next;
            }
        }
        false
    }

    pub(super) fn perf_map_append(name: &str, addr: u64, len: usize) -> std::io::Result<()> {
        let name = name.replace(['\n', '\r'], " ");
        let line = format!("{addr:x} {len:x} {name}\n");
        let path = format!("/tmp/perf-{}.map", std::process::id());
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path)?;
        file.write_all(line.as_bytes())
    }
}

#[cfg(not(all(target_os = "linux", target_arch = "x86_64")))]
mod imp {
    /// Never constructed off Linux x86-64.
    #[derive(Debug)]
    pub(super) enum Entry {}

    pub(super) fn register(_name: &str, _addr: u64, _len: usize) -> Option<Entry> {
        None
    }

    pub(super) fn unregister(e: Entry) {
        match e {}
    }

    pub(super) fn perf_map_append(_name: &str, _addr: u64, _len: usize) -> std::io::Result<()> {
        Err(std::io::Error::new(
            std::io::ErrorKind::Unsupported,
            "perf maps are only supported on Linux x86-64",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::elf_image;

    fn u16_at(b: &[u8], at: usize) -> u16 {
        u16::from_le_bytes([b[at], b[at + 1]])
    }
    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes(b[at..at + 4].try_into().unwrap())
    }
    fn u64_at(b: &[u8], at: usize) -> u64 {
        u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
    }

    #[test]
    fn elf_image_has_the_function_symbol() {
        let img = elf_image("jit_fn", 0x7000_1000, 0x42);
        assert_eq!(&img[..4], b"\x7fELF");
        assert_eq!(u16_at(&img, 16), 2); // ET_EXEC
        assert_eq!(u16_at(&img, 18), 62); // EM_X86_64
        let shoff = u64_at(&img, 40) as usize;
        assert_eq!(u16_at(&img, 60), 5);
        assert_eq!(img.len(), shoff + 5 * 64);
        let sh = |i: usize| shoff + i * 64;
        // .text: NOBITS at the code address.
        assert_eq!(u32_at(&img, sh(1) + 4), 8);
        assert_eq!(u64_at(&img, sh(1) + 16), 0x7000_1000);
        assert_eq!(u64_at(&img, sh(1) + 32), 0x42);
        // .symtab: the second symbol.
        let symoff = u64_at(&img, sh(2) + 24) as usize + 24;
        let stroff = u64_at(&img, sh(3) + 24) as usize;
        let name_at = stroff + u32_at(&img, symoff) as usize;
        assert_eq!(&img[name_at..name_at + 7], b"jit_fn\0");
        assert_eq!(img[symoff + 4], 0x12);
        assert_eq!(u16_at(&img, symoff + 6), 1);
        assert_eq!(u64_at(&img, symoff + 8), 0x7000_1000);
        assert_eq!(u64_at(&img, symoff + 16), 0x42);
    }

    #[test]
    fn registrations_link_and_unlink_in_any_order() {
        let a = super::register_gdb("a", 0x1000, 1);
        let b = super::register_gdb("b", 0x2000, 2);
        let c = super::register_gdb("c", 0x3000, 3);
        assert_eq!(a.is_active(), cfg!(all(target_os = "linux", target_arch = "x86_64")));
        #[cfg(all(target_os = "linux", target_arch = "x86_64"))]
        let linked = |r: &super::GdbRegistration| r.inner.as_ref().is_some_and(super::imp::is_linked);
        #[cfg(not(all(target_os = "linux", target_arch = "x86_64")))]
        let linked = |_: &super::GdbRegistration| false;
        assert!([&a, &b, &c].iter().all(|r| linked(r) == r.is_active()));
        drop(b);
        assert!(linked(&a) == a.is_active() && linked(&c) == c.is_active());
        drop(a);
        assert!(linked(&c) == c.is_active());
        drop(c);
    }
}

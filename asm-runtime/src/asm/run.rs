//! A run of compiled instructions written in place: the fills of [`enc::spec`] straight into
//! the assembler's buffer, past its end, then taken in with one length update.
//!
//! The macro's code for a run of instructions with run-time operands opens a [`Run`] with
//! room for its longest encoding, fills the fields, and finishes it. Writing in place spares
//! the copy a buffer on the stack needs (a copy right after the writes also stalls: its wide
//! loads cannot take their bytes from the narrower stores still in flight).

use super::*;
use crate::enc::spec::{fills, MAX_RUN};
use crate::enc::Out;

/// A run of up to `N` bytes (a power of two) being written into an assembler's buffer, in the
/// `N + 16` bytes reserved past its end. Offsets are taken modulo `N` and no write is longer
/// than 16 bytes, so every write lands in the reserved room with no check; the generated code
/// sizes its runs to fit (a run that did not would overwrite its own start, never memory
/// outside the buffer).
///
/// Every method that advances the length first writes the bytes it advances over, so the
/// first `len` bytes of the run (at most `N`) are always initialized: that is what makes
/// [`Run::finish`] sound.
///
/// ```
/// use asm_runtime::{Assembler, Gpr64};
/// let (d, s) = (Gpr64::R9.num(), Gpr64::RAX.num());
/// let mut a = Assembler::new();
/// let mut w = a.run::<16>();
/// w.rex(0x48, s, 0, d, false); // REX.W, R from s, B from d
/// w.bytes(&[0x01]); // add r/m64, r64
/// w.modrm_reg(0x00, s, d);
/// w.end(0);
/// w.finish(&["add r9, rax"], 1);
/// assert_eq!(a.assemble_at(0).unwrap().bytes, [0x49, 0x01, 0xc1]);
/// ```
#[doc(hidden)]
pub struct Run<'a, const N: usize> {
    a: &'a mut Assembler,
    /// The first byte past `a.code`'s end, with `N + 16` bytes of capacity from it.
    room: *mut u8,
    len: usize,
    /// End offset of each instruction of the run, by its number, for the listing (in
    /// registers: the generated code reads them only on the listing's path). The number of the
    /// first instruction in the room is the assembler's (`run_first`), out of the way of the
    /// generated code, which passes the run to its cold calls.
    ends: [u8; MAX_RUN],
}

impl Assembler {
    /// Opens a run of compiled instructions of at most `N` bytes (a power of two, 16 to 256).
    #[doc(hidden)]
    #[inline(always)]
    pub fn run<const N: usize>(&mut self) -> Run<'_, N> {
        let _ = Run::<N>::MASK; // the size's check, at compile time
        let room = reserve(&mut self.code, N + 16);
        self.run_first = 0;
        Run { a: self, room, len: 0, ends: [0; MAX_RUN] }
    }
}

/// Reserves `n` bytes past `code`'s end and returns a pointer to the first.
#[inline(always)]
fn reserve(code: &mut Vec<u8>, n: usize) -> *mut u8 {
    code.reserve(n);
    code.spare_capacity_mut().as_mut_ptr().cast::<u8>()
}

impl<'a, const N: usize> Run<'a, N> {
    const MASK: usize = {
        assert!(N.is_power_of_two() && N >= 16 && N <= 256, "a run is a power of two from 16 to 256");
        N - 1
    };

    /// Stores `b` (at most 16 bytes) at offset `at` of the room.
    #[inline(always)]
    fn store(&mut self, at: usize, b: &[u8]) {
        assert!(b.len() <= 16);
        // SAFETY: `room` points at `N + 16` bytes of spare capacity of `a.code` (reserved when
        // the run was opened or resumed; nothing reallocates the buffer while the run borrows
        // the assembler: the assembler calls below leave `code` alone), `at` is masked below
        // `N` and `b` is at most 16 bytes, so the write stays in the reservation. `b` is a
        // separate value, so the ranges do not overlap.
        unsafe { self.room.add(at & Self::MASK).copy_from_nonoverlapping(b.as_ptr(), b.len()) }
    }

    /// `n` bytes (at most 8) of a whole-word fill: the low `n` bytes of `v`, little-endian, in
    /// one 8-byte store (the bytes past `n` are overwritten by what follows, or dropped).
    #[inline(always)]
    pub fn word(&mut self, v: u64, n: usize) {
        debug_assert!(n <= 8);
        self.store(self.len, &v.to_le_bytes());
        self.len += n.min(8);
    }

    fills!();

    /// Marks the end of instruction `k` of the run.
    #[inline(always)]
    pub fn end(&mut self, k: usize) {
        // Each instruction's end is marked once, in a run that starts with none.
        self.ends[k & (MAX_RUN - 1)] = self.len as u8;
    }

    /// Inside a run of compiled instructions: the rel8 of a branch to `target` ending `end`
    /// bytes into the run, if the target is a settled label (bound, nothing
    /// relaxable since) that the rel8 reaches; `None` (the run is flushed and the branch
    /// emitted on its own) otherwise, and whenever the listing is on.
    #[inline(always)]
    pub fn run_branch(&self, target: Target, end: usize) -> Option<u8> {
        let a = &*self.a;
        let Target::Label(l) = target else { return None };
        if a.listing.is_some() {
            return None;
        }
        let pos = a.settled(l)?;
        i8::try_from(pos as i64 - (a.code.len() + end) as i64).ok().map(|d| d as u8)
    }

    /// Inside a run of compiled instructions: the value of a 4-byte field to `target` plus
    /// `addend` at `at` bytes into the run, its instruction ending `end` bytes in: the
    /// final displacement for a settled label, else 0 with a fixup recorded for the position the
    /// field will have once the run is appended. `None` (flush and emit on its own) when the
    /// listing is on.
    #[inline(always)]
    pub fn run_rel32(
        &mut self,
        target: Target,
        at: usize,
        end: usize,
        addend: i64,
        branch: bool,
    ) -> Option<i32> {
        let a = &mut *self.a;
        if a.listing.is_some() {
            return None;
        }
        let base = a.code.len();
        if let Target::Label(l) = target {
            if let Some(d) = a.rel32_quick(l, base + at, base + end, addend) {
                return Some(d);
            }
        }
        a.run_rel32_slow(a.rel_target(target, branch), at, end, addend)
    }

    /// Takes the run's bytes into the assembler; `upto` is the number of its next instruction.
    #[inline(always)]
    fn commit(&mut self, texts: &'static [&'static str], upto: usize) {
        let code = &mut self.a.code;
        let start = code.len();
        let n = self.len.min(N);
        // SAFETY: the first `n` bytes past the end were written (see the type's
        // documentation), within the capacity reserved for the run.
        unsafe { code.set_len(start + n) };
        if self.a.listing.is_some() {
            self.a.list_run(start, &self.ends, upto, texts);
        }
        self.len = 0;
    }

    /// Ends the run: its bytes become the assembler's.
    #[inline(always)]
    pub fn finish(mut self, texts: &'static [&'static str], upto: usize) {
        self.commit(texts, upto);
    }

    /// Instruction `k` of the run is emitted another way: the bytes so far are taken in and
    /// the assembler is given back, with what the run needs to go on after it
    /// ([`Suspended::resume`]). The generated code shadows its assembler with the one returned,
    /// emits the instruction, and reopens the run in the same variable (no closure: the path is
    /// cold and costs little code at each instruction).
    #[inline(always)]
    pub fn suspend(mut self, texts: &'static [&'static str], k: usize) -> (&'a mut Assembler, Suspended<N>) {
        self.commit(texts, k);
        self.a.run_first = (k + 1) as u8;
        (self.a, Suspended)
    }

    /// Instruction `k` of the run takes the generic path ([`Assembler::emit_patched`]): the
    /// bytes so far are taken in, the instruction is emitted, and the run goes on after it.
    /// One call out of line, so the cold path costs little code at each instruction; the run
    /// that goes on is built here, so the compiler still knows that it starts empty.
    #[inline(always)]
    pub fn detour(
        self,
        texts: &'static [&'static str],
        k: usize,
        g: &Generic,
        regs: &[u8],
        imms: &[i128],
    ) -> Run<'a, N> {
        let (a, room) = self.detour_cold(texts, k, g, regs, imms);
        Run { a, room, len: 0, ends: [0; MAX_RUN] }
    }

    #[cold]
    #[inline(never)]
    fn detour_cold(
        mut self,
        texts: &'static [&'static str],
        k: usize,
        g: &Generic,
        regs: &[u8],
        imms: &[i128],
    ) -> (&'a mut Assembler, *mut u8) {
        self.commit(texts, k);
        self.a.emit_patched(g, regs, imms);
        self.a.run_first = (k + 1) as u8;
        let room = reserve(&mut self.a.code, N + 16);
        (self.a, room)
    }
}

/// A run set aside while one of its instructions is emitted on the assembler
/// ([`Run::suspend`]).
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct Suspended<const N: usize>;

impl<const N: usize> Suspended<N> {
    /// The run again, on `a`, going on after the instruction emitted meanwhile.
    #[inline(always)]
    pub fn resume(self, a: &mut Assembler) -> Run<'_, N> {
        let room = reserve(&mut a.code, N + 16);
        Run { a, room, len: 0, ends: [0; MAX_RUN] }
    }
}

impl Assembler {
    /// [`Run::run_rel32`] for the other cases: an address, a label of committed
    /// code, a second reference to an unbound label.
    #[inline(never)]
    fn run_rel32_slow(&mut self, target: RelocTarget, at: usize, end: usize, addend: i64) -> Option<i32> {
        let base = self.code.len();
        if let RelocTarget::Label(l) = target {
            if let Some(d) =
                self.settled(l).and_then(|pos| i32::try_from(pos as i64 + addend - (base + end) as i64).ok())
            {
                return Some(d);
            }
        }
        let at = Mark { pos: base + at, item: self.items.len() };
        self.unsettled_fix(at, 4, base + end, target, addend);
        Some(0)
    }
}

impl<const N: usize> Out for Run<'_, N> {
    #[inline(always)]
    fn push(&mut self, b: u8) {
        self.store(self.len, &[b]);
        self.len += 1;
    }
    #[inline(always)]
    fn extend(&mut self, b: &[u8]) {
        // The slices are constants or immediates of a constant width in the generated code.
        self.store(self.len, b);
        self.len += b.len();
    }
    #[inline(always)]
    fn push_if(&mut self, b: u8, keep: bool) {
        self.store(self.len, &[b]);
        self.len += keep as usize;
    }
    #[inline(always)]
    fn extend_n(&mut self, b: [u8; 4], n: usize) {
        self.store(self.len, &b);
        self.len += n.min(4);
    }
}

impl Assembler {
    /// The listing's lines of a run taken in at `start`, instruction `upto` next: instruction
    /// `k` ends `ends[k]` bytes in.
    #[inline(never)]
    fn list_run(&mut self, start: usize, ends: &[u8; MAX_RUN], upto: usize, texts: &'static [&'static str]) {
        let first = self.run_first as usize;
        let ends = ends.get(first..upto.min(MAX_RUN)).unwrap_or(&[]);
        let item = self.items.len();
        let mut at = Mark { pos: start, item };
        for (k, &e) in ends.iter().enumerate() {
            let end = Mark { pos: start + e as usize, item };
            let text = texts.get(first + k).copied().unwrap_or("");
            if let Some(l) = self.listing.as_mut() {
                l.push(ListRec { start: at, end, text: Cow::Borrowed(text) });
            }
            at = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enc::spec::Spec;

    /// The two storages of the fill stages agree (the stages themselves are checked against
    /// the generic encoder, which the table tests check against iced-x86 and llvm-mc).
    #[test]
    fn a_run_in_place_writes_what_the_stack_buffer_writes() {
        // The same fills through both storages, several runs in one assembler.
        let fill = |disp: i32, base: u8| {
            let mut s = Spec::<32, 48>::new();
            s.rex(0x48, 3, 0, base, false);
            s.bytes(&[0x8b]);
            s.mem(3, Some(base), None, 1, disp, 1);
            s.word(0x00c0_0148 | u64::from(base & 7) << 16, 3);
            s.imm(-2, 4);
            s.as_slice().to_vec()
        };
        let mut a = Assembler::new();
        let mut want = Vec::new();
        for (k, (disp, base)) in [(0, 5), (-129, 13), (0x1234, 4), (7, 12)].into_iter().enumerate() {
            let mut w = a.run::<32>();
            w.rex(0x48, 3, 0, base, false);
            w.bytes(&[0x8b]);
            w.mem(3, Some(base), None, 1, disp, 1);
            w.word(0x00c0_0148 | u64::from(base & 7) << 16, 3);
            w.imm(-2, 4);
            w.end(0);
            w.finish(&["x"], 1);
            want.extend_from_slice(&fill(disp, base));
            assert_eq!(a.code, want, "run {k}");
        }
    }

    #[test]
    fn flushing_a_run_keeps_the_order_and_the_listing() {
        let mut a = Assembler::new();
        a.set_listing(true);
        let texts: &'static [&'static str] = &["push rbx", "ret", "nop"];
        let mut w = a.run::<16>();
        w.bytes(&[0x53]);
        w.end(0);
        let (a2, s) = w.suspend(texts, 1);
        a2.emit_static(b"\xc3", &[(1, "ret")]);
        let mut w = s.resume(a2);
        w.bytes(&[0x90]);
        w.end(2);
        w.finish(texts, 3);
        let out = a.assemble_at(0).unwrap();
        assert_eq!(out.bytes, [0x53, 0xc3, 0x90]);
        let text = out.listing_text();
        for t in texts {
            assert!(text.contains(t), "{text}");
        }
    }
}

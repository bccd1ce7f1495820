//! The run-time operands of the workload, one set per block, from a fixed-seed generator that
//! `benches/asmjit/driver.cpp` implements too (so both see the same values).
//!
//! The block, with literal operands (variants (a) and (b)) and as holes (variants (c) and (d)):
//!
//! ```text
//! top:
//!     mov r9, -0x12345678                    mov R0, imm
//!     mov r10, rbx                           mov R1, R2
//!     add r10, r9                            add R1, R0
//!     sub r11, 16                            sub R3, imm8
//!     imul r12, r10                          imul R4, R1
//!     lea r13, [rsi + r14*8 + 24]            lea R5, [B0 + I0*8 + d8a]
//!     mov rax, qword ptr [r15 + 0x12345]     mov R6, qword ptr [B1 + d32]
//!     mov dword ptr [rdi + r8*4 + 8], ecx    mov dword ptr [B0 + I1*4 + d8b], R7d
//!     xor rdx, r13                           xor R7, R5
//!     shl r12, 3                             shl R4, sh
//!     cmp r9, 0x10000                        cmp R0, cmp
//!     jne top
//!     inc r14                                inc R3
//!     push r15                               push R2
//!     pop rbx                                pop R6
//!     call done
//! done:
//! ```

/// Instructions per block.
pub const BLOCK: usize = 16;

/// The run-time operands of one block (register numbers 0-15).
#[derive(Clone, Copy, Debug)]
pub struct Params {
    /// R0..R7: never rsp.
    pub r: [u8; 8],
    /// Base registers: never rsp or r12 (which need a SIB byte with some tools only).
    pub b: [u8; 2],
    /// Index registers: never rsp.
    pub i: [u8; 2],
    /// `mov R0, imm`: negative, fits in 32 bits but not in 8.
    pub imm: i32,
    /// `sub R3, imm8`.
    pub imm8: i8,
    /// The two 8-bit displacements, never zero.
    pub d8: [i8; 2],
    /// The 32-bit displacement: does not fit in 8 bits.
    pub d32: i32,
    /// Shift count, 2..=63.
    pub sh: u8,
    /// `cmp R0, cmp`: does not fit in 8 bits.
    pub cmp: i32,
}

/// SplitMix64, as written in the driver.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn reg(&mut self, not: &[u8]) -> u8 {
        loop {
            let r = (self.next() % 16) as u8;
            if !not.contains(&r) {
                return r;
            }
        }
    }

    /// A value of magnitude 0x100..0x7fff_ff00, either sign.
    fn wide(&mut self) -> i32 {
        let v = (0x100 + self.next() % 0x7fff_fe00) as i32;
        if self.next() & 1 == 1 {
            -v
        } else {
            v
        }
    }

    fn d8(&mut self) -> i8 {
        loop {
            let v = self.next() as u8 as i8;
            if v != 0 {
                return v;
            }
        }
    }
}

/// `n` blocks' operands, the same every run.
pub fn blocks(n: usize) -> Vec<Params> {
    let mut g = Rng(20261202);
    (0..n)
        .map(|_| {
            let mut r = [0; 8];
            for x in &mut r {
                *x = g.reg(&[4]);
            }
            let b = [g.reg(&[4, 12]), g.reg(&[4, 12])];
            let i = [g.reg(&[4]), g.reg(&[4])];
            let imm = -(g.wide().unsigned_abs() as i32);
            let imm8 = g.next() as u8 as i8;
            let d8 = [g.d8(), g.d8()];
            let d32 = g.wide();
            let sh = (2 + g.next() % 62) as u8;
            let cmp = g.wide();
            Params { r, b, i, imm, imm8, d8, d32, sh, cmp }
        })
        .collect()
}

//! x87 floating point: loads, stores and additions on `st(i)` and m32/m64/m80 memory.
//!
//! Register forms use the `x87` scheme (the `st(i)` number is added to the second opcode byte);
//! memory forms are legacy `/digit` rows. Intel syntax names the operands as the manual does,
//! so `fsubrp st(1), st(0)` is `DE E1` (the AT&T-compatible mnemonic swap of some assemblers
//! does not apply); the bare `faddp`/`fsubrp` mean `st(1), st(0)`.

macro_rules! x87_rows {
    ($next:ident $($more:ident)* ; $($acc:tt)*) => {
        $next! { $($more)* ; $($acc)*
            fadd_m32                     "fadd"        [M32 Rm]                                  legacy(_ _ [0xD8] d0)                        X87;
            fadd_m64                     "fadd"        [M64 Rm]                                  legacy(_ _ [0xDC] d0)                        X87;
            fadd_st0_sti                 "fadd"        [St0 Implicit, Sti Op]                    x87([0xD8, 0xC0])                            X87;
            fadd_sti_st0                 "fadd"        [Sti Op, St0 Implicit]                    x87([0xDC, 0xC0])                            X87;
            faddp                        "faddp"       []                                        x87([0xDE, 0xC1])                            X87;
            faddp_sti_st0                "faddp"       [Sti Op, St0 Implicit]                    x87([0xDE, 0xC0])                            X87;
            fld_m32                      "fld"         [M32 Rm]                                  legacy(_ _ [0xD9] d0)                        X87;
            fld_m64                      "fld"         [M64 Rm]                                  legacy(_ _ [0xDD] d0)                        X87;
            fld_m80                      "fld"         [M80 Rm]                                  legacy(_ _ [0xDB] d5)                        X87;
            fld_sti                      "fld"         [Sti Op]                                  x87([0xD9, 0xC0])                            X87;
            fstp_m32                     "fstp"        [M32 Rm]                                  legacy(_ _ [0xD9] d3)                        X87;
            fstp_m64                     "fstp"        [M64 Rm]                                  legacy(_ _ [0xDD] d3)                        X87;
            fstp_m80                     "fstp"        [M80 Rm]                                  legacy(_ _ [0xDB] d7)                        X87;
            fstp_sti                     "fstp"        [Sti Op]                                  x87([0xDD, 0xD8])                            X87;
            fsubrp                       "fsubrp"      []                                        x87([0xDE, 0xE1])                            X87;
            fsubrp_sti_st0               "fsubrp"      [Sti Op, St0 Implicit]                    x87([0xDE, 0xE0])                            X87;
        }
    };
}

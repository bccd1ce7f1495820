//! General-purpose instructions encoded with VEX (BMI1, BMI2) and the ADX additions
//! (`adcx`, `adox`). `L0` rows: VEX.L must be 0; the 64-bit forms are W1.
//!
//! Rows in the notation of the [table module](super); this file's macro appends them to the row
//! list and hands it on.

macro_rules! bmi_rows {
    ($next:ident $($more:ident)* ; $($acc:tt)*) => {
        $next! { $($more)* ; $($acc)*
            andn_r32_r32_rm32            "andn"        [R32 Reg, R32 Vvvv, Rm32 Rm]              vex(L0 _ m0F38 W0 [0xF2] r)                  Bmi1;
            bextr_r32_rm32_r32           "bextr"       [R32 Reg, Rm32 Rm, R32 Vvvv]              vex(L0 _ m0F38 W0 [0xF7] r)                  Bmi1;
            blsi_r32_rm32                "blsi"        [R32 Vvvv, Rm32 Rm]                       vex(L0 _ m0F38 W0 [0xF3] d3)                 Bmi1;
            blsmsk_r32_rm32              "blsmsk"      [R32 Vvvv, Rm32 Rm]                       vex(L0 _ m0F38 W0 [0xF3] d2)                 Bmi1;
            blsr_r32_rm32                "blsr"        [R32 Vvvv, Rm32 Rm]                       vex(L0 _ m0F38 W0 [0xF3] d1)                 Bmi1;
            bzhi_r32_rm32_r32            "bzhi"        [R32 Reg, Rm32 Rm, R32 Vvvv]              vex(L0 _ m0F38 W0 [0xF5] r)                  Bmi2;
            mulx_r32_r32_rm32            "mulx"        [R32 Reg, R32 Vvvv, Rm32 Rm]              vex(L0 pF2 m0F38 W0 [0xF6] r)                Bmi2;
            pdep_r32_r32_rm32            "pdep"        [R32 Reg, R32 Vvvv, Rm32 Rm]              vex(L0 pF2 m0F38 W0 [0xF5] r)                Bmi2;
            pext_r32_r32_rm32            "pext"        [R32 Reg, R32 Vvvv, Rm32 Rm]              vex(L0 pF3 m0F38 W0 [0xF5] r)                Bmi2;
            rorx_r32_rm32_imm8           "rorx"        [R32 Reg, Rm32 Rm, Imm8 Ib]               vex(L0 pF2 m0F3A W0 [0xF0] r)                Bmi2;
            sarx_r32_rm32_r32            "sarx"        [R32 Reg, Rm32 Rm, R32 Vvvv]              vex(L0 pF3 m0F38 W0 [0xF7] r)                Bmi2;
            shlx_r32_rm32_r32            "shlx"        [R32 Reg, Rm32 Rm, R32 Vvvv]              vex(L0 p66 m0F38 W0 [0xF7] r)                Bmi2;
            shrx_r32_rm32_r32            "shrx"        [R32 Reg, Rm32 Rm, R32 Vvvv]              vex(L0 pF2 m0F38 W0 [0xF7] r)                Bmi2;
            andn_r64_r64_rm64            "andn"        [R64 Reg, R64 Vvvv, Rm64 Rm]              vex(L0 _ m0F38 W1 [0xF2] r)                  Bmi1;
            bextr_r64_rm64_r64           "bextr"       [R64 Reg, Rm64 Rm, R64 Vvvv]              vex(L0 _ m0F38 W1 [0xF7] r)                  Bmi1;
            blsi_r64_rm64                "blsi"        [R64 Vvvv, Rm64 Rm]                       vex(L0 _ m0F38 W1 [0xF3] d3)                 Bmi1;
            blsmsk_r64_rm64              "blsmsk"      [R64 Vvvv, Rm64 Rm]                       vex(L0 _ m0F38 W1 [0xF3] d2)                 Bmi1;
            blsr_r64_rm64                "blsr"        [R64 Vvvv, Rm64 Rm]                       vex(L0 _ m0F38 W1 [0xF3] d1)                 Bmi1;
            bzhi_r64_rm64_r64            "bzhi"        [R64 Reg, Rm64 Rm, R64 Vvvv]              vex(L0 _ m0F38 W1 [0xF5] r)                  Bmi2;
            mulx_r64_r64_rm64            "mulx"        [R64 Reg, R64 Vvvv, Rm64 Rm]              vex(L0 pF2 m0F38 W1 [0xF6] r)                Bmi2;
            pdep_r64_r64_rm64            "pdep"        [R64 Reg, R64 Vvvv, Rm64 Rm]              vex(L0 pF2 m0F38 W1 [0xF5] r)                Bmi2;
            pext_r64_r64_rm64            "pext"        [R64 Reg, R64 Vvvv, Rm64 Rm]              vex(L0 pF3 m0F38 W1 [0xF5] r)                Bmi2;
            rorx_r64_rm64_imm8           "rorx"        [R64 Reg, Rm64 Rm, Imm8 Ib]               vex(L0 pF2 m0F3A W1 [0xF0] r)                Bmi2;
            sarx_r64_rm64_r64            "sarx"        [R64 Reg, Rm64 Rm, R64 Vvvv]              vex(L0 pF3 m0F38 W1 [0xF7] r)                Bmi2;
            shlx_r64_rm64_r64            "shlx"        [R64 Reg, Rm64 Rm, R64 Vvvv]              vex(L0 p66 m0F38 W1 [0xF7] r)                Bmi2;
            shrx_r64_rm64_r64            "shrx"        [R64 Reg, Rm64 Rm, R64 Vvvv]              vex(L0 pF2 m0F38 W1 [0xF7] r)                Bmi2;
            adcx_r32_rm32                "adcx"        [R32 Reg, Rm32 Rm]                        legacy(p66 _ [0x0F, 0x38, 0xF6] r)           Adx;
            adox_r32_rm32                "adox"        [R32 Reg, Rm32 Rm]                        legacy(pF3 _ [0x0F, 0x38, 0xF6] r)           Adx;
            adcx_r64_rm64                "adcx"        [R64 Reg, Rm64 Rm]                        legacy(p66 W [0x0F, 0x38, 0xF6] r)           Adx;
            adox_r64_rm64                "adox"        [R64 Reg, Rm64 Rm]                        legacy(pF3 W [0x0F, 0x38, 0xF6] r)           Adx;
        }
    };
}

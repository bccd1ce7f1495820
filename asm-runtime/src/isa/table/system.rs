//! System instructions: CPUID, port I/O, time stamps, `syscall`/`sysret`, interrupt returns,
//! model-specific registers, random numbers, FS/GS base access, cache-line write-back, CET
//! `endbr`, and moves to and from control, debug and segment registers.
//!
//! Rows in the notation of the [table module](super); this file's macro appends them to the row
//! list and hands it on.

macro_rules! system_rows {
    ($next:ident $($more:ident)* ; $($acc:tt)*) => {
        $next! { $($more)* ; $($acc)*
            cpuid                        "cpuid"       []                                        legacy(_ _ [0x0F, 0xA2] _)                   Base;
            hlt                          "hlt"         []                                        legacy(_ _ [0xF4] _)                         Base;
            in_al_imm8                   "in"          [Al Implicit, Imm8 Ib]                    legacy(_ _ [0xE4] _)                         Base;
            in_ax_imm8                   "in"          [Ax Implicit, Imm8 Ib]                    legacy(p66 _ [0xE5] _)                       Base;
            in_eax_imm8                  "in"          [Eax Implicit, Imm8 Ib]                   legacy(_ _ [0xE5] _)                         Base;
            in_al_dx                     "in"          [Al Implicit, Dx Implicit]                legacy(_ _ [0xEC] _)                         Base;
            in_ax_dx                     "in"          [Ax Implicit, Dx Implicit]                legacy(p66 _ [0xED] _)                       Base;
            in_eax_dx                    "in"          [Eax Implicit, Dx Implicit]               legacy(_ _ [0xED] _)                         Base;
            out_imm8_al                  "out"         [Imm8 Ib, Al Implicit]                    legacy(_ _ [0xE6] _)                         Base;
            out_imm8_ax                  "out"         [Imm8 Ib, Ax Implicit]                    legacy(p66 _ [0xE7] _)                       Base;
            out_imm8_eax                 "out"         [Imm8 Ib, Eax Implicit]                   legacy(_ _ [0xE7] _)                         Base;
            out_dx_al                    "out"         [Dx Implicit, Al Implicit]                legacy(_ _ [0xEE] _)                         Base;
            out_dx_ax                    "out"         [Dx Implicit, Ax Implicit]                legacy(p66 _ [0xEF] _)                       Base;
            out_dx_eax                   "out"         [Dx Implicit, Eax Implicit]               legacy(_ _ [0xEF] _)                         Base;
            rdtsc                        "rdtsc"       []                                        legacy(_ _ [0x0F, 0x31] _)                   Base;
            rdtscp                       "rdtscp"      []                                        legacy(_ _ [0x0F, 0x01, 0xF9] _)             Base;
            syscall                      "syscall"     []                                        legacy(_ _ [0x0F, 0x05] _)                   Base;
            mov_r64_cr                   "mov"         [R64 Rm, Cr Reg]                          legacy(_ _ [0x0F, 0x20] r)                   Base;
            mov_cr_r64                   "mov"         [Cr Reg, R64 Rm]                          legacy(_ _ [0x0F, 0x22] r)                   Base;
            mov_r64_dr                   "mov"         [R64 Rm, Dr Reg]                          legacy(_ _ [0x0F, 0x21] r)                   Base;
            mov_dr_r64                   "mov"         [Dr Reg, R64 Rm]                          legacy(_ _ [0x0F, 0x23] r)                   Base;
            mov_r16_sreg                 "mov"         [R16 Rm, Sreg Reg]                        legacy(p66 _ [0x8C] r)                       Base;
            mov_r32_sreg                 "mov"         [R32 Rm, Sreg Reg]                        legacy(_ _ [0x8C] r)                         Base;
            mov_r64_sreg                 "mov"         [R64 Rm, Sreg Reg]                        legacy(_ W [0x8C] r)                         Base;
            mov_m16_sreg                 "mov"         [M16 Rm, Sreg Reg]                        legacy(_ _ [0x8C] r)                         Base;
            mov_sreg_r16                 "mov"         [SregW Reg, R16 Rm]                       legacy(p66 _ [0x8E] r)                       Base;
            mov_sreg_r32                 "mov"         [SregW Reg, R32 Rm]                       legacy(_ _ [0x8E] r)                         Base;
            mov_sreg_r64                 "mov"         [SregW Reg, R64 Rm]                       legacy(_ W [0x8E] r)                         Base;
            mov_sreg_m16                 "mov"         [SregW Reg, M16 Rm]                       legacy(_ _ [0x8E] r)                         Base;
            pop_fs                       "pop"         [Fs Implicit]                             legacy(_ _ [0x0F, 0xA1] _)                   Base;
            pop_gs                       "pop"         [Gs Implicit]                             legacy(_ _ [0x0F, 0xA9] _)                   Base;
            push_fs                      "push"        [Fs Implicit]                             legacy(_ _ [0x0F, 0xA0] _)                   Base;
            push_gs                      "push"        [Gs Implicit]                             legacy(_ _ [0x0F, 0xA8] _)                   Base;
            iret                         "iret"        []                                        legacy(p66 _ [0xCF] _)                       Base;
            iretd                        "iretd"       []                                        legacy(_ _ [0xCF] _)                         Base;
            iretq                        "iretq"       []                                        legacy(_ W [0xCF] _)                         Base;
            sysret                       "sysret"      []                                        legacy(_ _ [0x0F, 0x07] _)                   Base;
            sysretq                      "sysretq"     []                                        legacy(_ W [0x0F, 0x07] _)                   Base;
            sysenter                     "sysenter"    []                                        legacy(_ _ [0x0F, 0x34] _)                   Base;
            sysexit                      "sysexit"     []                                        legacy(_ _ [0x0F, 0x35] _)                   Base;
            sysexitq                     "sysexitq"    []                                        legacy(_ W [0x0F, 0x35] _)                   Base;
            swapgs                       "swapgs"      []                                        legacy(_ _ [0x0F, 0x01, 0xF8] _)             Base;
            cli                          "cli"         []                                        legacy(_ _ [0xFA] _)                         Base;
            sti                          "sti"         []                                        legacy(_ _ [0xFB] _)                         Base;
            clts                         "clts"        []                                        legacy(_ _ [0x0F, 0x06] _)                   Base;
            rdmsr                        "rdmsr"       []                                        legacy(_ _ [0x0F, 0x32] _)                   Base;
            wrmsr                        "wrmsr"       []                                        legacy(_ _ [0x0F, 0x30] _)                   Base;
            rdpmc                        "rdpmc"       []                                        legacy(_ _ [0x0F, 0x33] _)                   Base;
            invd                         "invd"        []                                        legacy(_ _ [0x0F, 0x08] _)                   Base;
            wbinvd                       "wbinvd"      []                                        legacy(_ _ [0x0F, 0x09] _)                   Base;
            endbr64                      "endbr64"     []                                        legacy(pF3 _ [0x0F, 0x1E, 0xFA] _)           Cet;
            endbr32                      "endbr32"     []                                        legacy(pF3 _ [0x0F, 0x1E, 0xFB] _)           Cet;
            serialize                    "serialize"   []                                        legacy(_ _ [0x0F, 0x01, 0xE8] _)             Serialize;
            xgetbv                       "xgetbv"      []                                        legacy(_ _ [0x0F, 0x01, 0xD0] _)             Xsave;
            xsetbv                       "xsetbv"      []                                        legacy(_ _ [0x0F, 0x01, 0xD1] _)             Xsave;
            rdrand_r16                   "rdrand"      [R16 Rm]                                  legacy(p66 _ [0x0F, 0xC7] d6)                Rdrand;
            rdrand_r32                   "rdrand"      [R32 Rm]                                  legacy(_ _ [0x0F, 0xC7] d6)                  Rdrand;
            rdrand_r64                   "rdrand"      [R64 Rm]                                  legacy(_ W [0x0F, 0xC7] d6)                  Rdrand;
            rdseed_r16                   "rdseed"      [R16 Rm]                                  legacy(p66 _ [0x0F, 0xC7] d7)                Rdseed;
            rdseed_r32                   "rdseed"      [R32 Rm]                                  legacy(_ _ [0x0F, 0xC7] d7)                  Rdseed;
            rdseed_r64                   "rdseed"      [R64 Rm]                                  legacy(_ W [0x0F, 0xC7] d7)                  Rdseed;
            rdpid_r64                    "rdpid"       [R64 Rm]                                  legacy(pF3 _ [0x0F, 0xC7] d7)                Rdpid;
            rdfsbase_r32                 "rdfsbase"    [R32 Rm]                                  legacy(pF3 _ [0x0F, 0xAE] d0)                Fsgsbase;
            rdfsbase_r64                 "rdfsbase"    [R64 Rm]                                  legacy(pF3 W [0x0F, 0xAE] d0)                Fsgsbase;
            rdgsbase_r32                 "rdgsbase"    [R32 Rm]                                  legacy(pF3 _ [0x0F, 0xAE] d1)                Fsgsbase;
            rdgsbase_r64                 "rdgsbase"    [R64 Rm]                                  legacy(pF3 W [0x0F, 0xAE] d1)                Fsgsbase;
            wrfsbase_r32                 "wrfsbase"    [R32 Rm]                                  legacy(pF3 _ [0x0F, 0xAE] d2)                Fsgsbase;
            wrfsbase_r64                 "wrfsbase"    [R64 Rm]                                  legacy(pF3 W [0x0F, 0xAE] d2)                Fsgsbase;
            wrgsbase_r32                 "wrgsbase"    [R32 Rm]                                  legacy(pF3 _ [0x0F, 0xAE] d3)                Fsgsbase;
            wrgsbase_r64                 "wrgsbase"    [R64 Rm]                                  legacy(pF3 W [0x0F, 0xAE] d3)                Fsgsbase;
            clflushopt_m8                "clflushopt"  [M8 Rm]                                   legacy(p66 _ [0x0F, 0xAE] d7)                Clflushopt;
            clwb_m8                      "clwb"        [M8 Rm]                                   legacy(p66 _ [0x0F, 0xAE] d6)                Clwb;
            sgdt_m                       "sgdt"        [M Rm]                                    legacy(_ _ [0x0F, 0x01] d0)                  Base;
            sidt_m                       "sidt"        [M Rm]                                    legacy(_ _ [0x0F, 0x01] d1)                  Base;
            lgdt_m                       "lgdt"        [M Rm]                                    legacy(_ _ [0x0F, 0x01] d2)                  Base;
            lidt_m                       "lidt"        [M Rm]                                    legacy(_ _ [0x0F, 0x01] d3)                  Base;
            invlpg_m                     "invlpg"      [M Rm]                                    legacy(_ _ [0x0F, 0x01] d7)                  Base;
            sldt_r16                     "sldt"        [R16 Rm]                                  legacy(p66 _ [0x0F, 0x00] d0)                Base;
            sldt_r32                     "sldt"        [R32 Rm]                                  legacy(_ _ [0x0F, 0x00] d0)                  Base;
            sldt_r64                     "sldt"        [R64 Rm]                                  legacy(_ W [0x0F, 0x00] d0)                  Base;
            sldt_m16                     "sldt"        [M16 Rm]                                  legacy(_ _ [0x0F, 0x00] d0)                  Base;
            str_r16                      "str"         [R16 Rm]                                  legacy(p66 _ [0x0F, 0x00] d1)                Base;
            str_r32                      "str"         [R32 Rm]                                  legacy(_ _ [0x0F, 0x00] d1)                  Base;
            str_r64                      "str"         [R64 Rm]                                  legacy(_ W [0x0F, 0x00] d1)                  Base;
            str_m16                      "str"         [M16 Rm]                                  legacy(_ _ [0x0F, 0x00] d1)                  Base;
            smsw_r16                     "smsw"        [R16 Rm]                                  legacy(p66 _ [0x0F, 0x01] d4)                Base;
            smsw_r32                     "smsw"        [R32 Rm]                                  legacy(_ _ [0x0F, 0x01] d4)                  Base;
            smsw_r64                     "smsw"        [R64 Rm]                                  legacy(_ W [0x0F, 0x01] d4)                  Base;
            smsw_m16                     "smsw"        [M16 Rm]                                  legacy(_ _ [0x0F, 0x01] d4)                  Base;
            lldt_rm16                    "lldt"        [Rm16 Rm]                                 legacy(_ _ [0x0F, 0x00] d2)                  Base;
            ltr_rm16                     "ltr"         [Rm16 Rm]                                 legacy(_ _ [0x0F, 0x00] d3)                  Base;
            verr_rm16                    "verr"        [Rm16 Rm]                                 legacy(_ _ [0x0F, 0x00] d4)                  Base;
            verw_rm16                    "verw"        [Rm16 Rm]                                 legacy(_ _ [0x0F, 0x00] d5)                  Base;
            lmsw_rm16                    "lmsw"        [Rm16 Rm]                                 legacy(_ _ [0x0F, 0x01] d6)                  Base;
            lar_r16_rm16                 "lar"         [R16 Reg, Rm16 Rm]                        legacy(p66 _ [0x0F, 0x02] r)                 Base;
            lar_r32_r32m16               "lar"         [R32 Reg, R32M16 Rm]                      legacy(_ _ [0x0F, 0x02] r)                   Base;
            lar_r64_r64                  "lar"         [R64 Reg, R64 Rm]                         legacy(_ W [0x0F, 0x02] r)                   Base;
            lar_r64_m16                  "lar"         [R64 Reg, M16 Rm]                         legacy(_ W [0x0F, 0x02] r)                   Base;
            lsl_r16_rm16                 "lsl"         [R16 Reg, Rm16 Rm]                        legacy(p66 _ [0x0F, 0x03] r)                 Base;
            lsl_r32_r32m16               "lsl"         [R32 Reg, R32M16 Rm]                      legacy(_ _ [0x0F, 0x03] r)                   Base;
            lsl_r64_r64                  "lsl"         [R64 Reg, R64 Rm]                         legacy(_ W [0x0F, 0x03] r)                   Base;
            lsl_r64_m16                  "lsl"         [R64 Reg, M16 Rm]                         legacy(_ W [0x0F, 0x03] r)                   Base;
            ud1_r32_rm32                 "ud1"         [R32 Reg, Rm32 Rm]                        legacy(_ _ [0x0F, 0xB9] r)                   Base;
        }
    };
}

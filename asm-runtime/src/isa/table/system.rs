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
        }
    };
}

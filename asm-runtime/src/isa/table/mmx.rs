//! MMX instructions on mm registers.
//!
//! Rows in the notation of the [table module](super); this file's macro appends them to the row
//! list and hands it on.

macro_rules! mmx_rows {
    ($next:ident $($more:ident)* ; $($acc:tt)*) => {
        $next! { $($more)* ; $($acc)*
            emms                         "emms"        []                                        legacy(_ _ [0x0F, 0x77] _)                   Mmx;
            maskmovq_mm_mm               "maskmovq"    [Mm Reg, Mm Rm]                           legacy(_ _ [0x0F, 0xF7] r)                   Sse;
            movd_mm_rm32                 "movd"        [Mm Reg, Rm32 Rm]                         legacy(_ _ [0x0F, 0x6E] r)                   Mmx;
            movd_rm32_mm                 "movd"        [Rm32 Rm, Mm Reg]                         legacy(_ _ [0x0F, 0x7E] r)                   Mmx;
            movntq_m64_mm                "movntq"      [M64 Rm, Mm Reg]                          legacy(_ _ [0x0F, 0xE7] r)                   Sse;
            movq_mm_mmm64                "movq"        [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x6F] r)                   Mmx;
            movq_m64_mm                  "movq"        [M64 Rm, Mm Reg]                          legacy(_ _ [0x0F, 0x7F] r)                   Mmx;
            movq_mm_rm64                 "movq"        [Mm Reg, Rm64 Rm]                         legacy(_ W [0x0F, 0x6E] r)                   Mmx;
            movq_rm64_mm                 "movq"        [Rm64 Rm, Mm Reg]                         legacy(_ W [0x0F, 0x7E] r)                   Mmx;
            pabsb_mm_mmm64               "pabsb"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x1C] r)             Ssse3;
            pabsd_mm_mmm64               "pabsd"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x1E] r)             Ssse3;
            pabsw_mm_mmm64               "pabsw"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x1D] r)             Ssse3;
            packssdw_mm_mmm64            "packssdw"    [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x6B] r)                   Mmx;
            packsswb_mm_mmm64            "packsswb"    [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x63] r)                   Mmx;
            packuswb_mm_mmm64            "packuswb"    [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x67] r)                   Mmx;
            paddb_mm_mmm64               "paddb"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xFC] r)                   Mmx;
            paddd_mm_mmm64               "paddd"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xFE] r)                   Mmx;
            paddq_mm_mmm64               "paddq"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xD4] r)                   Sse2;
            paddsb_mm_mmm64              "paddsb"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xEC] r)                   Mmx;
            paddsw_mm_mmm64              "paddsw"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xED] r)                   Mmx;
            paddusb_mm_mmm64             "paddusb"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xDC] r)                   Mmx;
            paddusw_mm_mmm64             "paddusw"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xDD] r)                   Mmx;
            paddw_mm_mmm64               "paddw"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xFD] r)                   Mmx;
            palignr_mm_mmm64_imm8        "palignr"     [Mm Reg, MmM64 Rm, Imm8 Ib]               legacy(_ _ [0x0F, 0x3A, 0x0F] r)             Ssse3;
            pand_mm_mmm64                "pand"        [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xDB] r)                   Mmx;
            pandn_mm_mmm64               "pandn"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xDF] r)                   Mmx;
            pavgb_mm_mmm64               "pavgb"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xE0] r)                   Sse;
            pavgw_mm_mmm64               "pavgw"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xE3] r)                   Sse;
            pcmpeqb_mm_mmm64             "pcmpeqb"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x74] r)                   Mmx;
            pcmpeqd_mm_mmm64             "pcmpeqd"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x76] r)                   Mmx;
            pcmpeqw_mm_mmm64             "pcmpeqw"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x75] r)                   Mmx;
            pcmpgtb_mm_mmm64             "pcmpgtb"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x64] r)                   Mmx;
            pcmpgtd_mm_mmm64             "pcmpgtd"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x66] r)                   Mmx;
            pcmpgtw_mm_mmm64             "pcmpgtw"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x65] r)                   Mmx;
            pextrw_r32_mm_imm8           "pextrw"      [R32 Reg, Mm Rm, Imm8 Ib]                 legacy(_ _ [0x0F, 0xC5] r)                   Sse;
            phaddd_mm_mmm64              "phaddd"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x02] r)             Ssse3;
            phaddsw_mm_mmm64             "phaddsw"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x03] r)             Ssse3;
            phaddw_mm_mmm64              "phaddw"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x01] r)             Ssse3;
            phsubd_mm_mmm64              "phsubd"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x06] r)             Ssse3;
            phsubsw_mm_mmm64             "phsubsw"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x07] r)             Ssse3;
            phsubw_mm_mmm64              "phsubw"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x05] r)             Ssse3;
            pinsrw_mm_r32m16_imm8        "pinsrw"      [Mm Reg, R32M16 Rm, Imm8 Ib]              legacy(_ _ [0x0F, 0xC4] r)                   Sse;
            pmaddubsw_mm_mmm64           "pmaddubsw"   [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x04] r)             Ssse3;
            pmaddwd_mm_mmm64             "pmaddwd"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xF5] r)                   Mmx;
            pmaxsw_mm_mmm64              "pmaxsw"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xEE] r)                   Sse;
            pmaxub_mm_mmm64              "pmaxub"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xDE] r)                   Sse;
            pminsw_mm_mmm64              "pminsw"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xEA] r)                   Sse;
            pminub_mm_mmm64              "pminub"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xDA] r)                   Sse;
            pmovmskb_r32_mm              "pmovmskb"    [R32 Reg, Mm Rm]                          legacy(_ _ [0x0F, 0xD7] r)                   Sse;
            pmulhrsw_mm_mmm64            "pmulhrsw"    [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x0B] r)             Ssse3;
            pmulhuw_mm_mmm64             "pmulhuw"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xE4] r)                   Sse;
            pmulhw_mm_mmm64              "pmulhw"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xE5] r)                   Mmx;
            pmullw_mm_mmm64              "pmullw"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xD5] r)                   Mmx;
            pmuludq_mm_mmm64             "pmuludq"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xF4] r)                   Sse2;
            por_mm_mmm64                 "por"         [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xEB] r)                   Mmx;
            psadbw_mm_mmm64              "psadbw"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xF6] r)                   Sse;
            pshufb_mm_mmm64              "pshufb"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x00] r)             Ssse3;
            pshufw_mm_mmm64_imm8         "pshufw"      [Mm Reg, MmM64 Rm, Imm8 Ib]               legacy(_ _ [0x0F, 0x70] r)                   Sse;
            psignb_mm_mmm64              "psignb"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x08] r)             Ssse3;
            psignd_mm_mmm64              "psignd"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x0A] r)             Ssse3;
            psignw_mm_mmm64              "psignw"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x38, 0x09] r)             Ssse3;
            pslld_mm_mmm64               "pslld"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xF2] r)                   Mmx;
            pslld_mm_imm8                "pslld"       [Mm Rm, Imm8 Ib]                          legacy(_ _ [0x0F, 0x72] d6)                  Mmx;
            psllq_mm_mmm64               "psllq"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xF3] r)                   Mmx;
            psllq_mm_imm8                "psllq"       [Mm Rm, Imm8 Ib]                          legacy(_ _ [0x0F, 0x73] d6)                  Mmx;
            psllw_mm_mmm64               "psllw"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xF1] r)                   Mmx;
            psllw_mm_imm8                "psllw"       [Mm Rm, Imm8 Ib]                          legacy(_ _ [0x0F, 0x71] d6)                  Mmx;
            psrad_mm_mmm64               "psrad"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xE2] r)                   Mmx;
            psrad_mm_imm8                "psrad"       [Mm Rm, Imm8 Ib]                          legacy(_ _ [0x0F, 0x72] d4)                  Mmx;
            psraw_mm_mmm64               "psraw"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xE1] r)                   Mmx;
            psraw_mm_imm8                "psraw"       [Mm Rm, Imm8 Ib]                          legacy(_ _ [0x0F, 0x71] d4)                  Mmx;
            psrld_mm_mmm64               "psrld"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xD2] r)                   Mmx;
            psrld_mm_imm8                "psrld"       [Mm Rm, Imm8 Ib]                          legacy(_ _ [0x0F, 0x72] d2)                  Mmx;
            psrlq_mm_mmm64               "psrlq"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xD3] r)                   Mmx;
            psrlq_mm_imm8                "psrlq"       [Mm Rm, Imm8 Ib]                          legacy(_ _ [0x0F, 0x73] d2)                  Mmx;
            psrlw_mm_mmm64               "psrlw"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xD1] r)                   Mmx;
            psrlw_mm_imm8                "psrlw"       [Mm Rm, Imm8 Ib]                          legacy(_ _ [0x0F, 0x71] d2)                  Mmx;
            psubb_mm_mmm64               "psubb"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xF8] r)                   Mmx;
            psubd_mm_mmm64               "psubd"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xFA] r)                   Mmx;
            psubq_mm_mmm64               "psubq"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xFB] r)                   Sse2;
            psubsb_mm_mmm64              "psubsb"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xE8] r)                   Mmx;
            psubsw_mm_mmm64              "psubsw"      [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xE9] r)                   Mmx;
            psubusb_mm_mmm64             "psubusb"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xD8] r)                   Mmx;
            psubusw_mm_mmm64             "psubusw"     [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xD9] r)                   Mmx;
            psubw_mm_mmm64               "psubw"       [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xF9] r)                   Mmx;
            punpckhbw_mm_mmm64           "punpckhbw"   [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x68] r)                   Mmx;
            punpckhdq_mm_mmm64           "punpckhdq"   [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x6A] r)                   Mmx;
            punpckhwd_mm_mmm64           "punpckhwd"   [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0x69] r)                   Mmx;
            punpcklbw_mm_mmm32           "punpcklbw"   [Mm Reg, MmM32 Rm]                        legacy(_ _ [0x0F, 0x60] r)                   Mmx;
            punpckldq_mm_mmm32           "punpckldq"   [Mm Reg, MmM32 Rm]                        legacy(_ _ [0x0F, 0x62] r)                   Mmx;
            punpcklwd_mm_mmm32           "punpcklwd"   [Mm Reg, MmM32 Rm]                        legacy(_ _ [0x0F, 0x61] r)                   Mmx;
            pxor_mm_mmm64                "pxor"        [Mm Reg, MmM64 Rm]                        legacy(_ _ [0x0F, 0xEF] r)                   Mmx;
        }
    };
}

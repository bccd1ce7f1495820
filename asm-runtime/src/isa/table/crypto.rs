//! AES-NI, PCLMULQDQ and SHA (legacy encodings), and the ymm VEX forms of AES and PCLMULQDQ (VAES,
//! VPCLMULQDQ; the xmm VEX forms are with the AVX rows).
//!
//! Rows in the notation of the [table module](super); this file's macro appends them to the row
//! list and hands it on.

macro_rules! crypto_rows {
    ($next:ident $($more:ident)* ; $($acc:tt)*) => {
        $next! { $($more)* ; $($acc)*
            aesdec_xmm_xmmm128           "aesdec"      [Xmm Reg, XmmM128 Rm]                     legacy(p66 _ [0x0F, 0x38, 0xDE] r)           Aes;
            aesdeclast_xmm_xmmm128       "aesdeclast"  [Xmm Reg, XmmM128 Rm]                     legacy(p66 _ [0x0F, 0x38, 0xDF] r)           Aes;
            aesenc_xmm_xmmm128           "aesenc"      [Xmm Reg, XmmM128 Rm]                     legacy(p66 _ [0x0F, 0x38, 0xDC] r)           Aes;
            aesenclast_xmm_xmmm128       "aesenclast"  [Xmm Reg, XmmM128 Rm]                     legacy(p66 _ [0x0F, 0x38, 0xDD] r)           Aes;
            aesimc_xmm_xmmm128           "aesimc"      [Xmm Reg, XmmM128 Rm]                     legacy(p66 _ [0x0F, 0x38, 0xDB] r)           Aes;
            aeskeygenassist_xmm_xmmm128_imm8 "aeskeygenassist" [Xmm Reg, XmmM128 Rm, Imm8 Ib]            legacy(p66 _ [0x0F, 0x3A, 0xDF] r)           Aes;
            pclmulqdq_xmm_xmmm128_imm8   "pclmulqdq"   [Xmm Reg, XmmM128 Rm, Imm8 Ib]            legacy(p66 _ [0x0F, 0x3A, 0x44] r)           Pclmulqdq;
            sha1msg1_xmm_xmmm128         "sha1msg1"    [Xmm Reg, XmmM128 Rm]                     legacy(_ _ [0x0F, 0x38, 0xC9] r)             Sha;
            sha1msg2_xmm_xmmm128         "sha1msg2"    [Xmm Reg, XmmM128 Rm]                     legacy(_ _ [0x0F, 0x38, 0xCA] r)             Sha;
            sha1nexte_xmm_xmmm128        "sha1nexte"   [Xmm Reg, XmmM128 Rm]                     legacy(_ _ [0x0F, 0x38, 0xC8] r)             Sha;
            sha1rnds4_xmm_xmmm128_imm8   "sha1rnds4"   [Xmm Reg, XmmM128 Rm, Imm8 Ib]            legacy(_ _ [0x0F, 0x3A, 0xCC] r)             Sha;
            sha256msg1_xmm_xmmm128       "sha256msg1"  [Xmm Reg, XmmM128 Rm]                     legacy(_ _ [0x0F, 0x38, 0xCC] r)             Sha;
            sha256msg2_xmm_xmmm128       "sha256msg2"  [Xmm Reg, XmmM128 Rm]                     legacy(_ _ [0x0F, 0x38, 0xCD] r)             Sha;
            sha256rnds2_xmm_xmmm128      "sha256rnds2" [Xmm Reg, XmmM128 Rm]                     legacy(_ _ [0x0F, 0x38, 0xCB] r)             Sha;
            sha256rnds2_xmm_xmmm128_xmm0 "sha256rnds2" [Xmm Reg, XmmM128 Rm, Xmm0 Implicit]      legacy(_ _ [0x0F, 0x38, 0xCB] r)             Sha;
            vaesdec_ymm_ymm_ymmm256      "vaesdec"     [Ymm Reg, Ymm Vvvv, YmmM256 Rm]           vex(L256 p66 m0F38 WIG [0xDE] r)             Vaes;
            vaesdeclast_ymm_ymm_ymmm256  "vaesdeclast" [Ymm Reg, Ymm Vvvv, YmmM256 Rm]           vex(L256 p66 m0F38 WIG [0xDF] r)             Vaes;
            vaesenc_ymm_ymm_ymmm256      "vaesenc"     [Ymm Reg, Ymm Vvvv, YmmM256 Rm]           vex(L256 p66 m0F38 WIG [0xDC] r)             Vaes;
            vaesenclast_ymm_ymm_ymmm256  "vaesenclast" [Ymm Reg, Ymm Vvvv, YmmM256 Rm]           vex(L256 p66 m0F38 WIG [0xDD] r)             Vaes;
            vpclmulqdq_ymm_ymm_ymmm256_imm8 "vpclmulqdq"  [Ymm Reg, Ymm Vvvv, YmmM256 Rm, Imm8 Ib]  vex(L256 p66 m0F3A WIG [0x44] r)             Vpclmulqdq;
        }
    };
}

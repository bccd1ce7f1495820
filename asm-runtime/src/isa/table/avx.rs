//! AVX, AVX2 and FMA.
//!
//! Written from the Intel SDM opcode tables (`VEX.256.66.0F.WIG 58 /r` is
//! `vex(L256 p66 m0F WIG [0x58] r)`). Rows of a mnemonic that also has EVEX forms come first, so
//! the matcher prefers the shorter VEX encoding when both accept (as llvm-mc does).

macro_rules! avx_rows {
    ($next:ident $($more:ident)* ; $($acc:tt)*) => {
        $next! { $($more)* ; $($acc)*
            vaddpd_xmm_xmm_xmmm128       "vaddpd"      [Xmm Reg, Xmm Vvvv, XmmM128 Rm]           vex(L128 p66 m0F WIG [0x58] r)               Avx;
            vaddpd_ymm_ymm_ymmm256       "vaddpd"      [Ymm Reg, Ymm Vvvv, YmmM256 Rm]           vex(L256 p66 m0F WIG [0x58] r)               Avx;
            vaddps_xmm_xmm_xmmm128       "vaddps"      [Xmm Reg, Xmm Vvvv, XmmM128 Rm]           vex(L128 _ m0F WIG [0x58] r)                 Avx;
            vaddps_ymm_ymm_ymmm256       "vaddps"      [Ymm Reg, Ymm Vvvv, YmmM256 Rm]           vex(L256 _ m0F WIG [0x58] r)                 Avx;
            vblendvps_xmm_xmm_xmmm128_xmm "vblendvps"  [Xmm Reg, Xmm Vvvv, XmmM128 Rm, Xmm Is4]  vex(L128 p66 m0F3A W0 [0x4A] r)              Avx;
            vblendvps_ymm_ymm_ymmm256_ymm "vblendvps"  [Ymm Reg, Ymm Vvvv, YmmM256 Rm, Ymm Is4]  vex(L256 p66 m0F3A W0 [0x4A] r)              Avx;
            vfmadd231ps_xmm_xmm_xmmm128  "vfmadd231ps" [Xmm Reg, Xmm Vvvv, XmmM128 Rm]           vex(L128 p66 m0F38 W0 [0xB8] r)              Fma;
            vfmadd231ps_ymm_ymm_ymmm256  "vfmadd231ps" [Ymm Reg, Ymm Vvvv, YmmM256 Rm]           vex(L256 p66 m0F38 W0 [0xB8] r)              Fma;
            vmovdqu_xmm_xmmm128          "vmovdqu"     [Xmm Reg, XmmM128 Rm]                     vex(L128 pF3 m0F WIG [0x6F] r)               Avx;
            vmovdqu_xmmm128_xmm          "vmovdqu"     [XmmM128 Rm, Xmm Reg]                     vex(L128 pF3 m0F WIG [0x7F] r)               Avx;
            vmovdqu_ymm_ymmm256          "vmovdqu"     [Ymm Reg, YmmM256 Rm]                     vex(L256 pF3 m0F WIG [0x6F] r)               Avx;
            vmovdqu_ymmm256_ymm          "vmovdqu"     [YmmM256 Rm, Ymm Reg]                     vex(L256 pF3 m0F WIG [0x7F] r)               Avx;
            vpgatherdd_xmm_vm32x_xmm     "vpgatherdd"  [Xmm Reg, Vm32x Rm, Xmm Vvvv]             vex(L128 p66 m0F38 W0 [0x90] r)              Avx2;
            vpgatherdd_ymm_vm32y_ymm     "vpgatherdd"  [Ymm Reg, Vm32y Rm, Ymm Vvvv]             vex(L256 p66 m0F38 W0 [0x90] r)              Avx2;
            vpxor_xmm_xmm_xmmm128        "vpxor"       [Xmm Reg, Xmm Vvvv, XmmM128 Rm]           vex(L128 p66 m0F WIG [0xEF] r)               Avx;
            vpxor_ymm_ymm_ymmm256        "vpxor"       [Ymm Reg, Ymm Vvvv, YmmM256 Rm]           vex(L256 p66 m0F WIG [0xEF] r)               Avx2;
            vzeroupper                   "vzeroupper"  []                                        vex(L128 _ m0F WIG [0x77] _)                 Avx;
        }
    };
}

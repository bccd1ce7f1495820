//! AVX-512: the EVEX forms (with write masks, zeroing, broadcast and embedded rounding as each
//! row allows) and the VEX-encoded mask-register moves.
//!
//! Written from the Intel SDM opcode tables: `EVEX.512.0F.W0 58 /r` with tuple type "Full" and
//! `{k1}{z}`, `m32bcst` and `{er}` in the instruction column is
//! `evex(L512 _ m0F W0 [0x58] r Full k z er)` with a `ZmmM512B32` source.

macro_rules! avx512_rows {
    ($next:ident $($more:ident)* ; $($acc:tt)*) => {
        $next! { $($more)* ; $($acc)*
            kmovw_k_km16                 "kmovw"       [K Reg, KM16 Rm]                          vex(L0 _ m0F W0 [0x90] r)                    Avx512f;
            kmovw_m16_k                  "kmovw"       [M16 Rm, K Reg]                           vex(L0 _ m0F W0 [0x91] r)                    Avx512f;
            kmovw_k_r32                  "kmovw"       [K Reg, R32 Rm]                           vex(L0 _ m0F W0 [0x92] r)                    Avx512f;
            kmovw_r32_k                  "kmovw"       [R32 Reg, K Rm]                           vex(L0 _ m0F W0 [0x93] r)                    Avx512f;
            vaddpd_xmm_xmm_xmmm128b64_e  "vaddpd"      [Xmm Reg, Xmm Vvvv, XmmM128B64 Rm]        evex(L128 p66 m0F W1 [0x58] r Full k z)      Avx512vl;
            vaddpd_ymm_ymm_ymmm256b64_e  "vaddpd"      [Ymm Reg, Ymm Vvvv, YmmM256B64 Rm]        evex(L256 p66 m0F W1 [0x58] r Full k z)      Avx512vl;
            vaddpd_zmm_zmm_zmmm512b64    "vaddpd"      [Zmm Reg, Zmm Vvvv, ZmmM512B64 Rm]        evex(L512 p66 m0F W1 [0x58] r Full k z er)   Avx512f;
            vaddps_xmm_xmm_xmmm128b32_e  "vaddps"      [Xmm Reg, Xmm Vvvv, XmmM128B32 Rm]        evex(L128 _ m0F W0 [0x58] r Full k z)        Avx512vl;
            vaddps_ymm_ymm_ymmm256b32_e  "vaddps"      [Ymm Reg, Ymm Vvvv, YmmM256B32 Rm]        evex(L256 _ m0F W0 [0x58] r Full k z)        Avx512vl;
            vaddps_zmm_zmm_zmmm512b32    "vaddps"      [Zmm Reg, Zmm Vvvv, ZmmM512B32 Rm]        evex(L512 _ m0F W0 [0x58] r Full k z er)     Avx512f;
            vfmadd231ps_xmm_xmm_xmmm128b32_e "vfmadd231ps" [Xmm Reg, Xmm Vvvv, XmmM128B32 Rm]    evex(L128 p66 m0F38 W0 [0xB8] r Full k z)    Avx512vl;
            vfmadd231ps_ymm_ymm_ymmm256b32_e "vfmadd231ps" [Ymm Reg, Ymm Vvvv, YmmM256B32 Rm]    evex(L256 p66 m0F38 W0 [0xB8] r Full k z)    Avx512vl;
            vfmadd231ps_zmm_zmm_zmmm512b32 "vfmadd231ps" [Zmm Reg, Zmm Vvvv, ZmmM512B32 Rm]      evex(L512 p66 m0F38 W0 [0xB8] r Full k z er) Avx512f;
            vmovdqu32_xmm_xmmm128        "vmovdqu32"   [Xmm Reg, XmmM128 Rm]                     evex(L128 pF3 m0F W0 [0x6F] r Fvm k z)       Avx512vl;
            vmovdqu32_xmmm128_xmm        "vmovdqu32"   [XmmM128 Rm, Xmm Reg]                     evex(L128 pF3 m0F W0 [0x7F] r Fvm k z)       Avx512vl;
            vmovdqu32_ymm_ymmm256        "vmovdqu32"   [Ymm Reg, YmmM256 Rm]                     evex(L256 pF3 m0F W0 [0x6F] r Fvm k z)       Avx512vl;
            vmovdqu32_ymmm256_ymm        "vmovdqu32"   [YmmM256 Rm, Ymm Reg]                     evex(L256 pF3 m0F W0 [0x7F] r Fvm k z)       Avx512vl;
            vmovdqu32_zmm_zmmm512        "vmovdqu32"   [Zmm Reg, ZmmM512 Rm]                     evex(L512 pF3 m0F W0 [0x6F] r Fvm k z)       Avx512f;
            vmovdqu32_zmmm512_zmm        "vmovdqu32"   [ZmmM512 Rm, Zmm Reg]                     evex(L512 pF3 m0F W0 [0x7F] r Fvm k z)       Avx512f;
            vpgatherdd_xmm_vm32x_e       "vpgatherdd"  [Xmm Reg, Vm32x Rm]                       evex(L128 p66 m0F38 W0 [0x90] r T1s4 kreq)   Avx512vl;
            vpgatherdd_ymm_vm32y_e       "vpgatherdd"  [Ymm Reg, Vm32y Rm]                       evex(L256 p66 m0F38 W0 [0x90] r T1s4 kreq)   Avx512vl;
            vpgatherdd_zmm_vm32z         "vpgatherdd"  [Zmm Reg, Vm32z Rm]                       evex(L512 p66 m0F38 W0 [0x90] r T1s4 kreq)   Avx512f;
            vpxord_xmm_xmm_xmmm128b32    "vpxord"      [Xmm Reg, Xmm Vvvv, XmmM128B32 Rm]        evex(L128 p66 m0F W0 [0xEF] r Full k z)      Avx512vl;
            vpxord_ymm_ymm_ymmm256b32    "vpxord"      [Ymm Reg, Ymm Vvvv, YmmM256B32 Rm]        evex(L256 p66 m0F W0 [0xEF] r Full k z)      Avx512vl;
            vpxord_zmm_zmm_zmmm512b32    "vpxord"      [Zmm Reg, Zmm Vvvv, ZmmM512B32 Rm]        evex(L512 p66 m0F W0 [0xEF] r Full k z)      Avx512f;
        }
    };
}

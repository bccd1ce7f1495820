//! Invalid decorated and vector instructions: each error the matcher must report, with the
//! operand or decoration it blames, and a lowercase message that says what would be valid.
//! Plus the choices the matcher must make between VEX and EVEX rows.

use asm_runtime::ast::{Decorations, Rounding};
use asm_runtime::enc::encode_with;
use asm_runtime::isa::matcher::find;
use asm_runtime::operand::{Gpr32, Gpr64, Mem, Operand, Reg, RegClass, Size};
use asm_runtime::{Decoration, MatchError};

fn x(n: u8) -> Operand {
    Operand::Reg(Reg::new(RegClass::Xmm, n))
}
fn y(n: u8) -> Operand {
    Operand::Reg(Reg::new(RegClass::Ymm, n))
}
fn z(n: u8) -> Operand {
    Operand::Reg(Reg::new(RegClass::Zmm, n))
}
fn k(n: u8) -> Reg {
    Reg::new(RegClass::K, n)
}
fn st(n: u8) -> Operand {
    Operand::Reg(Reg::new(RegClass::St, n))
}
fn m(size: Option<Size>) -> Operand {
    Operand::Mem(Mem { size, ..Mem::base(Gpr64::RAX) })
}
fn masked(n: u8) -> Decorations {
    Decorations { mask: Some(k(n)), ..Decorations::default() }
}

fn bytes(mn: &str, ops: &[Operand], deco: &Decorations) -> Vec<u8> {
    let f = find(mn, None, ops, deco).unwrap_or_else(|e| panic!("{mn}: {e}"));
    encode_with(f, None, ops, deco).unwrap()
}

fn err(mn: &str, ops: &[Operand], deco: &Decorations) -> MatchError {
    let e = find(mn, None, ops, deco).expect_err(mn);
    let msg = e.to_string();
    assert!(msg.chars().next().is_some_and(|c| !c.is_uppercase()), "message not lowercase: {msg}");
    assert!(!msg.ends_with('.'), "message ends with a period: {msg}");
    e
}

fn deco_err(mn: &str, ops: &[Operand], deco: &Decorations, which: Decoration, says: &str) {
    let e = err(mn, ops, deco);
    assert_eq!(e.decoration(), Some(which), "{mn}: {e}");
    assert!(e.to_string().contains(says), "{mn}: `{e}` does not say `{says}`");
}

#[test]
fn zeroing_without_a_mask() {
    let d = Decorations { zeroing: true, ..Decorations::default() };
    deco_err("vaddps", &[z(0), z(1), z(2)], &d, Decoration::Zeroing, "needs a write mask");
}

#[test]
fn mask_on_a_vex_only_form() {
    deco_err("vpxor", &[x(0), x(1), x(2)], &masked(1), Decoration::Mask, "only EVEX forms");
    deco_err("vzeroupper", &[], &masked(1), Decoration::Mask, "only EVEX forms");
}

#[test]
fn k0_is_not_a_write_mask() {
    deco_err("vaddps", &[z(0), z(1), z(2)], &masked(0), Decoration::Mask, "`k0` cannot be a write mask");
}

#[test]
fn broadcast_of_a_register() {
    let d = Decorations { broadcast: Some(16), ..Decorations::default() };
    deco_err("vaddps", &[z(0), z(1), z(2)], &d, Decoration::Broadcast, "needs a memory operand");
}

#[test]
fn broadcast_with_the_wrong_count() {
    let d = Decorations { broadcast: Some(8), ..Decorations::default() };
    deco_err("vaddps", &[z(1), z(2), m(Some(Size::Dword))], &d, Decoration::Broadcast, "`{1to16}`");
    let d = Decorations { broadcast: Some(16), ..Decorations::default() };
    deco_err("vaddpd", &[z(1), z(2), m(Some(Size::Qword))], &d, Decoration::Broadcast, "`{1to8}`");
    let d = Decorations { broadcast: Some(4), ..Decorations::default() };
    deco_err("vaddps", &[y(1), y(2), m(None)], &d, Decoration::Broadcast, "`{1to8}`");
    // The right counts: 4 / 8 / 16 floats, 2 / 4 / 8 doubles.
    for (ops, n) in [([x(1), x(2)], 4), ([y(1), y(2)], 8), ([z(1), z(2)], 16)] {
        let d = Decorations { broadcast: Some(n), ..Decorations::default() };
        assert!(find("vaddps", None, &[ops[0], ops[1], m(Some(Size::Dword))], &d).is_ok(), "1to{n}");
        let d = Decorations { broadcast: Some(n / 2), ..Decorations::default() };
        assert!(find("vaddpd", None, &[ops[0], ops[1], m(Some(Size::Qword))], &d).is_ok(), "1to{}", n / 2);
    }
}

#[test]
fn rounding_on_memory_or_without_embedded_rounding() {
    let d = Decorations { rounding: Some(Rounding::Rn), ..Decorations::default() };
    deco_err(
        "vaddps",
        &[z(0), z(1), m(None)],
        &d,
        Decoration::Rounding,
        "cannot be used with a memory operand",
    );
    deco_err("vaddps", &[y(0), y(1), y(2)], &d, Decoration::Rounding, "takes no `{rn-sae}`");
    deco_err("vpxord", &[z(0), z(1), z(2)], &d, Decoration::Rounding, "takes no `{rn-sae}`");
    let d = Decorations { rounding: Some(Rounding::Sae), ..Decorations::default() };
    deco_err("vaddps", &[z(0), z(1), z(2)], &d, Decoration::Rounding, "takes no `{sae}`");
}

#[test]
fn zeroing_into_memory_and_missing_gather_mask() {
    let d = Decorations { mask: Some(k(1)), zeroing: true, ..Decorations::default() };
    deco_err("vmovdqu32", &[m(Some(Size::Zmmword)), z(1)], &d, Decoration::Zeroing, "memory destination");
    // Merging into memory is fine; zeroing into a register too.
    assert!(find("vmovdqu32", None, &[m(Some(Size::Zmmword)), z(1)], &masked(1)).is_ok());
    assert!(find("vmovdqu32", None, &[z(1), m(Some(Size::Zmmword))], &d).is_ok());
    let vsib = Operand::Mem(Mem::sib(Gpr64::RAX, Reg::new(RegClass::Zmm, 1), 4, 0).sized(Size::Zmmword));
    deco_err("vpgatherdd", &[z(0), vsib], &Decorations::default(), Decoration::Mask, "needs a write mask");
    // A gather's destination and index must differ.
    let same = Operand::Mem(Mem::sib(Gpr64::RAX, Reg::new(RegClass::Zmm, 0), 4, 0));
    assert_eq!(err("vpgatherdd", &[z(0), same], &masked(1)).operand(), Some(1));
}

#[test]
fn upper_registers_and_zmm_need_evex() {
    for ops in [[x(16), x(1), x(2)], [x(0), x(1), x(31)], [z(0), z(1), z(2)]] {
        let e = err("vpxor", &ops, &Decorations::default());
        assert!(matches!(e, MatchError::EvexOnly { .. }), "{e}");
        let at =
            ops.iter().position(|o| matches!(o, Operand::Reg(r) if r.num >= 16 || r.class == RegClass::Zmm));
        assert_eq!(e.operand(), at, "{e}");
    }
    // `vaddps` has EVEX forms, which take them.
    assert_eq!(
        bytes("vaddps", &[x(16), x(1), x(2)], &Decorations::default()),
        [0x62, 0xe1, 0x74, 0x08, 0x58, 0xc2]
    );
    assert_eq!(bytes("vpxord", &[z(1), z(2), z(3)], &Decorations::default())[0], 0x62);
}

#[test]
fn mixed_vector_lengths() {
    let e = err("vaddps", &[y(0), x(1), y(2)], &Decorations::default());
    assert_eq!(e.operand(), Some(1), "{e}");
    assert!(e.to_string().contains("vector lengths differ (ymm0 is 256-bit, xmm1 is 128-bit)"), "{e}");
    assert_eq!(e.other(), Some(0), "{e}");
    let e = err("vaddps", &[z(0), z(1), y(2)], &Decorations::default());
    assert_eq!(e.operand(), Some(2), "{e}");
}

#[test]
fn vex_is_preferred_and_evex_taken_when_needed() {
    let none = Decorations::default();
    assert_eq!(bytes("vaddps", &[x(1), x(2), x(3)], &none), [0xc5, 0xe8, 0x58, 0xcb]);
    // A mask, a zmm register or a broadcast needs EVEX.
    let d = Decorations { mask: Some(k(1)), zeroing: true, ..none };
    let mem64 = Operand::Mem(Mem::base_disp(Gpr64::RAX, 64).sized(Size::Zmmword));
    assert_eq!(bytes("vaddps", &[z(1), z(2), mem64], &d), [0x62, 0xf1, 0x6c, 0xc9, 0x58, 0x48, 0x01]);
    let d = Decorations { broadcast: Some(16), ..none };
    assert_eq!(
        bytes("vaddps", &[z(1), z(2), m(Some(Size::Dword))], &d),
        [0x62, 0xf1, 0x6c, 0x58, 0x58, 0x08]
    );
    let d = Decorations { rounding: Some(Rounding::Rn), ..none };
    assert_eq!(bytes("vaddps", &[z(1), z(2), z(3)], &d), [0x62, 0xf1, 0x6c, 0x18, 0x58, 0xcb]);
    // vmovdqu with an extended source register takes the store opcode to keep the 2-byte VEX.
    assert_eq!(bytes("vmovdqu", &[x(0), x(8)], &none), [0xc5, 0x7a, 0x7f, 0xc0]);
}

#[test]
fn x87_operand_order_is_intel() {
    let none = Decorations::default();
    assert_eq!(bytes("fsubrp", &[st(1), st(0)], &none), [0xde, 0xe1]);
    assert_eq!(bytes("fsubrp", &[], &none), [0xde, 0xe1]);
    assert_eq!(bytes("faddp", &[], &none), [0xde, 0xc1]);
    assert_eq!(bytes("fadd", &[st(0), st(3)], &none), [0xd8, 0xc3]);
    assert_eq!(bytes("fadd", &[st(3), st(0)], &none), [0xdc, 0xc3]);
    assert_eq!(bytes("fld", &[m(Some(Size::Tbyte))], &none), [0xdb, 0x28]);
    // Without a size the m32/m64 rows are ambiguous.
    assert!(matches!(err("fadd", &[m(None)], &none), MatchError::AmbiguousSize { .. }));
}

#[test]
fn gp_vex_and_system_forms() {
    let none = Decorations::default();
    let r32 = |r: Gpr32| Operand::from(r);
    assert_eq!(
        bytes("shlx", &[r32(Gpr32::EAX), r32(Gpr32::EBX), r32(Gpr32::ECX)], &none),
        [0xc4, 0xe2, 0x71, 0xf7, 0xc3]
    );
    let kreg = Operand::Reg(k(1));
    assert_eq!(bytes("kmovw", &[kreg, r32(Gpr32::EDI)], &none), [0xc5, 0xf8, 0x92, 0xcf]);
    let cs = Operand::Reg(Reg::new(RegClass::Seg, 1));
    assert!(find("mov", None, &[cs, Operand::from(asm_runtime::Gpr16::AX)], &none).is_err());
    assert!(find("mov", None, &[Operand::from(asm_runtime::Gpr16::AX), cs], &none).is_ok());
    // No lock on a VEX row.
    let p = Some(asm_runtime::Prefix::Lock);
    let mem = m(Some(Size::Dword));
    assert!(find("andn", p, &[r32(Gpr32::EAX), r32(Gpr32::EBX), mem], &none).is_err());
}

/// The conflicts between operands: the error is on the second one and names the first.
#[test]
fn conflicts_blame_the_second_operand() {
    use asm_runtime::error::Blame;
    use asm_runtime::operand::{Gpr8, Prefix};
    let none = Decorations::default();
    let e = err("mov", &[Gpr64::RAX.into(), Gpr32::EBX.into()], &none);
    assert_eq!((e.blame(), e.other()), (Blame::Operand(1), Some(0)));
    assert_eq!(
        e.to_string().split(';').next(),
        Some("`mov` has no form `r64, r32`: operand sizes differ (rax is 64-bit, ebx is 32-bit)")
    );
    // Two memory operands: the second.
    let e = err("mov", &[m(Some(Size::Qword)), m(Some(Size::Qword))], &none);
    assert_eq!((e.blame(), e.other()), (Blame::Operand(1), Some(0)), "{e}");
    // A high-byte register and one that needs REX: the later one, naming the other.
    let ah = Operand::Reg(Reg::new(RegClass::Gpr8High, 4));
    let sil = Operand::from(Gpr8::SIL);
    let e = err("mov", &[ah, sil], &none);
    assert_eq!((e.blame(), e.other()), (Blame::Operand(1), Some(0)), "{e}");
    let e = err("mov", &[sil, ah], &none);
    assert_eq!((e.blame(), e.other()), (Blame::Operand(1), Some(0)), "{e}");
    // Mixed address sizes: the operand, narrowed to its two registers.
    let mixed = Operand::Mem(Mem::sib(Gpr32::EAX, Gpr64::RBX, 1, 0));
    let e = err("mov", &[Gpr64::RAX.into(), mixed], &none);
    assert_eq!(e.blame(), Blame::Operand(1));
    assert_eq!(e.within().len(), 2, "{e}");
    // A prefix that is not allowed: the prefix.
    let e = find("mov", Some(Prefix::Lock), &[m(Some(Size::Qword)), Gpr64::RBX.into()], &none).unwrap_err();
    assert_eq!(e.blame(), Blame::Prefix, "{e}");
    let e = find("add", Some(Prefix::Rep), &[Gpr64::RAX.into(), Gpr64::RBX.into()], &none).unwrap_err();
    assert_eq!(e.blame(), Blame::Prefix, "{e}");
    assert!(e.to_string().contains("string instructions"), "{e}");
}

#[test]
fn messages_say_what_is_wrong_and_what_is_valid() {
    let none = Decorations::default();
    let e = err("movv", &[], &none);
    assert!(e.to_string().starts_with("unknown mnemonic `movv`; did you mean `mov`, "), "{e}");
    let e = err("inc", &[m(None)], &none);
    assert!(
        e.to_string().starts_with("`inc [rax]`: operand size unknown; write `inc qword ptr [rax]`"),
        "{e}"
    );
    let e = err("add", &[Operand::Reg(Reg::new(RegClass::Gpr8, 0)), Operand::Imm(300)], &none);
    assert_eq!(e.to_string(), "imm8 out of range: 300 does not fit in 8 bits");
    // Form lists are short and have no repeats.
    let seg = Operand::Reg(Reg::new(RegClass::Seg, 1));
    let e = err("mov", &[seg, Operand::Reg(Reg::new(RegClass::Gpr16, 0))], &none);
    let MatchError::InvalidOperand { forms, .. } = &e else { panic!("{e:?}") };
    assert!(forms.len() <= 5, "{forms:?}");
    let mut distinct = forms.clone();
    distinct.dedup();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), forms.len(), "{forms:?}");
}

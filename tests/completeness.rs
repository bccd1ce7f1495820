//! How much of the practical instruction set the table covers, judged by an independent list of
//! forms: iced-x86's `OpCodeInfo` for every `Code` of the families in scope (general purpose,
//! system, x87, MMX, SSE through SSE4.2, AVX, AVX2, FMA, F16C, BMI1/2, ADX, AES, PCLMULQDQ, SHA
//! and their relatives, and AVX-512 F, VL, BW, DQ, CD, VBMI, VNNI and VPOPCNTDQ), legacy, VEX
//! and EVEX encodings, 64-bit mode.
//!
//! For every such form the test builds an instruction with representative operands (registers
//! and, where the form takes one, a memory operand; EVEX forms get registers 16-31, or a write
//! mask where they need one, so that no VEX form can stand in for them), prints it with
//! iced-x86's Intel formatter,
//! assembles that text with our text assembler, decodes our bytes with iced-x86 and prints them
//! again: the form is covered when both texts are the same instruction. The forms that are not
//! are the gap, listed by family in `tests/corpus/gaps.txt` (regenerate with
//! `GAPS=overwrite cargo test --test completeness`): the test fails when a form is missing that
//! the list does not name, or when a listed form has become covered, so the list stays exact.
//! Branches (tested by the branch corpus), far pointers, MPX, AMX and the AVX-512 extensions not
//! named above (FP16, BF16, IFMA, VBMI2, BITALG, GFNI and the EVEX VAES/VPCLMULQDQ) are out of its
//! scope.

use std::collections::BTreeMap;

use asm_runtime::text::assemble_str;
use iced_x86::{
    Code, CpuidFeature, Decoder, DecoderOptions, EncodingKind, Formatter, Instruction, IntelFormatter,
    MemorySizeOptions, OpCodeOperandKind as K, OpKind, Register,
};

/// The CPUID families the practical instruction set is made of.
const SCOPE: &[CpuidFeature] = &[
    CpuidFeature::INTEL8086,
    CpuidFeature::INTEL186,
    CpuidFeature::INTEL286,
    CpuidFeature::INTEL386,
    CpuidFeature::INTEL486,
    CpuidFeature::X64,
    CpuidFeature::CMOV,
    CpuidFeature::CX8,
    CpuidFeature::CMPXCHG16B,
    CpuidFeature::CPUID,
    CpuidFeature::FPU,
    CpuidFeature::FPU287,
    CpuidFeature::FPU387,
    CpuidFeature::MMX,
    CpuidFeature::SSE,
    CpuidFeature::SSE2,
    CpuidFeature::SSE3,
    CpuidFeature::SSSE3,
    CpuidFeature::SSE4_1,
    CpuidFeature::SSE4_2,
    CpuidFeature::AVX,
    CpuidFeature::AVX2,
    CpuidFeature::FMA,
    CpuidFeature::F16C,
    CpuidFeature::BMI1,
    CpuidFeature::BMI2,
    CpuidFeature::LZCNT,
    CpuidFeature::POPCNT,
    CpuidFeature::ADX,
    CpuidFeature::MOVBE,
    CpuidFeature::AES,
    CpuidFeature::PCLMULQDQ,
    CpuidFeature::SHA,
    CpuidFeature::RDRAND,
    CpuidFeature::RDSEED,
    CpuidFeature::RDPID,
    CpuidFeature::RDTSCP,
    CpuidFeature::TSC,
    CpuidFeature::MSR,
    CpuidFeature::FSGSBASE,
    CpuidFeature::CLFSH,
    CpuidFeature::CLFLUSHOPT,
    CpuidFeature::CLWB,
    CpuidFeature::SERIALIZE,
    CpuidFeature::XSAVE,
    CpuidFeature::XSAVEOPT,
    CpuidFeature::XSAVEC,
    CpuidFeature::FXSR,
    CpuidFeature::CET_IBT,
    CpuidFeature::SYSCALL,
    CpuidFeature::MONITOR,
    CpuidFeature::PAUSE,
    CpuidFeature::MULTIBYTENOP,
    CpuidFeature::PREFETCHW,
    CpuidFeature::AVX512F,
    CpuidFeature::AVX512VL,
    CpuidFeature::AVX512BW,
    CpuidFeature::AVX512DQ,
    CpuidFeature::AVX512CD,
    CpuidFeature::AVX512_VBMI,
    CpuidFeature::AVX512_VNNI,
    CpuidFeature::AVX512_VPOPCNTDQ,
];

/// An operand of a representative instance, or `None` when the form is out of this test's scope.
fn operand(ins: &mut Instruction, i: u32, k: K, mem: bool) -> Option<()> {
    let reg = |ins: &mut Instruction, r: Register| {
        ins.set_op_kind(i, OpKind::Register);
        ins.set_op_register(i, r);
    };
    // Distinct registers per position, so swapped operands show; EVEX forms take vector
    // registers 16-31, which only EVEX can encode.
    let n = [1usize, 2, 3, 5, 6][i as usize];
    let evex = ins.code().op_code().encoding() == EncodingKind::EVEX;
    let pick = |base: Register| Register::try_from(base as usize + n).ok();
    let vpick = |base: Register| Register::try_from(base as usize + n + if evex { 16 } else { 0 }).ok();
    let memory = |ins: &mut Instruction, index: Register, scale: u32| {
        ins.set_op_kind(i, OpKind::Memory);
        ins.set_memory_base(Register::RAX);
        ins.set_memory_index(index);
        ins.set_memory_index_scale(scale);
        ins.set_memory_displacement64(0x10);
        ins.set_memory_displ_size(1);
    };
    match k {
        K::r8_reg | K::r8_opcode => reg(ins, pick(Register::AL)?),
        K::r16_reg | K::r16_rm | K::r16_opcode | K::r16_reg_mem => reg(ins, pick(Register::AX)?),
        K::r32_reg | K::r32_rm | K::r32_opcode | K::r32_vvvv | K::r32_reg_mem => {
            reg(ins, pick(Register::EAX)?)
        }
        K::r64_reg | K::r64_rm | K::r64_opcode | K::r64_vvvv | K::r64_reg_mem => {
            reg(ins, pick(Register::RAX)?)
        }
        K::mm_reg | K::mm_rm => reg(ins, pick(Register::MM0)?),
        K::xmm_reg | K::xmm_rm | K::xmm_vvvv | K::xmm_is4 => reg(ins, vpick(Register::XMM0)?),
        K::ymm_reg | K::ymm_rm | K::ymm_vvvv | K::ymm_is4 => reg(ins, vpick(Register::YMM0)?),
        K::zmm_reg | K::zmm_rm | K::zmm_vvvv => reg(ins, vpick(Register::ZMM0)?),
        K::k_reg | K::k_rm | K::k_vvvv => reg(ins, pick(Register::K0)?),
        K::seg_reg => reg(ins, Register::DS),
        K::cr_reg => reg(ins, Register::CR3),
        K::dr_reg => reg(ins, Register::DR1),
        K::es => reg(ins, Register::ES),
        K::cs => reg(ins, Register::CS),
        K::ss => reg(ins, Register::SS),
        K::ds => reg(ins, Register::DS),
        K::fs => reg(ins, Register::FS),
        K::gs => reg(ins, Register::GS),
        K::al => reg(ins, Register::AL),
        K::cl => reg(ins, Register::CL),
        K::ax => reg(ins, Register::AX),
        K::dx => reg(ins, Register::DX),
        K::eax => reg(ins, Register::EAX),
        K::rax => reg(ins, Register::RAX),
        K::st0 => reg(ins, Register::ST0),
        K::sti_opcode => reg(ins, Register::ST3),
        K::r8_or_mem if !mem => reg(ins, pick(Register::AL)?),
        K::r16_or_mem if !mem => reg(ins, pick(Register::AX)?),
        K::r32_or_mem if !mem => reg(ins, pick(Register::EAX)?),
        K::r64_or_mem if !mem => reg(ins, pick(Register::RAX)?),
        K::mm_or_mem if !mem => reg(ins, pick(Register::MM0)?),
        K::xmm_or_mem if !mem => reg(ins, vpick(Register::XMM0)?),
        K::ymm_or_mem if !mem => reg(ins, vpick(Register::YMM0)?),
        K::zmm_or_mem if !mem => reg(ins, vpick(Register::ZMM0)?),
        K::k_or_mem if !mem => reg(ins, pick(Register::K0)?),
        K::mem
        | K::r8_or_mem
        | K::r16_or_mem
        | K::r32_or_mem
        | K::r64_or_mem
        | K::mm_or_mem
        | K::xmm_or_mem
        | K::ymm_or_mem
        | K::zmm_or_mem
        | K::k_or_mem => memory(ins, Register::RCX, 4),
        K::mem_vsib32x | K::mem_vsib64x => memory(ins, Register::XMM7, 4),
        K::mem_vsib32y | K::mem_vsib64y => memory(ins, Register::YMM7, 4),
        K::mem_vsib32z | K::mem_vsib64z => memory(ins, Register::ZMM7, 4),
        K::mem_offs => {
            ins.set_op_kind(i, OpKind::Memory);
            ins.set_memory_displacement64(0x1122_3344_5566_7788);
            ins.set_memory_displ_size(8);
        }
        K::imm8 if i > 0 && ins.op_kind(i - 1) == OpKind::Immediate16 => {
            ins.set_op_kind(i, OpKind::Immediate8_2nd);
            ins.set_immediate8_2nd(0x12);
        }
        K::imm8
        | K::imm8_const_1
        | K::imm8sex16
        | K::imm8sex32
        | K::imm8sex64
        | K::imm16
        | K::imm32
        | K::imm32sex64
        | K::imm64 => {
            let (kind, value) = match k {
                K::imm8 => (OpKind::Immediate8, 0x12),
                K::imm8_const_1 => (OpKind::Immediate8, 1),
                K::imm8sex16 => (OpKind::Immediate8to16, 0x12),
                K::imm8sex32 => (OpKind::Immediate8to32, 0x12),
                K::imm8sex64 => (OpKind::Immediate8to64, 0x12),
                K::imm16 => (OpKind::Immediate16, 0x1234),
                K::imm32 => (OpKind::Immediate32, 0x1234_5678),
                K::imm32sex64 => (OpKind::Immediate32to64, 0x1234_5678),
                _ => (OpKind::Immediate64, 0x1122_3344_5566_7788),
            };
            ins.set_op_kind(i, kind);
            ins.set_immediate_u64(i, value);
        }
        K::seg_rSI => ins.set_op_kind(i, OpKind::MemorySegRSI),
        K::es_rDI => ins.set_op_kind(i, OpKind::MemoryESRDI),
        K::seg_rDI => ins.set_op_kind(i, OpKind::MemorySegRDI),
        K::seg_rBX_al => {
            ins.set_op_kind(i, OpKind::Memory);
            ins.set_memory_base(Register::RBX);
        }
        _ => return None,
    }
    Some(())
}

/// Representative instances of `code`: with registers, and with memory where it takes memory.
fn instances(code: Code) -> Vec<Instruction> {
    let op = code.op_code();
    let kinds = op.op_kinds();
    let has_mem = kinds.iter().any(|k| {
        matches!(
            k,
            K::mem
                | K::r8_or_mem
                | K::r16_or_mem
                | K::r32_or_mem
                | K::r64_or_mem
                | K::mm_or_mem
                | K::xmm_or_mem
                | K::ymm_or_mem
                | K::zmm_or_mem
                | K::k_or_mem
                | K::mem_vsib32x
                | K::mem_vsib64x
                | K::mem_vsib32y
                | K::mem_vsib64y
                | K::mem_vsib32z
                | K::mem_vsib64z
                | K::mem_offs
        )
    });
    let mut out = Vec::new();
    for mem in [false, true] {
        if mem && !has_mem {
            break;
        }
        let mut ins = Instruction::default();
        ins.set_code(code);
        ins.set_code_size(iced_x86::CodeSize::Code64);
        if kinds.iter().enumerate().all(|(i, k)| operand(&mut ins, i as u32, *k, mem).is_some()) {
            out.push(ins);
        }
    }
    out
}

fn in_scope(code: Code) -> bool {
    let op = code.op_code();
    op.is_instruction()
        && op.mode64()
        && matches!(op.encoding(), EncodingKind::Legacy | EncodingKind::VEX | EncodingKind::EVEX)
        && code.cpuid_features().iter().all(|f| SCOPE.contains(f))
}

fn formatter() -> IntelFormatter {
    let mut f = IntelFormatter::new();
    let o = f.options_mut();
    o.set_hex_prefix("0x");
    o.set_hex_suffix("");
    o.set_space_after_operand_separator(true);
    o.set_memory_size_options(MemorySizeOptions::Always);
    f
}

/// The spellings of iced's text that llvm-mc and GNU as use where iced's own differs: iced
/// writes the implicit `st` of x87 forms (`fadd st, dword ptr [..]`, `fst dword ptr [..], st`,
/// `fcom st, st(3)`), which both assemblers refuse, and the element size on a VSIB operand
/// (`dword ptr [rax+xmm7*4]`), where llvm-mc wants the gathered size and an unsized operand
/// suits both.
fn assembler_spellings(text: &str) -> Vec<String> {
    let mut out = vec![text.to_string()];
    if let Some((m, rest)) = text.split_once(' ') {
        if m.starts_with('f') {
            if let Some(r) = rest.strip_prefix("st, ") {
                out.push(format!("{m} {r}"));
            }
            if let Some(r) = rest.strip_suffix(", st") {
                out.push(format!("{m} {r}"));
            }
        }
        if rest.contains("mm7*") {
            let bare = ["dword ptr ", "qword ptr "].iter().fold(rest.to_string(), |r, kw| r.replace(kw, ""));
            out.push(format!("{m} {bare}"));
        }
    }
    out
}

/// Text with the write mask `{k1}` on the first operand (iced's formatter prints a gather's or
/// scatter's mask as an operand of its own when the instruction is built rather than decoded,
/// so the forms that need one are formatted without it and get it here).
fn with_mask(text: &str) -> String {
    match text.split_once(", ") {
        Some((first, rest)) => format!("{first} {{k1}}, {rest}"),
        None => text.to_string(),
    }
}

/// `None` when our text assembler gives the same instruction for iced's text of `ins`.
fn check(fmt: &mut IntelFormatter, ins: &Instruction) -> Option<String> {
    let masked = ins.code().op_code().require_op_mask_register();
    let mut text = String::new();
    fmt.format(ins, &mut text);
    if masked {
        text = with_mask(&text);
    }
    let spellings = assembler_spellings(&text);
    let bytes = match spellings.iter().find_map(|t| assemble_str(t).ok()) {
        Some(b) => b,
        None => {
            return Some(format!(
                "`{text}`: {}",
                assemble_str(&text).err().map(|e| e.to_string()).unwrap_or_default()
            ))
        }
    };
    let mut dec = Decoder::with_ip(64, &bytes, 0, DecoderOptions::NONE);
    let mut got = dec.decode();
    let mut back = String::new();
    let mut want = text.clone();
    // iced decodes a waiting x87 form (`finit` = 9B DB E3) as `fwait` and the no-wait form.
    if ins.code().op_code().fwait() && got.code() == Code::Wait && dec.can_decode() {
        let first = got.len();
        got = dec.decode();
        got.set_len(got.len() + first);
        want = text.replacen('f', "fn", 1);
    }
    if masked {
        if got.op_mask() != Register::K1 {
            return Some(format!("`{text}`: we encode {bytes:02x?}, whose mask is {:?}", got.op_mask()));
        }
        got.set_op_mask(Register::None);
    }
    fmt.format(&got, &mut back);
    if masked {
        back = with_mask(&back);
    }
    if got.is_invalid() || got.len() != bytes.len() || back != want {
        return Some(format!("`{text}`: we encode {bytes:02x?}, which is `{back}`"));
    }
    None
}

#[test]
fn table_covers_the_practical_instruction_set() {
    let mut fmt = formatter();
    // family -> (forms in scope, missing forms as "Code: reason")
    let mut families: BTreeMap<String, (usize, Vec<String>)> = BTreeMap::new();
    for code in Code::values().filter(|c| in_scope(*c)) {
        let all = instances(code);
        if all.is_empty() {
            continue; // an operand kind out of scope (a branch, a far pointer)
        }
        let family =
            format!("{:?}", code.cpuid_features().last().copied().unwrap_or(CpuidFeature::INTEL8086));
        let entry = families.entry(family).or_default();
        entry.0 += 1;
        if let Some(why) = all.iter().find_map(|ins| check(&mut fmt, ins)) {
            entry.1.push(format!("{code:?}\t{}\t{why}", code.op_code().instruction_string()));
        }
    }
    let mut report = String::new();
    let (mut total, mut missing) = (0, 0);
    for (family, (n, gaps)) in &families {
        total += n;
        missing += gaps.len();
        report.push_str(&format!("# {family}: {} of {n} forms covered\n", n - gaps.len()));
        for g in gaps {
            report.push_str(&format!("{family}\t{g}\n"));
        }
    }
    println!("completeness: {} of {total} forms covered ({missing} missing)", total - missing);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/gaps.txt");
    if std::env::var("GAPS").as_deref() == Ok("overwrite") {
        std::fs::write(path, &report).expect("write gaps.txt");
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    let key = |l: &str| l.split('\t').take(2).collect::<Vec<_>>().join("\t");
    let want: Vec<String> = committed.lines().filter(|l| !l.starts_with('#')).map(key).collect();
    let got: Vec<String> = report.lines().filter(|l| !l.starts_with('#')).map(key).collect();
    let new_gaps: Vec<&String> = got.iter().filter(|g| !want.contains(g)).collect();
    let closed: Vec<&String> = want.iter().filter(|w| !got.contains(w)).collect();
    assert!(
        new_gaps.is_empty() && closed.is_empty(),
        "tests/corpus/gaps.txt is out of date (GAPS=overwrite to rewrite it)\nnewly missing:\n{}\nnow covered:\n{}",
        new_gaps.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
        closed.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
    );
    assert!(total > 1500, "only {total} forms in scope");
}

//! The table as text, one line per kind and per row, for tools (the corpus generator reads it;
//! `cargo run -p asm-runtime --example dump_table` prints it).
//!
//! Tab-separated lines:
//!
//! ```text
//! kind  <name> <manual> <reg class|-> <fixed|-> <excluded|-> <mem> <bcst|-> <imm|-> <rel>
//! row   <id> <mnemonic> <Kind@slot,...|-> <scheme> <fields> <opcode hex> <modrm> <flags|-> <feature>
//! ```
//!
//! `mem` is `-`, `any`, a size keyword, or `vsib:<size>:<index class>`; `imm` is
//! `bits:lo:hi:sext:<hole type|->`. Legacy fields are the prefix (`_`, `66`, `F2`, `F3`, `67`)
//! and `W` or `_`; VEX fields `L.pp.map.W`; EVEX fields `L.pp.map.W.tuple` plus `.k`, `.kreq`,
//! `.z`, `.er`, `.sae`; x87 `-`.

use super::{evex_flag, flag, Form, Kind, KindInfo, MemKind, ModRm, Pp, Scheme, VecLen, VexW, FORMS};

/// The `kind` line of one descriptor.
pub fn kind_line(k: &KindInfo) -> String {
    let opt = |o: Option<String>| o.unwrap_or_else(|| "-".into());
    let mem = match k.mem {
        None => "-".to_string(),
        Some(MemKind::Any) => "any".into(),
        Some(MemKind::Sized(s)) => s.keyword().into(),
        Some(MemKind::Vsib { size, index }) => format!("vsib:{}:{}", size.keyword(), index.ident()),
        Some(MemKind::Abs(size)) => format!("moffs:{}", size.keyword()),
        Some(MemKind::At { size, base }) => format!("at{base}:{}", size.keyword()),
    };
    let imm = k.imm.map(|i| format!("{}:{}:{}:{}:{}", i.bits, i.lo, i.hi, i.sext, i.hole.unwrap_or("-")));
    [
        "kind".to_string(),
        k.name.into(),
        k.manual.into(),
        opt(k.reg.map(|c| c.ident().to_string())),
        opt(k.fixed.map(|n| n.to_string())),
        opt(k.exclude.map(|n| n.to_string())),
        mem,
        opt(k.bcst.map(|s| s.keyword().to_string())),
        opt(imm),
        k.rel.to_string(),
    ]
    .join("\t")
}

fn pp(p: Pp) -> &'static str {
    match p {
        Pp::None => "NP",
        Pp::P66 => "66",
        Pp::PF3 => "F3",
        Pp::PF2 => "F2",
    }
}

fn vec_fields(len: VecLen, p: Pp, map: super::Map, w: VexW) -> String {
    format!("{len:?}.{}.{}.{w:?}", pp(p), &format!("{map:?}")[1..])
}

/// The scheme's fields in dump notation.
pub fn scheme_fields(s: &Scheme) -> String {
    match s {
        Scheme::Legacy(l) => {
            let p = if l.prefix == 0 { "_".to_string() } else { format!("{:02X}", l.prefix) };
            format!("{p} {}", if l.rex_w { "W" } else { "_" })
        }
        Scheme::Vex(v) => vec_fields(v.len, v.pp, v.map, v.w),
        Scheme::Evex(e) => {
            let mut s = format!("{}.{:?}", vec_fields(e.len, e.pp, e.map, e.w), e.tuple);
            for (f, n) in [
                (evex_flag::MASK_REQUIRED, "kreq"),
                (evex_flag::ZEROING, "z"),
                (evex_flag::ER, "er"),
                (evex_flag::SAE, "sae"),
            ] {
                if f == evex_flag::MASK_REQUIRED && !e.allows(f) && e.allows(evex_flag::MASK) {
                    s.push_str(".k");
                }
                if e.allows(f) {
                    s.push('.');
                    s.push_str(n);
                }
            }
            s
        }
        Scheme::X87 => "-".into(),
    }
}

/// The `row` line of one form.
pub fn row_line(f: &Form) -> String {
    let ops: Vec<String> =
        f.operands.iter().map(|(k, s)| format!("{}@{}", k.info().name, s.name())).collect();
    let opcode: Vec<String> = f.opcode.iter().map(|b| format!("{b:02X}")).collect();
    let modrm = match f.modrm {
        ModRm::None => "-".to_string(),
        ModRm::Reg => "/r".into(),
        ModRm::Digit(d) => format!("/{d}"),
    };
    let flags: Vec<&str> = [
        (flag::LOCK, "LOCK"),
        (flag::SIZED, "SIZED"),
        (flag::REP, "REP"),
        (flag::NOTZERO, "NOTZERO"),
        (flag::O16, "O16"),
        (flag::WAIT, "WAIT"),
    ]
    .into_iter()
    .filter(|(b, _)| f.has_flag(*b))
    .map(|(_, n)| n)
    .collect();
    [
        "row".to_string(),
        f.name.into(),
        f.mnemonic.into(),
        if ops.is_empty() { "-".into() } else { ops.join(",") },
        f.scheme.name().into(),
        scheme_fields(&f.scheme),
        opcode.join(" "),
        modrm,
        if flags.is_empty() { "-".into() } else { flags.join(" ") },
        f.feature.name().into(),
    ]
    .join("\t")
}

/// The whole dump: every kind, then every row in table order.
pub fn table_text() -> String {
    let mut s = String::new();
    for k in Kind::ALL {
        s.push_str(&kind_line(k.info()));
        s.push('\n');
    }
    for f in FORMS {
        s.push_str(&row_line(f));
        s.push('\n');
    }
    s
}

//! Error types. Every failure is a value with a message that says what is wrong and where.

use std::fmt;
use std::io;

use crate::operand::Reg;

/// An EVEX decoration, for errors about one.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Decoration {
    /// The write mask `{k1}`..`{k7}`.
    Mask,
    /// Zeroing-masking `{z}`.
    Zeroing,
    /// A broadcast `{1toN}`.
    Broadcast,
    /// Embedded rounding or suppress-all-exceptions (`{rn-sae}`, `{sae}`, ...).
    Rounding,
}

impl Decoration {
    /// How the decoration is written, for messages.
    pub const fn name(self) -> &'static str {
        match self {
            Decoration::Mask => "write mask",
            Decoration::Zeroing => "`{z}`",
            Decoration::Broadcast => "broadcast",
            Decoration::Rounding => "rounding control",
        }
    }
}

/// What a [`MatchError`] blames: where a front end puts its caret.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Blame {
    /// The mnemonic (unknown, or no form takes that many operands).
    Mnemonic,
    /// The `lock`/`rep` prefix.
    Prefix,
    /// Operand `i` (0-based); [`MatchError::within`] may narrow it to registers inside it.
    Operand(usize),
    /// A decoration.
    Decoration(Decoration),
}

/// An instruction that no table row accepts, or whose operands cannot be encoded.
///
/// All of it is found at match time (the encoder cannot fail). [`blame`](Self::blame) tells
/// which token is at fault (the mnemonic, the prefix, an operand or a decoration),
/// [`within`](Self::within) which registers inside a memory operand, and
/// [`other`](Self::other) the operand it conflicts with, so the macro can put its error on that
/// token and the text assembler can print its column. Both front ends print the same words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchError {
    /// The mnemonic is not in the table.
    UnknownMnemonic {
        /// As written.
        mnemonic: String,
        /// The closest known mnemonics and aliases (by edit distance), closest first.
        suggestions: Vec<&'static str>,
    },
    /// No row of the mnemonic takes this many operands.
    OperandCount {
        /// Canonical mnemonic.
        mnemonic: String,
        /// Operands written.
        found: usize,
        /// Operand counts the mnemonic has.
        expected: Vec<usize>,
        /// A few valid forms, in manual notation, closest first.
        forms: Vec<String>,
    },
    /// An operand of the wrong kind or size.
    InvalidOperand {
        /// Canonical mnemonic.
        mnemonic: String,
        /// Index of the offending operand.
        operand: usize,
        /// The operands as written, in manual notation (`r64, r32`).
        written: String,
        /// What is wrong and what would be valid.
        reason: String,
        /// The operand it conflicts with, if one (a `u8` keeps the error small).
        other: Option<u8>,
        /// A few valid forms, in manual notation, closest first.
        forms: Vec<String>,
    },
    /// An immediate that does not fit any row's immediate field.
    ImmOutOfRange {
        /// Canonical mnemonic.
        mnemonic: String,
        /// Index of the immediate.
        operand: usize,
        /// The value written.
        value: i128,
        /// The widest immediate kind at that position (`imm8`).
        expected: String,
        /// Width of that field in bits.
        bits: u32,
        /// When not 0, the width the CPU sign-extends the field to.
        sext: u32,
    },
    /// A memory operand without a size keyword where several sizes would fit.
    AmbiguousSize {
        /// Canonical mnemonic.
        mnemonic: String,
        /// Index of the memory operand.
        operand: usize,
        /// The instruction as written (`inc [rax]`).
        instruction: String,
        /// The instruction with a size keyword (`inc qword ptr [rax]`).
        fix: String,
        /// The other size keywords that would be valid.
        others: Vec<&'static str>,
    },
    /// A decoration that no row accepts with these operands (a mask on a VEX-only form, `{z}`
    /// without a mask, a broadcast of the wrong size, rounding with a memory operand, ...).
    BadDecoration {
        /// Canonical mnemonic.
        mnemonic: String,
        /// Which decoration.
        decoration: Decoration,
        /// What is wrong and what would be valid.
        reason: String,
    },
    /// A register only EVEX can encode (`xmm16`..`xmm31`, `ymm16`.., `zmm`) for a mnemonic
    /// whose rows that accept the operands are not EVEX.
    EvexOnly {
        /// Canonical mnemonic.
        mnemonic: String,
        /// Index of the register operand.
        operand: usize,
        /// The register as written.
        register: String,
    },
    /// The instruction needs a CPU feature outside the assembler's target
    /// ([`Assembler::with_features`](crate::Assembler::with_features), `.arch`).
    MissingFeature {
        /// The form, in manual notation (`vpaddd ymm, ymm, ymm/m256`).
        form: String,
        /// The feature it needs.
        feature: crate::isa::Feature,
        /// The target's features.
        target: crate::isa::Features,
    },
    /// The form matched but this operand cannot be encoded (e.g. `ah` with a REX prefix,
    /// `rsp` as an index, a displacement beyond 32 bits); found by the matcher's checks.
    Encoding {
        /// Index of the offending operand, if one is to blame.
        operand: Option<usize>,
        /// What is wrong.
        reason: String,
        /// The operand it conflicts with, if one.
        other: Option<usize>,
        /// Registers inside the operand to blame (the one written last is the culprit).
        within: Vec<Reg>,
    },
    /// A `lock` or `rep` prefix the instruction does not allow.
    Prefix {
        /// The prefix as the manual writes it.
        prefix: &'static str,
        /// What is wrong and what would be valid.
        reason: String,
    },
}

impl MatchError {
    /// The 0-based operand the error is about, if it is about one.
    pub fn operand(&self) -> Option<usize> {
        match self.blame() {
            Blame::Operand(i) => Some(i),
            _ => None,
        }
    }

    /// The decoration the error is about, if it is about one.
    pub fn decoration(&self) -> Option<Decoration> {
        match self {
            MatchError::BadDecoration { decoration, .. } => Some(*decoration),
            _ => None,
        }
    }

    /// The token the error is about.
    pub fn blame(&self) -> Blame {
        match self {
            MatchError::InvalidOperand { operand, .. }
            | MatchError::ImmOutOfRange { operand, .. }
            | MatchError::AmbiguousSize { operand, .. }
            | MatchError::EvexOnly { operand, .. }
            | MatchError::Encoding { operand: Some(operand), .. } => Blame::Operand(*operand),
            MatchError::BadDecoration { decoration, .. } => Blame::Decoration(*decoration),
            MatchError::Prefix { .. } => Blame::Prefix,
            MatchError::UnknownMnemonic { .. }
            | MatchError::OperandCount { .. }
            | MatchError::MissingFeature { .. }
            | MatchError::Encoding { operand: None, .. } => Blame::Mnemonic,
        }
    }

    /// The operand the blamed one conflicts with (`rax` in `mov rax, ebx`), if any.
    pub fn other(&self) -> Option<usize> {
        match self {
            MatchError::InvalidOperand { other, .. } => other.map(usize::from),
            MatchError::Encoding { other, .. } => *other,
            _ => None,
        }
    }

    /// Registers inside the blamed (memory) operand that are at fault; a front end points at
    /// the one written last.
    pub fn within(&self) -> &[Reg] {
        match self {
            MatchError::Encoding { within, .. } => within,
            _ => &[],
        }
    }
}

/// `` `a`, `b` or `c` `` (`joiner` before the last item).
pub(crate) fn quoted_list<S: AsRef<str>>(items: &[S], joiner: &str) -> String {
    let q: Vec<String> = items.iter().map(|s| format!("`{}`", s.as_ref())).collect();
    match q.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {joiner} {last}", rest.join(", ")),
    }
}

fn forms_tail(f: &mut fmt::Formatter<'_>, forms: &[String]) -> fmt::Result {
    match forms {
        [] => Ok(()),
        [one] => write!(f, "; the valid form is `{one}`"),
        _ => {
            let q: Vec<String> = forms.iter().map(|s| format!("`{s}`")).collect();
            write!(f, "; valid forms include {}", q.join(", "))
        }
    }
}

impl fmt::Display for MatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchError::UnknownMnemonic { mnemonic, suggestions } => {
                write!(f, "unknown mnemonic `{mnemonic}`")?;
                if !suggestions.is_empty() {
                    write!(f, "; did you mean {}?", quoted_list(suggestions, "or"))?;
                }
                Ok(())
            }
            MatchError::OperandCount { mnemonic, found, expected, forms } => {
                let exp: Vec<String> = expected.iter().map(|n| n.to_string()).collect();
                let noun = if expected.as_slice() == [1] { "operand" } else { "operands" };
                write!(f, "`{mnemonic}` takes {} {noun}, found {found}", exp.join(" or "))?;
                forms_tail(f, forms)
            }
            MatchError::InvalidOperand { mnemonic, written, reason, forms, .. } => {
                write!(f, "`{mnemonic}` has no form `{written}`: {reason}")?;
                forms_tail(f, forms)
            }
            MatchError::ImmOutOfRange { value, expected, bits, sext, .. } => {
                write!(f, "{expected} out of range: {value} does not fit in {bits} bits")?;
                if *sext > 0 {
                    write!(f, " sign-extended to {sext}")?;
                }
                Ok(())
            }
            MatchError::AmbiguousSize { instruction, fix, others, .. } => {
                write!(f, "`{instruction}`: operand size unknown; write `{fix}`")?;
                if !others.is_empty() {
                    let o: Vec<String> = others.iter().map(|s| format!("`{s} ptr`")).collect();
                    write!(f, " (or {})", o.join(", "))?;
                }
                Ok(())
            }
            MatchError::BadDecoration { mnemonic, decoration, reason } => {
                write!(f, "invalid {} for `{mnemonic}`: {reason}", decoration.name())
            }
            MatchError::EvexOnly { mnemonic, operand, register } => {
                let file = register.trim_end_matches(|c: char| c.is_ascii_digit());
                let hint = if file == "zmm" {
                    "xmm or ymm registers".to_string()
                } else {
                    format!("{file}0-{file}15")
                };
                write!(
                    f,
                    "`{register}` (operand {}) needs an EVEX encoding, and `{mnemonic}` has no EVEX form; use {hint}",
                    operand + 1
                )
            }
            MatchError::MissingFeature { form, feature, target } => write!(
                f,
                "`{form}` needs {}, which the target does not have (target: {target}); enable it with `.arch +{}` or `Assembler::with_features`",
                feature.name().to_ascii_uppercase(),
                feature.name()
            ),
            MatchError::Encoding { reason, .. } | MatchError::Prefix { reason, .. } => f.write_str(reason),
        }
    }
}

impl std::error::Error for MatchError {}

/// A failure of the operating system or the dynamic linker while running code.
#[derive(Debug)]
pub enum ExecError {
    /// `mmap` failed.
    Map(io::Error),
    /// `mprotect` failed.
    Protect(io::Error),
    /// `dlsym` found no such symbol.
    Symbol {
        /// The name looked up.
        name: String,
        /// The dynamic linker's message.
        reason: String,
    },
    /// `dlopen` failed.
    Library {
        /// The path given.
        path: String,
        /// The dynamic linker's message.
        reason: String,
    },
    /// The requested size or address is not usable.
    Invalid(String),
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecError::Map(e) => write!(f, "mmap failed: {e}"),
            ExecError::Protect(e) => write!(f, "mprotect failed: {e}"),
            ExecError::Symbol { name, reason } => write!(f, "symbol `{name}` not found: {reason}"),
            ExecError::Library { path, reason } => write!(f, "cannot open library `{path}`: {reason}"),
            ExecError::Invalid(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ExecError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExecError::Map(e) | ExecError::Protect(e) => Some(e),
            _ => None,
        }
    }
}

/// Where in the source a statement came from: a line and column of text, or a macro statement.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Location {
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column (0 when unknown).
    pub col: u32,
    /// The statement as written.
    pub text: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: ", self.line, self.col)?;
        }
        if !self.text.is_empty() {
            write!(f, "`{}`: ", self.text)?;
        }
        Ok(())
    }
}

/// Anything that can go wrong while assembling or finalizing.
#[derive(Debug)]
pub enum AsmError {
    /// A statement that no form accepts or that cannot be encoded.
    Instruction {
        /// Where.
        at: Location,
        /// Why (boxed to keep `Result<_, AsmError>` small).
        error: Box<MatchError>,
    },
    /// Text that is not a statement.
    Syntax {
        /// Where.
        at: Location,
        /// What was expected.
        message: String,
    },
    /// A label referenced but never defined.
    UndefinedLabel {
        /// Label name (or `dynamic label #n`).
        name: String,
    },
    /// A label defined twice.
    DuplicateLabel {
        /// Label name.
        name: String,
    },
    /// A branch whose target does not fit its displacement field.
    BranchOutOfRange {
        /// The instruction.
        mnemonic: String,
        /// Target label name.
        label: String,
        /// Distance from the end of the instruction to the target.
        distance: i64,
        /// Displacement bits available.
        bits: u32,
    },
    /// A directive with a bad value.
    Directive {
        /// Where.
        at: Location,
        /// What is wrong.
        message: String,
    },
    /// Executable memory or symbol lookup failed.
    Exec(ExecError),
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AsmError::Instruction { at, error } => write!(f, "{at}{error}"),
            AsmError::Syntax { at, message } => write!(f, "{at}{message}"),
            AsmError::UndefinedLabel { name } => write!(f, "undefined label `{name}`"),
            AsmError::DuplicateLabel { name } => write!(f, "label `{name}` is defined twice"),
            AsmError::BranchOutOfRange { mnemonic, label, distance, bits } => write!(
                f,
                "`{mnemonic}` to label `{label}` is out of range: distance {distance} does not fit rel{bits}"
            ),
            AsmError::Directive { at, message } => write!(f, "{at}{message}"),
            AsmError::Exec(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for AsmError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AsmError::Instruction { error, .. } => Some(&**error),
            AsmError::Exec(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ExecError> for AsmError {
    fn from(e: ExecError) -> AsmError {
        AsmError::Exec(e)
    }
}

//! Error types. Every failure is a value with a message that says what is wrong and where.

use std::fmt;
use std::io;

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

/// An instruction that no table row accepts, or whose operands cannot be encoded.
///
/// All of it is found at match time (the encoder cannot fail). `operand()` tells which operand
/// (0-based) is at fault and `decoration()` which decoration, so the macro can put its error on
/// that token and the text assembler can print its column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchError {
    /// The mnemonic is not in the table.
    UnknownMnemonic {
        /// As written.
        mnemonic: String,
        /// The closest known mnemonic, if any is close.
        suggestion: Option<&'static str>,
    },
    /// No row of the mnemonic takes this many operands.
    OperandCount {
        /// Canonical mnemonic.
        mnemonic: String,
        /// Operands written.
        found: usize,
        /// Operand counts the mnemonic has.
        expected: Vec<usize>,
        /// Every valid form, in manual notation.
        forms: Vec<String>,
    },
    /// An operand of the wrong kind or size.
    InvalidOperand {
        /// Canonical mnemonic.
        mnemonic: String,
        /// Index of the offending operand.
        operand: usize,
        /// What was written.
        found: String,
        /// What the rows accept at that position.
        expected: Vec<String>,
        /// Every valid form, in manual notation.
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
        /// The widest immediate kind at that position.
        expected: String,
    },
    /// A memory operand without a size keyword where several sizes would fit.
    AmbiguousSize {
        /// Canonical mnemonic.
        mnemonic: String,
        /// Index of the memory operand.
        operand: usize,
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
    },
}

impl MatchError {
    /// The 0-based operand the error is about, if it is about one.
    pub fn operand(&self) -> Option<usize> {
        match self {
            MatchError::InvalidOperand { operand, .. }
            | MatchError::ImmOutOfRange { operand, .. }
            | MatchError::AmbiguousSize { operand, .. } => Some(*operand),
            MatchError::EvexOnly { operand, .. } => Some(*operand),
            MatchError::Encoding { operand, .. } => *operand,
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
}

fn list(items: &[String]) -> String {
    items.join("; ")
}

impl fmt::Display for MatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MatchError::UnknownMnemonic { mnemonic, suggestion } => {
                write!(f, "unknown mnemonic `{mnemonic}`")?;
                if let Some(s) = suggestion {
                    write!(f, " (did you mean `{s}`?)")?;
                }
                Ok(())
            }
            MatchError::OperandCount { mnemonic, found, expected, forms } => {
                let exp: Vec<String> = expected.iter().map(|n| n.to_string()).collect();
                write!(
                    f,
                    "`{mnemonic}` takes {} operand(s), found {found}; valid forms: {}",
                    exp.join(" or "),
                    list(forms)
                )
            }
            MatchError::InvalidOperand { mnemonic, operand, found, expected, forms } => {
                write!(
                    f,
                    "invalid operand {} for `{mnemonic}`: expected {}, found {found}; valid forms: {}",
                    operand + 1,
                    expected.join(" or "),
                    list(forms)
                )
            }
            MatchError::ImmOutOfRange { mnemonic, operand, value, expected } => write!(
                f,
                "immediate {value} (operand {}) out of range for `{mnemonic}`: expected {expected}",
                operand + 1
            ),
            MatchError::AmbiguousSize { mnemonic, operand } => write!(
                f,
                "ambiguous operand size for `{mnemonic}` (operand {}): write byte/word/dword/qword ptr",
                operand + 1
            ),
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
            MatchError::Encoding { reason, .. } => f.write_str(reason),
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
            AsmError::DuplicateLabel { name } => write!(f, "label `{name}` defined twice"),
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

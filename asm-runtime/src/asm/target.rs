//! The CPU features an assembler may use: its target ([`Assembler::with_features`], `.arch`).

use super::*;

impl Assembler {
    /// An empty assembler that accepts only instructions of `features` (every other row is an
    /// error naming the feature it needs), e.g. [`cpu_features()`](crate::cpu_features) or
    /// [`Features::X86_64_V2`].
    ///
    /// ```
    /// use asm_runtime::{Assembler, Features};
    /// let mut a = Assembler::with_features(Features::X86_64_V2);
    /// a.assemble_text("paddd xmm0, xmm1").unwrap();
    /// let e = a.assemble_text("vpaddd ymm0, ymm1, ymm2").unwrap_err();
    /// assert!(e.to_string().contains("needs AVX2, which the target does not have"));
    /// ```
    pub fn with_features(features: Features) -> Assembler {
        Assembler { features, ..Assembler::new() }
    }

    /// The features this assembler accepts (all of them unless restricted).
    pub fn features(&self) -> Features {
        self.features
    }

    /// Restricts (or widens) the features later instructions may use; the `.arch` directive.
    pub fn set_features(&mut self, features: Features) {
        self.features = features;
    }

    /// Keeps an error for `finalize` unless every feature in `needed` is in the target: the
    /// check of a block the `x86!` macro encoded at compile time.
    #[doc(hidden)]
    #[inline]
    pub fn require_features(&mut self, needed: u128, text: &'static str) {
        if needed & !self.features.bits() == 0 {
            return;
        }
        let needed = Features::from_bits(needed);
        if let Some(f) = needed.iter().find(|f| !self.features.contains(*f)) {
            self.fail(AsmError::Instruction {
                at: Location { line: 0, col: 0, text: text.to_string() },
                error: Box::new(MatchError::MissingFeature {
                    form: text.to_string(),
                    feature: f,
                    target: self.features,
                }),
            });
        }
    }

    /// An error unless the target has the row's feature.
    #[inline]
    pub(super) fn check_feature(&self, form: &'static Form) -> Result<(), MatchError> {
        if self.features.contains(form.feature) {
            return Ok(());
        }
        Err(MatchError::MissingFeature {
            form: form.to_string(),
            feature: form.feature,
            target: self.features,
        })
    }
}

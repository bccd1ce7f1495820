//! Matcher errors -> `syn::Error`s on the offending token: the decoration, else the operand,
//! else the mnemonic.

use asm_runtime::error::Decoration;
use asm_runtime::MatchError;

use crate::parse::StmtSpans;

/// Puts a matcher or encoder error on the operand it blames, or on the mnemonic.
pub fn match_error(e: &MatchError, spans: &StmtSpans) -> syn::Error {
    let deco = e.decoration().and_then(|d| {
        let i = match d {
            Decoration::Mask => 0,
            Decoration::Zeroing => 1,
            Decoration::Broadcast => 2,
            Decoration::Rounding => 3,
        };
        spans.deco[i]
    });
    let span =
        deco.or_else(|| e.operand().and_then(|i| spans.operands.get(i).copied())).unwrap_or(spans.mnemonic);
    syn::Error::new(span, e.to_string())
}

/// Collects errors so one expansion reports all of them.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    /// Adds an error.
    pub fn push(&mut self, e: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(e),
            None => self.0 = Some(e),
        }
    }

    /// `Err` with every error pushed, if any.
    pub fn finish(self) -> syn::Result<()> {
        match self.0 {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

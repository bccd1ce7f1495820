//! Matcher errors -> `syn::Error`s on the offending token: the decoration, else the operand,
//! else the mnemonic.

use asm_runtime::error::{Blame, Decoration};
use asm_runtime::MatchError;

use crate::parse::StmtSpans;

/// Puts a matcher or encoder error on the token it blames: the prefix, the mnemonic, the
/// decoration, the operand, or a register inside a memory operand (the one written last of
/// those it names).
pub fn match_error(e: &MatchError, spans: &StmtSpans) -> syn::Error {
    let span = match e.blame() {
        Blame::Mnemonic => spans.mnemonic,
        Blame::Prefix => spans.prefix.unwrap_or(spans.mnemonic),
        Blame::Decoration(d) => {
            let i = match d {
                Decoration::Mask => 0,
                Decoration::Zeroing => 1,
                Decoration::Broadcast => 2,
                Decoration::Rounding => 3,
            };
            spans.deco[i].unwrap_or(spans.mnemonic)
        }
        Blame::Operand(i) => {
            let names: Vec<String> = e.within().iter().map(|r| r.to_string()).collect();
            let inner = spans.operand_toks.get(i).and_then(|toks| {
                toks.iter().rev().find(|(t, _)| names.contains(&t.to_ascii_lowercase())).map(|(_, s)| *s)
            });
            inner.or_else(|| spans.operands.get(i).copied()).unwrap_or(spans.mnemonic)
        }
    };
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

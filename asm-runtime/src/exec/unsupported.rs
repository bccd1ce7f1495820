//! Targets without executable-memory support: allocation fails with an error.

use super::PoolStats;
use crate::error::ExecError;

/// Never constructed on this platform.
pub(super) struct Raw {
    pub(super) rx: usize,
    pub(super) rw: usize,
    never: std::convert::Infallible,
}

fn unsupported() -> ExecError {
    ExecError::Invalid("unsupported platform".into())
}

pub(super) fn alloc(_len: usize, _near: Option<u64>, _private: bool) -> Result<Raw, ExecError> {
    Err(unsupported())
}

pub(super) fn publish(raw: &Raw) -> Result<(), ExecError> {
    match raw.never {}
}

pub(super) fn release(raw: &Raw, _len: usize) {
    match raw.never {}
}

pub(super) fn patch(raw: &Raw, _offset: usize, _bytes: &[u8]) -> Result<(), ExecError> {
    match raw.never {}
}

pub(super) fn stats() -> PoolStats {
    PoolStats::default()
}

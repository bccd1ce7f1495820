//! The check every execution test makes before running its code: iced-x86 decodes all of it.

use iced_x86::{Decoder, DecoderOptions};

/// Decodes all of `bytes` (iced-x86), asserting that every instruction is valid and nothing is
/// left over; returns the number of instructions.
pub fn decodes(bytes: &[u8]) -> usize {
    let mut dec = Decoder::with_ip(64, bytes, 0, DecoderOptions::NONE);
    let mut n = 0;
    while dec.can_decode() {
        assert!(!dec.decode().is_invalid(), "undecodable code: {bytes:02x?}");
        n += 1;
    }
    n
}

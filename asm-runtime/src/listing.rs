//! Listings: where each statement landed, printed as `offset: bytes    statement`.
//!
//! Shared by the assembler (laid-out code) and executable buffers (finalized code).

/// One line of a listing: where a statement landed and what it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListLine {
    /// Offset from the start of the code.
    pub offset: usize,
    /// Length in bytes (0 for a label).
    pub len: usize,
    /// The statement as written (`l1:` for a label).
    pub text: String,
}

/// The listing as text: one `offset: bytes    statement` line per statement.
pub fn format_listing(lines: &[ListLine], bytes: &[u8]) -> String {
    let mut s = String::new();
    for l in lines {
        if l.len == 0 && l.text.ends_with(':') {
            s.push_str(&format!("{:04x}:{:32}{}\n", l.offset, "", l.text));
            continue;
        }
        let hex: Vec<String> =
            bytes.get(l.offset..l.offset + l.len).unwrap_or(&[]).iter().map(|b| format!("{b:02x}")).collect();
        s.push_str(&format!("{:04x}: {:<31} {}\n", l.offset, hex.join(" "), l.text));
    }
    s
}

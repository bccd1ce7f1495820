//! The binary container: version 1 (the original one-function format) and version 2 (ours).
//!
//! All numbers are little endian. Both versions start with the same header:
//!
//! ```text
//! u32 cookie   0xdeadbeef
//! u32 version  1 or 2
//! ```
//!
//! Version 1 continues with `u32 count` and `count` packed operations `{ u32 op; i64 param }`
//! (12 bytes each); the only opcode is 1 = RETURN (param = the value). Version 2 continues with
//!
//! ```text
//! u32 function count
//! u32 entry function index     (a function with no arguments)
//! per function:
//!   u32 name length, then that many bytes of UTF-8
//!   u32 nargs
//!   u32 nlocals                (arguments included)
//!   u32 count, then count packed operations { u32 op; i64 param }
//! ```
//!
//! with the opcodes of [`Op`]: jump parameters are operation indexes within the function, call
//! parameters function indexes. Nothing may follow the last function.

use crate::program::{Function, Op, Program};

/// The first four bytes of every file.
pub const COOKIE: u32 = 0xdead_beef;

/// A little-endian reader that reports truncation with what it was reading.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        let rest = &self.bytes[self.pos..];
        if rest.len() < n {
            return Err(format!(
                "file truncated at byte {}: {what} needs {n} bytes, {} left",
                self.pos,
                rest.len()
            ));
        }
        self.pos += n;
        Ok(&rest[..n])
    }

    fn u32(&mut self, what: &str) -> Result<u32, String> {
        let b = self.take(4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn i64(&mut self, what: &str) -> Result<i64, String> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(i64::from_le_bytes(a))
    }

    /// A count of `item`-byte records, checked against the bytes left before anything is
    /// allocated for them.
    fn count(&mut self, item: usize, what: &str) -> Result<usize, String> {
        let n = self.u32(what)? as usize;
        let left = self.bytes.len() - self.pos;
        if n.saturating_mul(item) > left {
            return Err(format!("file truncated: {what} says {n}, but only {left} bytes follow"));
        }
        Ok(n)
    }

    fn ops(&mut self, func: &str, known: impl Fn(u32) -> bool) -> Result<Vec<Op>, String> {
        let n = self.count(12, "operation count")?;
        let mut ops = Vec::with_capacity(n);
        for i in 0..n {
            let op = self.u32("operation")?;
            let param = self.i64("operation parameter")?;
            if !known(op) || Op::decode(op, 0).is_none() {
                return Err(format!("function `{func}`, operation {i}: unknown opcode {op}"));
            }
            match Op::decode(op, param) {
                Some(o) => ops.push(o),
                None => {
                    return Err(format!(
                        "function `{func}`, operation {i}: parameter {param} out of range for opcode {op}"
                    ))
                }
            }
        }
        Ok(ops)
    }
}

/// Parses a binary file of either version.
pub fn read(bytes: &[u8]) -> Result<Program, String> {
    let mut r = Reader { bytes, pos: 0 };
    let cookie = r.u32("cookie")?;
    if cookie != COOKIE {
        return Err(format!("bad cookie 0x{cookie:08x} (expected 0x{COOKIE:08x}): not a VM bytecode file"));
    }
    let program = match r.u32("version")? {
        1 => read_v1(&mut r)?,
        2 => read_v2(&mut r)?,
        v => return Err(format!("unsupported version {v} (this VM reads versions 1 and 2)")),
    };
    if r.pos != bytes.len() {
        return Err(format!("{} unexpected bytes after the end of the program", bytes.len() - r.pos));
    }
    Ok(program)
}

fn read_v1(r: &mut Reader<'_>) -> Result<Program, String> {
    let ops = r.ops("main", |op| op == 1)?;
    Ok(Program { funcs: vec![Function { name: "main".into(), nargs: 0, nlocals: 0, ops }], entry: 0 })
}

fn read_v2(r: &mut Reader<'_>) -> Result<Program, String> {
    // Each function takes at least 16 bytes (four u32 fields).
    let nfuncs = r.count(16, "function count")?;
    let entry = r.u32("entry function")?;
    let mut funcs = Vec::with_capacity(nfuncs);
    for i in 0..nfuncs {
        let len = r.count(1, "function name length")?;
        let name = std::str::from_utf8(r.take(len, "function name")?)
            .map_err(|_| format!("function {i}: name is not UTF-8"))?
            .to_string();
        let nargs = r.u32("argument count")?;
        let nlocals = r.u32("local count")?;
        let ops = r.ops(&name, |_| true)?;
        funcs.push(Function { name, nargs, nlocals, ops });
    }
    Ok(Program { funcs, entry })
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// Writes `p` as a version 2 file.
pub fn write_v2(p: &Program) -> Vec<u8> {
    let mut out = Vec::new();
    put_u32(&mut out, COOKIE);
    put_u32(&mut out, 2);
    put_u32(&mut out, p.funcs.len() as u32);
    put_u32(&mut out, p.entry);
    for f in &p.funcs {
        put_u32(&mut out, f.name.len() as u32);
        out.extend_from_slice(f.name.as_bytes());
        put_u32(&mut out, f.nargs);
        put_u32(&mut out, f.nlocals);
        put_u32(&mut out, f.ops.len() as u32);
        for op in &f.ops {
            let (code, param) = op.encode();
            put_u32(&mut out, code);
            out.extend_from_slice(&param.to_le_bytes());
        }
    }
    out
}

//! The `.vm` text format: an assembler for the VM's operations, one per line.
//!
//! ```text
//! # A comment runs from `#` or `;` to the end of the line.
//! func gcd a b          # a function named gcd with arguments a and b (locals 0 and 1)
//!   local t             # more locals, zero at entry (any number of names per line)
//! top:                  # a label: the next operation's position
//!   load b
//!   jz done             # pop; jump if zero
//!   load a  load b  mod # several operations may share a line
//!   store t
//!   load b  store a
//!   load t  store b
//!   jmp top
//! done:
//!   load a
//!   ret
//! end
//!
//! func main
//!   push 1071  push 462  call gcd  print
//!   push 0  ret
//! end
//! ```
//!
//! Operations (stack effects as `before -- after`): `push N` (decimal, `-N`, `0x..` or a
//! character `'c'`), `pop`, `dup`, `swap`, `load X`, `store X` (a local's name or number),
//! `add sub mul div mod` (`a b -- a op b`), `neg`, `eq ne lt le gt ge` (`a b -- 0/1`),
//! `jmp L`, `jz L`, `jnz L`, `call F` (pops F's arguments, the last on top, pushes its
//! result), `ret` (returns the top value), `return N` (returns N), `print` (pops and prints a
//! line), `putc` (pops and writes one byte), `aload` (`i -- mem[i]`), `astore` (`i v --`), and
//! `dbg` (prints the frame's operand stack). The program runs function `main`, which takes no
//! arguments. Names of functions may be used before their definition.

use crate::program::{BinOp, CmpOp, Function, Op, Program};
use std::collections::HashMap;

/// A token with its line number.
#[derive(Clone, Copy)]
struct Tok<'a> {
    line: usize,
    text: &'a str,
}

fn tokenize(src: &str) -> Vec<Tok<'_>> {
    let mut toks = Vec::new();
    for (i, line) in src.lines().enumerate() {
        let code = line.split(['#', ';']).next().unwrap_or("");
        toks.extend(code.split_whitespace().map(|text| Tok { line: i + 1, text }));
    }
    toks
}

/// A function's tokens between `func` and `end`.
struct Block<'a> {
    name: Tok<'a>,
    args: Vec<&'a str>,
    body: Vec<Tok<'a>>,
}

fn split_functions<'a>(toks: &[Tok<'a>]) -> Result<Vec<Block<'a>>, String> {
    let mut blocks = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if toks[i].text != "func" {
            return Err(format!("line {}: expected `func`, found `{}`", toks[i].line, toks[i].text));
        }
        let line = toks[i].line;
        let name = *toks.get(i + 1).ok_or(format!("line {line}: `func` needs a name"))?;
        i += 2;
        let mut args = Vec::new();
        while i < toks.len() && toks[i].line == line {
            args.push(toks[i].text);
            i += 1;
        }
        let start = i;
        while i < toks.len() && toks[i].text != "end" {
            if toks[i].text == "func" {
                return Err(format!(
                    "line {}: `func` inside function `{}` (missing `end`)",
                    toks[i].line, name.text
                ));
            }
            i += 1;
        }
        if i == toks.len() {
            return Err(format!("line {line}: function `{}` has no `end`", name.text));
        }
        blocks.push(Block { name, args, body: toks[start..i].to_vec() });
        i += 1;
    }
    Ok(blocks)
}

/// Whether `mnemonic` takes an operand.
fn takes_operand(mnemonic: &str) -> bool {
    matches!(mnemonic, "push" | "return" | "load" | "store" | "jmp" | "jz" | "jnz" | "call")
}

fn simple_op(m: &str) -> Option<Op> {
    Some(match m {
        "ret" => Op::Ret,
        "pop" => Op::Pop,
        "dup" => Op::Dup,
        "swap" => Op::Swap,
        "add" => Op::Bin(BinOp::Add),
        "sub" => Op::Bin(BinOp::Sub),
        "mul" => Op::Bin(BinOp::Mul),
        "div" => Op::Bin(BinOp::Div),
        "mod" => Op::Bin(BinOp::Mod),
        "neg" => Op::Neg,
        "eq" => Op::Cmp(CmpOp::Eq),
        "ne" => Op::Cmp(CmpOp::Ne),
        "lt" => Op::Cmp(CmpOp::Lt),
        "le" => Op::Cmp(CmpOp::Le),
        "gt" => Op::Cmp(CmpOp::Gt),
        "ge" => Op::Cmp(CmpOp::Ge),
        "print" => Op::Print,
        "putc" => Op::Putc,
        "aload" => Op::Aload,
        "astore" => Op::Astore,
        "dbg" => Op::Dbg,
        _ => return None,
    })
}

fn parse_int(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() == 3 && b[0] == b'\'' && b[2] == b'\'' {
        return Some(i64::from(b[1]));
    }
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let magnitude = match digits.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok()?,
        None => digits.parse::<u64>().ok()?,
    };
    if neg {
        0i64.checked_sub_unsigned(magnitude)
    } else {
        i64::try_from(magnitude).ok()
    }
}

/// Compiles `.vm` source text to a program (not yet verified).
pub fn compile(src: &str) -> Result<Program, String> {
    let toks = tokenize(src);
    let blocks = split_functions(&toks)?;
    let mut index = HashMap::new();
    for (i, b) in blocks.iter().enumerate() {
        if index.insert(b.name.text, i as u32).is_some() {
            return Err(format!("line {}: function `{}` defined twice", b.name.line, b.name.text));
        }
    }
    let entry = *index.get("main").ok_or("no function `main`")?;
    let funcs = blocks.iter().map(|b| compile_function(b, &index)).collect::<Result<_, _>>()?;
    Ok(Program { funcs, entry })
}

fn compile_function(b: &Block<'_>, funcs: &HashMap<&str, u32>) -> Result<Function, String> {
    let mut locals: HashMap<&str, u32> = HashMap::new();
    let mut labels: HashMap<&str, u32> = HashMap::new();
    for (i, a) in b.args.iter().enumerate() {
        if locals.insert(a, i as u32).is_some() {
            return Err(format!("line {}: argument `{a}` named twice", b.name.line));
        }
    }
    // First pass: locals and label positions.
    let mut pc = 0u32;
    let mut i = 0;
    while i < b.body.len() {
        let t = b.body[i];
        if t.text == "local" {
            i += 1;
            while i < b.body.len() && b.body[i].line == t.line {
                let n = locals.len() as u32;
                if locals.insert(b.body[i].text, n).is_some() {
                    return Err(format!("line {}: local `{}` declared twice", t.line, b.body[i].text));
                }
                i += 1;
            }
            continue;
        }
        if let Some(label) = t.text.strip_suffix(':') {
            if labels.insert(label, pc).is_some() {
                return Err(format!("line {}: label `{label}` defined twice", t.line));
            }
        } else {
            pc += 1;
            i += usize::from(takes_operand(t.text));
        }
        i += 1;
    }
    // Second pass: operations.
    let mut ops = Vec::new();
    let mut i = 0;
    while i < b.body.len() {
        let t = b.body[i];
        i += 1;
        if t.text == "local" {
            while i < b.body.len() && b.body[i].line == t.line {
                i += 1;
            }
            continue;
        }
        if t.text.ends_with(':') {
            continue;
        }
        if let Some(op) = simple_op(t.text) {
            ops.push(op);
            continue;
        }
        if !takes_operand(t.text) {
            return Err(format!("line {}: unknown operation `{}`", t.line, t.text));
        }
        let arg = match b.body.get(i) {
            Some(a) if a.line == t.line => a.text,
            _ => return Err(format!("line {}: `{}` needs an operand", t.line, t.text)),
        };
        i += 1;
        let bad = |what: &str| format!("line {}: `{} {arg}`: {what}", t.line, t.text);
        let op = match t.text {
            "push" => Op::Push(parse_int(arg).ok_or_else(|| bad("not an integer"))?),
            "return" => Op::Return(parse_int(arg).ok_or_else(|| bad("not an integer"))?),
            "load" | "store" => {
                let n = match locals.get(arg) {
                    Some(&n) => n,
                    None => arg.parse::<u32>().map_err(|_| bad("no such local"))?,
                };
                if t.text == "load" {
                    Op::Load(n)
                } else {
                    Op::Store(n)
                }
            }
            "call" => Op::Call(*funcs.get(arg).ok_or_else(|| bad("no such function"))?),
            jump => {
                let target = *labels.get(arg).ok_or_else(|| bad("no such label"))?;
                match jump {
                    "jmp" => Op::Jmp(target),
                    "jz" => Op::Jz(target),
                    _ => Op::Jnz(target),
                }
            }
        };
        ops.push(op);
    }
    Ok(Function {
        name: b.name.text.to_string(),
        nargs: b.args.len() as u32,
        nlocals: locals.len() as u32,
        ops,
    })
}

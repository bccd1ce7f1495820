//! [`Assembler::assemble_source`] on two threads.
//!
//! The text is cut into chunks of whole lines. A parsing thread parses chunks in order and
//! sends their statements in batches to the assembling thread, which assembles them in order.
//! The parsing thread also matches and encodes each instruction it can (all but branches to
//! labels and instructions in error), so most of a batch is bytes the assembling thread only
//! appends, after checking the target's CPU features. That leaves the assembling thread time
//! to parse chunks itself: the parsing thread leaves it every other chunk (unless it is more
//! than a few batches behind), and whenever it would wait for a batch it takes the next chunk
//! nobody has started. When its turn comes it parses and assembles such a chunk line by line,
//! as the one-thread path does. Each chunk is parsed by exactly one of them; local label names
//! are the same label whichever thread's parser saw them; the result is the same as on one
//! thread.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::mpsc;

use super::Assembler;
use crate::ast::{LabelName, Program, Span, Stmt, StmtKind};
use crate::enc::{self, RelocTarget};
use crate::error::{AsmError, Location};
use crate::isa::{matcher, Form};
use crate::operand::{Label, Operand};
use crate::syntax::{parse_lines_with, Parser};

/// Inputs of at least this many bytes are parsed on a second thread while the first assembles.
pub(super) const PIPELINE_MIN: usize = 1 << 16;

/// Statements per batch from the parsing thread to the assembling one.
const BATCH: usize = 1024;

/// The size of the chunks the text is cut into (each ends at the end of a line).
const CHUNK: usize = 1 << 15;

/// The most chunks the assembling thread takes ahead of where it is.
const AHEAD: usize = 2;

/// Statements of chunk `chunk` from the parsing thread, with the label names first used in
/// them; `end` on the chunk's last batch, `stopped` when a syntax error ended it (nothing
/// follows).
struct Batch {
    stmts: Vec<Stmt>,
    /// One entry for each statement, in order: its encoding when the parsing thread could make
    /// it (see [`Pre`]); `stmts` holds the others, in order.
    pre: Vec<Pre>,
    labels: Vec<LabelName>,
    chunk: usize,
    end: bool,
    stopped: bool,
}

/// What the assembling thread hands back for reuse: a batch's statements (the parsing
/// thread takes their buffers and empties it) and its emptied encodings.
struct Spent {
    stmts: Vec<Stmt>,
    pre: Vec<Pre>,
}

/// An instruction statement matched and encoded by the parsing thread, so that the assembling
/// thread only checks the row's CPU feature and appends the bytes: the statement itself stays
/// with the parsing thread (its buffers are reused at once, in that core's cache), and what
/// crosses to the other core is this compact record. `form` is `None` when
/// the statement takes the general path: not an instruction, a listing is kept, a branch to a
/// label (a layout item, or an absolute branch once the label is committed), or no row accepts
/// it (the general path makes the error).
#[derive(Clone, Copy)]
struct Pre {
    form: Option<&'static Form>,
    bytes: [u8; 15],
    len: u8,
    /// The label or address field: start, width (0 for none), end, target and addend, as
    /// [`enc::Reloc`] has them relative to the start of `bytes`.
    reloc: (u8, u8, u8, RelocTarget, i64),
    /// Where the mnemonic and the statement are (for the error of a missing CPU feature).
    mnemonic: Span,
    stmt: Span,
}

impl Pre {
    const GENERAL: Pre = Pre {
        form: None,
        bytes: [0; 15],
        len: 0,
        reloc: (0, 0, 0, RelocTarget::Abs(0), 0),
        mnemonic: Span { line: 0, col: 0, len: 0 },
        stmt: Span { line: 0, col: 0, len: 0 },
    };

    /// Matches and encodes `s` if it is an instruction the assembling thread can take as bytes;
    /// `out` is scratch space. Its memory operands are normalized in place (as the general path
    /// does before matching, which does it again to the same effect).
    fn of(s: &mut Stmt, out: &mut Vec<u8>) -> Pre {
        let span = s.span;
        let StmtKind::Instr(ins) = &mut s.kind else { return Pre::GENERAL };
        let ops = &mut ins.operands;
        if ops.iter().any(|o| matches!(o, Operand::Label(..) | Operand::Abs(_) | Operand::Hole(..)))
            || crate::isa::implied_imm(&ins.mnemonic).is_some()
        {
            return Pre::GENERAL;
        }
        super::normalize(ops);
        let Ok(form) = matcher::find(&ins.mnemonic, ins.prefix, ops, &ins.deco) else { return Pre::GENERAL };
        out.clear();
        let r = enc::encode_into(form, ins.prefix, ops, &ins.deco, out);
        let mut pre = Pre { form: Some(form), mnemonic: ins.span, stmt: span, ..Pre::GENERAL };
        let (Some(bytes), Ok(len)) = (pre.bytes.get_mut(..out.len()), u8::try_from(out.len())) else {
            return Pre::GENERAL;
        };
        bytes.copy_from_slice(out);
        pre.len = len;
        if let Some(r) = r {
            // Fields inside a 15-byte instruction fit a byte.
            pre.reloc = (r.at as u8, r.width, r.end as u8, r.target, r.addend);
        }
        pre
    }
}

/// Who parses a chunk.
const FREE: u8 = 0;
const PARSING_THREAD: u8 = 1;
const ASSEMBLING_THREAD: u8 = 2;

/// The chunks of a text and who parses each. Chunk `i` runs from the first line start at or
/// after `i * CHUNK` to where chunk `i + 1` starts.
struct Chunks<'a> {
    src: &'a str,
    owners: Vec<AtomicU8>,
    /// Batches sent and not yet received: how far the assembling thread is behind.
    pending: AtomicUsize,
}

impl<'a> Chunks<'a> {
    fn new(src: &'a str) -> Chunks<'a> {
        let owners: Vec<AtomicU8> =
            (0..src.len().div_ceil(CHUNK).max(1)).map(|_| AtomicU8::new(FREE)).collect();
        Chunks { src, owners, pending: AtomicUsize::new(0) }
    }

    fn len(&self) -> usize {
        self.owners.len()
    }

    /// Where chunk `i` starts (the text's length for `i == len()`).
    fn start(&self, i: usize) -> usize {
        let at = i.saturating_mul(CHUNK);
        if i == 0 {
            return 0;
        }
        if i >= self.len() || at >= self.src.len() {
            return self.src.len();
        }
        // The line start at or after `at`: just past the first newline from `at - 1` on.
        let b = self.src.as_bytes();
        b[at - 1..].iter().position(|&c| c == b'\n').map_or(b.len(), |k| at + k)
    }

    /// Chunk `i`'s text and the number of newlines in it.
    fn text(&self, i: usize) -> (&'a str, u32) {
        let t = &self.src[self.start(i)..self.start(i + 1)];
        // Byte-wide sums of 0/1 over blocks of 255 (which cannot overflow): 16 bytes a vector
        // operation, where a filtered count is a byte-at-a-time loop.
        let newlines: usize = t
            .as_bytes()
            .chunks(255)
            .map(|b| usize::from(b.iter().fold(0u8, |n, &c| n + u8::from(c == b'\n'))))
            .sum();
        (t, u32::try_from(newlines).unwrap_or(u32::MAX))
    }

    /// Whether the assembling thread may parse chunk `i`: it has no `times` (the budget of
    /// statements `times` may produce is spent in the order of the text by one parser, so the
    /// same statement exhausts it as on one thread).
    fn may_take_here(&self, i: usize) -> bool {
        !contains_times(self.text(i).0.as_bytes())
    }

    /// Whether chunk `i` is `who`'s: it was, or nobody had it and now `who` has.
    fn take(&self, i: usize, who: u8) -> bool {
        match self.owners[i].compare_exchange(FREE, who, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => true,
            Err(owner) => owner == who,
        }
    }
}

/// Whether `t` contains `times` in any case: blocks of 64 positions tested without an early
/// exit (vector code), the first block with a hit ending the search.
fn contains_times(t: &[u8]) -> bool {
    const BLOCK: usize = 64;
    let n = t.len().saturating_sub(4);
    let is = |c: &u8, want: u8| c | 0x20 == want;
    let mut at = 0;
    while at < n {
        let end = (at + BLOCK).min(n);
        let hit = t[at..end]
            .iter()
            .zip(&t[at + 1..end + 1])
            .zip(&t[at + 2..end + 2])
            .zip(&t[at + 3..end + 3])
            .zip(&t[at + 4..end + 4])
            .fold(false, |h, ((((a, b), c), d), e)| {
                h | (is(a, b't') & is(b, b'i') & is(c, b'm') & is(d, b'e') & is(e, b's'))
            });
        if hit {
            return true;
        }
        at = end;
    }
    false
}

/// The assembling thread's state between chunks.
struct Flow<'a> {
    src: &'a str,
    /// The first error that is not a syntax error; nothing is assembled after it.
    failed: Option<AsmError>,
    /// Whether a syntax error was seen; nothing is assembled after it.
    stopped: bool,
    /// The label of every local name either parser has seen.
    by_name: HashMap<String, Label>,
    /// The labels of the parsing thread's label table, and of this thread's.
    theirs: Vec<Label>,
    mine: Vec<Label>,
    /// The syntax errors of the chunks parsed here.
    errors: Vec<AsmError>,
    /// Chunks ahead taken while waiting, not parsed yet.
    ahead: usize,
}

impl Flow<'_> {
    fn assembling(&self) -> bool {
        !self.stopped && self.failed.is_none()
    }
}

impl Assembler {
    /// [`assemble_source`](Self::assemble_source) with most of the text parsed on a second
    /// thread (see the module documentation).
    pub(super) fn assemble_source_pipelined(&mut self, src: &str) -> Result<(), Vec<AsmError>> {
        self.pipelined(src, &[])
    }

    /// [`assemble_source_pipelined`](Self::assemble_source_pipelined) with chunks `here` parsed
    /// on this thread whatever the timing (for the tests).
    fn pipelined(&mut self, src: &str, here: &[usize]) -> Result<(), Vec<AsmError>> {
        let full = self.listing.is_some();
        let chunks = Chunks::new(src);
        for o in here.iter().filter(|&&i| i > 0).filter_map(|&i| chunks.owners.get(i)) {
            o.store(ASSEMBLING_THREAD, Ordering::Relaxed);
        }
        let (to_asm, parsed) = mpsc::sync_channel::<Batch>(8);
        let (to_parser, spent) = mpsc::channel::<Spent>();
        std::thread::scope(|scope| {
            let chunks = &chunks;
            let parsing = scope.spawn(move || parse_chunks(chunks, full, &to_asm, &spent));
            let mut flow = Flow {
                src,
                failed: None,
                stopped: false,
                by_name: HashMap::new(),
                theirs: Vec::new(),
                mine: Vec::new(),
                errors: Vec::new(),
                ahead: 0,
            };
            let mut parser = Parser::new(full);
            let mut line = 1u32;
            for i in 0..chunks.len() {
                let (text, newlines) = chunks.text(i);
                let here = match chunks.owners[i].load(Ordering::Acquire) {
                    ASSEMBLING_THREAD => {
                        flow.ahead = flow.ahead.saturating_sub(1);
                        true
                    }
                    FREE => chunks.may_take_here(i) && chunks.take(i, ASSEMBLING_THREAD),
                    _ => false,
                };
                if here {
                    self.parse_here(&mut parser, &mut flow, text, line);
                } else if flow.assembling() {
                    self.assemble_chunk(chunks, i, &parsed, &to_parser, &mut flow);
                }
                line = line.saturating_add(newlines);
            }
            // What the parsing thread still sends is not needed (it may wait to send it).
            drop(to_parser);
            for _ in parsed.iter() {}
            let theirs = parsing.join().unwrap_or_else(|_| {
                vec![AsmError::Syntax {
                    at: Location::default(),
                    message: "internal error while parsing".into(),
                }]
            });
            let mut syntax: Vec<AsmError> = theirs.into_iter().chain(flow.errors).collect();
            // In the order of the text (each line's errors come from one parser, in order).
            syntax.sort_by_key(|e| match e {
                AsmError::Syntax { at, .. } => at.line,
                _ => 0,
            });
            match flow.failed {
                _ if !syntax.is_empty() => Err(syntax),
                Some(e) => Err(vec![e]),
                None => Ok(()),
            }
        })
    }

    /// Assembles chunk `i`'s batches from the parsing thread. While none is there, takes the
    /// next chunk nobody has started (at most [`AHEAD`] ahead of this one).
    fn assemble_chunk(
        &mut self,
        chunks: &Chunks,
        i: usize,
        parsed: &mpsc::Receiver<Batch>,
        to_parser: &mpsc::Sender<Spent>,
        flow: &mut Flow,
    ) {
        loop {
            let mut batch = match parsed.try_recv() {
                Ok(b) => b,
                Err(mpsc::TryRecvError::Disconnected) => return,
                Err(mpsc::TryRecvError::Empty) => {
                    if flow.ahead < AHEAD {
                        let next =
                            (i + 1..chunks.len()).find(|&j| chunks.owners[j].load(Ordering::Acquire) == FREE);
                        if next.is_some_and(|j| chunks.may_take_here(j) && chunks.take(j, ASSEMBLING_THREAD))
                        {
                            flow.ahead += 1;
                        }
                    }
                    match parsed.recv() {
                        Ok(b) => b,
                        Err(_) => return,
                    }
                }
            };
            chunks.pending.fetch_sub(1, Ordering::Relaxed);
            debug_assert_eq!(batch.chunk, i, "batches come in the order of the chunks");
            if flow.assembling() {
                if let Err(e) = self.map_names(&batch.labels, &mut flow.theirs, &mut flow.by_name) {
                    flow.failed = Some(e);
                }
            }
            let src = flow.src;
            let mut general = batch.stmts.iter();
            for pre in &batch.pre {
                if !flow.assembling() {
                    break;
                }
                if pre.form.is_some() {
                    flow.failed = self.place_pre(pre, &flow.theirs, src).err();
                } else if let Some(s) = general.next() {
                    flow.failed =
                        self.statement_mapped(s, &flow.theirs, &|sp| crate::syntax::span_text(src, sp)).err();
                }
            }
            batch.pre.clear();
            // The parser may have finished; then nobody needs them.
            let _ = to_parser.send(Spent { stmts: batch.stmts, pre: batch.pre });
            flow.stopped |= batch.stopped;
            if batch.end || batch.stopped {
                return;
            }
        }
    }

    /// Parses chunk `text` (starting at line `line`) here and assembles each line as it is
    /// parsed, up to the first syntax error; after one, or after another error, only collects
    /// the syntax errors.
    fn parse_here(&mut self, parser: &mut Parser, flow: &mut Flow, text: &str, line: u32) {
        let errors = parse_lines_with(parser, text, line, |parser, text_of, syntax_ok| {
            flow.stopped |= !syntax_ok;
            let p = parser.program();
            if !flow.assembling() {
                p.stmts.clear();
                return;
            }
            let mut batch = std::mem::take(&mut p.stmts);
            if let Err(e) = self.map_names(&p.labels[flow.mine.len()..], &mut flow.mine, &mut flow.by_name) {
                flow.failed = Some(e);
            }
            for s in batch.iter_mut() {
                if flow.assembling() {
                    flow.failed = self.statement_mapped(s, &flow.mine, text_of).err();
                }
                parser.recycle(s);
            }
            batch.clear();
            parser.program().stmts = batch;
        });
        flow.errors.extend(errors);
    }

    /// Appends an instruction the parsing thread encoded, its label mapped through `map`; the
    /// error of a CPU feature the target lacks is the one the general path gives (at the
    /// mnemonic, with the statement's text from `src`).
    fn place_pre(&mut self, pre: &Pre, map: &[Label], src: &str) -> Result<(), AsmError> {
        let Some(form) = pre.form else { return Ok(()) };
        if let Err(e) = self.check_feature(form) {
            let (line, col) = (pre.mnemonic.line, pre.mnemonic.col);
            let text = crate::syntax::span_text(src, pre.stmt);
            return Err(AsmError::Instruction { at: Location { line, col, text }, error: Box::new(e) });
        }
        let (item, shift) = (self.items.len(), self.code.len());
        self.code.extend_from_slice(&pre.bytes[..usize::from(pre.len)]);
        let (at, width, end, target, addend) = pre.reloc;
        if width != 0 {
            let target = match target {
                RelocTarget::Label(l) => RelocTarget::Label(map.get(l.0 as usize).copied().unwrap_or(l)),
                t => t,
            };
            let r = enc::Reloc { at: usize::from(at), width, end: usize::from(end), target, addend };
            self.push_reloc(item, shift, Some(r));
        }
        Ok(())
    }

    /// Appends to `map` the label for each of `names`: a local name's label is the one
    /// `by_name` has for it, or a fresh one it then has.
    fn map_names(
        &mut self,
        names: &[LabelName],
        map: &mut Vec<Label>,
        by_name: &mut HashMap<String, Label>,
    ) -> Result<(), AsmError> {
        for name in names {
            let l = match name {
                LabelName::Local(n) => match by_name.get(n) {
                    Some(l) => *l,
                    None => {
                        let l = self.named_label(Cow::Owned(n.clone()));
                        by_name.insert(n.clone(), l);
                        l
                    }
                },
                _ => {
                    let mut one = Vec::with_capacity(1);
                    self.map_labels(std::slice::from_ref(name), &mut one)?;
                    one[0]
                }
            };
            map.push(l);
        }
        Ok(())
    }
}

/// The parsing thread's batch being filled, and the buffers of spent batches.
struct Outbox<'c> {
    /// One entry for each statement since the last batch was sent; the program keeps the
    /// statements whose entry is [`Pre::GENERAL`], in order.
    pre: Vec<Pre>,
    scratch: Vec<u8>,
    empties: Vec<(Vec<Stmt>, Vec<Pre>)>,
    /// The parser's labels up to here went with earlier batches.
    sent_labels: usize,
    full: bool,
    to_asm: &'c mpsc::SyncSender<Batch>,
    spent: &'c mpsc::Receiver<Spent>,
    pending: &'c AtomicUsize,
}

impl Outbox<'_> {
    /// Encodes the statements the parser made from statement `from` on, where it can: those
    /// leave the program (their buffers go back to the parser while they are in this core's
    /// cache) and are sent as bytes; the others stay, in order.
    fn absorb(&mut self, parser: &mut Parser, from: usize) {
        let mut stmts = std::mem::take(&mut parser.program().stmts);
        let mut keep = from;
        for r in from..stmts.len() {
            let pre = if self.full { Pre::GENERAL } else { Pre::of(&mut stmts[r], &mut self.scratch) };
            self.pre.push(pre);
            if pre.form.is_some() {
                parser.recycle(&mut stmts[r]);
            } else {
                stmts.swap(keep, r);
                keep += 1;
            }
        }
        stmts.truncate(keep);
        parser.program().stmts = stmts;
    }

    /// Sends the batch of chunk `chunk` made so far.
    fn send(&mut self, parser: &mut Parser, chunk: usize, end: bool, stopped: bool) {
        // Buffers for the next batch: as many spent batches as that takes.
        while parser.spare() < BATCH {
            let Ok(mut s) = self.spent.try_recv() else { break };
            for st in s.stmts.iter_mut() {
                parser.recycle(st);
            }
            s.stmts.clear();
            self.empties.push((s.stmts, s.pre));
        }
        let (empty, empty_pre) =
            self.empties.pop().unwrap_or_else(|| (Vec::new(), Vec::with_capacity(BATCH)));
        let p: &mut Program = parser.program();
        let stmts = std::mem::replace(&mut p.stmts, empty);
        let pre = std::mem::replace(&mut self.pre, empty_pre);
        let labels = p.labels[self.sent_labels..].to_vec();
        self.sent_labels = p.labels.len();
        // The assembling thread stops receiving only when it no longer needs any.
        self.pending.fetch_add(1, Ordering::Relaxed);
        let _ = self.to_asm.send(Batch { stmts, pre, labels, chunk, end, stopped });
    }
}

/// The parsing thread: parses the chunks it gets, in order, into batches until the first
/// syntax error (the statements before it are sent, as the one-thread version would assemble
/// them), and returns every syntax error of its chunks.
fn parse_chunks(
    chunks: &Chunks,
    full: bool,
    to_asm: &mpsc::SyncSender<Batch>,
    spent: &mpsc::Receiver<Spent>,
) -> Vec<AsmError> {
    let mut parser = Parser::new(full);
    let mut errors = Vec::new();
    let (mut line, mut stopped) = (1u32, false);
    let mut out = Outbox {
        pre: Vec::with_capacity(BATCH),
        scratch: Vec::with_capacity(16),
        empties: Vec::new(),
        sent_labels: 0,
        full,
        to_asm,
        spent,
        pending: &chunks.pending,
    };
    for i in 0..chunks.len() {
        let (text, newlines) = chunks.text(i);
        // Every other chunk the assembling thread can parse is left to it (it parses and
        // assembles those while this thread parses the next one: about half of the work each,
        // placing this thread's encodings costs it little), unless it is behind by more than a
        // batch; then this thread keeps the chunk, which also evens out the ends.
        let behind = chunks.pending.load(Ordering::Relaxed) > 3;
        let theirs = i % 2 == 0 && !behind && chunks.may_take_here(i) && chunks.take(i, ASSEMBLING_THREAD);
        if theirs || !chunks.take(i, PARSING_THREAD) {
            line = line.saturating_add(newlines);
            continue;
        }
        // Statements of the batch being filled that came from lines before the current one.
        let mut kept = 0;
        let e = parse_lines_with(&mut parser, text, line, |parser, _, syntax_ok| {
            if stopped {
                parser.program().stmts.clear();
                return;
            }
            if !syntax_ok {
                // This line's statements are not assembled; the ones before it are.
                parser.program().stmts.truncate(kept);
                stopped = true;
                out.send(parser, i, true, true);
            } else {
                out.absorb(parser, kept);
                if out.pre.len() >= BATCH {
                    out.send(parser, i, false, false);
                }
            }
            kept = parser.program().stmts.len();
        });
        errors.extend(e);
        if !stopped {
            out.send(&mut parser, i, true, false);
        }
        line = line.saturating_add(newlines);
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes, listing and label offsets of a program, or its errors.
    type Outcome = Result<(Vec<u8>, String, Vec<Option<usize>>), Vec<String>>;

    /// The outcome on one thread, or on two with chunks `here` parsed by the assembling thread.
    fn run(src: &str, here: Option<&[usize]>, listing: bool) -> Outcome {
        let mut a = Assembler::new();
        a.set_listing(listing);
        let r = match here {
            Some(h) => a.pipelined(src, h),
            None => a.assemble_source_inline(src),
        };
        r.map_err(|es| es.iter().map(|e| e.to_string()).collect::<Vec<_>>())?;
        let code = a.assemble_at(0).map_err(|e| vec![e.to_string()])?;
        let text = code.listing_text();
        Ok((code.bytes, text, code.labels))
    }

    /// Whichever thread parses which chunk, the result is the one-thread result: labels used
    /// across chunks (local names shared by both parsers, forward and back), data, `times`,
    /// `align`, the listing, and syntax and other errors in chunks of either thread (every
    /// syntax error, in order; the statements before the first error assembled).
    #[test]
    fn chunks_parsed_on_either_thread_give_the_one_thread_result() {
        let mut src = String::new();
        for i in 0..3000 {
            let (a, b) = ((i * 7) % 3000, (i * 13) % 3000);
            src.push_str(&format!(
                "l{i}: mov rax, {i}\n add rax, [rip + l{a}]; jne l{b}\n  db 1, \"x\" # c\n"
            ));
            if i % 400 == 0 {
                src.push_str(&format!("@g{i}: call @g{i}\n times 3 nop\n align 16\n"));
            }
        }
        let n = Chunks::new(&src).len();
        assert!(n >= 5, "{n} chunks");
        let patterns: [&[usize]; 5] = [&[], &[1], &[2, 4], &[1, 2, 3, 4], &[n - 1]];
        let at_chunk = |k: usize, text: &str| {
            let c = Chunks::new(&src);
            let s = c.start(k);
            format!("{}{text}\n{}", &src[..s], &src[s..])
        };
        let cases = [
            src.clone(),
            at_chunk(2, "mov rax, [rbx"),
            at_chunk(1, "mov rax, ebx"),
            format!("{}\nadd rax rbx\nnop; mov rax, foo", at_chunk(3, "mov rax, ebx")),
            at_chunk(4, "l7: nop"),
            format!("{src}jmp nowhere\n"),
            format!("{}\n{}", at_chunk(1, "add rax rbx"), "mov rax, [rbx"),
            at_chunk(n - 1, "mov rax, [rbx"),
            format!("nop; add rax rbx\n{src}"),
            format!("mov rax, ebx\n{src}\nadd rax rbx"),
            // The CPU features checked where the instruction lands, whichever thread encoded it.
            format!(".arch x86-64\n{}", at_chunk(3, "vaddps ymm0, ymm1, [rip + l5]")),
            format!(".arch x86-64\n{}", at_chunk(3, ".arch +avx\nvaddps ymm0, ymm1, [rip + l5]")),
        ];
        for (c, s) in cases.iter().enumerate() {
            for listing in [false, true] {
                let one = run(s, None, listing);
                assert_eq!(one.is_ok(), c == 0 || c == 11, "case {c}: {:?}", one.as_ref().err());
                for here in patterns {
                    assert_eq!(run(s, Some(here), listing), one, "case {c}, chunks {here:?} here");
                }
            }
        }
    }

    #[test]
    fn chunks_are_whole_lines_and_cover_the_text() {
        let line = "    add rax, 1\n";
        let src = line.repeat(3 * CHUNK / line.len() + 7);
        let c = Chunks::new(&src);
        assert_eq!(c.len(), 4);
        let starts: Vec<usize> = (0..=c.len()).map(|i| c.start(i)).collect();
        assert_eq!((starts[0], starts[4]), (0, src.len()));
        for w in starts.windows(2) {
            assert!(w[0] < w[1], "{starts:?}");
        }
        for &s in &starts[1..4] {
            assert_eq!(&src[s - 1..s], "\n", "chunk starts at {s}");
        }
        let lines: u32 = (0..c.len()).map(|i| c.text(i).1).sum();
        assert_eq!(lines as usize, src.lines().count());
        // Every chunk goes to whoever asks first, once.
        assert!(c.take(0, ASSEMBLING_THREAD));
        assert!(!c.take(0, PARSING_THREAD));
        assert!(c.take(2, ASSEMBLING_THREAD));
        assert!(!c.take(2, PARSING_THREAD));
        assert!(c.take(2, ASSEMBLING_THREAD));
        assert!(c.take(1, PARSING_THREAD));
        // A chunk with `times` (any case) stays with the parsing thread.
        let src = format!("{}  TiMeS 3 nop\n{}", line.repeat(CHUNK / line.len() + 1), line.repeat(100));
        let c = Chunks::new(&src);
        assert_eq!(c.len(), 2);
        assert!(c.text(1).0.contains("TiMeS"), "{:?}", &c.text(1).0[..40]);
        assert!(!c.may_take_here(1));
        assert!(Chunks::new(&line.repeat(2 * CHUNK / line.len())).may_take_here(1));
    }

    #[test]
    fn times_is_found_at_every_offset_and_in_any_case() {
        let pad = "x".repeat(200);
        for at in 0..140 {
            for word in ["times", "TIMES", "tImEs"] {
                let t = format!("{}{word}{}", &pad[..at], &pad[..at % 7]);
                assert!(contains_times(t.as_bytes()), "{at} {word}");
            }
            // One letter short, or one letter wrong, at every offset: no hit.
            let t = format!("{}time{}", &pad[..at], &pad[..3]);
            assert!(!contains_times(t.as_bytes()), "{at}");
            let t = format!("{}timez{}", &pad[..at], &pad[..3]);
            assert!(!contains_times(t.as_bytes()), "{at}");
        }
        assert!(!contains_times(b"") && !contains_times(b"tim") && contains_times(b"times"));
    }
}

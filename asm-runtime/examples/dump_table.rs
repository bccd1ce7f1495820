//! Prints the instruction table: one line per operand kind and per row (see
//! `asm_runtime::isa::dump` for the format). `scripts/gen_corpus.py` reads this.
//!
//! ```text
//! cargo run -q -p asm-runtime --example dump_table
//! ```

fn main() {
    print!("{}", asm_runtime::isa::dump::table_text());
}

#!/usr/bin/env bash
# The whole benchmark suite in one command: our assembler next to dynasm-rs, iced-x86, AsmJit,
# GNU as and llvm-mc, printed as one markdown table.
#
#   scripts/bench.sh          # everything (about 4 minutes on 2 cores, plus the first build)
#   scripts/bench.sh quick    # fewer repetitions
#
# Parts:
#   1. `cargo bench --bench peers`: the emit workloads (a)-(d), 10,000 live functions, the
#      factorial JIT cycle, for ours, dynasm-rs and iced-x86 (benches/peers/); the emit rows
#      run in turns with AsmJit's for 3 rounds, the JIT rows for 5, with the floor under them
#      (the machine's cost of running freshly written code, measured with no assembler).
#   2. benches/asmjit/driver.cpp, built with g++ against Debian's libasmjit-dev (installed with
#      apt-get when missing and possible; otherwise the AsmJit column says why it is empty).
#   3. The text assemblers on the 100,000-line file of scripts/gen_text_bench.py: x86asm --hex,
#      as, llvm-mc -filetype=obj, taking turns for 9 rounds; the median of each.
#   4. Build time: benches/buildtime/gen.py writes crates with the same 5,000 instructions in
#      100 macro blocks (x86! and dynasm!; half the blocks with run-time operands, and again with
#      literal operands throughout); after one full build, each crate alone is rebuilt (source
#      touched) 3 times, median.
# Every part that lacks its tool prints a reason and leaves its cells empty.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
MODE=${1:-full}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$TARGET/bench-suite
mkdir -p "$OUT"
: > "$OUT/results.tsv"
: > "$OUT/notes.txt"
note() { echo "$*" | tee -a "$OUT/notes.txt" >&2; }
quick=""
[ "$MODE" = quick ] && quick=quick

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
now_ns() { date +%s%N; }

# --- 1. Rust peers --------------------------------------------------------------------------
echo "== building" >&2
cargo build --release --bin x86asm -q
cargo bench --bench peers --no-run -q 2>/dev/null || cargo bench --bench peers --no-run
peers_bin=$(cargo bench --bench peers --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "peers" and m.get("executable"):
        print(m["executable"])' | tail -1)
# Each (row, tool) of a file of rounds: the median of its values.
median_rows() {
    python3 - "$1" <<'PY'
import statistics, sys
rounds = {}
for line in open(sys.argv[1]):
    _, row, tool, value, unit, bytes_ = line.rstrip("\n").split("\t")
    rounds.setdefault((row, tool, unit, bytes_), []).append(float(value))
for (row, tool, unit, bytes_), vs in rounds.items():
    print(f"R\t{row}\t{tool}\t{statistics.median(vs):.3f}\t{unit}\t{bytes_}")
PY
}

# --- 2. AsmJit -------------------------------------------------------------------------------
echo "== AsmJit" >&2
if [ ! -f /usr/include/asmjit/x86.h ] && command -v apt-get > /dev/null && [ "$(id -u)" = 0 ]; then
    apt-get install -y libasmjit-dev > "$OUT/apt.log" 2>&1 ||
        { apt-get update > /dev/null 2>&1 && apt-get install -y libasmjit-dev > "$OUT/apt.log" 2>&1; } || true
fi
if [ ! -f /usr/include/asmjit/x86.h ]; then
    note "AsmJit: skipped, libasmjit-dev is not installed and could not be installed"
elif ! command -v g++ > /dev/null; then
    note "AsmJit: skipped, no g++"
elif ! g++ -O2 -std=c++17 benches/asmjit/driver.cpp -lasmjit -lrt -lpthread -o "$OUT/asmjit_driver" 2> "$OUT/asmjit_build.log"; then
    note "AsmJit: skipped, the driver does not build (see $OUT/asmjit_build.log)"
else
    asmjit_bin="$OUT/asmjit_driver"
fi

# --- Emit rows, in rounds --------------------------------------------------------------------
# The Rust peers' process (ours, dynasm-rs, iced-x86; each row a median of its repetitions)
# and AsmJit's take turns for 3 rounds; each figure is the median of its rounds, so that a
# slow spell of the machine falls on one round of every tool rather than on one tool.
echo "== emit rows (Rust peers and AsmJit in turns)" >&2
EMIT_ROUNDS=3
[ "$MODE" = quick ] && EMIT_ROUNDS=1
: > "$OUT/emit_rounds.tsv"
for _ in $(seq "$EMIT_ROUNDS"); do
    "$peers_bin" $quick emit > "$OUT/emit_round.txt"
    grep '^R' "$OUT/emit_round.txt" >> "$OUT/emit_rounds.tsv"
    if [ -n "${asmjit_bin:-}" ]; then
        "$asmjit_bin" $quick emit > "$OUT/asmjit_round.txt"
        grep '^R' "$OUT/asmjit_round.txt" >> "$OUT/emit_rounds.tsv"
    fi
done
grep '^H' "$OUT/emit_round.txt" >> "$OUT/results.tsv"
if [ -n "${asmjit_bin:-}" ]; then grep '^H' "$OUT/asmjit_round.txt" >> "$OUT/results.tsv"; fi
median_rows "$OUT/emit_rounds.tsv" >> "$OUT/results.tsv"

# --- JIT rows, in turns ----------------------------------------------------------------------
# Creating and running functions one at a time is dominated on some machines by the CPU's cost
# of running freshly written code, which changes with outside load: ours and AsmJit's JIT rows
# run in turns for 5 rounds (each a median of its own repetitions), and each figure is the
# median of its rounds. The floor rows (no assembler) run with ours.
echo "== JIT rows (ours and AsmJit in turns)" >&2
JIT_ROUNDS=5
[ "$MODE" = quick ] && JIT_ROUNDS=3
: > "$OUT/jit_rounds.tsv"
for _ in $(seq "$JIT_ROUNDS"); do
    "$peers_bin" $quick jit | grep '^R' >> "$OUT/jit_rounds.tsv"
    if [ -n "${asmjit_bin:-}" ]; then "$asmjit_bin" $quick jit | grep '^R' >> "$OUT/jit_rounds.tsv"; fi
done
median_rows "$OUT/jit_rounds.tsv" >> "$OUT/results.tsv"

# --- 3. Text assemblers ----------------------------------------------------------------------
echo "== text assemblers" >&2
python3 scripts/gen_text_bench.py > "$OUT/text.s"
LINES=$(wc -l < "$OUT/text.s")
# The tools take turns, round after round, so that changing outside load falls on all of
# them alike; each tool's figure is the median of its rounds.
ROUNDS=9
run_us() { # command... -> wall time in microseconds, or `fail`
    local s e
    s=$(now_ns)
    "$@" > /dev/null 2>&1 || { echo fail; return; }
    e=$(now_ns)
    echo $(( (e - s) / 1000 ))
}
text_tools=(ours)
text_cmds=("$TARGET/release/x86asm --hex $OUT/text.s")
if command -v as > /dev/null; then
    text_tools+=(as); text_cmds+=("as -o $OUT/text.o $OUT/text.s")
else
    note "text: GNU as not found"
fi
if command -v llvm-mc > /dev/null; then
    text_tools+=(llvm-mc); text_cmds+=("llvm-mc -filetype=obj -o $OUT/text_mc.o $OUT/text.s")
else
    note "text: llvm-mc not found"
fi
declare -A text_us
for _ in $(seq "$ROUNDS"); do
    for k in "${!text_tools[@]}"; do
        # The command lines hold no spaces inside arguments.
        # shellcheck disable=SC2086
        text_us[$k]+="$(run_us ${text_cmds[$k]}) "
    done
done
for k in "${!text_tools[@]}"; do
    tool=${text_tools[$k]}
    if [[ " ${text_us[$k]} " == *" fail "* ]]; then note "text: $tool failed"; continue; fi
    ms=$(printf '%s\n' ${text_us[$k]} | median | awk '{ printf "%.1f\n", $1 / 1000 }')
    printf 'R\ttext\t%s\t%s\tms\t%s\n' "$tool" "$ms" "$LINES" >> "$OUT/results.tsv"
done

# --- 4. Build time ---------------------------------------------------------------------------
echo "== build time" >&2
BT=$OUT/buildtime
python3 benches/buildtime/gen.py "$BT" "$ROOT"
for crate in ours dynasm ours_lit dynasm_lit; do
    tdir=$TARGET/buildtime-${crate%_lit}
    if ! (cd "$BT/$crate" && CARGO_TARGET_DIR=$tdir cargo build --release -q > "$OUT/build_$crate.log" 2>&1); then
        note "build time: the $crate crate does not build (see $OUT/build_$crate.log)"
        continue
    fi
    ms=$(for i in 1 2 3; do
        touch "$BT/$crate/src/lib.rs"
        s=$(now_ns)
        (cd "$BT/$crate" && CARGO_TARGET_DIR=$tdir cargo build --release -q)
        e=$(now_ns)
        echo $(( (e - s) / 1000000 ))
    done | median)
    # `ours_lit` -> row `build_lit`, tool `ours`.
    row=build; tool=$crate
    if [ "${crate%_lit}" != "$crate" ]; then row=build_lit; tool=${crate%_lit}; fi
    printf 'R\t%s\t%s\t%s\ts\t0\n' "$row" "$tool" "$(awk -v m="$ms" 'BEGIN { printf "%.2f", m / 1000 }')" >> "$OUT/results.tsv"
done

# --- The table -------------------------------------------------------------------------------
echo
echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
python3 benches/table.py "$OUT/results.tsv" "$OUT/notes.txt"

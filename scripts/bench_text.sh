#!/usr/bin/env bash
# Lines per second of the text assemblers on the 100,000-line Intel-syntax benchmark file:
# `x86asm --hex` (release build), GNU `as` and, if installed, `llvm-mc -filetype=obj`.
# The tools run in turns, 9 rounds; prints each one's median wall time and the ratio of
# lines/s against `as`.
#
#     scripts/bench_text.sh            # 100,000 lines
#     scripts/bench_text.sh 20000      # another count
set -euo pipefail

cd "$(dirname "$0")/.."
lines="${1:-100000}"
runs=9
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

python3 scripts/gen_text_bench.py "$lines" > "$dir/bench.s"
cargo build --release -q --bin x86asm
target="${CARGO_TARGET_DIR:-target}"
x86asm="$target/release/x86asm"

# Wall time in seconds of the command given as arguments (from the shell's own `time`, so no
# helper process is timed with it).
wall() {
    local TIMEFORMAT=%3R
    { time "$@" > /dev/null 2>&1; } 2>&1
}

# The tools take turns, round after round, so that changing outside load falls on all of them
# alike; each one's figure is the median of its rounds.
median() { sort -g | sed -n "$(( (runs + 1) / 2 ))p"; }
as_times=() x86_times=() mc_times=()
for _ in $(seq "$runs"); do
    x86_times+=("$(wall "$x86asm" --hex "$dir/bench.s")")
    as_times+=("$(wall as -o "$dir/b.o" "$dir/bench.s")")
    if command -v llvm-mc > /dev/null; then
        mc_times+=("$(wall llvm-mc -filetype=obj -o "$dir/m.o" "$dir/bench.s")")
    fi
done

report() {
    local name="$1" t="$2"
    printf '%-28s %8.4f s %12.0f lines/s %6.2fx as\n' "$name" "$t" \
        "$(echo "$lines / $t" | bc -l)" "$(echo "$as_time / $t" | bc -l)"
}

as_time=$(printf '%s\n' "${as_times[@]}" | median)
x86_time=$(printf '%s\n' "${x86_times[@]}" | median)
echo "$lines lines, median of $runs rounds"
report "x86asm --hex" "$x86_time"
report "as" "$as_time"
if [ "${#mc_times[@]}" -gt 0 ]; then
    report "llvm-mc -filetype=obj" "$(printf '%s\n' "${mc_times[@]}" | median)"
fi

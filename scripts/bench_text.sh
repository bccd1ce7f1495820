#!/usr/bin/env bash
# Lines per second of the text assemblers on the 100,000-line Intel-syntax benchmark file:
# `x86asm --hex` (release build), GNU `as` and, if installed, `llvm-mc -filetype=obj`.
# Prints the median wall time of 5 runs of each and the ratio of lines/s against `as`.
#
#     scripts/bench_text.sh            # 100,000 lines
#     scripts/bench_text.sh 20000      # another count
set -euo pipefail

cd "$(dirname "$0")/.."
lines="${1:-100000}"
runs=5
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

python3 scripts/gen_text_bench.py "$lines" > "$dir/bench.s"
cargo build --release -q --bin x86asm
target="${CARGO_TARGET_DIR:-target}"
x86asm="$target/release/x86asm"

# The median of $runs wall times (seconds, from the shell's own `time`, so no helper process is
# timed with them) of the command given as arguments.
median() {
    local times=() TIMEFORMAT=%3R
    for _ in $(seq "$runs"); do
        times+=("$({ time "$@" > /dev/null 2>&1; } 2>&1)")
    done
    printf '%s\n' "${times[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p"
}

report() {
    local name="$1" t="$2"
    printf '%-28s %8.4f s %12.0f lines/s %6.2fx as\n' "$name" "$t" \
        "$(echo "$lines / $t" | bc -l)" "$(echo "$as_time / $t" | bc -l)"
}

as_time=$(median as -o "$dir/b.o" "$dir/bench.s")
x86_time=$(median "$x86asm" --hex "$dir/bench.s")
echo "$lines lines, median of $runs runs"
report "x86asm --hex" "$x86_time"
report "as" "$as_time"
if command -v llvm-mc > /dev/null; then
    mc_time=$(median llvm-mc -filetype=obj -o "$dir/m.o" "$dir/bench.s")
    report "llvm-mc -filetype=obj" "$mc_time"
fi

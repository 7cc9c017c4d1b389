#!/usr/bin/env bash
# The jmap benchmark: whole-process timings against a plain serde floor.
#
#   bash benches/run.sh            # about 3-5 minutes on 2 cores
#   RUNS=3 bash benches/run.sh     # fewer runs per command (faster, noisier)
#   RUNS_LARGE=3 bash benches/run.sh  # runs at the largest size (default 5)
#   SIZES="1000 10000" bash benches/run.sh
#
# Builds `jmap` (release) and the floor (benches/floor, its own crate), writes synthetic
# journeys with benches/gen_journey.py into a temporary folder, times every command as a
# whole process (hyperfine when installed, else a plain loop), measures peak RSS with
# /usr/bin/time, and prints each median as a ratio to the floor at the same size.
# Needs: cargo, python3; hyperfine and GNU time are optional but recommended
# (`apt-get install -y hyperfine time`).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
RUNS=${RUNS:-10}
RUNS_LARGE=${RUNS_LARGE:-5}
SIZES=${SIZES:-"1000 10000 40000"}
FOLDER_COUNT=${FOLDER_COUNT:-1000}
FOLDER_SIZE=${FOLDER_SIZE:-100}
# stale-review depends on today's date: fix it so every run does the same work.
export JMAP_TODAY=2026-11-22

echo "== building (release)" >&2
cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" --bin jmap
cargo build --release --quiet --manifest-path "$ROOT/benches/floor/Cargo.toml"
JMAP=$CARGO_TARGET_DIR/release/jmap
FLOOR=$CARGO_TARGET_DIR/release/jmap-floor

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jmap-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
RESULTS=$WORK/results.tsv
: >"$RESULTS"

echo "== generating inputs in $WORK" >&2
for size in $SIZES; do
    python3 "$ROOT/benches/gen_journey.py" journey "$size" "$WORK/j$size.journey.yaml"
    python3 "$ROOT/benches/gen_journey.py" journey "$size" "$WORK/j$size-next.journey.yaml" --variant
done
python3 "$ROOT/benches/gen_journey.py" folder "$FOLDER_COUNT" "$FOLDER_SIZE" "$WORK/folder"

# Which optional subcommands this build has.
HELP=$("$JMAP" help 2>/dev/null || true)
has() { grep -qE "^  $1( |$)" <<<"$HELP"; }

# Peak RSS in KiB of one run (GNU time), or "-" when /usr/bin/time is missing.
peak_rss() {
    if [[ -x /usr/bin/time ]]; then
        /usr/bin/time -f '%M' -o "$WORK/rss" "$@" >/dev/null 2>&1 || true
        tail -n 1 "$WORK/rss"
    else
        echo "-"
    fi
}

# Median wall-clock seconds of RUNS runs (after one warm-up), tab, mean CPU seconds
# (user + system; "-" without hyperfine).
median_seconds() {
    if command -v hyperfine >/dev/null; then
        hyperfine --style none --warmup 1 --runs "$RUNS" --ignore-failure \
            --export-json "$WORK/h.json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print(r["median"], r["user"] + r["system"], sep="\t")' "$WORK/h.json"
    else
        "$@" >/dev/null 2>&1 || true
        local times=()
        for _ in $(seq "$RUNS"); do
            local start end
            start=$(date +%s%N)
            "$@" >/dev/null 2>&1 || true
            end=$(date +%s%N)
            times+=("$(( end - start ))")
        done
        printf '%s\n' "${times[@]}" | sort -n |
            python3 -c 'import sys; t=[int(x) for x in sys.stdin]; n=len(t); print((t[(n-1)//2]+t[n//2])/2e9, "-", sep="\t")'
    fi
}

# bench NAME SIZE FLOOR_NAME COMMAND...: one row of the table.
bench() {
    local name=$1 size=$2 floor=$3
    shift 3
    echo "   $name ($size)" >&2
    # Exit 1 (lint findings) is expected; 2 and above means the command did not run.
    local status=0
    "$@" >/dev/null 2>"$WORK/stderr" || status=$?
    if ((status >= 2)); then
        echo "   skipped: exit $status: $(head -c 300 "$WORK/stderr")" >&2
        return
    fi
    local times rss
    times=$(median_seconds "$@")
    rss=$(peak_rss "$@")
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$size" "$floor" "$times" "$rss" >>"$RESULTS"
}

# paired NAME SIZE COMMAND...: the command against the floor in interleaved pairs
# (benches/paired.py), for the ratio targets: the floor, timed alone minutes earlier, may
# have seen a quieter or a busier machine than the command.
PAIRED=$WORK/paired.tsv
: >"$PAIRED"
paired() {
    local name=$1 size=$2
    shift 2
    echo "   $name ($size), paired with the floor" >&2
    printf '%s\t%s\t%s\n' "$name" "$size" \
        "$(python3 "$ROOT/benches/paired.py" "$RUNS" "$FLOOR $WORK/j$size.journey.yaml" -- "$@")" >>"$PAIRED"
}

echo "== timing ($RUNS runs each)" >&2
largest=$(printf '%s\n' $SIZES | sort -n | tail -n 1)
all_runs=$RUNS
for size in $SIZES; do
    if [[ $size == "$largest" && $size -gt 10000 ]]; then RUNS=$RUNS_LARGE; else RUNS=$all_runs; fi
    file=$WORK/j$size.journey.yaml
    next=$WORK/j$size-next.journey.yaml
    bench floor "$size" floor "$FLOOR" "$file"
    bench "floor x2" "$size" "floor x2" "$FLOOR" "$file" "$next"
    bench "lint --format json" "$size" floor "$JMAP" lint --format json "$file"
    if has render; then bench render "$size" floor "$JMAP" render "$file" -o "$WORK/out.svg"; fi
    if has report; then bench report "$size" floor "$JMAP" report "$file" -o "$WORK/out.md"; fi
    if has diff; then bench diff "$size" "floor x2" "$JMAP" diff "$file" "$next"; fi
    if [[ $size == 1000 || $size == 10000 ]]; then
        if has render; then paired render "$size" "$JMAP" render "$file" -o "$WORK/out.svg"; fi
        if has report; then paired report "$size" "$JMAP" report "$file" -o "$WORK/out.md"; fi
    fi
done
RUNS=$all_runs
folder_label="${FOLDER_COUNT}x$FOLDER_SIZE"
bench "floor (folder)" "$folder_label" "floor (folder)" "$FLOOR" "$WORK/folder"
bench "lint --format json (folder)" "$folder_label" "floor (folder)" "$JMAP" lint --format json "$WORK/folder"
bench "lint (folder), 1 thread" "$folder_label" "floor (folder)" \
    env RAYON_NUM_THREADS=1 "$JMAP" lint --format json "$WORK/folder"

# A map as a picture (issue 13: PNG of a 50-touchpoint journey under 1 s): SVG, PNG and
# PDF of one journey of 50 touchpoints, all in one busy stage.
small=$WORK/j50.journey.yaml
python3 "$ROOT/benches/gen_journey.py" journey 50 "$small"
bench floor 50 floor "$FLOOR" "$small"
if has render; then
    bench "render (svg)" 50 floor "$JMAP" render "$small" -o "$WORK/out50.svg"
    bench "render (png)" 50 floor "$JMAP" render "$small" -o "$WORK/out50.png"
    bench "render (pdf)" 50 floor "$JMAP" render "$small" -o "$WORK/out50.pdf"
fi

python3 - "$RESULTS" "$(nproc)" "$PAIRED" <<'PY'
import sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1])]
pairs = {(name, size): float(ratio) for name, size, _, _, ratio in
         (line.rstrip("\n").split("\t") for line in open(sys.argv[3]))}
cores = sys.argv[2]
floor = {(name, size): (float(sec), rss) for name, size, _, sec, _, rss in rows if name.startswith("floor")}
median = {(name, size): float(sec) for name, size, _, sec, _, _ in rows}

def mib(rss):
    return "-" if rss == "-" else f"{int(rss) / 1024:.1f}"

def ms(seconds):
    return "-" if seconds == "-" else f"{float(seconds) * 1000:.1f}"

print()
print("median wall time of whole processes; CPU = mean user+system; ratios against the floor")
print("at the same size (`floor x2` parses both files given to diff)")
print()
print(f"{'command':<30} {'size':>9} {'median ms':>10} {'x floor':>8} {'CPU ms':>9} {'max RSS MiB':>12} {'x floor RSS':>12}")
for name, size, floor_name, sec, cpu, rss in rows:
    floor_sec, floor_rss = floor[(floor_name, size)]
    ratio = float(sec) / floor_sec
    rss_ratio = "-" if "-" in (rss, floor_rss) else f"{int(rss) / int(floor_rss):.2f}"
    print(f"{name:<30} {size:>9} {ms(sec):>10} {ratio:>8.2f} {ms(cpu):>9} {mib(rss):>12} {rss_ratio:>12}")

print()
print("targets (issue 8):")
def check(label, value, limit):
    if value is None:
        print(f"  {label:<52} n/a")
    else:
        print(f"  {label:<52} {value:6.2f} (<= {limit}) {'ok' if value <= limit else 'MISSED'}")

def ratio(a, b):
    return median[a] / median[b] if a in median and b in median else None

check("lint 10k / floor 10k", ratio(("lint --format json", "10000"), ("floor", "10000")), 1.25)
check("lint 40k / lint 10k", ratio(("lint --format json", "40000"), ("lint --format json", "10000")), 4.5)
rss = {(name, size): rss for name, size, _, _, _, rss in rows}
if rss.get(("lint --format json", "10000"), "-") != "-" and rss.get(("floor", "10000"), "-") != "-":
    check("peak RSS lint 10k / floor 10k", int(rss[("lint --format json", "10000")]) / int(rss[("floor", "10000")]), 2)
for command in ("render", "report"):
    for size in ("1000", "10000"):
        # Interleaved with the floor run by run (benches/paired.py): the median ratio.
        check(f"{command} {size} / floor {size} (paired runs)", pairs.get((command, size)), 3)
check("render PNG, 50 touchpoints (seconds)", median.get(("render (png)", "50")), 1)
check("render PDF, 50 touchpoints (seconds)", median.get(("render (pdf)", "50")), 1)
# Render's peak memory against lint's on the same file (the issue's 2x budget).
for size in sorted({size for name, size in rss if name == "render"}, key=int):
    lint_rss, render_rss = rss.get(("lint --format json", size), "-"), rss.get(("render", size), "-")
    if "-" not in (lint_rss, render_rss):
        check(f"peak RSS render {size} / lint {size}", int(render_rss) / int(lint_rss), 2)
folder = [key for key in median if key[0] == "lint --format json (folder)"]
if folder:
    size = folder[0][1]
    speedup = ratio(("lint (folder), 1 thread", size), ("lint --format json (folder)", size))
    print(f"  {'folder: 1-thread time / all-cores time (' + cores + ' cores)':<52} {speedup:6.2f}")
PY

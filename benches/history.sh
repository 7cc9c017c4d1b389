#!/usr/bin/env bash
# `jmap history` benchmark (issue 17): 200 commits of a 100-touchpoint journey.
#
#   bash benches/history.sh              # builds jmap (release), 10 timed runs
#   RUNS=5 COMMITS=400 bash benches/history.sh
#   JMAP=target/release/jmap bash benches/history.sh   # skip the build
#   LIBRARY=1 bash benches/history.sh    # metric-000 lives in a library; every other
#                                        # commit changes only the library
#
# Writes a throw-away git repository with benches/gen_journey.py: the first commit adds
# the journey, every later one changes a metric's `current` (every 20th also renames the
# file, every 50th breaks it and the next fixes it). Then times `jmap history FILE
# --format json` as a whole process (hyperfine when installed, else a plain loop) and
# prints the median. The target: under 2 s.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-10}
LIBRARY=${LIBRARY:-0}
COMMITS=${COMMITS:-200}
TOUCHPOINTS=${TOUCHPOINTS:-100}
export JMAP_TODAY=2026-11-22
if [[ -z "${JMAP:-}" ]]; then
    echo "== building (release)" >&2
    cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" --bin jmap
    JMAP=${CARGO_TARGET_DIR:-$ROOT/target}/release/jmap
fi
JMAP=$(cd "$(dirname "$JMAP")" && pwd)/$(basename "$JMAP")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jmap-history.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
git init -q
git config user.name bench
git config user.email bench@example.com
git config commit.gpgsign false

echo "== writing $COMMITS commits of a $TOUCHPOINTS-touchpoint journey in $WORK" >&2
# LIBRARY=1: metric-000's definition moves to shared.jmap-lib.yaml, the journey lists it.
to_library() {
    [[ "$LIBRARY" == 1 ]] || return 0
    local definition
    definition=$(grep -m1 -- '- {id: metric-000,' "$1")
    printf 'jmap: 1\nlibrary:\n  metrics:\n  %s\n' "$definition" >shared.jmap-lib.yaml
    sed -i -E -e 's/^  - \{id: metric-000,.*$/  - metric-000/' \
        -e '0,/^jmap: 1$/s//jmap: 1\nuses: [shared.jmap-lib.yaml]/' "$1"
}
python3 "$ROOT/benches/gen_journey.py" journey "$TOUCHPOINTS" journey-0.journey.yaml
name=journey-0.journey.yaml
to_library "$name"
git add -A
git commit -qm "journey"
for ((i = 1; i < COMMITS; i++)); do
    if ((i % 50 == 0)); then
        printf 'jmap: 1\njourney: [broken\n' >>"$name"
        git commit -qam "break $i"
        continue
    fi
    if ((i % 50 == 1 && i > 1)); then
        python3 "$ROOT/benches/gen_journey.py" journey "$TOUCHPOINTS" "$name"
        to_library "$name"
    fi
    if ((i % 20 == 0)); then
        git mv "$name" "journey-$i.journey.yaml"
        name="journey-$i.journey.yaml"
    fi
    if [[ "$LIBRARY" == 1 ]] && ((i % 2 == 1)); then
        sed -i -E "s/current: [0-9]+/current: $((40 + i % 50))/" shared.jmap-lib.yaml
        git commit -qam "library change $i"
        continue
    fi
    sed -i -E "0,/current: [0-9]+/s//current: $((40 + i % 50))/" "$name"
    git commit -qam "change $i"
done
echo "== $(git rev-list --count HEAD) commits; timing jmap history $name" >&2

rows=$("$JMAP" history "$name" --format csv | tail -n +2 | wc -l)
echo "rows: $rows" >&2
if command -v hyperfine >/dev/null; then
    hyperfine --warmup 1 --runs "$RUNS" --export-json "$WORK/h.json" \
        "$JMAP history $name --format json" >&2
    python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"median {r['median']:.3f} s, mean {r['mean']:.3f} s, min {r['min']:.3f} s, max {r['max']:.3f} s over {len(r['times'])} runs\")" "$WORK/h.json"
else
    "$JMAP" history "$name" --format json >/dev/null
    times=()
    for ((run = 0; run < RUNS; run++)); do
        start=$(date +%s.%N)
        "$JMAP" history "$name" --format json >/dev/null
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc)")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median %.3f s, min %.3f s, max %.3f s over %d runs\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2), a[1], a[NR], NR}'
fi

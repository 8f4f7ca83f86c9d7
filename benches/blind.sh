#!/usr/bin/env bash
# Score keylint on a labelled blind corpus (benches/blind/gen.py's output: one directory per
# synthetic repository + labels.jsonl), and optionally the peers on the same corpus.
# Fetches nothing.
#
#   benches/blind.sh [--scorer PY] [--peers "gitleaks betterleaks ..."] [--keylint-args "ARGS"] CORPUS
#
#   e.g. python3 benches/blind/gen.py /work/eval/blind-a && benches/blind.sh /work/eval/blind-a
#
# Contract with the corpus: CORPUS/labels.jsonl exists, and the scorer (default
# benches/blind/score.py) is run as `python3 SCORER CORPUS/labels.jsonl FINDINGS.jsonl`, with
# FINDINGS in the peers' format {"tool","path","line","rule"}, paths relative to CORPUS; its
# standard output is the score. Hidden top-level entries (.meta/ holds the raw values) and
# labels.jsonl itself are never scanned, nor scored: findings under them are dropped.
# keylint runs as a user runs it, once per top-level directory of CORPUS (one repository each,
# its .keylint.toml honoured; its .gitignore too if it is a git repository): `keylint scan --format json --exit-zero -o R
# CORPUS/REPO` (+ --keylint-args, e.g. "--no-ignore"); top-level files, if any, in one more run.
# Converted by benches/keylint_jsonl.py: tool "keylint" = every reported finding, with the other members of its key set
# on their own lines (--key-sets: the API key beside a reported secret);
# "keylint-failing" = only findings that fail a build, scored too when the report marks some
# finding "failing": false.
# Peers (optional): shared/peers/run_peer.sh NAME CORPUS, the same filter on .meta/ and
# labels.jsonl, one score per tool.
# Written to RESULTS_DIR/<date>-<commit>-blind-<corpus name>/: score-<tool>.txt, <tool>.jsonl,
# summary.txt (every score's last 20 lines).
set -euo pipefail
# shellcheck source=benches/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

usage() {
    sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

SCORER=$BENCH_ROOT/benches/blind/score.py
PEERS=""
KARGS=""
while [ $# -gt 0 ]; do
    case "$1" in
        --scorer) SCORER=$2; shift 2 ;;
        --peers) PEERS=$2; shift 2 ;;
        --keylint-args) KARGS=$2; shift 2 ;;
        -h | --help) usage ;;
        --) shift; break ;;
        -*) die "unknown option $1" ;;
        *) break ;;
    esac
done
[ $# -eq 1 ] || usage
CORPUS=$(cd "$1" && pwd) || die "not a directory: $1"
LABELS=$CORPUS/labels.jsonl
[ -f "$LABELS" ] || die "no labels.jsonl in $CORPUS"
[ -f "$SCORER" ] || die "no scorer at $SCORER (benches/blind/score.py comes with the corpus generator; or --scorer PY)"

resolve_keylint
OUT_DIR=$(make_results_dir "blind-$(basename "$CORPUS")")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
read -r -a KARGV <<<"$KARGS"
read -r -a PEER_LIST <<<"$PEERS"

# keep_corpus: drop findings under hidden top-level entries and on labels.jsonl (stdin -> stdout)
keep_corpus() {
    python3 -c '
import json, sys
for ln in sys.stdin:
    r = json.loads(ln)
    p = r["path"]
    if p == "labels.jsonl" or p.startswith("."):
        continue
    sys.stdout.write(ln)'
}

# keylint_on TARGET...: scan, convert relative to CORPUS, append to keylint{,-failing}.jsonl
keylint_on() {
    local rc=0
    "$KEYLINT" scan "${KARGV[@]}" --format json --exit-zero --output "$WORK/report.json" "$@" 2> "$WORK/err" || rc=$?
    [ "$rc" -eq 0 ] || note "keylint exited $rc on $* (2 = incomplete scan): $(tail -c 300 "$WORK/err")"
    [ -s "$WORK/report.json" ] || die "keylint wrote no report for $*"
    python3 "$BENCH_ROOT/benches/keylint_jsonl.py" --key-sets --root "$CORPUS" "$WORK/report.json" | keep_corpus >> "$WORK/keylint.jsonl"
    python3 "$BENCH_ROOT/benches/keylint_jsonl.py" --key-sets --root "$CORPUS" --failing-only "$WORK/report.json" | keep_corpus |
        sed 's/"tool": "keylint"/"tool": "keylint-failing"/' >> "$WORK/keylint-failing.jsonl"
}

: > "$WORK/keylint.jsonl"
: > "$WORK/keylint-failing.jsonl"
files=()
start=$(date +%s.%N)
for entry in "$CORPUS"/*; do
    [ -e "$entry" ] || continue
    case "$(basename "$entry")" in labels.jsonl) continue ;; esac
    if [ -d "$entry" ] && [ ! -L "$entry" ]; then
        keylint_on "$entry"
    elif [ -f "$entry" ]; then
        files+=("$entry")
    fi
done
if [ ${#files[@]} -gt 0 ]; then keylint_on "${files[@]}"; fi
end=$(date +%s.%N)

TOOLS=(keylint)
cp "$WORK/keylint.jsonl" "$OUT_DIR/keylint.jsonl"
if ! cmp -s <(sed 's/"tool": "keylint-failing"/"tool": "keylint"/' "$WORK/keylint-failing.jsonl") "$WORK/keylint.jsonl"; then
    cp "$WORK/keylint-failing.jsonl" "$OUT_DIR/keylint-failing.jsonl"
    TOOLS+=(keylint-failing)
fi
for p in "${PEER_LIST[@]}"; do
    if PEERS_DIR=$PEERS_DIR "$PEERS_SRC/run_peer.sh" "$p" "$CORPUS" "$WORK/peer.jsonl" 2> "$WORK/peer.err"; then
        keep_corpus < "$WORK/peer.jsonl" > "$OUT_DIR/$p.jsonl"
        TOOLS+=("$p")
    else
        note "$p failed: $(tail -c 300 "$WORK/peer.err")"
    fi
done

{
    machine_note
    echo "# corpus $CORPUS ($(grep -c . "$LABELS") labels), scorer $SCORER"
    echo "# keylint: scan ${KARGS:+$KARGS }--format json --exit-zero, one run per repository; $(printf '%.2f' "$(echo "$end - $start" | bc -l)") s in all"
} > "$OUT_DIR/summary.txt"
for t in "${TOOLS[@]}"; do
    python3 "$SCORER" "$LABELS" "$OUT_DIR/$t.jsonl" > "$OUT_DIR/score-$t.txt" || note "scorer failed on $t"
    {
        echo "== $t ($(wc -l < "$OUT_DIR/$t.jsonl") findings) =="
        tail -20 "$OUT_DIR/score-$t.txt"
    } >> "$OUT_DIR/summary.txt"
done
cat "$OUT_DIR/summary.txt"
echo "results: $OUT_DIR"

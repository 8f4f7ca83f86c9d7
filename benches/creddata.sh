#!/usr/bin/env bash
# Score keylint on the CredData subset (shared/creddata), side by side with the peer scanners.
# Fetches nothing: the data is rebuilt beforehand by shared/creddata/build.py.
#
#   benches/creddata.sh [--data DIR] [--labels FILE] [--peers FILE.jsonl | --run-peers]
#                       [--keylint-args "ARGS"]
#
#   e.g. benches/creddata.sh                 # keylint, plus the cached peers when present
#        benches/creddata.sh --run-peers     # (re)run all 8 peers first (~10-14 min), cache them
#
# Inputs (defaults): --data /work/eval/creddata/data, --labels /work/eval/creddata/labels.jsonl
# (build: MIRROR=/work/.mirror EVAL_DATA=/work/eval python3 shared/creddata/build.py, with
# Samsung/CredData and the repositories of build.py's SUBSET fetched into /work/.mirror as
# <owner>+<name>/repo). The scorer is shared/creddata/score.py (SCORER=... to override).
#
# keylint: `scan --no-ignore --no-config --format json --exit-zero -o R DATA` (the peers read no
# .gitignore either), converted by benches/keylint_jsonl.py; tool "keylint" = every reported
# finding (with the other members of its key set on their own lines: --key-sets), and "keylint-failing" (= only findings that would fail a build) is added when the
# report marks some finding "failing": false.
# Peers: the JSON lines of shared/peers/run_peer.sh all DATA, cached in
# RESULTS_DIR/creddata-peers/peers.jsonl with the sha256 of the labels file they were made for
# (labels.sha256); --run-peers refreshes the cache, --peers FILE uses another file; a cache made
# for other labels is not used.
#
# Figures (score.py): recall, precision, F1, precision_lb (unlabelled hits counted as FP), TP/FP/FN
# per tool, at line level; the headline excludes CredData's UUID labels (--exclude UUID); the full
# set is scored too. Per-category recall and precision side by side (score.py's grouping by kind,
# UUID excluded). Written to RESULTS_DIR/<date>-<commit>-creddata/: summary.txt, headline.json,
# by-kind.txt, score-*.txt (score.py's own output), findings.jsonl (keylint + peers).
set -euo pipefail
# shellcheck source=benches/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

usage() {
    sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

DATA=/work/eval/creddata/data
LABELS=/work/eval/creddata/labels.jsonl
SCORER=${SCORER:-/work/shared/creddata/score.py}
PEERS_JSONL=""
RUN_PEERS=0
KARGS=""
while [ $# -gt 0 ]; do
    case "$1" in
        --data) DATA=$2; shift 2 ;;
        --labels) LABELS=$2; shift 2 ;;
        --peers) PEERS_JSONL=$2; shift 2 ;;
        --run-peers) RUN_PEERS=1; shift ;;
        --keylint-args) KARGS=$2; shift 2 ;;
        -h | --help) usage ;;
        *) die "unknown argument $1" ;;
    esac
done
[ -d "$DATA" ] || die "no CredData data directory: $DATA (see shared/creddata/README.md)"
[ -f "$LABELS" ] || die "no labels file: $LABELS"
[ -f "$SCORER" ] || die "no scorer: $SCORER"

resolve_keylint
OUT_DIR=$(make_results_dir creddata)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
read -r -a KARGV <<<"$KARGS"
LABELS_SHA=$(sha256sum "$LABELS" | cut -d' ' -f1)

CACHE=$RESULTS_DIR/creddata-peers
if [ "$RUN_PEERS" = 1 ]; then
    mkdir -p "$CACHE"
    echo "running every peer over $DATA (10-14 minutes on 2 cores) ..." >&2
    PEERS_DIR=$PEERS_DIR PEER_TIMINGS=$CACHE/timings.tsv nice -n 5 "$PEERS_SRC/run_peer.sh" all "$DATA" "$CACHE/peers.jsonl.part" 2> "$CACHE/run.log" ||
        note "some peer failed, see $CACHE/run.log"
    mv "$CACHE/peers.jsonl.part" "$CACHE/peers.jsonl"
    echo "$LABELS_SHA  $LABELS" > "$CACHE/labels.sha256"
fi
if [ -z "$PEERS_JSONL" ] && [ -f "$CACHE/peers.jsonl" ]; then
    if [ "$(cut -d' ' -f1 "$CACHE/labels.sha256" 2>/dev/null)" = "$LABELS_SHA" ]; then
        PEERS_JSONL=$CACHE/peers.jsonl
    else
        note "$CACHE/peers.jsonl was made for other labels; not used (--run-peers to refresh)"
    fi
fi

rc=0
/usr/bin/time -f "%e %M" -o "$WORK/time" "$KEYLINT" scan --no-ignore --no-config "${KARGV[@]}" \
    --format json --exit-zero --output "$WORK/report.json" "$DATA" 2> "$WORK/keylint.err" || rc=$?
[ "$rc" -eq 0 ] || note "keylint exited $rc (2 = incomplete scan; findings still scored): $(tail -c 300 "$WORK/keylint.err")"
[ -s "$WORK/report.json" ] || die "keylint wrote no report"
python3 "$BENCH_ROOT/benches/keylint_jsonl.py" --key-sets --root "$DATA" "$WORK/report.json" > "$WORK/keylint.jsonl"
python3 "$BENCH_ROOT/benches/keylint_jsonl.py" --key-sets --root "$DATA" --failing-only "$WORK/report.json" |
    sed 's/"tool": "keylint"/"tool": "keylint-failing"/' > "$WORK/keylint-failing.jsonl"
cat "$WORK/keylint.jsonl" > "$OUT_DIR/findings.jsonl"
if [ "$(wc -l < "$WORK/keylint.jsonl")" != "$(wc -l < "$WORK/keylint-failing.jsonl")" ]; then
    cat "$WORK/keylint-failing.jsonl" >> "$OUT_DIR/findings.jsonl"
fi
if [ -n "$PEERS_JSONL" ]; then cat "$PEERS_JSONL" >> "$OUT_DIR/findings.jsonl"; fi

read -r secs rss < <(tail -1 "$WORK/time")
{
    machine_note
    echo "# data $DATA ($(find "$DATA" -type f | wc -l) files), labels $LABELS (sha256 ${LABELS_SHA:0:12})"
    echo "# keylint scan: ${secs} s, peak RSS $((rss / 1024)) MiB, exit $rc; peers: ${PEERS_JSONL:-none}"
} > "$OUT_DIR/summary.txt"

python3 "$SCORER" "$LABELS" "$OUT_DIR/findings.jsonl" --exclude UUID --by kind > "$OUT_DIR/score-exclude-uuid.txt"
python3 "$SCORER" "$LABELS" "$OUT_DIR/findings.jsonl" --by kind > "$OUT_DIR/score-all-labels.txt"

python3 - "$SCORER" "$LABELS" "$OUT_DIR" <<'PY' | tee -a "$OUT_DIR/summary.txt"
import collections, importlib.util, json, os, sys
scorer, labels_path, out_dir = sys.argv[1:4]
spec = importlib.util.spec_from_file_location("score", scorer)
sc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sc)  # the shared scorer's own functions: nothing re-implemented here


def load_labels(exclude):
    labels = {}
    for lab in sc.load_jsonl(labels_path):
        kind = str(lab.get("kind", ""))
        if exclude and set(kind.split(":")) & set(exclude):
            continue
        labels[(sc.norm(lab["path"]), int(lab["line"]))] = {"label": lab["label"], "kind": kind}
    return labels


findings = sc.load_jsonl(os.path.join(out_dir, "findings.jsonl"))
by_tool = collections.defaultdict(list)
for f in findings:
    by_tool[f.get("tool", "?")].append(f)
order = [t for t in ("keylint", "keylint-failing") if t in by_tool] + sorted(
    t for t in by_tool if not t.startswith("keylint"))
headline = {}
for title, exclude in (("HEADLINE: CredData subset, UUID labels excluded", ["UUID"]),
                       ("all labels (UUID included)", [])):
    labels = load_labels(exclude)
    res = {t: sc.score(labels, by_tool[t], "kind") for t in order}
    npos = sum(1 for v in labels.values() if v["label"] == "positive")
    print("== %s: %d labelled lines, %d positive ==" % (title, len(labels), npos))
    print("%-16s %7s %9s %7s %12s %6s %6s %6s %7s" % ("tool", "recall", "precision", "F1", "precision_lb",
                                                      "TP", "FP", "FN", "unlab"))
    for t in order:
        s = res[t]
        print("%-16s %7.3f %9.3f %7.3f %12.3f %6d %6d %6d %7d" % (
            t, s["recall"], s["precision"], s["f1"], s["precision_lb"], s["tp"], s["fp"], s["fn"],
            s["unlabelled_hits"]))
        if exclude:
            headline[t] = sc.summary(t, s)
    print()
    if exclude:
        kinds = sorted(res[order[0]]["_groups"].items(), key=lambda kv: (-kv[1][0], -kv[1][2], kv[0])) if order else []
        with open(os.path.join(out_dir, "by-kind.txt"), "w") as f:
            f.write("# per CredData category (UUID excluded): recall% / precision% (TP+FP>0 else -); pos, neg = labelled lines\n")
            f.write("%-34s %5s %5s" % ("kind", "pos", "neg") + "".join(" %15s" % t[:15] for t in order) + "\n")
            for kind, (npos_k, _, nneg_k, _) in kinds:
                cells = []
                for t in order:
                    _, h, _, fh = res[t]["_groups"][kind]
                    rec = 100.0 * h / npos_k if npos_k else float("nan")
                    pre = "%.0f" % (100.0 * h / (h + fh)) if h + fh else "-"
                    cells.append(" %15s" % ("%s/%s" % ("%.0f" % rec if npos_k else "-", pre)))
                f.write("%-34s %5d %5d" % (kind[:34], npos_k, nneg_k) + "".join(cells) + "\n")
json.dump(headline, open(os.path.join(out_dir, "headline.json"), "w"), indent=1)
print("per-category table: " + os.path.join(out_dir, "by-kind.txt"))
PY
echo "results: $OUT_DIR"

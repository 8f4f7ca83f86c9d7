#!/usr/bin/env bash
# Noise on real trees: failing finding-lines per 100,000 lines, keylint and (optionally) peers.
# Fetches nothing; takes directories.
#
#   benches/noise.sh [--peers "gitleaks betterleaks ripsecrets kingfisher"] [--name NAME]
#                    [--keylint-args "ARGS"] DIR [DIR ...]
#
#   e.g. benches/noise.sh --name bots4 --peers "gitleaks betterleaks ripsecrets kingfisher" \
#            /work/eval/real/{freqtrade,hummingbot,jesse,octobot}
#        benches/noise.sh --name extra /work/eval/real-extra/*/
#
# keylint runs as a user runs it in each DIR: `keylint scan --format json --exit-zero -o R DIR`
# (its default file selection: .gitignore honoured, a .keylint.toml in DIR read), plus
# --keylint-args if given (e.g. "--no-ignore" for the peers' file selection). The report is
# converted by benches/keylint_jsonl.py --key-sets --failing-only (a finding fails the build unless it
# carries "failing": false). Peers run through shared/peers/run_peer.sh (PEERS_DIR, PEERS_SRC;
# see benches/lib/common.sh), each with its default rules; every peer finding counts as failing
# (each peer fails a build on any finding).
#
# Figures:
#   finding-line   a distinct (path, line) with at least one failing finding, whatever the number
#                  of rules on it (detect-secrets and credsweeper often put 2-3 rules on a line)
#   lines          benches/lib/textfiles.py over the same DIRs, the same number for every tool:
#                  every regular file outside .git/, symlinks not followed, that has no NUL byte in
#                  its first 8 KiB; lines = LF count, +1 for a last line without LF. Binary files
#                  add no lines (`wc -l` over every file would add their LF bytes: on the four bot
#                  repositories 1.55 M "lines" instead of 1.30 M).
#   per 100k       100000 * finding-lines / lines, per DIR and over all DIRs.
# Written to RESULTS_DIR/<date>-<commit>-noise-<name>/: summary.txt (the table), files.json,
# <tool>.jsonl (findings, paths prefixed with the DIR's base name), keylint-lines.txt (every
# keylint finding-line: path:line, rule ids, severity/confidence, redacted preview = at most 4
# characters and the length, never a raw value), for reading by hand.
set -euo pipefail
# shellcheck source=benches/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

usage() {
    sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

PEERS=""
NAME=""
KARGS=""
while [ $# -gt 0 ]; do
    case "$1" in
        --peers) PEERS=$2; shift 2 ;;
        --name) NAME=$2; shift 2 ;;
        --keylint-args) KARGS=$2; shift 2 ;;
        -h | --help) usage ;;
        --) shift; break ;;
        -*) die "unknown option $1" ;;
        *) break ;;
    esac
done
[ $# -ge 1 ] || usage
for d in "$@"; do [ -d "$d" ] || die "not a directory: $d"; done

resolve_keylint
OUT_DIR=$(make_results_dir "noise${NAME:+-$NAME}")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
read -r -a KARGV <<<"$KARGS"
read -r -a PEER_LIST <<<"$PEERS"

machine_note > "$OUT_DIR/summary.txt"
echo "# keylint: scan ${KARGS:+$KARGS }--format json --exit-zero; peers: ${PEERS:-none}" >> "$OUT_DIR/summary.txt"
python3 "$BENCH_ROOT/benches/lib/textfiles.py" "$@" > "$OUT_DIR/files.json"

# Base names label the DIRs in the output; they must be distinct.
declare -A SEEN=()
for d in "$@"; do
    b=$(basename "$(cd "$d" && pwd)")
    [ -z "${SEEN[$b]:-}" ] || die "two directories named $b"
    SEEN[$b]=1
done

: > "$OUT_DIR/keylint.jsonl"
: > "$OUT_DIR/keylint-details.jsonl"
for p in "${PEER_LIST[@]}"; do : > "$OUT_DIR/$p.jsonl"; done
for d in "$@"; do
    abs=$(cd "$d" && pwd)
    b=$(basename "$abs")
    rc=0
    "$KEYLINT" scan "${KARGV[@]}" --format json --exit-zero --output "$WORK/report.json" "$abs" 2> "$WORK/keylint.err" || rc=$?
    [ "$rc" -eq 0 ] || note "keylint exited $rc on $d (2 = incomplete scan; findings still counted): $(tail -c 300 "$WORK/keylint.err")"
    [ -s "$WORK/report.json" ] || die "keylint wrote no report for $d"
    python3 "$BENCH_ROOT/benches/keylint_jsonl.py" --key-sets --failing-only --details --root "$abs" "$WORK/report.json" |
        python3 -c '
import json, sys
prefix = sys.argv[1]
for ln in sys.stdin:
    r = json.loads(ln)
    r["path"] = prefix + "/" + r["path"]
    print(json.dumps(r, ensure_ascii=False))' "$b" > "$WORK/kl.jsonl"
    cat "$WORK/kl.jsonl" >> "$OUT_DIR/keylint-details.jsonl"
    python3 -c '
import json, sys
for ln in sys.stdin:
    r = json.loads(ln)
    print(json.dumps({k: r[k] for k in ("tool", "path", "line", "rule")}, ensure_ascii=False))' < "$WORK/kl.jsonl" >> "$OUT_DIR/keylint.jsonl"
    for p in "${PEER_LIST[@]}"; do
        if PEERS_DIR=$PEERS_DIR "$PEERS_SRC/run_peer.sh" "$p" "$abs" "$WORK/peer.jsonl" 2> "$WORK/peer.err"; then
            python3 -c '
import json, sys
for ln in sys.stdin:
    r = json.loads(ln)
    r["path"] = sys.argv[1] + "/" + r["path"]
    print(json.dumps(r, ensure_ascii=False))' "$b" < "$WORK/peer.jsonl" >> "$OUT_DIR/$p.jsonl"
        else
            note "$p failed on $d: $(tail -c 300 "$WORK/peer.err")"
            echo "$b" >> "$OUT_DIR/$p.failed"
        fi
    done
done

python3 - "$OUT_DIR" "$@" <<'PY' | tee -a "$OUT_DIR/summary.txt"
import collections, json, os, sys
out_dir, dirs = sys.argv[1], sys.argv[2:]
files = json.load(open(os.path.join(out_dir, "files.json")))
names = [os.path.basename(os.path.abspath(d)) for d in dirs]
lines = {os.path.basename(os.path.abspath(d)): files["dirs"][d]["text_lines"] for d in dirs}
total = sum(lines.values())
tools = ["keylint"] + sorted(f[:-6] for f in os.listdir(out_dir)
                             if f.endswith(".jsonl") and f not in ("keylint.jsonl", "keylint-details.jsonl"))
print("# lines (text files, same set for every tool): " + ", ".join(
    "%s %d" % (n, lines[n]) for n in names) + ", total %d" % total)
head = "%-13s" % "tool" + "".join("%16s" % n[:15] for n in names) + "%16s%12s" % ("all", "per 100k")
print(head)
summary = {}
for tool in tools:
    per = collections.defaultdict(set)
    with open(os.path.join(out_dir, tool + ".jsonl"), encoding="utf-8") as f:
        for ln in f:
            r = json.loads(ln)
            d, _, rest = r["path"].partition("/")
            per[d].add((rest, r["line"]))
    failed = set()
    if os.path.exists(os.path.join(out_dir, tool + ".failed")):
        failed = set(open(os.path.join(out_dir, tool + ".failed")).read().split())
    n_all = sum(len(per[n]) for n in names)
    cells = "".join("%16s" % ("failed" if n in failed else "%d (%.1f)" % (len(per[n]), 1e5 * len(per[n]) / max(lines[n], 1)))
                    for n in names)
    print("%-13s" % tool + cells + "%16d%12.2f" % (n_all, 1e5 * n_all / max(total, 1)))
    summary[tool] = {"finding_lines": n_all, "per_100k": round(1e5 * n_all / max(total, 1), 2),
                     "by_dir": {n: len(per[n]) for n in names}, "failed_dirs": sorted(failed)}
print("# cells: finding-lines (per 100k lines of that tree)")
json.dump({"lines": lines, "total_lines": total, "tools": summary},
          open(os.path.join(out_dir, "summary.json"), "w"), indent=1)

# keylint's finding-lines for reading by hand: one line each, rules merged, values redacted
by_line = collections.OrderedDict()
with open(os.path.join(out_dir, "keylint-details.jsonl"), encoding="utf-8") as f:
    for ln in f:
        r = json.loads(ln)
        by_line.setdefault((r["path"], r["line"]), []).append(r)
with open(os.path.join(out_dir, "keylint-lines.txt"), "w", encoding="utf-8") as f:
    f.write("# path:line\trules\tseverity/confidence/detector\tredacted preview (<=4 chars + length)\n")
    for (path, line), rs in sorted(by_line.items()):
        f.write("%s:%d\t%s\t%s\t%s\n" % (
            path, line, ",".join(sorted({r["rule"] for r in rs})),
            ",".join(sorted({"%s/%s/%s" % (r["severity"], r["confidence"], r["detector"]) for r in rs})),
            ",".join(sorted({r["preview"] for r in rs}))))
rules = collections.Counter(r["rule"] for rs in by_line.values() for r in {x["rule"]: x for x in rs}.values())
print("# keylint finding-lines by rule: " + ", ".join("%s %d" % kv for kv in rules.most_common()))
PY
echo "results: $OUT_DIR (keylint's lines: $OUT_DIR/keylint-lines.txt)"

#!/usr/bin/env bash
# Speed on real inputs (issue 16): keylint against betterleaks, gitleaks and an `rg` keyword
# floor on directories and git histories that you fetched yourself. Fetches nothing.
#
#   benches/real.sh tree    [OPTIONS] DIR [DIR ...]     # (a) the four bot repos, (b) any big tree
#   benches/real.sh history [OPTIONS] REPO.git [...]    # (c) real histories, one repo at a time
#
# Options:
#   --runs N         interleaved rounds, best (minimum) wall time kept; default 5
#   --tools LIST     comma list; tree: keylint,betterleaks,gitleaks,rg (default: all four);
#                    history: keylint,gitleaks (default), betterleaks may be added
#   --name NAME      label of the result directory (default: tree / history)
#   --keylint-args A extra arguments for keylint (one string, split on spaces)
#   --no-exclude-missing  history: do not exclude from the peers' `git log` the paths whose blobs
#                    the snapshot lacks (see below; without it gitleaks stops at the first one)
# Environment: KEYLINT (binary, default this checkout's target/release/keylint), PEERS_DIR
# (peers from shared/peers/install.sh, default /work/eval/peers), RESULTS_DIR (default
# /work/eval/results); see benches/lib/common.sh. rg: `apt-get install ripgrep`.
#
# Getting the inputs (shared/real/README.md pins the commits): fetch each repository's
# snapshot, then `python3 shared/real/export_tree.py GIT_DIR /work/eval/real/NAME COMMIT` for
# freqtrade c9ae5e1e, hummingbot 2bfaccc4, jesse 682b1714, octobot 66c87d6f (python-binance
# at its HEAD), and `git clone --mirror GIT_DIR /work/eval/hist/NAME.git` for histories.
#   (a) benches/real.sh tree --name bots4 /work/eval/real/{freqtrade,hummingbot,jesse,octobot}
#   (b) benches/real.sh tree --name mixed /work/eval/creddata/data     (or any large tree)
#   (c) benches/real.sh history /work/eval/hist/{jesse,python-binance}.git
#       benches/real.sh history --runs 1 /work/eval/hist/freqtrade.git
#
# What runs (page cache warmed first; rounds interleave the tools: A B C D A B C D ...):
#   keylint      `scan --no-ignore --no-config --format json --exit-zero -o FILE DIR` (the peers
#                read no .gitignore either); history: `history --no-config --format json -o FILE REPO`
#   betterleaks  `fs DIR --no-banner -l error --max-target-megabytes 10 --exit-code 0 -o FILE`
#   gitleaks     `dir DIR --no-banner -l error --max-target-megabytes 10 --exit-code 0 -f json -r FILE
#                -c X` where X only extends the default rules (a .gitleaks.toml in the tree is not
#                loaded); history: `git REPO --no-banner -l error --exit-code 0 -f json -r FILE`
#                (all refs: gitleaks' default `git log -p --full-history --all`; works on bare repos).
#                A fetched snapshot lacks blobs of >= 4 MiB: `git log -p` dies at the first one and
#                gitleaks then reports what it saw with exit 0 (on jesse after 59 of 4,058 commits,
#                freqtrade 1,169 of 30,964). So the peers get `--log-opts "--full-history --all --
#                . :(exclude,glob)PATH ..."` naming every path that ever held a missing blob;
#                keylint reads the same blobs (it reports the missing ones and goes on, exit 2).
#                A peer run whose stderr still shows `fatal:` is marked INCOMPLETE.
#   rg           `rg -c -i --no-ignore --hidden -a -F -f KEYWORDS DIR` with the keyword set of
#                keylint's rules (benches/lib/keywords.py): the keyword floor
# Several DIRs are scanned together as one tree: a hard-link copy (cp -al) of them side by
# side in a temporary directory next to the first one, removed afterwards.
# Each run is timed by /usr/bin/time (wall, user+sys CPU, peak RSS of the largest process).
# Figures: best wall seconds (and median), MB/s over every byte of every regular file outside
# .git/ (benches/lib/textfiles.py; for a history: the packed object store's size), time ratio
# tool/keylint, peak RSS (max over runs), findings. Printed, and written to
# RESULTS_DIR/<date>-<commit>-<name>/ (summary.txt, runs.tsv, files.json, reports of the last run).
# Timing is meaningless under heavy load: the load average is recorded with the figures; ratios
# from interleaved rounds hold up better than absolute seconds.
set -euo pipefail
# shellcheck source=benches/lib/common.sh
. "$(dirname "$0")/lib/common.sh"

usage() {
    sed -n '2,62p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

[ $# -ge 1 ] || usage
MODE=$1
shift
case "$MODE" in
    tree) TOOLS=keylint,betterleaks,gitleaks,rg ;;
    history) TOOLS=keylint,gitleaks ;;
    -h | --help) usage ;;
    *) die "unknown mode $MODE (tree or history)" ;;
esac
RUNS=5
NAME=$MODE
KARGS=""
EXCLUDE_MISSING=1
LOG_OPTS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --no-exclude-missing) EXCLUDE_MISSING=0; shift ;;
        --tools) TOOLS=$2; shift 2 ;;
        --name) NAME=$2; shift 2 ;;
        --keylint-args) KARGS=$2; shift 2 ;;
        -h | --help) usage ;;
        --) shift; break ;;
        -*) die "unknown option $1" ;;
        *) break ;;
    esac
done
[ $# -ge 1 ] || usage
[ "$RUNS" -ge 1 ] 2>/dev/null || die "--runs takes a positive number"

resolve_keylint
OUT_DIR=$(make_results_dir "$NAME")
WORK=$(mktemp -d)
STAGE=""
cleanup() {
    rm -rf "$WORK"
    if [ -n "$STAGE" ]; then rm -rf "$STAGE"; fi
}
trap cleanup EXIT

IFS=, read -r -a TOOL_LIST <<<"$TOOLS"
declare -A CMD
GITLEAKS=$(peer_bin gitleaks)
BETTERLEAKS=$(peer_bin betterleaks)
RG=$(command -v rg || true)
read -r -a KARGV <<<"$KARGS"

# tool_cmd TOOL TARGET OUTFILE: prints the command line, or nothing when the tool is missing.
tool_cmd() {
    local tool=$1 target=$2 out=$3
    case "$MODE:$tool" in
        tree:keylint) printf '%q ' "$KEYLINT" scan --no-ignore --no-config "${KARGV[@]}" --format json --exit-zero --output "$out" "$target" ;;
        history:keylint) printf '%q ' "$KEYLINT" history --no-config "${KARGV[@]}" --format json --output "$out" "$target" ;;
        tree:betterleaks) [ -z "$BETTERLEAKS" ] || printf '%q ' "$BETTERLEAKS" fs "$target" --no-banner -l error --max-target-megabytes 10 --exit-code 0 -o "$out" ;;
        history:betterleaks) [ -z "$BETTERLEAKS" ] || printf '%q ' "$BETTERLEAKS" git "$target" --no-banner -l error --exit-code 0 "${LOG_OPTS[@]}" -o "$out" ;;
        tree:gitleaks) [ -z "$GITLEAKS" ] || printf '%q ' "$GITLEAKS" dir "$target" -c "$WORK/gitleaks.toml" --no-banner -l error --max-target-megabytes 10 --exit-code 0 -f json -r "$out" ;;
        history:gitleaks) [ -z "$GITLEAKS" ] || printf '%q ' "$GITLEAKS" git "$target" --no-banner -l error --exit-code 0 "${LOG_OPTS[@]}" -f json -r "$out" ;;
        tree:rg) [ -z "$RG" ] || printf '%q ' "$RG" -c -i --no-ignore --hidden -a -F -f "$WORK/keywords" --no-messages -j "$(nproc)" "$target" ;;
        *) die "tool $tool is not measured in $MODE mode" ;;
    esac
}

# findings TOOL REPORT: number of findings in a report (rg: files with a keyword).
findings() {
    python3 - "$1" "$2" <<'PY'
import json, sys
tool, path = sys.argv[1:3]
try:
    if tool == "rg":
        print(sum(1 for _ in open(path, errors="replace")))
    else:
        data = json.load(open(path))
        if isinstance(data, dict):
            data = data.get("findings", [])
        print(len(data or []))
except Exception as e:  # a tool that failed: say so instead of a number
    print("no-report:" + type(e).__name__)
PY
}

printf '[extend]\nuseDefault = true\n' > "$WORK/gitleaks.toml"
keyword_file "$WORK/keywords"

# measure TARGET LABEL SIZE_BYTES: the interleaved rounds over one target, appends to summary.
measure() {
    local target=$1 label=$2 bytes=$3 round tool cmd out stats rc wall user sys rss walls
    declare -A BEST=() MED=() CPU=() RSS=() FOUND=() ALL=()
    for round in $(seq 1 "$RUNS"); do
        for tool in "${TOOL_LIST[@]}"; do
            out="$WORK/$tool.json"  # betterleaks wants a .json or .jsonl name
            cmd=$(tool_cmd "$tool" "$target" "$out")
            if [ -z "$cmd" ]; then continue; fi
            [ "$tool" != rg ] || cmd="$cmd > $(printf '%q' "$out")"
            CMD[$tool]=$cmd
            stats="$WORK/time"
            rm -f "$out"
            rc=0
            /usr/bin/time -f "%e %U %S %M" -o "$stats" bash -c "$cmd" > /dev/null 2> "$WORK/$tool.err" || rc=$?
            read -r wall user sys rss < <(tail -1 "$stats")
            printf '%s\t%s\t%s\t%s\t%s\t%.2f\t%s\t%s\n' "$label" "$tool" "$round" "$wall" \
                "$(echo "$user + $sys" | bc -l)" "$(echo "$rss / 1024" | bc -l)" "$rc" \
                "$(cut -d' ' -f1 /proc/loadavg)" >> "$OUT_DIR/runs.tsv"
            FOUND[$tool]=$(findings "$tool" "$out")
            cp "$out" "$OUT_DIR/$label.$tool.report" 2>/dev/null || true
            if [ "$tool" = keylint ] && [ "$rc" -eq 2 ] && [ -s "$out" ]; then
                # exit 2 with a report: an incomplete scan (in a fetched snapshot, the blobs of
                # 4 MiB and more are missing); the work was done, so the run counts
                if [ "$round" = 1 ]; then note "keylint exited 2 on $label: incomplete scan, counted; $(grep -c . "$WORK/$tool.err") lines on stderr"; fi
                FOUND[$tool]="${FOUND[$tool]}(incomplete)"
            elif [ "$tool" != keylint ] && [ "$rc" -eq 0 ] && grep -q -e 'fatal:' -e 'unable to read' "$WORK/$tool.err"; then
                # gitleaks/betterleaks git: `git log -p` died on a missing object and the tool
                # stopped there, still exiting 0: only part of the history was scanned
                if [ "$round" = 1 ]; then note "$tool on $label: git failed part-way ($(grep -m1 -o 'fatal:[^"]*' "$WORK/$tool.err" | head -c 120)); time counted but marked INCOMPLETE"; fi
                FOUND[$tool]="${FOUND[$tool]}(INCOMPLETE)"
            elif [ "$rc" -ne 0 ] && { [ "$tool" != rg ] || [ "$rc" -ne 1 ]; }; then
                note "$tool exited $rc on $label (round $round), run not counted: $(tail -c 300 "$WORK/$tool.err")"
                FOUND[$tool]="failed(exit-$rc)"
                continue
            fi
            ALL[$tool]="${ALL[$tool]:-} $wall"
            if [ -z "${BEST[$tool]:-}" ] || (($(echo "$wall < ${BEST[$tool]}" | bc -l))); then
                BEST[$tool]=$wall
                CPU[$tool]=$(echo "$user + $sys" | bc -l)
            fi
            if [ "${RSS[$tool]:-0}" -lt "$rss" ]; then RSS[$tool]=$rss; fi
        done
    done
    for tool in "${TOOL_LIST[@]}"; do
        if [ -z "${CMD[$tool]:-}" ]; then
            echo "$label  $tool: not installed, skipped"
            continue
        fi
        if [ -z "${BEST[$tool]:-}" ]; then
            echo "$label  $tool: every run failed (${FOUND[$tool]:-}), see the notes above"
            continue
        fi
        read -r -a walls <<<"${ALL[$tool]}"
        MED[$tool]=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
        python3 - "$label" "$tool" "${BEST[$tool]}" "${MED[$tool]}" "${CPU[$tool]}" "${RSS[$tool]}" \
            "$bytes" "${FOUND[$tool]}" "${BEST[keylint]:-0}" <<'PY'
import sys
label, tool, best, med, cpu, rss, size, found, kl = sys.argv[1:10]
best, med, cpu, size, kl = float(best), float(med), float(cpu), int(size), float(kl)
mbps = size / 1e6 / best if best > 0 else float("inf")
ratio = "%.2fx keylint's time" % (best / kl) if kl > 0 and tool != "keylint" else "-"
print(f"{label:<16} {tool:<12} best {best:8.2f} s  median {med:8.2f} s  {mbps:8.1f} MB/s  "
      f"CPU {cpu:7.2f} s  peak RSS {int(rss) / 1024:7.1f} MiB  {found:>6} "
      f"{'files' if tool == 'rg' else 'findings'}  {ratio}")
PY
    done
    for tool in "${TOOL_LIST[@]}"; do
        if [ -n "${CMD[$tool]:-}" ]; then echo "#   $tool: ${CMD[$tool]}"; fi
    done
}

# version_of BIN ARG: the first line of the tool's version output, or "-" when it is missing.
version_of() {
    if [ -n "$1" ]; then "$1" "$2" 2>/dev/null | sed -n 1p; else echo -; fi
}

printf 'target\ttool\tround\twall_s\tcpu_s\tpeak_rss_mib\texit\tload1\n' > "$OUT_DIR/runs.tsv"
{
    machine_note
    echo "# mode $MODE, best of $RUNS interleaved rounds; tools: $TOOLS"
    echo "# versions: betterleaks $(version_of "$BETTERLEAKS" --version), gitleaks $(version_of "$GITLEAKS" version), rg $(version_of "$RG" --version), keywords $(wc -l < "$WORK/keywords")"
} | tee "$OUT_DIR/summary.txt"

if [ "$MODE" = tree ]; then
    for d in "$@"; do [ -d "$d" ] || die "not a directory: $d"; done
    if [ $# -eq 1 ]; then
        TARGET=$(cd "$1" && pwd)
    else
        STAGE=$(mktemp -d -p "$(dirname "$(cd "$1" && pwd)")" .real-stage.XXXXXX)
        for d in "$@"; do
            name=$(basename "$(cd "$d" && pwd)")
            [ ! -e "$STAGE/$name" ] || die "two directories named $name"
            cp -al "$d" "$STAGE/$name" 2>/dev/null || cp -a "$d" "$STAGE/$name"
        done
        TARGET=$STAGE
    fi
    python3 "$BENCH_ROOT/benches/lib/textfiles.py" "$@" > "$OUT_DIR/files.json"
    bytes=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"]["all_bytes"])' "$OUT_DIR/files.json")
    python3 - "$OUT_DIR/files.json" "$@" <<'PY' | tee -a "$OUT_DIR/summary.txt"
import json, sys
t = json.load(open(sys.argv[1]))["total"]
print("# tree: %s: %d files, %.1f MB (text: %d files, %.1f MB, %d lines)" % (
    " ".join(sys.argv[2:]), t["all_files"], t["all_bytes"] / 1e6, t["text_files"],
    t["text_bytes"] / 1e6, t["text_lines"]))
PY
    find "$TARGET" -type f -print0 | xargs -0 cat > /dev/null # warm the page cache
    measure "$TARGET" "$NAME" "$bytes" | tee -a "$OUT_DIR/summary.txt"
else
    for repo in "$@"; do
        git --git-dir="$repo" rev-parse --git-dir > /dev/null 2>&1 || die "not a git repository: $repo"
        repo=$(cd "$repo" && pwd)
        label=$(basename "$repo" .git)
        commits=$(git --git-dir="$repo" rev-list --all --count)
        objdir=$(git --git-dir="$repo" rev-parse --git-path objects)
        case "$objdir" in /*) ;; *) objdir="$repo/$objdir" ;; esac
        bytes=$(du -sb "$objdir" | cut -f1)
        echo "# history $repo: $commits commits (all refs), $((bytes / 1000000)) MB of objects" | tee -a "$OUT_DIR/summary.txt"
        find "$objdir" -type f -print0 | xargs -0 cat > /dev/null
        # A fetched snapshot lacks the blobs of 4 MiB and more. keylint reports them and goes on;
        # `git log -p` (gitleaks, betterleaks) dies at the first one, and the tool reports what it
        # saw so far with exit 0. So the peers get --log-opts with every path that ever held a
        # missing blob excluded: both then read the same blobs. (--no-exclude-missing: off.)
        LOG_OPTS=()
        if [ "$EXCLUDE_MISSING" = 1 ]; then
            git --git-dir="$repo" rev-list --all --objects --missing=print 2>/dev/null | sed -n 's/^?//p' > "$WORK/missing"
            if [ -s "$WORK/missing" ]; then
                git --git-dir="$repo" log --all --raw --root --no-abbrev --no-renames --format= 2>/dev/null |
                    python3 -c '
import sys
missing = set(open(sys.argv[1]).read().split())
paths = set()
for ln in sys.stdin:
    meta, tab, path = ln.rstrip("\n").partition("\t")
    f = meta.split()
    if ln.startswith(":") and len(f) >= 4 and (f[2] in missing or f[3] in missing):
        paths.add(path)
# the peers split --log-opts on white space: a blank in a path becomes a one-character glob
print(" ".join(":(exclude,glob)" + "".join("?" if c.isspace() or c in "*?[" else c for c in p)
               for p in sorted(paths)))' "$WORK/missing" > "$WORK/excludes"
                if [ -s "$WORK/excludes" ] && [ -n "$(tr -d '[:space:]' < "$WORK/excludes")" ]; then
                    LOG_OPTS=("--log-opts=--full-history --all -- . $(cat "$WORK/excludes")")
                    echo "# $label: $(wc -l < "$WORK/missing") objects missing from the snapshot; the peers skip the $(wc -w < "$WORK/excludes") paths that held them (--log-opts)" | tee -a "$OUT_DIR/summary.txt"
                fi
            fi
        fi
        measure "$repo" "$label" "$bytes" | tee -a "$OUT_DIR/summary.txt"
    done
fi
echo "results: $OUT_DIR"

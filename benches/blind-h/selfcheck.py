#!/usr/bin/env python3
"""selfcheck.py OUTDIR — validates labels, value placement, checksums and sweeps unlabelled lines."""
import base64, json, math, os, re, sys
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crypto_util as cu

def entropy(s):
    from collections import Counter
    n = len(s); return -sum(c / n * math.log2(c / n) for c in Counter(s).values())

def main():
    out = sys.argv[1]; errs = []
    def err(m):
        errs.append(m)
        if len(errs) < 60: print("ERR", m)
    files = {}
    for d in sorted(os.listdir(out)):
        if not re.match(r"r\d\d-", d): continue
        for root, _, fs in os.walk(os.path.join(out, d)):
            for fn in fs:
                p = os.path.join(root, fn); rel = os.path.relpath(p, out)
                with open(p, encoding="utf-8") as fh: files[rel] = fh.read().split("\n")[:-1]
    labels = [json.loads(l) for l in open(os.path.join(out, "labels.jsonl"))]
    seen = set(); lab_at = {}
    for L in labels:
        want = {"path", "line", "label", "provider", "cred", "form", "lang"} | ({"trap"} if L.get("label") == "negative" else set())
        if set(L) != want: err(f"schema keys {L}")
        if L["label"] not in ("positive", "negative"): err(f"label {L}")
        if not isinstance(L["line"], int) or L["line"] < 1: err(f"line {L}")
        if not all(isinstance(L[k], str) and L[k] for k in want - {"line"}): err(f"empty field {L}")
        k = (L["path"], L["line"])
        if k in seen: err(f"dup {k}")
        seen.add(k); lab_at[k] = L
        if L["path"] not in files: err(f"missing file {L['path']}"); continue
        if L["line"] > len(files[L["path"]]) or not files[L["path"]][L["line"] - 1].strip(): err(f"bad line {k}")
    vals = [json.loads(l) for l in open(os.path.join(out, ".meta", "values.jsonl"))]
    covered = set()   # (path, line) inside any labelled span
    for v in vals:
        for p, ln, span in v["locations"]:
            if (p, ln) not in lab_at: err(f"value location unlabelled {p}:{ln}")
            elif v["label"] == "positive" and lab_at[(p, ln)]["label"] != "positive": err(f"positive on negative line {p}:{ln}")
            for i in range(span): covered.add((p, ln + i))
    # every value appears only within labelled spans (own spans for positives), raw and encoded
    for v in vals:
        own = {(p, ln + i) for p, ln, span in v["locations"] for i in range(span)}
        needles = [v["value"]] + v["enc"]
        short_neg = v["label"] == "negative" and len(v["value"]) < 16
        found = False
        for needle in needles:
            if "\n" in needle: needle = needle.split("\n")[1]   # first body line of a PEM / block
            if len(needle) < 6 and not short_neg: continue
            for path, lines in files.items():
                for i, line in enumerate(lines, 1):
                    if needle in line:
                        allowed = own if v["label"] == "positive" else covered
                        if (path, i) not in allowed and not short_neg: err(f"value {v['provider']}/{v['cred']} leaks to unlabelled/foreign {path}:{i}")
                        if (path, i) in own: found = True
        for part in v["parts"]:
            if any(part in files[p][ln - 1 + i] for p, ln, span in v["locations"] for i in range(span)): found = True
            else: err(f"part missing {v['provider']}/{v['cred']}")
        if not found: err(f"value not found at its location {v['provider']}/{v['cred']} {v['locations'][0]}")
    # format validation for checksummed / structured positives
    pos = [v for v in vals if v["label"] == "positive"]
    for v in pos:
        x, pc = v["value"], (v["provider"], v["cred"])
        ok = True
        if pc[0] == "bip39": ok = cu.bip39_ok(x)
        elif pc == ("bitcoin", "wif"): ok = cu.b58check_ok(x) and x[0] in "5KL"
        elif pc == ("bitcoin", "xprv"): ok = cu.b58check_ok(x) and x.startswith("xprv") and len(x) == 111
        elif pc == ("github", "pat"): ok = cu.github_ok(x)
        elif pc == ("solana", "keypair_json"):
            b = bytes(json.loads(x)); ok = len(b) == 64 and cu.ed25519_pub(b[:32]) == b[32:]
        elif pc == ("solana", "keypair_base58"):
            b = cu.b58decode(x); ok = len(b) == 64 and cu.ed25519_pub(b[:32]) == b[32:]
        elif pc == ("discord", "bot_token"):
            p1 = x.split(".")[0]; ok = base64.b64decode(p1 + "=" * (-len(p1) % 4)).decode().isdigit()
        elif pc == ("telegram", "bot_token"): ok = bool(re.fullmatch(r"\d{8,10}:[A-Za-z0-9_-]{35}", x))
        elif pc == ("binance", "api_key") or pc == ("binance", "api_secret"): ok = bool(re.fullmatch(r"[A-Za-z0-9]{64}", x))
        elif pc == ("aws", "access_key_id"): ok = bool(re.fullmatch(r"AKIA[A-Z2-7]{16}", x))
        elif pc == ("openai", "api_key"): ok = "T3BlbkFJ" in x
        elif pc == ("oanda", "access_token"): ok = bool(re.fullmatch(r"[0-9a-f]{32}-[0-9a-f]{32}", x))
        elif pc == ("kraken", "private_key"): ok = len(base64.b64decode(x)) == 64
        if not ok: err(f"format check failed {pc} {x[:20]}")
    # heuristic sweep of unlabelled lines
    wl = set(cu.wordlist())
    tok = re.compile(r"[A-Za-z0-9_\-+/=]{20,}")
    prefixes = re.compile(r"(-----BEGIN [A-Z ]*PRIVATE KEY|AKIA[A-Z2-7]{16}|sk-(proj|ant)-|gh[pousr]_[A-Za-z0-9]{30}|xprv[1-9A-Za-z]{20}|hooks\.slack\.com/services/|discord(app)?\.com/api/webhooks/\d|\b\d{8,10}:AA[A-Za-z0-9_-]{20}|0x[0-9a-fA-F]{64}|sk_live_|xox[bp]-)")
    def suspicious(line):
            why = None
            if prefixes.search(line): why = "prefix"
            for t in tok.findall(line):
                if t.count("_") + t.count("-") > len(t) / 6 and not re.search(r"\d", t): continue
                digits = sum(ch.isdigit() for ch in t); letters = sum(ch.isalpha() for ch in t)
                if re.fullmatch(r"[0-9a-fA-F]{32,}", t) or (entropy(t) > 3.6 and digits >= 3 and letters >= 6):
                    why = f"token {t[:24]}"
            words = re.findall(r"[a-z]+", line)
            run = best = 0
            for w in words:
                run = run + 1 if w in wl else 0; best = max(best, run)
            if best >= 12: why = "mnemonic-like"
            return why
    nflag = 0
    for path, lines in files.items():
        for i, line in enumerate(lines, 1):
            if (path, i) in covered: continue
            why = suspicious(line)
            if why:
                nflag += 1; err(f"unlabelled suspicious {path}:{i} ({why}): {line.strip()[:80]}")
    # sensitivity of the sweep, measured on labelled positive lines (informational)
    plines = [(L["path"], L["line"]) for L in labels if L["label"] == "positive"]
    hit = sum(1 for p, ln in plines if suspicious(files[p][ln - 1]))
    print(f"sweep_sensitivity_on_positive_lines={hit}/{len(plines)}")
    print(f"files={len(files)} labels={len(labels)} values={len(vals)} positives={len(pos)} swept_flags={nflag}")
    print(f"errors={len(errs)}")
    sys.exit(1 if errs else 0)

if __name__ == "__main__":
    main()

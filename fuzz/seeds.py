#!/usr/bin/env python3
"""Write the seed inputs and dictionaries the fuzz targets start from.

Seeds come from the repository itself: fixture files and rule examples for `engine`
(first byte = index of the file name in PATHS, fuzz_targets/harness.rs), the config
examples of the README and the CLI tests for `config`, and the rule files (whole and
one rule at a time) for `rules`. Run once before the first `cargo fuzz run`; the
minimised corpus in corpus/<target>/ is what is committed.

    python3 fuzz/seeds.py    # writes fuzz/seeds/<target>/ and fuzz/dict/*.dict
"""
import hashlib
import pathlib
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "seeds"

# Keep in step with PATHS in fuzz_targets/harness.rs.
PATHS = ["bot.py", "app.js", "client.ts", "main.rs", "main.go", "config.json",
         "compose.yml", "Cargo.toml", "settings.ini", ".env", "deploy.sh",
         "analysis.ipynb", "Client.java", "notes.txt", "Dockerfile", "prod.env",
         "component.tsx"]
BY_EXT = {".py": 0, ".js": 1, ".ts": 2, ".rs": 3, ".go": 4, ".json": 5, ".yml": 6,
          ".yaml": 6, ".toml": 7, ".ini": 8, ".env": 9, ".sh": 10, ".ipynb": 11,
          ".java": 12, ".txt": 13, ".md": 13, ".pem": 13, ".tsx": 16}


def write(target, data: bytes):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def pick(name: str) -> int:
    if name == ".env" or name.startswith(".env."):
        return 9
    return BY_EXT.get(pathlib.PurePath(name).suffix, 13)


def engine_seeds():
    for f in sorted((ROOT / "fixtures").rglob("*")):
        if f.is_file() and f.stat().st_size < 64 * 1024:
            write("engine", bytes([pick(f.name)]) + f.read_bytes())
    for rf in sorted((ROOT / "rules").glob("*.toml")):
        doc = tomllib.loads(rf.read_text())
        for rule in doc.get("rule", []):
            for ex in rule.get("examples", []) + rule.get("negative_examples", []):
                path, sep, text = ex.partition("::")
                if sep and "." in path and not re.search(r"\s", path):
                    write("engine", bytes([pick(path)]) + text.encode())
                else:
                    write("engine", bytes([13]) + ex.encode())
    # Encodings and line endings the engine must handle.
    line = 'GITHUB_TOKEN = "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"\n'
    write("engine", bytes([0]) + b"\xff\xfe" + line.encode("utf-16-le"))
    write("engine", bytes([0]) + b"\xfe\xff" + line.encode("utf-16-be"))
    write("engine", bytes([9]) + line.replace("\n", "\r").encode() * 3)
    write("engine", bytes([9]) + line.replace("\n", "\r\n").encode() * 3)
    write("engine", bytes([1]) + b"\x1b]8;;x\x07" + line.encode() + b"\xff\xfe\x00")


def config_seeds():
    readme = (ROOT / "README.md").read_text()
    for block in re.findall(r"```toml\n(.*?)```", readme, re.S):
        write("config", block.encode())
    for test in (ROOT / "tests" / "cli").glob("*.rs"):
        for lit in re.findall(r'"((?:[^"\\]|\\.)*(?:rule|allowlist|min_severity)(?:[^"\\]|\\.)*)"', test.read_text()):
            try:
                write("config", lit.encode().decode("unicode_escape").encode())
            except UnicodeDecodeError:
                pass
    write("config", b"")


def rules_seeds():
    for rf in sorted((ROOT / "rules").glob("*.toml")):
        text = rf.read_text()
        write("rules", text.encode())
        for part in text.split("[[rule]]")[1:]:
            write("rules", ("[[rule]]" + part).encode())


def dictionaries():
    d = ROOT / "fuzz" / "dict"
    d.mkdir(exist_ok=True)
    words = set()
    for rf in sorted((ROOT / "rules").glob("*.toml")):
        for rule in tomllib.loads(rf.read_text()).get("rule", []):
            words.update(rule.get("keywords", []))
    words.update(['="', '= "', ": ", ":= ", "=> ", "\r\n", "\r", "keylint:allow",
                  "gitleaks:allow", "os.environ[", "process.env.", "${", "-----BEGIN ",
                  "-----END ", "\\x1b[", "\\xff\\xfe"])
    lines = [f'"{w}"' if "\\x" in w else '"' + w.replace("\\", "\\\\").replace('"', '\\"')
             .replace("\r", "\\x0d").replace("\n", "\\x0a") + '"' for w in sorted(words)]
    (d / "engine.dict").write_text("\n".join(lines) + "\n")
    keys = set()
    for rf in sorted((ROOT / "rules").glob("*.toml")):
        for rule in tomllib.loads(rf.read_text()).get("rule", []):
            keys.update(rule.keys())
    keys.update(["min_severity", "disabled_rules", "allowlist", "paths", "fingerprints",
                 "regexes", "[[rule]]", "[allowlist]", "'''", "(?P<secret>", ")",
                 "{1000}", "critical", "high", "medium", "low", "generic", "provider",
                 "line", "file"])
    (d / "toml.dict").write_text("\n".join('"' + k.replace('"', '\\"') + '"' for k in sorted(keys)) + "\n")


if __name__ == "__main__":
    engine_seeds()
    config_seeds()
    rules_seeds()
    dictionaries()
    for t in ("engine", "config", "rules"):
        print(t, len(list((OUT / t).iterdir())))

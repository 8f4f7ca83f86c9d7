#!/usr/bin/env python3
"""Write the seed inputs and dictionaries the fuzz targets start from.

Seeds come from the repository itself: fixture files and rule examples for `engine`
(first byte = index of the file name in PATHS, fuzz_targets/harness.rs); the
code-aware pass's fixtures and code rule examples, plus generated deep nesting in every
shape its parsers recurse on, for `ast` (first byte = index in AST_PATHS, bit 7 = put a
client-library line first); the config
examples of the README and the CLI tests for `config`, and the rule files (whole and
one rule at a time) for `rules`. Run once before the first `cargo fuzz run`; the
minimised corpus in corpus/<target>/ is what is committed.

    python3 fuzz/seeds.py    # writes fuzz/seeds/<target>/ and fuzz/dict/*.dict
"""
import base64
import hashlib
import json
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


# Keep in step with AST_PATHS in fuzz_targets/harness.rs.
AST_PATHS = ["bot.py", "app.js", "client.ts", "main.rs", "component.tsx"]
AST_BY_EXT = {".py": 0, ".js": 1, ".ts": 2, ".rs": 3, ".tsx": 4}
PRELUDE = 0x80
# Synthetic 64-character values (the alphabet of a Binance key), generated once.
K64 = "ESwFG5YdzbC9ayQMVnpzSnNv2obWeXPSJ5mKhm2HKosFKrjemiNdnDPTkyIrUNba"
S64 = "7S67xiDJmkIpv73p9lw0DRJxFS99cQ018TOV73MnKd93zEJuG8tKse87uMJhzUy9"


def ast_seeds():
    for f in sorted((ROOT / "fixtures").rglob("*")):
        lang = AST_BY_EXT.get(f.suffix)
        if lang is not None and f.is_file() and f.stat().st_size < 64 * 1024:
            write("ast", bytes([lang]) + f.read_bytes())
    for rf in sorted((ROOT / "rules").glob("*.toml")):
        for rule in tomllib.loads(rf.read_text()).get("rule", []):
            for ex in rule.get("examples", []) + rule.get("negative_examples", []):
                path, sep, text = ex.partition("::")
                lang = AST_BY_EXT.get(pathlib.PurePath(path).suffix) if sep else None
                if lang is not None:
                    write("ast", bytes([lang | PRELUDE]) + text.encode())
    # Deep nesting, each shape with a client call holding a secret at the bottom,
    # sized to stay under the target's -max_len (65536). tree-sitter parses any depth;
    # the Rust front end estimates its recursion and refuses files over its limit
    # (4096, about 820 levels of brackets), parsing deeper-than-usual ones on a thread
    # of its own: seeds just under and over the limit cover both sides.
    def deep(opens, closes, limit=20_000):
        return min(limit, 60_000 // (len(opens) + len(closes)))

    py_call = f'Client("{K64}", "{S64}")'
    js_call = f'new ccxt.binance({{apiKey: "{K64}", secret: "{S64}"}})'
    rs_call = f'Binance::new(Some("{K64}".into()), Some("{S64}".into()))'
    for opens, closes in [("(", ")"), ("[", "]"), ("{1: ", "}"), ("f(", ")"), ("not ", "")]:
        write("ast", bytes([0 | PRELUDE]) + f"x = {opens * deep(opens, closes)}{py_call}{closes * deep(opens, closes)}\n".encode())
    write("ast", bytes([0]) + b"from binance.client import Client\n" + b"".join(
        b" " * i + b"if x:\n" for i in range(0, 700, 4)) + b" " * 700 + py_call.encode() + b"\n")
    for lang in (1, 2, 4):
        for opens, closes in [("(", ")"), ("[", "]"), ("{a: ", "}"), ("g(", ")"), ("!", ""),
                              ("() => ", ""), ("{ ", " }")]:
            write("ast", bytes([lang | PRELUDE]) + f"x = {opens * deep(opens, closes)}{js_call}{closes * deep(opens, closes)};\n".encode())
    write("ast", bytes([4 | PRELUDE]) + b"x = " + b"<a>" * 5000 + b"{k}" + b"</a>" * 5000 + b";\n")
    for levels in (400, 810, 1000, 20_000):
        for opens, closes in [("(", ")"), ("{", "}"), ("[", "]"), ("f(", ")")]:
            levels = min(levels, deep(opens, closes))
            write("ast", bytes([3 | PRELUDE]) + f"fn main() {{ let c = {opens * levels}{rs_call}{closes * levels}; }}\n".encode())
    for count in (2000, 4000, 5000, 20_000):
        for op in ("!", "-", "*", "&", "|a| ", "a + ", ".f()", "async move "):
            count = min(count, deep(op, ""))
            body = f"{rs_call}{op * count}" if op == ".f()" else f"{op * count}{rs_call}"
            write("ast", bytes([3 | PRELUDE]) + f"fn main() {{ let c = {body}; }}\n".encode())
    # Unclosed and unbalanced nesting.
    n = 20_000
    for lang, text in [(0, "(" * n), (1, "{" * n), (3, "{" * n), (3, "}" * n), (3, "/*" * n),
                       (3, 'r#"' * n), (2, "<" * n), (0, '"""' + "(" * n)]:
        write("ast", bytes([lang | PRELUDE]) + text.encode())


def bindings_seeds():
    """The engine's seeds without their file-type byte, plus shapes the binding layer
    treats specially (tables, SQL, markup, options, block scalars, adversarial runs)."""
    for f in (OUT / "engine").iterdir():
        write("bindings", f.read_bytes()[1:])
    for text in [
        "name,password\nbob,\"a,b\"\nann,x\n",
        "COPY t (a, b) FROM stdin;\n1\tx\n\\.\n",
        "INSERT INTO t (a, b) VALUES ('x', 'y'), ('z', 'w');\n",
        "<a><add key=\"k\" value=\"v\"/><b>v</b></a>\n",
        "key: |\n  a\n  b\nz: >-\n  c\n",
        "env:\n  - name: K\n    value: v\n",
        "curl -u a:b -H 'Authorization: Basic YTpi' --k=v -pX\n",
        "k = os.getenv('K') or 'v'\nj = process.env.J ?? `v`\n",
        "x = \"a\" + \\\n  \"b\"\n",
        "cfg = Cfg\n  { kiteAccessToken = Just \"q8XvN2mK4pL7wR1t\"\n  , root = x\n  }\n",
        "let api_key = Some \"q8XvN2mK4pL7wR1t\" in\nsecret = T.pack \"v\"\n",
        "<feed><apiKey><![CDATA[ q8XvN2mK4pL7wR1t ]]></apiKey></feed>\n",
        "c = Coinbase::Exchange::Client.new(\"k\", \"s\", \"p\")\n",
        "Check the key (mine is `q8XvN2mK4pL7wR1t`) works.\n",
        "uint256 deployerKey = 0x9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0;\n",
        # sixth-session forms: joined lists, braced initialisers, a statement continued
        # past its window, a slice type annotation, a tuple of a name and a value
        "secret = \"\".join([\"q8XvN2\", \"mK4pL7wR1t\"])\nk = [\"a\", \"b\"].join(\"\")\n",
        "auto api_secret = std::string{\"q8XvN2mK4pL7wR1t\"};\n",
        "client = Client(\n" + "    x,\n" * 12 + "    api_key=\"q8XvN2mK4pL7wR1t\",\n)\n",
        "const apiKey: []const u8 = \"q8XvN2mK4pL7wR1t\";\n",
        "params.append((\"signature\", sig))\nh = [(\"X-MBX-APIKEY\", \"q8XvN2mK4pL7wR1t\")]\n",
        "a=" * 2000,
        "(" * 5000 + ")" * 5000,
        "\"a" * 3000,
    ]:
        write("bindings", text.encode())


def decode_seeds():
    """Text under each encoding the decoders read, nested, and broken copies of it."""
    b64 = lambda t: base64.b64encode(t.encode()).decode()
    pw = "Xq8vN2mK4pL7wR1t"
    inner = json.dumps({"exchange": "binance", "binance_api_secret": S64})
    docker = json.dumps({"auths": {"https://index.docker.io/v1/": {"auth": b64("deploy:" + pw)}}})
    nested = inner
    for k in ("c", "b", "a", "z"):
        nested = json.dumps({k: b64(nested)})
    pem = "-----BEGIN PRIVATE KEY-----\n" + K64 + "\n-----END PRIVATE KEY-----\n"
    texts = [
        (5, docker),
        (6, ".dockerconfigjson: " + b64(docker) + "\n"),
        (6, "tls.key: " + b64(pem.replace("\\n", "\n")) + "\n"),
        (5, nested),
        (5, json.dumps({"cfg": inner})),
        (5, json.dumps({"cfg": json.dumps({"cfg": inner})})),
        (5, json.dumps({"private_key": pem.replace("\\n", "\n")})),
        (9, "PRIVATE_KEY=\"" + pem + "\"\n"),
        (10, "curl -H 'Authorization: Basic " + b64("bot:" + pw) + "' https://x\n"),
        (10, "curl -d 'data=%7B%22apiKey%22%3A%22" + K64 + "%22%2C%22secret%22%3A%22" + S64 + "%22%7D' https://x\n"),
        (13, "password=p%40ss%21" + pw + "&user=bot\n"),
        (12, 'var c = "Server=db;Database=x;User Id=sa;Password=' + pw + ';";\n'),
        (13, "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=" + b64(S64)[:86] + "==;EndpointSuffix=core.windows.net\n"),
        (13, "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=Root;SharedAccessKey={x;y};Password='a;b'\n"),
        (9, "SECRETS=" + b64("API_KEY=" + K64 + "\nAPI_SECRET=" + S64 + "\n") + "\n"),
        (0, 'cfg = "{\\"apiKey\\": \\"' + K64 + '\\", \\"secret\\": \\"\\u0041' + S64 + '\\"}"\n'),
    ]
    for kind, text in texts:
        data = text.encode()
        write("decode", bytes([kind]) + data)
        # Cut, and with a byte flipped in the middle: malformed base64, JSON, escapes.
        write("decode", bytes([kind]) + data[: len(data) // 2])
        mid = len(data) // 2
        write("decode", bytes([kind]) + data[:mid] + bytes([data[mid] ^ 0x20]) + data[mid + 1:])
    # Rule examples that hold an encoding.
    for rf in sorted((ROOT / "rules").glob("*.toml")):
        for rule in tomllib.loads(rf.read_text()).get("rule", []):
            for ex in rule.get("examples", []) + rule.get("negative_examples", []):
                if any(m in ex for m in ("\\", "%", ";", "==", "eyJ", "Basic ")):
                    path, sep, text = ex.partition("::")
                    if sep and "." in path and not re.search(r"\s", path):
                        write("decode", bytes([pick(path)]) + text.encode())
                    else:
                        write("decode", bytes([13]) + ex.encode())


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
    enc = ['\\"', '\\n', '\\\\', '\\u00', '\\ud83d\\ude80', '\\x41', '\\/', "%22", "%3D", "%3A",
           "%7B", "%7D", "%40", "%26", "%0A", "eyJ", "ey", "ZXlK", "e30=", "==", "=", "Basic ",
           '"auth": "', '"auths"', ".dockerconfigjson", "LS0tLS1CRUdJTi", "dXNlcjpwYXNz",
           "Server=", "Data Source=", "User Id=", "Password=", "Pwd=", "AccountKey=",
           "SharedAccessKey=", ";", "{", "}", "'", '"']
    enc_lines = ['"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"' for w in enc]
    (d / "decode.dict").write_text("\n".join(sorted(set(lines) | set(enc_lines))) + "\n")
    keys = set()
    for rf in sorted((ROOT / "rules").glob("*.toml")):
        for rule in tomllib.loads(rf.read_text()).get("rule", []):
            keys.update(rule.keys())
    keys.update(["min_severity", "disabled_rules", "allowlist", "paths", "fingerprints",
                 "regexes", "[[rule]]", "[allowlist]", "'''", "(?P<secret>", ")",
                 "{1000}", "critical", "high", "medium", "low", "generic", "provider",
                 "line", "file"])
    syntax = ["import ", "from ", "require(", "const ", "let ", "static ", "fn ", "def ",
              "class ", "new ", "Some(", ".into()", ".to_string()", "String::from(",
              "concat!(", "os.environ", "process.env", "=>", "::", "?.", "**", "...", "r#\"",
              "\"\"\"", "f\"", "`${", "#[", "async ", "await ", "lambda ", "interface ",
              "apiKey", "secret", "api_key", "api_secret", "password", "headers"]
    ast_words = set(words) | set(syntax)
    for entry in tomllib.loads((ROOT / "rules" / "clients.toml").read_text()).get("client", []):
        ast_words.update(entry.get("hints", []))
        ast_words.update(entry.get("callees", []))
        ast_words.update(a for a in entry.get("args", []) if a != "_")
        ast_words.update(entry.get("keywords", []))
    (d / "ast.dict").write_text("\n".join(
        '"' + w.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\x0d")
        .replace("\n", "\\x0a") + '"' for w in sorted(ast_words) if "\\x" not in w) + "\n")
    binding_words = ["=", ":", ":=", "=>", "<-", "->", "?=", "||", "??", "?:", " or ", "\"", "'",
                     "`", "\"\"\"", "${", "$(", "#", "//", "/*", "*/", "<!--", "-->", "--", "-",
                     "- ", "[", "]", "{", "}", "(", ")", ",", ";", "<", ">", "</", "/>", "\\\"",
                     "://", "@", "?", "&", "+", ".", "..", "|", ">-", "\x0a", "\x0d\x0a", "    ",
                     "set ", "ENV ", "#define ", "define(", "export ", "VALUES", "COPY ",
                     " FROM stdin;", "\\.", "Bearer ", "Basic ", "to ", ".unwrap_or(",
                     "getenv(", "process.env.", "envDefault:", "name", "value", "key", "```",
                     "Just ", "Some ", "T.pack ", " in", "<![CDATA[", "]]>", ".new(", "(mine is ",
                     "0x", "\"\".join([", "].join(", "std::string{", "[]const u8", "(("]
    (d / "bindings.dict").write_text("\n".join(
        '"' + w.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\x0a")
        .replace("\r", "\\x0d") + '"' for w in binding_words) + "\n")
    (d / "toml.dict").write_text("\n".join('"' + k.replace('"', '\\"') + '"' for k in sorted(keys)) + "\n")


if __name__ == "__main__":
    engine_seeds()
    decode_seeds()
    ast_seeds()
    bindings_seeds()
    config_seeds()
    rules_seeds()
    dictionaries()
    for t in ("engine", "decode", "ast", "bindings", "config", "rules"):
        print(t, len(list((OUT / t).iterdir())))

"""Which emitters exist and which repository themes use them.

An emitter is ``fn(ctx) -> [(relpath, text_with_sentinels), ...]``. Languages live in
blindgen/langs/, data and config formats in blindgen/data/.
"""

from __future__ import annotations

import importlib

_LANG_MODULES = ["python", "js", "go", "jvm", "dotnet", "phpruby", "native", "scripting", "shell", "extra"]
_DATA_MODULES = ["envfiles", "yamlish", "ops", "jsonish", "http", "tables", "docs", "files"]


def _collect():
    out = []
    for mod in _LANG_MODULES:
        m = importlib.import_module(f"blindgen.langs.{mod}")
        if hasattr(m, "EMITTERS"):
            out += list(m.EMITTERS.items())
        else:
            out.append((m.LANG, m.emit))
    for mod in _DATA_MODULES:
        m = importlib.import_module(f"blindgen.data.{mod}")
        out += list(m.EMITTERS.items())
    return out


ALL = _collect()
_ALWAYS = ("readme", "docs-setup", "tests")
ALWAYS = [e for e in ALL if e[0] in _ALWAYS]
EMITTERS = [e for e in ALL if e[0] not in _ALWAYS]

# Each theme names the emitters a repository of that kind always has (its main language and
# its usual deploy files); the rest are spread over repositories by a fixed rotation in gen.py.
THEMES = [
    {"langs": ["python", "dotenv", "docker-compose", "freqtrade"]},
    {"langs": ["typescript", "hardhat", "dotenv", "javascript"]},
    {"langs": ["go", "k8s-deploy", "yaml"]},
    {"langs": ["rust", "toml", "systemd"]},
    {"langs": ["java", "kotlin", "properties", "xml"]},
    {"langs": ["csharp", "appsettings", "powershell"]},
    {"langs": ["php", "wordpress", "dockerfile"]},
    {"langs": ["ruby", "vcr"]},
    {"langs": ["elixir", "elixir-config", "erlang"]},
    {"langs": ["python", "notebook", "csv"]},
    {"langs": ["cpp", "c", "makefile"]},
    {"langs": ["javascript", "postman", "http-file"]},
    {"langs": ["scala", "clojure", "helm"]},
    {"langs": ["swift", "dart"]},
    {"langs": ["python", "hummingbot", "sops"]},
]

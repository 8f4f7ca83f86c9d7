"""Shared building blocks: credential sets, and common repo files (.env, compose, CI, README, ...)."""
import creds as C

EXCH = {
    "binance": ("api_key", "api_secret", None), "bybit": ("api_key", "api_secret", None),
    "okx": ("api_key", "api_secret", "passphrase"), "kucoin": ("api_key", "api_secret", "passphrase"),
    "bitget": ("api_key", "api_secret", "passphrase"), "coinbase": ("api_key", "api_secret", "passphrase"),
    "kraken": ("api_key", "api_secret", None), "gate": ("api_key", "api_secret", None),
    "mexc": ("api_key", "api_secret", None), "htx": ("api_key", "api_secret", None),
    "bitfinex": ("api_key", "api_secret", None), "bitstamp": ("api_key", "api_secret", None),
    "gemini": ("api_key", "api_secret", None), "bitvavo": ("api_key", "api_secret", None),
    "bingx": ("api_key", "api_secret", None), "phemex": ("api_key", "api_secret", None),
    "whitebit": ("api_key", "api_secret", None), "bithumb": ("api_key", "api_secret", None),
    "korbit": ("api_key", "api_secret", None), "bitmex": ("api_key", "api_secret", None),
    "deribit": ("client_id", "client_secret", None), "upbit": ("access_key", "secret_key", None),
    "coinone": ("access_token", "secret_key", None),
}
CCXT_ID = {"gate": "gateio", "htx": "htx", "coinbase": "coinbaseexchange"}
ENVP = {"htx": "HUOBI", "bitfinex": "BFX", "gate": "GATE"}


def exset(ctx, prov, share=None):
    k, s, p = EXCH[prov]
    return (ctx.s(prov, k, share), ctx.s(prov, s, share), ctx.s(prov, p, share) if p else None)


def envname(prov):
    return ENVP.get(prov, prov.upper())


def ccxt_id(prov):
    return CCXT_ID.get(prov, prov)


PLACEHOLDERS = ["your_api_key_here", "<API_KEY>", "xxxxxxxxxxxxxxxxxxxx", "changeme", "REPLACE_ME", "your-api-key",
                "YOUR_SECRET_HERE", "<your-secret>", "****", "TODO", "insert-key-here", "dummy", "${API_KEY}",
                "paste-your-key", "your_exchange_key", "your_exchange_secret", "<redacted>", "sk-...", "...",
                "clave_api_aqui", "votre_cle_api", "dein-api-schluessel", "あなたのAPIキー", "ваш_ключ"]


def ph(ctx):
    return ctx.pick(PLACEHOLDERS)


def gitignore(ctx, extra=()):
    f = ctx.f(".gitignore", "text")
    f.add("\n".join([".env", ".env.*", "!.env.example", "__pycache__/", "*.pyc", "node_modules/", "dist/", "build/",
                     "logs/", "*.log", ".venv/", ".idea/", ".vscode/", "user_data/data/", "*.sqlite", ".DS_Store",
                     *extra]))


def gha(ctx, rel, run_lines, secret_names, lang="yaml", hard=None):
    """GitHub Actions workflow: ${{ secrets.X }} references are negatives; `hard` = [(NAME, S)] positives."""
    f = ctx.f(rel, lang)
    f.add("""
    name: ci

    on:
      push:
        branches: [main]
      pull_request:

    concurrency:
      group: ${{ github.workflow }}-${{ github.ref }}
      cancel-in-progress: true

    jobs:
      test:
        runs-on: ubuntu-latest
        timeout-minutes: 20
        env:
          PYTHONUNBUFFERED: "1"
          BOT_MODE: paper""")
    for i, (name, prov, cred) in enumerate(secret_names):
        ref = "${{ secrets.%s }}" % name
        if i == 0 or ctx.rng.random() < 0.6:
            f.neg(f"      {name}: {ref}", ref, prov, cred, "yaml_value", "env_interpolation")
        else:
            f.add(f"      {name}: {ref}")
    for name, s in (hard or []):
        f.pos(f"      {name}: {s.v}", s, form="yaml_value")
    f.add("    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n"
          "        with:\n          python-version: \"3.11\"\n          cache: pip")
    for ln in run_lines:
        f.add(f"      - run: {ln}")
    f.add("      - name: upload coverage\n        if: always()\n        uses: actions/upload-artifact@v4\n"
          "        with:\n          name: coverage\n          path: coverage.xml\n          retention-days: 7")
    return f


def readme(ctx, rel, title, intro, sections=3):
    f = ctx.f(rel, "markdown")
    f.add(f"# {title}\n\n{intro}\n")
    f.fill(12 * sections)
    return f


def csv_trades(ctx, rel, rows=60, label_every=20):
    """Trade export CSV: order ids / client order ids are look-alikes (negatives)."""
    f = ctx.f(rel, "csv")
    rng = ctx.rng
    f.add("timestamp,symbol,side,price,amount,fee,order_id,client_order_id,trade_id")
    ts = 1714000000000
    for i in range(rows):
        ts += rng.randint(1000, 900000)
        oid, coid, tid = C.order_id(rng), C.client_order_id(rng), C.uuid4(rng)
        sym = rng.choice(["BTCUSDT", "ETHUSDT", "SOLUSDT"])
        line = (f"{ts},{sym},{rng.choice(['buy', 'sell'])},{rng.uniform(100, 70000):.2f},{rng.uniform(0.001, 3):.4f},"
                f"{rng.uniform(0.01, 5):.4f},{oid},{coid},{tid}")
        if i % label_every == 3:
            f.neg(line, coid, "generic", "client_order_id", "csv_cell", "client_order_id")
        elif i % label_every == 9:
            f.neg(line, tid, "generic", "trade_id", "csv_cell", "uuid_id")
        else:
            f.add(line)
    return f


def compose_header(f, svc, image):
    f.add(f"""
    services:
      {svc}:
        image: {image}
        restart: unless-stopped
        volumes:
          - ./user_data:/app/user_data
          - ./logs:/app/logs""")

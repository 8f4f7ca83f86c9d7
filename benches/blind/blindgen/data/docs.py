"""Markdown READMEs/docs and Jupyter notebooks (source and output cells)."""

from __future__ import annotations

import base64
import json

from ..core import Item
from .. import values as V


def readme(ctx):
    L = "markdown"
    name = ctx.repo.name.split("-", 1)[1]
    out = [f"# {name}", "", "A small trading bot. Runs on a VPS, trades spot pairs, reports fills to Telegram.", "",
           "## Setup", "", "```bash", "python -m venv .venv && . .venv/bin/activate", "pip install -r requirements.txt"]
    for _ in range(2):
        it = ctx.mixed(0.4)
        while " " in it.value:
            it = ctx.mixed(0.4)
        out.append(f"export {ctx.env_name(it)}={ctx.m(it, 'markdown-code-block', L)}{it.value}")
    out += ["```", "", "## Configuration", ""]
    it = ctx.mixed(0.5)
    out.append(f"Key: {ctx.m(it, 'markdown-prose', L)}{it.value}")
    it2 = ctx.mixed(0.5)
    out.append(f"- **{it2.name('snake')}**: `{ctx.m(it2, 'markdown-prose', L)}{it2.value}`")
    out += ["", "```yaml", "exchange:", "  name: binance"]
    y = ctx.mixed(0.5)
    out.append(f"  {y.name('snake', y.words[1:] or y.words)}: \"{ctx.m(y, 'markdown-code-block', L)}{y.value}\"")
    out += ["```", ""]
    if ctx.chance(0.5):
        neg = ctx.neg(("tx-hash",))
        out.append(f"Funding tx: [{neg.value[:10]}…](https://etherscan.io/tx/{ctx.m(neg, 'markdown-link', L)}{neg.value})")
    out += ["", "## Strategy", "", "EMA(12/26) crossover with an ATR stop; position size = 1% risk per trade."]
    return [("README.md", "\n".join(out))]


def seed_doc(ctx):
    L = "markdown"
    it = ctx.mixed(0.6, trapkinds=("test-vector", "public-dev-account"))
    if it.pos:
        it = ctx.named("bip39")
    words = it.value.split()
    out = ["# Wallet recovery (DO NOT SHARE)", "", "Hot wallet used by the arbitrage bot.", ""]
    if len(words) < 12:
        it = ctx.named("bip39")
        words = it.value.split()
    style = ctx.style('seed-doc', 3)
    if style == 0:
        out.append(f"1. {ctx.m(it, 'numbered-seed-list', L, needle=words[0], span=len(words))}{words[0]}")
        out += [f"{i + 2}. {w}" for i, w in enumerate(words[1:])]
    elif style == 1:
        out.append(f"Seed phrase: {ctx.m(it, 'markdown-prose', L)}{it.value}")
    else:
        half = len(words) // 2
        out += ["| # | word | # | word |", "|---|---|---|---|"]
        out.append(f"| 1 | {ctx.m(it, 'seed-table', L, needle=words[0], span=half)}{words[0]} | {half + 1} | {words[half]} |")
        out += [f"| {i + 1} | {words[i]} | {half + i + 1} | {words[half + i]} |" for i in range(1, half)]
    out += ["", "Derivation path: m/44'/60'/0'/0/0"]
    return [(ctx.choice(["docs/wallet.md", "notes/recovery.md"]), "\n".join(out))]


def changelog(ctx):
    L = "markdown"
    out = ["# Changelog", "", "## 1.4.2", "- fix: reconnect websocket after 24h", "- chore: rotate exchange keys"]
    it = ctx.mixed(0.5)
    out.append(f"- removed hardcoded key `{ctx.m(it, 'markdown-prose', L)}{it.value}` from config")
    m = ctx.neg(("masked", "placeholder"))
    out += ["", "## 1.4.1", f"- docs: example key now shown as {ctx.m(m, 'markdown-prose', L)}{m.value}",
            "- feat: trailing stop"]
    return [("CHANGELOG.md", "\n".join(out))]


def docs_setup(ctx):
    L = "markdown"
    out = ["# Exchange setup", "", "1. Create an API key with *trade* permission only, no withdrawals.",
           "2. Restrict it to the server IP.", "3. Put it into `.env`:", "", "```dotenv"]
    for _ in range(3):
        n = ctx.neg(("placeholder", "placeholder-i18n", "repeated"))
        out.append(f"{ctx.env_name(n)}={ctx.m(n, 'markdown-code-block', L)}{n.value}")
    out += ["```", "", "Example request:", "", "```bash"]
    it = ctx.mixed(0.5, kinds=("exchange",))
    out.append(f"curl -H \"X-MBX-APIKEY: {ctx.m(it, 'curl-header', L)}{it.value}\" https://api.binance.com/api/v3/account")
    out += ["```", "", "Never commit real keys; CI runs a secret scanner."]
    return [(ctx.choice(["docs/setup.md", "docs/exchanges.md"]), "\n".join(out))]


def _src(lines):
    return [ln + "\n" for ln in lines[:-1]] + [lines[-1]]


def notebook(ctx):
    L = "jupyter"
    cells = [{"cell_type": "markdown", "metadata": {}, "source": ["# Backtest: funding-rate carry\n", "Pulls candles and funding history."]}]
    acct = ctx.account(kinds=("exchange", "data", "broker"))
    src = ["import ccxt", "import pandas as pd", ""]
    for it in acct:
        src.append(f"{it.name('snake')} = \"{ctx.m(it, 'notebook-source', L)}{it.value}\"")
    src += ["", "ex = ccxt.binance({'apiKey': " + acct[0].name("snake") + "})"]
    cells.append({"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [], "source": _src(src)})
    lk = ctx.lookup()
    cells.append({"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
                  "source": _src(["import os", f"token = {ctx.m(lk, 'env-lookup', L)}os.environ[\"{ctx.env_name(lk)}\"]"])})
    out_it = ctx.pos()
    outs = [{"name": "stdout", "output_type": "stream",
             "text": ["loaded config\n", f"using key {ctx.m(out_it, 'notebook-output', L)}{out_it.value}\n"]}]
    cells.append({"cell_type": "code", "execution_count": 3, "metadata": {}, "outputs": outs,
                  "source": ["print('loaded config')\n", "print('using key', cfg['api_key'])"]})
    disp = ctx.pos(kinds=("exchange", "bot", "ai"))
    cells.append({"cell_type": "code", "execution_count": 4, "metadata": {},
                  "outputs": [{"output_type": "execute_result", "execution_count": 4, "metadata": {},
                               "data": {"text/plain": ["{'exchange': 'kraken',\n",
                                                       f" 'secret': '{ctx.m(disp, 'notebook-output', L)}{disp.value}'}}"]}}],
                  "source": ["cfg"]})
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + V.rbytes(ctx.rng, 180)).decode()
    img = Item("negative", "none", "image", png, ("image", "png"), None, "base64-asset")
    cells.append({"cell_type": "code", "execution_count": 5, "metadata": {},
                  "outputs": [{"output_type": "display_data", "metadata": {},
                               "data": {"image/png": ctx.m(img, "notebook-image", L, needle=png[:40], span=1) + png,
                                        "text/plain": ["<Figure size 640x480 with 1 Axes>"]}}],
                  "source": ["df['pnl'].cumsum().plot()"]})
    neg = ctx.neg()
    while "\n" in neg.value:
        neg = ctx.neg()
    cells.append({"cell_type": "code", "execution_count": 6, "metadata": {}, "outputs": [],
                  "source": _src([f"{ctx.name(neg, ('snake',))} = '{ctx.m(neg, 'notebook-source', L)}{neg.value}'"
                                  + (f"  # {neg.extra['note']}" if neg.trap == "marked-fake" else "")])})
    nb = {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                                       "language_info": {"name": "python", "version": "3.11.7"}},
          "nbformat": 4, "nbformat_minor": 5}
    text = json.dumps(nb, indent=1, ensure_ascii=False)
    return [(ctx.choice(["notebooks/backtest.ipynb", "research/funding.ipynb"]), text)]


EMITTERS = {"readme": readme, "seed-doc": seed_doc, "changelog": changelog, "docs-setup": docs_setup, "notebook": notebook}

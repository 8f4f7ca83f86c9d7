"""Repos r25-r38."""
import base64, json
from urllib.parse import quote


def b64s(s):
    return base64.b64encode(s.encode()).decode()


def r25(g):
    f = g.repo("r25-k8s-helm-bybit-bot")
    S, T = g.S, g.T
    f("charts/bybit-bot/values.yaml", "yaml", """
    replicaCount: 1
    image:
      repository: ghcr.io/acme/bybit-bot
      tag: "1.8.2"
      pullPolicy: IfNotPresent
      digest: "@@dig@@"

    bot:
      symbol: BTCUSDT
      leverage: 3
      exchange:
        apiKey: "@@k@@"
        apiSecret: "@@s@@"
      telegram:
        token: "{{ .Values.global.telegramToken }}"
        chatId: "-1001987654321"

    existingSecret: ""
    resources:
      limits: { cpu: 500m, memory: 256Mi }
    """, dig=T("hash", "sha256:" + g.sha256(), "container image digest"),
      k=S("bybit", "api_key", g.an(18), "helm values"),
      s=S("bybit", "api_secret", g.an(36), "helm values"))
    bk, bs, pg = g.an(18), g.an(36), g.pw()
    f("k8s/secret.yaml", "yaml", """
    apiVersion: v1
    kind: Secret
    metadata:
      name: bybit-bot-credentials
      namespace: trading
    type: Opaque
    data:
      BYBIT_API_KEY: @@k@@
      BYBIT_API_SECRET: @@s@@
      POSTGRES_PASSWORD: @@pg@@
    stringData:
      TELEGRAM_TOKEN: "@@tg@@"
      SENTRY_ENVIRONMENT: production
    """, k=S("bybit", "api_key", bk, "k8s secret data base64", shown=b64s(bk)),
      s=S("bybit", "api_secret", bs, "k8s secret data base64", shown=b64s(bs)),
      pg=S("postgres", "password", pg, "k8s secret data base64", shown=b64s(pg)),
      tg=S("telegram", "token", g.tg_token(), "k8s secret stringData"))
    f("k8s/sealed-secret.yaml", "yaml", """
    apiVersion: bitnami.com/v1alpha1
    kind: SealedSecret
    metadata:
      name: bybit-bot-credentials
      namespace: trading
    spec:
      encryptedData:
        BYBIT_API_KEY: @@e1@@
    """, e1=T("encrypted", "AgB" + g.b64(300), "sealed-secrets ciphertext"))
    f(".github/workflows/deploy.yml", "yaml", """
    name: deploy
    on:
      push:
        branches: [main]
    jobs:
      deploy:
        runs-on: ubuntu-latest
        env:
          BYBIT_API_KEY: @@a@@
          BYBIT_API_SECRET: @@b@@
          DISCORD_WEBHOOK: @@dw@@
        steps:
          - uses: actions/checkout@@@sha@@ # v4.1.1
          - uses: azure/setup-helm@v4
          - run: |
              helm upgrade --install bybit-bot charts/bybit-bot \\
                --set bot.exchange.apiKey="$BYBIT_API_KEY" \\
                --set bot.exchange.apiSecret="$BYBIT_API_SECRET"
          - name: notify
            run: curl -s -H 'Content-Type: application/json' -d '{"content":"deployed"}' "$DISCORD_WEBHOOK"
    """, a=T("env-ref", "${{ secrets.BYBIT_API_KEY }}", "github actions secrets ref", "bybit", "api_key"),
      b=T("env-ref", "${{ secrets.BYBIT_API_SECRET }}", "github actions secrets ref", "bybit", "api_secret"),
      dw=S("discord", "webhook", g.discord_hook(), "github actions env literal"),
      sha=T("hash", g.hx(40), "pinned action git sha"))
    f("docker-compose.yml", "yaml", """
    services:
      ib-gateway:
        image: ghcr.io/gnzsnz/ib-gateway:stable
        restart: always
        environment:
          TWS_USERID: acmefund01
          TWS_PASSWORD: @@twp@@
          TRADING_MODE: live
          VNC_SERVER_PASSWORD: @@vnc@@
        ports:
          - "127.0.0.1:4001:4003"
      db:
        image: postgres:16
        environment:
          - POSTGRES_USER=bot
          - POSTGRES_PASSWORD=@@pg@@
          - POSTGRES_DB=bot
      redis:
        image: redis:7
        command: ["redis-server", "--requirepass", "@@rp@@"]
      bot:
        build: .
        env_file: .env
        depends_on: [db, redis, ib-gateway]
        environment:
          DATABASE_URL: @@du@@
    """, twp=S("ibkr", "password", g.pw(), "compose environment map"),
      vnc=S("vnc", "password", g.an(10), "compose environment map"),
      pg=S("postgres", "password", g.pw(), "compose environment list"),
      rp=S("redis", "password", g.an(32), "compose command array"),
      du=T("env-ref", "postgresql://bot:${POSTGRES_PASSWORD}@db:5432/bot", "db url with env var password"))
    f("Dockerfile", "dockerfile", """
    FROM python:3.12-slim AS base
    WORKDIR /app
    ARG BYBIT_API_KEY=@@ak@@
    ENV PYTHONDONTWRITEBYTECODE=1 \\
        PYTHONUNBUFFERED=1
    ENV SENTRY_DSN=https://@@sd@@@o11223.ingest.sentry.io/44556
    ENV KRAKEN_API_KEY=@@kk@@
    ENV KRAKEN_API_SECRET=@@ks@@
    COPY requirements.txt .
    RUN pip install --no-cache-dir -r requirements.txt
    COPY . .
    USER 1000
    CMD ["python", "-m", "bybit_bot"]
    """, ak=T("placeholder", "set-at-build-time", "dockerfile ARG default placeholder", "bybit", "api_key"),
      sd=T("public-id", g.hx(32), "sentry DSN public key", "sentry"),
      kk=S("kraken", "api_key", g.b64(42), "dockerfile ENV"),
      ks=S("kraken", "api_secret", g.b64(64), "dockerfile ENV"))
    f("requirements.txt", "text", """
    pybit==5.7.0 \\
        --hash=sha256:@@h1@@
    python-telegram-bot==21.1.1 \\
        --hash=sha256:@@h2@@
    """, h1=T("hash", g.sha256(), "pip --hash"), h2=T("hash", g.sha256(), "pip --hash"))
    f("infra/main.tf", "hcl", """
    terraform {
      required_providers {
        aws = { source = "hashicorp/aws", version = "~> 5.0" }
      }
    }

    provider "aws" {
      region     = "eu-central-1"
      access_key = "@@ak@@"
      secret_key = "@@sk@@"
    }

    provider "aws" {
      alias      = "backup"
      region     = "eu-west-1"
      access_key = var.backup_access_key
      secret_key = @@vs@@
    }

    resource "aws_secretsmanager_secret_version" "bot" {
      secret_id     = aws_secretsmanager_secret.bot.id
      secret_string = jsonencode({
        bybit_api_key    = "@@bk@@"
        bybit_api_secret = "@@bs@@"
      })
    }
    """, ak=S("aws", "access_key_id", g.aws_id(), "terraform provider block"),
      sk=S("aws", "secret_access_key", g.aws_secret(), "terraform provider block"),
      vs=T("env-ref", "var.backup_secret_key", "terraform variable ref", "aws", "secret_access_key"),
      bk=S("bybit", "api_key", g.an(18), "terraform jsonencode map"),
      bs=S("bybit", "api_secret", g.an(36), "terraform jsonencode map"))
    f("infra/variables.tf", "hcl", """
    variable "backup_access_key" {
      type        = string
      description = "Access key for the backup region, e.g. @@ex1@@"
      default     = "@@ex2@@"
    }

    variable "backup_secret_key" {
      type      = string
      sensitive = true
      default   = "@@ex3@@"
    }
    """, ex1=T("docs-sample", "AKIAIOSFODNN7EXAMPLE", "aws docs example key in description", "aws", "access_key_id"),
      ex2=T("placeholder", "AKIAXXXXXXXXXXXXXXXX", "terraform default placeholder", "aws", "access_key_id"),
      ex3=T("docs-sample", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws docs example secret", "aws", "secret_access_key"))


def r26(g):
    f = g.repo("r26-hardhat-arb-contracts")
    S, T = g.S, g.T
    f("hardhat.config.ts", "typescript", """
    import { HardhatUserConfig } from "hardhat/config";
    import "@nomicfoundation/hardhat-toolbox";
    import * as dotenv from "dotenv";
    dotenv.config();

    const DEPLOYER = process.env.DEPLOYER_KEY ?? "@@dk@@";

    const config: HardhatUserConfig = {
      solidity: { version: "0.8.24", settings: { optimizer: { enabled: true, runs: 800 } } },
      networks: {
        hardhat: {
          forking: { url: "https://eth-mainnet.g.alchemy.com/v2/@@alk@@", blockNumber: 19876543 },
        },
        localhost: {
          accounts: ["@@hh0@@"],
        },
        arbitrum: {
          url: "https://arbitrum-mainnet.infura.io/v3/@@inf@@",
          accounts: [DEPLOYER, "@@ops@@"],
        },
        sepolia: {
          url: process.env.SEPOLIA_RPC || "",
          accounts: process.env.PK ? [process.env.PK] : [],
        },
      },
      etherscan: { apiKey: { mainnet: "@@es@@", arbitrumOne: process.env.ARBISCAN_KEY || "" } },
    };

    export default config;
    """, dk=S("ethereum", "private_key", g.eth_pk(), "ts ?? env fallback"),
      alk=S("alchemy", "api_key", g.b64u(32), "rpc url path"),
      hh0=T("public-default", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
            "hardhat default account #0", "ethereum", "private_key"),
      inf=S("infura", "api_key", g.hx(32), "rpc url path"),
      ops=S("ethereum", "private_key", g.eth_pk(), "hardhat accounts array"),
      es=S("etherscan", "api_key", g.uan(34), "hardhat etherscan apiKey map"))
    f("scripts/backrun.ts", "typescript", """
    import { ethers } from "hardhat";

    const UNIV2_ROUTER = "@@router@@";
    const WETH = "@@weth@@";
    // keccak256(type(UniswapV2Pair).creationCode)
    const INIT_CODE_HASH = "@@ich@@";
    const SWAP_SELECTOR = "@@sel@@"; // swapExactTokensForTokens
    const APPROVE_SELECTOR = "0x095ea7b3";

    async function main() {
      const [signer] = await ethers.getSigners();
      const keeper = new ethers.Wallet("@@hh1@@", ethers.provider); // hardhat account #1
      // sandwich seen on 2024-05-11:
      const victimTx = "@@tx@@";
      const receipt = await ethers.provider.getTransactionReceipt(victimTx);
      console.log(signer.address, keeper.address, receipt?.blockHash, INIT_CODE_HASH, SWAP_SELECTOR, APPROVE_SELECTOR);
      console.log("block", "@@bh@@");
    }

    main().catch((e) => { console.error(e); process.exitCode = 1; });
    """, router=T("public-address", "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D", "uniswap v2 router address"),
      weth=T("public-address", "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "WETH address"),
      ich=T("hash", "0x96e8ac4277198ff8b6f785478aa9a39f403cb768dd02cbee326c3e7da348845f", "uniswap init code hash"),
      sel=T("hash", "0x38ed1739", "abi function selector"),
      hh1=T("public-default", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
            "hardhat default account #1", "ethereum", "private_key"),
      tx=T("hash", "0x" + g.hx(64), "transaction hash"),
      bh=T("hash", "0x" + g.hx(64), "block hash"))
    f(".env", "dotenv", """
    # deployer on arbitrum
    DEPLOYER_KEY=@@dk@@
    SEPOLIA_RPC=https://sepolia.infura.io/v3/@@inf@@
    MNEMONIC="@@mn@@"
    TEST_MNEMONIC="@@hm@@"
    ARBISCAN_KEY=@@ak@@
    """, dk=S("ethereum", "private_key", g.eth_pk(False), "dotenv hex no 0x"),
      inf=S("infura", "api_key", g.hx(32), "dotenv rpc url"),
      mn=S("bip39", "mnemonic", g.mnemonic(12), "dotenv quoted mnemonic"),
      hm=T("public-default", "test test test test test test test test test test test junk",
           "hardhat default mnemonic", "bip39", "mnemonic"),
      ak=S("etherscan", "api_key", g.uan(34), "dotenv"))
    f("Makefile", "makefile", """
    -include .env
    RPC ?= https://arb1.arbitrum.io/rpc

    build:
    \tforge build

    test:
    \tforge test -vvv --fork-url $(RPC)

    deploy-local:
    \tforge script script/Deploy.s.sol --rpc-url http://127.0.0.1:8545 --broadcast --private-key @@anv@@

    deploy-arb:
    \tforge script script/Deploy.s.sol --rpc-url $(RPC) --broadcast --private-key @@pk@@ --verify

    deploy-env:
    \tforge script script/Deploy.s.sol --rpc-url $(RPC) --broadcast --private-key $(DEPLOYER_KEY)
    """, anv=T("public-default", "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
               "anvil default account #2", "ethereum", "private_key"),
      pk=S("ethereum", "private_key", g.eth_pk(), "forge --private-key cli flag"))


def r27(g):
    f = g.repo("r27-solana-sniper")
    S, T = g.S, g.T
    kp = g.sol_keypair_bytes()
    f("keys/id.json", "json", """
    @@kp@@
    """, kp=S("solana", "private_key", str(list(kp)).replace(" ", ""), "solana cli keypair json array"))
    kp2 = g.sol_keypair_bytes()
    from core import b58
    f(".env", "dotenv", """
    RPC_URL=https://mainnet.helius-rpc.com/?api-key=@@hk@@
    WALLET_PRIVATE_KEY=@@wk@@
    WALLET_PUBLIC_KEY=@@wp@@
    JITO_TIP_LAMPORTS=100000
    """, hk=S("helius", "api_key", g.uuid(), "rpc url query param"),
      wk=S("solana", "private_key", b58(kp2), "dotenv base58 keypair"),
      wp=T("public-address", b58(kp2[32:]), "solana public key", "solana", "address"))
    kp3 = g.sol_keypair_bytes()
    f("src/config.ts", "typescript", """
    import { Keypair, PublicKey } from "@solana/web3.js";

    export const RAYDIUM_AMM_V4 = new PublicKey("@@ray@@");
    export const TOKEN_PROGRAM = new PublicKey("@@tok@@");
    export const WSOL = new PublicKey("So11111111111111111111111111111111111111112");
    export const FEE_ACCOUNT = new PublicKey("@@fee@@");

    // burner wallet for devnet tests
    export const burner = Keypair.fromSecretKey(
      Uint8Array.from(@@kp@@)
    );

    export const payer = Keypair.fromSecretKey(bs58.decode(process.env.WALLET_PRIVATE_KEY!));
    """, ray=T("public-address", "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8", "solana program id"),
      tok=T("public-address", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "solana program id"),
      fee=T("public-address", g.sol_pub(), "solana pubkey"),
      kp=S("solana", "private_key", str(list(kp3)), "ts Uint8Array.from array"))
    f("src/snipe.ts", "typescript", """
    import { Connection, VersionedTransaction } from "@solana/web3.js";
    import { payer } from "./config";

    const conn = new Connection(process.env.RPC_URL!, "processed");

    export async function send(tx: VersionedTransaction) {
      tx.sign([payer]);
      const sig = await conn.sendTransaction(tx, { skipPreflight: true, maxRetries: 0 });
      console.log(`https://solscan.io/tx/${sig}`);
      return sig;
    }

    // first profitable fill: @@sig@@
    """, sig=T("hash", b58(g.rb(64)), "solana transaction signature"))


def r28(g):
    f = g.repo("r28-btc-dca-wallet")
    S, T = g.S, g.T
    f("wallet/keys.py", "python", """
    \"\"\"Hot wallet used by the weekly DCA sweep. Cold storage xpub is watch-only.\"\"\"
    from bitcoinlib.keys import HDKey, Key

    HOT_WIF = "@@wif@@"
    HOT_XPRV = "@@xprv@@"
    COLD_XPUB = "@@xpub@@"
    DEPOSIT_ADDRESS = "@@addr@@"
    CHANGE_ADDRESS = "@@addr2@@"

    # BIP32 test vector 1, chain m (used in unit tests only)
    TV1_XPRV = "@@tv1@@"
    TV_MNEMONIC = "@@tvm@@"


    def hot_key() -> Key:
        return Key(HOT_WIF)


    def hot_account(index: int = 0) -> HDKey:
        return HDKey(HOT_XPRV).subkey_for_path(f"m/84'/0'/0'/0/{index}")
    """, wif=S("bitcoin", "private_key", g.wif(), "python const WIF"),
      xprv=S("bitcoin", "xprv", g.xprv(), "python const xprv"),
      xpub=T("public-key", g.xpub(), "xpub watch-only", "bitcoin", "xpub"),
      addr=T("public-address", g.btc_addr(), "bitcoin address", "bitcoin", "address"),
      addr2=T("public-address", g.btc_addr(), "bitcoin address", "bitcoin", "address"),
      tv1=T("test-vector", "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi",
            "bip32 test vector 1 xprv", "bitcoin", "xprv"),
      tvm=T("test-vector", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about",
            "bip39 test vector", "bip39", "mnemonic"))
    f("wallet/backup.md", "markdown", """
    # Recovery notes

    Seed for the hot wallet (24 words, BIP39, no passphrase):

    ```
    @@mn@@
    ```

    Cold wallet: Coldcard, xpub in `keys.py`. Never type its seed anywhere.

    Sweep fee target: 6 blocks.
    """, mn=S("bip39", "mnemonic", g.mnemonic(24), "markdown code block"))
    f("tests/test_keys.py", "python", """
    from wallet.keys import TV1_XPRV, TV_MNEMONIC


    def test_vectors_are_valid():
        assert TV1_XPRV.startswith("xprv")
        assert len(TV_MNEMONIC.split()) == 12


    def test_sha_of_release():
        # sha256 of dca-wallet-0.4.0.tar.gz
        assert "@@h@@"
    """, h=T("hash", g.sha256(), "sha256 of release tarball"))


def r29(g):
    f = g.repo("r29-jupyter-alpha-research")
    S, T = g.S, g.T
    def code(src, outputs=None, n=1):
        return {"cell_type": "code", "execution_count": n, "metadata": {}, "outputs": outputs or [],
                "source": [l + "\n" for l in src.split("\n")[:-1]] + [src.split("\n")[-1]]}
    def md(src):
        return {"cell_type": "markdown", "metadata": {}, "source": [src]}
    nb = {"cells": [
        md("# Funding-rate carry on Binance perps\nQuick look at funding vs basis."),
        code("import ccxt\nimport pandas as pd\n\nbinance = ccxt.binanceusdm({\n    'apiKey': '@@k@@',\n"
             "    'secret': '@@s@@',\n})\nbinance.load_markets()", n=1),
        code("from openai import OpenAI\nclient = OpenAI(api_key='@@oa@@')", n=2),
        code("!cat ../.env | head -3", outputs=[{"name": "stdout", "output_type": "stream", "text": [
            "COINBASE_API_KEY=@@ck@@\n", "FINNHUB_API_KEY=@@fh@@\n", "DB_URL=sqlite:///funding.db\n"]}], n=3),
        code("print(binance.apiKey[:4] + '...' + binance.apiKey[-4:])", outputs=[{"name": "stdout",
             "output_type": "stream", "text": ["@@mask@@\n"]}], n=4),
        code("fr = binance.fetch_funding_rate_history('BTC/USDT:USDT', limit=500)\ndf = pd.DataFrame(fr)\ndf.tail()", n=5),
        code("order = binance.create_order('BTC/USDT:USDT', 'limit', 'buy', 0.01, 58000)\norder['id'], order['clientOrderId']",
             outputs=[{"data": {"text/plain": ["('@@oid@@', '@@coid@@')"]}, "execution_count": 6, "metadata": {},
                       "output_type": "execute_result"}], n=6),
    ], "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                    "language_info": {"name": "python", "version": "3.11.6"}}, "nbformat": 4, "nbformat_minor": 5}
    f("notebooks/funding_carry.ipynb", "jupyter", json.dumps(nb, indent=1),
      k=S("binance", "api_key", g.an(64), "jupyter source ccxt dict"),
      s=S("binance", "api_secret", g.an(64), "jupyter source ccxt dict"),
      oa=S("openai", "api_key", g.openai(), "jupyter source kwarg"),
      ck=S("coinbase", "api_key", f"organizations/{g.uuid()}/apiKeys/{g.uuid()}", "jupyter stream output"),
      fh=S("finnhub", "api_key", g.lan(20), "jupyter stream output"),
      mask=T("masked", g.an(4) + "..." + g.an(4), "masked key in jupyter output", "binance", "api_key"),
      oid=T("random-id", g.dig(11), "exchange order id"),
      coid=T("random-id", "x-xcKtGhcu" + g.hx(20), "client order id"))


def r30(g):
    f = g.repo("r30-docs-binance-bot-guide")
    S, T = g.S, g.T
    f("README.md", "markdown", """
    # binance-spot-bot

    A tiny momentum bot for Binance spot.

    ## Setup

    1. Create an API key on Binance (enable *Spot & Margin Trading*, **disable withdrawals**, restrict IP).
    2. Copy `.env.example` to `.env` and set `BINANCE_API_KEY` / `BINANCE_API_SECRET`.
    3. Run `python -m bot`.

    The signing example in the official docs uses the key
    `@@dk@@` and the secret
    `@@ds@@` — you can use those to check your HMAC code:

    ```bash
    echo -n "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559" \\
      | openssl dgst -sha256 -hmac "$BINANCE_API_SECRET"
    ```

    Expected signature: `@@sig@@`

    ## Troubleshooting

    If you see `-2015 Invalid API-key, IP, or permissions for action`, check the IP whitelist.
    My own key (`@@mk@@`) works from the VPS, so the code is fine.

    ```python
    from binance.client import Client
    client = Client(api_key="@@p1@@", api_secret="@@p2@@")
    ```
    """, dk=T("docs-sample", "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A",
              "binance docs sample key in markdown", "binance", "api_key"),
      ds=T("docs-sample", "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j",
           "binance docs sample secret in markdown", "binance", "api_secret"),
      sig=T("hash", "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71", "binance docs hmac signature"),
      mk=S("binance", "api_key", g.an(64), "markdown prose inline code"),
      p1=T("placeholder", "<api_key>", "markdown python placeholder", "binance", "api_key"),
      p2=T("placeholder", "<api_secret>", "markdown python placeholder", "binance", "api_secret"))
    f("docs/alerts.md", "markdown", """
    ## Alerts

    The bot posts fills to Slack and Telegram. Example config:

    ```yaml
    slack_webhook: @@sw@@
    telegram_token: @@tg@@
    ```

    In production we use:

    ```yaml
    slack_webhook: @@psw@@
    ```

    Tokens look like `@@tx@@`; never paste yours in an issue.
    For webhooks use the Discord URL format `https://discord.com/api/webhooks/<id>/<token>`.
    """, sw=T("placeholder", "https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX",
              "markdown yaml placeholder", "slack", "webhook"),
      tg=T("placeholder", "<TELEGRAM_BOT_TOKEN>", "markdown yaml placeholder", "telegram", "token"),
      psw=S("slack", "webhook", g.slack_hook(), "markdown yaml code block"),
      tx=T("placeholder", "123456789:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "markdown prose format example", "telegram", "token"))


def r31(g):
    f = g.repo("r31-http-traces-postman")
    S, T = g.S, g.T
    f("debug/binance-trace.http", "http", """
    ### signed order (captured with mitmproxy 2024-09-14)
    POST https://api.binance.com/api/v3/order?symbol=ETHUSDT&side=BUY&type=MARKET&quoteOrderQty=50&timestamp=1726300000123&signature=@@sig@@
    X-MBX-APIKEY: @@k@@
    Content-Type: application/x-www-form-urlencoded
    User-Agent: python-binance/1.0.19

    HTTP/1.1 200 OK
    Content-Type: application/json;charset=UTF-8
    x-mbx-uuid: @@uu@@
    x-mbx-used-weight-1m: 3

    {"symbol":"ETHUSDT","orderId":18273645501,"clientOrderId":"@@coid@@","transactTime":1726300000181,"status":"FILLED"}

    ### kraken balance
    POST https://api.kraken.com/0/private/Balance
    API-Key: @@kk@@
    API-Sign: @@ksig@@
    """, sig=T("hash", g.hx(64), "hmac signature query param", "binance"),
      k=S("binance", "api_key", g.an(64), "http header X-MBX-APIKEY"),
      uu=T("random-id", g.uuid(), "response uuid header"),
      coid=T("random-id", g.an(22), "client order id"),
      kk=S("kraken", "api_key", g.b64(42), "http header API-Key"),
      ksig=T("hash", g.b64(64), "hmac signature header", "kraken"))
    coll = {"info": {"_postman_id": "@@pid@@", "name": "Exchanges",
                     "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
            "item": [
                {"name": "OKX balance", "request": {"method": "GET", "header": [
                    {"key": "OK-ACCESS-KEY", "value": "@@ok@@"},
                    {"key": "OK-ACCESS-PASSPHRASE", "value": "@@op@@"},
                    {"key": "OK-ACCESS-SIGN", "value": "{{okx_sign}}"}],
                    "url": "https://www.okx.com/api/v5/account/balance"}},
                {"name": "Bitfinex wallets", "request": {"method": "POST", "header": [
                    {"key": "bfx-apikey", "value": "{{bfx_key}}"}], "url": "https://api.bitfinex.com/v2/auth/r/wallets"}},
                {"name": "CMC listings", "request": {"method": "GET", "header": [
                    {"key": "X-CMC_PRO_API_KEY", "value": "@@cmc@@"}],
                    "url": "https://pro-api.coinmarketcap.com/v1/cryptocurrency/listings/latest"}},
            ],
            "variable": [{"key": "okx_secret", "value": "@@os@@"}, {"key": "bfx_key", "value": "@@bk@@"},
                         {"key": "bfx_secret", "value": "@@bfs@@"}]}
    f("postman/exchanges.postman_collection.json", "json", json.dumps(coll, indent="\t"),
      pid=T("random-id", g.uuid(), "postman collection id"),
      ok=S("okx", "api_key", g.uuid(), "postman header value"),
      op=S("okx", "passphrase", g.pw(), "postman header value"),
      cmc=S("coinmarketcap", "api_key", g.uuid(), "postman header value"),
      os=S("okx", "api_secret", g.HX(32), "postman collection variable"),
      bk=T("placeholder", "{{BFX_API_KEY}}", "postman variable ref", "bitfinex", "api_key"),
      bfs=S("bitfinex", "api_secret", g.b64u(43), "postman collection variable"))
    f("logs/bot-2024-10-01.log", "log", """
    2024-10-01T00:00:00.102Z INFO  starting bot v2.3.0 pid=4121
    2024-10-01T00:00:00.344Z INFO  loaded key BINANCE_API_KEY=@@m1@@
    2024-10-01T00:00:00.345Z INFO  loaded key BYBIT_API_SECRET=@@m2@@
    2024-10-01T00:00:01.022Z DEBUG ws connect wss://stream.binance.com:9443/ws trace_id=@@tr@@
    2024-10-01T00:00:03.551Z ERROR auth failed for kucoin key=@@kk@@ passphrase=@@kp@@ (code 400005)
    2024-10-01T00:00:03.552Z INFO  span=@@sp@@ retry in 5s
    2024-10-01T00:00:08.910Z INFO  order placed id=@@oid@@
    """, m1=T("masked", g.an(4) + "*" * 56 + g.an(4), "masked key in log", "binance", "api_key"),
      m2=T("masked", "*" * 32 + g.an(4), "masked secret (last 4) in log", "bybit", "api_secret"),
      tr=T("random-id", g.hx(32), "trace id"),
      kk=S("kucoin", "api_key", g.hx(24), "log line key="),
      kp=S("kucoin", "passphrase", g.pw(), "log line passphrase="),
      sp=T("random-id", g.hx(16), "span id"),
      oid=T("random-id", g.uuid(), "order uuid"))


def r32(g):
    f = g.repo("r32-sql-csv-exports")
    S, T = g.S, g.T
    f("db/dump-2024-08-30.sql", "sql", """
    -- PostgreSQL database dump
    SET statement_timeout = 0;
    SET client_encoding = 'UTF8';

    CREATE TABLE public.users (id serial PRIMARY KEY, email text NOT NULL, password_hash text NOT NULL);
    CREATE TABLE public.api_keys (id serial PRIMARY KEY, user_id int, exchange text, api_key text, api_secret text, passphrase text);

    INSERT INTO public.users (id, email, password_hash) VALUES (1, 'ana@example.org', '@@b1@@');
    INSERT INTO public.users (id, email, password_hash) VALUES (2, 'li@example.org', '@@b2@@');

    INSERT INTO public.api_keys VALUES (1, 1, 'binance', '@@bk@@', '@@bs@@', NULL);
    INSERT INTO public.api_keys VALUES (2, 1, 'okx', '@@ok@@', '@@os@@', '@@op@@');
    INSERT INTO public.api_keys VALUES (3, 2, 'kucoin', '@@kk@@', '@@red1@@', '@@red2@@');

    CREATE USER reporting WITH PASSWORD '@@rp@@';
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporting;
    """, b1=T("hash", g.bcrypt(), "bcrypt hash"), b2=T("hash", g.bcrypt(), "bcrypt hash"),
      bk=S("binance", "api_key", g.an(64), "sql insert values"),
      bs=S("binance", "api_secret", g.an(64), "sql insert values"),
      ok=S("okx", "api_key", g.uuid(), "sql insert values"),
      os=S("okx", "api_secret", g.HX(32), "sql insert values"),
      op=S("okx", "passphrase", g.pw(), "sql insert values"),
      kk=S("kucoin", "api_key", g.hx(24), "sql insert values"),
      red1=T("masked", "REDACTED", "redacted sql value", "kucoin", "api_secret"),
      red2=T("masked", "[redacted]", "redacted sql value", "kucoin", "passphrase"),
      rp=S("postgres", "password", g.pw(), "sql CREATE USER PASSWORD"))
    f("exports/accounts.csv", "csv", """
    account,exchange,api_key,api_secret,created
    main,gate,@@gk@@,@@gs@@,2024-01-12
    hedge,bitmex,@@mk@@,@@ms@@,2024-02-03
    paper,alpaca,@@ak@@,,2024-03-09
    """, gk=S("gate", "api_key", g.hx(32), "csv row"), gs=S("gate", "api_secret", g.hx(64), "csv row"),
      mk=S("bitmex", "api_key", g.b64u(24), "csv row"), ms=S("bitmex", "api_secret", g.b64u(48), "csv row"),
      ak=T("placeholder", "PKXXXXXXXXXXXXXXXXXX", "csv placeholder", "alpaca", "api_key"))
    f("exports/trades.csv", "csv", """
    trade_id,order_id,symbol,side,qty,price,fee,tx_hash
    @@t1@@,88123,ETHUSDT,buy,0.5,2501.3,0.0005,
    @@t2@@,88124,ETHUSDT,sell,0.5,2533.9,0.0005,@@tx@@
    """, t1=T("random-id", g.uuid(), "trade uuid in csv"), t2=T("random-id", g.uuid(), "trade uuid in csv"),
      tx=T("hash", "0x" + g.hx(64), "tx hash in csv"))


def r33(g):
    f = g.repo("r33-ai-news-trader")
    S, T = g.S, g.T
    pem = g.pkcs8_rsa_pem()
    proj = "news-trader-" + g.dig(6)
    sa = {"type": "service_account", "project_id": proj, "private_key_id": "@@pkid@@",
          "private_key": "@@pk@@", "client_email": f"bot-runner@{proj}.iam.gserviceaccount.com",
          "client_id": "@@cid@@", "auth_uri": "https://accounts.google.com/o/oauth2/auth",
          "token_uri": "https://oauth2.googleapis.com/token",
          "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
          "universe_domain": "googleapis.com"}
    f("credentials/gcp-sa.json", "json", json.dumps(sa, indent=2),
      pkid=S("gcp", "private_key_id", g.hx(40), "gcp service account json"),
      pk=S("gcp", "private_key", pem, "gcp service account json escaped pem", shown=pem.replace("\n", "\\n") + "\\n"),
      cid=T("public-id", g.dig(21), "gcp client id (not secret)"))
    pem2 = g.pkcs8_rsa_pem()
    sa2 = dict(sa, private_key=pem2 + "\n", private_key_id=g.hx(40), client_email=f"reader@{proj}.iam.gserviceaccount.com")
    blob = b64s(json.dumps(sa2))
    f("bot/settings.py", "python", """
    import os

    OPENAI_API_KEY = os.getenv("OPENAI_API_KEY", "@@oa@@")
    ANTHROPIC_API_KEY = "@@an@@"
    NEWS_MODEL = "claude-3-5-sonnet-latest"

    GOOGLE_CREDENTIALS_B64 = (
        "@@blob@@"
    )

    SLACK_WEBHOOK_URL = os.environ.get("SLACK_WEBHOOK_URL")
    DISCORD_BOT_TOKEN = "@@dt@@"

    TWILIO = {"account_sid": "@@sid@@", "auth_token": "@@at@@", "from": "+15005550006"}

    SMTP = dict(host="smtp.gmail.com", port=587, user="alerts.newstrader@gmail.com", password="@@gp@@")

    ALPACA = dict(key_id=os.environ["APCA_API_KEY_ID"], secret_key=@@as@@)
    """, oa=S("openai", "api_key", g.openai(), "python os.getenv default"),
      an=S("anthropic", "api_key", g.anthropic(), "python assignment"),
      blob=S("gcp", "private_key", pem2, "base64-wrapped service account json", shown=blob),
      dt=S("discord", "token", g.discord_token(), "python assignment"),
      sid=S("twilio", "account_sid", "AC" + g.hx(32), "python dict"),
      at=S("twilio", "auth_token", g.hx(32), "python dict"),
      gp=S("smtp", "password", g.pick("abcdefghijklmnopqrstuvwxyz", 16), "python dict() kwarg gmail app password"),
      **{"as": T("env-lookup", 'os.environ["APCA_API_SECRET_KEY"]', "python env lookup", "alpaca", "api_secret")})
    f("bot/llm.py", "python", """
    from anthropic import Anthropic
    from openai import OpenAI
    from . import settings

    claude = Anthropic(api_key=settings.ANTHROPIC_API_KEY)
    gpt = OpenAI(api_key=settings.OPENAI_API_KEY)
    fallback = OpenAI(api_key="@@ph@@")

    PROMPT = \"\"\"You are a trading assistant. Classify the headline as bullish, bearish or neutral
    for the ticker given. Reply with one word.\"\"\"


    def classify(headline: str, ticker: str) -> str:
        msg = claude.messages.create(
            model=settings.NEWS_MODEL,
            max_tokens=5,
            system=PROMPT,
            messages=[{"role": "user", "content": f"{ticker}: {headline}"}],
        )
        return msg.content[0].text.strip().lower()
    """, ph=T("placeholder", "sk-...", "python kwarg placeholder", "openai", "api_key"))


def r34(g):
    f = g.repo("r34-django-copytrade")
    S, T = g.S, g.T
    f("copytrade/settings/base.py", "python", """
    from pathlib import Path
    import os

    BASE_DIR = Path(__file__).resolve().parent.parent.parent

    SECRET_KEY = "@@sk@@"
    DEBUG = False
    ALLOWED_HOSTS = ["copytrade.example.net"]

    INSTALLED_APPS = [
        "django.contrib.admin",
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "django.contrib.sessions",
        "rest_framework",
        "copytrade.core",
    ]

    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "copytrade",
            "USER": "copytrade",
            "PASSWORD": "@@dbp@@",
            "HOST": "10.10.0.5",
            "PORT": "5432",
        }
    }

    CELERY_BROKER_URL = "@@amqp@@"
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": "@@redis@@"}}

    EMAIL_HOST = "email-smtp.eu-west-1.amazonaws.com"
    EMAIL_HOST_USER = "@@seu@@"
    EMAIL_HOST_PASSWORD = "@@sep@@"

    MASTER_EXCHANGE = {
        "name": "bitget",
        "apiKey": os.getenv("MASTER_KEY", "@@mk@@"),
        "secret": os.getenv("MASTER_SECRET", "@@ms@@"),
        "password": os.getenv("MASTER_PASSPHRASE", "@@mp@@"),
    }
    """, sk=S("django", "secret_key", g.pick("abcdefghijklmnopqrstuvwxyz0123456789!@#%^&*(-_=+)", 50), "django SECRET_KEY"),
      dbp=S("postgres", "password", g.pw(), "django DATABASES dict"),
      amqp=S("rabbitmq", "password", (ap := g.an(20)), "amqp url userinfo", shown=f"amqp://copytrade:{ap}@10.10.0.6:5672/ct"),
      redis=S("redis", "password", (rp := g.an(24)), "redis url userinfo", shown=f"redis://:{rp}@10.10.0.7:6379/1"),
      seu=S("aws", "access_key_id", g.aws_id(), "django EMAIL_HOST_USER ses smtp"),
      sep=S("aws", "smtp_password", "B" + g.pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+", 43), "django EMAIL_HOST_PASSWORD ses"),
      mk=S("bitget", "api_key", "bg_" + g.hx(32), "python os.getenv default"),
      ms=S("bitget", "api_secret", g.hx(64), "python os.getenv default"),
      mp=S("bitget", "passphrase", g.pw(), "python os.getenv default"))
    f("copytrade/settings/prod.py", "python", """
    from .base import *  # noqa
    import os

    SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
    DATABASES["default"]["PASSWORD"] = @@p@@
    EMAIL_HOST_PASSWORD = os.getenv("SES_SMTP_PASSWORD", "")
    SENTRY_DSN = "@@sd@@"
    """, p=T("env-lookup", 'os.environ.get("DB_PASSWORD")', "python env lookup", "postgres", "password"),
      sd=T("env-ref", "vault:secret/data/copytrade#sentry_dsn", "vault reference"))
    f("copytrade/core/fixtures/demo_users.json", "json", """
    [
      {"model": "auth.user", "pk": 1, "fields": {"username": "admin", "password": "@@h1@@", "is_superuser": true}},
      {"model": "auth.user", "pk": 2, "fields": {"username": "demo", "password": "@@h2@@", "is_superuser": false}}
    ]
    """, h1=T("hash", "pbkdf2_sha256$720000$" + g.an(22) + "$" + g.b64(32), "django password hash"),
      h2=T("hash", "pbkdf2_sha256$720000$" + g.an(22) + "$" + g.b64(32), "django password hash"))


def r35(g):
    f = g.repo("r35-multi-format-configs")
    S, T = g.S, g.T
    f("config/bot.ini", "ini", """
    [general]
    mode = live
    base_currency = USD
    log_level = INFO

    [bitfinex]
    api_key = @@bk@@
    api_secret = @@bs@@

    [gemini]
    api_key = @@gk@@
    api_secret = @@gs@@
    sandbox = false

    [gemini_sandbox]
    api_key = @@gsk@@
    api_secret = %(GEMINI_SANDBOX_SECRET)s

    [database]
    url = @@db@@
    """, bk=S("bitfinex", "api_key", g.b64u(43), "ini key = value"),
      bs=S("bitfinex", "api_secret", g.b64u(43), "ini key = value"),
      gk=S("gemini", "api_key", g.gemini_key(), "ini key = value"),
      gs=S("gemini", "api_secret", g.an(28), "ini key = value"),
      gsk=T("placeholder", "account-XXXXXXXXXXXXXXXXXXXX", "ini placeholder", "gemini", "api_key"),
      db=S("mysql", "password", (mp := g.pw()), "mysql url userinfo (percent-encoded)",
           shown=f"mysql+pymysql://bot:{quote(mp, safe='')}@localhost/bot"))
    f("config/bot.toml", "toml", """
    [bot]
    name = "okx-basis"
    interval_ms = 250

    [okx]
    api_key = "@@ok@@"
    secret_key = "@@os@@"
    passphrase = "@@op@@"
    simulated = false

    [okx.demo]
    api_key = "@@dk@@"
    secret_key = "@@ds@@"
    passphrase = "@@dp@@"

    [notify]
    telegram_token = '@@tg@@'
    chat_id = 55443322
    """, ok=S("okx", "api_key", g.uuid(), "toml string"),
      os=S("okx", "api_secret", g.HX(32), "toml string"),
      op=S("okx", "passphrase", g.pw(), "toml string"),
      dk=T("placeholder", "${OKX_DEMO_KEY}", "toml env-style placeholder", "okx", "api_key"),
      ds=T("placeholder", "${OKX_DEMO_SECRET}", "toml env-style placeholder", "okx", "api_secret"),
      dp=T("placeholder", "${OKX_DEMO_PASSPHRASE}", "toml env-style placeholder", "okx", "passphrase"),
      tg=S("telegram", "token", g.tg_token(), "toml literal string"))
    f("legacy/App.config", "xml", """
    <?xml version="1.0" encoding="utf-8"?>
    <configuration>
      <appSettings>
        <add key="AlpacaKeyId" value="@@ak@@" />
        <add key="AlpacaSecretKey" value="@@as@@" />
        <add key="AlpacaBaseUrl" value="https://paper-api.alpaca.markets" />
        <add key="PolygonApiKey" value="@@pk@@" />
        <add key="EtherscanApiKey" value="@@ek@@" />
      </appSettings>
      <connectionStrings>
        <add name="Trades" connectionString="Data Source=.\\SQLEXPRESS;Initial Catalog=Trades;User Id=sa;Password=@@sa@@;" providerName="System.Data.SqlClient" />
      </connectionStrings>
    </configuration>
    """, ak=S("alpaca", "api_key", g.alpaca_id(), "xml appSettings"),
      **{"as": S("alpaca", "api_secret", g.an(40), "xml appSettings")},
      pk=S("polygon", "api_key", g.an(32), "xml appSettings"),
      ek=T("placeholder", "YourApiKeyToken", "xml appSettings placeholder (etherscan docs)", "etherscan", "api_key"),
      sa=S("mssql", "password", g.pw(), "xml connection string"))


def r36(g):
    f = g.repo("r36-coinbase-cdp-advanced")
    S, T = g.S, g.T
    name1 = f"organizations/{g.uuid()}/apiKeys/{g.uuid()}"
    pem1 = g.ec_pem()
    f("cdp_api_key.json", "json", """
    {
       "name": "@@n@@",
       "privateKey": "@@pk@@"
    }
    """, n=S("coinbase", "api_key", name1, "cdp key json name"),
      pk=S("coinbase", "private_key", pem1, "cdp key json escaped EC pem", shown=pem1.replace("\n", "\\n") + "\\n"))
    name2 = f"organizations/{g.uuid()}/apiKeys/{g.uuid()}"
    pem2 = g.ec_pem()
    f("trader/client.py", "python", """
    import os
    from coinbase.rest import RESTClient

    API_KEY = "@@n@@"
    API_SECRET = \"\"\"@@pk@@
    \"\"\"

    client = RESTClient(api_key=API_KEY, api_secret=API_SECRET, timeout=10)
    file_client = RESTClient(key_file="cdp_api_key.json")
    env_client = RESTClient(api_key=os.environ["COINBASE_API_KEY"], api_secret=os.environ["COINBASE_API_SECRET"])


    def place_dca(product_id: str = "BTC-USD", quote_size: str = "25"):
        order = client.market_order_buy(client_order_id="@@coid@@", product_id=product_id, quote_size=quote_size)
        return order.to_dict()
    """, n=S("coinbase", "api_key", name2, "python const key name"),
      pk=S("coinbase", "private_key", pem2, "python triple-quoted EC pem"),
      coid=T("random-id", g.uuid(), "client order id uuid"))
    ed_id = g.uuid()
    ed_sec = base64.b64encode(g.rb(64)).decode()
    f("cdp_ed25519.json", "json", """
    {
      "id": "@@id@@",
      "privateKey": "@@sec@@"
    }
    """, id=S("coinbase", "api_key", ed_id, "cdp ed25519 json id"),
      sec=S("coinbase", "private_key", ed_sec, "cdp ed25519 json privateKey"))
    pem3 = g.ec_pem()
    f(".env", "dotenv", """
    COINBASE_API_KEY=@@n@@
    COINBASE_API_SECRET="@@pk@@"
    COINBASE_PUBLIC_KEY="@@pub@@"
    """, n=S("coinbase", "api_key", f"organizations/{g.uuid()}/apiKeys/{g.uuid()}", "dotenv key name"),
      pk=S("coinbase", "private_key", pem3, "dotenv EC pem with literal \\n", shown=pem3.replace("\n", "\\n") + "\\n"),
      pub=T("public-key", "-----BEGIN PUBLIC KEY-----\\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE" + g.b64(63)[:86] + "\\n-----END PUBLIC KEY-----",
            "EC public key pem", "coinbase", "public_key"))


def r37(g):
    f = g.repo("r37-dydx-polymarket-js")
    S, T = g.S, g.T
    f("src/dydx.js", "javascript", """
    'use strict';
    const { CompositeClient, Network, LocalWallet, BECH32_PREFIX, SubaccountClient } = require('@dydxprotocol/v4-client-js');

    const MNEMONIC = process.env.DYDX_MNEMONIC ||
      '@@mn@@';

    async function connect() {
      const wallet = await LocalWallet.fromMnemonic(MNEMONIC, BECH32_PREFIX);
      const client = await CompositeClient.connect(Network.mainnet());
      return { client, subaccount: new SubaccountClient(wallet, 0) };
    }

    // docs example, do not use:
    const EXAMPLE = '@@ex@@';

    module.exports = { connect, EXAMPLE };
    """, mn=S("dydx", "mnemonic", g.mnemonic(24), "js || env fallback"),
      ex=T("placeholder", "word1 word2 word3 word4 word5 word6 word7 word8 word9 word10 word11 word12",
           "mnemonic placeholder", "dydx", "mnemonic"))
    f("src/polymarket.py", "python", """
    from py_clob_client.client import ClobClient
    from py_clob_client.clob_types import ApiCreds

    HOST = "https://clob.polymarket.com"
    PK = "@@pk@@"
    FUNDER = "@@fund@@"

    creds = ApiCreds(
        api_key="@@k@@",
        api_secret="@@s@@",
        api_passphrase="@@p@@",
    )

    client = ClobClient(HOST, key=PK, chain_id=137, creds=creds, signature_type=1, funder=FUNDER)
    USDC = "@@usdc@@"
    CONDITION_ID = "@@cond@@"
    """, pk=S("polymarket", "private_key", g.eth_pk(), "python const"),
      fund=T("public-address", g.eth_addr(), "evm address"),
      k=S("polymarket", "api_key", g.uuid(), "python kwargs in ctor"),
      s=S("polymarket", "api_secret", g.b64u(43) + "=", "python kwargs in ctor"),
      p=S("polymarket", "passphrase", g.hx(64), "python kwargs in ctor"),
      usdc=T("public-address", "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174", "USDC polygon address"),
      cond=T("hash", "0x" + g.hx(64), "polymarket condition id"))


def r38(g):
    f = g.repo("r38-hummingbot-octobot-configs")
    S, T = g.S, g.T
    f("hummingbot/conf/connectors/kucoin.yml", "yaml", """
    connector: kucoin
    kucoin_api_key: @@k@@
    kucoin_secret_key: @@s@@
    kucoin_passphrase: @@p@@
    """, k=S("kucoin", "api_key", g.hx(24), "hummingbot connector yaml plaintext"),
      s=S("kucoin", "api_secret", g.uuid(), "hummingbot connector yaml plaintext"),
      p=S("kucoin", "passphrase", g.pw(), "hummingbot connector yaml plaintext"))
    f("hummingbot/conf/conf_client.yml", "yaml", """
    instance_id: @@iid@@
    log_level: INFO
    kill_switch_mode: {}
    autofill_import: disabled
    telegram_mode:
      telegram_token: @@tt@@
      telegram_chat_id: '99887766'
    anonymized_metrics_mode:
      anonymized_metrics_interval_min: 15.0
    """, iid=T("random-id", g.hx(40), "hummingbot instance id"),
      tt=S("telegram", "token", g.tg_token(), "hummingbot conf yaml"))
    f("octobot/user/config.json", "json", """
    {
      "exchanges": {
        "binance": {
          "api-key": "@@bk@@",
          "api-secret": "@@bs@@",
          "enabled": true,
          "exchange-type": "spot"
        },
        "kraken": {
          "api-key": "@@kk@@",
          "api-secret": "@@ks@@",
          "enabled": false
        }
      },
      "services": {
        "telegram": {"chat-id": "12345", "token": "@@tg@@"},
        "web": {"password": "@@wh@@"}
      },
      "trading": {"risk": 0.5, "reference-market": "USDT"}
    }
    """, bk=S("binance", "api_key", g.an(64), "octobot config json"),
      bs=S("binance", "api_secret", g.an(64), "octobot config json"),
      kk=T("placeholder", "your-api-key-here", "octobot default placeholder", "kraken", "api_key"),
      ks=T("placeholder", "your-api-secret-here", "octobot default placeholder", "kraken", "api_secret"),
      tg=T("placeholder", "YOUR_TELEGRAM_TOKEN_HERE", "octobot placeholder", "telegram", "token"),
      wh=T("hash", g.sha256(), "sha256 password hash"))


REPOS = [r25, r26, r27, r28, r29, r30, r31, r32, r33, r34, r35, r36, r37, r38]

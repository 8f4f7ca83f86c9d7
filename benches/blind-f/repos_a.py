"""Repos 1..16: beginner bots, hackathon, notebooks, devops, mobile, low-latency, chat bots, PHP, VBA, GAS, MQL, Pine."""
import base64
import json
from urllib.parse import quote

from corpus import Enc, Neg
from common import (PLACEHOLDERS, AWS_DOC_ID, AWS_DOC_SECRET, HARDHAT_PK0, HARDHAT_MNEMONIC, BINANCE_DOC_KEY,
                    BINANCE_DOC_SECRET, mask, TELEGRAM_DOC)


def student_bot(R, v, r):
    k, s = v.binance(), v.binance()
    tk = v.telegram()
    f = R.f("config.py", "python")
    f.t("""
        # my first trading bot config!!
        # TODO: move these to env vars before pushing (lol)
        """)
    f.P("API_KEY = '«k»'", "binance", "api_key", "assignment", k=k)
    f.P('API_SECRET = "«s»"', "binance", "api_secret", "assignment", s=s)
    f.t("SYMBOL = 'BTCUSDT'\nQTY = 0.001\nRSI_PERIOD = 14")
    f.P("TELEGRAM_TOKEN = '«t»'  # bot for notifications", "telegram", "bot_token", "assignment", t=tk)
    f.N("CHAT_ID = '«c»'", "non_secret_id", "telegram", "chat_id", "assignment", c=v.digits(9))
    f = R.f("main.py", "python")
    f.t("""
        from binance.client import Client
        from binance.enums import *
        import config, talib, numpy
        """)
    f.N("client = Client(config.API_KEY, config.API_SECRET, tld='com')", "variable_reference", "binance", "api_key", "constructor_arg")
    f.t("""

        def order(side, quantity, symbol, order_type=ORDER_TYPE_MARKET):
            try:
                print("sending order")
                order = client.create_order(symbol=symbol, side=side, type=order_type, quantity=quantity)
                print(order)
            except Exception as e:
                print("an exception occured - {}".format(e))
                return False
            return True
        """)
    k2, s2 = v.binance(), v.binance()
    f.t("\n# old testnet keys, keep for later")
    f.P("# client = Client('«k»', '«s»', testnet=True)", "binance", "api_key,api_secret", "comment", k=k2, s=s2)
    f = R.f("README.md", "markdown")
    f.t("""
        # crypto-rsi-bot
        A simple RSI bot for Binance. Put your keys in `config.py`:
        ```python
        """)
    ph = r.choice(PLACEHOLDERS[:12])
    f.N("API_KEY = '«p»'", "placeholder", "binance", "api_key", "markdown_code", p=ph)
    f.N("API_SECRET = 'your_secret_key_here'", "placeholder", "binance", "api_secret", "markdown_code")
    f.t("""
        ```
        Binance docs example signature request uses these sample values:
        """)
    f.N("`apiKey=«k»`", "docs_example", "binance", "api_key", "markdown_code", k=BINANCE_DOC_KEY)
    f.N("`secretKey=«s»`", "docs_example", "binance", "api_secret", "markdown_code", s=BINANCE_DOC_SECRET)
    f.t("Run `python main.py`. Not financial advice!!")
    f = R.f("requirements.txt", "text")
    f.t("python-binance==1.0.17\nTA-Lib==0.4.28\nnumpy\nwebsocket-client")
    f = R.f(".env", "dotenv")
    f.P("BINANCE_API_KEY=«k»", "binance", "api_key", "env_file", k=k)
    f.P("BINANCE_SECRET_KEY=«s»", "binance", "api_secret", "env_file", s=s)
    f.N("BINANCE_BASE_URL=https://testnet.binance.vision", "url_no_secret", "binance", "base_url", "env_file")


def hackathon_defi(R, v, r):
    pk = v.evm_pk()
    mn = v.mnemonic(12)
    alch = v.alnum(32)
    eth = v.upper(34)
    inf = v.hex(32)
    f = R.f("hardhat.config.js", "javascript")
    f.t("""
        require("@nomicfoundation/hardhat-toolbox");
        require("dotenv").config();

        // ETHGlobal hackathon build - pls dont judge
        """)
    f.P('const PRIVATE_KEY = process.env.PRIVATE_KEY || "0x«pk»";', "evm", "private_key", "env_fallback", pk=pk)
    f.t("""
        module.exports = {
          solidity: "0.8.24",
          networks: {
            hardhat: {
        """)
    f.N('      accounts: { mnemonic: "«m»" },', "docs_example", "evm", "mnemonic", "dict_literal", m=HARDHAT_MNEMONIC)
    f.t("""
            },
            sepolia: {
        """)
    f.P('      url: "https://eth-sepolia.g.alchemy.com/v2/«a»",', "alchemy", "api_key", "url_path", a=alch)
    f.N("      accounts: [PRIVATE_KEY],", "variable_reference", "evm", "private_key", "dict_literal")
    f.t("""
            },
            localhost: {
        """)
    f.N('      accounts: ["«h»"],', "docs_example", "evm", "private_key", "array_literal", h=HARDHAT_PK0)
    f.t("""
            },
          },
          etherscan: {
        """)
    f.P('    apiKey: "«e»",', "etherscan", "api_key", "dict_literal", e=eth)
    f.t("""
          },
        };
        """)
    f = R.f("scripts/arb.ts", "typescript")
    f.t("""
        import { ethers } from "ethers";
        import { abi as ROUTER_ABI } from "./abi/UniswapV2Router02.json";

        """)
    f.P('const provider = new ethers.JsonRpcProvider(`https://mainnet.infura.io/v3/«i»`);', "infura", "project_id", "url_path", i=inf)
    f.P('const wallet = new ethers.Wallet("«pk»", provider);', "evm", "private_key", "constructor_arg", pk=pk)
    f.N('const ROUTER = "«a»"; // uniswap v2 router', "public_address", "evm", "address", "assignment", a=v.evm_addr())
    f.N('const WETH = "«a»";', "public_address", "evm", "address", "assignment", a=v.evm_addr())
    f.t("""
        async function main() {
          const router = new ethers.Contract(ROUTER, ROUTER_ABI, wallet);
        """)
    f.N('  // profitable arb: https://etherscan.io/tx/«h»', "tx_hash", "evm", "tx_hash", "comment", h=Neg(v.tx_hash()))
    f.t("""
          const amounts = await router.getAmountsOut(ethers.parseEther("1"), [WETH, USDC]);
          console.log(amounts);
        }
        main();
        """)
    f = R.f(".env.example", "dotenv")
    f.N("PRIVATE_KEY=", "empty_value", "evm", "private_key", "env_file")
    f.N("ALCHEMY_API_KEY=<your alchemy key>", "placeholder", "alchemy", "api_key", "env_file")
    f = R.f(".env", "dotenv")
    f.P("PRIVATE_KEY=0x«pk»", "evm", "private_key", "env_file", pk=pk)
    f.P('MNEMONIC="«m»"', "evm", "mnemonic", "env_file", m=mn)
    f.P("ETHERSCAN_API_KEY=«e»", "etherscan", "api_key", "env_file", e=eth)
    f = R.f("package-lock.json", "json")
    f.t("""
        {
          "name": "defi-arb",
          "lockfileVersion": 3,
          "packages": {
            "node_modules/ethers": {
              "version": "6.13.1",
              "resolved": "https://registry.npmjs.org/ethers/-/ethers-6.13.1.tgz",
        """)
    f.N('      "integrity": "sha512-«h»",', "lockfile_hash", "npm", "integrity", "json", h=Neg(v.b64(64)))
    f.t("""
              "license": "MIT"
            }
          }
        }
        """)


def quant_notebooks(R, v, r):
    poly, av, fh = v.alnum(32), v.upper(16), v.lower(20)
    td = v.lower(32)
    nb = {"cells": [], "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}}, "nbformat": 4, "nbformat_minor": 5}
    # notebook is rendered line by line so we control line numbers: write JSON manually
    f = R.f("notebooks/01_momentum.ipynb", "jupyter")
    f.t("""
        {
         "cells": [
          {
           "cell_type": "code",
           "execution_count": 3,
           "metadata": {},
           "outputs": [],
           "source": [
            "import pandas as pd\\n",
            "from polygon import RESTClient\\n",
        """)
    f.P('    "client = RESTClient(api_key=\\"«p»\\")\\n",', "polygon", "api_key", "named_arg", p=poly)
    f.t("""
            "aggs = client.get_aggs('AAPL', 1, 'day', '2023-01-01', '2023-12-31')"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 4,
           "metadata": {},
           "outputs": [
            {
             "name": "stdout",
             "output_type": "stream",
             "text": [
        """)
    f.P('      "GET https://api.polygon.io/v2/aggs/ticker/AAPL/range/1/day/2023-01-01/2023-12-31?apiKey=«p» 200\\n"', "polygon", "api_key", "url_query", p=poly)
    f.t("""
             ]
            },
            {
             "data": {
        """)
    f.N('      "image/png": "«b»"', "base64_media", "generic", "image", "json", b=Neg(v.png_b64()))
    f.t("""
             },
             "metadata": {},
             "output_type": "display_data"
            }
           ],
           "source": [
            "import requests\\n",
        """)
    f.P('    "AV_KEY = \'«a»\'\\n",', "alphavantage", "api_key", "assignment", a=av)
    f.t("""
            "r = requests.get(f'https://www.alphavantage.co/query?function=TIME_SERIES_DAILY&symbol=IBM&apikey={AV_KEY}')\\n",
            "df = pd.DataFrame(r.json()['Time Series (Daily)']).T"
           ]
          },
          {
           "cell_type": "code",
           "execution_count": 7,
           "metadata": {},
           "outputs": [
            {
             "ename": "KeyError",
             "evalue": "'c'",
             "output_type": "error",
             "traceback": [
        """)
    f.N('      "\\u001b[0;31mKeyError\\u001b[0m: request_id=«q»"', "request_id", "finnhub", "request_id", "json", q=Neg(v.uuid()))
    f.t("""
             ]
            }
           ],
           "source": [
            "import finnhub\\n",
        """)
    f.P('    "finnhub_client = finnhub.Client(api_key=\\"«k»\\")\\n",', "finnhub", "api_key", "named_arg", k=fh)
    f.N('    "# finnhub_client = finnhub.Client(api_key=os.environ[\\"FINNHUB_KEY\\"])\\n",', "env_ref", "finnhub", "api_key", "named_arg")
    f.t("""
            "quote = finnhub_client.quote('AAPL')"
           ]
          }
         ],
         "metadata": {
          "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
         },
         "nbformat": 4,
         "nbformat_minor": 5
        }
        """)
    f = R.f("research/twelve.py", "python")
    f.t("""
        from twelvedata import TDClient
        import os

        """)
    f.P('td = TDClient(apikey=os.getenv("TWELVE_DATA_KEY", "«t»"))', "twelvedata", "api_key", "env_fallback", t=td)
    f.N('td_backup = TDClient(apikey=os.getenv("TWELVE_DATA_KEY", "demo"))', "placeholder", "twelvedata", "api_key", "env_fallback")
    f.t("ts = td.time_series(symbol='EUR/USD', interval='1min', outputsize=5000).as_pandas()")
    f = R.f("data/fills_2023.csv", "csv")
    f.t("order_id,client_order_id,symbol,side,price,qty,ts")
    for _ in range(3):
        f.N("«o»,«c»,BTCUSDT,BUY,27123.5,0.01,1690000000", "order_id", "binance", "order_id", "csv", o=v.digits(11), c=Neg("x-" + v.alnum(22)))
    f.t("18220001234,web_abc,ETHUSDT,SELL,1850.1,0.2,1690000100")
    f = R.f("README.md", "markdown")
    f.t("""
        # quant-research
        Notebooks for momentum / mean reversion experiments. Data from Polygon, Alpha Vantage and Finnhub.
        """)
    f.N("Set `POLYGON_API_KEY` (get one at polygon.io/dashboard/keys) — example: `POLYGON_API_KEY=«m»`", "masked", "polygon", "api_key", "markdown", m=Neg(mask(v.alnum(32))))


def devops_repo(R, v, r):
    pgpw = v.password()
    rpw = v.alnum(24)
    ak, sk = v.aws_id(), v.aws_secret()
    bk, bs = v.binance(), v.binance()
    f = R.f("docker-compose.yml", "yaml")
    f.t("""
        version: "3.8"
        services:
          bot:
            build: .
            restart: unless-stopped
            environment:
        """)
    f.N("      - BINANCE_API_KEY=${BINANCE_API_KEY}", "env_ref", "binance", "api_key", "yaml")
    f.N("      - BINANCE_API_SECRET=${BINANCE_API_SECRET:?missing}", "env_ref", "binance", "api_secret", "yaml")
    f.P("      - DATABASE_URL=postgresql://trader:«p»@db:5432/trades", "postgres", "password", "url_userinfo", p=pgpw)
    f.t("""
            depends_on: [db, redis]
          db:
            image: postgres:15
        """)
    f.N("    image: postgres@sha256:«d»", "docker_digest", "docker", "digest", "yaml", d=Neg(v.sha256()))
    f.t("    environment:")
    f.P("      POSTGRES_PASSWORD: «p»", "postgres", "password", "yaml", p=pgpw)
    f.t("""
              POSTGRES_USER: trader
          redis:
            image: redis:7-alpine
        """)
    f.P('    command: ["redis-server", "--requirepass", "«p»"]', "redis", "password", "cli_flag", p=rpw)
    f = R.f("k8s/secret.yaml", "yaml")
    f.t("""
        apiVersion: v1
        kind: Secret
        metadata:
          name: bot-secrets
        type: Opaque
        data:
        """)
    f.P("  BINANCE_API_KEY: «b»", "binance", "api_key", "base64_blob", b=Enc(bk, base64.b64encode(bk.encode()).decode()))
    f.P("  BINANCE_API_SECRET: «b»", "binance", "api_secret", "base64_blob", b=Enc(bs, base64.b64encode(bs.encode()).decode()))
    f.t("stringData:")
    f.P("  AWS_SECRET_ACCESS_KEY: «s»", "aws", "secret_access_key", "yaml", s=sk)
    f = R.f("k8s/deployment.yaml", "yaml")
    f.t("""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: bot
        spec:
          template:
            spec:
              containers:
                - name: bot
                  image: ghcr.io/acme/bot:1.4.2
                  env:
                    - name: BINANCE_API_KEY
                      valueFrom:
        """)
    f.N("                secretKeyRef: {name: bot-secrets, key: BINANCE_API_KEY}", "k8s_secret_ref", "binance", "api_key", "yaml")
    f.t("""
                    - name: AWS_ACCESS_KEY_ID
        """)
    f.P("                  value: «a»", "aws", "access_key_id", "yaml", a=ak)
    f = R.f("terraform/main.tf", "hcl")
    f.t("""
        provider "aws" {
          region     = "eu-central-1"
        """)
    f.P('  access_key = "«a»"', "aws", "access_key_id", "hcl", a=ak)
    f.P('  secret_key = "«s»"', "aws", "secret_access_key", "hcl", s=sk)
    f.t("""
        }

        resource "aws_secretsmanager_secret" "binance" {
          name = "prod/bot/binance"
        }

        data "aws_secretsmanager_secret_version" "binance" {
        """)
    f.N('  secret_id = "arn:aws:secretsmanager:eu-central-1:«acct»:secret:prod/bot/binance-AbCdEf"', "secret_manager_ref", "aws", "secret_arn", "hcl", acct=v.digits(12))
    f.t("""
        }

        variable "db_password" {
          type      = string
          sensitive = true
        """)
    f.N('  default   = "CHANGE_ME_IN_TFVARS"', "placeholder", "postgres", "password", "hcl")
    f.t("}")
    f = R.f(".github/workflows/deploy.yml", "yaml")
    f.t("""
        name: deploy
        on:
          push:
            branches: [main]
        jobs:
          deploy:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11
              - uses: aws-actions/configure-aws-credentials@v4
                with:
        """)
    f.N("          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}", "ci_secret_ref", "aws", "access_key_id", "yaml")
    f.N("          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}", "ci_secret_ref", "aws", "secret_access_key", "yaml")
    f.t("""
                  aws-region: eu-central-1
              - run: docker build -t bot . && docker push $ECR/bot
        """)
    f.N("      - run: echo \"docs key «a» / «s»\" > /dev/null", "docs_example", "aws", "access_key_id,secret_access_key", "yaml", a=AWS_DOC_ID, s=AWS_DOC_SECRET)


def mobile_widget(R, v, r):
    cg = v.cg_key()
    cmc = v.uuid()
    fbk = "AIza" + v.b64url(35)
    bk, bs = v.binance(), v.binance()
    f = R.f("android/gradle.properties", "properties")
    f.t("org.gradle.jvmargs=-Xmx2048m\nandroid.useAndroidX=true")
    f.P("COINGECKO_KEY=«c»", "coingecko", "api_key", "properties", c=cg)
    f.N("RELEASE_STORE_PASSWORD=${System.env.STORE_PASSWORD}", "env_ref", "android", "keystore_password", "properties")
    f = R.f("android/app/build.gradle.kts", "kotlin")
    f.t("""
        android {
            defaultConfig {
                applicationId = "io.tickr.widget"
        """)
    f.P('        buildConfigField("String", "CMC_API_KEY", "\\"«c»\\"")', "coinmarketcap", "api_key", "annotation", c=cmc)
    f.N('        buildConfigField("String", "GIT_SHA", "\\"«g»\\"")', "vcs_hash", "git", "commit", "annotation", g=Neg(v.sha1()))
    f.t("""
            }
        }
        """)
    f = R.f("android/app/src/main/java/io/tickr/widget/PriceRepo.kt", "kotlin")
    f.t("""
        package io.tickr.widget

        import okhttp3.OkHttpClient
        import okhttp3.Request

        object PriceRepo {
        """)
    f.P('    private const val BINANCE_KEY = "«k»"', "binance", "api_key", "assignment", k=bk)
    f.P('    private const val BINANCE_SECRET = "«s»"', "binance", "api_secret", "assignment", s=bs)
    f.N('    private val KEY_HEADER = "X-MBX-APIKEY"', "schema_field", "binance", "header_name", "assignment")
    f.t("""
            fun request(path: String) = Request.Builder()
                .url("https://api.binance.com$path")
                .header(KEY_HEADER, BINANCE_KEY)
                .build()
        }
        """)
    f = R.f("ios/Tickr/Info.plist", "xml")
    f.t("""
        <?xml version="1.0" encoding="UTF-8"?>
        <plist version="1.0">
        <dict>
        	<key>CFBundleIdentifier</key>
        	<string>io.tickr.widget</string>
        	<key>CoinGeckoAPIKey</key>
        """)
    f.P("	<string>«c»</string>", "coingecko", "api_key", "xml", c=cg)
    f.t("	<key>CMCKey</key>")
    f.N("	<string>$(CMC_API_KEY)</string>", "env_ref", "coinmarketcap", "api_key", "xml")
    f.t("""
        </dict>
        </plist>
        """)
    f = R.f("ios/Tickr/Secrets.swift", "swift")
    f.t("import Foundation\n\nenum Secrets {")
    f.P('    static let coinMarketCap = "«c»"', "coinmarketcap", "api_key", "assignment", c=cmc)
    f.N('    static let sentryDSNPlaceholder = "<DSN>"', "placeholder", "sentry", "dsn", "assignment")
    f.N('    static let binanceKey = ProcessInfo.processInfo.environment["BINANCE_KEY"] ?? ""', "env_ref", "binance", "api_key", "env_fallback")
    f.t("}")
    f = R.f("flutter_app/lib/config.dart", "dart")
    f.t("// generated by flutterfire configure\nimport 'package:firebase_core/firebase_core.dart';\n")
    f.t("const FirebaseOptions android = FirebaseOptions(")
    f.N("  apiKey: '«a»',", "public_client_id", "firebase", "web_api_key", "named_arg", a=Neg(fbk))
    f.t("  appId: '1:1234567890:android:abc123def456',\n  messagingSenderId: '1234567890',\n  projectId: 'tickr-prod',\n);\n")
    f.P("const String kCoinGeckoKey = String.fromEnvironment('CG_KEY', defaultValue: '«c»');", "coingecko", "api_key", "env_fallback", c=cg)
    f.N("const String kLabelApiKey = 'API key';", "i18n_string", "generic", "label", "assignment")
    f = R.f("flutter_app/assets/i18n/de.json", "json")
    f.t("{")
    f.N('  "settings.apiKey": "API-Schlüssel",', "i18n_string", "generic", "label", "json")
    f.N('  "settings.apiSecret": "Geheimer Schlüssel (wird lokal verschlüsselt)",', "i18n_string", "generic", "label", "json")
    f.t('  "settings.save": "Speichern"\n}')


def rust_mm(R, v, r):
    bk, bs = v.bybit_key(), v.bybit_secret()
    k2, s2 = v.binance(), v.binance()
    f = R.f("Cargo.toml", "toml")
    f.t("""
        [package]
        name = "mm-core"
        version = "0.3.1"
        edition = "2021"

        [dependencies]
        tokio = { version = "1", features = ["full"] }
        binance = { git = "https://github.com/wisespace-io/binance-rs.git" }
        """)
    f.N('ccxt-rs = { git = "https://github.com/acme/ccxt-rs", rev = "«g»" }', "vcs_hash", "git", "commit", "toml", g=Neg(v.sha1()))
    f = R.f("config/prod.toml", "toml")
    f.t("""
        [venue.bybit]
        ws_url = "wss://stream.bybit.com/v5/private"
        """)
    f.P('api_key = "«k»"', "bybit", "api_key", "toml", k=bk)
    f.P('api_secret = "«s»"', "bybit", "api_secret", "toml", s=bs)
    f.t("""
        [risk]
        max_position = 2.5
        max_order_notional = 25000
        """)
    f = R.f("config/example.toml", "toml")
    f.t("[venue.bybit]")
    f.N('api_key = "${BYBIT_API_KEY}"', "env_ref", "bybit", "api_key", "toml")
    f.N('api_secret = "<bybit-secret>"', "placeholder", "bybit", "api_secret", "toml")
    f = R.f("src/main.rs", "rust")
    f.t("""
        use binance::api::*;
        use binance::account::*;
        use std::env;

        """)
    f.P('const FALLBACK_KEY: &str = "«k»";', "binance", "api_key", "assignment", k=k2)
    f.t("\nfn main() {")
    f.P('    let secret = env::var("BINANCE_SECRET").unwrap_or_else(|_| "«s»".to_string());', "binance", "api_secret", "env_fallback", s=s2)
    f.N('    let api_key = env::var("BINANCE_KEY").expect("BINANCE_KEY not set");', "env_ref", "binance", "api_key", "env_fallback")
    f.N("    let account: Account = Binance::new(Some(api_key), Some(secret));", "variable_reference", "binance", "api_key", "constructor_arg")
    f.t("""
            match account.get_account() {
                Ok(answer) => println!("{:?}", answer.balances),
                Err(e) => println!("Error: {:?}", e),
            }
        }
        """)
    f = R.f("src/signing.rs", "rust")
    f.t("""
        #[cfg(test)]
        mod tests {
            use super::*;
            // HMAC-SHA256 vector from the exchange docs; not a live key
            #[test]
            fn sign_matches_docs() {
        """)
    f.N('        let sig = sign("«s»", "symbol=LTCBTC&side=BUY");', "docs_example", "binance", "api_secret", "constructor_arg", s=BINANCE_DOC_SECRET)
    f.N('        assert_eq!(sig, "«h»");', "hmac_signature", "binance", "signature", "assignment", h=Neg(v.sha256()))
    f.t("""
            }
        }
        """)


def go_gateway(R, v, r):
    ok, os_, op = v.uuid(), v.okx_secret(), v.passphrase()
    gk, gs = v.gate_key(), v.hex(64)
    f = R.f("internal/config/config.go", "go")
    f.t("""
        package config

        import "os"

        type Venue struct {
        	APIKey     string `yaml:"api_key" json:"apiKey"`
        	Secret     string `yaml:"secret" json:"secret"`
        	Passphrase string `yaml:"passphrase" json:"passphrase"`
        }

        func OKX() Venue {
        	return Venue{
        """)
    f.P('		APIKey:     "«k»",', "okx", "api_key", "struct_field", k=ok)
    f.P('		Secret:     "«s»",', "okx", "api_secret", "struct_field", s=os_)
    f.P('		Passphrase: "«p»",', "okx", "passphrase", "struct_field", p=op)
    f.t("""
        	}
        }

        func Gate() Venue {
        """)
    f.N('	return Venue{APIKey: os.Getenv("GATE_KEY"), Secret: os.Getenv("GATE_SECRET")}', "env_ref", "gate", "api_key,api_secret", "struct_field")
    f.t("}")
    f = R.f("cmd/gateway/main.go", "go")
    f.t("""
        package main

        import (
        	"flag"
        	"log"
        )

        func main() {
        """)
    f.P('	key := flag.String("gate-key", "«k»", "gate.io api key")', "gate", "api_key", "cli_default", k=gk)
    f.P('	secret := flag.String("gate-secret", "«s»", "gate.io api secret")', "gate", "api_secret", "cli_default", s=gs)
    f.N('	dsn := flag.String("dsn", "postgres://gw:${PGPASSWORD}@localhost/gw", "db dsn")', "env_ref", "postgres", "password", "cli_default")
    f.t("""
        	flag.Parse()
        	log.Printf("starting gateway key=%s...", (*key)[:4])
        	_ = secret
        	_ = dsn
        }
        """)
    f = R.f("internal/okx/sign_test.go", "go")
    f.t("package okx\n\nimport \"testing\"\n")
    f.N('const fakeSecret = "FAKE-NOT-A-REAL-SECRET-0000000000" // test fixture', "marked_fake", "okx", "api_secret", "assignment")
    f.t("""
        func TestSign(t *testing.T) {
        	got := Sign(fakeSecret, "2020-12-08T09:08:57.715Z", "GET", "/api/v5/account/balance?ccy=BTC", "")
        """)
    f.N('	want := "«h»"', "hmac_signature", "okx", "signature", "assignment", h=Neg(v.b64(32)))
    f.t("""
        	if got != want {
        		t.Fatalf("got %s", got)
        	}
        }
        """)
    f = R.f("go.sum", "text")
    f.N("github.com/gorilla/websocket v1.5.1 h1:«h»=", "lockfile_hash", "go", "checksum", "lockfile", h=Neg(v.b64(32).rstrip("=")))
    f.t("github.com/gorilla/websocket v1.5.1/go.mod h1:x3kM2JMyaluk02fnUJpQuwD2dCS5NDG2ZHL0uE0tcaY=")


def cpp_lowlat(R, v, r):
    dk, ds = v.deribit_id(), v.deribit_secret()
    bfk, bfs = v.bitfinex(), v.bitfinex()
    f = R.f("include/creds.hpp", "cpp")
    f.t("""
        #pragma once
        #include <string>

        namespace hft::creds {
        """)
    f.P('constexpr const char* kDeribitClientId = "«k»";', "deribit", "client_id", "assignment", k=dk)
    f.P('constexpr const char* kDeribitClientSecret = "«s»";', "deribit", "client_secret", "assignment", s=ds)
    f.N('constexpr const char* kBitfinexKeyEnv = "BFX_API_KEY";', "schema_field", "bitfinex", "env_name", "assignment")
    f.t("}  // namespace hft::creds")
    f = R.f("src/bitfinex_session.cpp", "cpp")
    f.t("""
        #include "bitfinex_session.hpp"
        #include <cstdlib>

        BitfinexSession::BitfinexSession()
        """)
    f.P('    : key_(std::getenv("BFX_API_KEY") ? std::getenv("BFX_API_KEY") : "«k»"),', "bitfinex", "api_key", "env_fallback", k=bfk)
    f.P('      secret_(std::string("«a»") + "«b»") {}', "bitfinex", "api_secret", "string_concat", a=bfs[:20], b=bfs[20:])
    f.t("""

        std::string BitfinexSession::auth_payload(uint64_t nonce) const {
            return "AUTH" + std::to_string(nonce);
        }
        """)
    f = R.f("CMakeLists.txt", "cmake")
    f.t("cmake_minimum_required(VERSION 3.20)\nproject(hft CXX)")
    f.N('set(DERIBIT_SECRET "$ENV{DERIBIT_SECRET}" CACHE STRING "deribit secret")', "env_ref", "deribit", "client_secret", "cmake")
    f.t("add_executable(hft src/main.cpp src/bitfinex_session.cpp)")
    f = R.f("tests/test_sign.cpp", "cpp")
    f.t('#include <gtest/gtest.h>\n#include "sign.hpp"\n')
    f.N('static const char* kDummySecret = "dummy_secret_for_unit_tests_only";', "marked_fake", "deribit", "client_secret", "assignment")
    f.N('// expected = «h»', "hmac_signature", "deribit", "signature", "comment", h=Neg(v.sha256()))
    f.t('TEST(Sign, Basic) { EXPECT_EQ(hmac_hex(kDummySecret, "x").size(), 64u); }')


def discord_bot(R, v, r):
    dt = v.discord()
    wh = v.discord_webhook()
    cmc = v.uuid()
    f = R.f("bot.py", "python")
    f.t("""
        import discord
        from discord.ext import commands, tasks
        import aiohttp, os

        intents = discord.Intents.default()
        intents.message_content = True
        bot = commands.Bot(command_prefix="!", intents=intents)
        """)
    f.P("CMC_HEADERS = {'X-CMC_PRO_API_KEY': '«c»', 'Accept': 'application/json'}", "coinmarketcap", "api_key", "dict_literal", c=cmc)
    f.N("SIGNAL_CHANNEL = «c»", "non_secret_id", "discord", "channel_id", "assignment", c=v.digits(19))
    f.t("""

        @bot.command()
        async def price(ctx, sym: str = "BTC"):
            async with aiohttp.ClientSession(headers=CMC_HEADERS) as s:
                async with s.get(f"https://pro-api.coinmarketcap.com/v1/cryptocurrency/quotes/latest?symbol={sym}") as r:
                    data = await r.json()
            await ctx.send(f"{sym}: {data['data'][sym]['quote']['USD']['price']:.2f}")

        """)
    f.P('bot.run(os.getenv("DISCORD_TOKEN") or "«t»")', "discord", "bot_token", "env_fallback", t=dt)
    f = R.f("relay/index.js", "javascript")
    f.t("""
        const { Client, GatewayIntentBits } = require('discord.js');
        const axios = require('axios');
        const client = new Client({ intents: [GatewayIntentBits.Guilds] });
        """)
    f.P("const WEBHOOK = '«w»';", "discord", "webhook_url", "assignment", w=wh)
    f.N("const WEBHOOK_FALLBACK = process.env.DISCORD_WEBHOOK_URL ?? '';", "env_ref", "discord", "webhook_url", "env_fallback")
    f.t("""
        client.on('ready', () => console.log(`Logged in as ${client.user.tag}`));
        async function post(msg) { await axios.post(WEBHOOK, { content: msg }); }
        """)
    f.N("client.login(process.env.DISCORD_TOKEN);", "env_ref", "discord", "bot_token", "function_call")
    f = R.f("CHANGELOG.md", "markdown")
    f.t("# Changelog\n\n## 0.4.0\n- switched to slash commands")
    f.P("- rotated token (old one was `«t»`, revoked)", "discord", "bot_token", "changelog", t=v.discord())
    f.t("## 0.3.0\n- added CMC price command")
    f.N("- fixed crash when user id «u» sent an empty message", "non_secret_id", "discord", "user_id", "changelog", u=v.digits(18))


def telegram_bot(R, v, r):
    t1, t2, t3 = v.telegram(), v.telegram(), v.telegram()
    bk, bs = v.bitget_key(), v.hex(64)
    bp = v.passphrase()
    f = R.f("signals/bot.py", "python")
    f.t("""
        import asyncio
        from aiogram import Bot, Dispatcher, types
        import ccxt.async_support as ccxt
        """)
    f.P('bot = Bot(token="«t»", parse_mode="HTML")', "telegram", "bot_token", "named_arg", t=t1)
    f.t("dp = Dispatcher()\n")
    f.t("exchange = ccxt.bitget({")
    f.P("    'apiKey': '«k»',", "bitget", "api_key", "dict_literal", k=bk)
    f.P("    'secret': '«s»',", "bitget", "api_secret", "dict_literal", s=bs)
    f.P("    'password': '«p»',", "bitget", "passphrase", "dict_literal", p=bp)
    f.t("    'options': {'defaultType': 'swap'},\n})")
    f.N("ADMIN_IDS = [«a», «b»]", "non_secret_id", "telegram", "user_id", "array_literal", a=v.digits(9), b=v.digits(10))
    f = R.f("signals/bot_js/index.js", "javascript")
    f.t("const { Telegraf } = require('telegraf');")
    f.P("const bot = new Telegraf('«t»');", "telegram", "bot_token", "constructor_arg", t=t2)
    f.N("const docsExample = '«t»'; // token format from the Bot API docs", "docs_example", "telegram", "bot_token", "assignment", t=TELEGRAM_DOC)
    f.t("bot.start((ctx) => ctx.reply('Welcome to VIP signals'));\nbot.launch();")
    f = R.f("signals/notify.sh", "shell")
    f.t("#!/usr/bin/env bash\nset -euo pipefail\nMSG=\"$1\"")
    f.P('curl -s "https://api.telegram.org/bot«t»/sendMessage" -d chat_id=-100«c» -d text="$MSG"', "telegram", "bot_token", "url_path", t=t3, c=v.digits(10))
    f.N('curl -s "https://api.telegram.org/bot${TG_TOKEN}/sendMessage" -d chat_id="$TG_CHAT" -d text="$MSG"', "env_ref", "telegram", "bot_token", "url_path")
    f = R.f("signals/locales/ru.yml", "yaml")
    f.t("ru:")
    f.N('  enter_token: "Введите токен бота (формат 123456:ABC...)"', "i18n_string", "telegram", "label", "yaml")
    f.N('  enter_secret: "Введите секретный ключ API"', "i18n_string", "generic", "label", "yaml")


def wp_plugin(R, v, r):
    sk = v.stripe("sk", "live")
    whs = v.stripe_whsec()
    cbk, cbs = v.cb_v2_key(), v.alnum(32)
    dbpw = v.password()
    salt1, salt2 = v.chars(64, __import__("string").printable[:94].replace("'", "").replace("\\", "")), None
    f = R.f("wp-config.php", "php")
    f.t("""
        <?php
        define( 'DB_NAME', 'wp_shop' );
        define( 'DB_USER', 'wp_shop' );
        """)
    f.P("define( 'DB_PASSWORD', '«p»' );", "mysql", "password", "define", p=dbpw)
    f.t("define( 'DB_HOST', 'localhost' );")
    f.P("define( 'AUTH_KEY',         '«s»' );", "wordpress", "auth_salt", "define", s=salt1)
    f.N("define( 'SECURE_AUTH_KEY',  'put your unique phrase here' );", "placeholder", "wordpress", "auth_salt", "define")
    f.t("$table_prefix = 'wp_';\nrequire_once ABSPATH . 'wp-settings.php';")
    f = R.f("wp-content/plugins/cryptopay-lite/includes/class-gateway.php", "php")
    f.t("""
        <?php
        class CryptoPay_Gateway extends WC_Payment_Gateway {
        """)
    f.P("    private $coinbase_key = '«k»';", "coinbase", "api_key", "assignment", k=cbk)
    f.P("    private $coinbase_secret = '«s»';", "coinbase", "api_secret", "assignment", s=cbs)
    f.N("    private $api_key_option = 'cryptopay_api_key';", "schema_field", "coinbase", "option_name", "assignment")
    f.t("""
            public function __construct() {
                $this->id = 'cryptopay';
        """)
    f.N("        $this->secret = getenv('CRYPTOPAY_SECRET') ?: get_option('cryptopay_secret');", "env_ref", "coinbase", "api_secret", "env_fallback")
    f.P("        \\Stripe\\Stripe::setApiKey('«k»');", "stripe", "secret_key", "function_call", k=sk)
    f.t("    }\n")
    f.t("    public function verify_webhook($payload, $sig) {")
    f.P("        return \\Stripe\\Webhook::constructEvent($payload, $sig, '«w»');", "stripe", "webhook_secret", "constructor_arg", w=whs)
    f.t("    }\n}")
    f = R.f("wp-content/plugins/cryptopay-lite/languages/cryptopay-fr_FR.po", "po")
    f.t('msgid "API Secret"')
    f.N('msgstr "Clé secrète de l\'API"', "i18n_string", "generic", "label", "po")
    f.t('msgid "Enter your API key"')
    f.N('msgstr "Saisissez votre clé API (ex. : sk_live_...)"', "i18n_string", "stripe", "label", "po")
    f = R.f("wp-content/plugins/cryptopay-lite/assets/js/admin.min.js", "javascript")
    f.N('!function(e){"use strict";var t={apiKey:"",secret:""},n=function(e){return e.replace(/[^a-zA-Z0-9]/g,"")};e(function(){e("#cp-key").on("input",function(){t.apiKey=n(this.value)});var r="«x»";e("#cp-b").attr("data-h",r)})}(jQuery);', "minified_code", "generic", "none", "minified", x=Neg(v.hex(40)))


def vba_tracker(R, v, r):
    kk, ks = v.kraken_key(), v.kraken_secret()
    av = v.upper(16)
    f = R.f("src/modKraken.bas", "vba")
    f.t("""
        Attribute VB_Name = "modKraken"
        Option Explicit

        ' Portfolio tracker - pulls balances from Kraken into Sheet1
        """)
    f.P('Private Const KRAKEN_KEY As String = "«k»"', "kraken", "api_key", "assignment", k=kk)
    f.P('Private Const KRAKEN_SECRET As String = "«s»"', "kraken", "api_secret", "assignment", s=ks)
    f.N('Private Const KRAKEN_URL As String = "https://api.kraken.com"', "url_no_secret", "kraken", "base_url", "assignment")
    f.t("""

        Public Sub RefreshBalances()
            Dim http As Object
            Set http = CreateObject("MSXML2.XMLHTTP")
            http.Open "POST", KRAKEN_URL & "/0/private/Balance", False
            http.setRequestHeader "API-Key", KRAKEN_KEY
        """)
    f.N('    http.setRequestHeader "API-Sign", Environ("KRAKEN_SIGN")', "env_ref", "kraken", "signature", "function_call")
    f.t("""
            http.send "nonce=" & CStr(CLng(Timer * 1000))
        End Sub

        Public Function AVQuote(sym As String) As Double
        """)
    f.P('    AVQuote = FetchJson("https://www.alphavantage.co/query?function=GLOBAL_QUOTE&symbol=" & sym & "&apikey=" & "«a»")', "alphavantage", "api_key", "string_concat", a=av)
    f.t("End Function")
    f = R.f("exports/portfolio_2024-03.csv", "csv")
    f.t("asset,amount,price_usd,value_usd,wallet")
    f.N("ETH,1.25,3512.10,4390.13,«a»", "public_address", "evm", "address", "csv", a=v.evm_addr())
    f.N("BTC,0.081,67001.00,5427.08,«a»", "public_address", "bitcoin", "address", "csv", a=v.btc_addr())
    f.t("USDT,1200,1,1200,kraken")
    f = R.f("exports/settings_export.csv", "csv")
    f.t("setting,value")
    f.P("kraken_api_key,«k»", "kraken", "api_key", "csv", k=kk)
    f.P('kraken_api_secret,"«s»"', "kraken", "api_secret", "csv", s=ks)
    f.N("kraken_otp,********", "masked", "kraken", "otp", "csv")


def apps_script(R, v, r):
    cmc = v.uuid()
    ck, cs = v.cb_legacy_key(), v.b64(64)
    cp = v.alnum(11).lower()
    f = R.f("Code.gs", "apps_script")
    f.t("""
        /** Crypto portfolio tracker for Google Sheets */
        """)
    f.P("var CMC_API_KEY = '«c»';", "coinmarketcap", "api_key", "assignment", c=cmc)
    f.N("var SHEET_ID = '«s»';", "non_secret_id", "google", "sheet_id", "assignment", s=Neg("1" + v.b64url(43)))
    f.t("""

        function getCoinbaseBalances() {
        """)
    f.P("  var key = '«k»', secret = '«s»', passphrase = '«p»';", "coinbase", "api_key,api_secret,passphrase", "assignment", k=ck, s=cs, p=cp)
    f.N("  var props = PropertiesService.getScriptProperties().getProperty('CB_SECRET');", "secret_manager_ref", "coinbase", "api_secret", "function_call")
    f.t("""
          var ts = Math.floor(Date.now() / 1000).toString();
          var sig = Utilities.base64Encode(Utilities.computeHmacSha256Signature(ts + 'GET/accounts', Utilities.base64Decode(secret)));
          var res = UrlFetchApp.fetch('https://api.exchange.coinbase.com/accounts', {
            headers: {'CB-ACCESS-KEY': key, 'CB-ACCESS-SIGN': sig, 'CB-ACCESS-TIMESTAMP': ts, 'CB-ACCESS-PASSPHRASE': passphrase}
          });
          return JSON.parse(res.getContentText());
        }
        """)
    f = R.f("appsscript.json", "json")
    f.t('{\n  "timeZone": "Europe/Berlin",\n  "dependencies": {},')
    f.N('  "oauthScopes": ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/script.external_request"],', "schema_field", "google", "oauth_scope", "json")
    f.t('  "runtimeVersion": "V8"\n}')
    f = R.f(".clasp.json", "json")
    f.N('{"scriptId":"«s»","rootDir":"."}', "non_secret_id", "google", "script_id", "json", s=Neg("1" + v.b64url(56)))


def mql_ea(R, v, r):
    tk = v.telegram()
    oa = v.oanda()
    acct = v.oanda_account()
    f = R.f("MQL5/Experts/GridEA.mq5", "mql5")
    f.t("""
        //+------------------------------------------------------------------+
        //|                                                     GridEA.mq5 |
        //+------------------------------------------------------------------+
        #property copyright "2024, fxdev"
        #property version   "1.20"
        input double Lots = 0.01;
        input int    GridStep = 150;
        """)
    f.P('input string TelegramToken = "«t»";', "telegram", "bot_token", "input_default", t=tk)
    f.N('input string TelegramChatId = "-100«c»";', "non_secret_id", "telegram", "chat_id", "input_default", c=v.digits(10))
    f.N('input string LicenseKey = "";  // enter the licence key you received by email', "empty_value", "generic", "license_key", "input_default")
    f.t("""

        void SendTelegram(string msg)
          {
           char data[], result[];
           string headers;
        """)
    f.N('   string url = "https://api.telegram.org/bot" + TelegramToken + "/sendMessage?chat_id=" + TelegramChatId + "&text=" + msg;', "variable_reference", "telegram", "bot_token", "string_concat")
    f.t("""
           WebRequest("GET", url, headers, 5000, data, result, headers);
          }
        """)
    f = R.f("MQL4/Experts/OandaBridge.mq4", "mql4")
    f.t("#property strict\nextern double RiskPct = 1.0;")
    f.P('extern string OandaToken = "«o»";', "oanda", "access_token", "input_default", o=oa)
    f.N('extern string OandaAccount = "«a»";', "non_secret_id", "oanda", "account_id", "input_default", a=acct)
    f.t("""
        int OnInit()
          {
           Print("bridge up");
           return(INIT_SUCCEEDED);
          }
        """)
    f = R.f("MQL5/Presets/GridEA_live.set", "ini")
    f.t("Lots=0.05\nGridStep=120")
    f.P("TelegramToken=«t»", "telegram", "bot_token", "ini", t=tk)
    f.N("TelegramChatId=-100«c»", "non_secret_id", "telegram", "chat_id", "ini", c=v.digits(10))


def pine_relay(R, v, r):
    ak, asec = v.alpaca_key(), v.alnum(40)
    whs = v.alnum(32)
    f = R.f("strategy.pine", "pine")
    f.t("""
        //@version=5
        strategy("EMA cross relay", overlay=true)
        fast = ta.ema(close, 9)
        slow = ta.ema(close, 21)
        """)
    f.P('passphrase = "«w»"  // must match relay WEBHOOK_SECRET', "webhook", "webhook_secret", "assignment", w=whs)
    f.t("""
        if ta.crossover(fast, slow)
            strategy.entry("L", strategy.long, alert_message='{"passphrase":"' + passphrase + '","side":"buy","ticker":"' + syminfo.ticker + '"}')
        """)
    f = R.f("relay/app.py", "python")
    f.t("""
        from flask import Flask, request, abort
        import alpaca_trade_api as tradeapi
        import os

        app = Flask(__name__)
        """)
    f.P('WEBHOOK_SECRET = os.environ.get("WEBHOOK_SECRET", "«w»")', "webhook", "webhook_secret", "env_fallback", w=whs)
    f.P('api = tradeapi.REST("«k»", "«s»", "https://paper-api.alpaca.markets")', "alpaca", "api_key,api_secret", "constructor_arg", k=ak, s=asec)
    f.t("""

        @app.post("/webhook")
        def hook():
            data = request.get_json(force=True)
            if data.get("passphrase") != WEBHOOK_SECRET:
                abort(403)
            api.submit_order(symbol=data["ticker"], qty=1, side=data["side"], type="market", time_in_force="gtc")
            return {"ok": True}
        """)
    f = R.f("relay/alert_template.json", "json")
    f.N('{"passphrase": "{{strategy.order.alert_message}}", "side": "{{strategy.order.action}}", "ticker": "{{ticker}}"}', "template_var", "webhook", "webhook_secret", "json")
    f = R.f("README.md", "markdown")
    f.t("# pine → alpaca relay\n\nAlert message in TradingView:\n```json")
    f.N('{"passphrase": "YOUR_WEBHOOK_PASSPHRASE", "side": "buy", "ticker": "{{ticker}}"}', "placeholder", "webhook", "webhook_secret", "markdown_code")
    f.t("```\nPaper keys go in `.env`:\n```")
    f.N("APCA_API_KEY_ID=PKXXXXXXXXXXXXXXXXXX", "placeholder", "alpaca", "api_key", "markdown_code")
    f.N("APCA_API_SECRET_KEY=****************************************", "masked", "alpaca", "api_secret", "markdown_code")
    f.t("```")


REPOS = [
    ("student-rsi-bot", student_bot), ("ethglobal-defi-arb", hackathon_defi), ("quant-notebooks", quant_notebooks),
    ("bot-deploy-infra", devops_repo), ("tickr-mobile-widget", mobile_widget), ("rust-market-maker", rust_mm),
    ("go-exchange-gateway", go_gateway), ("cpp-hft-core", cpp_lowlat), ("discord-signal-bot", discord_bot),
    ("tg-vip-signals", telegram_bot), ("wp-cryptopay-plugin", wp_plugin), ("excel-vba-portfolio", vba_tracker),
    ("gas-portfolio-sheet", apps_script), ("mql-grid-ea", mql_ea), ("pine-alpaca-relay", pine_relay),
]

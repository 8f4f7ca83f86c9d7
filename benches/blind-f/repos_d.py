"""Repos: env-file sprawl, setup docs with placeholder zoo, multi-language SDK idioms."""
import base64
from urllib.parse import quote

from corpus import Enc, Neg
from common import PLACEHOLDERS, AWS_DOC_ID, AWS_DOC_SECRET, mask


def env_sprawl(R, v, r):
    rows = [
        ("BINANCE_API_KEY", v.binance(), "binance", "api_key"), ("BINANCE_API_SECRET", v.binance(), "binance", "api_secret"),
        ("BYBIT_API_KEY", v.bybit_key(), "bybit", "api_key"), ("BYBIT_API_SECRET", v.bybit_secret(), "bybit", "api_secret"),
        ("OKX_API_KEY", v.uuid(), "okx", "api_key"), ("OKX_SECRET_KEY", v.okx_secret(), "okx", "api_secret"),
        ("OKX_PASSPHRASE", v.passphrase(), "okx", "passphrase"), ("KRAKEN_API_KEY", v.kraken_key(), "kraken", "api_key"),
        ("KRAKEN_PRIVATE_KEY", v.kraken_secret(), "kraken", "api_secret"), ("BITGET_API_KEY", v.bitget_key(), "bitget", "api_key"),
        ("BITGET_SECRET_KEY", v.hex(64), "bitget", "api_secret"), ("BITGET_PASSPHRASE", v.passphrase(), "bitget", "passphrase"),
        ("GATE_API_KEY", v.gate_key(), "gate", "api_key"), ("GATE_API_SECRET", v.hex(64), "gate", "api_secret"),
        ("HUOBI_ACCESS_KEY", v.htx_key(), "htx", "access_key"), ("HUOBI_SECRET_KEY", v.htx_key(), "htx", "secret_key"),
        ("POLYGON_API_KEY", v.alnum(32), "polygon", "api_key"), ("FINNHUB_API_KEY", v.lower(20), "finnhub", "api_key"),
        ("ALPHAVANTAGE_API_KEY", v.upper(16), "alphavantage", "api_key"), ("COINGECKO_API_KEY", v.cg_key(), "coingecko", "api_key"),
        ("CMC_API_KEY", v.uuid(), "coinmarketcap", "api_key"), ("OPENAI_API_KEY", v.openai(), "openai", "api_key"),
        ("ANTHROPIC_API_KEY", v.anthropic(), "anthropic", "api_key"), ("SLACK_BOT_TOKEN", v.slack_bot(), "slack", "bot_token"),
        ("TWILIO_API_KEY", v.twilio_key(), "twilio", "api_key"), ("GITHUB_TOKEN", v.github("ghs"), "github", "app_token"),
        ("WALLET_PRIVATE_KEY", "0x" + v.evm_pk(), "evm", "private_key"), ("REDIS_URL", None, "redis", "password"),
        ("MONGO_URI", None, "mongodb", "password"), ("AMQP_URL", None, "rabbitmq", "password"),
    ]
    f = R.f(".env.production", "dotenv")
    f.t("# prod - copied from server 2024-05-01\nNODE_ENV=production\nLOG_LEVEL=info")
    for name, val, prov, cred in rows:
        if name == "REDIS_URL":
            f.P("REDIS_URL=redis://default:«p»@redis-12345.c1.eu-west-1.ec2.cloud.redislabs.com:12345", prov, cred, "url_userinfo", p=v.alnum(32))
        elif name == "MONGO_URI":
            pw = v.password()
            f.P("MONGO_URI=mongodb+srv://bot:«p»@cluster0.ab1cd.mongodb.net/trades?retryWrites=true", prov, cred, "url_userinfo", p=Enc(pw, quote(pw, safe="")))
        elif name == "AMQP_URL":
            f.P("AMQP_URL=amqps://bot:«p»@rabbit.internal:5671/%2f", prov, cred, "url_userinfo", p=v.alnum(24))
        elif r.random() < 0.3:
            f.P(f'{name}="«v»"', prov, cred, "env_file", v=val)
        else:
            f.P(f"{name}=«v»", prov, cred, "env_file", v=val)
    f = R.f(".env.example", "dotenv")
    f.t("# copy to .env and fill in")
    styles = ["{n}=", "{n}=<{n}>", "{n}=your_{l}_here", "{n}=xxxxxxxxxxxxxxxx", "{n}=${{{n}}}", "# {n}=changeme",
              "{n}=\"\"", "{n}=REPLACE_WITH_YOUR_KEY", "{n}=${{{n}:-}}", "{n}=<paste your key>", "{n}=****", "{n}=sk-...",
              "{n}=op://trading/{l}/credential", "{n}=$(cat /run/secrets/{l})"]
    for i, (name, val, prov, cred) in enumerate(rows[:14]):
        st = styles[i % len(styles)]
        line = st.format(n=name, l=name.lower())
        trap = "empty_value" if line.endswith("=") or line.endswith('""') else (
            "env_ref" if "${" in line or "$(" in line else ("secret_manager_ref" if "op://" in line else "placeholder"))
        f.N(line, trap, prov, cred, "env_file")


def setup_docs(R, v, r):
    f = R.f("docs/SETUP.md", "markdown")
    f.t("# Setup\n\n## 1. Exchange keys\nCreate a key with **trade** permission only (no withdrawals). Then edit `config.yml`:\n\n```yaml")
    ph = PLACEHOLDERS[:]
    r.shuffle(ph)
    names = ["api_key", "api_secret", "passphrase", "private_key", "bot_token", "webhook_secret"]
    provs = ["binance", "binance", "okx", "evm", "telegram", "webhook"]
    for i in range(12):
        n = names[i % len(names)]
        f.N(f"{n}: \"{ph[i]}\"", "placeholder", provs[i % len(provs)], n, "markdown_code")
    f.t("```\n\n## 2. Environment\n```bash")
    f.N("export AWS_ACCESS_KEY_ID=«a»", "docs_example", "aws", "access_key_id", "markdown_code", a=AWS_DOC_ID)
    f.N("export AWS_SECRET_ACCESS_KEY=«s»", "docs_example", "aws", "secret_access_key", "markdown_code", s=AWS_DOC_SECRET)
    f.N("export BINANCE_API_KEY=$(pass show trading/binance/key)", "secret_manager_ref", "binance", "api_key", "markdown_code")
    f.N('export OKX_SECRET_KEY="$(aws secretsmanager get-secret-value --secret-id okx --query SecretString --output text)"', "secret_manager_ref", "okx", "api_secret", "markdown_code")
    f.t("```\n\n## Troubleshooting\nIf you see `Invalid API-key, IP, or permissions for action`, check the IP whitelist.")
    real = v.binance()
    f.t("\nMy working config for reference (TODO remove before release):\n```")
    f.P("api_key: «k»", "binance", "api_key", "markdown_code", k=real)
    f.t("```")
    f = R.f("docs/FAQ.zh.md", "markdown")
    f.t("# 常见问题")
    f.N("把 `API_KEY = \"请填写你的API密钥\"` 换成你自己的密钥。", "placeholder", "generic", "api_key", "markdown")
    f.N("示例：`secret = \"<你的Secret>\"`", "placeholder", "generic", "api_secret", "markdown")
    f = R.f("docs/FAQ.es.md", "markdown")
    f.N("Reemplaza `API_SECRET = \"tu_clave_secreta\"` con tu clave.", "placeholder", "generic", "api_secret", "markdown")
    f.N("La clave tiene este formato: `PK` seguido de 18 caracteres, p. ej. `PKXXXXXXXXXXXXXXXXXX`.", "placeholder", "alpaca", "api_key", "markdown")


def sdk_idioms(R, v, r):
    ak, asec = v.alpaca_key(), v.alnum(40)
    f = R.f("go/alpaca.go", "go")
    f.t('package main\n\nimport "github.com/alpacahq/alpaca-trade-api-go/v3/alpaca"\n\nfunc client() *alpaca.Client {\n\treturn alpaca.NewClient(alpaca.ClientOpts{')
    f.P('\t\tAPIKey:    "«k»",', "alpaca", "api_key", "struct_field", k=ak)
    f.P('\t\tAPISecret: "«s»",', "alpaca", "api_secret", "struct_field", s=asec)
    f.t('\t\tBaseURL:   "https://paper-api.alpaca.markets",\n\t})\n}')
    bk, bs = v.binance(), v.binance()
    f = R.f("java/BinanceFactory.java", "java")
    f.t("import com.binance.connector.client.impl.SpotClientImpl;\n\npublic class BinanceFactory {\n    public static SpotClientImpl create() {")
    f.P('        return new SpotClientImpl("«k»", "«s»");', "binance", "api_key,api_secret", "constructor_arg", k=bk, s=bs)
    f.t("    }\n}")
    tk = v.telegram()
    f = R.f("kotlin/Bot.kt", "kotlin")
    f.t("import com.github.kotlintelegrambot.bot\n\nfun main() {\n    val b = bot {")
    f.P('        token = System.getenv("TG_TOKEN") ?: "«t»"', "telegram", "bot_token", "env_fallback", t=tk)
    f.t("    }\n    b.startPolling()\n}")
    f = R.f("rust/teloxide.rs", "rust")
    f.P('let bot = Bot::new("«t»");', "telegram", "bot_token", "constructor_arg", t=v.telegram())
    f.N('let bot2 = Bot::from_env(); // reads TELOXIDE_TOKEN', "env_ref", "telegram", "bot_token", "function_call")
    f = R.f("node/builder.js", "javascript")
    kk, ks = v.kraken_key(), v.kraken_secret()
    f.t("const { Kraken } = require('node-kraken-api');")
    f.P("const api = new Kraken({ key: '«k»', secret: '«s»' });", "kraken", "api_key,api_secret", "dict_literal", k=kk, s=ks)
    pk = v.evm_pk()
    f.P("const account = privateKeyToAccount(`0x«p»`);", "evm", "private_key", "template_string", p=pk)
    f.N("const rpc = `https://arb-mainnet.g.alchemy.com/v2/${process.env.ALCHEMY_KEY}`;", "env_ref", "alchemy", "api_key", "template_string")
    f = R.f("python/builder.py", "python")
    tk2 = v.telegram()
    f.t("from telegram.ext import ApplicationBuilder\n")
    f.P('app = ApplicationBuilder().token("«a»" + "«b»").build()', "telegram", "bot_token", "string_concat", a=tk2[:20], b=tk2[20:])
    f.P('headers = {"Authorization": f"Bearer {«q»}"}'.replace("{«q»}", "«q»"), "tradier", "access_token", "auth_header", q=v.alnum(28))
    ba_user, ba_pw = "bot", v.password()
    f.P('AUTH = "Basic «b»"', "basic_auth", "password", "base64_blob", b=Enc(ba_pw, base64.b64encode(f"{ba_user}:{ba_pw}".encode()).decode()))
    f.N('AUTH_DEMO = "Basic dXNlcjpwYXNzd29yZA=="  # user:password from the README', "placeholder", "basic_auth", "password", "base64_blob")
    f = R.f("python/fake_keys_test.py", "python")
    f.t("import pytest\n\n# all keys below are FAKE and only exercise the signing code")
    f.N('FAKE_API_KEY = "fake_" + "0" * 59', "marked_fake", "binance", "api_key", "assignment")
    f.N('FAKE_SECRET = "this-is-a-fake-secret-for-tests"', "marked_fake", "binance", "api_secret", "assignment")
    f.P('LIVE_SMOKE_KEY = "«k»"  # real testnet key used by the smoke test', "binance", "api_key", "assignment", k=v.binance())


REPOS = [("env-file-sprawl", env_sprawl), ("bot-setup-docs", setup_docs), ("sdk-idioms-sampler", sdk_idioms)]

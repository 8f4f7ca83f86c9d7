"""Templates part D: negative-heavy files (hashes, ids, public data, known test material)."""
import base64
from core import HARDHAT, HARDHAT_ADDR0, JUNK, RFC8032_SK, DOCS, BIP39_TV

TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"

def token_list(c, R):
    f = R.f("src/constants/tokens.ts", "typescript")
    f.l("// mainnet token + pool registry (public data)").l("export const TOKENS = {")
    for sym in ["WETH", "USDC", "PEPE"]:
        a = c.addr()
        f.l(f'  {sym}: "{a.value}",', a, form="assignment")
    f.l("};")
    t = c.g.N("digest", "evm", "event_topic", TRANSFER_TOPIC, register=False)
    f.l(f'export const TRANSFER_TOPIC = "{t.value}";', t, form="assignment")
    ih = c.neg("digest", "evm", "init_code_hash", "0x" + c.g.uniq(lambda: c.g.hx(64)))
    f.l(f'export const PAIR_INIT_CODE_HASH = "{ih.value}";', ih, form="assignment")
    slot = c.neg("digest", "evm", "storage_slot", "0x" + c.g.uniq(lambda: c.g.hx(64)))
    f.l(f'export const BALANCE_SLOT = "{slot.value}"; // keccak(owner . 0)', slot, form="assignment")
    e = c.envref("typescript", "SEARCHER_PK", "evm", "private_key")
    f.l(f"export const SEARCHER_KEY = {e.value};", e, form="env-reference")

def lockfile(c, R):
    f = R.f("go.sum", "gosum")
    for mod in ["github.com/adshao/go-binance/v2 v2.6.1", "github.com/gorilla/websocket v1.5.3"]:
        h = c.neg("digest", "go", "module_hash", "h1:" + c.g.uniq(lambda: base64.b64encode(c.g.b(32)).decode()))
        f.l(f"{mod} {h.value}", h, form="lockfile")
    f2 = R.f("package-lock.json", "json")
    f2.l("{").l('  "name": "bot",').l('  "lockfileVersion": 3,').l('  "packages": {').l('    "node_modules/ccxt": {').l('      "version": "4.4.35",')
    i = c.neg("digest", "npm", "integrity", "sha512-" + c.g.uniq(lambda: base64.b64encode(c.g.b(64)).decode()))
    f2.l(f'      "integrity": "{i.value}"', i, form="lockfile")
    f2.l("    }").l("  }").l("}")

def anvil_log(c, R):
    f = R.f("notes/anvil-output.txt", "text")
    f.l("Available Accounts").l("==================").l("")
    a0 = c.g.N("hardhat-default", "evm", "address", HARDHAT_ADDR0, register=False)
    f.l(f"(0) {a0.value} (10000.000000000000000000 ETH)", a0, form="tool-output")
    f.l("").l("Private Keys").l("==================").l("")
    for i in range(3):
        h = c.hardhat(i)
        f.l(f"({i}) {h.value}", h, form="tool-output")
    f.l("").l("Wallet").l("==================")
    j = c.junk()
    f.l(f"Mnemonic:          {j.value}", j, form="tool-output")
    f.l("Derivation path:   m/44'/60'/0'/0/")

def test_vectors(c, R):
    f = R.f("tests/test_signing.py", "python")
    f.l("import hashlib, hmac").l("from nacl.signing import SigningKey").l("")
    sk = c.g.N("test-vector", "generic", "ed25519_seed", RFC8032_SK, register=False)
    f.l(f'RFC8032_TEST1_SECRET = bytes.fromhex("{sk.value}")', sk, form="test-vector")
    f.l("").l("def test_rfc8032_vector():").l("    assert SigningKey(RFC8032_TEST1_SECRET).verify_key")
    d1, d2 = c.docs("aws", "access_key_id"), c.docs("aws", "secret_access_key")
    f.l("").l("def test_sigv4_docs_example():")
    f.l(f'    key_id = "{d1.value}"', d1, form="docs-sample")
    f.l(f'    secret = "{d2.value}"', d2, form="docs-sample")
    f.l("    assert key_id.endswith('EXAMPLE')")
    tv = c.g.N("test-vector", "bip39", "mnemonic12", BIP39_TV[2], register=False)
    f.l(f'    assert len("{tv.value}".split()) == 12', tv, form="test-vector")
    f.l("").l("def test_hmac_signature():")
    k = c.fake("binance", "api_secret")
    f.l(f'    fake_secret = b"{k.value}"', k, form="test-setup")
    sig = c.sig("binance")
    f.l(f'    expected = "{sig.value}"', sig, form="test-setup")
    f.l("    assert hmac.new(fake_secret, b'symbol=BTCUSDT', hashlib.sha256).hexdigest() != expected")

def hb_conf(c, R):
    f = R.f("conf/connectors/kucoin.yml", "yaml")
    f.l("#################################").l("###   kucoin config   ###").l("#################################").l("")
    f.l("connector: kucoin")
    e = c.g.N("env-reference", "kucoin", "api_key", "${KUCOIN_API_KEY}", register=False)
    f.l(f"kucoin_api_key: {e.value}", e, form="env-reference")
    s = c.secref("kucoin", "api_secret", "vault")
    f.l(f"kucoin_secret_key: {s.value}", s, form="secret-manager-ref")
    m = c.mask("kucoin", "passphrase")
    f.l(f"kucoin_passphrase: '{m.value}'", m, form="yaml-value")
    n = c.varname("kucoin", "api_secret")
    f.l(f"secret_env_var: {n.value}", n, form="variable-name")

def exchange_response(c, R):
    f = R.f("fixtures_data/order_response.json", "json")
    f.l("{").l('  "symbol": "BTCUSDT",').l('  "orderId": 28457193,')
    u = c.uid("client_order_id")
    f.l(f'  "clientOrderId": "{u.value}",', u, form="json-value")
    f.l('  "transactTime": 1733500000000,')
    d = c.digest("request_hash")
    f.l(f'  "x-request-hash": "{d.value}",', d, form="json-value")
    w = c.addr()
    f.l(f'  "depositAddress": "{w.value}",', w, form="json-value")
    b = c.btc_addr()
    f.l(f'  "btcDepositAddress": "{b.value}",', b, form="json-value")
    t = c.txh()
    f.l(f'  "withdrawTxId": "{t.value}"', t, form="json-value")
    f.l("}")

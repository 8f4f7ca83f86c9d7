"""Repos r39-r42."""
import base64, json, struct

from core import ed25519_pub


def _s(b):
    return struct.pack(">I", len(b)) + b


def openssh_ed25519(g, comment):
    seed = g.rb(32)
    pub = ed25519_pub(seed)
    pubblob = _s(b"ssh-ed25519") + _s(pub)
    chk = g.rb(4)
    priv = chk + chk + pubblob + _s(seed + pub) + _s(comment.encode())
    i = 1
    while len(priv) % 8:
        priv += bytes([i])
        i += 1
    blob = b"openssh-key-v1\0" + _s(b"none") + _s(b"none") + _s(b"") + struct.pack(">I", 1) + _s(pubblob) + _s(priv)
    s = base64.b64encode(blob).decode()
    body = "\n".join(s[i:i + 70] for i in range(0, len(s), 70))
    return (f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----",
            "ssh-ed25519 " + base64.b64encode(pubblob).decode() + " " + comment)


def r39(g):
    f = g.repo("r39-hyperliquid-py-agent")
    S, T = g.S, g.T
    f("examples/config.json", "json", """
    {
        "comments": "secret_key is the API wallet key generated on app.hyperliquid.xyz/API",
        "secret_key": "@@sk@@",
        "account_address": "@@aa@@",
        "multi_sig": {
            "authorized_users": [
                {"comment": "signer 1", "secret_key": "@@ph@@", "account_address": "@@a2@@"}
            ]
        }
    }
    """, sk=S("hyperliquid", "private_key", g.eth_pk(), "hyperliquid sdk config.json"),
      aa=T("public-address", g.eth_addr(), "hyperliquid account address", "hyperliquid", "address"),
      ph=T("placeholder", "", "empty json string", "hyperliquid", "private_key", shown='"secret_key": ""'),
      a2=T("public-address", g.eth_addr(), "evm address", "hyperliquid", "address"))
    f("bot/agent.py", "python", """
    import json
    import os

    import eth_account
    from eth_account.signers.local import LocalAccount
    from hyperliquid.exchange import Exchange
    from hyperliquid.info import Info
    from hyperliquid.utils import constants

    VAULT = "@@vault@@"


    def setup(base_url: str = constants.MAINNET_API_URL):
        with open(os.path.join(os.path.dirname(__file__), "..", "examples", "config.json")) as fh:
            cfg = json.load(fh)
        account: LocalAccount = eth_account.Account.from_key(cfg["secret_key"])
        info = Info(base_url, skip_ws=True)
        exchange = Exchange(account, base_url, account_address=cfg["account_address"], vault_address=VAULT)
        return cfg["account_address"], info, exchange


    def sweeper():
        # emergency sweeper wallet, funded with 20 USDC for gas on arbitrum
        return eth_account.Account.from_key("@@sw@@")


    def signing_digest_example():
        # EIP-712 struct hash from the SDK's own test suite
        return "@@tv@@"
    """, vault=T("public-address", g.eth_addr(), "vault address", "hyperliquid", "address"),
      sw=S("ethereum", "private_key", g.eth_pk(), "python Account.from_key literal"),
      tv=T("test-vector", "0x" + g.hx(64), "hash in test helper"))
    f("go/liquidator/main.go", "go", """
    package main

    import (
    	"log"

    	"github.com/ethereum/go-ethereum/crypto"
    	"github.com/ethereum/go-ethereum/ethclient"
    )

    func main() {
    	client, err := ethclient.Dial("wss://arb-mainnet.g.alchemy.com/v2/@@al@@")
    	if err != nil {
    		log.Fatal(err)
    	}
    	key, err := crypto.HexToECDSA("@@pk@@")
    	if err != nil {
    		log.Fatal(err)
    	}
    	from := crypto.PubkeyToAddress(key.PublicKey)
    	log.Printf("liquidator %s connected=%v", from.Hex(), client != nil)
    }
    """, al=S("alchemy", "api_key", g.b64u(32), "go wss rpc url path"),
      pk=S("ethereum", "private_key", g.eth_pk(False), "go crypto.HexToECDSA arg"))
    f("rust/src/signer.rs", "rust", """
    use alloy::signers::local::PrivateKeySigner;
    use std::str::FromStr;

    pub fn signer() -> PrivateKeySigner {
        match std::env::var("HL_PRIVATE_KEY") {
            Ok(k) => PrivateKeySigner::from_str(&k).expect("bad key"),
            Err(_) => PrivateKeySigner::from_str(
                "@@pk@@",
            )
            .unwrap(),
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn anvil_default_key() {
            let s = super::PrivateKeySigner::from_str(
                "@@anv@@",
            )
            .unwrap();
            assert_eq!(format!("{:?}", s.address()), "@@addr@@");
        }
    }
    """, pk=S("hyperliquid", "private_key", g.eth_pk(), "rust from_str fallback"),
      anv=T("public-default", "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
            "anvil default account #3", "ethereum", "private_key"),
      addr=T("public-address", "0x90F79bf6EB2c4f870365E785982E1f101E93b906", "anvil default address #3",
             "ethereum", "address"))


def r40(g):
    f = g.repo("r40-oanda-schwab-fx")
    S, T = g.S, g.T
    f(".v20.conf", "yaml", """
    hostname: api-fxtrade.oanda.com
    streaming_hostname: stream-fxtrade.oanda.com
    port: 443
    ssl: true
    token: @@t@@
    username: fxcarry
    accounts:
    - @@a1@@
    - @@a2@@
    active_account: @@a3@@
    """, t=S("oanda", "token", g.oanda(), "v20 conf yaml"),
      a1=T("public-id", f"001-004-{g.dig(7)}-001", "oanda account id", "oanda", "account_id"),
      a2=T("public-id", f"001-004-{g.dig(7)}-002", "oanda account id", "oanda", "account_id"),
      a3=T("public-id", f"001-004-{g.dig(7)}-003", "oanda account id", "oanda", "account_id"))
    f("fx/brokers.py", "python", """
    import os

    import v20
    import oandapyV20
    import schwab

    PRACTICE = oandapyV20.API(access_token="@@pt@@", environment="practice")

    ctx = v20.Context("api-fxpractice.oanda.com", 443, token=@@et@@)

    schwab_client = schwab.auth.easy_client(
        api_key="@@sk@@",
        app_secret="@@ss@@",
        callback_url="https://127.0.0.1:8182",
        token_path="/var/lib/fx/schwab_token.json",
    )

    # sample token from oandapyV20's README, useless
    README_TOKEN = "@@rt@@"
    """, pt=S("oanda", "token", g.oanda(), "python kwarg access_token"),
      et=T("env-lookup", 'os.environ["OANDA_TOKEN"]', "python env lookup", "oanda", "token"),
      sk=S("schwab", "api_key", g.an(32), "python kwarg easy_client"),
      ss=S("schwab", "api_secret", g.an(16), "python kwarg easy_client"),
      rt=T("placeholder", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", "readme placeholder",
           "oanda", "token"))
    f("fx/threecommas.py", "python", """
    from py3cw.request import Py3CW

    p3cw = Py3CW(
        key='@@k@@',
        secret='@@s@@',
        request_options={'request_timeout': 10, 'nr_of_retries': 1, 'retry_status_codes': [502]},
    )

    error, bots = p3cw.request(entity='bots', action='')
    """, k=S("3commas", "api_key", g.hx(64), "python kwarg Py3CW"),
      s=S("3commas", "api_secret", g.hx(256), "python kwarg Py3CW"))


def r41(g):
    f = g.repo("r41-signal-subscriptions")
    S, T = g.S, g.T
    f("server/src/config.js", "javascript", """
    module.exports = {
      port: process.env.PORT || 3000,
      stripe: {
        secretKey: process.env.STRIPE_SECRET_KEY || '@@sk@@',
        webhookSecret: '@@wh@@',
        publishableKey: '@@pub@@',
        docsTestKey: '@@tk@@',
      },
      jwt: { secret: '@@jwt@@', expiresIn: '7d' },
      sampleToken: '@@st@@',
      mongo: '@@mongo@@',
      telegram: new (require('telegraf').Telegraf)('@@tg@@'),
      discord: { token: process.env.DISCORD_TOKEN, guild: '@@guild@@' },
    };
    """, sk=S("stripe", "api_secret", "sk_live_" + g.an(99), "js || env fallback"),
      wh=S("stripe", "webhook_secret", "whsec_" + g.an(32), "js object literal"),
      pub=T("public-key", "pk_live_" + g.an(99), "stripe publishable key", "stripe", "publishable_key"),
      tk=T("docs-sample", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "stripe docs test key", "stripe", "api_secret"),
      jwt=S("app", "jwt_secret", g.b64(48), "js object literal"),
      st=T("docs-sample", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
            "jwt.io sample token"),
      mongo=S("mongodb", "password", (mp := g.an(16)), "mongodb+srv url userinfo",
              shown=f"mongodb+srv://signals:{mp}@cluster0.x7k2p.mongodb.net/signals?retryWrites=true&w=majority"),
      tg=S("telegram", "token", g.tg_token(), "js new Telegraf(arg)"),
      guild=T("public-id", g.dig(19), "discord guild id"))
    f("server/src/bot.js", "javascript", """
    const { Client, GatewayIntentBits } = require('discord.js');
    const cfg = require('./config');

    const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });

    client.once('ready', () => console.log(`logged in as ${client.user.tag}`));

    client.on('messageCreate', async (msg) => {
      if (msg.content === '!signal') await msg.reply('BTC long 64k, SL 62.5k');
    });

    client.login(cfg.discord.token || '@@dt@@');
    """, dt=S("discord", "token", g.discord_token(), "js login(|| fallback)"))


def r42(g):
    f = g.repo("r42-vps-provisioning")
    S, T = g.S, g.T
    priv, pub = openssh_ed25519(g, "deploy@tradebot-vps")
    f("ansible/files/deploy_key", "ssh-key", """
    @@k@@
    """, k=S("ssh", "private_key", priv, "openssh private key file"))
    priv2, pub2 = openssh_ed25519(g, "ana@laptop")
    g.used.add(priv2)
    f("ansible/files/authorized_keys", "ssh-key", """
    @@p1@@
    @@p2@@
    """, p1=T("public-key", pub, "ssh public key"), p2=T("public-key", pub2, "ssh public key"))
    f("ansible/group_vars/all.yml", "yaml", """
    ---
    bot_user: trader
    bot_dir: /opt/tradebot
    ansible_become_pass: "@@bp@@"
    binance_api_key: "{{ vault_binance_api_key }}"
    binance_api_secret: "@@vs@@"
    wireguard_private_key: "@@wg@@"
    wireguard_peer_public_key: "@@wgp@@"
    grafana_admin_password: "@@gp@@"
    backup_encryption: !vault |
      $ANSIBLE_VAULT;1.1;AES256
      @@av@@
    """, bp=S("linux", "password", g.pw(), "ansible group_vars"),
      vs=T("env-ref", "{{ lookup('env', 'BINANCE_API_SECRET') }}", "ansible env lookup", "binance", "api_secret"),
      wg=S("wireguard", "private_key", g.b64(32), "ansible group_vars"),
      wgp=T("public-key", g.b64(32), "wireguard public key", "wireguard", "public_key"),
      gp=S("grafana", "password", g.pw(), "ansible group_vars"),
      av=T("encrypted", g.hx(80), "ansible-vault ciphertext line"))
    f(".pre-commit-config.yaml", "yaml", """
    repos:
      - repo: https://github.com/pre-commit/pre-commit-hooks
        rev: @@r1@@  # frozen: v4.6.0
        hooks:
          - id: check-yaml
          - id: detect-private-key
      - repo: https://github.com/astral-sh/ruff-pre-commit
        rev: @@r2@@  # frozen: v0.5.0
        hooks:
          - id: ruff
    """, r1=T("hash", g.hx(40), "pinned git sha"), r2=T("hash", g.hx(40), "pinned git sha"))


REPOS = [r39, r40, r41, r42]

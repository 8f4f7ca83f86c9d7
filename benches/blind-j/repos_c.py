"""Non-Python languages, wallets, web3 and assets."""
import base64
import json


def r_ts_arb(c, repo):
    v = c.v
    f = c.file(repo, "src/exchanges.ts", "typescript")
    a = f.pos("okx", "api_key", v.uuid(), "ccxt options object TS")
    b = f.pos("okx", "api_secret", v.okx_secret(), "ccxt options object TS")
    p = f.pos("okx", "passphrase", v.passphrase(), "ccxt password TS")
    e = f.neg("binance", "api_key", "process.env.BINANCE_API_KEY!", "process.env no default", "env_ref")
    f.text = f'''import ccxt from "ccxt";

export const okx = new ccxt.okx({{
  apiKey: "{a}",
  secret: "{b}",
  password: "{p}",
  options: {{ defaultType: "swap" }},
}});

export const binance = new ccxt.binance({{ apiKey: {e}, secret: process.env.BINANCE_API_SECRET! }});
'''
    f = c.file(repo, "src/wallet.ts", "typescript")
    w = f.pos("evm", "private_key", v.evm_key(), "ethers new Wallet literal")
    sel = f.neg("evm", "selector", "0xa9059cbb", "ERC20 transfer selector", "abi_selector")
    topic = f.neg("evm", "topic", "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef", "Transfer event topic (keccak)", "hash")
    inf = f.pos("infura", "api_key", v.infura(), "Infura URL path")
    f.text = f'''import {{ Wallet, JsonRpcProvider }} from "ethers";

const provider = new JsonRpcProvider("https://mainnet.infura.io/v3/{inf}");
export const signer = new Wallet("{w}", provider);
export const TRANSFER_SELECTOR = "{sel}";
export const TRANSFER_TOPIC = "{topic}";
'''
    f = c.file(repo, "src/notify.js", "javascript")
    tg = f.pos("telegram", "token", v.telegram(), "new Telegraf literal")
    dj = f.pos("discord", "token", v.discord_token(), "client.login literal")
    f.text = f'''const {{ Telegraf }} = require("telegraf");
const {{ Client, GatewayIntentBits }} = require("discord.js");
const bot = new Telegraf("{tg}");
const client = new Client({{ intents: [GatewayIntentBits.Guilds] }});
client.login("{dj}");
module.exports = {{ bot, client }};
'''


def r_go(c, repo):
    v = c.v
    f = c.file(repo, "cmd/bot/main.go", "go")
    a = f.pos("binance", "api_key", v.binance(), "go-binance NewClient arg")
    b = f.pos("binance", "api_secret", v.binance(), "go-binance NewClient arg")
    ak = f.pos("alpaca", "api_key", v.alpaca_key(), "Go ClientOpts struct")
    asec = f.pos("alpaca", "api_secret", v.alpaca_secret(), "Go ClientOpts struct")
    hk = f.pos("evm", "private_key", v.evm_key(prefix=False), "crypto.HexToECDSA literal")
    env = f.neg("binance", "api_key", "os.Getenv(\"BINANCE_KEY\")", "os.Getenv", "env_ref")
    f.text = f'''package main

import (
	"context"
	"log"
	"os"

	"github.com/adshao/go-binance/v2"
	"github.com/alpacahq/alpaca-trade-api-go/v3/alpaca"
	"github.com/ethereum/go-ethereum/crypto"
)

const (
	apiKey    = "{a}"
	secretKey = "{b}"
)

func main() {{
	client := binance.NewClient(apiKey, secretKey)
	_ = {env}
	ac := alpaca.NewClient(alpaca.ClientOpts{{
		APIKey:    "{ak}",
		APISecret: "{asec}",
		BaseURL:   "https://paper-api.alpaca.markets",
	}})
	pk, err := crypto.HexToECDSA("{hk}")
	if err != nil {{
		log.Fatal(err)
	}}
	_ = pk
	res, err := client.NewGetAccountService().Do(context.Background())
	log.Println(res, err, ac)
}}
'''


def r_rust(c, repo):
    v = c.v
    f = c.file(repo, "src/main.rs", "rust")
    a = f.pos("binance", "api_key", v.binance(), "Rust Binance::new Some()")
    b = f.pos("binance", "api_secret", v.binance(), "Rust Binance::new Some()")
    sk = f.pos("evm", "private_key", v.evm_key(), "alloy PrivateKeySigner::from_str")
    tb = f.pos("telegram", "token", v.telegram(), "teloxide Bot::new")
    bc = f.neg("evm", "bytecode", "0x608060405234801561001057600080fd5b50" + v.hexl(300), "contract creation bytecode", "bytecode")
    f.text = f'''use binance::account::Account;
use binance::api::Binance;
use alloy::signers::local::PrivateKeySigner;
use std::str::FromStr;

const INIT_CODE: &str = "{bc}";

#[tokio::main]
async fn main() -> anyhow::Result<()> {{
    let account: Account = Binance::new(Some("{a}".into()), Some("{b}".into()));
    let signer = PrivateKeySigner::from_str("{sk}")?;
    let bot = teloxide::Bot::new("{tb}");
    println!("{{:?}} {{}}", account.get_account(), signer.address());
    let _ = (bot, INIT_CODE);
    Ok(())
}}
'''


def r_jvm(c, repo):
    v = c.v
    f = c.file(repo, "src/main/java/com/acme/fx/OandaConfig.java", "java")
    t = f.pos("oanda", "token", v.oanda(), "Java static final String")
    acct = f.neg("oanda", "account_id", v.oanda_acct(), "account id (not secret)", "identifier")
    f.text = f'''package com.acme.fx;

public final class OandaConfig {{
    public static final String ACCESS_TOKEN = "{t}";
    public static final String ACCOUNT_ID = "{acct}";
    public static final String HOST = "api-fxtrade.oanda.com";
    private OandaConfig() {{}}
}}
'''
    f = c.file(repo, "src/main/kotlin/com/acme/kite/Session.kt", "kotlin")
    kk = f.pos("zerodha", "api_key", v.kite_key(), "Kotlin val")
    ks = f.pos("zerodha", "api_secret", v.kite_secret(), "Kotlin generateSession arg")
    f.text = f'''package com.acme.kite

import com.zerodhatech.kiteconnect.KiteConnect

object Session {{
    private const val API_KEY = "{kk}"
    fun open(requestToken: String): KiteConnect {{
        val kite = KiteConnect(API_KEY)
        val user = kite.generateSession(requestToken, "{ks}")
        kite.accessToken = user.accessToken
        return kite
    }}
}}
'''
    f = c.file(repo, "src/main/scala/com/acme/Feeds.scala", "scala")
    sc = f.pos("polygon", "api_key", v.polygon(), "Scala val")
    f.text = f'''package com.acme

object Feeds {{
  val polygonApiKey: String = "{sc}"
  def url(t: String) = s"https://api.polygon.io/v2/aggs/ticker/$t/prev?apiKey=$polygonApiKey"
}}
'''
    f = c.file(repo, "src/main/resources/application.properties", "properties")
    sp = f.pos("schwab", "app_secret", v.schwab_secret(), "Spring property")
    sk = f.pos("schwab", "app_key", v.schwab_key(), "Spring property")
    ref = f.neg("spring", "ref", "${SCHWAB_REFRESH_TOKEN}", "Spring placeholder", "env_ref")
    f.text = f'''spring.application.name=schwab-bridge
schwab.app-key={sk}
schwab.app-secret={sp}
schwab.refresh-token={ref}
schwab.callback-url=https://127.0.0.1:8182
'''
    _ibkr(c, repo)


def _ibkr(c, repo):
    v = c.v
    f = c.file(repo, "src/main/resources/ibkr/private_signature.pem", "pem")
    f.text = f.pempos("ibkr", "private_key", "RSA", "IBKR Web API OAuth RSA signing key file") + "\n"
    f = c.file(repo, "src/main/resources/ibkr/oauth.yml", "yaml")
    ck = f.pos("ibkr", "api_key", v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 9), "IBKR OAuth consumer key")
    at = f.pos("ibkr", "token", v.hexl(20), "IBKR OAuth access token")
    ats = f.pos("ibkr", "api_secret", v.b64(128), "IBKR OAuth encrypted access token secret")
    f.text = f"""ibkr:
  consumer-key: {ck}
  access-token: {at}
  access-token-secret: "{ats}"
  signature-key: classpath:ibkr/private_signature.pem
  realm: limited_poa
"""


def r_dotnet(c, repo):
    v = c.v
    f = c.file(repo, "src/TradeBot/appsettings.Production.json", "json")
    k = f.pos("kraken", "api_key", v.kraken_key(), "appsettings.json")
    s = f.pos("kraken", "api_secret", v.kraken_secret(), "appsettings.json")
    cs = "Server=tcp:bots.database.windows.net,1433;Database=bots;User ID=botadmin;Password=" + v.password() + ";Encrypt=True;"
    db = f.pos("mssql", "connection_string", cs, "ADO.NET connection string")
    f.text = f'''{{
  "Logging": {{ "LogLevel": {{ "Default": "Information" }} }},
  "ConnectionStrings": {{ "Default": "{db}" }},
  "Kraken": {{
    "ApiKey": "{k}",
    "ApiSecret": "{s}"
  }}
}}
'''
    f = c.file(repo, "src/TradeBot/Program.cs", "csharp")
    ck = f.pos("bybit", "api_key", v.bybit_key(), "C# ApiCredentials ctor")
    cs2 = f.pos("bybit", "api_secret", v.bybit_secret(), "C# ApiCredentials ctor")
    ev = f.neg("bybit", "api_key", "Environment.GetEnvironmentVariable(\"BYBIT_KEY\")", "env lookup", "env_ref")
    f.text = f'''using Bybit.Net.Clients;
using CryptoExchange.Net.Authentication;

var fromEnv = {ev};
var client = new BybitRestClient(opts =>
{{
    opts.ApiCredentials = new ApiCredentials("{ck}", "{cs2}");
}});
var bal = await client.V5Api.Account.GetBalancesAsync(Bybit.Net.Enums.AccountType.Unified);
Console.WriteLine(bal.Data);
'''
    f = c.file(repo, "scripts/report.fsx", "fsharp")
    fk = f.pos("finnhub", "api_key", v.finnhub(), "F# let binding")
    f.text = f'''#r "nuget: FSharp.Data"
open FSharp.Data
let finnhubToken = "{fk}"
let quote sym = Http.RequestString($"https://finnhub.io/api/v1/quote?symbol={{sym}}&token={{finnhubToken}}")
'''


def r_cpp(c, repo):
    v = c.v
    f = c.file(repo, "include/keys.h", "cpp")
    a = f.pos("bitfinex", "api_key", v.bitfinex(), "C++ constexpr")
    b = f.pos("bitfinex", "api_secret", v.bitfinex(), "C++ #define")
    h = f.neg("crc", "table", "0x" + v.hexu(16), "64-bit hash seed constant", "hash")
    f.text = f'''#pragma once
#include <string_view>

namespace hft {{
constexpr std::string_view kBfxKey = "{a}";
#define BFX_SECRET "{b}"
constexpr unsigned long long kHashSeed = {h}ULL;
}}  // namespace hft
'''
    f = c.file(repo, "src/main.cpp", "cpp")
    gk = f.pos("gate", "api_key", v.gate_key(), "C++ struct initializer")
    gs = f.pos("gate", "api_secret", v.gate_secret(), "C++ struct initializer")
    ge = f.neg("gate", "api_key", "std::getenv(\"GATE_KEY\")", "getenv", "env_ref")
    f.text = f'''#include "keys.h"
#include <cstdlib>
struct Creds {{ const char* key; const char* secret; }};
static Creds gate{{"{gk}", "{gs}"}};
int main() {{
  const char* k = {ge};
  return k == nullptr;
}}
'''


def r_scripting(c, repo):
    v = c.v
    f = c.file(repo, "php/bot.php", "php")
    a = f.pos("kucoin", "api_key", v.kucoin_key(), "PHP ccxt array")
    b = f.pos("kucoin", "api_secret", v.uuid(), "PHP ccxt array")
    p = f.pos("kucoin", "passphrase", v.passphrase(), "PHP ccxt array password")
    g = f.neg("kucoin", "api_key", "getenv('KUCOIN_KEY')", "getenv", "env_ref")
    f.text = f'''<?php
require_once 'vendor/autoload.php';
$kucoin = new \\ccxt\\kucoin([
    'apiKey' => '{a}',
    'secret' => '{b}',
    'password' => '{p}',
]);
$fallback = {g};
var_dump($kucoin->fetch_balance());
'''
    f = c.file(repo, "ruby/alerts.rb", "ruby")
    rt = f.pos("twilio", "auth_token", v.twilio_token(), "Ruby Twilio::REST::Client arg")
    rs = f.pos("twilio", "account_sid", v.twilio_sid(), "Ruby Twilio::REST::Client arg")
    rd = f.neg("twilio", "auth_token", "ENV.fetch('TWILIO_AUTH_TOKEN')", "ENV.fetch", "env_ref")
    f.text = f'''require "twilio-ruby"
client = Twilio::REST::Client.new("{rs}", "{rt}")
backup = {rd}
client.messages.create(from: "+15005550006", to: ENV["PHONE"], body: "BTC moved 5%")
'''
    f = c.file(repo, "perl/poll.pl", "perl")
    pk = f.pos("tradier", "token", v.tradier(), "Perl Authorization Bearer")
    f.text = f'''#!/usr/bin/perl
use strict; use warnings; use LWP::UserAgent;
my $ua = LWP::UserAgent->new;
my $res = $ua->get("https://api.tradier.com/v1/markets/quotes?symbols=SPY",
    Authorization => "Bearer {pk}", Accept => "application/json");
print $res->decoded_content;
'''
    f = c.file(repo, "lua/config.lua", "lua")
    lk = f.pos("deribit", "client_id", v.deribit_id(), "Lua table")
    ls = f.pos("deribit", "client_secret", v.deribit_secret(), "Lua table")
    f.text = f'''return {{
  deribit = {{
    client_id = "{lk}",
    client_secret = "{ls}",
    testnet = false,
  }},
}}
'''
    f = c.file(repo, "ps/Start-Bot.ps1", "powershell")
    pa = f.pos("anthropic", "api_key", v.anthropic(), "PowerShell $env: assignment")
    po = f.pos("openai", "api_key", v.openai(), "PowerShell SetEnvironmentVariable")
    pr = f.neg("openai", "api_key", "$env:OPENAI_API_KEY_FROM_VAULT", "env var read", "env_ref")
    f.text = f'''$env:ANTHROPIC_API_KEY = "{pa}"
[Environment]::SetEnvironmentVariable("OPENAI_API_KEY", "{po}", "User")
$fallback = {pr}
python .\\agent.py --model claude
'''


def r_mobile(c, repo):
    v = c.v
    f = c.file(repo, "ios/Sources/Secrets.swift", "swift")
    s1 = f.pos("coinmarketcap", "api_key", v.uuid(), "Swift static let")
    s2 = f.neg("coinmarketcap", "api_key", "\"b54bcf4d-1bca-4e8e-9a24-22ff2c3d462c\"  // sandbox docs key", "CMC sandbox docs key", "docs_sample")
    f.text = f'''enum Secrets {{
    static let cmcApiKey = "{s1}"
    static let cmcSandboxKey = {s2}
}}
'''
    f = c.file(repo, "flutter/lib/env.dart", "dart")
    d1 = f.pos("coingecko", "api_key", v.coingecko(), "Dart const")
    d2 = f.neg("coingecko", "api_key", "String.fromEnvironment('CG_KEY')", "compile-time env", "env_ref")
    f.text = f'''class Env {{
  static const coingeckoKey = '{d1}';
  static const fromDefine = {d2};
}}
'''


def r_functional(c, repo):
    v = c.v
    f = c.file(repo, "config/runtime.exs", "elixir")
    e1 = f.pos("bitstamp", "api_key", v.bitstamp(), "Elixir config keyword")
    e2 = f.pos("bitstamp", "api_secret", v.bitstamp(), "Elixir config keyword")
    e3 = f.neg("bitstamp", "api_key", "System.fetch_env!(\"BITSTAMP_KEY\")", "System.fetch_env!", "env_ref")
    f.text = f'''import Config

config :trader, :bitstamp,
  key: "{e1}",
  secret: "{e2}",
  customer_id: "992811"

if config_env() == :prod do
  config :trader, :bitstamp, key: {e3}
end
'''
    f = c.file(repo, "hs/Main.hs", "haskell")
    hk = f.pos("bitmex", "api_key", v.bitmex_key(), "Haskell String binding")
    hs = f.pos("bitmex", "api_secret", v.bitmex_secret(), "Haskell String binding")
    f.text = f'''module Main where

apiKey, apiSecret :: String
apiKey = "{hk}"
apiSecret = "{hs}"

main :: IO ()
main = putStrLn ("using " ++ take 4 apiKey)
'''
    f = c.file(repo, "ml/feed.ml", "ocaml")
    ok = f.pos("etherscan", "api_key", v.etherscan(), "OCaml let")
    f.text = f'''let etherscan_key = "{ok}"
let url addr = Printf.sprintf "https://api.etherscan.io/api?module=account&action=balance&address=%s&apikey=%s" addr etherscan_key
'''
    f = c.file(repo, "julia/backtest.jl", "julia")
    jk = f.pos("polygon", "api_key", v.polygon(), "Julia const")
    f.text = f'''using HTTP, JSON3
const POLYGON_KEY = "{jk}"
fetch(t) = JSON3.read(HTTP.get("https://api.polygon.io/v2/aggs/ticker/$t/range/1/day/2023-01-01/2023-12-31?apiKey=$POLYGON_KEY").body)
'''
    f = c.file(repo, "r/analysis.R", "r")
    rk = f.pos("alphavantage", "api_key", v.alphavantage(), "R av_api_key()")
    rn = f.neg("alphavantage", "api_key", "Sys.getenv(\"AV_KEY\")", "Sys.getenv", "env_ref")
    f.text = f'''library(alphavantager)
av_api_key("{rk}")
backup_key <- {rn}
spy <- av_get("SPY", av_fun = "TIME_SERIES_DAILY_ADJUSTED", outputsize = "full")
'''


def r_systems_misc(c, repo):
    v = c.v
    f = c.file(repo, "nim/bot.nim", "nim")
    n1 = f.pos("mexc", "api_key", v.mexc_key(), "Nim const")
    n2 = f.pos("mexc", "api_secret", v.hexl(32), "Nim const")
    f.text = f'''import httpclient, hmac
const
  MexcKey = "{n1}"
  MexcSecret = "{n2}"
echo MexcKey.len + MexcSecret.len
'''
    f = c.file(repo, "zig/src/main.zig", "zig")
    z = f.pos("discord", "webhook", v.discord_webhook(), "Zig const slice")
    f.text = f'''const std = @import("std");
const webhook_url = "{z}";
pub fn main() !void {{
    std.debug.print("{{s}}\\n", .{{webhook_url[0..30]}});
}}
'''
    f = c.file(repo, "crystal/src/feed.cr", "crystal")
    cr = f.pos("tiingo", "api_key", v.tiingo(), "Crystal HTTP header Token")
    f.text = f'''require "http/client"
headers = HTTP::Headers{{"Authorization" => "Token {cr}"}}
puts HTTP::Client.get("https://api.tiingo.com/iex/aapl", headers: headers).body
'''
    f = c.file(repo, "v/main.v", "v")
    vk = f.pos("huobi", "api_key", v.huobi(), "V const")
    f.text = f'''module main
const access_key = '{vk}'
fn main() {{
	println(access_key.len)
}}
'''


def r_solidity(c, repo):
    v = c.v
    f = c.file(repo, "hardhat.config.js", "javascript")
    acc = f.pos("evm", "private_key", v.evm_key(), "hardhat accounts literal")
    es = f.pos("etherscan", "api_key", v.etherscan(), "hardhat etherscan.apiKey")
    env = f.neg("evm", "private_key", "process.env.DEPLOYER_PK", "env ref in accounts", "env_ref")
    hh = f.neg("evm", "mnemonic", "test test test test test test test test test test test junk", "Hardhat default mnemonic", "hardhat_default")
    f.text = f'''require("@nomicfoundation/hardhat-toolbox");
module.exports = {{
  solidity: "0.8.24",
  networks: {{
    hardhat: {{ accounts: {{ mnemonic: "{hh}" }} }},
    arbitrum: {{ url: "https://arb1.arbitrum.io/rpc", accounts: ["{acc}"] }},
    base: {{ url: "https://mainnet.base.org", accounts: [{env}] }},
  }},
  etherscan: {{ apiKey: "{es}" }},
}};
'''
    f = c.file(repo, "Makefile", "make")
    fk = f.pos("evm", "private_key", v.evm_key(), "forge --private-key in Makefile")
    an = f.neg("evm", "private_key", "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", "Anvil default account #1", "hardhat_default")
    f.text = f'''deploy-mainnet:
\tforge script script/Deploy.s.sol --rpc-url $(RPC) --broadcast --private-key {fk}

deploy-local:
\tforge script script/Deploy.s.sol --rpc-url http://127.0.0.1:8545 --broadcast --private-key {an}
'''
    f = c.file(repo, "script/Deploy.s.sol", "solidity")
    sp = f.pos("evm", "private_key", v.evm_key(), "Solidity uint256 deployer key literal")
    slot = f.neg("evm", "storage_slot", "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc", "EIP-1967 implementation slot", "hash")
    f.text = f'''// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
import "forge-std/Script.sol";
import "../src/Vault.sol";

contract Deploy is Script {{
    bytes32 constant IMPL_SLOT = {slot};
    function run() external {{
        uint256 deployerKey = {sp};
        vm.startBroadcast(deployerKey);
        new Vault();
        vm.stopBroadcast();
    }}
}}
'''
    f = c.file(repo, "move/sources/config.move", "move")
    mv = f.neg("aptos", "address", "0x" + v.hexl(64), "Move module address (public)", "public_key")
    f.text = f'''module {mv}::config {{
    const MAX_LEVERAGE: u64 = 10;
    public fun max_leverage(): u64 {{ MAX_LEVERAGE }}
}}
'''
    f = c.file(repo, "cairo/scripts/deploy.py", "python")
    ck = f.pos("starknet", "private_key", "0x" + v.hexl(63), "starknet KeyPair.from_private_key")
    ca = f.neg("starknet", "address", "0x" + v.hexl(63), "account address", "public_key")
    f.text = f'''from starknet_py.net.account.account import Account
from starknet_py.net.signer.stark_curve_signer import KeyPair
from starknet_py.net.full_node_client import FullNodeClient

client = FullNodeClient(node_url="https://starknet-mainnet.public.blastapi.io")
account = Account(client=client, address={ca}, key_pair=KeyPair.from_private_key({ck}), chain=0x534e5f4d41494e)
'''


def r_wallets(c, repo):
    v = c.v
    f = c.file(repo, "keys/id.json", "json")
    kp = v.solana()
    s = json.dumps(kp, separators=(",", ":"))
    f.pos("solana", "private_key", kp, "solana CLI keypair JSON array", needle=s, check="solana_json")
    f.text = s + "\n"
    f = c.file(repo, "bot/.env.production", "dotenv")
    b58 = f.pos("solana", "private_key", v.solana_b58(), "base58 keypair", check="solana_b58")
    mn = f.pos("dydx", "mnemonic", v.mnemonic(24), "24-word mnemonic", check="bip39")
    wf = f.pos("bitcoin", "private_key", v.wif(), "WIF compressed", check="wif")
    xp = f.pos("bitcoin", "private_key", v.xprv(), "xprv", check="xprv")
    pub = f.neg("solana", "public_key", v.solana_pub(), "wallet pubkey", "public_key")
    xpub = f.neg("bitcoin", "xpub", v.xpub(), "xpub (watch-only)", "public_key", check="xpub")
    f.text = f'''SOLANA_PRIVATE_KEY={b58}
SOLANA_WALLET_PUBKEY={pub}
DYDX_MNEMONIC="{mn}"
BTC_WIF={wf}
BTC_XPRV={xp}
BTC_WATCH_XPUB={xpub}
'''
    f = c.file(repo, "docs/test-vectors.md", "markdown")
    t1 = f.neg("bitcoin", "mnemonic", "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about", "BIP-39 test vector", "test_vector", check="bip39")
    t2 = f.neg("bitcoin", "xprv", "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi", "BIP-32 test vector 1 master", "test_vector", check="xprv")
    t3 = f.neg("bitcoin", "wif", "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ", "Bitcoin wiki WIF example", "test_vector", check="wif")
    f.text = f'''# Test vectors used by our unit tests

- BIP-39 vector 1: `{t1}`
- BIP-32 vector 1, chain m: `{t2}`
- WIF example from the wiki: `{t3}`
'''
    f = c.file(repo, "keys/UTC--2024-03-01T10-11-12.000Z--keystore.json", "json")
    ks = {"address": v.hexl(40), "crypto": {"cipher": "aes-128-ctr", "ciphertext": v.hexl(64), "cipherparams": {"iv": v.hexl(32)},
          "kdf": "scrypt", "kdfparams": {"dklen": 32, "n": 262144, "p": 1, "r": 8, "salt": v.hexl(64)}, "mac": v.hexl(64)},
          "id": v.uuid(), "version": 3}
    f.neg("evm", "keystore_mac", ks["crypto"]["mac"], "keystore v3 mac (encrypted file, no password nearby)", "encrypted")
    f.text = json.dumps(ks, indent=2) + "\n"
    f = c.file(repo, "bot/signer.py", "python")
    pw = f.pos("evm", "password", v.password(), "keystore password next to decrypt")
    pem = f.pempos("binance", "private_key", "ED25519", "Ed25519 PKCS#8 PEM triple-quoted")
    bk = f.pos("binance", "api_key", v.binance(), "binance-connector Spot api_key with Ed25519")
    f.text = f'''import json
from eth_account import Account
from binance.spot import Spot

KEYSTORE_PASSWORD = "{pw}"
acct = Account.from_key(Account.decrypt(json.load(open("keys/UTC--2024-03-01T10-11-12.000Z--keystore.json")), KEYSTORE_PASSWORD))

PRIVATE_KEY = """{pem}"""

client = Spot(api_key="{bk}", private_key=PRIVATE_KEY)
'''


def r_ai_notify(c, repo):
    v = c.v
    f = c.file(repo, "gcp/service-account.json", "json")
    pem = f.pempos("gcp", "private_key", "PKCS8", "GCP SA JSON private_key escaped", escape=True)
    kid = f.neg("gcp", "private_key_id", v.hexl(40), "private_key_id (identifier)", "identifier")
    f.text = f'''{{
  "type": "service_account",
  "project_id": "quant-signals-41822",
  "private_key_id": "{kid}",
  "private_key": "{pem}\\n",
  "client_email": "signals-bot@quant-signals-41822.iam.gserviceaccount.com",
  "client_id": "10498211573620044821",
  "token_uri": "https://oauth2.googleapis.com/token"
}}
'''
    f = c.file(repo, "agent/llm.py", "python")
    oa = f.pos("openai", "api_key", v.openai(), "OpenAI(api_key=...)")
    an = f.pos("anthropic", "api_key", v.anthropic(), "Anthropic(api_key=...)")
    ms = f.neg("openai", "api_key", "sk-proj-...", "truncated docs placeholder", "placeholder")
    f.text = f'''from openai import OpenAI
from anthropic import Anthropic

# Get a key at platform.openai.com (looks like {ms})
oai = OpenAI(api_key="{oa}")
claude = Anthropic(api_key="{an}")
'''
    f = c.file(repo, "agent/discord_bot.py", "python")
    dt = f.pos("discord", "token", v.discord_token(), "bot.run literal")
    sw = f.pos("slack", "webhook", v.slack_webhook(), "WebhookClient url")
    st = f.pos("stripe", "api_key", v.stripe(), "stripe.api_key")
    stt = f.neg("stripe", "api_key", "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "Stripe docs test key", "docs_sample")
    f.text = f'''import discord, stripe
from slack_sdk.webhook import WebhookClient

stripe.api_key = "{st}"
DOCS_KEY = "{stt}"
slack = WebhookClient("{sw}")
bot = discord.Bot()
bot.run("{dt}")
'''
    f = c.file(repo, "agent/aws.py", "python")
    ex1 = f.neg("aws", "access_key", "AKIAIOSFODNN7EXAMPLE", "AWS docs example key", "docs_sample")
    ex2 = f.neg("aws", "secret_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "AWS docs example secret", "docs_sample")
    f.text = f'''import boto3
# see https://docs.aws.amazon.com/... for the format: {ex1} / {ex2}
s3 = boto3.client("s3")
'''


def r_web_assets(c, repo):
    v = c.v
    f = c.file(repo, "web/dist/index.html", "html")
    c1 = f.neg("asset", "filename_hash", "main." + v.hexl(20) + ".css", "hashed asset filename", "asset_hash")
    c2 = f.neg("asset", "filename_hash", "app-" + v.mixed("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", 8) + ".js", "hashed asset filename", "asset_hash")
    sri = f.neg("asset", "sri", "sha384-" + v.b64(48), "subresource integrity", "hash")
    font = f.neg("asset", "font", "data:font/woff2;base64," + base64.b64encode(b"wOF2" + v.raw(400)).decode(), "inline base64 font", "base64_blob")
    f.text = f'''<!doctype html>
<html><head>
<link rel="stylesheet" href="/assets/{c1}">
<script type="module" src="/assets/{c2}" integrity="{sri}" crossorigin></script>
<style>@font-face{{font-family:Inter;src:url({font}) format("woff2")}}</style>
</head><body><div id="root"></div></body></html>
'''
    f = c.file(repo, "web/src/api.ts", "typescript")
    hdr = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').decode().rstrip("=")
    pl = base64.urlsafe_b64encode(json.dumps({"sub": "demo-" + v.hexl(6), "role": "viewer"}).encode()).decode().rstrip("=")
    jw = f.neg("jwt", "token", hdr + "." + pl + ".", "unsigned alg:none JWT example", "unsigned_jwt")
    cf = f.neg("cloudflare", "site_key", "1x00000000000000000000AA", "Turnstile test site key", "docs_sample")
    ph = f.neg("dashboard", "token", "import.meta.env.VITE_API_TOKEN", "Vite env ref", "env_ref")
    f.text = f'''// example token for storybook only (unsigned)
export const DEMO_JWT = "{jw}";
export const TURNSTILE_SITE_KEY = "{cf}";
export const token = {ph};
'''

"""Repos r01-r12."""
import base64, json
from urllib.parse import quote


def r01(g):
    f = g.repo("r01-freqtrade-binance-dca")
    S, T = g.S, g.T
    f("user_data/config.json", "json", """
    {
        "max_open_trades": 5,
        "stake_currency": "USDT",
        "stake_amount": "unlimited",
        "tradable_balance_ratio": 0.99,
        "fiat_display_currency": "EUR",
        "dry_run": false,
        "cancel_open_orders_on_exit": false,
        "trading_mode": "spot",
        "unfilledtimeout": {"entry": 10, "exit": 10, "exit_timeout_count": 0, "unit": "minutes"},
        "entry_pricing": {"price_side": "same", "use_order_book": true, "order_book_top": 1},
        "exit_pricing": {"price_side": "same", "use_order_book": true, "order_book_top": 1},
        "exchange": {
            "name": "binance",
            "key": "@@k@@",
            "secret": "@@s@@",
            "ccxt_config": {},
            "ccxt_async_config": {},
            "pair_whitelist": ["BTC/USDT", "ETH/USDT", "SOL/USDT", "AVAX/USDT"],
            "pair_blacklist": ["BNB/.*"]
        },
        "pairlists": [{"method": "StaticPairList"}],
        "telegram": {
            "enabled": true,
            "token": "@@tg@@",
            "chat_id": "481516234"
        },
        "api_server": {
            "enabled": true,
            "listen_ip_address": "0.0.0.0",
            "listen_port": 8080,
            "verbosity": "error",
            "enable_openapi": false,
            "jwt_secret_key": "@@jwt@@",
            "ws_token": "@@ws@@",
            "CORS_origins": [],
            "username": "freqtrader",
            "password": "@@pw@@"
        },
        "bot_name": "dca-binance",
        "initial_state": "running",
        "force_entry_enable": false,
        "internals": {"process_throttle_secs": 5}
    }
    """, k=S("binance", "api_key", g.an(64), "freqtrade config json"),
      s=S("binance", "api_secret", g.an(64), "freqtrade config json"),
      tg=S("telegram", "token", g.tg_token(), "freqtrade config json"),
      jwt=S("freqtrade", "jwt_secret", g.hx(64), "freqtrade api_server json"),
      ws=S("freqtrade", "token", g.b64u(32), "freqtrade api_server json"),
      pw=S("freqtrade", "password", g.pw(), "freqtrade api_server json"))
    f("config.example.json", "json", """
    {
        "dry_run": true,
        "exchange": {
            "name": "binance",
            "key": "@@k@@",
            "secret": "@@s@@"
        },
        "telegram": {
            "enabled": false,
            "token": "@@tg@@",
            "chat_id": "your_telegram_chat_id"
        },
        "api_server": {
            "jwt_secret_key": "@@jwt@@",
            "ws_token": "@@ws@@",
            "password": "@@pw@@"
        }
    }
    """, k=T("placeholder", "your_exchange_key", "freqtrade example json", "binance", "api_key"),
      s=T("placeholder", "your_exchange_secret", "freqtrade example json", "binance", "api_secret"),
      tg=T("placeholder", "your_telegram_token", "freqtrade example json", "telegram", "token"),
      jwt=T("placeholder", "somethingrandom", "freqtrade example json", "freqtrade", "jwt_secret"),
      ws=T("placeholder", "secret_ws_t0ken.", "freqtrade example json", "freqtrade", "token"),
      pw=T("placeholder", "SuperSecurePassword", "freqtrade example json", "freqtrade", "password"))
    f("docker-compose.yml", "yaml", """
    ---
    services:
      freqtrade:
        image: freqtradeorg/freqtrade:stable
        restart: unless-stopped
        container_name: freqtrade
        volumes:
          - "./user_data:/freqtrade/user_data"
        ports:
          - "127.0.0.1:8080:8080"
        environment:
          FREQTRADE__EXCHANGE__KEY: "@@ek@@"
          FREQTRADE__EXCHANGE__SECRET: "@@es@@"
          FREQTRADE__TELEGRAM__TOKEN: "${TELEGRAM_TOKEN}"
        command: >
          trade
          --logfile /freqtrade/user_data/logs/freqtrade.log
          --db-url sqlite:////freqtrade/user_data/tradesv3.sqlite
          --config /freqtrade/user_data/config.json
          --strategy DCAStrategy
    """, ek=T("env-ref", "${BINANCE_KEY:?missing}", "compose env interpolation", "binance", "api_key"),
      es=T("env-ref", "${BINANCE_SECRET}", "compose env interpolation", "binance", "api_secret"))
    f("user_data/strategies/DCAStrategy.py", "python", """
    # pragma pylint: disable=missing-docstring
    from datetime import datetime
    from pandas import DataFrame
    import talib.abstract as ta
    from freqtrade.strategy import IStrategy, IntParameter


    class DCAStrategy(IStrategy):
        INTERFACE_VERSION = 3
        timeframe = "15m"
        minimal_roi = {"0": 0.04, "60": 0.02, "180": 0.0}
        stoploss = -0.12
        position_adjustment_enable = True
        max_entry_position_adjustment = 3
        buy_rsi = IntParameter(20, 40, default=30, space="buy")

        def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
            dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
            dataframe["ema50"] = ta.EMA(dataframe, timeperiod=50)
            return dataframe

        def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
            dataframe.loc[(dataframe["rsi"] < self.buy_rsi.value) & (dataframe["volume"] > 0), "enter_long"] = 1
            return dataframe

        def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
            dataframe.loc[(dataframe["rsi"] > 70), "exit_long"] = 1
            return dataframe

        def adjust_trade_position(self, trade, current_time: datetime, current_rate: float,
                                  current_profit: float, **kwargs):
            if current_profit > -0.05:
                return None
            filled = trade.select_filled_orders(trade.entry_side)
            return filled[0].stake_amount
    """)


def r02(g):
    f = g.repo("r02-ccxt-arb-ts")
    S, T = g.S, g.T
    f("src/exchanges.ts", "typescript", """
    import ccxt, { Exchange } from 'ccxt';
    import * as dotenv from 'dotenv';
    dotenv.config();

    // TODO move to vault before going live
    export const okx = new ccxt.okx({
      apiKey: '@@ok@@',
      secret: '@@os@@',
      password: '@@op@@',
      enableRateLimit: true,
      options: { defaultType: 'spot' },
    });

    export const kucoin = new ccxt.kucoin({
      apiKey: process.env.KUCOIN_API_KEY || '@@kk@@',
      secret: process.env.KUCOIN_API_SECRET || '@@ks@@',
      password: process.env.KUCOIN_API_PASSPHRASE ?? '@@kp@@',
    });

    export const bitget = new ccxt.bitget({
      apiKey: @@bk@@,
      secret: @@bs@@,
      password: @@bp@@,
    });

    export const all: Record<string, Exchange> = { okx, kucoin, bitget };

    export async function loadAll(): Promise<void> {
      await Promise.all(Object.values(all).map((e) => e.loadMarkets()));
    }
    """, ok=S("okx", "api_key", g.uuid(), "ccxt ts object literal"),
      os=S("okx", "api_secret", g.HX(32), "ccxt ts object literal"),
      op=S("okx", "passphrase", g.pw(), "ccxt ts object literal"),
      kk=S("kucoin", "api_key", g.hx(24), "ts env fallback ||"),
      ks=S("kucoin", "api_secret", g.uuid(), "ts env fallback ||"),
      kp=S("kucoin", "passphrase", g.pw(), "ts env fallback ??"),
      bk=T("env-lookup", "process.env.BITGET_API_KEY!", "ts env lookup", "bitget", "api_key"),
      bs=T("env-lookup", "process.env.BITGET_SECRET_KEY!", "ts env lookup", "bitget", "api_secret"),
      bp=T("env-lookup", "process.env.BITGET_PASSPHRASE as string", "ts env lookup", "bitget", "passphrase"))
    f(".env.example", "dotenv", """
    # copy to .env and fill in
    KUCOIN_API_KEY=@@a@@
    KUCOIN_API_SECRET=@@b@@
    KUCOIN_API_PASSPHRASE=@@c@@
    BITGET_API_KEY=@@d@@
    BITGET_SECRET_KEY=@@e@@
    BITGET_PASSPHRASE=
    MIN_SPREAD_BPS=12
    """, a=T("placeholder", "<your kucoin api key>", "dotenv placeholder", "kucoin", "api_key"),
      b=T("placeholder", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", "dotenv placeholder", "kucoin", "api_secret"),
      c=T("placeholder", "changeme", "dotenv placeholder", "kucoin", "passphrase"),
      d=T("placeholder", "bg_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "dotenv placeholder", "bitget", "api_key"),
      e=T("placeholder", "0000000000000000000000000000000000000000000000000000000000000000", "dotenv placeholder", "bitget", "api_secret"))
    f(".env", "dotenv", """
    NODE_ENV=production
    BITGET_API_KEY=@@k@@
    BITGET_SECRET_KEY=@@s@@
    BITGET_PASSPHRASE='@@p@@'
    LOG_LEVEL=info
    """, k=S("bitget", "api_key", "bg_" + g.hx(32), "dotenv"),
      s=S("bitget", "api_secret", g.hx(64), "dotenv"),
      p=S("bitget", "passphrase", g.pw(), "dotenv single-quoted"))
    f("package-lock.json", "json", """
    {
      "name": "ccxt-arb",
      "version": "0.3.1",
      "lockfileVersion": 3,
      "requires": true,
      "packages": {
        "node_modules/ccxt": {
          "version": "4.3.41",
          "resolved": "https://registry.npmjs.org/ccxt/-/ccxt-4.3.41.tgz",
          "integrity": "@@i1@@",
          "hasInstallScript": true
        },
        "node_modules/dotenv": {
          "version": "16.4.5",
          "resolved": "https://registry.npmjs.org/dotenv/-/dotenv-16.4.5.tgz",
          "integrity": "@@i2@@"
        }
      }
    }
    """, i1=T("hash", "sha512-" + g.b64(64), "npm lockfile integrity"),
      i2=T("hash", "sha512-" + g.b64(64), "npm lockfile integrity"))


def r03(g):
    f = g.repo("r03-go-gridbot")
    S, T = g.S, g.T
    f("cmd/gridbot/main.go", "go", """
    package main

    import (
    	"context"
    	"flag"
    	"log"
    	"os"
    	"time"

    	"github.com/adshao/go-binance/v2"
    )

    const (
    	apiKey    = "@@k@@"
    	secretKey = "@@s@@"
    )

    var (
    	symbol = flag.String("symbol", "BTCUSDT", "trading pair")
    	levels = flag.Int("levels", 10, "grid levels")
    )

    func main() {
    	flag.Parse()
    	client := binance.NewClient(apiKey, secretKey)
    	if os.Getenv("USE_TESTNET") == "1" {
    		binance.UseTestnet = true
    	}
    	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
    	defer cancel()
    	acct, err := client.NewGetAccountService().Do(ctx)
    	if err != nil {
    		log.Fatalf("account: %v", err)
    	}
    	log.Printf("balances=%d levels=%d symbol=%s", len(acct.Balances), *levels, *symbol)
    	runGrid(client, *symbol, *levels)
    }
    """, k=S("binance", "api_key", g.an(64), "go const block"),
      s=S("binance", "api_secret", g.an(64), "go const block"))
    f("internal/config/config.go", "go", """
    package config

    import "os"

    type Exchange struct {
    	Name      string
    	APIKey    string
    	APISecret string
    	Testnet   bool
    }

    // Bybit sub-account used for hedging
    var Hedge = Exchange{
    	Name:      "bybit",
    	APIKey:    "@@k@@",
    	APISecret: "@@s@@",
    	Testnet:   false,
    }

    var Paper = Exchange{
    	Name:      "bybit",
    	APIKey:    os.Getenv("BYBIT_TESTNET_KEY"),
    	APISecret: @@t@@,
    	Testnet:   true,
    }
    """, k=S("bybit", "api_key", g.an(18), "go struct literal"),
      s=S("bybit", "api_secret", g.an(36), "go struct literal"),
      t=T("env-lookup", 'os.Getenv("BYBIT_TESTNET_SECRET")', "go env lookup", "bybit", "api_secret"))
    f("go.sum", "go.sum", """
    github.com/adshao/go-binance/v2 v2.6.1 @@h1@@
    github.com/adshao/go-binance/v2 v2.6.1/go.mod @@h2@@
    github.com/bitly/go-simplejson v0.5.0 @@h3@@
    """, h1=T("hash", "h1:" + g.b64(32), "go.sum hash"),
      h2=T("hash", "h1:" + g.b64(32), "go.sum hash"),
      h3=T("hash", "h1:" + g.b64(32), "go.sum hash"))


def r04(g):
    f = g.repo("r04-rust-kraken-mm")
    S, T = g.S, g.T
    f("src/main.rs", "rust", """
    use std::env;
    use std::time::Duration;
    use teloxide::prelude::*;

    mod kraken;
    mod book;

    const KRAKEN_API_KEY: &str = "@@k@@";
    const KRAKEN_PRIVATE_KEY: &str =
        "@@s@@";

    #[tokio::main]
    async fn main() -> anyhow::Result<()> {
        pretty_env_logger::init();
        let spread_bps: f64 = env::var("SPREAD_BPS").ok().and_then(|s| s.parse().ok()).unwrap_or(8.0);
        let client = kraken::Client::new(KRAKEN_API_KEY, KRAKEN_PRIVATE_KEY);
        let bot = Bot::new(env::var("TG_TOKEN").unwrap_or_else(|_| "@@tg@@".to_string()));
        let chat = ChatId(-1001822334455);
        loop {
            let book = client.order_book("XBTUSD", 25).await?;
            let mid = book.mid();
            client.requote(mid, spread_bps).await?;
            if book.is_crossed() {
                bot.send_message(chat, format!("crossed book at {mid}")).await?;
            }
            tokio::time::sleep(Duration::from_millis(750)).await;
        }
    }
    """, k=S("kraken", "api_key", g.b64(42), "rust const &str"),
      s=S("kraken", "api_secret", g.b64(64), "rust const &str continued line"),
      tg=S("telegram", "token", g.tg_token(), "rust env unwrap_or_else fallback"))
    f("src/kraken.rs", "rust", """
    use base64::{engine::general_purpose::STANDARD, Engine};
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256, Sha512};

    pub struct Client {
        key: String,
        secret: Vec<u8>,
        http: reqwest::Client,
    }

    impl Client {
        pub fn new(key: &str, secret_b64: &str) -> Self {
            Self {
                key: key.to_string(),
                secret: STANDARD.decode(secret_b64).expect("bad secret"),
                http: reqwest::Client::new(),
            }
        }

        fn sign(&self, path: &str, nonce: u64, body: &str) -> String {
            let mut sha = Sha256::new();
            sha.update(format!("{nonce}{body}"));
            let mut mac = Hmac::<Sha512>::new_from_slice(&self.secret).unwrap();
            mac.update(path.as_bytes());
            mac.update(&sha.finalize());
            STANDARD.encode(mac.finalize().into_bytes())
        }
    }

    #[cfg(test)]
    mod tests {
        // signature test vector from the public REST docs
        const DOC_SECRET: &str = "@@tv@@";
        #[test]
        fn sign_len() {
            let c = super::Client::new("k", DOC_SECRET);
            assert_eq!(c.sign("/0/private/AddOrder", 1, "nonce=1").len(), 88);
        }
    }
    """, tv=T("test-vector", "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==",
              "rust test const (docs signature vector)", "kraken", "api_secret"))
    f("Cargo.lock", "toml", """
    # This file is automatically @generated by Cargo.
    # It is not intended for manual editing.
    version = 3

    [[package]]
    name = "hmac"
    version = "0.12.1"
    source = "registry+https://github.com/rust-lang/crates.io-index"
    checksum = "@@c1@@"
    dependencies = [
     "digest",
    ]

    [[package]]
    name = "teloxide"
    version = "0.12.2"
    source = "registry+https://github.com/rust-lang/crates.io-index"
    checksum = "@@c2@@"
    """, c1=T("hash", g.sha256(), "Cargo.lock checksum"), c2=T("hash", g.sha256(), "Cargo.lock checksum"))


def r05(g):
    f = g.repo("r05-java-alpaca-swing")
    S, T = g.S, g.T
    f("src/main/java/com/acme/swing/AlpacaConfig.java", "java", """
    package com.acme.swing;

    import net.jacobpeterson.alpaca.AlpacaAPI;
    import net.jacobpeterson.alpaca.model.util.apitype.MarketDataWebsocketSourceType;
    import net.jacobpeterson.alpaca.model.util.apitype.TraderAPIEndpointType;

    public final class AlpacaConfig {
        private static final String KEY_ID = "@@k@@";
        private static final String SECRET_KEY = "@@s@@";

        // live account, only used by the nightly rebalance job
        private static final String LIVE_KEY_ID = "@@lk@@";
        private static final String LIVE_SECRET =
                "@@ls1@@"
                + "@@ls2@@";

        private AlpacaConfig() {}

        public static AlpacaAPI paper() {
            return new AlpacaAPI(KEY_ID, SECRET_KEY, TraderAPIEndpointType.PAPER,
                    MarketDataWebsocketSourceType.IEX);
        }

        public static AlpacaAPI live() {
            return new AlpacaAPI(LIVE_KEY_ID, LIVE_SECRET, TraderAPIEndpointType.LIVE,
                    MarketDataWebsocketSourceType.SIP);
        }

        public static AlpacaAPI fromEnv() {
            return new AlpacaAPI(@@ek@@, System.getenv("APCA_API_SECRET_KEY"));
        }
    }
    """, k=S("alpaca", "api_key", g.alpaca_id(), "java static final"),
      s=S("alpaca", "api_secret", g.an(40), "java static final"),
      lk=S("alpaca", "api_key", g.alpaca_id(True), "java static final"),
      ls1=S("alpaca", "api_secret", (ls := g.an(40)), "java string concatenation (first half)", shown=ls[:20]),
      ls2=ls[20:],
      ek=T("env-lookup", 'System.getenv("APCA_API_KEY_ID")', "java env lookup", "alpaca", "api_key"))
    f("src/main/resources/application.properties", "properties", """
    spring.application.name=swing-trader
    server.port=8088
    spring.datasource.url=jdbc:postgresql://db.internal:5432/swing
    spring.datasource.username=swing
    spring.datasource.password=@@dbp@@
    spring.jpa.hibernate.ddl-auto=validate
    spring.mail.host=smtp.sendgrid.net
    spring.mail.port=587
    spring.mail.username=apikey
    spring.mail.password=@@mail@@
    alpaca.key-id=${APCA_API_KEY_ID}
    alpaca.secret-key=@@ph@@
    management.endpoints.web.exposure.include=health,info
    """, dbp=S("postgres", "password", g.pw(), "spring properties"),
      mail=S("sendgrid", "password", "SG." + g.b64u(22) + "." + g.b64u(43), "spring properties smtp password"),
      ph=T("env-ref", "${APCA_API_SECRET_KEY:}", "spring property placeholder", "alpaca", "api_secret"))
    f("logs/rebalance-2024-11-02.log", "log", """
    2024-11-02 21:00:01.112 INFO  [main] c.a.s.Rebalance : starting nightly rebalance
    2024-11-02 21:00:01.340 INFO  [main] c.a.s.AlpacaConfig : using key id @@m1@@ (live)
    2024-11-02 21:00:02.004 INFO  [main] c.a.s.Rebalance : order submitted id=@@o1@@ sym=MSFT qty=12 side=buy
    2024-11-02 21:00:02.311 INFO  [main] c.a.s.Rebalance : order submitted id=@@o2@@ sym=NVDA qty=3 side=sell
    2024-11-02 21:00:03.870 WARN  [main] c.a.s.Rebalance : request-id=@@rq@@ 429 Too Many Requests, retrying
    2024-11-02 21:00:05.015 INFO  [main] c.a.s.Rebalance : done in 3.9s
    """, m1=T("masked", "AK" + g.pick("ABCDEFGHJKLMNPQRSTUVWXYZ", 2) + "**************" + g.pick("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 2), "masked in log"),
      o1=T("random-id", g.uuid(), "order uuid in log", "alpaca"),
      o2=T("random-id", g.uuid(), "order uuid in log", "alpaca"),
      rq=T("random-id", g.hx(32), "request id in log", "alpaca"))


def r06(g):
    f = g.repo("r06-kotlin-bybit-signals")
    S, T = g.S, g.T
    f("app/src/main/kotlin/io/signals/Exchanges.kt", "kotlin", """
    package io.signals

    import io.signals.bybit.BybitClient
    import io.signals.net.HttpConfig

    object Exchanges {
        private val creds = mapOf(
            "bybit" to mapOf(
                "apiKey" to "@@k@@",
                "apiSecret" to "@@s@@",
            ),
            "bybit-sub" to mapOf(
                "apiKey" to System.getenv("BYBIT_SUB_KEY") ?: "@@sk@@",
                "apiSecret" to System.getenv("BYBIT_SUB_SECRET") ?: "@@ss@@",
            ),
        )

        val main: BybitClient by lazy {
            BybitClient(
                apiKey = creds.getValue("bybit").getValue("apiKey"),
                apiSecret = creds.getValue("bybit").getValue("apiSecret"),
                config = HttpConfig(recvWindow = 5000),
            )
        }

        fun demo() = BybitClient(apiKey = "@@dk@@", apiSecret = "@@ds@@", testnet = true)
    }
    """, k=S("bybit", "api_key", g.an(18), "kotlin mapOf"),
      s=S("bybit", "api_secret", g.an(36), "kotlin mapOf"),
      sk=S("bybit", "api_key", g.an(18), "kotlin elvis env fallback"),
      ss=S("bybit", "api_secret", g.an(36), "kotlin elvis env fallback"),
      dk=T("placeholder", "YOUR_BYBIT_TESTNET_KEY", "kotlin named arg placeholder", "bybit", "api_key"),
      ds=T("placeholder", "YOUR_BYBIT_TESTNET_SECRET", "kotlin named arg placeholder", "bybit", "api_secret"))
    f("app/src/main/kotlin/io/signals/Notifier.kt", "kotlin", """
    package io.signals

    import okhttp3.MediaType.Companion.toMediaType
    import okhttp3.OkHttpClient
    import okhttp3.Request
    import okhttp3.RequestBody.Companion.toRequestBody

    class Notifier(private val http: OkHttpClient = OkHttpClient()) {
        private val webhook = "@@dw@@"

        fun send(text: String) {
            val body = "{\\"content\\": \\"$text\\"}".toRequestBody("application/json".toMediaType())
            http.newCall(Request.Builder().url(webhook).post(body).build()).execute().use { }
        }
    }
    """, dw=S("discord", "webhook", g.discord_hook(), "kotlin private val"))
    f("gradle/verification-metadata.xml", "xml", """
    <?xml version="1.0" encoding="UTF-8"?>
    <verification-metadata xmlns="https://schema.gradle.org/dependency-verification">
       <configuration>
          <verify-metadata>true</verify-metadata>
       </configuration>
       <components>
          <component group="com.squareup.okhttp3" name="okhttp" version="4.12.0">
             <artifact name="okhttp-4.12.0.jar">
                <sha256 value="@@h1@@" origin="Generated by Gradle"/>
             </artifact>
          </component>
          <component group="org.jetbrains.kotlin" name="kotlin-stdlib" version="1.9.24">
             <artifact name="kotlin-stdlib-1.9.24.jar">
                <sha256 value="@@h2@@" origin="Generated by Gradle"/>
             </artifact>
          </component>
       </components>
    </verification-metadata>
    """, h1=T("hash", g.sha256(), "gradle verification sha256"), h2=T("hash", g.sha256(), "gradle verification sha256"))


def r07(g):
    f = g.repo("r07-dotnet-bitmex-bot")
    S, T = g.S, g.T
    acct = "bitmexbotlogs" + g.lan(4)
    f("BitmexBot/appsettings.json", "json", """
    {
      "Logging": {
        "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" }
      },
      "Bitmex": {
        "BaseUrl": "https://www.bitmex.com",
        "ApiKey": "@@k@@",
        "ApiSecret": "@@s@@",
        "Symbol": "XBTUSD",
        "MaxLeverage": 5
      },
      "ConnectionStrings": {
        "Trades": "Server=tcp:bitmexbot.database.windows.net,1433;Initial Catalog=trades;User ID=botadmin;Password=@@sql@@;Encrypt=True;",
        "Blobs": "DefaultEndpointsProtocol=https;AccountName=@@acct@@;AccountKey=@@ak@@;EndpointSuffix=core.windows.net"
      },
      "AllowedHosts": "*"
    }
    """, k=S("bitmex", "api_key", g.b64u(24), "appsettings json"),
      s=S("bitmex", "api_secret", g.b64u(48), "appsettings json"),
      sql=S("azure-sql", "password", g.pw(), "ado.net connection string"),
      acct=acct,
      ak=S("azure-storage", "account_key", g.b64(64), "azure storage connection string"))
    f("BitmexBot/appsettings.Development.json", "json", """
    {
      "Bitmex": {
        "BaseUrl": "https://testnet.bitmex.com",
        "ApiKey": "@@k@@",
        "ApiSecret": "@@s@@"
      },
      "ConnectionStrings": {
        "Blobs": "UseDevelopmentStorage=true"
      }
    }
    """, k=T("placeholder", "<testnet-key>", "appsettings json placeholder", "bitmex", "api_key"),
      s=T("placeholder", "<testnet-secret>", "appsettings json placeholder", "bitmex", "api_secret"))
    f("BitmexBot/BitmexBot.csproj", "xml", """
    <Project Sdk="Microsoft.NET.Sdk.Worker">
      <PropertyGroup>
        <TargetFramework>net8.0</TargetFramework>
        <Nullable>enable</Nullable>
        <UserSecretsId>@@usid@@</UserSecretsId>
      </PropertyGroup>
      <ItemGroup>
        <PackageReference Include="Microsoft.Extensions.Hosting" Version="8.0.0" />
        <PackageReference Include="Azure.Storage.Blobs" Version="12.19.1" />
      </ItemGroup>
    </Project>
    """, usid=T("random-id", g.uuid(), "csproj UserSecretsId guid"))
    f("BitmexBot/Program.cs", "csharp", """
    using BitmexBot;
    using Microsoft.Extensions.Options;

    var builder = Host.CreateApplicationBuilder(args);
    builder.Services.Configure<BitmexOptions>(builder.Configuration.GetSection("Bitmex"));
    builder.Services.AddHttpClient<BitmexClient>();
    builder.Services.AddHostedService<TrendWorker>();

    // emergency fallback creds for the hedge account
    builder.Services.AddSingleton(new HedgeCredentials
    {
        Key = Environment.GetEnvironmentVariable("HEDGE_KEY") ?? "@@hk@@",
        Secret = Environment.GetEnvironmentVariable("HEDGE_SECRET") ?? "@@hs@@",
    });

    var host = builder.Build();
    host.Run();
    """, hk=S("bitmex", "api_key", g.b64u(24), "c# ?? env fallback"),
      hs=S("bitmex", "api_secret", g.b64u(48), "c# ?? env fallback"))


def r08(g):
    f = g.repo("r08-laravel-gate-dashboard")
    S, T = g.S, g.T
    f(".env", "dotenv", """
    APP_NAME="Gate Dashboard"
    APP_ENV=production
    APP_KEY=@@ak@@
    APP_DEBUG=false
    APP_URL=https://gate.example-trader.net

    LOG_CHANNEL=stack
    LOG_LEVEL=warning

    DB_CONNECTION=mysql
    DB_HOST=127.0.0.1
    DB_PORT=3306
    DB_DATABASE=gate_dash
    DB_USERNAME=gate
    DB_PASSWORD="@@dbp@@"

    REDIS_HOST=127.0.0.1
    REDIS_PASSWORD=null
    REDIS_PORT=6379

    MAIL_MAILER=smtp
    MAIL_HOST=smtp.mailgun.org
    MAIL_PORT=587
    MAIL_USERNAME=postmaster@mg.example-trader.net
    MAIL_PASSWORD=@@mp@@

    GATE_API_KEY=@@gk@@
    GATE_API_SECRET=@@gs@@
    """, ak=S("laravel", "app_key", "base64:" + g.b64(32), "dotenv laravel APP_KEY"),
      dbp=S("mysql", "password", g.pw(), "dotenv double-quoted"),
      mp=S("mailgun", "password", g.hx(32) + "-" + g.hx(8) + "-" + g.hx(8), "dotenv smtp password"),
      gk=S("gate", "api_key", g.hx(32), "dotenv"),
      gs=S("gate", "api_secret", g.hx(64), "dotenv"))
    f("config/services.php", "php", """
    <?php

    return [
        'mailgun' => [
            'domain' => env('MAILGUN_DOMAIN'),
            'secret' => @@ms@@,
            'endpoint' => env('MAILGUN_ENDPOINT', 'api.mailgun.net'),
        ],

        'gate' => [
            'key' => env('GATE_API_KEY'),
            'secret' => env('GATE_API_SECRET', '@@gd@@'),
            'host' => 'https://api.gateio.ws/api/v4',
        ],

        'mexc' => [
            'key' => '@@mk@@',
            'secret' => '@@msx@@',
        ],
    ];
    """, ms=T("env-lookup", "env('MAILGUN_SECRET')", "php env()"),
      gd=T("placeholder", "your-gate-secret", "php env() default placeholder", "gate", "api_secret"),
      mk=S("mexc", "api_key", g.mexc_key(), "php array"),
      msx=S("mexc", "api_secret", g.hx(32), "php array"))
    f("app/Services/GateClient.php", "php", """
    <?php

    namespace App\\Services;

    use ccxt\\gate;

    class GateClient
    {
        private gate $exchange;

        public function __construct()
        {
            $this->exchange = new gate([
                'apiKey' => config('services.gate.key'),
                'secret' => config('services.gate.secret'),
                'enableRateLimit' => true,
            ]);
        }

        public function backup(): gate
        {
            // TODO remove, key of the old sub-account
            return new \\ccxt\\gate(['apiKey' => '@@bk@@', 'secret' => '@@bs@@']);
        }
    }
    """, bk=S("gate", "api_key", g.hx(32), "php ccxt array inline"),
      bs=S("gate", "api_secret", g.hx(64), "php ccxt array inline"))
    f("composer.lock", "json", """
    {
        "_readme": [
            "This file locks the dependencies of your project to a known state"
        ],
        "content-hash": "@@ch@@",
        "packages": [
            {
                "name": "ccxt/ccxt",
                "version": "4.2.88",
                "dist": {
                    "type": "zip",
                    "url": "https://api.github.com/repos/ccxt/ccxt/zipball/@@gs@@",
                    "reference": "@@gs2@@",
                    "shasum": ""
                }
            }
        ]
    }
    """, ch=T("hash", g.hx(32), "composer content-hash"),
      gs=T("hash", g.hx(40), "git sha in url"), gs2=T("hash", g.hx(40), "git sha reference"))


def r09(g):
    f = g.repo("r09-rails-coinbase-ledger")
    S, T = g.S, g.T
    f("config/initializers/coinbase.rb", "ruby", """
    # frozen_string_literal: true

    require "coinbase/exchange"

    Rails.application.config.to_prepare do
      CoinbaseLedger.client = Coinbase::Exchange::Client.new(
        "@@k@@",
        "@@s@@",
        "@@p@@",
        api_url: "https://api.exchange.coinbase.com"
      )
    end

    CoinbaseLedger.sandbox = Coinbase::Exchange::Client.new(
      ENV.fetch("CB_SANDBOX_KEY"),
      ENV.fetch("CB_SANDBOX_SECRET"),
      @@pp@@,
      api_url: "https://api-public.sandbox.exchange.coinbase.com"
    )
    """, k=S("coinbase", "api_key", g.hx(32), "ruby positional args"),
      s=S("coinbase", "api_secret", g.b64(64), "ruby positional args"),
      p=S("coinbase", "passphrase", g.lan(11), "ruby positional args"),
      pp=T("env-lookup", 'ENV.fetch("CB_SANDBOX_PASSPHRASE", nil)', "ruby ENV.fetch", "coinbase", "passphrase"))
    f("config/secrets.yml", "yaml", """
    # Be sure to restart your server when you modify this file.
    development:
      secret_key_base: @@dev@@

    test:
      secret_key_base: @@tst@@

    production:
      secret_key_base: @@prod@@
    """, dev=S("rails", "secret_key_base", g.hx(128), "rails secrets.yml"),
      tst=S("rails", "secret_key_base", g.hx(128), "rails secrets.yml"),
      prod=T("env-ref", '<%= ENV["SECRET_KEY_BASE"] %>', "erb env ref"))
    f("config/database.yml", "yaml", """
    default: &default
      adapter: postgresql
      encoding: unicode
      pool: <%= ENV.fetch("RAILS_MAX_THREADS") { 5 } %>

    development:
      <<: *default
      database: ledger_development

    production:
      <<: *default
      url: @@url@@
    """, url=S("postgres", "password", (p := g.pw()), "database url userinfo",
               shown=f"postgres://ledger:{quote(p, safe='')}@ledger-db.c9xk2.eu-west-1.rds.amazonaws.com:5432/ledger"))
    f("Gemfile.lock", "text", """
    GEM
      remote: https://rubygems.org/
      specs:
        coinbase-exchange (0.2.0)
        rails (7.1.3)

    PLATFORMS
      x86_64-linux

    CHECKSUMS
      coinbase-exchange (0.2.0) sha256=@@c1@@
      rails (7.1.3) sha256=@@c2@@

    BUNDLED WITH
       2.5.6
    """, c1=T("hash", g.sha256(), "Gemfile.lock checksum"), c2=T("hash", g.sha256(), "Gemfile.lock checksum"))


def r10(g):
    f = g.repo("r10-elixir-kucoin-twap")
    S, T = g.S, g.T
    f("config/dev.exs", "elixir", """
    import Config

    config :twap, Twap.Repo,
      username: "postgres",
      password: "@@dbp@@",
      hostname: "localhost",
      database: "twap_dev",
      pool_size: 10

    config :twap, :kucoin,
      api_key: "@@k@@",
      api_secret: "@@s@@",
      api_passphrase: "@@p@@",
      base_url: "https://api.kucoin.com"

    config :twap, TwapWeb.Endpoint,
      http: [ip: {127, 0, 0, 1}, port: 4000],
      secret_key_base: "@@skb@@",
      watchers: []

    config :logger, :console, format: "[$level] $message\\n"
    """, dbp=S("postgres", "password", g.pw(), "elixir keyword list"),
      k=S("kucoin", "api_key", g.hx(24), "elixir keyword list"),
      s=S("kucoin", "api_secret", g.uuid(), "elixir keyword list"),
      p=S("kucoin", "passphrase", g.pw(), "elixir keyword list"),
      skb=S("phoenix", "secret_key_base", g.b64(48), "elixir keyword list"))
    f("config/runtime.exs", "elixir", """
    import Config

    if config_env() == :prod do
      config :twap, :kucoin,
        api_key: System.fetch_env!("KUCOIN_KEY"),
        api_secret: @@s@@,
        api_passphrase: System.get_env("KUCOIN_PASSPHRASE") || raise("KUCOIN_PASSPHRASE missing")

      secret_key_base =
        System.get_env("SECRET_KEY_BASE") ||
          raise \"""
          environment variable SECRET_KEY_BASE is missing.
          You can generate one by calling: mix phx.gen.secret
          \"""
    end
    """, s=T("env-lookup", 'System.fetch_env!("KUCOIN_SECRET")', "elixir env lookup", "kucoin", "api_secret"))
    f("lib/twap/kucoin.ex", "elixir", """
    defmodule Twap.Kucoin do
      @moduledoc "Thin signed REST client for KuCoin spot."

      def headers(method, path, body) do
        cfg = Application.fetch_env!(:twap, :kucoin)
        ts = System.system_time(:millisecond) |> Integer.to_string()
        sig = sign(cfg[:api_secret], ts <> method <> path <> body)
        pass = sign(cfg[:api_secret], cfg[:api_passphrase])

        [
          {"KC-API-KEY", cfg[:api_key]},
          {"KC-API-SIGN", sig},
          {"KC-API-TIMESTAMP", ts},
          {"KC-API-PASSPHRASE", pass},
          {"KC-API-KEY-VERSION", "2"}
        ]
      end

      defp sign(secret, payload),
        do: :crypto.mac(:hmac, :sha256, secret, payload) |> Base.encode64()
    end
    """)


def r11(g):
    f = g.repo("r11-scala-deribit-vol")
    S, T = g.S, g.T
    f("src/main/resources/application.conf", "hocon", """
    akka {
      loglevel = "INFO"
      http.client.idle-timeout = 60s
    }

    deribit {
      url = "wss://www.deribit.com/ws/api/v2"
      client-id = "@@ci@@"
      client-secret = "@@cs@@"
      currencies = ["BTC", "ETH"]
    }

    deribit-test {
      url = "wss://test.deribit.com/ws/api/v2"
      client-id = ${?DERIBIT_TEST_ID}
      client-secret = @@ts@@
    }

    db {
      url = "jdbc:postgresql://localhost/vol"
      user = "vol"
      password = "@@dbp@@"
    }
    """, ci=S("deribit", "client_id", g.an(8), "hocon"),
      cs=S("deribit", "client_secret", g.b64u(43), "hocon"),
      ts=T("env-ref", "${?DERIBIT_TEST_SECRET}", "hocon env substitution", "deribit", "client_secret"),
      dbp=S("postgres", "password", g.pw(), "hocon"))
    f("src/main/scala/vol/Auth.scala", "scala", """
    package vol

    import io.circe.Json
    import io.circe.syntax._

    final case class Creds(clientId: String, clientSecret: String)

    object Auth {
      // scratch account for the options-skew notebook
      val scratch: Creds = Creds(clientId = "@@ci@@", clientSecret = "@@cs@@")

      def authMsg(c: Creds, id: Long): Json = Json.obj(
        "jsonrpc" -> "2.0".asJson,
        "id" -> id.asJson,
        "method" -> "public/auth".asJson,
        "params" -> Json.obj(
          "grant_type" -> "client_credentials".asJson,
          "client_id" -> c.clientId.asJson,
          "client_secret" -> c.clientSecret.asJson
        )
      )
    }
    """, ci=S("deribit", "client_id", g.an(8), "scala case class named args"),
      cs=S("deribit", "client_secret", g.b64u(43), "scala case class named args"))


def r12(g):
    f = g.repo("r12-swift-portfolio-widget")
    S, T = g.S, g.T
    f("PortfolioWidget/Secrets.swift", "swift", """
    //
    //  Secrets.swift
    //  PortfolioWidget
    //
    //  DO NOT COMMIT (lol)
    //

    import Foundation

    enum Secrets {
        static let geminiKey = "@@k@@"
        static let geminiSecret = "@@s@@"
        static let coingeckoKey = "@@cg@@"
        static let sentryDSN = "https://@@sd@@@o4506.ingest.sentry.io/4506123"
    }
    """, k=S("gemini", "api_key", g.gemini_key(), "swift static let"),
      s=S("gemini", "api_secret", g.an(28), "swift static let"),
      cg=S("coingecko", "api_key", "CG-" + g.an(24), "swift static let"),
      sd=T("public-id", g.hx(32), "sentry DSN public key", "sentry"))
    f("PortfolioWidget/GeminiAPI.swift", "swift", """
    import CryptoKit
    import Foundation

    struct GeminiAPI {
        let key: String
        let secret: String
        var base = URL(string: "https://api.gemini.com")!

        static let shared = GeminiAPI(key: Secrets.geminiKey, secret: Secrets.geminiSecret)
        static let sandbox = GeminiAPI(key: "@@sk@@", secret: "@@ss@@")

        func balances() async throws -> Data {
            let payload = ["request": "/v1/balances", "nonce": String(Int(Date().timeIntervalSince1970 * 1000))]
            let b64 = try JSONSerialization.data(withJSONObject: payload).base64EncodedString()
            let sig = HMAC<SHA384>.authenticationCode(for: Data(b64.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            var req = URLRequest(url: base.appendingPathComponent("v1/balances"))
            req.httpMethod = "POST"
            req.setValue(key, forHTTPHeaderField: "X-GEMINI-APIKEY")
            req.setValue(b64, forHTTPHeaderField: "X-GEMINI-PAYLOAD")
            req.setValue(sig.map { String(format: "%02x", $0) }.joined(), forHTTPHeaderField: "X-GEMINI-SIGNATURE")
            return try await URLSession.shared.data(for: req).0
        }
    }
    """, sk=S("gemini", "api_key", "master-" + g.an(20), "swift memberwise init"),
      ss=S("gemini", "api_secret", g.an(27), "swift memberwise init"))
    f("PortfolioWidget/Info.plist", "xml", """
    <?xml version="1.0" encoding="UTF-8"?>
    <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
    <plist version="1.0">
    <dict>
        <key>CFBundleIdentifier</key>
        <string>$(PRODUCT_BUNDLE_IDENTIFIER)</string>
        <key>GeminiAPIKey</key>
        <string>@@pk@@</string>
        <key>NSExtension</key>
        <dict>
            <key>NSExtensionPointIdentifier</key>
            <string>com.apple.widgetkit-extension</string>
        </dict>
    </dict>
    </plist>
    """, pk=T("env-ref", "$(GEMINI_API_KEY)", "xcconfig build setting ref", "gemini", "api_key"))


REPOS = [r01, r02, r03, r04, r05, r06, r07, r08, r09, r10, r11, r12]

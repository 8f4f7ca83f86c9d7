"""Infra, CI, ops, logs and config-syntax repositories."""
import base64


def r_compose_stack(c, repo):
    v = c.v
    f = c.file(repo, "docker-compose.yml", "yaml")
    tws = f.pos("ibkr", "password", v.password(), "ib-gateway TWS_PASSWORD env")
    pg = f.pos("postgres", "password", v.password(), "POSTGRES_PASSWORD env")
    dburl = "postgresql://jesse:" + v.password().replace("@", "x").replace("#", "x").replace("%", "x") + "@db:5432/jesse"
    du = f.pos("postgres", "db_url", dburl, "DB URL with password")
    rp = f.neg("redis", "password", "${REDIS_PASSWORD}", "compose var ref", "env_ref")
    gf = f.pos("grafana", "password", v.password(), "GF_SECURITY_ADMIN_PASSWORD")
    lic = f.pos("jesse", "token", v.uuid(), "jesse LICENSE_API_TOKEN")
    dg1 = f.neg("docker", "digest", "sha256:" + v.hexl(64), "image digest", "hash")
    dg2 = f.neg("docker", "digest", "sha256:" + v.hexl(64), "image digest", "hash")
    cf = f.neg("docker", "checksum", v.hexl(64), "healthcheck file sha256", "hash")
    ph = f.neg("ibkr", "password", "changeme", "default placeholder", "placeholder")
    svc = []
    for name, port in (("prometheus", 9090), ("node-exporter", 9100), ("loki", 3100), ("promtail", 9080), ("alertmanager", 9093), ("cadvisor", 8081)):
        svc.append(f'''  {name}:
    image: prom/{name}:latest
    restart: unless-stopped
    ports:
      - "127.0.0.1:{port}:{port}"
    networks: [mon]
    logging: *default-logging
''')
    f.text = f'''version: "3.9"

x-logging: &default-logging
  driver: json-file
  options:
    max-size: "10m"
    max-file: "3"

services:
  ib-gateway:
    image: ghcr.io/gnzsnz/ib-gateway@{dg1}
    restart: always
    environment:
      TWS_USERID: tradertom77
      TWS_PASSWORD: "{tws}"
      TRADING_MODE: live
      VNC_SERVER_PASSWORD: {ph}
      READ_ONLY_API: "no"
    ports:
      - "127.0.0.1:4001:4003"
      - "127.0.0.1:5900:5900"
    logging: *default-logging

  db:
    image: postgres:16-alpine@{dg2}
    environment:
      - POSTGRES_USER=jesse
      - POSTGRES_PASSWORD={pg}
      - POSTGRES_DB=jesse
    volumes:
      - pgdata:/var/lib/postgresql/data
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U jesse && echo {cf} >/dev/null"]
      interval: 10s
    logging: *default-logging

  redis:
    image: redis:7-alpine
    command: ["redis-server", "--requirepass", "{rp}"]
    logging: *default-logging

  jesse:
    build: .
    depends_on: [db, redis]
    environment:
      DATABASE_URL: {du}
      LICENSE_API_TOKEN: {lic}
      APP_PORT: 9000
    ports:
      - "9000:9000"
    logging: *default-logging

  grafana:
    image: grafana/grafana:10.4.2
    environment:
      GF_SECURITY_ADMIN_USER: admin
      GF_SECURITY_ADMIN_PASSWORD: {gf}
    ports: ["3000:3000"]
    networks: [mon]
    logging: *default-logging

{"".join(svc)}
networks:
  mon: {{}}

volumes:
  pgdata: {{}}
'''


def r_helm(c, repo):
    v = c.v
    f = c.file(repo, "charts/tradebot/values.yaml", "yaml")
    ph = f.neg("bitfinex", "api_key", "\"\"  # set via --set secrets.bitfinexKey", "empty with comment", "placeholder")
    bk = f.pos("bitfinex", "api_key", v.bitfinex(), "helm values secrets map")
    bs = f.pos("bitfinex", "api_secret", v.bitfinex(), "helm values secrets map")
    tok = f.neg("vault", "ref", "vault:secret/data/tradebot#bitfinex_secret_backup", "vault reference", "secret_ref")
    ssm = f.neg("aws", "ref", "ssm:/prod/tradebot/slack_webhook", "SSM parameter ref", "secret_ref")
    img = f.neg("docker", "digest", "sha256:" + v.hexl(64), "image digest", "hash")
    vals = []
    for i, comp in enumerate(("scheduler", "executor", "risk", "reporter", "marketdata", "recorder")):
        vals.append(f'''{comp}:
  enabled: true
  replicaCount: {c.rng.randint(1, 3)}
  resources:
    limits: {{cpu: "{c.rng.choice(['250m','500m','1'])}", memory: "{c.rng.choice(['256Mi','512Mi','1Gi'])}"}}
    requests: {{cpu: 100m, memory: 128Mi}}
  nodeSelector: {{}}
  tolerations: []
  podAnnotations:
    prometheus.io/scrape: "true"
    prometheus.io/port: "{9100 + i}"
''')
    f.text = f'''# Default values for tradebot.
image:
  repository: registry.example.com/tradebot
  tag: "2.8.1"
  digest: "{img}"
  pullPolicy: IfNotPresent

imagePullSecrets: []
nameOverride: ""

secrets:
  create: true
  bitfinexKeyOld: {ph}
  bitfinexKey: "{bk}"
  bitfinexSecret: "{bs}"
  bitfinexSecretBackup: "{tok}"
  slackWebhook: "{ssm}"

{"".join(vals)}
ingress:
  enabled: false
  className: nginx
  hosts:
    - host: bot.internal
      paths: [{{path: /, pathType: Prefix}}]
'''
    f = c.file(repo, "charts/tradebot/templates/secret.yaml", "yaml")
    r1 = f.neg("helm", "ref", "{{ .Values.secrets.bitfinexKey | b64enc | quote }}", "helm template expression", "template_ref")
    r2 = f.neg("helm", "ref", "{{ .Values.secrets.bitfinexSecret | b64enc | quote }}", "helm template expression", "template_ref")
    f.text = f'''{{{{- if .Values.secrets.create }}}}
apiVersion: v1
kind: Secret
metadata:
  name: {{{{ include "tradebot.fullname" . }}}}
type: Opaque
data:
  BFX_API_KEY: {r1}
  BFX_API_SECRET: {r2}
{{{{- end }}}}
'''
    f = c.file(repo, "k8s/prod-secrets.yaml", "yaml")
    a = f.b64pos("gemini", "api_key", v.gemini_key(), "k8s Secret data base64")
    b = f.b64pos("gemini", "api_secret", v.gemini_secret(), "k8s Secret data base64")
    cc = f.pos("coinbase", "api_key", v.cdp_name(), "k8s stringData")
    pem = f.pempos("coinbase", "private_key", "EC", "k8s stringData block scalar EC PEM")
    pem = "\n".join("    " + l for l in pem.split("\n"))
    tls = f.neg("k8s", "certificate", "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSU" + v.mixed("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 120), "base64 certificate (public)", "public_key")
    f.text = f'''---
apiVersion: v1
kind: Secret
metadata:
  name: gemini-creds
  namespace: trading
type: Opaque
data:
  GEMINI_API_KEY: {a}
  GEMINI_API_SECRET: {b}
---
apiVersion: v1
kind: Secret
metadata:
  name: coinbase-cdp
  namespace: trading
type: Opaque
stringData:
  COINBASE_API_KEY: {cc}
  COINBASE_API_SECRET: |
{pem}
---
apiVersion: v1
kind: Secret
metadata:
  name: ingress-tls
type: kubernetes.io/tls
data:
  tls.crt: {tls}
'''


def r_ci(c, repo):
    v = c.v
    f = c.file(repo, ".github/workflows/deploy.yml", "yaml")
    ak = f.pos("aws", "access_key", v.aws_key(), "GH Actions env block")
    ask = f.pos("aws", "secret_key", v.aws_secret(), "GH Actions env block")
    gs = f.neg("github", "ref", "${{ secrets.BINANCE_API_SECRET }}", "GH Actions secrets context", "env_ref")
    sh = f.neg("github", "sha", v.hexl(40), "pinned action commit sha", "hash")
    f.text = f'''name: deploy
on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      AWS_ACCESS_KEY_ID: {ak}
      AWS_SECRET_ACCESS_KEY: {ask}
      AWS_DEFAULT_REGION: eu-west-1
      BINANCE_API_SECRET: {gs}
    steps:
      - uses: actions/checkout@{sh} # v4.1.1
      - run: ./scripts/deploy.sh
'''
    f = c.file(repo, ".gitlab-ci.yml", "yaml")
    t = f.pos("tiingo", "api_key", v.tiingo(), "GitLab CI variables")
    g = f.pos("github", "token", v.github("ghp_"), "GitLab CI variable (GH mirror token)")
    mv = f.neg("gitlab", "ref", "$CI_JOB_TOKEN", "predefined CI var", "env_ref")
    f.text = f'''variables:
  PIP_CACHE_DIR: "$CI_PROJECT_DIR/.cache/pip"
  TIINGO_API_KEY: "{t}"
  GH_MIRROR_TOKEN: {g}

stages: [test, mirror]

test:
  image: python:3.11
  script:
    - pip install -r requirements.txt
    - pytest -q

mirror:
  stage: mirror
  script:
    - git push --mirror https://gitlab-ci-token:{mv}@gitlab.example.com/mirror.git
'''
    f = c.file(repo, ".circleci/config.yml", "yaml")
    ck = f.pos("polygon", "api_key", v.polygon(), "CircleCI job environment")
    f.text = f'''version: 2.1
jobs:
  backtest:
    docker:
      - image: cimg/python:3.11
    environment:
      POLYGON_API_KEY: {ck}
      BACKTEST_YEARS: "3"
    steps:
      - checkout
      - run: python -m backtest --all
workflows:
  nightly:
    jobs: [backtest]
'''
    f = c.file(repo, "Jenkinsfile", "groovy")
    jk = f.pos("kucoin", "api_key", v.kucoin_key(), "Jenkins withEnv")
    js = f.pos("kucoin", "api_secret", v.uuid(), "Jenkins withEnv")
    jp = f.pos("kucoin", "passphrase", v.passphrase(), "Jenkins withEnv")
    cr = f.neg("jenkins", "ref", "credentials('kucoin-prod-secret')", "Jenkins credentials() ref", "secret_ref")
    f.text = f'''pipeline {{
  agent any
  environment {{
    KUCOIN_SECRET_FROM_STORE = {cr}
  }}
  stages {{
    stage('Smoke') {{
      steps {{
        withEnv(["KUCOIN_API_KEY={jk}",
                 "KUCOIN_API_SECRET={js}",
                 "KUCOIN_API_PASSPHRASE={jp}"]) {{
          sh 'python smoke.py --exchange kucoin'
        }}
      }}
    }}
  }}
}}
'''


def r_ops(c, repo):
    v = c.v
    f = c.file(repo, "home/.bash_history", "bash")
    e1 = f.pos("oanda", "token", v.oanda(), "export in shell history")
    cu = f.pos("binance", "api_key", v.binance(), "curl -H X-MBX-APIKEY in history")
    cp = f.pos("alpaca", "api_secret", v.alpaca_secret(), "curl -H APCA-API-SECRET-KEY")
    ck = f.pos("alpaca", "api_key", v.alpaca_key(live=True), "curl -H APCA-API-KEY-ID")
    gh = f.neg("git", "sha", v.hexl(40), "git show sha", "hash")
    f.text = f'''cd ~/bots/fx
source .venv/bin/activate
export OANDA_TOKEN={e1}
python run.py --account 101-004-2231845-001
git log --oneline | head
git show {gh}
curl -s -H "X-MBX-APIKEY: {cu}" "https://api.binance.com/api/v3/account?timestamp=$(date +%s000)&signature=$SIG"
curl -H "APCA-API-KEY-ID: {ck}" -H "APCA-API-SECRET-KEY: {cp}" https://api.alpaca.markets/v2/account
htop
tmux attach -t bots
'''
    f = c.file(repo, "scripts/start-bots.tmux.sh", "bash")
    t1 = f.pos("twelvedata", "api_key", v.twelvedata(), "tmux send-keys env")
    f.text = f'''#!/usr/bin/env bash
tmux new-session -d -s bots -n feed
tmux send-keys -t bots:feed "TWELVEDATA_API_KEY={t1} python feed.py" C-m
tmux new-window -t bots -n exec
tmux send-keys -t bots:exec "python executor.py" C-m
'''
    f = c.file(repo, "deploy/tradebot.service", "systemd")
    s1 = f.pos("gate", "api_secret", v.gate_secret(), "systemd Environment=")
    s2 = f.pos("gate", "api_key", v.gate_key(), "systemd Environment=")
    f.text = f'''[Unit]
Description=Gate.io market maker
After=network-online.target

[Service]
User=bot
WorkingDirectory=/opt/mm
Environment="GATE_API_KEY={s2}"
Environment="GATE_API_SECRET={s1}"
EnvironmentFile=-/etc/default/mm
ExecStart=/opt/mm/.venv/bin/python -m mm
Restart=always

[Install]
WantedBy=multi-user.target
'''
    f = c.file(repo, "deploy/crontab", "crontab")
    cr = f.pos("finnhub", "api_key", v.finnhub(), "crontab inline env")
    f.text = f'''# m h dom mon dow command
*/15 * * * * cd /opt/news && FINNHUB_API_KEY={cr} ./fetch_news.sh >> /var/log/news.log 2>&1
0 3 * * * /opt/mm/scripts/rotate_logs.sh
'''
    f = c.file(repo, "deploy/supervisord.conf", "ini")
    su = f.pos("huobi", "api_key", v.huobi(), "supervisor environment=")
    ss = f.pos("huobi", "api_secret", v.huobi(), "supervisor environment=")
    f.text = f'''[program:htx-arb]
command=/opt/arb/venv/bin/python arb.py
directory=/opt/arb
autostart=true
environment=HUOBI_ACCESS_KEY="{su}",HUOBI_SECRET_KEY="{ss}",PYTHONUNBUFFERED="1"
stdout_logfile=/var/log/arb.out
'''
    f = c.file(repo, "Procfile", "procfile")
    pr = f.neg("heroku", "ref", "$DISCORD_TOKEN", "shell var ref", "env_ref")
    f.text = f'''web: gunicorn dashboard:app
worker: python bot.py --token {pr}
'''


def r_iac(c, repo):
    v = c.v
    f = c.file(repo, "infra/terraform.tfvars", "hcl")
    tk = f.pos("bybit", "api_key", v.bybit_key(), "tfvars")
    ts = f.pos("bybit", "api_secret", v.bybit_secret(), "tfvars")
    amiv = f.neg("aws", "ami", "ami-0" + v.hexl(16), "AMI id", "identifier")
    f.text = f'''region        = "ap-northeast-1"
instance_type = "c6i.large"
ami_id        = "{amiv}"
bybit_api_key    = "{tk}"
bybit_api_secret = "{ts}"
allowed_cidrs = ["203.0.113.0/24"]
'''
    f = c.file(repo, "infra/variables.tf", "hcl")
    tv = f.neg("terraform", "ref", "var.bybit_api_secret", "terraform var reference", "env_ref")
    f.text = f'''variable "bybit_api_key" {{
  type      = string
  sensitive = true
}}
variable "bybit_api_secret" {{
  type      = string
  sensitive = true
}}
resource "aws_ssm_parameter" "bybit_secret" {{
  name  = "/bot/bybit/secret"
  type  = "SecureString"
  value = {tv}
}}
'''
    f = c.file(repo, "pulumi/Pulumi.prod.yaml", "yaml")
    sec = f.neg("pulumi", "ciphertext", "v1:" + base64.b64encode(v.raw(12)).decode() + ":" + base64.b64encode(v.raw(60)).decode(), "Pulumi secure: ciphertext", "encrypted")
    pl = f.pos("etherscan", "api_key", v.etherscan(), "Pulumi plain config")
    f.text = f'''config:
  aws:region: us-east-2
  tradebot:etherscanApiKey: {pl}
  tradebot:dexPrivateKey:
    secure: {sec}
  tradebot:instances: "2"
'''
    f = c.file(repo, "ansible/inventory.ini", "ini")
    ap = f.pos("ssh", "password", v.password(), "ansible_ssh_pass")
    bp = f.pos("ssh", "password", v.password(), "ansible_become_pass")
    f.text = f'''[bots]
tokyo-1 ansible_host=203.0.113.10 ansible_user=ubuntu ansible_ssh_pass={ap}
tokyo-2 ansible_host=203.0.113.11 ansible_user=ubuntu

[bots:vars]
ansible_become_pass={bp}
'''
    f = c.file(repo, "ansible/group_vars/bots/vault.yml", "yaml")
    vt = f.neg("ansible", "ciphertext", "$ANSIBLE_VAULT;1.1;AES256", "ansible-vault header", "encrypted")
    body = "\n".join(v.hexl(80) for _ in range(6))
    f.text = f"{vt}\n{body}\n"
    f = c.file(repo, "Vagrantfile", "ruby")
    vg = f.pos("alchemy", "api_key", v.alchemy(), "Vagrant env hash (alchemy URL)")
    f.text = f'''Vagrant.configure("2") do |config|
  config.vm.box = "ubuntu/jammy64"
  config.vm.provision "shell", path: "provision.sh", env: {{
    "RPC_URL" => "https://eth-mainnet.g.alchemy.com/v2/{vg}",
    "NETWORK" => "mainnet"
  }}
end
'''


def r_dotfiles(c, repo):
    v = c.v
    f = c.file(repo, ".npmrc", "ini")
    n = f.pos("github", "token", v.github("ghp_"), "npmrc _authToken")
    f.text = f'''@acme-quant:registry=https://npm.pkg.github.com
//npm.pkg.github.com/:_authToken={n}
always-auth=true
'''
    f = c.file(repo, ".pypirc", "ini")
    pp = f.pos("pypi", "password", v.password(), ".pypirc password")
    f.text = f'''[distutils]
index-servers =
    internal

[internal]
repository = https://pypi.internal.example.net/simple/
username = deploy
password = {pp}
'''
    f = c.file(repo, ".netrc", "netrc")
    nt = f.pos("github", "token", v.github("gho_"), ".netrc password")
    f.text = f'''machine github.com
  login quantdev
  password {nt}
machine api.example.org login bot password ${{API_PASSWORD}}
'''
    f = c.file(repo, "mirrors/strategies.git/config", "gitconfig")
    gt = f.pos("github", "token", v.github("ghp_"), "token in git remote URL")
    f.text = f'''[core]
	repositoryformatversion = 0
	filemode = true
	bare = true
[remote "origin"]
	url = https://x-access-token:{gt}@github.com/acme-quant/strategies.git
	fetch = +refs/*:refs/*
	mirror = true
'''


def r_debug_logs(c, repo):
    v = c.v
    f = c.file(repo, "docs/issues/0042-order-rejected.md", "markdown")
    hk = f.pos("binance", "api_key", v.binance(), "debug log request headers in pasted issue")
    sg = f.neg("binance", "signature", v.hexl(64), "HMAC signature query param", "hash")
    rq = f.neg("binance", "request_id", v.uuid(), "request id", "uuid_id")
    mk = f.neg("binance", "api_key", "QwErTy…(redacted)…9f3K", "partially redacted", "masked")
    f.text = f'''---
name: Bug report
about: Create a report to help us improve
labels: bug
---

**Describe the bug**
Orders get rejected with -1022 after upgrading to 1.4.0.

**To Reproduce**
1. Start the bot with `--exchange binance --live`
2. Wait for the first signal

**Debug log**
```
2024-08-14 09:12:03,551 DEBUG urllib3.connectionpool https://api.binance.com:443 "POST /api/v3/order HTTP/1.1" 400 62
2024-08-14 09:12:03,552 DEBUG bot.http request headers={{'Content-Type': 'application/x-www-form-urlencoded', 'X-MBX-APIKEY': '{hk}'}}
2024-08-14 09:12:03,552 DEBUG bot.http query=symbol=BTCUSDT&side=BUY&type=MARKET&quoteOrderQty=50&timestamp=1723626723551&signature={sg}
2024-08-14 09:12:03,553 ERROR bot.exec {{"code":-1022,"msg":"Signature for this request is not valid."}} x-request-id={rq}
```

**Config** (key: {mk})

**Environment**
 - OS: Ubuntu 22.04
 - Python 3.11.4
'''
    f = c.file(repo, "logs/http-2024-09-02.log", "log")
    ob = f.pos("okx", "api_key", v.uuid(), "HTTP log OK-ACCESS-KEY header")
    op = f.pos("okx", "passphrase", v.passphrase(), "HTTP log OK-ACCESS-PASSPHRASE header")
    osg = f.neg("okx", "signature", base64.b64encode(v.raw(32)).decode(), "OK-ACCESS-SIGN base64 HMAC", "hash")
    tr = f.neg("okx", "trace_id", v.hexl(32), "trace id", "uuid_id")
    lines = []
    for i in range(20):
        lines.append(f"2024-09-02T10:{i:02d}:{c.rng.randint(10,59)}.{c.rng.randint(100,999)}Z INFO  GET /api/v5/market/ticker?instId=BTC-USDT 200 {c.rng.randint(20,90)}ms")
    lines.insert(7, f"2024-09-02T10:07:41.002Z DEBUG > POST /api/v5/trade/order")
    lines.insert(8, f"2024-09-02T10:07:41.002Z DEBUG > OK-ACCESS-KEY: {ob}")
    lines.insert(9, f"2024-09-02T10:07:41.002Z DEBUG > OK-ACCESS-SIGN: {osg}")
    lines.insert(10, f"2024-09-02T10:07:41.002Z DEBUG > OK-ACCESS-PASSPHRASE: {op}")
    lines.insert(11, f"2024-09-02T10:07:41.140Z DEBUG < 200 x-trace-id: {tr}")
    f.text = "\n".join(lines) + "\n"
    f = c.file(repo, "logs/crash.txt", "log")
    tb = f.pos("kraken", "api_secret", v.kraken_secret(), "traceback locals dump")
    f.text = f'''Traceback (most recent call last):
  File "/opt/bot/main.py", line 88, in <module>
    run(cfg)
  File "/opt/bot/exchange.py", line 41, in sign
    mac = hmac.new(base64.b64decode(self.secret), message, hashlib.sha512)
binascii.Error: Incorrect padding

Locals at frame exchange.sign:
    self.secret = '{tb}'
    message = b'/0/private/AddOrder\\x8f...'
'''


def r_config_syntax(c, repo):
    v = c.v
    f = c.file(repo, "config/exchanges.yaml", "yaml")
    a = f.pos("bybit", "api_key", v.bybit_key(), "YAML anchor definition")
    b = f.pos("bybit", "api_secret", v.bybit_secret(), "YAML anchor definition")
    f.text = f'''defaults: &bybit_creds
  api_key: {a}
  api_secret: {b}
  testnet: false

accounts:
  main:
    <<: *bybit_creds
    sub_account: main
  hedge:
    <<: *bybit_creds
    sub_account: hedge
---
# second document: risk limits
max_leverage: 5
max_drawdown: 0.15
'''
    f = c.file(repo, "config/bot.toml", "toml")
    ta = f.pos("kraken", "api_key", v.kraken_key(), "TOML inline table")
    tb = f.pos("kraken", "api_secret", v.kraken_secret(), "TOML inline table")
    fe = f.pos("gemini", "api_key", v.gemini_key(), "TOML section")
    fs = f.pos("gemini", "api_secret", v.gemini_secret(), "TOML section")
    f.text = f'''[bot]
name = "rebalancer"
interval = "15m"

[exchanges]
kraken = {{ key = "{ta}", secret = "{tb}" }}

[exchanges.gemini]
key = "{fe}"
secret = "{fs}"
sandbox = false
'''
    f = c.file(repo, "config/notify.json5", "json5")
    sl = f.pos("slack", "webhook", v.slack_webhook(), "JSON5 unquoted key")
    tw = f.pos("twilio", "account_sid", v.twilio_sid(), "JSON5 single quoted")
    tt = f.pos("twilio", "auth_token", v.twilio_token(), "JSON5 single quoted")
    f.text = f'''// notification channels
{{
  slack: {{
    webhookUrl: '{sl}', // #alerts
  }},
  twilio: {{
    accountSid: '{tw}',
    authToken: '{tt}',
    from: '+15005550006',
  }},
}}
'''
    f = c.file(repo, "config/legacy.hjson", "hjson")
    hk = f.pos("bitstamp", "api_key", v.bitstamp(), "HJSON quoteless value")
    hs = f.pos("bitstamp", "api_secret", v.bitstamp(), "HJSON quoteless value")
    f.text = f'''{{
  # bitstamp v2
  bitstamp: {{
    customer_id: 884211
    key: {hk}
    secret: {hs}
  }}
}}
'''
    f = c.file(repo, "config/app.properties", "properties")
    pa = f.pos("coinbase", "api_key", v.hexl(32), "properties (Coinbase Exchange key)")
    pb = f.pos("coinbase", "api_secret", v.b64(64), "properties line continuation value")
    pc = f.pos("coinbase", "passphrase", v.passphrase(), "properties")
    f.text = f'''# Coinbase Exchange (legacy Pro) settings
coinbase.url=https://api.exchange.coinbase.com
coinbase.key={pa}
coinbase.secret=\\
    {pb}
coinbase.passphrase={pc}
coinbase.products=BTC-USD,\\
    ETH-USD,\\
    SOL-USD
'''
    f = c.file(repo, "config/feeds.xml", "xml")
    xa = f.pos("alphavantage", "api_key", v.alphavantage(), "XML CDATA")
    xb = f.pos("cryptocompare", "api_key", v.hexl(64), "XML attribute")
    f.text = f'''<?xml version="1.0" encoding="UTF-8"?>
<feeds>
  <feed name="alphavantage">
    <apiKey><![CDATA[{xa}]]></apiKey>
  </feed>
  <feed name="cryptocompare" apiKey="{xb}" />
</feeds>
'''
    f = c.file(repo, "config/exchanges.ini", "ini")
    ia = f.pos("binance", "api_key", v.binance(), "INI section per exchange")
    ib = f.pos("binance", "api_secret", v.binance(), "INI section per exchange")
    ic = f.pos("bitmex", "api_key", v.bitmex_key(), "INI section per exchange")
    id_ = f.pos("bitmex", "api_secret", v.bitmex_secret(), "INI section per exchange")
    ie = f.neg("deribit", "client_secret", "<set me>", "placeholder", "placeholder")
    f.text = f'''[binance]
api_key = {ia}
api_secret = {ib}

[bitmex]
api_key = {ic}
api_secret = {id_}

[deribit]
client_id =
client_secret = {ie}
'''


def r_changelog(c, repo):
    v = c.v
    f = c.file(repo, "CHANGELOG.md", "markdown")
    shas = [f.neg("git", "sha", v.hexl(40), "commit sha in changelog link", "hash") for _ in range(5)]
    leak = f.pos("coingecko", "api_key", v.coingecko(), "changelog line quoting a config snippet")
    ent = []
    vers = ["2.4.0", "2.3.2", "2.3.1", "2.3.0", "2.2.0"]
    for i, (ver, sha) in enumerate(zip(vers, shas)):
        ent.append(f'''## [{ver}] - 2024-{12 - i:02d}-0{i + 1}
### Added
- Support for {c.rng.choice(['OKX', 'Bybit', 'Kraken', 'Bitget'])} sub-accounts ([{sha[:7]}](https://github.com/acme/bot/commit/{sha}))
### Fixed
- Rate limiter now respects `Retry-After`
- Rounding of quantities for pairs with `stepSize < 1e-6`
''')
    ent.insert(2, f'''## [2.3.3] - 2024-10-02
### Changed
- CoinGecko pro endpoint is now default; example: `COINGECKO_API_KEY={leak}` in `.env`
''')
    f.text = "# Changelog\nAll notable changes to this project will be documented in this file.\n\n" + "\n".join(ent)
    f = c.file(repo, "package-lock.json", "json")
    i1 = f.neg("npm", "integrity", "sha512-" + v.b64(64), "lockfile integrity", "hash")
    i2 = f.neg("npm", "integrity", "sha512-" + v.b64(64), "lockfile integrity", "hash")
    f.text = f'''{{
  "name": "bot-dashboard",
  "lockfileVersion": 3,
  "packages": {{
    "node_modules/ccxt": {{
      "version": "4.3.21",
      "resolved": "https://registry.npmjs.org/ccxt/-/ccxt-4.3.21.tgz",
      "integrity": "{i1}"
    }},
    "node_modules/ws": {{
      "version": "8.17.0",
      "resolved": "https://registry.npmjs.org/ws/-/ws-8.17.0.tgz",
      "integrity": "{i2}"
    }}
  }}
}}
'''
    f = c.file(repo, "Cargo.lock", "toml")
    cs = f.neg("cargo", "checksum", v.hexl(64), "Cargo.lock checksum", "hash")
    f.text = f'''version = 3

[[package]]
name = "hmac"
version = "0.12.1"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "{cs}"
'''
    f = c.file(repo, "go.sum", "go")
    gs = f.neg("go", "checksum", "h1:" + v.b64(32), "go.sum hash", "hash")
    f.text = f"github.com/adshao/go-binance/v2 v2.6.0 {gs}\n"
    f = c.file(repo, "release/SHA256SUMS", "text")
    ss = f.neg("release", "checksum", v.hexl(64), "artifact sha256", "hash")
    f.text = f"{ss}  tradebot-2.4.0-linux-amd64.tar.gz\n"

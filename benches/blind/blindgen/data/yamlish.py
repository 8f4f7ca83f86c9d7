"""YAML family: plain configs, docker-compose, Kubernetes, Helm, Ansible, CI workflows, hummingbot."""

from __future__ import annotations

import base64
import json

from .envfiles import interp
from .. import crypto as C
from .. import values as V


def _yq(ctx, it, form, lang):
    v = it.value
    q = ctx.choice(["", "", '"', "'"])
    if v[:1] in "*&!%@`{[<>|#?-:," or ": " in v or " #" in v or v in ("none", "TODO", "null") or v.isdigit():
        q = '"'
    return f"{q}{ctx.m(it, form, lang)}{v}{q}"


def yaml_config(ctx):
    L = "yaml"
    out = ["bot:", "  name: momentum", "  timeframe: 15m", "  max_positions: 4", "", "exchange:"]
    acct = ctx.account(kinds=("exchange",))
    out.append(f"  name: {acct[0].provider.split('-')[0]}")
    for it in acct:
        out.append(f"  {it.name(ctx.choice(['snake', 'camel', 'kebab']), it.words[1:] or it.words)}: {_yq(ctx, it, 'yaml-key', L)}")
    out += ["", "notifications:"]
    for _ in range(ctx.choice([2, 3])):
        it = ctx.mixed()
        out.append(f"  {ctx.name(it, ('snake', 'camel'))}: {_yq(ctx, it, 'yaml-key', L)}"
                   + (f"  # {it.extra['note']}" if it.trap == "marked-fake" else ""))
    lk = interp(ctx, ["${{{e}}}", "{{{{ env \"{e}\" }}}}", "!ENV ${{{e}}}"])
    q = '"' if not lk.value.startswith("!") else ""
    out.append(f"  {lk.name('snake')}: {q}{ctx.m(lk, 'yaml-key', L)}{lk.value}{q}")
    style = ctx.style('yaml-config', 4)
    if style == 0:
        it = ctx.pem_item()
        ls = it.value.split("\n")
        out += ["", "signing:", "  private_key: |", "    " + ctx.m(it, "yaml-block-scalar", L) + ls[0]] + ["    " + x for x in ls[1:]]
    elif style in (1, 2):
        it = ctx.pos()
        if style == 1:
            out += ["", "legacy:", f"  {ctx.name(it, ('snake',))}: >-", f"    {ctx.m(it, 'yaml-folded', L)}{it.value}"]
        else:
            ps = ctx.pieces(it.value)
            out += ["", "legacy:", f"  {ctx.name(it, ('snake',))}: \"{ctx.m(it, 'yaml-escaped-newline', L, needle=ps[0], span=len(ps))}{ps[0]}\\"]
            out += [f"    {p}\\" for p in ps[1:-1]] + [f"    {ps[-1]}\""]
    else:
        it = ctx.mixed(0.6)
        out += ["", "legacy:", f"  # {ctx.name(it, ('snake',))}: {ctx.m(it, 'comment', L)}{it.value}"]
    return [(ctx.choice(["config.yaml", "config/bot.yml", "settings.yaml"]), "\n".join(out))]


def compose(ctx):
    L = "docker-compose"
    out = ["services:", "  bot:", "    build: .", "    restart: unless-stopped", "    environment:"]
    list_style = ctx.chance(0.5)
    for _ in range(ctx.choice([3, 4, 5])):
        r = ctx.rng.random()
        if r < 0.25:
            lk = ctx.lookup(trap="interpolation")
            e = ctx.env_name(lk)
            v = f"${{{e}}}" if ctx.chance(0.6) else f"${{{e}:?set it in .env}}"
            out.append(f"      - {e}={ctx.m(lk, 'compose-env', L)}{v}" if list_style else f"      {e}: \"{ctx.m(lk, 'compose-env', L)}{v}\"")
            continue
        if r < 0.45:
            it = ctx.mixed(0.7)
            e = ctx.env_name(it)
            v = f"${{{e}:-{ctx.m(it, 'env-fallback', L)}{it.value}}}"
            out.append(f"      - {e}={v}" if list_style else f"      {e}: \"{v}\"")
            continue
        it = ctx.mixed()
        e = ctx.env_name(it)
        if " " in it.value and list_style:
            out.append(f"      - \"{e}={ctx.m(it, 'compose-env', L)}{it.value}\"")
        else:
            out.append(f"      - {e}={ctx.m(it, 'compose-env', L)}{it.value}" if list_style else f"      {e}: {_yq(ctx, it, 'compose-env', L)}")
    it = ctx.mixed(0.7)
    out += [f"    command: [\"python\", \"-m\", \"bot\", \"--{it.name('kebab')}\", \"{ctx.m(it, 'cli-arg', L)}{it.value}\"]",
            "    depends_on: [db]", "  db:", "    image: postgres:16", "    environment:"]
    pw = ctx.mixed(0.7)
    if pw.pos:
        pw = ctx.named("postgres")
    out += ["      POSTGRES_USER: trader", f"      POSTGRES_PASSWORD: {_yq(ctx, pw, 'compose-env', L)}", "    volumes:",
            "      - pgdata:/var/lib/postgresql/data", "volumes:", "  pgdata: {}"]
    return [(ctx.choice(["docker-compose.yml", "compose.yaml", "deploy/docker-compose.prod.yml"]), "\n".join(out))]


def k8s_secret(ctx):
    L = "kubernetes"
    out = ["apiVersion: v1", "kind: Secret", "metadata:", "  name: bot-exchange-credentials", "  namespace: trading",
           "type: Opaque", "data:"]
    acct = ctx.account(multi=True)
    for it in acct:
        b = base64.b64encode(it.value.encode()).decode()
        out.append(f"  {it.name('kebab', it.words[1:] or it.words)}: {ctx.m(it, 'base64-k8s-secret', L, needle=b)}{b}")
    out.append("stringData:")
    it = ctx.mixed(0.6)
    out.append(f"  {ctx.name(it, ('snake',))}: {_yq(ctx, it, 'k8s-stringdata', L)}")
    docs = ["\n".join(out)]
    # dockerconfigjson: base64(JSON with base64(user:pass))
    tok = ctx.pos(pred=lambda p, c: p.name in ("dockerhub", "github", "gitlab"))
    inner = base64.b64encode(f"tradebot:{tok.value}".encode()).decode()
    cfg = json.dumps({"auths": {"ghcr.io": {"username": "tradebot", "password": tok.value, "auth": inner}}})
    b = base64.b64encode(cfg.encode()).decode()
    docs.append("\n".join(["apiVersion: v1", "kind: Secret", "metadata:", "  name: regcred", "type: kubernetes.io/dockerconfigjson",
                           "data:", f"  .dockerconfigjson: {ctx.m(tok, 'base64-dockerconfig', L, needle=b)}{b}"]))
    return [(ctx.choice(["k8s/secret.yaml", "deploy/k8s/secrets.yaml"]), "\n---\n".join(docs))]


def k8s_deploy(ctx):
    L = "kubernetes"
    out = ["apiVersion: apps/v1", "kind: Deployment", "metadata:", "  name: bot", "spec:", "  replicas: 1", "  template:",
           "    spec:", "      containers:", "        - name: bot", "          image: ghcr.io/example/bot:1.4.2", "          env:"]
    for _ in range(ctx.choice([2, 3])):
        it = ctx.mixed(0.55)
        out += [f"            - name: {ctx.env_name(it)}", f"              value: {_yq(ctx, it, 'k8s-env-value', L)}"]
    lk = ctx.lookup(trap="secret-ref")
    out += [f"            - name: {ctx.env_name(lk)}", "              valueFrom:", "                secretKeyRef:",
            "                  name: bot-exchange-credentials", f"                  key: {ctx.m(lk, 'k8s-secret-ref', L)}{lk.name('kebab')}"]
    out += ["          args:"]
    it = ctx.mixed(0.6)
    out += [f"            - --{it.name('kebab')}={ctx.m(it, 'cli-arg', L)}{it.value}" if " " not in it.value else
            f"            - \"--{it.name('kebab')}={ctx.m(it, 'cli-arg', L)}{it.value}\""]
    ext = ["---", "apiVersion: external-secrets.io/v1beta1", "kind: ExternalSecret", "metadata:", "  name: bot-keys", "spec:",
           "  secretStoreRef: {name: aws-sm, kind: ClusterSecretStore}", "  data:"]
    lk2 = ctx.lookup(trap="secret-ref")
    ext += [f"    - secretKey: {lk2.name('snake')}", "      remoteRef:",
            f"        key: {ctx.m(lk2, 'secret-store-ref', L)}prod/bot/{lk2.name('kebab')}"]
    return [(ctx.choice(["k8s/deployment.yaml", "deploy/k8s/bot.yaml"]), "\n".join(out + ext))]


def helm(ctx):
    L = "helm"
    out = ["replicaCount: 1", "image:", "  repository: ghcr.io/example/bot", "  tag: \"1.4.2\"", "", "exchange:"]
    acct = ctx.account(kinds=("exchange", "broker"))
    for it in acct:
        out.append(f"  {it.name('camel', it.words[1:] or it.words)}: {_yq(ctx, it, 'helm-values', L)}")
    out += ["", "secrets:"]
    for _ in range(2):
        it = ctx.mixed(0.5)
        out.append(f"  {ctx.name(it, ('camel',))}: {_yq(ctx, it, 'helm-values', L)}")
    files = [("charts/bot/values.yaml", "\n".join(out))]
    lk = ctx.lookup(trap="interpolation")
    lk2 = ctx.lookup(trap="interpolation")
    tpl = ["apiVersion: v1", "kind: Secret", "metadata:", "  name: {{ include \"bot.fullname\" . }}", "stringData:",
           f"  API_KEY: {ctx.m(lk, 'helm-template', L)}{{{{ .Values.exchange.apiKey | quote }}}}",
           f"  API_SECRET: {ctx.m(lk2, 'helm-template', L)}{{{{ required \"secret\" .Values.exchange.apiSecret | quote }}}}"]
    files.append(("charts/bot/templates/secret.yaml", "\n".join(tpl)))
    return files


def ansible(ctx):
    L = "ansible"
    out = ["---", "- hosts: bots", "  become: true", "  vars:", "    bot_user: trader"]
    it = ctx.mixed(0.6)
    out.append(f"    {ctx.name(it, ('snake',))}: {_yq(ctx, it, 'ansible-var', L)}")
    lk = ctx.lookup(trap="interpolation")
    out.append(f"    binance_api_key: \"{ctx.m(lk, 'ansible-lookup', L)}{{{{ lookup('env', 'BINANCE_API_KEY') }}}}\"")
    lk2 = ctx.lookup(trap="interpolation")
    out.append(f"    db_password: \"{ctx.m(lk2, 'ansible-lookup', L)}{{{{ vault_db_password }}}}\"")
    # ansible-vault inline block
    vb = ctx.lookup(trap="ansible-vault", cred="password")
    hexes = V.rs(ctx.rng, V.HEX, 80 * 5)
    out.append(f"    smtp_password: {ctx.m(vb, 'ansible-vault', L, span=7)}!vault |")
    out.append("          $ANSIBLE_VAULT;1.1;AES256")
    out += ["          " + hexes[i:i + 80] for i in range(0, len(hexes), 80)]
    pw = ctx.pos(pred=lambda p, c: c.cred == "password")
    out += ["    ansible_become_password: " + _yq(ctx, pw, "ansible-var", L), "  tasks:", "    - name: render env file",
            "      ansible.builtin.template:", "        src: env.j2", "        dest: /opt/bot/.env", "        mode: '0600'"]
    return [(ctx.choice(["ansible/site.yml", "playbooks/deploy.yml"]), "\n".join(out))]


def gh_workflow(ctx):
    L = "yaml"
    out = ["name: deploy", "on:", "  push:", "    branches: [main]", "jobs:", "  deploy:", "    runs-on: ubuntu-latest",
           "    env:"]
    for _ in range(ctx.choice([2, 3])):
        lk = ctx.lookup(trap="interpolation")
        out.append(f"      {ctx.env_name(lk)}: {ctx.m(lk, 'ci-secret-ref', L)}${{{{ secrets.{ctx.env_name(lk)} }}}}")
    it = ctx.mixed(0.6)
    out.append(f"      {ctx.env_name(it)}: {_yq(ctx, it, 'ci-env', L)}")
    out += ["    steps:", "      - uses: actions/checkout@v4", "      - run: pip install -r requirements.txt",
            "      - run: pytest -q"]
    return [(".github/workflows/deploy.yml", "\n".join(out))]


def hummingbot(ctx):
    L = "yaml"
    ex = ctx.choice(["binance", "kucoin", "gate_io", "okx"])
    out = [f"connector: {ex}"]
    enc = ctx.neg(("encrypted-keystore",))
    out.append(f"{ex}_api_key: {ctx.m(enc, 'hummingbot-conf', L, needle=enc.value[:40])}{enc.value}")
    if ctx.chance(0.5):
        enc2 = ctx.neg(("encrypted-keystore",))
        out.append(f"{ex}_api_secret: {ctx.m(enc2, 'hummingbot-conf', L, needle=enc2.value[:40])}{enc2.value}")
    else:
        it = ctx.pos(kinds=("exchange",))
        out.append(f"{ex}_api_secret: {ctx.m(it, 'hummingbot-conf', L)}{it.value}")
    return [(f"conf/connectors/{ex}.yml", "\n".join(out))]


def sops_file(ctx):
    L = "yaml"
    out = []
    for _ in range(3):
        it = ctx.neg(("sops",))
        out.append(f"{ctx.name(it, ('snake',))}: {ctx.m(it, 'sops', L)}{it.value}")
    mac = ctx.neg(("sops",))
    pub = ctx.lookup(trap="public-key", cred="public_key")
    pub.value = C.bech32_encode("age", V.rbytes(ctx.rng, 32))
    out += ["sops:", "    kms: []", "    age:", f"        - recipient: {ctx.m(pub, 'sops', L)}{pub.value}",
            "    lastmodified: \"2024-05-02T10:11:12Z\"", f"    mac: {ctx.m(mac, 'sops', L)}{mac.value}",
            "    version: 3.8.1"]
    return [("secrets/prod.enc.yaml", "\n".join(out))]


EMITTERS = {"yaml": yaml_config, "docker-compose": compose, "k8s-secret": k8s_secret, "k8s-deploy": k8s_deploy,
            "helm": helm, "ansible": ansible, "gh-workflow": gh_workflow, "hummingbot": hummingbot, "sops": sops_file}

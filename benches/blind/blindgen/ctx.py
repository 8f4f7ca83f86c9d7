"""Per-repository generation context: picks items, names, quoting and whitespace variants.

Provider/credential and trap choices rotate through corpus-wide cycles (shared by all
repositories) so that every provider, trap kind and template form gets used several times.
"""

from __future__ import annotations

from .core import SENT, Item, make_name
from .providers import MULTILINE, PROVIDERS, BY_NAME
from . import traps as T


CRED_TRAPS = ("placeholder", "placeholder-i18n", "masked", "repeated", "marked-fake", "test-vector", "sops")


class Cycle:
    def __init__(self, items, rng):
        self.items = list(items)
        self.rng = rng
        self.queue: list = []

    def next(self, pred=None):
        pred = pred or (lambda x: True)
        for _ in range(3):
            for i, x in enumerate(self.queue):
                if pred(x):
                    return self.queue.pop(i)
            q = list(self.items)
            self.rng.shuffle(q)
            self.queue.extend(q)
        cands = [x for x in self.items if pred(x)]
        return self.rng.choice(cands)


GENERIC_WORDS = {
    "api_key": [("api", "key"), ("apikey",), ("key",), ("access", "key")],
    "api_secret": [("api", "secret"), ("secret",), ("secret", "key"), ("api", "secret", "key")],
    "passphrase": [("passphrase",), ("api", "passphrase"), ("password",)],
    "private_key": [("private", "key"), ("pk",), ("signer", "key"), ("wallet", "key")],
    "seed": [("mnemonic",), ("seed", "phrase"), ("wallet", "mnemonic")],
    "token": [("token",), ("bot", "token"), ("auth", "token"), ("access", "token")],
    "password": [("password",), ("db", "password"), ("pass",), ("pwd",)],
    "webhook": [("webhook", "url"), ("webhook",), ("alert", "webhook")],
}


class Shared:
    """Corpus-wide state: rotating cycles and the set of positive values handed out."""

    def __init__(self, rng):
        self.rng = rng
        pairs = [(p, c) for p in PROVIDERS for c in p.creds]
        self.pairs = Cycle(pairs, rng)
        self.accounts = Cycle(PROVIDERS, rng)
        kinds = []
        for k, (_, w) in T.VALUE_TRAPS.items():
            kinds += [k] * w
        self.trapkinds = Cycle(kinds, rng)
        self.forms: dict[str, Cycle] = {}
        self.values: set[str] = set()


class Ctx:
    def __init__(self, repo, rng, shared: Shared, theme: dict):
        self.repo = repo
        self.rng = rng
        self.sh = shared
        self.theme = theme

    # ------------------------------------------------------------------ items
    def _fresh(self, cred):
        for _ in range(20):
            v = cred.gen(self.rng)
            if v not in self.sh.values:
                self.sh.values.add(v)
                return v
        raise RuntimeError("value collision")

    def item(self, p, c) -> Item:
        return Item("positive", p.name, c.cred, self._fresh(c), c.words, c.check)

    def pos(self, pred=None, single=True, kinds=None) -> Item:
        def ok(pc):
            p, c = pc
            if single and f"{p.name}:{c.cred}" in MULTILINE:
                return False
            if kinds and p.kind not in kinds:
                return False
            return pred(p, c) if pred else True
        p, c = self.sh.pairs.next(ok)
        return self.item(p, c)

    def account(self, kinds=None, multi=None, single=True, names=None) -> list[Item]:
        def ok(p):
            if names and p.name not in names:
                return False
            if kinds and p.kind not in kinds:
                return False
            if multi and len(p.creds) < 2:
                return False
            if single and any(f"{p.name}:{c.cred}" in MULTILINE for c in p.creds):
                return False
            return True
        p = self.sh.accounts.next(ok)
        return [self.item(p, c) for c in p.creds]

    def named(self, provider, cred=None) -> Item:
        p = BY_NAME[provider]
        c = next(c for c in p.creds if cred in (None, c.cred))
        return self.item(p, c)

    def neg(self, kinds=None, single=True) -> Item:
        k = self.sh.trapkinds.next(lambda x: (kinds is None or x in kinds))
        it = T.VALUE_TRAPS[k][0](self.rng)
        return it

    def mixed(self, p_pos=0.5, kinds=None, trapkinds=None) -> Item:
        """Positive (probability p_pos) or a trap. When the slot has a fixed meaning (kinds given,
        e.g. an API-key header) only credential-looking traps are used."""
        if self.rng.random() < p_pos:
            return self.pos(kinds=kinds)
        if trapkinds is None and kinds:
            trapkinds = CRED_TRAPS
        return self.neg(trapkinds)

    def style(self, key, n):
        """Rotate through n template variants corpus-wide (coverage of every variant)."""
        cyc = self.sh.forms.setdefault("style:" + key, Cycle(range(n), self.sh.rng))
        return cyc.next()

    def lookup(self, words=None, provider="none", cred="api_key", trap="env-no-fallback") -> Item:
        """A negative for an environment/secret-store lookup without a literal value."""
        if words is None:
            prov, cred, words = T.cred_words(self.rng)
            provider = prov
        return Item("negative", provider, cred, "", tuple(words), None, trap, True)

    # ------------------------------------------------------------------ naming and syntax variety
    def words(self, it: Item):
        if it.trap in (None, "placeholder", "placeholder-i18n", "masked", "repeated", "sops", "marked-fake") \
                and self.rng.random() < 0.3 and it.cred in GENERIC_WORDS:
            return self.rng.choice(GENERIC_WORDS[it.cred])
        return it.words

    def name(self, it: Item, styles=("snake", "screaming", "camel")):
        return make_name(self.words(it), self.rng.choice(styles))

    def env_name(self, it: Item):
        return make_name(it.words, "screaming")

    def q(self, quotes='"\''):
        return self.rng.choice(quotes)

    def eq(self, op="="):
        return self.rng.choice([f" {op} ", f" {op} ", op, f"  {op} ", f" {op}  "])

    def colon(self):
        return self.rng.choice([": ", ": ", ":  ", ":\t"])

    def note(self, it: Item, cmt: str, close: str = "") -> str:
        if it.trap == "marked-fake":
            return f"  {cmt} {it.extra['note']}{close}"
        return ""

    def pick_forms(self, key, forms, k):
        """Choose k distinct forms for a file, rotating corpus-wide so all forms get used."""
        cyc = self.sh.forms.setdefault(key, Cycle(range(len(forms)), self.sh.rng))
        chosen = []
        while len(chosen) < min(k, len(forms)):
            i = cyc.next(lambda x: x not in chosen)
            chosen.append(i)
        return [forms[i] for i in chosen]

    def chance(self, p):
        return self.rng.random() < p

    def choice(self, xs):
        """Random choice; when the options are texts with sentinels, forget the sentinels of the
        options not taken (templates often build every variant eagerly in a list)."""
        x = self.rng.choice(xs)
        if isinstance(x, str):
            keep = set(SENT.findall(x))
            for other in xs:
                if isinstance(other, str):
                    for sid in SENT.findall(other):
                        if sid not in keep:
                            self.repo.pending.pop(int(sid), None)
        return x

    # ------------------------------------------------------------------ marking helpers
    def m(self, it: Item, form: str, lang: str, needle=None, span=None):
        if span is None:
            span = it.value.count("\n") + 1 if it.value else 1
        return self.repo.mark(it, form, lang, needle=needle, span=span)

    def pem_item(self, label=None) -> Item:
        names = ["binance-ed25519", "coinbase", "ssh", "rsa"]
        p = BY_NAME[self.rng.choice(names)]
        c = next(c for c in p.creds if c.cred == "private_key")
        return self.item(p, c)

    def pieces(self, v: str, n=None):
        n = n or self.rng.choice([2, 2, 3])
        n = max(2, min(n, len(v) // 4))
        cuts = sorted(self.rng.sample(range(3, len(v) - 2), n - 1))
        out, prev = [], 0
        for c in cuts + [len(v)]:
            out.append(v[prev:c])
            prev = c
        return out

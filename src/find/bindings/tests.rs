//! Every form the layer understands, in several languages, and what it must not
//! take for a binding. Values are synthetic.

use super::*;

/// `(name, value text, form)` of every binding of `src`.
fn all(src: &str) -> Vec<(String, String, Form)> {
    let b = src.as_bytes();
    let out = scan(b);
    out.iter()
        .map(|x| {
            (
                String::from_utf8_lossy(out.name_text(x, b)).into_owned(),
                String::from_utf8_lossy(&out.value_text(x, b)).into_owned(),
                x.form,
            )
        })
        .collect()
}

/// The one binding of `src` named `name` with value `value`, or a panic listing all.
fn find(src: &str, name: &str, value: &str) -> (Binding, Bindings) {
    let b = src.as_bytes();
    let out = scan(b);
    let hit = out
        .iter()
        .find(|x| {
            out.name_text(x, b) == name.as_bytes() && out.value_text(x, b) == value.as_bytes()
        })
        .cloned();
    match hit {
        Some(h) => (h, out),
        None => panic!(
            "no binding {name:?} = {value:?} in {src:?}; got {:#?}",
            all(src)
        ),
    }
}

fn has(src: &str, name: &str, value: &str, form: Form) -> Binding {
    let (h, _) = find(src, name, value);
    assert_eq!(h.form, form, "form of {name:?} in {src:?}");
    h
}

fn none_named(src: &str, name: &str) {
    let got = all(src);
    assert!(
        got.iter().all(|(n, _, _)| n != name),
        "unexpected binding of {name:?} in {src:?}: {got:#?}"
    );
}

fn no_value(src: &str, value: &str) {
    let got = all(src);
    assert!(
        got.iter().all(|(_, v, _)| v != value),
        "unexpected binding to {value:?} in {src:?}: {got:#?}"
    );
}

const V: &str = "q8XvN2mK4pL7wR1t";

fn labels(src: &str, name: &str, value: &str) -> Vec<String> {
    let (h, out) = find(src, name, value);
    out.labels(&h)
        .iter()
        .map(|s| String::from_utf8_lossy(&src.as_bytes()[s.clone()]).into_owned())
        .collect()
}

#[test]
fn assignments_in_many_languages() {
    for src in [
        format!("API_KEY = \"{V}\"\n"),
        format!("API_KEY={V}\n"),
        format!("export API_KEY='{V}'\n"),
        format!("const API_KEY = '{V}';\n"),
        format!("let API_KEY = `{V}`;\n"),
        format!("var API_KEY = \"{V}\";\n"),
        format!("val API_KEY = \"{V}\"\n"),
        format!("API_KEY := \"{V}\"\n"),
        format!("API_KEY <- \"{V}\"\n"),
        format!("API_KEY ?= {V}\n"),
        format!("public static final String API_KEY = \"{V}\";\n"),
        format!("private const string API_KEY = @\"{V}\";\n"),
        format!("$API_KEY = \"{V}\";\n"),
        format!("@API_KEY = '{V}'\n"),
        format!("local API_KEY = \"{V}\"\n"),
        format!("static API_KEY: &str = \"{V}\";\n"),
        format!("let API_KEY: String = String::from(\"{V}\");\n"),
        format!("API_KEY: str = \"{V}\"\n"),
        format!("const API_KEY: string = \"{V}\";\n"),
        format!("var API_KEY string = \"{V}\"\n"),
        format!("Const API_KEY As String = \"{V}\"\n"),
        format!("Dim API_KEY As String = \"{V}\"\n"),
        format!("char API_KEY[] = \"{V}\";\n"),
        format!("const char *API_KEY = \"{V}\";\n"),
        format!("API_KEY = r\"{V}\"\n"),
        format!("API_KEY = b'{V}'\n"),
        format!("[general]\nAPI_KEY = {V}\n"),
        format!("API_KEY = '''{V}'''\n"),
    ] {
        let (h, _) = find(&src, "API_KEY", V);
        assert!(
            matches!(h.form, Form::Assign | Form::Directive),
            "{src:?}: {:?}",
            h.form
        );
    }
    // quoted values carry their quote
    let (h, _) = find(&format!("API_KEY = '{V}'\n"), "API_KEY", V);
    assert_eq!((h.quote, h.flags.contains(Flags::QUOTED)), (b'\'', true));
    let (h, _) = find(&format!("API_KEY={V}\n"), "API_KEY", V);
    assert_eq!((h.quote, h.flags.contains(Flags::QUOTED)), (0, false));
    // typed annotations are skipped
    let (h, _) = find(&format!("API_KEY: Optional[str] = \"{V}\"\n"), "API_KEY", V);
    assert!(h.flags.contains(Flags::TYPED));
    let (h, _) = find(
        &format!("let k: Option<String> = Some(\"{V}\".to_string());\n"),
        "k",
        V,
    );
    assert!(h.flags.contains(Flags::WRAPPED));
}

#[test]
fn subscripts_and_attributes() {
    let h = has(
        &format!("cfg['secret'] = '{V}'\n"),
        "secret",
        V,
        Form::Assign,
    );
    assert!(h.flags.contains(Flags::SUBSCRIPT));
    let src = format!("os.environ[\"BINANCE_SECRET\"] = \"{V}\"\n");
    let (h, _) = find(&src, "BINANCE_SECRET", V);
    assert_eq!(&src[h.call.unwrap()], "os.environ");
    has(
        &format!("self.api_key = \"{V}\"\n"),
        "self.api_key",
        V,
        Form::Assign,
    );
    has(
        &format!("$_ENV['DB_PASS'] = '{V}';\n"),
        "DB_PASS",
        V,
        Form::Assign,
    );
}

#[test]
fn colons_in_data_and_code() {
    has(
        &format!("{{\"apiKey\": \"{V}\"}}"),
        "apiKey",
        V,
        Form::Colon,
    );
    has(&format!("{{\"apiKey\":\"{V}\"}}"), "apiKey", V, Form::Colon);
    has(&format!("  api_key: {V}\n"), "api_key", V, Form::Colon);
    has(&format!("  api_key: \"{V}\"\n"), "api_key", V, Form::Colon);
    has(
        &format!("const c = {{ apiKey: '{V}' }};\n"),
        "apiKey",
        V,
        Form::Colon,
    );
    has(
        &format!("cfg := Config{{APIKey: \"{V}\"}}\n"),
        "APIKey",
        V,
        Form::Colon,
    );
    has(
        &format!("m := map[string]string{{\"secret\": \"{V}\"}}\n"),
        "secret",
        V,
        Form::Colon,
    );
    has(
        &format!("X-MBX-APIKEY: {V}\n"),
        "X-MBX-APIKEY",
        V,
        Form::Colon,
    );
    has(&format!("api_key : {V}\n"), "api_key", V, Form::Colon);
    // colons that are not bindings
    no_value("url = http://host:8080/x\n", "8080/x");
    none_named("a[1:2]\n", "1");
    none_named("std::env::var(\"X\")\n", "std");
    none_named("time 12:30\n", "12");
}

#[test]
fn arrows_and_infix() {
    has(
        &format!("$cfg = ['api_secret' => '{V}'];\n"),
        "api_secret",
        V,
        Form::Arrow,
    );
    has(
        &format!("config = {{ api_key: '{V}' }}\n"),
        "api_key",
        V,
        Form::Colon,
    );
    has(
        &format!("{{ :api_key => \"{V}\" }}\n"),
        "api_key",
        V,
        Form::Arrow,
    );
    has(
        &format!("val m = mapOf(\"apiKey\" to \"{V}\")\n"),
        "apiKey",
        V,
        Form::Arrow,
    );
    has(
        &format!("Map(\"apiKey\" -> \"{V}\")\n"),
        "apiKey",
        V,
        Form::Arrow,
    );
    has(
        &format!("my %h = (secret => '{V}');\n"),
        "secret",
        V,
        Form::Arrow,
    );
    // a PHP property access is not a binding
    none_named("$this->secret = $x;\n", "this");
}

#[test]
fn keyword_arguments() {
    let src = format!("client = Client(api_key=\"{V}\", testnet=True)\n");
    let h = has(&src, "api_key", V, Form::Argument);
    assert_eq!(&src[h.call.unwrap()], "Client");
    let src = format!("ex = ccxt.binance({{'apiKey': '{V}'}})\n");
    let (h, _) = find(&src, "apiKey", V);
    assert_eq!(&src[h.call.unwrap()], "ccxt.binance");
    has(
        &format!("let c = Client(apiKey: \"{V}\")\n"),
        "apiKey",
        V,
        Form::Argument,
    );
    has(
        &format!("def connect(password=\"{V}\"):\n"),
        "password",
        V,
        Form::Argument,
    );
    // comparisons are not keyword arguments, but the literal is hardcoded all the same
    has(
        &format!("if (password == \"{V}\") {{}}\n"),
        "password",
        V,
        Form::Compare,
    );
    has(
        &format!("assert(password != \"{V}\")\n"),
        "password",
        V,
        Form::Compare,
    );
    has(
        &format!("assert cfg['password'] == '{V}'\n"),
        "password",
        V,
        Form::Compare,
    );
    has(
        &format!("if (a.password !== '{V}') {{}}\n"),
        "a.password",
        V,
        Form::Compare,
    );
    none_named("if (password == other) {}\n", "password");
    none_named(&format!("while (n <= \"{V}\")\n"), "n");
}

#[test]
fn positional_arguments() {
    let src = format!("client = Client(\"{V}\", \"{V}9\")\n");
    let out = scan(src.as_bytes());
    let pos: Vec<_> = out.iter().filter(|b| b.form == Form::Positional).collect();
    assert_eq!(pos.len(), 2);
    assert_eq!(pos[1].arg, 1);
    assert_eq!(&src[pos[1].name.clone()], "Client");
    // prose arguments are not reported positionally
    let out = scan(b"log.info(\"starting the bot now\")\n");
    assert!(out.iter().all(|b| b.form != Form::Positional));
}

#[test]
fn call_pairs_and_env_defaults() {
    let src = format!("define('AUTH_KEY', '{V}');\n");
    let h = has(&src, "AUTH_KEY", V, Form::CallPair);
    assert_eq!(&src[h.call.unwrap()], "define");
    let h = has(
        &format!("key = os.getenv(\"API_KEY\", \"{V}\")\n"),
        "API_KEY",
        V,
        Form::CallPair,
    );
    assert!(h.flags.contains(Flags::ENV));
    let src = format!("key = os.getenv(\"API_KEY\", \"{V}\")\n");
    let (h, _) = find(&src, "API_KEY", V);
    assert_eq!(&src[h.alias.unwrap()], "key");
    // R names its fallback `unset`
    has(
        &format!("tok <- Sys.getenv(\"FINNHUB_API_KEY\", unset = \"{V}\")\n"),
        "FINNHUB_API_KEY",
        V,
        Form::Argument,
    );
    has(
        &format!("'key' => env('STRIPE_SECRET', '{V}'),\n"),
        "STRIPE_SECRET",
        V,
        Form::CallPair,
    );
    has(
        &format!("viper.SetDefault(\"exchange.secret\", \"{V}\")\n"),
        "exchange.secret",
        V,
        Form::CallPair,
    );
    has(
        &format!("key := flag.String(\"api-key\", \"{V}\", \"the key\")\n"),
        "api-key",
        V,
        Form::CallPair,
    );
    has(
        &format!("String k = System.getenv().getOrDefault(\"API_KEY\", \"{V}\");\n"),
        "API_KEY",
        V,
        Form::CallPair,
    );
    has(
        &format!("req.headers.set(\"X-API-KEY\", \"{V}\")\n"),
        "X-API-KEY",
        V,
        Form::CallPair,
    );
    has(
        &format!("headers = [(\"X-API-KEY\", \"{V}\")]\n"),
        "X-API-KEY",
        V,
        Form::CallPair,
    );
}

#[test]
fn fallbacks_of_lookups() {
    let h = has(
        &format!("const key = process.env.API_KEY || '{V}';\n"),
        "API_KEY",
        V,
        Form::Fallback,
    );
    assert!(h.flags.contains(Flags::ENV));
    has(
        &format!("const key = process.env.API_KEY ?? \"{V}\";\n"),
        "API_KEY",
        V,
        Form::Fallback,
    );
    has(
        &format!("val key = System.getenv(\"API_KEY\") ?: \"{V}\"\n"),
        "API_KEY",
        V,
        Form::Fallback,
    );
    has(
        &format!("key = os.environ.get(\"API_KEY\") or \"{V}\"\n"),
        "API_KEY",
        V,
        Form::Fallback,
    );
    has(
        &format!("$key = getenv('API_KEY') ?: '{V}';\n"),
        "API_KEY",
        V,
        Form::Fallback,
    );
    has(
        &format!("key = ENV['API_KEY'] || '{V}'\n"),
        "API_KEY",
        V,
        Form::Fallback,
    );
    has(
        &format!("key = ENV.fetch(\"API_KEY\") {{ \"{V}\" }}\n"),
        "API_KEY",
        V,
        Form::Fallback,
    );
    has(
        &format!("key = ENV.fetch(\"API_KEY\", \"{V}\")\n"),
        "API_KEY",
        V,
        Form::CallPair,
    );
    has(
        &format!("let key = env::var(\"API_KEY\").unwrap_or(\"{V}\".to_string());\n"),
        "API_KEY",
        V,
        Form::Fallback,
    );
    has(
        &format!("let key = std::env::var(\"API_KEY\").unwrap_or_else(|_| \"{V}\".into());\n"),
        "API_KEY",
        V,
        Form::Fallback,
    );
    let h = has(
        &format!("API_KEY=${{API_KEY:-{V}}}\n"),
        "API_KEY",
        V,
        Form::Fallback,
    );
    assert!(h.flags.contains(Flags::ENV));
    has(
        &format!("      - API_KEY=${{API_KEY:-{V}}}\n"),
        "API_KEY",
        V,
        Form::Fallback,
    );
    let h = has(
        &format!("type C struct {{\n\tKey string `env:\"API_KEY\" envDefault:\"{V}\"`\n}}\n"),
        "API_KEY",
        V,
        Form::Fallback,
    );
    assert!(h.flags.contains(Flags::ENV));
}

#[test]
fn concatenations_are_joined() {
    for src in [
        "key = \"q8XvN2mK\" + \"4pL7wR1t\"\n",
        "key = \"q8XvN2mK\" \"4pL7wR1t\"\n",
        "key = (\"q8XvN2mK\"\n       \"4pL7wR1t\")\n",
        "const key = 'q8XvN2mK' +\n  '4pL7wR1t';\n",
        "$key = 'q8XvN2mK' . '4pL7wR1t';\n",
        "local key = \"q8XvN2mK\" .. \"4pL7wR1t\"\n",
        "Const key As String = \"q8XvN2mK\" & \"4pL7wR1t\"\n",
        "key = \"q8XvN2mK\" + \\\n    \"4pL7wR1t\"\n",
        // a list of literals joined
        "  key: [\"q8XvN2mK\", \"4pL7wR1t\"].join(\"\"),\n",
        "const key = ['q8XvN2mK',\n  '4pL7wR1t',\n].join();\n",
        "key = \"\".join([\"q8XvN2mK\", \"4pL7wR1t\"])\n",
        "key = ''.join(('q8XvN2mK', '4pL7wR1t'))\n",
    ] {
        let (h, out) = find(src, "key", V);
        assert!(h.flags.contains(Flags::CONCAT), "{src:?}");
        assert_eq!(out.parts(&h).len(), 2, "{src:?}");
    }
    // one literal in a joined list is the value itself
    has(
        "  key: [\"q8XvN2mK4pL7wR1t\"].join(\"\"),\n",
        "key",
        V,
        Form::Colon,
    );
    // joined with a separator, or with code among the parts: not one literal
    for src in [
        "key = [\"q8XvN2mK\", \"4pL7wR1t\"].join(\"-\")\n",
        "key = \",\".join([\"q8XvN2mK\", \"4pL7wR1t\"])\n",
        "key = [\"q8XvN2mK\", x, \"4pL7wR1t\"].join(\"\")\n",
    ] {
        no_value(src, V);
    }
    // a literal joined with code is code
    let out = scan(b"auth = \"Bearer \" + token\n");
    assert!(
        out.iter()
            .all(|b| b.form != Form::Assign || b.flags.contains(Flags::EXPR))
    );
}

#[test]
fn yaml_blocks_sequences_and_paths() {
    let src = format!("exchange:\n  name: binance\n  key: {V}\n  secret: \"{V}9\"\n");
    assert_eq!(labels(&src, "key", V), vec!["exchange"]);
    let src = format!("a:\n  b:\n    c: {V}\n  d: x\ne: y\n");
    assert_eq!(labels(&src, "c", V), vec!["b", "a"]);
    assert_eq!(labels(&src, "d", "x"), vec!["a"]);
    assert!(labels(&src, "e", "y").is_empty());
    let src = "key: |\n  line one\n  line two\nnext: x\n";
    let (h, out) = find(src, "key", "line one\nline two");
    assert!(h.flags.contains(Flags::BLOCK));
    assert_eq!(out.parts(&h).len(), 2);
    has(
        "key: >-\n  q8XvN2mK\n  4pL7wR1t\nz: 1\n",
        "key",
        "q8XvN2mK 4pL7wR1t",
        Form::Colon,
    );
    // a long token wrapped over a folded block's lines is one value
    has(
        &format!("secret: >-\n  {V}\n  {V}+A8l==\nz: 1\n"),
        "secret",
        &format!("{V}{V}+A8l=="),
        Form::Colon,
    );
    let src = format!("headers:\n  Authorization:\n  - Bearer {V}\n");
    let h = has(&src, "Authorization", V, Form::Colon);
    assert!(h.flags.contains(Flags::AUTH));
    // a comment at column 0 does not end a nested mapping
    let src = format!("a:\n  b:\n# note\n    c: {V}\n");
    assert_eq!(labels(&src, "c", V), vec!["b", "a"]);
}

#[test]
fn sections_and_json_paths() {
    let src = format!("[COINONE]\naccess_token = {V}\n[other]\nx = y\n");
    assert_eq!(labels(&src, "access_token", V), vec!["COINONE"]);
    assert_eq!(labels(&src, "x", "y"), vec!["other"]);
    let src = format!("[[accounts]]\nsecret = \"{V}\"\n");
    assert_eq!(labels(&src, "secret", V), vec!["accounts"]);
    let src = format!("{{\"exchange\": {{\"name\": \"kraken\", \"secret\": \"{V}\"}}}}");
    assert_eq!(labels(&src, "secret", V), vec!["exchange"]);
    let src = format!("{{\"exchanges\": [{{\"name\": \"kraken\", \"secret\": \"{V}\"}}]}}");
    assert_eq!(labels(&src, "secret", V), vec!["exchanges"]);
    // siblings share a group
    let (a, _) = find(&src, "name", "kraken");
    let (b, _) = find(&src, "secret", V);
    assert_eq!(a.group, b.group);
    // a markdown link or list is not a section
    let src = "[link](http://x)\nkey = v1234567\n";
    assert!(labels(src, "key", "v1234567").is_empty());
}

#[test]
fn directives() {
    has(&format!("set API_KEY {V}\n"), "API_KEY", V, Form::Directive);
    has(&format!("ENV API_KEY {V}\n"), "API_KEY", V, Form::Directive);
    has(&format!("ENV API_KEY={V}\n"), "API_KEY", V, Form::Assign);
    has(
        &format!("#define API_KEY \"{V}\"\n"),
        "API_KEY",
        V,
        Form::Directive,
    );
    has(&format!("@api_key {V}\n"), "api_key", V, Form::Directive);
    has(&format!("@token = {V}\n"), "token", V, Form::Assign);
    has(
        &format!("setenv API_KEY {V}\n"),
        "API_KEY",
        V,
        Form::Directive,
    );
    has(
        &format!("proxy_set_header X-API-KEY \"{V}\";\n"),
        "X-API-KEY",
        V,
        Form::Directive,
    );
    has(
        &format!("set -x API_KEY {V}\n"),
        "API_KEY",
        V,
        Form::Directive,
    );
    has(
        &format!("[Service]\nEnvironment=\"API_KEY={V}\"\n"),
        "API_KEY",
        V,
        Form::Assign,
    );
    has(
        &format!("Environment=API_KEY={V}\n"),
        "API_KEY",
        V,
        Form::Assign,
    );
    has(
        &format!("requirepass {V}\n"),
        "requirepass",
        V,
        Form::Juxtaposed,
    );
    // a sentence is not a two-word line
    none_named("the password is secret\n", "the");
}

#[test]
fn command_lines() {
    let src = format!("curl --api-key={V} https://x\n");
    let h = has(&src, "api-key", V, Form::Flag);
    assert_eq!(&src[h.call.unwrap()], "curl");
    has(
        &format!("bot --api-key {V} --verbose\n"),
        "api-key",
        V,
        Form::Flag,
    );
    has(
        &format!("bot --api-key \"{V}\"\n"),
        "api-key",
        V,
        Form::Flag,
    );
    has(&format!("sshpass -p {V} ssh host\n"), "p", V, Form::Flag);
    let h = has(&format!("mysql -u root -p{V} db\n"), "p", V, Form::Flag);
    assert!(h.flags.contains(Flags::ATTACHED));
    let src = format!("curl -u bob:{V} https://x\n");
    let (h, _) = find(&src, "u", V);
    assert!(h.flags.contains(Flags::USERPASS));
    assert_eq!(&src[h.alias.unwrap()], "bob");
    has(
        &format!("curl -H \"X-API-KEY: {V}\" https://x\n"),
        "X-API-KEY",
        V,
        Form::Colon,
    );
    has(
        &format!("curl -H 'Authorization: Bearer {V}' x\n"),
        "Authorization",
        V,
        Form::Colon,
    );
    has(
        &format!("  command: [\"--api-key\", \"{V}\"]\n"),
        "api-key",
        V,
        Form::Flag,
    );
    has(
        &format!("subprocess.run([\"mysql\", \"-p\", \"{V}\"])\n"),
        "p",
        V,
        Form::Flag,
    );
    has(
        &format!("    command: bot --token={V}\n"),
        "token",
        V,
        Form::Flag,
    );
    has(
        &format!("```sh\nexport TOKEN={V}\n```\n"),
        "TOKEN",
        V,
        Form::Assign,
    );
    has(&format!("$ curl -u bob:{V} x\n"), "u", V, Form::Flag);
    // a list bullet is not an option
    none_named("- item one\n- p x\n", "p");
}

#[test]
fn markup() {
    let src = format!("<appSettings>\n  <add key=\"ApiSecret\" value=\"{V}\" />\n</appSettings>\n");
    let h = has(&src, "ApiSecret", V, Form::Pair);
    assert!(h.flags.contains(Flags::QUOTED));
    let src = format!("<config>\n  <ApiSecret>{V}</ApiSecret>\n</config>\n");
    has(&src, "ApiSecret", V, Form::Element);
    assert_eq!(labels(&src, "ApiSecret", V), vec!["config"]);
    let src = format!("<Client apiKey=\"{V}\" />\n");
    assert_eq!(labels(&src, "apiKey", V), vec!["Client"]);
    has(
        &format!("note: <password>{V}</password> here\n"),
        "password",
        V,
        Form::Element,
    );
    let src = format!("<setting name=\"ApiKey\"><value>{V}</value></setting>\n");
    has(&src, "ApiKey", V, Form::Pair);
    // generic type parameters are not elements
    none_named("let x: Vec<String> = Vec::new();\n", "String");
}

#[test]
fn name_value_pairs() {
    has(
        &format!("{{\"name\":\"X-API-KEY\",\"value\":\"{V}\"}}"),
        "X-API-KEY",
        V,
        Form::Pair,
    );
    has(
        &format!("{{\"key\": \"X-API-KEY\", \"value\": \"{V}\", \"type\": \"text\"}}"),
        "X-API-KEY",
        V,
        Form::Pair,
    );
    has(
        &format!("{{\"value\": \"{V}\", \"name\": \"X-API-KEY\"}}"),
        "X-API-KEY",
        V,
        Form::Pair,
    );
    let src =
        format!("env:\n  - name: API_KEY\n    value: \"{V}\"\n  - name: OTHER\n    value: x\n");
    has(&src, "API_KEY", V, Form::Pair);
    has(&src, "OTHER", "x", Form::Pair);
    // values of different objects do not pair
    no_value(
        &format!("[{{\"name\": \"a\"}}, {{\"value\": \"{V}\"}}]"),
        "never",
    );
    let out = scan(format!("[{{\"name\": \"a\"}}, {{\"value\": \"{V}\"}}]").as_bytes());
    assert!(out.iter().all(|b| b.form != Form::Pair));
}

#[test]
fn http_headers_and_auth_schemes() {
    let h = has(
        &format!("Authorization: Bearer {V}\n"),
        "Authorization",
        V,
        Form::Colon,
    );
    assert!(h.flags.contains(Flags::AUTH));
    has(
        &format!("headers = {{\"Authorization\": \"Bearer {V}\"}}\n"),
        "Authorization",
        V,
        Form::Colon,
    );
    has(
        &format!("headers = {{\"Authorization\": \"token {V}\"}}\n"),
        "Authorization",
        V,
        Form::Colon,
    );
    // Basic: the decoded password is the value
    let src = "Authorization: Basic Ym9iOnE4WHZOMm1LNHBMN3dSMXQ=\n"; // keylint:allow
    let (h, out) = find(src, "Authorization", V);
    assert!(h.flags.contains(Flags::DECODED));
    assert_eq!(&src[h.value.clone()], "Ym9iOnE4WHZOMm1LNHBMN3dSMXQ=");
    assert_eq!(out.decoded(&h), Some(V.as_bytes()));
    has(
        &format!("OK-ACCESS-KEY: {V}\r\nOK-ACCESS-SIGN: x\r\n"),
        "OK-ACCESS-KEY",
        V,
        Form::Colon,
    );
}

#[test]
fn self_describing_strings() {
    // keylint:allow
    let src = "t.equal(req.headers['proxy-authorization'], 'Basic Ym9iOnE4WHZOMm1LNHBMN3dSMXQ=')\n";
    let h = has(src, "Basic", V, Form::Scheme);
    assert!(h.flags.contains(Flags::DECODED));
    has(
        &format!("send(\"Bearer {V}\")\n"),
        "Bearer",
        V,
        Form::Scheme,
    );
    // prose that starts with a scheme word is reported too: judging rejects a word
    has(
        "msg = \"Token expired\"\n",
        "Token",
        "expired",
        Form::Scheme,
    );
}

#[test]
fn more_assignment_shapes() {
    has(&format!("TOKEN+='{V}'\n"), "TOKEN", V, Form::Assign);
    has(&format!("users: [{{nkey:{V}}}]\n"), "nkey", V, Form::Colon);
    // a URL inside a quoted string inside a docstring
    let src = format!("\"\"\"\n>>> get('https://x.org/a?oauth_token={V}&x=1')\n\"\"\"\n");
    has(&src, "oauth_token", V, Form::Query);
}

#[test]
fn heredocs_and_long_strings() {
    let src = format!("SIGNING_KEY = <<~PEM\n  {V}\n  {V}\nPEM\nx = 1\n");
    let (h, _) = find(&src, "SIGNING_KEY", &format!("{V}\n  {V}"));
    assert!(h.flags.contains(Flags::QUOTED));
    has(
        &format!("$privateKey = <<<PEM\n{V}\nPEM;\n"),
        "privateKey",
        V,
        Form::Assign,
    );
    // a heredoc's body is scanned as text
    has(
        &format!("cat <<EOF > .env\nAPI_KEY={V}\nEOF\n"),
        "API_KEY",
        V,
        Form::Assign,
    );
    // a shift operator is not a heredoc
    has(
        &format!("x = a << b\ntoken = \"{V}\"\n"),
        "token",
        V,
        Form::Assign,
    );
    has(
        &format!("val privKey = \"\"\"\n{V}\n\"\"\"\n"),
        "privKey",
        V,
        Form::Assign,
    );
    has(
        &format!("config.secret = [[{V}]]\n"),
        "config.secret",
        V,
        Form::Assign,
    );
    has(&format!("local k = [==[{V}]==]\n"), "k", V, Form::Assign);
}

#[test]
fn values_on_the_next_line() {
    has(
        &format!("const apiKey =\n  \"{V}\";\n"),
        "apiKey",
        V,
        Form::Assign,
    );
    has(
        "static const apiSecret =\n    'q8XvN2mK'\n    '4pL7wR1t';\n", // keylint:allow
        "apiSecret",
        V,
        Form::Assign,
    );
    has(
        "static const char api_secret[] =\n    \"q8XvN2mK\"\n    \"4pL7wR1t\";\n", // keylint:allow
        "api_secret",
        V,
        Form::Assign,
    );
    // an empty value does not take the next line
    let out = scan(format!("KEY=\nOTHER={V}\n").as_bytes());
    assert_eq!(out.len(), 1);
}

#[test]
fn tuples_and_initializers() {
    has(
        &format!(
            "var creds = new Dictionary<string, string>\n{{\n    {{ \"apiKey\", \"{V}\" }},\n}};\n"
        ),
        "apiKey",
        V,
        Form::CallPair,
    );
    has(
        &format!(
            "const std::map<std::string, std::string> kCreds{{\n    {{\"apiKey\", \"{V}\"}},\n}};\n"
        ),
        "apiKey",
        V,
        Form::CallPair,
    );
    has(
        &format!("[{{bot, [\n   {{api_key, \"{V}\"}}\n]}}].\n"),
        "api_key",
        V,
        Form::CallPair,
    );
    has(
        &format!("static const std::string huobi_key{{\"{V}\"}};\n"),
        "huobi_key",
        V,
        Form::Assign,
    );
    has(
        &format!("(def bitstamp-key (get (System/getenv) \"BITSTAMP_KEY\" \"{V}\"))\n"),
        "BITSTAMP_KEY",
        V,
        Form::CallPair,
    );
    // implicit concatenation is not a pair
    let src = "x = (\"q8XvN2mK\" \"4pL7wR1t\")\n";
    has(src, "x", V, Form::Assign);
    none_named(src, "q8XvN2mK");
}

#[test]
fn prose_and_line_formats() {
    let h = has(
        &format!(";; old bithumb_key {V}\n"),
        "old bithumb_key",
        V,
        Form::Juxtaposed,
    );
    assert!(h.flags.contains(Flags::PROSE | Flags::COMMENT));
    has(&format!("// key was {V}\n"), "key was", V, Form::Juxtaposed);
    has(&format!("/* key -> {V} */\n"), "key", V, Form::Arrow);
    has(
        &format!("using key {V}\n"),
        "using key",
        V,
        Form::Juxtaposed,
    );
    // prose ending in a word is not a binding
    none_named("the secret is safe\n", "the secret is");
    has(
        &format!("machine api.github.com login bot password {V}\n"),
        "password",
        V,
        Form::Directive,
    );
    has(
        &format!("machine h\n  login bot\n  password {V}\n"),
        "password",
        V,
        Form::Directive,
    );
    let h = has(
        &format!("db.internal:5432:trades:trader:{V}\n"),
        "trader",
        V,
        Form::Userinfo,
    );
    assert_eq!(h.flags, Flags::empty());
    has(
        &format!("\"trader\" \"{V}\"\n"),
        "trader",
        V,
        Form::Userinfo,
    );
    has(
        &format!("aws configure set aws_secret_access_key {V}\n"),
        "aws_secret_access_key",
        V,
        Form::Directive,
    );
    has(&format!("-setcookie {V}\n"), "setcookie", V, Form::Flag);
    has(
        &format!(
            "val k = Environment.GetEnvironmentVariable \"API_KEY\" |> Option.ofObj |> Option.defaultValue \"{V}\"\n"
        ),
        "API_KEY",
        V,
        Form::Fallback,
    );
    has(
        &format!("val s = Option(System.getenv(\"BITGET_SECRET\")).getOrElse(\"{V}\")\n"),
        "BITGET_SECRET",
        V,
        Form::Fallback,
    );
}

#[test]
fn pairs_by_position_and_context() {
    let src = format!("Map<String, String> m = Map.of(\"user\", \"bot\", \"token\", \"{V}\");\n");
    has(&src, "token", V, Form::CallPair);
    has(
        &format!("curl_easy_setopt(curl, CURLOPT_USERPWD, \"bot:{V}\");\n"),
        "CURLOPT_USERPWD",
        &format!("bot:{V}"),
        Form::CallPair,
    );
    has(
        &format!("-define(API_KEY, \"{V}\").\n"),
        "API_KEY",
        V,
        Form::CallPair,
    );
    has(
        &format!("request.setValue(\"{V}\", forHTTPHeaderField: \"X-MBX-APIKEY\")\n"),
        "X-MBX-APIKEY",
        V,
        Form::Pair,
    );
    let h = has(
        &format!("parser.add_argument(\"--api-key\", default=\"{V}\")\n"),
        "api-key",
        V,
        Form::Argument,
    );
    assert!(h.alias.is_some());
    has(
        &format!("<resources>\n  <string name=\"api_key\">{V}</string>\n</resources>\n"),
        "api_key",
        V,
        Form::Pair,
    );
    let src = format!("variable \"binance_key\" {{\n  default = \"{V}\"\n}}\n");
    assert_eq!(labels(&src, "default", V), vec!["binance_key"]);
    has(
        &format!("#{{secret_key => <<\"{V}\">>}}\n"),
        "secret_key",
        V,
        Form::Arrow,
    );
    let (h, _) = find(&format!("const KEY: &str = r#\"{V}\"#;\n"), "KEY", V);
    assert!(h.flags.contains(Flags::QUOTED));
}

#[test]
fn urls_and_query_strings() {
    let src = format!("DATABASE_URL=postgres://bob:{V}@db:5432/app\n");
    let h = has(&src, "bob", V, Form::Userinfo);
    assert_eq!(&src[h.call.unwrap()], "postgres");
    has(
        &src,
        "DATABASE_URL",
        &format!("postgres://bob:{V}@db:5432/app"),
        Form::Assign,
    );
    let src = "url = \"https://bob:q8Xv%40N2@host/x\"\n"; // keylint:allow
    let (h, out) = find(src, "bob", "q8Xv@N2");
    assert!(h.flags.contains(Flags::DECODED));
    assert_eq!(&src[h.value.clone()], "q8Xv%40N2");
    assert_eq!(out.labels(&h).len(), 1);
    let src = format!(
        "GET https://api.x.com/v3/order?symbol=BTCUSDT&apiKey={V}&signature=abc123 HTTP/1.1\n"
    );
    has(&src, "apiKey", V, Form::Query);
    has(&src, "signature", "abc123", Form::Query);
    let src = format!("GET /api/v3/account?timestamp=1&signature={V}\n");
    has(&src, "signature", V, Form::Query);
    has(&src, "timestamp", "1", Form::Query);
    let src = format!("symbol=BTCUSDT&apiKey={V}&recvWindow=5000\n");
    has(&src, "apiKey", V, Form::Query);
    has(&src, "symbol", "BTCUSDT", Form::Assign);
    // connection strings
    let src = format!("conn = \"Server=db;User Id=sa;Password={V};Database=x\"\n");
    has(&src, "Password", V, Form::Assign);
}

#[test]
fn prose_names_a_token_mid_sentence() {
    const W: &str = "q8XvN2mK4pL7wR1tZ3aB5cD9eF0g";
    // a strongly random token after a credential word (and `was`/`is`) is bound to it
    let h = has(
        &format!("- The old key was {W} (now revoked).\n"),
        "old key",
        W,
        Form::Juxtaposed,
    );
    assert!(h.flags.contains(Flags::PROSE));
    has(
        &format!("commit 3: hotfix - hardcode key {W}. Env loading next\n"),
        "hardcode key",
        W,
        Form::Juxtaposed,
    );
    // a parenthetical and a colon between the word and the token
    has(
        &format!("# old key (rotated?): {W}\n"),
        "old key",
        W,
        Form::Juxtaposed,
    );
    has(
        &format!("API key (prod): {W}\n"),
        "API key",
        W,
        Form::Juxtaposed,
    );
    // markdown's inline code in a sentence
    let h = has(
        &format!("Your API key is `{W}` for now.\n"),
        "API key",
        W,
        Form::Juxtaposed,
    );
    assert!(h.flags.contains(Flags::PROSE | Flags::QUOTED));
    none_named(
        &format!("Your build hash is `{W}` for now.\n"),
        "build hash",
    );
    // inline code opening a short parenthetical after the word
    has(
        &format!("My own key (`{W}`) works from the VPS.\n"),
        "own key",
        W,
        Form::Juxtaposed,
    );
    has(
        &format!("check the key (mine is `{W}`) is whitelisted\n"),
        "the key",
        W,
        Form::Juxtaposed,
    );
    none_named(
        &format!("check the key (see the notes in `{W}`) first\n"),
        "the key",
    );
    // not a credential word before it, or not a machine-made token
    none_named(&format!("the old hash was {W} (now revoked)\n"), "old hash");
    none_named(&format!("# old hash (rotated?): {W}\n"), "old hash");
    no_value(
        "import the key 3AA5C34371567BD2A8F94C0E61B7D93E first\n",
        "3AA5C34371567BD2A8F94C0E61B7D93E", // keylint:allow (a PGP key id, prose)
    );
    no_value(
        "the key is averyveryverylongwordwithoutdigits here\n",
        "averyveryverylongwordwithoutdigits",
    );
}

#[test]
fn comments_and_prose() {
    let h = has(&format!("# old key: {V}\n"), "old key", V, Form::Colon);
    assert!(h.flags.contains(Flags::COMMENT));
    has(
        &format!("// api_key = \"{V}\"\n"),
        "api_key",
        V,
        Form::Assign,
    );
    let h = has(
        &format!("/*\n * secret = {V}\n */\n"),
        "secret",
        V,
        Form::Assign,
    );
    assert!(h.flags.contains(Flags::COMMENT));
    has(
        &format!("Your API key: {V}\n"),
        "Your API key",
        V,
        Form::Colon,
    );
    has(
        &format!("- **API key**: `{V}`\n"),
        "API key",
        V,
        Form::Colon,
    );
    has(
        &format!("Use `API_KEY={V}` to start.\n"),
        "API_KEY",
        V,
        Form::Assign,
    );
    has(&format!("<!-- token: {V} -->\n"), "token", V, Form::Colon);
}

#[test]
fn sql() {
    let src = format!(
        "INSERT INTO users (id, name, password) VALUES (1, 'bob', '{V}'), (2, 'ann', 'x9');\n"
    );
    let h = has(&src, "password", V, Form::Table);
    assert_eq!(h.arg, 2);
    has(&src, "password", "x9", Form::Table);
    has(&src, "name", "bob", Form::Table);
    let src = format!(
        "COPY public.users (id, login, password) FROM stdin;\n1\tbob\t{V}\n2\tann\t\\N\n\\.\n"
    );
    has(&src, "password", V, Form::Table);
    has(&src, "login", "ann", Form::Table);
    has(
        &format!("CREATE ROLE bot WITH LOGIN PASSWORD '{V}';\n"),
        "PASSWORD",
        V,
        Form::Juxtaposed,
    );
    has(
        &format!("ALTER USER bot WITH PASSWORD '{V}';\n"),
        "PASSWORD",
        V,
        Form::Juxtaposed,
    );
    has(
        &format!("CREATE USER 'bot'@'%' IDENTIFIED BY '{V}';\n"),
        "IDENTIFIED BY",
        V,
        Form::Juxtaposed,
    );
    has(
        &format!("UPDATE users SET password = '{V}' WHERE id = 1;\n"),
        "password",
        V,
        Form::Assign,
    );
}

#[test]
fn csv_and_tsv() {
    let src = format!("exchange,api_key,api_secret\nbinance,{V},\"{V}9\"\nkraken,k2,s2\n");
    let h = has(&src, "api_key", V, Form::Table);
    assert_eq!(h.arg, 1);
    let h = has(&src, "api_secret", &format!("{V}9"), Form::Table);
    assert!(h.flags.contains(Flags::QUOTED));
    let src = format!("label\tprivate_key\nmain\t{V}\n");
    has(&src, "private_key", V, Form::Table);
    // malformed: not a table, still scanned as text
    let src = format!("name,key\nonly one field\nsecret = {V}\n");
    let out = scan(src.as_bytes());
    assert!(out.iter().all(|b| b.form != Form::Table));
    has(&src, "secret", V, Form::Assign);
}

#[test]
fn strings_are_scanned_once_more() {
    let h = has(
        &format!("cmd = \"mysql --password={V}\"\n"),
        "password",
        V,
        Form::Flag,
    );
    assert!(h.flags.contains(Flags::NESTED));
    let src = format!("body = '{{\"apiKey\": \"{V}\"}}'\n");
    has(&src, "apiKey", V, Form::Colon);
    let src = format!("{{\"body\": \"{{\\\"apiKey\\\": \\\"{V}\\\"}}\"}}");
    has(&src, "apiKey", V, Form::Colon);
    // the string's binding name labels what is inside it
    let src = format!("DSN = \"postgres://u:{V}@h/db\"\n");
    assert_eq!(labels(&src, "u", V), vec!["DSN"]);
}

#[test]
fn negatives() {
    // lambdas, comparisons, type annotations without values
    none_named("items.map(x => x + 1)\n", "items");
    no_value("fn new(api_key: &str) -> Self {}\n", "&str");
    none_named("if a == b:\n", "a");
    none_named("x != y\n", "x");
    none_named("for (i = 0; i <= n; i++) {}\n", "n");
    // apostrophes in prose do not open strings
    has(
        &format!("Don't commit it: token={V}\n"),
        "token",
        V,
        Form::Assign,
    );
    // a key without a value
    let out = scan(b"API_KEY=\nSECRET=\"\"\n");
    assert!(out.is_empty(), "{:?}", all("API_KEY=\nSECRET=\"\"\n"));
}

#[test]
fn values_end_where_they_should() {
    has("a = b;c = d\n", "a", "b", Form::Assign);
    has("f(a=b, c=d)\n", "a", "b", Form::Argument);
    has(
        "PASS=v9cTG#2!jPLj0J # comment\n",
        "PASS",
        "v9cTG#2!jPLj0J",
        Form::Assign,
    );
    has("x = {'k': v1, 'j': v2}\n", "k", "v1", Form::Colon);
    has("<b>KEY=abc123</b>\n", "KEY", "abc123", Form::Assign);
}

#[test]
fn expressions_are_marked() {
    let (h, _) = find(
        "key = f\"{exchange}-{symbol}\"\n",
        "key",
        "{exchange}-{symbol}",
    );
    assert!(h.flags.contains(Flags::INTERPOLATED));
    let (h, _) = find("var key = $\"{a}{b}\";\n", "key", "{a}{b}");
    assert!(h.flags.contains(Flags::INTERPOLATED));
    // inside a string, an escape ends an unquoted value
    has("x = \"KEY=abc\\nNEXT=1\"\n", "KEY", "abc", Form::Assign);
    // a variable does not name the next argument; a constant does
    none_named(
        "render(form.password, \"q8XvN2mK4pL7wR1t\")\n",
        "form.password",
    );
    let (h, _) = find("api_key = get_key()\n", "api_key", "get_key(");
    assert!(h.flags.contains(Flags::EXPR));
    let (h, _) = find(
        "api_key = os.getenv(\"X\", \"d\")\n",
        "api_key",
        "os.getenv(",
    );
    assert!(h.flags.contains(Flags::EXPR));
    let (h, _) = find("api_key = os.getenv(\"API_KEY\")\n", "api_key", "API_KEY");
    assert!(h.flags.contains(Flags::WRAPPED));
    let (h, _) = find("token = \"${TOKEN}\"\n", "token", "${TOKEN}");
    assert!(!h.flags.contains(Flags::EXPR));
}

#[test]
fn windows_cover_hit_lines_and_neighbours() {
    let text = b"a\nb\nkey = 1\nc\nd\ne\nsecret = 2\nf\n";
    let at = |w: &[u8]| text.windows(w.len()).position(|x| x == w).unwrap();
    let ws = windows(text, [at(b"key"), at(b"secret")], 1, 1, 1024);
    let shown: Vec<&str> = ws
        .iter()
        .map(|w| std::str::from_utf8(&text[w.clone()]).unwrap())
        .collect();
    assert_eq!(shown, vec!["b\nkey = 1\nc\n", "e\nsecret = 2\nf\n"]);
    // merged when they touch
    let ws = windows(text, [at(b"key"), at(b"secret")], 2, 2, 1024);
    assert_eq!(ws.len(), 1);
    // a hit inside a window extends it to its own lines after
    let ws = windows(text, [at(b"key"), at(b"d")], 0, 2, 1024);
    let shown: Vec<&str> = ws
        .iter()
        .map(|w| std::str::from_utf8(&text[w.clone()]).unwrap())
        .collect();
    assert_eq!(shown, vec!["key = 1\nc\nd\ne\nsecret = 2\n"]);
    // a long line is clipped around the hit
    let mut long = vec![b'x'; 10_000];
    long[5000..5003].copy_from_slice(b"key");
    let ws = windows(&long, [5000], 1, 1, 100);
    assert_eq!(ws, vec![4950..5051]);
    // bindings inside windows only
    let src = format!("a = 1\n{}\napi_key = \"{V}\"\nz = 2\n", "x ".repeat(50));
    let at = src.find("api_key").unwrap();
    let ws = windows(src.as_bytes(), [at], 0, 0, 1024);
    let mut out = Bindings::default();
    Scanner::new().scan_windows(src.as_bytes(), &ws, &mut out);
    let names: Vec<&[u8]> = out
        .iter()
        .map(|b| out.name_text(b, src.as_bytes()))
        .collect();
    assert_eq!(names, vec![&b"api_key"[..]]);
}

// ---- linear time -------------------------------------------------------------------

/// Steps per input byte stay bounded as adversarial inputs grow: the work is linear.
fn steps_per_byte(make: impl Fn(usize) -> Vec<u8>) -> (f64, f64) {
    let mut scanner = Scanner::new();
    let mut out = Bindings::default();
    // small inputs too: a per-binding cost capped by a length limit is only linear
    // past that limit (`a=` × 2000 once took 1000 steps per byte)
    let tiny = make(4000);
    scanner.scan(&tiny, &mut out);
    let t = scanner.steps() as f64 / tiny.len() as f64;
    assert!(t < 64.0, "{t:.1} steps/byte at 4000 bytes");
    let small = make(64 * 1024);
    scanner.scan(&small, &mut out);
    let a = scanner.steps() as f64 / small.len() as f64;
    let big = make(1024 * 1024);
    scanner.scan(&big, &mut out);
    let b = scanner.steps() as f64 / big.len() as f64;
    (a, b)
}

fn repeat(unit: &str, n: usize) -> Vec<u8> {
    unit.as_bytes().iter().copied().cycle().take(n).collect()
}

#[test]
fn adversarial_inputs_are_linear() {
    type Make = Box<dyn Fn(usize) -> Vec<u8>>;
    let cases: Vec<(&str, Make)> = vec![
        ("a=a=", Box::new(|n| repeat("a=", n))),
        ("a: a: ", Box::new(|n| repeat("a: ", n))),
        ("deep (", Box::new(|n| repeat("(", n))),
        ("deep [", Box::new(|n| repeat("[", n))),
        ("deep {", Box::new(|n| repeat("{\"a\":", n))),
        ("unterminated \"", Box::new(|n| repeat("\"a", n))),
        ("unterminated '", Box::new(|n| repeat(" 'a", n))),
        ("escaped quotes", Box::new(|n| repeat("\"\\\"", n))),
        ("triple quotes", Box::new(|n| repeat("\"\"\"a", n))),
        ("backticks", Box::new(|n| repeat("`a", n))),
        ("interp", Box::new(|n| repeat("${a", n))),
        ("tags", Box::new(|n| repeat("<a ", n))),
        ("close tags", Box::new(|n| repeat("</a>", n))),
        ("options", Box::new(|n| repeat("--a ", n))),
        // a run of values continued by a trailing backslash (the continuation line's
        // scan once displaced the run's memo: every later value re-read the run)
        (
            "continued run",
            Box::new(|n| {
                let mut v = repeat("=a", n / 2);
                v.extend_from_slice(b"\\\n");
                v
            }),
        ),
        ("items", Box::new(|n| repeat("- a:\n", n))),
        (
            "indent",
            Box::new(|n| {
                let mut v = Vec::new();
                let mut i = 0;
                while v.len() < n {
                    v.extend(std::iter::repeat_n(b' ', i % 2000));
                    v.extend_from_slice(b"k:\n");
                    i += 1;
                }
                v
            }),
        ),
        ("query", Box::new(|n| repeat("&a", n))),
        ("params", Box::new(|n| repeat("a=b&", n))),
        ("calls", Box::new(|n| repeat("f(\"a\",", n))),
        ("concat", Box::new(|n| repeat("\"a\"+", n))),
        ("url", Box::new(|n| repeat("http://a:b@", n))),
        (
            "csv",
            Box::new(|n| {
                let mut v = b"name,password\n".to_vec();
                v.extend(repeat("\"a,", n));
                v
            }),
        ),
        ("one line", Box::new(|n| repeat("k=v ", n))),
        ("newlines", Box::new(|n| repeat("\n", n))),
    ];
    for (what, make) in cases {
        let (small, big) = steps_per_byte(make);
        assert!(
            big <= small * 1.5 + 2.0 && big < 64.0,
            "{what}: {small:.1} steps/byte at 64 KiB, {big:.1} at 1 MiB"
        );
    }
}

#[test]
fn bad_input_never_panics() {
    for src in [
        &b""[..],
        b"\"",
        b"'",
        b"`",
        b"\\",
        b"$",
        b"${",
        b"<",
        b"</",
        b"=",
        b":",
        b"a=",
        b"a:",
        b"- ",
        b"--",
        b"-p",
        b"\xff\xfe=\xff",
        b"a=\"\\",
        b"[x",
        b"]",
        b"))))",
        b"key: |",
        b"key: |\n",
        b"COPY t (a) FROM stdin;\n",
        b"INSERT INTO t (a) VALUES (",
        b"http://",
        b"http://@",
        b"Authorization: Basic",
        b"Authorization: Basic !!!!",
        b"a,b\n\"",
    ] {
        let _ = scan(src);
    }
}

#[test]
fn fields_of_f_strings_are_code() {
    // `{…}` in an f-string's content is an interpolation, not text to bind
    let src = "out.append(f\"    smtp_password: {ctx.m(vb, 'x', L, span=7)}!vault |\")\n";
    no_value(src, "span=7");
    let (h, _) = find(src, "smtp_password", "{ctx.m(vb, 'x', L, span=7)}");
    assert!(h.flags.contains(Flags::INTERPOLATED));
    // `{{` is a literal brace, and a plain string's braces are text
    has(
        &format!("s = f\"{{{{\\\"token\\\": \\\"{V}\\\"}}}}\"\n"),
        "token",
        V,
        Form::Colon,
    );
}

#[test]
fn list_punctuation_ends_a_bare_value() {
    let src = "    \"pub passphrase: String, pub password: String,\",\n";
    has(src, "passphrase", "String", Form::Colon);
    has(src, "password", "String", Form::Colon);
    has(&format!("a: {V}, b: 1\n"), "a", V, Form::Colon);
    // a comma inside the run stays: `user,pass`-like values are cut only at a space
    has("k=ab,cd\n", "k", "ab,cd", Form::Assign);
}

#[test]
fn prose_parentheses_are_not_calls() {
    // `password (\`x\`)` in a comment is prose; `password("x")` is a call
    none_named(
        "// A weak human password (`hunter22`) scores low\n",
        "password",
    );
    none_named(
        "/// A name without its sigils (`$password`, `@token`, `&key`).\n",
        "$password",
    );
    has(
        &format!("b.password(\"{V}\")\n"),
        "b.password",
        V,
        Form::Positional,
    );
}

#[test]
fn the_first_literal_after_a_lookup_is_its_fallback() {
    for src in [
        format!("Dim k = If(Environment.GetEnvironmentVariable(\"GATE_KEY\"), \"{V}\")\n"),
        format!("const char *k = getenv(\"GATE_KEY\") ? getenv(\"GATE_KEY\") : \"{V}\";\n"),
        format!("(def k (or (System/getenv \"GATE_KEY\") \"{V}\"))\n"),
        format!("my $k = $ENV{{GATE_KEY}} // '{V}';\n"),
        format!("String k = Optional.ofNullable(System.getenv(\"GATE_KEY\")).orElse(\"{V}\");\n"),
        format!("  k <- fromMaybe \"{V}\" <$> lookupEnv \"GATE_KEY\"\n"),
        format!("secret-key: ${{GATE_KEY:{V}}}\n"),
    ] {
        let h = has(&src, "GATE_KEY", V, Form::Fallback);
        assert!(h.flags.contains(Flags::ENV), "{src}");
    }
    // the lookup's own argument, and a literal that is the next entry's key
    none_named(
        "h = {\"K\": os.getenv(\"GATE_KEY\"), \"Content-Type\": \"application/json\"}\n",
        "GATE_KEY",
    );
    none_named(
        "k = getenv(\"GATE_KEY\") ? getenv(\"GATE_KEY\") : NULL;\n",
        "GATE_KEY",
    );
}

#[test]
fn a_line_continuation_joins_the_value() {
    // VB `& _`
    let src = "Dim apiSecret As String = \"q8XvN2mK\" & _\n    \"4pL7wR1t\"\n"; // keylint:allow
    has(src, "apiSecret", V, Form::Assign);
    // .properties `\` at the end of the line; the next line's indent does not count
    let src = "api.key=q8XvN2\\\n    mK4pL7\\\n    wR1t\nnext=1\n";
    let (h, out) = find(src, "api.key", V);
    assert!(h.flags.contains(Flags::CONCAT));
    assert_eq!(out.parts(&h).len(), 3);
    has(src, "next", "1", Form::Assign);
}

#[test]
fn credential_stores_are_named_by_their_file() {
    for path in [
        ".pgpass",
        "ops/pgpass.conf",
        "pgbouncer/userlist.txt",
        "home\\.git-credentials",
    ] {
        assert!(is_credential_store(path), "{path}");
    }
    for path in ["pgpass.md", "users.txt", "src/pgpass.rs"] {
        assert!(!is_credential_store(path), "{path}");
    }
}

#[test]
fn a_template_argument_names_the_call() {
    let src = format!("auto c = std::make_unique<RestClient>(\"{V}\", \"{V}\");\n");
    let (h, _) = find(&src, "RestClient", V);
    assert_eq!(h.form, Form::Positional);
}

#[test]
fn an_escaped_line_break_is_not_part_of_a_name() {
    let src = format!("send: b'GET / HTTP/1.1\\r\\nX-MBX-APIKEY: {V}\\r\\n'\n");
    let got = all(&src);
    assert!(
        got.iter().any(|(n, v, _)| n == "X-MBX-APIKEY" && v == V),
        "{got:?}"
    );
}

#[test]
fn environment_members_and_their_fallbacks() {
    has(
        "$key = if ($env:KRAKEN_SECRET) { $env:KRAKEN_SECRET } else { \"q8XvN2mK4pL7wR1tY6uZ\" }", // keylint:allow (synthetic)
        "KRAKEN_SECRET",
        "q8XvN2mK4pL7wR1tY6uZ", // keylint:allow (synthetic)
        Form::Fallback,
    );
    has(
        "const s = process.env.BYBIT_SECRET ? process.env.BYBIT_SECRET : 'Zr4Tq8XvN2mK4pL7wR1t';", // keylint:allow (synthetic)
        "BYBIT_SECRET",
        "Zr4Tq8XvN2mK4pL7wR1t", // keylint:allow (synthetic)
        Form::Fallback,
    );
    has(
        "const k = import.meta.env.VITE_API_KEY ?? \"Hq2Lm8XvN2mK4pL7wR1t\"", // keylint:allow (synthetic)
        "VITE_API_KEY",
        "Hq2Lm8XvN2mK4pL7wR1t", // keylint:allow (synthetic)
        Form::Fallback,
    );
    // a lookup with no literal after it binds nothing
    none_named(
        "$s = $env:KRAKEN_SECRET\n$u = \"https://api.kraken.com\"",
        "KRAKEN_SECRET",
    );
}

#[test]
fn a_property_list_names_the_value_after_its_key() {
    let src = "<dict>\n  <key>BinanceApiSecret</key>\n  <string>Xq7vR4t9LmZp2Wn8Kd3Fh6Jc</string>\n  <key>Region</key>\n  <integer>3</integer>\n  <string>notbound</string>\n</dict>\n"; // keylint:allow (synthetic)
    has(
        src,
        "BinanceApiSecret",
        "Xq7vR4t9LmZp2Wn8Kd3Fh6Jc", // keylint:allow (synthetic)
        Form::Pair,
    );
    none_named(src, "Region");
}

#[test]
fn pgpass_rows_are_written_as_they_are() {
    // `%2B` in a .pgpass row is three characters of the password
    has(
        "db.internal:5432:trading:bot:Xq7%2BvR4t9Lm\n",
        "bot",
        "Xq7%2BvR4t9Lm",
        Form::Userinfo,
    );
    has(
        "*:*:*:replicator:Kd3Fh6Jc9Qw2\n",
        "replicator",
        "Kd3Fh6Jc9Qw2",
        Form::Userinfo,
    );
    // in a URL it is an escaped `+`
    has(
        "DATABASE_URL=postgres://bot:Xq7%2BvR4t9Lm@db.internal/trading\n", // keylint:allow (synthetic)
        "bot",
        "Xq7+vR4t9Lm",
        Form::Userinfo,
    );
}

#[test]
fn a_list_item_after_a_lookup_is_not_its_fallback() {
    none_named(
        "export const keys = [process.env.SIGNER_0!, \"0xb6fe48ba87480c0e9b3b202e9093b83967cbb6a494fc0d38980249689de06cfa\"];",
        "SIGNER_0",
    );
    none_named("$all = @($env:KEY_A, \"Tz6Kp3Wq8Nv2Lm5Xr9Bc4Hd\")", "KEY_A");
}

#[test]
fn sql_inserts_take_the_columns_of_their_create_table() {
    let src = format!(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\nCREATE TABLE exchange_keys (id INTEGER PRIMARY KEY, exchange TEXT, api_key TEXT, \"api_secret\" TEXT, UNIQUE (exchange));\nINSERT INTO exchange_keys VALUES(1,'binance','{V}','{V}x');\n"
    );
    has(&src, "api_key", V, Form::Table);
    has(&src, "api_secret", &format!("{V}x"), Form::Table);
    // a table created elsewhere: its columns are unknown
    none_named(
        &format!("INSERT INTO other VALUES(1,'binance','{V}');\n"),
        "api_key",
    );
}

#[test]
fn a_literal_holding_a_quoted_literal_is_unwrapped() {
    // Gradle's buildConfigField writes Java source: the value is a quoted string
    let h = has(
        &format!("buildConfigField(\"String\", \"CMC_API_KEY\", \"\\\"{V}\\\"\")\n"),
        "CMC_API_KEY",
        V,
        Form::CallPair,
    );
    assert!(h.flags.contains(Flags::QUOTED));
    has(
        &format!("API_SECRET='\"{V}\"'\n"),
        "API_SECRET",
        V,
        Form::Assign,
    );
    // an escaped quote inside, not around, stays
    no_value(&format!("msg = \"say \\\"{V}\\\" twice\"\n"), V);
}

#[test]
fn a_window_on_a_block_opening_line_follows_the_block() {
    let text = b"variable \"okx_secret\" {\n  type = string\n  sensitive = true\n  description = \"x\"\n  default = \"v\"\n}\nz = 1\nw = 2\nq = 3\nr = 4\ns = 5\n";
    let at = text.windows(3).position(|x| x == b"okx").unwrap();
    let ws = windows(text, [at], 1, 2, 1024);
    let shown = std::str::from_utf8(&text[ws[0].clone()]).unwrap();
    assert!(shown.contains("default = \"v\""), "{shown:?}");
    // a line that opens nothing keeps the usual reach
    let text = b"okx_secret = 1\na\nb\nc\nd\n";
    let ws = windows(text, [0], 1, 2, 1024);
    assert_eq!(
        std::str::from_utf8(&text[ws[0].clone()]).unwrap(),
        "okx_secret = 1\na\nb\n"
    );
}

#[test]
fn a_go_slice_conversion_wraps_its_literal() {
    for src in [
        format!("var (\n\tsecretKey = []byte(\"{V}\")\n)\n"),
        format!("secretKey := []rune(\"{V}\")\n"),
    ] {
        let (h, _) = find(&src, "secretKey", V);
        assert!(h.flags.contains(Flags::WRAPPED | Flags::QUOTED), "{src}");
    }
}

#[test]
fn a_joined_literal_completes_a_url_value() {
    // Lua `..`, JavaScript `+`, adjacent literals: the literal after `?name=` or
    // `scheme://user:` is that parameter or password
    has(
        &format!("local url = \"https://api.example.com/price?symbol=BTC&apikey=\" .. \"{V}\"\n"),
        "apikey",
        V,
        Form::Query,
    );
    has(
        &format!("const amqp = 'amqps://signals:' + '{V}' + '@mq.example.com/vhost';\n"),
        "signals",
        V,
        Form::Userinfo,
    );
    has(
        &format!("u = (\"https://x.example.com/q?a=1&token=\" \"{V}\")\n"),
        "token",
        V,
        Form::Query,
    );
    // a port, a path, a literal with no URL before it
    none_named(
        "base = \"http://localhost:\" + \"8080\" + \"/v1\"\n",
        "localhost",
    );
    none_named(&format!("u = \"see docs/token=\" + \"{V}\"\n"), "token");
}

#[test]
fn an_application_by_juxtaposition_wraps_its_literal() {
    // Haskell records and OCaml/F# options apply a function without parentheses
    for (src, name) in [
        (
            format!("cfg = Cfg\n  {{ kiteAccessToken = Just \"{V}\"\n  , root = x\n  }}\n"),
            "kiteAccessToken",
        ),
        (format!("apiSecret = T.pack \"{V}\"\n"), "apiSecret"),
        (format!("let api_key = Some \"{V}\" in\n"), "api_key"),
        (
            format!("{{ ApiKey = Some \"{V}\"; Other = 1 }}\n"),
            "ApiKey",
        ),
    ] {
        let (h, _) = find(&src, name, V);
        assert!(h.flags.contains(Flags::WRAPPED | Flags::QUOTED), "{src}");
    }
    // Not a whole value: the literal is one operand among others.
    no_value(&format!("token = f \"{V}\" g\n"), V);
}

#[test]
fn an_xml_element_holding_a_cdata_section() {
    let src = format!("<feed name=\"x\">\n  <apiKey><![CDATA[ {V} ]]></apiKey>\n</feed>\n");
    has(&src, "apiKey", V, Form::Element);
    // not a section: markup inside is not the element's value
    let got = all(&format!("<apiKey><b>{V}</b></apiKey>\n"));
    assert!(
        got.iter()
            .all(|(n, v, _)| !(n == "apiKey" && v.contains(V))),
        "{got:?}"
    );
}

#[test]
fn clipped_windows_keep_only_their_readable_parts() {
    let mut ws = vec![0..10, 20..40, 50..60];
    super::clip(&mut ws, &[5..25, 30..35, 38..55, 70..80]);
    assert_eq!(ws, vec![5..10, 20..25, 30..35, 38..40, 50..55]);
    let mut whole: Vec<std::ops::Range<usize>> = std::iter::once(0..100).collect();
    super::clip(&mut whole, &[]);
    assert!(whole.is_empty());
}

#[test]
fn a_braced_initialiser_of_one_literal_wraps_it() {
    for src in [
        "const std::string key = std::string{\"q8XvN2mK4pL7wR1t\"};\n", // keylint:allow (synthetic)
        "Cfg c{\n    .key = std::string{ \"q8XvN2mK4pL7wR1t\" },\n};\n", // keylint:allow (synthetic)
        "auto key = Secret{'q8XvN2mK4pL7wR1t'};\n", // keylint:allow (synthetic)
    ] {
        let (h, _) = find(src, "key", V);
        assert!(h.flags.contains(Flags::WRAPPED), "{src:?}");
    }
    // a struct literal's fields are bindings of their own
    has(
        "var c = Config{key: \"q8XvN2mK4pL7wR1t\"}\n",
        "key",
        V,
        Form::Colon,
    );
}

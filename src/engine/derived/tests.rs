use super::*;
use crate::Config;
use crate::source::Lang;

// Synthetic values (fixed seed), base64 and escapes of them. keylint:allow

fn scan(path: &str, text: &str) -> FileOutput {
    static ENGINE: std::sync::OnceLock<Engine> = std::sync::OnceLock::new();
    let engine = ENGINE.get_or_init(|| crate::Engine::from_config(&Config::default()).unwrap());
    let src = Source::new(
        path,
        text.as_bytes(),
        Lang::from_path(std::path::Path::new(path)),
    );
    let mut out = FileOutput::default();
    engine.scan(&src, &mut Scratch::default(), &mut out);
    out
}

fn b64(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}

fn prop<'a>(f: &'a Finding, key: &str) -> Option<&'a serde_json::Value> {
    f.properties.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

const SECRET: &str = "AKW6M7V5nAuDwzG5QXQW1dplXFZvA1idZIWYTFprTEc2oCfW70XaznZsdxJVMriW"; // keylint:allow

#[test]
fn docker_config_auth_is_decoded_and_reported_at_its_line() {
    let text = format!(
        "{{\n  \"auths\": {{\n    \"https://index.docker.io/v1/\": {{\n      \"auth\": \"{}\"\n    }}\n  }}\n}}",
        b64("deploy:Xq8vN2mK4pL7")
    );
    let text = text.as_str();
    let out = scan("config.json", text);
    assert_eq!(out.findings.len(), 1, "{:?}", out.findings);
    let f = &out.findings[0];
    assert_eq!(f.rule_id, "docker-registry-auth");
    assert_eq!(f.secret.expose_secret(), b"Xq8vN2mK4pL7");
    assert_eq!(f.location.line, 4);
    assert!(
        f.message.ends_with("(decoded from base64)"),
        "{}",
        f.message
    );
    assert_eq!(prop(f, "decoded"), Some(&serde_json::json!(["base64"])));
    // The span is the base64 that stands for the password, inside the value.
    let auth = text.find("ZGVw").unwrap();
    assert!(f.location.byte_start > auth && f.location.byte_end <= text.rfind('"').unwrap());
    // The excerpt masks it.
    let snippet = &f.snippet.as_ref().unwrap().text;
    assert!(!snippet.contains(&text[f.location.byte_start..f.location.byte_end]));
    assert!(out.notes.is_empty());
}

#[test]
fn json_inside_a_json_string() {
    let text = format!(
        "{{\n  \"bot\": \"spot\",\n  \"cfg\": \"{{\\\"exchange\\\": \\\"binance\\\", \\\"binance_api_secret\\\": \\\"{SECRET}\\\"}}\"\n}}\n"
    );
    let out = scan("settings.json", &text);
    let found: Vec<_> = out
        .findings
        .iter()
        .map(|f| (f.rule_id.as_str(), f.location.line))
        .collect();
    assert_eq!(found, vec![("binance-api-secret", 3)]);
    let f = &out.findings[0];
    assert_eq!(&text[f.location.byte_start..f.location.byte_end], SECRET);
    assert_eq!(
        (f.location.line, f.location.column),
        (3, text.lines().nth(2).unwrap().find(SECRET).unwrap() + 1)
    );
    // The binding layer reads the string's content with its `\"` escapes: the plain
    // scan reports the value, so it is not marked as decoded.
    assert_eq!(prop(f, "decoded"), None);
}

#[test]
fn three_layers_deep_and_no_deeper() {
    // Each layer is JSON holding the next one in base64.
    let wrap = |inner: &str, key: &str| format!("{{\"{key}\": \"{}\"}}", b64(inner));
    let l3 = format!("{{\"binance_api_secret\": \"{SECRET}\"}}");
    let three = wrap(&wrap(&wrap(&l3, "c"), "b"), "a");
    let three = three.as_str();
    let out = scan("layers.json", three);
    let f = out
        .findings
        .iter()
        .find(|f| f.rule_id == "binance-api-secret")
        .expect("found three layers down");
    assert_eq!(f.secret.expose_secret(), SECRET.as_bytes());
    assert_eq!(f.location.line, 1);
    let four = wrap(three, "z");
    let four = four.as_str();
    let out = scan("layers.json", four);
    assert!(
        out.findings
            .iter()
            .all(|f| f.rule_id != "binance-api-secret"),
        "{:?}",
        out.findings
    );
}

#[test]
fn connection_strings_are_read_pair_by_pair() {
    let text = "var cs = \"Server=tcp:db.example.net,1433;Initial Catalog=bot;User ID=bot;Password=Q8#vN2mK4pL7wR1t;Encrypt=True;\";\n"; // keylint:allow
    let out = scan("Db.cs", text);
    let found: Vec<_> = out
        .findings
        .iter()
        .map(|f| (f.rule_id.as_str(), f.secret.expose_secret().to_vec()))
        .collect();
    assert_eq!(
        found,
        vec![("generic-password", b"Q8#vN2mK4pL7wR1t".to_vec())] // keylint:allow
    );
    // The binding layer reads `Password=…` in the string itself, cut where the
    // connection string says (at `;`): the plain scan reports it, not the decoder.
    assert!(out.findings[0].message.contains("`Password`"));
}

#[test]
fn markers_on_the_encoded_line_suppress() {
    let text = format!(
        "{{\"auths\": {{\"r.example.com\": {{\"auth\": \"{}\"}}}}}} // keylint:allow\n",
        b64("deploy:Xq8vN2mK4pL7")
    );
    let out = scan("config.json", &text);
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(out.suppressed.len(), 1);
    assert_eq!(out.suppressed[0].finding.rule_id, "docker-registry-auth");
}

#[test]
fn found_on_the_surface_is_not_reported_twice() {
    // The PEM rule reads `\n` escapes itself; the decoded block is the same key.
    let body = "MC4CAQAwBQYDK2VwBCIEIK9nQ2vTx7pLm3RfY8sWc1ZbHj6uD0aGkE5oN4iJtPqV";
    let text = format!(
        "{{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n{body}\\n-----END PRIVATE KEY-----\\n\"}}\n"
    );
    let out = scan("key.json", &text);
    let ids: Vec<_> = out.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(ids, vec!["private-key-pem"]);
    assert!(prop(&out.findings[0], "decoded").is_none());
}

#[test]
fn malformed_encodings_are_plain_text() {
    for text in [
        "{\"auths\": {\"r\": {\"auth\": \"ZGVwbG95OlhxOHZOMm1LNHBMN=!=\"}}}\n",
        "{\"auths\": {\"r\": {\"auth\": \"eyJub3QiOiAianNvbg\"}}}\n",
        "password = \"unterminated \\\" string\n",
        "url = https://x.example/?q=%E2%28%A1&secret=%ZZ\n",
    ] {
        let out = scan("x.json", text);
        assert!(out.notes.is_empty(), "{text}: {:?}", out.notes);
        assert!(
            out.findings.iter().all(|f| prop(f, "decoded").is_none()),
            "{text}"
        );
    }
}

#[test]
fn every_decoded_stretch_of_a_file_is_reported() {
    // Two Basic headers far apart (two windows) and one close to the first.
    let pw = ["fccg:Zq8vN2mK4p", "ops:Wd4nB8xR2t", "bot:Lm3kQ9vT5y"]; // keylint:allow
    let b64 = |s: &str| {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(s)
    };
    let mut text = format!(
        "{{\"a\": \"Basic {}\",\n\"b\": \"Basic {}\",\n",
        b64(pw[0]),
        b64(pw[1])
    );
    for i in 0..40 {
        text.push_str(&format!("\"x{i}\": 1,\n"));
    }
    text.push_str(&format!("\"c\": \"Basic {}\"}}\n", b64(pw[2])));
    let out = scan("headers.json", &text);
    let lines: Vec<_> = out
        .findings
        .iter()
        .map(|f| (f.rule_id.as_str(), f.location.line))
        .collect();
    assert_eq!(
        lines,
        vec![
            ("http-basic-auth-credentials", 1),
            ("http-basic-auth-credentials", 2),
            ("http-basic-auth-credentials", 43)
        ]
    );
}

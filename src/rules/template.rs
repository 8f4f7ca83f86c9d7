//! The assignment template behind `assign = "…"` rules.
//!
//! It matches a credential-like *name* followed by the assignment syntax of the
//! languages keylint reads, then a value:
//!
//! | syntax                              | languages                         |
//! |-------------------------------------|-----------------------------------|
//! | `name = "v"`, `name="v"`            | Python, TOML, INI, .env, shell    |
//! | `name: type = "v"`                  | Python, Rust, TypeScript          |
//! | `name := "v"`, `NAME string = "v"`  | Go                                |
//! | `name: "v"`, `"name": "v"`          | JS/TS objects, JSON, YAML, Rust   |
//! | `'name' => 'v'`, `$name = 'v'`      | PHP, Ruby, Perl                   |
//! | `d['name'] = 'v'`                   | Python, JS                        |
//! | `name: v` / `NAME=v` (unquoted)     | YAML, INI, .env (checked by the engine) |
//!
//! Captures: `name` (the credential name), `q` (the opening quote, if any) and
//! `secret` (the value up to whitespace or a quote; never starting with `=`, so
//! `secret == x` is not an assignment). The engine checks that a quoted
//! value closes with the same quote and that an unquoted value sits in a format where
//! it is a literal; that keeps the regex simple without backreferences.

/// Characters that may extend an identifier around the credential word
/// (`binance_api_secret`, `X-MBX-APIKEY`, `exchange.secret`).
const IDENT: &str = r"[A-Za-z0-9_.\-]";

/// Wrap a case-insensitive name fragment (`api[_.-]?key|secret`) in the template.
pub fn assignment_regex(names: &str) -> String {
    format!(
        concat!(
            r"(?:^|[^A-Za-z0-9_])",
            r"(?P<name>{ident}*?(?i:{names}){ident}*)",
            r#"["'`]?\]?[ \t]*"#,
            r"(?:",
            r":[ \t]*[A-Za-z_&][A-Za-z0-9_<>\[\]&'. ]*?[ \t]*=",
            r"|[ \t][A-Za-z_*\[][A-Za-z0-9_.*\[\]]*[ \t]*=",
            r"|:=|=>|=|:",
            r")[ \t]*",
            r#"(?:[rRbBuU]{{0,2}}(?P<q>["'`]))?"#,
            r#"(?P<secret>[^\s"'`=][^\s"'`]*)"#,
        ),
        ident = IDENT,
        names = names,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::bytes::Regex;

    fn cap(hay: &str) -> Option<(String, String, String)> {
        let re = Regex::new(&format!("(?m){}", assignment_regex("api[_.-]?key|secret"))).unwrap();
        let c = re.captures(hay.as_bytes())?;
        let s = |n| {
            c.name(n)
                .map(|m| String::from_utf8_lossy(m.as_bytes()).into_owned())
                .unwrap_or_default()
        };
        Some((s("name"), s("q"), s("secret")))
    }

    #[test]
    fn matches_each_language_form() {
        let want =
            |name: &str, q: &str, v: &str| Some((name.to_string(), q.to_string(), v.to_string()));
        assert_eq!(cap("api_key = \"abc\""), want("api_key", "\"", "abc"));
        assert_eq!(
            cap("API_SECRET: str = 'abc'"),
            want("API_SECRET", "'", "abc")
        );
        assert_eq!(
            cap("const API_SECRET: &str = \"abc\";"),
            want("API_SECRET", "\"", "abc")
        );
        assert_eq!(
            cap("let apiKey: string = `abc`"),
            want("apiKey", "`", "abc")
        );
        assert_eq!(cap("apiKey := \"abc\""), want("apiKey", "\"", "abc"));
        assert_eq!(
            cap("\tSECRET_KEY string = \"abc\""),
            want("SECRET_KEY", "\"", "abc")
        );
        assert_eq!(
            cap("$api_secret = \"abc\";"),
            want("api_secret", "\"", "abc")
        );
        assert_eq!(cap("{\"apiKey\": \"abc\"}"), want("apiKey", "\"", "abc"));
        assert_eq!(cap("  secret: abc"), want("secret", "", "abc"));
        assert_eq!(
            cap("export BINANCE_SECRET=abc"),
            want("BINANCE_SECRET", "", "abc")
        );
        assert_eq!(cap("cfg['secret'] = 'abc'"), want("secret", "'", "abc"));
        assert_eq!(cap("'secret' => 'abc'"), want("secret", "'", "abc"));
        assert_eq!(
            cap("Client(api_key=r\"abc\")"),
            want("api_key", "\"", "abc")
        );
        assert_eq!(cap("X-MBX-APIKEY: abc"), want("X-MBX-APIKEY", "", "abc"));
    }

    #[test]
    fn does_not_match_comparisons_or_other_words() {
        assert_eq!(cap("if secret == other:"), None);
        assert_eq!(cap("keys = 1"), None);
        assert_eq!(
            cap("mysecretary = 'x'").map(|c| c.0),
            Some("mysecretary".into())
        );
    }
}

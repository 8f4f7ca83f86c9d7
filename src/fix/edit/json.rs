//! JSON (with comments, as freqtrade reads it) has no environment lookup. Where the
//! program reading the file documents an environment override, the value is blanked
//! (`""`) and moves to `.env` under the override's name:
//!
//! - **freqtrade** (`config*.json` with an `exchange` object): every setting is
//!   overridden by `FREQTRADE__<SECTION>__<KEY>` (freqtrade `docs/configuration.md`,
//!   "Environment variables"; `freqtrade/configuration/environment_vars.py` lowercases
//!   the key path and turns numbers and `true`/`false` into numbers and booleans).
//!   So a value under a key with capitals (`walletAddress`), inside a list, or that
//!   would be read back as a number or boolean is skipped.
//! - **OctoBot** (`exchanges.<name>.api-key`): no override — OctoBot reads exchange
//!   keys only from its config (its `config_file_manager.py` encrypts them in place on
//!   load); only its test helpers read them from the environment. Skipped, with how
//!   to enter the key in OctoBot instead.
//!
//! Any other JSON file is skipped with the reason.

use std::ops::Range;

use super::super::plan::{FileCtx, FilePlan, Hint, Site, SitePlan};
use super::super::text::Edit;

/// A string value with the keys leading to it (`None` for a list index).
#[derive(Debug)]
struct Value {
    path: Vec<Option<String>>,
    /// The literal, quotes included.
    range: Range<usize>,
}

/// Every string value of a JSON(C) document with its key path; `None` if the text is
/// not a JSON object or array.
fn strings(b: &[u8]) -> Option<Vec<Value>> {
    let mut out = Vec::new();
    // Stack of containers: (is_object, key of the current member).
    let mut stack: Vec<(bool, Option<String>)> = Vec::new();
    let mut path: Vec<Option<String>> = Vec::new();
    let mut expect_key = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\r' | b'\n' | b',' | b':' => {
                if b[i] == b',' {
                    expect_key = stack.last().is_some_and(|s| s.0);
                }
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += memchr::memmem::find(&b[i + 2..], b"*/")? + 4;
            }
            b'{' | b'[' => {
                let obj = b[i] == b'{';
                if let Some(top) = stack.last() {
                    path.push(if top.0 { top.1.clone() } else { None });
                }
                stack.push((obj, None));
                expect_key = obj;
                i += 1;
            }
            b'}' | b']' => {
                stack.pop()?;
                if !stack.is_empty() {
                    path.pop();
                }
                expect_key = false;
                i += 1;
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                let range = start..i.min(b.len());
                let top = stack.last_mut()?;
                if expect_key {
                    let key: String = serde_json::from_slice(&b[range]).ok()?;
                    top.1 = Some(key);
                    expect_key = false;
                } else {
                    let mut p = path.clone();
                    p.push(if top.0 { top.1.clone() } else { None });
                    out.push(Value { path: p, range });
                }
            }
            _ => {
                // A number, true, false or null.
                while i < b.len()
                    && !matches!(
                        b[i],
                        b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t' | b'/'
                    )
                {
                    i += 1;
                }
            }
        }
    }
    stack.is_empty().then_some(out)
}

/// What reads this JSON file.
#[derive(Debug, PartialEq, Eq)]
enum Framework {
    Freqtrade,
    OctoBot,
    /// A Google Cloud service-account key file.
    ServiceAccount,
    Unknown,
}

fn framework(values: &[Value], b: &[u8]) -> Framework {
    let b_is = |v: &Value, text: &[u8]| &b[v.range.clone()] == text;
    let under = |top: &str, key: &str| {
        values.iter().any(|v| {
            v.path.first().and_then(|p| p.as_deref()) == Some(top)
                && v.path.get(1).and_then(|p| p.as_deref()) == Some(key)
        })
    };
    let top = |k: &str| {
        values
            .iter()
            .any(|v| v.path.first().and_then(|p| p.as_deref()) == Some(k))
    };
    let service_account = values
        .iter()
        .any(|v| v.path == [Some("type".to_string())] && b_is(v, b"\"service_account\""));
    if service_account && top("private_key") {
        return Framework::ServiceAccount;
    }
    let octobot = values.iter().any(|v| {
        v.path.first().and_then(|p| p.as_deref()) == Some("exchanges")
            && v.path
                .get(2)
                .and_then(|p| p.as_deref())
                .is_some_and(|k| k.starts_with("api-"))
    });
    if octobot {
        return Framework::OctoBot;
    }
    // freqtrade: its sections, recognised by keys only it puts there.
    let freqtrade = under("exchange", "name")
        || under("exchange", "key")
        || under("exchange", "secret")
        || under("telegram", "chat_id")
        || under("telegram", "token") && top("telegram")
        || under("api_server", "jwt_secret_key")
        || under("api_server", "ws_token")
        || under("discord", "webhook_url")
        || top("stake_currency");
    if freqtrade {
        Framework::Freqtrade
    } else {
        Framework::Unknown
    }
}

pub(crate) fn plan(cx: &FileCtx, sites: &[&Site]) -> FilePlan {
    let b = &cx.text.bytes;
    let Some(values) = strings(b) else {
        return FilePlan::skip_all(sites.len(), "it does not read as JSON");
    };
    let fw = framework(&values, b);
    let mut out = FilePlan::default();
    for (idx, site) in sites.iter().enumerate() {
        let r = match fw {
            Framework::Freqtrade => freqtrade(b, &values, site, idx),
            Framework::OctoBot => Err(
                "OctoBot reads its credentials only from its config, with no environment override: \
                 blank the value here and enter it in OctoBot's web interface on the machine that runs it"
                    .to_string(),
            ),
            Framework::ServiceAccount => Err(
                "a service-account key file: remove it from git (`git rm --cached`), keep it outside \
                 the repository and point GOOGLE_APPLICATION_CREDENTIALS at it"
                    .to_string(),
            ),
            Framework::Unknown => Err(unknown_reason(cx.rel)),
        };
        match r {
            Ok((plan, edit)) => {
                out.results.push(Ok(plan));
                out.edits.push(edit);
            }
            Err(e) => out.results.push(Err(e)),
        }
    }
    out
}

fn unknown_reason(rel: &str) -> String {
    if rel.ends_with(".ipynb") {
        return "notebooks are not rewritten".into();
    }
    "JSON has no environment lookup and keylint knows no environment override for this file \
     (it knows freqtrade's); move the value out by hand"
        .into()
}

fn freqtrade(
    b: &[u8],
    values: &[Value],
    site: &Site,
    idx: usize,
) -> Result<(SitePlan, Edit), String> {
    let v = values
        .iter()
        .find(|v| v.range.start < site.span.start && site.span.end < v.range.end)
        .ok_or("not a JSON string value")?;
    if site.span != (v.range.start + 1..v.range.end - 1) {
        return Err("part of a longer string: freqtrade's override replaces whole values".into());
    }
    let mut keys = Vec::new();
    for p in &v.path {
        let k = p
            .as_deref()
            .ok_or("inside a list, which freqtrade's environment override cannot reach")?;
        if !k
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(format!(
                "freqtrade lowercases environment keys, so it cannot override `{k}`"
            ));
        }
        keys.push(k.to_ascii_uppercase());
    }
    let value: String =
        serde_json::from_slice(&b[v.range.clone()]).map_err(|_| "not a JSON string")?;
    let last = keys.last().map_or("", String::as_str);
    let typed = value.parse::<i64>().is_ok()
        || value.parse::<f64>().is_ok()
        || matches!(
            value.to_ascii_lowercase().as_str(),
            "t" | "true" | "f" | "false"
        );
    if typed && !matches!(last, "CHAT_ID" | "PASSWORD") {
        return Err(
            "freqtrade would read this value back from the environment as a number or boolean"
                .into(),
        );
    }
    let name = format!("FREQTRADE__{}", keys.join("__"));
    Ok((
        SitePlan {
            value,
            hint: Hint::Exact(name),
            read: "freqtrade's environment override (the value is blanked)".into(),
        },
        Edit::new(v.range.clone(), "\"\"", Some(idx)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_paths_of_string_values() {
        let b = br#"{ // c
  "exchange": {"name": "kraken", "key": "k1", /* x */ "pairs": ["A", "B"],},
  "telegram": {"token": "t"}
}"#;
        let v = strings(b).unwrap();
        let shown: Vec<String> = v
            .iter()
            .map(|v| {
                let p: Vec<&str> = v
                    .path
                    .iter()
                    .map(|k| k.as_deref().unwrap_or("[]"))
                    .collect();
                format!(
                    "{}={}",
                    p.join("."),
                    String::from_utf8_lossy(&b[v.range.clone()])
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                "exchange.name=\"kraken\"",
                "exchange.key=\"k1\"",
                "exchange.pairs.[]=\"A\"",
                "exchange.pairs.[]=\"B\"",
                "telegram.token=\"t\""
            ]
        );
        assert_eq!(framework(&v, b), Framework::Freqtrade);
        assert!(strings(b"{\"a\": [}").is_none());
    }
}

//! Tell: judged matches become [`Finding`]s people read — the message naming the
//! thing, the redacted excerpt (`snippet`), the help fitted to the file (`advice`),
//! related locations and the key-set property. Nothing here decides whether a match
//! is reported.

pub mod advice;
pub mod capabilities;
pub mod repository;
pub mod snippet;

use std::ops::Range;

use crate::find::Match;
use crate::finding::{Finding, Location, Related, Suppressed};
use crate::judge::{Judged, Verdict, pairing};
use crate::redact::Secret;
use crate::rules::RuleSet;
use crate::source::Source;

/// Word the findings of one source: reported ones go to `findings`, ones held back by
/// an inline marker to `suppressed`. Every judged value is masked in every excerpt,
/// allowlisted ones too.
pub fn tell(
    rules: &RuleSet,
    src: &Source,
    judged: Vec<Judged>,
    findings: &mut Vec<Finding>,
    suppressed: &mut Vec<Suppressed>,
) {
    let spans: Vec<Range<usize>> = judged
        .iter()
        .flat_map(|j| pairing::spans(&j.paired.m))
        .collect();
    let secrets = snippet::Secrets::new(src.bytes(), &spans);
    for j in judged {
        let marker = match j.verdict {
            Verdict::Allowlisted => continue,
            Verdict::Suppressed(marker) => Some(marker),
            Verdict::Report => None,
        };
        let sample = j.sample;
        let mut finding = finding(rules, src, j.paired, j.secret, j.fingerprint, &secrets);
        if let Some(cx) = sample {
            finding.properties.push((
                "sample".into(),
                serde_json::json!({"context": cx.as_str(), "reason": cx.reason()}),
            ));
        }
        match marker {
            Some(marker) => suppressed.push(Suppressed {
                finding,
                marker: marker.to_string(),
            }),
            None => findings.push(finding),
        }
    }
}

/// Shortest value [`mask_values_across`] masks, in characters.
const MASKED_ACROSS_MIN: usize = 12;

/// A file's findings come from several layers (the text as written, text decoded from
/// it), each told on its own: a name, message or excerpt of one may quote a value that
/// another layer found (a base64 value decoded in one layer is the name of a binding in
/// another). Once all of a file's findings are known, every such occurrence is masked.
/// Values shorter than [`MASKED_ACROSS_MIN`] characters are left: a mask's shown head
/// (`UxTE…(20)`) may equal one, and such a value says little out of its place.
pub fn mask_values_across(findings: &mut [Finding], suppressed: &mut [Suppressed]) {
    let mut values: Vec<Vec<u8>> = findings
        .iter()
        .chain(suppressed.iter().map(|s| &s.finding))
        .filter(|f| f.secret.char_len() >= MASKED_ACROSS_MIN)
        .map(|f| f.secret.expose_secret().to_vec())
        .collect();
    if values.len() < 2 {
        return;
    }
    values.sort_unstable();
    values.dedup();
    let shown: Vec<(String, String)> = values
        .iter()
        .filter_map(|v| {
            let raw = String::from_utf8(v.clone()).ok()?;
            Some((raw, Secret::new(v).redacted()))
        })
        .collect();
    let mask = |text: &mut String, mut label: Option<&mut Range<usize>>| {
        for (raw, masked) in &shown {
            let mut from = 0;
            while let Some(at) = text.get(from..).and_then(|t| t.find(raw.as_str())) {
                let at = from + at;
                text.replace_range(at..at + raw.len(), masked);
                from = at + masked.len();
                if let Some(l) = label.as_deref_mut()
                    && at < l.start
                {
                    // the label (the finding's own masked value) moves with the text
                    let shift = |x: usize| (x + masked.len()).saturating_sub(raw.len());
                    *l = shift(l.start)..shift(l.end);
                }
            }
        }
    };
    for f in findings
        .iter_mut()
        .chain(suppressed.iter_mut().map(|s| &mut s.finding))
    {
        mask(&mut f.message, None);
        mask(&mut f.remediation, None);
        if let Some(n) = &mut f.name {
            mask(n, None);
        }
        if let Some(s) = &mut f.snippet {
            mask(&mut s.text, Some(&mut s.label));
        }
        for r in &mut f.related {
            mask(&mut r.message, None);
            if let Some(s) = &mut r.snippet {
                mask(&mut s.text, Some(&mut s.label));
            }
        }
    }
}

/// The finding for one judged match: message, help, excerpts, related locations.
fn finding(
    rules: &RuleSet,
    src: &Source,
    paired: pairing::Paired,
    secret: Secret,
    fingerprint: String,
    secrets: &snippet::Secrets,
) -> Finding {
    let pairing::Paired {
        m,
        severity,
        halves,
    } = paired;
    let rule = &rules.rules()[m.rule];
    // Reported where its region starts (a PEM block's BEGIN line), else at the value.
    let here = location(src, m.region.clone().unwrap_or_else(|| m.span.clone()));
    // A name holding a secret found in this file (`AKIA…_ID = "AKIA…"`, or a value
    // that is also the name of the next assignment) would print it in the message
    // and the help; such a name is not used.
    let name = m
        .name
        .as_deref()
        .filter(|n| !secrets.occurs_in(n.as_bytes()));
    let message = m
        .message
        .clone()
        .unwrap_or_else(|| default_message(&rule.name, name.map(sanitize_name).as_deref()));
    // Messages built before the file's values were all known (a key set's, a
    // syntax-aware pass's) can quote such a name too.
    let message =
        without_found_values(message, secrets).unwrap_or_else(|| default_message(&rule.name, None));
    // Every location of the finding, so their excerpts cut shared lines alike.
    let view: Vec<Range<usize>> = std::iter::once(m.span.clone())
        .chain(m.related.iter().map(|(s, _)| s.clone()))
        .chain(m.context.iter().map(|(s, _)| s.clone()))
        .collect();
    Finding {
        rule_id: rule.id.clone(),
        rule_name: rule.name.clone(),
        detector: m.detector,
        severity,
        confidence: m.confidence,
        secret,
        fingerprint,
        message,
        remediation: advice::help_for(rule, src.path(), src.lang(), name),
        revoke_url: rule.revoke_url.clone(),
        related: m
            .related
            .iter()
            .map(|r| (r, true))
            .chain(m.context.iter().map(|c| (c, false)))
            .map(|((span, note), is_secret)| Related {
                location: location(src, span.clone()),
                message: without_found_values(note.clone(), secrets)
                    .unwrap_or_else(|| "related location".to_string()),
                snippet: Some(snippet::build_among(src, span, &view, secrets)),
                is_secret,
                rule_id: halves
                    .iter()
                    .find(|(_, s)| is_secret && s == span)
                    .map(|(r, _)| rules.rules()[*r].id.clone()),
            })
            .collect(),
        also_matched: m
            .also_matched
            .iter()
            .map(|&i| rules.rules()[i].id.clone())
            .collect(),
        commit: None,
        failing: true,
        history: None,
        properties: key_set_property(rules, src, &m, &halves),
        snippet: Some(snippet::build_among(src, &m.span, &view, secrets)),
        location: here,
        name: name.map(str::to_string),
    }
}

/// `key_set`: every half of a merged key set, the finding's own first, as
/// `{rule, role, line}` (the related locations say where; this says what).
fn key_set_property(
    rules: &RuleSet,
    src: &Source,
    m: &Match,
    halves: &[(usize, Range<usize>)],
) -> Vec<(String, serde_json::Value)> {
    if halves.is_empty() {
        return Vec::new();
    }
    let half = |rule: usize, span: &Range<usize>| {
        let r = &rules.rules()[rule];
        serde_json::json!({
            "rule": r.id,
            "role": r.pair.as_ref().map(|p| p.role.as_str()),
            "line": src.line_col(span.start).0,
        })
    };
    let list = std::iter::once(half(m.rule, &m.span))
        .chain(halves.iter().map(|(r, s)| half(*r, s)))
        .collect();
    vec![("key_set".to_string(), serde_json::Value::Array(list))]
}

/// The location of a byte span of `src`.
pub fn location(src: &Source, span: Range<usize>) -> Location {
    let (line, column) = src.line_col(span.start);
    let (end_line, end_column) = src.line_col(span.end);
    Location {
        path: src.path().to_string(),
        path_bytes: src.path_bytes().map(<[u8]>::to_vec),
        line,
        column,
        end_line,
        end_column,
        byte_start: span.start,
        byte_end: span.end,
    }
}

/// Credential names come from file content: keep them printable and short.
/// `text` (a message or a related note) without any backtick-quoted name that holds
/// a value found in the file: ` (`name`)` and ` assigned to `name`` are dropped, any
/// other quote becomes `` `…` ``. Names are quoted from the source, and broken code can
/// make a name of a value (`secret: 'AB…CDKey: 'v'` names `AB…CDKey`). `None` if a
/// found value is still in the text.
fn without_found_values(text: String, secrets: &snippet::Secrets) -> Option<String> {
    if !secrets.occurs_in(text.as_bytes()) {
        return Some(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('`') {
        let Some(len) = rest[open + 1..].find('`') else {
            break;
        };
        let close = open + len + 2;
        let (before, quoted, after) = (&rest[..open], &rest[open + 1..close - 1], &rest[close..]);
        if !secrets.occurs_in(quoted.as_bytes()) {
            out.push_str(&rest[..close]);
            rest = after;
        } else if let (Some(head), Some(tail)) =
            (before.strip_suffix(" ("), after.strip_prefix(')'))
        {
            out.push_str(head);
            rest = tail;
        } else if let Some(head) = before.strip_suffix(" assigned to ") {
            out.push_str(head);
            rest = after;
        } else {
            out.push_str(before);
            out.push_str("`…`");
            rest = after;
        }
    }
    out.push_str(rest);
    (!secrets.occurs_in(out.as_bytes())).then_some(out)
}

/// `hardcoded <rule name>[ assigned to `<name>`]`; a rule name that already says
/// "hardcoded" (a custom rule's) is not prefixed twice.
fn default_message(rule_name: &str, name: Option<&str>) -> String {
    let what = match rule_name.get(..10) {
        Some(head) if head.eq_ignore_ascii_case("hardcoded ") => &rule_name[10..],
        _ => rule_name,
    };
    match name {
        Some(name) => format!("hardcoded {what} assigned to `{name}`"),
        None => format!("hardcoded {what}"),
    }
}

fn sanitize_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).take(64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::engine::Engine;

    fn messages(path: &str, text: &str) -> Vec<(String, String)> {
        let e = Engine::from_config(&Config::default()).unwrap();
        crate::rulecheck::scan_text(&e, path, text)
            .findings
            .into_iter()
            .map(|f| (f.rule_id, f.message))
            .collect()
    }

    #[test]
    fn default_message_forms() {
        assert_eq!(
            default_message("Generic password", Some("db_password")),
            "hardcoded Generic password assigned to `db_password`"
        );
        assert_eq!(
            default_message("OKX API passphrase", None),
            "hardcoded OKX API passphrase"
        );
        // a rule name that says "hardcoded" itself is not prefixed twice
        assert_eq!(
            default_message("Hardcoded password", Some("pwd")),
            "hardcoded password assigned to `pwd`"
        );
        assert_eq!(default_message("Hardcoded", None), "hardcoded Hardcoded");
    }

    #[test]
    fn an_assigned_password_is_named_once() {
        let got = messages("app.py", "db_password = \"Kq7vX2pLm9zR4t\"\n"); // keylint:allow
        assert_eq!(
            got,
            vec![(
                "generic-password".to_string(),
                "hardcoded Generic password assigned to `db_password`".to_string()
            )]
        );
    }

    #[test]
    fn string_from_and_data_constructors_are_not_client_arguments() {
        // A 64-character literal wrapped in `String::from` in a file that mentions
        // binance is not "passed positionally" to a client.
        let rust = "// binance\nlet s = String::from(\"Te6abwK6BzpU1pDRPGcM8LxmD90GqSvyEOHdgrg6DTNpipZAf6g6OLRjUTL6NuO7\");\n";
        assert!(
            !messages("a.rs", rust)
                .iter()
                .any(|(id, _)| id.starts_with("binance-api-key-argument")),
            "{:?}",
            messages("a.rs", rust)
        );
        // 16-character literals given to value types are not Coinbase v2 keys.
        let py = "# coinbase\nd = DataType(\"MarkPriceUpdate1\")\nv = Venue(\"CRYPTOCOMEXCHANG\")\nx = has.get('fetchPermissionz')\n";
        assert!(
            !messages("a.py", py)
                .iter()
                .any(|(id, _)| id.starts_with("coinbase-api")),
            "{:?}",
            messages("a.py", py)
        );
    }

    #[test]
    fn a_client_argument_is_named_by_its_rule() {
        let py = "from coinbase.wallet.client import Client\nclient = Client('4GWCJGau8Z8LlXuk', os.environ['COINBASE_SECRET'])\n"; // keylint:allow
        assert_eq!(
            messages("bot.py", py),
            vec![(
                "coinbase-api-key-argument".to_string(),
                // the code-aware pass names the parameter and the call
                "string literal passed as `api_key` to `Client`".to_string()
            )]
        );
    }

    #[test]
    fn a_client_constructor_takes_key_and_secret_by_position() {
        let cs = "// exchange api_key and secret\nvar c = new ApiCredentials(\"pj9vgitnTAvSRfPvL5eYuoIXpzBfqH4hLZy6282H\", \"VECqga5mDfpAEBzr2XKXWEvSQuAONkWPGGWJZmeQ\");\n"; // keylint:allow
        let got = messages("Bot.cs", cs);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got[1].1.starts_with(
                "hardcoded Generic secret passed to `ApiCredentials` as its argument 2"
            ),
            "{got:?}"
        );
        // weak or structured arguments are not keys, whatever the call
        for quiet in [
            "// secret\nvar c = new RestClient(\"localhost\", \"8080\");\n",
            "// secret\nvar c = new ApiClient(\"https://api.example.com/v1\", \"application/json\");\n",
        ] {
            assert_eq!(messages("Bot.cs", quiet), vec![], "{quiet}");
        }
    }

    #[test]
    fn keystore_and_signing_passwords_are_passwords() {
        for (path, text) in [
            ("gradle.properties", "KEYSTORE_PASSWORD=Xk9#mQ2v!Lp7wR4zT\n"), // keylint:allow
            ("app/build.gradle", "storePassword \"Xk9#mQ2v!Lp7wR4zQ\"\n"),  // keylint:allow
        ] {
            let got = messages(path, text);
            assert!(
                got.iter().any(|(id, _)| id == "generic-password"),
                "{path}: {got:?}"
            );
        }
        // a list of keys is not a key
        assert_eq!(messages("a.py", "api_keys = [\"a\", \"b\"]\n"), vec![]);
    }

    #[test]
    fn credential_stores_and_password_hashes() {
        let row = "db.internal:5432:trades:trader:Pt6Vkdqa5msABhXAu\n"; // keylint:allow
        assert_eq!(messages(".pgpass", row).len(), 1);
        assert_eq!(messages("notes.txt", row), vec![]);
        // what a server stores is not the password, under any rule
        for hashed in [
            "\"reporting\" \"md576326efbe0964b3c2524639f75cf8d37\"\n",
            "OKX_PASSPHRASE='$argon2id$v=19$m=65536,t=3,p=4$/UFolqFwEyONGJ+ExekPPA$fdDGMsIaew7xZ0uMejUDLf2D91TvPHB9D8J4IiINd70'\n",
        ] {
            assert_eq!(messages("userlist.txt", hashed), vec![], "{hashed}");
        }
    }

    #[test]
    fn a_key_id_names_the_key_and_is_not_part_of_it() {
        let e = Engine::from_config(&Config::default()).unwrap();
        let sa = "{\n  \"type\": \"service_account\",\n  \"private_key_id\": \"0ab4e27340fcac5b46cadc868aeb75cf0dbb17e5\",\n  \"private_key\": \"-----BEGIN PRIVATE KEY-----\\nEPACn/5kGFbGYdvmIvL7kWkueSK1d18uHDnmZ+pcgpf1aHYhFvmuzTT0vXM3aDwA\\nUUSCUlFKY8Zdrxk1BiZMbUp7hv9tQS8oIQTFfNvrfOV3mKlStkzFIPQI8Ac5tUHR\\n3wWCP04zpJE52lZDOosVrdiRVvttXp7vq0eGqaDA==\\n-----END PRIVATE KEY-----\\n\"\n}\n"; // keylint:allow
        let out = crate::rulecheck::scan_text(&e, "sa.json", sa);
        let f = out
            .findings
            .iter()
            .find(|f| f.rule_id == "gcp-service-account-private-key")
            .expect("the private key is reported");
        assert!(
            f.related.iter().any(|r| r.location.line == 3
                && r.message.contains("which names this key (not a secret)")),
            "{:?}",
            f.related
        );
    }
}

//! Named value shapes a rule can `reject`: values that have a credential's alphabet
//! and length but are something else (a UUID used as an id, a dotted identifier, an
//! ARN, a hex colour, an encrypted blob).
//!
//! The shapes are data: `[[shape]]` tables in `rules/placeholders.toml`, each with a
//! `name`, an anchored `regex` and a `note`. A rule lists the ones it never reports
//! (`reject = ["uuid", "identifier"]`); an unknown name is a rule-load error. A shape
//! marked `always = true` (password hashes) is rejected by every rule.

use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;

use super::builtin;

/// One `[[shape]]` table as written in `rules/placeholders.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShapeDef {
    pub name: String,
    /// Matched against the whole value (keylint anchors it).
    pub regex: String,
    /// Why a value of this shape is not a credential.
    pub note: String,
    /// Never a credential under any name (a password hash): every rule rejects it,
    /// listed or not.
    #[serde(default)]
    pub always: bool,
}

/// A compiled shape.
#[derive(Debug)]
pub struct Shape {
    pub name: String,
    pub note: String,
    pub always: bool,
    regex: Regex,
}

impl Shape {
    pub fn matches(&self, value: &[u8]) -> bool {
        self.regex.is_match(value)
    }
}

#[derive(Deserialize)]
struct ShapeFile {
    #[serde(default)]
    shape: Vec<ShapeDef>,
}

/// Compile shape tables; a bad regex is reported with the shape's name.
pub fn compile(defs: &[ShapeDef]) -> Result<Vec<Shape>, String> {
    defs.iter()
        .map(|d| {
            RegexBuilder::new(&format!("^(?:{})$", d.regex))
                .size_limit(super::REGEX_SIZE_LIMIT)
                .build()
                .map(|regex| Shape {
                    name: d.name.clone(),
                    note: d.note.clone(),
                    always: d.always,
                    regex,
                })
                .map_err(|e| format!("shape `{}`: {e}", d.name))
        })
        .collect()
}

/// The built-in shapes from `rules/placeholders.toml` (a unit test checks they load).
pub fn builtin() -> &'static [Shape] {
    static SHAPES: OnceLock<Vec<Shape>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        let text = builtin::data_file("placeholders.toml").unwrap_or("");
        toml::from_str::<ShapeFile>(text)
            .ok()
            .and_then(|f| compile(&f.shape).ok())
            .unwrap_or_default()
    })
}

pub fn lookup(name: &str) -> Option<&'static Shape> {
    builtin().iter().find(|s| s.name == name)
}

/// The shapes every rule rejects ([`ShapeDef::always`]).
pub fn always() -> impl Iterator<Item = &'static Shape> {
    builtin().iter().filter(|s| s.always)
}

pub fn names() -> Vec<&'static str> {
    builtin().iter().map(|s| s.name.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is(name: &str, v: &str) -> bool {
        lookup(name)
            .unwrap_or_else(|| panic!("no shape {name}"))
            .matches(v.as_bytes())
    }

    #[test]
    fn builtin_shapes_load() {
        let text = builtin::data_file("placeholders.toml").unwrap();
        let file: ShapeFile = toml::from_str(text).unwrap();
        let compiled = compile(&file.shape).unwrap();
        assert_eq!(compiled.len(), builtin().len());
        assert!(!compiled.is_empty());
    }

    #[test]
    fn shapes_tell_ids_from_keys() {
        assert!(is("uuid", "0bc01e21-03c9-4b98-9433-6229cbf1ef1c"));
        assert!(!is("uuid", "0bc01e21-03c9-4b98-9433-6229cbf1ef1"));
        assert!(is("identifier", "StreamingDistributionList.NextMarker"));
        assert!(is("identifier", "$serde_json::private::Number"));
        assert!(is("identifier", "CLIENT_HANDSHAKE_TRAFFIC_SECRET"));
        assert!(is("identifier", "waitForTaskToken"));
        assert!(is("identifier", "no-password-required"));
        assert!(!is("identifier", "LWb3XtU2NSqoaHT7HrbGDxfEpPAoPckC"));
        assert!(!is(
            "identifier",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk" // keylint:allow
        ));
        assert!(is("no-digit", "SomeEncryptedToken"));
        assert!(!is("no-digit", "Some3ncryptedToken"));
        assert!(is(
            "no-letter",
            "49542672486831074009579604567656788214806863282469607346"
        ));
        assert!(is(
            "arn",
            "arn:aws:secretsmanager:us-west-2:111122223333:secret:x"
        ));
        assert!(is("hex-colour", "#a1b2c3"));
        assert!(!is("hex-colour", "#a1b2c3d"));
        assert!(is(
            "encrypted",
            "ENC[AES256_GCM,data:Tr7o=,iv:x,tag:y,type:str]"
        ));
        assert!(is("encrypted", "U2FsdGVkX18vvPlOqb7RDrWRWVFBJI46MOIAb"));
        // an Ansible Vault block taken whole as a YAML block value (`!vault |`)
        assert!(is(
            "encrypted",
            "$ANSIBLE_VAULT;1.1;AES256\n          3133646534\n          6237626331"
        ));
        assert!(is("url", "https://example.org/x"));
        // an escape of a printable character is URL-encoded text; `%d6` is not one
        assert!(is("percent-encoded", "p%40ss%20word"));
        assert!(!is("percent-encoded", "rc%d6KVq!#i6rqg9"));
        assert!(!is("percent-encoded", "JYqRTDwm.Q%8ck*"));
        assert!(is("password-hash", "md576326efbe0964b3c2524639f75cf8d37"));
        assert!(always().any(|s| s.name == "password-hash"));
    }
}

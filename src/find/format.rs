//! Offline validators, referenced from rules by name (`validator = "…"`).
//!
//! ## What it does
//! Each validator checks a candidate's structure: length, alphabet, numeric range or
//! checksum. A rule with a validator reports only values that pass, with high confidence.
//!
//! ## Why is this bad?
//! Formats with structure (an EVM key is a number below the secp256k1 order, a
//! Telegram token starts with the bot's numeric id) can be told apart from random
//! text offline, which removes false positives without sending anything anywhere.
//!
//! ## Example
//! `PRIVATE_KEY = "0x4c08…2318"` passes `evm_private_key`; a value of all `f`s
//! (above the curve order) does not. Use instead: `PRIVATE_KEY = os.environ["PRIVATE_KEY"]`.
//!
//! ## Known limitations
//! Validators never make a network call, so they cannot tell a live key from a
//! revoked one.
//!
//! ## Configuration
//! None: rules pick validators by name; an unknown name is a rule-load error.

/// A named structural check. `Err` carries the reason for rejecting.
pub struct Validator {
    pub name: &'static str,
    pub check: fn(&[u8]) -> Result<(), &'static str>,
}

impl std::fmt::Debug for Validator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Validator({})", self.name)
    }
}

static VALIDATORS: &[Validator] = &[
    Validator {
        name: "evm_private_key",
        check: evm_private_key,
    },
    Validator {
        name: "telegram_bot_token",
        check: telegram_bot_token,
    },
    Validator {
        name: "aws_access_key_id",
        check: aws_access_key_id,
    },
    Validator {
        name: "pem_private_key",
        check: pem_private_key,
    },
    Validator {
        name: "solana_keypair",
        check: wallet::solana_keypair_base58,
    },
    Validator {
        name: "solana_keypair_json",
        check: wallet::solana_keypair_json,
    },
    Validator {
        name: "bitcoin_wif",
        check: wallet::bitcoin_wif,
    },
    Validator {
        name: "bip32_extended_private_key",
        check: wallet::bip32_extended_private_key,
    },
    Validator {
        name: "bip39_mnemonic",
        check: wallet::bip39_mnemonic,
    },
    Validator {
        name: "github_token_checksum",
        check: wallet::github_token_checksum,
    },
    Validator {
        name: "fernet_token",
        check: wallet::fernet_token,
    },
    Validator {
        name: "base64_64_bytes",
        check: base64_64_bytes,
    },
    Validator {
        name: "discord_bot_token",
        check: discord_bot_token,
    },
    Validator {
        name: "jwt",
        check: jwt,
    },
];

pub fn lookup(name: &str) -> Option<&'static Validator> {
    VALIDATORS.iter().find(|v| v.name == name)
}

pub fn names() -> Vec<&'static str> {
    VALIDATORS.iter().map(|v| v.name).collect()
}

/// Run the validator a rule names (one of [`crate::rules::VALIDATORS`]).
pub fn check(name: &str, value: &[u8]) -> Result<(), &'static str> {
    match lookup(name) {
        Some(v) => (v.check)(value),
        None => Err("unknown validator"),
    }
}

mod wallet;
pub use wallet::{Bip39Words, bip39_words, is_phrase_separator};

/// The order n of secp256k1; a private key k is valid iff 1 <= k < n.
const SECP256K1_ORDER: [u8; 32] = [
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE,
    0xBA, 0xAE, 0xDC, 0xE6, 0xAF, 0x48, 0xA0, 0x3B, 0xBF, 0xD2, 0x5E, 0x8C, 0xD0, 0x36, 0x41, 0x41,
];

/// 64 hex digits (optionally `0x`-prefixed) encoding a scalar in secp256k1's range.
fn evm_private_key(value: &[u8]) -> Result<(), &'static str> {
    let hex = value
        .strip_prefix(b"0x")
        .or_else(|| value.strip_prefix(b"0X"))
        .unwrap_or(value);
    if hex.len() != 64 {
        return Err("not 64 hex digits");
    }
    let mut key = [0u8; 32];
    hex::decode_to_slice(hex, &mut key).map_err(|_| "not hexadecimal")?;
    scalar_in_secp256k1_range(&key)
}

/// Whether 32 big-endian bytes are a valid secp256k1 private key: 1 <= k < n.
pub(crate) fn scalar_in_secp256k1_range(key: &[u8; 32]) -> Result<(), &'static str> {
    if key.iter().all(|&b| b == 0) {
        return Err("zero is not a valid key");
    }
    if *key >= SECP256K1_ORDER {
        return Err("outside the secp256k1 range");
    }
    Ok(())
}

/// `<bot id>:<35 url-safe base64 chars>`; the id is 8–10 digits without a leading zero.
fn telegram_bot_token(value: &[u8]) -> Result<(), &'static str> {
    let colon = value.iter().position(|&b| b == b':').ok_or("no `:`")?;
    let (id, token) = (&value[..colon], &value[colon + 1..]);
    if !(8..=10).contains(&id.len()) || !id.iter().all(u8::is_ascii_digit) || id[0] == b'0' {
        return Err("bot id is not 8–10 digits");
    }
    if token.len() != 35
        || !token
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
    {
        return Err("token part is not 35 url-safe base64 characters");
    }
    Ok(())
}

/// `AKIA`/`ASIA`/`ABIA`/`ACCA` + 16 base32 characters; the `…EXAMPLE` docs key is rejected.
fn aws_access_key_id(value: &[u8]) -> Result<(), &'static str> {
    if value.len() != 20 {
        return Err("not 20 characters");
    }
    if !matches!(&value[..4], b"AKIA" | b"ASIA" | b"ABIA" | b"ACCA") {
        return Err("unknown prefix");
    }
    if !value[4..]
        .iter()
        .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(b))
    {
        return Err("not base32");
    }
    if value.ends_with(b"EXAMPLE") {
        return Err("AWS documentation example key");
    }
    Ok(())
}

/// The body of a PEM private-key block (between the BEGIN and END lines): base64 of a
/// plausible key length, possibly with `\n` escapes (keys pasted into JSON or `.env`).
fn pem_private_key(value: &[u8]) -> Result<(), &'static str> {
    let text = std::str::from_utf8(value).map_err(|_| "not UTF-8")?;
    let body: String = text
        .replace("\\n", "\n")
        .lines()
        .filter(|l| !l.contains(':'))
        .flat_map(|l| l.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    if body.len() < 64 {
        return Err("key body too short");
    }
    if !body
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '"' | ','))
    {
        return Err("key body is not base64");
    }
    let first = body.chars().next().unwrap_or('A');
    if body.chars().all(|c| c == first) {
        return Err("key body is one repeated character");
    }
    Ok(())
}

/// Canonical standard base64 of exactly 64 bytes (86 characters, `==` optional): the
/// form of Kraken private keys, Azure storage account keys and Coinbase Exchange
/// secrets. Canonical encoders leave the last character's 4 unused bits zero, so a
/// random 86-character run passes only 1 time in 16.
fn base64_64_bytes(value: &[u8]) -> Result<(), &'static str> {
    use base64::Engine as _;
    let decoded = base64::engine::general_purpose::STANDARD_PAD_INDIFFERENT
        .decode(value)
        .map_err(|_| "not canonical base64")?;
    if decoded.len() != 64 {
        return Err("does not decode to 64 bytes");
    }
    Ok(())
}

/// `<base64url of the bot's numeric user id>.<6>.<27–38>`: the first part must decode
/// to the 17–20 digit snowflake id.
fn discord_bot_token(value: &[u8]) -> Result<(), &'static str> {
    use base64::Engine as _;
    let id = value.split(|&b| b == b'.').next().unwrap_or_default();
    let decoded = base64::engine::general_purpose::URL_SAFE_PAD_INDIFFERENT
        .decode(id)
        .map_err(|_| "first part is not base64url")?;
    if !(17..=20).contains(&decoded.len()) || !decoded.iter().all(u8::is_ascii_digit) {
        return Err("first part does not decode to a numeric user id");
    }
    if decoded.first() == Some(&b'0') {
        return Err("user id has a leading zero");
    }
    Ok(())
}

/// A signed JWT (`header.payload.signature`, base64url): the header decodes to a JSON
/// object naming a signing algorithm (`"alg"`, not `none`), the payload to a JSON
/// object, and the signature is there.
fn jwt(value: &[u8]) -> Result<(), &'static str> {
    use base64::Engine as _;
    let mut parts = value.split(|&b| b == b'.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("not three dot-separated parts");
    };
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let decode = |part: &[u8]| {
        let part = part
            .strip_suffix(b"==")
            .or(part.strip_suffix(b"="))
            .unwrap_or(part);
        b64.decode(part).ok()
    };
    let header = decode(header).ok_or("header is not base64url")?;
    let header = header.trim_ascii();
    if !header.starts_with(b"{") || !header.ends_with(b"}") {
        return Err("header is not a JSON object");
    }
    let text = String::from_utf8_lossy(header).replace(' ', "");
    if !text.contains("\"alg\":") {
        return Err("header names no algorithm");
    }
    if text.contains("\"alg\":\"none\"") || text.contains("\"alg\":\"NONE\"") {
        return Err("unsigned token (alg none)");
    }
    let payload = decode(payload).ok_or("payload is not base64url")?;
    if !payload.trim_ascii().starts_with(b"{") {
        return Err("payload is not a JSON object");
    }
    // Supabase/PostgREST `anon` keys are published by design (every browser client holds
    // one; row-level security guards the data). The `service_role` key is the secret.
    if String::from_utf8_lossy(&payload)
        .replace(' ', "")
        .contains("\"role\":\"anon\"")
    {
        return Err("public client key (role anon)");
    }
    if signature.len() < 16 {
        return Err("no signature");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jwt_structure() {
        // Synthetic: header {"alg":"HS256","typ":"JWT"}, payload {"sub":"1","iat":1}.
        let t = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwiaWF0IjoxfQ.Xq8vN2mK4pL7wR1tZ9yuM3nJ5oK8vS2u"; // keylint:allow
        assert_eq!(jwt(t.as_bytes()), Ok(()));
        let none = "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.Xq8vN2mK4pL7wR1tZ9yuM3nJ5oK8vS2u";
        assert_eq!(jwt(none.as_bytes()), Err("unsigned token (alg none)"));
        assert!(jwt(b"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.short").is_err());
        assert!(jwt(b"eyJzdWIiOiIxIn0.eyJzdWIiOiIxIn0.Xq8vN2mK4pL7wR1tZ9yuM3nJ5oK8vS2u").is_err());
        assert!(jwt(b"a.b.c.d").is_err());
        // {"alg":"HS256","typ":"JWT"}.{"iss":"supabase","role":"anon"}: public by design
        let b64 = |s: &str| {
            use base64::Engine as _;
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s)
        };
        let head = b64(r#"{"alg":"HS256","typ":"JWT"}"#);
        let anon = format!(
            "{head}.{}.Xq8vN2mK4pL7wR1tZ9yuM3nJ5oK8vS2u",
            b64(r#"{"iss":"supabase","role":"anon"}"#)
        );
        assert_eq!(jwt(anon.as_bytes()), Err("public client key (role anon)"));
        let service = format!(
            "{head}.{}.Xq8vN2mK4pL7wR1tZ9yuM3nJ5oK8vS2u",
            b64(r#"{"iss":"supabase","role":"service_role"}"#)
        );
        assert_eq!(jwt(service.as_bytes()), Ok(()));
    }

    fn ok(name: &str, v: &str) -> bool {
        (lookup(name).unwrap().check)(v.as_bytes()).is_ok()
    }

    #[test]
    fn evm_range() {
        assert!(ok(
            "evm_private_key",
            "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
        ));
        assert!(ok(
            "evm_private_key",
            "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"
        ));
        assert!(!ok("evm_private_key", &"f".repeat(64)));
        assert!(!ok("evm_private_key", &"0".repeat(64)));
        assert!(!ok("evm_private_key", "0x1234"));
        // n itself is out of range, n-1 is in range.
        assert!(!ok(
            "evm_private_key",
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141"
        ));
        assert!(ok(
            "evm_private_key",
            "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364140" // keylint:allow
        ));
    }

    #[test]
    fn telegram_shape() {
        let token = "123456789:AAHk3w9xQv2Lr8TzPq5Nm7Ys4Bd6Fg1Jc0E"; // keylint:allow (synthetic)
        assert!(ok("telegram_bot_token", token));
        assert!(!ok(
            "telegram_bot_token",
            "012345678:AAHk3w9xQv2Lr8TzPq5Nm7Ys4Bd6Fg1Jc0E" // keylint:allow (synthetic)
        ));
        assert!(!ok("telegram_bot_token", "123456789:short"));
    }

    #[test]
    fn aws_key_id() {
        // keylint:allow (synthetic test vector)
        assert!(ok("aws_access_key_id", "AKIAQ3EGRTVW7XYZ2ABC"));
        assert!(!ok("aws_access_key_id", "AKIAIOSFODNN7EXAMPLE"));
        assert!(!ok("aws_access_key_id", "AKIAq3egrtvw7xyz2abc"));
    }

    #[test]
    fn base64_of_64_bytes() {
        // keylint:allow (synthetic: base64 of 64 seeded random bytes)
        let key = "7NMGgWktkrc8x6W0mYT0Xl1HS8rvjWxdRO65IPH8QTxeg3Lx7qQh5O3JLDaKNx3HaHIgMthL/CcPMSZ4FHKRKw==";
        assert!(ok("base64_64_bytes", key));
        assert!(ok("base64_64_bytes", key.trim_end_matches('=')));
        // a non-zero unused bit in the last character: not what an encoder writes
        assert!(!ok("base64_64_bytes", &key.replace("Kw==", "Kx==")));
        assert!(!ok("base64_64_bytes", &key[4..]));
    }

    #[test]
    fn discord_token_starts_with_a_user_id() {
        // "123456789012345678" in base64url, then synthetic parts
        let token = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhJk2a.q8XvN2mK4pL7wR1tY6uZ3aB5cD9eF0gH1iJ"; // keylint:allow (synthetic)
        assert!(ok("discord_bot_token", token));
        // "abcdefghijklmnopqr" decodes to letters, not an id
        let letters = token.replace("MTIzNDU2Nzg5MDEyMzQ1Njc4", "YWJjZGVmZ2hpamtsbW5vcHFy");
        assert!(!ok("discord_bot_token", &letters));
    }

    #[test]
    fn unknown_names_are_absent() {
        assert!(lookup("nope").is_none());
        assert!(names().contains(&"evm_private_key"));
        assert_eq!(check("nope", b"x"), Err("unknown validator"));
    }

    #[test]
    fn rule_data_names_exactly_these_validators() {
        assert_eq!(names(), crate::rules::VALIDATORS);
    }
}

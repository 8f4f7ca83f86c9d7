//! Credential files: files whose *name* says they hold keys, whatever they hold today.
//! `keylint scan` of a directory checks that git tracks none of them and ignores them
//! all (`scan::hygiene`); this module only names them.
//!
//! - environment files: `.env`, `.env.local`, `.env.production`, `prod.env`, …
//! - private keys: `id_rsa`, `id_dsa`, `id_ecdsa`, `id_ed25519`, `*.pem`, `*.key`,
//!   `*.ppk` (a `.pem` or `.key` holding only certificates or public keys is not one)
//! - keystores: `keystore`, `*.keystore`, `*.jks`, `*.p12`, `*.pfx`, Ethereum key files
//!   (`UTC--2024-01-01T00-00-00.000Z--<address>`)
//! - secrets files: `secrets.*` and `.secrets.*` (`secrets.json`, `.secrets.toml`)
//!
//! Templates meant to be committed are not credential files: a name holding
//! `example`, `sample`, `template`, `dist`, `default` or `tmpl` (`.env.example`,
//! `secrets.sample.json`); nor are encrypted ones (SOPS `secrets.enc.yaml`,
//! `*.gpg`, `*.age`, a name holding `encrypted`).

/// What a credential file is, for the message and the advice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CredentialFile {
    Env,
    PrivateKey,
    Keystore,
    Secrets,
}

impl CredentialFile {
    /// `environment file`, `private key file`, …
    pub fn noun(self) -> &'static str {
        match self {
            CredentialFile::Env => "environment file",
            CredentialFile::PrivateKey => "private key file",
            CredentialFile::Keystore => "keystore",
            CredentialFile::Secrets => "secrets file",
        }
    }
}

/// Words that mark a template meant for git.
const TEMPLATE_WORDS: &[&str] = &["example", "sample", "template", "dist", "default", "tmpl"];

/// Words that mark an encrypted file, meant for git.
const ENCRYPTED_WORDS: &[&str] = &[".enc.", "encrypted", "sops"];
const ENCRYPTED_EXTENSIONS: &[&str] = &["enc", "gpg", "age", "asc"];

const KEY_NAMES: &[&str] = &["id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"];

/// The kind of credential file `name` (a file name, not a path) is, if any. A private
/// key by extension alone (`.pem`, `.key`) is confirmed by [`holds_private_key`].
pub fn classify(name: &str) -> Option<CredentialFile> {
    let lower = name.to_ascii_lowercase();
    if TEMPLATE_WORDS.iter().any(|w| lower.contains(w)) {
        return None;
    }
    let ext = lower.rsplit_once('.').map(|(_, e)| e);
    if ENCRYPTED_WORDS.iter().any(|w| lower.contains(w))
        || ext.is_some_and(|e| ENCRYPTED_EXTENSIONS.contains(&e))
    {
        return None;
    }
    if lower == ".env" || lower.starts_with(".env.") || ext == Some("env") {
        return Some(CredentialFile::Env);
    }
    if KEY_NAMES.contains(&lower.as_str()) || matches!(ext, Some("pem" | "key" | "ppk")) {
        return Some(CredentialFile::PrivateKey);
    }
    if lower == "keystore"
        || matches!(ext, Some("keystore" | "jks" | "p12" | "pfx"))
        || (lower.starts_with("utc--") && lower.contains("z--"))
    {
        return Some(CredentialFile::Keystore);
    }
    if lower.starts_with("secrets.") || lower.starts_with(".secrets.") {
        return Some(CredentialFile::Secrets);
    }
    None
}

/// Whether a credential file of `kind` named `name` must be confirmed by its content:
/// `.pem` and `.key` are also used for certificates and public keys.
pub fn needs_content_check(kind: CredentialFile, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    kind == CredentialFile::PrivateKey && (lower.ends_with(".pem") || lower.ends_with(".key"))
}

/// For a `.pem` or `.key` file: false when `head` (its first bytes) is binary (a
/// Keynote `.key`) or holds certificates or public keys and no private key.
pub fn holds_private_key(head: &[u8]) -> bool {
    if head.contains(&0) {
        return false;
    }
    let has = |needle: &str| memchr::memmem::find(head, needle.as_bytes()).is_some();
    if has("PRIVATE KEY") {
        return true;
    }
    !(has("-----BEGIN CERTIFICATE") || has("PUBLIC KEY-----"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        use CredentialFile::*;
        for (name, kind) in [
            (".env", Some(Env)),
            (".env.production", Some(Env)),
            ("prod.env", Some(Env)),
            (".env.example", None),
            ("env.sample", None),
            (".env.template", None),
            ("id_ed25519", Some(PrivateKey)),
            ("id_ed25519.pub", None),
            ("server.pem", Some(PrivateKey)),
            ("tls.KEY", Some(PrivateKey)),
            ("release.keystore", Some(Keystore)),
            ("keystore", Some(Keystore)),
            ("cert.p12", Some(Keystore)),
            (
                "UTC--2024-01-01T00-00-00.000Z--0123456789abcdef0123456789abcdef01234567",
                Some(Keystore),
            ),
            ("secrets.json", Some(Secrets)),
            (".secrets.toml", Some(Secrets)),
            ("secrets.example.json", None),
            ("secrets.enc.yaml", None),
            (".env.gpg", None),
            ("id_rsa.age", None),
            ("secrets", None),
            ("environment.py", None),
            ("keys.py", None),
            ("README.md", None),
        ] {
            assert_eq!(classify(name), kind, "{name}");
        }
    }

    #[test]
    fn certificates_are_not_private_keys() {
        assert!(holds_private_key(b"-----BEGIN PRIVATE KEY-----\nMC4C\n"));
        assert!(holds_private_key(b"-----BEGIN EC PRIVATE KEY-----\n"));
        assert!(!holds_private_key(b"-----BEGIN CERTIFICATE-----\nMIIB\n"));
        assert!(!holds_private_key(b"-----BEGIN PUBLIC KEY-----\nMIIB\n"));
        assert!(!holds_private_key(b"PK\x03\x04\x00keynote"));
        // A placeholder or an empty key file is still where a key will go.
        assert!(holds_private_key(b""));
        assert!(holds_private_key(b"paste your key here\n"));
        assert!(needs_content_check(CredentialFile::PrivateKey, "a.pem"));
        assert!(!needs_content_check(CredentialFile::PrivateKey, "id_rsa"));
    }
}

//! The `Secret` newtype and the one masking policy used by every output.
//!
//! Raw secret bytes leave this module through exactly one grep-able method,
//! [`Secret::expose_secret`], used by detectors, fingerprints and `--show-secrets`.
//! `Debug`, `Display` and [`Secret::redacted`] all print the masked form: the first
//! `min(4, len / 4)` characters, an ellipsis and the length in characters, e.g. `AKIA…(20)`.
//!
//! Text from a scanned file (names, paths, excerpts) is printed only through the
//! sanitizers here ([`sanitize`] and friends): no terminal control or bidi override
//! from a scanned repository reaches the user's terminal.

use std::fmt;

use sha2::{Digest, Sha256};

/// Version tag mixed into every fingerprint; bump it only with a migration note.
pub const FINGERPRINT_VERSION: &str = "keylint/v1";

/// The most characters of a secret that any masked form shows.
pub const MAX_SHOWN: usize = 4;

/// Secret bytes found by a detector. Never printed raw by accident.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Secret(Box<[u8]>);

impl Secret {
    pub fn new(bytes: &[u8]) -> Self {
        Secret(bytes.into())
    }

    /// The raw bytes. Callers: detectors, fingerprints and `--show-secrets` only.
    pub fn expose_secret(&self) -> &[u8] {
        &self.0
    }

    /// Length in characters (invalid UTF-8 bytes count one each).
    pub fn char_len(&self) -> usize {
        String::from_utf8_lossy(&self.0).chars().count()
    }

    /// The masked form shown everywhere: `AKIA…(20)`.
    pub fn redacted(&self) -> String {
        mask(&self.0)
    }

    /// Hex SHA-256 of the secret alone; a building block for fingerprints.
    pub fn sha256_hex(&self) -> String {
        hex::encode(Sha256::digest(&self.0))
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// How many leading characters of a secret of `len` characters may be shown.
pub fn shown_chars(len: usize) -> usize {
    MAX_SHOWN.min(len / 4)
}

/// Mask arbitrary bytes with the policy above. Control characters and bidi controls
/// in the shown prefix are replaced, so a mask can never carry a terminal escape or
/// reorder the line it is printed in.
pub fn mask(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let len = text.chars().count();
    let shown: String = text
        .chars()
        .take(shown_chars(len))
        .map(|c| {
            if c.is_control() || is_bidi_control(c) {
                '?'
            } else {
                c
            }
        })
        .collect();
    format!("{shown}…({len})")
}

/// Characters that change the direction of the text around them (U+202A–E, U+2066–9,
/// the marks U+200E/F and U+061C): shown escaped, like control characters.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Stable fingerprint of a finding: hex SHA-256 over the version tag, the rule id and
/// the secret. It never includes the path, line or offset, so it survives code moving
/// around; it is derived from the secret, so it could confirm a guessed weak password
/// (said in the README) but never reveals the secret itself.
pub fn fingerprint(rule_id: &str, secret: &Secret) -> String {
    let mut h = Sha256::new();
    h.update(FINGERPRINT_VERSION.as_bytes());
    h.update([0]);
    h.update(rule_id.as_bytes());
    h.update([0]);
    h.update(secret.expose_secret());
    hex::encode(h.finalize())
}

/// Make bytes from a scanned file safe to print: invalid UTF-8 becomes U+FFFD, and
/// control characters (ESC, BEL, C1 controls) and bidi overrides become visible
/// `\u{…}` escapes. Tabs are kept.
pub fn sanitize(bytes: &[u8]) -> String {
    sanitize_str(&String::from_utf8_lossy(bytes))
}

/// [`sanitize`] for text that is already a string (paths, names, messages).
pub fn sanitize_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if (c.is_control() && c != '\t') || is_bidi_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// [`sanitize_str`] that keeps line breaks (`\n`, and `\r` before `\n`): for
/// multi-line text such as help or a rule's documentation.
pub fn sanitize_lines(text: &str) -> String {
    text.split('\n')
        .map(|line| match line.strip_suffix('\r') {
            Some(l) => sanitize_str(l) + "\r",
            None => sanitize_str(line),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Replace every character [`sanitize_str`] would escape with a visible one of the same
/// UTF-8 length (`?`, `¿` or `�`), keeping line breaks, so byte offsets into the text
/// (diagnostic spans) stay valid. For source text shown in an error excerpt.
pub fn sanitize_same_len(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let keep = c == '\n' || c == '\t' || (c == '\r' && chars.peek() == Some(&'\n'));
        if keep || !((c.is_control()) || is_bidi_control(c)) {
            out.push(c);
        } else {
            out.push(match c.len_utf8() {
                1 => '?',
                2 => '\u{bf}',
                _ => '\u{fffd}',
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_with_prefix_and_length() {
        assert_eq!(mask(b"AKIAABCDEFGHIJKLMNOP"), "AKIA…(20)"); // keylint:allow
        assert_eq!(mask(b"hunter2"), "h…(7)");
        assert_eq!(mask(b"abc"), "…(3)");
        assert_eq!(mask(b""), "…(0)");
    }

    #[test]
    fn debug_and_display_are_masked() {
        let s = Secret::new(b"ghp_aaaaBBBBccccDDDDeeee");
        assert_eq!(format!("{s}"), "ghp_…(24)");
        assert_eq!(format!("{s:?}"), "Secret(ghp_…(24))");
    }

    #[test]
    fn mask_never_shows_control_characters() {
        assert_eq!(mask(b"\x1b[31mredredred"), "?[3…(14)");
        // Found by the engine fuzz target: a secret starting with a left-to-right mark.
        assert_eq!(
            mask("\u{200e}\u{202e}abcdefghijklmn".as_bytes()),
            "??ab…(16)"
        );
    }

    #[test]
    fn fingerprint_is_stable_and_distinct() {
        let a = Secret::new(b"one-secret-value");
        let b = Secret::new(b"two-secret-value");
        assert_eq!(fingerprint("r", &a), fingerprint("r", &a));
        assert_ne!(fingerprint("r", &a), fingerprint("r", &b));
        assert_ne!(fingerprint("r", &a), fingerprint("s", &a));
        assert_eq!(fingerprint("r", &a).len(), 64);
        assert!(!fingerprint("r", &a).contains("secret"));
    }

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(sanitize(b"a\x1b[31mb\x07\tc"), "a\\u{1b}[31mb\\u{7}\tc");
        assert_eq!(sanitize_str("x\u{202E}y"), "x\\u{202e}y");
        assert_eq!(sanitize_lines("a\x1b\r\nb\rc\n"), "a\\u{1b}\r\nb\\u{d}c\n");
        let src = "k = \"\x1b]0;x\x07\u{9b}\u{202e}\"\r\n\r";
        let same = sanitize_same_len(src);
        assert_eq!(same, "k = \"?]0;x?\u{bf}\u{fffd}\"\r\n?");
        assert_eq!(same.len(), src.len());
    }
}

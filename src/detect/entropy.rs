//! Shannon entropy of candidate values, judged against the alphabet they use.
//!
//! ## What it does
//! Scores a value in bits per character and compares it with a floor that depends
//! on the value's alphabet and length: a random hex string cannot exceed 4 bits per
//! character and a 12-character string cannot exceed log2(12) ≈ 3.6, so one fixed
//! floor would either miss hex keys or flood the report with words.
//!
//! ## Why is this bad?
//! Credentials are random; names, sentences and identifiers are not. Entropy is what
//! separates `api_key = "9fK2…"` from `api_key = "get_from_vault"`.
//!
//! ## Example
//! `secret = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5"` scores about 4.2 bits and passes a 3.5 floor; <!-- keylint:allow -->
//! `secret = "aaaaaaaabbbbbbbb"` scores 1.0 and does not.
//! Use instead: `secret = os.environ["SECRET"]`.
//!
//! ## Known limitations
//! A weak human password (`hunter22`) scores low and is found only by rules that
//! do not set `min_entropy` (the generic password rule uses a lower floor).
//!
//! ## Configuration
//! `min_entropy` on a rule sets its floor; custom rules in `.keylint.toml` can too.

/// Shannon entropy in bits per byte.
pub fn shannon(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

/// The alphabet a value is drawn from, narrowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alphabet {
    Digits,
    Hex,
    Base64,
    Other,
}

impl Alphabet {
    pub fn of(bytes: &[u8]) -> Alphabet {
        if bytes.iter().all(u8::is_ascii_digit) {
            Alphabet::Digits
        } else if bytes.iter().all(u8::is_ascii_hexdigit) {
            Alphabet::Hex
        } else if bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'-' | b'_'))
        {
            Alphabet::Base64
        } else {
            Alphabet::Other
        }
    }

    /// Bits per character of a uniformly random string over this alphabet.
    fn ceiling(self) -> f64 {
        match self {
            Alphabet::Digits => 10f64.log2(),
            Alphabet::Hex => 4.0,
            Alphabet::Base64 | Alphabet::Other => 6.0,
        }
    }
}

/// The floor a value must reach when a rule asks for `min_entropy`: the rule's floor,
/// lowered for narrow alphabets and short values in proportion to what a random value
/// of the same alphabet and length would score.
pub fn effective_floor(bytes: &[u8], min_entropy: f64) -> f64 {
    let alphabet = Alphabet::of(bytes);
    let len = bytes.len().max(2) as f64;
    // The most a value of this length can score, and what a random one of this
    // alphabet would: a value at 85% of that is already clearly random-looking.
    let reachable = alphabet.ceiling().min(len.log2());
    min_entropy.min(reachable * 0.85)
}

/// Whether `bytes` passes a rule's entropy floor.
pub fn passes(bytes: &[u8], min_entropy: f64) -> bool {
    shannon(bytes) >= effective_floor(bytes, min_entropy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shannon_basics() {
        assert_eq!(shannon(b""), 0.0);
        assert_eq!(shannon(b"aaaa"), 0.0);
        assert!((shannon(b"abab") - 1.0).abs() < 1e-9);
        assert!((shannon(b"0123456789abcdef") - 4.0).abs() < 1e-9);
    }

    #[test]
    fn alphabet_classes() {
        assert_eq!(Alphabet::of(b"12345"), Alphabet::Digits);
        assert_eq!(Alphabet::of(b"deadBEEF"), Alphabet::Hex);
        assert_eq!(Alphabet::of(b"ab+/=_-Z"), Alphabet::Base64);
        assert_eq!(Alphabet::of(b"a b"), Alphabet::Other);
    }

    #[test]
    fn hex_keys_pass_a_base64_floor() {
        let hex = b"4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
        assert!(shannon(hex) < 4.0);
        assert!(passes(hex, 4.5));
    }

    #[test]
    fn words_and_repeats_fail() {
        assert!(!passes(b"aaaaaaaabbbbbbbb", 3.0));
        assert!(!passes(b"get_from_the_vault_please", 4.0));
        assert!(passes(b"Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5", 3.5));
    }
}

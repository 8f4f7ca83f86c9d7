//! Shannon entropy of candidate values, judged against the alphabet they use.
//!
//! ## What it does
//! Scores a value in bits per character and compares it with a floor that depends
//! on the value's alphabet and length: a random hex string cannot exceed 4 bits per
//! character and a 12-character string cannot exceed log2(12) ≈ 3.6, so one fixed
//! floor would either miss hex keys or flood the report with words. The floor is the
//! rule's `min_entropy`, lowered to what a random value of the same alphabet and
//! length scores minus a margin (fewer than 1 in 1000 random keys fall under it).
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
}

/// How far below the expected entropy of a random value of the same alphabet and
/// length a value may score: about three standard deviations for short keys, so fewer
/// than 1 in 1000 random keys fall under it (checked by a unit test).
const RANDOM_MARGIN: f64 = 0.65;

/// Size of the smallest common alphabet holding the value: digits, hex, one-case
/// alphanumerics, alphanumerics, base64 (with `+/=-_`), or printable ASCII.
fn alphabet_size(bytes: &[u8]) -> f64 {
    let all = |f: fn(&u8) -> bool| bytes.iter().all(f);
    if all(u8::is_ascii_digit) {
        10.0
    } else if all(u8::is_ascii_hexdigit) {
        16.0
    } else if all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        || all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        36.0
    } else if all(u8::is_ascii_alphanumeric) {
        62.0
    } else if Alphabet::of(bytes) == Alphabet::Base64 {
        64.0
    } else {
        94.0
    }
}

/// Expected Shannon entropy (bits per character) of `n` characters drawn uniformly
/// from `k` symbols: `log2 n − (k/n)·E[c·log2 c]` with `c ~ Binomial(n, 1/k)`.
fn expected_random(k: f64, n: usize) -> f64 {
    if n < 2 {
        return 0.0;
    }
    let nf = n as f64;
    if n > 512 {
        // the large-sample (Miller–Madow) approximation is exact enough here
        return k.log2().min(nf.log2()) - (k - 1.0) / (2.0 * nf * std::f64::consts::LN_2);
    }
    let p = 1.0 / k;
    let mut prob = (1.0 - p).powf(nf);
    let mut acc = 0.0;
    for j in 1..=n {
        prob *= (n - j + 1) as f64 / j as f64 * p / (1.0 - p);
        let jf = j as f64;
        acc += prob * jf * jf.log2();
        if prob < 1e-12 && jf > nf * p {
            break;
        }
    }
    nf.log2() - k / nf * acc
}

/// The floor a value must reach when a rule asks for `min_entropy`: the rule's floor,
/// lowered for narrow alphabets and short values to what nearly every random value of
/// the same alphabet and length reaches (a random 24-hex key averages 3.47 bits, a
/// random 16-character alphanumeric one 3.77).
pub fn effective_floor(bytes: &[u8], min_entropy: f64) -> f64 {
    let floor = expected_random(alphabet_size(bytes), bytes.len()) - RANDOM_MARGIN;
    min_entropy.min(floor.max(0.0))
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
    fn expected_entropy_matches_random_values() {
        assert!((expected_random(16.0, 24) - 3.471).abs() < 0.01);
        assert!((expected_random(64.0, 16) - 3.776).abs() < 0.01);
        assert!((expected_random(64.0, 64) - 5.182).abs() < 0.01);
    }

    /// Fewer than 1 in 1000 random keys of common shapes fall under the floor
    /// (a fixed-seed generator, so the test is deterministic).
    #[test]
    fn random_keys_pass_their_floor() {
        let mut state: u64 = 0x6b65_796c_696e_7433;
        let mut next = |m: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % m as u64) as usize
        };
        let hex = b"0123456789abcdef";
        let alnum = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (alphabet, len) in [
            (&hex[..], 24),
            (&hex[..], 32),
            (&alnum[..], 16),
            (&alnum[..], 40),
        ] {
            let fails = (0..2000)
                .filter(|_| {
                    let v: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
                    !passes(&v, 8.0)
                })
                .count();
            assert!(
                fails <= 2,
                "{len} chars: {fails} of 2000 random values fail"
            );
        }
    }

    #[test]
    fn words_and_repeats_fail() {
        assert!(!passes(b"aaaaaaaabbbbbbbb", 3.0));
        // a phrase scores well under what 30 random characters would
        assert!(!passes(b"in_the_vault_see_the_team_wiki", 4.0));
        assert!(passes(b"Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5", 3.5));
    }
}

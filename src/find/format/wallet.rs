//! Validators for wallet key material and checksummed tokens: Base58Check (Bitcoin
//! WIF, BIP32 extended keys), Solana keypairs (the public half must be the ed25519
//! public key of the secret half), BIP39 mnemonics (word list and checksum), GitHub
//! token checksums and Fernet tokens. All offline, all pure functions of the value.

use std::sync::OnceLock;

use base64::Engine as _;
use ed25519_dalek::SigningKey;
use sha2::{Digest, Sha256};

use super::scalar_in_secp256k1_range;
use crate::rules::builtin;

/// Longest Base58 input decoded (an extended key is 111 characters). Base58 decoding
/// is quadratic in the input's length, so longer candidates are rejected first.
const BASE58_MAX_CHARS: usize = 128;
/// Decoded bytes never exceed this for inputs up to [`BASE58_MAX_CHARS`].
const BASE58_MAX_BYTES: usize = 96;

/// Decode Base58 (Bitcoin alphabet) into a stack buffer; returns the buffer and the
/// decoded length.
fn base58_decode(input: &[u8]) -> Result<([u8; BASE58_MAX_BYTES], usize), &'static str> {
    if input.is_empty() || input.len() > BASE58_MAX_CHARS {
        return Err("not a Base58 string of a key's length");
    }
    let mut out = [0u8; BASE58_MAX_BYTES];
    match bs58::decode(input).onto(&mut out[..]) {
        Ok(len) => Ok((out, len)),
        Err(bs58::decode::Error::BufferTooSmall) => Err("Base58 value too long"),
        Err(_) => Err("not Base58"),
    }
}

/// Decode Base58Check: the last four bytes must be the first four of
/// SHA-256(SHA-256(payload)). Returns the payload (without the checksum).
fn base58check_decode(input: &[u8]) -> Result<Vec<u8>, &'static str> {
    if input.is_empty() || input.len() > BASE58_MAX_CHARS {
        return Err("not a Base58 string of a key's length");
    }
    bs58::decode(input)
        .with_check(None)
        .into_vec()
        .map_err(|e| match e {
            bs58::decode::Error::InvalidChecksum { .. } => "Base58Check checksum does not match",
            bs58::decode::Error::NoChecksum => "too short for Base58Check",
            _ => "not Base58",
        })
}

fn key_32(bytes: &[u8]) -> Result<[u8; 32], &'static str> {
    bytes.try_into().map_err(|_| "key is not 32 bytes")
}

/// Bitcoin WIF: Base58Check of version 0x80 (mainnet) or 0xEF (testnet), a 32-byte
/// key in secp256k1's range, and an optional 0x01 "compressed public key" flag.
pub fn bitcoin_wif(value: &[u8]) -> Result<(), &'static str> {
    if !(51..=52).contains(&value.len()) {
        return Err("not 51 or 52 characters");
    }
    let payload = base58check_decode(value)?;
    let (version, rest) = payload.split_first().ok_or("empty payload")?;
    if !matches!(version, 0x80 | 0xEF) {
        return Err("version byte is not 0x80 or 0xEF");
    }
    let key = match rest.len() {
        32 => rest,
        33 if rest[32] == 0x01 => &rest[..32],
        _ => return Err("payload is not a 32-byte key (with optional compressed flag)"),
    };
    scalar_in_secp256k1_range(&key_32(key)?)
}

/// Version bytes of BIP32 extended *private* keys: xprv, tprv (BIP32), yprv/uprv
/// (BIP49), zprv/vprv (BIP84), Yprv/Uprv and Zprv/Vprv (SLIP-132 multisig).
const EXTENDED_PRIVATE_VERSIONS: [[u8; 4]; 10] = [
    [0x04, 0x88, 0xAD, 0xE4],
    [0x04, 0x35, 0x83, 0x94],
    [0x04, 0x9D, 0x78, 0x78],
    [0x04, 0x4A, 0x4E, 0x28],
    [0x04, 0xB2, 0x43, 0x0C],
    [0x04, 0x5F, 0x18, 0xBC],
    [0x02, 0x95, 0xB0, 0x05],
    [0x02, 0x42, 0x85, 0xB5],
    [0x02, 0xAA, 0x7A, 0x99],
    [0x02, 0x57, 0x50, 0x48],
];

/// BIP32 extended private key: Base58Check of a 78-byte node — version (4), depth (1),
/// parent fingerprint (4), child number (4), chain code (32), 0x00 + key (33). A
/// master node (depth 0) has a zero fingerprint and child number.
pub fn bip32_extended_private_key(value: &[u8]) -> Result<(), &'static str> {
    if value.len() != 111 {
        return Err("not 111 characters");
    }
    let node = base58check_decode(value)?;
    if node.len() != 78 {
        return Err("payload is not a 78-byte BIP32 node");
    }
    if !EXTENDED_PRIVATE_VERSIONS.iter().any(|v| node[..4] == *v) {
        return Err("not a private-key version (an xpub is public)");
    }
    if node[4] == 0 && node[5..13].iter().any(|&b| b != 0) {
        return Err("master node with a parent fingerprint or child number");
    }
    if node[45] != 0 {
        return Err("key data does not start with 0x00");
    }
    scalar_in_secp256k1_range(&key_32(&node[46..78])?)
}

/// A Solana keypair is 64 bytes: a 32-byte ed25519 secret seed, then its public key.
/// Checking that the second half is the public key of the first proves the value is
/// a keypair and not 64 random bytes.
fn solana_keypair_bytes(bytes: &[u8]) -> Result<(), &'static str> {
    if bytes.len() != 64 {
        return Err("not 64 bytes");
    }
    let (secret, public) = bytes.split_at(32);
    let signing = SigningKey::from_bytes(&key_32(secret)?);
    if signing.verifying_key().as_bytes()[..] != *public {
        return Err("second half is not the ed25519 public key of the first");
    }
    Ok(())
}

/// Solana keypair as exported by wallets: Base58 of the 64 bytes (87–88 characters).
pub fn solana_keypair_base58(value: &[u8]) -> Result<(), &'static str> {
    if !(86..=88).contains(&value.len()) {
        return Err("not 86–88 characters");
    }
    let (buf, len) = base58_decode(value)?;
    solana_keypair_bytes(&buf[..len])
}

/// Solana keypair as the CLI writes `id.json`: a JSON array of 64 integers 0–255.
/// Accepts the numbers with any whitespace and commas between them, in `[…]` or
/// (Go, C) `{…}`.
pub fn solana_keypair_json(value: &[u8]) -> Result<(), &'static str> {
    let mut bytes = Vec::with_capacity(64);
    let inner = value.iter().map(|&b| {
        if matches!(b, b'[' | b']' | b'{' | b'}') {
            b' '
        } else {
            b
        }
    });
    let mut current: Option<u32> = None;
    for b in inner.chain(std::iter::once(b',')) {
        match b {
            b'0'..=b'9' => {
                let v = current.unwrap_or(0) * 10 + u32::from(b - b'0');
                if v > 255 {
                    return Err("a number is over 255");
                }
                current = Some(v);
            }
            b',' | b' ' | b'\t' | b'\r' | b'\n' => {
                if let Some(v) = current.take() {
                    if bytes.len() == 64 {
                        return Err("more than 64 numbers");
                    }
                    bytes.push(v as u8);
                }
            }
            _ => return Err("not a list of numbers"),
        }
    }
    solana_keypair_bytes(&bytes)
}

/// The BIP39 English word list, loaded once from `rules/bip39-english.txt`.
#[derive(Debug)]
pub struct Bip39Words {
    words: Vec<&'static str>,
}

impl Bip39Words {
    /// Parse the list: exactly 2048 distinct lowercase words, sorted (the standard
    /// list is sorted, which is what makes binary search valid).
    fn parse(text: &'static str) -> Option<Bip39Words> {
        let words: Vec<&'static str> = text.lines().map(str::trim).collect();
        let valid = words.len() == 2048
            && words.windows(2).all(|w| w[0] < w[1])
            && words
                .iter()
                .all(|w| (3..=8).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase()));
        valid.then_some(Bip39Words { words })
    }

    /// Index of `word` in the list (its 11-bit value).
    pub fn index(&self, word: &[u8]) -> Option<u16> {
        let word = std::str::from_utf8(word).ok()?;
        self.words
            .binary_search(&word)
            .ok()
            .and_then(|i| u16::try_from(i).ok())
    }
}

/// The embedded English word list (`None` only if the data file were broken, which a
/// unit test rules out).
pub fn bip39_words() -> Option<&'static Bip39Words> {
    static WORDS: OnceLock<Option<Bip39Words>> = OnceLock::new();
    WORDS
        .get_or_init(|| builtin::data_file("bip39-english.txt").and_then(Bip39Words::parse))
        .as_ref()
}

/// Between the words of a phrase: whitespace, or the quotes and commas of a list of
/// strings (`["word", "word", …]`).
pub fn is_phrase_separator(b: u8) -> bool {
    b.is_ascii_whitespace() || matches!(b, b',' | b'"' | b'\'')
}

/// BIP39 mnemonic: 12, 15, 18, 21 or 24 words from the English list whose last
/// ENT/32 bits are the first bits of SHA-256 of the entropy. A random choice of
/// words passes with probability 1/16 (12 words) to 1/256 (24 words).
pub fn bip39_mnemonic(value: &[u8]) -> Result<(), &'static str> {
    let list = bip39_words().ok_or("BIP39 word list unavailable")?;
    let mut indices = [0u16; 24];
    let mut count = 0;
    for word in value
        .split(|&b| is_phrase_separator(b))
        .filter(|w| !w.is_empty())
    {
        let slot = indices.get_mut(count).ok_or("more than 24 words")?;
        *slot = list.index(word).ok_or("a word is not in the BIP39 list")?;
        count += 1;
    }
    if !matches!(count, 12 | 15 | 18 | 21 | 24) {
        return Err("not 12, 15, 18, 21 or 24 words");
    }
    // Pack the 11-bit indices into bytes: ENT bits of entropy, then CS = ENT/32 bits.
    let total_bits = count * 11;
    let checksum_bits = total_bits / 33;
    let entropy_bits = total_bits - checksum_bits;
    let mut packed = [0u8; 33];
    for (i, &index) in indices[..count].iter().enumerate() {
        for bit in 0..11 {
            if index & (1 << (10 - bit)) != 0 {
                let at = i * 11 + bit;
                packed[at / 8] |= 0x80 >> (at % 8);
            }
        }
    }
    let entropy = &packed[..entropy_bits / 8];
    let expected = Sha256::digest(entropy)[0] >> (8 - checksum_bits);
    let got = packed[entropy_bits / 8] >> (8 - checksum_bits);
    if expected != got {
        return Err("BIP39 checksum does not match");
    }
    Ok(())
}

/// Base62 alphabet of GitHub's token checksums (digits, upper case, lower case).
const BASE62_ALPHABET: &[u8; 62] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// GitHub classic tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` + 36 base62): the last
/// six characters are the CRC-32 of the 30 before them, in base62, zero-padded.
pub fn github_token_checksum(value: &[u8]) -> Result<(), &'static str> {
    if value.len() != 40 || !value.starts_with(b"gh") || value.get(3) != Some(&b'_') {
        return Err("not a 40-character GitHub token");
    }
    let (body, checksum) = value[4..].split_at(30);
    let mut n = crc32fast::hash(body);
    let mut expected = [b'0'; 6];
    for slot in expected.iter_mut().rev() {
        *slot = BASE62_ALPHABET[(n % 62) as usize];
        n /= 62;
    }
    if expected != checksum {
        return Err("GitHub token checksum does not match");
    }
    Ok(())
}

/// Fernet token (`gAAAAA…`): URL-safe base64 of version 0x80, an 8-byte timestamp, a
/// 16-byte IV, AES-CBC ciphertext (a positive multiple of 16 bytes) and a 32-byte HMAC.
pub fn fernet_token(value: &[u8]) -> Result<(), &'static str> {
    let raw = base64::engine::general_purpose::URL_SAFE
        .decode(value)
        .map_err(|_| "not URL-safe base64")?;
    if raw.first() != Some(&0x80) {
        return Err("version byte is not 0x80");
    }
    let body = raw.len().checked_sub(1 + 8 + 16 + 32).ok_or("too short")?;
    if body == 0 || body % 16 != 0 {
        return Err("ciphertext is not whole AES blocks");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Every value below is synthetic (generated once from a fixed seed) or a
    // published test vector. keylint:allow

    #[test]
    fn base58_round_trips_leading_zeros() {
        let (buf, len) = base58_decode(b"1112").unwrap();
        assert_eq!(&buf[..len], &[0, 0, 0, 1]);
        assert!(base58_decode(b"0OIl").is_err());
        assert!(base58_decode(&[b'z'; 129]).is_err());
        // 128 '1's are 128 zero bytes: more than any key holds.
        assert_eq!(
            base58_decode(&[b'1'; 128]).map(|(_, len)| len),
            Err("Base58 value too long")
        );
    }

    #[test]
    fn base58check_strips_and_verifies_the_checksum() {
        // Base58Check of a two-byte payload: it round-trips, a changed checksum does not.
        let encoded = bs58::encode([0x80, 0x01]).with_check().into_string();
        assert_eq!(base58check_decode(encoded.as_bytes()), Ok(vec![0x80, 0x01]));
        let mut wrong = encoded.into_bytes();
        let last = wrong.len() - 1;
        wrong[last] = if wrong[last] == b'2' { b'3' } else { b'2' };
        assert_eq!(
            base58check_decode(&wrong),
            Err("Base58Check checksum does not match")
        );
        assert_eq!(base58check_decode(b"2"), Err("too short for Base58Check"));
        assert_eq!(base58check_decode(b"0OIl"), Err("not Base58"));
    }

    #[test]
    fn wif_checksum_version_and_flag() {
        for v in [
            "5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ", // keylint:allow
            "KwdMAjGmerYanjeui5SHS7JkmpZvVipYvB2LJGU1ZxJwYvP98617", // keylint:allow
            "L3iD3fpU9WeyJFrwcDMRhZbQuppTHvVzyqD9FjTc9hkPjzoqZkjC", // keylint:allow
            "5KHazhWnaCFVcdSpGEDnUKG3hWsB32FGraaZgb684LCeKpiegqY", // keylint:allow
            "cU5CWapKaaMEThLCzdAZ4t6UY47rxNbh3sMcN9v7epQPzjvkMHXD", // keylint:allow
            "934DaSLLARKdagx6ta7hLup1MBDtCBnUCXSWmDSdQ4wh6v2xaqz", // keylint:allow
        ] {
            assert_eq!(bitcoin_wif(v.as_bytes()), Ok(()), "{v}");
        }
        // One character changed: the checksum no longer matches.
        assert!(bitcoin_wif(b"L3iD3fpU9WeyJFrwcDMRhZbQuppTHvVzyqD9FjTc9hkPjzoqZkjD").is_err());
        // A Base58 string of the right length that is not Base58Check.
        assert!(bitcoin_wif(b"5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTK").is_err());
    }

    #[test]
    fn extended_private_keys_not_public_ones() {
        for v in [
            // BIP32 test vector 1, master and m/0H.
            "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi", // keylint:allow
            "xprv9uHRZZhk6KAJC1avXpDAp4MDc3sQKNxDiPvvkX8Br5ngLNv1TxvUxt4cV1rGL5hj6KCesnDYUhd7oWgT11eZG7XnxHrnYeSvkzY7d2bhkJ7", // keylint:allow
            "tprv8ZgxMBicQKsPeR4nP4A39NBBFGD5fDcA1p2f33S4hDbnDBH6tJmkBN3Zdu9sQb5MGfQoYSq1zdpiXqmnvEFgJSQhRUWBkt7cqntCYHeCTta", // keylint:allow
            "zprvAWgYBBk7JR8GkCDVPCsnPtkCH55mJwZ9WV9yjQoNyFs4XnAUQFm7ujzPm8uPQ2zsiW7e3JQNkbx1qZTBEQjm5rWJdWgjGM2YU9G4shhzFjt", // keylint:allow
        ] {
            assert_eq!(bip32_extended_private_key(v.as_bytes()), Ok(()), "{v}");
        }
        let xpub = b"xpub661MyMwAqRbcG5uipWqYLrVvVAdMqAJ13V38y1RDmaeHJNsASUkFDQzba12uoAN7fHnrED7qX6qXYNu6NetWZuVqM6MJaxaFc2qioFnSEGJ";
        assert_eq!(
            bip32_extended_private_key(xpub),
            Err("not a private-key version (an xpub is public)")
        );
        let mut broken = b"xprv9s21ZrQH143K3bqFiVJXyiZBw8nsRha9gG7YAd1cDF7JRaY1twRzfcg7iizDQDh2uDt2YMDFqHEv4zE3o1ujVP96tqHt6XPZvh8n6ViVJ5X".to_vec(); // keylint:allow
        assert_eq!(bip32_extended_private_key(&broken), Ok(()));
        broken[60] = if broken[60] == b'a' { b'b' } else { b'a' };
        assert!(bip32_extended_private_key(&broken).is_err());
    }

    #[test]
    fn solana_keypairs_need_the_matching_public_key() {
        let b58 = b"5Cijfb3NRH3SXXmus58Vt3FTZWrfMBvEuvdMBhjtFtFePqWuTtbE3Ya8Uhj3xjfdUscukDprPgBWK4d7Vmmq8Hqe"; // keylint:allow
        assert_eq!(solana_keypair_base58(b58), Ok(()));
        let json = "[210,44,172,243,0,11,172,203,177,252,35,224,155,119,125,241,41,194,112,108,198,214,145,63,19,204,185,0,149,143,226,14,82,170,150,198,7,88,57,22,26,215,152,125,217,46,170,159,230,236,74,17,224,175,57,98,148,234,3,181,177,88,17,221]"; // keylint:allow
        assert_eq!(solana_keypair_json(json.as_bytes()), Ok(()));
        let spaced = json.replace(',', ", ");
        assert_eq!(solana_keypair_json(spaced.as_bytes()), Ok(()));
        // Last number changed: the public half no longer matches.
        let tampered = json.replace("17,221]", "17,222]");
        assert_eq!(
            solana_keypair_json(tampered.as_bytes()),
            Err("second half is not the ed25519 public key of the first")
        );
        assert!(solana_keypair_json(b"[1,2,3]").is_err());
        assert!(solana_keypair_json(json.replace("210,", "256,").as_bytes()).is_err());
        // 64 random bytes in Base58 (an ed25519 signature, say) do not pass.
        let mut sig = b58.to_vec();
        sig[10] = b'z';
        assert!(solana_keypair_base58(&sig).is_err());
    }

    #[test]
    fn bip39_word_list_loads() {
        let list = bip39_words().expect("embedded list parses");
        assert_eq!(list.index(b"abandon"), Some(0));
        assert_eq!(list.index(b"zoo"), Some(2047));
        assert_eq!(list.index(b"satoshi"), Some(1531));
        assert_eq!(list.index(b"bitcoin"), None);
    }

    #[test]
    fn bip39_checksum() {
        let ok = |s: &str| bip39_mnemonic(s.as_bytes());
        // BIP39 test vectors (12, 18 and 24 words).
        assert_eq!(
            ok(
                "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
            ),
            Ok(())
        );
        assert_eq!(
            ok(
                "legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth useful legal will"
            ),
            Ok(())
        );
        assert_eq!(
            ok(
                "zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote"
            ),
            Ok(())
        );
        assert_eq!(
            ok(
                "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon"
            ),
            Err("BIP39 checksum does not match")
        );
        assert_eq!(
            ok(
                "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about"
            ),
            Err("not 12, 15, 18, 21 or 24 words")
        );
        assert_eq!(
            ok(
                "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon bitcoin"
            ),
            Err("a word is not in the BIP39 list")
        );
        // A list of quoted words is a phrase too.
        assert_eq!(
            ok(
                r#"abandon", "abandon", "abandon", "abandon", "abandon", "abandon", "abandon", "abandon", "abandon", "abandon", "abandon", "about"#
            ),
            Ok(())
        );
        // Extra whitespace between words is tolerated.
        assert_eq!(
            ok(
                "abandon  abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon\tabout"
            ),
            Ok(())
        );
    }

    #[test]
    fn github_checksum() {
        let token = b"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"; // keylint:allow (synthetic, valid checksum)
        assert_eq!(github_token_checksum(token), Ok(()));
        let mut wrong = token.to_vec();
        wrong[39] = b'8';
        assert_eq!(
            github_token_checksum(&wrong),
            Err("GitHub token checksum does not match")
        );
        // The checksum alphabet is 0-9A-Za-z: a case-swapped checksum fails.
        let swapped: Vec<u8> = token
            .iter()
            .enumerate()
            .map(|(i, &b)| if i >= 34 { swap_case(b) } else { b })
            .collect();
        assert!(github_token_checksum(&swapped).is_err());
        assert_eq!(crc32fast::hash(b"123456789"), 0xCBF4_3926);
    }

    fn swap_case(b: u8) -> u8 {
        if b.is_ascii_lowercase() {
            b.to_ascii_uppercase()
        } else {
            b.to_ascii_lowercase()
        }
    }

    proptest::proptest! {
        /// Validators see arbitrary file bytes: they must never panic.
        #[test]
        fn validators_never_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            for v in super::super::names() {
                let check = super::super::lookup(v).unwrap().check;
                let _ = check(&bytes);
            }
        }

        /// Base58-alphabet input of key lengths exercises the decoders past the shape checks.
        #[test]
        fn base58_shaped_input_never_panics(s in "[1-9A-HJ-NP-Za-km-z]{40,130}") {
            let _ = bitcoin_wif(s.as_bytes());
            let _ = bip32_extended_private_key(s.as_bytes());
            let _ = solana_keypair_base58(s.as_bytes());
            let _ = base58_decode(s.as_bytes());
        }
    }

    #[test]
    fn fernet_structure() {
        let token = b"gAAAAABlU_EAN45dfiqrJP-8d86uUghD2Eus_X-kaX7MBsQvHXBpH0InMapbVbuVqJnL3N6f_llFL9yJ4WqqJlM_QSgFeuUO5EC6N_juqXq2Mhmw2zGZUYXWFTIDmD0qMVcgE5TIblsO"; // keylint:allow
        assert_eq!(fernet_token(token), Ok(()));
        assert!(fernet_token(b"gAAAAABshort").is_err());
        assert!(fernet_token(b"not base64 at all!").is_err());
    }
}

//! Inline suppression markers.
//!
//! `keylint:allow` on a finding's line, or alone in a comment on the line above, hides
//! it (a trailing marker on a line of code covers that line only, so it never hides the
//! next line's secret); `keylint:allow
//! RULE_ID[,RULE_ID]` hides only those rules. Teams migrating from other scanners keep
//! their markers: `gitleaks:allow`, `pragma: allowlist secret` (detect-secrets) and
//! `trufflehog:ignore` are honoured the same way unless `--no-foreign-markers`.

/// The native marker.
pub const NATIVE: &str = "keylint:allow";
/// Markers of other scanners, honoured by default.
pub const FOREIGN: &[&str] = &[
    "gitleaks:allow",
    "pragma: allowlist secret",
    "trufflehog:ignore",
];

/// The marker on `line` that suppresses `rule_id`, if any.
pub fn marker_for(line: &[u8], rule_id: &str, foreign: bool) -> Option<&'static str> {
    if let Some(at) = find(line, NATIVE.as_bytes()) {
        let rest = &line[at + NATIVE.len()..];
        if native_applies(rest, rule_id) {
            return Some(NATIVE);
        }
    }
    if foreign {
        return FOREIGN
            .iter()
            .copied()
            .find(|m| find(line, m.as_bytes()).is_some());
    }
    None
}

/// The marker on the line above a finding that suppresses it. Only a comment-only line
/// counts (`# keylint:allow`, `// test vector, keylint:allow`, `<!-- … -->`): a marker
/// trailing a line of code is about that line.
pub fn marker_above(line: &[u8], rule_id: &str, foreign: bool) -> Option<&'static str> {
    let marker = marker_for(line, rule_id, foreign)?;
    let text = line.trim_ascii_start();
    COMMENT_LEADERS
        .iter()
        .any(|leader| text.starts_with(leader))
        .then_some(marker)
}

/// How a comment-only line starts, across the languages keylint reads.
const COMMENT_LEADERS: &[&[u8]] = &[
    b"#", b"//", b"/*", b"*", b"--", b";", b"<!--", b"%", b"'", b"rem ", b"REM ",
];

/// `keylint:allow` alone applies to every rule; followed by rule ids (`a-b` or
/// `a-b,c-d`; every rule id holds a dash), only to those. Prose after the marker
/// (`keylint:allow test fixture`) allows everything on the line.
fn native_applies(rest: &[u8], rule_id: &str) -> bool {
    let rest = rest.strip_prefix(b"=").unwrap_or(rest);
    let trimmed = rest.trim_ascii_start();
    let list_len = trimmed
        .iter()
        .position(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b',')))
        .unwrap_or(trimmed.len());
    let list = &trimmed[..list_len];
    let is_id_list = !list.is_empty() && list.split(|&b| b == b',').all(looks_like_rule_id);
    if !is_id_list {
        return true;
    }
    list.split(|&b| b == b',')
        .any(|id| id == rule_id.as_bytes())
}

/// `provider-kind[-more]`: lowercase alphanumeric words joined by single dashes.
fn looks_like_rule_id(id: &[u8]) -> bool {
    let mut words = id.split(|&b| b == b'-');
    let all_words = id.split(|&b| b == b'-').all(|w| {
        !w.is_empty()
            && w.iter()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    });
    all_words && words.nth(1).is_some()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_marker_with_and_without_ids() {
        assert_eq!(
            marker_for(b"x = 'k' # keylint:allow", "r", true),
            Some(NATIVE)
        );
        assert_eq!(
            marker_for(b"x = 'k' # keylint:allow r-1", "r-1", true),
            Some(NATIVE)
        );
        assert_eq!(
            marker_for(b"x = 'k' # keylint:allow a-b,r-1", "r-1", true),
            Some(NATIVE)
        );
        assert_eq!(
            marker_for(b"x = 'k' # keylint:allow other-rule", "r-1", false),
            None
        );
        assert_eq!(
            marker_for(b"x = 'k' # keylint:allow test key", "r-1", false),
            Some(NATIVE)
        );
        assert_eq!(
            marker_for(b"x <!-- keylint:allow -->", "r-1", false),
            Some(NATIVE)
        );
        assert_eq!(marker_for(b"x = 'k'", "r", true), None);
    }

    #[test]
    fn only_a_comment_line_covers_the_line_below() {
        for line in [
            &b"# keylint:allow"[..],
            b"  // gitleaks:allow",
            b"<!-- keylint:allow -->",
            b"/* pragma: allowlist secret */",
            b"-- trufflehog:ignore",
            b"; keylint:allow",
            b"    // synthetic test vector, keylint:allow",
            b" * keylint:allow",
        ] {
            assert!(marker_above(line, "r-1", true).is_some(), "{line:?}");
        }
        assert_eq!(marker_above(b"D='k' # keylint:allow", "r-1", true), None);
        assert_eq!(marker_above(b"x = 1  // gitleaks:allow", "r-1", true), None);
        assert_eq!(marker_above(b"# gitleaks:allow", "r-1", false), None);
    }

    #[test]
    fn foreign_markers_are_optional() {
        let line = b"key = 'k'  # pragma: allowlist secret";
        assert_eq!(
            marker_for(line, "r", true),
            Some("pragma: allowlist secret")
        );
        assert_eq!(marker_for(line, "r", false), None);
        assert_eq!(
            marker_for(b"k # gitleaks:allow", "r", true),
            Some("gitleaks:allow")
        );
        assert_eq!(
            marker_for(b"k // trufflehog:ignore", "r", true),
            Some("trufflehog:ignore")
        );
    }
}

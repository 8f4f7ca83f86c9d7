//! The run-time value of a string literal's content, per language: what the program
//! sees, and so what `.env` must hold. An escape that cannot be decoded with
//! certainty is an error, and the site is skipped.

/// Python (`raw`: an `r` prefix; `fstring`: `{{`/`}}` are braces).
pub(crate) fn python(content: &str, raw: bool, fstring: bool) -> Result<String, String> {
    let text = if fstring {
        content.replace("{{", "{").replace("}}", "}")
    } else {
        content.to_string()
    };
    if raw {
        return Ok(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            return Err("a trailing backslash".into());
        };
        match e {
            '\n' => {}
            '\\' | '\'' | '"' => out.push(e),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            'x' => out.push(hex(&mut chars, 2)?),
            'u' => out.push(hex(&mut chars, 4)?),
            'U' => out.push(hex(&mut chars, 8)?),
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v).ok_or("a bad octal escape")?);
            }
            'N' => return Err("a named Unicode escape (\\N{…})".into()),
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Ok(out)
}

/// JavaScript and TypeScript strings and template literals.
pub(crate) fn javascript(content: &str) -> Result<String, String> {
    let mut out = String::with_capacity(content.len());
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            return Err("a trailing backslash".into());
        };
        match e {
            '\n' => {}
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0' if !chars.peek().is_some_and(char::is_ascii_digit) => out.push('\0'),
            'x' => out.push(hex(&mut chars, 2)?),
            'u' if chars.peek() == Some(&'{') => {
                chars.next();
                let digits: String = chars.by_ref().take_while(|c| *c != '}').collect();
                let v = u32::from_str_radix(&digits, 16).map_err(|_| "a bad \\u{…} escape")?;
                out.push(char::from_u32(v).ok_or("a bad \\u{…} escape")?);
            }
            'u' => out.push(hex(&mut chars, 4)?),
            '1'..='9' => return Err("a legacy octal escape".into()),
            other => out.push(other),
        }
    }
    Ok(out)
}

/// Go interpreted strings (`raw`: a backquoted string, taken as written but for
/// carriage returns, which Go drops).
pub(crate) fn go(content: &str, raw: bool) -> Result<String, String> {
    if raw {
        return Ok(content.replace('\r', ""));
    }
    let mut out = String::with_capacity(content.len());
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next().ok_or("a trailing backslash")? {
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => out.push(hex(&mut chars, 4)?),
            'U' => out.push(hex(&mut chars, 8)?),
            _ => return Err("an escape keylint does not decode (byte or octal)".into()),
        }
    }
    Ok(out)
}

fn hex(chars: &mut std::iter::Peekable<std::str::Chars>, n: usize) -> Result<char, String> {
    let digits: String = chars.by_ref().take(n).collect();
    if digits.len() != n {
        return Err("a short hex escape".into());
    }
    u32::from_str_radix(&digits, 16)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(|| "a bad hex escape".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_escapes() {
        assert_eq!(
            python(r"a\nb\x41\'\\q\d", false, false).unwrap(),
            "a\nbA'\\q\\d"
        );
        assert_eq!(python(r"a\nb", true, false).unwrap(), r"a\nb");
        assert_eq!(python("{{x}}", false, true).unwrap(), "{x}");
        assert!(python(r"\N{DASH}", false, false).is_err());
    }

    #[test]
    fn javascript_and_go_escapes() {
        assert_eq!(javascript(r"a\nb\u{41}\u0042\`").unwrap(), "a\nbAB`");
        assert_eq!(go(r"a\tb\u0041", false).unwrap(), "a\tbA");
        assert!(go(r"\x41", false).is_err());
        assert_eq!(go("a\r\nb", true).unwrap(), "a\nb");
    }
}

//! Keeping scanned content out of crash output, and one file's crash out of the scan.
//!
//! A panic message can quote the data being processed: slicing a `str` at a bad index
//! panics with up to 256 bytes of the string, which may be the line holding a secret.
//! The hook installed by the binary prints only where the panic happened, never its
//! message, unless `KEYLINT_PANIC_DETAILS` is set (for debugging keylint itself).
//!
//! Each file is scanned under `catch_unwind` (`scan::Worker`): a bug that panics on one
//! file becomes an `internal-error` issue for that file (exit code 2, findings made
//! before the panic kept) and the scan goes on.

/// Set to show panic messages in full (they may quote scanned content).
pub const DETAILS_ENV: &str = "KEYLINT_PANIC_DETAILS";

/// Install the hook described above (the binary calls this first thing).
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::env::var_os(DETAILS_ENV).is_some() {
            default(info);
        } else {
            eprintln!("{}", panic_message(info.location()));
        }
    }));
}

/// What the hook prints: the code location only.
pub fn panic_message(location: Option<&std::panic::Location<'_>>) -> String {
    let at = location.map_or(String::new(), |l| {
        format!(" at {}:{}:{}", l.file(), l.line(), l.column())
    });
    format!(
        "keylint: internal error{at}; please report it. The panic message is withheld \
         because it may quote scanned content (set {DETAILS_ENV}=1 to see it, never where \
         output is shared)"
    )
}

/// Fault injection for the CLI tests, in debug builds only: panic, quoting the whole
/// content, on a file that contains `$KEYLINT_FAULT_INJECT_PANIC`. It lets a test prove
/// that a panic neither prints scanned content nor stops the scan.
#[cfg(debug_assertions)]
pub(crate) fn inject_fault(content: &[u8]) {
    if let Some(marker) = std::env::var_os("KEYLINT_FAULT_INJECT_PANIC")
        && memchr::memmem::find(content, marker.as_encoded_bytes()).is_some()
    {
        panic!(
            "injected fault while scanning `{}`",
            String::from_utf8_lossy(content)
        );
    }
}

#[cfg(not(debug_assertions))]
pub(crate) fn inject_fault(_content: &[u8]) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_the_place_not_the_payload() {
        let here = std::panic::Location::caller();
        let m = panic_message(Some(here));
        assert!(
            m.starts_with("keylint: internal error at src/guard.rs:"),
            "{m}"
        );
        assert!(m.contains("withheld"));
    }
}

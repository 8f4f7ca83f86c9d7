//! Environment variable names: one name per distinct value. A name `.env` already
//! gives this value is reused; a name taken by a different value gets a suffix
//! (`_2`, `_3`, …) — two values never overwrite each other — except a name the
//! program reads as is ([`Hint::Exact`]), which is then refused.

use std::collections::BTreeMap;

use super::plan::{Hint, Site};
use crate::rules::RuleSet;

#[derive(Debug, Default)]
pub(crate) struct Names {
    /// Name → value, from `.env` and from names handed out.
    taken: BTreeMap<String, String>,
    /// Names `.env` already has.
    existing: BTreeMap<String, String>,
}

impl Names {
    pub fn new(existing: impl IntoIterator<Item = (String, String)>) -> Names {
        let existing: BTreeMap<String, String> = existing.into_iter().collect();
        Names {
            taken: existing.clone(),
            existing,
        }
    }

    /// The name for `value`, wanted as `wanted`, and whether `.env` already holds it.
    pub fn assign(
        &mut self,
        wanted: &str,
        value: &str,
        exact: bool,
    ) -> Result<(String, bool), String> {
        if !exact && let Some((name, _)) = self.existing.iter().find(|(_, v)| *v == value) {
            return Ok((name.clone(), true));
        }
        let mut n = 1;
        loop {
            let name = if n == 1 {
                wanted.to_string()
            } else {
                format!("{wanted}_{n}")
            };
            match self.taken.get(&name) {
                Some(v) if v == value => {
                    return Ok((name.clone(), self.existing.contains_key(&name)));
                }
                None => {
                    self.taken.insert(name.clone(), value.to_string());
                    return Ok((name, false));
                }
                Some(_) if exact => {
                    return Err(format!(
                        "`{wanted}` already holds a different value (in .env or elsewhere in this fix), \
                         and the program reads exactly that name; an environment has one value per name"
                    ));
                }
                Some(_) => n += 1,
            }
        }
    }
}

/// The name a site wants. A value that is the key itself where the convention names
/// a file holding it (`SOLANA_KEYPAIR_PATH`) drops the `_PATH`.
pub(crate) fn wanted(hint: &Hint, site: &Site, value: &str, rules: &RuleSet) -> String {
    match hint {
        Hint::Exact(n) | Hint::Binding(n) => n.clone(),
        Hint::Convention => match rules.get(&site.rule) {
            Some(rule) => {
                let name = crate::tell::advice::env_var_name(rule, site.name.as_deref());
                match name.strip_suffix("_PATH") {
                    Some(stem) if value.starts_with('[') => stem.to_string(),
                    _ => name,
                }
            }
            None => "KEYLINT_SECRET".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn different_values_get_suffixes_and_exact_names_are_refused() {
        let mut n = Names::new([("BINANCE_API_KEY".to_string(), "old".to_string())]);
        assert_eq!(
            n.assign("BINANCE_API_KEY", "old", false).unwrap(),
            ("BINANCE_API_KEY".into(), true)
        );
        assert_eq!(
            n.assign("OTHER", "old", false).unwrap(),
            ("BINANCE_API_KEY".into(), true)
        );
        assert_eq!(
            n.assign("BINANCE_API_KEY", "new", false).unwrap(),
            ("BINANCE_API_KEY_2".into(), false)
        );
        assert_eq!(
            n.assign("BINANCE_API_KEY", "newer", false).unwrap(),
            ("BINANCE_API_KEY_3".into(), false)
        );
        assert_eq!(
            n.assign("BINANCE_API_KEY", "new", false).unwrap(),
            ("BINANCE_API_KEY_2".into(), false)
        );
        assert!(n.assign("BINANCE_API_KEY", "x", true).is_err());
        assert_eq!(
            n.assign("FREQTRADE__EXCHANGE__KEY", "k", true).unwrap(),
            ("FREQTRADE__EXCHANGE__KEY".into(), false)
        );
    }
}

//! Building the engine from a validated [`Config`]: the rule set it selects, the
//! allowlists, and every detector (wallet formats, the code-aware pass with its
//! clients and capability tables).

use super::{Engine, EngineOptions};
use crate::config::Config;
use crate::error::{Error, TomlError};
use crate::find::Detector;
use crate::find::code::{CodeDetector, capability, table};
use crate::find::wallet::WalletDetector;
use crate::judge::sample::Samples;

/// The sample-context policy: `rules/samples.toml` plus `[samples]` of the config.
fn samples(cfg: &Config) -> Result<Samples, Error> {
    let mut s = Samples::builtin(&cfg.sample_test_paths)
        .map_err(|m| TomlError::new("rules/samples.toml", "", None, m, None))?;
    s.downgrade = cfg.samples_downgrade;
    Ok(s)
}

impl Engine {
    /// The engine for `cfg`, with every detector registered.
    pub fn from_config(cfg: &Config) -> Result<Engine, Error> {
        let options = EngineOptions {
            foreign_markers: cfg.foreign_markers,
            allow_values: cfg.allow_regexes.clone(),
            allow_fingerprints: cfg.allow_fingerprints.clone(),
            samples: samples(cfg)?,
        };
        let rules = cfg.rule_set()?;
        let caps = capability::Capabilities::builtin()?;
        let exchanges = caps.exchanges.clone();
        let code = if cfg.code_aware {
            Some(
                CodeDetector::with_capabilities(&rules, caps)
                    .map_err(|m| TomlError::new(table::FILE, "", None, m, None))?
                    .parse_for_capabilities(cfg.permissions),
            )
        } else {
            None
        };
        let mut detectors: Vec<Box<dyn Detector>> = vec![Box::new(WalletDetector::new(&rules))];
        if let Some(code) = code {
            detectors.push(Box::new(code));
        }
        Ok(Engine::with_detectors(rules, options, detectors).with_exchanges(exchanges))
    }
}

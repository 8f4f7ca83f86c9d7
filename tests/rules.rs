//! Every built-in rule's examples and negative examples, run through the real engine
//! with all rules loaded, plus the rule-lint checks. All failures are reported at once.

use keylint::Config;

#[test]
fn every_rule_example_behaves() {
    let engine = keylint::Engine::from_config(&Config::default()).expect("built-in rules load");
    let problems = keylint::rulecheck::check(&engine);
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_file_under_rules_is_a_rule_file_or_known_data() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let embedded: Vec<&str> = keylint::rules::builtin::EMBEDDED
        .iter()
        .map(|(n, _)| *n)
        .collect();
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(embedded.contains(&name.as_str()), "{name} is not embedded");
        assert!(
            name.ends_with(".toml") || name.ends_with(".txt"),
            "{name}: unexpected file type"
        );
    }
}

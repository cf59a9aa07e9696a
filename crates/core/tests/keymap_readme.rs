//! The README's key table is the keymap's: the same rows, in the same order.

use std::path::Path;

use tagmark_core::keymap::BINDINGS;

#[test]
fn the_readme_key_table_is_the_keymap() {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let text = std::fs::read_to_string(&readme).expect("README.md at the repository root");
    let section = text
        .split("\n### Keys\n")
        .nth(1)
        .expect("a ### Keys section");
    let rows: Vec<&str> = section
        .lines()
        .skip_while(|l| !l.starts_with("| key |"))
        .skip(2) // the header and the |---| line
        .take_while(|l| l.starts_with('|'))
        .collect();
    let expected: Vec<String> = BINDINGS.iter().map(|b| b.markdown_row()).collect();
    assert_eq!(
        rows, expected,
        "README.md's key table differs from tagmark_core::keymap::BINDINGS"
    );
}

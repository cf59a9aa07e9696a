//! Label colours: a soft, readable palette (after displaCy's) and a stable
//! assignment of palette entries to label names.
//!
//! A label's colour depends only on its name and on the other names in the set:
//! each label, taken in name order, gets the palette entry its name hashes to, or
//! the next free one. So the same label set gets the same colours on every load.

use std::collections::HashMap;

/// Background colours, light enough for dark text (displaCy's family of tints).
pub const PALETTE: [&str; 12] = [
    "#7aecec", "#feca74", "#aa9cfc", "#bfeeb7", "#ff9561", "#f0d0ff", "#ffeb80", "#9cc9cc",
    "#c887fb", "#e4e7d2", "#ff8197", "#bfe1d9",
];

/// FNV-1a, a small hash that is the same on every platform and build.
fn fnv1a(name: &str) -> u64 {
    name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A colour for a label beyond the palette: a light hue from its hash.
fn overflow_color(name: &str) -> String {
    format!("hsl({} 80% 78%)", fnv1a(name) % 360)
}

/// Assigns a colour to each label name.
pub fn assign<'a>(labels: impl IntoIterator<Item = &'a str>) -> HashMap<String, String> {
    let mut names: Vec<&str> = labels.into_iter().collect();
    tagmark_core::sort::sort_by(&mut names, |a, b| a.cmp(b));
    names.dedup();
    let mut taken = [false; PALETTE.len()];
    let mut colors = HashMap::with_capacity(names.len());
    for name in names {
        let home = (fnv1a(name) % PALETTE.len() as u64) as usize;
        let free = (0..PALETTE.len())
            .map(|k| (home + k) % PALETTE.len())
            .find(|&i| !taken[i]);
        let color = match free {
            Some(i) => {
                taken[i] = true;
                PALETTE[i].to_string()
            }
            None => overflow_color(name),
        };
        colors.insert(name.to_string(), color);
    }
    colors
}

//! How common a name part is among people at large (`data/name_frequencies.tsv`): the prior
//! an index's word frequencies (`index::Frequencies`) fall back on, and are raised to, for a
//! part the list itself says little about. A list of sanctioned people holds few Johns; the
//! people screened against it hold many, and a John on both sides tells little.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

use crate::lexicon::data_lines;
use crate::token::TokenKind;
use crate::tokenize::tokenize;

/// Share of the population (a fraction) holding a word, by its Latin spelling. (Not by its
/// skeleton key, as an index counts: a key of two consonants is shared by dozens of names,
/// and "Qaani" is not common for being keyed as Kane and Quinn are.)
static SHARE_BY_SPELLING: LazyLock<FxHashMap<String, f32>> = LazyLock::new(|| {
    let mut shares: FxHashMap<String, f32> = FxHashMap::default();
    for line in data_lines(include_str!("data/name_frequencies.tsv")) {
        let Some((name, percent)) = line.split_once('\t') else { continue };
        let Ok(percent) = percent.trim().parse::<f32>() else { continue };
        let tokens = tokenize(name);
        if let [t] = tokens.as_slice() {
            if t.kind == TokenKind::Word && !t.syms.is_empty() {
                *shares.entry(t.latin.to_string()).or_default() += percent / 100.0;
            }
        }
    }
    shares
});

/// The share of people holding a word spelled `latin` (0 for one the table lacks).
pub fn population_share(latin: &str) -> f32 {
    SHARE_BY_SPELLING.get(latin).copied().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(word: &str) -> f32 {
        population_share(&tokenize(word)[0].latin)
    }

    #[test]
    fn common_parts_are_common_and_rare_ones_absent() {
        assert!(share("Smith") > 0.005);
        assert!(share("John") > share("Smith"));
        // Read as written, whatever the case and marks.
        assert_eq!(share("SMITH"), share("Smith"));
        assert_eq!(share("José"), share("Jose"));
        assert!(share("Jose") > 0.0);
        assert_eq!(share("Nasrallah"), 0.0);
    }
}

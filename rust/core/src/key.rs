//! The coarse match key: a token's consonant skeleton (`Sym::key_char` of each symbol,
//! repeats folded), which the index looks up and dedup blocks on. Romanizations that differ
//! in vowels and in the drift the edit distance forgives mostly share it.

use crate::phonetic::Sym;

/// The consonant skeleton of a symbol sequence (what the index looks up).
pub fn skeleton(syms: &[Sym]) -> String {
    let mut out = String::with_capacity(syms.len());
    let mut last = None;
    for s in syms {
        if let Some(k) = s.key_char() {
            if last != Some(k) {
                out.push(k);
            }
            last = Some(k);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetic::latin_symbols;

    #[test]
    fn skeletons_meet() {
        assert_eq!(skeleton(&latin_symbols("hezbollah")), skeleton(&latin_symbols("hizballah")));
        assert_eq!(skeleton(&latin_symbols("qaani")), skeleton(&latin_symbols("ghaani")));
    }
}

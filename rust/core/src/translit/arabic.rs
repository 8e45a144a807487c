//! Arabic script (Arabic, Persian, Urdu, Pashto, Kurdish letters) → Latin.
//!
//! No library romanizes Arabic names the way English-language sources spell them
//! (ق → q, خ → kh, ش → sh, ث → th, the article as "al-"), so the table is ours. Unvocalized
//! text does not write short vowels: for display we insert "a" between consonants, the most
//! frequent short vowel; for matching, [`symbols`] keeps the letters as they are and the
//! edit costs in `distance.rs` absorb the missing vowels.

use crate::phonetic::{Sym, Syms};

/// The Arabic letter's consonant symbol, or `None` for letters handled by position
/// (ا و ي ه) and for anything that is not an Arabic letter.
fn consonant(c: char) -> Option<Sym> {
    use Sym::*;
    Some(match c {
        'ب' => B, 'پ' => P, 'ت' | 'ط' | 'ٹ' | 'ټ' => T, 'ث' => Th, 'ج' => J, 'چ' => Ch,
        'ح' => H, 'خ' => Kh, 'د' | 'ض' | 'ڈ' | 'ډ' => D, 'ذ' => Dh, 'ر' | 'ڑ' | 'ړ' | 'ڕ' => R,
        'ز' | 'ظ' | 'ځ' => Z, 'ژ' | 'ږ' => Zh, 'س' | 'ص' | 'څ' => S, 'ش' | 'ښ' => Sh,
        'ع' => Glottal, 'غ' => Gh, 'ف' | 'ڤ' => F, 'ق' => Q, 'ك' => K, 'گ' | 'ڨ' | 'ګ' => G,
        'ل' | 'ڵ' => L, 'م' => M, 'ن' | 'ں' | 'ڼ' => N, 'ۋ' | 'ۆ' | 'ۇ' => Waw, 'ێ' => Yeh,
        _ => return None,
    })
}

/// Phonetic symbols of a normalized Arabic-script word.
pub fn symbols(word: &str) -> Syms {
    let chars: smallvec::SmallVec<[char; 16]> = word.chars().collect();
    let n = chars.len();
    let mut out = Syms::new();
    for (i, &c) in chars.iter().enumerate() {
        let sym = match c {
            'ا' => if i == 0 { Sym::AlefInit } else { Sym::Alef },
            'و' => Sym::Waw,
            'ي' => Sym::Yeh,
            'ه' => if i + 1 == n && i > 0 { Sym::HFinal } else { Sym::H },
            _ => match consonant(c) {
                Some(s) => s,
                None => continue,
            },
        };
        // Written doubles (the two lams of الله) are one sound, as doubled Latin letters are.
        if out.last() != Some(&sym) || sym.is_vowelish() && sym != Sym::Alef {
            out.push(sym);
        }
    }
    out
}

/// The stem after the definite article "ال", when the word carries one.
/// "الله" (Allah) and two-letter remainders are not article + stem.
pub fn split_article(word: &str) -> Option<&str> {
    let stem = word.strip_prefix("ال")?;
    if stem.chars().count() < 2 || word == "الله" || stem.starts_with("له") && stem.chars().count() == 2 {
        return None;
    }
    Some(stem)
}

fn latin_consonant(c: char) -> Option<&'static str> {
    Some(match c {
        'ب' => "b", 'پ' => "p", 'ت' | 'ط' | 'ٹ' | 'ټ' => "t", 'ث' => "th", 'ج' => "j", 'چ' => "ch",
        'ح' => "h", 'خ' => "kh", 'د' | 'ڈ' | 'ډ' => "d", 'ض' => "d", 'ذ' => "dh",
        'ر' | 'ڑ' | 'ړ' | 'ڕ' => "r", 'ز' | 'ځ' => "z", 'ظ' => "z", 'ژ' | 'ږ' => "zh",
        'س' | 'ص' | 'څ' => "s", 'ش' | 'ښ' => "sh", 'غ' => "gh", 'ف' | 'ڤ' => "f", 'ق' => "q",
        'ك' => "k", 'گ' | 'ڨ' | 'ګ' => "g", 'ل' | 'ڵ' => "l", 'م' => "m", 'ن' | 'ں' | 'ڼ' => "n",
        _ => return None,
    })
}

/// Romanizes a normalized Arabic-script word for display: consonants as English sources
/// write them, ا و ي as long vowels or as w/y, "a" inserted between two consonants.
pub fn romanize_word(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let mut out = String::with_capacity(n * 2);
    // Whether the last thing written was a consonant that still lacks a vowel.
    let mut bare_consonant = false;
    for (i, &c) in chars.iter().enumerate() {
        let last = i + 1 == n;
        let next_is_vowel_letter = chars.get(i + 1).is_some_and(|&d| matches!(d, 'ا' | 'و' | 'ي'));
        match c {
            'ا' => {
                out.push('a');
                bare_consonant = false;
            }
            'و' | 'ۋ' | 'ۆ' | 'ۇ' => {
                if i == 0 || next_is_vowel_letter || !bare_consonant && i > 0 && !last {
                    out.push('w');
                    bare_consonant = true;
                } else {
                    out.push('u');
                    bare_consonant = false;
                }
            }
            'ي' | 'ێ' => {
                if i == 0 || next_is_vowel_letter {
                    if bare_consonant {
                        out.push('a');
                    }
                    out.push('y');
                    bare_consonant = true;
                } else {
                    out.push('i');
                    bare_consonant = false;
                }
            }
            'ه' if last && i > 0 => {
                if bare_consonant {
                    out.push('a');
                }
                out.push('h');
                bare_consonant = false;
            }
            'ع' => {
                if i == 0 {
                    if !next_is_vowel_letter {
                        out.push('a');
                    }
                } else {
                    // ʿayn inside a word: a vowel before it, nothing written for it.
                    if bare_consonant {
                        out.push('a');
                    }
                    bare_consonant = true;
                }
            }
            _ => {
                let latin = if c == 'ه' { Some("h") } else { latin_consonant(c) };
                match latin {
                    Some(l) => {
                        if bare_consonant {
                            out.push('a');
                        }
                        out.push_str(l);
                        bare_consonant = true;
                    }
                    None => out.push(c),
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_spellings() {
        assert_eq!(romanize_word("حسن"), "hasan");
        assert_eq!(romanize_word("علي"), "ali");
        assert_eq!(romanize_word("حشد"), "hashad");
        assert_eq!(romanize_word("قاسم"), "qasam");
    }

    #[test]
    fn article() {
        assert_eq!(split_article("الحشد"), Some("حشد"));
        assert_eq!(split_article("الله"), None);
        assert_eq!(split_article("الي"), None);
    }

    #[test]
    fn symbols_keep_long_vowels() {
        use Sym::*;
        assert_eq!(symbols("حسين").as_slice(), [H, S, Yeh, N]);
        assert_eq!(symbols("اسماعيل").as_slice(), [AlefInit, S, M, Alef, Glottal, Yeh, L]);
        assert_eq!(symbols("فاطمه").as_slice(), [F, Alef, T, M, HFinal]);
    }
}

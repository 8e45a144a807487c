//! Arabic script (Arabic, Persian, Urdu, Pashto, Kurdish letters) → Latin.
//!
//! No library romanizes Arabic names the way English-language sources spell them
//! (ق → q, خ → kh, ش → sh, ث → th, the article as "al-"), so the table is ours. Persian reads
//! some letters otherwise (ض ذ ظ z, ث s, و v): for matching, [`symbols`] gives those letters
//! symbols of their own that meet both spellings; for display, a text written with Persian
//! letters is spelled the Persian way ([`Reading`]). Unvocalized text does not write short
//! vowels: for display one "a" is put only where a word cannot be read without a vowel;
//! for matching, [`symbols`] keeps the letters as they are and the edit costs in
//! `distance.rs` absorb the missing vowels.

use crate::phonetic::{Sym, Syms};

/// The Arabic letter's consonant symbol, or `None` for letters handled by position
/// (ا و ي ه) and for anything that is not an Arabic letter.
fn consonant(c: char) -> Option<Sym> {
    use Sym::*;
    Some(match c {
        'ب' => B, 'پ' => P, 'ت' | 'ط' | 'ٹ' | 'ټ' => T, 'ث' => Theh, 'ج' => J, 'چ' => Ch,
        'ح' => H, 'خ' => Kh, 'د' | 'ڈ' | 'ډ' => D, 'ض' => Dad, 'ذ' => Thal, 'ظ' => Zah,
        'ر' | 'ڑ' | 'ړ' | 'ڕ' => R, 'ز' | 'ځ' => Z, 'ژ' | 'ږ' => Zh, 'س' | 'ص' | 'څ' => S, 'ش' | 'ښ' => Sh,
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
            // The glide of a Persian -i after a long a (رضایی Rezaei, ضیایی Ziaei) is
            // written ي, and in Latin as nothing, e, i or y.
            'ي' if i > 0 && chars[i - 1] == 'ا' && chars.get(i + 1) == Some(&'ي') => Sym::Glottal,
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

/// How a word of Arabic letters is read aloud: Arabic, or Persian (ض ذ ظ z, ث ص s, و v,
/// a final ه "eh"). The script tells Persian by its own letters (`reads_as_persian`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Reading {
    Arabic,
    Persian,
}

/// Whether a text in Arabic letters is written the Persian way: Persian ی and ک (the Arabic
/// ي and ك are other code points), پ چ ژ گ, or a zero-width non-joiner between the parts of
/// a word. Without such a hint a text is read as Arabic.
pub fn reads_as_persian(text: &str) -> bool {
    text.chars().any(|c| matches!(c, 'ی' | 'ک' | 'پ' | 'چ' | 'ژ' | 'گ' | 'ۀ' | '\u{200C}'))
}

/// The stem after "لل" (li- and the article, "for the": للتجارة, for trading), when the
/// word carries one.
pub fn split_preposition_article(word: &str) -> Option<&str> {
    let stem = word.strip_prefix("لل")?;
    (stem.chars().count() >= 3).then_some(stem)
}

fn latin_consonant(c: char, reading: Reading) -> Option<&'static str> {
    let persian = reading == Reading::Persian;
    Some(match c {
        'ب' => "b", 'پ' => "p", 'ت' | 'ط' | 'ٹ' | 'ټ' => "t", 'ج' => "j", 'چ' => "ch",
        'ث' => if persian { "s" } else { "th" },
        'ذ' => if persian { "z" } else { "dh" },
        'ض' => if persian { "z" } else { "d" },
        'ح' => "h", 'خ' => "kh", 'د' | 'ڈ' | 'ډ' => "d",
        'ر' | 'ڑ' | 'ړ' | 'ڕ' => "r", 'ز' | 'ظ' | 'ځ' => "z", 'ژ' | 'ږ' => "zh",
        'س' | 'ص' | 'څ' => "s", 'ش' | 'ښ' => "sh", 'غ' => "gh", 'ف' | 'ڤ' => "f", 'ق' => "q",
        'ك' => "k", 'گ' | 'ڨ' | 'ګ' => "g", 'ل' | 'ڵ' => "l", 'م' => "m", 'ن' | 'ں' | 'ڼ' => "n",
        _ => return None,
    })
}

/// Parts of compound names written joined to the word before or after them, with the
/// spellings English sources give them in Arabic and in Persian names (Nasrallah /
/// Nasrollah, Alireza, Fakhrizadeh, Pourmohammadi): spelled as wholes, not letter by
/// letter. (Normalized forms: ي for ی.)
const JOINED_ENDS: &[(&str, &str, &str)] = &[
    ("الله", "allah", "ollah"),
    ("الدين", "aldin", "oddin"),
    ("رضا", "rida", "reza"),
    ("زاده", "zadeh", "zadeh"),
];
const JOINED_STARTS: &[(&str, &str, &str)] = &[
    ("عبدال", "abdal", "abdol"),
    ("عبد", "abd", "abd"),
    ("محمد", "muhammad", "mohammad"),
    ("غلام", "ghulam", "gholam"),
    ("پور", "pour", "pour"),
];

/// Romanizes a normalized Arabic-script word for display, as read in `reading`: consonants
/// as English sources write them, ا و ي as long vowels or as w/v/y, and the joined parts of
/// compounds as wholes (احمدرضا ahmadreza). Short vowels are not written in the script: one
/// "a" (the most frequent) is put only where the word could not be read without a vowel —
/// after a first consonant, inside a run of three consonants, before a last consonant —
/// not between every two letters (احمد ahmad, not "ahamad").
pub fn romanize_word(word: &str) -> String {
    romanize_word_as(word, Reading::Arabic)
}

/// `romanize_word` in the given reading.
pub fn romanize_word_as(word: &str, reading: Reading) -> String {
    spell_parts(word, reading, true, true)
}

/// Spells a word, or a part of a compound, part by part (`ends_word`: whether the word ends
/// with it; a part after a first part starts a word of its own, a part before a last one
/// does not end one).
fn spell_parts(word: &str, reading: Reading, starts_word: bool, ends_word: bool) -> String {
    let pick = |arabic: &'static str, persian: &'static str| if reading == Reading::Persian { persian } else { arabic };
    if let Some(&(_, arabic, persian)) = JOINED_ENDS.iter().chain(JOINED_STARTS).find(|p| p.0 == word) {
        return pick(arabic, persian).to_string();
    }
    for &(start, arabic, persian) in JOINED_STARTS {
        if let Some(rest) = word.strip_prefix(start) {
            if !rest.is_empty() && word.chars().count() > 3 {
                return format!("{}{}", pick(arabic, persian), spell_parts(rest, reading, true, ends_word));
            }
        }
    }
    for &(end, arabic, persian) in JOINED_ENDS {
        if let Some(stem) = word.strip_suffix(end) {
            if stem.chars().count() >= 2 {
                return format!("{}{}", spell_parts(stem, reading, starts_word, false), pick(arabic, persian));
            }
        }
    }
    spell_letters(word, reading, starts_word, ends_word)
}

/// Spells a word, or a part of a compound, letter by letter.
fn spell_letters(word: &str, reading: Reading, starts_word: bool, ends_word: bool) -> String {
    let persian = reading == Reading::Persian;
    let chars: Vec<char> = word.chars().collect();
    let n = chars.len();
    let mut out = Spelling { text: String::with_capacity(n * 2), cluster: 0, from_start: starts_word };
    for (i, &c) in chars.iter().enumerate() {
        let last = i + 1 == n;
        let ends = last && ends_word;
        // (A part of one letter is a vowel: the -i of محمدي.)
        let first = i == 0 && starts_word && n > 1;
        let next_is_vowel_letter = chars.get(i + 1).is_some_and(|&d| matches!(d, 'ا' | 'و' | 'ي'));
        match c {
            'ا' => out.vowel("a"),
            'و' | 'ۋ' | 'ۆ' | 'ۇ' => {
                if first || next_is_vowel_letter || out.cluster == 0 && !last {
                    out.consonant(if persian { "v" } else { "w" }, ends);
                } else {
                    out.vowel("u");
                }
            }
            'ي' | 'ێ' => {
                if first || next_is_vowel_letter {
                    out.consonant("y", ends);
                } else {
                    out.vowel("i");
                }
            }
            'ه' if ends && !first => {
                if out.cluster > 0 {
                    out.text.push(if persian { 'e' } else { 'a' });
                }
                out.vowel("h");
            }
            'ع' if first => {
                if !next_is_vowel_letter {
                    out.vowel("a");
                }
            }
            // ʿayn inside a word: a consonant that English spellings do not write.
            'ع' => out.consonant("", ends),
            _ => match if c == 'ه' { Some("h") } else { latin_consonant(c, reading) } {
                Some(l) => out.consonant(l, ends),
                None => out.text.push(c),
            },
        }
    }
    out.text
}

/// A spelling being written, with what decides where a short vowel goes.
struct Spelling {
    text: String,
    /// Consonants written since the last vowel.
    cluster: usize,
    /// Whether they began the word.
    from_start: bool,
}

impl Spelling {
    fn vowel(&mut self, v: &str) {
        self.text.push_str(v);
        self.cluster = 0;
        self.from_start = false;
    }

    /// A consonant, with a short vowel before it where the word needs one: no two consonants
    /// start it, no three follow one another, and (at `word_end`) no two end it.
    fn consonant(&mut self, latin: &str, word_end: bool) {
        if self.cluster >= 2 || self.cluster == 1 && (self.from_start || word_end) {
            self.vowel("a");
        }
        self.text.push_str(latin);
        self.cluster += 1;
    }
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
        assert_eq!(romanize_word("احمد"), "ahmad");
        assert_eq!(romanize_word("جعفر"), "jafar");
        assert_eq!(romanize_word("سعيد"), "said");
        assert_eq!(romanize_word("نصرالله"), "nasrallah");
    }

    #[test]
    fn persian_reading() {
        let persian = |w| romanize_word_as(w, Reading::Persian);
        assert_eq!(persian("احمدرضا"), "ahmadreza");
        assert_eq!(persian("رادان"), "radan");
        assert_eq!(persian("رضا"), "reza");
        assert_eq!(persian("غلامرضا"), "gholamreza");
        assert_eq!(persian("پورمحمدي"), "pourmohammadi");
        assert_eq!(romanize_word("رضا"), "rida");
        assert_eq!(persian("جواد"), "javad");
        assert_eq!(persian("ذاكر"), "zakar");
        assert_eq!(persian("ثابت"), "sabat");
        assert_eq!(persian("نصرالله"), "nasrollah");
        assert_eq!(persian("زاده"), "zadeh");
        assert!(reads_as_persian("علی") && reads_as_persian("خامنه\u{200C}ای") && !reads_as_persian("علي"));
    }

    #[test]
    fn article() {
        assert_eq!(split_article("الحشد"), Some("حشد"));
        assert_eq!(split_article("الله"), None);
        assert_eq!(split_article("الي"), None);
        assert_eq!(split_preposition_article("للتجاره"), Some("تجاره"));
        assert_eq!(split_preposition_article("لله"), None);
    }

    #[test]
    fn symbols_keep_long_vowels() {
        use Sym::*;
        assert_eq!(symbols("حسين").as_slice(), [H, S, Yeh, N]);
        assert_eq!(symbols("اسماعيل").as_slice(), [AlefInit, S, M, Alef, Glottal, Yeh, L]);
        assert_eq!(symbols("فاطمه").as_slice(), [F, Alef, T, M, HFinal]);
    }
}

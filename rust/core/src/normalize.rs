//! Unicode cleanup shared by every later step.
//!
//! `normalize` keeps the script of its input (Arabic stays Arabic) but removes what
//! carries no identity: compatibility forms, case, diacritics and vowel marks, kashida,
//! invisible format characters, quote-like letters, punctuation. Arabic letter variants
//! that writers use interchangeably are folded the way camel-tools' normalizers fold them.

use unicode_normalization::char::decompose_canonical;
use unicode_normalization::UnicodeNormalization;

/// Normalizes a name: NFKC, lower case, no combining marks, folded Arabic letter forms,
/// ASCII digits, apostrophes removed, punctuation and hyphens turned into single spaces.
///
/// The result is idempotent: `normalize(&normalize(s)) == normalize(s)`.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        return normalize_ascii(text);
    }
    let mut out = Spaced::with_capacity(text.len());
    for c in text.nfkc() {
        for lower in c.to_lowercase() {
            push_folded(lower, &mut out);
        }
    }
    out.finish()
}

/// The same result as the general path for ASCII text (most names), byte by byte, without
/// Unicode tables.
fn normalize_ascii(text: &str) -> String {
    let mut out = Spaced::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push_ascii(b.to_ascii_lowercase());
        } else if !matches!(b, b'\'' | b'`' | b'"') {
            out.separate();
        }
    }
    out.finish()
}

/// Text built of words separated by single spaces: a separator is written only between two
/// words, never at either end, never twice.
pub(crate) struct Spaced {
    // (Bytes, so that ASCII text is pushed without encoding each character.)
    out: Vec<u8>,
    pending: bool,
}

impl Spaced {
    pub(crate) fn with_capacity(n: usize) -> Self {
        Spaced { out: Vec::with_capacity(n), pending: false }
    }

    pub(crate) fn push(&mut self, c: char) {
        self.before_letter();
        self.out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }

    /// `push` of an ASCII character, given as its byte.
    pub(crate) fn push_ascii(&mut self, b: u8) {
        debug_assert!(b.is_ascii());
        self.before_letter();
        self.out.push(b);
    }

    fn before_letter(&mut self) {
        if self.pending && !self.out.is_empty() {
            self.out.push(b' ');
        }
        self.pending = false;
    }

    pub(crate) fn separate(&mut self) {
        self.pending = true;
    }

    pub(crate) fn finish(self) -> String {
        String::from_utf8(self.out).expect("built of whole characters")
    }
}

/// What one character becomes.
enum Fold {
    Keep(char),
    Drop,
    Space,
}

fn push_folded(c: char, out: &mut Spaced) {
    let emit = |ch: char, out: &mut Spaced| match fold_char(ch) {
        Fold::Keep(k) => out.push(k),
        Fold::Drop => {}
        Fold::Space => out.separate(),
    };
    if decomposes_to_base(c) {
        // Latin and Greek letters with diacritics, and Arabic letters carrying hamza or
        // madda: keep the base letter, drop the marks.
        let mut first = true;
        decompose_canonical(c, |d| {
            if first || !is_combining_mark(d) {
                emit(d, out);
            }
            first = false;
        });
    } else {
        emit(c, out);
    }
}

/// Characters whose canonical decomposition is "base letter + marks we drop".
/// Cyrillic (й, ё) and the Indic and Japanese scripts keep their composed letters, since
/// there the mark changes the sound and the romanizers read the composed letter.
fn decomposes_to_base(c: char) -> bool {
    matches!(c as u32,
        0x00C0..=0x024F   // Latin-1 supplement, Latin extended A/B
        | 0x1E00..=0x1EFF // Latin extended additional (Vietnamese, transliteration dots)
        | 0x0370..=0x03FF // Greek
        | 0x1F00..=0x1FFF // Greek extended
        | 0x0622..=0x0626 // آ أ ؤ إ ئ
        | 0x06C0 | 0x06C2 | 0x06D3) // ۀ ۂ ۓ
}

/// Combining marks that carry no identity in names: Latin/Greek diacritics, Arabic harakat,
/// shadda, sukun, tanwin, superscript alef, Quranic marks, Hebrew points.
pub(crate) fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F
        | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF
        | 0x20D0..=0x20FF
        | 0xFE20..=0xFE2F
        | 0x0591..=0x05C7 // Hebrew points and cantillation
        | 0x0610..=0x061A
        | 0x064B..=0x065F
        | 0x0670
        | 0x06D6..=0x06DC
        | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8
        | 0x06EA..=0x06ED
        | 0x08D3..=0x08E1
        | 0x08E3..=0x08FF)
}

fn fold_char(c: char) -> Fold {
    use Fold::*;
    if is_combining_mark(c) {
        return Drop;
    }
    match c {
        // Arabic letter forms written interchangeably.
        'ٱ' | 'ٲ' | 'ٳ' | 'ٵ' => Keep('ا'),
        'ى' | 'ی' | 'ے' | 'ٸ' | 'ې' | 'ۍ' => Keep('ي'),
        'ة' | 'ہ' | 'ھ' | 'ە' => Keep('ه'),
        'ک' | 'ڪ' => Keep('ك'),
        'ٶ' => Keep('و'),
        'ء' | 'ٴ' => Drop, // a lone hamza is as optional in names as an apostrophe
        // Tatweel (kashida) and invisible format characters: ZWNJ, ZWJ, bidi controls, BOM.
        '\u{0640}' | '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{061C}' => Drop,
        // Apostrophes and quote-like letters: Ta'eb = Taeb, Sha'bi = Shabi.
        '\'' | '`' | '´' | '‘' | '’' | '‚' | '‛' | 'ʻ' | 'ʼ' | 'ʽ' | 'ʾ' | 'ʿ' | 'ˈ' | '′'
        | '"' | '“' | '”' | '„' | '″' | '«' | '»' | '‹' | '›' => Drop,
        // Arabic-Indic and Persian digits.
        '\u{0660}'..='\u{0669}' => Keep(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => Keep(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        // Marks of the Indic and other scripts are parts of their letters (the virama of प्र).
        _ if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) => Keep(c),
        // Everything else (whitespace, hyphens, punctuation, symbols, emoji) separates words.
        _ => Space,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn latin_diacritics_case_and_punctuation() {
        assert_eq!(normalize("  Recep Tayyip ERDOĞAN "), "recep tayyip erdogan");
        assert_eq!(normalize("Hussein al-Tayeb"), "hussein al tayeb");
        assert_eq!(normalize("Kata’ib Hezbollah"), "kataib hezbollah");
        assert_eq!(normalize("Hashd al-Sha'bi"), "hashd al shabi");
        assert_eq!(normalize("Usāma ibn Lādin"), "usama ibn ladin");
    }

    #[test]
    fn arabic_marks_and_letter_forms() {
        assert_eq!(normalize("المُسيّرات"), "المسيرات");
        assert_eq!(normalize("إسماعيل قاآني"), "اسماعيل قااني");
        assert_eq!(normalize("حسین"), "حسين");
        assert_eq!(normalize("فاطمة"), "فاطمه");
        assert_eq!(normalize("مصطفى"), "مصطفي");
        assert_eq!(normalize("عــلــي"), "علي");
        assert_eq!(normalize("٢٠١٩ ۱۳۹۸"), "2019 1398");
    }

    #[test]
    fn stray_arabic_mark_before_latin_word() {
        assert_eq!(normalize("\u{064D}South Front"), "south front");
    }

    #[test]
    fn ascii_fast_path_agrees_with_the_general_path() {
        for s in ["O'Brien, Robert P.", "  AT&T  Inc. ", "Kata`ib \"Hezbollah\"", "a-b_c/d", "", "\t\n"] {
            let mut general = super::Spaced::with_capacity(s.len());
            for c in s.chars() {
                super::push_folded(c.to_ascii_lowercase(), &mut general);
            }
            assert_eq!(normalize(s), general.finish(), "{s:?}");
        }
    }

    #[test]
    fn idempotent_on_samples() {
        for s in ["İstanbul", "ﻻ", "ﷲ", "Ⅻ", "ǅ", "ﬁ", "Straße", "ΐ"] {
            let once = normalize(s);
            assert_eq!(normalize(&once), once, "{s}");
        }
    }
}

//! The text of a name cut into pieces (words, the Arabic article split off its word, one
//! piece per Han, kana or Hangul syllable), and the passes that read pieces before they
//! become tokens: codes of letters, runs of single letters, capitals, the lexicon's listings,
//! spelled-out legal forms and titles.

// (Sets of words of one name: a fast hasher pays.)
type HashSet<K> = rustc_hash::FxHashSet<K>;

use compact_str::CompactString;
use smallvec::SmallVec;

use crate::lexicon::{Lexicon, PhraseTable};
use crate::normalize::normalize;
use crate::script::{is_syllabic, script_of, Script};
use crate::token::MAX_WORDS;
use crate::translit::{arabic, romanize_token};

/// A piece of normalized text before classification.
#[derive(Clone, Debug, Default)]
pub(crate) struct Piece {
    /// Surface text (own script).
    pub(crate) text: CompactString,
    /// Lookup form: the Arabic text for Arabic script, the romanization otherwise.
    pub(crate) form: CompactString,
    pub(crate) arabic: bool,
    /// Split off an Arabic word ("ال").
    pub(crate) article: bool,
    /// Its form is in the lexicon (set by the tokenizer; see `Lexicon::listed`).
    pub(crate) listed: bool,
    /// The place whose name of several words it is a word of (`mark_place_names`), or 0.
    pub(crate) place: u16,
    /// Written as an acronym (set by the tokenizer).
    pub(crate) acronym: bool,
    /// A syllable of a Han, kana or Hangul word after its first (see `Token::continues_word`).
    pub(crate) continues_word: bool,
}

impl Piece {
    pub(crate) fn new(text: impl Into<CompactString>, form: impl Into<CompactString>, arabic: bool, article: bool) -> Piece {
        Piece { text: text.into(), form: form.into(), arabic, article, listed: false, place: 0, acronym: false, continues_word: false }
    }

    /// Marks whether the lexicon lists the piece's form. (In place: pieces are not moved
    /// around more than they must be.)
    pub(crate) fn look_up(&mut self, lex: &Lexicon) {
        // A Han, kana or Hangul syllable is no Latin particle, title or legal form, whatever
        // its romanization spells (拉 "la", 奥 "ao", 也 "ye"): the lists hold none of these scripts.
        let syllable = !self.text.is_ascii() && self.text.chars().any(is_syllabic);
        self.listed = !syllable && lex.listed_shapes.may_hold(&self.form) && lex.listed.contains(self.form.as_str());
    }
}

/// The pieces of a name: inline for nearly every name, so that tokenizing allocates little.
pub(crate) type Pieces = SmallVec<[Piece; 8]>;

/// Splits normalized text into pieces: words, with the Arabic article split off its word
/// and romanizations that come out as several words (CJK) split too.
///
/// `hamza_initial` holds the normalized words that began with أ, إ or آ: normalization
/// folds those to ا, but a hamza never starts the article (أليو is not al + يو).
fn split_normalized(norm: &str, hamza_initial: &HashSet<String>) -> Pieces {
    let mut out = Pieces::new();
    // (Normalized text separates words by single ASCII spaces.)
    for word in norm.split_ascii_whitespace() {
        if word.is_ascii() {
            out.push(Piece::new(word, word, false, false));
            continue;
        }
        if script_of(word) == Script::Arabic {
            let article = if hamza_initial.contains(word) {
                None
            } else {
                arabic::split_article(word).or_else(|| arabic::split_preposition_article(word))
            };
            if let Some(stem) = article {
                out.push(Piece::new("ال", "ال", true, true));
                out.push(Piece::new(stem, stem, true, false));
            } else {
                out.push(Piece::new(word, word, true, false));
            }
            continue;
        }
        if word.chars().any(is_syllabic) {
            // Han, kana and Hangul: one piece per character. Romanization is lossy there
            // (石 and 市 are both "shi"), so the characters themselves are compared.
            // The syllables of one word stay one word for scoring (`Token::continues_word`).
            for (k, c) in word.chars().enumerate() {
                let text = c.to_string();
                let form = romanize_token(&text);
                let form = if form.is_empty() { text.clone() } else { form };
                let mut piece = Piece::new(text, form, false, false);
                piece.continues_word = k > 0;
                out.push(piece);
            }
            continue;
        }
        let latin = romanize_token(word);
        let parts: Vec<&str> = latin.split(' ').filter(|p| !p.is_empty()).collect();
        if parts.len() <= 1 {
            // A word no table romanizes (ə, symbols of rare scripts) is kept as it is and
            // only ever equals itself.
            let form = parts.first().map(|p| p.to_string()).unwrap_or_else(|| word.to_string());
            out.push(Piece::new(word, form, false, false));
        } else {
            for p in parts {
                out.push(Piece::new(p, p, false, false));
            }
        }
    }
    out
}

/// The pieces of a name (at most `MAX_WORDS`).
pub(crate) fn split(text: &str) -> Pieces {
    let norm = normalize(text);
    let mut pieces = split_normalized(&norm, &hamza_initial_words(text));
    // Scoring aligns every word with every other: a text of thousands of words is not a
    // name, and is compared on its first words only.
    pieces.truncate(MAX_WORDS);
    pieces
}

/// Lookup forms of a lexicon entry: the same pieces the tokenizer sees.
pub(crate) fn entry_forms(entry: &str) -> Vec<String> {
    split_normalized(&normalize(entry), &hamza_initial_words(entry)).into_iter().map(|p| p.form.into_string()).collect()
}

/// The words of a text (normalized) written with a hamza on their first alef: their ال is
/// part of the word (ألمانيا, إلياس), not the article.
fn hamza_initial_words(text: &str) -> HashSet<String> {
    // (Latin text, the usual case, holds no hamza: skip the scan.)
    if text.is_ascii() {
        return HashSet::default();
    }
    text.split(|c: char| c.is_whitespace() || c == '-').filter(|w| w.starts_with(['أ', 'إ', 'آ'])).map(normalize).collect()
}

/// `text` with its codes of letters written as one word, `None` when it has none. A word of
/// Latin letters and digits joined by hyphens, one of them a single letter ("JAK-A",
/// "M-SAAN", "SMT-K"), is a code (a vessel's, a company's), not a word and an initial: no
/// person's name hyphenates a letter, and read apart the letter would agree with any word it
/// starts. (Not the Persian ezafe, a word's final -e or -i: "Sepah-e Pasdaran".)
pub(crate) fn joined_letter_codes(text: &str) -> Option<String> {
    let is_code = |w: &str| {
        let parts: SmallVec<[&str; 4]> = w.split('-').collect();
        let letter = |k: usize| {
            let p = parts[k].as_bytes();
            let ezafe = k + 1 == parts.len() && k > 0 && parts[k - 1].len() >= 2 && matches!(p[0], b'e' | b'E' | b'i' | b'I');
            p.len() == 1 && p[0].is_ascii_alphabetic() && !ezafe
        };
        parts.len() >= 2
            && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
            && (0..parts.len()).any(letter)
    };
    if !text.contains('-') || !text.split_whitespace().any(is_code) {
        return None;
    }
    let words: Vec<String> = text.split(' ').map(|w| if is_code(w) { w.replace('-', "") } else { w.to_string() }).collect();
    Some(words.join(" "))
}

/// Words written in capitals inside mixed-case text, or a short name written only in
/// capitals: candidates for acronyms.
///
/// In "SURNAME, Given" the capitals before the comma are a surname convention, not an
/// acronym.
pub(crate) fn acronyms_in(original: &str) -> Vec<String> {
    // Most names have no word in capitals beside lower-case text: one pass tells.
    let (mut has_lower, mut has_upper, mut letter_count) = (false, false, 0usize);
    if original.is_ascii() {
        // (Counting loops without branches: the compiler runs them on whole vectors.)
        let bytes = original.as_bytes();
        let lower: usize = bytes.iter().map(|c| usize::from(c.is_ascii_lowercase())).sum();
        let upper: usize = bytes.iter().map(|c| usize::from(c.is_ascii_uppercase())).sum();
        (has_lower, has_upper, letter_count) = (lower > 0, upper > 0, lower + upper);
    } else {
        for c in original.chars().filter(|c| c.is_alphabetic()) {
            has_lower |= c.is_lowercase();
            has_upper |= c.is_uppercase();
            letter_count += 1;
        }
    }
    // In text without lower case only a short name can be an acronym, and two capitals
    // there are as often a word (SA-ID, AL) as an acronym.
    if !has_upper || !has_lower && letter_count > 6 {
        return Vec::new();
    }
    let after_surname = match original.split_once(',') {
        Some((_, given)) if has_lower => given,
        _ => original,
    };
    let spells_acronym = |n: usize| (2..=6).contains(&n) && (has_lower || n >= 3);
    if after_surname.is_ascii() {
        // The same words, read as bytes; most names have no two capitals in a row at all.
        let capitals_in_a_row = after_surname.as_bytes().windows(2).any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_uppercase());
        if !capitals_in_a_row {
            return Vec::new();
        }
        return after_surname
            .as_bytes()
            .split(|c| !c.is_ascii_alphanumeric())
            .filter(|word| spells_acronym(word.len()) && word.iter().all(u8::is_ascii_uppercase))
            .map(|word| String::from_utf8(word.to_ascii_lowercase()).expect("ASCII bytes are UTF-8"))
            .collect();
    }
    after_surname
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| {
            spells_acronym(word.chars().count()) && word.chars().all(|c| c.is_alphabetic() && c.is_uppercase())
        })
        .map(normalize)
        .collect()
}

/// Runs of single letters become one piece: an acronym (I.R.G.C., U.S.) or a legal form
/// (S.A., L.L.C.); two initials in a longer name stay a person's initials (M. F. Stelmakh).
pub(crate) fn join_letter_runs(merged: &mut Pieces, lex: &Lexicon) {
    let single = |p: &Piece| !p.arabic && p.form.len() == 1 && p.form.as_bytes()[0].is_ascii_alphabetic();
    if merged.windows(2).any(|w| single(&w[0]) && single(&w[1])) {
        let mut written_pieces = std::mem::take(merged);
        let ps = &mut written_pieces[..];
        let mut i = 0;
        while i < ps.len() {
            let mut j = i;
            while j < ps.len() && single(&ps[j]) {
                j += 1;
            }
            // Two initials in a longer name are a person's initials (M. F. Stelmakh); three
            // or more, or a name that is nothing but letters, an acronym (I.R.G.C., U.S.);
            // letters that spell a legal form, that form (S.A., C.V., L.L.C.).
            let spelled: CompactString = ps[i..j].iter().map(|p| p.form.as_str()).collect();
            if j - i >= 2 && lex.legal.contains_key(spelled.as_str()) {
                merged.push(Piece::new(spelled.clone(), spelled, false, false));
                i = j;
            } else if j - i >= 3 || j - i == 2 && ps.len() == 2 {
                let mut run = Piece::new(spelled.clone(), spelled, false, false);
                run.acronym = true;
                merged.push(run);
                i = j;
            } else {
                merged.push(std::mem::take(&mut ps[i]));
                i += 1;
            }
        }
    }
}

/// Marks each piece the lexicon lists, and each written as one of `acronyms` (`acronyms_in`).
pub(crate) fn look_up_all(merged: &mut Pieces, lex: &Lexicon, acronyms: &[String]) {
    for piece in merged.iter_mut() {
        piece.look_up(lex);
        if !piece.acronym && !acronyms.is_empty() {
            piece.acronym = acronyms.iter().any(|a| *a == piece.text);
        }
    }
}

/// The longest phrase of `phrases` (lists of lookup forms by their first, longest first)
/// that the pieces from `k` on spell, with its concept.
fn phrase_at<'l>(merged: &Pieces, k: usize, phrases: &'l PhraseTable) -> Option<&'l (Vec<String>, u16)> {
    let listed = merged[k].listed.then(|| phrases.get(merged[k].form.as_str())).flatten()?;
    listed.iter().find(|(f, _)| f.len() <= merged.len() - k && f.iter().zip(&merged[k..]).all(|(a, p)| *a == p.form))
}

/// Spelled-out legal forms become one piece, named by their concept (Limited Liability
/// Company = LLC).
pub(crate) fn join_legal_phrases(merged: &mut Pieces, lex: &Lexicon) {
    let mut k = 0;
    while k < merged.len() {
        if let Some((f, id)) = phrase_at(merged, k, &lex.legal_phrases) {
            let text = merged[k..k + f.len()].iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join(" ");
            let form = lex.concept_names[*id as usize].clone();
            merged.drain(k..k + f.len());
            let mut phrase = Piece::new(text, form, false, false);
            phrase.look_up(lex);
            merged.insert(k, phrase);
        }
        k += 1;
    }
}

/// The words of a place name of several words (United Arab Emirates, الإمارات العربية
/// المتحدة) each carry the place: they stay words of their own, so that a part still meets
/// its own spelling (Korea, North Korea) and initials still spell them.
pub(crate) fn mark_place_names(merged: &mut Pieces, lex: &Lexicon) {
    let mut k = 0;
    while k < merged.len() {
        match phrase_at(merged, k, &lex.place_phrases) {
            Some((f, id)) => {
                merged[k..k + f.len()].iter_mut().for_each(|p| p.place = *id);
                k += f.len();
            }
            None => k += 1,
        }
    }
}

/// Which pieces are titles (Sheikh, Hojjat al-Eslam, Brigadier General): the longest listed
/// sequence first, anywhere in the name, but never the whole name.
pub(crate) fn title_flags(merged: &[Piece], lex: &Lexicon) -> SmallVec<[bool; 16]> {
    let n = merged.len();
    let mut title_flags: SmallVec<[bool; 16]> = smallvec::smallvec![false; n];
    let is_title = &mut title_flags[..];
    let mut k = 0;
    while k < n {
        let matched = merged[k]
            .listed
            .then(|| lex.titles.get(merged[k].form.as_str()))
            .flatten()
            .and_then(|ts| {
                ts.iter().find(|t| t.len() <= n - k && t.iter().zip(&merged[k..]).all(|(a, p)| *a == p.form))
            })
            .map_or(0, Vec::len);
        if matched > 0 && matched < n {
            is_title[k..k + matched].iter_mut().for_each(|x| *x = true);
            k += matched;
        } else {
            k += 1;
        }
    }
    title_flags
}

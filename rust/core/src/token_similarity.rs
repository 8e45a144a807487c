//! The similarity of two tokens, in [0, 1], and the reason for it: the same spelling, a
//! translation (kata'ib ≈ brigades), an initial, a syllable's reading in another
//! romanization system, or the phonetic symbols' edit distance (`distance.rs`, with its
//! bounds, so that a pair that cannot agree costs little). A search's rules
//! (`Rules::token_similarity`) hold Latin spellings to their letters.

use crate::distance::{letter_similarity, similarity_upper_bound, sym_similarity, sym_similarity_at_least};
use crate::explain::Reason;
use crate::lexicon::LEXICON;
use crate::prior::population_share;
use crate::rules::Rules;
use crate::token::{Token, TokenKind};

/// Two tokens below this similarity are not the same word.
pub const MIN_TOKEN_SIMILARITY: f32 = 0.6;
/// Discount of a demonym read as its country (Syrian ≈ سوريا).
pub const DEMONYM_FACTOR: f32 = 0.95;
/// Whether two tokens are spelled the same. (The symbol sets first, which tell most
/// different words apart without comparing bytes; then the symbols, which sit beside the
/// other fields scoring reads; the spelling last.)
pub(crate) fn same_spelling(a: &Token, b: &Token) -> bool {
    a.sym_mask == b.sym_mask && a.syms == b.syms && a.latin == b.latin
}

/// Similarity of two tokens and the reason. Without `exact`, a pair that cannot reach
/// `MIN_TOKEN_SIMILARITY` gets an upper bound instead of its exact similarity.
pub fn token_similarity(a: &Token, b: &Token, exact: bool) -> (f32, Reason) {
    token_similarity_from(a, b, if exact { 0.0 } else { MIN_TOKEN_SIMILARITY })
}

/// Similarity of two translations of one organization word (kata'ib ≈ brigades): below an
/// exact spelling, so that a name in the same language ranks first, and well above the
/// threshold.
pub const TRANSLATION_SIMILARITY: f32 = 0.95;
/// Similarity of an initial and a word it starts (V. ≈ Vladimir): short of a spelled-out
/// match, since many names share an initial.
pub const INITIAL_SIMILARITY: f32 = 0.9;

/// Similarity of two tokens, exact when it is at least `floor` and some value below
/// `floor` otherwise (0 when the edit distance stopped early).
pub(crate) fn token_similarity_from(a: &Token, b: &Token, floor: f32) -> (f32, Reason) {
    if a.syllabic && b.syllabic && a.text != b.text {
        // Two different Han or Hangul characters are different, whatever their sound.
        return (0.0, Reason::Mismatch);
    }
    if a.syllabic != b.syllabic && a.text != b.text {
        let (syllable, word) = if a.syllabic { (a, b) } else { (b, a) };
        if is_reading(syllable, &word.latin) {
            return (READING_SIMILARITY, Reason::Spelling);
        }
        // A syllable against a word of another script: a few hundred syllables make all the
        // names, and a near spelling of one ("li" / "lei") is often another.
        let (s, reason) = token_similarity_plain(a, b, Strictness(SYLLABLE_STRICTNESS).floor(floor));
        return (Strictness(SYLLABLE_STRICTNESS).of(s), reason);
    }
    token_similarity_plain(a, b, floor)
}

/// How many times a difference between a Han or Hangul syllable and a word of another
/// script counts (`Strictness`).
pub const SYLLABLE_STRICTNESS: f32 = 2.0;
/// How many times a letter of difference between a Latin word and the nearest spelling of a
/// Han or Hangul syllable counts under `Rules::strict_latin` (`Strictness`): the spellings
/// of the romanization systems are the syllable's (`Token::readings`), and one letter off
/// them is another syllable (Cheng / Chang reads 0.4).
pub const SYLLABLE_LETTER_STRICTNESS: f32 = 3.0;
/// Similarity of a Han or Hangul syllable and one of its spellings in a romanization system
/// other than ours (张 / Chang, 김 / Kim): the same syllable, a hair below its own spelling.
pub const READING_SIMILARITY: f32 = 0.98;

/// Whether `latin` is a spelling of the syllable `syllable` in another romanization system
/// (`Token::readings`).
pub(crate) fn is_reading(syllable: &Token, latin: &str) -> bool {
    syllable.readings.as_deref().is_some_and(|rs| rs.iter().any(|r| r == latin))
}

/// The letter similarity (`distance::letter_similarity`) of a syllable's nearest spelling
/// (its own or another system's) and a Latin word.
pub(crate) fn syllable_letter_similarity(syllable: &Token, latin: &str) -> f32 {
    let others = syllable.readings.as_deref().unwrap_or(&[]);
    std::iter::once(&syllable.latin).chain(others).map(|r| letter_similarity(r, latin)).fold(0.0, f32::max)
}

/// A reading of a similarity in which every difference counts this many times.
#[derive(Clone, Copy)]
pub(crate) struct Strictness(pub(crate) f32);

impl Strictness {
    /// The similarity `s` read strictly: 1 − k·(1 − s), at least 0.
    pub(crate) fn of(self, s: f32) -> f32 {
        (1.0 - (1.0 - s) * self.0).max(0.0)
    }

    /// The plain similarity that reads as `floor` strictly: the floor to compute it at.
    pub(crate) fn floor(self, floor: f32) -> f32 {
        1.0 - (1.0 - floor) / self.0
    }
}

/// Two names of two places of the gazetteer (Qom and al-Qa'im, Homs and Hama, Iraq and Iran)
/// are not one name, unless their spellings are at least this alike: then they are one name
/// written two ways that the gazetteer gives to two places (El Jadid, a spelling of El Jadida,
/// and الجديد, Al Jadid).
pub const SAME_PLACE_SPELLING: f32 = 0.9;

/// Whether two words name two different places of the gazetteer. (Not when either is a
/// common name of people as well: people's names drift between spellings that a gazetteer
/// may hold as two places, Victoria and Vitoria.)
fn other_places(a: &Token, b: &Token) -> bool {
    let lex = &*LEXICON;
    let place = |t: &Token| t.concept != 0 && lex.is_place(t.concept) && population_share(&t.latin) == 0.0;
    a.concept != b.concept && place(a) && place(b)
}

/// `token_similarity_from` without the rules of syllables.
fn token_similarity_plain(a: &Token, b: &Token, floor: f32) -> (f32, Reason) {
    if same_spelling(a, b) {
        return (1.0, Reason::Exact);
    }
    if a.syms.is_empty() || b.syms.is_empty() {
        // Nothing phonetic to compare (a word no table romanizes): equal or not.
        return if a.text == b.text { (1.0, Reason::Exact) } else { (0.0, Reason::Mismatch) };
    }
    if a.concept != 0 && a.concept == b.concept {
        return (TRANSLATION_SIMILARITY, Reason::Translation(a.concept));
    }
    if other_places(a, b) && sym_similarity(&a.syms, &b.syms) < SAME_PLACE_SPELLING {
        return (0.0, Reason::Mismatch);
    }
    if a.kind == TokenKind::Number || b.kind == TokenKind::Number {
        return (if a.latin == b.latin { 1.0 } else { 0.0 }, Reason::Mismatch);
    }
    if a.kind == TokenKind::Initial || b.kind == TokenKind::Initial {
        let same = a.latin.as_bytes().first() == b.latin.as_bytes().first();
        return (if same { INITIAL_SIMILARITY } else { 0.0 }, Reason::Initial);
    }
    // (The bound speaks of the spellings only, not of a demonym's stem.)
    if floor > 0.0 && a.demonym_stem.is_none() && b.demonym_stem.is_none() {
        let bound = similarity_upper_bound(&a.syms, a.sym_weight, a.sym_mask, &b.syms, b.sym_weight, b.sym_mask, floor);
        if bound < floor {
            return (bound, Reason::Spelling);
        }
    }
    let mut s = sym_similarity_at_least(&a.syms, a.sym_weight, &b.syms, b.sym_weight, floor);
    for (x, y) in [(a, b), (b, a)] {
        if let Some(stem) = &x.demonym_stem {
            s = s.max(DEMONYM_FACTOR * sym_similarity(stem, &y.syms));
        }
    }
    (s, Reason::Spelling)
}

/// Two words written in Latin letters that agree less than this are as often two names as
/// one ("Michael" / "Miguel", "Lisa" / "Lucy"): under `Rules::strict_latin` only a part of
/// their similarity counts.
/// (Across scripts, romanization drift makes such similarities common for one name.)
pub const LOOSE_LATIN_SIMILARITY: f32 = 0.75;
/// How much closer than their letters (`distance::letter_similarity`) two Latin spellings may
/// read by their sounds under `Rules::strict_latin`. The romanizations of one name differ in
/// a few letters (Qaani / Ghaani, Yusuf / Youssef); two names that sound alike to a
/// vowel-blind key differ in most ("Kelly" / "Gali", "Alice" / "Luis").
pub const SPELLING_MARGIN: f32 = 0.25;
/// The share of its similarity that a loose Latin pair at `MIN_TOKEN_SIMILARITY` keeps; it
/// grows linearly to all of it at `LOOSE_LATIN_SIMILARITY`.
pub const LOOSE_LATIN_SHARE: f32 = 0.5;

/// The share of the similarity `s` of two paired words that counts (see
/// `LOOSE_LATIN_SIMILARITY`).
pub(crate) fn loose_spelling_share(a: &Token, b: &Token, s: f32) -> f32 {
    if s >= LOOSE_LATIN_SIMILARITY || !a.text.is_ascii() || !b.text.is_ascii() {
        return 1.0;
    }
    let along = ((s - MIN_TOKEN_SIMILARITY) / (LOOSE_LATIN_SIMILARITY - MIN_TOKEN_SIMILARITY)).clamp(0.0, 1.0);
    LOOSE_LATIN_SHARE + (1.0 - LOOSE_LATIN_SHARE) * along
}

impl Rules {
    /// `token_similarity` under these rules: an initial agrees as `initial_similarity` says,
    /// and under `strict_latin` two words written in Latin letters are no closer than their
    /// letters allow (`SPELLING_MARGIN`).
    pub fn token_similarity(self, a: &Token, b: &Token, exact: bool) -> (f32, Reason) {
        let (s, reason) = token_similarity(a, b, exact);
        if reason == Reason::Initial && s > 0.0 {
            return (self.initial_similarity, reason);
        }
        // (Below MIN_TOKEN_SIMILARITY a pair is no pair whatever the letters say: the edit
        // distance of the letters is spared.)
        if !self.strict_latin || !(MIN_TOKEN_SIMILARITY..1.0).contains(&s) || reason != Reason::Spelling {
            return (s, reason);
        }
        if a.syllabic != b.syllabic {
            // A syllable's spellings in every system are listed: a word that is none of them
            // but near one by its letters (Zhong / Zhang, Son / Sun) is as a rule another
            // syllable (`SYLLABLE_LETTER_STRICTNESS`).
            let (syllable, word) = if a.syllabic { (a, b) } else { (b, a) };
            if !syllable.text.chars().any(crate::script::is_kana) && word.text.is_ascii() {
                return (s.min(Strictness(SYLLABLE_LETTER_STRICTNESS).of(syllable_letter_similarity(syllable, &word.latin))), reason);
            }
            return (s, reason);
        }
        if !a.text.is_ascii() || !b.text.is_ascii() {
            return (s, reason);
        }
        (s.min(letter_similarity(&a.text, &b.text) + SPELLING_MARGIN), reason)
    }
}


//! One token of a name: what it is (a word, a particle, a title, ...), how much it tells
//! about identity, and the spellings and symbols scoring reads; and the caps that keep every
//! name's cost linear in its length.

use compact_str::CompactString;

use crate::distance::{profile, Profile};
use crate::key::skeleton;
use crate::phonetic::{latin_symbols, Syms};
use crate::script::is_syllabic;
use crate::translit::arabic;

/// The role of a particle.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, serde::Serialize, serde::Deserialize)]
pub enum Particle {
    /// al-, el-, the Arabic ال, and the assimilated forms (ash-, ad-, ar-, ...).
    Article,
    /// bin, ibn, bint, ould: "son/daughter of".
    Patronym,
    /// abu, umm: "father/mother of".
    Kunya,
    /// Persian ezafe (Sepah-e Pasdaran).
    Ezafe,
    /// of, the, and, de, van, ...
    Stop,
}

/// What a token is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, serde::Serialize, serde::Deserialize)]
pub enum TokenKind {
    Word,
    Particle(Particle),
    Title,
    LegalForm,
    /// A word of the organization glossary; `generic` designators are freely dropped.
    OrgWord { generic: bool },
    /// A single letter standing for a name (V. Putin).
    Initial,
    Number,
}

/// One token of a name.
///
/// Scoring reads tokens of names scattered over memory: the fields it reads for every pair
/// come first, in declaration order (`repr(C)`), so that they share one or two cache lines;
/// the spellings it seldom needs come last.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[repr(C)]
pub struct Token {
    /// Phonetic symbols (see `phonetic.rs`).
    pub syms: Syms,
    /// Which symbols the token holds, one bit each (`distance::profile`), for a cheap lower bound.
    pub sym_mask: u64,
    /// For an English demonym in -ian (Syrian, Iranian): the symbols without its final n,
    /// which meet the Arabic noun or nisba (سوريا, الإيراني).
    /// (Boxed: few tokens have one, and every token is smaller for it.)
    pub demonym_stem: Option<Box<Syms>>,
    /// For a Han or Hangul syllable: its Latin spellings other than `latin` in the other
    /// romanization systems (`translit::syllables::readings`: 张 Chang, 김 Kim).
    /// (Boxed, as the stem is.)
    pub readings: Option<Box<[CompactString]>>,
    /// `distance::weight(&syms)`, kept for scoring.
    pub sym_weight: f32,
    /// How much the token tells about identity.
    pub weight: f32,
    /// Identity of the token's spelling and role among all tokens of an index, so that
    /// token similarities can be cached: index tokens count up from 1, a query's tokens
    /// down from `u32::MAX` (0 = not interned).
    pub intern: u32,
    pub kind: TokenKind,
    /// Glossary concept shared by translations (0 = none).
    pub concept: u16,
    /// First and last letters of the consonant skeleton (0 when it is empty).
    pub key_ends: (u8, u8),
    /// Written as an acronym (IRGC, P.M.U.).
    pub acronym: bool,
    /// Written in Han, kana or Hangul: compared by its characters.
    pub syllabic: bool,
    /// A syllable of a word written in Han, kana or Hangul after its first: the word's
    /// syllables are tokens of their own (each is read and compared alone), but a word
    /// agrees as a whole or not at all (麗珠 is not 珠).
    pub continues_word: bool,
    /// A lower-case ASCII spelling (canonical for compounds).
    pub latin: CompactString,
    /// The normalized surface form, in its own script.
    pub text: CompactString,
}

impl Token {
    /// The consonant skeleton used by the index.
    pub fn key(&self) -> String {
        skeleton(&self.syms)
    }

    /// Whether the token can carry the identity of a name (not a particle, title, ...).
    pub fn is_content(&self) -> bool {
        matches!(self.kind, TokenKind::Word | TokenKind::OrgWord { .. } | TokenKind::Number | TokenKind::Initial)
    }

    /// Reads a title-like word as a word of the name (see `name::Prepared::new`).
    pub(crate) fn read_as_name(&mut self) {
        self.kind = TokenKind::Word;
        self.weight = kind_weight(TokenKind::Word);
    }

    /// A token of `text` spelled `latin`, of these symbols, kind and concept. Every token is
    /// built here: the caps and the derived fields hold for all of them.
    pub(crate) fn new(
        text: impl Into<CompactString>,
        latin: impl Into<CompactString>,
        mut syms: Syms,
        kind: TokenKind,
        concept: u16,
        acronym: bool,
    ) -> Token {
        let (text, latin): (CompactString, CompactString) = (text.into(), latin.into());
        syms.truncate(MAX_TOKEN_SYMBOLS);
        let weight = kind_weight(kind);
        let Profile { weight: sym_weight, mask: sym_mask, key_ends } = profile(&syms);
        let demonym_stem = (latin.len() >= 5 && latin.ends_with("ian") && latin.is_ascii())
            .then(|| {
                let mut stem = latin_symbols(&latin[..latin.len() - 1]);
                stem.truncate(MAX_TOKEN_SYMBOLS);
                Box::new(stem)
            });
        let syllabic = !text.is_ascii() && text.chars().any(is_syllabic);
        let readings = if syllabic { crate::translit::syllables::readings(&text, &latin) } else { Vec::new() };
        let readings = (!readings.is_empty()).then(|| readings.into_iter().map(CompactString::from).collect());
        Token {
            text,
            latin,
            syms,
            sym_weight,
            sym_mask,
            demonym_stem,
            readings,
            kind,
            concept,
            acronym,
            weight,
            syllabic,
            continues_word: false,
            key_ends,
            intern: 0,
        }
    }
}

/// How much a token of each kind tells about identity (`Token::weight`): the words of the
/// name the most, an initial or a generic designator less, the words around a name (titles,
/// particles, legal forms) little, so that they count when they agree and cost little when
/// one name leaves them out.
pub fn kind_weight(kind: TokenKind) -> f32 {
    match kind {
        TokenKind::Word => 1.0,
        TokenKind::Number => 0.8,
        TokenKind::Initial => 0.5,
        TokenKind::OrgWord { generic: true } => 0.35,
        TokenKind::OrgWord { generic: false } => 1.0,
        TokenKind::LegalForm => 0.2,
        TokenKind::Title => 0.15,
        TokenKind::Particle(Particle::Kunya) => 0.35,
        TokenKind::Particle(Particle::Patronym) => 0.2,
        TokenKind::Particle(Particle::Article) | TokenKind::Particle(Particle::Stop) => 0.1,
        TokenKind::Particle(Particle::Ezafe) => 0.05,
    }
}

/// The symbols of a piece: from its Arabic letters, or from its Latin spelling (none for
/// a word no table romanizes, which only ever equals itself).
pub(crate) fn symbols_of(piece_text: &str, latin: &str, arabic_script: bool) -> Syms {
    if arabic_script {
        arabic::symbols(piece_text)
    } else if !latin.is_ascii() {
        Syms::new()
    } else {
        latin_symbols(latin)
    }
}

/// Names are compared on at most this many words.
pub const MAX_WORDS: usize = 64;

/// Names are read up to this many characters (Unicode scalar values, as written): the rest
/// is not compared, so a name longer than this scores as its first `MAX_NAME_CHARS`
/// characters do. Real names are far shorter (the longest of some 670,000 names of the OFAC,
/// UN and transliteration lists has 196 characters); the cap keeps every call linear in
/// its input.
pub const MAX_NAME_CHARS: usize = 1024;

/// A token is compared on at most this many phonetic symbols (about one per letter): the
/// edit distance of two tokens costs the product of their lengths. The longest word of
/// those 670,000 names has 29 letters.
pub const MAX_TOKEN_SYMBOLS: usize = 64;

/// The part of a name that is compared: its first `MAX_NAME_CHARS` characters.
pub fn capped(name: &str) -> &str {
    // (A text of no more bytes than the cap has no more characters: no scan.)
    if name.len() <= MAX_NAME_CHARS {
        return name;
    }
    match name.char_indices().nth(MAX_NAME_CHARS) {
        Some((end, _)) => &name[..end],
        None => name,
    }
}


//! The features an index finds candidates by: of each word, its consonant skeleton (and the
//! skeleton without v, and in the Persian reading of ض ذ ث ظ), the skeleton with its vowels,
//! the trigrams of the skeleton (typos), its glossary or place concept and its exact
//! spelling; the joined skeletons of two adjacent words (compounds written apart or
//! together); and the initials of the name (acronyms). Each is hashed with a tag of its kind
//! and carries a strength.

use crate::key::{other_skeleton, skeleton, vowelled_skeleton};
use crate::name::Prepared;
use crate::phonetic::Sym;
use crate::token::{Token, TokenKind};

/// The hash of a feature: its kind's tag and its text.
pub(crate) fn hash_feature(tag: u8, text: &str) -> u64 {
    // FNV-1a: stable across runs and platforms, cheap for short keys.
    let mut h: u64 = 0xcbf29ce484222325 ^ u64::from(tag);
    h = h.wrapping_mul(0x100000001b3);
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Names sharing an acronym become candidates whatever their score, when at most this many
/// share it.
pub(crate) const ACRONYM_CANDIDATES: usize = 16;
/// Strength of a shared acronym among candidate features.
const INITIALS_STRENGTH: f32 = 1.0;

pub(crate) const TAG_KEY: u8 = 1;
pub(crate) const TAG_TRIGRAM: u8 = 2;
pub(crate) const TAG_INITIALS: u8 = 3;
pub(crate) const TAG_CONCEPT: u8 = 4;
pub(crate) const TAG_WORD: u8 = 5;
pub(crate) const TAG_VOWELLED: u8 = 6;

// Strengths of the features of a word, times its weight (before rarity weighting): its
// skeleton is what finds its spellings; the variants of the skeleton, its trigrams (for
// typos), its glossary concept and its exact spelling add what the skeleton misses, a little
// less each, so that a name sharing the skeletons ranks first.
/// The skeleton of a word.
const KEY_STRENGTH: f32 = 1.0;
/// The skeleton without v (Rezvan / Rezwan).
const KEY_WITHOUT_V_STRENGTH: f32 = 0.8;
/// The skeleton of the Persian reading of ض ذ ث ظ (`key::other_skeleton`).
const OTHER_READING_STRENGTH: f32 = 0.8;
/// The skeleton with its vowels (`key::vowelled_skeleton`), beside the skeleton.
const VOWELLED_STRENGTH: f32 = 0.5;
/// The trigrams of a skeleton, shared out among them.
const TRIGRAM_STRENGTH: f32 = 0.6;
/// A glossary concept (kata'ib / brigades).
const CONCEPT_STRENGTH: f32 = 0.8;
/// The exact spelling of a word.
const WORD_STRENGTH: f32 = 0.5;
/// The joined skeletons of two adjacent words ("Sergei Lavrov" / "SergeiLavrov"), whatever
/// their weights.
const JOINED_KEY_STRENGTH: f32 = 0.8;
/// Rarity weight added to every feature's log inverse frequency: a feature that every name
/// holds still counts a little.
pub(crate) const IDF_FLOOR: f32 = 0.1;

/// Features of a prepared name with their strength (before rarity weighting).
pub(crate) fn features(name: &Prepared) -> Vec<(u64, f32)> {
    let mut out: Vec<(u64, f32)> = Vec::new();
    let content: Vec<&Token> = name.tokens.iter().filter(|t| t.is_content() && t.kind != TokenKind::Initial).collect();
    for t in name.tokens.iter().filter(|t| t.is_content()) {
        // The exact spelling: every word can be found, even one without consonants ("Aya",
        // an initial, a word no table romanizes).
        out.push((hash_feature(TAG_WORD, &t.latin), WORD_STRENGTH * t.weight));
        // A syllable's spellings in the other romanization systems find it too (张 / Chang).
        for r in t.readings.iter().flatten() {
            out.push((hash_feature(TAG_WORD, r), WORD_STRENGTH * t.weight));
        }
    }
    for t in &content {
        let key = t.key();
        if t.concept != 0 {
            out.push((hash_feature(TAG_CONCEPT, &t.concept.to_string()), CONCEPT_STRENGTH * t.weight));
        }
        if key.is_empty() {
            continue;
        }
        out.push((hash_feature(TAG_KEY, &key), KEY_STRENGTH * t.weight));
        // Persian و is written v or w (Rezvan / Rezwan); w has no place in a skeleton, so a
        // word with v is also found without it.
        if t.syms.contains(&Sym::V) {
            let without_v: Vec<Sym> = t.syms.iter().copied().filter(|&s| s != Sym::V).collect();
            out.push((hash_feature(TAG_KEY, &skeleton(&without_v)), KEY_WITHOUT_V_STRENGTH * t.weight));
        }
        // The vowelled skeleton ranks, among the words of one skeleton, those of the same
        // vowels first (foreign names in Arabic letters write theirs).
        let vowelled = vowelled_skeleton(&t.syms);
        if vowelled.len() > key.len() {
            out.push((hash_feature(TAG_VOWELLED, &vowelled), VOWELLED_STRENGTH * t.weight));
        }
        // ض ذ ث ظ in their Persian reading (رضا / Reza).
        if let Some(other) = other_skeleton(&t.syms) {
            out.push((hash_feature(TAG_KEY, &other), OTHER_READING_STRENGTH * t.weight));
        }
        let padded: Vec<char> = format!("^{key}$").chars().collect();
        if padded.len() >= 4 {
            let grams = padded.len() - 2;
            for g in padded.windows(3) {
                let gram: String = g.iter().collect();
                out.push((hash_feature(TAG_TRIGRAM, &gram), TRIGRAM_STRENGTH * t.weight / grams as f32));
            }
        }
    }
    for pair in content.windows(2) {
        let joined = format!("{}{}", pair[0].key(), pair[1].key());
        out.push((hash_feature(TAG_KEY, &joined), JOINED_KEY_STRENGTH));
        let other = |t: &Token| other_skeleton(&t.syms);
        if other(pair[0]).is_some() || other(pair[1]).is_some() {
            let joined = format!("{}{}", other(pair[0]).unwrap_or_else(|| pair[0].key()), other(pair[1]).unwrap_or_else(|| pair[1].key()));
            out.push((hash_feature(TAG_KEY, &joined), JOINED_KEY_STRENGTH));
        }
    }
    out.extend(initials_features(name).into_iter().map(|h| (h, INITIALS_STRENGTH)));
    out.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
    out.dedup_by_key(|f| f.0);
    out
}

/// Initials of a name, for acronyms: of the words that carry the name, with the legal form,
/// and of every word (IOPTC = Iranian Oil Pipelines and Telecommunication Co.); and the
/// name's own acronyms.
pub(crate) fn initials_features(name: &Prepared) -> Vec<u64> {
    let words_only = |t: &&Token| !matches!(t.kind, TokenKind::Particle(_) | TokenKind::Title | TokenKind::LegalForm);
    let with_legal = |t: &&Token| !matches!(t.kind, TokenKind::Particle(_) | TokenKind::Title);
    let every = |_: &&Token| true;
    let filters: [&dyn Fn(&&Token) -> bool; 3] = [&words_only, &with_legal, &every];
    let mut out: Vec<u64> = Vec::new();
    for keep in filters {
        let spelling: Vec<&Token> = name.tokens.iter().filter(keep).collect();
        if spelling.len() >= 2 {
            let initials: String = spelling.iter().filter_map(|t| t.latin.chars().next()).collect();
            out.push(hash_feature(TAG_INITIALS, &initials));
        }
    }
    out.extend(name.tokens.iter().filter(|t| t.acronym).map(|t| hash_feature(TAG_INITIALS, &t.latin)));
    out.sort_unstable();
    out.dedup();
    out
}


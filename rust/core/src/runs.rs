//! One token against a run of tokens on the other side: an acronym against the words whose
//! initials spell it (IRGC, JCPOA), and a word against the two or three words it was written
//! apart as ("SouthFront" / "South Front"). Scoring (`score.rs`) runs these passes around its
//! one-to-one pairing (acronyms and clear joined readings before it, the other joined
//! readings once the content words are paired) and counts what they pair in its tally.

use smallvec::SmallVec;

use crate::distance::{letter_similarity, similarity_bound_by_counts, similarity_bound_by_symbols, sym_similarity_at_least};
use crate::explain::{Part, Reason};
use crate::phonetic::{key_end_letters, key_ends_agree, Syms};
use crate::score::Tally;
use crate::token_similarity::{Strictness, READING_SIMILARITY, SYLLABLE_LETTER_STRICTNESS, SYLLABLE_STRICTNESS};
use crate::token::{Token, TokenKind, MAX_WORDS};

/// Similarity of an acronym and a run of words whose initials spell it (IRGC ≈ Islamic
/// Revolutionary Guard Corps): the letters agree, but letters say less than the words.
pub const ACRONYM_SIMILARITY: f32 = 0.95;

/// Pairs acronyms of `xs` with runs of words of `ys` whose initials spell them.
pub(crate) fn match_acronyms(xs: &[Token], ys: &[Token], used_x: &mut [bool], used_y: &mut [bool], x_is_left: bool, tally: &mut Tally) {
    if !xs.iter().any(|t| t.acronym) || ys.len() < 2 {
        return;
    }
    // Letters that start a word of ys: an acronym using any other letter cannot match.
    let initials = ys.iter().filter_map(|t| t.latin.bytes().next()).fold(0u64, |m, c| m | letter_bit(c));
    for i in 0..xs.len() {
        // A legal form written in capitals (S.A., JSC) abbreviates no name.
        if used_x[i] || !xs[i].acronym || xs[i].kind != TokenKind::Word {
            continue;
        }
        if xs[i].latin.bytes().any(|c| letter_bit(c) & initials == 0) {
            continue;
        }
        // An acronym spelled the same on both sides is just a word match.
        if ys.iter().any(|y| y.latin == xs[i].latin) {
            continue;
        }
        if let Some(run) = acronym_run(&xs[i], ys, used_y) {
            let run_weight: f32 = run.iter().map(|&k| ys[k].weight).sum();
            let w = (xs[i].weight + run_weight) / 2.0;
            let s = ACRONYM_SIMILARITY;
            used_x[i] = true;
            for &k in &run {
                used_y[k] = true;
            }
            tally.add(s * w, w, || {
                let acr = vec![xs[i].text.to_string()];
                let words = run.iter().map(|&k| ys[k].text.to_string()).collect();
                let (left, right) = if x_is_left { (acr, words) } else { (words, acr) };
                Part { left, right, similarity: s, weight: w, reason: Reason::Acronym, kind: TokenKind::Word }
            });
        }
    }
}

/// Tokens that count for acronym letters: not particles, titles or legal forms.
fn spells_acronym(t: &Token) -> bool {
    !matches!(t.kind, TokenKind::Particle(_) | TokenKind::Title | TokenKind::LegalForm)
}

/// Finds, for an acronym token, a run of tokens on the other side whose initials spell it.
/// Particles and stop words may give their letter or not (JCPOA = Joint Comprehensive
/// Plan of Action; HTS = Hayat Tahrir al-Sham).
fn acronym_run(acr: &Token, other: &[Token], used: &[bool]) -> Option<Vec<usize>> {
    let letters = acr.latin.as_bytes();
    if letters.len() < 2 {
        return None;
    }
    // Spells letters[li..] with tokens from k on; returns the tokens that gave a letter.
    // Taking or skipping each particle branches: `failed` remembers the states (li, k) that
    // cannot succeed, so that each is explored once. (Whether they succeed depends on li and
    // k only: the run holds li tokens. k < other.len() <= MAX_WORDS = 64: one bit each.)
    fn spell(letters: &[u8], li: usize, other: &[Token], used: &[bool], k: usize, run: &mut Vec<usize>, failed: &mut [u64]) -> bool {
        if li == letters.len() {
            return true;
        }
        if k >= other.len() || used[k] || failed[li] >> k & 1 != 0 {
            return false;
        }
        let t = &other[k];
        let initial = t.latin.as_bytes().first() == Some(&letters[li]);
        if initial && (spells_acronym(t) || !run.is_empty()) {
            run.push(k);
            if spell(letters, li + 1, other, used, k + 1, run, failed) {
                return true;
            }
            run.pop();
        }
        // Words that carry the name must give their letter; particles may be skipped.
        if !spells_acronym(t) && !run.is_empty() && spell(letters, li, other, used, k + 1, run, failed) {
            return true;
        }
        failed[li] |= 1 << k;
        false
    }
    let other = &other[..other.len().min(MAX_WORDS)];
    let mut failed: SmallVec<[u64; 16]> = smallvec::smallvec![0; letters.len()];
    for start in 0..other.len() {
        if !spells_acronym(&other[start]) {
            continue;
        }
        let mut run = Vec::new();
        if spell(letters, 0, other, used, start, &mut run, &mut failed) && run.len() >= 2 {
            let (first, last) = (run[0], *run.last().expect("non-empty"));
            return Some((first..=last).collect());
        }
    }
    None
}

fn letter_bit(c: u8) -> u64 {
    1u64 << (c % 64)
}

/// Similarity of a token with a run of adjacent tokens read as one word
/// ("SergeiLavrov" / "Sergei Lavrov", "Plat Ono Vich" / "Platonovich").
fn joined_similarity(one: &Token, run: &[Token], min: f32) -> f32 {
    let weight: f32 = run.iter().map(|t| t.sym_weight).sum();
    // The run's symbols against the word's, as for two words.
    let mask = run.iter().fold(0, |m, t| m | t.sym_mask);
    let norm = one.sym_weight.max(weight);
    let budget = (1.0 - min) * norm;
    if similarity_bound_by_symbols(one.sym_mask, mask, norm, budget) < min {
        return 0.0;
    }
    let syms: Syms = run.iter().flat_map(|t| t.syms.iter().copied()).collect();
    if similarity_bound_by_counts(&one.syms, &syms, norm, budget) < min {
        return 0.0;
    }
    sym_similarity_at_least(&one.syms, one.sym_weight, &syms, weight, min)
}

/// A run of words is not read as one word written apart when their symbol weights differ
/// by more than this fraction of the larger: a word written apart keeps its letters, so a
/// run much heavier or lighter is other words. (A cheap test before the edit distance.)
pub const JOIN_WEIGHT_GAP: f32 = 0.5;

/// Pairs a leftover token of `xs` with a run of 2–3 adjacent leftover tokens of `ys`.
fn match_joined(xs: &[Token], ys: &[Token], used_x: &mut [bool], used_y: &mut [bool], min: f32, strict: bool) -> Vec<(usize, usize, usize, f32)> {
    let mut found = Vec::new();
    if ys.len() < 2 {
        return found;
    }
    // The first consonants that start a run and the last ones that end one: most words
    // share neither with the other name, and are done with at once.
    let key_bit = |c: u8| key_end_letters(c).iter().fold(0u64, |m, &l| m | 1u64 << (l & 63));
    let (mut run_firsts, mut run_lasts) = (0u64, 0u64);
    for (k, y) in ys.iter().enumerate() {
        if k + 1 < ys.len() {
            run_firsts |= key_bit(y.key_ends.0);
        }
        if k > 0 {
            run_lasts |= key_bit(y.key_ends.1);
        }
    }
    let spelled_by_syllables = ys.iter().any(|t| t.syllabic);
    for i in 0..xs.len() {
        if used_x[i] || !xs[i].is_content() || xs[i].syms.is_empty() {
            continue;
        }
        // (A word that spells syllables keeps neither their first nor their last consonant
        // when it spells them in another system, 광수 / Kwangsoo, and a syllable may have
        // none, 玉华 / Yuhua.)
        let by_readings = spelled_by_syllables && !xs[i].syllabic && xs[i].text.is_ascii();
        if !by_readings && (run_firsts & key_bit(xs[i].key_ends.0) == 0 || run_lasts & key_bit(xs[i].key_ends.1) == 0) {
            continue;
        }
        let mut best: Option<(usize, usize, f32)> = None;
        for start in 0..ys.len() - 1 {
            // A joined reading keeps the word's first consonant...
            if !by_readings && !key_ends_agree(ys[start].key_ends.0, xs[i].key_ends.0) {
                continue;
            }
            for end in start + 2..=(start + 3).min(ys.len()) {
                let run = &ys[start..end];
                if used_y[start..end].iter().any(|&u| u) || run.iter().any(|t| t.syms.is_empty()) {
                    break;
                }
                // Syllables are read as one word only within a word as written: a Latin word
                // is one given name (Guihua, 桂花), never a given name and a surname (军 鞠).
                if run[0].syllabic && !run[1..].iter().all(|t| t.continues_word) {
                    break;
                }
                if let Some(s) = by_readings.then(|| spelled_run(run, &xs[i].latin)).flatten() {
                    if best.is_none_or(|b| s > b.2) {
                        best = Some((start, end, s));
                    }
                    continue;
                }
                // ... and its last one.
                if !key_ends_agree(run[0].key_ends.0, xs[i].key_ends.0) || !key_ends_agree(run[run.len() - 1].key_ends.1, xs[i].key_ends.1) {
                    continue;
                }
                let run_weight: f32 = run.iter().map(|t| t.sym_weight).sum();
                let one_weight = xs[i].sym_weight;
                if (one_weight - run_weight).abs() > JOIN_WEIGHT_GAP * one_weight.max(run_weight) {
                    continue;
                }
                // Han or Hangul syllables read against a word of another script: each
                // difference counts more, as between single words (`token_similarity::SYLLABLE_STRICTNESS`).
                let s = if run.iter().any(|t| t.syllabic) != xs[i].syllabic {
                    let syllables = Strictness(SYLLABLE_STRICTNESS);
                    let s = syllables.of(joined_similarity(&xs[i], run, syllables.floor(min)));
                    if strict && s >= min && s < 1.0 && xs[i].text.is_ascii() && run.iter().all(|t| t.syllabic) {
                        let joined: String = run.iter().map(|t| t.latin.as_str()).collect();
                        s.min(Strictness(SYLLABLE_LETTER_STRICTNESS).of(letter_similarity(&joined, &xs[i].latin)))
                    } else {
                        s
                    }
                } else {
                    joined_similarity(&xs[i], run, min)
                };
                if s >= min && best.is_none_or(|b| s > b.2) {
                    best = Some((start, end, s));
                }
            }
        }
        // A word spelled the same on the other side is that word, not a joined run.
        if best.is_some() && ys.iter().zip(used_y.iter()).any(|(y, &u)| !u && y.latin == xs[i].latin) {
            continue;
        }
        if let Some((start, end, s)) = best {
            used_x[i] = true;
            used_y[start..end].iter_mut().for_each(|u| *u = true);
            found.push((i, start, end, s));
        }
    }
    found
}

/// The similarity of a run of syllables and a Latin word that writes them together, each in
/// some romanization system: 1 when all are spelled as ours does, `READING_SIMILARITY` when
/// one at least is spelled as another system does (`token_similarity::is_reading`); `None` otherwise.
fn spelled_run(run: &[Token], latin: &str) -> Option<f32> {
    // (Ours first: the best reading is the first found.)
    fn from(run: &[Token], latin: &str, other: bool) -> Option<f32> {
        let Some((t, rest)) = run.split_first() else {
            return latin.is_empty().then_some(if other { READING_SIMILARITY } else { 1.0 });
        };
        let own = latin.strip_prefix(t.latin.as_str()).and_then(|tail| from(rest, tail, other));
        own.or_else(|| t.readings.iter().flatten().find_map(|r| latin.strip_prefix(r.as_str()).and_then(|tail| from(rest, tail, true))))
    }
    if run.iter().all(|t| t.syllabic) { from(run, latin, false) } else { None }
}

/// Matches a word on one side written as two or three on the other.
/// Under `strict` (`score::Rules::strict_latin`), syllables joined against a Latin word are
/// held to their letters as single syllables are.
pub(crate) fn joined_pass(ta: &[Token], tb: &[Token], used_a: &mut [bool], used_b: &mut [bool], tally: &mut Tally, min: f32, strict: bool) {
    let joined_ab = match_joined(ta, tb, used_a, used_b, min, strict);
    let joined_ba = match_joined(tb, ta, used_b, used_a, min, strict);
    for (one_left, (x, ys, found)) in [(true, (ta, tb, joined_ab)), (false, (tb, ta, joined_ba))] {
        for (i, start, end, s) in found {
            let w = (x[i].weight + ys[start..end].iter().map(|t| t.weight).sum::<f32>()) / 2.0;
            tally.add(s * w, w, || {
                let one = vec![x[i].text.to_string()];
                let run: Vec<String> = ys[start..end].iter().map(|t| t.text.to_string()).collect();
                let (left, right) = if one_left { (one, run) } else { (run, one) };
                Part { left, right, similarity: s, weight: w, reason: Reason::Spelling, kind: TokenKind::Word }
            });
        }
    }
}

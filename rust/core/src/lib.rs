//! polyname-core: transliteration-aware matching of entity names across scripts.
//!
//! Each step of the pipeline has a module of its own; a name flows through them in this
//! order:
//!
//! 1. text → script ([`script`]): which of the romanization tables reads each word
//!    ([`script::script_of`]), which decides how the steps below read it, and the ISO 15924
//!    script of a whole text (what a registry records beside an alias).
//! 2. → [`normalize`](mod@normalize): NFKC, case folding, no diacritics, Arabic letter
//!    forms folded, so that one name has one spelling per script.
//! 3. → romanize ([`translit`]): a Latin spelling of every word, aimed at the way English
//!    sources write names (Arabic-script words also keep their letters, for step 4).
//! 4. → symbols ([`phonetic`]): every word as phonetic symbols, from its Latin spelling or
//!    straight from its Arabic letters; [`distance`] compares two such sequences (a weighted
//!    edit distance whose costs are romanization drift, and its cheap bounds), and [`key`]
//!    makes the coarse consonant skeleton of one.
//! 5. → [`tokenize`](mod@tokenize): a list of passes over the pieces of a name
//!    (`pieces.rs`), which classify its words (particles, titles, legal forms, organization
//!    words, initials) by the word lists of `lexicon.rs` and join compounds (`compound.rs`),
//!    into weighted [`token`]s.
//! 6. → prepared name ([`name`]): the tokens of a whole name, read once ("SURNAME, Given" put
//!    in order), and the order in which any pair of names is scored.
//! 7. → [`score`]: two prepared names aligned token to token (each pair's similarity from
//!    [`token_similarity`], and token to a run of tokens in `runs.rs`: acronyms, words
//!    written apart) into a similarity in [0, 1], under the
//!    [`rules`] of a pair of names or of a search in one [`Mode`] (screening, mention);
//!    the alignment is reported as an [`Explanation`] ([`mod@explain`]).
//! 8. → [`index`]: candidates found through skeletons and other features (`features.rs`),
//!    then scored, each word weighed by its rarity in the index (`frequencies.rs`).
//! 9. → [`cluster`]: dedup, pairs from the index linked into clusters; [`link`]: the
//!    index's names found in free text.
//!
//! Everything here is pure Rust; the Python bindings live in the `polyname-py` crate.

pub mod cluster;
mod compound;
pub mod distance;
pub mod error;
pub mod explain;
mod features;
mod frequencies;
pub mod index;
pub mod key;
mod lexicon;
pub mod link;
pub mod name;
pub mod normalize;
pub mod parallel;
pub mod persist;
mod postings;
pub mod phonetic;
pub mod prior;
pub mod rules;
pub mod script;
mod runs;
pub mod score;
pub mod token;
pub mod tokenize;
pub mod token_similarity;
mod pieces;
pub mod translit;

pub use cluster::{dedup, dedup_cancellable, Clusters, DedupSettings, Link, Rows, ScoredPair};
pub use error::{Error, Result};
pub use explain::{Explanation, Part, Reason};
pub use index::{Frequencies, Hit, NameIndex, SearchOptions};
pub use link::{LinkOptions, Mention, Method};
pub use rules::{Mode, Rules};
pub use normalize::normalize;
pub use parallel::Cancel;
pub use score::{explain, similarity};
pub use script::dominant_script;
pub use token::{capped, MAX_NAME_CHARS, MAX_TOKEN_SYMBOLS, MAX_WORDS};
pub use translit::romanize;

/// A score at or above this means "same entity". Chosen on the quality harness
/// (see benches/quality.py); the Python package re-exports it as `MATCH_THRESHOLD`.
pub const MATCH_THRESHOLD: f32 = 0.75;

/// Per-token match keys (consonant skeletons) of a name, for inspection and blocking.
pub fn match_keys(text: &str) -> Vec<String> {
    tokenize::tokenize(text).iter().filter(|t| t.is_content()).map(|t| t.key()).filter(|k| !k.is_empty()).collect()
}

/// Element-wise similarity of two equal-length lists, in parallel.
pub fn similarity_many<S: AsRef<str> + Sync>(left: &[S], right: &[S], workers: i64) -> Result<Vec<f32>> {
    if left.len() != right.len() {
        return Err(Error::LengthMismatch {
            what: "similarity_many(left, right)",
            left: left.len(),
            right: right.len(),
        });
    }
    // Each distinct name is prepared once: batches repeat names (one query against many
    // candidates, dedup pairs).
    // (Sized once for every name being distinct: growing it would move it several times.)
    let mut position: rustc_hash::FxHashMap<&str, usize> =
        rustc_hash::FxHashMap::with_capacity_and_hasher(2 * left.len(), Default::default());
    let mut distinct: Vec<&str> = Vec::with_capacity(2 * left.len());
    let mut pairs: Vec<(usize, usize)> = Vec::with_capacity(left.len());
    for (a, b) in left.iter().zip(right) {
        let mut ij = [0usize; 2];
        for (k, s) in [a.as_ref(), b.as_ref()].into_iter().enumerate() {
            let next = distinct.len();
            ij[k] = *position.entry(s).or_insert(next);
            if ij[k] == next {
                distinct.push(s);
            }
        }
        pairs.push((ij[0], ij[1]));
    }
    parallel::with_workers(workers, || {
        use rayon::prelude::*;
        let prepared: Vec<name::Prepared> = distinct.par_iter().map(|s| name::Prepared::new(s)).collect();
        let scores = pairs
            .par_iter()
            .map(|&(a, b)| score::similarity_prepared(&prepared[a], distinct[a], &prepared[b], distinct[b]))
            .collect();
        // Freeing thousands of small token vectors is work too: share it out.
        prepared.into_par_iter().for_each(drop);
        scores
    })
}

/// `normalize` over a list, in parallel.
pub fn normalize_many(texts: &[String], workers: i64) -> Result<Vec<String>> {
    parallel::map_many(texts, workers, |t| normalize(t))
}

/// `romanize` over a list, in parallel.
pub fn romanize_many(texts: &[String], workers: i64) -> Result<Vec<String>> {
    parallel::map_many(texts, workers, |t| romanize(t))
}

/// `explain` of each pair of two equal-length lists, in parallel.
pub fn explain_many(left: &[String], right: &[String], workers: i64) -> Result<Vec<Explanation>> {
    if left.len() != right.len() {
        return Err(Error::LengthMismatch { what: "explain_many(left, right)", left: left.len(), right: right.len() });
    }
    let pairs: Vec<(&String, &String)> = left.iter().zip(right).collect();
    parallel::map_many(&pairs, workers, |(a, b)| explain(a, b))
}

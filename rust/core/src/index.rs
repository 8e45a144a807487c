//! Candidate indexing and top-k search over many names.
//!
//! An inverted index maps features of each name's tokens — the consonant skeleton of a
//! token, of two adjacent tokens joined (compounds written apart or together), trigrams of
//! skeletons (typos), the initials of the name (acronyms) and glossary concepts — to the
//! names that have them. A query collects candidates weighted by the rarity of the
//! features they share (so "Mohammad" alone pulls in little), and only the best
//! candidates are fully scored.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::explain::{Explanation, Part, Reason};
use crate::features::{features, hash_feature, initials_features, ACRONYM_CANDIDATES, IDF_FLOOR, TAG_WORD};
pub use crate::frequencies::{Frequencies, MIN_RARITY, RARE_SHARE};
use crate::name::{in_text_order, Prepared};
use crate::parallel::{with_workers, Cancel};
use crate::phonetic::Sym;
use crate::postings::Postings;
use crate::rules::Rules;
use crate::score::score_with;
use crate::token::{Token, TokenKind, MAX_NAME_CHARS, MAX_TOKEN_SYMBOLS};

/// Budget of candidates fully scored per query, divided by the query's number of words:
/// scoring cost grows with the words on both sides, and a one-word query meets many
/// names that share its skeleton.
const CANDIDATE_BUDGET: usize = 200;
/// Candidates per requested result, at least, counted for `STABLE_DEPTH` results or more.
const CANDIDATES_PER_RESULT: usize = 5;
/// Up to this many results, which names a search scores does not depend on its `limit`:
/// every limit up to it scores the candidates of this one, so the first k results at
/// `limit = k` are the first k at any larger limit up to it (the best match at `limit = 1`
/// is the best at `limit = 10`). A deeper limit only adds candidates, which can outscore
/// the ones before.
pub const STABLE_DEPTH: usize = 10;

/// How many candidates a query of `words` content words has fully scored for `limit`
/// results: the same for every limit up to `STABLE_DEPTH`, never fewer for a larger one.
fn pool_size(words: usize, limit: usize) -> usize {
    (CANDIDATE_BUDGET / words.max(1)).max(limit.max(STABLE_DEPTH).saturating_mul(CANDIDATES_PER_RESULT))
}

/// One search result: the position of the name in the index and its score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    pub index: u32,
    pub score: f32,
}

/// Where the word frequencies of an index come from.
enum Weighing {
    /// Its own names, each of the entity given (by default its id).
    OwnFrequencies(Option<Vec<String>>),
    Given(std::sync::Arc<Frequencies>),
    Unweighted,
}

/// What a search asks for.
#[derive(Clone, Copy, Debug)]
pub struct SearchOptions {
    /// Results per query, at most. Up to `STABLE_DEPTH`, the same names are scored whatever
    /// the limit: the results at a limit are the first ones at any larger limit up to it.
    pub limit: usize,
    /// Scores below this are not returned.
    pub cutoff: f32,
    /// Every name scored (brute force) instead of the candidates.
    pub exhaustive: bool,
    /// What the search is for: `Mode::rules` of its mode, or rules of the caller's.
    pub rules: Rules,
}

/// An index of names for repeated top-k search. (Saved and read back whole: `persist.rs`.)
#[derive(serde::Serialize, serde::Deserialize)]
pub struct NameIndex {
    ids: Vec<String>,
    names: Vec<String>,
    prepared: Vec<Prepared>,
    postings: Postings,
    /// The word frequencies the weights of searches follow; `None` for an index that scores
    /// as `similarity` does (dedup's).
    frequencies: Option<std::sync::Arc<Frequencies>>,
    /// Which names are weak aliases (`with_weak_aliases`); empty when none is.
    weak: Vec<bool>,
    /// What linking reads the names by, built on the first `link_many`.
    #[serde(skip)]
    pub(crate) link_table: std::sync::OnceLock<crate::link::LinkTable>,
}

/// Numbers every distinct token (spelling and role) of the index from 1, so that a query
/// compares its words with each distinct token once.
fn intern_tokens(prepared: &mut [Prepared]) {
    // (The symbols too: one text can be read two ways, as the "bank" of "الbank", read by
    // the Arabic table, and of "bank".)
    let mut ids: FxHashMap<(String, TokenKind, bool, Vec<Sym>), u32> = FxHashMap::default();
    for p in prepared.iter_mut() {
        for t in &mut p.tokens {
            let next = ids.len() as u32 + 1;
            t.intern = *ids.entry((t.text.to_string(), t.kind, t.acronym, t.syms.to_vec())).or_insert(next);
        }
    }
}

/// Per-thread scratch space of a search.
pub(crate) struct Scratch {
    acc: Vec<f32>,
    touched: Vec<u32>,
    /// Similarity of (query token, interned index token).
    token_sims: FxHashMap<(u32, u32), (f32, Reason)>,
}

impl Scratch {
    pub(crate) fn new(names: usize) -> Self {
        Scratch { acc: vec![0.0; names], touched: Vec::new(), token_sims: FxHashMap::default() }
    }
}

impl NameIndex {
    /// Builds an index from two equal-length lists: ids (not necessarily unique: several
    /// names of one entity share an id) and names.
    pub fn new(ids: Vec<String>, names: Vec<String>, workers: i64) -> Result<Self> {
        Self::new_cancellable(ids, names, workers, &Cancel::new())
    }

    /// `new`, stopping with `Error::Cancelled` soon after `cancel` is set.
    pub fn new_cancellable(ids: Vec<String>, names: Vec<String>, workers: i64, cancel: &Cancel) -> Result<Self> {
        Self::build(ids, names, workers, cancel, Weighing::OwnFrequencies(None))
    }

    /// `new_cancellable` for ids that are not entities (a registry's alias rows): the word
    /// frequencies count each entity of `entities` (one per name) once.
    pub fn with_entities(ids: Vec<String>, names: Vec<String>, entities: Vec<String>, workers: i64, cancel: &Cancel) -> Result<Self> {
        if entities.len() != names.len() {
            return Err(Error::LengthMismatch { what: "NameIndex(names, entities)", left: names.len(), right: entities.len() });
        }
        Self::build(ids, names, workers, cancel, Weighing::OwnFrequencies(Some(entities)))
    }

    /// An index whose words are weighed by the frequencies of `other` (the names added to a
    /// registry since its main index was built score as they would in it).
    pub fn with_frequencies_of(other: &NameIndex, ids: Vec<String>, names: Vec<String>, workers: i64, cancel: &Cancel) -> Result<Self> {
        let weighing = match &other.frequencies {
            Some(f) => Weighing::Given(f.clone()),
            None => Weighing::Unweighted,
        };
        Self::build(ids, names, workers, cancel, weighing)
    }

    /// An index whose scores are those of `similarity` (no word frequencies): dedup's, whose
    /// pairs must score the same whichever names are deduplicated with them.
    pub fn unweighted(ids: Vec<String>, names: Vec<String>, workers: i64, cancel: &Cancel) -> Result<Self> {
        Self::build(ids, names, workers, cancel, Weighing::Unweighted)
    }

    /// The index with the names `weak` marks (one flag per name) read as weak aliases: in a
    /// screening search they count only where the query agrees with them word for word
    /// (`score::WEAK_ALIAS_FACTOR`).
    pub fn with_weak_aliases(mut self, weak: Vec<bool>) -> Result<Self> {
        if weak.len() != self.names.len() {
            return Err(Error::LengthMismatch { what: "NameIndex(names, weak)", left: self.names.len(), right: weak.len() });
        }
        self.weak = if weak.iter().any(|&w| w) { weak } else { Vec::new() };
        Ok(self)
    }

    /// Whether the name `index` is a weak alias.
    pub fn is_weak(&self, index: u32) -> bool {
        self.weak.get(index as usize).copied().unwrap_or(false)
    }

    /// The word frequencies this index weighs by, if any.
    pub fn frequencies(&self) -> Option<&Frequencies> {
        self.frequencies.as_deref()
    }

    /// Whether the parts of an index read back agree with one another and with the caps
    /// every prepared name holds to (what a search indexes by them must be there): `Err`
    /// says what does not.
    pub(crate) fn check_parts(&self) -> std::result::Result<(), String> {
        let n = self.names.len();
        if self.ids.len() != n || self.prepared.len() != n || n >= u32::MAX as usize {
            return Err(format!("{} ids, {} names and {} prepared names", self.ids.len(), n, self.prepared.len()));
        }
        if !self.weak.is_empty() && self.weak.len() != n {
            return Err(format!("{} weak flags for {n} names", self.weak.len()));
        }
        if !self.postings.is_within(n) {
            return Err(format!("a posting beyond its {n} names"));
        }
        let token_fits = |t: &Token| t.syms.len() <= MAX_TOKEN_SYMBOLS && t.demonym_stem.as_ref().is_none_or(|s| s.len() <= MAX_TOKEN_SYMBOLS);
        if self.prepared.iter().any(|p| p.tokens.len() > MAX_NAME_CHARS || !p.tokens.iter().all(token_fits)) {
            return Err("a prepared name beyond the caps of a name".into());
        }
        Ok(())
    }

    fn build(ids: Vec<String>, names: Vec<String>, workers: i64, cancel: &Cancel, weighing: Weighing) -> Result<Self> {
        if ids.len() != names.len() {
            return Err(Error::LengthMismatch { what: "NameIndex(ids, names)", left: ids.len(), right: names.len() });
        }
        if names.len() >= u32::MAX as usize {
            return Err(Error::InvalidArgument("an index holds at most 4,294,967,294 names".into()));
        }
        let (prepared, feats): (Vec<Prepared>, Vec<Vec<(u64, f32)>>) = with_workers(workers, || {
            names
                .par_iter()
                .map(|n| {
                    // Once cancelled, the names left are passed over.
                    if cancel.is_cancelled() {
                        return (Prepared::new(""), Vec::new());
                    }
                    let p = Prepared::new(n);
                    let f = features(&p);
                    (p, f)
                })
                .unzip()
        })?;
        cancel.check()?;
        let mut prepared = prepared;
        let frequencies = match weighing {
            Weighing::OwnFrequencies(entities) => {
                Some(std::sync::Arc::new(Frequencies::count(&prepared, entities.as_deref().unwrap_or(&ids))))
            }
            Weighing::Given(f) => Some(f),
            Weighing::Unweighted => None,
        };
        if let Some(f) = &frequencies {
            with_workers(workers, || prepared.par_iter_mut().for_each(|p| f.weigh(p)))?;
        }
        intern_tokens(&mut prepared);
        let postings = Postings::of(&feats);
        Ok(NameIndex { ids, names, prepared, postings, frequencies, weak: Vec::new(), link_table: Default::default() })
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn id(&self, index: u32) -> &str {
        &self.ids[index as usize]
    }

    pub fn name(&self, index: u32) -> &str {
        &self.names[index as usize]
    }

    /// How many indexed names use this word (its exact spelling).
    pub(crate) fn word_frequency(&self, token: &Token) -> usize {
        self.postings.get(hash_feature(TAG_WORD, &token.latin)).map_or(0, <[u32]>::len)
    }

    pub(crate) fn prepared(&self, index: u32) -> &Prepared {
        &self.prepared[index as usize]
    }

    /// The names holding a feature (`features::hash_feature`), if any does.
    pub(crate) fn holders(&self, feature: u64) -> Option<&[u32]> {
        self.postings.get(feature)
    }

    /// The weight of a feature held by `holders` names: the rarer, the more it says.
    fn idf(&self, holders: usize) -> f32 {
        let n = self.names.len().max(1) as f32;
        (n / holders as f32).ln().max(0.0) + IDF_FLOOR
    }

    /// The best `want` candidates for `query` among the names `keep` accepts, plus the few
    /// names sharing a rare acronym. Features held by more than `max_postings` names are
    /// passed over (their weight is small and their cost large) unless the query has no
    /// other feature.
    pub(crate) fn candidates(
        &self,
        query: &Prepared,
        want: usize,
        max_postings: usize,
        scratch: &mut Scratch,
        keep: impl Fn(u32) -> bool,
    ) -> Vec<u32> {
        let found: Vec<(&[u32], f32)> =
            features(query).into_iter().filter_map(|(h, s)| self.postings.get(h).map(|l| (l, s * self.idf(l.len())))).collect();
        let shortest = found.iter().map(|(l, _)| l.len()).min().unwrap_or(0);
        for (list, w) in found {
            if list.len() > max_postings && list.len() > shortest {
                continue;
            }
            for &i in list {
                if !keep(i) {
                    continue;
                }
                let slot = &mut scratch.acc[i as usize];
                if *slot == 0.0 {
                    scratch.touched.push(i);
                }
                *slot += w;
            }
        }
        let mut cands: Vec<(f32, u32)> = scratch.touched.iter().map(|&i| (scratch.acc[i as usize], i)).collect();
        for &i in &scratch.touched {
            scratch.acc[i as usize] = 0.0;
        }
        scratch.touched.clear();
        if cands.len() > want {
            cands.select_nth_unstable_by(want, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
            cands.truncate(want);
        }
        let mut chosen: Vec<u32> = cands.into_iter().map(|(_, i)| i).collect();
        // An acronym shares nothing else with its expansion, so it rarely wins on the sum of
        // features: the few names that share a rare acronym are candidates in any case.
        for h in initials_features(query) {
            if let Some(list) = self.postings.get(h).filter(|l| l.len() <= ACRONYM_CANDIDATES) {
                for &i in list {
                    if keep(i) && !chosen.contains(&i) {
                        chosen.push(i);
                    }
                }
            }
        }
        chosen
    }

    /// A query prepared for this index: its words weighed by the index's frequencies, its
    /// tokens numbered from the top of the range, away from the index's own numbers, so that
    /// token pairs can be cached.
    pub(crate) fn prepare_query(&self, query: &str) -> Prepared {
        let mut prepared = Prepared::new(query);
        if let Some(f) = &self.frequencies {
            f.weigh(&mut prepared);
        }
        for (k, t) in prepared.tokens.iter_mut().enumerate() {
            t.intern = u32::MAX - k as u32;
        }
        prepared
    }

    /// The alignment behind the score of the indexed name `index` for `query` under `rules`
    /// (a search's), with the query's tokens on the left: the explanation of a search hit.
    pub fn explain(&self, query: &str, index: u32, rules: Rules) -> Explanation {
        let q = self.prepare_query(query);
        let (name, text) = (&self.prepared[index as usize], self.names[index as usize].as_str());
        let mut sim = |x: &Token, y: &Token| rules.token_similarity(x, y, true);
        let mut e = if in_text_order(&q, query, name, text) {
            score_with(&q, name, true, &mut sim, rules)
        } else {
            let mut e = score_with(name, &q, true, &mut sim, rules.swapped());
            for p in &mut e.parts {
                std::mem::swap(&mut p.left, &mut p.right);
            }
            e
        };
        let score = rules.alias_score(e.score, self.is_weak(index));
        if score != e.score {
            e.score = score;
            e.parts.push(Part {
                left: Vec::new(),
                right: vec![text.to_string()],
                similarity: 0.0,
                weight: 0.0,
                reason: Reason::WeakAlias,
                kind: TokenKind::Word,
            });
        }
        e
    }

    /// `explain` of every hit of a search, in parallel.
    pub fn explain_hits(&self, queries: &[String], hits: &[Vec<Hit>], rules: Rules, workers: i64) -> Result<Vec<Vec<Explanation>>> {
        let rows: Vec<(&String, &Vec<Hit>)> = queries.iter().zip(hits).collect();
        crate::parallel::map_many(&rows, workers, |(q, row)| row.iter().map(|h| self.explain(q, h.index, rules)).collect())
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn rank(
        &self,
        query: &Prepared,
        query_text: &str,
        cands: impl Iterator<Item = u32>,
        limit: usize,
        cutoff: f32,
        rules: Rules,
        scratch: &mut Scratch,
    ) -> Vec<Hit> {
        let cache = &mut scratch.token_sims;
        cache.clear();
        let mut hits: Vec<Hit> = cands
            .map(|i| {
                let (name, text) = (&self.prepared[i as usize], self.names[i as usize].as_str());
                let mut sim = |x: &Token, y: &Token| {
                    // One side is the query, the other an index token: the pair is the key.
                    let key = (x.intern.max(y.intern), x.intern.min(y.intern));
                    *cache.entry(key).or_insert_with(|| rules.token_similarity(x, y, false))
                };
                // In the pair's order, as `similarity_prepared` scores it.
                let score = if in_text_order(query, query_text, name, text) {
                    score_with(query, name, false, &mut sim, rules).score
                } else {
                    score_with(name, query, false, &mut sim, rules.swapped()).score
                };
                Hit { index: i, score: rules.alias_score(score, self.is_weak(i)) }
            })
            .filter(|h| h.score >= cutoff && h.score > 0.0)
            .collect();
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
        hits.truncate(limit);
        hits
    }

    /// Top `limit` names for each query, best first, with scores at or above `cutoff`.
    /// With `exhaustive`, every name is scored (brute force) instead of the candidates.
    /// Up to `STABLE_DEPTH` results, the candidates scored do not depend on `limit`.
    pub fn search_many(&self, queries: &[String], limit: usize, cutoff: f32, exhaustive: bool, workers: i64) -> Result<Vec<Vec<Hit>>> {
        let options = SearchOptions { limit, cutoff, exhaustive, rules: Rules::default() };
        self.search_many_cancellable(queries, options, workers, &Cancel::new())
    }

    /// `search_many`, stopping with `Error::Cancelled` soon after `cancel` is set.
    pub fn search_many_cancellable(&self, queries: &[String], options: SearchOptions, workers: i64, cancel: &Cancel) -> Result<Vec<Vec<Hit>>> {
        let SearchOptions { limit, cutoff, exhaustive, rules } = options;
        if !(0.0..=1.0).contains(&cutoff) {
            return Err(Error::InvalidArgument(format!("score_cutoff must be within [0, 1], got {cutoff}")));
        }
        let n = self.len();
        let hits = with_workers(workers, || {
            queries
                .par_iter()
                .map_init(
                    || Scratch::new(n),
                    |scratch, q| {
                        if cancel.is_cancelled() {
                            return Vec::new();
                        }
                        let prepared = self.prepare_query(q);
                        if exhaustive {
                            self.rank(&prepared, q, 0..n as u32, limit, cutoff, rules, scratch)
                        } else {
                            let words = prepared.tokens.iter().filter(|t| t.is_content()).count();
                            let want = pool_size(words, limit);
                            let cands = self.candidates(&prepared, want, usize::MAX, scratch, |_| true);
                            self.rank(&prepared, q, cands.into_iter(), limit, cutoff, rules, scratch)
                        }
                    },
                )
                .collect()
        })?;
        cancel.check()?;
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Mode;

    fn index() -> NameIndex {
        let names = ["Hossein Taeb", "Hossein Salami", "Ismail Qaani", "Kata'ib Hezbollah", "Hezbollah",
            "Islamic Revolutionary Guard Corps", "Qassem Soleimani"];
        let ids = names.iter().enumerate().map(|(i, _)| format!("E{i}")).collect();
        NameIndex::new(ids, names.iter().map(|s| s.to_string()).collect(), -1).unwrap()
    }

    #[test]
    fn finds_variants_across_scripts() {
        let idx = index();
        let queries: Vec<String> = ["Hussein al-Tayeb", "حسين طائب", "Esmail Ghaani", "Hezbollah Brigades", "IRGC", "Soleimani"]
            .iter().map(|s| s.to_string()).collect();
        let expected = ["E0", "E0", "E2", "E3", "E5", "E6"];
        let hits = idx.search_many(&queries, 3, 0.0, false, -1).unwrap();
        for ((q, h), e) in queries.iter().zip(&hits).zip(expected) {
            assert_eq!(idx.id(h[0].index), e, "{q}: {h:?}");
        }
    }

    #[test]
    fn exhaustive_agrees_on_top_hit() {
        let idx = index();
        let queries: Vec<String> = vec!["Hossein Taeb".into(), "Hezbolalh".into()];
        let a = idx.search_many(&queries, 1, 0.0, false, 1).unwrap();
        let b = idx.search_many(&queries, 1, 0.0, true, 1).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn pool_is_the_same_up_to_the_stable_depth() {
        for words in 0..12 {
            let at_depth = pool_size(words, STABLE_DEPTH);
            assert!((0..=STABLE_DEPTH).all(|limit| pool_size(words, limit) == at_depth), "{words} words");
            let deeper: Vec<usize> = (STABLE_DEPTH..200).map(|limit| pool_size(words, limit)).collect();
            assert!(deeper.windows(2).all(|w| w[0] <= w[1]), "{words} words: {deeper:?}");
        }
    }

    #[test]
    fn first_results_do_not_depend_on_the_limit() {
        // Many names sharing their words, so that a long query has more candidates than
        // it scores.
        let given = ["Mohammad", "Ali", "Hassan", "Hussein", "Ahmad", "Mahmoud", "Omar", "Khalid", "Yusuf", "Ibrahim"];
        let family = ["al-Tayeb", "Salami", "Qaani", "Soleimani", "Nasrallah", "Rahimi", "Karimi", "Hashemi", "Musavi", "Rezaei"];
        let mut names: Vec<String> = Vec::new();
        for (i, a) in given.iter().enumerate() {
            for (j, b) in given.iter().enumerate().filter(|&(j, _)| j != i) {
                for c in family.iter().skip((i + j) % 3).step_by(2) {
                    names.push(format!("{a} {b} {c}"));
                    names.push(format!("{a} {b} {c} {}", family[(i * 7 + j) % family.len()]));
                }
            }
        }
        let ids = (0..names.len()).map(|i| format!("E{i}")).collect();
        let idx = NameIndex::new(ids, names, 1).unwrap();
        let queries: Vec<String> = ["Mohamad Ali Hasan al-Tayyib Salamy", "Husein Ahmed Soleymani Nasrala", "Omar Khaled Yousef Rahimi Karimi",
            "Ibrahim Mahmud Hashimi Mousavi Rezai", "محمد علي حسن الطيب", "Ali Hassan Qani Soleimani Rahimi Karimi"]
            .iter().map(|s| s.to_string()).collect();
        for mode in [Mode::Screening, Mode::Mention] {
            let search = |limit| {
                let options = SearchOptions { limit, cutoff: 0.0, exhaustive: false, rules: mode.rules() };
                idx.search_many_cancellable(&queries, options, 1, &Cancel::new()).unwrap()
            };
            let deepest = search(STABLE_DEPTH);
            for limit in 1..STABLE_DEPTH {
                for (row, full) in search(limit).iter().zip(&deepest) {
                    assert_eq!(row[..], full[..limit.min(full.len())], "limit {limit}, {mode:?}");
                }
            }
        }
    }

    #[test]
    fn rejects_bad_arguments() {
        assert!(NameIndex::new(vec!["a".into()], vec![], 1).is_err());
        assert!(index().search_many(&[], 1, 1.5, false, 1).is_err());
        assert!(index().with_weak_aliases(vec![true]).is_err());
    }

    #[test]
    fn a_weak_alias_counts_in_screening_only_word_for_word() {
        let names = ["CRYSTAL", "Crystal Waters"];
        let idx = NameIndex::new(vec!["weak".into(), "strong".into()], names.iter().map(|n| n.to_string()).collect(), 1)
            .and_then(|i| i.with_weak_aliases(vec![true, false]))
            .unwrap();
        let score = |q: &str, mode: Mode| {
            let options = SearchOptions { limit: 2, cutoff: 0.0, exhaustive: false, rules: mode.rules() };
            let hits = idx.search_many_cancellable(&[q.to_string()], options, 1, &Cancel::new()).unwrap();
            let hit = hits[0].iter().find(|h| idx.id(h.index) == "weak").map(|h| h.score).unwrap_or(0.0);
            // (The explanation says the same.)
            assert_eq!(hits[0].iter().find(|h| idx.id(h.index) == "weak").map(|h| idx.explain(q, h.index, mode.rules()).score).unwrap_or(0.0), hit);
            hit
        };
        assert_eq!(score("Crystal", Mode::Screening), 1.0);
        let (screening, mention) = (score("Crystal Lee", Mode::Screening), score("Crystal Lee", Mode::Mention));
        assert!(screening > 0.0 && screening < crate::MATCH_THRESHOLD, "{screening}");
        assert!(mention >= crate::MATCH_THRESHOLD, "{mention}");
        let reason = idx.explain("Crystal Lee", 0, Mode::Screening.rules()).parts.last().map(|p| p.reason);
        assert_eq!(reason, Some(Reason::WeakAlias));
    }
}

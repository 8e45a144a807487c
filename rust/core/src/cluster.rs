//! Deduplication: clusters of rows whose names denote one entity.
//!
//! The method, step by step:
//! 1. Rows collapse into units: rows with the same block, evidence and name are one unit.
//!    Units are put in a canonical order (block, name, evidence), so that nothing below
//!    depends on the order of the rows or on the number of threads.
//! 2. A [`NameIndex`] over the units' names gives each unit its best candidates within its
//!    block — no loop over all pairs. Candidates are fully scored, in parallel; evidence
//!    columns move the score (agreement up, disagreement down). Pairs at or above the
//!    threshold are the edges.
//! 3. Edges are taken strongest first. An edge joins two clusters only when the clusters
//!    hold together as a whole: over every pair between the two clusters' cores (their first
//!    members, which joined on the strongest edges), the mean score must reach
//!    `threshold - mean_slack` and no pair may fall below `threshold - link_slack`
//!    ([`DedupSettings`], like every figure of the method). This is
//!    average linkage checked on the edges' ends, and it is what stops chaining: "Nasrallah"
//!    links "Hassan Nasrallah" and "Jawad Nasrallah", but the two full names never join
//!    through it. A bare acronym counts by its best pair: it can only meet its expansion.
//! 4. Clusters are numbered in the canonical order of their first unit, and each gets a
//!    representative spelling: the most frequent, then the most central of its core.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::error::{Error, Result};
use crate::index::{NameIndex, Scratch};
use crate::parallel::{with_workers, Cancel};
use crate::rules::Rules;
use crate::score::similarity_prepared;

/// A pair between two clusters' cores may score this much below the threshold, as long as
/// the mean over all core pairs reaches it: spellings of one name are rarely all close.
pub const LINK_SLACK: f32 = 0.15;
/// The mean over the cores' pairs may fall this much below the threshold: a surname alone
/// ("Taeb") meets a full name in another spelling ("Hussein al-Tayeb") a little below it.
pub const MEAN_SLACK: f32 = 0.05;
/// Members of a cluster that stand for it when another cluster asks to join.
pub const CORE: usize = 8;
/// Candidates fully scored per unit; every one at or above the threshold is an edge. More
/// candidates cost time and, on OFAC and the UN list, bring more false joins than true ones.
pub const CANDIDATES: usize = 12;
/// Features shared by more names than this are passed over when looking for candidates:
/// they say little ("mohammed") and cost much on large inputs.
pub const MAX_POSTINGS: usize = 300;
/// Score added when an evidence column has the same value on both sides.
pub const EVIDENCE_AGREE: f32 = 0.05;
/// Score taken away when an evidence column has different values on both sides: enough
/// that two identical names with conflicting evidence fall below the linkage floor at the
/// default threshold, so such rows never share a cluster, even through a third row.
pub const EVIDENCE_DISAGREE: f32 = 0.45;

/// How dedup links rows, besides its threshold. `Default` is the tuned policy, the
/// constants above; the Python package's `DedupSettings` takes its defaults from it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DedupSettings {
    /// How far below the threshold one pair between two clusters' cores may score when the
    /// clusters join ([`LINK_SLACK`]), in [0, 1].
    pub link_slack: f32,
    /// How far below the threshold the mean over the cores' pairs may fall ([`MEAN_SLACK`]),
    /// in [0, 1].
    pub mean_slack: f32,
    /// Score added per evidence column with the same value on both sides
    /// ([`EVIDENCE_AGREE`]), in [0, 1].
    pub evidence_agree: f32,
    /// Score taken away per evidence column with different values on both sides
    /// ([`EVIDENCE_DISAGREE`]), in [0, 1].
    pub evidence_disagree: f32,
    /// Candidates fully scored per unit ([`CANDIDATES`]), 1 or more.
    pub candidates: usize,
    /// Features shared by more names than this are passed over when looking for candidates
    /// ([`MAX_POSTINGS`]), 1 or more.
    pub max_postings: usize,
    /// Members that stand for a cluster when another asks to join ([`CORE`]), 1 or more.
    pub core: usize,
}

impl Default for DedupSettings {
    fn default() -> Self {
        DedupSettings {
            link_slack: LINK_SLACK,
            mean_slack: MEAN_SLACK,
            evidence_agree: EVIDENCE_AGREE,
            evidence_disagree: EVIDENCE_DISAGREE,
            candidates: CANDIDATES,
            max_postings: MAX_POSTINGS,
            core: CORE,
        }
    }
}

impl DedupSettings {
    /// `Error::InvalidArgument` naming the first field out of its range.
    pub fn check(&self) -> Result<()> {
        let fractions = [
            ("link_slack", self.link_slack),
            ("mean_slack", self.mean_slack),
            ("evidence_agree", self.evidence_agree),
            ("evidence_disagree", self.evidence_disagree),
        ];
        if let Some((name, v)) = fractions.into_iter().find(|(_, v)| !(0.0..=1.0).contains(v)) {
            return Err(Error::InvalidArgument(format!("dedup settings: {name} must be within [0, 1], got {v}")));
        }
        let counts = [("candidates", self.candidates), ("max_postings", self.max_postings), ("core", self.core)];
        if let Some((name, v)) = counts.into_iter().find(|&(_, v)| v == 0) {
            return Err(Error::InvalidArgument(format!("dedup settings: {name} must be 1 or more, got {v}")));
        }
        Ok(())
    }
}

/// What became of a scored pair during clustering.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Link {
    /// This pair joined two clusters.
    Joined,
    /// Both ends were already in one cluster.
    Within,
    /// The two clusters did not hold together: mean and lowest score over their cores.
    Refused { mean: f32, min: f32 },
}

/// A pair of rows scored at or above the threshold (each row stands for its unit: the first
/// row with that block, evidence and name).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoredPair {
    pub left: u32,
    pub right: u32,
    pub score: f32,
    pub link: Link,
}

/// The clusters of a list of rows.
#[derive(Clone, Debug, Default)]
pub struct Clusters {
    /// The cluster of each row, numbered from 0 in canonical order (independent of row order).
    pub labels: Vec<u32>,
    /// Rows in each cluster.
    pub sizes: Vec<u32>,
    /// For each cluster, a row whose name is the cluster's representative spelling.
    pub representatives: Vec<u32>,
    /// For each cluster, its first row in canonical order (block, name, evidence): a stable
    /// handle for naming the cluster.
    pub anchors: Vec<u32>,
    /// Every scored pair at or above the threshold, strongest first.
    pub pairs: Vec<ScoredPair>,
}

/// Rows to deduplicate: names, with an optional blocking key and evidence columns (each as
/// long as `names`; an empty string is a missing value).
pub struct Rows<'a> {
    pub names: &'a [String],
    pub blocks: Option<&'a [String]>,
    pub evidence: &'a [Vec<String>],
}

struct Units {
    /// The first row of each unit, in canonical order.
    first_row: Vec<u32>,
    /// Rows of each unit.
    count: Vec<u32>,
    /// Block number of each unit (equal numbers, equal blocks).
    block: Vec<u32>,
    unit_of_row: Vec<u32>,
}

impl Rows<'_> {
    fn check(&self) -> Result<()> {
        let n = self.names.len();
        if n >= u32::MAX as usize {
            return Err(Error::InvalidArgument("dedup handles at most 4,294,967,294 rows".into()));
        }
        if let Some(b) = self.blocks.filter(|b| b.len() != n) {
            return Err(Error::LengthMismatch { what: "dedup(names, blocks)", left: n, right: b.len() });
        }
        if let Some(e) = self.evidence.iter().find(|e| e.len() != n) {
            return Err(Error::LengthMismatch { what: "dedup(names, evidence)", left: n, right: e.len() });
        }
        Ok(())
    }

    fn block(&self, row: usize) -> &str {
        self.blocks.map_or("", |b| b[row].as_str())
    }

    /// Canonical order of rows: block, name, then evidence; equal rows are one unit.
    fn cmp_rows(&self, a: usize, b: usize) -> std::cmp::Ordering {
        let evidence = |r: usize| self.evidence.iter().map(move |c| c[r].as_str());
        (self.block(a), self.names[a].as_str()).cmp(&(self.block(b), self.names[b].as_str())).then_with(|| evidence(a).cmp(evidence(b)))
    }

    /// Groups identical rows into units, in canonical order.
    fn units(&self) -> Units {
        let mut order: Vec<u32> = (0..self.names.len() as u32).collect();
        order.par_sort_unstable_by(|&a, &b| self.cmp_rows(a as usize, b as usize).then(a.cmp(&b)));
        let mut units = Units { first_row: Vec::new(), count: Vec::new(), block: Vec::new(), unit_of_row: vec![0; order.len()] };
        for (k, &row) in order.iter().enumerate() {
            let row = row as usize;
            let prev = k.checked_sub(1).map(|p| order[p] as usize);
            if prev.is_none_or(|p| self.cmp_rows(p, row).is_ne()) {
                let block = match prev {
                    Some(p) if self.block(p) == self.block(row) => *units.block.last().unwrap_or(&0),
                    Some(_) => units.block.last().map_or(0, |b| b + 1),
                    None => 0,
                };
                units.first_row.push(row as u32);
                units.count.push(0);
                units.block.push(block);
            }
            let unit = units.first_row.len() - 1;
            units.count[unit] += 1;
            units.unit_of_row[row] = unit as u32;
        }
        units
    }

    /// A pair's score: the names' similarity moved by the evidence columns of two rows.
    fn pair_score(&self, settings: &DedupSettings, name_score: f32, a: usize, b: usize) -> f32 {
        let shift: f32 = self
            .evidence
            .iter()
            .map(|c| match (c[a].as_str(), c[b].as_str()) {
                ("", _) | (_, "") => 0.0,
                (x, y) if x == y => settings.evidence_agree,
                _ => -settings.evidence_disagree,
            })
            .sum();
        (name_score + shift).clamp(0.0, 1.0)
    }
}

/// Scores pairs of units, remembering the ones already scored.
struct PairScores<'a> {
    rows: &'a Rows<'a>,
    settings: &'a DedupSettings,
    units: &'a Units,
    index: &'a NameIndex,
    known: FxHashMap<(u32, u32), f32>,
    /// Units whose name is a single acronym.
    acronym_only: Vec<bool>,
}

impl PairScores<'_> {
    fn get(&mut self, a: u32, b: u32) -> f32 {
        if a == b {
            return 1.0;
        }
        let key = (a.min(b), a.max(b));
        if let Some(&s) = self.known.get(&key) {
            return s;
        }
        let s = unit_pair_score(self.rows, self.settings, self.units, self.index, key.0, key.1);
        self.known.insert(key, s);
        s
    }
}

fn unit_pair_score(rows: &Rows, settings: &DedupSettings, units: &Units, index: &NameIndex, a: u32, b: u32) -> f32 {
    let name = similarity_prepared(index.prepared(a), index.name(a), index.prepared(b), index.name(b));
    let (ra, rb) = (units.first_row[a as usize] as usize, units.first_row[b as usize] as usize);
    rows.pair_score(settings, name, ra, rb)
}

/// Edges between units at or above `threshold`, each unit with its best neighbours in its
/// block, sorted strongest first (ties by unit numbers).
fn edges(rows: &Rows, settings: &DedupSettings, units: &Units, index: &NameIndex, threshold: f32, cancel: &Cancel) -> Vec<(u32, u32, f32)> {
    let n = index.len();
    let (want, max_postings) = (settings.candidates, settings.max_postings);
    // Evidence can raise a name's score: candidates are kept from that much below.
    let name_cutoff = (threshold - settings.evidence_agree * rows.evidence.len() as f32).max(0.0);
    let per_unit: Vec<Vec<(u32, u32, f32)>> = (0..n as u32)
        .into_par_iter()
        .map_init(
            || Scratch::new(n),
            |scratch, i| {
                // Once cancelled, the units left are passed over (the caller returns an error).
                if cancel.is_cancelled() {
                    return Vec::new();
                }
                let block = units.block[i as usize];
                let keep = |j: u32| j != i && units.block[j as usize] == block;
                let query = index.prepared(i);
                let cands = index.candidates(query, want, max_postings, scratch, keep);
                let hits = index.rank(query, index.name(i), cands.into_iter(), want, name_cutoff, Rules::PAIR, scratch);
                let ri = units.first_row[i as usize] as usize;
                hits.into_iter()
                    .filter_map(|h| {
                        let rj = units.first_row[h.index as usize] as usize;
                        let score = rows.pair_score(settings, h.score, ri, rj);
                        (score >= threshold).then_some((i.min(h.index), i.max(h.index), score))
                    })
                    .collect::<Vec<_>>()
            },
        )
        .collect();
    let mut all: Vec<(u32, u32, f32)> = per_unit.into_iter().flatten().collect();
    all.par_sort_unstable_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
    all.dedup_by(|x, y| (x.0, x.1) == (y.0, y.1));
    all.par_sort_unstable_by(|x, y| y.2.total_cmp(&x.2).then((x.0, x.1).cmp(&(y.0, y.1))));
    all
}

/// Whether two clusters hold together: mean and lowest score over their cores' pairs.
///
/// A bare acronym ("PMU") can only meet its expansion, not the other spellings of the name
/// ("Hashd al-Shaabi"). So acronyms take no part when their cluster has other members (those
/// speak for it), and a cluster of acronyms only facing names counts each acronym by its
/// best pair.
fn linkage(scores: &mut PairScores, a: &[u32], b: &[u32]) -> (f32, f32) {
    let core = scores.settings.core;
    let (a, b) = (&a[..a.len().min(core)], &b[..b.len().min(core)]);
    let names_of = |side: &[u32]| -> Vec<u32> { side.iter().copied().filter(|&u| !scores.acronym_only[u as usize]).collect() };
    let (names_a, names_b) = (names_of(a), names_of(b));
    let mut cells: Vec<f32> = Vec::with_capacity(a.len() * b.len());
    match (names_a.is_empty(), names_b.is_empty()) {
        (false, false) => {
            for &x in &names_a {
                cells.extend(names_b.iter().map(|&y| scores.get(x, y)));
            }
        }
        (true, false) => cells.extend(a.iter().map(|&x| names_b.iter().map(|&y| scores.get(x, y)).fold(0.0, f32::max))),
        (false, true) => cells.extend(b.iter().map(|&y| names_a.iter().map(|&x| scores.get(x, y)).fold(0.0, f32::max))),
        (true, true) => {
            for &x in a {
                cells.extend(b.iter().map(|&y| scores.get(x, y)));
            }
        }
    }
    let min = cells.iter().copied().fold(f32::INFINITY, f32::min);
    (cells.iter().sum::<f32>() / cells.len().max(1) as f32, min)
}

/// How a representative is chosen among the most frequent spellings (larger is better):
/// centrality, content words, familiarity, minus titles and particles, minus length.
type RepresentativeKey = (i64, usize, i64, i64, i64);

/// The representative unit of a cluster: the spelling with the most rows; among equals, the
/// most central (mean score to the core), then the one with the most words that carry the
/// name, then the one whose words the whole input uses most (a typo is rare), then the one
/// with the fewest titles and particles, then the shortest.
fn representative(scores: &mut PairScores, members: &[u32]) -> u32 {
    let index = scores.index;
    let mut rows_of: FxHashMap<&str, u32> = FxHashMap::default();
    for &m in members {
        *rows_of.entry(index.name(m)).or_default() += scores.units.count[m as usize];
    }
    let most = members.iter().map(|&m| rows_of[index.name(m)]).max().unwrap_or(0);
    let core = scores.settings.core;
    let tied: Vec<u32> = members.iter().copied().filter(|&m| rows_of[index.name(m)] == most).take(core.saturating_mul(4)).collect();
    if tied.len() == 1 {
        return tied[0];
    }
    let core: Vec<u32> = members.iter().copied().take(core).collect();
    let mut best: Option<(RepresentativeKey, u32)> = None;
    for &m in &tied {
        let others: Vec<u32> = core.iter().copied().filter(|&c| c != m).collect();
        let centrality = others.iter().map(|&c| scores.get(m, c)).sum::<f32>() / others.len().max(1) as f32;
        let tokens = &index.prepared(m).tokens;
        let content: Vec<_> = tokens.iter().filter(|t| t.is_content()).collect();
        let familiarity =
            content.iter().map(|t| (1.0 + index.word_frequency(t) as f32).ln()).sum::<f32>() / content.len().max(1) as f32;
        let key = (
            (centrality * 100.0).round() as i64,
            content.len(),
            (familiarity * 10.0).round() as i64,
            -((tokens.len() - content.len()) as i64),
            -(index.name(m).chars().count() as i64),
        );
        if best.is_none_or(|(k, _)| key > k) {
            best = Some((key, m));
        }
    }
    best.map_or(tied[0], |(_, m)| m)
}

/// Clusters the rows: see the module documentation for the method.
pub fn dedup(rows: &Rows, threshold: f32, settings: &DedupSettings, workers: i64) -> Result<Clusters> {
    dedup_cancellable(rows, threshold, settings, workers, &Cancel::new())
}

/// `dedup`, stopping with `Error::Cancelled` soon after `cancel` is set.
pub fn dedup_cancellable(rows: &Rows, threshold: f32, settings: &DedupSettings, workers: i64, cancel: &Cancel) -> Result<Clusters> {
    rows.check()?;
    if !(0.0..=1.0).contains(&threshold) || threshold == 0.0 {
        return Err(Error::InvalidArgument(format!("threshold must be within (0, 1], got {threshold}")));
    }
    settings.check()?;
    with_workers(workers, || cluster_rows(rows, threshold, settings, cancel))?
}

fn cluster_rows(rows: &Rows, threshold: f32, settings: &DedupSettings, cancel: &Cancel) -> Result<Clusters> {
    let units = rows.units();
    cancel.check()?;
    let names: Vec<String> = units.first_row.iter().map(|&r| rows.names[r as usize].clone()).collect();
    let index = NameIndex::unweighted(vec![String::new(); names.len()], names, -1, cancel)?;
    let edges = edges(rows, settings, &units, &index, threshold, cancel);
    cancel.check()?;

    let acronym_only = (0..index.len() as u32)
        .map(|u| {
            let mut content = index.prepared(u).tokens.iter().filter(|t| t.is_content());
            matches!((content.next(), content.next()), (Some(t), None) if t.acronym)
        })
        .collect();
    let mut scores = PairScores { rows, settings, units: &units, index: &index, known: FxHashMap::default(), acronym_only };
    scores.known.extend(edges.iter().map(|&(a, b, s)| ((a, b), s)));
    // Every unit starts alone; a cluster is named by the slot that holds its members.
    let mut cluster_of: Vec<u32> = (0..index.len() as u32).collect();
    let mut members: Vec<Vec<u32>> = (0..index.len() as u32).map(|u| vec![u]).collect();
    let mut pairs = Vec::with_capacity(edges.len());
    for (k, &(a, b, score)) in edges.iter().enumerate() {
        if k % 4096 == 0 {
            cancel.check()?;
        }
        let (ca, cb) = (cluster_of[a as usize], cluster_of[b as usize]);
        let link = if ca == cb {
            Link::Within
        } else {
            let (mean, min) = linkage(&mut scores, &members[ca as usize], &members[cb as usize]);
            if mean >= threshold - settings.mean_slack && min >= threshold - settings.link_slack {
                // The larger cluster absorbs the smaller; its core stays first.
                let (keep, gone) = if members[ca as usize].len() >= members[cb as usize].len() { (ca, cb) } else { (cb, ca) };
                let moved = std::mem::take(&mut members[gone as usize]);
                for &u in &moved {
                    cluster_of[u as usize] = keep;
                }
                members[keep as usize].extend(moved);
                Link::Joined
            } else {
                Link::Refused { mean, min }
            }
        };
        let (left, right) = (units.first_row[a as usize], units.first_row[b as usize]);
        pairs.push(ScoredPair { left, right, score, link });
    }

    // Clusters numbered by their first unit in canonical order.
    let mut label_of_slot = vec![u32::MAX; index.len()];
    let mut sizes = Vec::new();
    let mut representatives = Vec::new();
    let mut anchors = Vec::new();
    for (u, &slot) in cluster_of.iter().enumerate().take(index.len()) {
        let slot = slot as usize;
        if label_of_slot[slot] == u32::MAX {
            label_of_slot[slot] = sizes.len() as u32;
            let m = &members[slot];
            sizes.push(m.iter().map(|&x| units.count[x as usize]).sum());
            let rep = if m.len() == 1 { m[0] } else { representative(&mut scores, m) };
            representatives.push(units.first_row[rep as usize]);
            anchors.push(units.first_row[u]);
        }
    }
    let labels = units.unit_of_row.iter().map(|&u| label_of_slot[cluster_of[u as usize] as usize]).collect();
    Ok(Clusters { labels, sizes, representatives, anchors, pairs })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn owned(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    fn labels(names: &[&str]) -> Vec<u32> {
        let names = owned(names);
        dedup(&Rows { names: &names, blocks: None, evidence: &[] }, crate::MATCH_THRESHOLD, &DedupSettings::default(), 1).unwrap().labels
    }

    #[test]
    fn variants_join_and_different_people_stay_apart() {
        let l = labels(&["Hossein Taeb", "Hussein al-Tayeb", "حسين طائب", "Hossein Salami", "Ismail Qaani", "Esmail Ghaani"]);
        assert_eq!(l[0], l[1]);
        assert_eq!(l[0], l[2]);
        assert_ne!(l[0], l[3]);
        assert_eq!(l[4], l[5]);
        assert_ne!(l[0], l[4]);
    }

    #[test]
    fn a_shared_surname_does_not_chain_two_people() {
        let l = labels(&["Hassan Nasrallah", "Hasan Nasrallah", "Nasrallah", "Jawad Nasrallah"]);
        assert_eq!(l[0], l[1]);
        assert_ne!(l[0], l[3]);
    }

    #[test]
    fn row_order_and_threads_do_not_change_the_clusters() {
        let names = owned(&["Kata'ib Hezbollah", "Hezbollah", "Kataeb Hizballah", "Hezbollah Brigades", "Hizbullah", "PMU"]);
        let a = dedup(&Rows { names: &names, blocks: None, evidence: &[] }, 0.75, &DedupSettings::default(), 1).unwrap();
        let reversed: Vec<String> = names.iter().rev().cloned().collect();
        let b = dedup(&Rows { names: &reversed, blocks: None, evidence: &[] }, 0.75, &DedupSettings::default(), 2).unwrap();
        let b_back: Vec<u32> = b.labels.iter().rev().copied().collect();
        assert_eq!(a.labels, b_back);
        assert_eq!(a.sizes, b.sizes);
    }

    #[test]
    fn blocks_and_evidence_keep_rows_apart() {
        let names = owned(&["John Smith", "John Smith", "Jon Smith"]);
        let blocks = owned(&["person", "vessel", "person"]);
        let c = dedup(&Rows { names: &names, blocks: Some(&blocks), evidence: &[] }, 0.75, &DedupSettings::default(), 1).unwrap();
        assert_ne!(c.labels[0], c.labels[1]);
        assert_eq!(c.labels[0], c.labels[2]);
        let dob = vec![owned(&["1970", "1985", ""])];
        let c = dedup(&Rows { names: &names, blocks: None, evidence: &dob }, 0.75, &DedupSettings::default(), 1).unwrap();
        assert_ne!(c.labels[0], c.labels[1]);
        // Evidence moves scores by the settings' amounts: disagreement that costs nothing
        // leaves the identical names together.
        let lenient = DedupSettings { evidence_disagree: 0.0, ..DedupSettings::default() };
        let c = dedup(&Rows { names: &names, blocks: None, evidence: &dob }, 0.75, &lenient, 1).unwrap();
        assert_eq!(c.labels[0], c.labels[1]);
    }

    #[test]
    fn default_settings_are_the_constants_and_out_of_range_ones_are_refused() {
        let d = DedupSettings::default();
        let fractions = (d.link_slack, d.mean_slack, d.evidence_agree, d.evidence_disagree);
        assert_eq!(fractions, (LINK_SLACK, MEAN_SLACK, EVIDENCE_AGREE, EVIDENCE_DISAGREE));
        assert_eq!((d.candidates, d.max_postings, d.core), (CANDIDATES, MAX_POSTINGS, CORE));
        assert!(d.check().is_ok());
        let names = owned(&["a"]);
        let rows = Rows { names: &names, blocks: None, evidence: &[] };
        let bad = [
            (DedupSettings { link_slack: -0.1, ..d }, "link_slack"),
            (DedupSettings { mean_slack: f32::NAN, ..d }, "mean_slack"),
            (DedupSettings { evidence_agree: 1.5, ..d }, "evidence_agree"),
            (DedupSettings { evidence_disagree: f32::INFINITY, ..d }, "evidence_disagree"),
            (DedupSettings { candidates: 0, ..d }, "candidates"),
            (DedupSettings { max_postings: 0, ..d }, "max_postings"),
            (DedupSettings { core: 0, ..d }, "core"),
        ];
        for (settings, field) in bad {
            match dedup(&rows, 0.75, &settings, 1) {
                Err(Error::InvalidArgument(message)) => assert!(message.contains(field), "{message}"),
                other => panic!("{field}: {other:?}"),
            }
        }
    }

    #[test]
    fn representative_is_the_most_frequent_spelling() {
        let names = owned(&["Qasem Soleimani", "Qassem Suleimani", "Qassem Suleimani", "Ghasem Soleymani"]);
        let c = dedup(&Rows { names: &names, blocks: None, evidence: &[] }, 0.75, &DedupSettings::default(), 1).unwrap();
        assert_eq!(c.sizes, vec![4]);
        assert_eq!(names[c.representatives[0] as usize], "Qassem Suleimani");
    }

    #[test]
    fn rejects_bad_arguments() {
        let names = owned(&["a"]);
        assert!(dedup(&Rows { names: &names, blocks: Some(&[]), evidence: &[] }, 0.75, &DedupSettings::default(), 1).is_err());
        assert!(dedup(&Rows { names: &names, blocks: None, evidence: &[] }, 0.0, &DedupSettings::default(), 1).is_err());
        assert!(dedup(&Rows { names: &[], blocks: None, evidence: &[] }, 0.75, &DedupSettings::default(), 1).unwrap().labels.is_empty());
    }
}

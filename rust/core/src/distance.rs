//! How far apart two symbol sequences are, and how cheaply that can be bounded.
//!
//! Two sequences of [`Sym`]s are compared with a weighted edit distance whose costs encode
//! the drift between romanizations (q/k/gh, kh/h, dh/z/th, e/i, o/u, dropped vowels, ʿayn,
//! ...). Most pairs of words scoring looks at are unrelated, so the distance comes with
//! bounds that settle them without it: lower bounds of the distance from the weights, the
//! symbol sets and the symbol counts of the two sequences, and the upper bounds of the
//! similarity built on them. They live beside the costs they are derived from.

use crate::phonetic::{Sym, ALL_SYMS, N_SYMS};

/// Cost of inserting or deleting a symbol: low for what spellings freely add or drop
/// (short vowels, ʿayn, a final h), high for consonants.
fn indel_cost(s: Sym) -> f32 {
    use Sym::*;
    match s {
        A | E | I | O | U => 0.3,
        Ai => 0.5,
        Alef => 0.5,
        AlefInit => 0.3,
        Waw | Yeh => 0.5,
        HFinal => 0.15,
        Glottal => 0.05,
        W => 0.5,
        Y => 0.3,
        H => 0.6,
        _ => 1.0,
    }
}

/// Substitution costs below 1 between symbols that romanizations confuse. Symmetric.
const NEAR: &[(Sym, Sym, f32)] = {
    use Sym::*;
    &[
        // Latin vowels.
        (A, E, 0.25), (A, I, 0.45), (A, O, 0.35), (A, U, 0.45), (E, I, 0.15), (E, O, 0.35),
        (E, U, 0.4), (I, O, 0.45), (I, U, 0.35), (O, U, 0.1),
        (Ai, I, 0.1), (Ai, E, 0.15), (Ai, A, 0.3), (Ai, O, 0.4), (Ai, U, 0.4), (Ai, Y, 0.2),
        // Arabic long a.
        (Alef, A, 0.0), (Alef, E, 0.2), (Alef, O, 0.3), (Alef, I, 0.5), (Alef, U, 0.5),
        (Alef, Ai, 0.35), (Alef, Glottal, 0.2), (Alef, AlefInit, 0.1),
        // Word-initial alef: any short vowel.
        (AlefInit, A, 0.05), (AlefInit, E, 0.05), (AlefInit, I, 0.05), (AlefInit, O, 0.05),
        (AlefInit, U, 0.05), (AlefInit, Ai, 0.2), (AlefInit, Glottal, 0.05),
        // و and ي as vowels or consonants.
        (Waw, U, 0.0), (Waw, O, 0.0), (Waw, W, 0.0), (Waw, V, 0.1), (Waw, A, 0.5), (Waw, E, 0.6),
        (Waw, I, 0.6), (Waw, F, 0.6), (Waw, Ai, 0.5),
        (Yeh, I, 0.0), (Yeh, E, 0.1), (Yeh, Ai, 0.0), (Yeh, Y, 0.0), (Yeh, A, 0.5), (Yeh, O, 0.6),
        (Yeh, U, 0.6), (Yeh, J, 0.6),
        // Final h / teh marbuta.
        (HFinal, H, 0.0), (HFinal, A, 0.05), (HFinal, E, 0.05), (HFinal, I, 0.4),
        (HFinal, O, 0.4), (HFinal, U, 0.4), (HFinal, T, 0.3), (HFinal, Alef, 0.3),
        // ʿayn and hamza written as a vowel.
        (Glottal, A, 0.1), (Glottal, E, 0.1), (Glottal, I, 0.1), (Glottal, O, 0.1),
        (Glottal, U, 0.1), (Glottal, Ai, 0.2), (Glottal, Yeh, 0.2), (Glottal, Waw, 0.2),
        (Glottal, H, 0.5),
        // Weak consonants and vowels.
        (W, U, 0.3), (W, O, 0.35), (W, V, 0.2), (Y, I, 0.2), (Y, E, 0.4), (Y, J, 0.5),
        // Consonant classes.
        (B, P, 0.3), (F, V, 0.3), (F, P, 0.5),
        (T, Th, 0.3), (S, Th, 0.3), (D, Dh, 0.3), (Z, Dh, 0.3), (Th, Dh, 0.3), (D, Z, 0.4),
        (S, Z, 0.4), (T, D, 0.5), (D, T, 0.5),
        (J, G, 0.35), (J, Zh, 0.3), (Z, Zh, 0.35), (Sh, Zh, 0.4), (J, Ch, 0.5),
        (Ch, Sh, 0.25), (Ch, Kh, 0.35), (Ch, K, 0.5), (Sh, S, 0.4),
        (Kh, H, 0.35), (Kh, K, 0.35), (Kh, Gh, 0.4), (Kh, Q, 0.5),
        (Q, K, 0.2), (Q, Gh, 0.2), (Q, G, 0.3), (G, Gh, 0.2), (G, K, 0.35), (Gh, K, 0.35),
        (Gh, H, 0.6), (Q, Glottal, 0.6),
        (M, N, 0.7),
        // Arabic-script letters with an Arabic and a Persian reading: each costs nothing
        // against its Arabic spelling and little against its Persian one, and they are
        // near one another (all four are z in Persian).
        (Dad, D, 0.0), (Dad, Z, 0.1), (Dad, Dh, 0.1), (Dad, T, 0.5),
        (Thal, Dh, 0.0), (Thal, Z, 0.1), (Thal, D, 0.3), (Thal, Th, 0.3),
        (Theh, Th, 0.0), (Theh, S, 0.1), (Theh, T, 0.3), (Theh, Dh, 0.3),
        (Zah, Z, 0.0), (Zah, Dh, 0.1), (Zah, D, 0.3), (Zah, S, 0.4),
        (Dad, Thal, 0.1), (Dad, Zah, 0.1), (Thal, Zah, 0.1), (Theh, Thal, 0.3),
    ]
};

struct Costs {
    sub: [[f32; N_SYMS]; N_SYMS],
    indel: [f32; N_SYMS],
    /// For a digraph symbol (sh, kh, ...), its first letter's symbol; the second is h.
    digraph_first: [Option<Sym>; N_SYMS],
    /// The most that one substitution or digraph split can close of the gap between the
    /// weights of two sequences beyond its own cost (see `max_weight_gain`).
    max_weight_gain: f32,
    /// Per symbol, what it costs at least when the other sequence lacks it (see
    /// `symbol_lower_bound`).
    missing: [MissingCost; N_SYMS],
    /// `Sym::key_char` as a byte, 0 for none.
    key_letter: [u8; N_SYMS],
}

impl Costs {
    /// The least that an occurrence of symbol `s` costs against a sequence holding the
    /// symbols of `other_mask`, when it is not paired with the same symbol there: the
    /// cheapest of its deletion, its substitution by one of those symbols, or a digraph
    /// operation they allow.
    fn least_cost(&self, s: usize, other_mask: u64) -> f32 {
        let m = &self.missing[s];
        if other_mask & m.free_with != 0 {
            return 0.0;
        }
        let mut least = m.alone_cost;
        if other_mask & m.split_into != 0 {
            least = least.min(DIGRAPH_SPLIT_COST);
        }
        let mut near = other_mask & m.near;
        while near != 0 {
            least = least.min(self.sub[s][near.trailing_zeros() as usize]);
            near &= near - 1;
        }
        least
    }
}

/// The least a symbol absent from the other sequence (or present there fewer times) costs.
#[derive(Clone, Copy)]
struct MissingCost {
    /// Symbols of the other side with which it is free (the letters of a digraph).
    free_with: u64,
    /// Symbols of the other side it can be substituted by for less than its deletion.
    near: u64,
    /// For a digraph, the two letters it can be read as (at `DIGRAPH_SPLIT_COST`).
    split_into: u64,
    /// Its deletion cost.
    alone_cost: f32,
}

fn bit(s: Sym) -> u64 {
    1 << s as u8
}

/// The vowels and weak letters (`Sym::is_vowelish`), as a mask.
const VOWELISH: u64 = (1 << (Sym::Glottal as u8 + 1)) - 1;

static COSTS: std::sync::LazyLock<Costs> = std::sync::LazyLock::new(|| {
    let mut sub = [[1.0f32; N_SYMS]; N_SYMS];
    let mut indel = [1.0f32; N_SYMS];
    for i in 0..N_SYMS {
        sub[i][i] = 0.0;
        indel[i] = indel_cost(Sym::from_index(i));
    }
    for &(a, b, c) in NEAR {
        sub[a as usize][b as usize] = c;
        sub[b as usize][a as usize] = c;
    }
    let mut digraph_first = [None; N_SYMS];
    for (i, first) in digraph_first.iter_mut().enumerate() {
        *first = Sym::from_index(i).digraph_parts().map(|(x, h)| {
            debug_assert_eq!(h, Sym::H);
            x
        });
    }
    let mut max_weight_gain = 0.0f32;
    for a in 0..N_SYMS {
        for b in 0..N_SYMS {
            max_weight_gain = max_weight_gain.max((indel[a] - indel[b]).abs() - sub[a][b]);
        }
        if let Some(x) = digraph_first[a] {
            let split = indel[x as usize] + indel[Sym::H as usize];
            max_weight_gain = max_weight_gain.max((indel[a] - split).abs() - DIGRAPH_SPLIT_COST);
        }
    }
    let mut missing = [MissingCost { free_with: 0, near: 0, split_into: 0, alone_cost: 0.0 }; N_SYMS];
    for (a, m) in missing.iter_mut().enumerate() {
        let sym = Sym::from_index(a);
        m.alone_cost = indel[a];
        for b in (0..N_SYMS).filter(|&b| b != a && sub[a][b] < indel[a]) {
            m.near |= bit(Sym::from_index(b));
        }
        for d in ALL_SYMS {
            match digraph_first[d as usize] {
                // This digraph read as its two letters on the other side.
                Some(x) if d == sym => {
                    m.split_into = bit(x) | bit(Sym::H);
                }
                // This letter, or an h after it, spelling a digraph of the other side: the
                // pair costs DIGRAPH_SPLIT_COST in all, so each letter counts as free.
                Some(x) if x == sym || sym == Sym::H => m.free_with |= bit(d),
                _ => {}
            }
        }
    }
    // (A letter of two readings in capitals: `phonetic::key_end_letters` reads it as both.)
    let key_letter = ALL_SYMS.map(|s| match (s.key_char(), s.other_key_char()) {
        (Some(k), Some(_)) => k.to_ascii_uppercase() as u8,
        (k, _) => k.map_or(0, |k| k as u8),
    });
    Costs { sub, indel, digraph_first, max_weight_gain, missing, key_letter }
});

/// Cost of swapping two adjacent symbols (typing slips: "Hezbolalh").
const TRANSPOSE_COST: f32 = 0.5;
/// Cost of reading a digraph as its two letters (sh ↔ s+h).
const DIGRAPH_SPLIT_COST: f32 = 0.15;

/// A lower bound of `distance(a, b)` from the weights and lengths alone: insertions and
/// deletions cost exactly the weight they remove, so only substitutions and digraph splits
/// (at most one per symbol of the shorter sequence) can close the gap for less.
pub fn distance_lower_bound(wa: f32, na: usize, wb: f32, nb: usize) -> f32 {
    ((wa - wb).abs() - COSTS.max_weight_gain * na.min(nb) as f32).max(0.0)
}

/// A lower bound of `distance(a, b)` from the sets of symbols each holds (`Profile::mask`):
/// every consonant of `a` that `b` lacks is deleted, substituted, or one of the letters of a
/// digraph split, at no less than the cheapest of these that `b`'s symbols allow. Each such
/// consonant is counted once, however often it occurs. Vowels and weak letters cost little
/// whatever happens to them and are not counted. Unrelated words are told apart here in a
/// few instructions, without the edit distance.
///
/// Once the sum passes `budget` it is returned as it stands: the caller only needs to know
/// that the distance is larger. (`f32::INFINITY` asks for the whole bound.)
pub fn symbol_lower_bound(a_mask: u64, b_mask: u64, budget: f32) -> f32 {
    let c = &*COSTS;
    let mut lacking = a_mask & !b_mask & !VOWELISH;
    let mut total = 0.0;
    while lacking != 0 && total <= budget {
        total += c.least_cost(lacking.trailing_zeros() as usize, b_mask);
        lacking &= lacking - 1;
    }
    total
}

/// A lower bound of `distance(a, b)` from how often each symbol occurs (once, or twice and
/// more), tighter than `symbol_lower_bound` and dearer: the word pairs that this bound does
/// not settle are rarer than those it does.
///
/// Every operation of an alignment takes at most one occurrence of a symbol of `a` to
/// something else than the same symbol (the digraph operations take two letters that are
/// free here). A symbol that `a` holds k times more than `b` therefore costs k times its
/// least cost against `b`'s symbols (`Costs::least_cost`); the same holds from `b`'s side,
/// and the larger of the two sums is a lower bound. (k is counted as 1 or 2, from two
/// masks: no count table to clear and fill.) Past `budget`, as `symbol_lower_bound`.
pub fn count_lower_bound(a: &[Sym], b: &[Sym], budget: f32) -> f32 {
    let c = &*COSTS;
    let ((a_once, a_twice), (b_once, b_twice)) = (repeat_masks(a), repeat_masks(b));
    let surplus = |once: u64, twice: u64, other_once: u64, other_twice: u64| -> f32 {
        let mut total = 0.0;
        // Held at least once more than the other side: absent there, or twice against once.
        let mut more = once & !other_once | twice & !other_twice;
        while more != 0 && total <= budget {
            let i = more.trailing_zeros() as usize;
            more &= more - 1;
            // Twice against none: two occurrences to pay for.
            let times = if bit_at(twice, i) && !bit_at(other_once, i) { 2.0 } else { 1.0 };
            total += times * c.least_cost(i, other_once);
        }
        total
    };
    let from_a = surplus(a_once, a_twice, b_once, b_twice);
    if from_a > budget {
        return from_a;
    }
    from_a.max(surplus(b_once, b_twice, a_once, a_twice))
}

/// The symbols a sequence holds at least once and at least twice, as masks.
fn repeat_masks(a: &[Sym]) -> (u64, u64) {
    a.iter().fold((0, 0), |(once, twice), &s| (once | bit(s), twice | once & bit(s)))
}

fn bit_at(mask: u64, i: usize) -> bool {
    mask >> i & 1 != 0
}

/// Total weight of a sequence: the cost of deleting all of it.
pub fn weight(a: &[Sym]) -> f32 {
    let c = &*COSTS;
    a.iter().map(|&s| c.indel[s as usize]).sum()
}

/// What scoring keeps of a sequence beside its symbols.
pub struct Profile {
    /// `weight(a)`.
    pub weight: f32,
    /// The set of symbols it holds, one bit each (for `symbol_lower_bound`).
    pub mask: u64,
    /// The first and last letters of its `skeleton` (0 when it is empty); a letter of two
    /// readings in capitals (`phonetic::key_end_letters`).
    pub key_ends: (u8, u8),
}

/// `Profile` of a sequence, in one pass (every token of every name is profiled).
pub fn profile(a: &[Sym]) -> Profile {
    let c = &*COSTS;
    // The same additions in the same order as `weight`, from the same starting value.
    let mut weight: f32 = std::iter::empty::<f32>().sum();
    let (mut mask, mut first, mut last) = (0u64, 0u8, 0u8);
    for &s in a {
        weight += c.indel[s as usize];
        mask |= bit(s);
        let key = c.key_letter[s as usize];
        if key != 0 {
            if first == 0 {
                first = key;
            }
            last = key;
        }
    }
    Profile { weight, mask, key_ends: (first, last) }
}

/// Weighted edit distance between two symbol sequences (insertions, deletions,
/// substitutions, adjacent transpositions, digraph splits). Symmetric.
pub fn distance(a: &[Sym], b: &[Sym]) -> f32 {
    distance_within(a, b, f32::INFINITY)
}

/// `distance`, or infinity as soon as the distance is known to exceed it
/// (most pairs of unrelated words stop after a few rows).
pub fn distance_within(a: &[Sym], b: &[Sym], max: f32) -> f32 {
    // Names are short: rows live on the stack unless a token is unusually long (small
    // sizes first: the rows are zeroed on every call).
    fn on_stack<const N: usize>(a: &[Sym], b: &[Sym], max: f32) -> f32 {
        let mut rows = [[0f32; N]; 3];
        let [r0, r1, r2] = &mut rows;
        let m = b.len() + 1;
        distance_rows(a, b, &mut r0[..m], &mut r1[..m], &mut r2[..m], max)
    }
    match b.len() {
        n if n < 16 => on_stack::<16>(a, b, max),
        n if n < 48 => on_stack::<48>(a, b, max),
        n => {
            let (mut r0, mut r1, mut r2) = (vec![0f32; n + 1], vec![0f32; n + 1], vec![0f32; n + 1]);
            distance_rows(a, b, &mut r0, &mut r1, &mut r2, max)
        }
    }
}

/// `f32::min` without NaN handling (costs are never NaN): one instruction in the inner loop.
#[inline(always)]
fn min2(x: f32, y: f32) -> f32 {
    if y < x { y } else { x }
}

fn distance_rows<'r>(a: &[Sym], b: &[Sym], mut prev2: &'r mut [f32], mut prev: &'r mut [f32], mut cur: &'r mut [f32], max: f32) -> f32 {
    let c = &*COSTS;
    let indel = &c.indel;
    let m = b.len();
    assert!(prev2.len() > m && prev.len() > m && cur.len() > m, "rows of b.len() + 1 cells");
    let mut prev_min = 0.0f32;
    prev[0] = 0.0;
    for j in 0..m {
        prev[j + 1] = prev[j] + indel[b[j] as usize];
    }
    let mut a_prev: Option<Sym> = None;
    for &ai in a {
        let sub_row = &c.sub[ai as usize];
        let del_a = indel[ai as usize];
        let a_first = c.digraph_first[ai as usize];
        // Only an h after a letter can close a digraph of b read as two letters of a.
        let a_closes_digraph = ai == Sym::H && a_prev.is_some();
        cur[0] = prev[0] + del_a;
        let mut cur_min = cur[0];
        // The cells left of and diagonally above the current one, and b's previous symbol.
        let (mut left, mut diag, mut b_prev) = (cur[0], prev[0], None);
        for j in 0..m {
            let bj = b[j];
            let up = prev[j + 1];
            let mut best = min2(min2(diag + sub_row[bj as usize], up + del_a), left + indel[bj as usize]);
            if let Some(bp) = b_prev {
                // Adjacent transposition.
                if ai == bp && a_prev == Some(bj) && ai != bj {
                    best = min2(best, prev2[j - 1] + TRANSPOSE_COST);
                }
                // A digraph of a against the two letters bp, bj of b (sh ↔ s+h).
                if bj == Sym::H && a_first == Some(bp) {
                    best = min2(best, prev[j - 1] + DIGRAPH_SPLIT_COST);
                }
            }
            // A digraph of b against the two letters of a.
            if a_closes_digraph && c.digraph_first[bj as usize] == a_prev {
                best = min2(best, prev2[j] + DIGRAPH_SPLIT_COST);
            }
            cur[j + 1] = best;
            cur_min = min2(cur_min, best);
            (left, diag, b_prev) = (best, up, Some(bj));
        }
        // Every path to the end crosses row i or jumps from row i-1 over it (transpositions
        // and digraphs reach back two rows): past `max` in both, it can only grow.
        if cur_min > max && prev_min > max {
            return f32::INFINITY;
        }
        prev_min = cur_min;
        a_prev = Some(ai);
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

/// Similarity in [0, 1] of two symbol sequences: 1 - distance / the larger weight.
pub fn sym_similarity(a: &[Sym], b: &[Sym]) -> f32 {
    sym_similarity_at_least(a, weight(a), b, weight(b), 0.0)
}

/// `sym_similarity` of sequences whose weights are known, exact when it is at least `min`;
/// below `min` the value returned is some similarity below `min` (the computation stops
/// early).
pub fn sym_similarity_at_least(a: &[Sym], wa: f32, b: &[Sym], wb: f32, min: f32) -> f32 {
    if a == b {
        return 1.0;
    }
    let norm = wa.max(wb);
    if norm <= 0.0 {
        return 0.0;
    }
    // (With a rounding allowance: (1 - 0.6) * 2.5 is just under 1.0 in f32, and a distance of
    // exactly 1.0, similarity 0.6, must not stop early.)
    let max = if min > 0.0 { (1.0 - min) * norm + FLOOR_SLACK } else { f32::INFINITY };
    (1.0 - distance_within(a, b, max) / norm).clamp(0.0, 1.0)
}

/// Rounding allowance of the distance a similarity floor affords.
const FLOOR_SLACK: f32 = 1e-4;

/// An upper bound of the similarity of two symbol sequences without their edit distance,
/// each given with its `weight` and its symbol set (`Profile::mask`, as a token keeps them):
/// from their weights and lengths, then from the sets of their symbols, then from how often
/// each occurs, each step only when the cheaper ones left it at `floor` or above. (Below
/// `floor` it is some value below `floor`: the bounds stop adding once they know.)
pub fn similarity_upper_bound(a: &[Sym], a_weight: f32, a_mask: u64, b: &[Sym], b_weight: f32, b_mask: u64, floor: f32) -> f32 {
    let norm = a_weight.max(b_weight);
    if norm <= 0.0 {
        return 1.0;
    }
    // (With the same rounding allowance as the other bounds: it adds the costs in another
    // order than the edit distance does.)
    let by_weight = 1.0 - (distance_lower_bound(a_weight, a.len(), b_weight, b.len()) - BOUND_SLACK).max(0.0) / norm;
    if by_weight < floor {
        return by_weight;
    }
    let budget = (1.0 - floor) * norm;
    let by_sets = by_weight.min(similarity_bound_by_symbols(a_mask, b_mask, norm, budget));
    if by_sets < floor {
        return by_sets;
    }
    by_sets.min(similarity_bound_by_counts(a, b, norm, budget))
}

/// Rounding allowance of the lower bounds against the edit distance they bound: they add
/// the same costs as the edit distance, in another order.
const BOUND_SLACK: f32 = 1e-4;

/// An upper bound of the similarity of two symbol sequences from the sets of symbols they
/// hold (`symbol_lower_bound`, both ways), `norm` being the larger weight; the second
/// way only when the first stays within a distance of `budget`.
pub fn similarity_bound_by_symbols(a_mask: u64, b_mask: u64, norm: f32, budget: f32) -> f32 {
    let budget = budget + BOUND_SLACK;
    let mut lower = symbol_lower_bound(a_mask, b_mask, budget);
    if lower <= budget {
        lower = lower.max(symbol_lower_bound(b_mask, a_mask, budget));
    }
    let lower = lower - BOUND_SLACK;
    if norm <= 0.0 { 1.0 } else { 1.0 - lower / norm }
}

/// The same from how often each symbol occurs (`count_lower_bound`).
pub fn similarity_bound_by_counts(a: &[Sym], b: &[Sym], norm: f32, budget: f32) -> f32 {
    let lower = count_lower_bound(a, b, budget + BOUND_SLACK) - BOUND_SLACK;
    if norm <= 0.0 { 1.0 } else { 1.0 - lower / norm }
}

/// Similarity of two spellings by their letters alone: one minus the optimal string
/// alignment distance (edits and adjacent transpositions) over the longer length.
pub fn letter_similarity(a: &str, b: &str) -> f32 {
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 1.0;
    }
    1.0 - strsim::osa_distance(a, b) as f32 / longest as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phonetic::{latin_symbols, Syms};

    fn sim(a: &str, b: &str) -> f32 {
        sym_similarity(&latin_symbols(a), &latin_symbols(b))
    }

    #[test]
    fn romanization_drift_is_cheap() {
        for (a, b) in [("taeb", "tayeb"), ("qaani", "ghaani"), ("qods", "quds"), ("hezbollah", "hizballah"),
            ("hezbollah", "hezbolalh"), ("kataib", "kataeb"), ("shaabi", "shabi"), ("hussein", "hossein"),
            ("ismail", "esmail"), ("qassem", "qasem"), ("soleimani", "sulaimani")] {
            assert!(sim(a, b) >= 0.8, "{a} {b} {}", sim(a, b));
        }
    }

    #[test]
    fn different_names_are_far() {
        for (a, b) in [("hossein", "salami"), ("qassem", "qais"), ("olaf", "octavian")] {
            assert!(sim(a, b) < 0.6, "{a} {b} {}", sim(a, b));
        }
    }

    #[test]
    fn distance_is_symmetric_and_zero_on_identity() {
        let words = ["ishaq", "ishaaq", "adham", "adam", "x", "", "kh", "sh"];
        for a in words {
            for b in words {
                let (sa, sb) = (latin_symbols(a), latin_symbols(b));
                assert!((distance(&sa, &sb) - distance(&sb, &sa)).abs() < 1e-6, "{a} {b}");
            }
            assert_eq!(distance(&latin_symbols(a), &latin_symbols(a)), 0.0);
        }
    }

    #[test]
    fn lower_bound_holds() {
        let words = ["fatimah", "fatima", "ishaq", "ishaaq", "vahid", "wahid", "taeb", "tt", "a", "", "shahh",
            "ahmed", "smirnov", "hezbollah", "hezbolalh", "adham", "sharif", "sahrif", "kh", "kahlid", "khalid",
            "zhukov", "thabet", "tabeth", "chamran", "qasem", "ghasem"];
        let arabic = ["حسين", "طائب", "قاآني", "شعبي", "خالد", "ذو", "الله", "ؤ"];
        let symbols: Vec<(String, Syms)> = words.iter().map(|w| (w.to_string(), latin_symbols(w)))
            .chain(arabic.iter().map(|w| (w.to_string(), crate::translit::arabic::symbols(w))))
            .collect();
        for (a, sa) in &symbols {
            for (b, sb) in &symbols {
                let bound = distance_lower_bound(weight(sa), sa.len(), weight(sb), sb.len());
                assert!(bound <= distance(sa, sb) + 1e-5, "{a} {b}");
                let bound = symbol_lower_bound(profile(sa).mask, profile(sb).mask, f32::INFINITY);
                assert!(bound <= distance(sa, sb) + 1e-5, "{a} {b}: {bound} > {}", distance(sa, sb));
                let bound = count_lower_bound(sa, sb, f32::INFINITY);
                assert!(bound <= distance(sa, sb) + 1e-5, "{a} {b}: {bound} > {}", distance(sa, sb));
            }
        }
    }

}

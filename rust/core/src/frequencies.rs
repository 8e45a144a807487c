//! How common each word of an index is: the rarity that weighs words in a search.

use rustc_hash::FxHashMap;

use crate::features::{hash_feature, TAG_KEY};
use crate::key::{other_skeleton, skeleton};
use crate::name::Prepared;
use crate::phonetic::latin_symbols;
use crate::token::{Token, TokenKind};

/// How many entities of an index hold each word, an entity's aliases counting once: a word
/// most entities share says little about who is meant, and twenty aliases of one man do not
/// make his name common. Words are counted by skeleton key, so that the spellings of one name
/// count together (Mohammad, Muhammad, a query's محمد). The weight of a word of an indexed
/// name and of a query is its usual weight times its rarity (`Frequencies::rarity`).
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Frequencies {
    counts: FxHashMap<u64, u32>,
    /// How many entities were counted (the shares are of them).
    entities: usize,
}

/// A word held by this share of the entities or fewer has its full weight.
pub const RARE_SHARE: f32 = 1e-3;
/// The fewest entities a share is taken of (`1 / RARE_SHARE`).
const RARE_NAMES: usize = 1000;
/// The least rarity of a word, however common: a name that shares only common words with
/// the query still ranks by how well they agree.
pub const MIN_RARITY: f32 = 0.25;

impl Frequencies {
    /// Counts the words of `prepared`, the names of the entities `entities` (one per name).
    pub(crate) fn count(prepared: &[Prepared], entities: &[String]) -> Self {
        let mut numbers: FxHashMap<&str, u32> = FxHashMap::default();
        let mut counted: rustc_hash::FxHashSet<(u64, u32)> = rustc_hash::FxHashSet::default();
        let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
        for (p, entity) in prepared.iter().zip(entities) {
            let next = numbers.len() as u32;
            let entity = *numbers.entry(entity.as_str()).or_insert(next);
            for t in p.tokens.iter().filter(|t| weighs_by_rarity(t)) {
                let h = hash_feature(TAG_KEY, &t.key());
                if counted.insert((h, entity)) {
                    *counts.entry(h).or_default() += 1;
                }
            }
        }
        Frequencies { counts, entities: numbers.len() }
    }

    /// The rarity in [`MIN_RARITY`, 1] of a word: the log of the inverse of the share of
    /// entities holding it, over that of `RARE_SHARE` (a word of one entity is rare in any
    /// index), and no more than its rarity among people at large (`prior::population_share`,
    /// over `RARE_SHARE`): a word common among people is weak evidence whatever the list
    /// holds. A word neither holds is rare.
    pub fn rarity(&self, token: &Token) -> f32 {
        let rarity_at = |share: f32, rare: f32| (share.recip().ln() / rare.recip().ln()).clamp(MIN_RARITY, 1.0);
        let count = self.counts.get(&hash_feature(TAG_KEY, &token.key())).copied().unwrap_or(0);
        // A word of Arabic letters that Persian reads apart is as common as its commoner reading.
        let count = other_skeleton(&token.syms).map_or(count, |k| count.max(self.counts.get(&hash_feature(TAG_KEY, &k)).copied().unwrap_or(0)));
        // A syllable is as common as its most common spelling (김 as Kim, not as Gim).
        let count = token.readings.iter().flatten().fold(count, |c, r| {
            c.max(self.counts.get(&hash_feature(TAG_KEY, &skeleton(&latin_symbols(r)))).copied().unwrap_or(0))
        });
        // (Fewer entities than 1 / RARE_SHARE tell little of how common a word is: the share
        // is taken of at least that many, as if the rest held none of it.)
        let listed = if count == 0 { 1.0 } else { rarity_at(count as f32 / self.entities.max(RARE_NAMES) as f32, RARE_SHARE) };
        let people = token.readings.iter().flatten().fold(crate::prior::population_share(&token.latin), |p, r| {
            p.max(crate::prior::population_share(r))
        });
        if people > 0.0 {
            listed.min(rarity_at(people, RARE_SHARE))
        } else {
            listed
        }
    }

    /// Weighs the words of a prepared name by their rarity; an initial weighs as a common
    /// word (a letter starts many names).
    pub(crate) fn weigh(&self, name: &mut Prepared) {
        for t in name.tokens.iter_mut() {
            if weighs_by_rarity(t) {
                t.weight *= self.rarity(t);
            } else if t.kind == TokenKind::Initial {
                t.weight *= MIN_RARITY;
            }
        }
    }
}

/// Whether a token's weight follows its frequency: the words of a name (titles, particles and
/// organization words have weights of their own).
fn weighs_by_rarity(t: &Token) -> bool {
    t.kind == TokenKind::Word && !t.syms.is_empty()
}


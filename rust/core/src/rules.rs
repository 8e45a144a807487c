//! The rules a scorer follows beyond the alignment itself: those of `similarity` and dedup
//! (`Rules::PAIR`) and those of a search in each `Mode`, screening or mention. Their values
//! are the defaults that `polyname.SearchSettings` reads and tunes.

use crate::token_similarity::INITIAL_SIMILARITY;

/// What a search is for, which decides what a word of the query that the indexed name lacks
/// costs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Mode {
    /// A person's or an organization's full name screened against a list: a word of the
    /// query that the listed name lacks costs `SCREENING_EXTRA_FACTOR` times what it
    /// costs in a pair of names, so that "Daniel Medina" does not meet the listed "DANIEL";
    /// a word of the listed name missing from the query, `SCREENING_NAME_EXTRA_FACTOR`
    /// times.
    #[default]
    Screening,
    /// A mention in text, often a part of the name ("Nasrallah", "Taeb"): a word of the
    /// mention that the name lacks costs as in `similarity`; a word of the name that the
    /// mention leaves out, `MENTION_NAME_EXTRA_FACTOR` times that, whether common or rare
    /// (`Rules::extra_ignores_rarity`).
    Mention,
}

/// In screening mode, the factor on what a word of the query found on its side only costs.
pub const SCREENING_EXTRA_FACTOR: f32 = 2.0;
/// In screening mode, the same for a word of the listed name: a listed name is the whole
/// name of someone, and a query that leaves one of its words out (a middle name, one of two
/// family names) agrees with it only in part, as one that adds a word does. At these
/// factors, in a list of thousands of names, a name of three words still meets the same name
/// without one of them ("John Michael Smith" / "John Smith"), a name of two words never
/// meets one of them; a common word (weighed by its frequency) costs little either way.
pub const SCREENING_NAME_EXTRA_FACTOR: f32 = 2.0;
/// In mention mode, the factor on what a word of the indexed name that the mention leaves out
/// costs: a text names a man by his family name more often than it misspells another name,
/// so that the family name found as written ("Nasrallah" / "Hasan Nasrallah") ranks above a
/// one-word name near it in its letters ("Ansarallah").
pub const MENTION_NAME_EXTRA_FACTOR: f32 = 0.5;

impl Mode {
    /// The rules of a search in this mode, the query on the left.
    pub fn rules(self) -> Rules {
        Rules {
            extra_factor: [self.query_extra_factor(), self.name_extra_factor()],
            extra_ignores_rarity: [false, self == Mode::Mention],
            strict_latin: true,
            initial_similarity: SEARCH_INITIAL_SIMILARITY,
            // (The query's words: one common word is no query to alert on.)
            min_evidence: [self.min_evidence(), 0.0],
            weak_alias_factor: self.weak_alias_factor(),
        }
    }

    /// The agreement a match resting on one query word must reach (`Rules::min_evidence`).
    fn min_evidence(self) -> f32 {
        match self {
            Mode::Screening => SEARCH_MIN_EVIDENCE,
            Mode::Mention => MENTION_MIN_EVIDENCE,
        }
    }

    /// The factor on the score of a weak alias short of a word-for-word agreement: in a
    /// mention, a broad alias ("Abu Ahmad") is what the text says.
    fn weak_alias_factor(self) -> f32 {
        match self {
            Mode::Screening => WEAK_ALIAS_FACTOR,
            Mode::Mention => 1.0,
        }
    }

    /// The factor on the cost of an unmatched word of the query.
    fn query_extra_factor(self) -> f32 {
        match self {
            Mode::Screening => SCREENING_EXTRA_FACTOR,
            Mode::Mention => 1.0,
        }
    }

    /// The factor on the cost of an unmatched word of the indexed name.
    fn name_extra_factor(self) -> f32 {
        match self {
            Mode::Screening => SCREENING_NAME_EXTRA_FACTOR,
            Mode::Mention => MENTION_NAME_EXTRA_FACTOR,
        }
    }
}

/// What a scorer asks of a pair beyond the alignment itself: a search over a list is stricter
/// than `similarity` of two names (see `Mode`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rules {
    /// How many times its usual cost a word of the left (`[0]`) or the right (`[1]`) name
    /// found on its side only costs.
    pub extra_factor: [f32; 2],
    /// For the left (`[0]`) and the right (`[1]`) name, whether a word found on its side only
    /// costs by the weight of its kind (`token::kind_weight`) rather than by its weight in
    /// an index (its rarity): a mention leaves a given name out whether it is common or rare,
    /// so that what the mention says, not what it leaves out, ranks the names it may mean.
    pub extra_ignores_rarity: [bool; 2],
    /// Two names written in Latin letters are held to their spellings: a loose pair of words
    /// counts only a part of its similarity (`LOOSE_LATIN_SIMILARITY`) and a word read as two
    /// written apart must be read clearly (`CLEAR_JOIN_SIMILARITY`). A search decides who an
    /// alert goes to, where a false one costs a review; dedup and `similarity`, which many
    /// spellings of one entity must pass, do not ask it.
    pub strict_latin: bool,
    /// Similarity of an initial and a word it starts (`INITIAL_SIMILARITY`,
    /// `SEARCH_INITIAL_SIMILARITY`).
    pub initial_similarity: f32,
    /// For the left (`[0]`) and the right (`[1]`) name, the agreement (the weight of its
    /// paired words) below which the score of a match resting on one of its words is scaled
    /// down by the square of its share of it (`SEARCH_MIN_EVIDENCE`; 0 for none).
    pub min_evidence: [f32; 2],
    /// The factor on the score of a weak alias of an index (`index::NameIndex::with_weak_aliases`)
    /// that the query does not agree with word for word (`WEAK_ALIAS_FACTOR`; 1 for none).
    pub weak_alias_factor: f32,
}

impl Default for Rules {
    /// The rules of a search in the default mode.
    fn default() -> Self {
        Mode::default().rules()
    }
}

impl Rules {
    /// The rules of `similarity` and dedup.
    pub const PAIR: Rules =
        Rules {
            extra_factor: [1.0, 1.0],
            extra_ignores_rarity: [false; 2],
            strict_latin: false,
            initial_similarity: INITIAL_SIMILARITY,
            min_evidence: [0.0; 2],
            weak_alias_factor: 1.0,
        };

    /// The same rules with the two names' places exchanged.
    pub fn swapped(self) -> Rules {
        let [a, b] = self.extra_factor;
        let [x, y] = self.min_evidence;
        let [p, q] = self.extra_ignores_rarity;
        Rules { extra_factor: [b, a], min_evidence: [y, x], extra_ignores_rarity: [q, p], ..self }
    }

    /// The score of an alias that scored `score`, weak or not (`weak_alias_factor`).
    pub fn alias_score(self, score: f32, weak: bool) -> f32 {
        if weak && score < WEAK_ALIAS_EXACT {
            score * self.weak_alias_factor
        } else {
            score
        }
    }
}

/// The similarity of an initial and a word it starts in a search (`token_similarity::INITIAL_SIMILARITY`
/// in a pair of names): an initial stands for any of the many words it starts, and
/// in a list of tens of thousands of names one that agrees with a query's word by its initial
/// only is seldom the person; it counts as a fair spelling, not a near one ("A. Kabir" is not
/// "Amara Kapur").
pub const SEARCH_INITIAL_SIMILARITY: f32 = 0.75;
/// In a search, where a word weighs as rare as it is (`index::Frequencies`), the agreement
/// that a match resting on one word must reach for its full score: a fairly rare word (a
/// distinctive family name whose key it shares with a few others, Soleimani / Suleiman,
/// weighs about this). A common given name alone agrees less (its
/// weight is its rarity) and its score falls as the square of the shortfall.
pub const SEARCH_MIN_EVIDENCE: f32 = 0.75;
/// The same in a mention search, where one word is what a text often says of a person
/// ("Qaani", "Taeb"): a family name whose skeleton key a few dozen listed names share still
/// reaches it; a common given name ("Mohammad", "Ali") does not.
pub const MENTION_MIN_EVIDENCE: f32 = 0.65;

/// In a screening search, the factor on the score of a weak alias (a broad or generic one, as
/// the lists mark them: OFAC's "weak a.k.a.", the UN's "low quality a.k.a.": "SAM", "CRYSTAL",
/// "DON T") that the query does not agree with word for word (`WEAK_ALIAS_EXACT`): it takes
/// any other agreement below the threshold. A list screened name by name alerts on such an
/// alias only when it is the name; OFAC does not require weak aliases to be screened at all.
pub const WEAK_ALIAS_FACTOR: f32 = 0.75;
/// The score at which a query agrees with an alias word for word (every word paired with the
/// same spelling; a syllable's spelling in another system, 0.98, counts).
pub const WEAK_ALIAS_EXACT: f32 = 0.975;

//! The explanation model: how two names were aligned and why, and its text.
//!
//! Scoring (`score.rs`) fills these in only when an explanation is asked for; the Python
//! bindings read the parts, `Display` gives the one-line text of `polyname explain`.

use std::fmt;

use crate::rules::WEAK_ALIAS_FACTOR;
use crate::score::LINEAGE_FACTOR;
use crate::lexicon::concept_name;
use crate::token::{Particle, Token, TokenKind};

/// Why two tokens were paired, or why a token stayed alone.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reason {
    /// Same spelling after normalization.
    Exact,
    /// Different spellings that the romanization-tolerant key brings together.
    Spelling,
    /// Translations of one organization word (kata'ib ≈ brigades).
    Translation(u16),
    /// An acronym and the words it abbreviates.
    Acronym,
    /// An initial and the name it stands for.
    Initial,
    /// Present in one name only.
    Extra,
    /// Present in both names but different.
    Mismatch,
    /// The first name of the longer name, missing from a shorter name that starts at its
    /// second: in an Arabic name chain that is another generation.
    Lineage,
    /// The indexed name is a weak alias that the query does not agree with word for word
    /// (`rules::WEAK_ALIAS_FACTOR`): the part names it, on the right.
    WeakAlias,
}

/// One part of an alignment.
#[derive(Clone, Debug)]
pub struct Part {
    pub left: Vec<String>,
    pub right: Vec<String>,
    pub similarity: f32,
    pub weight: f32,
    pub reason: Reason,
    pub kind: TokenKind,
}

/// The alignment of two names and its score.
#[derive(Clone, Debug)]
pub struct Explanation {
    pub score: f32,
    pub parts: Vec<Part>,
}

fn kind_label(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Particle(Particle::Article) => "particle",
        TokenKind::Particle(Particle::Patronym) => "patronym particle",
        TokenKind::Particle(Particle::Kunya) => "kunya particle",
        TokenKind::Particle(Particle::Ezafe) => "ezafe",
        TokenKind::Particle(Particle::Stop) => "stop word",
        TokenKind::Title => "title",
        TokenKind::LegalForm => "legal form",
        TokenKind::OrgWord { generic: true } => "generic designator",
        _ => "",
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = self.left.join(" ");
        let r = self.right.join(" ");
        match self.reason {
            Reason::Exact => write!(f, "{l}={r} exact"),
            Reason::Spelling => write!(f, "{l}≈{r} key match {:.2}", self.similarity),
            Reason::Translation(c) => write!(f, "{l}≈{r} translation ({}) {:.2}", concept_name(c), self.similarity),
            Reason::Acronym => write!(f, "{l}≈{r} acronym {:.2}", self.similarity),
            Reason::Initial => write!(f, "{l}≈{r} initial {:.2}", self.similarity),
            Reason::Mismatch => write!(f, "{l}≠{r} mismatch {:.2}", self.similarity),
            Reason::Lineage => {
                let side = if l.is_empty() { format!("{r} (right only)") } else { format!("{l} (left only)") };
                write!(f, "{side} leads the longer name: the shorter one may be a parent's (×{LINEAGE_FACTOR})")
            }
            Reason::WeakAlias => write!(f, "{r} is a weak alias, not the name word for word (×{WEAK_ALIAS_FACTOR})"),
            Reason::Extra => {
                let side = if l.is_empty() { format!("{r} (right only)") } else { format!("{l} (left only)") };
                match kind_label(self.kind) {
                    "" => write!(f, "{side} unmatched"),
                    label => write!(f, "{side} {label}"),
                }
            }
        }
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.3}: ", self.score)?;
        for (i, p) in self.parts.iter().enumerate() {
            if i > 0 {
                write!(f, "; ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl Part {
    /// A part pairing one token with one token.
    pub(crate) fn one_to_one(x: &Token, y: &Token, similarity: f32, weight: f32, reason: Reason) -> Part {
        Part { left: vec![x.text.to_string()], right: vec![y.text.to_string()], similarity, weight, reason, kind: x.kind }
    }
}

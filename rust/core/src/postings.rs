//! The inverted index of a `NameIndex`: the names holding each feature, every list in one
//! array. (One allocation for millions of lists: an index of a million names holds some
//! twenty million entries, and is read back from a file in one pass.)

use rustc_hash::FxHashMap;

/// The names holding each feature (`features::hash_feature`), in ascending order, a name
/// once for each time it holds the feature.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct Postings {
    /// Feature → (where its list starts in `names`, its length).
    lists: FxHashMap<u64, (u64, u32)>,
    names: Vec<u32>,
}

impl Postings {
    /// The postings of names whose features are `features[i]` for name `i`.
    pub(crate) fn of<T>(features: &[Vec<(u64, T)>]) -> Postings {
        let mut lists: FxHashMap<u64, (u64, u32)> = FxHashMap::default();
        for &(h, _) in features.iter().flatten() {
            lists.entry(h).or_default().1 += 1;
        }
        let mut at = 0u64;
        for (start, len) in lists.values_mut() {
            (*start, at) = (at, at + u64::from(*len));
            *len = 0;
        }
        let mut names = vec![0u32; at as usize];
        for (i, fs) in features.iter().enumerate() {
            for (h, _) in fs {
                let (start, len) = lists.get_mut(h).expect("counted above");
                names[(*start + u64::from(*len)) as usize] = i as u32;
                *len += 1;
            }
        }
        Postings { lists, names }
    }

    /// The names holding `feature`, if any does.
    pub(crate) fn get(&self, feature: u64) -> Option<&[u32]> {
        self.lists.get(&feature).map(|&(start, len)| &self.names[start as usize..start as usize + len as usize])
    }

    /// Whether every list lies inside the array and names one of `n` names (a postings read
    /// back from a file).
    pub(crate) fn is_within(&self, n: usize) -> bool {
        let total = self.names.len() as u64;
        self.lists.values().all(|&(start, len)| start.checked_add(u64::from(len)).is_some_and(|end| end <= total))
            && self.names.iter().all(|&i| (i as usize) < n)
    }
}

//! A saved index: `NameIndex::to_bytes` and `NameIndex::from_bytes`, so that a large index is
//! built once and read back in one pass (by the registry, by the workers of an engine).
//!
//! The bytes are a header and a payload:
//!
//! | bytes | what |
//! |---|---|
//! | 16 | `MAGIC` |
//! | 4 | `FORMAT` (little-endian) |
//! | 8 | `BUILD`: the digest of the core's sources and tables that wrote the index |
//! | 8 | the payload's length |
//! | 4 | the payload's CRC-32 |
//! | … | the payload: the index's structures, written by bitcode |
//!
//! An index holds what the core derived from its names (tokens, readings, weights, glossary
//! concepts), so it is read back only by the build that wrote it: another build's file is
//! refused (`Error::IndexFile`) and the caller builds the index again from the names. A
//! truncated or damaged file is refused before any of it is decoded; a decoded index is
//! checked for the consistency of its parts before it is used.

use crate::error::{Error, Result};
use crate::index::NameIndex;

/// The first bytes of every saved index.
pub const MAGIC: &[u8; 16] = b"polyname-index\0\0";
/// The layout of the header; bumped when it changes.
pub const FORMAT: u32 = 1;
/// The digest of the sources and tables this core was built from (`build.rs`): an index is
/// what they make of its names.
pub const BUILD: u64 = match u64::from_str_radix(env!("POLYNAME_CORE_DIGEST"), 16) {
    Ok(d) => d,
    Err(_) => panic!("POLYNAME_CORE_DIGEST is not a hexadecimal u64"),
};
const HEADER: usize = 16 + 4 + 8 + 8 + 4;

fn refused(why: impl std::fmt::Display) -> Error {
    Error::IndexFile(format!("not a saved index this polyname can read: {why}"))
}

impl NameIndex {
    /// The index as bytes, for `from_bytes` of the same build.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.write_to(&mut out).map_err(|e| Error::IndexFile(format!("the index could not be written: {e}")))?;
        Ok(out)
    }

    /// Writes the bytes of `to_bytes` to `out`.
    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let payload = bitcode::serialize(self).map_err(std::io::Error::other)?;
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        out.write_all(&BUILD.to_le_bytes())?;
        out.write_all(&(payload.len() as u64).to_le_bytes())?;
        out.write_all(&crc32fast::hash(&payload).to_le_bytes())?;
        out.write_all(&payload)
    }

    /// An index saved by `to_bytes`. Bytes that are no saved index, one saved by another
    /// build of polyname, or a truncated or damaged one are refused with `Error::IndexFile`.
    pub fn from_bytes(bytes: &[u8]) -> Result<NameIndex> {
        if bytes.len() < HEADER || &bytes[..16] != MAGIC {
            return Err(refused("it does not begin as one does"));
        }
        let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().expect("8 bytes"));
        let format = u32::from_le_bytes(bytes[16..20].try_into().expect("4 bytes"));
        if format != FORMAT {
            return Err(refused(format!("its header is of format {format}, this polyname writes {FORMAT}")));
        }
        let build = word(20);
        if build != BUILD {
            return Err(refused(format!("it was written by another build of polyname ({build:016x}; this one is {BUILD:016x}): build the index again from its names")));
        }
        let length = word(28);
        let payload = &bytes[HEADER..];
        if payload.len() as u64 != length {
            return Err(refused(format!("it holds {} bytes of index where its header says {length}: truncated or appended to", payload.len())));
        }
        let crc = u32::from_le_bytes(bytes[36..40].try_into().expect("4 bytes"));
        if crc32fast::hash(payload) != crc {
            return Err(refused("its checksum does not match: the file is damaged"));
        }
        let index: NameIndex = bitcode::deserialize(payload).map_err(|e| refused(format!("it could not be decoded ({e})")))?;
        index.check_parts().map_err(refused)?;
        Ok(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> NameIndex {
        let names = ["Hossein Taeb", "حسين طائب", "Kata'ib Hezbollah", "Popular Mobilization Units", "张伟"];
        let ids = (0..names.len()).map(|i| format!("E{i}")).collect();
        NameIndex::new(ids, names.iter().map(|s| s.to_string()).collect(), 1).unwrap().with_weak_aliases(vec![false, false, true, false, false]).unwrap()
    }

    #[test]
    fn an_index_read_back_searches_as_the_one_saved() {
        let a = index();
        let b = NameIndex::from_bytes(&a.to_bytes().unwrap()).unwrap();
        assert_eq!(b.len(), a.len());
        let queries: Vec<String> = ["Husain al-Tayeb", "Hezbollah Brigades", "PMU", "Zhang Wei"].iter().map(|s| s.to_string()).collect();
        let (x, y) = (a.search_many(&queries, 5, 0.0, false, 1).unwrap(), b.search_many(&queries, 5, 0.0, false, 1).unwrap());
        for (x, y) in x.iter().zip(&y) {
            let (x, y): (Vec<_>, Vec<_>) = (x.iter().map(|h| (h.index, h.score.to_bits())).collect(), y.iter().map(|h| (h.index, h.score.to_bits())).collect());
            assert_eq!(x, y);
        }
        // (The same names make the same bytes: a saved index can be compared by its digest.)
        assert_eq!(index().to_bytes().unwrap(), a.to_bytes().unwrap());
    }

    #[test]
    fn bytes_that_are_no_saved_index_of_this_build_are_refused() {
        let bytes = index().to_bytes().unwrap();
        let refused = |b: &[u8]| matches!(NameIndex::from_bytes(b), Err(Error::IndexFile(_)));
        assert!(refused(b""));
        assert!(refused(b"SQLite format 3\0 and more bytes than a header holds"));
        for cut in [1, HEADER, bytes.len() / 2, bytes.len() - 1] {
            assert!(refused(&bytes[..cut]), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(refused(&longer));
        let mut other_build = bytes.clone();
        other_build[20] ^= 1;
        assert!(refused(&other_build));
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        assert!(refused(&flipped));
    }
}

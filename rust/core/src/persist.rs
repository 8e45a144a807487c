//! A saved index: `NameIndex::to_bytes` and `NameIndex::from_bytes`, so that a large index is
//! built once and read back in one pass (by the registry, by the workers of an engine).
//!
//! The bytes are a header and a payload:
//!
//! | bytes | what |
//! |---|---|
//! | 16 | `MAGIC` |
//! | 4 | `FORMAT` (little-endian, as every number here) |
//! | 8 | `BUILD`: the digest of the core's sources and tables that wrote the index |
//! | 4 + n | the label: its length, and its UTF-8 (what the caller says the index was built from) |
//! | 8 | the payload's length |
//! | 4 | the payload's CRC-32 |
//! | … | the payload: the index's structures, written by bitcode |
//!
//! An index holds what the core derived from its names (tokens, readings, weights, glossary
//! concepts), so it is read back only by the build that wrote it: another build's file is
//! refused (`Error::IndexFile`) and the caller builds the index again from the names. A
//! truncated or damaged file is refused before any of it is decoded; a decoded index is
//! checked for the consistency of its parts before it is used. The label lets a caller
//! (the registry) tell an index of its names as they are from one of older names, reading
//! the header only (`label_of`).

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
/// The longest label, in bytes.
pub const MAX_LABEL: usize = 4096;

fn refused(why: impl std::fmt::Display) -> Error {
    Error::IndexFile(format!("not a saved index this polyname can read: {why}"))
}

/// Reads the numbers and fields of a header in order, refusing bytes that end too soon.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or_else(|| refused("it ends inside its header"))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }

    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8 bytes")))
    }
}

/// The header of saved bytes, checked up to the payload: (label, payload length, CRC-32,
/// where the payload starts).
fn header(bytes: &[u8]) -> Result<(&str, u64, u32, usize)> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(16).ok() != Some(&MAGIC[..]) {
        return Err(refused("it does not begin as one does"));
    }
    let format = r.u32()?;
    if format != FORMAT {
        return Err(refused(format!("its header is of format {format}, this polyname writes {FORMAT}")));
    }
    let build = r.u64()?;
    if build != BUILD {
        return Err(refused(format!(
            "it was written by another build of polyname ({build:016x}; this one is {BUILD:016x}): build the index again from its names"
        )));
    }
    let length = r.u32()? as usize;
    if length > MAX_LABEL {
        return Err(refused(format!("its label is {length} bytes long, more than {MAX_LABEL}")));
    }
    let label = std::str::from_utf8(r.take(length)?).map_err(|_| refused("its label is not UTF-8"))?;
    let (payload, crc) = (r.u64()?, r.u32()?);
    Ok((label, payload, crc, r.at))
}

impl NameIndex {
    /// The index as bytes, for `from_bytes` of the same build, with `label` in their header.
    pub fn to_bytes(&self, label: &str) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        self.write_to(&mut out, label).map_err(|e| Error::IndexFile(format!("the index could not be written: {e}")))?;
        Ok(out)
    }

    /// Writes the bytes of `to_bytes` to `out`.
    pub fn write_to(&self, out: &mut impl std::io::Write, label: &str) -> std::io::Result<()> {
        if label.len() > MAX_LABEL {
            return Err(std::io::Error::other(format!("a label is at most {MAX_LABEL} bytes long, got {}", label.len())));
        }
        let payload = bitcode::serialize(self).map_err(std::io::Error::other)?;
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        out.write_all(&BUILD.to_le_bytes())?;
        out.write_all(&(label.len() as u32).to_le_bytes())?;
        out.write_all(label.as_bytes())?;
        out.write_all(&(payload.len() as u64).to_le_bytes())?;
        out.write_all(&crc32fast::hash(&payload).to_le_bytes())?;
        out.write_all(&payload)
    }

    /// The label of saved bytes, from their header alone (the payload is not checked).
    pub fn label_of(bytes: &[u8]) -> Result<&str> {
        header(bytes).map(|(label, ..)| label)
    }

    /// An index saved by `to_bytes`, and its label. Bytes that are no saved index, one saved
    /// by another build of polyname, or a truncated or damaged one are refused with
    /// `Error::IndexFile`.
    pub fn from_bytes(bytes: &[u8]) -> Result<(NameIndex, String)> {
        let (label, length, crc, at) = header(bytes)?;
        let payload = &bytes[at..];
        if payload.len() as u64 != length {
            return Err(refused(format!("it holds {} bytes of index where its header says {length}: truncated or appended to", payload.len())));
        }
        if crc32fast::hash(payload) != crc {
            return Err(refused("its checksum does not match: the file is damaged"));
        }
        let index: NameIndex = bitcode::deserialize(payload).map_err(|e| refused(format!("it could not be decoded ({e})")))?;
        index.check_parts().map_err(refused)?;
        Ok((index, label.to_string()))
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
        let (b, label) = NameIndex::from_bytes(&a.to_bytes("names of 2026-12-04").unwrap()).unwrap();
        assert_eq!(label, "names of 2026-12-04");
        assert_eq!(b.len(), a.len());
        let queries: Vec<String> = ["Husain al-Tayeb", "Hezbollah Brigades", "PMU", "Zhang Wei"].iter().map(|s| s.to_string()).collect();
        let (x, y) = (a.search_many(&queries, 5, 0.0, false, 1).unwrap(), b.search_many(&queries, 5, 0.0, false, 1).unwrap());
        for (x, y) in x.iter().zip(&y) {
            let (x, y): (Vec<_>, Vec<_>) = (x.iter().map(|h| (h.index, h.score.to_bits())).collect(), y.iter().map(|h| (h.index, h.score.to_bits())).collect());
            assert_eq!(x, y);
        }
        // (The same names make the same bytes: a saved index can be compared by its digest.)
        assert_eq!(index().to_bytes("").unwrap(), a.to_bytes("").unwrap());
    }

    #[test]
    fn bytes_that_are_no_saved_index_of_this_build_are_refused() {
        let bytes = index().to_bytes("label").unwrap();
        assert_eq!(NameIndex::label_of(&bytes).unwrap(), "label");
        let refused = |b: &[u8]| matches!(NameIndex::from_bytes(b), Err(Error::IndexFile(_)));
        assert!(refused(b""));
        assert!(refused(b"SQLite format 3\0 and more bytes than a header holds"));
        for cut in [1, 20, 30, 40, 50, bytes.len() / 2, bytes.len() - 1] {
            assert!(refused(&bytes[..cut]), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(refused(&longer));
        let mut other_build = bytes.clone();
        other_build[20] ^= 1;
        assert!(refused(&other_build));
        let mut long_label = bytes.clone();
        long_label[28..32].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(refused(&long_label));
        assert!(index().to_bytes(&"x".repeat(MAX_LABEL + 1)).is_err());
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 0x40;
        assert!(refused(&flipped));
    }
}

//! Columns of byte offsets into one text, held in four bytes each when the text allows it.
//!
//! What is kept of a source for the whole check is mostly offsets: where its lines start, where its sentences
//! run, the segments of the map from its normalized text back to the original. At 100 MB of corpus these are
//! tens of millions of bytes, and nearly every text is far below 4 GiB, so an [`Offsets`] stores them as `u32`,
//! half the memory of `usize`. A column holding a larger offset keeps `usize` ones: no text is too large, and the
//! answers are the same either way.

/// A column of byte offsets (any order), `u32` each when they all fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Offsets {
    /// Every offset fits in a `u32`.
    Narrow(Box<[u32]>),
    /// At least one does not.
    Wide(Box<[usize]>),
}

impl Default for Offsets {
    fn default() -> Self {
        Offsets::Narrow(Box::default())
    }
}

impl From<Vec<usize>> for Offsets {
    fn from(offsets: Vec<usize>) -> Self {
        if offsets.iter().all(|&offset| u32::try_from(offset).is_ok()) {
            // Each fits, as just checked: the casts lose nothing.
            Offsets::Narrow(offsets.into_iter().map(|offset| offset as u32).collect())
        } else {
            Offsets::Wide(offsets.into_boxed_slice())
        }
    }
}

impl FromIterator<usize> for Offsets {
    fn from_iter<I: IntoIterator<Item = usize>>(offsets: I) -> Self {
        Offsets::from(offsets.into_iter().collect::<Vec<usize>>())
    }
}

impl Offsets {
    /// How many offsets the column holds.
    pub fn len(&self) -> usize {
        match self {
            Offsets::Narrow(offsets) => offsets.len(),
            Offsets::Wide(offsets) => offsets.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The offset at `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<usize> {
        match self {
            Offsets::Narrow(offsets) => offsets.get(index).map(|&offset| offset as usize),
            Offsets::Wide(offsets) => offsets.get(index).copied(),
        }
    }

    /// The offset at `index`. Panics when `index` is out of bounds, as indexing a slice does: for callers that
    /// index within [`Offsets::len`].
    pub fn at(&self, index: usize) -> usize {
        match self {
            Offsets::Narrow(offsets) => offsets[index] as usize,
            Offsets::Wide(offsets) => offsets[index],
        }
    }

    /// The index of the first offset for which `pred` is false, the column being partitioned by it (all the
    /// trues first), as [`slice::partition_point`].
    pub fn partition_point(&self, mut pred: impl FnMut(usize) -> bool) -> usize {
        match self {
            Offsets::Narrow(offsets) => offsets.partition_point(|&offset| pred(offset as usize)),
            Offsets::Wide(offsets) => offsets.partition_point(|&offset| pred(offset)),
        }
    }

    /// The offsets, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = usize> + ExactSizeIterator + '_ {
        (0..self.len()).map(|index| self.at(index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_offsets_are_narrow_and_large_ones_wide_with_the_same_answers() {
        let small = vec![0, 3, 3, 70_000, u32::MAX as usize];
        let offsets = Offsets::from(small.clone());
        assert!(matches!(offsets, Offsets::Narrow(_)));
        let large: Vec<usize> = small.iter().map(|offset| offset * 2).collect();
        let wide = Offsets::from(large.clone());
        assert!(matches!(wide, Offsets::Wide(_)));
        for (column, values) in [(&offsets, &small), (&wide, &large)] {
            assert_eq!(column.len(), values.len());
            assert_eq!(column.iter().collect::<Vec<_>>(), *values);
            assert_eq!(column.iter().rev().collect::<Vec<_>>(), values.iter().rev().copied().collect::<Vec<_>>());
            assert_eq!(column.iter().len(), values.len());
            for (index, value) in values.iter().enumerate() {
                assert_eq!(column.at(index), *value);
                assert_eq!(column.get(index), Some(*value));
            }
            assert_eq!(column.get(values.len()), None);
            for probe in [0, 1, 3, 4, 70_000, values[values.len() - 1], usize::MAX] {
                assert_eq!(column.partition_point(|o| o < probe), values.partition_point(|&o| o < probe));
            }
        }
        assert!(Offsets::default().is_empty());
        assert_eq!(Offsets::from_iter([5, 1]).iter().collect::<Vec<_>>(), [5, 1]);
    }
}

//! Two-column pages as `pdftotext -layout` prints them: both columns side by side on
//! each line. Read as they stand, a line joins the middle of one column's sentence to
//! the other's; the page is read column by column instead.

/// The smallest share of a page's lines that must hold text on both sides of the
/// gutter for the page to be read as two columns (one in four).
const TWO_SIDED_SHARE: usize = 4;

/// The page's lines, column by column, each with the index of the line it came from;
/// `None` when the page is not set in two columns.
pub(super) fn split(lines: &[&str]) -> Option<(Vec<String>, Vec<usize>)> {
    let rows: Vec<Vec<char>> = lines.iter().map(|l| l.chars().collect()).collect();
    let gutter = gutter(&rows)?;
    let mut left = Vec::with_capacity(rows.len());
    let mut right = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let cut = gutter.min(row.len());
        // The gutter's spaces are no space before a line break.
        let text: String = row[..cut].iter().collect();
        left.push((text.trim_end().to_string(), i));
        right.push((row[cut..].iter().collect::<String>(), i));
    }
    let (text, origin) = left.into_iter().chain(right).unzip();
    Some((text, origin))
}

/// The column where the right-hand column starts: where text resumes after a wide
/// gap on many lines, moved left to the emptiest column before it (the labels of a
/// column's notes stand further right than its text).
fn gutter(rows: &[Vec<char>]) -> Option<usize> {
    let mut starts = std::collections::HashMap::<usize, usize>::new();
    let mut non_blank = 0;
    for row in rows {
        if row.iter().all(|c| c.is_whitespace()) {
            continue;
        }
        non_blank += 1;
        if let Some(at) = resumes_after_gap(row) {
            *starts.entry(at).or_default() += 1;
        }
    }
    let (&mode, _) = starts
        .iter()
        .max_by_key(|&(&at, &n)| (n, usize::MAX - at))?;
    let occupied = |x: usize| {
        rows.iter()
            .filter(|r| r.get(x).is_some_and(|c| !c.is_whitespace()))
            .count()
    };
    let gutter = (mode.saturating_sub(12)..=mode).min_by_key(|&x| (occupied(x), usize::MAX - x))?;
    let two_sided = rows
        .iter()
        .filter(|r| {
            r.iter().take(gutter).any(|c| !c.is_whitespace())
                && r.iter().skip(gutter).any(|c| !c.is_whitespace())
        })
        .count();
    // Many lines must resume after a wide gap near the gutter, not a title alone.
    let resuming: usize = starts
        .iter()
        .filter(|&(&at, _)| (gutter..=gutter + 12).contains(&at))
        .map(|(_, &n)| n)
        .sum();
    let ok = occupied(gutter) * 10 <= non_blank
        && occupied(gutter.saturating_sub(1)) * 10 <= non_blank
        && resuming >= 3
        && resuming * TWO_SIDED_SHARE >= non_blank
        && two_sided * TWO_SIDED_SHARE >= non_blank;
    ok.then_some(gutter)
}

/// Where text starts again after a run of three spaces or more, past the line's first
/// fifth: the start of a right-hand column.
fn resumes_after_gap(row: &[char]) -> Option<usize> {
    let first = row.iter().position(|c| !c.is_whitespace())?;
    let mut spaces = 0;
    for (i, &c) in row.iter().enumerate().skip(first) {
        if c == ' ' {
            spaces += 1;
        } else {
            if spaces >= 3 && i >= 16 {
                return Some(i);
            }
            spaces = 0;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_column_by_column() {
        let lines = [
            "Left column starts here and          Right column starts here",
            "goes on for a while.1                and goes on too.2",
            "                                     more right",
            "  1                                    2",
            "    A, “One,” 2020.                    B, “Two,” 2021.",
        ];
        let (text, origin) = split(&lines).unwrap();
        let text: Vec<&str> = text.iter().map(|l| l.trim()).collect();
        assert_eq!(
            text,
            vec![
                "Left column starts here and",
                "goes on for a while.1",
                "",
                "1",
                "A, “One,” 2020.",
                "Right column starts here",
                "and goes on too.2",
                "more right",
                "2",
                "B, “Two,” 2021."
            ]
        );
        assert_eq!(origin, vec![0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);
    }

    #[test]
    fn one_column_stays() {
        let lines = [
            "A title                                      2024",
            "Body text of one column that runs on and on, line after line.",
            "Body text of one column that runs on and on, line after line.",
            "Body text of one column that runs on and on, line after line.",
            "A table    with   cells      apart",
        ];
        assert!(split(&lines).is_none());
    }
}

//! Lines from glyphs: grouped by baseline, ordered left to right, with the spaces a
//! reader sees, superscripts marked, and each link's text replaced by its target.

use super::glyphs::Glyph;
use super::links::Link;
use crate::text::is_cjk;

/// One line of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Baseline of its main text, in points from the page's top.
    pub y: f64,
    /// Left edge.
    pub x0: f64,
    /// The size most of its characters have.
    pub size: f64,
    /// Its glyphs, left to right.
    pub glyphs: Vec<Glyph>,
    /// For each glyph, the link it lies under.
    pub link: Vec<Option<usize>>,
}

impl Line {
    /// Number of characters, for weighting sizes.
    pub fn chars(&self) -> usize {
        self.glyphs.len()
    }

    /// True when glyph `i` is raised and smaller than the line's text: a note mark.
    pub fn is_superscript(&self, i: usize) -> bool {
        self.glyphs
            .get(i)
            .is_some_and(|g| g.size < self.size * 0.85 && g.y < self.y - self.size * 0.15)
    }

    /// The number the line starts with, the index of the text after it, and how the
    /// number is set: `¹ Text` (raised), `1 Text`, `1. Text` (apart), `1Text` (glued,
    /// as typographic superscript glyphs are, at the text's size and baseline).
    pub fn label(&self) -> Option<(u32, usize, Mark)> {
        let digits = self
            .glyphs
            .iter()
            .take_while(|g| g.text.len() == 1 && g.text.as_bytes()[0].is_ascii_digit())
            .count();
        // A link's text is a URL, never a note number.
        if digits == 0 || digits > 4 || self.link.first().copied().flatten().is_some() {
            return None;
        }
        let number: String = self.glyphs[..digits]
            .iter()
            .map(|g| g.text.as_str())
            .collect();
        let number: u32 = number.parse().ok()?;
        if (0..digits).all(|i| self.is_superscript(i)) {
            return Some((number, digits, Mark::Raised));
        }
        let mut after = digits;
        if self
            .glyphs
            .get(after)
            .is_some_and(|g| g.text == "." || g.text == ")")
        {
            after += 1;
        }
        let next = self.glyphs.get(after)?;
        let gap = next.x - (self.glyphs[after - 1].x + self.glyphs[after - 1].width);
        if next.text.trim().is_empty() || gap > self.size * 0.2 || after > digits {
            return Some((number, after, Mark::Apart));
        }
        // Glued to a word: only a letter or an opening quote may follow, not `2016),`.
        let first = next.text.chars().next()?;
        (first.is_alphabetic() || matches!(first, '“' | '"' | '‘' | '《' | '「')).then_some((
            number,
            after,
            Mark::Glued,
        ))
    }
}

/// How a note number is set at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Smaller and above the baseline.
    Raised,
    /// Followed by a space, a tab, `.` or `)`.
    Apart,
    /// Touching the text that follows.
    Glued,
}

/// Groups a page's glyphs into lines, top to bottom, and notes which link each
/// glyph lies under.
pub fn build(glyphs: Vec<Glyph>, links: &[Link]) -> Vec<Line> {
    let mut runs: Vec<Vec<Glyph>> = Vec::new();
    for g in glyphs {
        if g.text.is_empty() {
            continue;
        }
        let joins = runs.last().and_then(|r| r.last()).is_some_and(|last| {
            let size = last.size.max(g.size);
            (g.y - last.y).abs() < size * 0.5 && g.x > last.x - size * 0.5
        });
        match runs.last_mut() {
            Some(run) if joins => run.push(g),
            _ => runs.push(vec![g]),
        }
    }
    let mut lines: Vec<Line> = runs.into_iter().map(line_of).collect();
    lines.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut merged: Vec<Line> = Vec::with_capacity(lines.len());
    for line in lines {
        match merged.last_mut() {
            Some(prev) if (line.y - prev.y).abs() < prev.size.max(line.size) * 0.5 => {
                let mut glyphs = std::mem::take(&mut prev.glyphs);
                glyphs.extend(line.glyphs);
                *prev = line_of(glyphs);
            }
            _ => merged.push(line),
        }
    }
    for line in &mut merged {
        line.link = line
            .glyphs
            .iter()
            .map(|g| {
                let (cx, cy) = (g.x + g.width / 2.0, g.y - g.size * 0.3);
                links.iter().position(|l| {
                    cx >= l.rect[0] - 0.5
                        && cx <= l.rect[2] + 0.5
                        && cy >= l.rect[1] - 1.0
                        && cy <= l.rect[3] + 1.0
                })
            })
            .collect();
    }
    merged
}

fn line_of(mut glyphs: Vec<Glyph>) -> Line {
    glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    let size = main_size(&glyphs);
    // The baseline of the text at the main size, not of a raised note mark.
    let y = glyphs
        .iter()
        .filter(|g| (g.size - size).abs() < 0.5)
        .map(|g| g.y)
        .fold(f64::MIN, f64::max);
    let y = if y == f64::MIN {
        glyphs.first().map_or(0.0, |g| g.y)
    } else {
        y
    };
    Line {
        y,
        x0: glyphs.first().map_or(0.0, |g| g.x),
        size,
        link: Vec::new(),
        glyphs,
    }
}

/// The size most characters have (to the half point).
fn main_size(glyphs: &[Glyph]) -> f64 {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for g in glyphs.iter().filter(|g| !g.text.trim().is_empty()) {
        let key = (g.size * 2.0).round() as i64;
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|&(k, n)| (n, k))
        .map_or(0.0, |(k, _)| k as f64 / 2.0)
}

/// The text of `line` from glyph `from` on, spaces put where the gaps are, and the
/// text under a link replaced by the link's target (once: `seen` holds the target the
/// previous line ended in, so a URL broken across lines, one annotation per line or
/// one for both, is written once).
pub fn text(line: &Line, from: usize, links: &[Link], seen: &mut Option<String>) -> String {
    let mut out = String::new();
    let mut prev: Option<&Glyph> = None;
    let mut i = from;
    while let Some(g) = line.glyphs.get(i) {
        let link = line.link.get(i).copied().flatten();
        if let Some(k) = link {
            let start = i;
            while line.link.get(i).copied().flatten() == Some(k) {
                i += 1;
            }
            let uri = links.get(k).map(|l| l.uri.as_str()).unwrap_or_default();
            if seen.as_deref() != Some(uri) || start != from {
                if let Some(p) = prev {
                    if needs_space(p, g, line.size) {
                        out.push(' ');
                    }
                }
                out.push_str(uri);
            }
            *seen = Some(uri.to_string());
            prev = line.glyphs.get(i - 1);
            continue;
        }
        if let Some(p) = prev {
            if needs_space(p, g, line.size) {
                out.push(' ');
            }
        }
        out.push_str(&g.text);
        prev = Some(g);
        *seen = None;
        i += 1;
    }
    out
}

/// True when the gap between two glyphs is a word space. Between Chinese or Japanese
/// characters and anything else, the gap a typesetter adds is not a space.
fn needs_space(prev: &Glyph, next: &Glyph, size: f64) -> bool {
    if prev.text.ends_with(char::is_whitespace) || next.text.starts_with(char::is_whitespace) {
        return false;
    }
    let gap = next.x - (prev.x + prev.width);
    let cjk = prev.text.chars().last().is_some_and(is_cjk_or_punct)
        || next.text.chars().next().is_some_and(is_cjk_or_punct);
    if cjk {
        gap > size * 0.6
    } else {
        gap > size * 0.15
    }
}

fn is_cjk_or_punct(c: char) -> bool {
    is_cjk(c) || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

//! The report's charts, drawn as inline SVG: stacked columns (verdicts by cited year, by
//! title similarity) and stacked rows (verdicts by host). Colours come from the page's
//! CSS through each verdict's class, so dark mode and print restyle them; every segment
//! carries a `<title>`, which browsers show as a tooltip and screen readers read.
//!
//! Our own small code rather than a plotting crate: three chart shapes, a few hundred
//! bytes each, nothing to fetch at view time, and output that is the same byte for byte.

use std::fmt::Write;

use super::escape::text;
use super::stats::{problems, total, Counts, Stats, SIMILARITY_BINS};
use crate::types::VerdictCode;

/// Hosts shown in the host chart.
pub const TOP_HOSTS: usize = 12;
/// Year columns shown before the oldest years are gathered into one.
const MAX_YEARS: usize = 40;

// A narrow drawing, so that its text stays readable when a phone scales it down.
const WIDTH: f64 = 480.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 24.0;
const HEIGHT: f64 = 220.0;
/// Room for an axis label, in drawing units.
const LABEL_ROOM: f64 = 36.0;

/// What a column chart's x axis shows.
#[derive(Clone, Copy)]
enum Axis {
    /// Each column's label under it.
    Labels,
    /// The range 0 to 1 in fifths, with a dashed line at `mark`.
    Unit { mark: f64 },
}

/// One column (or row): its label and its citations by verdict.
struct Bar {
    label: String,
    counts: Counts,
}

/// The three charts, each a `<figure>`.
pub fn all(stats: &Stats, out: &mut String) {
    by_year(stats, out);
    by_host(stats, out);
    by_similarity(stats, out);
}

fn by_year(stats: &Stats, out: &mut String) {
    figure_start(
        "chart-years",
        "Verdicts by cited year",
        "Citations by the year the footnote gives, dead at the bottom: how rot grows with age.",
        out,
    );
    let bars = year_bars(stats);
    if bars.is_empty() {
        out.push_str("<p class=\"empty\">No citations.</p>");
    } else {
        columns("Verdicts by cited year", &bars, Axis::Labels, out);
    }
    out.push_str("</figure>\n");
}

/// One column per year from the oldest to the newest (empty years included, so that
/// the axis is time), the oldest gathered as `≤YYYY` beyond [`MAX_YEARS`]; undated last.
fn year_bars(stats: &Stats) -> Vec<Bar> {
    let dated: Vec<(u16, &Counts)> = stats
        .years
        .iter()
        .filter_map(|(y, c)| y.map(|y| (y, c)))
        .collect();
    let mut bars = Vec::new();
    if let (Some(first), Some(last)) = (dated.first(), dated.last()) {
        let span = usize::from(last.0 - first.0) + 1;
        let from = if span > MAX_YEARS {
            last.0 - (MAX_YEARS as u16 - 2)
        } else {
            first.0
        };
        if from > first.0 {
            let mut older = Counts::default();
            for (_, c) in dated.iter().filter(|(y, _)| *y < from) {
                add(&mut older, c);
            }
            bars.push(Bar {
                label: format!("≤{}", from - 1),
                counts: older,
            });
        }
        for year in from..=last.0 {
            bars.push(Bar {
                label: year.to_string(),
                counts: stats.years.get(&Some(year)).copied().unwrap_or_default(),
            });
        }
    }
    if let Some(c) = stats.years.get(&None) {
        bars.push(Bar {
            label: "n.d.".to_owned(),
            counts: *c,
        });
    }
    bars
}

fn by_similarity(stats: &Stats, out: &mut String) {
    figure_start(
        "chart-similarity",
        "Title similarity",
        "Best similarity between the cited title and the page's titles, in tenths; \
         the dashed line is where a title counts as matching.",
        out,
    );
    if stats.compared == 0 {
        out.push_str("<p class=\"empty\">No titles were compared.</p>");
    } else {
        let tenth = |i: usize| i as f64 / SIMILARITY_BINS as f64;
        let bars: Vec<Bar> = (0..SIMILARITY_BINS)
            .map(|i| Bar {
                label: format!("similarity {:.1}–{:.1}", tenth(i), tenth(i + 1)),
                counts: stats.similarity[i],
            })
            .collect();
        let mark = crate::text::title::TITLE_MATCH;
        columns("Title similarity", &bars, Axis::Unit { mark }, out);
    }
    out.push_str("</figure>\n");
}

fn by_host(stats: &Stats, out: &mut String) {
    let hosts = stats.worst_hosts();
    let more = hosts.len().saturating_sub(TOP_HOSTS);
    let caption = if more > 0 {
        format!(
            "The {TOP_HOSTS} hosts with the most problems first (dead, mismatched, not found), \
             then the most unverifiable; {more} more in the table."
        )
    } else {
        "Hosts with the most problems first (dead, mismatched, not found), then the most \
         unverifiable."
            .to_owned()
    };
    figure_start("chart-hosts", "Verdicts by host", &caption, out);
    let bars: Vec<Bar> = hosts
        .into_iter()
        .take(TOP_HOSTS)
        .map(|(h, c)| Bar {
            label: h.to_owned(),
            counts: *c,
        })
        .collect();
    if bars.is_empty() {
        out.push_str("<p class=\"empty\">No URLs.</p>");
    } else {
        rows("Verdicts by host", &bars, out);
    }
    out.push_str("</figure>\n");
}

fn figure_start(id: &str, title: &str, caption: &str, out: &mut String) {
    let _ = write!(
        out,
        "<figure class=\"chart\" id=\"{id}\"><figcaption><b>{title}</b> {}</figcaption>",
        text(caption)
    );
}

/// Stacked columns, the most severe verdicts at the bottom.
fn columns(title: &str, bars: &[Bar], axis: Axis, out: &mut String) {
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let max = bars.iter().map(|b| total(&b.counts)).max().unwrap_or(0);
    let (top, step) = scale(max);
    svg_start(title, HEIGHT, out);
    for k in 0..=top / step {
        let y = TOP + plot_h - (k * step) as f64 / top as f64 * plot_h;
        let _ = write!(
            out,
            "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
             <text class=\"ax\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 4.0,
            y + 3.5,
            k * step
        );
    }
    let band = plot_w / bars.len() as f64;
    let width = (band * 0.75).min(40.0);
    let every = (LABEL_ROOM / band).ceil().max(1.0) as usize;
    for (i, bar) in bars.iter().enumerate() {
        let x = LEFT + i as f64 * band + (band - width) / 2.0;
        let mut y = TOP + plot_h;
        let all = total(&bar.counts);
        let last = i + 1 == bars.len() && i % every > every / 2;
        let label = matches!(axis, Axis::Labels) && (i % every == 0 || last);
        if all == 0 && !label {
            continue;
        }
        out.push_str("<g>");
        for (s, code) in VerdictCode::ALL.iter().enumerate() {
            let n = bar.counts[s];
            if n == 0 {
                continue;
            }
            let h = n as f64 / top as f64 * plot_h;
            y -= h;
            segment(x, y, width, h, *code, &bar.label, n, all, out);
        }
        if label {
            let _ = write!(
                out,
                "<text class=\"ax\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                x + width / 2.0,
                TOP + plot_h + 14.0,
                text(&bar.label)
            );
        }
        out.push_str("</g>");
    }
    if let Axis::Unit { mark } = axis {
        for k in 0..=5 {
            let _ = write!(
                out,
                "<text class=\"ax\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{}\">{:.1}</text>",
                LEFT + f64::from(k) / 5.0 * plot_w,
                TOP + plot_h + 14.0,
                if k == 5 { "end" } else { "middle" },
                f64::from(k) / 5.0
            );
        }
        let x = LEFT + mark * plot_w;
        let _ = write!(
            out,
            "<line class=\"mark\" x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{TOP}\" y2=\"{:.1}\"/>\
             <text class=\"ax\" x=\"{:.1}\" y=\"{:.1}\">match ≥ {mark}</text>",
            TOP + plot_h,
            x + 3.0,
            TOP + 8.0
        );
    }
    out.push_str("</svg>");
}

/// Stacked rows, one per host, the most severe verdicts leftmost.
fn rows(title: &str, bars: &[Bar], out: &mut String) {
    const ROW: f64 = 18.0;
    const LABEL: f64 = 170.0;
    const COUNT: f64 = 56.0;
    let height = TOP + bars.len() as f64 * ROW + 4.0;
    let plot_w = WIDTH - LABEL - COUNT;
    let max = bars
        .iter()
        .map(|b| total(&b.counts))
        .max()
        .unwrap_or(1)
        .max(1);
    svg_start(title, height, out);
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + i as f64 * ROW;
        let all = total(&bar.counts);
        let _ = write!(
            out,
            "<g><text class=\"ax\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{}<title>{}</title></text>",
            LABEL - 6.0,
            y + ROW / 2.0 + 3.5,
            text(&shorten(&bar.label, 24)),
            text(&bar.label)
        );
        let mut x = LABEL;
        for (s, code) in VerdictCode::ALL.iter().enumerate() {
            let n = bar.counts[s];
            if n == 0 {
                continue;
            }
            let w = n as f64 / max as f64 * plot_w;
            segment(x, y + 2.0, w, ROW - 4.0, *code, &bar.label, n, all, out);
            x += w;
        }
        let _ = write!(
            out,
            "<text class=\"ax\" x=\"{:.1}\" y=\"{:.1}\">{} of {all}</text></g>",
            x + 4.0,
            y + ROW / 2.0 + 3.5,
            problems(&bar.counts)
        );
    }
    out.push_str("</svg>");
}

fn svg_start(title: &str, height: f64, out: &mut String) {
    let _ = write!(
        out,
        "<svg viewBox=\"0 0 {WIDTH} {height:.0}\" role=\"img\" aria-label=\"{}\">",
        text(title)
    );
}

/// One coloured piece of a bar, with its tooltip: `2019 · dead: 3 of 12 (25%)`.
#[expect(
    clippy::too_many_arguments,
    reason = "a rectangle and its tooltip's parts"
)]
fn segment(
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    code: VerdictCode,
    label: &str,
    n: usize,
    all: usize,
    out: &mut String,
) {
    let share = (n as f64 / all.max(1) as f64 * 100.0).round();
    let _ = write!(
        out,
        "<rect class=\"v-{code}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\">\
         <title>{} · {code}: {n} of {all} ({share}%)</title></rect>",
        text(label)
    );
}

/// The axis top and tick step for counts up to `max`: steps of 1, 2 or 5 times a power
/// of ten, at most five of them.
fn scale(max: usize) -> (usize, usize) {
    let max = max.max(1);
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if max.div_ceil(step * m) <= 5 {
                let step = step * m;
                return (max.div_ceil(step) * step, step);
            }
        }
        step *= 10;
    }
}

/// At most `n` characters, an ellipsis marking the cut.
fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(n - 1).collect();
    out.push('…');
    out
}

fn add(into: &mut Counts, c: &Counts) {
    for (a, b) in into.iter_mut().zip(c) {
        *a += b;
    }
}

#[cfg(test)]
mod tests {
    use super::super::stats::slot;
    use super::*;

    #[test]
    fn scales_are_round() {
        assert_eq!(scale(0), (1, 1));
        assert_eq!(scale(3), (3, 1));
        assert_eq!(scale(7), (8, 2));
        assert_eq!(scale(12), (15, 5));
        assert_eq!(scale(99), (100, 20));
        assert_eq!(scale(10_000), (10_000, 2_000));
    }

    fn stats_with_years(years: &[(Option<u16>, usize)]) -> Stats {
        let mut s = Stats::default();
        for (y, n) in years {
            s.years.entry(*y).or_default()[slot(VerdictCode::Dead)] += n;
        }
        s
    }

    #[test]
    fn years_are_a_time_axis_with_the_oldest_gathered() {
        let s = stats_with_years(&[(Some(2019), 1), (Some(2021), 2), (None, 3)]);
        let labels: Vec<String> = year_bars(&s).into_iter().map(|b| b.label).collect();
        assert_eq!(labels, ["2019", "2020", "2021", "n.d."]);
        let s = stats_with_years(&[(Some(1900), 1), (Some(1950), 1), (Some(2020), 2)]);
        let bars = year_bars(&s);
        assert_eq!(bars.len(), MAX_YEARS);
        assert_eq!(bars[0].label, "≤1981");
        assert_eq!(total(&bars[0].counts), 2);
        assert_eq!(bars[MAX_YEARS - 1].label, "2020");
    }

    #[test]
    fn host_names_are_escaped_in_the_svg() {
        let mut s = Stats::default();
        s.hosts
            .insert("<script>x".to_owned(), [1, 0, 0, 0, 0, 0, 0, 0]);
        let mut out = String::new();
        by_host(&s, &mut out);
        assert!(!out.contains("<script"), "{out}");
        assert!(out.contains("&lt;script&gt;x"), "{out}");
    }

    #[test]
    fn empty_reports_say_so() {
        let mut out = String::new();
        all(&Stats::default(), &mut out);
        assert_eq!(out.matches("class=\"empty\"").count(), 3, "{out}");
    }
}

//! What a page draws, as the layout needs it: each character with its position and
//! size, and the short horizontal rules that separate footnotes from the body.

use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};

/// One character as drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Left edge, in points from the page's left.
    pub x: f64,
    /// Baseline, in points from the page's top.
    pub y: f64,
    /// Font size as drawn, in points.
    pub size: f64,
    /// Advance width, in points.
    pub width: f64,
    /// The character(s), decoded.
    pub text: String,
}

/// A horizontal rule: a stroked line or a thin filled rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Left end, in points.
    pub x0: f64,
    /// Right end, in points.
    pub x1: f64,
    /// Height from the page's top, in points.
    pub y: f64,
}

/// What one page drew.
#[derive(Debug, Default)]
pub struct Drawn {
    /// The page's number (1-based, physical).
    pub number: u32,
    /// The page's top in PDF space, to measure from it.
    pub top: f64,
    /// The glyphs, in drawing order.
    pub glyphs: Vec<Glyph>,
    /// The horizontal rules.
    pub rules: Vec<Rule>,
    /// The page's height, in points.
    pub height: f64,
    /// The page's width, in points.
    pub width: f64,
    /// True when the page drew more glyphs than allowed.
    pub exhausted: bool,
}

/// Collects each page's glyphs and rules, up to a budget of glyphs per page, and hands
/// every finished page to `sink`, which returns false to stop the reading.
pub struct Collector<F: FnMut(Drawn) -> bool> {
    /// The page being drawn.
    pub page: Drawn,
    budget: usize,
    per_page: usize,
    sink: F,
}

impl<F: FnMut(Drawn) -> bool> Collector<F> {
    /// A collector that accepts at most `per_page` glyphs on a page.
    pub fn new(per_page: usize, sink: F) -> Self {
        Collector {
            page: Drawn::default(),
            budget: per_page,
            per_page,
            sink,
        }
    }
}

impl<F: FnMut(Drawn) -> bool> Collector<F> {
    /// Hands over a page cut short by its budget, so the sink can say why the
    /// reading stopped; true when there was one.
    pub fn hand_over_exhausted(&mut self) -> bool {
        if !self.page.exhausted {
            return false;
        }
        let page = std::mem::take(&mut self.page);
        (self.sink)(page);
        true
    }
}

/// Stops the interpreter: the error itself is not looked at.
fn stop() -> OutputError {
    OutputError::FormatError(std::fmt::Error)
}

impl<F: FnMut(Drawn) -> bool> OutputDev for Collector<F> {
    fn begin_page(
        &mut self,
        number: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page = Drawn {
            number,
            top: media_box.ury,
            height: (media_box.ury - media_box.lly).abs(),
            width: (media_box.urx - media_box.llx).abs(),
            ..Drawn::default()
        };
        self.budget = self.per_page;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        let page = std::mem::take(&mut self.page);
        if (self.sink)(page) {
            Ok(())
        } else {
            Err(stop())
        }
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        if self.budget == 0 {
            self.page.exhausted = true;
            // Stops the interpreter: a page that draws millions of glyphs is a bomb,
            // not a paper.
            return Err(stop());
        }
        self.budget -= 1;
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        if !size.is_finite() || !trm.m31.is_finite() || !trm.m32.is_finite() {
            return Ok(());
        }
        self.page.glyphs.push(Glyph {
            x: trm.m31,
            y: self.page.top - trm.m32,
            size,
            width: (width * size).max(0.0),
            text: text.to_string(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        let mut from = None;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => from = Some(point(ctm, x, y)),
                PathOp::LineTo(x, y) => {
                    let to = point(ctm, x, y);
                    if let Some(f) = from {
                        self.horizontal(f, to, 0.0);
                    }
                    from = Some(to);
                }
                PathOp::Rect(x, y, w, h) => self.rect(ctm, x, y, w, h),
                _ => from = None,
            }
        }
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        for op in &path.ops {
            if let PathOp::Rect(x, y, w, h) = *op {
                self.rect(ctm, x, y, w, h);
            }
        }
        // Filled outlines drawn with moves and lines (Typst draws its rule so).
        let points: Vec<(f64, f64)> = path
            .ops
            .iter()
            .filter_map(|op| match *op {
                PathOp::MoveTo(x, y) | PathOp::LineTo(x, y) => Some(point(ctm, x, y)),
                _ => None,
            })
            .collect();
        if points.len() >= 2 && points.len() <= 5 {
            let (min_y, max_y) = points
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
            let (min_x, max_x) = points
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
            self.horizontal((min_x, min_y), (max_x, max_y), 2.0);
        }
        Ok(())
    }
}

impl<F: FnMut(Drawn) -> bool> Collector<F> {
    fn rect(&mut self, ctm: &Transform, x: f64, y: f64, w: f64, h: f64) {
        let a = point(ctm, x, y);
        let b = point(ctm, x + w, y + h);
        self.horizontal(a, b, 2.0);
    }

    /// Keeps the segment `a`-`b` (page space) when it is horizontal, at most
    /// `thickness` points thick, and at least 20 points long.
    fn horizontal(&mut self, a: (f64, f64), b: (f64, f64), thickness: f64) {
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        if (a.1 - b.1).abs() <= thickness.max(0.5) && x1 - x0 >= 20.0 {
            self.page.rules.push(Rule {
                x0,
                x1,
                y: self.page.top - (a.1 + b.1) / 2.0,
            });
        }
    }
}

fn point(ctm: &Transform, x: f64, y: f64) -> (f64, f64) {
    (
        x * ctm.m11 + y * ctm.m21 + ctm.m31,
        x * ctm.m12 + y * ctm.m22 + ctm.m32,
    )
}

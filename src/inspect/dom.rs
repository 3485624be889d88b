//! A small HTML tree builder for the head and article window that inspection reads.
//!
//! A general HTML parser is the wrong tool for this stage's budget: html5ever through
//! `scraper` spent about 300,000 instructions on a 3.6 KB article page (its tokenizer
//! alone 200,000; `lol_html` 150,000), five times the cost of fetching the page. This
//! module tokenizes with `memchr`, jumping from `<` to `<` and copying text runs whole,
//! and builds the tree with the HTML standard's rules for what inspection can observe:
//! which text sits inside which element, in document order. It follows html5ever on the
//! head/body split, void and raw-text elements, character references (the same table,
//! `web_atoms`), implied end tags (`<p>`, `<li>`, `<dd>`, headings, table cells), scoped
//! end tags, SVG and MathML content, nested forms, and the merging of adjacent text. It does not move nodes: foster parenting
//! and the adoption agency's re-parenting are left out, which changes no text and no
//! element's attributes, only, on misnested markup, which element a run of text falls in.
//!
//! Nodes are stored in document order, each element with the index just past its last
//! descendant, so a subtree is a range and a walk is a loop.

use std::ops::Range;

use memchr::{memchr, memchr2, memchr3};

/// Most nodes built: past this the rest of the markup is read as text, so that a page of
/// a million empty tags cannot make the tree a hundred times the size of the page.
const MAX_NODES: usize = 200_000;
/// Deepest nesting kept open; deeper start tags are treated as void.
const MAX_DEPTH: usize = 512;

/// A parsed document: elements and text in document order.
#[derive(Debug, Default)]
pub(crate) struct Dom {
    nodes: Vec<Node>,
    /// Decoded names, attribute values and text, which nodes point into.
    strings: String,
    attrs: Vec<Attr>,
}

/// One element or text node.
#[derive(Debug, Clone)]
struct Node {
    /// For elements, the tag name; for text, the text.
    data: Range<u32>,
    /// For elements, the attributes (a range of `Dom::attrs`); empty for text.
    attrs: Range<u32>,
    /// Index just past the last descendant; `index + 1` for text.
    end: u32,
    text: bool,
}

#[derive(Debug, Clone)]
struct Attr {
    name: Range<u32>,
    value: Range<u32>,
}

/// A node of a [`Dom`], as the walk sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Item<'a> {
    /// An element, by tag name (its index is the one asked for).
    Element(&'a str),
    /// A text node.
    Text(&'a str),
}

impl Dom {
    /// Parses `html` (a whole document or a fragment of one).
    pub fn parse(html: &str) -> Dom {
        // A byte order mark is not text (and would start the body).
        let html = html.strip_prefix('\u{feff}').unwrap_or(html);
        let mut builder = Builder::new(html.len());
        Tokenizer::new(html).run(&mut builder);
        builder.finish()
    }

    /// How many nodes the document has.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// The node at `i`.
    pub fn item(&self, i: usize) -> Item<'_> {
        let node = &self.nodes[i];
        let data = self.str(&node.data);
        if node.text {
            Item::Text(data)
        } else {
            Item::Element(data)
        }
    }

    /// Index just past the last descendant of node `i`.
    pub fn end(&self, i: usize) -> usize {
        self.nodes[i].end as usize
    }

    /// The value of attribute `name` (lower case) of element `i`.
    pub fn attr(&self, i: usize, name: &str) -> Option<&str> {
        let range = &self.nodes[i].attrs;
        self.attrs[range.start as usize..range.end as usize]
            .iter()
            .find(|a| self.str(&a.name) == name)
            .map(|a| self.str(&a.value))
    }

    /// The text of element `i`'s descendants, joined without separators (as the DOM's
    /// `textContent`).
    pub fn text_of(&self, i: usize) -> String {
        let mut out = String::new();
        for node in &self.nodes[i + 1..self.end(i)] {
            if node.text {
                out.push_str(self.str(&node.data));
            }
        }
        out
    }

    fn str(&self, range: &Range<u32>) -> &str {
        self.strings
            .get(range.start as usize..range.end as usize)
            .unwrap_or_default()
    }
}

/// What the tokenizer hands the tree builder.
trait Sink {
    /// A start tag; returns how the text after it is to be read.
    fn start(&mut self, tag: &Tag) -> TextMode;
    fn end(&mut self, name: &str);
    fn text(&mut self, text: &str);
    /// A comment (or what the standard reads as one: `<?xml …?>`, `<!x>`, `</ x>`).
    fn comment(&mut self);
}

/// How text is read after a start tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextMode {
    /// Markup and character references.
    Data,
    /// Character references but no markup, up to the matching end tag (`<title>`).
    RcData,
    /// Neither, up to the matching end tag (`<style>`, `<noscript>`).
    RawText,
    /// Everything to the end is text (`<plaintext>`).
    PlainText,
}

/// A start tag, names lower-cased and values decoded.
#[derive(Debug, Default)]
struct Tag {
    name: String,
    /// Attribute names and values, which `attrs` points into.
    buf: String,
    attrs: Vec<(Range<usize>, Range<usize>)>,
    self_closing: bool,
}

struct Tokenizer<'a> {
    html: &'a str,
    bytes: &'a [u8],
    at: usize,
    /// Text read but not yet handed on, so that character references and skipped markup
    /// do not split a text node.
    text: String,
    tag: Tag,
    /// True when the input has no CR and no NUL, so text needs no normalizing.
    plain: bool,
}

impl<'a> Tokenizer<'a> {
    fn new(html: &'a str) -> Tokenizer<'a> {
        Tokenizer {
            html,
            bytes: html.as_bytes(),
            at: 0,
            text: String::new(),
            tag: Tag::default(),
            plain: memchr2(b'\r', b'\0', html.as_bytes()).is_none(),
        }
    }

    fn run(&mut self, sink: &mut impl Sink) {
        let len = self.bytes.len();
        while self.at < len {
            let Some(i) = memchr2(b'<', b'&', &self.bytes[self.at..]) else {
                self.push_text(self.at, len);
                self.at = len;
                break;
            };
            let lt = self.at + i;
            self.push_text(self.at, lt);
            self.at = lt;
            if self.bytes[lt] == b'&' {
                self.at = decode_reference(self.html, lt, false, &mut self.text);
                continue;
            }
            self.markup(sink);
        }
        self.flush(sink);
    }

    /// Appends `html[from..to]` to the pending text, CR LF and CR made LF and NUL dropped.
    fn push_text(&mut self, from: usize, to: usize) {
        if self.plain {
            self.text.push_str(&self.html[from..to]);
        } else {
            push_normalized(&self.html[from..to], &mut self.text);
        }
    }

    fn flush(&mut self, sink: &mut impl Sink) {
        if !self.text.is_empty() {
            sink.text(&self.text);
            self.text.clear();
        }
    }

    /// Reads the markup at `<`: a tag, a comment-like construct, or a literal `<`.
    fn markup(&mut self, sink: &mut impl Sink) {
        let lt = self.at;
        let next = self.bytes.get(lt + 1).copied();
        match next {
            Some(b) if b.is_ascii_alphabetic() => {
                if let Some(end) = self.read_tag(lt + 1) {
                    self.flush(sink);
                    self.at = end;
                    let mode = sink.start(&self.tag);
                    if mode != TextMode::Data {
                        self.raw(mode, sink);
                    }
                } else {
                    // A tag cut off by the end of input is dropped.
                    self.at = self.bytes.len();
                }
            }
            Some(b'/') => match self.bytes.get(lt + 2).copied() {
                // An end tag's attributes are read (a quoted `>` does not end it) and
                // dropped.
                Some(b) if b.is_ascii_alphabetic() => match self.read_tag(lt + 2) {
                    Some(end) => {
                        self.flush(sink);
                        self.at = end;
                        sink.end(&self.tag.name);
                    }
                    None => self.at = self.bytes.len(),
                },
                Some(b'>') => self.at = lt + 3,
                Some(_) => {
                    self.flush(sink);
                    sink.comment();
                    self.at = self.skip_to_gt(lt + 2);
                }
                None => {
                    self.text.push_str("</");
                    self.at = self.bytes.len();
                }
            },
            Some(b'!') => {
                let rest = &self.bytes[lt + 2..];
                // A doctype makes no node; everything else here is a comment.
                if rest.len() < 7 || !rest[..7].eq_ignore_ascii_case(b"doctype") {
                    self.flush(sink);
                    sink.comment();
                }
                self.at = if rest.starts_with(b"--") {
                    comment_end(self.bytes, lt + 4)
                } else {
                    self.skip_to_gt(lt + 2)
                };
            }
            Some(b'?') => {
                self.flush(sink);
                sink.comment();
                self.at = self.skip_to_gt(lt + 1);
            }
            _ => {
                self.text.push('<');
                self.at = lt + 1;
            }
        }
    }

    /// Index after the next `>` from `from`, or the end.
    fn skip_to_gt(&self, from: usize) -> usize {
        memchr(b'>', &self.bytes[from.min(self.bytes.len())..])
            .map_or(self.bytes.len(), |i| from + i + 1)
    }

    /// Reads a tag whose name starts at `from` into `self.tag`; returns the index after
    /// its `>`, or `None` when the input ends inside it.
    fn read_tag(&mut self, from: usize) -> Option<usize> {
        let bytes = self.bytes;
        let name_end = name_end(bytes, from);
        self.tag.name.clear();
        lower_into(&self.html[from..name_end], &mut self.tag.name);
        self.tag.attrs.clear();
        self.tag.buf.clear();
        self.tag.self_closing = false;
        let mut at = name_end;
        loop {
            while at < bytes.len() && is_space(bytes[at]) {
                at += 1;
            }
            match bytes.get(at)? {
                b'>' => return Some(at + 1),
                b'/' => {
                    if bytes.get(at + 1) == Some(&b'>') {
                        self.tag.self_closing = true;
                        return Some(at + 2);
                    }
                    at += 1;
                    continue;
                }
                _ => {}
            }
            // An attribute name runs to white space, `/`, `>` or `=` (a leading `=` is
            // part of the name).
            let start = at;
            at += 1;
            while at < bytes.len()
                && !matches!(bytes[at], b'/' | b'>' | b'=')
                && !is_space(bytes[at])
            {
                at += 1;
            }
            let name_at = start..at;
            let name_start = self.tag.buf.len();
            lower_into(&self.html[name_at], &mut self.tag.buf);
            let name = name_start..self.tag.buf.len();
            while at < bytes.len() && is_space(bytes[at]) {
                at += 1;
            }
            let value_start = self.tag.buf.len();
            if bytes.get(at) == Some(&b'=') {
                at += 1;
                while at < bytes.len() && is_space(bytes[at]) {
                    at += 1;
                }
                match bytes.get(at)? {
                    quote @ (b'"' | b'\'') => {
                        let close = memchr(*quote, &bytes[at + 1..])?;
                        decode_into(&self.html[at + 1..at + 1 + close], true, &mut self.tag.buf);
                        at = at + 1 + close + 1;
                    }
                    b'>' => {}
                    _ => {
                        let vstart = at;
                        while at < bytes.len() && bytes[at] != b'>' && !is_space(bytes[at]) {
                            at += 1;
                        }
                        decode_into(&self.html[vstart..at], true, &mut self.tag.buf);
                    }
                }
            }
            let value = value_start..self.tag.buf.len();
            let buf = &self.tag.buf;
            // The first of two attributes of the same name wins.
            if self
                .tag
                .attrs
                .iter()
                .any(|(n, _)| buf[n.clone()] == buf[name.clone()])
            {
                self.tag.buf.truncate(name_start);
            } else {
                self.tag.attrs.push((name, value));
            }
        }
    }

    /// Reads the text of a raw-text or RCDATA element up to its end tag, or everything for
    /// `<plaintext>`.
    fn raw(&mut self, mode: TextMode, sink: &mut impl Sink) {
        let name = self.tag.name.as_bytes();
        let bytes = self.bytes;
        let mut from = self.at;
        let close = if mode == TextMode::PlainText {
            None
        } else {
            let mut found = None;
            while let Some(i) = memchr::memmem::find(&bytes[from..], b"</") {
                let lt = from + i;
                let after = lt + 2 + name.len();
                if bytes.len() >= after
                    && bytes[lt + 2..after].eq_ignore_ascii_case(name)
                    && bytes
                        .get(after)
                        .is_some_and(|b| is_space(*b) || matches!(b, b'/' | b'>'))
                {
                    found = Some(lt);
                    break;
                }
                from = lt + 2;
            }
            found
        };
        let stop = close.unwrap_or(bytes.len());
        let body = &self.html[self.at..stop];
        if mode == TextMode::RcData {
            decode_into(body, false, &mut self.text);
        } else {
            push_normalized(body, &mut self.text);
        }
        self.at = stop;
        if close.is_none() {
            self.flush(sink);
        }
        // The end tag itself is read by the main loop.
    }
}

/// End of a tag name starting at `from`.
fn name_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    while at < bytes.len() && !matches!(bytes[at], b'/' | b'>') && !is_space(bytes[at]) {
        at += 1;
    }
    at
}

/// Index after a comment whose text starts at `from`: after `-->`, or after `--!>`, or
/// the end of input; `<!-->` and `<!--->` end at once.
fn comment_end(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from.min(bytes.len())..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut at = from;
    while let Some(i) = memchr::memmem::find(&bytes[at..], b"--") {
        let dash = at + i;
        match bytes.get(dash + 2) {
            Some(b'>') => return dash + 3,
            Some(b'!') if bytes.get(dash + 3) == Some(&b'>') => return dash + 4,
            _ => at = dash + 1,
        }
    }
    bytes.len()
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Appends `s` lower-cased (ASCII), NUL made U+FFFD, as the tokenizer does for names.
fn lower_into(s: &str, out: &mut String) {
    if !s.bytes().any(|b| b.is_ascii_uppercase() || b == 0) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        match c {
            '\0' => out.push('\u{fffd}'),
            c => out.push(c.to_ascii_lowercase()),
        }
    }
}

/// Appends text with CR LF and lone CR made LF and NUL dropped (the tree builder drops
/// NUL in body text).
fn push_normalized(s: &str, out: &mut String) {
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = memchr2(b'\r', b'\0', &bytes[at..]) {
        let j = at + i;
        out.push_str(&s[copied..j]);
        if bytes[j] == b'\r' {
            out.push('\n');
            if bytes.get(j + 1) == Some(&b'\n') {
                at = j + 2;
                copied = at;
                continue;
            }
        }
        at = j + 1;
        copied = at;
    }
    out.push_str(&s[copied..]);
}

/// Appends `s` with character references decoded (`in_attr`: the attribute-value rule
/// that leaves `&amp=` and `&ampx` alone).
fn decode_into(s: &str, in_attr: bool, out: &mut String) {
    let bytes = s.as_bytes();
    // Most attribute values are short and plain: a byte loop decides that sooner than
    // setting up a vector search.
    if bytes.len() < 64 && !bytes.iter().any(|b| matches!(b, b'&' | b'\r' | b'\0')) {
        out.push_str(s);
        return;
    }
    let mut at = 0;
    while let Some(i) = memchr3(b'&', b'\r', b'\0', &bytes[at..]) {
        let j = at + i;
        out.push_str(&s[at..j]);
        if bytes[j] == b'&' {
            at = decode_reference(s, j, in_attr, out);
        } else {
            let end = if bytes[j] == b'\r' && bytes.get(j + 1) == Some(&b'\n') {
                j + 2
            } else {
                j + 1
            };
            push_normalized(&s[j..end], out);
            at = end;
        }
    }
    out.push_str(&s[at..]);
}

/// Decodes the character reference at `s[amp] == '&'` into `out`; returns the index after
/// what was consumed (just after the `&` when it is not a reference).
fn decode_reference(s: &str, amp: usize, in_attr: bool, out: &mut String) -> usize {
    let bytes = s.as_bytes();
    match bytes.get(amp + 1) {
        Some(b'#') => numeric_reference(bytes, amp, out),
        Some(b) if b.is_ascii_alphanumeric() => named_reference(s, amp, in_attr, out),
        _ => {
            out.push('&');
            amp + 1
        }
    }
}

fn numeric_reference(bytes: &[u8], amp: usize, out: &mut String) -> usize {
    let mut at = amp + 2;
    let hex = matches!(bytes.get(at), Some(b'x' | b'X'));
    if hex {
        at += 1;
    }
    let digits_start = at;
    let mut value: u32 = 0;
    while let Some(&b) = bytes.get(at) {
        let digit = if hex {
            (b as char).to_digit(16)
        } else {
            (b as char).to_digit(10)
        };
        let Some(d) = digit else { break };
        value = value
            .saturating_mul(if hex { 16 } else { 10 })
            .saturating_add(d);
        at += 1;
    }
    if at == digits_start {
        // `&#` or `&#x` with no digits is text.
        out.push('&');
        return amp + 1;
    }
    if bytes.get(at) == Some(&b';') {
        at += 1;
    }
    out.push(numeric_char(value));
    at
}

/// The character a numeric reference stands for, with the standard's replacements.
fn numeric_char(value: u32) -> char {
    const C1: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let value = match value {
        0 => 0xFFFD,
        0x80..=0x9F => C1[(value - 0x80) as usize],
        v => v,
    };
    char::from_u32(value).unwrap_or('\u{fffd}')
}

/// Longest name in the entity table (`&CounterClockwiseContourIntegral;`).
const MAX_ENTITY: usize = 33;

fn named_reference(s: &str, amp: usize, in_attr: bool, out: &mut String) -> usize {
    let bytes = s.as_bytes();
    let start = amp + 1;
    let mut best: Option<(usize, (u32, u32))> = None;
    let mut at = start;
    // The table holds every prefix of every name, so the match can grow one byte at a
    // time and stop at the first miss.
    while at < bytes.len() && at - start < MAX_ENTITY {
        let b = bytes[at];
        if !(b.is_ascii_alphanumeric() || b == b';') {
            break;
        }
        at += 1;
        match web_atoms::NAMED_ENTITIES.get(&s[start..at]) {
            Some(&(0, _)) => {}
            Some(&m) => best = Some((at, m)),
            None => break,
        }
        if b == b';' {
            break;
        }
    }
    let Some((end, (c1, c2))) = best else {
        out.push('&');
        return amp + 1;
    };
    if in_attr
        && bytes[end - 1] != b';'
        && bytes
            .get(end)
            .is_some_and(|b| *b == b'=' || b.is_ascii_alphanumeric())
    {
        out.push('&');
        return amp + 1;
    }
    out.extend(char::from_u32(c1));
    if c2 != 0 {
        out.extend(char::from_u32(c2));
    }
    end
}

/// Where the builder is in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Head,
    Body,
}

/// An open element.
#[derive(Debug, Clone)]
struct Open {
    /// Its tag name, in `Dom::strings`.
    name: Range<u32>,
    /// [`props`] of the name.
    props: u16,
    node: u32,
}

struct Builder {
    dom: Dom,
    stack: Vec<Open>,
    mode: Mode,
    /// Whether the last node added is a text node still open to more text.
    text_open: bool,
    /// Skip one line feed at the start of the next text (after `<pre>`, `<textarea>`).
    skip_lf: bool,
    /// How many `<math>` and `<svg>` elements are open.
    foreign: usize,
    /// Whether a `<form>` is open: a nested one is ignored, as the standard says.
    form: bool,
    full: bool,
}

/// Elements with no content.
const VOID: u16 = 1;
/// Start tags that close an open `<p>`.
const CLOSES_P: u16 = 2;
/// The standard's "special" elements: an end tag for another name stops at them.
const SPECIAL: u16 = 4;
/// Elements that end the scope an end tag or implied end looks in.
const SCOPE: u16 = 8;
/// Elements whose end tag is implied by the parent's end.
const IMPLIED_END: u16 = 16;
/// `<h1>` to `<h6>`.
const HEADING: u16 = 32;
/// Elements kept in the head.
const HEAD_CONTENT: u16 = 64;
/// Elements that end a table scope.
const TABLE_SCOPE: u16 = 128;
/// MathML and SVG roots: inside them `<x/>` is void.
const FOREIGN: u16 = 256;

/// What the tree builder needs to know of a tag name, as bits.
fn props(name: &str) -> u16 {
    let scope = match name {
        "ol" | "ul" => LIST,
        "button" => BUTTON,
        _ => 0,
    };
    scope
        | match name {
            "dialog" => CLOSES_P,
            "address" | "article" | "aside" | "blockquote" | "center" | "details" | "dir"
            | "div" | "dl" | "fieldset" | "figcaption" | "figure" | "footer" | "form"
            | "header" | "hgroup" | "listing" | "main" | "menu" | "nav" | "ol" | "plaintext"
            | "pre" | "search" | "section" | "summary" | "ul" | "xmp" => CLOSES_P | SPECIAL,
            "p" => CLOSES_P | SPECIAL | IMPLIED_END,
            "table" => CLOSES_P | SPECIAL | SCOPE | TABLE_SCOPE,
            "math" | "svg" => FOREIGN,
            "optgroup" | "option" | "rb" | "rp" | "rt" | "rtc" => IMPLIED_END,
            "body" | "button" | "colgroup" | "frameset" | "head" | "iframe" | "noembed"
            | "select" | "tbody" | "textarea" | "tfoot" | "thead" | "tr" => SPECIAL,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => CLOSES_P | SPECIAL | HEADING,
            "noframes" | "noscript" | "script" | "style" | "title" => SPECIAL | HEAD_CONTENT,
            "dd" | "dt" | "li" => SPECIAL | IMPLIED_END,
            "applet" | "caption" | "marquee" | "object" | "td" | "th" => SPECIAL | SCOPE,
            "template" => SPECIAL | SCOPE | HEAD_CONTENT | TABLE_SCOPE,
            "html" => SPECIAL | SCOPE | TABLE_SCOPE,
            "hr" => VOID | CLOSES_P | SPECIAL,
            "area" | "br" | "col" | "embed" | "frame" | "img" | "input" | "keygen" | "param"
            | "source" | "track" | "wbr" => VOID | SPECIAL,
            "base" | "basefont" | "bgsound" | "link" | "meta" => VOID | SPECIAL | HEAD_CONTENT,
            _ => 0,
        }
}

impl Builder {
    fn new(len: usize) -> Builder {
        let mut builder = Builder {
            dom: Dom {
                nodes: Vec::with_capacity(len / 40 + 8),
                strings: String::with_capacity(len),
                attrs: Vec::new(),
            },
            stack: Vec::with_capacity(32),
            mode: Mode::Head,
            text_open: false,
            skip_lf: false,
            foreign: 0,
            form: false,
            full: false,
        };
        builder.element("html", &Tag::default(), false);
        builder.element("head", &Tag::default(), false);
        builder
    }

    fn finish(mut self) -> Dom {
        let len = self.dom.nodes.len() as u32;
        for open in &self.stack {
            self.dom.nodes[open.node as usize].end = len;
        }
        self.dom
    }

    fn add_string(&mut self, s: &str) -> Range<u32> {
        let start = self.dom.strings.len() as u32;
        self.dom.strings.push_str(s);
        start..self.dom.strings.len() as u32
    }

    /// Adds element `name` with `tag`'s attributes and, unless `void`, opens it.
    fn element(&mut self, name: &str, tag: &Tag, void: bool) {
        self.text_open = false;
        let data = self.add_string(name);
        let first = self.dom.attrs.len() as u32;
        for (n, v) in &tag.attrs {
            let name = self.add_string(&tag.buf[n.clone()]);
            let value = self.add_string(&tag.buf[v.clone()]);
            self.dom.attrs.push(Attr { name, value });
        }
        let index = self.dom.nodes.len() as u32;
        self.dom.nodes.push(Node {
            data: data.clone(),
            attrs: first..self.dom.attrs.len() as u32,
            end: index + 1,
            text: false,
        });
        if self.dom.nodes.len() >= MAX_NODES {
            self.full = true;
        }
        if !void && self.stack.len() < MAX_DEPTH {
            let props = props(name);
            if props & FOREIGN != 0 {
                self.foreign += 1;
            }
            self.stack.push(Open {
                name: data,
                props,
                node: index,
            });
        }
    }

    fn name(&self, open: &Open) -> &str {
        self.dom.str(&open.name)
    }

    fn current(&self) -> Option<&Open> {
        self.stack.last()
    }

    fn current_is(&self, name: &str) -> bool {
        self.current().is_some_and(|o| self.name(o) == name)
    }

    fn current_has(&self, props: u16) -> bool {
        self.current().is_some_and(|o| o.props & props != 0)
    }

    /// Closes the innermost open element.
    fn pop(&mut self) {
        if let Some(open) = self.stack.pop() {
            if open.props & FOREIGN != 0 {
                self.foreign = self.foreign.saturating_sub(1);
            }
            self.dom.nodes[open.node as usize].end = self.dom.nodes.len() as u32;
            self.text_open = false;
        }
    }

    /// Closes open elements down to and including the one at `depth`.
    fn pop_to(&mut self, depth: usize) {
        while self.stack.len() > depth {
            self.pop();
        }
    }

    /// Depth of the innermost open element `name` within scope: the search stops at
    /// elements with any of the `stop` props.
    fn find(&self, name: &str, stop: u16) -> Option<usize> {
        self.find_by(|n, _| n == name, stop)
    }

    fn find_by(&self, matches: impl Fn(&str, u16) -> bool, stop: u16) -> Option<usize> {
        for (depth, open) in self.stack.iter().enumerate().rev() {
            if matches(self.name(open), open.props) {
                return Some(depth);
            }
            if open.props & stop != 0 {
                return None;
            }
        }
        None
    }

    /// Closes the innermost `name` found within scope (`stop`) and what is open inside
    /// it (the standard's implied end tags, and any misnested element).
    fn close(&mut self, name: &str, stop: u16) {
        if let Some(depth) = self.find(name, stop) {
            self.pop_to(depth);
        }
    }

    /// Closes an open `<p>` in button scope.
    fn close_p(&mut self) {
        if let Some(depth) = self.find("p", SCOPE | BUTTON) {
            self.pop_to(depth);
        }
    }

    fn enter_body(&mut self, tag: &Tag) {
        // Everything open in the head ends with it.
        self.pop_to(1);
        self.element("body", tag, false);
        self.mode = Mode::Body;
    }

    /// Closes the innermost table's open elements named in `names` and what is open
    /// inside them (a new cell, row or section ends the open ones of the same table).
    fn close_in_table(&mut self, names: &[&str]) {
        let mut outermost = None;
        for (depth, open) in self.stack.iter().enumerate().rev() {
            if names.contains(&self.name(open)) {
                outermost = Some(depth);
            } else if open.props & TABLE_SCOPE != 0 {
                break;
            }
        }
        if let Some(depth) = outermost {
            self.pop_to(depth);
        }
    }

    /// Closes an open `<li>` (or `<dd>`/`<dt>`) before a new one, as the standard's
    /// list-item rule does: the search stops at special elements but `address`, `div`
    /// and `p`.
    fn close_list_item(&mut self, names: &[&str]) {
        let mut target = None;
        for (depth, open) in self.stack.iter().enumerate().rev() {
            let name = self.name(open);
            if names.contains(&name) {
                target = Some(depth);
                break;
            }
            if open.props & SPECIAL != 0 && !matches!(name, "address" | "div" | "p") {
                break;
            }
        }
        if let Some(depth) = target {
            self.pop_to(depth);
        }
    }

    fn start_in_body(&mut self, tag: &Tag) -> TextMode {
        let name = tag.name.as_str();
        if self.foreign > 0 {
            if !breaks_out_of_foreign(tag) {
                // Inside SVG and MathML, `<title/>` is an empty element, not a raw-text
                // one, and no HTML rule about implied ends applies.
                self.element(name, tag, tag.self_closing);
                return TextMode::Data;
            }
            while self.foreign > 0 && !self.stack.is_empty() {
                self.pop();
            }
        }
        let props = props(name);
        match name {
            "html" | "body" | "head" | "frameset" | "frame" => return TextMode::Data,
            "form" if self.form => return TextMode::Data,
            "form" => self.form = true,
            "caption" | "col" | "colgroup" | "tbody" | "td" | "tfoot" | "th" | "thead" | "tr"
                if self.find("table", TABLE_SCOPE).is_none() =>
            {
                return TextMode::Data
            }
            _ => {}
        }
        match name {
            "li" => self.close_list_item(&["li"]),
            "dd" | "dt" => self.close_list_item(&["dd", "dt"]),
            _ => {}
        }
        if props & CLOSES_P != 0 || matches!(name, "li" | "dd" | "dt") {
            self.close_p();
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" if self.current_has(HEADING) => self.pop(),
            "button" => {
                if let Some(depth) = self.find("button", SCOPE) {
                    self.pop_to(depth);
                }
            }
            "a" => {
                if let Some(depth) = self.find("a", 0) {
                    self.pop_to(depth);
                }
            }
            "option" | "optgroup" if self.current_is("option") => self.pop(),
            "td" | "th" => self.close_in_table(&["td", "th"]),
            "tr" => self.close_in_table(&["td", "th", "tr"]),
            "tbody" | "thead" | "tfoot" | "caption" | "colgroup" => self.close_in_table(&[
                "td", "th", "tr", "tbody", "thead", "tfoot", "caption", "colgroup",
            ]),
            _ => {}
        }
        let name = if name == "image" { "img" } else { name };
        let void = props & VOID != 0 || (tag.self_closing && props & FOREIGN != 0);
        self.element(name, tag, void);
        if matches!(name, "pre" | "listing" | "textarea") {
            self.skip_lf = true;
        }
        match name {
            "title" | "textarea" => TextMode::RcData,
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" | "script" => {
                TextMode::RawText
            }
            "plaintext" => TextMode::PlainText,
            _ => TextMode::Data,
        }
    }

    fn end_in_body(&mut self, name: &str) {
        if self.foreign > 0 {
            // Inside SVG or MathML an end tag closes its element whatever it is named
            // (`</title>` too), searching no further out than the `<svg>` or `<math>`.
            for (depth, open) in self.stack.iter().enumerate().rev() {
                if self.name(open) == name {
                    self.pop_to(depth);
                    return;
                }
                if open.props & FOREIGN != 0 {
                    break;
                }
            }
        }
        let props = props(name);
        match name {
            "body" | "html" => {}
            "p" => {
                if self.find("p", SCOPE | BUTTON).is_none() {
                    // `</p>` with no open `<p>` makes an empty one.
                    self.element("p", &Tag::default(), true);
                } else {
                    self.close_p();
                }
            }
            "li" => self.close(name, SCOPE | LIST),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if let Some(depth) = self.find_by(|_, p| p & HEADING != 0, SCOPE) {
                    self.pop_to(depth);
                }
            }
            "br" => self.element("br", &Tag::default(), true),
            "form" => {
                self.form = false;
                self.close(name, SCOPE);
            }
            "table" | "tbody" | "thead" | "tfoot" | "tr" | "td" | "th" | "caption" => {
                self.close(name, TABLE_SCOPE);
            }
            _ if props & SPECIAL != 0 => self.close(name, SCOPE),
            // Any other end tag closes the innermost element of that name, unless a
            // special element stands in between.
            _ => self.close(name, SPECIAL),
        }
    }
}

/// Scope boundaries beyond [`SCOPE`]: button scope and list-item scope.
const BUTTON: u16 = 1 << 12;
const LIST: u16 = 1 << 13;

/// HTML start tags that end SVG or MathML content they appear in.
fn breaks_out_of_foreign(tag: &Tag) -> bool {
    match tag.name.as_str() {
        "b" | "big" | "blockquote" | "body" | "br" | "center" | "code" | "dd" | "div" | "dl"
        | "dt" | "em" | "embed" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "head" | "hr" | "i"
        | "img" | "li" | "listing" | "menu" | "meta" | "nobr" | "ol" | "p" | "pre" | "ruby"
        | "s" | "small" | "span" | "strong" | "strike" | "sub" | "sup" | "table" | "tt" | "u"
        | "ul" | "var" => true,
        "font" => tag
            .attrs
            .iter()
            .any(|(n, _)| matches!(&tag.buf[n.clone()], "color" | "face" | "size")),
        _ => false,
    }
}

impl Sink for Builder {
    fn start(&mut self, tag: &Tag) -> TextMode {
        // Only a line feed right after `<pre>` is dropped, not one after `<pre><code>`.
        self.skip_lf = false;
        if self.full {
            return TextMode::PlainText;
        }
        let name = tag.name.as_str();
        if self.mode == Mode::Head {
            match name {
                "html" | "head" => return TextMode::Data,
                "body" => {
                    self.enter_body(tag);
                    return TextMode::Data;
                }
                _ if props(name) & HEAD_CONTENT != 0 => {
                    self.element(name, tag, props(name) & VOID != 0);
                    return match name {
                        "title" => TextMode::RcData,
                        "noscript" | "noframes" | "style" | "script" | "template" => {
                            TextMode::RawText
                        }
                        _ => TextMode::Data,
                    };
                }
                _ => self.enter_body(&Tag::default()),
            }
        }
        self.start_in_body(tag)
    }

    fn end(&mut self, name: &str) {
        self.skip_lf = false;
        if self.full {
            return;
        }
        if self.mode == Mode::Head {
            match name {
                "head" => {
                    self.pop_to(1);
                    return;
                }
                "body" | "html" | "br" => self.enter_body(&Tag::default()),
                _ => {
                    // Closes a raw-text element of the head (`</title>`); others are ignored.
                    if self.stack.len() > 2 && self.current_is(name) {
                        self.pop();
                    }
                    return;
                }
            }
        }
        self.end_in_body(name);
    }

    fn comment(&mut self) {
        // A comment is a node: the text after it is a new text node.
        self.text_open = false;
        self.skip_lf = false;
    }

    fn text(&mut self, text: &str) {
        let mut text = text;
        if self.skip_lf {
            self.skip_lf = false;
            text = text.strip_prefix('\n').unwrap_or(text);
        }
        if text.is_empty() {
            return;
        }
        if self.mode == Mode::Head && self.stack.len() <= 2 {
            // White space stays in the head; the first other character starts the body.
            let rest = text.trim_start_matches([' ', '\t', '\n', '\x0c']);
            if rest.len() != text.len() {
                self.append_text(&text[..text.len() - rest.len()]);
            }
            if rest.is_empty() {
                return;
            }
            self.enter_body(&Tag::default());
            text = rest;
        }
        self.append_text(text);
    }
}

impl Builder {
    fn append_text(&mut self, text: &str) {
        if self.text_open {
            if let Some(last) = self.dom.nodes.last_mut() {
                self.dom.strings.push_str(text);
                last.data.end = self.dom.strings.len() as u32;
                return;
            }
        }
        let data = self.add_string(text);
        let index = self.dom.nodes.len() as u32;
        self.dom.nodes.push(Node {
            data,
            attrs: 0..0,
            end: index + 1,
            text: true,
        });
        self.text_open = true;
        if self.dom.nodes.len() >= MAX_NODES {
            self.full = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The document as the walk sees it: elements as `<name>`/`</name>`, text in quotes.
    fn outline(html: &str) -> String {
        let dom = Dom::parse(html);
        let mut out = String::new();
        let mut open: Vec<(usize, &str)> = Vec::new();
        for i in 0..dom.len() {
            while let Some(&(end, name)) = open.last() {
                if i < end {
                    break;
                }
                out.push_str(&format!("</{name}>"));
                open.pop();
            }
            match dom.item(i) {
                Item::Element(name) => {
                    out.push_str(&format!("<{name}>"));
                    open.push((dom.end(i), name));
                }
                Item::Text(t) => out.push_str(&format!("{t:?}")),
            }
        }
        while let Some((_, name)) = open.pop() {
            out.push_str(&format!("</{name}>"));
        }
        out
    }

    /// The text nodes of the body, in order.
    fn texts(html: &str) -> Vec<String> {
        let dom = Dom::parse(html);
        let body = (0..dom.len())
            .find(|&i| matches!(dom.item(i), Item::Element("body")))
            .unwrap_or(dom.len());
        (body..dom.len())
            .filter_map(|i| match dom.item(i) {
                Item::Text(t) => Some(t.to_owned()),
                Item::Element(_) => None,
            })
            .collect()
    }

    fn first(dom: &Dom, name: &str) -> usize {
        (0..dom.len())
            .find(|&i| matches!(dom.item(i), Item::Element(n) if n == name))
            .unwrap_or_else(|| panic!("no <{name}>"))
    }

    #[test]
    fn character_references_in_text() {
        let cases = [
            ("a &amp; b &lt;c&gt;", "a & b <c>"),
            ("&#169; &#xA9; &#XA9 &copy &copy;", "© © © © ©"),
            // The longest name in the table wins, with or without its semicolon.
            ("&notit; &notin; &ampx", "¬it; ∉ &x"),
            ("&#x80;&#150;", "€–"),
            ("&#0;&#xD800;&#x110000;", "\u{fffd}\u{fffd}\u{fffd}"),
            ("&# &#x; & &; &nosuch;", "&# &#x; & &; &nosuch;"),
            ("&NotNestedGreaterGreater;", "\u{2aa2}\u{338}"),
            ("a\r\nb\rc", "a\nb\nc"),
        ];
        for (html, want) in cases {
            assert_eq!(
                texts(&format!("<body>{html}")),
                vec![want.to_owned()],
                "{html}"
            );
        }
    }

    #[test]
    fn attributes() {
        let dom = Dom::parse(
            "<body><a HREF='?a=1&not=2&amp;b=3' Title=\"&notx &not;x\" data-x=un&amp;quoted \
             href=second checked>x</a>",
        );
        let a = first(&dom, "a");
        // In attributes a reference without `;` before `=` or a letter stays as written.
        assert_eq!(dom.attr(a, "href"), Some("?a=1&not=2&b=3"));
        assert_eq!(dom.attr(a, "title"), Some("&notx ¬x"));
        assert_eq!(dom.attr(a, "data-x"), Some("un&quoted"));
        assert_eq!(dom.attr(a, "checked"), Some(""));
        assert_eq!(dom.attr(a, "missing"), None);
        // `/>` ends a tag but does not close a `<div>`; in an unquoted value `/` is text.
        assert_eq!(
            outline("<body><div/>in<a href=x/>y</a>"),
            outline("<body><div>in<a>y</a></div>")
        );
        let dom = Dom::parse("<body><a href=x/>y</a>");
        assert_eq!(dom.attr(first(&dom, "a"), "href"), Some("x/"));
        let dom = Dom::parse("<body><a title=\"a > b\">y</a>");
        assert_eq!(dom.attr(first(&dom, "a"), "title"), Some("a > b"));
    }

    #[test]
    fn head_and_body() {
        assert_eq!(
            outline("<!doctype html><html><head><title>A &amp; <b>B</b></title>\n<meta name=x>\n</head>\n<body><p>x"),
            "<html><head><title>\"A & <b>B</b>\"</title>\"\\n\"<meta></meta>\"\\n\"</head>\"\\n\"<body><p>\"x\"</p></body></html>"
        );
        // Text or a body element in the head starts the body.
        assert_eq!(
            outline("<title>T</title> junk<meta name=x>"),
            "<html><head><title>\"T\"</title>\" \"</head><body>\"junk\"<meta></meta></body></html>"
        );
        assert_eq!(
            outline("<meta name=a><div>x</div>"),
            "<html><head><meta></meta></head><body><div>\"x\"</div></body></html>"
        );
        // With scripting on, `<noscript>` holds text, not elements.
        assert_eq!(
            outline("<noscript><meta name=b></noscript><body>"),
            "<html><head><noscript>\"<meta name=b>\"</noscript></head><body></body></html>"
        );
    }

    #[test]
    fn implied_end_tags() {
        let cases = [
            (
                "<p>a<div>b</div>c</p>",
                "<p>\"a\"</p><div>\"b\"</div>\"c\"<p></p>",
            ),
            (
                "<ul><li>one<li>two</ul>",
                "<ul><li>\"one\"</li><li>\"two\"</li></ul>",
            ),
            (
                "<dl><dt>a<dd>b<dt>c</dl>",
                "<dl><dt>\"a\"</dt><dd>\"b\"</dd><dt>\"c\"</dt></dl>",
            ),
            ("<h1>a<h2>b</h1>c", "<h1>\"a\"</h1><h2>\"b\"</h2>\"c\""),
            ("<p>a<h1>b</h1>", "<p>\"a\"</p><h1>\"b\"</h1>"),
            (
                "<table><tr><td>a<td>b<tr><td>c</table>d",
                "<table><tr><td>\"a\"</td><td>\"b\"</td></tr><tr><td>\"c\"</td></tr></table>\"d\"",
            ),
            // Table parts outside a table are ignored.
            ("<td>a</td>b", "\"ab\""),
            ("<div><span>a</div>b", "<div><span>\"a\"</span></div>\"b\""),
            // An end tag with a special element in between is ignored.
            (
                "<span><div>a</span>b</div>c",
                "<span><div>\"ab\"</div>\"c\"</span>",
            ),
            ("<pre>\nx</pre>", "<pre>\"x\"</pre>"),
            ("a<br>b</br>c", "\"a\"<br></br>\"b\"<br></br>\"c\""),
            (
                "<select><option>a<option>b</select>",
                "<select><option>\"a\"</option><option>\"b\"</option></select>",
            ),
            // Inside MathML and SVG, `<x/>` is empty and `<title>` holds markup; an HTML
            // block element ends them.
            ("<math><mi/>x</math>", "<math><mi></mi>\"x\"</math>"),
            (
                "<svg><title id=\"a\"/><use/></svg>b",
                "<svg><title></title><use></use></svg>\"b\"",
            ),
            ("<svg><g><p>x", "<svg><g></g></svg><p>\"x\"</p>"),
            (
                "<svg><title>a</title>b</svg>c",
                "<svg><title>\"a\"</title>\"b\"</svg>\"c\"",
            ),
            // Only a line feed right after `<pre>` is dropped.
            (
                "<pre><code>\nx</code></pre>",
                "<pre><code>\"\\nx\"</code></pre>",
            ),
            // A form inside a form is ignored.
            ("<form><form>a</form>b", "<form>\"a\"</form>\"b\""),
        ];
        for (body, want) in cases {
            let got = outline(&format!("<body>{body}"));
            let want = format!("<html><head></head><body>{want}</body></html>");
            assert_eq!(got, want, "{body}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_not_text() {
        assert_eq!(
            outline("\u{feff}<title>T</title><p>x"),
            "<html><head><title>\"T\"</title></head><body><p>\"x\"</p></body></html>"
        );
    }

    #[test]
    fn comments_and_text_nodes() {
        // Adjacent text is one node unless a node comes between.
        assert_eq!(texts("<body>a</span>b&amp;c"), ["ab&c"]);
        assert_eq!(texts("<body>a<!-- x -->b"), ["a", "b"]);
        assert_eq!(
            texts("<body>a<?xml version=1?>b<!x>c</ x>d"),
            ["a", "b", "c", "d"]
        );
        assert_eq!(texts("<body>a<!DOCTYPE html>b"), ["ab"]);
        assert_eq!(texts("<body>a<!-- never closed"), ["a"]);
        assert_eq!(texts("<body>a<!---->b<!-->c"), ["a", "b", "c"]);
        assert_eq!(texts("<body>1 < 2 </> 3"), ["1 < 2  3"]);
        assert_eq!(texts("<body><title>a<b></title>c"), ["a<b>", "c"]);
        assert_eq!(texts("<body><textarea>\n&lt;x</textarea>"), ["<x"]);
        assert_eq!(texts("<body><xmp>&lt;</xmp>"), ["&lt;"]);
        assert_eq!(
            texts("<body><plaintext></plaintext>&amp;"),
            ["</plaintext>&amp;"]
        );
    }

    #[test]
    fn text_of_an_element() {
        let dom = Dom::parse("<body><h1>Big <em>news</em> today</h1><p>x");
        assert_eq!(dom.text_of(first(&dom, "h1")), "Big news today");
        assert_eq!(dom.text_of(first(&dom, "p")), "x");
    }

    #[test]
    fn cut_and_odd_markup_does_not_panic() {
        for html in [
            "",
            "<",
            "</",
            "<a",
            "<a href",
            "<a href=",
            "<a href='x",
            "<a href=x",
            "</a",
            "</a x='>",
            "&",
            "&#",
            "&#x",
            "&#99999999999999999999;",
            "&amp",
            "<title>x",
            "<title>x</title",
            "<textarea>",
            "<!--",
            "<!",
            "<?",
            "<body\0>\0",
            "é<é>&é;",
            "<svg><p/>",
            "\r",
            "<p\r\n>",
        ] {
            let dom = Dom::parse(html);
            for i in 0..dom.len() {
                assert!(dom.end(i) > i && dom.end(i) <= dom.len(), "{html:?}");
                let _ = dom.text_of(i);
            }
        }
    }

    #[test]
    fn hostile_nesting_is_bounded() {
        let deep = "<div>".repeat(100_000);
        let dom = Dom::parse(&deep);
        assert!(dom.len() >= 100_000);
        let many = "<b></b>".repeat(150_000);
        let dom = Dom::parse(&format!("<body>{many}"));
        assert!(dom.len() <= MAX_NODES + 1);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Whatever the markup, the nodes nest: each subtree is a range inside its parent's,
        /// and no text is lost or invented outside markup.
        #[test]
        fn any_markup_gives_a_well_formed_tree(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "<div>", "</div>", "<p>", "</p>", "<li>", "</li>", "<ul>", "</ul>", "<table>",
                "<tr>", "<td>", "</td>", "</table>", "<b>", "</b>", "<a href=x>", "</a>",
                "<h1>", "</h1>", "<h2>", "<body>", "</body>", "<head>", "</head>", "<title>",
                "</title>", "<noscript>", "</noscript>", "<math>", "<mi/>", "</math>", "<br>",
                "</br>", "<img src=\"a\">", "<!--", "-->", "<?x>", "<!x>", "text", " ", "\n",
                "&amp;", "&not", "&#x41;", "&", "<", ">", "\"", "'", "=", "é", "<pre>", "<dd>",
                "<dt>", "<select>", "<option>", "</select>", "<meta name=a>", "<textarea>",
                "</textarea>", "<plaintext>", "\r", "\0",
            ][..]), 0..80)
        ) {
            let html: String = pieces.concat();
            let dom = Dom::parse(&html);
            for i in 0..dom.len() {
                let end = dom.end(i);
                proptest::prop_assert!(end > i && end <= dom.len());
                for j in i + 1..end {
                    proptest::prop_assert!(dom.end(j) <= end);
                }
            }
            // Markup-free input comes through as its own text.
            if !html.contains(['<', '&', '\r', '\0']) && !html.trim().is_empty() {
                let all: String = (0..dom.len())
                    .filter_map(|i| match dom.item(i) {
                        Item::Text(t) => Some(t),
                        Item::Element(_) => None,
                    })
                    .collect();
                proptest::prop_assert_eq!(all, html);
            }
        }
    }
}

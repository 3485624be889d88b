//! Values people write in `citations.toml` and on the command line: durations such as
//! `"1s"`, `"500ms"`, `"1d"` and sizes such as `"5 MiB"`.
//!
//! A bare number is also accepted (seconds, or bytes), because that is what people type
//! when they do not remember the unit syntax; anything else is an error that says what
//! was expected, so a typo never silently becomes a default.

use std::fmt;
use std::time::Duration;

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// Parses `"1s"`, `"1.5s"`, `"250ms"`, `"2m 30s"`, `"1d"` or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("empty duration; write e.g. \"1s\", \"500ms\" or \"2m\"".to_owned());
    }
    if let Ok(secs) = t.parse::<f64>() {
        return seconds(secs).ok_or_else(|| format!("invalid duration '{t}'"));
    }
    if let Some(secs) = t
        .strip_suffix('s')
        .and_then(|n| n.trim().parse::<f64>().ok())
    {
        return seconds(secs).ok_or_else(|| format!("invalid duration '{t}'"));
    }
    humantime::parse_duration(t).map_err(|e| {
        format!("invalid duration '{t}' ({e}); write e.g. \"1s\", \"500ms\", \"2m\" or \"1d\"")
    })
}

fn seconds(secs: f64) -> Option<Duration> {
    if secs.is_finite() && secs >= 0.0 {
        Duration::try_from_secs_f64(secs).ok()
    } else {
        None
    }
}

/// Parses `"5 MiB"`, `"512KiB"`, `"10MB"`, `"1048576"` (bytes) into a byte count.
pub fn parse_size(text: &str) -> Result<usize, String> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("invalid size '{t}'; write e.g. \"5 MiB\" or \"500 KiB\""))?;
    let factor: f64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "kib" => 1024.0,
        "m" | "mb" => 1e6,
        "mib" => 1024.0 * 1024.0,
        "g" | "gb" => 1e9,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        other => {
            return Err(format!(
                "invalid size unit '{other}' in '{t}'; use B, KB, KiB, MB, MiB, GB or GiB"
            ))
        }
    };
    let bytes = (number * factor).round();
    if bytes.is_finite() && bytes >= 0.0 && bytes <= usize::MAX as f64 {
        // In range and integral, so the cast is exact enough for a size limit.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(bytes as usize)
    } else {
        Err(format!("size '{t}' is out of range"))
    }
}

/// A duration in the config file: `"1s"`-style text or a number of seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationValue(pub Duration);

impl<'de> Deserialize<'de> for DurationValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DurationValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a duration such as \"1s\", \"500ms\" or \"2m\", or a number of seconds",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DurationValue, E> {
                parse_duration(v).map(DurationValue).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DurationValue, E> {
                Ok(DurationValue(Duration::from_secs(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DurationValue, E> {
                u64::try_from(v)
                    .map(|s| DurationValue(Duration::from_secs(s)))
                    .map_err(|_| E::custom("a duration cannot be negative"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<DurationValue, E> {
                seconds(v)
                    .map(DurationValue)
                    .ok_or_else(|| E::custom(format!("invalid duration {v}")))
            }
        }
        d.deserialize_any(V)
    }
}

/// A size in the config file: `"5 MiB"`-style text or a number of bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SizeValue(pub usize);

impl<'de> Deserialize<'de> for SizeValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = SizeValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a size such as \"5 MiB\", or a number of bytes")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<SizeValue, E> {
                parse_size(v).map(SizeValue).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<SizeValue, E> {
                usize::try_from(v)
                    .map(SizeValue)
                    .map_err(|_| E::custom("size out of range"))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<SizeValue, E> {
                usize::try_from(v)
                    .map(SizeValue)
                    .map_err(|_| E::custom("a size cannot be negative"))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        let ok = [
            ("1s", 1000),
            ("1.5s", 1500),
            ("250ms", 250),
            ("2m 30s", 150_000),
            ("1d", 86_400_000),
            ("3", 3000),
            ("0.02", 20),
            (" 20ms ", 20),
        ];
        for (text, ms) in ok {
            assert_eq!(
                parse_duration(text),
                Ok(Duration::from_millis(ms)),
                "{text}"
            );
        }
        for bad in ["", "fast", "-1", "1 fortnight", "NaN", "inf"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sizes() {
        let ok = [
            ("5 MiB", 5 * 1024 * 1024),
            ("512KiB", 512 * 1024),
            ("10MB", 10_000_000),
            ("1048576", 1_048_576),
            ("1.5 kib", 1536),
        ];
        for (text, bytes) in ok {
            assert_eq!(parse_size(text), Ok(bytes), "{text}");
        }
        for bad in ["", "MiB", "5 parsecs", "-3", "1e999"] {
            assert!(parse_size(bad).is_err(), "{bad}");
        }
    }
}

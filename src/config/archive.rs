//! The archive settings of `citations.toml`: which archives are asked for copies, and
//! how `--save-live` asks for new ones.

use std::num::NonZeroUsize;

use serde::Deserialize;

use super::Config;
use crate::archive::save::SaveSettings;
use crate::archive::{aggregator, known, known_ids, ArchiveSettings, Source, DEFAULT_MAX_TRIED};
use crate::error::Error;

/// `[[archive_source]]`: an archive of one's own, by its Memento endpoints.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArchiveSource {
    /// Its name in `archives`.
    pub id: String,
    /// Its name for people.
    pub name: Option<String>,
    /// The TimeMap prefix (the URL is appended).
    pub timemap: String,
    /// The TimeGate prefix.
    pub timegate: Option<String>,
    /// Captures replay unaltered with `id_` after their timestamp.
    #[serde(default)]
    pub raw: bool,
}

impl Config {
    /// The archives to ask, or `None` when `archive = false`; an id that names no
    /// archive is an error.
    pub fn archive_settings(&self) -> Result<Option<ArchiveSettings>, Error> {
        let f = &self.file;
        if !f.archive.unwrap_or(true) {
            return Ok(None);
        }
        let own: Vec<Source> = f
            .archive_source
            .iter()
            .map(|s| Source {
                id: s.id.clone(),
                name: s.name.clone().unwrap_or_else(|| s.id.clone()),
                timemap: s.timemap.clone(),
                timegate: s.timegate.clone(),
                raw: s.raw,
            })
            .collect();
        let ids: Vec<String> = match &f.archives {
            Some(ids) => ids.clone(),
            None => known_ids()
                .into_iter()
                .map(str::to_owned)
                .chain(own.iter().map(|s| s.id.clone()))
                .collect(),
        };
        let mut sources = Vec::new();
        for id in &ids {
            let source = own
                .iter()
                .find(|s| &s.id == id)
                .cloned()
                .or_else(|| known(id));
            let Some(source) = source else {
                return Err(Error::Config(format!(
                    "archives: no archive is called '{id}'; known: {}, or one of [[archive_source]]",
                    known_ids().join(", ")
                )));
            };
            sources.push(source);
        }
        if let Some(prefix) = &f.archive_aggregator {
            sources.push(aggregator(prefix));
        }
        Ok(Some(ArchiveSettings {
            sources,
            max_tried: f
                .archive_max_tried
                .map_or(DEFAULT_MAX_TRIED, NonZeroUsize::get),
        }))
    }

    /// How `--save-live` asks for captures, when it is on (`save_live` is the flag).
    pub fn save_settings(&self, save_live: bool) -> Option<SaveSettings> {
        let f = &self.file;
        if !(save_live || f.save_live.unwrap_or(false)) {
            return None;
        }
        let d = SaveSettings::default();
        Some(SaveSettings {
            endpoint: f.save_live_endpoint.clone().unwrap_or(d.endpoint),
            recent: f.save_live_recent.map_or(d.recent, |v| v.0),
            interval: f.save_live_interval.map_or(d.interval, |v| v.0),
            max: f.save_live_max.unwrap_or(d.max),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn parse(text: &str) -> Config {
        Config::parse(text, "citations.toml", PathBuf::new()).unwrap()
    }

    #[test]
    fn every_known_archive_by_default_and_a_chosen_few_on_request() {
        let all = parse("").archive_settings().unwrap().unwrap();
        assert_eq!(all.sources.len(), 6);
        assert_eq!(all.sources[0].id, "internet-archive");
        let few = parse(
            "archives = [\"arquivo-pt\", \"mine\"]\narchive_aggregator = \"https://tt.example/timemap/link/\"\n\
             archive_max_tried = 2\n[[archive_source]]\nid = \"mine\"\ntimemap = \"http://127.0.0.1:1/tm/\"\n",
        )
        .archive_settings()
        .unwrap()
        .unwrap();
        let ids: Vec<&str> = few.sources.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["arquivo-pt", "mine", "aggregator"]);
        assert_eq!(few.max_tried, 2);
        assert_eq!(parse("archive = false").archive_settings().unwrap(), None);
        let err = parse("archives = [\"wayback\"]")
            .archive_settings()
            .unwrap_err();
        assert!(
            err.to_string().contains("no archive is called 'wayback'"),
            "{err}"
        );
    }

    #[test]
    fn save_live_is_off_unless_asked() {
        assert_eq!(parse("").save_settings(false), None);
        let s = parse("save_live_max = 3\nsave_live_interval = \"0s\"\n")
            .save_settings(true)
            .unwrap();
        assert_eq!((s.max, s.interval.as_secs()), (3, 0));
        assert!(parse("save_live = true").save_settings(false).is_some());
    }
}

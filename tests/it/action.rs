//! The GitHub Action: `action.yml` is valid action metadata (SchemaStore's schema, vendored
//! in tests/fixtures/schemas, since actionlint checks workflows, not action metadata), its
//! scripts parse, every input and step output it refers to exists, and the README's
//! workflow uses the Action's real inputs.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{fixture, root};

fn yaml(text: &str) -> Value {
    serde_norway::from_str(text).unwrap_or_else(|e| panic!("not YAML: {e}\n{text}"))
}

fn action() -> (String, Value) {
    let text = std::fs::read_to_string(root().join("action.yml")).unwrap();
    let value = yaml(&text);
    (text, value)
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(fixture("schemas/github-action.json")).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn errors(v: &Value) -> Vec<String> {
    validator()
        .iter_errors(v)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

fn inputs(action: &Value) -> BTreeSet<String> {
    action["inputs"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

fn steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"].as_array().unwrap()
}

/// Every `${{ <prefix>NAME... }}` reference in `text`: the NAMEs.
fn references(text: &str, prefix: &str) -> BTreeSet<String> {
    text.match_indices(prefix)
        .map(|(i, _)| {
            text[i + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                .collect()
        })
        .collect()
}

#[test]
fn action_yml_is_valid_action_metadata() {
    let (_, action) = action();
    let found = errors(&action);
    assert!(found.is_empty(), "action.yml: {found:#?}");
    assert_eq!(action["runs"]["using"], "composite");
    for input in inputs(&action) {
        let spec = &action["inputs"][&input];
        assert!(spec["description"].as_str().unwrap().len() > 10, "{input}");
    }
}

#[test]
fn the_schema_check_rejects_broken_metadata() {
    let (_, action) = action();
    // Each mistake alone: a run step without its shell, an input without `required`, an
    // unknown key, an output without its value.
    let breaks: [fn(&mut Value); 4] = [
        |a| {
            drop(
                a["runs"]["steps"][0]
                    .as_object_mut()
                    .unwrap()
                    .remove("shell"),
            )
        },
        |a| {
            drop(
                a["inputs"]["paths"]
                    .as_object_mut()
                    .unwrap()
                    .remove("required"),
            )
        },
        |a| a["runs"]["stepz"] = Value::Null,
        |a| {
            drop(
                a["outputs"]["exit-code"]
                    .as_object_mut()
                    .unwrap()
                    .remove("value"),
            )
        },
    ];
    for (i, break_it) in breaks.iter().enumerate() {
        let mut broken = action.clone();
        break_it(&mut broken);
        assert!(!errors(&broken).is_empty(), "mistake {i} went unnoticed");
    }
}

#[test]
fn every_input_and_step_output_referred_to_exists() {
    let (text, action) = action();
    let declared = inputs(&action);
    let used = references(&text, "inputs.");
    assert_eq!(used, declared, "inputs used in action.yml vs declared");

    let ids: BTreeSet<String> = steps(&action)
        .iter()
        .filter_map(|s| s["id"].as_str().map(str::to_owned))
        .collect();
    for reference in references(&text, "steps.") {
        let mut parts = reference.splitn(3, '.');
        let (id, kind, name) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        assert!(ids.contains(id), "no step {id}");
        let step = steps(&action).iter().find(|s| s["id"] == id).unwrap();
        if kind == "outputs" && step["uses"].is_null() {
            let run = step["run"].as_str().unwrap();
            assert!(
                run.contains(&format!("{name}=")),
                "step {id} never writes output {name}"
            );
        }
    }
    for (name, output) in action["outputs"].as_object().unwrap() {
        let value = output["value"].as_str().unwrap();
        assert!(
            value.starts_with("${{ steps."),
            "{name} is a step's output: {value}"
        );
    }
}

#[test]
fn scripts_take_inputs_from_the_environment_and_parse() {
    let (_, action) = action();
    for step in steps(&action) {
        if let Some(uses) = step["uses"].as_str() {
            let (_, version) = uses.split_once('@').unwrap();
            assert!(version.starts_with('v'), "{uses}: pin a major version");
            continue;
        }
        let run = step["run"].as_str().unwrap();
        // An expression inside a script is pasted in as code: an input holding `"; rm -rf
        // ~` would run. Inputs reach scripts through `env` only.
        assert!(!run.contains("${{"), "expression in a script: {run}");
        assert_eq!(step["shell"], "bash");
        let out = std::process::Command::new("bash")
            .args(["-n", "-c", run])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            step["name"],
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The README's "In CI (GitHub Actions)" section.
fn ci_section() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme.find("## In CI (GitHub Actions)\n").unwrap();
    let rest = &readme[start + 3..];
    let end = rest.find("\n## ").map_or(rest.len(), |i| i + 1);
    rest[..end].to_owned()
}

#[test]
fn the_readme_workflow_uses_the_actions_real_inputs() {
    let (_, action) = action();
    let declared = inputs(&action);
    let section = ci_section();
    let blocks: Vec<&str> = section
        .split("```yaml\n")
        .skip(1)
        .map(|b| b.split("\n```").next().unwrap())
        .collect();
    assert_eq!(blocks.len(), 1, "one complete workflow");
    let workflow = yaml(blocks[0]);
    let mut used = BTreeSet::new();
    let mut uses = BTreeSet::new();
    for (name, job) in workflow["jobs"].as_object().unwrap() {
        assert!(job["runs-on"].is_string(), "{name}");
        for step in job["steps"].as_array().unwrap() {
            let Some(action_ref) = step["uses"].as_str() else {
                continue;
            };
            uses.insert(action_ref.split('@').next().unwrap().to_owned());
            if !action_ref.starts_with("citecheck/citecheck@") {
                continue;
            }
            for key in step["with"].as_object().into_iter().flatten().map(|w| w.0) {
                assert!(declared.contains(key), "README uses no such input: {key}");
                used.insert(key.clone());
            }
        }
    }
    for promised in ["shard", "merge", "fail-on", "sarif"] {
        assert!(used.contains(promised), "the workflow shows {promised}");
    }
    assert!(
        uses.contains("actions/cache"),
        "the workflow caches .citecheck/"
    );
    assert!(blocks[0].contains("path: .citecheck/"));
    assert!(blocks[0].contains("security-events: write"));
    // The table of inputs lists each input once, and no other.
    let listed: BTreeSet<String> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_owned)
        .collect();
    assert_eq!(listed, declared, "README's input table vs action.yml");
    for input in &declared {
        let default = action["inputs"][input]["default"]
            .as_str()
            .unwrap_or_default();
        let row = section
            .lines()
            .find(|l| l.starts_with(&format!("| `{input}` |")))
            .unwrap();
        assert!(
            default.is_empty() || row.contains(&format!("`{default}`")),
            "README's default for {input} is not `{default}`: {row}"
        );
    }
    for output in action["outputs"].as_object().unwrap().keys() {
        assert!(section.contains(&format!("`{output}`")), "output {output}");
    }
}

/// The script of the step named `name`.
fn script(action: &Value, name: &str) -> String {
    steps(action)
        .iter()
        .find(|s| s["name"] == name)
        .and_then(|s| s["run"].as_str())
        .unwrap_or_else(|| panic!("no step {name}"))
        .to_owned()
}

/// Runs a step's script in `dir` as the runner would, with `env`; returns the exit code
/// and what it wrote to `$GITHUB_OUTPUT`.
fn run_step(
    dir: &std::path::Path,
    script: &str,
    env: &[(&str, &str)],
) -> (Option<i32>, String, String) {
    let output = dir.join("github-output");
    std::fs::write(&output, "").unwrap();
    let out = std::process::Command::new("bash")
        // As the runner starts `shell: bash`.
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("GITHUB_OUTPUT", &output)
        .env("GITHUB_PATH", dir.join("github-path"))
        .env("GITHUB_STEP_SUMMARY", dir.join("summary.md"))
        .env("CITECHECK_CANARY", crate::support::live_canary())
        .env("SOURCE_DATE_EPOCH", "1795651200")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.code(),
        std::fs::read_to_string(&output).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_steps_check_shard_merge_and_summarise_as_on_a_runner() {
    use wiremock::matchers::path;
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    for (p, status, title) in [("/a", 200, "A Title"), ("/gone", 404, "Not Found")] {
        Mock::given(path(p))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("content-type", "text/html")
                    .set_body_string(format!("<title>{title}</title>")),
            )
            .mount(&server)
            .await;
    }
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("docs/sub")).unwrap();
    std::fs::write(
        d.join("docs/a.md"),
        "A.[^1]\n\n[^1]: “A Title,” 2023, https://a.example/a.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("docs/sub/b b.md"),
        "B.[^1]\n\n[^1]: “Gone,” 2019, https://b.example/gone.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("citations.toml"),
        format!(
            "host_request_interval = \"0s\"\nmax_retries = 0\narchive = false\n[biblio]\nenabled = false\n\
             [[remap]]\npattern = '^https://[ab]\\.example/(.*)$'\nreplace = 'http://127.0.0.1:{}/${{1}}'\n",
            server.address().port()
        ),
    )
    .unwrap();
    std::fs::create_dir_all(d.join("root/bin")).unwrap();
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_citecheck"),
        d.join("root/bin/citecheck"),
    )
    .unwrap();
    let root_dir = d.join("root");
    let root_dir = root_dir.to_str().unwrap().to_owned();
    let (_, action) = action();
    let check = script(&action, "Check the citations");
    let d2 = d.to_owned();
    let step = move |env: Vec<(&'static str, String)>| {
        let mut all: Vec<(&str, String)> = vec![
            ("ROOT", root_dir.clone()),
            ("IN_PATHS", String::new()),
            ("IN_MERGE", String::new()),
            ("IN_CONFIG", String::new()),
            ("IN_FAIL_ON", String::new()),
            ("IN_REPORT_DIR", "out".into()),
            ("IN_SARIF", String::new()),
            ("IN_SHARD", String::new()),
            ("IN_ARGS", "--no-cache".into()),
        ];
        for (k, v) in env {
            all.retain(|(key, _)| *key != k);
            all.push((k, v));
        }
        let pairs: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
        run_step(&d2, &check, &pairs)
    };
    let step = std::sync::Arc::new(step);
    let run = |env: Vec<(&'static str, String)>| {
        let step = step.clone();
        async move {
            tokio::task::spawn_blocking(move || step(env))
                .await
                .unwrap()
        }
    };

    // The whole corpus: a glob with a space in a file name, SARIF, outputs.
    let (code, outputs, err) = run(vec![
        ("IN_PATHS", "  docs/**/*.md  \n\n".into()),
        ("IN_SARIF", "out/c.sarif".into()),
    ])
    .await;
    assert_eq!(code, Some(0), "the step itself succeeds: {err}");
    for line in [
        "exit-code=1",
        "report-dir=out",
        "sarif-file=out/c.sarif",
        "reliability=0.5",
        "failing=1",
    ] {
        assert!(outputs.lines().any(|l| l == line), "{line} in {outputs}");
    }
    let report = crate::support::read_report(&d.join("out"));
    assert_eq!(
        report["run"]["documents"].as_array().unwrap().len(),
        2,
        "{err}"
    );

    // The summary step copies report.md.
    let summary = script(&action, "Write the job summary");
    let (code, _, err) = run_step(d, &summary, &[("MD", "out/report.md"), ("ARTIFACT", "x")]);
    assert_eq!(code, Some(0), "{err}");
    let written = std::fs::read_to_string(d.join("summary.md")).unwrap();
    assert!(written.starts_with("# Citation check"), "{written}");
    // A report over GitHub's 1 MiB per step keeps its head and points to the artifact.
    let mut big = String::from("# Citation check\n\n## Summary\n\nfindings\n\n## All citations\n");
    big.push_str(&"| a row of the table |\n".repeat(60_000));
    std::fs::write(d.join("big.md"), big).unwrap();
    std::fs::write(d.join("summary.md"), "").unwrap();
    let (code, _, err) = run_step(
        d,
        &summary,
        &[("MD", "big.md"), ("ARTIFACT", "the-reports")],
    );
    assert_eq!(code, Some(0), "{err}");
    let written = std::fs::read_to_string(d.join("summary.md")).unwrap();
    assert!(
        written.len() < 1_000_000 && written.contains("findings"),
        "{}",
        written.len()
    );
    assert!(!written.contains("a row of the table") && written.contains("`the-reports` artifact"));

    // Shards that only report, then a merge that applies the policy.
    for k in ["1", "2"] {
        let (code, outputs, err) = run(vec![
            ("IN_PATHS", "docs/a.md\ndocs/sub/b b.md".into()),
            ("IN_SHARD", format!("{k}/2")),
            ("IN_FAIL_ON", "none".into()),
            ("IN_REPORT_DIR", format!("shards/{k}")),
        ])
        .await;
        assert_eq!(code, Some(0), "{err}");
        assert!(outputs.contains("exit-code=0\n"), "{outputs}{err}");
    }
    let (code, outputs, err) = run(vec![
        ("IN_MERGE", "shards/*/report.json".into()),
        ("IN_ARGS", String::new()),
        ("IN_FAIL_ON", "dead,title-mismatch".into()),
        ("IN_REPORT_DIR", "merged".into()),
        ("IN_SARIF", "merged/c.sarif".into()),
    ])
    .await;
    assert_eq!(code, Some(0), "{err}");
    for line in [
        "exit-code=1",
        "reliability=0.5",
        "failing=1",
        "sarif-file=merged/c.sarif",
    ] {
        assert!(
            outputs.lines().any(|l| l == line),
            "{line} in {outputs}{err}"
        );
    }

    // The cache key follows the action's sources.
    let key = script(&action, "Key the build on the action's ref and sources");
    let here = root();
    let (code, outputs, err) = run_step(d, &key, &[("GITHUB_ACTION_PATH", here.to_str().unwrap())]);
    assert_eq!(code, Some(0), "{err}");
    let hash = outputs
        .lines()
        .find_map(|l| l.strip_prefix("hash="))
        .unwrap();
    assert!(
        hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{outputs}"
    );

    // The last step turns the exit code into the job's.
    let fail = script(&action, "Fail when the policy says so");
    let (code, _, _) = run_step(d, &fail, &[("CODE", "1")]);
    assert_eq!(code, Some(1));
}

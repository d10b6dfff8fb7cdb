//! The task checks of exercises: one line of text (`check: <kind> <subject> key=value ...`)
//! evaluated against the saved workspace, never against a notebook's variables, so a task
//! ticks however the learner got there (a cell, a page, the REST-like API) and stays ticked
//! after a reload.
//!
//! Kinds, with the keys each takes (values with spaces in double quotes):
//! - `table <catalog.schema.table> [min_rows=N] [columns=a,b] [operation=MERGE]` (`operation`:
//!   a commit in the table's history did that Delta operation)
//! - `feature_table <name> [primary_keys=a,b] [timeseries=col] [min_rows=N] [tag=key:value]
//!   [published=true]` (a table with a primary key; `published`: it has an online copy)
//! - `function <catalog.schema.function>` (a Unity Catalog Python function)
//! - `experiment <name>`
//! - `runs [experiment=<name>] [filter="<search_runs filter>"] [min_count=N]
//!   [artifact=<path>] [logged_model=true]`: at least `min_count` (default 1) active runs match
//!   the filter, with MLflow's `search_runs` grammar; `artifact` and `logged_model` narrow
//!   the matches to runs holding that artifact path or a logged model.
//! - `model <name> [min_versions=N] [tag=key:value] [no_tag=key] [registry=workspace]`
//!   (Unity Catalog unless `registry=workspace`)
//! - `model_version <name> version=N [tag=key:value] [no_tag=key]`
//! - `alias <name>@<alias> [version=N]` and `no_alias <name>@<alias>`
//! - `endpoint <name> [entity=<model name>] [traffic=<served name>:<percent>,...]`: the
//!   endpoint's newest config (the one being deployed, else the live one)
//! - `pipeline <name> [min_rows=N]` (rows written by its updates so far)
//!
//! `tag` may repeat. A check that fails says what is missing, in words a learner can act on.

use std::collections::BTreeMap;

use crate::registry::RegistryKind;
use crate::tracking::{RunQuery, ViewType};
use crate::Workspace;

/// A parsed check line.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub kind: Kind,
    /// The thing checked (a table, model or endpoint name); empty for `runs`.
    pub subject: String,
    args: Vec<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Table,
    FeatureTable,
    Function,
    Experiment,
    Runs,
    Model,
    ModelVersion,
    Alias,
    NoAlias,
    Endpoint,
    Pipeline,
}

impl Kind {
    fn parse(word: &str) -> Option<Kind> {
        Some(match word {
            "table" => Kind::Table,
            "feature_table" => Kind::FeatureTable,
            "function" => Kind::Function,
            "experiment" => Kind::Experiment,
            "runs" => Kind::Runs,
            "model" => Kind::Model,
            "model_version" => Kind::ModelVersion,
            "alias" => Kind::Alias,
            "no_alias" => Kind::NoAlias,
            "endpoint" => Kind::Endpoint,
            "pipeline" => Kind::Pipeline,
            _ => return None,
        })
    }

    /// The keys the kind accepts.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Kind::Table => &["min_rows", "columns", "operation"],
            Kind::FeatureTable => &["primary_keys", "timeseries", "min_rows", "tag", "published"],
            Kind::Function | Kind::Experiment | Kind::NoAlias => &[],
            Kind::Runs => &[
                "experiment",
                "filter",
                "min_count",
                "artifact",
                "logged_model",
            ],
            Kind::Model => &["min_versions", "tag", "no_tag", "registry"],
            Kind::ModelVersion => &["version", "tag", "no_tag"],
            Kind::Alias => &["version"],
            Kind::Endpoint => &["entity", "traffic"],
            Kind::Pipeline => &["min_rows"],
        }
    }
}

/// Splits on spaces outside double quotes; quotes are removed.
fn words(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            c if c.is_whitespace() && !quoted => {
                if any {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            c => {
                cur.push(c);
                any = true;
            }
        }
    }
    if quoted {
        return Err("a double quote is not closed".into());
    }
    if any {
        out.push(cur);
    }
    Ok(out)
}

impl Check {
    pub fn parse(line: &str) -> Result<Check, String> {
        let words = words(line)?;
        let mut it = words.into_iter();
        let Some(first) = it.next() else {
            return Err("the check is empty".into());
        };
        let kind = Kind::parse(&first).ok_or_else(|| format!("unknown check kind '{first}'"))?;
        let mut subject = String::new();
        let mut args = Vec::new();
        for w in it {
            match w.split_once('=') {
                Some((k, v)) => {
                    if !kind.keys().contains(&k) {
                        return Err(format!("'{first}' takes no key '{k}'"));
                    }
                    args.push((k.to_string(), v.to_string()));
                }
                None if subject.is_empty() && kind != Kind::Runs => subject = w,
                None => {
                    return Err(format!(
                        "unexpected word '{w}' (keys are written key=value)"
                    ))
                }
            }
        }
        if subject.is_empty() && kind != Kind::Runs {
            return Err(format!("'{first}' needs the name of what it checks"));
        }
        if matches!(kind, Kind::Alias | Kind::NoAlias) && !subject.contains('@') {
            return Err(format!(
                "'{first}' names a model and an alias: <model>@<alias>"
            ));
        }
        if kind == Kind::ModelVersion && !args.iter().any(|(k, _)| k == "version") {
            return Err("'model_version' needs version=N".into());
        }
        let check = Check {
            kind,
            subject,
            args,
        };
        check.validate_values()?;
        Ok(check)
    }

    /// Numbers, booleans, `key:value` pairs and traffic shares parse.
    fn validate_values(&self) -> Result<(), String> {
        for (k, v) in &self.args {
            match k.as_str() {
                "min_rows" | "min_count" | "min_versions" | "version" => {
                    v.parse::<u64>()
                        .map_err(|_| format!("{k} must be a whole number, not '{v}'"))?;
                }
                "published" | "logged_model" if v != "true" => {
                    return Err(format!("{k} can only be true"));
                }
                "tag" if !v.contains(':') => {
                    return Err(format!("tag is written key:value, not '{v}'"));
                }
                "registry" if v != "workspace" && v != "uc" => {
                    return Err(format!("registry is uc or workspace, not '{v}'"));
                }
                "traffic" => {
                    traffic(v)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn arg(&self, key: &str) -> Option<&str> {
        self.args
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn all<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> {
        self.args
            .iter()
            .filter(move |(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    fn number(&self, key: &str) -> Option<u64> {
        self.arg(key).and_then(|v| v.parse().ok())
    }

    fn list(&self, key: &str) -> Option<Vec<String>> {
        self.arg(key).map(|v| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
    }

    /// `Ok` when the workspace satisfies the check; otherwise what is missing.
    pub fn evaluate(&self, ws: &Workspace) -> Result<(), String> {
        match self.kind {
            Kind::Table | Kind::FeatureTable => self.table(ws),
            Kind::Function => {
                let key = self.subject.to_lowercase();
                if ws.unity.functions.contains_key(&key) {
                    Ok(())
                } else {
                    Err(format!("there is no function {} yet", self.subject))
                }
            }
            Kind::Experiment => match ws.tracking.get_experiment_by_name(&self.subject) {
                Some(_) => Ok(()),
                None => Err(format!("there is no experiment named {} yet", self.subject)),
            },
            Kind::Runs => self.runs(ws),
            Kind::Model => self.model(ws),
            Kind::ModelVersion => self.model_version(ws),
            Kind::Alias | Kind::NoAlias => self.alias(ws),
            Kind::Endpoint => self.endpoint(ws),
            Kind::Pipeline => self.pipeline(ws),
        }
    }

    fn table(&self, ws: &Workspace) -> Result<(), String> {
        let key = self.subject.to_lowercase();
        let Some(t) = ws.unity.tables.get(&key) else {
            return Err(format!("there is no table {} yet", self.subject));
        };
        if self.kind == Kind::FeatureTable && t.primary_keys.is_empty() {
            return Err(format!(
                "{} exists but has no primary key, so it is not a feature table",
                self.subject
            ));
        }
        if let Some(keys) = self.list("primary_keys") {
            if t.primary_keys != keys {
                return Err(format!(
                    "{} has primary key [{}]; the task asks for [{}]",
                    self.subject,
                    t.primary_keys.join(", "),
                    keys.join(", ")
                ));
            }
        }
        if let Some(ts) = self.arg("timeseries") {
            if t.timeseries_column.as_deref() != Some(ts) {
                return Err(format!(
                    "{} has no timeseries column {ts} in its primary key",
                    self.subject
                ));
            }
        }
        let data = t.current();
        if let Some(min) = self.number("min_rows") {
            let rows = data.num_rows() as u64;
            if rows < min {
                return Err(format!(
                    "{} has {rows} rows; the task asks for at least {min}",
                    self.subject
                ));
            }
        }
        if let Some(cols) = self.list("columns") {
            let names = data.names();
            if let Some(missing) = cols.iter().find(|c| !names.contains(c)) {
                return Err(format!("{} has no column {missing}", self.subject));
            }
        }
        for tag in self.all("tag") {
            let (k, v) = tag.split_once(':').unwrap_or((tag, ""));
            if t.tags.get(k).map(String::as_str) != Some(v) {
                return Err(format!("{} has no tag {k} = {v}", self.subject));
            }
        }
        if let Some(op) = self.arg("operation") {
            if !t
                .history
                .iter()
                .any(|c| c.operation.eq_ignore_ascii_case(op))
            {
                return Err(format!("{}'s history has no {op} yet", self.subject));
            }
        }
        if self.arg("published").is_some() && t.online.is_empty() {
            return Err(format!(
                "{} is not published to an online store",
                self.subject
            ));
        }
        Ok(())
    }

    fn runs(&self, ws: &Workspace) -> Result<(), String> {
        let experiment_ids = match self.arg("experiment") {
            Some(name) => match ws.tracking.get_experiment_by_name(name) {
                Some(e) => vec![e.experiment_id.clone()],
                None => return Err(format!("there is no experiment named {name} yet")),
            },
            None => ws
                .tracking
                .experiments()
                .iter()
                .map(|e| e.experiment_id.clone())
                .collect(),
        };
        let query = RunQuery {
            experiment_ids,
            filter_string: self.arg("filter").unwrap_or("").to_string(),
            run_view_type: ViewType::ActiveOnly,
            max_results: 50_000,
            ..RunQuery::default()
        };
        let page = ws
            .tracking
            .search_runs(&query)
            .map_err(|e| format!("the task's run filter cannot be read: {e}"))?;
        let artifact = self.arg("artifact");
        let logged_model = self.arg("logged_model").is_some();
        let matching = page
            .runs
            .iter()
            .filter(|r| artifact.is_none_or(|p| has_artifact(ws, &r.info.run_id, p)))
            .filter(|r| {
                !logged_model
                    || ws
                        .tracking
                        .logged_models(&r.info.run_id)
                        .is_ok_and(|m| !m.is_empty())
            })
            .count() as u64;
        let min = self.number("min_count").unwrap_or(1);
        if matching >= min {
            return Ok(());
        }
        let mut what = String::from("runs");
        if let Some(name) = self.arg("experiment") {
            what += &format!(" in experiment {name}");
        }
        if let Some(f) = self.arg("filter") {
            what += &format!(" matching {f}");
        }
        if let Some(p) = artifact {
            what += &format!(" with an artifact {p}");
        }
        if logged_model {
            what += " with a logged model";
        }
        Err(format!(
            "{matching} {what}; the task asks for at least {min}"
        ))
    }

    fn registered<'w>(
        &self,
        ws: &'w Workspace,
        name: &str,
    ) -> Result<&'w crate::registry::RegisteredModel, String> {
        let kind = match self.arg("registry") {
            Some("workspace") => RegistryKind::Workspace,
            _ => RegistryKind::Uc,
        };
        let key = ws
            .unity
            .model_key(kind, name)
            .map_err(|e| format!("the task's model name cannot be read: {e}"))?;
        let models = match kind {
            RegistryKind::Uc => &ws.unity.models,
            RegistryKind::Workspace => &ws.unity.workspace_models,
        };
        models
            .get(&key)
            .ok_or_else(|| format!("there is no registered model {name} yet"))
    }

    fn tags(&self, what: &str, tags: &BTreeMap<String, String>) -> Result<(), String> {
        for tag in self.all("tag") {
            let (k, v) = tag.split_once(':').unwrap_or((tag, ""));
            if tags.get(k).map(String::as_str) != Some(v) {
                return Err(format!("{what} has no tag {k} = {v}"));
            }
        }
        for k in self.all("no_tag") {
            if tags.contains_key(k) {
                return Err(format!("{what} still has the tag {k}"));
            }
        }
        Ok(())
    }

    fn model(&self, ws: &Workspace) -> Result<(), String> {
        let m = self.registered(ws, &self.subject)?;
        if let Some(min) = self.number("min_versions") {
            let n = m.versions.len() as u64;
            if n < min {
                return Err(format!(
                    "{} has {n} versions; the task asks for at least {min}",
                    self.subject
                ));
            }
        }
        self.tags(&self.subject, &m.tags)
    }

    fn model_version(&self, ws: &Workspace) -> Result<(), String> {
        let m = self.registered(ws, &self.subject)?;
        let version = self.number("version").unwrap_or(0);
        let what = format!("version {version} of {}", self.subject);
        let v = m
            .versions
            .iter()
            .find(|v| u64::from(v.version) == version)
            .ok_or_else(|| format!("there is no {what} yet"))?;
        self.tags(&what, &v.tags)
    }

    fn alias(&self, ws: &Workspace) -> Result<(), String> {
        let (name, alias) = self.subject.rsplit_once('@').unwrap_or((&self.subject, ""));
        let m = self.registered(ws, name)?;
        // Aliases are case-insensitive in Unity Catalog and stored lower-case.
        let found = m
            .aliases
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(alias))
            .map(|(_, v)| *v);
        match (self.kind, found) {
            (Kind::NoAlias, None) => Ok(()),
            (Kind::NoAlias, Some(v)) => Err(format!(
                "{name} still has the alias {alias} (on version {v})"
            )),
            (_, None) => Err(format!("{name} has no alias {alias} yet")),
            (_, Some(v)) => match self.number("version") {
                Some(want) if u64::from(v) != want => Err(format!(
                    "{alias} points to version {v} of {name}; the task asks for version {want}"
                )),
                _ => Ok(()),
            },
        }
    }

    fn endpoint(&self, ws: &Workspace) -> Result<(), String> {
        let Some(e) = ws.serving.endpoints.get(&self.subject) else {
            return Err(format!("there is no serving endpoint {} yet", self.subject));
        };
        let Some(config) = e.pending.as_ref().map(|p| &p.config).or(e.config.as_ref()) else {
            return Err(format!("{} has no configuration yet", self.subject));
        };
        if let Some(entity) = self.arg("entity") {
            if !config
                .served_entities
                .iter()
                .any(|s| s.entity_name.eq_ignore_ascii_case(entity))
            {
                return Err(format!("{} does not serve {entity}", self.subject));
            }
        }
        if let Some(want) = self.arg("traffic") {
            let want = traffic(want)?;
            let have: Vec<(String, u32)> = config
                .routes
                .iter()
                .map(|r| (r.served_model_name.clone(), r.traffic_percentage))
                .collect();
            for (name, pct) in &want {
                let got = have.iter().find(|(n, _)| n == name).map(|(_, p)| *p);
                if got != Some(*pct) {
                    let shares = have
                        .iter()
                        .map(|(n, p)| format!("{n} {p}%"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    return Err(format!(
                        "{} routes {shares}; the task asks for {name} to get {pct}%",
                        self.subject
                    ));
                }
            }
        }
        Ok(())
    }

    fn pipeline(&self, ws: &Workspace) -> Result<(), String> {
        let Some(p) = ws.streaming.pipelines.get(&self.subject) else {
            return Err(format!("there is no pipeline {} yet", self.subject));
        };
        if let Some(min) = self.number("min_rows") {
            let rows = p.counters.rows_written;
            if rows < min {
                return Err(format!(
                    "{} has written {rows} rows; the task asks for at least {min}",
                    self.subject
                ));
            }
        }
        Ok(())
    }
}

/// `served:percent,...`.
fn traffic(v: &str) -> Result<Vec<(String, u32)>, String> {
    v.split(',')
        .map(|part| {
            let (name, pct) = part
                .rsplit_once(':')
                .ok_or_else(|| format!("traffic is written name:percent,..., not '{v}'"))?;
            let pct = pct
                .parse::<u32>()
                .map_err(|_| format!("'{pct}' in traffic is not a whole percent"))?;
            Ok((name.to_string(), pct))
        })
        .collect()
}

fn has_artifact(ws: &Workspace, run_id: &str, path: &str) -> bool {
    let path = path.trim_end_matches('/');
    let (parent, _) = path.rsplit_once('/').unwrap_or(("", path));
    let parent = (!parent.is_empty()).then_some(parent);
    ws.tracking
        .list_artifacts(run_id, parent)
        .is_ok_and(|files| files.iter().any(|f| f.path == path))
}

//! Pipelines wired to the workspace: the source and output are Unity Catalog tables (so
//! `spark.table(...)` reads the output), and the model comes from the Unity Catalog
//! registry. Every call takes the time; `step` also takes a clock to measure the work.

use std::collections::BTreeMap;

use super::batch::{self, PROCESSED_AT};
use super::code;
use super::error::StreamingError;
use super::latency;
use super::pipeline::{BatchStat, Counters, Pipeline, Update};
use super::spec::{self, Mode, NotebookCode, PipelineSpec};
use crate::catalog::names::FullName;
use crate::registry::store::RegistryKind;
use crate::table::Table;
use crate::tracking::LoadedModel;
use crate::Workspace;

/// Delta's operation name for a streaming write.
pub const STREAMING_UPDATE: &str = "STREAMING UPDATE";

fn source_error(e: crate::tracking::MlflowError) -> StreamingError {
    StreamingError::Source(e.message)
}

impl Workspace {
    fn pipeline(&self, name: &str) -> Result<&Pipeline, StreamingError> {
        self.streaming
            .pipelines
            .get(name)
            .ok_or_else(|| StreamingError::NoPipeline(name.to_string()))
    }

    fn pipeline_mut(&mut self, name: &str) -> Result<&mut Pipeline, StreamingError> {
        self.streaming
            .pipelines
            .get_mut(name)
            .ok_or_else(|| StreamingError::NoPipeline(name.to_string()))
    }

    /// The source table's current data (SELECT on it).
    fn source_data(&self, source: &str) -> Result<std::sync::Arc<Table>, StreamingError> {
        let name = self.unity.table_name(source).map_err(source_error)?;
        self.unity.read_table(&name, None).map_err(source_error)
    }

    /// Resolves a `models:/` URI to its version and loads it.
    fn pipeline_model(&self, uri: &str) -> Result<(String, LoadedModel), StreamingError> {
        let model = |e: crate::tracking::MlflowError| StreamingError::Model(e.message);
        let (_, version) = self.unity.resolve(RegistryKind::Uc, uri).map_err(model)?;
        let loaded = self
            .unity
            .load(RegistryKind::Uc, &self.tracking, uri)
            .map_err(model)?;
        Ok((version.version.to_string(), loaded))
    }

    /// Creates a pipeline after checking everything a first update would need: the source
    /// is readable, the model resolves and loads, the feature columns are in the source, and
    /// the output table can be created. The output table is created (empty) at once, so
    /// `spark.table(output)` works before the first batch. Empty `features` take the model
    /// signature's inputs.
    pub fn create_pipeline(
        &mut self,
        mut spec: PipelineSpec,
        now: i64,
    ) -> Result<&Pipeline, StreamingError> {
        spec.name = spec.name.trim().to_string();
        if let Some(code) = spec.notebook.clone() {
            return self.create_notebook_pipeline(spec, code, now);
        }
        let (source, output, _) = spec::check(&spec)?;
        spec.source = source.to_string();
        spec.output = output.to_string();
        spec.model_uri = spec.model_uri.trim().to_string();
        if self.streaming.pipelines.contains_key(&spec.name) {
            return Err(StreamingError::PipelineExists(spec.name));
        }
        let data = self.source_data(&spec.source)?;
        let (_, model) = self.pipeline_model(&spec.model_uri)?;
        if spec.features.is_empty() {
            spec.features = model
                .signature
                .as_ref()
                .map(|s| s.inputs.iter().filter_map(|c| c.name.clone()).collect())
                .unwrap_or_default();
        }
        if spec.features.is_empty() {
            return Err(StreamingError::Invalid(format!(
                "The model {} has no signature naming its inputs: list the feature columns to pass to it.",
                spec.model_uri
            )));
        }
        for f in &spec.features {
            if data.find(f, true).is_err() {
                return Err(StreamingError::MissingColumn {
                    column: f.clone(),
                    table: spec.source.clone(),
                    columns: data.names().join(", "),
                });
            }
        }
        for added in [batch::PREDICTION, batch::BATCH_ID, PROCESSED_AT] {
            if data.find(added, true).is_ok() {
                return Err(StreamingError::Source(format!(
                    "the source already has a column named '{added}', which the pipeline adds to each output row; rename it in the source first"
                )));
            }
        }
        let empty = batch::output_schema(&data, batch::prediction_dtype(&model))
            .map_err(StreamingError::Output)?;
        let comment = format!(
            "Streaming table of pipeline {}: {} scored by {}",
            spec.name, spec.source, spec.model_uri
        );
        self.unity
            .create_table(&output, empty, &comment, now)
            .map_err(|e| StreamingError::Output(e.message))?;
        let creator = self.unity.principal();
        Ok(self.add_pipeline(spec, creator, now))
    }

    /// Adds a new, idle pipeline (its name checked free by the caller).
    fn add_pipeline(&mut self, spec: PipelineSpec, creator: String, now: i64) -> &Pipeline {
        let pipeline = Pipeline {
            spec,
            created_at: now,
            creator,
            counters: Counters::default(),
            update: None,
            last_error: None,
            batches: Default::default(),
        };
        let name = pipeline.spec.name.clone();
        self.streaming.pipelines.entry(name).or_insert(pipeline)
    }

    /// Creates a pipeline whose source code is a notebook's `@dlt.table` function (see
    /// [`code`]): the notebook runs once to find the dataset, its source and its columns, and
    /// the output table is created with those columns.
    fn create_notebook_pipeline(
        &mut self,
        mut spec: PipelineSpec,
        notebook: NotebookCode,
        now: i64,
    ) -> Result<&Pipeline, StreamingError> {
        spec::check_settings(&spec)?;
        if self.streaming.pipelines.contains_key(&spec.name) {
            return Err(StreamingError::PipelineExists(spec.name));
        }
        let (catalog, schema) = code::target(&notebook.target)?;
        let text = code::notebook_code(self, &notebook.notebook_id)?;
        let user = self.unity.principal();
        let produced = code::run(
            self,
            &text,
            (&catalog, &schema),
            None,
            &user,
            now,
            &mut || 0.0,
        )?;
        if produced.output == produced.source {
            return Err(StreamingError::Output(format!(
                "the dataset {} is also the table it streams from: a streaming table reading its own output would loop",
                produced.output
            )));
        }
        let notebook_name = self
            .notebooks
            .iter()
            .find(|n| n.id == notebook.notebook_id)
            .map_or(String::new(), |n| n.name.clone());
        let comment = produced.comment.clone().unwrap_or_else(|| {
            format!(
                "Streaming table of pipeline {}, defined in notebook {notebook_name}",
                spec.name
            )
        });
        self.unity
            .create_table(&produced.output, produced.rows, &comment, now)
            .map_err(|e| StreamingError::Output(e.message))?;
        spec.source = produced.source.to_string();
        spec.output = produced.output.to_string();
        spec.model_uri = String::new();
        spec.features = Vec::new();
        spec.notebook = Some(NotebookCode {
            notebook_id: notebook.notebook_id,
            target: format!("{catalog}.{schema}"),
        });
        Ok(self.add_pipeline(spec, user, now))
    }

    /// Starts an update: the model URI is resolved now (an alias names a version until the
    /// next update). Starting a running pipeline changes nothing.
    pub fn start_pipeline(&mut self, name: &str, now: i64) -> Result<(), StreamingError> {
        let p = self.pipeline(name)?;
        if p.update.is_some() {
            return Ok(());
        }
        let uri = p.spec.model_uri.clone();
        let source = p.spec.source.clone();
        let notebook = p.spec.notebook.clone();
        // A notebook pipeline takes its code now; a model pipeline resolves its model now.
        let resolved = match &notebook {
            Some(n) => {
                code::notebook_code(self, &n.notebook_id).map(|text| (String::new(), Some(text)))
            }
            None => self.pipeline_model(&uri).map(|(v, _)| (v, None)),
        }
        .and_then(|(v, text)| Ok((v, text, self.source_data(&source)?.num_rows() as u64)));
        let p = self.pipeline_mut(name)?;
        let (version, text, rows) = match resolved {
            Ok(r) => r,
            Err(e) => {
                p.last_error = Some(e.to_string());
                return Err(e);
            }
        };
        p.counters.updates += 1;
        p.last_error = None;
        p.update = Some(Update {
            id: p.counters.updates,
            started_at: now,
            model_version: version,
            until_row: rows,
            code: text,
        });
        Ok(())
    }

    /// Stops the running update (the rows already written stay).
    pub fn stop_pipeline(&mut self, name: &str) -> Result<(), StreamingError> {
        self.pipeline_mut(name)?.update = None;
        Ok(())
    }

    /// Changes the rows per micro-batch from the next batch on.
    pub fn set_pipeline_batch_size(
        &mut self,
        name: &str,
        rows: usize,
    ) -> Result<(), StreamingError> {
        spec::check_batch_size(rows)?;
        self.pipeline_mut(name)?.spec.batch_size = rows;
        Ok(())
    }

    /// Changes the simulated arrival rate (rows per second) from the next batch on.
    pub fn set_pipeline_rate(&mut self, name: &str, rate: f64) -> Result<(), StreamingError> {
        spec::check_rate(rate)?;
        self.pipeline_mut(name)?.spec.arrival_rows_per_s = rate;
        Ok(())
    }

    /// Deletes the pipeline and drops its output table, as deleting a pipeline removes the
    /// tables it manages. The source is left alone.
    pub fn delete_pipeline(&mut self, name: &str) -> Result<(), StreamingError> {
        let output = self.pipeline(name)?.spec.output.clone();
        if let Ok(n) = self.unity.table_name(&output) {
            if self.unity.table_exists(&n) {
                self.unity
                    .drop_table(&n)
                    .map_err(|e| StreamingError::Output(e.message))?;
            }
        }
        self.streaming.pipelines.remove(name);
        Ok(())
    }

    /// Rows in the pipeline's source table now (0 if it cannot be read).
    pub fn pipeline_source_rows(&self, name: &str) -> u64 {
        self.pipeline(name)
            .ok()
            .and_then(|p| self.source_data(&p.spec.source).ok())
            .map_or(0, |t| t.num_rows() as u64)
    }

    /// Processes one micro-batch: the next `batch_size` unread source rows (fewer at the
    /// end), scored in one model call and appended to the output table as a new Delta
    /// version. Starts an update first when idle. `Ok(None)`: no rows to read (a triggered
    /// update then completes; a continuous one keeps waiting for new rows). A failure stops
    /// the update and is kept as the pipeline's error.
    pub fn step_pipeline(
        &mut self,
        name: &str,
        now: i64,
        clock: &mut dyn FnMut() -> f64,
    ) -> Result<Option<BatchStat>, StreamingError> {
        self.start_pipeline(name, now)?;
        let result = self.process_batch(name, now, clock);
        let p = self.pipeline_mut(name)?;
        match &result {
            Err(e) => {
                p.update = None;
                p.last_error = Some(e.to_string());
            }
            Ok(_) => {
                let done = p.update.as_ref().is_some_and(|u| {
                    p.spec.mode == Mode::Triggered && p.counters.rows_read >= u.until_row
                });
                if done {
                    p.update = None;
                }
            }
        }
        result
    }

    fn process_batch(
        &mut self,
        name: &str,
        now: i64,
        clock: &mut dyn FnMut() -> f64,
    ) -> Result<Option<BatchStat>, StreamingError> {
        let p = self.pipeline(name)?;
        let spec = p.spec.clone();
        let offset = p.counters.rows_read;
        let batch_id = p.counters.batches;
        let Some(update) = p.update.clone() else {
            return Ok(None);
        };
        let data = self.source_data(&spec.source)?;
        let available = data.num_rows() as u64;
        if available < offset {
            return Err(StreamingError::Source(format!(
                "{} now has {available} rows but the stream has already read {offset}: rows were deleted or the table was overwritten, and a stream reads appended rows only. Delete this pipeline and create it again to start over.",
                spec.source
            )));
        }
        let end = match spec.mode {
            Mode::Triggered => update.until_row.min(available),
            Mode::Continuous => available,
        };
        if offset >= end {
            return Ok(None);
        }
        let last = (offset + spec.batch_size as u64).min(end);
        // Batch positions fit in usize: they are below the table's row count.
        let rows = data.slice(offset as usize, last as usize);
        let (written, processing_ms) = match &update.code {
            Some(text) => self.notebook_batch(&spec, text, rows, batch_id, now, clock)?,
            None => self.model_batch(&spec, &update, rows, batch_id, now, clock)?,
        };
        let stat = BatchStat {
            batch_id,
            update_id: update.id,
            first_row: offset,
            rows: last - offset,
            batch_size: spec.batch_size as u64,
            model_version: update.model_version,
            processed_at: now,
            latency: latency::model(
                (last - offset) as usize,
                spec.arrival_rows_per_s,
                processing_ms,
            ),
        };
        self.pipeline_mut(name)?.record(stat.clone(), written);
        Ok(Some(stat))
    }

    /// A model pipeline's batch: the model (loaded before the clock starts, as a Spark UDF is
    /// loaded once per update) scores the feature columns; returns the rows written and the
    /// milliseconds of scoring and writing.
    fn model_batch(
        &mut self,
        spec: &PipelineSpec,
        update: &Update,
        rows: Table,
        batch_id: u64,
        now: i64,
        clock: &mut dyn FnMut() -> f64,
    ) -> Result<(u64, f64), StreamingError> {
        let model_uri = format!(
            "models:/{}/{}",
            crate::registry::uri::ModelsUri::parse(&spec.model_uri)
                .map_err(|e| StreamingError::Model(e.message))?
                .name,
            update.model_version
        );
        let (_, model) = self.pipeline_model(&model_uri)?;
        let started = clock();
        let input = batch::model_input(&rows, &spec.features).map_err(|e| {
            StreamingError::Source(format!(
                "{e}; the source's columns changed since the pipeline was created"
            ))
        })?;
        let predictions = model.predict(&input).map_err(|e| StreamingError::Predict {
            batch: batch_id,
            message: e.message,
        })?;
        let out = batch::output_rows(
            &rows,
            &predictions,
            batch::prediction_dtype(&model),
            batch_id,
            now,
        )
        .map_err(|message| StreamingError::Predict {
            batch: batch_id,
            message,
        })?;
        self.append_output(spec, &out, batch_id, now)?;
        Ok((out.num_rows() as u64, clock() - started))
    }

    /// A notebook pipeline's batch: the update's code runs with the streaming read bound to
    /// `rows`, and what the table function returns is appended (it may filter rows). Only the
    /// function call and the write are timed (see [`code`]).
    fn notebook_batch(
        &mut self,
        spec: &PipelineSpec,
        text: &str,
        rows: Table,
        batch_id: u64,
        now: i64,
        clock: &mut dyn FnMut() -> f64,
    ) -> Result<(u64, f64), StreamingError> {
        let target = spec
            .notebook
            .as_ref()
            .map(|n| n.target.clone())
            .unwrap_or_default();
        let (catalog, schema) = code::target(&target)?;
        let user = self.unity.principal();
        let produced = code::run(
            self,
            text,
            (&catalog, &schema),
            Some((spec.source.clone(), std::rc::Rc::new(rows))),
            &user,
            now,
            clock,
        )?;
        if produced.output.to_string() != spec.output {
            return Err(StreamingError::Code(format!(
                "the notebook now defines {} but this pipeline writes {}: create the pipeline again to publish a new dataset",
                produced.output, spec.output
            )));
        }
        let started = clock();
        self.append_output(spec, &produced.rows, batch_id, now)?;
        Ok((
            produced.rows.num_rows() as u64,
            produced.call_ms + clock() - started,
        ))
    }

    /// Appends `rows` to the output table as one `STREAMING UPDATE` commit.
    fn append_output(
        &mut self,
        spec: &PipelineSpec,
        rows: &Table,
        batch_id: u64,
        now: i64,
    ) -> Result<(), StreamingError> {
        let output = |e: String| StreamingError::Output(e);
        let name: FullName = self
            .unity
            .table_name(&spec.output)
            .map_err(|e| output(e.message))?;
        let current = self.unity.read_table(&name, None).map_err(|e| {
            output(format!(
                "{} (recreate the pipeline to recreate it)",
                e.message
            ))
        })?;
        let all = current.union(rows).map_err(|e| {
            output(format!(
                "{e}; the output table's columns no longer match the batch"
            ))
        })?;
        let params = BTreeMap::from([
            ("outputMode".to_string(), "Append".to_string()),
            ("queryId".to_string(), spec.name.clone()),
            ("epochId".to_string(), batch_id.to_string()),
        ]);
        let metrics = BTreeMap::from([
            ("numOutputRows".to_string(), rows.num_rows() as i64),
            ("numAddedFiles".to_string(), 1),
        ]);
        self.unity
            .commit_table(&name, all, STREAMING_UPDATE, params, metrics, now)
            .map_err(|e| output(e.message))?;
        Ok(())
    }
}

//! Pipelines wired to the workspace: the source and output are Unity Catalog tables (so
//! `spark.table(...)` reads the output), and the model comes from the Unity Catalog
//! registry. Every call takes the time; `step` also takes a clock to measure the work.

use std::collections::BTreeMap;

use super::batch::{self, PROCESSED_AT};
use super::error::StreamingError;
use super::latency;
use super::pipeline::{BatchStat, Counters, Pipeline, Update};
use super::spec::{self, Mode, PipelineSpec};
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
        let pipeline = Pipeline {
            spec,
            created_at: now,
            creator: self.unity.principal(),
            counters: Counters::default(),
            update: None,
            last_error: None,
            batches: Default::default(),
        };
        let name = pipeline.spec.name.clone();
        Ok(self.streaming.pipelines.entry(name).or_insert(pipeline))
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
        let resolved = self
            .pipeline_model(&uri)
            .and_then(|(v, _)| Ok((v, self.source_data(&source)?.num_rows() as u64)));
        let p = self.pipeline_mut(name)?;
        let (version, rows) = match resolved {
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
        let started = clock();
        let model_uri = format!(
            "models:/{}/{}",
            crate::registry::uri::ModelsUri::parse(&spec.model_uri)
                .map_err(|e| StreamingError::Model(e.message))?
                .name,
            update.model_version
        );
        let (_, model) = self.pipeline_model(&model_uri)?;
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
        self.append_output(&spec, &out, batch_id, now)?;
        let processing_ms = clock() - started;
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
        self.pipeline_mut(name)?.record(stat.clone());
        Ok(Some(stat))
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

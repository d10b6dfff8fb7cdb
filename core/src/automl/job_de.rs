//! `Deserialize` for a [`WorkerEvent`], hand-written through one flat struct (see
//! `crate::flat_de`: serde's derive for this internally tagged enum buffers each message into
//! its `Content` tree and compiles the trial and model types a second time).

use serde::{Deserialize, Deserializer};

use super::job::WorkerEvent;
use super::run::{PrepReport, Progress, TrialOutcome};
use super::summary::Stop;
use crate::flat_de::{need, Bad, MapOnly};

#[derive(Deserialize)]
#[serde(variant_identifier, rename_all = "snake_case")]
enum EventType {
    Ready,
    Started,
    Trial,
    Done,
    Failed,
}

#[derive(Deserialize)]
#[serde(expecting = "internally tagged enum WorkerEvent")]
struct EventFields {
    #[serde(rename = "type")]
    kind: EventType,
    report: Option<Box<PrepReport>>,
    outcome: Option<Box<TrialOutcome>>,
    progress: Option<Progress>,
    stop: Option<Stop>,
    message: Option<String>,
}

impl EventFields {
    fn build(self) -> Result<WorkerEvent, Bad> {
        let f = self;
        Ok(match f.kind {
            EventType::Ready => WorkerEvent::Ready,
            EventType::Started => WorkerEvent::Started {
                report: need(f.report, "report")?,
            },
            EventType::Trial => WorkerEvent::Trial {
                outcome: need(f.outcome, "outcome")?,
                progress: need(f.progress, "progress")?,
            },
            EventType::Done => WorkerEvent::Done {
                stop: need(f.stop, "stop")?,
                progress: need(f.progress, "progress")?,
            },
            EventType::Failed => WorkerEvent::Failed {
                message: need(f.message, "message")?,
            },
        })
    }
}

impl<'de> Deserialize<'de> for WorkerEvent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        EventFields::deserialize(MapOnly(d))?
            .build()
            .map_err(Bad::into_error)
    }
}

//! Loading and saving through a store: damaged data is held, other tabs are not overwritten,
//! a full store keeps the last good save.

use lakelab_core::persist::envelope::{encode, SaveMeta};
use lakelab_core::persist::memory::{run_ready, MemoryStore};
use lakelab_core::persist::session::{load, Loaded, SaveError, Saver, SaverState};
use lakelab_core::persist::{Expected, Record, Store, StoreError};
use lakelab_core::Workspace;

const KEY: &str = "workspace";
const META: SaveMeta<'static> = SaveMeta {
    app_version: "0.1.0",
    saved_at_ms: 7,
};

fn ready<F: std::future::Future>(f: F) -> F::Output {
    run_ready(f).expect("memory store futures complete at once")
}

fn with_source(text: &str) -> Workspace {
    let mut ws = Workspace::default();
    ws.set_cell_source("nb1", "c2", text).unwrap();
    ws
}

fn loaded(store: &MemoryStore) -> Loaded<Workspace> {
    ready(load::<Workspace, _>(store, KEY)).unwrap()
}

#[test]
fn save_then_load_restores_exactly() {
    let store = MemoryStore::new();
    let first = loaded(&store);
    assert_eq!(first, Loaded::Empty);
    let mut saver = Saver::after_load(KEY, &first);
    assert_eq!(
        ready(saver.save(&store, &mut with_source("a"), META)),
        Ok(1)
    );
    assert_eq!(
        ready(saver.save(&store, &mut with_source("b"), META)),
        Ok(2)
    );
    match loaded(&store) {
        Loaded::Restored {
            decoded, revision, ..
        } => {
            assert_eq!(decoded.doc, with_source("b"));
            assert_eq!(revision, 2);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_second_tab_cannot_overwrite_a_newer_save() {
    let store = MemoryStore::new();
    let mut tab_a = Saver::after_load(KEY, &loaded(&store));
    ready(tab_a.save(&store, &mut with_source("a1"), META)).unwrap();
    let mut tab_b = Saver::after_load(KEY, &loaded(&store));
    ready(tab_a.save(&store, &mut with_source("a2"), META)).unwrap();
    assert!(tab_b.is_behind(2));

    let err = ready(tab_b.save(&store, &mut with_source("b"), META)).unwrap_err();
    assert_eq!(
        err,
        SaveError::Store(StoreError::Conflict { stored: Some(2) })
    );
    assert_eq!(tab_b.state(), SaverState::Conflict);
    // Later saves stay refused instead of retrying blindly.
    assert!(ready(tab_b.save(&store, &mut with_source("b2"), META)).is_err());
    assert_eq!(loaded(&store).doc(), with_source("a2"));

    // "Keep mine" is an explicit replace; tab A then sees the conflict in turn.
    assert_eq!(
        ready(tab_b.replace(&store, &mut with_source("b3"), META)),
        Ok(3)
    );
    assert_eq!(tab_b.state(), SaverState::Ready);
    assert!(ready(tab_a.save(&store, &mut with_source("a3"), META)).is_err());
    assert_eq!(loaded(&store).doc(), with_source("b3"));
}

#[test]
fn two_fresh_tabs_do_not_both_create() {
    let store = MemoryStore::new();
    let mut a = Saver::after_load(KEY, &loaded(&store));
    let mut b = Saver::after_load(KEY, &loaded(&store));
    ready(a.save(&store, &mut with_source("a"), META)).unwrap();
    assert!(matches!(
        ready(b.save(&store, &mut with_source("b"), META)),
        Err(SaveError::Store(StoreError::Conflict { stored: Some(1) }))
    ));
}

#[test]
fn unreadable_data_is_held_until_the_learner_decides() {
    let store = MemoryStore::new();
    let damaged = Record {
        revision: 4,
        body: "{not json".into(),
    };
    ready(store.put(KEY, damaged, Expected::Absent)).unwrap();
    let found = loaded(&store);
    let Loaded::Unreadable {
        raw,
        reason,
        revision,
    } = &found
    else {
        panic!("{found:?}");
    };
    assert_eq!(raw, "{not json");
    assert!(reason.contains("not valid JSON"), "{reason}");
    assert_eq!(*revision, Some(4));
    assert_eq!(found.doc(), Workspace::default());

    let mut saver = Saver::after_load(KEY, &found);
    assert_eq!(saver.state(), SaverState::Held);
    assert_eq!(
        ready(saver.save(&store, &mut with_source("x"), META)),
        Err(SaveError::Held)
    );
    // The damaged record is still there, byte for byte.
    let kept = ready(store.get(KEY)).unwrap().unwrap();
    assert_eq!(kept.body, "{not json");

    assert_eq!(
        ready(saver.replace(&store, &mut Workspace::default(), META)),
        Ok(5)
    );
    assert_eq!(
        ready(saver.save(&store, &mut with_source("y"), META)),
        Ok(6)
    );
    assert_eq!(loaded(&store).doc(), with_source("y"));
}

#[test]
fn a_value_that_is_not_a_record_is_held_with_its_raw_text() {
    let store = MemoryStore::new();
    store.put_garbage(KEY, "\u{0}\u{1}binary");
    let found = loaded(&store);
    assert!(
        matches!(&found, Loaded::Unreadable { raw, revision: None, .. } if raw == "\u{0}\u{1}binary")
    );
    let mut saver = Saver::after_load(KEY, &found);
    assert_eq!(
        ready(saver.save(&store, &mut with_source("x"), META)),
        Err(SaveError::Held)
    );
    assert_eq!(
        ready(saver.replace(&store, &mut with_source("x"), META)),
        Ok(1)
    );
    assert_eq!(loaded(&store).doc(), with_source("x"));
}

#[test]
fn quota_exceeded_keeps_the_last_good_save() {
    let small = encode(&with_source("ok"), META).unwrap().len();
    let store = MemoryStore::with_quota(small + 10);
    let mut saver = Saver::after_load(KEY, &loaded(&store));
    assert_eq!(
        ready(saver.save(&store, &mut with_source("ok"), META)),
        Ok(1)
    );
    let mut big = with_source(&"x".repeat(1000));
    let err = ready(saver.save(&store, &mut big, META)).unwrap_err();
    assert_eq!(err, SaveError::Store(StoreError::QuotaExceeded));
    assert!(err.to_string().contains("full"), "{err}");
    // Not a conflict: the saver keeps going once space is freed (here: a smaller document).
    assert_eq!(saver.state(), SaverState::Ready);
    assert_eq!(loaded(&store).doc(), with_source("ok"));
    assert_eq!(
        ready(saver.save(&store, &mut with_source("ok2"), META)),
        Ok(2)
    );
}

#[test]
fn expected_revision_rules() {
    assert!(Expected::Absent.matches(None));
    assert!(!Expected::Absent.matches(Some(1)));
    assert!(Expected::Revision(3).matches(Some(3)));
    assert!(!Expected::Revision(3).matches(Some(4)));
    assert!(!Expected::Revision(3).matches(None));
    assert!(Expected::Anything.matches(Some(9)));
}

#[test]
fn mergeable_documents_combine_instead_of_conflicting() {
    use lakelab_core::Progress;
    let store = MemoryStore::new();
    let found = ready(load::<Progress, _>(&store, "progress")).unwrap();
    let mut tab_a = Saver::after_load("progress", &found);
    let mut tab_b = Saver::after_load("progress", &found);
    let mut a = Progress {
        started_at_ms: Some(5),
        last_route: Some("/quiz".into()),
        ..Progress::default()
    };
    ready(tab_a.save(&store, &mut a, META)).unwrap();
    let b = Progress {
        started_at_ms: Some(9),
        last_route: Some("/notebook".into()),
        ..Progress::default()
    };
    let (rev, merged) = ready(tab_b.save_merging(&store, &b, META)).unwrap();
    assert_eq!(rev, 2);
    assert_eq!(
        merged,
        Progress {
            started_at_ms: Some(5),
            last_route: Some("/notebook".into()),
            ..Progress::default()
        }
    );
    assert_eq!(
        ready(load::<Progress, _>(&store, "progress"))
            .unwrap()
            .doc(),
        merged
    );

    // A workspace cannot be merged: the conflict stands and the other save is kept.
    let mut ws_a = Saver::after_load(KEY, &loaded(&store));
    let mut ws_b = Saver::after_load(KEY, &loaded(&store));
    ready(ws_a.save(&store, &mut with_source("a"), META)).unwrap();
    assert!(matches!(
        ready(ws_b.save_merging(&store, &with_source("b"), META)),
        Err(SaveError::Store(StoreError::Conflict { .. }))
    ));
    assert_eq!(loaded(&store).doc(), with_source("a"));
}

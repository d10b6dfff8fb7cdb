//! The bundled datasets: every listed file is in `public/datasets/` with the row count the
//! list states, and every CSV file there is listed (the app fetches only listed files).

use lakelab_core::datasets::DATASETS;

#[test]
fn the_dataset_list_matches_the_files() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/datasets");
    for d in DATASETS {
        let text = std::fs::read_to_string(root.join(d.file)).unwrap();
        assert_eq!(text.lines().count() - 1, d.rows, "{}", d.file);
    }
    let mut on_disk = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        if dir.is_dir() {
            for f in std::fs::read_dir(&dir).unwrap() {
                let f = f.unwrap().path();
                if f.extension().is_some_and(|e| e == "csv") {
                    on_disk.push(f.strip_prefix(&root).unwrap().to_string_lossy().to_string());
                }
            }
        }
    }
    on_disk.sort();
    let mut listed: Vec<String> = DATASETS.iter().map(|d| d.file.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

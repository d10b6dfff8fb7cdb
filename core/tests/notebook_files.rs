//! Files in cells: `open`, `os`, and MLflow artifacts from and to the notebook file system.

mod notebook_support;
use lakelab_core::persist::envelope::SaveMeta;
use lakelab_core::persist::memory::{run_ready, MemoryStore};
use lakelab_core::persist::session::{load, Loaded, Saver};
use lakelab_core::Workspace;
use notebook_support::Lab;

#[test]
fn cells_write_and_read_files_and_log_them_as_artifacts() {
    let mut lab = Lab::new();
    let out = lab.ok(
        "\
import os, mlflow
with open('report.txt', 'w') as f:
    f.write('accuracy: 0.92\\n')
    f.writelines(['line 2\\n', 'line 3\\n'])
os.makedirs('/dbfs/tmp/plots', exist_ok=True) if False else None
with open('/dbfs/tmp/plots/summary.csv', 'w') as f:
    print('a,b', file=None)
    f.write('a,b\\n1,2\\n')
print(os.getcwd(), os.path.exists('report.txt'), os.listdir('/dbfs/tmp'), os.path.join('/dbfs', 'tmp'))
with open('report.txt') as f:
    lines = f.readlines()
print(len(lines), lines[0].strip())
with mlflow.start_run() as run:
    mlflow.log_artifact('report.txt')
    mlflow.log_artifacts('/dbfs/tmp/plots', artifact_path='plots')
client = mlflow.MlflowClient()
print([f.path for f in client.list_artifacts(run.info.run_id)], [f.path for f in client.list_artifacts(run.info.run_id, 'plots')])
local = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path='report.txt', dst_path='/dbfs/downloads')
print(local, open(local).read().splitlines()[-1])
print(mlflow.artifacts.load_text(f'runs:/{run.info.run_id}/plots/summary.csv').split())
",
    );
    assert_eq!(
        out,
        "a,b\n/databricks/driver True ['plots'] /dbfs/tmp\n3 accuracy: 0.92\n['plots', 'report.txt'] ['plots/summary.csv']\n/dbfs/downloads/report.txt line 3\n['a,b', '1,2']\n"
    );
}

#[test]
fn file_errors_are_pythons() {
    let mut lab = Lab::new();
    assert_eq!(
        lab.err("open('missing.txt')"),
        "FileNotFoundError: [Errno 2] No such file or directory: 'missing.txt'"
    );
    assert!(lab
        .err("open('x.bin', 'wb')")
        .starts_with("NotImplementedError: binary file modes"));
    assert_eq!(
        lab.err("open('x.txt', 'q')"),
        "ValueError: invalid mode: 'q'"
    );
    assert_eq!(
        lab.err("f = open('a.txt', 'w')\nf.close()\nf.write('x')"),
        "ValueError: I/O operation on closed file."
    );
    assert_eq!(
        lab.err("import os\nos.remove('nope.txt')"),
        "FileNotFoundError: [Errno 2] No such file or directory: 'nope.txt'"
    );
    let caught = lab.ok("try:\n    open('nope')\nexcept OSError as e:\n    print('caught', type(e) if False else 'OSError')");
    assert_eq!(caught, "caught OSError\n");
}

#[test]
fn files_persist_with_the_workspace() {
    let mut lab = Lab::new();
    lab.ok("with open('/Volumes/main/default/raw/notes.txt', 'w') as f:\n    f.write('kept')");
    let store = MemoryStore::new();
    let meta = SaveMeta {
        app_version: "t",
        saved_at_ms: 0,
    };
    let mut saver = Saver::after_load("workspace", &Loaded::<Workspace>::Empty);
    run_ready(saver.save(&store, &mut lab.ws, meta))
        .unwrap()
        .unwrap();
    let Loaded::Restored { decoded, .. } = run_ready(load::<Workspace, _>(&store, "workspace"))
        .unwrap()
        .unwrap()
    else {
        panic!("not restored")
    };
    assert_eq!(
        decoded
            .doc
            .files
            .read("/Volumes/main/default/raw/notes.txt"),
        Ok(b"kept".as_slice())
    );
    assert_eq!(decoded.doc, lab.ws);
}

#[test]
fn dbutils_fs_works_on_dbfs_and_volumes() {
    let mut lab = Lab::new();
    let out = lab.ok("\
dbutils.fs.mkdirs('dbfs:/tmp/lab')
dbutils.fs.put('dbfs:/tmp/lab/a.txt', 'hello', overwrite=True)
dbutils.fs.put('/Volumes/main/default/raw/b.csv', 'x,y\\n1,2\\n')
print([f.name for f in dbutils.fs.ls('dbfs:/tmp')], dbutils.fs.ls('/tmp/lab')[0].path)
print(dbutils.fs.head('/tmp/lab/a.txt', 3), open('/dbfs/tmp/lab/a.txt').read())
dbutils.fs.cp('dbfs:/tmp/lab', 'dbfs:/backup', recurse=True)
print(dbutils.fs.rm('dbfs:/tmp/lab', recurse=True), [f.path for f in dbutils.fs.ls('dbfs:/backup')])
");
    assert_eq!(
        out,
        "['lab/'] dbfs:/tmp/lab/a.txt\nhel hello\nTrue ['dbfs:/backup/a.txt']\n"
    );
    assert!(lab
        .err("dbutils.fs.put('dbfs:/backup/a.txt', 'again')")
        .contains("FileAlreadyExistsException"));
    assert!(lab
        .err("dbutils.fs.ls('dbfs:/nowhere')")
        .contains("FileNotFoundException: File dbfs:/nowhere does not exist."));
}

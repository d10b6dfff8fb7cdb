//! `matplotlib.pyplot` in cells: figures shown under the cell, saved to files, logged with
//! `mlflow.log_figure` and `mlflow.log_artifact`.

mod notebook_support;
use lakelab_core::notebook::{Display, Output};
use notebook_support::Lab;

fn figures(outputs: &[Output]) -> Vec<String> {
    outputs
        .iter()
        .filter_map(|o| match o {
            Output::Rich(Display::Svg(svg)) => Some(svg.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_cell_that_draws_shows_its_figure() {
    let mut lab = Lab::new();
    let r = lab.run(
        "\
import matplotlib.pyplot as plt
plt.plot([0, 0.2, 1], [0, 0.7, 1], label='model')
plt.plot([0, 1], [0, 1], label='chance')
plt.title('ROC curve')
plt.xlabel('False positive rate')
plt.legend()
",
    );
    assert!(r.error.is_none(), "{:?}", r.error);
    let figs = figures(&r.outputs);
    assert_eq!(figs.len(), 1);
    assert!(figs[0].contains(">ROC curve</text>") && figs[0].contains(">chance</text>"));
    assert_eq!(figs[0].matches("<polyline").count(), 2);
    // The next cell starts a new figure.
    let r = lab.run("plt.hist([1, 2, 2, 3, 3, 3], bins=3)\nplt.show()\nprint('after')");
    assert_eq!(figures(&r.outputs).len(), 1);
    assert_eq!(
        r.stdout(),
        "<Figure>\nafter\n",
        "shown where plt.show() was called"
    );
}

#[test]
fn figures_are_saved_and_logged() {
    let mut lab = Lab::new();
    let out = lab.ok("\
import mlflow
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.bar(['a', 'b'], [3, 5], color='#336699')
ax.set_title('counts')
plt.savefig('confusion_matrix.png')
fig.savefig('/dbfs/tmp/counts.svg')
with mlflow.start_run() as run:
    mlflow.log_artifact('confusion_matrix.png')
    mlflow.log_figure(fig, 'plots/counts.svg')
    mlflow.log_figure(fig, 'plots/counts.png')
print(sorted(f.path for f in mlflow.MlflowClient().list_artifacts(run.info.run_id, 'plots')))
print(open('/dbfs/tmp/counts.svg').read().startswith('<svg'))
");
    // The figure the cell drew is shown at its end, after what it printed.
    assert_eq!(
        out,
        "['plots/counts.png', 'plots/counts.svg']\nTrue\n<Figure>\n"
    );
    let run = lab.ok("print(run.info.run_id)").trim().to_string();
    let png = lab
        .ws
        .tracking
        .artifact_bytes(&run, "confusion_matrix.png")
        .unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert!(lab
        .err("plt.savefig('x.jpg')")
        .starts_with("ValueError: Format 'jpg' is not supported"));
    assert!(lab
        .err("plt.subplots(2, 2)")
        .starts_with("NotImplementedError"));
    assert!(lab
        .err("plt.plot([1, 2], [1])")
        .starts_with("ValueError: x and y must have same first dimension"));
    assert!(lab
        .err("mlflow.log_figure('not a figure', 'x.png')")
        .starts_with("TypeError: Unsupported figure object type"));
}

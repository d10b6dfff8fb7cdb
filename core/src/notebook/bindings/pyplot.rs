//! `matplotlib.pyplot`'s common subset: `figure`, `subplots` (one set of axes), `plot`,
//! `scatter`, `bar`, `hist`, `boxplot`, `title`, `xlabel`, `ylabel`, `legend`, `savefig`,
//! `show`, `close`, and the same methods on the axes (`ax.set_title`, …). As with Jupyter's
//! inline backend, figures a cell drew are shown under it when it ends; `plt.show()` shows
//! them at once. `savefig` writes SVG or PNG (no text in PNGs, see `plot::figure`).

use std::any::Any;
use std::rc::Rc;

use super::convert;
use super::files::file_error;
use crate::notebook::call::{Bound, Sig};
use crate::notebook::error::{not_implemented, type_error, value_error, PyErr};
use crate::notebook::interp::Interp;
use crate::notebook::modules::module;
use crate::notebook::output::{Display, Output};
use crate::notebook::value::{Args, NativeFn, Object, Value};
use crate::plot::figure::{Figure, Plotted, Series};

/// A figure, by its index in the session.
#[derive(Debug)]
pub struct FigureObj(pub usize);

/// The (single) axes of a figure.
#[derive(Debug)]
pub struct AxesObj(pub usize);

const PLOT_FNS: &[(&str, &[&str], &str)] = &[
    (
        "plot",
        &[
            "x",
            "y=",
            "fmt=",
            "*",
            "label=",
            "color=",
            "marker=",
            "linestyle=",
            "linewidth=",
        ],
        "plot(x, y=None, fmt=None, *, label=None, color=None, ...)",
    ),
    (
        "scatter",
        &[
            "x", "y", "s=", "c=", "*", "label=", "color=", "marker=", "alpha=",
        ],
        "scatter(x, y, s=None, c=None, *, label=None, color=None, ...)",
    ),
    (
        "bar",
        &["x", "height", "width=", "*", "label=", "color=", "alpha="],
        "bar(x, height, width=0.8, *, label=None, color=None, ...)",
    ),
    (
        "hist",
        &["x", "bins=", "*", "label=", "color=", "alpha=", "density="],
        "hist(x, bins=10, *, label=None, color=None, ...)",
    ),
    (
        "boxplot",
        &["x", "*", "labels=", "tick_labels=", "vert="],
        "boxplot(x, *, labels=None, ...)",
    ),
    ("title", &["label"], "title(label)"),
    ("xlabel", &["xlabel"], "xlabel(xlabel)"),
    ("ylabel", &["ylabel"], "ylabel(ylabel)"),
    ("legend", &["*", "loc="], "legend(*, loc=None)"),
    (
        "grid",
        &["visible=", "*", "alpha=", "linestyle="],
        "grid(visible=None)",
    ),
    ("tight_layout", &[], "tight_layout()"),
];

fn numbers(v: &Value, what: &str) -> Result<Vec<f64>, PyErr> {
    let items = v.iter_items().ok_or_else(|| {
        type_error(format!(
            "{what} must be a list of numbers, not {}",
            v.type_name()
        ))
    })?;
    items
        .iter()
        .map(|x| {
            x.as_f64().ok_or_else(|| {
                type_error(format!("{what} must hold numbers, not {}", x.type_name()))
            })
        })
        .collect()
}

impl Interp<'_> {
    /// The current figure's index, creating one if there is none.
    fn current_figure(&mut self) -> usize {
        match self.session.current_figure {
            Some(i) => i,
            None => {
                self.session.figures.push(Figure::default());
                let i = self.session.figures.len() - 1;
                self.session.current_figure = Some(i);
                i
            }
        }
    }

    /// Shows the figures drawn since they were last shown (end of cell, `plt.show()`).
    pub fn show_figures(&mut self) {
        let dirty = std::mem::take(&mut self.session.dirty_figures);
        for i in dirty {
            if let Some(f) = self.session.figures.get(i).filter(|f| !f.is_empty()) {
                self.outputs.push(Output::Rich(Display::Svg(f.to_svg())));
            }
        }
        self.session.current_figure = None;
    }
}

/// Applies a drawing call (`plt.plot`, `ax.plot`, …) to figure `fig`.
fn draw(interp: &mut Interp, fig: usize, name: &str, args: Args) -> Result<Value, PyErr> {
    let Some((_, params, display)) = PLOT_FNS.iter().find(|(n, _, _)| *n == name) else {
        return Err(not_implemented(format!(
            "matplotlib's {name}() is not available in Lakelab"
        )));
    };
    let b: Bound = Sig {
        name: plot_name(name),
        params,
        is_method: false,
        display,
    }
    .bind(args)?;
    let label = b.get("label").map(Value::to_str);
    let colour = b
        .get("color")
        .map(Value::to_str)
        .filter(|c| c.starts_with('#') && c.len() == 7);
    let series = match name {
        "plot" => {
            let first = numbers(&b.value("x"), "x")?;
            match b.get("y") {
                Some(Value::Str(_)) | None => Some(Series::Line {
                    xs: (0..first.len()).map(|i| i as f64).collect(),
                    ys: first,
                }),
                Some(y) => {
                    let ys = numbers(y, "y")?;
                    if ys.len() != first.len() {
                        return Err(value_error(format!(
                            "x and y must have same first dimension, but have shapes ({},) and ({},)",
                            first.len(),
                            ys.len()
                        )));
                    }
                    Some(Series::Line { xs: first, ys })
                }
            }
        }
        "scatter" => {
            let (xs, ys) = (numbers(&b.value("x"), "x")?, numbers(&b.value("y"), "y")?);
            if xs.len() != ys.len() {
                return Err(value_error("x and y must be the same size"));
            }
            Some(Series::Scatter { xs, ys })
        }
        "bar" => {
            let heights = numbers(&b.value("height"), "height")?;
            let xv = b.value("x");
            let items = xv.iter_items().unwrap_or_default();
            let (xs, labels) = if items.iter().all(|v| v.as_f64().is_some()) {
                (numbers(&xv, "x")?, Vec::new())
            } else {
                (
                    (0..items.len()).map(|i| i as f64).collect(),
                    items.iter().map(Value::to_str).collect(),
                )
            };
            if xs.len() != heights.len() {
                return Err(value_error(
                    "shape mismatch: objects cannot be broadcast to a single shape",
                ));
            }
            Some(Series::Bar {
                xs,
                heights,
                labels,
            })
        }
        "hist" => Some(Series::Hist {
            values: numbers(&b.value("x"), "x")?,
            bins: b
                .get("bins")
                .and_then(Value::as_int)
                .unwrap_or(10)
                .clamp(1, 1000) as usize,
        }),
        "boxplot" => {
            let data = b.value("x");
            let items = data.iter_items().unwrap_or_default();
            let groups = if items.iter().all(|v| v.as_f64().is_some()) {
                vec![numbers(&data, "x")?]
            } else {
                items
                    .iter()
                    .map(|g| numbers(g, "x"))
                    .collect::<Result<_, _>>()?
            };
            let labels = b
                .get("tick_labels")
                .or_else(|| b.get("labels"))
                .and_then(Value::iter_items)
                .map(|l| l.iter().map(Value::to_str).collect())
                .unwrap_or_default();
            Some(Series::Box { groups, labels })
        }
        _ => None,
    };
    let figure = &mut interp.session.figures[fig];
    match name {
        "title" => figure.title = Some(b.value("label").to_str()),
        "xlabel" => figure.xlabel = Some(b.value("xlabel").to_str()),
        "ylabel" => figure.ylabel = Some(b.value("ylabel").to_str()),
        "legend" => figure.legend = true,
        _ => {}
    }
    if let Some(series) = series {
        figure.plots.push(Plotted {
            series,
            label,
            colour,
        });
    }
    interp.session.dirty_figures.insert(fig);
    Ok(Value::None)
}

fn plot_name(name: &str) -> &'static str {
    PLOT_FNS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or("plot", |(n, _, _)| n)
}

/// Writes figure `fig` to `path` in the notebook file system (format from the extension).
pub fn save(interp: &mut Interp, fig: usize, path: &str) -> Result<(), PyErr> {
    let bytes = render(interp, fig, path)?;
    interp.ws.files.write(path, bytes).map_err(file_error)
}

/// Figure `fig` as the bytes of the format `file`'s extension names.
pub fn render(interp: &Interp, fig: usize, file: &str) -> Result<Vec<u8>, PyErr> {
    let figure = interp
        .session
        .figures
        .get(fig)
        .ok_or_else(|| value_error("the figure no longer exists"))?;
    let ext = file
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "svg" => Ok(figure.to_svg().into_bytes()),
        "png" => figure.to_png().map_err(value_error),
        other => Err(value_error(format!(
            "Format '{other}' is not supported (supported formats: png, svg)"
        ))),
    }
}

/// The figure index a value stands for (`log_figure(fig, …)`).
pub fn figure_of(v: &Value) -> Option<usize> {
    match v {
        Value::Object(o) => o
            .as_any()
            .downcast_ref::<FigureObj>()
            .map(|f| f.0)
            .or_else(|| o.as_any().downcast_ref::<AxesObj>().map(|a| a.0)),
        _ => None,
    }
}

macro_rules! plt_fn {
    ($($name:ident),*) => {
        $(fn $name(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
            let fig = interp.current_figure();
            draw(interp, fig, stringify!($name), args)
        })*
    };
}
plt_fn!(
    plot,
    scatter,
    bar,
    hist,
    boxplot,
    title,
    xlabel,
    ylabel,
    legend,
    grid,
    tight_layout
);

fn figure(interp: &mut Interp, _args: Args) -> Result<Value, PyErr> {
    interp.session.figures.push(Figure::default());
    let i = interp.session.figures.len() - 1;
    interp.session.current_figure = Some(i);
    Ok(Value::object(FigureObj(i)))
}

fn subplots(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "subplots",
        params: &[
            "nrows=", "ncols=", "*", "figsize=", "sharex=", "sharey=", "dpi=",
        ],
        is_method: false,
        display: "subplots(nrows=1, ncols=1, *, figsize=None, ...)",
    }
    .bind(args)?;
    let n = b.get("nrows").and_then(Value::as_int).unwrap_or(1)
        * b.get("ncols").and_then(Value::as_int).unwrap_or(1);
    if n != 1 {
        return Err(not_implemented(
            "subplots with more than one set of axes are not available in Lakelab",
        ));
    }
    let fig = figure(interp, Args::default())?;
    let i = figure_of(&fig).unwrap_or(0);
    Ok(Value::tuple(vec![fig, Value::object(AxesObj(i))]))
}

fn savefig(interp: &mut Interp, args: Args) -> Result<Value, PyErr> {
    let b = Sig {
        name: "savefig",
        params: &["fname", "*", "format=", "dpi=", "bbox_inches="],
        is_method: false,
        display: "savefig(fname, *, format=None, dpi=None, bbox_inches=None)",
    }
    .bind(args)?;
    let path = convert::string(&b.value("fname"), "savefig", "fname")?;
    let fig = interp.current_figure();
    save(interp, fig, &path)?;
    Ok(Value::None)
}

fn show(interp: &mut Interp, _args: Args) -> Result<Value, PyErr> {
    interp.show_figures();
    Ok(Value::None)
}

fn close(interp: &mut Interp, _args: Args) -> Result<Value, PyErr> {
    if let Some(i) = interp.session.current_figure.take() {
        interp.session.dirty_figures.remove(&i);
    }
    Ok(Value::None)
}

fn gcf(interp: &mut Interp, _args: Args) -> Result<Value, PyErr> {
    Ok(Value::object(FigureObj(interp.current_figure())))
}

pub fn pyplot_module() -> Value {
    let fns: &[(&'static str, NativeFn)] = &[
        ("plot", plot),
        ("scatter", scatter),
        ("bar", bar),
        ("hist", hist),
        ("boxplot", boxplot),
        ("title", title),
        ("xlabel", xlabel),
        ("ylabel", ylabel),
        ("legend", legend),
        ("grid", grid),
        ("tight_layout", tight_layout),
        ("figure", figure),
        ("subplots", subplots),
        ("savefig", savefig),
        ("show", show),
        ("close", close),
        ("gcf", gcf),
    ];
    module(
        "matplotlib.pyplot",
        fns.iter()
            .map(|(n, f)| (*n, Value::Native(n, *f)))
            .collect(),
    )
}

pub fn matplotlib_module() -> Value {
    module("matplotlib", vec![("pyplot", pyplot_module())])
}

impl Object for FigureObj {
    fn type_name(&self) -> &str {
        "Figure"
    }
    fn has_method(&self, name: &str) -> bool {
        matches!(name, "savefig" | "show" | "tight_layout" | "suptitle")
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        match name {
            "savefig" => {
                let path = args.positional.first().map(Value::to_str).ok_or_else(|| {
                    type_error("Figure.savefig() missing 1 required positional argument: 'fname'")
                })?;
                save(interp, self.0, &path)?;
            }
            "suptitle" => {
                let t = args
                    .positional
                    .first()
                    .map(Value::to_str)
                    .unwrap_or_default();
                interp.session.figures[self.0].title = Some(t);
                interp.session.dirty_figures.insert(self.0);
            }
            "show" => {
                interp.session.dirty_figures.insert(self.0);
                interp.show_figures();
            }
            _ => {}
        }
        Ok(Value::None)
    }
    fn repr(&self) -> String {
        "<Figure size 640x420 with 1 Axes>".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Object for AxesObj {
    fn type_name(&self) -> &str {
        "Axes"
    }
    fn has_method(&self, name: &str) -> bool {
        let plain = name.strip_prefix("set_").unwrap_or(name);
        PLOT_FNS.iter().any(|(n, _, _)| *n == plain)
            && (name.starts_with("set_") == matches!(plain, "title" | "xlabel" | "ylabel"))
    }
    fn call_method(
        self: Rc<Self>,
        interp: &mut Interp,
        name: &str,
        args: Args,
    ) -> Result<Value, PyErr> {
        draw(
            interp,
            self.0,
            name.strip_prefix("set_").unwrap_or(name),
            args,
        )
    }
    fn repr(&self) -> String {
        "<Axes: >".into()
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

//! Figures drawn by notebook cells (`matplotlib.pyplot`'s subset): one set of axes with line,
//! scatter, bar, histogram and box series, a title, axis labels and a legend. Rendered as SVG
//! (shown under the cell, saved as `.svg`) or as PNG through a small rasteriser (saved as
//! `.png`; Lakelab's PNGs have no text, since no font is built in — the SVG has all of it).

use super::palette::series as colour;

const W: f64 = 640.0;
const H: f64 = 420.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 52.0;

#[derive(Debug, Clone, PartialEq)]
pub enum Series {
    Line {
        xs: Vec<f64>,
        ys: Vec<f64>,
    },
    Scatter {
        xs: Vec<f64>,
        ys: Vec<f64>,
    },
    /// Bars at positions (category labels when given).
    Bar {
        xs: Vec<f64>,
        heights: Vec<f64>,
        labels: Vec<String>,
    },
    /// Values and a number of bins.
    Hist {
        values: Vec<f64>,
        bins: usize,
    },
    /// One box per group.
    Box {
        groups: Vec<Vec<f64>>,
        labels: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plotted {
    pub series: Series,
    pub label: Option<String>,
    pub colour: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    pub title: Option<String>,
    pub xlabel: Option<String>,
    pub ylabel: Option<String>,
    pub legend: bool,
    pub plots: Vec<Plotted>,
}

/// A drawing primitive in figure coordinates, shared by both renderers.
enum Mark {
    Line(Vec<(f64, f64)>, String),
    Dot(f64, f64, String),
    Rect(f64, f64, f64, f64, String),
}

/// Text made safe inside SVG markup (also used by `automl::figures`).
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn histogram(values: &[f64], bins: usize) -> (Vec<f64>, Vec<f64>, f64) {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let (lo, hi) = finite
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
            (a.min(v), b.max(v))
        });
    if finite.is_empty() {
        return (Vec::new(), Vec::new(), 1.0);
    }
    let bins = bins.max(1);
    let width = if hi > lo {
        (hi - lo) / bins as f64
    } else {
        1.0
    };
    let mut counts = vec![0.0; bins];
    for v in finite {
        let i = (((v - lo) / width) as usize).min(bins - 1);
        counts[i] += 1.0;
    }
    let centres = (0..bins).map(|i| lo + width * (i as f64 + 0.5)).collect();
    (centres, counts, width)
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let (i, f) = (pos.floor() as usize, pos.fract());
    let next = sorted.get(i + 1).copied().unwrap_or(sorted[i]);
    sorted[i] + (next - sorted[i]) * f
}

impl Figure {
    pub fn is_empty(&self) -> bool {
        self.plots.is_empty() && self.title.is_none()
    }

    /// Data ranges over every series (bars and histograms include 0).
    fn ranges(&self) -> ((f64, f64), (f64, f64)) {
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for p in &self.plots {
            match &p.series {
                Series::Line { xs: x, ys: y } | Series::Scatter { xs: x, ys: y } => {
                    xs.extend(x);
                    ys.extend(y);
                }
                Series::Bar { xs: x, heights, .. } => {
                    xs.extend(x.iter().map(|v| v - 0.5));
                    xs.extend(x.iter().map(|v| v + 0.5));
                    ys.extend(heights);
                    ys.push(0.0);
                }
                Series::Hist { values, bins } => {
                    let (c, counts, w) = histogram(values, *bins);
                    xs.extend(c.iter().map(|v| v - w / 2.0));
                    xs.extend(c.iter().map(|v| v + w / 2.0));
                    ys.extend(counts);
                    ys.push(0.0);
                }
                Series::Box { groups, .. } => {
                    xs.push(0.5);
                    xs.push(groups.len() as f64 + 0.5);
                    ys.extend(groups.iter().flatten());
                }
            }
        }
        let span = |v: &[f64]| {
            let (lo, hi) = v
                .iter()
                .filter(|x| x.is_finite())
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                    (a.min(x), b.max(x))
                });
            if !lo.is_finite() {
                (0.0, 1.0)
            } else if hi > lo {
                let pad = (hi - lo) * 0.05;
                (lo - pad, hi + pad)
            } else {
                (lo - 0.5, hi + 0.5)
            }
        };
        (span(&xs), span(&ys))
    }

    fn marks(&self) -> Vec<Mark> {
        let ((x0, x1), (y0, y1)) = self.ranges();
        let sx = |x: f64| LEFT + (x - x0) / (x1 - x0) * (W - LEFT - RIGHT);
        let sy = |y: f64| H - BOTTOM - (y - y0) / (y1 - y0) * (H - TOP - BOTTOM);
        let mut marks = Vec::new();
        for (i, p) in self.plots.iter().enumerate() {
            let c = p.colour.clone().unwrap_or_else(|| colour(i).to_string());
            match &p.series {
                Series::Line { xs, ys } => marks.push(Mark::Line(
                    xs.iter()
                        .zip(ys)
                        .filter(|(x, y)| x.is_finite() && y.is_finite())
                        .map(|(x, y)| (sx(*x), sy(*y)))
                        .collect(),
                    c,
                )),
                Series::Scatter { xs, ys } => {
                    for (x, y) in xs
                        .iter()
                        .zip(ys)
                        .filter(|(x, y)| x.is_finite() && y.is_finite())
                    {
                        marks.push(Mark::Dot(sx(*x), sy(*y), c.clone()));
                    }
                }
                Series::Bar { xs, heights, .. } => {
                    for (x, h) in xs.iter().zip(heights) {
                        let (a, b) = (sx(x - 0.4), sx(x + 0.4));
                        let (top, base) = (sy(h.max(0.0)), sy(h.min(0.0)));
                        marks.push(Mark::Rect(a, top, b - a, base - top, c.clone()));
                    }
                }
                Series::Hist { values, bins } => {
                    let (centres, counts, w) = histogram(values, *bins);
                    for (x, n) in centres.iter().zip(counts) {
                        let (a, b) = (sx(x - w / 2.0), sx(x + w / 2.0));
                        marks.push(Mark::Rect(
                            a,
                            sy(n),
                            (b - a - 1.0).max(1.0),
                            sy(0.0) - sy(n),
                            c.clone(),
                        ));
                    }
                }
                Series::Box { groups, .. } => {
                    for (g, values) in groups.iter().enumerate() {
                        let mut v: Vec<f64> =
                            values.iter().copied().filter(|x| x.is_finite()).collect();
                        v.sort_by(f64::total_cmp);
                        if v.is_empty() {
                            continue;
                        }
                        let x = g as f64 + 1.0;
                        let (q1, med, q3) =
                            (quantile(&v, 0.25), quantile(&v, 0.5), quantile(&v, 0.75));
                        let (a, b) = (sx(x - 0.25), sx(x + 0.25));
                        marks.push(Mark::Rect(a, sy(q3), b - a, sy(q1) - sy(q3), c.clone()));
                        marks.push(Mark::Line(
                            vec![(a, sy(med)), (b, sy(med))],
                            "#000000".into(),
                        ));
                        marks.push(Mark::Line(
                            vec![(sx(x), sy(v[0])), (sx(x), sy(q1))],
                            "#000000".into(),
                        ));
                        marks.push(Mark::Line(
                            vec![(sx(x), sy(q3)), (sx(x), sy(v[v.len() - 1]))],
                            "#000000".into(),
                        ));
                    }
                }
            }
        }
        marks
    }

    fn tick_label(v: f64) -> String {
        if v.abs() >= 1000.0 || v == v.trunc() {
            format!("{v:.0}")
        } else {
            format!("{v:.2}")
        }
    }

    /// The figure as a standalone SVG document.
    pub fn to_svg(&self) -> String {
        let ((x0, x1), (y0, y1)) = self.ranges();
        let mut s = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" font-family=\"sans-serif\" font-size=\"12\">\
             <rect width=\"{W}\" height=\"{H}\" fill=\"#ffffff\"/>"
        );
        let (l, r, t, b) = (LEFT, W - RIGHT, TOP, H - BOTTOM);
        s.push_str(&format!(
            "<rect x=\"{l}\" y=\"{t}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#333333\"/>",
            r - l,
            b - t
        ));
        for mark in self.marks() {
            match mark {
                Mark::Line(pts, c) => {
                    let p: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                    s.push_str(&format!(
                        "<polyline points=\"{}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"2\"/>",
                        p.join(" ")
                    ));
                }
                Mark::Dot(x, y, c) => s.push_str(&format!(
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3.5\" fill=\"{c}\"/>"
                )),
                Mark::Rect(x, y, w, h, c) => s.push_str(&format!(
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{c}\" fill-opacity=\"0.85\"/>"
                )),
            }
        }
        let text = |s: &mut String, x: f64, y: f64, anchor: &str, body: &str, extra: &str| {
            s.push_str(&format!(
                "<text x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"{anchor}\"{extra}>{}</text>",
                escape(body)
            ));
        };
        text(&mut s, l, b + 16.0, "start", &Self::tick_label(x0), "");
        text(&mut s, r, b + 16.0, "end", &Self::tick_label(x1), "");
        text(&mut s, l - 6.0, b, "end", &Self::tick_label(y0), "");
        text(&mut s, l - 6.0, t + 10.0, "end", &Self::tick_label(y1), "");
        // Category labels under bars and boxes.
        for p in &self.plots {
            let labels: Vec<(f64, &String)> = match &p.series {
                Series::Bar { xs, labels, .. } => xs.iter().copied().zip(labels).collect(),
                Series::Box { labels, .. } => labels
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (i as f64 + 1.0, l))
                    .collect(),
                _ => Vec::new(),
            };
            for (x, label) in labels {
                let px = l + (x - x0) / (x1 - x0) * (r - l);
                text(&mut s, px, b + 16.0, "middle", label, "");
            }
        }
        if let Some(t_) = &self.title {
            text(&mut s, W / 2.0, 24.0, "middle", t_, " font-size=\"15\"");
        }
        if let Some(x) = &self.xlabel {
            text(&mut s, (l + r) / 2.0, H - 12.0, "middle", x, "");
        }
        if let Some(y) = &self.ylabel {
            let mid = (t + b) / 2.0;
            text(
                &mut s,
                16.0,
                mid,
                "middle",
                y,
                &format!(" transform=\"rotate(-90 16 {mid:.1})\""),
            );
        }
        if self.legend {
            let mut row = 0.0;
            for (i, p) in self.plots.iter().enumerate() {
                if let Some(label) = &p.label {
                    let c = p.colour.clone().unwrap_or_else(|| colour(i).to_string());
                    let y = t + 14.0 + row * 16.0;
                    s.push_str(&format!(
                        "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{c}\"/>",
                        r - 130.0,
                        y - 9.0
                    ));
                    text(&mut s, r - 115.0, y, "start", label, "");
                    row += 1.0;
                }
            }
        }
        s.push_str("</svg>");
        s
    }

    /// The figure as PNG bytes (shapes only, no text).
    pub fn to_png(&self) -> Result<Vec<u8>, String> {
        let (w, h) = (W as usize, H as usize);
        let mut px = vec![255u8; w * h * 3];
        let mut put = |x: i64, y: i64, c: [u8; 3]| {
            if x >= 0 && y >= 0 && (x as usize) < w && (y as usize) < h {
                let at = (y as usize * w + x as usize) * 3;
                px[at..at + 3].copy_from_slice(&c);
            }
        };
        let rgb = |c: &str| -> [u8; 3] {
            let hex = c.trim_start_matches('#');
            let v = u32::from_str_radix(hex, 16).unwrap_or(0);
            [(v >> 16) as u8, (v >> 8) as u8, v as u8]
        };
        let line =
            |a: (f64, f64), b: (f64, f64), c: [u8; 3], put: &mut dyn FnMut(i64, i64, [u8; 3])| {
                let steps = ((b.0 - a.0).abs().max((b.1 - a.1).abs()).ceil() as usize).max(1);
                for i in 0..=steps {
                    let t = i as f64 / steps as f64;
                    let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                    put(x.round() as i64, y.round() as i64, c);
                    put(x.round() as i64, y.round() as i64 + 1, c);
                }
            };
        let frame = [0x33, 0x33, 0x33];
        let (l, r, t, b) = (LEFT, W - RIGHT, TOP, H - BOTTOM);
        for (a, bb) in [
            ((l, t), (r, t)),
            ((r, t), (r, b)),
            ((r, b), (l, b)),
            ((l, b), (l, t)),
        ] {
            line(a, bb, frame, &mut put);
        }
        for mark in self.marks() {
            match mark {
                Mark::Line(pts, c) => {
                    let c = rgb(&c);
                    for pair in pts.windows(2) {
                        line(pair[0], pair[1], c, &mut put);
                    }
                }
                Mark::Dot(x, y, c) => {
                    let c = rgb(&c);
                    for dy in -3..=3i64 {
                        for dx in -3..=3i64 {
                            if dx * dx + dy * dy <= 10 {
                                put(x.round() as i64 + dx, y.round() as i64 + dy, c);
                            }
                        }
                    }
                }
                Mark::Rect(x, y, rw, rh, c) => {
                    let c = rgb(&c);
                    for yy in y.round() as i64..(y + rh).round() as i64 {
                        for xx in x.round() as i64..(x + rw).round() as i64 {
                            put(xx, yy, c);
                        }
                    }
                }
            }
        }
        crate::png::encode_rgb(W as u32, H as u32, &px)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig() -> Figure {
        Figure {
            title: Some("ROC <curve>".into()),
            xlabel: Some("FPR".into()),
            ylabel: Some("TPR".into()),
            legend: true,
            plots: vec![
                Plotted {
                    series: Series::Line {
                        xs: vec![0.0, 0.5, 1.0],
                        ys: vec![0.0, 0.8, 1.0],
                    },
                    label: Some("model".into()),
                    colour: None,
                },
                Plotted {
                    series: Series::Hist {
                        values: vec![1.0, 2.0, 2.0, 3.0],
                        bins: 3,
                    },
                    label: None,
                    colour: None,
                },
            ],
        }
    }

    #[test]
    fn svg_has_every_part_and_escapes_text() {
        let svg = fig().to_svg();
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("ROC &lt;curve&gt;"));
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert!(svg.contains(">model</text>"));
        assert!(svg.matches("<rect").count() >= 3 + 2);
    }

    #[test]
    fn png_is_a_png() {
        let png = fig().to_png().unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[16..24], &[0, 0, 2, 128, 0, 0, 1, 164]);
    }

    #[test]
    fn histogram_counts() {
        let (_, counts, _) = histogram(&[0.0, 0.1, 0.9, 1.0], 2);
        assert_eq!(counts, vec![2.0, 2.0]);
    }
}

//! Small charts drawn on the server as SVG: no script, readable on an old office PC.

use maud::{Markup, html};

/// Grouped bars per label: one bar per series, each with its own colour, and a legend.
pub fn bars(title: &str, labels: &[String], series: &[(&str, &str, Vec<i64>)]) -> Markup {
    let max = series
        .iter()
        .flat_map(|(_, _, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let group = 14 * series.len().max(1) + 10;
    let width = 40 + group * labels.len().max(1);
    let height = 160;
    let plot = 110.0;
    html! {
        figure.chart {
            figcaption { (title) }
            svg xmlns="http://www.w3.org/2000/svg" width=(width) height=(height) role="img" aria-label=(title) {
                line x1="36" y1="120" x2=(width) y2="120" stroke="#999" {}
                text x="0" y="16" font-size="10" { (max) }
                @for (i, label) in labels.iter().enumerate() {
                    @for (j, (_, colour, values)) in series.iter().enumerate() {
                        @let v = values.get(i).copied().unwrap_or(0);
                        @let h = (v as f64 / max as f64 * plot).round();
                        rect x=(40 + i * group + j * 14) y=(120.0 - h) width="12" height=(h) fill=(colour) {
                            title { (label) ": " (v) }
                        }
                    }
                    text x=(40 + i * group) y="136" font-size="9" { (label.get(2..).unwrap_or(label)) }
                }
                @for (j, (name, colour, _)) in series.iter().enumerate() {
                    rect x=(40 + j * 90) y="146" width="10" height="10" fill=(colour) {}
                    text x=(54 + j * 90) y="155" font-size="10" { (name) }
                }
            }
        }
    }
}

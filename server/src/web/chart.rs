//! Small charts drawn on the server as SVG: no script, readable on an old office PC.

use maud::{Markup, html};

/// Where the plot's baseline and top are, in the SVG's units.
const BASE: f64 = 130.0;
const PLOT: f64 = 110.0;

/// A round step for `ticks` ticks up to at least `max` (1, 2 or 5 times a power of ten).
fn step(max: i64, ticks: i64) -> i64 {
    let raw = (max as f64 / ticks as f64).max(1.0);
    let power = 10f64.powf(raw.log10().floor());
    let nice = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    nice as i64
}

/// What a chart's axes measure: the labels along the bottom, the unit of the values.
pub struct Axes<'a> {
    pub across: &'a str,
    pub unit: &'a str,
}

/// Grouped bars per label: one bar per series, each with its own colour and its value written
/// above it, a value axis with round ticks and its unit, the labels' axis named, and a legend.
pub fn bars(
    title: &str,
    axes: Axes<'_>,
    labels: &[String],
    series: &[(&str, &str, Vec<i64>)],
) -> Markup {
    let max = series
        .iter()
        .flat_map(|(_, _, v)| v.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let step = step(max, 4);
    let top = (max + step - 1) / step * step;
    let y = |v: i64| BASE - (v as f64 / top as f64 * PLOT).round();
    let group = 16 * series.len().max(1) + 10;
    let width = 46 + group * labels.len().max(1);
    let height = 176;
    html! {
        figure.chart {
            figcaption { (title) }
            svg xmlns="http://www.w3.org/2000/svg" width=(width) height=(height) role="img" aria-label=(title) {
                line x1="40" y1=(BASE) x2=(width) y2=(BASE) stroke="#999" {}
                line x1="40" y1=(BASE - PLOT) x2="40" y2=(BASE) stroke="#999" {}
                text.axis x="40" y=(BASE - PLOT - 8.0) font-size="9" text-anchor="middle" { (axes.unit) }
                text.axis x=(width - 2) y=(BASE + 24.0) font-size="9" text-anchor="end" { (axes.across) }
                @for t in (0..=top).step_by(step.max(1) as usize) {
                    line x1="36" y1=(y(t)) x2="40" y2=(y(t)) stroke="#999" {}
                    text.tick x="33" y=(y(t) + 3.0) font-size="9" text-anchor="end" { (t) }
                }
                @for (i, label) in labels.iter().enumerate() {
                    @for (j, (_, colour, values)) in series.iter().enumerate() {
                        @let v = values.get(i).copied().unwrap_or(0);
                        @let x = 46 + i * group + j * 16;
                        rect x=(x) y=(y(v)) width="14" height=(BASE - y(v)) fill=(colour) {
                            title { (label) ": " (v) }
                        }
                        @if v > 0 {
                            text.value x=(x + 7) y=(y(v) - 2.0) font-size="8" text-anchor="middle" { (v) }
                        }
                    }
                    text x=(46 + i * group) y=(BASE + 14.0) font-size="9" { (label.get(2..).unwrap_or(label)) }
                }
                @for (j, (name, colour, _)) in series.iter().enumerate() {
                    rect x=(46 + j * 90) y=(BASE + 26.0) width="10" height="10" fill=(colour) {}
                    text x=(60 + j * 90) y=(BASE + 35.0) font-size="10" { (name) }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_and_every_bar_says_its_value() {
        assert_eq!(
            (step(1, 4), step(7, 4), step(37, 4), step(1_234, 4)),
            (1, 2, 10, 500)
        );
        let svg = bars(
            "每月调解案件",
            Axes {
                across: "月份",
                unit: "件",
            },
            &["2026-10".into(), "2026-11".into()],
            &[("受理", "#a4161a", vec![3, 17])],
        )
        .into_string();
        assert!(
            svg.contains(">17</text>") && svg.contains(">3</text>"),
            "{svg}"
        );
        assert!(
            svg.contains(">件</text>") && svg.contains(">月份</text>"),
            "both axes named"
        );
        // Ticks 0, 5, 10, 15, 20 on the value axis.
        for t in [0, 5, 10, 15, 20] {
            assert!(
                svg.contains(&format!("text-anchor=\"end\">{t}</text>")),
                "{t}: {svg}"
            );
        }
    }
}

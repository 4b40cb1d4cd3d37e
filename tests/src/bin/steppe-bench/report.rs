//! Printing a suite's figures beside their baselines, and writing the flat JSON object.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;

pub fn percentile(samples: &mut [f64], p: f64) -> f64 {
    samples.sort_by(|a, b| a.total_cmp(b));
    let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples.get(i).copied().unwrap_or(f64::NAN)
}

/// Prints `name  value  baseline(s)  ratio` for every figure that is not itself a baseline
/// (`baseline_*`, `automerge_*`, `json_*`), then writes all figures to `out`.
pub fn write_figures(fig: &BTreeMap<&str, f64>, out: &Path, footer: &str) -> Result<()> {
    let is_base = |n: &str| {
        n.starts_with("baseline_")
            || n.starts_with("automerge_")
            || n.starts_with("json_")
            || n.starts_with("records_")
    };
    println!(
        "{:<30} {:>14} {:>14} {:>8} {:>14} {:>8}",
        "figure", "steppe", "baseline", "ratio", "json", "ratio"
    );
    for (name, value) in fig {
        if is_base(name) {
            continue;
        }
        let base = fig
            .get(format!("baseline_{name}").as_str())
            .or_else(|| fig.get(format!("automerge_{name}").as_str()))
            .copied();
        let json = fig.get(format!("json_{name}").as_str()).copied();
        let col = |b: Option<f64>| match b {
            Some(b) => (format!("{b:.3}"), format!("{:.2}x", value / b)),
            None => ("-".into(), "-".into()),
        };
        let (b, br) = col(base);
        let (j, jr) = col(json);
        println!("{name:<30} {value:>14.3} {b:>14} {br:>8} {j:>14} {jr:>8}");
    }
    println!("{footer}");
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(out, serde_json::to_string_pretty(fig)?)?;
    println!("wrote {}", out.display());
    Ok(())
}

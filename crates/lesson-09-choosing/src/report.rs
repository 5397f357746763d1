//! The results: a terminal table, a Markdown table for the book, an SVG bar chart.

use std::fmt::Write as _;
use std::time::Duration;

use kit::measure::Table;

use crate::approaches::Approach;
use crate::problems::Problem;

/// One measured cell of the shootout.
#[derive(Debug, Clone)]
pub struct Row {
    pub approach: Approach,
    pub time: Duration,
    /// The checksum matched the sequential one.
    pub correct: bool,
    pub threads: usize,
    pub peak_rss_kib: u64,
    /// The delay server's high-water mark of requests in flight during the run.
    pub in_flight: Option<u64>,
}

/// One problem's results.
#[derive(Debug, Clone)]
pub struct Results {
    pub problem: Problem,
    pub jobs: usize,
    pub cores: usize,
    /// The best speed-up this machine allows for this problem (see [`ideal_speedup`]).
    pub ideal: f64,
    pub rows: Vec<Row>,
}

/// The best speed-up over sequential on `cores` cores, from the sequential time and the
/// known waits: computing divides by the cores at best, waits can all overlap, and no
/// job can finish sooner than its own wait plus its own computing.
pub fn ideal_speedup(
    problem: Problem,
    sequential: Duration,
    jobs: usize,
    wait: Duration,
    cores: usize,
) -> f64 {
    let seq = sequential.as_secs_f64();
    let waits = match problem {
        Problem::Cpu => 0.0,
        Problem::Io | Problem::Mixed => wait.as_secs_f64() * jobs as f64,
    };
    let computing = (seq - waits).max(0.0);
    let per_job_computing = computing / jobs.max(1) as f64;
    let best = match problem {
        Problem::Cpu => computing / cores as f64,
        Problem::Io => wait.as_secs_f64(),
        Problem::Mixed => (computing / cores as f64).max(wait.as_secs_f64() + per_job_computing),
    };
    if best <= 0.0 { 1.0 } else { seq / best }
}

impl Results {
    fn sequential(&self) -> Option<Duration> {
        self.rows
            .iter()
            .find(|r| r.approach == Approach::Sequential)
            .map(|r| r.time)
    }

    /// Speed-up of `row` over sequential.
    pub fn speedup(&self, row: &Row) -> Option<f64> {
        let seq = self.sequential()?;
        Some(seq.as_secs_f64() / row.time.as_secs_f64().max(1e-9))
    }

    pub fn table(&self) -> Table {
        let mut table = Table::new([
            "approach",
            "time",
            "speed-up",
            "of ideal",
            "peak memory",
            "threads",
            "most in flight",
        ]);
        for row in &self.rows {
            let speedup = self.speedup(row);
            table.row([
                format!(
                    "{}{}",
                    row.approach.name(),
                    if row.correct { "" } else { " (WRONG SUM)" }
                ),
                format!("{:.3} s", row.time.as_secs_f64()),
                speedup.map_or("-".into(), |s| format!("{s:.1}x")),
                speedup.map_or("-".into(), |s| format!("{:.0} %", 100.0 * s / self.ideal)),
                if row.peak_rss_kib == 0 {
                    "?".into()
                } else {
                    format!("{:.1} MiB", row.peak_rss_kib as f64 / 1024.0)
                },
                if row.threads == 0 {
                    "?".into()
                } else {
                    row.threads.to_string()
                },
                row.in_flight.map_or("-".into(), |n| n.to_string()),
            ]);
        }
        table
    }

    /// The heading line of the problem's table.
    pub fn heading(&self) -> String {
        format!(
            "{} ({} jobs; ideal speed-up on {} cores: {:.1}x)",
            self.problem.title(),
            self.jobs,
            self.cores,
            self.ideal
        )
    }

    /// A horizontal bar chart of the speed-ups, with the ideal as a dashed line.
    pub fn svg(&self) -> String {
        let label_w = 190.0;
        let bar_w = 440.0;
        let row_h = 26.0;
        let top = 46.0;
        let height = top + row_h * self.rows.len() as f64 + 30.0;
        let width = label_w + bar_w + 90.0;
        let most = self
            .rows
            .iter()
            .filter_map(|r| self.speedup(r))
            .fold(self.ideal, f64::max)
            * 1.08;
        let x = |s: f64| label_w + bar_w * s / most;
        let mut svg = String::new();
        let _ = writeln!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">"#
        );
        let _ = writeln!(svg, r#"<rect width="100%" height="100%" fill="white"/>"#);
        let _ = writeln!(
            svg,
            r#"<text x="10" y="20" font-weight="bold">{}</text>"#,
            escape(&self.heading())
        );
        let _ = writeln!(
            svg,
            r##"<text x="10" y="36" fill="#555">speed-up over sequential (longer is better)</text>"##
        );
        for (i, row) in self.rows.iter().enumerate() {
            let y = top + row_h * i as f64;
            let s = self.speedup(row).unwrap_or(0.0);
            let _ = writeln!(
                svg,
                r#"<text x="{}" y="{}" text-anchor="end">{}</text>"#,
                label_w - 8.0,
                y + 17.0,
                row.approach.name()
            );
            let _ = writeln!(
                svg,
                r#"<rect x="{label_w}" y="{}" width="{:.1}" height="{}" fill="{}"/>"#,
                y + 4.0,
                (x(s) - label_w).max(1.0),
                row_h - 8.0,
                colour(row.approach)
            );
            let _ = writeln!(
                svg,
                r#"<text x="{:.1}" y="{}">{s:.1}x</text>"#,
                x(s) + 5.0,
                y + 17.0
            );
        }
        let ideal_x = x(self.ideal);
        let bottom = top + row_h * self.rows.len() as f64;
        let _ = writeln!(
            svg,
            r##"<line x1="{ideal_x:.1}" y1="{}" x2="{ideal_x:.1}" y2="{bottom}" stroke="#c0392b" stroke-width="2" stroke-dasharray="6 4"/>"##,
            top - 2.0
        );
        let _ = writeln!(
            svg,
            r##"<text x="{ideal_x:.1}" y="{}" fill="#c0392b" text-anchor="middle">ideal {:.1}x ({} cores)</text>"##,
            bottom + 18.0,
            self.ideal,
            self.cores
        );
        svg.push_str("</svg>\n");
        svg
    }
}

/// One colour per family: one thread, threads, processes, async.
fn colour(approach: Approach) -> &'static str {
    match approach {
        Approach::Sequential => "#999999",
        Approach::ThreadPerJob | Approach::ThreadPool | Approach::Rayon => "#2e86c1",
        Approach::ProcessPool => "#8e44ad",
        _ => "#27ae60",
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The Markdown the book includes: one table per problem, with how it was made.
pub fn markdown(all: &[Results], command: &str, machine: &str) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "<!-- written by `{command}`; do not edit by hand -->\n");
    let _ = writeln!(md, "Measured with `{command}` on {machine}.\n");
    for results in all {
        let _ = writeln!(md, "**{}**\n", escape(&results.heading()));
        md.push_str(&results.table().markdown());
        md.push('\n');
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn cpu_ideal_is_the_core_count() {
        let ideal = ideal_speedup(Problem::Cpu, 800 * MS, 8, 100 * MS, 2);
        assert!((ideal - 2.0).abs() < 1e-9, "{ideal}");
    }

    #[test]
    fn io_ideal_overlaps_every_wait() {
        // 10 waits of 100 ms in turn: 1 s; all at once: 100 ms.
        let ideal = ideal_speedup(Problem::Io, 1000 * MS, 10, 100 * MS, 2);
        assert!((ideal - 10.0).abs() < 1e-9, "{ideal}");
    }

    #[test]
    fn mixed_ideal_is_bounded_by_the_cores_or_by_one_job() {
        // 4 jobs of 100 ms waiting + 100 ms computing: 800 ms in turn. On 2 cores the
        // computing takes 200 ms at best; one job alone takes 200 ms: 4x.
        let ideal = ideal_speedup(Problem::Mixed, 800 * MS, 4, 100 * MS, 2);
        assert!((ideal - 4.0).abs() < 1e-9, "{ideal}");
        // 40 such jobs: the computing (4 s, 2 s on 2 cores) dominates: 8 s / 2 s.
        let ideal = ideal_speedup(Problem::Mixed, 8000 * MS, 40, 100 * MS, 2);
        assert!((ideal - 4.0).abs() < 1e-9, "{ideal}");
    }

    #[test]
    fn the_svg_has_a_bar_per_row_and_the_ideal() {
        let results = Results {
            problem: Problem::Cpu,
            jobs: 2,
            cores: 2,
            ideal: 2.0,
            rows: [(Approach::Sequential, 200), (Approach::Rayon, 100)]
                .into_iter()
                .map(|(approach, ms)| Row {
                    approach,
                    time: ms * MS,
                    correct: true,
                    threads: 1,
                    peak_rss_kib: 1024,
                    in_flight: None,
                })
                .collect(),
        };
        let svg = results.svg();
        assert_eq!(svg.matches("<rect x=").count(), 2, "{svg}");
        assert!(
            svg.contains("2.0x") && svg.contains("ideal 2.0x (2 cores)"),
            "{svg}"
        );
        let table = results.table().to_string();
        assert!(
            table.contains("rayon") && table.contains("100 %"),
            "{table}"
        );
    }
}

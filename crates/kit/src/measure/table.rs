//! A small table printer for result tables: aligned columns in the terminal, or
//! Markdown for the book.
//!
//! ```
//! use kit::measure::Table;
//!
//! let mut table = Table::new(["approach", "time", "speed-up"]);
//! table.row(["sequential", "0.800 s", "1.0×"]);
//! table.row(["threads", "0.410 s", "2.0×"]);
//! print!("{table}");
//! ```
//!
//! ```text
//! approach       time  speed-up
//! ──────────  ───────  ────────
//! sequential  0.800 s      1.0×
//! threads     0.410 s      2.0×
//! ```

use std::fmt;

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Rows of text cells under a header. The first column is left-aligned, the others
/// right-aligned (numbers line up on their last digit); change it with [`Table::align`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    header: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new<S: ToString>(header: impl IntoIterator<Item = S>) -> Self {
        let header: Vec<String> = header.into_iter().map(|h| h.to_string()).collect();
        let align = (0..header.len())
            .map(|i| if i == 0 { Align::Left } else { Align::Right })
            .collect();
        Self {
            header,
            align,
            rows: Vec::new(),
        }
    }

    /// Sets one column's alignment (columns past the header are ignored).
    pub fn align(&mut self, column: usize, align: Align) -> &mut Self {
        if let Some(a) = self.align.get_mut(column) {
            *a = align;
        }
        self
    }

    /// Adds a row; missing cells are blank, cells past the header are dropped.
    pub fn row<S: ToString>(&mut self, cells: impl IntoIterator<Item = S>) -> &mut Self {
        let mut row: Vec<String> = cells.into_iter().map(|c| c.to_string()).collect();
        row.resize(self.header.len(), String::new());
        self.rows.push(row);
        self
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as GitHub-flavoured Markdown (what the book shows).
    pub fn markdown(&self) -> String {
        let line = |cells: &[String]| format!("| {} |\n", cells.join(" | "));
        let rule: Vec<String> = self
            .align
            .iter()
            .map(|a| match a {
                Align::Left => ":---".to_string(),
                Align::Right => "---:".to_string(),
            })
            .collect();
        let mut out = line(&self.header);
        out.push_str(&line(&rule));
        for row in &self.rows {
            out.push_str(&line(row));
        }
        out
    }

    fn widths(&self) -> Vec<usize> {
        (0..self.header.len())
            .map(|c| {
                std::iter::once(&self.header)
                    .chain(&self.rows)
                    .map(|row| row[c].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }
}

impl fmt::Display for Table {
    /// Columns two spaces apart, a rule under the header, no trailing spaces.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let widths = self.widths();
        let rule: Vec<String> = widths.iter().map(|&w| "─".repeat(w)).collect();
        for row in std::iter::once(&self.header)
            .chain(std::iter::once(&rule))
            .chain(&self.rows)
        {
            let cells: Vec<String> = row
                .iter()
                .zip(&widths)
                .zip(&self.align)
                .map(|((cell, &w), align)| match align {
                    Align::Left => format!("{cell:<w$}"),
                    Align::Right => format!("{cell:>w$}"),
                })
                .collect();
            writeln!(f, "{}", cells.join("  ").trim_end())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(["approach", "time", "speed-up"]);
        t.row(["sequential", "0.800 s", "1.0×"]);
        t.row(["threads", "0.410 s", "2.0×"]);
        t
    }

    #[test]
    fn columns_line_up() {
        let expected = "\
approach       time  speed-up
──────────  ───────  ────────
sequential  0.800 s      1.0×
threads     0.410 s      2.0×
";
        assert_eq!(sample().to_string(), expected);
    }

    #[test]
    fn alignment_can_change() {
        let mut t = sample();
        t.align(1, Align::Left).align(9, Align::Left);
        assert!(t.to_string().starts_with("approach    time     speed-up\n"));
    }

    #[test]
    fn short_rows_are_padded_and_long_rows_cut() {
        let mut t = Table::new(["a", "b"]);
        t.row(["1"]).row(["2", "3", "4"]);
        assert_eq!(t.len(), 2);
        assert_eq!(t.to_string(), "a  b\n─  ─\n1\n2  3\n");
    }

    #[test]
    fn markdown_marks_alignment() {
        assert_eq!(
            sample().markdown(),
            "| approach | time | speed-up |\n| :--- | ---: | ---: |\n\
             | sequential | 0.800 s | 1.0× |\n| threads | 0.410 s | 2.0× |\n"
        );
    }
}

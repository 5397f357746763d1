//! Command-line parsing with one clear line on bad input.
//!
//! clap's own errors span several lines (the error, a usage block, a hint). A learner who
//! types `--counts=zero` should see one line saying what is wrong and get exit code 2,
//! the shell's convention for "bad usage". The line keeps what helps from clap's other
//! lines: its suggestion ("a similar argument exists: '--counts'") and where to look next
//! (`try --help`).

use clap::Parser;
use clap::error::ErrorKind;

/// Exit code for bad usage (the same code clap and most Unix tools use).
pub const USAGE_EXIT_CODE: i32 = 2;

/// Parses the process arguments, or prints one line and exits with code 2.
///
/// `--help` and `--version` are printed in full and exit 0, as usual.
///
/// It also makes a closed standard output end the program quietly (see
/// [`quiet_on_closed_stdout`]), so `lesson-01 | head` behaves like any Unix tool.
pub fn parse_or_exit<T: Parser>() -> T {
    quiet_on_closed_stdout();
    match T::try_parse() {
        Ok(cli) => cli,
        Err(err) => exit_with(err),
    }
}

/// Ends the process quietly when stdout is closed under it (`demo | head`).
///
/// `println!` panics when the reader of a pipe has gone away; the default panic message
/// and backtrace would tell a reader that the demo crashed, when all that happened is
/// that `head` had seen enough. Rust programs ignore SIGPIPE, and changing that takes
/// `unsafe`; instead, this panic hook recognises that one panic and exits with the code
/// a shell gives a process killed by SIGPIPE (141). Every other panic is reported as
/// usual.
pub fn quiet_on_closed_stdout() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or_default();
        if message.starts_with("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default_hook(info);
    }));
}

/// Parses the given arguments (the first one is the program name).
///
/// On error, returns the one-line message [`parse_or_exit`] would print.
pub fn parse_from<T, I, S>(args: I) -> Result<T, String>
where
    T: Parser,
    I: IntoIterator<Item = S>,
    S: Into<std::ffi::OsString> + Clone,
{
    T::try_parse_from(args).map_err(|err| one_line(&err))
}

/// Reports a usage error found after parsing (for example two flags that clash) and exits 2.
pub fn usage_error(message: impl std::fmt::Display) -> ! {
    eprintln!("error: {message}");
    std::process::exit(USAGE_EXIT_CODE)
}

fn exit_with(err: clap::Error) -> ! {
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => err.exit(),
        _ => usage_error(one_line(&err).trim_start_matches("error: ")),
    }
}

/// clap's rendered error in one line: the first line (what is wrong), then clap's tips
/// (a similar argument or subcommand, if it found one), then a pointer to `--help`.
///
/// `--counts=zero` gives "error: invalid value 'zero' for '--counts <N>': must be a
/// number from 1 to 100 (try --help)"; `--count 3` gives "error: unexpected argument
/// '--count' found; tip: a similar argument exists: '--counts' (try --help)".
fn one_line(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut line = lines.next().unwrap_or("invalid arguments").to_string();
    for tip in lines.filter(|l| l.starts_with("tip:")) {
        line.push_str("; ");
        line.push_str(tip);
    }
    line.push_str(" (try --help)");
    line
}

/// A `clap` value parser for a number within an inclusive range, with a message that names
/// the range: `--counts 0` → "error: invalid value '0' for '--counts <N>': must be 1 to 100".
pub fn in_range<T>(min: T, max: T) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy + Send + Sync + 'static,
{
    move |raw: &str| {
        let value: T = raw
            .trim()
            .parse()
            .map_err(|_| format!("must be a number from {min} to {max}"))?;
        if value < min || value > max {
            return Err(format!("must be {min} to {max}"));
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Parser)]
    struct Demo {
        #[arg(long, default_value_t = 3, value_parser = in_range(1usize, 100))]
        counts: usize,
    }

    #[test]
    fn a_good_value_parses() {
        let demo: Demo = parse_from(["demo", "--counts", "7"]).unwrap();
        assert_eq!(demo.counts, 7);
    }

    #[test]
    fn out_of_range_is_one_line_naming_the_range() {
        let err = parse_from::<Demo, _, _>(["demo", "--counts", "0"]).unwrap_err();
        assert!(!err.contains('\n'), "{err:?}");
        assert!(err.contains("--counts"), "{err}");
        assert!(err.contains("must be 1 to 100"), "{err}");
    }

    #[test]
    fn not_a_number_is_one_line() {
        let err = parse_from::<Demo, _, _>(["demo", "--counts", "many"]).unwrap_err();
        assert!(!err.contains('\n'), "{err:?}");
        assert!(err.contains("must be a number from 1 to 100"), "{err}");
    }

    #[test]
    fn an_unknown_flag_is_one_line() {
        let err = parse_from::<Demo, _, _>(["demo", "--nope"]).unwrap_err();
        assert!(!err.contains('\n'), "{err:?}");
        assert!(err.contains("--nope"), "{err}");
        assert!(err.ends_with("(try --help)"), "{err}");
    }

    #[test]
    fn a_near_miss_keeps_clap_s_suggestion_and_the_help_hint() {
        let err = parse_from::<Demo, _, _>(["demo", "--count", "3"]).unwrap_err();
        assert!(!err.contains('\n'), "{err:?}");
        assert!(
            err.starts_with("error: unexpected argument '--count'"),
            "{err}"
        );
        assert!(err.contains("similar argument exists: '--counts'"), "{err}");
        assert!(err.ends_with("(try --help)"), "{err}");
        // Short: the usage block and the "For more information" line are left out.
        assert!(!err.contains("Usage"), "{err}");
        assert!(err.len() < 120, "{} characters: {err}", err.len());
    }
}

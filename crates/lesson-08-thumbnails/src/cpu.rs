//! CPU time of this whole process, to tell "both cores busy" from "one core busy".
//!
//! Linux reports it in `/proc/self/stat`: fields 14 and 15 (`utime`, `stime`) are the
//! time all the process's threads spent on a CPU, in clock ticks (see `man 5 proc`).
//! A tick is `1 / sysconf(_SC_CLK_TCK)` s, which is 100 Hz on Linux builds (`USER_HZ`);
//! we assume that rather than call libc, so the numbers have a 10 ms grain. Elsewhere
//! there is no `/proc`, and the demo prints "n/a".

use std::time::Duration;

/// Clock ticks per second of `/proc/self/stat` (`USER_HZ`, 100 on Linux).
const TICKS_PER_SECOND: u64 = 100;

/// CPU time used by the process so far (every thread, user and system), if known.
pub fn used() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The command name (field 2) is in parentheses and may hold spaces: count fields
    // from after its closing parenthesis, where field 3 starts.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // Field 3 is index 0 here, so fields 14 and 15 are indices 11 and 12.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis(
        (utime + stime) * 1000 / TICKS_PER_SECOND,
    ))
}

/// The share of `cores` kept busy: CPU time over wall time × cores, in percent.
pub fn utilisation(cpu: Option<Duration>, wall: Duration, cores: usize) -> Option<f64> {
    let cpu = cpu?;
    let capacity = wall.as_secs_f64() * cores as f64;
    (capacity > 0.0).then(|| 100.0 * cpu.as_secs_f64() / capacity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_grows_with_work() {
        let Some(before) = used() else {
            // No /proc on this system: nothing to measure (the demo prints "n/a").
            return;
        };
        let mut x = 0u64;
        let start = std::time::Instant::now();
        while start.elapsed() < Duration::from_millis(60) {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
        }
        let after = used().expect("read once, readable again");
        assert!(after > before, "{before:?} → {after:?}");
    }

    #[test]
    fn utilisation_is_cpu_over_capacity() {
        let busy = utilisation(Some(Duration::from_secs(3)), Duration::from_secs(2), 2);
        assert_eq!(busy, Some(75.0));
        assert_eq!(utilisation(None, Duration::from_secs(1), 2), None);
    }
}

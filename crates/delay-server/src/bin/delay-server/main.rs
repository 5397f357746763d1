//! The delay server as a program: serve on a port until `Ctrl-C`, or benchmark itself.
//!
//! ```text
//! cargo run -p delay-server -- --port 8080          # serve; prints the URL and endpoints
//! cargo run -p delay-server -- --port 8080 --fail 0.1   # every 10th request answers 500
//! cargo run --release -p delay-server -- bench      # 1000 concurrent /delay/100, 5 rounds
//! ```

mod bench;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use delay_server::{Config, DelayServer, ENDPOINTS, Faults, LOOPBACK, Share};
use kit::cli::{in_range, parse_or_exit};

#[derive(Debug, Parser)]
#[command(
    name = "delay-server",
    about = "A local HTTP server that answers slowly, fails on request and counts what it serves",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(flatten)]
    serve: ServeArgs,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Measure the latency the server adds: many concurrent /delay requests, several rounds
    Bench(bench::BenchArgs),
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on: only 127.0.0.1 (or localhost) is allowed
    #[arg(long, default_value = "127.0.0.1", value_parser = loopback_only)]
    host: Ipv4Addr,
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Share of requests (0 to 1) that answer 500, unless a request's ?fail= says otherwise
    #[arg(long, default_value = "0", value_name = "SHARE")]
    fail: Share,
    /// Share of requests (0 to 1) whose connection is closed without an answer
    #[arg(long, default_value = "0", value_name = "SHARE")]
    drop: Share,
    /// Share of requests (0 to 1) that get no answer until --max-stall-ms
    #[arg(long, default_value = "0", value_name = "SHARE")]
    stall: Share,
    /// Longest delay (delay plus jitter) a request may ask for, in milliseconds
    #[arg(long, default_value_t = 60_000, value_parser = in_range(1u64, 3_600_000))]
    max_delay_ms: u64,
    /// How long a stalled request hangs before its connection is closed, in milliseconds
    #[arg(long, default_value_t = 30_000, value_parser = in_range(1u64, 3_600_000))]
    max_stall_ms: u64,
}

fn loopback_only(raw: &str) -> Result<Ipv4Addr, String> {
    let ip = match raw.trim() {
        "localhost" => IpAddr::V4(LOOPBACK),
        other => other
            .parse::<IpAddr>()
            .map_err(|_| format!("'{other}' is not an ip address"))?,
    };
    match ip {
        IpAddr::V4(v4) if v4 == LOOPBACK => Ok(v4),
        _ => Err(
            "only 127.0.0.1 is allowed: the delay server never listens beyond this machine".into(),
        ),
    }
}

fn main() {
    let cli: Cli = parse_or_exit();
    let result = match cli.command {
        Some(Command::Bench(args)) => bench::run(&args),
        None => serve(&cli.serve),
    };
    if let Err(err) = result {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}

#[tokio::main]
async fn serve(args: &ServeArgs) -> anyhow::Result<()> {
    let config = Config {
        addr: SocketAddr::from((args.host, args.port)),
        max_delay: Duration::from_millis(args.max_delay_ms),
        max_stall: Duration::from_millis(args.max_stall_ms),
        faults: Faults {
            fail: args.fail,
            drop: args.drop,
            stall: args.stall,
        },
        ..Config::default()
    };
    let server = DelayServer::start(config).await?;
    println!("delay-server listening on {}\n", server.url("/"));
    println!("{ENDPOINTS}\n");
    if server.config().faults != Faults::NONE {
        let f = server.config().faults;
        println!(
            "default faults: fail {}, drop {}, stall {}",
            f.fail, f.drop, f.stall
        );
    }
    println!("press ctrl-c to stop");

    tokio::signal::ctrl_c()
        .await
        .context("cannot listen for ctrl-c")?;
    let stats = server.stats();
    println!(
        "\nstopping: served {} requests, at most {} at once",
        stats.requests, stats.max_in_flight
    );
    server.shutdown().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use kit::cli::parse_from;

    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, String> {
        parse_from(std::iter::once("delay-server").chain(args.iter().copied()))
    }

    #[test]
    fn serving_is_the_default_on_port_8080_with_no_faults() {
        let cli = parse(&[]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!((cli.serve.host, cli.serve.port), (LOOPBACK, 8080));
        assert_eq!(cli.serve.fail, Share::NONE);
    }

    #[test]
    fn only_loopback_hosts_are_accepted() {
        assert_eq!(
            parse(&["--host", "localhost"]).unwrap().serve.host,
            LOOPBACK
        );
        let err = parse(&["--host", "0.0.0.0"]).unwrap_err();
        assert!(err.contains("only 127.0.0.1 is allowed"), "{err}");
        let err = parse(&["--host", "example"]).unwrap_err();
        assert!(err.contains("'example' is not an ip address"), "{err}");
    }

    #[test]
    fn bad_values_are_one_line() {
        for args in [
            &["--fail", "2"][..],
            &["--port", "http"],
            &["bench", "--concurrency", "0"],
        ] {
            let err = parse(args).unwrap_err();
            assert!(!err.contains('\n'), "{args:?}: {err:?}");
        }
        let err = parse(&["--stall", "lots"]).unwrap_err();
        assert!(
            err.contains("a share must be a number from 0 to 1"),
            "{err}"
        );
    }

    #[test]
    fn bench_defaults_to_a_thousand_requests_of_100_ms() {
        let Some(Command::Bench(args)) = parse(&["bench"]).unwrap().command else {
            panic!("bench is a subcommand");
        };
        let shown = format!("{args:?}");
        assert!(
            shown.contains("concurrency: 1000") && shown.contains("delay_ms: 100"),
            "{shown}"
        );
    }
}

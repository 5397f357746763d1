//! The worker program of lesson 03 (the exercise and solution crates each hold this same
//! copy): the pools you build start it as `<this program> worker`, send it jobs on its
//! standard input and read the replies on its standard output. You do not run it
//! yourself; the tests find it and pass its path to your code.

fn main() {
    if std::env::args().nth(1).as_deref() != Some("worker") {
        eprintln!("error: this is lesson 03's worker program; the tests start it");
        std::process::exit(2);
    }
    if let Err(err) = processes::worker::serve() {
        eprintln!("worker: {err}");
        std::process::exit(1);
    }
}

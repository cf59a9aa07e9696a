//! What the CLI test files share: running the real `tagmark` binary and reading
//! what it printed.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs `tagmark` with `args`, writing `stdin` to its standard input.
pub fn tagmark(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tagmark"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run tagmark");
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            // A usage error exits before reading its input: the pipe may close under us.
            match input.write_all(s.as_bytes()) {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.unwrap(),
            }
        }
    }
    child.wait_with_output().unwrap()
}

/// Its standard output.
pub fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Its standard error.
pub fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

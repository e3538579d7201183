//! Test time-stamping authorities shared by the LTV tests: pyHanko's DummyTimeStamper
//! (tests/ltv/dummy_tsa.py) as a token source, and a fake HTTP TSA around it.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// pyHanko's DummyTimeStamper (tests/ltv/dummy_tsa.py) answers `request` with certificate
/// `cert` (`tsa` or `noeku`) and `fault`; returns the TimeStampResp.
pub fn dummy_reply(dir: &Path, cert: &str, fault: &str, request: &[u8]) -> Vec<u8> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ltv/dummy_tsa.py");
    let mut child = Command::new("python3")
        .arg(script)
        .arg(dir.join(format!("{cert}.pem")))
        .arg(dir.join(format!("{cert}.key")))
        .arg("--embed")
        .arg(dir.join("ca.pem"))
        .args(["--fault", fault])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python3 tests/ltv/dummy_tsa.py");
    child.stdin.take().unwrap().write_all(request).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "dummy_tsa.py failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A fake TSA answering every connection, one at a time, for as long as the test runs: it
/// reads the whole request, waits `delay`, and replies 200 application/timestamp-reply with
/// `answer(request body)`. (pyHanko's document timestamper asks twice: once for the size.)
pub fn fake_tsa(answer: impl Fn(&[u8]) -> Vec<u8> + Send + 'static, delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/tsa", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for s in listener.incoming() {
            let Ok(mut s) = s else {
                return;
            };
            let Some(body) = read_request(&mut s) else {
                continue;
            };
            let body = answer(&body);
            std::thread::sleep(delay);
            let mut reply = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/timestamp-reply\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            reply.extend_from_slice(&body);
            let _ = s.write_all(&reply);
        }
    });
    url
}

/// The body of one HTTP request (by its Content-Length), or None when the client left.
fn read_request(s: &mut TcpStream) -> Option<Vec<u8>> {
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + len {
                return Some(buf[end + 4..end + 4 + len].to_vec());
            }
        }
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => return None,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

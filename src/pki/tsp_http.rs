//! RFC 3161 over HTTP (section 3.4): a client for `--tsa-url http://host:port/path`
//! ([`HttpTsa`], a [`Timestamper`]) and the server side of `catool tsa serve` ([`serve`]).
//!
//! Written by hand on `std::net` rather than with an HTTP crate: a timestamp exchange is one
//! POST of a few hundred bytes and a reply of a few KiB, the reply is signed (TLS would add
//! no integrity, so no TLS stack is pulled in), and every read here is bounded in size and
//! time — which is most of what a general client would have to be configured to do — with no
//! new dependency tree.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use super::error::{BodyProblem, PkiError, UrlProblem, num};
use super::signed_data::DigestAlg;
use super::timestamper::Timestamper;
use super::tsp::{self, MAX_MESSAGE};
use crate::error::Result;

/// Time-out of a whole exchange (connect, send, reply) unless told otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Request line and headers, either way.
const MAX_HEAD: usize = 16 * 1024;
const QUERY_TYPE: &str = "application/timestamp-query";
const REPLY_TYPE: &str = "application/timestamp-reply";

/// A TSA reached over plain HTTP.
#[derive(Clone, Debug)]
pub struct HttpTsa {
    url: String,
    host: String,
    port: u16,
    path: String,
    timeout: Duration,
}

impl HttpTsa {
    /// `url` is `http://host[:port][/path]`; https is refused (no TLS in catool: the reply
    /// is signed and checked, so plain HTTP loses no integrity).
    pub fn new(url: &str, timeout: Duration) -> Result<HttpTsa> {
        let bad = |problem| PkiError::TsaUrlInvalid {
            url: url.to_string(),
            problem,
        };
        if url.len() > 2048 || url.chars().any(|c| c.is_control() || c == ' ') {
            return Err(bad(UrlProblem::Shape).into());
        }
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("https://") {
            return Err(PkiError::TsaUrlHttps {
                url: url.to_string(),
            }
            .into());
        }
        let rest = lower
            .strip_prefix("http://")
            .map(|_| &url[7..])
            .ok_or_else(|| bad(UrlProblem::Shape))?;
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if authority.contains('@') {
            return Err(bad(UrlProblem::UserName).into());
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (h, after) = v6
                .split_once(']')
                .ok_or_else(|| bad(UrlProblem::UnclosedBracket))?;
            let port = match after.strip_prefix(':') {
                Some(p) => p.parse().map_err(|_| bad(UrlProblem::PortNotNumber))?,
                None if after.is_empty() => 80,
                None => return Err(bad(UrlProblem::Shape).into()),
            };
            (h.to_string(), port)
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (
                    h.to_string(),
                    p.parse().map_err(|_| bad(UrlProblem::PortNotNumber))?,
                ),
                None => (authority.to_string(), 80),
            }
        };
        if host.is_empty() {
            return Err(bad(UrlProblem::NoHost).into());
        }
        Ok(HttpTsa {
            url: url.to_string(),
            host,
            port,
            path: path.to_string(),
            timeout,
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    fn url_owned(&self) -> String {
        self.url.clone()
    }

    /// POSTs a DER TimeStampReq and returns the reply body (not yet checked).
    pub fn post(&self, request: &[u8]) -> Result<Vec<u8>> {
        let deadline = Instant::now() + self.timeout;
        let addrs: Vec<_> = (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|e| PkiError::TsaUnresolved {
                url: self.url_owned(),
                host: self.host.clone(),
                detail: e.to_string(),
            })?
            .collect();
        let mut last = None;
        let mut stream = None;
        for a in addrs {
            match TcpStream::connect_timeout(&a, remaining(deadline)) {
                Ok(s) => {
                    stream = Some(s);
                    break;
                }
                Err(e) => last = Some(e),
            }
        }
        let mut stream = stream.ok_or_else(|| match last {
            Some(e) if is_timeout(&e) => PkiError::TsaConnectTimeout {
                url: self.url_owned(),
                secs: num(self.timeout.as_secs()),
            },
            Some(e) => PkiError::TsaConnectFailed {
                url: self.url_owned(),
                detail: e.to_string(),
            },
            None => PkiError::TsaNoAddress {
                url: self.url_owned(),
            },
        })?;
        let host_header = if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        };
        let head = format!(
            "POST {} HTTP/1.1\r\nHost: {host_header}\r\nContent-Type: {QUERY_TYPE}\r\nAccept: {REPLY_TYPE}\r\nContent-Length: {}\r\nConnection: close\r\nUser-Agent: catool/{}\r\n\r\n",
            self.path,
            request.len(),
            env!("CARGO_PKG_VERSION")
        );
        let io = |e: std::io::Error| {
            if is_timeout(&e) {
                PkiError::TsaTimeout {
                    url: self.url_owned(),
                    secs: num(self.timeout.as_secs()),
                }
            } else {
                PkiError::TsaConnectionFailed {
                    url: self.url_owned(),
                    detail: e.to_string(),
                }
            }
        };
        let too_large = || PkiError::TsaReplyTooLarge {
            url: self.url_owned(),
            kib: num(MAX_MESSAGE / 1024),
        };
        stream
            .set_write_timeout(Some(remaining(deadline)))
            .map_err(io)?;
        stream.write_all(head.as_bytes()).map_err(io)?;
        stream.write_all(request).map_err(io)?;
        stream.flush().map_err(io)?;
        let reply = read_message(&mut stream, deadline, MAX_HEAD + MAX_MESSAGE + 1024).map_err(
            |e| match e {
                ReadError::Io(e) => io(e),
                ReadError::TooLarge => too_large(),
            },
        )?;
        let (status, headers, body) =
            parse_response_head(&reply).ok_or_else(|| PkiError::TsaNotHttp {
                url: self.url_owned(),
            })?;
        if status != 200 {
            return Err(PkiError::TsaHttpStatus {
                url: self.url_owned(),
                status: i64::from(status),
            }
            .into());
        }
        let content_type = header(&headers, "content-type").unwrap_or_default();
        let body = http_body(&headers, body).map_err(|problem| PkiError::TsaBadBody {
            url: self.url_owned(),
            problem,
        })?;
        if body.len() > MAX_MESSAGE {
            return Err(too_large().into());
        }
        let media = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if !(media == REPLY_TYPE || media == "application/timestamp-response") {
            return Err(PkiError::TsaContentType {
                url: self.url_owned(),
                media: media
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(80)
                    .collect::<String>(),
            }
            .into());
        }
        Ok(body)
    }
}

impl Timestamper for HttpTsa {
    fn timestamp(&mut self, alg: DigestAlg, digest: &[u8]) -> Result<Vec<u8>> {
        let mut nonce = [0u8; 8];
        super::vault::fill_random(&mut nonce)?;
        let request = tsp::request(alg, digest, Some(u64::from_be_bytes(nonce)))?;
        let reply = self.post(&request)?;
        // Checked there: status, imprint (the request's), nonce, signature, TSA purpose.
        let (token, info) =
            tsp::parse_response(&reply, &request).map_err(|problem| PkiError::TsaReplyRefused {
                url: self.url_owned(),
                problem,
            })?;
        // The token is worth only what its certificate was worth at its time: an expired (or
        // not yet valid) TSA certificate makes it worthless, so nothing is signed with it.
        let cert =
            <x509_cert::Certificate as der::Decode>::from_der(&info.tsa_cert_der).map_err(|e| {
                PkiError::TsaCertUnreadable {
                    url: self.url_owned(),
                    detail: e.to_string(),
                }
            })?;
        let validity = cert.tbs_certificate().validity();
        let (from, to) = (
            validity.not_before.to_system_time(),
            validity.not_after.to_system_time(),
        );
        if info.gen_time < from || info.gen_time > to {
            let stamp = |t: std::time::SystemTime| {
                chrono::DateTime::<chrono::Utc>::from(t)
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            };
            return Err(PkiError::TsaCertNotValid {
                url: self.url_owned(),
                subject: cert.tbs_certificate().subject().to_string(),
                at: stamp(info.gen_time),
                from: stamp(from),
                to: stamp(to),
            }
            .into());
        }
        Ok(token)
    }

    fn describe(&self, _lang: crate::i18n::Lang) -> String {
        self.url.clone()
    }
}

fn remaining(deadline: Instant) -> Duration {
    deadline
        .saturating_duration_since(Instant::now())
        .max(Duration::from_millis(1))
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
    )
}

enum ReadError {
    Io(std::io::Error),
    TooLarge,
}

/// Reads an HTTP message until the peer closes, or until its head and a Content-Length
/// body are complete; at most `limit` bytes, before `deadline`.
fn read_message(
    stream: &mut TcpStream,
    deadline: Instant,
    limit: usize,
) -> std::result::Result<Vec<u8>, ReadError> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        if let Some(end) = head_end(&buf) {
            let headers = parse_headers(&buf[..end]);
            if let Some(len) =
                header(&headers, "content-length").and_then(|v| v.trim().parse::<usize>().ok())
            {
                if end.saturating_add(len) > limit {
                    return Err(ReadError::TooLarge);
                }
                if buf.len() >= end + len {
                    buf.truncate(end + len);
                    return Ok(buf);
                }
            }
        }
        stream
            .set_read_timeout(Some(remaining(deadline)))
            .map_err(ReadError::Io)?;
        if Instant::now() >= deadline {
            return Err(ReadError::Io(std::io::ErrorKind::TimedOut.into()));
        }
        let n = stream.read(&mut chunk).map_err(ReadError::Io)?;
        if n == 0 {
            return Ok(buf);
        }
        if buf.len() + n > limit {
            return Err(ReadError::TooLarge);
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Where the head ends (after the blank line).
fn head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}

/// The header lines after the start line, as (lower-case name, value).
fn parse_headers(head: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(head)
        .split("\r\n")
        .skip(1)
        .filter_map(|l| {
            let (k, v) = l.split_once(':')?;
            Some((k.trim().to_ascii_lowercase(), v.trim().to_string()))
        })
        .collect()
}

fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
}

/// Header lines as (lower-case name, value).
type Headers = Vec<(String, String)>;

/// What answers a request body: the reply body and what happened, for the log.
pub type Answer<'a> = dyn FnMut(&[u8]) -> (Vec<u8>, Outcome) + 'a;

fn parse_response_head(msg: &[u8]) -> Option<(u16, Headers, &[u8])> {
    let end = head_end(msg)?;
    let start = msg.split(|b| *b == b'\r').next()?;
    let start = std::str::from_utf8(start).ok()?;
    let mut parts = start.split(' ');
    if !parts.next()?.starts_with("HTTP/1.") {
        return None;
    }
    let status = parts.next()?.parse().ok()?;
    Some((status, parse_headers(&msg[..end]), &msg[end..]))
}

/// The body: chunked, Content-Length, or everything to the close.
fn http_body(
    headers: &[(String, String)],
    raw: &[u8],
) -> std::result::Result<Vec<u8>, BodyProblem> {
    let chunked = header(headers, "transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        let mut rest = raw;
        loop {
            let line_end = rest
                .windows(2)
                .position(|w| w == b"\r\n")
                .ok_or(BodyProblem::ChunkLineCut)?;
            let size_text =
                std::str::from_utf8(&rest[..line_end]).map_err(|_| BodyProblem::BadChunkSize)?;
            let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
                .map_err(|_| BodyProblem::BadChunkSize)?;
            rest = &rest[line_end + 2..];
            if size == 0 {
                return Ok(out);
            }
            if size > MAX_MESSAGE || rest.len() < size + 2 {
                return Err(BodyProblem::ChunkCutOrTooLarge);
            }
            out.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
    }
    match header(headers, "content-length") {
        Some(v) => {
            let len: usize = v
                .trim()
                .parse()
                .map_err(|_| BodyProblem::BadContentLength)?;
            raw.get(..len)
                .map(<[u8]>::to_vec)
                .ok_or(BodyProblem::ShorterThanLength)
        }
        None => Ok(raw.to_vec()),
    }
}

// ---- server -----------------------------------------------------------------------------

/// How `serve` runs.
pub struct ServeOptions {
    /// Stop after this many requests (tests; `None`: until the process is stopped).
    pub max_requests: Option<u64>,
    /// Each connection's whole exchange must finish within this.
    pub timeout: Duration,
}

/// What happened to one request, for the server's log line (the CLI words it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A token was issued (its serial, imprint algorithm and imprint, hex).
    Granted {
        serial: i64,
        alg: String,
        imprint: String,
    },
    /// Granted, though the issuer reported no token (cannot happen).
    GrantedUnrecorded,
    /// Refused with a TimeStampResp: `why` is the request's problem or the TSA's failure.
    Rejected {
        why: String,
    },
    HeadTooLarge,
    TimedOut,
    MethodNotAllowed,
    NoLength,
    TooLarge,
    WrongContentType,
    ClosedBeforeRequest,
    ClosedMidRequest,
    ReadFailed {
        detail: String,
    },
}

/// What happened to one request, for the server's log line.
pub struct Served {
    pub peer: String,
    pub status: u16,
    pub outcome: Outcome,
}

/// Answers RFC 3161 requests on `listener`, one connection at a time (each bounded by
/// `opts.timeout` and the size limit): POST with a TimeStampReq body of at most 64 KiB gets
/// `answer(body)` as an `application/timestamp-reply`; a larger body 413, another method
/// 405, a missing length 411, another content type 415. `log` sees every request.
pub fn serve(
    listener: &TcpListener,
    opts: &ServeOptions,
    answer: &mut Answer,
    log: &mut dyn FnMut(&Served),
) -> Result<()> {
    let mut served = 0u64;
    for conn in listener.incoming() {
        let mut stream = match conn {
            Ok(s) => s,
            Err(_) => continue,
        };
        let peer = stream
            .peer_addr()
            .map(|a| a.to_string())
            .unwrap_or_else(|_| "?".into());
        let (status, outcome) = handle(&mut stream, opts.timeout, answer);
        let _ = stream.shutdown(Shutdown::Both);
        log(&Served {
            peer,
            status,
            outcome,
        });
        served += 1;
        if opts.max_requests.is_some_and(|m| served >= m) {
            break;
        }
    }
    Ok(())
}

fn handle(stream: &mut TcpStream, timeout: Duration, answer: &mut Answer) -> (u16, Outcome) {
    let deadline = Instant::now() + timeout;
    let _ = stream.set_write_timeout(Some(timeout));
    // The head first, so that an oversized body is refused before it is read.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(end) = head_end(&buf) {
            break end;
        }
        if buf.len() > MAX_HEAD {
            return reply(
                stream,
                431,
                "text/plain",
                b"request head too large\n",
                Outcome::HeadTooLarge,
            );
        }
        match next_chunk(stream, deadline, &mut chunk) {
            Ok(0) => return (0, Outcome::ClosedBeforeRequest),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(end) => return end,
        }
    };
    let start =
        String::from_utf8_lossy(buf.split(|b| *b == b'\r').next().unwrap_or_default()).into_owned();
    let headers = parse_headers(&buf[..end]);
    let method = start.split(' ').next().unwrap_or("");
    if method != "POST" {
        return reply(
            stream,
            405,
            "text/plain",
            b"POST an application/timestamp-query\n",
            Outcome::MethodNotAllowed,
        );
    }
    if header(&headers, "transfer-encoding").is_some() {
        return reply(
            stream,
            411,
            "text/plain",
            b"send a Content-Length\n",
            Outcome::NoLength,
        );
    }
    let Some(len) = header(&headers, "content-length").and_then(|v| v.trim().parse::<usize>().ok())
    else {
        return reply(
            stream,
            411,
            "text/plain",
            b"send a Content-Length\n",
            Outcome::NoLength,
        );
    };
    if len > MAX_MESSAGE {
        return reply(
            stream,
            413,
            "text/plain",
            b"a timestamp request is at most 64 KiB\n",
            Outcome::TooLarge,
        );
    }
    let media = header(&headers, "content-type").unwrap_or_default();
    if media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
        != QUERY_TYPE
    {
        return reply(
            stream,
            415,
            "text/plain",
            b"Content-Type must be application/timestamp-query\n",
            Outcome::WrongContentType,
        );
    }
    let mut body = buf[end..].to_vec();
    while body.len() < len {
        match next_chunk(stream, deadline, &mut chunk) {
            Ok(0) => return (0, Outcome::ClosedMidRequest),
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(end) => return end,
        }
    }
    body.truncate(len);
    let (resp, outcome) = answer(&body);
    reply(stream, 200, REPLY_TYPE, &resp, outcome)
}

/// Reads the next piece of a request before `deadline`: its length (0: the peer closed), or
/// what ends the exchange instead (a time-out, answered 408, or a failed read).
fn next_chunk(
    stream: &mut TcpStream,
    deadline: Instant,
    chunk: &mut [u8],
) -> std::result::Result<usize, (u16, Outcome)> {
    let _ = stream.set_read_timeout(Some(remaining(deadline)));
    match stream.read(chunk) {
        Ok(n) => Ok(n),
        Err(e) if is_timeout(&e) => Err(reply(
            stream,
            408,
            "text/plain",
            b"request time-out\n",
            Outcome::TimedOut,
        )),
        Err(e) => Err((
            0,
            Outcome::ReadFailed {
                detail: e.to_string(),
            },
        )),
    }
}

fn reply(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    outcome: Outcome,
) -> (u16, Outcome) {
    let reason = match status {
        200 => "OK",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        431 => "Request Header Fields Too Large",
        _ => "Error",
    };
    let allow = if status == 405 { "Allow: POST\r\n" } else { "" };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{allow}Connection: close\r\n\r\n",
        body.len()
    );
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|_| stream.write_all(body))
        .and_then(|_| stream.flush());
    (status, outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_urls_are_refused_with_what_to_do() {
        let e = HttpTsa::new("https://tsa.example/ts", DEFAULT_TIMEOUT).unwrap_err();
        let hint = e.described().and_then(|d| d.hint_in(crate::i18n::Lang::En));
        assert!(
            hint.as_deref()
                .is_some_and(|h| h.contains("use the TSA's http:// URL")),
            "{e}"
        );
    }

    #[test]
    fn urls_give_host_port_and_path() {
        let t = HttpTsa::new("http://127.0.0.1:8080/tsa/x", DEFAULT_TIMEOUT).unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("127.0.0.1", 8080, "/tsa/x")
        );
        let t = HttpTsa::new("http://[::1]/", DEFAULT_TIMEOUT).unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 80));
        assert!(HttpTsa::new("ftp://x/", DEFAULT_TIMEOUT).is_err());
    }

    #[test]
    fn chunked_bodies_are_joined() {
        let h = vec![("transfer-encoding".to_string(), "chunked".to_string())];
        assert_eq!(
            http_body(&h, b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").unwrap(),
            b"abcde"
        );
        assert!(http_body(&h, b"9\r\nabc").is_err());
    }
}

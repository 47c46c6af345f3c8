//! Servers on loopback that stand in for Entri: wiremock, and a counting server that
//! sees how many requests overlap.

/// A wiremock server on loopback, driven from synchronous tests: it serves from its own
/// thread while the test runs nt3.
pub struct Server {
    runtime: tokio::runtime::Runtime,
    server: wiremock::MockServer,
}

impl Server {
    pub fn start() -> Self {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let server = runtime.block_on(wiremock::MockServer::start());
        Self { runtime, server }
    }

    /// `http://127.0.0.1:<port>`
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    pub fn port(&self) -> u16 {
        self.server.address().port()
    }

    pub fn mock(&self, mock: wiremock::Mock) -> &Self {
        self.runtime.block_on(mock.mount(&self.server));
        self
    }

    pub fn requests(&self) -> Vec<wiremock::Request> {
        self.runtime
            .block_on(self.server.received_requests())
            .unwrap()
    }
}

/// A collection document as the Entri API sends it.
pub fn page(data: serde_json::Value, page: u64, total_pages: u64) -> serde_json::Value {
    let count = data.as_array().map_or(0, Vec::len);
    serde_json::json!({
        "data": data,
        "meta": {"page": page, "limit": 200, "total": count, "totalPages": total_pages}
    })
}

/// A loopback port nothing listens on: connecting to it is refused at once.
pub fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A loopback HTTP/1.1 server that answers every request after `delay` and records the
/// most requests it was ever handling at once: wiremock cannot observe overlap.
pub struct CountingServer {
    pub port: u16,
    state: std::sync::Arc<CountingState>,
}

#[derive(Default)]
struct CountingState {
    in_flight: std::sync::atomic::AtomicUsize,
    peak: std::sync::atomic::AtomicUsize,
    served: std::sync::atomic::AtomicUsize,
}

impl CountingServer {
    /// `answer(method, path)` gives the body of each response (status 200).
    pub fn start(delay: std::time::Duration, answer: fn(&str, &str) -> String) -> Self {
        use std::io::{BufRead, BufReader, Read, Write};
        use std::sync::atomic::Ordering::SeqCst;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = std::sync::Arc::new(CountingState::default());
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let state = shared.clone();
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut stream = stream;
                    loop {
                        let mut request_line = String::new();
                        if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
                            return;
                        }
                        let mut length = 0;
                        loop {
                            let mut line = String::new();
                            reader.read_line(&mut line).unwrap();
                            if line == "\r\n" || line.is_empty() {
                                break;
                            }
                            if let Some((name, value)) = line.split_once(':')
                                && name.eq_ignore_ascii_case("content-length")
                            {
                                length = value.trim().parse().unwrap();
                            }
                        }
                        let mut body = vec![0; length];
                        reader.read_exact(&mut body).unwrap();
                        let now = state.in_flight.fetch_add(1, SeqCst) + 1;
                        state.peak.fetch_max(now, SeqCst);
                        std::thread::sleep(delay);
                        let mut parts = request_line.split(' ');
                        let (method, path) =
                            (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                        let body = answer(method, path);
                        state.in_flight.fetch_sub(1, SeqCst);
                        state.served.fetch_add(1, SeqCst);
                        let reply = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                            body.len()
                        );
                        if stream.write_all(reply.as_bytes()).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        Self { port, state }
    }

    pub fn uri(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn peak(&self) -> usize {
        self.state.peak.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn served(&self) -> usize {
        self.state.served.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// The fake Entri most sync tests start from: project `proj_1`, source `en`, these
/// target languages, where every import and every language addition succeeds. A test
/// mounts whatever else it needs on top.
pub fn entri_project(targets: &[&str]) -> Server {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};
    let server = Server::start();
    server.mock(
        Mock::given(method("GET"))
            .and(path("/api/v1/projects/proj_1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"id": "proj_1", "sourceLanguage": "en", "targetLanguages": targets}),
            )),
    );
    for route in [
        "/api/v1/projects/proj_1/import",
        "/api/v1/projects/proj_1/languages",
    ] {
        server.mock(
            Mock::given(method("POST"))
                .and(path(route))
                .respond_with(ResponseTemplate::new(201)),
        );
    }
    server
}

/// The bodies of the import requests `server` received, in the order they arrived.
pub fn imports(server: &Server) -> Vec<serde_json::Value> {
    server
        .requests()
        .into_iter()
        .filter(|r| r.url.path().ends_with("/import"))
        .map(|r| r.body_json().unwrap())
        .collect()
}

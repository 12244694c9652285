//! Connections: a listening socket -> a thread per connection, within two budgets, so that neither
//! idle sockets nor long answers keep a request from being answered. Input: the listener and the
//! handler (a [`Request`] -> an [`Answer`]). Output: every connection answered, refused or dropped,
//! and closed.
//!
//! A connection is in one of two places. *Reading*: connected, its request head not complete yet;
//! at most [`MAX_READING`] of them, and when a new connection finds them all taken, the one that has
//! been reading longest is closed without an answer to make room. A client that sends its request
//! at once is never the oldest for long; a socket that connects and sends nothing is, so a flood of
//! idle sockets, however often they reconnect, only pushes out each other. *Answering*: the head
//! is in, the handler runs and the answer is written; at most [`MAX_CONNECTIONS`], beyond which a
//! request gets 503 at once. A connection whose whole head has arrived by the time it is accepted
//! goes straight to answering and never takes a reading place. Each reading or answering connection
//! has its own thread (at most [`MAX_READER_THREADS`] + [`MAX_CONNECTIONS`]); the accepting thread
//! itself never waits on a client. Request bodies are read only when the server takes them
//! ([`serve_with_bodies`], `knte serve --edit`), on the answering thread, within the size and time
//! limits of [`http::read_body`].

use super::http::{self, Answer, Head, Request, HEAD_TIMEOUT};
use std::collections::VecDeque;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Most requests answered at once (each on its own thread). A browser opens about six connections
/// per server; each open tab's reload script holds one more while it waits for the next build (the
/// server lets at most [`super::MAX_POLLS`] of them wait at once).
pub const MAX_CONNECTIONS: usize = 64;
/// Most connections whose request head has not fully arrived; beyond, the oldest is closed.
pub const MAX_READING: usize = 64;
/// Most threads reading heads, counting those of closed connections still ending; beyond (never
/// reached unless the system stops running them), a new connection gets 503 at once.
pub const MAX_READER_THREADS: usize = 2 * MAX_READING;

type Handler = dyn Fn(&Request) -> Answer + Send + Sync;

/// The budgets, shared by the accepting thread and the connections' threads.
#[derive(Clone, Default)]
struct Places {
    /// Largest request body read (0: none).
    max_body: u64,
    answering: Arc<AtomicUsize>,
    reader_threads: Arc<AtomicUsize>,
    reading: Arc<Mutex<Reading>>,
}

/// The connections being read, oldest first, each with a handle to close it by.
#[derive(Default)]
struct Reading {
    last_id: u64,
    open: VecDeque<(u64, TcpStream)>,
}

/// Accepts connections forever, answering each request with `handler`; bodies are never read.
pub fn serve<F>(listener: TcpListener, handler: F) -> !
where
    F: Fn(&Request) -> Answer + Send + Sync + 'static,
{
    serve_with_bodies(listener, 0, handler)
}

/// [`serve`], reading the body of a request that declares one of at most `max_body` bytes before
/// the handler sees it (0: bodies are never read).
pub fn serve_with_bodies<F>(listener: TcpListener, max_body: u64, handler: F) -> !
where
    F: Fn(&Request) -> Answer + Send + Sync + 'static,
{
    let handler: Arc<Handler> = Arc::new(move |req: &Request| handler(req));
    let places = Places {
        max_body,
        ..Places::default()
    };
    loop {
        let mut stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: wait a moment rather than spin.
                eprintln!("warning: a connection could not be accepted: {e}");
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        let accepted = Instant::now();
        let mut buf = Vec::new();
        match http::read_ready(&mut stream, &mut buf) {
            Some(Head::Closed) => {}
            Some(head) => start_answering(stream, head, &places, &handler),
            None => start_reading(stream, buf, accepted, &places, &handler),
        }
    }
}

/// A connection whose head is in: answered on a thread of its own, or refused with 503.
fn start_answering(stream: TcpStream, head: Head, places: &Places, handler: &Arc<Handler>) {
    let Some(slot) = Slot::take(&places.answering, MAX_CONNECTIONS) else {
        return refuse_busy(stream);
    };
    let handler = Arc::clone(handler);
    let max_body = places.max_body;
    spawn("knte-serve-conn", move || {
        let _slot = slot;
        answer(stream, head, max_body, &*handler);
    });
}

/// A connection whose head is still coming: read on a thread of its own, in a reading place.
fn start_reading(
    stream: TcpStream,
    buf: Vec<u8>,
    accepted: Instant,
    places: &Places,
    handler: &Arc<Handler>,
) {
    let Some(thread) = Slot::take(&places.reader_threads, MAX_READER_THREADS) else {
        return refuse_busy(stream);
    };
    let Some(place) = ReadingPlace::take(&places.reading, &stream) else {
        return refuse_busy(stream);
    };
    let (places, handler) = (places.clone(), Arc::clone(handler));
    spawn("knte-serve-read", move || {
        let mut stream = stream;
        let head = http::read_head(&mut stream, buf, accepted + HEAD_TIMEOUT);
        drop(place);
        match head {
            Head::Closed => {}
            Head::Bad(_) => answer(stream, head, 0, &*handler),
            Head::Request(_) => match Slot::take(&places.answering, MAX_CONNECTIONS) {
                Some(slot) => {
                    // This thread now counts as answering, no longer as reading.
                    drop(thread);
                    let _slot = slot;
                    answer(stream, head, places.max_body, &*handler);
                }
                None => http::respond(&mut stream, &busy(), false),
            },
        }
    });
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) {
    if let Err(e) = std::thread::Builder::new().name(name.into()).spawn(f) {
        // The closure (with its slots and the stream) was dropped: the connection is closed.
        eprintln!("warning: a connection could not be served: {e}");
    }
}

/// Answers one request (or a bad head) and closes the connection. A request that declares a body
/// has it read first when the server takes bodies (`max_body` > 0).
fn answer(mut stream: TcpStream, head: Head, max_body: u64, handler: &Handler) {
    let _ = stream.set_nodelay(true);
    let (answer, head_only) = match head {
        Head::Request(mut req) => {
            let wants_body = req.chunked || req.content_length.is_some_and(|n| n > 0);
            if max_body > 0 && wants_body {
                let deadline = Instant::now() + http::BODY_TIMEOUT;
                if let Err(status) = http::read_body(&mut stream, &mut req, max_body, deadline) {
                    http::respond(&mut stream, &Answer::bad(status), false);
                    return;
                }
            } else {
                // Never handed on: a server that takes no body must not act on part of one.
                req.body.clear();
            }
            (handler(&req), req.method == "HEAD")
        }
        Head::Bad(status) => (Answer::bad(status), false),
        Head::Closed => return,
    };
    http::respond(&mut stream, &answer, head_only);
}

fn busy() -> Answer {
    Answer::plain(503, "the server is busy: try again in a moment").with_header("Retry-After", "1")
}

/// 503 for a connection over a limit, on the accepting thread, without waiting.
fn refuse_busy(stream: TcpStream) {
    http::respond_now(stream, &busy());
}

/// One place in a budget; given back when dropped, also if the thread panics.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(count: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        count
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < max).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(count)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// One of the [`MAX_READING`] places; given back when dropped.
struct ReadingPlace {
    id: u64,
    reading: Arc<Mutex<Reading>>,
}

impl ReadingPlace {
    /// A place for `stream`, closing the connection that has been reading longest if all are
    /// taken. `None` if the connection cannot be given a handle (out of file descriptors).
    fn take(reading: &Arc<Mutex<Reading>>, stream: &TcpStream) -> Option<ReadingPlace> {
        let handle = stream.try_clone().ok()?;
        let mut r = reading.lock().unwrap_or_else(|e| e.into_inner());
        while r.open.len() >= MAX_READING {
            let Some((_, oldest)) = r.open.pop_front() else {
                break;
            };
            // Its thread's read ends at once (it sees the connection closed) and gives back the
            // thread; the client sees the connection close without an answer.
            let _ = oldest.shutdown(Shutdown::Both);
        }
        r.last_id += 1;
        let id = r.last_id;
        r.open.push_back((id, handle));
        Some(ReadingPlace {
            id,
            reading: Arc::clone(reading),
        })
    }
}

impl Drop for ReadingPlace {
    fn drop(&mut self) {
        let mut r = self.reading.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(at) = r.open.iter().position(|(id, _)| *id == self.id) {
            r.open.remove(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn slots_are_counted_and_given_back() {
        let count = Arc::new(AtomicUsize::new(0));
        let a = Slot::take(&count, 2).unwrap();
        let b = Slot::take(&count, 2).unwrap();
        assert!(Slot::take(&count, 2).is_none());
        drop(a);
        let c = Slot::take(&count, 2);
        assert!(c.is_some());
        drop((b, c));
        assert_eq!(count.load(Ordering::Acquire), 0);
    }

    #[test]
    fn a_new_connection_pushes_out_the_oldest_reading_one() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let reading = Arc::new(Mutex::new(Reading::default()));
        let mut clients = Vec::new();
        let mut places = Vec::new();
        for _ in 0..MAX_READING + 2 {
            let client = TcpStream::connect(addr).unwrap();
            client
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            let (server, _) = listener.accept().unwrap();
            places.push(ReadingPlace::take(&reading, &server).unwrap());
            clients.push((client, server));
        }
        assert_eq!(reading.lock().unwrap().open.len(), MAX_READING);
        // The two oldest were closed (the client reads the end at once), the others are open.
        for (i, (client, _)) in clients.iter_mut().enumerate().take(3) {
            client.set_nonblocking(i == 2).unwrap();
            let mut byte = [0u8; 1];
            let got = client.read(&mut byte);
            if i < 2 {
                assert!(matches!(got, Ok(0)), "connection {i}: {got:?}");
            } else {
                assert!(got.is_err(), "connection {i} is still open: {got:?}");
            }
        }
        // Places given back leave the list; a pushed-out one is simply gone.
        places.truncate(MAX_READING);
        assert_eq!(reading.lock().unwrap().open.len(), MAX_READING - 2);
        drop(places);
        assert!(reading.lock().unwrap().open.is_empty());
    }
}

import Testing

/// Hostile peers against a live relay. Every test runs one attack while three well-behaved
/// clients keep chatting, then checks that the relay is alive, that they lost nothing, and that
/// the relay's peers, sockets, descriptors and memory are back to their baseline.
///
/// The suites run one at a time (their descriptor and memory figures are the whole process's).
@Suite(.serialized, .timeLimit(.minutes(1)))
enum Hardening {}

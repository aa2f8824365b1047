import ParleyWire

/// The secret the relay gives a client under each nick (WELCOME.resumeToken), which only a resume
/// that sends it back (HELLO.resumeToken) may use to see the nick's private messages again.
///
/// A token is SipHash-2-4 of a counter under the relay's secret key: unpredictable without the
/// key, even to someone who has seen other tokens. Bounded: tokens are kept for the
/// `trackedNicks` nicks that were given one most recently.
struct ResumeTokens: Sendable {
    private let hasher: SipHash
    private var issued: UInt64 = 0
    private var tokens: [String: UInt64] = [:]
    private var arrival: ArrivalOrder<String>

    init(settings: RelaySettings) {
        var key = settings.secret
        if key.isEmpty {
            var random = SplitMix64(seed: settings.seed ^ 0x7E57_0000_70CE_0000)
            for _ in 0..<2 { withUnsafeBytes(of: random.next()) { key += $0 } }
        }
        hasher = SipHash(key: key)
        arrival = ArrivalOrder(capacity: settings.trackedNicks)
    }

    /// Whether `token` is the one last given under `folded` (0 never is).
    func proves(_ token: UInt64, for folded: String) -> Bool {
        token != 0 && tokens[folded] == token
    }

    /// A new token for `folded`, replacing any earlier one.
    mutating func issue(for folded: String) -> UInt64 {
        issued += 1
        let token = max(1, hasher.hash(withUnsafeBytes(of: issued.littleEndian) { Array($0) }))
        if tokens.updateValue(token, forKey: folded) == nil, let forgotten = arrival.add(folded) {
            tokens[forgotten] = nil
        }
        return token
    }

    /// Takes back a token given before a restart (oldest first).
    mutating func restore(_ token: UInt64, for folded: String) {
        if tokens.updateValue(token, forKey: folded) == nil, let forgotten = arrival.add(folded) {
            tokens[forgotten] = nil
        }
    }

    /// The token of `folded`, if one is kept.
    func token(of folded: String) -> UInt64? { tokens[folded] }

    /// The token of `old` now belongs to `new` (its holder changed nick).
    mutating func move(from old: String, to new: String) {
        guard old != new, let token = tokens.removeValue(forKey: old) else { return }
        if tokens.updateValue(token, forKey: new) == nil, let forgotten = arrival.add(new) {
            tokens[forgotten] = nil
        }
    }

    /// Forgets the token of `folded` (its holder quit on purpose).
    mutating func revoke(_ folded: String) {
        tokens[folded] = nil
    }
}

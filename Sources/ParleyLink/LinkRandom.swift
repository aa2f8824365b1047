import ParleyWire

/// The link's seeded generator: SplitMix64, shared with the other pure modules. Shells seed it
/// from the system, so that every random choice the link makes (session ids, nonces) is
/// reproducible in tests.
public typealias LinkRandom = SplitMix64

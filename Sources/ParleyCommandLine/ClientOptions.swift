import ArgumentParser
import ParleyClient
import ParleyClientCore
import ParleyLink
import ParleyWire

/// Whom `parley` joins, as whom and how: every `parley` option, read into a `ClientSessionConfiguration`.
///
/// Defaults that the configurations already have (the drain timeout, the reconnection ceiling,
/// the link's timers, the history the relay replays) are read from them, not restated.
public struct ClientOptions: ParsableArguments {
    @Argument(help: "The relay: host, host:port, or [IPv6]:port (default: localhost:7700).")
    public var address: String?

    @Option(help: "Your nick: letters, digits, '_', '-', '.' (default: your login name).")
    public var nick: String?

    @Flag(help: "Use the reliable UDP link instead of TCP (same as --transport udp).")
    public var udp = false

    @Option(help: "tcp (default) or udp.")
    public var transport: TransportChoice?

    @Flag(help: "Line mode even on a terminal, for scripts and bots.")
    public var plain = false

    @Option(help: "How many recent messages to show when joining (default: the relay's choice).")
    public var history: UInt16?

    @Option(help: "At the end of input, how long to wait for messages to be delivered, in seconds.")
    public var drainTimeout: Double = Double(ClientOptions.clientDefaults.drainTimeout) / 1000

    @Flag(help: "Never host a relay, even if none is running on localhost:7700.")
    public var noHost = false

    @Flag(
        name: .customLong("no-mouse"),
        help: ArgumentHelp(
            "Leave the mouse to the terminal, for selecting text; the wheel does not scroll.",
            discussion: "By default the mouse wheel scrolls the full screen; while parley reads the mouse, most "
                + "terminals still select text with Shift held. PageUp and PageDown scroll either way."))
    public var noMouse = false

    /// Seconds of silence before the UDP link is declared dead (for tests); keepalives at a fifth.
    @Option(help: .hidden)
    public var linkTimeout: Double?

    /// Seconds before the first reconnection attempt (for tests).
    @Option(help: .hidden)
    public var reconnectDelay: Double?

    /// The transports a user can pick.
    public enum TransportChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
        case tcp
        case udp
    }

    /// Options at their defaults; the parser fills in the rest.
    public init() {}

    /// A client configuration with every default, to read them from.
    private static let clientDefaults = ClientConfiguration(nick: "", seed: 0)

    /// Refuses a bad nick or address, contradicting transports, and timeouts out of range.
    public func validate() throws {
        if let nick, let problem = Nick.problem(with: nick) {
            throw ValidationError("--nick \(nick): \(problem)")
        }
        if udp && transport == .tcp { throw ValidationError("--udp and --transport tcp contradict each other") }
        if !(drainTimeout > 0 && drainTimeout <= 3600) {
            throw ValidationError("--drain-timeout must be between 0 and 3600 seconds")
        }
        if let linkTimeout, !(linkTimeout >= 0.5 && linkTimeout <= 600) {
            throw ValidationError("--link-timeout must be between 0.5 and 600 seconds")
        }
        if let address {
            do {
                _ = try RelayAddress(parsing: address)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    /// The relay to join: the address given, or localhost on Parley's port.
    ///
    /// - Throws: `ClientCoreError.invalidAddress` if the address does not parse (`validate()` refuses it first).
    public func relayAddress() throws(ClientCoreError) -> RelayAddress {
        guard let address else { return RelayAddress(host: "localhost") }
        return try RelayAddress(parsing: address)
    }

    /// Whether `parley` may host a relay itself if none is running here: only when no address was
    /// given and `--no-host` was not.
    public var mayHost: Bool { address == nil && !noHost }

    /// The transport chosen by `--udp` or `--transport`.
    public var chosenTransport: Transport { udp || transport == .udp ? .udp : .tcp }

    /// The session these options describe.
    ///
    /// - Parameters:
    ///   - address: where to connect (`relayAddress()`).
    ///   - loginName: the user's login name, the nick's source when `--nick` is absent.
    ///   - seed: random bits for backoff jitter and idempotency keys.
    public func sessionConfiguration(
        address: RelayAddress, loginName: String, seed: UInt64
    ) -> ClientSessionConfiguration {
        var client = ClientConfiguration(
            nick: nick ?? NickSuggestion.nick(fromLoginName: loginName),
            relayName: address.description,
            transport: chosenTransport,
            history: history ?? Self.clientDefaults.history,
            drainTimeout: UInt64(drainTimeout * 1000),
            seed: seed)
        if let reconnectDelay, reconnectDelay > 0 {
            let initialDelay = UInt64(reconnectDelay * 1000)
            client.backoff = Backoff(
                initialDelay: initialDelay, maximumDelay: max(client.backoff.maximumDelay, initialDelay))
        }
        var link = LinkConfiguration()
        if let linkTimeout {
            link.linkTimeout = .milliseconds(Int64(linkTimeout * 1000))
            // A fifth of the timeout, but never slower than the default: the relay closes a link
            // it hears nothing on for its own link timeout (15 s), however patient this client is.
            let keepalive = Duration.milliseconds(Int64(max(100, linkTimeout * 1000 / 5)))
            link.keepaliveInterval = min(link.keepaliveInterval, keepalive)
        }
        return ClientSessionConfiguration(address: address, client: client, link: link)
    }
}

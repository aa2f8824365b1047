import ParleyClientCore
import ParleyLink
import ParleyWire

/// Everything a `ClientSession` needs: where the relay is, how to reach it, and the core's settings.
public struct ClientSessionConfiguration: Sendable {
    /// The relay to connect to.
    public var address: RelayAddress
    /// Nick, transport, limits and timeouts for the pure core (its `transport` picks TCP or UDP).
    public var client: ClientConfiguration
    /// Timers of the reliable UDP link (used with `client.transport == .udp`).
    public var link: LinkConfiguration
    /// How long one TCP connect to one resolved address may take, in milliseconds.
    public var connectTimeoutPerAddress: Int32

    /// Creates a configuration; `client.relayName` is set from `address` if it was left at its default.
    public init(
        address: RelayAddress, client: ClientConfiguration, link: LinkConfiguration = LinkConfiguration(),
        connectTimeoutPerAddress: Int32 = 5000
    ) {
        self.address = address
        self.client = client
        self.link = link
        self.connectTimeoutPerAddress = connectTimeoutPerAddress
        if client.relayName == ClientConfiguration(nick: "", seed: 0).relayName {
            self.client.relayName = address.description
        }
    }
}

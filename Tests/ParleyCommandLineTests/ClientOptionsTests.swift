import ArgumentParser
import ParleyClient
import ParleyClientCore
import ParleyCommandLine
import ParleyRelay
import ParleyWire
import Testing

@Suite struct ClientOptionsTests {
    @Test func noOptionsJoinLocalhostWithTheClientDefaults() throws {
        let options = try ClientOptions.parse([])
        #expect(options.mayHost)
        let address = try options.relayAddress()
        #expect(address == RelayAddress(host: "localhost", port: RelayAddress.defaultPort))
        let session = options.sessionConfiguration(address: address, loginName: "ada.l", seed: 7)
        let defaults = ClientConfiguration(nick: "", seed: 0)
        #expect(session.address == address)
        #expect(session.client.nick == "ada.l")
        #expect(session.client.relayName == "localhost:7700")
        #expect(session.client.transport == .tcp)
        #expect(session.client.history == defaults.history)
        #expect(session.client.drainTimeout == defaults.drainTimeout)
        #expect(session.client.backoff == defaults.backoff)
        #expect(session.client.seed == 7)
        #expect(session.link == ClientSessionConfiguration(address: address, client: defaults).link)
    }

    /// Two defaults that must agree but live in modules that do not know each other.
    @Test func withoutAnAddressParleyJoinsTheRelaysDefaultPort() throws {
        let address = try ClientOptions.parse([]).relayAddress()
        #expect(Int(address.port) == RelayConfiguration.defaults.port)
    }

    @Test func optionsReachTheSession() throws {
        let options = try ClientOptions.parse([
            "[::1]:7800", "--nick", "ada", "--udp", "--history", "0", "--drain-timeout", "1.5", "--no-host",
        ])
        #expect(!options.mayHost)
        let address = try options.relayAddress()
        #expect(address == RelayAddress(host: "::1", port: 7800))
        let session = options.sessionConfiguration(address: address, loginName: "someone", seed: 1)
        #expect(session.client.nick == "ada")
        #expect(session.client.relayName == "[::1]:7800")
        #expect(session.client.transport == .udp)
        #expect(session.client.history == 0)
        #expect(session.client.drainTimeout == 1500)
    }

    @Test func anAddressAloneStillNeverHosts() throws {
        #expect(try !ClientOptions.parse(["chat.example.org"]).mayHost)
    }

    @Test(arguments: [["--transport", "udp"], ["--udp"], ["--udp", "--transport", "udp"]])
    func udpIsChosenEitherWay(arguments: [String]) throws {
        #expect(try ClientOptions.parse(arguments).chosenTransport == .udp)
    }

    @Test func theHiddenTimersShortenTheLinkAndTheBackoff() throws {
        let options = try ClientOptions.parse(["--link-timeout", "2", "--reconnect-delay", "0.1"])
        let session = options.sessionConfiguration(address: try options.relayAddress(), loginName: "", seed: 0)
        #expect(session.link.linkTimeout == .seconds(2))
        #expect(session.link.keepaliveInterval == .milliseconds(400))
        #expect(session.client.backoff.initialDelay == 100)
        #expect(session.client.backoff.maximumDelay == Backoff().maximumDelay)
    }

    @Test(arguments: [
        (["--udp", "--transport", "tcp"], "--udp and --transport tcp contradict each other"),
        (["--drain-timeout", "0"], "--drain-timeout must be between 0 and 3600 seconds"),
        (["--link-timeout", "0.1"], "--link-timeout must be between 0.5 and 600 seconds"),
    ])
    func contradictionsAndRangesAreRefused(arguments: [String], message: String) {
        #expect(refusal(of: arguments) == message)
    }

    @Test func aBadNickIsRefusedWithTheReason() throws {
        let message = try #require(refusal(of: ["--nick", "a b"]))
        #expect(message.hasPrefix("--nick a b: "))
    }

    @Test func aBadAddressIsRefusedWithTheReason() throws {
        let message = try #require(refusal(of: ["host:http"]))
        #expect(message.contains("host:http"))
        #expect(message.contains("port"))
    }

    @Test func anUnknownTransportIsRefusedListingTheTransports() throws {
        let message = try #require(refusal(of: ["--transport", "sctp"]))
        #expect(message.contains("'sctp'") && message.contains("'tcp'") && message.contains("'udp'"))
    }

    /// The message `parley` would print for `arguments`, or `nil` if they parse.
    private func refusal(of arguments: [String]) -> String? {
        do {
            _ = try ClientOptions.parse(arguments)
            return nil
        } catch {
            return ClientOptions.message(for: error)
        }
    }
}

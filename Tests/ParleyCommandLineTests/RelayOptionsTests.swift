import ArgumentParser
import ParleyCommandLine
import ParleyRelay
import Testing

@Suite struct RelayOptionsTests {
    @Test func noOptionsGiveTheRelayDefaults() throws {
        let options = try RelayOptions.parse([])
        #expect(options.configuration == RelayConfiguration.defaults)
        #expect(options.configuration == RelayConfiguration())
    }

    @Test func everyOptionReachesTheConfiguration() throws {
        let options = try RelayOptions.parse([
            "--host", "127.0.0.1", "--port", "7800", "--history-max", "5000", "--history-days", "30", "--rate", "10", "--burst", "40",
            "--max-peers", "500", "--max-per-address", "0", "--queue-limit", "2000000", "--idle-timeout", "0",
            "--line-idle-timeout", "90", "--stats-interval", "1", "--log-level", "debug", "--log-format", "json",
            "--no-udp",
        ])
        var expected = RelayConfiguration.defaults
        expected.host = "127.0.0.1"
        expected.port = 7800
        expected.history = 5000
        expected.historyDays = 30
        expected.rate = 10
        expected.burst = 40
        expected.maxPeers = 500
        expected.maxPeersPerAddress = 0
        expected.outboundQueueLimit = 2_000_000
        expected.idleTimeout = .zero
        expected.lineIdleTimeout = .seconds(90)
        expected.statsInterval = .seconds(1)
        expected.logLevel = .debug
        expected.logFormat = .json
        expected.servesUDP = false
        #expect(options.configuration == expected)
    }

    @Test func helpShowsTheConfigurationDefaults() {
        let help = RelayOptions.helpMessage(columns: 200)
        #expect(help.contains("TCP and UDP port; 0 picks a free one. (default: 7700)"))
        #expect(help.contains("(default: 1048576)"))
        #expect(help.contains("(default: 1800)"))
    }

    @Test(arguments: [
        (["--idle-timeout=-1"], "--idle-timeout must not be negative"),
        (["--line-idle-timeout=-5"], "--line-idle-timeout must not be negative"),
        (["--stats-interval=-1"], "--stats-interval must not be negative"),
        (["--port", "70000"], "invalid configuration: port must be 0...65535, not 70000"),
        (["--burst", "0"], "invalid configuration: burst must be at least 1"),
        (["--rate=-1"], "invalid configuration: rate must be 0 (off) or a positive number"),
        (["--max-peers", "0"], "invalid configuration: max-peers must be at least 1"),
        (["--history-days=-1"], "invalid configuration: history-days must be 0 (no limit) to 36500"),
        (["--ephemeral", "--data-dir", "/tmp/x"], "--ephemeral keeps nothing on disk, so it cannot be used with --data-dir"),
    ])
    func outOfRangeValuesAreRefusedByName(arguments: [String], message: String) {
        #expect(refusal(of: arguments) == message)
    }

    @Test func theDataDirectoryFollowsTheXDGBaseDirectories() throws {
        let none = try RelayOptions.parse([])
        #expect(try none.dataDirectory(environment: ["XDG_STATE_HOME": "/srv/state", "HOME": "/home/ada"]) == "/srv/state/parley")
        #expect(try none.dataDirectory(environment: ["HOME": "/home/ada"]) == "/home/ada/.local/state/parley")
        // A relative XDG_STATE_HOME is to be ignored, as the specification says.
        #expect(try none.dataDirectory(environment: ["XDG_STATE_HOME": "state", "HOME": "/home/ada/"]) == "/home/ada/.local/state/parley")
        #expect(throws: ValidationError.self) { try none.dataDirectory(environment: [:]) }
        let given = try RelayOptions.parse(["--data-dir", "/var/lib/parley"])
        #expect(try given.dataDirectory(environment: [:]) == "/var/lib/parley")
        let ephemeral = try RelayOptions.parse(["--ephemeral"])
        #expect(try ephemeral.dataDirectory(environment: ["HOME": "/home/ada"]) == nil)
    }

    @Test func aNumberThatIsNotOneIsRefused() throws {
        let message = try #require(refusal(of: ["--port", "seventy"]))
        #expect(message.contains("'seventy'"))
        #expect(message.contains("--port"))
    }

    /// The message `parley-relay` would print for `arguments`, or `nil` if they parse.
    private func refusal(of arguments: [String]) -> String? {
        do {
            _ = try RelayOptions.parse(arguments)
            return nil
        } catch {
            return RelayOptions.message(for: error)
        }
    }
}

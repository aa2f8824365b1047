import ParleyRelay
import ParleyRelayCore
import Testing

@Suite struct RelayConfigurationTests {
    @Test func defaultsMatchTheDocumentation() throws {
        let configuration = RelayConfiguration()
        #expect(configuration.host == nil)
        #expect(configuration.port == 7700)
        #expect(configuration.history == 1000)
        #expect(configuration.rate == 5)
        #expect(configuration.burst == 20)
        #expect(configuration.maxPeers == 10_000)
        #expect(configuration.maxPeersPerAddress == 64)
        #expect(configuration.maxRooms == 1000)
        #expect(configuration.outboundQueueLimit == 1 << 20)
        #expect(configuration.idleTimeout == .seconds(60))
        #expect(configuration.lineIdleTimeout == .seconds(30 * 60))
        #expect(configuration.statsInterval == .seconds(10))
        #expect(configuration.linkTimeout == .seconds(15))
        #expect(configuration.logLevel == .info)
        #expect(configuration.logFormat == .text)
        #expect(configuration.servesUDP)
        try configuration.validate()
    }

    @Test func theInitializersDefaultsAreTheDefaults() {
        #expect(RelayConfiguration() == RelayConfiguration.defaults)
    }

    @Test func thePolicyDefaultsAreTheCoresDefaults() {
        let core = RelaySettings()
        let defaults = RelayConfiguration.defaults
        #expect(defaults.history == core.historyCapacity)
        #expect(defaults.rate == core.rate)
        #expect(defaults.burst == core.burst)
        #expect(defaults.maxPeers == core.maxPeers)
        #expect(defaults.maxPeersPerAddress == core.maxPeersPerAddress)
        #expect(defaults.outboundQueueLimit == core.outboundQueueLimit)
        #expect(defaults.idleTimeout == .milliseconds(core.idleTimeout))
        #expect(defaults.lineIdleTimeout == .milliseconds(core.lineIdleTimeout))
        #expect(defaults.handshakeTimeout == .milliseconds(core.handshakeTimeout))
        #expect(defaults.statsInterval == .milliseconds(core.statsInterval))
    }

    @Test func outOfRangeValuesAreRefused() {
        #expect(throws: RelayError.self) { try RelayConfiguration(port: 70_000).validate() }
        #expect(throws: RelayError.self) { try RelayConfiguration(rate: -1).validate() }
        #expect(throws: RelayError.self) { try RelayConfiguration(burst: 0).validate() }
        #expect(throws: RelayError.self) { try RelayConfiguration(maxPeers: 0).validate() }
        #expect(throws: RelayError.self) { try RelayConfiguration(maxPeersPerAddress: -1).validate() }
        #expect(throws: Never.self) { try RelayConfiguration(maxPeersPerAddress: 0).validate() }
        #expect(throws: RelayError.self) { try RelayConfiguration(maxRooms: 0).validate() }
        #expect(throws: Never.self) { try RelayConfiguration(maxRooms: 1).validate() }
        #expect(throws: RelayError.self) { try RelayConfiguration(outboundQueueLimit: 100).validate() }
        #expect(throws: RelayError.self) { try RelayConfiguration(linkTimeout: .zero).validate() }
        #expect(throws: Never.self) { try RelayConfiguration(idleTimeout: .zero).validate() }
    }
}

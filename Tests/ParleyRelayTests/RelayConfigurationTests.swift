import ParleyRelay
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
        #expect(configuration.outboundQueueLimit == 1 << 20)
        #expect(configuration.statsInterval == .seconds(10))
        #expect(configuration.idleTimeout == .seconds(60))
        #expect(configuration.linkTimeout == .seconds(15))
        try configuration.validate()
    }

    @Test func outOfRangeValuesAreRefused() {
        #expect(throws: RelayError.self) { try RelayConfiguration(port: 70_000).validate() }
        #expect(throws: RelayError.self) { try RelayConfiguration(rate: -1).validate() }
        #expect(throws: RelayError.self) { try RelayConfiguration(burst: 0).validate() }
        #expect(throws: RelayError.self) { try RelayConfiguration(maxPeers: 0).validate() }
        #expect(throws: RelayError.self) { try RelayConfiguration(maxPeersPerAddress: -1).validate() }
        #expect(throws: Never.self) { try RelayConfiguration(maxPeersPerAddress: 0).validate() }
        #expect(throws: RelayError.self) { try RelayConfiguration(outboundQueueLimit: 100).validate() }
        #expect(throws: RelayError.self) { try RelayConfiguration(linkTimeout: .zero).validate() }
        #expect(throws: Never.self) { try RelayConfiguration(idleTimeout: .zero).validate() }
    }
}

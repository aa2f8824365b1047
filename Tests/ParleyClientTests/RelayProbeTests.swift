import ParleyClient
import Testing

@Suite struct RelayProbeTests {
    @Test func findsARunningRelayAndNotAStoppedOne() throws {
        let relay = try RelayFixture()
        let port = UInt16(relay.port)
        #expect(RelayProbe.isListening(port: port))
        relay.stop()
        #expect(!RelayProbe.isListening(port: port, timeoutMilliseconds: 200))
    }
}

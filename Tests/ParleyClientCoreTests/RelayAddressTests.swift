import Testing

@testable import ParleyClientCore

@Suite struct RelayAddressTests {
    @Test(arguments: [
        ("localhost", "localhost", 7700),
        ("chat.example.org:7800", "chat.example.org", 7800),
        ("192.0.2.7:7700", "192.0.2.7", 7700),
        ("[::1]:7701", "::1", 7701),
        ("[::1]", "::1", 7700),
        ("::1", "::1", 7700),
        ("fe80::1:2", "fe80::1:2", 7700),
    ] as [(String, String, UInt16)])
    func parses(text: String, host: String, port: UInt16) throws {
        let address = try RelayAddress(parsing: text)
        #expect(address == RelayAddress(host: host, port: port))
    }

    @Test(arguments: ["", ":7700", "host:", "host:0", "host:70000", "host:http", "[::1", "[::1]x", "[]:7700", "a b"])
    func refuses(text: String) {
        #expect(throws: ClientCoreError.self) { try RelayAddress(parsing: text) }
    }

    @Test func describesWithBracketsForIPv6() throws {
        #expect(try RelayAddress(parsing: "::1").description == "[::1]:7700")
        #expect(RelayAddress(host: "localhost").description == "localhost:7700")
        let error = ClientCoreError.invalidAddress("host:0", reason: "the port must be a number from 1 to 65535")
        #expect(error.description.contains("host:port"))
    }
}

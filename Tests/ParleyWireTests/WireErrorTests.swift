import Testing

@testable import ParleyWire

@Suite struct WireErrorTests {
    @Test func onlyFramingErrorsAreFatal() {
        #expect(WireError.badMagic.isFatal)
        #expect(WireError.unsupportedVersion(1).isFatal)
        #expect(WireError.frameTooLarge(claimed: 70_000).isFatal)
        let recoverable: [WireError] = [
            .unknownType(0x7E), .truncated(type: 0x10), .trailingBytes(type: 0x10), .invalidUTF8(field: "text"),
            .textTooLong(field: "text", bytes: 5000), .invalidValue(field: "kind", value: 9), .malformedDatagram("short"),
            .inRequest(3, .invalidValue(field: "kind", value: 9)),
        ]
        for error in recoverable { #expect(!error.isFatal, "\(error)") }
    }

    @Test func eachProblemMapsToItsProtocolCode() {
        #expect(WireError.badMagic.code == .malformed)
        #expect(WireError.unsupportedVersion(3).code == .unsupportedVersion)
        #expect(WireError.frameTooLarge(claimed: 70_000).code == .frameTooLarge)
        #expect(WireError.unknownType(0x7E).code == .unknownRequest)
        #expect(WireError.truncated(type: 0x10).code == .malformed)
        #expect(WireError.invalidUTF8(field: "text").code == .invalidUTF8)
        #expect(WireError.textTooLong(field: "text", bytes: 5000).code == .textTooLong)
        #expect(WireError.invalidValue(field: "kind", value: 9).code == .invalidValue)
    }

    @Test func aRequestsErrorKeepsItsIDAndReadsAsItsProblem() {
        let inner = WireError.invalidValue(field: "kind", value: 9)
        let error = WireError.inRequest(42, inner)
        #expect(error.request == 42)
        #expect(error.problem == inner)
        #expect(error.code == .invalidValue)
        #expect(error.description == inner.description)
        #expect(inner.request == 0)
        #expect(WireError.inRequest(1, .inRequest(2, .badMagic)).problem == .badMagic)
        #expect(WireError.inRequest(1, .frameTooLarge(claimed: 1)).isFatal)
    }

    @Test func descriptionsNameWhatWentWrong() {
        #expect(WireError.unsupportedVersion(1).description.contains("version 1"))
        #expect(WireError.unsupportedVersion(1).description.contains("version 2"))
        #expect(WireError.unknownType(0x7E).description.contains("0x7e"))
        #expect(WireError.textTooLong(field: "topic", bytes: 600).description.contains("topic"))
    }
}

import Testing

@testable import ParleyRelay

@Suite struct RelayLogHandlerTests {
    @Test func jsonStringsAreEscaped() {
        #expect(RelayLogHandler.jsonString("a\"b\\c\nd\u{1B}") == "\"a\\\"b\\\\c\\nd\\u001b\"")
    }

    @Test func textValuesWithSpacesAreQuoted() {
        #expect(RelayLogHandler.textValue("plain") == "plain")
        #expect(RelayLogHandler.textValue("two words") == "\"two words\"")
    }

    @Test func timestampsAreISO8601UTC() {
        let stamp = RelayLogHandler.timestamp()
        #expect(stamp.count == 24)
        #expect(stamp.hasSuffix("Z"))
        #expect(stamp.dropFirst(10).first == "T")
    }
}

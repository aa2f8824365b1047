import ArgumentParser
import Logging
import ParleyCommandLine
import ParleyRelay
import Testing

@Suite struct LogOptionsTests {
    @Test func defaultsAreTheRelayDefaults() throws {
        let options = try LogOptions.parse([])
        #expect(options.level == RelayConfiguration.defaults.logLevel)
        #expect(options.format == RelayConfiguration.defaults.logFormat)
    }

    @Test(arguments: Logger.Level.allCases)
    func everyLevelParses(level: Logger.Level) throws {
        #expect(try LogOptions.parse(["--log-level", level.rawValue]).level == level)
    }

    @Test(arguments: RelayLogFormat.allCases)
    func everyFormatParses(format: RelayLogFormat) throws {
        #expect(try LogOptions.parse(["--log-format", format.rawValue]).format == format)
    }

    @Test func anUnknownLevelIsRefusedListingTheLevels() throws {
        let message = try #require(refusal(of: ["--log-level", "loud"]))
        #expect(message.contains("'loud'"))
        #expect(message.contains("--log-level"))
        for level in Logger.Level.allCases { #expect(message.contains(level.rawValue)) }
    }

    @Test func anUnknownFormatIsRefusedListingTheFormats() throws {
        let message = try #require(refusal(of: ["--log-format", "xml"]))
        #expect(message.contains("'xml'"))
        #expect(message.contains("--log-format"))
        #expect(message.contains("'text'") && message.contains("'json'"))
    }

    @Test func helpListsTheAllowedValues() {
        let help = LogOptions.helpMessage(columns: 200)
        #expect(help.contains("values: trace, debug, info, notice, warning, error, critical; default: info"))
        #expect(help.contains("values: text, json; default: text"))
    }

    /// The message a program would print for `arguments`, or `nil` if they parse.
    private func refusal(of arguments: [String]) -> String? {
        do {
            _ = try LogOptions.parse(arguments)
            return nil
        } catch {
            return LogOptions.message(for: error)
        }
    }
}

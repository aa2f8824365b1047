import Foundation
import Testing

/// The built programs refuse bad options with the option groups' messages, and exit 64 (usage)
/// before binding or connecting anything.
@Suite struct ProgramTests {
    @Test func parleyRelayRefusesAnUnknownLogLevel() throws {
        let (status, errors) = try run("parley-relay", ["--log-level", "loud"])
        #expect(status == 64)
        #expect(errors.contains("The value 'loud' is invalid for '--log-level <log-level>'"))
        #expect(errors.contains("critical"))
    }

    @Test func parleyRelayRefusesANegativeIdleTimeout() throws {
        let (status, errors) = try run("parley-relay", ["--idle-timeout=-1"])
        #expect(status == 64)
        #expect(errors.contains("--idle-timeout must not be negative"))
    }

    @Test func parleyRelayHelpListsTheLogLevels() throws {
        let (status, output) = try run("parley-relay", ["--help"])
        #expect(status == 0)
        #expect(output.contains("--log-level <log-level>"))
        #expect(output.contains("default: info"))
    }

    @Test func parleyRefusesContradictingTransports() throws {
        let (status, errors) = try run("parley", ["--plain", "--udp", "--transport", "tcp"])
        #expect(status == 64)
        #expect(errors.contains("--udp and --transport tcp contradict each other"))
    }

    /// Runs the program `name` (built next to this test binary) to its end, within 10 seconds.
    ///
    /// - Returns: its exit status and everything it wrote to standard output and standard error.
    private func run(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let binary = directory.appendingPathComponent(name)
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build \(name) first")
        let process = Process()
        let output = Pipe()
        process.executableURL = binary
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

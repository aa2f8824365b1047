import Foundation
import ParleyTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `parley` program running as a subprocess, in line mode, with its input and output
/// in the test's hands. Always `kill()` it (in a `defer`): that ends it by PID if still running.
///
/// Concurrency: `process` and the pipes are touched by the test only; the output arrives on
/// Foundation's reader threads into the lock-guarded `captured`. Hence `@unchecked Sendable`.
final class ParleyProcess: @unchecked Sendable {
    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let captured = Locked<(stdout: [UInt8], stderr: [UInt8])>(([], []))
    let name: String

    /// Where `swift build` put `parley`: next to this test binary.
    static let binary: URL = {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return me.deletingLastPathComponent().appendingPathComponent("parley")
    }()

    /// Starts `parley --plain` with `arguments`.
    init(_ name: String, _ arguments: [String]) throws {
        self.name = name
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw ParleyProcessError.missingBinary(Self.binary.path)
        }
        process.executableURL = Self.binary
        process.arguments = ["--plain"] + arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        output.fileHandleForReading.readabilityHandler = { [captured] handle in
            let data = handle.availableData
            captured.withLock { $0.stdout.append(contentsOf: data) }
        }
        errors.fileHandleForReading.readabilityHandler = { [captured] handle in
            let data = handle.availableData
            captured.withLock { $0.stderr.append(contentsOf: data) }
        }
        try process.run()
    }

    /// Every complete line printed so far.
    var lines: [String] {
        let text = captured.withLock { String(decoding: $0.stdout, as: UTF8.self) }
        var all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        all.removeLast()  // the part after the last newline is not a complete line
        return all
    }

    /// Everything written to standard error.
    var errorText: String { captured.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    /// Chat texts said by `nick` (delivered lines only), in the order printed.
    func messages(from nick: String) -> [String] {
        lines.compactMap { line in
            guard !line.contains("-!- failed:"), let range = line.range(of: "] <\(nick)> ") else { return nil }
            return String(line[range.upperBound...])
        }
    }

    /// Types one line.
    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Ends the input (line mode then settles its messages and exits).
    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// Waits until a printed line satisfies `predicate`; records an issue (with the output so far)
    /// and throws if none does in time.
    @discardableResult
    func expectLine(
        timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
        where predicate: (String) -> Bool
    ) async throws -> String {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while clock.now < deadline {
            if let line = lines.first(where: predicate) { return line }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("\(name): no such line within \(timeout); output:\n\(transcript)", sourceLocation: sourceLocation)
        throw ParleyProcessError.timedOut
    }

    /// Waits until a printed line contains `text`.
    @discardableResult
    func expectLine(
        containing text: String, timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        try await expectLine(timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// The exit status once the process has exited, or `nil` if it is still running after `timeout`.
    func exitCode(within timeout: Duration) async -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while process.isRunning && clock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Everything printed, for failure messages.
    var transcript: String {
        lines.joined(separator: "\n") + (errorText.isEmpty ? "" : "\n[stderr]\n\(errorText)")
    }

    /// Ends the process by PID if it is still running, and waits for it.
    func kill() {
        closeInput()
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
    }
}

/// Why a subprocess test could not go on.
enum ParleyProcessError: Error, CustomStringConvertible {
    case missingBinary(String)
    case timedOut

    var description: String {
        switch self {
        case .missingBinary(let path): return "the parley program is not at \(path); build it first (swift build --build-tests)"
        case .timedOut: return "the expected output did not appear in time"
        }
    }
}

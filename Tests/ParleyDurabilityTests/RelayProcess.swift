import Foundation
import ParleyTestSupport
import Testing

/// A `parley-relay` process of a test (the binary built next to the test bundle), on 127.0.0.1
/// and a port it picks itself, with its log in a file the test can read.
///
/// Every process is ended by the test that started it (`terminate`, `kill`), by PID; `deinit`
/// kills one a failing test left behind.
final class RelayProcess {
    let process = Process()
    let logPath: String
    /// The TCP and UDP port, read from the relay's "listening" line.
    private(set) var port = 0

    /// Starts a relay on `dataDirectory` (or `--ephemeral` if `nil`) and waits (at most 15 s) until it listens.
    init(dataDirectory: String?, arguments: [String] = []) throws {
        logPath = NSTemporaryDirectory() + "parley-durability-\(UUID().uuidString).log"
        guard FileManager.default.createFile(atPath: logPath, contents: nil) else {
            throw LoopbackSocket.Failure(description: "cannot create \(logPath)")
        }
        process.executableURL = try Self.binary()
        let store = dataDirectory.map { ["--data-dir", $0] } ?? ["--ephemeral"]
        process.arguments = ["--host", "127.0.0.1", "--port", "0", "--rate", "0", "--stats-interval", "0"] + store + arguments
        process.standardInput = FileHandle.nullDevice
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline && process.isRunning {
            if let port = listeningPort() {
                self.port = port
                return
            }
            usleep(20_000)
        }
        throw LoopbackSocket.Failure(description: "the relay did not start: \(self.log)")
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: logPath)
    }

    /// Everything the relay has logged so far.
    ///
    /// Read with POSIX calls: Foundation's `String(contentsOfFile:)` leaks its buffer here (as
    /// AddressSanitizer's leak check showed), and the log is read every 20 ms while waiting.
    var log: String {
        let descriptor = open(logPath, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func listeningPort() -> Int? {
        guard let range = log.range(of: #"port=(\d+)"#, options: .regularExpression) else { return nil }
        return Int(log[range].dropFirst("port=".count))
    }

    /// SIGTERM, then waits (at most 10 s) for the relay to exit; returns its status.
    @discardableResult
    func terminate() -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        return waitForExit(seconds: 10)
    }

    /// SIGTERM, and expects the relay to exit with status 0 (showing its log's end if not).
    func stop(sourceLocation: SourceLocation = #_sourceLocation) {
        let status = terminate()
        #expect(status == 0, "the relay exited with \(status); its log ends: \(log.suffix(3000))", sourceLocation: sourceLocation)
    }

    /// SIGKILL: the relay dies at once, whatever it was doing.
    func killNine() {
        kill(process.processIdentifier, SIGKILL)
        waitForExit(seconds: 10)
    }

    @discardableResult
    private func waitForExit(seconds: Double) -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs a relay that is expected to stop by itself (a start-up error), within 15 s.
    ///
    /// - Returns: its exit status and everything it wrote.
    static func runToEnd(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        let output = Pipe()
        process.executableURL = try binary()
        process.arguments = ["--host", "127.0.0.1", "--port", "0"] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    private static func binary() throws -> URL {
        let directory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let binary = directory.appendingPathComponent("parley-relay")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build parley-relay first (swift build)")
        return binary
    }
}

/// A fresh directory under the system's temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "parley-durability-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

import ArgumentParser
import Glibc

/// The front door: parse options, build a configuration, run, print.
@main
struct ParleyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley-bench",
        abstract: "Load generator for chat relays: line mode (ncat --chat, NIOChatServer, parley-relay) or Parley's native protocol over TCP or UDP.",
        discussion: """
            Every message carries its sender, a sequence number and a CLOCK_MONOTONIC send time, so the
            receivers (in this same process) measure one-way latency and find loss, duplicates and
            mangled lines. A run connects, waits for the relay to go quiet, sends for --duration seconds,
            drains for at most --drain seconds, and exits.

            Examples:
              parley-bench --port 7000 --clients 10 --senders 10 --rate 0 --window 128 --duration 5
              parley-bench --port 7000 --clients 100 --senders 10 --rate 1000 --relay-pid 4242
              parley-bench --port 7000 --mode tcp --clients 1000 --senders 10 --rate 100
              parley-bench --port 7000 --mode tcp --clients 1000 --rooms 100 --rate 1000   1,000 clients in 100 rooms of 10
              parley-bench --port 7000 --idle --clients 10000 --connect-concurrency 8 --relay-pid 4242 --json
            """
    )

    @Option(help: "The relay's numeric address.") var host = "127.0.0.1"
    @Option(help: "The relay's port.") var port: UInt16
    @Option(help: "line, tcp or udp.") var mode = BenchMode.line
    @Option(help: "Connections to open.") var clients = 10
    @Option(help: "Rooms to spread the clients over, round-robin (parley-relay only; line clients /join theirs); 0: all in #lobby.")
    var rooms = 0
    @Option(help: "How many of the clients send (default: all).") var senders: Int?
    @Option(help: "Aggregate messages per second; 0 sends as fast as --window allows.") var rate = 0.0
    @Option(help: "Most messages a sender may have unacknowledged.") var window = 128
    @Option(help: "Seconds of measurement.") var duration = 5.0
    @Option(help: "Bytes per message line, newline included.") var size = 64
    @Option(help: "Joins in flight at once while connecting.") var connectConcurrency = 8
    @Flag(help: "Only connect and hold: how many joined, how fast, relay memory per connection.") var idle = false
    @Option(help: "The relay's process id, for its CPU time and memory.") var relayPID: Int32?
    @Option(help: "Longest the connect phase may take, seconds.") var connectTimeout = 30.0
    @Option(help: "Longest wait for in-flight messages after sending stops, seconds.") var drain = 5.0
    @Option(help: "Seconds the idle scenario holds its connections before reading memory.") var hold = 1.0
    @Option(help: "Longest wait for the relay's join chatter to go quiet before measuring, seconds.") var settle = 10.0
    @Flag(help: "Line mode: send an empty line on connect (parley-relay otherwise waits to classify a silent stream).")
    var greetLine = false
    @Option(help: "A name for the relay in the report.") var label = "relay"
    @Flag(help: "Print one JSON object instead of text.") var json = false

    func run() throws {
        let configuration = BenchConfiguration(
            host: host, port: port, mode: mode, clients: clients, rooms: rooms, senders: idle ? 0 : (senders ?? clients),
            rate: rate, window: window, duration: duration, size: size, connectConcurrency: connectConcurrency,
            idle: idle, relayPID: relayPID, connectTimeout: connectTimeout, drain: drain, hold: hold, greetsLine: greetLine,
            settle: settle)
        if let problem = configuration.problem { throw ValidationError(problem) }
        do throws(BenchError) {
            let generator = try LoadGenerator(configuration: configuration)
            let report = try generator.run(label: label)
            print(json ? report.json() : report.text)
        } catch {
            FileHandleOutput.standardError("parley-bench: \(error)\n")
            throw ExitCode.failure
        }
    }
}

/// Writes to standard error without Foundation's FileHandle.
enum FileHandleOutput {
    static func standardError(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

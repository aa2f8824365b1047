import ArgumentParser
import Glibc
import ParleyRelay

/// The front door: parse options, build a configuration, run the soak, print the verdict.
@main
struct ParleySoak: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley-soak",
        abstract: "Soak test: many clients chatting with churn against a parley-relay it starts and stops.",
        discussion: """
            Starts the given parley-relay on 127.0.0.1 and a free port, joins every client (framed TCP,
            the UDP link, and a few plain-text line clients), chats with churn (clients leave politely
            or abruptly and come back, resuming after the last id they saw), then checks that every
            message reached every client exactly once and in order, that every submission was echoed,
            that every resume was complete, and that the relay's memory (VmRSS) and descriptors did
            not grow between the steady state and the end. Prints PASS or FAIL; exits 1 on FAIL.

            Examples:
              parley-soak --relay .build/release/parley-relay                  about 5 minutes
              parley-soak --relay .build/release/parley-relay --duration 30    a smoke run
            """
    )

    @Option(help: "The parley-relay executable to start.") var relay: String
    @Option(help: "Where the relay's log goes.") var relayLog = "/dev/null"
    @Option(help: "Seconds from the start to the end of chatting.") var duration = 300.0
    @Option(help: "Seconds of chatting before the steady-state sample (default: a fifth of --duration, at most 30).")
    var warmup: Double?
    @Option(help: "Clients in all.") var clients = 200
    @Option(help: "How many of them use the UDP link.") var udp = 70
    @Option(help: "How many of them are plain-text line clients.") var line = 10
    @Option(help: "How many framed or UDP clients leave and come back.") var churn = 40
    @Option(help: "Messages per second per client (line clients send at a fifth).") var rate = 0.5
    @Option(help: "Seed for timings and texts.") var seed: UInt64 = 0x50A6

    func validate() throws {
        guard duration >= 10 else { throw ValidationError("--duration must be at least 10 seconds") }
        guard clients >= 2, clients <= 2000 else { throw ValidationError("--clients must be 2...2000") }
        guard line >= 0, line < clients else { throw ValidationError("--line must be less than --clients") }
        guard udp >= 0, udp <= clients - line else { throw ValidationError("--udp must leave room for --line") }
        guard churn >= 0, churn < clients - line else { throw ValidationError("--churn must be less than the framed and UDP clients") }
        // The relay runs with its default rate limit; a fifth of headroom keeps bursts of the
        // random (Poisson) schedule from being refused.
        let relayRate = RelayConfiguration.defaults.rate
        guard rate > 0, rate <= relayRate * 4 / 5 else {
            throw ValidationError("--rate must be in (0, \(relayRate * 4 / 5)] (the relay's limit is \(relayRate) a second)")
        }
        guard access(relay, X_OK) == 0 else { throw ValidationError("\(relay) is not an executable") }
    }

    func run() throws {
        let configuration = SoakConfiguration(
            relayBinary: relay, relayLog: relayLog, duration: duration, warmup: warmup ?? min(30, duration / 5),
            clients: clients, udpClients: udp, lineClients: line, churners: churn, rate: rate, seed: seed)
        signal(SIGPIPE, SIG_IGN)
        let report: SoakReport
        do throws(SoakError) {
            report = try SoakRun(configuration: configuration).run()
        } catch {
            print("parley-soak: could not run: \(error)")
            print("FAIL")
            throw ExitCode.failure
        }
        print(report.text)
        if !report.failures.isEmpty { throw ExitCode.failure }
    }
}

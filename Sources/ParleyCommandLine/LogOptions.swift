import ArgumentParser
import Logging
import ParleyRelay

/// `--log-level` and `--log-format`: what a program logs, and how.
///
/// The defaults are `RelayConfiguration.defaults`'. The parser refuses a value that is not a level or
/// a format, listing the allowed ones (as `--help` does).
public struct LogOptions: ParsableArguments {
    /// The least severe level written.
    @Option(name: .customLong("log-level"), help: "Log events at this level or more severe.")
    public var level: Logger.Level = RelayConfiguration.defaults.logLevel

    /// Readable lines or JSON objects.
    @Option(name: .customLong("log-format"), help: "text: readable lines; json: one object per line.")
    public var format: RelayLogFormat = RelayConfiguration.defaults.logFormat

    /// Options at their defaults; the parser fills in the rest.
    public init() {}
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// A swift-log handler that writes one line per event to standard error, as text or JSON.
///
/// Each line is written with a single `write(2)`, so lines from several threads never interleave.
public struct RelayLogHandler: LogHandler {
    /// The least severe level written.
    public var logLevel: Logger.Level
    /// Metadata added to every line.
    public var metadata: Logger.Metadata = [:]
    /// Adds contextual metadata to every line.
    public var metadataProvider: Logger.MetadataProvider?
    /// Text or JSON.
    public let format: RelayLogFormat
    /// The logger's label (shown in JSON only; text lines stay short).
    public let label: String

    /// A handler for `label`, writing at `level` and above in `format`.
    public init(label: String, level: Logger.Level = .info, format: RelayLogFormat = .text) {
        self.label = label
        self.logLevel = level
        self.format = format
    }

    /// A logger that writes through this handler, without touching the global `LoggingSystem`.
    public static func logger(label: String = "parley.relay", level: Logger.Level = .info, format: RelayLogFormat = .text) -> Logger {
        Logger(label: label) { label in RelayLogHandler(label: label, level: level, format: format) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        let line: String
        switch format {
        case .text: line = textLine(event, merged)
        case .json: line = jsonLine(event, merged)
        }
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(2, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }

    private func textLine(_ event: LogEvent, _ metadata: Logger.Metadata) -> String {
        var line = "\(Self.timestamp()) \(event.level.rawValue.uppercased().padding(to: 7)) \(event.message)"
        for key in metadata.keys.sorted() {
            line += " \(key)=\(Self.textValue(metadata[key]?.description ?? ""))"
        }
        return line
    }

    private func jsonLine(_ event: LogEvent, _ metadata: Logger.Metadata) -> String {
        var line = "{\"time\":\(Self.jsonString(Self.timestamp())),\"level\":\(Self.jsonString(event.level.rawValue))"
        line += ",\"label\":\(Self.jsonString(label)),\"message\":\(Self.jsonString(event.message.description))"
        for key in metadata.keys.sorted() {
            line += ",\(Self.jsonString(key)):\(Self.jsonString(metadata[key]?.description ?? ""))"
        }
        return line + "}"
    }

    /// Quotes a value that contains spaces or quotes, so `key=value` pairs stay parseable.
    static func textValue(_ value: String) -> String {
        let clean = value.unicodeScalars.contains { $0.value < 0x20 || $0 == " " || $0 == "\"" || $0 == "=" }
        return clean ? jsonString(value) : value
    }

    /// `value` as a JSON string literal.
    static func jsonString(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The current UTC time as `2024-05-01T12:00:00.123Z`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let millis = Int(now.tv_nsec) / 1_000_000
        let ms = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(ms)Z"
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}

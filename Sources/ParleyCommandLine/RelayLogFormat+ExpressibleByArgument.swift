import ArgumentParser
import ParleyRelay

/// `--log-format text|json`, parsed and listed in `--help` by ArgumentParser from the cases' raw
/// values. It lives here so that ParleyRelay need not import ArgumentParser.
extension RelayLogFormat: ExpressibleByArgument {}

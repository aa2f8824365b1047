import ArgumentParser
import Logging

/// `--log-level trace|debug|info|notice|warning|error|critical`, parsed and listed in `--help` by
/// ArgumentParser from the cases' raw values.
///
/// Retroactive: neither swift-log nor swift-argument-parser knows the other, so the conformance
/// can only live here; should either add it, this one goes.
extension Logger.Level: @retroactive ExpressibleByArgument {}

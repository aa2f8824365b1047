extension Duration {
    /// The whole seconds in this duration (fractions dropped), for options given in seconds.
    var wholeSeconds: Int { Int(components.seconds) }
}

// ParleyTerminal: see the module overview in README.md.
enum ParleyTerminalModule {}

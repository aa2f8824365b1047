// ParleyRelayCore: see the module overview in README.md.
enum ParleyRelayCoreModule {}

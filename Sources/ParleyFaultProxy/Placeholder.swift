// ParleyFaultProxy: see the module overview in README.md.
enum ParleyFaultProxyModule {}

// ParleyClient: see the module overview in README.md.
enum ParleyClientModule {}

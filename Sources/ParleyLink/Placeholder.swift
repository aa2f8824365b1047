// ParleyLink: see the module overview in README.md.
enum ParleyLinkModule {}

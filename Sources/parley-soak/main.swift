print("parley-soak: not built yet")

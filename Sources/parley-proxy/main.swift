print("parley-proxy: not built yet")

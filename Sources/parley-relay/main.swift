print("parley-relay: the relay is not built yet")

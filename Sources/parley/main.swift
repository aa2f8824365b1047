print("parley: the client is not built yet")

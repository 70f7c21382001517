print("aitc")

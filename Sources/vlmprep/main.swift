print("vlmprep")

print("adminsh")

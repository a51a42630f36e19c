import ArgumentParser

AdminshCommand.main()

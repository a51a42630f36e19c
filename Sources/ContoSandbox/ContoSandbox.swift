// The ContoSandbox module.

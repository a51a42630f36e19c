// The ContioSandbox module.

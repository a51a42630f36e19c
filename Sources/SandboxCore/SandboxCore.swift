// The SandboxCore module.

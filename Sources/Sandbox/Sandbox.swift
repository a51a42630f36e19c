// The Sandbox module.

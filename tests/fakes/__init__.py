"""Local fakes of outside services, shared by the tests and the benches (no dev extras here)."""

"""Use cases. Each function takes a `Session` from its caller and never keeps one."""

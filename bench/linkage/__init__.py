"""Linkage benchmark: seeded synthetic registries, Polon against two baselines."""

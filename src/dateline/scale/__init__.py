"""Parallel runners: a process pool on one machine, Ray Data on a cluster (DESIGN.md, scale/).

Nothing here imports Ray at package import time: `dateline.scale.ray_engine` does, and only
the `ray` extra installs it.
"""

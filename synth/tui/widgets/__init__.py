"""Reusable widgets of the synth app."""

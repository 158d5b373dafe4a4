"""Textual-free helpers of the TUI: storage loaders for workers and text formatting."""

"""Turns sources (feeds, Telegram previews, article pages) into stored, tagged items."""

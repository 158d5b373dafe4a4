"""The Textual monitor: watchlist, live stream and reader over the frontwatch database."""

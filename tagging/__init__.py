"""Pure text tagging: settlements and themes out of news text, no I/O but its data files."""

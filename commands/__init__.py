"""The command line, one module per subject; bot.py puts them together."""

"""Configuration: one typed Settings read from the environment, and the one clock."""
from config.settings import Settings, load_settings
from config.clock import Clock

__all__ = ["Settings", "load_settings", "Clock"]

"""The edge: the only place that speaks HTTP (Flask) and, from the next issue on, WeChat."""

"""A faithful local stand-in for WeChat's official-account API (see fake_wechat.app for the
behaviour and the /_fake/ test controls)."""
from fake_wechat.app import create_fake_wechat, make_fake_server, serve_fake_wechat

__all__ = ["create_fake_wechat", "make_fake_server", "serve_fake_wechat"]

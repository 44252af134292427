"""genvideo: product brief in, platform-ready ad videos out."""

__version__ = "0.1.0"

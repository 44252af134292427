"""genvideo studio: a local web app and HTTP API over the same pipeline (extra: genvideo[studio])."""

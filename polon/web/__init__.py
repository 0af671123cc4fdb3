"""The web app: ``polon serve`` (pages and the JSON API under ``/api/v1/``)."""

from polon.web.app import create_app

__all__ = ["create_app"]

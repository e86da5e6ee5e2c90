"""Dashboard pages, one module per page group; each exposes `register(site)` (see `zorgpad.app.web.site`).

Templates of page modules live in `pages/templates/` and extend `base.html`.
"""

"""The static files collected for production."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class StaticFiles(StaticFilesConfig):
    """collectstatic without viewflow's bundled front end (146 MB of fonts, icons and scripts).

    No page links it: the site's pages are our own templates, and viewflow's own CSS references a Roboto
    font file it does not ship, which made WhiteNoise's manifest storage refuse to build at all. Every
    other missing reference still fails collectstatic.
    """

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "viewflow"]

import os

# Tests run the settings' local mode unless the environment says otherwise.
os.environ.setdefault("DJANGO_DEBUG", "true")

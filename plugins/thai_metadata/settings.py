"""Settings of the thai_metadata plugin and their defaults (override in pelicanconf.py)."""

DEFAULTS = {
    # the agency registry, relative to the content folder (PATH)
    "AGENCY_REGISTRY": "agencies.toml",
    # Thai category/tag name -> ASCII URL slug; names not listed are romanised (royin)
    "THAI_SLUGS": {},
    # folders (under content/) whose Markdown files are stories and get the full checks
    "THAI_STORY_PATHS": ["news"],
    # extra ASCII metadata keys passed through unchecked (other plugins' keys); unknown keys are errors
    "THAI_EXTRA_KEYS": [],
    # the lead photo (ภาพ) must exist under content/
    "THAI_CHECK_IMAGE_FILES": True,
    # Thai digits (๑๐ พ.ค. ๖๑) in the display filters
    "THAI_DIGITS": False,
}


def get(settings, key):
    return settings.get(key, DEFAULTS[key])
